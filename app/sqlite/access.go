package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"kpsicologia/app/clinic"
)

// errPatientNotFound is what a psychologist gets for another
// psychologist's patient too, so ids cannot be probed.
var errPatientNotFound = clinic.Errorf(clinic.ErrNotFound,
	"Paciente não encontrado.")

// CheckPatientAccess returns nil when who may see the patient: admin and
// reception see every patient that exists; a psychologist only those whose
// main psychologist they are, or whom they have a session with. Deleted
// patients count as missing unless includeDeleted is set.
func (db *DB) CheckPatientAccess(ctx context.Context, who clinic.Actor, patientID int64, includeDeleted bool) error {
	return checkPatientAccess(ctx, db.read, who, patientID, includeDeleted)
}

// querier is the interface *sql.DB and *sql.Tx share, so access checks run inside
// a write transaction as well as on the reader pool.
type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

func checkPatientAccess(ctx context.Context, q querier, who clinic.Actor, patientID int64, includeDeleted bool) error {
	var psyID sql.NullInt64
	var deleted sql.NullString
	err := q.QueryRowContext(ctx, `SELECT psychologist_id, deleted_at
		FROM patients WHERE id = ?`, patientID).Scan(&psyID, &deleted)
	if errors.Is(err, sql.ErrNoRows) {
		return errPatientNotFound
	}
	if err != nil {
		return fmt.Errorf("sqlite: read patient %d: %w", patientID, err)
	}
	if deleted.Valid && !includeDeleted {
		return errPatientNotFound
	}
	if who.SeesAll() {
		return nil
	}
	if who.Role != clinic.RolePsychologist || who.PsychologistID == 0 {
		return errPatientNotFound
	}
	if psyID.Valid && psyID.Int64 == who.PsychologistID {
		return nil
	}
	var n int
	err = q.QueryRowContext(ctx, `SELECT count(*) FROM sessions
		WHERE patient_id = ? AND psychologist_id = ?`,
		patientID, who.PsychologistID).Scan(&n)
	if err != nil {
		return fmt.Errorf("sqlite: check patient access: %w", err)
	}
	if n == 0 {
		return errPatientNotFound
	}
	return nil
}

// PatientScope returns an SQL condition and its arguments that limit a
// query on the patients table (aliased as alias) to those who may see.
// Use it in every list, search and export of patients.
func PatientScope(who clinic.Actor, alias string) (string, []any) {
	if who.SeesAll() {
		return "1 = 1", nil
	}
	if who.Role != clinic.RolePsychologist || who.PsychologistID == 0 {
		return "0 = 1", nil
	}
	cond := fmt.Sprintf(`(%[1]s.psychologist_id = ? OR EXISTS (SELECT 1
		FROM sessions s_scope WHERE s_scope.patient_id = %[1]s.id
		AND s_scope.psychologist_id = ?))`, alias)
	return cond, []any{who.PsychologistID, who.PsychologistID}
}

// PsychologistScope returns the psychologist id that limits what who sees,
// or 0 when who sees everyone. A psychologist account without a linked
// psychologist gets -1, which matches nothing.
func PsychologistScope(who clinic.Actor) int64 {
	if who.SeesAll() {
		return 0
	}
	if who.Role == clinic.RolePsychologist && who.PsychologistID != 0 {
		return who.PsychologistID
	}
	return -1
}
