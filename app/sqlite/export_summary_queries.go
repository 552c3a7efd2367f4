package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"kpsicologia/app/clinic"
)

// ExportExpense is one expense of the expenses export.
type ExportExpense struct {
	ID          int64
	Date        string
	Category    string
	UnitName    string // "" for an expense of the whole clinic
	Description string
	AmountCents int64
	CreatedAt   string // UTC RFC 3339
	CreatedBy   string // the user's display name, or ""
}

// EachExpense calls fn for every expense dated from..to that is not
// logically deleted, by date. Only an admin may read expenses.
func (x *ExportQueries) EachExpense(ctx context.Context, who clinic.Actor,
	from, to string, fn func(ExportExpense) error) error {
	if err := checkExportRange(from, to); err != nil {
		return err
	}
	if err := requireAdmin(who); err != nil {
		return err
	}
	query := `SELECT e.id, e.date, ec.name, coalesce(u.name, ''),
		e.description, e.amount_cents, e.created_at,
		coalesce(us.display_name, '')
		FROM expenses e
		JOIN expense_categories ec ON ec.id = e.category_id
		LEFT JOIN units u ON u.id = e.unit_id
		LEFT JOIN users us ON us.id = e.created_by
		WHERE e.deleted_at IS NULL AND e.date BETWEEN ? AND ?
		ORDER BY e.date, e.id`
	return x.each(ctx, "expenses", query, []any{from, to}, func(rows *sql.Rows) error {
		var e ExportExpense
		err := rows.Scan(&e.ID, &e.Date, &e.Category, &e.UnitName,
			&e.Description, &e.AmountCents, &e.CreatedAt, &e.CreatedBy)
		if err != nil {
			return fmt.Errorf("sqlite: scan exported expense: %w", err)
		}
		return fn(e)
	})
}

// ExportTotal is a named count and sum, for breakdowns by category,
// method or similar.
type ExportTotal struct {
	Key   string // the stored value, such as a method code; "" when none
	Name  string
	Count int
	Cents int64
}

// ExpensesByCategory totals the expenses dated from..to by category, by
// category name. Only an admin may read expenses.
func (x *ExportQueries) ExpensesByCategory(ctx context.Context, who clinic.Actor,
	from, to string) ([]ExportTotal, error) {
	if err := checkExportRange(from, to); err != nil {
		return nil, err
	}
	if err := requireAdmin(who); err != nil {
		return nil, err
	}
	return x.totals(ctx, "expenses by category", `SELECT ec.id, ec.name,
		count(*), sum(e.amount_cents)
		FROM expenses e JOIN expense_categories ec ON ec.id = e.category_id
		WHERE e.deleted_at IS NULL AND e.date BETWEEN ? AND ?
		GROUP BY ec.id ORDER BY ec.name COLLATE NOCASE`, from, to)
}

func (x *ExportQueries) totals(ctx context.Context, what, query string, args ...any) ([]ExportTotal, error) {
	var out []ExportTotal
	err := x.each(ctx, what, query, args, func(rows *sql.Rows) error {
		var t ExportTotal
		if err := rows.Scan(&t.Key, &t.Name, &t.Count, &t.Cents); err != nil {
			return fmt.Errorf("sqlite: scan %s: %w", what, err)
		}
		out = append(out, t)
		return nil
	})
	return out, err
}

// ExportPayout is one psychologist's money in a range.
type ExportPayout struct {
	PsychologistID   int64
	PsychologistName string
	CRP              string
	ShareBP          int64 // payout_share_bp
	SessionsDone     int   // sessions with status done in the range
	BilledCents      int64 // their charges dated in the range
	ReceivedCents    int64 // allocations to their charges from payments in the range
	PayoutCents      int64 // ShareBP × ReceivedCents, rounded half up
	ClinicCents      int64 // ReceivedCents − PayoutCents
	// ReceivableCents is what is unpaid on their charges at the range's
	// end.
	ReceivableCents int64
}

