package workspace_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"trailbook/backend/workspace"
)

func writeCSV(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

const ticketsHeader = "Ticket #,Changed at,Agent,Change,Agent IP\n"

func TestMappedImportSavedAndRecognised(t *testing.T) {
	ctx := context.Background()
	ws := open(t)
	first := writeCSV(t, "tickets-jan.csv", ticketsHeader+
		"T-1,13/01/2024 09:00,ana,Created ticket,192.0.2.1\n"+
		"T-1,13/01/2024 09:05,ana,Deleted ticket,192.0.2.1\n")
	// Never seen: no profile reads it.
	res := ws.Import(ctx, []workspace.ImportFile{{Path: first}}, nil)
	if res[0].Error == "" || !strings.Contains(res[0].Error, "no profile recognises") {
		t.Fatalf("unknown header imported: %+v", res[0])
	}
	sug, err := ws.Suggest(first)
	if err != nil {
		t.Fatal(err)
	}
	if sug.Map["time"] != "Changed at" || sug.Map["ip"] != "Agent IP" || sug.Map["actor_name"] != "Agent" || sug.DateOrder != "dmy" {
		t.Errorf("suggestion %v order %q", sug.Map, sug.DateOrder)
	}
	f := workspace.ImportFile{Path: first, Zone: "Europe/Bucharest", SaveProfile: "Tickets",
		Map: map[string]string{"time": "Changed at", "actor": "Agent", "action": "Change", "ip": "Agent IP", "target_ref": "Ticket #"}}
	pv, err := ws.Preview(ctx, workspace.PreviewParams{File: f, Rows: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(pv.Records) != 1 || pv.Records[0].Event.TargetRef != "T-1" || pv.Records[0].Event.OccurredAt.Format("15:04") != "07:00" {
		t.Fatalf("preview %+v", pv.Records)
	}
	res = ws.Import(ctx, []workspace.ImportFile{f}, nil)
	if res[0].Error != "" || res[0].Inserted != 2 || res[0].Profile != "tickets" {
		t.Fatalf("mapped import: %+v", res[0])
	}
	// The next file with that header needs no flags; its dates (03/02) are ambiguous
	// and are read day-first as the saved profile learned.
	second := writeCSV(t, "tickets-feb.csv", ticketsHeader+"T-2,03/02/2024 10:00,bo,Exported tickets,192.0.2.2\n")
	res = ws.Import(ctx, []workspace.ImportFile{{Path: second}}, nil)
	if res[0].Error != "" || res[0].Profile != "tickets" || res[0].Inserted != 1 || *res[0].FirstUTC != "2024-02-03T08:00:00Z" {
		t.Fatalf("second file: %+v %v", res[0], res[0].FirstUTC)
	}

	// Share the profile: export, delete, import back.
	y, err := ws.ExportProfile("tickets")
	if err != nil || !strings.Contains(string(y), "Changed at") {
		t.Fatalf("export: %v\n%s", err, y)
	}
	before, _ := ws.Info(ctx)
	if err := ws.DeleteProfile(ctx, "tickets"); err != nil {
		t.Fatal(err)
	}
	if res := ws.Import(ctx, []workspace.ImportFile{{Path: second}}, nil); res[0].Error == "" {
		t.Error("a deleted profile still reads its files")
	}
	if _, err := ws.ImportProfile(ctx, y); err != nil {
		t.Fatal(err)
	}
	res = ws.Import(ctx, []workspace.ImportFile{{Path: second}}, nil)
	if res[0].Error != "" || res[0].Duplicates != 1 {
		t.Errorf("after round trip: %+v", res[0])
	}
	after, _ := ws.Info(ctx)
	// delete + import are own events, and so is the failed import in between.
	if after.OwnEvents-before.OwnEvents < 3 {
		t.Errorf("own events %d -> %d", before.OwnEvents, after.OwnEvents)
	}
	if err := ws.DeleteProfile(ctx, "2checkout"); err == nil {
		t.Error("a built-in profile was deleted")
	}
	if _, err := ws.ImportProfile(ctx, []byte("id: x\n")); err == nil {
		t.Error("a broken profile was imported")
	}
}

func TestAwkwardFiles(t *testing.T) {
	ctx := context.Background()
	ws := open(t)
	m := map[string]string{"time": "Date", "action": "Event"}

	empty := writeCSV(t, "empty.csv", "")
	if _, err := ws.Suggest(empty); err == nil || !strings.Contains(err.Error(), "empty.csv is empty") {
		t.Errorf("empty file: %v", err)
	}
	if res := ws.Import(ctx, []workspace.ImportFile{{Path: empty, Map: m, Zone: "UTC"}}, nil); !strings.Contains(res[0].Error, "is empty") {
		t.Errorf("empty import: %q", res[0].Error)
	}

	// Rows narrower and wider than the header, a nameless last column, marks and controls.
	ragged := writeCSV(t, "ragged.csv", "Date,Event,Who,\n"+
		"2024-01-01 10:00,Login\n"+
		"\u200e2024-01-01 10:05\u200f,\u202aDelete\u202c,ana,x,extra1,extra2\n"+
		"2024-01-01 10:06,Bell\x07,bo,\n")
	res := ws.Import(ctx, []workspace.ImportFile{{Path: ragged, Map: m, Zone: "UTC"}}, nil)
	if r := res[0]; r.Error != "" || r.Inserted != 3 || r.Rejected != 0 {
		t.Fatalf("ragged: %+v", r)
	}

	// Hundreds of columns and a 1 MB cell.
	var b strings.Builder
	for i := 0; i < 400; i++ {
		fmt.Fprintf(&b, "Col %d,", i)
	}
	b.WriteString("Date,Event\n")
	for row := 0; row < 3; row++ {
		for i := 0; i < 400; i++ {
			if row == 1 && i == 7 {
				b.WriteString(`"` + strings.Repeat("long text ", 100_000) + `",`)
				continue
			}
			fmt.Fprintf(&b, "v%d,", i)
		}
		fmt.Fprintf(&b, "2024-01-0%d 00:00:00,Event %d\n", row+1, row)
	}
	wide := writeCSV(t, "wide.csv", b.String())
	sug, err := ws.Suggest(wide)
	if err != nil {
		t.Fatal(err)
	}
	if len(sug.Columns) != 402 || sug.Map["time"] != "Date" {
		t.Errorf("wide suggestion: %d columns, time %q", len(sug.Columns), sug.Map["time"])
	}
	res = ws.Import(ctx, []workspace.ImportFile{{Path: wide, Map: m, Zone: "UTC"}}, nil)
	if r := res[0]; r.Error != "" || r.Inserted != 3 || r.Rejected != 0 {
		t.Fatalf("wide: %+v", r)
	}
	pv, err := ws.Preview(ctx, workspace.PreviewParams{File: workspace.ImportFile{Path: wide, Map: m, Zone: "UTC"}})
	if err != nil {
		t.Fatal(err)
	}
	if got := len(pv.Records[1].Event.Extra["Col 7"]); got != 1_000_000-1 {
		t.Errorf("the 1 MB cell kept %d bytes", got)
	}
}
