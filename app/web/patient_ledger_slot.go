package web

import (
	"net/http"

	"kpsicologia/app/sqlite"
)

// patientLedger returns the data of the "patient_ledger" partial on the
// patient page (Page.Data.Ledger); an error fails the page.
//
// TODO: the finance area replaces this file and
// assets/templates/partials/patient_ledger.html with the patient's
// charges, payments and balance.
func (s *Server) patientLedger(r *http.Request, p sqlite.Patient) (any, error) {
	return nil, nil
}
