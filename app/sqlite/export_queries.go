package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"kpsicologia/app/clinic"
)

// ExportQueries reads the rows of the spreadsheet exports. Each Each*
// method runs one query and passes the rows to a callback one at a time,
// so an export of any size holds one row in memory. A callback error stops
// the query and is returned unwrapped.
//
// Every method takes the actor whose rows it returns: a psychologist gets
// only their own sessions, patients and money, and the finance methods
// reject reception.
type ExportQueries struct {
	q querier
}

// Exports returns export queries on the reader pool. Each query reads the
// database as of its own start, so use ExportSnapshot when several queries
// must agree, as the sheets of one workbook do.
func (db *DB) Exports() *ExportQueries {
	return &ExportQueries{q: db.read}
}

// ExportSnapshot runs fn with export queries that all read one snapshot of
// the database, so the totals of one sheet match the rows of another even
// while the reception records payments.
func (db *DB) ExportSnapshot(ctx context.Context, fn func(x *ExportQueries) error) error {
	return db.ReadTx(ctx, func(tx *sql.Tx) error {
		return fn(&ExportQueries{q: tx})
	})
}

// errFinanceForbidden is returned to a role that may not read money
// reports; the web routes already refuse it, so this is a second guard.
var errFinanceForbidden = clinic.Errorf(clinic.ErrForbidden,
	"Seu perfil não tem acesso aos relatórios financeiros.")

// exportPsychologist returns the psychologist whose rows who may export:
// 0 for every psychologist, or -1, which matches no row, for a
// psychologist account without a linked psychologist.
func exportPsychologist(who clinic.Actor) int64 {
	return PsychologistScope(who)
}

// financePsychologist is exportPsychologist for money: an admin reads every
// psychologist's money, a psychologist their own, and reception none.
func financePsychologist(who clinic.Actor) (int64, error) {
	switch {
	case who.Role == clinic.RoleAdmin:
		return 0, nil
	case who.Role == clinic.RolePsychologist && who.PsychologistID != 0:
		return who.PsychologistID, nil
	}
	return 0, errFinanceForbidden
}

func requireAdmin(who clinic.Actor) error {
	if who.Role != clinic.RoleAdmin {
		return errFinanceForbidden
	}
	return nil
}

// checkExportRange rejects a range the web layer should already have
// rejected, so a bad range never reaches a query as a silent empty result.
func checkExportRange(from, to string) error {
	f, ferr := clinic.ParseISODate(from)
	t, terr := clinic.ParseISODate(to)
	if ferr != nil || terr != nil || f == "" || t == "" {
		return clinic.Errorf(clinic.ErrInvalid,
			"Informe as datas inicial e final como dd/mm/aaaa.")
	}
	if f > t {
		return clinic.Errorf(clinic.ErrInvalid,
			"A data inicial (%s) é depois da data final (%s).",
			clinic.FormatDateBR(f), clinic.FormatDateBR(t))
	}
	return nil
}

// each runs query and calls scan for every row, wrapping errors with what.
func (x *ExportQueries) each(ctx context.Context, what, query string,
	args []any, scan func(*sql.Rows) error) error {
	rows, err := x.q.QueryContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("sqlite: export %s: %w", what, err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("sqlite: export %s: %w", what, err)
	}
	return nil
}

// ExportPatient is one patient of the patients export.
type ExportPatient struct {
	ID               int64
	Name             string
	SocialName       string
	BirthDate        string // YYYY-MM-DD or ""
	Phone            string
	Phone2           string
	Email            string
	CPF              string
	GuardianName     string
	GuardianCPF      string
	GuardianPhone    string
	PriceCents       int64
	Frequency        string // weekly or biweekly
	PsychologistName string // the main psychologist, or ""
	ConsentMessages  bool
	CreatedAt        string // UTC RFC 3339
	// SessionsDone counts the patient's sessions with status done in the
	// range; for a psychologist, only their own sessions.
	SessionsDone int
	// LastSession is the date of the last done session up to the range's
	// end, or "".
	LastSession string
}

// EachPatient calls fn for every patient who may see and that is not
// deleted, by name. from and to bound the session counts.
func (x *ExportQueries) EachPatient(ctx context.Context, who clinic.Actor,
	from, to string, fn func(ExportPatient) error) error {
	if err := checkExportRange(from, to); err != nil {
		return err
	}
	scope, scopeArgs := PatientScope(who, "p")
	psy := exportPsychologist(who)
	args := []any{from, to, psy, psy, to, psy, psy}
	args = append(args, scopeArgs...)
	query := `SELECT p.id, p.name, p.social_name, p.birth_date, p.phone,
		p.phone2, p.email, p.cpf, p.guardian_name, p.guardian_cpf,
		p.guardian_phone, p.price_cents, p.frequency, coalesce(ps.name, ''),
		p.consent_messages, p.created_at,
		(SELECT count(*) FROM sessions s WHERE s.patient_id = p.id
			AND s.status = 'done' AND s.date BETWEEN ? AND ?
			AND (? = 0 OR s.psychologist_id = ?)),
		coalesce((SELECT max(s.date) FROM sessions s
			WHERE s.patient_id = p.id AND s.status = 'done' AND s.date <= ?
			AND (? = 0 OR s.psychologist_id = ?)), '')
		FROM patients p
		LEFT JOIN psychologists ps ON ps.id = p.psychologist_id
		WHERE p.deleted_at IS NULL AND ` + scope + `
		ORDER BY p.name COLLATE NOCASE, p.id`
	return x.each(ctx, "patients", query, args, func(rows *sql.Rows) error {
		var p ExportPatient
		err := rows.Scan(&p.ID, &p.Name, &p.SocialName, &p.BirthDate,
			&p.Phone, &p.Phone2, &p.Email, &p.CPF, &p.GuardianName,
			&p.GuardianCPF, &p.GuardianPhone, &p.PriceCents, &p.Frequency,
			&p.PsychologistName, &p.ConsentMessages, &p.CreatedAt,
			&p.SessionsDone, &p.LastSession)
		if err != nil {
			return fmt.Errorf("sqlite: scan exported patient: %w", err)
		}
		return fn(p)
	})
}

