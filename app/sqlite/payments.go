package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"kpsicologia/app/clinic"
)

// Payment methods, as stored in payments.method.
const (
	MethodCash     = "cash"
	MethodDebit    = "debit"
	MethodCredit   = "credit"
	MethodTransfer = "transfer"
	MethodPix      = "pix"
)

// PaymentMethods lists the methods in the order the payment form offers.
var PaymentMethods = []string{MethodPix, MethodCash, MethodDebit,
	MethodCredit, MethodTransfer}

var methodLabels = map[string]string{
	MethodCash:     "Dinheiro",
	MethodDebit:    "Cartão de débito",
	MethodCredit:   "Cartão de crédito",
	MethodTransfer: "Transferência",
	MethodPix:      "PIX",
}

// MethodLabel returns the Portuguese name of a payment method.
func MethodLabel(method string) string {
	if l, ok := methodLabels[method]; ok {
		return l
	}
	return method
}

// PaymentInput is a payment to record. Money is in cents.
type PaymentInput struct {
	PatientID   int64
	Date        string // YYYY-MM-DD
	AmountCents int64
	Method      string
	// ReceivedBy is the user who took the money; 0 means the actor.
	ReceivedBy int64
	PayerName  string
	PayerCPF   string // 11 digits or ""
	Notes      string
	// ChargeIDs are the charges the payment is for. Empty means the
	// patient's open charges oldest first. What is left over stays as the
	// patient's credit.
	ChargeIDs []int64
	// RequestToken is the payment form's one-time token. A second call
	// with the same token records nothing and returns the first payment.
	RequestToken string
}

// PaymentResult describes where a recorded payment's money went.
type PaymentResult struct {
	PaymentID      int64
	AllocatedCents int64
	CreditCents    int64 // the part left as the patient's credit
	Charges        int   // how many charges received part of it
	// Replayed reports that the request token was already used: nothing
	// was recorded this time and PaymentID is the earlier payment.
	Replayed bool
}

func validatePayment(in *PaymentInput) error {
	fe := clinic.FieldErrors{}
	if in.PatientID == 0 {
		fe.Add("patient_id", "Escolha o paciente.")
	}
	if in.AmountCents <= 0 {
		fe.Add("amount", "Digite um valor maior que zero, por exemplo 150,00.")
	}
	if _, err := clinic.ParseDate(in.Date); err != nil {
		fe.Add("date", "Digite a data do pagamento, por exemplo 04/12/2026.")
	}
	if !slices.Contains(PaymentMethods, in.Method) {
		fe.Add("method", "Escolha a forma de pagamento.")
	}
	in.PayerName = clinic.NormalizeName(in.PayerName)
	if len(in.PayerName) > 200 {
		fe.Add("payer_name", "Use no máximo 200 caracteres.")
	}
	if in.PayerCPF != "" {
		cpf, err := clinic.ParseCPF(in.PayerCPF)
		if err != nil {
			fe.Add("payer_cpf", err.Error())
		}
		in.PayerCPF = cpf
	}
	in.Notes = strings.TrimSpace(in.Notes)
	return fe.Err()
}

