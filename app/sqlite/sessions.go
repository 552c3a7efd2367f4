package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"kpsicologia/app/clinic"
)

// Session kinds as stored in sessions.kind.
const (
	KindSeries    = "series"
	KindOneOff    = "one_off"
	KindEmergency = "emergency"
)

// sessionKindLabels are the kinds' names on screen.
var sessionKindLabels = map[string]string{
	KindSeries:    "Horário fixo",
	KindOneOff:    "Avulsa",
	KindEmergency: "Emergencial",
}

// Session is one dated appointment: an occurrence of a series, a one-off
// (avulsa) or an emergency (emergencial) session.
type Session struct {
	ID       int64
	SeriesID int64 // 0 for one-off and emergency sessions
	// OccurrenceDate is the date the series put this session on. It
	// stays when the session moves, so the series never re-creates it.
	OccurrenceDate    string
	PatientID         int64
	PatientName       string // the social name when set
	PatientShort      string // "Maria S."
	PatientDeleted    bool
	PsychologistID    int64
	PsychologistName  string
	PsychologistColor string
	RoomID            int64 // 0 for online
	RoomName          string
	Modality          string
	Kind              string
	Date              string
	StartMin          int
	EndMin            int
	Status            string
	PriceCents        int64
	OverrideReason    string
	Notes             string
	ConfirmedAt       string
}

const sessionColumns = `s.id, coalesce(s.series_id, 0),
	coalesce(s.occurrence_date, ''), s.patient_id, p.name, p.social_name,
	p.deleted_at IS NOT NULL, s.psychologist_id, ps.name, ps.color,
	coalesce(s.room_id, 0), coalesce(r.name, ''), s.modality, s.kind, s.date,
	s.start_min, s.end_min, s.status, s.price_cents, s.override_reason,
	s.notes, coalesce(s.confirmed_at, '')`

const sessionFrom = `
	FROM sessions s
	JOIN patients p ON p.id = s.patient_id
	JOIN psychologists ps ON ps.id = s.psychologist_id
	LEFT JOIN rooms r ON r.id = s.room_id`

func scanSessions(rows *sql.Rows) ([]Session, error) {
	defer rows.Close()
	var out []Session
	for rows.Next() {
		var s Session
		var name, social string
		err := rows.Scan(&s.ID, &s.SeriesID, &s.OccurrenceDate, &s.PatientID,
			&name, &social, &s.PatientDeleted, &s.PsychologistID,
			&s.PsychologistName, &s.PsychologistColor, &s.RoomID, &s.RoomName,
			&s.Modality, &s.Kind, &s.Date, &s.StartMin, &s.EndMin, &s.Status,
			&s.PriceCents, &s.OverrideReason, &s.Notes, &s.ConfirmedAt)
		if err != nil {
			return nil, fmt.Errorf("sqlite: scan session: %w", err)
		}
		s.PatientName = displayName(name, social)
		s.PatientShort = ShortName(name, social)
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: read sessions: %w", err)
	}
	return out, nil
}

// Start returns the start time, HH:MM.
func (s Session) Start() string { return clinic.Clock(s.StartMin).String() }

// End returns the end time, HH:MM.
func (s Session) End() string { return clinic.Clock(s.EndMin).String() }

// Minutes returns the length in minutes.
func (s Session) Minutes() int { return s.EndMin - s.StartMin }

// Scheduled reports whether s is still unconfirmed, the only state in
// which it may be moved, cancelled or replaced.
func (s Session) Scheduled() bool { return s.Status == StatusScheduled }

// Cancelled reports whether s was called off and frees its slot.
func (s Session) Cancelled() bool {
	return s.Status == StatusCancelledPatient || s.Status == StatusCancelledClinic ||
		s.Status == StatusHoliday
}

// Moved reports whether a series session now lies on another date than
// its occurrence.
func (s Session) Moved() bool { return s.OccurrenceDate != "" && s.OccurrenceDate != s.Date }

// WeekdayName returns the session date's weekday in Portuguese.
func (s Session) WeekdayName() string {
	d, err := clinic.ParseDate(s.Date)
	if err != nil {
		return ""
	}
	return clinic.WeekdayName(d.Weekday())
}

