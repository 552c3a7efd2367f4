package demo

import (
	"math"

	"kpsicologia/app/clinic"
)

// openEnd is the "to" day number of a series with no end date.
const openEnd = math.MaxInt32

// booking is one series in the generator's own occupancy model: the days
// (since 1970-01-01) it covers and, for a biweekly series, which of the two
// alternating weeks it takes.
type booking struct {
	from, to int
	biweekly bool
	parity   int
}

// clashes reports whether two series share an occurrence: their date
// ranges overlap and they do not fall on alternate weeks.
func (b booking) clashes(o booking) bool {
	if b.to < o.from || o.to < b.from {
		return false
	}
	if b.biweekly && o.biweekly {
		return b.parity == o.parity
	}
	return true
}

// slotKey names one weekly hour of one psychologist or room. Sessions last
// 50 minutes and start on the hour, so hours never partly overlap.
type slotKey struct {
	kind    byte // 'p' psychologist, 'r' room
	id      int64
	weekday int
	hour    int
}

// occupancy is the generator's model of what is booked, used to pick
// slots that are probably free before asking the store, which still checks
// every booking itself.
type occupancy map[slotKey][]booking

func (o occupancy) free(k slotKey, b booking) bool {
	for _, have := range o[k] {
		if have.clashes(b) {
			return false
		}
	}
	return true
}

func (o occupancy) add(k slotKey, b booking) {
	o[k] = append(o[k], b)
}

// dayNumber returns the days since 1970-01-01 of a civil date.
func dayNumber(d clinic.Date) int {
	return clinic.Date{Year: 1970, Month: 1, Day: 1}.DaysUntil(d)
}

// weekParity is which of two alternating weeks a day falls in.
func weekParity(day int) int {
	w := day / 7
	if day < 0 && day%7 != 0 {
		w--
	}
	return ((w % 2) + 2) % 2
}
