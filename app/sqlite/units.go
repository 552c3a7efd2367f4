package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"kpsicologia/app/clinic"
)

// Unit is one of the clinic's addresses (unidade). Units are deactivated,
// never deleted, because rooms, sessions and expenses refer to them.
type Unit struct {
	ID      int64
	Name    string
	Address string
	CEP     string // 8 digits or ""
	Active  bool
	Rooms   []Room // filled by Units only
}

// UnitInput is a unit as typed on its form.
type UnitInput struct {
	Name    string
	Address string
	CEP     string
	Active  bool
}

// parse validates in and returns the unit to store, or an ErrInvalid
// *clinic.Error with one message per form field.
func (in UnitInput) parse() (Unit, error) {
	fe := clinic.FieldErrors{}
	u := Unit{Active: in.Active}
	u.Name = clinic.NormalizeName(in.Name)
	if u.Name == "" {
		fe.Add("name", "Digite o nome da unidade, por exemplo Centro ou "+
			"Unidade Paulista.")
	}
	limitText(fe, "name", u.Name, 100)
	u.Address = clinic.NormalizeName(in.Address)
	limitText(fe, "address", u.Address, 300)
	var err error
	u.CEP, err = clinic.ParseCEP(in.CEP)
	addValueError(fe, "cep", err)
	return u, fe.Err()
}

// Units returns every unit by name, with its rooms (each with its opening
// hours), in three queries whatever the number of units.
func (db *DB) Units(ctx context.Context) ([]Unit, error) {
	var units []Unit
	err := db.ReadTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id, name, address, cep,
			active FROM units ORDER BY active DESC, name COLLATE NOCASE`)
		if err != nil {
			return fmt.Errorf("sqlite: list units: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var u Unit
			err := rows.Scan(&u.ID, &u.Name, &u.Address, &u.CEP, &u.Active)
			if err != nil {
				return fmt.Errorf("sqlite: scan unit: %w", err)
			}
			units = append(units, u)
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("sqlite: list units: %w", err)
		}
		rooms, err := listRooms(ctx, tx, 0)
		if err != nil {
			return err
		}
		for i := range units {
			for _, r := range rooms {
				if r.UnitID == units[i].ID {
					units[i].Rooms = append(units[i].Rooms, r)
				}
			}
		}
		return nil
	})
	return units, err
}

var errUnitNotFound = clinic.Errorf(clinic.ErrNotFound, "Unidade não encontrada.")

// Unit returns one unit without its rooms.
func (db *DB) Unit(ctx context.Context, id int64) (Unit, error) {
	var u Unit
	err := db.read.QueryRowContext(ctx, `SELECT id, name, address, cep,
		active FROM units WHERE id = ?`, id).Scan(&u.ID, &u.Name,
		&u.Address, &u.CEP, &u.Active)
	if errors.Is(err, sql.ErrNoRows) {
		return u, errUnitNotFound
	}
	if err != nil {
		return u, fmt.Errorf("sqlite: read unit %d: %w", id, err)
	}
	return u, nil
}

// UnitChoices returns the active units by name, for pickers.
func (db *DB) UnitChoices(ctx context.Context) ([]clinic.Choice, error) {
	return db.choices(ctx, `SELECT id, name FROM units WHERE active = 1
		ORDER BY name COLLATE NOCASE`)
}

// checkUnitName rejects a name another unit already has, ignoring case
// and accents, because two units called "Centro" and "centro" would be
// indistinguishable in every picker.
func checkUnitName(ctx context.Context, tx *sql.Tx, name string, self int64) error {
	rows, err := tx.QueryContext(ctx,
		"SELECT name FROM units WHERE id <> ?", self)
	if err != nil {
		return fmt.Errorf("sqlite: check unit name: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var other string
		if err := rows.Scan(&other); err != nil {
			return fmt.Errorf("sqlite: scan unit name: %w", err)
		}
		if clinic.Fold(other) == clinic.Fold(name) {
			return &clinic.Error{Code: clinic.ErrConflict,
				Message: "Já existe uma unidade com esse nome.",
				Fields: clinic.FieldErrors{"name": "Já existe a unidade " +
					other + ". Use outro nome."}}
		}
	}
	return rows.Err()
}

// CreateUnit stores a new unit and returns its id.
func (db *DB) CreateUnit(ctx context.Context, who clinic.Actor, in UnitInput) (int64, error) {
	u, err := in.parse()
	if err != nil {
		return 0, err
	}
	var id int64
	err = db.WriteTx(ctx, func(tx *sql.Tx) error {
		if err := checkUnitName(ctx, tx, u.Name, 0); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO units (name, address,
			cep, active) VALUES (?, ?, ?, ?)`, u.Name, u.Address, u.CEP,
			u.Active)
		if err != nil {
			return fmt.Errorf("sqlite: insert unit: %w", err)
		}
		if id, err = res.LastInsertId(); err != nil {
			return fmt.Errorf("sqlite: insert unit: %w", err)
		}
		return db.audit(ctx, tx, who, "create", "unit", id, u.Name)
	})
	return id, err
}

// UpdateUnit replaces a unit's fields.
func (db *DB) UpdateUnit(ctx context.Context, who clinic.Actor, id int64, in UnitInput) error {
	u, err := in.parse()
	if err != nil {
		return err
	}
	return db.WriteTx(ctx, func(tx *sql.Tx) error {
		if err := checkUnitName(ctx, tx, u.Name, id); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE units SET name = ?,
			address = ?, cep = ?, active = ? WHERE id = ?`, u.Name,
			u.Address, u.CEP, u.Active, id)
		if err != nil {
			return fmt.Errorf("sqlite: update unit %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errUnitNotFound
		}
		detail := u.Name
		if !u.Active {
			detail += " (inativa)"
		}
		return db.audit(ctx, tx, who, "update", "unit", id,
			strings.TrimSpace(detail))
	})
}
