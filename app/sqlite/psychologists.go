package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"kpsicologia/app/clinic"
)

// DefaultSessionMinutes is a new psychologist's session length.
const DefaultSessionMinutes = 50

// Psychologist is a psychologist of the clinic and, when one exists, the
// login account linked to her (users.psychologist_id).
type Psychologist struct {
	ID             int64
	Name           string
	CRP            string // "06/123456" or ""
	CPF            string // 11 digits or ""
	Email          string
	Phone          string // 10 or 11 digits or ""
	Color          string // "#rrggbb"
	Approach       string // abordagem, such as "TCC" or "Psicanálise"
	SessionMinutes int
	// PayoutShareBP is her share of what her patients pay, in basis
	// points: 6000 is 60 %, 6250 is 62,5 %.
	PayoutShareBP int
	Active        bool
	// AgendaReviewedAt is when she last confirmed her agenda (RFC 3339,
	// set by the scheduling pages), or "" for never.
	AgendaReviewedAt string
	CreatedAt        string
	UpdatedAt        string

	Specialties []clinic.Choice
	Audiences   []clinic.Choice
	Units       []clinic.Choice

	// UserID and Username name the linked account; 0 and "" when she has
	// none.
	UserID   int64
	Username string
}

// PayoutShare returns the payout share as typed on the form: "60" or
// "62,5".
func (p Psychologist) PayoutShare() string {
	return FormatShare(p.PayoutShareBP)
}

// FormatShare writes basis points as a percentage without the sign:
// 6000 is "60", 6250 is "62,5", 6255 is "62,55".
func FormatShare(bp int) string {
	s := strconv.Itoa(bp / 100)
	if frac := bp % 100; frac != 0 {
		f := fmt.Sprintf("%02d", frac)
		s += "," + strings.TrimSuffix(f, "0")
	}
	return s
}

// AgendaReviewedOn returns the date she last reviewed her agenda, in the
// clinic's time zone as YYYY-MM-DD, or "" for never.
func (p Psychologist) AgendaReviewedOn(loc *time.Location) string {
	if p.AgendaReviewedAt == "" {
		return ""
	}
	t, err := time.Parse(time.RFC3339, p.AgendaReviewedAt)
	if err != nil {
		// A plain date is accepted too, in case the column is written
		// that way.
		if len(p.AgendaReviewedAt) >= 10 {
			return p.AgendaReviewedAt[:10]
		}
		return ""
	}
	return t.In(loc).Format("2006-01-02")
}

// AgendaReviewOverdue reports whether she never reviewed her agenda or
// last did so more than 7 days before today (YYYY-MM-DD).
func (p Psychologist) AgendaReviewOverdue(loc *time.Location, today string) bool {
	on := p.AgendaReviewedOn(loc)
	if on == "" {
		return true
	}
	d, err1 := clinic.ParseDate(on)
	t, err2 := clinic.ParseDate(today)
	if err1 != nil || err2 != nil {
		return true
	}
	return d.DaysUntil(t) > 7
}

// PsychologistInput is a psychologist as typed on the form. When
// Username is set, CreatePsychologist also creates her login account with
// Password, which she must change at the first login.
type PsychologistInput struct {
	Name           string
	CRP            string
	CPF            string
	Email          string
	Phone          string
	Color          string
	Approach       string
	SessionMinutes string
	PayoutShare    string
	Active         bool
	SpecialtyIDs   []int64
	AudienceIDs    []int64
	UnitIDs        []int64

	Username string
	Password string
}

// crpShape is a CRP registration: a two-digit regional council, a slash
// or hyphen, and the 4 to 6 digit number, optionally after "CRP".
var crpShape = regexp.MustCompile(`^(?i:crp)?[\s:-]*(\d{2})\s*[/-]\s*(\d{4,6})$`)

