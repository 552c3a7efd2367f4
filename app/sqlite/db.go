// Package sqlite is the clinic's store: a SQLite database opened through
// modernc.org/sqlite with one writer connection and a wider reader pool.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"runtime"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// DB is an open clinic database. Writes go through a pool of exactly one
// connection whose transactions begin IMMEDIATE, so concurrent writers queue
// on the Go side instead of failing with SQLITE_BUSY; reads use the wider
// pool and see the last committed state thanks to WAL.
type DB struct {
	Path  string
	write *sql.DB
	read  *sql.DB

	// BcryptCost is the password hashing cost; 0 means bcrypt.DefaultCost.
	// Tests lower it to keep -race runs fast.
	BcryptCost int

	// Now returns the current instant; tests replace it.
	Now func() time.Time
}

// dsn builds the connection string. busy_timeout comes first so that the
// pragmas after it already wait for a lock instead of failing.
func dsn(path string, immediate bool) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Add("_pragma", "foreign_keys(on)")
	if immediate {
		q.Add("_txlock", "immediate")
	}
	return "file:" + filepath.ToSlash(path) + "?" + q.Encode()
}

// Open opens (creating if needed) the database at path and brings its
// schema up to date with schemaSQL.
func Open(ctx context.Context, path, schemaSQL string) (*DB, error) {
	write, err := sql.Open("sqlite", dsn(path, true))
	if err != nil {
		return nil, fmt.Errorf("sqlite: open writer: %w", err)
	}
	write.SetMaxOpenConns(1)
	write.SetConnMaxIdleTime(0)

	read, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("sqlite: open reader: %w", err)
	}
	n := max(4, runtime.NumCPU()*2)
	read.SetMaxOpenConns(n)
	read.SetMaxIdleConns(n)

	db := &DB{Path: path, write: write, read: read, Now: time.Now}
	if err := db.migrate(ctx, schemaSQL); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// Close closes both pools. The writer closes last so the WAL is
// checkpointed by the final connection.
func (db *DB) Close() error {
	rerr := db.read.Close()
	werr := db.write.Close()
	return errors.Join(rerr, werr)
}

// Ping checks that the database answers a query.
func (db *DB) Ping(ctx context.Context) error {
	var one int
	if err := db.read.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
		return fmt.Errorf("sqlite: ping: %w", err)
	}
	return nil
}

// Read returns the reader pool for queries.
func (db *DB) Read() *sql.DB { return db.read }

// WriteTx runs fn in one IMMEDIATE transaction on the writer connection and
// commits when fn returns nil. Checks and writes inside fn see a database
// no other writer can change until the commit.
func (db *DB) WriteTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqlite: begin: %w", err)
	}
	defer tx.Rollback()

	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("sqlite: commit: %w", err)
	}
	return nil
}

// ReadTx runs fn in a read-only transaction, so the queries of one page
// see one consistent snapshot.
func (db *DB) ReadTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("sqlite: begin read: %w", err)
	}
	defer tx.Rollback()
	return fn(tx)
}

// nowText returns the current instant as UTC RFC 3339 text, the format of
// every *_at column.
func (db *DB) nowText() string {
	return db.Now().UTC().Format(time.RFC3339)
}
