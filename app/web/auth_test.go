package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"kpsicologia/app/clinic"
)

func TestSetupFlow(t *testing.T) {
	app := newTestApp(t)
	c := app.anonymous()

	for _, path := range []string{"/", "/settings", "/users", "/login"} {
		res := c.get(t, path)
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/setup" {
			t.Errorf("GET %s before setup = %d %q, want 303 /setup", path, res.StatusCode, res.Header.Get("Location"))
		}
	}

	bad := []struct {
		name  string
		form  url.Values
		field string
	}{
		{"ShortPassword", url.Values{"clinic_name": {"C"}, "username": {"a"}, "password": {"1234567"}, "password_confirm": {"1234567"}}, "password"},
		{"Mismatch", url.Values{"clinic_name": {"C"}, "username": {"a"}, "password": {"12345678"}, "password_confirm": {"12345679"}}, "password_confirm"},
		{"NoClinic", url.Values{"clinic_name": {" "}, "username": {"a"}, "password": {"12345678"}, "password_confirm": {"12345678"}}, "clinic_name"},
		{"NoUsername", url.Values{"clinic_name": {"C"}, "username": {""}, "password": {"12345678"}, "password_confirm": {"12345678"}}, "username"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			res := c.post(t, "/setup", tc.form)
			if res.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422", res.StatusCode)
			}
			if !strings.Contains(res.Body, `id="e-`+tc.field+`"`) {
				t.Errorf("no message beside field %s", tc.field)
			}
			if ok, _ := app.db.IsSetUp(t.Context()); ok {
				t.Fatal("a rejected setup created the admin")
			}
		})
	}

	good := url.Values{"clinic_name": {"Clínica Sol"}, "username": {"dona"},
		"password": {"senha-boa-1"}, "password_confirm": {"senha-boa-1"}}
	res := c.post(t, "/setup", good)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/" {
		t.Fatalf("setup = %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	if res := c.get(t, "/"); res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "Clínica Sol") {
		t.Errorf("dashboard after setup = %d", res.StatusCode)
	}

	// A replayed setup form cannot create a second admin.
	replay := url.Values{"clinic_name": {"Outra"}, "username": {"intruso"},
		"password": {"senha-boa-2"}, "password_confirm": {"senha-boa-2"}}
	res = app.anonymous().post(t, "/setup", replay)
	if res.Header.Get("Location") != "/login" {
		t.Errorf("second setup = %d %q, want redirect to /login", res.StatusCode, res.Header.Get("Location"))
	}
	users, _ := app.db.Users(t.Context())
	if len(users) != 1 {
		t.Errorf("%d users after a replayed setup, want 1", len(users))
	}
}

