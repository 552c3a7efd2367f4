// Package logfile is a size-capped log file that rotates itself:
// kpsicologia.log grows to MaxSize bytes, then becomes kpsicologia.log.1
// (the older ones shift up) and a new file starts; at most Keep old files
// remain.
package logfile

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
)

// Writer is an io.Writer safe for concurrent use.
type Writer struct {
	Path    string
	MaxSize int64
	Keep    int

	mu   sync.Mutex
	f    *os.File
	size int64
}

// Open opens (appending to) the log file at path.
func Open(path string, maxSize int64, keep int) (*Writer, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("logfile: create folder: %w", err)
	}
	w := &Writer{Path: path, MaxSize: maxSize, Keep: keep}
	if err := w.open(); err != nil {
		return nil, err
	}
	return w, nil
}

func (w *Writer) open() error {
	f, err := os.OpenFile(w.Path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return fmt.Errorf("logfile: open %s: %w", w.Path, err)
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return fmt.Errorf("logfile: stat %s: %w", w.Path, err)
	}
	w.f, w.size = f, info.Size()
	return nil
}

// Write appends p, rotating first when p would take the file past
// MaxSize.
func (w *Writer) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.f == nil {
		return 0, os.ErrClosed
	}
	if w.size > 0 && w.size+int64(len(p)) > w.MaxSize {
		if err := w.rotate(); err != nil {
			return 0, err
		}
	}
	n, err := w.f.Write(p)
	w.size += int64(n)
	return n, err
}

func (w *Writer) rotate() error {
	w.f.Close()
	os.Remove(fmt.Sprintf("%s.%d", w.Path, w.Keep))
	for i := w.Keep - 1; i >= 1; i-- {
		os.Rename(fmt.Sprintf("%s.%d", w.Path, i), fmt.Sprintf("%s.%d", w.Path, i+1))
	}
	if w.Keep > 0 {
		os.Rename(w.Path, w.Path+".1")
	} else {
		os.Remove(w.Path)
	}
	return w.open()
}

// Close closes the file.
func (w *Writer) Close() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.f == nil {
		return nil
	}
	err := w.f.Close()
	w.f = nil
	return err
}
