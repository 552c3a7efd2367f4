package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"kpsicologia/app/clinic"
)

// Modalities of a session or series.
const (
	ModalityInPerson = "in_person"
	ModalityOnline   = "online"
)

// Series is a horário fixo: a patient's recurring slot with one
// psychologist, weekly or biweekly from an anchor date.
type Series struct {
	ID               int64
	PatientID        int64
	PatientName      string // full name, or the social name when set
	PatientShort     string // as ShortName gives it
	PsychologistID   int64
	PsychologistName string
	RoomID           int64 // 0 for an online series
	RoomName         string
	Modality         string
	Weekday          time.Weekday
	Start            string // HH:MM
	Minutes          int
	Frequency        clinic.Frequency
	// AnchorDate is the first occurrence. A biweekly series occurs on
	// AnchorDate + 14·k days, and the anchor never moves after creation.
	AnchorDate        string
	EndDate           string // "" while the series runs
	MaterializedUntil string
	EndedReason       string
	CreatedAt         string
}

const seriesColumns = `se.id, se.patient_id, p.name, p.social_name,
	se.psychologist_id, ps.name, coalesce(se.room_id, 0),
	coalesce(r.name, ''), se.modality, se.weekday, se.starts, se.minutes,
	se.frequency, se.anchor_date, coalesce(se.end_date, ''),
	se.materialized_until, se.ended_reason, se.created_at`

const seriesFrom = `
	FROM series se
	JOIN patients p ON p.id = se.patient_id
	JOIN psychologists ps ON ps.id = se.psychologist_id
	LEFT JOIN rooms r ON r.id = se.room_id`

func scanSeriesRows(rows *sql.Rows) ([]Series, error) {
	defer rows.Close()
	var out []Series
	for rows.Next() {
		var s Series
		var name, social string
		var weekday int
		err := rows.Scan(&s.ID, &s.PatientID, &name, &social,
			&s.PsychologistID, &s.PsychologistName, &s.RoomID, &s.RoomName,
			&s.Modality, &weekday, &s.Start, &s.Minutes, &s.Frequency,
			&s.AnchorDate, &s.EndDate, &s.MaterializedUntil, &s.EndedReason,
			&s.CreatedAt)
		if err != nil {
			return nil, fmt.Errorf("sqlite: scan series: %w", err)
		}
		s.Weekday = time.Weekday(weekday)
		s.PatientName = displayName(name, social)
		s.PatientShort = ShortName(name, social)
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: read series: %w", err)
	}
	return out, nil
}

// displayName returns the social name when the patient has one.
func displayName(name, social string) string {
	if s := strings.TrimSpace(social); s != "" {
		return s
	}
	return name
}

// recurrence returns the timing of s. Stored values were validated on the
// way in, so a parse failure yields a recurrence with no occurrences.
func (s Series) recurrence() clinic.Recurrence {
	anchor, _ := clinic.ParseDate(s.AnchorDate)
	start, _ := clinic.ParseClock(s.Start)
	r := clinic.Recurrence{Anchor: anchor, Frequency: s.Frequency,
		Start: start, Minutes: s.Minutes}
	if s.EndDate != "" {
		r.Until, _ = clinic.ParseDate(s.EndDate)
	}
	return r
}

// MaterializedUntilDate returns the last date whose sessions exist as
// rows.
func (s Series) MaterializedUntilDate() clinic.Date {
	d, _ := clinic.ParseDate(s.MaterializedUntil)
	return d
}

// End returns the time each occurrence ends, HH:MM.
func (s Series) End() string { return s.recurrence().End().String() }

// FrequencyLabel returns "Semanal" or "Quinzenal".
func (s Series) FrequencyLabel() string { return s.Frequency.Label() }

// Active reports whether s has occurrences on or after today.
func (s Series) Active(today string) bool { return s.EndDate == "" || s.EndDate >= today }

// Label describes the slot on screen: "segundas-feiras, 14:00-14:50,
// quinzenal".
func (s Series) Label() string {
	return fmt.Sprintf("%s, %s às %s, %s", clinic.WeekdayPlural(s.Weekday),
		s.Start, s.End(), strings.ToLower(s.Frequency.Label()))
}

