package web

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"kpsicologia/app/clinic"
	"kpsicologia/app/sqlite"
)

// agendaOwnData is one psychologist's agenda by day, week or month.
type agendaOwnData struct {
	Name      string
	Style     template.CSS
	View      string
	Heading   string
	DateValue string
	BasePath  string
	PrevURL   string
	NextURL   string
	TodayURL  string
	DayURL    string
	WeekURL   string
	MonthURL  string
	// Staff is set when reception or an admin looks at the agenda, who
	// may book from it.
	Staff   bool
	NewURL  string
	Total   int
	Days    []agendaOwnDay
	Month   *agendaMonth
	IsToday bool
	// SingleDay is the day view, whose heading already names the day.
	SingleDay bool
}

// agendaOwnDay is one day of the day and week lists.
type agendaOwnDay struct {
	Label   string
	Short   string // "seg 30/11", for the narrow columns of a wide week
	Href    string
	IsToday bool
	Notes   []string
	Hours   string
	Items   []agendaOwnItem
	// NowLabel is set on today. The current-time line goes before the
	// first item marked NowBefore, or after the last item when NowAfter.
	NowLabel string
	NowAfter bool
	NewURL   string
}

// agendaOwnItem is a session in a day list.
type agendaOwnItem struct {
	agendaBlock
	NowBefore bool
}

// agendaMonth is the month grid, Monday first.
type agendaMonth struct {
	Weekdays []string
	Weeks    [][]agendaMonthCell
}

// agendaMonthCell is one day of the month grid.
type agendaMonthCell struct {
	Day     int
	InMonth bool
	IsToday bool
	Href    string
	Note    string
	Block   string
	Count   int
	Items   []agendaBlock
	More    int
	Label   string
}

// agendaMonthItems is how many sessions a month cell lists by name.
const agendaMonthItems = 3

// myAgenda serves the signed-in psychologist's own agenda.
func (s *Server) myAgenda(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	if u.PsychologistID == 0 {
		s.fail(w, r, clinic.Errorf(clinic.ErrNotFound,
			"Sua conta não está ligada a uma psicóloga. Peça ao administrador para ligar a conta ao seu cadastro."))
		return
	}
	s.ownAgenda(w, r, u.PsychologistID, "/my/agenda")
}

// psychologistAgenda serves a psychologist's agenda to staff, and to the
// psychologist herself. The store returns ErrNotFound (404) to any other
// psychologist.
func (s *Server) psychologistAgenda(w http.ResponseWriter, r *http.Request) {
	id := pathID(r)
	s.ownAgenda(w, r, id, fmt.Sprintf("/psychologists/%d/agenda", id))
}

func (s *Server) ownAgenda(w http.ResponseWriter, r *http.Request, psyID int64, base string) {
	today := clinic.Today(s.loc, s.now())
	q := r.URL.Query()
	date := today
	if d, err := clinic.ParseDate(q.Get("date")); err == nil {
		date = d
	}
	view := q.Get("view")
	if view != "day" && view != "month" {
		view = "week"
	}
	from, to := agendaOwnSpan(view, date)
	a, err := s.db.Agenda(r.Context(), actor(r), sqlite.AgendaFilter{
		From: from, To: to, PsychologistID: psyID})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	psy, ok := a.Psychologist(psyID)
	if !ok {
		s.fail(w, r, clinic.Errorf(clinic.ErrNotFound, "Psicóloga não encontrada."))
		return
	}
	d := &agendaOwnData{Name: psy.Name, Style: template.CSS(agendaColorStyle(psy.Color)),
		View: view, DateValue: date.String(), BasePath: base,
		Staff: actor(r).SeesAll(), Total: len(a.Sessions),
		IsToday: !today.Before(from) && !today.After(to)}
	d.links(view, date, today)
	if d.Staff {
		d.NewURL = agendaNewSessionURL("psychologist_id", strconv.FormatInt(psyID, 10),
			"date", date.String())
	}
	now := agendaNowClock(s.now(), s.loc)
	switch view {
	case "month":
		d.Heading = fmt.Sprintf("%s de %d", agendaTitleCase(clinic.MonthName(date.Month)), date.Year)
		d.Month = agendaOwnMonth(d, a, &psy, date, today)
	case "day":
		d.Heading = agendaTitleCase(agendaLongDate(date))
		d.SingleDay = true
		d.Days = agendaOwnDays(d, a, &psy, from, to, today, now)
	default:
		d.Heading = agendaRangeTitle(from, to)
		d.Days = agendaOwnDays(d, a, &psy, from, to, today, now)
	}
	title := "Minha agenda"
	if base != "/my/agenda" {
		title = "Agenda de " + psy.Name
	}
	s.render(w, r, http.StatusOK, "agenda_own", &Page{Title: title, Data: d})
}

// agendaOwnSpan returns the dates a view covers: the day, Monday to
// Sunday, or the whole weeks that contain the month.
func agendaOwnSpan(view string, d clinic.Date) (clinic.Date, clinic.Date) {
	switch view {
	case "day":
		return d, d
	case "month":
		first := clinic.Date{Year: d.Year, Month: d.Month, Day: 1}
		last := clinic.Date{Year: d.Year, Month: d.Month, Day: clinic.DaysIn(d.Year, d.Month)}
		return agendaWeekStart(first), agendaWeekStart(last).AddDays(6)
	}
	from := agendaWeekStart(d)
	return from, from.AddDays(6)
}

func (d *agendaOwnData) url(view string, date clinic.Date) string {
	q := url.Values{}
	q.Set("view", view)
	q.Set("date", date.String())
	return d.BasePath + "?" + q.Encode()
}

