package sqlite

import (
	"database/sql"
	"strings"
	"testing"

	"kpsicologia/app/clinic"
)

func TestConflictOverlaps(t *testing.T) {
	c := scheduleFixture(t, testNow)
	c.mustSession(t, c.oneOff(c.maria, c.paula, c.room2, "2026-12-07", "14:00", 50))

	tests := []struct {
		name     string
		start    string
		minutes  int
		conflict bool
	}{
		{"right after", "14:50", 50, false},
		{"right before", "13:10", 50, false},
		{"same slot", "14:00", 50, true},
		{"tail overlap", "14:30", 50, true},
		{"head overlap", "13:20", 50, true},
		{"inside", "14:10", 20, true},
		{"around", "13:30", 120, true},
		{"last minute", "14:49", 30, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := c.oneOff(c.carla, c.ana, c.room2, "2026-12-07", tt.start, tt.minutes)
			b, err := c.db.CreateSession(c.ctx, adminActor, n)
			if !tt.conflict {
				if err != nil {
					t.Fatalf("booking %s: %v", tt.start, err)
				}
				// Free the slot for the next case.
				mustExec(t, c.db, `DELETE FROM sessions WHERE id = ?`, b.ID)
				return
			}
			ce := scheduleWantCode(t, err, clinic.ErrConflict)
			if ce.Message != "Conflito: a Sala 2 já está ocupada em 07/12/2026 das 14:00 às 14:50 por Maria S. com Dra. Paula." {
				t.Errorf("message %q", ce.Message)
			}
		})
	}
}

func TestConflictKinds(t *testing.T) {
	c := scheduleFixture(t, testNow)
	c.mustSession(t, c.oneOff(c.maria, c.paula, c.room2, "2026-12-07", "14:00", 50))
	online := NewSession{PatientID: c.joao, PsychologistID: c.paula,
		Modality: ModalityOnline, Kind: KindOneOff, Date: "2026-12-07",
		Start: "14:20", Minutes: 50}
	tests := []struct {
		name string
		n    NewSession
		want string
	}{
		{"psychologist", online,
			"Conflito: Dra. Paula já tem sessão em 07/12/2026 das 14:00 às 14:50 com Maria S. na Sala 2."},
		{"patient", c.oneOff(c.maria, c.ana, c.room1, "2026-12-07", "14:40", 50),
			"Conflito: Maria S. já tem sessão em 07/12/2026 das 14:00 às 14:50 com Dra. Paula na Sala 2."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := c.db.CreateSession(c.ctx, adminActor, tt.n)
			ce := scheduleWantCode(t, err, clinic.ErrConflict)
			if ce.Message != tt.want {
				t.Errorf("message %q\nwant    %q", ce.Message, tt.want)
			}
		})
	}
	// Another room, another patient and psychologist: no conflict.
	c.mustSession(t, c.oneOff(c.carla, c.ana, c.room1, "2026-12-07", "14:00", 50))
	// The same slot on another date: no conflict.
	c.mustSession(t, c.oneOff(c.joao, c.paula, c.room2, "2026-12-08", "14:00", 50))
}

func TestConflictPrivacy(t *testing.T) {
	c := scheduleFixture(t, testNow)
	c.mustSession(t, c.oneOff(c.carla, c.ana, c.room2, "2026-12-07", "14:00", 50))
	_, err := c.db.CreateSession(c.ctx, schedulePsychologist(c.paula),
		c.oneOff(c.maria, c.paula, c.room2, "2026-12-07", "14:00", 50))
	ce := scheduleWantCode(t, err, clinic.ErrConflict)
	if strings.Contains(ce.Message, "Carla") {
		t.Errorf("a psychologist sees another psychologist's patient: %q", ce.Message)
	}
	want := "Conflito: a Sala 2 já está ocupada em 07/12/2026 das 14:00 às 14:50 por uma sessão de Dra. Ana."
	if ce.Message != want {
		t.Errorf("message %q\nwant    %q", ce.Message, want)
	}
}

