package sqlite

import (
	"context"
	"testing"
	"time"

	"kpsicologia/app/clinic"
)

// registryPsychologist creates an active psychologist named name; in's
// other fields are kept, and a blank payout share becomes 50.
func registryPsychologist(tb testing.TB, db *DB, name string, in PsychologistInput) int64 {
	tb.Helper()
	in.Name = name
	in.Active = true
	if in.PayoutShare == "" {
		in.PayoutShare = "50"
	}
	id, err := db.CreatePsychologist(context.Background(), adminActor, in)
	if err != nil {
		tb.Fatalf("CreatePsychologist %s: %v", name, err)
	}
	return id
}

func TestParseCRP(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"06/123456", "06/123456", true},
		{"CRP 06/123456", "06/123456", true},
		{"crp-06-1234", "06/1234", true},
		{" 12 / 98765 ", "12/98765", true},
		{"", "", true},
		{"6/123456", "", false},
		{"06/123", "", false},
		{"06/1234567", "", false},
		{"00/123456", "", false},
		{"06123456", "", false},
		{"AB/123456", "", false},
	}
	for _, tt := range tests {
		got, err := ParseCRP(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseCRP(%q) = %q, %v; want %q ok=%v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

func TestParseShare(t *testing.T) {
	tests := []struct {
		in   string
		want int
		ok   bool
	}{
		{"60", 6000, true},
		{"62,5", 6250, true},
		{"62.5", 6250, true},
		{"62,55", 6255, true},
		{"60 %", 6000, true},
		{"0", 0, true},
		{"100", 10000, true},
		{"100,01", 0, false},
		{"101", 0, false},
		{"-5", 0, false},
		{"", 0, false},
		{"62,555", 0, false},
		{"sessenta", 0, false},
	}
	for _, tt := range tests {
		got, err := ParseShare(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseShare(%q) = %d, %v; want %d ok=%v", tt.in, got, err, tt.want, tt.ok)
		}
	}
	for bp, want := range map[int]string{6000: "60", 6250: "62,5", 6255: "62,55", 0: "0", 10000: "100", 5005: "50,05"} {
		if got := FormatShare(bp); got != want {
			t.Errorf("FormatShare(%d) = %q, want %q", bp, got, want)
		}
	}
}

func TestCreatePsychologist(t *testing.T) {
	db := mustOpen(t, testNow)
	ctx := context.Background()
	unit := registryUnit(t, db, "Centro")
	spec, _ := db.CatalogueChoices(ctx, Specialties)
	aud, _ := db.CatalogueChoices(ctx, Audiences)
	id, err := db.CreatePsychologist(ctx, adminActor, PsychologistInput{
		Name: "Ana Souza", CRP: "CRP 06/123456", CPF: "529.982.247-25",
		Email: "Ana@Exemplo.COM.br", Phone: "(11) 98765-4321",
		Color: "#FF0000", Approach: "TCC", SessionMinutes: "45",
		PayoutShare: "62,5", Active: true,
		SpecialtyIDs: []int64{spec[0].ID, spec[0].ID}, AudienceIDs: []int64{aud[1].ID, aud[0].ID},
		UnitIDs: []int64{unit}, Username: "ana.souza", Password: "provisoria-123",
	})
	if err != nil {
		t.Fatalf("CreatePsychologist: %v", err)
	}
	p, err := db.Psychologist(ctx, id)
	if err != nil {
		t.Fatalf("Psychologist: %v", err)
	}
	if p.CRP != "06/123456" || p.CPF != "52998224725" || p.Phone != "11987654321" ||
		p.Email != "Ana@exemplo.com.br" || p.Color != "#ff0000" ||
		p.SessionMinutes != 45 || p.PayoutShareBP != 6250 || !p.Active {
		t.Errorf("psychologist = %+v", p)
	}
	if len(p.Specialties) != 1 || len(p.Audiences) != 2 || len(p.Units) != 1 {
		t.Errorf("links = %v %v %v", p.Specialties, p.Audiences, p.Units)
	}
	if p.Username != "ana.souza" || p.UserID == 0 {
		t.Fatalf("account = %d %q", p.UserID, p.Username)
	}
	u, err := db.UserByID(ctx, p.UserID)
	if err != nil {
		t.Fatalf("UserByID: %v", err)
	}
	if u.Role != clinic.RolePsychologist || u.PsychologistID != id || !u.MustChangePassword {
		t.Errorf("user = %+v", u)
	}
	if _, err := db.Authenticate(ctx, "ana.souza", "provisoria-123"); err != nil {
		t.Errorf("login with the temporary password: %v", err)
	}
}

func TestCreatePsychologistDefaults(t *testing.T) {
	db := mustOpen(t, testNow)
	id := registryPsychologist(t, db, "Bia", PsychologistInput{})
	p, _ := db.Psychologist(context.Background(), id)
	if p.SessionMinutes != 50 || p.PayoutShareBP != 5000 || p.Color != "#0d6efd" || p.UserID != 0 {
		t.Errorf("defaults = %+v", p)
	}
}

func TestCreatePsychologistInvalid(t *testing.T) {
	db := mustOpen(t, testNow)
	ctx := context.Background()
	registryPsychologist(t, db, "Ana", PsychologistInput{CRP: "06/123456", CPF: "52998224725"})
	db.CreateUser(ctx, adminActor, NewUser{Username: "taken", Password: "12345678", Role: clinic.RoleReception})
	tests := []struct {
		name  string
		in    PsychologistInput
		field string
	}{
		{"blank name", PsychologistInput{PayoutShare: "50"}, "name"},
		{"bad crp", PsychologistInput{Name: "X", CRP: "123", PayoutShare: "50"}, "crp"},
		{"bad cpf", PsychologistInput{Name: "X", CPF: "111.111.111-11", PayoutShare: "50"}, "cpf"},
		{"bad email", PsychologistInput{Name: "X", Email: "ana@", PayoutShare: "50"}, "email"},
		{"bad phone", PsychologistInput{Name: "X", Phone: "9876-5432", PayoutShare: "50"}, "phone"},
		{"bad minutes", PsychologistInput{Name: "X", SessionMinutes: "5", PayoutShare: "50"}, "session_minutes"},
		{"share over 100", PsychologistInput{Name: "X", PayoutShare: "120"}, "payout_share"},
		{"share blank", PsychologistInput{Name: "X"}, "payout_share"},
		{"same crp", PsychologistInput{Name: "X", CRP: "CRP 06-123456", PayoutShare: "50"}, "crp"},
		{"same cpf", PsychologistInput{Name: "X", CPF: "529.982.247-25", PayoutShare: "50"}, "cpf"},
		{"missing unit", PsychologistInput{Name: "X", PayoutShare: "50", UnitIDs: []int64{99}}, "unit_ids"},
		{"username taken", PsychologistInput{Name: "X", PayoutShare: "50", Username: "taken", Password: "12345678"}, "username"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := db.CreatePsychologist(ctx, adminActor, tt.in)
			if err == nil {
				t.Fatal("no error")
			}
			if registryFieldError(err, tt.field) == "" {
				t.Errorf("no message for %s: %v", tt.field, err)
			}
		})
	}
	if n := registryCount(t, db, "SELECT count(*) FROM psychologists"); n != 1 {
		t.Errorf("psychologists = %d, want 1 (a failed account must roll back)", n)
	}
}

func TestUpdatePsychologist(t *testing.T) {
	db := mustOpen(t, testNow)
	ctx := context.Background()
	unit := registryUnit(t, db, "Centro")
	id := registryPsychologist(t, db, "Ana", PsychologistInput{UnitIDs: []int64{unit}})
	err := db.UpdatePsychologist(ctx, adminActor, id, PsychologistInput{
		Name: "Ana Lima", PayoutShare: "60", SessionMinutes: "50", Active: false})
	if err != nil {
		t.Fatalf("UpdatePsychologist: %v", err)
	}
	p, _ := db.Psychologist(ctx, id)
	if p.Name != "Ana Lima" || p.Active || p.PayoutShareBP != 6000 || len(p.Units) != 0 {
		t.Errorf("psychologist = %+v", p)
	}
	active, _ := db.Psychologists(ctx, false)
	all, _ := db.Psychologists(ctx, true)
	if len(active) != 0 || len(all) != 1 {
		t.Errorf("active %d, all %d", len(active), len(all))
	}
	err = db.UpdatePsychologist(ctx, adminActor, 999, PsychologistInput{Name: "X", PayoutShare: "50"})
	if clinic.ErrorCode(err) != clinic.ErrNotFound {
		t.Errorf("missing: %v", err)
	}
}

func TestCreatePsychologistAccount(t *testing.T) {
	db := mustOpen(t, testNow)
	ctx := context.Background()
	id := registryPsychologist(t, db, "Ana", PsychologistInput{})
	if err := db.CreatePsychologistAccount(ctx, adminActor, id, "ana", "provisoria-1"); err != nil {
		t.Fatalf("CreatePsychologistAccount: %v", err)
	}
	err := db.CreatePsychologistAccount(ctx, adminActor, id, "ana2", "provisoria-1")
	if clinic.ErrorCode(err) != clinic.ErrConflict {
		t.Errorf("second account: %v", err)
	}
	err = db.CreatePsychologistAccount(ctx, adminActor, 999, "x", "provisoria-1")
	if clinic.ErrorCode(err) != clinic.ErrNotFound {
		t.Errorf("missing psychologist: %v", err)
	}
}

func TestPsychologistsSorted(t *testing.T) {
	db := mustOpen(t, testNow)
	for _, n := range []string{"Zélia", "Ângela", "bruna"} {
		registryPsychologist(t, db, n, PsychologistInput{})
	}
	list, err := db.Psychologists(context.Background(), false)
	if err != nil {
		t.Fatalf("Psychologists: %v", err)
	}
	var got []string
	for _, p := range list {
		got = append(got, p.Name)
	}
	if len(got) != 3 || got[0] != "Ângela" || got[1] != "bruna" || got[2] != "Zélia" {
		t.Errorf("order = %v", got)
	}
}

func TestAgendaReviewOverdue(t *testing.T) {
	loc, _ := time.LoadLocation("America/Sao_Paulo")
	tests := []struct {
		at      string
		overdue bool
	}{
		{"", true},
		{"2026-11-27T15:00:00Z", false}, // 7 days before 2026-12-04
		{"2026-11-27T02:00:00Z", true},  // 26 Nov in São Paulo: 8 days
		{"2026-12-04T10:00:00Z", false},
		{"2026-10-01T10:00:00Z", true},
	}
	for _, tt := range tests {
		p := Psychologist{AgendaReviewedAt: tt.at}
		if got := p.AgendaReviewOverdue(loc, "2026-12-04"); got != tt.overdue {
			t.Errorf("%q: overdue = %v, want %v", tt.at, got, tt.overdue)
		}
	}
}
