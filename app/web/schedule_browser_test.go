package web

import (
	"fmt"
	"strings"
	"testing"

	"kpsicologia/app/internal/browsertest"
)

// scheduleBrowserLogin signs b in as username.
func scheduleBrowserLogin(b *browsertest.Browser, app *testApp, username string) {
	b.Navigate(app.ts.URL + "/login")
	b.Fill(browsertest.Name("username"), username)
	b.Fill(browsertest.Name("password"), testPassword)
	b.Submit("button[type=submit]")
}

// TestBrowserScheduleFlow books a weekly series from a prefilled link,
// moves one session, and checks the conflict message when booking over
// the moved session, with screenshots of the pages on the way.
func TestBrowserScheduleFlow(t *testing.T) {
	f := scheduleWebFixture(t)
	app := f.app
	b := browsertest.New(t)
	// The agenda pages belong to another area and may not exist yet, so
	// the redirect after a booking can return 404.
	b.AllowConsole("404")
	name := browsertest.Name
	scheduleBrowserLogin(b, app, "recepcao")

	b.Navigate(fmt.Sprintf("%s/sessions/new?patient_id=%d&room_id=%d&date=2026-12-07&time=14:00",
		app.ts.URL, f.maria, f.room2))
	if got := b.Value(name("psychologist_id")); got != scheduleID(f.paula) {
		t.Errorf("psychologist picked from the patient = %q, want Paula", got)
	}
	b.Screenshot("session_form")
	b.Submit("#booking-form button[type=submit]")
	if loc := b.Location(); !strings.HasSuffix(loc, "/agenda?date=2026-12-07") {
		t.Fatalf("after booking the browser is at %s", loc)
	}
	if n := f.count(t, `SELECT count(*) FROM sessions WHERE patient_id = ?`, f.maria); n != 12 {
		t.Fatalf("%d sessions booked, want 12 weekly ones", n)
	}

	var sid, seriesID int64
	app.db.Read().QueryRow(`SELECT id, series_id FROM sessions WHERE date = '2026-12-14'`).Scan(&sid, &seriesID)
	b.Navigate(fmt.Sprintf("%s/sessions/%d", app.ts.URL, sid))
	b.Screenshot("session")
	b.Click("details.schedule-action summary")
	b.Fill(name("move_date"), "2026-12-15")
	b.Fill(name("move_time"), "10:00")
	b.Fill(name("move_room_id"), scheduleID(f.room1))
	b.Submit("form[action$='/move'] button[type=submit]")
	if loc := b.Location(); !strings.HasSuffix(loc, "/agenda?date=2026-12-15") {
		t.Fatalf("after moving the browser is at %s", loc)
	}

	b.Navigate(fmt.Sprintf("%s/sessions/new?patient_id=%d&room_id=%d&date=2026-12-15&time=10:20&kind=one_off",
		app.ts.URL, f.carla, f.room1))
	b.Submit("#booking-form button[type=submit]")
	want := "Conflito: a Sala 1 já está ocupada em 15/12/2026 das 10:00 às 10:50 por Maria S. com Dra. Paula."
	if msg := b.Text(".alert-danger"); !strings.Contains(msg, want) {
		t.Errorf("conflict message %q, want %q", msg, want)
	}
	if got := b.Value(name("time")); got != "10:20" {
		t.Errorf("the failed form lost the time: %q", got)
	}
	b.Screenshot("session_form_conflict")

	b.Navigate(fmt.Sprintf("%s/series/%d", app.ts.URL, seriesID))
	if !strings.Contains(b.Text("main"), "15/12/2026 (era 14/12/2026)") {
		t.Errorf("the series page does not show the moved session")
	}
	b.Screenshot("series")
}

