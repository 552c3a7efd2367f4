package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"

	"kpsicologia/app/clinic"
)

// settingOpenOnOptional is "1" when the clinic opens on pontos
// facultativos (Carnaval, Corpus Christi), which then only warn.
const settingOpenOnOptional = "open_on_optional_holidays"

// LocalHolidayEntry is a holiday the admin entered: municipal, state or
// the clinic's own. A yearly one repeats on the same day and month, from
// the year of Date on.
type LocalHolidayEntry struct {
	ID     int64
	Date   string
	Name   string
	Yearly bool
}

// Closure is a date the whole clinic is closed, other than a holiday.
type Closure struct {
	ID     int64
	Date   string
	Reason string
}

// DayOff is a holiday or closure in a date range, with how many
// unconfirmed sessions who may see fall on it.
type DayOff struct {
	Date     string
	Name     string
	Optional bool // ponto facultativo
	Local    bool // entered by the clinic
	Closure  bool // a clinic closure rather than a holiday
	Sessions int
}

func localHolidays(ctx context.Context, q querier) ([]LocalHolidayEntry, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, date, name, yearly
		FROM local_holidays ORDER BY substr(date, 6), date`)
	if err != nil {
		return nil, fmt.Errorf("sqlite: list local holidays: %w", err)
	}
	defer rows.Close()
	var out []LocalHolidayEntry
	for rows.Next() {
		var h LocalHolidayEntry
		if err := rows.Scan(&h.ID, &h.Date, &h.Name, &h.Yearly); err != nil {
			return nil, fmt.Errorf("sqlite: scan local holiday: %w", err)
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// LocalHolidays returns the admin's holidays, by day of the year.
func (db *DB) LocalHolidays(ctx context.Context) ([]LocalHolidayEntry, error) {
	return localHolidays(ctx, db.read)
}

// holidayCalendar returns the national holidays plus the local ones,
// precomputed for fromYear to toYear. A yearly local holiday counts only
// from the year it was entered for.
func holidayCalendar(ctx context.Context, q querier, fromYear, toYear int) (*clinic.HolidayCalendar, error) {
	list, err := localHolidays(ctx, q)
	if err != nil {
		return nil, err
	}
	var local []clinic.LocalHoliday
	for _, h := range list {
		d, err := clinic.ParseDate(h.Date)
		if err != nil {
			continue
		}
		if h.Yearly {
			// A yearly holiday entered for 2027 must not mark 2026.
			for y := max(fromYear, d.Year); y <= toYear; y++ {
				local = append(local, clinic.LocalHoliday{Name: h.Name,
					Date: clinic.Date{Year: y, Month: d.Month, Day: d.Day}})
			}
			continue
		}
		local = append(local, clinic.LocalHoliday{Name: h.Name, Date: d})
	}
	return clinic.NewHolidayCalendar(local, fromYear, toYear), nil
}

// HolidayCalendar returns the clinic's holidays (national and local) for
// fromYear to toYear, for agendas that flag sessions on holidays.
func (db *DB) HolidayCalendar(ctx context.Context, fromYear, toYear int) (*clinic.HolidayCalendar, error) {
	return holidayCalendar(ctx, db.read, fromYear, toYear)
}

func openOnOptionalHolidays(ctx context.Context, q querier) (bool, error) {
	var v string
	err := q.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`,
		settingOpenOnOptional).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return true, nil
	}
	if err != nil {
		return false, fmt.Errorf("sqlite: read optional holidays setting: %w", err)
	}
	return v == "1", nil
}

// OpensOnOptionalHolidays reports whether the clinic works on pontos
// facultativos. It is true until the admin says otherwise, because a
// private clinic usually works on those days.
func (db *DB) OpensOnOptionalHolidays(ctx context.Context) (bool, error) {
	return openOnOptionalHolidays(ctx, db.read)
}

// SetOpensOnOptionalHolidays stores whether the clinic works on pontos
// facultativos. Admin only.
func (db *DB) SetOpensOnOptionalHolidays(ctx context.Context, who clinic.Actor, open bool) error {
	if who.Role != clinic.RoleAdmin {
		return errAdminOnly
	}
	v, text := "0", "fechada"
	if open {
		v, text = "1", "aberta"
	}
	return db.WriteTx(ctx, func(tx *sql.Tx) error {
		if err := setSetting(ctx, tx, settingOpenOnOptional, v); err != nil {
			return err
		}
		return db.audit(ctx, tx, who, "update", "setting", 0,
			"clínica "+text+" nos pontos facultativos")
	})
}

