package session_test

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"trailbook/backend/session"
	"trailbook/backend/workspace"
)

const profiles = "../ingest/testdata/profiles/"

func newSession(t *testing.T, emit func(string, any)) (*session.Session, string, string) {
	t.Helper()
	dir := t.TempDir()
	cfg := filepath.Join(dir, "config")
	path := filepath.Join(dir, "first.trailbook")
	s := session.New(context.Background(), session.Options{Path: path, ConfigDir: cfg, Emit: emit})
	t.Cleanup(func() { session.Close(s) })
	return s, path, cfg
}

// recorder keeps the payloads the session emits under one event name, from any goroutine.
type recorder[T any] struct {
	name string
	mu   sync.Mutex
	got  []T
}

func (r *recorder[T]) emit(name string, payload any) {
	if name != r.name {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.got = append(r.got, payload.(T))
}

// all is a copy of what has been recorded so far.
func (r *recorder[T]) all() []T {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.got)
}

// dataLines counts the non-empty lines after the header: an independent count of rows
// in files without quoted newlines.
func dataLines(t *testing.T, path string) int64 {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var n int64
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if strings.TrimSpace(sc.Text()) != "" {
			n++
		}
	}
	return n - 1
}

func TestWorkspacesOpenCreateRecent(t *testing.T) {
	s, first, cfg := newSession(t, nil)
	info, err := s.Workspace()
	if err != nil {
		t.Fatal(err)
	}
	if info.Path != first {
		t.Fatalf("opened %s, want %s", info.Path, first)
	}
	second := filepath.Join(filepath.Dir(first), "second")
	info, err = s.CreateWorkspace(session.PathParams{Path: second})
	if err != nil {
		t.Fatal(err)
	}
	if want := second + ".trailbook"; info.Path != want {
		t.Fatalf("created %s, want %s", info.Path, want)
	}
	if _, err := s.CreateWorkspace(session.PathParams{Path: second + ".trailbook"}); err == nil || !strings.Contains(err.Error(), "exists already") {
		t.Fatalf("creating over an existing file: %v", err)
	}
	if _, err := s.OpenWorkspace(session.PathParams{Path: filepath.Join(filepath.Dir(first), "missing.trailbook")}); err == nil {
		t.Fatal("opening a missing file worked")
	}
	if _, err := s.OpenWorkspace(session.PathParams{Path: first}); err != nil {
		t.Fatal(err)
	}
	recent, err := s.RecentWorkspaces()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range recent {
		got = append(got, r.Name)
		if !r.Exists {
			t.Errorf("%s: exists = false", r.Path)
		}
	}
	if want := "first.trailbook,second.trailbook"; strings.Join(got, ",") != want {
		t.Fatalf("recent = %v, want %s (newest first, no repeats)", got, want)
	}
	// The file on disk is plain JSON and no temp file is left beside it.
	b, err := os.ReadFile(filepath.Join(cfg, "recent.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatalf("recent.json: %v", err)
	}
	entries, _ := os.ReadDir(cfg)
	if len(entries) != 1 {
		t.Fatalf("config folder holds %d files, want only recent.json", len(entries))
	}
	os.Remove(second + ".trailbook")
	recent, _ = s.RecentWorkspaces()
	if recent[1].Exists {
		t.Fatal("a deleted workspace is still listed as existing")
	}
}

func TestImportRejectsRetentionPurge(t *testing.T) {
	progress := &recorder[session.ImportProgress]{name: session.EventImportProgress}
	s, _, _ := newSession(t, progress.emit)
	good, _ := filepath.Abs(profiles + "backup-panel/basic.csv")
	odd, _ := filepath.Abs(profiles + "2checkout/odd-rows.csv")
	plans, err := s.Inspect(session.InspectParams{Paths: []string{good, odd}})
	if err != nil {
		t.Fatal(err)
	}
	if plans[0].Profile != "backup-panel" || plans[1].Profile != "2checkout" || !plans[1].NeedsZone {
		t.Fatalf("plans = %+v", plans)
	}
	res, err := s.Import(session.ImportParams{JobID: "j1", Files: []workspace.ImportFile{
		{Path: good}, {Path: odd, Zone: "Europe/Bucharest"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		if r.Error != "" {
			t.Fatalf("%s: %s", r.File, r.Error)
		}
	}
	if want := dataLines(t, good); res[0].Inserted != want || res[0].Rejected != 0 {
		t.Fatalf("backup-panel: inserted %d rejected %d, want %d and 0", res[0].Inserted, res[0].Rejected, want)
	}
	wantRejects, wantSkips := goldenRejects(t, profiles+"2checkout/odd-rows.golden.json")
	if res[1].Rejected != int64(len(wantRejects)) || res[1].BatchID == 0 {
		t.Fatalf("odd rows: %d rejected, want %d", res[1].Rejected, len(wantRejects))
	}
	if events := progress.all(); len(events) == 0 || events[len(events)-1].JobID != "j1" || events[len(events)-1].Files != 2 {
		t.Fatalf("progress events: %+v", events)
	}

	batches, err := s.Batches()
	if err != nil {
		t.Fatal(err)
	}
	var oddBatch workspace.Batch
	for _, b := range batches {
		if b.FileName == "odd-rows.csv" {
			oddBatch = b
		}
		if len(b.SHA256) != 64 {
			t.Errorf("%s: sha256 %q", b.FileName, b.SHA256)
		}
	}
	rejects, err := s.Rejects(session.BatchParams{BatchID: oddBatch.ID})
	if err != nil {
		t.Fatal(err)
	}
	var lines, skips []int64
	for _, r := range rejects {
		if r.Skipped {
			skips = append(skips, r.Line)
		} else {
			lines = append(lines, r.Line)
		}
	}
	if fmt.Sprint(lines) != fmt.Sprint(wantRejects) || fmt.Sprint(skips) != fmt.Sprint(wantSkips) {
		t.Fatalf("reject lines %v skipped %v, want %v and %v", lines, skips, wantRejects, wantSkips)
	}
	// The CSV has a header row and one row per reject, in the same order.
	var buf strings.Builder
	if err := session.WriteRejectsCSV(s, oddBatch.ID, &buf); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(buf.String())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(wantRejects)+len(wantSkips)+1 || rows[0][1] != "line" || rows[1][0] != "odd-rows.csv" ||
		rows[1][1] != fmt.Sprint(wantRejects[0]) || rows[1][2] != "rejected" || rows[len(rows)-1][2] != "skipped" {
		t.Fatalf("rejects CSV:\n%s", buf.String())
	}

	// Retention: nothing set, then 30 days; every fixture event is older than that.
	ret, err := s.Retention()
	if err != nil || ret.Days != 0 || ret.CutoffUTC != nil {
		t.Fatalf("initial retention %+v, %v", ret, err)
	}
	ret, err = s.SetRetention(session.RetentionParams{Days: 30})
	if err != nil {
		t.Fatal(err)
	}
	total := res[0].Inserted + res[1].Inserted
	if ret.Days != 30 || ret.CutoffUTC == nil || ret.Due != total {
		t.Fatalf("retention %+v, want 30 days with %d due", ret, total)
	}
	if _, err := s.SetRetention(session.RetentionParams{Days: -1}); err == nil {
		t.Fatal("negative retention accepted")
	}
	plan, err := s.PlanPurge(session.PurgeParams{BeforeUTC: *ret.CutoffUTC})
	if err != nil || plan.Events != total {
		t.Fatalf("plan %+v, %v; want %d", plan, err, total)
	}
	if _, err := s.Purge(session.PurgeParams{BeforeUTC: *ret.CutoffUTC}); err == nil || !strings.Contains(err.Error(), "confirm") {
		t.Fatalf("unconfirmed purge: %v", err)
	}
	info, _ := s.Workspace()
	if info.Events != total {
		t.Fatalf("an unconfirmed purge deleted events: %d left of %d", info.Events, total)
	}
	pr, err := s.Purge(session.PurgeParams{BeforeUTC: *ret.CutoffUTC, Confirm: true})
	if err != nil || pr.Deleted != total {
		t.Fatalf("purge %+v, %v; want %d deleted", pr, err, total)
	}
	info, _ = s.Workspace()
	if info.Events != 0 || info.BySystem["trailbook"] == 0 {
		t.Fatalf("after purge: %+v", info)
	}
	v, err := s.Verify()
	if err != nil || !v.OK {
		t.Fatalf("verify after purge: %+v, %v", v, err)
	}
}

func goldenRejects(t *testing.T, path string) (rejects, skips []int64) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var g struct {
		Records []struct {
			Line   int64           `json:"line"`
			Reject json.RawMessage `json:"reject"`
			Skip   string          `json:"skip"`
		} `json:"records"`
	}
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatal(err)
	}
	for _, r := range g.Records {
		if len(r.Reject) > 0 {
			rejects = append(rejects, r.Line)
		}
		if r.Skip != "" {
			skips = append(skips, r.Line)
		}
	}
	return rejects, skips
}

// bigBackupCSV writes a backup-panel export of n rows.
func bigBackupCSV(t *testing.T, n int) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "big.csv")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "Date,IP Addr,Username,Action,Page,ID,Old values,New values")
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		fmt.Fprintf(w, "%s,192.0.2.%d,user%d,UPDATE,schedules,%d,a: 1,a: 2\n", start.Add(time.Duration(i)*time.Second).Format("2006-01-02 15:04:05"), i%250, i%97, i)
	}
	w.Flush()
	f.Close()
	return p
}

