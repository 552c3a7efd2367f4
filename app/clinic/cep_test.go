package clinic_test

import (
	"testing"

	"kpsicologia/app/clinic"
)

func TestParseCEP(t *testing.T) {
	tests := []struct {
		name, in, want, code string
	}{
		{"dash", "01310-100", "01310100", ""},
		{"digits", "01310100", "01310100", ""},
		{"old dot", "01.310-100", "01310100", ""},
		{"spaces", " 20040-002 ", "20040002", ""},
		{"blank", "", "", ""},
		{"seven digits", "0131-100", "", clinic.CodeInvalidCEP},
		{"nine digits", "013101000", "", clinic.CodeInvalidCEP},
		{"zeros", "00000-000", "", clinic.CodeInvalidCEP},
		{"letters", "CEP 01310-100", "", clinic.CodeInvalidCEP},
		{"misplaced dash", "013-10100", "", clinic.CodeInvalidCEP},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := clinic.ParseCEP(tt.in)
			if code := valueErrorCode(err); code != tt.code {
				t.Fatalf("ParseCEP(%q) error code = %q (%v), want %q", tt.in, code, err, tt.code)
			}
			if got != tt.want {
				t.Errorf("ParseCEP(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if err != nil {
				assertPortugueseSentence(t, err.Error())
			}
		})
	}
}

func TestFormatCEP(t *testing.T) {
	tests := []struct{ in, want string }{
		{"01310100", "01310-100"},
		{"0131010", "0131010"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := clinic.FormatCEP(tt.in); got != tt.want {
			t.Errorf("FormatCEP(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
