package importer

import (
	"strings"

	"kpsicologia/app/clinic"
)

// cellKind is the kind of value a cell holds. CSV cells are always text,
// while .xlsx cells carry a type and a number format.
type cellKind int

const (
	kindText     cellKind = iota
	kindNumber            // a number without a date or time format
	kindDate              // a date serial number, maybe with a time part
	kindTime              // a fraction of a day in a time format
	kindISODate           // a cell of type "d": an ISO 8601 text
	kindDateTime          // a serial number in a date-and-time format
)

// cell is one value. For numeric kinds, text is the raw number as the
// file stores it ("23081", "150.5"), never the formatted display.
type cell struct {
	text string
	kind cellKind
}

type tableKind int

const (
	tableUnknown tableKind = iota
	tablePatients
	tableAgenda
)

// table is one sheet, or a whole CSV file, after its header row was found.
type table struct {
	name    string
	kind    tableKind
	columns map[field]column
	rows    []tableRow
	// date1904 is true for workbooks in Excel's 1904 date system.
	date1904 bool
}

type tableRow struct {
	num   int // as the spreadsheet program shows it, starting at 1
	cells []cell
}

// column is the position of a field in a table and its header as written.
type column struct {
	index  int
	header string
}

// get returns the cell of field f in row r, or an empty text cell when
// the table has no such column or the row is shorter.
func (t *table) get(r tableRow, f field) cell {
	c, ok := t.columns[f]
	if !ok || c.index >= len(r.cells) {
		return cell{}
	}
	return r.cells[c.index]
}

// header returns the header of field f as written, or fallback when the
// table has no such column.
func (t *table) header(f field, fallback string) string {
	if c, ok := t.columns[f]; ok {
		return c.header
	}
	return fallback
}

type field int

const (
	fieldName field = iota + 1
	fieldBirthDate
	fieldPhone
	fieldCPF
	fieldGuardian
	fieldGuardianCPF
	fieldGuardianPhone
	fieldPrice
	fieldFrequency
	fieldPsychologist
	fieldNotes
	fieldEmail
	fieldSocialName
	fieldWeekday
	fieldTime
	fieldRoom
)

// headerFields maps folded headers (see headerKey) to fields. The agenda's
// "Paciente" is the same field as the patient list's "Nome".
var headerFields = map[string]field{}

func init() {
	variants := map[field][]string{
		fieldName: {"nome", "paciente", "nome completo", "nome do paciente",
			"nome da paciente", "nome paciente", "nome completo do paciente",
			"cliente"},
		fieldBirthDate: {"data de nascimento", "nascimento", "data nasc",
			"data de nasc", "data nascimento", "dt nasc", "dt nascimento",
			"dt de nascimento", "nasc", "dn", "d n"},
		fieldPhone: {"telefone", "celular", "fone", "whatsapp", "whats",
			"tel", "cel", "telefone celular", "telefone whatsapp",
			"celular whatsapp", "contato", "telefone de contato"},
		fieldCPF: {"cpf", "cpf do paciente", "cpf da paciente", "cpf paciente"},
		fieldGuardian: {"responsavel", "nome do responsavel",
			"responsavel legal", "nome responsavel",
			"nome do responsavel legal"},
		fieldGuardianCPF: {"cpf do responsavel", "cpf responsavel",
			"cpf do responsavel legal"},
		fieldGuardianPhone: {"telefone do responsavel", "telefone responsavel",
			"tel responsavel", "tel do responsavel", "celular do responsavel",
			"celular responsavel", "fone do responsavel", "fone responsavel",
			"whatsapp do responsavel"},
		fieldPrice: {"valor da sessao", "valor", "preco", "valor sessao",
			"preco da sessao", "preco sessao", "valor r$",
			"valor da sessao r$", "valor da consulta", "valor consulta"},
		fieldFrequency: {"frequencia", "freq", "periodicidade"},
		fieldPsychologist: {"psicologa", "psicologo", "profissional",
			"terapeuta", "psicologo a", "psicologa o", "psicologa responsavel",
			"psicologo responsavel"},
		fieldNotes:      {"observacoes", "observacao", "obs", "notas", "anotacoes"},
		fieldEmail:      {"email", "e mail", "correio eletronico"},
		fieldSocialName: {"nome social"},
		fieldWeekday:    {"dia", "dia da semana", "dia semana"},
		fieldTime: {"horario", "hora", "inicio", "horario de inicio",
			"hora de inicio", "horario inicio", "hora inicio"},
		fieldRoom: {"sala", "local", "consultorio"},
	}
	for f, names := range variants {
		for _, name := range names {
			headerFields[name] = f
		}
	}
}

// headerKey folds a header for matching: no case, no accents, and
// punctuation such as "." in "Data nasc." or "-" in "E-mail" read as a
// space.
func headerKey(s string) string {
	return clinic.Fold(strings.Map(func(r rune) rune {
		if strings.ContainsRune(".:;*()[]/\\-_?#º°ª'\"", r) {
			return ' '
		}
		return r
	}, s))
}

// maxHeaderSearch is how many rows from the top may come before the
// header row, for sheets that start with a title or a blank line.
const maxHeaderSearch = 10

// newTable finds the header row among the first rows, maps its columns
// and keeps the rows below it. A row with day and time columns makes an
// agenda, checked first because an agenda also has a patient name column.
func newTable(name string, rows []tableRow) *table {
	for i, r := range rows {
		if i >= maxHeaderSearch {
			break
		}
		columns := mapColumns(r)
		_, hasName := columns[fieldName]
		_, hasDay := columns[fieldWeekday]
		_, hasTime := columns[fieldTime]
		kind := tableUnknown
		switch {
		case hasDay && hasTime:
			kind = tableAgenda
		case hasName:
			kind = tablePatients
		}
		if kind != tableUnknown {
			return &table{name: name, kind: kind, columns: columns, rows: rows[i+1:]}
		}
	}
	return &table{name: name}
}

// mapColumns maps each known header of a row to its column. When two
// columns have the same meaning, the leftmost wins.
func mapColumns(r tableRow) map[field]column {
	columns := map[field]column{}
	for i, c := range r.cells {
		f, ok := headerFields[headerKey(c.text)]
		if !ok {
			continue
		}
		if _, seen := columns[f]; !seen {
			columns[f] = column{index: i, header: clinic.NormalizeName(c.text)}
		}
	}
	return columns
}

// blankRow reports whether every cell of r is empty or white space.
func blankRow(r tableRow) bool {
	for _, c := range r.cells {
		if strings.TrimSpace(c.text) != "" {
			return false
		}
	}
	return true
}
