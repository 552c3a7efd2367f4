package web

// Benchmarks of the hot pages on the large demo clinic (5 units, 40
// rooms, 60 psychologists, about 6,000 patients, 5 years). Each one runs
// the real handler and template through ServeHTTP and, in the same loop,
// the bare SQL that fetches the same rows (or, for the export, a bare
// excelize StreamWriter writing the same rows), and reports:
//
//	page-ms   mean time of the page
//	p95-ms    95th percentile of the page
//	bare-ms   mean time of the bare query or writer
//	x-bare    page time / bare time
//
// The clinic is generated once into KPSI_BENCH_DATA (default
// $TMPDIR/kpsicologia-bench-large), which takes several minutes, and
// reused by later runs. Its accounts' password is KPSI_DEMO_PASSWORD, or
// benchPassword when the variable is unset. Run:
//
//	go test ./app/web -run '^$' -bench . -benchtime 20x

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"kpsicologia/app/demo"
	"kpsicologia/app/sqlite"
)

const benchPassword = "bench-senha-1"

// benchClinic is the large clinic and a server over it, shared by the
// benchmarks of one run.
type benchClinic struct {
	db     *sqlite.DB
	srv    *Server
	cookie []*http.Cookie // the admin's session
	today  string

	unitID, psychologistID, patientID int64
	query                             string
}

var (
	benchOnce sync.Once
	bench     *benchClinic
	benchErr  error
)

func benchPasswordValue() string {
	if p := os.Getenv("KPSI_DEMO_PASSWORD"); p != "" {
		return p
	}
	return benchPassword
}

// loadBenchClinic opens the cached large clinic, generating it first when
// the folder has none.
func loadBenchClinic(b *testing.B) *benchClinic {
	b.Helper()
	benchOnce.Do(func() { bench, benchErr = openBenchClinic() })
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return bench
}

func openBenchClinic() (*benchClinic, error) {
	ctx := context.Background()
	dir := os.Getenv("KPSI_BENCH_DATA")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "kpsicologia-bench-large")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	schema, err := os.ReadFile(filepath.Join("..", "..", "schema.sql"))
	if err != nil {
		return nil, err
	}
	db, err := sqlite.Open(ctx, filepath.Join(dir, "kpsicologia.db"), string(schema))
	if err != nil {
		return nil, err
	}
	loc, err := time.LoadLocation("America/Sao_Paulo")
	if err != nil {
		return nil, err
	}
	if ok, err := db.IsSetUp(ctx); err != nil {
		return nil, err
	} else if !ok {
		fmt.Fprintf(os.Stderr, "generating the large clinic into %s (minutes, once)\n", dir)
		_, err := demo.Generate(ctx, db, demo.Options{Size: demo.Large, Seed: 1,
			Password: benchPasswordValue(), Now: time.Now(), Location: loc, Log: os.Stderr})
		if err != nil {
			return nil, err
		}
		db.Now = time.Now
	}

	srv, err := New(Config{DB: db, Assets: os.DirFS(filepath.Join("..", "..", "assets")),
		Logger:      slog.New(slog.NewTextHandler(io.Discard, nil)),
		SessionKeys: [][]byte{[]byte(strings.Repeat("k", 32)), []byte(strings.Repeat("e", 32))},
		DataDir:     dir, Version: "bench", Location: loc})
	if err != nil {
		return nil, err
	}
	bc := &benchClinic{db: db, srv: srv, today: time.Now().In(loc).Format("2006-01-02")}

	form := url.Values{"username": {"admin"}, "password": {benchPasswordValue()}}
	req := httptest.NewRequest("POST", "/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	if rec.Code != http.StatusSeeOther {
		return nil, fmt.Errorf("bench login: status %d (is KPSI_DEMO_PASSWORD the clinic's?)", rec.Code)
	}
	bc.cookie = rec.Result().Cookies()

	// The busiest unit, psychologist and patient make the heaviest pages.
	r := db.Read()
	err = r.QueryRow(`SELECT r.unit_id FROM sessions s JOIN rooms r ON r.id = s.room_id
		GROUP BY r.unit_id ORDER BY count(*) DESC LIMIT 1`).Scan(&bc.unitID)
	if err == nil {
		err = r.QueryRow(`SELECT psychologist_id FROM sessions WHERE date >= ?
			GROUP BY psychologist_id ORDER BY count(*) DESC LIMIT 1`, bc.today).Scan(&bc.psychologistID)
	}
	if err == nil {
		err = r.QueryRow(`SELECT patient_id FROM charges GROUP BY patient_id
			ORDER BY count(*) DESC LIMIT 1`).Scan(&bc.patientID)
	}
	if err != nil {
		return nil, fmt.Errorf("bench: pick the busiest records: %w", err)
	}
	bc.query = "silva"
	return bc, nil
}

