package web

import (
	"context"
	"database/sql"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

func registryPsychologistForm(name string) url.Values {
	return url.Values{"name": {name}, "crp": {"06/123456"}, "cpf": {"529.982.247-25"},
		"email": {"carla@exemplo.com"}, "phone": {"11987654321"}, "color": {"#aa3366"},
		"approach": {"TCC"}, "session_minutes": {"50"}, "payout_share": {"62,5"},
		"active": {"1"}}
}

var oneTimePassword = regexp.MustCompile(`id="one-time-password">([^<]+)<`)

func TestPsychologistCreateWithAccount(t *testing.T) {
	app := newRegistryApp(t)
	c := app.admin
	registryExpect(t, "new form", c.get(t, "/psychologists/new"), http.StatusOK,
		`name="payout_share" inputmode="decimal" value="50"`, "Crianças", `name="username"`)

	form := registryPsychologistForm("Carla Dias")
	var audience string
	app.db.Read().QueryRow("SELECT id FROM audiences WHERE name = 'Adultos'").Scan(&audience)
	form.Add("audience_ids", audience)
	form.Set("username", "carla")
	res := c.post(t, "/psychologists", form)
	registryExpect(t, "created", res, http.StatusOK, "Senha provisória de <strong>carla</strong>",
		"Carla Dias", "06/123456", "529.982.247-25", "(11) 98765-4321", "62,5%", "Adultos",
		"nunca revisou a agenda")
	m := oneTimePassword.FindStringSubmatch(res.Body)
	if m == nil {
		t.Fatal("no one-time password on the page")
	}
	carla := app.anonymous()
	login := carla.post(t, "/login", url.Values{"username": {"carla"}, "password": {m[1]}})
	if login.StatusCode != http.StatusSeeOther {
		t.Fatalf("login with the one-time password: %d", login.StatusCode)
	}
	if loc := carla.get(t, "/patients").Header.Get("Location"); loc != "/account/password" {
		t.Errorf("first login goes to %q, want the password change", loc)
	}

	// A reload re-posts the form; the taken username stops a second
	// psychologist.
	res = c.post(t, "/psychologists", form)
	if res.StatusCode == http.StatusOK || res.StatusCode == http.StatusSeeOther {
		t.Errorf("re-post: status %d", res.StatusCode)
	}
	if n := registryCount(t, app.testApp, "SELECT count(*) FROM psychologists WHERE name = 'Carla Dias'"); n != 1 {
		t.Errorf("Carla stored %d times", n)
	}
}

func TestPsychologistInvalidForm(t *testing.T) {
	app := newRegistryApp(t)
	form := registryPsychologistForm("Carla Dias")
	form.Set("crp", "6/12")
	form.Set("payout_share", "120")
	form.Set("cpf", "123")
	form.Set("session_minutes", "0")
	form.Set("email", "carla@")
	res := app.admin.post(t, "/psychologists", form)
	registryExpect(t, "invalid", res, http.StatusUnprocessableEntity,
		"Digite a região com 2 dígitos", "Digite um percentual de 0 a 100",
		"Tem 3 dígitos, mas precisa ter 11", "Digite a duração em minutos",
		"Não é um e-mail válido", `value="6/12"`, `value="120"`, `value="Carla Dias"`)
	if n := registryCount(t, app.testApp, "SELECT count(*) FROM psychologists"); n != 2 {
		t.Errorf("psychologists = %d, want the 2 of the fixture", n)
	}
}

func TestPsychologistEditAndAccount(t *testing.T) {
	app := newRegistryApp(t)
	c := app.admin
	res := c.post(t, "/psychologists", registryPsychologistForm("Carla Dias"))
	page := registryFollow(t, c, res)
	registryExpect(t, "page", page, http.StatusOK, "Psicóloga cadastrada", "Criar acesso")
	id := strings.TrimPrefix(res.Header.Get("Location"), "/psychologists/")

	registryExpect(t, "edit form", c.get(t, "/psychologists/"+id+"/edit"), http.StatusOK,
		`value="62,5"`, `value="529.982.247-25"`, `value="(11) 98765-4321"`)
	form := registryPsychologistForm("Carla Dias Lima")
	form.Set("payout_share", "60")
	form.Del("active")
	registryExpect(t, "after edit", registryFollow(t, c, c.post(t, "/psychologists/"+id, form)),
		http.StatusOK, "Carla Dias Lima", "60%", "Inativa")

	res = c.post(t, "/psychologists/"+id+"/account", url.Values{"username": {"ana"}})
	registryExpect(t, "taken username", res, http.StatusConflict, "já está em uso")
	res = c.post(t, "/psychologists/"+id+"/account", url.Values{"username": {"carla"}})
	registryExpect(t, "account", res, http.StatusOK, "Senha provisória de <strong>carla</strong>")
	res = c.post(t, "/psychologists/"+id+"/account", url.Values{"username": {"carla2"}})
	registryExpect(t, "second account", res, http.StatusConflict, "já tem uma conta")
}

func TestPsychologistListAgendaReview(t *testing.T) {
	app := newRegistryApp(t)
	set := func(id int64, at any) {
		err := app.db.WriteTx(context.Background(), func(tx *sql.Tx) error {
			_, err := tx.Exec("UPDATE psychologists SET agenda_reviewed_at = ? WHERE id = ?", at, id)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	set(app.anaID, "2026-12-01T12:00:00Z") // 3 days before the test clock
	set(app.biaID, "2026-11-20T12:00:00Z") // 14 days before
	res := app.reception.get(t, "/psychologists")
	registryExpect(t, "list", res, http.StatusOK, "Ana Lima", "Bia Souza",
		`<span>revisou a agenda em 01/12/2026</span>`,
		`<span class="text-danger fw-medium"><i class="bi bi-exclamation-circle" aria-hidden="true"></i> revisou a agenda em 20/11/2026</span>`)
	if strings.Contains(res.Body, `href="/psychologists/new"`) {
		t.Error("reception sees the new psychologist button")
	}
	set(app.anaID, nil)
	registryExpect(t, "never", app.reception.get(t, "/psychologists"), http.StatusOK, "nunca revisou a agenda")
	registryExpect(t, "page", app.reception.get(t, "/psychologists/"+strconv.FormatInt(app.anaID, 10)),
		http.StatusOK, "Ana Lima", "nunca revisou a agenda")
	for _, path := range []string{"/psychologists/new", "/psychologists/1/edit"} {
		if res := app.reception.get(t, path); res.StatusCode != http.StatusForbidden {
			t.Errorf("reception %s: %d", path, res.StatusCode)
		}
	}
	if res := app.ana.get(t, "/psychologists"); res.StatusCode != http.StatusForbidden {
		t.Errorf("psychologist /psychologists: %d", res.StatusCode)
	}
	registryExpect(t, "missing", app.admin.get(t, "/psychologists/99"), http.StatusNotFound)
}
