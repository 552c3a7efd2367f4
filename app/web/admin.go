package web

import (
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gorilla/mux"

	"kpsicologia/app/clinic"
	"kpsicologia/app/sqlite"
)

// backupMaxAge is how old the newest good backup may be before the admin
// dashboard shows a red warning.
const backupMaxAge = 48 * time.Hour

func (s *Server) backupDir() string { return filepath.Join(s.dataDir, "backups") }

type settingsData struct {
	IdleMinutes int
}

func (s *Server) settingsForm(w http.ResponseWriter, r *http.Request) {
	page := &Page{Title: "Configurações"}
	all, err := s.db.Settings(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	page.Form = map[string][]string{
		"clinic_name":  {all[sqlite.SettingClinicName]},
		"idle_minutes": {strconv.Itoa(int(s.idleTimeout(r).Minutes()))},
	}
	s.render(w, r, http.StatusOK, "settings", page)
}

func (s *Server) settingsSubmit(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	page := &Page{Title: "Configurações"}
	fe := clinic.FieldErrors{}
	name := r.PostForm.Get("clinic_name")
	if name == "" {
		fe.Add("clinic_name", "Informe o nome da clínica.")
	}
	minutes, err := strconv.Atoi(r.PostForm.Get("idle_minutes"))
	if err != nil || minutes < 5 || minutes > 24*60 {
		fe.Add("idle_minutes", "Digite um número de minutos entre 5 e 1440 (24 horas).")
	}
	if err := fe.Err(); err != nil {
		s.formError(w, r, "settings", page, err)
		return
	}
	who := actor(r)
	for k, v := range map[string]string{
		sqlite.SettingClinicName:  name,
		sqlite.SettingIdleMinutes: strconv.Itoa(minutes),
	} {
		if err := s.db.SetSetting(r.Context(), who, k, v); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.redirect(w, r, "/settings", "Configurações salvas.")
}

type backupData struct {
	Backups []sqlite.Backup
	Stale   bool
	Dir     string
}

// backupStatus returns the backups and whether the newest is older than
// backupMaxAge (or missing).
func (s *Server) backupStatus() ([]sqlite.Backup, bool, error) {
	list, err := sqlite.Backups(s.backupDir())
	if err != nil {
		return nil, true, err
	}
	stale := len(list) == 0 || s.now().Sub(list[0].TakenAt) > backupMaxAge
	return list, stale, nil
}

func (s *Server) backupList(w http.ResponseWriter, r *http.Request) {
	list, stale, err := s.backupStatus()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "backups", &Page{Title: "Backups",
		Data: backupData{Backups: list, Stale: stale, Dir: s.backupDir()}})
}

func (s *Server) backupCreate(w http.ResponseWriter, r *http.Request) {
	b, err := s.db.BackupNow(r.Context(), s.backupDir())
	if err != nil {
		s.log.Error("backup failed", "err", err)
		s.fail(w, r, clinic.Errorf(clinic.ErrInternal,
			"O backup falhou. Verifique o espaço em disco e tente de novo."))
		return
	}
	s.log.Info("backup written", "file", b.Path, "bytes", b.Size, "by", currentUser(r).Username)
	if err := s.db.Audit(r.Context(), actor(r), "create", "backup", 0, b.Name); err != nil {
		s.log.Error("audit backup", "err", err)
	}
	s.redirect(w, r, "/backups", "Backup feito: "+b.Name)
}

func (s *Server) backupDownload(w http.ResponseWriter, r *http.Request) {
	name := mux.Vars(r)["name"]
	list, err := sqlite.Backups(s.backupDir())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// Only names from the listing are served, so no path can escape the
	// backup folder.
	for _, b := range list {
		if b.Name != name {
			continue
		}
		f, err := os.Open(b.Path)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		defer f.Close()
		if err := s.db.Audit(r.Context(), actor(r), "download", "backup", 0, name); err != nil {
			s.log.Error("audit backup download", "err", err)
		}
		w.Header().Set("Content-Type", "application/vnd.sqlite3")
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
		http.ServeContent(w, r, name, b.TakenAt, f)
		return
	}
	s.fail(w, r, clinic.Errorf(clinic.ErrNotFound, "Backup não encontrado."))
}

// auditLimit is the maximum number of entries the audit page lists.
const auditLimit = 500

// auditData is the audit page's content: the newest entries, optionally
// of one kind of record, and the kinds of record the filter offers.
type auditData struct {
	Entries  []sqlite.AuditEntry
	Entity   string
	Entities []auditEntityChoice
	Limit    int
}

// auditEntityChoice is one option of the audit page's filter.
type auditEntityChoice struct {
	Value, Label string
}

func (s *Server) auditList(w http.ResponseWriter, r *http.Request) {
	entity := r.URL.Query().Get("entity")
	entries, err := s.db.AuditLog(r.Context(), entity, 0, auditLimit)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := auditData{Entries: entries, Entity: entity, Limit: auditLimit}
	for value, label := range auditEntities {
		d.Entities = append(d.Entities, auditEntityChoice{Value: value, Label: label})
	}
	slices.SortFunc(d.Entities, func(a, b auditEntityChoice) int {
		return strings.Compare(clinic.Fold(a.Label), clinic.Fold(b.Label))
	})
	s.render(w, r, http.StatusOK, "audit", &Page{Title: "Registro de alterações",
		Data: d})
}
