package store_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"trailbook/backend/store"
)

func TestOpenCreatesAndMigratesIdempotently(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "new.trailbook")

	s, err := store.Open(ctx, path)
	if err != nil {
		t.Fatalf("open new: %v", err)
	}
	if got := s.Path(); got != path {
		t.Errorf("Path() = %q, want %q", got, path)
	}
	var wsID string
	if err := s.DB().QueryRowContext(ctx, `SELECT workspace_id FROM meta`).Scan(&wsID); err != nil {
		t.Fatalf("read workspace id: %v", err)
	}
	importEvents(t, s, "a.csv", genEvents("pay", 0, 10))
	if err := s.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}

	for i := 0; i < 2; i++ { // reopening migrates nothing and keeps everything
		s, err := store.Open(ctx, path)
		if err != nil {
			t.Fatalf("reopen %d: %v", i, err)
		}
		checks := []struct {
			name, query, want string
		}{
			{"schema version", `SELECT group_concat(version) FROM schema_migrations`, "1,2,3,4"},
			{"workspace id", `SELECT workspace_id FROM meta`, wsID},
			{"journal mode", `PRAGMA journal_mode`, "wal"},
			{"application id", `PRAGMA application_id`, "1413630769"},
			{"foreign keys", `PRAGMA foreign_keys`, "1"},
			{"busy timeout", `PRAGMA busy_timeout`, "10000"},
			{"synchronous", `PRAGMA synchronous`, "1"},
			{"events", `SELECT count(*) FROM events`, "11"},
			{"genesis", `SELECT hex(base_chain) FROM meta`, strings.ToUpper(hexSHA("trailbook ledger v1"))},
		}
		for _, c := range checks {
			var got string
			if err := s.DB().QueryRowContext(ctx, c.query).Scan(&got); err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			if got != c.want {
				t.Errorf("reopen %d: %s = %q, want %q", i, c.name, got, c.want)
			}
		}
		wantVerifyOK(t, s)
		s.Close()
	}
}

func hexSHA(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

func TestOpenAcceptsEmptyFiles(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.trailbook")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	emptyDB := filepath.Join(dir, "emptydb.sqlite")
	mustCLI(t, emptyDB, "PRAGMA user_version = 0; VACUUM;") // a valid SQLite file without tables
	for _, path := range []string{empty, emptyDB} {
		s := openAt(t, path)
		importEvents(t, s, "a.csv", genEvents("pay", 0, 3))
		wantVerifyOK(t, s)
	}
}

func TestOpenRefusesFilesItDoesNotOwn(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	sqliteWith := func(name, sql string) string {
		p := filepath.Join(dir, name)
		mustCLI(t, p, sql)
		return p
	}
	newer := filepath.Join(dir, "newer.trailbook")
	{
		s := openAt(t, newer)
		importEvents(t, s, "a.csv", genEvents("pay", 0, 5))
		s.Close()
		mustCLI(t, newer, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, '0099_future', 0);`)
	}
	noMigrations := sqliteWith("nomig.trailbook", `PRAGMA application_id = 1413630769; CREATE TABLE x (a);`)

	tests := []struct {
		name string
		path string
		want error
	}{
		{"text file", write("notes.txt", []byte("id,user,action\n1,anna,login\n")), store.ErrNotWorkspace},
		{"short binary", write("short.bin", []byte{0x53, 0x51, 0x4c}), store.ErrNotWorkspace},
		{"random bytes", write("random.bin", bytes.Repeat([]byte{0xde, 0xad, 0xbe, 0xef}, 1024)), store.ErrNotWorkspace},
		{"another app's sqlite", sqliteWith("other.db", `CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('x');`), store.ErrNotWorkspace},
		{"another application id", sqliteWith("otherid.db", `PRAGMA application_id = 42; CREATE TABLE t (a);`), store.ErrNotWorkspace},
		{"our id without migrations", noMigrations, store.ErrNotWorkspace},
		{"newer schema", newer, store.ErrNewerSchema},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := readFile(t, tt.path)
			s, err := store.Open(context.Background(), tt.path)
			if err == nil {
				s.Close()
				t.Fatalf("Open succeeded, want %v", tt.want)
			}
			if !errors.Is(err, tt.want) {
				t.Fatalf("Open error = %v, want %v", err, tt.want)
			}
			if after := readFile(t, tt.path); !bytes.Equal(before, after) {
				t.Errorf("Open modified the file it refused (%d -> %d bytes)", len(before), len(after))
			}
		})
	}
	t.Run("directory", func(t *testing.T) {
		if _, err := store.Open(context.Background(), dir); !errors.Is(err, store.ErrNotWorkspace) {
			t.Fatalf("Open(dir) error = %v, want ErrNotWorkspace", err)
		}
	})
}

func TestMigrationsNeverDropData(t *testing.T) {
	files, err := filepath.Glob("migrations/*.sql")
	if err != nil || len(files) == 0 {
		t.Fatalf("no migrations found: %v", err)
	}
	for _, f := range files {
		sql := strings.ToUpper(string(readFile(t, f)))
		for _, bad := range []string{"DROP TABLE", "DROP COLUMN", "DELETE FROM", "TRUNCATE"} {
			if strings.Contains(sql, bad) {
				t.Errorf("%s contains %s: migrations must never drop user data", f, bad)
			}
		}
	}
}
