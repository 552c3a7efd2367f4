package sqlite

import (
	"database/sql"
	"slices"
	"strings"
	"testing"
	"time"

	"kpsicologia/app/clinic"
)

func TestCreateSeriesMaterializes(t *testing.T) {
	c := scheduleFixture(t, testNow)
	b := c.mustSeries(t, c.weekly(c.maria, c.paula, c.room2, "2026-12-07"))

	got := c.seriesDates(t, b.ID, StatusScheduled)
	want := []string{"2026-12-07", "2026-12-14", "2026-12-21", "2026-12-28",
		"2027-01-04", "2027-01-11", "2027-01-18", "2027-01-25",
		"2027-02-01", "2027-02-08", "2027-02-15", "2027-02-22"}
	if !slices.Equal(got, want) {
		t.Fatalf("dates %v, want %v", got, want)
	}
	if b.Sessions != len(want) {
		t.Errorf("Booking.Sessions %d, want %d", b.Sessions, len(want))
	}
	s, err := c.db.SeriesByID(c.ctx, adminActor, b.ID)
	if err != nil {
		t.Fatal(err)
	}
	if s.MaterializedUntil != "2027-02-26" {
		t.Errorf("materialized_until %s, want today + 84 days 2027-02-26", s.MaterializedUntil)
	}
	if s.Weekday != time.Monday {
		t.Errorf("weekday %v, want Monday", s.Weekday)
	}
	if n := c.count(t, `SELECT count(*) FROM sessions WHERE series_id = ?
		AND (price_cents <> 15000 OR occurrence_date <> date OR kind <> 'series'
		OR start_min <> 840 OR end_min <> 890 OR room_id <> ?)`, b.ID, c.room2); n != 0 {
		t.Errorf("%d rows without the patient's price, the slot or the occurrence date", n)
	}
	if n := c.count(t, `SELECT count(*) FROM audit_log WHERE entity = 'series'
		AND entity_id = ? AND action = 'create'`, b.ID); n != 1 {
		t.Errorf("%d audit entries for the series, want 1", n)
	}
}

func TestSeriesValidation(t *testing.T) {
	c := scheduleFixture(t, testNow)
	tests := []struct {
		name  string
		edit  func(*NewSeries)
		field string
	}{
		{"past anchor", func(n *NewSeries) { n.FirstDate = "2026-12-03" }, "date"},
		{"bad date", func(n *NewSeries) { n.FirstDate = "2026-02-30" }, "date"},
		{"end before", func(n *NewSeries) { n.EndDate = "2026-12-06" }, "end_date"},
		{"no room", func(n *NewSeries) { n.RoomID = 0 }, "room_id"},
		{"online room", func(n *NewSeries) { n.Modality = ModalityOnline }, "room_id"},
		{"bad time", func(n *NewSeries) { n.Start = "25:00" }, "time"},
		{"past midnight", func(n *NewSeries) { n.Start = "23:30" }, "minutes"},
		{"frequency", func(n *NewSeries) { n.Frequency = "monthly" }, "frequency"},
		{"inactive room", func(n *NewSeries) { n.RoomID = 999 }, "room_id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := c.weekly(c.maria, c.paula, c.room1, "2026-12-07")
			tt.edit(&n)
			_, err := c.db.CreateSeries(c.ctx, adminActor, n)
			ce := scheduleWantCode(t, err, clinic.ErrInvalid)
			if ce.Fields[tt.field] == "" {
				t.Errorf("no message for field %s in %v", tt.field, ce.Fields)
			}
		})
	}
	if n := c.count(t, `SELECT count(*) FROM series`); n != 0 {
		t.Errorf("%d series stored by failed bookings", n)
	}
}