// ExportSession is one session of the agenda and attendance exports.
type ExportSession struct {
	ID               int64
	Date             string // YYYY-MM-DD, clinic time
	StartMin         int    // minutes since midnight
	EndMin           int
	Status           string // sessions.status
	Kind             string // series, one_off or emergency
	Modality         string // in_person or online
	PriceCents       int64
	PatientID        int64
	PatientName      string
	PatientPhone     string
	PsychologistName string
	UnitName         string // "" for online sessions and sessions without a room
	RoomName         string
	ConfirmedAt      string // UTC RFC 3339, or "" when not confirmed
	ConfirmedBy      string // the confirming user's display name
	// Charged reports whether the session has a charge; ChargeCents is
	// its amount.
	Charged     bool
	ChargeCents int64
}

// EachSession calls fn for every session dated from..to that who may see,
// in date and time order. A psychologist sees only their own sessions.
func (x *ExportQueries) EachSession(ctx context.Context, who clinic.Actor,
	from, to string, fn func(ExportSession) error) error {
	if err := checkExportRange(from, to); err != nil {
		return err
	}
	psy := exportPsychologist(who)
	query := `SELECT s.id, s.date, s.start_min, s.end_min, s.status, s.kind,
		s.modality, s.price_cents, p.id, p.name, p.phone, ps.name,
		coalesce(u.name, ''), coalesce(r.name, ''),
		coalesce(s.confirmed_at, ''), coalesce(cu.display_name, ''),
		c.id IS NOT NULL, coalesce(c.amount_cents, 0)
		FROM sessions s
		JOIN patients p ON p.id = s.patient_id
		JOIN psychologists ps ON ps.id = s.psychologist_id
		LEFT JOIN rooms r ON r.id = s.room_id
		LEFT JOIN units u ON u.id = r.unit_id
		LEFT JOIN users cu ON cu.id = s.confirmed_by
		LEFT JOIN charges c ON c.session_id = s.id
		WHERE s.date BETWEEN ? AND ? AND (? = 0 OR s.psychologist_id = ?)
		ORDER BY s.date, s.start_min, ps.name COLLATE NOCASE, s.id`
	args := []any{from, to, psy, psy}
	return x.each(ctx, "sessions", query, args, func(rows *sql.Rows) error {
		var s ExportSession
		err := rows.Scan(&s.ID, &s.Date, &s.StartMin, &s.EndMin, &s.Status,
			&s.Kind, &s.Modality, &s.PriceCents, &s.PatientID,
			&s.PatientName, &s.PatientPhone, &s.PsychologistName,
			&s.UnitName, &s.RoomName, &s.ConfirmedAt, &s.ConfirmedBy,
			&s.Charged, &s.ChargeCents)
		if err != nil {
			return fmt.Errorf("sqlite: scan exported session: %w", err)
		}
		return fn(s)
	})
}

// ExportAttendance counts one psychologist's sessions in a range by
// status, for the attendance summary.
type ExportAttendance struct {
	PsychologistID   int64
	PsychologistName string
	// ByStatus maps sessions.status to its count; statuses without
	// sessions are absent.
	ByStatus map[string]int
	Total    int
}

// AttendanceByPsychologist counts the sessions dated from..to by
// psychologist and status, for psychologists who had any. A psychologist
// gets only their own line.
func (x *ExportQueries) AttendanceByPsychologist(ctx context.Context,
	who clinic.Actor, from, to string) ([]ExportAttendance, error) {
	if err := checkExportRange(from, to); err != nil {
		return nil, err
	}
	psy := exportPsychologist(who)
	query := `SELECT ps.id, ps.name, s.status, count(*)
		FROM sessions s JOIN psychologists ps ON ps.id = s.psychologist_id
		WHERE s.date BETWEEN ? AND ? AND (? = 0 OR s.psychologist_id = ?)
		GROUP BY ps.id, s.status
		ORDER BY ps.name COLLATE NOCASE, ps.id`
	var out []ExportAttendance
	err := x.each(ctx, "attendance", query, []any{from, to, psy, psy},
		func(rows *sql.Rows) error {
			var id int64
			var name, status string
			var n int
			if err := rows.Scan(&id, &name, &status, &n); err != nil {
				return fmt.Errorf("sqlite: scan attendance count: %w", err)
			}
			if len(out) == 0 || out[len(out)-1].PsychologistID != id {
				out = append(out, ExportAttendance{PsychologistID: id,
					PsychologistName: name, ByStatus: map[string]int{}})
			}
			last := &out[len(out)-1]
			last.ByStatus[status] = n
			last.Total += n
			return nil
		})
	return out, err
}
