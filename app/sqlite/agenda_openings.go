package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"kpsicologia/app/clinic"
)

// Periods of the day the free-slot finder filters by, on the start time
// of a session.
const (
	PeriodMorning   = "morning"   // manhã, 07:00-12:00
	PeriodAfternoon = "afternoon" // tarde, 12:00-18:00
	PeriodEvening   = "evening"   // noite, 18:00-22:00
)

// PeriodBounds returns the start times a period of the day covers, as a
// half-open interval, and false for an unknown period.
func PeriodBounds(period string) (clinic.Interval, bool) {
	switch period {
	case PeriodMorning:
		return clinic.Interval{Start: clinic.ClockOf(7, 0), End: clinic.ClockOf(12, 0)}, true
	case PeriodAfternoon:
		return clinic.Interval{Start: clinic.ClockOf(12, 0), End: clinic.ClockOf(18, 0)}, true
	case PeriodEvening:
		return clinic.Interval{Start: clinic.ClockOf(18, 0), End: clinic.ClockOf(22, 0)}, true
	}
	return clinic.Interval{}, false
}

// The horizon of the free-slot finder, in weeks. Two is the least that
// can tell a biweekly opening from a weekly one.
const (
	OpeningMinWeeks     = 2
	OpeningDefaultWeeks = 8
	OpeningMaxWeeks     = 26
)

// OpeningQuery is what the free-slot finder searches for. Zero ids mean
// any.
type OpeningQuery struct {
	// From is the first date searched, and the horizon runs Weeks weeks
	// from it.
	From           clinic.Date
	Weeks          int
	SpecialtyID    int64
	AudienceID     int64
	UnitID         int64
	PsychologistID int64
	// Modality is "in_person" (a room must be free too) or "online".
	Modality string
	// Weekday is the day of the week searched, or -1 for every day.
	Weekday int
	// Period is PeriodMorning, PeriodAfternoon, PeriodEvening or "" for
	// the whole day.
	Period string
}

// Opening is a time at which a new series can be booked: the
// psychologist is available and, in person, a room is free, on every
// date of the series in the horizon.
type Opening struct {
	PsychologistID   int64
	PsychologistName string
	Color            string
	Weekday          time.Weekday
	Start, End       clinic.Clock
	Frequency        clinic.Frequency
	// FirstDate is the first date of the series: the anchor that gives a
	// biweekly series its weeks.
	FirstDate clinic.Date
	// RoomID is 0 for an online opening. OtherRooms counts further rooms
	// free at the same time and weeks.
	RoomID     int64
	RoomName   string
	UnitName   string
	OtherRooms int
	// Skipped lists the dates in the horizon that were neither checked
	// nor counted: holidays, clinic closures and the psychologist's
	// blocks, on which a series simply has no session.
	Skipped []clinic.Date
}

// Openings is the free-slot finder's result and the choices of its form.
type Openings struct {
	Query OpeningQuery
	// Weekly contains the times free on every week of the horizon, and
	// Biweekly those free on alternate weeks only, anchored on FirstDate.
	Weekly   []Opening
	Biweekly []Opening
	// Searched counts the psychologists matching the filters, and
	// WithoutHours names those of them who have set no weekly hours and so
	// cannot be offered.
	Searched     int
	WithoutHours []string
	// ClosedDays are the holidays and clinic closures in the horizon, on
	// which no series has a session. A closure's Name is its reason.
	ClosedDays []clinic.Holiday

	Units         []clinic.Choice
	Specialties   []clinic.Choice
	Audiences     []clinic.Choice
	Psychologists []clinic.Choice
}