func TestBiweeklyPartnersShareSlot(t *testing.T) {
	c := scheduleFixture(t, testNow)
	first := c.weekly(c.maria, c.paula, c.room2, "2026-12-07")
	first.Frequency = clinic.Biweekly
	a := c.mustSeries(t, first)

	partner := c.weekly(c.joao, c.paula, c.room2, "2026-12-14")
	partner.Frequency = clinic.Biweekly
	b := c.mustSeries(t, partner)

	da, db := c.seriesDates(t, a.ID, StatusScheduled), c.seriesDates(t, b.ID, StatusScheduled)
	if len(da) != 6 || len(db) != 6 {
		t.Fatalf("%d and %d sessions, want 6 each: %v %v", len(da), len(db), da, db)
	}
	for _, d := range da {
		if slices.Contains(db, d) {
			t.Errorf("both partners booked on %s", d)
		}
	}

	// A third patient on A's weeks clashes with A, even from months away.
	third := c.weekly(c.carla, c.ana, c.room2, "2027-06-07")
	third.Frequency = clinic.Biweekly
	_, err := c.db.CreateSeries(c.ctx, adminActor, third)
	ce := scheduleWantCode(t, err, clinic.ErrConflict)
	scheduleWantContains(t, ce.Message, "a Sala 2 já está ocupada em 07/06/2027 das 14:00 às 14:50 por Maria S. com Dra. Paula (horário fixo).")

	// A weekly series meets both partners.
	weekly := c.weekly(c.carla, c.ana, c.room2, "2026-12-07")
	_, err = c.db.CreateSeries(c.ctx, adminActor, weekly)
	ce = scheduleWantCode(t, err, clinic.ErrConflict)
	scheduleWantContains(t, ce.Message, "07/12/2026")
	scheduleWantContains(t, ce.Message, "Também há conflito em 14/12/2026")
}

func TestSeriesRecurrenceEdges(t *testing.T) {
	tests := []struct {
		name  string
		now   time.Time
		first string
		start string
		freq  clinic.Frequency
		want  []string // the first rows
	}{
		// 2026 has 53 ISO weeks: ISO parity would flip at the new year.
		{"53 week year", time.Date(2026, 12, 20, 15, 0, 0, 0, time.UTC), "2026-12-28", "14:00",
			clinic.Biweekly, []string{"2026-12-28", "2027-01-11", "2027-01-25"}},
		{"leap day", time.Date(2028, 2, 1, 15, 0, 0, 0, time.UTC), "2028-02-15", "09:00",
			clinic.Biweekly, []string{"2028-02-15", "2028-02-29", "2028-03-14"}},
		// São Paulo skipped 00:00-00:59 on 2018-11-04 (DST start) and
		// repeated 23:00-23:59 on 2019-02-16 (DST end). The rows keep the
		// dates and the wall-clock time.
		{"dst start 2018", time.Date(2018, 10, 20, 15, 0, 0, 0, time.UTC), "2018-10-21", "00:30",
			clinic.Weekly, []string{"2018-10-21", "2018-10-28", "2018-11-04", "2018-11-11"}},
		{"dst end 2019", time.Date(2019, 2, 1, 15, 0, 0, 0, time.UTC), "2019-02-02", "23:00",
			clinic.Weekly, []string{"2019-02-02", "2019-02-09", "2019-02-16", "2019-02-23"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := scheduleFixture(t, tt.now)
			n := c.weekly(c.maria, c.paula, c.room1, tt.first)
			n.Start, n.Frequency = tt.start, tt.freq
			b := c.mustSeries(t, n)
			got := c.seriesDates(t, b.ID, StatusScheduled)
			if len(got) < len(tt.want) || !slices.Equal(got[:len(tt.want)], tt.want) {
				t.Fatalf("dates %v, want them to start with %v", got, tt.want)
			}
			start := int(clinic.MustClock(tt.start))
			if n := c.count(t, `SELECT count(*) FROM sessions WHERE series_id = ?
				AND start_min <> ?`, b.ID, start); n != 0 {
				t.Errorf("%d rows lost the wall-clock start %s", n, tt.start)
			}
		})
	}
}

func TestDSTSessionInstants(t *testing.T) {
	// The rows store wall-clock times; the instants they stand for are a
	// week apart minus the hour the clocks skipped.
	loc, err := time.LoadLocation("America/Sao_Paulo")
	if err != nil {
		t.Skipf("no zone data: %v", err)
	}
	c := scheduleFixture(t, time.Date(2018, 10, 20, 15, 0, 0, 0, time.UTC))
	n := c.weekly(c.maria, c.paula, c.room1, "2018-10-28")
	n.Start = "14:00"
	b := c.mustSeries(t, n)
	dates := c.seriesDates(t, b.ID, StatusScheduled)
	before := clinic.MustDate(dates[0]).At(clinic.MustClock("14:00"), loc)
	after := clinic.MustDate(dates[1]).At(clinic.MustClock("14:00"), loc)
	if got := after.Sub(before); got != 7*24*time.Hour-time.Hour {
		t.Errorf("%s to %s is %v, want 167h", dates[0], dates[1], got)
	}
}

