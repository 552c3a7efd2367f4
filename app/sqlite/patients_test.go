package sqlite

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"kpsicologia/app/clinic"
)

// registryPatientInput is a valid adult patient's form.
func registryPatientInput(name string) PatientInput {
	return PatientInput{Name: name, Phone: "(11) 98765-4321",
		Price: "150,00", Frequency: "weekly"}
}

func registryPatient(tb testing.TB, db *DB, in PatientInput) int64 {
	tb.Helper()
	id, err := db.CreatePatient(context.Background(), adminActor, in)
	if err != nil {
		tb.Fatalf("CreatePatient %s: %v", in.Name, err)
	}
	return id
}

// registryPsychologistActor returns the actor of a psychologist account.
func registryPsychologistActor(psychologistID int64) clinic.Actor {
	return clinic.Actor{UserID: 0, Username: "psi", Role: clinic.RolePsychologist,
		PsychologistID: psychologistID}
}

var receptionActor = clinic.Actor{Username: "recepcao", Role: clinic.RoleReception}

func TestCreatePatient(t *testing.T) {
	db := mustOpen(t, testNow)
	ctx := context.Background()
	psy := registryPsychologist(t, db, "Ana", PsychologistInput{})
	id, err := db.CreatePatient(ctx, receptionActor, PatientInput{
		Name: " José  da Conceição ", SocialName: "Zeca",
		BirthDate: "05/03/1990", Phone: "11 98765-4321", Phone2: "(11) 3456-7890",
		Email: "jose@exemplo.com", CPF: "52998224725",
		Price: "R$ 1.234,56", Frequency: "Quinzenal",
		PsychologistID: fmt.Sprint(psy), Notes: " prefere manhã ",
		ConsentMessages: true,
	})
	if err != nil {
		t.Fatalf("CreatePatient: %v", err)
	}
	p, err := db.Patient(ctx, adminActor, id, false)
	if err != nil {
		t.Fatalf("Patient: %v", err)
	}
	want := Patient{ID: id, Name: "José da Conceição", SocialName: "Zeca",
		BirthDate: "1990-03-05", Phone: "11987654321", Phone2: "1134567890",
		Email: "jose@exemplo.com", CPF: "52998224725", PriceCents: 123456,
		Frequency: clinic.Biweekly, PsychologistID: psy, PsychologistName: "Ana",
		Notes: "prefere manhã", ConsentMessages: true,
		CreatedAt: "2026-12-04T16:00:00Z", UpdatedAt: "2026-12-04T16:00:00Z"}
	if p != want {
		t.Errorf("patient =\n%+v\nwant\n%+v", p, want)
	}
	if p.DisplayName() != "Zeca" {
		t.Errorf("DisplayName = %q", p.DisplayName())
	}
	var key string
	db.read.QueryRow("SELECT search_text FROM patients WHERE id = ?", id).Scan(&key)
	for _, part := range []string{"zeca", "jose da conceicao", "11987654321", "529.982.247-25"} {
		if !strings.Contains(key, part) {
			t.Errorf("search_text %q lacks %q", key, part)
		}
	}
	if n := registryCount(t, db, "SELECT count(*) FROM audit_log WHERE entity = 'patient' AND action = 'create'"); n != 1 {
		t.Errorf("audit create entries = %d", n)
	}
}

