package store

import (
	"bytes"
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/sqlitedialect"
)

// Sentinel errors; check them with errors.Is.
var (
	// ErrNotWorkspace: the file exists but is not a Trailbook workspace (not SQLite,
	// or a SQLite database of some other application). The file is left untouched.
	ErrNotWorkspace = errors.New("not a trailbook workspace")
	// ErrNewerSchema: the workspace was written by a newer Trailbook. Left untouched.
	ErrNewerSchema = errors.New("workspace is from a newer trailbook")
	// ErrNotFound: the asked-for event, batch or profile does not exist.
	ErrNotFound = errors.New("not found")
	// ErrImportDone: the import was already committed or rolled back.
	ErrImportDone = errors.New("import already finished")
	// ErrInvalid: an argument the store cannot accept (an empty profile id, a person without email ...).
	ErrInvalid = errors.New("invalid")
)

// appID marks a SQLite file as a Trailbook workspace ("TBK1", PRAGMA application_id).
const appID = 0x54424B31

// maxIdleConns is how many connections the pool keeps open between uses.
const maxIdleConns = 4

// busyTimeout is how long a statement waits for another writer before failing.
const busyTimeout = 10 * time.Second

// busyTimeoutPragma sets busyTimeout on a connection (after "PRAGMA ").
var busyTimeoutPragma = "busy_timeout = " + strconv.FormatInt(busyTimeout.Milliseconds(), 10)

// Store is one open workspace. It is safe for concurrent use: reads run in
// parallel (WAL), writes are serialized by SQLite (BEGIN IMMEDIATE + busy_timeout).
type Store struct {
	path  string
	sqldb *sql.DB
	db    *bun.DB
	actor ownActor
	now   func() time.Time

	bg         sync.WaitGroup // background checkpoints
	checkpoint atomic.Bool    // one is running
	direct     bool           // big imports may write past the WAL (DirectImports)
	presence   *sql.Conn      // held open while the store is (see Open)
	tune       tuning
}

// Option changes how Open sets up the store.
type Option func(*Store)

// DirectImports lets a big import that finds the workspace open nowhere else
// write its pages straight into the file, under a rollback journal, instead of
// twice (into the WAL, then by the checkpoint into the file): a 1,000,000-row
// import takes about a fifth less time. Meanwhile the import holds the
// workspace exclusively: whoever opens it waits (up to the busy timeout). Only
// for a process that does nothing else with the workspace while it imports
// (the CLI); where the workspace is open anywhere else, imports use the WAL
// and readers go on as usual.
func DirectImports() Option {
	return func(s *Store) { s.direct = true }
}

// tuning holds knobs the tests turn; Open sets the defaults.
type tuning struct {
	verifyParts   int   // connections verifying in parallel; 0: by CPU count, at most 4
	verifyPartMin int64 // fewest rows worth a part of their own
	directMin     int64 // smallest file (bytes) a DirectImports store imports directly
	explicitIDs   bool  // bulk imports bind the ids rather than leave them to SQLite (see Import.begin)
}

// ownActor is who Trailbook's own events are attributed to: the OS user.
type ownActor struct {
	id, name string
}

