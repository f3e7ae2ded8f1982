package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/uptrace/bun"
)

// Rollups are counts kept beside the events so that summaries over a year read
// thousands of rows instead of a million (tables in 0002_saved_reports.sql).
// They cover the events up to rollup_state.last_id; RefreshRollups adds the
// newer ids, and rebuilds everything when events were removed since.

// RollupState is how far the rollups reach.
type RollupState struct {
	LastID int64 // rollups count every event with id <= LastID
	Gaps   int64 // ledger gaps when they were last built
}

// RefreshRollups brings the rollups up to date with the events. It is cheap when
// nothing changed (two reads) and safe to call before every summary.
func (s *Store) RefreshRollups(ctx context.Context) error {
	fresh, err := rollupsFresh(ctx, s.db)
	if err != nil {
		return fmt.Errorf("check rollups: %w", err)
	}
	if fresh {
		return nil
	}
	err = s.writeTx(ctx, func(ctx context.Context, tx bun.IDB) error {
		led, err := readLedger(ctx, tx)
		if err != nil {
			return err
		}
		st, ok, gaps, err := rollupStatus(ctx, tx)
		if err != nil {
			return err
		}
		if !ok || st.Gaps != gaps || st.LastID > led.HeadID {
			for _, t := range []string{"rollup_hours", "rollup_users", "rollup_actors", "rollup_ips"} {
				if _, err := tx.ExecContext(ctx, "DELETE FROM "+t); err != nil {
					return fmt.Errorf("reset %s: %w", t, err)
				}
			}
			st = RollupState{LastID: 0, Gaps: gaps}
		}
		if st.LastID < led.HeadID {
			if err := addRollups(ctx, tx, st.LastID, led.HeadID); err != nil {
				return err
			}
		}
		return writeRollupState(ctx, tx, led.HeadID, gaps)
	})
	if err != nil {
		return fmt.Errorf("refresh rollups: %w", err)
	}
	return nil
}

func rollupsFresh(ctx context.Context, db bun.IDB) (bool, error) {
	var head int64
	if err := db.QueryRowContext(ctx, `SELECT head_id FROM meta WHERE id = 1`).Scan(&head); err != nil {
		return false, err
	}
	st, ok, gaps, err := rollupStatus(ctx, db)
	return ok && st.LastID == head && st.Gaps == gaps, err
}

// rollupsAt reports whether the rollups count exactly the events up to head,
// with the number of ledger gaps they were built with. Before the first event
// they are current even if they were never built.
func rollupsAt(ctx context.Context, db bun.IDB, head int64) (current bool, gaps int64, err error) {
	st, ok, gaps, err := rollupStatus(ctx, db)
	if !ok {
		return err == nil && head == 0, gaps, err
	}
	return st.LastID == head && st.Gaps == gaps, gaps, err
}

// writeRollupState records that the rollups count the events up to lastID,
// built with gaps removed ranges in the ledger.
func writeRollupState(ctx context.Context, db bun.IDB, lastID, gaps int64) error {
	_, err := db.ExecContext(ctx, `INSERT INTO rollup_state (id, last_id, gaps) VALUES (1, ?, ?)
ON CONFLICT (id) DO UPDATE SET last_id = excluded.last_id, gaps = excluded.gaps`, lastID, gaps)
	return err
}

// rollupStatus reads the rollup state (ok false when they were never built) and
// how many removed ranges the ledger has now.
func rollupStatus(ctx context.Context, db bun.IDB) (st RollupState, ok bool, gaps int64, err error) {
	var last, built sql.NullInt64
	err = db.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM ledger_gaps),
  (SELECT last_id FROM rollup_state WHERE id = 1), (SELECT gaps FROM rollup_state WHERE id = 1)`).Scan(&gaps, &last, &built)
	if err != nil {
		return st, false, 0, fmt.Errorf("read rollup state: %w", err)
	}
	return RollupState{LastID: last.Int64, Gaps: built.Int64}, last.Valid, gaps, nil
}

// addRollups counts the events with after < id <= upto into the rollups, in one
// pass over the events (aggregated in memory: a few thousand keys per million
// events), then merges the counts into the tables.
func addRollups(ctx context.Context, tx bun.IDB, after, upto int64) error {
	agg := newRollupAgg()
	strs := map[string]string{}
	intern := func(b []byte) string {
		if s, ok := strs[string(b)]; ok {
			return s
		}
		s := string(b)
		strs[s] = s
		return s
	}
	rows, err := tx.QueryContext(ctx, `SELECT id, occurred_at, system, kind, actor_key, actor_id, actor_name, actor_email, ip
