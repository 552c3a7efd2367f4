package web

import (
	"context"
	"database/sql"
	"fmt"
	"testing"

	"kpsicologia/app/clinic"
)

// agendaFixtureStamp is the created_at/updated_at of fixture rows.
const agendaFixtureStamp = "2026-11-01T12:00:00Z"

// agendaFixtureExec runs one statement on the writer and returns the new
// row's id.
func agendaFixtureExec(tb testing.TB, app *testApp, query string, args ...any) int64 {
	tb.Helper()
	var id int64
	err := app.db.WriteTx(context.Background(), func(tx *sql.Tx) error {
		res, err := tx.Exec(query, args...)
		if err != nil {
			return err
		}
		id, err = res.LastInsertId()
		return err
	})
	if err != nil {
		tb.Fatalf("exec %q: %v", query, err)
	}
	return id
}

// agendaFixtureClinic holds the ids of a realistic clinic: two units,
// thirteen rooms, twelve psychologists with their hours, a patient per
// series, and two weeks of sessions around the test clock (Friday
// 2026-12-04 13:00), with the states the agenda flags.
type agendaFixtureClinic struct {
	centro, jardins int64
	rooms           map[string]int64
	psychologists   []int64
	names           []string
	patients        []int64
	deleted         int64
	// special holds sessions with a state worth checking by name.
	special map[string]int64
}

var agendaFixturePsychologists = []struct {
	name, color string
	minutes     int
	units       string // "c" Centro, "j" Jardins, "cj" both
	hours       [][3]string
}{
	{"Ana Beatriz Lima", "#d63384", 50, "c", [][3]string{{"08:00", "12:00"}, {"13:00", "18:00"}}},
	{"Bruno Carvalho", "#198754", 50, "c", [][3]string{{"14:00", "21:00"}}},
	{"Camila Rocha", "#0d6efd", 45, "cj", [][3]string{{"07:00", "12:00"}, {"17:00", "21:00"}}},
	{"Daniela Freitas", "#fd7e14", 50, "c", [][3]string{{"09:00", "17:00"}}},
	{"Eduardo Nunes", "#6f42c1", 60, "c", [][3]string{{"08:00", "13:00"}}},
	{"Fernanda Alves", "#20c997", 50, "c", [][3]string{{"13:00", "20:00"}}},
	{"Gabriela Moura", "#dc3545", 50, "c", [][3]string{{"08:00", "12:00"}}},
	{"Helena Castro", "#0aa2c0", 50, "c", [][3]string{{"10:00", "18:00"}}},
	{"Igor Pacheco", "#6610f2", 40, "c", [][3]string{{"18:00", "22:00"}}},
	{"Juliana Ribeiro", "#b8860b", 50, "j", [][3]string{{"08:00", "12:00"}, {"14:00", "18:00"}}},
	{"Karen Tavares", "#795548", 50, "j", [][3]string{{"13:00", "19:00"}}},
	{"Luana Martins", "#607d8b", 50, "j", [][3]string{{"07:00", "11:00"}}},
}

// Patients get generated names from these lists, so a clinic of a few
// hundred patients reads like a real one.
var (
	agendaFixtureFirstNames = []string{"Maria Eduarda", "Lucas", "Beatriz",
		"Rafael", "Larissa", "Gustavo", "Mariana", "Pedro Henrique", "Vitória",
		"Thiago", "Isabela", "Felipe", "Letícia", "Matheus", "Amanda", "Carlos",
		"Sofia", "Diego", "Yasmin", "André", "Natália", "Rodrigo", "Júlia",
		"Leonardo", "Gabriel", "Bianca", "Marcelo", "Aline", "Vinícius", "Priscila",
		"Otávio", "Helena", "Samuel", "Luíza", "Caio", "Renata", "Heitor"}
	agendaFixtureLastNames = []string{"Souza", "Almeida", "Santos", "Costa",
		"Gomes", "Pereira", "Dias", "Barbosa", "Lopes", "Cardoso", "Ferreira",
		"Araújo", "Monteiro", "Ramos", "Correia", "Teixeira", "Pinto",
		"Nascimento", "Vieira", "Duarte", "Campos", "Fonseca", "Batista"}
)