// ParseCRP returns a CRP registration as "06/123456", or a ValueError.
// Blank input returns ("", nil).
func ParseCRP(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	m := crpShape.FindStringSubmatch(s)
	if m == nil || m[1] == "00" {
		return "", &clinic.ValueError{Code: "invalid CRP",
			Message: "Digite a região com 2 dígitos, uma barra e o número " +
				"de 4 a 6 dígitos, por exemplo 06/123456."}
	}
	return m[1] + "/" + m[2], nil
}

var shareShape = regexp.MustCompile(`^(\d{1,3})(?:[,.](\d{1,2}))?\s*%?$`)

// ParseShare reads a percentage typed as "60", "62,5", "62.5" or "60 %"
// and returns it in basis points (6000, 6250). It must be from 0 to 100
// with at most two decimal places.
func ParseShare(s string) (int, error) {
	s = strings.TrimSpace(s)
	bad := &clinic.ValueError{Code: "invalid percentage",
		Message: "Digite um percentual de 0 a 100, por exemplo 60 ou 62,5."}
	m := shareShape.FindStringSubmatch(s)
	if m == nil {
		return 0, bad
	}
	whole, _ := strconv.Atoi(m[1])
	frac := 0
	if m[2] != "" {
		frac, _ = strconv.Atoi(m[2])
		if len(m[2]) == 1 {
			frac *= 10
		}
	}
	bp := whole*100 + frac
	if bp > 10000 {
		return 0, bad
	}
	return bp, nil
}

// psychologistFields is a validated psychologist ready to store.
type psychologistFields struct {
	Psychologist
	specialtyIDs, audienceIDs, unitIDs []int64
}

func (in PsychologistInput) parse() (psychologistFields, error) {
	fe := clinic.FieldErrors{}
	var p psychologistFields
	p.Active = in.Active
	var err error
	p.Name, err = clinic.ParseName(in.Name)
	if err != nil {
		fe.Add("name", "Digite o nome completo, por exemplo Ana Souza.")
	}
	limitText(fe, "name", p.Name, 120)
	p.CRP, err = ParseCRP(in.CRP)
	addValueError(fe, "crp", err)
	p.CPF, err = clinic.ParseCPF(in.CPF)
	addValueError(fe, "cpf", err)
	p.Email, err = clinic.ParseEmail(in.Email)
	addValueError(fe, "email", err)
	p.Phone, err = clinic.ParsePhone(in.Phone)
	addValueError(fe, "phone", err)
	p.Color, err = parseColor(in.Color, "#0d6efd")
	addValueError(fe, "color", err)
	p.Approach = clinic.NormalizeName(in.Approach)
	limitText(fe, "approach", p.Approach, 120)

	p.SessionMinutes = DefaultSessionMinutes
	if m := strings.TrimSpace(in.SessionMinutes); m != "" {
		n, err := strconv.Atoi(m)
		if err != nil || n < 10 || n > 240 {
			fe.Add("session_minutes", "Digite a duração em minutos, de 10 "+
				"a 240, por exemplo 50.")
		}
		p.SessionMinutes = n
	}
	p.PayoutShareBP, err = ParseShare(in.PayoutShare)
	addValueError(fe, "payout_share", err)

	p.specialtyIDs = uniqueIDs(in.SpecialtyIDs)
	p.audienceIDs = uniqueIDs(in.AudienceIDs)
	p.unitIDs = uniqueIDs(in.UnitIDs)
	return p, fe.Err()
}

var errPsychologistNotFound = clinic.Errorf(clinic.ErrNotFound,
	"Psicóloga não encontrada.")

const psychologistColumns = `p.id, p.name, p.crp, p.cpf, p.email, p.phone,
	p.color, p.approach, p.session_minutes, p.payout_share_bp, p.active,
	coalesce(p.agenda_reviewed_at, ''), p.created_at, p.updated_at,
	coalesce(u.id, 0), coalesce(u.username, '')`

// psychologistFrom joins each psychologist with her account. A
// psychologist has at most one account in practice; should two exist,
// the lowest id is shown.
const psychologistFrom = ` FROM psychologists p
	LEFT JOIN users u ON u.id = (SELECT min(id) FROM users
		WHERE psychologist_id = p.id AND role = 'psychologist')`

