package web

import (
	"fmt"
	"net"
	"net/http"
	"strings"

	"kpsicologia/app/clinic"
	"kpsicologia/app/sqlite"
)

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	if err := s.db.Ping(r.Context()); err != nil {
		s.log.Error("health check", "err", err)
		http.Error(w, "database unavailable", http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	fmt.Fprintln(w, "ok")
}

// setupForm shows the first-run form while the clinic has no admin; after
// that it leads to the login page.
func (s *Server) setupForm(w http.ResponseWriter, r *http.Request) {
	ok, err := s.isSetUp(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if ok {
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return
	}
	s.render(w, r, http.StatusOK, "setup", &Page{Title: "Primeiro acesso", Bare: true})
}

func (s *Server) setupSubmit(w http.ResponseWriter, r *http.Request) {
	ok, err := s.isSetUp(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if ok {
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return
	}
	r.ParseForm()
	page := &Page{Title: "Primeiro acesso", Bare: true}
	password := r.PostForm.Get("password")
	if password != r.PostForm.Get("password_confirm") {
		page.Errors = clinic.FieldErrors{"password_confirm": "As duas senhas " +
			"não são iguais; digite a mesma senha nos dois campos."}
		page.Form = r.PostForm
		s.render(w, r, http.StatusUnprocessableEntity, "setup", page)
		return
	}
	admin := sqlite.NewUser{
		Username:    r.PostForm.Get("username"),
		DisplayName: r.PostForm.Get("display_name"),
		Password:    password,
	}
	id, err := s.db.Setup(r.Context(), r.PostForm.Get("clinic_name"), admin)
	if err != nil {
		s.formError(w, r, "setup", page, err)
		return
	}
	s.setUp.Store(true)
	s.log.Info("first-run setup done", "username", admin.Username, "addr", clientAddr(r))

	u, err := s.db.UserByID(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.startSession(w, r, u); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/", "Clínica configurada. Bem-vinda(o)!")
}

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) {
	if currentUser(r) != nil {
		http.Redirect(w, r, safeNext(r.URL.Query().Get("next")), http.StatusSeeOther)
		return
	}
	page := &Page{Title: "Entrar", Bare: true, Form: r.URL.Query()}
	if r.URL.Query().Get("expired") != "" {
		page.FlashKind = "warning"
		page.Flash = "Sua sessão expirou. Entre de novo para continuar; " +
			"nada do último formulário foi salvo."
	}
	s.render(w, r, http.StatusOK, "login", page)
}

// clientAddr returns the request's remote IP without the port.
func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func (s *Server) loginSubmit(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	username := strings.TrimSpace(r.PostForm.Get("username"))
	password := r.PostForm.Get("password")
	addr := clientAddr(r)
	page := &Page{Title: "Entrar", Bare: true, Form: r.PostForm}
	page.Form.Del("password")

	now := s.now()
	key := strings.ToLower(username)
	if wait := s.limiter.wait(key, addr, now); wait > 0 {
		minutes := int(wait.Minutes()) + 1
		s.log.Warn("login rate limited", "username", username, "addr", addr)
		page.Error = fmt.Sprintf("Muitas tentativas de entrada sem sucesso. "+
			"Aguarde %s e tente de novo, ou peça ao administrador "+
			"para redefinir sua senha.", plural(minutes, "minuto", "minutos"))
		s.render(w, r, http.StatusTooManyRequests, "login", page)
		return
	}

	u, err := s.db.Authenticate(r.Context(), username, password)
	if err != nil {
		if clinic.ErrorCode(err) != clinic.ErrUnauthorized {
			s.fail(w, r, err)
			return
		}
		s.limiter.fail(key, addr, now)
		s.log.Warn("login failed", "username", username, "addr", addr)
		page.Error = "Usuário ou senha incorretos. Confira e tente de novo."
		s.render(w, r, http.StatusUnauthorized, "login", page)
		return
	}
	s.limiter.succeed(key)
	s.log.Info("login", "username", u.Username, "user_id", u.ID, "addr", addr)
	if err := s.startSession(w, r, u); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, safeNext(r.PostForm.Get("next")), http.StatusSeeOther)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if u := currentUser(r); u != nil {
		s.log.Info("logout", "username", u.Username, "user_id", u.ID)
	}
	s.clearSession(w, r)
	s.redirect(w, r, "/login", "Você saiu do sistema.")
}

func (s *Server) passwordForm(w http.ResponseWriter, r *http.Request) {
	page := &Page{Title: "Trocar senha"}
	if currentUser(r).MustChangePassword {
		page.FlashKind = "warning"
		page.Flash = "Escolha uma senha nova para continuar: a atual foi " +
			"definida por outra pessoa."
	}
	s.render(w, r, http.StatusOK, "password", page)
}

func (s *Server) passwordSubmit(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	u := currentUser(r)
	page := &Page{Title: "Trocar senha"}
	password := r.PostForm.Get("password")
	if password != r.PostForm.Get("password_confirm") {
		page.Errors = clinic.FieldErrors{"password_confirm": "As duas senhas " +
			"não são iguais; digite a mesma senha nos dois campos."}
		page.Form = r.PostForm
		s.render(w, r, http.StatusUnprocessableEntity, "password", page)
		return
	}
	err := s.db.SetPassword(r.Context(), actor(r), u.ID, r.PostForm.Get("current"), password)
	if err != nil {
		s.formError(w, r, "password", page, err)
		return
	}
	s.redirect(w, r, "/", "Senha alterada.")
}
