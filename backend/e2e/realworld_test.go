package e2e_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

type coverageOut struct {
	System  string `json:"system"`
	FromUTC string `json:"from_utc"`
	ToUTC   string `json:"to_utc"`
	Batches int    `json:"batches"`
	Gaps    []struct {
		FromDay string `json:"from_day"`
		ToDay   string `json:"to_day"`
		Days    int    `json:"days"`
		FromUTC string `json:"from_utc"`
		ToUTC   string `json:"to_utc"`
		Message string `json:"message"`
	} `json:"gaps"`
}

// The three real-world profiles, on the small exports written for the ingest tests.
func TestRealWorldProfiles(t *testing.T) {
	db := filepath.Join(t.TempDir(), "w.trailbook")
	dir := filepath.Join("..", "ingest", "testdata", "profiles")
	tests := []struct {
		file, profile    string
		inserted         int64
		firstUTC, system string
	}{
		{"microsoft365-audit/purview.csv", "microsoft365-audit", 5, "2024-03-04T07:15:02Z", "microsoft365"},
		{"microsoft365-audit/powershell.csv", "microsoft365-audit", 2, "2024-03-05T09:00:00Z", "microsoft365"},
		{"entra-signins/interactive.csv", "entra-signins", 3, "2025-03-17T22:41:10Z", "entra-id"},
		{"aws-cloudtrail/event-history.csv", "aws-cloudtrail", 5, "2024-08-18T10:26:13Z", "aws"},
		{"aws-cloudtrail/legacy-10-columns.csv", "aws-cloudtrail", 3, "2020-05-13T16:52:01Z", "aws"},
	}
	for _, tt := range tests {
		var res []importResult
		runJSON(t, db, &res, 0, "import", filepath.Join(dir, tt.file))
		if r := res[0]; r.Profile != tt.profile || r.Inserted != tt.inserted || r.Rejected != 0 || deref(r.FirstUTC) != tt.firstUTC {
			t.Errorf("%s: profile %s inserted %d rejected %d first %s; want %s %d 0 %s", tt.file, r.Profile, r.Inserted, r.Rejected, deref(r.FirstUTC), tt.profile, tt.inserted, tt.firstUTC)
		}
	}
	var st stats
	runJSON(t, db, &st, 0, "stats")
	if st.BySystem["microsoft365"] != 7 || st.BySystem["entra-id"] != 3 || st.BySystem["aws"] != 8 {
		t.Errorf("by system %v", st.BySystem)
	}
	var v verifyResult
	runJSON(t, db, &v, 0, "verify")
	if !v.OK {
		t.Errorf("verify: %+v", v)
	}
	// The two CloudTrail files are four years apart: one gap, whole days.
	var cov []coverageOut
	runJSON(t, db, &cov, 0, "coverage")
	var aws *coverageOut
	for i := range cov {
		if cov[i].System == "aws" {
			aws = &cov[i]
		}
	}
	if aws == nil || aws.Batches != 2 || len(aws.Gaps) != 1 || aws.Gaps[0].FromDay != "2020-05-14" || aws.Gaps[0].ToDay != "2024-08-17" ||
		aws.Gaps[0].Message != "no data from 2020-05-14 to 2024-08-17 for aws" {
		t.Errorf("aws coverage %+v", aws)
	}
	out, _, code := run(t, db, "coverage")
	if code != 0 || !strings.Contains(out, "no data from 2020-05-14 to 2024-08-17 for aws") || !strings.Contains(out, "entra-id: 2025-03-17T22:41:10Z .. 2025-03-18T12:33:24Z") {
		t.Errorf("coverage text:\n%s", out)
	}
}

