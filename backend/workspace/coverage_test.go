package workspace_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"trailbook/backend/workspace"
)

// backupPanelDays writes a backup-panel export with one event at noon UTC on each day
// from start to end, inclusive.
func backupPanelDays(t *testing.T, name string, start, end time.Time) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("Date,IP Addr,Username,Action,Page,ID,Old values,New values\n")
	for d := start; !d.After(end); d = d.AddDate(0, 0, 1) {
		fmt.Fprintf(&b, "%s,192.0.2.1,ana,UPDATE,schedules,1,a: 1,a: 2\n", d.Add(12*time.Hour).Format("2006-01-02 15:04:05"))
	}
	return writeCSV(t, name, b.String())
}

func TestCoverage(t *testing.T) {
	ctx := context.Background()
	ws := open(t)
	date := func(s string) time.Time {
		d, err := time.Parse(time.DateOnly, s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	files := []workspace.ImportFile{
		// Imported out of order on purpose; the second overlaps the first.
		{Path: backupPanelDays(t, "c.csv", date("2024-02-21"), date("2024-02-29"))},
		{Path: backupPanelDays(t, "a.csv", date("2024-02-01"), date("2024-02-10"))},
		{Path: backupPanelDays(t, "b.csv", date("2024-02-08"), date("2024-02-13"))},
		// The next day: adjacent, no gap.
		{Path: backupPanelDays(t, "d.csv", date("2024-03-01"), date("2024-03-02"))},
		// One day missing: 2024-03-03.
		{Path: backupPanelDays(t, "e.csv", date("2024-03-04"), date("2024-03-04"))},
	}
	for _, r := range ws.Import(ctx, files, nil) {
		if r.Error != "" {
			t.Fatal(r.Error)
		}
	}
	// A mapped file of another system, one day.
	other := writeCSV(t, "o.csv", "Date,Event\n2024-05-05 10:00:00,Login\n")
	if r := ws.Import(ctx, []workspace.ImportFile{{Path: other, Zone: "UTC", Map: map[string]string{"time": "Date", "action": "Event"}}}, nil); r[0].Error != "" {
		t.Fatal(r[0].Error)
	}
	cov, err := ws.Coverage(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(cov) != 2 || cov[0].System != "backup-panel" || cov[1].System != "o" {
		t.Fatalf("coverage %+v", cov)
	}
	bp := cov[0]
	if bp.FromUTC != "2024-02-01T12:00:00Z" || bp.ToUTC != "2024-03-04T12:00:00Z" || bp.Batches != 5 {
		t.Errorf("backup-panel period %s .. %s, %d batches", bp.FromUTC, bp.ToUTC, bp.Batches)
	}
	var got []string
	for _, g := range bp.Gaps {
		got = append(got, fmt.Sprintf("%s..%s %d %s %s | %s", g.FromDay, g.ToDay, g.Days, g.FromUTC, g.ToUTC, g.Message))
	}
	want := []string{
		"2024-02-14..2024-02-20 7 2024-02-13T12:00:00Z 2024-02-21T12:00:00Z | no data from 2024-02-14 to 2024-02-20 for backup-panel",
		"2024-03-03..2024-03-03 1 2024-03-02T12:00:00Z 2024-03-04T12:00:00Z | no data on 2024-03-03 for backup-panel",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("gaps:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(cov[1].Gaps) != 0 || cov[1].Batches != 1 {
		t.Errorf("other system %+v", cov[1])
	}
}
