package clinic

import (
	"strconv"
	"strings"
)

// ParseMoney converts an amount in Brazilian format to cents without
// floating point: "R$ 1.234,56" is 123456, "150" is 15000, "150,5" is
// 15050. The "R$" prefix, spaces and dots between groups of three digits
// are optional. A dot followed by exactly three digits is always a
// thousands separator, so "1.234" is R$ 1.234,00. Failures are ValueErrors
// with code CodePriceNotNumber, including blank input, negative amounts,
// more than two decimal places ("12,345") and any value whose meaning is
// ambiguous: "150.50" could be R$ 150,50 typed with a dot or R$ 15.050,
// and "1,234.56" is the US format, so both are rejected rather than
// guessed. Amounts above R$ 999.999.999,99 (more than nine digits of
// reais) are rejected as typos, which also keeps sums of millions of
// parsed values far from overflowing int64.
func ParseMoney(s string) (int64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, moneyError("Está em branco. Digite o valor em reais, por " +
			"exemplo 150,00 (use 0 para atendimento gratuito).")
	}
	if rest, ok := cutPrefixFold(s, "R$"); ok {
		s = strings.TrimSpace(rest)
	}
	if strings.HasPrefix(s, "-") || strings.HasSuffix(s, "-") {
		return 0, moneyError("Não pode ser negativo. Digite o valor sem o " +
			"sinal de menos, por exemplo 150,00.")
	}
	if s == "" || strings.ContainsFunc(s, notMoneyRune) {
		return 0, moneyError("Não é um número. Digite o valor em " +
			"algarismos, por exemplo 150,00 ou R$ 1.234,56.")
	}
	whole, fraction, hasComma := strings.Cut(s, ",")
	if hasComma {
		return parseMoneyDecimal(whole, fraction)
	}
	reais, ok := parseMoneyGroups(whole)
	if !ok {
		return 0, moneyError("Não dá para saber se o ponto separa os " +
			"milhares ou os centavos. Use vírgula para os centavos, por " +
			"exemplo 150,50, e ponto só para os milhares, por exemplo " +
			"1.200,00.")
	}
	return moneyFromParts(reais, "")
}

func moneyError(message string) *ValueError {
	return newValueError(CodePriceNotNumber, message)
}

func notMoneyRune(r rune) bool {
	return !(r >= '0' && r <= '9' || r == '.' || r == ',')
}

// cutPrefixFold is strings.CutPrefix with ASCII case folding, so "r$"
// counts as "R$".
func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
		return s[len(prefix):], true
	}
	return s, false
}

// parseMoneyDecimal handles a value with a decimal comma: the part before
// it must be digits, optionally grouped by dots, and the part after it one
// or two digits.
func parseMoneyDecimal(whole, fraction string) (int64, error) {
	if strings.Contains(fraction, ".") {
		return 0, moneyError("Parece o formato americano, com vírgula nos " +
			"milhares e ponto nos centavos. Use ponto nos milhares e " +
			"vírgula nos centavos, por exemplo 1.234,56.")
	}
	if strings.Contains(fraction, ",") {
		return 0, moneyError("Tem mais de uma vírgula. Use uma só, antes " +
			"dos centavos, por exemplo 1.234,56.")
	}
	if fraction == "" || len(fraction) > 2 {
		return 0, moneyError("Depois da vírgula vêm os centavos, com um " +
			"ou dois dígitos. Digite, por exemplo, 150,50 ou 150,5.")
	}
	reais, ok := parseMoneyGroups(whole)
	if !ok || reais == "" {
		return 0, moneyError("Antes da vírgula vêm os reais, com ponto só " +
			"entre grupos de três dígitos. Digite, por exemplo, 1.234,56 " +
			"ou 0,50.")
	}
	return moneyFromParts(reais, fraction)
}

// parseMoneyGroups returns the digits of "1234" or "1.234.567", or false
// when a dot is not followed by exactly three digits or the first group
// has more than three.
func parseMoneyGroups(whole string) (string, bool) {
	if !strings.Contains(whole, ".") {
		return whole, true
	}
	groups := strings.Split(whole, ".")
	if len(groups[0]) < 1 || len(groups[0]) > 3 {
		return "", false
	}
	for _, g := range groups[1:] {
		if len(g) != 3 {
			return "", false
		}
	}
	return strings.Join(groups, ""), true
}

// moneyFromParts converts digit strings for reais and for zero to two
// digits of centavos into cents. The callers pass digits only.
func moneyFromParts(reais, fraction string) (int64, error) {
	reais = strings.TrimLeft(reais, "0")
	if len(reais) > 9 {
		return 0, moneyError("É grande demais para um valor da clínica. " +
			"Confira os dígitos e digite, por exemplo, 1.234,56.")
	}
	var cents int64
	for i := 0; i < len(reais); i++ {
		cents = cents*10 + int64(reais[i]-'0')
	}
	cents *= 100
	switch len(fraction) {
	case 1:
		cents += int64(fraction[0]-'0') * 10
	case 2:
		cents += int64(fraction[0]-'0')*10 + int64(fraction[1]-'0')
	}
	return cents, nil
}

// FormatMoney returns cents in Brazilian format: 123456 is "R$ 1.234,56"
// and -1000 is "-R$ 10,00".
func FormatMoney(cents int64) string {
	sign := ""
	// A uint64 holds the magnitude of math.MinInt64, which int64 cannot.
	magnitude := uint64(cents)
	if cents < 0 {
		sign = "-"
		magnitude = -magnitude
	}
	reais := strconv.FormatUint(magnitude/100, 10)
	var b strings.Builder
	b.WriteString(sign)
	b.WriteString("R$ ")
	for i := 0; i < len(reais); i++ {
		if i > 0 && (len(reais)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteByte(reais[i])
	}
	b.WriteByte(',')
	centavos := magnitude % 100
	b.WriteByte(byte('0' + centavos/10))
	b.WriteByte(byte('0' + centavos%10))
	return b.String()
}
