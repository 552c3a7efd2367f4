package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"kpsicologia/app/clinic"
)

// Session statuses, as stored in sessions.status.
const (
	StatusScheduled          = "scheduled"
	StatusDone               = "done"
	StatusMissedCharged      = "missed_charged"
	StatusMissedExcused      = "missed_excused"
	StatusCancelledPatient   = "cancelled_patient"
	StatusCancelledClinic    = "cancelled_clinic"
	StatusPsychologistAbsent = "psychologist_absent"
	StatusHoliday            = "holiday"
)

// AttendanceStatuses lists the statuses a confirmation may set, in the
// order the attendance form offers them.
var AttendanceStatuses = []string{StatusDone, StatusMissedCharged,
	StatusMissedExcused, StatusCancelledPatient, StatusCancelledClinic,
	StatusPsychologistAbsent, StatusHoliday}

var statusLabels = map[string]string{
	StatusScheduled:          "Agendada",
	StatusDone:               "Realizada",
	StatusMissedCharged:      "Falta cobrada",
	StatusMissedExcused:      "Falta justificada",
	StatusCancelledPatient:   "Desmarcada pelo paciente",
	StatusCancelledClinic:    "Desmarcada pela clínica",
	StatusPsychologistAbsent: "Falta da psicóloga",
	StatusHoliday:            "Feriado",
}

// StatusLabel returns the Portuguese name of a session status.
func StatusLabel(status string) string {
	if l, ok := statusLabels[status]; ok {
		return l
	}
	return status
}

// needsStart reports whether status describes something that happened at
// the session's time, so it cannot be set before the session starts.
func needsStart(status string) bool {
	return status == StatusDone || status == StatusMissedCharged ||
		status == StatusMissedExcused
}

// ChargePolicy is the clinic's rule for which attendance statuses charge
// the patient. It is stored as JSON under the charge_policy setting.
type ChargePolicy struct {
	// Charged lists the statuses that always charge the session's price.
	Charged []string `json:"charged"`
	// LateCancelHours charges a cancellation by the patient notified less
	// than this many hours before the start. 0 turns the rule off. It
	// does not matter when Charged already has cancelled_patient.
	LateCancelHours int `json:"late_cancel_hours"`
}

// DefaultChargePolicy charges done sessions and charged misses, and a
// patient's cancellation less than 24 hours ahead.
func DefaultChargePolicy() ChargePolicy {
	return ChargePolicy{Charged: []string{StatusDone, StatusMissedCharged},
		LateCancelHours: 24}
}

// Charges reports whether a session confirmed with status is charged.
// minutesAhead is how long before the start a patient's cancellation was
// notified; it matters only for cancelled_patient.
func (p ChargePolicy) Charges(status string, minutesAhead int) bool {
	if status == StatusScheduled {
		return false
	}
	if slices.Contains(p.Charged, status) {
		return true
	}
	return status == StatusCancelledPatient && p.LateCancelHours > 0 &&
		minutesAhead < p.LateCancelHours*60
}

// Validate checks the statuses and the hours.
func (p ChargePolicy) Validate() error {
	fe := clinic.FieldErrors{}
	for _, s := range p.Charged {
		if !slices.Contains(AttendanceStatuses, s) {
			fe.Add("charged", fmt.Sprintf("Situação desconhecida: %q.", s))
		}
	}
	if p.LateCancelHours < 0 || p.LateCancelHours > 24*14 {
		fe.Add("late_cancel_hours", "Digite um número de horas entre 0 "+
			"(não cobrar) e 336 (14 dias).")
	}
	return fe.Err()
}

// ChargePolicy returns the stored policy, or DefaultChargePolicy when the
// admin never saved one.
func (db *DB) ChargePolicy(ctx context.Context) (ChargePolicy, error) {
	return chargePolicy(ctx, db.read)
}

func chargePolicy(ctx context.Context, q querier) (ChargePolicy, error) {
	var raw string
	err := q.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = ?",
		SettingChargePolicy).Scan(&raw)
	if errors.Is(err, sql.ErrNoRows) {
		return DefaultChargePolicy(), nil
	}
	if err != nil {
		return ChargePolicy{}, fmt.Errorf("sqlite: read charge policy: %w", err)
	}
	var p ChargePolicy
	if err := json.Unmarshal([]byte(raw), &p); err != nil {
		return ChargePolicy{}, fmt.Errorf("sqlite: decode charge policy %q: %w", raw, err)
	}
	return p, nil
}

