package clinic_test

import (
	"testing"

	"kpsicologia/app/clinic"
)

func TestParseDateBR(t *testing.T) {
	tests := []struct {
		name, in, want, code string
	}{
		{"slashes", "04/12/2026", "2026-12-04", ""},
		{"short day month", "4/9/1981", "1981-09-04", ""},
		{"hyphens", "15-05-1981", "1981-05-15", ""},
		{"dots", "15.05.1981", "1981-05-15", ""},
		{"spaces", " 01/01/2000\u00a0", "2000-01-01", ""},
		{"leap day", "29/02/2024", "2024-02-29", ""},
		{"leap century", "29/02/2000", "2000-02-29", ""},
		{"iso", "2026-12-04", "2026-12-04", ""},
		{"day first", "03/11/1963", "1963-11-03", ""},
		{"blank", "", "", ""},
		{"not leap", "29/02/2023", "", clinic.CodeInvalidDate},
		{"not leap century", "29/02/1900", "", clinic.CodeInvalidDate},
		{"day 31", "31/04/2026", "", clinic.CodeInvalidDate},
		{"day zero", "00/01/2026", "", clinic.CodeInvalidDate},
		{"month first", "12/25/2020", "", clinic.CodeInvalidDate},
		{"month 13", "01/13/2020", "", clinic.CodeInvalidDate},
		{"two digit year", "15/05/81", "", clinic.CodeInvalidDate},
		{"three digit year", "15/05/981", "", clinic.CodeInvalidDate},
		{"mixed separators", "15/05-1981", "", clinic.CodeInvalidDate},
		{"year too old", "01/01/1899", "", clinic.CodeInvalidDate},
		{"year too far", "01/01/2101", "", clinic.CodeInvalidDate},
		{"words", "ontem", "", clinic.CodeInvalidDate},
		{"time attached", "04/12/2026 10:00", "", clinic.CodeInvalidDate},
		{"iso bad day", "2023-02-29", "", clinic.CodeInvalidDate},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := clinic.ParseDateBR(tt.in)
			if code := valueErrorCode(err); code != tt.code {
				t.Fatalf("ParseDateBR(%q) error code = %q (%v), want %q", tt.in, code, err, tt.code)
			}
			if got != tt.want {
				t.Errorf("ParseDateBR(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if err != nil {
				assertPortugueseSentence(t, err.Error())
			}
		})
	}
}

func TestParseISODate(t *testing.T) {
	tests := []struct {
		name, in, want, code string
	}{
		{"valid", "2026-12-04", "2026-12-04", ""},
		{"blank", "", "", ""},
		{"br format", "04/12/2026", "", clinic.CodeInvalidDate},
		{"no padding", "2026-1-4", "", clinic.CodeInvalidDate},
		{"bad month", "2026-13-01", "", clinic.CodeInvalidDate},
		{"not leap", "2023-02-29", "", clinic.CodeInvalidDate},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := clinic.ParseISODate(tt.in)
			if code := valueErrorCode(err); code != tt.code {
				t.Fatalf("ParseISODate(%q) error code = %q (%v), want %q", tt.in, code, err, tt.code)
			}
			if got != tt.want {
				t.Errorf("ParseISODate(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestFormatDateBR(t *testing.T) {
	tests := []struct{ in, want string }{
		{"2026-12-04", "04/12/2026"},
		{"1981-05-15", "15/05/1981"},
		{"", ""},
		{"04/12/2026", "04/12/2026"},
	}
	for _, tt := range tests {
		if got := clinic.FormatDateBR(tt.in); got != tt.want {
			t.Errorf("FormatDateBR(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestAgeOn(t *testing.T) {
	tests := []struct {
		name, birth, on string
		want            int
	}{
		{"before birthday", "2008-12-05", "2026-12-04", 17},
		{"on birthday", "2008-12-04", "2026-12-04", 18},
		{"after birthday", "2008-01-01", "2026-12-04", 18},
		{"newborn", "2026-12-04", "2026-12-04", 0},
		{"leap day before march", "2008-02-29", "2026-02-28", 17},
		{"leap day in march", "2008-02-29", "2026-03-01", 18},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := clinic.AgeOn(tt.birth, tt.on)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("AgeOn(%s, %s) = %d, want %d", tt.birth, tt.on, got, tt.want)
			}
		})
	}
	for _, bad := range [][2]string{{"2027-01-01", "2026-12-04"}, {"", "2026-12-04"}, {"2000-01-01", "04/12/2026"}} {
		if _, err := clinic.AgeOn(bad[0], bad[1]); err == nil {
			t.Errorf("AgeOn(%q, %q) accepted", bad[0], bad[1])
		}
	}
}

func TestParseTimeOfDay(t *testing.T) {
	tests := []struct {
		name, in, want, code string
	}{
		{"colon", "14:50", "14:50", ""},
		{"one digit hour", "8:00", "08:00", ""},
		{"seconds", "13:50:00", "13:50", ""},
		{"h separator", "14h50", "14:50", ""},
		{"hour only", "14h", "14:00", ""},
		{"upper h", "9H30", "09:30", ""},
		{"midnight", "00:00", "00:00", ""},
		{"spaces", " 07:00 ", "07:00", ""},
		{"blank", "", "", ""},
		{"hour 24", "24:00", "", clinic.CodeInvalidTime},
		{"minute 60", "10:60", "", clinic.CodeInvalidTime},
		{"one digit minute", "10:5", "", clinic.CodeInvalidTime},
		{"bare number", "14", "", clinic.CodeInvalidTime},
		{"dot", "14.50", "", clinic.CodeInvalidTime},
		{"am pm", "2:50 PM", "", clinic.CodeInvalidTime},
		{"words", "manhã", "", clinic.CodeInvalidTime},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := clinic.ParseTimeOfDay(tt.in)
			if code := valueErrorCode(err); code != tt.code {
				t.Fatalf("ParseTimeOfDay(%q) error code = %q (%v), want %q", tt.in, code, err, tt.code)
			}
			if got != tt.want {
				t.Errorf("ParseTimeOfDay(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if err != nil {
				assertPortugueseSentence(t, err.Error())
			}
		})
	}
}
