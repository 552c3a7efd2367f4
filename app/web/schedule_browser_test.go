//go:build schedulebrowser

// The schedule pages in a real browser: book a weekly series, move one
// session, see the conflict message when booking over it, and save a
// screenshot of every scheduling page at desktop and phone widths. Run
// it with
//
//	go test -tags schedulebrowser -run Browser ./app/web/
//
// It needs Chromium at /usr/bin/chromium (or CHROMIUM). SCHEDULE_SHOTS
// names the folder for the PNGs (a temp folder otherwise), and
// SCHEDULE_VENDOR a folder holding bootstrap/ and bootstrap-icons/ to
// serve as static/vendor, because the repository does not vendor them
// yet and the pages look unstyled without them.
package web

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"golang.org/x/crypto/bcrypt"

	"kpsicologia/app/sqlite"
)

// scheduleBrowserApp is newTestApp serving a copy of the assets with the
// vendored styles added.
func scheduleBrowserApp(t *testing.T) *testApp {
	t.Helper()
	dir := t.TempDir()
	assets := filepath.Join(dir, "assets")
	if err := os.CopyFS(assets, os.DirFS(filepath.Join("..", "..", "assets"))); err != nil {
		t.Fatalf("copy assets: %v", err)
	}
	if vendor := os.Getenv("SCHEDULE_VENDOR"); vendor != "" {
		if err := os.CopyFS(filepath.Join(assets, "static", "vendor"), os.DirFS(vendor)); err != nil {
			t.Fatalf("copy vendor files: %v", err)
		}
	}
	schema, err := os.ReadFile(filepath.Join("..", "..", "schema.sql"))
	if err != nil {
		t.Fatal(err)
	}
	db, err := sqlite.Open(context.Background(), filepath.Join(dir, "test.db"), string(schema))
	if err != nil {
		t.Fatal(err)
	}
	db.BcryptCost = bcrypt.MinCost
	t.Cleanup(func() { db.Close() })
	app := &testApp{db: db, dir: dir, now: time.Date(2026, 12, 4, 16, 0, 0, 0, time.UTC)}
	db.Now = app.clock
	srv, err := New(Config{DB: db, Assets: os.DirFS(assets),
		Logger:      slog.New(slog.NewTextHandler(io.Discard, nil)),
		SessionKeys: [][]byte{[]byte(strings.Repeat("k", 32)), []byte(strings.Repeat("e", 32))},
		DataDir:     dir, Version: "test", Now: app.clock})
	if err != nil {
		t.Fatal(err)
	}
	app.srv = srv
	app.ts = httptest.NewServer(srv)
	t.Cleanup(app.ts.Close)
	return app
}

// scheduleBrowser drives one headless Chromium tab.
type scheduleBrowser struct {
	t    *testing.T
	ctx  context.Context
	base string
	dir  string
}

func newScheduleBrowser(t *testing.T, base string) *scheduleBrowser {
	t.Helper()
	path := os.Getenv("CHROMIUM")
	if path == "" {
		path = "/usr/bin/chromium"
	}
	if _, err := os.Stat(path); err != nil {
		t.Skipf("no Chromium at %s", path)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-quic", true), chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.Flag("lang", "pt-BR"), chromedp.Env("LANGUAGE=pt_BR", "LANG=pt_BR.UTF-8"))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 2*time.Minute)
	t.Cleanup(func() { cancelTimeout(); cancel(); cancelAlloc() })
	dir := os.Getenv("SCHEDULE_SHOTS")
	if dir == "" {
		dir = t.TempDir()
	}
	os.MkdirAll(dir, 0o755)
	return &scheduleBrowser{t: t, ctx: ctx, base: base, dir: dir}
}

func (b *scheduleBrowser) do(steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, steps...); err != nil {
		b.t.Fatalf("browser: %v", err)
	}
}

// open loads path and makes data-confirm dialogs answer OK.
func (b *scheduleBrowser) open(path string) {
	b.t.Helper()
	b.do(chromedp.Navigate(b.base + path))
	b.acceptConfirms()
}

func (b *scheduleBrowser) acceptConfirms() {
	b.t.Helper()
	if _, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool]("window.confirm = () => true; true")); err != nil {
		b.t.Fatalf("browser: %v", err)
	}
}

func (b *scheduleBrowser) login(username string) {
	b.t.Helper()
	signedIn, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](
		"document.querySelector(\"form[action='/logout']\") !== null"))
	if err == nil && signedIn {
		b.submit(chromedp.Submit(chromedp.CSS("form[action='/logout']")))
	}
	b.open("/login")
	b.submit(chromedp.SetValue(chromedp.ID("f-username"), username),
		chromedp.SetValue(chromedp.ID("f-password"), testPassword),
		chromedp.Submit(chromedp.ID("f-password")))
}

// shot saves the page at width (and the content's full height) as
// name.png.
func (b *scheduleBrowser) shot(name string, width int64) {
	b.t.Helper()
	b.do(chromedp.EmulateViewport(width, 900))
	png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(b.dir, name+".png"), png, 0o644); err != nil {
		b.t.Fatal(err)
	}
	b.do(chromedp.EmulateViewport(1280, 900))
}

