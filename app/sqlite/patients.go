package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"kpsicologia/app/clinic"
)

// Patient is a patient of the clinic. Deleting is logical: DeletedAt,
// DeletedReason and DeletedBy are set and every other field, and all the
// patient's sessions and money, stay as they were.
type Patient struct {
	ID         int64
	Name       string // civil name, as on documents and receipts
	SocialName string // nome social; shown instead of Name when set
	BirthDate  string // YYYY-MM-DD or ""
	Phone      string // 10 or 11 digits or ""
	Phone2     string
	Email      string
	CPF        string // 11 digits or ""

	GuardianName  string
	GuardianCPF   string
	GuardianPhone string

	PriceCents       int64
	Frequency        clinic.Frequency
	PsychologistID   int64 // 0 when no main psychologist is set
	PsychologistName string
	Notes            string
	ConsentMessages  bool

	CreatedAt string
	UpdatedAt string

	DeletedAt     string // RFC 3339, "" unless deleted
	DeletedReason string
	DeletedBy     int64
	DeletedByName string
}

// DisplayName returns the name to show and call the patient by: the
// social name when set, the civil name otherwise.
func (p Patient) DisplayName() string {
	if p.SocialName != "" {
		return p.SocialName
	}
	return p.Name
}

// Deleted reports whether the patient was logically deleted.
func (p Patient) Deleted() bool { return p.DeletedAt != "" }

// Age returns the patient's age in whole years on today (YYYY-MM-DD) and
// whether the birth date is known.
func (p Patient) Age(today string) (int, bool) {
	if p.BirthDate == "" {
		return 0, false
	}
	age, err := clinic.AgeOn(p.BirthDate, today)
	if err != nil {
		return 0, false
	}
	return age, true
}

// Minor reports whether the patient is under 18 on today.
func (p Patient) Minor(today string) bool {
	age, ok := p.Age(today)
	return ok && age < 18
}

// PatientInput is a patient as typed on the form or read from a
// spreadsheet row: every value is text, parsed by ParsePatient. The keys
// of the field messages that ParsePatient returns are the snake_case
// form names of these fields (name, social_name, birth_date, phone,
// phone2, email, cpf, guardian_name, guardian_cpf, guardian_phone, price,
// frequency, psychologist_id, notes).
type PatientInput struct {
	Name       string
	SocialName string
	BirthDate  string // dd/mm/aaaa (or YYYY-MM-DD)
	Phone      string
	Phone2     string
	Email      string
	CPF        string

	GuardianName  string
	GuardianCPF   string
	GuardianPhone string

	Price           string // "150", "150,00", "R$ 1.234,56"
	Frequency       string // weekly, biweekly, Semanal or Quinzenal
	PsychologistID  string // "" for none
	Notes           string
	ConsentMessages bool
}

// ParsePatient validates in and returns the patient to store, or an
// ErrInvalid *clinic.Error with one Portuguese message per field. today
// (YYYY-MM-DD) is the clinic's date: a patient under 18 on it needs a
// guardian with name, CPF and phone. It checks values only; the store
// also checks the CPF against other patients and that the psychologist
// exists.
func ParsePatient(in PatientInput, today string) (Patient, error) {
	fe := clinic.FieldErrors{}
	var p Patient
	var err error
	p.Name, err = clinic.ParseName(in.Name)
	if err != nil {
		fe.Add("name", "Digite o nome completo, como no documento, por "+
			"exemplo Maria da Silva.")
	}
	limitText(fe, "name", p.Name, 150)
	p.SocialName = clinic.NormalizeName(in.SocialName)
	limitText(fe, "social_name", p.SocialName, 150)

	p.BirthDate, err = clinic.ParseDateBR(in.BirthDate)
	addValueError(fe, "birth_date", err)
	if p.BirthDate != "" && today != "" && p.BirthDate > today {
		fe.Add("birth_date", "A data está no futuro. Digite a data de "+
			"nascimento no formato dd/mm/aaaa.")
	}

	p.Phone, err = clinic.ParsePhone(in.Phone)
	addValueError(fe, "phone", err)
	p.Phone2, err = clinic.ParsePhone(in.Phone2)
	addValueError(fe, "phone2", err)
	p.Email, err = clinic.ParseEmail(in.Email)
	addValueError(fe, "email", err)
	limitText(fe, "email", p.Email, 200)
	p.CPF, err = clinic.ParseCPF(in.CPF)
	addValueError(fe, "cpf", err)

	p.GuardianName = clinic.NormalizeName(in.GuardianName)
	limitText(fe, "guardian_name", p.GuardianName, 150)
	p.GuardianCPF, err = clinic.ParseCPF(in.GuardianCPF)
	addValueError(fe, "guardian_cpf", err)
	p.GuardianPhone, err = clinic.ParsePhone(in.GuardianPhone)
	addValueError(fe, "guardian_phone", err)
	if p.Minor(today) {
		requireGuardian(fe, p)
	}
	if strings.TrimSpace(in.Phone) == "" && strings.TrimSpace(in.GuardianPhone) == "" {
		fe.Add("phone", "Digite um telefone com DDD, por exemplo (11) "+
			"98765-4321. Para crianças, pode ser o do responsável, no "+
			"campo do responsável.")
	}

	p.PriceCents, err = clinic.ParseMoney(in.Price)
	addValueError(fe, "price", err)
	p.Frequency, err = clinic.ParseFrequency(in.Frequency)
	if err != nil {
		fe.Add("frequency", "Escolha semanal ou quinzenal.")
	}
	p.PsychologistID, err = parseID(in.PsychologistID)
	addValueError(fe, "psychologist_id", err)

	p.Notes = strings.TrimSpace(in.Notes)
	limitText(fe, "notes", p.Notes, 5000)
	p.ConsentMessages = in.ConsentMessages
	return p, fe.Err()
}

