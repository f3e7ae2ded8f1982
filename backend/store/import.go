package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/uptrace/bun"

	"trailbook/backend/activity"
)

// chunkSize is how many events are buffered, deduplicated and inserted at once.
const chunkSize = 500

// insertSizes are the multi-row INSERT statements an import prepares; a chunk
// of any length is written as a few of them, largest first.
var insertSizes = []int{chunkSize, 100, 25, 5, 1}

// Import connection tuning (restored when the import ends).
const (
	importCacheKiB = 32768 // page cache of the import connection (32 MiB): keeps the indexes' hot pages in memory
	analyzeAfter   = 5000  // an import adding this many rows refreshes the planner statistics
	// buildCacheKiB is the page cache while the deferred indexes are built and
	// the search index filled: SQLite's sorter keeps about this much in memory
	// before it spills to a temp file, so peak memory stays flat however big
	// the file. More does not build faster.
	buildCacheKiB = 8192
	// directMinBytes: a DirectImports store writes files at least this big
	// straight into the workspace; below it the WAL's second copy costs little.
	directMinBytes = 1 << 20
)

// BatchInfo describes the file being imported.
type BatchInfo struct {
	FileName   string
	Size       int64
	SHA256     string
	Profile    string
	System     string
	SourceZone string
	ImportedBy string // defaults to the OS user
	Header     []string
}

// BatchResult is what an import did. Rows = Inserted + Duplicates + Rejected +
// Skipped + People (a roster row is a row read). First and Last span every event read, duplicates included.
type BatchResult struct {
	BatchID    int64
	Rows       int64
	Inserted   int64
	Duplicates int64
	Rejected   int64
	Skipped    int64
	People     int64
	First      *time.Time
	Last       *time.Time
}

// Import is one file being imported, inside one write transaction: it either
// commits whole or leaves the workspace as it was. Its methods must be called
// from one goroutine. Always end it with Commit or Rollback (Rollback after
// Commit is a no-op); until then it holds the workspace's write lock. After an
// error from Add, AddPerson or Commit the import is already rolled back.
//
// While the file is ordered by time, chunks are written by a second goroutine,
// so reading and hashing the next chunk overlaps with SQLite writing this one.
type Import struct {
	s        *Store
	conn     bun.Conn
	info     BatchInfo
	batchID  int64
	beforeID int64

	// reader side (the caller's goroutine)
	buf     []evRow
	args    []driver.NamedValue // buf's insert arguments
	execs   []execBatch         // buf's statements, when the reader chains it
	all     []int               // 0..len(buf)-1
	rejects []rejectRecord
	occ     occCounter
	seed    maphash.Seed
	keyBuf  []byte
	res     BatchResult // Rejected, Skipped, People
	first   int64
	last    int64
	period  bool

	// meanings are the ids of the meaning texts (0004_meanings.sql); those new in
	// this import are written at commit.
	meanings    map[string]int64
	lastMeaning int64
	newMeanings []meaningRecord

	// roll counts the written events for the rollups, when they were current
	// as the import began (nil otherwise: the first report refreshes them).
	roll     *rollupAgg
	rollGaps int64

	// headAtWriter: a chunk queued for the writer needs its dedup lookup, so the
	// writer numbers and chains it; the reader waits for it before chaining again.
	headAtWriter bool

	// pipeline: nil jobs means chunks are written synchronously
	jobs    chan writeJob
	written chan writeJob // chunks written, to be counted for the rollups
	free    chan chunk
	stopped chan struct{}
	failed  atomic.Bool

	// writer side (the writer goroutine while the pipeline runs)
	w writer

	// deferred: the secondary indexes dropped for this import (name -> CREATE
	// statement), rebuilt before COMMIT. See deferIndexes.
	deferred []indexDef

	stopFlush func() // stops flushWAL
	direct    bool   // written under a rollback journal (see Store.beginImportTx)

	err       error // the import failed and was rolled back
	done      bool
	committed bool
}

type writeJob struct {
	ctx     context.Context
	rows    []evRow
	args    []driver.NamedValue
	rejects []rejectRecord
	// execs, when the reader numbered and chained the rows itself (none
	// needs a dedup lookup): the statements to run, in order.
	execs []execBatch
}

// execBatch is one INSERT to run: n rows, their arguments, or with bulkInsert
// the rows encoded for trailbook_rows.
type execBatch struct {
	n    int
	args []driver.NamedValue
	blob []byte
	last int64 // the last row's id
	line int64 // the first row's source line, for errors
}

// chunk is a buffer of events with their insert arguments, filled by the
// reader side as the events come in.
type chunk struct {
	rows  []evRow
	args  []driver.NamedValue
	execs []execBatch
}

// newChunkArgs is a chunk's argument buffer; the bulk insert binds none.
func newChunkArgs() []driver.NamedValue {
	if bulkInsert {
		return nil
	}
	return make([]driver.NamedValue, chunkSize*paramsPerRow)
}

// writer owns the connection's statements and the ledger head while writing.
type writer struct {
	im      *Import
	led     ledgerState
	head    [32]byte // chain value of the last written row
	chain   chainer
	dbMin   int64 // period of the events stored before this import:
	dbMax   int64 // chunks outside it need no dedup lookup
	dbHas   bool
	stmts   map[int]driver.Stmt // multi-row INSERTs by row count
	bulk    driver.Stmt         // INSERT from trailbook_rows, with bulkInsert
	bulkArg []driver.NamedValue
	// sqliteIDs: the bulk insert leaves the ids to SQLite (see begin).
	sqliteIDs bool
	lookup    driver.Stmt
	lookArgs  []driver.NamedValue
	existing  map[dedupKey]struct{}
	seen      map[int64]struct{}
	insert    []int
	execs     []execBatch
	inserted  int64
	dups      int64
	firstID   int64
	lastID    int64
	err       error
}

type dedupKey struct {
	at   int64
	hash [32]byte
}

type rejectRecord struct {
	bun.BaseModel `bun:"table:rejects"`

	ID      int64  `bun:"id,pk,autoincrement"`
	BatchID int64  `bun:"batch_id"`
	Line    int64  `bun:"line"`
	Column  string `bun:"column_name"`
	Reason  string `bun:"reason"`
	Skipped bool   `bun:"skipped"`
}

