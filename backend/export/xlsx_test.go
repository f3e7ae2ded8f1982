package export

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

func summaryTables(t *testing.T) []Table {
	loc := bucharest(t)
	day := func(d int) time.Time { return time.Date(2024, 3, d, 0, 0, 0, 0, loc) }
	return []Table{
		{
			Name:    "By user",
			Columns: []Column{{Key: "user", Title: "User", Type: Text}, {Key: "count", Title: "Events", Type: Integer}, {Key: "amount", Title: "Amount", Type: Amount}},
			Rows:    []Row{{"ana@example.com", int64(1234), Micros(12_500_000)}, {hostile, int64(1), nil}},
		},
		{
			Name:    "By day",
			Columns: []Column{{Key: "day", Title: "Day", Type: Time}, {Key: "count", Title: "Events", Type: Integer}},
			Rows:    []Row{{day(1), int64(10)}, {day(2), int64(25)}, {day(3), int64(7)}},
			Chart:   &Chart{Title: "Events per day", Category: 0, Value: 1},
		},
	}
}

func writeSample(t *testing.T, doc Document, perSheet int) ([]byte, int64) {
	t.Helper()
	var buf bytes.Buffer
	n, err := writeXLSX(context.Background(), &buf, doc, perSheet)
	if err != nil {
		t.Fatalf("write xlsx: %v", err)
	}
	return buf.Bytes(), n
}

