package sqlite

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"kpsicologia/app/clinic"
)

// Conflict is a booking that holds a slot another booking wants: the same
// psychologist, the same room or the same patient at overlapping times on
// the same date. Intervals are half-open, so 14:00-14:50 and 14:50-15:40
// do not conflict.
type Conflict struct {
	// SessionID is the session in the way, or 0 when it is an occurrence
	// of SeriesID that has no row yet because it lies past the horizon.
	SessionID int64
	SeriesID  int64
	Date      string
	Start     string
	End       string

	SameRoom         bool
	SamePsychologist bool
	SamePatient      bool

	PatientID        int64
	PsychologistID   int64
	RoomID           int64
	PatientName      string // short form, such as "Maria S."
	PsychologistName string
	RoomName         string

	// Message names what is in the way, in Portuguese. A psychologist
	// reading about another psychologist's session never gets that
	// patient's name.
	Message string
}

// nonBlockingStatuses are the session statuses that free their slot:
// cancelled by either side, or called off for a holiday.
const nonBlockingStatuses = `('cancelled_patient', 'cancelled_clinic', 'holiday')`

// candidate is a booking to check: one date (a one-off session or a move)
// or a recurrence (a series), for one patient, psychologist and room.
type candidate struct {
	patientID, psychologistID int64
	roomID                    int64 // 0 for an online session
	interval                  clinic.Interval

	// date is the day of a single session, and rec is set for a series.
	date clinic.Date
	rec  *clinic.Recurrence
	// from and to limit the dates of rec that are checked. A zero to
	// means no limit.
	from, to clinic.Date

	// ignoreSession is the session being moved, which cannot be in its
	// own way.
	ignoreSession int64
	// withSeries also checks other series past their materialized rows.
	// Extending the horizon leaves it off: every series is written in
	// id order in one transaction, so rows alone decide and the older
	// series keeps a contested slot.
	withSeries bool
}

// firstDate and lastDate return the range of dates c covers. lastDate is
// 9999-12-31 for a series with no end.
func (c candidate) firstDate() clinic.Date {
	if c.rec == nil {
		return c.date
	}
	if c.from.IsZero() || c.from.Before(c.rec.Anchor) {
		return c.rec.Anchor
	}
	return c.from
}

func (c candidate) lastDate() clinic.Date {
	if c.rec == nil {
		return c.date
	}
	last := clinic.Date{Year: 9999, Month: 12, Day: 31}
	if !c.to.IsZero() {
		last = c.to
	}
	if !c.rec.Until.IsZero() && c.rec.Until.Before(last) {
		last = c.rec.Until
	}
	return last
}

// occursOn reports whether c books date d.
func (c candidate) occursOn(d clinic.Date) bool {
	if c.rec == nil {
		return d == c.date
	}
	return c.rec.OccursOn(d) && !d.Before(c.firstDate()) && !d.After(c.lastDate())
}

// findConflicts returns what stands in c's way, earliest first. It reads
// inside q, which for a booking is the booking's own IMMEDIATE
// transaction, so no other writer can take the slot between this check
// and the insert. Cancelled sessions and sessions of deleted patients do
// not block.
func (db *DB) findConflicts(ctx context.Context, q querier, who clinic.Actor, c candidate) ([]Conflict, error) {
	first, last := c.firstDate(), c.lastDate()
	if last.Before(first) {
		return nil, nil
	}
	list, err := rowConflicts(ctx, q, c, first, last)
	if err != nil {
		return nil, err
	}
	if c.withSeries {
		more, err := seriesConflicts(ctx, q, c, first, last)
		if err != nil {
			return nil, err
		}
		list = append(list, more...)
	}
	sort.SliceStable(list, func(i, j int) bool {
		if list[i].Date != list[j].Date {
			return list[i].Date < list[j].Date
		}
		return list[i].Start < list[j].Start
	})
	for i := range list {
		list[i].Message = conflictMessage(who, list[i])
	}
	return list, nil
}

// resourceMatch returns the SQL condition that picks rows of the
// sessions table (aliased s) sharing c's psychologist, patient or room on
// a date from first to last. Each branch repeats the date range, so
// SQLite searches the (resource, date) indexes instead of every session
// of the psychologist, patient and room.
func (c candidate) resourceMatch(first, last clinic.Date) (string, []any) {
	from, to := first.String(), last.String()
	cond := `((s.psychologist_id = ? AND s.date BETWEEN ? AND ?)
		OR (s.patient_id = ? AND s.date BETWEEN ? AND ?)`
	args := []any{c.psychologistID, from, to, c.patientID, from, to}
	if c.roomID != 0 {
		cond += ` OR (s.room_id = ? AND s.date BETWEEN ? AND ?)`
		args = append(args, c.roomID, from, to)
	}
	return cond + ")", args
}

