package sqlite

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"kpsicologia/app/clinic"
)

// Session statuses the agenda treats specially, as stored in
// sessions.status.
const (
	agendaCancelledPatient = "cancelled_patient"
	agendaCancelledClinic  = "cancelled_clinic"
)

// AgendaStatusActive is the AgendaFilter.Status value that hides sessions
// cancelled by the patient or by the clinic.
const AgendaStatusActive = "active"

// agendaStatuses lists every session status, for validating filters.
var agendaStatuses = []string{"scheduled", "done", "missed_charged",
	"missed_excused", agendaCancelledPatient, agendaCancelledClinic,
	"psychologist_absent", "holiday"}

// AgendaCancelled reports whether status frees the session's time: the
// patient or the clinic called the session off.
func AgendaCancelled(status string) bool {
	return status == agendaCancelledPatient || status == agendaCancelledClinic
}

// AgendaFilter selects what an agenda page shows. Zero ids and empty
// strings mean "any".
type AgendaFilter struct {
	From, To       clinic.Date // inclusive
	UnitID         int64
	RoomID         int64
	PsychologistID int64
	Modality       string // "in_person" or "online"
	// Status is a session status, AgendaStatusActive, or "" for all.
	Status string
}

// AgendaSession is one session as an agenda shows it.
type AgendaSession struct {
	ID        int64
	SeriesID  int64 // 0 for a one-off or emergency session
	Date      clinic.Date
	Start     clinic.Clock
	End       clinic.Clock
	Status    string
	Kind      string // series, one_off or emergency
	Modality  string // in_person or online
	Confirmed bool
	// Frequency is the series' weekly or biweekly, "" without a series.
	Frequency string

	PatientID int64
	// PatientName is the social name (nome social) when the patient has
	// one, because that is the name the clinic calls the patient by.
	PatientName  string
	PatientPhone string // digits, as stored

	PsychologistID   int64
	PsychologistName string
	Color            string // the psychologist's colour, #rrggbb

	RoomID   int64 // 0 for an online session
	RoomName string
	UnitID   int64
	UnitName string
}

// Interval returns the session's time of day.
func (s AgendaSession) Interval() clinic.Interval {
	return clinic.Interval{Start: s.Start, End: s.End}
}

// AgendaRoom is a room with its opening hours.
type AgendaRoom struct {
	ID       int64
	UnitID   int64
	Name     string
	UnitName string
	Color    string
	Active   bool
	// Hours maps a weekday to the opening hours. A missing weekday is a
	// day the room is closed.
	Hours map[time.Weekday]clinic.Interval
}

// AgendaHours is one weekly range of a psychologist's availability.
// UnitID is the unit the range is worked in, 0 for any.
type AgendaHours struct {
	Weekday  time.Weekday
	Interval clinic.Interval
	UnitID   int64
}

// AgendaPsychologist is a psychologist with what the agenda needs to draw
// her columns: colour, units, weekly hours, extra dates and blocks.
type AgendaPsychologist struct {
	ID             int64
	Name           string
	Color          string
	SessionMinutes int
	Active         bool
	UnitIDs        []int64
	Weekly         []AgendaHours
	Extra          []clinic.ExtraDate
	Blocks         []clinic.Block
}

// InUnit reports whether the psychologist works in unit: she is linked to
// it, or she is linked to no unit at all (so she works in any).
func (p AgendaPsychologist) InUnit(unitID int64) bool {
	if unitID == 0 || len(p.UnitIDs) == 0 {
		return true
	}
	for _, id := range p.UnitIDs {
		if id == unitID {
			return true
		}
	}
	return false
}

// HoursOn returns the psychologist's merged hours on d: her weekly ranges
// for d's weekday in unitID (any unit when 0) plus her extra ranges on d.
func (p AgendaPsychologist) HoursOn(d clinic.Date, unitID int64) []clinic.Interval {
	var hours []clinic.Interval
	for _, w := range p.Weekly {
		if w.Weekday == d.Weekday() && (unitID == 0 || w.UnitID == 0 || w.UnitID == unitID) {
			hours = append(hours, w.Interval)
		}
	}
	for _, e := range p.Extra {
		if e.Date == d {
			hours = append(hours, e.Interval)
		}
	}
	return clinic.MergeIntervals(hours)
}