func TestCreatePatientInvalid(t *testing.T) {
	db := mustOpen(t, testNow)
	ctx := context.Background()
	psy := registryPsychologist(t, db, "Inativa", PsychologistInput{})
	db.UpdatePsychologist(ctx, adminActor, psy, PsychologistInput{Name: "Inativa", PayoutShare: "50"})
	with := func(f func(*PatientInput)) PatientInput {
		in := registryPatientInput("Maria")
		f(&in)
		return in
	}
	tests := []struct {
		name  string
		in    PatientInput
		field string
	}{
		{"blank name", with(func(in *PatientInput) { in.Name = " - " }), "name"},
		{"bad birth date", with(func(in *PatientInput) { in.BirthDate = "31/02/2000" }), "birth_date"},
		{"two-digit year", with(func(in *PatientInput) { in.BirthDate = "01/02/90" }), "birth_date"},
		{"future birth", with(func(in *PatientInput) { in.BirthDate = "05/12/2026" }), "birth_date"},
		{"short phone", with(func(in *PatientInput) { in.Phone = "98765-4321" }), "phone"},
		{"no phone", with(func(in *PatientInput) { in.Phone = "" }), "phone"},
		{"bad phone2", with(func(in *PatientInput) { in.Phone2 = "abc" }), "phone2"},
		{"bad email", with(func(in *PatientInput) { in.Email = "maria@" }), "email"},
		{"bad cpf", with(func(in *PatientInput) { in.CPF = "123.456.789-00" }), "cpf"},
		{"bad price", with(func(in *PatientInput) { in.Price = "150.50" }), "price"},
		{"blank price", with(func(in *PatientInput) { in.Price = "" }), "price"},
		{"negative price", with(func(in *PatientInput) { in.Price = "-10" }), "price"},
		{"bad frequency", with(func(in *PatientInput) { in.Frequency = "mensal" }), "frequency"},
		{"bad psychologist id", with(func(in *PatientInput) { in.PsychologistID = "x" }), "psychologist_id"},
		{"missing psychologist", with(func(in *PatientInput) { in.PsychologistID = "999" }), "psychologist_id"},
		{"inactive psychologist", with(func(in *PatientInput) { in.PsychologistID = fmt.Sprint(psy) }), "psychologist_id"},
		{"bad guardian cpf", with(func(in *PatientInput) { in.GuardianCPF = "1" }), "guardian_cpf"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := db.CreatePatient(ctx, adminActor, tt.in)
			if clinic.ErrorCode(err) != clinic.ErrInvalid {
				t.Fatalf("code = %q (%v), want invalid", clinic.ErrorCode(err), err)
			}
			if registryFieldError(err, tt.field) == "" {
				t.Errorf("no message for %s: %v", tt.field, err)
			}
		})
	}
	if n := registryCount(t, db, "SELECT count(*) FROM patients"); n != 0 {
		t.Errorf("patients = %d, want 0", n)
	}
}

// The clinic's date is 2026-12-04 (testNow in São Paulo).
func TestPatientMinorNeedsGuardian(t *testing.T) {
	db := mustOpen(t, testNow)
	ctx := context.Background()
	tests := []struct {
		birth string
		minor bool
	}{
		{"04/12/2008", false}, // 18 today
		{"05/12/2008", true},  // 18 tomorrow
		{"01/01/2015", true},
		{"", false},
	}
	for _, tt := range tests {
		t.Run(tt.birth, func(t *testing.T) {
			in := registryPatientInput("Criança " + tt.birth)
			in.BirthDate = tt.birth
			_, err := db.CreatePatient(ctx, adminActor, in)
			if !tt.minor {
				if err != nil {
					t.Fatalf("adult: %v", err)
				}
				return
			}
			for _, f := range []string{"guardian_name", "guardian_cpf", "guardian_phone"} {
				if registryFieldError(err, f) == "" {
					t.Errorf("no message for %s: %v", f, err)
				}
			}
			in.GuardianName = "Mãe"
			in.GuardianCPF = "529.982.247-25"
			in.GuardianPhone = "(11) 91234-5678"
			if _, err := db.CreatePatient(ctx, adminActor, in); err != nil {
				t.Errorf("with guardian: %v", err)
			}
		})
	}
	// A child may have only the guardian's phone.
	in := PatientInput{Name: "Pedro", BirthDate: "01/01/2020", GuardianName: "Pai",
		GuardianCPF: "52998224725", GuardianPhone: "11912345678", Price: "100", Frequency: "weekly"}
	if _, err := db.CreatePatient(ctx, adminActor, in); err != nil {
		t.Errorf("child with guardian phone only: %v", err)
	}
}