type batchRecord struct {
	bun.BaseModel `bun:"table:batches"`

	ID         int64          `bun:"id,pk,autoincrement"`
	FileName   string         `bun:"file_name"`
	FileSize   int64          `bun:"file_size"`
	SHA256     string         `bun:"sha256"`
	Profile    string         `bun:"profile"`
	System     string         `bun:"system"`
	SourceZone string         `bun:"source_zone"`
	Header     sql.NullString `bun:"header"`
	FirstAt    sql.NullInt64  `bun:"first_at"`
	LastAt     sql.NullInt64  `bun:"last_at"`
	FirstID    sql.NullInt64  `bun:"first_id"`
	LastID     sql.NullInt64  `bun:"last_id"`
	Rows       int64          `bun:"rows"`
	Inserted   int64          `bun:"inserted"`
	Duplicates int64          `bun:"duplicates"`
	Rejected   int64          `bun:"rejected"`
	Skipped    int64          `bun:"skipped"`
	People     int64          `bun:"people"`
	Warnings   sql.NullString `bun:"warnings"`
	ImportedAt int64          `bun:"imported_at"`
	ImportedBy string         `bun:"imported_by"`
	Status     string         `bun:"status"`
}

// BeginImport starts importing one file. It waits up to the busy timeout (10 s)
// for another write to finish, then holds the workspace's write lock until
// Commit or Rollback: callers run one import at a time, and other writes wait
// for it (or fail with SQLite's "database is locked" after 10 s).
func (s *Store) BeginImport(ctx context.Context, info BatchInfo) (*Import, error) {
	conn, direct, err := s.beginImportTx(ctx, s.direct && info.Size >= s.tune.directMin)
	if err != nil {
		return nil, fmt.Errorf("begin import %s: %w", info.FileName, err)
	}
	if info.ImportedBy == "" {
		info.ImportedBy = s.actor.id
	}
	im := &Import{s: s, conn: conn, direct: direct, info: info, seed: maphash.MakeSeed()}
	im.w = writer{im: im, stmts: map[int]driver.Stmt{}}
	if err := im.begin(ctx); err != nil {
		im.end()
		return nil, fmt.Errorf("begin import %s: %w", info.FileName, err)
	}
	im.buf, im.args = make([]evRow, 0, chunkSize), newChunkArgs()
	if !direct { // a direct import has no WAL to flush
		im.stopFlush = s.flushWAL()
	}
	im.startPipeline()
	return im, nil
}

func (im *Import) begin(ctx context.Context) error {
	led, err := readLedger(ctx, im.conn)
	if err != nil {
		return err
	}
	im.w.led, im.beforeID = led, led.HeadID
	if err := im.loadMeanings(ctx); err != nil {
		return err
	}
	current, gaps, err := rollupsAt(ctx, im.conn, led.HeadID)
	if err != nil {
		return fmt.Errorf("read rollup state: %w", err)
	}
	if current {
		im.roll, im.rollGaps = newRollupAgg(), gaps
	}
	// A bigger page cache for the bulk write; no checkpoint at COMMIT (one runs
	// in the background afterwards). Both are reset in end().
	if _, err := im.conn.ExecContext(ctx, fmt.Sprintf("PRAGMA cache_size = -%d; PRAGMA wal_autocheckpoint = 0", importCacheKiB)); err != nil {
		return fmt.Errorf("tune connection: %w", err)
	}
	// The stored period, without Trailbook's own events: they cannot be
	// duplicates of imported ones (that system is refused on import), and they
	// are dated now, so every file older than the last import would be looked
	// up row by row. And the last stored id: where it is the ledger head,
	// SQLite numbering the rows itself gives them the very ids they were
	// chained with, while an INSERT given the ids would need a statement
	// journal (a copy of every page it touches, in case the id is not a number).
	var lo, hi sql.NullInt64
	var maxID int64
	if err := im.conn.QueryRowContext(ctx, `SELECT
  (SELECT occurred_at FROM events WHERE system <> 'trailbook' ORDER BY occurred_at LIMIT 1),
  (SELECT occurred_at FROM events WHERE system <> 'trailbook' ORDER BY occurred_at DESC LIMIT 1),
  (SELECT coalesce(max(id), 0) FROM events)`).Scan(&lo, &hi, &maxID); err != nil {
		return fmt.Errorf("read stored period: %w", err)
	}
	im.w.dbMin, im.w.dbMax, im.w.dbHas = lo.Int64, hi.Int64, lo.Valid
	im.w.sqliteIDs = maxID == led.HeadID && !im.s.tune.explicitIDs
	if err := im.deferIndexes(ctx, led.Count); err != nil {
		return err
	}
	rec := batchRecord{
		FileName: im.info.FileName, FileSize: im.info.Size, SHA256: im.info.SHA256,
		Profile: im.info.Profile, System: im.info.System, SourceZone: im.info.SourceZone,
		ImportedAt: im.s.nowMS(), ImportedBy: im.info.ImportedBy, Status: "importing",
	}
	if im.info.Header != nil {
		rec.Header = sql.NullString{String: string(appendStringsJSON(nil, im.info.Header)), Valid: true}
	}
	if _, err := im.conn.NewInsert().Model(&rec).Returning("id").Exec(ctx); err != nil {
		return fmt.Errorf("insert batch: %w", err)
	}
	im.batchID = rec.ID
	im.res.BatchID = rec.ID
	return im.raw(func(dc driver.Conn) error {
		pc, ok := dc.(driver.ConnPrepareContext)
		if !ok {
			return fmt.Errorf("driver %T cannot prepare with a context", dc)
		}
		marks := strings.TrimSuffix(strings.Repeat("?,", chunkSize), ",")
		st, err := pc.PrepareContext(ctx, `SELECT occurred_at, row_hash FROM events WHERE occurred_at IN (`+marks+`)`)
		if err != nil {
			return fmt.Errorf("prepare dedup lookup: %w", err)
		}
		im.w.lookup = st
		if bulkInsert {
			if im.w.bulk, err = pc.PrepareContext(ctx, bulkSQL(!im.w.sqliteIDs)); err != nil {
				return fmt.Errorf("prepare bulk insert: %w", err)
			}
			im.w.bulkArg = []driver.NamedValue{{Ordinal: 1}}
			return nil
		}
		for _, n := range insertSizes {
			st, err := pc.PrepareContext(ctx, insertSQL(n))
			if err != nil {
				return fmt.Errorf("prepare insert of %d rows: %w", n, err)
			}
			im.w.stmts[n] = st
		}
		return nil
	})
}

