package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"kpsicologia/app/clinic"
	"kpsicologia/app/sqlite"
)

// registryApp is a test app with an admin, a receptionist and two
// psychologists (Ana and Bia) who each have an account.
type registryApp struct {
	*testApp
	admin, reception, ana, bia *testClient
	anaID, biaID               int64
}

func newRegistryApp(t *testing.T) *registryApp {
	t.Helper()
	app := newTestApp(t)
	app.setup(t)
	ra := &registryApp{testApp: app}
	ra.anaID = registryCreatePsychologist(t, app, "Ana Lima")
	ra.biaID = registryCreatePsychologist(t, app, "Bia Souza")
	app.createUser(t, "recepcao", clinic.RoleReception, 0)
	app.createUser(t, "ana", clinic.RolePsychologist, ra.anaID)
	app.createUser(t, "bia", clinic.RolePsychologist, ra.biaID)
	ra.admin = app.login(t, "admin")
	ra.reception = app.login(t, "recepcao")
	ra.ana = app.login(t, "ana")
	ra.bia = app.login(t, "bia")
	return ra
}

func registryCreatePsychologist(tb testing.TB, app *testApp, name string) int64 {
	tb.Helper()
	id, err := app.db.CreatePsychologist(context.Background(), app.adminActor(),
		sqlite.PsychologistInput{Name: name, PayoutShare: "50", Active: true})
	if err != nil {
		tb.Fatalf("create psychologist %s: %v", name, err)
	}
	return id
}

// registryCreatePatient stores an adult patient through the store.
func registryCreatePatient(tb testing.TB, app *testApp, name, cpf string, psychologistID int64) int64 {
	tb.Helper()
	in := sqlite.PatientInput{Name: name, Phone: "(11) 98765-4321", CPF: cpf,
		Price: "150", Frequency: "weekly"}
	if psychologistID != 0 {
		in.PsychologistID = strconv.FormatInt(psychologistID, 10)
	}
	id, err := app.db.CreatePatient(context.Background(), app.adminActor(), in)
	if err != nil {
		tb.Fatalf("create patient %s: %v", name, err)
	}
	return id
}

// registryCount returns the result of a count query on the app's
// database.
func registryCount(tb testing.TB, app *testApp, query string, args ...any) int {
	tb.Helper()
	var n int
	if err := app.db.Read().QueryRow(query, args...).Scan(&n); err != nil {
		tb.Fatalf("count %q: %v", query, err)
	}
	return n
}

// registryExpect fails the test unless res has status and its body
// contains every text.
func registryExpect(tb testing.TB, what string, res response, status int, texts ...string) {
	tb.Helper()
	if res.StatusCode != status {
		tb.Fatalf("%s: status %d, want %d; body:\n%s", what, res.StatusCode, status, registryBodyText(res.Body))
	}
	for _, text := range texts {
		if !strings.Contains(res.Body, text) {
			tb.Errorf("%s: body lacks %q; body:\n%s", what, text, registryBodyText(res.Body))
		}
	}
	if strings.Contains(res.Body, "ZgotmplZ") {
		tb.Errorf("%s: template produced an unsafe value (ZgotmplZ)", what)
	}
}

// registryBodyText returns the content part of a page, to keep failure
// output short.
func registryBodyText(body string) string {
	if i := strings.Index(body, `<main class="content"`); i >= 0 {
		body = body[i:]
	}
	if len(body) > 4000 {
		body = body[:4000]
	}
	return body
}

// registryFollow loads the page that a 303 response redirects to.
func registryFollow(tb testing.TB, c *testClient, res response) response {
	tb.Helper()
	if res.StatusCode != http.StatusSeeOther {
		tb.Fatalf("status %d, want 303; body:\n%s", res.StatusCode, registryBodyText(res.Body))
	}
	return c.get(tb, res.Header.Get("Location"))
}