// requireGuardian adds a message for each guardian field a minor lacks.
func requireGuardian(fe clinic.FieldErrors, p Patient) {
	const why = "Paciente menor de 18 anos: "
	if p.GuardianName == "" {
		fe.Add("guardian_name", why+"digite o nome do responsável.")
	}
	if p.GuardianCPF == "" {
		fe.Add("guardian_cpf", why+"digite o CPF do responsável, por "+
			"exemplo 123.456.789-09.")
	}
	if p.GuardianPhone == "" {
		fe.Add("guardian_phone", why+"digite o telefone do responsável "+
			"com DDD, por exemplo (11) 98765-4321.")
	}
}

// patientSearchKey builds patients.search_text. The display name comes
// first, so ordering by search_text sorts the list by the name shown,
// ignoring case and accents.
func patientSearchKey(p Patient) string {
	civil := ""
	if p.SocialName != "" {
		civil = p.Name
	}
	return clinic.SearchKey(p.DisplayName(), civil,
		clinic.FormatPhone(p.Phone), clinic.FormatPhone(p.Phone2),
		clinic.FormatCPF(p.CPF), p.GuardianName,
		clinic.FormatPhone(p.GuardianPhone))
}

// CPFTakenError is returned when another patient, deleted or not, has the
// CPF being saved. It unwraps to an ErrConflict *clinic.Error whose
// message names that patient. For a deleted patient the message offers
// the restore, and PatientID is the id to restore.
type CPFTakenError struct {
	PatientID int64
	Name      string
	Deleted   bool
	err       *clinic.Error
}

func (e *CPFTakenError) Error() string { return e.err.Error() }

// Unwrap returns the *clinic.Error with the Portuguese message.
func (e *CPFTakenError) Unwrap() error { return e.err }

// checkPatientCPF returns a *CPFTakenError when a patient other than
// self has cpf.
func (db *DB) checkPatientCPF(ctx context.Context, tx *sql.Tx, cpf string, self int64) error {
	if cpf == "" {
		return nil
	}
	var id int64
	var name, social, deletedAt string
	err := tx.QueryRowContext(ctx, `SELECT id, name, social_name,
		coalesce(deleted_at, '') FROM patients WHERE cpf = ? AND id <> ?`,
		cpf, self).Scan(&id, &name, &social, &deletedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("sqlite: check patient CPF: %w", err)
	}
	shown := Patient{Name: name, SocialName: social}.DisplayName()
	e := &CPFTakenError{PatientID: id, Name: shown, Deleted: deletedAt != ""}
	if e.Deleted {
		on, err := db.localDate(ctx, tx, deletedAt)
		if err != nil {
			return err
		}
		msg := fmt.Sprintf("Este CPF é de %s, paciente excluído em %s. "+
			"Restaure esse cadastro em vez de criar outro.", shown,
			clinic.FormatDateBR(on))
		e.err = &clinic.Error{Code: clinic.ErrConflict, Message: msg,
			Fields: clinic.FieldErrors{"cpf": msg}}
		return e
	}
	msg := fmt.Sprintf("Este CPF já é do paciente %s. Confira o número "+
		"ou abra o cadastro dele.", shown)
	e.err = &clinic.Error{Code: clinic.ErrConflict, Message: msg,
		Fields: clinic.FieldErrors{"cpf": msg}}
	return e
}

