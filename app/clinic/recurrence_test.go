package clinic

import (
	"strings"
	"testing"
	"time"
)

func dates(list ...string) []Date {
	out := make([]Date, 0, len(list))
	for _, s := range list {
		out = append(out, MustDate(s))
	}
	return out
}

func joinDates(list []Date) string {
	parts := make([]string, len(list))
	for i, d := range list {
		parts[i] = d.String()
	}
	return strings.Join(parts, " ")
}

func series(anchor string, f Frequency, until string) Recurrence {
	r := Recurrence{Anchor: MustDate(anchor), Frequency: f, Start: ClockOf(14, 0), Minutes: 50}
	if until != "" {
		r.Until = MustDate(until)
	}
	return r
}

func TestOccurrences(t *testing.T) {
	tests := []struct {
		name     string
		r        Recurrence
		from, to string
		want     []Date
	}{
		{"biweekly year end", series("2025-12-24", Biweekly, ""), "2025-12-20", "2026-01-31",
			dates("2025-12-24", "2026-01-07", "2026-01-21")},
		{"weekly leap day", series("2024-02-22", Weekly, ""), "2024-02-20", "2024-03-10",
			dates("2024-02-22", "2024-02-29", "2024-03-07")},
		{"biweekly feb 2028", series("2028-01-31", Biweekly, ""), "2028-02-01", "2028-03-31",
			dates("2028-02-14", "2028-02-28", "2028-03-13", "2028-03-27")},
		{"53 weeks 2020", series("2020-12-21", Biweekly, ""), "2020-12-01", "2021-01-31",
			dates("2020-12-21", "2021-01-04", "2021-01-18")},
		{"53 weeks 2026", series("2026-12-14", Biweekly, ""), "2026-12-20", "2027-01-31",
			dates("2026-12-28", "2027-01-11", "2027-01-25")},
		{"dst start 2018", series("2018-10-21", Weekly, ""), "2018-10-28", "2018-11-11",
			dates("2018-10-28", "2018-11-04", "2018-11-11")},
		{"dst end 2019", series("2019-02-02", Weekly, ""), "2019-02-10", "2019-02-28",
			dates("2019-02-16", "2019-02-23")},
		{"until on occurrence", series("2026-01-05", Weekly, "2026-01-26"), "2026-01-01", "2026-03-01",
			dates("2026-01-05", "2026-01-12", "2026-01-19", "2026-01-26")},
		{"until day before", series("2026-01-05", Weekly, "2026-01-25"), "2026-01-01", "2026-03-01",
			dates("2026-01-05", "2026-01-12", "2026-01-19")},
		{"until on anchor", series("2026-01-05", Biweekly, "2026-01-05"), "2026-01-01", "2026-03-01",
			dates("2026-01-05")},
		{"range before anchor", series("2026-01-05", Weekly, ""), "2025-01-01", "2026-01-04", nil},
		{"range after until", series("2026-01-05", Weekly, "2026-02-01"), "2026-02-02", "2026-03-01", nil},
		{"single day hit", series("2026-01-05", Biweekly, ""), "2026-02-02", "2026-02-02", dates("2026-02-02")},
		{"single day miss", series("2026-01-05", Biweekly, ""), "2026-01-26", "2026-01-26", nil},
		{"old series", series("2001-03-05", Biweekly, ""), "2026-11-30", "2026-12-31",
			dates("2026-12-07", "2026-12-21")},
		{"from after to", series("2026-01-05", Weekly, ""), "2026-03-01", "2026-02-01", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.r.Occurrences(MustDate(tt.from), MustDate(tt.to))
			if joinDates(got) != joinDates(tt.want) {
				t.Errorf("Occurrences = [%s], want [%s]", joinDates(got), joinDates(tt.want))
			}
			for _, d := range got {
				if !tt.r.OccursOn(d) {
					t.Errorf("OccursOn(%v) = false for a listed occurrence", d)
				}
				if d.Weekday() != tt.r.Weekday() {
					t.Errorf("%v is a %v, series is on %v", d, d.Weekday(), tt.r.Weekday())
				}
			}
		})
	}
}

// isoWeekParity is the rule the old system used for biweekly series.
func isoWeekParity(d Date) int {
	_, week := time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC).ISOWeek()
	return week % 2
}

