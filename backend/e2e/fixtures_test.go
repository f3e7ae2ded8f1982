//go:build fixtures

package e2e_test

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// expected is the shape of the vendor fixtures' X.expected.json acceptance facts.
type expected struct {
	Profile               string             `json:"profile"`
	Rows                  int64              `json:"rows"`
	DistinctUsers         int64              `json:"distinct_users"`
	FirstUTC              string             `json:"first_utc"`
	LastUTC               string             `json:"last_utc"`
	SourceTimeZone        string             `json:"source_time_zone"`
	CountByRawAction      map[string]int64   `json:"count_by_raw_action"`
	CountByAction         map[string]int64   `json:"count_by_action"`
	CountByCategory       map[string]int64   `json:"count_by_category"`
	CountByModule         map[string]int64   `json:"count_by_module"`
	CountByPage           map[string]int64   `json:"count_by_page"`
	RefundTotalByCurrency map[string]float64 `json:"refund_total_by_currency"`
	Deletes               *int64             `json:"deletes"`
	EventsOnRecord        *struct {
		Ref   string `json:"ref"`
		Count int64  `json:"count"`
	} `json:"events_on_record"`
}

// TestFixtures imports every vendor fixture (TRAILBOOK_FIXTURES) into its own workspace with
// the real binary and checks the facts its .expected.json states. Counts are read with the
// sqlite3 CLI straight from the workspace file, not through Trailbook's own code.
func TestFixtures(t *testing.T) {
	root := os.Getenv("TRAILBOOK_FIXTURES")
	if root == "" {
		t.Fatal("set TRAILBOOK_FIXTURES to the vendor fixtures folder")
	}
	files, _ := filepath.Glob(filepath.Join(root, "*", "*.expected.json"))
	if len(files) == 0 {
		t.Fatalf("no *.expected.json under %s", root)
	}
	for _, ef := range files {
		csvPath := strings.TrimSuffix(ef, ".expected.json")
		t.Run(filepath.Base(csvPath), func(t *testing.T) {
			var want expected
			b, err := os.ReadFile(ef)
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(b, &want); err != nil {
				t.Fatal(err)
			}
			db := filepath.Join(t.TempDir(), "w.trailbook")
			args := []string{"import"}
			if want.SourceTimeZone != "" {
				args = append(args, "--tz", want.SourceTimeZone)
			}
			var res []importResult
			runJSON(t, db, &res, 0, append(args, csvPath)...)
			r := res[0]
			if r.Profile != want.Profile || r.Rows != want.Rows || r.Rejected != 0 {
				t.Errorf("profile %s rows %d rejected %d; want %s %d 0 (rejects %+v)", r.Profile, r.Rows, r.Rejected, want.Profile, want.Rows, r.Rejects)
			}
			if want.FirstUTC != "" && (deref(r.FirstUTC) != want.FirstUTC || deref(r.LastUTC) != want.LastUTC) {
				t.Errorf("period %s .. %s; want %s .. %s", deref(r.FirstUTC), deref(r.LastUTC), want.FirstUTC, want.LastUTC)
			}
			var st stats
			runJSON(t, db, &st, 0, "stats")
			if want.DistinctUsers != 0 && st.Users != want.DistinctUsers {
				t.Errorf("distinct users %d, want %d", st.Users, want.DistinctUsers)
			}
			sys := "system <> 'trailbook'"
			check := func(name, col string, want map[string]int64) {
				if len(want) == 0 {
					return
				}
				got := groupCount(t, db, fmt.Sprintf("SELECT %s, count(*) FROM events WHERE %s GROUP BY 1", col, sys))
				for k, n := range want {
					if got[k] != n {
						t.Errorf("%s[%q] = %d, want %d", name, k, got[k], n)
					}
				}
				if len(got) != len(want) {
					t.Errorf("%s has %d keys, want %d: %v", name, len(got), len(want), got)
				}
			}
			check("count_by_raw_action", "action", want.CountByRawAction)
			check("count_by_action", "action", want.CountByAction)
			check("count_by_category", "module", want.CountByCategory)
			check("count_by_module", "module", want.CountByModule)
			check("count_by_page", "module", want.CountByPage)
			if len(want.RefundTotalByCurrency) > 0 {
				got := groupCount(t, db, "SELECT currency, sum(amount_micros) FROM events WHERE kind = 'refund' GROUP BY 1")
				for cur, total := range want.RefundTotalByCurrency {
					if g := float64(got[cur]) / 1e6; math.Abs(g-total) > 1e-9 {
						t.Errorf("refund total %s = %v, want %v", cur, g, total)
					}
				}
			}
			if want.Deletes != nil {
				got := groupCount(t, db, "SELECT 'n', count(*) FROM events WHERE kind = 'delete' AND "+sys)
				if got["n"] != *want.Deletes {
					t.Errorf("deletes = %d, want %d", got["n"], *want.Deletes)
				}
			}
			if e := want.EventsOnRecord; e != nil {
				got := groupCount(t, db, fmt.Sprintf("SELECT 'n', count(*) FROM events WHERE target_ref = '%s' OR related_ref = '%s'", e.Ref, e.Ref))
				if got["n"] != e.Count {
					t.Errorf("events on %s = %d, want %d", e.Ref, got["n"], e.Count)
				}
			}
			var v verifyResult
			runJSON(t, db, &v, 0, "verify")
			if !v.OK {
				t.Errorf("verify: %+v", v)
			}
		})
	}
}

func groupCount(t *testing.T, db, q string) map[string]int64 {
	t.Helper()
	out, err := exec.Command("sqlite3", "-separator", "\t", db, q).CombinedOutput()
	if err != nil {
		t.Fatalf("sqlite3 %q: %s %v", q, out, err)
	}
	m := map[string]int64{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if line == "" {
			continue
		}
		k, v, _ := strings.Cut(line, "\t")
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			t.Fatalf("sqlite3 %q: bad count in %q", q, line)
		}
		m[k] = n
	}
	return m
}
