package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"kpsicologia/app/clinic"
	"kpsicologia/app/sqlite"
)

// psychologistRow is a psychologist with her agenda review date in the
// clinic's calendar and whether it is overdue (never, or over 7 days).
type psychologistRow struct {
	sqlite.Psychologist
	ReviewedOn    string
	ReviewOverdue bool
}

func (s *Server) psychologistRow(p sqlite.Psychologist) psychologistRow {
	return psychologistRow{Psychologist: p,
		ReviewedOn:    p.AgendaReviewedOn(s.loc),
		ReviewOverdue: p.AgendaReviewOverdue(s.loc, s.today())}
}

type psychologistListData struct {
	Rows         []psychologistRow
	ShowInactive bool
	CanEdit      bool
}

func isAdmin(r *http.Request) bool {
	u := currentUser(r)
	return u != nil && u.Role == clinic.RoleAdmin
}

func (s *Server) psychologistList(w http.ResponseWriter, r *http.Request) {
	showInactive := r.URL.Query().Get("inactive") == "1"
	list, err := s.db.Psychologists(r.Context(), showInactive)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := psychologistListData{ShowInactive: showInactive, CanEdit: isAdmin(r)}
	for _, p := range list {
		d.Rows = append(d.Rows, s.psychologistRow(p))
	}
	s.render(w, r, http.StatusOK, "psychologists", &Page{Title: "Psicólogas", Data: d})
}

// psychologistFormData is what the psychologist form needs besides the
// typed values: the action and the checkbox groups.
type psychologistFormData struct {
	ID          int64
	Action      string
	New         bool
	Specialties []checkOption
	Audiences   []checkOption
	Units       []checkOption
}

// psychologistFormData builds the checkbox groups, ticking the ids sent
// in form.
func (s *Server) psychologistFormData(r *http.Request, id int64, form url.Values) (psychologistFormData, error) {
	d := psychologistFormData{ID: id, New: id == 0, Action: "/psychologists"}
	if id != 0 {
		d.Action = psychologistPath(id)
	}
	ctx := r.Context()
	spec, err := s.db.CatalogueChoices(ctx, sqlite.Specialties)
	if err != nil {
		return d, err
	}
	aud, err := s.db.CatalogueChoices(ctx, sqlite.Audiences)
	if err != nil {
		return d, err
	}
	units, err := s.db.UnitChoices(ctx)
	if err != nil {
		return d, err
	}
	d.Specialties = checkOptions(spec, formIDs(form, "specialty_ids"))
	d.Audiences = checkOptions(aud, formIDs(form, "audience_ids"))
	d.Units = checkOptions(units, formIDs(form, "unit_ids"))
	return d, nil
}

func psychologistPath(id int64) string {
	return "/psychologists/" + strconv.FormatInt(id, 10)
}

func psychologistInput(form url.Values) sqlite.PsychologistInput {
	return sqlite.PsychologistInput{
		Name:           form.Get("name"),
		CRP:            form.Get("crp"),
		CPF:            form.Get("cpf"),
		Email:          form.Get("email"),
		Phone:          form.Get("phone"),
		Color:          form.Get("color"),
		Approach:       form.Get("approach"),
		SessionMinutes: form.Get("session_minutes"),
		PayoutShare:    form.Get("payout_share"),
		Active:         formChecked(form, "active"),
		SpecialtyIDs:   formIDs(form, "specialty_ids"),
		AudienceIDs:    formIDs(form, "audience_ids"),
		UnitIDs:        formIDs(form, "unit_ids"),
	}
}

// renderPsychologistForm shows the form with form's values, or with err's
// messages when err is set.
func (s *Server) renderPsychologistForm(w http.ResponseWriter, r *http.Request, id int64, form url.Values, err error) {
	title := "Nova psicóloga"
	if id != 0 {
		title = "Editar psicóloga"
	}
	d, derr := s.psychologistFormData(r, id, form)
	if derr != nil {
		s.fail(w, r, derr)
		return
	}
	page := &Page{Title: title, Form: form, Data: d}
	if err != nil {
		s.formError(w, r, "psychologist_form", page, err)
		return
	}
	s.render(w, r, http.StatusOK, "psychologist_form", page)
}

