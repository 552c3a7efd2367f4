package web

import (
	"net/http"

	"kpsicologia/app/clinic"
	"kpsicologia/app/sqlite"
)

// patientUpcomingLimit is how many coming sessions the patient page
// lists; the agenda shows the rest.
const patientUpcomingLimit = 8

// patientSessionsData is the scheduling block of the patient page: the
// patient's series and next sessions that the user may see.
type patientSessionsData struct {
	Series   []sqlite.Series
	Upcoming []sqlite.Session
	// More is true when sessions beyond Upcoming exist in the next
	// twelve weeks.
	More  bool
	Today string
}

// patientSessions returns the data of the "patient_sessions" partial on
// the patient page (Page.Data.Sessions): the patient's series, running
// ones first, and the next sessions within the horizon, in two queries.
// An error fails the page.
func (s *Server) patientSessions(r *http.Request, p sqlite.Patient) (any, error) {
	ctx, who := r.Context(), actor(r)
	d := &patientSessionsData{Today: s.today()}
	var err error
	if d.Series, err = s.db.PatientSeries(ctx, who, p.ID); err != nil {
		return nil, err
	}
	if p.Deleted() {
		return d, nil
	}
	to := clinic.MustDate(d.Today).AddDays(sqlite.HorizonDays).String()
	list, err := s.db.Sessions(ctx, who, sqlite.SessionFilter{From: d.Today, To: to, PatientID: p.ID})
	if err != nil {
		return nil, err
	}
	if len(list) > patientUpcomingLimit {
		list, d.More = list[:patientUpcomingLimit], true
	}
	d.Upcoming = list
	return d, nil
}
