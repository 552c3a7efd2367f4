package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"time"

	"kpsicologia/app/clinic"
)

// HorizonDays is how far past today series sessions exist as rows: twelve
// weeks, so agendas, attendance and the free-slot finder read plain rows
// instead of computing recurrences.
const HorizonDays = 12 * 7

// maxHorizonDays caps how far past today EnsureHorizon materializes when
// an agenda far in the future is requested, so one click on "2035" cannot
// write a decade of rows for every series. Agendas beyond it show only
// one-off sessions.
const maxHorizonDays = 2 * 366

// settingHorizon stores the date up to which every series of a patient
// who is not deleted has its sessions as rows.
const settingHorizon = "schedule_horizon"

// defaultTimeZone is the clinic's zone when the time_zone setting is
// empty.
const defaultTimeZone = "America/Sao_Paulo"

// systemActor signs audit entries of writes no user asked for, such as
// the daily extension of the horizon.
var systemActor = clinic.Actor{Username: "sistema"}

// locations caches loaded time zones by name, because time.LoadLocation
// reads and parses the zone file on every call.
var locations sync.Map

// location returns the clinic's time zone from the time_zone setting.
func (db *DB) location(ctx context.Context, q querier) (*time.Location, error) {
	var name string
	err := q.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`,
		SettingTimeZone).Scan(&name)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("sqlite: read time zone: %w", err)
	}
	if name == "" {
		name = defaultTimeZone
	}
	if loc, ok := locations.Load(name); ok {
		return loc.(*time.Location), nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("sqlite: load time zone %q: %w", name, err)
	}
	locations.Store(name, loc)
	return loc, nil
}

// today returns the clinic's current date: the wall calendar in its time
// zone, which is a day behind UTC every evening after 21:00 in São Paulo.
func (db *DB) today(ctx context.Context, q querier) (clinic.Date, error) {
	loc, err := db.location(ctx, q)
	if err != nil {
		return clinic.Date{}, err
	}
	return clinic.Today(loc, db.Now()), nil
}

// Today returns the clinic's current date as YYYY-MM-DD.
func (db *DB) Today(ctx context.Context) (string, error) {
	d, err := db.today(ctx, db.read)
	if err != nil {
		return "", err
	}
	return d.String(), nil
}

// Horizon returns the date up to which series sessions exist as rows, or
// "" before the first materialization.
func (db *DB) Horizon(ctx context.Context) (string, error) {
	return db.Setting(ctx, settingHorizon, "")
}

// EnsureHorizon makes the sessions of every series exist as rows up to
// until (YYYY-MM-DD), and at least HorizonDays past today. Dates more than
// two years ahead are cut to that. Occurrences already stored, moved or
// cancelled are never created again. Call it at start-up and before
// reading an agenda that may lie past the horizon. It returns at once
// when the rows already exist.
func (db *DB) EnsureHorizon(ctx context.Context, until string) error {
	want, err := db.horizonTarget(ctx, db.read, until)
	if err != nil {
		return err
	}
	cur, err := db.Horizon(ctx)
	if err != nil {
		return err
	}
	if cur != "" && cur >= want.String() {
		return nil
	}
	return db.WriteTx(ctx, func(tx *sql.Tx) error {
		return db.ensureHorizonTx(ctx, tx, want)
	})
}

// horizonTarget turns a requested date into the horizon to reach: at
// least HorizonDays and at most maxHorizonDays past today.
func (db *DB) horizonTarget(ctx context.Context, q querier, until string) (clinic.Date, error) {
	today, err := db.today(ctx, q)
	if err != nil {
		return clinic.Date{}, err
	}
	want := today.AddDays(HorizonDays)
	if until != "" {
		d, err := clinic.ParseDate(until)
		if err != nil {
			return clinic.Date{}, clinic.Errorf(clinic.ErrInvalid,
				"A data %q não é válida.", until)
		}
		if d.After(want) {
			want = d
		}
	}
	if limit := today.AddDays(maxHorizonDays); want.After(limit) {
		want = limit
	}
	return want, nil
}

// currentHorizon returns the stored horizon inside q, or the zero Date.
func currentHorizon(ctx context.Context, q querier) (clinic.Date, error) {
	var v string
	err := q.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`,
		settingHorizon).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) || v == "" {
		return clinic.Date{}, nil
	}
	if err != nil {
		return clinic.Date{}, fmt.Errorf("sqlite: read horizon: %w", err)
	}
	d, err := clinic.ParseDate(v)
	if err != nil {
		return clinic.Date{}, fmt.Errorf("sqlite: stored horizon: %w", err)
	}
	return d, nil
}

