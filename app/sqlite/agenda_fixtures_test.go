package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"testing"
	"time"

	"kpsicologia/app/clinic"
)

// agendaFixtureStamp is the created_at/updated_at of fixture rows.
const agendaFixtureStamp = "2026-11-01T12:00:00Z"

func agendaFixtureUnit(tb testing.TB, db *DB, name string) int64 {
	tb.Helper()
	return mustExec(tb, db, `INSERT INTO units (name) VALUES (?)`, name)
}

// agendaFixtureRoom adds a room open from opens to closes on the given
// weekdays (Monday to Saturday when none are given).
func agendaFixtureRoom(tb testing.TB, db *DB, unitID int64, name, opens, closes string, weekdays ...time.Weekday) int64 {
	tb.Helper()
	id := mustExec(tb, db, `INSERT INTO rooms (unit_id, name) VALUES (?, ?)`, unitID, name)
	if len(weekdays) == 0 {
		weekdays = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday,
			time.Thursday, time.Friday, time.Saturday}
	}
	for _, w := range weekdays {
		mustExec(tb, db, `INSERT INTO room_hours (room_id, weekday, opens, closes)
			VALUES (?, ?, ?, ?)`, id, int(w), opens, closes)
	}
	return id
}

func agendaFixturePsychologist(tb testing.TB, db *DB, name, color string, minutes int, unitIDs ...int64) int64 {
	tb.Helper()
	id := mustExec(tb, db, `INSERT INTO psychologists (name, color, session_minutes,
		created_at, updated_at) VALUES (?, ?, ?, ?, ?)`,
		name, color, minutes, agendaFixtureStamp, agendaFixtureStamp)
	for _, u := range unitIDs {
		mustExec(tb, db, `INSERT INTO psychologist_units (psychologist_id, unit_id)
			VALUES (?, ?)`, id, u)
	}
	return id
}

func agendaFixtureAvailability(tb testing.TB, db *DB, psyID int64, w time.Weekday, starts, ends string, unitID int64) {
	tb.Helper()
	var unit any
	if unitID != 0 {
		unit = unitID
	}
	mustExec(tb, db, `INSERT INTO availability (psychologist_id, weekday, starts,
		ends, unit_id) VALUES (?, ?, ?, ?, ?)`, psyID, int(w), starts, ends, unit)
}

