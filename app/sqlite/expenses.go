package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"kpsicologia/app/clinic"
)

// Expense is one clinic expense. A deleted expense keeps its row with the
// date, reason and user of the deletion, and counts in no total.
type Expense struct {
	ID            int64
	CategoryID    int64
	CategoryName  string
	UnitID        int64
	UnitName      string
	Date          string
	Description   string
	AmountCents   int64
	CreatedAt     string
	CreatedBy     string
	DeletedAt     string
	DeletedReason string
	DeletedBy     string
}

// Deleted reports whether the expense was deleted.
func (e Expense) Deleted() bool { return e.DeletedAt != "" }

// ExpenseInput is an expense to create or change. Money is in cents.
type ExpenseInput struct {
	CategoryID  int64
	UnitID      int64 // 0 for the whole clinic
	Date        string
	Description string
	AmountCents int64
}

// ExpenseCategory is one entry of the editable category list.
type ExpenseCategory struct {
	ID     int64
	Name   string
	Active bool
	Uses   int
}

func (db *DB) validateExpense(ctx context.Context, tx *sql.Tx, in *ExpenseInput) error {
	fe := clinic.FieldErrors{}
	var active bool
	err := tx.QueryRowContext(ctx,
		"SELECT active FROM expense_categories WHERE id = ?", in.CategoryID).Scan(&active)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !active) {
		fe.Add("category_id", "Escolha uma categoria da lista.")
	} else if err != nil {
		return fmt.Errorf("sqlite: read expense category: %w", err)
	}
	if in.UnitID != 0 {
		var n int
		err := tx.QueryRowContext(ctx, "SELECT count(*) FROM units WHERE id = ?",
			in.UnitID).Scan(&n)
		if err != nil {
			return fmt.Errorf("sqlite: read unit: %w", err)
		}
		if n == 0 {
			fe.Add("unit_id", "Escolha uma unidade da lista ou \"Clínica toda\".")
		}
	}
	if _, err := clinic.ParseDate(in.Date); err != nil {
		fe.Add("date", "Digite a data da despesa, por exemplo 04/12/2026.")
	}
	if in.AmountCents <= 0 {
		fe.Add("amount", "Digite um valor maior que zero, por exemplo 1.200,00.")
	}
	in.Description = strings.TrimSpace(in.Description)
	if len(in.Description) > 500 {
		fe.Add("description", "Use no máximo 500 caracteres.")
	}
	return fe.Err()
}

// CreateExpense stores an expense and returns its id. An expense dated in
// a month closed for the whole clinic is rejected with ErrLocked, because
// that month's result would change.
func (db *DB) CreateExpense(ctx context.Context, who clinic.Actor, in ExpenseInput) (int64, error) {
	var id int64
	err := db.WriteTx(ctx, func(tx *sql.Tx) error {
		if err := db.validateExpense(ctx, tx, &in); err != nil {
			return err
		}
		if err := db.checkMonthOpen(ctx, tx, in.Date, 0); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO expenses (category_id,
			unit_id, date, description, amount_cents, created_at, created_by)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, in.CategoryID, nullID(in.UnitID),
			in.Date, in.Description, in.AmountCents, db.nowText(), nullID(who.UserID))
		if err != nil {
			return fmt.Errorf("sqlite: insert expense: %w", err)
		}
		id, _ = res.LastInsertId()
		return db.audit(ctx, tx, who, "create", "expense", id,
			fmt.Sprintf("%s %d cents category %d", in.Date, in.AmountCents, in.CategoryID))
	})
	return id, err
}

// UpdateExpense changes an expense that is not deleted. Both the old and
// the new date must be in months open for the clinic.
func (db *DB) UpdateExpense(ctx context.Context, who clinic.Actor, id int64, in ExpenseInput) error {
	return db.WriteTx(ctx, func(tx *sql.Tx) error {
		old, err := expenseByID(ctx, tx, id)
		if err != nil {
			return err
		}
		if old.Deleted() {
			return clinic.Errorf(clinic.ErrConflict,
				"Esta despesa foi excluída e não pode ser alterada.")
		}
		if err := db.validateExpense(ctx, tx, &in); err != nil {
			return err
		}
		for _, d := range []string{old.Date, in.Date} {
			if err := db.checkMonthOpen(ctx, tx, d, 0); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, `UPDATE expenses SET category_id = ?,
			unit_id = ?, date = ?, description = ?, amount_cents = ?
			WHERE id = ?`, in.CategoryID, nullID(in.UnitID), in.Date,
			in.Description, in.AmountCents, id)
		if err != nil {
			return fmt.Errorf("sqlite: update expense %d: %w", id, err)
		}
		return db.audit(ctx, tx, who, "update", "expense", id, fmt.Sprintf(
			"was %s %d cents category %d; now %s %d cents category %d",
			old.Date, old.AmountCents, old.CategoryID, in.Date, in.AmountCents,
			in.CategoryID))
	})
}

