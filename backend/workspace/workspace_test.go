package workspace_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"trailbook/backend/workspace"
)

func TestMain(m *testing.M) {
	os.Setenv("TZ", "America/Los_Angeles")
	os.Exit(m.Run())
}

func open(t *testing.T) *workspace.Workspace {
	t.Helper()
	ws, err := workspace.Open(context.Background(), filepath.Join(t.TempDir(), "sub", "w.trailbook"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ws.Close() })
	return ws
}

// backupPanel writes a backup-panel export of n rows, one minute apart.
func backupPanel(t *testing.T, n int) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("Date,IP Addr,Username,Action,Page,ID,Old values,New values\n")
	start := time.Date(2024, 2, 10, 0, 0, 0, 0, time.UTC)
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "%s,192.0.2.%d,user%d,UPDATE,schedules,%d,retention: %d,retention: %d\n",
			start.Add(time.Duration(i)*time.Minute).Format("2006-01-02 15:04:05"), i%250, i%7, i, i, i+1)
	}
	p := filepath.Join(t.TempDir(), "users-activity.csv")
	if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestImportProgressAndStats(t *testing.T) {
	ws := open(t)
	file := backupPanel(t, 3000)
	var calls int
	var last workspace.Progress
	var stages []string // each stage once, in the order first reported
	res := ws.Import(context.Background(), []workspace.ImportFile{{Path: file}}, func(p workspace.Progress) {
		calls++
		last = p
		if len(stages) == 0 || stages[len(stages)-1] != p.Stage {
			stages = append(stages, p.Stage)
		}
	})
	if len(res) != 1 || res[0].Error != "" {
		t.Fatalf("import: %+v", res)
	}
	r := res[0]
	if r.Profile != "backup-panel" || r.Rows != 3000 || r.Inserted != 3000 {
		t.Errorf("got profile %s rows %d inserted %d", r.Profile, r.Rows, r.Inserted)
	}
	if calls == 0 || last.Bytes != last.TotalBytes || last.Rows != 3000 {
		t.Errorf("progress: %d calls, last %+v", calls, last)
	}
	// A small file may be read before the first 100 ms report: "reading" is optional.
	if got := strings.Join(stages, ","); got != "reading,indexing,done" && got != "indexing,done" {
		t.Errorf("stages reported: %s", got)
	}
	info, err := ws.Info(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if info.Events != 3000 || info.Batches != 1 || info.Users != 7 || info.BySystem["backup-panel"] != 3000 {
		t.Errorf("info = %+v", info)
	}
	if got, want := *info.FirstUTC, "2024-02-10T00:00:00Z"; got != want {
		t.Errorf("first = %s, want %s", got, want)
	}
}

func TestImportCancelLeavesNothing(t *testing.T) {
	ws := open(t)
	file := backupPanel(t, 50000)
	ctx, cancel := context.WithCancel(context.Background())
	res := ws.Import(ctx, []workspace.ImportFile{{Path: file}}, func(p workspace.Progress) {
		if p.Rows > 0 {
			cancel()
		}
	})
	cancel()
	if res[0].Error == "" {
		t.Fatalf("a cancelled import reported success: %+v", res[0])
	}
	info, err := ws.Info(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if info.Events != 0 || info.Batches != 0 {
		t.Errorf("cancelled import left data: %+v", info)
	}
	v, err := ws.Verify(context.Background())
	if err != nil || !v.OK {
		t.Errorf("verify after cancel: %+v %v", v, err)
	}
	// The failed attempt is recorded as Trailbook's own event.
	if info.BySystem["trailbook"] == 0 {
		t.Errorf("the failed import was not recorded: %+v", info.BySystem)
	}
}

func TestImportErrors(t *testing.T) {
	ws := open(t)
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.csv")
	os.WriteFile(empty, nil, 0o644)
	unknown := filepath.Join(dir, "unknown.csv")
	os.WriteFile(unknown, []byte("a,b,c\n1,2,3\n"), 0o644)
	res := ws.Import(context.Background(), []workspace.ImportFile{
		{Path: empty}, {Path: unknown}, {Path: filepath.Join(dir, "missing.csv")},
		{Path: backupPanel(t, 3), Zone: "Mars/Olympus"},
	}, nil)
	wants := []string{"empty", "--profile", "missing.csv", "Mars/Olympus"}
	for i, want := range wants {
		if !strings.Contains(res[i].Error, want) {
			t.Errorf("file %d: error %q does not mention %q", i, res[i].Error, want)
		}
	}
	plans := ws.Inspect([]string{unknown})
	if len(plans) != 1 || plans[0].Profile != "" || len(plans[0].Header) != 3 {
		t.Errorf("inspect unknown: %+v", plans)
	}
}
