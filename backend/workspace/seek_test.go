package workspace

import (
	"context"
	"fmt"
	"testing"

	"trailbook/backend/activity"
	"trailbook/backend/report"
)

// A jump by offset lands on the same rows as streaming the whole report and counting.
func TestSeekLandsOnTheRowOfTheStream(t *testing.T) {
	fx := loadFixture(t)
	ctx := context.Background()
	for _, spec := range []report.Spec{
		{},
		{Asc: true},
		{Sort: report.ColumnUser},
		{Sort: report.ColumnAmount, Asc: true},
		{From: "2024-02-01", To: "2024-03-31", Zone: "Europe/Bucharest", Users: []string{"Tom Dispatcher"}},
		// Rollup-served jumps: a period with partial hours at its edges (Kolkata is +05:30), kinds.
		{From: "2024-02-01T10:20", To: "2024-03-31T16:45", Zone: "Asia/Kolkata"},
		{From: "2024-02-01", To: "2024-03-31", Zone: "Europe/Bucharest", Asc: true},
		{Kinds: []string{"update", "create"}},
	} {
		t.Run(fmt.Sprintf("%+v", spec), func(t *testing.T) {
			var all []int64
			if err := fx.ws.Each(ctx, spec, func(e activity.Event) error {
				all = append(all, e.ID)
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			if len(all) < 10 {
				t.Fatalf("fixture too small for this spec: %d rows", len(all))
			}
			for _, off := range []int{0, 1, 7, len(all) / 2, len(all) - 3, len(all) - 1} {
				cur, err := fx.ws.Seek(ctx, spec, int64(off))
				if err != nil {
					t.Fatal(err)
				}
				p, err := fx.ws.Query(ctx, spec, report.PageRequest{Cursor: cur, Limit: 5})
				if err != nil {
					t.Fatal(err)
				}
				want := all[off:min(off+5, len(all))]
				if len(p.Events) != len(want) {
					t.Fatalf("offset %d: %d rows, want %d", off, len(p.Events), len(want))
				}
				for i, e := range p.Events {
					if e.ID != want[i] {
						t.Fatalf("offset %d row %d: event %d, want %d", off, i, e.ID, want[i])
					}
				}
			}
			cur, err := fx.ws.Seek(ctx, spec, int64(len(all)+10))
			if err != nil {
				t.Fatal(err)
			}
			p, err := fx.ws.Query(ctx, spec, report.PageRequest{Cursor: cur, Limit: 5})
			if err != nil || len(p.Events) != 0 {
				t.Fatalf("past the end: %d rows, %v", len(p.Events), err)
			}
		})
	}
}
