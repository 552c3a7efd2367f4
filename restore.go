package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"kpsicologia/app/sqlite"
)

// runRestore replaces the clinic's database with a backup file, after
// copying the current one aside. It takes the data folder's lock, so it
// refuses to run while the server is running.
func runRestore(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("kpsicologia restore", flag.ContinueOnError)
	fs.SetOutput(stderr)
	data := dataFlag(fs, getenv)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: kpsicologia restore [-data DIR] FILE")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errors.New("restore needs exactly one backup FILE")
	}
	from := fs.Arg(0)

	lock, err := lockDataDir(*data, "KPsicologia is running with %s: close it, then restore")
	if err != nil {
		return err
	}
	defer lock.Unlock()

	dbPath := filepath.Join(*data, "kpsicologia.db")
	aside, err := sqlite.Restore(ctx, from, dbPath, time.Now())
	if err != nil {
		return fmt.Errorf("restore %s: %w", from, err)
	}
	if aside != "" {
		fmt.Fprintf(stdout, "The previous database was kept as %s\n", aside)
	}
	fmt.Fprintf(stdout, "Restored %s into %s\n", from, dbPath)
	return nil
}
