package web

import (
	"strings"
	"testing"
	"time"

	"kpsicologia/app/clinic"
	"kpsicologia/app/internal/browsertest"
)

// registryBrowserLogin signs in as username in a new browser tab.
func registryBrowserLogin(t *testing.T, app *testApp, username string) *browsertest.Browser {
	t.Helper()
	b := browsertest.New(t, browsertest.WithTimeout(150*time.Second))
	b.Navigate(app.ts.URL + "/login")
	b.Fill(browsertest.Name("username"), username)
	b.Fill(browsertest.Name("password"), testPassword)
	b.Submit("button[type=submit]")
	return b
}

// registryShotNoOverflow screenshots the page and fails when it scrolls
// sideways.
func registryShotNoOverflow(t *testing.T, b *browsertest.Browser, name string) {
	t.Helper()
	if px := b.HorizontalOverflow(); px > 0 {
		t.Errorf("%s scrolls %d px sideways", name, px)
	}
	b.Screenshot(name)
}

// TestBrowserRegistry walks the registry the way the clinic sets itself
// up: a unit, a room, a psychologist with an account, patients, searches
// with and without accents, a delete with a reason and the restore.
func TestBrowserRegistry(t *testing.T) {
	app := newTestApp(t)
	app.setup(t)
	b := registryBrowserLogin(t, app, "admin")
	name := browsertest.Name
	base := app.ts.URL

	// Unit, with a bad CEP first.
	b.Navigate(base + "/units")
	b.Screenshot("units_empty")
	b.Navigate(base + "/units/new")
	b.Fill(name("name"), "Centro")
	b.Fill(name("address"), "Av. Paulista, 1000 - Bela Vista")
	b.Fill(name("cep"), "0131-0100")
	b.Submit("main form button[type=submit]")
	if msg := b.Text("#e-cep"); !strings.Contains(msg, "8 dígitos") {
		t.Errorf("CEP message = %q", msg)
	}
	if !b.Focused(name("cep")) {
		t.Error("focus is not on the CEP field")
	}
	b.Screenshot("unit_form_error")
	b.Fill(name("cep"), "01310-100")
	b.Submit("main form button[type=submit]")
	if got := b.Text(".alert-success"); !strings.Contains(got, "Unidade Centro cadastrada") {
		t.Errorf("unit flash = %q", got)
	}

	// Room, closing earlier on Saturdays.
	b.Submit("a[href$='/rooms/new']")
	b.Fill(name("name"), "Sala 1")
	b.Fill(name("closes_6"), "13:00")
	b.Screenshot("room_form")
	b.Submit("main form button[type=submit]")
	if got := b.Text("main"); !strings.Contains(got, "sáb 08:00–13:00") || !strings.Contains(got, "dom fechada") {
		t.Errorf("unit list lacks the room hours: %q", got)
	}
	b.Screenshot("units")

	b.Navigate(base + "/catalogues")
	b.Screenshot("catalogues")

	// Psychologist with a login account.
	b.Navigate(base + "/psychologists/new")
	b.Fill(name("name"), "Ana Lima")
	b.Fill(name("crp"), "06/123456")
	b.Fill(name("phone"), "11987654321")
	b.Fill(name("approach"), "TCC")
	b.Fill(name("payout_share"), "62,5")
	b.Fill(name("username"), "ana")
	b.Click("label[for^='audience_ids-']")
	b.Click("label[for^='unit_ids-']")
	b.Screenshot("psychologist_form")
	b.Submit("main form button[type=submit]")
	if pw := b.Text("#one-time-password"); len(pw) < 8 {
		t.Errorf("one-time password = %q", pw)
	}
	b.Screenshot("psychologist_new_account")
	b.Navigate(base + "/psychologists")
	if got := b.Text("main"); !strings.Contains(got, "nunca revisou a agenda") || !strings.Contains(got, "62,5%") {
		t.Errorf("psychologist list = %q", got)
	}
	b.Screenshot("psychologists")
	b.Navigate(base + "/psychologists/1/edit")
	b.Screenshot("psychologist_edit")

	// Patients: the empty state, a form with errors, then two patients.
	b.Navigate(base + "/patients")
	if got := b.Text(".empty-state"); !strings.Contains(got, "Nenhum paciente ainda") {
		t.Errorf("empty state = %q", got)
	}
	b.Screenshot("patients_empty")
	b.Submit("main a[href='/patients/new']")
	b.Fill(name("name"), "José da Conceição")
	b.Fill(name("birth_date"), "31/02/1990")
	b.Fill(name("phone"), "98765-4321")
	b.Fill(name("price"), "150.50")
	b.Submit("main form button[type=submit]")
	if got := b.Value(name("name")); got != "José da Conceição" {
		t.Errorf("name after a failed save = %q", got)
	}
	if !b.Focused(name("birth_date")) {
		t.Error("focus is not on the first invalid field")
	}
	b.Screenshot("patient_form_errors")
	b.Fill(name("birth_date"), "05/03/1990")
	b.Fill(name("phone"), "(11) 98765-4321")
	b.Fill(name("price"), "150,50")
	b.Fill(name("cpf"), "529.982.247-25")
	b.Fill(name("psychologist_id"), "1")
	b.Submit("main form button[type=submit]")
	if got := b.Text("main"); !strings.Contains(got, "Agendar primeira sessão") ||
		!strings.Contains(got, "R$ 150,50") || !strings.Contains(got, "Ana Lima") {
		t.Errorf("patient page = %q", got)
	}
	b.Screenshot("patient_created")

	b.Navigate(base + "/patients/new")
	b.Fill(name("name"), "Jose Santos")
	b.Fill(name("social_name"), "Josefa Santos")
	b.Fill(name("phone"), "(21) 3456-7890")
	b.Fill(name("price"), "120")
	b.Submit("main form button[type=submit]")

	// Searches, typed as a receptionist would, with and without accents.
	for _, tt := range []struct {
		query string
		want  []string
		not   string
	}{
		{"jose", []string{"José da Conceição", "Josefa Santos"}, ""},
		{"JOSÉ", []string{"José da Conceição", "Josefa Santos"}, ""},
		{"conceicao", []string{"José da Conceição"}, "Josefa"},
		{"3456", []string{"Josefa Santos"}, "Conceição"},
		{"529.982", []string{"José da Conceição"}, "Josefa"},
	} {
		b.Navigate(base + "/patients")
		b.Fill(name("q"), tt.query)
		b.PressEnter(name("q"))
		got := b.Text("main")
		for _, w := range tt.want {
			if !strings.Contains(got, w) {
				t.Errorf("search %q lacks %q: %q", tt.query, w, got)
			}
		}
		if tt.not != "" && strings.Contains(got, tt.not) {
			t.Errorf("search %q lists %q", tt.query, tt.not)
		}
	}
	b.Navigate(base + "/patients")
	b.Screenshot("patients")

	// Delete with a reason, then restore.
	b.Submit("a:is([href$='/patients/1'])")
	b.Submit("a[href$='/delete']")
	b.Screenshot("patient_delete")
	b.Submit("main form button[type=submit]")
	if msg := b.Text("#e-reason"); !strings.Contains(msg, "motivo") {
		t.Errorf("reason message = %q", msg)
	}
	b.Fill(name("reason"), "Encerrou o tratamento")
	b.Submit("main form button[type=submit]")
	if got := b.Text("main tbody"); strings.Contains(got, "José da Conceição") {
		t.Errorf("deleted patient still listed: %q", got)
	}
	b.Navigate(base + "/patients/deleted")
	if got := b.Text("main"); !strings.Contains(got, "Encerrou o tratamento") {
		t.Errorf("deleted list = %q", got)
	}
	b.Screenshot("patients_deleted")
	b.Navigate(base + "/patients/1")
	b.Screenshot("patient_deleted_page")
	b.Navigate(base + "/patients/deleted")
	b.Submit("form[action$='/restore'] button")
	if got := b.Text(".alert-success"); !strings.Contains(got, "restaurado") {
		t.Errorf("restore flash = %q", got)
	}
	b.Navigate(base + "/patients?q=conceicao")
	if got := b.Text("main"); !strings.Contains(got, "José da Conceição") {
		t.Errorf("restored patient not found: %q", got)
	}

	b.Navigate(base + "/patients/1/edit")
	b.Screenshot("patient_form")

	// The reception's desk at phone width.
	b.EmulatePhone()
	b.Navigate(base + "/patients")
	registryShotNoOverflow(t, b, "patients_phone")
	b.Navigate(base + "/patients/1")
	registryShotNoOverflow(t, b, "patient_phone")
}

