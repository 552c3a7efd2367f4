package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestUnitPages(t *testing.T) {
	app := newRegistryApp(t)
	c := app.admin

	registryExpect(t, "empty list", c.get(t, "/units"), http.StatusOK, "Nenhuma unidade ainda")
	registryExpect(t, "new form", c.get(t, "/units/new"), http.StatusOK, `name="cep"`)

	res := c.post(t, "/units", url.Values{"name": {"Centro"}, "address": {"Rua X"},
		"cep": {"1234-567"}, "active": {"1"}})
	registryExpect(t, "bad CEP", res, http.StatusUnprocessableEntity,
		"Precisa ter 8 dígitos", `value="1234-567"`, `value="Centro"`)
	if n := registryCount(t, app.testApp, "SELECT count(*) FROM units"); n != 0 {
		t.Fatalf("units after a bad form = %d", n)
	}

	res = c.post(t, "/units", url.Values{"name": {"Centro"}, "address": {"Av. Paulista, 1000"},
		"cep": {"01310100"}, "active": {"1"}})
	page := registryFollow(t, c, res)
	registryExpect(t, "list", page, http.StatusOK, "Centro", "CEP 01310-100",
		"Unidade Centro cadastrada", "Nenhuma sala nesta unidade")

	res = c.post(t, "/units", url.Values{"name": {"centro"}})
	registryExpect(t, "duplicate", res, http.StatusConflict, "Já existe a unidade Centro")

	registryExpect(t, "edit form", c.get(t, "/units/1/edit"), http.StatusOK,
		`value="01310-100"`, `value="Av. Paulista, 1000"`)
	res = c.post(t, "/units/1", url.Values{"name": {"Centro Novo"}, "cep": {"01310-100"}})
	registryExpect(t, "after edit", registryFollow(t, c, res), http.StatusOK,
		"Centro Novo", "Inativa")
	registryExpect(t, "missing unit", c.get(t, "/units/99/edit"), http.StatusNotFound)

	for _, other := range []*testClient{app.reception, app.ana} {
		if res := other.get(t, "/units"); res.StatusCode != http.StatusForbidden {
			t.Errorf("non-admin /units: %d", res.StatusCode)
		}
	}
}

func TestRoomPages(t *testing.T) {
	app := newRegistryApp(t)
	c := app.admin
	c.post(t, "/units", url.Values{"name": {"Centro"}, "active": {"1"}})

	registryExpect(t, "new room form", c.get(t, "/units/1/rooms/new"), http.StatusOK,
		`name="opens_1" value="08:00"`, `name="closes_6" value="12:00"`,
		`name="opens_0" value=""`, "Sábado")

	form := url.Values{"name": {"Sala 1"}, "color": {"#336699"}, "active": {"1"},
		"opens_1": {"08:00"}, "closes_1": {"07:00"}, "opens_6": {"09:00"}}
	res := c.post(t, "/units/1/rooms", form)
	registryExpect(t, "bad hours", res, http.StatusUnprocessableEntity,
		"A hora de fechar precisa ser depois", "Digite a hora em que a sala fecha no sábado",
		`value="Sala 1"`, `value="#336699"`)
	if n := registryCount(t, app.testApp, "SELECT count(*) FROM rooms"); n != 0 {
		t.Fatalf("rooms after a bad form = %d", n)
	}

	form = url.Values{"name": {"Sala 1"}, "color": {"#336699"}, "active": {"1"}}
	for _, d := range []string{"1", "2", "3", "4", "5"} {
		form.Set("opens_"+d, "08:00")
		form.Set("closes_"+d, "20:00")
	}
	form.Set("opens_6", "08:00")
	form.Set("closes_6", "12:00")
	page := registryFollow(t, c, c.post(t, "/units/1/rooms", form))
	registryExpect(t, "list with room", page, http.StatusOK, "Sala 1",
		"seg a sex 08:00–20:00", "sáb 08:00–12:00", "dom fechada")

	registryExpect(t, "edit room", c.get(t, "/rooms/1/edit"), http.StatusOK,
		`value="Sala 1"`, `name="closes_6" value="12:00"`)
	form.Set("closes_6", "")
	form.Set("opens_6", "")
	registryFollow(t, c, c.post(t, "/rooms/1", form))
	if n := registryCount(t, app.testApp, "SELECT count(*) FROM room_hours WHERE room_id = 1"); n != 5 {
		t.Errorf("room_hours after closing saturday = %d, want 5", n)
	}
	registryExpect(t, "missing room", c.get(t, "/rooms/9/edit"), http.StatusNotFound)
	registryExpect(t, "room in missing unit", c.post(t, "/units/9/rooms", form), http.StatusNotFound)
}

func TestCataloguePages(t *testing.T) {
	app := newRegistryApp(t)
	c := app.admin
	registryExpect(t, "list", c.get(t, "/catalogues"), http.StatusOK,
		"Especialidades", "Públicos atendidos", "Crianças", "Idosos")

	res := c.post(t, "/catalogues/audiences", url.Values{"name": {"Gestantes"}})
	registryExpect(t, "after add", registryFollow(t, c, res), http.StatusOK, `value="Gestantes"`)

	res = c.post(t, "/catalogues/audiences", url.Values{"name": {"CRIANCAS"}})
	registryExpect(t, "duplicate", res, http.StatusConflict,
		"Crianças já está na lista", `value="CRIANCAS"`)

	var id string
	app.db.Read().QueryRow("SELECT id FROM audiences WHERE name = 'Gestantes'").Scan(&id)
	res = c.post(t, "/catalogues/audiences/"+id, url.Values{"name": {"Gestantes e puérperas"}})
	registryExpect(t, "after rename", registryFollow(t, c, res), http.StatusOK,
		`value="Gestantes e puérperas"`)

	res = c.post(t, "/catalogues/audiences/"+id, url.Values{"name": {""}})
	registryExpect(t, "blank rename", res, http.StatusUnprocessableEntity, "Digite o nome")

	res = c.post(t, "/catalogues/audiences/"+id+"/delete", nil)
	page := registryFollow(t, c, res)
	if strings.Contains(page.Body, "Gestantes") {
		t.Error("deleted item still listed")
	}
	registryExpect(t, "unknown catalogue", c.post(t, "/catalogues/users", url.Values{"name": {"x"}}),
		http.StatusNotFound)
	if res := app.reception.get(t, "/catalogues"); res.StatusCode != http.StatusForbidden {
		t.Errorf("reception /catalogues: %d", res.StatusCode)
	}
}
