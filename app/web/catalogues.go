package web

import (
	"net/http"

	"github.com/gorilla/mux"

	"kpsicologia/app/clinic"
	"kpsicologia/app/sqlite"
)

// catalogueSection is one catalogue on the catalogues page, with the
// message and typed value of a failed add or rename.
type catalogueSection struct {
	Kind     sqlite.Catalogue
	Title    string
	Help     string
	Items    []sqlite.CatalogueItem
	AddValue string
	AddError string
	// EditID, EditValue and EditError belong to a failed rename.
	EditID    int64
	EditValue string
	EditError string
}

var catalogueTitles = map[sqlite.Catalogue][2]string{
	sqlite.Specialties: {"Especialidades", "Temas em que as psicólogas atendem, por exemplo Ansiedade ou Luto."},
	sqlite.Audiences:   {"Públicos atendidos", "Faixas de idade e formatos, por exemplo Crianças ou Casais."},
}

// catalogueSections loads both catalogues for the page.
func (s *Server) catalogueSections(r *http.Request) ([]*catalogueSection, error) {
	var out []*catalogueSection
	for _, kind := range []sqlite.Catalogue{sqlite.Specialties, sqlite.Audiences} {
		items, err := s.db.CatalogueItems(r.Context(), kind)
		if err != nil {
			return nil, err
		}
		t := catalogueTitles[kind]
		out = append(out, &catalogueSection{Kind: kind, Title: t[0],
			Help: t[1], Items: items})
	}
	return out, nil
}

func (s *Server) catalogueList(w http.ResponseWriter, r *http.Request) {
	sections, err := s.catalogueSections(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "catalogues", &Page{Title: "Cadastros",
		Data: sections})
}

// catalogueFailed re-renders the page with err's message beside the input
// that failed; id is 0 for the add form.
func (s *Server) catalogueFailed(w http.ResponseWriter, r *http.Request, kind sqlite.Catalogue, id int64, err error) {
	code := clinic.ErrorCode(err)
	if code == clinic.ErrInternal {
		s.fail(w, r, err)
		return
	}
	sections, lerr := s.catalogueSections(r)
	if lerr != nil {
		s.fail(w, r, lerr)
		return
	}
	msg := clinic.ErrorMessage(err)
	var ce *clinic.Error
	if asError(err, &ce) && ce.Fields["name"] != "" {
		msg = ce.Fields["name"]
	}
	for _, sec := range sections {
		if sec.Kind != kind {
			continue
		}
		if id == 0 {
			sec.AddValue, sec.AddError = r.PostForm.Get("name"), msg
		} else {
			sec.EditID, sec.EditValue, sec.EditError = id, r.PostForm.Get("name"), msg
		}
	}
	s.render(w, r, statusFor(code), "catalogues", &Page{Title: "Cadastros",
		Error: "Não foi possível salvar: veja a mensagem na lista.", Data: sections})
}

func (s *Server) catalogueKind(w http.ResponseWriter, r *http.Request) (sqlite.Catalogue, bool) {
	kind, err := sqlite.ParseCatalogue(mux.Vars(r)["kind"])
	if err != nil {
		s.fail(w, r, err)
		return "", false
	}
	return kind, true
}

func (s *Server) catalogueAdd(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	kind, ok := s.catalogueKind(w, r)
	if !ok {
		return
	}
	name := r.PostForm.Get("name")
	if _, err := s.db.AddCatalogueItem(r.Context(), actor(r), kind, name); err != nil {
		s.catalogueFailed(w, r, kind, 0, err)
		return
	}
	s.redirect(w, r, "/catalogues#"+string(kind), "Incluído na lista: "+clinic.NormalizeName(name)+".")
}

func (s *Server) catalogueRename(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	kind, ok := s.catalogueKind(w, r)
	if !ok {
		return
	}
	id := pathID(r)
	if err := s.db.RenameCatalogueItem(r.Context(), actor(r), kind, id, r.PostForm.Get("name")); err != nil {
		s.catalogueFailed(w, r, kind, id, err)
		return
	}
	s.redirect(w, r, "/catalogues#"+string(kind), "Nome salvo.")
}

func (s *Server) catalogueDelete(w http.ResponseWriter, r *http.Request) {
	kind, ok := s.catalogueKind(w, r)
	if !ok {
		return
	}
	if err := s.db.DeleteCatalogueItem(r.Context(), actor(r), kind, pathID(r)); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/catalogues#"+string(kind), "Item excluído da lista.")
}
