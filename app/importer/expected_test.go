package importer_test

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"kpsicologia/app/importer"
)

// sampleToday is the reference date of the sample files. The youngest
// accepted patient without a guardian (row 115, born 2007-08-19) is an
// adult only from 2025-08-19 on.
const sampleToday = "2026-12-04"

type expectedFile struct {
	Patients []expectedPatient `json:"patients"`
	Slots    []expectedSlot    `json:"slots"`
}

type expectedPatient struct {
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
}

type expectedSlot struct {
	Row      int    `json:"row"`
	Conflict string `json:"conflict"`
}

func loadExpected(t *testing.T) expectedFile {
	t.Helper()
	data, err := os.ReadFile("testdata/expected.json")
	if err != nil {
		t.Fatal(err)
	}
	var want expectedFile
	if err := json.Unmarshal(data, &want); err != nil {
		t.Fatal(err)
	}
	if len(want.Patients) == 0 || len(want.Slots) == 0 {
		t.Fatal("expected.json has no patients or no slots")
	}
	return want
}

func readSample(t *testing.T, path string) *importer.Workbook {
	t.Helper()
	wb, err := importer.Options{Today: sampleToday}.ReadFile(path)
	if err != nil {
		t.Fatalf("ReadFile(%s): %v", path, err)
	}
	return wb
}

func TestSampleXLSXPatients(t *testing.T) {
	wb := readSample(t, "testdata/clinica.xlsx")
	comparePatients(t, loadExpected(t).Patients, wb.Patients, true)
}

func TestSampleCSVPatients(t *testing.T) {
	wb := readSample(t, "testdata/pacientes.csv")
	if len(wb.Slots) != 0 {
		t.Errorf("CSV gave %d slots, want none", len(wb.Slots))
	}
	for _, p := range wb.Patients {
		if p.Sheet != "pacientes.csv" {
			t.Fatalf("row %d sheet = %q, want the file name", p.Row, p.Sheet)
		}
	}
	comparePatients(t, loadExpected(t).Patients, wb.Patients, false)
}

// comparePatients checks every expected row against the row with the same
// number. The CSV has no sheet names, so checkSheet is false for it.
func comparePatients(t *testing.T, want []expectedPatient, got []importer.PatientRow, checkSheet bool) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("got %d patient rows, want %d", len(got), len(want))
	}
	byRow := map[int]importer.PatientRow{}
	for _, p := range got {
		byRow[p.Row] = p
	}
	for _, w := range want {
		g, ok := byRow[w.Row]
		if !ok {
			t.Errorf("row %d missing", w.Row)
			continue
		}
		if checkSheet && g.Sheet != w.Sheet {
			t.Errorf("row %d sheet = %q, want %q", w.Row, g.Sheet, w.Sheet)
		}
		if g.Accepted != w.Accept {
			t.Errorf("row %d accepted = %v, want %v (code %q: %s)", w.Row, g.Accepted, w.Accept, g.Code, g.Message)
			continue
		}
		if !w.Accept {
			compareRejected(t, w, g)
			continue
		}
		compareAccepted(t, w, g)
	}
}

func compareRejected(t *testing.T, w expectedPatient, g importer.PatientRow) {
	t.Helper()
	if g.Code != w.Reason {
		t.Errorf("row %d code = %q, want %q", w.Row, g.Code, w.Reason)
	}
	if g.DuplicateOf != w.DuplicateOf {
		t.Errorf("row %d duplicate of %d, want %d", w.Row, g.DuplicateOf, w.DuplicateOf)
	}
	if g.Message == "" || g.Column == "" {
		t.Errorf("row %d has no message or column: %q, %q", w.Row, g.Message, g.Column)
	}
	if !strings.Contains(g.Message, g.Column) {
		t.Errorf("row %d message %q does not name column %q", w.Row, g.Message, g.Column)
	}
}

func compareAccepted(t *testing.T, w expectedPatient, g importer.PatientRow) {
	t.Helper()
	if g.Code != "" || g.Message != "" {
		t.Errorf("row %d accepted with code %q and message %q", w.Row, g.Code, g.Message)
	}
	// The importer stores names as typed ("FÁBIO PEREIRA BRANDÃO") and
	// expected.json gives them capitalized, so case is ignored.
	if !strings.EqualFold(g.Name, w.Name) {
		t.Errorf("row %d name = %q, want %q", w.Row, g.Name, w.Name)
	}
	if g.BirthDate != w.BirthDate {
		t.Errorf("row %d birth date = %q, want %q", w.Row, g.BirthDate, w.BirthDate)
	}
	if g.Phone != w.Phone {
		t.Errorf("row %d phone = %q, want %q", w.Row, g.Phone, w.Phone)
	}
	if g.CPF != w.CPF {
		t.Errorf("row %d CPF = %q, want %q", w.Row, g.CPF, w.CPF)
	}
	if g.Guardian != w.Guardian {
		t.Errorf("row %d guardian = %q, want %q", w.Row, g.Guardian, w.Guardian)
	}
	if g.PriceCents != w.PriceCents {
		t.Errorf("row %d price = %d, want %d", w.Row, g.PriceCents, w.PriceCents)
	}
	if g.Frequency != w.Frequency {
		t.Errorf("row %d frequency = %q, want %q", w.Row, g.Frequency, w.Frequency)
	}
}

