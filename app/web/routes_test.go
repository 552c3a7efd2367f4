package web

import (
	"context"
	"database/sql"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"kpsicologia/app/clinic"
)

// pathVar matches a gorilla/mux variable such as {id:[0-9]+} or {name}.
var pathVar = regexp.MustCompile(`\{[^}]+\}`)

// TestRouteAuthorization walks every registered route anonymously and with
// every role: anonymous users reach only public routes, signed-in users
// without the route's role get 403, and users with it get past the check.
func TestRouteAuthorization(t *testing.T) {
	app := newTestApp(t)
	app.setup(t)
	psyID := insertTestPsychologist(t, app, "Dra. Teste")
	app.createUser(t, "recepcao", clinic.RoleReception, 0)
	app.createUser(t, "psi", clinic.RolePsychologist, psyID)

	clients := map[clinic.Role]*testClient{
		clinic.RoleAdmin:        app.login(t, "admin"),
		clinic.RoleReception:    app.login(t, "recepcao"),
		clinic.RolePsychologist: app.login(t, "psi"),
	}
	anon := app.anonymous()

	for _, rt := range app.srv.routes {
		path := pathVar.ReplaceAllString(rt.Path, "1")
		name := rt.Method + " " + rt.Path
		if rt.Access != public && len(rt.Roles) == 0 {
			t.Errorf("%s: signed-in route without roles", name)
			continue
		}
		if rt.Path == "/logout" {
			continue // logging out would end the shared sessions
		}

		res := send(t, anon, rt.Method, path)
		if rt.Access == public {
			if res.StatusCode == http.StatusForbidden {
				t.Errorf("%s anonymous: 403 on a public route", name)
			}
		} else if res.StatusCode != http.StatusSeeOther ||
			!strings.HasPrefix(res.Header.Get("Location"), "/login") {
			t.Errorf("%s anonymous: status %d location %q, want 303 to /login",
				name, res.StatusCode, res.Header.Get("Location"))
		}

		if rt.Access == public {
			continue
		}
		for role, c := range clients {
			res := send(t, c, rt.Method, path)
			allowed := hasRole(rt.Roles, role)
			switch {
			case allowed && res.StatusCode == http.StatusForbidden:
				t.Errorf("%s as %s: 403, want access", name, role)
			case allowed && strings.HasPrefix(res.Header.Get("Location"), "/login"):
				t.Errorf("%s as %s: sent to login", name, role)
			case !allowed && res.StatusCode != http.StatusForbidden:
				t.Errorf("%s as %s: status %d, want 403", name, role, res.StatusCode)
			}
		}
	}
}

func send(t *testing.T, c *testClient, method, path string) response {
	t.Helper()
	if method == http.MethodPost {
		return c.post(t, path, url.Values{})
	}
	return c.get(t, path)
}

// insertTestPsychologist stores a psychologist row directly, for tests
// that need one to link an account to.
func insertTestPsychologist(tb testing.TB, app *testApp, name string) int64 {
	tb.Helper()
	var id int64
	err := app.db.WriteTx(context.Background(), func(tx *sql.Tx) error {
		res, err := tx.Exec(`INSERT INTO psychologists (name, created_at, updated_at)
			VALUES (?, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`, name)
		if err != nil {
			return err
		}
		id, err = res.LastInsertId()
		return err
	})
	if err != nil {
		tb.Fatalf("insert psychologist: %v", err)
	}
	return id
}

func TestNavLinksHaveRoutes(t *testing.T) {
	app := newTestApp(t)
	gets := map[string]bool{}
	for _, rt := range app.srv.routes {
		if rt.Method == http.MethodGet {
			gets[rt.Path] = true
		}
	}
	for _, it := range navItems {
		if !gets[it.Href] {
			t.Errorf("menu entry %q links to %s, which has no GET route", it.Label, it.Href)
		}
	}
}