// Payouts returns the money of each psychologist for from..to: active
// psychologists and any inactive one with money in the range, by name. A
// psychologist gets only their own line.
func (x *ExportQueries) Payouts(ctx context.Context, who clinic.Actor,
	from, to string) ([]ExportPayout, error) {
	if err := checkExportRange(from, to); err != nil {
		return nil, err
	}
	psy, err := financePsychologist(who)
	if err != nil {
		return nil, err
	}
	query := `WITH
	received AS (
		SELECT c.psychologist_id, sum(pa.amount_cents) AS cents
		FROM payment_allocations pa
		JOIN payments p ON p.id = pa.payment_id
		JOIN charges c ON c.id = pa.charge_id
		WHERE p.date BETWEEN :from AND :to
		GROUP BY c.psychologist_id
	),
	billed AS (
		SELECT psychologist_id, sum(amount_cents) AS cents FROM charges
		WHERE date BETWEEN :from AND :to GROUP BY psychologist_id
	),
	done AS (
		SELECT psychologist_id, count(*) AS n FROM sessions
		WHERE date BETWEEN :from AND :to AND status = 'done'
		GROUP BY psychologist_id
	),
	open_charges AS (
		SELECT c.psychologist_id, c.amount_cents - coalesce((
			SELECT sum(pa.amount_cents) FROM payment_allocations pa
			JOIN payments p ON p.id = pa.payment_id
			WHERE pa.charge_id = c.id AND p.date <= :to), 0) AS open
		FROM charges c WHERE c.date <= :to
	),
	receivable AS (
		SELECT psychologist_id, sum(open) AS cents FROM open_charges
		WHERE open > 0 GROUP BY psychologist_id
	)
	SELECT ps.id, ps.name, ps.crp, ps.payout_share_bp,
		coalesce(d.n, 0), coalesce(b.cents, 0), coalesce(r.cents, 0),
		-- Half up: amounts are never negative, so adding half of the
		-- divisor before SQLite's truncating integer division rounds.
		(coalesce(r.cents, 0) * ps.payout_share_bp + 5000) / 10000,
		coalesce(o.cents, 0)
	FROM psychologists ps
	LEFT JOIN received r ON r.psychologist_id = ps.id
	LEFT JOIN billed b ON b.psychologist_id = ps.id
	LEFT JOIN done d ON d.psychologist_id = ps.id
	LEFT JOIN receivable o ON o.psychologist_id = ps.id
	WHERE (:psy = 0 OR ps.id = :psy)
		AND (ps.active = 1 OR r.cents IS NOT NULL OR b.cents IS NOT NULL
			OR d.n IS NOT NULL)
	ORDER BY ps.name COLLATE NOCASE, ps.id`
	args := []any{sql.Named("psy", psy), sql.Named("from", from),
		sql.Named("to", to)}
	var out []ExportPayout
	err = x.each(ctx, "payouts", query, args, func(rows *sql.Rows) error {
		var p ExportPayout
		err := rows.Scan(&p.PsychologistID, &p.PsychologistName, &p.CRP,
			&p.ShareBP, &p.SessionsDone, &p.BilledCents, &p.ReceivedCents,
			&p.PayoutCents, &p.ReceivableCents)
		if err != nil {
			return fmt.Errorf("sqlite: scan payout: %w", err)
		}
		p.ClinicCents = p.ReceivedCents - p.PayoutCents
		out = append(out, p)
		return nil
	})
	return out, err
}

// ExportPayoutLine is one allocation behind a psychologist's payout: the
// part of a payment that went to one of their charges.
type ExportPayoutLine struct {
	PsychologistID   int64
	PsychologistName string
	PaymentID        int64
	PaymentDate      string
	Method           string
	PatientName      string
	ChargeDate       string
	SessionDate      string // "" when the charge has no session
	SessionStart     int    // -1 when the charge has no session
	Description      string // the charge's description
	AmountCents      int64  // the allocated amount
}

