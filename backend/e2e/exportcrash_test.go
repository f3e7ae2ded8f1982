//go:build unix

package e2e_test

import (
	"bytes"
	"encoding/csv"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// exportLeftovers lists the folder's entries other than the target and the names in
// keep, failing the test on any that is not clearly a temporary of the target
// (".NAME.*.tmp"): a SIGKILLed export cannot remove its temp file, but it must never
// look like a finished report.
func exportLeftovers(t *testing.T, dir, target string, keep ...string) int {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	base := filepath.Base(target)
	var temps int
	for _, e := range entries {
		n := e.Name()
		if n == base || contains(keep, n) {
			continue
		}
		if !strings.HasPrefix(n, "."+base+".") || !strings.HasSuffix(n, ".tmp") {
			t.Fatalf("unexpected file %s next to the export target %s", n, base)
		}
		temps++
	}
	return temps
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// checkExport opens a finished export and compares its detail row count with events.
func checkExport(t *testing.T, path, format string, events int) {
	t.Helper()
	switch format {
	case "csv":
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		recs, err := csv.NewReader(f).ReadAll()
		if err != nil {
			t.Fatalf("read back %s: %v", path, err)
		}
		if len(recs)-1 != events {
			t.Fatalf("%s: %d data rows, want %d", path, len(recs)-1, events)
		}
	case "xlsx":
		f, err := excelize.OpenFile(path)
		if err != nil {
			t.Fatalf("open %s: %v", path, err)
		}
		defer f.Close()
		rows, err := f.GetRows("Details")
		if err != nil {
			t.Fatal(err)
		}
		if len(rows)-1 != events {
			t.Fatalf("%s: %d Details rows, want %d", path, len(rows)-1, events)
		}
	}
}

// TestCrashDuringExport SIGKILLs `report --out` at random points. After each kill the
// target either does not exist or, when a finished export was there before, is still
// byte-identical to it; anything else left is a dot-named .tmp file. A run without a
// kill then writes a complete, readable report.
func TestCrashDuringExport(t *testing.T) {
	t.Parallel()
	kills := envInt(t, "TRAILBOOK_EXPORT_KILLS", 8)
	rows := envInt(t, "TRAILBOOK_EXPORT_ROWS", 6000)
	dir := t.TempDir()
	db := filepath.Join(dir, "w.trailbook")
	timed(t, db, "import", writeBackupPanel(t, dir, "big.csv", rows, 1))
	// The first report after an import also refreshes the rollups; time the export alone.
	timed(t, db, "report", "--format", "csv", "--out", filepath.Join(dir, "warm.csv"))
	rng := crashRNG(t)

	for _, format := range []string{"csv", "xlsx"} {
		outDir := filepath.Join(dir, "out-"+format)
		if err := os.Mkdir(outDir, 0o755); err != nil {
			t.Fatal(err)
		}
		target := filepath.Join(outDir, "report."+format)
		args := []string{"report", "--format", format, "--out", target}
		took := timed(t, db, args...)
		checkExport(t, target, format, rows)
		prev := stateOf(t, target)
		complete, err := os.ReadFile(target)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: an uninterrupted export of %d rows takes %v", format, rows, took.Round(time.Millisecond))

		var landed, absent, kept int
		for i := 0; i < kills; i++ {
			// Half the runs start with no target, half over the previous export.
			had := i%2 == 1
			if !had {
				if err := os.Remove(target); err != nil && !os.IsNotExist(err) {
					t.Fatal(err)
				}
			} else if _, err := os.Stat(target); err != nil {
				// Put a finished export back (checked above) rather than export again.
				if err := os.WriteFile(target, complete, 0o644); err != nil {
					t.Fatal(err)
				}
				prev = stateOf(t, target)
			}
			delay := time.Duration(rng.Int64N(int64(took) * 12 / 10))
			if killAfter(t, delay, db, args...) {
				landed++
			}
			_, err := os.Stat(target)
			switch {
			case os.IsNotExist(err):
				if had {
					t.Fatalf("%s kill %d after %v: the previous export is gone", format, i, delay)
				}
				absent++
			case err != nil:
				t.Fatal(err)
			default:
				st := stateOf(t, target)
				// A kill after the rename leaves a finished export: check it whole.
				if st.sum != prev.sum || !had {
					checkExport(t, target, format, rows)
				}
				prev = st
				kept++
			}
			exportLeftovers(t, outDir, target)
		}
		if landed == 0 {
			t.Fatalf("%s: none of the %d kills landed while the export ran", format, kills)
		}
		temps := exportLeftovers(t, outDir, target)
		for _, e := range mustReadDir(t, outDir) {
			if e.Name() != filepath.Base(target) {
				_ = os.Remove(filepath.Join(outDir, e.Name()))
			}
		}
		if err := os.Remove(target); err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		timed(t, db, args...)
		checkExport(t, target, format, rows)
		t.Logf("%s export crash: %d runs, %d SIGKILLs landed mid-export, %d left no target, %d left a complete one, %d dot-named .tmp files left by the kills; final export read back with %d rows",
			format, kills, landed, absent, kept, temps, rows)
	}
	mustVerify(t, db)
}

func mustReadDir(t *testing.T, dir string) []os.DirEntry {
	t.Helper()
	e, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// TestExportUnderFileSizeLimit exports under RLIMIT_FSIZE: the export fails with a
// message that says the write failed for lack of space, leaves no file under the
// target name (nor a temp file), and an existing target keeps its content.
func TestExportUnderFileSizeLimit(t *testing.T) {
	prlimit, err := exec.LookPath("prlimit")
	if err != nil {
		t.Fatal("prlimit (util-linux) is needed for this test")
	}
	t.Parallel()
	rows := envInt(t, "TRAILBOOK_DISKFULL_ROWS", 6000)
	dir := t.TempDir()
	db := filepath.Join(dir, "w.trailbook")
	timed(t, db, "import", writeBackupPanel(t, dir, "big.csv", rows, 1))
	// One export first, so the workspace's own writes (rollups) are done and the limit
	// meets the export's file, not the workspace.
	timed(t, db, "report", "--format", "csv", "--out", filepath.Join(dir, "warm.csv"))
	before := mustStats(t, db)

	var faults int
	for _, format := range []string{"csv", "xlsx"} {
		outDir := filepath.Join(dir, "out-"+format)
		if err := os.Mkdir(outDir, 0o755); err != nil {
			t.Fatal(err)
		}
		target := filepath.Join(outDir, "report."+format)
		for _, existing := range []bool{false, true} {
			var prev fileState
			if existing {
				timed(t, db, "report", "--format", format, "--out", target)
				prev = stateOf(t, target)
			}
			for _, limit := range []int64{64 << 10, 160 << 10} {
				cmd := exec.Command(prlimit, "--fsize="+strconv.FormatInt(limit, 10), "--",
					bin, "--db", db, "report", "--format", format, "--out", target)
				var out, errb bytes.Buffer
				cmd.Stdout, cmd.Stderr = &out, &errb
				if err := cmd.Run(); err == nil {
					t.Fatalf("%s export under a %d-byte file size limit succeeded:\n%s", format, limit, out.String())
				}
				faults++
				msg := strings.ToLower(errb.String())
				if !strings.Contains(msg, "disk is full") || !strings.Contains(msg, "report was not written") {
					t.Errorf("%s, limit %d: the message does not say the disk is full and the report was not written:\n%s", format, limit, errb.String())
				}
				if strings.Contains(msg, "panic") || strings.Contains(msg, "signal") {
					t.Errorf("%s, limit %d: crashed:\n%s", format, limit, errb.String())
				}
				if existing {
					if st := stateOf(t, target); st.sum != prev.sum {
						t.Errorf("%s, limit %d: the previous export changed", format, limit)
					}
				} else if _, err := os.Stat(target); !os.IsNotExist(err) {
					t.Errorf("%s, limit %d: a file is left under the target name (%v)", format, limit, err)
				}
				if n := exportLeftovers(t, outDir, target); n != 0 {
					t.Errorf("%s, limit %d: %d temp files left after a clean error", format, limit, n)
				}
				t.Logf("%s, limit %d bytes, existing target %v: %s", format, limit, existing, strings.TrimSpace(errb.String()))
			}
		}
		checkExport(t, target, format, rows)
	}
	if st := mustStats(t, db); st.BySystem["backup-panel"] != before.BySystem["backup-panel"] {
		t.Errorf("the workspace now holds %d backup-panel events, want %d", st.BySystem["backup-panel"], before.BySystem["backup-panel"])
	}
	mustVerify(t, db)
	t.Logf("export disk full: %d write faults injected (csv and xlsx, with and without a previous export); no partial file, previous exports unchanged", faults)
}