// insertSQL is a plain multi-row INSERT of n events: no RETURNING (ids are
// ours), OR FAIL (whatever fails rolls the whole import back, so SQLite need not
// keep a statement journal to undo half a statement).
func insertSQL(n int) string {
	var b strings.Builder
	b.WriteString("INSERT OR FAIL INTO events (")
	b.WriteString(strings.Join(insertColumns(), ", "))
	b.WriteString(") VALUES ")
	row := rowPlaceholders()
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(row)
	}
	return b.String()
}

// bulkSQL inserts the rows of a trailbook_rows blob (see appendBulkRow), with
// their ids or leaving SQLite to number them.
func bulkSQL(withIDs bool) string {
	cols := insertColumns()
	sel := make([]string, len(cols))
	for i, c := range cols {
		switch c {
		case "meaning_id":
			sel[i] = fmt.Sprintf("c%d", bulkMeaningID)
		case "chain":
			sel[i] = fmt.Sprintf("c%d", bulkChain)
		default:
			sel[i] = fmt.Sprintf("c%d", i)
		}
	}
	if !withIDs {
		cols, sel = cols[1:], sel[1:]
	}
	return "INSERT OR FAIL INTO events (" + strings.Join(cols, ", ") + ") SELECT " + strings.Join(sel, ", ") + " FROM trailbook_rows(?)"
}

// raw runs fn with the driver connection of the import's transaction. The hot
// path talks to the driver directly: database/sql would convert every one of
// the 15,000 arguments of a chunk again.
func (im *Import) raw(fn func(dc driver.Conn) error) error {
	return im.conn.Raw(func(dc any) error {
		c, ok := dc.(driver.Conn)
		if !ok {
			return fmt.Errorf("unexpected driver connection %T", dc)
		}
		return fn(c)
	})
}

// end stops the writer, closes the statements, rolls back whatever is still
// open and gives the connection back with its settings restored.
func (im *Import) end() {
	im.stopPipeline()
	if im.stopFlush != nil {
		im.stopFlush()
	}
	im.closeStmts()
	ok := true
	if !im.committed {
		ok = rollback(im.conn)
	}
	if !ok || !im.restoreConn() {
		// Never give the pool a connection in a transaction or without its checks.
		_ = im.conn.Raw(func(any) error { return driver.ErrBadConn })
	}
	im.conn.Close()
	im.done = true
}

func (im *Import) closeStmts() {
	if im.w.lookup == nil && im.w.bulk == nil && len(im.w.stmts) == 0 {
		return
	}
	_ = im.conn.Raw(func(any) error {
		if im.w.bulk != nil {
			im.w.bulk.Close()
			im.w.bulk = nil
		}
		if im.w.lookup != nil {
			im.w.lookup.Close()
			im.w.lookup = nil
		}
		for n, st := range im.w.stmts {
			st.Close()
			delete(im.w.stmts, n)
		}
		return nil
	})
}

// restoreConn resets the connection's settings after the transaction, before
// it returns to the pool, and reports whether that worked.
func (im *Import) restoreConn() bool {
	_, err := im.conn.Conn.ExecContext(context.Background(),
		fmt.Sprintf("PRAGMA foreign_keys = 1; PRAGMA cache_size = -%d; PRAGMA wal_autocheckpoint = %d", defaultCacheKiB, defaultAutoCheckpoint))
	if err == nil && im.direct {
		// Back to the WAL. Should that fail, the workspace is still whole, and
		// the next Open switches it.
		if _, err = im.conn.Conn.ExecContext(context.Background(), "PRAGMA synchronous = NORMAL"); err == nil {
			err = enterWAL(context.Background(), im.conn.Conn)
		}
	}
	return err == nil
}

// fail rolls the import back and remembers why.
func (im *Import) fail(err error) error {
	if im.done {
		return err
	}
	im.end()
	im.err = err
	return err
}

func (im *Import) check() error {
	if im.err != nil {
		return im.err
	}
	if im.done {
		return ErrImportDone
	}
	return nil
}

// startPipeline starts the writer goroutine, and the goroutine counting the
// written events for the rollups, with four chunk buffers in rotation: one
// being filled, one queued, one being written, one being counted. Started
// again after drain, it takes back the buffers of the stopped pipeline.
func (im *Import) startPipeline() {
	old := im.free
	im.jobs = make(chan writeJob, 1)
	im.written = make(chan writeJob, 1)
	im.free = make(chan chunk, 4)
	im.stopped = make(chan struct{})
	for i := 0; i < 3; i++ {
		if len(old) > 0 {
			im.free <- <-old
		} else {
			im.free <- chunk{make([]evRow, 0, chunkSize), newChunkArgs(), nil}
		}
	}
	go func() {
		defer close(im.written)
		for job := range im.jobs {
			if im.w.err == nil {
				if err := im.w.run(job); err != nil {
					im.w.err = err
					im.failed.Store(true)
				}
			}
			im.written <- job
		}
	}()
	go func() {
		defer close(im.stopped)
		for job := range im.written {
			if !im.failed.Load() {
				im.countRollups(job.rows)
			}
			im.free <- chunk{job.rows[:0], job.args, job.execs[:0]}
		}
	}()
}

// countRollups adds the written events of rows (those given an id) to the rollup counts.
func (im *Import) countRollups(rows []evRow) {
	if im.roll == nil {
		return
	}
	for i := range rows {
		if r := &rows[i]; r.id != 0 {
			im.roll.add(r.id, r.at, r.system, r.kind, r.actorKey, r.actorID, r.actorName, r.actorEmail, r.ip)
		}
	}
}

// stopPipeline waits for the writer to finish what was queued and stops it;
// from then on chunks are written synchronously. It returns the writer's error.
func (im *Import) stopPipeline() error {
	if im.jobs == nil {
		return im.w.err
	}
	close(im.jobs)
	<-im.stopped
	im.jobs = nil
	return im.w.err
}

