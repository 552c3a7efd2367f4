package web

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"kpsicologia/app/clinic"
)

// agendaFixtureApp is a test server with the realistic clinic, a
// reception account "recepcao" and the psychologist accounts "ana" (Ana
// Beatriz Lima) and "bruno" (Bruno Carvalho).
func agendaFixtureApp(t *testing.T) (*testApp, agendaFixtureClinic) {
	t.Helper()
	app := newTestApp(t)
	app.setup(t)
	c := agendaFixtureBuild(t, app)
	app.createUser(t, "recepcao", clinic.RoleReception, 0)
	app.createUser(t, "ana", clinic.RolePsychologist, c.psychologists[0])
	app.createUser(t, "bruno", clinic.RolePsychologist, c.psychologists[1])
	return app, c
}

func TestAgendaRoutesByRole(t *testing.T) {
	app, c := agendaFixtureApp(t)
	ana, bruno := c.psychologists[0], c.psychologists[1]
	tests := []struct {
		user   string
		path   string
		status int
		want   string
	}{
		{"admin", "/agenda", 200, "Agenda central"},
		{"recepcao", "/agenda?view=week&by=psychologist", 200, "Bruno Carvalho"},
		{"ana", "/agenda", 403, ""},
		{"recepcao", "/agenda/print?date=2026-12-04", 200, "Presença"},
		{"ana", "/agenda/print", 403, ""},
		{"recepcao", "/agenda/free", 200, "Horários livres"},
		{"ana", "/agenda/free", 403, ""},
		{"ana", "/my/agenda", 200, "Minha agenda"},
		{"recepcao", "/my/agenda", 403, ""},
		{"admin", "/my/agenda", 403, ""},
		{"ana", fmt.Sprintf("/psychologists/%d/agenda", ana), 200, "Ana Beatriz Lima"},
		{"ana", fmt.Sprintf("/psychologists/%d/agenda", bruno), 404, ""},
		{"bruno", fmt.Sprintf("/psychologists/%d/agenda?view=month", ana), 404, ""},
		{"recepcao", fmt.Sprintf("/psychologists/%d/agenda", bruno), 200, "Agenda de Bruno Carvalho"},
		{"admin", "/psychologists/99999/agenda", 404, ""},
	}
	clients := map[string]*testClient{}
	for _, tt := range tests {
		t.Run(tt.user+" "+tt.path, func(t *testing.T) {
			cl := clients[tt.user]
			if cl == nil {
				cl = app.login(t, tt.user)
				clients[tt.user] = cl
			}
			res := cl.get(t, tt.path)
			if res.StatusCode != tt.status {
				t.Fatalf("status = %d, want %d", res.StatusCode, tt.status)
			}
			if tt.want != "" && !strings.Contains(res.Body, tt.want) {
				t.Errorf("body lacks %q", tt.want)
			}
			if tt.status == 404 && strings.Contains(res.Body, "Bruno Carvalho") && tt.user == "ana" {
				t.Errorf("404 page shows the other psychologist's name")
			}
		})
	}
}

func TestAgendaDayView(t *testing.T) {
	app, c := agendaFixtureApp(t)
	res := app.login(t, "recepcao").get(t, fmt.Sprintf("/agenda?date=2026-12-04&unit=%d", c.centro))
	if res.StatusCode != 200 {
		t.Fatalf("status %d", res.StatusCode)
	}
	body := res.Body
	checks := []struct{ name, want string }{
		{"today marked", "hoje</span>"},
		{"current time", "Agora 13:00"},
		{"social name", "Joana Almeida"},
		{"emergency", "Emergencial"},
		{"online", "Online"},
		{"conflict", "Conflito"},
		{"cancelled", "Desmarcada pelo paciente"},
		{"confirmed", "Confirmada"},
		{"block link", fmt.Sprintf(`href="/sessions/%d"`, c.special["emergency"])},
		{"empty cell booking", fmt.Sprintf(`/sessions/new?date=2026-12-04&amp;room_id=%d&amp;time=07%%3A00`, c.rooms["Sala 1"])},
		{"psychologist colour", "--ag-color:#dc3545;"},
		{"print link", fmt.Sprintf("/agenda/print?date=2026-12-04&amp;unit=%d", c.centro)},
	}
	for _, ch := range checks {
		if !strings.Contains(body, ch.want) {
			t.Errorf("%s: body lacks %q", ch.name, ch.want)
		}
	}
	for _, absent := range []string{"João Pedro Almeida", "Paciente Removido", ">Sala Azul</a>"} {
		if strings.Contains(body, absent) {
			t.Errorf("body shows %q", absent)
		}
	}
	if i, j := strings.Index(body, ">Sala 2</a>"), strings.Index(body, ">Sala 10</a>"); i < 0 || j < 0 || i > j {
		t.Errorf("Sala 2 (at %d) should come before Sala 10 (at %d)", i, j)
	}
}

