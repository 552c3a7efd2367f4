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

// WeeklyHours is a weekly range in which a psychologist takes sessions.
type WeeklyHours struct {
	ID       int64
	Weekday  time.Weekday
	Starts   string // HH:MM
	Ends     string // HH:MM
	UnitID   int64  // 0: any unit
	UnitName string
}

// WeekdayName returns the range's weekday in Portuguese.
func (w WeeklyHours) WeekdayName() string { return clinic.WeekdayName(w.Weekday) }

// DateHours is a range on one date in which a psychologist takes
// sessions, besides the weekly ranges.
type DateHours struct {
	ID     int64
	Date   string
	Starts string
	Ends   string
}

// Block is a run of whole days, StartsOn to EndsOn inclusive, on which a
// psychologist takes no sessions: vacation, leave, a course.
type Block struct {
	ID               int64
	PsychologistID   int64
	PsychologistName string
	StartsOn         string
	EndsOn           string
	Reason           string
	CreatedAt        string
	CreatedBy        string
}

// Availability is a psychologist's hours and blocks as the availability
// page shows them: every weekly range, and the extra dates and blocks
// that end today or later.
type Availability struct {
	PsychologistID   int64
	PsychologistName string
	// ReviewedAt is when the psychologist last saved or confirmed their
	// availability (UTC RFC 3339), "" if never.
	ReviewedAt string
	Weekly     []WeeklyHours
	Dates      []DateHours
	Blocks     []Block
}

// psychologistFor checks that psychologist psyID exists and that who may
// manage their agenda, and returns their name and reviewed time.
func psychologistFor(ctx context.Context, q querier, who clinic.Actor, psyID int64) (string, string, error) {
	if !ownsPsychologist(who, psyID) {
		return "", "", errPsychologistNotFound
	}
	var name, reviewed string
	err := q.QueryRowContext(ctx, `SELECT name, coalesce(agenda_reviewed_at, '')
		FROM psychologists WHERE id = ?`, psyID).Scan(&name, &reviewed)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", errPsychologistNotFound
	}
	if err != nil {
		return "", "", fmt.Errorf("sqlite: read psychologist %d: %w", psyID, err)
	}
	return name, reviewed, nil
}

// AvailabilityOf returns psychologist psyID's hours and current blocks.
// A psychologist may read only their own.
func (db *DB) AvailabilityOf(ctx context.Context, who clinic.Actor, psyID int64) (Availability, error) {
	a := Availability{PsychologistID: psyID}
	var err error
	a.PsychologistName, a.ReviewedAt, err = psychologistFor(ctx, db.read, who, psyID)
	if err != nil {
		return a, err
	}
	today, err := db.today(ctx, db.read)
	if err != nil {
		return a, err
	}
	if a.Weekly, err = weeklyHours(ctx, db.read, psyID); err != nil {
		return a, err
	}
	if a.Dates, err = dateHours(ctx, db.read, psyID, today.String(), "9999-12-31"); err != nil {
		return a, err
	}
	a.Blocks, err = blocksOf(ctx, db.read, psyID, today.String(), "9999-12-31")
	return a, err
}

func weeklyHours(ctx context.Context, q querier, psyID int64) ([]WeeklyHours, error) {
	rows, err := q.QueryContext(ctx, `SELECT a.id, a.weekday, a.starts, a.ends,
		coalesce(a.unit_id, 0), coalesce(u.name, '')
		FROM availability a LEFT JOIN units u ON u.id = a.unit_id
		WHERE a.psychologist_id = ? ORDER BY a.weekday, a.starts`, psyID)
	if err != nil {
		return nil, fmt.Errorf("sqlite: list weekly hours: %w", err)
	}
	defer rows.Close()
	var out []WeeklyHours
	for rows.Next() {
		var w WeeklyHours
		var weekday int
		if err := rows.Scan(&w.ID, &weekday, &w.Starts, &w.Ends, &w.UnitID, &w.UnitName); err != nil {
			return nil, fmt.Errorf("sqlite: scan weekly hours: %w", err)
		}
		w.Weekday = time.Weekday(weekday)
		out = append(out, w)
	}
	return out, rows.Err()
}

