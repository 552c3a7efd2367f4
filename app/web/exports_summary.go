package web

import (
	"fmt"

	"kpsicologia/app/clinic"
	"kpsicologia/app/export"
	"kpsicologia/app/sqlite"
)

var exportSummaryColumns = []export.Column{
	{Header: "Seção", Kind: export.Text, Width: 20},
	{Header: "Item", Kind: export.Text, Width: 40},
	{Header: "Quantidade", Kind: export.Integer, Width: 12},
	{Header: "Valor", Kind: export.Money, Width: 17},
}

// exportSummarySheet writes the monthly summary as section, item, count and
// value lines. withUnits adds the units' lines, for workbooks without a
// sheet by unit.
func (s *Server) exportSummarySheet(c *exportCall, sum sqlite.ExportSummary, withUnits bool) error {
	sh, err := c.wb.AddSheet("Resumo", exportSummaryColumns...)
	if err != nil {
		return err
	}
	asOf := clinic.FormatDateBR(sum.To)
	rows := [][]any{
		{"Geral", "Faturado (cobranças do período)", sum.Charges, sum.BilledCents},
		{"Geral", "Recebido (pagamentos do período)", sum.Payments, sum.ReceivedCents},
		{"Geral", "Despesas", sum.Expenses, sum.ExpensesCents},
		{"Geral", "Resultado (recebido − despesas)", nil, sum.ResultCents},
		{"A receber", "Total em " + asOf + " (pacientes)", sum.Receivables.Patients, sum.Receivables.OpenCents},
		{"A receber", "Até 30 dias", nil, sum.Receivables.Upto30Cents},
		{"A receber", "De 31 a 60 dias", nil, sum.Receivables.Upto60Cents},
		{"A receber", "Mais de 60 dias", nil, sum.Receivables.Over60Cents},
		{"Repasse", "Repasse às psicólogas", nil, sum.PayoutCents},
		{"Repasse", "Parte da clínica", nil, sum.ClinicCents},
		{"Repasse", "Recebido sem alocação a sessões", nil, sum.UnallocatedCents},
	}
	for _, m := range sum.Methods {
		rows = append(rows, []any{"Forma de pagamento",
			exportLabel(exportMethodLabels, m.Key), m.Count, m.Cents})
	}
	if withUnits {
		for _, u := range sum.Units {
			name := exportUnitName(u)
			rows = append(rows,
				[]any{"Unidade", name + ": faturado", nil, u.BilledCents},
				[]any{"Unidade", name + ": recebido", nil, u.ReceivedCents},
				[]any{"Unidade", name + ": despesas", nil, u.ExpensesCents},
				[]any{"Unidade", name + ": resultado", nil, u.ResultCents})
		}
	}
	for _, row := range rows {
		if err := sh.Append(row...); err != nil {
			return err
		}
	}
	return s.exportFooter(c, sh,
		"Faturado: cobranças com data no período. Recebido: pagamentos com data no período. "+
			"Resultado: recebido menos despesas.",
		"Repasse: percentual de cada psicóloga sobre o que foi recebido pelas sessões dela, "+
			"arredondado ao centavo (metade para cima).")
}

// exportUnitName is a unit's name, or what money without a unit is called.
func exportUnitName(u sqlite.ExportUnit) string {
	if u.UnitID == 0 {
		return "Sem unidade (online e gerais)"
	}
	return u.Name
}

// exportSummary writes the monthly summary workbook.
func (s *Server) exportSummary(c *exportCall) error {
	sum, err := c.x.Summary(c.r.Context(), c.who, c.from, c.to)
	if err != nil {
		return err
	}
	if err := s.exportSummarySheet(c, sum, false); err != nil {
		return err
	}
	if err := s.exportUnitsSheet(c, sum); err != nil {
		return err
	}
	if err := s.exportPayoutsSheet(c, "Por psicóloga", sum.Psychologists); err != nil {
		return err
	}
	return s.exportMethodsSheet(c, sum)
}

