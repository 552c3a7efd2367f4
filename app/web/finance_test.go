package web

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"kpsicologia/app/clinic"
	"kpsicologia/app/sqlite"
)

// financeFixture is a clinic served over HTTP: an admin, a receptionist,
// two psychologists with accounts, a unit with a room, and one patient
// per psychologist.
type financeFixture struct {
	app                *testApp
	unit, room         int64
	psyA, psyB         int64
	patient1, patient2 int64
}

func financeFixtureExec(tb testing.TB, app *testApp, query string, args ...any) int64 {
	tb.Helper()
	var id int64
	err := app.db.WriteTx(context.Background(), func(tx *sql.Tx) error {
		res, err := tx.Exec(query, args...)
		if err != nil {
			return err
		}
		id, err = res.LastInsertId()
		return err
	})
	if err != nil {
		tb.Fatalf("exec %q: %v", query, err)
	}
	return id
}

func financeFixtureCount(tb testing.TB, app *testApp, query string, args ...any) int64 {
	tb.Helper()
	var n int64
	if err := app.db.Read().QueryRow(query, args...).Scan(&n); err != nil {
		tb.Fatalf("count %q: %v", query, err)
	}
	return n
}

func financeFixtureNew(tb testing.TB) *financeFixture {
	tb.Helper()
	app := newTestApp(tb)
	app.setup(tb)
	f := &financeFixture{app: app}
	const at = "2026-01-01T00:00:00Z"
	f.unit = financeFixtureExec(tb, app, "INSERT INTO units (name) VALUES ('Unidade Centro')")
	f.room = financeFixtureExec(tb, app, "INSERT INTO rooms (unit_id, name, color) VALUES (?, 'Sala Azul', '#4a7bd0')", f.unit)
	for wd := range 7 {
		financeFixtureExec(tb, app, "INSERT INTO room_hours VALUES (?, ?, '08:00', '20:00')", f.room, wd)
	}
	f.psyA = financeFixtureExec(tb, app, `INSERT INTO psychologists (name, color,
		payout_share_bp, created_at, updated_at) VALUES ('Dra. Ana Lima', '#8e44ad', 6000, ?, ?)`, at, at)
	f.psyB = financeFixtureExec(tb, app, `INSERT INTO psychologists (name, color,
		payout_share_bp, created_at, updated_at) VALUES ('Dr. Bruno Reis', '#16a085', 5000, ?, ?)`, at, at)
	f.patient1 = financeFixtureExec(tb, app, `INSERT INTO patients (name, phone,
		price_cents, psychologist_id, created_at, updated_at)
		VALUES ('Carla Souza', '11987654321', 15000, ?, ?, ?)`, f.psyA, at, at)
	f.patient2 = financeFixtureExec(tb, app, `INSERT INTO patients (name,
		price_cents, psychologist_id, guardian_name, guardian_cpf, created_at, updated_at)
		VALUES ('Davi Melo', 20000, ?, 'Elisa Melo', '52998224725', ?, ?)`, f.psyB, at, at)
	app.createUser(tb, "recepcao", clinic.RoleReception, 0)
	app.createUser(tb, "ana", clinic.RolePsychologist, f.psyA)
	app.createUser(tb, "bruno", clinic.RolePsychologist, f.psyB)
	financeFixtureExec(tb, app, "UPDATE users SET must_change_password = 0")
	return f
}

// session inserts a one-off session of 50 minutes in the fixture's room.
func (f *financeFixture) session(tb testing.TB, patient, psy int64, date, start string, price int64) int64 {
	tb.Helper()
	c := clinic.MustClock(start)
	return financeFixtureExec(tb, f.app, `INSERT INTO sessions (patient_id,
		psychologist_id, room_id, kind, date, start_min, end_min, price_cents,
		created_at, updated_at) VALUES (?, ?, ?, 'one_off', ?, ?, ?, ?,
		'2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`,
		patient, psy, f.room, date, int(c), int(c)+50, price)
}

func wantStatus(tb testing.TB, res response, status int, what string) {
	tb.Helper()
	if res.StatusCode != status {
		body := res.Body
		if len(body) > 600 {
			body = body[:600]
		}
		tb.Fatalf("%s: status %d, want %d; body: %s", what, res.StatusCode, status, body)
	}
}

