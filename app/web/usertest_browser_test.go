package web

import (
	"strings"
	"testing"
	"time"

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