// Online reports whether s takes place online.
func (s Session) Online() bool { return s.Modality == ModalityOnline }

// StatusLabel returns the status's name on screen.
func (s Session) StatusLabel() string { return StatusLabel(s.Status) }

// KindLabel returns the kind's name on screen.
func (s Session) KindLabel() string {
	if l, ok := sessionKindLabels[s.Kind]; ok {
		return l
	}
	return s.Kind
}

// Place returns the room's name, or "Online".
func (s Session) Place() string {
	if s.Online() || s.RoomName == "" {
		return "Online"
	}
	return s.RoomName
}

// newSessionRow is one sessions row to insert.
type newSessionRow struct {
	seriesID       int64
	occurrence     string
	patientID      int64
	psychologistID int64
	roomID         int64
	modality       string
	kind           string
	date           string
	interval       clinic.Interval
	status         string
	price          int64
	overrideReason string
	notes          string
}

// insertSession inserts r and returns its id, or 0 when r's series
// already has a row for that occurrence (moved, cancelled or stored
// before), which is never created twice.
func (db *DB) insertSession(ctx context.Context, tx *sql.Tx, r newSessionRow) (int64, error) {
	var series, occurrence, room any
	if r.seriesID != 0 {
		series, occurrence = r.seriesID, r.occurrence
	}
	if r.roomID != 0 {
		room = r.roomID
	}
	now := db.nowText()
	res, err := tx.ExecContext(ctx, `INSERT INTO sessions (series_id,
		occurrence_date, patient_id, psychologist_id, room_id, modality, kind,
		date, start_min, end_min, status, price_cents, override_reason, notes,
		created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (series_id, occurrence_date) DO NOTHING`,
		series, occurrence, r.patientID, r.psychologistID, room, r.modality,
		r.kind, r.date, int(r.interval.Start), int(r.interval.End), r.status,
		r.price, r.overrideReason, r.notes, now, now)
	if err != nil {
		return 0, fmt.Errorf("sqlite: insert session: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return 0, nil
	}
	return res.LastInsertId()
}

// patientPrice returns the patient's current session price in cents.
func patientPrice(ctx context.Context, q querier, patientID int64) (int64, error) {
	var price int64
	err := q.QueryRowContext(ctx, `SELECT price_cents FROM patients WHERE id = ?`,
		patientID).Scan(&price)
	if err != nil {
		return 0, fmt.Errorf("sqlite: read price of patient %d: %w", patientID, err)
	}
	return price, nil
}

// bookingParties are the checked patient, psychologist and room of a
// booking.
type bookingParties struct {
	patientID        int64
	patientName      string
	psychologistID   int64
	psychologistName string
	roomID           int64 // 0 for online
	roomName         string
}

// loadParties checks that who may book this patient with this
// psychologist and that the room exists and is in use. A psychologist
// books only on their own agenda and only patients they may see.
func loadParties(ctx context.Context, q querier, who clinic.Actor, patientID, psyID, roomID int64, modality string) (bookingParties, error) {
	p := bookingParties{patientID: patientID, psychologistID: psyID}
	if !ownsPsychologist(who, psyID) {
		return p, fieldError("psychologist_id", "Você só pode agendar na sua própria agenda.")
	}
	if err := checkPatientAccess(ctx, q, who, patientID, false); err != nil {
		if clinic.ErrorCode(err) == clinic.ErrNotFound {
			return p, &clinic.Error{Code: clinic.ErrNotFound, Message: "Paciente não encontrado.",
				Fields: clinic.FieldErrors{"patient_id": "Paciente não encontrado ou excluído."}}
		}
		return p, err
	}
	var name, social string
	err := q.QueryRowContext(ctx, `SELECT name, social_name FROM patients WHERE id = ?`,
		patientID).Scan(&name, &social)
	if err != nil {
		return p, fmt.Errorf("sqlite: read patient %d: %w", patientID, err)
	}
	p.patientName = ShortName(name, social)

	var active bool
	err = q.QueryRowContext(ctx, `SELECT name, active FROM psychologists WHERE id = ?`,
		psyID).Scan(&p.psychologistName, &active)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !active) {
		return p, fieldError("psychologist_id", "Psicóloga não encontrada ou inativa.")
	}
	if err != nil {
		return p, fmt.Errorf("sqlite: read psychologist %d: %w", psyID, err)
	}

	if modality != ModalityInPerson {
		return p, nil
	}
	err = q.QueryRowContext(ctx, `SELECT name, active FROM rooms WHERE id = ?`,
		roomID).Scan(&p.roomName, &active)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !active) {
		return p, fieldError("room_id", "Sala não encontrada ou desativada.")
	}
	if err != nil {
		return p, fmt.Errorf("sqlite: read room %d: %w", roomID, err)
	}
	p.roomID = roomID
	return p, nil
}