// seriesMatch returns the SQL condition that picks series (aliased se)
// sharing c's psychologist, patient or room.
func (c candidate) seriesMatch() (string, []any) {
	cond := "(se.psychologist_id = ? OR se.patient_id = ?"
	args := []any{c.psychologistID, c.patientID}
	if c.roomID != 0 {
		cond += " OR se.room_id = ?"
		args = append(args, c.roomID)
	}
	return cond + ")", args
}

// rowConflicts checks the stored sessions from first to last.
func rowConflicts(ctx context.Context, q querier, c candidate, first, last clinic.Date) ([]Conflict, error) {
	match, args := c.resourceMatch(first, last)
	query := `SELECT s.id, coalesce(s.series_id, 0), s.date, s.start_min,
		s.end_min, s.patient_id, s.psychologist_id, coalesce(s.room_id, 0),
		p.name, p.social_name, ps.name, coalesce(r.name, '')
		FROM sessions s
		JOIN patients p ON p.id = s.patient_id
		JOIN psychologists ps ON ps.id = s.psychologist_id
		LEFT JOIN rooms r ON r.id = s.room_id
		WHERE ` + match + `
		AND s.start_min < ? AND s.end_min > ?
		AND s.status NOT IN ` + nonBlockingStatuses + `
		AND p.deleted_at IS NULL AND s.id <> ?
		ORDER BY s.date, s.start_min`
	args = append(args, int(c.interval.End), int(c.interval.Start), c.ignoreSession)
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: check session conflicts: %w", err)
	}
	defer rows.Close()

	var out []Conflict
	for rows.Next() {
		var k Conflict
		var startMin, endMin int
		var name, social string
		err := rows.Scan(&k.SessionID, &k.SeriesID, &k.Date, &startMin, &endMin,
			&k.PatientID, &k.PsychologistID, &k.RoomID, &name, &social,
			&k.PsychologistName, &k.RoomName)
		if err != nil {
			return nil, fmt.Errorf("sqlite: scan session conflict: %w", err)
		}
		d, err := clinic.ParseDate(k.Date)
		if err != nil || !c.occursOn(d) {
			continue
		}
		k.Start, k.End = clinic.Clock(startMin).String(), clinic.Clock(endMin).String()
		k.PatientName = ShortName(name, social)
		c.markShared(&k)
		out = append(out, k)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: read session conflicts: %w", err)
	}
	return out, nil
}

// seriesConflicts checks other series on the dates past their
// materialized rows, where the recurrence is the only record of them.
func seriesConflicts(ctx context.Context, q querier, c candidate, first, last clinic.Date) ([]Conflict, error) {
	match, args := c.seriesMatch()
	query := `SELECT ` + seriesColumns + seriesFrom + `
		WHERE ` + match + `
		AND p.deleted_at IS NULL
		AND (se.end_date IS NULL OR se.end_date > se.materialized_until)
		AND (se.end_date IS NULL OR se.end_date >= ?)
		AND se.anchor_date <= ?`
	args = append(args, first.String(), last.String())
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: check series conflicts: %w", err)
	}
	list, err := scanSeriesRows(rows)
	if err != nil {
		return nil, err
	}

	var out []Conflict
	for _, other := range list {
		d, ok := c.clashWith(other, first, last)
		if !ok {
			continue
		}
		rec := other.recurrence()
		k := Conflict{SeriesID: other.ID, Date: d.String(),
			Start: rec.Start.String(), End: rec.End().String(),
			PatientID: other.PatientID, PsychologistID: other.PsychologistID,
			RoomID: other.RoomID, PatientName: other.PatientShort,
			PsychologistName: other.PsychologistName, RoomName: other.RoomName}
		c.markShared(&k)
		out = append(out, k)
	}
	return out, nil
}

// clashWith returns the first date from first to last, and past other's
// stored rows, on which c and other both occur at overlapping times.
func (c candidate) clashWith(other Series, first, last clinic.Date) (clinic.Date, bool) {
	rec := other.recurrence()
	if !clinic.Overlaps(c.interval, rec.Interval()) {
		return clinic.Date{}, false
	}
	start := other.MaterializedUntilDate().AddDays(1)
	if start.Before(first) {
		start = first
	}
	if c.rec == nil {
		return c.date, !c.date.Before(start) && rec.OccursOn(c.date)
	}
	mine := *c.rec
	mine.Until = last
	d, ok := clinic.ClashOnOrAfter(mine, rec, start)
	return d, ok
}