func TestPatientSearch(t *testing.T) {
	db := mustOpen(t, testNow)
	ctx := context.Background()
	names := map[string]int64{}
	for _, in := range []PatientInput{
		{Name: "José Silva", Phone: "(11) 98765-4321", CPF: "123.456.789-09"},
		{Name: "Jose Santos", Phone: "(21) 3456-7890"},
		{Name: "Maria da Conceição", Phone: "(31) 99999-0000"},
		{Name: "João Pereira", Phone: "(41) 98888-1111"},
		{Name: "Carlos 100% Souza", Phone: "(51) 97777-2222"},
		{Name: "Ana_Paula", Phone: "(61) 96666-3333", SocialName: "Paulo Henrique"},
		{Name: "Renata", Phone: "(71) 95555-4444", GuardianName: "Conceição Lima"},
	} {
		in.Price, in.Frequency = "100", "weekly"
		names[in.Name] = registryPatient(t, db, in)
	}
	tests := []struct {
		query string
		want  []string
	}{
		{"jose", []string{"José Silva", "Jose Santos"}},
		{"JOSÉ", []string{"José Silva", "Jose Santos"}},
		{"conceicao", []string{"Maria da Conceição", "Renata"}},
		{"JOÃO", []string{"João Pereira"}},
		{"joao pereira", []string{"João Pereira"}},
		{"pereira joao", []string{"João Pereira"}},
		{"11987", []string{"José Silva"}},
		{"98765-4321", []string{"José Silva"}},
		{"123.456", []string{"José Silva"}},
		{"12345678909", []string{"José Silva"}},
		{"100%", []string{"Carlos 100% Souza"}},
		{"%", []string{"Carlos 100% Souza"}},
		{"_", []string{"Ana_Paula"}},
		{"paulo henrique", []string{"Ana_Paula"}},
		{"nobody", nil},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			list, err := db.Patients(ctx, adminActor, PatientFilter{Query: tt.query})
			if err != nil {
				t.Fatalf("Patients: %v", err)
			}
			got := map[string]bool{}
			for _, p := range list.Patients {
				got[p.Name] = true
			}
			if len(got) != len(tt.want) || list.Total != len(tt.want) {
				t.Errorf("found %v (total %d), want %v", got, list.Total, tt.want)
			}
			for _, w := range tt.want {
				if !got[w] {
					t.Errorf("missing %q in %v", w, got)
				}
			}
		})
	}
}

func TestPatientsSortedAndPaged(t *testing.T) {
	db := mustOpen(t, testNow)
	ctx := context.Background()
	for i := range 120 {
		registryPatient(t, db, registryPatientInput(fmt.Sprintf("Paciente %03d", 119-i)))
	}
	registryPatient(t, db, PatientInput{Name: "Zuleica", SocialName: "Álvaro",
		Phone: "11987654321", Price: "1", Frequency: "weekly"})
	list, err := db.Patients(ctx, adminActor, PatientFilter{Page: 1})
	if err != nil {
		t.Fatalf("Patients: %v", err)
	}
	if list.Total != 121 || list.Pages != 3 || len(list.Patients) != PatientsPerPage {
		t.Fatalf("total %d pages %d len %d", list.Total, list.Pages, len(list.Patients))
	}
	if list.Patients[0].DisplayName() != "Álvaro" || list.Patients[1].Name != "Paciente 000" {
		t.Errorf("first = %q, %q", list.Patients[0].DisplayName(), list.Patients[1].Name)
	}
	last, _ := db.Patients(ctx, adminActor, PatientFilter{Page: 9})
	if last.Page != 3 || len(last.Patients) != 21 || last.Patients[20].Name != "Paciente 119" {
		t.Errorf("last page %d len %d", last.Page, len(last.Patients))
	}
}

func TestPatientFilters(t *testing.T) {
	db := mustOpen(t, testNow)
	ctx := context.Background()
	ana := registryPsychologist(t, db, "Ana", PsychologistInput{})
	in := registryPatientInput("A1")
	in.PsychologistID = fmt.Sprint(ana)
	registryPatient(t, db, in)
	in = registryPatientInput("A2")
	in.PsychologistID, in.Frequency = fmt.Sprint(ana), "biweekly"
	registryPatient(t, db, in)
	registryPatient(t, db, registryPatientInput("None"))
	tests := []struct {
		name string
		f    PatientFilter
		want int
	}{
		{"all", PatientFilter{}, 3},
		{"ana", PatientFilter{PsychologistID: ana}, 2},
		{"no psychologist", PatientFilter{PsychologistID: NoPsychologist}, 1},
		{"biweekly", PatientFilter{Frequency: clinic.Biweekly}, 1},
		{"ana weekly", PatientFilter{PsychologistID: ana, Frequency: clinic.Weekly}, 1},
	}
	for _, tt := range tests {
		list, err := db.Patients(ctx, adminActor, tt.f)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if list.Total != tt.want {
			t.Errorf("%s: total %d, want %d", tt.name, list.Total, tt.want)
		}
	}
}