// NewSession is the input for booking a one-off or emergency session.
type NewSession struct {
	PatientID      int64
	PsychologistID int64
	RoomID         int64  // 0 for online
	Modality       string // ModalityInPerson or ModalityOnline
	Kind           string // KindOneOff or KindEmergency
	Date           string // YYYY-MM-DD
	Start          string // HH:MM
	Minutes        int
	Notes          string
	// Override books despite availability problems, as in NewSeries.
	Override       bool
	OverrideReason string
}

func (n *NewSession) validate() (clinic.Date, clinic.Interval, error) {
	fe := clinic.FieldErrors{}
	if n.Kind != KindOneOff && n.Kind != KindEmergency {
		fe.Add("kind", "Escolha horário fixo, avulsa ou emergencial.")
	}
	d, err := clinic.ParseDate(n.Date)
	switch {
	case n.Date == "":
		fe.Add("date", "Informe a data.")
	case err != nil:
		fe.Add("date", "Data inválida. Use dd/mm/aaaa.")
	}
	start, minutes := validateTime(fe, n.Start, n.Minutes)
	validateModality(fe, n.Modality, n.RoomID)
	if n.PatientID == 0 {
		fe.Add("patient_id", "Escolha o paciente.")
	}
	if n.PsychologistID == 0 {
		fe.Add("psychologist_id", "Escolha a psicóloga.")
	}
	n.Notes = strings.TrimSpace(n.Notes)
	return d, clinic.Interval{Start: start, End: start.Add(minutes)}, fe.Err()
}

// CreateSession books a one-off or emergency session. The conflict check
// (stored sessions and series past their rows) and the insert share one
// IMMEDIATE transaction, so of two receptionists booking the same room at
// the same moment exactly one succeeds and the other gets an ErrConflict
// *clinic.Error naming the session in the way.
func (db *DB) CreateSession(ctx context.Context, who clinic.Actor, n NewSession) (Booking, error) {
	var b Booking
	err := db.WriteTx(ctx, func(tx *sql.Tx) error {
		if _, err := db.ensureDefaultHorizon(ctx, tx); err != nil {
			return err
		}
		d, iv, err := n.validate()
		if err != nil {
			return err
		}
		parties, err := loadParties(ctx, tx, who, n.PatientID, n.PsychologistID, n.RoomID, n.Modality)
		if err != nil {
			return err
		}
		clashes, err := db.findConflicts(ctx, tx, who, candidate{
			patientID: n.PatientID, psychologistID: n.PsychologistID,
			roomID: parties.roomID, interval: iv, date: d, withSeries: true})
		if err != nil {
			return err
		}
		if len(clashes) > 0 {
			return conflictError(clashes)
		}
		check, err := db.checkSessionAvailability(ctx, tx, parties, d, iv, n.Kind)
		if err != nil {
			return err
		}
		if err := check.resolve(who, n.Override, n.OverrideReason); err != nil {
			return err
		}
		price, err := patientPrice(ctx, tx, n.PatientID)
		if err != nil {
			return err
		}
		row := newSessionRow{patientID: n.PatientID, psychologistID: n.PsychologistID,
			roomID: parties.roomID, modality: n.Modality, kind: n.Kind,
			date: d.String(), interval: iv, status: StatusScheduled, price: price,
			notes: n.Notes}
		if check.overridden() {
			row.overrideReason = strings.TrimSpace(n.OverrideReason)
		}
		id, err := db.insertSession(ctx, tx, row)
		if err != nil {
			return err
		}
		detail := fmt.Sprintf("%s: %s com %s, %s %s-%s, %s%s",
			sessionKindLabels[n.Kind], parties.patientName, parties.psychologistName,
			d.Brazilian(), iv.Start, iv.End, placeText(parties.roomName),
			check.auditText(n.OverrideReason))
		if err := db.audit(ctx, tx, who, "create", "session", id, detail); err != nil {
			return err
		}
		b = Booking{ID: id, Sessions: 1, Date: d.String(), Warnings: check.warnings()}
		return nil
	})
	return b, err
}