func dateHours(ctx context.Context, q querier, psyID int64, from, to string) ([]DateHours, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, date, starts, ends
		FROM availability_dates WHERE psychologist_id = ? AND date BETWEEN ? AND ?
		ORDER BY date, starts`, psyID, from, to)
	if err != nil {
		return nil, fmt.Errorf("sqlite: list extra dates: %w", err)
	}
	defer rows.Close()
	var out []DateHours
	for rows.Next() {
		var d DateHours
		if err := rows.Scan(&d.ID, &d.Date, &d.Starts, &d.Ends); err != nil {
			return nil, fmt.Errorf("sqlite: scan extra date: %w", err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

const blockColumns = `b.id, b.psychologist_id, ps.name, b.starts_on,
	b.ends_on, b.reason, b.created_at, coalesce(u.display_name, '')
	FROM blocks b JOIN psychologists ps ON ps.id = b.psychologist_id
	LEFT JOIN users u ON u.id = b.created_by`

// blocksOf returns the blocks of psyID (every psychologist when 0) that
// overlap from..to.
func blocksOf(ctx context.Context, q querier, psyID int64, from, to string) ([]Block, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+blockColumns+`
		WHERE (?1 = 0 OR b.psychologist_id = ?1) AND b.ends_on >= ?2
		AND b.starts_on <= ?3
		ORDER BY b.starts_on, ps.name COLLATE NOCASE`, psyID, from, to)
	if err != nil {
		return nil, fmt.Errorf("sqlite: list blocks: %w", err)
	}
	defer rows.Close()
	var out []Block
	for rows.Next() {
		var b Block
		err := rows.Scan(&b.ID, &b.PsychologistID, &b.PsychologistName,
			&b.StartsOn, &b.EndsOn, &b.Reason, &b.CreatedAt, &b.CreatedBy)
		if err != nil {
			return nil, fmt.Errorf("sqlite: scan block: %w", err)
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// parseRange checks a start and end time typed in a form.
func parseRange(fe clinic.FieldErrors, starts, ends string) clinic.Interval {
	s, errS := clinic.ParseClock(starts)
	e, errE := clinic.ParseClock(ends)
	switch {
	case errS != nil:
		fe.Add("starts", "Horário inválido. Use hh:mm, por exemplo 08:00.")
	case errE != nil:
		fe.Add("ends", "Horário inválido. Use hh:mm, por exemplo 12:00.")
	case e <= s:
		fe.Add("ends", "O fim precisa ser depois do início.")
	}
	return clinic.Interval{Start: s, End: e}
}

// AddWeeklyHours adds a weekly range to psychologist psyID's hours. A
// range that overlaps another on the same weekday is rejected, since the
// two would read as one. When the psychologist saves their own hours it
// counts as reviewing their agenda.
func (db *DB) AddWeeklyHours(ctx context.Context, who clinic.Actor, psyID int64, w WeeklyHours) (int64, error) {
	var id int64
	err := db.WriteTx(ctx, func(tx *sql.Tx) error {
		if _, _, err := psychologistFor(ctx, tx, who, psyID); err != nil {
			return err
		}
		fe := clinic.FieldErrors{}
		if w.Weekday < time.Sunday || w.Weekday > time.Saturday {
			fe.Add("weekday", "Escolha o dia da semana.")
		}
		iv := parseRange(fe, w.Starts, w.Ends)
		if err := fe.Err(); err != nil {
			return err
		}
		existing, err := weeklyHours(ctx, tx, psyID)
		if err != nil {
			return err
		}
		for _, e := range existing {
			other := parseRange(clinic.FieldErrors{}, e.Starts, e.Ends)
			if e.Weekday == w.Weekday && clinic.Overlaps(iv, other) {
				return fieldError("starts", fmt.Sprintf(
					"Já existe o horário das %s às %s %s; apague-o ou escolha outro horário.",
					e.Starts, e.Ends, onWeekday(w.Weekday)))
			}
		}
		var unit any
		if w.UnitID != 0 {
			unit = w.UnitID
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO availability
			(psychologist_id, weekday, starts, ends, unit_id) VALUES (?, ?, ?, ?, ?)`,
			psyID, int(w.Weekday), iv.Start.String(), iv.End.String(), unit)
		if err != nil {
			return fmt.Errorf("sqlite: insert weekly hours: %w", err)
		}
		id, _ = res.LastInsertId()
		if err := db.noteReview(ctx, tx, who, psyID); err != nil {
			return err
		}
		detail := fmt.Sprintf("psicóloga %d: %s %s-%s", psyID,
			clinic.WeekdayName(w.Weekday), iv.Start, iv.End)
		return db.audit(ctx, tx, who, "create", "availability", id, detail)
	})
	return id, err
}

