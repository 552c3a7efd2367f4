package web

import (
	"fmt"
	"slices"
	"strings"

	"kpsicologia/app/clinic"
	"kpsicologia/app/importer"
	"kpsicologia/app/sqlite"
)

// importReasonLabels name the reasons rows are skipped for, by the
// English code of the importer, the clinic package and the store.
var importReasonLabels = map[string]string{
	clinic.CodeCPFCheckDigits: "CPF com dígitos verificadores errados",
	clinic.CodeInvalidCPF:     "CPF inválido",
	clinic.CodePhoneTooShort:  "Telefone com poucos dígitos",
	clinic.CodeInvalidPhone:   "Telefone inválido",
	clinic.CodePriceNotNumber: "Valor da sessão não é um número",
	clinic.CodeInvalidDate:    "Data inválida",
	clinic.CodeMissingName:    "Nome em branco",
	clinic.CodeInvalidEmail:   "E-mail inválido",
	clinic.CodeInvalidTime:    "Horário inválido",

	importer.CodeDuplicateRow:        "Linha repetida na planilha (mesmo nome e nascimento)",
	importer.CodeDuplicateCPF:        "CPF repetido na planilha",
	importer.CodeMissingGuardian:     "Menor de idade sem responsável",
	importer.CodeInvalidFrequency:    "Frequência inválida",
	importer.CodeMissingPsychologist: "Psicóloga em branco",
	importer.CodeInvalidWeekday:      "Dia da semana inválido",
	importer.CodeUnknownPatient:      "Paciente não encontrado",
	importer.CodeRejectedPatient:     "Paciente recusado ou excluído",
	importer.CodeAmbiguousPatient:    "Mais de um paciente com esse nome",

	sqlite.ImportCodeExistingPatient:       "Paciente já cadastrado (mesmo nome e nascimento)",
	sqlite.ImportCodeExistingCPF:           "Paciente já cadastrado (mesmo CPF)",
	sqlite.ImportCodeDeletedPatient:        "Paciente excluído: restaure o cadastro",
	sqlite.ImportCodeDeletedCPF:            "Paciente excluído: restaure o cadastro",
	sqlite.ImportCodeUnknownPsychologist:   "Psicóloga não cadastrada",
	sqlite.ImportCodeInactivePsychologist:  "Psicóloga inativa",
	sqlite.ImportCodeAmbiguousPsychologist: "Mais de uma psicóloga com esse nome",
	sqlite.ImportCodeUnknownRoom:           "Sala não cadastrada",
	sqlite.ImportCodeInactiveRoom:          "Sala desativada",
}

// importConflictLabels name the schedule conflicts by what is taken.
var importConflictLabels = map[string]string{
	importer.ConflictPsychologist: "Conflito de horário: psicóloga ocupada",
	importer.ConflictRoom:         "Conflito de horário: sala ocupada",
	importer.ConflictPatient:      "Conflito de horário: paciente já tem sessão",
}

func importReasonLabel(code, conflict string) string {
	if label, ok := importConflictLabels[conflict]; ok && code == importer.CodeConflict {
		return label
	}
	if label, ok := importReasonLabels[code]; ok {
		return label
	}
	return code
}

// importReason is one reason rows were skipped for, with those rows.
type importReason struct {
	Label string
	Count int
	Rows  string // "Pacientes: linhas 6, 28; Agenda: linha 77"
}

// importRejectView is a skipped row as the preview and the result list
// it.
type importRejectView struct {
	Kind    string // "Paciente" or "Agenda"
	Sheet   string
	Row     int
	Column  string
	Reason  string
	Message string
	// Restore is the registered patient to open and restore, for a row
	// that repeats a deleted patient.
	RestoreID int64
}

func newImportRejects(skipped []sqlite.ImportReject) []importRejectView {
	out := make([]importRejectView, 0, len(skipped))
	for _, sk := range skipped {
		v := importRejectView{Kind: "Paciente", Sheet: sk.Sheet, Row: sk.Row,
			Column: sk.Column, Message: sk.Message,
			Reason: importReasonLabel(sk.Code, sk.Conflict)}
		if sk.Kind == "slot" {
			v.Kind = "Agenda"
		}
		if sk.ExistingDeleted {
			v.RestoreID = sk.ExistingID
		}
		out = append(out, v)
	}
	return out
}

// groupImportReasons counts the skipped rows by reason, most frequent
// first, and lists their row numbers by sheet.
func groupImportReasons(rows []importRejectView) []importReason {
	type group struct {
		reason  importReason
		bySheet map[string][]int
		sheets  []string
	}
	var groups []*group
	index := map[string]*group{}
	for _, r := range rows {
		g, ok := index[r.Reason]
		if !ok {
			g = &group{reason: importReason{Label: r.Reason}, bySheet: map[string][]int{}}
			index[r.Reason] = g
			groups = append(groups, g)
		}
		g.reason.Count++
		if _, seen := g.bySheet[r.Sheet]; !seen {
			g.sheets = append(g.sheets, r.Sheet)
		}
		g.bySheet[r.Sheet] = append(g.bySheet[r.Sheet], r.Row)
	}
	out := make([]importReason, 0, len(groups))
	for _, g := range groups {
		var parts []string
		for _, sheet := range g.sheets {
			parts = append(parts, sheet+": "+rowList(g.bySheet[sheet]))
		}
		g.reason.Rows = strings.Join(parts, "; ")
		out = append(out, g.reason)
	}
	slices.SortStableFunc(out, func(a, b importReason) int { return b.Count - a.Count })
	return out
}

