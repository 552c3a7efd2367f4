package web

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"golang.org/x/crypto/bcrypt"

	"kpsicologia/app/clinic"
	"kpsicologia/app/sqlite"
)

// TestAgendaScreenshots saves PNGs of every agenda page, on a desktop
// window and on a 375 px phone, into the folder named by
// KPSI_SCREENSHOTS, for a person to look at. KPSI_ASSETS may name an
// assets folder to serve instead of the repository's (for example one
// with the vendored Bootstrap files added). It is skipped without
// KPSI_SCREENSHOTS or without Chromium.
func TestAgendaScreenshots(t *testing.T) {
	dir := os.Getenv("KPSI_SCREENSHOTS")
	if dir == "" {
		t.Skip("set KPSI_SCREENSHOTS to a folder to save the agenda's screenshots")
	}
	chrome, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("chromium not found")
	}
	assets := os.Getenv("KPSI_ASSETS")
	if assets == "" {
		assets = filepath.Join("..", "..", "assets")
	}
	app := agendaScreenshotApp(t, assets)
	app.setup(t)
	c := agendaFixtureBuild(t, app)
	app.createUser(t, "recepcao", clinic.RoleReception, 0)
	app.createUser(t, "ana", clinic.RolePsychologist, c.psychologists[0])
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}

	shots := []struct {
		user, name, path string
		width            int64
	}{
		{"recepcao", "day_by_room", "/agenda?date=2026-12-04&unit=" + fmt.Sprint(c.centro), 1366},
		{"recepcao", "day_by_psychologist", "/agenda?date=2026-12-04&by=psychologist&unit=" + fmt.Sprint(c.centro), 1366},
		{"recepcao", "week_by_room", "/agenda?date=2026-12-04&view=week&unit=" + fmt.Sprint(c.centro), 1366},
		{"recepcao", "week_by_psychologist_holiday", "/agenda?date=2026-12-08&view=week&by=psychologist&unit=0", 1366},
		{"recepcao", "print", "/agenda/print?date=2026-12-04&unit=" + fmt.Sprint(c.centro), 1000},
		{"recepcao", "free", "/agenda/free?from=2026-12-07&weekday=2&unit=" + fmt.Sprint(c.centro), 1366},
		{"recepcao", "psychologist_agenda_staff", fmt.Sprintf("/psychologists/%d/agenda?date=2026-12-04", c.psychologists[2]), 1366},
		{"ana", "own_week_desktop", "/my/agenda?date=2026-12-04", 1366},
		{"ana", "own_week_phone", "/my/agenda?date=2026-12-04", 375},
		{"ana", "own_day_phone", "/my/agenda?view=day&date=2026-12-04", 375},
		{"ana", "own_month_phone", "/my/agenda?view=month&date=2026-12-04", 375},
		{"ana", "own_month_desktop", "/my/agenda?view=month&date=2026-12-04", 1366},
		{"recepcao", "day_phone", "/agenda?date=2026-12-04&unit=" + fmt.Sprint(c.centro), 375},
	}
	opts := append(slices.Clone(chromedp.DefaultExecAllocatorOptions[:]),
		chromedp.ExecPath(chrome), chromedp.Headless, chromedp.NoSandbox,
		chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1"))
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()

	for _, shot := range shots {
		ctx, cancel := chromedp.NewContext(allocCtx)
		ctx, cancelTimeout := context.WithTimeout(ctx, 60*time.Second)
		agendaScreenshot(t, ctx, app.ts.URL, shot.user, shot.path, shot.width,
			filepath.Join(dir, "agenda_"+shot.name+".png"))
		cancelTimeout()
		cancel()
	}
}

func agendaScreenshot(t *testing.T, ctx context.Context, base, user, path string, width int64, file string) {
	t.Helper()
	mobile := []chromedp.EmulateViewportOption{chromedp.EmulatePortrait}
	if width < 600 {
		mobile = append(mobile, chromedp.EmulateMobile, chromedp.EmulateTouch)
	}
	login := fmt.Sprintf(`(function(){
		document.querySelector('[name=username]').value = %q;
		document.querySelector('[name=password]').value = %q;
		document.querySelector('form').submit(); return true; })()`, user, testPassword)
	steps := []chromedp.Action[chromedp.Void]{
		chromedp.EmulateViewport(width, 900, mobile...),
		chromedp.Navigate(base + "/login"),
	}
	for _, s := range steps {
		if _, err := chromedp.Run(ctx, s); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](login)); err != nil {
		t.Fatalf("log in as %s: %v", user, err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Sleep(500*time.Millisecond)); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.RunResponse(ctx, chromedp.Navigate(base+path)); err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Sleep(300*time.Millisecond)); err != nil {
		t.Fatal(err)
	}
	overflow, err := chromedp.Run(ctx, chromedp.Evaluate[int](
		"document.documentElement.scrollWidth - document.documentElement.clientWidth"))
	if err != nil {
		t.Fatal(err)
	}
	if overflow > 0 && !strings.Contains(path, "print") {
		t.Errorf("%s at %d px: the page scrolls sideways by %d px", path, width, overflow)
	}
	if strings.HasPrefix(path, "/agenda/print") {
		// The day sheet is for paper: save what the browser prints on A4,
		// with the page's own @page size and margins.
		pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4),
			func(p *page.PrintToPDFParams) { css := true; p.PreferCSSPageSize = &css }))
		if err != nil {
			t.Fatalf("print %s: %v", path, err)
		}
		if err := os.WriteFile(strings.TrimSuffix(file, ".png")+".pdf", pdf, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", path, err)
	}
	if err := os.WriteFile(file, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", file)
}

// agendaScreenshotApp is newTestApp serving the assets in dir.
func agendaScreenshotApp(tb testing.TB, dir string) *testApp {
	tb.Helper()
	data := tb.TempDir()
	schema, err := os.ReadFile(filepath.Join("..", "..", "schema.sql"))
	if err != nil {
		tb.Fatalf("read schema: %v", err)
	}
	db, err := sqlite.Open(context.Background(), filepath.Join(data, "test.db"), string(schema))
	if err != nil {
		tb.Fatalf("open database: %v", err)
	}
	db.BcryptCost = bcrypt.MinCost
	tb.Cleanup(func() { db.Close() })
	app := &testApp{db: db, dir: data, now: time.Date(2026, 12, 4, 16, 0, 0, 0, time.UTC)}
	db.Now = app.clock
	srv, err := New(Config{DB: db, Assets: os.DirFS(dir),
		Logger:      slog.New(slog.NewTextHandler(io.Discard, nil)),
		SessionKeys: [][]byte{[]byte(strings.Repeat("k", 32)), []byte(strings.Repeat("e", 32))},
		DataDir:     data, Version: "test", Now: app.clock})
	if err != nil {
		tb.Fatalf("web.New: %v", err)
	}
	app.srv = srv
	app.ts = httptest.NewServer(srv)
	tb.Cleanup(app.ts.Close)
	return app
}