func TestChangeSeriesFrom(t *testing.T) {
	c := scheduleFixture(t, testNow)
	old := c.mustSeries(t, c.weekly(c.maria, c.paula, c.room2, "2026-12-07"))
	mustExec(t, c.db, `UPDATE sessions SET status = 'done' WHERE series_id = ?
		AND date = '2026-12-07'`, old.ID)
	// A confirmed session after the change date stays too.
	mustExec(t, c.db, `UPDATE sessions SET status = 'cancelled_patient'
		WHERE series_id = ? AND date = '2026-12-21'`, old.ID)

	b, err := c.db.ChangeSeriesFrom(c.ctx, adminActor, old.ID, SeriesChange{
		From: "2026-12-14", RoomID: c.room1, Modality: ModalityInPerson,
		FirstDate: "2026-12-16", Start: "10:00", Minutes: 50,
		Frequency: clinic.Weekly})
	if err != nil {
		t.Fatalf("ChangeSeriesFrom: %v", err)
	}
	if b.Replaced != 10 {
		t.Errorf("replaced %d sessions, want the 10 unconfirmed ones from 14/12", b.Replaced)
	}
	s, _ := c.db.SeriesByID(c.ctx, adminActor, old.ID)
	if s.EndDate != "2026-12-13" {
		t.Errorf("old series ends %s, want 2026-12-13", s.EndDate)
	}
	scheduleWantContains(t, s.EndedReason, "Alterado a partir de 14/12/2026")
	if got := c.seriesDates(t, old.ID, StatusDone); !slices.Equal(got, []string{"2026-12-07"}) {
		t.Errorf("done sessions %v, want the confirmed one kept", got)
	}
	if got := c.seriesDates(t, old.ID, StatusCancelledPatient); len(got) != 1 {
		t.Errorf("cancelled sessions %v, want the confirmed one kept", got)
	}
	if got := c.seriesDates(t, old.ID, StatusScheduled); len(got) != 0 {
		t.Errorf("old series still has scheduled sessions %v", got)
	}
	nw, _ := c.db.SeriesByID(c.ctx, adminActor, b.ID)
	if nw.Weekday != time.Wednesday || nw.Start != "10:00" || nw.RoomID != c.room1 {
		t.Errorf("new series %+v, want Wednesdays 10:00 in Sala 1", nw)
	}
	if got := c.seriesDates(t, b.ID, StatusScheduled); len(got) == 0 || got[0] != "2026-12-16" {
		t.Errorf("new series dates %v, want from 2026-12-16", got)
	}
	// The freed Monday slot can be booked by someone else.
	c.mustSession(t, c.oneOff(c.carla, c.ana, c.room2, "2026-12-14", "14:00", 50))
}

func TestChangeSeriesConflictWritesNothing(t *testing.T) {
	c := scheduleFixture(t, testNow)
	old := c.mustSeries(t, c.weekly(c.maria, c.paula, c.room2, "2026-12-07"))
	c.mustSeries(t, c.weekly(c.carla, c.ana, c.room1, "2026-12-09"))
	_, err := c.db.ChangeSeriesFrom(c.ctx, adminActor, old.ID, SeriesChange{
		From: "2026-12-14", RoomID: c.room1, Modality: ModalityInPerson,
		FirstDate: "2026-12-16", Start: "14:00", Minutes: 50, Frequency: clinic.Weekly})
	ce := scheduleWantCode(t, err, clinic.ErrConflict)
	scheduleWantContains(t, ce.Message, "a Sala 1 já está ocupada em 16/12/2026 das 14:00 às 14:50 por Carla D. com Dra. Ana.")
	s, _ := c.db.SeriesByID(c.ctx, adminActor, old.ID)
	if s.EndDate != "" {
		t.Errorf("old series ended %s by a change that failed", s.EndDate)
	}
	if got := c.seriesDates(t, old.ID, StatusScheduled); len(got) != 12 {
		t.Errorf("old series has %d sessions after a failed change, want 12", len(got))
	}
}

