// Package importer reads a clinic's spreadsheet of patients and weekly
// agenda (.xlsx or .csv) into validated rows, before anything touches the
// database. Every row comes back, accepted or rejected with an English
// code and a Portuguese message naming the column, so the import screen
// can show how many rows were imported, skipped, and why.
//
// Sheets are recognized by their header row, not by name or position: a
// sheet with day and time columns is an agenda, and any other sheet with
// a name column is a patient list.
package importer

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"kpsicologia/app/clinic"
)

// Codes of row failures found by the importer itself. Failures of a
// single value use the clinic package's codes (clinic.CodeInvalidCPF and
// the others).
const (
	CodeDuplicateRow        = "duplicate of an earlier row (same name and birth date)"
	CodeDuplicateCPF        = "duplicate CPF"
	CodeMissingGuardian     = "missing guardian"
	CodeInvalidFrequency    = "invalid frequency"
	CodeMissingPsychologist = "missing psychologist"
	CodeInvalidWeekday      = "invalid weekday"
	CodeUnknownPatient      = "unknown patient"
	CodeRejectedPatient     = "patient row rejected"
	CodeAmbiguousPatient    = "ambiguous patient"
	CodeConflict            = "schedule conflict"
)

// Codes of file-level failures, returned as a *clinic.ValueError by Read.
const (
	CodeUnsupportedFile = "unsupported file"
	CodeUnreadableFile  = "unreadable file"
	CodeNoHeader        = "no header row"
	CodeTooLarge        = "file too large"
)

// Limits on what one file may contain. A clinic's list has a few thousand
// rows, but a zip file a few kilobytes long can unpack to gigabytes or to
// millions of rows, and reading those would occupy the server for
// minutes. Files past a limit are rejected with CodeTooLarge.
const (
	// MaxRows is the most rows with any text, over all sheets, a file
	// may have.
	MaxRows = 20000
	// maxCells is the most filled cells a file may have, so a sheet of
	// few rows but thousands of columns is refused too.
	maxCells = 300_000
	// maxUnzippedBytes is the most an .xlsx file may unpack to.
	maxUnzippedBytes = 200 << 20
)

// errTooLarge is the file-level error of a file past the limits.
var errTooLarge = &clinic.ValueError{Code: CodeTooLarge, Message: fmt.Sprintf("A "+
	"planilha é grande demais: o limite é de %d.%03d linhas. Divida-a em "+
	"arquivos menores ou apague as linhas e colunas vazias no fim.",
	MaxRows/1000, MaxRows%1000)}

// Frequencies of a patient or a slot.
const (
	Weekly   = "weekly"
	Biweekly = "biweekly"
)

// Conflict kinds of a rejected slot, checked in this order.
const (
	ConflictPsychologist = "psychologist"
	ConflictRoom         = "room"
	ConflictPatient      = "patient"
)

// DefaultSessionMinutes is the length of an imported session when
// Options.SessionMinutes is zero.
const DefaultSessionMinutes = 50

// Options are the settings of an import. The zero value is ready to use.
type Options struct {
	// Today is the reference date, "YYYY-MM-DD", for ages (a patient under
	// 18 needs a guardian) and for rejecting birth dates in the future.
	// Blank means the current date in America/Sao_Paulo.
	Today string
	// SessionMinutes is the length of each agenda slot, used to find
	// overlaps. Zero means DefaultSessionMinutes.
	SessionMinutes int
}

// Workbook is everything read from one file, in file order.
type Workbook struct {
	Patients []PatientRow
	Slots    []SlotRow
	// Ignored lists the sheets that had no recognizable header row.
	Ignored []string

	// headers maps a sheet's name to the headers of its known columns.
	headers map[string]map[field]column
}

// Column names the columns whose header Workbook.Header returns.
const (
	ColumnName         = "name"
	ColumnCPF          = "cpf"
	ColumnPsychologist = "psychologist"
	ColumnRoom         = "room"
	ColumnPatient      = "patient"
	ColumnTime         = "time"
)

