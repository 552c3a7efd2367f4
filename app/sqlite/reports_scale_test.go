package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"testing"
	"time"

	"kpsicologia/app/clinic"
)

// TestFinanceReportsAtScale times the report queries on a clinic of 2,000
// patients with about 100,000 charges and 55,000 payments. It is skipped
// unless KPSI_SCALE is set, because filling the database takes a while.
func TestFinanceReportsAtScale(t *testing.T) {
	if os.Getenv("KPSI_SCALE") == "" {
		t.Skip("KPSI_SCALE is not set")
	}
	c := financeFixtureNew(t)
	ctx := context.Background()
	start := time.Now()
	err := c.db.WriteTx(ctx, func(tx *sql.Tx) error {
		const at = "2026-01-01T00:00:00Z"
		day := clinic.MustDate("2024-12-02")
		for p := range 2000 {
			psy := c.psyA
			if p%2 == 1 {
				psy = c.psyB
			}
			res, err := tx.Exec(`INSERT INTO patients (name, psychologist_id,
				created_at, updated_at) VALUES (?, ?, ?, ?)`,
				fmt.Sprintf("Paciente %04d", p), psy, at, at)
			if err != nil {
				return err
			}
			patient, _ := res.LastInsertId()
			for w := range 50 {
				date := day.AddDays(7*w + p%5).String()
				res, err := tx.Exec(`INSERT INTO sessions (patient_id,
					psychologist_id, room_id, date, start_min, end_min, status,
					price_cents, created_at, updated_at)
					VALUES (?, ?, ?, ?, 540, 590, 'done', 15000, ?, ?)`,
					patient, psy, c.room, date, at, at)
				if err != nil {
					return err
				}
				session, _ := res.LastInsertId()
				res, err = tx.Exec(`INSERT INTO charges (session_id, patient_id,
					psychologist_id, date, amount_cents, created_at)
					VALUES (?, ?, ?, ?, 15000, ?)`, session, patient, psy, date, at)
				if err != nil {
					return err
				}
				charge, _ := res.LastInsertId()
				// Patients pay 9 sessions in 10 and one payment pays
				// each session, which leaves a realistic debt.
				if (w+p)%10 == 0 {
					continue
				}
				res, err = tx.Exec(`INSERT INTO payments (patient_id, date,
					amount_cents, method, created_at) VALUES (?, ?, 15000, 'pix', ?)`,
					patient, date, at)
				if err != nil {
					return err
				}
				payment, _ := res.LastInsertId()
				_, err = tx.Exec(`INSERT INTO payment_allocations VALUES (?, ?, 15000)`,
					payment, charge)
				if err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("filled in %v", time.Since(start).Round(time.Millisecond))

	// Each report runs five times and the fastest run is logged, because
	// other processes on a shared machine slow single runs at random.
	measure := func(name string, fn func() error) {
		t.Helper()
		var best time.Duration
		for i := range 5 {
			start := time.Now()
			if err := fn(); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if d := time.Since(start); i == 0 || d < best {
				best = d
			}
		}
		t.Logf("%s: %v (fastest of 5)", name, best.Round(time.Millisecond))
	}
	measure("receivables", func() error {
		rows, _, err := c.db.Reports().Receivables(ctx, adminActor, ReceivablesFilter{AsOf: "2025-11-20"})
		if err == nil && len(rows) != 2000 {
			err = fmt.Errorf("%d rows, want 2000", len(rows))
		}
		return err
	})
	measure("month summary", func() error {
		_, err := c.db.Reports().Summary(ctx, adminActor, "2025-10-01", "2025-10-31")
		return err
	})
	measure("admin dashboard", func() error {
		_, err := c.db.AdminDashboard(ctx, adminActor, "2025-10-15")
		return err
	})
	measure("statement", func() error {
		_, err := c.db.PatientStatement(ctx, adminActor, c.patient1+5, "", "")
		return err
	})
}
