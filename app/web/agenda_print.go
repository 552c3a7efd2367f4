package web

import (
	"bytes"
	"cmp"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"kpsicologia/app/clinic"
	"kpsicologia/app/sqlite"
)

// agendaPrintData is the reception's printable day sheet.
type agendaPrintData struct {
	DateLong  string
	DateValue string
	UnitName  string
	PrintedAt string
	Notes     []string
	Rows      []agendaBlock
	// Cancelled counts the sessions left off the sheet because they were
	// called off.
	Cancelled int
	BackURL   string
	Units     []agendaOption
}

// agendaPrintURL returns the day sheet's URL for date and unit.
func agendaPrintURL(date clinic.Date, unitID int64) string {
	q := url.Values{}
	q.Set("date", date.String())
	q.Set("unit", strconv.FormatInt(unitID, 10))
	return "/agenda/print?" + q.Encode()
}

// agendaPrint serves the day sheet: the day's sessions of one unit, by
// time and room, with a column to tick who came. It has its own page
// shell with no navigation and an A4 print stylesheet.
func (s *Server) agendaPrint(w http.ResponseWriter, r *http.Request) {
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
	a, err := s.db.Agenda(r.Context(), actor(r), sqlite.AgendaFilter{
		From: p.Date, To: p.Date, UnitID: p.UnitID})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	back := agendaParams{Date: p.Date, View: "day", By: "room", UnitID: p.UnitID}
	d := &agendaPrintData{DateLong: agendaTitleCase(agendaLongDate(p.Date)),
		DateValue: p.Date.String(), UnitName: "Todas as unidades",
		PrintedAt: s.now().In(s.loc).Format("02/01/2006 15:04"),
		BackURL:   back.url(),
		Units:     agendaIDOptions(a.Units, p.UnitID, "Todas as unidades")}
	for _, u := range a.Units {
		if u.ID == p.UnitID {
			d.UnitName = u.Name
		}
	}
	if note := agendaDayNote(a, p.Date); note != "" {
		d.Notes = append(d.Notes, note)
	}
	d.Rows, d.Cancelled = agendaSheetRows(a.Sessions)
	s.renderAgendaSheet(w, r, &Page{Title: "Agenda do dia " + p.Date.Brazilian(), Bare: true, Data: d})
}

// agendaSheetRows returns the sessions to print, by time and then room
// with online sessions last, leaving out the cancelled ones and counting
// them.
func agendaSheetRows(list []sqlite.AgendaSession) ([]agendaBlock, int) {
	conflicts := agendaConflicts(list)
	var kept []sqlite.AgendaSession
	cancelled := 0
	for _, s := range list {
		if sqlite.AgendaCancelled(s.Status) {
			cancelled++
			continue
		}
		kept = append(kept, s)
	}
	slices.SortStableFunc(kept, func(a, b sqlite.AgendaSession) int {
		if c := cmp.Compare(a.Start, b.Start); c != 0 {
			return c
		}
		if (a.RoomID == 0) != (b.RoomID == 0) {
			if a.RoomID == 0 {
				return 1
			}
			return -1
		}
		return sqlite.AgendaCompareNames(a.RoomName, b.RoomName)
	})
	rows := make([]agendaBlock, len(kept))
	for i, s := range kept {
		rows[i] = agendaBlockOf(s, conflicts[s.ID])
	}
	return rows, cancelled
}

// renderAgendaSheet renders the day sheet with its own shell, the
// template "agenda_sheet" of the agenda_print page, instead of the
// layout with the sidebar.
func (s *Server) renderAgendaSheet(w http.ResponseWriter, r *http.Request, p *Page) {
	t, ok := s.pages.pages["agenda_print"]
	if !ok {
		s.log.Error("missing template", "template", "agenda_print")
		http.Error(w, "Página indisponível.", http.StatusInternalServerError)
		return
	}
	s.fillPage(w, r, p)
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "agenda_sheet", p); err != nil {
		s.log.Error("render template", "template", "agenda_print", "err", err)
		http.Error(w, "Não foi possível mostrar esta página. Avise o administrador.",
			http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	w.Write(buf.Bytes())
}
