package store_test

import (
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"trailbook/backend/store"
)

// openDirect opens a DirectImports workspace that imports every file directly.
func openDirect(t testing.TB, path string) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), path, store.DirectImports())
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	t.Cleanup(func() { s.Close() })
	store.SetDirectMin(s, 0)
	return s
}

// importDirectly imports n generated events from event number from, and tells
// whether the import wrote directly.
func importDirectly(t *testing.T, s *store.Store, name string, n, from int) (store.BatchResult, bool) {
	t.Helper()
	return importTelling(t, s, name, genEvents("pay", from, n))
}

func journalMode(t *testing.T, s *store.Store) string {
	t.Helper()
	var mode string
	if err := s.DB().QueryRowContext(context.Background(), "PRAGMA journal_mode").Scan(&mode); err != nil {
		t.Fatal(err)
	}
	return mode
}

func fileSize(t *testing.T, path string) int64 {
	t.Helper()
	st, err := os.Stat(path)
	if os.IsNotExist(err) {
		return 0
	}
	if err != nil {
		t.Fatal(err)
	}
	return st.Size()
}

// A direct import writes its pages into the workspace file only (the WAL stays
// empty), stores what a WAL import stores, and leaves the workspace in WAL mode.
func TestDirectImportWritesOnceAndMatchesWAL(t *testing.T) {
	heads := map[bool]string{}
	for _, direct := range []bool{false, true} {
		path := filepath.Join(t.TempDir(), "w.trailbook")
		var s *store.Store
		if direct {
			s = openDirect(t, path)
		} else {
			s = openAt(t, path)
		}
		if _, used := importDirectly(t, s, "a.csv", 800, 0); used != direct {
			t.Fatalf("first import: direct = %v, want %v", used, direct)
		}
		// Readers leave idle connections behind, which must not stop the next one.
		var wg sync.WaitGroup
		for range 3 {
			wg.Add(1)
			go func() { defer wg.Done(); fingerprint(t, s) }()
		}
		wg.Wait()
		before := fileSize(t, path)
		res, used := importDirectly(t, s, "b.csv", 20_000, 500) // overlaps: 300 duplicates
		if used != direct {
			t.Fatalf("second import: direct = %v, want %v", used, direct)
		}
		if res.Inserted != 19_700 || res.Duplicates != 300 {
			t.Fatalf("direct %v: inserted %d, duplicates %d; want 19700, 300", direct, res.Inserted, res.Duplicates)
		}
		if mode := journalMode(t, s); mode != "wal" {
			t.Fatalf("direct %v: journal mode after the import is %q, want wal", direct, mode)
		}
		grown, wal := fileSize(t, path)-before, fileSize(t, path+"-wal")
		if direct && (grown < 4<<20 || wal > 64<<10) {
			t.Fatalf("direct import: the file grew %d bytes and the WAL holds %d; want the pages in the file", grown, wal)
		}
		if !direct && wal < 4<<20 && grown < 4<<20 {
			t.Fatalf("WAL import: the file grew %d bytes and the WAL holds %d; the 20,000 rows are in neither", grown, wal)
		}
		wantVerifyOK(t, s)
		s.Close()
		heads[direct] = mustCLI(t, path, `SELECT id, occurred_at, actor_key, system, action, kind, target_ref,
  description, quote(changes), quote(extra), batch_id, line, hex(row_hash)
FROM events WHERE system <> 'trailbook' ORDER BY id;`)
	}
	if n := strings.Count(heads[false], "\n") + 1; n != 20_500 {
		t.Fatalf("%d imported rows, want 20500", n)
	}
	if heads[false] != heads[true] {
		t.Fatal("a direct import stored other rows than the same import through the WAL")
	}
}

// Where the workspace is open elsewhere (a reader of this store, another
// program), the import goes through the WAL and nobody waits.
func TestDirectImportYieldsToOtherReaders(t *testing.T) {
	ctx := context.Background()
	t.Run("a read transaction of this process", func(t *testing.T) {
		s := openDirect(t, filepath.Join(t.TempDir(), "w.trailbook"))
		importDirectly(t, s, "a.csv", 100, 0)
		tx, err := s.DB().BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback()
		var n int64
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM events WHERE system = 'pay'").Scan(&n); err != nil {
			t.Fatal(err)
		}
		res, direct := importDirectly(t, s, "b.csv", 2000, 100)
		if direct || res.Inserted != 2000 {
			t.Fatalf("import beside an open reader: direct = %v, inserted %d; want false, 2000", direct, res.Inserted)
		}
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM events WHERE system = 'pay'").Scan(&n); err != nil || n != 100 {
			t.Fatalf("the reader's snapshot: %d rows, %v; want 100", n, err)
		}
		wantVerifyOK(t, s)
	})
	t.Run("another program", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "w.trailbook")
		s := openDirect(t, path)
		importDirectly(t, s, "a.csv", 100, 0)
		sh, err := exec.LookPath("sqlite3")
		if err != nil {
			t.Fatal("the sqlite3 CLI is needed (make deps installs it)")
		}
		other := exec.Command(sh, path)
		in, err := other.StdinPipe()
		if err != nil {
			t.Fatal(err)
		}
		out := &lockedBuffer{}
		other.Stdout, other.Stderr = out, out
		if err := other.Start(); err != nil {
			t.Fatal(err)
		}
		defer func() { in.Close(); _ = other.Wait() }()
		if _, err := io.WriteString(in, "SELECT 'open', count(*) FROM events;\n"); err != nil {
			t.Fatal(err)
		}
		for deadline := time.Now().Add(5 * time.Second); !strings.Contains(out.String(), "open|"); time.Sleep(20 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("sqlite3 did not read the workspace: %s", out.String())
			}
		}
		res, direct := importDirectly(t, s, "b.csv", 2000, 100)
		if direct || res.Inserted != 2000 {
			t.Fatalf("import while another program has the workspace open: direct = %v, inserted %d; want false, 2000", direct, res.Inserted)
		}
		wantVerifyOK(t, s)
	})
}

// lockedBuffer collects a child process's output while the test reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// An open store, even one whose pool has closed every idle connection, keeps
// a direct import of another program out: the switch it needs is refused
// while the store is open, and allowed once it is closed.
func TestOpenStoreKeepsDirectImportsOut(t *testing.T) {
	path := filepath.Join(t.TempDir(), "w.trailbook")
	s := openAt(t, path)
	importEvents(t, s, "a.csv", genEvents("pay", 0, 100))
	fingerprint(t, s)
	s.DB().SetMaxIdleConns(0) // what an idle minute does to the pool
	const leave = "PRAGMA busy_timeout = 0;\nPRAGMA journal_mode = DELETE;\n"
	if out, _ := sqliteCLI(t, path, leave); strings.Contains(out, "delete") {
		t.Fatalf("another program left the WAL while the store was open: %s", out)
	}
	s.Close()
	if out := mustCLI(t, path, leave); !strings.Contains(out, "delete") {
		t.Fatalf("with the store closed the switch should go through: %s", out)
	}
}
