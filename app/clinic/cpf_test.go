package clinic_test

import (
	"errors"
	"testing"

	"kpsicologia/app/clinic"
)

// valueErrorCode returns the Code of a *clinic.ValueError, "" for nil and
// "not a ValueError" for any other error.
func valueErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var ve *clinic.ValueError
	if !errors.As(err, &ve) {
		return "not a ValueError"
	}
	return ve.Code
}

func TestParseCPF(t *testing.T) {
	tests := []struct {
		name, in, want, code string
	}{
		{"masked", "123.456.789-09", "12345678909", ""},
		{"digits", "12345678909", "12345678909", ""},
		{"spaces around", "  123.456.789-09\u00a0", "12345678909", ""},
		{"dash only", "123456789-09", "12345678909", ""},
		{"spaced groups", "123 456 789 09", "12345678909", ""},
		{"leading zero", "043.378.493-86", "04337849386", ""},
		{"two leading zeros", "00259321796", "00259321796", ""},
		{"blank", "   ", "", ""},
		{"wrong check digits", "123.456.789-00", "", clinic.CodeCPFCheckDigits},
		{"wrong second digit", "12345678908", "", clinic.CodeCPFCheckDigits},
		{"all zeros", "000.000.000-00", "", clinic.CodeInvalidCPF},
		{"all ones", "11111111111", "", clinic.CodeInvalidCPF},
		{"incomplete mask", "123.456.789-0", "", clinic.CodeInvalidCPF},
		{"ten digits", "4337849386", "", clinic.CodeInvalidCPF},
		{"twelve digits", "123456789090", "", clinic.CodeInvalidCPF},
		{"letters before", "abc12345678909", "", clinic.CodeInvalidCPF},
		{"label", "CPF: 123.456.789-09", "", clinic.CodeInvalidCPF},
		{"letter inside", "123.456.78X-09", "", clinic.CodeInvalidCPF},
		{"misplaced dash", "1234567890-9", "", clinic.CodeInvalidCPF},
		{"misplaced dot", "1234.567.89-09", "", clinic.CodeInvalidCPF},
		{"slash", "123/456/789-09", "", clinic.CodeInvalidCPF},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := clinic.ParseCPF(tt.in)
			if code := valueErrorCode(err); code != tt.code {
				t.Fatalf("ParseCPF(%q) error code = %q (%v), want %q", tt.in, code, err, tt.code)
			}
			if got != tt.want {
				t.Errorf("ParseCPF(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseCPFMessages(t *testing.T) {
	for _, in := range []string{"123.456.789-00", "000.000.000-00", "123.456.789-0", "abc12345678909"} {
		_, err := clinic.ParseCPF(in)
		if err == nil {
			t.Fatalf("ParseCPF(%q) accepted", in)
		}
		assertPortugueseSentence(t, err.Error())
	}
}

func TestFormatCPF(t *testing.T) {
	tests := []struct{ in, want string }{
		{"12345678909", "123.456.789-09"},
		{"04337849386", "043.378.493-86"},
		{"123", "123"},
		{"1234567890a", "1234567890a"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := clinic.FormatCPF(tt.in); got != tt.want {
			t.Errorf("FormatCPF(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// FuzzParseCPF checks that every accepted CPF is 11 digits that survive a
// round trip through FormatCPF. Without -fuzz it runs the seed corpus as a
// normal test.
func FuzzParseCPF(f *testing.F) {
	for _, seed := range []string{
		"123.456.789-09", "12345678909", "000.000.000-00", "123.456.789-0",
		"abc12345678909", " 043.378.493-86 ", "CPF: 123.456.789-09",
		"123 456 789 09", "1.2.3", "", "-", "..........-",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, in string) {
		got, err := clinic.ParseCPF(in)
		if err != nil {
			if valueErrorCode(err) == "not a ValueError" || err.Error() == "" {
				t.Fatalf("ParseCPF(%q) error %v has no code or message", in, err)
			}
			return
		}
		if got == "" {
			return
		}
		if len(got) != 11 || !allDigits(got) {
			t.Fatalf("ParseCPF(%q) = %q, want 11 digits", in, got)
		}
		again, err := clinic.ParseCPF(clinic.FormatCPF(got))
		if err != nil || again != got {
			t.Fatalf("round trip of %q gave %q, %v", got, again, err)
		}
	})
}
