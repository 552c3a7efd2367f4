package browsertest

import (
	"bytes"
	"errors"
	"fmt"
	"image/png"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

func TestFindChrome(t *testing.T) {
	installed := func(names ...string) func(string) (string, error) {
		return func(name string) (string, error) {
			for _, n := range names {
				if n == name {
					return "/found/" + strings.TrimPrefix(name, "/"), nil
				}
			}
			return "", fs.ErrNotExist
		}
	}
	tests := []struct {
		name      string
		env       string
		installed []string
		want      string
		wantErr   string
	}{
		{"debian first", "", []string{"google-chrome", "/usr/bin/chromium"}, "/found/usr/bin/chromium", ""},
		{"on path", "", []string{"chromium-browser"}, "/found/chromium-browser", ""},
		{"google", "", []string{"google-chrome-stable"}, "/found/google-chrome-stable", ""},
		{"env wins", "/opt/chrome", []string{"/opt/chrome", "/usr/bin/chromium"}, "/found/opt/chrome", ""},
		{"env wrong", "/opt/none", []string{"/usr/bin/chromium"}, "", "KPSI_CHROME"},
		{"none", "", nil, "", "no Chromium"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			getenv := func(k string) string {
				if k == "KPSI_CHROME" {
					return tt.env
				}
				return ""
			}
			got, err := findChrome(getenv, installed(tt.installed...))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("findChrome() error = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("findChrome() error = %v", err)
			}
			if got != tt.want {
				t.Errorf("findChrome() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestFindChromeNoneIsErrNoChrome(t *testing.T) {
	_, err := findChrome(func(string) string { return "" }, func(string) (string, error) { return "", fs.ErrNotExist })
	if !errors.Is(err, errNoChrome) {
		t.Errorf("findChrome() error = %v, want errNoChrome", err)
	}
}

func TestReportMissing(t *testing.T) {
	tests := []struct {
		name      string
		env       map[string]string
		wantFatal bool
	}{
		{"developer skips", map[string]string{}, false},
		{"CI fails", map[string]string{"CI": "true"}, true},
		{"CI false skips", map[string]string{"CI": "false"}, false},
		{"wrong KPSI_CHROME fails", map[string]string{"KPSI_CHROME": "/opt/none"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &recorder{TB: t}
			getenv := func(k string) string { return tt.env[k] }
			rec.expectStop(func() { reportMissing(rec, errors.New("no browser"), getenv) })
			if got := rec.fatal != ""; got != tt.wantFatal {
				t.Errorf("fatal = %v (%q), want %v", got, rec.fatal, tt.wantFatal)
			}
			if got := rec.skipped != ""; got == tt.wantFatal {
				t.Errorf("skipped = %v (%q), want %v", got, rec.skipped, !tt.wantFatal)
			}
		})
	}
}

func TestFormFlow(t *testing.T) {
	tests := []struct {
		name   string
		submit func(b *Browser) int
	}{
		{"click", func(b *Browser) int { return b.Submit("button[type=submit]") }},
		{"enter", func(b *Browser) int { return b.PressEnter(Name("username")) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newSite(t)
			b := New(t)
			if got := b.Navigate(srv.URL + "/form.html"); got != 200 {
				t.Fatalf("Navigate() status = %d, want 200", got)
			}
			b.Fill(Name("username"), "ana")
			b.Fill("#day", "2026-12-04")
			b.Fill(Name("room"), "2")
			b.Type("#notes", "primeira sessão")
			b.Click(Name("online"))
			if got := tt.submit(b); got != 200 {
				b.Fatalf("submit status = %d, want 200", got)
			}
			if got := b.Location(); !strings.HasPrefix(got, srv.URL+"/welcome?") {
				t.Errorf("Location() = %q, want the welcome page", got)
			}
			checks := map[string]string{
				"#greeting": "Olá, ana",
				"#day":      "2026-12-04",
				"#room":     "2",
				"#notes":    "primeira sessão",
				"#online":   "1",
			}
			for sel, want := range checks {
				if got := b.Text(sel); got != want {
					t.Errorf("Text(%q) = %q, want %q", sel, got, want)
				}
			}
			if got := b.Title(); got != "Bem-vinda" {
				t.Errorf("Title() = %q, want Bem-vinda", got)
			}
			cookies := b.Cookies()
			if len(cookies) != 1 || cookies[0].Name != "session" || cookies[0].Value != "ana" || !cookies[0].HTTPOnly {
				t.Errorf("Cookies() = %+v, want one HttpOnly session=ana", cookies)
			}
		})
	}
}

func TestFillRejects(t *testing.T) {
	needChrome(t)
	srv := newSite(t)
	tests := []struct {
		name, sel, value, want string
	}{
		{"unknown option", Name("room"), "9", "rejected the value"},
		{"checkbox", Name("online"), "1", "use Click"},
		{"button", "button", "x", "takes no value"},
		{"bad date", "#day", "04/12/2026", "rejected the value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &recorder{TB: t}
			b := New(rec)
			b.Navigate(srv.URL + "/form.html")
			rec.expectStop(func() { b.Fill(tt.sel, tt.value) })
			if !strings.Contains(rec.fatal, tt.want) {
				t.Errorf("Fill(%q, %q) failure = %q, want it to contain %q", tt.sel, tt.value, rec.fatal, tt.want)
			}
			if !strings.Contains(rec.fatal, "URL: "+srv.URL+"/form.html") {
				t.Errorf("failure lacks the page URL:\n%s", rec.fatal)
			}
		})
	}
}

func TestFormFieldState(t *testing.T) {
	srv := newSite(t)
	b := New(t)
	b.Navigate(srv.URL + "/form.html")
	b.Fill(Name("username"), "bia")
	if got := b.Value(Name("username")); got != "bia" {
		t.Errorf("Value() = %q, want bia", got)
	}
	b.Fill(Name("username"), "")
	if got := b.Value(Name("username")); got != "" {
		t.Errorf("Value() after Fill(\"\") = %q, want an empty field", got)
	}
	b.Fill(Name("username"), "bia")
	if !b.Focused(Name("username")) {
		t.Error("Focused(username) = false after Fill, want true")
	}
	if b.Focused("#day") {
		t.Error("Focused(#day) = true, want false")
	}
	if v, ok := b.Attribute(Name("username"), "required"); !ok || v != "" {
		t.Errorf("Attribute(required) = %q, %v, want \"\", true", v, ok)
	}
	if _, ok := b.Attribute(Name("username"), "disabled"); ok {
		t.Error("Attribute(disabled) exists, want not")
	}
	if got := b.Count("label"); got != 5 {
		t.Errorf("Count(label) = %d, want 5", got)
	}
	if b.Exists(".error") {
		t.Error("Exists(.error) = true, want false")
	}
	if !strings.Contains(b.HTML(), `<form method="post" action="/login">`) {
		t.Error("HTML() lacks the form")
	}
}

func TestBrowsersShareNothing(t *testing.T) {
	srv := newSite(t)
	ana := New(t)
	ana.Navigate(srv.URL + "/form.html")
	ana.Fill(Name("username"), "ana")
	ana.Submit("button[type=submit]")
	const store = `(localStorage.setItem("draft", "x"), true)`
	if _, err := chromedp.Run(ana.Context(), chromedp.Evaluate[bool](store)); err != nil {
		t.Fatalf("write localStorage: %v", err)
	}

	other := New(t)
	if got := other.Navigate(srv.URL + "/welcome"); got != 401 {
		t.Errorf("second browser status = %d, want 401", got)
	}
	if got := other.Cookies(); len(got) != 0 {
		t.Errorf("second browser cookies = %+v, want none", got)
	}
	const load = `localStorage.getItem("draft")`
	draft, err := chromedp.Run(other.Context(), chromedp.Evaluate[*string](load))
	if err != nil {
		t.Fatalf("read localStorage: %v", err)
	}
	if draft != nil {
		t.Errorf("second browser localStorage draft = %q, want none", *draft)
	}
	if got := ana.Navigate(srv.URL + "/welcome"); got != 200 {
		t.Errorf("first browser status = %d, want 200", got)
	}
}

func TestParallelTabs(t *testing.T) {
	srv := newSite(t)
	for _, user := range []string{"ana", "bia", "carla"} {
		t.Run(user, func(t *testing.T) {
			t.Parallel()
			b := New(t)
			b.Navigate(srv.URL + "/form.html")
			b.Fill(Name("username"), user)
			b.Submit("button[type=submit]")
			if got, want := b.Text("#greeting"), "Olá, "+user; got != want {
				t.Errorf("Text() = %q, want %q", got, want)
			}
		})
	}
}

func TestErrorStatusIsNoConsoleError(t *testing.T) {
	srv := newSite(t)
	b := New(t)
	if got := b.Navigate(srv.URL + "/forbidden"); got != 403 {
		t.Errorf("Navigate() status = %d, want 403", got)
	}
	if got := b.Text("h1"); got != "Acesso negado" {
		t.Errorf("Text(h1) = %q", got)
	}
	// The end of the test checks that neither the 403 nor the missing
	// /favicon.ico counts as a console error.
}

func TestConsoleErrorsFailTest(t *testing.T) {
	needChrome(t)
	srv := newSite(t)
	tests := []struct {
		page string
		want []string
	}{
		{"/noisy.html", []string{"[console] falha de teste 42", "[security] Executing inline script violates", "[security] Applying inline style violates"}},
		{"/missing-asset.html", []string{"[network] Failed to load resource", "/nope.png"}},
	}
	for _, tt := range tests {
		rec := &recorder{}
		t.Run(tt.page, func(t *testing.T) {
			rec.TB = t
			b := New(rec)
			b.Navigate(srv.URL + tt.page)
		})
		// The subtest's cleanup has run the console check now.
		got := rec.errorText()
		for _, want := range tt.want {
			if !strings.Contains(got, want) {
				t.Errorf("%s: console check reported\n%s\nwant it to contain %q", tt.page, got, want)
			}
		}
		if strings.Contains(got, "aviso de teste") {
			t.Errorf("%s: a console warning was reported as an error:\n%s", tt.page, got)
		}
	}
}

func TestAllowConsole(t *testing.T) {
	srv := newSite(t)
	b := New(t)
	b.AllowConsole("Content Security Policy")
	b.AllowConsole("falha de teste")
	b.Navigate(srv.URL + "/noisy.html")
	if got := b.Title(); got != "Erros" {
		t.Errorf("Title() = %q: the inline script ran despite the CSP", got)
	}
	var sources []string
	for _, e := range b.Console() {
		sources = append(sources, e.Level+"/"+e.Source)
	}
	got := strings.Join(sources, " ")
	for _, want := range []string{"error/security", "error/console", "warning/console"} {
		if !strings.Contains(got, want) {
			t.Errorf("Console() levels and sources = %s, want %s among them", got, want)
		}
	}
}

func TestStepTimeout(t *testing.T) {
	needChrome(t)
	srv := newSite(t)
	rec := &recorder{TB: t}
	b := New(rec, WithStepTimeout(time.Second))
	start := time.Now()
	rec.expectStop(func() { b.Navigate(srv.URL + "/slow") })
	if !strings.Contains(rec.fatal, "step limit of 1s") {
		t.Errorf("failure = %q, want it to name the step limit", rec.fatal)
	}
	if d := time.Since(start); d > 4*time.Second {
		t.Errorf("Navigate took %v to fail, want about 1s", d)
	}
	// The tab still works after a step timed out.
	b.Navigate(srv.URL + "/form.html")
	if got := b.Text("h1"); got != "Entrar" {
		t.Errorf("Text(h1) after the time-out = %q, want Entrar", got)
	}
}

func TestTestTimeout(t *testing.T) {
	needChrome(t)
	srv := newSite(t)
	rec := &recorder{TB: t}
	b := New(rec, WithTimeout(2*time.Second))
	start := time.Now()
	rec.expectStop(func() { b.Navigate(srv.URL + "/slow") })
	if !strings.Contains(rec.fatal, "time limit of 2s ran out") {
		t.Errorf("failure = %q, want it to name the test's time limit", rec.fatal)
	}
	if !strings.Contains(rec.fatal, "URL: ") {
		t.Errorf("failure lacks the page state after the time limit:\n%s", rec.fatal)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("Navigate took %v to fail, want about 2s", d)
	}
}

func TestViewport(t *testing.T) {
	srv := newSite(t)
	b := New(t)
	width := func() int {
		t.Helper()
		w, err := chromedp.Run(b.Context(), chromedp.Evaluate[int]("innerWidth"))
		if err != nil {
			t.Fatalf("read innerWidth: %v", err)
		}
		return w
	}
	b.Navigate(srv.URL + "/form.html")
	if got := width(); got != defaultWidth {
		t.Errorf("default innerWidth = %d, want %d", got, defaultWidth)
	}
	b.SetViewport(800, 600)
	if got := width(); got != 800 {
		t.Errorf("innerWidth after SetViewport(800, 600) = %d, want 800", got)
	}
	b.EmulatePhone()
	if got := width(); got != PhoneWidth {
		t.Errorf("innerWidth on a phone = %d, want %d", got, PhoneWidth)
	}
	if got := b.HorizontalOverflow(); got != 0 {
		t.Errorf("form overflows a phone by %d px, want 0", got)
	}
	b.Navigate(srv.URL + "/wide.html")
	if got := b.HorizontalOverflow(); got != 600-PhoneWidth {
		t.Errorf("wide page overflows a phone by %d px, want %d", got, 600-PhoneWidth)
	}
}

func TestScreenshotFullPage(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("KPSI_SCREENSHOTS", dir)
	srv := newSite(t)
	b := New(t)
	b.Navigate(srv.URL + "/tall.html")
	path := b.Screenshot("tall page")
	if want := filepath.Join(dir, "TestScreenshotFullPage_tall_page.png"); path != want {
		t.Errorf("Screenshot() = %q, want %q", path, want)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("decode %s: %v", path, err)
	}
	if img.Width != defaultWidth || img.Height < 3000 {
		t.Errorf("screenshot is %dx%d, want %d wide and at least 3000 high", img.Width, img.Height, defaultWidth)
	}
}

func TestFatalfSavesPage(t *testing.T) {
	needChrome(t)
	dir := t.TempDir()
	t.Setenv("KPSI_SCREENSHOTS", dir)
	srv := newSite(t)
	rec := &recorder{TB: t}
	b := New(rec)
	b.Navigate(srv.URL + "/form.html")
	rec.expectStop(func() { b.Fatalf("saldo errado: %d", 7) })
	for _, want := range []string{"browsertest: saldo errado: 7", "URL: " + srv.URL + "/form.html", "<h1>Entrar</h1>", "saved "} {
		if !strings.Contains(rec.fatal, want) {
			t.Errorf("Fatalf message lacks %q:\n%s", want, rec.fatal)
		}
	}
	for _, ext := range []string{".html", ".png"} {
		name := filepath.Join(dir, "TestFatalfSavesPage_failure"+ext)
		if _, err := os.Stat(name); err != nil {
			t.Errorf("failure file: %v", err)
		}
	}
}

func TestDialogKeyboard(t *testing.T) {
	srv := newSite(t)
	b := New(t)
	b.Navigate(srv.URL + "/dialog.html")
	b.Click("#open")
	b.WaitVisible("#dlg")
	if !b.Focused("#reason") {
		t.Error("the dialog's input has no focus after opening")
	}
	b.Type("#reason", "férias")
	if got := b.Value("#reason"); got != "férias" {
		t.Errorf("Value(#reason) = %q, want férias", got)
	}
	b.Type("#reason", kb.Escape)
	b.WaitNotVisible("#dlg")
}

func TestOwnProcess(t *testing.T) {
	needChrome(t)
	if shared == nil {
		t.Fatal("Main did not set up the shared browser")
	}
	srv := newSite(t)
	p := &pool{}
	t.Cleanup(p.close)
	b := open(t, p, config{timeout: defaultTimeout, stepTimeout: defaultStepTimeout})
	b.Navigate(srv.URL + "/form.html")
	if got := b.Text("h1"); got != "Entrar" {
		t.Errorf("Text(h1) = %q, want Entrar", got)
	}
	if p.ctx == shared.ctx {
		t.Error("the private pool returned the shared browser")
	}
}

func TestLocalhostReachable(t *testing.T) {
	srv := newSite(t)
	b := New(t)
	// The resolver rule of allocatorOptions fails every host name except
	// localhost.
	local := strings.Replace(srv.URL, "127.0.0.1", "localhost", 1)
	if got := b.Navigate(local + "/form.html"); got != 200 {
		t.Errorf("Navigate(localhost) status = %d, want 200", got)
	}
}

func TestFileName(t *testing.T) {
	tests := []struct{ test, name, want string }{
		{"TestA", "home", "TestA_home"},
		{"TestA/sub case", "a:b", "TestA_sub_case_a_b"},
		{"TestÁ", "x.y", "Test__x.y"},
	}
	for _, tt := range tests {
		if got := fileName(tt.test, tt.name); got != tt.want {
			t.Errorf("fileName(%q, %q) = %q, want %q", tt.test, tt.name, got, tt.want)
		}
	}
}

func TestName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"email", `[name="email"]`},
		{`a"b\c`, `[name="a\"b\\c"]`},
	}
	for _, tt := range tests {
		if got := Name(tt.in); got != tt.want {
			t.Errorf("Name(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func ExampleName() {
	fmt.Println(Name("username"))
	// Output: [name="username"]
}

func TestPoolRestartsDeadBrowser(t *testing.T) {
	needChrome(t)
	p := &pool{}
	t.Cleanup(p.close)
	first, err := p.browser(defaultTimeout)
	if err != nil {
		t.Fatal(err)
	}
	// Stopping the browser behind the pool's back is what a crash looks
	// like to it: the browser's context ends.
	p.cancel()
	second, err := p.browser(defaultTimeout)
	if err != nil {
		t.Fatalf("restart: %v", err)
	}
	if second == first {
		t.Fatal("the pool returned the dead browser")
	}
	b := open(t, p, config{timeout: defaultTimeout, stepTimeout: defaultStepTimeout})
	if got := b.Navigate("about:blank"); got != 0 {
		t.Errorf("Navigate(about:blank) status = %d, want 0", got)
	}
}