// get serves path as the admin and fails on anything but 200.
func (bc *benchClinic) get(b *testing.B, path string) int {
	req := httptest.NewRequest("GET", path, nil)
	for _, c := range bc.cookie {
		req.AddCookie(c)
	}
	rec := httptest.NewRecorder()
	bc.srv.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		b.Fatalf("GET %s: status %d", path, rec.Code)
	}
	return rec.Body.Len()
}

// countRows runs a query and reads every column of every row, the least
// any page must do with them.
func countRows(db *sql.DB, query string, args ...any) (int, error) {
	rows, err := db.Query(query, args...)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	n := 0
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return n, err
		}
		n++
	}
	return n, rows.Err()
}

// benchPage times the page at path against bare, alternating them in one
// loop so both see the same machine state, and reports the figures named
// at the top of this file.
func benchPage(b *testing.B, path string, bare func() error) {
	bc := loadBenchClinic(b)
	bc.get(b, path) // warm the caches and the horizon
	if err := bare(); err != nil {
		b.Fatal(err)
	}

	var pages []time.Duration
	var bareTotal time.Duration
	var bytes int
	b.ResetTimer()
	for b.Loop() {
		t0 := time.Now()
		bytes = bc.get(b, path)
		t1 := time.Now()
		if err := bare(); err != nil {
			b.Fatal(err)
		}
		pages = append(pages, t1.Sub(t0))
		bareTotal += time.Since(t1)
	}
	reportTimes(b, pages, bareTotal)
	b.ReportMetric(float64(bytes)/1024, "page-KB")
}

func reportTimes(b *testing.B, pages []time.Duration, bareTotal time.Duration) {
	var pageTotal time.Duration
	for _, d := range pages {
		pageTotal += d
	}
	sort.Slice(pages, func(i, j int) bool { return pages[i] < pages[j] })
	p95 := pages[min(len(pages)-1, len(pages)*95/100)]
	n := float64(len(pages))
	b.ReportMetric(float64(pageTotal.Microseconds())/n/1000, "page-ms")
	b.ReportMetric(float64(p95.Microseconds())/1000, "p95-ms")
	b.ReportMetric(float64(bareTotal.Microseconds())/n/1000, "bare-ms")
	b.ReportMetric(float64(pageTotal)/float64(bareTotal), "x-bare")
}

// mondayOf returns the Monday of the week holding date (YYYY-MM-DD).
func mondayOf(date string) (string, string) {
	d, _ := time.Parse("2006-01-02", date)
	shift := (int(d.Weekday()) + 6) % 7
	mon := d.AddDate(0, 0, -shift)
	return mon.Format("2006-01-02"), mon.AddDate(0, 0, 6).Format("2006-01-02")
}

// agendaBareQuery fetches a week's sessions with the names and colours an
// agenda block shows.
const agendaBareQuery = `SELECT s.id, s.date, s.start_min, s.end_min, s.status,
	s.kind, s.modality, s.room_id, s.psychologist_id, p.name, p.social_name,
	ps.name, ps.color, coalesce(r.name, '')
	FROM sessions s
	JOIN patients p ON p.id = s.patient_id AND p.deleted_at IS NULL
	JOIN psychologists ps ON ps.id = s.psychologist_id
	LEFT JOIN rooms r ON r.id = s.room_id
	WHERE s.date BETWEEN ? AND ? AND `

