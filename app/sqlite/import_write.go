package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"kpsicologia/app/clinic"
)

// The inserts below are the import's own, because the registry's and the
// scheduling area's store methods each open their own transaction and
// write their own audit entry, while an import must be one transaction
// with one audit entry.
//
// TODO: fold these inserts into transaction-taking variants of
// CreatePsychologist, CreateRoom, CreatePatient and the series creation
// of the scheduling area once those exist.

// importSessionWeeks is how many weeks from the import date the sessions
// of a new series are written as rows; series.materialized_until records
// the last such date, and later dates are the scheduling area's to add.
const importSessionWeeks = 12

// importColors are the colours given to created psychologists in turn,
// so their agenda blocks differ until someone picks colours.
var importColors = []string{"#2f6f73", "#7b4fa0", "#c0583c", "#3d6fb6",
	"#8a6d1f", "#b0407a", "#3f8f4e", "#6d5acf", "#a14d4d", "#1f7a99"}

// writeImport writes what rep plans, inside tx, filling in the new ids
// and rep.Counts.Sessions.
func (db *DB) writeImport(ctx context.Context, tx *sql.Tx, who clinic.Actor, rep *ImportReport) error {
	if err := db.writeImportPsychologists(ctx, tx, rep); err != nil {
		return err
	}
	if err := writeImportRooms(ctx, tx, rep); err != nil {
		return err
	}
	if err := db.writeImportPatients(ctx, tx, rep); err != nil {
		return err
	}
	return db.writeImportSeries(ctx, tx, who, rep)
}

func (db *DB) writeImportPsychologists(ctx context.Context, tx *sql.Tx, rep *ImportReport) error {
	var existing int
	err := tx.QueryRowContext(ctx, "SELECT count(*) FROM psychologists").Scan(&existing)
	if err != nil {
		return fmt.Errorf("sqlite: count psychologists: %w", err)
	}
	now := db.nowText()
	for i, p := range rep.Psychologists {
		if !p.Create || p.Rows == 0 {
			continue
		}
		fields := Psychologist{Name: p.NewName}
		color := importColors[(existing+i)%len(importColors)]
		res, err := tx.ExecContext(ctx, `INSERT INTO psychologists (name,
			search_text, color, session_minutes, active, created_at,
			updated_at) VALUES (?, ?, ?, ?, 1, ?, ?)`, p.NewName,
			psychologistSearchKey(fields), color, ImportSessionMinutes, now, now)
		if err != nil {
			return fmt.Errorf("sqlite: insert psychologist %q: %w", p.NewName, err)
		}
		if rep.Psychologists[i].CreatedID, err = res.LastInsertId(); err != nil {
			return fmt.Errorf("sqlite: insert psychologist: %w", err)
		}
	}
	return nil
}

