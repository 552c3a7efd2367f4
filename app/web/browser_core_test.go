package web

import (
	"strings"
	"testing"
	"time"

	"kpsicologia/app/internal/browsertest"
)

// TestBrowserFirstRunAndLogin walks the first run in a real browser:
// setup, logout, a wrong password, login, and an expired session that
// returns to its page after signing in again.
func TestBrowserFirstRunAndLogin(t *testing.T) {
	app := newTestApp(t)
	b := browsertest.New(t)
	name := browsertest.Name

	b.Navigate(app.ts.URL + "/")
	if !strings.HasSuffix(b.Location(), "/setup") {
		t.Fatalf("a new clinic opens %s, want /setup", b.Location())
	}
	b.Screenshot("setup")

	// A too-short password keeps what was typed and explains beside the
	// field.
	b.Fill(name("clinic_name"), "Clínica Bem-Estar")
	b.Fill(name("username"), "dona")
	b.Fill(name("password"), "curta")
	b.Fill(name("password_confirm"), "curta")
	b.Submit("button[type=submit]")
	if got := b.Value(name("clinic_name")); got != "Clínica Bem-Estar" {
		t.Errorf("clinic name after a failed setup = %q", got)
	}
	if msg := b.Text("#e-password"); !strings.Contains(msg, "8 caracteres") {
		t.Errorf("password message = %q", msg)
	}
	if !b.Focused(name("password")) {
		t.Error("focus is not on the field with the error")
	}

	b.Fill(name("password"), "senha-forte-1")
	b.Fill(name("password_confirm"), "senha-forte-1")
	b.Submit("button[type=submit]")
	if got := b.Text("h1"); !strings.Contains(got, "Olá") {
		t.Fatalf("after setup the page says %q", got)
	}
	b.Screenshot("dashboard_admin")

	b.Submit("form[action='/logout'] button")
	if !strings.Contains(b.Location(), "/login") {
		t.Fatalf("logout went to %s", b.Location())
	}
	b.Screenshot("login")

	b.Fill(name("username"), "dona")
	b.Fill(name("password"), "senha-errada")
	b.Submit("button[type=submit]")
	if msg := b.Text(".alert-danger"); !strings.Contains(msg, "Usuário ou senha incorretos") {
		t.Errorf("wrong password message = %q", msg)
	}
	if got := b.Value(name("password")); got != "" {
		t.Error("the password field kept the wrong password")
	}

	b.Fill(name("password"), "senha-forte-1")
	b.Submit("button[type=submit]")
	b.Navigate(app.ts.URL + "/settings")
	b.Screenshot("settings")

	// The session expires while the settings form is open: saving writes
	// nothing and leads to the login page, which then returns here.
	app.setNow(app.clock().Add(9 * time.Hour))
	b.Fill(name("clinic_name"), "Nome Que Não Salva")
	b.Submit("form[action='/settings'] button[type=submit]")
	if !strings.Contains(b.Location(), "/login") {
		t.Fatalf("expired form went to %s", b.Location())
	}
	if msg := b.Text(".alert-warning"); !strings.Contains(msg, "Sua sessão expirou") {
		t.Errorf("expired message = %q", msg)
	}
	b.Screenshot("login_expired")
	b.Fill(name("username"), "dona")
	b.Fill(name("password"), "senha-forte-1")
	b.Submit("button[type=submit]")
	if !strings.HasSuffix(b.Location(), "/settings") {
		t.Errorf("after login the browser is at %s, want /settings", b.Location())
	}
	if got := b.Value(name("clinic_name")); got != "Clínica Bem-Estar" {
		t.Errorf("clinic name = %q: the expired form wrote", got)
	}

	for _, c := range b.Cookies() {
		if c.Name == sessionName && (!c.HTTPOnly || c.Secure) {
			t.Errorf("session cookie HttpOnly=%v Secure=%v", c.HTTPOnly, c.Secure)
		}
	}
}

// TestBrowserAdminPages screenshots the admin's pages, desktop and phone,
// and checks the phone layout has no sideways scrolling.
func TestBrowserAdminPages(t *testing.T) {
	app := newTestApp(t)
	app.setup(t)
	b := browsertest.New(t)
	b.Navigate(app.ts.URL + "/login")
	b.Fill(browsertest.Name("username"), "admin")
	b.Fill(browsertest.Name("password"), testPassword)
	b.Submit("button[type=submit]")

	for _, page := range []string{"/users", "/users/new", "/backups", "/audit", "/account/password"} {
		b.Navigate(app.ts.URL + page)
		b.Screenshot(strings.ReplaceAll(strings.Trim(page, "/"), "/", "_"))
	}

	b.Navigate(app.ts.URL + "/backups")
	b.Submit("form[action='/backups'] button")
	if msg := b.Text(".alert-success"); !strings.Contains(msg, "Backup feito") {
		t.Errorf("backup message = %q", msg)
	}

	b.EmulatePhone()
	b.Navigate(app.ts.URL + "/")
	if px := b.HorizontalOverflow(); px > 0 {
		t.Errorf("home page scrolls %d px sideways at phone width", px)
	}
	b.Screenshot("dashboard_phone")
}