func BenchmarkCentralAgendaWeek(b *testing.B) {
	bc := loadBenchClinic(b)
	from, to := mondayOf(bc.today)
	path := fmt.Sprintf("/agenda?view=week&by=room&date=%s&unit=%d", from, bc.unitID)
	benchPage(b, path, func() error {
		_, err := countRows(bc.db.Read(), agendaBareQuery+`(r.unit_id = ?
			OR (s.room_id IS NULL AND s.psychologist_id IN (SELECT psychologist_id
				FROM psychologist_units WHERE unit_id = ?)))
			ORDER BY s.date, s.start_min`, from, to, bc.unitID, bc.unitID)
		if err == nil {
			_, err = countRows(bc.db.Read(), `SELECT id, name, color FROM rooms WHERE unit_id = ?`, bc.unitID)
		}
		return err
	})
}

func BenchmarkPsychologistWeek(b *testing.B) {
	bc := loadBenchClinic(b)
	from, to := mondayOf(bc.today)
	path := fmt.Sprintf("/psychologists/%d/agenda?view=week&date=%s", bc.psychologistID, from)
	benchPage(b, path, func() error {
		_, err := countRows(bc.db.Read(), agendaBareQuery+`s.psychologist_id = ?
			ORDER BY s.date, s.start_min`, from, to, bc.psychologistID)
		return err
	})
}

func BenchmarkPatientSearch(b *testing.B) {
	bc := loadBenchClinic(b)
	benchPage(b, "/patients?q="+bc.query, func() error {
		_, err := countRows(bc.db.Read(), `SELECT p.id, p.name, p.social_name,
			p.phone, p.cpf, p.birth_date, p.frequency, ps.name
			FROM patients p LEFT JOIN psychologists ps ON ps.id = p.psychologist_id
			WHERE p.deleted_at IS NULL AND p.search_text LIKE ?
			ORDER BY p.name LIMIT 50`, "%"+bc.query+"%")
		if err == nil {
			_, err = countRows(bc.db.Read(), `SELECT count(*) FROM patients
				WHERE deleted_at IS NULL AND search_text LIKE ?`, "%"+bc.query+"%")
		}
		return err
	})
}

func BenchmarkPatientStatement(b *testing.B) {
	bc := loadBenchClinic(b)
	benchPage(b, fmt.Sprintf("/patients/%d/ledger?from=", bc.patientID), func() error {
		_, err := countRows(bc.db.Read(), `SELECT c.date, c.amount_cents, s.start_min,
			s.status, ps.name, coalesce((SELECT sum(amount_cents) FROM payment_allocations a
				WHERE a.charge_id = c.id), 0)
			FROM charges c JOIN sessions s ON s.id = c.session_id
			JOIN psychologists ps ON ps.id = c.psychologist_id
			WHERE c.patient_id = ? ORDER BY c.date`, bc.patientID)
		if err == nil {
			_, err = countRows(bc.db.Read(), `SELECT date, amount_cents, method, payer_name
				FROM payments WHERE patient_id = ? ORDER BY date`, bc.patientID)
		}
		return err
	})
}

// monthBounds returns the first and last day of date's month.
func monthBounds(date string) (string, string) {
	d, _ := time.Parse("2006-01-02", date)
	first := time.Date(d.Year(), d.Month(), 1, 0, 0, 0, 0, time.UTC)
	return first.Format("2006-01-02"), first.AddDate(0, 1, -1).Format("2006-01-02")
}