func (s *Server) exportUnitsSheet(c *exportCall, sum sqlite.ExportSummary) error {
	sh, err := c.wb.AddSheet("Por unidade",
		export.Column{Header: "Unidade", Kind: export.Text, Width: 30},
		export.Column{Header: "Faturado", Kind: export.Money},
		export.Column{Header: "Recebido", Kind: export.Money},
		export.Column{Header: "Despesas", Kind: export.Money},
		export.Column{Header: "Resultado", Kind: export.Money})
	if err != nil {
		return err
	}
	var billed, received, expenses int64
	for _, u := range sum.Units {
		billed += u.BilledCents
		received += u.ReceivedCents
		expenses += u.ExpensesCents
		if err := sh.Append(exportUnitName(u), u.BilledCents, u.ReceivedCents,
			u.ExpensesCents, u.ResultCents); err != nil {
			return err
		}
	}
	if len(sum.Units) > 0 {
		err := sh.Total("Total", billed, received, expenses, received-expenses)
		if err != nil {
			return err
		}
	}
	return s.exportFooter(c, sh, "A unidade de uma cobrança é a da sala da sessão; "+
		"o recebido conta só os pagamentos destinados a sessões.")
}

func (s *Server) exportMethodsSheet(c *exportCall, sum sqlite.ExportSummary) error {
	sh, err := c.wb.AddSheet("Por forma de pagamento",
		export.Column{Header: "Forma de pagamento", Kind: export.Text},
		export.Column{Header: "Pagamentos", Kind: export.Integer, Width: 12},
		export.Column{Header: "Valor", Kind: export.Money})
	if err != nil {
		return err
	}
	for _, m := range sum.Methods {
		if err := sh.Append(exportLabel(exportMethodLabels, m.Key), m.Count, m.Cents); err != nil {
			return err
		}
	}
	if len(sum.Methods) > 0 {
		if err := sh.Total("Total", sum.Payments, sum.ReceivedCents); err != nil {
			return err
		}
	}
	return s.exportFooter(c, sh, exportEmptyNote(sh, "Nenhum pagamento no período.")...)
}

var exportPayoutColumns = []export.Column{
	{Header: "Psicóloga", Kind: export.Text, Width: 28},
	{Header: "CRP", Kind: export.Text, Width: 12},
	{Header: "Sessões realizadas", Kind: export.Integer, Width: 12},
	{Header: "Faturado", Kind: export.Money},
	{Header: "Recebido", Kind: export.Money},
	{Header: "Percentual", Kind: export.Percent, Width: 11},
	{Header: "Repasse", Kind: export.Money},
	{Header: "Parte da clínica", Kind: export.Money, Width: 16},
	{Header: "A receber no fim do período", Kind: export.Money, Width: 18},
}

// exportPayoutsSheet writes one line per psychologist with their payout.
func (s *Server) exportPayoutsSheet(c *exportCall, name string, payouts []sqlite.ExportPayout) error {
	sh, err := c.wb.AddSheet(name, exportPayoutColumns...)
	if err != nil {
		return err
	}
	var t sqlite.ExportPayout
	for _, p := range payouts {
		t.SessionsDone += p.SessionsDone
		t.BilledCents += p.BilledCents
		t.ReceivedCents += p.ReceivedCents
		t.PayoutCents += p.PayoutCents
		t.ClinicCents += p.ClinicCents
		t.ReceivableCents += p.ReceivableCents
		if err := sh.Append(p.PsychologistName, p.CRP, p.SessionsDone,
			p.BilledCents, p.ReceivedCents, p.ShareBP, p.PayoutCents,
			p.ClinicCents, p.ReceivableCents); err != nil {
			return err
		}
	}
	if len(payouts) > 1 {
		err := sh.Total("Total", nil, t.SessionsDone, t.BilledCents,
			t.ReceivedCents, nil, t.PayoutCents, t.ClinicCents, t.ReceivableCents)
		if err != nil {
			return err
		}
	}
	return s.exportFooter(c, sh, exportEmptyNote(sh, "Nenhuma psicóloga com movimento no período.")...)
}

var exportPayoutLineColumns = []export.Column{
	{Header: "Data do pagamento", Kind: export.Date, Width: 13},
	{Header: "Paciente", Kind: export.Text, Width: 30},
	{Header: "Sessão", Kind: export.DateTime},
	{Header: "Descrição", Kind: export.Text, Width: 30},
	{Header: "Forma de pagamento", Kind: export.Text, Width: 14},
	{Header: "Valor recebido", Kind: export.Money},
}

