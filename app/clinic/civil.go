package clinic

import (
	"cmp"
	"fmt"
	"strconv"
	"time"
)

// Date is a civil calendar date with no time of day and no time zone: the
// day a session happens on, as the clinic's wall calendar shows it.
//
// Arithmetic converts to a count of days since 1970-01-01 with integer
// formulas, so adding days, comparing and finding weekdays never builds a
// time.Time and never depends on a midnight instant, which did not exist
// on some America/Sao_Paulo DST days. The zero Date means "no date" (for
// example a series with no end). A struct rather than a day count keeps
// values readable in tests, logs and debuggers, and comparable with ==.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// ParseDate parses an ISO 8601 calendar date "YYYY-MM-DD", the form the
// database stores and HTML date inputs send, and rejects dates that do
// not exist, such as 2026-02-29.
func ParseDate(s string) (Date, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, fmt.Errorf("clinic: invalid date %q: expected YYYY-MM-DD", s)
	}
	year, errY := parseUnsigned(s[0:4])
	month, errM := parseUnsigned(s[5:7])
	day, errD := parseUnsigned(s[8:10])
	if errY != nil || errM != nil || errD != nil {
		return Date{}, fmt.Errorf("clinic: invalid date %q: expected YYYY-MM-DD", s)
	}
	d := Date{Year: year, Month: time.Month(month), Day: day}
	if !d.Valid() {
		return Date{}, fmt.Errorf("clinic: invalid date %q: that day does not exist", s)
	}
	return d, nil
}

// parseUnsigned accepts ASCII digits only, so signs and spaces that
// strconv.Atoi would take are rejected.
func parseUnsigned(s string) (int, error) {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, fmt.Errorf("clinic: %q is not a number", s)
		}
	}
	return strconv.Atoi(s)
}

// MustDate parses s with ParseDate and panics on error. It is meant for
// constants in tests and tables.
func MustDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// DateOf returns the calendar date of t in t's own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{Year: y, Month: m, Day: d}
}

// Today returns the date that the clinic's wall calendar shows at the
// instant now in loc. Passing now in makes callers testable.
func Today(loc *time.Location, now time.Time) Date {
	return DateOf(now.In(loc))
}

// IsZero reports whether d is the zero Date, used for "no date".
func (d Date) IsZero() bool {
	return d == Date{}
}

// Valid reports whether d names a day that exists in the proleptic
// Gregorian calendar, with a year from 1 to 9999 so String round-trips.
func (d Date) Valid() bool {
	if d.Year < 1 || d.Year > 9999 || d.Month < time.January || d.Month > time.December {
		return false
	}
	return d.Day >= 1 && d.Day <= DaysIn(d.Year, d.Month)
}