// TestAgendaOffHours: on Saturday nobody has hours, so every
// psychologist's column is shaded but still books, except Helena's, who
// is on vacation.
func TestAgendaOffHours(t *testing.T) {
	app, c := agendaFixtureApp(t)
	body := app.login(t, "recepcao").get(t, fmt.Sprintf("/agenda?date=2026-12-05&by=psychologist&all=1&unit=%d", c.centro)).Body
	if !strings.Contains(body, "Não atende neste dia") {
		t.Errorf("Saturday: want the off-day note")
	}
	if n := strings.Count(body, `class="ag-slot  ag-off"`) + strings.Count(body, `class="ag-slot ag-hour ag-off"`); n == 0 {
		t.Errorf("Saturday: no shaded cells")
	}
	// Only Helena, on vacation, has a closed column.
	closed := strings.Count(body, `class="ag-slot  ag-closed"`) + strings.Count(body, `class="ag-slot ag-hour ag-closed"`)
	if rows := strings.Count(body, `class="ag-time`); closed != rows || !strings.Contains(body, "Férias até 11/12") {
		t.Errorf("Saturday: %d closed cells, want one column of %d (Helena's vacation)", closed, rows)
	}
	fallback := app.login(t, "recepcao").get(t, fmt.Sprintf("/agenda?date=2026-12-05&by=psychologist&unit=%d", c.centro)).Body
	if !strings.Contains(fallback, "mostrando todas") {
		t.Errorf("Saturday without all=1: want the note that every psychologist is shown")
	}
}

func TestAgendaDefaultsToFirstUnit(t *testing.T) {
	app, _ := agendaFixtureApp(t)
	cl := app.login(t, "recepcao")
	body := cl.get(t, "/agenda?date=2026-12-04").Body
	if !strings.Contains(body, ">Sala 1</a>") || strings.Contains(body, ">Sala Azul</a>") {
		t.Errorf("default unit: want Centro's rooms only")
	}
	all := cl.get(t, "/agenda?date=2026-12-04&unit=0").Body
	if !strings.Contains(all, ">Sala Azul</a>") || !strings.Contains(all, ">Sala 1</a>") {
		t.Errorf("every unit: want the rooms of both units")
	}
}

func TestAgendaFilters(t *testing.T) {
	app, c := agendaFixtureApp(t)
	cl := app.login(t, "recepcao")
	base := fmt.Sprintf("/agenda?date=2026-12-04&unit=%d", c.centro)

	online := cl.get(t, base+"&modality=online").Body
	if !strings.Contains(online, "Joana Almeida") || strings.Contains(online, ">Sala 1</a>") {
		t.Errorf("online filter: want the online column only")
	}
	active := cl.get(t, base+"&status=active").Body
	if strings.Contains(active, "ag-badge-cancelled") {
		t.Errorf("active filter shows a cancelled session")
	}
	room := cl.get(t, fmt.Sprintf("%s&room=%d", base, c.rooms["Sala 9"])).Body
	if !strings.Contains(room, "Otávio Rezende") || strings.Contains(room, ">Sala 1</a>") {
		t.Errorf("room filter: want Sala 9 alone")
	}
	psy := cl.get(t, fmt.Sprintf("%s&by=psychologist&psychologist=%d", base, c.psychologists[6])).Body
	if !strings.Contains(psy, "Gabriela Moura") || strings.Contains(psy, ">Ana Beatriz Lima</a>") {
		t.Errorf("psychologist filter: want Gabriela's column alone")
	}
	if res := cl.get(t, "/agenda?date=garbage&view=nonsense&unit=abc"); res.StatusCode != 200 {
		t.Errorf("malformed parameters: status %d, want the default agenda", res.StatusCode)
	}
}

