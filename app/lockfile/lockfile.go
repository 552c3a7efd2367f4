// Package lockfile keeps a second program from opening the same clinic
// data folder. It holds an operating-system lock on a file, which the
// system releases when the process dies, even by SIGKILL or a power cut,
// so a crash never leaves a stale lock behind.
package lockfile

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// ErrLocked is returned when another process holds the lock.
var ErrLocked = errors.New("lockfile: locked by another process")

// Lock is a held lock; Unlock releases it.
type Lock struct {
	f *os.File
}

// Acquire takes the lock on path, creating the file if needed, and writes
// this process's id into it. It fails at once with ErrLocked, wrapped with
// the holder's process id when known, instead of waiting.
func Acquire(path string) (*Lock, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("lockfile: open %s: %w", path, err)
	}
	if err := lockFile(f); err != nil {
		holder := readPID(f)
		f.Close()
		if holder != "" {
			return nil, fmt.Errorf("%w (process %s)", ErrLocked, holder)
		}
		return nil, ErrLocked
	}
	f.Truncate(0)
	f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	return &Lock{f: f}, nil
}

func readPID(f *os.File) string {
	b := make([]byte, 32)
	n, _ := f.ReadAt(b, 0)
	return strings.TrimSpace(string(b[:n]))
}

// Unlock releases the lock. The file stays, so the next Acquire needs no
// create race.
func (l *Lock) Unlock() error {
	if l == nil || l.f == nil {
		return nil
	}
	unlockFile(l.f)
	err := l.f.Close()
	l.f = nil
	return err
}
