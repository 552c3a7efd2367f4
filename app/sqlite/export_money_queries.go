package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"kpsicologia/app/clinic"
)

// Money rules of the exports. The finance pages must compute the same
// numbers, so these are written once here and described in full:
//
//   - billed: the charges dated in the range;
//   - received: the payments dated in the range;
//   - a psychologist's received: the payment_allocations of payments dated
//     in the range to that psychologist's charges;
//   - payout: payout_share_bp × the psychologist's received / 10 000,
//     rounded half up to the cent once on the range's total (not per
//     line); the clinic's share is received − payout;
//   - result: received − expenses (cash basis), expenses excluding the
//     logically deleted;
//   - receivables as of a date: for each charge dated up to that date,
//     its amount minus its allocations from payments dated up to that date;
//     a charge with a positive remainder is unpaid. A patient's unpaid
//     total is aged by the days from their oldest unpaid charge to the
//     date, and the whole total falls in one bucket: 0–30, 31–60 or more
//     than 60 days.

// Kinds of ledger entries.
const (
	ExportLedgerOpening = "opening" // the balance brought forward from before the range
	ExportLedgerCharge  = "charge"
	ExportLedgerPayment = "payment"
)

// ExportLedgerEntry is one line of a patient's ledger.
type ExportLedgerEntry struct {
	PatientID   int64
	PatientName string
	PatientCPF  string
	Kind        string // ExportLedgerOpening, ExportLedgerCharge or ExportLedgerPayment
	ID          int64  // the charge's or payment's id; 0 for the opening line
	Date        string // YYYY-MM-DD; the range's start for the opening line

	// Charges: the psychologist, the charge's own description, and the
	// session it charges for (SessionStart is -1 without a session).
	PsychologistName string
	Description      string
	SessionDate      string
	SessionStart     int

	// Payments: the method, who paid, and the notes.
	Method    string
	PayerName string
	Notes     string

	ChargeCents  int64
	PaymentCents int64
	// BalanceCents is what the patient owes after this line: the opening
	// balance plus charges minus payments so far. Negative is a credit.
	BalanceCents int64
}

