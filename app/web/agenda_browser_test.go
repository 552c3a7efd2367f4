package web

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"kpsicologia/app/internal/browsertest"
)

// agendaBrowserLogin signs in as username in a new browser tab.
func agendaBrowserLogin(t *testing.T, app *testApp, username string) *browsertest.Browser {
	t.Helper()
	b := browsertest.New(t, browsertest.WithTimeout(150*time.Second))
	b.Navigate(app.ts.URL + "/login")
	b.Fill(browsertest.Name("username"), username)
	b.Fill(browsertest.Name("password"), testPassword)
	b.Submit("button[type=submit]")
	return b
}

// agendaBrowserShot opens url, fails when the page itself scrolls
// sideways, and saves a screenshot named name.
func agendaBrowserShot(t *testing.T, b *browsertest.Browser, url, name string) {
	t.Helper()
	if status := b.Navigate(url); status != 200 {
		t.Fatalf("%s: status %d", name, status)
	}
	if px := b.HorizontalOverflow(); px > 0 {
		t.Errorf("%s scrolls %d px sideways", name, px)
	}
	b.Screenshot(name)
}

// TestBrowserAgenda opens every agenda page on the realistic clinic in a
// real browser, as reception on a desktop and as a psychologist on a
// 375 px phone. No page may scroll sideways, because only the grids do.
// The browser must report no console or Content-Security-Policy error.
// The screenshots go to KPSI_SCREENSHOTS when it is set.
func TestBrowserAgenda(t *testing.T) {
	app, c := agendaFixtureApp(t)
	base := app.ts.URL
	centro := fmt.Sprint(c.centro)

	b := agendaBrowserLogin(t, app, "recepcao")
	agendaBrowserShot(t, b, base+"/agenda?date=2026-12-04&unit="+centro, "day_by_room")
	if got := b.Text(".ag-now span"); got != "Agora 13:00" {
		t.Errorf("current time line = %q", got)
	}
	agendaBrowserShot(t, b, base+"/agenda?date=2026-12-04&by=psychologist&unit="+centro, "day_by_psychologist")
	agendaBrowserShot(t, b, base+"/agenda?date=2026-12-04&view=week&unit="+centro, "week_by_room")
	agendaBrowserShot(t, b, base+"/agenda?date=2026-12-08&view=week&by=psychologist&unit=0", "week_holiday")
	agendaBrowserShot(t, b, base+"/agenda/print?date=2026-12-04&unit="+centro, "day_sheet")
	if b.Exists("#sidebar") {
		t.Errorf("the day sheet shows the sidebar")
	}
	agendaBrowserShot(t, b, base+"/agenda/free?from=2026-12-07&weekday=2&unit="+centro, "free_slots")
	agendaBrowserShot(t, b, fmt.Sprintf("%s/psychologists/%d/agenda?date=2026-12-04", base, c.psychologists[2]), "psychologist_agenda")

	ana := agendaBrowserLogin(t, app, "ana")
	agendaBrowserShot(t, ana, base+"/my/agenda?date=2026-12-04", "own_week_desktop")
	ana.EmulatePhone()
	agendaBrowserShot(t, ana, base+"/my/agenda?date=2026-12-04", "own_week_375")
	agendaBrowserShot(t, ana, base+"/my/agenda?view=day&date=2026-12-04", "own_day_375")
	if got := ana.Text(".ag-now-line"); got != "Agora 13:00" {
		t.Errorf("own day: current time line = %q", got)
	}
	agendaBrowserShot(t, ana, base+"/my/agenda?view=month&date=2026-12-04", "own_month_375")
	if n := ana.Count(".ag-month-cell"); n != 35 {
		t.Errorf("December 2026: %d month cells, want 35 (five weeks)", n)
	}
	if strings.Contains(ana.HTML(), "Bruno Carvalho") {
		t.Errorf("Ana's agenda names another psychologist")
	}
}
