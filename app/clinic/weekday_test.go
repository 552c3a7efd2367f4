package clinic

import (
	"testing"
	"time"
)

func TestWeekdayNames(t *testing.T) {
	tests := []struct {
		w                   time.Weekday
		name, short, plural string
	}{
		{time.Sunday, "domingo", "dom", "domingos"},
		{time.Monday, "segunda-feira", "seg", "segundas-feiras"},
		{time.Tuesday, "terça-feira", "ter", "terças-feiras"},
		{time.Wednesday, "quarta-feira", "qua", "quartas-feiras"},
		{time.Thursday, "quinta-feira", "qui", "quintas-feiras"},
		{time.Friday, "sexta-feira", "sex", "sextas-feiras"},
		{time.Saturday, "sábado", "sáb", "sábados"},
	}
	for _, tt := range tests {
		if got := WeekdayName(tt.w); got != tt.name {
			t.Errorf("WeekdayName(%v) = %q, want %q", tt.w, got, tt.name)
		}
		if got := WeekdayShort(tt.w); got != tt.short {
			t.Errorf("WeekdayShort(%v) = %q, want %q", tt.w, got, tt.short)
		}
		if got := WeekdayPlural(tt.w); got != tt.plural {
			t.Errorf("WeekdayPlural(%v) = %q, want %q", tt.w, got, tt.plural)
		}
		for _, s := range []string{tt.name, tt.short} {
			if got, err := ParseWeekday(s); err != nil || got != tt.w {
				t.Errorf("ParseWeekday(%q) = %v, %v; want %v", s, got, err, tt.w)
			}
		}
	}
}

func TestOnWeekdays(t *testing.T) {
	if got := onWeekdays(time.Saturday); got != "aos sábados" {
		t.Errorf("onWeekdays(Saturday) = %q", got)
	}
	if got := onWeekdays(time.Monday); got != "às segundas-feiras" {
		t.Errorf("onWeekdays(Monday) = %q", got)
	}
}

func TestParseWeekday(t *testing.T) {
	tests := []struct {
		in   string
		want time.Weekday
		ok   bool
	}{
		{"segunda", time.Monday, true},
		{"Segunda-feira", time.Monday, true},
		{"SEGUNDA FEIRA", time.Monday, true},
		{" seg ", time.Monday, true},
		{"seg.", time.Monday, true},
		{"2ª", time.Monday, true},
		{"2ª-feira", time.Monday, true},
		{"2a feira", time.Monday, true},
		{"terca", time.Tuesday, true},
		{"Terça", time.Tuesday, true},
		{"6ª", time.Friday, true},
		{"sábado", time.Saturday, true},
		{"Sábado", time.Saturday, true},
		{"SÁBADO", time.Saturday, true},
		{"sabado", time.Saturday, true},
		{"sáb", time.Saturday, true},
		{"Domingo", time.Sunday, true},
		{"7ª", 0, false},
		{"1ª", 0, false},
		{"monday", 0, false},
		{"se", 0, false},
		{"feira", 0, false},
		{"", 0, false},
	}
	for _, tt := range tests {
		got, err := ParseWeekday(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseWeekday(%q) = %v, %v; want %v ok %v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

func TestMonthName(t *testing.T) {
	tests := []struct {
		m    time.Month
		want string
	}{
		{time.January, "janeiro"},
		{time.March, "março"},
		{time.December, "dezembro"},
		{13, "mês 13"},
	}
	for _, tt := range tests {
		if got := MonthName(tt.m); got != tt.want {
			t.Errorf("MonthName(%d) = %q, want %q", tt.m, got, tt.want)
		}
	}
}

func TestFrequencyLabels(t *testing.T) {
	tests := []struct {
		in    string
		want  Frequency
		label string
		ok    bool
	}{
		{"weekly", Weekly, "Semanal", true},
		{"Semanal", Weekly, "Semanal", true},
		{"biweekly", Biweekly, "Quinzenal", true},
		{" QUINZENAL ", Biweekly, "Quinzenal", true},
		{"mensal", "", "", false},
		{"", "", "", false},
	}
	for _, tt := range tests {
		got, err := ParseFrequency(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseFrequency(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
		if got.Label() != tt.label {
			t.Errorf("%q.Label() = %q, want %q", got, got.Label(), tt.label)
		}
	}
}