func TestPatientScopePerPsychologist(t *testing.T) {
	db := mustOpen(t, testNow)
	ctx := context.Background()
	ana := registryPsychologist(t, db, "Ana", PsychologistInput{})
	bia := registryPsychologist(t, db, "Bia", PsychologistInput{})
	in := registryPatientInput("Paciente da Ana")
	in.PsychologistID = fmt.Sprint(ana)
	anas := registryPatient(t, db, in)
	in = registryPatientInput("Paciente da Bia")
	in.PsychologistID = fmt.Sprint(bia)
	bias := registryPatient(t, db, in)
	shared := registryPatient(t, db, registryPatientInput("Sessão com a Ana"))
	mustExec(t, db, `INSERT INTO sessions (patient_id, psychologist_id, date,
		start_min, end_min, created_at, updated_at) VALUES (?, ?, '2026-12-07',
		840, 890, 'x', 'x')`, shared, ana)

	asAna := registryPsychologistActor(ana)
	list, err := db.Patients(ctx, asAna, PatientFilter{})
	if err != nil {
		t.Fatalf("Patients: %v", err)
	}
	got := map[int64]bool{}
	for _, p := range list.Patients {
		got[p.ID] = true
	}
	if !got[anas] || !got[shared] || got[bias] || list.Total != 2 {
		t.Errorf("Ana sees %v (total %d)", got, list.Total)
	}
	search, _ := db.Patients(ctx, asAna, PatientFilter{Query: "bia"})
	if search.Total != 0 {
		t.Errorf("Ana's search for bia found %d", search.Total)
	}
	// Another psychologist's filter does not widen the scope.
	other, _ := db.Patients(ctx, asAna, PatientFilter{PsychologistID: bia})
	if other.Total != 0 {
		t.Errorf("Ana filtering by Bia found %d", other.Total)
	}
	if _, err := db.Patient(ctx, asAna, bias, true); clinic.ErrorCode(err) != clinic.ErrNotFound {
		t.Errorf("Ana opening Bia's patient: %v", err)
	}
	if _, err := db.Patient(ctx, asAna, anas, false); err != nil {
		t.Errorf("Ana opening her patient: %v", err)
	}
	choices, _ := db.PatientChoices(ctx, asAna)
	if len(choices) != 2 {
		t.Errorf("Ana's choices = %v", choices)
	}
	if err := db.UpdatePatientNotes(ctx, asAna, bias, "x"); clinic.ErrorCode(err) != clinic.ErrNotFound {
		t.Errorf("Ana editing Bia's notes: %v", err)
	}
	if err := db.UpdatePatientNotes(ctx, asAna, anas, "liga às 9h"); err != nil {
		t.Errorf("Ana editing her notes: %v", err)
	}
	if _, err := db.CreatePatient(ctx, asAna, registryPatientInput("X")); clinic.ErrorCode(err) != clinic.ErrForbidden {
		t.Errorf("psychologist creating: %v", err)
	}
	if err := db.DeletePatient(ctx, asAna, anas, "x"); clinic.ErrorCode(err) != clinic.ErrForbidden {
		t.Errorf("psychologist deleting: %v", err)
	}
	noLink := clinic.Actor{Role: clinic.RolePsychologist}
	if l, _ := db.Patients(ctx, noLink, PatientFilter{}); l.Total != 0 {
		t.Errorf("unlinked psychologist sees %d", l.Total)
	}
	all, _ := db.Patients(ctx, receptionActor, PatientFilter{})
	if all.Total != 3 {
		t.Errorf("reception sees %d, want 3", all.Total)
	}
}

