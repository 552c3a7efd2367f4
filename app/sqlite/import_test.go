package sqlite

import (
	"context"
	"errors"
	"os"
	"strings"
	"sync"
	"testing"

	"kpsicologia/app/clinic"
	"kpsicologia/app/importer"
)

// The fixed clock (testNow) is Friday 2026-12-04, so an imported series
// on a Monday starts on 2026-12-07.

func importFixturePsychologist(tb testing.TB, db *DB, name string, active bool) int64 {
	tb.Helper()
	id, err := db.CreatePsychologist(context.Background(), adminActor,
		PsychologistInput{Name: name, PayoutShare: "50", Active: active})
	if err != nil {
		tb.Fatalf("CreatePsychologist %s: %v", name, err)
	}
	return id
}

func importFixturePatient(tb testing.TB, db *DB, name, birth, cpf string) int64 {
	tb.Helper()
	id, err := db.CreatePatient(context.Background(), adminActor, PatientInput{
		Name: name, BirthDate: birth, CPF: cpf, Phone: "(11) 98765-4321",
		Price: "150,00", Frequency: "weekly"})
	if err != nil {
		tb.Fatalf("CreatePatient %s: %v", name, err)
	}
	return id
}

func importFixtureRoom(tb testing.TB, db *DB, unitID int64, name string) int64 {
	tb.Helper()
	id, err := db.CreateRoom(context.Background(), adminActor, RoomInput{
		UnitID: unitID, Name: name, Active: true, Hours: DefaultRoomHours()})
	if err != nil {
		tb.Fatalf("CreateRoom %s: %v", name, err)
	}
	return id
}

func importFixtureUnit(tb testing.TB, db *DB, name string) int64 {
	tb.Helper()
	id, err := db.CreateUnit(context.Background(), adminActor, UnitInput{Name: name, Active: true})
	if err != nil {
		tb.Fatalf("CreateUnit %s: %v", name, err)
	}
	return id
}

// importFixtureSeries stores a series whose sessions exist as rows until
// materialized (inclusive), like the scheduling area keeps them.
func importFixtureSeries(tb testing.TB, db *DB, patientID, psyID, roomID int64,
	freq clinic.Frequency, anchor, starts, materialized string) int64 {
	tb.Helper()
	var room any
	if roomID != 0 {
		room = roomID
	}
	a := clinic.MustDate(anchor)
	id := mustExec(tb, db, `INSERT INTO series (patient_id, psychologist_id,
		room_id, weekday, starts, minutes, frequency, anchor_date,
		materialized_until, created_at) VALUES (?, ?, ?, ?, ?, 50, ?, ?, ?, ?)`,
		patientID, psyID, room, int(a.Weekday()), starts, string(freq), anchor,
		materialized, testNow.Format("2006-01-02T15:04:05Z"))
	rec := clinic.Recurrence{Anchor: a, Frequency: freq, Start: clinic.MustClock(starts), Minutes: 50}
	for _, d := range rec.Occurrences(a, clinic.MustDate(materialized)) {
		importFixtureSession(tb, db, id, patientID, psyID, roomID, d.String(), starts, "scheduled")
	}
	return id
}

func importFixtureSession(tb testing.TB, db *DB, seriesID, patientID, psyID, roomID int64,
	date, starts, status string) {
	tb.Helper()
	var series, occurrence, room any
	kind := "one_off"
	if seriesID != 0 {
		series, occurrence, kind = seriesID, date, "series"
	}
	if roomID != 0 {
		room = roomID
	}
	start := int(clinic.MustClock(starts))
	mustExec(tb, db, `INSERT INTO sessions (series_id, occurrence_date,
		patient_id, psychologist_id, room_id, kind, date, start_min, end_min,
		status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', '')`,
		series, occurrence, patientID, psyID, room, kind, date, start, start+50, status)
}

func importCount(tb testing.TB, db *DB, query string, args ...any) int {
	tb.Helper()
	var n int
	if err := db.read.QueryRow(query, args...).Scan(&n); err != nil {
		tb.Fatalf("%s: %v", query, err)
	}
	return n
}