var errAdminOnly = clinic.Errorf(clinic.ErrForbidden,
	"Só a administração altera feriados e fechamentos.")

// AddLocalHoliday adds a holiday on date (YYYY-MM-DD), and yearly repeats
// it every year on the same day and month. Sessions already booked on it
// stay and are flagged, and the holidays page offers to call them off.
func (db *DB) AddLocalHoliday(ctx context.Context, who clinic.Actor, date, name string, yearly bool) (int64, error) {
	if who.Role != clinic.RoleAdmin {
		return 0, errAdminOnly
	}
	name = strings.TrimSpace(name)
	fe := clinic.FieldErrors{}
	if _, err := clinic.ParseDate(date); err != nil {
		fe.Add("date", "Data inválida. Use dd/mm/aaaa.")
	}
	if name == "" {
		fe.Add("name", "Informe o nome, por exemplo: Aniversário da cidade.")
	}
	if err := fe.Err(); err != nil {
		return 0, err
	}
	var id int64
	err := db.WriteTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO local_holidays (date, name, yearly)
			VALUES (?, ?, ?)`, date, name, yearly)
		if err != nil {
			return fmt.Errorf("sqlite: insert local holiday: %w", err)
		}
		id, _ = res.LastInsertId()
		detail := fmt.Sprintf("%s %s", date, name)
		if yearly {
			detail += " (todo ano)"
		}
		return db.audit(ctx, tx, who, "create", "local_holiday", id, detail)
	})
	return id, err
}

// DeleteLocalHoliday removes a local holiday. Admin only.
func (db *DB) DeleteLocalHoliday(ctx context.Context, who clinic.Actor, id int64) error {
	return db.deleteDayOff(ctx, who, "local_holidays", "name", id)
}

// Closures returns the clinic's closed dates from from on.
func (db *DB) Closures(ctx context.Context, from string) ([]Closure, error) {
	return closuresBetween(ctx, db.read, from, "9999-12-31")
}

func closuresBetween(ctx context.Context, q querier, from, to string) ([]Closure, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, date, reason FROM closures
		WHERE date BETWEEN ? AND ? ORDER BY date`, from, to)
	if err != nil {
		return nil, fmt.Errorf("sqlite: list closures: %w", err)
	}
	defer rows.Close()
	var out []Closure
	for rows.Next() {
		var c Closure
		if err := rows.Scan(&c.ID, &c.Date, &c.Reason); err != nil {
			return nil, fmt.Errorf("sqlite: scan closure: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// AddClosure closes the clinic on date with a reason. Admin only.
func (db *DB) AddClosure(ctx context.Context, who clinic.Actor, date, reason string) (int64, error) {
	if who.Role != clinic.RoleAdmin {
		return 0, errAdminOnly
	}
	reason = strings.TrimSpace(reason)
	fe := clinic.FieldErrors{}
	if _, err := clinic.ParseDate(date); err != nil {
		fe.Add("date", "Data inválida. Use dd/mm/aaaa.")
	}
	if reason == "" {
		fe.Add("reason", "Informe o motivo, por exemplo: dedetização, reforma.")
	}
	if err := fe.Err(); err != nil {
		return 0, err
	}
	var id int64
	err := db.WriteTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM closures WHERE date = ?`,
			date).Scan(&n); err != nil {
			return fmt.Errorf("sqlite: check closure: %w", err)
		}
		if n > 0 {
			return fieldError("date", "A clínica já está fechada em "+clinic.FormatDateBR(date)+".")
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO closures (date, reason) VALUES (?, ?)`,
			date, reason)
		if err != nil {
			return fmt.Errorf("sqlite: insert closure: %w", err)
		}
		id, _ = res.LastInsertId()
		return db.audit(ctx, tx, who, "create", "closure", id, date+" "+reason)
	})
	return id, err
}

// DeleteClosure reopens the clinic on a closed date. Admin only.
func (db *DB) DeleteClosure(ctx context.Context, who clinic.Actor, id int64) error {
	return db.deleteDayOff(ctx, who, "closures", "reason", id)
}

