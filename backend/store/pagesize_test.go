package store_test

import (
	"path/filepath"
	"testing"
)

// A new workspace gets 16 KiB pages; one written with other pages (an older
// workspace) keeps them and goes on importing and verifying.
func TestPageSize(t *testing.T) {
	path := filepath.Join(t.TempDir(), "new.trailbook")
	s := openAt(t, path)
	importEvents(t, s, "a.csv", genEvents("pay", 0, 50))
	s.Close()
	if got := mustCLI(t, path, "PRAGMA page_size;"); got != "16384" {
		t.Fatalf("new workspace page size %s, want 16384", got)
	}

	mustCLI(t, path, "PRAGMA journal_mode=DELETE; PRAGMA page_size=4096; VACUUM;")
	if got := mustCLI(t, path, "PRAGMA page_size;"); got != "4096" {
		t.Fatalf("page size after VACUUM %s, want 4096", got)
	}
	s = openAt(t, path)
	res := importEvents(t, s, "b.csv", genEvents("pay", 50, 50))
	if res.Inserted != 50 {
		t.Fatalf("inserted %d, want 50", res.Inserted)
	}
	wantVerifyOK(t, s)
	s.Close()
	if got := mustCLI(t, path, "PRAGMA page_size;"); got != "4096" {
		t.Fatalf("existing workspace page size changed to %s", got)
	}
}
