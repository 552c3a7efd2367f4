// Package web serves the clinic's pages: routing, sessions, cross-origin
// protection, authorization by role, and the handlers of each area.
package web

import (
	"context"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/gorilla/mux"
	"github.com/gorilla/sessions"

	"kpsicologia/app/clinic"
	"kpsicologia/app/sqlite"
)

// Config is what the server needs from the program that starts it.
type Config struct {
	DB     *sqlite.DB
	Assets fs.FS // contains templates/ and static/
	Logger *slog.Logger

	// SessionKeys are the cookie signing and encryption keys, kept in the
	// data folder and never in the code.
	SessionKeys [][]byte

	// DataDir is the clinic's data folder; backups live in
	// DataDir/backups.
	DataDir string

	// Location is the clinic's time zone, America/Sao_Paulo by default.
	Location *time.Location

	// Version is the program's version, shown in the footer.
	Version string

	// LANAddress, when set, is the URL psychologists type on the clinic's
	// network; the admin dashboard shows it.
	LANAddress string

	// Now returns the current instant; tests replace it. Nil means
	// time.Now.
	Now func() time.Time
}

// Server holds the dependencies every handler needs.
type Server struct {
	db      *sqlite.DB
	log     *slog.Logger
	cookies *sessions.CookieStore
	pages   *renderer
	static  *staticFiles
	limiter *loginLimiter
	loc     *time.Location
	now     func() time.Time
	dataDir string
	version string
	lanAddr string
	routes  []route
	handler http.Handler

	// setUp caches a true answer of the store's IsSetUp, because a
	// clinic never goes back to having no admin.
	setUp atomic.Bool
}

// New builds a server from cfg, parsing every template up front so a
// broken template fails at start-up instead of on a clinic's screen.
func New(cfg Config) (*Server, error) {
	if cfg.Location == nil {
		loc, err := time.LoadLocation("America/Sao_Paulo")
		if err != nil {
			return nil, fmt.Errorf("web: load time zone: %w", err)
		}
		cfg.Location = loc
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if len(cfg.SessionKeys) == 0 {
		return nil, fmt.Errorf("web: no session keys")
	}

	static, err := newStaticFiles(cfg.Assets)
	if err != nil {
		return nil, err
	}
	s := &Server{
		db:      cfg.DB,
		log:     cfg.Logger,
		cookies: sessions.NewCookieStore(cfg.SessionKeys...),
		static:  static,
		limiter: newLoginLimiter(),
		loc:     cfg.Location,
		now:     cfg.Now,
		dataDir: cfg.DataDir,
		version: cfg.Version,
		lanAddr: cfg.LANAddress,
	}
	s.pages, err = newRenderer(cfg.Assets, s.templateFuncs())
	if err != nil {
		return nil, err
	}
	s.routes = s.allRoutes()
	s.handler = s.buildHandler()
	return s, nil
}

// ServeHTTP serves every request of the application.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.handler.ServeHTTP(w, r)
}

// buildHandler wires the router and the middleware that wraps it. The
// order matters: security headers go on every answer, cross-origin POSTs
// are rejected before any session is read, and authorization runs per
// route.
func (s *Server) buildHandler() http.Handler {
	r := mux.NewRouter()
	r.StrictSlash(false)
	for _, rt := range s.routes {
		methods := []string{rt.Method}
		if rt.Method == http.MethodGet {
			methods = append(methods, http.MethodHead)
		}
		r.Handle(rt.Path, s.authorize(rt)).Methods(methods...)
	}
	r.PathPrefix("/static/").Handler(s.static)
	r.NotFoundHandler = http.HandlerFunc(s.notFound)
	r.MethodNotAllowedHandler = http.HandlerFunc(s.methodNotAllowed)

	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(s.crossOriginDenied))

	var h http.Handler = r
	h = cop.Handler(h)
	h = s.recoverPanics(h)
	h = securityHeaders(h)
	return h
}

// today returns the clinic's current local date as YYYY-MM-DD.
func (s *Server) today() string {
	return s.now().In(s.loc).Format("2006-01-02")
}

// actorOf returns who is making request r, for the store's audit log and
// row-level checks.
func actorOf(u *clinic.User) clinic.Actor {
	if u == nil {
		return clinic.Actor{}
	}
	return clinic.Actor{UserID: u.ID, Username: u.Username, Role: u.Role,
		PsychologistID: u.PsychologistID}
}

// isSetUp reports whether the first-run setup is done.
func (s *Server) isSetUp(ctx context.Context) (bool, error) {
	if s.setUp.Load() {
		return true, nil
	}
	ok, err := s.db.IsSetUp(ctx)
	if ok {
		s.setUp.Store(true)
	}
	return ok, err
}
