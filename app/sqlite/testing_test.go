package sqlite

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"kpsicologia/app/clinic"
)

// readSchema returns the repository's schema.sql.
func readSchema(tb testing.TB) string {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "schema.sql"))
	if err != nil {
		tb.Fatalf("read schema.sql: %v", err)
	}
	return string(b)
}

// mustOpen opens a new database file in a temp folder, with fast password
// hashing and the clock fixed at now.
func mustOpen(tb testing.TB, now time.Time) *DB {
	tb.Helper()
	db, err := Open(context.Background(), filepath.Join(tb.TempDir(), "test.db"), readSchema(tb))
	if err != nil {
		tb.Fatalf("Open: %v", err)
	}
	db.BcryptCost = bcrypt.MinCost
	db.Now = func() time.Time { return now }
	tb.Cleanup(func() { db.Close() })
	return db
}

// mustExec runs a statement on the writer, failing the test on error. For
// fixtures only: product code writes through WriteTx.
func mustExec(tb testing.TB, db *DB, query string, args ...any) int64 {
	tb.Helper()
	res, err := db.write.Exec(query, args...)
	if err != nil {
		tb.Fatalf("exec %q: %v", query, err)
	}
	id, _ := res.LastInsertId()
	return id
}

// adminActor is an admin for calls that need an actor.
var adminActor = clinic.Actor{UserID: 0, Username: "test-admin", Role: clinic.RoleAdmin}

// testNow is a fixed instant used where a test does not care about time:
// Friday 2026-12-04 13:00 in São Paulo.
var testNow = time.Date(2026, 12, 4, 16, 0, 0, 0, time.UTC)
