package main

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kpsicologia/app/lockfile"
	"kpsicologia/app/sqlite"
)

// importExpected is app/importer/testdata/expected.json: the verdict and
// the normalized values of every row of the two sample files.
type importExpected struct {
	Patients []struct {
		Sheet       string `json:"sheet"`
		Row         int    `json:"row"`
		Accept      bool   `json:"accept"`
		Reason      string `json:"reason"`
		DuplicateOf int    `json:"duplicate_of"`
		Name        string `json:"name"`
		BirthDate   string `json:"birth_date"`
		Phone       string `json:"phone_digits"`
		CPF         string `json:"cpf_digits"`
		Guardian    string `json:"guardian"`
		PriceCents  int64  `json:"price_cents"`
		Frequency   string `json:"frequency"`
	} `json:"patients"`
	Slots []struct {
		Row      int    `json:"row"`
		Conflict string `json:"conflict"`
	} `json:"slots"`
}

func loadImportExpected(t *testing.T) importExpected {
	t.Helper()
	data, err := os.ReadFile("app/importer/testdata/expected.json")
	if err != nil {
		t.Fatal(err)
	}
	var want importExpected
	if err := json.Unmarshal(data, &want); err != nil {
		t.Fatal(err)
	}
	if len(want.Patients) == 0 || len(want.Slots) == 0 {
		t.Fatal("expected.json has no patients or no slots")
	}
	return want
}

// importJSONLine is the part of a line of `import -json` the tests read.
type importJSONLine struct {
	Kind        string `json:"kind"`
	Sheet       string `json:"sheet"`
	Row         int    `json:"row"`
	Accepted    bool   `json:"accepted"`
	Reason      string `json:"reason"`
	Message     string `json:"message"`
	DuplicateOf int    `json:"duplicate_of"`
	Name        string `json:"name"`
	BirthDate   string `json:"birth_date"`
	Phone       string `json:"phone_digits"`
	CPF         string `json:"cpf_digits"`
	Guardian    string `json:"guardian"`
	PriceCents  *int64 `json:"price_cents"`
	Frequency   string `json:"frequency"`
	PatientID   int64  `json:"patient_id"`
	Conflict    string `json:"conflict"`
	SeriesID    int64  `json:"series_id"`

	ExistingPatientID int64 `json:"existing_patient_id"`
}

// runImportJSON runs `kpsicologia import -json` and returns its lines by
// kind and row.
func runImportJSON(t *testing.T, args ...string) (patients, slots map[int]importJSONLine, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	getenv := func(string) string { return "" }
	err := run(context.Background(), append([]string{"import", "-json"}, args...), getenv, &out, &errOut)
	if err != nil {
		t.Fatalf("import %v: %v\n%s", args, err, errOut.String())
	}
	patients, slots = map[int]importJSONLine{}, map[int]importJSONLine{}
	sc := bufio.NewScanner(&out)
	for sc.Scan() {
		var line importJSONLine
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			t.Fatalf("line %q is not one JSON object: %v", sc.Text(), err)
		}
		target := patients
		if line.Kind == "slot" {
			target = slots
		}
		if _, dup := target[line.Row]; dup {
			t.Fatalf("%s row %d printed twice", line.Kind, line.Row)
		}
		target[line.Row] = line
	}
	return patients, slots, errOut.String()
}

// storedPatient is a patients row read back after an import.
type storedPatient struct {
	name, birth, phone, cpf, guardian, frequency string
	price                                        int64
}

