package sqlite

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"

	"kpsicologia/app/clinic"
	"kpsicologia/app/importer"
)

// Spreadsheet import. The importer package validates each row on its
// own and within the file. This store then checks the rows against the
// database: patients already registered, psychologists and rooms by name,
// and bookings already in the agenda. It writes the accepted rows in one
// transaction with one audit entry.

// Codes of rows rejected by the database checks. Rows rejected by the
// file checks keep the importer's and the clinic package's codes.
const (
	ImportCodeExistingPatient = "duplicate of an existing patient (same name and birth date)"
	ImportCodeExistingCPF     = "duplicate of an existing patient (same CPF)"
	ImportCodeDeletedPatient  = "duplicate of a deleted patient (same name and birth date)"
	ImportCodeDeletedCPF      = "duplicate of a deleted patient (same CPF)"

	ImportCodeUnknownPsychologist   = "psychologist not registered"
	ImportCodeInactivePsychologist  = "inactive psychologist"
	ImportCodeAmbiguousPsychologist = "ambiguous psychologist"
	ImportCodeUnknownRoom           = "room not registered"
	ImportCodeMissingRoom           = "missing room"
	ImportCodeInactiveRoom          = "inactive room"
)

// ImportSessionMinutes is the length of the sessions of imported series.
const ImportSessionMinutes = importer.DefaultSessionMinutes

// DefaultImportUnit is the name of the unit created for the new rooms of
// an import when the clinic has no unit yet and the user typed none.
const DefaultImportUnit = "Unidade principal"

// ImportRequest is a spreadsheet to import and the choices made on its
// preview.
type ImportRequest struct {
	FileName string
	Data     []byte
	// Token is the random id of this upload. Import stores it, and a
	// second Import with the same token imports nothing.
	Token string
	// Today is the import date, YYYY-MM-DD: ages are counted on it and
	// each series starts on the first matching weekday on or after it.
	// Blank means the clinic's current date.
	Today   string
	Choices ImportChoices
}

// ImportChoices are the user's decisions on the preview.
type ImportChoices struct {
	// Reviewed is false until the user has seen a preview. Every
	// psychologist and room the database lacks is then created.
	Reviewed bool
	// Psychologists are the keys (importer.PsychologistKey) of the
	// unregistered psychologists to create; Rooms the keys (clinic.Fold)
	// of the unregistered rooms to create.
	Psychologists []string
	Rooms         []string
	// UnitID is the unit in which rooms are looked up first and new rooms
	// are created; 0 means the first active unit by name.
	UnitID int64
	// NewUnit names the unit to create for new rooms when the clinic has
	// no active unit; blank means DefaultImportUnit.
	NewUnit string
}

// ImportReport is every row of a spreadsheet with its verdict after the
// database checks, and what the import creates. PreviewImport returns it
// without writing; Import returns it after writing, with the new ids.
type ImportReport struct {
	FileName string
	Today    string
	// Ignored lists the sheets without a recognizable header row.
	Ignored       []string
	Patients      []ImportPatient
	Slots         []ImportAgendaRow
	Psychologists []ImportPsychologist
	Rooms         []ImportRoom

	// Units are the active units a new room may go to, UnitID the chosen
	// one (0 when the clinic has none), and NewUnit the name of the unit
	// to create in that case.
	Units   []clinic.Choice
	UnitID  int64
	NewUnit string

	Counts ImportCounts
	// SessionsUntil is the last date (YYYY-MM-DD) up to which the new
	// series got their sessions, after Import.
	SessionsUntil string
	// ID is the imports row of a confirmed import, and 0 for a preview.
	ID int64
}

// ImportCounts sums up an import. For a preview the created counts are
// what confirming would create.
type ImportCounts struct {
	Patients         int `json:"patients"`
	PatientsRejected int `json:"patients_rejected"`
	Slots            int `json:"slots"`
	SlotsRejected    int `json:"slots_rejected"`
	// Existing counts the patient rows already in the database, a subset
	// of PatientsRejected.
	Existing             int  `json:"existing"`
	PsychologistsCreated int  `json:"psychologists_created"`
	RoomsCreated         int  `json:"rooms_created"`
	UnitCreated          bool `json:"unit_created"`
	// Sessions is how many dated sessions the new series got.
	Sessions int `json:"sessions"`
}

// Rows returns the number of rows read, patients and agenda together.
func (c ImportCounts) Rows() int {
	return c.Patients + c.PatientsRejected + c.Slots + c.SlotsRejected
}

// Rejected returns the number of rows skipped, patients and agenda
// together.
func (c ImportCounts) Rejected() int { return c.PatientsRejected + c.SlotsRejected }

