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
// CreatePsychologist, CreateRoom and CreatePatient, and into a variant of
// CreateSeriesTx that writes no audit entry, once those exist.

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

func (db *DB) writeImportSeries(ctx context.Context, tx *sql.Tx, who clinic.Actor, rep *ImportReport) error {
	if rep.Counts.Slots == 0 {
		return nil
	}
	// The scheduling area keeps every series' sessions as rows up to its
	// horizon, so the new series are written up to the same date.
	horizon, err := db.ensureDefaultHorizon(ctx, tx)
	if err != nil {
		return err
	}
	rep.SessionsUntil = horizon.String()
	psychologists := map[string]ImportPsychologist{}
	for _, p := range rep.Psychologists {
		psychologists[p.Key] = p
	}
	rooms := map[string]ImportRoom{}
	for _, r := range rep.Rooms {
		rooms[r.Key] = r
	}
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO series (patient_id,
		psychologist_id, room_id, modality, weekday, starts, minutes,
		frequency, anchor_date, materialized_until, created_at, created_by)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return fmt.Errorf("sqlite: prepare series insert: %w", err)
	}
	defer stmt.Close()

	now := db.nowText()
	for i, s := range rep.Slots {
		if !s.Accepted {
			continue
		}
		if s.patientIndex >= 0 {
			rep.Slots[i].PatientID = rep.Patients[s.patientIndex].ID
		}
		anchor := clinic.MustDate(s.Anchor)
		// materialized_until starts the day before the first session, as
		// the scheduling area's insertSeries sets it.
		res, err := stmt.ExecContext(ctx, rep.Slots[i].PatientID,
			psychologists[s.PsychologistKey].ID(), nullID(rooms[s.RoomKey].ID()),
			s.Modality(), int(s.Weekday), s.Start, s.Minutes, s.Frequency,
			s.Anchor, anchor.AddDays(-1).String(), now, nullID(who.UserID))
		if err != nil {
			return fmt.Errorf("sqlite: insert series of row %d: %w", s.Row, err)
		}
		id, err := res.LastInsertId()
		if err != nil {
			return fmt.Errorf("sqlite: insert series: %w", err)
		}
		rep.Slots[i].SeriesID = id
		if err := db.materializeImported(ctx, tx, who, &rep.Slots[i], horizon); err != nil {
			return err
		}
		rep.Counts.Sessions += rep.Slots[i].Sessions
	}
	return nil
}

// materializeImported writes the sessions of the new series of row s up
// to horizon with the scheduling area's materialize. The plan already
// checked every clash, so an occurrence that materialize still finds
// taken (and stores as cancelled by the clinic) is reported on the row.
func (db *DB) materializeImported(ctx context.Context, tx *sql.Tx, who clinic.Actor,
	s *ImportAgendaRow, horizon clinic.Date) error {
	series, err := seriesByID(ctx, tx, s.SeriesID)
	if err != nil {
		return err
	}
	res, err := db.materialize(ctx, tx, who, series, horizon)
	if err != nil {
		return err
	}
	s.Sessions = res.created
	if len(res.clashes) > 0 {
		s.Warning = fmt.Sprintf("%d sessões não foram agendadas por "+
			"conflito, a primeira em %s: %s", len(res.clashes),
			clinic.FormatDateBR(res.clashes[0].Date), res.clashes[0].Message)
	}
	return nil
}