func TestCancelledAndDeletedDoNotBlock(t *testing.T) {
	c := scheduleFixture(t, testNow)
	b := c.mustSession(t, c.oneOff(c.maria, c.paula, c.room2, "2026-12-07", "14:00", 50))
	if err := c.db.CancelSession(c.ctx, adminActor, b.ID, StatusCancelledClinic, "sala em reforma"); err != nil {
		t.Fatal(err)
	}
	c.mustSession(t, c.oneOff(c.carla, c.ana, c.room2, "2026-12-07", "14:00", 50))

	c.mustSession(t, c.oneOff(c.joao, c.paula, c.room1, "2026-12-08", "10:00", 50))
	mustExec(t, c.db, `UPDATE patients SET deleted_at = 'x' WHERE id = ?`, c.joao)
	c.mustSession(t, c.oneOff(c.carla, c.ana, c.room1, "2026-12-08", "10:00", 50))

	var notes string
	c.db.read.QueryRow(`SELECT notes FROM sessions WHERE id = ?`, b.ID).Scan(&notes)
	if notes != "Desmarcada pela clínica: sala em reforma" {
		t.Errorf("notes %q", notes)
	}
	if err := c.db.CancelSession(c.ctx, adminActor, b.ID, StatusCancelledPatient, ""); clinic.ErrorCode(err) != clinic.ErrLocked {
		t.Errorf("cancelling twice: %v, want ErrLocked", err)
	}
}

func TestOneOffAgainstSeriesPastHorizon(t *testing.T) {
	c := scheduleFixture(t, testNow)
	c.mustSeries(t, c.weekly(c.maria, c.paula, c.room2, "2026-12-07"))
	_, err := c.db.CreateSession(c.ctx, adminActor,
		c.oneOff(c.carla, c.ana, c.room2, "2027-06-07", "14:30", 50))
	ce := scheduleWantCode(t, err, clinic.ErrConflict)
	want := "Conflito: a Sala 2 já está ocupada em 07/06/2027 das 14:00 às 14:50 por Maria S. com Dra. Paula (horário fixo)."
	if ce.Message != want {
		t.Errorf("message %q\nwant    %q", ce.Message, want)
	}
	// A Tuesday is free.
	c.mustSession(t, c.oneOff(c.carla, c.ana, c.room2, "2027-06-08", "14:30", 50))
}

func TestSeriesAgainstFutureOneOff(t *testing.T) {
	c := scheduleFixture(t, testNow)
	c.mustSession(t, c.oneOff(c.carla, c.ana, c.room2, "2027-09-06", "14:30", 50))
	_, err := c.db.CreateSeries(c.ctx, adminActor, c.weekly(c.maria, c.paula, c.room2, "2026-12-07"))
	ce := scheduleWantCode(t, err, clinic.ErrConflict)
	scheduleWantContains(t, ce.Message, "06/09/2027 das 14:30 às 15:20 por Carla D.")
	// With an end date before it, the series fits.
	n := c.weekly(c.maria, c.paula, c.room2, "2026-12-07")
	n.EndDate = "2027-08-30"
	c.mustSeries(t, n)
}