func (s *Server) psychologistNewForm(w http.ResponseWriter, r *http.Request) {
	form := url.Values{"active": {"1"}, "color": {"#0d6efd"},
		"session_minutes": {strconv.Itoa(sqlite.DefaultSessionMinutes)},
		"payout_share":    {"50"}}
	s.renderPsychologistForm(w, r, 0, form, nil)
}

func (s *Server) psychologistCreate(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	in := psychologistInput(r.PostForm)
	in.Username = strings.TrimSpace(r.PostForm.Get("username"))
	if in.Username != "" {
		in.Password = TemporaryPassword()
	}
	id, err := s.db.CreatePsychologist(r.Context(), actor(r), in)
	if err != nil {
		s.renderPsychologistForm(w, r, 0, r.PostForm, err)
		return
	}
	if in.Username == "" {
		s.redirect(w, r, psychologistPath(id), "Psicóloga cadastrada.")
		return
	}
	// The password is shown on this answer only, because it is stored
	// as a hash; a reload re-posts and fails on the taken username.
	s.showPsychologist(w, r, id, "Psicóloga cadastrada com a conta de acesso "+
		in.Username+".", in.Password)
}

type psychologistPageData struct {
	P           psychologistRow
	CanEdit     bool
	NewPassword string
}

func (s *Server) psychologistPage(w http.ResponseWriter, r *http.Request) {
	s.showPsychologist(w, r, pathID(r), "", "")
}

// showPsychologist renders her page, with a flash and a one-time password
// when an account was just created.
func (s *Server) showPsychologist(w http.ResponseWriter, r *http.Request, id int64, flash, password string) {
	p, err := s.db.Psychologist(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	page := &Page{Title: p.Name, Data: psychologistPageData{
		P: s.psychologistRow(p), CanEdit: isAdmin(r), NewPassword: password}}
	if flash != "" {
		page.FlashKind, page.Flash = "success", flash
	}
	s.render(w, r, http.StatusOK, "psychologist", page)
}

func (s *Server) psychologistEditForm(w http.ResponseWriter, r *http.Request) {
	p, err := s.db.Psychologist(r.Context(), pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	form := url.Values{
		"name": {p.Name}, "crp": {p.CRP}, "cpf": {clinic.FormatCPF(p.CPF)},
		"email": {p.Email}, "phone": {clinic.FormatPhone(p.Phone)},
		"color": {p.Color}, "approach": {p.Approach},
		"session_minutes": {strconv.Itoa(p.SessionMinutes)},
		"payout_share":    {p.PayoutShare()},
	}
	if p.Active {
		form.Set("active", "1")
	}
	for _, l := range []struct {
		name string
		list []clinic.Choice
	}{{"specialty_ids", p.Specialties}, {"audience_ids", p.Audiences}, {"unit_ids", p.Units}} {
		for _, c := range l.list {
			form.Add(l.name, strconv.FormatInt(c.ID, 10))
		}
	}
	s.renderPsychologistForm(w, r, p.ID, form, nil)
}

func (s *Server) psychologistUpdate(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	id := pathID(r)
	if err := s.db.UpdatePsychologist(r.Context(), actor(r), id, psychologistInput(r.PostForm)); err != nil {
		if clinic.ErrorCode(err) == clinic.ErrNotFound {
			s.fail(w, r, err)
			return
		}
		s.renderPsychologistForm(w, r, id, r.PostForm, err)
		return
	}
	s.redirect(w, r, psychologistPath(id), "Cadastro da psicóloga salvo.")
}

// psychologistAccount creates the login account of a psychologist who
// has none and shows its temporary password once.
func (s *Server) psychologistAccount(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	id := pathID(r)
	username := strings.TrimSpace(r.PostForm.Get("username"))
	password := TemporaryPassword()
	err := s.db.CreatePsychologistAccount(r.Context(), actor(r), id, username, password)
	if err != nil {
		p, perr := s.db.Psychologist(r.Context(), id)
		if perr != nil {
			s.fail(w, r, perr)
			return
		}
		s.formError(w, r, "psychologist", &Page{Title: p.Name,
			Data: psychologistPageData{P: s.psychologistRow(p), CanEdit: true}}, err)
		return
	}
	s.showPsychologist(w, r, id, "Conta de acesso "+username+" criada.", password)
}
