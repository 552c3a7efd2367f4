package web

import (
	"context"
	"database/sql"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"

	"kpsicologia/app/clinic"
)

// scheduleWeb is a clinic for the scheduling pages: rooms, two
// psychologists with accounts, and patients.
type scheduleWeb struct {
	app          *testApp
	room1, room2 int64
	paula, ana   int64
	maria, joao  int64 // Paula's patients
	carla        int64 // Ana's patient
}

func scheduleWebFixture(t *testing.T) *scheduleWeb {
	t.Helper()
	return scheduleWebFixtureOn(t, newTestApp(t))
}

// scheduleWebFixtureOn fills app, which is not set up yet.
func scheduleWebFixtureOn(t *testing.T, app *testApp) *scheduleWeb {
	t.Helper()
	app.setup(t)
	f := &scheduleWeb{app: app}
	f.paula = insertTestPsychologist(t, app, "Dra. Paula")
	f.ana = insertTestPsychologist(t, app, "Dra. Ana")
	f.exec(t, `INSERT INTO units (id, name) VALUES (1, 'Centro')`)
	f.room1 = f.exec(t, `INSERT INTO rooms (unit_id, name) VALUES (1, 'Sala 1')`)
	f.room2 = f.exec(t, `INSERT INTO rooms (unit_id, name) VALUES (1, 'Sala 2')`)
	f.maria = f.patient(t, "Maria Souza", f.paula)
	f.joao = f.patient(t, "João Pereira", f.paula)
	f.carla = f.patient(t, "Carla Dias", f.ana)
	app.createUser(t, "recepcao", clinic.RoleReception, 0)
	app.createUser(t, "paula", clinic.RolePsychologist, f.paula)
	app.createUser(t, "ana", clinic.RolePsychologist, f.ana)
	return f
}

// exec runs a fixture statement and returns the new row's id.
func (f *scheduleWeb) exec(t *testing.T, query string, args ...any) int64 {
	t.Helper()
	var id int64
	err := f.app.db.WriteTx(context.Background(), func(tx *sql.Tx) error {
		res, err := tx.Exec(query, args...)
		if err != nil {
			return err
		}
		id, err = res.LastInsertId()
		return err
	})
	if err != nil {
		t.Fatalf("exec %q: %v", query, err)
	}
	return id
}

func (f *scheduleWeb) patient(t *testing.T, name string, psyID int64) int64 {
	t.Helper()
	return f.exec(t, `INSERT INTO patients (name, psychologist_id, price_cents,
		created_at, updated_at) VALUES (?, ?, 15000, 'x', 'x')`, name, psyID)
}

func (f *scheduleWeb) count(t *testing.T, query string, args ...any) int {
	t.Helper()
	var n int
	if err := f.app.db.Read().QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatalf("count %q: %v", query, err)
	}
	return n
}

// oneOffForm is a one-off booking at 14:00 for 50 minutes.
func (f *scheduleWeb) oneOffForm(patient, psy, room int64, date string) url.Values {
	return url.Values{"kind": {"one_off"}, "patient_id": {scheduleID(patient)},
		"psychologist_id": {scheduleID(psy)}, "modality": {"in_person"}, "room_id": {scheduleID(room)},
		"date": {date}, "time": {"14:00"}, "minutes": {"50"}}
}

func scheduleID(n int64) string { return strconv.FormatInt(n, 10) }

// scheduleWantStatus fails unless res has status code.
func scheduleWantStatus(t *testing.T, res response, code int) {
	t.Helper()
	if res.StatusCode != code {
		t.Fatalf("status %d, want %d; messages: %s", res.StatusCode, code, schedulePageMessages(res.Body))
	}
}

// schedulePageMessages returns the error texts of a page, for failure output.
func schedulePageMessages(body string) string {
	var out []string
	for _, marker := range []string{`class="alert alert-danger"`, `class="invalid-feedback"`} {
		rest := body
		for {
			i := strings.Index(rest, marker)
			if i < 0 {
				break
			}
			rest = rest[i+len(marker):]
			end := strings.Index(rest, "</div>")
			if end < 0 {
				break
			}
			out = append(out, html.UnescapeString(rest[:end]))
		}
	}
	return strings.Join(out, " | ")
}