// EachLedgerEntry calls fn for the charges and payments dated from..to,
// patient by patient (by name), each patient's lines by date with charges
// before payments on the same day, and a running balance per patient. A
// patient whose balance before the range is not zero starts with an
// opening line.
//
// For a psychologist only their own charges count, and a payment counts
// with the part of it allocated to those charges; an admin sees every
// charge and every whole payment.
func (x *ExportQueries) EachLedgerEntry(ctx context.Context, who clinic.Actor,
	from, to string, fn func(ExportLedgerEntry) error) error {
	if err := checkExportRange(from, to); err != nil {
		return err
	}
	psy, err := financePsychologist(who)
	if err != nil {
		return err
	}
	query := `WITH
	pays AS (
		-- Whole payments for an admin; for a psychologist, the part of
		-- each payment allocated to their charges.
		SELECT p.id, p.patient_id, p.date, p.method, p.payer_name, p.notes,
			p.amount_cents AS amount
		FROM payments p WHERE :psy = 0
		UNION ALL
		SELECT p.id, p.patient_id, p.date, p.method, p.payer_name, p.notes,
			sum(pa.amount_cents)
		FROM payments p
		JOIN payment_allocations pa ON pa.payment_id = p.id
		JOIN charges c ON c.id = pa.charge_id
		WHERE :psy <> 0 AND c.psychologist_id = :psy
		GROUP BY p.id
	),
	entries AS (
		SELECT c.patient_id, c.date, 0 AS ord, c.id, ps.name AS psychologist,
			c.description, coalesce(s.date, '') AS session_date,
			coalesce(s.start_min, -1) AS session_start, '' AS method,
			'' AS payer, '' AS notes, c.amount_cents AS charge, 0 AS payment
		FROM charges c
		JOIN psychologists ps ON ps.id = c.psychologist_id
		LEFT JOIN sessions s ON s.id = c.session_id
		WHERE c.date BETWEEN :from AND :to
			AND (:psy = 0 OR c.psychologist_id = :psy)
		UNION ALL
		SELECT patient_id, date, 1, id, '', '', '', -1, method, payer_name,
			notes, 0, amount
		FROM pays WHERE date BETWEEN :from AND :to
	),
	opening AS (
		SELECT patient_id, sum(amount) AS balance FROM (
			SELECT patient_id, amount_cents AS amount FROM charges
			WHERE date < :from AND (:psy = 0 OR psychologist_id = :psy)
			UNION ALL
			SELECT patient_id, -amount FROM pays WHERE date < :from
		) GROUP BY patient_id
	)
	SELECT e.patient_id, pt.name, pt.cpf, coalesce(o.balance, 0), e.ord,
		e.id, e.date, e.psychologist, e.description, e.session_date,
		e.session_start, e.method, e.payer, e.notes, e.charge, e.payment
	FROM entries e
	JOIN patients pt ON pt.id = e.patient_id
	LEFT JOIN opening o ON o.patient_id = e.patient_id
	ORDER BY pt.name COLLATE NOCASE, e.patient_id, e.date, e.ord, e.id`
	args := []any{sql.Named("psy", psy), sql.Named("from", from),
		sql.Named("to", to)}

	var current int64 = -1
	var balance int64
	return x.each(ctx, "ledger", query, args, func(rows *sql.Rows) error {
		var e ExportLedgerEntry
		var opening int64
		var ord int
		err := rows.Scan(&e.PatientID, &e.PatientName, &e.PatientCPF,
			&opening, &ord, &e.ID, &e.Date, &e.PsychologistName,
			&e.Description, &e.SessionDate, &e.SessionStart, &e.Method,
			&e.PayerName, &e.Notes, &e.ChargeCents, &e.PaymentCents)
		if err != nil {
			return fmt.Errorf("sqlite: scan ledger entry: %w", err)
		}
		if e.PatientID != current {
			current, balance = e.PatientID, opening
			if opening != 0 {
				err := fn(ExportLedgerEntry{PatientID: e.PatientID,
					PatientName: e.PatientName, PatientCPF: e.PatientCPF,
					Kind: ExportLedgerOpening, Date: from, SessionStart: -1,
					BalanceCents: opening})
				if err != nil {
					return err
				}
			}
		}
		e.Kind = ExportLedgerCharge
		if ord == 1 {
			e.Kind = ExportLedgerPayment
		}
		balance += e.ChargeCents - e.PaymentCents
		e.BalanceCents = balance
		return fn(e)
	})
}

// ExportReceivable is one patient's unpaid charges as of a date.
type ExportReceivable struct {
	PatientID        int64
	PatientName      string
	PatientPhone     string
	PsychologistName string // the patient's main psychologist, or ""
	Charges          int    // unpaid charges
	OldestDate       string // the oldest unpaid charge's date
	AgeDays          int    // days from OldestDate to the as-of date
	OpenCents        int64  // the unpaid total
	// Exactly one bucket holds OpenCents, chosen by AgeDays.
	Upto30Cents int64
	Upto60Cents int64
	Over60Cents int64
	// UnallocatedCents is what the patient paid up to the as-of date that
	// is not allocated to any charge: a credit the clinic may still apply.
	// Always 0 for a psychologist, since unallocated money is nobody's.
	UnallocatedCents int64
}

// receivablesCTE defines by_patient: one row per patient with unpaid
// charges as of :asof (patient_id, charges, oldest, open, age in days),
// limited to psychologist :psy's charges unless :psy is 0.
const receivablesCTE = `WITH
	open_charges AS (
		SELECT c.patient_id, c.date, c.amount_cents - coalesce((
			SELECT sum(pa.amount_cents) FROM payment_allocations pa
			JOIN payments p ON p.id = pa.payment_id
			WHERE pa.charge_id = c.id AND p.date <= :asof), 0) AS open
		FROM charges c
		WHERE c.date <= :asof AND (:psy = 0 OR c.psychologist_id = :psy)
	),
	by_patient AS (
		SELECT patient_id, count(*) AS charges, min(date) AS oldest,
			sum(open) AS open,
			CAST(julianday(:asof) - julianday(min(date)) AS INTEGER) AS age
		FROM open_charges WHERE open > 0
		GROUP BY patient_id
	)
`

