package web

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strings"

	"kpsicologia/app/clinic"
	"kpsicologia/app/sqlite"
)

// renderer holds one parsed template set per page: the layout, every
// partial and the page itself.
type renderer struct {
	pages map[string]*template.Template
}

func newRenderer(assets fs.FS, funcs template.FuncMap) (*renderer, error) {
	files, err := fs.Glob(assets, "templates/pages/*.html")
	if err != nil {
		return nil, fmt.Errorf("web: list templates: %w", err)
	}
	partials, err := fs.Glob(assets, "templates/partials/*.html")
	if err != nil {
		return nil, fmt.Errorf("web: list partials: %w", err)
	}
	// The layout and partials are parsed once; each page then parses only
	// its own file into a clone, which keeps start-up fast with dozens of
	// pages.
	base, err := template.New("layout.html").Funcs(funcs).ParseFS(assets,
		append([]string{"templates/layout.html"}, partials...)...)
	if err != nil {
		return nil, fmt.Errorf("web: parse layout: %w", err)
	}
	rd := &renderer{pages: map[string]*template.Template{}}
	for _, f := range files {
		name := strings.TrimSuffix(path.Base(f), ".html")
		clone, err := base.Clone()
		if err != nil {
			return nil, fmt.Errorf("web: clone layout for %s: %w", name, err)
		}
		t, err := clone.ParseFS(assets, f)
		if err != nil {
			return nil, fmt.Errorf("web: parse template %s: %w", name, err)
		}
		rd.pages[name] = t
	}
	return rd, nil
}

// Page is what every template receives. Data holds the page's own values.
type Page struct {
	Title      string
	User       *clinic.User
	ClinicName string
	Path       string
	Nav        []navItem
	FlashKind  string
	Flash      string
	Version    string
	Today      string

	// Form holds the submitted values, so a failed form keeps everything
	// typed; Errors holds one message per field; Error a message for the
	// whole form.
	Form   url.Values
	Errors clinic.FieldErrors
	Error  string

	// Bare pages (login, setup, printable sheets) have no sidebar.
	Bare bool

	Data any
}

// Value returns the submitted value of a form field.
func (p *Page) Value(field string) string {
	if p.Form == nil {
		return ""
	}
	return p.Form.Get(field)
}

// FieldError returns the message for a form field, or "".
func (p *Page) FieldError(field string) string {
	return p.Errors[field]
}

// render writes page name with status. The template runs into a buffer
// first, so a template error becomes a clean error page and never half a
// page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, p *Page) {
	t, ok := s.pages.pages[name]
	if !ok {
		s.log.Error("missing template", "template", name)
		http.Error(w, "Página indisponível.", http.StatusInternalServerError)
		return
	}
	s.fillPage(w, r, p)

	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout.html", p); err != nil {
		s.log.Error("render template", "template", name, "err", err)
		http.Error(w, "Não foi possível mostrar esta página. Avise o administrador.",
			http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// fillPage sets the fields every page shares.
func (s *Server) fillPage(w http.ResponseWriter, r *http.Request, p *Page) {
	if p.User == nil {
		p.User = currentUser(r)
	}
	p.Path = r.URL.Path
	p.Version = s.version
	p.Today = s.today()
	if p.ClinicName == "" {
		name, err := s.db.Setting(r.Context(), sqlite.SettingClinicName, "")
		if err != nil {
			s.log.Error("read clinic name", "err", err)
		}
		p.ClinicName = name
	}
	if p.User != nil {
		p.Nav = navFor(p.User.Role, r.URL.Path)
	}
	if p.Flash == "" {
		p.FlashKind, p.Flash = s.takeFlash(w, r)
	}
	if p.Errors == nil {
		p.Errors = clinic.FieldErrors{}
	}
	if p.Error == "" && len(p.Errors) > 0 {
		p.Error = "Corrija os campos indicados e tente de novo."
	}
}

// formError re-renders a form page with the user's input and err's
// messages: one per field where err carries them.
func (s *Server) formError(w http.ResponseWriter, r *http.Request, name string, p *Page, err error) {
	code := clinic.ErrorCode(err)
	if code == clinic.ErrInternal {
		s.log.Error("form submit", "path", r.URL.Path, "err", err)
	}
	p.Form = r.PostForm
	p.Error = clinic.ErrorMessage(err)
	var ce *clinic.Error
	if asError(err, &ce) && ce.Fields != nil {
		p.Errors = ce.Fields
	}
	s.render(w, r, statusFor(code), name, p)
}

func statusFor(code string) int {
	switch code {
	case clinic.ErrInvalid:
		return http.StatusUnprocessableEntity
	case clinic.ErrNotFound:
		return http.StatusNotFound
	case clinic.ErrConflict, clinic.ErrLocked:
		return http.StatusConflict
	case clinic.ErrForbidden:
		return http.StatusForbidden
	case clinic.ErrUnauthorized:
		return http.StatusUnauthorized
	}
	return http.StatusInternalServerError
}

// fail renders an error page for err. Internal errors are logged and shown
// as a generic message; the others show their own message.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	code := clinic.ErrorCode(err)
	if code == clinic.ErrInternal {
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	s.render(w, r, statusFor(code), "error", &Page{
		Title: "Não foi possível concluir",
		Error: clinic.ErrorMessage(err),
	})
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	u, _, _ := s.loadSession(w, r)
	s.render(w, r, http.StatusNotFound, "error", &Page{User: u,
		Title: "Página não encontrada",
		Error: "Esta página não existe. Use o menu para continuar."})
}

func (s *Server) methodNotAllowed(w http.ResponseWriter, r *http.Request) {
	http.Error(w, "Método não permitido.", http.StatusMethodNotAllowed)
}

func (s *Server) forbidden(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusForbidden, "error", &Page{
		Title: "Acesso negado",
		Error: "Seu perfil não tem acesso a esta página."})
}

func (s *Server) crossOriginDenied(w http.ResponseWriter, r *http.Request) {
	s.log.Warn("cross-origin request rejected", "method", r.Method,
		"path", r.URL.Path, "origin", r.Header.Get("Origin"), "addr", r.RemoteAddr)
	http.Error(w, "Requisição recusada: o formulário veio de outro site.",
		http.StatusForbidden)
}

// redirect answers a successful form with a flash message and the next
// page (Post/Redirect/Get, so a reload never submits twice).
func (s *Server) redirect(w http.ResponseWriter, r *http.Request, to, flash string) {
	if flash != "" {
		s.setFlash(w, r, "success", flash)
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}

func encodeFlash(kind, msg string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(kind + "\n" + msg))
}

func decodeFlash(v string) (kind, msg string) {
	b, err := base64.RawURLEncoding.DecodeString(v)
	if err != nil {
		return "", ""
	}
	kind, msg, _ = strings.Cut(string(b), "\n")
	if kind != "success" && kind != "danger" && kind != "warning" && kind != "info" {
		kind = "info"
	}
	return kind, msg
}
