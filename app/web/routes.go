package web

import (
	"context"
	"net/http"
	"net/url"

	"kpsicologia/app/clinic"
)

// access says who may use a route.
type access int

const (
	// public routes serve anyone, signed in or not.
	public access = iota
	// signedIn routes serve the roles listed in route.Roles.
	signedIn
)

// route is one entry of the routing table. Every route declares who may
// use it; TestRouteAuthorization walks the table with every role, so a
// route added without a rule fails the build.
type route struct {
	Method  string
	Path    string
	Access  access
	Roles   []clinic.Role
	Handler http.HandlerFunc
	// Upload marks a POST that streams a file from its multipart body
	// with a size cap of its own; other POSTs get their form read and
	// checked by parseForm before the handler runs.
	Upload bool
}

// Role sets used by the routing tables.
var (
	everyone      = []clinic.Role{clinic.RoleAdmin, clinic.RoleReception, clinic.RolePsychologist}
	staff         = []clinic.Role{clinic.RoleAdmin, clinic.RoleReception}
	adminOnly     = []clinic.Role{clinic.RoleAdmin}
	adminAndPsych = []clinic.Role{clinic.RoleAdmin, clinic.RolePsychologist}
)

func get(path string, roles []clinic.Role, h http.HandlerFunc) route {
	return route{Method: http.MethodGet, Path: path, Access: signedIn, Roles: roles, Handler: h}
}

func post(path string, roles []clinic.Role, h http.HandlerFunc) route {
	return route{Method: http.MethodPost, Path: path, Access: signedIn, Roles: roles, Handler: h}
}

// upload is a POST that receives a file; see route.Upload.
func upload(path string, roles []clinic.Role, h http.HandlerFunc) route {
	rt := post(path, roles, h)
	rt.Upload = true
	return rt
}

// allRoutes is the whole routing table: the foundation's routes and each
// area's.
func (s *Server) allRoutes() []route {
	var all []route
	all = append(all, s.coreRoutes()...)
	all = append(all, s.registryRoutes()...)
	all = append(all, s.scheduleRoutes()...)
	all = append(all, s.agendaRoutes()...)
	all = append(all, s.financeRoutes()...)
	all = append(all, s.exportRoutes()...)
	all = append(all, s.importRoutes()...)
	return all
}

func (s *Server) coreRoutes() []route {
	return []route{
		{Method: "GET", Path: "/healthz", Access: public, Handler: s.healthz},
		{Method: "GET", Path: "/setup", Access: public, Handler: s.setupForm},
		{Method: "POST", Path: "/setup", Access: public, Handler: s.setupSubmit},
		{Method: "GET", Path: "/login", Access: public, Handler: s.loginForm},
		{Method: "POST", Path: "/login", Access: public, Handler: s.loginSubmit},
		{Method: "POST", Path: "/logout", Access: public, Handler: s.logout},

		get("/", everyone, s.dashboard),
		get("/account/password", everyone, s.passwordForm),
		post("/account/password", everyone, s.passwordSubmit),

		get("/users", adminOnly, s.userList),
		get("/users/new", adminOnly, s.userNewForm),
		post("/users", adminOnly, s.userCreate),
		post("/users/{id:[0-9]+}/password", adminOnly, s.userResetPassword),
		post("/users/{id:[0-9]+}/active", adminOnly, s.userSetActive),

		get("/settings", adminOnly, s.settingsForm),
		post("/settings", adminOnly, s.settingsSubmit),

		get("/backups", adminOnly, s.backupList),
		post("/backups", adminOnly, s.backupCreate),
		get("/backups/{name}", adminOnly, s.backupDownload),

		get("/audit", adminOnly, s.auditList),
	}
}

type ctxKey int

const userKey ctxKey = 1

// currentUser returns the signed-in user of r, or nil.
func currentUser(r *http.Request) *clinic.User {
	u, _ := r.Context().Value(userKey).(*clinic.User)
	return u
}

// actor returns who is making r, for the store.
func actor(r *http.Request) clinic.Actor {
	return actorOf(currentUser(r))
}

// authorize wraps a route's handler with its access rule. An anonymous
// request to a signed-in route goes to the login page (a POST writes
// nothing); a signed-in user without the role gets 403.
func (s *Server) authorize(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if rt.Method == http.MethodPost && !rt.Upload && !s.parseForm(w, r) {
			return
		}
		if rt.Path != "/setup" && rt.Path != "/healthz" {
			ok, err := s.isSetUp(r.Context())
			if err != nil {
				s.fail(w, r, err)
				return
			}
			if !ok {
				http.Redirect(w, r, "/setup", http.StatusSeeOther)
				return
			}
		}

		u, expired, err := s.loadSession(w, r)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if u != nil {
			r = r.WithContext(context.WithValue(r.Context(), userKey, u))
		}
		if rt.Access == public {
			rt.Handler(w, r)
			return
		}

		if u == nil {
			s.redirectToLogin(w, r, expired)
			return
		}
		if u.MustChangePassword && rt.Path != "/account/password" {
			http.Redirect(w, r, "/account/password", http.StatusSeeOther)
			return
		}
		if !hasRole(rt.Roles, u.Role) {
			s.forbidden(w, r)
			return
		}
		rt.Handler(w, r)
	})
}

func hasRole(roles []clinic.Role, role clinic.Role) bool {
	for _, r := range roles {
		if r == role {
			return true
		}
	}
	return false
}

// redirectToLogin sends an anonymous or expired request to the login page
// with the page to return to. For a POST that page is the form's own page
// (from the Referer), since the POST itself is not repeated.
func (s *Server) redirectToLogin(w http.ResponseWriter, r *http.Request, expired bool) {
	next := r.URL.RequestURI()
	if r.Method != http.MethodGet {
		next = "/"
		if ref, err := url.Parse(r.Referer()); err == nil && ref.Path != "" &&
			(ref.Host == "" || ref.Host == r.Host) {
			next = ref.RequestURI()
		}
	}
	q := url.Values{}
	if next != "/" && safeNext(next) != "/" {
		q.Set("next", next)
	}
	if expired {
		q.Set("expired", "1")
	}
	target := "/login"
	if len(q) > 0 {
		target += "?" + q.Encode()
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// safeNext returns next when it is a path on this site, or "/", so the
// login page cannot be used to send people to another site.
func safeNext(next string) string {
	u, err := url.Parse(next)
	if err != nil || next == "" || next[0] != '/' || u.Host != "" ||
		u.Scheme != "" || (len(next) > 1 && (next[1] == '/' || next[1] == '\\')) ||
		u.Path == "/login" || u.Path == "/logout" || u.Path == "/setup" {
		return "/"
	}
	return next
}
