package sqlite

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"kpsicologia/app/clinic"
)

// TestAttackUnknownUserTiming checks that a login for a username that does
// not exist takes about as long as a wrong password for one that does.
// With a cheaper comparison for unknown names, the delay alone revealed
// which usernames exist, and the rate limit allows enough tries to list
// the psychologists' accounts.
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

// TestAttackRestoreNotesHideOtherPatients checks the text a restore stores
// on a psychologist's bookings: the cancelled session's notes, the ended
// series' reason and a skipped occurrence's notes must not name another
// psychologist's patient, whoever restored, because the psychologist
// reads them on the session and series pages.
func TestAttackRestoreNotesHideOtherPatients(t *testing.T) {
	c := scheduleFixture(t, testNow)
	maria := c.mustSeries(t, c.weekly(c.maria, c.paula, c.room2, "2026-12-07"))
	mustExec(t, c.db, `UPDATE patients SET deleted_at = '2026-12-04T10:00:00Z' WHERE id = ?`, c.maria)
	if err := c.db.EnsureHorizon(c.ctx, "2027-04-30"); err != nil {
		t.Fatal(err)
	}
	// While Maria is deleted, Ana's patient Carla takes her room on
	// 14/12 (a stored row), on 15/03 (past Maria's rows) and every
	// Monday from 03/05/2027 (past the horizon).
	c.mustSession(t, c.oneOff(c.carla, c.ana, c.room2, "2026-12-14", "14:20", 50))
	c.mustSession(t, c.oneOff(c.carla, c.ana, c.room2, "2027-03-15", "14:00", 50))
	c.mustSeries(t, c.weekly(c.carla, c.ana, c.room2, "2027-05-03"))

	res, err := c.db.RestorePatient(c.ctx, scheduleReception, c.maria)
	if err != nil {
		t.Fatalf("RestorePatient: %v", err)
	}
	if len(res.Warnings) != 3 {
		t.Fatalf("warnings %q, want the cancelled, the skipped and the ended", res.Warnings)
	}
	// The receptionist sees everything.
	scheduleWantContains(t, strings.Join(res.Warnings, " "), "Carla D.")

	paula := schedulePsychologist(c.paula)
	var texts []string
	for _, date := range []string{"2026-12-14", "2027-03-15"} {
		var id int64
		err := c.db.read.QueryRow(`SELECT id FROM sessions WHERE series_id = ?
			AND occurrence_date = ?`, maria.ID, date).Scan(&id)
		if err != nil {
			t.Fatalf("Maria's session on %s: %v", date, err)
		}
		s, err := c.db.SessionByID(c.ctx, paula, id)
		if err != nil {
			t.Fatalf("Paula reads her session %d: %v", id, err)
		}
		if s.Status != StatusCancelledClinic {
			t.Errorf("Maria's %s session is %s, want cancelled by the clinic", date, s.Status)
		}
		texts = append(texts, s.Notes)
	}
	se, err := c.db.SeriesByID(c.ctx, paula, maria.ID)
	if err != nil {
		t.Fatal(err)
	}
	texts = append(texts, se.EndedReason)
	for _, text := range texts {
		if text == "" {
			t.Errorf("a restore left no reason on Paula's booking")
		}
		if strings.Contains(text, "Carla") {
			t.Errorf("Paula reads another psychologist's patient: %q", text)
		}
		if !strings.Contains(text, "Dra. Ana") {
			t.Errorf("%q does not say whose session holds the slot", text)
		}
	}
}