// EachPayoutLine calls fn for every allocation of a payment dated from..to,
// psychologist by psychologist (by name), then by payment date. An admin
// may pass psychologistID to get one psychologist's lines (0 for all); a
// psychologist always gets only their own.
func (x *ExportQueries) EachPayoutLine(ctx context.Context, who clinic.Actor,
	from, to string, psychologistID int64, fn func(ExportPayoutLine) error) error {
	if err := checkExportRange(from, to); err != nil {
		return err
	}
	psy, err := financePsychologist(who)
	if err != nil {
		return err
	}
	if psy == 0 {
		psy = psychologistID
	}
	query := `SELECT ps.id, ps.name, p.id, p.date, p.method, pt.name, c.date,
		coalesce(s.date, ''), coalesce(s.start_min, -1), c.description,
		pa.amount_cents
		FROM payment_allocations pa
		JOIN payments p ON p.id = pa.payment_id
		JOIN charges c ON c.id = pa.charge_id
		JOIN psychologists ps ON ps.id = c.psychologist_id
		JOIN patients pt ON pt.id = c.patient_id
		LEFT JOIN sessions s ON s.id = c.session_id
		WHERE p.date BETWEEN :from AND :to
			AND (:psy = 0 OR c.psychologist_id = :psy)
		ORDER BY ps.name COLLATE NOCASE, ps.id, p.date, p.id, c.date, c.id`
	args := []any{sql.Named("psy", psy), sql.Named("from", from),
		sql.Named("to", to)}
	return x.each(ctx, "payout lines", query, args, func(rows *sql.Rows) error {
		var l ExportPayoutLine
		err := rows.Scan(&l.PsychologistID, &l.PsychologistName, &l.PaymentID,
			&l.PaymentDate, &l.Method, &l.PatientName, &l.ChargeDate,
			&l.SessionDate, &l.SessionStart, &l.Description, &l.AmountCents)
		if err != nil {
			return fmt.Errorf("sqlite: scan payout line: %w", err)
		}
		return fn(l)
	})
}

// ExportUnit is one unit's money in a range. Billed and received follow
// each charge's session room to its unit; expenses carry their own unit.
type ExportUnit struct {
	UnitID        int64 // 0 for "no unit": online sessions, clinic-wide expenses
	Name          string
	BilledCents   int64
	ReceivedCents int64 // allocations only: unallocated money has no unit
	ExpensesCents int64
	ResultCents   int64 // ReceivedCents − ExpensesCents
}

// ExportSummary is the clinic's money for a range: the monthly summary.
type ExportSummary struct {
	From, To string

	Charges       int
	BilledCents   int64
	Payments      int
	ReceivedCents int64
	Expenses      int
	ExpensesCents int64
	ResultCents   int64 // ReceivedCents − ExpensesCents

	// Receivables are aged as of To.
	Receivables ExportAging

	// PayoutCents and ClinicCents add up the psychologists' lines;
	// UnallocatedCents is the part of ReceivedCents not allocated to any
	// charge, so it belongs to no psychologist yet.
	PayoutCents      int64
	ClinicCents      int64
	UnallocatedCents int64

	Units         []ExportUnit
	Methods       []ExportTotal // Key is the method code
	Psychologists []ExportPayout
}