// scheduleWantBody fails unless the page shows text (after HTML unescaping).
func scheduleWantBody(t *testing.T, res response, text string) {
	t.Helper()
	if !strings.Contains(html.UnescapeString(res.Body), text) {
		t.Errorf("page does not show %q", text)
	}
}

func TestBookingFormPrefill(t *testing.T) {
	f := scheduleWebFixture(t)
	c := f.app.login(t, "recepcao")
	res := c.get(t, fmt.Sprintf("/sessions/new?patient_id=%d&room_id=%d&date=2026-12-07&time=14:00", f.carla, f.room2))
	scheduleWantStatus(t, res, http.StatusOK)
	for _, part := range []string{
		fmt.Sprintf(`<option value="%d" data-psychologist="%d" data-frequency="weekly" selected>Carla Dias</option>`, f.carla, f.ana),
		fmt.Sprintf(`<option value="%d" data-minutes="50" selected>Dra. Ana</option>`, f.ana),
		fmt.Sprintf(`<option value="%d" selected>Sala 2 · Centro</option>`, f.room2),
		`value="2026-12-07"`, `value="14:00"`, `name="override"`,
	} {
		if !strings.Contains(res.Body, part) {
			t.Errorf("form lacks %s", part)
		}
	}
	// A psychologist gets only her own name and no override box.
	res = f.app.login(t, "paula").get(t, "/sessions/new")
	scheduleWantStatus(t, res, http.StatusOK)
	if strings.Contains(res.Body, "Dra. Ana") || strings.Contains(res.Body, `name="override"`) ||
		strings.Contains(res.Body, "Carla Dias") {
		t.Errorf("psychologist's form shows other psychologists, their patients or the override")
	}
}

func TestBookingSeriesRedirects(t *testing.T) {
	f := scheduleWebFixture(t)
	c := f.app.login(t, "recepcao")
	form := f.oneOffForm(f.maria, f.paula, f.room2, "07/12/2026")
	form.Set("kind", "series")
	form.Set("frequency", "biweekly")
	res := c.post(t, "/sessions", form)
	scheduleWantStatus(t, res, http.StatusSeeOther)
	if loc := res.Header.Get("Location"); loc != "/agenda?date=2026-12-07" {
		t.Errorf("redirect to %q, want /agenda?date=2026-12-07", loc)
	}
	if n := f.count(t, `SELECT count(*) FROM sessions WHERE patient_id = ?`, f.maria); n != 6 {
		t.Errorf("%d sessions, want 6 biweekly ones in 12 weeks", n)
	}
	// The flash says what was booked.
	page := c.get(t, "/availability")
	scheduleWantBody(t, page, "Horário fixo agendado: segundas-feiras às 14:00, quinzenal, a partir de 07/12/2026.")

	// The partner on the other weeks fits; a weekly one does not.
	partner := f.oneOffForm(f.joao, f.paula, f.room2, "2026-12-14")
	partner.Set("kind", "series")
	partner.Set("frequency", "biweekly")
	scheduleWantStatus(t, c.post(t, "/sessions", partner), http.StatusSeeOther)
	weekly := f.oneOffForm(f.carla, f.ana, f.room2, "2026-12-21")
	weekly.Set("kind", "series")
	weekly.Set("frequency", "weekly")
	res = c.post(t, "/sessions", weekly)
	scheduleWantStatus(t, res, http.StatusConflict)
	scheduleWantBody(t, res, "Conflito: a Sala 2 já está ocupada em 21/12/2026 das 14:00 às 14:50 por Maria S. com Dra. Paula.")
}

func TestBookingKeepsInputOnError(t *testing.T) {
	f := scheduleWebFixture(t)
	c := f.app.login(t, "recepcao")
	form := f.oneOffForm(f.maria, f.paula, 0, "2026-12-07")
	form.Set("time", "15:35")
	form.Set("notes", "primeira consulta")
	res := c.post(t, "/sessions", form)
	scheduleWantStatus(t, res, http.StatusUnprocessableEntity)
	scheduleWantBody(t, res, "Escolha a sala, ou marque a sessão como online.")
	for _, part := range []string{`value="15:35"`, "primeira consulta", `id="kind-one_off" value="one_off" checked`} {
		if !strings.Contains(res.Body, part) {
			t.Errorf("the failed form lost %s", part)
		}
	}
}

