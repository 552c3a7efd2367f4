package sqlite

import (
	"context"
	"database/sql"
	"fmt"
)

// SchemaVersion is the user_version of a database that matches schema.sql.
// Raise it together with a new entry in patches whenever a released table
// changes shape.
const SchemaVersion = 3

// patches[v] brings a database from user_version v to v+1 before schema.sql
// runs. Only changes that CREATE ... IF NOT EXISTS cannot make belong here
// (new columns, rebuilt tables); new tables and indexes come from
// schema.sql itself.
//
// Version 1 was the first release: settings, users and audit_log only.
// Version 2 adds the registry, scheduling and money tables, all new, so its
// patch is empty. Version 3 adds the running sums charges.paid_cents and
// payments.allocated_cents (kept by triggers in schema.sql) and fills them
// from the allocations already recorded; a version 1 database has no
// money tables yet, so schema.sql creates them with the columns instead.
var patches = map[int]patch{
	1: {},
	2: {ifTable: "charges", stmts: []string{
		"ALTER TABLE charges ADD COLUMN paid_cents INTEGER NOT NULL DEFAULT 0",
		"ALTER TABLE payments ADD COLUMN allocated_cents INTEGER NOT NULL DEFAULT 0",
		`UPDATE charges SET paid_cents = coalesce((SELECT sum(amount_cents)
			FROM payment_allocations WHERE charge_id = charges.id), 0)`,
		`UPDATE payments SET allocated_cents = coalesce((SELECT sum(amount_cents)
			FROM payment_allocations WHERE payment_id = payments.id), 0)`,
	}},
}

// patch is the statements that bring a database up one version. When
// ifTable is set they run only if that table exists, because a table that
// schema.sql creates afterwards already has the new shape.
type patch struct {
	ifTable string
	stmts   []string
}

// migrate brings the database up to SchemaVersion in one transaction.
func (db *DB) migrate(ctx context.Context, schemaSQL string) error {
	return db.WriteTx(ctx, func(tx *sql.Tx) error {
		var version int
		err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version)
		if err != nil {
			return fmt.Errorf("sqlite: read user_version: %w", err)
		}
		if version > SchemaVersion {
			return fmt.Errorf("sqlite: database version %d is newer than "+
				"this program (%d): install the newer KPsicologia",
				version, SchemaVersion)
		}

		// A database with no version and no tables is new.
		if version > 0 {
			for v := version; v < SchemaVersion; v++ {
				p := patches[v]
				if p.ifTable != "" {
					var n int
					err := tx.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema
						WHERE type = 'table' AND name = ?`, p.ifTable).Scan(&n)
					if err != nil {
						return fmt.Errorf("sqlite: patch %d: %w", v, err)
					}
					if n == 0 {
						continue
					}
				}
				for _, stmt := range p.stmts {
					if _, err := tx.ExecContext(ctx, stmt); err != nil {
						return fmt.Errorf("sqlite: patch %d: %w", v, err)
					}
				}
			}
		}

		if _, err := tx.ExecContext(ctx, schemaSQL); err != nil {
			return fmt.Errorf("sqlite: apply schema: %w", err)
		}
		stmt := fmt.Sprintf("PRAGMA user_version = %d", SchemaVersion)
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("sqlite: set user_version: %w", err)
		}
		return nil
	})
}
