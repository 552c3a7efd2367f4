package web

import (
	"net/http"
	"strings"

	"kpsicologia/app/clinic"
	"kpsicologia/app/sqlite"
)

type closingMonth struct {
	Month, Title string
	Clinic       *sqlite.Closing // the active clinic-wide closing, if any
	ByPsych      []sqlite.Closing
}

type closingListData struct {
	Months        []closingMonth // the last twelve months, newest first
	History       []sqlite.Closing
	Psychologists []clinic.Choice
	DefaultMonth  string
}

func (s *Server) closingData(r *http.Request) (closingListData, error) {
	today := s.today()
	d := closingListData{Psychologists: s.psychologistChoices(r),
		DefaultMonth: sqlite.AddMonths(today[:7], -1)}
	all, err := s.db.MonthClosings(r.Context())
	if err != nil {
		return d, err
	}
	d.History = all
	for i := 0; i < 12; i++ {
		m := sqlite.AddMonths(today[:7], -i)
		cm := closingMonth{Month: m, Title: monthTitle(m)}
		for j := range all {
			c := &all[j]
			if c.Month != m || c.Open() {
				continue
			}
			if c.PsychologistID == 0 {
				cm.Clinic = c
			} else {
				cm.ByPsych = append(cm.ByPsych, *c)
			}
		}
		d.Months = append(d.Months, cm)
	}
	return d, nil
}

func (s *Server) closingList(w http.ResponseWriter, r *http.Request) {
	d, err := s.closingData(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "closings", &Page{Title: "Fechamento de mês", Data: d,
		Form: map[string][]string{"month": {d.DefaultMonth}}})
}

func (s *Server) closingFormError(w http.ResponseWriter, r *http.Request, err error) {
	d, derr := s.closingData(r)
	if derr != nil {
		s.fail(w, r, derr)
		return
	}
	s.formError(w, r, "closings", &Page{Title: "Fechamento de mês", Data: d}, err)
}

func (s *Server) closingCreate(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	in := sqlite.CloseMonthInput{Month: parseMonth(r.PostForm.Get("month")),
		PsychologistID: financeID(r.PostForm.Get("psychologist_id")), Today: s.today()}
	if _, err := s.db.CloseMonth(r.Context(), actor(r), in); err != nil {
		s.closingFormError(w, r, err)
		return
	}
	s.redirect(w, r, "/finance/closings", monthTitle(in.Month)+" fechado. "+
		"Presenças e pagamentos desse mês não podem mais ser alterados.")
}

func (s *Server) closingReopen(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	err := s.db.ReopenMonth(r.Context(), actor(r), pathID(r), r.PostForm.Get("reason"))
	if err != nil {
		if clinic.ErrorCode(err) == clinic.ErrInvalid {
			s.failBack(w, r, "/finance/closings", err)
			return
		}
		s.closingFormError(w, r, err)
		return
	}
	s.redirect(w, r, "/finance/closings", "Mês reaberto. O motivo ficou registrado.")
}

// parseMonth reads a month input's "2026-11", or "11/2026" typed where
// the browser shows a text box.
func parseMonth(v string) string {
	v = strings.TrimSpace(v)
	if m, y, ok := strings.Cut(v, "/"); ok && len(y) == 4 && len(m) <= 2 {
		if len(m) == 1 {
			m = "0" + m
		}
		return y + "-" + m
	}
	return v
}
