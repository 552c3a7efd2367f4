package demo

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"kpsicologia/app/sqlite"
)

// openDemoDB opens a new database file for a generator test.
func openDemoDB(tb testing.TB) *sqlite.DB {
	tb.Helper()
	schema, err := os.ReadFile(filepath.Join("..", "..", "schema.sql"))
	if err != nil {
		tb.Fatal(err)
	}
	db, err := sqlite.Open(context.Background(), filepath.Join(tb.TempDir(), "demo.db"), string(schema))
	if err != nil {
		tb.Fatal(err)
	}
	db.BcryptCost = bcrypt.MinCost
	tb.Cleanup(func() { db.Close() })
	return db
}

// tiny is a clinic small enough for every test run.
var tiny = Size{Name: "tiny", Units: 1, RoomsPerUnit: 3, Psychologists: 4,
	Patients: 60, Years: 1, MeanStayWeeks: 20, OneOffPerMonth: 2}

func generateTiny(tb testing.TB, seed uint64) (*sqlite.DB, Result) {
	tb.Helper()
	db := openDemoDB(tb)
	loc, err := time.LoadLocation("America/Sao_Paulo")
	if err != nil {
		tb.Fatal(err)
	}
	now := time.Date(2026, 12, 4, 16, 0, 0, 0, time.UTC)
	res, err := Generate(context.Background(), db, Options{Size: tiny, Seed: seed,
		Password: "demo-senha-1", Now: now, Location: loc})
	if err != nil {
		tb.Fatalf("Generate: %v", err)
	}
	return db, res
}

func BenchmarkGenerateTiny(b *testing.B) {
	for b.Loop() {
		generateTiny(b, 1)
	}
}

func BenchmarkGenerateSmall(b *testing.B) {
	loc, _ := time.LoadLocation("America/Sao_Paulo")
	for b.Loop() {
		db := openDemoDB(b)
		_, err := Generate(context.Background(), db, Options{Size: Small, Seed: 1,
			Password: "demo-senha-1", Now: time.Date(2026, 12, 4, 16, 0, 0, 0, time.UTC), Location: loc, Log: os.Stderr})
		if err != nil {
			b.Fatal(err)
		}
	}
}

// TestGenerateKeepsTheRules generates a small clinic and checks the rules
// its data must obey whatever the seed: no two live sessions overlap for a
// psychologist, a room or a patient; every charged session has exactly one
// charge at its own price; allocations never exceed their charge or
// payment.
func TestGenerateKeepsTheRules(t *testing.T) {
	for _, seed := range []uint64{1, 7} {
		db, res := generateTiny(t, seed)
		if res.Patients != tiny.Patients || res.Psychologists != tiny.Psychologists {
			t.Errorf("seed %d: %d patients, %d psychologists", seed, res.Patients, res.Psychologists)
		}
		if res.Series == 0 || res.Sessions == 0 || res.Charges == 0 || res.Payments == 0 || res.Expenses == 0 {
			t.Fatalf("seed %d: empty parts in %+v", seed, res)
		}

		checks := []struct {
			name  string
			query string
		}{
			{"overlaps", `SELECT count(*) FROM sessions a JOIN sessions b
				ON a.id < b.id AND a.date = b.date
				AND a.start_min < b.end_min AND b.start_min < a.end_min
				AND (a.psychologist_id = b.psychologist_id OR a.room_id = b.room_id
					OR a.patient_id = b.patient_id)
				WHERE a.status NOT IN ('cancelled_patient', 'cancelled_clinic')
				AND b.status NOT IN ('cancelled_patient', 'cancelled_clinic')`},
			{"charges at another price", `SELECT count(*) FROM charges c
				JOIN sessions s ON s.id = c.session_id
				WHERE c.amount_cents <> s.price_cents`},
			{"charged statuses without a charge", `SELECT count(*) FROM sessions s
				WHERE s.status IN ('done', 'missed_charged')
				AND NOT EXISTS (SELECT 1 FROM charges c WHERE c.session_id = s.id)`},
			{"charges on uncharged statuses", `SELECT count(*) FROM charges c
				JOIN sessions s ON s.id = c.session_id
				WHERE s.status IN ('scheduled', 'missed_excused', 'cancelled_clinic',
					'psychologist_absent', 'holiday')`},
			{"over-allocated charges", `SELECT count(*) FROM charges c
				WHERE c.amount_cents < (SELECT coalesce(sum(amount_cents), 0)
					FROM payment_allocations a WHERE a.charge_id = c.id)`},
			{"over-allocated payments", `SELECT count(*) FROM payments p
				WHERE p.amount_cents < (SELECT coalesce(sum(amount_cents), 0)
					FROM payment_allocations a WHERE a.payment_id = p.id)`},
			{"future confirmations", `SELECT count(*) FROM sessions
				WHERE status <> 'scheduled' AND status NOT LIKE 'cancelled%'
				AND status <> 'holiday' AND date > '2026-12-04'`},
		}
		for _, c := range checks {
			var n int
			if err := db.Read().QueryRow(c.query).Scan(&n); err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			if n != 0 {
				t.Errorf("seed %d: %d %s", seed, n, c.name)
			}
		}

		var biweekly, online, emergency, methods, deleted int
		db.Read().QueryRow(`SELECT count(*) FROM series WHERE frequency = 'biweekly'`).Scan(&biweekly)
		db.Read().QueryRow(`SELECT count(*) FROM sessions WHERE modality = 'online'`).Scan(&online)
		db.Read().QueryRow(`SELECT count(*) FROM sessions WHERE kind = 'emergency'`).Scan(&emergency)
		db.Read().QueryRow(`SELECT count(DISTINCT method) FROM payments`).Scan(&methods)
		db.Read().QueryRow(`SELECT count(*) FROM patients WHERE deleted_at IS NOT NULL`).Scan(&deleted)
		if biweekly == 0 || online == 0 || methods < 4 {
			t.Errorf("seed %d: biweekly %d, online %d, payment methods %d", seed, biweekly, online, methods)
		}
		t.Logf("seed %d: %+v, emergency %d, deleted %d", seed, res, emergency, deleted)
	}
}

func TestGenerateRefusesAClinic(t *testing.T) {
	db, _ := generateTiny(t, 1)
	_, err := Generate(context.Background(), db, Options{Size: tiny, Seed: 2,
		Password: "demo-senha-1", Now: time.Now()})
	if err == nil {
		t.Fatal("a second Generate on the same database succeeded")
	}
}
