package e2e_test

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// reader runs `stats` and `verify` in a loop against db until stop is closed, and
// collects every failure a user would have seen.
type reader struct {
	db       string
	runs     int
	failures []string
	counts   []int64 // backup-panel events seen by each stats, in order
}

func (r *reader) loop(stop <-chan struct{}, done *sync.WaitGroup) {
	defer done.Done()
	for i := 0; ; i++ {
		select {
		case <-stop:
			return
		default:
		}
		// Mostly stats (a pure read); every third run a verify, which also records itself.
		cmd := "stats"
		if i%3 == 2 {
			cmd = "verify"
		}
		c := exec.Command(bin, "--db", r.db, cmd, "--json")
		var out, errb bytes.Buffer
		c.Stdout, c.Stderr = &out, &errb
		err := c.Run()
		r.runs++
		if err != nil {
			r.failures = append(r.failures, cmd+": "+err.Error()+": "+strings.TrimSpace(errb.String()))
			continue
		}
		switch cmd {
		case "stats":
			var st stats
			if err := json.Unmarshal(out.Bytes(), &st); err != nil {
				r.failures = append(r.failures, "stats: bad JSON: "+out.String())
				continue
			}
			r.counts = append(r.counts, st.BySystem["backup-panel"])
		case "verify":
			var v verifyResult
			if err := json.Unmarshal(out.Bytes(), &v); err != nil || !v.OK {
				r.failures = append(r.failures, "verify: "+out.String())
			}
		}
	}
}

// TestConcurrentImportsAndReaders: two imports into the same (new) workspace at once,
// one of them of the same file twice, while a reader runs stats and verify throughout.
// Nobody sees "database is locked", every row lands exactly once, the chain verifies,
// and each stats saw a whole number of files.
func TestConcurrentImportsAndReaders(t *testing.T) {
	rows := envInt(t, "TRAILBOOK_CONCURRENT_ROWS", 10_000)
	dir := t.TempDir()
	a := writeBackupPanel(t, dir, "a.csv", rows, 1)
	b := writeBackupPanel(t, dir, "b.csv", rows, 3)
	db := filepath.Join(dir, "w.trailbook")

	stop := make(chan struct{})
	var wg sync.WaitGroup
	rd := &reader{db: db}
	wg.Add(1)
	go rd.loop(stop, &wg)

	// Three writers at once: a, b, and a again (which must add nothing).
	type outcome struct {
		res    []importResult
		stderr string
		err    error
	}
	files := []string{a, b, a}
	outs := make([]outcome, len(files))
	var iw sync.WaitGroup
	for i, f := range files {
		iw.Add(1)
		go func() {
			defer iw.Done()
			c := exec.Command(bin, "--db", db, "import", "--json", f)
			var out, errb bytes.Buffer
			c.Stdout, c.Stderr = &out, &errb
			outs[i].err = c.Run()
			outs[i].stderr = errb.String()
			_ = json.Unmarshal(out.Bytes(), &outs[i].res)
		}()
	}
	iw.Wait()
	time.Sleep(300 * time.Millisecond) // let the reader see the end state too
	close(stop)
	wg.Wait()

	var inserted, duplicates int64
	for i, o := range outs {
		if o.err != nil || len(o.res) != 1 || o.res[0].Error != "" {
			t.Errorf("import %d of %s: %v\n%s", i, filepath.Base(files[i]), o.err, o.stderr)
			continue
		}
		inserted += o.res[0].Inserted
		duplicates += o.res[0].Duplicates
	}
	for _, f := range rd.failures {
		t.Errorf("reader: %s", f)
	}
	for _, o := range outs {
		if strings.Contains(strings.ToLower(o.stderr), "locked") {
			t.Errorf("an import told the user the database is locked:\n%s", o.stderr)
		}
	}
	if inserted != int64(2*rows) || duplicates != int64(rows) {
		t.Errorf("inserted %d, duplicates %d; want %d and %d", inserted, duplicates, 2*rows, rows)
	}
	st := mustStats(t, db)
	if st.BySystem["backup-panel"] != int64(2*rows) || st.Batches != 3 {
		t.Errorf("workspace holds %d events in %d batches; want %d in 3", st.BySystem["backup-panel"], st.Batches, 2*rows)
	}
	mustVerify(t, db)
	// Each import is one transaction: a reader sees 0, 1 or 2 files, never part of one,
	// and never fewer than it saw before.
	var prev int64
	for i, n := range rd.counts {
		if n%int64(rows) != 0 || n < prev {
			t.Errorf("stats %d saw %d events (before: %d): not a whole number of files, or fewer than before", i, n, prev)
		}
		prev = n
	}
	t.Logf("concurrency: 3 imports at once (%d rows each, one file twice), %d reader runs (%d stats) alongside, %d failures; %d inserted, %d duplicates",
		rows, rd.runs, len(rd.counts), len(rd.failures), inserted, duplicates)
	if len(rd.counts) == 0 {
		t.Error("the reader never completed a stats run")
	}
}