func scanPsychologist(row interface{ Scan(...any) error }) (Psychologist, error) {
	var p Psychologist
	err := row.Scan(&p.ID, &p.Name, &p.CRP, &p.CPF, &p.Email, &p.Phone,
		&p.Color, &p.Approach, &p.SessionMinutes, &p.PayoutShareBP,
		&p.Active, &p.AgendaReviewedAt, &p.CreatedAt, &p.UpdatedAt,
		&p.UserID, &p.Username)
	return p, err
}

// Psychologists returns the psychologists sorted by name, active ones
// first, with their specialties, audiences, units and account, in five
// queries whatever their number. includeInactive adds the inactive ones.
func (db *DB) Psychologists(ctx context.Context, includeInactive bool) ([]Psychologist, error) {
	var out []Psychologist
	err := db.ReadTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, "SELECT "+psychologistColumns+
			psychologistFrom+" WHERE p.active = 1 OR ?", includeInactive)
		if err != nil {
			return fmt.Errorf("sqlite: list psychologists: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			p, err := scanPsychologist(rows)
			if err != nil {
				return fmt.Errorf("sqlite: scan psychologist: %w", err)
			}
			out = append(out, p)
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("sqlite: list psychologists: %w", err)
		}
		return fillPsychologistLinks(ctx, tx, out, 0)
	})
	sortByFolded(out, func(p Psychologist) string { return p.Name })
	// Active first, keeping the name order within each group.
	active := make([]Psychologist, 0, len(out))
	var inactive []Psychologist
	for _, p := range out {
		if p.Active {
			active = append(active, p)
		} else {
			inactive = append(inactive, p)
		}
	}
	return append(active, inactive...), err
}

// Psychologist returns one psychologist with her links and account.
func (db *DB) Psychologist(ctx context.Context, id int64) (Psychologist, error) {
	var p Psychologist
	err := db.ReadTx(ctx, func(tx *sql.Tx) error {
		var err error
		p, err = scanPsychologist(tx.QueryRowContext(ctx, "SELECT "+
			psychologistColumns+psychologistFrom+" WHERE p.id = ?", id))
		if errors.Is(err, sql.ErrNoRows) {
			return errPsychologistNotFound
		}
		if err != nil {
			return fmt.Errorf("sqlite: read psychologist %d: %w", id, err)
		}
		list := []Psychologist{p}
		if err := fillPsychologistLinks(ctx, tx, list, id); err != nil {
			return err
		}
		p = list[0]
		return nil
	})
	return p, err
}

// psychologistLinks are the many-to-many tables of psychologists. Names
// come from this list only.
var psychologistLinks = []struct {
	link, col, table string
	field            func(*Psychologist) *[]clinic.Choice
}{
	{"psychologist_specialties", "specialty_id", "specialties",
		func(p *Psychologist) *[]clinic.Choice { return &p.Specialties }},
	{"psychologist_audiences", "audience_id", "audiences",
		func(p *Psychologist) *[]clinic.Choice { return &p.Audiences }},
	{"psychologist_units", "unit_id", "units",
		func(p *Psychologist) *[]clinic.Choice { return &p.Units }},
}

