//go:build fixtures

package e2e_test

import (
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// TestRealSamples imports the real exports (TRAILBOOK_REAL_SAMPLES, default real-samples
// beside TRAILBOOK_FIXTURES) with the binary, each into its own workspace: every row
// lands, none is rejected, verify passes. Kinds are counted with the sqlite3 CLI.
func TestRealSamples(t *testing.T) {
	dir := os.Getenv("TRAILBOOK_REAL_SAMPLES")
	if dir == "" {
		dir = filepath.Join(filepath.Dir(os.Getenv("TRAILBOOK_FIXTURES")), "real-samples")
	}
	if _, err := os.Stat(dir); err != nil {
		t.Fatalf("real samples: %v (set TRAILBOOK_REAL_SAMPLES)", err)
	}
	tests := []struct {
		file, profile, system string
		rows                  int64
	}{
		{"microsoft365-purview/purview.csv", "microsoft365-audit", "microsoft365", 219},
		{"microsoft-entra-signins/InteractiveSignIns_2025-03-11_2025-03-18.csv", "entra-signins", "entra-id", 214},
		{"aws-cloudtrail/event_history.csv", "aws-cloudtrail", "aws", 838},
	}
	for _, tt := range tests {
		t.Run(tt.profile, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "w.trailbook")
			var res []importResult
			runJSON(t, db, &res, 0, "import", filepath.Join(dir, tt.file))
			r := res[0]
			if r.Profile != tt.profile || r.Rows != tt.rows || r.Inserted != tt.rows || r.Rejected != 0 {
				t.Errorf("profile %s rows %d inserted %d rejected %d; want %s %d %d 0", r.Profile, r.Rows, r.Inserted, r.Rejected, tt.profile, tt.rows, tt.rows)
			}
			var v verifyResult
			runJSON(t, db, &v, 0, "verify")
			if !v.OK {
				t.Errorf("verify %+v", v)
			}
			kinds := groupCount(t, db, "SELECT kind, count(*) FROM events WHERE system = '"+tt.system+"' GROUP BY kind")
			var total int64
			var parts []string
			for k, n := range kinds {
				total += n
				parts = append(parts, k+"="+strconv.FormatInt(n, 10))
			}
			sort.Strings(parts)
			if total != tt.rows {
				t.Errorf("sqlite3 counts %d events of %s, want %d", total, tt.system, tt.rows)
			}
			t.Logf("%s: %d events, %d rejects; kinds %s", tt.file, total, r.Rejected, strings.Join(parts, " "))
		})
	}
}
