package demo

import (
	"context"
	"testing"
)

func TestGenerateWritesNothingInTheFuture(t *testing.T) {
	db, _ := generateTiny(t, 1)
	const now = "2026-12-04T16:00:00Z"
	for _, q := range []string{
		`SELECT count(*) FROM blocks WHERE created_at > ?`,
		`SELECT count(*) FROM sessions WHERE created_at > ?`,
		`SELECT count(*) FROM series WHERE created_at > ?`,
		`SELECT count(*) FROM audit_log WHERE at > ?`,
	} {
		var n int
		if err := db.Read().QueryRowContext(context.Background(), q, now).Scan(&n); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		if n > 0 {
			t.Errorf("%s: %d rows written after the generation instant", q, n)
		}
	}
}
