//go:build unix

package e2e_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// nobody is the unprivileged user the read-only cases run as when the tests run as root
// (root ignores file modes).
const nobody = 65534

// damage is one way a workspace file can be broken, applied to a healthy copy.
type damage struct {
	name  string
	apply func(t *testing.T, path string)
	// words the message must contain (lower case), so the user knows what is wrong
	want []string
}

func overwrite(t *testing.T, path string, off int64, b []byte) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteAt(b, off); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestDamagedWorkspaceFiles opens broken, foreign and newer workspaces with every
// command: each gives a clear message, exits non-zero, and leaves the file exactly as
// it was (same SHA-256 and mtime, no -wal or -shm left beside it).
func TestDamagedWorkspaceFiles(t *testing.T) {
	dir := t.TempDir()
	small := writeBackupPanel(t, dir, "small.csv", 2000, 1)
	healthy := filepath.Join(dir, "healthy.trailbook")
	timed(t, healthy, "import", small)
	size := stateOf(t, healthy).size
	const page = 4096

	cases := []damage{
		{"not a workspace (CSV)", func(t *testing.T, p string) {
			copyFile(t, small, p)
		}, []string{"not a trailbook workspace"}},
		{"truncated to half", func(t *testing.T, p string) {
			if err := os.Truncate(p, size/2/page*page); err != nil {
				t.Fatal(err)
			}
		}, []string{"damaged"}},
		{"truncated mid-page", func(t *testing.T, p string) {
			if err := os.Truncate(p, size-page-123); err != nil {
				t.Fatal(err)
			}
		}, []string{"damaged"}},
		{"garbage pages", func(t *testing.T, p string) {
			junk := bytes.Repeat([]byte("\xde\xad\xbe\xef junk "), 3*page/13)
			overwrite(t, p, 2*page, junk)
			overwrite(t, p, size/2/page*page, junk)
		}, []string{"damaged"}},
		{"zeroed header", func(t *testing.T, p string) {
			overwrite(t, p, 0, make([]byte, 100))
		}, []string{"not a trailbook workspace"}},
		{"newer trailbook", func(t *testing.T, p string) {
			sqlite3(t, p, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, '0099_future', 0);")
		}, []string{"newer", "schema version 99"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sub := t.TempDir()
			p := filepath.Join(sub, "w.trailbook")
			copyFile(t, healthy, p)
			tc.apply(t, p)
			before := stateOf(t, p)
			checkRefused(t, p, before, tc.want, nil)
		})
	}
}

// checkRefused runs every command against p and checks each is refused with a message
// holding the wanted words, and that p is left as it was.
func checkRefused(t *testing.T, p string, before fileState, want []string, cred *syscall.Credential) {
	t.Helper()
	dir := t.TempDir()
	csv := writeBackupPanel(t, dir, "new.csv", 10, 9)
	if cred != nil {
		_ = os.Chmod(dir, 0o755)
		_ = os.Chmod(csv, 0o644)
	}
	for _, args := range [][]string{{"stats"}, {"verify"}, {"batches"}, {"import", csv}, {"purge", "--all"}} {
		cmd := exec.Command(bin, append([]string{"--db", p}, args...)...)
		if cred != nil {
			cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
		}
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		err := cmd.Run()
		// Paths name the test (which may contain the very words looked for): drop them.
		msg := strings.ToLower(strings.ReplaceAll(errb.String(), filepath.Dir(p), "DIR"))
		if err == nil {
			t.Errorf("%v succeeded on a file it should refuse:\n%s", args, out.String())
		}
		for _, w := range want {
			if !strings.Contains(msg, w) {
				t.Errorf("%v: message lacks %q:\n%s", args, w, errb.String())
			}
		}
		if strings.Contains(msg, "(sqlite_") || strings.Contains(msg, "panic") {
			t.Errorf("%v: raw driver error or panic reached the user:\n%s", args, errb.String())
		}
		if after := stateOf(t, p); after != before {
			t.Fatalf("%v modified the refused file: %+v -> %+v", args, before, after)
		}
		for _, side := range []string{"-wal", "-shm", "-journal"} {
			if _, err := os.Stat(p + side); err == nil {
				t.Fatalf("%v left %s beside the refused file", args, filepath.Base(p+side))
			}
		}
		t.Logf("%v: %s", args, strings.TrimSpace(errb.String()))
	}
}

func sqlite3(t *testing.T, db, sql string) {
	t.Helper()
	out, err := exec.Command("sqlite3", db, sql).CombinedOutput()
	if err != nil {
		t.Fatalf("sqlite3: %v\n%s", err, out)
	}
}

// TestReadOnlyWorkspace: a workspace the user may not write (the file's mode, or a
// folder where the -wal file cannot be created) is refused with a clear message and
// left unchanged. As root, the commands run as an unprivileged user.
func TestReadOnlyWorkspace(t *testing.T) {
	var cred *syscall.Credential
	if os.Geteuid() == 0 {
		cred = &syscall.Credential{Uid: nobody, Gid: nobody}
		// The unprivileged user must reach the binary.
		for d := filepath.Dir(bin); d != "/" && d != os.TempDir(); d = filepath.Dir(d) {
			_ = os.Chmod(d, 0o755)
		}
	}
	root := t.TempDir()
	small := writeBackupPanel(t, root, "small.csv", 500, 1)
	healthy := filepath.Join(root, "healthy.trailbook")
	timed(t, healthy, "import", small)

	setup := func(t *testing.T, fileMode, dirMode os.FileMode) string {
		d := filepath.Join(t.TempDir(), "ws")
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(d, "w.trailbook")
		copyFile(t, healthy, p)
		for x := filepath.Dir(d); cred != nil && x != "/" && x != os.TempDir(); x = filepath.Dir(x) {
			_ = os.Chmod(x, 0o755)
		}
		if cred != nil {
			// Owned by the unprivileged user: only the modes stop it.
			_ = os.Chown(d, nobody, nobody)
			_ = os.Chown(p, nobody, nobody)
		}
		if err := os.Chmod(p, fileMode); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(d, dirMode); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = os.Chmod(d, 0o755) })
		return p
	}
	t.Run("read-only file", func(t *testing.T) {
		p := setup(t, 0o444, 0o755)
		checkRefused(t, p, stateOf(t, p), []string{"read-only"}, cred)
	})
	t.Run("read-only folder", func(t *testing.T) {
		p := setup(t, 0o644, 0o555)
		checkRefused(t, p, stateOf(t, p), []string{"read-only"}, cred)
	})
}
