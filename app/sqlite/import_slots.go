package sqlite

import (
	"context"
	"fmt"
	"time"

	"kpsicologia/app/clinic"
	"kpsicologia/app/importer"
)

// warnPatients notes on each accepted patient row whose main psychologist
// cannot be linked that the patient is imported without one.
func warnPatients(rep *ImportReport) {
	byKey := map[string]ImportPsychologist{}
	for _, p := range rep.Psychologists {
		byKey[p.Key] = p
	}
	for i, p := range rep.Patients {
		if !p.Accepted || p.PsychologistKey == "" {
			continue
		}
		psy := byKey[p.PsychologistKey]
		switch {
		case psy.Ambiguous:
			rep.Patients[i].Warning = fmt.Sprintf("Há mais de uma psicóloga "+
				"cadastrada como %s: o paciente fica sem psicóloga principal; "+
				"escolha-a depois, no cadastro dele.", p.Psychologist)
		case psy.MatchID != 0 && !psy.MatchActive:
			rep.Patients[i].Warning = fmt.Sprintf("%s está inativa: o "+
				"paciente fica sem psicóloga principal.", psy.MatchName)
		case psy.MatchID == 0 && !psy.Create:
			rep.Patients[i].Warning = fmt.Sprintf("%s não será cadastrada: "+
				"o paciente fica sem psicóloga principal.", p.Psychologist)
		}
	}
}

// placeableSlot reports whether the database checks decide on an agenda
// row: a row the importer accepted, or one it rejected only for a clash
// with another row of the file. Such a clash is checked again together
// with the agenda, because the row it clashed with may itself be
// rejected by the database checks.
func placeableSlot(row importer.SlotRow) bool {
	return row.Accepted || row.Code == importer.CodeConflict
}

// planSlots turns the agenda rows into series: each row needs its
// patient, a psychologist and a room that exist or will be created, and
// no clash with the agenda or with the rows accepted before it.
func planSlots(rep *ImportReport, st *importState, busy *importBusy,
	wb *importer.Workbook, today clinic.Date) {
	psychologists := map[string]ImportPsychologist{}
	for _, p := range rep.Psychologists {
		psychologists[p.Key] = p
	}
	rooms := map[string]ImportRoom{}
	for _, r := range rep.Rooms {
		rooms[r.Key] = r
	}
	patientRows := map[int][]int{}
	for i, p := range wb.Patients {
		if p.Accepted {
			patientRows[p.Row] = append(patientRows[p.Row], i)
		}
	}

	rep.Slots = make([]ImportAgendaRow, len(wb.Slots))
	for i, row := range wb.Slots {
		s := ImportAgendaRow{SlotRow: row, patientIndex: -1}
		if placeableSlot(row) {
			s.Accepted = true
			s.Code, s.Message, s.Column = "", "", ""
			s.Conflict, s.ConflictRow, s.Parity = "", 0, 0
			s.PsychologistKey = importer.PsychologistKey(row.Psychologist)
			if row.Room != "" {
				s.RoomKey = clinic.Fold(row.Room)
			}
			ok := linkSlotPatient(&s, rep, st, wb, patientRows[row.PatientRow]) &&
				checkSlotPsychologist(&s, psychologists[s.PsychologistKey], wb) &&
				checkSlotRoom(&s, rooms[s.RoomKey], wb)
			if ok {
				busy.place(&s, psychologists[s.PsychologistKey],
					rooms[s.RoomKey], wb, today)
			}
		}
		rep.Slots[i] = s
	}
}

// importAnchor returns the first day on or after today with weekday w.
func importAnchor(today clinic.Date, w time.Weekday) clinic.Date {
	return today.AddDays((int(w) - int(today.Weekday()) + 7) % 7)
}

func (s *ImportAgendaRow) reject(code, column, message string) {
	s.Accepted = false
	s.Code = code
	s.Column = column
	s.Message = fmt.Sprintf("Coluna %q: %s", column, message)
}

