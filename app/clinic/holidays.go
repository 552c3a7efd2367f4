package clinic

import (
	"sort"
	"time"
)

// Holiday is a day on which the clinic's calendar marks a holiday.
type Holiday struct {
	Date Date
	Name string
	// Optional marks a ponto facultativo: a day off for public servants
	// that is not a legal holiday, such as Carnaval.
	Optional bool
	// Local marks a holiday entered by the clinic (municipal, state or
	// its own) rather than a national one.
	Local bool
}

// LocalHoliday is a holiday entered by the clinic's admin: a municipal or
// state holiday, or a day the clinic closes.
type LocalHoliday struct {
	Name string
	// Date is the day of a one-off holiday. For a Yearly holiday only its
	// month and day count, so 29 February falls in leap years only.
	Date     Date
	Yearly   bool
	Optional bool
}

// fixedHoliday is a national holiday on the same day every year, from
// the year the law created it.
type fixedHoliday struct {
	month time.Month
	day   int
	name  string
	since int
}

// fixedHolidays are the national holidays on fixed days. Nossa Senhora
// Aparecida is a national holiday since Lei 6.802 of 30 June 1980, and
// Zumbi e da Consciência Negra since Lei 14.759 of 21 December 2023 (so
// from 2024). The others predate any date this program will see.
var fixedHolidays = []fixedHoliday{
	{time.January, 1, "Confraternização Universal", 0},
	{time.April, 21, "Tiradentes", 0},
	{time.May, 1, "Dia do Trabalho", 0},
	{time.September, 7, "Independência do Brasil", 0},
	{time.October, 12, "Nossa Senhora Aparecida", 1980},
	{time.November, 2, "Finados", 0},
	{time.November, 15, "Proclamação da República", 0},
	{time.November, 20, "Dia Nacional de Zumbi e da Consciência Negra", 2024},
	{time.December, 25, "Natal", 0},
}

// easterHoliday is a national holiday or ponto facultativo placed a fixed
// number of days from Easter Sunday.
type easterHoliday struct {
	offset   int
	name     string
	optional bool
}

// easterHolidays leaves out Quarta-feira de Cinzas (Easter-46): it is a
// ponto facultativo only until 14:00 and clinics see patients that day,
// while a Holiday covers a whole day. Corpus Christi is a ponto
// facultativo nationally but a municipal holiday in many cities, which a
// clinic there enters as a LocalHoliday.
var easterHolidays = []easterHoliday{
	{-48, "Carnaval", true},
	{-47, "Carnaval", true},
	{-2, "Sexta-feira Santa", false},
	{60, "Corpus Christi", true},
}

// Easter returns the date of Easter Sunday in the Gregorian calendar
// (valid from 1583), by the anonymous Gregorian computus. The tests
// cross-check it against Gauss's rule for 1583-4099.
func Easter(year int) Date {
	golden := year % 19
	century := year / 100
	yearInCentury := year % 100
	leapCenturies := century / 4
	centuryRest := century % 4
	moonCorrection := (century + 8) / 25
	solarCorrection := (century - moonCorrection + 1) / 3
	epact := (19*golden + century - leapCenturies - solarCorrection + 15) % 30
	weekdayShift := (32 + 2*centuryRest + 2*(yearInCentury/4) - epact - yearInCentury%4) % 7
	adjust := (golden + 11*epact + 22*weekdayShift) / 451
	n := epact + weekdayShift - 7*adjust + 114
	return Date{Year: year, Month: time.Month(n / 31), Day: n%31 + 1}
}

// NationalHolidays returns Brazil's national holidays and the Carnaval
// and Corpus Christi pontos facultativos of year, sorted by date.
func NationalHolidays(year int) []Holiday {
	list := make([]Holiday, 0, len(fixedHolidays)+len(easterHolidays))
	for _, f := range fixedHolidays {
		if year >= f.since {
			d := Date{Year: year, Month: f.month, Day: f.day}
			list = append(list, Holiday{Date: d, Name: f.name})
		}
	}
	easter := Easter(year)
	for _, e := range easterHolidays {
		d := easter.AddDays(e.offset)
		list = append(list, Holiday{Date: d, Name: e.name, Optional: e.optional})
	}
	sort.SliceStable(list, func(i, j int) bool {
		return list[i].Date.Before(list[j].Date)
	})
	return list
}

// localHolidaysIn returns the local holidays that fall in year.
func localHolidaysIn(local []LocalHoliday, year int) []Holiday {
	var list []Holiday
	for _, l := range local {
		d := l.Date
		if l.Yearly {
			d = Date{Year: year, Month: l.Date.Month, Day: l.Date.Day}
		}
		if d.Year != year || !d.Valid() {
			continue
		}
		list = append(list, Holiday{Date: d, Name: l.Name, Optional: l.Optional, Local: true})
	}
	return list
}

// HolidayCalendar merges the national holidays with a clinic's local
// ones and looks days up. It is read-only after NewHolidayCalendar, so
// goroutines may share it.
type HolidayCalendar struct {
	firstYear, lastYear int
	byDate              map[Date]Holiday
	local               []LocalHoliday
}

// NewHolidayCalendar returns a calendar of the national holidays plus
// local. It computes the years firstYear to lastYear up front so Lookup
// there is one map access. Other years are computed on each call, which
// is correct but slower.
func NewHolidayCalendar(local []LocalHoliday, firstYear, lastYear int) *HolidayCalendar {
	c := &HolidayCalendar{
		firstYear: firstYear,
		lastYear:  lastYear,
		byDate:    make(map[Date]Holiday),
		local:     append([]LocalHoliday(nil), local...),
	}
	for year := firstYear; year <= lastYear; year++ {
		for _, h := range c.holidaysIn(year) {
			c.byDate[h.Date] = h
		}
	}
	return c
}

// holidaysIn returns one holiday per date of year, sorted by date. When
// two fall on one date a full holiday wins over a ponto facultativo, and
// otherwise the national one wins.
func (c *HolidayCalendar) holidaysIn(year int) []Holiday {
	all := append(NationalHolidays(year), localHolidaysIn(c.local, year)...)
	best := make(map[Date]Holiday, len(all))
	for _, h := range all {
		if old, ok := best[h.Date]; !ok || old.Optional && !h.Optional {
			best[h.Date] = h
		}
	}
	list := make([]Holiday, 0, len(best))
	for _, h := range best {
		list = append(list, h)
	}
	sort.Slice(list, func(i, j int) bool {
		return list[i].Date.Before(list[j].Date)
	})
	return list
}

// Lookup returns the holiday on d, if any. A nil calendar has none.
func (c *HolidayCalendar) Lookup(d Date) (Holiday, bool) {
	if c == nil {
		return Holiday{}, false
	}
	if d.Year >= c.firstYear && d.Year <= c.lastYear {
		h, ok := c.byDate[d]
		return h, ok
	}
	for _, h := range c.holidaysIn(d.Year) {
		if h.Date == d {
			return h, true
		}
	}
	return Holiday{}, false
}

// Between returns the holidays from from to to inclusive, sorted by date,
// one per date as Lookup returns them.
func (c *HolidayCalendar) Between(from, to Date) []Holiday {
	if c == nil {
		return nil
	}
	var list []Holiday
	for year := from.Year; year <= to.Year; year++ {
		for _, h := range c.holidaysIn(year) {
			if !h.Date.Before(from) && !h.Date.After(to) {
				list = append(list, h)
			}
		}
	}
	return list
}
