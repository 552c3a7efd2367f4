package web

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"kpsicologia/app/clinic"
	"kpsicologia/app/sqlite"
)

// attackClinic is the finance fixture plus records of psychologist Bruno
// that Ana, the other psychologist, must never reach. They are his patient
// Davi Melo (guardian Elisa Melo, CPF 529.982.247-25) with a paid, an
// unpaid and a scheduled session, a series, a block and weekly hours.
type attackClinic struct {
	*financeFixture
	paid, unpaid, scheduled int64 // Bruno's sessions
	paidCharge, openCharge  int64
	payment                 int64
	series, block, hours    int64
}

// attackSecrets are texts that only Bruno's records hold.
var attackSecrets = []string{"Davi Melo", "Davi M.", "Elisa Melo", "52998224725",
	"529.982.247-25", "Férias do Bruno"}

func attackClinicNew(tb testing.TB) *attackClinic {
	tb.Helper()
	f := financeFixtureNew(tb)
	c := &attackClinic{financeFixture: f}
	ctx := context.Background()
	db, admin := f.app.db, f.app.adminActor()
	confirm := func(id int64) {
		if _, err := db.SetAttendance(ctx, admin, sqliteChange(id, "done")); err != nil {
			tb.Fatalf("confirm %d: %v", id, err)
		}
	}
	c.paid = f.session(tb, f.patient2, f.psyB, "2026-11-12", "18:00", 20000)
	confirm(c.paid)
	res, err := db.RecordPayment(ctx, admin, sqlite.PaymentInput{PatientID: f.patient2,
		Date: "2026-11-12", AmountCents: 20000, Method: sqlite.MethodPix,
		PayerName: "Elisa Melo", PayerCPF: "52998224725"})
	if err != nil {
		tb.Fatalf("payment: %v", err)
	}
	c.payment = res.PaymentID
	c.unpaid = f.session(tb, f.patient2, f.psyB, "2026-11-19", "18:00", 20000)
	confirm(c.unpaid)
	c.scheduled = f.session(tb, f.patient2, f.psyB, "2026-12-10", "18:00", 20000)
	for _, q := range []struct {
		id    *int64
		query string
		arg   int64
	}{
		{&c.paidCharge, "SELECT id FROM charges WHERE session_id = ?", c.paid},
		{&c.openCharge, "SELECT id FROM charges WHERE session_id = ?", c.unpaid},
	} {
		if err := db.Read().QueryRow(q.query, q.arg).Scan(q.id); err != nil {
			tb.Fatalf("%s: %v", q.query, err)
		}
	}
	b, err := db.CreateSeries(ctx, admin, sqlite.NewSeries{PatientID: f.patient2,
		PsychologistID: f.psyB, RoomID: f.room, Modality: sqlite.ModalityInPerson,
		FirstDate: "2026-12-08", Start: "19:00", Minutes: 50, Frequency: clinic.Weekly,
		Override: true, OverrideReason: "teste"})
	if err != nil {
		tb.Fatalf("series: %v", err)
	}
	c.series = b.ID
	c.block, _, err = db.AddBlock(ctx, admin, sqlite.NewBlock{PsychologistID: f.psyB,
		StartsOn: "2027-01-04", EndsOn: "2027-01-08", Reason: "Férias do Bruno"})
	if err != nil {
		tb.Fatalf("block: %v", err)
	}
	c.hours, err = db.AddWeeklyHours(ctx, admin, f.psyB, sqlite.WeeklyHours{
		Weekday: time.Tuesday, Starts: "08:00", Ends: "12:00"})
	if err != nil {
		tb.Fatalf("weekly hours: %v", err)
	}
	return c
}

// attackTables are the tables a psychologist's request could change.
var attackTables = []string{"patients", "sessions", "series", "charges", "payments",
	"payment_allocations", "payment_requests", "blocks", "availability",
	"availability_dates", "users", "settings", "month_closings", "expenses",
	"psychologists", "rooms", "units", "local_holidays", "closures"}

// attackSnapshot returns a digest of every row of tables, to tell whether
// a request wrote anything.
func attackSnapshot(tb testing.TB, app *testApp, tables []string) map[string]string {
	tb.Helper()
	out := map[string]string{}
	for _, table := range tables {
		rows, err := app.db.Read().Query("SELECT * FROM " + table + " ORDER BY 1")
		if err != nil {
			tb.Fatalf("read %s: %v", table, err)
		}
		cols, _ := rows.Columns()
		h := sha256.New()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				tb.Fatalf("scan %s: %v", table, err)
			}
			fmt.Fprintf(h, "%v\n", vals)
		}
		rows.Close()
		out[table] = hex.EncodeToString(h.Sum(nil))
	}
	return out
}

// attackChanged returns the tables whose rows differ between two
// snapshots.
func attackChanged(before, after map[string]string) []string {
	var out []string
	for table, sum := range before {
		if after[table] != sum {
			out = append(out, table)
		}
	}
	return out
}

