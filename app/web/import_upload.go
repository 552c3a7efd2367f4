package web

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"kpsicologia/app/clinic"
)

// An uploaded spreadsheet waits in the data folder between its preview
// and the confirmation, so the user uploads it once. Its name is a random
// 256-bit token that only the uploader's account may use, and it expires.
const (
	// importMaxBytes is the largest spreadsheet accepted. A clinic's list
	// of a few thousand patients is well under 1 MB as .xlsx or .csv.
	importMaxBytes = 10 << 20
	// importUploadTTL is how long an upload waits for its confirmation.
	importUploadTTL = 2 * time.Hour
	// importDrainBytes is how much of a too-large upload is read and
	// discarded before the response, so the browser, which is still
	// sending, shows the response instead of a reset connection.
	importDrainBytes = 256 << 20
)

// importUpload is the metadata stored beside an uploaded file.
type importUpload struct {
	Token      string    `json:"token"`
	UserID     int64     `json:"user_id"`
	FileName   string    `json:"file_name"`
	Size       int       `json:"size"`
	UploadedAt time.Time `json:"uploaded_at"`
}

var (
	errUploadTooLarge = &clinic.Error{Code: clinic.ErrInvalid,
		Message: fmt.Sprintf("O arquivo tem mais de %d MB. Envie só a "+
			"planilha, sem imagens, ou divida-a em duas.", importMaxBytes>>20),
		Fields: clinic.FieldErrors{"file": fmt.Sprintf("Escolha um arquivo "+
			"de até %d MB.", importMaxBytes>>20)}}
	errUploadMissing = &clinic.Error{Code: clinic.ErrInvalid,
		Message: "Escolha o arquivo da planilha antes de enviar.",
		Fields: clinic.FieldErrors{"file": "Escolha um arquivo .xlsx " +
			"ou .csv."}}
	errUploadGone = clinic.Errorf(clinic.ErrNotFound, "Esta prévia não "+
		"existe mais: ela expira em %d horas ou depois de cancelada. "+
		"Envie a planilha de novo.", int(importUploadTTL.Hours()))
)

// importDir is the folder of uploads waiting for confirmation.
func (s *Server) importDir() string {
	return filepath.Join(s.dataDir, "imports")
}

// readImportUpload reads the "file" part of a multipart form, up to
// importMaxBytes. It streams the body instead of calling
// ParseMultipartForm, which would spill large files to the system's
// temporary folder.
func readImportUpload(w http.ResponseWriter, r *http.Request) (name string, data []byte, err error) {
	body := r.Body
	r.Body = http.MaxBytesReader(w, r.Body, importMaxBytes+1<<20)
	mr, err := r.MultipartReader()
	if err != nil {
		return "", nil, errUploadMissing
	}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return "", nil, errUploadMissing
		}
		if err != nil {
			return "", nil, uploadReadError(err, body)
		}
		if part.FormName() != "file" {
			part.Close()
			continue
		}
		return readUploadPart(part, body)
	}
}

