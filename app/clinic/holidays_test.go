package clinic

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestEasterKnown(t *testing.T) {
	known := []string{
		"1818-03-22", "1943-04-25", "2000-04-23", "2008-03-23",
		"2011-04-24", "2019-04-21", "2024-03-31", "2025-04-20",
		"2026-04-05", "2027-03-28", "2038-04-25", "2285-03-22",
	}
	for _, s := range known {
		want := MustDate(s)
		if got := Easter(want.Year); got != want {
			t.Errorf("Easter(%d) = %v, want %v", want.Year, got, want)
		}
	}
}

// gaussEaster is Gauss's Easter rule with its two exceptions, a different
// derivation used only to cross-check Easter.
func gaussEaster(year int) Date {
	a, b, c := year%19, year%4, year%7
	k := year / 100
	p := (13 + 8*k) / 25
	q := k / 4
	m := (15 - p + k - q) % 30
	n := (4 + k - q) % 7
	d := (19*a + m) % 30
	e := (2*b + 4*c + 6*d + n) % 7
	switch {
	case d == 29 && e == 6:
		return Date{year, time.April, 19}
	case d == 28 && e == 6 && (11*m+11)%30 < 19:
		return Date{year, time.April, 18}
	}
	return Date{year, time.March, 22}.AddDays(d + e)
}

func TestEasterRules(t *testing.T) {
	earliest, latest := 0, 0
	for year := 1583; year <= 4099; year++ {
		e := Easter(year)
		if !e.Valid() || e.Weekday() != time.Sunday {
			t.Fatalf("Easter(%d) = %v, not a valid Sunday", year, e)
		}
		first := Date{year, time.March, 22}
		last := Date{year, time.April, 25}
		if e.Before(first) || e.After(last) {
			t.Fatalf("Easter(%d) = %v, outside 22/03-25/04", year, e)
		}
		if e == first {
			earliest++
		}
		if e == last {
			latest++
		}
		if g := gaussEaster(year); g != e {
			t.Fatalf("Easter(%d) = %v, Gauss gives %v", year, e, g)
		}
	}
	if earliest == 0 || latest == 0 {
		t.Errorf("extreme dates never reached: 22/03 %d times, 25/04 %d", earliest, latest)
	}
}

func holidayLines(list []Holiday) string {
	var b strings.Builder
	for _, h := range list {
		fmt.Fprintf(&b, "%s %s", h.Date, h.Name)
		if h.Optional {
			b.WriteString(" (facultativo)")
		}
		if h.Local {
			b.WriteString(" (local)")
		}
		b.WriteString("\n")
	}
	return b.String()
}

func TestNationalHolidays(t *testing.T) {
	tests := []struct {
		year int
		want string
	}{
		{2026, `2026-01-01 Confraternização Universal
2026-02-16 Carnaval (facultativo)
2026-02-17 Carnaval (facultativo)
2026-04-03 Sexta-feira Santa
2026-04-21 Tiradentes
2026-05-01 Dia do Trabalho
2026-06-04 Corpus Christi (facultativo)
2026-09-07 Independência do Brasil
2026-10-12 Nossa Senhora Aparecida
2026-11-02 Finados
2026-11-15 Proclamação da República
2026-11-20 Dia Nacional de Zumbi e da Consciência Negra
2026-12-25 Natal
`},
		{2023, `2023-01-01 Confraternização Universal
2023-02-20 Carnaval (facultativo)
2023-02-21 Carnaval (facultativo)
2023-04-07 Sexta-feira Santa
2023-04-21 Tiradentes
2023-05-01 Dia do Trabalho
2023-06-08 Corpus Christi (facultativo)
2023-09-07 Independência do Brasil
2023-10-12 Nossa Senhora Aparecida
2023-11-02 Finados
2023-11-15 Proclamação da República
2023-12-25 Natal
`},
		{1979, `1979-01-01 Confraternização Universal
1979-02-26 Carnaval (facultativo)
1979-02-27 Carnaval (facultativo)
1979-04-13 Sexta-feira Santa
1979-04-21 Tiradentes
1979-05-01 Dia do Trabalho
1979-06-14 Corpus Christi (facultativo)
1979-09-07 Independência do Brasil
1979-11-02 Finados
1979-11-15 Proclamação da República
1979-12-25 Natal
`},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.year), func(t *testing.T) {
			if got := holidayLines(NationalHolidays(tt.year)); got != tt.want {
				t.Errorf("got\n%swant\n%s", got, tt.want)
			}
		})
	}
}

func TestHolidayWeekdays(t *testing.T) {
	for year := 1990; year <= 2100; year++ {
		for _, h := range NationalHolidays(year) {
			var want time.Weekday
			switch h.Name {
			case "Carnaval":
				if h.Date.Weekday() != time.Monday && h.Date.Weekday() != time.Tuesday {
					t.Fatalf("%v Carnaval on %v", h.Date, h.Date.Weekday())
				}
				continue
			case "Sexta-feira Santa":
				want = time.Friday
			case "Corpus Christi":
				want = time.Thursday
			default:
				continue
			}
			if h.Date.Weekday() != want {
				t.Fatalf("%v %s on %v, want %v", h.Date, h.Name, h.Date.Weekday(), want)
			}
		}
	}
}

