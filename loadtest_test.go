package main

// The load test drives the real program on 127.0.0.1 with 30 simulated
// users for 60 seconds: about 70 % page views, 20 % confirmations and
// payments, 10 % bookings, some of them deliberately over a slot another
// booking holds. It runs only when asked:
//
//	KPSI_LOAD=1 go test -run TestLoad -v -timeout 30m .
//
// It copies the clinic in KPSI_LOAD_DATA (default: the benchmarks' large
// clinic in $TMPDIR/kpsicologia-bench-large, made by `go test ./app/web
// -bench .` or `kpsicologia demo -size large`) into a temp folder, so the
// original is left as it was. KPSI_LOAD_SECONDS and KPSI_LOAD_USERS change
// the duration and the number of users; KPSI_DEMO_PASSWORD is the
// clinic's password (default bench-senha-1).
//
// It prints throughput, p50/p95/p99 latency per kind of request and the
// errors. A 409 on a deliberate conflict is an expected answer and is
// counted apart; any 5xx, transport error or other unexpected status is an
// error, and so is any SQLITE_BUSY in the server's log.

import (
	"context"
	crand "crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	_ "modernc.org/sqlite"
)

// loadFixture holds the ids the simulated users pick from.
type loadFixture struct {
	psychologists []string // usernames of psychologist accounts
	patients      []int64
	psyIDs        []int64
	recent        []int64 // sessions of the last week already confirmed
}

func readLoadFixture(t *testing.T, dbPath string) loadFixture {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+dbPath+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var f loadFixture
	list := func(query string, args ...any) []int64 {
		rows, err := db.Query(query, args...)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []int64
		for rows.Next() {
			var id int64
			rows.Scan(&id)
			out = append(out, id)
		}
		return out
	}
	rows, err := db.Query(`SELECT username FROM users WHERE role = 'psychologist' AND active = 1`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var u string
		rows.Scan(&u)
		f.psychologists = append(f.psychologists, u)
	}
	rows.Close()
	f.patients = list(`SELECT id FROM patients WHERE deleted_at IS NULL
		AND psychologist_id IS NOT NULL ORDER BY id`)
	f.psyIDs = list(`SELECT id FROM psychologists WHERE active = 1`)
	weekAgo := time.Now().AddDate(0, 0, -7).Format("2006-01-02")
	f.recent = list(`SELECT id FROM sessions WHERE status = 'done' AND date >= ?`, weekAgo)
	if len(f.psychologists) == 0 || len(f.patients) == 0 || len(f.recent) == 0 {
		t.Fatalf("the clinic in %s has no psychologists, patients or recent sessions", dbPath)
	}
	return f
}

// loadStats collects latencies per kind of request and the outcomes.
type loadStats struct {
	mu        sync.Mutex
	latencies map[string][]time.Duration
	conflicts map[string]int
	errors    []string
	requests  int
}

func (s *loadStats) record(kind string, d time.Duration, status int, expected []int, detail string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests++
	s.latencies[kind] = append(s.latencies[kind], d)
	for _, e := range expected {
		if status == e {
			return
		}
	}
	if status == http.StatusConflict || status == http.StatusUnprocessableEntity {
		s.conflicts[kind]++
		return
	}
	if len(s.errors) < 50 {
		s.errors = append(s.errors, fmt.Sprintf("%s: status %d %s", kind, status, detail))
	} else {
		s.errors = append(s.errors[:50], "...")
	}
}

func percentile(sorted []time.Duration, p int) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[min(len(sorted)-1, len(sorted)*p/100)]
}

// loadUser is one simulated person with a signed-in browser.
type loadUser struct {
	base  string
	hc    *http.Client
	role  string // admin, reception, psychologist
	rnd   *rand.Rand
	fx    *loadFixture
	stats *loadStats
}