// attackLeaks returns the secrets found in body.
func attackLeaks(body string) []string {
	var out []string
	for _, s := range attackSecrets {
		if strings.Contains(body, s) {
			out = append(out, s)
		}
	}
	return out
}

// TestAttackPsychologistReachesNoOtherRecords walks every route that
// takes an id or a psychologist filter as Ana, with Bruno's ids: each
// answers 404 (or 403 for routes her role lacks), no answer shows Bruno's
// patient, and no POST writes anything.
func TestAttackPsychologistReachesNoOtherRecords(t *testing.T) {
	c := attackClinicNew(t)
	ana := c.app.login(t, "ana")
	id := func(format string, v int64) string { return fmt.Sprintf(format, v) }
	p2, b := c.patient2, c.psyB

	gets := []string{
		id("/patients/%d", p2), id("/patients/%d/edit", p2), id("/patients/%d/delete", p2),
		id("/patients/%d/ledger", p2), id("/patients/%d/payments/new", p2),
		id("/sessions/%d", c.scheduled), id("/sessions/%d", c.paid),
		id("/attendance/%d", c.paid), id("/attendance/%d", c.scheduled),
		id("/series/%d", c.series), id("/payments/%d", c.payment), id("/blocks/%d", c.block),
		id("/psychologists/%d/agenda", b), id("/psychologists/%d", b),
	}
	for _, path := range gets {
		res := ana.get(t, path)
		if res.StatusCode != http.StatusNotFound && res.StatusCode != http.StatusForbidden {
			t.Errorf("GET %s as Ana: status %d, want 404", path, res.StatusCode)
		}
		if leaks := attackLeaks(res.Body); leaks != nil {
			t.Errorf("GET %s as Ana shows %q", path, leaks)
		}
	}

	// Lists, pickers, searches and spreadsheets answer, with Ana's
	// records only, whatever filter names Bruno.
	lists := []string{"/", "/patients?q=Davi", "/patients?q=52998224725", "/patients?q=Elisa",
		"/patients?psychologist=%d", "/patients?psychologist_id=%d",
		"/payments?month=2026-11", "/payments?month=2026-11&psychologist=%d",
		"/payments/new?q=Davi", "/payments/new?q=Melo", "/attendance?date=2026-11-12",
		"/attendance?date=2026-11-12&psychologist=%d", "/attendance?view=week&date=2026-11-19",
		"/receivables", "/receivables?psychologist=%d", "/my/payout?month=2026-11",
		"/my/payout?month=2026-11&psychologist=%d", "/availability?psychologist_id=%d",
		"/availability?psychologist=%d", "/blocks?psychologist_id=%d", "/blocks?psychologist=%d",
		"/my/agenda?date=2026-12-10", "/my/agenda?date=2026-12-08&view=week",
		"/my/agenda?date=2027-01-05&psychologist=%d", "/sessions/new",
		"/sessions/new?patient_id=" + fmt.Sprint(p2), "/sessions/new?psychologist_id=%d",
		"/exports/pacientes.xlsx?psicologa=%d&psychologist=%d",
		"/exports/agenda.xlsx?month=2026-12&psicologa=%d&psychologist=%d",
		"/exports/presencas.xlsx?month=2026-11&psicologa=%d",
		"/exports/lancamentos.xlsx?month=2026-11&psicologa=%d&psychologist=%d",
		"/exports/a-receber.xlsx?psicologa=%d", "/exports/repasse.xlsx?month=2026-11&psicologa=%d",
	}
	for _, path := range lists {
		path = strings.ReplaceAll(path, "%d", fmt.Sprint(b))
		res := ana.get(t, path)
		if res.StatusCode >= 500 {
			t.Errorf("GET %s as Ana: status %d", path, res.StatusCode)
		}
		body := res.Body
		if strings.Contains(path, ".xlsx") && res.StatusCode == http.StatusOK {
			body = attackXLSXText(t, []byte(res.Body))
		}
		// A search box shows what was typed.
		if u, _ := url.Parse(path); u.Query().Get("q") != "" {
			body = strings.ReplaceAll(body, u.Query().Get("q"), "")
		}
		if leaks := attackLeaks(body); leaks != nil {
			t.Errorf("GET %s as Ana shows %q", path, leaks)
		}
	}

	posts := []struct {
		path string
		form url.Values
	}{
		{id("/sessions/%d/move", c.scheduled), url.Values{"move_date": {"2026-12-11"},
			"move_time": {"10:00"}, "move_modality": {"online"}}},
		{id("/sessions/%d/cancel", c.scheduled), url.Values{"cancel_status": {"cancelled_clinic"},
			"cancel_reason": {"x"}}},
		{id("/sessions/%d/following", c.scheduled), url.Values{"chg_time": {"10:00"}}},
		{id("/sessions/%d/end-series", c.scheduled), url.Values{"end_end_date": {"2026-12-20"},
			"end_reason": {"x"}}},
		{id("/series/%d/change", c.series), url.Values{"chg_time": {"10:00"}}},
		{id("/series/%d/end", c.series), url.Values{"end_end_date": {"2026-12-20"}, "end_reason": {"x"}}},
		{id("/attendance/%d", c.scheduled), url.Values{"status": {"done"}}},
		{id("/attendance/%d", c.paid), url.Values{"status": {"missed_excused"}}},
		{"/attendance/bulk", url.Values{"session": {fmt.Sprint(c.scheduled), fmt.Sprint(c.paid)},
			"status": {"done"}}},
		{id("/patients/%d/payments", p2), url.Values{"amount": {"10,00"}, "date": {"2026-12-04"},
			"method": {"pix"}, "token": {"t1"}, "charge": {fmt.Sprint(c.openCharge)}}},
		{id("/patients/%d/credit", p2), nil},
		{id("/charges/%d/release", c.paidCharge), nil},
		{id("/payments/%d/delete", c.payment), url.Values{"reason": {"x"}}},
		{id("/patients/%d/notes", p2), url.Values{"notes": {"invadido"}}},
		{id("/patients/%d", p2), url.Values{"name": {"Invadido"}}},
		{id("/patients/%d/delete", p2), url.Values{"reason": {"x"}}},
		{id("/patients/%d/restore", p2), nil},
		{id("/blocks/%d/delete", c.block), nil},
		{id("/blocks/%d/cancel-sessions", c.block), nil},
		{id("/availability/weekly/%d/delete", c.hours), nil},
		{"/sessions", url.Values{"kind": {"one_off"}, "patient_id": {fmt.Sprint(p2)},
			"psychologist_id": {fmt.Sprint(c.psyA)}, "modality": {"online"},
			"date": {"2026-12-14"}, "time": {"10:00"}, "minutes": {"50"}}},
		{"/sessions", url.Values{"kind": {"one_off"}, "patient_id": {fmt.Sprint(c.patient1)},
			"psychologist_id": {fmt.Sprint(b)}, "modality": {"online"},
			"date": {"2026-12-14"}, "time": {"10:00"}, "minutes": {"50"}}},
	}
	before := attackSnapshot(t, c.app, attackTables)
	for _, p := range posts {
		res := ana.post(t, p.path, p.form)
		if res.StatusCode == http.StatusSeeOther || res.StatusCode == http.StatusOK ||
			res.StatusCode >= 500 {
			t.Errorf("POST %s as Ana: status %d, want a refusal", p.path, res.StatusCode)
		}
		if leaks := attackLeaks(res.Body); leaks != nil {
			t.Errorf("POST %s as Ana shows %q", p.path, leaks)
		}
	}
	if changed := attackChanged(before, attackSnapshot(t, c.app, attackTables)); changed != nil {
		t.Errorf("Ana's POSTs on Bruno's records changed %v", changed)
	}
}

