// Package browsertest drives a headless Chromium from Go tests, so the
// app's pages can be tested the way people use them: fill a form, submit,
// read the result.
//
// A test calls [New] and then the helpers on the returned [Browser]:
//
//	b := browsertest.New(t)
//	b.Navigate(srv.URL + "/login")
//	b.Fill(browsertest.Name("username"), "ana")
//	b.Submit("button[type=submit]")
//	if got := b.Text("h1"); got != "Agenda" { ... }
//
// Each helper waits for its element for at most the step limit (30 s by
// default) and fails the test at once when something goes wrong, logging
// the page's URL, its console errors and its HTML. A whole test has a time
// limit too (180 s by default), so a hung browser fails the test instead of
// stalling CI.
//
// The browser is found through KPSI_CHROME, /usr/bin/chromium or
// chromium, chromium-browser, google-chrome, google-chrome-stable on PATH.
// Without one the test is skipped, except when the environment sets CI=true:
// there a missing browser fails the test.
//
// By default every Browser starts its own browser process. A package with
// many browser tests shares one process, started on first use, by calling
// [Main] from TestMain. A test that opens a page and reads it then took
// about 0.17 s instead of 0.45 s (Chromium 148, two cores, Debian 12).
// Either way every Browser has its own browser context (profile), so tests
// share no cookies or local storage, and a test may call New twice to act as
// two users at once.
//
// Console errors, uncaught exceptions, failed sub-resource requests and
// Content-Security-Policy violations fail the test when it ends, unless the
// test allows them with [Browser.AllowConsole].
//
// Screenshots go to the folder in KPSI_SCREENSHOTS, or to a temporary folder
// removed after the test. With KPSI_SCREENSHOTS set, a failing helper also
// saves a screenshot and the HTML of the page there.
package browsertest

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The defaults of a Browser. The time limits leave room for a large page
// under the race detector while the other test packages load both cores
// of a CI machine, where 10 s per step was seen to run out.
const (
	defaultWidth       = 1280
	defaultHeight      = 900
	defaultTimeout     = 180 * time.Second
	defaultStepTimeout = 30 * time.Second
	// captureTimeout bounds the collection of the page state for a
	// failure message, which runs after the test's own limit may have
	// run out.
	captureTimeout = 5 * time.Second
	// deadlineMargin is kept free before the deadline of go test -timeout,
	// so that a Browser fails with its page state before go test panics.
	deadlineMargin = 5 * time.Second
)

// Option changes a setting of [New].
type Option func(*config)

type config struct {
	timeout     time.Duration
	stepTimeout time.Duration
}

// WithTimeout sets the time limit of the whole test's use of the browser,
// 180 s by default. The limit is shortened to end before the deadline of
// go test -timeout.
func WithTimeout(d time.Duration) Option {
	return func(c *config) { c.timeout = d }
}

// WithStepTimeout sets how long one helper, such as Click or Submit, may
// wait for its element and for the page it loads, 30 s by default.
func WithStepTimeout(d time.Duration) Option {
	return func(c *config) { c.stepTimeout = d }
}

// Browser is one tab, in its own browser context, of a headless Chromium.
// Its methods fail the test through t.Fatalf, so, like t.Fatal, they must
// be called from the test's goroutine.
type Browser struct {
	t   testing.TB
	cfg config

	// tab is the chromedp context of the tab, which lives until cleanup.
	tab context.Context
	// ctx is tab with the test's time limit. Every helper runs under it.
	ctx     context.Context
	limit   time.Duration
	console consoleLog

	shotsMu  sync.Mutex
	shotsDir string
}

// Main runs the tests of a package with one browser process shared by all
// of them, and stops it when they end. Call it from TestMain:
//
//	func TestMain(m *testing.M) { browsertest.Main(m) }
//
// Without it every Browser starts a process of its own.
func Main(m *testing.M) {
	shared = &pool{}
	defer shared.close()
	// Since Go 1.15 the testing package exits with m.Run's code when
	// TestMain returns, so Main returns instead of calling os.Exit, which
	// would skip the deferred close.
	m.Run()
}