// importTableCounts counts the rows of every table an import may write.
func importTableCounts(tb testing.TB, db *DB) map[string]int {
	tb.Helper()
	counts := map[string]int{}
	for _, table := range []string{"patients", "psychologists", "units", "rooms",
		"room_hours", "series", "sessions", "imports", "audit_log"} {
		counts[table] = importCount(tb, db, "SELECT count(*) FROM "+table)
	}
	return counts
}

func importCSV(lines ...string) ImportRequest {
	return ImportRequest{FileName: "planilha.csv",
		Data: []byte(strings.Join(lines, "\n") + "\n"), Token: "token-1"}
}

func mustImport(tb testing.TB, db *DB, req ImportRequest) *ImportReport {
	tb.Helper()
	rep, err := db.Import(context.Background(), adminActor, req)
	if err != nil {
		tb.Fatalf("Import: %v", err)
	}
	return rep
}

func mustPreview(tb testing.TB, db *DB, req ImportRequest) *ImportReport {
	tb.Helper()
	rep, err := db.PreviewImport(context.Background(), req)
	if err != nil {
		tb.Fatalf("PreviewImport: %v", err)
	}
	return rep
}

func importSample(tb testing.TB, name string) ImportRequest {
	tb.Helper()
	data, err := os.ReadFile("../importer/testdata/" + name)
	if err != nil {
		tb.Fatal(err)
	}
	return ImportRequest{FileName: name, Data: data, Token: "sample-" + name}
}

