package sqlite

import (
	"context"
	"slices"
	"testing"
	"time"

	"kpsicologia/app/clinic"
)

// agendaFixtureSmallClinic is two units, three rooms, two psychologists
// and a handful of sessions on Monday 2027-01-04 and Tuesday 2027-01-05.
type agendaFixtureSmallClinic struct {
	centro, sul         int64
	sala1, sala2, sala3 int64
	ana, bruno          int64
	maria, joao, gone   int64
	sessions            map[string]int64
}

func agendaFixtureSmall(tb testing.TB, db *DB) agendaFixtureSmallClinic {
	tb.Helper()
	var c agendaFixtureSmallClinic
	c.centro = agendaFixtureUnit(tb, db, "Centro")
	c.sul = agendaFixtureUnit(tb, db, "Zona Sul")
	c.sala1 = agendaFixtureRoom(tb, db, c.centro, "Sala 1", "07:00", "22:00")
	c.sala2 = agendaFixtureRoom(tb, db, c.centro, "Sala 2", "08:00", "18:00")
	c.sala3 = agendaFixtureRoom(tb, db, c.sul, "Sala 3", "07:00", "22:00")
	c.ana = agendaFixturePsychologist(tb, db, "Ana Lima", "#d63384", 50, c.centro)
	c.bruno = agendaFixturePsychologist(tb, db, "Bruno Reis", "#198754", 45, c.sul)
	c.maria = agendaFixturePatient(tb, db, "Maria Souza", "", "11987654321", c.ana)
	c.joao = agendaFixturePatient(tb, db, "Joana Prado", "Jô Prado", "1133334444", c.bruno)
	c.gone = agendaFixturePatient(tb, db, "Paciente Excluído", "", "", c.ana)
	mustExec(tb, db, `UPDATE patients SET deleted_at = ? WHERE id = ?`, agendaFixtureStamp, c.gone)

	c.sessions = map[string]int64{
		"ana-mon-0800": agendaFixtureSession(tb, db, agendaFixtureSessionRow{
			PatientID: c.maria, PsychologistID: c.ana, RoomID: c.sala1,
			Date: "2027-01-04", Start: "08:00", Confirmed: true}),
		"ana-mon-online": agendaFixtureSession(tb, db, agendaFixtureSessionRow{
			PatientID: c.maria, PsychologistID: c.ana,
			Date: "2027-01-04", Start: "10:00", Kind: "emergency"}),
		"ana-mon-cancel": agendaFixtureSession(tb, db, agendaFixtureSessionRow{
			PatientID: c.maria, PsychologistID: c.ana, RoomID: c.sala2,
			Date: "2027-01-04", Start: "14:00", Status: "cancelled_patient"}),
		"ana-mon-deleted": agendaFixtureSession(tb, db, agendaFixtureSessionRow{
			PatientID: c.gone, PsychologistID: c.ana, RoomID: c.sala2,
			Date: "2027-01-04", Start: "15:00"}),
		"bruno-mon-0900": agendaFixtureSession(tb, db, agendaFixtureSessionRow{
			PatientID: c.joao, PsychologistID: c.bruno, RoomID: c.sala3,
			Date: "2027-01-04", Start: "09:00", Minutes: 45}),
		"bruno-tue-online": agendaFixtureSession(tb, db, agendaFixtureSessionRow{
			PatientID: c.joao, PsychologistID: c.bruno,
			Date: "2027-01-05", Start: "19:00", Minutes: 45}),
	}
	return c
}

func agendaSessionIDs(list []AgendaSession) []int64 {
	ids := make([]int64, len(list))
	for i, s := range list {
		ids[i] = s.ID
	}
	return ids
}

