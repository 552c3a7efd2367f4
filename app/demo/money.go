package demo

import (
	"context"
	"fmt"
	"time"

	"kpsicologia/app/clinic"
	"kpsicologia/app/sqlite"
)

// confirmBatch is how many sessions one bulk confirmation marks done.
const confirmBatch = 1000

// pastSession is a session that has already happened.
type pastSession struct {
	id   int64
	date string
	hour int
}

// attendance records what happened in every past session: most are
// realizada, some are absences and cancellations of every kind, and those
// on holidays are feriado.
func (g *generator) attendance(ctx context.Context) error {
	rows, err := g.db.Read().QueryContext(ctx, `SELECT id, date, start_min / 60
		FROM sessions WHERE status = 'scheduled' AND date < ? ORDER BY date, id`,
		g.today.String())
	if err != nil {
		return err
	}
	var past []pastSession
	for rows.Next() {
		var s pastSession
		if err := rows.Scan(&s.id, &s.date, &s.hour); err != nil {
			rows.Close()
			return err
		}
		past = append(past, s)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}

	var done []int64
	flush := func() error {
		if len(done) == 0 {
			return nil
		}
		_, err := g.db.ConfirmSessions(ctx, g.who, done, g.now)
		done = done[:0]
		return err
	}
	for i, s := range past {
		status := g.drawStatus(s)
		if status == sqlite.StatusDone {
			done = append(done, s.id)
			if len(done) == confirmBatch {
				if err := flush(); err != nil {
					return err
				}
			}
			continue
		}
		ch := sqlite.AttendanceChange{SessionID: s.id, Status: status, Now: g.now}
		if status == sqlite.StatusCancelledPatient {
			// Half the cancellations come the day before, half with
			// days of notice, so the charge policy has both to judge.
			d := clinic.MustDate(s.date).AddDays(-1 - 3*g.f.r.IntN(2))
			ch.NoticeAt = fmt.Sprintf("%sT%02d:00", d, 9+g.f.r.IntN(9))
		}
		if _, err := g.db.SetAttendance(ctx, g.who, ch); err != nil {
			return fmt.Errorf("attendance of session %d: %w", s.id, err)
		}
		if (i+1)%50000 == 0 {
			fmt.Fprintf(g.log, "demo: attendance %d of %d\n", i+1, len(past))
		}
	}
	return flush()
}

// drawStatus picks what happened in a past session.
func (g *generator) drawStatus(s pastSession) string {
	if _, ok := g.hol.Lookup(clinic.MustDate(s.date)); ok {
		return sqlite.StatusHoliday
	}
	x := g.f.r.Float64()
	switch {
	case x < 0.86:
		return sqlite.StatusDone
	case x < 0.905:
		return sqlite.StatusMissedCharged
	case x < 0.94:
		return sqlite.StatusMissedExcused
	case x < 0.975:
		return sqlite.StatusCancelledPatient
	case x < 0.99:
		return sqlite.StatusCancelledClinic
	}
	return sqlite.StatusPsychologistAbsent
}

var methods = []string{"pix", "pix", "pix", "cash", "debit", "credit", "transfer"}

// monthCharges is what one patient was charged in one month.
type monthCharges struct {
	patientID int64
	month     string
	last      string
	cents     int64
}

// payments pays each patient's charges month by month: most pay in full
// within days, some late, some in part, and a few recent months stay
// open, which is what the receivables page shows.
func (g *generator) payments(ctx context.Context) error {
	rows, err := g.db.Read().QueryContext(ctx, `SELECT patient_id,
		substr(date, 1, 7), max(date), sum(amount_cents)
		FROM charges GROUP BY patient_id, substr(date, 1, 7)
		ORDER BY substr(date, 1, 7), patient_id`)
	if err != nil {
		return err
	}
	var months []monthCharges
	for rows.Next() {
		var m monthCharges
		if err := rows.Scan(&m.patientID, &m.month, &m.last, &m.cents); err != nil {
			rows.Close()
			return err
		}
		months = append(months, m)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}

	payers := map[int64]demoPatient{}
	for _, p := range g.patients {
		payers[p.id] = p
	}
	for _, m := range months {
		last := clinic.MustDate(m.last)
		age := last.DaysUntil(g.today)
		x := g.f.r.Float64()
		switch {
		case age < 45 && x < 0.25, x < 0.03:
			continue // still open
		case x < 0.10:
			// late: paid one to three months later
			if err := g.pay(ctx, payers[m.patientID], m.cents, last.AddDays(30+g.f.r.IntN(60))); err != nil {
				return err
			}
		case x < 0.16:
			// partial: half now, the rest never or much later
			half := m.cents / 2
			if err := g.pay(ctx, payers[m.patientID], half, last.AddDays(g.f.r.IntN(10))); err != nil {
				return err
			}
		default:
			if err := g.pay(ctx, payers[m.patientID], m.cents, last.AddDays(g.f.r.IntN(8))); err != nil {
				return err
			}
		}
	}
	return nil
}

