package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"kpsicologia/app/clinic"
)

// Catalogue names one of the admin-edited lists that describe
// psychologists. Its value is the table name.
type Catalogue string

// The catalogues. schema.sql seeds both once with common values.
const (
	Specialties Catalogue = "specialties"
	Audiences   Catalogue = "audiences"
)

// catalogueInfo holds the SQL names and screen words of one catalogue.
// Table and column names come only from this map, never from a request.
type catalogueInfo struct {
	table     string
	linkTable string
	linkCol   string
	singular  string // "especialidade"
	example   string
}

var catalogues = map[Catalogue]catalogueInfo{
	Specialties: {table: "specialties", linkTable: "psychologist_specialties",
		linkCol: "specialty_id", singular: "especialidade",
		example: "Ansiedade"},
	Audiences: {table: "audiences", linkTable: "psychologist_audiences",
		linkCol: "audience_id", singular: "público",
		example: "Adolescentes"},
}

// ParseCatalogue returns the catalogue named s, or ErrNotFound.
func ParseCatalogue(s string) (Catalogue, error) {
	c := Catalogue(s)
	if _, ok := catalogues[c]; !ok {
		return "", clinic.Errorf(clinic.ErrNotFound, "Lista não encontrada.")
	}
	return c, nil
}

// CatalogueItem is one entry of a catalogue and how many psychologists
// have it.
type CatalogueItem struct {
	ID   int64
	Name string
	Uses int
}

// CatalogueItems returns a catalogue's entries by name.
func (db *DB) CatalogueItems(ctx context.Context, c Catalogue) ([]CatalogueItem, error) {
	info, ok := catalogues[c]
	if !ok {
		return nil, fmt.Errorf("sqlite: unknown catalogue %q", c)
	}
	rows, err := db.read.QueryContext(ctx, `SELECT t.id, t.name,
		(SELECT count(*) FROM `+info.linkTable+` l
		 WHERE l.`+info.linkCol+` = t.id)
		FROM `+info.table+` t ORDER BY t.name`)
	if err != nil {
		return nil, fmt.Errorf("sqlite: list %s: %w", c, err)
	}
	defer rows.Close()
	var out []CatalogueItem
	for rows.Next() {
		var it CatalogueItem
		if err := rows.Scan(&it.ID, &it.Name, &it.Uses); err != nil {
			return nil, fmt.Errorf("sqlite: scan %s: %w", c, err)
		}
		out = append(out, it)
	}
	sortByFolded(out, func(it CatalogueItem) string { return it.Name })
	return out, rows.Err()
}

// CatalogueChoices returns a catalogue's entries for pickers.
func (db *DB) CatalogueChoices(ctx context.Context, c Catalogue) ([]clinic.Choice, error) {
	items, err := db.CatalogueItems(ctx, c)
	if err != nil {
		return nil, err
	}
	out := make([]clinic.Choice, len(items))
	for i, it := range items {
		out[i] = clinic.Choice{ID: it.ID, Name: it.Name}
	}
	return out, nil
}

// parseCatalogueName validates an entry's name and rejects one that
// another entry has, ignoring case and accents.
func parseCatalogueName(ctx context.Context, tx *sql.Tx, info catalogueInfo, name string, self int64) (string, error) {
	name = clinic.NormalizeName(name)
	fe := clinic.FieldErrors{}
	if name == "" {
		fe.Add("name", "Digite o nome da "+info.singular+", por exemplo "+
			info.example+".")
	}
	limitText(fe, "name", name, 80)
	if err := fe.Err(); err != nil {
		return "", err
	}
	rows, err := tx.QueryContext(ctx, "SELECT name FROM "+info.table+
		" WHERE id <> ?", self)
	if err != nil {
		return "", fmt.Errorf("sqlite: check %s name: %w", info.table, err)
	}
	defer rows.Close()
	for rows.Next() {
		var other string
		if err := rows.Scan(&other); err != nil {
			return "", fmt.Errorf("sqlite: scan %s name: %w", info.table, err)
		}
		if clinic.Fold(other) == clinic.Fold(name) {
			return "", &clinic.Error{Code: clinic.ErrConflict,
				Message: other + " já está na lista.",
				Fields: clinic.FieldErrors{"name": other +
					" já está na lista; use outro nome."}}
		}
	}
	return name, rows.Err()
}

