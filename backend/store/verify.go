package store

import (
	"bytes"
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/uptrace/bun"

	"trailbook/backend/activity"
)

// VerifyResult is the outcome of checking the ledger. Bad is the first bad row
// in id order; Problems counts every problem found (the rows after a bad one
// are still checked, chained on from their stored values); Notes are problems
// that are not about one row, such as a dropped append-only trigger.
type VerifyResult struct {
	OK       bool     `json:"ok"`
	Events   int64    `json:"events"`
	Bad      *BadRow  `json:"bad,omitempty"`
	Problems int64    `json:"problems"`
	Notes    []string `json:"notes,omitempty"`
}

// BadRow names a row that fails verification. Kind is "altered", "missing" or
// "inserted"; Problem is that word followed by a sentence for people. For a
// missing range, ID..ToID are the missing ids.
type BadRow struct {
	ID      int64  `json:"id"`
	ToID    int64  `json:"to_id,omitempty"`
	File    string `json:"file"`
	Line    int64  `json:"line"`
	Kind    string `json:"kind"`
	Problem string `json:"problem"`
}

// Problem kinds.
const (
	BadAltered  = "altered"
	BadMissing  = "missing"
	BadInserted = "inserted"
)

// guardTriggers are the append-only triggers, with their SQL as the migrations create it.
var guardTriggers = func() map[string]string {
	out := map[string]string{}
	ms, err := migrations()
	if err != nil {
		return out
	}
	re := regexp.MustCompile(`(?s)CREATE TRIGGER (\w+) .*?\nEND;`)
	for _, m := range ms {
		for _, g := range re.FindAllStringSubmatch(m.sql, -1) {
			out[g[1]] = normalizeSQL(strings.TrimSuffix(g[0], ";"))
		}
	}
	return out
}()

func normalizeSQL(s string) string { return strings.Join(strings.Fields(s), " ") }

// Verify recomputes the hash chain over every stored event, in id order and in
// flat memory, and checks it against the ledger head. It writes nothing; record
// the outcome with RecordVerify.
//
// Row i only needs the chain value stored in row i-1, so large workspaces are
// checked in id ranges on several connections at once, all reading the same
// state of the workspace.
func (s *Store) Verify(ctx context.Context) (VerifyResult, error) {
	var res VerifyResult
	var err error
	for attempt := 0; attempt < 3; attempt++ {
		res, err = s.verify(ctx, s.verifyParts())
		if !errors.Is(err, errSnapshotMoved) {
			break
		}
	}
	if errors.Is(err, errSnapshotMoved) { // writes kept landing between the parts' snapshots
		res, err = s.verify(ctx, 1)
	}
	if err != nil {
		return VerifyResult{}, Explain(fmt.Errorf("verify: %w", err))
	}
	return res, nil
}

// verifyParts is how many connections verify in parallel.
func (s *Store) verifyParts() int {
	if s.tune.verifyParts > 0 {
		return s.tune.verifyParts
	}
	return min(runtime.GOMAXPROCS(0), 4)
}

var errSnapshotMoved = errors.New("the workspace changed while verification started")

// readConn is a connection in a read transaction.
type readConn struct{ bun.Conn }

func (s *Store) beginRead(ctx context.Context) (readConn, error) {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return readConn{}, err
	}
	if _, err := conn.ExecContext(ctx, "BEGIN"); err != nil {
		conn.Close()
		return readConn{}, err
	}
	return readConn{conn}, nil
}

func (c readConn) end() {
	_, _ = c.Conn.Conn.ExecContext(context.Background(), "ROLLBACK")
	c.Conn.Close()
}

func (s *Store) verify(ctx context.Context, parts int) (VerifyResult, error) {
	var res VerifyResult
	main, err := s.beginRead(ctx)
	if err != nil {
		return res, err
	}
	defer main.end()
	led, err := readLedger(ctx, main) // also starts the snapshot
	if err != nil {
		return res, err
	}
	if err := checkTriggers(ctx, main, &res); err != nil {
		return res, err
	}
	ranges, err := splitRanges(ctx, main, led, parts, s.tune.verifyPartMin)
	if err != nil {
		return res, err
	}
	outs := make([]partResult, len(ranges))
	if len(ranges) == 1 {
		outs[0], err = verifyRange(ctx, main.Conn, led, ranges[0])
	} else {
		err = s.verifyParallel(ctx, led, ranges, outs)
	}
	if err != nil {
		return res, err
	}
	for _, o := range outs { // in id order: the first bad row of the first bad part is the first
		res.Events += o.events
		res.Problems += o.problems
		if res.Bad == nil && o.bad != nil {
			res.Bad = o.bad
		}
	}
	last := outs[len(outs)-1]
	if last.headChainDiffers && res.Problems == 0 {
		res.Problems++
		res.Notes = append(res.Notes, "the ledger head does not match the last event: the workspace was changed outside Trailbook")
	}
	if res.Problems == 0 && res.Events != led.Count {
		res.Problems++
		res.Notes = append(res.Notes, fmt.Sprintf("the ledger records %d events but %d are stored", led.Count, res.Events))
	}
	if res.Bad != nil && res.Bad.Kind != BadInserted {
		if err := fillBadFile(ctx, main, res.Bad); err != nil {
			return res, err
		}
	}
	res.OK = res.Problems == 0 && len(res.Notes) == 0
	return res, nil
}

