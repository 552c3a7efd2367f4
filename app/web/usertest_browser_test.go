package web

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"kpsicologia/app/internal/browsertest"
)

// usertestWaitURL polls until the browser's address contains part, since a
// live search reloads the page on its own after a pause.
func usertestWaitURL(t *testing.T, b *browsertest.Browser, part string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(b.Location(), part) {
		if time.Now().After(deadline) {
			t.Fatalf("address %q never contained %q", b.Location(), part)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestBrowserLiveSearchKeepsFocus(t *testing.T) {
	app := newTestApp(t)
	app.setup(t)
	registryCreatePatient(t, app, "José da Conceição", "", 0)
	registryCreatePatient(t, app, "Josefa Lima", "", 0)
	b := registryBrowserLogin(t, app, "admin")
	b.Navigate(app.ts.URL + "/patients")
	if b.Focused(browsertest.Name("q")) {
		t.Error("search box has focus on the first visit, want none")
	}

	b.Type(browsertest.Name("q"), "jose")
	usertestWaitURL(t, b, "q=jose")
	b.WaitVisible("main table")
	if !b.Focused(browsertest.Name("q")) {
		t.Fatal("search box lost focus after the live search reloaded the page")
	}
	b.Type(browsertest.Name("q"), " conc")
	usertestWaitURL(t, b, "q=jose+conc")
	if got := b.Value(browsertest.Name("q")); got != "jose conc" {
		t.Errorf("search box = %q after typing on, want %q", got, "jose conc")
	}
	if got := b.Text("main tbody"); strings.Contains(got, "Josefa") || !strings.Contains(got, "José da Conceição") {
		t.Errorf("results = %q, want only José da Conceição", got)
	}
}

// usertestTableOverflow returns how many CSS pixels the widest scrolling
// table wrapper on the page hides to the right.
func usertestTableOverflow(t *testing.T, b *browsertest.Browser) int {
	t.Helper()
	px, err := chromedp.Run(b.Context(), chromedp.Evaluate[int](`Math.max(0,
		...Array.from(document.querySelectorAll('.table-responsive'),
			el => el.scrollWidth - el.clientWidth))`))
	if err != nil {
		t.Fatalf("measure table overflow: %v", err)
	}
	return px
}

func TestBrowserPsychologistMoneyTablesFitPhone(t *testing.T) {
	f := financeFixtureNew(t)
	f.financeFixtureMonth(t)
	financeFixturePayment(t, f, f.patient1, "2026-12-03", 15000)
	for _, date := range []string{"2026-12-01", "2026-12-03"} {
		id := f.session(t, f.patient1, f.psyA, date, "11:00", 15000)
		_, err := f.app.db.SetAttendance(context.Background(), f.app.adminActor(), sqliteChange(id, "done"))
		if err != nil {
			t.Fatalf("confirm the session of %s: %v", date, err)
		}
	}
	b := registryBrowserLogin(t, f.app, "ana")
	b.EmulatePhone()
	for _, path := range []string{"/receivables", "/payments", "/payments?month=2026-11"} {
		b.Navigate(f.app.ts.URL + path)
		if px := b.HorizontalOverflow(); px > 0 {
			t.Errorf("%s scrolls %d px sideways", path, px)
		}
		if px := usertestTableOverflow(t, b); px > 0 {
			t.Errorf("%s hides %d px of a table to the right", path, px)
		}
		b.Screenshot(strings.NewReplacer("/", "_", "?", "_").Replace(path))
	}

	b.Navigate(f.app.ts.URL + "/receivables")
	rows := b.Text("main tbody")
	if strings.Contains(rows, "Dra. Ana Lima") {
		t.Errorf("a psychologist's receivables repeat her own name: %q", rows)
	}
	if strings.Contains(rows, "(ões)") || !strings.Contains(rows, "1 sessão") {
		t.Errorf("receivables count sessions as %q, want a plain plural", rows)
	}
}
