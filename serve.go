package main

import (
	"context"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"time"

	"github.com/pkg/browser"

	"kpsicologia/app/demo"
	"kpsicologia/app/lockfile"
	"kpsicologia/app/logfile"
	"kpsicologia/app/sqlite"
	"kpsicologia/app/web"
)

const (
	defaultAddr    = "127.0.0.1:8080"
	backupInterval = 24 * time.Hour
	// portTries is how many ports after a busy default port are tried.
	portTries = 20
)

// config holds the settings taken from the flags and the environment.
type config struct {
	addr      string
	addrGiven bool
	dataDir   string
	noBrowser bool
	demo      bool
}

func defaultDataDir() string {
	dir, err := os.UserConfigDir()
	if err != nil {
		dir = "."
	}
	return filepath.Join(dir, "KPsicologia")
}

// dataFlag registers -data on fs with the KPSI_DATA default.
func dataFlag(fs *flag.FlagSet, getenv func(string) string) *string {
	def := getenv("KPSI_DATA")
	if def == "" {
		def = defaultDataDir()
	}
	return fs.String("data", def, "data folder: database, backups and logs (env KPSI_DATA)")
}

func parseServeFlags(args []string, getenv func(string) string, stderr io.Writer) (config, bool, error) {
	fs := flag.NewFlagSet("kpsicologia", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addrDef := getenv("KPSI_ADDR")
	addr := fs.String("addr", "", "address to listen on, such as 127.0.0.1:8080 or 0.0.0.0:8080 for the clinic's network (env KPSI_ADDR; default "+defaultAddr+")")
	data := dataFlag(fs, getenv)
	noBrowser := fs.Bool("no-browser", false, "do not open the browser after starting")
	demo := fs.Bool("demo", false, "fill an empty database with a generated demo clinic, then start")
	showVersion := fs.Bool("version", false, "print the version and exit")
	if err := fs.Parse(args); err != nil {
		return config{}, false, err
	}
	if *showVersion {
		return config{}, true, nil
	}
	c := config{addr: *addr, dataDir: *data, noBrowser: *noBrowser, demo: *demo}
	switch {
	case c.addr != "":
		c.addrGiven = true
	case addrDef != "":
		c.addr, c.addrGiven = addrDef, true
	default:
		c.addr = defaultAddr
	}
	return c, false, nil
}

// newLogger logs to stderr and to a rotating file in the data folder.
func newLogger(dataDir string, stderr io.Writer) (*slog.Logger, *logfile.Writer, error) {
	lf, err := logfile.Open(filepath.Join(dataDir, "logs", "kpsicologia.log"), 5<<20, 5)
	if err != nil {
		return nil, nil, err
	}
	h := slog.NewMultiHandler(
		slog.NewTextHandler(stderr, nil),
		slog.NewJSONHandler(lf, nil),
	)
	return slog.New(h), lf, nil
}

// sessionKeys reads the cookie keys from the data folder, creating them on
// the first start: 32 bytes to sign and 32 to encrypt.
func sessionKeys(dataDir string) ([][]byte, error) {
	path := filepath.Join(dataDir, "session.key")
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		b = make([]byte, 64)
		rand.Read(b)
		if err := os.WriteFile(path, b, 0o600); err != nil {
			return nil, fmt.Errorf("write session keys: %w", err)
		}
	} else if err != nil {
		return nil, fmt.Errorf("read session keys: %w", err)
	}
	if len(b) != 64 {
		return nil, fmt.Errorf("session keys in %s are damaged: delete the file "+
			"to create new ones (everyone will log in again)", path)
	}
	return [][]byte{b[:32], b[32:]}, nil
}

// listen listens on addr. When the default address's port is taken it
// tries the next ports and logs the one it took. An address the user
// chose must be free.
func listen(c config, log *slog.Logger) (net.Listener, error) {
	ln, err := net.Listen("tcp", c.addr)
	if err == nil || c.addrGiven || !errors.Is(err, syscall.EADDRINUSE) {
		if err != nil {
			return nil, fmt.Errorf("listen on %s: %w (choose another with -addr)", c.addr, err)
		}
		return ln, nil
	}
	host, portText, _ := net.SplitHostPort(c.addr)
	port, _ := strconv.Atoi(portText)
	for p := port + 1; p <= port+portTries; p++ {
		try := net.JoinHostPort(host, strconv.Itoa(p))
		ln, err2 := net.Listen("tcp", try)
		if err2 == nil {
			log.Warn("default port taken, using the next free one",
				"wanted", c.addr, "addr", try)
			return ln, nil
		}
	}
	return nil, fmt.Errorf("listen on %s: %w; ports up to %d are taken too", c.addr, err, port+portTries)
}

// lanURL returns the URL other devices on the clinic's network type when
// the server listens on all interfaces, or "".
func lanURL(ln net.Listener) string {
	tcp, ok := ln.Addr().(*net.TCPAddr)
	if !ok || !tcp.IP.IsUnspecified() {
		return ""
	}
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		return ""
	}
	for _, a := range addrs {
		ipnet, ok := a.(*net.IPNet)
		if ok && ipnet.IP.IsPrivate() && ipnet.IP.To4() != nil {
			return fmt.Sprintf("http://%s:%d", ipnet.IP, tcp.Port)
		}
	}
	return ""
}

