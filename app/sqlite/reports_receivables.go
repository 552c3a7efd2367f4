package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"kpsicologia/app/clinic"
)

// openChargesCTE defines open_charges: every charge dated up to :asof
// that was still partly unpaid on that date, with the unpaid part (open)
// and its age in days on that date, limited to psychologist :psy's
// charges unless :psy is 0. Only payments dated up to :asof count, so the
// position on a past date does not change when a later payment arrives.
// An allocation never exceeds its charge, so open is never negative.
//
// charges.paid_cents holds the sum of every allocation of the charge, and
// late adds back the few that payments dated after :asof made. So the
// charges open on :asof are those open now (the partial index
// charges_open, a small share of five years of charges) and those that
// late reopens. Summing every charge's allocations instead took seconds
// on the large demo clinic. The CROSS JOINs keep SQLite from reading
// every allocation to find the few late ones: it plans before :asof is
// bound and would otherwise scan payment_allocations in charge order.
const openChargesCTE = `late AS (
	SELECT pa.charge_id, sum(pa.amount_cents) AS cents
	FROM payments p
	CROSS JOIN payment_allocations pa ON pa.payment_id = p.id
	WHERE p.date > :asof
	GROUP BY pa.charge_id
),
open_charges AS (
	SELECT c.id, c.patient_id, c.psychologist_id, c.date,
		c.amount_cents - c.paid_cents + coalesce(late.cents, 0) AS open,
		CAST(julianday(:asof) - julianday(c.date) AS INTEGER) AS age
	FROM charges c
	LEFT JOIN late ON late.charge_id = c.id
	WHERE c.paid_cents < c.amount_cents AND c.date <= :asof
		AND (:psy = 0 OR c.psychologist_id = :psy)
	UNION ALL
	SELECT c.id, c.patient_id, c.psychologist_id, c.date,
		c.amount_cents - c.paid_cents + late.cents,
		CAST(julianday(:asof) - julianday(c.date) AS INTEGER)
	FROM late
	CROSS JOIN charges c ON c.id = late.charge_id
	WHERE c.paid_cents >= c.amount_cents AND c.date <= :asof
		AND (:psy = 0 OR c.psychologist_id = :psy)
)`

// The age buckets of an open_charges row. Each charge's unpaid part is
// aged by that charge's own date (the session's date): 0–30 days, 31–60
// and over 60, as ageing reports usually age each invoice. A patient who
// owes an old session and last week's session has one amount overdue for
// months and one that is new, and putting both in the oldest bucket would
// overstate the old debt.
const (
	ageUpto30 = `CASE WHEN age <= 30 THEN open ELSE 0 END`
	ageUpto60 = `CASE WHEN age BETWEEN 31 AND 60 THEN open ELSE 0 END`
	ageOver60 = `CASE WHEN age > 60 THEN open ELSE 0 END`
)

// openRowsCTE adds open_rows to openChargesCTE: the unpaid charges only,
// materialized. SQLite would otherwise copy open's subquery and age's
// julianday into every expression that reads them; computing them once
// per charge cut the receivables page from 2.1 s to 0.85 s of CPU time
// on the 6,000-patient demo clinic that app/web/bench_test.go generates.
const openRowsCTE = openChargesCTE + `,
open_rows AS MATERIALIZED (
	SELECT patient_id, psychologist_id, date, age, open FROM open_charges
	WHERE open > 0
)`

// receivablesCTE defines receivable_patients: one row per patient with
// unpaid charges on :asof, with the unpaid total split by age.
const receivablesCTE = `WITH ` + openRowsCTE + `,
receivable_patients AS (
	SELECT patient_id, count(*) AS charges, min(date) AS oldest,
		max(age) AS age, sum(open) AS open, sum(` + ageUpto30 + `) AS upto30,
		sum(` + ageUpto60 + `) AS upto60, sum(` + ageOver60 + `) AS over60
	FROM open_rows
	GROUP BY patient_id
)
`

// agingQuery sums the unpaid charges on :asof in one pass over the
// charges: a first row (psychologist 0) with the totals, then one row per
// psychologist with their unpaid total.
const agingQuery = `WITH ` + openRowsCTE + `
SELECT 0, count(DISTINCT patient_id), coalesce(sum(open), 0),
	coalesce(sum(` + ageUpto30 + `), 0), coalesce(sum(` + ageUpto60 + `), 0),
	coalesce(sum(` + ageOver60 + `), 0)
FROM open_rows
UNION ALL
SELECT psychologist_id, 0, sum(open), 0, 0, 0 FROM open_rows
GROUP BY psychologist_id`

// ReceivablesFilter selects the receivables report.
type ReceivablesFilter struct {
	AsOf           string // YYYY-MM-DD: the position date
	PsychologistID int64  // charges of this psychologist only; 0 for all
	// Limit, when above 0, returns that many rows after skipping Offset,
	// for a page of the list; SumReceivables gives the whole list's totals.
	Limit, Offset int
}