// checkPatientPsychologist checks that the chosen main psychologist
// exists and is active. current is the patient's psychologist before the
// change, who may stay even if she has been deactivated since.
func checkPatientPsychologist(ctx context.Context, tx *sql.Tx, id, current int64) error {
	if id == 0 {
		return nil
	}
	var name string
	var active bool
	err := tx.QueryRowContext(ctx, `SELECT name, active FROM psychologists
		WHERE id = ?`, id).Scan(&name, &active)
	if errors.Is(err, sql.ErrNoRows) {
		return (clinic.FieldErrors{"psychologist_id": "Essa psicóloga não " +
			"existe mais. Escolha outra na lista."}).Err()
	}
	if err != nil {
		return fmt.Errorf("sqlite: read psychologist %d: %w", id, err)
	}
	if !active && id != current {
		return (clinic.FieldErrors{"psychologist_id": name + " está " +
			"inativa. Escolha uma psicóloga ativa."}).Err()
	}
	return nil
}

// requireStaff rejects a psychologist account, for writes that only the
// reception and the admin may make.
func requireStaff(who clinic.Actor, what string) error {
	if who.SeesAll() {
		return nil
	}
	return clinic.Errorf(clinic.ErrForbidden, "Só a recepção e o "+
		"administrador podem %s.", what)
}

// CreatePatient validates in and stores a new patient, returning the id.
// A CPF another patient has fails with *CPFTakenError. Two concurrent
// creates with one CPF store exactly one, because the check and the
// insert share one write transaction.
func (db *DB) CreatePatient(ctx context.Context, who clinic.Actor, in PatientInput) (int64, error) {
	if err := requireStaff(who, "cadastrar pacientes"); err != nil {
		return 0, err
	}
	var id int64
	err := db.WriteTx(ctx, func(tx *sql.Tx) error {
		today, err := db.clinicToday(ctx, tx)
		if err != nil {
			return err
		}
		p, err := ParsePatient(in, today)
		if err != nil {
			return err
		}
		if err := checkPatientPsychologist(ctx, tx, p.PsychologistID, 0); err != nil {
			return err
		}
		if err := db.checkPatientCPF(ctx, tx, p.CPF, 0); err != nil {
			return err
		}
		now := db.nowText()
		res, err := tx.ExecContext(ctx, `INSERT INTO patients (name,
			social_name, search_text, birth_date, phone, phone2, email, cpf,
			guardian_name, guardian_cpf, guardian_phone, price_cents,
			frequency, psychologist_id, notes, consent_messages, created_at,
			updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
			?, ?, ?)`,
			p.Name, p.SocialName, patientSearchKey(p), p.BirthDate, p.Phone,
			p.Phone2, p.Email, p.CPF, p.GuardianName, p.GuardianCPF,
			p.GuardianPhone, p.PriceCents, p.Frequency,
			nullID(p.PsychologistID), p.Notes, p.ConsentMessages, now, now)
		if isUniqueViolation(err) {
			return cpfIndexConflict()
		}
		if err != nil {
			return fmt.Errorf("sqlite: insert patient: %w", err)
		}
		if id, err = res.LastInsertId(); err != nil {
			return fmt.Errorf("sqlite: insert patient: %w", err)
		}
		return db.audit(ctx, tx, who, "create", "patient", id, p.Name)
	})
	return id, err
}