func agendaFixturePatient(tb testing.TB, db *DB, name, socialName, phone string, psyID int64) int64 {
	tb.Helper()
	return mustExec(tb, db, `INSERT INTO patients (name, social_name, phone,
		psychologist_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
		name, socialName, phone, psyID, agendaFixtureStamp, agendaFixtureStamp)
}

// agendaFixtureSessionRow is a session to insert. Zero fields take the
// defaults of agendaFixtureSession.
type agendaFixtureSessionRow struct {
	SeriesID       int64
	PatientID      int64
	PsychologistID int64
	RoomID         int64 // 0: online
	Date           string
	Start          string
	Minutes        int // 50 when 0
	Status         string
	Kind           string
	Confirmed      bool
}

func agendaFixtureSession(tb testing.TB, db *DB, r agendaFixtureSessionRow) int64 {
	tb.Helper()
	start := clinic.MustClock(r.Start)
	if r.Minutes == 0 {
		r.Minutes = 50
	}
	if r.Status == "" {
		r.Status = "scheduled"
	}
	if r.Kind == "" {
		r.Kind = "one_off"
		if r.SeriesID != 0 {
			r.Kind = "series"
		}
	}
	var room, series, occurrence, confirmed any
	modality := "online"
	if r.RoomID != 0 {
		room, modality = r.RoomID, "in_person"
	}
	if r.SeriesID != 0 {
		series, occurrence = r.SeriesID, r.Date
	}
	if r.Confirmed {
		confirmed = agendaFixtureStamp
	}
	return mustExec(tb, db, `INSERT INTO sessions (series_id, occurrence_date,
		patient_id, psychologist_id, room_id, modality, kind, date, start_min,
		end_min, status, confirmed_at, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		series, occurrence, r.PatientID, r.PsychologistID, room, modality,
		r.Kind, r.Date, int(start), int(start)+r.Minutes, r.Status, confirmed,
		agendaFixtureStamp, agendaFixtureStamp)
}

// agendaFixtureSeries inserts a series whose sessions exist as rows up to
// materializedUntil, and inserts those rows from the anchor on.
func agendaFixtureSeries(tb testing.TB, db *DB, patientID, psyID, roomID int64, freq clinic.Frequency, anchor, starts string, minutes int, materializedUntil string) int64 {
	tb.Helper()
	var room any
	modality := "online"
	if roomID != 0 {
		room, modality = roomID, "in_person"
	}
	a := clinic.MustDate(anchor)
	id := mustExec(tb, db, `INSERT INTO series (patient_id, psychologist_id,
		room_id, modality, weekday, starts, minutes, frequency, anchor_date,
		materialized_until, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		patientID, psyID, room, modality, int(a.Weekday()), starts, minutes,
		string(freq), anchor, materializedUntil, agendaFixtureStamp)
	rec := clinic.Recurrence{Anchor: a, Frequency: freq,
		Start: clinic.MustClock(starts), Minutes: minutes}
	for _, d := range rec.Occurrences(a, clinic.MustDate(materializedUntil)) {
		agendaFixtureSession(tb, db, agendaFixtureSessionRow{SeriesID: id,
			PatientID: patientID, PsychologistID: psyID, RoomID: roomID,
			Date: d.String(), Start: starts, Minutes: minutes})
	}
	return id
}

// agendaFixtureBigClinic builds a clinic of units × rooms per unit and
// psychologists, each psychologist with a patient and eight sessions a
// day on every weekday of the week from monday, for load tests.
func agendaFixtureBigClinic(tb testing.TB, db *DB, units, roomsPerUnit, psychologists int, monday clinic.Date) {
	tb.Helper()
	err := db.WriteTx(context.Background(), func(tx *sql.Tx) error {
		var roomIDs []int64
		for u := 1; u <= units; u++ {
			res, err := tx.Exec(`INSERT INTO units (name) VALUES (?)`, fmt.Sprintf("Unidade %d", u))
			if err != nil {
				return err
			}
			unitID, _ := res.LastInsertId()
			for r := 1; r <= roomsPerUnit; r++ {
				res, err := tx.Exec(`INSERT INTO rooms (unit_id, name) VALUES (?, ?)`,
					unitID, fmt.Sprintf("Sala %02d", r))
				if err != nil {
					return err
				}
				roomID, _ := res.LastInsertId()
				roomIDs = append(roomIDs, roomID)
				for w := 1; w <= 6; w++ {
					if _, err := tx.Exec(`INSERT INTO room_hours VALUES (?, ?, '07:00', '22:00')`,
						roomID, w); err != nil {
						return err
					}
				}
			}
		}
		for p := 0; p < psychologists; p++ {
			res, err := tx.Exec(`INSERT INTO psychologists (name, color, created_at,
				updated_at) VALUES (?, '#7b61ff', ?, ?)`,
				fmt.Sprintf("Psicóloga %02d", p+1), agendaFixtureStamp, agendaFixtureStamp)
			if err != nil {
				return err
			}
			psyID, _ := res.LastInsertId()
			if _, err := tx.Exec(`INSERT INTO availability (psychologist_id, weekday,
				starts, ends) VALUES (?, 1, '08:00', '18:00')`, psyID); err != nil {
				return err
			}
			res, err = tx.Exec(`INSERT INTO patients (name, phone, psychologist_id,
				created_at, updated_at) VALUES (?, '11987654321', ?, ?, ?)`,
				fmt.Sprintf("Paciente %02d", p+1), psyID, agendaFixtureStamp, agendaFixtureStamp)
			if err != nil {
				return err
			}
			patientID, _ := res.LastInsertId()
			room := roomIDs[p%len(roomIDs)]
			for day := 0; day < 6; day++ {
				for slot := 0; slot < 8; slot++ {
					start := 8*60 + slot*60
					if _, err := tx.Exec(`INSERT INTO sessions (patient_id,
						psychologist_id, room_id, kind, date, start_min, end_min,
						created_at, updated_at) VALUES (?, ?, ?, 'one_off', ?, ?, ?, ?, ?)`,
						patientID, psyID, room, monday.AddDays(day).String(),
						start, start+50, agendaFixtureStamp, agendaFixtureStamp); err != nil {
						return err
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatalf("build big clinic: %v", err)
	}
}

// agendaCountingQuerier counts the queries run through it.
type agendaCountingQuerier struct {
	q querier
	n int
}

func (c *agendaCountingQuerier) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	c.n++
	return c.q.QueryRowContext(ctx, query, args...)
}

func (c *agendaCountingQuerier) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	c.n++
	return c.q.QueryContext(ctx, query, args...)
}

func (c *agendaCountingQuerier) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	c.n++
	return c.q.ExecContext(ctx, query, args...)
}
