package report

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"trailbook/backend/activity"
	"trailbook/backend/store"
)

// planStore is a workspace of two systems: "pay" with 6,000 events of 20 users
// (one in five a delete) and "crm" with 300 events of the first 5 users.
func planStore(t *testing.T) (*store.Store, []activity.Event) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "w.trailbook"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	start := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	var all []activity.Event
	for _, b := range []struct {
		system       string
		n, users, at int
	}{{"pay", 6000, 20, 0}, {"crm", 300, 5, 7}} {
		im, err := st.BeginImport(ctx, store.BatchInfo{FileName: b.system + ".csv", System: b.system})
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < b.n; i++ {
			ev := activity.Event{
				OccurredAt: start.Add(time.Duration(i*60+b.at) * time.Second), Line: int64(i + 2),
				ActorName: fmt.Sprintf("u%d", i%b.users), System: b.system, Action: "UPDATE", Kind: activity.KindUpdate,
				TargetRef: fmt.Sprintf("R-%d", i),
			}
			if i%5 == 0 {
				ev.Action, ev.Kind = "DELETE", activity.KindDelete
			}
			if err := im.Add(ctx, &ev); err != nil {
				t.Fatal(err)
			}
			all = append(all, ev)
		}
		if _, err := im.Commit(ctx, nil); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.RefreshRollups(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := st.DB().ExecContext(ctx, "ANALYZE"); err != nil {
		t.Fatal(err)
	}
	return st, all
}

// The first page of a common filter is read through an index in display order:
// no plan sorts every matching row. And the page holds the newest matching
// events, as a plain filter of the generated events says.
func TestFirstPageWalksAnIndexInOrder(t *testing.T) {
	ctx := context.Background()
	st, all := planStore(t)
	e := New(st, nil)
	for _, c := range []struct {
		name  string
		spec  Spec
		keep  func(ev activity.Event) bool
		sorts bool // the rows come from two index ranges: SQLite sorts them
	}{
		{"one user", Spec{Users: []string{"U13"}}, func(ev activity.Event) bool { return ev.ActorName == "u13" }, false},
		{"a user in two systems", Spec{Users: []string{"u3"}}, func(ev activity.Event) bool { return ev.ActorName == "u3" }, true},
		{"a common kind", Spec{Kinds: []string{"delete"}}, func(ev activity.Event) bool { return ev.Kind == activity.KindDelete }, false},
		{"a big system", Spec{Systems: []string{"pay"}}, func(ev activity.Event) bool { return ev.System == "pay" }, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			comp, err := e.prepareRows(ctx, c.spec)
			if err != nil {
				t.Fatal(err)
			}
			q := e.selectSQL(ctx, comp, comp.where, "e.occurred_at", true) + " LIMIT 101"
			rows, err := st.DB().QueryContext(ctx, "EXPLAIN QUERY PLAN "+q, comp.args...)
			if err != nil {
				t.Fatal(err)
			}
			var plan []string
			for rows.Next() {
				var id, parent, unused int
				var detail string
				if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
					t.Fatal(err)
				}
				plan = append(plan, detail)
			}
			rows.Close()
			if !c.sorts && slices.Contains(plan, "USE TEMP B-TREE FOR ORDER BY") {
				t.Errorf("the plan sorts every match:\n%s\n%s", q, strings.Join(plan, "\n"))
			}

			var want []time.Time
			for _, ev := range all {
				if c.keep(ev) {
					want = append(want, ev.OccurredAt)
				}
			}
			slices.SortFunc(want, func(a, b time.Time) int { return b.Compare(a) })
			page, err := e.Query(ctx, c.spec, PageRequest{Limit: 50})
			if err != nil {
				t.Fatal(err)
			}
			if len(page.Events) != 50 {
				t.Fatalf("%d events, want 50", len(page.Events))
			}
			for i, ev := range page.Events {
				if !c.keep(ev) || !ev.OccurredAt.Equal(want[i]) {
					t.Fatalf("row %d: %s %s %s at %s, want one at %s", i, ev.ActorName, ev.System, ev.Kind, ev.OccurredAt, want[i])
				}
			}
			n, err := e.Count(ctx, c.spec)
			if err != nil || n != int64(len(want)) {
				t.Fatalf("count %d (%v), want %d", n, err, len(want))
			}
		})
	}
}