func TestAgendaWeekView(t *testing.T) {
	app, c := agendaFixtureApp(t)
	cl := app.login(t, "recepcao")
	body := cl.get(t, "/agenda?date=2026-12-09&view=week&by=psychologist&unit=0").Body
	for _, want := range []string{"7 a 13 de dezembro de 2026", "Feriado: Nossa Senhora da Conceição",
		"seg 07/12", "sex 11/12", "Férias até 11/12", "ag-holiday"} {
		if !strings.Contains(body, want) {
			t.Errorf("body lacks %q", want)
		}
	}
	if strings.Contains(body, "dom 13/12") {
		t.Errorf("week shows an unused Sunday")
	}
	prev := "by=psychologist&amp;date=2026-12-02&amp;unit=0&amp;view=week"
	if !strings.Contains(body, prev) {
		t.Errorf("previous-week link missing: %q", prev)
	}
	rooms := cl.get(t, fmt.Sprintf("/agenda?date=2026-12-04&view=week&unit=%d", c.centro)).Body
	if !strings.Contains(rooms, "ag-today") || !strings.Contains(rooms, fmt.Sprintf("room_id=%d", c.rooms["Sala 3"])) {
		t.Errorf("week by room: want today marked and booking links per room")
	}
}

// TestAgendaLargeClinic renders the week and the day of a clinic with 60
// psychologists and 40 rooms. The store's query count is checked in the
// sqlite package, and here the pages must render every column within a
// bounded size.
func TestAgendaLargeClinic(t *testing.T) {
	app := newTestApp(t)
	app.setup(t)
	agendaFixtureLarge(t, app, 40, 60)
	app.createUser(t, "recepcao", clinic.RoleReception, 0)
	cl := app.login(t, "recepcao")
	pages := []struct {
		path     string
		maxBytes int
		want     []string
	}{
		{"/agenda?date=2026-12-01&view=week&by=psychologist", 1_200_000, []string{"Psicóloga 01", "Psicóloga 60"}},
		{"/agenda?date=2026-12-01&view=week", 1_200_000, []string{">Sala 1</a>", ">Sala 40</a>"}},
		{"/agenda?date=2026-12-01&by=psychologist", 1_200_000, []string{"Psicóloga 01", "Psicóloga 60"}},
		{"/agenda?date=2026-12-01", 1_200_000, []string{">Sala 1</a>", ">Sala 40</a>"}},
	}
	for _, p := range pages {
		start := time.Now()
		res := cl.get(t, p.path)
		elapsed := time.Since(start)
		if res.StatusCode != 200 {
			t.Fatalf("%s: status %d", p.path, res.StatusCode)
		}
		if strings.Contains(res.Body, "ag-conflict") {
			t.Errorf("%s: a conflict in a clinic without clashes", p.path)
		}
		if len(res.Body) > p.maxBytes {
			t.Errorf("%s: %d bytes, want at most %d", p.path, len(res.Body), p.maxBytes)
		}
		for _, w := range p.want {
			if !strings.Contains(res.Body, w) {
				t.Errorf("%s: lacks %q", p.path, w)
			}
		}
		t.Logf("%s: %d bytes in %v", p.path, len(res.Body), elapsed)
	}
}

func TestAgendaOwn(t *testing.T) {
	app, c := agendaFixtureApp(t)
	cl := app.login(t, "ana")
	week := cl.get(t, "/my/agenda?date=2026-12-04").Body
	for _, want := range []string{"30 de novembro a 6 de dezembro de 2026", "Agora 13:00",
		"Atende 08:00–12:00 · 13:00–18:00", "Desmarcada pelo paciente", "Sexta-feira, 4 de dezembro de 2026"} {
		if !strings.Contains(week, want) {
			t.Errorf("week lacks %q", want)
		}
	}
	// Only Ana's sessions: Bruno's patients' sessions have his colour.
	if strings.Contains(week, "--ag-color:#198754") {
		t.Errorf("Ana's agenda shows a session of Bruno's")
	}
	if strings.Contains(week, "/sessions/new") {
		t.Errorf("a psychologist's own agenda offers booking")
	}
	month := cl.get(t, "/my/agenda?view=month&date=2026-12-15").Body
	for _, want := range []string{"Dezembro de 2026", "Feriado: Natal", "Feriado: Nossa Senhora da Conceição"} {
		if !strings.Contains(month, want) {
			t.Errorf("month lacks %q", want)
		}
	}
	day := cl.get(t, "/my/agenda?view=day&date=2026-12-08").Body
	if !strings.Contains(day, "Feriado: Nossa Senhora da Conceição") || !strings.Contains(day, "ag-badge-holiday") {
		t.Errorf("holiday day: want the banner and holiday sessions")
	}
	staff := app.login(t, "recepcao").get(t, fmt.Sprintf("/psychologists/%d/agenda?date=2026-12-04", c.psychologists[7])).Body
	if !strings.Contains(staff, "Férias até 11/12") || !strings.Contains(staff, "/sessions/new?date=2026-12-04") {
		t.Errorf("staff view of Helena: want her vacation and booking links")
	}
}