func TestChangeSeriesRules(t *testing.T) {
	c := scheduleFixture(t, testNow)
	old := c.mustSeries(t, c.weekly(c.maria, c.paula, c.room2, "2026-12-07"))
	tests := []struct {
		name  string
		ch    SeriesChange
		field string
	}{
		{"past", SeriesChange{From: "2026-12-01", FirstDate: "2026-12-07"}, "from"},
		{"new before from", SeriesChange{From: "2026-12-14", FirstDate: "2026-12-09"}, "date"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ch := tt.ch
			ch.RoomID, ch.Modality, ch.Start, ch.Minutes = c.room2, ModalityInPerson, "15:00", 50
			ch.Frequency = clinic.Weekly
			_, err := c.db.ChangeSeriesFrom(c.ctx, adminActor, old.ID, ch)
			ce := scheduleWantCode(t, err, clinic.ErrInvalid)
			if ce.Fields[tt.field] == "" {
				t.Errorf("no message for %s in %v", tt.field, ce.Fields)
			}
		})
	}
	// Another psychologist's series is not found for a psychologist.
	_, err := c.db.ChangeSeriesFrom(c.ctx, schedulePsychologist(c.ana), old.ID, SeriesChange{})
	scheduleWantCode(t, err, clinic.ErrNotFound)
}

func TestEndSeries(t *testing.T) {
	c := scheduleFixture(t, testNow)
	b := c.mustSeries(t, c.weekly(c.maria, c.paula, c.room2, "2026-12-07"))
	_, err := c.db.EndSeries(c.ctx, adminActor, b.ID, "2027-01-04", "")
	ce := scheduleWantCode(t, err, clinic.ErrInvalid)
	if ce.Fields["reason"] == "" {
		t.Errorf("no reason message: %v", ce.Fields)
	}

	removed, err := c.db.EndSeries(c.ctx, adminActor, b.ID, "2027-01-04", "Alta")
	if err != nil {
		t.Fatal(err)
	}
	if removed != 7 {
		t.Errorf("removed %d sessions, want the 7 after 04/01/2027", removed)
	}
	got := c.seriesDates(t, b.ID, StatusScheduled)
	if got[len(got)-1] != "2027-01-04" || len(got) != 5 {
		t.Errorf("dates %v, want five ending 2027-01-04", got)
	}
	s, _ := c.db.SeriesByID(c.ctx, adminActor, b.ID)
	if s.EndDate != "2027-01-04" || s.EndedReason != "Alta" {
		t.Errorf("end %q reason %q", s.EndDate, s.EndedReason)
	}
	// The horizon never brings ended occurrences back.
	if err := c.db.EnsureHorizon(c.ctx, "2027-06-30"); err != nil {
		t.Fatal(err)
	}
	if got2 := c.seriesDates(t, b.ID, StatusScheduled); len(got2) != 5 {
		t.Errorf("after extending the horizon: %v", got2)
	}
	_, err = c.db.EndSeries(c.ctx, adminActor, b.ID, "2027-02-01", "Alta")
	scheduleWantCode(t, err, clinic.ErrInvalid)
}

