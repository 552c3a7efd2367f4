package web

import (
	"strings"

	"kpsicologia/app/clinic"
	"kpsicologia/app/export"
	"kpsicologia/app/sqlite"
)

var exportLedgerColumns = []export.Column{
	{Header: "Paciente", Kind: export.Text, Width: 30},
	{Header: "CPF", Kind: export.CPF},
	{Header: "Data", Kind: export.Date},
	{Header: "Lançamento", Kind: export.Text, Width: 14},
	{Header: "Descrição", Kind: export.Text, Width: 36},
	{Header: "Psicóloga", Kind: export.Text},
	{Header: "Forma de pagamento", Kind: export.Text, Width: 14},
	{Header: "Cobrado", Kind: export.Money},
	{Header: "Pago", Kind: export.Money},
	{Header: "Saldo", Kind: export.Money},
}

// exportLedger writes the ledger export: one sheet of charges and
// payments with running balances per patient.
func (s *Server) exportLedger(c *exportCall) error {
	sh, err := s.exportLedgerSheet(c, "Lançamentos")
	if err != nil {
		return err
	}
	return s.exportFooter(c, sh, s.exportLedgerNotes(c, sh)...)
}

// exportLedgerSheet writes the charges and payments of the period and their
// totals, and returns the sheet for its notes.
func (s *Server) exportLedgerSheet(c *exportCall, name string) (*export.Sheet, error) {
	sh, err := c.wb.AddSheet(name, exportLedgerColumns...)
	if err != nil {
		return nil, err
	}
	var charged, paid int64
	err = c.x.EachLedgerEntry(c.r.Context(), c.who, c.from, c.to, func(e sqlite.LedgerEntry) error {
		charged += e.ChargeCents
		paid += e.PaymentCents
		var kind, description, method string
		var charge, payment any
		switch e.Kind {
		case sqlite.LedgerOpening:
			kind, description = "Saldo anterior", "Saldo antes de "+clinic.FormatDateBR(c.from)
		case sqlite.LedgerCharge:
			kind, description, charge = "Cobrança", exportChargeText(e), e.ChargeCents
		case sqlite.LedgerPayment:
			kind, description, payment = "Pagamento", exportPaymentText(e), e.PaymentCents
			method = sqlite.MethodLabel(e.Method)
		}
		return sh.Append(e.PatientName, e.PatientCPF, e.Date, kind,
			description, e.PsychologistName, method, charge, payment,
			e.BalanceCents)
	})
	if err != nil {
		return nil, err
	}
	if sh.Rows() > 0 {
		err = sh.Total("Total do período", nil, nil, nil, nil, nil, nil,
			charged, paid, nil)
	}
	return sh, err
}

func (s *Server) exportLedgerNotes(c *exportCall, sh *export.Sheet) []string {
	notes := exportEmptyNote(sh, "Nenhuma cobrança ou pagamento no período.")
	notes = append(notes, "Saldo: o que o paciente deve depois do lançamento; negativo é crédito do paciente.")
	if c.who.Role == clinic.RolePsychologist {
		notes = append(notes, "Só as suas sessões; de cada pagamento aparece a parte destinada a elas.")
	}
	return notes
}

// exportChargeText describes a charge: its own description, else the session it
// charges for.
func exportChargeText(e sqlite.LedgerEntry) string {
	if e.Description != "" {
		return e.Description
	}
	if t := exportSessionText(e.SessionDate, e.SessionStart); t != "" {
		return t
	}
	return "Cobrança"
}

// exportPaymentText describes a payment by who paid it and its notes.
func exportPaymentText(e sqlite.LedgerEntry) string {
	var parts []string
	if e.PayerName != "" {
		parts = append(parts, "Pago por "+e.PayerName)
	}
	if e.Notes != "" {
		parts = append(parts, e.Notes)
	}
	if len(parts) == 0 {
		return "Pagamento"
	}
	return strings.Join(parts, " · ")
}

// exportReceivables writes the receivables on the chosen date; an admin
// may keep one psychologist's charges with ?psicologa=ID.
func (s *Server) exportReceivables(c *exportCall) error {
	sh, err := s.exportReceivablesSheet(c, "A receber", c.to)
	if err != nil {
		return err
	}
	return s.exportFooter(c, sh, s.exportReceivablesNotes(c, sh, c.to)...)
}

var exportReceivableColumns = []export.Column{
	{Header: "Paciente", Kind: export.Text, Width: 30},
	{Header: "Telefone", Kind: export.Phone},
	{Header: "Psicóloga", Kind: export.Text},
	{Header: "Cobranças em aberto", Kind: export.Integer, Width: 12},
	{Header: "Mais antiga", Kind: export.Date},
	{Header: "Dias da mais antiga", Kind: export.Integer, Width: 10},
	{Header: "Em aberto", Kind: export.Money},
	{Header: "Até 30 dias", Kind: export.Money},
	{Header: "De 31 a 60 dias", Kind: export.Money},
	{Header: "Mais de 60 dias", Kind: export.Money},
	{Header: "Crédito sem alocação", Kind: export.Money, Width: 16},
}

