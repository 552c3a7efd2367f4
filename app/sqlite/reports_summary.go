package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"kpsicologia/app/clinic"
)

// Names of the summary's lines that belong to no unit.
const (
	// UnitGeneralName is the line of the money of no unit: the expenses of
	// the whole clinic and the sessions of a psychologist without a unit
	// that had no room.
	UnitGeneralName = "Geral (sem unidade)"
	// UnallocatedName is the line of the money received that pays no
	// charge yet.
	UnallocatedName = "Recebido sem alocação"
)

// Summary is the clinic's money in a period: what was billed (charges
// dated in the period), received (payments dated in the period) and spent,
// the result, what was owed at the period's end, and the payouts. Each
// breakdown adds up to the totals above it.
type Summary struct {
	From, To string

	Charges       int
	BilledCents   int64
	Payments      int
	ReceivedCents int64
	Expenses      int
	ExpensesCents int64
	ResultCents   int64 // ReceivedCents − ExpensesCents (cash basis)

	// Receivables is the receivables report's totals on To.
	Receivables AgingTotals

	PayoutCents int64 // the psychologists' payouts together
	// UnallocatedCents is the part of ReceivedCents that no allocation
	// gives to a psychologist yet: the patients' credit from the period.
	UnallocatedCents int64
	// ClinicCents is the clinic's share: ReceivedCents − PayoutCents,
	// which is the psychologists' ClinicCents plus UnallocatedCents.
	ClinicCents int64

	ByUnit         []UnitTotals
	ByPsychologist []PsychologistTotals
	ByMethod       []MethodTotals
	ByCategory     []CategoryTotals
}

// UnitTotals is a unit's money in the period (see unitOfCharge), or one
// of the lines of no unit: UnitGeneralName and UnallocatedName.
type UnitTotals struct {
	UnitID int64 // 0 for the lines of no unit
	Name   string
	// Unallocated marks the UnallocatedName line, which has received
	// money only.
	Unallocated bool
	BilledCents int64
	// OnlineBilledCents is the part of BilledCents that online sessions
	// brought, which counts for the psychologist's first unit.
	OnlineBilledCents int64
	ReceivedCents     int64 // allocations to the unit's charges
	ExpensesCents     int64
	ResultCents       int64 // ReceivedCents − ExpensesCents
}

// MethodTotals is what a payment method brought in.
type MethodTotals struct {
	Method string
	Count  int
	Cents  int64
}

// Label returns the method's Portuguese name.
func (m MethodTotals) Label() string { return MethodLabel(m.Method) }

// CategoryTotals is what an expense category cost.
type CategoryTotals struct {
	Name  string
	Count int
	Cents int64
}

// Summary computes the summary of from..to from a fixed number of
// queries. Only an admin may read it.
func (x *Reports) Summary(ctx context.Context, who clinic.Actor,
	from, to string) (Summary, error) {
	s := Summary{From: from, To: to}
	if err := checkReportRange(from, to); err != nil {
		return s, err
	}
	if err := requireAdmin(who); err != nil {
		return s, err
	}
	if err := x.summaryTotals(ctx, &s); err != nil {
		return s, err
	}
	var receivable map[int64]int64
	var err error
	if s.Receivables, receivable, err = x.aging(ctx, 0, to); err != nil {
		return s, err
	}
	if s.ByPsychologist, err = x.payouts(ctx, 0, from, to, receivable); err != nil {
		return s, err
	}
	var allocated int64
	for _, p := range s.ByPsychologist {
		s.PayoutCents += p.PayoutCents
		allocated += p.ReceivedCents
	}
	// The clinic's share is everything received less the payouts. The
	// money that pays no charge yet is part of it, because it is in the
	// clinic's account and only a later allocation turns part of it into a
	// psychologist's payout. It has a line of its own (UnallocatedName), so
	// the owner can tell which part of the share is not settled yet.
	s.UnallocatedCents = s.ReceivedCents - allocated
	s.ClinicCents = s.ReceivedCents - s.PayoutCents
	if s.ByUnit, err = x.unitTotals(ctx, from, to); err != nil {
		return s, err
	}
	if s.UnallocatedCents != 0 {
		s.ByUnit = append(s.ByUnit, UnitTotals{Name: UnallocatedName,
			Unallocated: true, ReceivedCents: s.UnallocatedCents,
			ResultCents: s.UnallocatedCents})
	}
	if s.ByMethod, err = x.methodTotals(ctx, from, to); err != nil {
		return s, err
	}
	s.ByCategory, err = x.ExpensesByCategory(ctx, who, from, to)
	return s, err
}