func testCalendar() *HolidayCalendar {
	local := []LocalHoliday{
		{Name: "Aniversário de São Paulo", Date: MustDate("2000-01-25"), Yearly: true},
		{Name: "Corpus Christi", Date: MustDate("2000-06-04"), Yearly: false},
		{Name: "Recesso", Date: MustDate("2026-12-24")},
		{Name: "Dia bissexto", Date: MustDate("2024-02-29"), Yearly: true, Optional: true},
		{Name: "Natal local", Date: MustDate("2020-12-25"), Yearly: true},
	}
	return NewHolidayCalendar(local, 2020, 2030)
}

func TestCalendarLookup(t *testing.T) {
	tests := []struct {
		date     string
		name     string // empty: no holiday
		optional bool
		local    bool
	}{
		{"2026-01-25", "Aniversário de São Paulo", false, true},
		{"2040-01-25", "Aniversário de São Paulo", false, true},
		{"1999-01-25", "Aniversário de São Paulo", false, true},
		{"2026-12-24", "Recesso", false, true},
		{"2027-12-24", "", false, false},
		{"2026-12-25", "Natal", false, false},
		{"2045-12-25", "Natal", false, false},
		{"2026-02-17", "Carnaval", true, false},
		{"2026-02-18", "", false, false},
		{"2026-06-04", "Corpus Christi", true, false},
		{"2024-02-29", "Dia bissexto", true, true},
		{"2032-02-29", "Dia bissexto", true, true},
		// Carnaval Tuesday 2028 is 29/02: on a tie the national day wins.
		{"2028-02-29", "Carnaval", true, false},
		{"2026-03-01", "", false, false},
		{"2026-11-20", "Dia Nacional de Zumbi e da Consciência Negra", false, false},
		{"2023-11-20", "", false, false},
		{"2026-12-04", "", false, false},
	}
	cal := testCalendar()
	for _, tt := range tests {
		h, ok := cal.Lookup(MustDate(tt.date))
		if ok != (tt.name != "") {
			t.Errorf("Lookup(%s) ok = %v, holiday %+v", tt.date, ok, h)
			continue
		}
		if h.Name != tt.name || h.Optional != tt.optional || h.Local != tt.local {
			t.Errorf("Lookup(%s) = %+v, want %q optional %v local %v",
				tt.date, h, tt.name, tt.optional, tt.local)
		}
		if ok && h.Date.String() != tt.date {
			t.Errorf("Lookup(%s).Date = %v", tt.date, h.Date)
		}
	}
}

// TestCalendarLocalBeatsOptional checks that a municipal Corpus Christi
// makes the ponto facultativo a full holiday.
func TestCalendarLocalBeatsOptional(t *testing.T) {
	local := []LocalHoliday{{Name: "Corpus Christi", Date: MustDate("2026-06-04")}}
	h, ok := NewHolidayCalendar(local, 2026, 2026).Lookup(MustDate("2026-06-04"))
	if !ok || h.Optional || !h.Local {
		t.Errorf("Lookup = %+v, %v; want the local full holiday", h, ok)
	}
}

func TestCalendarRangeAgrees(t *testing.T) {
	pre := testCalendar()
	lazy := NewHolidayCalendar(pre.local, 1, 0)
	d := MustDate("2019-01-01")
	for ; d.Before(MustDate("2032-01-01")); d = d.AddDays(1) {
		h1, ok1 := pre.Lookup(d)
		h2, ok2 := lazy.Lookup(d)
		if h1 != h2 || ok1 != ok2 {
			t.Fatalf("Lookup(%v): precomputed %+v %v, computed %+v %v", d, h1, ok1, h2, ok2)
		}
	}
}

func TestCalendarBetween(t *testing.T) {
	got := holidayLines(testCalendar().Between(MustDate("2026-12-20"), MustDate("2027-01-25")))
	want := `2026-12-24 Recesso (local)
2026-12-25 Natal
2027-01-01 Confraternização Universal
2027-01-25 Aniversário de São Paulo (local)
`
	if got != want {
		t.Errorf("Between got\n%swant\n%s", got, want)
	}
}

func TestCalendarNil(t *testing.T) {
	var cal *HolidayCalendar
	if _, ok := cal.Lookup(MustDate("2026-12-25")); ok {
		t.Error("nil calendar found a holiday")
	}
	if got := cal.Between(MustDate("2026-01-01"), MustDate("2026-12-31")); got != nil {
		t.Errorf("nil calendar Between = %v", got)
	}
}

func BenchmarkCalendarLookup(b *testing.B) {
	cal := testCalendar()
	d := MustDate("2026-01-01")
	for i := 0; b.Loop(); i++ {
		cal.Lookup(d.AddDays(i % 365))
	}
}
