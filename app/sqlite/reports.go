package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"kpsicologia/app/clinic"
)

// MonthRange returns the first and last dates of month (YYYY-MM). Dates
// are the clinic's local calendar dates, so a session at 21:00 on the 31st
// belongs to the month of the 31st.
func MonthRange(month string) (from, to string, err error) {
	d, err := clinic.ParseDate(month + "-01")
	if err != nil || len(month) != 7 {
		return "", "", clinic.Errorf(clinic.ErrInvalid,
			"Mês inválido: %q. Use o formato aaaa-mm.", month)
	}
	last := d.AddDays(clinic.DaysIn(d.Year, d.Month) - 1)
	return d.String(), last.String(), nil
}

// AddMonths returns month (YYYY-MM) moved by n months.
func AddMonths(month string, n int) string {
	d, err := clinic.ParseDate(month + "-01")
	if err != nil {
		return month
	}
	m := int(d.Month) - 1 + n
	y := d.Year + m/12
	m %= 12
	if m < 0 {
		m += 12
		y--
	}
	return fmt.Sprintf("%04d-%02d", y, m+1)
}

// PayoutCents returns share (basis points) of received, rounded half up
// to the cent: 60 % of R$ 0,05 is R$ 0,03. received is never negative.
func PayoutCents(received int64, shareBP int) int64 {
	return (received*int64(shareBP) + 5000) / 10000
}

// MonthSummary is the clinic's month: what was billed (charges dated in
// the month), received (payments dated in the month) and spent, the
// result (received − expenses, cash basis) and what was still owed at
// the end of the month.
type MonthSummary struct {
	Month, From, To string

	BilledCents      int64
	Charges          int
	ReceivedCents    int64
	Payments         int
	ExpensesCents    int64
	ResultCents      int64
	ReceivablesCents int64
	// UnallocatedCents is what payments of the month left as credit: it
	// belongs to no psychologist until allocated.
	UnallocatedCents int64
	PayoutCents      int64 // the sum of the psychologists' payouts
	ClinicCents      int64 // what the clinic keeps: received − payouts

	ByUnit         []UnitTotals
	ByPsychologist []PsychologistTotals
	ByMethod       []MethodTotals
	ByCategory     []CategoryTotals
	// History holds the twelve months ending with Month, oldest first.
	History []MonthTotals
}

// UnitTotals is a unit's share of the month. A session's unit is its
// room's; an online session (or one without a room) counts for the
// psychologist's first unit by id, or "Online" when they have none.
type UnitTotals struct {
	Name          string
	BilledCents   int64
	ReceivedCents int64
}

// PsychologistTotals is one psychologist's month. Received follows the
// payment allocations: money of the month's payments that paid this
// psychologist's charges, whatever the charges' dates. Payout is
// ShareBP of Received rounded half up to the cent; the clinic keeps the
// rest.
type PsychologistTotals struct {
	PsychologistID int64
	Name           string
	ShareBP        int
	Charges        int
	BilledCents    int64
	ReceivedCents  int64
	PayoutCents    int64
	ClinicCents    int64
}