// TestBiweeklyNotISOParity shows that ISO week parity would have skipped
// or doubled a session across the 53-week years 2020 and 2026.
func TestBiweeklyNotISOParity(t *testing.T) {
	for _, anchor := range []string{"2020-12-21", "2026-12-21"} {
		r := series(anchor, Biweekly, "")
		next := r.Anchor.AddDays(14)
		if !r.OccursOn(next) {
			t.Errorf("%s: OccursOn(%v) = false", anchor, next)
		}
		if isoWeekParity(next) == isoWeekParity(r.Anchor) {
			t.Errorf("%s: ISO parity agrees, so this case tests nothing", anchor)
		}
	}
}

// TestOccurrencesBruteForce compares Occurrences with stepping from the
// anchor one period at a time.
func TestOccurrencesBruteForce(t *testing.T) {
	from, to := MustDate("2019-06-01"), MustDate("2021-03-31")
	anchors := []string{"2018-12-31", "2019-06-01", "2020-02-29", "2020-12-28", "2021-04-01"}
	untils := []string{"", "2019-06-01", "2020-03-14", "2020-03-15", "2021-03-31"}
	for _, a := range anchors {
		for _, u := range untils {
			for _, f := range []Frequency{Weekly, Biweekly} {
				r := series(a, f, u)
				if r.Validate() != nil {
					continue
				}
				var want []Date
				for d := r.Anchor; !d.After(to) && !r.ended(d); d = d.AddDays(f.Days()) {
					if !d.Before(from) {
						want = append(want, d)
					}
				}
				got := r.Occurrences(from, to)
				if joinDates(got) != joinDates(want) {
					t.Errorf("%s %s until %q:\n got [%s]\nwant [%s]", a, f, u, joinDates(got), joinDates(want))
				}
			}
		}
	}
}

func TestNextOn(t *testing.T) {
	tests := []struct {
		r    Recurrence
		from string
		want string // empty: none
	}{
		{series("2026-01-05", Biweekly, ""), "2025-06-01", "2026-01-05"},
		{series("2026-01-05", Biweekly, ""), "2026-01-05", "2026-01-05"},
		{series("2026-01-05", Biweekly, ""), "2026-01-06", "2026-01-19"},
		{series("2026-01-05", Biweekly, ""), "2026-01-19", "2026-01-19"},
		{series("2026-01-05", Weekly, "2026-01-19"), "2026-01-13", "2026-01-19"},
		{series("2026-01-05", Weekly, "2026-01-18"), "2026-01-13", ""},
		{series("2025-12-24", Biweekly, ""), "2025-12-25", "2026-01-07"},
	}
	for _, tt := range tests {
		got, ok := tt.r.NextOn(MustDate(tt.from))
		if ok != (tt.want != "") || ok && got.String() != tt.want {
			t.Errorf("%v NextOn(%s) = %v, %v; want %q", tt.r.Anchor, tt.from, got, ok, tt.want)
		}
	}
}

func TestOccursOn(t *testing.T) {
	r := series("2026-01-05", Biweekly, "2026-03-02")
	tests := []struct {
		date string
		want bool
	}{
		{"2025-12-22", false},
		{"2026-01-05", true},
		{"2026-01-12", false},
		{"2026-01-19", true},
		{"2026-01-20", false},
		{"2026-03-02", true},
		{"2026-03-16", false},
	}
	for _, tt := range tests {
		if got := r.OccursOn(MustDate(tt.date)); got != tt.want {
			t.Errorf("OccursOn(%s) = %v, want %v", tt.date, got, tt.want)
		}
	}
}

func TestRecurrenceLast(t *testing.T) {
	tests := []struct {
		r    Recurrence
		want string
	}{
		{series("2026-01-05", Biweekly, "2026-03-02"), "2026-03-02"},
		{series("2026-01-05", Biweekly, "2026-03-01"), "2026-02-16"},
		{series("2026-01-05", Weekly, "2026-01-05"), "2026-01-05"},
		{series("2026-01-05", Weekly, ""), ""},
	}
	for _, tt := range tests {
		got, ok := tt.r.Last()
		if ok != (tt.want != "") || ok && got.String() != tt.want {
			t.Errorf("Last() of %v until %v = %v, %v; want %q", tt.r.Anchor, tt.r.Until, got, ok, tt.want)
		}
	}
}

