package e2e_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestImportUnderFileSizeLimit imports a file while RLIMIT_FSIZE (prlimit --fsize, as
// `ulimit -f` does) stops the workspace's files from growing: the import fails with a
// clear message, the workspace keeps exactly what it had and verifies; without the
// limit the same import then completes.
func TestImportUnderFileSizeLimit(t *testing.T) {
	prlimit, err := exec.LookPath("prlimit")
	if err != nil {
		t.Fatal("prlimit (util-linux) is needed for this test")
	}
	rows := envInt(t, "TRAILBOOK_DISKFULL_ROWS", 10_000)
	dir := t.TempDir()
	db := filepath.Join(dir, "w.trailbook")
	timed(t, db, "import", writeBackupPanel(t, dir, "old.csv", 2000, 2))
	big := writeBackupPanel(t, dir, "big.csv", rows, 1)
	base := mustStats(t, db)

	var faults int
	for _, limit := range []int64{40 << 10, 1 << 20, 4 << 20} {
		before := stateOf(t, db)
		cmd := exec.Command(prlimit, "--fsize="+strconv.FormatInt(limit, 10), "--", bin, "--db", db, "import", big)
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		err := cmd.Run()
		msg := strings.ToLower(errb.String())
		if err == nil {
			t.Fatalf("import under a %d-byte file size limit succeeded:\n%s", limit, out.String())
		}
		faults++
		if !strings.Contains(msg, "disk is full") || !strings.Contains(msg, "nothing was changed") {
			t.Errorf("limit %d: the message does not say the disk is full and nothing changed:\n%s", limit, errb.String())
		}
		if strings.Contains(msg, "panic") || strings.Contains(msg, "signal") {
			t.Errorf("limit %d: crashed:\n%s", limit, errb.String())
		}
		if after := stateOf(t, db); after.sum != before.sum {
			t.Errorf("limit %d: the workspace file changed", limit)
		}
		st := mustStats(t, db)
		if st.Events != base.Events || st.Batches != base.Batches || st.BySystem["backup-panel"] != 2000 {
			t.Errorf("limit %d: workspace now %+v, was %+v", limit, st, base)
		}
		mustVerify(t, db)
		t.Logf("limit %d bytes: %s", limit, strings.TrimSpace(errb.String()))
	}
	// A purge that cannot write its journal fails the same way.
	before := stateOf(t, db)
	cmd := exec.Command(prlimit, "--fsize=40960", "--", bin, "--db", db, "purge", "--all")
	var errb bytes.Buffer
	cmd.Stderr = &errb
	if err := cmd.Run(); err == nil || !strings.Contains(errb.String(), "disk is full") {
		t.Errorf("purge under a 40 KB file size limit: %v\n%s", err, errb.String())
	}
	faults++
	if after := stateOf(t, db); after.sum != before.sum {
		t.Errorf("the refused purge changed the workspace file")
	}
	if st := mustStats(t, db); st.BySystem["backup-panel"] != 2000 {
		t.Errorf("after the refused purge: %d events, want 2000", st.BySystem["backup-panel"])
	}
	mustVerify(t, db)

	var res []importResult
	runJSON(t, db, &res, 0, "import", big)
	if res[0].Inserted != int64(rows) {
		t.Errorf("import without the limit inserted %d, want %d", res[0].Inserted, rows)
	}
	if st := mustStats(t, db); st.BySystem["backup-panel"] != int64(2000+rows) {
		t.Errorf("after the import without limit: %d events, want %d", st.BySystem["backup-panel"], 2000+rows)
	}
	mustVerify(t, db)
	t.Logf("disk full: %d write faults injected (3 imports of %d rows, 1 purge); every time the workspace kept its 2000 rows and verified", faults, rows)
	_ = os.Remove(big)
}