func TestBookingConcurrency(t *testing.T) {
	f := scheduleWebFixture(t)
	const n = 30
	patients := make([]int64, n)
	clients := make([]*testClient, n)
	for i := range n {
		patients[i] = f.patient(t, fmt.Sprintf("Paciente%02d Teste", i), f.ana)
		clients[i] = f.app.login(t, "recepcao")
	}

	start := make(chan struct{})
	results := make([]response, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			// Each goroutine books a different patient with a different
			// pairing, so only the room is contested.
			psy := f.ana
			if i%2 == 1 {
				psy = f.paula
			}
			form := f.oneOffForm(patients[i], psy, f.room2, "2026-12-07")
			results[i] = clients[i].post(t, "/sessions", form)
		}()
	}
	close(start)
	wg.Wait()

	var winner int64
	var winnerPsy string
	err := f.app.db.Read().QueryRow(`SELECT s.patient_id, ps.name FROM sessions s
		JOIN psychologists ps ON ps.id = s.psychologist_id WHERE s.room_id = ?`, f.room2).Scan(&winner, &winnerPsy)
	if err != nil {
		t.Fatalf("read the stored session: %v", err)
	}
	if k := f.count(t, `SELECT count(*) FROM sessions`); k != 1 {
		t.Fatalf("%d sessions stored, want exactly 1", k)
	}
	idx := -1
	for i, p := range patients {
		if p == winner {
			idx = i
		}
	}
	want := fmt.Sprintf("Conflito: a Sala 2 já está ocupada em 07/12/2026 das 14:00 às 14:50 por Paciente%02d T. com %s.", idx, winnerPsy)
	ok, conflicts := 0, 0
	for i, res := range results {
		switch res.StatusCode {
		case http.StatusSeeOther:
			ok++
			if i != idx {
				t.Errorf("request %d succeeded but patient %d holds the slot", i, idx)
			}
		case http.StatusConflict:
			conflicts++
			if !strings.Contains(html.UnescapeString(res.Body), want) {
				t.Errorf("request %d: 409 without the message %q", i, want)
			}
		default:
			t.Errorf("request %d: status %d", i, res.StatusCode)
		}
	}
	if ok != 1 || conflicts != n-1 {
		t.Errorf("%d booked and %d conflicts, want 1 and %d", ok, conflicts, n-1)
	}
}

func TestPsychologistBooking(t *testing.T) {
	f := scheduleWebFixture(t)
	ana := f.app.login(t, "ana")
	scheduleWantStatus(t, ana.post(t, "/sessions", f.oneOffForm(f.carla, f.ana, f.room2, "2026-12-07")), http.StatusSeeOther)

	paula := f.app.login(t, "paula")
	res := paula.post(t, "/sessions", f.oneOffForm(f.maria, f.paula, f.room2, "2026-12-07"))
	scheduleWantStatus(t, res, http.StatusConflict)
	scheduleWantBody(t, res, "Conflito: a Sala 2 já está ocupada em 07/12/2026 das 14:00 às 14:50 por uma sessão de Dra. Ana.")
	if strings.Contains(res.Body, "Carla") {
		t.Errorf("Paula sees Ana's patient's name")
	}

	res = paula.post(t, "/sessions", f.oneOffForm(f.maria, f.paula, f.room1, "2026-12-07"))
	scheduleWantStatus(t, res, http.StatusSeeOther)
	if loc := res.Header.Get("Location"); loc != "/my/agenda?date=2026-12-07" {
		t.Errorf("psychologist redirected to %q", loc)
	}
	// Another psychologist's patient or agenda is out of reach.
	res = paula.post(t, "/sessions", f.oneOffForm(f.carla, f.paula, f.room1, "2026-12-08"))
	scheduleWantStatus(t, res, http.StatusNotFound)
	res = paula.post(t, "/sessions", f.oneOffForm(f.maria, f.ana, f.room1, "2026-12-08"))
	scheduleWantStatus(t, res, http.StatusUnprocessableEntity)
	var anaSession int64
	f.app.db.Read().QueryRow(`SELECT id FROM sessions WHERE psychologist_id = ?`, f.ana).Scan(&anaSession)
	scheduleWantStatus(t, paula.get(t, fmt.Sprintf("/sessions/%d", anaSession)), http.StatusNotFound)
	scheduleWantStatus(t, ana.get(t, fmt.Sprintf("/sessions/%d", anaSession)), http.StatusOK)
}

