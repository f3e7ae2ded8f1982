package store_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"trailbook/backend/activity"
	"trailbook/backend/store"
)

func TestAppendOnlyTriggers(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	importEvents(t, s, "a.csv", genEvents("pay", 0, 50))
	importEvents(t, s, "b.csv", genEvents("crm", 0, 50))
	// Removes ids 1..10 (the base moves) and 52..61 (a recorded gap).
	if _, err := s.Purge(ctx, genEvents("pay", 10, 1)[0].OccurredAt); err != nil {
		t.Fatal(err)
	}
	stmts := []string{
		`UPDATE events SET description = 'x' WHERE id = 20`,
		`UPDATE events SET chain = chain`,
		`DELETE FROM events WHERE id = 20`,
		`DELETE FROM events`,
		`UPDATE ledger_gaps SET last_id = last_id + 1`,
		`DELETE FROM ledger_gaps`,
	}
	for _, q := range stmts {
		_, err := s.DB().ExecContext(ctx, q)
		if err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: error = %v, want append-only", q, err)
		}
	}
	wantVerifyOK(t, s)
	wantSearchConsistent(t, s)
}

// ledgerFixture is a closed workspace with two imports (a.csv: 300 rows,
// b.csv: 300 rows), for the sqlite3 tamper tests to copy.
func ledgerFixture(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "fixture.trailbook")
	s := openAt(t, path)
	importEvents(t, s, "a.csv", genEvents("pay", 0, 300))    // ids 1..300, own import 301
	importEvents(t, s, "b.csv", genEvents("crm", 1000, 300)) // ids 302..601, own import 602
	wantVerifyOK(t, s)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

func copyFile(t *testing.T, from string) string {
	t.Helper()
	to := filepath.Join(t.TempDir(), "copy.trailbook")
	if err := os.WriteFile(to, readFile(t, from), 0o644); err != nil {
		t.Fatal(err)
	}
	return to
}

