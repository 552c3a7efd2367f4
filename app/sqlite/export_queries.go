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
func (x *Reports) EachSession(ctx context.Context, who clinic.Actor,
	from, to string, fn func(ExportSession) error) error {
	if err := checkReportRange(from, to); err != nil {
		return err
	}
	psy := PsychologistScope(who)
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