func TestSessionPageActions(t *testing.T) {
	f := scheduleWebFixture(t)
	c := f.app.login(t, "recepcao")
	form := f.oneOffForm(f.maria, f.paula, f.room2, "2026-12-07")
	form.Set("kind", "series")
	form.Set("frequency", "weekly")
	scheduleWantStatus(t, c.post(t, "/sessions", form), http.StatusSeeOther)
	sessionOn := func(date string) int64 {
		var sid int64
		f.app.db.Read().QueryRow(`SELECT id FROM sessions WHERE occurrence_date = ?`, date).Scan(&sid)
		return sid
	}

	first := sessionOn("2026-12-07")
	page := c.get(t, fmt.Sprintf("/sessions/%d", first))
	scheduleWantStatus(t, page, http.StatusOK)
	scheduleWantBody(t, page, "segunda-feira, 07/12/2026")
	scheduleWantBody(t, page, "Remarcar só esta sessão")

	// Move this session only.
	res := c.post(t, fmt.Sprintf("/sessions/%d/move", first), url.Values{
		"move_date": {"2026-12-08"}, "move_time": {"10:00"}, "move_minutes": {"50"},
		"move_modality": {"in_person"}, "move_room_id": {scheduleID(f.room1)}})
	scheduleWantStatus(t, res, http.StatusSeeOther)
	if loc := res.Header.Get("Location"); loc != "/agenda?date=2026-12-08" {
		t.Errorf("move redirected to %q", loc)
	}
	// Booking over the moved session shows the conflict.
	res = c.post(t, "/sessions", f.oneOffForm(f.carla, f.ana, f.room1, "2026-12-08"))
	scheduleWantStatus(t, res, http.StatusSeeOther)
	res = c.post(t, fmt.Sprintf("/sessions/%d/move", first), url.Values{
		"move_date": {"08/12/2026"}, "move_time": {"14:30"}, "move_minutes": {"50"},
		"move_modality": {"in_person"}, "move_room_id": {scheduleID(f.room1)}})
	scheduleWantStatus(t, res, http.StatusConflict)
	scheduleWantBody(t, res, "Conflito: a Sala 1 já está ocupada em 08/12/2026 das 14:00 às 14:50 por Carla D. com Dra. Ana.")
	if !strings.Contains(res.Body, `value="14:30"`) || !strings.Contains(res.Body, "<details class=\"card mb-2 schedule-action\" open>") {
		t.Errorf("the failed move form lost its input or folded away")
	}

	// Cancel one.
	second := sessionOn("2026-12-14")
	res = c.post(t, fmt.Sprintf("/sessions/%d/cancel", second), url.Values{
		"cancel_status": {"cancelled_patient"}, "cancel_reason": {"viagem"}})
	scheduleWantStatus(t, res, http.StatusSeeOther)
	if k := f.count(t, `SELECT count(*) FROM sessions WHERE id = ? AND status = 'cancelled_patient'`, second); k != 1 {
		t.Errorf("session not cancelled")
	}
	res = c.post(t, fmt.Sprintf("/sessions/%d/cancel", second), url.Values{"cancel_status": {"cancelled_clinic"}})
	scheduleWantStatus(t, res, http.StatusConflict)

	// This and the following ones: Wednesdays at 09:00 from 23/12.
	third := sessionOn("2026-12-21")
	res = c.post(t, fmt.Sprintf("/sessions/%d/following", third), url.Values{
		"chg_from": {"2026-12-21"}, "chg_date": {"2026-12-23"}, "chg_time": {"09:00"},
		"chg_minutes": {"50"}, "chg_modality": {"online"}, "chg_frequency": {"weekly"},
		"chg_psychologist_id": {scheduleID(f.paula)}})
	scheduleWantStatus(t, res, http.StatusSeeOther)
	if k := f.count(t, `SELECT count(*) FROM series`); k != 2 {
		t.Errorf("%d series, want the old and the new", k)
	}
	var newSeries int64
	f.app.db.Read().QueryRow(`SELECT max(id) FROM series`).Scan(&newSeries)
	if k := f.count(t, `SELECT count(*) FROM sessions WHERE series_id = ? AND date = '2026-12-23' AND modality = 'online'`, newSeries); k != 1 {
		t.Errorf("the new series has no online session on 23/12")
	}

	// End the new series from its page.
	page = c.get(t, fmt.Sprintf("/series/%d", newSeries))
	scheduleWantStatus(t, page, http.StatusOK)
	scheduleWantBody(t, page, "quartas-feiras, 09:00 às 09:50, semanal")
	res = c.post(t, fmt.Sprintf("/series/%d/end", newSeries), url.Values{"end_end_date": {"2027-01-06"}})
	scheduleWantStatus(t, res, http.StatusUnprocessableEntity)
	scheduleWantBody(t, res, "Informe o motivo")
	res = c.post(t, fmt.Sprintf("/series/%d/end", newSeries), url.Values{
		"end_end_date": {"2027-01-06"}, "end_reason": {"Alta"}})
	scheduleWantStatus(t, res, http.StatusSeeOther)
	if k := f.count(t, `SELECT count(*) FROM sessions WHERE series_id = ? AND date > '2027-01-06'`, newSeries); k != 0 {
		t.Errorf("%d sessions after the end", k)
	}
}