func TestAttendanceConfirmOnceUnderConcurrency(t *testing.T) {
	f := financeFixtureNew(t)
	s := f.session(t, f.patient1, f.psyA, "2026-12-02", "14:00", 15000)
	clients := []*testClient{f.app.login(t, "admin"), f.app.login(t, "recepcao"), f.app.login(t, "ana")}

	const submits = 24
	var wg sync.WaitGroup
	statuses := make(chan int, submits)
	for i := range submits {
		c := clients[i%len(clients)]
		wg.Go(func() {
			res := c.post(t, fmt.Sprintf("/attendance/%d", s), url.Values{
				"status": {"done"}, "return": {"/attendance?date=2026-12-02"}})
			statuses <- res.StatusCode
		})
	}
	wg.Wait()
	close(statuses)
	for st := range statuses {
		if st != http.StatusSeeOther {
			t.Errorf("a confirmation answered %d, want 303", st)
		}
	}
	if n := financeFixtureCount(t, f.app, "SELECT count(*) FROM charges WHERE session_id = ?", s); n != 1 {
		t.Errorf("charges after %d submits = %d, want 1", submits, n)
	}
	if n := financeFixtureCount(t, f.app, "SELECT amount_cents FROM charges WHERE session_id = ?", s); n != 15000 {
		t.Errorf("charge amount = %d, want 15000", n)
	}
}

func TestAttendanceFormFlow(t *testing.T) {
	f := financeFixtureNew(t)
	admin := f.app.login(t, "admin")
	s := f.session(t, f.patient1, f.psyA, "2026-12-03", "09:00", 15000)

	res := admin.get(t, "/attendance?view=week&date=2026-12-03")
	wantStatus(t, res, http.StatusOK, "week list")
	for _, want := range []string{"Carla Souza", "Dra. Ana Lima", "Realizada", "Sala Azul"} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("week list lacks %q", want)
		}
	}
	// A patient's cancellation needs the notice time; the form keeps the
	// choice and says so.
	res = admin.post(t, fmt.Sprintf("/attendance/%d", s), url.Values{
		"status": {"cancelled_patient"}, "notice_at": {""}})
	wantStatus(t, res, http.StatusUnprocessableEntity, "cancellation without notice")
	if !strings.Contains(res.Body, "Digite a data e a hora do aviso") {
		t.Error("missing notice message")
	}
	// Typed the Brazilian way, 20 hours ahead: charged by the default
	// policy.
	res = admin.post(t, fmt.Sprintf("/attendance/%d", s), url.Values{
		"status": {"cancelled_patient"}, "notice_at": {"02/12/2026 13:00"}})
	wantStatus(t, res, http.StatusSeeOther, "late cancellation")
	if n := financeFixtureCount(t, f.app, "SELECT count(*) FROM charges WHERE session_id = ?", s); n != 1 {
		t.Errorf("late cancellation charges = %d, want 1", n)
	}
	res = admin.post(t, fmt.Sprintf("/attendance/%d", s), url.Values{"undo": {"1"}, "status": {"done"}})
	wantStatus(t, res, http.StatusSeeOther, "undo")
	if n := financeFixtureCount(t, f.app, "SELECT count(*) FROM charges"); n != 0 {
		t.Errorf("charges after undo = %d, want 0", n)
	}
}

func TestAttendanceBulkWeek(t *testing.T) {
	f := financeFixtureNew(t)
	ana := f.app.login(t, "ana")
	form := url.Values{"return": {"/attendance?view=week&date=2026-12-01"}}
	for _, d := range []string{"2026-11-30", "2026-12-01", "2026-12-02", "2026-12-03"} {
		form.Add("session", fmt.Sprint(f.session(t, f.patient1, f.psyA, d, "10:00", 15000)))
	}
	res := ana.post(t, "/attendance/bulk", form)
	wantStatus(t, res, http.StatusSeeOther, "bulk")
	if loc := res.Header.Get("Location"); loc != "/attendance?view=week&date=2026-12-01" {
		t.Errorf("bulk went to %q", loc)
	}
	if n := financeFixtureCount(t, f.app, "SELECT sum(amount_cents) FROM charges"); n != 60000 {
		t.Errorf("billed after bulk = %d, want 60000", n)
	}
	// Bruno's session in Ana's batch makes the whole batch fail.
	other := f.session(t, f.patient2, f.psyB, "2026-12-01", "11:00", 20000)
	mine := f.session(t, f.patient1, f.psyA, "2026-12-01", "12:00", 15000)
	res = ana.post(t, "/attendance/bulk", url.Values{"session": {fmt.Sprint(mine), fmt.Sprint(other)}})
	wantStatus(t, res, http.StatusNotFound, "bulk with another's session")
	if n := financeFixtureCount(t, f.app, "SELECT count(*) FROM charges WHERE session_id = ?", mine); n != 0 {
		t.Errorf("a rejected batch charged %d", n)
	}
}