// cpfIndexConflict is the message for a duplicate CPF that reached the
// patients_cpf unique index past checkPatientCPF.
func cpfIndexConflict() error {
	msg := "Outro paciente já tem este CPF. Busque pelo CPF na lista de " +
		"pacientes e nos excluídos."
	return &clinic.Error{Code: clinic.ErrConflict, Message: msg,
		Fields: clinic.FieldErrors{"cpf": msg}}
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// UpdatePatient validates in and replaces every field of a patient that
// is not deleted. Only the reception and the admin may do it.
func (db *DB) UpdatePatient(ctx context.Context, who clinic.Actor, id int64, in PatientInput) error {
	if err := requireStaff(who, "alterar o cadastro de pacientes"); err != nil {
		return err
	}
	return db.WriteTx(ctx, func(tx *sql.Tx) error {
		current, err := readPatient(ctx, tx, id)
		if err != nil {
			return err
		}
		if current.Deleted() {
			return clinic.Errorf(clinic.ErrConflict, "Este paciente foi "+
				"excluído. Restaure o cadastro antes de alterá-lo.")
		}
		today, err := db.clinicToday(ctx, tx)
		if err != nil {
			return err
		}
		p, err := ParsePatient(in, today)
		if err != nil {
			return err
		}
		err = checkPatientPsychologist(ctx, tx, p.PsychologistID, current.PsychologistID)
		if err != nil {
			return err
		}
		if err := db.checkPatientCPF(ctx, tx, p.CPF, id); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE patients SET name = ?,
			social_name = ?, search_text = ?, birth_date = ?, phone = ?,
			phone2 = ?, email = ?, cpf = ?, guardian_name = ?,
			guardian_cpf = ?, guardian_phone = ?, price_cents = ?,
			frequency = ?, psychologist_id = ?, notes = ?,
			consent_messages = ?, updated_at = ? WHERE id = ?`,
			p.Name, p.SocialName, patientSearchKey(p), p.BirthDate, p.Phone,
			p.Phone2, p.Email, p.CPF, p.GuardianName, p.GuardianCPF,
			p.GuardianPhone, p.PriceCents, p.Frequency,
			nullID(p.PsychologistID), p.Notes, p.ConsentMessages,
			db.nowText(), id)
		if isUniqueViolation(err) {
			return cpfIndexConflict()
		}
		if err != nil {
			return fmt.Errorf("sqlite: update patient %d: %w", id, err)
		}
		return db.audit(ctx, tx, who, "update", "patient", id,
			patientChanges(current, p))
	})
}

// patientChanges lists the fields an update changed, for the audit log.
// Values are left out because they are personal data; the log records
// that the CPF changed, not the CPF.
func patientChanges(old, p Patient) string {
	var changed []string
	for _, f := range []struct {
		name     string
		old, new any
	}{
		{"name", old.Name, p.Name}, {"social_name", old.SocialName, p.SocialName},
		{"birth_date", old.BirthDate, p.BirthDate}, {"phone", old.Phone, p.Phone},
		{"phone2", old.Phone2, p.Phone2}, {"email", old.Email, p.Email},
		{"cpf", old.CPF, p.CPF}, {"guardian_name", old.GuardianName, p.GuardianName},
		{"guardian_cpf", old.GuardianCPF, p.GuardianCPF},
		{"guardian_phone", old.GuardianPhone, p.GuardianPhone},
		{"price_cents", old.PriceCents, p.PriceCents},
		{"frequency", old.Frequency, p.Frequency},
		{"psychologist_id", old.PsychologistID, p.PsychologistID},
		{"notes", old.Notes, p.Notes},
		{"consent_messages", old.ConsentMessages, p.ConsentMessages},
	} {
		if f.old != f.new {
			changed = append(changed, f.name)
		}
	}
	if len(changed) == 0 {
		return "sem alterações"
	}
	return strings.Join(changed, ", ")
}

// UpdatePatientNotes replaces a patient's notes (observações). The
// reception and the admin may change any patient's notes. A psychologist
// may change those of her own patients, though no other field, because
// she learns what the reception should know, such as when to call.
func (db *DB) UpdatePatientNotes(ctx context.Context, who clinic.Actor, id int64, notes string) error {
	notes = strings.TrimSpace(notes)
	fe := clinic.FieldErrors{}
	limitText(fe, "notes", notes, 5000)
	if err := fe.Err(); err != nil {
		return err
	}
	return db.WriteTx(ctx, func(tx *sql.Tx) error {
		if err := checkPatientAccess(ctx, tx, who, id, false); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE patients SET notes = ?,
			updated_at = ? WHERE id = ?`, notes, db.nowText(), id)
		if err != nil {
			return fmt.Errorf("sqlite: update patient notes %d: %w", id, err)
		}
		return db.audit(ctx, tx, who, "update", "patient", id, "notes")
	})
}

const patientColumns = `p.id, p.name, p.social_name, p.birth_date, p.phone,
	p.phone2, p.email, p.cpf, p.guardian_name, p.guardian_cpf,
	p.guardian_phone, p.price_cents, p.frequency,
	coalesce(p.psychologist_id, 0), coalesce(ps.name, ''), p.notes,
	p.consent_messages, p.created_at, p.updated_at,
	coalesce(p.deleted_at, ''), p.deleted_reason,
	coalesce(p.deleted_by, 0), coalesce(du.display_name, '')`

