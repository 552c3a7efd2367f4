package web

import (
	"errors"
	"net/http"
	"runtime/debug"
	"strings"
	"unicode/utf8"
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

// maxFormBytes caps the body of a form. The largest real form is a day's
// attendance list or a patient's notes, far below it; without a cap Go
// reads up to 10 MB of a form into memory (32 MB of a multipart one) and
// a text field can store a megabyte.
const maxFormBytes = 256 << 10

// parseForm reads the form of a POST to a route that takes no upload. It
// writes an error response itself when the body is too large or contains
// text no browser sends from these pages (invalid UTF-8 or NUL
// characters), because such text would be stored as sent and break
// searches, logs and spreadsheets later. It reports whether the handler
// may run.
func (s *Server) parseForm(w http.ResponseWriter, r *http.Request) bool {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	var err error
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		// Handlers read fields with FormValue, which accepts a
		// multipart body too, so its fields get the same checks.
		err = r.ParseMultipartForm(maxFormBytes)
	} else {
		err = r.ParseForm()
	}
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			http.Error(w, "Formulário grande demais. Encurte os textos e envie de novo.",
				http.StatusRequestEntityTooLarge)
			return false
		}
		http.Error(w, "Formulário inválido.", http.StatusBadRequest)
		return false
	}
	for k, vs := range r.Form {
		if !cleanFormText(k) {
			http.Error(w, "Formulário inválido.", http.StatusBadRequest)
			return false
		}
		for _, v := range vs {
			if !cleanFormText(v) {
				http.Error(w, "O formulário tem caracteres inválidos. "+
					"Apague o texto colado e digite de novo.", http.StatusBadRequest)
				return false
			}
		}
	}
	return true
}

// cleanFormText reports whether v is valid UTF-8 without NUL characters.
func cleanFormText(v string) bool {
	return utf8.ValidString(v) && !strings.ContainsRune(v, 0)
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