func (s *Server) exportReceivablesSheet(c *exportCall, name, asOf string) (*export.Sheet, error) {
	sh, err := c.wb.AddSheet(name, exportReceivableColumns...)
	if err != nil {
		return nil, err
	}
	var t sqlite.ReceivablesTotals
	f := sqlite.ReceivablesFilter{AsOf: asOf, PsychologistID: c.psychologistID}
	err = c.x.EachReceivable(c.r.Context(), c.who, f, func(r sqlite.ReceivableRow) error {
		t.Add(r)
		patient := r.PatientName
		if r.Deleted {
			patient += " (excluído)"
		}
		return sh.Append(patient, r.Phone, r.PsychologistName, r.Charges,
			r.OldestDate, r.AgeDays, r.OpenCents, r.Upto30Cents,
			r.Upto60Cents, r.Over60Cents, r.CreditCents)
	})
	if err != nil || sh.Rows() == 0 {
		return sh, err
	}
	return sh, sh.Total("Total", nil, nil, t.Patients, nil, nil, t.OpenCents,
		t.Upto30Cents, t.Upto60Cents, t.Over60Cents, t.CreditCents)
}

func (s *Server) exportReceivablesNotes(c *exportCall, sh *export.Sheet, asOf string) []string {
	notes := exportEmptyNote(sh, "Ninguém deve nada em "+clinic.FormatDateBR(asOf)+".")
	notes = append(notes, "Posição em "+clinic.FormatDateBR(asOf)+
		": cobranças até essa data menos os pagamentos até essa data destinados a elas. "+
		"Cada parte não paga conta pela data da sua cobrança (a data da sessão).",
		"Crédito sem alocação: o que o paciente pagou até essa data e ainda não paga nenhuma sessão.")
	if c.who.Role == clinic.RolePsychologist {
		notes = append(notes, "Só as cobranças das suas sessões.")
	}
	return notes
}

// exportExpenses writes the expenses of the period and their totals by
// category.
func (s *Server) exportExpenses(c *exportCall) error {
	sh, err := s.exportExpensesSheet(c, "Despesas")
	if err != nil {
		return err
	}
	if err := s.exportFooter(c, sh, exportEmptyNote(sh, "Nenhuma despesa no período.")...); err != nil {
		return err
	}

	cats, err := c.x.ExpensesByCategory(c.r.Context(), c.who, c.from, c.to)
	if err != nil {
		return err
	}
	cs, err := c.wb.AddSheet("Por categoria",
		export.Column{Header: "Categoria", Kind: export.Text, Width: 28},
		export.Column{Header: "Despesas", Kind: export.Integer},
		export.Column{Header: "Total", Kind: export.Money})
	if err != nil {
		return err
	}

	var n int
	var total int64
	for _, cat := range cats {
		n += cat.Count
		total += cat.Cents
		if err := cs.Append(cat.Name, cat.Count, cat.Cents); err != nil {
			return err
		}
	}
	if len(cats) > 0 {
		if err := cs.Total("Total", n, total); err != nil {
			return err
		}
	}
	return s.exportFooter(c, cs)
}

var exportExpenseColumns = []export.Column{
	{Header: "Data", Kind: export.Date},
	{Header: "Categoria", Kind: export.Text, Width: 20},
	{Header: "Unidade", Kind: export.Text, Width: 16},
	{Header: "Descrição", Kind: export.Text, Width: 36},
	{Header: "Valor", Kind: export.Money},
	{Header: "Lançada em", Kind: export.DateTime},
	{Header: "Lançada por", Kind: export.Text, Width: 18},
}

func (s *Server) exportExpensesSheet(c *exportCall, name string) (*export.Sheet, error) {
	sh, err := c.wb.AddSheet(name, exportExpenseColumns...)
	if err != nil {
		return nil, err
	}
	var total int64
	f := sqlite.ExpenseFilter{From: c.from, To: c.to}
	err = c.x.EachExpense(c.r.Context(), c.who, f, func(e sqlite.Expense) error {
		total += e.AmountCents
		unit := e.UnitName
		if unit == "" {
			unit = sqlite.UnitGeneralName
		}
		return sh.Append(e.Date, e.CategoryName, unit, e.Description,
			e.AmountCents, exportInstant(e.CreatedAt), e.CreatedBy)
	})
	if err != nil || sh.Rows() == 0 {
		return sh, err
	}
	return sh, sh.Total(nil, nil, nil, "Total", total, nil, nil)
}