// The age buckets of a by_patient row b: each is the row's open total or
// 0, and exactly one is not 0.
const (
	agedUpto30 = `CASE WHEN b.age <= 30 THEN b.open ELSE 0 END`
	agedUpto60 = `CASE WHEN b.age BETWEEN 31 AND 60 THEN b.open ELSE 0 END`
	agedOver60 = `CASE WHEN b.age > 60 THEN b.open ELSE 0 END`
)

// EachReceivable calls fn for every patient with unpaid charges as of
// asOf, by name. A psychologist sees only their own charges.
func (x *ExportQueries) EachReceivable(ctx context.Context, who clinic.Actor,
	asOf string, fn func(ExportReceivable) error) error {
	if err := checkExportRange(asOf, asOf); err != nil {
		return err
	}
	psy, err := financePsychologist(who)
	if err != nil {
		return err
	}
	query := receivablesCTE + `SELECT b.patient_id, pt.name, pt.phone,
		coalesce(ps.name, ''), b.charges, b.oldest, b.age, b.open,
		` + agedUpto30 + `, ` + agedUpto60 + `, ` + agedOver60 + `,
		CASE WHEN :psy <> 0 THEN 0 ELSE
			coalesce((SELECT sum(p.amount_cents) FROM payments p
				WHERE p.patient_id = b.patient_id AND p.date <= :asof), 0)
			- coalesce((SELECT sum(pa.amount_cents) FROM payment_allocations pa
				JOIN payments p ON p.id = pa.payment_id
				WHERE p.patient_id = b.patient_id AND p.date <= :asof), 0)
		END
	FROM by_patient b
	JOIN patients pt ON pt.id = b.patient_id
	LEFT JOIN psychologists ps ON ps.id = pt.psychologist_id
	ORDER BY pt.name COLLATE NOCASE, b.patient_id`
	args := []any{sql.Named("psy", psy), sql.Named("asof", asOf)}
	return x.each(ctx, "receivables", query, args, func(rows *sql.Rows) error {
		var r ExportReceivable
		err := rows.Scan(&r.PatientID, &r.PatientName, &r.PatientPhone,
			&r.PsychologistName, &r.Charges, &r.OldestDate, &r.AgeDays,
			&r.OpenCents, &r.Upto30Cents, &r.Upto60Cents, &r.Over60Cents,
			&r.UnallocatedCents)
		if err != nil {
			return fmt.Errorf("sqlite: scan receivable: %w", err)
		}
		return fn(r)
	})
}

// ExportAging totals the receivables of every patient as of a date.
type ExportAging struct {
	Patients    int
	OpenCents   int64
	Upto30Cents int64
	Upto60Cents int64
	Over60Cents int64
}

func (x *ExportQueries) aging(ctx context.Context, psy int64, asOf string) (ExportAging, error) {
	var a ExportAging
	err := x.q.QueryRowContext(ctx, receivablesCTE+`SELECT count(*),
		coalesce(sum(b.open), 0), coalesce(sum(`+agedUpto30+`), 0),
		coalesce(sum(`+agedUpto60+`), 0), coalesce(sum(`+agedOver60+`), 0)
		FROM by_patient b`,
		sql.Named("psy", psy), sql.Named("asof", asOf)).
		Scan(&a.Patients, &a.OpenCents, &a.Upto30Cents, &a.Upto60Cents,
			&a.Over60Cents)
	if err != nil {
		return a, fmt.Errorf("sqlite: export receivables total: %w", err)
	}
	return a, nil
}