// ReceivableRow is one patient with unpaid charges on the position date.
type ReceivableRow struct {
	PatientID        int64
	PatientName      string
	Phone            string
	PsychologistName string // the patient's main psychologist, or ""
	Deleted          bool
	Charges          int    // unpaid charges
	OldestDate       string // the oldest unpaid charge's date
	AgeDays          int    // days from OldestDate to the position date
	OpenCents        int64  // the unpaid total
	// The unpaid total by each charge's age; they add up to OpenCents.
	Upto30Cents int64
	Upto60Cents int64
	Over60Cents int64
	// CreditCents is the patient's money, paid up to the position date,
	// that pays no charge yet, for every psychologist together. It is shown
	// to a psychologist too, because they may apply it to their own
	// charges.
	CreditCents int64
}

// BalanceCents returns the open charges less the patient's credit.
func (r ReceivableRow) BalanceCents() int64 { return r.OpenCents - r.CreditCents }

// AgingTotals is the sum of the receivables report's unpaid columns.
type AgingTotals struct {
	Patients    int
	OpenCents   int64
	Upto30Cents int64
	Upto60Cents int64
	Over60Cents int64
}

// ReceivablesTotals is the sum of all of the receivables report's columns.
type ReceivablesTotals struct {
	AgingTotals
	CreditCents int64
}

// Add counts r in the totals.
func (t *ReceivablesTotals) Add(r ReceivableRow) {
	t.Patients++
	t.OpenCents += r.OpenCents
	t.Upto30Cents += r.Upto30Cents
	t.Upto60Cents += r.Upto60Cents
	t.Over60Cents += r.Over60Cents
	t.CreditCents += r.CreditCents
}

// EachReceivable calls fn for every patient with unpaid charges on
// f.AsOf, largest debt first. An admin may filter by psychologist; a
// psychologist gets only their own charges and ErrNotFound for another's
// id; reception is rejected.
func (x *Reports) EachReceivable(ctx context.Context, who clinic.Actor,
	f ReceivablesFilter, fn func(ReceivableRow) error) error {
	if err := checkReportRange(f.AsOf, f.AsOf); err != nil {
		return err
	}
	psy, err := financeFilter(who, f.PsychologistID)
	if err != nil {
		return err
	}
	query := receivablesCTE + `SELECT b.patient_id, pt.name, pt.phone,
		coalesce(ps.name, ''), pt.deleted_at IS NOT NULL, b.charges,
		b.oldest, b.age, b.open, b.upto30, b.upto60, b.over60,
		coalesce((SELECT sum(p.amount_cents - p.allocated_cents)
			FROM payments p
			WHERE p.allocated_cents < p.amount_cents
			AND p.patient_id = b.patient_id AND p.date <= :asof), 0)
	FROM receivable_patients b
	JOIN patients pt ON pt.id = b.patient_id
	LEFT JOIN psychologists ps ON ps.id = pt.psychologist_id
	ORDER BY b.open DESC, pt.name COLLATE NOCASE, b.patient_id
	LIMIT :limit OFFSET :offset`
	limit := f.Limit
	if limit <= 0 {
		limit = -1 // no limit
	}
	args := []any{sql.Named("psy", psy), sql.Named("asof", f.AsOf),
		sql.Named("limit", limit), sql.Named("offset", max(f.Offset, 0))}
	return x.each(ctx, "receivables", query, args, func(rows *sql.Rows) error {
		var r ReceivableRow
		err := rows.Scan(&r.PatientID, &r.PatientName, &r.Phone,
			&r.PsychologistName, &r.Deleted, &r.Charges, &r.OldestDate,
			&r.AgeDays, &r.OpenCents, &r.Upto30Cents, &r.Upto60Cents,
			&r.Over60Cents, &r.CreditCents)
		if err != nil {
			return fmt.Errorf("sqlite: scan receivable: %w", err)
		}
		return fn(r)
	})
}

// Receivables returns the whole receivables report and its totals.
func (x *Reports) Receivables(ctx context.Context, who clinic.Actor,
	f ReceivablesFilter) ([]ReceivableRow, ReceivablesTotals, error) {
	var out []ReceivableRow
	var t ReceivablesTotals
	err := x.EachReceivable(ctx, who, f, func(r ReceivableRow) error {
		out = append(out, r)
		t.Add(r)
		return nil
	})
	return out, t, err
}

