//go:build !(cgo && sqlite_fts5)

package store

// bulkInsert: the pure-Go driver binds values without crossing into C, so
// chunks are inserted with multi-row INSERT statements (see bulk_mattn.go).
const bulkInsert = false
