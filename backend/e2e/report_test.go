package e2e_test

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

type countRow struct {
	Key   string `json:"key"`
	Count int64  `json:"count"`
}

type flagOut struct {
	Rule     string  `json:"rule"`
	RuleText string  `json:"rule_text"`
	User     string  `json:"user"`
	Count    int64   `json:"count"`
	EventIDs []int64 `json:"event_ids"`
}

// backupLog writes a backup-panel "Users activity" log (times in UTC): a day of
// mixed activity every 37 minutes, plus a burst of 6 deletions by "cleaner".
func backupLog(t *testing.T) (string, [][]string) {
	t.Helper()
	users := []string{"admin", "j.kowalski", "backup-bot", "m.rossi"}
	actions := []string{"UPDATE", "INSERT", "EXECUTE", "DELETE"}
	rows := [][]string{{"Date", "IP Addr", "Username", "Action", "Page", "ID", "Old values", "New values"}}
	start := time.Date(2024, 3, 30, 12, 0, 0, 0, time.UTC)
	for i := 0; i < 240; i++ {
		at := start.Add(time.Duration(i*37) * time.Minute)
		rows = append(rows, []string{at.Format("2006-01-02 15:04:05"), fmt.Sprintf("192.0.2.%d", i%5), users[i%len(users)],
			actions[(i/3)%len(actions)], "schedules", fmt.Sprint(i), "", ""})
	}
	for i := 0; i < 6; i++ {
		at := time.Date(2024, 4, 2, 10, i, 0, 0, time.UTC)
		rows = append(rows, []string{at.Format("2006-01-02 15:04:05"), "192.0.2.99", "cleaner", "DELETE", "storages", fmt.Sprint(900 + i), "name: old", ""})
	}
	p := filepath.Join(t.TempDir(), "users-activity.csv")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	w := csv.NewWriter(f)
	w.WriteAll(rows)
	if err := f.Close(); err != nil || w.Error() != nil {
		t.Fatal(err, w.Error())
	}
	return p, rows[1:]
}

func TestReportCommands(t *testing.T) {
	db := filepath.Join(t.TempDir(), "w.trailbook")
	file, rows := backupLog(t)
	var res []importResult
	runJSON(t, db, &res, 0, "import", file)
	if len(res) != 1 || res[0].Inserted != int64(len(rows)) {
		t.Fatalf("import %+v", res)
	}
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	byUser, byDay := map[string]int64{}, map[string]int64{}
	var april1 int64
	for _, r := range rows {
		at, _ := time.Parse("2006-01-02 15:04:05", r[0])
		byUser[r[2]]++
		byDay[at.In(tokyo).Format("2006-01-02")]++
		if d := at.In(tokyo).Format("2006-01-02"); d == "2024-04-01" && r[2] == "admin" {
			april1++
		}
	}
	check := func(what string, got []countRow, want map[string]int64) {
		t.Helper()
		if len(got) != len(want) {
			t.Errorf("%s: %d rows, want %d: %+v", what, len(got), len(want), got)
		}
		for _, c := range got {
			if want[c.Key] != c.Count {
				t.Errorf("%s: %s = %d, want %d", what, c.Key, c.Count, want[c.Key])
			}
		}
	}
	var counts []countRow
	runJSON(t, db, &counts, 0, "summary", "--by", "user")
	check("by user", counts, byUser)
	runJSON(t, db, &counts, 0, "summary", "--by", "day", "--tz", "Asia/Tokyo")
	check("by day in Tokyo", counts, byDay)

	// report json to stdout: the filtered events, each once.
	out, stderr, code := run(t, db, "report", "--format", "json", "--out", "-", "--user", "ADMIN", "--from", "2024-04-01", "--to", "2024-04-01", "--tz", "Asia/Tokyo")
	if code != 0 {
		t.Fatalf("report: exit %d: %s", code, stderr)
	}
	var evs []struct {
		ID         int64     `json:"id"`
		ActorName  string    `json:"actor_name"`
		OccurredAt time.Time `json:"occurred_at"`
	}
	if err := json.Unmarshal([]byte(out), &evs); err != nil {
		t.Fatalf("report json: %v\n%s", err, out)
	}
	seen := map[int64]bool{}
	for _, e := range evs {
		if seen[e.ID] || e.ActorName != "admin" || e.OccurredAt.In(tokyo).Format("2006-01-02") != "2024-04-01" {
			t.Errorf("report event %+v", e)
		}
		seen[e.ID] = true
	}
	if int64(len(evs)) != april1 || april1 == 0 {
		t.Errorf("report: %d events, want %d", len(evs), april1)
	}

	// flags: the burst of deletions is flagged with its 6 events.
	var flags []flagOut
	runJSON(t, db, &flags, 0, "flags", "--delete-burst", "5", "--delete-window", "10m")
	found := false
	for _, f := range flags {
		if f.Rule == "delete_burst" {
			if f.User != "cleaner" || f.Count != 6 || len(f.EventIDs) != 6 || f.RuleText == "" {
				t.Errorf("delete burst flag %+v", f)
			}
			found = true
		}
	}
	if !found {
		t.Errorf("no delete burst flagged: %+v", flags)
	}

	// A saved report runs again by name.
	if _, stderr, code := run(t, db, "saved", "save", "deletions", "--kind", "delete"); code != 0 {
		t.Fatalf("saved save: %s", stderr)
	}
	runJSON(t, db, &counts, 0, "summary", "--saved", "deletions", "--by", "kind")
	var dels int64
	for _, r := range rows {
		if r[3] == "DELETE" {
			dels++
		}
	}
	if len(counts) != 1 || counts[0].Key != "delete" || counts[0].Count != dels {
		t.Errorf("saved report summary %+v, want delete %d", counts, dels)
	}

	// Bad input says what is wrong.
	if _, stderr, code := run(t, db, "summary", "--tz", "Mars/Base"); code != 1 || !strings.Contains(stderr, `zone "Mars/Base"`) {
		t.Errorf("bad zone: exit %d, %s", code, stderr)
	}
	if _, stderr, code := run(t, db, "report", "--out", "x.pdf"); code != 2 || !strings.Contains(stderr, "use csv, xlsx or json") {
		t.Errorf("bad format: exit %d, %s", code, stderr)
	}
	if _, stderr, code := run(t, db, "summary", "--ip", "300.1.1.1/8"); code != 1 || !strings.Contains(stderr, "CIDR") {
		t.Errorf("bad CIDR: exit %d, %s", code, stderr)
	}
}