func BenchmarkMonthlySummary(b *testing.B) {
	bc := loadBenchClinic(b)
	first, last := monthBounds(bc.today)
	yearAgo := first[:5] + "01-01"
	benchPage(b, "/finance?month="+bc.today[:7], func() error {
		queries := []struct {
			q    string
			args []any
		}{
			{`SELECT psychologist_id, sum(amount_cents) FROM charges
				WHERE date BETWEEN ? AND ? GROUP BY psychologist_id`, []any{first, last}},
			{`SELECT method, sum(amount_cents) FROM payments
				WHERE date BETWEEN ? AND ? GROUP BY method`, []any{first, last}},
			{`SELECT c.psychologist_id, sum(a.amount_cents) FROM payments p
				JOIN payment_allocations a ON a.payment_id = p.id
				JOIN charges c ON c.id = a.charge_id
				WHERE p.date BETWEEN ? AND ? GROUP BY c.psychologist_id`, []any{first, last}},
			{`SELECT unit_id, sum(amount_cents) FROM expenses
				WHERE deleted_at IS NULL AND date BETWEEN ? AND ? GROUP BY unit_id`, []any{first, last}},
			{`SELECT sum(c.amount_cents) - coalesce((SELECT sum(a.amount_cents)
				FROM payment_allocations a JOIN payments p ON p.id = a.payment_id
				WHERE p.date <= ?), 0) FROM charges c WHERE c.date <= ?`, []any{last, last}},
			{`SELECT substr(date, 1, 7), sum(amount_cents) FROM charges
				WHERE date BETWEEN ? AND ? GROUP BY 1`, []any{yearAgo, last}},
			{`SELECT substr(date, 1, 7), sum(amount_cents) FROM payments
				WHERE date BETWEEN ? AND ? GROUP BY 1`, []any{yearAgo, last}},
		}
		for _, q := range queries {
			if _, err := countRows(bc.db.Read(), q.q, q.args...); err != nil {
				return err
			}
		}
		return nil
	})
}

// receivablesBareQuery sums the unpaid charges of the 50 patients who
// owe most by age bucket, as the first page of the list shows them;
// receivablesBareTotals sums every debtor's for the totals above it.
const receivablesBareQuery = `SELECT c.patient_id, p.name,
	sum(CASE WHEN julianday(?1) - julianday(c.date) <= 30 THEN c.amount_cents - c.paid_cents END),
	sum(CASE WHEN julianday(?1) - julianday(c.date) BETWEEN 31 AND 60 THEN c.amount_cents - c.paid_cents END),
	sum(CASE WHEN julianday(?1) - julianday(c.date) > 60 THEN c.amount_cents - c.paid_cents END)
	FROM charges c
	JOIN patients p ON p.id = c.patient_id
	WHERE c.paid_cents < c.amount_cents AND c.date <= ?1
	GROUP BY c.patient_id ORDER BY sum(c.amount_cents - c.paid_cents) DESC, p.name
	LIMIT 50`

const receivablesBareTotals = `SELECT count(DISTINCT patient_id),
	sum(amount_cents - paid_cents)
	FROM charges WHERE paid_cents < amount_cents AND date <= ?1`

func BenchmarkReceivables(b *testing.B) {
	bc := loadBenchClinic(b)
	benchPage(b, "/receivables", func() error {
		_, err := countRows(bc.db.Read(), receivablesBareQuery, bc.today)
		if err == nil {
			_, err = countRows(bc.db.Read(), receivablesBareTotals, bc.today)
		}
		return err
	})
}

func BenchmarkFreeSlotFinder(b *testing.B) {
	bc := loadBenchClinic(b)
	path := fmt.Sprintf("/agenda/free?unit=%d&modality=in_person&weekday=-1&period=", bc.unitID)
	from := bc.today
	d, _ := time.Parse("2006-01-02", from)
	to := d.AddDate(0, 0, 8*7).Format("2006-01-02")
	benchPage(b, path, func() error {
		queries := []struct {
			q    string
			args []any
		}{
			{`SELECT a.psychologist_id, a.weekday, a.starts, a.ends FROM availability a
				JOIN psychologist_units pu ON pu.psychologist_id = a.psychologist_id
				WHERE pu.unit_id = ?`, []any{bc.unitID}},
			{`SELECT h.room_id, h.weekday, h.opens, h.closes FROM room_hours h
				JOIN rooms r ON r.id = h.room_id WHERE r.unit_id = ?`, []any{bc.unitID}},
			{`SELECT s.psychologist_id, s.room_id, s.date, s.start_min, s.end_min
				FROM sessions s WHERE s.date BETWEEN ? AND ?
				AND s.status NOT IN ('cancelled_patient', 'cancelled_clinic', 'holiday')`, []any{from, to}},
			{`SELECT psychologist_id, starts_on, ends_on FROM blocks WHERE ends_on >= ?`, []any{from}},
		}
		for _, q := range queries {
			if _, err := countRows(bc.db.Read(), q.q, q.args...); err != nil {
				return err
			}
		}
		return nil
	})
}

