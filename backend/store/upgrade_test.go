package store_test

import (
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"trailbook/backend/store"
)

// The workspace in testdata was written by schema version 1 (0001_init only). Opening it
// with this build (whatever migrations exist now) must keep every event, batch, removed
// range and chain value, and keep verifying. Regenerate it only when its shape must
// change, with the build whose schema it stands for:
//
//	go test ./backend/store -run TestUpgradeFromSchema1 -update-schema1
var updateSchema1 = flag.Bool("update-schema1", false, "rewrite testdata/schema1.trailbook and its golden file")

const (
	schema1File   = "testdata/schema1.trailbook"
	schema1Golden = "testdata/schema1.golden.json"
)

// ledgerSnapshot is what the upgrade must leave exactly as it was, read with plain SQL.
type ledgerSnapshot struct {
	Events  []string `json:"events"`  // id|occurred_at|system|action|actor_id|line|batch|row_hash|chain
	Batches []string `json:"batches"` // id|file|rows|inserted|duplicates|first_id|last_id|status
	Gaps    []string `json:"gaps"`    // first_id|last_id|chain|removed_by
	Meta    string   `json:"meta"`    // workspace_id|base_id|base_chain|head_id|head_chain|event_count
}

func snapshot(t *testing.T, s *store.Store) ledgerSnapshot {
	t.Helper()
	rows := func(q string) []string {
		r, err := s.DB().QueryContext(context.Background(), q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		defer r.Close()
		var out []string
		for r.Next() {
			var v string
			if err := r.Scan(&v); err != nil {
				t.Fatal(err)
			}
			out = append(out, v)
		}
		if err := r.Err(); err != nil {
			t.Fatal(err)
		}
		return out
	}
	snap := ledgerSnapshot{
		Events:  rows(`SELECT id||'|'||occurred_at||'|'||system||'|'||action||'|'||actor_id||'|'||line||'|'||ifnull(batch_id,'')||'|'||hex(row_hash)||'|'||hex(chain) FROM events ORDER BY id`),
		Batches: rows(`SELECT id||'|'||file_name||'|'||rows||'|'||inserted||'|'||duplicates||'|'||ifnull(first_id,'')||'|'||ifnull(last_id,'')||'|'||status FROM batches ORDER BY id`),
		Gaps:    rows(`SELECT first_id||'|'||last_id||'|'||hex(chain)||'|'||removed_by FROM ledger_gaps ORDER BY first_id`),
	}
	meta := rows(`SELECT workspace_id||'|'||base_id||'|'||hex(base_chain)||'|'||head_id||'|'||hex(head_chain)||'|'||event_count FROM meta`)
	if len(meta) != 1 {
		t.Fatalf("meta has %d rows", len(meta))
	}
	snap.Meta = meta[0]
	return snap
}

// writeSchema1 builds the fixture: two overlapping imports, a purge (a removed range in
// the ledger) and a recorded verification; then the golden snapshot beside it.
func writeSchema1(t *testing.T) {
	ctx := context.Background()
	for _, p := range []string{schema1File, schema1File + "-wal", schema1File + "-shm"} {
		_ = os.Remove(p)
	}
	s, err := store.Open(ctx, schema1File)
	if err != nil {
		t.Fatal(err)
	}
	// An own event first, so the purge below leaves a removed range behind it.
	if _, err := s.AppendOwn(ctx, "note", "other", "schema 1 fixture", nil); err != nil {
		t.Fatal(err)
	}
	importEvents(t, s, "january.csv", genEvents("pay", 0, 30))
	importEvents(t, s, "february.csv", genEvents("pay", 25, 20)) // 5 already stored
	if _, err := s.Purge(ctx, genEvents("pay", 4, 1)[0].OccurredAt); err != nil {
		t.Fatal(err)
	}
	v, err := s.Verify(ctx)
	if err != nil || !v.OK {
		t.Fatalf("verify: %+v %v", v, err)
	}
	if _, err := s.RecordVerify(ctx, v); err != nil {
		t.Fatal(err)
	}
	snap := snapshot(t, s)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	mustCLI(t, schema1File, "VACUUM;")
	b, err := json.MarshalIndent(snap, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(schema1Golden, append(b, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestUpgradeFromSchema1(t *testing.T) {
	if *updateSchema1 {
		writeSchema1(t)
	}
	var want ledgerSnapshot
	if err := json.Unmarshal(readFile(t, schema1Golden), &want); err != nil {
		t.Fatal(err)
	}
	// What the generator put in, counted independently of the store: 30 + 20 rows, 5 of
	// them already stored, 4 purged; own events for 2 imports, the purge and the verify.
	if got, wantImported := countSystem(want.Events, "pay"), 30+20-5-4; got != wantImported || len(want.Gaps) != 1 {
		t.Fatalf("golden holds %d imported events and %d removed ranges; the generator made %d and 1: regenerate it", got, len(want.Gaps), wantImported)
	}
	if st, err := os.Stat(schema1File); err != nil || st.Size() > 200<<10 {
		t.Fatalf("%s: %v (size must stay under 200 KB)", schema1File, err)
	}

	path := filepath.Join(t.TempDir(), "old.trailbook")
	if err := os.WriteFile(path, readFile(t, schema1File), 0o644); err != nil {
		t.Fatal(err)
	}
	s := openAt(t, path)
	var applied string
	if err := s.DB().QueryRow(`SELECT group_concat(version) FROM (SELECT version FROM schema_migrations ORDER BY version)`).Scan(&applied); err != nil {
		t.Fatal(err)
	}
	t.Logf("schema versions after opening: %s", applied)
	if !strings.HasPrefix(applied, "1") {
		t.Errorf("applied versions %q do not start at 1", applied)
	}

	got := snapshot(t, s)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("opening the schema-1 workspace changed its ledger:\n got %d events, %d batches, %d gaps, meta %s\nwant %d events, %d batches, %d gaps, meta %s",
			len(got.Events), len(got.Batches), len(got.Gaps), got.Meta, len(want.Events), len(want.Batches), len(want.Gaps), want.Meta)
		for i := range min(len(got.Events), len(want.Events)) {
			if got.Events[i] != want.Events[i] {
				t.Errorf("first differing event:\n got %s\nwant %s", got.Events[i], want.Events[i])
				break
			}
		}
	}
	wantVerifyOK(t, s)

	// The upgraded workspace keeps working: a new import continues the chain.
	res := importEvents(t, s, "march.csv", genEvents("pay", 40, 10)) // 5 already stored
	if res.Inserted != 5 || res.Duplicates != 5 {
		t.Errorf("import after upgrade: inserted %d, duplicates %d; want 5 and 5", res.Inserted, res.Duplicates)
	}
	wantVerifyOK(t, s)
	t.Logf("upgrade: %d events, %d batches, %d removed ranges kept byte for byte; verify ok before and after a new import",
		len(want.Events), len(want.Batches), len(want.Gaps))
}

func countSystem(events []string, system string) int {
	n := 0
	for _, e := range events {
		if f := strings.Split(e, "|"); len(f) > 2 && f[2] == system {
			n++
		}
	}
	return n
}