// summaryTotals fills the counts and sums of charges, payments and
// expenses of s.From..s.To, and the result.
func (x *Reports) summaryTotals(ctx context.Context, s *Summary) error {
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
		sql.Named("from", s.From), sql.Named("to", s.To)).
		Scan(&s.Charges, &s.BilledCents, &s.Payments, &s.ReceivedCents,
			&s.Expenses, &s.ExpensesCents)
	if err != nil {
		return fmt.Errorf("sqlite: summary totals: %w", err)
	}
	s.ResultCents = s.ReceivedCents - s.ExpensesCents
	return nil
}

// unitOfCharge is the SQL for the unit id a charge's money counts for,
// or 0 for none, with c the charge and r its session's room (NULL without
// one).
//
// A session in a room counts for the room's unit. An online session, or
// one without a room, counts for the psychologist's first unit (lowest
// id): the psychologist works from that unit and the unit carries their
// costs, so leaving their online work out would understate the unit's
// result. UnitTotals.OnlineBilledCents shows how much of a unit's billing
// came online.
const unitOfCharge = `coalesce(r.unit_id, (SELECT pu.unit_id
	FROM psychologist_units pu WHERE pu.psychologist_id = c.psychologist_id
	ORDER BY pu.unit_id LIMIT 1), 0)`

// unitTotals returns billed, received and expenses by unit, units by name
// and the line of no unit (UnitGeneralName) last. An expense counts for
// its own unit, or for no unit when it is the whole clinic's.
func (x *Reports) unitTotals(ctx context.Context, from, to string) ([]UnitTotals, error) {
	query := `WITH moves AS (
		SELECT ` + unitOfCharge + ` AS unit_id, c.amount_cents AS billed,
			CASE WHEN s.modality = 'online' THEN c.amount_cents ELSE 0 END
				AS online,
			0 AS received, 0 AS expenses
		FROM charges c
		LEFT JOIN sessions s ON s.id = c.session_id
		LEFT JOIN rooms r ON r.id = s.room_id
		WHERE c.date BETWEEN :from AND :to
		UNION ALL
		SELECT ` + unitOfCharge + `, 0, 0, pa.amount_cents, 0
		FROM payments p
		JOIN payment_allocations pa ON pa.payment_id = p.id
		JOIN charges c ON c.id = pa.charge_id
		LEFT JOIN sessions s ON s.id = c.session_id
		LEFT JOIN rooms r ON r.id = s.room_id
		WHERE p.date BETWEEN :from AND :to
		UNION ALL
		SELECT coalesce(unit_id, 0), 0, 0, 0, amount_cents FROM expenses
		WHERE deleted_at IS NULL AND date BETWEEN :from AND :to
	)
	SELECT m.unit_id, coalesce(u.name, ''), sum(m.billed), sum(m.online),
		sum(m.received), sum(m.expenses)
	FROM moves m LEFT JOIN units u ON u.id = m.unit_id
	GROUP BY m.unit_id
	ORDER BY m.unit_id = 0, u.name COLLATE NOCASE, m.unit_id`
	args := []any{sql.Named("from", from), sql.Named("to", to)}
	var out []UnitTotals
	err := x.each(ctx, "totals by unit", query, args, func(rows *sql.Rows) error {
		var u UnitTotals
		err := rows.Scan(&u.UnitID, &u.Name, &u.BilledCents,
			&u.OnlineBilledCents, &u.ReceivedCents, &u.ExpensesCents)
		if err != nil {
			return fmt.Errorf("sqlite: scan unit totals: %w", err)
		}
		if u.UnitID == 0 {
			u.Name = UnitGeneralName
		}
		u.ResultCents = u.ReceivedCents - u.ExpensesCents
		out = append(out, u)
		return nil
	})
	return out, err
}

