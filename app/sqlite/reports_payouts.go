package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"kpsicologia/app/clinic"
)

// PsychologistTotals is one psychologist's money in a period. Received
// follows the payment allocations: what payments dated in the period paid
// of this psychologist's charges, whatever the charges' dates. Payout is
// ShareBP of Received rounded half up to the cent; the clinic keeps the
// rest.
type PsychologistTotals struct {
	PsychologistID int64
	Name           string
	CRP            string
	ShareBP        int // payout_share_bp: 6000 is 60 %
	SessionsDone   int // their sessions with status done in the period
	Charges        int // their charges dated in the period
	BilledCents    int64
	ReceivedCents  int64
	PayoutCents    int64
	ClinicCents    int64 // ReceivedCents − PayoutCents
	// ReceivableCents is the unpaid part of their charges at the period's
	// end, by the receivables rule.
	ReceivableCents int64
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

// payoutsQuery is every psychologist's money for :from..:to; :psy limits
// it to one psychologist when not 0. Without :psy it lists the active
// psychologists and any inactive one with money, sessions or unpaid
// charges (:owing, a JSON array of ids), so the lines add up to the
// clinic's totals.
const payoutsQuery = `WITH
received AS (
	SELECT c.psychologist_id, sum(pa.amount_cents) AS cents
	FROM payments p
	JOIN payment_allocations pa ON pa.payment_id = p.id
	JOIN charges c ON c.id = pa.charge_id
	WHERE p.date BETWEEN :from AND :to
		AND (:psy = 0 OR c.psychologist_id = :psy)
	GROUP BY c.psychologist_id
),
billed AS (
	SELECT psychologist_id, count(*) AS n, sum(amount_cents) AS cents
	FROM charges WHERE date BETWEEN :from AND :to
	GROUP BY psychologist_id
),
done AS (
	SELECT psychologist_id, count(*) AS n FROM sessions
	WHERE date BETWEEN :from AND :to AND status = 'done'
	GROUP BY psychologist_id
)
SELECT ps.id, ps.name, ps.crp, ps.payout_share_bp, coalesce(d.n, 0),
	coalesce(b.n, 0), coalesce(b.cents, 0), coalesce(r.cents, 0)
FROM psychologists ps
LEFT JOIN received r ON r.psychologist_id = ps.id
LEFT JOIN billed b ON b.psychologist_id = ps.id
LEFT JOIN done d ON d.psychologist_id = ps.id
WHERE CASE WHEN :psy = 0
	THEN ps.active = 1 OR r.cents IS NOT NULL OR b.n IS NOT NULL
		OR d.n IS NOT NULL
		OR ps.id IN (SELECT value FROM json_each(:owing))
	ELSE ps.id = :psy END
ORDER BY ps.name COLLATE NOCASE, ps.id`

// Payouts returns each psychologist's money for from..to, by name. An
// admin gets everyone, or the psychologist psychologistID names; a
// psychologist gets only their own line and ErrNotFound for another's id;
// reception is rejected.
func (x *Reports) Payouts(ctx context.Context, who clinic.Actor,
	from, to string, psychologistID int64) ([]PsychologistTotals, error) {
	if err := checkReportRange(from, to); err != nil {
		return nil, err
	}
	psy, err := financeFilter(who, psychologistID)
	if err != nil {
		return nil, err
	}
	_, receivable, err := x.aging(ctx, psy, to)
	if err != nil {
		return nil, err
	}
	return x.payouts(ctx, psy, from, to, receivable)
}

// payouts runs payoutsQuery for psychologist psy (0 for all) and fills
// each line's ReceivableCents from receivable, by psychologist id.
func (x *Reports) payouts(ctx context.Context, psy int64, from, to string,
	receivable map[int64]int64) ([]PsychologistTotals, error) {
	owing := make([]int64, 0, len(receivable))
	for id := range receivable {
		owing = append(owing, id)
	}
	args := []any{sql.Named("psy", psy), sql.Named("from", from),
		sql.Named("to", to), sql.Named("owing", jsonIDs(owing))}
	var out []PsychologistTotals
	err := x.each(ctx, "payouts", payoutsQuery, args, func(rows *sql.Rows) error {
		var p PsychologistTotals
		err := rows.Scan(&p.PsychologistID, &p.Name, &p.CRP, &p.ShareBP,
			&p.SessionsDone, &p.Charges, &p.BilledCents, &p.ReceivedCents)
		if err != nil {
			return fmt.Errorf("sqlite: scan payout: %w", err)
		}
		p.PayoutCents = PayoutCents(p.ReceivedCents, p.ShareBP)
		p.ClinicCents = p.ReceivedCents - p.PayoutCents
		p.ReceivableCents = receivable[p.PsychologistID]
		out = append(out, p)
		return nil
	})
	if err == nil && psy != 0 && len(out) == 0 {
		err = errPsychologistNotFound
	}
	return out, err
}

// PayoutLine is one allocation behind a psychologist's payout: the part
// of a payment dated in the period that paid one of their charges.
type PayoutLine struct {
	PsychologistID   int64
	PsychologistName string
	PaymentID        int64
	PaymentDate      string
	Method           string
	PatientID        int64
	PatientName      string
	ChargeDate       string
	SessionDate      string // "" when the charge has no session
	SessionStart     int    // minutes since midnight; -1 without a session
	SessionStatus    string
	Description      string // the charge's own description
	AmountCents      int64  // the allocated amount
}

// Start returns the session's start as HH:MM, or "" without a session.
func (l PayoutLine) Start() string {
	if l.SessionStart < 0 {
		return ""
	}
	return clockText(l.SessionStart)
}

// MethodLabel returns the Portuguese name of the payment method.
func (l PayoutLine) MethodLabel() string { return MethodLabel(l.Method) }

// StatusLabel returns the Portuguese name of the session status.
func (l PayoutLine) StatusLabel() string { return StatusLabel(l.SessionStatus) }

// EachPayoutLine calls fn for every allocation of a payment dated
// from..to, psychologist by psychologist (by name), then by payment date.
// psychologistID picks one psychologist (0 for all) with the same rules
// as Payouts.
func (x *Reports) EachPayoutLine(ctx context.Context, who clinic.Actor,
	from, to string, psychologistID int64, fn func(PayoutLine) error) error {
	if err := checkReportRange(from, to); err != nil {
		return err
	}
	psy, err := financeFilter(who, psychologistID)
	if err != nil {
		return err
	}
	query := `SELECT ps.id, ps.name, p.id, p.date, p.method, pt.id, pt.name,
		c.date, coalesce(s.date, ''), coalesce(s.start_min, -1),
		coalesce(s.status, ''), c.description, pa.amount_cents
		FROM payments p
		JOIN payment_allocations pa ON pa.payment_id = p.id
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
		var l PayoutLine
		err := rows.Scan(&l.PsychologistID, &l.PsychologistName,
			&l.PaymentID, &l.PaymentDate, &l.Method, &l.PatientID,
			&l.PatientName, &l.ChargeDate, &l.SessionDate, &l.SessionStart,
			&l.SessionStatus, &l.Description, &l.AmountCents)
		if err != nil {
			return fmt.Errorf("sqlite: scan payout line: %w", err)
		}
		return fn(l)
	})
}