func TestEnsureHorizon(t *testing.T) {
	c := scheduleFixture(t, testNow)
	b := c.mustSeries(t, c.weekly(c.maria, c.paula, c.room2, "2026-12-07"))
	moved := c.seriesSessionOn(t, b.ID, "2026-12-14")
	if _, err := c.db.MoveSession(c.ctx, adminActor, moved, SessionMove{Date: "2026-12-15",
		Start: "09:00", RoomID: c.room1, Modality: ModalityInPerson}); err != nil {
		t.Fatal(err)
	}
	cancelled := c.seriesSessionOn(t, b.ID, "2026-12-21")
	if err := c.db.CancelSession(c.ctx, adminActor, cancelled, StatusCancelledPatient, "viagem"); err != nil {
		t.Fatal(err)
	}
	mustExec(t, c.db, `UPDATE series SET materialized_until = '2026-12-01' WHERE id = ?`, b.ID)
	mustExec(t, c.db, `UPDATE settings SET value = '2026-12-01' WHERE key = ?`, settingHorizon)

	if err := c.db.EnsureHorizon(c.ctx, "2027-03-31"); err != nil {
		t.Fatal(err)
	}
	h, _ := c.db.Horizon(c.ctx)
	if h != "2027-03-31" {
		t.Errorf("horizon %s, want 2027-03-31", h)
	}
	if n := c.count(t, `SELECT count(*) FROM sessions WHERE series_id = ?
		AND occurrence_date IN ('2026-12-14', '2026-12-21')`, b.ID); n != 2 {
		t.Errorf("%d rows for the moved and cancelled occurrences, want 2 (never re-created)", n)
	}
	if n := c.count(t, `SELECT count(*) FROM sessions WHERE series_id = ? AND date = '2026-12-14'`, b.ID); n != 0 {
		t.Errorf("the moved occurrence came back on its old date")
	}
	if got := c.seriesDates(t, b.ID, StatusScheduled); got[len(got)-1] != "2027-03-29" {
		t.Errorf("last date %s, want 2027-03-29", got[len(got)-1])
	}
	// Far dates are capped at two years ahead.
	if err := c.db.EnsureHorizon(c.ctx, "2040-01-01"); err != nil {
		t.Fatal(err)
	}
	h, _ = c.db.Horizon(c.ctx)
	if h != "2028-12-05" {
		t.Errorf("capped horizon %s, want today + 732 days 2028-12-05", h)
	}
}

func TestEnsureHorizonClash(t *testing.T) {
	c := scheduleFixture(t, testNow)
	b := c.mustSeries(t, c.weekly(c.maria, c.paula, c.room2, "2026-12-07"))
	// Imported data: a session on a future occurrence date written
	// straight into the table, past the series' rows.
	mustExec(t, c.db, `INSERT INTO sessions (patient_id, psychologist_id, room_id,
		kind, date, start_min, end_min, created_at, updated_at)
		VALUES (?, ?, ?, 'one_off', '2027-03-08', 840, 890, 'x', 'x')`, c.carla, c.ana, c.room2)
	if err := c.db.EnsureHorizon(c.ctx, "2027-03-15"); err != nil {
		t.Fatal(err)
	}
	got := c.seriesDates(t, b.ID, StatusCancelledClinic)
	if !slices.Equal(got, []string{"2027-03-08"}) {
		t.Fatalf("cancelled occurrences %v, want 2027-03-08", got)
	}
	var notes string
	c.db.read.QueryRow(`SELECT notes FROM sessions WHERE series_id = ? AND date = '2027-03-08'`, b.ID).Scan(&notes)
	// Paula reads the note: it names Ana, not Ana's patient. The audit
	// log, for the admin, keeps the whole message.
	scheduleWantContains(t, notes, "por uma sessão de Dra. Ana")
	if strings.Contains(notes, "Carla") {
		t.Errorf("note %q names another psychologist's patient", notes)
	}
	if n := c.count(t, `SELECT count(*) FROM audit_log WHERE action = 'conflict'
		AND detail LIKE '%Carla D.%'`); n != 1 {
		t.Errorf("%d conflict audit entries, want 1", n)
	}
}

func TestTodayUsesClinicZone(t *testing.T) {
	// 02:30 UTC on 5 December is still 23:30 on the 4th in São Paulo.
	c := scheduleFixture(t, time.Date(2026, 12, 5, 2, 30, 0, 0, time.UTC))
	today, err := c.db.Today(c.ctx)
	if err != nil {
		t.Fatal(err)
	}
	if today != "2026-12-04" {
		t.Errorf("today %s, want 2026-12-04", today)
	}
	n := c.weekly(c.maria, c.paula, c.room1, "2026-12-04")
	if _, err := c.db.CreateSeries(c.ctx, adminActor, n); err != nil {
		t.Errorf("a series starting on the clinic's today: %v", err)
	}
}