// NewSeries is the input for booking a series. The weekday is
// FirstDate's: AnchorOn finds the first date with a given weekday.
type NewSeries struct {
	PatientID      int64
	PsychologistID int64
	RoomID         int64  // 0 for online
	Modality       string // ModalityInPerson or ModalityOnline
	FirstDate      string // the anchor, YYYY-MM-DD
	EndDate        string // optional, YYYY-MM-DD
	Start          string // HH:MM
	Minutes        int
	Frequency      clinic.Frequency

	// Override books despite availability problems (outside the
	// psychologist's hours or the room's opening hours, a block, a
	// holiday). Only admin and reception may set it, with a reason. It
	// never overrides a conflict.
	Override       bool
	OverrideReason string
}

// Booking is the result of a successful booking or change.
type Booking struct {
	ID       int64 // the session or series
	Sessions int   // session rows written
	// Date is the first session's date.
	Date string
	// Warnings lists what staff should know: sessions that fall on a
	// holiday, a closed day or a block (they are stored and flagged, not
	// dropped), and problems accepted with an override.
	Warnings []string
	// Replaced counts the unconfirmed sessions of an old series that a
	// change removed.
	Replaced int
}

// AnchorOn returns the first date on or after from that falls on
// weekday, as YYYY-MM-DD.
func AnchorOn(from string, weekday time.Weekday) (string, error) {
	d, err := clinic.ParseDate(from)
	if err != nil {
		return "", clinic.Errorf(clinic.ErrInvalid, "A data %q não é válida.", from)
	}
	shift := (int(weekday) - int(d.Weekday()) + 7) % 7
	return d.AddDays(shift).String(), nil
}

// CreateSeries books a series and writes its sessions up to the horizon.
// Every occurrence is checked against stored sessions and other series
// in the same IMMEDIATE transaction as the insert. A clash returns an
// ErrConflict *clinic.Error that names the session in the way.
func (db *DB) CreateSeries(ctx context.Context, who clinic.Actor, n NewSeries) (Booking, error) {
	var b Booking
	err := db.WriteTx(ctx, func(tx *sql.Tx) error {
		var err error
		b, err = db.createSeries(ctx, tx, who, n)
		return err
	})
	return b, err
}

// CreateSeriesTx books a series inside the caller's write transaction,
// for the agenda import. It runs in a savepoint, so an error (a conflict,
// a validation failure) leaves tx exactly as it was and the caller can go
// on with the next row and commit the others.
func (db *DB) CreateSeriesTx(ctx context.Context, tx *sql.Tx, who clinic.Actor, n NewSeries) (Booking, error) {
	var b Booking
	err := inSavepoint(ctx, tx, func() error {
		var err error
		b, err = db.createSeries(ctx, tx, who, n)
		return err
	})
	return b, err
}

// inSavepoint runs fn in a savepoint of tx and undoes fn's writes when it
// fails.
func inSavepoint(ctx context.Context, tx *sql.Tx, fn func() error) error {
	if _, err := tx.ExecContext(ctx, "SAVEPOINT schedule_booking"); err != nil {
		return fmt.Errorf("sqlite: savepoint: %w", err)
	}
	if err := fn(); err != nil {
		if _, rerr := tx.ExecContext(ctx, "ROLLBACK TO schedule_booking"); rerr != nil {
			return errors.Join(err, fmt.Errorf("sqlite: rollback to savepoint: %w", rerr))
		}
		tx.ExecContext(ctx, "RELEASE schedule_booking")
		return err
	}
	if _, err := tx.ExecContext(ctx, "RELEASE schedule_booking"); err != nil {
		return fmt.Errorf("sqlite: release savepoint: %w", err)
	}
	return nil
}