func TestOverrideIsAudited(t *testing.T) {
	f := scheduleWebFixture(t)
	f.exec(t, `INSERT INTO room_hours (room_id, weekday, opens, closes) VALUES (?, 1, '08:00', '14:30')`, f.room2)
	c := f.app.login(t, "recepcao")
	form := f.oneOffForm(f.maria, f.paula, f.room2, "2026-12-07")
	res := c.post(t, "/sessions", form)
	scheduleWantStatus(t, res, http.StatusUnprocessableEntity)
	scheduleWantBody(t, res, "A Sala 2 fecha às 14:30 às segundas-feiras; a sessão terminaria às 14:50.")
	form.Set("override", "1")
	form.Set("override_reason", "última sessão do dia, combinado com a limpeza")
	scheduleWantStatus(t, c.post(t, "/sessions", form), http.StatusSeeOther)
	if k := f.count(t, `SELECT count(*) FROM audit_log WHERE username = 'recepcao'
		AND detail LIKE '%motivo: última sessão do dia%'`); k != 1 {
		t.Errorf("the override is not in the audit log")
	}
	// A psychologist cannot override.
	form = f.oneOffForm(f.joao, f.paula, f.room2, "2026-12-14")
	form.Set("override", "1")
	form.Set("override_reason", "eu quero")
	res = f.app.login(t, "paula").post(t, "/sessions", form)
	scheduleWantStatus(t, res, http.StatusUnprocessableEntity)
}