// methodTotals returns what each payment method brought in from..to,
// largest first.
func (x *Reports) methodTotals(ctx context.Context, from, to string) ([]MethodTotals, error) {
	var out []MethodTotals
	err := x.each(ctx, "totals by method", `SELECT method, count(*),
		sum(amount_cents) FROM payments WHERE date BETWEEN ? AND ?
		GROUP BY method ORDER BY 3 DESC, method`, []any{from, to},
		func(rows *sql.Rows) error {
			var m MethodTotals
			if err := rows.Scan(&m.Method, &m.Count, &m.Cents); err != nil {
				return fmt.Errorf("sqlite: scan method totals: %w", err)
			}
			out = append(out, m)
			return nil
		})
	return out, err
}

// ExpensesByCategory totals the expenses dated from..to by category,
// largest first, without the logically deleted ones. Only an admin may
// read expenses.
func (x *Reports) ExpensesByCategory(ctx context.Context, who clinic.Actor,
	from, to string) ([]CategoryTotals, error) {
	if err := checkReportRange(from, to); err != nil {
		return nil, err
	}
	if err := requireAdmin(who); err != nil {
		return nil, err
	}
	var out []CategoryTotals
	err := x.each(ctx, "expenses by category", `SELECT ec.name, count(*),
		sum(e.amount_cents)
		FROM expenses e JOIN expense_categories ec ON ec.id = e.category_id
		WHERE e.deleted_at IS NULL AND e.date BETWEEN ? AND ?
		GROUP BY ec.id ORDER BY 3 DESC, ec.name COLLATE NOCASE`,
		[]any{from, to}, func(rows *sql.Rows) error {
			var c CategoryTotals
			if err := rows.Scan(&c.Name, &c.Count, &c.Cents); err != nil {
				return fmt.Errorf("sqlite: scan category totals: %w", err)
			}
			out = append(out, c)
			return nil
		})
	return out, err
}

// MonthTotals is one month of the history chart.
type MonthTotals struct {
	Month         string
	BilledCents   int64
	ReceivedCents int64
	ExpensesCents int64
}

// MonthHistory returns billed, received and expenses per month from
// first to last (YYYY-MM), one entry per month even when empty, by the
// same rules as Summary. Only an admin may read it.
func (x *Reports) MonthHistory(ctx context.Context, who clinic.Actor,
	first, last string) ([]MonthTotals, error) {
	if err := requireAdmin(who); err != nil {
		return nil, err
	}
	from, _, err := MonthRange(first)
	if err != nil {
		return nil, err
	}
	_, to, err := MonthRange(last)
	if err != nil {
		return nil, err
	}
	var out []MonthTotals
	for m := first; m <= last; m = AddMonths(m, 1) {
		out = append(out, MonthTotals{Month: m})
	}
	byMonth := map[string]*MonthTotals{}
	for i := range out {
		byMonth[out[i].Month] = &out[i]
	}
	err = x.each(ctx, "month history", `
		SELECT 'b', substr(date, 1, 7), sum(amount_cents) FROM charges
			WHERE date BETWEEN ?1 AND ?2 GROUP BY 2
		UNION ALL
		SELECT 'r', substr(date, 1, 7), sum(amount_cents) FROM payments
			WHERE date BETWEEN ?1 AND ?2 GROUP BY 2
		UNION ALL
		SELECT 'e', substr(date, 1, 7), sum(amount_cents) FROM expenses
			WHERE deleted_at IS NULL AND date BETWEEN ?1 AND ?2 GROUP BY 2`,
		[]any{from, to}, func(rows *sql.Rows) error {
			var kind, month string
			var cents int64
			if err := rows.Scan(&kind, &month, &cents); err != nil {
				return fmt.Errorf("sqlite: scan month history: %w", err)
			}
			m := byMonth[month]
			if m == nil {
				return nil
			}
			switch kind {
			case "b":
				m.BilledCents = cents
			case "r":
				m.ReceivedCents = cents
			case "e":
				m.ExpensesCents = cents
			}
			return nil
		})
	return out, err
}
