package workspace

import (
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"trailbook/backend/activity"
	"trailbook/backend/export"
	"trailbook/backend/report"
)

// The tests below import CSV written here (or kept in testdata/report) through the
// workspace, then check each number against a count made from the same CSV bytes
// with encoding/csv.

const octoLayout = "02/01/2006 03:04 PM"

// octoKinds is the octopuspro profile's mapping for the actions used here.
var octoKinds = map[string]string{
	"Login": "login", "Failed Login": "login_failed", "Logout": "logout", "Create": "create",
	"Edit": "update", "Delete": "delete", "View": "view", "Send": "send",
}

type octoRow struct {
	at                                     time.Time
	user, module, action, history, ref, ip string
}

// writeOcto writes rows as an OctopusPro user activity log.
func writeOcto(t *testing.T, rows []octoRow, loc *time.Location) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "activity.csv")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	w := csv.NewWriter(f)
	w.Write([]string{"Date", "User", "Module", "Action", "History", "Event On", "IP Address"})
	for _, r := range rows {
		w.Write([]string{r.at.In(loc).Format(octoLayout), r.user, r.module, r.action, r.history, r.ref, r.ip})
	}
	w.Flush()
	if err := f.Close(); err != nil || w.Error() != nil {
		t.Fatal(err, w.Error())
	}
	return p
}

// genOcto makes n deterministic rows from 2024-01-01 to 2024-06-30 (Bucharest),
// between 05:00 and 23:59 local so no time falls in a DST gap.
func genOcto(n int, loc *time.Location) []octoRow {
	rng := rand.New(rand.NewPCG(7, 11))
	users := []string{"Sarah Admin", "Tom Dispatcher", "Priya Accounts", "Lee Contractor", "Émile Night", "ana pop"}
	actions := []string{"Login", "Failed Login", "Logout", "Create", "Edit", "Delete", "View", "Send"}
	modules := []string{"Bookings", "Quotes", "Invoices", "Security"}
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, loc)
	out := make([]octoRow, n)
	for i := range out {
		day := start.AddDate(0, 0, rng.IntN(182))
		at := time.Date(day.Year(), day.Month(), day.Day(), 5+rng.IntN(19), rng.IntN(60), 0, 0, loc)
		u := rng.IntN(len(users))
		r := octoRow{at: at, user: users[u], module: modules[rng.IntN(len(modules))], action: actions[rng.IntN(len(actions))],
			ip: fmt.Sprintf("203.0.113.%d", 10+u*10+rng.IntN(3))}
		if rng.IntN(3) == 0 {
			r.ref = fmt.Sprintf("BOK-%d", 10000+rng.IntN(40))
		}
		r.history = fmt.Sprintf("%s %s %s", r.user, strings.ToLower(r.action), r.ref)
		if rng.IntN(10) == 0 {
			r.history += " urgent follow-up"
		}
		if u == 5 {
			r.ip = fmt.Sprintf("2001:db8::%x", 1+rng.IntN(3))
		}
		out[i] = r
	}
	return out
}

// readOcto parses the CSV independently of the importer.
func readOcto(t *testing.T, path string, loc *time.Location) []octoRow {
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
	var out []octoRow
	for _, r := range recs[1:] {
		at, err := time.ParseInLocation(octoLayout, r[0], loc)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, octoRow{at: at, user: r[1], module: r[2], action: r[3], history: r[4], ref: r[5], ip: r[6]})
	}
	return out
}

// asciiLower is how the store keys users: lower-cased A-Z only, as SQLite's lower().
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

func openWS(t *testing.T) *Workspace {
	t.Helper()
	ws, err := Open(context.Background(), filepath.Join(t.TempDir(), "w.trailbook"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ws.Close() })
	return ws
}

func mustImport(t *testing.T, ws *Workspace, path, zone string) ImportResult {
	t.Helper()
	res := ws.Import(context.Background(), []ImportFile{{Path: path, Zone: zone}}, nil)
	if len(res) != 1 || res[0].Error != "" {
		t.Fatalf("import %s: %+v", path, res)
	}
	return res[0]
}

type fixture struct {
	ws   *Workspace
	rows []octoRow
	path string
	loc  *time.Location
}

func loadFixture(t *testing.T) fixture {
	t.Helper()
	loc, _ := time.LoadLocation("Europe/Bucharest")
	ws := openWS(t)
	path := writeOcto(t, genOcto(1500, loc), loc)
	if r := mustImport(t, ws, path, "Europe/Bucharest"); r.Inserted != 1500 {
		t.Fatalf("inserted %d", r.Inserted)
	}
	return fixture{ws: ws, rows: readOcto(t, path, loc), path: path, loc: loc}
}

// tally counts rows by key, keeping those that pass keep.
func tally(rows []octoRow, key func(octoRow) string, keep func(octoRow) bool) map[string]int64 {
	m := map[string]int64{}
	for _, r := range rows {
		if keep == nil || keep(r) {
			m[key(r)]++
		}
	}
	return m
}

