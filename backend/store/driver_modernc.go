//go:build !(cgo && sqlite_fts5)

package store

import (
	"errors"
	"strings"

	_ "modernc.org/sqlite" // registers the pure-Go "sqlite" driver
)

// The default driver: modernc.org/sqlite, SQLite translated to Go. It needs no
// C toolchain, so Windows builds (CGO_ENABLED=0) and plain `go test` use it.
// Linux builds pass -tags sqlite_fts5 and get the faster cgo driver instead
// (driver_mattn.go).

// driverName is the database/sql driver; keep every driver specific inside this package.
const driverName = "sqlite"

// Driver names the SQLite driver compiled in.
const Driver = "modernc.org/sqlite (pure Go)"

// dsn builds the driver's connection string: modernc runs each _pragma on
// every new connection.
func dsn(path string) string {
	var b strings.Builder
	b.WriteString(path)
	for i, p := range connPragmas() {
		if i == 0 {
			b.WriteByte('?')
		} else {
			b.WriteByte('&')
		}
		name, value, _ := strings.Cut(p, " = ")
		b.WriteString("_pragma=" + name + "(" + value + ")")
	}
	return b.String()
}

// omitNullArgs: this driver wants every argument of a statement.
const omitNullArgs = false

// resultCode is SQLite's extended result code inside err, if it holds one.
func resultCode(err error) (int, bool) {
	var coded interface{ Code() int }
	if err == nil || !errors.As(err, &coded) {
		return 0, false
	}
	return coded.Code(), true
}
