//go:build cgo && sqlite_fts5

package store

import (
	"database/sql"
	"errors"
	"fmt"

	"github.com/mattn/go-sqlite3"
)

// The Linux driver: github.com/mattn/go-sqlite3, the SQLite C library through
// cgo (built with -tags sqlite_fts5, which also compiles FTS5 in). An import
// runs about twice as fast as with the pure-Go driver and takes less memory;
// the desktop build needs cgo for GTK/WebKit anyway. Windows builds keep the
// pure-Go driver (driver_modernc.go).

// driverName is the database/sql driver; keep every driver specific inside this package.
const driverName = "trailbook-sqlite3"

// Driver names the SQLite driver compiled in.
const Driver = "github.com/mattn/go-sqlite3 (cgo)"

func init() {
	// A driver of our own name: its connect hook runs the connection pragmas.
	sql.Register(driverName, &sqlite3.SQLiteDriver{ConnectHook: func(c *sqlite3.SQLiteConn) error {
		for _, p := range connPragmas() {
			if _, err := c.Exec("PRAGMA "+p, nil); err != nil {
				return fmt.Errorf("connection pragma %s: %w", p, err)
			}
		}
		return nil
	}})
}

// dsn is the file name: the pragmas run in the connect hook.
func dsn(path string) string { return path }

// omitNullArgs: the driver clears a statement's bindings before binding, so a
// NULL argument need not be passed (each bind is a cgo call).
const omitNullArgs = true

// resultCode is SQLite's extended result code inside err, if it holds one.
func resultCode(err error) (int, bool) {
	var e sqlite3.Error
	if err == nil || !errors.As(err, &e) {
		return 0, false
	}
	return int(e.ExtendedCode), true
}