// SetChargePolicy stores the policy on behalf of an admin. It applies to
// confirmations from now on; existing charges stay as they are.
func (db *DB) SetChargePolicy(ctx context.Context, who clinic.Actor, p ChargePolicy) error {
	if who.Role != clinic.RoleAdmin {
		return clinic.Errorf(clinic.ErrForbidden,
			"Só o administrador muda a política de cobrança.")
	}
	if err := p.Validate(); err != nil {
		return err
	}
	raw, err := json.Marshal(p)
	if err != nil {
		return fmt.Errorf("sqlite: encode charge policy: %w", err)
	}
	return db.WriteTx(ctx, func(tx *sql.Tx) error {
		if err := setSetting(ctx, tx, SettingChargePolicy, string(raw)); err != nil {
			return err
		}
		return db.audit(ctx, tx, who, "set", "setting", 0,
			SettingChargePolicy+"="+string(raw))
	})
}

// AttendanceChange is one confirmation: the new status of a session.
type AttendanceChange struct {
	SessionID int64
	Status    string
	// NoticeAt is when the patient's cancellation reached the clinic, as
	// local wall time "YYYY-MM-DDTHH:MM" (an HTML datetime-local value).
	// It is required for cancelled_patient and ignored otherwise.
	NoticeAt string
	// Now is the clinic's local wall time "YYYY-MM-DDTHH:MM": a session
	// that has not started cannot be marked done or missed.
	Now string
}

// AttendanceResult is the change a confirmation made.
type AttendanceResult struct {
	Changed       bool
	OldStatus     string
	ChargeID      int64 // the session's charge after the change, or 0
	ChargeCents   int64
	ChargeCreated bool
	ChargeRemoved bool
	CreditApplied int64 // patient credit allocated to a new charge
}

// attendanceSession is what a confirmation reads of a session.
type attendanceSession struct {
	ID             int64
	PatientID      int64
	PsychologistID int64
	Date           string
	StartMin       int
	Status         string
	PriceCents     int64
	NoticeAt       string
}

func (s attendanceSession) startsAt() string {
	return fmt.Sprintf("%sT%02d:%02d", s.Date, s.StartMin/60, s.StartMin%60)
}

var errSessionNotFound = clinic.Errorf(clinic.ErrNotFound, "Sessão não encontrada.")

// SetAttendance records a session's attendance status and creates or
// removes its charge by the clinic's policy, all in one transaction:
//   - a charged status creates exactly one charge at the session's own
//     price_cents (the price when it was booked), then applies the
//     patient's unallocated credit to it; a replay finds the charge and
//     creates nothing, and charges.session_id is UNIQUE as a backstop;
//   - moving between charged statuses keeps the charge and its amount;
//   - a non-charged status deletes an unpaid charge, and is rejected with
//     ErrConflict while payments are allocated to it: the user first
//     releases them (ReleaseCharge), which turns them into credit;
//   - a month closed for the clinic or the session's psychologist is
//     rejected with ErrLocked.
//
// A psychologist may confirm only their own sessions; others get
// ErrNotFound.
func (db *DB) SetAttendance(ctx context.Context, who clinic.Actor, ch AttendanceChange) (AttendanceResult, error) {
	if err := validateChange(ch); err != nil {
		return AttendanceResult{}, err
	}
	var res AttendanceResult
	err := db.WriteTx(ctx, func(tx *sql.Tx) error {
		policy, err := chargePolicy(ctx, tx)
		if err != nil {
			return err
		}
		res, err = db.setAttendance(ctx, tx, who, policy, ch)
		return err
	})
	return res, err
}