// TestTamperWithSQLiteShell changes a closed workspace with the real sqlite3
// shell and checks that Verify names the first changed row.
func TestTamperWithSQLiteShell(t *testing.T) {
	fixture := ledgerFixture(t)
	dropTriggers := `DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete;`
	tests := []struct {
		name      string
		sql       string
		refused   bool // the shell must fail with "append-only" and change nothing
		wantKind  string
		wantID    int64
		wantToID  int64
		wantFile  string
		wantLine  int64
		wantNotes int
	}{
		{name: "update refused by the trigger", sql: `UPDATE events SET description = 'nothing happened' WHERE id = 150;`, refused: true},
		{name: "delete refused by the trigger", sql: `DELETE FROM events WHERE id = 150;`, refused: true},
		{name: "delete all refused by the trigger", sql: `DELETE FROM events;`, refused: true},
		{name: "update a middle row", sql: dropTriggers + `UPDATE events SET description = 'nothing happened' WHERE id = 150;`,
			wantKind: store.BadAltered, wantID: 150, wantFile: "a.csv", wantLine: 151, wantNotes: 2},
		{name: "update a row of the second file", sql: dropTriggers + `UPDATE events SET amount_micros = 1 WHERE id = 400;`,
			wantKind: store.BadAltered, wantID: 400, wantFile: "b.csv", wantLine: 400 - 302 + 2, wantNotes: 2},
		{name: "empty text instead of NULL", sql: dropTriggers + `UPDATE events SET warnings = '' WHERE id = 500;`,
			wantKind: store.BadAltered, wantID: 500, wantFile: "b.csv", wantLine: 500 - 302 + 2, wantNotes: 2},
		{name: "update an own event", sql: dropTriggers + `UPDATE events SET actor_name = 'someone else' WHERE id = 301;`,
			wantKind: store.BadAltered, wantID: 301, wantNotes: 2},
		{name: "update the last row of a part", sql: dropTriggers + `UPDATE events SET ip = '10.9.9.9' WHERE id = 150;`,
			wantKind: store.BadAltered, wantID: 150, wantFile: "a.csv", wantLine: 151, wantNotes: 2},
		{name: "delete the first row of a part", sql: dropTriggers + `DELETE FROM events WHERE id = 151;`,
			wantKind: store.BadMissing, wantID: 151, wantFile: "a.csv", wantLine: 152, wantNotes: 2},
		{name: "delete a middle row", sql: dropTriggers + `DELETE FROM events WHERE id = 200;`,
			wantKind: store.BadMissing, wantID: 200, wantFile: "a.csv", wantLine: 201, wantNotes: 2},
		{name: "delete a range", sql: dropTriggers + `DELETE FROM events WHERE id BETWEEN 10 AND 19;`,
			wantKind: store.BadMissing, wantID: 10, wantToID: 19, wantFile: "a.csv", wantLine: 11, wantNotes: 2},
		{name: "delete the last row", sql: dropTriggers + `DELETE FROM events WHERE id = (SELECT max(id) FROM events);`,
			wantKind: store.BadMissing, wantID: 602, wantNotes: 2},
		{name: "insert a forged row", sql: `INSERT INTO events (occurred_at, system, action, kind, actor_name, row_hash, chain)
			VALUES (1700000000000, 'pay', 'Delete order', 'delete', 'Anna Berg 1', randomblob(32), randomblob(32));`,
			wantKind: store.BadInserted, wantID: 603},
		{name: "insert a copy of a row", sql: `INSERT INTO events SELECT 603, occurred_at + 1, source_time, source_zone, actor_id, actor_name,
			actor_email, actor_company, ip, actor_key, system, module, action, kind, meaning, target_type, target_id, target_ref,
			target_name, related_ref, amount_micros, currency, billing_cycles, description, changes, extra, warnings, batch_id, line,
			row_hash, chain, meaning_id FROM events WHERE id = 602;`,
			wantKind: store.BadInserted, wantID: 603},
	}
	for _, tt := range tests {
		for _, parts := range []int{1, 4} {
			t.Run(fmt.Sprintf("%s/%d parts", tt.name, parts), func(t *testing.T) {
				path := copyFile(t, fixture)
				out, err := sqliteCLI(t, path, tt.sql)
				if tt.refused {
					if err == nil || !strings.Contains(out, "append-only") {
						t.Fatalf("sqlite3 was not refused: err %v, output %q", err, out)
					}
				} else if err != nil {
					t.Fatalf("sqlite3: %v: %s", err, out)
				}
				s := openAt(t, path)
				store.SetVerifyParts(s, parts, 50) // four parts cut at ids about 150, 300, 450
				v := mustVerify(t, s)
				if tt.refused {
					if !v.OK {
						t.Fatalf("verify after a refused change: %+v %+v", v, v.Bad)
					}
					return
				}
				if v.OK || v.Bad == nil {
					t.Fatalf("verify = %+v, want a bad row", v)
				}
				b := v.Bad
				if b.Kind != tt.wantKind || b.ID != tt.wantID || b.ToID != tt.wantToID || b.File != tt.wantFile || b.Line != tt.wantLine {
					t.Errorf("bad row = %+v, want kind %s id %d..%d at %s:%d", *b, tt.wantKind, tt.wantID, tt.wantToID, tt.wantFile, tt.wantLine)
				}
				if !strings.HasPrefix(b.Problem, tt.wantKind+": ") || !strings.Contains(b.Problem, strconv.FormatInt(tt.wantID, 10)) {
					t.Errorf("problem %q does not start with %q and name event %d", b.Problem, tt.wantKind, tt.wantID)
				}
				if tt.wantFile != "" && !strings.Contains(b.Problem, fmt.Sprintf("%s line %d", tt.wantFile, tt.wantLine)) {
					t.Errorf("problem %q does not name %s line %d", b.Problem, tt.wantFile, tt.wantLine)
				}
				if len(v.Notes) != tt.wantNotes {
					t.Errorf("notes = %q, want %d (the dropped triggers)", v.Notes, tt.wantNotes)
				}
				for _, n := range v.Notes {
					if !strings.Contains(n, "trigger") {
						t.Errorf("note %q, want one about a trigger", n)
					}
				}
			})
		}
	}
	t.Run("dropped triggers alone", func(t *testing.T) {
		path := copyFile(t, fixture)
		mustCLI(t, path, dropTriggers)
		s := openAt(t, path)
		v := mustVerify(t, s)
		if v.OK || v.Bad != nil || len(v.Notes) != 2 {
			t.Errorf("verify = %+v, want not OK with two trigger notes and no bad row", v)
		}
	})
	t.Run("workspace copied elsewhere still verifies", func(t *testing.T) {
		s := openAt(t, copyFile(t, fixture))
		wantVerifyOK(t, s)
	})
}