// submit hands the buffered events and rejects to the writer (or writes them).
func (im *Import) submit(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if im.jobs == nil {
		if im.w.err != nil {
			return im.w.err
		}
		err := im.w.write(ctx, im.buf, im.args, im.rejects)
		if err == nil {
			im.countRollups(im.buf)
		}
		im.buf, im.rejects = im.buf[:0], nil
		return err
	}
	if im.failed.Load() {
		return im.stopPipeline()
	}
	job := writeJob{ctx: ctx, rows: im.buf, args: im.args, rejects: im.rejects}
	if len(im.buf) > 0 {
		if im.w.needsLookup(im.buf) {
			im.headAtWriter = true
		} else {
			// Every row will be written: number and chain them here, so that
			// the writer only runs the statements (it is the slower side).
			if im.headAtWriter {
				if err := im.drain(); err != nil {
					return err
				}
				im.headAtWriter = false
			}
			im.all = im.all[:0]
			for i := range im.buf {
				im.all = append(im.all, i)
			}
			job.execs = im.w.chainRows(im.buf, im.args, im.all, im.execs[:0])
		}
	}
	im.jobs <- job
	c := <-im.free
	im.buf, im.args, im.execs, im.rejects = c.rows, c.args, c.execs, nil
	return nil
}

// drain waits until the writer has written everything queued, with the
// pipeline still running afterwards.
func (im *Import) drain() error {
	if err := im.stopPipeline(); err != nil {
		return err
	}
	im.startPipeline()
	return nil
}

// Add buffers one event; every chunkSize events the buffer is deduplicated and
// written. Identical events within the file are all kept (the n-th copy is
// hashed with occurrence n); an event already stored is counted as a duplicate.
// An event of system "trailbook" or without a time is rejected, not added.
// The event is copied: the caller may reuse it.
func (im *Import) Add(ctx context.Context, e *activity.Event) error {
	if err := im.check(); err != nil {
		return err
	}
	if e == nil {
		return fmt.Errorf("add event: nil event: %w", ErrInvalid)
	}
	switch {
	case e.System == activity.OwnSystem:
		im.Reject(e.Line, "system", `system "trailbook" is reserved for Trailbook's own actions`)
		return im.err
	case e.OccurredAt.IsZero():
		im.Reject(e.Line, "occurred_at", "the event has no time")
		return im.err
	case !knownKind(e.Kind):
		im.Reject(e.Line, "kind", fmt.Sprintf("unknown kind %q", e.Kind))
		return im.err
	}
	im.buf = append(im.buf, rowFromEvent(e, im.batchID))
	r := &im.buf[len(im.buf)-1]
	r.meaningID = im.meaningID(r.meaning)
	if !im.period || r.at < im.first {
		im.first = r.at
	}
	if !im.period || r.at > im.last {
		im.last = r.at
	}
	im.period = true
	r.key = im.contentKey(r)
	r.occ, r.recheck = im.nextOccurrence(r.at, r.key)
	if im.occ.broken && r.at >= im.occ.lo && r.at <= im.occ.hi {
		cp := cloneEvent(e)
		r.orig = &cp
	}
	r.hash = e.ContentHash(r.occ)
	n := len(im.buf)
	if !bulkInsert {
		r.putValues(im.args[(n-1)*paramsPerRow : n*paramsPerRow])
	}
	if n >= chunkSize {
		if err := im.submit(ctx); err != nil {
			return im.fail(fmt.Errorf("import %s: write chunk ending at line %d: %w", im.info.FileName, e.Line, err))
		}
	}
	return nil
}

// AddPerson adds or updates an entry of the people directory, keyed by the
// lower-cased email. Non-empty fields overwrite; empty ones keep what was there.
// A person without an email gives an ErrInvalid error and the import goes on.
func (im *Import) AddPerson(ctx context.Context, p *activity.Person) error {
	if err := im.check(); err != nil {
		return err
	}
	if p == nil || strings.TrimSpace(p.Email) == "" {
		return fmt.Errorf("add person: no email: %w", ErrInvalid)
	}
	// The connection is the writer's while it runs; people lists are small.
	if err := im.stopPipeline(); err != nil {
		return im.fail(fmt.Errorf("import %s: %w", im.info.FileName, err))
	}
	if err := upsertPerson(ctx, im.conn, p, im.batchID, im.s.nowMS()); err != nil {
		return im.fail(fmt.Errorf("import %s: %w", im.info.FileName, err))
	}
	im.res.People++
	return nil
}

// Reject records a row that could not be read (its line, the column at fault and why).
func (im *Import) Reject(line int64, column, reason string) {
	im.addReject(rejectRecord{Line: line, Column: column, Reason: reason})
}

// Skip records a row that was deliberately passed over (a total line, a blank row ...).
func (im *Import) Skip(line int64, reason string) {
	im.addReject(rejectRecord{Line: line, Reason: reason, Skipped: true})
}

func (im *Import) addReject(r rejectRecord) {
	if im.check() != nil {
		return
	}
	r.BatchID = im.batchID
	if r.Skipped {
		im.res.Skipped++
	} else {
		im.res.Rejected++
	}
	im.rejects = append(im.rejects, r)
	if len(im.rejects) >= 4*chunkSize {
		// Keep memory flat on a file of rejects. Reject has no context to
		// honour; Add checks its own before the next chunk.
		if err := im.submitRejects(); err != nil {
			_ = im.fail(fmt.Errorf("import %s: write rejects: %w", im.info.FileName, err))
		}
	}
}

func (im *Import) submitRejects() error {
	ctx := context.Background()
	if im.jobs == nil {
		if im.w.err != nil {
			return im.w.err
		}
		err := im.w.write(ctx, nil, nil, im.rejects)
		im.rejects = nil
		return err
	}
	if im.failed.Load() {
		return im.stopPipeline()
	}
	c := <-im.free
	im.jobs <- writeJob{ctx: ctx, rows: c.rows, args: c.args, execs: c.execs, rejects: im.rejects}
	im.rejects = nil
	return nil
}