// submit runs steps that send a form and waits until the next page has
// loaded. It marks the current document first, because a form may lead
// back to the same address.
func (b *scheduleBrowser) submit(steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if _, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool]("window.scheduleOld = true")); err != nil {
		b.t.Fatal(err)
	}
	b.do(steps...)
	// Evaluate fails while the old page's context goes away, so the loop
	// retries until the new page answers.
	const wait = "window.scheduleOld === undefined && document.readyState === 'complete'"
	deadline := time.Now().Add(20 * time.Second)
	for {
		done, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](wait))
		if err == nil && done {
			break
		}
		if time.Now().After(deadline) {
			b.t.Fatalf("no new page after submitting: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	b.acceptConfirms()
}

func (b *scheduleBrowser) text(sel string) string {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		b.t.Fatalf("text of %s: %v", sel, err)
	}
	return s
}

func (b *scheduleBrowser) location() string {
	b.t.Helper()
	loc, err := chromedp.Run(b.ctx, chromedp.Location())
	if err != nil {
		b.t.Fatal(err)
	}
	return strings.TrimPrefix(loc, b.base)
}

func TestBrowserScheduleFlow(t *testing.T) {
	app := scheduleBrowserApp(t)
	f := scheduleWebFixtureOn(t, app)
	b := newScheduleBrowser(t, app.ts.URL)
	b.do(chromedp.EmulateViewport(1280, 900))
	b.login("recepcao")

	// Book a weekly series from an agenda cell's link.
	b.open(fmt.Sprintf("/sessions/new?patient_id=%d&room_id=%d&date=2026-12-07&time=14:00", f.maria, f.room2))
	b.shot("session_form", 1280)
	b.shot("session_form_375", 375)
	b.submit(chromedp.Click(chromedp.CSS("#booking-form button[type=submit]")))
	if loc := b.location(); loc != "/agenda?date=2026-12-07" {
		t.Fatalf("after booking at %s", loc)
	}
	if n := f.count(t, `SELECT count(*) FROM sessions WHERE patient_id = ?`, f.maria); n != 12 {
		t.Fatalf("%d sessions booked, want 12", n)
	}

	// Move the session of 14/12 to Tuesday 15/12 at 10:00 in Sala 1.
	var sid, seriesID int64
	app.db.Read().QueryRow(`SELECT id, series_id FROM sessions WHERE date = '2026-12-14'`).Scan(&sid, &seriesID)
	b.open(fmt.Sprintf("/sessions/%d", sid))
	b.shot("session", 1280)
	b.submit(chromedp.Click(chromedp.CSS("details summary")),
		chromedp.SetValue(chromedp.ID("f-move_date"), "2026-12-15"),
		chromedp.SetValue(chromedp.ID("f-move_time"), "10:00"),
		chromedp.SetValue(chromedp.ID("f-move_room_id"), fmt.Sprint(f.room1)),
		chromedp.Submit(chromedp.ID("f-move_date")))
	if loc := b.location(); loc != "/agenda?date=2026-12-15" {
		t.Fatalf("after moving at %s", loc)
	}

	// Booking over the moved session shows who is in the way.
	b.open(fmt.Sprintf("/sessions/new?patient_id=%d&room_id=%d&date=2026-12-15&time=10:20&kind=one_off", f.carla, f.room1))
	b.submit(chromedp.Click(chromedp.CSS("#booking-form button[type=submit]")))
	msg := b.text(".alert-danger")
	want := "Conflito: a Sala 1 já está ocupada em 15/12/2026 das 10:00 às 10:50 por Maria S. com Dra. Paula."
	if !strings.Contains(msg, want) {
		t.Errorf("conflict message %q, want %q", msg, want)
	}
	b.shot("session_form_conflict", 1280)

	b.open(fmt.Sprintf("/series/%d", seriesID))
	b.shot("series", 1280)
	b.shot("series_375", 375)

	// Blocks, availability, holidays and room hours.
	b.login("paula")
	b.open("/availability")
	b.submit(chromedp.SetValue(chromedp.ID("f-wk_weekday"), "1"),
		chromedp.SetValue(chromedp.ID("f-wk_starts"), "08:00"),
		chromedp.SetValue(chromedp.ID("f-wk_ends"), "18:00"),
		chromedp.Submit(chromedp.ID("f-wk_starts")))
	b.shot("availability_375", 375)
	b.shot("availability", 1280)
	b.open("/blocks")
	b.submit(chromedp.SetValue(chromedp.ID("f-starts_on"), "2026-12-19"),
		chromedp.SetValue(chromedp.ID("f-ends_on"), "2027-01-03"),
		chromedp.SetValue(chromedp.ID("f-reason"), "Férias"),
		chromedp.Submit(chromedp.ID("f-reason")))
	if loc := b.location(); !strings.HasPrefix(loc, "/blocks/") {
		t.Fatalf("a block over sessions led to %s", loc)
	}
	b.shot("block", 1280)
	b.shot("block_375", 375)
	b.open("/blocks")
	b.shot("blocks", 1280)

	b.login("admin")
	b.open("/holidays")
	b.submit(chromedp.SetValue(chromedp.ID("f-hol_date"), "2027-01-25"),
		chromedp.SetValue(chromedp.ID("f-hol_name"), "Aniversário de São Paulo"),
		chromedp.Click(chromedp.ID("f-hol_yearly")),
		chromedp.Submit(chromedp.ID("f-hol_name")))
	b.shot("holidays", 1280)
	b.open("/availability/rooms")
	b.shot("room_hours", 1280)
	t.Logf("screenshots in %s", b.dir)
}
