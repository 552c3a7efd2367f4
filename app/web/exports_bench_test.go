package web

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"kpsicologia/app/export/xlsxtest"
)

// exportsSeedLedger stores charges and payments for 2,000 patients, half
// and half, dated through 2026.
func exportsSeedLedger(tb testing.TB, app *testApp, rows int) {
	tb.Helper()
	psy := insertTestPsychologist(tb, app, "Dra. Carga")
	err := app.db.WriteTx(context.Background(), func(tx *sql.Tx) error {
		patient, err := tx.Prepare(`INSERT INTO patients (id, name, cpf, psychologist_id,
			created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		for i := 1; i <= 2000; i++ {
			_, err := patient.Exec(i, fmt.Sprintf("Paciente %04d", i),
				fmt.Sprintf("%011d", i), psy, exportsStamp, exportsStamp)
			if err != nil {
				return err
			}
		}
		charge, err := tx.Prepare(`INSERT INTO charges (patient_id, psychologist_id, date,
			amount_cents, description, created_at) VALUES (?, ?, ?, 11690, ?, ?)`)
		if err != nil {
			return err
		}
		payment, err := tx.Prepare(`INSERT INTO payments (patient_id, date, amount_cents,
			method, payer_name, created_at) VALUES (?, ?, 11690, 'pix', ?, ?)`)
		if err != nil {
			return err
		}
		day := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		for i := 0; i < rows/2; i++ {
			date := day.AddDate(0, 0, i%365).Format(time.DateOnly)
			p := i%2000 + 1
			if _, err := charge.Exec(p, psy, date, "Sessão avulsa", exportsStamp); err != nil {
				return err
			}
			if _, err := payment.Exec(p, date, "Responsável", exportsStamp); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatalf("seed ledger: %v", err)
	}
}

// BenchmarkLedgerExport100k measures the ledger export of 100,000 rows
// through HTTP, from the database to the downloaded file. It reports the
// peak Go heap during the request and the process's peak resident memory
// (VmHWM), which also covers SQLite's memory and the seeding. Run with:
//
//	go test ./app/web -bench LedgerExport -benchtime 1x -run '^$'
func BenchmarkLedgerExport100k(b *testing.B) {
	app := newTestApp(b)
	app.setup(b)
	exportsSeedLedger(b, app, 100_000)
	client := app.login(b, "admin")

	b.ResetTimer()
	for range b.N {
		var size int64
		peak, before := xlsxtest.PeakHeap(func() {
			req, _ := http.NewRequest(http.MethodGet,
				app.ts.URL+"/exports/lancamentos.xlsx?from=2026-01-01&to=2026-12-31", nil)
			res, err := client.hc.Do(req)
			if err != nil {
				b.Fatal(err)
			}
			defer res.Body.Close()
			if res.StatusCode != http.StatusOK {
				b.Fatalf("status %d", res.StatusCode)
			}
			size, err = io.Copy(io.Discard, res.Body)
			if err != nil {
				b.Fatal(err)
			}
		})
		b.ReportMetric(float64(peak-before)/(1<<20), "peak-heap-MiB")
		b.ReportMetric(float64(size)/(1<<20), "file-MiB")
	}
	b.StopTimer()
	if hwm := exportsPeakRSS(); hwm > 0 {
		b.ReportMetric(float64(hwm)/(1<<20), "process-peak-RSS-MiB")
	}

	// The file holds the header, every entry, the total and the notes.
	res := client.get(b, "/exports/lancamentos.xlsx?from=2026-01-01&to=2026-12-31")
	book := xlsxtest.Open(b, []byte(res.Body))
	if n := strings.Count(book.SheetXML("Lançamentos"), "<row "); n != 1+100_000+1+2 {
		b.Errorf("sheet has %d rows, want 100,004", n)
	}
}

// exportsPeakRSS returns the process's peak resident set size from
// /proc/self/status, or 0 where that file does not exist.
func exportsPeakRSS() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			var kb int64
			fmt.Sscanf(strings.TrimSpace(rest), "%d kB", &kb)
			return kb << 10
		}
	}
	return 0
}