// contentKey identifies identical events for occurrence counting. It covers the
// fields ContentHash covers (no more, or identical events would not be counted
// as such), plus the time.
func (im *Import) contentKey(r *evRow) uint64 {
	b := im.keyBuf[:0]
	b = binary.LittleEndian.AppendUint64(b, uint64(r.at))
	for _, s := range [...]string{r.sourceTime, r.actorID, r.actorName, r.actorEmail, r.actorComp, r.ip,
		r.system, r.module, r.action, r.kind, r.targetType, r.targetID, r.targetRef, r.targetName, r.relatedRef,
		r.currency, r.description, r.changes, r.extra} {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	for _, v := range [...]struct {
		ok bool
		n  int64
	}{{r.hasAmount, r.amount}, {r.hasCycles, r.cycles}} {
		if v.ok {
			b = append(b, 1)
			b = binary.LittleEndian.AppendUint64(b, uint64(v.n))
		} else {
			b = append(b, 0)
		}
	}
	im.keyBuf = b
	return maphash.Bytes(im.seed, b)
}

// occCounter numbers identical events within a file. While the file is ordered
// by time (either way) it only remembers the events of the current timestamp;
// once the order breaks it keeps every event from then on, and an event that
// may repeat one read before the break is checked against the rows this import
// already wrote.
type occCounter struct {
	started bool
	dir     int // 0 unknown, +1 ascending, -1 descending
	cur     int64
	counts  map[uint64]int
	broken  bool
	lo, hi  int64 // timestamps passed before the order broke
}

// nextOccurrence numbers the event at (at, key) and tells whether it needs the
// recheck. The event is already the last row of im.buf.
func (im *Import) nextOccurrence(at int64, key uint64) (int, bool) {
	o := &im.occ
	if o.counts == nil {
		o.counts = make(map[uint64]int)
	}
	if !o.broken {
		switch {
		case !o.started:
			o.started, o.cur, o.lo, o.hi = true, at, at, at
		case at != o.cur:
			d := 1
			if at < o.cur {
				d = -1
			}
			if o.dir == 0 {
				o.dir = d
			}
			if d == o.dir {
				if len(o.counts) > 64 { // clear costs the map's capacity: start small again after a crowded timestamp
					o.counts = make(map[uint64]int)
				} else {
					clear(o.counts)
				}
				o.cur = at
				o.lo, o.hi = min(o.lo, at), max(o.hi, at)
				break
			}
			// The order broke: count everything from now on, write synchronously
			// (the recheck needs every earlier row written), and seed the counts
			// with the rows still buffered; rows already written are found by
			// the recheck.
			o.broken = true
			if err := im.stopPipeline(); err != nil {
				im.failed.Store(true) // reported by the next submit
			}
			for i := range im.buf[:len(im.buf)-1] {
				r := &im.buf[i]
				if r.at != o.cur && r.occ > o.counts[r.key] {
					o.counts[r.key] = r.occ
				}
			}
		}
	}
	o.counts[key]++
	n := o.counts[key]
	return n, o.broken && n == 1 && at >= o.lo && at <= o.hi
}

// meaningRecord is a row of the meanings table.
type meaningRecord struct {
	bun.BaseModel `bun:"table:meanings"`

	ID   int64  `bun:"id,pk"`
	Text string `bun:"text"`
}

func (im *Import) loadMeanings(ctx context.Context) error {
	var recs []meaningRecord
	if err := im.conn.NewSelect().Model(&recs).Scan(ctx); err != nil {
		return fmt.Errorf("read meanings: %w", err)
	}
	im.meanings = make(map[string]int64, len(recs))
	for _, m := range recs {
		im.meanings[m.Text] = m.ID
		im.lastMeaning = max(im.lastMeaning, m.ID)
	}
	return nil
}

// meaningID is the id of a meaning text, given one if it is new; 0 for none.
func (im *Import) meaningID(text string) int64 {
	if text == "" {
		return 0
	}
	if id, ok := im.meanings[text]; ok {
		return id
	}
	im.lastMeaning++
	id := im.lastMeaning
	im.meanings[text] = id
	im.newMeanings = append(im.newMeanings, meaningRecord{ID: id, Text: text})
	return id
}

// writeMeanings stores the meanings first seen in this import. The events that
// refer to them are already written: the import's connection checks no foreign
// keys, and nothing else sees either before the commit.
func (im *Import) writeMeanings(ctx context.Context) error {
	if len(im.newMeanings) == 0 {
		return nil
	}
	if _, err := im.conn.NewInsert().Model(&im.newMeanings).Exec(ctx); err != nil {
		return fmt.Errorf("write meanings: %w", err)
	}
	im.newMeanings = nil
	return nil
}

// kinds is the vocabulary as a set.
var kinds = func() map[activity.Kind]bool {
	m := map[activity.Kind]bool{}
	for _, k := range activity.Kinds() {
		m[k] = true
	}
	return m
}()

func knownKind(k activity.Kind) bool { return kinds[k] }

func cloneEvent(e *activity.Event) activity.Event {
	c := *e
	c.Changes = slices.Clone(e.Changes)
	c.Extra = maps.Clone(e.Extra)
	c.Warnings = slices.Clone(e.Warnings)
	if e.Amount != nil {
		a := *e.Amount
		c.Amount = &a
	}
	if e.BillingCycles != nil {
		v := *e.BillingCycles
		c.BillingCycles = &v
	}
	return c
}

// run writes a job: rows the reader chained are only inserted.
func (w *writer) run(job writeJob) error {
	if job.execs == nil {
		return w.write(job.ctx, job.rows, job.args, job.rejects)
	}
	if err := job.ctx.Err(); err != nil {
		return err
	}
	if err := w.execRows(job.ctx, job.execs, int64(len(job.rows))); err != nil {
		return err
	}
	return w.write(job.ctx, nil, nil, job.rejects)
}

// needsLookup tells whether rows must be looked up for duplicates: some fall
// in the period of the events stored before the import, or may repeat a row
// this import wrote before the file's order broke.
func (w *writer) needsLookup(rows []evRow) bool {
	lo, hi, recheck := rows[0].at, rows[0].at, false
	for i := range rows {
		lo, hi = min(lo, rows[i].at), max(hi, rows[i].at)
		recheck = recheck || rows[i].recheck
	}
	return recheck || (w.dbHas && hi >= w.dbMin && lo <= w.dbMax)
}

// write deduplicates and inserts a chunk of events, then writes rejects.
func (w *writer) write(ctx context.Context, rows []evRow, args []driver.NamedValue, rejects []rejectRecord) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if len(rows) > 0 {
		if err := w.writeChunk(ctx, rows, args); err != nil {
			return err
		}
	}
	for len(rejects) > 0 {
		part := rejects[:min(len(rejects), chunkSize)]
		if _, err := w.im.conn.NewInsert().Model(&part).Exec(ctx); err != nil {
			return fmt.Errorf("insert rejects at line %d: %w", part[0].Line, err)
		}
		rejects = rejects[len(part):]
	}
	return nil
}

