package clinic

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// ProblemCode names why a session cannot be booked as proposed. The
// values are stable so handlers and tests can match them.
type ProblemCode string

// The problems CheckAvailability reports.
const (
	ProblemInvalidTime         ProblemCode = "invalid_time"
	ProblemHoliday             ProblemCode = "holiday"
	ProblemClinicClosed        ProblemCode = "clinic_closed"
	ProblemBlocked             ProblemCode = "blocked"
	ProblemRoomClosed          ProblemCode = "room_closed"
	ProblemBeforeOpening       ProblemCode = "before_opening"
	ProblemAfterClosing        ProblemCode = "after_closing"
	ProblemOutsideAvailability ProblemCode = "outside_availability"
)

// Problem is one reason a proposed session breaks the clinic's rules.
type Problem struct {
	Code ProblemCode
	// Message is the reason in Portuguese for the receptionist, with the
	// dates and times involved.
	Message string
	// Warning marks a problem the user may accept and book anyway, such
	// as a ponto facultativo in a clinic that opens on those days.
	Warning bool
}

// WeeklyRange is a weekly time range in which a psychologist takes
// sessions.
type WeeklyRange struct {
	Weekday  time.Weekday
	Interval Interval
}

// ExtraDate is a time range on one date in which a psychologist takes
// sessions, in addition to her weekly ranges.
type ExtraDate struct {
	Date     Date
	Interval Interval
}

// Block is a run of whole days on which a psychologist takes no
// sessions, from From to To inclusive, with a reason such as "férias" or
// "licença".
type Block struct {
	From, To Date
	Reason   string
}

// ClosedDate is a day the whole clinic is closed, other than a holiday.
type ClosedDate struct {
	Date   Date
	Reason string
}

// RoomHours is a room's name and its opening hours by weekday. A weekday
// missing from Open is a day the room is closed.
type RoomHours struct {
	Name string
	Open map[time.Weekday]Interval
}

// AvailabilityRules is everything that decides whether a session may be
// booked for one psychologist in one room.
type AvailabilityRules struct {
	// Psychologist is the name shown in messages, such as "Dra. Ana".
	Psychologist string
	// Weekly and Extra are the psychologist's hours. When both are empty
	// she has not set any hours, so her hours are not checked.
	Weekly []WeeklyRange
	Extra  []ExtraDate
	Blocks []Block
	// Room is nil for an online session, which needs no room.
	Room         *RoomHours
	ClinicClosed []ClosedDate
	Holidays     *HolidayCalendar
	// OpenOnOptionalHolidays makes a ponto facultativo (Carnaval, Corpus
	// Christi) a warning instead of a closed day.
	OpenOnOptionalHolidays bool
}

// CheckAvailability returns the problems with booking session on d under
// rules, whole-day problems first, or nil when there are none. A session
// must end by the room's closing time, not only start before it.
func CheckAvailability(rules AvailabilityRules, d Date, session Interval) []Problem {
	if !session.Valid() {
		msg := fmt.Sprintf("O horário %s não é válido: a sessão precisa terminar depois de começar, no mesmo dia.", session)
		return []Problem{{Code: ProblemInvalidTime, Message: msg}}
	}
	var problems []Problem
	problems = append(problems, rules.dayProblems(d)...)
	problems = append(problems, rules.roomProblems(d, session)...)
	if p, ok := rules.hoursProblem(d, session); ok {
		problems = append(problems, p)
	}
	return problems
}

// dayProblems reports holidays, clinic closures and blocks on d.
func (r AvailabilityRules) dayProblems(d Date) []Problem {
	var problems []Problem
	if h, ok := r.Holidays.Lookup(d); ok {
		problems = append(problems, r.holidayProblem(h))
	}
	for _, c := range r.ClinicClosed {
		if c.Date == d {
			msg := fmt.Sprintf("A clínica está fechada em %s%s.", d.Brazilian(), inParens(c.Reason))
			problems = append(problems, Problem{Code: ProblemClinicClosed, Message: msg})
		}
	}
	for _, b := range r.Blocks {
		if !d.Before(b.From) && !d.After(b.To) {
			problems = append(problems, Problem{Code: ProblemBlocked, Message: r.blockMessage(b)})
		}
	}
	return problems
}

func (r AvailabilityRules) holidayProblem(h Holiday) Problem {
	if h.Optional {
		msg := fmt.Sprintf("%s é ponto facultativo (%s).", h.Date.Brazilian(), h.Name)
		return Problem{Code: ProblemHoliday, Message: msg, Warning: r.OpenOnOptionalHolidays}
	}
	msg := fmt.Sprintf("%s é feriado (%s).", h.Date.Brazilian(), h.Name)
	return Problem{Code: ProblemHoliday, Message: msg}
}

// blockMessage formats "Dra. Ana está de férias de 10/01/2027 a
// 24/01/2027." for reasons that read well after "está de", and puts the
// reason in brackets otherwise.
func (r AvailabilityRules) blockMessage(b Block) string {
	span := "de " + b.From.Brazilian() + " a " + b.To.Brazilian()
	if b.From == b.To {
		span = "em " + b.From.Brazilian()
	}
	reason := lowerFirst(strings.TrimSpace(b.Reason))
	for _, prefix := range []string{"férias", "ferias", "licença", "licenca", "folga", "atestado", "recesso"} {
		if strings.HasPrefix(strings.ToLower(reason), prefix) {
			return fmt.Sprintf("%s está de %s %s.", r.psychologist(), reason, span)
		}
	}
	return fmt.Sprintf("A agenda de %s está bloqueada %s%s.", r.psychologist(), span, inParens(reason))
}