func TestMoveSession(t *testing.T) {
	c := scheduleFixture(t, testNow)
	b := c.mustSeries(t, c.weekly(c.maria, c.paula, c.room2, "2026-12-07"))
	c.mustSession(t, c.oneOff(c.carla, c.ana, c.room1, "2026-12-09", "10:00", 50))
	id := c.seriesSessionOn(t, b.ID, "2026-12-14")

	_, err := c.db.MoveSession(c.ctx, adminActor, id, SessionMove{Date: "2026-12-09",
		Start: "10:30", RoomID: c.room1, Modality: ModalityInPerson})
	ce := scheduleWantCode(t, err, clinic.ErrConflict)
	scheduleWantContains(t, ce.Message, "a Sala 1 já está ocupada em 09/12/2026 das 10:00 às 10:50 por Carla D.")

	// Moving onto its own slot an hour later does not clash with itself.
	if _, err := c.db.MoveSession(c.ctx, adminActor, id, SessionMove{Date: "2026-12-14",
		Start: "14:30", RoomID: c.room2, Modality: ModalityInPerson}); err != nil {
		t.Fatalf("move within its own slot: %v", err)
	}
	if _, err := c.db.MoveSession(c.ctx, adminActor, id, SessionMove{Date: "2026-12-16",
		Start: "09:00", Modality: ModalityOnline}); err != nil {
		t.Fatal(err)
	}
	s, _ := c.db.SessionByID(c.ctx, adminActor, id)
	if s.Date != "2026-12-16" || s.OccurrenceDate != "2026-12-14" || s.RoomID != 0 ||
		!s.Online() || s.Minutes() != 50 || !s.Moved() {
		t.Errorf("moved session %+v", s)
	}
	// Its old slot is free now.
	c.mustSession(t, c.oneOff(c.carla, c.ana, c.room2, "2026-12-14", "14:00", 50))

	mustExec(t, c.db, `UPDATE sessions SET status = 'done' WHERE id = ?`, id)
	_, err = c.db.MoveSession(c.ctx, adminActor, id, SessionMove{Date: "2026-12-17",
		Start: "09:00", Modality: ModalityOnline})
	scheduleWantCode(t, err, clinic.ErrLocked)

	// A psychologist cannot even find another psychologist's session.
	_, err = c.db.SessionByID(c.ctx, schedulePsychologist(c.ana), id)
	scheduleWantCode(t, err, clinic.ErrNotFound)
}

func TestAvailabilityRules(t *testing.T) {
	c := scheduleFixture(t, testNow)
	paula := schedulePsychologist(c.paula)
	if _, err := c.db.AddWeeklyHours(c.ctx, paula, c.paula, WeeklyHours{Weekday: 1,
		Starts: "08:00", Ends: "12:00"}); err != nil {
		t.Fatal(err)
	}
	mustExec(t, c.db, `INSERT INTO room_hours (room_id, weekday, opens, closes)
		VALUES (?, 1, '08:00', '18:00')`, c.room2)
	reviewed := ""
	c.db.read.QueryRow(`SELECT coalesce(agenda_reviewed_at, '') FROM psychologists WHERE id = ?`,
		c.paula).Scan(&reviewed)
	if reviewed == "" {
		t.Errorf("saving own hours did not set agenda_reviewed_at")
	}

	n := c.oneOff(c.maria, c.paula, c.room2, "2026-12-07", "14:00", 50)
	_, err := c.db.CreateSession(c.ctx, adminActor, n)
	ce := scheduleWantCode(t, err, clinic.ErrInvalid)
	scheduleWantContains(t, ce.Message, "Dra. Paula atende às segundas-feiras das 08:00 às 12:00")
	if ce.Fields["override"] == "" {
		t.Errorf("no override hint for staff: %v", ce.Fields)
	}

	n.Override = true
	_, err = c.db.CreateSession(c.ctx, adminActor, n)
	ce = scheduleWantCode(t, err, clinic.ErrInvalid)
	if ce.Fields["override_reason"] == "" {
		t.Errorf("override without a reason accepted: %v", ce)
	}

	_, err = c.db.CreateSession(c.ctx, paula, n)
	ce = scheduleWantCode(t, err, clinic.ErrInvalid)
	scheduleWantContains(t, ce.Message, "Ajuste sua disponibilidade")

	n.OverrideReason = "reposição combinada"
	b, err := c.db.CreateSession(c.ctx, scheduleReception, n)
	if err != nil {
		t.Fatalf("override by reception: %v", err)
	}
	s, _ := c.db.SessionByID(c.ctx, adminActor, b.ID)
	if s.OverrideReason != "reposição combinada" {
		t.Errorf("override reason %q", s.OverrideReason)
	}
	var detail string
	c.db.read.QueryRow(`SELECT detail FROM audit_log WHERE entity = 'session' AND entity_id = ?`,
		b.ID).Scan(&detail)
	scheduleWantContains(t, detail, "motivo: reposição combinada")
	scheduleWantContains(t, detail, "atende às segundas-feiras")

	// A session must end by closing time.
	late := c.oneOff(c.joao, c.paula, c.room2, "2026-12-07", "11:30", 50)
	late.Start = "17:30"
	late.Override = false
	_, err = c.db.CreateSession(c.ctx, adminActor, late)
	ce = scheduleWantCode(t, err, clinic.ErrInvalid)
	scheduleWantContains(t, ce.Message, "A Sala 2 fecha às 18:00 às segundas-feiras; a sessão terminaria às 18:20.")

	// Inside both the hours and the opening hours: fine.
	c.mustSession(t, c.oneOff(c.joao, c.paula, c.room2, "2026-12-07", "11:10", 50))

	// An emergency outside the psychologist's hours only warns.
	em := c.oneOff(c.joao, c.paula, c.room2, "2026-12-14", "16:00", 50)
	em.Kind = KindEmergency
	b, err = c.db.CreateSession(c.ctx, adminActor, em)
	if err != nil {
		t.Fatalf("emergency: %v", err)
	}
	if len(b.Warnings) == 0 {
		t.Errorf("emergency outside hours without a warning")
	}
}