// markShared sets which of c's resources k shares.
func (c candidate) markShared(k *Conflict) {
	k.SameRoom = c.roomID != 0 && k.RoomID == c.roomID
	k.SamePsychologist = k.PsychologistID == c.psychologistID
	k.SamePatient = k.PatientID == c.patientID
}

// conflictMessage describes k for who, naming the room when the room is
// taken, else the psychologist, else the patient. A psychologist reading
// about another psychologist's session sees "uma sessão de Dra. X"
// instead of the patient's name.
func conflictMessage(who clinic.Actor, k Conflict) string {
	when := fmt.Sprintf("em %s das %s às %s", clinic.FormatDateBR(k.Date), k.Start, k.End)
	hidden := who.Role == clinic.RolePsychologist && k.PsychologistID != who.PsychologistID
	suffix := "."
	if k.SessionID == 0 {
		suffix = " (horário fixo)."
	}
	place := " (online)"
	if k.RoomName != "" {
		place = " na " + strings.TrimPrefix(roomObject(k.RoomName), "a ")
	}
	switch {
	case k.SameRoom && hidden:
		return fmt.Sprintf("Conflito: %s já está ocupada %s por uma sessão de %s%s",
			roomObject(k.RoomName), when, k.PsychologistName, suffix)
	case k.SameRoom:
		return fmt.Sprintf("Conflito: %s já está ocupada %s por %s com %s%s",
			roomObject(k.RoomName), when, k.PatientName, k.PsychologistName, suffix)
	case k.SamePsychologist && hidden:
		return fmt.Sprintf("Conflito: %s já tem sessão %s%s%s",
			k.PsychologistName, when, place, suffix)
	case k.SamePsychologist:
		return fmt.Sprintf("Conflito: %s já tem sessão %s com %s%s%s",
			k.PsychologistName, when, k.PatientName, place, suffix)
	}
	return fmt.Sprintf("Conflito: %s já tem sessão %s com %s%s%s",
		k.PatientName, when, k.PsychologistName, place, suffix)
}

// storedConflictText describes k for text kept on a booking of
// psychologist psyID, such as a session's notes or a series' end reason.
// That psychologist reads the text later, so another psychologist's
// patient stays unnamed whoever caused the write.
func storedConflictText(psyID int64, k Conflict) string {
	return conflictMessage(clinic.Actor{Role: clinic.RolePsychologist, PsychologistID: psyID}, k)
}

// conflictError turns conflicts into the ErrConflict a booking returns:
// the first conflict in full and the dates of up to four more.
func conflictError(list []Conflict) error {
	msg := list[0].Message
	var dates []string
	seen := map[string]bool{list[0].Date: true}
	for _, k := range list[1:] {
		if !seen[k.Date] {
			seen[k.Date] = true
			dates = append(dates, clinic.FormatDateBR(k.Date))
		}
	}
	switch {
	case len(dates) == 1:
		msg += " Também há conflito em " + dates[0] + "."
	case len(dates) > 1 && len(dates) <= 4:
		msg += " Também há conflito em " + strings.Join(dates[:len(dates)-1], ", ") +
			" e " + dates[len(dates)-1] + "."
	case len(dates) > 4:
		msg += fmt.Sprintf(" Também há conflito em %s e em mais %d datas.",
			strings.Join(dates[:4], ", "), len(dates)-4)
	}
	return &clinic.Error{Code: clinic.ErrConflict, Message: msg}
}

// ShortName returns how the agenda and the conflict messages name a
// patient: the social name when there is one, else the name, shortened
// to the first name and the initial of the last, as in "Maria S.".
func ShortName(name, socialName string) string {
	n := strings.TrimSpace(socialName)
	if n == "" {
		n = strings.TrimSpace(name)
	}
	parts := strings.Fields(n)
	if len(parts) < 2 {
		return n
	}
	r, _ := utf8.DecodeRuneInString(parts[len(parts)-1])
	return parts[0] + " " + strings.ToUpper(string(r)) + "."
}

// roomObject returns a room's name as it reads after a verb: "a Sala 2",
// or "a sala Azul" for a room whose name does not start with "sala".
func roomObject(name string) string {
	name = strings.TrimSpace(name)
	switch {
	case name == "":
		return "a sala"
	case strings.HasPrefix(strings.ToLower(name), "sala"):
		return "a " + name
	}
	return "a sala " + name
}