// onWeekday returns "às segundas-feiras" or "aos sábados".
func onWeekday(w time.Weekday) string {
	if w == time.Saturday || w == time.Sunday {
		return "aos " + clinic.WeekdayPlural(w)
	}
	return "às " + clinic.WeekdayPlural(w)
}

// DeleteWeeklyHours removes a weekly range. Sessions already booked in it
// stay, because only new bookings are checked against the hours.
func (db *DB) DeleteWeeklyHours(ctx context.Context, who clinic.Actor, id int64) error {
	return db.deleteAvailabilityRow(ctx, who, "availability", id)
}

// DeleteDateHours removes an extra date.
func (db *DB) DeleteDateHours(ctx context.Context, who clinic.Actor, id int64) error {
	return db.deleteAvailabilityRow(ctx, who, "availability_dates", id)
}

// deleteAvailabilityRow deletes row id of table (availability or
// availability_dates) when who manages its psychologist.
func (db *DB) deleteAvailabilityRow(ctx context.Context, who clinic.Actor, table string, id int64) error {
	return db.WriteTx(ctx, func(tx *sql.Tx) error {
		var psyID int64
		var detail string
		err := tx.QueryRowContext(ctx, `SELECT psychologist_id,
			starts || '-' || ends FROM `+table+` WHERE id = ?`, id).Scan(&psyID, &detail)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && !ownsPsychologist(who, psyID)) {
			return clinic.Errorf(clinic.ErrNotFound, "Horário não encontrado.")
		}
		if err != nil {
			return fmt.Errorf("sqlite: read %s %d: %w", table, id, err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE id = ?`, id); err != nil {
			return fmt.Errorf("sqlite: delete %s %d: %w", table, id, err)
		}
		if err := db.noteReview(ctx, tx, who, psyID); err != nil {
			return err
		}
		return db.audit(ctx, tx, who, "delete", table, id,
			fmt.Sprintf("psicóloga %d: %s", psyID, detail))
	})
}

// AddDateHours adds hours on one date to psychologist psyID's
// availability, such as a Saturday morning once.
func (db *DB) AddDateHours(ctx context.Context, who clinic.Actor, psyID int64, d DateHours) (int64, error) {
	var id int64
	err := db.WriteTx(ctx, func(tx *sql.Tx) error {
		if _, _, err := psychologistFor(ctx, tx, who, psyID); err != nil {
			return err
		}
		fe := clinic.FieldErrors{}
		date, err := clinic.ParseDate(d.Date)
		if err != nil {
			fe.Add("date", "Data inválida. Use dd/mm/aaaa.")
		}
		iv := parseRange(fe, d.Starts, d.Ends)
		if err := fe.Err(); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO availability_dates
			(psychologist_id, date, starts, ends) VALUES (?, ?, ?, ?)`,
			psyID, date.String(), iv.Start.String(), iv.End.String())
		if err != nil {
			return fmt.Errorf("sqlite: insert extra date: %w", err)
		}
		id, _ = res.LastInsertId()
		if err := db.noteReview(ctx, tx, who, psyID); err != nil {
			return err
		}
		detail := fmt.Sprintf("psicóloga %d: %s %s-%s", psyID, date, iv.Start, iv.End)
		return db.audit(ctx, tx, who, "create", "availability_dates", id, detail)
	})
	return id, err
}