// TestBrowserSchedulePhone walks a psychologist's scheduling pages at
// phone width: availability, a block over booked sessions, booking and
// the series page, none of which may scroll sideways.
func TestBrowserSchedulePhone(t *testing.T) {
	f := scheduleWebFixture(t)
	app := f.app
	b := browsertest.New(t)
	b.AllowConsole("404")
	name := browsertest.Name
	scheduleBrowserLogin(b, app, "paula")
	b.EmulatePhone()

	b.Navigate(app.ts.URL + "/availability")
	b.Fill(name("wk_weekday"), "1")
	b.Fill(name("wk_starts"), "08:00")
	b.Fill(name("wk_ends"), "18:00")
	b.Submit("form[action='/availability/weekly'] button[type=submit]")
	if msg := b.Text(".alert-success"); !strings.Contains(msg, "Horário semanal incluído") {
		t.Errorf("after adding hours: %q", msg)
	}
	b.Submit("form[action='/availability/reviewed'] button")
	if !strings.Contains(b.Text("main"), "Última revisão em 04/12/2026") {
		t.Errorf("the review time is not shown")
	}
	b.Screenshot("availability_phone")
	if px := b.HorizontalOverflow(); px > 0 {
		t.Errorf("availability scrolls sideways by %d px", px)
	}

	b.Navigate(fmt.Sprintf("%s/sessions/new?patient_id=%d&room_id=%d&date=2026-12-07&time=09:00",
		app.ts.URL, f.maria, f.room1))
	b.Screenshot("session_form_phone")
	if px := b.HorizontalOverflow(); px > 0 {
		t.Errorf("the booking form scrolls sideways by %d px", px)
	}
	b.Submit("#booking-form button[type=submit]")
	if loc := b.Location(); !strings.HasSuffix(loc, "/my/agenda?date=2026-12-07") {
		t.Fatalf("after booking the psychologist is at %s", loc)
	}

	b.Navigate(app.ts.URL + "/blocks")
	b.Fill(name("starts_on"), "2026-12-19")
	b.Fill(name("ends_on"), "2027-01-03")
	b.Fill(name("reason"), "Férias")
	b.Submit("form[action='/blocks'] button[type=submit]")
	if !strings.Contains(b.Location(), "/blocks/") {
		t.Fatalf("a block over sessions led to %s", b.Location())
	}
	if got := b.Count("input[name=session_id]:checked"); got != 2 {
		t.Errorf("%d sessions offered for cancelling, want the 2 Mondays", got)
	}
	b.Screenshot("block_phone")
	if px := b.HorizontalOverflow(); px > 0 {
		t.Errorf("the block page scrolls sideways by %d px", px)
	}

	var seriesID int64
	app.db.Read().QueryRow(`SELECT max(id) FROM series`).Scan(&seriesID)
	b.Navigate(fmt.Sprintf("%s/series/%d", app.ts.URL, seriesID))
	b.Screenshot("series_phone")
	if px := b.HorizontalOverflow(); px > 0 {
		t.Errorf("the series page scrolls sideways by %d px", px)
	}
}

// TestBrowserHolidaysPage adds a local holiday as the admin and sees the
// session already booked on it flagged.
func TestBrowserHolidaysPage(t *testing.T) {
	f := scheduleWebFixture(t)
	app := f.app
	b := browsertest.New(t)
	name := browsertest.Name
	rec := app.login(t, "recepcao")
	scheduleWantStatus(t, rec.post(t, "/sessions", f.oneOffForm(f.maria, f.paula, f.room2, "2027-01-25")), 303)

	scheduleBrowserLogin(b, app, "admin")
	b.Navigate(app.ts.URL + "/holidays")
	b.Fill(name("hol_date"), "2027-01-25")
	b.Fill(name("hol_name"), "Aniversário de São Paulo")
	b.Click(name("hol_yearly"))
	b.Submit("form[action='/holidays/local'] button[type=submit]")
	if !strings.Contains(b.Text("main"), "Aniversário de São Paulo") {
		t.Errorf("the new holiday is not listed")
	}
	if got := b.Count("form[action='/holidays/call-off']"); got != 1 {
		t.Errorf("%d days offer to call off sessions, want 1", got)
	}
	b.Screenshot("holidays")
	b.Navigate(app.ts.URL + "/blocks")
	b.Screenshot("blocks")
}
