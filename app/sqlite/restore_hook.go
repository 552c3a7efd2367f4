package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"kpsicologia/app/clinic"
)

// restoreSessionsCheck runs inside the transaction that restores deleted
// patient patientID, before or after deleted_at is cleared. It is
// restoreSessionsCheckAs with the system as the actor, so the messages
// name every patient. Callers that know the user should use
// restoreSessionsCheckAs.
func (db *DB) restoreSessionsCheck(ctx context.Context, tx *sql.Tx, patientID int64) ([]string, error) {
	return db.restoreSessionsCheckAs(ctx, tx, systemActor, patientID)
}

// restoreSessionsCheckAs makes a restored patient's agenda consistent
// again without taking a slot someone else booked while the patient was
// deleted (their sessions blocked nobody then). The patient is restored
// in any case, and what clashes gives way and is listed:
//
//   - series that fell behind the horizon are written up to it, and an
//     occurrence whose slot is now taken is stored as desmarcada pela
//     clínica.
//   - each unconfirmed session from today on that now overlaps another
//     patient's session in the same room or with the same psychologist
//     is cancelled by the clinic, with the reason in its notes.
//   - a running series that would meet another booking past the horizon
//     ends the day before that date.
//
// It returns one Portuguese sentence per change, for the restore page,
// and audits each. Overlaps among the patient's own sessions are left
// alone, because no one else holds those slots.
func (db *DB) restoreSessionsCheckAs(ctx context.Context, tx *sql.Tx, who clinic.Actor, patientID int64) ([]string, error) {
	today, err := db.today(ctx, tx)
	if err != nil {
		return nil, err
	}
	horizon, err := currentHorizon(ctx, tx)
	if err != nil {
		return nil, err
	}
	if horizon.IsZero() {
		horizon = today.AddDays(HorizonDays)
	}
	var notes []string

	series, err := patientRunningSeries(ctx, tx, patientID, today)
	if err != nil {
		return nil, err
	}
	for _, s := range series {
		res, err := db.materialize(ctx, tx, who, s, horizon)
		if err != nil {
			return nil, err
		}
		for _, c := range res.clashes {
			notes = append(notes, fmt.Sprintf("Sessão de %s às %s (horário fixo) não agendada. %s",
				clinic.FormatDateBR(c.Date), s.Start, c.Message))
		}
	}

	more, err := db.cancelRestoredClashes(ctx, tx, who, patientID, today)
	if err != nil {
		return nil, err
	}
	notes = append(notes, more...)

	for _, s := range series {
		note, err := db.endRestoredSeriesAtClash(ctx, tx, who, s, horizon)
		if err != nil {
			return nil, err
		}
		if note != "" {
			notes = append(notes, note)
		}
	}

	for _, n := range notes {
		if err := db.audit(ctx, tx, who, "restore_check", "patient", patientID, n); err != nil {
			return nil, err
		}
	}
	return notes, nil
}

// patientRunningSeries returns the patient's series with occurrences from
// today on.
func patientRunningSeries(ctx context.Context, tx *sql.Tx, patientID int64, today clinic.Date) ([]Series, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+seriesColumns+seriesFrom+`
		WHERE se.patient_id = ? AND (se.end_date IS NULL OR se.end_date >= ?)
		ORDER BY se.id`, patientID, today.String())
	if err != nil {
		return nil, fmt.Errorf("sqlite: list series of patient %d: %w", patientID, err)
	}
	return scanSeriesRows(rows)
}

// cancelRestoredClashes cancels the patient's unconfirmed sessions from
// today on that another patient's booking now overlaps.
func (db *DB) cancelRestoredClashes(ctx context.Context, tx *sql.Tx, who clinic.Actor, patientID int64, today clinic.Date) ([]string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+sessionColumns+sessionFrom+`
		WHERE s.patient_id = ? AND s.date >= ? AND s.status = 'scheduled'
		ORDER BY s.date, s.start_min`, patientID, today.String())
	if err != nil {
		return nil, fmt.Errorf("sqlite: list sessions of patient %d: %w", patientID, err)
	}
	sessions, err := scanSessions(rows)
	if err != nil {
		return nil, err
	}
	var notes []string
	for _, s := range sessions {
		d, err := clinic.ParseDate(s.Date)
		if err != nil {
			continue
		}
		clashes, err := db.findConflicts(ctx, tx, who, candidate{
			patientID: s.PatientID, psychologistID: s.PsychologistID,
			roomID: s.RoomID, date: d, ignoreSession: s.ID, withSeries: true,
			interval: clinic.Interval{Start: clinic.Clock(s.StartMin), End: clinic.Clock(s.EndMin)},
		})
		if err != nil {
			return nil, err
		}
		others := othersOnly(clashes, patientID)
		if len(others) == 0 {
			continue
		}
		reason := "ao restaurar o paciente, o horário estava ocupado. " +
			storedConflictText(s.PsychologistID, others[0])
		if err := db.cancelSession(ctx, tx, who, s, StatusCancelledClinic, reason); err != nil {
			return nil, err
		}
		notes = append(notes, fmt.Sprintf("Sessão de %s às %s com %s desmarcada. %s",
			clinic.FormatDateBR(s.Date), s.Start(), s.PsychologistName, others[0].Message))
	}
	return notes, nil
}

// othersOnly drops the conflicts with the patient's own bookings.
func othersOnly(list []Conflict, patientID int64) []Conflict {
	var out []Conflict
	for _, c := range list {
		if c.PatientID != patientID {
			out = append(out, c)
		}
	}
	return out
}

// endRestoredSeriesAtClash ends series s the day before its first clash
// with another patient's booking past the horizon, and returns a note, or
// "" when there is none.
func (db *DB) endRestoredSeriesAtClash(ctx context.Context, tx *sql.Tx, who clinic.Actor, s Series, horizon clinic.Date) (string, error) {
	rec := s.recurrence()
	clashes, err := db.findConflicts(ctx, tx, who, candidate{
		patientID: s.PatientID, psychologistID: s.PsychologistID,
		roomID: s.RoomID, interval: rec.Interval(), rec: &rec,
		from: horizon.AddDays(1), withSeries: true,
	})
	if err != nil {
		return "", err
	}
	others := othersOnly(clashes, s.PatientID)
	if len(others) == 0 {
		return "", nil
	}
	first, err := clinic.ParseDate(others[0].Date)
	if err != nil {
		return "", fmt.Errorf("sqlite: conflict date: %w", err)
	}
	end := first.AddDays(-1)
	reason := "Encerrado ao restaurar o paciente: " + storedConflictText(s.PsychologistID, others[0])
	if _, err := endSeriesAt(ctx, tx, s, end, reason); err != nil {
		return "", err
	}
	return fmt.Sprintf("Horário fixo de %s encerrado em %s, porque a partir de %s o horário está ocupado. %s",
		s.Label(), end.Brazilian(), first.Brazilian(), others[0].Message), nil
}