func TestPatientDuplicateCPF(t *testing.T) {
	db := mustOpen(t, testNow)
	ctx := context.Background()
	in := registryPatientInput("Primeiro")
	in.CPF = "529.982.247-25"
	first := registryPatient(t, db, in)

	in.Name = "Segundo"
	_, err := db.CreatePatient(ctx, adminActor, in)
	var taken *CPFTakenError
	if !errors.As(err, &taken) {
		t.Fatalf("active duplicate: %v", err)
	}
	if taken.PatientID != first || taken.Deleted || taken.Name != "Primeiro" {
		t.Errorf("taken = %+v", taken)
	}
	if clinic.ErrorCode(err) != clinic.ErrConflict || registryFieldError(err, "cpf") == "" {
		t.Errorf("code %q, message %q", clinic.ErrorCode(err), registryFieldError(err, "cpf"))
	}

	if err := db.DeletePatient(ctx, adminActor, first, "Cadastro duplicado"); err != nil {
		t.Fatalf("DeletePatient: %v", err)
	}
	_, err = db.CreatePatient(ctx, adminActor, in)
	if !errors.As(err, &taken) || !taken.Deleted || taken.PatientID != first {
		t.Fatalf("deleted duplicate: %v", err)
	}
	if msg := clinic.ErrorMessage(err); !strings.Contains(msg, "04/12/2026") || !strings.Contains(msg, "Restaure") {
		t.Errorf("message %q lacks the date or the restore offer", msg)
	}

	// Moving another patient onto the CPF on update is refused too.
	other := registryPatient(t, db, registryPatientInput("Outro"))
	in.Name = "Outro"
	err = db.UpdatePatient(ctx, adminActor, other, in)
	if !errors.As(err, &taken) {
		t.Errorf("update onto a taken CPF: %v", err)
	}
	if n := registryCount(t, db, "SELECT count(*) FROM patients WHERE cpf = '52998224725'"); n != 1 {
		t.Errorf("patients with the CPF = %d", n)
	}
}

func TestCreatePatientConcurrentCPF(t *testing.T) {
	db := mustOpen(t, testNow)
	ctx := context.Background()
	const workers = 8
	var wg sync.WaitGroup
	errs := make([]error, workers)
	for i := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			in := registryPatientInput(fmt.Sprintf("Concorrente %d", i))
			in.CPF = "52998224725"
			_, errs[i] = db.CreatePatient(ctx, receptionActor, in)
		}()
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		var taken *CPFTakenError
		switch {
		case err == nil:
			ok++
		case errors.As(err, &taken):
		default:
			t.Errorf("unexpected error: %v", err)
		}
	}
	if ok != 1 {
		t.Errorf("%d creates succeeded, want 1", ok)
	}
	if n := registryCount(t, db, "SELECT count(*) FROM patients"); n != 1 {
		t.Errorf("patients = %d, want 1", n)
	}
}