func countsMap(cs []report.Count) map[string]int64 {
	m := map[string]int64{}
	for _, c := range cs {
		m[c.Key] = c.Count
	}
	return m
}

func sameCounts(t *testing.T, what string, got []report.Count, want map[string]int64) {
	t.Helper()
	g := countsMap(got)
	if len(g) != len(want) {
		t.Errorf("%s: %d keys, want %d\n got %v\nwant %v", what, len(g), len(want), g, want)
		return
	}
	for k, n := range want {
		if g[k] != n {
			t.Errorf("%s: %q = %d, want %d", what, k, g[k], n)
		}
	}
}

func TestSummariesMatchIndependentCounts(t *testing.T) {
	fx := loadFixture(t)
	ctx := context.Background()
	ny, _ := time.LoadLocation("America/New_York")
	kolkata, _ := time.LoadLocation("Asia/Kolkata") // +05:30: not whole hours
	from := time.Date(2024, 1, 15, 0, 0, 0, 0, fx.loc)
	to := time.Date(2024, 5, 21, 0, 0, 0, 0, fx.loc) // --to 2024-05-20 inclusive
	inPeriod := func(r octoRow) bool { return !r.at.Before(from) && r.at.Before(to) }
	lowerUser := func(r octoRow) string { return asciiLower(r.user) }
	cases := []struct {
		name string
		spec report.Spec
		by   string
		key  func(octoRow) string
		keep func(octoRow) bool
	}{
		{"user all time", report.Spec{}, report.ByUser, lowerUser, nil},
		{"user ragged period", report.Spec{From: "2024-01-15", To: "2024-05-20", Zone: "Europe/Bucharest"}, report.ByUser, lowerUser, inPeriod},
		{"kind", report.Spec{}, report.ByKind, func(r octoRow) string { return octoKinds[r.action] }, nil},
		{"kind ragged period", report.Spec{From: "2024-01-15", To: "2024-05-20", Zone: "Europe/Bucharest"}, report.ByKind, func(r octoRow) string { return octoKinds[r.action] }, inPeriod},
		{"action", report.Spec{}, report.ByAction, func(r octoRow) string { return r.action }, nil},
		{"module", report.Spec{}, report.ByModule, func(r octoRow) string { return r.module }, nil},
		{"system", report.Spec{}, report.BySystem, func(r octoRow) string { return "octopuspro" }, nil},
		{"day Bucharest", report.Spec{Zone: "Europe/Bucharest"}, report.ByDay, func(r octoRow) string { return r.at.In(fx.loc).Format(time.DateOnly) }, nil},
		{"day New York period", report.Spec{From: "2024-02-10", To: "2024-04-02", Zone: "America/New_York"}, report.ByDay,
			func(r octoRow) string { return r.at.In(ny).Format(time.DateOnly) },
			func(r octoRow) bool {
				return !r.at.Before(time.Date(2024, 2, 10, 0, 0, 0, 0, ny)) && r.at.Before(time.Date(2024, 4, 3, 0, 0, 0, 0, ny))
			}},
		{"hour Kolkata", report.Spec{Zone: "Asia/Kolkata"}, report.ByHour, func(r octoRow) string { return fmt.Sprintf("%02d", r.at.In(kolkata).Hour()) }, nil},
		{"hour UTC", report.Spec{}, report.ByHour, func(r octoRow) string { return fmt.Sprintf("%02d", r.at.UTC().Hour()) }, nil},
		{"user filtered by kind", report.Spec{Kinds: []string{"delete"}}, report.ByUser, lowerUser, func(r octoRow) bool { return r.action == "Delete" }},
		{"day filtered by user name", report.Spec{Users: []string{"SARAH ADMIN", "émile night"}, Zone: "Europe/Bucharest"}, report.ByDay,
			func(r octoRow) string { return r.at.In(fx.loc).Format(time.DateOnly) },
			func(r octoRow) bool { return r.user == "Sarah Admin" || r.user == "Émile Night" }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := fx.ws.Summary(ctx, c.spec, c.by)
			if err != nil {
				t.Fatal(err)
			}
			sameCounts(t, c.name, got, tally(fx.rows, c.key, c.keep))
			n, err := fx.ws.Count(ctx, c.spec)
			if err != nil {
				t.Fatal(err)
			}
			var want int64
			for _, v := range tally(fx.rows, c.key, c.keep) {
				want += v
			}
			if n != want {
				t.Errorf("count %d, want %d", n, want)
			}
		})
	}
	// Weekday x hour in Bucharest.
	mx, err := fx.ws.Matrix(ctx, report.Spec{Zone: "Europe/Bucharest"})
	if err != nil {
		t.Fatal(err)
	}
	var want [7][24]int64
	for _, r := range fx.rows {
		l := r.at.In(fx.loc)
		want[(int(l.Weekday())+6)%7][l.Hour()]++
	}
	if mx.Counts != want {
		t.Errorf("matrix\n got %v\nwant %v", mx.Counts, want)
	}
}

