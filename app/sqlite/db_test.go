package sqlite

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// schemaOf lists the tables and indexes of a database with their SQL,
// normalized for whitespace, so two schemas can be compared.
func schemaOf(t *testing.T, db *sql.DB) map[string]string {
	t.Helper()
	rows, err := db.Query(`SELECT type || ' ' || name, coalesce(sql, '')
		FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var name, text string
		rows.Scan(&name, &text)
		out[name] = strings.Join(strings.Fields(strings.ReplaceAll(text, "IF NOT EXISTS ", "")), " ")
	}
	return out
}

func TestOpenUpgradesVersion1(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	old, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	v1, err := os.ReadFile(filepath.Join("testdata", "v1.sql"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := old.Exec(string(v1)); err != nil {
		t.Fatalf("build version 1 database: %v", err)
	}
	old.Close()

	db, err := Open(context.Background(), path, readSchema(t))
	if err != nil {
		t.Fatalf("Open old database: %v", err)
	}
	defer db.Close()

	var version int
	db.read.QueryRow("PRAGMA user_version").Scan(&version)
	if version != SchemaVersion {
		t.Errorf("user_version = %d, want %d", version, SchemaVersion)
	}

	counts := map[string]int{"settings": 2, "users": 2, "audit_log": 2}
	for table, want := range counts {
		var n int
		db.read.QueryRow("SELECT count(*) FROM " + table).Scan(&n)
		if n != want {
			t.Errorf("%s has %d rows after upgrade, want %d", table, n, want)
		}
	}
	name, _ := db.Setting(context.Background(), SettingClinicName, "")
	if name != "Clínica Versão Um" {
		t.Errorf("clinic name = %q after upgrade", name)
	}
	u, err := db.UserByID(context.Background(), 2)
	if err != nil || u.Username != "recepcao" || u.Active {
		t.Errorf("user 2 = %+v, %v; want inactive recepcao", u, err)
	}

	fresh := mustOpen(t, testNow)
	want := schemaOf(t, fresh.read)
	got := schemaOf(t, db.read)
	for name, sqlText := range want {
		if got[name] != sqlText {
			t.Errorf("upgraded %s differs from a new database:\n got %s\nwant %s", name, got[name], sqlText)
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			t.Errorf("upgraded database has %s, which a new database lacks", name)
		}
	}
}

func TestOpenRejectsNewerDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "newer.db")
	conn, _ := sql.Open("sqlite", "file:"+path)
	conn.Exec(fmt.Sprintf("PRAGMA user_version = %d", SchemaVersion+1))
	conn.Close()
	_, err := Open(context.Background(), path, readSchema(t))
	if err == nil || !strings.Contains(err.Error(), "newer") {
		t.Errorf("Open newer database error = %v, want a 'newer' message", err)
	}
}

// TestConcurrentWriters checks that the one-connection writer queues
// concurrent write transactions instead of failing with SQLITE_BUSY.
func TestConcurrentWriters(t *testing.T) {
	db := mustOpen(t, testNow)
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, 8*200)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				errs <- db.WriteTx(ctx, func(tx *sql.Tx) error {
					_, err := tx.Exec("INSERT INTO settings (key, value) VALUES (?, 'x')",
						fmt.Sprintf("k%d-%d", g, i))
					return err
				})
			}
		}(g)
		// Readers run at the same time on the reader pool.
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				if _, err := db.Settings(ctx); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("concurrent write failed: %v", err)
		}
	}
	var n int
	db.read.QueryRow("SELECT count(*) FROM settings WHERE key LIKE 'k%'").Scan(&n)
	if n != 1600 {
		t.Errorf("stored %d rows, want 1600", n)
	}
}

func TestBackupNowPrunesAndChecks(t *testing.T) {
	db := mustOpen(t, testNow)
	dir := filepath.Join(t.TempDir(), "backups")
	ctx := context.Background()
	mustExec(t, db, "INSERT INTO settings (key, value) VALUES ('clinic_name', 'Backup')")

	at := testNow
	for i := 0; i < KeepBackups+3; i++ {
		at = at.Add(time.Hour)
		now := at
		db.Now = func() time.Time { return now }
		if _, err := db.BackupNow(ctx, dir); err != nil {
			t.Fatalf("backup %d: %v", i, err)
		}
	}
	list, err := Backups(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != KeepBackups {
		t.Fatalf("kept %d backups, want %d", len(list), KeepBackups)
	}
	if !list[0].TakenAt.Equal(at) {
		t.Errorf("newest backup taken at %v, want %v", list[0].TakenAt, at)
	}
	if err := CheckFile(ctx, list[0].Path); err != nil {
		t.Errorf("newest backup fails its check: %v", err)
	}

	// Backups in the same second get their own files and the last one
	// lists first.
	var last Backup
	for i := 0; i < 11; i++ {
		if last, err = db.BackupNow(ctx, dir); err != nil {
			t.Fatalf("backup in the same second: %v", err)
		}
	}
	list, _ = Backups(dir)
	if list[0].Name != last.Name {
		t.Errorf("newest listed %s, want %s", list[0].Name, last.Name)
	}
}

func TestRestoreKeepsCurrentAside(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "kpsicologia.db")

	db, err := Open(ctx, dbPath, readSchema(t))
	if err != nil {
		t.Fatal(err)
	}
	mustExec(t, db, "INSERT INTO settings (key, value) VALUES ('clinic_name', 'Antes')")
	b, err := db.BackupNow(ctx, filepath.Join(dir, "backups"))
	if err != nil {
		t.Fatal(err)
	}
	mustExec(t, db, "UPDATE settings SET value = 'Depois' WHERE key = 'clinic_name'")
	db.Close()

	aside, err := Restore(ctx, b.Path, dbPath, testNow)
	if err != nil {
		t.Fatalf("Restore: %v", err)
	}

	db, err = Open(ctx, dbPath, readSchema(t))
	if err != nil {
		t.Fatal(err)
	}
	name, _ := db.Setting(ctx, SettingClinicName, "")
	db.Close()
	if name != "Antes" {
		t.Errorf("restored clinic name = %q, want Antes", name)
	}

	prev, err := Open(ctx, aside, readSchema(t))
	if err != nil {
		t.Fatalf("open the database kept aside: %v", err)
	}
	name, _ = prev.Setting(ctx, SettingClinicName, "")
	prev.Close()
	if name != "Depois" {
		t.Errorf("database kept aside has %q, want Depois", name)
	}
}

func TestCheckFileRejectsOtherDatabases(t *testing.T) {
	path := filepath.Join(t.TempDir(), "other.db")
	conn, _ := sql.Open("sqlite", "file:"+path)
	conn.Exec("CREATE TABLE notes (id INTEGER PRIMARY KEY)")
	conn.Close()
	err := CheckFile(context.Background(), path)
	if err == nil || !strings.Contains(err.Error(), "not a KPsicologia database") {
		t.Errorf("CheckFile error = %v", err)
	}
}

// TestKillDuringWrites kills a writer process with SIGKILL in the middle
// of a stream of write transactions: every transaction it reported as
// committed must be in the database, which must pass integrity_check.
func TestKillDuringWrites(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process")
	}
	path := filepath.Join(t.TempDir(), "kill.db")
	cmd := exec.Command(os.Args[0], "-test.run=^TestKillChild$")
	cmd.Env = append(os.Environ(), "KPSI_KILL_CHILD_DB="+path)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}

	var committed []int
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		n, err := strconv.Atoi(strings.TrimPrefix(sc.Text(), "committed "))
		if err != nil {
			continue
		}
		committed = append(committed, n)
		if len(committed) == 300 {
			cmd.Process.Signal(syscall.SIGKILL)
			break
		}
	}
	cmd.Wait()
	if len(committed) < 300 {
		t.Fatalf("child committed only %d transactions before exiting", len(committed))
	}

	db, err := Open(context.Background(), path, readSchema(t))
	if err != nil {
		t.Fatalf("reopen after SIGKILL: %v", err)
	}
	defer db.Close()
	var check string
	db.read.QueryRow("PRAGMA integrity_check").Scan(&check)
	if check != "ok" {
		t.Fatalf("integrity_check after SIGKILL = %q", check)
	}
	for _, n := range committed {
		var got int
		err := db.read.QueryRow("SELECT count(*) FROM audit_log WHERE entity_id = ?", n).Scan(&got)
		if err != nil || got != 1 {
			t.Fatalf("committed row %d missing after SIGKILL (count %d, %v)", n, got, err)
		}
	}
}

// TestKillChild is the writer process of TestKillDuringWrites; it does
// nothing unless started by it.
func TestKillChild(t *testing.T) {
	path := os.Getenv("KPSI_KILL_CHILD_DB")
	if path == "" {
		t.Skip("runs only as the child of TestKillDuringWrites")
	}
	db, err := Open(context.Background(), path, readSchema(t))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for i := 1; ; i++ {
		err := db.WriteTx(ctx, func(tx *sql.Tx) error {
			return db.audit(ctx, tx, adminActor, "test", "kill", int64(i), strings.Repeat("x", 200))
		})
		if err != nil {
			t.Fatal(err)
		}
		fmt.Printf("committed %d\n", i)
	}
}
