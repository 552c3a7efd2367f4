package clinic

import (
	"fmt"
	"strings"
)

// ParsePhone returns a Brazilian phone number as its 10 or 11 digits:
// a two-digit area code (DDD) and an 8-digit landline or a 9-digit mobile
// number starting with 9. It drops spaces, dots, hyphens, parentheses, the
// country code (+55, or 55 in front of 10 or 11 digits) and the trunk
// prefix 0 ("011 98765-4321"). Failures are ValueErrors with code
// CodePhoneTooShort (fewer than 10 digits, usually a number typed without
// its DDD) or CodeInvalidPhone. Blank input returns ("", nil).
//
// Ten digits whose number starts with 6 to 9 are mobile numbers from
// before the ninth digit was added. They are kept as typed, because old
// spreadsheets have many and a guessed new number could reach someone
// else.
func ParsePhone(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	international := strings.HasPrefix(s, "+")
	if strings.ContainsFunc(strings.TrimPrefix(s, "+"), notPhoneRune) {
		return "", newValueError(CodeInvalidPhone,
			"Tem letras ou símbolos. Digite o DDD e o número, por exemplo "+
				"(11) 98765-4321.")
	}
	digits := asciiDigits(s)
	switch {
	case international && !strings.HasPrefix(digits, "55"):
		return "", newValueError(CodeInvalidPhone,
			"Só números do Brasil são aceitos. Digite o DDD e o número, "+
				"por exemplo (11) 98765-4321.")
	case international:
		digits = digits[2:]
	case (len(digits) == 12 || len(digits) == 13) && strings.HasPrefix(digits, "55"):
		digits = digits[2:]
	case (len(digits) == 11 || len(digits) == 12) && digits[0] == '0':
		digits = digits[1:]
	}
	return checkPhoneDigits(digits)
}

func notPhoneRune(r rune) bool {
	return !(r >= '0' && r <= '9' || strings.ContainsRune(" \u00a0.-()/", r))
}

func checkPhoneDigits(digits string) (string, error) {
	if len(digits) < 10 {
		return "", newValueError(CodePhoneTooShort, fmt.Sprintf(
			"Tem só %d dígitos. Digite o DDD e o número completo, por "+
				"exemplo (11) 98765-4321.", len(digits)))
	}
	if len(digits) > 11 {
		return "", newValueError(CodeInvalidPhone, fmt.Sprintf(
			"Tem %d dígitos, mais do que um telefone do Brasil. Digite "+
				"só um número, com DDD, por exemplo (11) 98765-4321.",
			len(digits)))
	}
	// No DDD starts or ends with 0, and no phone number starts with 0 or 1.
	if digits[0] == '0' || digits[1] == '0' {
		return "", newValueError(CodeInvalidPhone,
			"O DDD não existe. Digite os dois dígitos do DDD e o número, "+
				"por exemplo (11) 98765-4321.")
	}
	if len(digits) == 11 && digits[2] != '9' {
		return "", newValueError(CodeInvalidPhone,
			"Com 11 dígitos, o número depois do DDD é de celular e começa "+
				"com 9. Confira e digite, por exemplo, (11) 98765-4321.")
	}
	if digits[2] == '0' || digits[2] == '1' {
		return "", newValueError(CodeInvalidPhone,
			"Nenhum telefone começa com 0 ou 1 depois do DDD. Confira e "+
				"digite, por exemplo, (11) 3456-7890.")
	}
	return digits, nil
}

// FormatPhone returns 11 digits as "(11) 98765-4321" and 10 digits as
// "(11) 3456-7890". Any other input is returned unchanged.
func FormatPhone(digits string) string {
	if asciiDigits(digits) != digits {
		return digits
	}
	switch len(digits) {
	case 11:
		return "(" + digits[:2] + ") " + digits[2:7] + "-" + digits[7:]
	case 10:
		return "(" + digits[:2] + ") " + digits[2:6] + "-" + digits[6:]
	}
	return digits
}