func TestFiltersMatchIndependentCounts(t *testing.T) {
	fx := loadFixture(t)
	ctx := context.Background()
	cases := []struct {
		name string
		spec report.Spec
		keep func(octoRow) bool
	}{
		{"ip exact", report.Spec{IPs: []string{"203.0.113.21"}}, func(r octoRow) bool { return r.ip == "203.0.113.21" }},
		{"ip cidr", report.Spec{IPs: []string{"203.0.113.16/28"}}, func(r octoRow) bool {
			var d int
			fmt.Sscanf(r.ip, "203.0.113.%d", &d)
			return strings.HasPrefix(r.ip, "203.0.113.") && d >= 16 && d < 32
		}},
		{"ipv6 cidr", report.Spec{IPs: []string{"2001:db8::/120"}}, func(r octoRow) bool { return strings.HasPrefix(r.ip, "2001:db8::") }},
		{"ref any case", report.Spec{Refs: []string{"bok-10007"}}, func(r octoRow) bool { return r.ref == "BOK-10007" }},
		{"search word", report.Spec{Search: "urgent"}, func(r octoRow) bool { return strings.Contains(r.history, "urgent") }},
		{"search prefix", report.Spec{Search: "urg*"}, func(r octoRow) bool { return strings.Contains(r.history, "urgent") }},
		// FTS5 syntax typed by a person is taken literally, never an error.
		{"search with FTS5 syntax", report.Spec{Search: `"follow-up" NEAR(`}, func(r octoRow) bool { return false }},
		{"module and action", report.Spec{Modules: []string{"quotes"}, Actions: []string{"Edit", "Delete"}}, func(r octoRow) bool {
			return r.module == "Quotes" && (r.action == "Edit" || r.action == "Delete")
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			n, err := fx.ws.Count(ctx, c.spec)
			if err != nil {
				t.Fatal(err)
			}
			var want int64
			for _, r := range fx.rows {
				if c.keep(r) {
					want++
				}
			}
			if n != want {
				t.Errorf("count %d, want %d", n, want)
			}
			if want == 0 && !strings.Contains(c.name, "syntax") {
				t.Errorf("the case selects nothing: it cannot catch a bug")
			}
		})
	}
}

func TestSpecErrors(t *testing.T) {
	ws := openWS(t)
	ctx := context.Background()
	for _, c := range []struct {
		spec report.Spec
		want string
	}{
		{report.Spec{Zone: "Mars/Olympus"}, `zone "Mars/Olympus"`},
		{report.Spec{From: "2024-13-01"}, `from "2024-13-01": not a date`},
		{report.Spec{To: "yesterday-ish"}, `to "yesterday-ish"`},
		{report.Spec{From: "2024-03-02", To: "2024-03-01"}, "is after"},
		{report.Spec{IPs: []string{"10.0.0.0/33"}}, `ip "10.0.0.0/33" is not an address or a CIDR range`},
		{report.Spec{MinAmount: "1,5"}, "min amount"},
		{report.Spec{Kinds: []string{"hack"}}, `unknown kind "hack"`},
		{report.Spec{Preset: "last_year"}, `preset "last_year"`},
		{report.Spec{Sort: "changes"}, `sort "changes"`},
		{report.Spec{Columns: []string{"secret"}}, `column "secret"`},
		{report.Spec{Search: "***"}, "no word"},
	} {
		_, err := ws.Count(ctx, c.spec)
		if err == nil || !strings.Contains(err.Error(), c.want) || !errors.Is(err, report.ErrSpec) {
			t.Errorf("%+v: error %v, want one containing %q", c.spec, err, c.want)
		}
	}
}

func TestPresets(t *testing.T) {
	loc, _ := time.LoadLocation("Europe/Bucharest")
	now := time.Date(2024, 5, 15, 1, 30, 0, 0, loc) // 2024-05-14 22:30 UTC
	for _, c := range []struct{ preset, from, to string }{
		{report.PresetToday, "2024-05-15", "2024-05-16"},
		{report.PresetYesterday, "2024-05-14", "2024-05-15"},
		{report.PresetLast7Days, "2024-05-09", "2024-05-16"},
		{report.PresetThisMonth, "2024-05-01", "2024-06-01"},
		{report.PresetLastMonth, "2024-04-01", "2024-05-01"},
		{report.PresetThisQuarter, "2024-04-01", "2024-07-01"},
	} {
		from, to, ok, err := report.Spec{Preset: c.preset, Zone: "Europe/Bucharest"}.Period(now)
		if err != nil || !ok {
			t.Fatal(err)
		}
		if got := from.In(loc).Format(time.DateOnly) + ".." + to.In(loc).Format(time.DateOnly); got != c.from+".."+c.to {
			t.Errorf("%s: %s, want %s..%s", c.preset, got, c.from, c.to)
		}
		if from.In(loc).Hour() != 0 || to.In(loc).Hour() != 0 {
			t.Errorf("%s: not local midnight: %v %v", c.preset, from, to)
		}
	}
}

