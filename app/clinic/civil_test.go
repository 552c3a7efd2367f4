package clinic

import (
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want Date
		ok   bool
	}{
		{"2026-12-04", Date{2026, time.December, 4}, true},
		{"2024-02-29", Date{2024, time.February, 29}, true},
		{"2000-02-29", Date{2000, time.February, 29}, true},
		{"1900-02-29", Date{}, false},
		{"2026-02-29", Date{}, false},
		{"2026-04-31", Date{}, false},
		{"2026-13-01", Date{}, false},
		{"2026-00-10", Date{}, false},
		{"2026-01-00", Date{}, false},
		{"0000-01-01", Date{}, false},
		{"2026-1-04", Date{}, false},
		{"2026/12/04", Date{}, false},
		{"+026-12-04", Date{}, false},
		{"04/12/2026", Date{}, false},
		{"", Date{}, false},
	}
	for _, tt := range tests {
		got, err := ParseDate(tt.in)
		if (err == nil) != tt.ok {
			t.Errorf("ParseDate(%q) error = %v, want ok %v", tt.in, err, tt.ok)
			continue
		}
		if got != tt.want {
			t.Errorf("ParseDate(%q) = %v, want %v", tt.in, got, tt.want)
		}
		if tt.ok && got.String() != tt.in {
			t.Errorf("ParseDate(%q).String() = %q", tt.in, got.String())
		}
	}
}

func TestDateFormats(t *testing.T) {
	d := Date{2026, time.March, 7}
	if got := d.String(); got != "2026-03-07" {
		t.Errorf("String() = %q", got)
	}
	if got := d.Brazilian(); got != "07/03/2026" {
		t.Errorf("Brazilian() = %q", got)
	}
}

// TestDaysAgainstTime checks the integer day arithmetic against the
// standard library's UTC calendar, which has no DST, for every day over
// several centuries.
func TestDaysAgainstTime(t *testing.T) {
	start := time.Date(1600, time.January, 1, 12, 0, 0, 0, time.UTC)
	epoch := time.Date(1970, time.January, 1, 12, 0, 0, 0, time.UTC)
	for i := 0; i < 365*900; i++ {
		tm := start.AddDate(0, 0, i)
		d := DateOf(tm)
		wantDays := int((tm.Unix() - epoch.Unix()) / 86400)
		if got := d.days(); got != wantDays {
			t.Fatalf("%v.days() = %d, want %d", d, got, wantDays)
		}
		if got := dateFromDays(wantDays); got != d {
			t.Fatalf("dateFromDays(%d) = %v, want %v", wantDays, got, d)
		}
		if got := d.Weekday(); got != tm.Weekday() {
			t.Fatalf("%v.Weekday() = %v, want %v", d, got, tm.Weekday())
		}
	}
}

func TestAddDays(t *testing.T) {
	tests := []struct {
		from string
		n    int
		want string
	}{
		{"2025-12-31", 1, "2026-01-01"},
		{"2026-01-01", -1, "2025-12-31"},
		{"2024-02-28", 1, "2024-02-29"},
		{"2024-02-29", 1, "2024-03-01"},
		{"2023-02-28", 1, "2023-03-01"},
		{"2100-02-28", 1, "2100-03-01"},
		{"2000-02-28", 1, "2000-02-29"},
		{"2025-12-24", 14, "2026-01-07"},
		{"2018-11-03", 1, "2018-11-04"},
		{"2018-11-04", 1, "2018-11-05"},
		{"2019-02-16", 1, "2019-02-17"},
		{"2026-12-04", 0, "2026-12-04"},
		{"2026-12-04", -3650, "2016-12-06"},
	}
	for _, tt := range tests {
		got := MustDate(tt.from).AddDays(tt.n)
		if got.String() != tt.want {
			t.Errorf("%s.AddDays(%d) = %v, want %s", tt.from, tt.n, got, tt.want)
		}
		if back := MustDate(tt.from).DaysUntil(got); back != tt.n {
			t.Errorf("%s.DaysUntil(%v) = %d, want %d", tt.from, got, back, tt.n)
		}
	}
}