var columnFields = map[string]field{
	ColumnName:         fieldName,
	ColumnCPF:          fieldCPF,
	ColumnPsychologist: fieldPsychologist,
	ColumnRoom:         fieldRoom,
	ColumnPatient:      fieldName,
	ColumnTime:         fieldTime,
}

// Header returns the header, as written in sheet, of a column given by
// one of the Column constants, or fallback when the sheet has no such
// column. Callers that check rows further (against a database) use it to
// name the column in their own messages, as the importer does.
func (wb *Workbook) Header(sheet, column, fallback string) string {
	f, ok := columnFields[column]
	if !ok {
		return fallback
	}
	if c, ok := wb.headers[sheet][f]; ok {
		return c.header
	}
	return fallback
}

// PatientRow is one row of a patient sheet. Rejected rows keep whatever
// values were read before the failure, for display.
type PatientRow struct {
	Sheet string
	// Row is the row number the spreadsheet program shows (header is 1).
	Row      int
	Accepted bool
	// Code is "" for accepted rows, otherwise a clinic.Code* or importer
	// Code* constant.
	Code string
	// Message is a Portuguese sentence naming the column and what to type.
	Message string
	// Column is the header, as written in the file, of the column that
	// failed ("" when the failure concerns the whole row).
	Column string
	// DuplicateOf is the row that this one repeats, for CodeDuplicateRow
	// and CodeDuplicateCPF.
	DuplicateOf int

	Name          string
	BirthDate     string // "YYYY-MM-DD" or ""
	Phone         string // 10 or 11 digits or ""
	CPF           string // 11 digits or ""
	Guardian      string
	GuardianCPF   string
	GuardianPhone string
	Email         string
	SocialName    string
	Notes         string
	Psychologist  string
	// PriceCents is the session price. It is 0 when the cell is blank or
	// the column is absent, which means no price was given.
	PriceCents int64
	// Frequency is Weekly or Biweekly. A blank cell means Weekly, the
	// usual rhythm of therapy.
	Frequency string
}

// SlotRow is one row of an agenda sheet: a recurring weekly or biweekly
// session.
type SlotRow struct {
	Sheet    string
	Row      int
	Accepted bool
	Code     string
	Message  string
	Column   string
	// Conflict is ConflictPsychologist, ConflictRoom or ConflictPatient
	// when the row overlaps the kept row ConflictRow, and "" otherwise.
	Conflict    string
	ConflictRow int

	Patient string
	// PatientRow is the accepted patient row this slot belongs to, or 0
	// when the file has no patient sheet (the caller then matches Patient
	// against the database).
	PatientRow   int
	Psychologist string
	Weekday      time.Weekday
	Start        string // "HH:MM"
	Minutes      int
	Room         string // "" for online sessions or no room given
	// Online is true when the room cell says the session is online
	// ("Online", "remoto", "videochamada" and similar).
	Online    bool
	Frequency string // Weekly or Biweekly; blank cells mean Weekly
	// Parity is 0 or 1 for accepted biweekly slots: two slots with
	// different parity fall on alternate weeks, so the caller must anchor
	// them on first dates one week apart. It is 0 for weekly slots.
	Parity int
}

// ReadFile reads the spreadsheet at path with default Options.
func ReadFile(path string) (*Workbook, error) {
	return Options{}.ReadFile(path)
}

// Read reads a spreadsheet with default Options. The content chooses the
// format: a zip file is read as .xlsx, and an old .xls or encrypted file
// is rejected. Other content is read as CSV unless the name (a file name)
// ends in .xlsx, .xlsm, .ods or .numbers, which marks a damaged file.
func Read(name string, r io.Reader) (*Workbook, error) {
	return Options{}.Read(name, r)
}

// ReadFile reads the spreadsheet at path.
func (o Options) ReadFile(path string) (*Workbook, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("importer: open %s: %w", path, err)
	}
	defer f.Close()
	return o.Read(filepath.Base(path), f)
}

