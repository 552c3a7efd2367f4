package web

import (
	"strings"
	"testing"
	"time"

	"kpsicologia/app/internal/browsertest"
)

// exportsBrowserLogin opens a browser signed in as user.
func exportsBrowserLogin(t *testing.T, app *testApp, user string) *browsertest.Browser {
	t.Helper()
	b := browsertest.New(t)
	b.Navigate(app.ts.URL + "/login")
	b.Fill(browsertest.Name("username"), user)
	b.Fill(browsertest.Name("password"), testPassword)
	b.Submit("button[type=submit]")
	return b
}

// TestBrowserExportsPage checks the exports page as the owner and as a
// psychologist on a phone, and a period with the dates swapped.
func TestBrowserExportsPage(t *testing.T) {
	c := exportsSeed(t)

	b := exportsBrowserLogin(t, c.app, "admin")
	if status := b.Navigate(c.app.ts.URL + "/exports"); status != 200 {
		t.Fatalf("/exports status %d", status)
	}
	if n := b.Count("section.card"); n != 9 {
		t.Errorf("admin sees %d exports, want 9", n)
	}
	if got := b.Value("#from-agenda"); got != "2026-12-01" {
		t.Errorf("agenda starts at %q, want the first day of the month", got)
	}
	b.Screenshot("admin")

	// Downloading leaves the page in place, so the button must stay
	// usable for a second download.
	b.Click("#export-pacientes button")
	time.Sleep(300 * time.Millisecond)
	if _, disabled := b.Attribute("#export-pacientes button", "disabled"); disabled {
		t.Errorf("the download button is disabled after a download")
	}

	b.Fill("#from-agenda", "2026-12-31")
	b.Fill("#to-agenda", "2026-12-01")
	if status := b.Submit("#export-agenda button"); status != 422 {
		t.Errorf("swapped dates: status %d, want 422", status)
	}
	if msg := b.Text("#export-agenda .invalid-feedback"); !strings.Contains(msg, "depois da data final") {
		t.Errorf("swapped dates message %q", msg)
	}
	if !b.Focused("#from-agenda") {
		t.Errorf("focus is not on the period with the error")
	}
	if got := b.Value("#from-agenda"); got != "2026-12-31" {
		t.Errorf("the failed form lost the typed date: %q", got)
	}
	b.Screenshot("error")

	p := exportsBrowserLogin(t, c.app, "ana")
	p.EmulatePhone()
	p.Navigate(c.app.ts.URL + "/exports")
	if n := p.Count("section.card"); n != 6 {
		t.Errorf("psychologist sees %d exports, want 6", n)
	}
	if px := p.HorizontalOverflow(); px > 0 {
		t.Errorf("the page scrolls sideways by %d px at phone width", px)
	}
	p.Screenshot("psychologist_phone")
}
