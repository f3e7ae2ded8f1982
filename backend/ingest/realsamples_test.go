//go:build fixtures

// Acceptance on real exports (not written by this project), which live outside the module:
//
//	TRAILBOOK_REAL_SAMPLES=/path/to/real-samples go test -tags fixtures ./backend/ingest
//
// The default is real-samples beside the fixtures directory. Each file is imported with its
// built-in profile and every row is checked against the raw file read independently with
// encoding/csv and encoding/json.

package ingest_test

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"trailbook/backend/activity"
	"trailbook/backend/ingest"
)

func realSamplesDir(t *testing.T) string {
	def := ""
	if os.Getenv("TRAILBOOK_REAL_SAMPLES") == "" {
		def = filepath.Join(filepath.Dir(fixturesDir(t)), "real-samples")
	}
	return sharedDir(t, "real samples", "TRAILBOOK_REAL_SAMPLES", def)
}

// rawRows reads a CSV with encoding/csv only: each data row by its header names, with the
// line it starts on. A duplicated header name keeps its first column.
func rawRows(t *testing.T, path string) []rawRow {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	cr := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(b), "\uFEFF")))
	recs, err := cr.ReadAll()
	if err != nil {
		t.Fatalf("encoding/csv: %v", err)
	}
	header := recs[0]
	// Line numbers: csv.Reader.FieldPos needs Read; read again for them.
	cr = csv.NewReader(strings.NewReader(strings.TrimPrefix(string(b), "\uFEFF")))
	var out []rawRow
	for i := 0; ; i++ {
		rec, err := cr.Read()
		if err != nil {
			break
		}
		if i == 0 {
			continue
		}
		line, _ := cr.FieldPos(0)
		m := map[string]string{}
		for j, h := range header {
			if _, dup := m[h]; !dup && j < len(rec) {
				m[h] = rec[j]
			}
		}
		out = append(out, rawRow{line: int64(line), cells: m})
	}
	if len(out) != len(recs)-1 {
		t.Fatalf("read %d rows, then %d", len(recs)-1, len(out))
	}
	return out
}

type rawRow struct {
	line  int64
	cells map[string]string
}

// want is what an event must say, worked out from the raw row alone.
type want struct {
	at                   time.Time
	actor, action, ip    string
	kind                 activity.Kind // "" when the check does not pin the kind
	descriptionHasPrefix string
}

func TestRealSamples(t *testing.T) {
	dir := realSamplesDir(t)
	reg := builtin(t)
	tests := []struct {
		file, profile string
		rows          int
		want          func(t *testing.T, r rawRow) want
	}{
		{"microsoft365-purview/purview.csv", "microsoft365-audit", 219, wantM365},
		{"microsoft-entra-signins/InteractiveSignIns_2025-03-11_2025-03-18.csv", "entra-signins", 214, wantEntra},
		{"aws-cloudtrail/event_history.csv", "aws-cloudtrail", 838, wantCloudTrail},
	}
	for _, tt := range tests {
		t.Run(tt.profile, func(t *testing.T) {
			path := filepath.Join(dir, tt.file)
			src, err := ingest.Sniff(path)
			if err != nil {
				t.Fatal(err)
			}
			if got := ids(reg.Detect(src)); len(got) != 1 || got[0] != tt.profile {
				t.Fatalf("Detect = %v, want [%s]", got, tt.profile)
			}
			p, _ := reg.Get(tt.profile)
			res := readSource(t, src, p, ingest.Options{})
			if res.err != nil {
				t.Fatalf("read: %v", res.err)
			}
			for _, rj := range res.rejects() {
				t.Errorf("rejected line %d column %s: %s", rj.Line, rj.Column, rj.Reason)
			}
			if n := len(res.skips()); n != 0 {
				t.Errorf("%d rows skipped", n)
			}
			raws := rawRows(t, path)
			if len(raws) != tt.rows {
				t.Fatalf("encoding/csv reads %d rows, SOURCES.md says %d", len(raws), tt.rows)
			}
			evs := res.events()
			if len(evs) != len(raws) {
				t.Fatalf("%d events, want one per row: %d", len(evs), len(raws))
			}
			kinds := map[activity.Kind]int{}
			for i, rec := range evs {
				e, raw := rec.Event, raws[i]
				kinds[e.Kind]++
				if rec.Line != raw.line {
					t.Errorf("event %d: line %d, raw row starts on line %d", i, rec.Line, raw.line)
				}
				w := tt.want(t, raw)
				if !e.OccurredAt.Equal(w.at) || e.ActorName != w.actor || e.Action != w.action || e.IP != w.ip {
					t.Errorf("line %d: got %s %q %q %q, want %s %q %q %q", raw.line,
						e.OccurredAt.Format(time.RFC3339), e.ActorName, e.Action, e.IP, w.at.Format(time.RFC3339), w.actor, w.action, w.ip)
				}
				if w.kind != "" && e.Kind != w.kind {
					t.Errorf("line %d: %s is %s, want %s", raw.line, e.Action, e.Kind, w.kind)
				}
				if !strings.HasPrefix(e.Description, w.descriptionHasPrefix) {
					t.Errorf("line %d: description %q, want it to start with %q", raw.line, e.Description, w.descriptionHasPrefix)
				}
			}
			var parts []string
			for k, n := range kinds {
				parts = append(parts, fmt.Sprintf("%s=%d", k, n))
			}
			sort.Strings(parts)
			t.Logf("%s: %d events, %d rejects; kinds %s", tt.file, len(evs), len(res.rejects()), strings.Join(parts, " "))
		})
	}
}

