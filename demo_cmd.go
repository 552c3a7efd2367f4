package main

import (
	"context"
	"crypto/rand"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"kpsicologia/app/demo"
	"kpsicologia/app/sqlite"
)

// runDemo fills a new data folder with a generated clinic and exits.
func runDemo(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("kpsicologia demo", flag.ContinueOnError)
	fs.SetOutput(stderr)
	data := dataFlag(fs, getenv)
	size := fs.String("size", "small", "clinic size: small (12 psychologists, 2 years) or large (60 psychologists, 5 years)")
	seed := fs.Uint64("seed", 1, "random seed; the same seed gives the same clinic")
	if err := fs.Parse(args); err != nil {
		return err
	}
	sz, err := demo.SizeByName(*size)
	if err != nil {
		return err
	}

	lock, err := lockDataDir(*data, "KPsicologia is running with %s: close it first")
	if err != nil {
		return err
	}
	defer lock.Unlock()

	db, err := sqlite.Open(ctx, filepath.Join(*data, "kpsicologia.db"), schemaSQL)
	if err != nil {
		return err
	}
	defer db.Close()
	return fillDemo(ctx, db, sz, *seed, getenv, stdout)
}

// fillDemo generates the demo clinic into db and prints the accounts and
// their password once.
func fillDemo(ctx context.Context, db *sqlite.DB, size demo.Size, seed uint64,
	getenv func(string) string, stdout io.Writer) error {
	password := getenv("KPSI_DEMO_PASSWORD")
	generated := password == ""
	if generated {
		password = demoPassword()
	}
	loc, err := time.LoadLocation("America/Sao_Paulo")
	if err != nil {
		return fmt.Errorf("load time zone: %w", err)
	}

	began := time.Now()
	fmt.Fprintf(stdout, "Generating the %s demo clinic (seed %d)...\n", size.Name, seed)
	res, err := demo.Generate(ctx, db, demo.Options{Size: size, Seed: seed,
		Password: password, Now: time.Now(), Location: loc, Log: stdout})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Demo clinic ready in %s: %d units, %d rooms, %d psychologists, "+
		"%d patients, %d series, %d sessions, %d charges, %d payments, %d expenses.\n",
		time.Since(began).Round(time.Second), res.Units, res.Rooms, res.Psychologists,
		res.Patients, res.Series, res.Sessions, res.Charges, res.Payments, res.Expenses)
	fmt.Fprintf(stdout, "Accounts: admin, recepcao and one per psychologist (%s, ...).\n",
		strings.Join(res.Usernames[2:min(len(res.Usernames), 4)], ", "))
	if generated {
		fmt.Fprintf(stdout, "Password of every demo account (shown only now): %s\n", password)
	} else {
		fmt.Fprintln(stdout, "Password of every demo account: the one in KPSI_DEMO_PASSWORD.")
	}
	return nil
}

// demoPassword returns a random 12-character password without look-alike
// characters.
func demoPassword() string {
	const alphabet = "abcdefghijkmnpqrstuvwxyz23456789"
	b := make([]byte, 12)
	rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}
