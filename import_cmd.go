package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"kpsicologia/app/clinic"
	"kpsicologia/app/sqlite"
)

// terminalActor is the actor of a command-line import in the audit log.
// Anyone who can run the program on the clinic's computer can already
// read the database file, so the command requires no login.
var terminalActor = clinic.Actor{Username: "terminal", Role: clinic.RoleAdmin}

// runImport imports a spreadsheet of patients and agenda into the
// clinic's database. It takes the data folder's lock, so it refuses to
// run while the server is running. The exit status is 0 whenever the
// file could be read, even when rows were rejected.
func runImport(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("kpsicologia import", flag.ContinueOnError)
	fs.SetOutput(stderr)
	data := dataFlag(fs, getenv)
	dryRun := fs.Bool("dry-run", false, "check every row against the database and write nothing")
	asJSON := fs.Bool("json", false, "print one JSON object per row on stdout instead of the report")
	unit := fs.String("unit", "", "unit in which new rooms are created (default: the first active unit "+
		"by name, or a new unit \""+sqlite.DefaultImportUnit+"\" when there is none)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: kpsicologia import [-data DIR] [-dry-run] [-json] [-unit NAME] FILE")
		fmt.Fprintln(stderr, "FILE is a spreadsheet (.xlsx or .csv) of patients and/or agenda rows.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errors.New("import needs exactly one spreadsheet FILE")
	}
	path := fs.Arg(0)
	content, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}

	lock, err := lockDataDir(*data, "KPsicologia is running with %s: close it, then "+
		"import, or use the page Importar planilha in the browser")
	if err != nil {
		return err
	}
	defer lock.Unlock()

	db, err := sqlite.Open(ctx, filepath.Join(*data, "kpsicologia.db"), schemaSQL)
	if err != nil {
		return err
	}
	defer db.Close()

	req := sqlite.ImportRequest{FileName: filepath.Base(path), Data: content,
		Token: "terminal-" + randomHex(16)}
	if err := chooseImportUnit(ctx, db, *unit, &req.Choices); err != nil {
		return err
	}
	var rep *sqlite.ImportReport
	if *dryRun {
		rep, err = db.PreviewImport(ctx, req)
	} else {
		rep, err = db.Import(ctx, terminalActor, req)
	}
	if clinic.ErrorCode(err) == clinic.ErrInvalid {
		return fmt.Errorf("cannot read %s: %s", path, clinic.ErrorMessage(err))
	}
	if err != nil {
		return fmt.Errorf("import %s: %w", path, err)
	}

	if *asJSON {
		if err := writeImportJSON(stdout, rep); err != nil {
			return err
		}
		writeImportTotals(stderr, rep, *dryRun)
		return nil
	}
	writeImportReport(stdout, rep)
	writeImportTotals(stdout, rep, *dryRun)
	return nil
}