func placeText(room string) string {
	if room == "" {
		return "online"
	}
	return room
}

// sessionFor reads a session who may see: staff see all, a psychologist
// only their own, and others get ErrNotFound.
func sessionFor(ctx context.Context, q querier, who clinic.Actor, id int64) (Session, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+sessionColumns+sessionFrom+`
		WHERE s.id = ?`, id)
	if err != nil {
		return Session{}, fmt.Errorf("sqlite: read session %d: %w", id, err)
	}
	list, err := scanSessions(rows)
	if err != nil {
		return Session{}, err
	}
	if len(list) == 0 || !ownsPsychologist(who, list[0].PsychologistID) {
		return Session{}, errSessionNotFound
	}
	return list[0], nil
}

// SessionByID returns a session who may see.
func (db *DB) SessionByID(ctx context.Context, who clinic.Actor, id int64) (Session, error) {
	return sessionFor(ctx, db.read, who, id)
}

// errConfirmed is returned when a change targets a session whose outcome
// is already recorded.
func errConfirmed(s Session) error {
	return clinic.Errorf(clinic.ErrLocked,
		"Esta sessão já está registrada como %q e não pode ser alterada.",
		strings.ToLower(s.StatusLabel()))
}

// SessionMove is the new date, time and place of one session.
type SessionMove struct {
	Date           string
	Start          string
	Minutes        int // 0 keeps the current length
	RoomID         int64
	Modality       string
	Override       bool
	OverrideReason string
}

// MoveSession moves one unconfirmed session (this session only) to
// another date, time or room. A series session keeps its occurrence
// date, so the series never books that occurrence again. The move is
// checked like a new booking, with the session itself out of its way.
func (db *DB) MoveSession(ctx context.Context, who clinic.Actor, id int64, m SessionMove) (Booking, error) {
	var b Booking
	err := db.WriteTx(ctx, func(tx *sql.Tx) error {
		if _, err := db.ensureDefaultHorizon(ctx, tx); err != nil {
			return err
		}
		s, err := sessionFor(ctx, tx, who, id)
		if err != nil {
			return err
		}
		if !s.Scheduled() {
			return errConfirmed(s)
		}
		if s.PatientDeleted {
			return clinic.Errorf(clinic.ErrInvalid,
				"O paciente desta sessão foi excluído; restaure o cadastro antes de remarcar.")
		}
		if m.Minutes == 0 {
			m.Minutes = s.Minutes()
		}
		fe := clinic.FieldErrors{}
		d, err := clinic.ParseDate(m.Date)
		if err != nil {
			fe.Add("date", "Data inválida. Use dd/mm/aaaa.")
		}
		start, minutes := validateTime(fe, m.Start, m.Minutes)
		validateModality(fe, m.Modality, m.RoomID)
		if err := fe.Err(); err != nil {
			return err
		}
		iv := clinic.Interval{Start: start, End: start.Add(minutes)}
		parties, err := loadParties(ctx, tx, who, s.PatientID, s.PsychologistID, m.RoomID, m.Modality)
		if err != nil {
			return err
		}
		clashes, err := db.findConflicts(ctx, tx, who, candidate{
			patientID: s.PatientID, psychologistID: s.PsychologistID,
			roomID: parties.roomID, interval: iv, date: d,
			ignoreSession: s.ID, withSeries: true})
		if err != nil {
			return err
		}
		if len(clashes) > 0 {
			return conflictError(clashes)
		}
		check, err := db.checkSessionAvailability(ctx, tx, parties, d, iv, s.Kind)
		if err != nil {
			return err
		}
		if err := check.resolve(who, m.Override, m.OverrideReason); err != nil {
			return err
		}
		reason := ""
		if check.overridden() {
			reason = strings.TrimSpace(m.OverrideReason)
		}
		var room any
		if parties.roomID != 0 {
			room = parties.roomID
		}
		_, err = tx.ExecContext(ctx, `UPDATE sessions SET date = ?, start_min = ?,
			end_min = ?, room_id = ?, modality = ?, override_reason = ?,
			updated_at = ? WHERE id = ? AND status = 'scheduled'`,
			d.String(), int(iv.Start), int(iv.End), room, m.Modality, reason,
			db.nowText(), s.ID)
		if err != nil {
			return fmt.Errorf("sqlite: move session %d: %w", s.ID, err)
		}
		detail := fmt.Sprintf("remarcada de %s %s-%s (%s) para %s %s-%s (%s)%s",
			clinic.FormatDateBR(s.Date), s.Start(), s.End(), s.Place(), d.Brazilian(), iv.Start, iv.End,
			placeText(parties.roomName), check.auditText(m.OverrideReason))
		if err := db.audit(ctx, tx, who, "move", "session", s.ID, detail); err != nil {
			return err
		}
		b = Booking{ID: s.ID, Sessions: 1, Date: d.String(), Warnings: check.warnings()}
		return nil
	})
	return b, err
}