const patientFrom = ` FROM patients p
	LEFT JOIN psychologists ps ON ps.id = p.psychologist_id
	LEFT JOIN users du ON du.id = p.deleted_by`

func scanPatient(row interface{ Scan(...any) error }) (Patient, error) {
	var p Patient
	err := row.Scan(&p.ID, &p.Name, &p.SocialName, &p.BirthDate, &p.Phone,
		&p.Phone2, &p.Email, &p.CPF, &p.GuardianName, &p.GuardianCPF,
		&p.GuardianPhone, &p.PriceCents, &p.Frequency, &p.PsychologistID,
		&p.PsychologistName, &p.Notes, &p.ConsentMessages, &p.CreatedAt,
		&p.UpdatedAt, &p.DeletedAt, &p.DeletedReason, &p.DeletedBy,
		&p.DeletedByName)
	return p, err
}

// readPatient returns a patient, deleted or not, with no access check.
func readPatient(ctx context.Context, q querier, id int64) (Patient, error) {
	p, err := scanPatient(q.QueryRowContext(ctx, "SELECT "+patientColumns+
		patientFrom+" WHERE p.id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return p, errPatientNotFound
	}
	if err != nil {
		return p, fmt.Errorf("sqlite: read patient %d: %w", id, err)
	}
	return p, nil
}

// Patient returns patient id when the actor who may see it. A deleted
// patient is found only when includeDeleted is set and who is reception
// or admin. Every patient who may not see fails with the same ErrNotFound
// as a missing one, so ids cannot be probed.
func (db *DB) Patient(ctx context.Context, who clinic.Actor, id int64, includeDeleted bool) (Patient, error) {
	var p Patient
	err := db.ReadTx(ctx, func(tx *sql.Tx) error {
		err := checkPatientAccess(ctx, tx, who, id, includeDeleted && who.SeesAll())
		if err != nil {
			return err
		}
		p, err = readPatient(ctx, tx, id)
		return err
	})
	return p, err
}

// PatientsPerPage is the length of one page of the patient list.
const PatientsPerPage = 50

// Values of PatientFilter.PsychologistID besides a psychologist's id.
const (
	AnyPsychologist int64 = 0
	NoPsychologist  int64 = -1
)

// PatientFilter selects a page of the patient list.
type PatientFilter struct {
	// Query finds patients whose name, social name, phones, CPF or
	// guardian's name contain every word, ignoring case and accents.
	Query string
	// PsychologistID is a main psychologist's id, AnyPsychologist or
	// NoPsychologist.
	PsychologistID int64
	Frequency      clinic.Frequency // "" for both
	// Deleted lists the deleted patients instead, newest deletion first;
	// psychologists never see them.
	Deleted bool
	Page    int // from 1; out-of-range pages are clamped
}

// PatientList is one page of patients and the size of the whole result.
type PatientList struct {
	Patients []Patient
	Total    int
	Page     int
	Pages    int
}

// Patients returns one page of the patients who may see, filtered by f,
// in two queries whatever the number of patients.
func (db *DB) Patients(ctx context.Context, who clinic.Actor, f PatientFilter) (PatientList, error) {
	where, args := patientConditions(who, f)
	list := PatientList{Page: max(f.Page, 1)}
	err := db.ReadTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, "SELECT count(*) FROM patients p"+
			where, args...).Scan(&list.Total)
		if err != nil {
			return fmt.Errorf("sqlite: count patients: %w", err)
		}
		list.Pages = max(1, (list.Total+PatientsPerPage-1)/PatientsPerPage)
		list.Page = min(list.Page, list.Pages)

		order := " ORDER BY p.search_text, p.id"
		if f.Deleted {
			order = " ORDER BY p.deleted_at DESC, p.id DESC"
		}
		rows, err := tx.QueryContext(ctx, "SELECT "+patientColumns+
			patientFrom+where+order+" LIMIT ? OFFSET ?",
			append(args, PatientsPerPage, (list.Page-1)*PatientsPerPage)...)
		if err != nil {
			return fmt.Errorf("sqlite: list patients: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			p, err := scanPatient(rows)
			if err != nil {
				return fmt.Errorf("sqlite: scan patient: %w", err)
			}
			list.Patients = append(list.Patients, p)
		}
		return rows.Err()
	})
	return list, err
}