// BlockOn returns the block covering d, if any.
func (p AgendaPsychologist) BlockOn(d clinic.Date) (clinic.Block, bool) {
	for _, b := range p.Blocks {
		if !d.Before(b.From) && !d.After(b.To) {
			return b, true
		}
	}
	return clinic.Block{}, false
}

// Agenda is everything an agenda page draws for a date range: the
// sessions matching the filter, every unit, room and psychologist the
// filters and columns need, and the clinic's holidays and closures.
type Agenda struct {
	Filter        AgendaFilter
	Units         []clinic.Choice // active units by name
	Rooms         []AgendaRoom    // active rooms and rooms with sessions in range
	Psychologists []AgendaPsychologist
	Sessions      []AgendaSession // by date, start, room, id
	Holidays      *clinic.HolidayCalendar
	Closures      []clinic.ClosedDate
}

// ClosureOn returns the clinic closure on d, if any.
func (a *Agenda) ClosureOn(d clinic.Date) (clinic.ClosedDate, bool) {
	for _, c := range a.Closures {
		if c.Date == d {
			return c, true
		}
	}
	return clinic.ClosedDate{}, false
}

// Psychologist returns the psychologist with id, if the agenda has her.
func (a *Agenda) Psychologist(id int64) (AgendaPsychologist, bool) {
	for _, p := range a.Psychologists {
		if p.ID == id {
			return p, true
		}
	}
	return AgendaPsychologist{}, false
}

// AgendaMaxDays bounds the date range of one agenda read: a month view
// with its leading and trailing weeks fits.
const AgendaMaxDays = 42

var errAgendaPsychologistNotFound = clinic.Errorf(clinic.ErrNotFound,
	"Psicóloga não encontrada.")

// Agenda reads the agenda for f as who may see it. A psychologist gets
// only her own sessions, and a request for another psychologist's agenda
// returns ErrNotFound, so ids cannot be probed. It runs eight queries
// whatever the size of the clinic, in one read transaction.
func (db *DB) Agenda(ctx context.Context, who clinic.Actor, f AgendaFilter) (*Agenda, error) {
	if err := validateAgendaFilter(f); err != nil {
		return nil, err
	}
	scope := PsychologistScope(who)
	if scope != 0 {
		if scope < 0 || f.PsychologistID != 0 && f.PsychologistID != scope {
			return nil, errAgendaPsychologistNotFound
		}
		f.PsychologistID = scope
	}
	// Series sessions exist as rows up to the horizon; an agenda further
	// ahead writes them first. This returns at once when they exist.
	if err := db.EnsureHorizon(ctx, f.To.String()); err != nil {
		return nil, err
	}
	var a *Agenda
	err := db.ReadTx(ctx, func(tx *sql.Tx) error {
		var err error
		a, err = loadAgenda(ctx, tx, f)
		return err
	})
	if err != nil {
		return nil, err
	}
	if scope > 0 {
		if _, ok := a.Psychologist(scope); !ok {
			return nil, errAgendaPsychologistNotFound
		}
	}
	return a, nil
}

func validateAgendaFilter(f AgendaFilter) error {
	if !f.From.Valid() || !f.To.Valid() || f.To.Before(f.From) {
		return clinic.Errorf(clinic.ErrInvalid, "Período da agenda inválido.")
	}
	if f.From.DaysUntil(f.To) >= AgendaMaxDays {
		return clinic.Errorf(clinic.ErrInvalid,
			"A agenda mostra no máximo %d dias de uma vez.", AgendaMaxDays)
	}
	if f.Modality != "" && f.Modality != "in_person" && f.Modality != "online" {
		return clinic.Errorf(clinic.ErrInvalid, "Modalidade inválida.")
	}
	if f.Status != "" && f.Status != AgendaStatusActive && !agendaValidStatus(f.Status) {
		return clinic.Errorf(clinic.ErrInvalid, "Situação inválida.")
	}
	return nil
}

func agendaValidStatus(s string) bool {
	for _, v := range agendaStatuses {
		if v == s {
			return true
		}
	}
	return false
}

