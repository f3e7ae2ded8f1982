// Package store keeps a Trailbook workspace: one SQLite file holding the
// imported events (append-only, hash-chained), the import batches with their
// rejected rows, the people directory and saved profiles. It is the only
// package that knows the database is SQLite: the driver, the DSN and pragmas,
// FTS5, and the raw insert path live here; the rest goes through bun so the
// portable parts can move to pgdialect. The driver is chosen at build time:
// github.com/mattn/go-sqlite3 (cgo) with -tags sqlite_fts5, as Linux builds
// do; modernc.org/sqlite (pure Go) otherwise, as Windows builds and plain
// `go test` do. Both pass the same tests.
//
// # Schema (migrations/0001_init.sql)
//
//   - events: one row per activity. Instants are INTEGER unix ms (UTC), text is
//     NOT NULL with an empty default, JSON columns (changes, extra, warnings) are NULL when
//     empty, amount_micros and billing_cycles are NULL when absent. actor_key
//     (the lower-cased email, else actor id, else name) is computed on insert.
//     row_hash is activity.Event.ContentHash(occurrence); chain links the rows.
//     Indexes: UNIQUE (occurred_at, row_hash) for dedup and time ranges,
//     (system, kind, occurred_at), (actor_key, system, occurred_at), and
//     target_ref (partial: only rows that have one).
//   - events_fts: FTS5 over description, action, module, target_ref,
//     related_ref, target_name, actor_name, actor_email; external content,
//     filled in bulk when an import commits, kept right by purge and clear.
//   - batches, rejects, people, saved_profiles, meta (workspace id, ledger base
//     and head), ledger_gaps (id ranges removed by purge/clear), ledger_guard,
//     schema_migrations.
//
// # Integrity
//
// Triggers refuse UPDATE on events always, and DELETE unless a purge or clear
// holds the ledger_guard row in its own transaction. Ids are assigned here,
// contiguous from the ledger head, and every row carries
//
//	chain(i) = SHA-256(chain(i-1) || id(i) || typed encoding of row i's columns)
//
// so Verify can name the first row that was changed (altered), removed
// (missing) or added (inserted) outside Trailbook. Purge and clear record the
// id ranges they remove with the chain value the range ended on, and move the
// base over a removed prefix. Trailbook's own actions are events of system
// "trailbook", chained like the rest.
//
// # Imports
//
// An import is one BEGIN IMMEDIATE transaction. Events are buffered in chunks
// of 500; the n-th identical event of a file is hashed with occurrence n, so a
// re-import or an overlapping export adds only what is new while identical
// lines of one file are all kept. A chunk is checked against the stored keys
// with one indexed query (skipped when its time range cannot overlap what was
// stored before) and written with a prepared multi-row INSERT through the
// driver directly; while the file is ordered by time, a second goroutine
// writes one chunk while the next is read and hashed.
//
// A store opened with DirectImports (the command-line import) writes a big
// file under a rollback journal when no other connection has the workspace
// open (BEGIN EXCLUSIVE), so its pages are written once, not into the WAL and
// again by the checkpoint; it switches back to WAL when the import ends. Every
// other store keeps a connection that has read the workspace, which makes that
// switch fail while it is open.
package store
