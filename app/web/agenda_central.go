package web

import (
	"net/http"

	"kpsicologia/app/clinic"
	"kpsicologia/app/sqlite"
)

// agendaCentralData is the central agenda page.
type agendaCentralData struct {
	Params    agendaParams
	Heading   string
	DateValue string
	PrevURL   string
	NextURL   string
	TodayURL  string
	DayURL    string
	WeekURL   string
	ByRoomURL string
	ByPsyURL  string
	AllURL    string
	PrintURL  string
	NewURL    string
	IsToday   bool

	Units         []agendaOption
	Rooms         []agendaOption
	Psychologists []agendaOption
	Modalities    []agendaOption
	Statuses      []agendaOption

	// Notes are the holidays and closures in the range.
	Notes []string
	// FallbackNote explains why every psychologist is shown.
	FallbackNote string
	Day          *agendaDayGrid
	Week         *agendaWeekMatrix
	Sessions     int
	Cancelled    int
	Conflicts    int
}

// agendaCentral serves the central agenda: a day grid of time × rooms or
// psychologists, or a week of days × rooms or psychologists.
func (s *Server) agendaCentral(w http.ResponseWriter, r *http.Request) {
	today := clinic.Today(s.loc, s.now())
	p := parseAgendaParams(r, today)
	if !p.unitSet {
		units, err := s.db.AgendaUnits(r.Context())
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if len(units) > 0 {
			p.UnitID = units[0].ID
		}
	}
	from, to := p.span()
	a, err := s.db.Agenda(r.Context(), actor(r), sqlite.AgendaFilter{
		From: from, To: to, UnitID: p.UnitID, RoomID: p.RoomID,
		PsychologistID: p.PsychologistID, Modality: p.Modality, Status: p.Status})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := s.agendaCentralPage(p, a, today)
	s.render(w, r, http.StatusOK, "agenda_central", &Page{Title: "Agenda central", Data: d})
}

func (s *Server) agendaCentralPage(p agendaParams, a *sqlite.Agenda, today clinic.Date) *agendaCentralData {
	from, to := p.span()
	d := &agendaCentralData{
		Params:    p,
		DateValue: p.Date.String(),
		PrevURL:   p.withDate(p.Date.AddDays(-p.step())).url(),
		NextURL:   p.withDate(p.Date.AddDays(p.step())).url(),
		TodayURL:  p.withDate(today).url(),
		IsToday:   !today.Before(from) && !today.After(to),
		PrintURL:  agendaPrintURL(p.Date, p.UnitID),
		NewURL:    agendaNewSessionURL("date", p.Date.String()),
	}
	view := p
	view.View = "day"
	d.DayURL = view.url()
	view.View = "week"
	d.WeekURL = view.url()
	view = p
	view.By, view.RoomID = "room", 0
	d.ByRoomURL = view.url()
	view.By = "psychologist"
	d.ByPsyURL = view.url()
	view = p
	view.All = !p.All
	d.AllURL = view.url()
	if p.View == "week" {
		d.Heading = agendaRangeTitle(from, to)
	} else {
		d.Heading = agendaTitleCase(agendaLongDate(p.Date))
	}
	d.fillFilters(p, a)
	for day := from; !day.After(to); day = day.AddDays(1) {
		if note := agendaDayNote(a, day); note != "" {
			if p.View == "week" {
				note = agendaShortDate(day) + " · " + note
			}
			d.Notes = append(d.Notes, note)
		}
	}
	conflicts := agendaConflicts(a.Sessions)
	for _, ss := range a.Sessions {
		if sqlite.AgendaCancelled(ss.Status) {
			d.Cancelled++
		}
	}
	d.Sessions, d.Conflicts = len(a.Sessions), len(conflicts)
	cols, fallback := agendaColumns(p, a)
	if fallback {
		d.FallbackNote = "Nenhuma psicóloga tem horário cadastrado neste período; mostrando todas."
	}
	if p.View == "week" {
		d.Week = agendaWeek(p, a, cols, conflicts, today)
	} else {
		now := agendaNowClock(s.now(), s.loc)
		d.Day = agendaDay(p, a, cols, conflicts, today, now)
	}
	return d
}

// fillFilters builds the filter selects. The room list follows the unit
// filter, so a clinic with many units lists only the rooms that apply.
func (d *agendaCentralData) fillFilters(p agendaParams, a *sqlite.Agenda) {
	d.Units = agendaIDOptions(a.Units, p.UnitID, "Todas")
	var rooms, psys []clinic.Choice
	for _, rm := range a.Rooms {
		if rm.Active && (p.UnitID == 0 || rm.UnitID == p.UnitID) {
			name := rm.Name
			if p.UnitID == 0 {
				name += " (" + rm.UnitName + ")"
			}
			rooms = append(rooms, clinic.Choice{ID: rm.ID, Name: name})
		}
	}
	for _, ps := range a.Psychologists {
		if ps.Active && ps.InUnit(p.UnitID) {
			psys = append(psys, clinic.Choice{ID: ps.ID, Name: ps.Name})
		}
	}
	d.Rooms = agendaIDOptions(rooms, p.RoomID, "Todas")
	d.Psychologists = agendaIDOptions(psys, p.PsychologistID, "Todas")
	d.Modalities = agendaTextOptions([][2]string{{"", "Todas"},
		{"in_person", "Presencial"}, {"online", "Online"}}, p.Modality)
	statuses := [][2]string{{"", "Todas"}, {sqlite.AgendaStatusActive, "Sem as desmarcadas"}}
	for _, st := range agendaStatusOrder {
		statuses = append(statuses, [2]string{st, agendaStatusLabels[st]})
	}
	d.Statuses = agendaTextOptions(statuses, p.Status)
}