// patientConditions builds the WHERE clause of the patient list.
func patientConditions(who clinic.Actor, f PatientFilter) (string, []any) {
	scope, args := PatientScope(who, "p")
	conds := []string{scope}
	if f.Deleted {
		conds = append(conds, "p.deleted_at IS NOT NULL")
		if !who.SeesAll() {
			conds = append(conds, "0 = 1")
		}
	} else {
		conds = append(conds, "p.deleted_at IS NULL")
	}
	switch {
	case f.PsychologistID == NoPsychologist:
		conds = append(conds, "p.psychologist_id IS NULL")
	case f.PsychologistID > 0:
		conds = append(conds, "p.psychologist_id = ?")
		args = append(args, f.PsychologistID)
	}
	if f.Frequency != "" {
		conds = append(conds, "p.frequency = ?")
		args = append(args, string(f.Frequency))
	}
	for _, word := range strings.Fields(clinic.Fold(f.Query)) {
		conds = append(conds, `p.search_text LIKE ? ESCAPE '\'`)
		args = append(args, likePattern(word))
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// PatientChoices returns the patients who may see and who are not
// deleted, by the name shown, for pickers.
func (db *DB) PatientChoices(ctx context.Context, who clinic.Actor) ([]clinic.Choice, error) {
	scope, args := PatientScope(who, "p")
	return db.choices(ctx, `SELECT p.id, CASE WHEN p.social_name <> ''
		THEN p.social_name ELSE p.name END FROM patients p
		WHERE p.deleted_at IS NULL AND `+scope+`
		ORDER BY p.search_text, p.id`, args...)
}

// DeletePatient deletes a patient logically, keeping the reason, the
// instant and who did it. The patient leaves every list, search and
// picker; sessions, charges and payments stay untouched, so the money
// history and a later restore are complete.
func (db *DB) DeletePatient(ctx context.Context, who clinic.Actor, id int64, reason string) error {
	if err := requireStaff(who, "excluir pacientes"); err != nil {
		return err
	}
	reason = clinic.NormalizeName(reason)
	fe := clinic.FieldErrors{}
	if reason == "" {
		fe.Add("reason", "Digite o motivo da exclusão, por exemplo "+
			"\"Encerrou o tratamento\" ou \"Cadastro duplicado\".")
	}
	limitText(fe, "reason", reason, 500)
	if err := fe.Err(); err != nil {
		return err
	}
	return db.WriteTx(ctx, func(tx *sql.Tx) error {
		p, err := readPatient(ctx, tx, id)
		if err != nil {
			return err
		}
		if p.Deleted() {
			return clinic.Errorf(clinic.ErrConflict,
				"%s já estava excluído.", p.DisplayName())
		}
		_, err = tx.ExecContext(ctx, `UPDATE patients SET deleted_at = ?,
			deleted_reason = ?, deleted_by = ? WHERE id = ?`,
			db.nowText(), reason, nullID(who.UserID), id)
		if err != nil {
			return fmt.Errorf("sqlite: delete patient %d: %w", id, err)
		}
		return db.audit(ctx, tx, who, "delete", "patient", id,
			p.Name+": "+reason)
	})
}

// RestoreResult is the outcome of a restore. Warnings are the scheduling
// checks' messages about the patient's future sessions, to show the user.
type RestoreResult struct {
	Name     string
	Warnings []string
}

// RestorePatient undoes a logical delete: the patient comes back with
// every field as it was, and the deletion stays in the audit log.
func (db *DB) RestorePatient(ctx context.Context, who clinic.Actor, id int64) (RestoreResult, error) {
	var result RestoreResult
	if err := requireStaff(who, "restaurar pacientes"); err != nil {
		return result, err
	}
	err := db.WriteTx(ctx, func(tx *sql.Tx) error {
		p, err := readPatient(ctx, tx, id)
		if err != nil {
			return err
		}
		result.Name = p.DisplayName()
		if !p.Deleted() {
			return clinic.Errorf(clinic.ErrConflict,
				"%s não está excluído.", p.DisplayName())
		}
		_, err = tx.ExecContext(ctx, `UPDATE patients SET deleted_at = NULL,
			deleted_reason = '', deleted_by = NULL WHERE id = ?`, id)
		if err != nil {
			return fmt.Errorf("sqlite: restore patient %d: %w", id, err)
		}
		// Hook for the scheduling area: re-check the patient's future
		// sessions inside this transaction (see restore_hook.go).
		result.Warnings, err = db.restoreSessionsCheck(ctx, tx, id)
		if err != nil {
			return err
		}
		return db.audit(ctx, tx, who, "restore", "patient", id,
			p.Name+" (excluído por: "+p.DeletedReason+")")
	})
	return result, err
}