// FindOpenings searches the horizon of q for weekly and biweekly openings.
// Busy times are the sessions that are not cancelled, plus the future
// occurrences of series past the dates already written as sessions. It
// runs twelve queries whatever the clinic's size, and computes in Go.
func (db *DB) FindOpenings(ctx context.Context, who clinic.Actor, q OpeningQuery) (*Openings, error) {
	if err := validateOpeningQuery(&q); err != nil {
		return nil, err
	}
	if scope := PsychologistScope(who); scope != 0 {
		if scope < 0 || q.PsychologistID != 0 && q.PsychologistID != scope {
			return nil, errAgendaPsychologistNotFound
		}
		q.PsychologistID = scope
	}
	var out *Openings
	err := db.ReadTx(ctx, func(tx *sql.Tx) error {
		in, err := loadOpeningInput(ctx, tx, q)
		if err != nil {
			return err
		}
		out = findOpenings(in)
		return agendaOpeningChoices(ctx, tx, out)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func validateOpeningQuery(q *OpeningQuery) error {
	fe := clinic.FieldErrors{}
	if !q.From.Valid() {
		fe.Add("from", "Informe a data de início da busca.")
	}
	if q.Weeks == 0 {
		q.Weeks = OpeningDefaultWeeks
	}
	if q.Weeks < OpeningMinWeeks || q.Weeks > OpeningMaxWeeks {
		fe.Add("weeks", fmt.Sprintf("Escolha de %d a %d semanas.",
			OpeningMinWeeks, OpeningMaxWeeks))
	}
	if q.Modality == "" {
		q.Modality = "in_person"
	}
	if q.Modality != "in_person" && q.Modality != "online" {
		fe.Add("modality", "Escolha presencial ou online.")
	}
	if q.Weekday < -1 || q.Weekday > 6 {
		fe.Add("weekday", "Dia da semana inválido.")
	}
	if _, ok := PeriodBounds(q.Period); q.Period != "" && !ok {
		fe.Add("period", "Período inválido.")
	}
	return fe.Err()
}

// openingInput is everything findOpenings needs, read in one transaction.
type openingInput struct {
	q             OpeningQuery
	to            clinic.Date
	psychologists []AgendaPsychologist
	rooms         []AgendaRoom
	psychBusy     map[int64]map[clinic.Date][]clinic.Interval
	roomBusy      map[int64]map[clinic.Date][]clinic.Interval
	// roomUse counts each psychologist's sessions per room in the
	// horizon, so an opening offers her usual room first.
	roomUse  map[int64]map[int64]int
	holidays *clinic.HolidayCalendar
	closures []clinic.ClosedDate
	closed   map[clinic.Date]bool
}

func loadOpeningInput(ctx context.Context, q querier, oq OpeningQuery) (*openingInput, error) {
	in := &openingInput{q: oq, to: oq.From.AddDays(7*oq.Weeks - 1),
		psychBusy: map[int64]map[clinic.Date][]clinic.Interval{},
		roomBusy:  map[int64]map[clinic.Date][]clinic.Interval{},
		roomUse:   map[int64]map[int64]int{},
		closed:    map[clinic.Date]bool{},
	}
	var err error
	if in.psychologists, err = openingPsychologists(ctx, q, oq); err != nil {
		return nil, err
	}
	if err = agendaAvailability(ctx, q, in.psychologists, oq.From, in.to); err != nil {
		return nil, err
	}
	if err = agendaBlocks(ctx, q, in.psychologists, oq.From, in.to); err != nil {
		return nil, err
	}
	if in.rooms, err = agendaRooms(ctx, q, oq.From, in.to); err != nil {
		return nil, err
	}
	if err = openingBusySessions(ctx, q, in); err != nil {
		return nil, err
	}
	if err = openingBusySeries(ctx, q, in); err != nil {
		return nil, err
	}
	if in.holidays, err = agendaHolidays(ctx, q, oq.From.Year, in.to.Year); err != nil {
		return nil, err
	}
	if in.closures, err = agendaClosures(ctx, q, oq.From, in.to); err != nil {
		return nil, err
	}
	for _, c := range in.closures {
		in.closed[c.Date] = true
	}
	return in, nil
}

// openingPsychologists returns the active psychologists matching the
// query's specialty, audience, unit and psychologist, by name.
func openingPsychologists(ctx context.Context, q querier, oq OpeningQuery) ([]AgendaPsychologist, error) {
	var where strings.Builder
	var args []any
	where.WriteString("p.active = 1")
	if oq.PsychologistID != 0 {
		where.WriteString(" AND p.id = ?")
		args = append(args, oq.PsychologistID)
	}
	if oq.SpecialtyID != 0 {
		where.WriteString(` AND EXISTS (SELECT 1 FROM psychologist_specialties x
			WHERE x.psychologist_id = p.id AND x.specialty_id = ?)`)
		args = append(args, oq.SpecialtyID)
	}
	if oq.AudienceID != 0 {
		where.WriteString(` AND EXISTS (SELECT 1 FROM psychologist_audiences x
			WHERE x.psychologist_id = p.id AND x.audience_id = ?)`)
		args = append(args, oq.AudienceID)
	}
	if oq.UnitID != 0 {
		// Linked to no unit means she works in any.
		where.WriteString(` AND (EXISTS (SELECT 1 FROM psychologist_units x
			WHERE x.psychologist_id = p.id AND x.unit_id = ?)
			OR NOT EXISTS (SELECT 1 FROM psychologist_units x
			WHERE x.psychologist_id = p.id))`)
		args = append(args, oq.UnitID)
	}
	rows, err := q.QueryContext(ctx, `SELECT p.id, p.name, p.color,
			p.session_minutes,
			(SELECT group_concat(unit_id) FROM psychologist_units pu
				WHERE pu.psychologist_id = p.id)
		FROM psychologists p WHERE `+where.String()+`
		ORDER BY p.name COLLATE NOCASE, p.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: list psychologists for openings: %w", err)
	}
	defer rows.Close()
	var out []AgendaPsychologist
	for rows.Next() {
		p := AgendaPsychologist{Active: true}
		var units sql.NullString
		if err := rows.Scan(&p.ID, &p.Name, &p.Color, &p.SessionMinutes, &units); err != nil {
			return nil, fmt.Errorf("sqlite: scan psychologist: %w", err)
		}
		if p.UnitIDs, err = agendaParseIDs(units.String); err != nil {
			return nil, fmt.Errorf("sqlite: psychologist %d units: %w", p.ID, err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: list psychologists for openings: %w", err)
	}
	return out, nil
}

// openingBusySessions records the time taken by every session in the
// horizon that is not cancelled. A deleted patient's sessions do not
// count, as no agenda shows them.
func openingBusySessions(ctx context.Context, q querier, in *openingInput) error {
	rows, err := q.QueryContext(ctx, `SELECT s.psychologist_id,
			COALESCE(s.room_id, 0), s.date, s.start_min, s.end_min
		FROM sessions s
		JOIN patients p ON p.id = s.patient_id AND p.deleted_at IS NULL
		WHERE s.date BETWEEN ? AND ? AND s.status NOT IN (?, ?)`,
		in.q.From.String(), in.to.String(),
		agendaCancelledPatient, agendaCancelledClinic)
	if err != nil {
		return fmt.Errorf("sqlite: read busy sessions: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var psyID, roomID int64
		var date string
		var start, end int
		if err := rows.Scan(&psyID, &roomID, &date, &start, &end); err != nil {
			return fmt.Errorf("sqlite: scan busy session: %w", err)
		}
		d, err := clinic.ParseDate(date)
		if err != nil {
			return fmt.Errorf("sqlite: busy session: %w", err)
		}
		in.addBusy(psyID, roomID, d, clinic.Interval{Start: clinic.Clock(start), End: clinic.Clock(end)})
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("sqlite: read busy sessions: %w", err)
	}
	return nil
}

// openingBusySeries records the occurrences of series after their
// materialized_until date, which have no session rows yet but will.
func openingBusySeries(ctx context.Context, q querier, in *openingInput) error {
	rows, err := q.QueryContext(ctx, `SELECT se.psychologist_id,
			COALESCE(se.room_id, 0), se.anchor_date, COALESCE(se.end_date, ''),
			se.frequency, se.starts, se.minutes, se.materialized_until
		FROM series se
		JOIN patients p ON p.id = se.patient_id AND p.deleted_at IS NULL
		WHERE (se.end_date IS NULL OR se.end_date >= ?)
			AND se.materialized_until < ?`, in.q.From.String(), in.to.String())
	if err != nil {
		return fmt.Errorf("sqlite: read series: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var psyID, roomID int64
		var anchor, until, freq, starts, materialized string
		var minutes int
		if err := rows.Scan(&psyID, &roomID, &anchor, &until, &freq, &starts,
			&minutes, &materialized); err != nil {
			return fmt.Errorf("sqlite: scan series: %w", err)
		}
		rec, after, err := agendaRecurrence(anchor, until, freq, starts, minutes, materialized)
		if err != nil {
			return fmt.Errorf("sqlite: series of psychologist %d: %w", psyID, err)
		}
		from := in.q.From
		if after.AddDays(1).After(from) {
			from = after.AddDays(1)
		}
		for _, d := range rec.Occurrences(from, in.to) {
			in.addBusy(psyID, roomID, d, rec.Interval())
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("sqlite: read series: %w", err)
	}
	return nil
}

// agendaRecurrence parses a series row into its recurrence and its
// materialized_until date.
func agendaRecurrence(anchor, until, freq, starts string, minutes int, materialized string) (clinic.Recurrence, clinic.Date, error) {
	var rec clinic.Recurrence
	var err error
	if rec.Anchor, err = clinic.ParseDate(anchor); err != nil {
		return rec, clinic.Date{}, err
	}
	if until != "" {
		if rec.Until, err = clinic.ParseDate(until); err != nil {
			return rec, clinic.Date{}, err
		}
	}
	if rec.Frequency, err = clinic.ParseFrequency(freq); err != nil {
		return rec, clinic.Date{}, err
	}
	if rec.Start, err = clinic.ParseClock(starts); err != nil {
		return rec, clinic.Date{}, err
	}
	rec.Minutes = minutes
	after, err := clinic.ParseDate(materialized)
	if err != nil {
		return rec, clinic.Date{}, err
	}
	return rec, after, rec.Validate()
}

func (in *openingInput) addBusy(psyID, roomID int64, d clinic.Date, iv clinic.Interval) {
	add := func(m map[int64]map[clinic.Date][]clinic.Interval, id int64) {
		if m[id] == nil {
			m[id] = map[clinic.Date][]clinic.Interval{}
		}
		m[id][d] = append(m[id][d], iv)
	}
	add(in.psychBusy, psyID)
	if roomID != 0 {
		add(in.roomBusy, roomID)
		if in.roomUse[psyID] == nil {
			in.roomUse[psyID] = map[int64]int{}
		}
		in.roomUse[psyID][roomID]++
	}
}

func agendaOpeningChoices(ctx context.Context, q querier, out *Openings) error {
	lists := []struct {
		dst   *[]clinic.Choice
		query string
	}{
		{&out.Units, `SELECT id, name FROM units WHERE active = 1
			ORDER BY name COLLATE NOCASE, id`},
		{&out.Specialties, `SELECT id, name FROM specialties
			ORDER BY name COLLATE NOCASE`},
		{&out.Audiences, `SELECT id, name FROM audiences
			ORDER BY name COLLATE NOCASE`},
		{&out.Psychologists, `SELECT id, name FROM psychologists
			WHERE active = 1 ORDER BY name COLLATE NOCASE, id`},
	}
	for _, l := range lists {
		rows, err := q.QueryContext(ctx, l.query)
		if err != nil {
			return fmt.Errorf("sqlite: list choices for openings: %w", err)
		}
		for rows.Next() {
			var c clinic.Choice
			if err := rows.Scan(&c.ID, &c.Name); err != nil {
				rows.Close()
				return fmt.Errorf("sqlite: scan choice: %w", err)
			}
			*l.dst = append(*l.dst, c)
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return fmt.Errorf("sqlite: list choices for openings: %w", err)
		}
	}
	return nil
}

// findOpenings computes the openings from what loadOpeningInput read.
func findOpenings(in *openingInput) *Openings {
	out := &Openings{Query: in.q, Searched: len(in.psychologists),
		ClosedDays: in.holidays.Between(in.q.From, in.to)}
	for _, d := range in.closures {
		if _, holiday := in.holidays.Lookup(d.Date); !holiday {
			out.ClosedDays = append(out.ClosedDays, clinic.Holiday{Date: d.Date, Name: d.Reason, Local: true})
		}
	}
	slices.SortFunc(out.ClosedDays, func(a, b clinic.Holiday) int { return a.Date.Compare(b.Date) })
	for _, p := range in.psychologists {
		if len(p.Weekly) == 0 {
			out.WithoutHours = append(out.WithoutHours, p.Name)
			continue
		}
		for _, w := range openingWeekdays(in.q.Weekday) {
			weekly, biweekly := in.psychologistOpenings(p, w)
			out.Weekly = append(out.Weekly, weekly...)
			out.Biweekly = append(out.Biweekly, biweekly...)
		}
	}
	return out
}

// openingWeekdays returns the weekdays searched, Monday first.
func openingWeekdays(weekday int) []time.Weekday {
	if weekday >= 0 {
		return []time.Weekday{time.Weekday(weekday)}
	}
	return []time.Weekday{time.Monday, time.Tuesday, time.Wednesday,
		time.Thursday, time.Friday, time.Saturday, time.Sunday}
}

// openingWeek is one date of the horizon on the weekday searched.
type openingWeek struct {
	date    clinic.Date
	skipped bool
}

// psychologistOpenings returns p's weekly and biweekly openings on w.
func (in *openingInput) psychologistOpenings(p AgendaPsychologist, w time.Weekday) (weekly, biweekly []Opening) {
	weeks, skipped := in.weeksOn(p, w)
	if len(skipped) == len(weeks) {
		return nil, nil
	}
	minutes := p.SessionMinutes
	if minutes <= 0 {
		minutes = 50
	}
	for _, g := range in.hourGroups(p, w) {
		for _, start := range in.candidateStarts(p, g, weeks, minutes) {
			iv := clinic.Interval{Start: start, End: start.Add(minutes)}
			base := Opening{PsychologistID: p.ID, PsychologistName: p.Name,
				Color: p.Color, Weekday: w, Start: iv.Start, End: iv.End,
				Skipped: skipped}
			psychFree := in.freeWeeks(in.psychBusy[p.ID], weeks, iv)
			if in.q.Modality == "online" {
				weekly, biweekly = openingAppendPattern(weekly, biweekly, base, weeks, psychFree, nil)
				continue
			}
			var rooms []openingRoomFit
			for _, r := range g.rooms {
				if open, ok := r.Hours[w]; !ok || !open.Contains(iv) {
					continue
				}
				roomFree := in.freeWeeks(in.roomBusy[r.ID], weeks, iv)
				for i := range roomFree {
					roomFree[i] = roomFree[i] && psychFree[i]
				}
				rooms = append(rooms, openingRoomFit{room: r, free: roomFree})
			}
			weekly, biweekly = openingAppendPattern(weekly, biweekly, base, weeks, nil, rooms)
		}
	}
	return weekly, biweekly
}

// weeksOn returns the dates on w in the horizon, marking those skipped
// because of a holiday, a clinic closure or a block of p.
func (in *openingInput) weeksOn(p AgendaPsychologist, w time.Weekday) ([]openingWeek, []clinic.Date) {
	first := in.q.From.AddDays((int(w) - int(in.q.From.Weekday()) + 7) % 7)
	weeks := make([]openingWeek, 0, in.q.Weeks)
	var skipped []clinic.Date
	for i := 0; i < in.q.Weeks; i++ {
		d := first.AddDays(7 * i)
		_, holiday := in.holidays.Lookup(d)
		_, blocked := p.BlockOn(d)
		skip := holiday || blocked || in.closed[d]
		if skip {
			skipped = append(skipped, d)
		}
		weeks = append(weeks, openingWeek{date: d, skipped: skip})
	}
	return weeks, skipped
}

// openingHourGroup is a psychologist's merged hours on a weekday in one
// unit, with the rooms she may use there.
type openingHourGroup struct {
	hours []clinic.Interval
	rooms []AgendaRoom
}

// hourGroups splits p's hours on w by unit. A range with no unit may use
// the rooms of every unit p works in, and the query's unit narrows both.
// Online sessions need no room, so all ranges form one group.
func (in *openingInput) hourGroups(p AgendaPsychologist, w time.Weekday) []openingHourGroup {
	byUnit := map[int64][]clinic.Interval{}
	var units []int64
	for _, h := range p.Weekly {
		if h.Weekday != w || (in.q.UnitID != 0 && h.UnitID != 0 && h.UnitID != in.q.UnitID) {
			continue
		}
		key := h.UnitID
		if in.q.Modality == "online" {
			key = 0
		}
		if _, seen := byUnit[key]; !seen {
			units = append(units, key)
		}
		byUnit[key] = append(byUnit[key], h.Interval)
	}
	slices.Sort(units)
	groups := make([]openingHourGroup, 0, len(units))
	for _, u := range units {
		g := openingHourGroup{hours: clinic.MergeIntervals(byUnit[u])}
		if in.q.Modality != "online" {
			g.rooms = in.roomsFor(p, u)
		}
		groups = append(groups, g)
	}
	return groups
}

// roomsFor returns the active rooms for p's hours in unit (0: any unit p
// works in), within the query's unit, the rooms she uses most first.
func (in *openingInput) roomsFor(p AgendaPsychologist, unit int64) []AgendaRoom {
	var out []AgendaRoom
	for _, r := range in.rooms {
		switch {
		case !r.Active:
		case in.q.UnitID != 0 && r.UnitID != in.q.UnitID:
		case unit != 0 && r.UnitID != unit:
		case unit == 0 && !p.InUnit(r.UnitID):
		default:
			out = append(out, r)
		}
	}
	use := in.roomUse[p.ID]
	slices.SortStableFunc(out, func(a, b AgendaRoom) int { return use[b.ID] - use[a.ID] })
	return out
}

// candidateStarts returns the start times worth trying in g: back-to-back
// sessions from the start of each range, the end of each of p's sessions
// in the horizon (so an opening can follow a booking directly) and each
// room's opening time, kept when the session fits in the range and
// starts in the query's period.
func (in *openingInput) candidateStarts(p AgendaPsychologist, g openingHourGroup, weeks []openingWeek, minutes int) []clinic.Clock {
	period, hasPeriod := PeriodBounds(in.q.Period)
	seen := map[clinic.Clock]bool{}
	var out []clinic.Clock
	try := func(iv clinic.Interval, start clinic.Clock) {
		fits := start >= iv.Start && start.Add(minutes) <= iv.End
		inPeriod := !hasPeriod || (start >= period.Start && start < period.End)
		if fits && inPeriod && !seen[start] {
			seen[start] = true
			out = append(out, start)
		}
	}
	for _, iv := range g.hours {
		for s := iv.Start; s.Add(minutes) <= iv.End; s = s.Add(minutes) {
			try(iv, s)
		}
		for _, wk := range weeks {
			for _, b := range in.psychBusy[p.ID][wk.date] {
				try(iv, b.End)
			}
		}
		for _, r := range g.rooms {
			if open, ok := r.Hours[weeks[0].date.Weekday()]; ok {
				try(iv, open.Start)
			}
		}
	}
	slices.Sort(out)
	return out
}

// freeWeeks reports, per week, whether iv is clear of busy on that date.
// Skipped weeks count as free, because openingAppendPattern ignores them.
func (in *openingInput) freeWeeks(busy map[clinic.Date][]clinic.Interval, weeks []openingWeek, iv clinic.Interval) []bool {
	free := make([]bool, len(weeks))
	for i, wk := range weeks {
		free[i] = true
		if wk.skipped {
			continue
		}
		for _, b := range busy[wk.date] {
			if clinic.Overlaps(b, iv) {
				free[i] = false
				break
			}
		}
	}
	return free
}

// openingRoomFit is a room and, per week, whether the room and the
// psychologist are both free.
type openingRoomFit struct {
	room AgendaRoom
	free []bool
}

// openingAppendPattern classifies one candidate time, by free (the
// psychologist's weeks) online and by rooms in person. A time free in
// every counted week is a weekly opening. Otherwise each parity of weeks
// (0: the first, third, ... date) free in all its counted weeks is a
// biweekly opening.
func openingAppendPattern(weekly, biweekly []Opening, base Opening, weeks []openingWeek, free []bool, rooms []openingRoomFit) ([]Opening, []Opening) {
	if rooms == nil && free != nil {
		rooms = []openingRoomFit{{free: free}}
	}
	if fit := openingFitsWeeks(rooms, weeks, 1, 0); len(fit) > 0 {
		return append(weekly, openingWithRooms(base, fit, weeks, 1, 0, clinic.Weekly)), biweekly
	}
	for parity := 0; parity < 2; parity++ {
		if fit := openingFitsWeeks(rooms, weeks, 2, parity); len(fit) > 0 {
			biweekly = append(biweekly, openingWithRooms(base, fit, weeks, 2, parity, clinic.Biweekly))
		}
	}
	return weekly, biweekly
}

// openingFitsWeeks returns the rooms free on every counted week i with
// i % step == parity, given at least one such week is counted.
func openingFitsWeeks(rooms []openingRoomFit, weeks []openingWeek, step, parity int) []openingRoomFit {
	var out []openingRoomFit
	for _, r := range rooms {
		counted, ok := 0, true
		for i := parity; i < len(weeks); i += step {
			if weeks[i].skipped {
				continue
			}
			counted++
			if !r.free[i] {
				ok = false
				break
			}
		}
		if ok && counted > 0 {
			out = append(out, r)
		}
	}
	return out
}

func openingWithRooms(base Opening, fit []openingRoomFit, weeks []openingWeek, step, parity int, f clinic.Frequency) Opening {
	o := base
	o.Frequency = f
	for i := parity; i < len(weeks); i += step {
		if !weeks[i].skipped {
			o.FirstDate = weeks[i].date
			break
		}
	}
	if r := fit[0].room; r.ID != 0 {
		o.RoomID, o.RoomName, o.UnitName = r.ID, r.Name, r.UnitName
		o.OtherRooms = len(fit) - 1
	}
	return o
}

// OpeningChoices returns an empty answer with only the choices of the
// free-slot finder's form, for showing the form again after an invalid
// query.
func (db *DB) OpeningChoices(ctx context.Context) (*Openings, error) {
	out := &Openings{}
	err := db.ReadTx(ctx, func(tx *sql.Tx) error {
		return agendaOpeningChoices(ctx, tx, out)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
