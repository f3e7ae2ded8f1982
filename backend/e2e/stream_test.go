//go:build unix

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

// TestStreamingMemoryQuick is the quick form of TestStreamingMemoryFlat: 30,000
// and 300,000 short rows. Between these sizes SQLite's page cache still fills up,
// so the bound is looser than the stress test's; a sort or a search-index buffer
// that grows with the data (as they once did: +68 MiB here) still breaks it.
func TestStreamingMemoryQuick(t *testing.T) {
	small, big := measureStreaming(t, t.TempDir(), 30_000, 50)
	if limit := small.rssMiB + 40; big.rssMiB > limit {
		t.Errorf("peak RSS grew from %d MiB (%d rows) to %d MiB (%d rows): not flat (limit %d MiB)",
			small.rssMiB, small.rows, big.rssMiB, big.rows, limit)
	}
}

type streamPoint struct {
	rows     int
	rssMiB   int64
	inserted int64
	stored   int64
}

// measureStreaming imports a file of n rows and one of ten times as many into
// fresh workspaces and returns each import's peak RSS. Every row must be
// inserted, stored and the ledger verified.
func measureStreaming(t *testing.T, dir string, n, pad int) (small, big streamPoint) {
	t.Helper()
	var pts []streamPoint
	for _, rows := range []int{n, 10 * n} {
		path := writePadded(t, dir, rows, pad)
		st, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		db := filepath.Join(dir, fmt.Sprintf("w%d.trailbook", rows))
		began := time.Now()
		out, stderr, code, rss := runMeasured(t, db, "import", "--json", path)
		took := time.Since(began)
		if code != 0 {
			t.Fatalf("import of %d rows: %s\n%s", rows, stderr, out)
		}
		var res []importResult
		if err := jsonUnmarshal([]byte(out), &res); err != nil {
			t.Fatal(err)
		}
		stats := mustStats(t, db)
		if v := mustVerify(t, db); !v.OK {
			t.Errorf("%d rows: the ledger does not verify", rows)
		}
		p := streamPoint{rows, rss, res[0].Inserted, stats.BySystem["backup-panel"]}
		if p.inserted != int64(rows) || p.stored != int64(rows) {
			t.Errorf("%d rows: inserted %d, stored %d", rows, p.inserted, p.stored)
		}
		pts = append(pts, p)
		os.Remove(path)
		os.Remove(db)
		t.Logf("%d rows, %d MB: peak RSS %d MiB, %v (%.0f rows/s)",
			rows, st.Size()>>20, rss, took.Round(time.Millisecond), float64(rows)/took.Seconds())
	}
	return pts[0], pts[1]
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