func TestAvailabilityPages(t *testing.T) {
	f := scheduleWebFixture(t)
	paula := f.app.login(t, "paula")
	res := paula.get(t, "/availability")
	scheduleWantStatus(t, res, http.StatusOK)
	scheduleWantBody(t, res, "Revisei minha agenda")
	scheduleWantBody(t, res, "Você ainda não revisou sua agenda.")

	// Paula cannot edit Ana's hours by naming her.
	res = paula.post(t, "/availability/weekly", url.Values{"psychologist_id": {scheduleID(f.ana)},
		"wk_weekday": {"1"}, "wk_starts": {"08:00"}, "wk_ends": {"12:00"}})
	scheduleWantStatus(t, res, http.StatusSeeOther)
	if k := f.count(t, `SELECT count(*) FROM availability WHERE psychologist_id = ?`, f.ana); k != 0 {
		t.Errorf("Paula wrote Ana's availability")
	}
	if k := f.count(t, `SELECT count(*) FROM availability WHERE psychologist_id = ?`, f.paula); k != 1 {
		t.Errorf("Paula's own range not stored")
	}
	res = paula.post(t, "/availability/weekly", url.Values{
		"wk_weekday": {"1"}, "wk_starts": {"11:00"}, "wk_ends": {"13:00"}})
	scheduleWantStatus(t, res, http.StatusUnprocessableEntity)
	scheduleWantBody(t, res, "Já existe o horário das 08:00 às 12:00 às segundas-feiras")

	scheduleWantStatus(t, paula.post(t, "/availability/reviewed", nil), http.StatusSeeOther)
	res = paula.get(t, "/availability")
	scheduleWantBody(t, res, "Última revisão em 04/12/2026 13:00.")

	// Staff pick a psychologist.
	rec := f.app.login(t, "recepcao")
	res = rec.get(t, fmt.Sprintf("/availability?psychologist_id=%d", f.paula))
	scheduleWantStatus(t, res, http.StatusOK)
	scheduleWantBody(t, res, "Disponibilidade de Dra. Paula")
	scheduleWantBody(t, res, "08:00–12:00")
	res = rec.post(t, "/availability/dates", url.Values{"psychologist_id": {scheduleID(f.ana)},
		"dt_date": {"12/12/2026"}, "dt_starts": {"08:00"}, "dt_ends": {"12:00"}})
	scheduleWantStatus(t, res, http.StatusSeeOther)
	if loc := res.Header.Get("Location"); loc != fmt.Sprintf("/availability?psychologist_id=%d", f.ana) {
		t.Errorf("redirect %q", loc)
	}
}

func TestBlockFlow(t *testing.T) {
	f := scheduleWebFixture(t)
	rec := f.app.login(t, "recepcao")
	form := f.oneOffForm(f.maria, f.paula, f.room2, "2026-12-07")
	form.Set("kind", "series")
	form.Set("frequency", "weekly")
	scheduleWantStatus(t, rec.post(t, "/sessions", form), http.StatusSeeOther)

	paula := f.app.login(t, "paula")
	res := paula.post(t, "/blocks", url.Values{"starts_on": {"2026-12-12"}, "ends_on": {"2026-12-28"},
		"reason": {"Férias"}})
	scheduleWantStatus(t, res, http.StatusSeeOther)
	loc := res.Header.Get("Location")
	if !strings.HasPrefix(loc, "/blocks/") {
		t.Fatalf("block with sessions redirected to %q, want its page", loc)
	}
	page := paula.get(t, loc)
	scheduleWantStatus(t, page, http.StatusOK)
	scheduleWantBody(t, page, "<strong>3 sessões</strong>")
	scheduleWantBody(t, page, "segunda-feira, 14/12/2026")
	// Ana cannot open it.
	scheduleWantStatus(t, f.app.login(t, "ana").get(t, loc), http.StatusNotFound)

	var ids []string
	rows, _ := f.app.db.Read().Query(`SELECT id FROM sessions WHERE date IN ('2026-12-14', '2026-12-21')`)
	for rows.Next() {
		var sid int64
		rows.Scan(&sid)
		ids = append(ids, scheduleID(sid))
	}
	rows.Close()
	res = rec.post(t, loc+"/cancel-sessions", url.Values{"session_id": ids})
	scheduleWantStatus(t, res, http.StatusSeeOther)
	if k := f.count(t, `SELECT count(*) FROM sessions WHERE status = 'cancelled_clinic' AND notes LIKE '%Bloqueio: Férias%'`); k != 2 {
		t.Errorf("%d sessions cancelled for the block, want 2", k)
	}
	page = rec.get(t, loc)
	scheduleWantBody(t, page, "<strong>1 sessão</strong> ainda está agendada")

	res = rec.post(t, "/blocks", url.Values{"starts_on": {"2027-02-01"}, "reason": {""}})
	scheduleWantStatus(t, res, http.StatusUnprocessableEntity)
	scheduleWantBody(t, res, "Escolha a psicóloga.")
}

