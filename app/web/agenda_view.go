package web

import (
	"fmt"
	"html/template"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"kpsicologia/app/clinic"
	"kpsicologia/app/sqlite"
)

// agendaStatusLabels are the screen names of session statuses.
var agendaStatusLabels = map[string]string{
	"scheduled":           "Agendada",
	"done":                "Realizada",
	"missed_charged":      "Falta cobrada",
	"missed_excused":      "Falta justificada",
	"cancelled_patient":   "Desmarcada pelo paciente",
	"cancelled_clinic":    "Desmarcada pela clínica",
	"psychologist_absent": "Falta da psicóloga",
	"holiday":             "Feriado",
}

// agendaStatusOrder is the order of the status filter's options.
var agendaStatusOrder = []string{"scheduled", "done", "missed_charged",
	"missed_excused", "cancelled_patient", "cancelled_clinic",
	"psychologist_absent", "holiday"}

// agendaBadge is an icon with its text, so no state is told by colour
// alone.
type agendaBadge struct {
	Icon string // Bootstrap Icons name
	Text string
	Kind string // emergency, online, holiday, cancelled, missed, ok, conflict
}

// Class returns the CSS class of the badge.
func (b agendaBadge) Class() string { return "ag-badge-" + b.Kind }

// IconClass returns the CSS class of the badge's icon alone.
func (b agendaBadge) IconClass() string { return "ag-icon-" + b.Kind }

// agendaBlock is one session as a block or a line of an agenda.
type agendaBlock struct {
	ID      int64
	Href    string
	Time    string // "14:00–14:50"
	Start   string // "14:00"
	Patient string
	// ShortName is the patient's first and last names, for chips.
	ShortName    string
	Psychologist string
	Room         string // room name, or "Online"
	// Sub is the second line of a day-grid block: the psychologist in a
	// room's column, the room in a psychologist's.
	Sub       string
	Phone     string
	Badges    []agendaBadge
	Cancelled bool
	Conflict  bool
	// Label is the whole block as one sentence, for screen readers and
	// the tooltip.
	Label string
	// Style carries the psychologist's colour and, in the day grid, the
	// block's place.
	Style template.CSS
}

// agendaColorPattern matches the colours the registry stores.
var agendaColorPattern = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)

// agendaDefaultColor is used for a missing or malformed colour.
const agendaDefaultColor = "#6c757d"

// agendaColorStyle returns CSS custom properties for a psychologist's
// colour: the colour itself for borders and dots, and a light tint of it
// for backgrounds, so dark text on it keeps its contrast.
func agendaColorStyle(color string) string {
	if !agendaColorPattern.MatchString(color) {
		color = agendaDefaultColor
	}
	return fmt.Sprintf("--ag-color:%s;--ag-tint:%s;", color, agendaTint(color, 0.16))
}

// agendaTint mixes share of color with white.
func agendaTint(color string, share float64) string {
	v, _ := strconv.ParseUint(color[1:], 16, 32)
	mix := func(c uint64) uint64 {
		return uint64(float64(c)*share + 255*(1-share) + 0.5)
	}
	r, g, b := mix(v>>16&0xff), mix(v>>8&0xff), mix(v&0xff)
	return fmt.Sprintf("#%02x%02x%02x", r, g, b)
}

// agendaBlockOf builds the view of s. conflict marks a session that
// overlaps another one of its room, psychologist or patient.
func agendaBlockOf(s sqlite.AgendaSession, conflict bool) agendaBlock {
	b := agendaBlock{
		ID:           s.ID,
		Href:         fmt.Sprintf("/sessions/%d", s.ID),
		Time:         s.Start.String() + "–" + s.End.String(),
		Start:        s.Start.String(),
		Patient:      s.PatientName,
		ShortName:    agendaShortName(s.PatientName),
		Psychologist: s.PsychologistName,
		Room:         s.RoomName,
		Phone:        clinic.FormatPhone(s.PatientPhone),
		Cancelled:    sqlite.AgendaCancelled(s.Status),
		Conflict:     conflict,
		Style:        template.CSS(agendaColorStyle(s.Color)),
	}
	if s.RoomID == 0 {
		b.Room = "Online"
	}
	b.Badges = agendaBadges(s, conflict)
	parts := []string{b.Time, b.Patient, b.Psychologist, b.Room}
	for _, bd := range b.Badges {
		parts = append(parts, bd.Text)
	}
	b.Label = strings.Join(parts, " · ")
	return b
}

// agendaShortName returns the first and last words of name: "Maria
// Eduarda Souza" becomes "Maria Souza".
func agendaShortName(name string) string {
	words := strings.Fields(name)
	if len(words) <= 2 {
		return strings.Join(words, " ")
	}
	return words[0] + " " + words[len(words)-1]
}

// agendaBadges returns the icons and words that flag s: emergency,
// online, conflict and any status other than a plain scheduled session.
func agendaBadges(s sqlite.AgendaSession, conflict bool) []agendaBadge {
	var out []agendaBadge
	if conflict {
		out = append(out, agendaBadge{"exclamation-triangle-fill", "Conflito", "conflict"})
	}
	if s.Kind == "emergency" {
		out = append(out, agendaBadge{"lightning-charge-fill", "Emergencial", "emergency"})
	}
	if s.Modality == "online" {
		out = append(out, agendaBadge{"camera-video", "Online", "online"})
	}
	switch s.Status {
	case "scheduled":
		if s.Confirmed {
			out = append(out, agendaBadge{"check-circle", "Confirmada", "ok"})
		}
	case "done":
		out = append(out, agendaBadge{"check2-all", "Realizada", "ok"})
	case "holiday":
		out = append(out, agendaBadge{"calendar-x", "Feriado", "holiday"})
	case "cancelled_patient", "cancelled_clinic":
		out = append(out, agendaBadge{"x-circle", agendaStatusLabels[s.Status], "cancelled"})
	case "missed_charged", "missed_excused", "psychologist_absent":
		out = append(out, agendaBadge{"person-x", agendaStatusLabels[s.Status], "missed"})
	}
	return out
}