func newLoadUser(t *testing.T, base, username, role, password string, seed uint64, fx *loadFixture, st *loadStats) *loadUser {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	u := &loadUser{base: base, role: role, fx: fx, stats: st,
		rnd: rand.New(rand.NewPCG(seed, seed*7+1)),
		hc: &http.Client{Jar: jar, Timeout: 30 * time.Second,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	status, _ := u.post("/login", url.Values{"username": {username}, "password": {password}})
	if status != http.StatusSeeOther {
		t.Fatalf("login %s: status %d", username, status)
	}
	// An account that must pick its own password first gets the same one
	// again, as its owner would at the first login.
	if res, err := u.hc.Get(base + "/"); err == nil {
		res.Body.Close()
		if res.Header.Get("Location") == "/account/password" {
			u.post("/account/password", url.Values{"current": {password},
				"password": {password}, "password_confirm": {password}})
		}
	}
	return u
}

func (u *loadUser) get(path string) (int, error) {
	res, err := u.hc.Get(u.base + path)
	if err != nil {
		return 0, err
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res.StatusCode, nil
}

func (u *loadUser) post(path string, form url.Values) (int, error) {
	req, _ := http.NewRequest("POST", u.base+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", u.base)
	res, err := u.hc.Do(req)
	if err != nil {
		return 0, err
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res.StatusCode, nil
}

func (u *loadUser) pick(list []int64) int64 { return list[u.rnd.IntN(len(list))] }

// pageView opens one of the pages the user's role works in.
func (u *loadUser) pageView() {
	var paths []string
	switch u.role {
	case "psychologist":
		paths = []string{"/", "/my/agenda", "/my/agenda?view=week", "/attendance", "/patients"}
	case "reception":
		paths = []string{"/", "/agenda", "/agenda?view=week", "/attendance",
			"/patients?q=silva", fmt.Sprintf("/patients/%d", u.pick(u.fx.patients))}
	default:
		paths = []string{"/", "/agenda?view=week", "/finance", "/receivables",
			"/patients?q=maria", fmt.Sprintf("/patients/%d", u.pick(u.fx.patients))}
	}
	path := paths[u.rnd.IntN(len(paths))]
	t0 := time.Now()
	status, err := u.get(path)
	u.stats.record("page", time.Since(t0), status, []int{http.StatusOK}, path+errText(err))
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return " " + err.Error()
}

// confirmOrPay confirms a recent session again (a replay must change
// nothing) or records a small PIX payment.
func (u *loadUser) confirmOrPay() {
	if u.rnd.IntN(2) == 0 || u.role == "psychologist" {
		id := u.pick(u.fx.recent)
		t0 := time.Now()
		status, err := u.post(fmt.Sprintf("/attendance/%d", id), url.Values{"status": {"done"}})
		// A psychologist confirming another's session gets 404.
		u.stats.record("confirm", time.Since(t0), status,
			[]int{http.StatusSeeOther, http.StatusNotFound}, errText(err))
		return
	}
	token := make([]byte, 16)
	crand.Read(token)
	form := url.Values{"amount": {"10,00"}, "method": {"pix"},
		"date": {time.Now().Format("02/01/2006")}, "token": {hex.EncodeToString(token)}}
	t0 := time.Now()
	status, err := u.post(fmt.Sprintf("/patients/%d/payments", u.pick(u.fx.patients)), form)
	u.stats.record("payment", time.Since(t0), status, []int{http.StatusSeeOther}, errText(err))
}

// slotChoices are the one-off bookings users race for: few enough that
// many collide, as receptionists do on a busy morning.
func (u *loadUser) book(shared *sync.Map) {
	day := time.Now().AddDate(0, 0, 1+u.rnd.IntN(20))
	hour := 7 + u.rnd.IntN(14)
	psy := u.pick(u.fx.psyIDs)
	key := fmt.Sprintf("%d %s %d", psy, day.Format("2006-01-02"), hour)
	if u.rnd.IntN(3) == 0 {
		// Deliberately over a slot a booking already took.
		shared.Range(func(k, _ any) bool { key = k.(string); return u.rnd.IntN(4) != 0 })
		fmt.Sscanf(key, "%d", &psy)
		parts := strings.Fields(key)
		day, _ = time.Parse("2006-01-02", parts[1])
		hour, _ = strconv.Atoi(parts[2])
	}
	form := url.Values{"kind": {"one_off"}, "modality": {"online"},
		"patient_id":      {strconv.FormatInt(u.pick(u.fx.patients), 10)},
		"psychologist_id": {strconv.FormatInt(psy, 10)},
		"date":            {day.Format("02/01/2006")}, "time": {fmt.Sprintf("%02d:00", hour)},
		"minutes": {"50"}, "override": {"1"}, "override_reason": {"teste de carga"}}
	t0 := time.Now()
	status, err := u.post("/sessions", form)
	if status == http.StatusSeeOther {
		shared.Store(key, true)
	}
	u.stats.record("booking", time.Since(t0), status, []int{http.StatusSeeOther}, errText(err))
}

func TestLoad(t *testing.T) {
	if os.Getenv("KPSI_LOAD") == "" {
		t.Skip("load test: set KPSI_LOAD=1 to run it")
	}
	src := os.Getenv("KPSI_LOAD_DATA")
	if src == "" {
		src = filepath.Join(os.TempDir(), "kpsicologia-bench-large")
	}
	password := os.Getenv("KPSI_DEMO_PASSWORD")
	if password == "" {
		password = "bench-senha-1"
	}
	seconds, users := 60, 30
	if v, err := strconv.Atoi(os.Getenv("KPSI_LOAD_SECONDS")); err == nil {
		seconds = v
	}
	if v, err := strconv.Atoi(os.Getenv("KPSI_LOAD_USERS")); err == nil {
		users = v
	}

	dir := t.TempDir()
	srcDB, err := sql.Open("sqlite", "file:"+filepath.Join(src, "kpsicologia.db")+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := srcDB.Exec("VACUUM INTO ?", filepath.Join(dir, "kpsicologia.db")); err != nil {
		t.Fatalf("copy the clinic from %s: %v", src, err)
	}
	srcDB.Close()
	fx := readLoadFixture(t, filepath.Join(dir, "kpsicologia.db"))

	base, stop := startProgram(t, dir)
	st := &loadStats{latencies: map[string][]time.Duration{}, conflicts: map[string]int{}}
	var people []*loadUser
	// A clinic has one or two people on the finance pages, and the rest at
	// the reception desk or with their own agenda: one user in fifteen is
	// the admin, half the others reception, half psychologists.
	for i := 0; i < users; i++ {
		switch {
		case i%15 == 0:
			people = append(people, newLoadUser(t, base, "admin", "admin", password, uint64(i), &fx, st))
		case i%2 == 1:
			people = append(people, newLoadUser(t, base, "recepcao", "reception", password, uint64(i), &fx, st))
		default:
			name := fx.psychologists[i%len(fx.psychologists)]
			people = append(people, newLoadUser(t, base, name, "psychologist", password, uint64(i), &fx, st))
		}
	}
	st.latencies = map[string][]time.Duration{}
	st.requests = 0

	ctx, cancel := context.WithTimeout(context.Background(), time.Duration(seconds)*time.Second)
	defer cancel()
	var shared sync.Map
	var wg sync.WaitGroup
	began := time.Now()
	for _, u := range people {
		wg.Add(1)
		go func(u *loadUser) {
			defer wg.Done()
			for ctx.Err() == nil {
				x := u.rnd.IntN(100)
				switch {
				case x < 70:
					u.pageView()
				case x < 90:
					u.confirmOrPay()
				case u.role != "psychologist":
					u.book(&shared)
				default:
					u.pageView()
				}
			}
		}(u)
	}
	wg.Wait()
	elapsed := time.Since(began)
	if err := stop(); err != nil {
		t.Errorf("program stopped with %v", err)
	}

	logText, _ := os.ReadFile(filepath.Join(dir, "logs", "kpsicologia.log"))
	busy := strings.Count(string(logText), "SQLITE_BUSY")

	fmt.Printf("\nload: %d users, %s, %d requests, %.0f requests/s\n",
		users, elapsed.Round(time.Second), st.requests, float64(st.requests)/elapsed.Seconds())
	fmt.Printf("%-9s %7s %8s %8s %8s %10s\n", "kind", "count", "p50-ms", "p95-ms", "p99-ms", "expected")
	kinds := []string{"page", "confirm", "payment", "booking"}
	for _, k := range kinds {
		l := st.latencies[k]
		sort.Slice(l, func(i, j int) bool { return l[i] < l[j] })
		fmt.Printf("%-9s %7d %8.1f %8.1f %8.1f %10d\n", k, len(l),
			ms(percentile(l, 50)), ms(percentile(l, 95)), ms(percentile(l, 99)), st.conflicts[k])
	}
	fmt.Printf("errors: %d, SQLITE_BUSY in the log: %d\n", len(st.errors), busy)
	for _, e := range st.errors {
		fmt.Println("  ", e)
	}
	if len(st.errors) > 0 || busy > 0 {
		t.Errorf("%d errors and %d SQLITE_BUSY under load", len(st.errors), busy)
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
