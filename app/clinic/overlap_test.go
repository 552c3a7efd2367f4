package clinic

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

func iv(start, end string) Interval {
	return Interval{Start: MustClock(start), End: MustClock(end)}
}

func TestOverlaps(t *testing.T) {
	tests := []struct {
		a, b Interval
		want bool
	}{
		{iv("14:00", "14:50"), iv("14:50", "15:40"), false},
		{iv("14:00", "14:50"), iv("14:30", "15:20"), true},
		{iv("14:00", "14:50"), iv("13:10", "14:00"), false},
		{iv("14:00", "14:50"), iv("13:10", "14:01"), true},
		{iv("14:00", "14:50"), iv("14:10", "14:20"), true},
		{iv("14:10", "14:20"), iv("14:00", "14:50"), true},
		{iv("14:00", "14:50"), iv("14:00", "14:50"), true},
		{iv("14:00", "14:00"), iv("13:00", "15:00"), false},
		{iv("23:00", "24:00"), iv("23:59", "24:00"), true},
	}
	for _, tt := range tests {
		if got := Overlaps(tt.a, tt.b); got != tt.want {
			t.Errorf("Overlaps(%v, %v) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestIntervalMethods(t *testing.T) {
	i := iv("14:00", "14:50")
	if got := i.Minutes(); got != 50 {
		t.Errorf("Minutes() = %d", got)
	}
	if got := i.String(); got != "14:00-14:50" {
		t.Errorf("String() = %q", got)
	}
	if !i.Contains(iv("14:00", "14:50")) || !i.Contains(iv("14:10", "14:20")) {
		t.Error("Contains rejected an inner interval")
	}
	if i.Contains(iv("13:59", "14:20")) || i.Contains(iv("14:10", "14:51")) {
		t.Error("Contains accepted an interval sticking out")
	}
	valid := []struct {
		i    Interval
		want bool
	}{
		{iv("00:00", "24:00"), true},
		{iv("14:00", "14:00"), false},
		{iv("15:00", "14:00"), false},
		{Interval{-1, 10}, false},
		{Interval{10, EndOfDay + 1}, false},
	}
	for _, tt := range valid {
		if got := tt.i.Valid(); got != tt.want {
			t.Errorf("%v.Valid() = %v, want %v", tt.i, got, tt.want)
		}
	}
}

func joinIntervals(list []Interval) string {
	return fmt.Sprint(list)
}

func TestIntervalSets(t *testing.T) {
	a := []Interval{iv("12:00", "14:00"), iv("08:00", "12:00"), iv("16:00", "18:00"), iv("17:00", "17:30"), iv("19:00", "19:00")}
	b := []Interval{iv("09:00", "10:00"), iv("13:30", "16:30"), iv("17:50", "20:00")}
	if got, want := joinIntervals(MergeIntervals(a)), "[08:00-14:00 16:00-18:00]"; got != want {
		t.Errorf("Merge = %s, want %s", got, want)
	}
	want := "[09:00-10:00 13:30-14:00 16:00-16:30 17:50-18:00]"
	if got := joinIntervals(IntersectIntervals(a, b)); got != want {
		t.Errorf("Intersect = %s, want %s", got, want)
	}
	want = "[08:00-09:00 10:00-13:30 16:30-17:50]"
	if got := joinIntervals(SubtractIntervals(a, b)); got != want {
		t.Errorf("Subtract = %s, want %s", got, want)
	}
}

// minuteSet marks the minutes of a day that list covers.
func minuteSet(list []Interval) [1440]bool {
	var set [1440]bool
	for _, i := range list {
		for m := max(i.Start, 0); m < min(i.End, EndOfDay); m++ {
			set[m] = true
		}
	}
	return set
}

func randomIntervals(rng *rand.Rand) []Interval {
	list := make([]Interval, rng.IntN(5))
	for i := range list {
		start := Clock(rng.IntN(48) * 30)
		list[i] = Interval{Start: start, End: min(start+Clock(rng.IntN(8)*30), EndOfDay)}
	}
	return list
}

// TestIntervalSetsRandom checks the set operations minute by minute.
func TestIntervalSetsRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for n := 0; n < 3000; n++ {
		a, b := randomIntervals(rng), randomIntervals(rng)
		sa, sb := minuteSet(a), minuteSet(b)
		union := minuteSet(MergeIntervals(a))
		inter := minuteSet(IntersectIntervals(a, b))
		diff := minuteSet(SubtractIntervals(a, b))
		for m := range 1440 {
			if union[m] != sa[m] || inter[m] != (sa[m] && sb[m]) || diff[m] != (sa[m] && !sb[m]) {
				t.Fatalf("minute %d wrong for a=%v b=%v", m, a, b)
			}
		}
		checkDisjointSorted(t, MergeIntervals(a))
		checkDisjointSorted(t, SubtractIntervals(a, b))
	}
}

func checkDisjointSorted(t *testing.T, list []Interval) {
	t.Helper()
	for i, x := range list {
		if x.Start >= x.End || i > 0 && list[i-1].End >= x.Start {
			t.Fatalf("not sorted, disjoint and non-empty: %v", list)
		}
	}
}

func TestSeriesClash(t *testing.T) {
	at := func(anchor string, f Frequency, until, start string, minutes int) Recurrence {
		r := series(anchor, f, until)
		r.Start = MustClock(start)
		r.Minutes = minutes
		return r
	}
	tests := []struct {
		name string
		a, b Recurrence
		want string // empty: no clash
	}{
		{"weekly same slot", at("2026-01-05", Weekly, "", "14:00", 50), at("2026-02-02", Weekly, "", "14:30", 50), "2026-02-02"},
		{"back to back", at("2026-01-05", Weekly, "", "14:00", 50), at("2026-01-05", Weekly, "", "14:50", 50), ""},
		{"other weekday", at("2026-01-05", Weekly, "", "14:00", 50), at("2026-01-06", Weekly, "", "14:00", 50), ""},
		{"alternate weeks", at("2026-01-05", Biweekly, "", "14:00", 50), at("2026-01-12", Biweekly, "", "14:00", 50), ""},
		{"same parity", at("2026-01-05", Biweekly, "", "14:00", 50), at("2026-03-02", Biweekly, "", "14:00", 50), "2026-03-02"},
		{"weekly vs biweekly", at("2026-01-12", Biweekly, "", "14:00", 50), at("2026-01-05", Weekly, "", "14:00", 50), "2026-01-12"},
		{"ends before start", at("2026-01-05", Weekly, "2026-02-01", "14:00", 50), at("2026-02-02", Weekly, "", "14:00", 50), ""},
		{"ends on start", at("2026-01-05", Weekly, "2026-02-02", "14:00", 50), at("2026-02-02", Weekly, "", "14:00", 50), "2026-02-02"},
		{"biweekly until gap", at("2026-01-05", Biweekly, "2026-01-25", "14:00", 50), at("2026-01-12", Weekly, "", "14:00", 50), "2026-01-19"},
		{"until cuts parity", at("2026-01-05", Biweekly, "2026-01-18", "14:00", 50), at("2026-01-12", Weekly, "", "14:00", 50), ""},
		{"across year end", at("2025-12-24", Biweekly, "", "09:00", 60), at("2026-01-07", Weekly, "", "09:30", 50), "2026-01-07"},
		{"across 53 weeks", at("2020-12-21", Biweekly, "", "09:00", 60), at("2021-01-04", Biweekly, "", "09:30", 50), "2021-01-04"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, pair := range [][2]Recurrence{{tt.a, tt.b}, {tt.b, tt.a}} {
				got, ok := SeriesClash(pair[0], pair[1])
				if ok != (tt.want != "") || ok && got.String() != tt.want {
					t.Errorf("SeriesClash = %v, %v; want %q", got, ok, tt.want)
				}
			}
		})
	}
}

func TestClashOnOrAfter(t *testing.T) {
	a := series("2026-01-05", Biweekly, "2026-06-30")
	b := series("2025-06-02", Weekly, "")
	tests := []struct {
		from, want string
	}{
		{"2025-01-01", "2026-01-05"},
		{"2026-01-05", "2026-01-05"},
		{"2026-01-06", "2026-01-19"},
		{"2026-06-15", "2026-06-22"},
		{"2026-06-22", "2026-06-22"},
		{"2026-06-23", ""},
	}
	for _, tt := range tests {
		got, ok := ClashOnOrAfter(a, b, MustDate(tt.from))
		if ok != (tt.want != "") || ok && got.String() != tt.want {
			t.Errorf("ClashOnOrAfter(from %s) = %v, %v; want %q", tt.from, got, ok, tt.want)
		}
	}
}

// randomRecurrence puts most anchors on base's weekday, so that about
// half the random pairs clash.
func randomRecurrence(rng *rand.Rand, base Date) Recurrence {
	anchor := base.AddDays(7 * rng.IntN(10))
	if rng.IntN(4) == 0 {
		anchor = anchor.AddDays(rng.IntN(7))
	}
	r := Recurrence{
		Anchor:    anchor,
		Frequency: []Frequency{Weekly, Biweekly}[rng.IntN(2)],
		Start:     ClockOf(13, 0) + Clock(rng.IntN(18)*10),
		Minutes:   []int{30, 40, 50, 60}[rng.IntN(4)],
	}
	if rng.IntN(3) > 0 {
		r.Until = r.Anchor.AddDays(rng.IntN(120))
	}
	return r
}

// stepDates lists r's dates up to last by stepping from the anchor,
// independently of the arithmetic under test.
func stepDates(r Recurrence, last Date) map[Date]bool {
	set := make(map[Date]bool)
	for d := r.Anchor; !d.After(last); d = d.AddDays(r.Frequency.Days()) {
		if !r.Until.IsZero() && d.After(r.Until) {
			break
		}
		set[d] = true
	}
	return set
}

// bruteClash walks day by day from from to last and compares the two
// sessions minute by minute.
func bruteClash(a, b Recurrence, from, last Date) (Date, bool) {
	da, db := stepDates(a, last), stepDates(b, last)
	busyA := minuteSet([]Interval{a.Interval()})
	busyB := minuteSet([]Interval{b.Interval()})
	shared := false
	for m := range 1440 {
		shared = shared || busyA[m] && busyB[m]
	}
	for d := from; !d.After(last); d = d.AddDays(1) {
		if da[d] && db[d] && shared {
			return d, true
		}
	}
	return Date{}, false
}

// TestSeriesClashBruteForce compares SeriesClash and ClashOnOrAfter with a
// day-by-day search over random pairs. The window runs past every end
// date and past two 14-day periods after the last anchor, so any clash
// is inside it.
func TestSeriesClashBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(2026, 12))
	base := MustDate("2025-11-03")
	start, last := base.AddDays(-30), base.AddDays(300)
	clashes, clear := 0, 0
	for n := 0; n < 20000; n++ {
		a, b := randomRecurrence(rng, base), randomRecurrence(rng, base)
		from := start
		if n%2 == 1 {
			from = base.AddDays(rng.IntN(200))
		}
		want, wantOK := bruteClash(a, b, from, last)
		got, ok := ClashOnOrAfter(a, b, from)
		if n%2 == 0 {
			got, ok = SeriesClash(a, b)
		}
		if ok != wantOK || got != want {
			t.Fatalf("a=%+v\nb=%+v\nfrom %v: got %v %v, brute force %v %v", a, b, from, got, ok, want, wantOK)
		}
		if ok {
			clashes++
		} else {
			clear++
		}
	}
	t.Logf("%d clashes, %d clear", clashes, clear)
	if clashes < 1000 || clear < 1000 {
		t.Errorf("random pairs too one-sided: %d clashes, %d clear", clashes, clear)
	}
}