func TestDateCompare(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"2026-12-04", "2026-12-04", 0},
		{"2026-12-04", "2026-12-05", -1},
		{"2026-12-04", "2026-11-30", 1},
		{"2025-12-31", "2026-01-01", -1},
		{"2026-02-01", "2026-01-31", 1},
	}
	for _, tt := range tests {
		a, b := MustDate(tt.a), MustDate(tt.b)
		if got := a.Compare(b); got != tt.want {
			t.Errorf("Compare(%s, %s) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
		if got := a.Before(b); got != (tt.want < 0) {
			t.Errorf("%s.Before(%s) = %v", tt.a, tt.b, got)
		}
		if got := a.After(b); got != (tt.want > 0) {
			t.Errorf("%s.After(%s) = %v", tt.a, tt.b, got)
		}
	}
}

func TestDateZero(t *testing.T) {
	if !(Date{}).IsZero() {
		t.Error("Date{}.IsZero() = false")
	}
	if MustDate("2026-01-01").IsZero() {
		t.Error("2026-01-01 IsZero() = true")
	}
	if (Date{}).Valid() {
		t.Error("Date{}.Valid() = true")
	}
}

func saoPaulo(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("America/Sao_Paulo")
	if err != nil {
		t.Skipf("no America/Sao_Paulo zone data: %v", err)
	}
	return loc
}

func TestToday(t *testing.T) {
	loc := saoPaulo(t)
	tests := []struct {
		now  time.Time
		want string
	}{
		// 02:30 UTC is still the previous evening in São Paulo (-03).
		{time.Date(2026, 12, 5, 2, 30, 0, 0, time.UTC), "2026-12-04"},
		{time.Date(2026, 12, 5, 3, 0, 0, 0, time.UTC), "2026-12-05"},
		// During DST (-02) the day changes at 02:00 UTC.
		{time.Date(2018, 11, 4, 2, 59, 0, 0, time.UTC), "2018-11-03"},
		{time.Date(2018, 11, 4, 3, 0, 0, 0, time.UTC), "2018-11-04"},
		{time.Date(2019, 1, 1, 1, 59, 0, 0, time.UTC), "2018-12-31"},
		{time.Date(2019, 1, 1, 2, 0, 0, 0, time.UTC), "2019-01-01"},
	}
	for _, tt := range tests {
		if got := Today(loc, tt.now); got.String() != tt.want {
			t.Errorf("Today(%v) = %v, want %s", tt.now, got, tt.want)
		}
	}
}

func TestDateAt(t *testing.T) {
	loc := saoPaulo(t)
	tests := []struct {
		name  string
		date  string
		clock string
		utc   string // expected instant in UTC, RFC 3339
	}{
		{"standard", "2026-12-04", "14:50", "2026-12-04T17:50:00Z"},
		{"dst", "2019-01-15", "14:50", "2019-01-15T16:50:00Z"},
		// 2018-11-04: clocks jumped from 00:00 -03 to 01:00 -02.
		{"gap midnight", "2018-11-04", "00:00", "2018-11-04T03:00:00Z"},
		{"gap half past", "2018-11-04", "00:30", "2018-11-04T03:30:00Z"},
		{"after gap", "2018-11-04", "01:00", "2018-11-04T03:00:00Z"},
		{"gap day session", "2018-11-04", "14:00", "2018-11-04T16:00:00Z"},
		{"day before gap", "2018-11-03", "23:30", "2018-11-04T02:30:00Z"},
		// 2019-02-17 00:00 -02 became 2019-02-16 23:00 -03, so 23:xx on
		// the 16th happened twice; At picks the first.
		{"repeated hour", "2019-02-16", "23:30", "2019-02-17T01:30:00Z"},
		{"before repeat", "2019-02-16", "22:59", "2019-02-17T00:59:00Z"},
		{"after repeat", "2019-02-17", "00:00", "2019-02-17T03:00:00Z"},
		{"fall back day", "2019-02-17", "14:00", "2019-02-17T17:00:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := MustDate(tt.date).At(MustClock(tt.clock), loc)
			want, err := time.Parse(time.RFC3339, tt.utc)
			if err != nil {
				t.Fatal(err)
			}
			if !got.Equal(want) {
				t.Errorf("At = %v (%v), want %v", got, got.UTC(), want)
			}
			if got.Location() != loc {
				t.Errorf("At location = %v, want %v", got.Location(), loc)
			}
		})
	}
}

// TestDateAtRoundTrip checks that At keeps the wall clock on every day
// of the DST years, except in the hour a forward jump skipped.
func TestDateAtRoundTrip(t *testing.T) {
	loc := saoPaulo(t)
	d := MustDate("2010-01-01")
	for ; d.Before(MustDate("2020-01-01")); d = d.AddDays(1) {
		for _, c := range []Clock{0, 30, 8 * 60, 14*60 + 50, 23*60 + 30} {
			got := d.At(c, loc)
			wall := ClockOf(got.Hour(), got.Minute())
			if DateOf(got) == d && wall == c {
				continue
			}
			// A skipped time moves forward by the one-hour jump.
			if DateOf(got) != d || c >= 60 || wall != c+60 {
				t.Fatalf("%v.At(%v) = %v", d, c, got)
			}
		}
	}
}

func TestParseClock(t *testing.T) {
	tests := []struct {
		in   string
		want Clock
		ok   bool
	}{
		{"14:50", 14*60 + 50, true},
		{"00:00", 0, true},
		{"9:05", 9*60 + 5, true},
		{"09:05", 9*60 + 5, true},
		{"23:59", 23*60 + 59, true},
		{"24:00", EndOfDay, true},
		{"14:50:00", 14*60 + 50, true},
		{"14h", 14 * 60, true},
		{"14h30", 14*60 + 30, true},
		{"14H30", 14*60 + 30, true},
		{"24:01", 0, false},
		{"25:00", 0, false},
		{"14:60", 0, false},
		{"14:5", 0, false},
		{"14:", 0, false},
		{"1450", 0, false},
		{"-1:00", 0, false},
		{"14:50:30", 0, false},
		{"", 0, false},
	}
	for _, tt := range tests {
		got, err := ParseClock(tt.in)
		if (err == nil) != tt.ok {
			t.Errorf("ParseClock(%q) error = %v, want ok %v", tt.in, err, tt.ok)
			continue
		}
		if got != tt.want {
			t.Errorf("ParseClock(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestClockValid(t *testing.T) {
	tests := []struct {
		c    Clock
		want bool
	}{
		{0, true},
		{EndOfDay, true},
		{-1, false},
		{EndOfDay + 1, false},
	}
	for _, tt := range tests {
		if got := tt.c.Valid(); got != tt.want {
			t.Errorf("Clock(%d).Valid() = %v, want %v", int(tt.c), got, tt.want)
		}
	}
}

func TestClockString(t *testing.T) {
	tests := []struct {
		c    Clock
		want string
	}{
		{0, "00:00"},
		{ClockOf(9, 5), "09:05"},
		{ClockOf(14, 50), "14:50"},
		{EndOfDay, "24:00"},
	}
	for _, tt := range tests {
		if got := tt.c.String(); got != tt.want {
			t.Errorf("Clock(%d).String() = %q, want %q", int(tt.c), got, tt.want)
		}
	}
}

func BenchmarkAddDays(b *testing.B) {
	d := MustDate("2026-12-04")
	for b.Loop() {
		d = d.AddDays(1)
	}
}
