package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"kpsicologia/app/clinic"
)

// Helpers shared by the registry's store files: units, rooms, catalogues,
// psychologists and patients.

// valueMessage returns the Portuguese message of a validation error from
// the clinic package, or a generic one for any other error.
func valueMessage(err error) string {
	var ve *clinic.ValueError
	if errors.As(err, &ve) {
		return ve.Message
	}
	return "Valor inválido. Confira o que foi digitado."
}

// addValueError records err's message under field, so a form's fields
// can be parsed one after another and every problem reported at once.
func addValueError(fe clinic.FieldErrors, field string, err error) {
	if err != nil {
		fe.Add(field, valueMessage(err))
	}
}

// limitText adds a message when s is longer than limit characters. The
// limits keep a pasted document out of a name field, not ordinary text.
func limitText(fe clinic.FieldErrors, field, s string, limit int) {
	if utf8.RuneCountInString(s) > limit {
		fe.Add(field, fmt.Sprintf("Use no máximo %d caracteres.", limit))
	}
}

var colorShape = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)

// parseColor returns a "#rrggbb" colour in lower case, or def when s is
// blank.
func parseColor(s, def string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return def, nil
	}
	if !colorShape.MatchString(s) {
		return "", &clinic.ValueError{Code: "invalid colour",
			Message: "Escolha uma cor na paleta ou digite no formato " +
				"#2f6f73."}
	}
	return strings.ToLower(s), nil
}

// parseID reads a picker's value: "" is 0 (nothing chosen); anything
// other than a positive integer is an error.
func parseID(s string) (int64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, &clinic.ValueError{Code: "invalid choice",
			Message: "Escolha uma das opções da lista."}
	}
	return id, nil
}

// isUniqueViolation reports whether err is SQLite's UNIQUE constraint
// failure. The store checks for duplicates before writing; this catches
// a duplicate the checks missed, so it still becomes a clear message.
func isUniqueViolation(err error) bool {
	return err != nil && strings.Contains(err.Error(), "UNIQUE constraint failed")
}

// likePattern returns a LIKE pattern that finds word anywhere in a
// column, with LIKE's wildcards escaped by a backslash (use ESCAPE '\').
func likePattern(word string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(word) + "%"
}

// clinicLocation returns the clinic's time zone from the settings
// (America/Sao_Paulo when unset).
func clinicLocation(ctx context.Context, q querier) (*time.Location, error) {
	var zone string
	err := q.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = ?",
		SettingTimeZone).Scan(&zone)
	if errors.Is(err, sql.ErrNoRows) || zone == "" {
		zone = "America/Sao_Paulo"
	} else if err != nil {
		return nil, fmt.Errorf("sqlite: read time zone: %w", err)
	}
	loc, err := time.LoadLocation(zone)
	if err != nil {
		return nil, fmt.Errorf("sqlite: load time zone %q: %w", zone, err)
	}
	return loc, nil
}

// clinicToday returns the clinic's current date as YYYY-MM-DD.
func (db *DB) clinicToday(ctx context.Context, q querier) (string, error) {
	loc, err := clinicLocation(ctx, q)
	if err != nil {
		return "", err
	}
	return db.Now().In(loc).Format("2006-01-02"), nil
}

// localDate returns the clinic's date (YYYY-MM-DD) of an RFC 3339
// instant, or the text unchanged when it is not one.
func (db *DB) localDate(ctx context.Context, q querier, instant string) (string, error) {
	t, err := time.Parse(time.RFC3339, instant)
	if err != nil {
		return instant, nil
	}
	loc, err := clinicLocation(ctx, q)
	if err != nil {
		return "", err
	}
	return t.In(loc).Format("2006-01-02"), nil
}

// uniqueIDs returns the distinct positive ids in order, so a picker that
// sends an id twice does not insert a duplicate link.
func uniqueIDs(ids []int64) []int64 {
	seen := map[int64]bool{}
	var out []int64
	for _, id := range ids {
		if id > 0 && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// countExisting returns how many of ids exist in table. table is one of
// the store's own constants, never user input.
func countExisting(ctx context.Context, q querier, table string, ids []int64) (int, error) {
	if len(ids) == 0 {
		return 0, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	marks := strings.TrimSuffix(strings.Repeat("?, ", len(ids)), ", ")
	var n int
	err := q.QueryRowContext(ctx, "SELECT count(*) FROM "+table+
		" WHERE id IN ("+marks+")", args...).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("sqlite: check %s ids: %w", table, err)
	}
	return n, nil
}

// sortByFolded sorts list by the accent- and case-folded key, so
// "Ângela" sorts with the A's instead of after "Zélia" as SQLite's
// NOCASE collation would put it.
func sortByFolded[T any](list []T, key func(T) string) {
	slices.SortStableFunc(list, func(a, b T) int {
		return strings.Compare(clinic.Fold(key(a)), clinic.Fold(key(b)))
	})
}
