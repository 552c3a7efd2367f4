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
func (s *Server) exportSummarySheet(c *exportCall, sum sqlite.Summary, withUnits bool) error {
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
		{"Repasse", sqlite.UnallocatedName, nil, sum.UnallocatedCents},
		{"Repasse", "Parte da clínica (recebido − repasse)", nil, sum.ClinicCents},
	}
	for _, m := range sum.ByMethod {
		rows = append(rows, []any{"Forma de pagamento", m.Label(), m.Count, m.Cents})
	}
	if withUnits {
		for _, u := range sum.ByUnit {
			rows = append(rows, exportUnitLines(u)...)
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
			"arredondado ao centavo (metade para cima). A parte da clínica inclui o recebido "+
			"sem alocação, que ainda não paga nenhuma sessão.",
		"A receber: cada parte não paga de uma cobrança conta pela data dessa cobrança.")
}

// exportUnitLines returns the summary sheet's lines of one unit.
func exportUnitLines(u sqlite.UnitTotals) [][]any {
	if u.Unallocated {
		return [][]any{{"Unidade", u.Name + ": recebido", nil, u.ReceivedCents}}
	}
	lines := [][]any{{"Unidade", u.Name + ": faturado", nil, u.BilledCents}}
	if u.OnlineBilledCents != 0 {
		lines = append(lines, []any{"Unidade", u.Name + ": faturado online (incluído acima)",
			nil, u.OnlineBilledCents})
	}
	return append(lines,
		[]any{"Unidade", u.Name + ": recebido", nil, u.ReceivedCents},
		[]any{"Unidade", u.Name + ": despesas", nil, u.ExpensesCents},
		[]any{"Unidade", u.Name + ": resultado", nil, u.ResultCents})
}

// exportUnitNote explains where money without a room goes.
const exportUnitNote = "A unidade de uma cobrança é a da sala da sessão; uma sessão " +
	"online ou sem sala conta na primeira unidade da psicóloga. " +
	sqlite.UnitGeneralName + ": despesas da clínica toda e sessões de psicólogas sem unidade. " +
	sqlite.UnallocatedName + ": pagamentos que ainda não pagam nenhuma sessão."

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
	if err := s.exportPayoutsSheet(c, "Por psicóloga", sum.ByPsychologist, sum.UnallocatedCents); err != nil {
		return err
	}
	return s.exportMethodsSheet(c, sum)
}

func (s *Server) exportUnitsSheet(c *exportCall, sum sqlite.Summary) error {
	sh, err := c.wb.AddSheet("Por unidade",
		export.Column{Header: "Unidade", Kind: export.Text, Width: 30},
		export.Column{Header: "Faturado", Kind: export.Money},
		export.Column{Header: "Faturado online (incluído)", Kind: export.Money, Width: 18},
		export.Column{Header: "Recebido", Kind: export.Money},
		export.Column{Header: "Despesas", Kind: export.Money},
		export.Column{Header: "Resultado", Kind: export.Money})
	if err != nil {
		return err
	}
	var online int64
	for _, u := range sum.ByUnit {
		online += u.OnlineBilledCents
		if err := sh.Append(u.Name, u.BilledCents, u.OnlineBilledCents,
			u.ReceivedCents, u.ExpensesCents, u.ResultCents); err != nil {
			return err
		}
	}
	if len(sum.ByUnit) > 0 {
		err := sh.Total("Total", sum.BilledCents, online, sum.ReceivedCents,
			sum.ExpensesCents, sum.ResultCents)
		if err != nil {
			return err
		}
	}
	return s.exportFooter(c, sh, exportUnitNote)
}