// TestBrowserRegistryPsychologistPhone checks the pages a psychologist opens
// on her phone: her own patients only, and pages that fit 375 px.
func TestBrowserRegistryPsychologistPhone(t *testing.T) {
	app := newTestApp(t)
	app.setup(t)
	ana := registryCreatePsychologist(t, app, "Ana Lima")
	bia := registryCreatePsychologist(t, app, "Bia Souza")
	app.createUser(t, "ana", clinic.RolePsychologist, ana)
	mine := registryCreatePatient(t, app, "Maria Aparecida dos Santos Oliveira", "52998224725", ana)
	other := registryCreatePatient(t, app, "Paciente da Bia", "", bia)

	b := registryBrowserLogin(t, app, "ana")
	b.EmulatePhone()
	b.Navigate(app.ts.URL + "/patients")
	got := b.Text("main")
	if !strings.Contains(got, "Maria Aparecida") || strings.Contains(got, "Paciente da Bia") {
		t.Errorf("Ana's list = %q", got)
	}
	registryShotNoOverflow(t, b, "psychologist_patients_phone")
	b.Submit("main a[href^='/patients/']")
	if want := patientPath(mine); !strings.HasSuffix(b.Location(), want) {
		t.Errorf("patient link went to %s, want %s", b.Location(), want)
	}
	b.Fill(browsertest.Name("notes"), "Prefere ligação à tarde.")
	b.Submit("form[action$='/notes'] button")
	if got := b.Text(".alert-success"); !strings.Contains(got, "Observações salvas") {
		t.Errorf("notes flash = %q", got)
	}
	registryShotNoOverflow(t, b, "psychologist_patient_phone")
	if status := b.Navigate(app.ts.URL + patientPath(other)); status != 404 {
		t.Errorf("Ana opening Bia's patient: status %d", status)
	}
}
