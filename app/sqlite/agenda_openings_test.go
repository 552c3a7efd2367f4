package sqlite

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"kpsicologia/app/clinic"
)

// The horizon of these tests: eight Mondays from 2027-01-04. The sixth,
// 2027-02-08, is Carnaval, so it is skipped.
var (
	agendaFixtureFrom     = clinic.MustDate("2027-01-04")
	agendaFixtureCarnaval = clinic.MustDate("2027-02-08")
)

// agendaFixtureOpenings is a unit with Sala 1 (07:00-22:00) and Sala 2
// (08:00-18:00), and Ana, who takes 50-minute sessions on Mondays from
// 08:00 to 10:00 and has one patient.
type agendaFixtureOpenings struct {
	unit, sala1, sala2 int64
	ana, patient       int64
}

func agendaFixtureOpeningClinic(tb testing.TB, db *DB) agendaFixtureOpenings {
	tb.Helper()
	var c agendaFixtureOpenings
	c.unit = agendaFixtureUnit(tb, db, "Centro")
	c.sala1 = agendaFixtureRoom(tb, db, c.unit, "Sala 1", "07:00", "22:00")
	c.sala2 = agendaFixtureRoom(tb, db, c.unit, "Sala 2", "08:00", "18:00")
	c.ana = agendaFixturePsychologist(tb, db, "Ana Lima", "#d63384", 50, c.unit)
	agendaFixtureAvailability(tb, db, c.ana, time.Monday, "08:00", "10:00", 0)
	c.patient = agendaFixturePatient(tb, db, "Maria Souza", "", "", c.ana)
	return c
}

// agendaOpeningKeys formats openings compactly for comparison:
// "08:00 2027-01-11 Sala 1+1" (room and how many other rooms).
func agendaOpeningKeys(list []Opening) []string {
	out := make([]string, len(list))
	for i, o := range list {
		room := "online"
		if o.RoomID != 0 {
			room = fmt.Sprintf("%s+%d", o.RoomName, o.OtherRooms)
		}
		out[i] = fmt.Sprintf("%s %s %s", o.Start, o.FirstDate, room)
	}
	return out
}

func agendaFindOpenings(t *testing.T, db *DB, q OpeningQuery) *Openings {
	t.Helper()
	if q.From.IsZero() {
		q.From = agendaFixtureFrom
	}
	if q.Weekday == 0 {
		q.Weekday = int(time.Monday)
	}
	o, err := db.FindOpenings(context.Background(), adminActor, q)
	if err != nil {
		t.Fatalf("FindOpenings: %v", err)
	}
	return o
}

func agendaCheckOpenings(t *testing.T, o *Openings, weekly, biweekly []string) {
	t.Helper()
	if got := agendaOpeningKeys(o.Weekly); !slices.Equal(got, weekly) {
		t.Errorf("weekly = %q, want %q", got, weekly)
	}
	if got := agendaOpeningKeys(o.Biweekly); !slices.Equal(got, biweekly) {
		t.Errorf("biweekly = %q, want %q", got, biweekly)
	}
}

func TestOpeningsEmptyAgenda(t *testing.T) {
	db := mustOpen(t, testNow)
	agendaFixtureOpeningClinic(t, db)
	mustExec(t, db, `INSERT INTO closures (date, reason) VALUES ('2027-01-20', 'Reforma')`)
	o := agendaFindOpenings(t, db, OpeningQuery{})
	var closed []string
	for _, h := range o.ClosedDays {
		closed = append(closed, h.Date.String()+" "+h.Name)
	}
	wantClosed := []string{"2027-01-20 Reforma", "2027-02-08 Carnaval", "2027-02-09 Carnaval"}
	if !slices.Equal(closed, wantClosed) {
		t.Errorf("closed days = %q, want %q", closed, wantClosed)
	}
	agendaCheckOpenings(t, o, []string{"08:00 2027-01-04 Sala 1+1", "08:50 2027-01-04 Sala 1+1"}, nil)
	if len(o.Weekly) > 0 && !slices.Equal(o.Weekly[0].Skipped, []clinic.Date{agendaFixtureCarnaval}) {
		t.Errorf("skipped = %v, want Carnaval", o.Weekly[0].Skipped)
	}
	if o.Weekly[0].End != clinic.MustClock("08:50") || o.Weekly[0].Frequency != clinic.Weekly {
		t.Errorf("first opening = %+v", o.Weekly[0])
	}
}