var agendaSheetRow = regexp.MustCompile(`<td class="ag-sheet-time">(\d\d:\d\d)–\d\d:\d\d</td>\s*<td>([^<]*)</td>`)

func TestAgendaPrint(t *testing.T) {
	app, c := agendaFixtureApp(t)
	res := app.login(t, "recepcao").get(t, fmt.Sprintf("/agenda/print?date=2026-12-04&unit=%d", c.centro))
	if res.StatusCode != 200 {
		t.Fatalf("status %d", res.StatusCode)
	}
	body := res.Body
	if strings.Contains(body, `id="sidebar"`) {
		t.Errorf("the day sheet has the sidebar")
	}
	for _, want := range []string{"Agenda do dia · Sexta-feira, 4 de dezembro de 2026", "Centro",
		"ag-sheet-box", "(11) 91234-5678", "Otávio Rezende", "desmarcada", "data-print"} {
		if !strings.Contains(body, want) {
			t.Errorf("sheet lacks %q", want)
		}
	}
	if strings.Contains(body, "Gustavo Siqueira") {
		t.Errorf("the sheet lists a cancelled session")
	}
	rows := agendaSheetRow.FindAllStringSubmatch(body, -1)
	if len(rows) < 20 {
		t.Fatalf("%d rows, want a full day", len(rows))
	}
	for i := 1; i < len(rows); i++ {
		prev, cur := rows[i-1], rows[i]
		if prev[1] > cur[1] || prev[1] == cur[1] && agendaSheetRoomAfter(prev[2], cur[2]) {
			t.Errorf("row %d (%s %s) comes after row %d (%s %s)", i, cur[1], cur[2], i-1, prev[1], prev[2])
		}
	}
}

// agendaSheetRoomAfter reports whether room a sorts after room b on the
// sheet: by number, with online sessions last.
func agendaSheetRoomAfter(a, b string) bool {
	if a == "Online" || b == "Online" {
		return a == "Online" && b != "Online"
	}
	var na, nb int
	fmt.Sscanf(a, "Sala %d", &na)
	fmt.Sscanf(b, "Sala %d", &nb)
	return na > nb
}

func TestAgendaFreePage(t *testing.T) {
	app, c := agendaFixtureApp(t)
	cl := app.login(t, "recepcao")
	res := cl.get(t, fmt.Sprintf("/agenda/free?from=2026-12-07&weekday=2&unit=%d", c.centro))
	if res.StatusCode != 200 {
		t.Fatalf("status %d", res.StatusCode)
	}
	for _, want := range []string{"Semanal", "Quinzenal", "Terça-feira",
		"08/12 (Nossa Senhora da Conceição)", "frequency=biweekly", "frequency=weekly",
		"/sessions/new?date=2026-12-15"} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("results lack %q", want)
		}
	}
	online := cl.get(t, fmt.Sprintf("/agenda/free?from=2026-12-07&weekday=2&unit=%d&modality=online&period=evening", c.centro)).Body
	if !strings.Contains(online, "modality=online") || strings.Contains(online, "time=08:") {
		t.Errorf("online evening search: want online links in the evening only")
	}
	bad := cl.get(t, "/agenda/free?weeks=99&from=31/02/2026")
	if bad.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("invalid search: status %d, want 422", bad.StatusCode)
	}
	for _, want := range []string{"Escolha de 2 a 26 semanas.", "Data inválida", `value="99"`, "is-invalid"} {
		if !strings.Contains(bad.Body, want) {
			t.Errorf("invalid search lacks %q", want)
		}
	}
}

func TestAgendaUnlinkedPsychologist(t *testing.T) {
	app, c := agendaFixtureApp(t)
	app.createUser(t, "semvinculo", clinic.RolePsychologist, c.psychologists[2])
	agendaFixtureExec(t, app, `UPDATE users SET psychologist_id = NULL WHERE username = 'semvinculo'`)
	res := app.login(t, "semvinculo").get(t, "/my/agenda")
	if res.StatusCode != http.StatusNotFound || !strings.Contains(res.Body, "não está ligada") {
		t.Errorf("status %d, want 404 with an explanation", res.StatusCode)
	}
}