// Open opens the workspace at path, creating the file when it is missing, and
// brings its schema up to date. A file that is not a workspace gives
// ErrNotWorkspace, one from a newer Trailbook ErrNewerSchema; neither is modified.
// Do not open a file this process has open already: Open reads the file's
// header through a descriptor of its own, and closing any descriptor of a file
// drops every POSIX lock the process holds on it, SQLite's included.
func Open(ctx context.Context, path string, opts ...Option) (*Store, error) {
	if path == "" {
		return nil, fmt.Errorf("open workspace: empty path: %w", ErrInvalid)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("open workspace: %w", err)
	}
	if strings.ContainsRune(abs, '?') {
		// The driver reads everything after '?' as DSN parameters.
		return nil, fmt.Errorf("open workspace %s: a path with '?' is not supported: %w", abs, ErrInvalid)
	}
	state, err := probeFile(abs)
	if err != nil {
		return nil, err
	}
	sqldb, err := sql.Open(driverName, dsn(abs))
	if err != nil {
		return nil, fmt.Errorf("open workspace %s: %w", abs, err)
	}
	sqldb.SetMaxIdleConns(maxIdleConns)
	sqldb.SetConnMaxIdleTime(time.Minute)
	s := &Store{
		path:  abs,
		sqldb: sqldb,
		db:    bun.NewDB(sqldb, sqlitedialect.New()),
		actor: currentOSUser(),
		now:   time.Now,
		tune:  tuning{verifyPartMin: 100_000, directMin: directMinBytes},
	}
	for _, o := range opts {
		o(s)
	}
	if err := s.init(ctx, state); err != nil {
		sqldb.Close()
		return nil, Explain(err)
	}
	if !s.direct {
		// A store that others may use while it is open (the desktop app, the
		// browser UI) keeps one connection open that has read the workspace:
		// it holds the WAL open, so a direct import elsewhere (DirectImports)
		// sees someone is here and leaves the workspace to the WAL, even
		// after the pool has closed its idle connections.
		if err := s.hold(ctx); err != nil {
			sqldb.Close()
			return nil, Explain(fmt.Errorf("open workspace %s: %w", abs, err))
		}
	}
	return s, nil
}

// hold takes the connection Open keeps for the store's lifetime and reads through it.
func (s *Store) hold(ctx context.Context) error {
	conn, err := s.sqldb.Conn(ctx)
	if err != nil {
		return err
	}
	var n int
	if err := conn.QueryRowContext(ctx, "SELECT count(*) FROM meta").Scan(&n); err != nil {
		conn.Close()
		return err
	}
	s.presence = conn
	return nil
}

// connPragmas run on every new connection; none of them writes to the file
// (journal_mode is set in init, after the file was recognised).
func connPragmas() []string {
	return []string{
		busyTimeoutPragma,
		"foreign_keys = 1",
		"synchronous = NORMAL",
		"cache_size = -" + strconv.Itoa(defaultCacheKiB),
		"wal_autocheckpoint = " + strconv.Itoa(defaultAutoCheckpoint),
		"journal_size_limit = 67108864",
		"temp_store = FILE",
	}
}

// newPageSize is the page size of a new workspace: bigger pages than SQLite's
// 4 KiB mean fewer pages to write, balance and log per imported row.
const newPageSize = 16384

// Connection defaults (an import raises the cache and defers the checkpoint on its connection).
const (
	defaultCacheKiB       = 16000 // page cache per connection (16 MiB)
	defaultAutoCheckpoint = 1000  // WAL pages before a commit checkpoints (SQLite's default)
)

// checkpointSoon copies the WAL back into the database file in the background,
// so a big import's commit does not wait for it. Readers and writers go on
// meanwhile (PASSIVE); Close waits for it.
func (s *Store) checkpointSoon() {
	if !s.checkpoint.CompareAndSwap(false, true) {
		return
	}
	s.bg.Add(1)
	go func() {
		defer s.bg.Done()
		defer s.checkpoint.Store(false)
		ctx := context.Background()
		conn, err := s.sqldb.Conn(ctx)
		if err != nil {
			return
		}
		defer conn.Close()
		_, _ = conn.ExecContext(ctx, "PRAGMA wal_checkpoint(PASSIVE)")
	}()
}

type fileState int

const (
	fileNew       fileState = iota // missing, empty, or an empty SQLite database
	fileWorkspace                  // carries Trailbook's application_id
	fileMaybeNew                   // SQLite without an application id: new only if it has no schema
)

