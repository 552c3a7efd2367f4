package web

import (
	"net/http"
	"time"

	"kpsicologia/app/clinic"
)

// exportsData is the data of the exports page.
type exportsData struct {
	Kinds []exportKind
	// From and To are the current month's first and last days, the
	// default period; Today is the default position date.
	From, To, Today string
	// Month and PrevMonth are "YYYY-MM", for the quick links.
	Month, PrevMonth string
	MonthLabel       string
	PrevMonthLabel   string
	// Failed is the slug of the export whose input is shown again, with
	// FailedMessage beside it.
	Failed        string
	FailedMessage string
	// Psychologists are the choices of the payout filter, for an admin.
	Psychologists []clinic.Choice
}

// exportsPage builds the exports page for r's user: the exports their
// role may download.
func (s *Server) exportsPage(r *http.Request) *Page {
	u := currentUser(r)
	today := s.today()
	first, _ := time.Parse(time.DateOnly, today[:8]+"01")
	prev := first.AddDate(0, -1, 0)
	d := &exportsData{
		From:           first.Format(time.DateOnly),
		To:             exportMonthEnd(first.Format(time.DateOnly)),
		Today:          today,
		Month:          first.Format("2006-01"),
		PrevMonth:      prev.Format("2006-01"),
		MonthLabel:     exportMonthLabel(first),
		PrevMonthLabel: exportMonthLabel(prev),
	}
	for _, k := range exportKinds() {
		if u != nil && hasRole(k.Roles, u.Role) {
			d.Kinds = append(d.Kinds, k)
		}
	}
	if u != nil && u.Role == clinic.RoleAdmin {
		choices, err := s.db.PsychologistChoices(r.Context())
		if err != nil {
			// The page still works without the filter: every
			// psychologist is in the payout workbook.
			s.log.Error("list psychologists for exports", "err", err)
		}
		d.Psychologists = choices
	}
	return &Page{Title: "Planilhas", Data: d}
}

func exportMonthLabel(t time.Time) string {
	return t.Format("01/2006")
}

// exportsList shows the exports page.
func (s *Server) exportsList(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "exports", s.exportsPage(r))
}

// FormValue returns the submitted value of field for export slug when
// that export failed, or def otherwise, so only the failed card shows the
// user's input again.
func (d *exportsData) FormValue(p *Page, slug, field, def string) string {
	if d.Failed == slug && p.Form != nil {
		if v, ok := p.Form[field]; ok {
			return v[0]
		}
	}
	return def
}