// loadAgenda runs the agenda's queries on q. It takes a querier so a test
// can count the queries one page costs.
func loadAgenda(ctx context.Context, q querier, f AgendaFilter) (*Agenda, error) {
	a := &Agenda{Filter: f}
	var err error
	if a.Units, err = agendaUnits(ctx, q); err != nil {
		return nil, err
	}
	if a.Rooms, err = agendaRooms(ctx, q, f.From, f.To); err != nil {
		return nil, err
	}
	if a.Psychologists, err = agendaPsychologists(ctx, q, f.From, f.To); err != nil {
		return nil, err
	}
	if err = agendaAvailability(ctx, q, a.Psychologists, f.From, f.To); err != nil {
		return nil, err
	}
	if err = agendaBlocks(ctx, q, a.Psychologists, f.From, f.To); err != nil {
		return nil, err
	}
	if a.Sessions, err = agendaSessions(ctx, q, f); err != nil {
		return nil, err
	}
	if a.Holidays, err = agendaHolidays(ctx, q, f.From.Year, f.To.Year); err != nil {
		return nil, err
	}
	if a.Closures, err = agendaClosures(ctx, q, f.From, f.To); err != nil {
		return nil, err
	}
	return a, nil
}

// AgendaUnits returns the active units by name. The first is the unit an
// agenda shows when the request names none.
func (db *DB) AgendaUnits(ctx context.Context) ([]clinic.Choice, error) {
	return agendaUnits(ctx, db.read)
}