// probeFile decides from the first bytes whether path may be opened, without
// letting SQLite touch it.
func probeFile(path string) (fileState, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return fileNew, nil
	}
	if err != nil {
		return 0, fmt.Errorf("open workspace: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return 0, fmt.Errorf("open workspace: %w", err)
	}
	if st.IsDir() {
		return 0, fmt.Errorf("open workspace %s: is a directory: %w", path, ErrNotWorkspace)
	}
	if st.Size() == 0 {
		return fileNew, nil
	}
	// SQLite would quietly open a file it cannot write read-only (and still leave a
	// -wal beside it); refuse before it touches anything.
	w, err := os.OpenFile(path, os.O_RDWR, 0)
	if errors.Is(err, os.ErrPermission) {
		return 0, fmt.Errorf("open workspace %s: %w", path, ErrReadOnly)
	}
	if err != nil {
		return 0, fmt.Errorf("open workspace: %w", err)
	}
	w.Close()
	var hdr [100]byte
	if _, err := io.ReadFull(f, hdr[:]); err != nil {
		return 0, fmt.Errorf("open workspace %s: not a SQLite database: %w", path, ErrNotWorkspace)
	}
	if !bytes.Equal(hdr[:16], []byte("SQLite format 3\x00")) {
		return 0, fmt.Errorf("open workspace %s: not a SQLite database: %w", path, ErrNotWorkspace)
	}
	// A file cut short (a partial copy, a failed download) shows in its size: SQLite
	// would read what is there and extend the file on its next write. Only without a
	// journal: a checkpoint cut off by a crash may leave the file short, and the -wal
	// beside it holds the rest; a direct import cut off may leave the header ahead of
	// the pages, and the -journal beside it puts the file back as it was.
	for _, journal := range []string{"-wal", "-journal"} {
		if j, err := os.Stat(path + journal); err == nil && j.Size() > 0 {
			return workspaceKind(path, hdr)
		}
	}
	pageSize := int64(binary.BigEndian.Uint16(hdr[16:18]))
	if pageSize == 1 {
		pageSize = 65536
	}
	pages := int64(binary.BigEndian.Uint32(hdr[28:32]))
	headerCountValid := binary.BigEndian.Uint32(hdr[24:28]) == binary.BigEndian.Uint32(hdr[92:96])
	if pageSize < 512 || st.Size()%pageSize != 0 || (headerCountValid && st.Size() < pages*pageSize) {
		return 0, fmt.Errorf("open workspace %s: the file is shorter than its pages (%d bytes): %w", path, st.Size(), ErrDamaged)
	}
	return workspaceKind(path, hdr)
}

// workspaceKind tells a workspace from a new or foreign SQLite file by its application id.
func workspaceKind(path string, hdr [100]byte) (fileState, error) {
	switch id := binary.BigEndian.Uint32(hdr[68:72]); id {
	case appID:
		return fileWorkspace, nil
	case 0:
		return fileMaybeNew, nil
	default:
		return 0, fmt.Errorf("open workspace %s: SQLite database of another application (id %#x): %w", path, id, ErrNotWorkspace)
	}
}