// ensureHorizonTx raises the horizon to at least today + HorizonDays and
// returns it. Every booking calls it first, so a server left running for
// weeks keeps twelve weeks of rows without a restart.
func (db *DB) ensureHorizonTx(ctx context.Context, tx *sql.Tx, want clinic.Date) error {
	cur, err := currentHorizon(ctx, tx)
	if err != nil {
		return err
	}
	if !cur.IsZero() && !cur.Before(want) {
		return nil
	}
	list, err := seriesToMaterialize(ctx, tx, want)
	if err != nil {
		return err
	}
	created, clashes := 0, 0
	for _, s := range list {
		res, err := db.materialize(ctx, tx, systemActor, s, want)
		if err != nil {
			return err
		}
		created += res.created
		clashes += len(res.clashes)
		for _, c := range res.clashes {
			detail := fmt.Sprintf("horário fixo %d: ocorrência de %s não agendada; %s",
				s.ID, c.Date, c.Message)
			if err := db.audit(ctx, tx, systemActor, "conflict", "series", s.ID, detail); err != nil {
				return err
			}
		}
	}
	if err := setSetting(ctx, tx, settingHorizon, want.String()); err != nil {
		return err
	}
	if created > 0 || clashes > 0 {
		detail := fmt.Sprintf("sessões de horários fixos até %s: %d criadas, %d em conflito",
			want, created, clashes)
		return db.audit(ctx, tx, systemActor, "materialize", "series", 0, detail)
	}
	return nil
}

// ensureDefaultHorizon raises the horizon to today + HorizonDays inside
// tx and returns the horizon in force.
func (db *DB) ensureDefaultHorizon(ctx context.Context, tx *sql.Tx) (clinic.Date, error) {
	want, err := db.horizonTarget(ctx, tx, "")
	if err != nil {
		return clinic.Date{}, err
	}
	if err := db.ensureHorizonTx(ctx, tx, want); err != nil {
		return clinic.Date{}, err
	}
	return currentHorizon(ctx, tx)
}

// seriesToMaterialize returns the series that still have occurrences to
// write up to until, oldest first, so on a clash the older series keeps
// the slot. Series of deleted patients wait: their sessions would block
// nobody and the restore materializes them after its own checks.
func seriesToMaterialize(ctx context.Context, q querier, until clinic.Date) ([]Series, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+seriesColumns+seriesFrom+`
		WHERE p.deleted_at IS NULL AND se.materialized_until < ?
		AND (se.end_date IS NULL OR se.end_date > se.materialized_until)
		ORDER BY se.id`, until.String())
	if err != nil {
		return nil, fmt.Errorf("sqlite: list series to materialize: %w", err)
	}
	return scanSeriesRows(rows)
}

// materialized is the outcome of writing a series' rows.
type materialized struct {
	created int
	// clashes are occurrences stored as cancelled by the clinic because
	// another session holds the slot.
	clashes []Conflict
}

// materialize writes the sessions of s from the day after its
// materialized_until to until. An occurrence that a session of someone
// else now overlaps is stored as desmarcada pela clínica with the reason,
// so it shows on the agenda and is never created again. Each row takes
// the patient's price at the moment it is written.
func (db *DB) materialize(ctx context.Context, tx *sql.Tx, who clinic.Actor, s Series, until clinic.Date) (materialized, error) {
	var out materialized
	rec := s.recurrence()
	from := s.MaterializedUntilDate().AddDays(1)
	if from.Before(rec.Anchor) {
		from = rec.Anchor
	}
	dates := rec.Occurrences(from, until)
	if len(dates) > 0 {
		clashes, err := db.findConflicts(ctx, tx, who, candidate{
			patientID: s.PatientID, psychologistID: s.PsychologistID,
			roomID: s.RoomID, interval: rec.Interval(),
			rec: &rec, from: dates[0], to: dates[len(dates)-1],
		})
		if err != nil {
			return out, err
		}
		byDate := map[string]Conflict{}
		for _, c := range clashes {
			if _, ok := byDate[c.Date]; !ok {
				byDate[c.Date] = c
			}
		}
		price, err := patientPrice(ctx, tx, s.PatientID)
		if err != nil {
			return out, err
		}
		for _, d := range dates {
			row := newSessionRow{
				seriesID: s.ID, occurrence: d.String(), patientID: s.PatientID,
				psychologistID: s.PsychologistID, roomID: s.RoomID,
				modality: s.Modality, kind: KindSeries, date: d.String(),
				interval: rec.Interval(), status: StatusScheduled, price: price,
			}
			if c, ok := byDate[d.String()]; ok {
				row.status = StatusCancelledClinic
				row.notes = "Não agendada: " + storedConflictText(s.PsychologistID, c)
				out.clashes = append(out.clashes, c)
			}
			inserted, err := db.insertSession(ctx, tx, row)
			if err != nil {
				return out, err
			}
			if inserted != 0 && row.status == StatusScheduled {
				out.created++
			}
		}
	}
	_, err := tx.ExecContext(ctx, `UPDATE series SET materialized_until = ?
		WHERE id = ? AND materialized_until < ?`, until.String(), s.ID, until.String())
	if err != nil {
		return out, fmt.Errorf("sqlite: advance series %d: %w", s.ID, err)
	}
	return out, nil
}