// rowList writes row numbers as "linha 6" or "linhas 6, 28 e 40", cut
// after 20 numbers.
func rowList(rows []int) string {
	const shown = 20
	words := make([]string, 0, shown)
	for i, r := range rows {
		if i == shown {
			break
		}
		words = append(words, fmt.Sprint(r))
	}
	switch {
	case len(rows) == 1:
		return "linha " + words[0]
	case len(rows) > shown:
		return fmt.Sprintf("linhas %s e mais %d", strings.Join(words, ", "), len(rows)-shown)
	}
	return "linhas " + strings.Join(words[:len(words)-1], ", ") + " e " + words[len(words)-1]
}

// importPatientView is an accepted patient row, formatted.
type importPatientView struct {
	Sheet        string
	Row          int
	Name         string
	BirthDate    string
	Phone        string
	CPF          string
	Guardian     string
	Price        string
	Frequency    string
	Psychologist string
	Warning      string
}

// importSlotView is an accepted agenda row, formatted.
type importSlotView struct {
	Sheet        string
	Row          int
	Patient      string
	Psychologist string
	Day          string
	Time         string
	Room         string
	Frequency    string
	FirstDate    string
}

// importPreviewView is the preview page.
type importPreviewView struct {
	Token    string
	FileName string
	Size     string
	Report   *sqlite.ImportReport
	Counts   sqlite.ImportCounts
	Reasons  []importReason
	Rejected []importRejectView
	Patients []importPatientView
	Slots    []importSlotView
	// NewRooms is set when a room is offered for creation, so the page
	// shows the unit field. NewPsychologists is set when a psychologist is.
	NewRooms         bool
	NewPsychologists bool
	// OpenLists shows the accepted rows unfolded when they are few.
	OpenLists bool
	// MatchedPsychologists and MatchedRooms count the names of the file
	// found in the register.
	MatchedPsychologists int
	MatchedRooms         int
}

func newImportPreviewView(u importUpload, rep *sqlite.ImportReport) importPreviewView {
	v := importPreviewView{Token: u.Token, FileName: u.FileName,
		Size: formatBytes(int64(u.Size)), Report: rep, Counts: rep.Counts,
		OpenLists: rep.Counts.Patients+rep.Counts.Slots <= 60}
	v.Rejected = newImportRejects(rep.Summary().Skipped)
	v.Reasons = groupImportReasons(v.Rejected)
	for _, p := range rep.Patients {
		if p.Accepted {
			v.Patients = append(v.Patients, newImportPatientView(p))
		}
	}
	for _, s := range rep.Slots {
		if s.Accepted {
			v.Slots = append(v.Slots, newImportSlotView(s))
		}
	}
	for _, p := range rep.Psychologists {
		switch {
		case p.MatchID != 0:
			v.MatchedPsychologists++
		case !p.Ambiguous:
			v.NewPsychologists = true
		}
	}
	for _, r := range rep.Rooms {
		if r.MatchID == 0 {
			v.NewRooms = true
		} else {
			v.MatchedRooms++
		}
	}
	return v
}

func newImportPatientView(p sqlite.ImportPatient) importPatientView {
	v := importPatientView{Sheet: p.Sheet, Row: p.Row, Name: p.Name,
		BirthDate: clinic.FormatDateBR(p.BirthDate),
		Phone:     clinic.FormatPhone(p.Phone), CPF: clinic.FormatCPF(p.CPF),
		Guardian: p.Guardian, Frequency: clinic.Frequency(p.Frequency).Label(),
		Psychologist: p.Psychologist, Warning: p.Warning}
	if p.PriceCents > 0 {
		v.Price = clinic.FormatMoney(p.PriceCents)
	}
	return v
}

func newImportSlotView(s sqlite.ImportAgendaRow) importSlotView {
	start := clinic.MustClock(s.Start)
	v := importSlotView{Sheet: s.Sheet, Row: s.Row, Patient: s.PatientName,
		Psychologist: s.Psychologist, Day: clinic.WeekdayName(s.Weekday),
		Time:      start.String() + "–" + start.Add(s.Minutes).String(),
		Room:      s.Room,
		Frequency: clinic.Frequency(s.Frequency).Label(),
		FirstDate: clinic.FormatDateBR(s.Anchor)}
	switch {
	case s.Online:
		v.Room = "Online"
	case s.Room == "":
		v.Room = "Sem sala"
	}
	return v
}

// importResultView is the result page of an import.
type importResultView struct {
	Record  sqlite.ImportRecord
	Counts  sqlite.ImportCounts
	Reasons []importReason
	Skipped []importRejectView
}

func newImportResultView(rec sqlite.ImportRecord) importResultView {
	v := importResultView{Record: rec, Counts: rec.Summary.Counts}
	v.Skipped = newImportRejects(rec.Summary.Skipped)
	v.Reasons = groupImportReasons(v.Skipped)
	return v
}
