package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"kpsicologia/app/clinic"
)

// openCharge is a charge with an unpaid part.
type openCharge struct {
	ID             int64
	PsychologistID int64
	Date           string
	OpenCents      int64
}

// creditPayment is a payment with an unallocated part.
type creditPayment struct {
	ID        int64
	Date      string
	FreeCents int64
}

// allocation is part of a payment given to a charge.
type allocation struct {
	PaymentID, ChargeID int64
	PsychologistID      int64
	PaymentDate         string
	Cents               int64
}

// planAllocations pays the charges in order from the payments in order,
// each charge taking what it still owes. skip, when not nil, leaves out
// pairs it returns true for.
func planAllocations(payments []creditPayment, charges []openCharge,
	skip func(creditPayment, openCharge) (bool, error)) ([]allocation, error) {
	var plan []allocation
	for ci := range charges {
		c := &charges[ci]
		for pi := range payments {
			p := &payments[pi]
			if c.OpenCents == 0 {
				break
			}
			if p.FreeCents == 0 {
				continue
			}
			if skip != nil {
				s, err := skip(*p, *c)
				if err != nil {
					return nil, err
				}
				if s {
					continue
				}
			}
			n := min(p.FreeCents, c.OpenCents)
			p.FreeCents -= n
			c.OpenCents -= n
			plan = append(plan, allocation{PaymentID: p.ID, ChargeID: c.ID,
				PsychologistID: c.PsychologistID, PaymentDate: p.Date, Cents: n})
		}
	}
	return plan, nil
}

func writeAllocations(ctx context.Context, tx *sql.Tx, plan []allocation) error {
	for _, a := range plan {
		_, err := tx.ExecContext(ctx, `INSERT INTO payment_allocations
			(payment_id, charge_id, amount_cents) VALUES (?, ?, ?)
			ON CONFLICT (payment_id, charge_id) DO UPDATE
			SET amount_cents = amount_cents + excluded.amount_cents`,
			a.PaymentID, a.ChargeID, a.Cents)
		if err != nil {
			return fmt.Errorf("sqlite: allocate payment %d to charge %d: %w",
				a.PaymentID, a.ChargeID, err)
		}
	}
	return nil
}

