package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"kpsicologia/app/clinic"
)

func TestAuditPagePortuguese(t *testing.T) {
	app := newTestApp(t)
	app.setup(t)
	admin := app.login(t, "admin")
	res := admin.post(t, "/units", url.Values{"name": {"Centro"}, "cep": {"01310-100"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create unit: status %d", res.StatusCode)
	}

	tests := []struct {
		name, path string
		want, not  []string
	}{
		{"all", "/audit", []string{"primeiro acesso", "cadastrou", "unidade nº 1", "Todos os registros"},
			[]string{">setup<", ">create<", ">unit #"}},
		{"filtered", "/audit?entity=unit", []string{"cadastrou", "unidade nº 1"},
			[]string{"primeiro acesso"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := admin.get(t, tt.path)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("GET %s: status %d", tt.path, res.StatusCode)
			}
			for _, w := range tt.want {
				if !strings.Contains(res.Body, w) {
					t.Errorf("GET %s lacks %q", tt.path, w)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(res.Body, n) {
					t.Errorf("GET %s shows %q", tt.path, n)
				}
			}
		})
	}
}

func TestAuditLabelFallback(t *testing.T) {
	tests := []struct {
		name, got, want string
	}{
		{"known action", auditActionLabel("move"), "remarcou"},
		{"unknown action", auditActionLabel("frobnicate"), "frobnicate"},
		{"known entity", auditEntityLabel("series"), "horário fixo"},
		{"unknown entity", auditEntityLabel("widget"), "widget"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, tt.got, tt.want)
		}
	}
}

func TestMoneyInputRoundTrip(t *testing.T) {
	tests := []struct {
		cents int64
		want  string
	}{
		{15050, "150,50"},
		{248000, "2.480,00"},
		{5, "0,05"},
		{123456789, "1.234.567,89"},
	}
	for _, tt := range tests {
		got := moneyInput(tt.cents)
		if got != tt.want {
			t.Errorf("moneyInput(%d) = %q, want %q", tt.cents, got, tt.want)
		}
		back, err := clinic.ParseMoney(got)
		if err != nil || back != tt.cents {
			t.Errorf("ParseMoney(%q) = %d, %v, want %d", got, back, err, tt.cents)
		}
	}
}

func TestPluralCounts(t *testing.T) {
	tests := []struct {
		n    int
		want string
	}{
		{0, "0 sessões"},
		{1, "1 sessão"},
		{2, "2 sessões"},
	}
	for _, tt := range tests {
		if got := plural(tt.n, "sessão", "sessões"); got != tt.want {
			t.Errorf("plural(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}

func TestSessionPageLinksAttendance(t *testing.T) {
	f := financeFixtureNew(t)
	past := f.session(t, f.patient1, f.psyA, "2026-12-02", "09:00", 15000)
	future := f.session(t, f.patient1, f.psyA, "2026-12-09", "09:00", 15000)
	attendance := func(id int64) string {
		return fmt.Sprintf(`href="/attendance/%d?return=/sessions/%d"`, id, id)
	}

	tests := []struct {
		name, user string
		id         int64
		want       bool
	}{
		{"past for reception", "recepcao", past, true},
		{"future for reception", "recepcao", future, false},
		{"past for own psychologist", "ana", past, true},
		{"past for admin", "admin", past, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := f.app.login(t, tt.user).get(t, fmt.Sprintf("/sessions/%d", tt.id))
			if res.StatusCode != http.StatusOK {
				t.Fatalf("GET /sessions/%d: status %d", tt.id, res.StatusCode)
			}
			if got := strings.Contains(res.Body, attendance(tt.id)); got != tt.want {
				t.Errorf("attendance link shown = %v, want %v", got, tt.want)
			}
		})
	}

	res := f.app.login(t, "recepcao").get(t, fmt.Sprintf("/attendance/%d?return=/sessions/%d", past, past))
	if !strings.Contains(res.Body, fmt.Sprintf(`href="/sessions/%d"`, past)) {
		t.Errorf("attendance page does not lead back to the session")
	}
}

func TestDashboardFirstSteps(t *testing.T) {
	f := financeFixtureNew(t)
	fresh := newTestApp(t)
	fresh.setup(t)

	res := fresh.login(t, "admin").get(t, "/")
	step := func(href string) string {
		return `btn-outline-primary" href="` + href + `"`
	}
	for _, want := range []string{"Primeiros passos", step("/units"), step("/import"), step("/users/new")} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("new clinic's home lacks %q", want)
		}
	}

	// The fixture has rooms, psychologists, patients and a reception
	// account, but nobody's weekly hours yet.
	res = f.app.login(t, "admin").get(t, "/")
	if !strings.Contains(res.Body, step("/availability")) || strings.Contains(res.Body, step("/units")) {
		t.Errorf("home with only availability missing does not point to it alone")
	}
	if res := f.app.login(t, "recepcao").get(t, "/"); strings.Contains(res.Body, "Primeiros passos") {
		t.Errorf("reception's home shows the admin's checklist")
	}

	financeFixtureExec(t, f.app, `INSERT INTO availability (psychologist_id, weekday,
		starts, ends) VALUES (?, 1, '08:00', '12:00')`, f.psyA)
	if res := f.app.login(t, "admin").get(t, "/"); strings.Contains(res.Body, "Primeiros passos") {
		t.Errorf("home still shows the checklist after every step is done")
	}
}