// TestOpeningsBiweeklySeries: a biweekly series at 08:00 leaves the
// alternate Mondays free, whether its sessions exist as rows or are still
// only the series' future occurrences.
func TestOpeningsBiweeklySeries(t *testing.T) {
	for _, materialized := range []string{"2027-03-31", "2027-01-03"} {
		t.Run("materialized until "+materialized, func(t *testing.T) {
			db := mustOpen(t, testNow)
			c := agendaFixtureOpeningClinic(t, db)
			agendaFixtureSeries(t, db, c.patient, c.ana, c.sala1, clinic.Biweekly,
				"2027-01-04", "08:00", 50, materialized)
			o := agendaFindOpenings(t, db, OpeningQuery{})
			agendaCheckOpenings(t, o,
				[]string{"08:50 2027-01-04 Sala 1+1"},
				[]string{"08:00 2027-01-11 Sala 1+1"})
			if len(o.Biweekly) == 1 && o.Biweekly[0].Frequency != clinic.Biweekly {
				t.Errorf("frequency = %q", o.Biweekly[0].Frequency)
			}
		})
	}
}

func TestOpeningsWeeklySeriesFillsTime(t *testing.T) {
	db := mustOpen(t, testNow)
	c := agendaFixtureOpeningClinic(t, db)
	agendaFixtureSeries(t, db, c.patient, c.ana, c.sala1, clinic.Weekly,
		"2027-01-04", "08:00", 50, "2027-01-20")
	o := agendaFindOpenings(t, db, OpeningQuery{})
	agendaCheckOpenings(t, o, []string{"08:50 2027-01-04 Sala 1+1"}, nil)
}

// TestOpeningsPreferUsualRoom: Ana's sessions are in Sala 2, so her
// opening offers Sala 2 before Sala 1.
func TestOpeningsPreferUsualRoom(t *testing.T) {
	db := mustOpen(t, testNow)
	c := agendaFixtureOpeningClinic(t, db)
	agendaFixtureSeries(t, db, c.patient, c.ana, c.sala2, clinic.Weekly,
		"2027-01-04", "08:00", 50, "2027-01-20")
	o := agendaFindOpenings(t, db, OpeningQuery{})
	agendaCheckOpenings(t, o, []string{"08:50 2027-01-04 Sala 2+1"}, nil)
}

// TestOpeningsRooms: another psychologist's weekly series in Sala 1 moves
// the opening to Sala 2, and Sala 2's opening time moves it again.
func TestOpeningsRooms(t *testing.T) {
	db := mustOpen(t, testNow)
	c := agendaFixtureOpeningClinic(t, db)
	bruno := agendaFixturePsychologist(t, db, "Bruno Reis", "#198754", 50, c.unit)
	other := agendaFixturePatient(t, db, "Joana Prado", "", "", bruno)
	agendaFixtureSeries(t, db, other, bruno, c.sala1, clinic.Weekly,
		"2027-01-04", "08:50", 50, "2027-03-31")
	agendaFixtureSeries(t, db, c.patient, c.ana, c.sala1, clinic.Biweekly,
		"2027-01-11", "08:00", 50, "2027-03-31")

	o := agendaFindOpenings(t, db, OpeningQuery{PsychologistID: c.ana})
	agendaCheckOpenings(t, o,
		[]string{"08:50 2027-01-04 Sala 2+0"},
		[]string{"08:00 2027-01-04 Sala 1+1"})

	// Sala 2 opening at 09:00 leaves no room at 08:50, but its opening
	// time becomes a start of its own.
	mustExec(t, db, `UPDATE room_hours SET opens = '09:00' WHERE room_id = ?`, c.sala2)
	o = agendaFindOpenings(t, db, OpeningQuery{PsychologistID: c.ana})
	agendaCheckOpenings(t, o,
		[]string{"09:00 2027-01-04 Sala 2+0"},
		[]string{"08:00 2027-01-04 Sala 1+0"})
}

func TestOpeningsOnlineNeedsNoRoom(t *testing.T) {
	db := mustOpen(t, testNow)
	c := agendaFixtureOpeningClinic(t, db)
	bruno := agendaFixturePsychologist(t, db, "Bruno Reis", "#198754", 50, c.unit)
	other := agendaFixturePatient(t, db, "Joana Prado", "", "", bruno)
	for _, room := range []int64{c.sala1, c.sala2} {
		for _, at := range []string{"08:00", "08:50"} {
			agendaFixtureSeries(t, db, other, bruno, room, clinic.Weekly,
				"2027-01-04", at, 50, "2027-03-31")
		}
	}
	if o := agendaFindOpenings(t, db, OpeningQuery{PsychologistID: c.ana}); len(o.Weekly)+len(o.Biweekly) != 0 {
		t.Errorf("in person with every room taken: %q %q", agendaOpeningKeys(o.Weekly), agendaOpeningKeys(o.Biweekly))
	}
	o := agendaFindOpenings(t, db, OpeningQuery{PsychologistID: c.ana, Modality: "online"})
	agendaCheckOpenings(t, o, []string{"08:00 2027-01-04 online", "08:50 2027-01-04 online"}, nil)
}

