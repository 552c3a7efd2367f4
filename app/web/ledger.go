package web

import (
	"net/http"

	"kpsicologia/app/sqlite"
)

// ledgerData contains the "patient_ledger" partial's input: a patient's
// statement and how much of it to show.
type ledgerData struct {
	Statement sqlite.Statement
	// Compact limits the partial to the summary and the latest lines,
	// for the patient page.
	Compact bool
	Return  string
}

// ledgerCompactLines is how many statement lines the patient page shows.
const ledgerCompactLines = 8

// Lines returns the lines to show, newest last.
func (d ledgerData) Lines() []sqlite.StatementLine {
	l := d.Statement.Lines
	if d.Compact && len(l) > ledgerCompactLines {
		return l[len(l)-ledgerCompactLines:]
	}
	return l
}

// Hidden returns how many older lines the compact view leaves out.
func (d ledgerData) Hidden() int {
	return len(d.Statement.Lines) - len(d.Lines())
}

// patientLedger returns the data of the "patient_ledger" partial for the
// patient page: the statement of the last twelve months, compact. The
// patient page's handler calls it and renders
// {{template "patient_ledger" .Data.Ledger}}. A psychologist asking for
// another's patient gets the store's ErrNotFound.
func (s *Server) patientLedger(r *http.Request, patientID int64) (ledgerData, error) {
	from := sqlite.AddMonths(s.today()[:7], -11) + "-01"
	st, err := s.db.PatientStatement(r.Context(), actor(r), patientID, from, "")
	return ledgerData{Statement: st, Compact: true, Return: r.URL.RequestURI()}, err
}

type ledgerPageData struct {
	Ledger   ledgerData
	From, To string
}

func (s *Server) ledgerPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	today := s.today()
	start := sqlite.AddMonths(today[:7], -5) + "-01"
	from := financeDate(q.Get("from"), start)
	if q.Get("from") == "" && q.Has("from") {
		from = ""
	}
	to := financeDate(q.Get("to"), "")
	st, err := s.db.PatientStatement(r.Context(), actor(r), pathID(r), from, to)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "ledger", &Page{Title: "Extrato de " + st.PatientName,
		Data: ledgerPageData{Ledger: ledgerData{Statement: st, Return: r.URL.RequestURI()},
			From: from, To: to}})
}
