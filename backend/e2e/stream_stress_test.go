//go:build stress && unix

package e2e_test

import (
	"os"
	"testing"
)

// TestStreamingMemoryFlat imports a file of TRAILBOOK_STREAM_ROWS rows (default
// 5,000,000, about 3.4 GB with TRAILBOOK_STREAM_PAD=300) and one a tenth of its
// size, and compares the peak RSS of the two imports: streaming keeps it flat.
// SQLite's caches, its sorter and the search index's buffer are bounded, so ten
// times the rows may cost only a few MiB more (the slack is for the Go heap's
// timing). `make stress` only.
func TestStreamingMemoryFlat(t *testing.T) {
	rows := envInt(t, "TRAILBOOK_STREAM_ROWS", 5_000_000)
	pad := envInt(t, "TRAILBOOK_STREAM_PAD", 300)
	dir := os.Getenv("TRAILBOOK_STREAM_DIR") // a disk with room for the big file
	if dir == "" {
		dir = t.TempDir()
	} else {
		var err error
		if dir, err = os.MkdirTemp(dir, "trailbook-stream-"); err != nil {
			t.Fatal(err)
		}
		defer os.RemoveAll(dir)
	}
	small, big := measureStreaming(t, dir, rows/10, pad)
	if limit := small.rssMiB + 24; big.rssMiB > limit {
		t.Errorf("peak RSS grew from %d MiB (%d rows) to %d MiB (%d rows): not flat (limit %d MiB)",
			small.rssMiB, small.rows, big.rssMiB, big.rows, limit)
	}
	if big.rssMiB > 300 {
		t.Errorf("peak RSS %d MiB at %d rows: over 300 MiB", big.rssMiB, big.rows)
	}
}