// CancelSession calls off one unconfirmed session as desmarcada pelo
// paciente (StatusCancelledPatient) or pela clínica
// (StatusCancelledClinic), keeping the reason in its notes. The row stays,
// so a series never books that occurrence again and the slot is free.
func (db *DB) CancelSession(ctx context.Context, who clinic.Actor, id int64, status, reason string) error {
	if status != StatusCancelledPatient && status != StatusCancelledClinic {
		return fieldError("status", "Escolha quem desmarcou: o paciente ou a clínica.")
	}
	return db.WriteTx(ctx, func(tx *sql.Tx) error {
		s, err := sessionFor(ctx, tx, who, id)
		if err != nil {
			return err
		}
		if !s.Scheduled() {
			return errConfirmed(s)
		}
		return db.cancelSession(ctx, tx, who, s, status, reason)
	})
}

// cancelSession sets status on s and appends the reason to its notes.
func (db *DB) cancelSession(ctx context.Context, tx *sql.Tx, who clinic.Actor, s Session, status, reason string) error {
	reason = strings.TrimSpace(reason)
	note := StatusLabel(status)
	if reason != "" {
		note += ": " + reason
	}
	_, err := tx.ExecContext(ctx, `UPDATE sessions SET status = ?1,
		notes = CASE WHEN notes = '' THEN ?2 ELSE notes || char(10) || ?2 END,
		updated_at = ?3 WHERE id = ?4 AND status = 'scheduled'`,
		status, note, db.nowText(), s.ID)
	if err != nil {
		return fmt.Errorf("sqlite: cancel session %d: %w", s.ID, err)
	}
	detail := fmt.Sprintf("%s %s-%s, %s: %s", clinic.FormatDateBR(s.Date), s.Start(), s.End(),
		s.PsychologistName, note)
	return db.audit(ctx, tx, who, "cancel", "session", s.ID, detail)
}

