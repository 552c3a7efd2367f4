package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/crypto/bcrypt"

	"kpsicologia/app/clinic"
)

// MinPasswordLength is the shortest password any account may have.
const MinPasswordLength = 8

// ErrBadLogin is returned by Authenticate for an unknown user, a wrong
// password or an inactive account alike, so a login form cannot be used
// to find out which usernames exist.
var ErrBadLogin = clinic.Errorf(clinic.ErrUnauthorized,
	"Usuário ou senha incorretos.")

// dummyHashes caches, by bcrypt cost, the hash compared against when the
// username does not exist, so an unknown user takes as long to reject as
// a wrong password. With a hash of a lower cost than the accounts', the
// check would fail in a millisecond instead of tens, and the delay would
// reveal which usernames exist.
var dummyHashes sync.Map

// dummyHash returns a hash of the cost new passwords get.
func (db *DB) dummyHash() []byte {
	cost := db.bcryptCost()
	if h, ok := dummyHashes.Load(cost); ok {
		return h.([]byte)
	}
	h, err := bcrypt.GenerateFromPassword([]byte("unused-password"), cost)
	if err != nil {
		// Only a cost outside bcrypt's range fails, and then no
		// password can be hashed either; the log says why logins fail.
		slog.Error("sqlite: dummy password hash", "cost", cost, "err", err)
		return nil
	}
	dummyHashes.Store(cost, h)
	return h
}

// bcryptCost returns the cost new password hashes get.
func (db *DB) bcryptCost() int {
	if db.BcryptCost == 0 {
		return bcrypt.DefaultCost
	}
	return db.BcryptCost
}

const userColumns = `id, username, display_name, role,
	coalesce(psychologist_id, 0), active, must_change_password, created_at,
	coalesce(last_login_at, '')`

func scanUser(row interface{ Scan(...any) error }) (clinic.User, error) {
	var u clinic.User
	err := row.Scan(&u.ID, &u.Username, &u.DisplayName, &u.Role,
		&u.PsychologistID, &u.Active, &u.MustChangePassword, &u.CreatedAt,
		&u.LastLoginAt)
	return u, err
}

// hashPassword checks the password rules and returns a bcrypt hash.
func (db *DB) hashPassword(password string) (string, error) {
	if utf8.RuneCountInString(password) < MinPasswordLength {
		return "", &clinic.Error{Code: clinic.ErrInvalid,
			Message: "A senha é curta demais.",
			Fields: clinic.FieldErrors{"password": fmt.Sprintf(
				"Use pelo menos %d caracteres.", MinPasswordLength)}}
	}
	if len(password) > 72 {
		// bcrypt ignores bytes after the 72nd: refuse instead of
		// silently accepting a different password.
		return "", &clinic.Error{Code: clinic.ErrInvalid,
			Message: "A senha é longa demais.",
			Fields: clinic.FieldErrors{"password": "Use no máximo 72 " +
				"caracteres (letras acentuadas contam como dois)."}}
	}
	h, err := bcrypt.GenerateFromPassword([]byte(password), db.bcryptCost())
	if err != nil {
		return "", fmt.Errorf("sqlite: hash password: %w", err)
	}
	return string(h), nil
}

// hiddenRune reports a character that shows as nothing or as something
// else: white space, control characters, and format characters such as
// the right-to-left override, which would let a username pose as another
// in the user list and the audit log.
func hiddenRune(r rune) bool {
	return unicode.IsSpace(r) || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) ||
		r == utf8.RuneError
}

// IsSetUp reports whether the first-run setup has created an admin.
func (db *DB) IsSetUp(ctx context.Context) (bool, error) {
	var n int
	err := db.read.QueryRowContext(ctx,
		"SELECT count(*) FROM users WHERE role = 'admin'").Scan(&n)
	if err != nil {
		return false, fmt.Errorf("sqlite: count admins: %w", err)
	}
	return n > 0, nil
}

// NewUser is the input for creating an account.
type NewUser struct {
	Username       string
	DisplayName    string
	Password       string
	Role           clinic.Role
	PsychologistID int64
	// MustChangePassword makes the user pick a new password at the next
	// login, for passwords that someone else chose.
	MustChangePassword bool
}

func (n *NewUser) validate() error {
	n.Username = strings.TrimSpace(n.Username)
	n.DisplayName = strings.TrimSpace(n.DisplayName)
	fe := clinic.FieldErrors{}
	switch {
	case n.Username == "":
		fe.Add("username", "Informe o nome de usuário.")
	case len(n.Username) > 40 || strings.ContainsAny(n.Username, "/\\") ||
		!utf8.ValidString(n.Username) || strings.ContainsFunc(n.Username, hiddenRune):
		fe.Add("username", "Use até 40 letras, números, ponto ou hífen, "+
			"sem espaços.")
	}
	if n.DisplayName == "" {
		n.DisplayName = n.Username
	}
	if !n.Role.Valid() {
		fe.Add("role", "Escolha um perfil: administrador, recepção ou "+
			"psicóloga.")
	}
	if n.Role == clinic.RolePsychologist && n.PsychologistID == 0 {
		fe.Add("psychologist_id", "Escolha a psicóloga ligada a esta conta.")
	}
	return fe.Err()
}