// chooseImportUnit sets the unit of new rooms from the -unit flag: an
// active unit with that name, ignoring case and accents, or the name of
// a unit to create when the clinic has no active unit.
func chooseImportUnit(ctx context.Context, db *sqlite.DB, name string, ch *sqlite.ImportChoices) error {
	if strings.TrimSpace(name) == "" {
		return nil
	}
	units, err := db.UnitChoices(ctx)
	if err != nil {
		return err
	}
	var names []string
	for _, u := range units {
		if clinic.Fold(u.Name) == clinic.Fold(name) {
			ch.UnitID = u.ID
			return nil
		}
		names = append(names, u.Name)
	}
	if len(units) == 0 {
		ch.NewUnit = name
		return nil
	}
	return fmt.Errorf("no active unit is called %q; the units are: %s",
		name, strings.Join(names, ", "))
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// importJSONRow is one line of `import -json`. Rows are numbered as the
// spreadsheet program shows them, so the header is row 1. For a rejected
// row, reason is the English code and message the Portuguese text.
type importJSONRow struct {
	Kind     string `json:"kind"` // "patient" or "slot"
	Sheet    string `json:"sheet"`
	Row      int    `json:"row"`
	Accepted bool   `json:"accepted"`
	Reason   string `json:"reason,omitempty"`
	Message  string `json:"message,omitempty"`
	Column   string `json:"column,omitempty"`
	Warning  string `json:"warning,omitempty"`

	DuplicateOf       int    `json:"duplicate_of,omitempty"`
	ExistingPatientID int64  `json:"existing_patient_id,omitempty"`
	ExistingPatient   string `json:"existing_patient,omitempty"`
	ExistingDeleted   bool   `json:"existing_deleted,omitempty"`

	// Normalized values of an accepted patient row.
	Name         string `json:"name,omitempty"`
	BirthDate    string `json:"birth_date,omitempty"`
	PhoneDigits  string `json:"phone_digits,omitempty"`
	CPFDigits    string `json:"cpf_digits,omitempty"`
	Guardian     string `json:"guardian,omitempty"`
	PriceCents   *int64 `json:"price_cents,omitempty"`
	Frequency    string `json:"frequency,omitempty"`
	Psychologist string `json:"psychologist,omitempty"`
	PatientID    int64  `json:"patient_id,omitempty"`

	// An agenda row.
	Conflict     string `json:"conflict,omitempty"`
	ConflictRow  int    `json:"conflict_row,omitempty"`
	ConflictDate string `json:"conflict_date,omitempty"`
	Patient      string `json:"patient,omitempty"`
	Weekday      string `json:"weekday,omitempty"`
	Start        string `json:"start,omitempty"`
	Room         string `json:"room,omitempty"`
	Online       bool   `json:"online,omitempty"`
	FirstDate    string `json:"first_date,omitempty"`
	SeriesID     int64  `json:"series_id,omitempty"`
}

func writeImportJSON(w io.Writer, rep *sqlite.ImportReport) error {
	enc := json.NewEncoder(w)
	for _, p := range rep.Patients {
		row := importJSONRow{Kind: "patient", Sheet: p.Sheet, Row: p.Row,
			Accepted: p.Accepted, Reason: p.Code, Message: p.Message,
			Column: p.Column, Warning: p.Warning, DuplicateOf: p.DuplicateOf,
			ExistingPatientID: p.Existing.ID, ExistingPatient: p.Existing.Name,
			ExistingDeleted: p.Existing.Deleted(), PatientID: p.ID}
		if p.Accepted {
			price := p.PriceCents
			row.Name, row.BirthDate, row.PhoneDigits = p.Name, p.BirthDate, p.Phone
			row.CPFDigits, row.Guardian, row.PriceCents = p.CPF, p.Guardian, &price
			row.Frequency, row.Psychologist = p.Frequency, p.Psychologist
		}
		if err := enc.Encode(row); err != nil {
			return fmt.Errorf("write JSON: %w", err)
		}
	}
	for _, s := range rep.Slots {
		row := importJSONRow{Kind: "slot", Sheet: s.Sheet, Row: s.Row,
			Accepted: s.Accepted, Reason: s.Code, Message: s.Message,
			Column: s.Column, Conflict: s.Conflict, ConflictRow: s.ConflictRow,
			ConflictDate: s.ConflictDate, Patient: s.Patient,
			Psychologist: s.Psychologist, Room: s.Room, Online: s.Online,
			PatientID: s.PatientID, SeriesID: s.SeriesID}
		if s.Accepted {
			row.Weekday, row.Start = s.Weekday.String(), s.Start
			row.Frequency, row.FirstDate = s.Frequency, s.Anchor
		}
		if err := enc.Encode(row); err != nil {
			return fmt.Errorf("write JSON: %w", err)
		}
	}
	return nil
}

// writeImportReport prints what was matched or created and every row
// that was not imported, with its reason.
func writeImportReport(w io.Writer, rep *sqlite.ImportReport) {
	fmt.Fprintf(w, "%s: %d patient rows and %d agenda rows, import date %s\n",
		rep.FileName, len(rep.Patients), len(rep.Slots), clinic.FormatDateBR(rep.Today))
	for _, sheet := range rep.Ignored {
		fmt.Fprintf(w, "Sheet %q ignored: no header row with known column names\n", sheet)
	}
	if len(rep.Psychologists) > 0 {
		fmt.Fprintln(w, "\nPsychologists:")
	}
	for _, p := range rep.Psychologists {
		switch {
		case p.Ambiguous:
			fmt.Fprintf(w, "  %s: several registered psychologists match\n", p.Name)
		case p.MatchID != 0 && !p.MatchActive:
			fmt.Fprintf(w, "  %s: registered as %s (id %d), inactive\n", p.Name, p.MatchName, p.MatchID)
		case p.MatchID != 0:
			fmt.Fprintf(w, "  %s: registered as %s (id %d)\n", p.Name, p.MatchName, p.MatchID)
		case p.Rows > 0:
			fmt.Fprintf(w, "  %s: new, created as %s\n", p.Name, p.NewName)
		}
	}
	if len(rep.Rooms) > 0 {
		unit := rep.NewUnit + " (new)"
		for _, u := range rep.Units {
			if u.ID == rep.UnitID {
				unit = u.Name
			}
		}
		fmt.Fprintf(w, "\nRooms (new rooms go to the unit %s):\n", unit)
	}
	for _, r := range rep.Rooms {
		switch {
		case r.MatchID != 0 && !r.MatchActive:
			fmt.Fprintf(w, "  %s: registered in %s, inactive\n", r.Name, r.MatchUnit)
		case r.MatchID != 0:
			fmt.Fprintf(w, "  %s: registered in %s\n", r.Name, r.MatchUnit)
		case r.Rows > 0:
			fmt.Fprintf(w, "  %s: new\n", r.Name)
		}
	}
	writeImportRejected(w, rep)
}

func writeImportRejected(w io.Writer, rep *sqlite.ImportReport) {
	if rep.Counts.Rejected() > 0 {
		fmt.Fprintln(w, "\nRows not imported:")
	}
	for _, p := range rep.Patients {
		if !p.Accepted {
			fmt.Fprintf(w, "  %s row %d: %s\n      %s\n", p.Sheet, p.Row, p.Code, p.Message)
		}
	}
	for _, s := range rep.Slots {
		if !s.Accepted {
			fmt.Fprintf(w, "  %s row %d: %s\n      %s\n", s.Sheet, s.Row, s.Code, s.Message)
		}
	}
	var warned bool
	for _, p := range rep.Patients {
		if p.Warning == "" {
			continue
		}
		if !warned {
			fmt.Fprintln(w, "\nImported with a warning:")
			warned = true
		}
		fmt.Fprintf(w, "  %s row %d: %s\n", p.Sheet, p.Row, p.Warning)
	}
}

// writeImportTotals prints the closing line: how many rows were imported
// and skipped.
func writeImportTotals(w io.Writer, rep *sqlite.ImportReport, dryRun bool) {
	c := rep.Counts
	created := fmt.Sprintf("%d psychologists and %d rooms", c.PsychologistsCreated, c.RoomsCreated)
	if dryRun {
		fmt.Fprintf(w, "\nDry run, nothing was written: %d patients and %d series "+
			"would be imported and %d rows skipped; %s would be created.\n",
			c.Patients, c.Slots, c.Rejected(), created)
		return
	}
	if rep.ID == 0 {
		fmt.Fprintf(w, "\nNothing was imported: all %d rows were skipped, and nothing was written.\n",
			c.Rejected())
		return
	}
	fmt.Fprintf(w, "\nImported %d patients and %d series (%d sessions); skipped %d rows; "+
		"created %s. Import %d in the audit log.\n",
		c.Patients, c.Slots, c.Sessions, c.Rejected(), created, rep.ID)
}