// TestOpeningsIgnoreFreedTime: cancelled sessions and sessions of a
// deleted patient do not take time, and one real session in one week breaks
// the weekly opening into a biweekly one.
func TestOpeningsIgnoreFreedTime(t *testing.T) {
	db := mustOpen(t, testNow)
	c := agendaFixtureOpeningClinic(t, db)
	gone := agendaFixturePatient(t, db, "Excluída", "", "", c.ana)
	mustExec(t, db, `UPDATE patients SET deleted_at = ? WHERE id = ?`, agendaFixtureStamp, gone)
	agendaFixtureSession(t, db, agendaFixtureSessionRow{PatientID: c.patient,
		PsychologistID: c.ana, RoomID: c.sala1, Date: "2027-01-11", Start: "08:00",
		Status: "cancelled_clinic"})
	agendaFixtureSession(t, db, agendaFixtureSessionRow{PatientID: gone,
		PsychologistID: c.ana, RoomID: c.sala1, Date: "2027-01-18", Start: "08:00"})
	agendaFixtureSession(t, db, agendaFixtureSessionRow{PatientID: c.patient,
		PsychologistID: c.ana, Date: "2027-01-25", Start: "08:50"})

	o := agendaFindOpenings(t, db, OpeningQuery{})
	agendaCheckOpenings(t, o,
		[]string{"08:00 2027-01-04 Sala 1+1"},
		[]string{"08:50 2027-01-04 Sala 1+1"})
}

func TestOpeningsFilters(t *testing.T) {
	db := mustOpen(t, testNow)
	c := agendaFixtureOpeningClinic(t, db)
	sul := agendaFixtureUnit(t, db, "Zona Sul")
	agendaFixtureRoom(t, db, sul, "Sala Sul", "07:00", "22:00")
	carla := agendaFixturePsychologist(t, db, "Carla Dias", "#0d6efd", 45, sul)
	agendaFixtureAvailability(t, db, carla, time.Monday, "18:00", "20:00", 0)
	agendaFixtureAvailability(t, db, carla, time.Tuesday, "18:00", "19:00", 0)
	agendaFixturePsychologist(t, db, "Davi Sem Horário", "#6f42c1", 50, c.unit)
	spec := mustExec(t, db, `INSERT INTO specialties (name) VALUES ('TCC de teste')`)
	aud := mustExec(t, db, `INSERT INTO audiences (name) VALUES ('Adolescentes de teste')`)
	mustExec(t, db, `INSERT INTO psychologist_specialties VALUES (?, ?)`, carla, spec)
	mustExec(t, db, `INSERT INTO psychologist_audiences VALUES (?, ?)`, c.ana, aud)

	tests := []struct {
		name   string
		q      OpeningQuery
		weekly []string
	}{
		{"evening", OpeningQuery{Period: PeriodEvening},
			[]string{"18:00 2027-01-04 Sala Sul+0", "18:45 2027-01-04 Sala Sul+0"}},
		{"morning", OpeningQuery{Period: PeriodMorning},
			[]string{"08:00 2027-01-04 Sala 1+1", "08:50 2027-01-04 Sala 1+1"}},
		{"afternoon", OpeningQuery{Period: PeriodAfternoon}, nil},
		{"unit", OpeningQuery{UnitID: sul},
			[]string{"18:00 2027-01-04 Sala Sul+0", "18:45 2027-01-04 Sala Sul+0"}},
		{"specialty", OpeningQuery{SpecialtyID: spec},
			[]string{"18:00 2027-01-04 Sala Sul+0", "18:45 2027-01-04 Sala Sul+0"}},
		{"audience", OpeningQuery{AudienceID: aud},
			[]string{"08:00 2027-01-04 Sala 1+1", "08:50 2027-01-04 Sala 1+1"}},
		{"tuesday", OpeningQuery{Weekday: int(time.Tuesday)},
			[]string{"18:00 2027-01-05 Sala Sul+0"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := agendaFindOpenings(t, db, tt.q)
			agendaCheckOpenings(t, o, tt.weekly, nil)
		})
	}

	o := agendaFindOpenings(t, db, OpeningQuery{Weekday: -1})
	if !slices.Equal(o.WithoutHours, []string{"Davi Sem Horário"}) || o.Searched != 3 {
		t.Errorf("without hours = %q of %d", o.WithoutHours, o.Searched)
	}
	if len(o.Weekly) != 5 {
		t.Errorf("every weekday: %d weekly openings, want 5", len(o.Weekly))
	}
	// The catalogues hold the seeded entries plus the two added here.
	var specialties, audiences int
	db.read.QueryRow("SELECT count(*) FROM specialties").Scan(&specialties)
	db.read.QueryRow("SELECT count(*) FROM audiences").Scan(&audiences)
	if len(o.Units) != 2 || len(o.Specialties) != specialties || len(o.Audiences) != audiences || len(o.Psychologists) != 3 {
		t.Errorf("choices = %v %v %v %v", o.Units, o.Specialties, o.Audiences, o.Psychologists)
	}
}

