package web

import (
	"net/url"
	"strconv"

	"kpsicologia/app/clinic"
)

// registryRoutes returns the routes of the registry area: units and
// rooms, catalogues, psychologists and patients.
func (s *Server) registryRoutes() []route {
	return []route{
		get("/units", adminOnly, s.unitList),
		get("/units/new", adminOnly, s.unitNewForm),
		post("/units", adminOnly, s.unitCreate),
		get("/units/{id:[0-9]+}/edit", adminOnly, s.unitEditForm),
		post("/units/{id:[0-9]+}", adminOnly, s.unitUpdate),
		get("/units/{id:[0-9]+}/rooms/new", adminOnly, s.roomNewForm),
		post("/units/{id:[0-9]+}/rooms", adminOnly, s.roomCreate),
		get("/rooms/{id:[0-9]+}/edit", adminOnly, s.roomEditForm),
		post("/rooms/{id:[0-9]+}", adminOnly, s.roomUpdate),

		get("/catalogues", adminOnly, s.catalogueList),
		post("/catalogues/{kind}", adminOnly, s.catalogueAdd),
		post("/catalogues/{kind}/{id:[0-9]+}", adminOnly, s.catalogueRename),
		post("/catalogues/{kind}/{id:[0-9]+}/delete", adminOnly, s.catalogueDelete),

		get("/psychologists", staff, s.psychologistList),
		get("/psychologists/new", adminOnly, s.psychologistNewForm),
		post("/psychologists", adminOnly, s.psychologistCreate),
		get("/psychologists/{id:[0-9]+}", staff, s.psychologistPage),
		get("/psychologists/{id:[0-9]+}/edit", adminOnly, s.psychologistEditForm),
		post("/psychologists/{id:[0-9]+}", adminOnly, s.psychologistUpdate),
		post("/psychologists/{id:[0-9]+}/account", adminOnly, s.psychologistAccount),

		// Psychologists see only their own patients (404 for others) and
		// may edit only the notes; the reception and the admin do the
		// rest.
		get("/patients", everyone, s.patientList),
		get("/patients/new", staff, s.patientNewForm),
		post("/patients", staff, s.patientCreate),
		get("/patients/deleted", staff, s.patientDeletedList),
		get("/patients/{id:[0-9]+}", everyone, s.patientPage),
		get("/patients/{id:[0-9]+}/edit", staff, s.patientEditForm),
		post("/patients/{id:[0-9]+}", staff, s.patientUpdate),
		post("/patients/{id:[0-9]+}/notes", everyone, s.patientNotes),
		get("/patients/{id:[0-9]+}/delete", staff, s.patientDeleteForm),
		post("/patients/{id:[0-9]+}/delete", staff, s.patientDelete),
		post("/patients/{id:[0-9]+}/restore", staff, s.patientRestore),
	}
}

// formChecked reports whether a checkbox was ticked.
func formChecked(form url.Values, name string) bool {
	v := form.Get(name)
	return v == "1" || v == "on" || v == "true"
}

// formIDs returns the ids sent under name by a group of checkboxes,
// skipping values that are not positive integers.
func formIDs(form url.Values, name string) []int64 {
	var ids []int64
	for _, v := range form[name] {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil && id > 0 {
			ids = append(ids, id)
		}
	}
	return ids
}

// checkOption is one checkbox of a many-to-many picker.
type checkOption struct {
	ID      int64
	Name    string
	Checked bool
}

// checkOptions marks the choices whose id is in selected.
func checkOptions(choices []clinic.Choice, selected []int64) []checkOption {
	in := map[int64]bool{}
	for _, id := range selected {
		in[id] = true
	}
	out := make([]checkOption, len(choices))
	for i, c := range choices {
		out[i] = checkOption{ID: c.ID, Name: c.Name, Checked: in[c.ID]}
	}
	return out
}