// ImportPatient is a patient row of the file. The embedded row's
// Accepted, Code, Message and Column include the database checks, and
// its names are the ones stored (see importPersonName).
type ImportPatient struct {
	importer.PatientRow
	// Existing is the registered patient this row repeats, when Code is
	// one of the ImportCodeExisting* or ImportCodeDeleted* codes.
	Existing ImportExisting
	// PsychologistKey is the row's main psychologist as a key of
	// ImportReport.Psychologists, or "".
	PsychologistKey string
	// Warning describes what is imported differently from the file, such
	// as a main psychologist that is left blank.
	Warning string
	// ID is the new patient's id after Import.
	ID int64
	// existingPrice is the session price of the Existing patient.
	existingPrice int64
}

// ImportExisting is a registered patient that a row repeats.
type ImportExisting struct {
	ID   int64
	Name string
	// DeletedOn is the date (YYYY-MM-DD) a deleted patient was deleted,
	// and "" for a patient in the register: a deleted one is offered for
	// restore instead of a second record.
	DeletedOn string
}

// Deleted reports whether the existing patient was logically deleted.
func (e ImportExisting) Deleted() bool { return e.DeletedOn != "" }

// ImportAgendaRow is an agenda row of the file, which becomes a series.
type ImportAgendaRow struct {
	importer.SlotRow
	// PatientID is the registered patient the row books, or the new
	// patient's id after Import; PatientName is the name shown.
	PatientID   int64
	PatientName string
	// patientIndex is the index in ImportReport.Patients of a new
	// patient, or -1; priceCents is the patient's session price, which
	// the new sessions get.
	patientIndex int
	priceCents   int64

	PsychologistKey string
	RoomKey         string
	// Anchor is the series' first date, YYYY-MM-DD.
	Anchor string
	// ConflictDate is the first date (YYYY-MM-DD) on which a rejected row
	// would clash with a booking already in the database; ConflictRow is
	// then 0.
	ConflictDate string
	// SeriesID is the new series' id after Import, and Sessions the
	// number of its sessions written as rows.
	SeriesID int64
	Sessions int
	// Warning reports sessions of the new series that could not be
	// booked after all.
	Warning string
}

// Modality returns the series' modality, "online" or "in_person".
func (s ImportAgendaRow) Modality() string {
	if s.Online {
		return "online"
	}
	return "in_person"
}

// ImportPsychologist is a psychologist named in the file, matched to a
// registered one or offered for creation.
type ImportPsychologist struct {
	Key string
	// Name is the name as the file first writes it; NewName the name a
	// created psychologist gets, without titles such as "Dra.".
	Name    string
	NewName string
	// Rows is how many accepted rows name her.
	Rows int
	// MatchID and MatchName are the registered psychologist, 0 and ""
	// when none matches.
	MatchID     int64
	MatchName   string
	MatchActive bool
	// Ambiguous is set when several registered psychologists match.
	Ambiguous bool
	// Create is set when she is unregistered and chosen for creation.
	Create    bool
	CreatedID int64
}

// ID returns the id rows use: the registered or the created one, or 0.
func (p ImportPsychologist) ID() int64 {
	if p.MatchID != 0 {
		return p.MatchID
	}
	return p.CreatedID
}

// ImportRoom is a room named in the agenda, matched to a registered room
// or offered for creation in the chosen unit.
type ImportRoom struct {
	Key  string
	Name string
	Rows int
	// MatchID, MatchName and MatchUnit are the registered room.
	MatchID     int64
	MatchName   string
	MatchUnit   string
	MatchActive bool
	Create      bool
	CreatedID   int64
}

// ID returns the id rows use: the registered or the created one, or 0.
func (r ImportRoom) ID() int64 {
	if r.MatchID != 0 {
		return r.MatchID
	}
	return r.CreatedID
}

// ImportDoneError is returned by Import for a token that was already
// imported. It unwraps to an ErrConflict *clinic.Error.
type ImportDoneError struct {
	// ID is the earlier import's id.
	ID int64
}

func (e *ImportDoneError) Error() string { return e.Unwrap().Error() }

// Unwrap returns the *clinic.Error with the Portuguese message.
func (e *ImportDoneError) Unwrap() error {
	return clinic.Errorf(clinic.ErrConflict, "Esta planilha já foi "+
		"importada. Nada foi gravado de novo.")
}

// PreviewImport reads the spreadsheet and checks every row against the
// database, writing nothing. A file that cannot be read fails with an
// ErrInvalid *clinic.Error whose message explains what to do.
func (db *DB) PreviewImport(ctx context.Context, req ImportRequest) (*ImportReport, error) {
	wb, today, err := db.readImportFile(ctx, req)
	if err != nil {
		return nil, err
	}
	var rep *ImportReport
	err = db.ReadTx(ctx, func(tx *sql.Tx) error {
		rep, err = planImport(ctx, tx, wb, req, today)
		return err
	})
	return rep, err
}