func TestDeleteRestorePatient(t *testing.T) {
	db := mustOpen(t, testNow)
	ctx := context.Background()
	psy := registryPsychologist(t, db, "Ana", PsychologistInput{})
	in := registryPatientInput("Maria Excluída")
	in.CPF, in.SocialName, in.PsychologistID, in.Notes = "52998224725", "Mari", fmt.Sprint(psy), "nota"
	id := registryPatient(t, db, in)
	before, _ := db.Patient(ctx, adminActor, id, false)
	mustExec(t, db, `INSERT INTO charges (patient_id, psychologist_id, date,
		amount_cents, created_at) VALUES (?, ?, '2026-11-01', 15000, 'x')`, id, psy)

	err := db.DeletePatient(ctx, receptionActor, id, "   ")
	if clinic.ErrorCode(err) != clinic.ErrInvalid || registryFieldError(err, "reason") == "" {
		t.Fatalf("blank reason: %v", err)
	}
	if err := db.DeletePatient(ctx, receptionActor, id, "Encerrou o tratamento"); err != nil {
		t.Fatalf("DeletePatient: %v", err)
	}
	if err := db.DeletePatient(ctx, receptionActor, id, "de novo"); clinic.ErrorCode(err) != clinic.ErrConflict {
		t.Errorf("second delete: %v", err)
	}
	if l, _ := db.Patients(ctx, adminActor, PatientFilter{}); l.Total != 0 {
		t.Errorf("list after delete = %d", l.Total)
	}
	if l, _ := db.Patients(ctx, adminActor, PatientFilter{Query: "mari"}); l.Total != 0 {
		t.Errorf("search after delete = %d", l.Total)
	}
	if c, _ := db.PatientChoices(ctx, adminActor); len(c) != 0 {
		t.Errorf("choices after delete = %v", c)
	}
	if _, err := db.Patient(ctx, adminActor, id, false); clinic.ErrorCode(err) != clinic.ErrNotFound {
		t.Errorf("Patient without includeDeleted: %v", err)
	}
	if _, err := db.Patient(ctx, registryPsychologistActor(psy), id, true); clinic.ErrorCode(err) != clinic.ErrNotFound {
		t.Errorf("psychologist opening a deleted patient: %v", err)
	}
	deleted, _ := db.Patients(ctx, adminActor, PatientFilter{Deleted: true, Query: "maria"})
	if deleted.Total != 1 || deleted.Patients[0].DeletedReason != "Encerrou o tratamento" ||
		deleted.Patients[0].DeletedAt == "" {
		t.Fatalf("deleted list = %+v", deleted)
	}
	if l, _ := db.Patients(ctx, registryPsychologistActor(psy), PatientFilter{Deleted: true}); l.Total != 0 {
		t.Errorf("psychologist sees %d deleted", l.Total)
	}
	if n := registryCount(t, db, "SELECT count(*) FROM charges WHERE patient_id = ?", id); n != 1 {
		t.Errorf("charges after delete = %d", n)
	}

	res, err := db.RestorePatient(ctx, receptionActor, id)
	if err != nil {
		t.Fatalf("RestorePatient: %v", err)
	}
	if res.Name != "Mari" || len(res.Warnings) != 0 {
		t.Errorf("result = %+v", res)
	}
	after, _ := db.Patient(ctx, adminActor, id, false)
	if after != before {
		t.Errorf("restored =\n%+v\nwant\n%+v", after, before)
	}
	if _, err := db.RestorePatient(ctx, receptionActor, id); clinic.ErrorCode(err) != clinic.ErrConflict {
		t.Errorf("restore of an active patient: %v", err)
	}
	if _, err := db.RestorePatient(ctx, registryPsychologistActor(psy), id); clinic.ErrorCode(err) != clinic.ErrForbidden {
		t.Errorf("psychologist restoring: %v", err)
	}
	for _, action := range []string{"delete", "restore"} {
		n := registryCount(t, db, `SELECT count(*) FROM audit_log WHERE entity = 'patient'
			AND entity_id = ? AND action = ?`, id, action)
		if n != 1 {
			t.Errorf("audit %s entries = %d", action, n)
		}
	}
}

func TestUpdatePatient(t *testing.T) {
	db := mustOpen(t, testNow)
	ctx := context.Background()
	id := registryPatient(t, db, registryPatientInput("Maria"))
	in := registryPatientInput("Maria Souza")
	in.Price = "200"
	if err := db.UpdatePatient(ctx, receptionActor, id, in); err != nil {
		t.Fatalf("UpdatePatient: %v", err)
	}
	p, _ := db.Patient(ctx, adminActor, id, false)
	if p.Name != "Maria Souza" || p.PriceCents != 20000 {
		t.Errorf("patient = %+v", p)
	}
	if l, _ := db.Patients(ctx, adminActor, PatientFilter{Query: "souza"}); l.Total != 1 {
		t.Errorf("search for the new name found %d", l.Total)
	}
	in.Price = "abc"
	if err := db.UpdatePatient(ctx, receptionActor, id, in); clinic.ErrorCode(err) != clinic.ErrInvalid {
		t.Errorf("bad price: %v", err)
	}
	p2, _ := db.Patient(ctx, adminActor, id, false)
	if p2 != p {
		t.Error("a failed update changed the patient")
	}
	if err := db.UpdatePatient(ctx, receptionActor, 999, in); clinic.ErrorCode(err) != clinic.ErrNotFound {
		t.Errorf("missing patient: %v", err)
	}
	db.DeletePatient(ctx, adminActor, id, "teste")
	if err := db.UpdatePatient(ctx, receptionActor, id, registryPatientInput("X")); clinic.ErrorCode(err) != clinic.ErrConflict {
		t.Errorf("update of a deleted patient: %v", err)
	}
}
