package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"kpsicologia/app/clinic"
	"kpsicologia/app/sqlite"
)

// testApp is the real server over a real SQLite file, served by httptest.
type testApp struct {
	srv *Server
	db  *sqlite.DB
	ts  *httptest.Server
	dir string

	mu  sync.Mutex
	now time.Time
}

// testPassword is every test account's password.
const testPassword = "senha-de-teste-1"

// newTestApp starts a server on a new database in a temp folder. The
// clock starts at Friday 2026-12-04 13:00 in São Paulo; setNow moves it.
func newTestApp(tb testing.TB) *testApp {
	tb.Helper()
	dir := tb.TempDir()
	schema, err := os.ReadFile(filepath.Join("..", "..", "schema.sql"))
	if err != nil {
		tb.Fatalf("read schema: %v", err)
	}
	db, err := sqlite.Open(context.Background(), filepath.Join(dir, "test.db"), string(schema))
	if err != nil {
		tb.Fatalf("open database: %v", err)
	}
	db.BcryptCost = bcrypt.MinCost
	tb.Cleanup(func() { db.Close() })

	app := &testApp{db: db, dir: dir, now: time.Date(2026, 12, 4, 16, 0, 0, 0, time.UTC)}
	db.Now = app.clock
	srv, err := New(Config{
		DB:          db,
		Assets:      os.DirFS(filepath.Join("..", "..", "assets")),
		Logger:      slog.New(slog.NewTextHandler(io.Discard, nil)),
		SessionKeys: [][]byte{[]byte(strings.Repeat("k", 32)), []byte(strings.Repeat("e", 32))},
		DataDir:     dir,
		Version:     "test",
		Now:         app.clock,
	})
	if err != nil {
		tb.Fatalf("web.New: %v", err)
	}
	app.srv = srv
	app.ts = httptest.NewServer(srv)
	tb.Cleanup(app.ts.Close)
	return app
}

func (a *testApp) clock() time.Time {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.now
}

func (a *testApp) setNow(t time.Time) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.now = t
}

// setup runs the first-run setup with the admin "admin".
func (a *testApp) setup(tb testing.TB) {
	tb.Helper()
	_, err := a.db.Setup(context.Background(), "Clínica Teste",
		sqlite.NewUser{Username: "admin", DisplayName: "Ana Admin", Password: testPassword})
	if err != nil {
		tb.Fatalf("setup: %v", err)
	}
}

// adminActor returns the first admin, for store calls in fixtures.
func (a *testApp) adminActor() clinic.Actor {
	return clinic.Actor{UserID: 1, Username: "admin", Role: clinic.RoleAdmin}
}

// createUser creates an account with testPassword. A psychologist account
// is linked to psychologistID, which must exist.
func (a *testApp) createUser(tb testing.TB, username string, role clinic.Role, psychologistID int64) {
	tb.Helper()
	_, err := a.db.CreateUser(context.Background(), a.adminActor(), sqlite.NewUser{
		Username: username, DisplayName: username, Password: testPassword,
		Role: role, PsychologistID: psychologistID})
	if err != nil {
		tb.Fatalf("create user %s: %v", username, err)
	}
}

// testClient is a browser-like client: a cookie jar, no automatic
// redirects, and the Origin header a same-origin form sends.
type testClient struct {
	app *testApp
	hc  *http.Client
}

func (a *testApp) anonymous() *testClient {
	jar, _ := cookiejar.New(nil)
	return &testClient{app: a, hc: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		}}}
}

// login returns a client signed in as username.
func (a *testApp) login(tb testing.TB, username string) *testClient {
	tb.Helper()
	c := a.anonymous()
	res := c.post(tb, "/login", url.Values{"username": {username}, "password": {testPassword}})
	if res.StatusCode != http.StatusSeeOther {
		tb.Fatalf("login %s: status %d, body %s", username, res.StatusCode, res.Body)
	}
	return c
}

// response is a read HTTP answer.
type response struct {
	StatusCode int
	Header     http.Header
	Body       string
}

func (c *testClient) do(tb testing.TB, req *http.Request) response {
	tb.Helper()
	res, err := c.hc.Do(req)
	if err != nil {
		tb.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return response{StatusCode: res.StatusCode, Header: res.Header, Body: string(b)}
}

func (c *testClient) get(tb testing.TB, path string) response {
	tb.Helper()
	req, _ := http.NewRequest(http.MethodGet, c.app.ts.URL+path, nil)
	return c.do(tb, req)
}

// post submits a form the way a same-origin browser page does.
func (c *testClient) post(tb testing.TB, path string, form url.Values) response {
	tb.Helper()
	req, _ := http.NewRequest(http.MethodPost, c.app.ts.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", c.app.ts.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return c.do(tb, req)
}
