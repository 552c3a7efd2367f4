package web

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"kpsicologia/app/clinic"
	"kpsicologia/app/sqlite"
)

// agendaFreeData is the free-slot finder: its form and its results.
type agendaFreeData struct {
	Units         []agendaOption
	Specialties   []agendaOption
	Audiences     []agendaOption
	Psychologists []agendaOption
	Modalities    []agendaOption
	Weekdays      []agendaOption
	Periods       []agendaOption
	From          string
	Weeks         string
	MinWeeks      int
	MaxWeeks      int

	Searched      bool
	Horizon       string
	Weekly        []agendaFreeGroup
	Biweekly      []agendaFreeGroup
	WeeklyCount   int
	BiweeklyCount int
	Matched       int
	WithoutHours  string
	// ClosedNote lists the holidays and closures on the weekdays searched.
	ClosedNote string
}

// agendaFreeGroup is one psychologist's openings of one frequency.
type agendaFreeGroup struct {
	Name  string
	Style template.CSS
	Href  string
	Days  []agendaFreeDay
}

// agendaFreeDay is one weekday of a group. Since is the first date of
// its weekly openings, which all share it, while biweekly items carry
// their own.
type agendaFreeDay struct {
	Weekday string
	Since   string
	Items   []agendaFreeItem
	// Skipped names the dates the psychologist's blocks leave out.
	Skipped string
}

// agendaFreeItem is one opening, linking to the booking form.
type agendaFreeItem struct {
	Time string
	Room string
	// More counts further rooms free at the same time.
	More  int
	Since string
	Href  string
	Label string
}

var agendaPeriodOptions = [][2]string{{"", "Qualquer horário"},
	{sqlite.PeriodMorning, "Manhã (07h–12h)"},
	{sqlite.PeriodAfternoon, "Tarde (12h–18h)"},
	{sqlite.PeriodEvening, "Noite (18h–22h)"}}

// agendaFree serves the free-slot finder.
func (s *Server) agendaFree(w http.ResponseWriter, r *http.Request) {
	today := clinic.Today(s.loc, s.now())
	q, form, fe := parseOpeningQuery(r.URL.Query(), today)
	if !form.Has("unit") {
		units, err := s.db.AgendaUnits(r.Context())
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if len(units) > 0 {
			q.UnitID = units[0].ID
			form.Set("unit", strconv.FormatInt(q.UnitID, 10))
		}
	}
	page := &Page{Title: "Horários livres", Form: form}
	var res *sqlite.Openings
	err := fe.Err()
	if err == nil {
		res, err = s.db.FindOpenings(r.Context(), actor(r), q)
	}
	if clinic.ErrorCode(err) == clinic.ErrInvalid {
		s.agendaFreeInvalid(w, r, page, q, err)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	page.Data = agendaFreePage(form, q, res, true)
	s.render(w, r, http.StatusOK, "agenda_free", page)
}

// agendaFreeInvalid shows the finder's form again with the message of
// each field that invalid rejected, and no results.
func (s *Server) agendaFreeInvalid(w http.ResponseWriter, r *http.Request, page *Page, q sqlite.OpeningQuery, invalid error) {
	res, err := s.db.OpeningChoices(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	page.Error = clinic.ErrorMessage(invalid)
	var ce *clinic.Error
	if asError(invalid, &ce) {
		page.Errors = ce.Fields
	}
	page.Data = agendaFreePage(page.Form, q, res, false)
	s.render(w, r, http.StatusUnprocessableEntity, "agenda_free", page)
}

// parseOpeningQuery reads the finder's form. It returns the query, the
// form values to show back (with defaults filled in) and a message per
// field that could not be read.
func parseOpeningQuery(v url.Values, today clinic.Date) (sqlite.OpeningQuery, url.Values, clinic.FieldErrors) {
	form := url.Values{}
	for k, vals := range v {
		form[k] = vals
	}
	fe := clinic.FieldErrors{}
	q := sqlite.OpeningQuery{From: today.AddDays(1), Weeks: sqlite.OpeningDefaultWeeks,
		Weekday: -1, Modality: "in_person"}
	if s := strings.TrimSpace(v.Get("from")); s != "" {
		if d, err := clinic.ParseDate(s); err == nil {
			q.From = d
		} else {
			fe.Add("from", "Data inválida. Use o calendário ou digite dd/mm/aaaa.")
		}
	}
	form.Set("from", q.From.String())
	if s := strings.TrimSpace(v.Get("weeks")); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			fe.Add("weeks", "Digite um número de semanas.")
		}
		q.Weeks = n
	}
	if q.Weeks < sqlite.OpeningMinWeeks || q.Weeks > sqlite.OpeningMaxWeeks {
		fe.Add("weeks", fmt.Sprintf("Escolha de %d a %d semanas.", sqlite.OpeningMinWeeks, sqlite.OpeningMaxWeeks))
	}
	if !form.Has("weeks") {
		form.Set("weeks", strconv.Itoa(q.Weeks))
	}
	q.UnitID = agendaParseID(v.Get("unit"))
	q.SpecialtyID = agendaParseID(v.Get("specialty"))
	q.AudienceID = agendaParseID(v.Get("audience"))
	q.PsychologistID = agendaParseID(v.Get("psychologist"))
	if v.Get("modality") == "online" {
		q.Modality = "online"
	}
	if wd, err := strconv.Atoi(v.Get("weekday")); err == nil && wd >= 0 && wd <= 6 {
		q.Weekday = wd
	}
	if _, ok := sqlite.PeriodBounds(v.Get("period")); ok {
		q.Period = v.Get("period")
	}
	return q, form, fe
}