func TestPaymentFormThreeThirds(t *testing.T) {
	f := financeFixtureNew(t)
	rec := f.app.login(t, "recepcao")
	admin := f.app.login(t, "admin")
	s := f.session(t, f.patient1, f.psyA, "2026-11-05", "09:00", 35070)
	wantStatus(t, admin.post(t, fmt.Sprintf("/attendance/%d", s), url.Values{"status": {"done"}}),
		http.StatusSeeOther, "confirm")

	res := rec.get(t, fmt.Sprintf("/patients/%d/payments/new", f.patient1))
	wantStatus(t, res, http.StatusOK, "payment form")
	if !strings.Contains(res.Body, `value="350,70"`) {
		t.Error("payment form does not offer the open R$ 350,70")
	}
	for i, date := range []string{"05/11/2026", "12/11/2026", "19/11/2026"} {
		form := url.Values{"amount": {"R$ 116,90"}, "date": {date}, "method": {"pix"},
			"payer_name": {"Carla Souza"}, "token": {fmt.Sprintf("tok-%d", i)}}
		res := rec.post(t, fmt.Sprintf("/patients/%d/payments", f.patient1), form)
		wantStatus(t, res, http.StatusSeeOther, "payment "+date)
		// The same form sent again records nothing.
		wantStatus(t, rec.post(t, fmt.Sprintf("/patients/%d/payments", f.patient1), form),
			http.StatusSeeOther, "replayed payment "+date)
	}
	if n := financeFixtureCount(t, f.app, "SELECT count(*) FROM payments"); n != 3 {
		t.Errorf("payments = %d, want 3", n)
	}
	res = rec.get(t, fmt.Sprintf("/patients/%d/ledger?from=", f.patient1))
	wantStatus(t, res, http.StatusOK, "ledger")
	if !strings.Contains(res.Body, "R$ 0,00") || !strings.Contains(res.Body, "em dia") {
		t.Error("ledger does not show a zero balance after three thirds")
	}
}

func TestPaymentFormKeepsInput(t *testing.T) {
	f := financeFixtureNew(t)
	rec := f.app.login(t, "recepcao")
	res := rec.post(t, fmt.Sprintf("/patients/%d/payments", f.patient1), url.Values{
		"amount": {"150.50"}, "date": {"04/12/2026"}, "method": {"cash"},
		"payer_name": {"Fulano de Tal"}, "payer_cpf": {"111.111.111-11"}, "token": {"x"}})
	wantStatus(t, res, http.StatusUnprocessableEntity, "bad payment")
	for _, want := range []string{`value="150.50"`, `value="Fulano de Tal"`, "is-invalid", "milhares"} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("re-rendered form lacks %q", want)
		}
	}
	if n := financeFixtureCount(t, f.app, "SELECT count(*) FROM payments"); n != 0 {
		t.Errorf("a rejected form stored %d payments", n)
	}
}

func TestClosingOverHTTP(t *testing.T) {
	f := financeFixtureNew(t)
	admin := f.app.login(t, "admin")
	rec := f.app.login(t, "recepcao")
	s := f.session(t, f.patient1, f.psyA, "2026-11-20", "09:00", 15000)

	res := admin.post(t, "/finance/closings", url.Values{"month": {"11/2026"}, "psychologist_id": {"0"}})
	wantStatus(t, res, http.StatusSeeOther, "close November")
	res = rec.post(t, fmt.Sprintf("/attendance/%d", s), url.Values{"status": {"done"}})
	wantStatus(t, res, http.StatusConflict, "attendance in a closed month")
	if !strings.Contains(res.Body, "O mês 11/2026 está fechado") {
		t.Error("closed-month message missing")
	}
	res = rec.post(t, fmt.Sprintf("/patients/%d/payments", f.patient1), url.Values{
		"amount": {"150,00"}, "date": {"2026-11-28"}, "method": {"pix"}, "token": {"a"}})
	wantStatus(t, res, http.StatusConflict, "payment in a closed month")

	var closing int64
	f.app.db.Read().QueryRow("SELECT id FROM month_closings").Scan(&closing)
	res = admin.post(t, fmt.Sprintf("/finance/closings/%d/reopen", closing), url.Values{"reason": {""}})
	wantStatus(t, res, http.StatusSeeOther, "reopen without reason")
	if n := financeFixtureCount(t, f.app, "SELECT count(*) FROM month_closings WHERE reopened_at IS NULL"); n != 1 {
		t.Fatal("a reopen without reason reopened the month")
	}
	res = admin.post(t, fmt.Sprintf("/finance/closings/%d/reopen", closing), url.Values{"reason": {"sessão esquecida"}})
	wantStatus(t, res, http.StatusSeeOther, "reopen")
	res = rec.post(t, fmt.Sprintf("/attendance/%d", s), url.Values{"status": {"done"}})
	wantStatus(t, res, http.StatusSeeOther, "attendance after reopening")
	if n := financeFixtureCount(t, f.app, `SELECT count(*) FROM audit_log
		WHERE action IN ('close_month', 'reopen_month')`); n != 2 {
		t.Errorf("closing audit rows = %d, want 2", n)
	}
}