// MarkAgendaReviewed records that psychologist psyID checked their
// availability and agenda ("Revisei minha agenda"). Only the
// psychologist may do it: staff editing someone's hours do not count.
func (db *DB) MarkAgendaReviewed(ctx context.Context, who clinic.Actor, psyID int64) error {
	if who.Role != clinic.RolePsychologist || who.PsychologistID != psyID {
		return clinic.Errorf(clinic.ErrForbidden,
			"Só a própria psicóloga pode confirmar que revisou a agenda.")
	}
	return db.WriteTx(ctx, func(tx *sql.Tx) error {
		if _, _, err := psychologistFor(ctx, tx, who, psyID); err != nil {
			return err
		}
		if err := db.noteReview(ctx, tx, who, psyID); err != nil {
			return err
		}
		return db.audit(ctx, tx, who, "review", "psychologist", psyID, "revisou a agenda")
	})
}

// noteReview sets agenda_reviewed_at when who is psychologist psyID.
func (db *DB) noteReview(ctx context.Context, tx *sql.Tx, who clinic.Actor, psyID int64) error {
	if who.Role != clinic.RolePsychologist || who.PsychologistID != psyID {
		return nil
	}
	_, err := tx.ExecContext(ctx, `UPDATE psychologists SET agenda_reviewed_at = ?
		WHERE id = ?`, db.nowText(), psyID)
	if err != nil {
		return fmt.Errorf("sqlite: note agenda review: %w", err)
	}
	return nil
}

// NewBlock is the input for blocking a psychologist's agenda.
type NewBlock struct {
	PsychologistID int64
	StartsOn       string
	EndsOn         string // "" for a single day
	Reason         string
}

// Blocks returns the blocks who may see that end on or after from,
// of one psychologist or (psyID 0, staff only) of everyone.
func (db *DB) Blocks(ctx context.Context, who clinic.Actor, psyID int64, from string) ([]Block, error) {
	if scope := PsychologistScope(who); scope != 0 {
		psyID = scope
	}
	return blocksOf(ctx, db.read, psyID, from, "9999-12-31")
}

