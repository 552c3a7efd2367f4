package sqlite

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"kpsicologia/app/clinic"
	"kpsicologia/app/importer"
)

// importState is the database content that the import checks need, read
// in a fixed number of queries whatever the size of the file or clinic.
type importState struct {
	byCPF       map[string]*importKnownPatient
	byNameBirth map[string][]*importKnownPatient
	// byName and byFolded hold the patients in the register (not
	// deleted), for agenda rows of a file without a patient sheet.
	byName   map[string][]*importKnownPatient
	byFolded map[string][]*importKnownPatient

	psychologists map[string][]importKnownPsychologist // by PsychologistKey
	units         []clinic.Choice                      // active, by name
	rooms         []importKnownRoom
}

type importKnownPatient struct {
	id         int64
	name       string // the name shown: the social name when set
	deletedOn  string // YYYY-MM-DD, "" when not deleted
	priceCents int64
}

type importKnownPsychologist struct {
	id     int64
	name   string
	active bool
}

type importKnownRoom struct {
	id       int64
	unitID   int64
	unitName string
	name     string
	// active is false when the room or its unit is deactivated.
	active bool
}

// importNameKey is the form in which a file's name and a registered name
// count as the same person's: trimmed, spaces collapsed and case ignored,
// as the importer compares rows. Accents count, so "Luis" and "Luís" stay
// two people.
func importNameKey(name string) string {
	return strings.ToLower(clinic.NormalizeName(name))
}

func loadImportState(ctx context.Context, q querier) (*importState, error) {
	st := &importState{
		byCPF:         map[string]*importKnownPatient{},
		byNameBirth:   map[string][]*importKnownPatient{},
		byName:        map[string][]*importKnownPatient{},
		byFolded:      map[string][]*importKnownPatient{},
		psychologists: map[string][]importKnownPsychologist{},
	}
	if err := st.loadPatients(ctx, q); err != nil {
		return nil, err
	}
	if err := st.loadPsychologists(ctx, q); err != nil {
		return nil, err
	}
	if err := st.loadRooms(ctx, q); err != nil {
		return nil, err
	}
	return st, nil
}