func (s *Store) verifyParallel(ctx context.Context, led ledgerState, ranges []idRange, outs []partResult) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errs := make([]error, len(ranges))
	var wg sync.WaitGroup
	for i, r := range ranges {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := s.beginRead(ctx)
			if err != nil {
				errs[i] = err
				cancel()
				return
			}
			defer c.end()
			got, err := readLedger(ctx, c)
			if err == nil && (got.HeadID != led.HeadID || got.Count != led.Count || got.BaseID != led.BaseID ||
				!bytes.Equal(got.HeadChain, led.HeadChain)) {
				err = errSnapshotMoved
			}
			if err == nil {
				outs[i], err = verifyRange(ctx, c.Conn, led, r)
			}
			if err != nil {
				errs[i] = err
				cancel()
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if errors.Is(err, errSnapshotMoved) {
			return err
		}
	}
	return errors.Join(errs...)
}

// idRange is a part of the events to verify: rows with from <= id < to,
// continuing from the row prevID (or the base) whose chain value is prev.
type idRange struct {
	from, to int64
	prevID   int64
	prev     [32]byte
	last     bool
}

// splitRanges cuts the stored ids into about equal parts at existing rows.
func splitRanges(ctx context.Context, db bun.IDB, led ledgerState, parts int, partMin int64) ([]idRange, error) {
	first := idRange{from: math.MinInt64, to: math.MaxInt64, prevID: led.BaseID, last: true}
	copy(first.prev[:], led.BaseChain)
	var lo, hi sql.NullInt64
	var n int64
	if err := db.QueryRowContext(ctx, `SELECT min(id), max(id), count(*) FROM events`).Scan(&lo, &hi, &n); err != nil {
		return nil, fmt.Errorf("count events: %w", err)
	}
	parts = int(min(int64(parts), n/max(partMin, 1)))
	if parts <= 1 {
		return []idRange{first}, nil
	}
	out := []idRange{first}
	step := (hi.Int64 - lo.Int64) / int64(parts)
	for p := 1; p < parts; p++ {
		var start sql.NullInt64
		if err := db.QueryRowContext(ctx, `SELECT min(id) FROM events WHERE id >= ?`, lo.Int64+int64(p)*step).Scan(&start); err != nil {
			return nil, fmt.Errorf("split: %w", err)
		}
		prevRow := out[len(out)-1]
		if !start.Valid || start.Int64 <= prevRow.from {
			continue
		}
		var prevID int64
		var prevChain []byte
		if err := db.QueryRowContext(ctx, `SELECT id, chain FROM events WHERE id < ? ORDER BY id DESC LIMIT 1`, start.Int64).Scan(&prevID, &prevChain); err != nil {
			return nil, fmt.Errorf("split: %w", err)
		}
		r := idRange{from: start.Int64, to: math.MaxInt64, prevID: prevID, last: true}
		copy(r.prev[:], prevChain)
		out[len(out)-1].to, out[len(out)-1].last = start.Int64, false
		out = append(out, r)
	}
	return out, nil
}

type partResult struct {
	events           int64
	problems         int64
	bad              *BadRow
	headChainDiffers bool
}

// verifyRange checks the rows of one range on conn (in a read transaction).
func verifyRange(ctx context.Context, conn bun.Conn, led ledgerState, r idRange) (partResult, error) {
	var out partResult
	err := conn.Raw(func(dc any) error {
		qc, ok := dc.(driver.QueryerContext)
		if !ok {
			return fmt.Errorf("driver %T cannot query with a context", dc)
		}
		gaps, err := qc.QueryContext(ctx, `SELECT first_id, last_id, chain FROM ledger_gaps WHERE first_id > ? AND first_id < ? ORDER BY first_id`,
			[]driver.NamedValue{{Ordinal: 1, Value: r.prevID}, {Ordinal: 2, Value: r.to}})
		if err != nil {
			return fmt.Errorf("read gaps: %w", err)
		}
		defer gaps.Close()
		rows, err := qc.QueryContext(ctx, `SELECT id, `+chainedSelect+`, chain FROM events WHERE id >= ? AND id < ? ORDER BY id`,
			[]driver.NamedValue{{Ordinal: 1, Value: r.from}, {Ordinal: 2, Value: r.to}})
		if err != nil {
			return fmt.Errorf("read events: %w", err)
		}
		defer rows.Close()
		v := verifier{led: led, gaps: gaps, out: &out}
		return v.run(ctx, rows, r)
	})
	return out, err
}

