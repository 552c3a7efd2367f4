package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"kpsicologia/app/clinic"
	"kpsicologia/app/sqlite"
)

// isStaff reports whether the signed-in user is reception or admin.
func isStaff(r *http.Request) bool {
	u := currentUser(r)
	return u != nil && (u.Role == clinic.RoleAdmin || u.Role == clinic.RoleReception)
}

func patientPath(id int64) string { return "/patients/" + strconv.FormatInt(id, 10) }

// patientListData is the patient list page: one page of patients, the
// filters as typed, and the links to the other pages.
type patientListData struct {
	List           sqlite.PatientList
	Query          string
	PsychologistID string // "", "none" or an id
	Frequency      string
	Deleted        bool
	Staff          bool
	Psychologists  []clinic.Choice
	// EmptyClinic is set when the clinic has no patient at all (for this
	// user), as opposed to a search that found nothing.
	EmptyClinic bool
	PrevURL     string
	NextURL     string
}

// patientFilter reads the list filters from the query string.
func patientFilter(q url.Values, deleted bool) sqlite.PatientFilter {
	f := sqlite.PatientFilter{Query: q.Get("q"), Deleted: deleted}
	switch v := q.Get("psychologist_id"); v {
	case "none":
		f.PsychologistID = sqlite.NoPsychologist
	default:
		if id, err := strconv.ParseInt(v, 10, 64); err == nil && id > 0 {
			f.PsychologistID = id
		}
	}
	if fr := clinic.Frequency(q.Get("frequency")); fr.Valid() {
		f.Frequency = fr
	}
	f.Page, _ = strconv.Atoi(q.Get("page"))
	return f
}

// pageURL returns the list URL with the same filters and another page.
func pageURL(path string, q url.Values, page int) string {
	v := url.Values{}
	for _, k := range []string{"q", "psychologist_id", "frequency"} {
		if q.Get(k) != "" {
			v.Set(k, q.Get(k))
		}
	}
	if page > 1 {
		v.Set("page", strconv.Itoa(page))
	}
	if len(v) == 0 {
		return path
	}
	return path + "?" + v.Encode()
}

func (s *Server) listPatients(w http.ResponseWriter, r *http.Request, deleted bool) {
	q := r.URL.Query()
	f := patientFilter(q, deleted)
	list, err := s.db.Patients(r.Context(), actor(r), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	path, page, title := "/patients", "patients", "Pacientes"
	if deleted {
		path, page, title = "/patients/deleted", "patients_deleted", "Pacientes excluídos"
	}
	d := patientListData{List: list, Query: f.Query,
		PsychologistID: q.Get("psychologist_id"), Frequency: string(f.Frequency),
		Deleted: deleted, Staff: isStaff(r),
		EmptyClinic: list.Total == 0 && f.Query == "" &&
			f.PsychologistID == 0 && f.Frequency == ""}
	if d.Staff {
		d.Psychologists = s.psychologistChoices(r)
	}
	if list.Page > 1 {
		d.PrevURL = pageURL(path, q, list.Page-1)
	}
	if list.Page < list.Pages {
		d.NextURL = pageURL(path, q, list.Page+1)
	}
	s.render(w, r, http.StatusOK, page, &Page{Title: title, Data: d})
}

func (s *Server) patientList(w http.ResponseWriter, r *http.Request) {
	// The status filter's "excluídos" option is the deleted list's page.
	if r.URL.Query().Get("status") == "deleted" && isStaff(r) {
		q := r.URL.Query()
		q.Del("status")
		http.Redirect(w, r, pageURL("/patients/deleted", q, 1), http.StatusSeeOther)
		return
	}
	s.listPatients(w, r, false)
}

func (s *Server) patientDeletedList(w http.ResponseWriter, r *http.Request) {
	if r.URL.Query().Get("status") == "active" {
		q := r.URL.Query()
		q.Del("status")
		http.Redirect(w, r, pageURL("/patients", q, 1), http.StatusSeeOther)
		return
	}
	s.listPatients(w, r, true)
}

// patientPageData is the patient page. Sessions and Ledger are filled by
// the scheduling and finance areas (patient_sessions_slot.go,
// patient_ledger_slot.go) and shown by the partials of the same names.
type patientPageData struct {
	P       sqlite.Patient
	Age     int
	HasAge  bool
	Minor   bool
	Staff   bool
	Created bool

	Sessions any
	Ledger   any
}

func (s *Server) patientPageData(r *http.Request, p sqlite.Patient) (patientPageData, error) {
	d := patientPageData{P: p, Staff: isStaff(r),
		Created: r.URL.Query().Get("created") == "1"}
	d.Age, d.HasAge = p.Age(s.today())
	d.Minor = p.Minor(s.today())
	var err error
	if d.Sessions, err = s.patientSessions(r, p); err != nil {
		return d, err
	}
	d.Ledger, err = s.patientLedger(r, p.ID)
	return d, err
}

// loadPatient returns the patient of the {id} path for the signed-in user:
// staff also find deleted patients when withDeleted is set; everyone
// else gets ErrNotFound for a patient they may not see.
func (s *Server) loadPatient(r *http.Request, withDeleted bool) (sqlite.Patient, error) {
	return s.db.Patient(r.Context(), actor(r), pathID(r), withDeleted && isStaff(r))
}

func (s *Server) patientPage(w http.ResponseWriter, r *http.Request) {
	p, err := s.loadPatient(r, true)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d, err := s.patientPageData(r, p)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "patient", &Page{Title: p.DisplayName(),
		Form: url.Values{"notes": {p.Notes}}, Data: d})
}

