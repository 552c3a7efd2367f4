package clinic

import (
	"regexp"
	"strings"
)

// cepShape accepts "01310-100", "01310100" and the older "01.310-100".
var cepShape = regexp.MustCompile(`^(\d{2}\.?\d{3})-?(\d{3})$`)

// ParseCEP returns the 8 digits of a postal code (CEP), or a ValueError
// with code CodeInvalidCEP. Blank input returns ("", nil).
func ParseCEP(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	if !cepShape.MatchString(s) {
		return "", newValueError(CodeInvalidCEP,
			"Precisa ter 8 dígitos, com ou sem traço. Digite, por "+
				"exemplo, 01310-100.")
	}
	digits := asciiDigits(s)
	if digits == "00000000" {
		return "", newValueError(CodeInvalidCEP,
			"Não pode ser só zeros. Confira o endereço e digite os 8 "+
				"dígitos, por exemplo 01310-100.")
	}
	return digits, nil
}

// FormatCEP returns 8 digits as "01310-100". Any other input is returned
// unchanged.
func FormatCEP(digits string) string {
	if len(digits) != 8 || asciiDigits(digits) != digits {
		return digits
	}
	return digits[:5] + "-" + digits[5:]
}
