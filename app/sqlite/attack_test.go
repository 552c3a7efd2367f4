package sqlite

import (
	"context"
	"errors"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"kpsicologia/app/clinic"
)

// TestAttackUnknownUserTiming checks that a login for a username that does
// not exist takes about as long as a wrong password for one that does.
// With a cheaper comparison for unknown names, the delay alone told which
// usernames exist, and the rate limit allows enough tries to list the
// psychologists' accounts.
func TestAttackUnknownUserTiming(t *testing.T) {
	db := mustOpen(t, testNow)
	// A cost well above bcrypt.MinCost, so a cheaper dummy hash shows.
	db.BcryptCost = 7
	if _, err := db.Setup(context.Background(), "Clínica", NewUser{
		Username: "admin", DisplayName: "Admin", Password: "senha-certa-1"}); err != nil {
		t.Fatal(err)
	}
	// The fastest of several tries, alternating the two names, is the
	// least disturbed by other work on the machine.
	try := func(username string) time.Duration {
		start := time.Now()
		_, err := db.Authenticate(context.Background(), username, "senha-errada-1")
		if !errors.Is(err, ErrBadLogin) {
			t.Fatalf("Authenticate(%s): %v, want ErrBadLogin", username, err)
		}
		return time.Since(start)
	}
	try("ninguem") // the first call builds the dummy hash
	known, unknown := time.Hour, time.Hour
	for range 7 {
		known = min(known, try("admin"))
		unknown = min(unknown, try("ninguem"))
	}
	if unknown < known/3 {
		t.Errorf("unknown user rejected in %v, a wrong password in %v: the delay tells "+
			"which usernames exist", unknown, known)
	}
	if got, _ := bcrypt.Cost(db.dummyHash()); got != 7 {
		t.Errorf("dummy hash cost %d, want the accounts' cost 7", got)
	}
}

// TestAttackUsernameHiddenCharacters checks that usernames cannot hold
// characters that hide or disguise them in the user list and the audit
// log.
func TestAttackUsernameHiddenCharacters(t *testing.T) {
	db := mustOpen(t, testNow)
	for _, name := range []string{
		"a\x00b", "\xff\xfe", "ad\u202emin", "ad\u200bmin", "a\nb", "a b",
		"a\tb", "a/b", `a\b`, "\ufffd",
	} {
		_, err := db.CreateUser(context.Background(), adminActor, NewUser{
			Username: name, Password: "senha-boa-12", Role: clinic.RoleAdmin})
		if clinic.ErrorCode(err) != clinic.ErrInvalid {
			t.Errorf("username %q: %v, want ErrInvalid", name, err)
		}
	}
	for _, name := range []string{"ana.souza", "joão-2", "recepcao_1"} {
		_, err := db.CreateUser(context.Background(), adminActor, NewUser{
			Username: name, Password: "senha-boa-12", Role: clinic.RoleAdmin})
		if err != nil {
			t.Errorf("username %q: %v", name, err)
		}
	}
}
