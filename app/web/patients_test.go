package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
)

func registryPatientForm(name string) url.Values {
	return url.Values{"name": {name}, "phone": {"(11) 98765-4321"},
		"price": {"150,00"}, "frequency": {"weekly"}}
}

func TestPatientsEmptyState(t *testing.T) {
	app := newRegistryApp(t)
	registryExpect(t, "reception", app.reception.get(t, "/patients"), http.StatusOK,
		"Nenhum paciente ainda — importe sua planilha ou cadastre o primeiro",
		`href="/import"`, `href="/patients/new"`)
	res := app.ana.get(t, "/patients")
	registryExpect(t, "psychologist", res, http.StatusOK, "Nenhum paciente ligado a você")
	if strings.Contains(res.Body, `href="/patients/new"`) {
		t.Error("psychologist sees the new patient link")
	}
}

func TestPatientCreateFlow(t *testing.T) {
	app := newRegistryApp(t)
	c := app.reception
	registryExpect(t, "new form", c.get(t, "/patients/new"), http.StatusOK,
		"Ana Lima", "Bia Souza", `<option value="weekly" selected>`)

	form := registryPatientForm("José da Conceição")
	form.Set("social_name", "Zé")
	form.Set("birth_date", "5/3/1990")
	form.Set("cpf", "52998224725")
	form.Set("psychologist_id", strconv.FormatInt(app.anaID, 10))
	form.Set("price", "R$ 1.234,5")
	form.Set("consent_messages", "1")
	res := c.post(t, "/patients", form)
	if res.StatusCode != http.StatusSeeOther || !strings.HasSuffix(res.Header.Get("Location"), "?created=1") {
		t.Fatalf("create: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	id := strings.TrimSuffix(strings.TrimPrefix(res.Header.Get("Location"), "/patients/"), "?created=1")
	page := c.get(t, res.Header.Get("Location"))
	registryExpect(t, "patient page", page, http.StatusOK, "Paciente Zé cadastrado.",
		"Agendar primeira sessão", `href="/sessions/new?patient_id=`+id+`"`,
		"Nome civil: José da Conceição", "05/03/1990", "36 anos", "529.982.247-25",
		"(11) 98765-4321", "R$ 1.234,50", "Ana Lima", "Semanal", "aceita receber")

	again := c.get(t, "/patients/"+id)
	if strings.Contains(again.Body, "Agendar primeira sessão") {
		t.Error("the first-session call appears again on a later visit")
	}
	registryExpect(t, "edit form", c.get(t, "/patients/"+id+"/edit"), http.StatusOK,
		`value="05/03/1990"`, `value="529.982.247-25"`, `value="1.234,50"`,
		`value="(11) 98765-4321"`)

	edit := registryPatientForm("José da Conceição")
	edit.Set("cpf", "529.982.247-25")
	edit.Set("price", "200")
	registryExpect(t, "after edit", registryFollow(t, c, c.post(t, "/patients/"+id, edit)),
		http.StatusOK, "Cadastro salvo.", "R$ 200,00", "José da Conceição")
}

func TestPatientInvalidForm(t *testing.T) {
	app := newRegistryApp(t)
	form := url.Values{"name": {"Maria"}, "birth_date": {"31/02/2010"},
		"phone": {"9876-5432"}, "email": {"maria@"}, "cpf": {"111.111.111-11"},
		"price": {"150.50"}, "frequency": {"monthly"}, "psychologist_id": {"abc"},
		"guardian_cpf": {"12"}}
	res := app.reception.post(t, "/patients", form)
	registryExpect(t, "invalid", res, http.StatusUnprocessableEntity,
		"Essa data não existe", "Digite o DDD e o número completo",
		"Não é um e-mail válido", "todos os dígitos iguais",
		"Não dá para saber se o ponto", "Escolha semanal ou quinzenal",
		"Escolha uma das opções da lista", `value="31/02/2010"`, `value="150.50"`,
		`value="9876-5432"`, `value="maria@"`, `aria-invalid="true"`)

	minor := registryPatientForm("Pedrinho")
	minor.Set("birth_date", "01/01/2015")
	res = app.reception.post(t, "/patients", minor)
	registryExpect(t, "minor", res, http.StatusUnprocessableEntity,
		"Paciente menor de 18 anos: digite o nome do responsável",
		"Paciente menor de 18 anos: digite o CPF do responsável",
		"Paciente menor de 18 anos: digite o telefone do responsável")
	if n := registryCount(t, app.testApp, "SELECT count(*) FROM patients"); n != 0 {
		t.Errorf("patients after bad forms = %d", n)
	}
}

func TestPatientDuplicateCPFMessages(t *testing.T) {
	app := newRegistryApp(t)
	first := registryCreatePatient(t, app.testApp, "Primeira Paciente", "52998224725", 0)
	form := registryPatientForm("Outra")
	form.Set("cpf", "529.982.247-25")
	res := app.reception.post(t, "/patients", form)
	registryExpect(t, "active duplicate", res, http.StatusConflict,
		"Este CPF já é do paciente Primeira Paciente",
		fmt.Sprintf(`href="/patients/%d"`, first), `value="Outra"`)

	app.reception.post(t, fmt.Sprintf("/patients/%d/delete", first), url.Values{"reason": {"duplicado"}})
	res = app.reception.post(t, "/patients", form)
	registryExpect(t, "deleted duplicate", res, http.StatusConflict,
		"paciente excluído em 04/12/2026", fmt.Sprintf(`action="/patients/%d/restore"`, first),
		"Restaurar Primeira Paciente")
	if strings.Contains(res.Body, "UNIQUE") || strings.Contains(res.Body, "constraint") {
		t.Error("raw database error on the page")
	}
	if n := registryCount(t, app.testApp, "SELECT count(*) FROM patients"); n != 1 {
		t.Errorf("patients = %d, want 1", n)
	}
}

func TestPatientConcurrentCreateSameCPF(t *testing.T) {
	app := newRegistryApp(t)
	clients := []*testClient{app.reception, app.admin}
	results := make([]response, len(clients))
	var wg sync.WaitGroup
	for i, c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			form := registryPatientForm(fmt.Sprintf("Paciente %d", i))
			form.Set("cpf", "52998224725")
			results[i] = c.post(t, "/patients", form)
		}()
	}
	wg.Wait()
	created, conflicts := 0, 0
	for _, res := range results {
		switch res.StatusCode {
		case http.StatusSeeOther:
			created++
		case http.StatusConflict:
			conflicts++
			if !strings.Contains(res.Body, "Este CPF já é do paciente Paciente") {
				t.Errorf("conflict without a clear message:\n%s", registryBodyText(res.Body))
			}
		default:
			t.Errorf("status %d", res.StatusCode)
		}
	}
	if created != 1 || conflicts != 1 {
		t.Errorf("created %d, conflicts %d", created, conflicts)
	}
	if n := registryCount(t, app.testApp, "SELECT count(*) FROM patients"); n != 1 {
		t.Errorf("patients = %d, want 1", n)
	}
}

