package web

import (
	"net/http"
	"runtime/debug"
)

// contentSecurityPolicy allows only this server's own files. Scripts come
// from files only (no inline script). Inline style attributes are allowed,
// because agendas paint each block in its psychologist's colour; <style>
// elements are not.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; " +
	"style-src 'self'; style-src-elem 'self'; style-src-attr 'unsafe-inline'; " +
	"img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
	"object-src 'none'; base-uri 'none'; form-action 'self'; " +
	"frame-ancestors 'none'"

// securityHeaders sets the headers every answer carries.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		next.ServeHTTP(w, r)
	})
}

// recoverPanics turns a handler panic into a logged 500 instead of a
// dropped connection.
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("handler panic", "path", r.URL.Path,
					"panic", v, "stack", string(debug.Stack()))
				http.Error(w, "Erro interno. Avise o administrador.",
					http.StatusInternalServerError)
			}
		}()
		next.ServeHTTP(w, r)
	})
}
