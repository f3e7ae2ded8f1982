package store_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"trailbook/backend/activity"
	"trailbook/backend/store"
)

// sqliteLower lower-cases ASCII only, as SQLite's lower() does.
func sqliteLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

func TestStatsAgainstIndependentCounts(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	pay := genEvents("pay", 0, 1500)
	crm := genEvents("crm", 700, 900)
	// Actors identified by id only, by name only, and by an email in another case.
	odd := []*activity.Event{
		{OccurredAt: genBase.Add(-time.Hour), System: "crm", Action: "Login", Kind: activity.KindLogin, ActorID: "X-1", Line: 2},
		{OccurredAt: genBase.Add(-time.Hour + time.Second), System: "crm", Action: "Login", Kind: activity.KindLogin, ActorName: "Ünal Öz", Line: 3},
		{OccurredAt: genBase.Add(-time.Hour + 2*time.Second), System: "crm", Action: "Login", Kind: activity.KindLogin, ActorEmail: "USER1@EXAMPLE.COM", ActorName: "Shouting", Line: 4},
	}
	importEvents(t, s, "pay.csv", pay)
	importEvents(t, s, "crm.csv", append(clone(odd), crm...))
	importEvents(t, s, "pay-again.csv", pay[:100]) // duplicates only

	// The independent count, from the events themselves.
	all := append(append(clone(pay), odd...), crm...)
	users := map[string]bool{}
	bySystem := map[string]int64{}
	first, last := all[0].OccurredAt, all[0].OccurredAt
	for _, e := range all {
		key := e.ActorEmail
		if key == "" {
			key = e.ActorID
		}
		if key == "" {
			key = e.ActorName
		}
		users[e.System+"\x00"+sqliteLower(key)] = true
		bySystem[e.System]++
		if e.OccurredAt.Before(first) {
			first = e.OccurredAt
		}
		if e.OccurredAt.After(last) {
			last = e.OccurredAt
		}
	}
	bySystem[activity.OwnSystem] = 3 // the three imports

	v, err := s.Verify(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.RecordVerify(ctx, v); err != nil {
		t.Fatal(err)
	}
	bySystem[activity.OwnSystem]++

	got, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got.LastVerify == nil {
		t.Fatal("no LastVerify after RecordVerify")
	}
	if !got.LastVerify.OK || got.LastVerify.Events != v.Events || got.LastVerify.Problem != "" || time.Since(got.LastVerify.At) > time.Minute {
		t.Errorf("LastVerify = %+v, want OK over %d events, just now", got.LastVerify, v.Events)
	}
	got.LastVerify = nil
	want := store.Stats{
		Events:    int64(len(all)),
		OwnEvents: 4,
		Batches:   3,
		Users:     int64(len(users)),
		First:     &first,
		Last:      &last,
		BySystem:  bySystem,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("stats:\n got %+v\nwant %+v", got, want)
	}
	if got.First.Location() != time.UTC {
		t.Errorf("First in %v, want UTC", got.First.Location())
	}
}

func TestRecordVerifyOfAProblem(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	bad := store.VerifyResult{OK: false, Events: 10, Problems: 1, Bad: &store.BadRow{ID: 4, Kind: store.BadMissing, Problem: "missing: event 4 was deleted outside Trailbook"}}
	e, err := s.RecordVerify(ctx, bad)
	if err != nil {
		t.Fatal(err)
	}
	if e.Action != "verify" || e.Extra["ok"] != "false" || !strings.Contains(e.Description, "missing: event 4") {
		t.Errorf("verify event = %+v", e)
	}
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.LastVerify == nil || st.LastVerify.OK || st.LastVerify.Events != 10 || st.LastVerify.Problem != bad.Bad.Problem {
		t.Errorf("LastVerify = %+v", st.LastVerify)
	}
}

func TestBatchesNewestFirst(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	es := genEvents("pay", 0, 40)
	info := store.BatchInfo{FileName: "users-activity.csv", Size: 12345, SHA256: strings.Repeat("ab", 32), Profile: "payplat-users-activity",
		System: "pay", SourceZone: "Europe/Berlin", ImportedBy: "auditor", Header: []string{"Date", "User", "Action"}}
	im, err := s.BeginImport(ctx, info)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range es[:30] {
		if err := im.Add(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	r1, err := im.Commit(ctx, []string{"ambiguous dates read day-first"})
	if err != nil {
		t.Fatal(err)
	}
	r2 := importEvents(t, s, "second.csv", es[20:])

	got, err := s.Batches(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].ID != r2.BatchID || got[1].ID != r1.BatchID {
		t.Fatalf("batches = %+v, want the second import first", got)
	}
	b := got[1]
	b.ImportedAt = time.Time{}
	first, last := es[0].OccurredAt, es[29].OccurredAt
	want := store.Batch{ID: r1.BatchID, FileName: info.FileName, Size: info.Size, SHA256: info.SHA256, Profile: info.Profile,
		System: "pay", SourceZone: "Europe/Berlin", Header: info.Header, First: &first, Last: &last, FirstID: 1, LastID: 30,
		Rows: 30, Inserted: 30, Warnings: []string{"ambiguous dates read day-first"}, ImportedBy: "auditor", Status: "complete"}
	if !reflect.DeepEqual(b, want) {
		t.Errorf("batch:\n got %+v\nwant %+v", b, want)
	}
	if time.Since(got[1].ImportedAt) > time.Minute {
		t.Errorf("ImportedAt = %v", got[1].ImportedAt)
	}
	if got[0].Inserted != 10 || got[0].Duplicates != 10 || got[0].FirstID != 32 || got[0].LastID != 41 || got[0].ImportedBy == "" {
		t.Errorf("second batch = %+v, want 10 new (ids 32..41), 10 duplicates, the OS user", got[0])
	}
}

func TestSavedProfiles(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	y1 := []byte("name: My export\nsystem: acme\n")
	y2 := []byte("name: My export v2\nsystem: acme\n")
	if err := s.SaveProfile(ctx, "acme-users", "My export", y1); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveProfile(ctx, "zeta", "Another", []byte("x: 1\n")); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveProfile(ctx, "acme-users", "My export v2", y2); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveProfile(ctx, " ", "blank", nil); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("blank id: %v, want ErrInvalid", err)
	}
	got, err := s.SavedProfiles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].ID != "zeta" || got[1].ID != "acme-users" || string(got[1].YAML) != string(y2) ||
		got[1].Name != "My export v2" || got[1].UpdatedAt.Before(got[1].CreatedAt) {
		t.Errorf("profiles = %+v", got)
	}
	if err := s.DeleteProfile(ctx, "zeta"); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteProfile(ctx, "zeta"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("second delete: %v, want ErrNotFound", err)
	}
	got, _ = s.SavedProfiles(ctx)
	if len(got) != 1 || got[0].ID != "acme-users" {
		t.Errorf("after delete: %+v", got)
	}
	// Each change is an own event; the failed ones are not.
	var actions []string
	for _, e := range allEvents(t, s) {
		if e.System == activity.OwnSystem {
			actions = append(actions, e.Action+":"+e.TargetID)
		}
	}
	wantActions := []string{"profile_save:acme-users", "profile_save:zeta", "profile_save:acme-users", "profile_delete:zeta"}
	if !reflect.DeepEqual(actions, wantActions) {
		t.Errorf("own events = %q, want %q", actions, wantActions)
	}
	last := lastOwn(t, s)
	if last.Kind != activity.KindDelete {
		t.Errorf("delete event kind = %s", last.Kind)
	}
	sum := sha256.Sum256(y2)
	third, err := s.Event(ctx, 3)
	if err != nil {
		t.Fatal(err)
	}
	if third.Extra["sha256"] != hex.EncodeToString(sum[:]) {
		t.Errorf("save event extra = %v, want the YAML's sha256", third.Extra)
	}
	wantVerifyOK(t, s)
}