func serve(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	c, showVersion, err := parseServeFlags(args, getenv, stderr)
	if err != nil {
		return err
	}
	if showVersion {
		fmt.Fprintln(stdout, "kpsicologia", version)
		return nil
	}

	lock, err := lockDataDir(c.dataDir, "another KPsicologia is already "+
		"running with the data folder %s; use that one, or close it first: "+
		"two programs writing one database can lose the clinic's data")
	if err != nil {
		return err
	}
	defer lock.Unlock()

	log, lf, err := newLogger(c.dataDir, stderr)
	if err != nil {
		return err
	}
	defer lf.Close()
	log.Info("starting", "version", version, "data", c.dataDir, "pid", os.Getpid())

	db, err := sqlite.Open(ctx, filepath.Join(c.dataDir, "kpsicologia.db"), schemaSQL)
	if err != nil {
		log.Error("open database", "err", err)
		return err
	}
	defer func() {
		if err := db.Close(); err != nil {
			log.Error("close database", "err", err)
		}
		log.Info("stopped")
	}()

	if c.demo {
		ok, err := db.IsSetUp(ctx)
		if err != nil {
			return err
		}
		if ok {
			log.Info("demo: the database already has a clinic; starting it as it is")
		} else if err := fillDemo(ctx, db, demo.Small, 1, getenv, stdout); err != nil {
			return err
		}
	}

	// Series sessions exist as rows twelve weeks ahead. Bookings and
	// agenda reads extend them too; this catches up after days closed.
	if err := db.EnsureHorizon(ctx, ""); err != nil {
		log.Error("extend the schedule horizon", "err", err)
	}

	keys, err := sessionKeys(c.dataDir)
	if err != nil {
		return err
	}
	ln, err := listen(c, log)
	if err != nil {
		return err
	}
	lan := lanURL(ln)
	srv, err := web.New(web.Config{DB: db, Assets: assets(), Logger: log,
		SessionKeys: keys, DataDir: c.dataDir, Version: version, LANAddress: lan})
	if err != nil {
		ln.Close()
		return err
	}

	hs := &http.Server{
		Handler:           srv,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       5 * time.Minute, // spreadsheet uploads
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()

	url := "http://" + ln.Addr().String()
	if tcp, ok := ln.Addr().(*net.TCPAddr); ok && tcp.IP.IsUnspecified() {
		url = fmt.Sprintf("http://127.0.0.1:%d", tcp.Port)
	}
	log.Info("listening", "addr", ln.Addr().String(), "url", url, "lan_url", lan)
	fmt.Fprintf(stdout, "KPsicologia listening on %s\n", url)
	if lan != "" {
		fmt.Fprintf(stdout, "On the clinic's network: %s\n", lan)
	}

	bgCtx, stopBackground := context.WithCancel(ctx)
	defer stopBackground()
	backupDone := make(chan struct{})
	go func() {
		defer close(backupDone)
		backupLoop(bgCtx, db, filepath.Join(c.dataDir, "backups"), log)
	}()
	// The database closes only after the backup loop has stopped, so a
	// backup is never cut off by the close.
	defer func() {
		stopBackground()
		<-backupDone
	}()

	if !c.noBrowser {
		go func() {
			if err := browser.OpenURL(url); err != nil {
				log.Warn("open browser", "err", err, "url", url)
			}
		}()
	}

	select {
	case err := <-served:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	log.Info("stopping: finishing requests in flight")
	stopBackground()
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdownCtx); err != nil {
		log.Error("shutdown", "err", err)
	}
	return nil
}

// backupLoop backs up at start and then every backupInterval until ctx
// ends. A failed backup is logged; the dashboard's warning shows the rest.
func backupLoop(ctx context.Context, db *sqlite.DB, dir string, log *slog.Logger) {
	for {
		// A backup that has started finishes even when the program is
		// stopping, because a half-written one is worth nothing.
		b, err := db.BackupNow(context.WithoutCancel(ctx), dir)
		if err != nil {
			if ctx.Err() == nil {
				log.Error("backup failed", "err", err)
			}
		} else {
			log.Info("backup written", "file", b.Path, "bytes", b.Size)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(backupInterval):
		}
	}
}

// lockDataDir creates the data folder if needed and takes its lock, so
// no two programs write one clinic database. busy is the message when
// another program holds the lock; it gets the folder as its %s.
func lockDataDir(dir, busy string) (*lockfile.Lock, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create data folder: %w", err)
	}
	lock, err := lockfile.Acquire(filepath.Join(dir, "kpsicologia.lock"))
	if errors.Is(err, lockfile.ErrLocked) {
		return nil, fmt.Errorf(busy+" (%v)", dir, err)
	}
	return lock, err
}
