package clinic_test

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"kpsicologia/app/clinic"
)

// assertPortugueseSentence checks that a message for people starts with a
// capital letter, ends with a period and contains no English code words.
func assertPortugueseSentence(t *testing.T, msg string) {
	t.Helper()
	first, _ := utf8.DecodeRuneInString(msg)
	if !unicode.IsUpper(first) {
		t.Errorf("message %q does not start with a capital letter", msg)
	}
	if !strings.HasSuffix(msg, ".") {
		t.Errorf("message %q does not end with a period", msg)
	}
	for _, english := range []string{"invalid", "missing", "digits", "number"} {
		if strings.Contains(msg, english) {
			t.Errorf("message %q contains the English word %q", msg, english)
		}
	}
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"  JOÃO  da Conceição ", "joao da conceicao"},
		{"Ícaro Érico Ângela Ñandú", "icaro erico angela nandu"},
		{"D’Ávila", "d'avila"},
		{"tab\tand\nnewline\u00a0nbsp", "tab and newline nbsp"},
		{"Sala 1", "sala 1"},
		{"Joa\u0303o", "joao"}, // decomposed ã
		{"", ""},
	}
	for _, tt := range tests {
		if got := clinic.Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNormalizeName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"  André  Nascimento  Melo ", "André Nascimento Melo"},
		{"FÁBIO PEREIRA", "FÁBIO PEREIRA"},
		{"Joa\u0303o\u00a0Silva", "João Silva"},
		{"Ana\x00Maria\tSouza\x1b\x7f\u0085", "AnaMaria Souza"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := clinic.NormalizeName(tt.in); got != tt.want {
			t.Errorf("NormalizeName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParseName(t *testing.T) {
	tests := []struct{ in, want, code string }{
		{" Júlia  Souza ", "Júlia Souza", ""},
		{"", "", clinic.CodeMissingName},
		{"   ", "", clinic.CodeMissingName},
		{"-", "", clinic.CodeMissingName},
		{"123", "", clinic.CodeMissingName},
	}
	for _, tt := range tests {
		got, err := clinic.ParseName(tt.in)
		if code := valueErrorCode(err); code != tt.code {
			t.Errorf("ParseName(%q) error code = %q, want %q", tt.in, code, tt.code)
		}
		if got != tt.want {
			t.Errorf("ParseName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSearchKey(t *testing.T) {
	key := clinic.SearchKey("João da Conceição", "", "(11) 98765-4321", "123.456.789-09")
	for _, query := range []string{"joao", "conceicao", "11987", "98765-4321", "12345678909", "123.456"} {
		if !strings.Contains(key, clinic.Fold(query)) {
			t.Errorf("SearchKey %q does not contain %q", key, query)
		}
	}
	if strings.Contains(key, "  ") {
		t.Errorf("SearchKey %q has a blank part", key)
	}
	if got := clinic.SearchKey("11987654321"); got != "11987654321" {
		t.Errorf("SearchKey of bare digits = %q, want them once", got)
	}
}

func TestParseEmail(t *testing.T) {
	tests := []struct{ in, want, code string }{
		{" Maria.Silva@Exemplo.COM.br ", "Maria.Silva@exemplo.com.br", ""},
		{"a+tag@x-y.org", "a+tag@x-y.org", ""},
		{"", "", ""},
		{"maria", "", clinic.CodeInvalidEmail},
		{"maria@", "", clinic.CodeInvalidEmail},
		{"@exemplo.com", "", clinic.CodeInvalidEmail},
		{"maria@exemplo", "", clinic.CodeInvalidEmail},
		{"maria silva@exemplo.com", "", clinic.CodeInvalidEmail},
		{"maria@@exemplo.com", "", clinic.CodeInvalidEmail},
		{"maria@exemplo..com", "", clinic.CodeInvalidEmail},
		{"maria@-exemplo.com", "", clinic.CodeInvalidEmail},
		{"Maria <maria@exemplo.com>", "", clinic.CodeInvalidEmail},
	}
	for _, tt := range tests {
		got, err := clinic.ParseEmail(tt.in)
		if code := valueErrorCode(err); code != tt.code {
			t.Errorf("ParseEmail(%q) error code = %q, want %q", tt.in, code, tt.code)
		}
		if got != tt.want {
			t.Errorf("ParseEmail(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestValueErrorMessage(t *testing.T) {
	err := error(&clinic.ValueError{Code: "x", Message: "Mensagem."})
	if err.Error() != "Mensagem." {
		t.Errorf("Error() = %q, want the message", err.Error())
	}
}