func TestPurgeAndClear(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	store.SetVerifyParts(s, 3, 10) // removed ranges spread over several verify parts
	a := genEvents("pay", 0, 1000)
	importEvents(t, s, "a.csv", a)
	// b is unordered and interleaves with a in time: a purge by date leaves
	// holes all over the id range.
	b := shuffled(genEvents("crm", 500, 1000), 3)
	importEvents(t, s, "b.csv", b)
	wantVerifyOK(t, s)

	cut := genBase.Add(800 * 700 * time.Millisecond)
	want := 0
	for _, e := range append(clone(a), b...) {
		if e.OccurredAt.Before(cut) {
			want++
		}
	}
	n, err := s.Purge(ctx, cut)
	if err != nil {
		t.Fatal(err)
	}
	if n != int64(want) {
		t.Errorf("purged %d, want %d", n, want)
	}
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Events != 2000-int64(want) || !st.First.Equal(cut) {
		t.Errorf("after purge: %d events from %v, want %d from %v", st.Events, st.First, 2000-want, cut)
	}
	own := lastOwn(t, s)
	if own.Action != "purge" || own.Kind != activity.KindDelete || own.Extra["deleted"] != strconv.Itoa(want) {
		t.Errorf("own purge event = %+v", own)
	}
	wantVerifyOK(t, s)
	wantSearchConsistent(t, s)

	// Purging again removes nothing and is still recorded.
	if n, err := s.Purge(ctx, cut); err != nil || n != 0 {
		t.Errorf("second purge = %d, %v; want 0", n, err)
	}
	if own := lastOwn(t, s); own.Action != "purge" || own.Extra["deleted"] != "0" {
		t.Errorf("second purge event = %+v", own)
	}

	// Re-importing a brings back exactly what the purge removed from it.
	res := importEvents(t, s, "a-again.csv", a)
	if res.Inserted != 800 {
		t.Errorf("re-import after purge inserted %d, want 800", res.Inserted)
	}
	wantVerifyOK(t, s)

	n, err = s.Clear(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n != 2000-int64(want)+800 {
		t.Errorf("cleared %d, want %d", n, 2000-want+800)
	}
	st, err = s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Events != 0 || st.First != nil || st.OwnEvents != 6 || st.Batches != 3 {
		t.Errorf("after clear: %+v, want no imported events, 6 own events (3 imports, 2 purges, 1 clear) and 3 batches", st)
	}
	if own := lastOwn(t, s); own.Action != "clear" || own.Extra["deleted"] != strconv.FormatInt(n, 10) {
		t.Errorf("own clear event = %+v", own)
	}
	wantVerifyOK(t, s)
	wantSearchConsistent(t, s)

	res = importEvents(t, s, "b-again.csv", b)
	if res.Inserted != 1000 {
		t.Errorf("import after clear inserted %d, want 1000", res.Inserted)
	}
	wantVerifyOK(t, s)
	wantSearchConsistent(t, s)
}

func TestPurgeOfOldestMovesTheBase(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	a := genEvents("pay", 0, 600)
	importEvents(t, s, "a.csv", a)
	if _, err := s.Purge(ctx, a[100].OccurredAt); err != nil {
		t.Fatal(err)
	}
	var base int64
	if err := s.DB().QueryRowContext(ctx, `SELECT base_id FROM meta`).Scan(&base); err != nil {
		t.Fatal(err)
	}
	if base != 100 {
		t.Errorf("base_id = %d, want 100 (the purged oldest rows)", base)
	}
	var gaps int
	if err := s.DB().QueryRowContext(ctx, `SELECT count(*) FROM ledger_gaps`).Scan(&gaps); err != nil {
		t.Fatal(err)
	}
	if gaps != 0 {
		t.Errorf("%d ledger gaps, want 0: a removed prefix moves the base", gaps)
	}
	wantVerifyOK(t, s)
}

// TestTamperAfterPurge: the removed ranges a purge records do not hide a row
// deleted outside Trailbook next to them.
func TestTamperAfterPurge(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "p.trailbook")
	s := openAt(t, path)
	store.SetVerifyParts(s, 3, 10)
	importEvents(t, s, "a.csv", genEvents("pay", 0, 200))
	importEvents(t, s, "b.csv", shuffled(genEvents("crm", 100, 200), 9))
	if _, err := s.Purge(ctx, genBase.Add(150*700*time.Millisecond)); err != nil {
		t.Fatal(err)
	}
	wantVerifyOK(t, s)
	var victim int64
	if err := s.DB().QueryRowContext(ctx, `SELECT min(e.id) FROM events e JOIN ledger_gaps g ON e.id = g.last_id + 1`).Scan(&victim); err != nil {
		t.Fatal(err)
	}
	s.Close()
	mustCLI(t, path, fmt.Sprintf(`DROP TRIGGER events_no_delete; DELETE FROM events WHERE id = %d;`, victim))
	s = openAt(t, path)
	store.SetVerifyParts(s, 3, 10)
	v := mustVerify(t, s)
	if v.OK || v.Bad == nil || v.Bad.Kind != store.BadMissing || v.Bad.ID != victim {
		t.Errorf("verify = %+v bad %+v, want event %d missing", v, v.Bad, victim)
	}
}