// RecordPayment stores a payment and allocates it, in one transaction:
// to the chosen charges in date order, or to the patient's open charges
// oldest first when none is chosen. A charge takes at most what it still
// owes; the remainder stays as credit, which later confirmations use. The
// payment's month must be open for the clinic and for every psychologist
// whose charges it pays (for a payment that pays none, the patient's main
// psychologist), else ErrLocked. A psychologist records payments only for
// their patients and allocates only to their own charges.
func (db *DB) RecordPayment(ctx context.Context, who clinic.Actor, in PaymentInput) (PaymentResult, error) {
	if err := validatePayment(&in); err != nil {
		return PaymentResult{}, err
	}
	if in.ReceivedBy == 0 {
		in.ReceivedBy = who.UserID
	}
	var res PaymentResult
	err := db.WriteTx(ctx, func(tx *sql.Tx) error {
		if err := checkPatientAccess(ctx, tx, who, in.PatientID, true); err != nil {
			return err
		}
		if prior, ok, err := replayedPayment(ctx, tx, in.RequestToken); err != nil || ok {
			res = prior
			return err
		}
		psy := PsychologistScope(who)
		charges, err := openCharges(ctx, tx, in.PatientID, psy, in.ChargeIDs)
		if err != nil {
			return err
		}
		if len(in.ChargeIDs) > 0 && len(charges) != len(in.ChargeIDs) {
			return &clinic.Error{Code: clinic.ErrConflict,
				Message: "Uma das cobranças escolhidas já está paga ou não existe mais.",
				Fields: clinic.FieldErrors{"charge": "Atualize a página e " +
					"escolha as cobranças de novo."}}
		}
		if err := checkReceiver(ctx, tx, in.ReceivedBy); err != nil {
			return err
		}
		res.PaymentID, err = db.insertPayment(ctx, tx, who, in)
		if err != nil {
			return err
		}
		plan, _ := planAllocations([]creditPayment{{ID: res.PaymentID,
			Date: in.Date, FreeCents: in.AmountCents}}, charges, nil)
		if err := db.checkPaymentMonth(ctx, tx, in.PatientID, in.Date, plan); err != nil {
			return err
		}
		if err := writeAllocations(ctx, tx, plan); err != nil {
			return err
		}
		if in.RequestToken != "" {
			_, err := tx.ExecContext(ctx, `INSERT INTO payment_requests
				(token, payment_id, created_at) VALUES (?, ?, ?)`,
				in.RequestToken, res.PaymentID, db.nowText())
			if err != nil {
				return fmt.Errorf("sqlite: store payment request: %w", err)
			}
		}
		for _, a := range plan {
			res.AllocatedCents += a.Cents
		}
		res.Charges = len(plan)
		res.CreditCents = in.AmountCents - res.AllocatedCents
		return db.audit(ctx, tx, who, "create", "payment", res.PaymentID,
			fmt.Sprintf("patient %d, %s, %d cents, %s; allocated %d to %d charges, credit %d",
				in.PatientID, in.Date, in.AmountCents, in.Method,
				res.AllocatedCents, res.Charges, res.CreditCents))
	})
	return res, err
}

// replayedPayment returns the payment an earlier submit of the same form
// recorded, if any.
func replayedPayment(ctx context.Context, tx *sql.Tx, token string) (PaymentResult, bool, error) {
	if token == "" {
		return PaymentResult{}, false, nil
	}
	var res PaymentResult
	err := tx.QueryRowContext(ctx, `SELECT r.payment_id, p.amount_cents,
		coalesce((SELECT sum(a.amount_cents) FROM payment_allocations a
			WHERE a.payment_id = p.id), 0),
		(SELECT count(*) FROM payment_allocations a WHERE a.payment_id = p.id)
		FROM payment_requests r JOIN payments p ON p.id = r.payment_id
		WHERE r.token = ?`, token).Scan(&res.PaymentID, &res.CreditCents,
		&res.AllocatedCents, &res.Charges)
	if errors.Is(err, sql.ErrNoRows) {
		return res, false, nil
	}
	if err != nil {
		return res, false, fmt.Errorf("sqlite: read payment request: %w", err)
	}
	res.CreditCents -= res.AllocatedCents
	res.Replayed = true
	return res, true, nil
}

func checkReceiver(ctx context.Context, tx *sql.Tx, userID int64) error {
	if userID == 0 {
		return nil
	}
	var active bool
	err := tx.QueryRowContext(ctx, "SELECT active FROM users WHERE id = ?",
		userID).Scan(&active)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !active) {
		return &clinic.Error{Code: clinic.ErrInvalid,
			Message: "Quem recebeu não é uma conta ativa.",
			Fields:  clinic.FieldErrors{"received_by": "Escolha uma pessoa da lista."}}
	}
	if err != nil {
		return fmt.Errorf("sqlite: read receiver: %w", err)
	}
	return nil
}

