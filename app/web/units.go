package web

import (
	"net/http"
	"net/url"
	"strconv"

	"kpsicologia/app/clinic"
	"kpsicologia/app/sqlite"
)

// unitRow is a unit on the list page with its rooms' hours summarised.
type unitRow struct {
	sqlite.Unit
	Rooms []roomRow
}

func (s *Server) unitList(w http.ResponseWriter, r *http.Request) {
	units, err := s.db.Units(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rows := make([]unitRow, len(units))
	for i, u := range units {
		rows[i] = unitRow{Unit: u}
		for _, room := range u.Rooms {
			rows[i].Rooms = append(rows[i].Rooms, newRoomRow(room))
		}
	}
	s.render(w, r, http.StatusOK, "units", &Page{Title: "Unidades e salas",
		Data: rows})
}

// unitFormData tells the unit form whether it creates or edits.
type unitFormData struct {
	ID     int64
	Action string
}

func (s *Server) unitNewForm(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "unit_form", &Page{Title: "Nova unidade",
		Form: url.Values{"active": {"1"}},
		Data: unitFormData{Action: "/units"}})
}

func unitInput(form url.Values) sqlite.UnitInput {
	return sqlite.UnitInput{
		Name:    form.Get("name"),
		Address: form.Get("address"),
		CEP:     form.Get("cep"),
		Active:  formChecked(form, "active"),
	}
}

func (s *Server) unitCreate(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	in := unitInput(r.PostForm)
	if _, err := s.db.CreateUnit(r.Context(), actor(r), in); err != nil {
		s.formError(w, r, "unit_form", &Page{Title: "Nova unidade",
			Data: unitFormData{Action: "/units"}}, err)
		return
	}
	s.redirect(w, r, "/units", "Unidade "+clinic.NormalizeName(in.Name)+
		" cadastrada. Agora cadastre as salas dela.")
}

func (s *Server) unitEditForm(w http.ResponseWriter, r *http.Request) {
	u, err := s.db.Unit(r.Context(), pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	form := url.Values{"name": {u.Name}, "address": {u.Address},
		"cep": {clinic.FormatCEP(u.CEP)}}
	if u.Active {
		form.Set("active", "1")
	}
	s.render(w, r, http.StatusOK, "unit_form", &Page{Title: "Editar unidade",
		Form: form, Data: unitFormData{ID: u.ID, Action: unitPath(u.ID)}})
}

func unitPath(id int64) string { return "/units/" + strconv.FormatInt(id, 10) }

func (s *Server) unitUpdate(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	id := pathID(r)
	in := unitInput(r.PostForm)
	if err := s.db.UpdateUnit(r.Context(), actor(r), id, in); err != nil {
		s.formError(w, r, "unit_form", &Page{Title: "Editar unidade",
			Data: unitFormData{ID: id, Action: unitPath(id)}}, err)
		return
	}
	s.redirect(w, r, "/units", "Unidade salva.")
}
