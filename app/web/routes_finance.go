package web

import "kpsicologia/app/clinic"

// psychOnly is the role set of the psychologists' own pages.
var psychOnly = []clinic.Role{clinic.RolePsychologist}

// financeRoutes returns the routes of the finance area: attendance,
// payments and the patient ledger for every role (a psychologist gets only
// their own), receivables for the admin and psychologists, and expenses,
// the month summary, the charge policy and month closings for the admin.
func (s *Server) financeRoutes() []route {
	return []route{
		get("/attendance", everyone, s.attendanceList),
		post("/attendance/bulk", everyone, s.attendanceBulk),
		get("/attendance/{id:[0-9]+}", everyone, s.attendanceSessionForm),
		post("/attendance/{id:[0-9]+}", everyone, s.attendanceSubmit),

		get("/payments", everyone, s.paymentList),
		get("/payments/new", everyone, s.paymentPatientSearch),
		get("/payments/{id:[0-9]+}", everyone, s.paymentShow),
		post("/payments/{id:[0-9]+}/delete", everyone, s.paymentDelete),
		get("/patients/{id:[0-9]+}/payments/new", everyone, s.paymentForm),
		post("/patients/{id:[0-9]+}/payments", everyone, s.paymentCreate),
		post("/patients/{id:[0-9]+}/credit", everyone, s.creditApply),
		post("/charges/{id:[0-9]+}/release", everyone, s.chargeRelease),
		get("/patients/{id:[0-9]+}/ledger", everyone, s.ledgerPage),

		get("/receivables", adminAndPsych, s.receivablesPage),

		get("/expenses", adminOnly, s.expenseList),
		get("/expenses/new", adminOnly, s.expenseNewForm),
		post("/expenses", adminOnly, s.expenseCreate),
		get("/expenses/{id:[0-9]+}/edit", adminOnly, s.expenseEditForm),
		post("/expenses/{id:[0-9]+}", adminOnly, s.expenseUpdate),
		post("/expenses/{id:[0-9]+}/delete", adminOnly, s.expenseDelete),
		get("/expenses/categories", adminOnly, s.expenseCategoryList),
		post("/expenses/categories", adminOnly, s.expenseCategoryCreate),
		post("/expenses/categories/{id:[0-9]+}", adminOnly, s.expenseCategoryUpdate),

		get("/finance", adminOnly, s.financeSummary),
		get("/finance/settings", adminOnly, s.financeSettingsForm),
		post("/finance/settings", adminOnly, s.financeSettingsSubmit),
		get("/finance/closings", adminOnly, s.closingList),
		post("/finance/closings", adminOnly, s.closingCreate),
		post("/finance/closings/{id:[0-9]+}/reopen", adminOnly, s.closingReopen),

		get("/my/payout", psychOnly, s.myPayout),
	}
}