func (db *DB) insertPayment(ctx context.Context, tx *sql.Tx, who clinic.Actor, in PaymentInput) (int64, error) {
	res, err := tx.ExecContext(ctx, `INSERT INTO payments (patient_id, date,
		amount_cents, method, received_by, payer_name, payer_cpf, notes,
		created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		in.PatientID, in.Date, in.AmountCents, in.Method, nullID(in.ReceivedBy),
		in.PayerName, in.PayerCPF, in.Notes, db.nowText(), nullID(who.UserID))
	if err != nil {
		return 0, fmt.Errorf("sqlite: insert payment: %w", err)
	}
	return res.LastInsertId()
}

// checkPaymentMonth rejects a payment write dated in a month closed for
// the clinic or for a psychologist that the allocations pay. A payment
// without allocations is checked against the patient's main psychologist.
func (db *DB) checkPaymentMonth(ctx context.Context, tx *sql.Tx, patientID int64, date string, plan []allocation) error {
	var psys []int64
	for _, a := range plan {
		if !slices.Contains(psys, a.PsychologistID) {
			psys = append(psys, a.PsychologistID)
		}
	}
	if len(psys) == 0 {
		var main sql.NullInt64
		err := tx.QueryRowContext(ctx,
			"SELECT psychologist_id FROM patients WHERE id = ?", patientID).Scan(&main)
		if err != nil {
			return fmt.Errorf("sqlite: read patient psychologist: %w", err)
		}
		psys = append(psys, main.Int64)
	}
	for _, p := range psys {
		if err := db.checkMonthOpen(ctx, tx, date, p); err != nil {
			return err
		}
	}
	return nil
}

// DeletePayment removes a payment typed by mistake, with its allocations,
// so the charges it paid are open again. The row is deleted, not marked:
// the audit log keeps every field and the reason. The payment's month
// must be open (see RecordPayment). A psychologist may delete only a
// payment that pays nothing but their own charges.
func (db *DB) DeletePayment(ctx context.Context, who clinic.Actor, paymentID int64, reason string) error {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return &clinic.Error{Code: clinic.ErrInvalid,
			Message: "Informe o motivo da exclusão.",
			Fields: clinic.FieldErrors{"reason": "Diga por que o pagamento " +
				"está sendo excluído; o motivo fica no histórico."}}
	}
	return db.WriteTx(ctx, func(tx *sql.Tx) error {
		p, err := paymentByID(ctx, tx, who, paymentID)
		if err != nil {
			return err
		}
		if err := db.checkPaymentMonth(ctx, tx, p.PatientID, p.Date, p.allocations()); err != nil {
			return err
		}
		for _, stmt := range []string{
			"DELETE FROM payment_allocations WHERE payment_id = ?",
			"DELETE FROM payment_requests WHERE payment_id = ?",
			"DELETE FROM payments WHERE id = ?",
		} {
			if _, err := tx.ExecContext(ctx, stmt, paymentID); err != nil {
				return fmt.Errorf("sqlite: delete payment %d: %w", paymentID, err)
			}
		}
		return db.audit(ctx, tx, who, "delete", "payment", paymentID,
			fmt.Sprintf("patient %d, %s, %d cents, %s, payer %q %s, received by %d: %s",
				p.PatientID, p.Date, p.AmountCents, p.Method, p.PayerName,
				p.PayerCPF, p.ReceivedByID, reason))
	})
}

// Payment is a recorded payment with where its money went.
type Payment struct {
	ID             int64
	PatientID      int64
	PatientName    string
	Date           string
	AmountCents    int64
	Method         string
	ReceivedByID   int64
	ReceivedBy     string
	PayerName      string
	PayerCPF       string
	Notes          string
	CreatedAt      string
	AllocatedCents int64
	Allocations    []PaymentAllocation
}

// PaymentAllocation is the part of a payment that pays one charge.
type PaymentAllocation struct {
	ChargeID         int64
	ChargeDate       string
	PsychologistID   int64
	PsychologistName string
	SessionStartMin  int
	Cents            int64
}

// SessionStart returns the charge's session start as HH:MM.
func (a PaymentAllocation) SessionStart() string { return clockText(a.SessionStartMin) }

// MethodLabel returns the Portuguese name of the payment method.
func (p Payment) MethodLabel() string { return MethodLabel(p.Method) }

// CreditCents returns the part of the payment that pays no charge.
func (p Payment) CreditCents() int64 { return p.AmountCents - p.AllocatedCents }

func (p Payment) allocations() []allocation {
	out := make([]allocation, len(p.Allocations))
	for i, a := range p.Allocations {
		out[i] = allocation{PaymentID: p.ID, ChargeID: a.ChargeID,
			PsychologistID: a.PsychologistID, PaymentDate: p.Date, Cents: a.Cents}
	}
	return out
}

// Payment returns one payment with its allocations.
func (db *DB) Payment(ctx context.Context, who clinic.Actor, paymentID int64) (Payment, error) {
	var p Payment
	err := db.ReadTx(ctx, func(tx *sql.Tx) error {
		var err error
		p, err = paymentByID(ctx, tx, who, paymentID)
		return err
	})
	return p, err
}

var errPaymentNotFound = clinic.Errorf(clinic.ErrNotFound, "Pagamento não encontrado.")

func paymentByID(ctx context.Context, q querier, who clinic.Actor, id int64) (Payment, error) {
	var p Payment
	err := q.QueryRowContext(ctx, `SELECT p.id, p.patient_id, pt.name, p.date,
		p.amount_cents, p.method, coalesce(p.received_by, 0),
		coalesce(u.display_name, ''), p.payer_name, p.payer_cpf, p.notes,
		p.created_at
		FROM payments p JOIN patients pt ON pt.id = p.patient_id
		LEFT JOIN users u ON u.id = p.received_by
		WHERE p.id = ?`, id).Scan(&p.ID, &p.PatientID, &p.PatientName, &p.Date,
		&p.AmountCents, &p.Method, &p.ReceivedByID, &p.ReceivedBy,
		&p.PayerName, &p.PayerCPF, &p.Notes, &p.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return p, errPaymentNotFound
	}
	if err != nil {
		return p, fmt.Errorf("sqlite: read payment %d: %w", id, err)
	}
	if err := checkPatientAccess(ctx, q, who, p.PatientID, true); err != nil {
		return p, errPaymentNotFound
	}
	rows, err := q.QueryContext(ctx, `SELECT a.charge_id, c.date,
		c.psychologist_id, ps.name, coalesce(s.start_min, 0), a.amount_cents
		FROM payment_allocations a
		JOIN charges c ON c.id = a.charge_id
		JOIN psychologists ps ON ps.id = c.psychologist_id
		LEFT JOIN sessions s ON s.id = c.session_id
		WHERE a.payment_id = ? ORDER BY c.date, c.id`, id)
	if err != nil {
		return p, fmt.Errorf("sqlite: read payment allocations: %w", err)
	}
	defer rows.Close()
	scope := PsychologistScope(who)
	for rows.Next() {
		var a PaymentAllocation
		err := rows.Scan(&a.ChargeID, &a.ChargeDate, &a.PsychologistID,
			&a.PsychologistName, &a.SessionStartMin, &a.Cents)
		if err != nil {
			return p, fmt.Errorf("sqlite: scan payment allocation: %w", err)
		}
		if scope != 0 && a.PsychologistID != scope {
			// Another psychologist's money: the payment is not theirs.
			return p, errPaymentNotFound
		}
		p.Allocations = append(p.Allocations, a)
		p.AllocatedCents += a.Cents
	}
	return p, rows.Err()
}

// PaymentFilter selects payments for the payment list.
type PaymentFilter struct {
	From, To       string // YYYY-MM-DD, inclusive
	Method         string // "" for all
	PsychologistID int64  // payments allocated to this psychologist; 0 all
	Limit          int
}

// PaymentRow is one payment of the list.
type PaymentRow struct {
	ID             int64
	Date           string
	PatientID      int64
	PatientName    string
	AmountCents    int64
	AllocatedCents int64
	Method         string
	PayerName      string
	PayerCPF       string
	ReceivedBy     string
}

// MethodLabel returns the Portuguese name of the payment method.
func (p PaymentRow) MethodLabel() string { return MethodLabel(p.Method) }

// CreditCents returns the part of the payment that pays no charge.
func (p PaymentRow) CreditCents() int64 { return p.AmountCents - p.AllocatedCents }

// Payments returns payments dated in the filter's range, newest first, in
// one query. A psychologist gets only their patients' payments, and of a
// patient they share, only those that pay none of the other
// psychologist's charges.
func (db *DB) Payments(ctx context.Context, who clinic.Actor, f PaymentFilter) ([]PaymentRow, error) {
	var out []PaymentRow
	err := db.eachPayment(ctx, who, f, func(p PaymentRow) error {
		out = append(out, p)
		return nil
	})
	return out, err
}

func (db *DB) eachPayment(ctx context.Context, who clinic.Actor, f PaymentFilter, fn func(PaymentRow) error) error {
	scope, scopeArgs := PatientScope(who, "pt")
	query := `SELECT p.id, p.date, pt.id, pt.name, p.amount_cents,
		coalesce((SELECT sum(a.amount_cents) FROM payment_allocations a
			WHERE a.payment_id = p.id), 0),
		p.method, p.payer_name, p.payer_cpf, coalesce(u.display_name, '')
		FROM payments p JOIN patients pt ON pt.id = p.patient_id
		LEFT JOIN users u ON u.id = p.received_by
		WHERE p.date BETWEEN ? AND ? AND (? = '' OR p.method = ?)
		AND (? = 0 OR EXISTS (SELECT 1 FROM payment_allocations a
			JOIN charges c ON c.id = a.charge_id
			WHERE a.payment_id = p.id AND c.psychologist_id = ?))
		AND ` + scope
	args := []any{f.From, f.To, f.Method, f.Method, f.PsychologistID, f.PsychologistID}
	args = append(args, scopeArgs...)
	if psy := PsychologistScope(who); psy != 0 {
		// A patient seen by two psychologists pays each of them: a
		// payment that pays another psychologist's charges is that
		// psychologist's money, as on the payment's own page.
		query += ` AND NOT EXISTS (SELECT 1 FROM payment_allocations a
			JOIN charges c ON c.id = a.charge_id
			WHERE a.payment_id = p.id AND c.psychologist_id <> ?)`
		args = append(args, psy)
	}
	query += ` ORDER BY p.date DESC, p.id DESC`
	if f.Limit > 0 {
		query += fmt.Sprintf(" LIMIT %d", f.Limit)
	}
	rows, err := db.read.QueryContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("sqlite: list payments: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var p PaymentRow
		err := rows.Scan(&p.ID, &p.Date, &p.PatientID, &p.PatientName,
			&p.AmountCents, &p.AllocatedCents, &p.Method, &p.PayerName,
			&p.PayerCPF, &p.ReceivedBy)
		if err != nil {
			return fmt.Errorf("sqlite: scan payment: %w", err)
		}
		if err := fn(p); err != nil {
			return err
		}
	}
	return rows.Err()
}

// PayerDefaults returns who usually pays for a patient: the guardian when
// there is one, else the patient, with the CPF.
func (db *DB) PayerDefaults(ctx context.Context, who clinic.Actor, patientID int64) (name, cpf string, err error) {
	if err := db.CheckPatientAccess(ctx, who, patientID, true); err != nil {
		return "", "", err
	}
	var pName, pCPF, gName, gCPF string
	err = db.read.QueryRowContext(ctx, `SELECT name, cpf, guardian_name,
		guardian_cpf FROM patients WHERE id = ?`, patientID).Scan(&pName,
		&pCPF, &gName, &gCPF)
	if err != nil {
		return "", "", fmt.Errorf("sqlite: read payer: %w", err)
	}
	if gName != "" {
		return gName, gCPF, nil
	}
	return pName, pCPF, nil
}

// ReceiverChoices returns the active accounts by name, for "received by".
func (db *DB) ReceiverChoices(ctx context.Context) ([]clinic.Choice, error) {
	return db.choices(ctx, `SELECT id, display_name FROM users
		WHERE active = 1 ORDER BY display_name COLLATE NOCASE`)
}

// PaymentPatient is a patient found by the payment form's search.
type PaymentPatient struct {
	ID      int64
	Name    string
	Deleted bool
}

// PaymentPatientSearch returns up to limit patients whose folded search text
// contains the folded query, those the actor may see only.
func (db *DB) PaymentPatientSearch(ctx context.Context, who clinic.Actor, query string, limit int) ([]PaymentPatient, error) {
	scope, args := PatientScope(who, "p")
	q := clinic.Fold(query)
	rows, err := db.read.QueryContext(ctx, `SELECT p.id, p.name,
		p.deleted_at IS NOT NULL FROM patients p
		WHERE (p.search_text LIKE ?1 ESCAPE '\' OR p.name LIKE ?1 ESCAPE '\')
		AND `+scopeParams(scope)+` ORDER BY p.deleted_at IS NOT NULL,
		p.name COLLATE NOCASE LIMIT ?2`,
		append([]any{"%" + escapeLike(q) + "%", limit}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: search patients: %w", err)
	}
	defer rows.Close()
	var out []PaymentPatient
	for rows.Next() {
		var c PaymentPatient
		if err := rows.Scan(&c.ID, &c.Name, &c.Deleted); err != nil {
			return nil, fmt.Errorf("sqlite: scan patient: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// scopeParams numbers PatientScope's "?" placeholders after ?1 and ?2.
func scopeParams(cond string) string {
	n := 2
	var b strings.Builder
	for _, r := range cond {
		if r == '?' {
			n++
			fmt.Fprintf(&b, "?%d", n)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func escapeLike(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(s)
}

// jsonIDs encodes ids as a JSON array, for "IN (SELECT value FROM
// json_each(?))" with any number of ids in one parameter.
func jsonIDs(ids []int64) string {
	b, _ := json.Marshal(ids)
	return string(b)
}