func (s *Server) exportMethodsSheet(c *exportCall, sum sqlite.Summary) error {
	sh, err := c.wb.AddSheet("Por forma de pagamento",
		export.Column{Header: "Forma de pagamento", Kind: export.Text},
		export.Column{Header: "Pagamentos", Kind: export.Integer, Width: 12},
		export.Column{Header: "Valor", Kind: export.Money})
	if err != nil {
		return err
	}
	for _, m := range sum.ByMethod {
		if err := sh.Append(m.Label(), m.Count, m.Cents); err != nil {
			return err
		}
	}
	if len(sum.ByMethod) > 0 {
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
// unallocated, when not 0, is the money received that pays no session
// yet: it gets a line of its own, so the totals are the clinic's.
func (s *Server) exportPayoutsSheet(c *exportCall, name string, payouts []sqlite.PsychologistTotals, unallocated int64) error {
	sh, err := c.wb.AddSheet(name, exportPayoutColumns...)
	if err != nil {
		return err
	}
	var t sqlite.PsychologistTotals
	for _, p := range payouts {
		t.SessionsDone += p.SessionsDone
		t.BilledCents += p.BilledCents
		t.ReceivedCents += p.ReceivedCents
		t.PayoutCents += p.PayoutCents
		t.ClinicCents += p.ClinicCents
		t.ReceivableCents += p.ReceivableCents
		if err := sh.Append(p.Name, p.CRP, p.SessionsDone,
			p.BilledCents, p.ReceivedCents, p.ShareBP, p.PayoutCents,
			p.ClinicCents, p.ReceivableCents); err != nil {
			return err
		}
	}
	lines := len(payouts)
	if unallocated != 0 {
		t.ReceivedCents += unallocated
		t.ClinicCents += unallocated
		lines++
		if err := sh.Append(sqlite.UnallocatedName, nil, nil, nil,
			unallocated, nil, nil, unallocated, nil); err != nil {
			return err
		}
	}
	if lines > 1 {
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
// their own; an admin may pick one with ?psicologa=ID. An admin's
// statement of everyone also has the line of the money received that pays
// no session yet, so its totals are the summary's.
func (s *Server) exportPayout(c *exportCall) error {
	ctx := c.r.Context()
	var payouts []sqlite.PsychologistTotals
	var unallocated int64
	if c.who.Role == clinic.RoleAdmin && c.psychologistID == 0 {
		sum, err := c.x.Summary(ctx, c.who, c.from, c.to)
		if err != nil {
			return err
		}
		payouts, unallocated = sum.ByPsychologist, sum.UnallocatedCents
	} else {
		var err error
		payouts, err = c.x.Payouts(ctx, c.who, c.from, c.to, c.psychologistID)
		if err != nil {
			return err
		}
	}
	if err := s.exportPayoutsSheet(c, "Resumo", payouts, unallocated); err != nil {
		return err
	}
	byID := map[int64]sqlite.PsychologistTotals{}
	for _, p := range payouts {
		byID[p.PsychologistID] = p
	}

	var sh *export.Sheet
	var current sqlite.PsychologistTotals
	err := c.x.EachPayoutLine(ctx, c.who, c.from, c.to, c.psychologistID,
		func(l sqlite.PayoutLine) error {
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
				l.Description, l.MethodLabel(), l.AmountCents)
		})
	if err != nil || sh == nil {
		return err
	}
	return s.exportPayoutTotals(c, sh, current)
}

// exportPayoutTotals ends a psychologist's payout sheet with what they received,
// their payout and the clinic's share.
func (s *Server) exportPayoutTotals(c *exportCall, sh *export.Sheet, p sqlite.PsychologistTotals) error {
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
	return s.exportFooter(c, sh, p.Name+
		": o repasse é o percentual sobre o total recebido, arredondado ao centavo (metade para cima).")
}

// exportPercentText writes basis points as a pt-BR percentage: 6000 is
// "60,00 %".
func exportPercentText(bp int) string {
	return fmt.Sprintf("%d,%02d %%", bp/100, bp%100)
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
	return s.exportPayoutsSheet(c, "Repasse", sum.ByPsychologist, sum.UnallocatedCents)
}