// fillPsychologistLinks loads the specialties, audiences and units of
// list, one query per link table; only is a single psychologist's id, or
// 0 for all.
func fillPsychologistLinks(ctx context.Context, tx *sql.Tx, list []Psychologist, only int64) error {
	index := map[int64]int{}
	for i, p := range list {
		index[p.ID] = i
	}
	for _, l := range psychologistLinks {
		rows, err := tx.QueryContext(ctx, `SELECT l.psychologist_id, t.id,
			t.name FROM `+l.link+` l JOIN `+l.table+` t ON t.id = l.`+l.col+`
			WHERE ?1 = 0 OR l.psychologist_id = ?1`, only)
		if err != nil {
			return fmt.Errorf("sqlite: list %s: %w", l.link, err)
		}
		for rows.Next() {
			var psyID int64
			var c clinic.Choice
			if err := rows.Scan(&psyID, &c.ID, &c.Name); err != nil {
				rows.Close()
				return fmt.Errorf("sqlite: scan %s: %w", l.link, err)
			}
			if i, ok := index[psyID]; ok {
				f := l.field(&list[i])
				*f = append(*f, c)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("sqlite: list %s: %w", l.link, err)
		}
	}
	for i := range list {
		for _, l := range psychologistLinks {
			sortByFolded(*l.field(&list[i]), func(c clinic.Choice) string { return c.Name })
		}
	}
	return nil
}

// checkPsychologistUnique rejects a CRP or CPF that another psychologist
// has, naming her.
func checkPsychologistUnique(ctx context.Context, tx *sql.Tx, p psychologistFields, self int64) error {
	fe := clinic.FieldErrors{}
	for _, c := range []struct{ col, field, value, label string }{
		{"crp", "crp", p.CRP, "CRP"},
		{"cpf", "cpf", p.CPF, "CPF"},
	} {
		if c.value == "" {
			continue
		}
		var other string
		err := tx.QueryRowContext(ctx, "SELECT name FROM psychologists "+
			"WHERE "+c.col+" = ? AND id <> ?", c.value, self).Scan(&other)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return fmt.Errorf("sqlite: check psychologist %s: %w", c.col, err)
		}
		fe.Add(c.field, "Este "+c.label+" já está no cadastro de "+other+
			". Confira o número.")
	}
	if len(fe) > 0 {
		return &clinic.Error{Code: clinic.ErrConflict,
			Message: "Outra psicóloga já tem este registro.", Fields: fe}
	}
	return nil
}

// writePsychologistLinks replaces her specialties, audiences and units,
// after checking that every id exists.
func writePsychologistLinks(ctx context.Context, tx *sql.Tx, id int64, p psychologistFields) error {
	sets := []struct {
		ids   []int64
		field string
	}{
		{p.specialtyIDs, "specialty_ids"},
		{p.audienceIDs, "audience_ids"},
		{p.unitIDs, "unit_ids"},
	}
	fe := clinic.FieldErrors{}
	for i, l := range psychologistLinks {
		n, err := countExisting(ctx, tx, l.table, sets[i].ids)
		if err != nil {
			return err
		}
		if n != len(sets[i].ids) {
			fe.Add(sets[i].field, "Uma das opções marcadas não existe mais "+
				"(outra pessoa pode tê-la excluído). Confira e salve de novo.")
		}
	}
	if err := fe.Err(); err != nil {
		return err
	}
	for i, l := range psychologistLinks {
		_, err := tx.ExecContext(ctx, "DELETE FROM "+l.link+
			" WHERE psychologist_id = ?", id)
		if err != nil {
			return fmt.Errorf("sqlite: clear %s: %w", l.link, err)
		}
		for _, other := range sets[i].ids {
			_, err := tx.ExecContext(ctx, "INSERT INTO "+l.link+
				" (psychologist_id, "+l.col+") VALUES (?, ?)", id, other)
			if err != nil {
				return fmt.Errorf("sqlite: insert %s: %w", l.link, err)
			}
		}
	}
	return nil
}