// createSeries validates n, checks conflicts and availability, inserts
// the series and materializes it.
func (db *DB) createSeries(ctx context.Context, tx *sql.Tx, who clinic.Actor, n NewSeries) (Booking, error) {
	horizon, err := db.ensureDefaultHorizon(ctx, tx)
	if err != nil {
		return Booking{}, err
	}
	today, err := db.today(ctx, tx)
	if err != nil {
		return Booking{}, err
	}
	rec, err := n.validate(today)
	if err != nil {
		return Booking{}, err
	}
	parties, err := loadParties(ctx, tx, who, n.PatientID, n.PsychologistID, n.RoomID, n.Modality)
	if err != nil {
		return Booking{}, err
	}

	c := candidate{patientID: n.PatientID, psychologistID: n.PsychologistID,
		roomID: parties.roomID, interval: rec.Interval(), rec: &rec,
		withSeries: true}
	clashes, err := db.findConflicts(ctx, tx, who, c)
	if err != nil {
		return Booking{}, err
	}
	if len(clashes) > 0 {
		return Booking{}, conflictError(clashes)
	}

	check, err := db.checkSeriesAvailability(ctx, tx, parties, rec, horizon)
	if err != nil {
		return Booking{}, err
	}
	if err := check.resolve(who, n.Override, n.OverrideReason); err != nil {
		return Booking{}, err
	}

	id, err := insertSeries(ctx, tx, who, n, parties, rec, db.nowText())
	if err != nil {
		return Booking{}, err
	}
	s, err := seriesByID(ctx, tx, id)
	if err != nil {
		return Booking{}, err
	}
	res, err := db.materialize(ctx, tx, who, s, horizon)
	if err != nil {
		return Booking{}, err
	}
	if check.overridden() {
		_, err := tx.ExecContext(ctx, `UPDATE sessions SET override_reason = ?
			WHERE series_id = ?`, n.OverrideReason, id)
		if err != nil {
			return Booking{}, fmt.Errorf("sqlite: store override reason: %w", err)
		}
	}
	detail := fmt.Sprintf("%s com %s, %s, a partir de %s%s", parties.patientName,
		parties.psychologistName, s.Label(), rec.Anchor.Brazilian(), check.auditText(n.OverrideReason))
	if err := db.audit(ctx, tx, who, "create", "series", id, detail); err != nil {
		return Booking{}, err
	}
	return Booking{ID: id, Sessions: res.created, Date: rec.Anchor.String(),
		Warnings: check.warnings()}, nil
}

// validate checks the fields of n and returns its recurrence. A series
// starts today or later, because past sessions are booked one by one.
func (n *NewSeries) validate(today clinic.Date) (clinic.Recurrence, error) {
	fe := clinic.FieldErrors{}
	var rec clinic.Recurrence
	rec.Frequency = n.Frequency
	if !n.Frequency.Valid() {
		fe.Add("frequency", "Escolha semanal ou quinzenal.")
	}
	anchor, err := clinic.ParseDate(n.FirstDate)
	switch {
	case n.FirstDate == "":
		fe.Add("date", "Informe a data da primeira sessão.")
	case err != nil:
		fe.Add("date", "Data inválida. Use dd/mm/aaaa.")
	case anchor.Before(today):
		fe.Add("date", "A primeira sessão de um horário fixo não pode ser antes de hoje ("+
			today.Brazilian()+"). Para registrar uma sessão passada, agende uma sessão avulsa.")
	}
	rec.Anchor = anchor
	if n.EndDate != "" {
		end, err := clinic.ParseDate(n.EndDate)
		switch {
		case err != nil:
			fe.Add("end_date", "Data inválida. Use dd/mm/aaaa.")
		case end.Before(anchor):
			fe.Add("end_date", "O término não pode ser antes da primeira sessão.")
		}
		rec.Until = end
	}
	rec.Start, rec.Minutes = validateTime(fe, n.Start, n.Minutes)
	validateModality(fe, n.Modality, n.RoomID)
	if n.PatientID == 0 {
		fe.Add("patient_id", "Escolha o paciente.")
	}
	if n.PsychologistID == 0 {
		fe.Add("psychologist_id", "Escolha a psicóloga.")
	}
	return rec, fe.Err()
}

// validateTime checks a start time and a length in minutes.
func validateTime(fe clinic.FieldErrors, start string, minutes int) (clinic.Clock, int) {
	clock, err := clinic.ParseClock(start)
	switch {
	case start == "":
		fe.Add("time", "Informe o horário de início.")
	case err != nil || clock >= clinic.EndOfDay:
		fe.Add("time", "Horário inválido. Use hh:mm, por exemplo 14:00.")
	}
	switch {
	case minutes < 5 || minutes > 600:
		fe.Add("minutes", "Informe a duração em minutos, entre 5 e 600.")
	case clock.Add(minutes) > clinic.EndOfDay:
		fe.Add("minutes", "A sessão precisa terminar até a meia-noite.")
	}
	return clock, minutes
}

