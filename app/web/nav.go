package web

import (
	"strings"

	"kpsicologia/app/clinic"
)

// navItem is one entry of the sidebar.
type navItem struct {
	Label  string
	Href   string
	Icon   string // a Bootstrap Icons name
	Roles  []clinic.Role
	Active bool
}

// navItems is the sidebar of every role, in order. Each role sees the
// entries that list it.
var navItems = []navItem{
	{Label: "Início", Href: "/", Icon: "house", Roles: everyone},
	{Label: "Agenda central", Href: "/agenda", Icon: "calendar3", Roles: staff},
	{Label: "Minha agenda", Href: "/my/agenda", Icon: "calendar-week", Roles: []clinic.Role{clinic.RolePsychologist}},
	{Label: "Presenças", Href: "/attendance", Icon: "check2-square", Roles: everyone},
	{Label: "Horários livres", Href: "/agenda/free", Icon: "search", Roles: staff},
	{Label: "Pacientes", Href: "/patients", Icon: "people", Roles: everyone},
	{Label: "Psicólogas", Href: "/psychologists", Icon: "person-badge", Roles: staff},
	{Label: "Disponibilidade", Href: "/availability", Icon: "clock", Roles: everyone},
	{Label: "Pagamentos", Href: "/payments", Icon: "cash-coin", Roles: everyone},
	{Label: "A receber", Href: "/receivables", Icon: "hourglass-split", Roles: adminAndPsych},
	{Label: "Despesas", Href: "/expenses", Icon: "receipt", Roles: adminOnly},
	{Label: "Financeiro", Href: "/finance", Icon: "graph-up", Roles: adminOnly},
	{Label: "Meu repasse", Href: "/my/payout", Icon: "wallet2", Roles: []clinic.Role{clinic.RolePsychologist}},
	{Label: "Planilhas", Href: "/exports", Icon: "file-earmark-spreadsheet", Roles: everyone},
	{Label: "Importar planilha", Href: "/import", Icon: "upload", Roles: staff},
	{Label: "Unidades e salas", Href: "/units", Icon: "building", Roles: adminOnly},
	{Label: "Cadastros", Href: "/catalogues", Icon: "tags", Roles: adminOnly},
	{Label: "Usuários", Href: "/users", Icon: "person-gear", Roles: adminOnly},
	{Label: "Configurações", Href: "/settings", Icon: "gear", Roles: adminOnly},
	{Label: "Backups", Href: "/backups", Icon: "safe", Roles: adminOnly},
	{Label: "Registro de alterações", Href: "/audit", Icon: "journal-text", Roles: adminOnly},
}

// navFor returns the sidebar entries of role, marking the one that
// contains path.
func navFor(role clinic.Role, path string) []navItem {
	var out []navItem
	best := -1
	for _, it := range navItems {
		if !hasRole(it.Roles, role) {
			continue
		}
		out = append(out, it)
		i := len(out) - 1
		if path == it.Href || (it.Href != "/" && strings.HasPrefix(path, it.Href+"/")) {
			if best < 0 || len(it.Href) > len(out[best].Href) {
				best = i
			}
		}
	}
	if best >= 0 {
		out[best].Active = true
	}
	return out
}
