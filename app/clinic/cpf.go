package clinic

import (
	"fmt"
	"regexp"
	"strings"
)

// cpfShape is an 11-digit CPF with optional separators, and only at the
// standard places: "123.456.789-09", "12345678909", "123456789-09",
// "123 456 789 09". Separators elsewhere would mean a digit is missing or
// misplaced, so they are rejected rather than stripped.
var cpfShape = regexp.MustCompile(`^\d{3}[. ]?\d{3}[. ]?\d{3}[-. ]?\d{2}$`)

// ParseCPF returns the 11 digits of a CPF (leading zeros kept), or a
// ValueError with code CodeCPFCheckDigits or CodeInvalidCPF. It accepts the
// digits with or without the usual mask and surrounding spaces. It rejects
// anything else in the value, including letters and labels such as
// "CPF: 123.456.789-09", because a cell that holds more than a number may
// hold a different person's number or a note. Blank input returns
// ("", nil): the caller decides whether a CPF is required.
func ParseCPF(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	if strings.ContainsFunc(s, notCPFRune) {
		return "", newValueError(CodeInvalidCPF,
			"Tem letras ou símbolos. Digite só os 11 dígitos, com ou sem "+
				"pontos e traço, por exemplo 123.456.789-09.")
	}
	digits := asciiDigits(s)
	if len(digits) != 11 {
		return "", newValueError(CodeInvalidCPF, fmt.Sprintf(
			"Tem %d dígitos, mas precisa ter 11. Confira no documento e "+
				"digite, por exemplo, 123.456.789-09.", len(digits)))
	}
	if !cpfShape.MatchString(s) {
		return "", newValueError(CodeInvalidCPF,
			"Os pontos e o traço estão fora do lugar. Digite no formato "+
				"123.456.789-09 ou só os 11 dígitos.")
	}
	if strings.Count(digits, digits[:1]) == len(digits) {
		return "", newValueError(CodeInvalidCPF,
			"Um número com todos os dígitos iguais não é válido. "+
				"Confira no documento e digite os 11 dígitos.")
	}
	if cpfCheckDigit(digits[:9]) != digits[9] || cpfCheckDigit(digits[:10]) != digits[10] {
		return "", newValueError(CodeCPFCheckDigits,
			"Os dois últimos dígitos não conferem com os nove primeiros, "+
				"então algum dígito foi digitado errado. Confira no "+
				"documento e digite de novo.")
	}
	return digits, nil
}

func notCPFRune(r rune) bool {
	return !(r >= '0' && r <= '9' || r == '.' || r == '-' || r == ' ')
}

// cpfCheckDigit computes the modulo-11 check digit of the CPF prefix
// (9 digits for the first check digit, 10 for the second). The weights
// run from len(prefix)+1 down to 2, and a remainder of 10 becomes 0.
func cpfCheckDigit(prefix string) byte {
	sum := 0
	weight := len(prefix) + 1
	for i := 0; i < len(prefix); i++ {
		sum += int(prefix[i]-'0') * weight
		weight--
	}
	remainder := sum * 10 % 11
	if remainder == 10 {
		remainder = 0
	}
	return byte('0' + remainder)
}

// FormatCPF returns 11 digits as "123.456.789-09". Any other input is
// returned unchanged, so a bad stored value stays visible.
func FormatCPF(digits string) string {
	if len(digits) != 11 || asciiDigits(digits) != digits {
		return digits
	}
	return digits[:3] + "." + digits[3:6] + "." + digits[6:9] + "-" + digits[9:]
}