// peakHeap samples the Go heap every millisecond while fn runs and returns
// the highest value seen, in MiB.
func peakHeap(fn func() error) (float64, error) {
	runtime.GC()
	var peak atomic.Uint64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			if m.HeapInuse > peak.Load() {
				peak.Store(m.HeapInuse)
			}
			select {
			case <-stop:
				return
			case <-time.After(time.Millisecond):
			}
		}
	}()
	err := fn()
	close(stop)
	<-done
	return float64(peak.Load()) / (1 << 20), err
}

// BenchmarkLedgerExportYear exports the last twelve months' ledger and
// compares it with a bare StreamWriter writing the same charge and payment
// rows, reporting the peak Go heap of both.
func BenchmarkLedgerExportYear(b *testing.B) {
	bc := loadBenchClinic(b)
	d, _ := time.Parse("2006-01-02", bc.today)
	from := d.AddDate(-1, 0, 1).Format("2006-01-02")
	path := fmt.Sprintf("/exports/lancamentos.xlsx?from=%s&to=%s", from, bc.today)

	bare := func() error {
		f := excelize.NewFile()
		defer f.Close()
		sw, err := f.NewStreamWriter("Sheet1")
		if err != nil {
			return err
		}
		rows, err := bc.db.Read().Query(`SELECT c.date, p.name, p.cpf, ps.name,
			c.amount_cents, 0 FROM charges c JOIN patients p ON p.id = c.patient_id
			JOIN psychologists ps ON ps.id = c.psychologist_id WHERE c.date BETWEEN ? AND ?
			UNION ALL SELECT y.date, p.name, p.cpf, '', 0, y.amount_cents FROM payments y
			JOIN patients p ON p.id = y.patient_id WHERE y.date BETWEEN ? AND ?
			ORDER BY 2, 1`, from, bc.today, from, bc.today)
		if err != nil {
			return err
		}
		defer rows.Close()
		i := 1
		for rows.Next() {
			var date, name, cpf, psy string
			var charge, paid int64
			if err := rows.Scan(&date, &name, &cpf, &psy, &charge, &paid); err != nil {
				return err
			}
			t, _ := time.Parse("2006-01-02", date)
			cell, _ := excelize.CoordinatesToCellName(1, i)
			err := sw.SetRow(cell, []any{t, name, cpf, psy,
				float64(charge) / 100, float64(paid) / 100})
			if err != nil {
				return err
			}
			i++
		}
		if err := sw.Flush(); err != nil {
			return err
		}
		_, err = f.WriteTo(io.Discard)
		return err
	}

	pagePeak, _ := peakHeap(func() error { bc.get(b, path); return nil })
	barePeak, err := peakHeap(bare)
	if err != nil {
		b.Fatal(err)
	}

	var pages []time.Duration
	var bareTotal time.Duration
	b.ResetTimer()
	for b.Loop() {
		t0 := time.Now()
		bc.get(b, path)
		t1 := time.Now()
		if err := bare(); err != nil {
			b.Fatal(err)
		}
		pages = append(pages, t1.Sub(t0))
		bareTotal += time.Since(t1)
	}
	reportTimes(b, pages, bareTotal)
	b.ReportMetric(pagePeak, "peak-MiB")
	b.ReportMetric(barePeak, "bare-peak-MiB")
}