// createUser inserts an account inside tx and returns its id.
func (db *DB) createUser(ctx context.Context, tx *sql.Tx, n NewUser) (int64, error) {
	if err := n.validate(); err != nil {
		return 0, err
	}
	hash, err := db.hashPassword(n.Password)
	if err != nil {
		return 0, err
	}
	var psy any
	if n.Role == clinic.RolePsychologist {
		psy = n.PsychologistID
	}
	var exists int
	err = tx.QueryRowContext(ctx,
		"SELECT count(*) FROM users WHERE username = ?", n.Username).Scan(&exists)
	if err != nil {
		return 0, fmt.Errorf("sqlite: check username: %w", err)
	}
	if exists > 0 {
		return 0, &clinic.Error{Code: clinic.ErrConflict,
			Message: "Já existe uma conta com esse nome de usuário.",
			Fields: clinic.FieldErrors{"username": "Este nome de usuário " +
				"já está em uso; escolha outro."}}
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO users (username,
		display_name, password_hash, role, psychologist_id, active,
		must_change_password, created_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?)`,
		n.Username, n.DisplayName, hash, n.Role, psy, n.MustChangePassword,
		db.nowText())
	if err != nil {
		return 0, fmt.Errorf("sqlite: insert user: %w", err)
	}
	return res.LastInsertId()
}

// Setup stores the clinic's name and creates the first admin. It fails
// with ErrConflict once an admin exists, so a second setup form replayed
// later cannot create another admin.
func (db *DB) Setup(ctx context.Context, clinicName string, admin NewUser) (int64, error) {
	clinicName = strings.TrimSpace(clinicName)
	admin.Role = clinic.RoleAdmin
	var id int64
	err := db.WriteTx(ctx, func(tx *sql.Tx) error {
		var n int
		err := tx.QueryRowContext(ctx,
			"SELECT count(*) FROM users WHERE role = 'admin'").Scan(&n)
		if err != nil {
			return fmt.Errorf("sqlite: count admins: %w", err)
		}
		if n > 0 {
			return clinic.Errorf(clinic.ErrConflict,
				"Esta clínica já foi configurada. Entre com sua conta.")
		}
		if clinicName == "" {
			return &clinic.Error{Code: clinic.ErrInvalid,
				Message: "Informe o nome da clínica.",
				Fields:  clinic.FieldErrors{"clinic_name": "Informe o nome da clínica."}}
		}
		if err := setSetting(ctx, tx, SettingClinicName, clinicName); err != nil {
			return err
		}
		id, err = db.createUser(ctx, tx, admin)
		if err != nil {
			return err
		}
		who := clinic.Actor{UserID: id, Username: admin.Username,
			Role: clinic.RoleAdmin}
		return db.audit(ctx, tx, who, "setup", "user", id, clinicName)
	})
	return id, err
}

// CreateUser creates an account on behalf of an admin.
func (db *DB) CreateUser(ctx context.Context, who clinic.Actor, n NewUser) (int64, error) {
	var id int64
	err := db.WriteTx(ctx, func(tx *sql.Tx) error {
		var err error
		id, err = db.createUser(ctx, tx, n)
		if err != nil {
			return err
		}
		return db.audit(ctx, tx, who, "create", "user", id,
			n.Username+" ("+string(n.Role)+")")
	})
	return id, err
}

// Authenticate returns the active user with that username and password,
// or ErrBadLogin.
func (db *DB) Authenticate(ctx context.Context, username, password string) (clinic.User, error) {
	row := db.read.QueryRowContext(ctx, "SELECT "+userColumns+
		", password_hash FROM users WHERE username = ?",
		strings.TrimSpace(username))
	var u clinic.User
	var hash string
	err := row.Scan(&u.ID, &u.Username, &u.DisplayName, &u.Role,
		&u.PsychologistID, &u.Active, &u.MustChangePassword, &u.CreatedAt,
		&u.LastLoginAt, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		bcrypt.CompareHashAndPassword(db.dummyHash(), []byte(password))
		return clinic.User{}, ErrBadLogin
	}
	if err != nil {
		return clinic.User{}, fmt.Errorf("sqlite: read user: %w", err)
	}
	if bcrypt.CompareHashAndPassword([]byte(hash), []byte(password)) != nil {
		return clinic.User{}, ErrBadLogin
	}
	if !u.Active {
		return clinic.User{}, ErrBadLogin
	}

	err = db.WriteTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx,
			"UPDATE users SET last_login_at = ? WHERE id = ?", db.nowText(), u.ID)
		return err
	})
	if err != nil {
		return clinic.User{}, fmt.Errorf("sqlite: record login: %w", err)
	}
	return u, nil
}

// UserByID returns one account, active or not.
func (db *DB) UserByID(ctx context.Context, id int64) (clinic.User, error) {
	u, err := scanUser(db.read.QueryRowContext(ctx,
		"SELECT "+userColumns+" FROM users WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return u, clinic.Errorf(clinic.ErrNotFound, "Conta não encontrada.")
	}
	if err != nil {
		return u, fmt.Errorf("sqlite: read user %d: %w", id, err)
	}
	return u, nil
}

// Users returns every account, active ones first, by name.
func (db *DB) Users(ctx context.Context) ([]clinic.User, error) {
	rows, err := db.read.QueryContext(ctx, "SELECT "+userColumns+
		" FROM users ORDER BY active DESC, display_name COLLATE NOCASE")
	if err != nil {
		return nil, fmt.Errorf("sqlite: list users: %w", err)
	}
	defer rows.Close()

	var out []clinic.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlite: scan user: %w", err)
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// SetPassword replaces a user's password. When who is the user, the
// current password must match; an admin resetting someone else's password
// passes current = "" and the user must change it at the next login.
func (db *DB) SetPassword(ctx context.Context, who clinic.Actor, userID int64,
	current, password string) error {
	self := who.UserID == userID
	if !self && who.Role != clinic.RoleAdmin {
		return clinic.Errorf(clinic.ErrForbidden,
			"Só o administrador pode trocar a senha de outra pessoa.")
	}
	hash, err := db.hashPassword(password)
	if err != nil {
		return err
	}
	return db.WriteTx(ctx, func(tx *sql.Tx) error {
		if self {
			var old string
			err := tx.QueryRowContext(ctx,
				"SELECT password_hash FROM users WHERE id = ?", userID).Scan(&old)
			if err != nil {
				return fmt.Errorf("sqlite: read password: %w", err)
			}
			if bcrypt.CompareHashAndPassword([]byte(old), []byte(current)) != nil {
				return &clinic.Error{Code: clinic.ErrInvalid,
					Message: "A senha atual não confere.",
					Fields: clinic.FieldErrors{"current": "A senha atual " +
						"não confere; digite a senha que você usa para entrar."}}
			}
		}
		res, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = ?,
			must_change_password = ? WHERE id = ?`, hash, !self, userID)
		if err != nil {
			return fmt.Errorf("sqlite: update password: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return clinic.Errorf(clinic.ErrNotFound, "Conta não encontrada.")
		}
		action := "change_password"
		if !self {
			action = "reset_password"
		}
		return db.audit(ctx, tx, who, action, "user", userID, "")
	})
}