// checkTriggers notes append-only triggers that were dropped or changed.
func checkTriggers(ctx context.Context, db bun.IDB, res *VerifyResult) error {
	var have []struct {
		Name string `bun:"name"`
		SQL  string `bun:"sql"`
	}
	if err := db.NewRaw(`SELECT name, sql FROM sqlite_schema WHERE type = 'trigger'`).Scan(ctx, &have); err != nil {
		return fmt.Errorf("read triggers: %w", err)
	}
	got := map[string]string{}
	for _, t := range have {
		got[t.Name] = normalizeSQL(t.SQL)
	}
	for _, name := range sortedKeys(guardTriggers) {
		sqlText, ok := got[name]
		switch {
		case !ok:
			res.Notes = append(res.Notes, fmt.Sprintf("the append-only trigger %s is missing: rows could be changed or deleted outside Trailbook", name))
		case sqlText != guardTriggers[name]:
			res.Notes = append(res.Notes, fmt.Sprintf("the append-only trigger %s was replaced by a different one", name))
		}
	}
	return nil
}

type verifier struct {
	out  *partResult
	led  ledgerState
	gaps driver.Rows
	gap  *gapRow
	c    chainer
}

type gapRow struct {
	first, last int64
	chain       []byte
}

func (v *verifier) nextGap() error {
	dest := make([]driver.Value, 3)
	err := v.gaps.Next(dest)
	if err == io.EOF {
		v.gap = nil
		return nil
	}
	if err != nil {
		return fmt.Errorf("read gaps: %w", err)
	}
	first, _ := dest[0].(int64)
	last, _ := dest[1].(int64)
	chain, _ := dest[2].([]byte)
	v.gap = &gapRow{first: first, last: last, chain: bytes.Clone(chain)}
	return nil
}

func (v *verifier) bad(b BadRow) {
	v.out.problems++
	if v.out.bad == nil {
		v.out.bad = &b
	}
}

// run walks the rows of r in id order. A row must follow the previous one (or
// a recorded removed range) and carry the chain value computed from the
// previous value and its own columns. After a bad row it goes on from the
// stored values, counting further problems.
func (v *verifier) run(ctx context.Context, rows driver.Rows, r idRange) error {
	if err := v.nextGap(); err != nil {
		return err
	}
	expect := r.prevID + 1
	prev := r.prev
	dest := make([]driver.Value, len(chainedColumns)+2)
	last := len(dest) - 1
	batchCol, lineCol := 1+indexOf(chainedColumns, "batch_id"), 1+indexOf(chainedColumns, "line")
	var n int64
	for {
		if n%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		err := rows.Next(dest)
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("read events: %w", err)
		}
		n++
		id, _ := dest[0].(int64)
		stored, _ := dest[last].([]byte)
		// Holes left by purge/clear are legitimate; step over them.
		for v.gap != nil && v.gap.first == expect {
			expect = v.gap.last + 1
			copy(prev[:], v.gap.chain)
			if err := v.nextGap(); err != nil {
				return err
			}
		}
		switch {
		case id < expect:
			v.bad(BadRow{ID: id, Kind: BadInserted, Problem: fmt.Sprintf(
				"inserted: event %d was added outside Trailbook where the ledger records removed events", id)})
			continue
		case id > v.led.HeadID && expect > v.led.HeadID:
			v.bad(BadRow{ID: id, Kind: BadInserted, Problem: fmt.Sprintf(
				"inserted: event %d was added outside Trailbook after the last recorded event %d", id, v.led.HeadID)})
			copy(prev[:], stored)
			expect = id + 1
			continue
		case id > expect:
			v.bad(missing(expect, min(id-1, v.led.HeadID), ""))
			for v.gap != nil && v.gap.first < id {
				if err := v.nextGap(); err != nil {
					return err
				}
			}
			copy(prev[:], stored)
			expect = id + 1
			continue
		}
		v.c.start(prev[:], id)
		for _, val := range dest[1:last] {
			v.c.value(val)
		}
		if sum := v.c.sum(); !bytes.Equal(sum[:], stored) {
			batch, _ := dest[batchCol].(int64)
			line, _ := dest[lineCol].(int64)
			b := BadRow{ID: id, Line: line, Kind: BadAltered}
			if batch != 0 {
				b.File = "#batch:" + strconv.FormatInt(batch, 10) // resolved to the file name at the end
			}
			v.bad(b)
		}
		copy(prev[:], stored)
		expect = id + 1
	}
	v.out.events = n
	if !r.last {
		return nil
	}
	for v.gap != nil && v.gap.first == expect {
		expect = v.gap.last + 1
		copy(prev[:], v.gap.chain)
		if err := v.nextGap(); err != nil {
			return err
		}
	}
	if expect <= v.led.HeadID {
		v.bad(missing(expect, v.led.HeadID, " (the newest events)"))
	} else if !bytes.Equal(prev[:], v.led.HeadChain) {
		v.out.headChainDiffers = true
	}
	return nil
}

