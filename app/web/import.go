package web

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/gorilla/mux"

	"kpsicologia/app/clinic"
	"kpsicologia/app/importer"
	"kpsicologia/app/sqlite"
)

// importFormData is the upload page: the size limit and the last imports.
type importFormData struct {
	MaxMB  int
	Recent []sqlite.ImportRecord
}

// importForm shows the upload form.
func (s *Server) importForm(w http.ResponseWriter, r *http.Request) {
	s.renderImportForm(w, r, http.StatusOK, &Page{})
}

func (s *Server) renderImportForm(w http.ResponseWriter, r *http.Request, status int, p *Page) {
	recent, err := s.db.RecentImports(r.Context(), 10)
	if err != nil {
		s.log.Error("list imports", "err", err)
	}
	p.Title = "Importar planilha"
	p.Data = importFormData{MaxMB: importMaxBytes >> 20, Recent: recent}
	s.render(w, r, status, "import", p)
}

// importUploadSubmit receives a spreadsheet, checks that it can be read,
// keeps it in the data folder and sends the user to its preview.
func (s *Server) importUploadSubmit(w http.ResponseWriter, r *http.Request) {
	name, data, err := readImportUpload(w, r)
	if err == nil {
		err = checkImportType(name)
	}
	if err == nil {
		err = s.checkImportReadable(name, data)
	}
	if err != nil {
		status := statusFor(clinic.ErrorCode(err))
		if errors.Is(err, errUploadTooLarge) {
			status = http.StatusRequestEntityTooLarge
		}
		p := &Page{Error: clinic.ErrorMessage(err)}
		var ce *clinic.Error
		if errors.As(err, &ce) && ce.Fields != nil {
			p.Errors = ce.Fields
		}
		if status == http.StatusInternalServerError {
			s.log.Error("import upload", "err", err)
		}
		s.renderImportForm(w, r, status, p)
		return
	}
	u, err := s.saveImportUpload(currentUser(r).ID, name, data)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.log.Info("import uploaded", "user_id", u.UserID, "file", name, "bytes", u.Size)
	http.Redirect(w, r, "/import/"+u.Token, http.StatusSeeOther)
}

// checkImportReadable reads the file with the importer, so a file that
// is not a readable spreadsheet is refused at once with the importer's
// message instead of being kept for a preview.
func (s *Server) checkImportReadable(name string, data []byte) error {
	opts := importer.Options{Today: s.today(), SessionMinutes: sqlite.ImportSessionMinutes}
	_, err := opts.Read(name, bytes.NewReader(data))
	var ve *clinic.ValueError
	if errors.As(err, &ve) {
		return &clinic.Error{Code: clinic.ErrInvalid, Message: ve.Message,
			Fields: clinic.FieldErrors{"file": ve.Message}}
	}
	return err
}

// importChoices reads the preview form's choices: the psychologists and
// rooms to create and the unit of new rooms.
func importChoices(form url.Values) sqlite.ImportChoices {
	ch := sqlite.ImportChoices{
		Reviewed:      form.Get("choices") == "1",
		Psychologists: form["create_psychologist"],
		Rooms:         form["create_room"],
		NewUnit:       form.Get("new_unit"),
	}
	ch.UnitID, _ = strconv.ParseInt(form.Get("unit_id"), 10, 64)
	return ch
}

// importPreview shows every row of an upload with its verdict, and what
// the import would create. It writes nothing.
func (s *Server) importPreview(w http.ResponseWriter, r *http.Request) {
	token := mux.Vars(r)["token"]
	u, data, err := s.loadImportUpload(token, currentUser(r).ID)
	if err != nil {
		s.importUploadGone(w, r, token, err)
		return
	}
	s.renderImportPreview(w, r, http.StatusOK, u, data, importChoices(r.URL.Query()), &Page{})
}

func (s *Server) renderImportPreview(w http.ResponseWriter, r *http.Request, status int,
	u importUpload, data []byte, ch sqlite.ImportChoices, p *Page) {
	rep, err := s.db.PreviewImport(r.Context(), sqlite.ImportRequest{
		FileName: u.FileName, Data: data, Today: s.today(), Choices: ch})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p.Title = "Prévia da importação"
	p.Data = newImportPreviewView(u, rep)
	s.render(w, r, status, "import_preview", p)
}