// SetUserActive activates or deactivates an account. Accounts are never
// deleted, so history keeps the name. The last active admin cannot be
// deactivated, because nobody could then manage the clinic.
func (db *DB) SetUserActive(ctx context.Context, who clinic.Actor, userID int64, active bool) error {
	return db.WriteTx(ctx, func(tx *sql.Tx) error {
		if !active {
			var others int
			err := tx.QueryRowContext(ctx, `SELECT count(*) FROM users
				WHERE role = 'admin' AND active = 1 AND id <> ?`,
				userID).Scan(&others)
			if err != nil {
				return fmt.Errorf("sqlite: count admins: %w", err)
			}
			var role string
			err = tx.QueryRowContext(ctx,
				"SELECT role FROM users WHERE id = ?", userID).Scan(&role)
			if errors.Is(err, sql.ErrNoRows) {
				return clinic.Errorf(clinic.ErrNotFound, "Conta não encontrada.")
			}
			if err != nil {
				return fmt.Errorf("sqlite: read user role: %w", err)
			}
			if role == string(clinic.RoleAdmin) && others == 0 {
				return clinic.Errorf(clinic.ErrConflict, "Esta é a única "+
					"conta de administrador ativa; crie outra antes de "+
					"desativar esta.")
			}
		}
		_, err := tx.ExecContext(ctx,
			"UPDATE users SET active = ? WHERE id = ?", active, userID)
		if err != nil {
			return fmt.Errorf("sqlite: update user active: %w", err)
		}
		action := "deactivate"
		if active {
			action = "activate"
		}
		return db.audit(ctx, tx, who, action, "user", userID, "")
	})
}

// SetSetting stores one setting on behalf of an admin and audits it.
func (db *DB) SetSetting(ctx context.Context, who clinic.Actor, key, value string) error {
	return db.WriteTx(ctx, func(tx *sql.Tx) error {
		if err := setSetting(ctx, tx, key, value); err != nil {
			return err
		}
		return db.audit(ctx, tx, who, "set", "setting", 0, key+"="+value)
	})
}