func validateChange(ch AttendanceChange) error {
	if ch.Status != StatusScheduled && !slices.Contains(AttendanceStatuses, ch.Status) {
		return &clinic.Error{Code: clinic.ErrInvalid,
			Message: "Escolha a situação da sessão.",
			Fields:  clinic.FieldErrors{"status": "Escolha uma das situações da lista."}}
	}
	if _, err := parseLocal(ch.Now); err != nil {
		return fmt.Errorf("sqlite: attendance: bad local time %q: %w", ch.Now, err)
	}
	if ch.Status == StatusCancelledPatient {
		if _, err := parseLocal(ch.NoticeAt); err != nil {
			return &clinic.Error{Code: clinic.ErrInvalid,
				Message: "Informe quando o paciente avisou.",
				Fields: clinic.FieldErrors{"notice_at": "Digite a data e a " +
					"hora do aviso, por exemplo 03/12/2026 18:30."}}
		}
	}
	return nil
}

// parseLocal reads a local wall time "YYYY-MM-DDTHH:MM". The result is
// in UTC only so that two values subtract to their wall-clock distance.
func parseLocal(s string) (time.Time, error) {
	return time.Parse("2006-01-02T15:04", s)
}

// setAttendance does SetAttendance's work inside tx, so bulk confirmation
// can run many of them in one transaction.
func (db *DB) setAttendance(ctx context.Context, tx *sql.Tx, who clinic.Actor,
	policy ChargePolicy, ch AttendanceChange) (AttendanceResult, error) {
	s, err := loadAttendanceSession(ctx, tx, who, ch.SessionID)
	if err != nil {
		return AttendanceResult{}, err
	}
	res := AttendanceResult{OldStatus: s.Status}
	if needsStart(ch.Status) && s.startsAt() > ch.Now {
		return res, clinic.Errorf(clinic.ErrInvalid, "A sessão de %s às "+
			"%02d:%02d ainda não começou. Marque presença ou falta depois "+
			"do início; para avisos antecipados use \"%s\".",
			clinic.FormatDateBR(s.Date), s.StartMin/60, s.StartMin%60,
			StatusLabel(StatusCancelledPatient))
	}
	if err := db.checkMonthOpen(ctx, tx, s.Date, s.PsychologistID); err != nil {
		return res, err
	}

	minutesAhead := 0
	notice := ""
	if ch.Status == StatusCancelledPatient {
		notice = ch.NoticeAt
		start, _ := parseLocal(s.startsAt())
		at, _ := parseLocal(notice)
		minutesAhead = int(start.Sub(at) / time.Minute)
	}
	charged := policy.Charges(ch.Status, minutesAhead)

	if err := db.syncCharge(ctx, tx, who, s, charged, &res); err != nil {
		return res, err
	}
	if s.Status == ch.Status && s.NoticeAt == notice && !res.ChargeCreated && !res.ChargeRemoved {
		return res, nil
	}
	res.Changed = true
	if err := db.writeStatus(ctx, tx, who, s, ch.Status, notice, minutesAhead); err != nil {
		return res, err
	}
	detail := s.Status + " -> " + ch.Status
	if notice != "" {
		detail += fmt.Sprintf(" (aviso %s, %d min antes)", notice, minutesAhead)
	}
	switch {
	case res.ChargeCreated:
		detail += fmt.Sprintf("; charge %d created %d cents", res.ChargeID, res.ChargeCents)
	case res.ChargeRemoved:
		detail += "; unpaid charge deleted"
	}
	return res, db.audit(ctx, tx, who, "attendance", "session", s.ID, detail)
}

func loadAttendanceSession(ctx context.Context, tx *sql.Tx, who clinic.Actor, id int64) (attendanceSession, error) {
	var s attendanceSession
	err := tx.QueryRowContext(ctx, `SELECT s.id, s.patient_id,
		s.psychologist_id, s.date, s.start_min, s.status, s.price_cents,
		coalesce(n.notice_at, '')
		FROM sessions s
		LEFT JOIN cancellation_notices n ON n.session_id = s.id
		WHERE s.id = ?`, id).Scan(&s.ID, &s.PatientID, &s.PsychologistID,
		&s.Date, &s.StartMin, &s.Status, &s.PriceCents, &s.NoticeAt)
	if errors.Is(err, sql.ErrNoRows) {
		return s, errSessionNotFound
	}
	if err != nil {
		return s, fmt.Errorf("sqlite: read session %d: %w", id, err)
	}
	if scope := PsychologistScope(who); scope != 0 && scope != s.PsychologistID {
		return s, errSessionNotFound
	}
	return s, nil
}

