package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"kpsicologia/app/clinic"
)

// AuditEntry is one row of the audit log.
type AuditEntry struct {
	ID       int64
	At       string
	UserID   int64
	Username string
	Action   string
	Entity   string
	EntityID int64
	Detail   string
}

// audit records who did what to which record, inside the write's own
// transaction so the log and the change commit together.
func (db *DB) audit(ctx context.Context, tx *sql.Tx, who clinic.Actor,
	action, entity string, entityID int64, detail string) error {
	var userID, id any
	if who.UserID != 0 {
		userID = who.UserID
	}
	if entityID != 0 {
		id = entityID
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO audit_log
		(at, user_id, username, action, entity, entity_id, detail)
		VALUES (?, ?, ?, ?, ?, ?, ?)`,
		db.nowText(), userID, who.Username, action, entity, id, detail)
	if err != nil {
		return fmt.Errorf("sqlite: write audit log: %w", err)
	}
	return nil
}

// Audit records an action that has no other write of its own, such as a
// login or a backup download.
func (db *DB) Audit(ctx context.Context, who clinic.Actor,
	action, entity string, entityID int64, detail string) error {
	return db.WriteTx(ctx, func(tx *sql.Tx) error {
		return db.audit(ctx, tx, who, action, entity, entityID, detail)
	})
}

// AuditLog returns the newest entries first, at most limit of them,
// optionally only those about one entity.
func (db *DB) AuditLog(ctx context.Context, entity string, entityID int64,
	limit int) ([]AuditEntry, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT id, at,
		coalesce(user_id, 0), username, action, entity,
		coalesce(entity_id, 0), detail
		FROM audit_log
		WHERE (?1 = '' OR entity = ?1) AND (?2 = 0 OR entity_id = ?2)
		ORDER BY id DESC LIMIT ?3`, entity, entityID, limit)
	if err != nil {
		return nil, fmt.Errorf("sqlite: read audit log: %w", err)
	}
	defer rows.Close()

	var out []AuditEntry
	for rows.Next() {
		var e AuditEntry
		err := rows.Scan(&e.ID, &e.At, &e.UserID, &e.Username, &e.Action,
			&e.Entity, &e.EntityID, &e.Detail)
		if err != nil {
			return nil, fmt.Errorf("sqlite: scan audit entry: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
