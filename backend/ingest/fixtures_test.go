//go:build fixtures

// Acceptance checks against the shared vendor fixtures, which live outside this module:
//
//	go test -tags fixtures ./backend/ingest
//
// TRAILBOOK_FIXTURES points at the fixtures directory (default ../../../shared/fixtures).
// Each X.csv.expected.json states facts a correct import reproduces.

package ingest_test

import (
	"encoding/json"
	"math/big"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"trailbook/backend/activity"
	"trailbook/backend/ingest"
)

func fixturesDir(t *testing.T) string {
	return sharedDir(t, "fixtures", "TRAILBOOK_FIXTURES", filepath.Join("..", "..", "..", "shared", "fixtures"))
}

// sharedDir is a directory outside the module: $env, else def. The test fails when it is
// missing, saying which variable names it.
func sharedDir(t *testing.T, what, env, def string) string {
	t.Helper()
	dir := os.Getenv(env)
	if dir == "" {
		dir = def
	}
	if _, err := os.Stat(dir); err != nil {
		t.Fatalf("%s: %v (set %s)", what, err, env)
	}
	return dir
}

// expected is the union of the facts the fixtures state.
type expected struct {
	Profile          string             `json:"profile"`
	Rows             int                `json:"rows"`
	SourceTimeZone   string             `json:"source_time_zone"`
	DistinctUsers    int                `json:"distinct_users"`
	FirstUTC         string             `json:"first_utc"`
	LastUTC          string             `json:"last_utc"`
	CountByRawAction map[string]int     `json:"count_by_raw_action"`
	CountByAction    map[string]int     `json:"count_by_action"`
	CountByPage      map[string]int     `json:"count_by_page"`
	CountByModule    map[string]int     `json:"count_by_module"`
	CountByCategory  map[string]int     `json:"count_by_category"`
	RefundTotals     map[string]float64 `json:"refund_total_by_currency"`
	Deletes          *int               `json:"deletes"`
	ChatWithNewline  *int               `json:"chat_messages_with_newline"`
	EventsOnRecord   *struct {
		Ref   string `json:"ref"`
		Count int    `json:"count"`
	} `json:"events_on_record"`
	JoinKey string `json:"join_key"`
}

func TestFixtures(t *testing.T) {
	dir := fixturesDir(t)
	files, err := filepath.Glob(filepath.Join(dir, "*", "*.expected.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures in %s: %v", dir, err)
	}
	reg := builtin(t)
	people := map[string][]*activity.Person{}
	actors := map[string]map[string]bool{} // fixture dir -> actor emails
	for _, exp := range files {
		csvPath := strings.TrimSuffix(exp, ".expected.json")
		name, _ := filepath.Rel(dir, csvPath)
		t.Run(name, func(t *testing.T) {
			var want expected
			b, err := os.ReadFile(exp)
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(b, &want); err != nil {
				t.Fatal(err)
			}
			src, err := reg.Sniff(csvPath)
			if err != nil {
				t.Fatal(err)
			}
			cands := reg.Detect(src)
			if len(cands) != 1 || cands[0].ID != want.Profile {
				t.Fatalf("Detect = %v, want exactly %s", ids(cands), want.Profile)
			}
			var opt ingest.Options
			if want.SourceTimeZone != "" {
				opt.Zone = zone(t, want.SourceTimeZone)
			}
			res := readSource(t, src, cands[0], opt)
			if res.err != nil {
				t.Fatalf("read: %v", res.err)
			}
			if n := len(res.rejects()) + len(res.skips()); n != 0 {
				t.Errorf("%d rejects/skips: %+v", n, res.records)
			}
			if len(res.records) != want.Rows {
				t.Errorf("rows = %d, want %d", len(res.records), want.Rows)
			}
			if cands[0].Kind == ingest.KindPeople {
				for _, r := range res.records {
					people[filepath.Dir(csvPath)] = append(people[filepath.Dir(csvPath)], r.Person)
				}
				return
			}
			checkEvents(t, res, want)
			emails := map[string]bool{}
			for _, r := range res.events() {
				emails[r.Event.ActorEmail] = true
			}
			actors[filepath.Dir(csvPath)] = emails
		})
	}
	// People lists enrich the actors of the activity export next to them, on Email.
	for d, ps := range people {
		for _, p := range ps {
			if !actors[d][p.Email] {
				t.Errorf("%s: person %s matches no actor of the activity export", d, p.Email)
			}
		}
	}
}

