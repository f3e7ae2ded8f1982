package e2e_test

import (
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// crashRNG is seeded from TRAILBOOK_CRASH_SEED or the clock; the seed is logged so a
// failing run can be repeated.
func crashRNG(t *testing.T) *rand.Rand {
	seed := uint64(time.Now().UnixNano())
	if v := envInt(t, "TRAILBOOK_CRASH_SEED", 0); v > 0 {
		seed = uint64(v)
	}
	t.Logf("kill points from seed %d (repeat with TRAILBOOK_CRASH_SEED=%d)", seed, seed)
	return rand.New(rand.NewPCG(seed, 0x7b))
}

// timed runs the binary to completion and returns how long it took.
func timed(t *testing.T, db string, args ...string) time.Duration {
	t.Helper()
	began := time.Now()
	if out, stderr, code := run(t, db, args...); code != 0 {
		t.Fatalf("trailbook %v: exit %d\n%s\n%s", args, code, out, stderr)
	}
	return time.Since(began)
}

// killAfter starts the binary and SIGKILLs it after delay. It reports whether the kill
// landed (false: the process had already finished on its own).
func killAfter(t *testing.T, delay time.Duration, db string, args ...string) bool {
	t.Helper()
	cmd := start(t, db, args...)
	timer := time.AfterFunc(delay, func() { _ = cmd.Process.Signal(syscall.SIGKILL) })
	err := cmd.Wait()
	timer.Stop()
	if ee, ok := err.(*exec.ExitError); ok {
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL {
			return true
		}
		t.Fatalf("trailbook %v failed on its own: %v", args, err)
	} else if err != nil {
		t.Fatal(err)
	}
	return false
}

// TestCrashDuringImport SIGKILLs an import at random points. After each kill the workspace
// opens, verifies, and holds the file either whole or not at all; importing again
// completes it with nothing doubled.
func TestCrashDuringImport(t *testing.T) {
	t.Parallel() // with TestCrashDuringPurge: both mostly wait on processes
	kills := envInt(t, "TRAILBOOK_CRASH_KILLS", 20)
	rows := envInt(t, "TRAILBOOK_CRASH_ROWS", 20_000)
	const priorRows = 300
	dir := t.TempDir()
	big := writeBackupPanel(t, dir, "big.csv", rows, 1)
	prior := writeBackupPanel(t, dir, "prior.csv", priorRows, 2)

	// A workspace with history, so the import continues an existing chain.
	base := filepath.Join(dir, "base.trailbook")
	timed(t, base, "import", prior)
	full := filepath.Join(dir, "full.trailbook")
	copyFile(t, base, full)
	took := timed(t, full, "import", big)
	t.Logf("an uninterrupted import of %d rows takes %v", rows, took.Round(time.Millisecond))
	rng := crashRNG(t)

	var landed, none, whole, journals int
	for i := 0; i < kills; i++ {
		ws := filepath.Join(dir, "crash-"+strconv.Itoa(i)+".trailbook")
		copyFile(t, base, ws)
		// Up to 130% of a full run, so some kills hit the commit, the checkpoint and the close.
		delay := time.Duration(rng.Int64N(int64(took) * 13 / 10))
		if killAfter(t, delay, ws, "import", big) {
			landed++
		}
		if _, err := os.Stat(ws + "-journal"); err == nil {
			journals++ // killed while writing directly: the next open rolls it back
		}
		st := mustStats(t, ws)
		got := st.BySystem["backup-panel"] - priorRows
		switch {
		case got == 0 && st.Batches == 1:
			none++
		case got == int64(rows) && st.Batches == 2:
			whole++
		default:
			t.Fatalf("kill %d after %v: %d of %d rows and %d batches in the workspace; want none (1 batch) or all (2 batches)",
				i, delay, got, rows, st.Batches)
		}
		mustVerify(t, ws)

		var res []importResult
		runJSON(t, ws, &res, 0, "import", big)
		if r := res[0]; r.Inserted != int64(rows)-got || r.Duplicates != got || r.Rejected != 0 {
			t.Fatalf("kill %d: re-import inserted %d, duplicates %d, rejected %d; want %d, %d, 0",
				i, r.Inserted, r.Duplicates, r.Rejected, int64(rows)-got, got)
		}
		if st := mustStats(t, ws); st.BySystem["backup-panel"] != int64(rows+priorRows) {
			t.Fatalf("kill %d: after re-import %d events, want %d", i, st.BySystem["backup-panel"], rows+priorRows)
		}
		if i%5 == 4 || i == kills-1 {
			mustVerify(t, ws)
		}
	}
	if landed == 0 {
		t.Fatalf("none of the %d kills landed while the import ran", kills)
	}
	t.Logf("import crash: %d runs, %d SIGKILLs landed mid-run (%d of them in a direct write, leaving a rollback journal), %d left nothing, %d left the whole file; %d rows checked per run, nothing lost or doubled",
		kills, landed, journals, none, whole, rows+priorRows)
}

// TestCrashDuringPurge SIGKILLs a retention purge at random points: the purge happens
// whole or not at all, the chain verifies, and purging again completes it.
func TestCrashDuringPurge(t *testing.T) {
	t.Parallel()
	kills := envInt(t, "TRAILBOOK_CRASH_KILLS", 20)
	rows := envInt(t, "TRAILBOOK_CRASH_ROWS", 20_000)
	dir := t.TempDir()
	big := writeBackupPanel(t, dir, "big.csv", rows, 1)
	base := filepath.Join(dir, "base.trailbook")
	timed(t, base, "import", big)
	// Rows 0 .. half-1 occurred before the cut.
	half := rows / 2
	cut := rowTime(half).Format(time.RFC3339)
	cal := filepath.Join(dir, "cal.trailbook")
	copyFile(t, base, cal)
	took := timed(t, cal, "purge", "--before", cut)
	// A purge is short next to the process start; time a second one and keep the longer.
	copyFile(t, base, cal)
	took = max(took, timed(t, cal, "purge", "--before", cut))
	if st := mustStats(t, cal); st.BySystem["backup-panel"] != int64(rows-half) {
		t.Fatalf("purge before row %d left %d of %d rows, want %d", half, st.BySystem["backup-panel"], rows, rows-half)
	}
	t.Logf("an uninterrupted purge of %d of %d rows takes %v", half, rows, took.Round(time.Millisecond))
	rng := crashRNG(t)

	var landed, none, whole int
	for i := 0; i < kills; i++ {
		ws := filepath.Join(dir, "crash-"+strconv.Itoa(i)+".trailbook")
		copyFile(t, base, ws)
		delay := time.Duration(rng.Int64N(int64(took) * 12 / 10))
		if killAfter(t, delay, ws, "purge", "--before", cut) {
			landed++
		}
		st := mustStats(t, ws)
		switch got := st.BySystem["backup-panel"]; got {
		case int64(rows):
			none++
		case int64(rows - half):
			whole++
		default:
			t.Fatalf("kill %d after %v: %d rows left; want %d (not purged) or %d (purged)", i, delay, got, rows, rows-half)
		}
		mustVerify(t, ws)
		var pr struct {
			Deleted int64 `json:"deleted"`
		}
		runJSON(t, ws, &pr, 0, "purge", "--before", cut)
		if st := mustStats(t, ws); st.BySystem["backup-panel"] != int64(rows-half) {
			t.Fatalf("kill %d: purging again left %d rows (deleted %d), want %d", i, st.BySystem["backup-panel"], pr.Deleted, rows-half)
		}
		if i%5 == 4 || i == kills-1 {
			mustVerify(t, ws)
		}
	}
	if landed == 0 {
		t.Fatalf("none of the %d kills landed while the purge ran", kills)
	}
	t.Logf("purge crash: %d runs, %d SIGKILLs landed mid-run, %d left every row, %d left the purge complete; %d rows checked per run, nothing lost",
		kills, landed, none, whole, rows)
}