// patientFormData is the patient form's context besides the typed
// values. CPFTaken is set when the CPF belongs to another patient, so the
// page can link to that record or offer its restore.
type patientFormData struct {
	ID            int64
	Action        string
	Psychologists []clinic.Choice
	CPFTaken      *sqlite.CPFTakenError
}

// patientFormData lists the active psychologists, plus the patient's own
// when she is no longer active, so editing keeps her.
func (s *Server) patientFormData(r *http.Request, p sqlite.Patient) patientFormData {
	d := patientFormData{ID: p.ID, Action: "/patients",
		Psychologists: s.psychologistChoices(r)}
	if p.ID != 0 {
		d.Action = patientPath(p.ID)
	}
	if p.PsychologistID != 0 {
		found := false
		for _, c := range d.Psychologists {
			found = found || c.ID == p.PsychologistID
		}
		if !found {
			d.Psychologists = append(d.Psychologists, clinic.Choice{
				ID: p.PsychologistID, Name: p.PsychologistName + " (inativa)"})
		}
	}
	return d
}

func patientInput(form url.Values) sqlite.PatientInput {
	return sqlite.PatientInput{
		Name:            form.Get("name"),
		SocialName:      form.Get("social_name"),
		BirthDate:       form.Get("birth_date"),
		Phone:           form.Get("phone"),
		Phone2:          form.Get("phone2"),
		Email:           form.Get("email"),
		CPF:             form.Get("cpf"),
		GuardianName:    form.Get("guardian_name"),
		GuardianCPF:     form.Get("guardian_cpf"),
		GuardianPhone:   form.Get("guardian_phone"),
		Price:           form.Get("price"),
		Frequency:       form.Get("frequency"),
		PsychologistID:  form.Get("psychologist_id"),
		Notes:           form.Get("notes"),
		ConsentMessages: formChecked(form, "consent_messages"),
	}
}

// patientForm returns a stored patient as the form shows it: dates,
// phones, CPF and price formatted as people type them.
func patientForm(p sqlite.Patient) url.Values {
	form := url.Values{
		"name": {p.Name}, "social_name": {p.SocialName},
		"birth_date": {clinic.FormatDateBR(p.BirthDate)},
		"phone":      {clinic.FormatPhone(p.Phone)},
		"phone2":     {clinic.FormatPhone(p.Phone2)},
		"email":      {p.Email}, "cpf": {clinic.FormatCPF(p.CPF)},
		"guardian_name":  {p.GuardianName},
		"guardian_cpf":   {clinic.FormatCPF(p.GuardianCPF)},
		"guardian_phone": {clinic.FormatPhone(p.GuardianPhone)},
		"price":          {strings.TrimPrefix(clinic.FormatMoney(p.PriceCents), "R$ ")},
		"frequency":      {string(p.Frequency)},
		"notes":          {p.Notes},
	}
	if p.PsychologistID != 0 {
		form.Set("psychologist_id", strconv.FormatInt(p.PsychologistID, 10))
	}
	if p.ConsentMessages {
		form.Set("consent_messages", "1")
	}
	return form
}