func open(t *testing.T, data []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("read back: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func TestWriteXLSXReadBack(t *testing.T) {
	doc := sampleDoc(t)
	doc.Summaries = summaryTables(t)
	var last int64
	doc.Progress = func(n int64) { last = n }
	data, n := writeSample(t, doc, excelMaxDataRows)
	want := sampleRows()
	if n != int64(len(want)) || last != n {
		t.Fatalf("wrote %d rows (last progress %d), want %d", n, last, len(want))
	}
	f := open(t, data)

	if got := strings.Join(f.GetSheetList(), "|"); got != "Cover|By user|By day|Details" {
		t.Fatalf("sheets = %s", got)
	}
	// It opens on the cover, the only sheet whose tab is selected.
	if i := f.GetActiveSheetIndex(); i != 0 {
		t.Errorf("active sheet %d, want 0 (Cover)", i)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var selected []string
	for _, zf := range zr.File {
		if !strings.HasPrefix(zf.Name, "xl/worksheets/sheet") {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(b, []byte(`tabSelected="1"`)) || bytes.Contains(b, []byte(`tabSelected="true"`)) {
			selected = append(selected, zf.Name)
		}
	}
	if len(selected) != 1 || selected[0] != "xl/worksheets/sheet1.xml" {
		t.Errorf("selected tabs: %v, want the cover's alone (xl/worksheets/sheet1.xml)", selected)
	}
	rows, err := f.GetRows("Details")
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(rows[0], "|"); got != "Time (Europe/Bucharest)|User|Label|Line|Amount" {
		t.Fatalf("details header = %s", got)
	}
	if len(rows)-1 != len(want) {
		t.Fatalf("%d detail rows read back, want %d", len(rows)-1, len(want))
	}
	for i, d := range want {
		r := strconv.Itoa(i + 2)
		// Time: a number cell with a date-time format, showing the Bucharest wall time.
		assertDateCell(t, f, "Details", "A"+r, d.wall)
		assertCell(t, f, "Details", "B"+r, d.user, excelize.CellTypeInlineString)
		// Text is stored as it was given, hostile or not: it is a string cell, never a formula.
		assertCell(t, f, "Details", "C"+r, d.label, excelize.CellTypeInlineString)
		assertCell(t, f, "Details", "D"+r, strconv.FormatInt(d.line, 10), excelize.CellTypeUnset)
		// Amounts: the stored number is the exact decimal (the shown one has the format's
		// two to six places).
		if raw, _ := f.GetCellValue("Details", "E"+r, excelize.Options{RawCellValue: true}); raw != d.csvAmt {
			t.Errorf("Details!E%s holds %q, want %q", r, raw, d.csvAmt)
		}
	}
	// Text with a line break wraps within its column; other text keeps the column's style.
	for cell, want := range map[string]bool{"C8": true, "C2": false, "B8": false} {
		id, err := f.GetCellStyle("Details", cell)
		if err != nil {
			t.Fatal(err)
		}
		style, err := f.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		if got := style.Alignment != nil && style.Alignment.WrapText; got != want {
			t.Errorf("Details!%s wraps: %v, want %v", cell, got, want)
		}
	}
	if v, _ := f.GetCellValue("Details", "C2"); v != hostile {
		t.Fatalf("hostile label shown as %q", v)
	}
	if v, _ := f.GetCellValue("By user", "A3"); v != hostile {
		t.Fatalf("hostile summary label shown as %q", v)
	}

	// Frozen header and a filter over the whole detail range.
	panes, err := f.GetPanes("Details")
	if err != nil || !panes.Freeze || panes.YSplit != 1 {
		t.Fatalf("details panes = %+v, %v; want the header row frozen", panes, err)
	}
	tables, err := f.GetTables("Details")
	if err != nil || len(tables) != 1 || tables[0].Range != "A1:E8" {
		t.Fatalf("details tables = %+v, %v; want one filterable table A1:E8", tables, err)
	}
	if w, _ := f.GetColWidth("Details", "A"); w < 19 {
		t.Errorf("time column width %v is too narrow for a date-time", w)
	}

	// Summaries: numbers are numbers, the day column shows dates.
	assertCell(t, f, "By user", "B2", "1,234", excelize.CellTypeUnset)
	assertDateCell(t, f, "By day", "A3", "2024-03-02")
	assertCell(t, f, "By day", "B3", "25", excelize.CellTypeUnset)

	// The cover says what, when, where from and how many.
	cover := sheetText(t, f, "Cover")
	for _, s := range []string{
		"Activity, March to December 2024", "2024-03-01 to 2024-12-31 (Europe/Bucharest)",
		"2025-01-01 01:00:00 (Europe/Bucharest)", "users: ana@example.com, bob", "search: " + hostile,
		"user-activity-export.csv", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
		"chain intact, 7 events verified", "7 on sheet Details", "2024-12-30 10:00:00",
	} {
		if !strings.Contains(cover, "\x00"+s+"\x00") {
			t.Errorf("cover lacks %q; it has %q", s, cover)
		}
	}

	if !strings.Contains(cover, "\x00Europe/Bucharest (") {
		t.Error("cover does not name the display zone")
	}
	assertCell(t, f, "By user", "C2", "12.50", excelize.CellTypeUnset)

	assertNoFormulas(t, f, data)
	assertChart(t, data, "By day", "'By day'!$A$2:$A$4", "'By day'!$B$2:$B$4")
}

// TestWriteXLSXSplit lowers the rows per sheet so the continuation sheets appear with a
// few rows; each sheet repeats the header and the rows continue in order.
// The details are streamed and never read back: an export of 20,000 rows allocates a
// fraction of what reading the sheet back would (169 MB for these rows, when the
// cover was chosen after the details were written).
func TestWriteXLSXDoesNotReadDetailsBack(t *testing.T) {
	cols := []Column{{Key: "time", Title: "Time", Type: Time}, {Key: "user", Title: "User"}, {Key: "action", Title: "Action"}}
	const n = 20_000
	doc := Document{Title: "Activity", Generated: time.Now(), Zone: time.UTC, Columns: cols, Total: n,
		Rows: func(ctx context.Context, yield func(Row) error) error {
			for i := range n {
				if err := yield(Row{time.Unix(int64(i)*60, 0), "user" + strconv.Itoa(i%40), "login"}); err != nil {
					return err
				}
			}
			return nil
		}}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	if _, err := WriteXLSX(context.Background(), io.Discard, doc); err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	if mb := (after.TotalAlloc - before.TotalAlloc) >> 20; mb > 80 {
		t.Errorf("writing %d rows allocated %d MB; the details are being read back", n, mb)
	}
}

func TestWriteXLSXSplit(t *testing.T) {
	doc := sampleDoc(t)
	var rows []Row
	for i := int64(1); i <= 7; i++ {
		rows = append(rows, Row{utc("2024-05-01T10:00:00Z"), "u", "l", i, nil})
	}
	doc.Rows = rowsOf(rows)
	data, n := writeSample(t, doc, 3)
	if n != 7 {
		t.Fatalf("wrote %d rows, want 7", n)
	}
	f := open(t, data)
	if got := strings.Join(f.GetSheetList(), "|"); got != "Cover|Details|Details 2|Details 3" {
		t.Fatalf("sheets = %s", got)
	}
	var lines []string
	for _, s := range []string{"Details", "Details 2", "Details 3"} {
		got, err := f.GetRows(s)
		if err != nil {
			t.Fatal(err)
		}
		if got[0][0] != "Time (Europe/Bucharest)" {
			t.Fatalf("%s header = %q", s, got[0])
		}
		for _, r := range got[1:] {
			lines = append(lines, r[3])
		}
	}
	if got := strings.Join(lines, ","); got != "1,2,3,4,5,6,7" {
		t.Fatalf("lines across sheets = %s", got)
	}
	if !strings.Contains(sheetText(t, f, "Cover"), "7 on sheets Details, Details 2, Details 3") {
		t.Fatal("cover does not name the continuation sheets")
	}
	assertNoFormulas(t, f, data)
}

func TestWriteXLSXNoRows(t *testing.T) {
	doc := sampleDoc(t)
	doc.Rows = rowsOf(nil)
	data, n := writeSample(t, doc, excelMaxDataRows)
	f := open(t, data)
	rows, err := f.GetRows("Details")
	if err != nil || n != 0 || len(rows) != 1 || rows[0][1] != "User" {
		t.Fatalf("n=%d rows=%q err=%v; want only the header", n, rows, err)
	}
}

func TestWriteXLSXCancel(t *testing.T) {
	// The stream writer spills rows to temp files; a cancel must not leave them behind.
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	doc := sampleDoc(t)
	spilled := 0
	doc.Rows = endless(300_000, func() {
		ents, _ := os.ReadDir(tmp)
		spilled = len(ents)
		cancel()
	})
	var buf bytes.Buffer
	_, err := WriteXLSX(ctx, &buf, doc)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if buf.Len() != 0 {
		t.Fatalf("a cancelled export wrote %d bytes", buf.Len())
	}
	if spilled == 0 {
		t.Fatal("no temp file existed before the cancel; the test no longer covers the clean-up")
	}
	assertOnly(t, tmp)
}

func TestWriteXLSXWrongValue(t *testing.T) {
	doc := sampleDoc(t)
	doc.Rows = rowsOf([]Row{{"2024-01-01", "u", "l", int64(1), nil}})
	_, err := WriteXLSX(context.Background(), io.Discard, doc)
	if err == nil || !strings.Contains(err.Error(), `row 1, column "time": want time.Time, got string`) {
		t.Fatalf("err = %v", err)
	}
}

func TestSummarySheetNames(t *testing.T) {
	s := newSheetNames()
	got := []string{s.summary("By user"), s.summary("by user"), s.summary("Details"), s.summary("a/b:c?"),
		s.summary(strings.Repeat("x", 40)), s.summary(strings.Repeat("x", 40)), s.summary("Cover")}
	want := []string{"By user", "by user 2", "Details (summary)", "a b c", strings.Repeat("x", 31), strings.Repeat("x", 29) + " 2", "Cover 2"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("names = %q, want %q", got, want)
	}
}

// assertCell checks the shown value and, unless typ is CellTypeUnset, the cell type.
func assertCell(t *testing.T, f *excelize.File, sheet, cell, want string, typ excelize.CellType) {
	t.Helper()
	got, err := f.GetCellValue(sheet, cell)
	if err != nil || got != want {
		t.Errorf("%s!%s = %q (%v), want %q", sheet, cell, got, err, want)
	}
	if typ != excelize.CellTypeUnset {
		if gt, _ := f.GetCellType(sheet, cell); gt != typ {
			t.Errorf("%s!%s type = %v, want %v", sheet, cell, gt, typ)
		}
	}
}

// assertDateCell checks that a cell holds a number with a date format that shows want.
func assertDateCell(t *testing.T, f *excelize.File, sheet, cell, want string) {
	t.Helper()
	raw, err := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	serial, err := strconv.ParseFloat(raw, 64)
	if err != nil {
		t.Errorf("%s!%s holds %q, not a number", sheet, cell, raw)
		return
	}
	// Independent of the writer's own conversion: the serial read back as a date.
	back, err := excelize.ExcelDateToTime(serial, false)
	if err != nil {
		t.Fatal(err)
	}
	layout := "2006-01-02 15:04:05"[:len(want)]
	if got := back.Round(time.Second).Format(layout); got != want {
		t.Errorf("%s!%s serial %v is %s, want %s", sheet, cell, serial, got, want)
	}
	styleID, err := f.GetCellStyle(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(styleID)
	if err != nil || st.CustomNumFmt == nil || !strings.Contains(*st.CustomNumFmt, "yy") {
		t.Errorf("%s!%s number format = %+v, want a date format", sheet, cell, st)
	}
	if shown, _ := f.GetCellValue(sheet, cell); shown != want {
		t.Errorf("%s!%s shows %q, want %q", sheet, cell, shown, want)
	}
}

// sheetText joins every cell of a sheet with NUL separators, for containment checks.
func sheetText(t *testing.T, f *excelize.File, sheet string) string {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteByte(0)
	for _, r := range rows {
		for _, c := range r {
			b.WriteString(c)
			b.WriteByte(0)
		}
	}
	return b.String()
}

// assertNoFormulas asks excelize for the formula of every cell of every sheet, and also
// looks for a formula element in the raw sheet XML, which covers cells GetRows skips.
func assertNoFormulas(t *testing.T, f *excelize.File, data []byte) {
	t.Helper()
	cells := 0
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for ri, r := range rows {
			for ci := range r {
				name, _ := excelize.CoordinatesToCellName(ci+1, ri+1)
				if fm, err := f.GetCellFormula(sheet, name); err != nil || fm != "" {
					t.Errorf("%s!%s has formula %q (%v)", sheet, name, fm, err)
				}
				cells++
			}
		}
	}
	if cells == 0 {
		t.Fatal("no cells checked")
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	formula := regexp.MustCompile(`<f[ >/]`)
	sheets := 0
	for _, zf := range zr.File {
		if !strings.HasPrefix(zf.Name, "xl/worksheets/sheet") {
			continue
		}
		sheets++
		if b := readZip(t, zf); formula.Match(b) {
			t.Errorf("%s holds a formula element", zf.Name)
		}
	}
	if sheets != len(f.GetSheetList()) {
		t.Errorf("found %d sheet parts for %d sheets", sheets, len(f.GetSheetList()))
	}
}

// assertChart finds the sheet's drawing and checks that its chart is a column chart over
// the expected ranges.
func assertChart(t *testing.T, data []byte, sheet, cats, vals string) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string][]byte{}
	for _, zf := range zr.File {
		parts[zf.Name] = readZip(t, zf)
	}
	// workbook.xml names the sheet's relationship id; its target is the sheet part.
	rid := regexp.MustCompile(`<sheet name="` + regexp.QuoteMeta(sheet) + `" sheetId="\d+" r:id="(rId\d+)"`).FindSubmatch(parts["xl/workbook.xml"])
	if rid == nil {
		t.Fatalf("sheet %s not in workbook.xml", sheet)
	}
	target := regexp.MustCompile(`Id="` + string(rid[1]) + `" Target="(?:/xl/)?([^"]+)"`).FindSubmatch(parts["xl/_rels/workbook.xml.rels"])
	if target == nil {
		t.Fatalf("no target for %s", rid[1])
	}
	sheetPart := strings.TrimPrefix(string(target[1]), "worksheets/")
	rels := string(parts["xl/worksheets/_rels/"+sheetPart+".rels"])
	drawing := regexp.MustCompile(`Id="(rId\d+)" Target="\.\./drawings/([^"]+)"`).FindStringSubmatch(rels)
	if drawing == nil {
		t.Fatalf("sheet %s (%s) has no drawing: %s", sheet, sheetPart, rels)
	}
	// The sheet itself must place the drawing, or no spreadsheet shows the chart.
	if !strings.Contains(string(parts["xl/worksheets/"+sheetPart]), `<drawing r:id="`+drawing[1]+`"`) {
		t.Fatalf("sheet %s does not place its drawing %s", sheet, drawing[1])
	}
	drawing = drawing[1:]
	drels := string(parts["xl/drawings/_rels/"+drawing[1]+".rels"])
	chart := regexp.MustCompile(`Target="\.\./charts/([^"]+)"`).FindStringSubmatch(drels)
	if chart == nil {
		t.Fatalf("drawing %s has no chart", drawing[1])
	}
	xml := string(parts["xl/charts/"+chart[1]])
	for _, s := range []string{"<barChart>", `<barDir val="col"`, "<f>" + escapeXML(cats) + "</f>", "<f>" + escapeXML(vals) + "</f>", "Events per day", `<varyColors val="0"`, `formatCode="yyyy-mm-dd"`} {
		if !strings.Contains(xml, s) {
			t.Errorf("chart %s lacks %s", chart[1], s)
		}
	}
}

func escapeXML(s string) string { return strings.ReplaceAll(s, "'", "&#39;") }

func readZip(t *testing.T, zf *zip.File) []byte {
	t.Helper()
	rc, err := zf.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(fmt.Errorf("%s: %w", zf.Name, err))
	}
	return b
}
