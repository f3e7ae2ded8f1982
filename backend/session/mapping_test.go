package session_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"trailbook/backend/session"
	"trailbook/backend/workspace"
)

// refSession is a session whose file references are "ref:NAME", resolved inside dir the
// way serve mode resolves upload ids: a plain path is refused.
func refSession(t *testing.T) (*session.Session, string) {
	t.Helper()
	dir := t.TempDir()
	resolve := func(ref string) (string, error) {
		name, ok := strings.CutPrefix(ref, "ref:")
		if !ok {
			return "", fmt.Errorf("%q is not a reference", ref)
		}
		return filepath.Join(dir, name), nil
	}
	s := session.New(context.Background(), session.Options{
		Path: filepath.Join(dir, "w.trailbook"), ConfigDir: filepath.Join(dir, "config"), Resolve: resolve,
	})
	t.Cleanup(func() { session.Close(s) })
	return s, dir
}

const shiftsHeader = "Shift,Logged,Operator,What happened,Workstation\n"

func TestMappingWizardThroughReferences(t *testing.T) {
	s, dir := refSession(t)
	write := func(name, body string) string {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(shiftsHeader+body), 0o644); err != nil {
			t.Fatal(err)
		}
		return "ref:" + name
	}
	jan := write("shifts-jan.csv", "S-1,2024-01-10 08:00,maria,Deleted rota,198.51.100.7\nS-2,2024-01-12 17:30,ion,Exported rota,198.51.100.8\n")
	feb := write("shifts-feb.csv", "S-3,2024-01-20 09:15,maria,Created rota,198.51.100.7\n")

	// A plain path is not a reference: every method resolves what it is given.
	if _, err := s.SuggestMapping(session.FileParams{Path: filepath.Join(dir, "shifts-jan.csv")}); err == nil || !strings.Contains(err.Error(), "not a reference") {
		t.Fatalf("a plain path was read: %v", err)
	}
	sug, err := s.SuggestMapping(session.FileParams{Path: jan})
	if err != nil {
		t.Fatal(err)
	}
	if len(sug.Candidates) != 0 || sug.Map["time"] != "Logged" || sug.Map["ip"] != "Workstation" || sug.File != "shifts-jan.csv" {
		t.Fatalf("suggestion: candidates %v map %v file %s", sug.Candidates, sug.Map, sug.File)
	}

	mapping := map[string]string{"time": "Logged", "actor": "Operator", "action": "What happened", "ip": "Workstation", "target_ref": "Shift"}
	file := workspace.ImportFile{Path: jan, Zone: "Europe/Bucharest", Map: mapping}
	pv, err := s.PreviewImport(workspace.PreviewParams{File: file, Rows: 5})
	if err != nil {
		t.Fatal(err)
	}
	// 08:00 in Bucharest in January (UTC+2) is 06:00 UTC.
	if len(pv.Records) != 2 || pv.SourceZone != "Europe/Bucharest" {
		t.Fatalf("preview: %d records, zone %s", len(pv.Records), pv.SourceZone)
	}
	ev := pv.Records[0].Event
	if got := ev.OccurredAt.UTC().Format("2006-01-02 15:04"); got != "2024-01-10 06:00" || ev.ActorName != "maria" || ev.TargetRef != "S-1" || ev.Kind != "delete" {
		t.Fatalf("first previewed row: %s %+v", got, ev)
	}
	if _, err := s.PreviewImport(workspace.PreviewParams{File: workspace.ImportFile{Path: "ref:missing.csv", Map: mapping}}); err == nil {
		t.Fatal("previewing a missing file worked")
	}
	if _, err := s.SaveMappedProfile(workspace.SaveProfileParams{File: file}); err == nil {
		t.Fatal("a profile without a name was saved")
	}
	info, err := s.SaveMappedProfile(workspace.SaveProfileParams{File: file, Name: "Shift log"})
	if err != nil {
		t.Fatal(err)
	}
	if info.ID != "shift-log" || info.Builtin || info.NeedsZone || info.DefaultZone != "Europe/Bucharest" {
		t.Fatalf("saved profile %+v", info)
	}

	// Both files now fit the saved profile with no mapping and no zone to ask.
	plans, err := s.Inspect(session.InspectParams{Paths: []string{jan, feb}})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range plans {
		if p.Profile != "shift-log" || p.NeedsZone || !strings.HasPrefix(p.Path, "ref:") {
			t.Fatalf("plan %+v", p)
		}
	}
	res, err := s.Import(session.ImportParams{JobID: "m", Files: []workspace.ImportFile{{Path: jan}, {Path: feb}}})
	if err != nil {
		t.Fatal(err)
	}
	if res[0].Error != "" || res[1].Error != "" || res[0].Inserted != 2 || res[1].Inserted != 1 ||
		res[0].FirstUTC == nil || *res[0].FirstUTC != "2024-01-10T06:00:00Z" {
		t.Fatalf("import (read in the saved zone): %+v", res)
	}

	// January 12 to January 20: the 13th to the 19th have no file.
	cov, err := s.Coverage()
	if err != nil {
		t.Fatal(err)
	}
	if len(cov) != 1 || cov[0].System != "shift-log" || cov[0].Batches != 2 || len(cov[0].Gaps) != 1 {
		t.Fatalf("coverage %+v", cov)
	}
	if g := cov[0].Gaps[0]; g.Message != "no data from 2024-01-13 to 2024-01-19 for shift-log" || g.Days != 7 {
		t.Fatalf("gap %+v", g)
	}

	// Share: export, delete, import back; built-in profiles stay.
	y, err := s.ExportProfile(session.ProfileParams{ID: "shift-log"})
	if err != nil || !strings.Contains(y, "What happened") {
		t.Fatalf("export: %v\n%s", err, y)
	}
	if err := s.DeleteProfile(session.ProfileParams{ID: "shift-log"}); err != nil {
		t.Fatal(err)
	}
	if plans, _ := s.Inspect(session.InspectParams{Paths: []string{feb}}); plans[0].Profile != "" {
		t.Fatalf("a deleted profile still reads its file: %+v", plans[0])
	}
	back, err := s.ImportProfile(session.ProfileYAMLParams{YAML: y})
	if err != nil || back.ID != "shift-log" {
		t.Fatalf("import back: %+v %v", back, err)
	}
	if plans, _ := s.Inspect(session.InspectParams{Paths: []string{feb}}); plans[0].Profile != "shift-log" {
		t.Fatalf("an imported profile does not read its file: %+v", plans[0])
	}
	if err := s.DeleteProfile(session.ProfileParams{ID: "2checkout"}); err == nil {
		t.Fatal("a built-in profile was deleted")
	}
	if _, err := s.ExportProfile(session.ProfileParams{ID: "nope"}); err == nil {
		t.Fatal("exporting an unknown profile worked")
	}
	if _, err := s.ImportProfile(session.ProfileYAMLParams{YAML: "id: x\n"}); err == nil {
		t.Fatal("a broken profile was imported")
	}
}