func TestLoginAndCookie(t *testing.T) {
	app := newTestApp(t)
	app.setup(t)
	c := app.anonymous()

	res := c.post(t, "/login", url.Values{"username": {"admin"}, "password": {"errada-123"}})
	if res.StatusCode != http.StatusUnauthorized || !strings.Contains(res.Body, "Usuário ou senha incorretos") {
		t.Errorf("wrong password = %d", res.StatusCode)
	}
	if strings.Contains(res.Body, "errada-123") {
		t.Error("the login page echoes the typed password")
	}

	res = c.post(t, "/login", url.Values{"username": {"ADMIN"}, "password": {testPassword}, "next": {"/users"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/users" {
		t.Fatalf("login = %d %q, want 303 /users", res.StatusCode, res.Header.Get("Location"))
	}
	cookie := res.Header.Get("Set-Cookie")
	for _, want := range []string{"kpsi_session=", "HttpOnly", "SameSite=Lax"} {
		if !strings.Contains(cookie, want) {
			t.Errorf("session cookie %q lacks %s", cookie, want)
		}
	}
	if strings.Contains(cookie, "Secure") {
		t.Errorf("session cookie over plain HTTP is Secure: %q", cookie)
	}

	// next may only point at this site.
	for _, next := range []string{"//evil.example/x", "https://evil.example/", "/\\evil.example"} {
		res = app.anonymous().post(t, "/login", url.Values{"username": {"admin"}, "password": {testPassword}, "next": {next}})
		if res.Header.Get("Location") != "/" {
			t.Errorf("next=%q redirects to %q, want /", next, res.Header.Get("Location"))
		}
	}

	res = c.post(t, "/logout", nil)
	if res.Header.Get("Location") != "/login" {
		t.Errorf("logout = %q", res.Header.Get("Location"))
	}
	if res := c.get(t, "/users"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("after logout /users = %d, want redirect", res.StatusCode)
	}
}

func TestLoginRateLimit(t *testing.T) {
	app := newTestApp(t)
	app.setup(t)
	c := app.anonymous()
	for i := 0; i < maxFailures; i++ {
		c.post(t, "/login", url.Values{"username": {"admin"}, "password": {"errada-123"}})
	}
	res := c.post(t, "/login", url.Values{"username": {"admin"}, "password": {testPassword}})
	if res.StatusCode != http.StatusTooManyRequests || !strings.Contains(res.Body, "Aguarde") {
		t.Fatalf("login after %d failures = %d, want 429 with a wait message", maxFailures, res.StatusCode)
	}

	app.setNow(app.clock().Add(loginWindow + time.Second))
	res = c.post(t, "/login", url.Values{"username": {"admin"}, "password": {testPassword}})
	if res.StatusCode != http.StatusSeeOther {
		t.Errorf("login after the window = %d, want 303", res.StatusCode)
	}
}

func TestCrossOriginPost(t *testing.T) {
	app := newTestApp(t)
	app.setup(t)
	c := app.login(t, "admin")

	req, _ := http.NewRequest("POST", app.ts.URL+"/settings",
		strings.NewReader("clinic_name=Hackeada&idle_minutes=60"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "http://evil.example")
	res := c.do(t, req)
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("cross-origin POST = %d, want 403", res.StatusCode)
	}
	req, _ = http.NewRequest("POST", app.ts.URL+"/settings",
		strings.NewReader("clinic_name=Hackeada&idle_minutes=60"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	res = c.do(t, req)
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site POST = %d, want 403", res.StatusCode)
	}
	name, _ := app.db.Setting(t.Context(), "clinic_name", "")
	if name != "Clínica Teste" {
		t.Errorf("clinic name changed to %q by a cross-origin POST", name)
	}

	// A same-origin form from a LAN address works: the Origin matches the
	// Host the psychologist typed.
	req, _ = http.NewRequest("POST", app.ts.URL+"/settings",
		strings.NewReader("clinic_name=Cl%C3%ADnica+LAN&idle_minutes=60"))
	req.Host = "192.168.0.10:8080"
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "http://192.168.0.10:8080")
	res = c.do(t, req)
	if res.StatusCode != http.StatusSeeOther {
		t.Errorf("LAN same-origin POST = %d, want 303", res.StatusCode)
	}
}

func TestExpiredSessionWritesNothing(t *testing.T) {
	app := newTestApp(t)
	app.setup(t)
	c := app.login(t, "admin")

	app.setNow(app.clock().Add(defaultIdleMinutes*time.Minute + time.Minute))
	req, _ := http.NewRequest("POST", app.ts.URL+"/settings",
		strings.NewReader("clinic_name=Depois&idle_minutes=60"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", app.ts.URL)
	req.Header.Set("Referer", app.ts.URL+"/settings")
	res := c.do(t, req)
	loc, _ := url.Parse(res.Header.Get("Location"))
	if res.StatusCode != http.StatusSeeOther || loc.Path != "/login" ||
		loc.Query().Get("expired") != "1" || loc.Query().Get("next") != "/settings" {
		t.Fatalf("expired POST = %d %q, want /login?expired=1&next=/settings", res.StatusCode, res.Header.Get("Location"))
	}
	name, _ := app.db.Setting(t.Context(), "clinic_name", "")
	if name != "Clínica Teste" {
		t.Errorf("expired session wrote clinic name %q", name)
	}

	res = c.get(t, loc.RequestURI())
	if !strings.Contains(res.Body, "Sua sessão expirou") {
		t.Error("login page lacks 'Sua sessão expirou'")
	}
	res = c.post(t, "/login", url.Values{"username": {"admin"}, "password": {testPassword}, "next": {"/settings"}})
	if res.Header.Get("Location") != "/settings" {
		t.Errorf("login after expiry goes to %q, want /settings", res.Header.Get("Location"))
	}
}

func TestUserAdministration(t *testing.T) {
	app := newTestApp(t)
	app.setup(t)
	admin := app.login(t, "admin")

	res := admin.post(t, "/users", url.Values{"display_name": {"Rita"}, "username": {"rita"},
		"role": {"reception"}, "password": {""}})
	if res.StatusCode != http.StatusOK {
		t.Fatalf("create user = %d", res.StatusCode)
	}
	i := strings.Index(res.Body, `id="one-time-password">`)
	if i < 0 {
		t.Fatal("no one-time password shown")
	}
	rest := res.Body[i+len(`id="one-time-password">`):]
	password := rest[:strings.Index(rest, "<")]

	// The user must change the provisional password first.
	rita := app.anonymous()
	res = rita.post(t, "/login", url.Values{"username": {"rita"}, "password": {password}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("login with provisional password = %d", res.StatusCode)
	}
	if res := rita.get(t, "/"); res.Header.Get("Location") != "/account/password" {
		t.Errorf("first page with a provisional password goes to %q", res.Header.Get("Location"))
	}
	res = rita.post(t, "/account/password", url.Values{"current": {password},
		"password": {"nova-senha-1"}, "password_confirm": {"nova-senha-1"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("change password = %d: %s", res.StatusCode, res.Body)
	}
	if res := rita.get(t, "/"); res.StatusCode != http.StatusOK {
		t.Errorf("dashboard after the change = %d", res.StatusCode)
	}
	if res := rita.get(t, "/users"); res.StatusCode != http.StatusForbidden {
		t.Errorf("reception opening /users = %d, want 403", res.StatusCode)
	}

	// Deactivation ends the session at once and blocks new logins.
	users, _ := app.db.Users(t.Context())
	var ritaID int64
	for _, u := range users {
		if u.Username == "rita" {
			ritaID = u.ID
		}
	}
	res = admin.post(t, "/users/"+strconv.FormatInt(ritaID, 10)+"/active", url.Values{"active": {"0"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("deactivate = %d", res.StatusCode)
	}
	if res := rita.get(t, "/"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("deactivated user's session still works: %d", res.StatusCode)
	}
	res = app.anonymous().post(t, "/login", url.Values{"username": {"rita"}, "password": {"nova-senha-1"}})
	if res.StatusCode != http.StatusUnauthorized {
		t.Errorf("deactivated login = %d, want 401", res.StatusCode)
	}

	// The last active admin cannot be deactivated.
	res = admin.post(t, "/users/1/active", url.Values{"active": {"0"}})
	if res.StatusCode != http.StatusConflict {
		t.Errorf("deactivating the only admin = %d, want 409", res.StatusCode)
	}

	// Duplicate usernames get a message beside the field.
	res = admin.post(t, "/users", url.Values{"display_name": {"X"}, "username": {"RITA"}, "role": {"admin"}})
	if res.StatusCode != http.StatusConflict || !strings.Contains(res.Body, `id="e-username"`) {
		t.Errorf("duplicate username = %d", res.StatusCode)
	}
	// A psychologist account needs its psychologist.
	res = admin.post(t, "/users", url.Values{"display_name": {"P"}, "username": {"p"}, "role": {string(clinic.RolePsychologist)}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("psychologist without link = %d, want 422", res.StatusCode)
	}
}

func TestSecurityHeadersAndStatic(t *testing.T) {
	app := newTestApp(t)
	app.setup(t)
	c := app.anonymous()
	res := c.get(t, "/login")
	csp := res.Header.Get("Content-Security-Policy")
	for _, want := range []string{"script-src 'self'", "frame-ancestors 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP %q lacks %s", csp, want)
		}
	}
	if strings.Contains(csp, "script-src 'self' 'unsafe-inline'") {
		t.Error("CSP allows inline scripts")
	}
	if res.Header.Get("X-Content-Type-Options") != "nosniff" || res.Header.Get("Referrer-Policy") == "" {
		t.Error("missing nosniff or Referrer-Policy")
	}
	if strings.Contains(res.Body, "<script>") || strings.Contains(res.Body, "<style") {
		t.Error("page has an inline script or style element")
	}

	u := app.srv.static.url("css/app.css")
	res = c.get(t, u)
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Header.Get("Cache-Control"), "immutable") {
		t.Errorf("GET %s = %d %q", u, res.StatusCode, res.Header.Get("Cache-Control"))
	}
	res = c.get(t, "/static/0000/css/app.css")
	if strings.Contains(res.Header.Get("Cache-Control"), "immutable") {
		t.Error("a stale hash is cached for a year")
	}
}
