package clinic_test

import (
	"testing"

	"kpsicologia/app/clinic"
)

func TestParsePhone(t *testing.T) {
	tests := []struct {
		name, in, want, code string
	}{
		{"country code", "+55 (11) 98765-4321", "11987654321", ""},
		{"country code no plus", "55 11 98765-4321", "11987654321", ""},
		{"country code landline", "+55 11 3456-7890", "1134567890", ""},
		{"parentheses no space", "(11)904563300", "11904563300", ""},
		{"spaces", "21 91485 5026", "21914855026", ""},
		{"digits", "41922051598", "41922051598", ""},
		{"landline", "(11) 3456-7890", "1134567890", ""},
		{"old mobile", "(11) 8765-4321", "1187654321", ""},
		{"trunk prefix", "011 98765-4321", "11987654321", ""},
		{"dots", "11.98765.4321", "11987654321", ""},
		{"nbsp", "\u00a0(11)\u00a098765-4321 ", "11987654321", ""},
		{"ddd 55", "(55) 99876-5432", "55998765432", ""},
		{"blank", " ", "", ""},
		{"five digits", "98765", "", clinic.CodePhoneTooShort},
		{"no ddd", "98765-4321", "", clinic.CodePhoneTooShort},
		{"country code only", "+55", "", clinic.CodePhoneTooShort},
		{"too many", "11 98765-43210", "", clinic.CodeInvalidPhone},
		{"foreign", "+1 415 555 0100", "", clinic.CodeInvalidPhone},
		{"letters", "11 9876-ABCD", "", clinic.CodeInvalidPhone},
		{"extension", "(11) 3456-7890 ramal 12", "", clinic.CodeInvalidPhone},
		{"two numbers", "11 98765-4321 / 11 3456-7890", "", clinic.CodeInvalidPhone},
		{"ddd zero", "(00) 98765-4321", "", clinic.CodeInvalidPhone},
		{"trunk prefix landline", "0 11 3456-7890", "1134567890", ""},
		{"ddd ends zero", "(10) 98765-4321", "", clinic.CodeInvalidPhone},
		{"eleven without nine", "(11) 88765-4321", "", clinic.CodeInvalidPhone},
		{"ten starting one", "(11) 1456-7890", "", clinic.CodeInvalidPhone},
		{"plus inside", "11+98765-4321", "", clinic.CodeInvalidPhone},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := clinic.ParsePhone(tt.in)
			if code := valueErrorCode(err); code != tt.code {
				t.Fatalf("ParsePhone(%q) error code = %q (%v), want %q", tt.in, code, err, tt.code)
			}
			if got != tt.want {
				t.Errorf("ParsePhone(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if err != nil {
				assertPortugueseSentence(t, err.Error())
			}
		})
	}
}

func TestFormatPhone(t *testing.T) {
	tests := []struct{ in, want string }{
		{"11987654321", "(11) 98765-4321"},
		{"1134567890", "(11) 3456-7890"},
		{"98765", "98765"},
		{"(11) 98765-4321", "(11) 98765-4321"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := clinic.FormatPhone(tt.in); got != tt.want {
			t.Errorf("FormatPhone(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestPhoneRoundTrip(t *testing.T) {
	for _, digits := range []string{"11987654321", "1134567890", "48930065966"} {
		got, err := clinic.ParsePhone(clinic.FormatPhone(digits))
		if err != nil || got != digits {
			t.Errorf("ParsePhone(FormatPhone(%q)) = %q, %v", digits, got, err)
		}
	}
}