// A CSV from a system Trailbook has never seen: suggest, preview, import through --map
// with --save-profile; the next file of that header imports with no flags; the saved
// profile travels to a colleague's workspace through export and import.
func TestNeverSeenCSV(t *testing.T) {
	tmp := t.TempDir()
	db := filepath.Join(tmp, "w.trailbook")
	header := "Ticket #;Changed at;Agent;Change;Agent IP;\n"
	jan := filepath.Join(tmp, "tickets-jan.csv")
	feb := filepath.Join(tmp, "tickets-feb.csv")
	write := func(p, s string) {
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(jan, header+"T-1;13/01/2024 09:00;ana;Created ticket;192.0.2.1;\nT-1;13/01/2024 09:05;ana;Deleted ticket;192.0.2.1:443;\n")
	write(feb, header+"T-2;03/02/2024 10:00;bo;Exported tickets;192.0.2.2;\n")

	_, stderr, code := run(t, db, "import", jan)
	if code != 1 || !strings.Contains(stderr, "no profile recognises") {
		t.Fatalf("unknown header: exit %d\n%s", code, stderr)
	}
	var sug struct {
		Map       map[string]string `json:"map"`
		DateOrder string            `json:"date_order"`
		Args      []string          `json:"args"`
	}
	runJSON(t, db, &sug, 0, "suggest", jan)
	if sug.Map["time"] != "Changed at" || sug.Map["ip"] != "Agent IP" || sug.DateOrder != "dmy" {
		t.Errorf("suggest %+v", sug)
	}
	mapArgs := []string{"--map", "time=Changed at", "--map", "actor=Agent", "--map", "action=Change", "--map", "ip=Agent IP", "--map", "target_ref=Ticket #", "--tz", "Europe/Bucharest"}
	var pv struct {
		Profile string `json:"profile"`
		Records []struct {
			Line  int64 `json:"line"`
			Event struct {
				OccurredAt string `json:"occurred_at"`
				IP         string `json:"ip"`
				Kind       string `json:"kind"`
				TargetRef  string `json:"target_ref"`
			} `json:"event"`
		} `json:"records"`
	}
	runJSON(t, db, &pv, 0, append(append([]string{"preview"}, mapArgs...), jan)...)
	if len(pv.Records) != 2 || pv.Records[1].Event.OccurredAt != "2024-01-13T07:05:00Z" || pv.Records[1].Event.IP != "192.0.2.1" ||
		pv.Records[1].Event.Kind != "delete" || pv.Records[1].Event.TargetRef != "T-1" {
		t.Errorf("preview %+v", pv)
	}
	var st stats
	runJSON(t, db, &st, 0, "stats")
	if st.Events != 0 {
		t.Fatalf("preview stored %d events", st.Events)
	}

	var saved []struct {
		importResult
		SavedProfile string `json:"saved_profile"`
	}
	runJSON(t, db, &saved, 0, append(append([]string{"import"}, mapArgs...), "--save-profile", "Ticket Desk", jan)...)
	if r := saved[0]; r.Profile != "ticket-desk" || r.Inserted != 2 || r.Rejected != 0 || r.SavedProfile != "ticket-desk" {
		t.Errorf("mapped import %+v", r)
	}
	var res []importResult
	runJSON(t, db, &res, 0, "import", feb)
	if r := res[0]; r.Profile != "ticket-desk" || r.Inserted != 1 || deref(r.FirstUTC) != "2024-02-03T08:00:00Z" {
		t.Errorf("next file, no flags: %+v first %s", r, deref(r.FirstUTC))
	}

	// Share with a colleague: export, import into another workspace, read the file there.
	yamlPath := filepath.Join(tmp, "ticket-desk.yaml")
	if _, stderr, code := run(t, db, "profiles", "export", "ticket-desk", "--out", yamlPath); code != 0 {
		t.Fatalf("export: %s", stderr)
	}
	other := filepath.Join(tmp, "colleague.trailbook")
	if out, stderr, code := run(t, other, "profiles", "import", yamlPath); code != 0 || !strings.Contains(out, "ticket-desk") {
		t.Fatalf("profiles import: %s %s", out, stderr)
	}
	runJSON(t, other, &res, 0, "import", jan)
	if r := res[0]; r.Profile != "ticket-desk" || r.Inserted != 2 {
		t.Errorf("colleague's import %+v", r)
	}
	// Round trip: the colleague's export is the same YAML.
	again, _, _ := run(t, other, "profiles", "export", "ticket-desk")
	first, _ := os.ReadFile(yamlPath)
	if again != string(first) {
		t.Errorf("export after import differs:\n%s\n---\n%s", first, again)
	}
	if _, stderr, code := run(t, other, "profiles", "delete", "ticket-desk"); code != 0 {
		t.Fatalf("delete: %s", stderr)
	}
	if _, stderr, code := run(t, other, "profiles", "delete", "aws-cloudtrail"); code == 0 || !strings.Contains(stderr, "built in") {
		t.Errorf("deleting a built-in profile: exit %d %s", code, stderr)
	}
	var own stats
	runJSON(t, other, &own, 0, "stats")
	if own.BySystem["trailbook"] < 3 { // profile import, import, profile delete
		t.Errorf("own events %v", own.BySystem)
	}
	var v verifyResult
	runJSON(t, db, &v, 0, "verify")
	if !v.OK {
		t.Errorf("verify %+v", v)
	}

	// An empty file says so.
	empty := filepath.Join(tmp, "empty.csv")
	write(empty, "")
	if _, stderr, code := run(t, db, "suggest", empty); code == 0 || !strings.Contains(stderr, "empty.csv is empty") {
		t.Errorf("empty file: exit %d %s", code, stderr)
	}
}