func missing(from, to int64, where string) BadRow {
	b := BadRow{ID: from, Kind: BadMissing}
	if to > from {
		b.ToID = to
		b.Problem = fmt.Sprintf("missing: events %d to %d%s were deleted outside Trailbook", from, to, where)
	} else {
		b.Problem = fmt.Sprintf("missing: event %d%s was deleted outside Trailbook", from, where)
	}
	return b
}

// fillBadFile names the file and line of an altered or missing row in its
// Problem. A missing row's file is the batch whose id range held it.
func fillBadFile(ctx context.Context, db bun.IDB, b *BadRow) error {
	if b.Kind == BadMissing {
		var batch int64
		err := db.NewRaw(`SELECT id FROM batches WHERE first_id <= ? AND last_id >= ? LIMIT 1`, b.ID, b.ID).Scan(ctx, &batch)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return nil
		case err != nil:
			return fmt.Errorf("find the batch of event %d: %w", b.ID, err)
		}
		b.File = "#batch:" + strconv.FormatInt(batch, 10)
		// Lines grow with ids within a batch: when the rows around the hole
		// are exactly as many lines apart as rows are missing, the lines are known.
		last := max(b.ToID, b.ID)
		var around []struct {
			Batch int64 `bun:"batch_id"`
			Line  int64 `bun:"line"`
		}
		if err := db.NewRaw(`SELECT coalesce(batch_id, 0) AS batch_id, line FROM events WHERE id IN (?, ?) ORDER BY id`,
			b.ID-1, last+1).Scan(ctx, &around); err != nil {
			return fmt.Errorf("read the rows around event %d: %w", b.ID, err)
		}
		if len(around) == 2 && around[0].Batch == batch && around[1].Batch == batch &&
			around[1].Line-around[0].Line == last-b.ID+2 {
			b.Line = around[0].Line + 1
		}
	}
	where := "Trailbook's own event"
	if id, ok := strings.CutPrefix(b.File, "#batch:"); ok {
		b.File = ""
		var name string
		err := db.NewRaw(`SELECT file_name FROM batches WHERE id = ?`, id).Scan(ctx, &name)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			where = fmt.Sprintf("from unknown batch %s", id)
		case err != nil:
			return fmt.Errorf("read batch %s: %w", id, err)
		default:
			b.File = name
			where = "from " + name
		}
		if b.Line > 0 {
			where += fmt.Sprintf(" line %d", b.Line)
		}
	}
	if b.Kind == BadMissing {
		for _, verb := range []string{" was deleted", " were deleted"} {
			if i := strings.Index(b.Problem, verb); i >= 0 {
				b.Problem = b.Problem[:i] + " (" + where + ")" + b.Problem[i:]
				break
			}
		}
		return nil
	}
	b.Problem = fmt.Sprintf("altered: event %d (%s) does not match its hash: it was changed after it was stored", b.ID, where)
	return nil
}

func indexOf(ss []string, s string) int {
	for i, x := range ss {
		if x == s {
			return i
		}
	}
	return -1
}

// VerifyRecord is the outcome of the latest verification, as recorded.
type VerifyRecord struct {
	At      time.Time
	OK      bool
	Events  int64
	Problem string
}

// RecordVerify appends the outcome of a verification as an own "verify" event,
// the record Stats reports as LastVerify.
func (s *Store) RecordVerify(ctx context.Context, res VerifyResult) (*activity.Event, error) {
	extra := map[string]string{
		"ok":       strconv.FormatBool(res.OK),
		"events":   strconv.FormatInt(res.Events, 10),
		"problems": strconv.FormatInt(res.Problems, 10),
	}
	desc := fmt.Sprintf("Verified the ledger: %d events, no problems", res.Events)
	var problem string
	switch {
	case res.Bad != nil:
		problem = res.Bad.Problem
	case len(res.Notes) > 0:
		problem = res.Notes[0]
	}
	if !res.OK {
		extra["problem"] = problem
		desc = fmt.Sprintf("Verified the ledger: %d events, %d problems: %s", res.Events, max(res.Problems, int64(len(res.Notes))), problem)
	}
	return s.AppendOwn(ctx, "verify", activity.KindExecute, desc, extra)
}