func (db *DB) deleteDayOff(ctx context.Context, who clinic.Actor, table, column string, id int64) error {
	if who.Role != clinic.RoleAdmin {
		return errAdminOnly
	}
	return db.WriteTx(ctx, func(tx *sql.Tx) error {
		var detail string
		err := tx.QueryRowContext(ctx, `SELECT date || ' ' || `+column+` FROM `+table+`
			WHERE id = ?`, id).Scan(&detail)
		if errors.Is(err, sql.ErrNoRows) {
			return clinic.Errorf(clinic.ErrNotFound, "Data não encontrada.")
		}
		if err != nil {
			return fmt.Errorf("sqlite: read %s %d: %w", table, id, err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE id = ?`, id); err != nil {
			return fmt.Errorf("sqlite: delete %s %d: %w", table, id, err)
		}
		return db.audit(ctx, tx, who, "delete", strings.TrimSuffix(table, "s"), id, detail)
	})
}

// DaysOff returns the holidays and closures from from to to (YYYY-MM-DD),
// by date, each with the number of unconfirmed sessions who may see on
// it, so none is dropped unseen. It runs four queries.
func (db *DB) DaysOff(ctx context.Context, who clinic.Actor, from, to string) ([]DayOff, error) {
	f, errF := clinic.ParseDate(from)
	t, errT := clinic.ParseDate(to)
	if errF != nil || errT != nil {
		return nil, clinic.Errorf(clinic.ErrInvalid, "Período inválido.")
	}
	cal, err := holidayCalendar(ctx, db.read, f.Year, t.Year)
	if err != nil {
		return nil, err
	}
	byDate := map[string]*DayOff{}
	var out []*DayOff
	for _, h := range cal.Between(f, t) {
		d := &DayOff{Date: h.Date.String(), Name: h.Name, Optional: h.Optional, Local: h.Local}
		byDate[d.Date] = d
		out = append(out, d)
	}
	closures, err := closuresBetween(ctx, db.read, from, to)
	if err != nil {
		return nil, err
	}
	for _, c := range closures {
		if d, ok := byDate[c.Date]; ok {
			d.Name += "; clínica fechada: " + c.Reason
			d.Closure = true
			continue
		}
		d := &DayOff{Date: c.Date, Name: c.Reason, Closure: true}
		byDate[c.Date] = d
		out = append(out, d)
	}

	scope := PsychologistScope(who)
	rows, err := db.read.QueryContext(ctx, `SELECT s.date, count(*)
		FROM sessions s JOIN patients p ON p.id = s.patient_id
		WHERE s.date BETWEEN ?1 AND ?2 AND s.status = 'scheduled'
		AND p.deleted_at IS NULL AND (?3 = 0 OR s.psychologist_id = ?3)
		GROUP BY s.date`, from, to, scope)
	if err != nil {
		return nil, fmt.Errorf("sqlite: count sessions on days off: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var date string
		var n int
		if err := rows.Scan(&date, &n); err != nil {
			return nil, fmt.Errorf("sqlite: scan session count: %w", err)
		}
		if d, ok := byDate[date]; ok {
			d.Sessions = n
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: read session counts: %w", err)
	}

	sort.SliceStable(out, func(i, j int) bool { return out[i].Date < out[j].Date })
	list := make([]DayOff, len(out))
	for i, d := range out {
		list[i] = *d
	}
	return list, nil
}

// CallOffDay marks every unconfirmed session on date that who may see as
// StatusHoliday (feriado), for a holiday or closure entered after the
// bookings. It returns how many sessions changed.
func (db *DB) CallOffDay(ctx context.Context, who clinic.Actor, date, reason string) (int, error) {
	if _, err := clinic.ParseDate(date); err != nil {
		return 0, clinic.Errorf(clinic.ErrInvalid, "Data inválida.")
	}
	list, err := db.Sessions(ctx, who, SessionFilter{From: date, To: date})
	if err != nil {
		return 0, err
	}
	var ids []int64
	for _, s := range list {
		if s.Scheduled() {
			ids = append(ids, s.ID)
		}
	}
	if len(ids) == 0 {
		return 0, nil
	}
	return db.CancelSessions(ctx, who, ids, StatusHoliday, reason)
}