func TestAgendaFilters(t *testing.T) {
	db := mustOpen(t, testNow)
	c := agendaFixtureSmall(t, db)
	s := c.sessions
	mon, tue := clinic.MustDate("2027-01-04"), clinic.MustDate("2027-01-05")

	tests := []struct {
		name   string
		filter AgendaFilter
		want   []int64
	}{
		{"all", AgendaFilter{From: mon, To: tue},
			[]int64{s["ana-mon-0800"], s["bruno-mon-0900"], s["ana-mon-online"],
				s["ana-mon-cancel"], s["bruno-tue-online"]}},
		{"one day", AgendaFilter{From: tue, To: tue},
			[]int64{s["bruno-tue-online"]}},
		{"unit keeps online of its psychologists", AgendaFilter{From: mon, To: tue, UnitID: c.centro},
			[]int64{s["ana-mon-0800"], s["ana-mon-online"], s["ana-mon-cancel"]}},
		{"other unit", AgendaFilter{From: mon, To: tue, UnitID: c.sul},
			[]int64{s["bruno-mon-0900"], s["bruno-tue-online"]}},
		{"room", AgendaFilter{From: mon, To: tue, RoomID: c.sala2},
			[]int64{s["ana-mon-cancel"]}},
		{"psychologist", AgendaFilter{From: mon, To: tue, PsychologistID: c.bruno},
			[]int64{s["bruno-mon-0900"], s["bruno-tue-online"]}},
		{"online", AgendaFilter{From: mon, To: tue, Modality: "online"},
			[]int64{s["ana-mon-online"], s["bruno-tue-online"]}},
		{"active hides cancelled", AgendaFilter{From: mon, To: mon, Status: AgendaStatusActive},
			[]int64{s["ana-mon-0800"], s["bruno-mon-0900"], s["ana-mon-online"]}},
		{"one status", AgendaFilter{From: mon, To: mon, Status: "cancelled_patient"},
			[]int64{s["ana-mon-cancel"]}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := db.Agenda(context.Background(), adminActor, tt.filter)
			if err != nil {
				t.Fatalf("Agenda: %v", err)
			}
			if got := agendaSessionIDs(a.Sessions); !slices.Equal(got, tt.want) {
				t.Errorf("sessions = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestAgendaSessionFields(t *testing.T) {
	db := mustOpen(t, testNow)
	c := agendaFixtureSmall(t, db)
	day := clinic.MustDate("2027-01-04")
	a, err := db.Agenda(context.Background(), adminActor, AgendaFilter{From: day, To: day.AddDays(1)})
	if err != nil {
		t.Fatalf("Agenda: %v", err)
	}
	byID := map[int64]AgendaSession{}
	for _, s := range a.Sessions {
		byID[s.ID] = s
		if s.PatientID == c.gone {
			t.Errorf("session %d of a deleted patient is on the agenda", s.ID)
		}
	}
	first := byID[c.sessions["ana-mon-0800"]]
	if first.PatientName != "Maria Souza" || first.PatientPhone != "11987654321" {
		t.Errorf("patient = %q %q", first.PatientName, first.PatientPhone)
	}
	if first.RoomName != "Sala 1" || first.UnitName != "Centro" || first.Color != "#d63384" {
		t.Errorf("room/unit/colour = %q %q %q", first.RoomName, first.UnitName, first.Color)
	}
	if !first.Confirmed || first.Start != clinic.MustClock("08:00") || first.End != clinic.MustClock("08:50") {
		t.Errorf("confirmed/time = %v %v-%v", first.Confirmed, first.Start, first.End)
	}
	social := byID[c.sessions["bruno-mon-0900"]]
	if social.PatientName != "Jô Prado" {
		t.Errorf("social name: patient = %q, want Jô Prado", social.PatientName)
	}
	online := byID[c.sessions["ana-mon-online"]]
	if online.RoomID != 0 || online.Modality != "online" || online.Kind != "emergency" {
		t.Errorf("online = room %d %s %s", online.RoomID, online.Modality, online.Kind)
	}
}

func TestAgendaRoomsAndPsychologists(t *testing.T) {
	db := mustOpen(t, testNow)
	c := agendaFixtureSmall(t, db)
	agendaFixtureAvailability(t, db, c.ana, time.Monday, "08:00", "12:00", c.centro)
	agendaFixtureAvailability(t, db, c.ana, time.Monday, "13:00", "18:00", 0)
	mustExec(t, db, `INSERT INTO availability_dates (psychologist_id, date, starts, ends)
		VALUES (?, '2027-01-05', '09:00', '11:00')`, c.ana)
	mustExec(t, db, `INSERT INTO blocks (psychologist_id, starts_on, ends_on, reason,
		created_at) VALUES (?, '2027-01-05', '2027-01-20', 'Férias', ?)`, c.bruno, agendaFixtureStamp)
	day := clinic.MustDate("2027-01-04")
	a, err := db.Agenda(context.Background(), adminActor, AgendaFilter{From: day, To: day.AddDays(6)})
	if err != nil {
		t.Fatalf("Agenda: %v", err)
	}
	if len(a.Units) != 2 || a.Units[0].Name != "Centro" {
		t.Errorf("units = %v", a.Units)
	}
	if len(a.Rooms) != 3 {
		t.Fatalf("rooms = %d, want 3", len(a.Rooms))
	}
	sala2 := a.Rooms[1]
	want := clinic.Interval{Start: clinic.MustClock("08:00"), End: clinic.MustClock("18:00")}
	if sala2.Name != "Sala 2" || sala2.Hours[time.Monday] != want {
		t.Errorf("Sala 2 hours = %v", sala2.Hours)
	}
	if _, open := sala2.Hours[time.Sunday]; open {
		t.Errorf("Sala 2 opens on Sunday")
	}
	ana, ok := a.Psychologist(c.ana)
	if !ok {
		t.Fatal("Ana missing")
	}
	if got := ana.HoursOn(day, c.centro); len(got) != 2 {
		t.Errorf("Ana's Monday hours in Centro = %v, want two ranges", got)
	}
	if got := ana.HoursOn(day, c.sul); len(got) != 1 {
		t.Errorf("Ana's Monday hours in Zona Sul = %v, want the unit-free range", got)
	}
	if got := ana.HoursOn(day.AddDays(1), 0); len(got) != 1 || got[0].Start != clinic.MustClock("09:00") {
		t.Errorf("Ana's extra date = %v", got)
	}
	bruno, _ := a.Psychologist(c.bruno)
	if b, ok := bruno.BlockOn(day.AddDays(3)); !ok || b.Reason != "Férias" {
		t.Errorf("Bruno's block = %v %v", b, ok)
	}
	if _, ok := bruno.BlockOn(day); ok {
		t.Errorf("Bruno blocked on Monday")
	}
	if !ana.InUnit(c.centro) || ana.InUnit(c.sul) {
		t.Errorf("Ana's units = %v", ana.UnitIDs)
	}
}

func TestAgendaHolidaysAndClosures(t *testing.T) {
	db := mustOpen(t, testNow)
	mustExec(t, db, `INSERT INTO local_holidays (date, name, yearly)
		VALUES ('2020-01-25', 'Aniversário de São Paulo', 1)`)
	mustExec(t, db, `INSERT INTO closures (date, reason) VALUES ('2027-01-22', 'Dedetização')`)
	from := clinic.MustDate("2027-01-18")
	a, err := db.Agenda(context.Background(), adminActor, AgendaFilter{From: from, To: from.AddDays(13)})
	if err != nil {
		t.Fatalf("Agenda: %v", err)
	}
	if h, ok := a.Holidays.Lookup(clinic.MustDate("2027-01-25")); !ok || !h.Local {
		t.Errorf("local yearly holiday = %v %v", h, ok)
	}
	if c, ok := a.ClosureOn(clinic.MustDate("2027-01-22")); !ok || c.Reason != "Dedetização" {
		t.Errorf("closure = %v %v", c, ok)
	}
	if _, ok := a.ClosureOn(clinic.MustDate("2027-01-21")); ok {
		t.Errorf("closure on the wrong day")
	}
}

func TestAgendaScope(t *testing.T) {
	db := mustOpen(t, testNow)
	c := agendaFixtureSmall(t, db)
	day := clinic.MustDate("2027-01-04")
	f := AgendaFilter{From: day, To: day.AddDays(1)}
	ana := clinic.Actor{UserID: 9, Role: clinic.RolePsychologist, PsychologistID: c.ana}
	reception := clinic.Actor{UserID: 8, Role: clinic.RoleReception}

	a, err := db.Agenda(context.Background(), ana, f)
	if err != nil {
		t.Fatalf("own agenda: %v", err)
	}
	for _, s := range a.Sessions {
		if s.PsychologistID != c.ana {
			t.Errorf("psychologist sees session %d of psychologist %d", s.ID, s.PsychologistID)
		}
	}
	if len(a.Sessions) != 3 {
		t.Errorf("own sessions = %d, want 3", len(a.Sessions))
	}

	f.PsychologistID = c.bruno
	if _, err := db.Agenda(context.Background(), ana, f); clinic.ErrorCode(err) != clinic.ErrNotFound {
		t.Errorf("another's agenda: err = %v, want not found", err)
	}
	unlinked := clinic.Actor{UserID: 7, Role: clinic.RolePsychologist}
	if _, err := db.Agenda(context.Background(), unlinked, AgendaFilter{From: day, To: day}); clinic.ErrorCode(err) != clinic.ErrNotFound {
		t.Errorf("unlinked psychologist: err = %v, want not found", err)
	}
	a, err = db.Agenda(context.Background(), reception, f)
	if err != nil || len(a.Sessions) != 2 {
		t.Errorf("reception sees Bruno's agenda: %v, %d sessions", err, len(a.Sessions))
	}
}

func TestAgendaInvalidFilter(t *testing.T) {
	db := mustOpen(t, testNow)
	day := clinic.MustDate("2027-01-04")
	tests := []struct {
		name string
		f    AgendaFilter
	}{
		{"no dates", AgendaFilter{}},
		{"reversed", AgendaFilter{From: day, To: day.AddDays(-1)}},
		{"too long", AgendaFilter{From: day, To: day.AddDays(AgendaMaxDays)}},
		{"modality", AgendaFilter{From: day, To: day, Modality: "phone"}},
		{"status", AgendaFilter{From: day, To: day, Status: "deleted"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := db.Agenda(context.Background(), adminActor, tt.f)
			if clinic.ErrorCode(err) != clinic.ErrInvalid {
				t.Errorf("err = %v, want invalid", err)
			}
		})
	}
}

// TestAgendaQueryCount checks that the agenda runs the same few queries
// for an empty clinic and for 60 psychologists with 2,880 sessions.
func TestAgendaQueryCount(t *testing.T) {
	monday := clinic.MustDate("2027-01-04")
	f := AgendaFilter{From: monday, To: monday.AddDays(6)}
	count := func(db *DB) (int, int) {
		cq := &agendaCountingQuerier{q: db.read}
		a, err := loadAgenda(context.Background(), cq, f)
		if err != nil {
			t.Fatalf("loadAgenda: %v", err)
		}
		return cq.n, len(a.Sessions)
	}
	small, _ := count(mustOpen(t, testNow))
	big := mustOpen(t, testNow)
	agendaFixtureBigClinic(t, big, 2, 20, 60, monday)
	n, sessions := count(big)
	if sessions != 60*6*8 {
		t.Errorf("big clinic sessions = %d, want %d", sessions, 60*6*8)
	}
	if n != small {
		t.Errorf("queries: %d for the big clinic, %d for the empty one", n, small)
	}
	if n > 8 {
		t.Errorf("queries = %d, want at most 8", n)
	}
}

func TestAgendaCompareNames(t *testing.T) {
	names := []string{"Sala 10", "sala 2", "Sala Azul", "Sala 1", "Consultório 3", "Sala 2B"}
	slices.SortFunc(names, AgendaCompareNames)
	want := []string{"Consultório 3", "Sala 1", "sala 2", "Sala 2B", "Sala 10", "Sala Azul"}
	if !slices.Equal(names, want) {
		t.Errorf("sorted = %q, want %q", names, want)
	}
}