// linkSlotPatient finds the patient a row books: the file's patient row
// (new, or the registered patient it repeats), or for a file without a
// patient sheet the registered patient of that name.
func linkSlotPatient(s *ImportAgendaRow, rep *ImportReport, st *importState,
	wb *importer.Workbook, candidates []int) bool {
	column := wb.Header(s.Sheet, importer.ColumnPatient, "Paciente")
	if s.PatientRow == 0 {
		return linkRegisteredPatient(s, st, column)
	}
	index := -1
	for _, i := range candidates {
		p := wb.Patients[i]
		if importNameKey(p.Name) == importNameKey(s.Patient) ||
			clinic.Fold(p.Name) == clinic.Fold(s.Patient) {
			index = i
			break
		}
	}
	if index < 0 {
		// The importer links every accepted slot of a file with patient
		// sheets to an accepted patient row, so this is a broken link.
		s.reject(importer.CodeUnknownPatient, column, "Esse nome não está "+
			"na lista de pacientes. Confira a grafia.")
		return false
	}
	p := rep.Patients[index]
	switch {
	case p.Accepted:
		s.patientIndex = index
		s.PatientName = p.Name
		s.priceCents = p.PriceCents
	case p.Existing.ID != 0 && !p.Existing.Deleted():
		s.PatientID = p.Existing.ID
		s.PatientName = p.Existing.Name
		s.priceCents = p.existingPrice
	case p.Existing.Deleted():
		s.reject(importer.CodeRejectedPatient, column, fmt.Sprintf(
			"%s foi excluído do cadastro em %s (linha %d da aba %q). "+
				"Restaure o cadastro e importe a planilha de novo.",
			p.Existing.Name, clinic.FormatDateBR(p.Existing.DeletedOn),
			p.Row, p.Sheet))
		return false
	default:
		s.reject(importer.CodeRejectedPatient, column, fmt.Sprintf(
			"O paciente está na linha %d da aba %q, que foi recusada. "+
				"Corrija aquela linha e importe a planilha de novo.",
			p.Row, p.Sheet))
		return false
	}
	return true
}

// linkRegisteredPatient links a row of an agenda-only file to the
// registered patient with that name, ignoring case and spacing, or
// accents when that leaves one patient.
func linkRegisteredPatient(s *ImportAgendaRow, st *importState, column string) bool {
	matches := st.byName[importNameKey(s.Patient)]
	if len(matches) == 0 {
		matches = st.byFolded[clinic.Fold(s.Patient)]
	}
	switch len(matches) {
	case 1:
		s.PatientID = matches[0].id
		s.PatientName = matches[0].name
		s.priceCents = matches[0].priceCents
		return true
	case 0:
		s.reject(importer.CodeUnknownPatient, column, "Esse nome não está "+
			"no cadastro de pacientes. Confira a grafia, cadastre o "+
			"paciente ou acrescente uma aba de pacientes à planilha.")
	default:
		s.reject(importer.CodeAmbiguousPatient, column, fmt.Sprintf(
			"Há %d pacientes cadastrados com esse nome. Marque esse "+
				"horário depois, na agenda do paciente certo.", len(matches)))
	}
	return false
}

func checkSlotPsychologist(s *ImportAgendaRow, p ImportPsychologist, wb *importer.Workbook) bool {
	column := wb.Header(s.Sheet, importer.ColumnPsychologist, "Psicóloga")
	switch {
	case p.Ambiguous:
		s.reject(ImportCodeAmbiguousPsychologist, column, fmt.Sprintf(
			"Há mais de uma psicóloga cadastrada como %s. Marque esse "+
				"horário depois, na agenda da psicóloga certa.", s.Psychologist))
	case p.MatchID != 0 && !p.MatchActive:
		s.reject(ImportCodeInactivePsychologist, column, fmt.Sprintf(
			"%s está inativa. Reative o cadastro dela em Psicólogas e "+
				"importe de novo, ou marque o horário com outra psicóloga.",
			p.MatchName))
	case p.MatchID == 0 && !p.Create:
		s.reject(ImportCodeUnknownPsychologist, column, fmt.Sprintf(
			"%s não está cadastrada. Marque \"Cadastrar\" ao lado do nome "+
				"dela na prévia, ou cadastre-a em Psicólogas.", s.Psychologist))
	default:
		return true
	}
	return false
}

func checkSlotRoom(s *ImportAgendaRow, r ImportRoom, wb *importer.Workbook) bool {
	if s.Online {
		return true
	}
	column := wb.Header(s.Sheet, importer.ColumnRoom, "Sala")
	switch {
	case s.RoomKey == "":
		// The agenda books an in-person session in a room, so a blank
		// cell is not read as online.
		s.reject(ImportCodeMissingRoom, column, "Está em branco. Digite a "+
			"sala, por exemplo Sala 1, ou Online para sessões online.")
	case r.MatchID != 0 && !r.MatchActive:
		s.reject(ImportCodeInactiveRoom, column, fmt.Sprintf(
			"A sala %s (%s) está desativada. Reative-a em Unidades e salas "+
				"e importe de novo.", r.MatchName, r.MatchUnit))
	case r.MatchID == 0 && !r.Create:
		s.reject(ImportCodeUnknownRoom, column, fmt.Sprintf(
			"A sala %s não está cadastrada. Marque \"Criar\" ao lado dela "+
				"na prévia, ou cadastre-a em Unidades e salas.", s.Room))
	default:
		return true
	}
	return false
}