// importUploadGone responds to a request for an upload that is not
// there. When it was imported (a reload, or a second click after the
// confirmation) it redirects to the import's result, and otherwise it
// shows a page that asks for the file again.
func (s *Server) importUploadGone(w http.ResponseWriter, r *http.Request, token string, err error) {
	if !errors.Is(err, errUploadGone) {
		s.fail(w, r, err)
		return
	}
	if validUploadToken(token) {
		id, err := s.db.ImportIDByToken(r.Context(), token)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if id != 0 {
			s.setFlash(w, r, "info", "Esta planilha já foi importada. "+
				"Nada foi gravado de novo.")
			http.Redirect(w, r, fmt.Sprintf("/import/results/%d", id), http.StatusSeeOther)
			return
		}
	}
	s.fail(w, r, errUploadGone)
}

// importConfirm imports an upload with the choices of its preview, in
// one transaction. A second submission of the same upload (double click,
// replayed form) imports nothing and shows the first result.
func (s *Server) importConfirm(w http.ResponseWriter, r *http.Request) {
	token := mux.Vars(r)["token"]
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, clinic.Errorf(clinic.ErrInvalid, "Formulário inválido. Recarregue a página."))
		return
	}
	u, data, err := s.loadImportUpload(token, currentUser(r).ID)
	if err != nil {
		s.importUploadGone(w, r, token, err)
		return
	}

	ch := importChoices(r.PostForm)
	rep, err := s.db.Import(r.Context(), actor(r), sqlite.ImportRequest{
		FileName: u.FileName, Data: data, Token: token, Today: s.today(),
		Choices: ch})
	var done *sqlite.ImportDoneError
	switch {
	case errors.As(err, &done):
		s.deleteImportUpload(token)
		s.importUploadGone(w, r, token, errUploadGone)
		return
	case err != nil:
		code := clinic.ErrorCode(err)
		if code == clinic.ErrInternal {
			s.fail(w, r, err)
			return
		}
		p := &Page{Form: r.PostForm, Error: clinic.ErrorMessage(err)}
		var ce *clinic.Error
		if errors.As(err, &ce) && ce.Fields != nil {
			p.Errors = ce.Fields
		}
		s.renderImportPreview(w, r, statusFor(code), u, data, ch, p)
		return
	}

	s.deleteImportUpload(token)
	s.log.Info("import done", "import_id", rep.ID, "file", u.FileName,
		"patients", rep.Counts.Patients, "series", rep.Counts.Slots,
		"skipped", rep.Counts.Rejected(), "user_id", u.UserID)
	if rep.ID == 0 {
		// Nothing was written, so there is no stored result to redirect
		// to; a reload re-runs the same empty import.
		s.render(w, r, http.StatusOK, "import_result", &Page{
			Title: "Nada foi importado",
			Data: newImportResultView(sqlite.ImportRecord{FileName: u.FileName,
				Summary: rep.Summary()})})
		return
	}
	s.redirect(w, r, fmt.Sprintf("/import/results/%d", rep.ID), fmt.Sprintf(
		"Importação concluída: %d pacientes e %d horários fixos.",
		rep.Counts.Patients, rep.Counts.Slots))
}

// importDiscard deletes an upload without importing it.
func (s *Server) importDiscard(w http.ResponseWriter, r *http.Request) {
	token := mux.Vars(r)["token"]
	if _, _, err := s.loadImportUpload(token, currentUser(r).ID); err != nil {
		s.importUploadGone(w, r, token, err)
		return
	}
	s.deleteImportUpload(token)
	s.redirect(w, r, "/import", "Importação cancelada. Nada foi gravado.")
}

// importResult shows what a confirmed import did.
func (s *Server) importResult(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(mux.Vars(r)["id"], 10, 64)
	if err != nil {
		s.notFound(w, r)
		return
	}
	rec, err := s.db.ImportRecord(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "import_result", &Page{
		Title: "Resultado da importação", Data: newImportResultView(rec)})
}