func (st *importState) loadPatients(ctx context.Context, q querier) error {
	loc, err := clinicLocation(ctx, q)
	if err != nil {
		return err
	}
	rows, err := q.QueryContext(ctx, `SELECT id, name, social_name,
		birth_date, cpf, coalesce(deleted_at, ''), price_cents
		FROM patients ORDER BY id`)
	if err != nil {
		return fmt.Errorf("sqlite: list patients for import: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var p importKnownPatient
		var name, social, birth, cpf, deletedAt string
		err := rows.Scan(&p.id, &name, &social, &birth, &cpf, &deletedAt,
			&p.priceCents)
		if err != nil {
			return fmt.Errorf("sqlite: scan patient for import: %w", err)
		}
		p.name = Patient{Name: name, SocialName: social}.DisplayName()
		if deletedAt != "" {
			p.deletedOn = deletedAt
			if t, err := time.Parse(time.RFC3339, deletedAt); err == nil {
				p.deletedOn = t.In(loc).Format(time.DateOnly)
			}
		}
		if cpf != "" {
			st.byCPF[cpf] = &p
		}
		key := importNameKey(name)
		if birth != "" {
			st.byNameBirth[key+"|"+birth] = append(st.byNameBirth[key+"|"+birth], &p)
		}
		if deletedAt == "" {
			st.byName[key] = append(st.byName[key], &p)
			st.byFolded[clinic.Fold(name)] = append(st.byFolded[clinic.Fold(name)], &p)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("sqlite: list patients for import: %w", err)
	}
	return nil
}

func (st *importState) loadPsychologists(ctx context.Context, q querier) error {
	rows, err := q.QueryContext(ctx, `SELECT id, name, active
		FROM psychologists ORDER BY id`)
	if err != nil {
		return fmt.Errorf("sqlite: list psychologists for import: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var p importKnownPsychologist
		if err := rows.Scan(&p.id, &p.name, &p.active); err != nil {
			return fmt.Errorf("sqlite: scan psychologist for import: %w", err)
		}
		key := importer.PsychologistKey(p.name)
		st.psychologists[key] = append(st.psychologists[key], p)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("sqlite: list psychologists for import: %w", err)
	}
	return nil
}

func (st *importState) loadRooms(ctx context.Context, q querier) error {
	rows, err := q.QueryContext(ctx, `SELECT r.id, r.unit_id, u.name,
		r.name, r.active AND u.active
		FROM rooms r JOIN units u ON u.id = r.unit_id ORDER BY r.id`)
	if err != nil {
		return fmt.Errorf("sqlite: list rooms for import: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var r importKnownRoom
		err := rows.Scan(&r.id, &r.unitID, &r.unitName, &r.name, &r.active)
		if err != nil {
			return fmt.Errorf("sqlite: scan room for import: %w", err)
		}
		st.rooms = append(st.rooms, r)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("sqlite: list rooms for import: %w", err)
	}

	units, err := q.QueryContext(ctx, `SELECT id, name FROM units
		WHERE active = 1 ORDER BY id`)
	if err != nil {
		return fmt.Errorf("sqlite: list units for import: %w", err)
	}
	defer units.Close()
	for units.Next() {
		var c clinic.Choice
		if err := units.Scan(&c.ID, &c.Name); err != nil {
			return fmt.Errorf("sqlite: scan unit for import: %w", err)
		}
		st.units = append(st.units, c)
	}
	if err := units.Err(); err != nil {
		return fmt.Errorf("sqlite: list units for import: %w", err)
	}
	sortByFolded(st.units, func(c clinic.Choice) string { return c.Name })
	return nil
}

// planImport checks every row of wb against the database through q and
// decides what an import would write. It writes nothing.
func planImport(ctx context.Context, q querier, wb *importer.Workbook,
	req ImportRequest, today string) (*ImportReport, error) {
	day, err := clinic.ParseDate(today)
	if err != nil {
		return nil, fmt.Errorf("sqlite: import date: %w", err)
	}
	st, err := loadImportState(ctx, q)
	if err != nil {
		return nil, err
	}
	rep := &ImportReport{FileName: req.FileName, Today: today, Ignored: wb.Ignored}
	planPatients(rep, st, wb)
	planPsychologists(rep, st, wb, req.Choices)
	warnPatients(rep)
	planRooms(rep, st, wb, req.Choices)
	if len(wb.Slots) > 0 {
		busy, err := loadImportBusy(ctx, q, day)
		if err != nil {
			return nil, err
		}
		planSlots(rep, st, busy, wb, day)
	}
	rep.count()
	return rep, nil
}

// planPatients copies the patient rows and rejects the accepted ones
// that repeat a registered patient: same CPF first, because a CPF is one
// person's, then same name and birth date.
func planPatients(rep *ImportReport, st *importState, wb *importer.Workbook) {
	rep.Patients = make([]ImportPatient, len(wb.Patients))
	for i, row := range wb.Patients {
		p := ImportPatient{PatientRow: row}
		if row.Accepted {
			p.Name = importPersonName(row.Name)
			p.SocialName = importPersonName(row.SocialName)
			p.Guardian = importPersonName(row.Guardian)
			if row.Psychologist != "" {
				p.PsychologistKey = importer.PsychologistKey(row.Psychologist)
			}
			checkKnownPatient(&p, st, wb)
		}
		rep.Patients[i] = p
	}
}

func checkKnownPatient(p *ImportPatient, st *importState, wb *importer.Workbook) {
	if known := st.byCPF[p.CPF]; p.CPF != "" && known != nil {
		column := wb.Header(p.Sheet, importer.ColumnCPF, "CPF")
		if known.deletedOn != "" {
			p.rejectKnown(known, ImportCodeDeletedCPF, column, fmt.Sprintf(
				"Este CPF é de %s, paciente excluído em %s. Restaure esse "+
					"cadastro em vez de importar outro.", known.name,
				clinic.FormatDateBR(known.deletedOn)))
			return
		}
		p.rejectKnown(known, ImportCodeExistingCPF, column, fmt.Sprintf(
			"Este CPF já é de %s, que está no cadastro. A linha não é "+
				"importada de novo; se for outra pessoa, confira o CPF.",
			known.name))
		return
	}
	if p.BirthDate == "" {
		return
	}
	matches := st.byNameBirth[importNameKey(p.Name)+"|"+p.BirthDate]
	if len(matches) == 0 {
		return
	}
	// Prefer a patient in the register over a deleted one.
	known := matches[0]
	for _, m := range matches {
		if m.deletedOn == "" {
			known = m
			break
		}
	}
	column := wb.Header(p.Sheet, importer.ColumnName, "Nome")
	born := clinic.FormatDateBR(p.BirthDate)
	if known.deletedOn != "" {
		p.rejectKnown(known, ImportCodeDeletedPatient, column, fmt.Sprintf(
			"%s, nascido(a) em %s, é um paciente excluído em %s. Restaure "+
				"esse cadastro em vez de importar outro.", known.name, born,
			clinic.FormatDateBR(known.deletedOn)))
		return
	}
	p.rejectKnown(known, ImportCodeExistingPatient, column, fmt.Sprintf(
		"%s, nascido(a) em %s, já está no cadastro. A linha não é "+
			"importada de novo; se for outra pessoa, corrija o nome ou a data.",
		known.name, born))
}

func (p *ImportPatient) rejectKnown(known *importKnownPatient, code, column, message string) {
	p.Accepted = false
	p.Code = code
	p.Column = column
	p.Message = fmt.Sprintf("Coluna %q: %s", column, message)
	p.Existing = ImportExisting{ID: known.id, Name: known.name, DeletedOn: known.deletedOn}
	p.existingPrice = known.priceCents
}

// nameParticles stay in lower case inside a name: "Maria da Silva".
var nameParticles = map[string]bool{
	"da": true, "das": true, "de": true, "do": true, "dos": true, "e": true,
}

// importPersonName returns the name to store. Names typed all in capitals
// or all in small letters ("FÁBIO PEREIRA BRANDÃO", "ícaro lima") are
// capitalized word by word, so receipts and lists read alike. The words
// da, de, do, dos, das and e stay small, and the letter after an
// apostrophe is capitalized ("D'Ávila"). A name in mixed case is kept as
// typed, because its writer chose the case ("McDonald", "da Silva").
func importPersonName(name string) string {
	name = clinic.NormalizeName(name)
	if name == "" || name != strings.ToUpper(name) && name != strings.ToLower(name) {
		return name
	}
	words := strings.Split(strings.ToLower(name), " ")
	for i, w := range words {
		if i > 0 && nameParticles[w] {
			continue
		}
		parts := strings.Split(w, "'")
		for j, part := range parts {
			parts[j] = capitalize(part)
		}
		words[i] = strings.Join(parts, "'")
	}
	return strings.Join(words, " ")
}

func capitalize(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if size == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[size:]
}

// planPsychologists lists the psychologists that accepted rows name, in
// the order the file first names them, matched to registered ones by
// importer.PsychologistKey. An unregistered one is created when the
// choices ask for it.
func planPsychologists(rep *ImportReport, st *importState, wb *importer.Workbook, ch ImportChoices) {
	index := map[string]int{}
	add := func(name string) {
		key := importer.PsychologistKey(name)
		if key == "" {
			return
		}
		if _, ok := index[key]; ok {
			return
		}
		index[key] = len(rep.Psychologists)
		p := ImportPsychologist{Key: key, Name: name,
			NewName: importPersonName(importer.PsychologistName(name))}
		matchPsychologist(&p, st.psychologists[key])
		if p.MatchID == 0 && !p.Ambiguous {
			p.Create = !ch.Reviewed || slices.Contains(ch.Psychologists, key)
		}
		rep.Psychologists = append(rep.Psychologists, p)
	}
	for _, p := range rep.Patients {
		if p.Accepted && p.Psychologist != "" {
			add(p.Psychologist)
		}
	}
	for _, s := range wb.Slots {
		if placeableSlot(s) {
			add(s.Psychologist)
		}
	}
}

// matchPsychologist links p to the registered psychologist with its key:
// the only active one, or the only one at all when she is inactive.
func matchPsychologist(p *ImportPsychologist, known []importKnownPsychologist) {
	var active []importKnownPsychologist
	for _, k := range known {
		if k.active {
			active = append(active, k)
		}
	}
	var match importKnownPsychologist
	switch {
	case len(active) == 1:
		match = active[0]
	case len(active) > 1 || len(known) > 1:
		p.Ambiguous = true
		return
	case len(known) == 1:
		match = known[0]
	default:
		return
	}
	p.MatchID, p.MatchName, p.MatchActive = match.id, match.name, match.active
}

// planRooms chooses the unit for new rooms and lists the rooms that
// accepted agenda rows name. Each is matched to a registered room by
// folded name, in the chosen unit first, and otherwise in the one other
// unit that has a room of that name.
func planRooms(rep *ImportReport, st *importState, wb *importer.Workbook, ch ImportChoices) {
	rep.Units = st.units
	for _, u := range st.units {
		if u.ID == ch.UnitID {
			rep.UnitID = u.ID
		}
	}
	if rep.UnitID == 0 && len(st.units) > 0 {
		rep.UnitID = st.units[0].ID
	}
	if rep.UnitID == 0 {
		rep.NewUnit = clinic.NormalizeName(ch.NewUnit)
		if rep.NewUnit == "" {
			rep.NewUnit = DefaultImportUnit
		}
	}

	index := map[string]bool{}
	for _, s := range wb.Slots {
		if !placeableSlot(s) || s.Room == "" {
			continue
		}
		key := clinic.Fold(s.Room)
		if index[key] {
			continue
		}
		index[key] = true
		r := ImportRoom{Key: key, Name: s.Room}
		matchRoom(&r, st.rooms, rep.UnitID)
		if r.MatchID == 0 {
			r.Create = !ch.Reviewed || slices.Contains(ch.Rooms, key)
		}
		rep.Rooms = append(rep.Rooms, r)
	}
}

func matchRoom(r *ImportRoom, rooms []importKnownRoom, unitID int64) {
	var inUnit, elsewhere []importKnownRoom
	for _, k := range rooms {
		if clinic.Fold(k.name) != r.Key {
			continue
		}
		if k.unitID == unitID {
			inUnit = append(inUnit, k)
		} else if k.active {
			elsewhere = append(elsewhere, k)
		}
	}
	var match importKnownRoom
	switch {
	case len(inUnit) > 0:
		match = inUnit[0]
	case len(elsewhere) == 1:
		match = elsewhere[0]
	default:
		return
	}
	r.MatchID, r.MatchName, r.MatchUnit, r.MatchActive =
		match.id, match.name, match.unitName, match.active
}

// count fills rep.Counts and each psychologist's and room's Rows from
// the final verdicts.
func (rep *ImportReport) count() {
	c := ImportCounts{}
	psychologists := map[string]int{}
	for i, p := range rep.Psychologists {
		psychologists[p.Key] = i
		rep.Psychologists[i].Rows = 0
	}
	rooms := map[string]int{}
	for i, r := range rep.Rooms {
		rooms[r.Key] = i
		rep.Rooms[i].Rows = 0
	}

	for _, p := range rep.Patients {
		if !p.Accepted {
			c.PatientsRejected++
			if p.Existing.ID != 0 {
				c.Existing++
			}
			continue
		}
		c.Patients++
		if i, ok := psychologists[p.PsychologistKey]; ok {
			rep.Psychologists[i].Rows++
		}
	}
	for _, s := range rep.Slots {
		if !s.Accepted {
			c.SlotsRejected++
			continue
		}
		c.Slots++
		if i, ok := psychologists[s.PsychologistKey]; ok {
			rep.Psychologists[i].Rows++
		}
		if i, ok := rooms[s.RoomKey]; ok && s.RoomKey != "" {
			rep.Rooms[i].Rows++
		}
	}

	for _, p := range rep.Psychologists {
		if p.Create && p.Rows > 0 {
			c.PsychologistsCreated++
		}
	}
	for _, r := range rep.Rooms {
		if r.Create && r.Rows > 0 {
			c.RoomsCreated++
		}
	}
	c.UnitCreated = c.RoomsCreated > 0 && rep.UnitID == 0
	c.Sessions = rep.Counts.Sessions
	rep.Counts = c
}
