package sqlite

import (
	"context"
	"fmt"
)

// SetupProgress is the tally of what a new clinic has set up, for the admin's
// first-steps checklist on the home page.
type SetupProgress struct {
	Rooms         int // active rooms
	Psychologists int // active psychologists
	Availability  int // weekly availability rows of active psychologists
	Patients      int // patients not deleted
	Reception     int // active reception accounts
}

// Done reports whether every first step has been taken.
func (p SetupProgress) Done() bool {
	return p.Rooms > 0 && p.Psychologists > 0 && p.Availability > 0 &&
		p.Patients > 0 && p.Reception > 0
}

// SetupProgress reads the counts of the first-steps checklist in one
// query.
func (db *DB) SetupProgress(ctx context.Context) (SetupProgress, error) {
	var p SetupProgress
	err := db.read.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM rooms WHERE active = 1),
		(SELECT count(*) FROM psychologists WHERE active = 1),
		(SELECT count(*) FROM availability a
			JOIN psychologists p ON p.id = a.psychologist_id WHERE p.active = 1),
		(SELECT count(*) FROM patients WHERE deleted_at IS NULL),
		(SELECT count(*) FROM users WHERE role = 'reception' AND active = 1)`).
		Scan(&p.Rooms, &p.Psychologists, &p.Availability, &p.Patients, &p.Reception)
	if err != nil {
		return p, fmt.Errorf("sqlite: read setup progress: %w", err)
	}
	return p, nil
}