// exportPayout writes the payout statement: a summary line per
// psychologist and one sheet per psychologist, named after them, with
// every payment allocation behind their payout. A psychologist gets only
// their own; an admin may pick one with ?psicologa=ID.
func (s *Server) exportPayout(c *exportCall) error {
	payouts, err := c.x.Payouts(c.r.Context(), c.who, c.from, c.to)
	if err != nil {
		return err
	}
	if c.psychologistID != 0 {
		payouts = exportOnlyPsychologist(payouts, c.psychologistID)
		if len(payouts) == 0 {
			return clinic.Errorf(clinic.ErrNotFound, "Psicóloga não encontrada.")
		}
	}
	if err := s.exportPayoutsSheet(c, "Resumo", payouts); err != nil {
		return err
	}
	byID := map[int64]sqlite.ExportPayout{}
	for _, p := range payouts {
		byID[p.PsychologistID] = p
	}

	var sh *export.Sheet
	var current sqlite.ExportPayout
	err = c.x.EachPayoutLine(c.r.Context(), c.who, c.from, c.to, c.psychologistID,
		func(l sqlite.ExportPayoutLine) error {
			if sh == nil || l.PsychologistID != current.PsychologistID {
				if sh != nil {
					if err := s.exportPayoutTotals(c, sh, current); err != nil {
						return err
					}
				}
				current = byID[l.PsychologistID]
				var err error
				if sh, err = c.wb.AddSheet(l.PsychologistName, exportPayoutLineColumns...); err != nil {
					return err
				}
			}
			var session any
			if l.SessionDate != "" {
				t, err := c.wb.LocalTime(l.SessionDate, l.SessionStart)
				if err != nil {
					return err
				}
				session = t
			}
			return sh.Append(l.PaymentDate, l.PatientName, session,
				l.Description, exportLabel(exportMethodLabels, l.Method), l.AmountCents)
		})
	if err != nil || sh == nil {
		return err
	}
	return s.exportPayoutTotals(c, sh, current)
}

// exportPayoutTotals ends a psychologist's payout sheet with what they received,
// their payout and the clinic's share.
func (s *Server) exportPayoutTotals(c *exportCall, sh *export.Sheet, p sqlite.ExportPayout) error {
	rows := [][]any{
		{nil, "Total recebido", nil, nil, nil, p.ReceivedCents},
		{nil, "Repasse (" + exportPercentText(p.ShareBP) + ")", nil, nil, nil, p.PayoutCents},
		{nil, "Parte da clínica", nil, nil, nil, p.ClinicCents},
	}
	for _, row := range rows {
		if err := sh.Total(row...); err != nil {
			return err
		}
	}
	return s.exportFooter(c, sh, p.PsychologistName+
		": o repasse é o percentual sobre o total recebido, arredondado ao centavo (metade para cima).")
}

// exportPercentText writes basis points as a pt-BR percentage: 6000 is
// "60,00 %".
func exportPercentText(bp int64) string {
	return fmt.Sprintf("%d,%02d %%", bp/100, bp%100)
}

func exportOnlyPsychologist(list []sqlite.ExportPayout, id int64) []sqlite.ExportPayout {
	for _, p := range list {
		if p.PsychologistID == id {
			return []sqlite.ExportPayout{p}
		}
	}
	return nil
}

// exportClosing writes the owner's month-end workbook: the summary, the
// ledger, the expenses, the receivables at the period's end and the
// payouts, from one snapshot.
func (s *Server) exportClosing(c *exportCall) error {
	sum, err := c.x.Summary(c.r.Context(), c.who, c.from, c.to)
	if err != nil {
		return err
	}
	if err := s.exportSummarySheet(c, sum, true); err != nil {
		return err
	}
	ledger, err := s.exportLedgerSheet(c, "Lançamentos")
	if err != nil {
		return err
	}
	if err := s.exportFooter(c, ledger, s.exportLedgerNotes(c, ledger)...); err != nil {
		return err
	}
	expenses, err := s.exportExpensesSheet(c, "Despesas")
	if err != nil {
		return err
	}
	if err := s.exportFooter(c, expenses, exportEmptyNote(expenses, "Nenhuma despesa no período.")...); err != nil {
		return err
	}
	receivables, err := s.exportReceivablesSheet(c, "A receber", c.to)
	if err != nil {
		return err
	}
	if err := s.exportFooter(c, receivables, s.exportReceivablesNotes(c, receivables, c.to)...); err != nil {
		return err
	}
	return s.exportPayoutsSheet(c, "Repasse", sum.Psychologists)
}
