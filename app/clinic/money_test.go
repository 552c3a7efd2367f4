package clinic_test

import (
	"math"
	"testing"

	"kpsicologia/app/clinic"
)

func TestParseMoney(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want int64
		code string
	}{
		{"full format", "R$ 1.234,56", 123456, ""},
		{"no space", "R$1.200,00", 120000, ""},
		{"integer", "150", 15000, ""},
		{"one decimal", "150,5", 15050, ""},
		{"cents", "9,99", 999, ""},
		{"under one real", "0,99", 99, ""},
		{"spaces", " 80,00 ", 8000, ""},
		{"nbsp after symbol", "R$\u00a01.234,56", 123456, ""},
		{"lower case symbol", "r$ 50", 5000, ""},
		{"no thousands dot", "1200,5", 120050, ""},
		{"thousands no decimals", "1.234", 123400, ""},
		{"millions", "1.234.567,89", 123456789, ""},
		{"zero", "0", 0, ""},
		{"leading zeros", "0150,00", 15000, ""},
		{"max", "999.999.999,99", 99999999999, ""},
		{"blank", "", 0, clinic.CodePriceNotNumber},
		{"symbol only", "R$", 0, clinic.CodePriceNotNumber},
		{"words", "cento e cinquenta", 0, clinic.CodePriceNotNumber},
		{"letters", "abc", 0, clinic.CodePriceNotNumber},
		{"us format", "1,234.56", 0, clinic.CodePriceNotNumber},
		{"three decimals", "12,345", 0, clinic.CodePriceNotNumber},
		{"dot decimals", "150.50", 0, clinic.CodePriceNotNumber},
		{"dot one decimal", "150.5", 0, clinic.CodePriceNotNumber},
		{"negative", "-10,00", 0, clinic.CodePriceNotNumber},
		{"negative after symbol", "R$ -10,00", 0, clinic.CodePriceNotNumber},
		{"trailing minus", "10,00-", 0, clinic.CodePriceNotNumber},
		{"two commas", "1,234,56", 0, clinic.CodePriceNotNumber},
		{"comma no cents", "150,", 0, clinic.CodePriceNotNumber},
		{"cents only", ",50", 0, clinic.CodePriceNotNumber},
		{"bad grouping", "12.34,00", 0, clinic.CodePriceNotNumber},
		{"long first group", "1234.567,00", 0, clinic.CodePriceNotNumber},
		{"too large", "1.000.000.000,00", 0, clinic.CodePriceNotNumber},
		{"inner space", "1 234,56", 0, clinic.CodePriceNotNumber},
		{"dollar", "US$ 10", 0, clinic.CodePriceNotNumber},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := clinic.ParseMoney(tt.in)
			if code := valueErrorCode(err); code != tt.code {
				t.Fatalf("ParseMoney(%q) error code = %q (%v), want %q", tt.in, code, err, tt.code)
			}
			if got != tt.want {
				t.Errorf("ParseMoney(%q) = %d, want %d", tt.in, got, tt.want)
			}
			if err != nil {
				assertPortugueseSentence(t, err.Error())
			}
		})
	}
}

func TestParseMoneySumsExactly(t *testing.T) {
	var total int64
	for range 3 {
		cents, err := clinic.ParseMoney("R$ 116,90")
		if err != nil {
			t.Fatal(err)
		}
		total += cents
	}
	if total != 35070 {
		t.Errorf("3 × R$ 116,90 = %d cents, want 35070", total)
	}
	if got := clinic.FormatMoney(total); got != "R$ 350,70" {
		t.Errorf("FormatMoney(%d) = %q, want R$ 350,70", total, got)
	}
}

func TestFormatMoney(t *testing.T) {
	tests := []struct {
		in   int64
		want string
	}{
		{123456, "R$ 1.234,56"},
		{0, "R$ 0,00"},
		{5, "R$ 0,05"},
		{99, "R$ 0,99"},
		{100, "R$ 1,00"},
		{15050, "R$ 150,50"},
		{100000, "R$ 1.000,00"},
		{123456789, "R$ 1.234.567,89"},
		{-1000, "-R$ 10,00"},
		{-5, "-R$ 0,05"},
		{math.MaxInt64, "R$ 92.233.720.368.547.758,07"},
		{math.MinInt64, "-R$ 92.233.720.368.547.758,08"},
	}
	for _, tt := range tests {
		if got := clinic.FormatMoney(tt.in); got != tt.want {
			t.Errorf("FormatMoney(%d) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// FuzzParseMoney checks that every accepted amount is non-negative and
// survives a round trip through FormatMoney. Without -fuzz it runs the
// seed corpus as a normal test.
func FuzzParseMoney(f *testing.F) {
	for _, seed := range []string{
		"R$ 1.234,56", "R$1.200,00", "150", "150,5", "9,99", "0,99",
		" 80,00 ", "1,234.56", "abc", "12,345", "-10", "1.234", "150.50",
		"", "R$", ",", ".", "999.999.999,99", "9999999999", "00000000000,1",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, in string) {
		cents, err := clinic.ParseMoney(in)
		if err != nil {
			if valueErrorCode(err) != clinic.CodePriceNotNumber || err.Error() == "" {
				t.Fatalf("ParseMoney(%q) error %v has the wrong code or no message", in, err)
			}
			return
		}
		if cents < 0 || cents > 99999999999 {
			t.Fatalf("ParseMoney(%q) = %d, out of range", in, cents)
		}
		again, err := clinic.ParseMoney(clinic.FormatMoney(cents))
		if err != nil || again != cents {
			t.Fatalf("round trip of %d via %q gave %d, %v", cents, clinic.FormatMoney(cents), again, err)
		}
	})
}
