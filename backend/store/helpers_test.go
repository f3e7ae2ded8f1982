package store_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"trailbook/backend/activity"
	"trailbook/backend/store"
)

var (
	genActions = []string{"Login", "Logout", "View order", "Create order", "Update order", "Delete order", "Refund", "Export report", "Change role"}
	genKinds   = []activity.Kind{activity.KindLogin, activity.KindLogout, activity.KindView, activity.KindCreate, activity.KindUpdate, activity.KindDelete, activity.KindRefund, activity.KindExport, activity.KindPermissionChange}
	genModules = []string{"Orders", "Users", "Reports", "Billing", "Settings"}
	genNames   = []string{"Anna Berg", "Bo Chen", "Carla Diaz", "Dev Patel", "Eva Novak", "Femi Ade", "Gus Holm", "Hana Ito"}
	genBase    = time.Date(2024, 3, 1, 6, 0, 0, 0, time.UTC)
)

// gen makes realistic synthetic events, time-ordered, step apart.
type gen struct {
	i    int
	step time.Duration
	sys  string
}

func newGen(system string) *gen { return &gen{step: 700 * time.Millisecond, sys: system} }

func (g *gen) next() *activity.Event {
	i := g.i
	g.i++
	return synth(i, g.sys, genBase.Add(time.Duration(i)*g.step))
}

// synth is event number i of a synthetic export: 500 users, nine actions,
// an amount on every tenth row, a change on every seventh, three extra columns.
func synth(i int, system string, at time.Time) *activity.Event {
	u := i * 7919 % 500
	us := strconv.Itoa(u)
	ref := "ORD-" + strconv.Itoa(1000000+i%50000)
	e := &activity.Event{
		OccurredAt:  at,
		SourceTime:  at.Format("2006-01-02 15:04:05.000"),
		SourceZone:  "Europe/Berlin",
		ActorID:     "u" + us,
		ActorName:   genNames[u%len(genNames)] + " " + us,
		ActorEmail:  "user" + us + "@example.com",
		IP:          "10.0." + strconv.Itoa(u%250) + "." + strconv.Itoa(i%250),
		System:      system,
		Module:      genModules[i%len(genModules)],
		Action:      genActions[i%len(genActions)],
		Kind:        genKinds[i%len(genKinds)],
		TargetType:  "order",
		TargetRef:   ref,
		Description: genActions[i%len(genActions)] + " " + ref + " for customer " + strconv.Itoa(i%9973),
		Extra:       map[string]string{"Browser": "Chrome 120", "Location": "Berlin, DE", "Session": strconv.Itoa(i / 20)},
		Line:        int64(i + 2),
	}
	if i%10 == 0 {
		e.Amount = &activity.Amount{Micros: int64(i%100000) * 10000}
		e.Currency = "EUR"
	}
	if i%7 == 0 {
		e.Changes = []activity.Change{{Field: "status", Old: "open", New: "shipped"}}
	}
	return e
}

// genEvents makes n synthetic events of system starting at event number from.
func genEvents(system string, from, n int) []*activity.Event {
	out := make([]*activity.Event, n)
	for i := range out {
		k := from + i
		out[i] = synth(k, system, genBase.Add(time.Duration(k)*700*time.Millisecond))
		out[i].Line = int64(i + 2)
	}
	return out
}

func openStore(t testing.TB) *store.Store {
	t.Helper()
	return openAt(t, filepath.Join(t.TempDir(), "work.trailbook"))
}

func openAt(t testing.TB, path string) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// importEvents imports events as one batch and fails the test on error.
func importEvents(t testing.TB, s *store.Store, name string, events []*activity.Event) store.BatchResult {
	t.Helper()
	res, _ := importTelling(t, s, name, events)
	return res
}

// importTelling is importEvents that also tells whether the import wrote
// directly into the file (see store.DirectImports).
func importTelling(t testing.TB, s *store.Store, name string, events []*activity.Event) (store.BatchResult, bool) {
	t.Helper()
	ctx := context.Background()
	im, err := s.BeginImport(ctx, store.BatchInfo{FileName: name, System: "pay", Profile: "pay-v1", SourceZone: "Europe/Berlin"})
	if err != nil {
		t.Fatalf("begin import %s: %v", name, err)
	}
	defer im.Rollback()
	for _, e := range events {
		if err := im.Add(ctx, e); err != nil {
			t.Fatalf("add %s line %d: %v", name, e.Line, err)
		}
	}
	res, err := im.Commit(ctx, nil)
	if err != nil {
		t.Fatalf("commit %s: %v", name, err)
	}
	return res, im.Direct()
}

// importGen imports n generated events and returns the result and the rate.
func importGen(t testing.TB, s *store.Store, n int) (store.BatchResult, float64) {
	t.Helper()
	ctx := context.Background()
	g := newGen("pay")
	start := time.Now()
	im, err := s.BeginImport(ctx, store.BatchInfo{FileName: "gen.csv", System: "pay"})
	if err != nil {
		t.Fatalf("begin import: %v", err)
	}
	defer im.Rollback()
	for i := 0; i < n; i++ {
		if err := im.Add(ctx, g.next()); err != nil {
			t.Fatalf("add: %v", err)
		}
	}
	res, err := im.Commit(ctx, nil)
	if err != nil {
		t.Fatalf("commit: %v", err)
	}
	return res, float64(n) / time.Since(start).Seconds()
}

