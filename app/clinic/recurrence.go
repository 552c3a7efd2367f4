package clinic

import (
	"errors"
	"fmt"
	"time"
)

// Frequency is how often a series (horário fixo) repeats. The values are
// the ones stored in the database; Label gives the screen text.
type Frequency string

// The frequencies a series may have.
const (
	Weekly   Frequency = "weekly"
	Biweekly Frequency = "biweekly"
)

// Days returns the number of days between occurrences: 7 or 14, and 0
// for an unknown frequency.
func (f Frequency) Days() int {
	switch f {
	case Weekly:
		return 7
	case Biweekly:
		return 14
	}
	return 0
}

// Valid reports whether f is Weekly or Biweekly.
func (f Frequency) Valid() bool { return f.Days() > 0 }

// Recurrence is the timing of a series: it occurs on Anchor and then
// every Frequency.Days() days, up to and including Until when Until is
// set. Biweekly series count 14-day steps from the anchor rather than
// ISO week parity, which breaks after years with 53 ISO weeks (2020,
// 2026). The weekday is the anchor's. Times are wall-clock times in the
// clinic's zone, so a 14:00 session stays at 14:00 across DST changes.
type Recurrence struct {
	Anchor    Date
	Until     Date // zero: no end
	Frequency Frequency
	Start     Clock
	Minutes   int
}

// Validate returns an error describing the first invalid field of r.
func (r Recurrence) Validate() error {
	switch {
	case !r.Anchor.Valid():
		return fmt.Errorf("clinic: invalid series: first date %v does not exist", r.Anchor)
	case !r.Until.IsZero() && !r.Until.Valid():
		return fmt.Errorf("clinic: invalid series: end date %v does not exist", r.Until)
	case !r.Until.IsZero() && r.Until.Before(r.Anchor):
		return fmt.Errorf("clinic: invalid series: end date %v is before the first date %v", r.Until, r.Anchor)
	case !r.Frequency.Valid():
		return fmt.Errorf("clinic: invalid series: frequency %q is not weekly or biweekly", r.Frequency)
	case r.Minutes <= 0:
		return errors.New("clinic: invalid series: length must be at least one minute")
	case r.Start < 0 || r.End() > EndOfDay:
		return fmt.Errorf("clinic: invalid series: %v-%v does not fit in one day", r.Start, r.End())
	}
	return nil
}

// Weekday returns the day of the week the series occurs on.
func (r Recurrence) Weekday() time.Weekday { return r.Anchor.Weekday() }

// End returns the clock time at which each occurrence ends.
func (r Recurrence) End() Clock { return r.Start.Add(r.Minutes) }

// Interval returns the time of day each occurrence takes.
func (r Recurrence) Interval() Interval { return Interval{Start: r.Start, End: r.End()} }

// OccursOn reports whether the series has an occurrence on d.
func (r Recurrence) OccursOn(d Date) bool {
	period := r.Frequency.Days()
	if period == 0 || d.Before(r.Anchor) || r.ended(d) {
		return false
	}
	return r.Anchor.DaysUntil(d)%period == 0
}

// NextOn returns the first occurrence on or after from, and false when
// the series ends before it.
func (r Recurrence) NextOn(from Date) (Date, bool) {
	period := r.Frequency.Days()
	if period == 0 {
		return Date{}, false
	}
	if from.Before(r.Anchor) {
		from = r.Anchor
	}
	steps := (r.Anchor.DaysUntil(from) + period - 1) / period
	next := r.Anchor.AddDays(steps * period)
	if r.ended(next) {
		return Date{}, false
	}
	return next, true
}

// Occurrences returns the dates of the occurrences from from to to, both
// inclusive, in order. It jumps straight to the first one, so an old
// series costs the same as a new one.
func (r Recurrence) Occurrences(from, to Date) []Date {
	first, ok := r.NextOn(from)
	if !ok || first.After(to) {
		return nil
	}
	period := r.Frequency.Days()
	last := to
	if !r.Until.IsZero() && r.Until.Before(last) {
		last = r.Until
	}
	dates := make([]Date, 0, first.DaysUntil(last)/period+1)
	for day, end := first.days(), last.days(); day <= end; day += period {
		dates = append(dates, dateFromDays(day))
	}
	return dates
}

// Last returns the final occurrence of a series with an end date, and
// false for a series with no end or with no occurrence at all.
func (r Recurrence) Last() (Date, bool) {
	period := r.Frequency.Days()
	if period == 0 || r.Until.IsZero() || r.Until.Before(r.Anchor) {
		return Date{}, false
	}
	span := r.Anchor.DaysUntil(r.Until)
	return r.Anchor.AddDays(span - span%period), true
}

// ended reports whether d is past the series' end date.
func (r Recurrence) ended(d Date) bool {
	return !r.Until.IsZero() && d.After(r.Until)
}
