package clinic

import (
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Machine codes of the validation failures in this package. They are
// stable English strings, so an import report or a log can group failures
// without parsing the Portuguese message.
const (
	CodeCPFCheckDigits = "invalid CPF check digits"
	CodeInvalidCPF     = "invalid CPF"
	CodePhoneTooShort  = "phone has too few digits"
	CodeInvalidPhone   = "invalid phone"
	CodePriceNotNumber = "price is not a number"
	CodeInvalidDate    = "invalid date"
	CodeInvalidCEP     = "invalid CEP"
	CodeMissingName    = "missing name"
	CodeInvalidEmail   = "invalid email"
	CodeInvalidTime    = "invalid time"
)

// ValueError is a value that a person typed and that failed validation.
// Code is one of the Code constants. Message is a complete Brazilian
// Portuguese sentence for a receptionist that states what is wrong and
// what to type. It never names the field, because the caller puts the form
// label or the spreadsheet column in front of it.
type ValueError struct {
	Code    string
	Message string
}

// Error returns the Portuguese message.
func (e *ValueError) Error() string { return e.Message }

func newValueError(code, message string) *ValueError {
	return &ValueError{Code: code, Message: message}
}

// foldTransformer decomposes characters and drops the combining marks, so
// "ã" becomes "a" and "ç" becomes "c". A transformer keeps state, so each
// call of Fold builds its own chain.
func foldTransformer() transform.Transformer {
	return transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
}

// Fold returns s lower-cased, without accents, with typographic
// apostrophes replaced by "'" and with runs of white space collapsed to
// one space and trimmed: "  JOÃO  da Conceição " becomes
// "joao da conceicao". Search columns store folded text so that a search
// for "joao" finds "João".
func Fold(s string) string {
	folded, _, err := transform.String(foldTransformer(), strings.ToLower(s))
	if err != nil {
		// These transformers report no error even on invalid UTF-8, which
		// becomes U+FFFD. Should that change, lower-casing alone still
		// keeps the text searchable.
		folded = strings.ToLower(s)
	}
	folded = strings.Map(foldApostrophe, folded)
	return strings.Join(strings.Fields(folded), " ")
}

func foldApostrophe(r rune) rune {
	switch r {
	case '\u2018', '\u2019', '\u00b4', '`':
		return '\''
	}
	return r
}

// NormalizeName returns s in Unicode NFC with white space (including
// non-breaking spaces and tabs) collapsed to single spaces and trimmed,
// and other control characters, such as NUL or ESC from a spreadsheet
// cell, removed. It keeps case and accents, because this is the form that
// gets stored and printed on receipts.
func NormalizeName(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) && !unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
	return strings.Join(strings.Fields(norm.NFC.String(s)), " ")
}

// ParseName returns NormalizeName(s), or a ValueError with code
// CodeMissingName when s is blank or has no letter at all (a "-" or "?"
// typed into a name cell).
func ParseName(s string) (string, error) {
	name := NormalizeName(s)
	if !strings.ContainsFunc(name, unicode.IsLetter) {
		return "", newValueError(CodeMissingName,
			"Está vazio ou sem letras. Digite o nome completo, por exemplo Maria da Silva.")
	}
	return name, nil
}

// SearchKey joins the folded form of each non-blank part with spaces, for
// an accent-insensitive search column. When a part contains digits and
// punctuation, its digits-only form is appended too, so "11987" finds
// "(11) 98765-4321" and "12345678909" finds "123.456.789-09". Pass phones
// and CPFs formatted (FormatPhone, FormatCPF) to make both forms findable.
func SearchKey(parts ...string) string {
	keys := make([]string, 0, 2*len(parts))
	for _, part := range parts {
		folded := Fold(part)
		if folded == "" {
			continue
		}
		keys = append(keys, folded)
		if digits := asciiDigits(part); digits != "" && digits != folded {
			keys = append(keys, digits)
		}
	}
	return strings.Join(keys, " ")
}

// asciiDigits returns the ASCII digits of s in order.
func asciiDigits(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

// ParseEmail returns s trimmed with its domain lower-cased, or a
// ValueError with code CodeInvalidEmail. Blank input returns ("", nil):
// the caller decides whether an email is required. The check is
// deliberately simple (one "@", a dotted domain of letters, digits and
// hyphens, no spaces) because only sending a message proves an address.
func ParseEmail(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	bad := newValueError(CodeInvalidEmail,
		"Não é um e-mail válido. Digite no formato nome@exemplo.com.br.")
	local, domain, ok := strings.Cut(s, "@")
	if !ok || local == "" || strings.ContainsAny(local, " \t\"(),:;<>[\\]@") {
		return "", bad
	}
	domain = strings.ToLower(domain)
	labels := strings.Split(domain, ".")
	if len(labels) < 2 {
		return "", bad
	}
	for _, label := range labels {
		if !validDomainLabel(label) {
			return "", bad
		}
	}
	return local + "@" + domain, nil
}

func validDomainLabel(label string) bool {
	if label == "" || label[0] == '-' || label[len(label)-1] == '-' {
		return false
	}
	for _, r := range label {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}
