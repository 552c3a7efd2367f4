package web

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"kpsicologia/app/clinic"
	"kpsicologia/app/sqlite"
)

// agendaParams are the central agenda's query parameters.
type agendaParams struct {
	Date clinic.Date
	View string // "day" or "week"
	By   string // "room" or "psychologist"
	// UnitID is the unit shown, and 0 means every unit. unitSet records
	// that the request chose it, so a first visit can default to one unit.
	UnitID         int64
	unitSet        bool
	RoomID         int64
	PsychologistID int64
	Modality       string
	Status         string
	// All shows every psychologist column, not only those working that
	// day.
	All bool
}

// parseAgendaParams reads the query of r. Unknown or malformed values
// fall back to their defaults, so an edited URL still shows an agenda.
func parseAgendaParams(r *http.Request, today clinic.Date) agendaParams {
	q := r.URL.Query()
	p := agendaParams{Date: today, View: "day", By: "room"}
	if d, err := clinic.ParseDate(q.Get("date")); err == nil {
		p.Date = d
	}
	if q.Get("view") == "week" {
		p.View = "week"
	}
	if q.Get("by") == "psychologist" {
		p.By = "psychologist"
	}
	if v := q.Get("unit"); v != "" {
		p.UnitID, p.unitSet = agendaParseID(v), true
	}
	p.RoomID = agendaParseID(q.Get("room"))
	p.PsychologistID = agendaParseID(q.Get("psychologist"))
	if m := q.Get("modality"); m == "in_person" || m == "online" {
		p.Modality = m
	}
	if st := q.Get("status"); st == sqlite.AgendaStatusActive || agendaStatusLabels[st] != "" {
		p.Status = st
	}
	p.All = q.Get("all") == "1"
	return p
}

func agendaParseID(s string) int64 {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id < 0 {
		return 0
	}
	return id
}

// span returns the dates the view covers: the day, or Monday to Sunday.
func (p agendaParams) span() (clinic.Date, clinic.Date) {
	if p.View == "week" {
		from := agendaWeekStart(p.Date)
		return from, from.AddDays(6)
	}
	return p.Date, p.Date
}

// step returns the number of days the previous and next links move.
func (p agendaParams) step() int {
	if p.View == "week" {
		return 7
	}
	return 1
}

// query returns p as URL parameters. The unit is always written, so a
// link keeps "every unit" once chosen.
func (p agendaParams) query() url.Values {
	q := url.Values{}
	q.Set("date", p.Date.String())
	q.Set("view", p.View)
	q.Set("by", p.By)
	q.Set("unit", strconv.FormatInt(p.UnitID, 10))
	if p.RoomID != 0 {
		q.Set("room", strconv.FormatInt(p.RoomID, 10))
	}
	if p.PsychologistID != 0 {
		q.Set("psychologist", strconv.FormatInt(p.PsychologistID, 10))
	}
	if p.Modality != "" {
		q.Set("modality", p.Modality)
	}
	if p.Status != "" {
		q.Set("status", p.Status)
	}
	if p.All {
		q.Set("all", "1")
	}
	return q
}

// url returns the central agenda's URL for p.
func (p agendaParams) url() string {
	return "/agenda?" + p.query().Encode()
}

func (p agendaParams) withDate(d clinic.Date) agendaParams {
	p.Date = d
	return p
}

// agendaNowClock returns the clinic's current wall-clock time.
func agendaNowClock(now time.Time, loc *time.Location) clinic.Clock {
	t := now.In(loc)
	return clinic.ClockOf(t.Hour(), t.Minute())
}