func (w *writer) writeChunk(ctx context.Context, rows []evRow, args []driver.NamedValue) error {
	clear(w.existing)
	if w.needsLookup(rows) {
		if err := w.lookupExisting(ctx, rows); err != nil {
			return err
		}
	}
	w.insert = w.insert[:0]
	var shift map[uint64]int // occurrence shifts of rechecked keys within this chunk
	for i := range rows {
		r := &rows[i]
		if d := shift[r.key]; d > 0 && !r.recheck {
			if err := rehash(r, r.occ+d); err != nil {
				return err
			}
		}
		_, exists := w.existing[dedupKey{r.at, r.hash}]
		if r.recheck && exists {
			occ0 := r.occ
			var err error
			if exists, err = w.resolveRecheck(ctx, r); err != nil {
				return err
			}
			if d := r.occ - occ0; d > 0 {
				// Rechecks only happen with the pipeline stopped: the counts
				// are this goroutine's.
				if shift == nil {
					shift = map[uint64]int{}
				}
				shift[r.key] = d
				w.im.occ.counts[r.key] += d
			}
		}
		if exists {
			w.dups++
			continue
		}
		w.insert = append(w.insert, i)
	}
	return w.insertRows(ctx, rows, args, w.insert)
}

// rehash recomputes a row's content hash for another occurrence number.
func rehash(r *evRow, occ int) error {
	if r.orig == nil {
		return fmt.Errorf("line %d: cannot renumber an identical event", r.line)
	}
	r.occ = occ
	r.hash = r.orig.ContentHash(occ)
	r.rehashed = true
	return nil
}

// resolveRecheck handles an event that may repeat one this import wrote before
// the file's order broke: while its key was written by this very batch, it is
// the next copy, not a duplicate. Reports whether the final key exists.
func (w *writer) resolveRecheck(ctx context.Context, r *evRow) (bool, error) {
	for {
		var batch sql.NullInt64
		err := w.im.conn.QueryRowContext(ctx, `SELECT batch_id FROM events WHERE occurred_at = ? AND row_hash = ?`, r.at, r.hash[:]).Scan(&batch)
		if errors.Is(err, sql.ErrNoRows) {
			return false, nil
		}
		if err != nil {
			return false, fmt.Errorf("recheck line %d: %w", r.line, err)
		}
		if batch.Int64 != w.im.batchID {
			return true, nil
		}
		if err := rehash(r, r.occ+1); err != nil {
			return false, err
		}
	}
}

// lookupExisting fills w.existing with the stored (occurred_at, row_hash) keys
// at the chunk's timestamps: one indexed query per chunk.
func (w *writer) lookupExisting(ctx context.Context, rows []evRow) error {
	if w.existing == nil {
		w.existing = make(map[dedupKey]struct{}, chunkSize)
		w.seen = make(map[int64]struct{}, chunkSize)
		w.lookArgs = make([]driver.NamedValue, chunkSize)
		for i := range w.lookArgs {
			w.lookArgs[i].Ordinal = i + 1
		}
	}
	clear(w.seen)
	n := 0
	for i := range rows {
		if _, ok := w.seen[rows[i].at]; ok {
			continue
		}
		w.seen[rows[i].at] = struct{}{}
		w.lookArgs[n].Value = rows[i].at
		n++
	}
	for i := n; i < chunkSize; i++ { // pad: repeats in an IN list are harmless
		w.lookArgs[i].Value = w.lookArgs[0].Value
	}
	return w.im.raw(func(driver.Conn) error {
		q, ok := w.lookup.(driver.StmtQueryContext)
		if !ok {
			return fmt.Errorf("driver statement %T cannot query with a context", w.lookup)
		}
		rs, err := q.QueryContext(ctx, w.lookArgs)
		if err != nil {
			return fmt.Errorf("dedup lookup: %w", err)
		}
		defer rs.Close()
		dest := make([]driver.Value, 2)
		for {
			err := rs.Next(dest)
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return fmt.Errorf("dedup lookup: %w", err)
			}
			var k dedupKey
			k.at, _ = dest[0].(int64)
			h, _ := dest[1].([]byte)
			copy(k.hash[:], h)
			w.existing[k] = struct{}{}
		}
	})
}

// insertRows numbers, chains and writes rows[idx...].
// args holds the rows' arguments (but id and chain), row i at i*paramsPerRow.
func (w *writer) insertRows(ctx context.Context, rows []evRow, args []driver.NamedValue, idx []int) error {
	if len(idx) == 0 {
		return nil
	}
	w.execs = w.chainRows(rows, args, idx, w.execs[:0])
	return w.execRows(ctx, w.execs, int64(len(idx)))
}

