package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"testing"
	"time"

	"kpsicologia/app/clinic"
)

// scheduleClinic is a small clinic for the scheduling tests: one unit
// with two rooms, two psychologists and three patients.
type scheduleClinic struct {
	db           *DB
	ctx          context.Context
	room1, room2 int64
	paula, ana   int64 // psychologists
	maria, joao  int64 // patients of Paula
	carla        int64 // patient of Ana
}

// scheduleFixture opens a database with the clock at now and fills it
// with the scheduleClinic.
func scheduleFixture(tb testing.TB, now time.Time) *scheduleClinic {
	tb.Helper()
	db := mustOpen(tb, now)
	c := &scheduleClinic{db: db, ctx: context.Background()}
	ts := "2026-01-01T00:00:00Z"
	unit := mustExec(tb, db, `INSERT INTO units (name) VALUES ('Centro')`)
	c.room1 = mustExec(tb, db, `INSERT INTO rooms (unit_id, name) VALUES (?, 'Sala 1')`, unit)
	c.room2 = mustExec(tb, db, `INSERT INTO rooms (unit_id, name) VALUES (?, 'Sala 2')`, unit)
	c.paula = mustExec(tb, db, `INSERT INTO psychologists (name, created_at, updated_at)
		VALUES ('Dra. Paula', ?, ?)`, ts, ts)
	c.ana = mustExec(tb, db, `INSERT INTO psychologists (name, created_at, updated_at)
		VALUES ('Dra. Ana', ?, ?)`, ts, ts)
	c.maria = c.patient(tb, "Maria Souza", c.paula, 15000)
	c.joao = c.patient(tb, "João Pereira", c.paula, 20000)
	c.carla = c.patient(tb, "Carla Dias", c.ana, 18000)
	return c
}

func (c *scheduleClinic) patient(tb testing.TB, name string, psyID, price int64) int64 {
	tb.Helper()
	ts := "2026-01-01T00:00:00Z"
	return mustExec(tb, c.db, `INSERT INTO patients (name, psychologist_id,
		price_cents, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`,
		name, psyID, price, ts, ts)
}

// weekly returns an in-person weekly series input at 14:00 for 50
// minutes in room.
func (c *scheduleClinic) weekly(patient, psy, room int64, first string) NewSeries {
	return NewSeries{PatientID: patient, PsychologistID: psy, RoomID: room,
		Modality: ModalityInPerson, FirstDate: first, Start: "14:00",
		Minutes: 50, Frequency: clinic.Weekly}
}

// oneOff returns an in-person one-off session input.
func (c *scheduleClinic) oneOff(patient, psy, room int64, date, start string, minutes int) NewSession {
	return NewSession{PatientID: patient, PsychologistID: psy, RoomID: room,
		Modality: ModalityInPerson, Kind: KindOneOff, Date: date,
		Start: start, Minutes: minutes}
}

func (c *scheduleClinic) mustSeries(tb testing.TB, n NewSeries) Booking {
	tb.Helper()
	b, err := c.db.CreateSeries(c.ctx, adminActor, n)
	if err != nil {
		tb.Fatalf("CreateSeries: %v", err)
	}
	return b
}

func (c *scheduleClinic) mustSession(tb testing.TB, n NewSession) Booking {
	tb.Helper()
	b, err := c.db.CreateSession(c.ctx, adminActor, n)
	if err != nil {
		tb.Fatalf("CreateSession: %v", err)
	}
	return b
}

// seriesDates returns the dates of a series' rows with the given status,
// in order.
func (c *scheduleClinic) seriesDates(tb testing.TB, seriesID int64, status string) []string {
	tb.Helper()
	rows, err := c.db.read.Query(`SELECT date FROM sessions
		WHERE series_id = ? AND status = ? ORDER BY date`, seriesID, status)
	if err != nil {
		tb.Fatalf("list series dates: %v", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var d string
		rows.Scan(&d)
		out = append(out, d)
	}
	return out
}

func (c *scheduleClinic) count(tb testing.TB, query string, args ...any) int {
	tb.Helper()
	var n int
	if err := c.db.read.QueryRow(query, args...).Scan(&n); err != nil {
		tb.Fatalf("count %q: %v", query, err)
	}
	return n
}

// scheduleWantCode fails unless err is a *clinic.Error with code.
func scheduleWantCode(tb testing.TB, err error, code string) *clinic.Error {
	tb.Helper()
	var ce *clinic.Error
	if !errors.As(err, &ce) {
		tb.Fatalf("error %v, want a *clinic.Error with code %s", err, code)
	}
	if ce.Code != code {
		tb.Fatalf("code %s (%s), want %s", ce.Code, ce.Message, code)
	}
	return ce
}

// scheduleWantContains fails unless s contains part.
func scheduleWantContains(tb testing.TB, s, part string) {
	tb.Helper()
	if !strings.Contains(s, part) {
		tb.Errorf("%q does not contain %q", s, part)
	}
}

// schedulePsychologist is a psychologist's account for psyID.
func schedulePsychologist(psyID int64) clinic.Actor {
	return clinic.Actor{UserID: 0, Username: "psi", Role: clinic.RolePsychologist,
		PsychologistID: psyID}
}

// scheduleReception is a receptionist's account.
var scheduleReception = clinic.Actor{Username: "recepcao", Role: clinic.RoleReception}

// inTx runs fn in a write transaction, failing the test on error.
func (c *scheduleClinic) inTx(tb testing.TB, fn func(tx *sql.Tx) error) {
	tb.Helper()
	if err := c.db.WriteTx(c.ctx, fn); err != nil {
		tb.Fatalf("write transaction: %v", err)
	}
}
