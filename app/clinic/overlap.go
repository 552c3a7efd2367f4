package clinic

import (
	"slices"
)

// Interval is a half-open time range [Start, End) within one day, so a
// session 14:00-14:50 and the next one 14:50-15:40 do not overlap.
type Interval struct {
	Start, End Clock
}

// Minutes returns the length of i in minutes.
func (i Interval) Minutes() int { return int(i.End - i.Start) }

// Valid reports whether i is a non-empty range within 00:00-24:00.
func (i Interval) Valid() bool {
	return i.Start >= 0 && i.Start < i.End && i.End <= EndOfDay
}

// Contains reports whether j lies entirely inside i.
func (i Interval) Contains(j Interval) bool {
	return i.Start <= j.Start && j.End <= i.End
}

// String formats i as "14:00-14:50".
func (i Interval) String() string { return i.Start.String() + "-" + i.End.String() }

// Overlaps reports whether a and b share at least one minute. Empty
// intervals overlap nothing.
func Overlaps(a, b Interval) bool {
	return a.Start < b.End && b.Start < a.End && a.Start < a.End && b.Start < b.End
}

// MergeIntervals returns the union of list as sorted, disjoint intervals.
// Touching intervals (08:00-12:00 and 12:00-14:00) merge into one, and
// empty ones are dropped.
func MergeIntervals(list []Interval) []Interval {
	sorted := make([]Interval, 0, len(list))
	for _, i := range list {
		if i.Start < i.End {
			sorted = append(sorted, i)
		}
	}
	slices.SortFunc(sorted, func(a, b Interval) int { return int(a.Start - b.Start) })
	var merged []Interval
	for _, i := range sorted {
		n := len(merged)
		if n > 0 && i.Start <= merged[n-1].End {
			merged[n-1].End = max(merged[n-1].End, i.End)
			continue
		}
		merged = append(merged, i)
	}
	return merged
}

// IntersectIntervals returns the times that are in both a and b, as
// sorted, disjoint intervals.
func IntersectIntervals(a, b []Interval) []Interval {
	a, b = MergeIntervals(a), MergeIntervals(b)
	var out []Interval
	for i, j := 0, 0; i < len(a) && j < len(b); {
		start := max(a[i].Start, b[j].Start)
		end := min(a[i].End, b[j].End)
		if start < end {
			out = append(out, Interval{Start: start, End: end})
		}
		if a[i].End < b[j].End {
			i++
		} else {
			j++
		}
	}
	return out
}

// SubtractIntervals returns the times in from that are not in remove, as
// sorted, disjoint intervals.
func SubtractIntervals(from, remove []Interval) []Interval {
	remove = MergeIntervals(remove)
	var out []Interval
	for _, span := range MergeIntervals(from) {
		start := span.Start
		for _, r := range remove {
			if r.End <= start || r.Start >= span.End {
				continue
			}
			if r.Start > start {
				out = append(out, Interval{Start: start, End: r.Start})
			}
			start = max(start, r.End)
		}
		if start < span.End {
			out = append(out, Interval{Start: start, End: span.End})
		}
	}
	return out
}

// SeriesClash returns the first date on which a and b both occur at
// overlapping times, and false when they never do.
func SeriesClash(a, b Recurrence) (Date, bool) {
	return ClashOnOrAfter(a, b, Date{})
}

// ClashOnOrAfter returns the first date on or after from on which a and b
// both occur at overlapping times, and false when there is none.
//
// The dates both series share repeat every lcm(periodA, periodB) days.
// So if a shared date exists on or after the later of from and the two
// anchors, the first one is among a's next lcm/periodA occurrences, which
// is at most two with periods of 7 and 14 days. End dates only cut that
// search short.
func ClashOnOrAfter(a, b Recurrence, from Date) (Date, bool) {
	periodA, periodB := a.Frequency.Days(), b.Frequency.Days()
	if periodA == 0 || periodB == 0 || !Overlaps(a.Interval(), b.Interval()) {
		return Date{}, false
	}
	start := maxDate(from, maxDate(a.Anchor, b.Anchor))
	candidate, ok := a.NextOn(start)
	for n := lcm(periodA, periodB) / periodA; ok && n > 0; n-- {
		if b.OccursOn(candidate) {
			return candidate, true
		}
		candidate = candidate.AddDays(periodA)
		ok = !a.ended(candidate)
	}
	return Date{}, false
}

func maxDate(a, b Date) Date {
	if a.After(b) {
		return a
	}
	return b
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

func lcm(a, b int) int { return a / gcd(a, b) * b }