// SumReceivables returns the totals of the whole receivables list for
// the same filter and roles as EachReceivable, ignoring Limit and Offset,
// from one aggregate query: the totals under a page of the list.
func (x *Reports) SumReceivables(ctx context.Context, who clinic.Actor,
	f ReceivablesFilter) (ReceivablesTotals, error) {
	var t ReceivablesTotals
	if err := checkReportRange(f.AsOf, f.AsOf); err != nil {
		return t, err
	}
	psy, err := financeFilter(who, f.PsychologistID)
	if err != nil {
		return t, err
	}
	err = x.q.QueryRowContext(ctx, receivablesCTE+`SELECT count(*),
		coalesce(sum(open), 0), coalesce(sum(upto30), 0),
		coalesce(sum(upto60), 0), coalesce(sum(over60), 0),
		coalesce((SELECT sum(p.amount_cents - p.allocated_cents)
			FROM payments p
			WHERE p.allocated_cents < p.amount_cents AND p.date <= :asof
			AND p.patient_id IN (SELECT patient_id FROM receivable_patients)), 0)
		FROM receivable_patients`,
		sql.Named("psy", psy), sql.Named("asof", f.AsOf)).
		Scan(&t.Patients, &t.OpenCents, &t.Upto30Cents, &t.Upto60Cents,
			&t.Over60Cents, &t.CreditCents)
	if err != nil {
		return t, fmt.Errorf("sqlite: receivables totals: %w", err)
	}
	return t, nil
}

// Aging returns the unpaid totals of the receivables report for the same
// filter and roles as EachReceivable, summed in SQL without reading the
// rows or the patients' credit, for the summary and the dashboard.
func (x *Reports) Aging(ctx context.Context, who clinic.Actor,
	f ReceivablesFilter) (AgingTotals, error) {
	if err := checkReportRange(f.AsOf, f.AsOf); err != nil {
		return AgingTotals{}, err
	}
	psy, err := financeFilter(who, f.PsychologistID)
	if err != nil {
		return AgingTotals{}, err
	}
	a, _, err := x.aging(ctx, psy, f.AsOf)
	return a, err
}

// aging runs agingQuery for psychologist psy (0 for all) and returns the
// totals and each psychologist's unpaid total by id.
func (x *Reports) aging(ctx context.Context, psy int64, asOf string) (AgingTotals, map[int64]int64, error) {
	var a AgingTotals
	byPsychologist := map[int64]int64{}
	args := []any{sql.Named("psy", psy), sql.Named("asof", asOf)}
	err := x.each(ctx, "receivables totals", agingQuery, args, func(rows *sql.Rows) error {
		var id int64
		var t AgingTotals
		err := rows.Scan(&id, &t.Patients, &t.OpenCents, &t.Upto30Cents,
			&t.Upto60Cents, &t.Over60Cents)
		if err != nil {
			return fmt.Errorf("sqlite: scan receivables totals: %w", err)
		}
		if id == 0 {
			a = t
		} else {
			byPsychologist[id] = t.OpenCents
		}
		return nil
	})
	return a, byPsychologist, err
}

// openTotal returns what every patient owed on asOf, the OpenCents of
// Aging for the whole clinic, from sums: every charge less every
// allocation, corrected by the rows dated after asOf. With c a charge's
// date and p its payment's date, the charges dated up to asOf less their
// allocations from payments dated up to asOf is
//
//	Σ charges − Σ charges(c > asOf) − Σ allocations
//	  + Σ allocations(p > asOf) + Σ allocations(c > asOf, p ≤ asOf)
//
// It equals the sum of each charge's open part because an allocation
// never exceeds its charge (planAllocations takes at most what a charge
// still owes). The whole-table sums read one covering index each and the
// corrections read only the rows after asOf, which are few when asOf is
// today, so the admin's home page stays fast where Aging reads every
// charge with its allocations. CROSS JOIN keeps SQLite's join order, so
// the last sum starts from the few charges after asOf and not from every
// payment before it.
func (x *Reports) openTotal(ctx context.Context, asOf string) (int64, error) {
	var cents int64
	err := x.q.QueryRowContext(ctx, `SELECT
		(SELECT coalesce(sum(amount_cents), 0) FROM charges) -
		(SELECT coalesce(sum(amount_cents), 0) FROM charges WHERE date > ?1) -
		(SELECT coalesce(sum(amount_cents), 0) FROM payment_allocations) +
		(SELECT coalesce(sum(pa.amount_cents), 0) FROM payments p
			JOIN payment_allocations pa ON pa.payment_id = p.id
			WHERE p.date > ?1) +
		(SELECT coalesce(sum(pa.amount_cents), 0) FROM charges c
			CROSS JOIN payment_allocations pa ON pa.charge_id = c.id
			CROSS JOIN payments p ON p.id = pa.payment_id
			WHERE c.date > ?1 AND p.date <= ?1)`, asOf).Scan(&cents)
	if err != nil {
		return 0, fmt.Errorf("sqlite: receivables total: %w", err)
	}
	return cents, nil
}
