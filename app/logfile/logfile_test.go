package logfile

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWriterRotates(t *testing.T) {
	path := filepath.Join(t.TempDir(), "logs", "app.log")
	w, err := Open(path, 100, 2)
	if err != nil {
		t.Fatal(err)
	}
	line := strings.Repeat("x", 39) + "\n" // 40 bytes
	for i := 0; i < 10; i++ {
		if _, err := w.Write([]byte(line)); err != nil {
			t.Fatal(err)
		}
	}
	w.Close()

	for _, name := range []string{path, path + ".1", path + ".2"} {
		info, err := os.Stat(name)
		if err != nil {
			t.Fatalf("%s missing: %v", name, err)
		}
		if info.Size() > 100 {
			t.Errorf("%s is %d bytes, over the 100-byte cap", name, info.Size())
		}
	}
	if _, err := os.Stat(path + ".3"); err == nil {
		t.Error("kept a third old file, want at most 2")
	}
}
