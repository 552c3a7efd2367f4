package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"
)

// moneySumsFixture inserts a psychologist, a patient, two charges of
// R$ 100,00 and two payments of R$ 80,00, and returns their ids.
func moneySumsFixture(tb testing.TB, db *DB) (charges, payments [2]int64) {
	tb.Helper()
	const at = "2026-01-01T00:00:00Z"
	psy := mustExec(tb, db, `INSERT INTO psychologists (name, color,
		session_minutes, created_at, updated_at) VALUES ('Ana', '#123456', 50, ?, ?)`, at, at)
	pat := mustExec(tb, db, `INSERT INTO patients (name, phone, psychologist_id,
		created_at, updated_at) VALUES ('Bia', '', ?, ?, ?)`, psy, at, at)
	for i := range 2 {
		charges[i] = mustExec(tb, db, `INSERT INTO charges (patient_id,
			psychologist_id, date, amount_cents, created_at)
			VALUES (?, ?, '2026-01-05', 10000, ?)`, pat, psy, at)
		payments[i] = mustExec(tb, db, `INSERT INTO payments (patient_id, date,
			amount_cents, method, created_at) VALUES (?, '2026-01-06', 8000, 'pix', ?)`,
			pat, at)
	}
	return charges, payments
}

// moneySumsCheck fails unless every charge's paid_cents and every
// payment's allocated_cents equal the sum of their allocations.
func moneySumsCheck(t *testing.T, q *sql.DB, step string) {
	t.Helper()
	var bad int
	err := q.QueryRow(`SELECT
		(SELECT count(*) FROM charges c WHERE c.paid_cents <> coalesce((SELECT
			sum(amount_cents) FROM payment_allocations WHERE charge_id = c.id), 0))
		+ (SELECT count(*) FROM payments p WHERE p.allocated_cents <> coalesce((SELECT
			sum(amount_cents) FROM payment_allocations WHERE payment_id = p.id), 0))`).
		Scan(&bad)
	if err != nil {
		t.Fatalf("%s: %v", step, err)
	}
	if bad != 0 {
		t.Errorf("%s: %d charges or payments disagree with their allocations", step, bad)
	}
}

func TestAllocationSumsFollowWrites(t *testing.T) {
	db := mustOpen(t, testNow)
	c, p := moneySumsFixture(t, db)
	steps := []struct {
		name, query string
		args        []any
	}{
		{"insert", `INSERT INTO payment_allocations VALUES (?, ?, 5000)`, []any{p[0], c[0]}},
		{"insert other", `INSERT INTO payment_allocations VALUES (?, ?, 3000)`, []any{p[0], c[1]}},
		{"upsert", `INSERT INTO payment_allocations VALUES (?, ?, 1000)
			ON CONFLICT (payment_id, charge_id) DO UPDATE
			SET amount_cents = amount_cents + excluded.amount_cents`, []any{p[0], c[0]}},
		{"move", `UPDATE payment_allocations SET charge_id = ?, payment_id = ?
			WHERE payment_id = ? AND charge_id = ?`, []any{c[0], p[1], p[0], c[1]}},
		{"delete by charge", `DELETE FROM payment_allocations WHERE charge_id = ?`, []any{c[0]}},
	}
	for _, s := range steps {
		mustExec(t, db, s.query, s.args...)
		moneySumsCheck(t, db.read, s.name)
	}
	var paid int64
	db.read.QueryRow("SELECT paid_cents FROM charges WHERE id = ?", c[0]).Scan(&paid)
	if paid != 0 {
		t.Errorf("charge paid_cents = %d after its allocations went, want 0", paid)
	}
}

func TestOpenUpgradesVersion2(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v2.db")
	db, err := Open(context.Background(), path, readSchema(t))
	if err != nil {
		t.Fatal(err)
	}
	c, p := moneySumsFixture(t, db)
	mustExec(t, db, `INSERT INTO payment_allocations VALUES (?, ?, 8000), (?, ?, 2000)`,
		p[0], c[0], p[1], c[0])
	// Take the database back to version 2's shape: no running sums.
	for _, stmt := range []string{
		"DROP TRIGGER payment_allocations_sums_insert",
		"DROP TRIGGER payment_allocations_sums_delete",
		"DROP TRIGGER payment_allocations_sums_update",
		"DROP INDEX charges_open",
		"DROP INDEX payments_unallocated",
		"ALTER TABLE charges DROP COLUMN paid_cents",
		"ALTER TABLE payments DROP COLUMN allocated_cents",
		"PRAGMA user_version = 2",
	} {
		mustExec(t, db, stmt)
	}
	db.Close()

	db, err = Open(context.Background(), path, readSchema(t))
	if err != nil {
		t.Fatalf("Open version 2 database: %v", err)
	}
	defer db.Close()
	var version int
	db.read.QueryRow("PRAGMA user_version").Scan(&version)
	if version != SchemaVersion {
		t.Errorf("user_version = %d, want %d", version, SchemaVersion)
	}
	moneySumsCheck(t, db.read, "upgrade")
	var paid, allocated int64
	db.read.QueryRow("SELECT paid_cents FROM charges WHERE id = ?", c[0]).Scan(&paid)
	db.read.QueryRow("SELECT allocated_cents FROM payments WHERE id = ?", p[1]).Scan(&allocated)
	if paid != 10000 || allocated != 2000 {
		t.Errorf("after upgrade paid_cents = %d, allocated_cents = %d; want 10000, 2000",
			paid, allocated)
	}
	// The triggers exist after the upgrade too.
	mustExec(t, db, `INSERT INTO payment_allocations VALUES (?, ?, 1000)`, p[1], c[1])
	moneySumsCheck(t, db.read, "write after upgrade")
}

