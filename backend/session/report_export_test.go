package session_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"trailbook/backend/report"
	"trailbook/backend/session"
)

func TestExportXLSXReadBack(t *testing.T) {
	rec := &recorder[session.ExportProgress]{name: session.EventExportProgress}
	s, _, _ := newSession(t, rec.emit)
	_, recs := importBasic(t, s)
	want := map[string]int64{}
	for _, r := range recs[1:] {
		want[strings.ToLower(r[2])]++
	}
	// XLSX export of the admin rows, read back: one header row, then one row per event.
	admin := int64(want["admin"])
	out := filepath.Join(t.TempDir(), "admin.xlsx")
	res, err := s.Export(session.ExportParams{JobID: "x1", Spec: report.Spec{Users: []string{"admin"}}, Format: "xlsx", Title: "Admin", Path: out})
	if err != nil || res.Rows != admin {
		t.Fatalf("export: %+v %v (want %d rows)", res, err, admin)
	}
	x, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	var details [][]string
	for _, sh := range x.GetSheetList() {
		r, _ := x.GetRows(sh)
		if len(r) == int(admin)+1 {
			details = r
		}
	}
	if details == nil {
		t.Fatalf("no sheet with %d rows and a header in %v", admin, x.GetSheetList())
	}
	progress := rec.all()
	last := progress[len(progress)-1]
	if last.JobID != "x1" || last.Total != admin {
		t.Fatalf("last progress %+v", last)
	}
	if _, err := s.Export(session.ExportParams{JobID: "x2", Format: "pdf", Path: out}); err == nil {
		t.Fatal("a pdf export was accepted")
	}
	if _, err := s.Export(session.ExportParams{JobID: "x3", Format: "csv"}); err == nil {
		t.Fatal("an export without a path ran")
	}
}