func TestCancelImportLeavesNothing(t *testing.T) {
	var s *session.Session
	var once sync.Once
	s, _, _ = newSession(t, func(name string, p any) {
		// Cancel as soon as the job reports progress: it is surely running then.
		once.Do(func() { go s.CancelJob(session.JobParams{JobID: "big"}) })
	})
	big := bigBackupCSV(t, 200_000)
	res, err := s.Import(session.ImportParams{JobID: "big", Files: []workspace.ImportFile{{Path: big}}})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(res[0].Error, "cancelled; this file left the workspace unchanged") {
		t.Fatalf("result after cancel: inserted %d, error %q", res[0].Inserted, res[0].Error)
	}
	info, _ := s.Workspace()
	if info.Events != 0 {
		t.Fatalf("a cancelled import left %d events", info.Events)
	}
	if bs, _ := s.Batches(); len(bs) != 0 && bs[0].Inserted != 0 {
		t.Fatalf("a cancelled import left a batch: %+v", bs)
	}
	// The id is free again once the job ended.
	if _, err := s.Import(session.ImportParams{JobID: "big", Files: []workspace.ImportFile{{Path: profiles + "backup-panel/basic.csv"}}}); err != nil {
		t.Fatal(err)
	}
}

func TestJobIDsAndSwitching(t *testing.T) {
	s, _, _ := newSession(t, nil)
	if _, err := s.Import(session.ImportParams{Files: []workspace.ImportFile{{Path: "x.csv"}}}); err == nil {
		t.Fatal("an import without a job id ran")
	}
	if _, err := s.Import(session.ImportParams{JobID: "j"}); err == nil {
		t.Fatal("an import without files ran")
	}
	if _, err := s.CreateWorkspace(session.PathParams{Path: "  "}); err == nil {
		t.Fatal("created a workspace with an empty name")
	}
	if err := s.CancelJob(session.JobParams{JobID: "never-started"}); err != nil {
		t.Fatalf("cancelling an ended job: %v", err)
	}
}

// Opening the workspace that is already open (by its path or through a link)
// keeps the one open: SQLite's locks on the file must hold, so another program
// still cannot take the workspace out of WAL mode under it.
func TestReopenSameWorkspaceKeepsLocks(t *testing.T) {
	if _, err := exec.LookPath("sqlite3"); err != nil {
		t.Fatal("the sqlite3 CLI is needed (make deps installs it)")
	}
	s, first, _ := newSession(t, nil)
	if _, err := s.Workspace(); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(t.TempDir(), "link.trailbook")
	if err := os.Symlink(first, link); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{first, link} {
		info, err := s.OpenWorkspace(session.PathParams{Path: p})
		if err != nil {
			t.Fatal(err)
		}
		if info.Path != first {
			t.Fatalf("reopening %s gave %s, want %s", p, info.Path, first)
		}
	}
	if _, err := s.Workspace(); err != nil { // the session goes on using it
		t.Fatal(err)
	}
	out, err := exec.Command("sqlite3", first, "PRAGMA journal_mode=DELETE;").CombinedOutput()
	if err == nil && strings.TrimSpace(string(out)) == "delete" {
		t.Fatal("another program switched the open workspace out of WAL mode: this process's locks were dropped")
	}
}