func mustTime(t *testing.T, layout, s string) time.Time {
	t.Helper()
	at, err := time.ParseInLocation(layout, s, time.UTC)
	if err != nil {
		t.Fatalf("raw time %q: %v", s, err)
	}
	return at
}

func wantM365(t *testing.T, r rawRow) want {
	var doc map[string]any
	if err := json.Unmarshal([]byte(r.cells["AuditData"]), &doc); err != nil {
		t.Fatalf("line %d: AuditData: %v", r.line, err)
	}
	str := func(k string) string { s, _ := doc[k].(string); return s }
	ip := str("ClientIP")
	if ip == "" {
		ip = str("ActorIpAddress")
	}
	// "1.2.3.4:5678" carries a port; "[v6]:port" brackets.
	if strings.HasPrefix(ip, "[") {
		ip = ip[1:strings.IndexByte(ip, ']')]
	} else if strings.Count(ip, ":") == 1 {
		ip = ip[:strings.IndexByte(ip, ':')]
	}
	w := want{
		at:     mustTime(t, "2006-01-02T15:04:05", str("CreationTime")),
		actor:  r.cells["UserId"],
		action: r.cells["Operation"],
		ip:     ip,
	}
	// The CreationDate column (US format) is the same instant.
	if cd := mustTime(t, "1/2/2006 3:04:05 PM", r.cells["CreationDate"]); !cd.Equal(w.at) {
		t.Errorf("line %d: CreationDate %s and CreationTime %s differ", r.line, cd, w.at)
	}
	op := w.action
	switch {
	case op == "UserLoggedIn" && str("ResultStatus") != "Failed":
		w.kind = activity.KindLogin
	case op == "UserLoginFailed":
		w.kind = activity.KindLoginFailed
	case op == "FileAccessed" || op == "PageViewed" || op == "AnonymousLinkUsed":
		w.kind = activity.KindView
	case op == "New-InboxRule" || strings.HasPrefix(op, "Set-") || op == "Reset user password." || op == "FileModified":
		w.kind = activity.KindUpdate
	case op == "Add-MailboxPermission" || op == "SharingSet" || op == "AddedToGroup" || op == "PermissionLevelAdded":
		w.kind = activity.KindPermissionChange
	case op == "Add service principal." || op == "FileUploaded" || op == "FolderCreated" || strings.HasPrefix(op, "Install-"):
		w.kind = activity.KindCreate
	}
	return w
}

func wantEntra(t *testing.T, r rawRow) want {
	w := want{
		at:     mustTime(t, time.RFC3339, r.cells["Date (UTC)"]),
		actor:  r.cells["User"],
		action: "Sign-in",
		ip:     r.cells["IP address"],
	}
	switch r.cells["Status"] {
	case "Success":
		w.kind = activity.KindLogin
	case "Failure", "Interrupted":
		w.kind = activity.KindLoginFailed
		w.descriptionHasPrefix = r.cells["Status"] + " " + r.cells["Sign-in error code"]
	}
	return w
}

func wantCloudTrail(t *testing.T, r rawRow) want {
	w := want{
		at:     mustTime(t, time.RFC3339, r.cells["Event time"]),
		actor:  r.cells["User name"],
		action: r.cells["Event name"],
		ip:     r.cells["Source IP address"],
	}
	code := r.cells["Error code"]
	if code != "" {
		w.descriptionHasPrefix = "Failed: " + code
	}
	switch name := w.action; {
	case name == "ConsoleLogin" && code == "":
		w.kind = activity.KindLogin
	case name == "ConsoleLogin":
		w.kind = activity.KindLoginFailed
	// Removing a policy takes rights away: a permission change, not a deletion of a record.
	case strings.HasSuffix(name, "Policy") && !strings.HasSuffix(name, "ScalingPolicy"),
		strings.HasPrefix(name, "AuthorizeSecurityGroup"), strings.HasPrefix(name, "RevokeSecurityGroup"), name == "AddUserToGroup":
		w.kind = activity.KindPermissionChange
	case strings.HasPrefix(name, "Delete"), strings.HasPrefix(name, "Terminate"):
		w.kind = activity.KindDelete
	case strings.HasPrefix(name, "Describe"), strings.HasPrefix(name, "List"):
		w.kind = activity.KindView
	}
	return w
}