// DeleteExpense marks an expense deleted with a reason; it stays listed
// as deleted and leaves every total.
func (db *DB) DeleteExpense(ctx context.Context, who clinic.Actor, id int64, reason string) error {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return &clinic.Error{Code: clinic.ErrInvalid,
			Message: "Informe o motivo da exclusão.",
			Fields: clinic.FieldErrors{"reason": "Diga por que a despesa " +
				"está sendo excluída; o motivo fica registrado."}}
	}
	return db.WriteTx(ctx, func(tx *sql.Tx) error {
		e, err := expenseByID(ctx, tx, id)
		if err != nil {
			return err
		}
		if e.Deleted() {
			return clinic.Errorf(clinic.ErrConflict, "Esta despesa já foi excluída.")
		}
		if err := db.checkMonthOpen(ctx, tx, e.Date, 0); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE expenses SET deleted_at = ?,
			deleted_reason = ?, deleted_by = ? WHERE id = ?`,
			db.nowText(), reason, nullID(who.UserID), id)
		if err != nil {
			return fmt.Errorf("sqlite: delete expense %d: %w", id, err)
		}
		return db.audit(ctx, tx, who, "delete", "expense", id, reason)
	})
}

// Expense returns one expense, deleted or not.
func (db *DB) Expense(ctx context.Context, id int64) (Expense, error) {
	return expenseByID(ctx, db.read, id)
}

const expenseColumns = `e.id, e.category_id, ec.name, coalesce(e.unit_id, 0),
	coalesce(un.name, ''), e.date, e.description, e.amount_cents,
	e.created_at, coalesce(cu.display_name, ''), coalesce(e.deleted_at, ''),
	e.deleted_reason, coalesce(du.display_name, '')`

const expenseJoins = ` FROM expenses e
	JOIN expense_categories ec ON ec.id = e.category_id
	LEFT JOIN units un ON un.id = e.unit_id
	LEFT JOIN users cu ON cu.id = e.created_by
	LEFT JOIN users du ON du.id = e.deleted_by`

func scanExpense(row interface{ Scan(...any) error }) (Expense, error) {
	var e Expense
	err := row.Scan(&e.ID, &e.CategoryID, &e.CategoryName, &e.UnitID,
		&e.UnitName, &e.Date, &e.Description, &e.AmountCents, &e.CreatedAt,
		&e.CreatedBy, &e.DeletedAt, &e.DeletedReason, &e.DeletedBy)
	return e, err
}

func expenseByID(ctx context.Context, q querier, id int64) (Expense, error) {
	e, err := scanExpense(q.QueryRowContext(ctx, "SELECT "+expenseColumns+
		expenseJoins+" WHERE e.id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return e, clinic.Errorf(clinic.ErrNotFound, "Despesa não encontrada.")
	}
	if err != nil {
		return e, fmt.Errorf("sqlite: read expense %d: %w", id, err)
	}
	return e, nil
}

// ExpenseFilter selects expenses for the list and the export.
type ExpenseFilter struct {
	From, To       string // YYYY-MM-DD, inclusive
	CategoryID     int64
	UnitID         int64
	IncludeDeleted bool
}

// EachExpense calls fn for every expense in the filter, by date, while
// reading the rows, so an export streams any number of them. It stops at
// fn's first error and returns it. Only an admin may read expenses.
func (x *Reports) EachExpense(ctx context.Context, who clinic.Actor, f ExpenseFilter, fn func(Expense) error) error {
	if err := checkReportRange(f.From, f.To); err != nil {
		return err
	}
	if err := requireAdmin(who); err != nil {
		return err
	}
	query := "SELECT " + expenseColumns + expenseJoins + `
		WHERE e.date BETWEEN ? AND ? AND (? = 0 OR e.category_id = ?)
		AND (? = 0 OR e.unit_id = ?) AND (? OR e.deleted_at IS NULL)
		ORDER BY e.date, e.id`
	args := []any{f.From, f.To, f.CategoryID, f.CategoryID, f.UnitID,
		f.UnitID, f.IncludeDeleted}
	return x.each(ctx, "expenses", query, args, func(rows *sql.Rows) error {
		e, err := scanExpense(rows)
		if err != nil {
			return fmt.Errorf("sqlite: scan expense: %w", err)
		}
		return fn(e)
	})
}

// Expenses returns the expenses in the filter, by date. Only an admin
// may read expenses.
func (db *DB) Expenses(ctx context.Context, who clinic.Actor, f ExpenseFilter) ([]Expense, error) {
	var out []Expense
	err := db.Reports().EachExpense(ctx, who, f, func(e Expense) error {
		out = append(out, e)
		return nil
	})
	return out, err
}

// ExpenseCategories returns every category with how many expenses use it.
func (db *DB) ExpenseCategories(ctx context.Context) ([]ExpenseCategory, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT ec.id, ec.name, ec.active,
		(SELECT count(*) FROM expenses e WHERE e.category_id = ec.id)
		FROM expense_categories ec ORDER BY ec.active DESC, ec.name COLLATE NOCASE`)
	if err != nil {
		return nil, fmt.Errorf("sqlite: list expense categories: %w", err)
	}
	defer rows.Close()
	var out []ExpenseCategory
	for rows.Next() {
		var c ExpenseCategory
		if err := rows.Scan(&c.ID, &c.Name, &c.Active, &c.Uses); err != nil {
			return nil, fmt.Errorf("sqlite: scan expense category: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// SaveExpenseCategory creates a category (id 0) or renames and
// activates or deactivates one, and returns its id. Categories are never
// deleted, so old expenses keep theirs.
func (db *DB) SaveExpenseCategory(ctx context.Context, who clinic.Actor, id int64, name string, active bool) (int64, error) {
	name = clinic.NormalizeName(name)
	if name == "" || len(name) > 60 {
		return 0, &clinic.Error{Code: clinic.ErrInvalid,
			Message: "Informe o nome da categoria.",
			Fields:  clinic.FieldErrors{"name": "Digite um nome de até 60 caracteres."}}
	}
	err := db.WriteTx(ctx, func(tx *sql.Tx) error {
		var dup int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM expense_categories
			WHERE name = ? AND id <> ?`, name, id).Scan(&dup)
		if err == nil {
			return &clinic.Error{Code: clinic.ErrConflict,
				Message: "Já existe uma categoria com esse nome.",
				Fields: clinic.FieldErrors{"name": "Escolha outro nome " +
					"ou reative a categoria existente."}}
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("sqlite: check category name: %w", err)
		}
		if id == 0 {
			res, err := tx.ExecContext(ctx,
				"INSERT INTO expense_categories (name, active) VALUES (?, 1)", name)
			if err != nil {
				return fmt.Errorf("sqlite: insert expense category: %w", err)
			}
			id, _ = res.LastInsertId()
			return db.audit(ctx, tx, who, "create", "expense_category", id, name)
		}
		res, err := tx.ExecContext(ctx, `UPDATE expense_categories
			SET name = ?, active = ? WHERE id = ?`, name, active, id)
		if err != nil {
			return fmt.Errorf("sqlite: update expense category: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return clinic.Errorf(clinic.ErrNotFound, "Categoria não encontrada.")
		}
		return db.audit(ctx, tx, who, "update", "expense_category", id,
			fmt.Sprintf("%s active=%t", name, active))
	})
	return id, err
}

// ExpenseCategoryChoices returns the active categories, for pickers.
func (db *DB) ExpenseCategoryChoices(ctx context.Context) ([]clinic.Choice, error) {
	return db.choices(ctx, `SELECT id, name FROM expense_categories
		WHERE active = 1 ORDER BY name COLLATE NOCASE`)
}

// ExpenseUnitChoices returns the active units by name, for pickers.
func (db *DB) ExpenseUnitChoices(ctx context.Context) ([]clinic.Choice, error) {
	return db.choices(ctx, `SELECT id, name FROM units
		WHERE active = 1 ORDER BY name COLLATE NOCASE`)
}