// chainRows assigns ids and chain values to rows[idx...], moves their
// arguments to the front of args (rows dropped as duplicates leave gaps) and
// appends to execs the statements that insert them. It owns the ledger head:
// the writer's, or the reader's while no chunk waits for a dedup lookup.
func (w *writer) chainRows(rows []evRow, args []driver.NamedValue, idx []int, execs []execBatch) []execBatch {
	var blob []byte
	var blobFirst int // idx position of the blob's first row
	if bulkInsert {
		blob = bulkBuf(execs)
	}
	for j, i := range idx {
		r := &rows[i]
		w.led.HeadID++
		r.id = w.led.HeadID
		pre := len(w.led.HeadChain) + 8
		r.computeChain(&w.chain, w.led.HeadChain)
		copy(w.head[:], r.chain[:])
		w.led.HeadChain = w.head[:]
		if bulkInsert {
			blob = appendBulkRow(blob, r, w.chain.buf[pre:])
			if len(blob) >= bulkMaxBlob && j+1 < len(idx) { // a chunk of very wide rows: split it
				execs = append(execs, execBatch{n: j + 1 - blobFirst, blob: blob, line: rows[idx[blobFirst]].line, last: r.id})
				blob, blobFirst = bulkBuf(execs), j+1
			}
			continue
		}
		a := args[j*paramsPerRow : (j+1)*paramsPerRow]
		if i != j { // duplicates were dropped: close the gap (i > j, so the source is intact)
			copy(a, args[i*paramsPerRow:(i+1)*paramsPerRow])
		}
		if r.rehashed {
			a[argHash].Value = r.hash[:]
		}
		a[argID].Value = r.id
		a[argChain].Value = r.chain[:]
	}
	if w.firstID == 0 {
		w.firstID = w.im.beforeID + 1
	}
	w.lastID = w.led.HeadID
	w.led.Count += int64(len(idx))
	if bulkInsert {
		return append(execs, execBatch{n: len(idx) - blobFirst, blob: blob, line: rows[idx[blobFirst]].line, last: w.lastID})
	}

	// Statements of insertSizes rows, largest first. The driver binds by
	// ordinal, from 1 in each statement; with omitNullArgs the NULLs are left
	// out (a third of an event's values are usually empty, and each bind is a
	// call into C), moving the rest down in place: the write position never
	// passes the read position.
	out := 0
	for off, left := 0, len(idx); left > 0; {
		n := insertSizes[len(insertSizes)-1]
		for _, s := range insertSizes {
			if s <= left {
				n = s
				break
			}
		}
		start := out
		for k, v := range args[off*paramsPerRow : (off+n)*paramsPerRow] {
			if omitNullArgs && v.Value == nil {
				continue
			}
			v.Ordinal = k + 1
			args[out] = v
			out++
		}
		execs = append(execs, execBatch{n: n, args: args[start:out], line: rows[idx[off]].line})
		off, left = off+n, left-n
	}
	return execs
}

// bulkMaxBlob bounds a trailbook_rows blob: a chunk of 500 rows is ~150 KB,
// but a file of very wide rows (thousands of columns kept as extra JSON) could
// make it reach SQLite's 1 GB limit on a bound value.
const bulkMaxBlob = 32 << 20

// bulkBuf is the blob of the batch appended next to execs, emptied: the buffer
// of the chunk's earlier use, if any.
func bulkBuf(execs []execBatch) []byte {
	var b []byte
	if cap(execs) > len(execs) {
		b = execs[:len(execs)+1][len(execs)].blob[:0]
	}
	return append(b, bulkCols)
}