func checkEvents(t *testing.T, res readResult, want expected) {
	t.Helper()
	users := map[string]bool{}
	byAction, byModule := map[string]int{}, map[string]int{}
	refunds := map[string]*big.Rat{}
	var first, last time.Time
	deletes, chatNL, onRecord := 0, 0, 0
	for i, r := range res.events() {
		e := r.Event
		if e.OccurredAt.Location() != time.UTC {
			t.Fatalf("line %d: OccurredAt in %v", r.Line, e.OccurredAt.Location())
		}
		if want.SourceTimeZone != "" && e.SourceZone != want.SourceTimeZone {
			t.Errorf("line %d: SourceZone %q, want %q", r.Line, e.SourceZone, want.SourceTimeZone)
		}
		users[e.ActorName] = true
		byAction[e.Action]++
		byModule[e.Module]++
		if i == 0 || e.OccurredAt.Before(first) {
			first = e.OccurredAt
		}
		if i == 0 || e.OccurredAt.After(last) {
			last = e.OccurredAt
		}
		if e.Kind == activity.KindRefund {
			if refunds[e.Currency] == nil {
				refunds[e.Currency] = new(big.Rat)
			}
			refunds[e.Currency].Add(refunds[e.Currency], big.NewRat(e.Amount.Micros, 1_000_000))
		}
		if e.Kind == activity.KindDelete {
			deletes++
		}
		if e.Action == "Chat" && strings.Contains(e.Description, "\n") {
			chatNL++
		}
		if want.EventsOnRecord != nil && e.TargetRef == want.EventsOnRecord.Ref {
			onRecord++
		}
		if e.Kind == "" || e.System == "" || e.Line != r.Line {
			t.Errorf("line %d: incomplete event %+v", r.Line, e)
		}
	}
	if want.DistinctUsers != 0 && len(users) != want.DistinctUsers {
		t.Errorf("distinct users = %d %v, want %d", len(users), keys(users), want.DistinctUsers)
	}
	if got := first.Format(time.RFC3339); want.FirstUTC != "" && got != want.FirstUTC {
		t.Errorf("first = %s, want %s", got, want.FirstUTC)
	}
	if got := last.Format(time.RFC3339); want.LastUTC != "" && got != want.LastUTC {
		t.Errorf("last = %s, want %s", got, want.LastUTC)
	}
	for _, c := range []struct {
		name      string
		got, want map[string]int
	}{
		{"count_by_raw_action", byAction, want.CountByRawAction},
		{"count_by_action", byAction, want.CountByAction},
		{"count_by_page", byModule, want.CountByPage},
		{"count_by_module", byModule, want.CountByModule},
		{"count_by_category", byModule, want.CountByCategory},
	} {
		if c.want != nil && !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
	if want.RefundTotals != nil {
		got := map[string]float64{}
		for cur, sum := range refunds {
			f, _ := sum.Float64()
			got[cur] = f
		}
		if !reflect.DeepEqual(got, want.RefundTotals) {
			t.Errorf("refund totals = %v, want %v", got, want.RefundTotals)
		}
	}
	if want.Deletes != nil && deletes != *want.Deletes {
		t.Errorf("deletes = %d, want %d", deletes, *want.Deletes)
	}
	if want.ChatWithNewline != nil && chatNL != *want.ChatWithNewline {
		t.Errorf("chat messages with a newline = %d, want %d", chatNL, *want.ChatWithNewline)
	}
	if want.EventsOnRecord != nil && onRecord != want.EventsOnRecord.Count {
		t.Errorf("events on %s = %d, want %d", want.EventsOnRecord.Ref, onRecord, want.EventsOnRecord.Count)
	}
}

// The real exports next to the fixtures sniff as their vendors wrote them (see realsamples_test.go).
func TestRealSamplesSniff(t *testing.T) {
	dir := filepath.Join(filepath.Dir(fixturesDir(t)), "real-samples")
	tests := []struct {
		file, encoding string
		header0        string
	}{
		{"aws-cloudtrail/event_history.csv", ingest.UTF8, "User name"},
		{"microsoft-entra-signins/InteractiveSignIns_2025-03-11_2025-03-18.csv", ingest.UTF8BOM, "Date (UTC)"},
		{"microsoft365-purview/purview.csv", ingest.UTF8, "RecordId"},
	}
	for _, tt := range tests {
		src, err := ingest.Sniff(filepath.Join(dir, tt.file))
		if err != nil {
			t.Errorf("%s: %v", tt.file, err)
			continue
		}
		if src.Encoding != tt.encoding || src.Delimiter != ',' || src.HeaderLine != 1 || src.Header[0] != tt.header0 {
			t.Errorf("%s: %s %q line %d %q", tt.file, src.Encoding, src.Delimiter, src.HeaderLine, src.Header[0])
		}
	}
}

func keys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
