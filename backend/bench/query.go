package main

import (
	"context"
	"fmt"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"time"

	"trailbook/backend/report"
	"trailbook/backend/workspace"
)

// queryBench times the report queries of the desktop and CLI on the imported
// workspace, each next to a reference: the plain SQL a person would write, run
// through the sqlite3 CLI in the same run on the same file.
func queryBench(ctx context.Context, db string) error {
	ws, err := workspace.Open(ctx, db)
	if err != nil {
		return err
	}
	defer ws.Close()
	t0 := time.Now()
	if _, err := ws.Count(ctx, report.Spec{}); err != nil { // builds the rollups once
		return err
	}
	fmt.Printf("\nrollups built after the import in %.2f s\n", time.Since(t0).Seconds())

	const user = "ana.silva0@example.com"
	ms := func(s string) int64 {
		t, _ := time.Parse(time.DateOnly, s)
		return t.UnixMilli()
	}
	// Find the cursor 50,000 rows deep by paging there, as the UI would.
	spec := report.Spec{}
	cursor := ""
	for i := 0; i < 500; i++ {
		p, err := ws.Query(ctx, spec, report.PageRequest{Cursor: cursor, Limit: 100})
		if err != nil {
			return err
		}
		cursor = p.Next
	}
	last, err := ws.Query(ctx, spec, report.PageRequest{Cursor: cursor, Limit: 100})
	if err != nil || len(last.Events) == 0 {
		return fmt.Errorf("deep page: %v", err)
	}
	deepAt, deepID := last.Events[0].OccurredAt.UnixMilli(), last.Events[0].ID+1

	cases := []struct {
		name string
		run  func() (int, error)
		ref  string
	}{
		{"first page, March + one user", func() (int, error) {
			p, err := ws.Query(ctx, report.Spec{From: "2024-03-01", To: "2024-03-31", Users: []string{user}}, report.PageRequest{Limit: 100})
			return len(p.Events), err
		}, fmt.Sprintf(`SELECT * FROM events WHERE occurred_at >= %d AND occurred_at < %d AND actor_key = '%s' AND system <> 'trailbook' ORDER BY occurred_at DESC, id DESC LIMIT 100`,
			ms("2024-03-01"), ms("2024-04-01"), user)},
		{"page 50,000 rows deep (keyset)", func() (int, error) {
			p, err := ws.Query(ctx, spec, report.PageRequest{Cursor: cursor, Limit: 100})
			return len(p.Events), err
		}, fmt.Sprintf(`SELECT * FROM events WHERE system <> 'trailbook' AND occurred_at <= %d AND (occurred_at < %d OR id < %d) ORDER BY occurred_at DESC, id DESC LIMIT 100`,
			deepAt, deepAt, deepID)},
		{"page 50,000 rows deep (OFFSET, reference only)", nil,
			`SELECT * FROM events WHERE system <> 'trailbook' ORDER BY occurred_at DESC, id DESC LIMIT 100 OFFSET 50000`},
		{"keyword search 'pipelines', newest first", func() (int, error) {
			p, err := ws.Query(ctx, report.Spec{Search: "pipelines"}, report.PageRequest{Limit: 100})
			return len(p.Events), err
		}, `SELECT * FROM events WHERE id IN (SELECT rowid FROM events_fts WHERE events_fts MATCH 'pipelines') AND system <> 'trailbook' ORDER BY occurred_at DESC, id DESC LIMIT 100`},
		{"summary by user, March", func() (int, error) {
			c, err := ws.Summary(ctx, report.Spec{From: "2024-03-01", To: "2024-03-31"}, report.ByUser)
			return len(c), err
		}, fmt.Sprintf(`SELECT actor_key, count(*) FROM events WHERE occurred_at >= %d AND occurred_at < %d AND system <> 'trailbook' GROUP BY 1`, ms("2024-03-01"), ms("2024-04-01"))},
		{"summary by user, year 2024", func() (int, error) {
			c, err := ws.Summary(ctx, report.Spec{From: "2024-01-01", To: "2024-12-31"}, report.ByUser)
			return len(c), err
		}, fmt.Sprintf(`SELECT actor_key, count(*) FROM events WHERE occurred_at >= %d AND occurred_at < %d AND system <> 'trailbook' GROUP BY 1`, ms("2024-01-01"), ms("2025-01-01"))},
		{"summary by day, year 2024", func() (int, error) {
			c, err := ws.Summary(ctx, report.Spec{From: "2024-01-01", To: "2024-12-31"}, report.ByDay)
			return len(c), err
		}, fmt.Sprintf(`SELECT occurred_at / 86400000, count(*) FROM events WHERE occurred_at >= %d AND occurred_at < %d AND system <> 'trailbook' GROUP BY 1`, ms("2024-01-01"), ms("2025-01-01"))},
		{"summary by day, year 2024, Europe/Bucharest", func() (int, error) {
			c, err := ws.Summary(ctx, report.Spec{From: "2024-01-01", To: "2024-12-31", Zone: "Europe/Bucharest"}, report.ByDay)
			return len(c), err
		}, ""},
		{"count, March + one user", func() (int, error) {
			n, err := ws.Count(ctx, report.Spec{From: "2024-03-01", To: "2024-03-31", Users: []string{user}})
			return int(n), err
		}, ""},
	}
	fmt.Printf("\n%-46s %12s %12s %8s %14s\n", "query on "+db[strings.LastIndex(db, "/")+1:], "best ms", "median ms", "rows", "sqlite3 CLI ms")
	for _, c := range cases {
		var times []time.Duration
		rows := 0
		if c.run != nil {
			for i := 0; i < 7; i++ {
				t := time.Now()
				n, err := c.run()
				if err != nil {
					return fmt.Errorf("%s: %w", c.name, err)
				}
				times = append(times, time.Since(t))
				rows = n
			}
			slices.Sort(times)
		}
		ref := "-"
		if c.ref != "" {
			r, err := sqliteTime(ctx, db, c.ref)
			if err != nil {
				return fmt.Errorf("%s reference: %w", c.name, err)
			}
			ref = fmt.Sprintf("%.1f", r)
		}
		if times == nil {
			fmt.Printf("%-46s %12s %12s %8s %14s\n", c.name, "-", "-", "-", ref)
			continue
		}
		fmt.Printf("%-46s %12.2f %12.2f %8d %14s\n", c.name, msOf(times[0]), msOf(times[len(times)/2]), rows, ref)
	}
	return nil
}

func msOf(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// sqliteTime runs query three times in the sqlite3 CLI and returns its best
// "Run Time: real" in milliseconds.
func sqliteTime(ctx context.Context, db, query string) (float64, error) {
	script := ".timer on\n" + strings.Repeat(query+";\n", 3)
	cmd := exec.CommandContext(ctx, "sqlite3", "-readonly", db)
	cmd.Stdin = strings.NewReader(script)
	out, err := cmd.Output()
	if err != nil {
		return 0, err
	}
	best := -1.0
	for _, line := range strings.Split(string(out), "\n") {
		if rest, ok := strings.CutPrefix(line, "Run Time: real "); ok {
			f, err := strconv.ParseFloat(strings.Fields(rest)[0], 64)
			if err == nil && (best < 0 || f*1000 < best) {
				best = f * 1000
			}
		}
	}
	if best < 0 {
		return 0, fmt.Errorf("no timing in sqlite3 output")
	}
	return best, nil
}