// AddCatalogueItem adds an entry to a catalogue and returns its id.
func (db *DB) AddCatalogueItem(ctx context.Context, who clinic.Actor, c Catalogue, name string) (int64, error) {
	info, ok := catalogues[c]
	if !ok {
		return 0, fmt.Errorf("sqlite: unknown catalogue %q", c)
	}
	var id int64
	err := db.WriteTx(ctx, func(tx *sql.Tx) error {
		name, err := parseCatalogueName(ctx, tx, info, name, 0)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, "INSERT INTO "+info.table+
			" (name) VALUES (?)", name)
		if err != nil {
			return fmt.Errorf("sqlite: insert %s: %w", info.table, err)
		}
		if id, err = res.LastInsertId(); err != nil {
			return fmt.Errorf("sqlite: insert %s: %w", info.table, err)
		}
		return db.audit(ctx, tx, who, "create", string(c), id, name)
	})
	return id, err
}

// RenameCatalogueItem changes an entry's name; psychologists who have the
// entry keep it under the new name.
func (db *DB) RenameCatalogueItem(ctx context.Context, who clinic.Actor, c Catalogue, id int64, name string) error {
	info, ok := catalogues[c]
	if !ok {
		return fmt.Errorf("sqlite: unknown catalogue %q", c)
	}
	return db.WriteTx(ctx, func(tx *sql.Tx) error {
		old, err := catalogueName(ctx, tx, info, id)
		if err != nil {
			return err
		}
		name, err := parseCatalogueName(ctx, tx, info, name, id)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, "UPDATE "+info.table+
			" SET name = ? WHERE id = ?", name, id)
		if err != nil {
			return fmt.Errorf("sqlite: rename %s %d: %w", info.table, id, err)
		}
		return db.audit(ctx, tx, who, "rename", string(c), id, old+" -> "+name)
	})
}

// DeleteCatalogueItem removes an entry and takes it off every
// psychologist who had it; the audit log keeps the name and the count.
func (db *DB) DeleteCatalogueItem(ctx context.Context, who clinic.Actor, c Catalogue, id int64) error {
	info, ok := catalogues[c]
	if !ok {
		return fmt.Errorf("sqlite: unknown catalogue %q", c)
	}
	return db.WriteTx(ctx, func(tx *sql.Tx) error {
		name, err := catalogueName(ctx, tx, info, id)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, "DELETE FROM "+info.linkTable+
			" WHERE "+info.linkCol+" = ?", id)
		if err != nil {
			return fmt.Errorf("sqlite: unlink %s %d: %w", info.table, id, err)
		}
		unlinked, _ := res.RowsAffected()
		_, err = tx.ExecContext(ctx, "DELETE FROM "+info.table+
			" WHERE id = ?", id)
		if err != nil {
			return fmt.Errorf("sqlite: delete %s %d: %w", info.table, id, err)
		}
		return db.audit(ctx, tx, who, "delete", string(c), id,
			fmt.Sprintf("%s (removida de %d psicóloga(s))", name, unlinked))
	})
}

func catalogueName(ctx context.Context, tx *sql.Tx, info catalogueInfo, id int64) (string, error) {
	var name string
	err := tx.QueryRowContext(ctx, "SELECT name FROM "+info.table+
		" WHERE id = ?", id).Scan(&name)
	if errors.Is(err, sql.ErrNoRows) {
		return "", clinic.Errorf(clinic.ErrNotFound,
			"Item não encontrado: talvez outra pessoa o tenha excluído.")
	}
	if err != nil {
		return "", fmt.Errorf("sqlite: read %s %d: %w", info.table, id, err)
	}
	return name, nil
}