// init checks the schema version without writing, then switches to WAL and migrates.
func (s *Store) init(ctx context.Context, state fileState) error {
	conn, err := s.sqldb.Conn(ctx)
	if err != nil {
		return fmt.Errorf("open workspace %s: %w", s.path, err)
	}
	defer conn.Close()
	if state == fileMaybeNew {
		// A workspace another process is creating right now has its application id
		// still in the write-ahead log, not yet in the file header: ask SQLite, which
		// reads through the log.
		var id int64
		if err := conn.QueryRowContext(ctx, `PRAGMA application_id`).Scan(&id); err != nil {
			return fmt.Errorf("open workspace %s: %w", s.path, err)
		}
		if id == appID {
			state = fileWorkspace
		}
	}
	switch state {
	case fileMaybeNew:
		var n int
		if err := conn.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema`).Scan(&n); err != nil {
			return fmt.Errorf("open workspace %s: %w", s.path, err)
		}
		if n > 0 {
			return fmt.Errorf("open workspace %s: a SQLite database with other tables: %w", s.path, ErrNotWorkspace)
		}
	case fileWorkspace:
		v, err := schemaVersion(ctx, conn)
		if err != nil {
			return fmt.Errorf("open workspace %s: %w", s.path, err)
		}
		if latest := latestVersion(); v > latest {
			return fmt.Errorf("open workspace %s: schema version %d, this build knows up to %d: %w", s.path, v, latest, ErrNewerSchema)
		}
	}
	if state != fileWorkspace {
		// Only a file without tables takes a page size; an existing workspace keeps its own.
		if _, err := conn.ExecContext(ctx, "PRAGMA page_size = "+strconv.Itoa(newPageSize)); err != nil {
			return fmt.Errorf("open workspace %s: set page size: %w", s.path, err)
		}
	}
	if err := enterWAL(ctx, conn); err != nil {
		return fmt.Errorf("open workspace %s: %w", s.path, err)
	}
	if err := migrate(ctx, conn); err != nil {
		return fmt.Errorf("open workspace %s: %w", s.path, err)
	}
	return nil
}

// Close closes the workspace. Imports still running are rolled back by SQLite.
func (s *Store) Close() error {
	s.bg.Wait()
	// Lets SQLite refresh statistics it finds stale; quick, and best effort. It may
	// write, so it must not wait for another process's import: skip it when busy.
	ctx := context.Background()
	if conn, err := s.sqldb.Conn(ctx); err == nil {
		_, _ = conn.ExecContext(ctx, "PRAGMA busy_timeout = 0")
		_, _ = conn.ExecContext(ctx, "PRAGMA optimize")
		conn.Close()
	}
	if s.presence != nil {
		s.presence.Close()
	}
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("close workspace: %w", err)
	}
	return nil
}

// Path is the workspace file's absolute path.
func (s *Store) Path() string { return s.path }

// DB is the bun handle, for read queries by other packages. Writes to events go
// through the store (imports, AppendOwn, Purge, Clear), or the chain breaks.
func (s *Store) DB() *bun.DB { return s.db }

// currentOSUser names the person running Trailbook.
func currentOSUser() ownActor {
	a := ownActor{}
	if u, err := user.Current(); err == nil {
		a.id, a.name = u.Username, u.Name
	}
	if a.id == "" {
		a.id = os.Getenv("USER")
	}
	if a.id == "" {
		a.id = os.Getenv("USERNAME")
	}
	if a.name == "" {
		a.name = a.id
	}
	return a
}

// nowMS is the store clock in unix milliseconds.
func (s *Store) nowMS() int64 { return s.now().UnixMilli() }

// writeTx runs fn in a write transaction (BEGIN IMMEDIATE) on a dedicated
// connection: it waits for other writers up front instead of failing halfway.
func (s *Store) writeTx(ctx context.Context, fn func(ctx context.Context, tx bun.IDB) error) error {
	conn, err := s.beginWrite(ctx)
	if err != nil {
		return err
	}
	if err := fn(ctx, conn); err != nil {
		rollbackConn(conn)
		return Explain(err)
	}
	if _, err := conn.ExecContext(ctx, "COMMIT"); err != nil {
		rollbackConn(conn)
		return Explain(fmt.Errorf("commit: %w", err))
	}
	conn.Close()
	return nil
}

// beginWrite takes a connection and starts an immediate transaction on it.
func (s *Store) beginWrite(ctx context.Context) (bun.Conn, error) {
	return s.begin(ctx, "")
}

// beginImportTx is beginWrite for an import, with foreign keys off: it writes
// the batch row its events refer to itself, and checking that parent for every
// event costs a lookup per row. Import.end turns them on again. With direct,
// it first tries to leave the WAL (see DirectImports) and reports whether it did.
func (s *Store) beginImportTx(ctx context.Context, direct bool) (bun.Conn, bool, error) {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return bun.Conn{}, false, fmt.Errorf("begin: %w", err)
	}
	pragmas, start := "PRAGMA foreign_keys = 0; ", "BEGIN IMMEDIATE"
	if direct {
		// Idle connections of this store keep the WAL open, which SQLite takes
		// for a reader; by DirectImports' terms nothing else uses them now.
		s.sqldb.SetMaxIdleConns(0)
		s.sqldb.SetMaxIdleConns(maxIdleConns)
	}
	if direct = direct && leaveWAL(ctx, conn.Conn); direct {
		// The rollback journal is safe against power loss only with FULL; and
		// the import takes the file at once rather than at its first cache
		// spill, so that nobody reads while the file changes under the journal.
		pragmas, start = pragmas+"PRAGMA synchronous = FULL; ", "BEGIN EXCLUSIVE"
	}
	if _, err := conn.ExecContext(ctx, pragmas+start); err != nil {
		if direct {
			_ = enterWAL(context.Background(), conn.Conn)
		}
		_ = conn.Raw(func(any) error { return driver.ErrBadConn }) // its settings are changed
		conn.Close()
		return bun.Conn{}, false, fmt.Errorf("begin: %w", busy(err))
	}
	return conn, direct, nil
}

// begin runs pragmas (which change the connection) and BEGIN IMMEDIATE on a
// connection of the pool.
func (s *Store) begin(ctx context.Context, pragmas string) (bun.Conn, error) {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return bun.Conn{}, fmt.Errorf("begin: %w", err)
	}
	if _, err := conn.ExecContext(ctx, pragmas+"BEGIN IMMEDIATE"); err != nil {
		if pragmas == "" {
			rollbackConn(conn)
		} else { // it may be left changed: the pool does not get it back
			_ = conn.Raw(func(any) error { return driver.ErrBadConn })
			conn.Close()
		}
		return bun.Conn{}, fmt.Errorf("begin: %w", busy(err))
	}
	return conn, nil
}

// leaveWAL switches the workspace to a rollback journal, which SQLite allows
// only when no other connection, in any process, has it open; it does not wait
// for one to go. It reports whether the switch happened.
func leaveWAL(ctx context.Context, conn *sql.Conn) bool {
	if _, err := conn.ExecContext(ctx, "PRAGMA busy_timeout = 0"); err != nil {
		return false
	}
	var mode string
	err := conn.QueryRowContext(ctx, "PRAGMA journal_mode = DELETE").Scan(&mode)
	if _, rerr := conn.ExecContext(ctx, "PRAGMA "+busyTimeoutPragma); rerr != nil {
		return false // the connection then fails at BEGIN, and is discarded
	}
	return err == nil && strings.EqualFold(mode, "delete")
}

// enterWAL puts the workspace in WAL mode (a no-op when it is). The change
// needs the write lock, and SQLite does not wait for it here (it already holds
// a read lock, and waiting on an upgrade could deadlock): right after a direct
// import, its process and whoever opens the workspace both make this change.
// So it retries, for up to the busy timeout.
func enterWAL(ctx context.Context, conn *sql.Conn) error {
	deadline := time.Now().Add(busyTimeout)
	for {
		var mode string
		err := conn.QueryRowContext(ctx, "PRAGMA journal_mode = WAL").Scan(&mode)
		if code, _ := resultCode(err); code&0xff != sqliteBusy || time.Now().After(deadline) {
			if err != nil {
				return fmt.Errorf("set WAL: %w", err)
			}
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("set WAL: %w", ctx.Err())
		case <-time.After(5 * time.Millisecond):
		}
	}
}

// rollbackConn ends whatever transaction conn has and gives it back to the pool;
// a connection that cannot be rolled back is discarded rather than reused.
func rollbackConn(conn bun.Conn) {
	if !rollback(conn) {
		_ = conn.Raw(func(any) error { return driver.ErrBadConn })
	}
	conn.Close()
}

// rollback ends whatever transaction conn has; false if it could not.
func rollback(conn bun.Conn) bool {
	_, err := conn.Conn.ExecContext(context.Background(), "ROLLBACK")
	return err == nil || strings.Contains(err.Error(), "no transaction is active")
}

// readTx runs fn in a read transaction: one consistent snapshot, never blocking
// or blocked by a writer (WAL).
func (s *Store) readTx(ctx context.Context, fn func(ctx context.Context, tx bun.IDB) error) error {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("begin read: %w", err)
	}
	defer tx.Rollback()
	return Explain(fn(ctx, tx))
}
