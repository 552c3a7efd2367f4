package web

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"kpsicologia/app/sqlite"
)

// TestFinanceScreenshots saves a PNG of every finance page, filled with
// fixture data, into the folder named by KPSI_SCREENSHOTS, for a person
// to look at. It needs Chromium at /usr/bin/chromium and is skipped when
// the variable is unset. KPSI_VENDOR may name a folder whose files are
// served as static/vendor/ (Bootstrap and its icons), for checkouts that
// do not carry them yet.
func TestFinanceScreenshots(t *testing.T) {
	out := os.Getenv("KPSI_SCREENSHOTS")
	if out == "" {
		t.Skip("KPSI_SCREENSHOTS is not set")
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	f := financeFixtureNew(t)
	if vendor := os.Getenv("KPSI_VENDOR"); vendor != "" {
		financeFixtureVendor(t, f, vendor)
	}
	f.financeFixtureMonth(t)
	f.financeFixtureBusyDay(t)

	shots := []struct {
		user, path, name string
		width            int64
	}{
		{"admin", "/", "dashboard_admin", 1280},
		{"recepcao", "/", "dashboard_reception", 1280},
		{"ana", "/", "dashboard_psychologist_375", 375},
		{"recepcao", "/attendance", "attendance_day", 1280},
		{"admin", "/attendance?view=week&date=2026-11-30", "attendance_week", 1280},
		{"ana", "/attendance?view=week&date=2026-11-30", "attendance_week_psychologist_375", 375},
		{"admin", "/attendance?view=pending", "attendance_pending", 1280},
		{"admin", "/attendance/" + f.firstSession(t), "attendance_session", 1280},
		{"ana", "/attendance/" + f.firstSession(t), "attendance_session_375", 375},
		{"admin", "/payments?month=2026-11", "payments", 1280},
		{"recepcao", "/payments/new?q=a", "payment_patient_search", 1280},
		{"recepcao", "/patients/" + itoa(f.patient2) + "/payments/new", "payment_form", 1280},
		{"admin", "/payments/1", "payment_show", 1280},
		{"admin", "/patients/" + itoa(f.patient1) + "/ledger?from=", "ledger", 1280},
		{"ana", "/patients/" + itoa(f.patient1) + "/ledger?from=", "ledger_375", 375},
		{"admin", "/receivables", "receivables", 1280},
		{"admin", "/expenses?month=2026-11&deleted=1", "expenses", 1280},
		{"admin", "/expenses/new", "expense_form", 1280},
		{"admin", "/expenses/categories", "expense_categories", 1280},
		{"admin", "/finance?month=2026-11", "finance", 1280},
		{"admin", "/finance/settings", "finance_settings", 1280},
		{"admin", "/finance/closings", "closings", 1280},
		{"ana", "/my/payout?month=2026-11", "payout_375", 375},
		{"ana", "/receivables", "receivables_psychologist_375", 375},
	}

	alloc, cancel := chromedp.NewExecAllocator(context.Background(),
		append(chromedp.DefaultExecAllocatorOptions[:],
			chromedp.ExecPath("/usr/bin/chromium"),
			chromedp.Flag("no-sandbox", true),
			chromedp.Flag("disable-gpu", true),
			chromedp.Flag("disable-quic", true),
			chromedp.Flag("disable-component-update", true),
			chromedp.Flag("lang", "pt-BR"),
			chromedp.UserDataDir(t.TempDir()))...)
	defer cancel()

	for _, user := range []string{"admin", "recepcao", "ana"} {
		ctx, cancelTab := chromedp.NewContext(alloc)
		ctx, cancelTime := context.WithTimeout(ctx, 90*time.Second)
		err := chromedp.Do(ctx,
			chromedp.Navigate(f.app.ts.URL+"/login"),
			chromedp.SendKeys(chromedp.ID("f-username"), user),
			chromedp.SendKeys(chromedp.ID("f-password"), testPassword),
			chromedp.Submit(chromedp.ID("f-password")),
			chromedp.WaitVisible(chromedp.CSS("main.content")),
		)
		if err != nil {
			cancelTime()
			cancelTab()
			t.Fatalf("log in as %s: %v", user, err)
		}
		for _, s := range shots {
			if s.user != user {
				continue
			}
			err := chromedp.Do(ctx,
				chromedp.EmulateViewport(s.width, 900),
				chromedp.Navigate(f.app.ts.URL+s.path),
				chromedp.WaitVisible(chromedp.CSS("main.content")),
			)
			if err != nil {
				t.Errorf("open %s: %v", s.path, err)
				continue
			}
			// Phone-width pages are long: the top screen shows the
			// layout at full size, which a resized full page hides.
			shot := chromedp.FullScreenshot(100)
			if s.width < 600 {
				shot = chromedp.CaptureScreenshot()
			}
			png, err := chromedp.Run(ctx, shot)
			if err != nil {
				t.Errorf("screenshot %s: %v", s.path, err)
				continue
			}
			if err := os.WriteFile(filepath.Join(out, s.name+".png"), png, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		cancelTime()
		cancelTab()
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// firstSession returns the id of the oldest session, as text.
func (f *financeFixture) firstSession(t *testing.T) string {
	t.Helper()
	return itoa(financeFixtureCount(t, f.app, "SELECT min(id) FROM sessions"))
}

// financeFixtureBusyDay adds patients and a full Friday 2026-12-04 and
// week, so lists look like a real clinic's.
func (f *financeFixture) financeFixtureBusyDay(t *testing.T) {
	t.Helper()
	const at = "2026-01-01T00:00:00Z"
	names := []string{"Beatriz Nogueira", "João Pedro Albuquerque", "Mariana Costa",
		"Rafael Teixeira", "Sofia Andrade", "Lucas Martins"}
	var ids []int64
	for i, n := range names {
		psy := f.psyA
		if i%2 == 1 {
			psy = f.psyB
		}
		ids = append(ids, financeFixtureExec(t, f.app, `INSERT INTO patients (name,
			price_cents, psychologist_id, created_at, updated_at)
			VALUES (?, 18000, ?, ?, ?)`, n, psy, at, at))
	}
	ctx := context.Background()
	who := f.app.adminActor()
	for i, id := range ids {
		psy := f.psyA
		if i%2 == 1 {
			psy = f.psyB
		}
		for day, d := range []string{"2026-11-30", "2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04"} {
			if (i+day)%3 == 0 {
				continue
			}
			start := []string{"08:00", "09:00", "10:00", "11:00", "14:00", "15:00"}[i]
			if d == "2026-12-04" && i >= 3 {
				start = []string{"14:00", "15:00", "16:00"}[i-3]
			}
			s := f.session(t, id, psy, d, start, 18000)
			switch {
			case d == "2026-12-04":
			case (i+day)%5 == 0:
				f.app.db.SetAttendance(ctx, who, sqliteChange(s, "missed_excused"))
			case (i+day)%4 == 0:
				continue
			default:
				f.app.db.SetAttendance(ctx, who, sqliteChange(s, "done"))
			}
		}
	}
	for _, e := range []struct {
		cat        int64
		date, desc string
		cents      int64
	}{
		{2, "2026-11-08", "Papel, canetas e lenços", 18990},
		{3, "2026-11-20", "ISS de outubro", 74312},
		{4, "2026-11-30", "Recepcionista, novembro", 280000},
		{5, "2026-11-14", "Conserto do ar-condicionado", 45000},
	} {
		financeFixtureExec(t, f.app, `INSERT INTO expenses (category_id, unit_id,
			date, description, amount_cents, created_at) VALUES (?, ?, ?, ?, ?,
			'2026-11-30T12:00:00Z')`, e.cat, f.unit, e.date, e.desc, e.cents)
	}
	dup := financeFixtureExec(t, f.app, `INSERT INTO expenses (category_id, date,
		description, amount_cents, created_at) VALUES (1, '2026-11-05',
		'Aluguel novembro', 250000, '2026-11-05T12:00:00Z')`)
	if err := f.app.db.DeleteExpense(ctx, who, dup, "lançada duas vezes"); err != nil {
		t.Fatal(err)
	}
	oct, err := f.app.db.CloseMonth(ctx, who, sqlite.CloseMonthInput{Month: "2026-10", Today: "2026-12-04"})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.app.db.ReopenMonth(ctx, who, oct, "faltava lançar o aluguel"); err != nil {
		t.Fatal(err)
	}
	for _, in := range []sqlite.CloseMonthInput{{Month: "2026-10"}, {Month: "2026-09"},
		{Month: "2026-11", PsychologistID: f.psyB}} {
		in.Today = "2026-12-04"
		if _, err := f.app.db.CloseMonth(ctx, who, in); err != nil {
			t.Fatal(err)
		}
	}
	financeFixturePayment(t, f, ids[0], "2026-12-01", 36000)
	financeFixturePayment(t, f, ids[1], "2026-12-02", 50000)
}

// financeFixtureVendor restarts the fixture's server with static/vendor
// served from dir.
func financeFixtureVendor(t *testing.T, f *financeFixture, dir string) {
	t.Helper()
	assets := financeOverlayFS{base: os.DirFS(filepath.Join("..", "..", "assets")),
		vendor: os.DirFS(dir)}
	srv, err := New(Config{DB: f.app.db, Assets: assets, Logger: f.app.srv.log,
		SessionKeys: [][]byte{[]byte("kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk"),
			[]byte("eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee")},
		DataDir: f.app.dir, Version: "test", Now: f.app.clock})
	if err != nil {
		t.Fatal(err)
	}
	f.app.srv = srv
	f.app.ts.Config.Handler = srv
}

// financeOverlayFS serves static/vendor/... from vendor and everything
// else from base.
type financeOverlayFS struct{ base, vendor fs.FS }

func (o financeOverlayFS) Open(name string) (fs.File, error) {
	if rest, ok := strings.CutPrefix(name, "static/vendor/"); ok {
		return o.vendor.Open(rest)
	}
	if name == "static/vendor" {
		return o.vendor.Open(".")
	}
	return o.base.Open(name)
}

// ReadDir lists static/ with the vendor folder added, so the static file
// walk finds it.
func (o financeOverlayFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if rest, ok := strings.CutPrefix(name, "static/vendor/"); ok {
		return fs.ReadDir(o.vendor, rest)
	}
	if name == "static/vendor" {
		return fs.ReadDir(o.vendor, ".")
	}
	entries, err := fs.ReadDir(o.base, name)
	if err != nil || name != "static" {
		return entries, err
	}
	v, err := fs.Stat(o.vendor, ".")
	if err != nil {
		return nil, err
	}
	return append(entries, fs.FileInfoToDirEntry(financeNamedInfo{v, "vendor"})), nil
}

type financeNamedInfo struct {
	fs.FileInfo
	name string
}

func (n financeNamedInfo) Name() string { return n.name }