// pay records one payment, never dated after today.
func (g *generator) pay(ctx context.Context, p demoPatient, cents int64, on clinic.Date) error {
	if cents <= 0 {
		return nil
	}
	if on.After(g.today) {
		on = g.today
	}
	in := sqlite.PaymentInput{PatientID: p.id, Date: on.String(), AmountCents: cents,
		Method: methods[g.f.r.IntN(len(methods))], PayerName: p.name, PayerCPF: p.cpf}
	if p.minor {
		in.PayerName, in.PayerCPF = p.guard, p.gcpf
	}
	if _, err := g.db.RecordPayment(ctx, g.who, in); err != nil {
		return fmt.Errorf("payment of %s: %w", p.name, err)
	}
	g.res.Payments++
	return nil
}

// expenses writes each month's rent, salaries, taxes and material per
// unit, with the amounts a small clinic pays.
func (g *generator) expenses(ctx context.Context) error {
	cats, err := g.db.ExpenseCategories(ctx)
	if err != nil {
		return err
	}
	byName := map[string]int64{}
	for _, c := range cats {
		byName[clinic.Fold(c.Name)] = c.ID
	}
	plan := []struct {
		category string
		day      int
		cents    int64
		what     string
	}{
		{"aluguel", 5, 850000, "Aluguel"},
		{"salarios", 5, 420000, "Salário da recepção"},
		{"impostos", 20, 190000, "Simples Nacional"},
		{"material", 12, 35000, "Material de escritório e testes"},
		{"outros", 15, 28000, "Internet e telefone"},
	}
	for d := g.start; !d.After(g.today); d = addMonth(d) {
		for _, unit := range g.units {
			for _, e := range plan {
				id, ok := byName[e.category]
				if !ok {
					continue
				}
				on := clinic.Date{Year: d.Year, Month: d.Month, Day: e.day}
				if on.After(g.today) {
					continue
				}
				cents := e.cents + int64(g.f.r.IntN(20000))
				_, err := g.db.CreateExpense(ctx, g.who, sqlite.ExpenseInput{CategoryID: id,
					UnitID: unit, Date: on.String(), Description: e.what, AmountCents: cents})
				if err != nil {
					return err
				}
				g.res.Expenses++
			}
		}
	}
	return nil
}

func addMonth(d clinic.Date) clinic.Date {
	if d.Month == time.December {
		return clinic.Date{Year: d.Year + 1, Month: time.January, Day: 1}
	}
	return clinic.Date{Year: d.Year, Month: d.Month + 1, Day: 1}
}

// deletions deletes a few patients who left, with a reason, and restores
// half of them, as happens when a record was deleted by mistake.
func (g *generator) deletions(ctx context.Context) error {
	var ended []demoPatient
	for _, p := range g.patients {
		if p.id != 0 && !p.last.IsZero() {
			ended = append(ended, p)
		}
	}
	g.f.r.Shuffle(len(ended), func(i, j int) { ended[i], ended[j] = ended[j], ended[i] })
	n := min(len(ended), max(4, len(g.patients)/100))
	for i, p := range ended[:n] {
		err := g.db.DeletePatient(ctx, g.who, p.id, g.f.pick([]string{
			"Cadastro duplicado", "Paciente pediu exclusão dos dados de contato",
			"Mudou de cidade"}))
		if err != nil {
			return err
		}
		g.res.Deleted++
		if i%2 == 0 {
			if _, err := g.db.RestorePatient(ctx, g.who, p.id); err != nil {
				return err
			}
			g.res.Restored++
		}
	}
	var charges int
	g.db.Read().QueryRowContext(ctx, "SELECT count(*) FROM charges").Scan(&charges)
	g.res.Charges = charges
	return g.db.Read().QueryRowContext(ctx, "SELECT count(*) FROM sessions").Scan(&g.res.Sessions)
}