// SharePercent returns the payout share as text, "60" or "62,5".
func (p PsychologistTotals) SharePercent() string {
	if p.ShareBP%100 == 0 {
		return fmt.Sprint(p.ShareBP / 100)
	}
	s := fmt.Sprintf("%d,%02d", p.ShareBP/100, p.ShareBP%100)
	if s[len(s)-1] == '0' {
		s = s[:len(s)-1]
	}
	return s
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

// MonthTotals is one month of the history chart.
type MonthTotals struct {
	Month         string
	BilledCents   int64
	ReceivedCents int64
	ExpensesCents int64
}

// MonthSummary returns the summary of month (YYYY-MM) from one snapshot,
// aggregated in SQL with a fixed number of queries.
func (db *DB) MonthSummary(ctx context.Context, month string) (MonthSummary, error) {
	from, to, err := MonthRange(month)
	if err != nil {
		return MonthSummary{}, err
	}
	sum := MonthSummary{Month: month, From: from, To: to}
	err = db.ReadTx(ctx, func(tx *sql.Tx) error {
		steps := []func(context.Context, *sql.Tx, *MonthSummary) error{
			summaryPsychologists, summaryMethods, summaryExpenses,
			summaryUnits, summaryReceivables, summaryHistory,
		}
		for _, step := range steps {
			if err := step(ctx, tx, &sum); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return sum, err
	}
	var allocated int64
	for _, p := range sum.ByPsychologist {
		sum.BilledCents += p.BilledCents
		sum.Charges += p.Charges
		allocated += p.ReceivedCents
		sum.PayoutCents += p.PayoutCents
	}
	sum.UnallocatedCents = sum.ReceivedCents - allocated
	sum.ResultCents = sum.ReceivedCents - sum.ExpensesCents
	sum.ClinicCents = sum.ReceivedCents - sum.PayoutCents
	return sum, nil
}

// psychologistTotalsQuery aggregates billed and received per
// psychologist for ?1..?2; ?3 limits it to one psychologist when not 0.
const psychologistTotalsQuery = `
SELECT ps.id, ps.name, ps.payout_share_bp, coalesce(b.n, 0),
	coalesce(b.cents, 0), coalesce(r.cents, 0)
FROM psychologists ps
LEFT JOIN (SELECT psychologist_id, count(*) AS n, sum(amount_cents) AS cents
	FROM charges WHERE date BETWEEN ?1 AND ?2
	GROUP BY psychologist_id) b ON b.psychologist_id = ps.id
LEFT JOIN (SELECT c.psychologist_id, sum(a.amount_cents) AS cents
	FROM payments p
	JOIN payment_allocations a ON a.payment_id = p.id
	JOIN charges c ON c.id = a.charge_id
	WHERE p.date BETWEEN ?1 AND ?2
	GROUP BY c.psychologist_id) r ON r.psychologist_id = ps.id
WHERE CASE WHEN ?3 = 0
	THEN b.n IS NOT NULL OR r.cents IS NOT NULL OR ps.active = 1
	ELSE ps.id = ?3 END
ORDER BY ps.name COLLATE NOCASE`

func psychologistTotals(ctx context.Context, q querier, from, to string, psychologistID int64) ([]PsychologistTotals, error) {
	rows, err := q.QueryContext(ctx, psychologistTotalsQuery, from, to, psychologistID)
	if err != nil {
		return nil, fmt.Errorf("sqlite: month totals by psychologist: %w", err)
	}
	defer rows.Close()
	var out []PsychologistTotals
	for rows.Next() {
		var p PsychologistTotals
		err := rows.Scan(&p.PsychologistID, &p.Name, &p.ShareBP, &p.Charges,
			&p.BilledCents, &p.ReceivedCents)
		if err != nil {
			return nil, fmt.Errorf("sqlite: scan psychologist totals: %w", err)
		}
		p.PayoutCents = PayoutCents(p.ReceivedCents, p.ShareBP)
		p.ClinicCents = p.ReceivedCents - p.PayoutCents
		out = append(out, p)
	}
	return out, rows.Err()
}

func summaryPsychologists(ctx context.Context, tx *sql.Tx, s *MonthSummary) error {
	var err error
	s.ByPsychologist, err = psychologistTotals(ctx, tx, s.From, s.To, 0)
	return err
}

func summaryMethods(ctx context.Context, tx *sql.Tx, s *MonthSummary) error {
	rows, err := tx.QueryContext(ctx, `SELECT method, count(*), sum(amount_cents)
		FROM payments WHERE date BETWEEN ? AND ?
		GROUP BY method ORDER BY 3 DESC`, s.From, s.To)
	if err != nil {
		return fmt.Errorf("sqlite: month totals by method: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var m MethodTotals
		if err := rows.Scan(&m.Method, &m.Count, &m.Cents); err != nil {
			return fmt.Errorf("sqlite: scan method totals: %w", err)
		}
		s.ByMethod = append(s.ByMethod, m)
		s.ReceivedCents += m.Cents
		s.Payments += m.Count
	}
	return rows.Err()
}

func summaryExpenses(ctx context.Context, tx *sql.Tx, s *MonthSummary) error {
	rows, err := tx.QueryContext(ctx, `SELECT ec.name, count(*),
		sum(e.amount_cents)
		FROM expenses e JOIN expense_categories ec ON ec.id = e.category_id
		WHERE e.deleted_at IS NULL AND e.date BETWEEN ? AND ?
		GROUP BY ec.id ORDER BY 3 DESC`, s.From, s.To)
	if err != nil {
		return fmt.Errorf("sqlite: month expenses by category: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var c CategoryTotals
		if err := rows.Scan(&c.Name, &c.Count, &c.Cents); err != nil {
			return fmt.Errorf("sqlite: scan category totals: %w", err)
		}
		s.ByCategory = append(s.ByCategory, c)
		s.ExpensesCents += c.Cents
	}
	return rows.Err()
}

// chargeUnitName is the SQL for a charge's unit name, with c the charge,
// s its session (may be NULL) and u its room's unit (may be NULL).
const chargeUnitName = `CASE
	WHEN u.id IS NOT NULL THEN u.name
	ELSE coalesce((SELECT un.name FROM psychologist_units pu
		JOIN units un ON un.id = pu.unit_id
		WHERE pu.psychologist_id = c.psychologist_id
		ORDER BY pu.unit_id LIMIT 1),
		CASE WHEN s.modality = 'online' THEN 'Online' ELSE 'Sem unidade' END)
	END`

func summaryUnits(ctx context.Context, tx *sql.Tx, s *MonthSummary) error {
	rows, err := tx.QueryContext(ctx, `SELECT unit, sum(billed), sum(received)
		FROM (
			SELECT `+chargeUnitName+` AS unit, c.amount_cents AS billed,
				0 AS received
			FROM charges c
			LEFT JOIN sessions s ON s.id = c.session_id
			LEFT JOIN rooms r ON r.id = s.room_id
			LEFT JOIN units u ON u.id = r.unit_id
			WHERE c.date BETWEEN ?1 AND ?2
			UNION ALL
			SELECT `+chargeUnitName+`, 0, a.amount_cents
			FROM payments p
			JOIN payment_allocations a ON a.payment_id = p.id
			JOIN charges c ON c.id = a.charge_id
			LEFT JOIN sessions s ON s.id = c.session_id
			LEFT JOIN rooms r ON r.id = s.room_id
			LEFT JOIN units u ON u.id = r.unit_id
			WHERE p.date BETWEEN ?1 AND ?2)
		GROUP BY unit ORDER BY 2 DESC, 1`, s.From, s.To)
	if err != nil {
		return fmt.Errorf("sqlite: month totals by unit: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var u UnitTotals
		if err := rows.Scan(&u.Name, &u.BilledCents, &u.ReceivedCents); err != nil {
			return fmt.Errorf("sqlite: scan unit totals: %w", err)
		}
		s.ByUnit = append(s.ByUnit, u)
	}
	return rows.Err()
}

// summaryReceivables computes what was owed at the end of the month: the
// charges dated up to then, less what payments dated up to then allocated
// to them. An allocation never exceeds its charge, so the difference of
// sums equals the sum of each charge's open part. The allocations are
// summed by payment date and the few that paid charges dated after the
// month are added back, which reads indexes only.
func summaryReceivables(ctx context.Context, tx *sql.Tx, s *MonthSummary) error {
	err := tx.QueryRowContext(ctx, `SELECT
		(SELECT coalesce(sum(amount_cents), 0) FROM charges WHERE date <= ?1) -
		(SELECT coalesce(sum(a.amount_cents), 0) FROM payments p
			JOIN payment_allocations a ON a.payment_id = p.id
			WHERE p.date <= ?1) +
		(SELECT coalesce(sum(a.amount_cents), 0) FROM charges c
			JOIN payment_allocations a ON a.charge_id = c.id
			JOIN payments p ON p.id = a.payment_id
			WHERE c.date > ?1 AND p.date <= ?1)`, s.To).Scan(&s.ReceivablesCents)
	if err != nil {
		return fmt.Errorf("sqlite: month receivables: %w", err)
	}
	return nil
}

func summaryHistory(ctx context.Context, tx *sql.Tx, s *MonthSummary) error {
	first := AddMonths(s.Month, -11)
	var err error
	s.History, err = monthHistory(ctx, tx, first, s.Month)
	return err
}

// monthHistory returns billed, received and expenses per month from
// first to last (YYYY-MM), one entry per month even when empty.
func monthHistory(ctx context.Context, q querier, first, last string) ([]MonthTotals, error) {
	from, _, err := MonthRange(first)
	if err != nil {
		return nil, err
	}
	_, to, err := MonthRange(last)
	if err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, `
		SELECT 'b', substr(date, 1, 7), sum(amount_cents) FROM charges
			WHERE date BETWEEN ?1 AND ?2 GROUP BY 2
		UNION ALL
		SELECT 'r', substr(date, 1, 7), sum(amount_cents) FROM payments
			WHERE date BETWEEN ?1 AND ?2 GROUP BY 2
		UNION ALL
		SELECT 'e', substr(date, 1, 7), sum(amount_cents) FROM expenses
			WHERE deleted_at IS NULL AND date BETWEEN ?1 AND ?2 GROUP BY 2`,
		from, to)
	if err != nil {
		return nil, fmt.Errorf("sqlite: month history: %w", err)
	}
	defer rows.Close()
	byMonth := map[string]*MonthTotals{}
	var out []MonthTotals
	for m := first; m <= last; m = AddMonths(m, 1) {
		out = append(out, MonthTotals{Month: m})
	}
	for i := range out {
		byMonth[out[i].Month] = &out[i]
	}
	for rows.Next() {
		var kind, month string
		var cents int64
		if err := rows.Scan(&kind, &month, &cents); err != nil {
			return nil, fmt.Errorf("sqlite: scan month history: %w", err)
		}
		m := byMonth[month]
		if m == nil {
			continue
		}
		switch kind {
		case "b":
			m.BilledCents = cents
		case "r":
			m.ReceivedCents = cents
		case "e":
			m.ExpensesCents = cents
		}
	}
	return out, rows.Err()
}

// ReceivablesFilter selects the receivables report.
type ReceivablesFilter struct {
	PsychologistID int64  // charges of this psychologist only; 0 for all
	Today          string // YYYY-MM-DD, the date ages count from
}

// ReceivableRow is one patient with unpaid charges. Each charge's unpaid
// part is aged by the charge's own date (the session date): 0–30 days,
// 31–60 and over 60, so a patient who paid part of an old charge still
// shows that old remainder as old.
type ReceivableRow struct {
	PatientID        int64
	PatientName      string
	Phone            string
	PsychologistName string // the patient's main psychologist
	Deleted          bool
	Charges          int
	OpenCents        int64
	Days0to30Cents   int64
	Days31to60Cents  int64
	Over60Cents      int64
	OldestDate       string
	// CreditCents is the patient's unallocated payments, all
	// psychologists together.
	CreditCents int64
}

// BalanceCents returns the open charges less the patient's credit.
func (r ReceivableRow) BalanceCents() int64 { return r.OpenCents - r.CreditCents }

// receivablesQuery is the whole report in one statement: open parts of
// charges, aged and summed per patient, with each patient's credit.
// ?1 is the psychologist filter, ?2 today.
const receivablesQuery = `
WITH paid AS (
	SELECT charge_id, sum(amount_cents) AS cents
	FROM payment_allocations GROUP BY charge_id
), open AS (
	SELECT c.patient_id, c.date,
		c.amount_cents - coalesce(paid.cents, 0) AS cents,
		julianday(?2) - julianday(c.date) AS age
	FROM charges c LEFT JOIN paid ON paid.charge_id = c.id
	WHERE (?1 = 0 OR c.psychologist_id = ?1)
		AND c.amount_cents > coalesce(paid.cents, 0)
), per_patient AS (
	SELECT patient_id, count(*) AS n, sum(cents) AS total,
		sum(CASE WHEN age <= 30 THEN cents ELSE 0 END) AS d30,
		sum(CASE WHEN age > 30 AND age <= 60 THEN cents ELSE 0 END) AS d60,
		sum(CASE WHEN age > 60 THEN cents ELSE 0 END) AS over60,
		min(date) AS oldest
	FROM open GROUP BY patient_id
)
SELECT pp.patient_id, p.name, p.phone, coalesce(ps.name, ''),
	p.deleted_at IS NOT NULL, pp.n, pp.total, pp.d30, pp.d60, pp.over60,
	pp.oldest,
	coalesce((SELECT sum(py.amount_cents - coalesce((SELECT
		sum(a.amount_cents) FROM payment_allocations a
		WHERE a.payment_id = py.id), 0))
		FROM payments py WHERE py.patient_id = pp.patient_id), 0)
FROM per_patient pp
JOIN patients p ON p.id = pp.patient_id
LEFT JOIN psychologists ps ON ps.id = p.psychologist_id
ORDER BY pp.total DESC, p.name COLLATE NOCASE`

// EachReceivable calls fn for every patient with unpaid charges, largest
// debt first, while reading the one aggregate query, so an export can
// stream it. A psychologist gets only their own charges whatever the
// filter says.
func (db *DB) EachReceivable(ctx context.Context, who clinic.Actor, f ReceivablesFilter, fn func(ReceivableRow) error) error {
	if scope := PsychologistScope(who); scope != 0 {
		f.PsychologistID = scope
	}
	rows, err := db.read.QueryContext(ctx, receivablesQuery, f.PsychologistID, f.Today)
	if err != nil {
		return fmt.Errorf("sqlite: receivables: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var r ReceivableRow
		err := rows.Scan(&r.PatientID, &r.PatientName, &r.Phone,
			&r.PsychologistName, &r.Deleted, &r.Charges, &r.OpenCents,
			&r.Days0to30Cents, &r.Days31to60Cents, &r.Over60Cents,
			&r.OldestDate, &r.CreditCents)
		if err != nil {
			return fmt.Errorf("sqlite: scan receivable: %w", err)
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	return rows.Err()
}

// ReceivablesTotals sums the report's columns.
type ReceivablesTotals struct {
	Patients        int
	OpenCents       int64
	Days0to30Cents  int64
	Days31to60Cents int64
	Over60Cents     int64
	CreditCents     int64
}

// Receivables returns the whole report and its totals.
func (db *DB) Receivables(ctx context.Context, who clinic.Actor, f ReceivablesFilter) ([]ReceivableRow, ReceivablesTotals, error) {
	var out []ReceivableRow
	var t ReceivablesTotals
	err := db.EachReceivable(ctx, who, f, func(r ReceivableRow) error {
		out = append(out, r)
		t.Patients++
		t.OpenCents += r.OpenCents
		t.Days0to30Cents += r.Days0to30Cents
		t.Days31to60Cents += r.Days31to60Cents
		t.Over60Cents += r.Over60Cents
		t.CreditCents += r.CreditCents
		return nil
	})
	return out, t, err
}

// ChargeFilter selects charges for an export.
type ChargeFilter struct {
	From, To       string // YYYY-MM-DD, inclusive
	PsychologistID int64  // 0 for all the actor may see
	PatientID      int64  // 0 for all
}

// ChargeRow is one charge with its session, unit and what is paid of it.
type ChargeRow struct {
	ChargeID         int64
	Date             string
	SessionID        int64
	StartMin         int
	Status           string
	PatientID        int64
	PatientName      string
	PsychologistID   int64
	PsychologistName string
	UnitName         string
	AmountCents      int64
	PaidCents        int64
}

// Start returns the session's start as HH:MM.
func (c ChargeRow) Start() string { return clockText(c.StartMin) }

// StatusLabel returns the Portuguese name of the session status.
func (c ChargeRow) StatusLabel() string { return StatusLabel(c.Status) }

// EachCharge calls fn for every charge in the filter, by date, while
// reading the rows. A psychologist gets only their own charges.
func (db *DB) EachCharge(ctx context.Context, who clinic.Actor, f ChargeFilter, fn func(ChargeRow) error) error {
	if scope := PsychologistScope(who); scope != 0 {
		f.PsychologistID = scope
	}
	rows, err := db.read.QueryContext(ctx, `SELECT c.id, c.date,
		coalesce(c.session_id, 0), coalesce(s.start_min, 0),
		coalesce(s.status, ''), c.patient_id, p.name, c.psychologist_id,
		ps.name, `+chargeUnitName+`, c.amount_cents,
		coalesce((SELECT sum(a.amount_cents) FROM payment_allocations a
			WHERE a.charge_id = c.id), 0)
		FROM charges c
		JOIN patients p ON p.id = c.patient_id
		JOIN psychologists ps ON ps.id = c.psychologist_id
		LEFT JOIN sessions s ON s.id = c.session_id
		LEFT JOIN rooms r ON r.id = s.room_id
		LEFT JOIN units u ON u.id = r.unit_id
		WHERE c.date BETWEEN ?1 AND ?2 AND (?3 = 0 OR c.psychologist_id = ?3)
		AND (?4 = 0 OR c.patient_id = ?4)
		ORDER BY c.date, s.start_min, c.id`,
		f.From, f.To, f.PsychologistID, f.PatientID)
	if err != nil {
		return fmt.Errorf("sqlite: list charges: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var c ChargeRow
		err := rows.Scan(&c.ChargeID, &c.Date, &c.SessionID, &c.StartMin,
			&c.Status, &c.PatientID, &c.PatientName, &c.PsychologistID,
			&c.PsychologistName, &c.UnitName, &c.AmountCents, &c.PaidCents)
		if err != nil {
			return fmt.Errorf("sqlite: scan charge: %w", err)
		}
		if err := fn(c); err != nil {
			return err
		}
	}
	return rows.Err()
}

// EachPayment calls fn for every payment in the filter, newest first,
// while reading the rows. A psychologist gets what Payments gives them.
func (db *DB) EachPayment(ctx context.Context, who clinic.Actor, f PaymentFilter, fn func(PaymentRow) error) error {
	return db.eachPayment(ctx, who, f, fn)
}

// PayoutLine is one allocation that makes up a psychologist's payout: a
// part of a payment dated in the month that paid one of their charges.
type PayoutLine struct {
	PaymentID   int64
	PaymentDate string
	Method      string
	PatientID   int64
	PatientName string
	ChargeDate  string
	StartMin    int
	Status      string
	Cents       int64
}

// Start returns the session's start as HH:MM.
func (l PayoutLine) Start() string { return clockText(l.StartMin) }

// MethodLabel returns the Portuguese name of the payment method.
func (l PayoutLine) MethodLabel() string { return MethodLabel(l.Method) }

// StatusLabel returns the Portuguese name of the session status.
func (l PayoutLine) StatusLabel() string { return StatusLabel(l.Status) }

// EachPayoutLine calls fn for every allocation of the month's payments to
// the psychologist's charges, by payment date. A psychologist may ask only
// for their own; others get ErrNotFound.
func (db *DB) EachPayoutLine(ctx context.Context, who clinic.Actor, psychologistID int64, month string, fn func(PayoutLine) error) error {
	if scope := PsychologistScope(who); scope != 0 && scope != psychologistID {
		return clinic.Errorf(clinic.ErrNotFound, "Psicóloga não encontrada.")
	}
	from, to, err := MonthRange(month)
	if err != nil {
		return err
	}
	rows, err := db.read.QueryContext(ctx, `SELECT p.id, p.date, p.method,
		pt.id, pt.name, c.date, coalesce(s.start_min, 0),
		coalesce(s.status, ''), a.amount_cents
		FROM payments p
		JOIN payment_allocations a ON a.payment_id = p.id
		JOIN charges c ON c.id = a.charge_id
		JOIN patients pt ON pt.id = c.patient_id
		LEFT JOIN sessions s ON s.id = c.session_id
		WHERE p.date BETWEEN ? AND ? AND c.psychologist_id = ?
		ORDER BY p.date, p.id, c.date`, from, to, psychologistID)
	if err != nil {
		return fmt.Errorf("sqlite: payout lines: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var l PayoutLine
		err := rows.Scan(&l.PaymentID, &l.PaymentDate, &l.Method,
			&l.PatientID, &l.PatientName, &l.ChargeDate, &l.StartMin,
			&l.Status, &l.Cents)
		if err != nil {
			return fmt.Errorf("sqlite: scan payout line: %w", err)
		}
		if err := fn(l); err != nil {
			return err
		}
	}
	return rows.Err()
}

// Payout returns one psychologist's month totals and payout lines.
func (db *DB) Payout(ctx context.Context, who clinic.Actor, psychologistID int64, month string) (PsychologistTotals, []PayoutLine, error) {
	if scope := PsychologistScope(who); scope != 0 && scope != psychologistID {
		return PsychologistTotals{}, nil, clinic.Errorf(clinic.ErrNotFound,
			"Psicóloga não encontrada.")
	}
	from, to, err := MonthRange(month)
	if err != nil {
		return PsychologistTotals{}, nil, err
	}
	totals, err := psychologistTotals(ctx, db.read, from, to, psychologistID)
	if err != nil {
		return PsychologistTotals{}, nil, err
	}
	if len(totals) == 0 {
		return PsychologistTotals{}, nil, clinic.Errorf(clinic.ErrNotFound,
			"Psicóloga não encontrada.")
	}
	var lines []PayoutLine
	err = db.EachPayoutLine(ctx, who, psychologistID, month, func(l PayoutLine) error {
		lines = append(lines, l)
		return nil
	})
	return totals[0], lines, err
}