FROM events WHERE id > ? AND id <= ? ORDER BY id`, after, upto)
	if err != nil {
		return fmt.Errorf("roll up: %w", err)
	}
	var id, at int64
	var sys, kind, key, aid, name, email, ip sql.RawBytes
	for rows.Next() {
		if err := rows.Scan(&id, &at, &sys, &kind, &key, &aid, &name, &email, &ip); err != nil {
			rows.Close()
			return fmt.Errorf("roll up: %w", err)
		}
		agg.add(id, at, intern(sys), intern(kind), intern(key), intern(aid), intern(name), intern(email), intern(ip))
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("roll up: %w", err)
	}
	return agg.write(ctx, tx)
}

type (
	hourKey struct {
		hour         int64
		system, kind string
	}
	userKey struct {
		month       int64
		system, key string
	}
	actorRow struct{ key, id, name, email string }
	ipKey    struct{ key, ip string }
	ipAgg    struct{ firstAt, firstID, n int64 }
)

// rollupAgg counts events into the rollups' keys in memory. Keys keep their own
// copies of the strings: an event's strings may share memory with its whole
// source line.
type rollupAgg struct {
	hours                map[hourKey]int64
	users                map[userKey]int64
	actors               map[actorRow]struct{}
	ips                  map[ipKey]*ipAgg
	monthStart, monthEnd int64 // the UTC month of the previous event, to skip date maths
}

func newRollupAgg() *rollupAgg {
	return &rollupAgg{
		hours: map[hourKey]int64{}, users: map[userKey]int64{},
		actors: map[actorRow]struct{}{}, ips: map[ipKey]*ipAgg{},
		monthStart: 1,
	}
}

// bump adds one to m[k], storing own(k) when k is new.
func bump[K comparable](m map[K]int64, k K, own func(K) K) {
	if n, ok := m[k]; ok {
		m[k] = n + 1
		return
	}
	m[own(k)] = 1
}

func (a *rollupAgg) add(id, at int64, sys, kind, key, aid, name, email, ip string) {
	bump(a.hours, hourKey{floorDiv(at, 3_600_000), sys, kind}, func(k hourKey) hourKey {
		return hourKey{k.hour, strings.Clone(k.system), strings.Clone(k.kind)}
	})
	if at < a.monthStart || at >= a.monthEnd {
		t := time.UnixMilli(at).UTC()
		m := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
		a.monthStart, a.monthEnd = m.UnixMilli(), m.AddDate(0, 1, 0).UnixMilli()
	}
	bump(a.users, userKey{a.monthStart, sys, key}, func(k userKey) userKey {
		return userKey{k.month, strings.Clone(k.system), strings.Clone(k.key)}
	})
	if _, ok := a.actors[actorRow{key, aid, name, email}]; !ok {
		a.actors[actorRow{strings.Clone(key), strings.Clone(aid), strings.Clone(name), strings.Clone(email)}] = struct{}{}
	}
	if ip == "" {
		return
	}
	if g := a.ips[ipKey{key, ip}]; g != nil {
		g.n++
		if at < g.firstAt {
			g.firstAt, g.firstID = at, id
		}
		return
	}
	a.ips[ipKey{strings.Clone(key), strings.Clone(ip)}] = &ipAgg{firstAt: at, firstID: id, n: 1}
}

// write merges the counts into the rollup tables, in key order: each statement
// then touches a few neighbouring pages, which SQLite keeps a copy of until the
// statement ends, instead of pages all over the table.
func (a *rollupAgg) write(ctx context.Context, tx bun.IDB) error {
	b := &batchInsert{tx: tx}
	b.start(`INSERT INTO rollup_hours (hour, system, kind, n) VALUES `, 4,
		` ON CONFLICT (hour, system, kind) DO UPDATE SET n = n + excluded.n`)
	for _, k := range keysInOrder(a.hours, func(x, y hourKey) int {
		return cmp.Or(cmp.Compare(x.hour, y.hour), strings.Compare(x.system, y.system), strings.Compare(x.kind, y.kind))
	}) {
		b.add(ctx, k.hour, k.system, k.kind, a.hours[k])
	}
	b.start(`INSERT INTO rollup_users (month, system, actor_key, n) VALUES `, 4,
		` ON CONFLICT (month, system, actor_key) DO UPDATE SET n = n + excluded.n`)
	for _, k := range keysInOrder(a.users, func(x, y userKey) int {
		return cmp.Or(cmp.Compare(x.month, y.month), strings.Compare(x.system, y.system), strings.Compare(x.key, y.key))
	}) {
		b.add(ctx, k.month, k.system, k.key, a.users[k])
	}
	b.start(`INSERT INTO rollup_actors (actor_key, actor_id, actor_name, actor_email) VALUES `, 4, ` ON CONFLICT DO NOTHING`)
	for _, r := range keysInOrder(a.actors, func(x, y actorRow) int {
		return cmp.Or(strings.Compare(x.key, y.key), strings.Compare(x.id, y.id), strings.Compare(x.name, y.name), strings.Compare(x.email, y.email))
	}) {
		b.add(ctx, r.key, r.id, r.name, r.email)
	}
	b.start(`INSERT INTO rollup_ips (actor_key, ip, first_at, first_id, n) VALUES `, 5,
		` ON CONFLICT (actor_key, ip) DO UPDATE SET
    first_id = CASE WHEN excluded.first_at < first_at THEN excluded.first_id ELSE first_id END,
    first_at = min(first_at, excluded.first_at),
    n = n + excluded.n`)
	for _, k := range keysInOrder(a.ips, func(x, y ipKey) int {
		return cmp.Or(strings.Compare(x.key, y.key), strings.Compare(x.ip, y.ip))
	}) {
		g := a.ips[k]
		b.add(ctx, k.key, k.ip, g.firstAt, g.firstID, g.n)
	}
	if err := b.flush(ctx); err != nil {
		return fmt.Errorf("roll up: %w", err)
	}
	return nil
}

func keysInOrder[K comparable, V any](m map[K]V, compare func(K, K) int) []K {
	keys := make([]K, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, compare)
	return keys
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && a < 0 {
		q--
	}
	return q
}

// batchInsert writes rows as multi-row INSERTs of up to 200 rows.
type batchInsert struct {
	tx              bun.IDB
	head, tail, row string
	args            []any
	rows            int
	err             error
}

func (b *batchInsert) start(head string, cols int, tail string) {
	if b.err == nil {
		b.err = b.flush(context.Background())
	}
	b.head, b.tail = head, tail
	b.row = "(" + strings.TrimSuffix(strings.Repeat("?, ", cols), ", ") + ")"
}

func (b *batchInsert) add(ctx context.Context, vals ...any) {
	b.args = append(b.args, vals...)
	b.rows++
	if b.rows == 200 && b.err == nil {
		b.err = b.flush(ctx)
	}
}

func (b *batchInsert) flush(ctx context.Context) error {
	if b.err != nil || b.rows == 0 {
		return b.err
	}
	q := b.head + strings.TrimSuffix(strings.Repeat(b.row+", ", b.rows), ", ") + b.tail
	_, err := b.tx.ExecContext(ctx, q, b.args...)
	b.args, b.rows = b.args[:0], 0
	return err
}