func TestAppendOwn(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	e, err := s.AppendOwn(ctx, "export", activity.KindExport, "Exported 12 rows to report.xlsx", map[string]string{"file": "report.xlsx"})
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.Event(ctx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.System != activity.OwnSystem || got.Action != "export" || got.Kind != activity.KindExport ||
		got.Extra["file"] != "report.xlsx" || got.ActorID == "" || got.ActorID != e.ActorID ||
		time.Since(got.OccurredAt) > time.Minute || got.OccurredAt.Location() != time.UTC {
		t.Errorf("own event = %+v", got)
	}
	if _, err := s.AppendOwn(ctx, "export", "exported", "", nil); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("unknown kind: %v, want ErrInvalid", err)
	}
	if _, err := s.AppendOwn(ctx, "", activity.KindOther, "", nil); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("empty action: %v, want ErrInvalid", err)
	}
	wantVerifyOK(t, s)
}

// lastOwn is the newest own event.
func lastOwn(t *testing.T, s *store.Store) activity.Event {
	t.Helper()
	var id int64
	if err := s.DB().QueryRowContext(context.Background(), `SELECT max(id) FROM events WHERE system = 'trailbook'`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	e, err := s.Event(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return *e
}

// wantSearchConsistent checks the search index against the events table.
func wantSearchConsistent(t *testing.T, s *store.Store) {
	t.Helper()
	ctx := context.Background()
	if _, err := s.DB().ExecContext(ctx, `INSERT INTO events_fts (events_fts, rank) VALUES ('integrity-check', 1)`); err != nil {
		t.Fatalf("search index integrity: %v", err)
	}
	var hits, want int
	if err := s.DB().QueryRowContext(ctx, `SELECT count(*) FROM events_fts WHERE events_fts MATCH 'refund'`).Scan(&hits); err != nil {
		t.Fatal(err)
	}
	if err := s.DB().QueryRowContext(ctx, `SELECT count(*) FROM events WHERE action = 'Refund'`).Scan(&want); err != nil {
		t.Fatal(err)
	}
	if hits != want {
		t.Errorf("search finds %d refunds, the table holds %d", hits, want)
	}
}