// Import checks the spreadsheet against the database and writes the
// accepted rows, the chosen psychologists and rooms, an imports row and
// one audit entry, all in one write transaction: either everything is
// imported or nothing. When no row is accepted it writes nothing at all
// and the report's ID is 0. Only the reception and the admin may import.
// A token that was imported before fails with *ImportDoneError and
// writes nothing.
func (db *DB) Import(ctx context.Context, who clinic.Actor, req ImportRequest) (*ImportReport, error) {
	if err := requireStaff(who, "importar planilhas"); err != nil {
		return nil, err
	}
	if req.Token == "" {
		return nil, errors.New("sqlite: import without a token")
	}
	wb, today, err := db.readImportFile(ctx, req)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(req.Data)
	var rep *ImportReport
	err = db.WriteTx(ctx, func(tx *sql.Tx) error {
		var earlier int64
		err := tx.QueryRowContext(ctx, "SELECT id FROM imports WHERE token = ?",
			req.Token).Scan(&earlier)
		if err == nil {
			return &ImportDoneError{ID: earlier}
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("sqlite: check import token: %w", err)
		}
		rep, err = planImport(ctx, tx, wb, req, today)
		if err != nil {
			return err
		}
		if rep.Counts.Patients == 0 && rep.Counts.Slots == 0 {
			// Nothing to write, not even the audit entry: every row was
			// rejected, for example because the file was imported before.
			return nil
		}
		if err := db.writeImport(ctx, tx, who, rep); err != nil {
			return err
		}
		return db.recordImport(ctx, tx, who, rep, req.Token, hex.EncodeToString(sum[:]))
	})
	if err != nil {
		return nil, err
	}
	return rep, nil
}

// readImportFile parses the request's file as of the import date.
func (db *DB) readImportFile(ctx context.Context, req ImportRequest) (*importer.Workbook, string, error) {
	today := req.Today
	if today == "" {
		var err error
		if today, err = db.clinicToday(ctx, db.read); err != nil {
			return nil, "", err
		}
	}
	if _, err := clinic.ParseDate(today); err != nil {
		return nil, "", fmt.Errorf("sqlite: import date: %w", err)
	}
	opts := importer.Options{Today: today, SessionMinutes: ImportSessionMinutes}
	wb, err := opts.Read(req.FileName, bytes.NewReader(req.Data))
	var ve *clinic.ValueError
	if errors.As(err, &ve) {
		return nil, "", &clinic.Error{Code: clinic.ErrInvalid, Message: ve.Message,
			Fields: clinic.FieldErrors{"file": ve.Message}}
	}
	if err != nil {
		return nil, "", fmt.Errorf("sqlite: read spreadsheet %s: %w", req.FileName, err)
	}
	return wb, today, nil
}

// ImportSummary is the content of a confirmed import's result page,
// stored as JSON in imports.summary.
type ImportSummary struct {
	FileName             string         `json:"file_name"`
	Today                string         `json:"today"`
	Counts               ImportCounts   `json:"counts"`
	SessionsUntil        string         `json:"sessions_until,omitempty"`
	CreatedPsychologists []string       `json:"created_psychologists,omitempty"`
	CreatedRooms         []string       `json:"created_rooms,omitempty"`
	CreatedUnit          string         `json:"created_unit,omitempty"`
	Skipped              []ImportReject `json:"skipped,omitempty"`
}

// ImportReject is one row that was not imported.
type ImportReject struct {
	// Kind is "patient" or "slot".
	Kind    string `json:"kind"`
	Sheet   string `json:"sheet"`
	Row     int    `json:"row"`
	Code    string `json:"code"`
	Message string `json:"message"`
	Column  string `json:"column,omitempty"`
	// Conflict is the kind of a schedule conflict (importer.Conflict*).
	Conflict string `json:"conflict,omitempty"`
	// ExistingID is the registered patient a duplicate row repeats.
	ExistingID      int64 `json:"existing_id,omitempty"`
	ExistingDeleted bool  `json:"existing_deleted,omitempty"`
}

// Summary returns the counts, what was created and the skipped rows.
func (rep *ImportReport) Summary() ImportSummary {
	s := ImportSummary{FileName: rep.FileName, Today: rep.Today, Counts: rep.Counts,
		SessionsUntil: rep.SessionsUntil}
	for _, p := range rep.Psychologists {
		if p.CreatedID != 0 || p.Create && p.Rows > 0 {
			s.CreatedPsychologists = append(s.CreatedPsychologists, p.NewName)
		}
	}
	for _, r := range rep.Rooms {
		if r.CreatedID != 0 || r.Create && r.Rows > 0 {
			s.CreatedRooms = append(s.CreatedRooms, r.Name)
		}
	}
	if rep.Counts.UnitCreated {
		s.CreatedUnit = rep.NewUnit
	}
	for _, p := range rep.Patients {
		if !p.Accepted {
			s.Skipped = append(s.Skipped, ImportReject{Kind: "patient",
				Sheet: p.Sheet, Row: p.Row, Code: p.Code, Message: p.Message,
				Column: p.Column, ExistingID: p.Existing.ID,
				ExistingDeleted: p.Existing.Deleted()})
		}
	}
	for _, sl := range rep.Slots {
		if !sl.Accepted {
			s.Skipped = append(s.Skipped, ImportReject{Kind: "slot",
				Sheet: sl.Sheet, Row: sl.Row, Code: sl.Code,
				Message: sl.Message, Column: sl.Column, Conflict: sl.Conflict})
		}
	}
	return s
}