// execRows runs the insert statements of count rows.
func (w *writer) execRows(ctx context.Context, execs []execBatch, count int64) error {
	err := w.im.raw(func(driver.Conn) error {
		for _, e := range execs {
			if e.blob != nil {
				w.bulkArg[0].Value = e.blob
				res, err := execStmt(ctx, w.bulk, w.bulkArg)
				if err != nil {
					return fmt.Errorf("insert %d events from line %d: %w", e.n, e.line, err)
				}
				if w.sqliteIDs {
					if last, err := res.LastInsertId(); err != nil || last != e.last {
						return fmt.Errorf("insert %d events from line %d: stored as id %d, chained as %d", e.n, e.line, last, e.last)
					}
				}
				continue
			}
			if _, err := execStmt(ctx, w.stmts[e.n], e.args); err != nil {
				return fmt.Errorf("insert %d events from line %d: %w", e.n, e.line, err)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	w.inserted += count
	return nil
}

func execStmt(ctx context.Context, st driver.Stmt, args []driver.NamedValue) (driver.Result, error) {
	ex, ok := st.(driver.StmtExecContext)
	if !ok {
		return nil, fmt.Errorf("driver statement %T cannot exec with a context", st)
	}
	return ex.ExecContext(ctx, args)
}

// Commit writes what is still buffered, indexes the new rows for search,
// completes the batch record, appends Trailbook's own "import" event, and
// commits. A big import is followed by a quick ANALYZE; the WAL is
// checkpointed in the background.
func (im *Import) Commit(ctx context.Context, warnings []string) (BatchResult, error) {
	if err := im.check(); err != nil {
		return BatchResult{}, err
	}
	res, err := im.commit(ctx, warnings)
	if err != nil {
		return BatchResult{}, im.fail(fmt.Errorf("commit import %s: %w", im.info.FileName, err))
	}
	return res, nil
}

func (im *Import) commit(ctx context.Context, warnings []string) (BatchResult, error) {
	if len(im.buf) > 0 || len(im.rejects) > 0 {
		if err := im.submit(ctx); err != nil {
			return BatchResult{}, err
		}
	}
	if err := im.stopPipeline(); err != nil {
		return BatchResult{}, err
	}
	if err := ctx.Err(); err != nil {
		return BatchResult{}, err
	}
	im.closeStmts()
	if err := im.writeMeanings(ctx); err != nil {
		return BatchResult{}, err
	}
	w := &im.w
	res := im.res
	res.Inserted, res.Duplicates = w.inserted, w.dups
	res.Rows = res.Inserted + res.Duplicates + res.Rejected + res.Skipped + res.People
	if im.period {
		f, l := time.UnixMilli(im.first).UTC(), time.UnixMilli(im.last).UTC()
		res.First, res.Last = &f, &l
	}
	if _, err := im.conn.ExecContext(ctx, fmt.Sprintf("PRAGMA cache_size = -%d", buildCacheKiB)); err != nil {
		return res, fmt.Errorf("tune connection: %w", err)
	}
	if err := im.rebuildIndexes(ctx); err != nil {
		return res, err
	}
	if res.Inserted > 0 {
		if _, err := im.conn.ExecContext(ctx, `INSERT INTO events_fts (rowid, `+ftsColumns+`) SELECT id, `+ftsColumns+` FROM events WHERE id > ?`, im.beforeID); err != nil {
			return res, fmt.Errorf("index for search: %w", err)
		}
	}
	upd := im.conn.NewUpdate().Table("batches").Where("id = ?", im.batchID).
		Set("rows = ?", res.Rows).Set("inserted = ?", res.Inserted).Set("duplicates = ?", res.Duplicates).
		Set("rejected = ?", res.Rejected).Set("skipped = ?", res.Skipped).Set("people = ?", res.People).
		Set("status = 'complete'")
	if im.period {
		upd = upd.Set("first_at = ?", im.first).Set("last_at = ?", im.last)
	}
	if res.Inserted > 0 {
		upd = upd.Set("first_id = ?", w.firstID).Set("last_id = ?", w.lastID)
	}
	if len(warnings) > 0 {
		upd = upd.Set("warnings = ?", string(appendStringsJSON(nil, warnings)))
	}
	if _, err := upd.Exec(ctx); err != nil {
		return res, fmt.Errorf("complete batch: %w", err)
	}
	if _, err := im.s.appendOwn(ctx, im.conn, &w.led, im.ownImportEvent(res, len(warnings))); err != nil {
		return res, err
	}
	if im.roll != nil {
		im.commitRollups(ctx)
	}
	if err := writeLedger(ctx, im.conn, w.led); err != nil {
		return res, err
	}
	if _, err := im.conn.ExecContext(ctx, "COMMIT"); err != nil {
		return res, fmt.Errorf("commit: %w", err)
	}
	im.committed = true
	if res.Inserted >= analyzeAfter {
		// Fresh statistics keep the planner on the right index; sampled, so
		// quick. The import is committed whatever happens here.
		_, _ = im.conn.ExecContext(ctx, `PRAGMA analysis_limit = 1000; ANALYZE; PRAGMA analysis_limit = 0`)
	}
	im.end()
	im.s.checkpointSoon()
	return res, nil
}

// commitRollups brings the rollups, current when the import began, up to the
// new head inside the import's transaction, so that the first report after it
// need not. If that fails they are left as they were (the first report
// refreshes them): the import goes on.
func (im *Import) commitRollups(ctx context.Context) {
	if _, err := im.conn.ExecContext(ctx, "SAVEPOINT rollups"); err != nil {
		return
	}
	counted := im.beforeID
	if im.w.inserted > 0 {
		counted = im.w.lastID
	}
	err := im.roll.write(ctx, im.conn)
	if err == nil { // Trailbook's own event of this import
		err = addRollups(ctx, im.conn, counted, im.w.led.HeadID)
	}
	if err == nil {
		err = writeRollupState(ctx, im.conn, im.w.led.HeadID, im.rollGaps)
	}
	if err != nil {
		_, _ = im.conn.ExecContext(ctx, "ROLLBACK TO rollups")
	}
	_, _ = im.conn.ExecContext(ctx, "RELEASE rollups")
}

// ownImportEvent describes a committed import as Trailbook's own event.
func (im *Import) ownImportEvent(res BatchResult, warnings int) ownEvent {
	extra := map[string]string{
		"batch_id":   strconv.FormatInt(im.batchID, 10),
		"file":       im.info.FileName,
		"size":       strconv.FormatInt(im.info.Size, 10),
		"sha256":     im.info.SHA256,
		"profile":    im.info.Profile,
		"system":     im.info.System,
		"zone":       im.info.SourceZone,
		"rows":       strconv.FormatInt(res.Rows, 10),
		"inserted":   strconv.FormatInt(res.Inserted, 10),
		"duplicates": strconv.FormatInt(res.Duplicates, 10),
		"rejected":   strconv.FormatInt(res.Rejected, 10),
		"skipped":    strconv.FormatInt(res.Skipped, 10),
		"people":     strconv.FormatInt(res.People, 10),
		"warnings":   strconv.Itoa(warnings),
	}
	if res.First != nil {
		extra["first"] = res.First.Format(time.RFC3339Nano)
		extra["last"] = res.Last.Format(time.RFC3339Nano)
	}
	desc := fmt.Sprintf("Imported %s: %d rows, %d new, %d duplicates, %d rejected, %d skipped",
		im.info.FileName, res.Rows, res.Inserted, res.Duplicates, res.Rejected, res.Skipped)
	if res.People > 0 {
		desc += fmt.Sprintf(", %d people", res.People)
	}
	return ownEvent{
		action: "import", kind: activity.KindCreate, description: desc, extra: extra,
		targetType: "batch", targetID: strconv.FormatInt(im.batchID, 10), targetRef: im.info.FileName, targetName: im.info.FileName,
	}
}

// Rollback abandons the import: the workspace is left exactly as before. It is
// a no-op after Commit or after a failed call.
func (im *Import) Rollback() error {
	if im.done {
		return nil
	}
	im.end()
	return nil
}

// indexDef is a secondary index as the schema defines it.
type indexDef struct {
	name, sql string
}

// Bulk-load threshold: an import whose file would add more events than about
// deferFactor times what is stored drops the secondary indexes inside its
// transaction and builds them again, sorted, before COMMIT. Maintaining four
// B-trees row by row costs more than one sort each when the new rows outnumber
// the old. The dedup index stays: every chunk is looked up in it. Readers keep
// their snapshot with the indexes; a rollback or a crash restores them.
const (
	deferFactor      = 1
	approxBytesOfRow = 150 // a typical export line, to guess the rows of a file from its size
)

// liveIndexes are kept up to date row by row even in a bulk load: their keys
// start with a handful of values (system, kind) followed by the time, so rows
// read in time order append at a few hot pages, which costs about half of a
// sorted rebuild. An index led by the user or the reference lands all over
// the tree and is cheaper to sort afterwards.
var liveIndexes = map[string]bool{"events_system_kind": true}

func (im *Import) deferIndexes(ctx context.Context, stored int64) error {
	if im.info.Size/approxBytesOfRow <= deferFactor*stored || im.info.Size/approxBytesOfRow < analyzeAfter {
		return nil
	}
	var defs []struct {
		Name string `bun:"name"`
		SQL  string `bun:"sql"`
	}
	if err := im.conn.NewRaw(`SELECT name, sql FROM sqlite_master
WHERE type = 'index' AND tbl_name = 'events' AND sql IS NOT NULL AND name <> 'events_dedup' ORDER BY name`).Scan(ctx, &defs); err != nil {
		return fmt.Errorf("read event indexes: %w", err)
	}
	for _, d := range defs {
		if liveIndexes[d.Name] {
			continue
		}
		if _, err := im.conn.ExecContext(ctx, `DROP INDEX "`+d.Name+`"`); err != nil {
			return fmt.Errorf("defer index %s: %w", d.Name, err)
		}
		im.deferred = append(im.deferred, indexDef{d.Name, d.SQL})
	}
	return nil
}

func (im *Import) rebuildIndexes(ctx context.Context) error {
	for _, d := range im.deferred {
		if _, err := im.conn.ExecContext(ctx, d.sql); err != nil {
			return fmt.Errorf("build index %s: %w", d.name, err)
		}
	}
	im.deferred = nil
	return nil
}
