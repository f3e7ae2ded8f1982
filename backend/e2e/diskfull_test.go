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

// directMin: a command-line import of a file this big or bigger into a workspace open
// nowhere else writes straight into the workspace under a rollback journal (README,
// "Direct write"); a smaller one goes through the write-ahead log.
const directMin = 1 << 20

// TestImportUnderFileSizeLimit imports files while RLIMIT_FSIZE (prlimit --fsize, as
// `ulimit -f` does) stops the workspace's files from growing: each import fails with a
// clear message, and the workspace keeps exactly what it had and verifies; without the
// limit the same imports then complete. Both write paths: through the log, the file is
// not touched at all; written directly, SQLite puts back every page from its journal
// (at once, or when the workspace is next opened where the limit also kept it from
// writing the pages back), so only its change counter differs.
func TestImportUnderFileSizeLimit(t *testing.T) {
	prlimit, err := exec.LookPath("prlimit")
	if err != nil {
		t.Fatal("prlimit (util-linux) is needed for this test")
	}
	rows := envInt(t, "TRAILBOOK_DISKFULL_ROWS", 10_000)
	dir := t.TempDir()
	db := filepath.Join(dir, "w.trailbook")
	timed(t, db, "import", writeBackupPanel(t, dir, "old.csv", 2000, 2))
	files := []string{writeBackupPanel(t, dir, "small.csv", rows, 1), writeBackupPanel(t, dir, "big.csv", 3*rows, 3)}
	base := mustStats(t, db)

	var faults, direct int
	for _, file := range files {
		info, err := os.Stat(file)
		if err != nil {
			t.Fatal(err)
		}
		isDirect := info.Size() >= directMin
		for _, limit := range []int64{40 << 10, 1 << 20, 4 << 20} {
			before := readFile(t, db)
			cmd := exec.Command(prlimit, "--fsize="+strconv.FormatInt(limit, 10), "--", bin, "--db", db, "import", file)
			var out, errb bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &errb
			err := cmd.Run()
			msg := strings.ToLower(errb.String())
			if err == nil {
				t.Fatalf("import of %s under a %d-byte file size limit succeeded:\n%s", filepath.Base(file), limit, out.String())
			}
			faults++
			if !strings.Contains(msg, "disk is full") || !strings.Contains(msg, "nothing was changed") {
				t.Errorf("limit %d: the message does not say the disk is full and nothing changed:\n%s", limit, errb.String())
			}
			if strings.Contains(msg, "panic") || strings.Contains(msg, "signal") {
				t.Errorf("limit %d: crashed:\n%s", limit, errb.String())
			}
			if !isDirect && !bytes.Equal(readFile(t, db), before) {
				t.Errorf("%s, limit %d: the workspace file changed", filepath.Base(file), limit)
			}
			st := mustStats(t, db) // opening puts back what a direct write could not
			if st.Events != base.Events || st.Batches != base.Batches || st.BySystem["backup-panel"] != 2000 {
				t.Errorf("%s, limit %d: workspace now %+v, was %+v", filepath.Base(file), limit, st, base)
			}
			if isDirect {
				direct++
				if !samePages(readFile(t, db), before) {
					t.Errorf("%s, limit %d: the workspace's pages changed", filepath.Base(file), limit)
				}
				if _, err := os.Stat(db + "-journal"); err == nil {
					t.Errorf("%s, limit %d: a rollback journal is left after opening", filepath.Base(file), limit)
				}
			}
			mustVerify(t, db)
			t.Logf("%s (%d bytes), limit %d bytes: %s", filepath.Base(file), info.Size(), limit, strings.TrimSpace(errb.String()))
		}
	}
	if direct == 0 {
		t.Errorf("no import was big enough (%d bytes) to be written directly", directMin)
	}
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
	runJSON(t, db, &res, 0, append([]string{"import"}, files...)...)
	if len(res) != 2 || res[0].Inserted != int64(rows) || res[1].Inserted != int64(3*rows) {
		t.Errorf("imports without the limit: %+v, want %d and %d inserted", res, rows, 3*rows)
	}
	if st := mustStats(t, db); st.BySystem["backup-panel"] != int64(2000+4*rows) {
		t.Errorf("after the imports without limit: %d events, want %d", st.BySystem["backup-panel"], 2000+4*rows)
	}
	mustVerify(t, db)
	t.Logf("disk full: %d write faults injected (6 imports of %d and %d rows, %d of them written directly; 1 purge); every time the workspace kept its 2000 rows and verified",
		faults, rows, 3*rows, direct)
	for _, f := range files {
		_ = os.Remove(f)
	}
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// samePages reports whether two copies of a SQLite file are the same but for the
// header's file change counter and the copy of it at offset 92, which every write
// under a rollback journal (a direct import switching journals) moves on.
func samePages(a, b []byte) bool {
	if len(a) != len(b) || len(a) < 100 {
		return false
	}
	a, b = bytes.Clone(a), bytes.Clone(b)
	for _, x := range [][]byte{a, b} {
		clear(x[24:28])
		clear(x[92:96])
	}
	return bytes.Equal(a, b)
}