// agendaFixtureWeek is the Monday of the test clock's week.
var agendaFixtureWeek = clinic.MustDate("2026-11-30")

func agendaFixtureBuild(tb testing.TB, app *testApp) agendaFixtureClinic {
	tb.Helper()
	c := agendaFixtureClinic{rooms: map[string]int64{}, special: map[string]int64{}}
	err := app.db.WriteTx(context.Background(), func(tx *sql.Tx) error {
		return c.build(tx)
	})
	if err != nil {
		tb.Fatalf("build agenda fixture: %v", err)
	}
	return c
}

func agendaFixtureInsert(tx *sql.Tx, query string, args ...any) (int64, error) {
	res, err := tx.Exec(query, args...)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", query, err)
	}
	return res.LastInsertId()
}

func (c *agendaFixtureClinic) build(tx *sql.Tx) error {
	var err error
	if c.centro, err = agendaFixtureInsert(tx, `INSERT INTO units (name) VALUES ('Centro')`); err != nil {
		return err
	}
	if c.jardins, err = agendaFixtureInsert(tx, `INSERT INTO units (name) VALUES ('Jardins')`); err != nil {
		return err
	}
	for i := 1; i <= 10; i++ {
		if err := c.room(tx, c.centro, fmt.Sprintf("Sala %d", i)); err != nil {
			return err
		}
	}
	for _, name := range []string{"Sala Azul", "Sala Verde", "Sala Lilás"} {
		if err := c.room(tx, c.jardins, name); err != nil {
			return err
		}
	}
	if err := c.people(tx); err != nil {
		return err
	}
	if _, err := tx.Exec(`INSERT INTO local_holidays (date, name, yearly)
		VALUES ('2026-12-08', 'Nossa Senhora da Conceição', 1)`); err != nil {
		return err
	}
	if _, err := tx.Exec(`INSERT INTO blocks (psychologist_id, starts_on, ends_on,
		reason, created_at) VALUES (?, '2026-12-02', '2026-12-11', 'Férias', ?)`,
		c.psychologists[7], agendaFixtureStamp); err != nil {
		return err
	}
	return c.sessions(tx)
}

// room adds a room open 07:00-22:00 on weekdays and 08:00-14:00 on
// Saturdays.
func (c *agendaFixtureClinic) room(tx *sql.Tx, unit int64, name string) error {
	id, err := agendaFixtureInsert(tx, `INSERT INTO rooms (unit_id, name) VALUES (?, ?)`, unit, name)
	if err != nil {
		return err
	}
	c.rooms[name] = id
	for w := 1; w <= 6; w++ {
		opens, closes := "07:00", "22:00"
		if w == 6 {
			opens, closes = "08:00", "14:00"
		}
		if _, err := tx.Exec(`INSERT INTO room_hours VALUES (?, ?, ?, ?)`, id, w, opens, closes); err != nil {
			return err
		}
	}
	return nil
}