// CancelSessions calls off the listed sessions with one status and
// reason, for staff clearing a new block or closure. Sessions who may not
// see, or that are no longer scheduled, are skipped. It returns how many
// it cancelled.
func (db *DB) CancelSessions(ctx context.Context, who clinic.Actor, ids []int64, status, reason string) (int, error) {
	switch status {
	case StatusCancelledPatient, StatusCancelledClinic, StatusHoliday:
	default:
		return 0, fieldError("status", "Escolha como desmarcar as sessões.")
	}
	n := 0
	err := db.WriteTx(ctx, func(tx *sql.Tx) error {
		for _, id := range ids {
			s, err := sessionFor(ctx, tx, who, id)
			if clinic.ErrorCode(err) == clinic.ErrNotFound {
				continue
			}
			if err != nil {
				return err
			}
			if !s.Scheduled() {
				continue
			}
			if err := db.cancelSession(ctx, tx, who, s, status, reason); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}

// SessionFilter selects sessions for an agenda. Zero ids select all that
// who may see. From and To are YYYY-MM-DD, both inclusive.
type SessionFilter struct {
	From, To       string
	PsychologistID int64
	RoomID         int64
	PatientID      int64
	// WithCancelled includes cancelled and holiday sessions, which free
	// their slot but stay on the agenda's record.
	WithCancelled bool
}

// Sessions returns the sessions who may see from f.From to f.To, ordered
// by date, time and psychologist, in one query. When f.To lies past the
// horizon it first writes the series sessions up to f.To (up to two years
// ahead), so an agenda far ahead shows them. Sessions of deleted patients
// are left out.
func (db *DB) Sessions(ctx context.Context, who clinic.Actor, f SessionFilter) ([]Session, error) {
	if _, err := clinic.ParseDate(f.From); err != nil {
		return nil, clinic.Errorf(clinic.ErrInvalid, "Data inicial inválida.")
	}
	if _, err := clinic.ParseDate(f.To); err != nil {
		return nil, clinic.Errorf(clinic.ErrInvalid, "Data final inválida.")
	}
	if err := db.EnsureHorizon(ctx, f.To); err != nil {
		return nil, err
	}
	query := `SELECT ` + sessionColumns + sessionFrom + `
		WHERE s.date BETWEEN ? AND ? AND p.deleted_at IS NULL`
	args := []any{f.From, f.To}
	if scope := PsychologistScope(who); scope != 0 {
		query += ` AND s.psychologist_id = ?`
		args = append(args, scope)
	}
	if f.PsychologistID != 0 {
		query += ` AND s.psychologist_id = ?`
		args = append(args, f.PsychologistID)
	}
	if f.RoomID != 0 {
		query += ` AND s.room_id = ?`
		args = append(args, f.RoomID)
	}
	if f.PatientID != 0 {
		query += ` AND s.patient_id = ?`
		args = append(args, f.PatientID)
	}
	if !f.WithCancelled {
		query += ` AND s.status NOT IN ` + nonBlockingStatuses
	}
	query += ` ORDER BY s.date, s.start_min, ps.name COLLATE NOCASE, s.id`
	rows, err := db.read.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: list sessions: %w", err)
	}
	return scanSessions(rows)
}

// SeriesSessions returns every session of a series who may see, by date.
func (db *DB) SeriesSessions(ctx context.Context, who clinic.Actor, seriesID int64) ([]Session, error) {
	if _, err := seriesFor(ctx, db.read, who, seriesID); err != nil {
		return nil, err
	}
	rows, err := db.read.QueryContext(ctx, `SELECT `+sessionColumns+sessionFrom+`
		WHERE s.series_id = ? ORDER BY s.date, s.start_min`, seriesID)
	if err != nil {
		return nil, fmt.Errorf("sqlite: list series sessions: %w", err)
	}
	return scanSessions(rows)
}

// ConflictingSessionIDs returns the sessions from from to to that overlap
// another active session of the same psychologist, room or patient, for
// the agenda's conflict flag. Bookings made here cannot clash, but
// imported or restored data can. It runs one query.
func (db *DB) ConflictingSessionIDs(ctx context.Context, from, to string) (map[int64]bool, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT DISTINCT a.id
		FROM sessions a
		JOIN sessions b ON b.date = a.date AND b.id <> a.id
			AND b.start_min < a.end_min AND a.start_min < b.end_min
			AND (b.psychologist_id = a.psychologist_id
				OR b.patient_id = a.patient_id
				OR (a.room_id IS NOT NULL AND b.room_id = a.room_id))
		JOIN patients pa ON pa.id = a.patient_id AND pa.deleted_at IS NULL
		JOIN patients pb ON pb.id = b.patient_id AND pb.deleted_at IS NULL
		WHERE a.date BETWEEN ? AND ?
		AND a.status NOT IN `+nonBlockingStatuses+`
		AND b.status NOT IN `+nonBlockingStatuses, from, to)
	if err != nil {
		return nil, fmt.Errorf("sqlite: find conflicting sessions: %w", err)
	}
	defer rows.Close()
	out := map[int64]bool{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("sqlite: scan conflicting session: %w", err)
		}
		out[id] = true
	}
	return out, rows.Err()
}

// PatientOption is a patient in the booking form's picker, with what the
// form pre-fills from the patient.
type PatientOption struct {
	ID             int64
	Name           string
	PsychologistID int64
	Frequency      string
	PriceCents     int64
}

// PsychologistOption is a psychologist in the booking form's picker.
type PsychologistOption struct {
	ID             int64
	Name           string
	SessionMinutes int
}

// RoomOption is an active room in the booking form's picker.
type RoomOption struct {
	ID   int64
	Name string
	Unit string
}

// BookingOptions are the pickers of the booking forms.
type BookingOptions struct {
	Patients      []PatientOption
	Psychologists []PsychologistOption
	Rooms         []RoomOption
}

// BookingOptions returns the patients who may book (a psychologist's own
// patients only), the active psychologists (only themselves for a
// psychologist) and the active rooms, in three queries.
func (db *DB) BookingOptions(ctx context.Context, who clinic.Actor) (BookingOptions, error) {
	var out BookingOptions
	cond, args := PatientScope(who, "p")
	rows, err := db.read.QueryContext(ctx, `SELECT p.id, p.name, p.social_name,
		coalesce(p.psychologist_id, 0), p.frequency, p.price_cents
		FROM patients p WHERE p.deleted_at IS NULL AND `+cond+`
		ORDER BY p.name COLLATE NOCASE`, args...)
	if err != nil {
		return out, fmt.Errorf("sqlite: list patients for booking: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var o PatientOption
		var name, social string
		if err := rows.Scan(&o.ID, &name, &social, &o.PsychologistID, &o.Frequency, &o.PriceCents); err != nil {
			return out, fmt.Errorf("sqlite: scan patient option: %w", err)
		}
		o.Name = name
		if s := strings.TrimSpace(social); s != "" && s != name {
			o.Name = s + " (" + name + ")"
		}
		out.Patients = append(out.Patients, o)
	}
	if err := rows.Err(); err != nil {
		return out, fmt.Errorf("sqlite: read patient options: %w", err)
	}

	scope := PsychologistScope(who)
	prows, err := db.read.QueryContext(ctx, `SELECT id, name, session_minutes
		FROM psychologists WHERE active = 1 AND (?1 = 0 OR id = ?1)
		ORDER BY name COLLATE NOCASE`, scope)
	if err != nil {
		return out, fmt.Errorf("sqlite: list psychologists for booking: %w", err)
	}
	defer prows.Close()
	for prows.Next() {
		var o PsychologistOption
		if err := prows.Scan(&o.ID, &o.Name, &o.SessionMinutes); err != nil {
			return out, fmt.Errorf("sqlite: scan psychologist option: %w", err)
		}
		out.Psychologists = append(out.Psychologists, o)
	}
	if err := prows.Err(); err != nil {
		return out, fmt.Errorf("sqlite: read psychologist options: %w", err)
	}

	out.Rooms, err = db.roomOptions(ctx)
	return out, err
}

func (db *DB) roomOptions(ctx context.Context) ([]RoomOption, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT r.id, r.name, u.name
		FROM rooms r JOIN units u ON u.id = r.unit_id
		WHERE r.active = 1 AND u.active = 1
		ORDER BY u.name COLLATE NOCASE, r.name COLLATE NOCASE`)
	if err != nil {
		return nil, fmt.Errorf("sqlite: list rooms for booking: %w", err)
	}
	defer rows.Close()
	var out []RoomOption
	for rows.Next() {
		var o RoomOption
		if err := rows.Scan(&o.ID, &o.Name, &o.Unit); err != nil {
			return nil, fmt.Errorf("sqlite: scan room option: %w", err)
		}
		out = append(out, o)
	}
	return out, rows.Err()
}