// validateModality checks that an in-person booking has a room and an
// online one has none.
func validateModality(fe clinic.FieldErrors, modality string, roomID int64) {
	switch modality {
	case ModalityInPerson:
		if roomID == 0 {
			fe.Add("room_id", "Escolha a sala, ou marque a sessão como online.")
		}
	case ModalityOnline:
		if roomID != 0 {
			fe.Add("room_id", "Sessão online não usa sala: deixe a sala em branco.")
		}
	default:
		fe.Add("modality", "Escolha presencial ou online.")
	}
}

func insertSeries(ctx context.Context, tx *sql.Tx, who clinic.Actor, n NewSeries,
	parties bookingParties, rec clinic.Recurrence, now string) (int64, error) {
	var end, room, by any
	if !rec.Until.IsZero() {
		end = rec.Until.String()
	}
	if parties.roomID != 0 {
		room = parties.roomID
	}
	if who.UserID != 0 {
		by = who.UserID
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO series (patient_id,
		psychologist_id, room_id, modality, weekday, starts, minutes,
		frequency, anchor_date, end_date, materialized_until, created_at,
		created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		n.PatientID, n.PsychologistID, room, n.Modality, int(rec.Weekday()),
		rec.Start.String(), rec.Minutes, string(rec.Frequency),
		rec.Anchor.String(), end, rec.Anchor.AddDays(-1).String(), now, by)
	if err != nil {
		return 0, fmt.Errorf("sqlite: insert series: %w", err)
	}
	return res.LastInsertId()
}

var errSeriesNotFound = clinic.Errorf(clinic.ErrNotFound, "Horário fixo não encontrado.")

// seriesByID reads one series inside q without an access check.
func seriesByID(ctx context.Context, q querier, id int64) (Series, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+seriesColumns+seriesFrom+`
		WHERE se.id = ?`, id)
	if err != nil {
		return Series{}, fmt.Errorf("sqlite: read series %d: %w", id, err)
	}
	list, err := scanSeriesRows(rows)
	if err != nil {
		return Series{}, err
	}
	if len(list) == 0 {
		return Series{}, errSeriesNotFound
	}
	return list[0], nil
}

// seriesFor reads a series who may see: staff see all, a psychologist
// only their own. Others get ErrNotFound, so ids cannot be probed.
func seriesFor(ctx context.Context, q querier, who clinic.Actor, id int64) (Series, error) {
	s, err := seriesByID(ctx, q, id)
	if err != nil {
		return Series{}, err
	}
	if !ownsPsychologist(who, s.PsychologistID) {
		return Series{}, errSeriesNotFound
	}
	return s, nil
}

// ownsPsychologist reports whether who may see and change the agenda of
// psychologist psyID.
func ownsPsychologist(who clinic.Actor, psyID int64) bool {
	scope := PsychologistScope(who)
	return scope == 0 || scope == psyID
}

// SeriesByID returns a series who may see.
func (db *DB) SeriesByID(ctx context.Context, who clinic.Actor, id int64) (Series, error) {
	return seriesFor(ctx, db.read, who, id)
}

// PatientSeries returns a patient's series, running ones first, for the
// patient's page.
func (db *DB) PatientSeries(ctx context.Context, who clinic.Actor, patientID int64) ([]Series, error) {
	if err := db.CheckPatientAccess(ctx, who, patientID, true); err != nil {
		return nil, err
	}
	query := `SELECT ` + seriesColumns + seriesFrom + `
		WHERE se.patient_id = ?`
	args := []any{patientID}
	if scope := PsychologistScope(who); scope != 0 {
		query += ` AND se.psychologist_id = ?`
		args = append(args, scope)
	}
	query += ` ORDER BY se.end_date IS NOT NULL, se.end_date DESC, se.anchor_date DESC`
	rows, err := db.read.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: list patient series: %w", err)
	}
	return scanSeriesRows(rows)
}

// SeriesChange is the new slot for "this and the following sessions".
// A zero psychologist or end date keeps the old series' value. FirstDate
// is required and gives the new anchor, and with it the new weekday.
type SeriesChange struct {
	From           string // the first occurrence date that changes
	PsychologistID int64
	RoomID         int64
	Modality       string
	FirstDate      string
	Start          string
	Minutes        int
	Frequency      clinic.Frequency
	EndDate        string
	Override       bool
	OverrideReason string
}