func writeImportRooms(ctx context.Context, tx *sql.Tx, rep *ImportReport) error {
	if rep.Counts.RoomsCreated == 0 {
		return nil
	}
	unitID := rep.UnitID
	if unitID == 0 {
		var err error
		if unitID, err = insertImportUnit(ctx, tx, rep.NewUnit); err != nil {
			return err
		}
	}
	for i, r := range rep.Rooms {
		if !r.Create || r.Rows == 0 {
			continue
		}
		if err := checkRoomName(ctx, tx, unitID, r.Name, 0); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO rooms (unit_id, name,
			active) VALUES (?, ?, 1)`, unitID, r.Name)
		if err != nil {
			return fmt.Errorf("sqlite: insert room %q: %w", r.Name, err)
		}
		id, err := res.LastInsertId()
		if err != nil {
			return fmt.Errorf("sqlite: insert room: %w", err)
		}
		rep.Rooms[i].CreatedID = id
		if err := writeRoomHours(ctx, tx, id, importRoomHours(rep, r.Key)); err != nil {
			return err
		}
	}
	return nil
}

// insertImportUnit creates the unit for new rooms when the clinic has no
// active unit.
func insertImportUnit(ctx context.Context, tx *sql.Tx, name string) (int64, error) {
	if err := checkUnitName(ctx, tx, name, 0); err != nil {
		var ce *clinic.Error
		if errors.As(err, &ce) {
			msg := fmt.Sprintf("Já existe uma unidade chamada %s, desativada. "+
				"Reative-a em Unidades e salas, ou digite outro nome.", name)
			return 0, &clinic.Error{Code: clinic.ErrConflict, Message: msg,
				Fields: clinic.FieldErrors{"new_unit": msg}}
		}
		return 0, err
	}
	res, err := tx.ExecContext(ctx, "INSERT INTO units (name, active) VALUES (?, 1)", name)
	if err != nil {
		return 0, fmt.Errorf("sqlite: insert unit %q: %w", name, err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, fmt.Errorf("sqlite: insert unit: %w", err)
	}
	return id, nil
}

// importRoomHours returns a new room's opening hours: the usual ones
// (DefaultRoomHours), widened to hold every imported session in the
// room, so the import does not book the room outside its own hours.
func importRoomHours(rep *ImportReport, key string) [7]DayHours {
	hours := DefaultRoomHours()
	for _, s := range rep.Slots {
		if !s.Accepted || s.RoomKey != key {
			continue
		}
		start := clinic.MustClock(s.Start)
		end := start.Add(s.Minutes)
		day := &hours[s.Weekday]
		if day.Closed() {
			*day = DayHours{Opens: start.String(), Closes: end.String()}
			continue
		}
		if opens := clinic.MustClock(day.Opens); start < opens {
			day.Opens = start.String()
		}
		if closes := clinic.MustClock(day.Closes); end > closes {
			day.Closes = end.String()
		}
	}
	return hours
}

func (db *DB) writeImportPatients(ctx context.Context, tx *sql.Tx, rep *ImportReport) error {
	psychologists := map[string]ImportPsychologist{}
	for _, p := range rep.Psychologists {
		psychologists[p.Key] = p
	}
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO patients (name,
		social_name, search_text, birth_date, phone, email, cpf,
		guardian_name, guardian_cpf, guardian_phone, price_cents, frequency,
		psychologist_id, notes, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return fmt.Errorf("sqlite: prepare patient insert: %w", err)
	}
	defer stmt.Close()
	now := db.nowText()
	for i, row := range rep.Patients {
		if !row.Accepted {
			continue
		}
		psy := psychologists[row.PsychologistKey]
		var psyID int64
		if psy.ID() != 0 && (psy.CreatedID != 0 || psy.MatchActive) {
			psyID = psy.ID()
		}
		p := Patient{Name: row.Name, SocialName: row.SocialName,
			BirthDate: row.BirthDate, Phone: row.Phone, Email: row.Email,
			CPF: row.CPF, GuardianName: row.Guardian,
			GuardianCPF: row.GuardianCPF, GuardianPhone: row.GuardianPhone,
			PriceCents: row.PriceCents, Frequency: clinic.Frequency(row.Frequency),
			PsychologistID: psyID, Notes: row.Notes}
		res, err := stmt.ExecContext(ctx, p.Name, p.SocialName,
			patientSearchKey(p), p.BirthDate, p.Phone, p.Email, p.CPF,
			p.GuardianName, p.GuardianCPF, p.GuardianPhone, p.PriceCents,
			string(p.Frequency), nullID(p.PsychologistID), p.Notes, now, now)
		if isUniqueViolation(err) {
			return cpfIndexConflict()
		}
		if err != nil {
			return fmt.Errorf("sqlite: insert patient of row %d: %w", row.Row, err)
		}
		if rep.Patients[i].ID, err = res.LastInsertId(); err != nil {
			return fmt.Errorf("sqlite: insert patient: %w", err)
		}
	}
	return nil
}

// importCalendar is the days on which a new session is written with
// status holiday: national and local holidays that are days off, and the
// clinic's closures.
type importCalendar struct {
	holidays *clinic.HolidayCalendar
	closed   map[string]bool
}

func loadImportCalendar(ctx context.Context, q querier, from, to clinic.Date) (*importCalendar, error) {
	c := &importCalendar{closed: map[string]bool{}}
	rows, err := q.QueryContext(ctx, "SELECT date, name, yearly FROM local_holidays")
	if err != nil {
		return nil, fmt.Errorf("sqlite: list local holidays: %w", err)
	}
	var local []clinic.LocalHoliday
	for rows.Next() {
		var date, name string
		var yearly bool
		if err := rows.Scan(&date, &name, &yearly); err != nil {
			rows.Close()
			return nil, fmt.Errorf("sqlite: scan local holiday: %w", err)
		}
		d, err := clinic.ParseDate(date)
		if err != nil {
			continue // a damaged date marks no day
		}
		local = append(local, clinic.LocalHoliday{Name: name, Date: d, Yearly: yearly})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: list local holidays: %w", err)
	}
	c.holidays = clinic.NewHolidayCalendar(local, from.Year, to.Year)

	closures, err := q.QueryContext(ctx, `SELECT date FROM closures
		WHERE date BETWEEN ? AND ?`, from.String(), to.String())
	if err != nil {
		return nil, fmt.Errorf("sqlite: list closures: %w", err)
	}
	defer closures.Close()
	for closures.Next() {
		var date string
		if err := closures.Scan(&date); err != nil {
			return nil, fmt.Errorf("sqlite: scan closure: %w", err)
		}
		c.closed[date] = true
	}
	return c, closures.Err()
}

func (c *importCalendar) status(d clinic.Date) string {
	if h, ok := c.holidays.Lookup(d); ok && !h.Optional || c.closed[d.String()] {
		return "holiday"
	}
	return "scheduled"
}

func (db *DB) writeImportSeries(ctx context.Context, tx *sql.Tx, who clinic.Actor, rep *ImportReport) error {
	if rep.Counts.Slots == 0 {
		return nil
	}
	today := clinic.MustDate(rep.Today)
	until := today.AddDays(importSessionWeeks*7 - 1)
	cal, err := loadImportCalendar(ctx, tx, today, until)
	if err != nil {
		return err
	}
	psychologists := map[string]ImportPsychologist{}
	for _, p := range rep.Psychologists {
		psychologists[p.Key] = p
	}
	rooms := map[string]ImportRoom{}
	for _, r := range rep.Rooms {
		rooms[r.Key] = r
	}

	seriesStmt, err := tx.PrepareContext(ctx, `INSERT INTO series (patient_id,
		psychologist_id, room_id, modality, weekday, starts, minutes,
		frequency, anchor_date, materialized_until, created_at, created_by)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return fmt.Errorf("sqlite: prepare series insert: %w", err)
	}
	defer seriesStmt.Close()
	sessionStmt, err := tx.PrepareContext(ctx, `INSERT INTO sessions
		(series_id, occurrence_date, patient_id, psychologist_id, room_id,
		modality, kind, date, start_min, end_min, status, price_cents,
		created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, 'series', ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return fmt.Errorf("sqlite: prepare session insert: %w", err)
	}
	defer sessionStmt.Close()

	now := db.nowText()
	for i, s := range rep.Slots {
		if !s.Accepted {
			continue
		}
		patientID := s.PatientID
		if s.patientIndex >= 0 {
			patientID = rep.Patients[s.patientIndex].ID
			rep.Slots[i].PatientID = patientID
		}
		psyID := psychologists[s.PsychologistKey].ID()
		roomID := rooms[s.RoomKey].ID()
		rec := clinic.Recurrence{Anchor: clinic.MustDate(s.Anchor),
			Frequency: clinic.Frequency(s.Frequency),
			Start:     clinic.MustClock(s.Start), Minutes: s.Minutes}
		res, err := seriesStmt.ExecContext(ctx, patientID, psyID,
			nullID(roomID), s.Modality(), int(s.Weekday), s.Start, s.Minutes,
			s.Frequency, s.Anchor, until.String(), now, nullID(who.UserID))
		if err != nil {
			return fmt.Errorf("sqlite: insert series of row %d: %w", s.Row, err)
		}
		seriesID, err := res.LastInsertId()
		if err != nil {
			return fmt.Errorf("sqlite: insert series: %w", err)
		}
		rep.Slots[i].SeriesID = seriesID
		for _, d := range rec.Occurrences(rec.Anchor, until) {
			_, err := sessionStmt.ExecContext(ctx, seriesID, d.String(),
				patientID, psyID, nullID(roomID), s.Modality(), d.String(),
				int(rec.Start), int(rec.End()), cal.status(d),
				s.priceCents, now, now)
			if err != nil {
				return fmt.Errorf("sqlite: insert session of row %d on %s: %w", s.Row, d, err)
			}
			rep.Counts.Sessions++
		}
	}
	return nil
}
