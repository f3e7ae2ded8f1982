package store_test

import (
	"context"
	"testing"

	"trailbook/backend/activity"
	"trailbook/backend/store"
)

var testMeanings = []string{
	"Viewed a piece of content. This means they went to the content page and stayed there for any amount of time.",
	"Downloaded a resource file from a content page.",
	"Sent a direct message to another user, after the initial message request.",
	"", // an action the profile documents no meaning for
}

// withMeanings gives events the meaning of their action, as a profile would.
func withMeanings(events []*activity.Event, first int) []*activity.Event {
	for i, e := range events {
		e.Meaning = testMeanings[(first+i)%len(testMeanings)]
	}
	return events
}

func queryInt(t *testing.T, s *store.Store, q string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := s.DB().QueryRowContext(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

// Each meaning text is stored once; events refer to it, read back with it, and
// the chain covers it: editing the text is caught at the first event using it.
func TestMeaningsStoredOnce(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	importEvents(t, s, "a.csv", withMeanings(genEvents("pay", 0, 1300), 0))
	importEvents(t, s, "b.csv", withMeanings(genEvents("pay", 1300, 200), 1))

	if n := queryInt(t, s, `SELECT count(*) FROM meanings`); n != 3 {
		t.Fatalf("%d meanings stored, want 3", n)
	}
	if n := queryInt(t, s, `SELECT count(*) FROM events WHERE meaning <> ''`); n != 0 {
		t.Fatalf("%d events still carry their meaning text", n)
	}
	if n := queryInt(t, s, `SELECT count(*) FROM events WHERE meaning_id IS NOT NULL`); n != 1125 { // 3 of every 4
		t.Fatalf("%d events refer to a meaning, want 1125", n)
	}
	for id := int64(1); id <= 8; id++ {
		e, err := s.Event(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if want := testMeanings[(id-1)%4]; e.Meaning != want {
			t.Fatalf("event %d: meaning %q, want %q", id, e.Meaning, want)
		}
	}
	if v, err := s.Verify(ctx); err != nil || !v.OK {
		t.Fatalf("verify: %+v %v", v, err)
	}

	first := queryInt(t, s, `SELECT min(e.id) FROM events e JOIN meanings m ON m.id = e.meaning_id WHERE m.text = ?`, testMeanings[1])
	if _, err := s.DB().ExecContext(ctx, `DROP TRIGGER meanings_no_update;
UPDATE meanings SET text = 'Nothing to see here.' WHERE text = ?`, testMeanings[1]); err != nil {
		t.Fatal(err)
	}
	v, err := s.Verify(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if v.OK || v.Bad == nil || v.Bad.Kind != store.BadAltered || v.Bad.ID != first {
		t.Fatalf("verify after editing a meaning: %+v %+v; want event %d altered", v, v.Bad, first)
	}
}

// Events written before meanings had their own table keep the text in the row:
// they read back and verify as before.
func TestMeaningsInOlderRows(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	importEvents(t, s, "a.csv", withMeanings(genEvents("pay", 0, 40), 0))
	// The layout of an event written before 0004_meanings.
	if _, err := s.DB().ExecContext(ctx, `DROP TRIGGER events_no_update;
UPDATE events SET meaning = (SELECT text FROM meanings WHERE id = meaning_id), meaning_id = NULL WHERE meaning_id IS NOT NULL;
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN
    SELECT RAISE(ABORT, 'events are append-only');
END;`); err != nil {
		t.Fatal(err)
	}
	if n := queryInt(t, s, `SELECT count(*) FROM events WHERE meaning <> ''`); n != 30 {
		t.Fatalf("%d events carry their text, want 30", n)
	}
	e, err := s.Event(ctx, 2)
	if err != nil {
		t.Fatal(err)
	}
	if e.Meaning != testMeanings[1] {
		t.Fatalf("meaning %q, want %q", e.Meaning, testMeanings[1])
	}
	if v, err := s.Verify(ctx); err != nil || !v.OK {
		t.Fatalf("verify: %+v %v", v, err)
	}
	// A new import next to them still stores each text once.
	importEvents(t, s, "b.csv", withMeanings(genEvents("pay", 40, 40), 0))
	if n := queryInt(t, s, `SELECT count(*) FROM meanings`); n != 3 {
		t.Fatalf("%d meanings stored, want 3", n)
	}
	if v, err := s.Verify(ctx); err != nil || !v.OK {
		t.Fatalf("verify: %+v %v", v, err)
	}
}