// roomProblems reports a room that is closed on d's weekday or not open
// for the whole session.
func (r AvailabilityRules) roomProblems(d Date, session Interval) []Problem {
	if r.Room == nil {
		return nil
	}
	w := d.Weekday()
	room := roomSubject(r.Room.Name)
	open, ok := r.Room.Open[w]
	if !ok || !open.Valid() {
		msg := fmt.Sprintf("%s não abre %s.", room, onWeekdays(w))
		return []Problem{{Code: ProblemRoomClosed, Message: msg}}
	}
	var problems []Problem
	if session.Start < open.Start {
		msg := fmt.Sprintf("%s abre às %s %s; a sessão começaria às %s.", room, open.Start, onWeekdays(w), session.Start)
		problems = append(problems, Problem{Code: ProblemBeforeOpening, Message: msg})
	}
	if session.End > open.End {
		msg := fmt.Sprintf("%s fecha às %s %s; a sessão terminaria às %s.", room, open.End, onWeekdays(w), session.End)
		problems = append(problems, Problem{Code: ProblemAfterClosing, Message: msg})
	}
	return problems
}

// hoursProblem reports a session that does not fit inside one span of the
// psychologist's hours on d.
func (r AvailabilityRules) hoursProblem(d Date, session Interval) (Problem, bool) {
	hours, set := r.psychologistHours(d)
	if !set {
		return Problem{}, false
	}
	for _, h := range hours {
		if h.Contains(session) {
			return Problem{}, false
		}
	}
	var msg string
	if len(hours) == 0 {
		msg = fmt.Sprintf("%s não atende %s.", r.psychologist(), onWeekdays(d.Weekday()))
	} else {
		when := onWeekdays(d.Weekday())
		if r.hasExtra(d) {
			when = "em " + d.Brazilian()
		}
		msg = fmt.Sprintf("%s atende %s %s; a sessão seria das %s às %s.",
			r.psychologist(), when, spanList(hours), session.Start, session.End)
	}
	return Problem{Code: ProblemOutsideAvailability, Message: msg}, true
}

// psychologistHours returns the psychologist's merged hours on d, and
// false when she has set no hours at all.
func (r AvailabilityRules) psychologistHours(d Date) ([]Interval, bool) {
	if len(r.Weekly) == 0 && len(r.Extra) == 0 {
		return nil, false
	}
	var hours []Interval
	for _, w := range r.Weekly {
		if w.Weekday == d.Weekday() {
			hours = append(hours, w.Interval)
		}
	}
	for _, e := range r.Extra {
		if e.Date == d {
			hours = append(hours, e.Interval)
		}
	}
	return MergeIntervals(hours), true
}

func (r AvailabilityRules) hasExtra(d Date) bool {
	for _, e := range r.Extra {
		if e.Date == d {
			return true
		}
	}
	return false
}

// BookableIntervals returns the times on d at which a session passes
// CheckAvailability with warnings at most. These are the psychologist's
// hours (the whole day if she has set none) within the room's opening
// hours, and nothing on a closed, blocked or holiday date. Pass the
// result to FreeSlots with the day's bookings to find free slots.
func (r AvailabilityRules) BookableIntervals(d Date) []Interval {
	for _, p := range r.dayProblems(d) {
		if !p.Warning {
			return nil
		}
	}
	hours, set := r.psychologistHours(d)
	if !set {
		hours = []Interval{{Start: 0, End: EndOfDay}}
	}
	if r.Room == nil {
		return hours
	}
	open, ok := r.Room.Open[d.Weekday()]
	if !ok || !open.Valid() {
		return nil
	}
	return IntersectIntervals(hours, []Interval{open})
}

// FreeSlots returns the session times of the given length in minutes that
// fit in available without overlapping busy. Within each free gap the
// slots start at the gap's start and then every step minutes, so the
// first slot follows the previous booking directly. A step of zero or
// less means back-to-back sessions (step = minutes). Times outside
// 00:00-24:00 are ignored.
func FreeSlots(available, busy []Interval, minutes, step int) []Interval {
	if minutes <= 0 {
		return nil
	}
	if step <= 0 {
		step = minutes
	}
	day := []Interval{{Start: 0, End: EndOfDay}}
	var slots []Interval
	for _, gap := range SubtractIntervals(IntersectIntervals(available, day), busy) {
		for start := gap.Start; start.Add(minutes) <= gap.End; start = start.Add(step) {
			slots = append(slots, Interval{Start: start, End: start.Add(minutes)})
		}
	}
	return slots
}

func (r AvailabilityRules) psychologist() string {
	if r.Psychologist == "" {
		return "A psicóloga"
	}
	return r.Psychologist
}

// roomSubject returns the room as the subject of a sentence: "A sala",
// "A Sala 2" or "A sala Azul".
func roomSubject(name string) string {
	name = strings.TrimSpace(name)
	switch {
	case name == "":
		return "A sala"
	case strings.HasPrefix(strings.ToLower(name), "sala"):
		return "A " + name
	}
	return "A sala " + name
}

// spanList formats hours as "das 08:00 às 12:00 e das 14:00 às 18:00".
func spanList(hours []Interval) string {
	parts := make([]string, len(hours))
	for i, h := range hours {
		parts[i] = fmt.Sprintf("das %s às %s", h.Start, h.End)
	}
	if len(parts) == 1 {
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " e " + parts[len(parts)-1]
}

func inParens(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	return " (" + s + ")"
}

func lowerFirst(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError {
		return s
	}
	return string(unicode.ToLower(r)) + s[size:]
}