// CreatePsychologist stores a new psychologist and returns her id. When
// in.Username is set it also creates her login account (role
// psychologist, must change in.Password at the first login) in the same
// transaction, so either both exist or neither.
func (db *DB) CreatePsychologist(ctx context.Context, who clinic.Actor, in PsychologistInput) (int64, error) {
	p, err := in.parse()
	if err != nil {
		return 0, err
	}
	var id int64
	err = db.WriteTx(ctx, func(tx *sql.Tx) error {
		if err := checkPsychologistUnique(ctx, tx, p, 0); err != nil {
			return err
		}
		now := db.nowText()
		res, err := tx.ExecContext(ctx, `INSERT INTO psychologists (name,
			search_text, crp, cpf, email, phone, color, approach,
			session_minutes, payout_share_bp, active, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			p.Name, psychologistSearchKey(p.Psychologist), p.CRP, p.CPF,
			p.Email, p.Phone, p.Color, p.Approach, p.SessionMinutes,
			p.PayoutShareBP, p.Active, now, now)
		if err != nil {
			return fmt.Errorf("sqlite: insert psychologist: %w", err)
		}
		if id, err = res.LastInsertId(); err != nil {
			return fmt.Errorf("sqlite: insert psychologist: %w", err)
		}
		if err := writePsychologistLinks(ctx, tx, id, p); err != nil {
			return err
		}
		if err := db.audit(ctx, tx, who, "create", "psychologist", id, p.Name); err != nil {
			return err
		}
		if strings.TrimSpace(in.Username) == "" {
			return nil
		}
		return db.createPsychologistUser(ctx, tx, who, id, p.Name, in.Username, in.Password)
	})
	return id, err
}

func (db *DB) createPsychologistUser(ctx context.Context, tx *sql.Tx, who clinic.Actor,
	psychologistID int64, name, username, password string) error {
	userID, err := db.createUser(ctx, tx, NewUser{
		Username: username, DisplayName: name, Password: password,
		Role: clinic.RolePsychologist, PsychologistID: psychologistID,
		MustChangePassword: true,
	})
	if err != nil {
		return err
	}
	return db.audit(ctx, tx, who, "create", "user", userID,
		strings.TrimSpace(username)+" (psychologist)")
}

// CreatePsychologistAccount creates the login account of a psychologist
// who has none, with a password she must change at the first login.
func (db *DB) CreatePsychologistAccount(ctx context.Context, who clinic.Actor,
	psychologistID int64, username, password string) error {
	return db.WriteTx(ctx, func(tx *sql.Tx) error {
		var name string
		var accounts int
		err := tx.QueryRowContext(ctx, `SELECT name, (SELECT count(*)
			FROM users WHERE psychologist_id = p.id) FROM psychologists p
			WHERE id = ?`, psychologistID).Scan(&name, &accounts)
		if errors.Is(err, sql.ErrNoRows) {
			return errPsychologistNotFound
		}
		if err != nil {
			return fmt.Errorf("sqlite: read psychologist %d: %w", psychologistID, err)
		}
		if accounts > 0 {
			return clinic.Errorf(clinic.ErrConflict, "%s já tem uma conta "+
				"de acesso. Para trocar a senha, use Usuários.", name)
		}
		return db.createPsychologistUser(ctx, tx, who, psychologistID, name,
			username, password)
	})
}

// UpdatePsychologist replaces a psychologist's fields and links. Her
// account, if any, is left as it is; deactivating her does not
// deactivate the account, which the admin does under Usuários.
func (db *DB) UpdatePsychologist(ctx context.Context, who clinic.Actor, id int64, in PsychologistInput) error {
	p, err := in.parse()
	if err != nil {
		return err
	}
	return db.WriteTx(ctx, func(tx *sql.Tx) error {
		if err := checkPsychologistUnique(ctx, tx, p, id); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE psychologists SET name = ?,
			search_text = ?, crp = ?, cpf = ?, email = ?, phone = ?,
			color = ?, approach = ?, session_minutes = ?,
			payout_share_bp = ?, active = ?, updated_at = ? WHERE id = ?`,
			p.Name, psychologistSearchKey(p.Psychologist), p.CRP, p.CPF,
			p.Email, p.Phone, p.Color, p.Approach, p.SessionMinutes,
			p.PayoutShareBP, p.Active, db.nowText(), id)
		if err != nil {
			return fmt.Errorf("sqlite: update psychologist %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errPsychologistNotFound
		}
		if err := writePsychologistLinks(ctx, tx, id, p); err != nil {
			return err
		}
		return db.audit(ctx, tx, who, "update", "psychologist", id, p.Name)
	})
}

func psychologistSearchKey(p Psychologist) string {
	return clinic.SearchKey(p.Name, p.CRP, clinic.FormatCPF(p.CPF),
		clinic.FormatPhone(p.Phone), p.Email)
}
