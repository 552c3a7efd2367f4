package sqlite

import (
	"context"
	"fmt"

	"kpsicologia/app/clinic"
)

// AdminDashboard is the admin's home page: today, the last 30 days and
// the current month. The month's money and the receivables follow the
// same rules as Summary and the receivables report.
type AdminDashboard struct {
	TodaySessions  int // booked today, cancellations and holidays excluded
	TodayCancelled int // cancelled, holiday or psychologist absent today
	// Done and Missed count the last 30 days' confirmed sessions
	// (today included): done, against missed_charged plus missed_excused.
	// Cancellations are not attendance and count in neither.
	Done, Missed int
	// BookedMinutes are today's room minutes of sessions that happen;
	// OpenMinutes the active rooms' opening hours for today's weekday,
	// 0 when the clinic is closed today.
	BookedMinutes, OpenMinutes int
	BilledCents                int64 // charges dated this month
	ReceivedCents              int64 // payments dated this month
	ExpensesCents              int64 // expenses dated this month
	ReceivablesCents           int64 // unpaid on today's date
}

// ResultCents returns the month's received less its expenses.
func (d AdminDashboard) ResultCents() int64 { return d.ReceivedCents - d.ExpensesCents }

// AttendancePercent returns done / (done + missed) in whole percent, or
// -1 when nothing was confirmed.
func (d AdminDashboard) AttendancePercent() int {
	if d.Done+d.Missed == 0 {
		return -1
	}
	return (d.Done*100 + (d.Done+d.Missed)/2) / (d.Done + d.Missed)
}

// OccupancyPercent returns booked / open room minutes in whole percent,
// or -1 when no room is open today.
func (d AdminDashboard) OccupancyPercent() int {
	if d.OpenMinutes == 0 {
		return -1
	}
	return (d.BookedMinutes*100 + d.OpenMinutes/2) / d.OpenMinutes
}

// happening is the SQL condition for a session that takes place, for
// counts and room occupancy.
const happening = `status NOT IN ('cancelled_patient', 'cancelled_clinic',
	'psychologist_absent', 'holiday')`

// minutesOf is the SQL for minutes since midnight of an 'HH:MM' column.
func minutesOf(col string) string {
	return fmt.Sprintf("(CAST(substr(%[1]s, 1, 2) AS INTEGER) * 60 + "+
		"CAST(substr(%[1]s, 4, 2) AS INTEGER))", col)
}

// AdminDashboard returns the admin's figures for the local date today,
// read from one snapshot with three queries. Only an admin may read it.
func (db *DB) AdminDashboard(ctx context.Context, who clinic.Actor, today string) (AdminDashboard, error) {
	var d AdminDashboard
	if err := requireAdmin(who); err != nil {
		return d, err
	}
	day, err := clinic.ParseDate(today)
	if err != nil {
		return d, fmt.Errorf("sqlite: admin dashboard: %w", err)
	}
	from, to, err := MonthRange(today[:7])
	if err != nil {
		return d, err
	}
	err = db.ReportSnapshot(ctx, func(x *Reports) error {
		err := x.q.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM sessions WHERE date = ?1 AND `+happening+`),
		(SELECT count(*) FROM sessions WHERE date = ?1 AND NOT (`+happening+`)),
		(SELECT count(*) FROM sessions WHERE date BETWEEN ?2 AND ?1
			AND status = 'done'),
		(SELECT count(*) FROM sessions WHERE date BETWEEN ?2 AND ?1
			AND status IN ('missed_charged', 'missed_excused')),
		(SELECT coalesce(sum(end_min - start_min), 0) FROM sessions
			WHERE date = ?1 AND room_id IS NOT NULL AND `+happening+`),
		CASE WHEN EXISTS (SELECT 1 FROM closures WHERE date = ?1) THEN 0 ELSE
		(SELECT coalesce(sum(`+minutesOf("h.closes")+` - `+minutesOf("h.opens")+`), 0)
			FROM room_hours h JOIN rooms r ON r.id = h.room_id
			JOIN units u ON u.id = r.unit_id
			WHERE h.weekday = ?3 AND r.active = 1 AND u.active = 1) END`,
			today, day.AddDays(-29).String(), int(day.Weekday())).Scan(
			&d.TodaySessions, &d.TodayCancelled, &d.Done, &d.Missed,
			&d.BookedMinutes, &d.OpenMinutes)
		if err != nil {
			return fmt.Errorf("sqlite: admin dashboard: %w", err)
		}
		month := Summary{From: from, To: to}
		if err := x.summaryTotals(ctx, &month); err != nil {
			return err
		}
		d.BilledCents = month.BilledCents
		d.ReceivedCents = month.ReceivedCents
		d.ExpensesCents = month.ExpensesCents
		d.ReceivablesCents, err = x.openTotal(ctx, today)
		return err
	})
	return d, err
}

// PendingConfirmations returns the oldest limit sessions that started
// before now (local "YYYY-MM-DDTHH:MM") and are still scheduled, and how
// many there are in all. A psychologist gets only their own.
func (db *DB) PendingConfirmations(ctx context.Context, who clinic.Actor, now string, limit int) ([]AttendanceRow, int, error) {
	date, nowMin := splitLocal(now)
	if date == "" {
		return nil, 0, fmt.Errorf("sqlite: pending confirmations: bad local time %q", now)
	}
	var total int
	err := db.read.QueryRowContext(ctx, `SELECT count(*) FROM sessions
		WHERE status = 'scheduled' AND (date < ?1 OR (date = ?1 AND start_min <= ?2))
		AND (?3 = 0 OR psychologist_id = ?3)`,
		date, nowMin, PsychologistScope(who)).Scan(&total)
	if err != nil {
		return nil, 0, fmt.Errorf("sqlite: count pending confirmations: %w", err)
	}
	if total == 0 {
		return nil, 0, nil
	}
	rows, err := db.AttendanceList(ctx, who, AttendanceFilter{From: "0000-01-01",
		To: date, PendingOnly: true, Now: now, Limit: limit})
	return rows, total, err
}
