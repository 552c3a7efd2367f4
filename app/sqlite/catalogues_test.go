package sqlite

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"testing"

	"kpsicologia/app/clinic"
)

func TestCataloguesSeeded(t *testing.T) {
	db := mustOpen(t, testNow)
	ctx := context.Background()
	aud, err := db.CatalogueItems(ctx, Audiences)
	if err != nil {
		t.Fatalf("CatalogueItems: %v", err)
	}
	names := map[string]bool{}
	for _, it := range aud {
		names[it.Name] = true
	}
	for _, want := range []string{"Crianças", "Adolescentes", "Adultos", "Casais", "Idosos"} {
		if !names[want] {
			t.Errorf("audience %q missing from %v", want, names)
		}
	}
	spec, _ := db.CatalogueItems(ctx, Specialties)
	if len(spec) == 0 {
		t.Error("no specialties seeded")
	}
}

// A deleted default must not come back when the program starts again,
// because the schema runs on every open.
func TestCatalogueSeedRunsOnce(t *testing.T) {
	db := mustOpen(t, testNow)
	ctx := context.Background()
	aud, _ := db.CatalogueItems(ctx, Audiences)
	for _, it := range aud {
		if err := db.DeleteCatalogueItem(ctx, adminActor, Audiences, it.ID); err != nil {
			t.Fatalf("delete %s: %v", it.Name, err)
		}
	}
	path := db.Path
	db.Close()
	again, err := Open(ctx, path, readSchema(t))
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer again.Close()
	aud, _ = again.CatalogueItems(ctx, Audiences)
	if len(aud) != 0 {
		t.Errorf("audiences after reopen = %v, want none", aud)
	}
}

// A clinic upgraded from version 1, which had no catalogue tables, gets
// the defaults too.
func TestCatalogueSeedOnUpgrade(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	old, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	v1, err := os.ReadFile(filepath.Join("testdata", "v1.sql"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := old.Exec(string(v1)); err != nil {
		t.Fatalf("build version 1 database: %v", err)
	}
	old.Close()
	db, err := Open(context.Background(), path, readSchema(t))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer db.Close()
	if n := registryCount(t, db, "SELECT count(*) FROM audiences"); n != 6 {
		t.Errorf("audiences after upgrade = %d, want 6", n)
	}
}

func TestCatalogueEdit(t *testing.T) {
	db := mustOpen(t, testNow)
	ctx := context.Background()
	id, err := db.AddCatalogueItem(ctx, adminActor, Audiences, "  Gestantes ")
	if err != nil {
		t.Fatalf("add: %v", err)
	}
	_, err = db.AddCatalogueItem(ctx, adminActor, Audiences, "CRIANCAS")
	if clinic.ErrorCode(err) != clinic.ErrConflict || registryFieldError(err, "name") == "" {
		t.Errorf("duplicate ignoring accents: %v", err)
	}
	_, err = db.AddCatalogueItem(ctx, adminActor, Audiences, "")
	if clinic.ErrorCode(err) != clinic.ErrInvalid {
		t.Errorf("blank: %v", err)
	}
	if err := db.RenameCatalogueItem(ctx, adminActor, Audiences, id, "Gestantes e puérperas"); err != nil {
		t.Fatalf("rename: %v", err)
	}
	psy := registryPsychologist(t, db, "Dra. Ana", PsychologistInput{AudienceIDs: []int64{id}})
	items, _ := db.CatalogueItems(ctx, Audiences)
	var found CatalogueItem
	for _, it := range items {
		if it.ID == id {
			found = it
		}
	}
	if found.Name != "Gestantes e puérperas" || found.Uses != 1 {
		t.Errorf("item = %+v", found)
	}
	if err := db.DeleteCatalogueItem(ctx, adminActor, Audiences, id); err != nil {
		t.Fatalf("delete: %v", err)
	}
	p, _ := db.Psychologist(ctx, psy)
	if len(p.Audiences) != 0 {
		t.Errorf("psychologist audiences after delete = %v", p.Audiences)
	}
	err = db.RenameCatalogueItem(ctx, adminActor, Audiences, id, "X")
	if clinic.ErrorCode(err) != clinic.ErrNotFound {
		t.Errorf("rename deleted: %v", err)
	}
	if _, err := ParseCatalogue("users"); clinic.ErrorCode(err) != clinic.ErrNotFound {
		t.Errorf("ParseCatalogue(users) = %v", err)
	}
}
