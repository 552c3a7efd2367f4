package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"kpsicologia/app/clinic"
)

// Closing is one month closing: for the whole clinic when PsychologistID
// is 0, else for one psychologist. A reopened closing no longer locks.
type Closing struct {
	ID               int64
	Month            string // YYYY-MM
	PsychologistID   int64
	PsychologistName string
	ClosedAt         string
	ClosedBy         string
	ReopenedAt       string
	ReopenedBy       string
	ReopenReason     string
}

// MonthLabel returns the month as "11/2026".
func (c Closing) MonthLabel() string { return monthLabel(c.Month) }

// Open reports whether the closing was reopened and so locks nothing.
func (c Closing) Open() bool { return c.ReopenedAt != "" }

// CloseMonthInput is what closing a month needs.
type CloseMonthInput struct {
	Month          string // YYYY-MM
	PsychologistID int64  // 0 closes the month for the whole clinic
	// Today is the clinic's local date, YYYY-MM-DD: a month that has not
	// started yet cannot be closed.
	Today string
}

// validMonth reports whether s is a month written YYYY-MM.
func validMonth(s string) bool {
	_, err := clinic.ParseDate(s + "-01")
	return len(s) == 7 && err == nil
}

// monthLabel returns "11/2026" for "2026-11".
func monthLabel(month string) string {
	if len(month) != 7 {
		return month
	}
	return month[5:] + "/" + month[:4]
}

// checkMonthOpen returns an ErrLocked *clinic.Error when the month of date
// (YYYY-MM-DD) is closed for the whole clinic or, when psychologistID is
// not 0, for that psychologist. Every write that changes attendance,
// charges or payments calls it inside its own transaction, so a closing
// committed a moment earlier is always seen. Scheduling must call it too
// before it changes a confirmed past session.
func (db *DB) checkMonthOpen(ctx context.Context, tx *sql.Tx, date string, psychologistID int64) error {
	closing, locked, err := findClosing(ctx, tx, date, psychologistID)
	if err != nil || !locked {
		return err
	}
	who := "para a clínica inteira"
	if closing.PsychologistID != 0 {
		who = "para " + closing.PsychologistName
	}
	return clinic.Errorf(clinic.ErrLocked, "O mês %s está fechado %s. "+
		"Para alterar presenças ou pagamentos desse mês, peça ao "+
		"administrador para reabri-lo em Financeiro › Fechamentos.",
		monthLabel(closing.Month), who)
}

// findClosing returns the closing that locks date for psychologistID, if
// any. A clinic-wide closing wins over a psychologist's own.
func findClosing(ctx context.Context, q querier, date string, psychologistID int64) (Closing, bool, error) {
	if len(date) < 7 {
		return Closing{}, false, fmt.Errorf("sqlite: check month: bad date %q", date)
	}
	var c Closing
	err := q.QueryRowContext(ctx, `SELECT mc.id, mc.month,
		coalesce(mc.psychologist_id, 0), coalesce(p.name, '')
		FROM month_closings mc
		LEFT JOIN psychologists p ON p.id = mc.psychologist_id
		WHERE mc.month = ?1 AND mc.reopened_at IS NULL
		AND (mc.psychologist_id IS NULL OR mc.psychologist_id = ?2)
		ORDER BY mc.psychologist_id IS NOT NULL, mc.id LIMIT 1`,
		date[:7], psychologistID).Scan(&c.ID, &c.Month, &c.PsychologistID,
		&c.PsychologistName)
	if errors.Is(err, sql.ErrNoRows) {
		return Closing{}, false, nil
	}
	if err != nil {
		return Closing{}, false, fmt.Errorf("sqlite: read month closing: %w", err)
	}
	return c, true, nil
}

// MonthLocked reports whether the month of date is closed for the whole
// clinic or for psychologistID, for pages that hide edit buttons.
func (db *DB) MonthLocked(ctx context.Context, date string, psychologistID int64) (bool, error) {
	_, locked, err := findClosing(ctx, db.read, date, psychologistID)
	return locked, err
}

