package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"kpsicologia/app/clinic"
)

// Kinds of ledger entries.
const (
	LedgerOpening = "opening" // the balance brought forward from before the range
	LedgerCharge  = "charge"
	LedgerPayment = "payment"
)

// LedgerEntry is one line of a patient's ledger.
type LedgerEntry struct {
	PatientID   int64
	PatientName string
	PatientCPF  string
	Kind        string // LedgerOpening, LedgerCharge or LedgerPayment
	ID          int64  // the charge's or payment's id; 0 for the opening line
	Date        string // YYYY-MM-DD; the range's start for the opening line

	// Charges: the psychologist, the charge's own description, and the
	// session it charges for (SessionID 0 and SessionStart -1 without
	// one).
	PsychologistName string
	Description      string
	SessionID        int64
	SessionDate      string
	SessionStart     int
	SessionStatus    string

	// Payments: the method, who paid, and the notes.
	Method    string
	PayerName string
	Notes     string

	ChargeCents  int64
	PaymentCents int64
	// AllocatedCents is the part of a charge that payments cover, or the
	// part of a payment (of the part shown) that pays charges.
	AllocatedCents int64
	// BalanceCents is what the patient owes after this line: the opening
	// balance plus charges minus payments so far. Negative is a credit.
	BalanceCents int64
}

// EachLedgerEntry calls fn for the charges and payments dated from..to,
// patient by patient (by name), each patient's lines by date with charges
// before payments on the same day, and a running balance per patient. A
// patient with lines in the range whose balance before it is not zero
// starts with an opening line.
//
// For a psychologist only their own charges count, and a payment counts
// with the part of it allocated to those charges; an admin sees every
// charge and every whole payment. Reception is rejected.
func (x *Reports) EachLedgerEntry(ctx context.Context, who clinic.Actor,
	from, to string, fn func(LedgerEntry) error) error {
	if err := checkReportRange(from, to); err != nil {
		return err
	}
	psy, err := financePsychologist(who)
	if err != nil {
		return err
	}
	return x.eachLedgerEntry(ctx, psy, 0, from, to, fn)
}

// ledgerQuery returns the query of the ledger lines of :from..:to. :psy,
// when not 0, keeps that psychologist's charges and the part of each
// payment allocated to them. With onePatient it keeps patient :patient,
// who then gets an opening line even without lines in the range; the
// condition is left out of the text otherwise, because SQLite plans a
// query before the parameters are bound and would not use the patient
// indexes for "(:patient = 0 OR patient_id = :patient)". An empty :from
// has no opening line.
func ledgerQuery(onePatient bool) string {
	patient := func(column string) string {
		if onePatient {
			return " AND " + column + " = :patient"
		}
		return ""
	}
	openingPatients := " AND patient_id IN (SELECT patient_id FROM entries)"
	if onePatient {
		openingPatients = ""
	}
	return `WITH
pays AS (
	-- Whole payments when :psy is 0; else the part of each payment
	-- allocated to :psy's charges.
	SELECT p.id, p.patient_id, p.date, p.method, p.payer_name, p.notes,
		p.amount_cents AS amount, p.allocated_cents AS allocated
	FROM payments p
	WHERE :psy = 0` + patient("p.patient_id") + `
	UNION ALL
	SELECT p.id, p.patient_id, p.date, p.method, p.payer_name, p.notes,
		sum(pa.amount_cents), sum(pa.amount_cents)
	FROM payments p
	JOIN payment_allocations pa ON pa.payment_id = p.id
	JOIN charges c ON c.id = pa.charge_id
	WHERE :psy <> 0 AND c.psychologist_id = :psy` + patient("p.patient_id") + `
	GROUP BY p.id
),
entries AS (
	SELECT c.patient_id, c.date, 0 AS ord, c.id, ps.name AS psychologist,
		c.description, coalesce(s.id, 0) AS session_id,
		coalesce(s.date, '') AS session_date,
		coalesce(s.start_min, -1) AS session_start,
		coalesce(s.status, '') AS session_status, '' AS method,
		'' AS payer, '' AS notes, c.amount_cents AS charge, 0 AS payment,
		c.paid_cents AS allocated, 0 AS opening
	FROM charges c
	JOIN psychologists ps ON ps.id = c.psychologist_id
	LEFT JOIN sessions s ON s.id = c.session_id
	WHERE c.date BETWEEN :from AND :to
		AND (:psy = 0 OR c.psychologist_id = :psy)` + patient("c.patient_id") + `
	UNION ALL
	SELECT patient_id, date, 1, id, '', '', 0, '', -1, '', method,
		payer_name, notes, 0, amount, allocated, 0
	FROM pays WHERE date BETWEEN :from AND :to
),
opening AS (
	SELECT patient_id, sum(amount) AS balance FROM (
		-- "+date" keeps SQLite from reading the charges by date through
		-- charges_date, which would fetch each table row for its patient;
		-- charges_patient_money covers this part on its own.
		SELECT patient_id, amount_cents AS amount FROM charges
		WHERE +date < :from AND (:psy = 0 OR psychologist_id = :psy)` + patient("patient_id") + `
		UNION ALL
		SELECT patient_id, -amount FROM pays WHERE date < :from
	) GROUP BY patient_id
),
lines AS (
	SELECT * FROM entries
	UNION ALL
	SELECT patient_id, :from, -1, 0, '', '', 0, '', -1, '', '', '', '', 0,
		0, 0, balance
	FROM opening
	WHERE balance <> 0` + openingPatients + `
)
SELECT l.patient_id, pt.name, pt.cpf, l.ord, l.id, l.date, l.psychologist,
	l.description, l.session_id, l.session_date, l.session_start,
	l.session_status, l.method, l.payer, l.notes, l.charge, l.payment,
	l.allocated, l.opening
FROM lines l
JOIN patients pt ON pt.id = l.patient_id
ORDER BY pt.name COLLATE NOCASE, l.patient_id, l.date, l.ord, l.id`
}

// eachLedgerEntry runs ledgerQuery for psychologist psy (0 for all) and
// patient (0 for every patient) and computes the running balances. to ""
// is no end.
func (x *Reports) eachLedgerEntry(ctx context.Context, psy, patient int64,
	from, to string, fn func(LedgerEntry) error) error {
	if to == "" {
		to = "9999-12-31"
	}
	args := []any{sql.Named("psy", psy), sql.Named("patient", patient),
		sql.Named("from", from), sql.Named("to", to)}
	var current int64 = -1
	var balance int64
	query := ledgerQuery(patient != 0)
	return x.each(ctx, "ledger", query, args, func(rows *sql.Rows) error {
		var e LedgerEntry
		var ord int
		var opening int64
		err := rows.Scan(&e.PatientID, &e.PatientName, &e.PatientCPF, &ord,
			&e.ID, &e.Date, &e.PsychologistName, &e.Description,
			&e.SessionID, &e.SessionDate, &e.SessionStart, &e.SessionStatus,
			&e.Method, &e.PayerName, &e.Notes, &e.ChargeCents,
			&e.PaymentCents, &e.AllocatedCents, &opening)
		if err != nil {
			return fmt.Errorf("sqlite: scan ledger entry: %w", err)
		}
		if e.PatientID != current {
			current, balance = e.PatientID, 0
		}
		switch ord {
		case -1:
			e.Kind = LedgerOpening
			balance = opening
		case 0:
			e.Kind = LedgerCharge
		default:
			e.Kind = LedgerPayment
		}
		balance += e.ChargeCents - e.PaymentCents
		e.BalanceCents = balance
		return fn(e)
	})
}