// String formats d as "YYYY-MM-DD".
func (d Date) String() string {
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// Brazilian formats d as "dd/mm/yyyy", the form shown on screen.
func (d Date) Brazilian() string {
	return fmt.Sprintf("%02d/%02d/%04d", d.Day, int(d.Month), d.Year)
}

// AddDays returns the date n calendar days after d (before it when n is
// negative). d must be valid.
func (d Date) AddDays(n int) Date {
	return dateFromDays(d.days() + n)
}

// DaysUntil returns the number of calendar days from d to other, negative
// when other is earlier.
func (d Date) DaysUntil(other Date) int {
	return other.days() - d.days()
}

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday {
	// 1970-01-01 was a Thursday; floor modulo keeps earlier dates right.
	return time.Weekday(floorMod(d.days()+int(time.Thursday), 7))
}

// Compare returns -1, 0 or +1 as d is before, equal to or after other.
func (d Date) Compare(other Date) int {
	switch {
	case d.Year != other.Year:
		return cmp.Compare(d.Year, other.Year)
	case d.Month != other.Month:
		return cmp.Compare(d.Month, other.Month)
	default:
		return cmp.Compare(d.Day, other.Day)
	}
}

// Before reports whether d is earlier than other.
func (d Date) Before(other Date) bool { return d.Compare(other) < 0 }

// After reports whether d is later than other.
func (d Date) After(other Date) bool { return d.Compare(other) > 0 }

// At returns the instant at which the wall clock in loc shows clock on d.
//
// Two wall times need a rule. A time skipped by a forward DST jump (in
// America/Sao_Paulo 00:00-00:59 on 2018-11-04) is read with the offset in
// force before the jump, so it lands the same number of minutes after the
// jump (00:30 becomes 01:30 -02). A time that happens twice when clocks go
// back (23:00-23:59 on 2019-02-16) is the first, earlier instant. Go's
// time.Date does not guarantee either choice (Go 1.26 puts 00:30 on
// 2018-11-04 at 23:30 the day before), so At decides them itself.
// It assumes at most one offset change within a day either side of d.
func (d Date) At(clock Clock, loc *time.Location) time.Time {
	// wall is the requested wall time written as if it were UTC; a real
	// instant u shows that wall time when u + offset(u) == wall.
	wall := time.Date(d.Year, d.Month, d.Day, 0, int(clock), 0, 0, time.UTC).Unix()
	before := offsetAt(wall-86400, loc)
	after := offsetAt(wall+86400, loc)
	for _, off := range []int64{max(before, after), min(before, after)} {
		// The larger offset gives the earlier instant, so it is tried first.
		u := wall - off
		if offsetAt(u, loc) == off {
			return time.Unix(u, 0).In(loc)
		}
	}
	return time.Unix(wall-before, 0).In(loc)
}

func offsetAt(unix int64, loc *time.Location) int64 {
	_, off := time.Unix(unix, 0).In(loc).Zone()
	return int64(off)
}

// DaysIn returns the number of days in month of year.
func DaysIn(year int, month time.Month) int {
	switch month {
	case time.February:
		if IsLeapYear(year) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	default:
		return 31
	}
}

// IsLeapYear reports whether year has a 29 February in the Gregorian
// calendar.
func IsLeapYear(year int) bool {
	return year%4 == 0 && (year%100 != 0 || year%400 == 0)
}

// days returns the number of days from 1970-01-01 to d. It counts in
// 400-year eras starting on 1 March, so the leap day is the last day of
// its year and every month length before it is fixed.
func (d Date) days() int {
	y := d.Year
	m := int(d.Month)
	if m <= 2 {
		y--
	}
	era := floorDiv(y, 400)
	yearOfEra := y - era*400
	monthFromMarch := (m + 9) % 12
	// 153 days span each five months from March (31+30+31+30+31).
	dayOfYear := (153*monthFromMarch+2)/5 + d.Day - 1
	dayOfEra := yearOfEra*365 + yearOfEra/4 - yearOfEra/100 + dayOfYear
	// 719468 is the day count from 0000-03-01 to 1970-01-01.
	return era*146097 + dayOfEra - 719468
}

// dateFromDays inverts days.
func dateFromDays(n int) Date {
	n += 719468
	era := floorDiv(n, 146097)
	dayOfEra := n - era*146097
	yearOfEra := (dayOfEra - dayOfEra/1460 + dayOfEra/36524 - dayOfEra/146096) / 365
	dayOfYear := dayOfEra - (365*yearOfEra + yearOfEra/4 - yearOfEra/100)
	monthFromMarch := (5*dayOfYear + 2) / 153
	day := dayOfYear - (153*monthFromMarch+2)/5 + 1
	month := monthFromMarch + 3
	if month > 12 {
		month -= 12
	}
	year := yearOfEra + era*400
	if month <= 2 {
		year++
	}
	return Date{Year: year, Month: time.Month(month), Day: day}
}

// Clock is a wall-clock time of day in minutes since midnight, from 0
// (00:00) to 1440 (24:00). 24:00 is allowed only as the end of a range
// that runs to midnight.
type Clock int

// EndOfDay is 24:00, the end of a range that runs to midnight.
const EndOfDay Clock = 24 * 60

// ClockOf returns the clock hour:minute without checking the range.
func ClockOf(hour, minute int) Clock {
	return Clock(hour*60 + minute)
}

// ParseClock parses a time of day as people and browsers write it:
// "14:50", "9:05", "14:50:00" (from an HTML time input), "14h" and
// "14h30". "24:00" is accepted as the end of a day.
func ParseClock(s string) (Clock, error) {
	hourText, minuteText, ok := splitClock(s)
	if !ok {
		return 0, fmt.Errorf("clinic: invalid time %q: expected HH:MM", s)
	}
	hour, errH := parseUnsigned(hourText)
	minute, errM := parseUnsigned(minuteText)
	if errH != nil || errM != nil || hour > 24 || minute > 59 {
		return 0, fmt.Errorf("clinic: invalid time %q: expected HH:MM", s)
	}
	c := ClockOf(hour, minute)
	if c > EndOfDay {
		return 0, fmt.Errorf("clinic: invalid time %q: after 24:00", s)
	}
	return c, nil
}

// splitClock splits "H:MM", "HH:MM", "HH:MM:00", "HHh" and "HHhMM" into
// hour and minute digits.
func splitClock(s string) (hour, minute string, ok bool) {
	if len(s) == 8 && s[5:] == ":00" {
		s = s[:5]
	}
	for i := 0; i < len(s); i++ {
		if s[i] != ':' && s[i] != 'h' && s[i] != 'H' {
			continue
		}
		hour, minute = s[:i], s[i+1:]
		if minute == "" && s[i] != ':' {
			minute = "00"
		}
		return hour, minute, len(hour) >= 1 && len(hour) <= 2 && len(minute) == 2
	}
	return "", "", false
}

// MustClock parses s with ParseClock and panics on error. It is meant for
// constants in tests and tables.
func MustClock(s string) Clock {
	c, err := ParseClock(s)
	if err != nil {
		panic(err)
	}
	return c
}

// Hour returns the hour of c, 0-24.
func (c Clock) Hour() int { return int(c) / 60 }

// Minute returns the minute within the hour of c, 0-59.
func (c Clock) Minute() int { return int(c) % 60 }

// Valid reports whether c is within 00:00-24:00.
func (c Clock) Valid() bool { return c >= 0 && c <= EndOfDay }

// Add returns c moved by minutes. The result may leave the day; check it
// with Valid.
func (c Clock) Add(minutes int) Clock { return c + Clock(minutes) }

// String formats c as "HH:MM".
func (c Clock) String() string {
	return fmt.Sprintf("%02d:%02d", c.Hour(), c.Minute())
}

func floorDiv(a, b int) int {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

func floorMod(a, b int) int {
	return a - floorDiv(a, b)*b
}