// recordImport stores the imports row and the import's one audit entry.
func (db *DB) recordImport(ctx context.Context, tx *sql.Tx, who clinic.Actor,
	rep *ImportReport, token, sum string) error {
	summary, err := json.Marshal(rep.Summary())
	if err != nil {
		return fmt.Errorf("sqlite: encode import summary: %w", err)
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO imports (token, file_name,
		file_sha256, summary, created_at, created_by)
		VALUES (?, ?, ?, ?, ?, ?)`, token, rep.FileName, sum, string(summary),
		db.nowText(), nullID(who.UserID))
	if isUniqueViolation(err) {
		return &ImportDoneError{}
	}
	if err != nil {
		return fmt.Errorf("sqlite: insert import: %w", err)
	}
	if rep.ID, err = res.LastInsertId(); err != nil {
		return fmt.Errorf("sqlite: insert import: %w", err)
	}
	c := rep.Counts
	detail := fmt.Sprintf("%s: %d pacientes e %d horários importados, "+
		"%d linhas recusadas, %d psicólogas e %d salas criadas, %d sessões",
		rep.FileName, c.Patients, c.Slots, c.Rejected(),
		c.PsychologistsCreated, c.RoomsCreated, c.Sessions)
	return db.audit(ctx, tx, who, "import", "import", rep.ID, detail)
}

// ImportRecord is a confirmed import as its result page shows it.
type ImportRecord struct {
	ID        int64
	FileName  string
	CreatedAt string
	CreatedBy string // the user's display name, or "" for the terminal
	Summary   ImportSummary
}

var errImportNotFound = clinic.Errorf(clinic.ErrNotFound, "Importação não encontrada.")

// ImportRecord returns a confirmed import by id.
func (db *DB) ImportRecord(ctx context.Context, id int64) (ImportRecord, error) {
	var r ImportRecord
	var summary string
	err := db.read.QueryRowContext(ctx, `SELECT i.id, i.file_name,
		i.created_at, coalesce(u.display_name, ''), i.summary
		FROM imports i LEFT JOIN users u ON u.id = i.created_by
		WHERE i.id = ?`, id).Scan(&r.ID, &r.FileName, &r.CreatedAt,
		&r.CreatedBy, &summary)
	if errors.Is(err, sql.ErrNoRows) {
		return r, errImportNotFound
	}
	if err != nil {
		return r, fmt.Errorf("sqlite: read import %d: %w", id, err)
	}
	if err := json.Unmarshal([]byte(summary), &r.Summary); err != nil {
		return r, fmt.Errorf("sqlite: decode import %d summary: %w", id, err)
	}
	return r, nil
}

// ImportIDByToken returns the id of the import of an upload token, or 0
// when that upload was never imported.
func (db *DB) ImportIDByToken(ctx context.Context, token string) (int64, error) {
	var id int64
	err := db.read.QueryRowContext(ctx, "SELECT id FROM imports WHERE token = ?",
		token).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("sqlite: find import token: %w", err)
	}
	return id, nil
}

// RecentImports returns the newest confirmed imports first, at most limit
// of them, with their counts but without their skipped rows.
func (db *DB) RecentImports(ctx context.Context, limit int) ([]ImportRecord, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT i.id, i.file_name,
		i.created_at, coalesce(u.display_name, ''),
		coalesce(json_extract(i.summary, '$.counts'), '{}')
		FROM imports i LEFT JOIN users u ON u.id = i.created_by
		ORDER BY i.id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("sqlite: list imports: %w", err)
	}
	defer rows.Close()
	var out []ImportRecord
	for rows.Next() {
		var r ImportRecord
		var counts string
		err := rows.Scan(&r.ID, &r.FileName, &r.CreatedAt, &r.CreatedBy, &counts)
		if err != nil {
			return nil, fmt.Errorf("sqlite: scan import: %w", err)
		}
		if err := json.Unmarshal([]byte(counts), &r.Summary.Counts); err != nil {
			return nil, fmt.Errorf("sqlite: decode import %d counts: %w", r.ID, err)
		}
		r.Summary.FileName = r.FileName
		out = append(out, r)
	}
	return out, rows.Err()
}
