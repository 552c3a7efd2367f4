package sqlite

import (
	"context"
	"database/sql"
	"fmt"
)

// SchemaVersion is the user_version of a database that matches schema.sql.
// Raise it together with a new entry in patches whenever a released table
// changes shape.
const SchemaVersion = 2

// patches[v] brings a database from user_version v to v+1 before schema.sql
// runs. Only changes that CREATE ... IF NOT EXISTS cannot make belong here
// (new columns, rebuilt tables); new tables and indexes come from
// schema.sql itself.
//
// Version 1 was the first release: settings, users and audit_log only.
// Version 2 adds the registry, scheduling and money tables, all new, so its
// patch is empty.
var patches = map[int][]string{
	1: {},
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
				for _, stmt := range patches[v] {
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