// syncCharge makes the session's charge match charged, filling res.
func (db *DB) syncCharge(ctx context.Context, tx *sql.Tx, who clinic.Actor,
	s attendanceSession, charged bool, res *AttendanceResult) error {
	var chargeID, amount, paid int64
	err := tx.QueryRowContext(ctx, `SELECT c.id, c.amount_cents,
		coalesce((SELECT sum(a.amount_cents) FROM payment_allocations a
			WHERE a.charge_id = c.id), 0)
		FROM charges c WHERE c.session_id = ?`, s.ID).Scan(&chargeID, &amount, &paid)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("sqlite: read session charge: %w", err)
	}
	switch {
	case charged && chargeID != 0:
		res.ChargeID, res.ChargeCents = chargeID, amount
	case charged:
		id, err := db.insertSessionCharge(ctx, tx, who, s)
		if err != nil {
			return err
		}
		res.ChargeID, res.ChargeCents, res.ChargeCreated = id, s.PriceCents, true
		res.CreditApplied, err = db.applyCredit(ctx, tx, s.PatientID, s.PsychologistID, []int64{id})
		return err
	case chargeID != 0 && paid > 0:
		return clinic.Errorf(clinic.ErrConflict, "A cobrança desta sessão já "+
			"tem %s pagos. Para mudar para uma situação que não é cobrada, "+
			"primeiro libere o pagamento no extrato do paciente (o valor "+
			"vira crédito do paciente).", clinic.FormatMoney(paid))
	case chargeID != 0:
		_, err := tx.ExecContext(ctx, "DELETE FROM charges WHERE id = ?", chargeID)
		if err != nil {
			return fmt.Errorf("sqlite: delete charge %d: %w", chargeID, err)
		}
		res.ChargeRemoved = true
		return db.audit(ctx, tx, who, "delete", "charge", chargeID,
			fmt.Sprintf("session %d, %d cents, unpaid", s.ID, amount))
	}
	return nil
}