// Read reads a spreadsheet from r into memory, so the caller must limit
// the upload size. Problems with the file as a whole are returned as a
// *clinic.ValueError with a Portuguese message, and problems with rows
// are reported in the rows.
func (o Options) Read(name string, r io.Reader) (*Workbook, error) {
	opts, err := o.withDefaults()
	if err != nil {
		return nil, err
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("importer: read %s: %w", name, err)
	}
	tables, err := readTables(name, data)
	if err != nil {
		return nil, err
	}
	return opts.readWorkbook(tables)
}

func (o Options) withDefaults() (Options, error) {
	if o.SessionMinutes == 0 {
		o.SessionMinutes = DefaultSessionMinutes
	}
	if o.SessionMinutes < 0 || o.SessionMinutes > 24*60 {
		return o, fmt.Errorf("importer: session length %d minutes is out of range", o.SessionMinutes)
	}
	if o.Today == "" {
		o.Today = time.Now().In(clinicLocation()).Format(time.DateOnly)
	}
	if _, err := clinic.ParseISODate(o.Today); err != nil {
		return o, fmt.Errorf("importer: today %q is not a YYYY-MM-DD date", o.Today)
	}
	return o, nil
}

// clinicLocation returns America/Sao_Paulo, or the machine's zone when the
// time zone database is missing (a Windows PC without Go has none unless
// the binary embeds time/tzdata).
func clinicLocation() *time.Location {
	loc, err := time.LoadLocation("America/Sao_Paulo")
	if err != nil {
		return time.Local
	}
	return loc
}

// zipMagic starts every .xlsx file. oleMagic starts old .xls files and
// password-protected .xlsx files, which excelize cannot read without the
// password.
var (
	zipMagic = []byte("PK\x03\x04")
	oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
)

func readTables(name string, data []byte) ([]*table, error) {
	switch {
	case bytes.HasPrefix(data, zipMagic):
		return readXLSX(data)
	case bytes.HasPrefix(data, oleMagic):
		return nil, &clinic.ValueError{Code: CodeUnsupportedFile, Message: "Este " +
			"arquivo está no formato antigo do Excel (.xls) ou protegido " +
			"por senha. Abra a planilha no Excel ou no LibreOffice e salve " +
			"como .xlsx, sem senha."}
	}
	ext := strings.ToLower(filepath.Ext(name))
	if ext == ".xlsx" || ext == ".xlsm" || ext == ".ods" || ext == ".numbers" {
		return nil, &clinic.ValueError{Code: CodeUnreadableFile, Message: "Não " +
			"foi possível abrir a planilha. Abra no Excel ou no LibreOffice " +
			"e salve de novo como .xlsx ou como CSV."}
	}
	t, err := readCSV(name, data)
	if err != nil {
		return nil, err
	}
	return []*table{t}, nil
}

func (o Options) readWorkbook(tables []*table) (*Workbook, error) {
	wb := &Workbook{headers: map[string]map[field]column{}}
	patients := o.newPatientReader()
	var agendas []*table
	hasPatients := false
	for _, t := range tables {
		if t.kind != tableUnknown {
			wb.headers[t.name] = t.columns
		}
		switch t.kind {
		case tablePatients:
			hasPatients = true
			wb.Patients = append(wb.Patients, patients.read(t)...)
		case tableAgenda:
			agendas = append(agendas, t)
		default:
			wb.Ignored = append(wb.Ignored, t.name)
		}
	}
	if !hasPatients && len(agendas) == 0 {
		return nil, &clinic.ValueError{Code: CodeNoHeader, Message: "Nenhuma " +
			"aba tem uma linha de títulos reconhecível. A primeira linha " +
			"deve ter os títulos das colunas, como Nome, Data de " +
			"nascimento e Telefone, ou Paciente, Psicóloga, Dia e Horário."}
	}
	linker := newPatientLinker(wb.Patients, hasPatients)
	sched := newSchedule()
	for _, t := range agendas {
		wb.Slots = append(wb.Slots, o.readSlots(t, linker, sched)...)
	}
	return wb, nil
}
