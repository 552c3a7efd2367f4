package clinic

// Role is what a user account may do.
type Role string

// The three roles. Reception sees every agenda and takes payments but not
// the finance reports; a psychologist sees only their own patients.
const (
	RoleAdmin        Role = "admin"
	RoleReception    Role = "reception"
	RolePsychologist Role = "psychologist"
)

// Roles lists every role, in the order the user form offers them.
var Roles = []Role{RoleAdmin, RoleReception, RolePsychologist}

// Label returns the role's name on screen.
func (r Role) Label() string {
	switch r {
	case RoleAdmin:
		return "Administrador(a)"
	case RoleReception:
		return "Recepção"
	case RolePsychologist:
		return "Psicóloga(o)"
	}
	return string(r)
}

// Valid reports whether r is one of the three roles.
func (r Role) Valid() bool {
	return r == RoleAdmin || r == RoleReception || r == RolePsychologist
}

// User is a login account.
type User struct {
	ID                 int64
	Username           string
	DisplayName        string
	Role               Role
	PsychologistID     int64 // 0 unless Role is RolePsychologist
	Active             bool
	MustChangePassword bool
	CreatedAt          string
	LastLoginAt        string
}

// Actor is who performs a write, for the audit log and for row-level
// permission checks in the store.
type Actor struct {
	UserID         int64
	Username       string
	Role           Role
	PsychologistID int64
}

// SeesAll reports whether the actor may see every psychologist's patients,
// agendas and money.
func (a Actor) SeesAll() bool {
	return a.Role == RoleAdmin || a.Role == RoleReception
}

// Choice is one option of a picker: an id and the name shown.
type Choice struct {
	ID   int64
	Name string
}
