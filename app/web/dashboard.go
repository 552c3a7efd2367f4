package web

import (
	"net/http"

	"kpsicologia/app/clinic"
	"kpsicologia/app/sqlite"
)

// dashboardData is what the home page shows; each role fills its part.
type dashboardData struct {
	BackupStale bool
	LANAddress  string
	// Setup counts what the clinic has set up, for the admin's
	// first-steps checklist; nil for other roles.
	Setup   *sqlite.SetupProgress
	Role    clinic.Role
	Widgets dashboardWidgets
}

// dashboard shows the home page of the signed-in user's role.
func (s *Server) dashboard(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	d := dashboardData{Role: u.Role}
	if u.Role == clinic.RoleAdmin {
		_, stale, err := s.backupStatus()
		if err != nil {
			s.log.Error("read backup status", "err", err)
		}
		d.BackupStale = stale
		d.LANAddress = s.lanAddr
		progress, err := s.db.SetupProgress(r.Context())
		if err != nil {
			s.log.Error("read setup progress", "err", err)
		} else if !progress.Done() {
			d.Setup = &progress
		}
	}
	widgets, err := s.dashboardWidgets(r, u)
	if err != nil {
		// The home page still opens: the menu and the backup warning
		// matter more than the figures.
		s.log.Error("read dashboard figures", "user", u.Username, "err", err)
	}
	d.Widgets = widgets
	s.render(w, r, http.StatusOK, "dashboard", &Page{Title: "Início", Data: d})
}