func agendaUnits(ctx context.Context, q querier) ([]clinic.Choice, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, name FROM units
		WHERE active = 1 ORDER BY name COLLATE NOCASE, id`)
	if err != nil {
		return nil, fmt.Errorf("sqlite: list units for agenda: %w", err)
	}
	defer rows.Close()
	var out []clinic.Choice
	for rows.Next() {
		var c clinic.Choice
		if err := rows.Scan(&c.ID, &c.Name); err != nil {
			return nil, fmt.Errorf("sqlite: scan unit: %w", err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: list units for agenda: %w", err)
	}
	return out, nil
}

// agendaRooms returns the active rooms plus inactive ones that still have
// sessions from from to to, with their opening hours, by unit and name.
func agendaRooms(ctx context.Context, q querier, from, to clinic.Date) ([]AgendaRoom, error) {
	rows, err := q.QueryContext(ctx, `SELECT r.id, r.unit_id, r.name, u.name,
			r.color, r.active, h.weekday, h.opens, h.closes
		FROM rooms r
		JOIN units u ON u.id = r.unit_id
		LEFT JOIN room_hours h ON h.room_id = r.id
		WHERE r.active = 1 OR r.id IN (SELECT room_id FROM sessions
			WHERE date BETWEEN ? AND ? AND room_id IS NOT NULL)
		ORDER BY u.name COLLATE NOCASE, u.id, r.name COLLATE NOCASE, r.id`,
		from.String(), to.String())
	if err != nil {
		return nil, fmt.Errorf("sqlite: list rooms for agenda: %w", err)
	}
	defer rows.Close()

	var out []AgendaRoom
	for rows.Next() {
		var r AgendaRoom
		var weekday sql.NullInt64
		var opens, closes sql.NullString
		if err := rows.Scan(&r.ID, &r.UnitID, &r.Name, &r.UnitName, &r.Color,
			&r.Active, &weekday, &opens, &closes); err != nil {
			return nil, fmt.Errorf("sqlite: scan room: %w", err)
		}
		if n := len(out); n == 0 || out[n-1].ID != r.ID {
			r.Hours = map[time.Weekday]clinic.Interval{}
			out = append(out, r)
		}
		if !weekday.Valid {
			continue
		}
		iv, err := agendaParseInterval(opens.String, closes.String)
		if err != nil {
			return nil, fmt.Errorf("sqlite: room %d hours: %w", r.ID, err)
		}
		out[len(out)-1].Hours[time.Weekday(weekday.Int64)] = iv
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: list rooms for agenda: %w", err)
	}
	// The query keeps each room's rows together, and this sort puts
	// "Sala 2" before "Sala 10" within each unit.
	slices.SortStableFunc(out, func(a, b AgendaRoom) int {
		if c := AgendaCompareNames(a.UnitName, b.UnitName); c != 0 {
			return c
		}
		return AgendaCompareNames(a.Name, b.Name)
	})
	return out, nil
}

// agendaPsychologists returns the active psychologists plus inactive ones
// with sessions from from to to, by name, with their unit ids.
func agendaPsychologists(ctx context.Context, q querier, from, to clinic.Date) ([]AgendaPsychologist, error) {
	rows, err := q.QueryContext(ctx, `SELECT p.id, p.name, p.color,
			p.session_minutes, p.active,
			(SELECT group_concat(unit_id) FROM psychologist_units pu
				WHERE pu.psychologist_id = p.id)
		FROM psychologists p
		WHERE p.active = 1 OR p.id IN (SELECT psychologist_id FROM sessions
			WHERE date BETWEEN ? AND ?)
		ORDER BY p.name COLLATE NOCASE, p.id`, from.String(), to.String())
	if err != nil {
		return nil, fmt.Errorf("sqlite: list psychologists for agenda: %w", err)
	}
	defer rows.Close()

	var out []AgendaPsychologist
	for rows.Next() {
		var p AgendaPsychologist
		var units sql.NullString
		if err := rows.Scan(&p.ID, &p.Name, &p.Color, &p.SessionMinutes,
			&p.Active, &units); err != nil {
			return nil, fmt.Errorf("sqlite: scan psychologist: %w", err)
		}
		p.UnitIDs, err = agendaParseIDs(units.String)
		if err != nil {
			return nil, fmt.Errorf("sqlite: psychologist %d units: %w", p.ID, err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: list psychologists for agenda: %w", err)
	}
	return out, nil
}

// agendaAvailability fills the weekly ranges and the extra dates from from
// to to of the psychologists in list, with one query for both tables.
func agendaAvailability(ctx context.Context, q querier, list []AgendaPsychologist, from, to clinic.Date) error {
	index := agendaPsychologistIndex(list)
	rows, err := q.QueryContext(ctx, `
		SELECT psychologist_id, weekday, '', starts, ends, COALESCE(unit_id, 0)
		FROM availability
		UNION ALL
		SELECT psychologist_id, -1, date, starts, ends, 0
		FROM availability_dates WHERE date BETWEEN ? AND ?
		ORDER BY 1, 2, 3, 4`, from.String(), to.String())
	if err != nil {
		return fmt.Errorf("sqlite: read availability: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var psyID, unitID int64
		var weekday int
		var date, starts, ends string
		if err := rows.Scan(&psyID, &weekday, &date, &starts, &ends, &unitID); err != nil {
			return fmt.Errorf("sqlite: scan availability: %w", err)
		}
		i, ok := index[psyID]
		if !ok {
			continue
		}
		iv, err := agendaParseInterval(starts, ends)
		if err != nil {
			return fmt.Errorf("sqlite: availability of psychologist %d: %w", psyID, err)
		}
		p := &list[i]
		if weekday >= 0 {
			p.Weekly = append(p.Weekly, AgendaHours{Weekday: time.Weekday(weekday),
				Interval: iv, UnitID: unitID})
			continue
		}
		d, err := clinic.ParseDate(date)
		if err != nil {
			return fmt.Errorf("sqlite: availability date of psychologist %d: %w", psyID, err)
		}
		p.Extra = append(p.Extra, clinic.ExtraDate{Date: d, Interval: iv})
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("sqlite: read availability: %w", err)
	}
	return nil
}

// agendaBlocks fills the blocks that touch from..to.
func agendaBlocks(ctx context.Context, q querier, list []AgendaPsychologist, from, to clinic.Date) error {
	index := agendaPsychologistIndex(list)
	rows, err := q.QueryContext(ctx, `SELECT psychologist_id, starts_on, ends_on,
			reason
		FROM blocks WHERE starts_on <= ? AND ends_on >= ?
		ORDER BY psychologist_id, starts_on`, to.String(), from.String())
	if err != nil {
		return fmt.Errorf("sqlite: read blocks: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var psyID int64
		var starts, ends, reason string
		if err := rows.Scan(&psyID, &starts, &ends, &reason); err != nil {
			return fmt.Errorf("sqlite: scan block: %w", err)
		}
		i, ok := index[psyID]
		if !ok {
			continue
		}
		b := clinic.Block{Reason: reason}
		if b.From, err = clinic.ParseDate(starts); err != nil {
			return fmt.Errorf("sqlite: block of psychologist %d: %w", psyID, err)
		}
		if b.To, err = clinic.ParseDate(ends); err != nil {
			return fmt.Errorf("sqlite: block of psychologist %d: %w", psyID, err)
		}
		list[i].Blocks = append(list[i].Blocks, b)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("sqlite: read blocks: %w", err)
	}
	return nil
}

// agendaSessionColumns are the columns scanAgendaSession reads, from
// sessions s joined to patients p, psychologists ps, series se, rooms r
// and units u.
const agendaSessionColumns = `s.id, COALESCE(s.series_id, 0), s.date,
	s.start_min, s.end_min, s.status, s.kind, s.modality,
	s.confirmed_at IS NOT NULL, COALESCE(se.frequency, ''),
	p.id, CASE WHEN trim(p.social_name) <> '' THEN p.social_name ELSE p.name END,
	p.phone, ps.id, ps.name, ps.color,
	COALESCE(r.id, 0), COALESCE(r.name, ''), COALESCE(u.id, 0),
	COALESCE(u.name, '')`

// agendaSessionJoins joins what agendaSessionColumns reads. Sessions of a
// deleted patient drop out here, so no agenda ever shows them.
const agendaSessionJoins = `FROM sessions s
	JOIN patients p ON p.id = s.patient_id AND p.deleted_at IS NULL
	JOIN psychologists ps ON ps.id = s.psychologist_id
	LEFT JOIN series se ON se.id = s.series_id
	LEFT JOIN rooms r ON r.id = s.room_id
	LEFT JOIN units u ON u.id = r.unit_id`

// agendaSessions returns the sessions matching f, by date, time and room.
// An online session has no room, so the unit filter keeps it when its
// psychologist works in the unit.
func agendaSessions(ctx context.Context, q querier, f AgendaFilter) ([]AgendaSession, error) {
	var where strings.Builder
	args := []any{f.From.String(), f.To.String()}
	where.WriteString("s.date BETWEEN ? AND ?")
	if f.UnitID != 0 {
		where.WriteString(` AND (r.unit_id = ? OR (s.room_id IS NULL AND (
			EXISTS (SELECT 1 FROM psychologist_units pu
				WHERE pu.psychologist_id = s.psychologist_id AND pu.unit_id = ?)
			OR NOT EXISTS (SELECT 1 FROM psychologist_units pu
				WHERE pu.psychologist_id = s.psychologist_id))))`)
		args = append(args, f.UnitID, f.UnitID)
	}
	if f.RoomID != 0 {
		where.WriteString(" AND s.room_id = ?")
		args = append(args, f.RoomID)
	}
	if f.PsychologistID != 0 {
		where.WriteString(" AND s.psychologist_id = ?")
		args = append(args, f.PsychologistID)
	}
	if f.Modality != "" {
		where.WriteString(" AND s.modality = ?")
		args = append(args, f.Modality)
	}
	switch f.Status {
	case "":
	case AgendaStatusActive:
		where.WriteString(" AND s.status NOT IN (?, ?)")
		args = append(args, agendaCancelledPatient, agendaCancelledClinic)
	default:
		where.WriteString(" AND s.status = ?")
		args = append(args, f.Status)
	}
	query := "SELECT " + agendaSessionColumns + " " + agendaSessionJoins +
		" WHERE " + where.String() +
		" ORDER BY s.date, s.start_min, r.name COLLATE NOCASE, s.id"
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: list agenda sessions: %w", err)
	}
	defer rows.Close()

	var out []AgendaSession
	for rows.Next() {
		s, err := scanAgendaSession(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: list agenda sessions: %w", err)
	}
	return out, nil
}

func scanAgendaSession(rows *sql.Rows) (AgendaSession, error) {
	var s AgendaSession
	var date string
	var start, end int
	err := rows.Scan(&s.ID, &s.SeriesID, &date, &start, &end, &s.Status,
		&s.Kind, &s.Modality, &s.Confirmed, &s.Frequency,
		&s.PatientID, &s.PatientName, &s.PatientPhone,
		&s.PsychologistID, &s.PsychologistName, &s.Color,
		&s.RoomID, &s.RoomName, &s.UnitID, &s.UnitName)
	if err != nil {
		return s, fmt.Errorf("sqlite: scan agenda session: %w", err)
	}
	if s.Date, err = clinic.ParseDate(date); err != nil {
		return s, fmt.Errorf("sqlite: session %d: %w", s.ID, err)
	}
	s.Start, s.End = clinic.Clock(start), clinic.Clock(end)
	return s, nil
}

// agendaHolidays builds the holiday calendar of the years first to last
// from the national holidays and the clinic's local ones.
func agendaHolidays(ctx context.Context, q querier, first, last int) (*clinic.HolidayCalendar, error) {
	rows, err := q.QueryContext(ctx, `SELECT date, name, yearly
		FROM local_holidays ORDER BY date`)
	if err != nil {
		return nil, fmt.Errorf("sqlite: read local holidays: %w", err)
	}
	defer rows.Close()
	var local []clinic.LocalHoliday
	for rows.Next() {
		var date string
		var h clinic.LocalHoliday
		if err := rows.Scan(&date, &h.Name, &h.Yearly); err != nil {
			return nil, fmt.Errorf("sqlite: scan local holiday: %w", err)
		}
		if h.Date, err = clinic.ParseDate(date); err != nil {
			return nil, fmt.Errorf("sqlite: local holiday %q: %w", h.Name, err)
		}
		local = append(local, h)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: read local holidays: %w", err)
	}
	return clinic.NewHolidayCalendar(local, first, last), nil
}

func agendaClosures(ctx context.Context, q querier, from, to clinic.Date) ([]clinic.ClosedDate, error) {
	rows, err := q.QueryContext(ctx, `SELECT date, reason FROM closures
		WHERE date BETWEEN ? AND ? ORDER BY date`, from.String(), to.String())
	if err != nil {
		return nil, fmt.Errorf("sqlite: read closures: %w", err)
	}
	defer rows.Close()
	var out []clinic.ClosedDate
	for rows.Next() {
		var date string
		var c clinic.ClosedDate
		if err := rows.Scan(&date, &c.Reason); err != nil {
			return nil, fmt.Errorf("sqlite: scan closure: %w", err)
		}
		if c.Date, err = clinic.ParseDate(date); err != nil {
			return nil, fmt.Errorf("sqlite: closure: %w", err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: read closures: %w", err)
	}
	return out, nil
}

func agendaPsychologistIndex(list []AgendaPsychologist) map[int64]int {
	index := make(map[int64]int, len(list))
	for i, p := range list {
		index[p.ID] = i
	}
	return index
}

// agendaParseInterval parses stored "HH:MM" start and end texts.
func agendaParseInterval(start, end string) (clinic.Interval, error) {
	s, err := clinic.ParseClock(start)
	if err != nil {
		return clinic.Interval{}, err
	}
	e, err := clinic.ParseClock(end)
	if err != nil {
		return clinic.Interval{}, err
	}
	return clinic.Interval{Start: s, End: e}, nil
}

// agendaParseIDs parses SQLite's group_concat of integer ids ("3,7").
func agendaParseIDs(s string) ([]int64, error) {
	if s == "" {
		return nil, nil
	}
	parts := strings.Split(s, ",")
	ids := make([]int64, 0, len(parts))
	for _, p := range parts {
		id, err := strconv.ParseInt(p, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("invalid id list %q: %w", s, err)
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// AgendaCompareNames orders room names as people expect: "Sala 2" before
// "Sala 10", comparing runs of digits by value and letters
// ignoring case.
func AgendaCompareNames(a, b string) int {
	a, b = strings.ToLower(a), strings.ToLower(b)
	for a != "" && b != "" {
		na, restA := agendaLeadingNumber(a)
		nb, restB := agendaLeadingNumber(b)
		if na >= 0 && nb >= 0 {
			if c := cmp.Compare(na, nb); c != 0 {
				return c
			}
			a, b = restA, restB
			continue
		}
		if c := cmp.Compare(a[0], b[0]); c != 0 {
			return c
		}
		a, b = a[1:], b[1:]
	}
	return cmp.Compare(len(a), len(b))
}

// agendaLeadingNumber returns the number at the start of s and the rest,
// or -1 when s starts with no digit.
func agendaLeadingNumber(s string) (int, string) {
	n, i := 0, 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' && i < 9 {
		n = n*10 + int(s[i]-'0')
		i++
	}
	if i == 0 {
		return -1, s
	}
	return n, s[i:]
}