func TestSampleSlots(t *testing.T) {
	want := loadExpected(t).Slots
	wb := readSample(t, "testdata/clinica.xlsx")
	if len(wb.Slots) != len(want) {
		t.Fatalf("got %d slots, want %d", len(wb.Slots), len(want))
	}
	byRow := map[int]importer.SlotRow{}
	for _, s := range wb.Slots {
		byRow[s.Row] = s
	}
	for _, w := range want {
		g, ok := byRow[w.Row]
		if !ok {
			t.Errorf("slot row %d missing", w.Row)
			continue
		}
		if g.Conflict != w.Conflict {
			t.Errorf("slot row %d conflict = %q, want %q (%s)", w.Row, g.Conflict, w.Conflict, g.Message)
		}
		if g.Accepted != (w.Conflict == "") {
			t.Errorf("slot row %d accepted = %v with conflict %q (code %q: %s)", w.Row, g.Accepted, w.Conflict, g.Code, g.Message)
		}
		if w.Conflict != "" {
			checkConflictRow(t, g, byRow[g.ConflictRow])
		}
	}
}

// checkConflictRow checks that a rejected slot names a kept row that
// really overlaps it on the resource it names.
func checkConflictRow(t *testing.T, s, other importer.SlotRow) {
	t.Helper()
	if s.Code != importer.CodeConflict {
		t.Errorf("slot row %d code = %q, want %q", s.Row, s.Code, importer.CodeConflict)
	}
	if !other.Accepted || other.Row >= s.Row {
		t.Fatalf("slot row %d conflicts with row %d, which is not an earlier kept row", s.Row, s.ConflictRow)
	}
	if other.Weekday != s.Weekday || !overlaps(s, other) {
		t.Errorf("slot row %d does not overlap row %d", s.Row, other.Row)
	}
	if s.Conflict == importer.ConflictPsychologist && !strings.EqualFold(s.Psychologist, other.Psychologist) {
		t.Errorf("slot row %d and row %d have different psychologists", s.Row, other.Row)
	}
	if s.Conflict == importer.ConflictRoom && (s.Room == "" || !strings.EqualFold(s.Room, other.Room)) {
		t.Errorf("slot row %d and row %d have different rooms", s.Row, other.Row)
	}
}

func overlaps(a, b importer.SlotRow) bool {
	start := func(s importer.SlotRow) int {
		hm, err := time.Parse("15:04", s.Start)
		if err != nil {
			return -1
		}
		return hm.Hour()*60 + hm.Minute()
	}
	return start(a) < start(b)+b.Minutes && start(b) < start(a)+a.Minutes
}

func TestSampleSlotValues(t *testing.T) {
	wb := readSample(t, "testdata/clinica.xlsx")
	patients := map[int]importer.PatientRow{}
	for _, p := range wb.Patients {
		patients[p.Row] = p
	}
	for _, s := range wb.Slots {
		if s.Minutes != 50 {
			t.Errorf("slot row %d lasts %d minutes, want 50", s.Row, s.Minutes)
		}
		if s.Frequency != importer.Weekly && s.Frequency != importer.Biweekly {
			t.Errorf("slot row %d frequency = %q", s.Row, s.Frequency)
		}
		if strings.EqualFold(s.Room, "online") {
			t.Errorf("slot row %d keeps Online as a room", s.Row)
		}
		p, ok := patients[s.PatientRow]
		if !ok || !p.Accepted || !strings.EqualFold(p.Name, s.Patient) {
			t.Errorf("slot row %d (%s) links to patient row %d", s.Row, s.Patient, s.PatientRow)
		}
	}
	first := wb.Slots[0] // Fernanda Brandão Gonçalves, sábado 13:50, Sala 1, quinzenal
	if first.Weekday != time.Saturday || first.Start != "13:50" || first.Room != "Sala 1" || first.Frequency != importer.Biweekly {
		t.Errorf("slot row 2 = %+v", first)
	}
}

func TestSamplePartnersAlternate(t *testing.T) {
	wb := readSample(t, "testdata/clinica.xlsx")
	// Rows 2 and 10 are biweekly with the same psychologist, day, time and
	// room, so they must fall on alternate weeks.
	var parities []int
	for _, s := range wb.Slots {
		if s.Row == 2 || s.Row == 10 {
			parities = append(parities, s.Parity)
		}
	}
	if len(parities) != 2 || parities[0] == parities[1] {
		t.Errorf("partner parities = %v, want one 0 and one 1", parities)
	}
}