func mustVerify(t testing.TB, s *store.Store) store.VerifyResult {
	t.Helper()
	v, err := s.Verify(context.Background())
	if err != nil {
		t.Fatalf("verify: %v", err)
	}
	return v
}

func wantVerifyOK(t testing.TB, s *store.Store) {
	t.Helper()
	if v := mustVerify(t, s); !v.OK {
		t.Fatalf("verify: not OK: %+v bad=%+v", v, v.Bad)
	}
}

// allEvents reads every stored event in id order.
func allEvents(t testing.TB, s *store.Store) []activity.Event {
	t.Helper()
	var out []activity.Event
	var after int64
	for {
		page, err := s.Events(context.Background(), after, 1000)
		if err != nil {
			t.Fatalf("events: %v", err)
		}
		if len(page) == 0 {
			return out
		}
		out = append(out, page...)
		after = page[len(page)-1].ID
	}
}

// fingerprint summarises everything a user can see in the workspace.
func fingerprint(t testing.TB, s *store.Store) string {
	t.Helper()
	ctx := context.Background()
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatalf("stats: %v", err)
	}
	bs, err := s.Batches(ctx)
	if err != nil {
		t.Fatalf("batches: %v", err)
	}
	var rejects [][]store.RejectRow
	for _, b := range bs {
		r, err := s.Rejects(ctx, b.ID)
		if err != nil {
			t.Fatalf("rejects: %v", err)
		}
		rejects = append(rejects, r)
	}
	ppl, err := s.People(ctx)
	if err != nil {
		t.Fatalf("people: %v", err)
	}
	b, err := json.Marshal([]any{st, bs, rejects, ppl, allEvents(t, s)})
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%d bytes, sha256 %x", len(b), sha256.Sum256(b))
}

func readFile(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// sqliteCLI runs statements with the real sqlite3 shell on a workspace file, the
// way someone tampering with it would. The tests need it: they fail, not skip,
// without it.
func sqliteCLI(t testing.TB, db, sql string) (string, error) {
	t.Helper()
	bin := "/usr/bin/sqlite3"
	if _, err := os.Stat(bin); err != nil {
		if bin, err = exec.LookPath("sqlite3"); err != nil {
			t.Fatalf("the sqlite3 command-line shell is required for the tamper tests (apt-get install sqlite3): %v", err)
		}
	}
	var out bytes.Buffer
	cmd := exec.Command(bin, "-bail", db)
	cmd.Stdin = strings.NewReader(sql)
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatalf("run sqlite3: %v", err)
	}
	return out.String(), err
}

func mustCLI(t testing.TB, db, sql string) string {
	t.Helper()
	out, err := sqliteCLI(t, db, sql)
	if err != nil {
		t.Fatalf("sqlite3 %q: %v: %s", sql, err, out)
	}
	return strings.TrimSpace(out)
}

func BenchmarkImport(b *testing.B) {
	s := openStore(b)
	b.ResetTimer()
	start := time.Now()
	res, _ := importGen(b, s, b.N)
	el := time.Since(start)
	b.StopTimer()
	if res.Inserted != int64(b.N) {
		b.Fatalf("inserted %d of %d", res.Inserted, b.N)
	}
	b.ReportMetric(float64(b.N)/el.Seconds(), "rows/s")
}

func BenchmarkVerify(b *testing.B) {
	s := openStore(b)
	const n = 200_000
	importGen(b, s, n)
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		if v, err := s.Verify(context.Background()); err != nil || !v.OK {
			b.Fatalf("verify: %+v %v", v, err)
		}
	}
	b.ReportMetric(float64(n*b.N)/time.Since(start).Seconds(), "rows/s")
}

// TestImportRate imports 200,000 synthetic rows (TRAILBOOK_IMPORT_ROWS to
// change) and logs the rate and the verification time.
func TestImportRate(t *testing.T) {
	if testing.Short() {
		t.Skip("rate measurement")
	}
	s := openStore(t)
	n := 200_000
	if v, err := strconv.Atoi(os.Getenv("TRAILBOOK_IMPORT_ROWS")); err == nil && v > 0 {
		n = v
	}
	res, rate := importGen(t, s, n)
	if res.Inserted != int64(n) {
		t.Fatalf("inserted %d, want %d", res.Inserted, n)
	}
	start := time.Now()
	v := mustVerify(t, s)
	if !v.OK || v.Events != int64(n)+1 {
		t.Fatalf("verify: %+v", v)
	}
	verifyTime := time.Since(start)
	start = time.Now()
	st, err := s.Stats(context.Background())
	if err != nil || st.Events != int64(n) {
		t.Fatalf("stats: %+v %v", st, err)
	}
	t.Logf("imported %d rows at %.0f rows/s; verified %d events in %v; stats in %v", n, rate, v.Events, verifyTime, time.Since(start))
}
