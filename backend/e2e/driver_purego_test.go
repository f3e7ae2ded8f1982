//go:build !(cgo && sqlite_fts5)

package e2e_test

// sqliteTags builds the binary under test with the SQLite driver this test
// binary was built with (see backend/store/driver_*.go).
const sqliteTags = ""
