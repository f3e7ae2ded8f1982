package store_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"trailbook/backend/activity"
	"trailbook/backend/store"
)

// clone copies events so a test can change them without touching the originals.
func clone(es []*activity.Event) []*activity.Event {
	out := make([]*activity.Event, len(es))
	for i, e := range es {
		c := *e
		out[i] = &c
	}
	return out
}

// withCopies returns events where the events at the given indexes appear once more
// right after themselves (identical lines, same second).
func withCopies(es []*activity.Event, idx ...int) []*activity.Event {
	var out []*activity.Event
	for i, e := range es {
		out = append(out, e)
		for _, k := range idx {
			if k == i {
				c := *e
				out = append(out, &c)
			}
		}
	}
	return out
}

func reversed(es []*activity.Event) []*activity.Event {
	out := clone(es)
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out
}

func shuffled(es []*activity.Event, seed uint64) []*activity.Event {
	out := clone(es)
	r := rand.New(rand.NewPCG(seed, seed))
	r.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

func TestDedup(t *testing.T) {
	base := genEvents("pay", 0, 1200) // spans several chunks
	// Copies of events 5 and 600 as identical lines: kept as separate events.
	dupes := withCopies(base, 5, 5, 600)
	// An ordered file whose order breaks: the copy of event 3 comes back after
	// later events, far from the first one.
	broken := clone(base[:900])
	broken = append(broken, clone(base[3:4])...)
	broken = append(broken, clone(base[900:])...)
	// ... and with two copies coming back, in one chunk.
	broken2 := clone(base[:900])
	broken2 = append(broken2, clone([]*activity.Event{base[3], base[3], base[4]})...)
	broken2 = append(broken2, clone(base[900:])...)
	// An unordered file with identical events far apart.
	farApart := append(clone(base), clone([]*activity.Event{base[10], base[10], base[1100]})...)

	type step struct {
		name         string
		events       []*activity.Event
		wantInserted int64
		wantDups     int64
	}
	tests := []struct {
		name  string
		steps []step
	}{
		{"re-import adds nothing", []step{
			{"first", base, 1200, 0},
			{"again", base, 0, 1200},
		}},
		{"overlapping export adds only the new rows", []step{
			{"first half", base[:700], 700, 0},
			{"overlap", base[400:], 500, 300},
			{"all", base, 0, 1200},
		}},
		{"identical lines are kept", []step{
			{"with copies", dupes, 1203, 0},
			{"again", dupes, 0, 1203},
			{"without the copies", base, 0, 1200},
		}},
		{"copies arrive later in a second export", []step{
			{"plain", base, 1200, 0},
			{"with copies", dupes, 3, 1200},
		}},
		{"descending file", []step{
			{"newest first", reversed(dupes), 1203, 0},
			{"oldest first", dupes, 0, 1203},
		}},
		{"order breaks after identical events were written", []step{
			{"broken", broken, 1201, 0},
			{"again", broken, 0, 1201},
			{"shuffled", shuffled(broken, 7), 0, 1201},
		}},
		{"order breaks and two copies come back", []step{
			{"broken", broken2, 1203, 0},
			{"again", broken2, 0, 1203},
			{"reversed", reversed(broken2), 0, 1203},
		}},
		{"unordered file with identical events far apart", []step{
			{"shuffled", shuffled(farApart, 1), 1203, 0},
			{"shuffled differently", shuffled(farApart, 2), 0, 1203},
			{"ordered", base, 0, 1200},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openStore(t)
			var total int64
			for _, st := range tt.steps {
				res := importEvents(t, s, st.name+".csv", st.events)
				if res.Inserted != st.wantInserted || res.Duplicates != st.wantDups {
					t.Errorf("%s: inserted %d, duplicates %d; want %d, %d", st.name, res.Inserted, res.Duplicates, st.wantInserted, st.wantDups)
				}
				if res.Rows != int64(len(st.events)) {
					t.Errorf("%s: rows %d, want %d", st.name, res.Rows, len(st.events))
				}
				total += st.wantInserted
			}
			stats, err := s.Stats(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if stats.Events != total {
				t.Errorf("stored %d imported events, want %d", stats.Events, total)
			}
			wantVerifyOK(t, s)
		})
	}
}

func TestImportPeriodCoversDuplicates(t *testing.T) {
	s := openStore(t)
	es := genEvents("pay", 0, 100)
	importEvents(t, s, "a.csv", es[50:])
	res := importEvents(t, s, "b.csv", es)
	if !res.First.Equal(es[0].OccurredAt) || !res.Last.Equal(es[99].OccurredAt) {
		t.Errorf("period %v..%v, want %v..%v", res.First, res.Last, es[0].OccurredAt, es[99].OccurredAt)
	}
	if res.First.Location() != time.UTC {
		t.Errorf("period in %v, want UTC", res.First.Location())
	}
}

func TestRollbackLeavesWorkspaceAsItWas(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name string
		run  func(t *testing.T, s *store.Store)
	}{
		{"rolled back mid-way", func(t *testing.T, s *store.Store) {
			im, err := s.BeginImport(ctx, store.BatchInfo{FileName: "b.csv"})
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range genEvents("pay", 5000, 1700) {
				if err := im.Add(ctx, e); err != nil {
					t.Fatal(err)
				}
			}
			im.Reject(3, "time", "unreadable")
			if err := im.AddPerson(ctx, &activity.Person{Email: "new@example.com"}); err != nil {
				t.Fatal(err)
			}
			if err := im.Rollback(); err != nil {
				t.Fatal(err)
			}
			if err := im.Rollback(); err != nil {
				t.Fatalf("second rollback: %v", err)
			}
			if err := im.Add(ctx, genEvents("pay", 0, 1)[0]); !errors.Is(err, store.ErrImportDone) {
				t.Fatalf("Add after Rollback = %v, want ErrImportDone", err)
			}
		}},
		{"context cancelled between chunks", func(t *testing.T, s *store.Store) {
			cctx, cancel := context.WithCancel(ctx)
			defer cancel()
			im, err := s.BeginImport(cctx, store.BatchInfo{FileName: "b.csv"})
			if err != nil {
				t.Fatal(err)
			}
			var addErr error
			for i, e := range genEvents("pay", 5000, 5000) {
				if i == 1800 {
					cancel()
				}
				if addErr = im.Add(cctx, e); addErr != nil {
					break
				}
			}
			if !errors.Is(addErr, context.Canceled) {
				t.Fatalf("Add after cancel = %v, want context.Canceled", addErr)
			}
			if _, err := im.Commit(ctx, nil); err == nil {
				t.Fatal("Commit after a failed Add succeeded")
			}
			if err := im.Rollback(); err != nil {
				t.Fatal(err)
			}
		}},
		{"context cancelled at commit", func(t *testing.T, s *store.Store) {
			cctx, cancel := context.WithCancel(ctx)
			defer cancel()
			im, err := s.BeginImport(cctx, store.BatchInfo{FileName: "b.csv"})
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range genEvents("pay", 5000, 1300) {
				if err := im.Add(cctx, e); err != nil {
					t.Fatal(err)
				}
			}
			cancel()
			if _, err := im.Commit(cctx, nil); !errors.Is(err, context.Canceled) {
				t.Fatalf("Commit = %v, want context.Canceled", err)
			}
		}},
	}
	for _, c := range cases {
		for _, direct := range []bool{false, true} {
			name := c.name
			if direct {
				name += ", direct"
			}
			t.Run(name, func(t *testing.T) {
				s := openStore(t)
				if direct {
					s = openDirect(t, filepath.Join(t.TempDir(), "direct.trailbook"))
				}
				importEvents(t, s, "a.csv", genEvents("pay", 0, 1000))
				before := fingerprint(t, s)
				c.run(t, s)
				if after := fingerprint(t, s); after != before {
					t.Errorf("workspace changed: %s -> %s", before, after)
				}
				if mode := journalMode(t, s); mode != "wal" {
					t.Errorf("journal mode after the rollback: %q, want wal", mode)
				}
				wantVerifyOK(t, s)
				// The write lock was released: another import goes through.
				res := importEvents(t, s, "c.csv", genEvents("pay", 5000, 10))
				if res.Inserted != 10 {
					t.Errorf("next import inserted %d, want 10", res.Inserted)
				}
				wantVerifyOK(t, s)
			})
		}
	}
}

func TestCommitTwiceAndRollbackAfterCommit(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	im, err := s.BeginImport(ctx, store.BatchInfo{FileName: "a.csv"})
	if err != nil {
		t.Fatal(err)
	}
	if err := im.Add(ctx, genEvents("pay", 0, 1)[0]); err != nil {
		t.Fatal(err)
	}
	if _, err := im.Commit(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := im.Commit(ctx, nil); !errors.Is(err, store.ErrImportDone) {
		t.Errorf("second Commit = %v, want ErrImportDone", err)
	}
	if err := im.Rollback(); err != nil {
		t.Errorf("Rollback after Commit = %v, want nil", err)
	}
	if st, _ := s.Stats(ctx); st.Events != 1 {
		t.Errorf("events = %d, want 1", st.Events)
	}
}

func TestRejectsAndSkips(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	im, err := s.BeginImport(ctx, store.BatchInfo{FileName: "r.csv", System: "pay"})
	if err != nil {
		t.Fatal(err)
	}
	es := genEvents("pay", 0, 20)
	for _, e := range es[:10] {
		if err := im.Add(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	im.Reject(40, "Date", `"31/02/2024" is not a date`)
	im.Skip(41, "total line")
	forged := *es[10]
	forged.System = activity.OwnSystem
	if err := im.Add(ctx, &forged); err != nil {
		t.Fatal(err)
	}
	noTime := *es[11]
	noTime.OccurredAt = time.Time{}
	if err := im.Add(ctx, &noTime); err != nil {
		t.Fatal(err)
	}
	badKind := *es[12]
	badKind.Kind = "deleted"
	if err := im.Add(ctx, &badKind); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2500; i++ { // more than one write of rejects
		im.Reject(int64(100+i), "Amount", "not a number")
	}
	res, err := im.Commit(ctx, []string{"2 columns were not mapped"})
	if err != nil {
		t.Fatal(err)
	}
	want := store.BatchResult{BatchID: res.BatchID, Rows: 10 + 2504 + 1, Inserted: 10, Rejected: 2504, Skipped: 1,
		First: res.First, Last: res.Last}
	if !reflect.DeepEqual(res, want) {
		t.Errorf("result = %+v, want %+v", res, want)
	}
	rows, err := s.Rejects(ctx, res.BatchID)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2505 {
		t.Fatalf("%d reject rows, want 2505", len(rows))
	}
	wantFirst := []store.RejectRow{
		{Line: es[10].Line, Column: "system", Reason: `system "trailbook" is reserved for Trailbook's own actions`},
		{Line: es[11].Line, Column: "occurred_at", Reason: "the event has no time"},
		{Line: es[12].Line, Column: "kind", Reason: `unknown kind "deleted"`},
		{Line: 40, Column: "Date", Reason: `"31/02/2024" is not a date`},
		{Line: 41, Reason: "total line", Skipped: true},
		{Line: 100, Column: "Amount", Reason: "not a number"},
	}
	if !reflect.DeepEqual(rows[:6], wantFirst) {
		t.Errorf("first rejects = %+v, want %+v", rows[:6], wantFirst)
	}
	bs, err := s.Batches(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(bs) != 1 || bs[0].Rejected != 2504 || bs[0].Skipped != 1 || !reflect.DeepEqual(bs[0].Warnings, []string{"2 columns were not mapped"}) {
		t.Errorf("batch = %+v", bs)
	}
	wantVerifyOK(t, s)
}

func TestEventRoundTrip(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	cycles := int64(3)
	at := time.Date(2024, 10, 27, 0, 30, 0, 123e6, time.UTC)
	in := &activity.Event{
		OccurredAt: at.In(time.Local), SourceTime: "27.10.2024 02:30:00,123", SourceZone: "Europe/Berlin",
		ActorID: "42", ActorName: "Zoë O'Brien", ActorEmail: "Zoe@Example.com", ActorCompany: "ACME \"Intl\"", IP: "2001:db8::1",
		System: "events", Module: "Bookings", Action: "Booking cancelled", Kind: activity.KindDelete, Meaning: "A booking was cancelled",
		TargetType: "booking", TargetID: "10234", TargetRef: "BOK-10234", TargetName: "Summer gala\nrow 2", RelatedRef: "SUB-ABCD123",
		Amount: &activity.Amount{Micros: -49_500_000}, Currency: "EUR", BillingCycles: &cycles,
		Description: "tab\there, emoji 🎉, nul \x00 byte, bad utf8 \xff",
		Changes:     []activity.Change{{Field: "status", Old: "booked", New: "cancelled"}, {Field: "password", Old: "***", New: "***"}},
		Extra:       map[string]string{"Seat": "A1", "Note": "</script> & \u2028", "": "empty key"},
		Warnings:    []string{"time in the repeated hour read as its first occurrence"},
		Line:        7,
	}
	res := importEvents(t, s, "rt.csv", []*activity.Event{in})
	got, err := s.Event(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	want := *in
	want.ID, want.BatchID, want.OccurredAt = 1, res.BatchID, at
	if !reflect.DeepEqual(*got, want) {
		t.Errorf("round trip:\n got %+v\nwant %+v", *got, want)
	}
	if got.OccurredAt.Location() != time.UTC {
		t.Errorf("OccurredAt in %v, want UTC", got.OccurredAt.Location())
	}
	own, err := s.Event(ctx, 2)
	if err != nil {
		t.Fatal(err)
	}
	if own.System != activity.OwnSystem || own.Action != "import" || own.BatchID != 0 || own.TargetRef != "rt.csv" || own.Extra["inserted"] != "1" || own.ActorID == "" {
		t.Errorf("own import event = %+v", own)
	}
	if _, err := s.Event(ctx, 99); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Event(99) = %v, want ErrNotFound", err)
	}
	wantVerifyOK(t, s)
}

func TestPeopleUpsert(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	im, err := s.BeginImport(ctx, store.BatchInfo{FileName: "roster1.csv"})
	if err != nil {
		t.Fatal(err)
	}
	add := func(im *store.Import, p activity.Person) {
		t.Helper()
		if err := im.AddPerson(ctx, &p); err != nil {
			t.Fatal(err)
		}
	}
	add(im, activity.Person{Email: "Anna.Berg@Example.com", UserID: "u1", Name: "Anna Berg", Company: "ACME", Tags: []string{"admin"}})
	add(im, activity.Person{Email: "bo@example.com", Name: "Bo"})
	if err := im.AddPerson(ctx, &activity.Person{Name: "No Mail"}); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("AddPerson without email = %v, want ErrInvalid", err)
	}
	// Events and people in one file: the import goes on after the people.
	for _, e := range genEvents("pay", 0, 600) {
		if err := im.Add(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	res, err := im.Commit(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.People != 2 || res.Inserted != 600 {
		t.Errorf("result = %+v, want 2 people and 600 events", res)
	}

	im, err = s.BeginImport(ctx, store.BatchInfo{FileName: "roster2.csv"})
	if err != nil {
		t.Fatal(err)
	}
	add(im, activity.Person{Email: " anna.berg@example.com ", Title: "CFO", EndDate: "2024-12-31", Extra: map[string]string{"Dept": "Finance"}})
	if _, err := im.Commit(ctx, nil); err != nil {
		t.Fatal(err)
	}
	got, err := s.People(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []activity.Person{
		{Email: "anna.berg@example.com", UserID: "u1", Name: "Anna Berg", Company: "ACME", Title: "CFO", Tags: []string{"admin"}, EndDate: "2024-12-31", Extra: map[string]string{"Dept": "Finance"}},
		{Email: "bo@example.com", Name: "Bo"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("people:\n got %+v\nwant %+v", got, want)
	}
	if st, _ := s.Stats(ctx); st.People != 2 {
		t.Errorf("Stats.People = %d, want 2", st.People)
	}
	wantVerifyOK(t, s)
}

// TestReadersDuringImport: WAL lets readers work while an import holds the
// write lock, and a second writer waits for it instead of failing.
func TestReadersDuringImport(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	importEvents(t, s, "a.csv", genEvents("pay", 0, 1000))
	before, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}

	im, err := s.BeginImport(ctx, store.BatchInfo{FileName: "b.csv"})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range genEvents("pay", 1000, 3000) { // several chunks written, not committed
		if err := im.Add(ctx, e); err != nil {
			t.Fatal(err)
		}
	}

	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 5; j++ {
				st, err := s.Stats(ctx)
				if err != nil {
					errs <- err
					return
				}
				if st.Events != before.Events {
					errs <- errors.New("a reader saw uncommitted events")
					return
				}
				v, err := s.Verify(ctx)
				if err != nil || !v.OK {
					errs <- errors.Join(err, errors.New("verify during import failed"))
					return
				}
				if _, err := s.Events(ctx, 0, 100); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	// A writer waits for the import (busy timeout) and then succeeds.
	ownDone := make(chan error, 1)
	go func() {
		_, err := s.AppendOwn(ctx, "export", activity.KindExport, "Exported a report", nil)
		ownDone <- err
	}()
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("reader during import: %v", err)
	}
	select {
	case err := <-ownDone:
		t.Fatalf("a second writer finished while the import held the lock: %v", err)
	case <-time.After(200 * time.Millisecond):
	}
	res, err := im.Commit(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := <-ownDone; err != nil {
		t.Fatalf("writer after the import: %v", err)
	}
	after, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if after.Events != before.Events+res.Inserted || after.OwnEvents != before.OwnEvents+2 {
		t.Errorf("after: %d events, %d own; want %d, %d", after.Events, after.OwnEvents, before.Events+res.Inserted, before.OwnEvents+2)
	}
	wantVerifyOK(t, s)
}

// TestBulkImportRebuildsIndexes: an import much larger than what is stored
// builds the secondary indexes after the load; whether it commits or rolls
// back, the schema ends exactly as the migrations made it.
func TestBulkImportRebuildsIndexes(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	importEvents(t, s, "small.csv", genEvents("pay", 0, 50))
	schema := func() string {
		return mustCLI(t, s.Path(), `SELECT name || ': ' || sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name;`)
	}
	before := schema()
	if !strings.Contains(before, "events_actor") {
		t.Fatalf("schema has no events_actor index:\n%s", before)
	}
	big := store.BatchInfo{FileName: "big.csv", System: "pay", Size: 50 << 20}
	for _, commit := range []bool{false, true} {
		im, err := s.BeginImport(ctx, big)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range genEvents("pay", 1000, 6000) {
			if err := im.Add(ctx, e); err != nil {
				t.Fatal(err)
			}
		}
		if commit {
			if res, err := im.Commit(ctx, nil); err != nil || res.Inserted != 6000 {
				t.Fatalf("commit = %+v, %v; want 6000 inserted", res, err)
			}
		} else if err := im.Rollback(); err != nil {
			t.Fatal(err)
		}
		if after := schema(); after != before {
			t.Fatalf("commit %v: indexes differ after a bulk import:\nbefore\n%s\nafter\n%s", commit, before, after)
		}
	}
	plan := mustCLI(t, s.Path(), `EXPLAIN QUERY PLAN SELECT id FROM events WHERE actor_key = 'x' AND system = 'pay';`)
	if !strings.Contains(plan, "events_actor") {
		t.Errorf("a user filter does not use the rebuilt index: %s", plan)
	}
	wantVerifyOK(t, s)
}

// Imports leave the ids to SQLite when the stored ids end at the ledger head,
// and bind them otherwise: both store the same rows with the same chain.
func TestImportIDsBoundOrNumberedAlike(t *testing.T) {
	es := genEvents("pay", 0, 1300)
	heads := map[bool]string{}
	for _, explicit := range []bool{false, true} {
		path := filepath.Join(t.TempDir(), "w.trailbook")
		s := openAt(t, path)
		store.SetExplicitIDs(s, explicit)
		importEvents(t, s, "a.csv", es[:800])
		res := importEvents(t, s, "b.csv", es[500:]) // overlaps: looked up, then written
		if res.Inserted != 500 || res.Duplicates != 300 {
			t.Fatalf("explicit ids %v: inserted %d, duplicates %d; want 500, 300", explicit, res.Inserted, res.Duplicates)
		}
		wantVerifyOK(t, s)
		s.Close()
		// Every column but the chain, which also covers Trailbook's own events (dated now).
		heads[explicit] = mustCLI(t, path, `SELECT id, occurred_at, source_time, source_zone, actor_id, actor_name,
  actor_email, actor_company, ip, actor_key, system, module, action, kind, quote(meaning_id), target_type, target_id,
  target_ref, target_name, related_ref, quote(amount_micros), currency, quote(billing_cycles), description,
  quote(changes), quote(extra), quote(warnings), batch_id, line, hex(row_hash)
FROM events WHERE system <> 'trailbook' ORDER BY id;`)
	}
	if n := strings.Count(heads[false], "\n") + 1; n != 1300 {
		t.Fatalf("%d imported rows, want 1300", n)
	}
	if heads[false] != heads[true] {
		t.Fatalf("rows numbered by SQLite differ from rows with their ids bound:\n%s\n---\n%s", heads[false], heads[true])
	}
}

// A chunk of very wide rows is written in several statements; every row is
// stored whole and the chain holds.
func TestImportWideRows(t *testing.T) {
	path := filepath.Join(t.TempDir(), "w.trailbook")
	s := openAt(t, path)
	es := genEvents("pay", 0, 600)
	for i, e := range es {
		e.Description = fmt.Sprintf("%d:", i) + strings.Repeat("wide ", 20_000) // 100 KB: 500 rows exceed one statement's blob
	}
	if res := importEvents(t, s, "wide.csv", es); res.Inserted != 600 {
		t.Fatalf("inserted %d, want 600", res.Inserted)
	}
	wantVerifyOK(t, s)
	s.Close()
	got := mustCLI(t, path, `SELECT count(*), sum(length(description)), count(DISTINCT substr(description, 1, 4)) FROM events WHERE system = 'pay';`)
	var want int
	for _, e := range es {
		want += len(e.Description)
	}
	if exp := fmt.Sprintf("600|%d|600", want); got != exp {
		t.Fatalf("stored %s, want %s", got, exp)
	}
}