func TestSeriesAvailability(t *testing.T) {
	c := scheduleFixture(t, testNow)
	// 25/12/2026 is a Friday holiday (Natal); Paula is on leave 08-09/01.
	if _, _, err := c.db.AddBlock(c.ctx, adminActor, NewBlock{PsychologistID: c.paula,
		StartsOn: "2027-01-08", EndsOn: "2027-01-09", Reason: "Licença médica"}); err != nil {
		t.Fatal(err)
	}
	n := c.weekly(c.maria, c.paula, c.room1, "2026-12-18")
	b := c.mustSeries(t, n)
	joined := strings.Join(b.Warnings, "\n")
	scheduleWantContains(t, joined, "25/12/2026 é feriado (Natal)")
	scheduleWantContains(t, joined, "Dra. Paula está de licença médica de 08/01/2027 a 09/01/2027")
	dates := c.seriesDates(t, b.ID, StatusScheduled)
	if !scheduleHas(dates, "2026-12-25") || !scheduleHas(dates, "2027-01-08") {
		t.Errorf("occurrences on a holiday or block were dropped: %v", dates)
	}

	// A one-off on the holiday needs an override.
	_, err := c.db.CreateSession(c.ctx, adminActor,
		c.oneOff(c.joao, c.paula, c.room2, "2026-12-25", "10:00", 50))
	ce := scheduleWantCode(t, err, clinic.ErrInvalid)
	scheduleWantContains(t, ce.Message, "25/12/2026 é feriado (Natal).")

	// Hours problems block a series.
	if _, err := c.db.AddWeeklyHours(c.ctx, adminActor, c.ana, WeeklyHours{Weekday: 2,
		Starts: "08:00", Ends: "12:00"}); err != nil {
		t.Fatal(err)
	}
	_, err = c.db.CreateSeries(c.ctx, adminActor, c.weekly(c.carla, c.ana, c.room2, "2026-12-08"))
	ce = scheduleWantCode(t, err, clinic.ErrInvalid)
	scheduleWantContains(t, ce.Message, "Dra. Ana atende às terças-feiras das 08:00 às 12:00")
}

