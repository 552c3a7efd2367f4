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
func (x *Reports) EachLedgerEntry(ctx context.Context, who clinic.Actor,
	from, to string, fn func(LedgerEntry) error) error {
	if err := checkReportRange(from, to); err != nil {
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
		var e LedgerEntry
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
				err := fn(LedgerEntry{PatientID: e.PatientID,
					PatientName: e.PatientName, PatientCPF: e.PatientCPF,
					Kind: LedgerOpening, Date: from, SessionStart: -1,
					BalanceCents: opening})
				if err != nil {
					return err
				}
			}
		}
		e.Kind = LedgerCharge
		if ord == 1 {
			e.Kind = LedgerPayment
		}
		balance += e.ChargeCents - e.PaymentCents
		e.BalanceCents = balance
		return fn(e)
	})
}
