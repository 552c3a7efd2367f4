package sqlite

import (
	"context"
	"errors"
	"testing"
	"time"

	"kpsicologia/app/clinic"
)

// registryFieldError returns the message err carries for field, or "".
func registryFieldError(err error, field string) string {
	var ce *clinic.Error
	if errors.As(err, &ce) {
		return ce.Fields[field]
	}
	return ""
}

// registryCount returns the result of a count query.
func registryCount(tb testing.TB, db *DB, query string, args ...any) int {
	tb.Helper()
	var n int
	if err := db.read.QueryRow(query, args...).Scan(&n); err != nil {
		tb.Fatalf("count %q: %v", query, err)
	}
	return n
}

func registryUnit(tb testing.TB, db *DB, name string) int64 {
	tb.Helper()
	id, err := db.CreateUnit(context.Background(), adminActor,
		UnitInput{Name: name, Address: "Rua A, 1", CEP: "01310-100", Active: true})
	if err != nil {
		tb.Fatalf("CreateUnit %s: %v", name, err)
	}
	return id
}

func TestCreateUnit(t *testing.T) {
	db := mustOpen(t, testNow)
	ctx := context.Background()
	id, err := db.CreateUnit(ctx, adminActor, UnitInput{Name: "  Centro ",
		Address: "Av. Paulista, 1000", CEP: "01310100", Active: true})
	if err != nil {
		t.Fatalf("CreateUnit: %v", err)
	}
	u, err := db.Unit(ctx, id)
	if err != nil {
		t.Fatalf("Unit: %v", err)
	}
	if u.Name != "Centro" || u.CEP != "01310100" || !u.Active {
		t.Errorf("unit = %+v", u)
	}
	if n := registryCount(t, db, "SELECT count(*) FROM audit_log WHERE entity = 'unit' AND entity_id = ?", id); n != 1 {
		t.Errorf("audit entries = %d, want 1", n)
	}
}

func TestCreateUnitInvalid(t *testing.T) {
	db := mustOpen(t, testNow)
	ctx := context.Background()
	registryUnit(t, db, "Centro")
	tests := []struct {
		name  string
		in    UnitInput
		field string
		code  string
	}{
		{"blank name", UnitInput{Name: " "}, "name", clinic.ErrInvalid},
		{"bad cep", UnitInput{Name: "Sul", CEP: "1234"}, "cep", clinic.ErrInvalid},
		{"duplicate folded", UnitInput{Name: "CENTRO"}, "name", clinic.ErrConflict},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := db.CreateUnit(ctx, adminActor, tt.in)
			if clinic.ErrorCode(err) != tt.code {
				t.Fatalf("code = %q (%v), want %q", clinic.ErrorCode(err), err, tt.code)
			}
			if registryFieldError(err, tt.field) == "" {
				t.Errorf("no message for %s: %v", tt.field, err)
			}
		})
	}
	if n := registryCount(t, db, "SELECT count(*) FROM units"); n != 1 {
		t.Errorf("units = %d, want 1", n)
	}
}

func TestUpdateUnit(t *testing.T) {
	db := mustOpen(t, testNow)
	ctx := context.Background()
	id := registryUnit(t, db, "Centro")
	err := db.UpdateUnit(ctx, adminActor, id, UnitInput{Name: "Centro Novo",
		CEP: "", Active: false})
	if err != nil {
		t.Fatalf("UpdateUnit: %v", err)
	}
	u, _ := db.Unit(ctx, id)
	if u.Name != "Centro Novo" || u.CEP != "" || u.Active {
		t.Errorf("unit = %+v", u)
	}
	// Keeping its own name is not a duplicate.
	if err := db.UpdateUnit(ctx, adminActor, id, UnitInput{Name: "centro novo"}); err != nil {
		t.Errorf("rename to own name: %v", err)
	}
	err = db.UpdateUnit(ctx, adminActor, 999, UnitInput{Name: "X"})
	if clinic.ErrorCode(err) != clinic.ErrNotFound {
		t.Errorf("missing unit: %v", err)
	}
}

func TestUnitsWithRooms(t *testing.T) {
	db := mustOpen(t, testNow)
	ctx := context.Background()
	a := registryUnit(t, db, "Zona Sul")
	b := registryUnit(t, db, "Centro")
	registryRoom(t, db, a, "Sala 1")
	registryRoom(t, db, a, "Sala 2")
	registryRoom(t, db, b, "Sala A")
	units, err := db.Units(ctx)
	if err != nil {
		t.Fatalf("Units: %v", err)
	}
	if len(units) != 2 || units[0].Name != "Centro" {
		t.Fatalf("units = %+v", units)
	}
	if len(units[0].Rooms) != 1 || len(units[1].Rooms) != 2 {
		t.Errorf("rooms per unit = %d, %d", len(units[0].Rooms), len(units[1].Rooms))
	}
	if units[1].Rooms[0].Hours[time.Saturday].Closes != "12:00" {
		t.Errorf("saturday hours = %+v", units[1].Rooms[0].Hours[time.Saturday])
	}
}