// openCharges returns the patient's charges with an unpaid part, oldest
// first. ids, when not empty, limits them to those charges; psychologistID
// when not 0 to that psychologist's.
func openCharges(ctx context.Context, q querier, patientID, psychologistID int64, ids []int64) ([]openCharge, error) {
	query := `SELECT c.id, c.psychologist_id, c.date, c.amount_cents -
		coalesce((SELECT sum(a.amount_cents) FROM payment_allocations a
			WHERE a.charge_id = c.id), 0) AS open
		FROM charges c
		WHERE c.patient_id = ? AND (? = 0 OR c.psychologist_id = ?)`
	args := []any{patientID, psychologistID, psychologistID}
	if len(ids) > 0 {
		query += " AND c.id IN (SELECT value FROM json_each(?))"
		args = append(args, jsonIDs(ids))
	}
	query += " AND open > 0 ORDER BY c.date, c.id"
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: list open charges: %w", err)
	}
	defer rows.Close()
	var out []openCharge
	for rows.Next() {
		var c openCharge
		if err := rows.Scan(&c.ID, &c.PsychologistID, &c.Date, &c.OpenCents); err != nil {
			return nil, fmt.Errorf("sqlite: scan open charge: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// creditPayments returns the patient's payments with an unallocated part,
// oldest first.
func creditPayments(ctx context.Context, q querier, patientID int64) ([]creditPayment, error) {
	rows, err := q.QueryContext(ctx, `SELECT p.id, p.date, p.amount_cents -
		coalesce((SELECT sum(a.amount_cents) FROM payment_allocations a
			WHERE a.payment_id = p.id), 0) AS free
		FROM payments p WHERE p.patient_id = ? AND free > 0
		ORDER BY p.date, p.id`, patientID)
	if err != nil {
		return nil, fmt.Errorf("sqlite: list patient credit: %w", err)
	}
	defer rows.Close()
	var out []creditPayment
	for rows.Next() {
		var p creditPayment
		if err := rows.Scan(&p.ID, &p.Date, &p.FreeCents); err != nil {
			return nil, fmt.Errorf("sqlite: scan patient credit: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// applyCredit allocates the patient's unallocated payments to open
// charges, oldest first on both sides, and returns the cents allocated.
// It skips payments dated in a month closed for the charge's
// psychologist, because allocating them would change that month's payout.
// Their credit stays until the month is reopened.
func (db *DB) applyCredit(ctx context.Context, tx *sql.Tx, patientID, psychologistID int64, chargeIDs []int64) (int64, error) {
	payments, err := creditPayments(ctx, tx, patientID)
	if err != nil || len(payments) == 0 {
		return 0, err
	}
	charges, err := openCharges(ctx, tx, patientID, psychologistID, chargeIDs)
	if err != nil || len(charges) == 0 {
		return 0, err
	}
	plan, err := planAllocations(payments, charges, func(p creditPayment, c openCharge) (bool, error) {
		_, locked, err := findClosing(ctx, tx, p.Date, c.PsychologistID)
		return locked, err
	})
	if err != nil {
		return 0, err
	}
	var total int64
	for _, a := range plan {
		total += a.Cents
	}
	return total, writeAllocations(ctx, tx, plan)
}

// ApplyCredit allocates the patient's credit (unallocated payments) to
// their open charges, oldest first, and returns the cents allocated. A
// psychologist applies it only to their own charges.
func (db *DB) ApplyCredit(ctx context.Context, who clinic.Actor, patientID int64) (int64, error) {
	var total int64
	err := db.WriteTx(ctx, func(tx *sql.Tx) error {
		if err := checkPatientAccess(ctx, tx, who, patientID, true); err != nil {
			return err
		}
		var err error
		total, err = db.applyCredit(ctx, tx, patientID, PsychologistScope(who), nil)
		if err != nil || total == 0 {
			return err
		}
		return db.audit(ctx, tx, who, "apply_credit", "patient", patientID,
			fmt.Sprintf("%d cents", total))
	})
	return total, err
}

// ReleaseCharge removes every payment allocation of a charge, so the money
// becomes the patient's credit again. Attendance then may move the session
// to a status that is not charged. Allocations of payments dated in a
// month closed for the charge's psychologist are rejected with ErrLocked.
func (db *DB) ReleaseCharge(ctx context.Context, who clinic.Actor, chargeID int64) (int64, error) {
	var released int64
	err := db.WriteTx(ctx, func(tx *sql.Tx) error {
		var patientID, psyID int64
		err := tx.QueryRowContext(ctx, `SELECT patient_id, psychologist_id
			FROM charges WHERE id = ?`, chargeID).Scan(&patientID, &psyID)
		if errors.Is(err, sql.ErrNoRows) {
			return clinic.Errorf(clinic.ErrNotFound, "Cobrança não encontrada.")
		}
		if err != nil {
			return fmt.Errorf("sqlite: read charge %d: %w", chargeID, err)
		}
		if scope := PsychologistScope(who); scope != 0 && scope != psyID {
			return clinic.Errorf(clinic.ErrNotFound, "Cobrança não encontrada.")
		}
		rows, err := tx.QueryContext(ctx, `SELECT p.date, a.amount_cents
			FROM payment_allocations a JOIN payments p ON p.id = a.payment_id
			WHERE a.charge_id = ?`, chargeID)
		if err != nil {
			return fmt.Errorf("sqlite: read allocations: %w", err)
		}
		var dates []string
		for rows.Next() {
			var d string
			var n int64
			if err := rows.Scan(&d, &n); err != nil {
				rows.Close()
				return fmt.Errorf("sqlite: scan allocation: %w", err)
			}
			dates = append(dates, d)
			released += n
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("sqlite: read allocations: %w", err)
		}
		if released == 0 {
			return clinic.Errorf(clinic.ErrConflict,
				"Esta cobrança não tem pagamento para liberar.")
		}
		for _, d := range dates {
			if err := db.checkMonthOpen(ctx, tx, d, psyID); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx,
			"DELETE FROM payment_allocations WHERE charge_id = ?", chargeID)
		if err != nil {
			return fmt.Errorf("sqlite: release charge %d: %w", chargeID, err)
		}
		return db.audit(ctx, tx, who, "release", "charge", chargeID,
			fmt.Sprintf("%d cents back to patient %d credit", released, patientID))
	})
	return released, err
}

// Statement is a patient's account between two dates: charges and
// payments with a running balance. A positive balance is what the patient
// owes; a negative one is credit.
type Statement struct {
	PatientID    int64
	PatientName  string
	From, To     string
	OpeningCents int64 // balance before From
	ChargedCents int64 // charges dated in the period
	PaidCents    int64 // payments dated in the period
	ClosingCents int64 // balance at the end of To
	// CreditCents is the unallocated part of all the patient's payments,
	// whatever their date: money that pays no charge yet.
	CreditCents int64
	// OpenCents is the unpaid part of all the patient's charges.
	OpenCents int64
	Lines     []StatementLine
}

// StatementLine is one charge or payment of a statement.
type StatementLine struct {
	Date             string
	Kind             string // "charge" or "payment"
	ChargeID         int64
	PaymentID        int64
	SessionID        int64
	SessionStartMin  int
	SessionStatus    string
	PsychologistName string
	Method           string
	PayerName        string
	DebitCents       int64 // a charge's amount
	CreditCents      int64 // a payment's amount
	// AllocatedCents is, for a charge, what payments cover of it; for a
	// payment, how much of it pays charges.
	AllocatedCents int64
	BalanceCents   int64
}

// IsCharge reports whether the line is a charge.
func (l StatementLine) IsCharge() bool { return l.Kind == "charge" }

// OpenCents returns a charge's unpaid part or a payment's unallocated part.
func (l StatementLine) OpenCents() int64 {
	if l.IsCharge() {
		return l.DebitCents - l.AllocatedCents
	}
	return l.CreditCents - l.AllocatedCents
}

// SessionStart returns the session's start time as HH:MM, or "".
func (l StatementLine) SessionStart() string {
	if l.SessionID == 0 {
		return ""
	}
	return clockText(l.SessionStartMin)
}

// StatusLabel returns the Portuguese name of the session's status.
func (l StatementLine) StatusLabel() string { return StatusLabel(l.SessionStatus) }

// MethodLabel returns the Portuguese name of the payment method.
func (l StatementLine) MethodLabel() string { return MethodLabel(l.Method) }

// PatientStatement returns the patient's statement between from and to
// (YYYY-MM-DD, inclusive; empty means unbounded). The running balance
// starts from every line before from. For a psychologist it lists only
// their own charges and, of each payment, the part allocated to them: the
// lines are the lancamentos export's, by the same query.
func (db *DB) PatientStatement(ctx context.Context, who clinic.Actor, patientID int64, from, to string) (Statement, error) {
	st := Statement{PatientID: patientID, From: from, To: to}
	if err := db.CheckPatientAccess(ctx, who, patientID, true); err != nil {
		return st, err
	}
	psy := PsychologistScope(who)
	err := db.ReportSnapshot(ctx, func(x *Reports) error {
		err := x.q.QueryRowContext(ctx, "SELECT name FROM patients WHERE id = ?",
			patientID).Scan(&st.PatientName)
		if err != nil {
			return fmt.Errorf("sqlite: read patient name: %w", err)
		}
		err = x.eachLedgerEntry(ctx, psy, patientID, from, to, func(e LedgerEntry) error {
			st.ClosingCents = e.BalanceCents
			if e.Kind == LedgerOpening {
				st.OpeningCents = e.BalanceCents
				return nil
			}
			st.ChargedCents += e.ChargeCents
			st.PaidCents += e.PaymentCents
			st.Lines = append(st.Lines, statementLine(e))
			return nil
		})
		if err != nil {
			return err
		}
		return statementTotals(ctx, x.q, &st, psy)
	})
	return st, err
}

// statementLine returns a ledger entry as a statement line.
func statementLine(e LedgerEntry) StatementLine {
	l := StatementLine{Date: e.Date, Kind: e.Kind,
		PsychologistName: e.PsychologistName, Method: e.Method,
		PayerName: e.PayerName, DebitCents: e.ChargeCents,
		CreditCents: e.PaymentCents, AllocatedCents: e.AllocatedCents,
		BalanceCents: e.BalanceCents}
	if e.Kind == LedgerCharge {
		l.ChargeID, l.SessionID = e.ID, e.SessionID
		l.SessionStartMin, l.SessionStatus = max(e.SessionStart, 0), e.SessionStatus
	} else {
		l.PaymentID = e.ID
	}
	return l
}

// statementTotals fills the all-time open and credit amounts.
func statementTotals(ctx context.Context, q querier, st *Statement, psy int64) error {
	err := q.QueryRowContext(ctx, `SELECT
		coalesce((SELECT sum(c.amount_cents - c.paid_cents)
			FROM charges c WHERE c.patient_id = ?1
			AND (?2 = 0 OR c.psychologist_id = ?2)), 0),
		coalesce((SELECT sum(p.amount_cents - p.allocated_cents)
			FROM payments p WHERE p.patient_id = ?1), 0)`,
		st.PatientID, psy).Scan(&st.OpenCents, &st.CreditCents)
	if err != nil {
		return fmt.Errorf("sqlite: read statement totals: %w", err)
	}
	return nil
}

// OpenCharge is a charge with an unpaid part, for the payment form.
type OpenCharge struct {
	ChargeID         int64
	Date             string
	SessionStartMin  int
	SessionStatus    string
	PsychologistName string
	AmountCents      int64
	OpenCents        int64
}

// PaidCents returns what payments already cover of the charge.
func (c OpenCharge) PaidCents() int64 { return c.AmountCents - c.OpenCents }

// SessionStart returns the session's start as HH:MM.
func (c OpenCharge) SessionStart() string { return clockText(c.SessionStartMin) }

// StatusLabel returns the Portuguese name of the session's status.
func (c OpenCharge) StatusLabel() string { return StatusLabel(c.SessionStatus) }

// PatientOpenCharges returns the patient's charges with an unpaid part,
// oldest first; a psychologist gets only their own.
func (db *DB) PatientOpenCharges(ctx context.Context, who clinic.Actor, patientID int64) ([]OpenCharge, error) {
	if err := db.CheckPatientAccess(ctx, who, patientID, true); err != nil {
		return nil, err
	}
	rows, err := db.read.QueryContext(ctx, `SELECT c.id, c.date,
		coalesce(s.start_min, 0), coalesce(s.status, ''), ps.name,
		c.amount_cents, c.amount_cents - c.paid_cents AS open
		FROM charges c
		JOIN psychologists ps ON ps.id = c.psychologist_id
		LEFT JOIN sessions s ON s.id = c.session_id
		WHERE c.patient_id = ? AND (? = 0 OR c.psychologist_id = ?)
		AND open > 0 ORDER BY c.date, c.id`,
		patientID, PsychologistScope(who), PsychologistScope(who))
	if err != nil {
		return nil, fmt.Errorf("sqlite: list open charges: %w", err)
	}
	defer rows.Close()
	var out []OpenCharge
	for rows.Next() {
		var c OpenCharge
		err := rows.Scan(&c.ChargeID, &c.Date, &c.SessionStartMin,
			&c.SessionStatus, &c.PsychologistName, &c.AmountCents, &c.OpenCents)
		if err != nil {
			return nil, fmt.Errorf("sqlite: scan open charge: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