// attackXLSXText returns the text of every XML part of a spreadsheet.
func attackXLSXText(tb testing.TB, data []byte) string {
	tb.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		tb.Fatalf("spreadsheet is not a zip file: %v", err)
	}
	var b strings.Builder
	for _, f := range zr.File {
		if !strings.HasSuffix(f.Name, ".xml") {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			tb.Fatalf("open %s: %v", f.Name, err)
		}
		io.Copy(&b, rc)
		rc.Close()
	}
	return html.UnescapeString(b.String())
}

// TestAttackSharedPatientPayments checks a patient seen by both
// psychologists: Ana, who saw Davi once, must not see the payment that
// paid Bruno's session, in the list or on its page.
func TestAttackSharedPatientPayments(t *testing.T) {
	c := attackClinicNew(t)
	_, err := c.app.db.CreateSession(context.Background(), c.app.adminActor(), sqlite.NewSession{
		PatientID: c.patient2, PsychologistID: c.psyA, RoomID: c.room,
		Modality: sqlite.ModalityInPerson, Kind: sqlite.KindOneOff, Date: "2026-11-26",
		Start: "09:00", Minutes: 50, Override: true, OverrideReason: "teste"})
	if err != nil {
		t.Fatalf("book Davi with Ana: %v", err)
	}
	ana := c.app.login(t, "ana")
	if res := ana.get(t, fmt.Sprintf("/patients/%d", c.patient2)); res.StatusCode != http.StatusOK {
		t.Fatalf("Ana opens her shared patient: status %d", res.StatusCode)
	}
	if res := ana.get(t, fmt.Sprintf("/payments/%d", c.payment)); res.StatusCode != http.StatusNotFound {
		t.Errorf("Ana opens Bruno's payment: status %d, want 404", res.StatusCode)
	}
	for _, path := range []string{"/payments?month=2026-11", "/payments?month=2026-11&method=pix"} {
		res := ana.get(t, path)
		if strings.Contains(res.Body, fmt.Sprintf("/payments/%d", c.payment)) ||
			strings.Contains(res.Body, "200,00") {
			t.Errorf("GET %s as Ana lists Bruno's payment of R$ 200,00", path)
		}
	}
	// Bruno still sees it.
	res := c.app.login(t, "bruno").get(t, "/payments?month=2026-11")
	if !strings.Contains(res.Body, fmt.Sprintf("/payments/%d", c.payment)) {
		t.Errorf("Bruno's payment list lacks his payment")
	}
}