func (d *agendaOwnData) links(view string, date, today clinic.Date) {
	prev, next := date.AddDays(-7), date.AddDays(7)
	switch view {
	case "day":
		prev, next = date.AddDays(-1), date.AddDays(1)
	case "month":
		prev = clinic.Date{Year: date.Year, Month: date.Month, Day: 1}.AddDays(-1)
		next = clinic.Date{Year: date.Year, Month: date.Month, Day: clinic.DaysIn(date.Year, date.Month)}.AddDays(1)
	}
	d.PrevURL, d.NextURL = d.url(view, prev), d.url(view, next)
	d.TodayURL = d.url(view, today)
	d.DayURL, d.WeekURL, d.MonthURL = d.url("day", date), d.url("week", date), d.url("month", date)
}

// agendaOwnDays lists the days from from to to with their sessions,
// holidays, blocks and hours. Saturday and Sunday are left out of a week
// when the psychologist has neither hours nor sessions on them.
func agendaOwnDays(d *agendaOwnData, a *sqlite.Agenda, psy *sqlite.AgendaPsychologist, from, to, today clinic.Date, now clinic.Clock) []agendaOwnDay {
	conflicts := agendaConflicts(a.Sessions)
	var days []agendaOwnDay
	for day := from; !day.After(to); day = day.AddDays(1) {
		od := agendaOwnDay{Label: agendaTitleCase(agendaLongDate(day)), Short: agendaShortDate(day),
			Href:    d.url("day", day),
			IsToday: day == today, Hours: agendaHoursText(psy.HoursOn(day, 0))}
		if note := agendaDayNote(a, day); note != "" {
			od.Notes = append(od.Notes, note)
		}
		if b, ok := psy.BlockOn(day); ok {
			od.Notes = append(od.Notes, agendaBlockText(b))
		}
		for _, s := range a.Sessions {
			if s.Date == day {
				od.Items = append(od.Items, agendaOwnItem{agendaBlock: agendaBlockOf(s, conflicts[s.ID])})
			}
		}
		if d.Staff {
			od.NewURL = agendaNewSessionURL("psychologist_id", strconv.FormatInt(psy.ID, 10),
				"date", day.String())
		}
		if od.IsToday {
			od.markNow(a, day, now)
		}
		weekend := day.Weekday() == time.Saturday || day.Weekday() == time.Sunday
		if weekend && from != to && len(od.Items) == 0 && od.Hours == "" {
			continue
		}
		days = append(days, od)
	}
	return days
}

// markNow places the current-time line between the sessions of today.
func (od *agendaOwnDay) markNow(a *sqlite.Agenda, day clinic.Date, now clinic.Clock) {
	od.NowLabel = "Agora " + now.String()
	i := 0
	for _, s := range a.Sessions {
		if s.Date != day {
			continue
		}
		if s.End > now {
			od.Items[i].NowBefore = s.Start >= now
			if !od.Items[i].NowBefore {
				// The session is in progress, so the line goes after it.
				if i+1 < len(od.Items) {
					od.Items[i+1].NowBefore = true
				} else {
					od.NowAfter = true
				}
			}
			return
		}
		i++
	}
	od.NowAfter = true
}

// agendaOwnMonth lays out the month grid of date's month.
func agendaOwnMonth(d *agendaOwnData, a *sqlite.Agenda, psy *sqlite.AgendaPsychologist, date, today clinic.Date) *agendaMonth {
	from, to := agendaOwnSpan("month", date)
	m := &agendaMonth{}
	for i := 1; i <= 7; i++ {
		m.Weekdays = append(m.Weekdays, clinic.WeekdayShort(time.Weekday(i%7)))
	}
	byDate := map[clinic.Date][]sqlite.AgendaSession{}
	for _, s := range a.Sessions {
		byDate[s.Date] = append(byDate[s.Date], s)
	}
	var week []agendaMonthCell
	for day := from; !day.After(to); day = day.AddDays(1) {
		c := agendaMonthCell{Day: day.Day, InMonth: day.Month == date.Month,
			IsToday: day == today, Href: d.url("day", day), Note: agendaDayNote(a, day)}
		if b, ok := psy.BlockOn(day); ok {
			c.Block = agendaBlockText(b)
		}
		for _, s := range byDate[day] {
			if sqlite.AgendaCancelled(s.Status) {
				continue
			}
			c.Count++
			if len(c.Items) < agendaMonthItems {
				c.Items = append(c.Items, agendaBlockOf(s, false))
			}
		}
		c.More = c.Count - len(c.Items)
		c.Label = agendaMonthLabel(day, c)
		week = append(week, c)
		if len(week) == 7 {
			m.Weeks = append(m.Weeks, week)
			week = nil
		}
	}
	return m
}

func agendaMonthLabel(day clinic.Date, c agendaMonthCell) string {
	label := agendaLongDate(day)
	switch c.Count {
	case 0:
		label += ": nenhuma sessão"
	case 1:
		label += ": 1 sessão"
	default:
		label += fmt.Sprintf(": %d sessões", c.Count)
	}
	if c.Note != "" {
		label += " · " + c.Note
	}
	if c.Block != "" {
		label += " · " + c.Block
	}
	return label
}

// agendaTitleCase capitalizes the first letter of s ("segunda-feira" to
// "Segunda-feira"), for headings that start with a weekday or month.
func agendaTitleCase(s string) string {
	for i, r := range s {
		if i == 0 && r >= 'a' && r <= 'z' {
			return string(r-'a'+'A') + s[1:]
		}
		break
	}
	return s
}