func TestPagingEveryRowOnce(t *testing.T) {
	fx := loadFixture(t)
	ctx := context.Background()
	for _, spec := range []report.Spec{
		{},
		{Asc: true},
		{Sort: report.ColumnUser},
		{Sort: report.ColumnUser, Asc: true},
		{From: "2024-02-01", To: "2024-03-31", Zone: "Europe/Bucharest", Users: []string{"Tom Dispatcher"}},
	} {
		t.Run(fmt.Sprintf("%+v", spec), func(t *testing.T) {
			want, err := fx.ws.Count(ctx, spec)
			if err != nil {
				t.Fatal(err)
			}
			var pages [][]activity.Event
			cursor := ""
			for {
				p, err := fx.ws.Query(ctx, spec, report.PageRequest{Cursor: cursor, Limit: 37})
				if err != nil {
					t.Fatal(err)
				}
				pages = append(pages, p.Events)
				if p.Next == "" {
					break
				}
				cursor = p.Next
				if len(pages) > 1000 {
					t.Fatal("paging does not end")
				}
			}
			var all []activity.Event
			for _, p := range pages {
				all = append(all, p...)
			}
			seen := map[int64]bool{}
			for i, e := range all {
				if seen[e.ID] {
					t.Fatalf("event %d twice", e.ID)
				}
				seen[e.ID] = true
				if i > 0 && !ordered(spec, all[i-1], e) {
					t.Fatalf("out of order at %d: %+v then %+v", i, all[i-1], e)
				}
			}
			if int64(len(all)) != want || want == 0 {
				t.Fatalf("paged %d events, count %d", len(all), want)
			}
			// Walk back from the last page with Prev: the same pages, in reverse.
			last := pages[len(pages)-1]
			p, err := fx.ws.Query(ctx, spec, report.PageRequest{Cursor: cursorBefore(t, fx.ws, spec, pages), Limit: 37})
			if err != nil {
				t.Fatal(err)
			}
			_ = last
			for i := len(pages) - 2; i >= 0; i-- {
				if !sameIDs(p.Events, pages[i]) {
					t.Fatalf("page %d going back differs", i)
				}
				if i == 0 {
					if p.Prev != "" {
						t.Fatalf("first page has a Prev cursor")
					}
					break
				}
				if p, err = fx.ws.Query(ctx, spec, report.PageRequest{Cursor: p.Prev, Limit: 37}); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}

// cursorBefore is the Prev cursor of the last page, reached by paging forward.
func cursorBefore(t *testing.T, ws *Workspace, spec report.Spec, pages [][]activity.Event) string {
	t.Helper()
	cursor := ""
	var p report.Page
	for range pages {
		var err error
		if p, err = ws.Query(context.Background(), spec, report.PageRequest{Cursor: cursor, Limit: 37}); err != nil {
			t.Fatal(err)
		}
		cursor = p.Next
	}
	if len(pages) > 1 && p.Prev == "" {
		t.Fatal("last page has no Prev cursor")
	}
	return p.Prev
}

func sameIDs(a, b []activity.Event) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].ID != b[i].ID {
			return false
		}
	}
	return true
}

func ordered(spec report.Spec, a, b activity.Event) bool {
	cmp := 0
	if spec.Sort == report.ColumnUser {
		cmp = strings.Compare(strings.ToLower(a.ActorName), strings.ToLower(b.ActorName))
	} else {
		cmp = a.OccurredAt.Compare(b.OccurredAt)
	}
	if cmp == 0 {
		if a.ID < b.ID {
			cmp = -1
		} else {
			cmp = 1
		}
	}
	if spec.Asc {
		return cmp < 0
	}
	return cmp > 0
}

func TestMoneyExact(t *testing.T) {
	ws := openWS(t)
	ctx := context.Background()
	path := filepath.Join("testdata", "report", "payments.csv")
	mustImport(t, ws, path, "Europe/Bucharest")
	// Independent sums with big.Rat over the same bytes.
	f, _ := os.Open(path)
	recs, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	type key struct{ cur, user, kind string }
	want := map[key]*big.Rat{}
	for _, r := range recs[1:] {
		kind := map[string]string{"Request order refund": "refund", "Place new order on behalf of the shopper": "payment"}[r[2]]
		if kind == "" {
			continue
		}
		v, ok := new(big.Rat).SetString(r[5])
		if !ok {
			t.Fatal(r[5])
		}
		for _, k := range []key{{strings.ToUpper(r[6]), strings.ToLower(r[1]), kind}, {strings.ToUpper(r[6]), "", kind}} {
			if want[k] == nil {
				want[k] = new(big.Rat)
			}
			want[k].Add(want[k], v)
		}
	}
	m, err := ws.Money(ctx, report.Spec{})
	if err != nil {
		t.Fatal(err)
	}
	check := func(r report.MoneyRow) {
		for kind, got := range map[string]activity.Amount{"payment": r.Paid, "refund": r.Refunded} {
			w := want[key{r.Currency, r.User, kind}]
			if w == nil {
				w = new(big.Rat)
			}
			g, _ := new(big.Rat).SetString(got.String())
			if g.Cmp(w) != 0 {
				t.Errorf("%s %q %s: %s, want %s", r.Currency, r.User, kind, got.String(), w.FloatString(6))
			}
		}
	}
	if len(m.ByCurrency) != 2 || len(m.ByUser) != 4 {
		t.Fatalf("money %+v", m)
	}
	for _, r := range append(m.ByCurrency, m.ByUser...) {
		check(r)
	}
	// 0.10 + 0.20 paid in USD by ana pop: exactly 0.3.
	for _, r := range m.ByUser {
		if r.User == "ana pop" && r.Paid.String() != "0.3" {
			t.Errorf("ana pop paid %s, want 0.3", r.Paid.String())
		}
	}
	cur, err := ws.Summary(ctx, report.Spec{}, report.ByCurrency)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cur {
		if c.Key == "EUR" && (c.Count != 2 || c.Amount.String() != "1599.5") {
			t.Errorf("EUR summary %+v %s", c, c.Amount.String())
		}
	}
	if n, _ := ws.Count(ctx, report.Spec{MinAmount: "19.999999", MaxAmount: "100.5", Currencies: []string{"eur", "USD"}}); n != 4 {
		t.Errorf("amount range count %d, want 4", n)
	}
}

func TestHistoryAcrossSystems(t *testing.T) {
	ws := openWS(t)
	ctx := context.Background()
	loc, _ := time.LoadLocation("Europe/Bucharest")
	base := time.Date(2024, 5, 3, 9, 0, 0, 0, loc)
	// The same order number appears in OctopusPro and (as an order) in 2Checkout.
	mustImport(t, ws, writeOcto(t, []octoRow{
		{at: base.Add(3 * time.Hour), user: "Tom", module: "Invoices", action: "Send", history: "Invoice for 9000010 sent", ref: "9000010", ip: "192.0.2.1"},
		{at: base.Add(-time.Hour), user: "Tom", module: "Invoices", action: "Create", history: "Invoice 9000010 created", ref: "9000010", ip: "192.0.2.1"},
		{at: base, user: "Tom", module: "Invoices", action: "View", history: "other", ref: "90000100", ip: "192.0.2.1"},
	}, loc), "Europe/Bucharest")
	mustImport(t, ws, filepath.Join("testdata", "report", "payments.csv"), "Europe/Bucharest")
	h, err := ws.History(ctx, "9000010", "")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for i, e := range h {
		got = append(got, e.System+":"+e.Action)
		if i > 0 && h[i-1].OccurredAt.After(e.OccurredAt) {
			t.Errorf("history out of order")
		}
	}
	want := []string{"octopuspro:Create", "2checkout:Place new order on behalf of the shopper", "2checkout:Request order refund", "octopuspro:Send"}
	if !slices.Equal(got, want) {
		t.Errorf("history %v, want %v", got, want)
	}
	// A subscription reference is the related record of its orders.
	if h, _ := ws.History(ctx, "subb200", ""); len(h) != 2 {
		t.Errorf("history of SUBB200: %d events, want 2", len(h))
	}
}

func TestPeopleReview(t *testing.T) {
	ws := openWS(t)
	ctx := context.Background()
	y, err := os.ReadFile(filepath.Join("testdata", "report", "roster.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := ws.store.SaveProfile(ctx, "staff-roster", "Staff roster", y); err != nil {
		t.Fatal(err)
	}
	if err := ws.loadProfiles(ctx); err != nil {
		t.Fatal(err)
	}
	res := ws.Import(ctx, []ImportFile{{Path: filepath.Join("testdata", "report", "roster.csv"), Profile: "staff-roster"}}, nil)
	if res[0].Error != "" || res[0].People != 3 {
		t.Fatalf("roster import %+v", res[0])
	}
	act := "User ID,First,Last,Email,Category,Action,Date/Time\n" +
		"u1,Ana,A,ANA@x.example,User,Log In,2024-03-01T09:00:00Z\n" +
		"u2,Lea,L,lea@x.example,User,Log In,2024-03-15T21:00:00Z\n" + // 23:00 in Bucharest: still her last day
		"u2,Lea,L,lea@x.example,Admin,Save,2024-03-15T22:30:00Z\n" + // 00:30 on the 16th: after
		"u2,Lea,L,lea@x.example,User,Log In,2024-03-20T08:00:00Z\n" +
		"u9,Ghost,G,ghost@y.example,User,Log In,2024-03-02T08:00:00Z\n"
	p := filepath.Join(t.TempDir(), "activity.csv")
	os.WriteFile(p, []byte(act), 0o644)
	mustImport(t, ws, p, "")
	pr, err := ws.People(ctx, report.Spec{Zone: "Europe/Bucharest"})
	if err != nil {
		t.Fatal(err)
	}
	if pr.Roster != 3 || len(pr.Dormant) != 1 || pr.Dormant[0].Email != "dora@x.example" {
		t.Errorf("dormant %+v", pr.Dormant)
	}
	if len(pr.Unknown) != 1 || pr.Unknown[0].Key != "ghost@y.example" || pr.Unknown[0].Count != 1 {
		t.Errorf("unknown %+v", pr.Unknown)
	}
	if len(pr.Leavers) != 1 || pr.Leavers[0].Email != "lea@x.example" || pr.Leavers[0].After != 2 || len(pr.Leavers[0].EventIDs) != 2 {
		t.Fatalf("leavers %+v", pr.Leavers)
	}
	// In UTC the 22:30 event is still on the 15th: one event after.
	pr, _ = ws.People(ctx, report.Spec{})
	if len(pr.Leavers) != 1 || pr.Leavers[0].After != 1 {
		t.Errorf("leavers in UTC %+v", pr.Leavers)
	}
	// A period without Ana's login makes her dormant too.
	pr, _ = ws.People(ctx, report.Spec{From: "2024-03-10", To: "2024-03-31"})
	if len(pr.Dormant) != 2 {
		t.Errorf("dormant in late March %+v", pr.Dormant)
	}
}

func TestFlagRules(t *testing.T) {
	ws := openWS(t)
	ctx := context.Background()
	loc, _ := time.LoadLocation("Europe/Bucharest")
	at := func(d, h, m int) time.Time { return time.Date(2024, 3, d, h, m, 0, 0, loc) } // March 2024: the 4th is a Monday
	var rows []octoRow
	add := func(user, action string, t time.Time, ip string) {
		rows = append(rows, octoRow{at: t, user: user, module: "Bookings", action: action, history: user + " " + action, ip: ip})
	}
	// Off hours: fires for 22:30 on a Wednesday, not for 10:00 on a Tuesday.
	add("Night Owl", "View", at(6, 22, 30), "198.51.100.1")
	add("Day Worker", "View", at(5, 10, 0), "198.51.100.2")
	// Delete bursts: 5 within 8 minutes fires; 5 every 15 minutes does not.
	for i := 0; i < 5; i++ {
		add("Deleter", "Delete", at(5, 11, 2*i), "198.51.100.3")
		add("Slow Deleter", "Delete", at(5, 11, 15*i/2*2), "198.51.100.4")
	}
	// Failed logins then success: 3 then a login fires; 1 then a login does not.
	for i := 0; i < 3; i++ {
		add("Guesser", "Failed Login", at(7, 9, i), "198.51.100.5")
	}
	add("Guesser", "Login", at(7, 9, 5), "198.51.100.5")
	add("Typo", "Failed Login", at(7, 9, 0), "198.51.100.6")
	add("Typo", "Login", at(7, 9, 1), "198.51.100.6")
	// New IP: Traveller moves to a new address; Homebody never does.
	add("Traveller", "View", at(4, 9, 0), "198.51.100.7")
	add("Traveller", "View", at(8, 9, 0), "198.51.100.77")
	add("Homebody", "View", at(4, 9, 0), "198.51.100.8")
	add("Homebody", "View", at(8, 9, 0), "198.51.100.8")
	// Volume: Spiker does 2 a day, then 30 in a day; Steady does 25 every day.
	for d := 11; d <= 15; d++ {
		add("Spiker", "View", at(d, 9, 0), "198.51.100.9")
		add("Spiker", "View", at(d, 10, 0), "198.51.100.9")
		for i := 0; i < 25; i++ {
			add("Steady", "View", at(d, 9, i), "198.51.100.10")
		}
	}
	for i := 0; i < 30; i++ {
		add("Spiker", "View", at(19, 9, i), "198.51.100.9")
	}
	mustImport(t, ws, writeOcto(t, rows, loc), "Europe/Bucharest")
	flags, err := ws.Flags(ctx, report.Spec{Zone: "Europe/Bucharest"}, report.FlagRules{})
	if err != nil {
		t.Fatal(err)
	}
	byRule := map[string][]report.Flag{}
	for _, f := range flags {
		if f.RuleText == "" || len(f.EventIDs) == 0 || int64(len(f.EventIDs)) != f.Count {
			t.Errorf("flag without its rule or events: %+v", f)
		}
		byRule[f.Rule] = append(byRule[f.Rule], f)
	}
	idsOf := func(user string, kinds ...string) []int64 {
		var out []int64
		ws.Each(ctx, report.Spec{Users: []string{user}, Kinds: kinds, Asc: true}, func(e activity.Event) error {
			out = append(out, e.ID)
			return nil
		})
		return out
	}
	users := func(rule string) []string {
		var u []string
		for _, f := range byRule[rule] {
			u = append(u, f.User)
		}
		slices.Sort(u)
		return slices.Compact(u)
	}
	if got := users(report.RuleOffHours); !slices.Contains(got, "night owl") || slices.Contains(got, "day worker") {
		t.Errorf("off hours flagged %v", got)
	}
	if got := users(report.RuleDeleteBurst); !slices.Equal(got, []string{"deleter"}) {
		t.Errorf("delete bursts flagged %v", got)
	} else if !slices.Equal(byRule[report.RuleDeleteBurst][0].EventIDs, idsOf("Deleter", "delete")) {
		t.Errorf("delete burst events %v", byRule[report.RuleDeleteBurst][0].EventIDs)
	}
	if got := users(report.RuleFailedThenOK); !slices.Equal(got, []string{"guesser"}) {
		t.Errorf("failed logins flagged %v", got)
	} else if !slices.Equal(byRule[report.RuleFailedThenOK][0].EventIDs, idsOf("Guesser")) {
		t.Errorf("failed login events %v", byRule[report.RuleFailedThenOK][0].EventIDs)
	}
	if got := users(report.RuleNewIP); !slices.Equal(got, []string{"traveller"}) {
		t.Errorf("new IP flagged %v", got)
	} else if ids := idsOf("Traveller"); byRule[report.RuleNewIP][0].EventIDs[0] != ids[1] {
		t.Errorf("new IP event %v, want %d", byRule[report.RuleNewIP][0].EventIDs, ids[1])
	}
	if got := users(report.RuleHighVolume); !slices.Equal(got, []string{"spiker"}) || byRule[report.RuleHighVolume][0].Count != 30 {
		t.Errorf("high volume flagged %v %+v", got, byRule[report.RuleHighVolume])
	}
	// Working hours are read in the display zone: 22:30 Bucharest is 15:30 in New York.
	ny, _ := ws.Flags(ctx, report.Spec{Zone: "America/New_York", Users: []string{"night owl"}}, report.FlagRules{})
	for _, f := range ny {
		if f.Rule == report.RuleOffHours {
			t.Errorf("off hours in New York: %+v", f)
		}
	}
}

func TestSavedReports(t *testing.T) {
	fx := loadFixture(t)
	ctx := context.Background()
	spec := report.Spec{Kinds: []string{"delete"}, Zone: "Europe/Bucharest", From: "2024-02-01", To: "2024-02-29"}
	if err := fx.ws.SaveReport(ctx, "Deletions in February", spec); err != nil {
		t.Fatal(err)
	}
	if err := fx.ws.SaveReport(ctx, "bad", report.Spec{Zone: "Nowhere/City"}); err == nil {
		t.Error("a spec that cannot run was saved")
	}
	list, err := fx.ws.SavedReports(ctx)
	if err != nil || len(list) != 1 || list[0].Name != "Deletions in February" || !slices.Equal(list[0].Spec.Kinds, []string{"delete"}) {
		t.Fatalf("saved %+v %v", list, err)
	}
	got, err := fx.ws.SavedReport(ctx, "Deletions in February")
	if err != nil {
		t.Fatal(err)
	}
	n, _ := fx.ws.Count(ctx, got)
	var want int64
	for _, r := range fx.rows {
		l := r.at.In(fx.loc)
		if r.action == "Delete" && l.Month() == time.February {
			want++
		}
	}
	if n != want || want == 0 {
		t.Errorf("saved report counts %d, want %d", n, want)
	}
	if err := fx.ws.DeleteReport(ctx, "Deletions in February"); err != nil {
		t.Fatal(err)
	}
	if err := fx.ws.DeleteReport(ctx, "Deletions in February"); !errors.Is(err, ErrNoSavedReport) {
		t.Errorf("second delete: %v", err)
	}
	own, _ := fx.ws.Count(ctx, report.Spec{Systems: []string{"trailbook"}, Actions: []string{"report_save", "report_delete"}})
	if own != 2 {
		t.Errorf("own events for save/delete: %d, want 2", own)
	}
}

func TestDocumentAndJSONExport(t *testing.T) {
	fx := loadFixture(t)
	ctx := context.Background()
	spec := report.Spec{From: "2024-03-01", To: "2024-03-31", Zone: "Europe/Bucharest", Users: []string{"Tom Dispatcher"},
		Columns: []string{"time", "user", "ip", "action", "kind", "target_ref", "source", "id"}}
	doc, err := fx.ws.Document(ctx, spec, "March, Tom")
	if err != nil {
		t.Fatal(err)
	}
	var want []octoRow
	for _, r := range fx.rows {
		if l := r.at.In(fx.loc); r.user == "Tom Dispatcher" && l.Month() == time.March {
			want = append(want, r)
		}
	}
	if doc.Title != "March, Tom" || doc.Period != "2024-03-01 to 2024-03-31 (Europe/Bucharest)" || doc.Zone.String() != "Europe/Bucharest" {
		t.Errorf("cover %q %q %v", doc.Title, doc.Period, doc.Zone)
	}
	if !slices.Equal(doc.Filters, []string{"users: Tom Dispatcher"}) {
		t.Errorf("filters %q", doc.Filters)
	}
	if doc.Total != int64(len(want)) || len(doc.Columns) != 8 || doc.Columns[0].Type != export.Time || doc.Columns[7].Type != export.Integer {
		t.Errorf("total %d want %d, columns %+v", doc.Total, len(want), doc.Columns)
	}
	b, _ := os.ReadFile(fx.path)
	sum := sha256.Sum256(b)
	if len(doc.Sources) != 1 || doc.Sources[0].SHA256 != hex.EncodeToString(sum[:]) || doc.Sources[0].Rows != int64(len(want)) {
		t.Errorf("sources %+v", doc.Sources)
	}
	if !strings.Contains(doc.Integrity, "not verified") {
		t.Errorf("integrity %q", doc.Integrity)
	}
	var names []string
	for _, tb := range doc.Summaries {
		names = append(names, tb.Name)
	}
	if !slices.Equal(names, []string{"By user", "By kind", "By day", "Money", "Flags"}) || doc.Summaries[2].Chart == nil {
		t.Errorf("summaries %v", names)
	}
	var rows []export.Row
	if err := doc.Rows(ctx, func(r export.Row) error { rows = append(rows, r); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(want) {
		t.Fatalf("rows %d, want %d", len(rows), len(want))
	}
	// Newest first: the first row is the latest of the independent list.
	slices.SortStableFunc(want, func(a, b octoRow) int { return b.at.Compare(a.at) })
	r0 := rows[0]
	if !r0[0].(time.Time).Equal(want[0].at) || r0[1] != "Tom Dispatcher" || r0[2] != want[0].ip || r0[3] != want[0].action ||
		r0[4] != octoKinds[want[0].action] || r0[5] != want[0].ref || !strings.HasPrefix(r0[6].(string), "activity.csv:") {
		t.Errorf("first row %v, want %+v", r0, want[0])
	}
	if _, ok := r0[7].(int64); !ok {
		t.Errorf("id cell %T", r0[7])
	}
	// JSON export to a writer: every event once, recorded as an own export event.
	var out strings.Builder
	res, err := fx.ws.ExportTo(ctx, spec, FormatJSON, &out, ExportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var evs []activity.Event
	if err := json.Unmarshal([]byte(out.String()), &evs); err != nil {
		t.Fatal(err)
	}
	s2 := sha256.Sum256([]byte(out.String()))
	if int64(len(evs)) != res.Rows || len(evs) != len(want) || res.SHA256 != hex.EncodeToString(s2[:]) {
		t.Errorf("json export: %d events, result %+v", len(evs), res)
	}
	var rec []activity.Event
	fx.ws.Each(ctx, report.Spec{Systems: []string{"trailbook"}, Actions: []string{"export"}}, func(e activity.Event) error {
		rec = append(rec, e)
		return nil
	})
	if len(rec) != 1 || rec[0].Extra["sha256"] != res.SHA256 || rec[0].Extra["rows"] != fmt.Sprint(len(want)) {
		t.Errorf("export own event %+v", rec)
	}
}

func TestRollupsFollowImportsAndPurges(t *testing.T) {
	fx := loadFixture(t)
	ctx := context.Background()
	before, _ := fx.ws.Summary(ctx, report.Spec{}, report.ByUser)
	// A second file adds events: the rollups pick up the new ids.
	extra := writeOcto(t, []octoRow{{at: time.Date(2024, 7, 1, 10, 0, 0, 0, fx.loc), user: "New Person", module: "Bookings", action: "View", ip: "192.0.2.9"}}, fx.loc)
	mustImport(t, fx.ws, extra, "Europe/Bucharest")
	after, _ := fx.ws.Summary(ctx, report.Spec{}, report.ByUser)
	if len(after) != len(before)+1 || countsMap(after)["new person"] != 1 {
		t.Errorf("after import %v", after)
	}
	// A purge removes events: the rollups are rebuilt.
	cut := time.Date(2024, 4, 1, 0, 0, 0, 0, fx.loc)
	if _, err := fx.ws.store.Purge(ctx, cut); err != nil {
		t.Fatal(err)
	}
	got, _ := fx.ws.Summary(ctx, report.Spec{}, report.ByUser)
	want := tally(fx.rows, func(r octoRow) string { return asciiLower(r.user) }, func(r octoRow) bool { return !r.at.Before(cut) })
	want["new person"] = 1
	sameCounts(t, "by user after purge", got, want)
}