func agendaFreePage(form url.Values, q sqlite.OpeningQuery, res *sqlite.Openings, valid bool) *agendaFreeData {
	d := &agendaFreeData{
		Units:         agendaIDOptions(res.Units, q.UnitID, "Todas as unidades"),
		Specialties:   agendaIDOptions(res.Specialties, q.SpecialtyID, "Qualquer especialidade"),
		Audiences:     agendaIDOptions(res.Audiences, q.AudienceID, "Qualquer público"),
		Psychologists: agendaIDOptions(res.Psychologists, q.PsychologistID, "Todas as psicólogas"),
		Modalities: agendaTextOptions([][2]string{{"in_person", "Presencial (com sala)"},
			{"online", "Online"}}, q.Modality),
		Periods:  agendaTextOptions(agendaPeriodOptions, q.Period),
		From:     form.Get("from"),
		Weeks:    form.Get("weeks"),
		MinWeeks: sqlite.OpeningMinWeeks,
		MaxWeeks: sqlite.OpeningMaxWeeks,
		Searched: valid,
	}
	weekdays := [][2]string{{"-1", "Qualquer dia"}}
	for i := 1; i <= 7; i++ {
		wd := time.Weekday(i % 7)
		weekdays = append(weekdays, [2]string{strconv.Itoa(int(wd)),
			agendaTitleCase(clinic.WeekdayName(wd))})
	}
	d.Weekdays = agendaTextOptions(weekdays, strconv.Itoa(q.Weekday))
	if !valid {
		return d
	}
	to := q.From.AddDays(7*q.Weeks - 1)
	d.Horizon = fmt.Sprintf("de %s a %s (%d semanas)", q.From.Brazilian(), to.Brazilian(), q.Weeks)
	d.Weekly = agendaFreeGroups(res.Weekly, q, res.ClosedDays)
	d.Biweekly = agendaFreeGroups(res.Biweekly, q, res.ClosedDays)
	d.WeeklyCount, d.BiweeklyCount = len(res.Weekly), len(res.Biweekly)
	d.Matched = res.Searched
	d.WithoutHours = strings.Join(res.WithoutHours, ", ")
	var closed []string
	for _, h := range res.ClosedDays {
		if q.Weekday < 0 || int(h.Date.Weekday()) == q.Weekday {
			closed = append(closed, fmt.Sprintf("%02d/%02d (%s)", h.Date.Day, int(h.Date.Month), h.Name))
		}
	}
	if len(closed) > 0 {
		d.ClosedNote = "Sem sessão nestes dias, que não contam na busca: " + strings.Join(closed, ", ") + "."
	}
	return d
}