func scheduleHas(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func TestBlockListsSessions(t *testing.T) {
	c := scheduleFixture(t, testNow)
	b := c.mustSeries(t, c.weekly(c.maria, c.paula, c.room2, "2026-12-07"))
	c.mustSession(t, c.oneOff(c.carla, c.ana, c.room1, "2026-12-15", "10:00", 50))
	id, sessions, err := c.db.AddBlock(c.ctx, schedulePsychologist(c.paula), NewBlock{
		PsychologistID: c.paula, StartsOn: "2026-12-12", EndsOn: "2026-12-28", Reason: "Férias"})
	if err != nil {
		t.Fatal(err)
	}
	if len(sessions) != 3 {
		t.Fatalf("%d sessions in the block, want Paula's 3 Mondays", len(sessions))
	}
	for _, s := range sessions {
		if s.PsychologistID != c.paula {
			t.Errorf("session %d of another psychologist listed", s.ID)
		}
	}
	// Booking inside the block is rejected with the reason.
	_, err = c.db.CreateSession(c.ctx, adminActor, c.oneOff(c.joao, c.paula, c.room1, "2026-12-16", "10:00", 50))
	ce := scheduleWantCode(t, err, clinic.ErrInvalid)
	scheduleWantContains(t, ce.Message, "Dra. Paula está de férias de 12/12/2026 a 28/12/2026.")

	ids := []int64{sessions[0].ID, sessions[1].ID}
	n, err := c.db.CancelSessions(c.ctx, adminActor, ids, StatusCancelledClinic, "Férias")
	if err != nil || n != 2 {
		t.Fatalf("CancelSessions = %d, %v", n, err)
	}
	_, left, _ := c.db.BlockByID(c.ctx, adminActor, id)
	if len(left) != 1 {
		t.Errorf("%d sessions left in the block, want 1", len(left))
	}
	if got := c.seriesDates(t, b.ID, StatusCancelledClinic); len(got) != 2 {
		t.Errorf("cancelled %v", got)
	}
	// Another psychologist cannot see or delete the block.
	if err := c.db.DeleteBlock(c.ctx, schedulePsychologist(c.ana), id); clinic.ErrorCode(err) != clinic.ErrNotFound {
		t.Errorf("delete by another psychologist: %v", err)
	}
	if err := c.db.DeleteBlock(c.ctx, schedulePsychologist(c.paula), id); err != nil {
		t.Errorf("delete own block: %v", err)
	}
}

func TestWeeklyHoursRules(t *testing.T) {
	c := scheduleFixture(t, testNow)
	paula := schedulePsychologist(c.paula)
	id, err := c.db.AddWeeklyHours(c.ctx, paula, c.paula, WeeklyHours{Weekday: 1, Starts: "08:00", Ends: "12:00"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.db.AddWeeklyHours(c.ctx, paula, c.paula, WeeklyHours{Weekday: 1, Starts: "11:00", Ends: "13:00"})
	ce := scheduleWantCode(t, err, clinic.ErrInvalid)
	scheduleWantContains(t, ce.Fields["starts"], "Já existe o horário das 08:00 às 12:00 às segundas-feiras")
	_, err = c.db.AddWeeklyHours(c.ctx, paula, c.paula, WeeklyHours{Weekday: 1, Starts: "14:00", Ends: "13:00"})
	scheduleWantCode(t, err, clinic.ErrInvalid)
	if _, err := c.db.AddWeeklyHours(c.ctx, paula, c.paula, WeeklyHours{Weekday: 1, Starts: "12:00", Ends: "18:00"}); err != nil {
		t.Errorf("touching range: %v", err)
	}
	_, err = c.db.AddWeeklyHours(c.ctx, paula, c.ana, WeeklyHours{Weekday: 1, Starts: "08:00", Ends: "12:00"})
	scheduleWantCode(t, err, clinic.ErrNotFound)
	if err := c.db.DeleteWeeklyHours(c.ctx, schedulePsychologist(c.ana), id); clinic.ErrorCode(err) != clinic.ErrNotFound {
		t.Errorf("another psychologist deleted Paula's hours: %v", err)
	}
	a, err := c.db.AvailabilityOf(c.ctx, scheduleReception, c.paula)
	if err != nil || len(a.Weekly) != 2 {
		t.Fatalf("AvailabilityOf = %+v, %v", a, err)
	}
	if err := c.db.MarkAgendaReviewed(c.ctx, scheduleReception, c.paula); clinic.ErrorCode(err) != clinic.ErrForbidden {
		t.Errorf("reception marked Paula's review: %v", err)
	}
	if _, err := c.db.AddDateHours(c.ctx, paula, c.paula, DateHours{Date: "2026-12-12",
		Starts: "08:00", Ends: "12:00"}); err != nil {
		t.Fatal(err)
	}
	// The extra Saturday opens a slot a weekly range does not.
	c.mustSession(t, c.oneOff(c.maria, c.paula, c.room1, "2026-12-12", "09:00", 50))
}

func TestHolidaysAndClosures(t *testing.T) {
	c := scheduleFixture(t, testNow)
	c.mustSession(t, c.oneOff(c.maria, c.paula, c.room1, "2027-01-25", "10:00", 50))
	c.mustSession(t, c.oneOff(c.carla, c.ana, c.room2, "2026-12-21", "10:00", 50))
	if _, err := c.db.AddLocalHoliday(c.ctx, scheduleReception, "2027-01-25", "Aniversário de São Paulo", true); clinic.ErrorCode(err) != clinic.ErrForbidden {
		t.Errorf("reception added a holiday: %v", err)
	}
	if _, err := c.db.AddLocalHoliday(c.ctx, adminActor, "2027-01-25", "Aniversário de São Paulo", true); err != nil {
		t.Fatal(err)
	}
	if _, err := c.db.AddClosure(c.ctx, adminActor, "2026-12-21", "Dedetização"); err != nil {
		t.Fatal(err)
	}
	_, err := c.db.AddClosure(c.ctx, adminActor, "2026-12-21", "De novo")
	scheduleWantCode(t, err, clinic.ErrInvalid)

	days, err := c.db.DaysOff(c.ctx, adminActor, "2026-12-01", "2027-01-31")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]DayOff{}
	for _, d := range days {
		got[d.Date] = d
	}
	if d := got["2027-01-25"]; !d.Local || d.Sessions != 1 {
		t.Errorf("local holiday %+v, want local with 1 session", d)
	}
	if d := got["2026-12-21"]; !d.Closure || d.Sessions != 1 {
		t.Errorf("closure %+v", d)
	}
	if d := got["2026-12-25"]; d.Name != "Natal" {
		t.Errorf("Natal missing: %+v", d)
	}
	// A yearly holiday entered for 2027 repeats in 2028 but not in 2026.
	cal, _ := c.db.HolidayCalendar(c.ctx, 2026, 2028)
	if _, ok := cal.Lookup(clinic.MustDate("2028-01-25")); !ok {
		t.Errorf("yearly holiday missing in 2028")
	}
	if _, ok := cal.Lookup(clinic.MustDate("2026-01-25")); ok {
		t.Errorf("yearly holiday marked before its first year")
	}
	// A psychologist sees counts of their own sessions only.
	days, _ = c.db.DaysOff(c.ctx, schedulePsychologist(c.ana), "2027-01-25", "2027-01-25")
	if len(days) != 1 || days[0].Sessions != 0 {
		t.Errorf("Ana's view of 25/01: %+v", days)
	}

	n, err := c.db.CallOffDay(c.ctx, adminActor, "2027-01-25", "Aniversário de São Paulo")
	if err != nil || n != 1 {
		t.Fatalf("CallOffDay = %d, %v", n, err)
	}
	if k := c.count(t, `SELECT count(*) FROM sessions WHERE status = 'holiday'`); k != 1 {
		t.Errorf("%d holiday sessions, want 1", k)
	}
	// The holiday freed the slot.
	_, err = c.db.CreateSession(c.ctx, adminActor, NewSession{PatientID: c.joao,
		PsychologistID: c.paula, RoomID: c.room1, Modality: ModalityInPerson, Kind: KindOneOff,
		Date: "2027-01-25", Start: "10:00", Minutes: 50, Override: true, OverrideReason: "plantão"})
	if err != nil {
		t.Errorf("booking over a called-off session: %v", err)
	}
}

func TestSessionsQuery(t *testing.T) {
	c := scheduleFixture(t, testNow)
	c.mustSeries(t, c.weekly(c.maria, c.paula, c.room2, "2026-12-07"))
	c.mustSession(t, c.oneOff(c.carla, c.ana, c.room1, "2026-12-07", "09:00", 50))

	all, err := c.db.Sessions(c.ctx, adminActor, SessionFilter{From: "2026-12-07", To: "2026-12-07"})
	if err != nil || len(all) != 2 {
		t.Fatalf("Sessions = %d, %v; want 2", len(all), err)
	}
	if all[0].Start() != "09:00" || all[1].PatientShort != "Maria S." {
		t.Errorf("order or names: %+v", all)
	}
	own, _ := c.db.Sessions(c.ctx, schedulePsychologist(c.ana), SessionFilter{From: "2026-12-01", To: "2026-12-31"})
	if len(own) != 1 || own[0].PsychologistID != c.ana {
		t.Errorf("Ana sees %d sessions, want only her 1", len(own))
	}
	// Far beyond the horizon: the rows are written on request.
	far, err := c.db.Sessions(c.ctx, adminActor, SessionFilter{From: "2027-08-02", To: "2027-08-02"})
	if err != nil || len(far) != 1 {
		t.Errorf("sessions on 02/08/2027: %d, %v; want the series' one", len(far), err)
	}
}

func TestConflictingSessionIDs(t *testing.T) {
	c := scheduleFixture(t, testNow)
	a := c.mustSession(t, c.oneOff(c.maria, c.paula, c.room2, "2026-12-07", "14:00", 50))
	mustExec(t, c.db, `INSERT INTO sessions (patient_id, psychologist_id, room_id,
		kind, date, start_min, end_min, created_at, updated_at)
		VALUES (?, ?, ?, 'one_off', '2026-12-07', 860, 910, 'x', 'x')`, c.carla, c.ana, c.room2)
	c.mustSession(t, c.oneOff(c.joao, c.paula, c.room2, "2026-12-07", "15:10", 50))
	got, err := c.db.ConflictingSessionIDs(c.ctx, "2026-12-01", "2026-12-31")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || !got[a.ID] {
		t.Errorf("conflicting ids %v, want the two overlapping ones", got)
	}
}

func TestRestoreCancelsRebookedSlots(t *testing.T) {
	c := scheduleFixture(t, testNow)
	maria := c.mustSeries(t, c.weekly(c.maria, c.paula, c.room2, "2026-12-07"))
	mustExec(t, c.db, `UPDATE patients SET deleted_at = '2026-12-04T10:00:00Z' WHERE id = ?`, c.maria)

	// While Maria is deleted her slot is free: Carla takes 14/12 and,
	// with a series, every Monday from 01/03/2027.
	c.mustSession(t, c.oneOff(c.carla, c.ana, c.room2, "2026-12-14", "14:20", 50))
	carla := c.weekly(c.carla, c.ana, c.room2, "2027-03-01")
	c.mustSeries(t, carla)

	var notes []string
	c.inTx(t, func(tx *sql.Tx) error {
		if _, err := tx.Exec(`UPDATE patients SET deleted_at = NULL WHERE id = ?`, c.maria); err != nil {
			return err
		}
		var err error
		notes, err = c.db.restoreSessionsCheck(c.ctx, tx, c.maria)
		return err
	})
	if len(notes) != 2 {
		t.Fatalf("notes %q, want the cancelled 14/12 and the ended series", notes)
	}
	scheduleWantContains(t, notes[0], "Sessão de 14/12/2026 às 14:00 com Dra. Paula desmarcada.")
	scheduleWantContains(t, notes[0], "por Carla D. com Dra. Ana")
	scheduleWantContains(t, notes[1], "encerrado em 28/02/2027")

	if got := c.seriesDates(t, maria.ID, StatusCancelledClinic); len(got) != 1 || got[0] != "2026-12-14" {
		t.Errorf("cancelled %v, want 2026-12-14", got)
	}
	s, _ := c.db.SeriesByID(c.ctx, adminActor, maria.ID)
	if s.EndDate != "2027-02-28" {
		t.Errorf("Maria's series ends %q, want 2027-02-28", s.EndDate)
	}
	// Carla's bookings are untouched and nothing overlaps any more.
	if n := c.count(t, `SELECT count(*) FROM sessions WHERE patient_id = ? AND status <> 'scheduled'`, c.carla); n != 0 {
		t.Errorf("%d of Carla's sessions changed", n)
	}
	ids, _ := c.db.ConflictingSessionIDs(c.ctx, "2026-12-01", "2028-12-31")
	if len(ids) != 0 {
		t.Errorf("conflicts left after the restore: %v", ids)
	}
	if n := c.count(t, `SELECT count(*) FROM audit_log WHERE action = 'restore_check'`); n != 2 {
		t.Errorf("%d audit entries, want 2", n)
	}
}

func TestRestoreCatchesUpSeries(t *testing.T) {
	c := scheduleFixture(t, testNow)
	maria := c.mustSeries(t, c.weekly(c.maria, c.paula, c.room2, "2026-12-07"))
	mustExec(t, c.db, `UPDATE patients SET deleted_at = 'x' WHERE id = ?`, c.maria)
	if err := c.db.EnsureHorizon(c.ctx, "2027-04-30"); err != nil {
		t.Fatal(err)
	}
	// Deleted patients' series wait at their old horizon.
	if got := c.seriesDates(t, maria.ID, StatusScheduled); got[len(got)-1] != "2027-02-22" {
		t.Fatalf("deleted patient's series advanced to %s", got[len(got)-1])
	}
	c.mustSession(t, c.oneOff(c.carla, c.ana, c.room2, "2027-03-15", "14:00", 50))
	var notes []string
	c.inTx(t, func(tx *sql.Tx) error {
		tx.Exec(`UPDATE patients SET deleted_at = NULL WHERE id = ?`, c.maria)
		var err error
		notes, err = c.db.restoreSessionsCheck(c.ctx, tx, c.maria)
		return err
	})
	if len(notes) != 1 {
		t.Fatalf("notes %q", notes)
	}
	scheduleWantContains(t, notes[0], "Sessão de 15/03/2027 às 14:00 (horário fixo) não agendada.")
	got := c.seriesDates(t, maria.ID, StatusScheduled)
	if got[len(got)-1] != "2027-04-26" || scheduleHas(got, "2027-03-15") {
		t.Errorf("caught-up dates %v", got)
	}
}

func TestRestorePatientWarns(t *testing.T) {
	c := scheduleFixture(t, testNow)
	c.mustSeries(t, c.weekly(c.maria, c.paula, c.room2, "2026-12-07"))
	mustExec(t, c.db, `UPDATE patients SET deleted_at = '2026-12-04T10:00:00Z',
		deleted_reason = 'duplicado' WHERE id = ?`, c.maria)
	c.mustSession(t, c.oneOff(c.carla, c.ana, c.room2, "2026-12-21", "14:00", 50))

	res, err := c.db.RestorePatient(c.ctx, adminActor, c.maria)
	if err != nil {
		t.Fatalf("RestorePatient: %v", err)
	}
	if len(res.Warnings) != 1 {
		t.Fatalf("warnings %q, want the 21/12 session", res.Warnings)
	}
	scheduleWantContains(t, res.Warnings[0], "Sessão de 21/12/2026 às 14:00 com Dra. Paula desmarcada.")
	if n := c.count(t, `SELECT count(*) FROM patients WHERE id = ? AND deleted_at IS NULL`, c.maria); n != 1 {
		t.Errorf("the patient was not restored")
	}
}
