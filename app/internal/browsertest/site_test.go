package browsertest

import (
	"fmt"
	"html/template"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestMain shares one browser among the tests, as the app's packages will.
func TestMain(m *testing.M) { Main(m) }

// csp is as strict as the app's policy: no inline scripts or styles.
const csp = "default-src 'self'; script-src 'self'; style-src 'self'; form-action 'self'"

// newSite serves the pages in testdata and a login that sets a session
// cookie, on 127.0.0.1.
func newSite(t *testing.T) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	mux.Handle("GET /", http.FileServer(http.Dir("testdata")))
	mux.HandleFunc("POST /login", login)
	mux.HandleFunc("GET /welcome", welcome)
	mux.HandleFunc("GET /forbidden", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusForbidden)
		fmt.Fprint(w, `<!doctype html><html lang="pt-BR"><title>Proibido</title><h1>Acesso negado</h1></html>`)
	})
	mux.HandleFunc("GET /slow", func(w http.ResponseWriter, r *http.Request) {
		// Send no response while the browser waits. The timer only keeps
		// a broken test from holding the server forever.
		select {
		case <-r.Context().Done():
		case <-time.After(30 * time.Second):
		}
	})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", csp)
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// login stores the user name in an HttpOnly cookie and redirects to the
// welcome page with the other fields in the query, as a POST-redirect-GET
// form does.
func login(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	http.SetCookie(w, &http.Cookie{
		Name:     "session",
		Value:    r.PostForm.Get("username"),
		Path:     "/",
		HttpOnly: true,
		SameSite: http.SameSiteLaxMode,
	})
	q := url.Values{}
	for _, k := range []string{"day", "room", "notes", "online"} {
		q.Set(k, r.PostForm.Get(k))
	}
	http.Redirect(w, r, "/welcome?"+q.Encode(), http.StatusSeeOther)
}

var welcomePage = template.Must(template.New("welcome").Parse(`<!doctype html>
<html lang="pt-BR"><head><meta charset="utf-8"><title>Bem-vinda</title></head>
<body>
<h1 id="greeting">{{if .User}}Olá, {{.User}}{{else}}Faça login{{end}}</h1>
<p id="day">{{.Day}}</p><p id="room">{{.Room}}</p>
<p id="notes">{{.Notes}}</p><p id="online">{{.Online}}</p>
</body></html>`))

func welcome(w http.ResponseWriter, r *http.Request) {
	data := struct{ User, Day, Room, Notes, Online string }{
		Day:    r.URL.Query().Get("day"),
		Room:   r.URL.Query().Get("room"),
		Notes:  r.URL.Query().Get("notes"),
		Online: r.URL.Query().Get("online"),
	}
	if c, err := r.Cookie("session"); err == nil {
		data.User = c.Value
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if data.User == "" {
		w.WriteHeader(http.StatusUnauthorized)
	}
	if err := welcomePage.Execute(w, data); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
	}
}

// recorder replaces a test so that the harness's own failures can be
// checked. Errorf records the message instead of failing the real test.
// Inside expectStop, Fatalf and Skipf record theirs and stop the caller.
// Outside it they go to the real test, as every other method does.
type recorder struct {
	testing.TB
	mu        sync.Mutex
	errors    []string
	fatal     string
	skipped   string
	expecting bool
}

// stopped is the panic value of recorder.Fatalf and Skipf inside
// expectStop.
type stopped struct{}

func (r *recorder) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

func (r *recorder) Fatalf(format string, args ...any) {
	r.TB.Helper()
	r.stop(&r.fatal, format, args...)
	r.TB.Fatalf(format, args...)
}

func (r *recorder) Skipf(format string, args ...any) {
	r.TB.Helper()
	r.stop(&r.skipped, format, args...)
	r.TB.Skipf(format, args...)
}

// stop records the message in field and panics when a stop is expected.
func (r *recorder) stop(field *string, format string, args ...any) {
	r.mu.Lock()
	expecting := r.expecting
	if expecting {
		*field = fmt.Sprintf(format, args...)
	}
	r.mu.Unlock()
	if expecting {
		panic(stopped{})
	}
}

// expectStop runs f and recovers the stop of a Fatalf or Skipf in it.
func (r *recorder) expectStop(f func()) {
	r.mu.Lock()
	r.expecting = true
	r.mu.Unlock()
	defer func() {
		r.mu.Lock()
		r.expecting = false
		r.mu.Unlock()
		if v := recover(); v != nil {
			if _, ok := v.(stopped); !ok {
				panic(v)
			}
		}
	}()
	f()
}

func (r *recorder) errorText() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return strings.Join(r.errors, "\n")
}

// needChrome skips or fails t, as New does, when no browser is installed,
// for tests that hand New a recorder.
func needChrome(t *testing.T) {
	t.Helper()
	if _, err := chromePath(); err != nil {
		reportMissing(t, err, os.Getenv)
	}
}