// attackCrossOriginHeaders are what a browser sends with a form posted
// from another site, or from an opaque origin.
var attackCrossOriginHeaders = []map[string]string{
	{"Origin": "http://evil.example"},
	{"Origin": "http://evil.example", "Sec-Fetch-Site": "cross-site"},
	{"Sec-Fetch-Site": "cross-site"},
	{"Sec-Fetch-Site": "same-site"},
	{"Origin": "null"},
	{"Origin": "http://127.0.0.1.evil.example"},
}

// TestAttackCrossOriginForms posts from another site to a sample of
// state-changing routes, login and logout included: each is refused and
// nothing is written.
func TestAttackCrossOriginForms(t *testing.T) {
	c := attackClinicNew(t)
	admin := c.app.login(t, "admin")
	forms := []struct {
		path string
		form url.Values
	}{
		{"/login", url.Values{"username": {"admin"}, "password": {testPassword}}},
		{"/logout", nil},
		{"/users", url.Values{"username": {"intruso"}, "display_name": {"x"},
			"role": {"admin"}, "password": {"senha-do-intruso"}}},
		{"/settings", url.Values{"clinic_name": {"Hackeada"}, "idle_minutes": {"99999"}}},
		{fmt.Sprintf("/patients/%d/payments", c.patient2), url.Values{"amount": {"1,00"},
			"date": {"2026-12-04"}, "method": {"pix"}}},
		{fmt.Sprintf("/payments/%d/delete", c.payment), url.Values{"reason": {"x"}}},
		{fmt.Sprintf("/attendance/%d", c.scheduled), url.Values{"status": {"done"}}},
		{"/backups", nil},
	}
	before := attackSnapshot(t, c.app, attackTables)
	for _, f := range forms {
		for _, headers := range attackCrossOriginHeaders {
			req, _ := http.NewRequest(http.MethodPost, c.app.ts.URL+f.path,
				strings.NewReader(f.form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			for k, v := range headers {
				req.Header.Set(k, v)
			}
			res := admin.do(t, req)
			if res.StatusCode != http.StatusForbidden {
				t.Errorf("POST %s with %v: status %d, want 403", f.path, headers, res.StatusCode)
			}
			if res.Header.Get("Set-Cookie") != "" {
				t.Errorf("POST %s with %v sets a cookie", f.path, headers)
			}
		}
	}
	if changed := attackChanged(before, attackSnapshot(t, c.app, attackTables)); changed != nil {
		t.Errorf("cross-origin posts changed %v", changed)
	}
	if res := admin.get(t, "/users"); res.StatusCode != http.StatusOK {
		t.Errorf("the admin was signed out by a cross-site logout: status %d", res.StatusCode)
	}
}

// TestAttackLoginNextStaysOnSite tries the ways a ?next= value can name
// another site; the login must land on this one.
func TestAttackLoginNextStaysOnSite(t *testing.T) {
	app := newTestApp(t)
	app.setup(t)
	signedIn := app.login(t, "admin")
	for _, next := range []string{"//evil.example", "///evil.example", "/\\evil.example",
		"\\\\evil.example", "https://evil.example", "https:evil.example", "/\t/evil.example",
		"//%09evil.example", "javascript:alert(1)", "/.//evil.example", "/..//evil.example",
		"http:/evil.example", " //evil.example"} {
		for _, res := range []response{
			app.anonymous().post(t, "/login", url.Values{"username": {"admin"},
				"password": {testPassword}, "next": {next}}),
			signedIn.get(t, "/login?next="+url.QueryEscape(next)),
		} {
			loc, err := url.Parse(res.Header.Get("Location"))
			if res.StatusCode != http.StatusSeeOther || err != nil || loc.Host != "" ||
				loc.Scheme != "" || !strings.HasPrefix(loc.Path, "/") ||
				strings.HasPrefix(loc.Path, "//") || strings.Contains(loc.Path, `\`) {
				t.Errorf("next=%q: status %d location %q", next, res.StatusCode,
					res.Header.Get("Location"))
			}
		}
	}
}

// TestAttackHostileFormText sends what no browser sends from these pages:
// NUL characters, invalid UTF-8, a body of megabytes, and the same
// through a multipart form. Each is refused before the handler and
// nothing is stored.
func TestAttackHostileFormText(t *testing.T) {
	c := attackClinicNew(t)
	rec := c.app.login(t, "recepcao")
	patient := func(name string) url.Values {
		v := registryPatientForm(name)
		v.Set("psychologist_id", fmt.Sprint(c.psyA))
		return v
	}
	if res := rec.post(t, "/patients", patient("Paciente Válido")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("a valid patient: status %d, body %.300s", res.StatusCode, res.Body)
	}
	before := attackSnapshot(t, c.app, attackTables)
	cases := []struct {
		name string
		form url.Values
		want int
	}{
		{"nul in name", patient("Ana\x00Maria Souza"), http.StatusBadRequest},
		{"invalid utf-8", patient("Jos\xe9 Souza"), http.StatusBadRequest},
		{"nul in a field name", url.Values{"name\x00": {"x"}}, http.StatusBadRequest},
		{"huge notes", func() url.Values {
			v := patient("Paciente Grande")
			v.Set("notes", strings.Repeat("a", 1<<20))
			return v
		}(), http.StatusRequestEntityTooLarge},
	}
	for _, tc := range cases {
		res := rec.post(t, "/patients", tc.form)
		if res.StatusCode != tc.want {
			t.Errorf("%s: status %d, want %d", tc.name, res.StatusCode, tc.want)
		}
	}

	// The same through multipart/form-data, which FormValue also reads.
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, vs := range patient("Ana\x00Maria Souza") {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, c.app.ts.URL+"/patients", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Origin", c.app.ts.URL)
	if res := rec.do(t, req); res.StatusCode != http.StatusBadRequest {
		t.Errorf("multipart with NUL: status %d, want 400", res.StatusCode)
	}
	if changed := attackChanged(before, attackSnapshot(t, c.app, attackTables)); changed != nil {
		t.Errorf("hostile forms changed %v", changed)
	}
}

// TestAttackFlashFitsInCookie books into a block whose reason is long:
// the warning quotes it, and the flash cookie that carries the warning
// must stay under the 4 KB browsers keep. Larger cookies vanish, and a
// reason of a megabyte made an answer header no browser accepts.
func TestAttackFlashFitsInCookie(t *testing.T) {
	c := attackClinicNew(t)
	reason := strings.Repeat("Congresso em Lisboa, ", 300)
	_, _, err := c.app.db.AddBlock(context.Background(), c.app.adminActor(), sqlite.NewBlock{
		PsychologistID: c.psyA, StartsOn: "2026-12-14", Reason: reason})
	if err != nil {
		t.Fatalf("block: %v", err)
	}
	admin := c.app.login(t, "admin")
	res := admin.post(t, "/sessions", url.Values{"kind": {"one_off"},
		"patient_id": {fmt.Sprint(c.patient1)}, "psychologist_id": {fmt.Sprint(c.psyA)},
		"modality": {"online"}, "date": {"2026-12-14"}, "time": {"10:00"},
		"minutes": {"50"}, "override": {"1"}, "override_reason": {"teste"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("booking in the block: status %d, body %.400s", res.StatusCode, res.Body)
	}
	var flash string
	for _, line := range res.Header.Values("Set-Cookie") {
		if strings.HasPrefix(line, "kpsi_flash=") {
			flash = line
		}
	}
	if flash == "" {
		t.Fatal("no flash cookie after a booking")
	}
	if len(flash) > 4000 {
		t.Errorf("flash cookie of %d bytes; browsers drop cookies over 4 KB", len(flash))
	}
	page := admin.get(t, res.Header.Get("Location"))
	if !strings.Contains(page.Body, "Congresso em Lisboa") {
		t.Errorf("the agenda after the booking lacks the block warning")
	}
}

// TestAttackHeadersEverywhere checks the security headers on pages, error
// pages, refusals, static files and spreadsheets, and that no page of
// any role carries an inline script, an event attribute or a <style>
// element, which the Content-Security-Policy would block.
func TestAttackHeadersEverywhere(t *testing.T) {
	c := attackClinicNew(t)
	clients := map[string]*testClient{"admin": c.app.login(t, "admin"),
		"recepcao": c.app.login(t, "recepcao"), "ana": c.app.login(t, "ana")}
	check := func(what string, res response) {
		t.Helper()
		csp := res.Header.Get("Content-Security-Policy")
		for _, want := range []string{"script-src 'self'", "frame-ancestors 'none'",
			"object-src 'none'", "base-uri 'none'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("%s: Content-Security-Policy %q lacks %s", what, csp, want)
			}
		}
		if res.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: no X-Content-Type-Options: nosniff", what)
		}
		if res.Header.Get("X-Frame-Options") != "DENY" {
			t.Errorf("%s: no X-Frame-Options: DENY", what)
		}
	}
	script := regexp.MustCompile(`(?is)<script\b([^>]*)>(.*?)</script>`)
	other := regexp.MustCompile(`(?i)<style\b|<[a-z][^>]*\son[a-z]+\s*=`)
	inline := func(body string) string {
		for _, m := range script.FindAllStringSubmatch(body, -1) {
			if !strings.Contains(m[1], "src=") || strings.TrimSpace(m[2]) != "" {
				return m[0]
			}
		}
		return other.FindString(body)
	}
	for _, rt := range c.app.srv.routes {
		if rt.Method != http.MethodGet {
			continue
		}
		path := pathVar.ReplaceAllString(rt.Path, "1")
		for name, cl := range clients {
			res := cl.get(t, path)
			check("GET "+path+" as "+name, res)
			if strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
				if found := inline(res.Body); found != "" {
					t.Errorf("GET %s as %s: inline script or style: %.200q", path, name, found)
				}
			}
		}
	}
	anon := c.app.anonymous()
	check("login", anon.get(t, "/login"))
	check("404", anon.get(t, "/nada-aqui"))
	check("static", anon.get(t, c.app.srv.static.url("js/app.js")))
	check("missing static", anon.get(t, "/static/x/../../schema.sql"))
	check("403", clients["ana"].get(t, "/users"))
	check("405", anon.do(t, func() *http.Request {
		req, _ := http.NewRequest(http.MethodPut, c.app.ts.URL+"/login", nil)
		return req
	}()))
	check("cross-origin refusal", anon.do(t, func() *http.Request {
		req, _ := http.NewRequest(http.MethodPost, c.app.ts.URL+"/login", nil)
		req.Header.Set("Origin", "http://evil.example")
		return req
	}()))
	check("spreadsheet", clients["admin"].get(t, "/exports/pacientes.xlsx"))
}

// TestAttackBackupNames asks for files outside the backup folder by every
// spelling of a parent folder: none is served.
func TestAttackBackupNames(t *testing.T) {
	app := newTestApp(t)
	app.setup(t)
	admin := app.login(t, "admin")
	if res := admin.post(t, "/backups", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("backup: status %d", res.StatusCode)
	}
	for _, name := range []string{"..%2Ftest.db", "..%2F..%2Fetc%2Fpasswd", "%2e%2e%2ftest.db",
		"..%5Ctest.db", "test.db", "..", "%2e%2e", ".", "session.key", "backups"} {
		res := admin.get(t, "/backups/"+name)
		if res.StatusCode == http.StatusOK && res.Header.Get("Content-Disposition") != "" {
			t.Errorf("GET /backups/%s served a file", name)
		}
		if strings.HasPrefix(res.Body, "SQLite format 3") || strings.Contains(res.Body, "root:") {
			t.Errorf("GET /backups/%s served a file's content", name)
		}
	}
}

// attackRace sends n requests at once, each from its own signed-in
// client, and returns their status codes.
func attackRace(t *testing.T, app *testApp, user string, n int, req func(i int) (string, url.Values)) []int {
	t.Helper()
	clients := make([]*testClient, n)
	for i := range clients {
		clients[i] = app.login(t, user)
	}
	codes := make([]int, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			path, form := req(i)
			r, _ := http.NewRequest(http.MethodPost, app.ts.URL+path, strings.NewReader(form.Encode()))
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			r.Header.Set("Origin", app.ts.URL)
			<-start
			res, err := clients[i].hc.Do(r)
			if err != nil {
				return
			}
			res.Body.Close()
			codes[i] = res.StatusCode
		}()
	}
	close(start)
	wg.Wait()
	return codes
}

func attackCount(codes []int, code int) int {
	n := 0
	for _, c := range codes {
		if c == code {
			n++
		}
	}
	return n
}

// TestAttackRaces sends 30 identical or competing writes at once: exactly
// one booking of a room, patient or psychologist wins, one payment is
// recorded per form token, one patient per CPF, and a confirmation makes
// one charge.
func TestAttackRaces(t *testing.T) {
	c := attackClinicNew(t)
	const n = 30
	extra := make([]int64, n)
	for i := range extra {
		extra[i] = financeFixtureExec(t, c.app, `INSERT INTO patients (name, price_cents,
			created_at, updated_at) VALUES (?, 10000, 'x', 'x')`, fmt.Sprintf("Paciente %02d", i))
	}
	booking := func(patient, psy int64, modality, date, at string) url.Values {
		return url.Values{"kind": {"one_off"}, "patient_id": {fmt.Sprint(patient)},
			"psychologist_id": {fmt.Sprint(psy)}, "modality": {modality},
			"room_id": {fmt.Sprint(c.room)}, "date": {date}, "time": {at}, "minutes": {"50"},
			"override": {"1"}, "override_reason": {"corrida"}}
	}
	races := []struct {
		name string
		req  func(i int) (string, url.Values)
	}{
		{"same room", func(i int) (string, url.Values) {
			psy := []int64{c.psyA, c.psyB}[i%2]
			return "/sessions", booking(extra[i], psy, "in_person", "2026-12-15", "10:00")
		}},
		{"same psychologist", func(i int) (string, url.Values) {
			return "/sessions", booking(extra[i], c.psyA, "online", "2026-12-16", "10:00")
		}},
		{"same patient", func(i int) (string, url.Values) {
			psy := []int64{c.psyA, c.psyB}[i%2]
			return "/sessions", booking(c.patient1, psy, "online", "2026-12-17", "10:00")
		}},
	}
	for _, race := range races {
		codes := attackRace(t, c.app, "recepcao", n, race.req)
		if won := attackCount(codes, http.StatusSeeOther); won != 1 {
			t.Errorf("%s: %d bookings won, want exactly 1 (codes %v)", race.name, won, codes)
		}
	}

	codes := attackRace(t, c.app, "recepcao", n, func(int) (string, url.Values) {
		return fmt.Sprintf("/patients/%d/payments", c.patient1), url.Values{"amount": {"7,77"},
			"date": {"2026-12-04"}, "method": {"pix"}, "token": {"mesmo-formulario"}}
	})
	if got := financeFixtureCount(t, c.app, "SELECT count(*) FROM payments WHERE amount_cents = 777"); got != 1 {
		t.Errorf("one payment form sent %d times at once recorded %d payments (codes %v)", n, got, codes)
	}

	codes = attackRace(t, c.app, "recepcao", n, func(i int) (string, url.Values) {
		v := registryPatientForm(fmt.Sprintf("Gêmeo Número %d", i))
		v.Set("cpf", "111.444.777-35")
		return "/patients", v
	})
	if got := financeFixtureCount(t, c.app, "SELECT count(*) FROM patients WHERE cpf = '11144477735'"); got != 1 {
		t.Errorf("%d patients with one CPF (codes %v)", got, codes)
	}

	today := c.session(t, c.patient1, c.psyA, "2026-12-04", "08:00", 15000)
	codes = attackRace(t, c.app, "recepcao", n, func(i int) (string, url.Values) {
		return fmt.Sprintf("/attendance/%d", today), url.Values{
			"status": {[]string{"done", "missed_charged"}[i%2]}}
	})
	if got := financeFixtureCount(t, c.app, "SELECT count(*) FROM charges WHERE session_id = ?", today); got != 1 {
		t.Errorf("%d charges for one session confirmed %d times at once (codes %v)", got, n, codes)
	}
}

// TestAttackGetWritesNothing opens every page and spreadsheet as every
// role and checks that no record changed: a GET that writes could be
// triggered by a link on another site. The audit log (exports and backup
// downloads are audited) and the login times are left out.
func TestAttackGetWritesNothing(t *testing.T) {
	c := attackClinicNew(t)
	if err := c.app.db.EnsureHorizon(context.Background(), ""); err != nil {
		t.Fatal(err)
	}
	var tables []string
	for _, table := range attackTables {
		if table != "users" {
			tables = append(tables, table)
		}
	}
	clients := []*testClient{c.app.login(t, "admin"), c.app.login(t, "recepcao"),
		c.app.login(t, "ana")}
	before := attackSnapshot(t, c.app, tables)
	for _, rt := range c.app.srv.routes {
		if rt.Method != http.MethodGet || rt.Path == "/setup" {
			continue
		}
		for _, id := range []string{"1", "2"} {
			path := pathVar.ReplaceAllString(rt.Path, id)
			for _, cl := range clients {
				cl.get(t, path)
			}
		}
	}
	if changed := attackChanged(before, attackSnapshot(t, c.app, tables)); changed != nil {
		t.Errorf("GET requests changed %v", changed)
	}
}

// TestAttackClosedAccountSession checks that a session of an account the
// admin deactivates stops at the next request, and stays stopped after
// the account is activated again.
func TestAttackClosedAccountSession(t *testing.T) {
	c := attackClinicNew(t)
	ana := c.app.login(t, "ana")
	var id int64
	c.app.db.Read().QueryRow("SELECT id FROM users WHERE username = 'ana'").Scan(&id)
	admin := c.app.login(t, "admin")
	path := fmt.Sprintf("/users/%d/active", id)
	wantStatus(t, admin.post(t, path, url.Values{"active": {"0"}}), http.StatusSeeOther, "deactivate")
	if res := ana.get(t, "/my/agenda"); res.StatusCode != http.StatusSeeOther ||
		!strings.HasPrefix(res.Header.Get("Location"), "/login") {
		t.Errorf("deactivated account's session: status %d", res.StatusCode)
	}
	wantStatus(t, admin.post(t, path, url.Values{"active": {"1"}}), http.StatusSeeOther, "activate")
	if res := ana.get(t, "/my/agenda"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("the old session came back with the account: status %d", res.StatusCode)
	}
}

// attackCookie returns the value of the session cookie a client holds.
func attackCookie(t *testing.T, c *testClient) *http.Cookie {
	t.Helper()
	u, _ := url.Parse(c.app.ts.URL)
	for _, ck := range c.hc.Jar.Cookies(u) {
		if ck.Name == sessionName {
			return ck
		}
	}
	t.Fatal("no session cookie")
	return nil
}

// attackReplay sends a GET with only the given session cookie, as a thief
// who copied it would.
func attackReplay(t *testing.T, app *testApp, ck *http.Cookie, path string) response {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, app.ts.URL+path, nil)
	req.AddCookie(&http.Cookie{Name: ck.Name, Value: ck.Value})
	return app.anonymous().do(t, req)
}

// TestAttackLoginIssuesNewSession checks that signing in replaces the
// session cookie a browser already had, so a cookie planted before the
// login is not the one that gets signed in.
func TestAttackLoginIssuesNewSession(t *testing.T) {
	app := newTestApp(t)
	app.setup(t)
	app.createUser(t, "recepcao", clinic.RoleReception, 0)
	first := app.login(t, "recepcao")
	old := attackCookie(t, first)
	res := first.post(t, "/login", url.Values{"username": {"admin"}, "password": {testPassword}})
	wantStatus(t, res, http.StatusSeeOther, "second login")
	if attackCookie(t, first).Value == old.Value {
		t.Error("a login kept the session cookie the browser had")
	}
	if res := attackReplay(t, app, old, "/users"); res.StatusCode == http.StatusOK {
		t.Error("the cookie from before the admin's login opens admin pages")
	}
}

// TestAttackLogoutEndsCopiedSession checks that logging out ends the
// session on the server: a copy of the cookie taken before the logout
// must stop working.
func TestAttackLogoutEndsCopiedSession(t *testing.T) {
	t.Skip("TODO: sessions live only in the signed cookie, so logout clears " +
		"the browser's copy and a copied cookie keeps working until the idle " +
		"timeout; ending it needs server-side state, such as a session " +
		"generation per user in the users table")
	app := newTestApp(t)
	app.setup(t)
	c := app.login(t, "admin")
	stolen := attackCookie(t, c)
	wantStatus(t, c.post(t, "/logout", nil), http.StatusSeeOther, "logout")
	if res := attackReplay(t, app, stolen, "/users"); res.StatusCode == http.StatusOK {
		t.Error("a session cookie copied before the logout still opens /users")
	}
}

// TestAttackPasswordChangeEndsOtherSessions checks that changing one's
// password, the first thing someone does after a cookie or password
// leaks, signs out the other browsers.
func TestAttackPasswordChangeEndsOtherSessions(t *testing.T) {
	t.Skip("TODO: a password change leaves every other session of the " +
		"account signed in; the cookie should carry a stamp of the password " +
		"(or a session generation) that loadSession compares")
	app := newTestApp(t)
	app.setup(t)
	here, there := app.login(t, "admin"), app.login(t, "admin")
	res := here.post(t, "/account/password", url.Values{"current": {testPassword},
		"password": {"senha-nova-123"}, "password_confirm": {"senha-nova-123"}})
	wantStatus(t, res, http.StatusSeeOther, "password change")
	if res := there.get(t, "/users"); res.StatusCode == http.StatusOK {
		t.Error("another browser stays signed in after the password change")
	}
	if res := here.get(t, "/users"); res.StatusCode != http.StatusOK {
		t.Errorf("the browser that changed the password was signed out: status %d", res.StatusCode)
	}
}

// TestAttackLoginGuessing checks the login's answers to guessing: the
// same status and message for an unknown user, a wrong password and a
// deactivated account, and a limit per address that also stops guesses
// spread over many usernames.
func TestAttackLoginGuessing(t *testing.T) {
	app := newTestApp(t)
	app.setup(t)
	app.createUser(t, "recepcao", clinic.RoleReception, 0)
	app.createUser(t, "antiga", clinic.RoleReception, 0)
	var id int64
	app.db.Read().QueryRow("SELECT id FROM users WHERE username = 'antiga'").Scan(&id)
	if err := app.db.SetUserActive(context.Background(), app.adminActor(), id, false); err != nil {
		t.Fatal(err)
	}
	message := regexp.MustCompile(`(?s)<div class="alert[^"]*"[^>]*>(.*?)</div>`)
	var first string
	for i, login := range []url.Values{
		{"username": {"ninguem"}, "password": {"qualquer-1"}},
		{"username": {"recepcao"}, "password": {"errada-123"}},
		{"username": {"antiga"}, "password": {testPassword}},
	} {
		res := app.anonymous().post(t, "/login", login)
		if res.StatusCode != http.StatusUnauthorized {
			t.Errorf("login %v: status %d, want 401", login["username"], res.StatusCode)
		}
		got := message.FindString(res.Body)
		if !strings.Contains(got, "Usuário ou senha incorretos") {
			t.Errorf("login %v: message %q", login["username"], got)
		}
		if i == 0 {
			first = got
		} else if got != first {
			t.Errorf("login %v says %q, the unknown user %q", login["username"], got, first)
		}
	}

	// One address guessing over many usernames hits the address limit;
	// then even the right password waits.
	c := app.anonymous()
	for i := range maxAddressFailures {
		c.post(t, "/login", url.Values{"username": {fmt.Sprintf("chute%d", i)},
			"password": {"errada-123"}})
	}
	res := c.post(t, "/login", url.Values{"username": {"recepcao"}, "password": {testPassword}})
	if res.StatusCode != http.StatusTooManyRequests {
		t.Errorf("login after %d failures from one address: status %d, want 429",
			maxAddressFailures, res.StatusCode)
	}
}