func TestFinanceRoles(t *testing.T) {
	f := financeFixtureNew(t)
	admin := f.app.login(t, "admin")
	brunoSession := f.session(t, f.patient2, f.psyB, "2026-12-02", "10:00", 20000)
	wantStatus(t, admin.post(t, fmt.Sprintf("/attendance/%d", brunoSession), url.Values{"status": {"done"}}),
		http.StatusSeeOther, "confirm")
	wantStatus(t, admin.post(t, fmt.Sprintf("/patients/%d/payments", f.patient2), url.Values{
		"amount": {"200,00"}, "date": {"2026-12-02"}, "method": {"pix"}, "token": {"p"}}),
		http.StatusSeeOther, "payment")
	var payment, charge int64
	f.app.db.Read().QueryRow("SELECT id FROM payments").Scan(&payment)
	f.app.db.Read().QueryRow("SELECT id FROM charges").Scan(&charge)

	tests := []struct {
		user, method, path string
		want               int
	}{
		{"recepcao", "GET", "/finance", http.StatusForbidden},
		{"recepcao", "GET", "/expenses", http.StatusForbidden},
		{"recepcao", "GET", "/receivables", http.StatusForbidden},
		{"recepcao", "GET", "/finance/closings", http.StatusForbidden},
		{"recepcao", "GET", "/my/payout", http.StatusForbidden},
		{"recepcao", "GET", "/attendance", http.StatusOK},
		{"recepcao", "GET", "/payments", http.StatusOK},
		{"recepcao", "GET", fmt.Sprintf("/payments/%d", payment), http.StatusOK},
		{"ana", "GET", "/finance", http.StatusForbidden},
		{"ana", "GET", "/expenses", http.StatusForbidden},
		{"ana", "GET", "/receivables", http.StatusOK},
		{"ana", "GET", "/my/payout", http.StatusOK},
		{"ana", "GET", fmt.Sprintf("/attendance/%d", brunoSession), http.StatusNotFound},
		{"ana", "POST", fmt.Sprintf("/attendance/%d", brunoSession), http.StatusNotFound},
		{"ana", "GET", fmt.Sprintf("/patients/%d/ledger", f.patient2), http.StatusNotFound},
		{"ana", "GET", fmt.Sprintf("/patients/%d/payments/new", f.patient2), http.StatusNotFound},
		{"ana", "POST", fmt.Sprintf("/patients/%d/payments", f.patient2), http.StatusNotFound},
		{"ana", "GET", fmt.Sprintf("/payments/%d", payment), http.StatusNotFound},
		{"ana", "POST", fmt.Sprintf("/charges/%d/release", charge), http.StatusNotFound},
		{"bruno", "GET", fmt.Sprintf("/payments/%d", payment), http.StatusOK},
		{"bruno", "GET", fmt.Sprintf("/patients/%d/ledger", f.patient2), http.StatusOK},
		{"admin", "GET", "/my/payout", http.StatusForbidden},
	}
	clients := map[string]*testClient{}
	for _, tt := range tests {
		c := clients[tt.user]
		if c == nil {
			c = f.app.login(t, tt.user)
			clients[tt.user] = c
		}
		var res response
		if tt.method == "POST" {
			res = c.post(t, tt.path, url.Values{"status": {"done"}, "amount": {"1,00"},
				"date": {"2026-12-02"}, "method": {"pix"}})
		} else {
			res = c.get(t, tt.path)
		}
		if res.StatusCode != tt.want {
			t.Errorf("%s %s as %s: status %d, want %d", tt.method, tt.path, tt.user, res.StatusCode, tt.want)
		}
	}
	// Ana's receivables and payout never show Bruno's patient.
	for _, path := range []string{"/receivables", "/payments", "/my/payout", "/attendance?view=week&date=2026-12-02"} {
		if res := clients["ana"].get(t, path); strings.Contains(res.Body, "Davi Melo") {
			t.Errorf("Ana sees Bruno's patient on %s", path)
		}
	}
}

