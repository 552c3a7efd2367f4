package sqlite

import (
	"context"
	"fmt"

	"kpsicologia/app/clinic"
)

// PsychologistChoices returns the active psychologists by name, for
// pickers.
func (db *DB) PsychologistChoices(ctx context.Context) ([]clinic.Choice, error) {
	return db.choices(ctx, `SELECT id, name FROM psychologists
		WHERE active = 1 ORDER BY name COLLATE NOCASE`)
}

func (db *DB) choices(ctx context.Context, query string, args ...any) ([]clinic.Choice, error) {
	rows, err := db.read.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: list choices: %w", err)
	}
	defer rows.Close()

	var out []clinic.Choice
	for rows.Next() {
		var c clinic.Choice
		if err := rows.Scan(&c.ID, &c.Name); err != nil {
			return nil, fmt.Errorf("sqlite: scan choice: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
