package web

import (
	"net/http"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/gorilla/sessions"

	"kpsicologia/app/clinic"
	"kpsicologia/app/sqlite"
)

const (
	sessionName        = "kpsi_session"
	defaultIdleMinutes = 8 * 60
)

// cookieOptions returns the session cookie's attributes. Secure is set only
// when the request came over TLS: psychologists reach the clinic's PC over
// plain HTTP on the local network, where a Secure cookie would never come
// back and every login would loop.
func cookieOptions(r *http.Request) *sessions.Options {
	return &sessions.Options{
		Path:     "/",
		MaxAge:   0, // ends with the browser; the idle timeout is server-side
		HttpOnly: true,
		Secure:   r.TLS != nil,
		SameSite: http.SameSiteLaxMode,
	}
}

// idleTimeout returns the clinic's idle timeout setting.
func (s *Server) idleTimeout(r *http.Request) time.Duration {
	v, err := s.db.Setting(r.Context(), sqlite.SettingIdleMinutes, "")
	if err != nil {
		s.log.Error("read idle timeout setting", "err", err)
	}
	m, err := strconv.Atoi(v)
	if err != nil || m <= 0 {
		m = defaultIdleMinutes
	}
	return time.Duration(m) * time.Minute
}

// loadSession returns the signed-in user of r, or nil. expired reports a
// session that existed but went idle for longer than the timeout; it is
// cleared. A valid session's last-seen time is refreshed.
func (s *Server) loadSession(w http.ResponseWriter, r *http.Request) (u *clinic.User, expired bool, err error) {
	sess, _ := s.cookies.Get(r, sessionName) // a bad cookie is a new session
	id, _ := sess.Values["uid"].(int64)
	if id == 0 {
		return nil, false, nil
	}

	seen, _ := sess.Values["seen"].(int64)
	now := s.now()
	if now.Sub(time.Unix(seen, 0)) > s.idleTimeout(r) {
		s.clearSession(w, r)
		return nil, true, nil
	}

	user, err := s.db.UserByID(r.Context(), id)
	if clinic.ErrorCode(err) == clinic.ErrNotFound || (err == nil && !user.Active) {
		s.clearSession(w, r)
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}

	// Refresh at most once a minute, so most answers carry no new cookie.
	if now.Unix()-seen >= 60 {
		sess.Values["seen"] = now.Unix()
		sess.Options = cookieOptions(r)
		if err := sess.Save(r, w); err != nil {
			s.log.Error("save session", "err", err, "user_id", id)
		}
	}
	return &user, false, nil
}

// startSession signs u in on this browser.
func (s *Server) startSession(w http.ResponseWriter, r *http.Request, u clinic.User) error {
	sess, _ := s.cookies.New(r, sessionName)
	sess.Values["uid"] = u.ID
	sess.Values["seen"] = s.now().Unix()
	sess.Options = cookieOptions(r)
	return sess.Save(r, w)
}

func (s *Server) clearSession(w http.ResponseWriter, r *http.Request) {
	sess, _ := s.cookies.New(r, sessionName)
	sess.Options = cookieOptions(r)
	sess.Options.MaxAge = -1
	if err := sess.Save(r, w); err != nil {
		s.log.Error("clear session", "err", err)
	}
}

// maxFlashBytes caps a flash message. The message travels base64-encoded
// in a cookie, and browsers drop a cookie over 4 KB without a word, so a
// long text typed by someone (a block's reason quoted in a booking
// warning) would hide the whole message, or with a huge text make the
// browser refuse the answer.
const maxFlashBytes = 2000

// flashText returns msg cut to maxFlashBytes at a character boundary.
func flashText(msg string) string {
	if len(msg) <= maxFlashBytes {
		return msg
	}
	const more = "…"
	cut := maxFlashBytes - len(more)
	for cut > 0 && !utf8.RuneStart(msg[cut]) {
		cut--
	}
	return msg[:cut] + more
}

// setFlash stores a one-time message for the next page.
func (s *Server) setFlash(w http.ResponseWriter, r *http.Request, kind, msg string) {
	http.SetCookie(w, &http.Cookie{
		Name: "kpsi_flash", Value: encodeFlash(kind, flashText(msg)), Path: "/",
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil,
	})
}

// takeFlash returns and clears the flash message of r.
func (s *Server) takeFlash(w http.ResponseWriter, r *http.Request) (kind, msg string) {
	c, err := r.Cookie("kpsi_flash")
	if err != nil {
		return "", ""
	}
	http.SetCookie(w, &http.Cookie{Name: "kpsi_flash", Path: "/", MaxAge: -1,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil})
	return decodeFlash(c.Value)
}
