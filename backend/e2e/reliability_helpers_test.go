package e2e_test

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// Knobs for the reliability tests: `make test` runs them small, `make stress` large.
func envInt(t *testing.T, name string, def int) int {
	t.Helper()
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n <= 0 {
		t.Fatalf("%s=%q: want a positive integer", name, v)
	}
	return n
}

// genStart is the first row's time; row i happens i minutes later, so a file of n rows
// covers a known period and a purge "before row k" removes exactly k rows.
var genStart = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// rowTime is the time of generated row i.
func rowTime(i int) time.Time { return genStart.Add(time.Duration(i) * time.Minute) }

// writeBackupPanel writes n distinct backup-panel rows (seed varies the users, so two
// files with different seeds share no event) and returns the file's path.
func writeBackupPanel(t *testing.T, dir, name string, n, seed int) string {
	t.Helper()
	path := filepath.Join(dir, name)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	if err := genBackupPanel(w, n, seed); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

func genBackupPanel(w io.Writer, n, seed int) error {
	if _, err := io.WriteString(w, "Date,IP Addr,Username,Action,Page,ID,Old values,New values\n"); err != nil {
		return err
	}
	actions := []string{"INSERT", "UPDATE", "DELETE", "EXECUTE", "RESET", "RESTORE"}
	pages := []string{"servers", "storages", "schedules", "users", "roles"}
	for i := 0; i < n; i++ {
		a := actions[i%len(actions)]
		p := pages[(i/7)%len(pages)]
		old, nw := "", ""
		switch a {
		case "UPDATE":
			old, nw = fmt.Sprintf("retention: %d; transfer_mode: full", i%90), fmt.Sprintf("retention: %d; transfer_mode: full", i%90+1)
		case "DELETE":
			old = fmt.Sprintf("name: item-%d", i)
		case "INSERT":
			nw = fmt.Sprintf("name: item-%d", i)
		}
		if _, err := fmt.Fprintf(w, "%s,192.0.2.%d,user%d-%d,%s,%s,%d,%s,%s\n",
			rowTime(i).Format("2006-01-02 15:04:05"), i%250+1, seed, i%40, a, p, i, old, nw); err != nil {
			return err
		}
	}
	return nil
}

// fileState is what the reliability tests compare before and after an operation that
// must not modify a file.
type fileState struct {
	sum   string
	mtime time.Time
	size  int64
}

func stateOf(t *testing.T, path string) fileState {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b)
	return fileState{sum: hex.EncodeToString(sum[:]), mtime: st.ModTime(), size: st.Size()}
}

// copyFile copies src to dst (a workspace without its -wal, which must be checkpointed).
func copyFile(t *testing.T, src, dst string) {
	t.Helper()
	if st, err := os.Stat(src + "-wal"); err == nil && st.Size() > 0 {
		t.Fatalf("%s still has a write-ahead log after trailbook exited", src)
	}
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// mustStats reads stats through the binary, failing the test on any error.
func mustStats(t *testing.T, db string) stats {
	t.Helper()
	var st stats
	runJSON(t, db, &st, 0, "stats")
	return st
}

// mustVerify runs verify through the binary and fails the test unless the chain is intact.
func mustVerify(t *testing.T, db string) verifyResult {
	t.Helper()
	var v verifyResult
	runJSON(t, db, &v, 0, "verify")
	if !v.OK {
		t.Fatalf("verify of %s: %+v", db, v)
	}
	return v
}

// start starts the binary without waiting for it.
func start(t *testing.T, db string, args ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"--db", db}, args...)...)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd
}
