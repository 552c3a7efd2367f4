package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// Setting keys. Values are text; numbers are decimal text.
const (
	SettingClinicName   = "clinic_name"
	SettingIdleMinutes  = "idle_timeout_minutes"
	SettingTimeZone     = "time_zone"
	SettingChargePolicy = "charge_policy"
)

// Setting returns the value stored under key, or def when there is none.
func (db *DB) Setting(ctx context.Context, key, def string) (string, error) {
	var v string
	err := db.read.QueryRowContext(ctx,
		"SELECT value FROM settings WHERE key = ?", key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return def, nil
	}
	if err != nil {
		return "", fmt.Errorf("sqlite: read setting %s: %w", key, err)
	}
	return v, nil
}

// Settings returns every stored setting.
func (db *DB) Settings(ctx context.Context) (map[string]string, error) {
	rows, err := db.read.QueryContext(ctx, "SELECT key, value FROM settings")
	if err != nil {
		return nil, fmt.Errorf("sqlite: read settings: %w", err)
	}
	defer rows.Close()

	m := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, fmt.Errorf("sqlite: scan setting: %w", err)
		}
		m[k] = v
	}
	return m, rows.Err()
}

// setSetting stores value under key inside tx.
func setSetting(ctx context.Context, tx *sql.Tx, key, value string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value)
		VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
		key, value)
	if err != nil {
		return fmt.Errorf("sqlite: write setting %s: %w", key, err)
	}
	return nil
}