// ChangeSeriesFrom changes a series from the occurrence date ch.From on:
// the old series ends the day before, its unconfirmed sessions from that
// date on (moved ones included) are removed, and a new series starts on
// ch.FirstDate. Confirmed sessions (any status other than scheduled)
// never change. The new series is checked like a new booking, and on a
// conflict nothing is written.
func (db *DB) ChangeSeriesFrom(ctx context.Context, who clinic.Actor, seriesID int64, ch SeriesChange) (Booking, error) {
	var b Booking
	err := db.WriteTx(ctx, func(tx *sql.Tx) error {
		var err error
		b, err = db.changeSeriesFrom(ctx, tx, who, seriesID, ch)
		return err
	})
	return b, err
}

func (db *DB) changeSeriesFrom(ctx context.Context, tx *sql.Tx, who clinic.Actor, seriesID int64, ch SeriesChange) (Booking, error) {
	old, err := seriesFor(ctx, tx, who, seriesID)
	if err != nil {
		return Booking{}, err
	}
	today, err := db.today(ctx, tx)
	if err != nil {
		return Booking{}, err
	}
	from, err := clinic.ParseDate(ch.From)
	switch {
	case err != nil:
		return Booking{}, fieldError("from", "Data inválida. Use dd/mm/aaaa.")
	case from.Before(today):
		return Booking{}, fieldError("from", "As mudanças valem a partir de hoje ("+
			today.Brazilian()+"); sessões passadas não mudam.")
	case old.EndDate != "" && ch.From > old.EndDate:
		return Booking{}, fieldError("from", "Este horário fixo termina em "+
			clinic.FormatDateBR(old.EndDate)+", antes dessa data.")
	}
	if who.Role == clinic.RolePsychologist {
		ch.PsychologistID = old.PsychologistID
	}

	n := NewSeries{PatientID: old.PatientID, PsychologistID: ch.PsychologistID,
		RoomID: ch.RoomID, Modality: ch.Modality, FirstDate: ch.FirstDate,
		EndDate: ch.EndDate, Start: ch.Start, Minutes: ch.Minutes,
		Frequency: ch.Frequency, Override: ch.Override,
		OverrideReason: ch.OverrideReason}
	if n.PsychologistID == 0 {
		n.PsychologistID = old.PsychologistID
	}
	if n.EndDate == "" {
		n.EndDate = old.EndDate
	}
	if n.FirstDate != "" && n.FirstDate < ch.From {
		return Booking{}, fieldError("date", "O novo horário começa em "+
			clinic.FormatDateBR(ch.From)+" ou depois.")
	}

	removed, err := endSeriesAt(ctx, tx, old, from.AddDays(-1),
		"Alterado a partir de "+from.Brazilian())
	if err != nil {
		return Booking{}, err
	}
	b, err := db.createSeries(ctx, tx, who, n)
	if err != nil {
		return Booking{}, err
	}
	b.Replaced = removed
	_, err = tx.ExecContext(ctx, `UPDATE series SET ended_reason = ? WHERE id = ?`,
		fmt.Sprintf("Alterado a partir de %s (novo horário fixo nº %d)", from.Brazilian(), b.ID), old.ID)
	if err != nil {
		return Booking{}, fmt.Errorf("sqlite: note series change: %w", err)
	}
	detail := fmt.Sprintf("a partir de %s: novo horário fixo %d; %d sessões não confirmadas removidas",
		from, b.ID, removed)
	if err := db.audit(ctx, tx, who, "change", "series", old.ID, detail); err != nil {
		return Booking{}, err
	}
	return b, nil
}