// patientFormFailed re-renders the patient form with the user's input and
// err's messages.
func (s *Server) patientFormFailed(w http.ResponseWriter, r *http.Request, title string, current sqlite.Patient, err error) {
	d := s.patientFormData(r, current)
	var taken *sqlite.CPFTakenError
	if errors.As(err, &taken) {
		d.CPFTaken = taken
	}
	s.formError(w, r, "patient_form", &Page{Title: title, Data: d}, err)
}

func (s *Server) patientNewForm(w http.ResponseWriter, r *http.Request) {
	form := url.Values{"frequency": {string(clinic.Weekly)}}
	if id := r.URL.Query().Get("psychologist_id"); id != "" {
		form.Set("psychologist_id", id)
	}
	s.render(w, r, http.StatusOK, "patient_form", &Page{Title: "Novo paciente",
		Form: form, Data: s.patientFormData(r, sqlite.Patient{})})
}

func (s *Server) patientCreate(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	in := patientInput(r.PostForm)
	id, err := s.db.CreatePatient(r.Context(), actor(r), in)
	if err != nil {
		s.patientFormFailed(w, r, "Novo paciente", sqlite.Patient{}, err)
		return
	}
	name := clinic.NormalizeName(in.SocialName)
	if name == "" {
		name = clinic.NormalizeName(in.Name)
	}
	s.redirect(w, r, patientPath(id)+"?created=1", "Paciente "+name+" cadastrado.")
}

func (s *Server) patientEditForm(w http.ResponseWriter, r *http.Request) {
	p, err := s.loadPatient(r, false)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "patient_form", &Page{Title: "Editar paciente",
		Form: patientForm(p), Data: s.patientFormData(r, p)})
}

func (s *Server) patientUpdate(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	current, err := s.loadPatient(r, false)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.db.UpdatePatient(r.Context(), actor(r), current.ID, patientInput(r.PostForm)); err != nil {
		s.patientFormFailed(w, r, "Editar paciente", current, err)
		return
	}
	s.redirect(w, r, patientPath(current.ID), "Cadastro salvo.")
}

// patientNotes saves the notes from the patient page. Psychologists may
// use it for their own patients; it is the only change they may make.
func (s *Server) patientNotes(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	p, err := s.loadPatient(r, false)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.db.UpdatePatientNotes(r.Context(), actor(r), p.ID, r.PostForm.Get("notes")); err != nil {
		if clinic.ErrorCode(err) != clinic.ErrInvalid {
			s.fail(w, r, err)
			return
		}
		d, derr := s.patientPageData(r, p)
		if derr != nil {
			s.fail(w, r, derr)
			return
		}
		s.formError(w, r, "patient", &Page{Title: p.DisplayName(), Data: d}, err)
		return
	}
	s.redirect(w, r, patientPath(p.ID)+"#notes", "Observações salvas.")
}

func (s *Server) patientDeleteForm(w http.ResponseWriter, r *http.Request) {
	p, err := s.loadPatient(r, false)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "patient_delete", &Page{
		Title: "Excluir " + p.DisplayName(), Data: p})
}

func (s *Server) patientDelete(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	p, err := s.loadPatient(r, false)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.db.DeletePatient(r.Context(), actor(r), p.ID, r.PostForm.Get("reason")); err != nil {
		s.formError(w, r, "patient_delete", &Page{
			Title: "Excluir " + p.DisplayName(), Data: p}, err)
		return
	}
	s.redirect(w, r, "/patients", "Paciente "+p.DisplayName()+" excluído. "+
		"O histórico fica guardado e o cadastro pode ser restaurado em "+
		"Pacientes excluídos.")
}

func (s *Server) patientRestore(w http.ResponseWriter, r *http.Request) {
	id := pathID(r)
	res, err := s.db.RestorePatient(r.Context(), actor(r), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	msg := "Paciente " + res.Name + " restaurado, com todo o histórico."
	if len(res.Warnings) > 0 {
		s.setFlash(w, r, "warning", msg+" Atenção: "+strings.Join(res.Warnings, " "))
		http.Redirect(w, r, patientPath(id), http.StatusSeeOther)
		return
	}
	s.redirect(w, r, patientPath(id), msg)
}