// CloseMonth closes a month for one psychologist or for the whole clinic
// and returns the closing's id. Closing a month that is already closed for
// the same scope, or for the whole clinic, is a conflict.
func (db *DB) CloseMonth(ctx context.Context, who clinic.Actor, in CloseMonthInput) (int64, error) {
	if who.Role != clinic.RoleAdmin {
		return 0, clinic.Errorf(clinic.ErrForbidden,
			"Só o administrador fecha meses.")
	}
	fe := clinic.FieldErrors{}
	if !validMonth(in.Month) {
		fe.Add("month", "Escolha o mês no formato mm/aaaa.")
	} else if len(in.Today) >= 7 && in.Month > in.Today[:7] {
		fe.Add("month", "Este mês ainda não começou. Feche um mês "+
			"que já terminou ou o mês atual.")
	}
	if err := fe.Err(); err != nil {
		return 0, err
	}
	var id int64
	err := db.WriteTx(ctx, func(tx *sql.Tx) error {
		var psy any
		name := "clínica inteira"
		if in.PsychologistID != 0 {
			psy = in.PsychologistID
			err := tx.QueryRowContext(ctx,
				"SELECT name FROM psychologists WHERE id = ?",
				in.PsychologistID).Scan(&name)
			if errors.Is(err, sql.ErrNoRows) {
				return &clinic.Error{Code: clinic.ErrInvalid,
					Message: "Psicóloga não encontrada.",
					Fields: clinic.FieldErrors{"psychologist_id": "Escolha " +
						"uma psicóloga da lista ou a clínica inteira."}}
			}
			if err != nil {
				return fmt.Errorf("sqlite: read psychologist: %w", err)
			}
		}
		existing, locked, err := findClosing(ctx, tx, in.Month+"-01", in.PsychologistID)
		if err != nil {
			return err
		}
		if locked {
			scope := "para a clínica inteira"
			if existing.PsychologistID != 0 {
				scope = "para " + existing.PsychologistName
			}
			return clinic.Errorf(clinic.ErrConflict,
				"O mês %s já está fechado %s.", monthLabel(in.Month), scope)
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO month_closings
			(month, psychologist_id, closed_at, closed_by)
			VALUES (?, ?, ?, ?)`, in.Month, psy, db.nowText(), nullID(who.UserID))
		if err != nil {
			return fmt.Errorf("sqlite: insert month closing: %w", err)
		}
		id, _ = res.LastInsertId()
		return db.audit(ctx, tx, who, "close_month", "month_closing", id,
			in.Month+" "+name)
	})
	return id, err
}

// ReopenMonth reopens a closing. The reason is required and goes to the
// closing row and to the audit log.
func (db *DB) ReopenMonth(ctx context.Context, who clinic.Actor, closingID int64, reason string) error {
	if who.Role != clinic.RoleAdmin {
		return clinic.Errorf(clinic.ErrForbidden,
			"Só o administrador reabre meses.")
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return &clinic.Error{Code: clinic.ErrInvalid,
			Message: "Informe o motivo da reabertura.",
			Fields: clinic.FieldErrors{"reason": "Diga por que o mês " +
				"precisa ser reaberto; o motivo fica no histórico."}}
	}
	return db.WriteTx(ctx, func(tx *sql.Tx) error {
		var month string
		var reopened sql.NullString
		err := tx.QueryRowContext(ctx, `SELECT month, reopened_at
			FROM month_closings WHERE id = ?`, closingID).Scan(&month, &reopened)
		if errors.Is(err, sql.ErrNoRows) {
			return clinic.Errorf(clinic.ErrNotFound, "Fechamento não encontrado.")
		}
		if err != nil {
			return fmt.Errorf("sqlite: read month closing: %w", err)
		}
		if reopened.Valid {
			return clinic.Errorf(clinic.ErrConflict,
				"Este fechamento de %s já foi reaberto.", monthLabel(month))
		}
		_, err = tx.ExecContext(ctx, `UPDATE month_closings
			SET reopened_at = ?, reopened_by = ?, reopen_reason = ?
			WHERE id = ?`, db.nowText(), nullID(who.UserID), reason, closingID)
		if err != nil {
			return fmt.Errorf("sqlite: reopen month: %w", err)
		}
		return db.audit(ctx, tx, who, "reopen_month", "month_closing",
			closingID, month+": "+reason)
	})
}

// MonthClosings returns every closing, newest month first.
func (db *DB) MonthClosings(ctx context.Context) ([]Closing, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT mc.id, mc.month,
		coalesce(mc.psychologist_id, 0), coalesce(p.name, ''), mc.closed_at,
		coalesce(cu.display_name, ''), coalesce(mc.reopened_at, ''),
		coalesce(ru.display_name, ''), mc.reopen_reason
		FROM month_closings mc
		LEFT JOIN psychologists p ON p.id = mc.psychologist_id
		LEFT JOIN users cu ON cu.id = mc.closed_by
		LEFT JOIN users ru ON ru.id = mc.reopened_by
		ORDER BY mc.month DESC, mc.id DESC`)
	if err != nil {
		return nil, fmt.Errorf("sqlite: list month closings: %w", err)
	}
	defer rows.Close()
	var out []Closing
	for rows.Next() {
		var c Closing
		err := rows.Scan(&c.ID, &c.Month, &c.PsychologistID,
			&c.PsychologistName, &c.ClosedAt, &c.ClosedBy, &c.ReopenedAt,
			&c.ReopenedBy, &c.ReopenReason)
		if err != nil {
			return nil, fmt.Errorf("sqlite: scan month closing: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
