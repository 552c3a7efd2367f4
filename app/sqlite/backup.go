package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

// KeepBackups is how many good backups pruning keeps.
const KeepBackups = 30

// backupPrefix and backupSuffix frame a backup's file name, whose middle is
// the UTC time it was taken, so names sort in time order.
const (
	backupPrefix = "kpsicologia-"
	backupSuffix = ".db"
	backupStamp  = "2006-01-02T150405Z"
)

// Backup is one backup file.
type Backup struct {
	Name    string
	Path    string
	Size    int64
	TakenAt time.Time
	// seq tells apart backups taken in the same second: 0 for the first,
	// then 1, 2... from the "-N" before the suffix.
	seq int
}

// BackupNow writes a copy of the database into dir with VACUUM INTO,
// checks the copy with PRAGMA integrity_check, and only then prunes dir to
// the KeepBackups newest files. A copy that fails the check is removed and
// nothing is pruned.
func (db *DB) BackupNow(ctx context.Context, dir string) (Backup, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return Backup{}, fmt.Errorf("sqlite: create backup folder: %w", err)
	}
	now := db.Now().UTC()
	name := backupPrefix + now.Format(backupStamp) + backupSuffix
	path := filepath.Join(dir, name)
	// Two backups in one second would collide; the later one waits for
	// a free name instead of overwriting (VACUUM INTO refuses to).
	for i := 1; fileExists(path); i++ {
		name = fmt.Sprintf("%s%s-%d%s", backupPrefix, now.Format(backupStamp), i, backupSuffix)
		path = filepath.Join(dir, name)
	}

	// The copy is written under a temporary name and renamed only after it
	// passes its check, so the backup list never shows a partial file.
	tmp := path + ".partial"
	os.Remove(tmp)
	if _, err := db.read.ExecContext(ctx, "VACUUM INTO ?", tmp); err != nil {
		os.Remove(tmp)
		return Backup{}, fmt.Errorf("sqlite: vacuum into %s: %w", tmp, err)
	}
	if err := CheckFile(ctx, tmp); err != nil {
		os.Remove(tmp)
		return Backup{}, err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return Backup{}, fmt.Errorf("sqlite: name backup: %w", err)
	}
	if err := pruneBackups(dir, KeepBackups); err != nil {
		return Backup{}, err
	}

	info, err := os.Stat(path)
	if err != nil {
		return Backup{}, fmt.Errorf("sqlite: stat backup: %w", err)
	}
	return Backup{Name: name, Path: path, Size: info.Size(), TakenAt: now}, nil
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// Backups lists the backup files in dir, newest first.
func Backups(dir string) ([]Backup, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("sqlite: list backups: %w", err)
	}
	var out []Backup
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasPrefix(name, backupPrefix) ||
			!strings.HasSuffix(name, backupSuffix) {
			continue
		}
		stamp := strings.TrimSuffix(strings.TrimPrefix(name, backupPrefix), backupSuffix)
		if len(stamp) < len(backupStamp) {
			continue
		}
		t, err := time.Parse(backupStamp, stamp[:len(backupStamp)])
		if err != nil {
			continue
		}
		seq := 0
		if rest := stamp[len(backupStamp):]; rest != "" {
			seq, err = strconv.Atoi(strings.TrimPrefix(rest, "-"))
			if err != nil || !strings.HasPrefix(rest, "-") {
				continue
			}
		}
		info, err := e.Info()
		if err != nil {
			continue
		}
		out = append(out, Backup{Name: name, Path: filepath.Join(dir, name),
			Size: info.Size(), TakenAt: t, seq: seq})
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].TakenAt.Equal(out[j].TakenAt) {
			return out[i].TakenAt.After(out[j].TakenAt)
		}
		return out[i].seq > out[j].seq
	})
	return out, nil
}

func pruneBackups(dir string, keep int) error {
	all, err := Backups(dir)
	if err != nil {
		return err
	}
	for i := keep; i < len(all); i++ {
		if err := os.Remove(all[i].Path); err != nil {
			return fmt.Errorf("sqlite: prune backup: %w", err)
		}
	}
	return nil
}

// CheckFile opens the SQLite file at path read-only and checks that it is
// a KPsicologia database that passes PRAGMA integrity_check.
func CheckFile(ctx context.Context, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	header := make([]byte, 16)
	_, err = io.ReadFull(f, header)
	f.Close()
	if err != nil || string(header) != "SQLite format 3\x00" {
		return fmt.Errorf("sqlite: %s is not a SQLite database", path)
	}

	conn, err := sql.Open("sqlite", "file:"+filepath.ToSlash(path)+"?mode=ro")
	if err != nil {
		return fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	defer conn.Close()

	var result string
	if err := conn.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&result); err != nil {
		return fmt.Errorf("sqlite: integrity check of %s: %w", path, err)
	}
	if result != "ok" {
		return fmt.Errorf("sqlite: integrity check of %s failed: %s", path, result)
	}
	var tables int
	err = conn.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master
		WHERE type = 'table' AND name IN ('settings', 'users', 'audit_log')`).Scan(&tables)
	if err != nil || tables != 3 {
		return fmt.Errorf("sqlite: %s is not a KPsicologia database "+
			"(no settings, users and audit_log tables)", path)
	}
	return nil
}

// Restore replaces the database at dbPath with the backup at from. The
// current database, with its WAL, is first copied aside next to it as
// NAME.before-restore-TIME; that path is returned. The caller must hold
// the data folder's lock so no server is using dbPath.
func Restore(ctx context.Context, from, dbPath string, now time.Time) (string, error) {
	if err := CheckFile(ctx, from); err != nil {
		return "", err
	}

	aside := ""
	if fileExists(dbPath) {
		// Fold the WAL into the main file first, so the copy aside is one
		// complete file.
		if err := checkpoint(ctx, dbPath); err != nil {
			return "", err
		}
		aside = dbPath + ".before-restore-" + now.UTC().Format(backupStamp)
		if err := copyFile(dbPath, aside); err != nil {
			return "", err
		}
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		if err := os.Remove(dbPath + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			return aside, fmt.Errorf("sqlite: remove %s: %w", suffix, err)
		}
	}

	tmp := dbPath + ".restoring"
	if err := copyFile(from, tmp); err != nil {
		return aside, err
	}
	if err := os.Rename(tmp, dbPath); err != nil {
		return aside, fmt.Errorf("sqlite: replace database: %w", err)
	}
	return aside, nil
}

func checkpoint(ctx context.Context, path string) error {
	conn, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		return fmt.Errorf("sqlite: open for checkpoint: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		return fmt.Errorf("sqlite: checkpoint: %w", err)
	}
	return nil
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return fmt.Errorf("sqlite: copy %s: %w", from, err)
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return fmt.Errorf("sqlite: copy to %s: %w", to, err)
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return fmt.Errorf("sqlite: copy to %s: %w", to, err)
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return fmt.Errorf("sqlite: sync %s: %w", to, err)
	}
	return out.Close()
}