func TestImportPersonName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"FÁBIO PEREIRA BRANDÃO", "Fábio Pereira Brandão"},
		{"ícaro lima carvalho", "Ícaro Lima Carvalho"},
		{"MARIA DA SILVA E SOUZA", "Maria da Silva e Souza"},
		{"DA SILVA JOÃO", "Da Silva João"},
		{"LUCAS D'ÁVILA DIAS", "Lucas D'Ávila Dias"},
		{"  ana   lima ", "Ana Lima"},
		{"Maria da Silva", "Maria da Silva"},
		{"João McDonald", "João McDonald"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := importPersonName(tt.in); got != tt.want {
			t.Errorf("importPersonName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestImportPreviewWritesNothing(t *testing.T) {
	db := mustOpen(t, testNow)
	before := importTableCounts(t, db)
	rep := mustPreview(t, db, importSample(t, "clinica.xlsx"))
	if rep.Counts.Patients != 97 || rep.Counts.Slots != 78 || rep.ID != 0 {
		t.Errorf("preview counts %+v, id %d", rep.Counts, rep.ID)
	}
	if rep.Counts.PsychologistsCreated != 6 || rep.Counts.RoomsCreated != 5 || !rep.Counts.UnitCreated {
		t.Errorf("preview would create %+v, want 6 psychologists, 5 rooms and a unit", rep.Counts)
	}
	after := importTableCounts(t, db)
	for table, n := range after {
		if n != before[table] {
			t.Errorf("preview changed %s from %d to %d rows", table, before[table], n)
		}
	}
}

func TestImportSampleWrites(t *testing.T) {
	db := mustOpen(t, testNow)
	rep := mustImport(t, db, importSample(t, "clinica.xlsx"))

	counts := importTableCounts(t, db)
	want := map[string]int{"patients": 97, "psychologists": 6, "units": 1,
		"rooms": 5, "series": 78, "imports": 1, "audit_log": 1}
	for table, n := range want {
		if counts[table] != n {
			t.Errorf("%s has %d rows, want %d", table, counts[table], n)
		}
	}
	if counts["sessions"] != rep.Counts.Sessions || rep.Counts.Sessions == 0 {
		t.Errorf("sessions: %d rows, report says %d", counts["sessions"], rep.Counts.Sessions)
	}
	entries, err := db.AuditLog(context.Background(), "", 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Action != "import" || entries[0].EntityID != rep.ID ||
		!strings.Contains(entries[0].Detail, "clinica.xlsx: 97 pacientes e 78 horários") {
		t.Errorf("audit = %+v", entries)
	}

	bySheetRow := map[int]ImportAgendaRow{}
	for _, s := range rep.Slots {
		bySheetRow[s.Row] = s
	}
	// Rows 2 and 10 are biweekly partners: one week apart.
	a, b := bySheetRow[2], bySheetRow[10]
	da, db2 := clinic.MustDate(a.Anchor), clinic.MustDate(b.Anchor)
	if diff := da.DaysUntil(db2); diff != 7 && diff != -7 {
		t.Errorf("partners start on %s and %s, want one week apart", a.Anchor, b.Anchor)
	}
	if a.Anchor != "2026-12-05" && b.Anchor != "2026-12-05" {
		t.Errorf("partners start on %s and %s, want one on Saturday 2026-12-05", a.Anchor, b.Anchor)
	}

	for _, s := range rep.Slots {
		if !s.Accepted {
			continue
		}
		var modality, anchor, freq string
		var room *int64
		var patientID int64
		err := db.read.QueryRow(`SELECT modality, room_id, anchor_date, frequency,
			patient_id FROM series WHERE id = ?`, s.SeriesID).Scan(&modality, &room,
			&anchor, &freq, &patientID)
		if err != nil {
			t.Fatalf("series of row %d: %v", s.Row, err)
		}
		if s.Online != (modality == "online") || s.Online != (room == nil) ||
			anchor != s.Anchor || freq != s.Frequency || patientID != s.PatientID {
			t.Errorf("row %d stored modality %s room %v anchor %s freq %s patient %d, report %+v",
				s.Row, modality, room, anchor, freq, patientID, s)
		}
		first := clinic.MustDate(s.Anchor)
		if first.Weekday() != s.Weekday || first.Before(clinic.MustDate("2026-12-04")) ||
			first.After(clinic.MustDate("2026-12-17")) {
			t.Errorf("row %d (%s) starts on %s", s.Row, s.Weekday, s.Anchor)
		}
	}
}

func TestImportSessions(t *testing.T) {
	db := mustOpen(t, testNow)
	// A CSV holds one table, so the patient is registered first and the
	// agenda links to her by name.
	importFixturePatient(t, db, "Ana Lima", "", "")
	rep := mustImport(t, db, importCSV(
		"Paciente;Psicóloga;Dia;Horário;Sala;Frequência",
		"ana lima;Dra. Lia Matos;sexta;08:00;Sala Azul;S",
		"Ana Lima;Dra. Lia Matos;sábado;07:00;Sala Azul;Q",
	))
	if rep.Counts.Slots != 2 {
		t.Fatalf("slots %+v", rep.Slots)
	}
	// The sessions exist as rows up to the scheduling area's horizon,
	// each at the patient's price.
	horizon, err := db.Horizon(context.Background())
	if err != nil || horizon == "" {
		t.Fatalf("horizon %q, %v", horizon, err)
	}
	for _, s := range rep.Slots {
		rec := clinic.Recurrence{Anchor: clinic.MustDate(s.Anchor),
			Frequency: clinic.Frequency(s.Frequency), Start: clinic.MustClock(s.Start), Minutes: 50}
		want := len(rec.Occurrences(rec.Anchor, clinic.MustDate(horizon)))
		var total, priced int
		var materialized string
		err := db.read.QueryRow(`SELECT count(*), sum(price_cents = 15000),
			(SELECT materialized_until FROM series WHERE id = ?1)
			FROM sessions WHERE series_id = ?1`, s.SeriesID).Scan(&total, &priced, &materialized)
		if err != nil {
			t.Fatal(err)
		}
		if total != want || priced != want || s.Sessions != want || materialized != horizon {
			t.Errorf("row %d: %d sessions (%d priced, report %d) materialized until %s; want %d until %s",
				s.Row, total, priced, s.Sessions, materialized, want, horizon)
		}
	}
	if rep.Slots[0].Anchor != "2026-12-04" || rep.Slots[1].Anchor != "2026-12-05" {
		t.Errorf("anchors %s and %s, want the next Friday and Saturday from 2026-12-04",
			rep.Slots[0].Anchor, rep.Slots[1].Anchor)
	}

	// The new room opens early enough on Saturday for the 07:00 session
	// and closes at the usual time.
	var opens, closes string
	db.read.QueryRow(`SELECT h.opens, h.closes FROM room_hours h JOIN rooms r
		ON r.id = h.room_id WHERE r.name = 'Sala Azul' AND h.weekday = 6`).Scan(&opens, &closes)
	if opens != "07:00" || closes != "12:00" {
		t.Errorf("Saturday hours %s-%s, want 07:00-12:00", opens, closes)
	}
}

func TestImportDeletedPatientOffersRestore(t *testing.T) {
	db := mustOpen(t, testNow)
	ctx := context.Background()
	gone := importFixturePatient(t, db, "Ana Lima", "10/05/1980", "529.982.247-25")
	alsoGone := importFixturePatient(t, db, "Bruno Reis", "01/02/1975", "")
	here := importFixturePatient(t, db, "Carla Dias", "03/04/1990", "111.444.777-35")
	for _, id := range []int64{gone, alsoGone} {
		if err := db.DeletePatient(ctx, adminActor, id, "Encerrou o tratamento"); err != nil {
			t.Fatal(err)
		}
	}
	rep := mustPreview(t, db, importCSV(
		"Nome;Data de nascimento;Telefone;CPF",
		"Ana Lima Souza;10/05/1980;11987654321;52998224725",
		"BRUNO REIS;01/02/1975;11987654321;",
		"Carla Dias;03/04/1990;11987654321;",
		"Outra Pessoa;03/04/1991;11987654321;11144477735",
		"Nova Paciente;03/04/1992;11987654321;",
	))
	tests := []struct {
		row      int
		code     string
		existing int64
		deleted  bool
		column   string
	}{
		{2, ImportCodeDeletedCPF, gone, true, "CPF"},
		{3, ImportCodeDeletedPatient, alsoGone, true, "Nome"},
		{4, ImportCodeExistingPatient, here, false, "Nome"},
		{5, ImportCodeExistingCPF, here, false, "CPF"},
		{6, "", 0, false, ""},
	}
	for i, tt := range tests {
		p := rep.Patients[i]
		if p.Row != tt.row || p.Code != tt.code || p.Existing.ID != tt.existing ||
			p.Existing.Deleted() != tt.deleted || p.Column != tt.column {
			t.Errorf("row %d: code %q existing %+v column %q, want %q %d deleted=%v %q",
				p.Row, p.Code, p.Existing, p.Column, tt.code, tt.existing, tt.deleted, tt.column)
		}
		if tt.deleted && (p.Existing.DeletedOn != "2026-12-04" ||
			!strings.Contains(p.Message, "Restaure") || !strings.Contains(p.Message, "04/12/2026")) {
			t.Errorf("row %d does not offer the restore: %q", p.Row, p.Message)
		}
		if tt.code != "" && !strings.Contains(p.Message, `Coluna "`+tt.column+`"`) {
			t.Errorf("row %d message %q does not name the column", p.Row, p.Message)
		}
	}
	if rep.Counts.Patients != 1 || rep.Counts.Existing != 4 {
		t.Errorf("counts %+v", rep.Counts)
	}
	skipped := rep.Summary().Skipped
	if len(skipped) != 4 || skipped[0].ExistingID != gone || !skipped[0].ExistingDeleted {
		t.Errorf("summary skipped %+v", skipped)
	}
}

func TestImportPsychologistTitles(t *testing.T) {
	db := mustOpen(t, testNow)
	marina := importFixturePsychologist(t, db, "Marina Tavares", true)
	cecilia := importFixturePsychologist(t, db, "Cecília Lopes", false)
	importFixturePsychologist(t, db, "Rui Paiva", true)
	importFixturePsychologist(t, db, "RUI PAIVA", true)

	req := importCSV(
		"Nome;Telefone;Psicóloga",
		"Paciente Um;11987654321;Dra. Marina Tavares",
		"Paciente Dois;11987654321;PSICÓLOGA  marina tavares",
		"Paciente Três;11987654321;Psic. Cecilia Lopes",
		"Paciente Quatro;11987654321;Dr. Henrique Sá",
		"Paciente Cinco;11987654321;Dr. Rui Paiva",
		"Paciente Seis;11987654321;",
	)
	rep := mustImport(t, db, req)
	byKey := map[string]ImportPsychologist{}
	for _, p := range rep.Psychologists {
		byKey[p.Key] = p
	}
	if len(rep.Psychologists) != 4 {
		t.Errorf("psychologists %+v, want 4 distinct keys", rep.Psychologists)
	}
	if p := byKey["marina tavares"]; p.MatchID != marina || p.Create || p.Rows != 2 {
		t.Errorf("Marina = %+v, want a match with 2 rows", p)
	}
	if p := byKey["cecilia lopes"]; p.MatchID != cecilia || p.MatchActive {
		t.Errorf("Cecília = %+v, want the inactive match", p)
	}
	if p := byKey["rui paiva"]; !p.Ambiguous || p.MatchID != 0 || p.Create {
		t.Errorf("Rui = %+v, want ambiguous", p)
	}
	henrique := byKey["henrique sa"]
	if henrique.MatchID != 0 || !henrique.Create || henrique.NewName != "Henrique Sá" || henrique.CreatedID == 0 {
		t.Errorf("Henrique = %+v, want created as Henrique Sá", henrique)
	}
	var name string
	db.read.QueryRow("SELECT name FROM psychologists WHERE id = ?", henrique.CreatedID).Scan(&name)
	if name != "Henrique Sá" {
		t.Errorf("created psychologist name %q", name)
	}

	wantPsy := map[string]int64{"Paciente Um": marina, "Paciente Dois": marina,
		"Paciente Três": 0, "Paciente Quatro": henrique.CreatedID, "Paciente Cinco": 0,
		"Paciente Seis": 0}
	for _, p := range rep.Patients {
		var psy *int64
		db.read.QueryRow("SELECT psychologist_id FROM patients WHERE id = ?", p.ID).Scan(&psy)
		got := int64(0)
		if psy != nil {
			got = *psy
		}
		if got != wantPsy[p.Name] {
			t.Errorf("%s has psychologist %d, want %d", p.Name, got, wantPsy[p.Name])
		}
		if wantWarning := p.Name == "Paciente Três" || p.Name == "Paciente Cinco"; wantWarning != (p.Warning != "") {
			t.Errorf("%s warning %q", p.Name, p.Warning)
		}
	}
}

func TestImportAgendaConflicts(t *testing.T) {
	db := mustOpen(t, testNow)
	marina := importFixturePsychologist(t, db, "Marina Tavares", true)
	rui := importFixturePsychologist(t, db, "Rui Paiva", true)
	unit := importFixtureUnit(t, db, "Centro")
	sala1 := importFixtureRoom(t, db, unit, "Sala 1")
	importFixtureRoom(t, db, unit, "Sala 2")
	importFixtureRoom(t, db, unit, "Sala 3")
	ana := importFixturePatient(t, db, "Ana Lima", "", "")
	for _, name := range []string{"Bia Costa", "Caio Reis", "Duda Melo", "Eva Lins",
		"Fabi Rosa", "Gil Souza", "Hugo Nery", "Iara Luz", "Jair Dias"} {
		importFixturePatient(t, db, name, "", "")
	}
	// Ana has a session with Marina every Monday at 14:00 in Sala 1. The
	// sessions exist as rows until 2026-12-21 and as the series after.
	importFixtureSeries(t, db, ana, marina, sala1, clinic.Weekly, "2026-11-02", "14:00", "2026-12-21")
	// Ana also has a session with Rui every other Tuesday at 10:00 from
	// 2026-12-08.
	importFixtureSeries(t, db, ana, rui, 0, clinic.Biweekly, "2026-12-08", "10:00", "2026-12-08")
	// A one-off session on Wednesday 2026-12-30 and a cancelled one on
	// Thursday 2026-12-10.
	importFixtureSession(t, db, 0, ana, rui, 0, "2026-12-30", "09:00", "scheduled")
	importFixtureSession(t, db, 0, ana, rui, 0, "2026-12-10", "09:00", "cancelled_patient")

	req := importCSV(
		"Paciente;Psicóloga;Dia;Horário;Sala;Frequência",
		"Bia Costa;Dra. Marina Tavares;segunda;14:30;Sala 2;S",
		"Caio Reis;Dr. Rui Paiva;segunda;14:00;sala 1;S",
		"Ana Lima;Dr. Rui Paiva;segunda;14:20;Sala 3;S",
		"Duda Melo;Dra. Marina Tavares;segunda;14:50;Sala 1;S",
		"Ana Lima;Dr. Rui Paiva;terça;10:00;Online;Q",
		"Eva Lins;Dr. Rui Paiva;terça;10:00;Online;Q",
		"Fabi Rosa;Dr. Rui Paiva;quarta;09:30;Online;S",
		"Gil Souza;Dr. Rui Paiva;quinta;09:00;Online;S",
		"Hugo Nery;Dr. Rui Paiva;terça;10:00;Online;Q",
		"Iara Luz;Dr. Rui Paiva;terça;10:00;Online;Q",
		"Ninguém Cadastrado;Dr. Rui Paiva;sexta;10:00;Online;S",
	)
	rep := mustImport(t, db, req)
	tests := []struct {
		row      int
		code     string
		conflict string
		date     string
		anchor   string
	}{
		{2, importer.CodeConflict, importer.ConflictPsychologist, "2026-12-07", ""},
		{3, importer.CodeConflict, importer.ConflictRoom, "2026-12-07", ""},
		// Rui is free at 14:20 because row 3 was rejected, but Ana is not.
		{4, importer.CodeConflict, importer.ConflictPatient, "2026-12-07", ""},
		// Back to back with Marina's 14:00 session in the same room.
		{5, "", "", "", "2026-12-07"},
		// Ana already has this biweekly series: the row is not moved to
		// the free week.
		{6, importer.CodeConflict, importer.ConflictPsychologist, "2026-12-08", ""},
		// Rui's biweekly Tuesday at 10:00 is taken on 2026-12-08, 12-22...,
		// so the row takes the other weeks.
		{7, "", "", "", "2026-12-15"},
		{8, importer.CodeConflict, importer.ConflictPsychologist, "2026-12-30", ""},
		// The cancelled session leaves Thursday 2026-12-10 free.
		{9, "", "", "", "2026-12-10"},
		// Both weeks are now taken: the agenda's is reported first.
		{10, importer.CodeConflict, importer.ConflictPsychologist, "2026-12-08", ""},
		{11, importer.CodeConflict, importer.ConflictPsychologist, "2026-12-08", ""},
		{12, importer.CodeUnknownPatient, "", "", ""},
	}
	for i, tt := range tests {
		s := rep.Slots[i]
		if s.Row != tt.row || s.Code != tt.code || s.Conflict != tt.conflict ||
			s.ConflictDate != tt.date || tt.anchor != "" && s.Anchor != tt.anchor {
			t.Errorf("row %d: code %q conflict %q on %q anchor %s, want %q %q %q %s (%s)",
				s.Row, s.Code, s.Conflict, s.ConflictDate, s.Anchor, tt.code, tt.conflict,
				tt.date, tt.anchor, s.Message)
		}
	}
	if s := rep.Slots[9]; s.ConflictRow != 0 || !strings.Contains(s.Message, "duas semanas") {
		t.Errorf("row 11 message %q does not say both weeks are taken", s.Message)
	}
	if s := rep.Slots[4]; strings.Contains(s.Message, "duas semanas") {
		t.Errorf("row 6 message %q says both weeks were tried", s.Message)
	}
	if s := rep.Slots[0]; !strings.Contains(s.Message, "Na agenda") || !strings.Contains(s.Message, "07/12/2026") {
		t.Errorf("row 2 message %q does not say where and when", s.Message)
	}
	if n := importCount(t, db, "SELECT count(*) FROM series"); n != 2+3 {
		t.Errorf("%d series, want the 2 fixtures and the 3 imported", n)
	}
}

func TestImportChoices(t *testing.T) {
	db := mustOpen(t, testNow)
	unit := importFixtureUnit(t, db, "Centro")
	other := importFixtureUnit(t, db, "Zona Sul")
	sala1 := importFixtureRoom(t, db, unit, "Sala 1")
	sala9 := importFixtureRoom(t, db, other, "Sala 9")
	for _, name := range []string{"Ana Lima", "Bia Costa", "Caio Reis", "Duda Melo"} {
		importFixturePatient(t, db, name, "", "")
	}
	req := importCSV(
		"Paciente;Psicóloga;Dia;Horário;Sala;Frequência",
		"Ana Lima;Dra. Lia Matos;segunda;08:00;SALA 1;S",
		"Bia Costa;Dr. Rui Paiva;segunda;08:00;sala 9;S",
		"Caio Reis;Dra. Lia Matos;terça;08:00;Sala 7;S",
		"Duda Melo;Dr. Rui Paiva;quarta;08:00;Sala 8;S",
	)
	req.Choices = ImportChoices{Reviewed: true, Psychologists: []string{"lia matos"},
		Rooms: []string{"sala 8"}, UnitID: other}
	rep := mustPreview(t, db, req)

	rooms := map[string]ImportRoom{}
	for _, r := range rep.Rooms {
		rooms[r.Key] = r
	}
	if rooms["sala 1"].MatchID != sala1 || rooms["sala 9"].MatchID != sala9 {
		t.Errorf("rooms %+v: want Sala 1 found in Centro and Sala 9 in the chosen unit", rep.Rooms)
	}
	if r := rooms["sala 7"]; r.MatchID != 0 || r.Create {
		t.Errorf("Sala 7 = %+v, want unmatched and not chosen", r)
	}
	if rep.UnitID != other {
		t.Errorf("unit %d, want the chosen %d", rep.UnitID, other)
	}
	wantCodes := []string{"", ImportCodeUnknownPsychologist, ImportCodeUnknownRoom,
		ImportCodeUnknownPsychologist}
	for i, code := range wantCodes {
		if s := rep.Slots[i]; s.Code != code {
			t.Errorf("row %d code %q, want %q (%s)", s.Row, s.Code, code, s.Message)
		}
	}

	req.Token = "token-2"
	req.Choices.Psychologists = append(req.Choices.Psychologists, "rui paiva")
	req.Choices.Rooms = append(req.Choices.Rooms, "sala 7")
	rep = mustImport(t, db, req)
	if rep.Counts.Slots != 4 || rep.Counts.PsychologistsCreated != 2 || rep.Counts.RoomsCreated != 2 {
		t.Errorf("counts %+v", rep.Counts)
	}
	if n := importCount(t, db, "SELECT count(*) FROM rooms WHERE unit_id = ?", other); n != 3 {
		t.Errorf("Zona Sul has %d rooms, want Sala 9 and the new 7 and 8", n)
	}
	if n := importCount(t, db, "SELECT count(*) FROM units"); n != 2 {
		t.Errorf("%d units, want no new one", n)
	}
}

func TestImportTokenReplay(t *testing.T) {
	db := mustOpen(t, testNow)
	req := importSample(t, "pacientes.csv")
	first := mustImport(t, db, req)
	before := importTableCounts(t, db)

	_, err := db.Import(context.Background(), adminActor, req)
	var done *ImportDoneError
	if !errors.As(err, &done) || done.ID != first.ID || clinic.ErrorCode(err) != clinic.ErrConflict {
		t.Fatalf("second Import error = %v, want ImportDoneError for %d", err, first.ID)
	}
	if after := importTableCounts(t, db); !importEqualCounts(after, before) {
		t.Errorf("replay changed %v to %v", before, after)
	}

	// Two confirmations at once: one imports, the other finds its token.
	db2 := mustOpen(t, testNow)
	req.Token = "concurrent"
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i := range errs {
		wg.Go(func() { _, errs[i] = db2.Import(context.Background(), adminActor, req) })
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		if err == nil {
			ok++
		} else if !errors.As(err, &done) {
			t.Errorf("concurrent Import error = %v", err)
		}
	}
	if ok != 1 || importCount(t, db2, "SELECT count(*) FROM imports") != 1 ||
		importCount(t, db2, "SELECT count(*) FROM patients") != 97 {
		t.Errorf("%d imports succeeded; want exactly one with 97 patients", ok)
	}
}

func importEqualCounts(a, b map[string]int) bool {
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return len(a) == len(b)
}

func TestImportRules(t *testing.T) {
	db := mustOpen(t, testNow)
	ctx := context.Background()
	psy := clinic.Actor{Username: "psi", Role: clinic.RolePsychologist, PsychologistID: 1}
	_, err := db.Import(ctx, psy, importSample(t, "pacientes.csv"))
	if clinic.ErrorCode(err) != clinic.ErrForbidden {
		t.Errorf("psychologist import error = %v, want forbidden", err)
	}
	_, err = db.PreviewImport(ctx, ImportRequest{FileName: "x.xls",
		Data: []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}})
	var ce *clinic.Error
	if !errors.As(err, &ce) || ce.Code != clinic.ErrInvalid || ce.Fields["file"] == "" {
		t.Errorf("old Excel error = %v, want invalid with a file message", err)
	}
	// A file whose rows are all rejected writes nothing, not even an
	// audit entry.
	rep := mustImport(t, db, importCSV("Nome;Telefone", "Ana;123"))
	if rep.ID != 0 || rep.Counts.PatientsRejected != 1 {
		t.Errorf("all-rejected import: id %d counts %+v", rep.ID, rep.Counts)
	}
	for table, n := range importTableCounts(t, db) {
		if n != 0 {
			t.Errorf("all-rejected import wrote %d rows in %s", n, table)
		}
	}
}

func TestImportRecord(t *testing.T) {
	db := mustOpen(t, testNow)
	rep := mustImport(t, db, importSample(t, "clinica.xlsx"))
	rec, err := db.ImportRecord(context.Background(), rep.ID)
	if err != nil {
		t.Fatal(err)
	}
	s := rec.Summary
	if rec.FileName != "clinica.xlsx" || s.Counts != rep.Counts || s.SessionsUntil != "2027-02-26" ||
		len(s.Skipped) != rep.Counts.Rejected() || len(s.CreatedPsychologists) != 6 ||
		len(s.CreatedRooms) != 5 || s.CreatedUnit != DefaultImportUnit {
		t.Errorf("record %+v", rec)
	}
	last := s.Skipped[len(s.Skipped)-1]
	if last.Kind != "slot" || last.Row != 77 || last.Conflict != importer.ConflictPsychologist {
		t.Errorf("last skipped row %+v, want agenda row 77's conflict", last)
	}
	id, err := db.ImportIDByToken(context.Background(), "sample-clinica.xlsx")
	if err != nil || id != rep.ID {
		t.Errorf("ImportIDByToken = %d, %v", id, err)
	}
	recent, err := db.RecentImports(context.Background(), 5)
	if err != nil || len(recent) != 1 || recent[0].Summary.Counts.Patients != 97 {
		t.Errorf("RecentImports = %+v, %v", recent, err)
	}
	if _, err := db.ImportRecord(context.Background(), 999); clinic.ErrorCode(err) != clinic.ErrNotFound {
		t.Errorf("missing record error = %v", err)
	}
}