func TestPatientSearchHTTP(t *testing.T) {
	app := newRegistryApp(t)
	registryCreatePatient(t, app.testApp, "José Silva", "12345678909", app.anaID)
	registryCreatePatient(t, app.testApp, "Jose Santos", "", app.anaID)
	registryCreatePatient(t, app.testApp, "Maria da Conceição", "", app.biaID)
	registryCreatePatient(t, app.testApp, "João Pereira", "", 0)
	tests := []struct {
		query string
		found []string
		not   []string
	}{
		{"jose", []string{"José Silva", "Jose Santos"}, []string{"Maria"}},
		{"conceicao", []string{"Maria da Conceição"}, []string{"José"}},
		{"JOÃO", []string{"João Pereira"}, []string{"José"}},
		{"11987", []string{"José Silva", "Maria da Conceição"}, nil},
		{"123.456", []string{"José Silva"}, []string{"Jose Santos"}},
		{"zzz", []string{"Nenhum paciente encontrado para “zzz”"}, []string{"José"}},
	}
	for _, tt := range tests {
		res := app.reception.get(t, "/patients?q="+url.QueryEscape(tt.query))
		registryExpect(t, "search "+tt.query, res, http.StatusOK, tt.found...)
		for _, n := range tt.not {
			if strings.Contains(res.Body, n) {
				t.Errorf("search %q lists %q", tt.query, n)
			}
		}
	}
	res := app.reception.get(t, "/patients?psychologist_id="+strconv.FormatInt(app.biaID, 10))
	registryExpect(t, "filter Bia", res, http.StatusOK, "Maria da Conceição")
	if strings.Contains(res.Body, "José Silva") {
		t.Error("Bia's filter lists Ana's patient")
	}
	res = app.reception.get(t, "/patients?psychologist_id=none")
	registryExpect(t, "filter none", res, http.StatusOK, "João Pereira")
	if strings.Contains(res.Body, "Maria da Conceição") {
		t.Error("no-psychologist filter lists Bia's patient")
	}
	res = app.reception.get(t, "/patients?status=deleted&q=jose")
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/patients/deleted?q=jose" {
		t.Errorf("status=deleted: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
}

func TestPatientPaging(t *testing.T) {
	app := newRegistryApp(t)
	for i := range 55 {
		registryCreatePatient(t, app.testApp, fmt.Sprintf("Paciente %02d", i), "", 0)
	}
	res := app.reception.get(t, "/patients")
	registryExpect(t, "page 1", res, http.StatusOK, "Página 1 de 2 · 55 pacientes",
		`href="/patients?page=2"`, "Paciente 49")
	if strings.Contains(res.Body, "Paciente 50") {
		t.Error("page 1 lists the 51st patient")
	}
	registryExpect(t, "page 2", app.reception.get(t, "/patients?page=2"), http.StatusOK,
		"Paciente 54", `href="/patients"`)
	registryExpect(t, "search keeps the query", app.reception.get(t, "/patients?q=paciente"),
		http.StatusOK, `href="/patients?page=2&amp;q=paciente"`)
}

func TestPatientScopingHTTP(t *testing.T) {
	app := newRegistryApp(t)
	anas := registryCreatePatient(t, app.testApp, "Paciente da Ana", "", app.anaID)
	bias := registryCreatePatient(t, app.testApp, "Paciente da Bia", "52998224725", app.biaID)
	anaPath := fmt.Sprintf("/patients/%d", anas)
	biaPath := fmt.Sprintf("/patients/%d", bias)

	res := app.ana.get(t, "/patients")
	registryExpect(t, "Ana's list", res, http.StatusOK, "Paciente da Ana")
	if strings.Contains(res.Body, "Paciente da Bia") {
		t.Error("Ana's list shows Bia's patient")
	}
	if strings.Contains(res.Body, `name="psychologist_id"`) || strings.Contains(res.Body, `name="status"`) {
		t.Error("Ana sees the staff filters")
	}
	for _, q := range []string{"bia", "52998224725", "529.982"} {
		res := app.ana.get(t, "/patients?q="+url.QueryEscape(q))
		if strings.Contains(res.Body, "Paciente da Bia") {
			t.Errorf("Ana's search %q finds Bia's patient", q)
		}
	}
	res = app.ana.get(t, "/patients?psychologist_id="+strconv.FormatInt(app.biaID, 10))
	if strings.Contains(res.Body, "Paciente da Bia") {
		t.Error("Ana's filter by Bia shows Bia's patient")
	}
	registryExpect(t, "Ana opens Bia's patient", app.ana.get(t, biaPath), http.StatusNotFound)
	registryExpect(t, "Ana opens her patient", app.ana.get(t, anaPath), http.StatusOK,
		"Paciente da Ana", "Salvar observações")
	registryExpect(t, "Ana's notes on Bia's patient",
		app.ana.post(t, biaPath+"/notes", url.Values{"notes": {"x"}}), http.StatusNotFound)
	res = app.ana.post(t, anaPath+"/notes", url.Values{"notes": {"Prefere ligação à tarde"}})
	registryExpect(t, "Ana's notes", registryFollow(t, app.ana, res), http.StatusOK,
		"Observações salvas.", "Prefere ligação à tarde")
	registryExpect(t, "notes too long",
		app.ana.post(t, anaPath+"/notes", url.Values{"notes": {strings.Repeat("a", 5001)}}),
		http.StatusUnprocessableEntity, "Use no máximo 5000 caracteres")

	body := app.ana.get(t, anaPath).Body
	if strings.Contains(body, anaPath+"/edit") || strings.Contains(body, anaPath+"/delete") {
		t.Error("Ana sees edit or delete on her patient")
	}
	for _, r := range []struct{ method, path string }{
		{"GET", "/patients/new"}, {"POST", "/patients"}, {"GET", anaPath + "/edit"},
		{"POST", anaPath}, {"GET", anaPath + "/delete"}, {"POST", anaPath + "/delete"},
		{"POST", anaPath + "/restore"}, {"GET", "/patients/deleted"},
	} {
		var res response
		if r.method == "GET" {
			res = app.ana.get(t, r.path)
		} else {
			res = app.ana.post(t, r.path, registryPatientForm("X"))
		}
		if res.StatusCode != http.StatusForbidden {
			t.Errorf("Ana %s %s: %d, want 403", r.method, r.path, res.StatusCode)
		}
	}
	registryExpect(t, "reception sees both", app.reception.get(t, "/patients"), http.StatusOK,
		"Paciente da Ana", "Paciente da Bia")
}

func TestPatientDeleteRestoreHTTP(t *testing.T) {
	app := newRegistryApp(t)
	id := registryCreatePatient(t, app.testApp, "Maria Excluída", "52998224725", app.anaID)
	path := fmt.Sprintf("/patients/%d", id)
	c := app.reception

	registryExpect(t, "delete form", c.get(t, path+"/delete"), http.StatusOK,
		"Excluir Maria Excluída?", "Motivo da exclusão")
	registryExpect(t, "no reason", c.post(t, path+"/delete", url.Values{"reason": {"  "}}),
		http.StatusUnprocessableEntity, "Digite o motivo da exclusão")
	if n := registryCount(t, app.testApp, "SELECT count(*) FROM patients WHERE deleted_at IS NULL"); n != 1 {
		t.Fatal("a delete without reason deleted")
	}
	res := c.post(t, path+"/delete", url.Values{"reason": {"Encerrou o tratamento"}})
	list := registryFollow(t, c, res)
	registryExpect(t, "list after delete", list, http.StatusOK, "Maria Excluída excluído")
	if strings.Contains(list.Body, `href="`+path+`"`) {
		t.Error("deleted patient still listed")
	}
	if strings.Contains(c.get(t, "/patients?q=maria").Body, `href="`+path+`"`) {
		t.Error("deleted patient found by search")
	}
	if res := app.ana.get(t, path); res.StatusCode != http.StatusNotFound {
		t.Errorf("psychologist opens a deleted patient: %d", res.StatusCode)
	}
	registryExpect(t, "deleted list", c.get(t, "/patients/deleted"), http.StatusOK,
		"Maria Excluída", "Encerrou o tratamento", "por recepcao", path+"/restore")
	registryExpect(t, "deleted page", c.get(t, path), http.StatusOK,
		"Paciente excluído", "Encerrou o tratamento", "Restaurar paciente")
	registryExpect(t, "edit of deleted", c.get(t, path+"/edit"), http.StatusNotFound)

	page := registryFollow(t, c, c.post(t, path+"/restore", nil))
	registryExpect(t, "restored", page, http.StatusOK,
		"Paciente Maria Excluída restaurado", "Ana Lima", "529.982.247-25")
	if strings.Contains(page.Body, "Paciente excluído") {
		t.Error("restored page still shows the deleted banner")
	}
	registryExpect(t, "restore twice", c.post(t, path+"/restore", nil), http.StatusConflict, "não está excluído")
	registryExpect(t, "list after restore", c.get(t, "/patients"), http.StatusOK, `href="`+path+`"`)
	registryExpect(t, "restore missing", c.post(t, "/patients/999/restore", nil), http.StatusNotFound)
}

// TestRegistryJunkInputNever500 posts hostile values to every registry
// form: none may produce a server error or a raw database message.
func TestRegistryJunkInputNever500(t *testing.T) {
	app := newRegistryApp(t)
	registryCreatePatient(t, app.testApp, "Alvo", "", app.anaID)
	app.admin.post(t, "/units", url.Values{"name": {"Centro"}, "active": {"1"}})
	app.admin.post(t, "/units/1/rooms", url.Values{"name": {"Sala 1"}})
	junk := []string{"", " ", "\xff\xfe", strings.Repeat("9", 5000), "%_\\'\"; DROP TABLE patients; --",
		"-1", "99999999999999999999", "1e9", "<script>alert(1)</script>", "0"}
	fields := []string{"name", "social_name", "birth_date", "phone", "phone2", "email", "cpf",
		"guardian_name", "guardian_cpf", "guardian_phone", "price", "frequency", "psychologist_id",
		"notes", "address", "cep", "color", "crp", "session_minutes", "payout_share", "username",
		"reason", "opens_1", "closes_1", "specialty_ids", "unit_ids"}
	paths := []string{"/patients", "/patients/1", "/patients/1/notes", "/patients/1/delete",
		"/units", "/units/1", "/units/1/rooms", "/rooms/1", "/psychologists", "/psychologists/1",
		"/psychologists/1/account", "/catalogues/specialties", "/catalogues/specialties/1"}
	for _, path := range paths {
		for _, v := range junk {
			form := url.Values{}
			for _, f := range fields {
				form.Set(f, v)
			}
			res := app.admin.post(t, path, form)
			if res.StatusCode >= 500 || strings.Contains(res.Body, "constraint") ||
				strings.Contains(res.Body, "sqlite") {
				t.Errorf("POST %s with %.20q: status %d\n%s", path, v, res.StatusCode,
					registryBodyText(res.Body))
			}
		}
	}
	for _, q := range []string{"%", "_", "\\", "\xff", strings.Repeat("a", 3000), "' OR 1=1 --"} {
		res := app.admin.get(t, "/patients?q="+url.QueryEscape(q)+"&page=-5&psychologist_id=x&frequency=y")
		if res.StatusCode != http.StatusOK {
			t.Errorf("search %.20q: status %d", q, res.StatusCode)
		}
	}
}