func TestOpeningsBlockSkipsWeeks(t *testing.T) {
	db := mustOpen(t, testNow)
	c := agendaFixtureOpeningClinic(t, db)
	mustExec(t, db, `INSERT INTO blocks (psychologist_id, starts_on, ends_on, reason,
		created_at) VALUES (?, '2027-01-10', '2027-01-24', 'Férias', ?)`, c.ana, agendaFixtureStamp)
	o := agendaFindOpenings(t, db, OpeningQuery{})
	if len(o.Weekly) == 0 {
		t.Fatal("no weekly opening")
	}
	want := []clinic.Date{clinic.MustDate("2027-01-11"), clinic.MustDate("2027-01-18"), agendaFixtureCarnaval}
	if !slices.Equal(o.Weekly[0].Skipped, want) {
		t.Errorf("skipped = %v, want %v", o.Weekly[0].Skipped, want)
	}
}

func TestOpeningsScopeAndValidation(t *testing.T) {
	db := mustOpen(t, testNow)
	c := agendaFixtureOpeningClinic(t, db)
	other := agendaFixturePsychologist(t, db, "Bruno Reis", "#198754", 50, c.unit)
	ana := clinic.Actor{UserID: 5, Role: clinic.RolePsychologist, PsychologistID: c.ana}
	_, err := db.FindOpenings(context.Background(), ana, OpeningQuery{From: agendaFixtureFrom,
		Weekday: -1, PsychologistID: other})
	if clinic.ErrorCode(err) != clinic.ErrNotFound {
		t.Errorf("psychologist asking for another: err = %v", err)
	}
	bad := []OpeningQuery{
		{Weekday: -1},
		{From: agendaFixtureFrom, Weeks: 1, Weekday: -1},
		{From: agendaFixtureFrom, Weeks: 27, Weekday: -1},
		{From: agendaFixtureFrom, Weekday: 7},
		{From: agendaFixtureFrom, Weekday: -1, Modality: "phone"},
		{From: agendaFixtureFrom, Weekday: -1, Period: "dawn"},
	}
	for _, q := range bad {
		_, err := db.FindOpenings(context.Background(), adminActor, q)
		if clinic.ErrorCode(err) != clinic.ErrInvalid {
			t.Errorf("%+v: err = %v, want invalid", q, err)
		}
	}
}

// TestOpeningsQueryCount checks the finder's query count does not grow
// with the clinic.
func TestOpeningsQueryCount(t *testing.T) {
	q := OpeningQuery{From: agendaFixtureFrom, Weeks: 8, Weekday: -1, Modality: "in_person"}
	count := func(db *DB) int {
		cq := &agendaCountingQuerier{q: db.read}
		in, err := loadOpeningInput(context.Background(), cq, q)
		if err != nil {
			t.Fatalf("loadOpeningInput: %v", err)
		}
		out := findOpenings(in)
		if err := agendaOpeningChoices(context.Background(), cq, out); err != nil {
			t.Fatalf("choices: %v", err)
		}
		return cq.n
	}
	small := count(mustOpen(t, testNow))
	big := mustOpen(t, testNow)
	agendaFixtureBigClinic(t, big, 2, 20, 60, agendaFixtureFrom)
	if n := count(big); n != small || n > 12 {
		t.Errorf("queries: %d for the big clinic, %d for the empty one, want equal and at most 12", n, small)
	}
}