// AddBlock blocks psychologist b.PsychologistID's agenda from StartsOn to
// EndsOn and returns its id with the unconfirmed sessions already booked
// in it. Those sessions stay as they are, listed so staff can cancel them
// with CancelSessions, because a block never hides a booking.
func (db *DB) AddBlock(ctx context.Context, who clinic.Actor, b NewBlock) (int64, []Session, error) {
	var id int64
	err := db.WriteTx(ctx, func(tx *sql.Tx) error {
		if _, _, err := psychologistFor(ctx, tx, who, b.PsychologistID); err != nil {
			return err
		}
		fe := clinic.FieldErrors{}
		b.Reason = strings.TrimSpace(b.Reason)
		if b.EndsOn == "" {
			b.EndsOn = b.StartsOn
		}
		from, errF := clinic.ParseDate(b.StartsOn)
		to, errT := clinic.ParseDate(b.EndsOn)
		switch {
		case errF != nil:
			fe.Add("starts_on", "Informe o primeiro dia (dd/mm/aaaa).")
		case errT != nil:
			fe.Add("ends_on", "Data inválida. Use dd/mm/aaaa.")
		case to.Before(from):
			fe.Add("ends_on", "O último dia não pode ser antes do primeiro.")
		case from.DaysUntil(to) > 366:
			fe.Add("ends_on", "Um bloqueio vai até um ano; crie outro para o período seguinte.")
		}
		if b.Reason == "" {
			fe.Add("reason", "Informe o motivo, por exemplo: férias, licença.")
		}
		if err := fe.Err(); err != nil {
			return err
		}
		var by any
		if who.UserID != 0 {
			by = who.UserID
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO blocks (psychologist_id,
			starts_on, ends_on, reason, created_at, created_by)
			VALUES (?, ?, ?, ?, ?, ?)`, b.PsychologistID, from.String(),
			to.String(), b.Reason, db.nowText(), by)
		if err != nil {
			return fmt.Errorf("sqlite: insert block: %w", err)
		}
		id, _ = res.LastInsertId()
		detail := fmt.Sprintf("psicóloga %d: %s a %s: %s", b.PsychologistID, from, to, b.Reason)
		return db.audit(ctx, tx, who, "create", "block", id, detail)
	})
	if err != nil {
		return 0, nil, err
	}
	_, sessions, err := db.BlockByID(ctx, who, id)
	return id, sessions, err
}

// BlockByID returns a block and the unconfirmed sessions of its
// psychologist inside it.
func (db *DB) BlockByID(ctx context.Context, who clinic.Actor, id int64) (Block, []Session, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT `+blockColumns+` WHERE b.id = ?`, id)
	if err != nil {
		return Block{}, nil, fmt.Errorf("sqlite: read block %d: %w", id, err)
	}
	defer rows.Close()
	var b Block
	found := false
	for rows.Next() {
		err := rows.Scan(&b.ID, &b.PsychologistID, &b.PsychologistName,
			&b.StartsOn, &b.EndsOn, &b.Reason, &b.CreatedAt, &b.CreatedBy)
		if err != nil {
			return Block{}, nil, fmt.Errorf("sqlite: scan block: %w", err)
		}
		found = true
	}
	if err := rows.Err(); err != nil {
		return Block{}, nil, fmt.Errorf("sqlite: read block: %w", err)
	}
	if !found || !ownsPsychologist(who, b.PsychologistID) {
		return Block{}, nil, clinic.Errorf(clinic.ErrNotFound, "Bloqueio não encontrado.")
	}

	srows, err := db.read.QueryContext(ctx, `SELECT `+sessionColumns+sessionFrom+`
		WHERE s.psychologist_id = ? AND s.date BETWEEN ? AND ?
		AND s.status = 'scheduled' AND p.deleted_at IS NULL
		ORDER BY s.date, s.start_min`, b.PsychologistID, b.StartsOn, b.EndsOn)
	if err != nil {
		return Block{}, nil, fmt.Errorf("sqlite: list sessions in block: %w", err)
	}
	sessions, err := scanSessions(srows)
	return b, sessions, err
}

// DeleteBlock removes a block, so the psychologist takes bookings on
// those days again.
func (db *DB) DeleteBlock(ctx context.Context, who clinic.Actor, id int64) error {
	return db.WriteTx(ctx, func(tx *sql.Tx) error {
		var psyID int64
		var detail string
		err := tx.QueryRowContext(ctx, `SELECT psychologist_id,
			starts_on || ' a ' || ends_on || ': ' || reason FROM blocks WHERE id = ?`,
			id).Scan(&psyID, &detail)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && !ownsPsychologist(who, psyID)) {
			return clinic.Errorf(clinic.ErrNotFound, "Bloqueio não encontrado.")
		}
		if err != nil {
			return fmt.Errorf("sqlite: read block %d: %w", id, err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM blocks WHERE id = ?`, id); err != nil {
			return fmt.Errorf("sqlite: delete block %d: %w", id, err)
		}
		return db.audit(ctx, tx, who, "delete", "block", id,
			fmt.Sprintf("psicóloga %d: %s", psyID, detail))
	})
}

// availabilityRules loads everything CheckAvailability needs for parties
// on the dates from to to.
func (db *DB) availabilityRules(ctx context.Context, q querier, parties bookingParties, from, to clinic.Date) (clinic.AvailabilityRules, error) {
	rules := clinic.AvailabilityRules{Psychologist: parties.psychologistName}
	weekly, err := weeklyHours(ctx, q, parties.psychologistID)
	if err != nil {
		return rules, err
	}
	for _, w := range weekly {
		iv := parseRange(clinic.FieldErrors{}, w.Starts, w.Ends)
		rules.Weekly = append(rules.Weekly, clinic.WeeklyRange{Weekday: w.Weekday, Interval: iv})
	}

	extra, err := dateHours(ctx, q, parties.psychologistID, from.String(), to.String())
	if err != nil {
		return rules, err
	}
	for _, e := range extra {
		d, _ := clinic.ParseDate(e.Date)
		iv := parseRange(clinic.FieldErrors{}, e.Starts, e.Ends)
		rules.Extra = append(rules.Extra, clinic.ExtraDate{Date: d, Interval: iv})
	}

	blocks, err := blocksOf(ctx, q, parties.psychologistID, from.String(), to.String())
	if err != nil {
		return rules, err
	}
	for _, b := range blocks {
		f, _ := clinic.ParseDate(b.StartsOn)
		t, _ := clinic.ParseDate(b.EndsOn)
		rules.Blocks = append(rules.Blocks, clinic.Block{From: f, To: t, Reason: b.Reason})
	}

	if parties.roomID != 0 {
		if rules.Room, err = roomHours(ctx, q, parties.roomID, parties.roomName); err != nil {
			return rules, err
		}
	}

	closures, err := closuresBetween(ctx, q, from.String(), to.String())
	if err != nil {
		return rules, err
	}
	for _, c := range closures {
		d, _ := clinic.ParseDate(c.Date)
		rules.ClinicClosed = append(rules.ClinicClosed, clinic.ClosedDate{Date: d, Reason: c.Reason})
	}

	if rules.Holidays, err = holidayCalendar(ctx, q, from.Year, to.Year); err != nil {
		return rules, err
	}
	rules.OpenOnOptionalHolidays, err = openOnOptionalHolidays(ctx, q)
	return rules, err
}

// roomHours returns a room's opening hours, or nil when the room has none
// set, so a clinic that never entered them can still book.
func roomHours(ctx context.Context, q querier, roomID int64, name string) (*clinic.RoomHours, error) {
	rows, err := q.QueryContext(ctx, `SELECT weekday, opens, closes FROM room_hours
		WHERE room_id = ?`, roomID)
	if err != nil {
		return nil, fmt.Errorf("sqlite: read room hours: %w", err)
	}
	defer rows.Close()
	room := &clinic.RoomHours{Name: name, Open: map[time.Weekday]clinic.Interval{}}
	for rows.Next() {
		var weekday int
		var opens, closes string
		if err := rows.Scan(&weekday, &opens, &closes); err != nil {
			return nil, fmt.Errorf("sqlite: scan room hours: %w", err)
		}
		room.Open[time.Weekday(weekday)] = parseRange(clinic.FieldErrors{}, opens, closes)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: read room hours: %w", err)
	}
	if len(room.Open) == 0 {
		return nil, nil
	}
	return room, nil
}

// availabilityCheck sorts the problems of a booking. Blocking ones need
// an override by staff. Dated ones (a series occurrence on a holiday,
// closed day or block) are stored and flagged. Soft ones are warnings.
type availabilityCheck struct {
	blocking   []string
	dated      []string
	soft       []string
	overriding bool
}

// addUnique appends msg to list unless it is already there.
func addUnique(list []string, msg string) []string {
	for _, m := range list {
		if m == msg {
			return list
		}
	}
	return append(list, msg)
}

// checkSessionAvailability checks one session on d. An emergency session
// outside the psychologist's hours is a warning only: the psychologist
// chose to see the patient then.
func (db *DB) checkSessionAvailability(ctx context.Context, q querier, parties bookingParties, d clinic.Date, iv clinic.Interval, kind string) (*availabilityCheck, error) {
	rules, err := db.availabilityRules(ctx, q, parties, d, d)
	if err != nil {
		return nil, err
	}
	c := &availabilityCheck{}
	for _, p := range clinic.CheckAvailability(rules, d, iv) {
		switch {
		case p.Warning:
			c.soft = addUnique(c.soft, p.Message)
		case kind == KindEmergency && p.Code == clinic.ProblemOutsideAvailability:
			c.soft = addUnique(c.soft, p.Message+" Sessão emergencial agendada mesmo assim.")
		default:
			c.blocking = addUnique(c.blocking, p.Message)
		}
	}
	return c, nil
}

// checkSeriesAvailability checks every occurrence of rec up to the
// horizon (at least the first one). Problems of the slot itself (hours,
// room) block the series. A holiday, closed day or block on some dates
// does not, since a series runs for months: those occurrences are stored,
// flagged on the agenda and listed for staff to cancel.
func (db *DB) checkSeriesAvailability(ctx context.Context, q querier, parties bookingParties, rec clinic.Recurrence, horizon clinic.Date) (*availabilityCheck, error) {
	to := horizon
	if to.Before(rec.Anchor) {
		to = rec.Anchor
	}
	rules, err := db.availabilityRules(ctx, q, parties, rec.Anchor, to)
	if err != nil {
		return nil, err
	}
	c := &availabilityCheck{}
	for _, d := range rec.Occurrences(rec.Anchor, to) {
		for _, p := range clinic.CheckAvailability(rules, d, rec.Interval()) {
			switch {
			case p.Warning:
				c.soft = addUnique(c.soft, p.Message)
			case p.Code == clinic.ProblemHoliday || p.Code == clinic.ProblemClinicClosed ||
				p.Code == clinic.ProblemBlocked:
				msg := fmt.Sprintf("Sessão de %s agendada, mas: %s", d.Brazilian(), p.Message)
				c.dated = addUnique(c.dated, msg)
			default:
				c.blocking = addUnique(c.blocking, p.Message)
			}
		}
	}
	return c, nil
}

// resolve returns nil when the booking may go ahead: no blocking problem,
// or staff chose to book anyway with a reason.
func (c *availabilityCheck) resolve(who clinic.Actor, override bool, reason string) error {
	if len(c.blocking) == 0 {
		return nil
	}
	problems := strings.Join(c.blocking, " ")
	if !who.SeesAll() {
		return &clinic.Error{Code: clinic.ErrInvalid, Message: "Não é possível agendar: " +
			problems + " Ajuste sua disponibilidade ou peça à recepção."}
	}
	if !override {
		return &clinic.Error{Code: clinic.ErrInvalid, Message: "Fora da disponibilidade: " +
			problems + " Para agendar mesmo assim, marque \"Agendar mesmo assim\" e informe o motivo.",
			Fields: clinic.FieldErrors{"override": "Marque para agendar mesmo assim e informe o motivo."}}
	}
	if strings.TrimSpace(reason) == "" {
		return &clinic.Error{Code: clinic.ErrInvalid, Message: "Fora da disponibilidade: " +
			problems + " Informe o motivo para agendar mesmo assim.",
			Fields: clinic.FieldErrors{"override_reason": "Informe o motivo, que fica no registro de alterações."}}
	}
	c.overriding = true
	return nil
}

// overridden reports whether staff booked despite blocking problems.
func (c *availabilityCheck) overridden() bool { return c.overriding }

// auditText returns the override part of an audit detail, or "".
func (c *availabilityCheck) auditText(reason string) string {
	if !c.overriding {
		return ""
	}
	return fmt.Sprintf("; agendado mesmo assim (%s); motivo: %s",
		strings.Join(c.blocking, " "), strings.TrimSpace(reason))
}

// warnings returns what the user should read after the booking.
func (c *availabilityCheck) warnings() []string {
	var out []string
	if c.overriding {
		out = append(out, "Agendado mesmo assim: "+strings.Join(c.blocking, " "))
	}
	out = append(out, c.dated...)
	return append(out, c.soft...)
}