// Summary computes the monthly summary for from..to. Only an admin may
// read it.
func (x *ExportQueries) Summary(ctx context.Context, who clinic.Actor,
	from, to string) (ExportSummary, error) {
	s := ExportSummary{From: from, To: to}
	if err := checkExportRange(from, to); err != nil {
		return s, err
	}
	if err := requireAdmin(who); err != nil {
		return s, err
	}
	err := x.q.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM charges WHERE date BETWEEN :from AND :to),
		(SELECT coalesce(sum(amount_cents), 0) FROM charges
			WHERE date BETWEEN :from AND :to),
		(SELECT count(*) FROM payments WHERE date BETWEEN :from AND :to),
		(SELECT coalesce(sum(amount_cents), 0) FROM payments
			WHERE date BETWEEN :from AND :to),
		(SELECT count(*) FROM expenses
			WHERE deleted_at IS NULL AND date BETWEEN :from AND :to),
		(SELECT coalesce(sum(amount_cents), 0) FROM expenses
			WHERE deleted_at IS NULL AND date BETWEEN :from AND :to)`,
		sql.Named("from", from), sql.Named("to", to)).
		Scan(&s.Charges, &s.BilledCents, &s.Payments, &s.ReceivedCents,
			&s.Expenses, &s.ExpensesCents)
	if err != nil {
		return s, fmt.Errorf("sqlite: export summary totals: %w", err)
	}
	s.ResultCents = s.ReceivedCents - s.ExpensesCents

	if s.Receivables, err = x.aging(ctx, 0, to); err != nil {
		return s, err
	}
	if s.Psychologists, err = x.Payouts(ctx, who, from, to); err != nil {
		return s, err
	}
	var allocated int64
	for _, p := range s.Psychologists {
		s.PayoutCents += p.PayoutCents
		s.ClinicCents += p.ClinicCents
		allocated += p.ReceivedCents
	}
	// Payouts lists inactive psychologists only when they have money in
	// the range, so every allocation is counted here.
	s.UnallocatedCents = s.ReceivedCents - allocated
	if s.Units, err = x.unitTotals(ctx, from, to); err != nil {
		return s, err
	}
	s.Methods, err = x.totals(ctx, "payments by method", `SELECT method,
		method, count(*), sum(amount_cents) FROM payments
		WHERE date BETWEEN ? AND ? GROUP BY method
		ORDER BY sum(amount_cents) DESC, method`, from, to)
	return s, err
}

// unitTotals returns billed, received and expenses by unit, units by name
// and "no unit" (UnitID 0) last.
func (x *ExportQueries) unitTotals(ctx context.Context, from, to string) ([]ExportUnit, error) {
	query := `WITH moves AS (
		SELECT coalesce(r.unit_id, 0) AS unit_id, c.amount_cents AS billed,
			0 AS received, 0 AS expenses
		FROM charges c
		LEFT JOIN sessions s ON s.id = c.session_id
		LEFT JOIN rooms r ON r.id = s.room_id
		WHERE c.date BETWEEN :from AND :to
		UNION ALL
		SELECT coalesce(r.unit_id, 0), 0, pa.amount_cents, 0
		FROM payments p
		JOIN payment_allocations pa ON pa.payment_id = p.id
		JOIN charges c ON c.id = pa.charge_id
		LEFT JOIN sessions s ON s.id = c.session_id
		LEFT JOIN rooms r ON r.id = s.room_id
		WHERE p.date BETWEEN :from AND :to
		UNION ALL
		SELECT coalesce(unit_id, 0), 0, 0, amount_cents FROM expenses
		WHERE deleted_at IS NULL AND date BETWEEN :from AND :to
	)
	SELECT m.unit_id, coalesce(u.name, ''), sum(m.billed), sum(m.received),
		sum(m.expenses)
	FROM moves m LEFT JOIN units u ON u.id = m.unit_id
	GROUP BY m.unit_id
	ORDER BY m.unit_id = 0, u.name COLLATE NOCASE, m.unit_id`
	args := []any{sql.Named("from", from), sql.Named("to", to)}
	var out []ExportUnit
	err := x.each(ctx, "units", query, args, func(rows *sql.Rows) error {
		var u ExportUnit
		err := rows.Scan(&u.UnitID, &u.Name, &u.BilledCents,
			&u.ReceivedCents, &u.ExpensesCents)
		if err != nil {
			return fmt.Errorf("sqlite: scan unit totals: %w", err)
		}
		u.ResultCents = u.ReceivedCents - u.ExpensesCents
		out = append(out, u)
		return nil
	})
	return out, err
}
