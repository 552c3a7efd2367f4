package browsertest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"sync"
	"time"

	"github.com/chromedp/chromedp"
)

// chromeNames are the browsers tried in order when KPSI_CHROME is unset:
// Debian's package first, then the names other distributions and Google's
// packages install on PATH.
var chromeNames = []string{
	"/usr/bin/chromium",
	"chromium",
	"chromium-browser",
	"google-chrome",
	"google-chrome-stable",
}

// errNoChrome reports that no browser was found. New skips the test on it
// unless CI is set.
var errNoChrome = errors.New("no Chromium or Chrome found")

// findChrome returns the browser to run: the path in KPSI_CHROME when set,
// otherwise the first of chromeNames that lookPath finds.
func findChrome(getenv func(string) string, lookPath func(string) (string, error)) (string, error) {
	if p := getenv("KPSI_CHROME"); p != "" {
		found, err := lookPath(p)
		if err != nil {
			return "", fmt.Errorf("browsertest: KPSI_CHROME=%q is not an executable: %w", p, err)
		}
		return found, nil
	}
	for _, name := range chromeNames {
		if found, err := lookPath(name); err == nil {
			return found, nil
		}
	}
	return "", fmt.Errorf("browsertest: %w (tried %v); install chromium or set KPSI_CHROME to the browser's path", errNoChrome, chromeNames)
}

// chromePath looks the browser up once per test binary.
var chromePath = sync.OnceValues(func() (string, error) {
	return findChrome(os.Getenv, exec.LookPath)
})

// allocatorOptions returns the command line of a test browser. Headless
// Chromium on a machine without network access retries connections to
// Google's services, so every background service is switched off. The
// resolver rule makes every host name except localhost fail, so a page can
// only reach servers that the test started on the loopback address. The
// rule matches IP addresses too, hence the loopback exclusions. CI runs as
// root, which needs --no-sandbox. chromedp adds an empty temporary
// --user-data-dir and removes it when the browser stops.
func allocatorOptions(path string) []chromedp.ExecAllocatorOption {
	return append(slices.Clone(chromedp.DefaultExecAllocatorOptions[:]),
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1, EXCLUDE [::1]"),
		chromedp.WindowSize(defaultWidth, defaultHeight),
	)
}

// pool owns one browser process and starts it on first use. Tests get
// their own browser context (profile) on it, so sharing the process shares
// no cookies or storage.
type pool struct {
	mu     sync.Mutex
	ctx    context.Context // chromedp context of the browser, or nil before the start
	cancel func()          // stops the browser and removes its profile
}

// shared is the pool of the test binary when its TestMain calls Main, and
// nil otherwise. Main sets it before any test runs.
var shared *pool

// browser returns the chromedp context of the running browser, starting it
// (again, if it crashed) within limit.
func (p *pool) browser(limit time.Duration) (context.Context, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ctx != nil && p.ctx.Err() == nil {
		return p.ctx, nil
	}
	if p.cancel != nil {
		p.cancel() // the browser died, so release what is left of it
	}
	path, err := chromePath()
	if err != nil {
		return nil, err
	}
	// The first Do binds the browser's life to the context it gets, so it
	// must get one without a deadline; runWithin bounds the wait instead.
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), allocatorOptions(path)...)
	ctx, cancelCtx := chromedp.NewContext(allocCtx)
	stop := func() {
		cancelCtx()
		cancelAlloc()
	}
	if err := runWithin(limit, stop, func() error { return chromedp.Do(ctx) }); err != nil {
		stop()
		return nil, fmt.Errorf("browsertest: start %s: %w", path, err)
	}
	p.ctx, p.cancel = ctx, stop
	return ctx, nil
}

// close stops the browser if it runs.
func (p *pool) close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cancel != nil {
		p.cancel()
	}
	p.ctx, p.cancel = nil, nil
}

// runWithin runs f and returns its error. If f has not returned after
// limit, runWithin calls stop, which must make f return, and reports the
// time-out. It guards calls that cannot take a deadline of their own.
func runWithin(limit time.Duration, stop func(), f func() error) error {
	done := make(chan error, 1)
	go func() { done <- f() }()
	timer := time.NewTimer(limit)
	defer timer.Stop()
	select {
	case err := <-done:
		return err
	case <-timer.C:
		stop()
		<-done
		return fmt.Errorf("timed out after %v", limit)
	}
}
