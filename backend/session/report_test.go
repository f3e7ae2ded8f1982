package session_test

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"trailbook/backend/report"
	"trailbook/backend/session"
	"trailbook/backend/workspace"
)

// readCSV reads a test file as records (header first): the independent view of the rows.
func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func importBasic(t *testing.T, s *session.Session) (string, [][]string) {
	t.Helper()
	path, _ := filepath.Abs(profiles + "backup-panel/basic.csv")
	res, err := s.Import(session.ImportParams{JobID: "imp", Files: []workspace.ImportFile{{Path: path}}})
	if err != nil || len(res) != 1 || res[0].Error != "" {
		t.Fatalf("import: %v %+v", err, res)
	}
	return path, readCSV(t, path)
}

func TestReportMethodsAgainstTheSourceFile(t *testing.T) {
	s, _, _ := newSession(t, nil)
	path, recs := importBasic(t, s)
	rows := recs[1:]

	n, err := s.Count(session.SpecParams{})
	if err != nil || n.Total != int64(len(rows)) {
		t.Fatalf("count %d (%v), the file has %d rows", n.Total, err, len(rows))
	}

	// Every row once, newest first, each naming its file.
	all, err := s.Query(session.QueryParams{Limit: 100})
	if err != nil || len(all.Events) != len(rows) || all.Next != "" {
		t.Fatalf("query: %d rows, next %q, %v", len(all.Events), all.Next, err)
	}
	for _, e := range all.Events {
		if e.File != filepath.Base(path) || e.Line < 2 {
			t.Fatalf("event %d: file %q line %d", e.ID, e.File, e.Line)
		}
	}
	// A jump by offset gives the rows the full page has there; the cursor pages on.
	jump, err := s.Query(session.QueryParams{Offset: 4, Limit: 3})
	if err != nil || len(jump.Events) != 3 || jump.Next == "" {
		t.Fatalf("jump: %d rows, next %q, %v", len(jump.Events), jump.Next, err)
	}
	for i, e := range jump.Events {
		if e.ID != all.Events[4+i].ID {
			t.Fatalf("jump row %d is event %d, want %d", i, e.ID, all.Events[4+i].ID)
		}
	}
	more, err := s.Query(session.QueryParams{Cursor: jump.Next, Limit: 2})
	if err != nil || len(more.Events) != 2 || more.Events[0].ID != all.Events[7].ID {
		t.Fatalf("after the jump: %+v %v", more.Events, err)
	}

	// The drill-down of the UPDATE on line 4 shows the change the source line holds.
	var id int64
	for _, e := range all.Events {
		if e.Line == 4 {
			id = e.ID
		}
	}
	d, err := s.Event(session.EventParams{ID: id})
	if err != nil {
		t.Fatal(err)
	}
	src := rows[4-2] // line 4 is the third data row
	if d.File != filepath.Base(path) || d.SHA256 == "" || d.Event.IP != src[1] || d.Event.ActorName+d.Event.ActorID == "" {
		t.Fatalf("detail %+v, source %v", d, src)
	}
	found := false
	for _, c := range d.Event.Changes {
		if c.Field == "retention" {
			found = true
			if !strings.Contains(src[6], "retention: "+c.Old) || !strings.Contains(src[7], "retention: "+c.New) || c.Old == c.New {
				t.Fatalf("change %+v does not match the source %q -> %q", c, src[6], src[7])
			}
		}
	}
	if !found {
		t.Fatalf("no retention change in %+v", d.Event.Changes)
	}

	// Summary by user counts what the file's Username column says.
	want := map[string]int64{}
	for _, r := range rows {
		want[strings.ToLower(r[2])]++
	}
	byUser, err := s.Summary(session.SummaryParams{By: report.ByUser})
	if err != nil {
		t.Fatal(err)
	}
	if len(byUser) != len(want) {
		t.Fatalf("users %+v, want %v", byUser, want)
	}
	for _, c := range byUser {
		if want[c.Key] != c.Count {
			t.Fatalf("user %q: %d, the file has %d", c.Key, c.Count, want[c.Key])
		}
	}
	if _, err := s.Summary(session.SummaryParams{By: "colour"}); err == nil {
		t.Fatal("an unknown dimension was accepted")
	}

	// Saved reports round trip.
	spec := report.Spec{Users: []string{"admin"}, Preset: report.PresetCustom, From: "2024-02-01", To: "2024-02-29"}
	if err := s.SaveReport(session.SaveReportParams{Name: " Admin in February ", Spec: spec}); err != nil {
		t.Fatal(err)
	}
	list, err := s.SavedReports()
	if err != nil || len(list) != 1 || list[0].Name != "Admin in February" || list[0].Spec.Users[0] != "admin" {
		t.Fatalf("saved: %+v %v", list, err)
	}
	if err := s.SaveReport(session.SaveReportParams{Name: "  "}); err == nil {
		t.Fatal("a nameless report was saved")
	}
	if err := s.DeleteReport(session.NameParams{Name: "Admin in February"}); err != nil {
		t.Fatal(err)
	}
	if list, _ := s.SavedReports(); len(list) != 0 {
		t.Fatalf("still saved: %+v", list)
	}

}
