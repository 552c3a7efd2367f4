package web

import "net/http"

// exportRoutes returns the routes of the export area: the exports page
// and one GET route per spreadsheet, each with its export's roles.
//
// The spreadsheet URLs are stable, so people can bookmark them:
//
//	/exports                        the exports page (everyone)
//	/exports/pacientes.xlsx         patients (everyone; a psychologist gets own patients)
//	/exports/agenda.xlsx            sessions in the period (everyone; psychologist: own)
//	/exports/presencas.xlsx         attendance up to today and a summary by psychologist (everyone; psychologist: own)
//	/exports/lancamentos.xlsx       charges and payments with running balances (admin, psychologist: own)
//	/exports/a-receber.xlsx         receivables on a date, each charge aged 0–30, 31–60, >60 days (admin, psychologist: own)
//	/exports/despesas.xlsx          expenses and totals by category (admin)
//	/exports/resumo-mensal.xlsx     monthly summary by unit, psychologist and method (admin)
//	/exports/repasse.xlsx           payout statement, one sheet per psychologist (admin, psychologist: own)
//	/exports/fechamento.xlsx        month-end workbook: Resumo, Lançamentos, Despesas, A receber, Repasse (admin)
//
// Every spreadsheet takes ?from=YYYY-MM-DD&to=YYYY-MM-DD (dd/mm/aaaa also
// works) or ?month=YYYY-MM; without them the period is the current month
// in the clinic's time zone. a-receber reads only to, the position date,
// which defaults to today. a-receber and repasse also take ?psicologa=ID.
func (s *Server) exportRoutes() []route {
	routes := []route{get("/exports", everyone, s.exportsList)}
	for _, k := range exportKinds() {
		routes = append(routes, route{Method: http.MethodGet,
			Path: "/exports/" + k.Slug + ".xlsx", Access: signedIn,
			Roles: k.Roles, Handler: s.exportHandler(k)})
	}
	return routes
}
