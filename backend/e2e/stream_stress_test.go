//go:build stress

package e2e_test

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestStreamingMemoryFlat imports a file of TRAILBOOK_STREAM_ROWS rows (default
// 5,000,000, about 2 GB with TRAILBOOK_STREAM_PAD=300) and one a tenth of its size, and
// compares the peak RSS of the two imports: streaming keeps it flat, so ten times the
// rows may not cost much more memory. `make stress` only.
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
	type point struct {
		rows       int
		bytes      int64
		rssMiB     int64
		took       time.Duration
		inserted   int64
		stored     int64
		verifiedOK bool
	}
	var pts []point
	for _, n := range []int{rows / 10, rows} {
		path := writePadded(t, dir, n, pad)
		st, _ := os.Stat(path)
		db := filepath.Join(dir, fmt.Sprintf("w%d.trailbook", n))
		began := time.Now()
		out, stderr, code, rss := runMeasured(t, db, "import", "--json", path)
		took := time.Since(began)
		if code != 0 {
			t.Fatalf("import of %d rows: %s\n%s", n, stderr, out)
		}
		var res []importResult
		if err := jsonUnmarshal([]byte(out), &res); err != nil {
			t.Fatal(err)
		}
		stats := mustStats(t, db)
		v := mustVerify(t, db)
		pts = append(pts, point{n, st.Size(), rss, took, res[0].Inserted, stats.BySystem["backup-panel"], v.OK})
		os.Remove(path)
		os.Remove(db)
		t.Logf("%d rows, %d MB: peak RSS %d MiB, %v (%.0f rows/s), inserted %d, stored %d, verify ok",
			n, st.Size()>>20, rss, took.Round(time.Second), float64(n)/took.Seconds(), res[0].Inserted, stats.BySystem["backup-panel"])
	}
	for _, p := range pts {
		if p.inserted != int64(p.rows) || p.stored != int64(p.rows) {
			t.Errorf("%d rows: inserted %d, stored %d", p.rows, p.inserted, p.stored)
		}
	}
	small, big := pts[0], pts[1]
	// Ten times the rows: allow 50% more peak memory plus 64 MiB of fixed slack.
	if limit := small.rssMiB*3/2 + 64; big.rssMiB > limit {
		t.Errorf("peak RSS grew from %d MiB (%d rows) to %d MiB (%d rows): not flat (limit %d MiB)",
			small.rssMiB, small.rows, big.rssMiB, big.rows, limit)
	}
}

// writePadded writes n backup-panel rows, each with pad characters of change text.
func writePadded(t *testing.T, dir string, n, pad int) string {
	t.Helper()
	path := filepath.Join(dir, fmt.Sprintf("stream-%d.csv", n))
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 4<<20)
	w.WriteString(header)
	fill := strings.Repeat("z", pad)
	for i := 0; i < n; i++ {
		fmt.Fprintf(w, "%s,192.0.2.%d,user-%d,UPDATE,schedules,%d,note: a%s,note: b%s\n",
			genStart.Add(time.Duration(i)*time.Second).Format("2006-01-02 15:04:05"), i%250+1, i%97, i, fill, fill)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}
