package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"kpsicologia/app/sqlite"
)

// syncBuffer is a bytes.Buffer safe to write from the program and read
// from the test at once.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

var listenLine = regexp.MustCompile(`listening on (http://\S+)`)

// startProgram runs the whole program on port 0 with dataDir and returns
// its base URL and a function that stops it and returns run's error.
func startProgram(t *testing.T, dataDir string) (string, func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	stdout := &syncBuffer{}
	done := make(chan error, 1)
	getenv := func(string) string { return "" }
	go func() {
		done <- run(ctx, []string{"-no-browser", "-addr", "127.0.0.1:0", "-data", dataDir},
			getenv, stdout, io.Discard)
	}()

	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if m := listenLine.FindStringSubmatch(stdout.String()); m != nil {
			stop := func() error {
				cancel()
				select {
				case err := <-done:
					return err
				case <-time.After(20 * time.Second):
					t.Fatal("program did not stop within 20 s")
					return nil
				}
			}
			return m[1], stop
		}
		select {
		case err := <-done:
			t.Fatalf("program stopped before listening: %v", err)
		case <-time.After(20 * time.Millisecond):
		}
	}
	cancel()
	t.Fatalf("program did not print its address; output: %s", stdout.String())
	return "", nil
}

func noRedirects() *http.Client {
	return &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}
}

func TestProgramFirstRun(t *testing.T) {
	dir := t.TempDir()
	base, stop := startProgram(t, dir)
	hc := noRedirects()

	res, err := hc.Get(base + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Errorf("/healthz status = %d, want 200", res.StatusCode)
	}

	res, err = hc.Get(base + "/")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if loc := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther || loc != "/setup" {
		t.Errorf("/ = %d to %q, want 303 to /setup", res.StatusCode, loc)
	}

	form := url.Values{"clinic_name": {"Clínica Aurora"}, "username": {"dona"},
		"password": {"uma-senha-boa"}, "password_confirm": {"uma-senha-boa"}}
	req, _ := http.NewRequest("POST", base+"/setup", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", base)
	res, err = hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("POST /setup status = %d, want 303", res.StatusCode)
	}

	res, err = hc.Get(base + "/setup")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if loc := res.Header.Get("Location"); loc != "/login" {
		t.Errorf("/setup after setup goes to %q, want /login", loc)
	}

	waitForBackups(t, dir, 1)

	// A second program on the same data folder must refuse to start.
	err = run(context.Background(), []string{"-no-browser", "-addr", "127.0.0.1:0", "-data", dir},
		func(string) string { return "" }, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "already running") {
		t.Errorf("second instance error = %v, want 'already running'", err)
	}

	if err := stop(); err != nil {
		t.Fatalf("run returned %v after stop", err)
	}
	for _, name := range []string{"kpsicologia.db", "session.key", "logs/kpsicologia.log"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("%s missing after a run: %v", name, err)
		}
	}
	if backups, _ := sqlite.Backups(filepath.Join(dir, "backups")); len(backups) == 0 {
		t.Error("no backup written at start")
	}
	log, _ := os.ReadFile(filepath.Join(dir, "logs", "kpsicologia.log"))
	for _, want := range []string{`"msg":"starting"`, `"msg":"listening"`, `"msg":"stopped"`} {
		if !strings.Contains(string(log), want) {
			t.Errorf("log file lacks %s", want)
		}
	}

	// The data survives a restart.
	base, stop = startProgram(t, dir)
	res, err = hc.Get(base + "/")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if loc := res.Header.Get("Location"); !strings.HasPrefix(loc, "/login") {
		t.Errorf("/ after restart goes to %q, want /login", loc)
	}
	stop()
}

func TestProgramVersion(t *testing.T) {
	var out bytes.Buffer
	err := run(context.Background(), []string{"-version"}, func(string) string { return "" }, &out, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), "kpsicologia ") {
		t.Errorf("-version printed %q", out.String())
	}
}

// waitForBackups waits until the data folder holds n backups, which the
// program writes in the background at start-up.
func waitForBackups(t *testing.T, dir string, n int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		list, _ := sqlite.Backups(filepath.Join(dir, "backups"))
		if len(list) >= n {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("no %d backups after 10 s", n)
}

func TestProgramRestore(t *testing.T) {
	dir := t.TempDir()
	base, stop := startProgram(t, dir)
	form := url.Values{"clinic_name": {"Clínica Antes"}, "username": {"dona"},
		"password": {"uma-senha-boa"}, "password_confirm": {"uma-senha-boa"}}
	res, err := http.PostForm(base+"/setup", form)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	waitForBackups(t, dir, 1)
	stop()

	// Take a backup of the set-up clinic by starting again (a backup runs at
	// every start), then wipe the clinic and restore.
	_, stop = startProgram(t, dir)
	waitForBackups(t, dir, 2)
	stop()
	backups, err := sqlite.Backups(filepath.Join(dir, "backups"))
	if err != nil || len(backups) < 2 {
		t.Fatalf("want 2 backups, have %d (%v)", len(backups), err)
	}
	newest := backups[0].Path

	fresh := t.TempDir()
	var out bytes.Buffer
	getenv := func(string) string { return "" }
	if err := run(context.Background(), []string{"restore", "-data", fresh, newest}, getenv, &out, io.Discard); err != nil {
		t.Fatalf("restore: %v", err)
	}
	base, stop = startProgram(t, fresh)
	defer stop()
	res, err = noRedirects().Get(base + "/setup")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if loc := res.Header.Get("Location"); loc != "/login" {
		t.Errorf("restored clinic /setup goes to %q, want /login (already set up)", loc)
	}

	// A file that is not a KPsicologia database is refused.
	junk := filepath.Join(t.TempDir(), "junk.db")
	os.WriteFile(junk, []byte("not a database at all"), 0o600)
	err = run(context.Background(), []string{"restore", "-data", t.TempDir(), junk}, getenv, &out, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "not a SQLite database") {
		t.Errorf("restore of junk error = %v", err)
	}
}
