package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"trailbook/backend/store"
)

// rollupSnapshot is every row of the rollup tables, in key order.
func rollupSnapshot(t *testing.T, s *store.Store) string {
	t.Helper()
	var b strings.Builder
	for _, q := range []string{
		`SELECT hour, system, kind, n FROM rollup_hours ORDER BY 1, 2, 3`,
		`SELECT month, system, actor_key, n FROM rollup_users ORDER BY 1, 2, 3`,
		`SELECT actor_key, actor_id, actor_name, actor_email FROM rollup_actors ORDER BY 1, 2, 3, 4`,
		`SELECT actor_key, ip, first_at, first_id, n FROM rollup_ips ORDER BY 1, 2`,
	} {
		rows, err := s.DB().QueryContext(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		n := 0
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintln(&b, vals...)
			n++
		}
		rows.Close()
		if n == 0 && !strings.Contains(q, "rollup_ips") {
			t.Fatalf("empty: %s", q)
		}
		fmt.Fprintf(&b, "-- %d rows\n", n)
	}
	return b.String()
}

// rebuiltSnapshot rebuilds the rollups from the events alone and snapshots them.
func rebuiltSnapshot(t *testing.T, s *store.Store) string {
	t.Helper()
	ctx := context.Background()
	if _, err := s.DB().ExecContext(ctx, `DELETE FROM rollup_state`); err != nil {
		t.Fatal(err)
	}
	if err := s.RefreshRollups(ctx); err != nil {
		t.Fatal(err)
	}
	return rollupSnapshot(t, s)
}

func assertFresh(t *testing.T, s *store.Store, want bool, after string) {
	t.Helper()
	fresh, err := s.RollupsFresh(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if fresh != want {
		t.Fatalf("after %s: rollups fresh = %v, want %v", after, fresh, want)
	}
}

// An import that finds the rollups current keeps them current in its own
// transaction, with exactly the counts a rebuild from the events gives: new
// rows, duplicates, a file out of time order, Trailbook's own events included.
func TestImportKeepsRollupsCurrent(t *testing.T) {
	s := openStore(t)
	assertFresh(t, s, false, "opening a new workspace") // never built: no state yet

	importEvents(t, s, "first.csv", genEvents("pay", 0, 3000))
	assertFresh(t, s, true, "the first import")
	// Overlapping: 1,000 duplicates, 1,500 new.
	if res := importEvents(t, s, "overlap.csv", genEvents("pay", 2000, 2500)); res.Duplicates != 1000 || res.Inserted != 1500 {
		t.Fatalf("overlap: %+v", res)
	}
	assertFresh(t, s, true, "an overlapping import")
	// Out of order: the import writes synchronously once the order breaks.
	odd := genEvents("crm", 0, 1200)
	for i := 0; i+1 < len(odd); i += 3 {
		odd[i], odd[i+1] = odd[i+1], odd[i]
	}
	odd = append(odd, genEvents("crm", 0, 50)...) // and 50 repeats of its own first rows
	importEvents(t, s, "unordered.csv", odd)
	assertFresh(t, s, true, "an unordered import")

	got := rollupSnapshot(t, s)
	if want := rebuiltSnapshot(t, s); got != want {
		t.Fatalf("rollups kept by the imports differ from a rebuild:\n%s", firstDiff(got, want))
	}
}

// Rollups that are stale when an import begins (events purged since) are left
// to the next refresh, which rebuilds them whole.
func TestImportLeavesStaleRollupsToRefresh(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	importEvents(t, s, "first.csv", genEvents("pay", 0, 2000))
	if _, err := s.Purge(ctx, genBase.Add(500*700*time.Millisecond)); err != nil {
		t.Fatal(err)
	}
	assertFresh(t, s, false, "a purge")
	importEvents(t, s, "second.csv", genEvents("pay", 2000, 500))
	assertFresh(t, s, false, "an import after a purge")
	if err := s.RefreshRollups(ctx); err != nil {
		t.Fatal(err)
	}
	assertFresh(t, s, true, "a refresh")
	got := rollupSnapshot(t, s)
	if want := rebuiltSnapshot(t, s); got != want {
		t.Fatalf("refreshed rollups differ from a rebuild:\n%s", firstDiff(got, want))
	}
	var n int64
	if err := s.DB().QueryRowContext(ctx, `SELECT sum(n) FROM rollup_hours`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	var events int64
	if err := s.DB().QueryRowContext(ctx, `SELECT count(*) FROM events`).Scan(&events); err != nil {
		t.Fatal(err)
	}
	if n != events {
		t.Fatalf("rollup_hours counts %d events, the table holds %d", n, events)
	}
}

func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) && i < len(bl); i++ {
		if al[i] != bl[i] {
			return fmt.Sprintf("line %d: kept %q, rebuilt %q", i+1, al[i], bl[i])
		}
	}
	return fmt.Sprintf("kept %d lines, rebuilt %d", len(al), len(bl))
}

// An import turns foreign keys off on its connection only: every connection of
// the pool has them on again afterwards, whether the import committed or not.
func TestImportLeavesForeignKeysOn(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	importEvents(t, s, "first.csv", genEvents("pay", 0, 600))
	im, err := s.BeginImport(ctx, store.BatchInfo{FileName: "abandoned.csv", System: "pay"})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range genEvents("pay", 600, 700) {
		if err := im.Add(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	if err := im.Rollback(); err != nil {
		t.Fatal(err)
	}
	open := s.DB().Stats().OpenConnections
	if open == 0 {
		t.Fatal("no connection open after two imports")
	}
	var conns []interface{ Close() error }
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	for i := 0; i < open; i++ { // hold each one so the pool hands out the next
		c, err := s.DB().Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
		var on int
		if err := c.QueryRowContext(ctx, `PRAGMA foreign_keys`).Scan(&on); err != nil {
			t.Fatal(err)
		}
		if on != 1 {
			t.Fatalf("connection %d of %d: foreign_keys = %d after an import", i+1, open, on)
		}
	}
}

// A file that starts before the stored period, runs through it and ends after
// it: chunks outside the period are numbered and chained by the reading side,
// those inside by the writer after their dedup lookup, and the hand-over both
// ways keeps ids contiguous and the chain intact.
func TestImportChainsAcrossStoredPeriod(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	importEvents(t, s, "middle.csv", genEvents("pay", 1200, 1300))
	res := importEvents(t, s, "wide.csv", genEvents("pay", 0, 4000))
	if res.Inserted != 2700 || res.Duplicates != 1300 {
		t.Fatalf("wide import: %d inserted, %d duplicates; want 2700, 1300", res.Inserted, res.Duplicates)
	}
	var n, lo, hi int64
	if err := s.DB().QueryRowContext(ctx, `SELECT count(*), min(id), max(id) FROM events`).Scan(&n, &lo, &hi); err != nil {
		t.Fatal(err)
	}
	if hi-lo+1 != n {
		t.Fatalf("ids %d..%d for %d events: not contiguous", lo, hi, n)
	}
	v, err := s.Verify(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !v.OK || v.Events != n {
		t.Fatalf("verify: %+v (want ok over %d events)", v, n)
	}
	assertFresh(t, s, true, "the wide import")
	if got, want := rollupSnapshot(t, s), rebuiltSnapshot(t, s); got != want {
		t.Fatalf("rollups differ from a rebuild:\n%s", firstDiff(got, want))
	}
}