func readUploadPart(part *multipart.Part, body io.Reader) (string, []byte, error) {
	defer part.Close()
	name := filepath.Base(strings.ReplaceAll(part.FileName(), `\`, "/"))
	data, err := io.ReadAll(io.LimitReader(part, importMaxBytes+1))
	if err != nil {
		return name, nil, uploadReadError(err, body)
	}
	if len(data) > importMaxBytes {
		io.CopyN(io.Discard, body, importDrainBytes)
		return name, nil, errUploadTooLarge
	}
	if name == "." || name == "/" || len(data) == 0 {
		return name, nil, errUploadMissing
	}
	return name, data, nil
}

// uploadReadError turns a failed read of the request body into a message
// for the user: too large, or cut off on the way.
func uploadReadError(err error, body io.Reader) error {
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		io.CopyN(io.Discard, body, importDrainBytes)
		return errUploadTooLarge
	}
	return &clinic.Error{Code: clinic.ErrInvalid, Message: "O envio do " +
		"arquivo foi interrompido. Tente de novo.",
		Fields: clinic.FieldErrors{"file": "Escolha o arquivo de novo."}}
}

// checkImportType rejects files that are not .xlsx or .csv by their
// name, with the way to convert them. The importer checks the content.
func checkImportType(name string) error {
	var msg string
	switch ext := strings.ToLower(filepath.Ext(name)); ext {
	case ".xlsx", ".xlsm", ".csv", ".txt":
		return nil
	case ".xls":
		msg = "Este arquivo está no formato antigo do Excel (.xls). Abra " +
			"a planilha no Excel ou no LibreOffice, salve como .xlsx e " +
			"envie de novo."
	case ".ods", ".numbers":
		msg = "Este programa lê planilhas .xlsx e .csv. Abra o arquivo " +
			"no LibreOffice ou no Numbers, salve como .xlsx e envie de novo."
	default:
		msg = fmt.Sprintf("O arquivo %s não é uma planilha. Envie a "+
			"planilha de pacientes ou da agenda em .xlsx ou .csv.", name)
	}
	return &clinic.Error{Code: clinic.ErrInvalid, Message: msg,
		Fields: clinic.FieldErrors{"file": msg}}
}

// saveImportUpload stores data for the user and returns its metadata,
// first removing the uploads that expired.
func (s *Server) saveImportUpload(userID int64, name string, data []byte) (importUpload, error) {
	dir := s.importDir()
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return importUpload{}, fmt.Errorf("web: create import folder: %w", err)
	}
	s.sweepImportUploads()
	token := make([]byte, 32)
	rand.Read(token)
	u := importUpload{Token: hex.EncodeToString(token), UserID: userID,
		FileName: name, Size: len(data), UploadedAt: s.now()}
	meta, err := json.Marshal(u)
	if err != nil {
		return u, fmt.Errorf("web: encode upload: %w", err)
	}
	// The data file is written before the metadata, so an upload with
	// metadata always has its file.
	if err := os.WriteFile(s.uploadPath(u.Token, ".upload"), data, 0o600); err != nil {
		return u, fmt.Errorf("web: write upload: %w", err)
	}
	if err := os.WriteFile(s.uploadPath(u.Token, ".json"), meta, 0o600); err != nil {
		os.Remove(s.uploadPath(u.Token, ".upload"))
		return u, fmt.Errorf("web: write upload: %w", err)
	}
	return u, nil
}

func (s *Server) uploadPath(token, ext string) string {
	return filepath.Join(s.importDir(), token+ext)
}

// validUploadToken reports whether token has the shape saveImportUpload
// gives, so no other text reaches a file path.
func validUploadToken(token string) bool {
	if len(token) != 64 {
		return false
	}
	_, err := hex.DecodeString(token)
	return err == nil && strings.ToLower(token) == token
}

// loadImportUpload returns the upload token of userID with its content.
// Another user's, an expired or a missing upload fails with
// errUploadGone.
func (s *Server) loadImportUpload(token string, userID int64) (importUpload, []byte, error) {
	var u importUpload
	if !validUploadToken(token) {
		return u, nil, errUploadGone
	}
	meta, err := os.ReadFile(s.uploadPath(token, ".json"))
	if errors.Is(err, os.ErrNotExist) {
		return u, nil, errUploadGone
	}
	if err != nil {
		return u, nil, fmt.Errorf("web: read upload: %w", err)
	}
	if err := json.Unmarshal(meta, &u); err != nil {
		return u, nil, fmt.Errorf("web: decode upload %s: %w", token, err)
	}
	if u.UserID != userID || u.Token != token {
		return u, nil, errUploadGone
	}
	if s.now().Sub(u.UploadedAt) > importUploadTTL {
		s.deleteImportUpload(token)
		return u, nil, errUploadGone
	}
	data, err := os.ReadFile(s.uploadPath(token, ".upload"))
	if errors.Is(err, os.ErrNotExist) {
		return u, nil, errUploadGone
	}
	if err != nil {
		return u, nil, fmt.Errorf("web: read upload: %w", err)
	}
	return u, data, nil
}

// deleteImportUpload removes an upload; the metadata goes first, so a
// half-removed upload is already unusable.
func (s *Server) deleteImportUpload(token string) {
	if !validUploadToken(token) {
		return
	}
	for _, ext := range []string{".json", ".upload"} {
		err := os.Remove(s.uploadPath(token, ext))
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			s.log.Error("remove upload", "err", err, "token", token)
		}
	}
}

// sweepImportUploads removes the uploads older than importUploadTTL, by
// file time, including files left behind by a crash.
func (s *Server) sweepImportUploads() {
	entries, err := os.ReadDir(s.importDir())
	if err != nil {
		return
	}
	for _, e := range entries {
		info, err := e.Info()
		if err != nil || s.now().Sub(info.ModTime()) <= importUploadTTL {
			continue
		}
		if err := os.Remove(filepath.Join(s.importDir(), e.Name())); err != nil {
			s.log.Error("remove expired upload", "err", err, "file", e.Name())
		}
	}
}
