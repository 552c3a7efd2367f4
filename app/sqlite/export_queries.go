package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"kpsicologia/app/clinic"
)

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
func (x *Reports) EachPatient(ctx context.Context, who clinic.Actor,
	from, to string, fn func(ExportPatient) error) error {
	if err := checkReportRange(from, to); err != nil {
		return err
	}
	scope, scopeArgs := PatientScope(who, "p")
	psy := PsychologistScope(who)
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

// EachSession calls fn for every session dated from..to that who may see,
// in date and time order, by the attendance list's query. A psychologist
// gets only their own sessions. Rows have no Started flag.
func (x *Reports) EachSession(ctx context.Context, who clinic.Actor,
	from, to string, fn func(AttendanceRow) error) error {
	if err := checkReportRange(from, to); err != nil {
		return err
	}
	f := AttendanceFilter{From: from, To: to}
	return eachAttendance(ctx, x.q, PsychologistScope(who), f, fn)
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
func (x *Reports) AttendanceByPsychologist(ctx context.Context,
	who clinic.Actor, from, to string) ([]ExportAttendance, error) {
	if err := checkReportRange(from, to); err != nil {
		return nil, err
	}
	psy := PsychologistScope(who)
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
