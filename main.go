// Command kpsicologia is KPsicologia CRM: practice-management software for
// Brazilian psychology clinics. It serves the clinic's web pages from one
// executable with an embedded SQLite database.
//
// Usage:
//
//	kpsicologia [-addr HOST:PORT] [-data DIR] [-no-browser] [-demo]
//	kpsicologia restore [-data DIR] FILE
//	kpsicologia import [-data DIR] [-dry-run] [-json] [-unit NAME] FILE
//	kpsicologia demo [-data DIR] [-size small|large] [-seed N]
//	kpsicologia -version
package main

import (
	"context"
	"embed"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // America/Sao_Paulo on a Windows PC without Go
)

// version is stamped by build.sh with -ldflags "-X main.version=...".
var version = "dev"

//go:embed schema.sql
var schemaSQL string

//go:embed assets/templates assets/static
var embedded embed.FS

// assets returns the embedded assets folder as the root of an fs.FS.
func assets() fs.FS {
	sub, err := fs.Sub(embedded, "assets")
	if err != nil {
		panic(err) // the embed pattern above guarantees the folder
	}
	return sub
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "kpsicologia:", err)
		os.Exit(1)
	}
}

// run is the whole program, so tests can call it with their own
// arguments, environment and output.
func run(ctx context.Context, args []string, getenv func(string) string,
	stdout, stderr io.Writer) error {
	if len(args) > 0 {
		switch args[0] {
		case "restore":
			return runRestore(ctx, args[1:], getenv, stdout, stderr)
		case "demo":
			return runDemo(ctx, args[1:], getenv, stdout, stderr)
		case "import":
			return runImport(ctx, args[1:], getenv, stdout, stderr)
		}
	}
	return serve(ctx, args, getenv, stdout, stderr)
}