func TestFinancePagesRender(t *testing.T) {
	f := financeFixtureNew(t)
	f.financeFixtureMonth(t)
	pages := []struct {
		user, path string
		want       []string
	}{
		{"admin", "/", []string{"Sessões hoje", "Presença (30 dias)", "Ocupação das salas hoje", "A receber"}},
		{"recepcao", "/", []string{"Agenda de hoje", "Aguardando confirmação"}},
		{"ana", "/", []string{"Esta semana", "Repasse"}},
		{"admin", "/attendance", []string{"Presenças"}},
		{"admin", "/attendance?view=pending", []string{"aguardando confirmação", "Confirmar marcadas como realizadas"}},
		{"admin", "/payments?month=2026-11", []string{"Carla Souza", "PIX"}},
		{"admin", "/payments/new?q=carla", []string{"Carla Souza"}},
		{"admin", "/receivables", []string{"Mais de 60 dias", "Davi Melo"}},
		{"admin", "/expenses?month=2026-11", []string{"Aluguel", "R$ 2.500,00"}},
		{"admin", "/expenses/new", []string{"Nova despesa", "Salários"}},
		{"admin", "/expenses/categories", []string{"Impostos"}},
		{"admin", "/finance?month=2026-11", []string{"Por psicóloga", "<svg", "Unidade Centro", "Dra. Ana Lima"}},
		{"admin", "/finance/settings", []string{"Falta cobrada"}},
		{"admin", "/finance/closings", []string{"Fechar mês"}},
		{"ana", "/my/payout?month=2026-11", []string{"Meu repasse", "Carla Souza"}},
		{"admin", fmt.Sprintf("/patients/%d/ledger?from=", f.patient1), []string{"Conta do paciente", "Saldo"}},
		{"admin", fmt.Sprintf("/patients/%d/payments/new", f.patient2), []string{"Elisa Melo", "Pagar quais sessões?"}},
	}
	clients := map[string]*testClient{}
	for _, p := range pages {
		c := clients[p.user]
		if c == nil {
			c = f.app.login(t, p.user)
			clients[p.user] = c
		}
		res := c.get(t, p.path)
		if res.StatusCode != http.StatusOK {
			t.Errorf("GET %s as %s: status %d", p.path, p.user, res.StatusCode)
			continue
		}
		for _, w := range p.want {
			if !strings.Contains(res.Body, w) {
				t.Errorf("GET %s as %s lacks %q", p.path, p.user, w)
			}
		}
	}
}

// financeFixtureMonth fills November and early December: confirmed
// sessions, payments, an old debt and expenses.
func (f *financeFixture) financeFixtureMonth(tb testing.TB) {
	tb.Helper()
	ctx := context.Background()
	who := f.app.adminActor()
	confirm := func(id int64, status string) {
		_, err := f.app.db.SetAttendance(ctx, who, sqliteChange(id, status))
		if err != nil {
			tb.Fatalf("confirm %d: %v", id, err)
		}
	}
	for _, d := range []string{"2026-11-03", "2026-11-10", "2026-11-17", "2026-11-24"} {
		confirm(f.session(tb, f.patient1, f.psyA, d, "09:00", 15000), "done")
	}
	confirm(f.session(tb, f.patient2, f.psyB, "2026-09-15", "18:00", 20000), "done")
	confirm(f.session(tb, f.patient2, f.psyB, "2026-11-12", "18:00", 20000), "missed_charged")
	f.session(tb, f.patient1, f.psyA, "2026-12-02", "09:00", 15000)
	f.session(tb, f.patient1, f.psyA, "2026-12-04", "16:00", 15000)
	financeFixturePayment(tb, f, f.patient1, "2026-11-30", 60000)
	financeFixtureExec(tb, f.app, `INSERT INTO expenses (category_id, unit_id, date,
		description, amount_cents, created_at) VALUES (1, ?, '2026-11-05',
		'Aluguel novembro', 250000, '2026-11-05T12:00:00Z')`, f.unit)
}

func sqliteChange(id int64, status string) sqlite.AttendanceChange {
	return sqlite.AttendanceChange{SessionID: id, Status: status, Now: "2026-12-04T13:00"}
}

func financeFixturePayment(tb testing.TB, f *financeFixture, patient int64, date string, cents int64) {
	tb.Helper()
	_, err := f.app.db.RecordPayment(context.Background(), f.app.adminActor(), sqlite.PaymentInput{
		PatientID: patient, Date: date, AmountCents: cents, Method: sqlite.MethodPix,
		PayerName: "Carla Souza"})
	if err != nil {
		tb.Fatalf("payment: %v", err)
	}
}