// agendaFreeGroups groups openings (sorted by psychologist, weekday and
// time) by psychologist and weekday.
func agendaFreeGroups(list []sqlite.Opening, q sqlite.OpeningQuery, closed []clinic.Holiday) []agendaFreeGroup {
	shut := map[clinic.Date]bool{}
	for _, h := range closed {
		shut[h.Date] = true
	}
	var out []agendaFreeGroup
	for _, o := range list {
		n := len(out)
		if n == 0 || out[n-1].Href != agendaFreeAgendaURL(o) {
			out = append(out, agendaFreeGroup{Name: o.PsychologistName,
				Style: template.CSS(agendaColorStyle(o.Color)), Href: agendaFreeAgendaURL(o)})
			n++
		}
		g := &out[n-1]
		day := agendaTitleCase(clinic.WeekdayName(o.Weekday))
		if len(g.Days) == 0 || g.Days[len(g.Days)-1].Weekday != day {
			g.Days = append(g.Days, agendaFreeDay{Weekday: day,
				Skipped: agendaSkippedText(o.Skipped, shut)})
		}
		days := &g.Days[len(g.Days)-1]
		it := agendaFreeItemOf(o, q)
		if o.Frequency == clinic.Weekly {
			days.Since, it.Since = it.Since, ""
		}
		days.Items = append(days.Items, it)
	}
	return out
}

func agendaFreeAgendaURL(o sqlite.Opening) string {
	return fmt.Sprintf("/psychologists/%d/agenda?view=week&date=%s", o.PsychologistID, o.FirstDate)
}

func agendaFreeItemOf(o sqlite.Opening, q sqlite.OpeningQuery) agendaFreeItem {
	it := agendaFreeItem{Time: o.Start.String(), Room: o.RoomName, More: o.OtherRooms,
		Since: fmt.Sprintf("%02d/%02d", o.FirstDate.Day, int(o.FirstDate.Month))}
	modality := ""
	if q.Modality == "online" {
		it.Room, modality = "Online", "online"
	}
	it.Href = agendaNewSessionURL("psychologist_id", strconv.FormatInt(o.PsychologistID, 10),
		"date", o.FirstDate.String(), "time", o.Start.String(),
		"room_id", strconv.FormatInt(o.RoomID, 10),
		"frequency", string(o.Frequency), "modality", modality)
	label := fmt.Sprintf("%s, %s–%s, %s, %s a partir de %s", clinic.WeekdayName(o.Weekday),
		o.Start, o.End, it.Room, strings.ToLower(o.Frequency.Label()), o.FirstDate.Brazilian())
	switch o.OtherRooms {
	case 0:
	case 1:
		label += " (mais 1 sala livre)"
	default:
		label += fmt.Sprintf(" (mais %d salas livres)", o.OtherRooms)
	}
	it.Label = label
	return it
}

// agendaSkippedText lists the dates a series would skip other than the
// clinic's closed days: "Agenda bloqueada em 15/12 e 22/12."
func agendaSkippedText(list []clinic.Date, closed map[clinic.Date]bool) string {
	var parts []string
	for _, d := range list {
		if !closed[d] {
			parts = append(parts, fmt.Sprintf("%02d/%02d", d.Day, int(d.Month)))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	text := parts[0]
	if len(parts) > 1 {
		text = strings.Join(parts[:len(parts)-1], ", ") + " e " + parts[len(parts)-1]
	}
	return "Agenda bloqueada em " + text + ": sem sessão nesses dias."
}