// TestSeriesWallClockDST checks that occurrences on São Paulo DST change
// days keep their wall-clock start.
func TestSeriesWallClockDST(t *testing.T) {
	loc := saoPaulo(t)
	tests := []struct {
		r      Recurrence
		date   string
		offset int // expected UTC offset in hours
	}{
		{series("2018-10-21", Weekly, ""), "2018-10-28", -3},
		{series("2018-10-21", Weekly, ""), "2018-11-04", -2},
		{series("2019-02-02", Biweekly, ""), "2019-02-16", -2},
		{series("2019-02-03", Weekly, ""), "2019-02-17", -3},
	}
	for _, tt := range tests {
		d := MustDate(tt.date)
		if !tt.r.OccursOn(d) {
			t.Fatalf("%v does not occur on %v", tt.r.Anchor, d)
		}
		start := d.At(tt.r.Start, loc)
		end := d.At(tt.r.End(), loc)
		_, off := start.Zone()
		if DateOf(start) != d || start.Hour() != 14 || start.Minute() != 0 {
			t.Errorf("%v start = %v, want 14:00 that day", d, start)
		}
		if off != tt.offset*3600 {
			t.Errorf("%v offset = %d s, want %d h", d, off, tt.offset)
		}
		if got := end.Sub(start); got != 50*time.Minute {
			t.Errorf("%v length = %v, want 50m", d, got)
		}
	}
}

func TestRecurrenceValidate(t *testing.T) {
	ok := series("2026-01-05", Weekly, "")
	tests := []struct {
		name string
		edit func(*Recurrence)
		ok   bool
	}{
		{"valid", func(*Recurrence) {}, true},
		{"valid until", func(r *Recurrence) { r.Until = MustDate("2026-01-05") }, true},
		{"until before anchor", func(r *Recurrence) { r.Until = MustDate("2026-01-04") }, false},
		{"bad anchor", func(r *Recurrence) { r.Anchor = Date{2026, time.February, 30} }, false},
		{"bad until", func(r *Recurrence) { r.Until = Date{2026, time.February, 30} }, false},
		{"zero anchor", func(r *Recurrence) { r.Anchor = Date{} }, false},
		{"bad frequency", func(r *Recurrence) { r.Frequency = "monthly" }, false},
		{"zero minutes", func(r *Recurrence) { r.Minutes = 0 }, false},
		{"ends at midnight", func(r *Recurrence) { r.Start = ClockOf(23, 10) }, true},
		{"past midnight", func(r *Recurrence) { r.Start = ClockOf(23, 11) }, false},
		{"negative start", func(r *Recurrence) { r.Start = -10 }, false},
	}
	for _, tt := range tests {
		r := ok
		tt.edit(&r)
		if err := r.Validate(); (err == nil) != tt.ok {
			t.Errorf("%s: Validate() = %v, want ok %v", tt.name, err, tt.ok)
		}
	}
}

func TestUnknownFrequency(t *testing.T) {
	r := series("2026-01-05", "monthly", "")
	if _, ok := r.NextOn(r.Anchor); ok {
		t.Error("NextOn found an occurrence")
	}
	if r.OccursOn(r.Anchor) {
		t.Error("OccursOn(anchor) = true")
	}
	if got := r.Occurrences(r.Anchor, r.Anchor.AddDays(30)); got != nil {
		t.Errorf("Occurrences = %v", got)
	}
}

func TestFrequencyDays(t *testing.T) {
	tests := []struct {
		f    Frequency
		want int
	}{
		{Weekly, 7},
		{Biweekly, 14},
		{"monthly", 0},
		{"", 0},
	}
	for _, tt := range tests {
		if got := tt.f.Days(); got != tt.want {
			t.Errorf("%q.Days() = %d, want %d", tt.f, got, tt.want)
		}
	}
}

func BenchmarkOccurrencesYear(b *testing.B) {
	r := series("2001-03-05", Weekly, "")
	from, to := MustDate("2026-01-01"), MustDate("2026-12-31")
	for b.Loop() {
		r.Occurrences(from, to)
	}
}