func readStoredPatients(t *testing.T, dataDir string) map[int64]storedPatient {
	t.Helper()
	db := openImportedDB(t, dataDir)
	rows, err := db.Read().Query(`SELECT id, name, birth_date, phone, cpf,
		guardian_name, frequency, price_cents FROM patients`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[int64]storedPatient{}
	for rows.Next() {
		var id int64
		var p storedPatient
		if err := rows.Scan(&id, &p.name, &p.birth, &p.phone, &p.cpf, &p.guardian,
			&p.frequency, &p.price); err != nil {
			t.Fatal(err)
		}
		out[id] = p
	}
	return out
}

func openImportedDB(t *testing.T, dataDir string) *sqlite.DB {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(dataDir, "kpsicologia.db"), schemaSQL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// tableCounts returns the number of rows of every table an import writes.
func tableCounts(t *testing.T, dataDir string) map[string]int {
	t.Helper()
	db := openImportedDB(t, dataDir)
	counts := map[string]int{}
	for _, table := range []string{"patients", "psychologists", "units", "rooms",
		"room_hours", "series", "sessions", "imports", "audit_log"} {
		var n int
		if err := db.Read().QueryRow("SELECT count(*) FROM " + table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		counts[table] = n
	}
	db.Close()
	return counts
}

func TestImportCommandSamples(t *testing.T) {
	want := loadImportExpected(t)
	for _, file := range []string{"clinica.xlsx", "pacientes.csv"} {
		t.Run(file, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join("app", "importer", "testdata", file)
			patients, slots, _ := runImportJSON(t, "-data", dir, path)

			if len(patients) != len(want.Patients) {
				t.Errorf("%d patient lines, want %d", len(patients), len(want.Patients))
			}
			stored := readStoredPatients(t, dir)
			accepted := 0
			for _, w := range want.Patients {
				got, ok := patients[w.Row]
				if !ok {
					t.Errorf("patient row %d missing", w.Row)
					continue
				}
				if file == "clinica.xlsx" && got.Sheet != w.Sheet {
					t.Errorf("row %d sheet = %q, want %q", w.Row, got.Sheet, w.Sheet)
				}
				if got.Accepted != w.Accept || got.Reason != w.Reason || got.DuplicateOf != w.DuplicateOf {
					t.Errorf("row %d = accepted %v reason %q duplicate of %d, want %v %q %d (%s)",
						w.Row, got.Accepted, got.Reason, got.DuplicateOf, w.Accept, w.Reason, w.DuplicateOf, got.Message)
					continue
				}
				if !w.Accept {
					if got.Message == "" || got.PatientID != 0 {
						t.Errorf("rejected row %d: message %q, patient id %d", w.Row, got.Message, got.PatientID)
					}
					continue
				}
				accepted++
				if got.PriceCents == nil || got.Name != w.Name || got.BirthDate != w.BirthDate ||
					got.Phone != w.Phone || got.CPF != w.CPF || got.Guardian != w.Guardian ||
					*got.PriceCents != w.PriceCents || got.Frequency != w.Frequency {
					t.Errorf("row %d printed %+v, want %+v", w.Row, got, w)
				}
				db, ok := stored[got.PatientID]
				if !ok {
					t.Errorf("row %d: patient %d not stored", w.Row, got.PatientID)
					continue
				}
				wantStored := storedPatient{name: w.Name, birth: w.BirthDate, phone: w.Phone,
					cpf: w.CPF, guardian: w.Guardian, frequency: w.Frequency, price: w.PriceCents}
				if db != wantStored {
					t.Errorf("row %d stored %+v, want %+v", w.Row, db, wantStored)
				}
			}
			if len(stored) != accepted {
				t.Errorf("%d patients stored, want %d", len(stored), accepted)
			}

			if file == "pacientes.csv" {
				if len(slots) != 0 {
					t.Errorf("CSV printed %d agenda lines", len(slots))
				}
				return
			}
			compareImportSlots(t, want, slots)
		})
	}
}

func compareImportSlots(t *testing.T, want importExpected, slots map[int]importJSONLine) {
	t.Helper()
	if len(slots) != len(want.Slots) {
		t.Errorf("%d agenda lines, want %d", len(slots), len(want.Slots))
	}
	for _, w := range want.Slots {
		got, ok := slots[w.Row]
		if !ok {
			t.Errorf("agenda row %d missing", w.Row)
			continue
		}
		if got.Accepted != (w.Conflict == "") || got.Conflict != w.Conflict {
			t.Errorf("agenda row %d accepted %v conflict %q, want conflict %q (%s)",
				w.Row, got.Accepted, got.Conflict, w.Conflict, got.Message)
		}
		if got.Accepted && (got.SeriesID == 0 || got.PatientID == 0) {
			t.Errorf("agenda row %d imported without series or patient: %+v", w.Row, got)
		}
		if !got.Accepted && (got.Reason != "schedule conflict" || got.SeriesID != 0) {
			t.Errorf("agenda row %d rejected with %q, series %d", w.Row, got.Reason, got.SeriesID)
		}
	}
}

func TestImportCommandTwice(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join("app", "importer", "testdata", "clinica.xlsx")
	first, _, _ := runImportJSON(t, "-data", dir, path)
	before := tableCounts(t, dir)
	if before["patients"] == 0 || before["series"] == 0 || before["audit_log"] != 1 {
		t.Fatalf("first import wrote %v", before)
	}

	for _, file := range []string{"clinica.xlsx", "pacientes.csv"} {
		patients, slots, stderr := runImportJSON(t, "-data", dir, filepath.Join("app", "importer", "testdata", file))
		for row, p := range patients {
			if p.Accepted {
				t.Errorf("%s row %d imported again", file, row)
			}
			if first[row].Accepted && (p.ExistingPatientID != first[row].PatientID ||
				!strings.HasPrefix(p.Reason, "duplicate of an existing patient")) {
				t.Errorf("%s row %d: reason %q, existing %d, want a duplicate of patient %d",
					file, row, p.Reason, p.ExistingPatientID, first[row].PatientID)
			}
			if !first[row].Accepted && p.Reason != first[row].Reason {
				t.Errorf("%s row %d: reason %q, want the first import's %q", file, row, p.Reason, first[row].Reason)
			}
		}
		for row, s := range slots {
			if s.Accepted || s.Conflict == "" {
				t.Errorf("%s agenda row %d: accepted %v conflict %q", file, row, s.Accepted, s.Conflict)
			}
		}
		if !strings.Contains(stderr, "Nothing was imported") {
			t.Errorf("%s: totals %q", file, stderr)
		}
		if after := tableCounts(t, dir); !equalCounts(after, before) {
			t.Errorf("%s second import changed the database: %v, was %v", file, after, before)
		}
	}
}

func equalCounts(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func TestImportCommandDryRun(t *testing.T) {
	dir := t.TempDir()
	var out bytes.Buffer
	getenv := func(string) string { return "" }
	err := run(context.Background(), []string{"import", "-data", dir, "-dry-run",
		filepath.Join("app", "importer", "testdata", "clinica.xlsx")}, getenv, &out, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Dry run, nothing was written: 97 patients and 78 series",
		"Dra. Marina Tavares: new, created as Marina Tavares",
		"Pacientes row 6: invalid CPF check digits", "Agenda row 77: schedule conflict"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
	counts := tableCounts(t, dir)
	for table, n := range counts {
		if n != 0 {
			t.Errorf("dry run wrote %d rows in %s", n, table)
		}
	}
}

func TestImportCommandErrors(t *testing.T) {
	getenv := func(string) string { return "" }
	dir := t.TempDir()
	notSheet := filepath.Join(t.TempDir(), "notas.csv")
	os.WriteFile(notSheet, []byte("qualquer coisa\nsem títulos\n"), 0o600)
	oldExcel := filepath.Join(t.TempDir(), "antiga.xls")
	os.WriteFile(oldExcel, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0}, 0o600)

	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no file", []string{"import", "-data", dir}, "exactly one spreadsheet FILE"},
		{"missing file", []string{"import", "-data", dir, filepath.Join(dir, "nada.xlsx")}, "no such file"},
		{"no header", []string{"import", "-data", dir, notSheet}, "cannot read"},
		{"old excel", []string{"import", "-data", dir, oldExcel}, "formato antigo do Excel"},
		{"unknown unit", []string{"import", "-data", dir, "-unit", "Centro", "-dry-run",
			filepath.Join("app", "importer", "testdata", "clinica.xlsx")}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := run(context.Background(), tt.args, getenv, io.Discard, io.Discard)
			if tt.want == "" {
				if err != nil {
					t.Errorf("error %v; a clinic without units takes -unit as the new unit's name", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestImportCommandLocked(t *testing.T) {
	dir := t.TempDir()
	lock, err := lockfile.Acquire(filepath.Join(dir, "kpsicologia.lock"))
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Unlock()
	getenv := func(string) string { return "" }
	err = run(context.Background(), []string{"import", "-data", dir,
		filepath.Join("app", "importer", "testdata", "pacientes.csv")}, getenv, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "KPsicologia is running") {
		t.Errorf("import while the server runs: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "kpsicologia.db")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the database was opened while locked: %v", err)
	}
}

func TestImportCommandUnit(t *testing.T) {
	dir := t.TempDir()
	getenv := func(string) string { return "" }
	path := filepath.Join("app", "importer", "testdata", "clinica.xlsx")
	if err := run(context.Background(), []string{"import", "-data", dir, "-unit", "Centro", path},
		getenv, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	db := openImportedDB(t, dir)
	var units, rooms int
	var name string
	err := db.Read().QueryRow(`SELECT count(DISTINCT u.id), count(r.id), min(u.name)
		FROM units u JOIN rooms r ON r.unit_id = u.id`).Scan(&units, &rooms, &name)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		t.Fatal(err)
	}
	if units != 1 || rooms != 5 || name != "Centro" {
		t.Errorf("units %d rooms %d name %q, want the 5 rooms in a new unit Centro", units, rooms, name)
	}
	db.Close()

	// With units in the clinic, -unit must name one of them.
	err = run(context.Background(), []string{"import", "-data", dir, "-unit", "Zona Sul", path},
		getenv, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "Centro") {
		t.Errorf("unknown unit error = %v, want the list of units", err)
	}
}
