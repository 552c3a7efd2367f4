package web

import (
	"net/http"

	"kpsicologia/app/sqlite"
)

// patientSessions returns the data of the "patient_sessions" partial on
// the patient page (Page.Data.Sessions); an error fails the page.
//
// TODO: the scheduling area replaces this file and
// assets/templates/partials/patient_sessions.html with the patient's
// series and sessions.
func (s *Server) patientSessions(r *http.Request, p sqlite.Patient) (any, error) {
	return nil, nil
}