// agendaConflicts returns the ids of the sessions that overlap another
// session of the same date in the same room, with the same psychologist
// or with the same patient. Cancelled and holiday sessions take no time.
func agendaConflicts(list []sqlite.AgendaSession) map[int64]bool {
	type key struct {
		kind byte
		id   int64
		date clinic.Date
	}
	groups := map[key][]sqlite.AgendaSession{}
	for _, s := range list {
		if sqlite.AgendaCancelled(s.Status) || s.Status == "holiday" {
			continue
		}
		if s.RoomID != 0 {
			k := key{'r', s.RoomID, s.Date}
			groups[k] = append(groups[k], s)
		}
		k := key{'p', s.PsychologistID, s.Date}
		groups[k] = append(groups[k], s)
		k = key{'c', s.PatientID, s.Date}
		groups[k] = append(groups[k], s)
	}
	out := map[int64]bool{}
	for _, g := range groups {
		for i := range g {
			for j := i + 1; j < len(g); j++ {
				if clinic.Overlaps(g[i].Interval(), g[j].Interval()) {
					out[g[i].ID], out[g[j].ID] = true, true
				}
			}
		}
	}
	return out
}

// agendaLongDate formats d as "sexta-feira, 4 de dezembro de 2026".
func agendaLongDate(d clinic.Date) string {
	return fmt.Sprintf("%s, %d de %s de %d", clinic.WeekdayName(d.Weekday()),
		d.Day, clinic.MonthName(d.Month), d.Year)
}

// agendaShortDate formats d as "sex 04/12".
func agendaShortDate(d clinic.Date) string {
	return fmt.Sprintf("%s %02d/%02d", clinic.WeekdayShort(d.Weekday()), d.Day, int(d.Month))
}

// agendaRangeTitle formats a week as "30 de novembro a 6 de dezembro de
// 2026", naming the first month or year only when they differ.
func agendaRangeTitle(from, to clinic.Date) string {
	switch {
	case from.Year != to.Year:
		return fmt.Sprintf("%d de %s de %d a %d de %s de %d", from.Day,
			clinic.MonthName(from.Month), from.Year, to.Day, clinic.MonthName(to.Month), to.Year)
	case from.Month != to.Month:
		return fmt.Sprintf("%d de %s a %d de %s de %d", from.Day,
			clinic.MonthName(from.Month), to.Day, clinic.MonthName(to.Month), to.Year)
	}
	return fmt.Sprintf("%d a %d de %s de %d", from.Day, to.Day, clinic.MonthName(to.Month), to.Year)
}

// agendaWeekStart returns the Monday on or before d.
func agendaWeekStart(d clinic.Date) clinic.Date {
	return d.AddDays(-((int(d.Weekday()) + 6) % 7))
}

// agendaHoursText formats ranges as "08:00–12:00 · 14:00–18:00".
func agendaHoursText(list []clinic.Interval) string {
	parts := make([]string, len(list))
	for i, iv := range list {
		parts[i] = iv.Start.String() + "–" + iv.End.String()
	}
	return strings.Join(parts, " · ")
}

// agendaDayNote returns what closes the clinic on d, if anything: a
// holiday (or ponto facultativo) or a closure, for banners.
func agendaDayNote(a *sqlite.Agenda, d clinic.Date) string {
	if h, ok := a.Holidays.Lookup(d); ok {
		if h.Optional {
			return "Ponto facultativo: " + h.Name
		}
		return "Feriado: " + h.Name
	}
	if c, ok := a.ClosureOn(d); ok {
		return "Clínica fechada: " + c.Reason
	}
	return ""
}

// agendaBlockText describes a block for a banner: "Férias até 20/01".
func agendaBlockText(b clinic.Block) string {
	reason := strings.TrimSpace(b.Reason)
	if reason == "" {
		reason = "Agenda bloqueada"
	}
	return fmt.Sprintf("%s até %02d/%02d", reason, b.To.Day, int(b.To.Month))
}

// agendaNewSessionURL returns the booking form's URL prefilled with the
// non-empty values of kv (name, value pairs).
func agendaNewSessionURL(kv ...string) string {
	q := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] != "" && kv[i+1] != "0" {
			q.Set(kv[i], kv[i+1])
		}
	}
	if len(q) == 0 {
		return "/sessions/new"
	}
	return "/sessions/new?" + q.Encode()
}

// agendaOption is one option of a filter's select.
type agendaOption struct {
	Value    string
	Label    string
	Selected bool
}

func agendaIDOptions(list []clinic.Choice, selected int64, allLabel string) []agendaOption {
	out := []agendaOption{{Value: "0", Label: allLabel, Selected: selected == 0}}
	for _, c := range list {
		out = append(out, agendaOption{Value: strconv.FormatInt(c.ID, 10),
			Label: c.Name, Selected: c.ID == selected})
	}
	return out
}

func agendaTextOptions(pairs [][2]string, selected string) []agendaOption {
	out := make([]agendaOption, len(pairs))
	for i, p := range pairs {
		out[i] = agendaOption{Value: p[0], Label: p[1], Selected: p[0] == selected}
	}
	return out
}