// TestReaderDuringDirectImport: a big import into a workspace nobody else has open
// writes it directly (under a rollback journal) and holds it meanwhile; a reader
// started then waits for the import instead of failing, and sees all of the file
// or none of it. Afterwards the workspace is back in WAL mode.
func TestReaderDuringDirectImport(t *testing.T) {
	rows := envInt(t, "TRAILBOOK_DIRECT_ROWS", 150_000)
	dir := t.TempDir()
	db := filepath.Join(dir, "w.trailbook")
	timed(t, db, "import", writeBackupPanel(t, dir, "small.csv", 100, 2))
	big := writeBackupPanel(t, dir, "big.csv", rows, 1)

	began := time.Now()
	imp := start(t, db, "import", big)
	seen := false
	for deadline := time.Now().Add(30 * time.Second); !seen && time.Now().Before(deadline); time.Sleep(2 * time.Millisecond) {
		_, err := os.Stat(db + "-journal")
		seen = err == nil
	}
	if !seen {
		_ = imp.Process.Kill()
		_ = imp.Wait()
		t.Fatalf("the import of %d rows never wrote under a rollback journal", rows)
	}
	asked := time.Now()
	st := mustStats(t, db)
	waited := time.Since(asked)
	if err := imp.Wait(); err != nil {
		t.Fatalf("import: %v", err)
	}
	took := time.Since(began)
	if n := st.BySystem["backup-panel"]; n != 100 && n != int64(100+rows) {
		t.Errorf("stats during the import saw %d events; want 100 (before) or %d (after)", n, 100+rows)
	}
	if st := mustStats(t, db); st.BySystem["backup-panel"] != int64(100+rows) || st.Batches != 2 {
		t.Errorf("after the import: %d events in %d batches; want %d in 2", st.BySystem["backup-panel"], st.Batches, 100+rows)
	}
	mustVerify(t, db)
	if out, err := exec.Command("sqlite3", db, "PRAGMA journal_mode;").CombinedOutput(); err != nil || strings.TrimSpace(string(out)) != "wal" {
		t.Errorf("journal mode after the import: %q (%v), want wal", out, err)
	}
	t.Logf("direct import of %d rows took %v; a stats started during it waited %v and saw %d events",
		rows, took.Round(time.Millisecond), waited.Round(time.Millisecond), st.BySystem["backup-panel"])
}

// TestWriterWaitsBoundedWithClearMessage: while another program holds the workspace's
// write lock, reads go on, and a write waits a bounded time then says what is going on
// in words a user understands; the workspace is unchanged.
func TestWriterWaitsBoundedWithClearMessage(t *testing.T) {
	sqlite, err := exec.LookPath("sqlite3")
	if err != nil {
		t.Fatal("the sqlite3 CLI is needed for this test (apt-get install sqlite3)")
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "w.trailbook")
	small := writeBackupPanel(t, dir, "small.csv", 50, 1)
	other := writeBackupPanel(t, dir, "other.csv", 50, 2)
	timed(t, db, "import", small)

	// Hold the write lock from another process until we close its stdin.
	holder := exec.Command(sqlite, db)
	in, err := holder.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	var hout bytes.Buffer
	holder.Stdout, holder.Stderr = &hout, &hout
	if err := holder.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = holder.Process.Kill(); _ = holder.Wait() }()
	if _, err := io.WriteString(in, "BEGIN IMMEDIATE;\nSELECT 'locked';\n"); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(5 * time.Second); !strings.Contains(hout.String(), "locked"); {
		if time.Now().After(deadline) {
			t.Fatalf("sqlite3 did not take the lock: %s", hout.String())
		}
		time.Sleep(20 * time.Millisecond)
	}

	// Reads are not blocked.
	began := time.Now()
	st := mustStats(t, db)
	if took := time.Since(began); took > 3*time.Second || st.BySystem["backup-panel"] != 50 {
		t.Errorf("stats under a held write lock took %v and saw %d events", took, st.BySystem["backup-panel"])
	}

	// Writes wait, then fail with a clear message; run them side by side to share the wait.
	type result struct {
		name, out, stderr string
		code              int
		took              time.Duration
	}
	cmds := [][]string{{"import", other}, {"purge", "--all"}}
	results := make([]result, len(cmds))
	var wg sync.WaitGroup
	for i, args := range cmds {
		wg.Add(1)
		go func() {
			defer wg.Done()
			began := time.Now()
			out, stderr, code := run(t, db, args...)
			results[i] = result{args[0], out, stderr, code, time.Since(began)}
		}()
	}
	wg.Wait()
	for _, r := range results {
		msg := strings.ToLower(r.stderr)
		if r.code == 0 {
			t.Errorf("%s succeeded while another program held the write lock:\n%s", r.name, r.out)
		}
		if strings.Contains(msg, "database is locked") || strings.Contains(msg, "sqlite_busy") {
			t.Errorf("%s showed the raw SQLite error:\n%s", r.name, r.stderr)
		}
		if !strings.Contains(msg, "busy") || !strings.Contains(msg, "try again") {
			t.Errorf("%s: the message does not say the workspace is busy and to try again:\n%s", r.name, r.stderr)
		}
		if r.took > 30*time.Second {
			t.Errorf("%s waited %v: not bounded", r.name, r.took)
		}
		t.Logf("%s gave up after %v: %s", r.name, r.took.Round(100*time.Millisecond), strings.TrimSpace(r.stderr))
	}
	in.Close()
	_ = holder.Wait()
	if st := mustStats(t, db); st.BySystem["backup-panel"] != 50 || st.Batches != 1 {
		t.Errorf("after the refused writes: %d events in %d batches, want 50 in 1", st.BySystem["backup-panel"], st.Batches)
	}
	mustVerify(t, db)
}