func TestImportSeriesTx(t *testing.T) {
	c := scheduleFixture(t, testNow)
	c.mustSeries(t, c.weekly(c.carla, c.ana, c.room2, "2026-12-07"))
	slots := []ImportSlot{
		{PatientID: c.maria, PsychologistID: c.paula, RoomID: c.room1, Weekday: time.Tuesday,
			Start: "09:00", Frequency: clinic.Weekly},
		{PatientID: c.joao, PsychologistID: c.paula, RoomID: c.room2, Weekday: time.Monday,
			Start: "14:20", Frequency: clinic.Biweekly},
		{PatientID: c.joao, PsychologistID: c.paula, Weekday: time.Thursday,
			Start: "19:00", Frequency: clinic.Biweekly},
		// Carla shares João's Thursday slot on the other weeks.
		{PatientID: c.carla, PsychologistID: c.paula, Weekday: time.Thursday,
			Start: "19:00", Frequency: clinic.Biweekly, Parity: 1},
	}
	var errs []error
	var ids []int64
	c.inTx(t, func(tx *sql.Tx) error {
		for _, s := range slots {
			b, err := c.db.ImportSeriesTx(c.ctx, tx, adminActor, "2026-12-04", s)
			errs = append(errs, err)
			ids = append(ids, b.ID)
		}
		return nil
	})
	if errs[0] != nil || errs[2] != nil || errs[3] != nil {
		t.Fatalf("errors %v, want rows 1, 3 and 4 imported", errs)
	}
	if got := c.seriesDates(t, ids[3], StatusScheduled); got[0] != "2026-12-17" {
		t.Errorf("parity 1 starts %s, want 2026-12-17", got[0])
	}
	ce := scheduleWantCode(t, errs[1], clinic.ErrConflict)
	scheduleWantContains(t, ce.Message, "a Sala 2 já está ocupada em 07/12/2026 das 14:00 às 14:50 por Carla D. com Dra. Ana.")
	if got := c.seriesDates(t, ids[0], StatusScheduled); got[0] != "2026-12-08" {
		t.Errorf("first Tuesday %s, want 2026-12-08", got[0])
	}
	if got := c.seriesDates(t, ids[2], StatusScheduled); got[0] != "2026-12-10" {
		t.Errorf("first Thursday %s, want 2026-12-10", got[0])
	}
	if n := c.count(t, `SELECT count(*) FROM series`); n != 4 {
		t.Errorf("%d series, want 4 (the clash left nothing behind)", n)
	}
	if n := c.count(t, `SELECT count(*) FROM sessions WHERE patient_id = ? AND modality = 'online'`, c.joao); n == 0 {
		t.Errorf("the slot without a room was not booked online")
	}
}

func TestAnchorOn(t *testing.T) {
	tests := []struct {
		from string
		day  time.Weekday
		want string
	}{
		{"2026-12-04", time.Friday, "2026-12-04"},
		{"2026-12-04", time.Monday, "2026-12-07"},
		{"2026-12-31", time.Sunday, "2027-01-03"},
		{"2028-02-27", time.Tuesday, "2028-02-29"},
	}
	for _, tt := range tests {
		got, err := AnchorOn(tt.from, tt.day)
		if err != nil || got != tt.want {
			t.Errorf("AnchorOn(%s, %v) = %s, %v; want %s", tt.from, tt.day, got, err, tt.want)
		}
	}
}

func TestShortName(t *testing.T) {
	tests := []struct{ name, social, want string }{
		{"Maria Souza", "", "Maria S."},
		{"Maria da Silva Ávila", "", "Maria Á."},
		{"Roberto Lima", "Bia Lima", "Bia L."},
		{"Cher", "", "Cher"},
		{"  ana   beatriz  ", "", "ana B."},
	}
	for _, tt := range tests {
		if got := ShortName(tt.name, tt.social); got != tt.want {
			t.Errorf("ShortName(%q, %q) = %q, want %q", tt.name, tt.social, got, tt.want)
		}
	}
}

// seriesSessionOn returns the id of a series' session on date.
func (c *scheduleClinic) seriesSessionOn(tb testing.TB, seriesID int64, date string) int64 {
	tb.Helper()
	var id int64
	err := c.db.read.QueryRow(`SELECT id FROM sessions WHERE series_id = ? AND date = ?`,
		seriesID, date).Scan(&id)
	if err != nil {
		tb.Fatalf("session of series %d on %s: %v", seriesID, date, err)
	}
	return id
}

func TestSeriesLabel(t *testing.T) {
	s := Series{Weekday: time.Monday, Start: "14:00", Minutes: 50, Frequency: clinic.Biweekly,
		AnchorDate: "2026-12-07"}
	if got := s.Label(); !strings.HasPrefix(got, "segundas-feiras, 14:00 às 14:50") {
		t.Errorf("Label %q", got)
	}
}
