package web

// importRoutes returns the routes of the spreadsheet import: the upload
// form, the preview of an upload, its confirmation or cancellation, and
// the result of a confirmed import.
func (s *Server) importRoutes() []route {
	return []route{
		get("/import", staff, s.importForm),
		upload("/import", staff, s.importUploadSubmit),
		get("/import/results/{id:[0-9]+}", staff, s.importResult),
		get("/import/{token}", staff, s.importPreview),
		post("/import/{token}", staff, s.importConfirm),
		post("/import/{token}/discard", staff, s.importDiscard),
	}
}