func (c *agendaFixtureClinic) people(tx *sql.Tx) error {
	for _, p := range agendaFixturePsychologists {
		id, err := agendaFixtureInsert(tx, `INSERT INTO psychologists (name, color,
			session_minutes, phone, created_at, updated_at) VALUES (?, ?, ?, '11955554444', ?, ?)`,
			p.name, p.color, p.minutes, agendaFixtureStamp, agendaFixtureStamp)
		if err != nil {
			return err
		}
		c.psychologists = append(c.psychologists, id)
		c.names = append(c.names, p.name)
		for _, u := range p.units {
			unit := c.centro
			if u == 'j' {
				unit = c.jardins
			}
			if _, err := tx.Exec(`INSERT INTO psychologist_units VALUES (?, ?)`, id, unit); err != nil {
				return err
			}
		}
		for w := 1; w <= 5; w++ {
			for _, h := range p.hours {
				if _, err := tx.Exec(`INSERT INTO availability (psychologist_id, weekday,
					starts, ends) VALUES (?, ?, ?, ?)`, id, w, h[0], h[1]); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// patient adds the fixture's next patient, with a generated name, phone
// and, for a few, a social name.
func (c *agendaFixtureClinic) patient(tx *sql.Tx, psy int64) (int64, error) {
	i := len(c.patients)
	first := agendaFixtureFirstNames[i%len(agendaFixtureFirstNames)]
	last := agendaFixtureLastNames[(i/len(agendaFixtureFirstNames)+i)%len(agendaFixtureLastNames)]
	social := ""
	if i%41 == 7 {
		social = "Alex " + last
	}
	phone := fmt.Sprintf("119%08d", 87650000+i*137)
	if i%7 == 3 {
		phone = fmt.Sprintf("11%08d", 32120000+i*11)
	}
	id, err := agendaFixtureInsert(tx, `INSERT INTO patients (name, social_name,
		phone, psychologist_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
		first+" "+last, social, phone, psy, agendaFixtureStamp, agendaFixtureStamp)
	if err != nil {
		return 0, err
	}
	c.patients = append(c.patients, id)
	return id, nil
}

// agendaFixtureSession is one session row of the fixture.
type agendaFixtureSession struct {
	series                      int64 // 0: not from a series
	patient, psychologist, room int64 // room 0: online
	date                        clinic.Date
	start                       clinic.Clock
	minutes                     int
	status, kind                string
	confirmed                   bool
}

func (s agendaFixtureSession) insert(tx *sql.Tx) (int64, error) {
	var room, confirmed, series, occurrence any
	modality := "online"
	if s.room != 0 {
		room, modality = s.room, "in_person"
	}
	if s.series != 0 {
		series, occurrence = s.series, s.date.String()
	}
	if s.confirmed {
		confirmed = agendaFixtureStamp
	}
	if s.kind == "" {
		s.kind = "one_off"
	}
	return agendaFixtureInsert(tx, `INSERT INTO sessions (series_id, occurrence_date,
		patient_id, psychologist_id, room_id, modality, kind, date, start_min,
		end_min, status, confirmed_at, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		series, occurrence, s.patient, s.psychologist, room, modality, s.kind, s.date.String(),
		int(s.start), int(s.start)+s.minutes, s.status, confirmed,
		agendaFixtureStamp, agendaFixtureStamp)
}

// agendaFixtureMaterialized is the last date with session rows, and the
// series go on past it, which the free-slot finder must count.
var agendaFixtureMaterialized = clinic.MustDate("2026-12-11")

// sessions books most of each psychologist's hours as weekly series, a
// few as biweekly ones, each with its own patient and room, and writes
// their sessions for two weeks from agendaFixtureWeek. Past sessions are
// done, Helena's sessions in her vacation are called off by the clinic,
// and the sessions on the local holiday have the holiday status.
func (c *agendaFixtureClinic) sessions(tx *sql.Tx) error {
	seed := 7
	next := func(n int) int {
		seed = (seed*1103515245 + 12345) & 0x7fffffff
		return seed % n
	}
	for pi, p := range agendaFixturePsychologists {
		for w := 1; w <= 5; w++ {
			for _, h := range p.hours {
				start, end := clinic.MustClock(h[0]), clinic.MustClock(h[1])
				for at := start; at.Add(p.minutes) <= end; at = at.Add(p.minutes) {
					r := next(10)
					if r < 3 {
						continue
					}
					s := agendaFixtureSession{psychologist: c.psychologists[pi],
						room: c.rooms[agendaFixtureRoomOf[pi]], start: at,
						minutes: p.minutes, kind: "series",
						date: agendaFixtureWeek.AddDays(w - 1)}
					if next(9) == 0 {
						s.room = 0
					}
					freq := clinic.Weekly
					if r == 3 || r == 4 {
						freq = clinic.Biweekly
						s.date = s.date.AddDays(7 * (r - 3))
					}
					if err := c.series(tx, s, freq, pi, next); err != nil {
						return err
					}
				}
			}
		}
	}
	return c.specialSessions(tx, agendaFixtureToday)
}

// agendaFixtureRoomOf is each psychologist's usual room.
var agendaFixtureRoomOf = []string{"Sala 1", "Sala 2", "Sala 3", "Sala 4",
	"Sala 5", "Sala 6", "Sala 7", "Sala 8", "Sala 10", "Sala Azul",
	"Sala Verde", "Sala Lilás"}

// agendaFixtureToday is the test clock's date.
var agendaFixtureToday = clinic.MustDate("2026-12-04")

// series writes a series anchored on s.date and its sessions up to
// agendaFixtureMaterialized.
func (c *agendaFixtureClinic) series(tx *sql.Tx, s agendaFixtureSession, freq clinic.Frequency, pi int, next func(int) int) error {
	var err error
	if s.patient, err = c.patient(tx, s.psychologist); err != nil {
		return err
	}
	var room any
	modality := "online"
	if s.room != 0 {
		room, modality = s.room, "in_person"
	}
	s.series, err = agendaFixtureInsert(tx, `INSERT INTO series (patient_id,
		psychologist_id, room_id, modality, weekday, starts, minutes, frequency,
		anchor_date, materialized_until, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		s.patient, s.psychologist, room, modality, int(s.date.Weekday()),
		s.start.String(), s.minutes, string(freq), s.date.String(),
		agendaFixtureMaterialized.String(), agendaFixtureStamp)
	if err != nil {
		return err
	}
	rec := clinic.Recurrence{Anchor: s.date, Frequency: freq, Start: s.start, Minutes: s.minutes}
	for _, d := range rec.Occurrences(s.date, agendaFixtureMaterialized) {
		row := s
		row.date, row.status, row.confirmed = d, "scheduled", false
		switch {
		case d.String() == "2026-12-08":
			row.status = "holiday"
		case pi == 7 && !d.Before(clinic.MustDate("2026-12-02")):
			row.status = "cancelled_clinic"
		case d.Before(agendaFixtureToday) || d == agendaFixtureToday && s.start < clinic.MustClock("13:00"):
			row.status, row.confirmed = "done", true
			if next(12) == 0 {
				row.status = "missed_charged"
			}
		case next(6) == 0:
			row.confirmed = true
		}
		if _, err := row.insert(tx); err != nil {
			return err
		}
	}
	return nil
}

// specialSessions adds today's emergency, cancellation, online session and
// a double booking of Sala 9 (with the emergency), which the agenda must
// flag.
func (c *agendaFixtureClinic) specialSessions(tx *sql.Tx, today clinic.Date) error {
	patients := map[string]int64{}
	for _, p := range [][2]string{{"emergency", "Otávio Rezende"}, {"cancelled", "Gustavo Siqueira"},
		{"online", "João Pedro Almeida"}, {"conflict", "Vitória Brandão"}, {"deleted", "Paciente Removido"}} {
		social := ""
		if p[0] == "online" {
			social = "Joana Almeida"
		}
		id, err := agendaFixtureInsert(tx, `INSERT INTO patients (name, social_name, phone,
			created_at, updated_at) VALUES (?, ?, '11912345678', ?, ?)`,
			p[1], social, agendaFixtureStamp, agendaFixtureStamp)
		if err != nil {
			return err
		}
		patients[p[0]] = id
	}
	c.deleted = patients["deleted"]
	if _, err := tx.Exec(`UPDATE patients SET deleted_at = ? WHERE id = ?`, agendaFixtureStamp, c.deleted); err != nil {
		return err
	}
	list := map[string]agendaFixtureSession{
		"emergency": {psychologist: c.psychologists[6], room: c.rooms["Sala 9"],
			start: clinic.MustClock("15:10"), status: "scheduled", kind: "emergency"},
		"cancelled": {psychologist: c.psychologists[0], room: c.rooms["Sala 9"],
			start: clinic.MustClock("08:00"), status: "cancelled_patient", kind: "one_off"},
		"online": {psychologist: c.psychologists[5], start: clinic.MustClock("21:00"),
			status: "scheduled", kind: "one_off", confirmed: true},
		"conflict": {psychologist: c.psychologists[8], room: c.rooms["Sala 9"],
			start: clinic.MustClock("15:30"), status: "scheduled", kind: "one_off"},
		"deleted": {psychologist: c.psychologists[8], room: c.rooms["Sala 9"],
			start: clinic.MustClock("18:00"), status: "scheduled", kind: "one_off"},
	}
	for name, s := range list {
		s.patient, s.date, s.minutes = patients[name], today, 50
		id, err := s.insert(tx)
		if err != nil {
			return err
		}
		c.special[name] = id
	}
	return nil
}

// agendaFixtureLarge builds a clinic of one unit with rooms rooms and
// psychologists psychologists, each with a patient and six or eight
// sessions a day from Monday to Saturday of the test week, for load
// tests.
func agendaFixtureLarge(tb testing.TB, app *testApp, rooms, psychologists int) {
	tb.Helper()
	err := app.db.WriteTx(context.Background(), func(tx *sql.Tx) error {
		unit, err := agendaFixtureInsert(tx, `INSERT INTO units (name) VALUES ('Matriz')`)
		if err != nil {
			return err
		}
		var roomIDs []int64
		for r := 1; r <= rooms; r++ {
			id, err := agendaFixtureInsert(tx, `INSERT INTO rooms (unit_id, name) VALUES (?, ?)`,
				unit, fmt.Sprintf("Sala %d", r))
			if err != nil {
				return err
			}
			roomIDs = append(roomIDs, id)
			for w := 1; w <= 6; w++ {
				if _, err := tx.Exec(`INSERT INTO room_hours VALUES (?, ?, '07:00', '22:00')`, id, w); err != nil {
					return err
				}
			}
		}
		for p := 1; p <= psychologists; p++ {
			psy, err := agendaFixtureInsert(tx, `INSERT INTO psychologists (name, color,
				created_at, updated_at) VALUES (?, ?, ?, ?)`, fmt.Sprintf("Psicóloga %02d", p),
				fmt.Sprintf("#%02x%02x%02x", 40+p*3, 200-p*2, 120+p), agendaFixtureStamp, agendaFixtureStamp)
			if err != nil {
				return err
			}
			if _, err := tx.Exec(`INSERT INTO psychologist_units VALUES (?, ?)`, psy, unit); err != nil {
				return err
			}
			patient, err := agendaFixtureInsert(tx, `INSERT INTO patients (name, phone,
				psychologist_id, created_at, updated_at) VALUES (?, '11987654321', ?, ?, ?)`,
				fmt.Sprintf("Paciente %02d", p), psy, agendaFixtureStamp, agendaFixtureStamp)
			if err != nil {
				return err
			}
			// The first len(roomIDs) psychologists work 08:00-16:00 and the
			// others 16:00-22:00, each in a room of her own, so no session
			// clashes with another.
			first, slots := 8, 8
			if p > len(roomIDs) {
				first, slots = 16, 6
			}
			room := roomIDs[(p-1)%len(roomIDs)]
			for day := 0; day < 6; day++ {
				for slot := 0; slot < slots; slot++ {
					s := agendaFixtureSession{patient: patient, psychologist: psy,
						room: room, date: agendaFixtureWeek.AddDays(day),
						start: clinic.Clock((first + slot) * 60), minutes: 50, status: "scheduled"}
					if _, err := s.insert(tx); err != nil {
						return err
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatalf("build large clinic: %v", err)
	}
}