// New opens a tab with a 1280×900 viewport in a fresh browser context and
// closes it when the test ends. It skips the test when no browser is
// installed, unless CI=true, and fails it when KPSI_CHROME names no
// executable.
func New(t testing.TB, opts ...Option) *Browser {
	t.Helper()
	cfg := config{timeout: defaultTimeout, stepTimeout: defaultStepTimeout}
	for _, o := range opts {
		o(&cfg)
	}
	if _, err := chromePath(); err != nil {
		reportMissing(t, err, os.Getenv)
		return nil
	}
	p := shared
	if p == nil {
		p = &pool{}
		t.Cleanup(p.close)
	}
	return open(t, p, cfg)
}

// reportMissing fails or skips the test that found no browser: CI must run
// the browser tests, while a developer without Chromium may skip them.
func reportMissing(t testing.TB, err error, getenv func(string) string) {
	t.Helper()
	ci, _ := strconv.ParseBool(getenv("CI"))
	switch {
	case ci:
		t.Fatalf("%v (CI is set, so browser tests must run)", err)
	case getenv("KPSI_CHROME") != "":
		t.Fatalf("%v", err)
	default:
		t.Skipf("%v", err)
	}
}

// open starts a tab on the browser of p.
func open(t testing.TB, p *pool, cfg config) *Browser {
	t.Helper()
	start := time.Now()
	limit := testLimit(t, cfg.timeout)
	browserCtx, err := p.browser(limit)
	if err != nil {
		t.Fatalf("%v", err)
	}
	b := &Browser{t: t, cfg: cfg, limit: limit}
	tab, closeTab := chromedp.NewContext(browserCtx,
		chromedp.WithNewBrowserContext(),
		chromedp.WithListener(b.console.record),
	)
	t.Cleanup(closeTab)
	// As with the browser, the first Do binds the tab's life to its context,
	// so the tab context itself is used and runWithin bounds the wait.
	err = runWithin(limit, closeTab, func() error {
		return chromedp.Do(tab, viewport(defaultWidth, defaultHeight, false))
	})
	if err != nil {
		t.Fatalf("browsertest: open a tab: %v", err)
	}
	b.tab = tab
	ctx, cancel := context.WithDeadline(tab, start.Add(limit))
	t.Cleanup(cancel)
	b.ctx = ctx
	t.Cleanup(b.checkConsole)
	return b
}

// testLimit shortens limit so that it ends deadlineMargin before the
// deadline of go test -timeout, when t has one.
func testLimit(t testing.TB, limit time.Duration) time.Duration {
	d, ok := t.(interface{ Deadline() (time.Time, bool) })
	if !ok {
		return limit
	}
	deadline, ok := d.Deadline()
	if !ok {
		return limit
	}
	left := time.Until(deadline) - deadlineMargin
	return max(min(limit, left), time.Second)
}

// Context returns the chromedp context of the tab, with the test's time
// limit but no step limit, for actions the helpers do not cover.
func (b *Browser) Context() context.Context {
	return b.ctx
}

// checkConsole fails the test for every console problem not allowed.
func (b *Browser) checkConsole() {
	problems := b.console.problems()
	if len(problems) == 0 {
		return
	}
	b.t.Errorf("browsertest: the page reported %d console error(s); fix them or allow them with AllowConsole:\n%s",
		len(problems), formatEntries(problems))
}

// Fatalf fails the test with the message and the state of the page: its
// URL, its console errors and its HTML. With KPSI_SCREENSHOTS set, it also
// saves a screenshot and the HTML there.
func (b *Browser) Fatalf(format string, args ...any) {
	b.t.Helper()
	msg := fmt.Sprintf(format, args...)
	b.t.Fatalf("browsertest: %s\n%s", msg, b.pageState())
}
