package store_test

import (
	"context"
	"maps"
	"testing"

	"trailbook/backend/activity"
)

// The workspace counts read from up-to-date rollups are the counts of the events.
func TestStatsFromRollupsMatchEvents(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	importGen(t, s, 1500)
	g := newGen("crm")
	importEvents(t, s, "crm.csv", []*activity.Event{g.next(), g.next(), g.next()})

	// As in a workspace whose rollups were never built: counted from the events.
	if _, err := s.DB().ExecContext(ctx, `DELETE FROM rollup_state`); err != nil {
		t.Fatal(err)
	}
	scanned, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if fresh, _ := s.RollupsFresh(ctx); fresh {
		t.Fatal("rollups fresh before any refresh")
	}
	if err := s.RefreshRollups(ctx); err != nil {
		t.Fatal(err)
	}
	rolled, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var users, events int64
	if err := s.DB().QueryRowContext(ctx, `SELECT count(DISTINCT system || char(0) || actor_key), count(*) FROM events WHERE system <> 'trailbook'`).Scan(&users, &events); err != nil {
		t.Fatal(err)
	}
	for _, st := range []struct {
		name string
		u, e int64
	}{{"scanned", scanned.Users, scanned.Events}, {"rolled up", rolled.Users, rolled.Events}} {
		if st.u != users || st.e != events {
			t.Errorf("%s: %d users, %d events; want %d, %d", st.name, st.u, st.e, users, events)
		}
	}
	if !maps.Equal(scanned.BySystem, rolled.BySystem) || rolled.BySystem["crm"] != 3 {
		t.Errorf("by system: scanned %v, rolled up %v", scanned.BySystem, rolled.BySystem)
	}
}