// EndSeries ends a series after endDate (alta, or a patient who stops),
// with a reason, and removes its unconfirmed sessions whose occurrence
// falls after that date. It returns how many it removed.
func (db *DB) EndSeries(ctx context.Context, who clinic.Actor, seriesID int64, endDate, reason string) (int, error) {
	var removed int
	err := db.WriteTx(ctx, func(tx *sql.Tx) error {
		s, err := seriesFor(ctx, tx, who, seriesID)
		if err != nil {
			return err
		}
		reason = strings.TrimSpace(reason)
		fe := clinic.FieldErrors{}
		end, err := clinic.ParseDate(endDate)
		if err != nil {
			fe.Add("end_date", "Informe a data da última sessão (dd/mm/aaaa).")
		} else if s.EndDate != "" && endDate > s.EndDate {
			fe.Add("end_date", "Este horário fixo já termina em "+
				clinic.FormatDateBR(s.EndDate)+".")
		}
		if reason == "" {
			fe.Add("reason", "Informe o motivo, por exemplo: alta, mudou de cidade.")
		}
		if err := fe.Err(); err != nil {
			return err
		}
		removed, err = endSeriesAt(ctx, tx, s, end, reason)
		if err != nil {
			return err
		}
		detail := fmt.Sprintf("termina em %s: %s; %d sessões não confirmadas removidas",
			end, reason, removed)
		return db.audit(ctx, tx, who, "end", "series", s.ID, detail)
	})
	return removed, err
}

// endSeriesAt sets s's last possible date to end and deletes its
// unconfirmed sessions whose occurrence comes later. An end before the
// anchor leaves the series with no occurrence at all.
func endSeriesAt(ctx context.Context, tx *sql.Tx, s Series, end clinic.Date, reason string) (int, error) {
	anchor, _ := clinic.ParseDate(s.AnchorDate)
	if end.Before(anchor) {
		end = anchor.AddDays(-1)
	}
	_, err := tx.ExecContext(ctx, `UPDATE series SET end_date = ?,
		ended_reason = ? WHERE id = ?`, end.String(), reason, s.ID)
	if err != nil {
		return 0, fmt.Errorf("sqlite: end series %d: %w", s.ID, err)
	}
	res, err := tx.ExecContext(ctx, `DELETE FROM sessions
		WHERE series_id = ? AND occurrence_date > ? AND status = 'scheduled'
		AND NOT EXISTS (SELECT 1 FROM charges c WHERE c.session_id = sessions.id)`,
		s.ID, end.String())
	if err != nil {
		return 0, fmt.Errorf("sqlite: remove sessions of series %d: %w", s.ID, err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

// fieldError returns an ErrInvalid error with one field message.
func fieldError(field, msg string) error {
	fe := clinic.FieldErrors{}
	fe.Add(field, msg)
	return fe.Err()
}

// ImportSlot is one row of an imported agenda: a patient's weekly or
// biweekly slot.
type ImportSlot struct {
	PatientID      int64
	PsychologistID int64
	RoomID         int64 // 0 for online
	Weekday        time.Weekday
	Start          string // HH:MM
	Minutes        int    // 50 when zero
	Frequency      clinic.Frequency
	// Parity is 0 or 1 for a biweekly slot, as importer.SlotRow gives it:
	// parity 1 starts one week after parity 0, so two biweekly slots that
	// share a time fall on alternate weeks.
	Parity int
}

// ImportSeriesTx books slot as a series inside the caller's transaction,
// anchored on the first date with the slot's weekday on or after from
// (a week later for a biweekly slot of parity 1).
// Availability problems do not stop an import, because the agenda
// already ran that way in the old system. They are recorded as an
// override. A conflict returns an ErrConflict error naming the session
// in the way and leaves tx as it was, so the caller reports the row and
// goes on.
func (db *DB) ImportSeriesTx(ctx context.Context, tx *sql.Tx, who clinic.Actor, from string, slot ImportSlot) (Booking, error) {
	anchor, err := AnchorOn(from, slot.Weekday)
	if err != nil {
		return Booking{}, err
	}
	if slot.Frequency == clinic.Biweekly && slot.Parity == 1 {
		anchor = clinic.MustDate(anchor).AddDays(7).String()
	}
	modality := ModalityInPerson
	if slot.RoomID == 0 {
		modality = ModalityOnline
	}
	if slot.Minutes == 0 {
		slot.Minutes = 50
	}
	return db.CreateSeriesTx(ctx, tx, who, NewSeries{
		PatientID: slot.PatientID, PsychologistID: slot.PsychologistID,
		RoomID: slot.RoomID, Modality: modality, FirstDate: anchor,
		Start: slot.Start, Minutes: slot.Minutes, Frequency: slot.Frequency,
		Override: true, OverrideReason: "Importação da agenda",
	})
}