func (db *DB) insertSessionCharge(ctx context.Context, tx *sql.Tx, who clinic.Actor, s attendanceSession) (int64, error) {
	// ON CONFLICT keeps a charge that another path created first; the
	// RETURNING row is then missing and the existing id is read back.
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO charges (session_id,
		patient_id, psychologist_id, date, amount_cents, created_at,
		created_by) VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (session_id) DO NOTHING RETURNING id`,
		s.ID, s.PatientID, s.PsychologistID, s.Date, s.PriceCents,
		db.nowText(), nullID(who.UserID)).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		err = tx.QueryRowContext(ctx,
			"SELECT id FROM charges WHERE session_id = ?", s.ID).Scan(&id)
	}
	if err != nil {
		return 0, fmt.Errorf("sqlite: insert charge for session %d: %w", s.ID, err)
	}
	return id, nil
}

func (db *DB) writeStatus(ctx context.Context, tx *sql.Tx, who clinic.Actor,
	s attendanceSession, status, notice string, minutesAhead int) error {
	var confirmedAt, confirmedBy any
	if status != StatusScheduled {
		confirmedAt, confirmedBy = db.nowText(), nullID(who.UserID)
	}
	_, err := tx.ExecContext(ctx, `UPDATE sessions SET status = ?,
		confirmed_at = ?, confirmed_by = ?, updated_at = ? WHERE id = ?`,
		status, confirmedAt, confirmedBy, db.nowText(), s.ID)
	if err != nil {
		return fmt.Errorf("sqlite: update session %d status: %w", s.ID, err)
	}
	if notice == "" {
		_, err = tx.ExecContext(ctx,
			"DELETE FROM cancellation_notices WHERE session_id = ?", s.ID)
	} else {
		_, err = tx.ExecContext(ctx, `INSERT INTO cancellation_notices
			(session_id, notice_at, minutes_ahead, recorded_at, recorded_by)
			VALUES (?, ?, ?, ?, ?) ON CONFLICT (session_id) DO UPDATE SET
			notice_at = excluded.notice_at,
			minutes_ahead = excluded.minutes_ahead,
			recorded_at = excluded.recorded_at,
			recorded_by = excluded.recorded_by`,
			s.ID, notice, minutesAhead, db.nowText(), nullID(who.UserID))
	}
	if err != nil {
		return fmt.Errorf("sqlite: write cancellation notice: %w", err)
	}
	return nil
}

// ConfirmSessions marks every listed session done in one transaction and
// returns how many changed. One refused session (not started, locked
// month, paid charge) rejects the whole batch, so the list on screen never
// ends half confirmed.
func (db *DB) ConfirmSessions(ctx context.Context, who clinic.Actor, ids []int64, now string) (int, error) {
	if len(ids) == 0 {
		return 0, clinic.Errorf(clinic.ErrInvalid,
			"Marque pelo menos uma sessão para confirmar.")
	}
	if _, err := parseLocal(now); err != nil {
		return 0, fmt.Errorf("sqlite: confirm sessions: bad local time %q: %w", now, err)
	}
	changed := 0
	err := db.WriteTx(ctx, func(tx *sql.Tx) error {
		policy, err := chargePolicy(ctx, tx)
		if err != nil {
			return err
		}
		for _, id := range ids {
			res, err := db.setAttendance(ctx, tx, who, policy, AttendanceChange{
				SessionID: id, Status: StatusDone, Now: now})
			if err != nil {
				return err
			}
			if res.Changed {
				changed++
			}
		}
		return nil
	})
	return changed, err
}

// AttendanceFilter selects sessions for the confirmation list.
type AttendanceFilter struct {
	From, To       string // YYYY-MM-DD, inclusive
	PsychologistID int64  // 0 for all the actor may see
	// PendingOnly keeps sessions still scheduled that started before Now.
	PendingOnly bool
	Now         string // local "YYYY-MM-DDTHH:MM"
	Limit       int    // 0 for no limit
}

// AttendanceRow is one session of the confirmation list with its money.
type AttendanceRow struct {
	SessionID         int64
	Date              string
	StartMin, EndMin  int
	PatientID         int64
	PatientName       string
	PatientPhone      string
	PsychologistID    int64
	PsychologistName  string
	PsychologistColor string
	RoomName          string
	UnitName          string
	Modality          string
	Kind              string
	Status            string
	PriceCents        int64
	ChargeID          int64
	ChargeCents       int64
	PaidCents         int64
	NoticeAt          string
	MinutesAhead      int
	ConfirmedAt       string // UTC RFC 3339, or "" when not confirmed
	ConfirmedBy       string // the confirming user's display name
	// Started reports whether the session's start is before the filter's
	// Now, so it may be marked done.
	Started bool
}

// Start returns the start time as HH:MM.
func (r AttendanceRow) Start() string { return clockText(r.StartMin) }

// End returns the end time as HH:MM.
func (r AttendanceRow) End() string { return clockText(r.EndMin) }

// StatusLabel returns the Portuguese name of the row's status.
func (r AttendanceRow) StatusLabel() string { return StatusLabel(r.Status) }

// Pending reports whether the session happened and awaits confirmation.
func (r AttendanceRow) Pending() bool { return r.Status == StatusScheduled && r.Started }

// OpenCents returns what is still unpaid of the row's charge.
func (r AttendanceRow) OpenCents() int64 { return r.ChargeCents - r.PaidCents }

func clockText(min int) string { return fmt.Sprintf("%02d:%02d", min/60, min%60) }

// AttendanceList returns the sessions in the filter's dates, by date and
// time, in one query. A psychologist sees only their own sessions.
func (db *DB) AttendanceList(ctx context.Context, who clinic.Actor, f AttendanceFilter) ([]AttendanceRow, error) {
	psy := f.PsychologistID
	if scope := PsychologistScope(who); scope != 0 {
		psy = scope
	}
	var out []AttendanceRow
	err := eachAttendance(ctx, db.read, psy, f, func(r AttendanceRow) error {
		out = append(out, r)
		return nil
	})
	return out, err
}

// eachAttendance calls fn for every session of f, by date and time, for
// psychologist psy (0 for all), while reading the rows. The attendance
// pages and the agenda and attendance exports list sessions through it.
func eachAttendance(ctx context.Context, q querier, psy int64, f AttendanceFilter, fn func(AttendanceRow) error) error {
	nowDate, nowMin := splitLocal(f.Now)
	var b strings.Builder
	b.WriteString(`SELECT s.id, s.date, s.start_min, s.end_min, p.id,
		p.name, p.phone, ps.id, ps.name, ps.color, coalesce(r.name, ''),
		coalesce(u.name, ''), s.modality, s.kind, s.status, s.price_cents,
		coalesce(c.id, 0), coalesce(c.amount_cents, 0),
		coalesce((SELECT sum(a.amount_cents) FROM payment_allocations a
			WHERE a.charge_id = c.id), 0),
		coalesce(n.notice_at, ''), coalesce(n.minutes_ahead, 0),
		coalesce(s.confirmed_at, ''), coalesce(cu.display_name, ''),
		(s.date < ?3 OR (s.date = ?3 AND s.start_min <= ?4))
		FROM sessions s
		JOIN patients p ON p.id = s.patient_id
		JOIN psychologists ps ON ps.id = s.psychologist_id
		LEFT JOIN rooms r ON r.id = s.room_id
		LEFT JOIN units u ON u.id = r.unit_id
		LEFT JOIN charges c ON c.session_id = s.id
		LEFT JOIN cancellation_notices n ON n.session_id = s.id
		LEFT JOIN users cu ON cu.id = s.confirmed_by
		WHERE s.date BETWEEN ?1 AND ?2 AND (?5 = 0 OR s.psychologist_id = ?5)`)
	if f.PendingOnly {
		b.WriteString(` AND s.status = 'scheduled'
			AND (s.date < ?3 OR (s.date = ?3 AND s.start_min <= ?4))`)
	}
	b.WriteString(` ORDER BY s.date, s.start_min, ps.name COLLATE NOCASE,
		p.name COLLATE NOCASE, s.id`)
	if f.Limit > 0 {
		fmt.Fprintf(&b, " LIMIT %d", f.Limit)
	}
	rows, err := q.QueryContext(ctx, b.String(), f.From, f.To,
		nowDate, nowMin, psy)
	if err != nil {
		return fmt.Errorf("sqlite: list sessions: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var r AttendanceRow
		err := rows.Scan(&r.SessionID, &r.Date, &r.StartMin, &r.EndMin,
			&r.PatientID, &r.PatientName, &r.PatientPhone, &r.PsychologistID,
			&r.PsychologistName, &r.PsychologistColor, &r.RoomName,
			&r.UnitName, &r.Modality, &r.Kind, &r.Status, &r.PriceCents,
			&r.ChargeID, &r.ChargeCents, &r.PaidCents, &r.NoticeAt,
			&r.MinutesAhead, &r.ConfirmedAt, &r.ConfirmedBy, &r.Started)
		if err != nil {
			return fmt.Errorf("sqlite: scan session row: %w", err)
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("sqlite: list sessions: %w", err)
	}
	return nil
}

// AttendanceSession returns one session of the confirmation list, for
// the session's attendance page.
func (db *DB) AttendanceSession(ctx context.Context, who clinic.Actor, sessionID int64, now string) (AttendanceRow, error) {
	var date string
	err := db.read.QueryRowContext(ctx, "SELECT date FROM sessions WHERE id = ?",
		sessionID).Scan(&date)
	if errors.Is(err, sql.ErrNoRows) {
		return AttendanceRow{}, errSessionNotFound
	}
	if err != nil {
		return AttendanceRow{}, fmt.Errorf("sqlite: read session %d: %w", sessionID, err)
	}
	rows, err := db.AttendanceList(ctx, who, AttendanceFilter{From: date, To: date, Now: now})
	if err != nil {
		return AttendanceRow{}, err
	}
	for _, r := range rows {
		if r.SessionID == sessionID {
			return r, nil
		}
	}
	return AttendanceRow{}, errSessionNotFound
}

// splitLocal splits "YYYY-MM-DDTHH:MM" into the date and minutes since
// midnight. A malformed value yields a date before every session.
func splitLocal(s string) (string, int) {
	t, err := parseLocal(s)
	if err != nil {
		return "", 0
	}
	return s[:10], t.Hour()*60 + t.Minute()
}