func TestReceivablesOnPastDate(t *testing.T) {
	c := financeFixtureNew(t)
	ctx := context.Background()
	s1 := financeFixtureSession(t, c, c.patient1, c.psyA, "2026-10-05", "09:00", 10000)
	financeFixtureConfirm(t, c, s1, StatusDone)
	s2 := financeFixtureSession(t, c, c.patient2, c.psyB, "2026-10-06", "09:00", 20000)
	financeFixtureConfirm(t, c, s2, StatusDone)
	// Carla pays in full in November, Elisa half in October: on 31/10
	// Carla still owed all of it, though her charge is paid today.
	financeFixturePay(t, c, c.patient1, "2026-11-10", "100,00")
	financeFixturePay(t, c, c.patient2, "2026-10-20", "100,00")
	financeFixturePay(t, c, c.patient2, "2026-10-21", "30,00")

	tests := []struct {
		name, asOf string
		want       map[int64]int64 // open cents by patient
	}{
		{"after the payments", "2026-12-04", map[int64]int64{c.patient2: 7000}},
		{"before the late payment", "2026-10-31", map[int64]int64{c.patient1: 10000, c.patient2: 7000}},
		{"before any payment", "2026-10-10", map[int64]int64{c.patient1: 10000, c.patient2: 20000}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, totals, err := c.db.Reports().Receivables(ctx, adminActor, ReceivablesFilter{AsOf: tt.asOf})
			if err != nil {
				t.Fatal(err)
			}
			got := map[int64]int64{}
			for _, r := range rows {
				got[r.PatientID] = r.OpenCents
			}
			if len(got) != len(tt.want) {
				t.Errorf("open = %v, want %v", got, tt.want)
			}
			for id, w := range tt.want {
				if got[id] != w {
					t.Errorf("patient %d open = %d, want %d", id, got[id], w)
				}
			}
			sum, err := c.db.Reports().SumReceivables(ctx, adminActor, ReceivablesFilter{AsOf: tt.asOf})
			if err != nil || sum != totals {
				t.Errorf("SumReceivables = %+v, %v; rows add up to %+v", sum, err, totals)
			}
		})
	}
}

func TestReceivablesPages(t *testing.T) {
	c := financeFixtureNew(t)
	ctx := context.Background()
	const at = "2026-01-01T00:00:00Z"
	// Seven debtors owing different amounts, and a credit for one.
	for i := range 7 {
		p := mustExec(t, c.db, `INSERT INTO patients (name, phone, psychologist_id,
			created_at, updated_at) VALUES (?, '', ?, ?, ?)`,
			fmt.Sprintf("Devedor %d", i), c.psyA, at, at)
		s := financeFixtureSession(t, c, p, c.psyA, "2026-11-02", "09:00", int64(1000*(i+1)))
		financeFixtureConfirm(t, c, s, StatusDone)
		if i == 3 {
			// A payment that pays no charge yet, as an import may leave.
			mustExec(t, c.db, `INSERT INTO payments (patient_id, date,
				amount_cents, method, created_at) VALUES (?, '2026-11-03', 700, 'cash', ?)`,
				p, at)
		}
	}
	f := ReceivablesFilter{AsOf: "2026-12-04"}
	all, want, err := c.db.Reports().Receivables(ctx, adminActor, f)
	if err != nil {
		t.Fatal(err)
	}
	if want.CreditCents == 0 {
		t.Fatalf("fixture has no credit: %+v", want)
	}
	got, err := c.db.Reports().SumReceivables(ctx, adminActor, f)
	if err != nil || got != want {
		t.Errorf("SumReceivables = %+v, %v; want %+v", got, err, want)
	}
	var paged []ReceivableRow
	for f.Offset = 0; f.Offset < len(all)+3; f.Offset += 3 {
		f.Limit = 3
		n := 0
		err := c.db.Reports().EachReceivable(ctx, adminActor, f, func(r ReceivableRow) error {
			paged = append(paged, r)
			n++
			return nil
		})
		if err != nil || n > 3 {
			t.Fatalf("page at %d: %d rows, %v", f.Offset, n, err)
		}
	}
	if fmt.Sprint(paged) != fmt.Sprint(all) {
		t.Errorf("pages of 3 = %v\nwant %v", paged, all)
	}
}
