package web

import (
	"crypto/rand"
	"net/http"
	"strconv"

	"github.com/gorilla/mux"

	"kpsicologia/app/clinic"
	"kpsicologia/app/sqlite"
)

// pathID returns the {id} route variable of r.
func pathID(r *http.Request) int64 {
	id, _ := strconv.ParseInt(mux.Vars(r)["id"], 10, 64)
	return id
}

// TemporaryPassword returns a random password for an account someone else
// creates or resets; the user must change it at the first login. The
// alphabet leaves out look-alike characters (0/O, 1/l/I).
func TemporaryPassword() string {
	const alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	b := make([]byte, 12)
	rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

type userListData struct {
	Users []clinic.User
	// NewPassword is shown once, after a reset, for the admin to pass on.
	NewPassword string
	NewFor      string
}

func (s *Server) userList(w http.ResponseWriter, r *http.Request) {
	users, err := s.db.Users(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "users", &Page{Title: "Usuários",
		Data: userListData{Users: users}})
}

func (s *Server) userNewForm(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "user_new", &Page{Title: "Nova conta",
		Data: s.psychologistChoices(r)})
}

// psychologistChoices returns the active psychologists for a picker; an
// error is logged and yields an empty list, so the form still renders.
func (s *Server) psychologistChoices(r *http.Request) []clinic.Choice {
	list, err := s.db.PsychologistChoices(r.Context())
	if err != nil {
		s.log.Error("list psychologists for picker", "err", err)
	}
	return list
}

func (s *Server) userCreate(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	psyID, _ := strconv.ParseInt(r.PostForm.Get("psychologist_id"), 10, 64)
	password := r.PostForm.Get("password")
	generated := password == ""
	if generated {
		password = TemporaryPassword()
	}
	n := sqlite.NewUser{
		Username:           r.PostForm.Get("username"),
		DisplayName:        r.PostForm.Get("display_name"),
		Password:           password,
		Role:               clinic.Role(r.PostForm.Get("role")),
		PsychologistID:     psyID,
		MustChangePassword: true,
	}
	_, err := s.db.CreateUser(r.Context(), actor(r), n)
	if err != nil {
		s.formError(w, r, "user_new", &Page{Title: "Nova conta",
			Data: s.psychologistChoices(r)}, err)
		return
	}
	s.showOneTimePassword(w, r, n.Username, password, generated)
}

// showOneTimePassword renders the user list with a password the admin
// must pass on now, because it is stored only as a hash.
func (s *Server) showOneTimePassword(w http.ResponseWriter, r *http.Request, username, password string, show bool) {
	users, err := s.db.Users(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := userListData{Users: users, NewFor: username}
	if show {
		d.NewPassword = password
	}
	page := &Page{Title: "Usuários", Data: d, FlashKind: "success",
		Flash: "Conta " + username + " salva."}
	s.render(w, r, http.StatusOK, "users", page)
}

func (s *Server) userResetPassword(w http.ResponseWriter, r *http.Request) {
	id := pathID(r)
	u, err := s.db.UserByID(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	password := TemporaryPassword()
	if err := s.db.SetPassword(r.Context(), actor(r), id, "", password); err != nil {
		s.fail(w, r, err)
		return
	}
	s.showOneTimePassword(w, r, u.Username, password, true)
}

func (s *Server) userSetActive(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	active := r.PostForm.Get("active") == "1"
	if err := s.db.SetUserActive(r.Context(), actor(r), pathID(r), active); err != nil {
		s.fail(w, r, err)
		return
	}
	msg := "Conta desativada. O nome continua no histórico."
	if active {
		msg = "Conta reativada."
	}
	s.redirect(w, r, "/users", msg)
}
