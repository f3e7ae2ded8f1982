package workspace_test

import (
	"context"
	"fmt"
	"testing"

	"trailbook/backend/report"
	"trailbook/backend/workspace"
)

// An import leaves the rollups counting every event it added, so the first report
// after it reads them as they are; the counts they give match the file.
func TestImportBringsRollupsUpToDate(t *testing.T) {
	ctx := context.Background()
	ws := open(t)
	for round, n := range []int{700, 1400} { // the second file repeats the first 700 rows
		res := ws.Import(ctx, []workspace.ImportFile{{Path: backupPanel(t, n)}}, nil)
		if len(res) != 1 || res[0].Error != "" || len(res[0].Warnings) != 0 {
			t.Fatalf("import %d: %+v", round, res)
		}
		fresh, err := ws.RollupsFresh(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !fresh {
			t.Fatalf("after import %d the rollups are behind the events", round)
		}
		// backupPanel spreads the rows over user0..user6 by row number.
		want := map[string]int64{}
		for i := 0; i < n; i++ {
			want[fmt.Sprintf("user%d", i%7)]++
		}
		got, err := ws.Summary(ctx, report.Spec{}, report.ByUser)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(want) {
			t.Fatalf("import %d: %d users, want %d: %+v", round, len(got), len(want), got)
		}
		for _, c := range got {
			if want[c.Key] != c.Count {
				t.Errorf("import %d: %s has %d events, want %d", round, c.Key, c.Count, want[c.Key])
			}
		}
	}
}

// An import that inserts nothing (every row a duplicate) leaves fresh rollups fresh.
func TestImportOfDuplicatesKeepsRollups(t *testing.T) {
	ctx := context.Background()
	ws := open(t)
	file := backupPanel(t, 50)
	for i := 0; i < 2; i++ {
		if res := ws.Import(ctx, []workspace.ImportFile{{Path: file}}, nil); res[0].Error != "" {
			t.Fatal(res[0].Error)
		}
	}
	if fresh, err := ws.RollupsFresh(ctx); err != nil || !fresh {
		t.Fatalf("fresh %v, err %v", fresh, err)
	}
}