// importBooking is something that keeps a psychologist, a room or a
// patient busy: a dated session in the database, the future occurrences
// of a series, or a series accepted earlier in the same import.
type importBooking struct {
	// single is a dated session on date; otherwise rec gives the
	// occurrences on or after from.
	single   bool
	date     clinic.Date
	interval clinic.Interval
	rec      clinic.Recurrence
	from     clinic.Date
	// row is the file row of a series from this import, 0 for the
	// database.
	row int

	patient, psychologist, room string
}

// importBusy indexes bookings by resource and weekday: a new series only
// clashes with bookings on its own weekday.
type importBusy struct {
	byKey map[string][]*importBooking
}

// busyKey identifies a resource on a weekday: "psy:3|1" is psychologist
// 3 on Mondays, "psy+marina tavares|1" one the import creates.
func busyKey(resource string, w time.Weekday) string {
	return fmt.Sprintf("%s|%d", resource, w)
}

func (b *importBusy) add(resource string, w time.Weekday, booking *importBooking) {
	if resource == "" {
		return
	}
	key := busyKey(resource, w)
	b.byKey[key] = append(b.byKey[key], booking)
}

// loadImportBusy reads the sessions from today on and the occurrences of
// series past their last dated session. It skips deleted patients, ended
// series and the sessions whose status frees their time
// (nonBlockingStatuses, as the scheduling area's conflict check does).
func loadImportBusy(ctx context.Context, q querier, today clinic.Date) (*importBusy, error) {
	b := &importBusy{byKey: map[string][]*importBooking{}}
	rows, err := q.QueryContext(ctx, `SELECT s.date, s.start_min, s.end_min,
		s.psychologist_id, coalesce(s.room_id, 0), s.patient_id,
		CASE WHEN p.social_name <> '' THEN p.social_name ELSE p.name END,
		ps.name, coalesce(r.name, '')
		FROM sessions s
		JOIN patients p ON p.id = s.patient_id
		JOIN psychologists ps ON ps.id = s.psychologist_id
		LEFT JOIN rooms r ON r.id = s.room_id
		WHERE s.date >= ? AND p.deleted_at IS NULL
		AND s.status NOT IN `+nonBlockingStatuses, today.String())
	if err != nil {
		return nil, fmt.Errorf("sqlite: list sessions for import: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var date string
		var start, end int
		var psyID, roomID, patientID int64
		bk := &importBooking{single: true}
		err := rows.Scan(&date, &start, &end, &psyID, &roomID, &patientID,
			&bk.patient, &bk.psychologist, &bk.room)
		if err != nil {
			return nil, fmt.Errorf("sqlite: scan session for import: %w", err)
		}
		if bk.date, err = clinic.ParseDate(date); err != nil {
			continue // a damaged date cannot clash with anything
		}
		bk.interval = clinic.Interval{Start: clinic.Clock(start), End: clinic.Clock(end)}
		b.addAll(bk, bk.date.Weekday(), psyID, roomID, patientID)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: list sessions for import: %w", err)
	}
	return b, b.loadSeries(ctx, q, today)
}

func (b *importBusy) loadSeries(ctx context.Context, q querier, today clinic.Date) error {
	rows, err := q.QueryContext(ctx, `SELECT se.anchor_date,
		coalesce(se.end_date, ''), se.frequency, se.starts, se.minutes,
		se.materialized_until, se.psychologist_id, coalesce(se.room_id, 0),
		se.patient_id,
		CASE WHEN p.social_name <> '' THEN p.social_name ELSE p.name END,
		ps.name, coalesce(r.name, '')
		FROM series se
		JOIN patients p ON p.id = se.patient_id
		JOIN psychologists ps ON ps.id = se.psychologist_id
		LEFT JOIN rooms r ON r.id = se.room_id
		WHERE (se.end_date IS NULL OR se.end_date >= ?1)
		AND (se.end_date IS NULL OR se.end_date > se.materialized_until)
		AND p.deleted_at IS NULL`, today.String())
	if err != nil {
		return fmt.Errorf("sqlite: list series for import: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var anchor, until, freq, starts, materialized string
		var minutes int
		var psyID, roomID, patientID int64
		bk := &importBooking{}
		err := rows.Scan(&anchor, &until, &freq, &starts, &minutes,
			&materialized, &psyID, &roomID, &patientID, &bk.patient,
			&bk.psychologist, &bk.room)
		if err != nil {
			return fmt.Errorf("sqlite: scan series for import: %w", err)
		}
		rec, from, ok := seriesBooking(anchor, until, freq, starts, minutes, materialized)
		if !ok {
			continue // a damaged series cannot be checked
		}
		if from.Before(today) {
			from = today
		}
		bk.rec, bk.from = rec, from
		b.addAll(bk, rec.Weekday(), psyID, roomID, patientID)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("sqlite: list series for import: %w", err)
	}
	return nil
}

// seriesBooking returns a stored series' recurrence and the first date
// that has no dated session yet.
func seriesBooking(anchor, until, freq, starts string, minutes int,
	materialized string) (clinic.Recurrence, clinic.Date, bool) {
	var rec clinic.Recurrence
	var err error
	if rec.Anchor, err = clinic.ParseDate(anchor); err != nil {
		return rec, clinic.Date{}, false
	}
	if until != "" {
		if rec.Until, err = clinic.ParseDate(until); err != nil {
			return rec, clinic.Date{}, false
		}
	}
	if rec.Start, err = clinic.ParseClock(starts); err != nil {
		return rec, clinic.Date{}, false
	}
	rec.Frequency = clinic.Frequency(freq)
	rec.Minutes = minutes
	if rec.Validate() != nil {
		return rec, clinic.Date{}, false
	}
	from := rec.Anchor
	if done, err := clinic.ParseDate(materialized); err == nil && !done.Before(from) {
		from = done.AddDays(1)
	}
	return rec, from, true
}

func (b *importBusy) addAll(bk *importBooking, w time.Weekday, psyID, roomID, patientID int64) {
	b.add(fmt.Sprintf("psy:%d", psyID), w, bk)
	if roomID != 0 {
		b.add(fmt.Sprintf("room:%d", roomID), w, bk)
	}
	b.add(fmt.Sprintf("pat:%d", patientID), w, bk)
}

// slotResources returns the busy keys of a row's psychologist, room and
// patient, in the order conflicts are reported. The room's key is "" for
// an online session or a row without a room.
func slotResources(s *ImportAgendaRow, psy ImportPsychologist, room ImportRoom) [3]string {
	var keys [3]string
	if psy.MatchID != 0 {
		keys[0] = fmt.Sprintf("psy:%d", psy.MatchID)
	} else {
		keys[0] = "psy+" + psy.Key
	}
	switch {
	case s.RoomKey == "":
	case room.MatchID != 0:
		keys[1] = fmt.Sprintf("room:%d", room.MatchID)
	default:
		keys[1] = "room+" + room.Key
	}
	if s.PatientID != 0 {
		keys[2] = fmt.Sprintf("pat:%d", s.PatientID)
	} else {
		keys[2] = fmt.Sprintf("pat+%d", s.patientIndex)
	}
	return keys
}

var conflictKinds = [3]string{importer.ConflictPsychologist,
	importer.ConflictRoom, importer.ConflictPatient}

// importClash is the booking that keeps a new series out, the kind of
// resource they share (an index into conflictKinds) and their first
// common date.
type importClash struct {
	kind    int
	booking *importBooking
	date    clinic.Date
}

// before reports whether c is the clash to report rather than d: the
// psychologist's before the room's and the patient's, then a booking in
// the database before a row of the file, then the earlier date or row.
func (c importClash) before(d importClash) bool {
	switch {
	case c.kind != d.kind:
		return c.kind < d.kind
	case (c.booking.row == 0) != (d.booking.row == 0):
		return c.booking.row == 0
	case c.booking.row == 0:
		return c.date.Before(d.date)
	}
	return c.booking.row < d.booking.row
}

// place books s on the first date with its weekday from today, or for a
// biweekly row on the week after when the first week is taken, so two
// biweekly rows at the same time alternate. When both weeks (or the only
// week of a weekly row) clash, it rejects s with the clash to report. A
// biweekly row whose patient already has a session at that time in the
// agenda is not moved to the other week.
func (b *importBusy) place(s *ImportAgendaRow, psy ImportPsychologist, room ImportRoom,
	wb *importer.Workbook, today clinic.Date) {
	keys := slotResources(s, psy, room)
	first := importAnchor(today, s.Weekday)
	weeks := 1
	if s.Frequency == importer.Biweekly {
		weeks = 2
	}
	var best *importClash
	for parity := 0; parity < weeks; parity++ {
		rec := clinic.Recurrence{
			Anchor:    first.AddDays(7 * parity),
			Frequency: clinic.Frequency(s.Frequency),
			Start:     clinic.MustClock(s.Start),
			Minutes:   s.Minutes,
		}
		c, found := b.firstClash(rec, keys, s.Weekday)
		if found && parity == 0 && b.bookedInAgenda(rec, keys[2], s.Weekday) {
			// The patient already has a session at this time in the
			// agenda, most likely this very series from an earlier
			// import: the other week would book it a second time.
			weeks = 1
		}
		if !found {
			s.Anchor, s.Parity = rec.Anchor.String(), parity
			bk := &importBooking{rec: rec, from: rec.Anchor, row: s.Row,
				patient: s.PatientName, psychologist: s.Psychologist, room: s.Room}
			for _, resource := range keys {
				b.add(resource, s.Weekday, bk)
			}
			return
		}
		if best == nil || c.before(*best) {
			best = &c
		}
	}
	s.rejectConflict(*best, weeks == 2, wb)
}

// bookedInAgenda reports whether the patient's resource key has a
// booking in the database that clashes with rec.
func (b *importBusy) bookedInAgenda(rec clinic.Recurrence, patient string, w time.Weekday) bool {
	for _, bk := range b.byKey[busyKey(patient, w)] {
		if _, ok := bk.clash(rec); ok && bk.row == 0 {
			return true
		}
	}
	return false
}

// firstClash returns the clash of the new series rec to report, if any.
func (b *importBusy) firstClash(rec clinic.Recurrence, keys [3]string, w time.Weekday) (importClash, bool) {
	for k, resource := range keys {
		if resource == "" {
			continue
		}
		var best *importClash
		for _, bk := range b.byKey[busyKey(resource, w)] {
			date, ok := bk.clash(rec)
			if !ok {
				continue
			}
			c := importClash{kind: k, booking: bk, date: date}
			if best == nil || c.before(*best) {
				best = &c
			}
		}
		if best != nil {
			return *best, true
		}
	}
	return importClash{}, false
}

// clash returns the first date on which the new series rec and bk
// overlap.
func (bk *importBooking) clash(rec clinic.Recurrence) (clinic.Date, bool) {
	if bk.single {
		if !bk.date.Before(rec.Anchor) && rec.OccursOn(bk.date) &&
			clinic.Overlaps(rec.Interval(), bk.interval) {
			return bk.date, true
		}
		return clinic.Date{}, false
	}
	return clinic.ClashOnOrAfter(rec, bk.rec, bk.from)
}

func (s *ImportAgendaRow) rejectConflict(c importClash, biweekly bool, wb *importer.Workbook) {
	bk := c.booking
	interval := bk.interval
	if !bk.single {
		interval = bk.rec.Interval()
	}
	when := fmt.Sprintf("%s, %s, das %s às %s", clinic.WeekdayName(c.date.Weekday()),
		c.date.Brazilian(), interval.Start, interval.End)

	where := "Na agenda"
	if bk.row != 0 {
		where = fmt.Sprintf("Na linha %d", bk.row)
	}
	both := ""
	if biweekly {
		both = " As duas semanas da quinzena estão ocupadas nesse horário."
	}

	kind := conflictKinds[c.kind]
	var message string
	switch kind {
	case importer.ConflictPsychologist:
		message = fmt.Sprintf("%s, %s já atende %s nesse horário (%s).%s "+
			"Escolha outro horário ou outro dia.", where, bk.psychologist,
			bk.patient, when, both)
	case importer.ConflictRoom:
		message = fmt.Sprintf("%s, a sala %s já está ocupada nesse horário "+
			"por %s com %s (%s).%s Escolha outra sala, outro horário ou outro "+
			"dia.", where, bk.room, bk.patient, bk.psychologist, when, both)
	default:
		message = fmt.Sprintf("%s, %s já tem sessão com %s nesse horário "+
			"(%s).%s Escolha outro horário ou outro dia.", where, bk.patient,
			bk.psychologist, when, both)
	}

	s.reject(importer.CodeConflict, wb.Header(s.Sheet, importer.ColumnTime, "Horário"), message)
	s.Conflict = kind
	s.ConflictRow = bk.row
	if bk.row == 0 {
		s.ConflictDate = c.date.String()
	}
}