func TestHolidaysPage(t *testing.T) {
	f := scheduleWebFixture(t)
	admin := f.app.login(t, "admin")
	scheduleWantStatus(t, admin.post(t, "/sessions", f.oneOffForm(f.maria, f.paula, f.room2, "2027-01-25")), http.StatusSeeOther)
	res := admin.post(t, "/holidays/local", url.Values{"hol_date": {"25/01/2027"},
		"hol_name": {"Aniversário de São Paulo"}, "hol_yearly": {"1"}})
	scheduleWantStatus(t, res, http.StatusSeeOther)
	res = admin.post(t, "/holidays/closures", url.Values{"cl_date": {"2026-12-24"}, "cl_reason": {""}})
	scheduleWantStatus(t, res, http.StatusUnprocessableEntity)
	scheduleWantBody(t, res, "Informe o motivo")
	scheduleWantStatus(t, admin.post(t, "/holidays/closures", url.Values{"cl_date": {"2026-12-24"},
		"cl_reason": {"Recesso"}}), http.StatusSeeOther)

	page := admin.get(t, "/holidays")
	scheduleWantStatus(t, page, http.StatusOK)
	scheduleWantBody(t, page, "Aniversário de São Paulo")
	scheduleWantBody(t, page, "1 sessão")
	scheduleWantBody(t, page, "Recesso")
	scheduleWantBody(t, page, "Natal")

	res = admin.post(t, "/holidays/call-off", url.Values{"date": {"2027-01-25"}, "reason": {"Feriado municipal"}})
	scheduleWantStatus(t, res, http.StatusSeeOther)
	if k := f.count(t, `SELECT count(*) FROM sessions WHERE status = 'holiday'`); k != 1 {
		t.Errorf("%d sessions marked as holiday, want 1", k)
	}
	// A new booking on the holiday now needs an override.
	res = admin.post(t, "/sessions", f.oneOffForm(f.joao, f.paula, f.room2, "2027-01-25"))
	scheduleWantStatus(t, res, http.StatusUnprocessableEntity)
	scheduleWantBody(t, res, "25/01/2027 é feriado (Aniversário de São Paulo).")
	scheduleWantStatus(t, f.app.login(t, "recepcao").get(t, "/holidays"), http.StatusForbidden)
}

func TestRoomClosedDay(t *testing.T) {
	f := scheduleWebFixture(t)
	f.exec(t, `INSERT INTO room_hours (room_id, weekday, opens, closes) VALUES (?, 1, '08:00', '20:00')`, f.room1)
	admin := f.app.login(t, "admin")
	// Sala 1 has hours on Mondays only, so Wednesday is closed.
	res := admin.post(t, "/sessions", f.oneOffForm(f.maria, f.paula, f.room1, "2026-12-09"))
	scheduleWantStatus(t, res, http.StatusUnprocessableEntity)
	scheduleWantBody(t, res, "A Sala 1 não abre às quartas-feiras.")
	scheduleWantStatus(t, admin.post(t, "/sessions", f.oneOffForm(f.maria, f.paula, f.room1, "2026-12-07")), http.StatusSeeOther)
}

func TestPatientPageSessions(t *testing.T) {
	f := scheduleWebFixture(t)
	rec := f.app.login(t, "recepcao")
	form := f.oneOffForm(f.maria, f.paula, f.room2, "2026-12-07")
	form.Set("kind", "series")
	form.Set("frequency", "weekly")
	scheduleWantStatus(t, rec.post(t, "/sessions", form), http.StatusSeeOther)

	for _, user := range []string{"recepcao", "paula"} {
		page := f.app.login(t, user).get(t, fmt.Sprintf("/patients/%d", f.maria))
		scheduleWantStatus(t, page, http.StatusOK)
		scheduleWantBody(t, page, "segundas-feiras, 14:00 às 14:50, semanal")
		scheduleWantBody(t, page, "segunda-feira, 07/12/2026 às 14:00")
		scheduleWantBody(t, page, "Há mais sessões nas próximas 12 semanas.")
		if !strings.Contains(page.Body, "21/12/2026 às 14:00") {
			t.Errorf("%s: the third session is not listed", user)
		}
	}
	page := rec.get(t, fmt.Sprintf("/patients/%d", f.joao))
	scheduleWantBody(t, page, "Nenhuma sessão agendada nas próximas 12 semanas.")
}
