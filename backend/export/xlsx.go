package export

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// excelMaxDataRows is how many detail rows fit on one sheet under its header row
// (Excel's limit is 1,048,576 rows).
const excelMaxDataRows = 1_048_575

// widthSample is how many leading detail rows are looked at to size text columns.
const widthSample = 500

// WriteXLSX writes doc as a workbook: a Cover sheet, one sheet per summary table (with a
// column chart where the table asks for one), then the detail rows on "Details",
// continuing on "Details 2", "Details 3"... past Excel's row limit. Details come last:
// a reader in a meeting goes cover, then the summaries that tell the story, and reaches
// for the evidence only when asked; the continuation sheets also stay together at the end.
// Every text is written as a string cell, never as a formula. It returns the number of
// detail rows written.
func WriteXLSX(ctx context.Context, w io.Writer, doc Document) (int64, error) {
	return writeXLSX(ctx, w, doc, excelMaxDataRows)
}

// writeXLSX is WriteXLSX with the rows per detail sheet as a parameter, so tests can make
// the split happen with a few rows.
func writeXLSX(ctx context.Context, w io.Writer, doc Document, perSheet int) (int64, error) {
	if err := doc.check("xlsx"); err != nil {
		return 0, err
	}
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return 0, fmt.Errorf("xlsx: styles: %w", err)
	}
	names := newSheetNames()
	if err := f.SetSheetName(f.GetSheetName(0), coverSheet); err != nil {
		return 0, fmt.Errorf("xlsx: cover: %w", err)
	}
	cv, err := writeCover(f, st, doc)
	if err == nil {
		err = printSetup(f, coverSheet)
	}
	if err != nil {
		return 0, fmt.Errorf("xlsx: cover: %w", err)
	}
	for _, t := range doc.Summaries {
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		if err := writeSummary(f, st, doc.zone(), names.summary(t.Name), t); err != nil {
			return 0, fmt.Errorf("xlsx: summary %q: %w", t.Name, err)
		}
	}
	// The workbook opens on the cover. Chosen before the details exist: SetActiveSheet
	// reads every sheet back into memory, streamed ones included (afterwards it took
	// 1.7 s and 250 MB for 20,000 rows).
	f.SetActiveSheet(0)
	n, sheets, err := writeDetails(ctx, f, st, doc, perSheet)
	if err != nil {
		return n, fmt.Errorf("xlsx: %w", err)
	}
	where := "sheet " + sheets[0]
	if len(sheets) > 1 {
		where = "sheets " + strings.Join(sheets, ", ")
	}
	if err := f.SetCellStr(coverSheet, cv.rowsCell, formatCount(n)+" on "+where); err != nil {
		return n, fmt.Errorf("xlsx: cover: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return n, err
	}
	if err := f.Write(w); err != nil {
		return n, fmt.Errorf("xlsx: write: %w", err)
	}
	return n, nil
}

const coverSheet = "Cover"

// styles holds the style ids made once per workbook, so no cell creates a style.
type styles struct {
	title, label, header, wrap    int
	dateTime, date, count, amount int
	integer                       int // plain, for ids and line numbers in the details
}

func newStyles(f *excelize.File) (styles, error) {
	var s styles
	dateTime, date, amount := "yyyy-mm-dd hh:mm:ss", "yyyy-mm-dd", "#,##0.00####"
	defs := []struct {
		id    *int
		style excelize.Style
	}{
		{&s.title, excelize.Style{Font: &excelize.Font{Bold: true, Size: 16}}},
		{&s.label, excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{Vertical: "top"}}},
		{&s.header, excelize.Style{
			Font:      &excelize.Font{Bold: true},
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDE4EE"}},
			Border:    []excelize.Border{{Type: "bottom", Color: "8EA2BF", Style: 1}},
			Alignment: &excelize.Alignment{Vertical: "center"},
		}},
		{&s.wrap, excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}},
		{&s.dateTime, excelize.Style{CustomNumFmt: &dateTime}},
		{&s.date, excelize.Style{CustomNumFmt: &date}},
		{&s.count, excelize.Style{NumFmt: 3}}, // #,##0
		{&s.amount, excelize.Style{CustomNumFmt: &amount}},
		{&s.integer, excelize.Style{NumFmt: 1}}, // 0
	}
	for _, d := range defs {
		id, err := f.NewStyle(&d.style)
		if err != nil {
			return s, err
		}
		*d.id = id
	}
	return s, nil
}

// sheetNames hands out valid, unique sheet names; "Cover" and "Details..." stay reserved.
type sheetNames struct{ used map[string]bool }

func newSheetNames() *sheetNames {
	return &sheetNames{used: map[string]bool{strings.ToLower(coverSheet): true}}
}

func (s *sheetNames) summary(name string) string {
	name = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`:\/?*[]`, r) || r < ' ' {
			return ' '
		}
		return r
	}, name)
	name = strings.Trim(strings.TrimSpace(name), "'")
	if name == "" {
		name = "Summary"
	}
	if isDetailName(name) {
		name += " (summary)"
	}
	base := truncateRunes(name, 31)
	name = base
	for i := 2; s.used[strings.ToLower(name)]; i++ {
		suffix := " " + strconv.Itoa(i)
		name = truncateRunes(base, 31-len(suffix)) + suffix
	}
	s.used[strings.ToLower(name)] = true
	return name
}

func detailName(i int) string {
	if i == 1 {
		return "Details"
	}
	return "Details " + strconv.Itoa(i)
}

func isDetailName(name string) bool {
	rest, ok := strings.CutPrefix(strings.ToLower(name), "details")
	if !ok {
		return false
	}
	if rest == "" {
		return true
	}
	_, err := strconv.Atoi(strings.TrimSpace(rest))
	return err == nil
}

func truncateRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n]))
}

// quoteSheet quotes a sheet name for a cell range reference.
func quoteSheet(name string) string {
	return "'" + strings.ReplaceAll(name, "'", "''") + "'"
}

type cover struct{ rowsCell string }

// writeCover fills the Cover sheet: what the report is, over what, from which files, and
// whether the stored chain verified. Everything is a string or number cell.
func writeCover(f *excelize.File, st styles, doc Document) (cover, error) {
	loc := doc.zone()
	var cv cover
	row := 1
	set := func(col string, v any, style int) error {
		cell := col + strconv.Itoa(row)
		var err error
		switch x := v.(type) {
		case string:
			err = f.SetCellStr(coverSheet, cell, x)
		default:
			err = f.SetCellValue(coverSheet, cell, x)
		}
		if err == nil && style != 0 {
			err = f.SetCellStyle(coverSheet, cell, cell, style)
		}
		return err
	}
	title := doc.Title
	if title == "" {
		title = "Activity report"
	}
	if err := set("A", title, st.title); err != nil {
		return cv, err
	}
	row = 3
	generated := ""
	if !doc.Generated.IsZero() {
		generated = doc.Generated.In(loc).Format("2006-01-02 15:04:05") + " (" + zoneName(loc) + ")"
	}
	integrity := doc.Integrity
	if integrity == "" {
		integrity = "not checked"
	}
	facts := []struct{ label, value string }{
		{"Period", doc.Period},
		{"Display zone", zoneName(loc) + " (every time in this workbook is wall-clock time in this zone)"},
		{"Generated", generated},
		{"Integrity", integrity},
		{"Detail rows", ""},
	}
	for _, fct := range facts {
		if err := set("A", fct.label, st.label); err != nil {
			return cv, err
		}
		if err := set("B", fct.value, 0); err != nil {
			return cv, err
		}
		if fct.label == "Detail rows" {
			cv.rowsCell = "B" + strconv.Itoa(row)
		}
		row++
	}
	if err := set("A", "Filters", st.label); err != nil {
		return cv, err
	}
	filters := doc.Filters
	if len(filters) == 0 {
		filters = []string{"none (all events)"}
	}
	for _, flt := range filters {
		if err := set("B", flt, 0); err != nil {
			return cv, err
		}
		row++
	}

	row++
	if err := set("A", "Source files", st.label); err != nil {
		return cv, err
	}
	row++
	for i, h := range []string{"File", "Profile", "SHA-256", "Rows", "Imported (" + zoneName(loc) + ")"} {
		if err := set(string(rune('A'+i)), h, st.header); err != nil {
			return cv, err
		}
	}
	row++
	if len(doc.Sources) == 0 {
		if err := set("A", "none", 0); err != nil {
			return cv, err
		}
	}
	for _, s := range doc.Sources {
		if err := set("A", s.File, 0); err != nil {
			return cv, err
		}
		if err := set("B", s.Profile, 0); err != nil {
			return cv, err
		}
		if err := set("C", s.SHA256, 0); err != nil {
			return cv, err
		}
		if err := set("D", s.Rows, st.count); err != nil {
			return cv, err
		}
		if !s.ImportedAt.IsZero() {
			if err := set("E", excelSerial(s.ImportedAt, loc), st.dateTime); err != nil {
				return cv, err
			}
		}
		row++
	}
	for col, wd := range map[string]float64{"A": 28, "B": 22, "C": 68, "D": 12, "E": 22} {
		if err := f.SetColWidth(coverSheet, col, col, wd); err != nil {
			return cv, err
		}
	}
	return cv, nil
}

// rowEncoder turns a Row into the values a StreamWriter writes: strings stay strings
// (inline string cells, never formulas), times become serial numbers of their wall time
// in the display zone, amounts numbers; the number formats come from the column styles.
type rowEncoder struct {
	cols []Column
	loc  *time.Location
	vals []any // reused for every row
	// wrap, when not 0, is the style of text with line breaks: wrapped at the column's
	// width (spreadsheets size such rows to fit), not run over the cells beside it.
	wrap int
}

func (e *rowEncoder) encode(r Row, n int64) ([]any, error) {
	if len(r) != len(e.cols) {
		return nil, fmt.Errorf("row %d: %d values for %d columns", n, len(r), len(e.cols))
	}
	for i, c := range e.cols {
		v := r[i]
		if v == nil {
			e.vals[i] = nil
			continue
		}
		switch c.Type {
		case Text:
			s, ok := v.(string)
			if !ok {
				return nil, valueError(n, c, v)
			}
			switch {
			case s == "":
				e.vals[i] = nil
			case e.wrap != 0 && strings.ContainsRune(s, '\n'):
				e.vals[i] = excelize.Cell{StyleID: e.wrap, Value: s}
			default:
				e.vals[i] = s
			}
		case Time:
			t, ok := v.(time.Time)
			if !ok {
				return nil, valueError(n, c, v)
			}
			e.vals[i] = excelSerial(t, e.loc)
		case Integer:
			switch x := v.(type) {
			case int64:
				e.vals[i] = x
			case int:
				e.vals[i] = int64(x)
			default:
				return nil, valueError(n, c, v)
			}
		case Amount:
			m, ok := v.(Micros)
			if !ok {
				return nil, valueError(n, c, v)
			}
			// The nearest double to the decimal; excelize writes its shortest form, which
			// is the decimal itself for any amount under a billion with 6 places.
			e.vals[i] = float64(m) / 1e6
		default:
			return nil, fmt.Errorf("column %q: unknown type %d", c.Key, c.Type)
		}
	}
	return e.vals, nil
}

// columnStyles picks the number format style of each column; dateOnly marks time columns
// shown as plain dates.
func columnStyles(st styles, cols []Column, details bool, dateOnly []bool) []int {
	out := make([]int, len(cols))
	for i, c := range cols {
		switch c.Type {
		case Time:
			out[i] = st.dateTime
			if dateOnly != nil && dateOnly[i] {
				out[i] = st.date
			}
		case Integer:
			out[i] = st.count
			if details {
				out[i] = st.integer
			}
		case Amount:
			out[i] = st.amount
		}
	}
	return out
}

// sheetLayout prepares a streamed table sheet: column widths and number formats, a frozen
// header row, and the header itself.
func sheetLayout(sw *excelize.StreamWriter, st styles, cols []Column, loc *time.Location, widths []float64, colStyles []int) error {
	for i := range cols {
		if colStyles[i] != 0 {
			if err := sw.SetColStyle(i+1, i+1, colStyles[i]); err != nil {
				return err
			}
		}
		if err := sw.SetColWidth(i+1, i+1, widths[i]); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(frozenHeader()); err != nil {
		return err
	}
	return sw.SetRow("A1", headerRow(cols, loc), excelize.RowOpts{StyleID: st.header})
}

// finishTable turns the streamed rows into a filterable table and ends the stream.
func finishTable(sw *excelize.StreamWriter, ncols, nrows int) error {
	if err := sw.AddTable(tableOver(ncols, nrows)); err != nil {
		return fmt.Errorf("table: %w", err)
	}
	return sw.Flush()
}

// columnWidths picks a width per column: the column's own, else one that fits the header
// and the sampled values, within limits that keep a sheet readable.
func columnWidths(cols []Column, loc *time.Location, sample []Row) []float64 {
	ws := make([]float64, len(cols))
	for i, c := range cols {
		if c.Width > 0 {
			ws[i] = c.Width
			continue
		}
		w := float64(utf8.RuneCountInString(columnHeader(c, loc))) + 3 // room for the filter button
		switch c.Type {
		case Time:
			w = max(w, 20)
		case Integer:
			w = max(w, 10)
		case Amount:
			w = max(w, 14)
		case Text:
			longest := 0
			for _, r := range sample {
				if i < len(r) {
					if s, ok := r[i].(string); ok {
						longest = max(longest, utf8.RuneCountInString(s))
					}
				}
			}
			w = max(w, float64(longest)+2, 10)
		}
		ws[i] = min(w, 60)
	}
	return ws
}

// writeSummary writes one summary table on its own sheet, with its chart if it has one.
// Summaries are small, so the sheet is built in memory: unlike a streamed sheet it can
// still take the chart's drawing after its rows are written.
func writeSummary(f *excelize.File, st styles, loc *time.Location, name string, t Table) error {
	if len(t.Columns) == 0 {
		return fmt.Errorf("no columns")
	}
	if len(t.Rows) > excelMaxDataRows {
		return fmt.Errorf("%d rows do not fit on one sheet", len(t.Rows))
	}
	if _, err := f.NewSheet(name); err != nil {
		return err
	}
	if err := printSetup(f, name); err != nil {
		return err
	}
	// A day bucket is a midnight: show it as a date, not with "00:00:00".
	dateOnly := make([]bool, len(t.Columns))
	for i, c := range t.Columns {
		dateOnly[i] = c.Type == Time && allMidnights(t.Rows, i, loc)
	}
	colStyles := columnStyles(st, t.Columns, false, dateOnly)
	widths := columnWidths(t.Columns, loc, t.Rows)
	for i := range t.Columns {
		col, err := excelize.ColumnNumberToName(i + 1)
		if err != nil {
			return err
		}
		if colStyles[i] != 0 {
			if err := f.SetColStyle(name, col, colStyles[i]); err != nil {
				return err
			}
		}
		if err := f.SetColWidth(name, col, col, widths[i]); err != nil {
			return err
		}
	}
	header := headerRow(t.Columns, loc)
	if err := f.SetSheetRow(name, "A1", &header); err != nil {
		return err
	}
	last, err := excelize.CoordinatesToCellName(len(t.Columns), 1)
	if err != nil {
		return err
	}
	if err := f.SetCellStyle(name, "A1", last, st.header); err != nil {
		return err
	}
	enc := rowEncoder{cols: t.Columns, loc: loc, vals: make([]any, len(t.Columns))}
	for i, r := range t.Rows {
		vals, err := enc.encode(r, int64(i+1))
		if err != nil {
			return err
		}
		if err := f.SetSheetRow(name, "A"+strconv.Itoa(i+2), &vals); err != nil {
			return err
		}
	}
	if err := f.SetPanes(name, frozenHeader()); err != nil {
		return err
	}
	if err := f.AddTable(name, tableOver(len(t.Columns), len(t.Rows))); err != nil {
		return fmt.Errorf("table: %w", err)
	}
	if t.Chart != nil && len(t.Rows) > 0 {
		if err := addChart(f, name, t, dateOnly); err != nil {
			return fmt.Errorf("chart: %w", err)
		}
	}
	return nil
}

// printSetup makes a sheet print landscape, as wide as one page.
func printSetup(f *excelize.File, sheet string) error {
	landscape, one, auto, fit := "landscape", 1, 0, true
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Orientation: &landscape, FitToWidth: &one, FitToHeight: &auto}); err != nil {
		return err
	}
	return f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit})
}

func frozenHeader() *excelize.Panes {
	return &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}
}

// tableOver is a filterable, striped table over the header and nrows rows.
func tableOver(ncols, nrows int) *excelize.Table {
	last, _ := excelize.CoordinatesToCellName(ncols, max(nrows+1, 2))
	stripes := true
	return &excelize.Table{Range: "A1:" + last, StyleName: "TableStyleLight1", ShowRowStripes: &stripes}
}

// headerRow is the header texts, made unique because a table needs unique names.
func headerRow(cols []Column, loc *time.Location) []any {
	header := make([]any, len(cols))
	seen := map[string]bool{}
	for i, c := range cols {
		h := columnHeader(c, loc)
		for k := 2; seen[strings.ToLower(h)]; k++ {
			h = columnHeader(c, loc) + " " + strconv.Itoa(k)
		}
		seen[strings.ToLower(h)] = true
		header[i] = h
	}
	return header
}

func allMidnights(rows []Row, col int, loc *time.Location) bool {
	seen := false
	for _, r := range rows {
		if col >= len(r) {
			continue
		}
		t, ok := r[col].(time.Time)
		if !ok {
			continue
		}
		h, m, s := t.In(loc).Clock()
		if h != 0 || m != 0 || s != 0 || t.Nanosecond() != 0 {
			return false
		}
		seen = true
	}
	return seen
}

// addChart draws a column chart of the value column over the category column, to the
// right of the table.
func addChart(f *excelize.File, sheet string, t Table, dateOnly []bool) error {
	ch := t.Chart
	if ch.Category < 0 || ch.Category >= len(t.Columns) || ch.Value < 0 || ch.Value >= len(t.Columns) {
		return fmt.Errorf("column %d or %d out of range", ch.Category, ch.Value)
	}
	colRange := func(idx int) (string, error) {
		from, err := excelize.CoordinatesToCellName(idx+1, 2, true)
		if err != nil {
			return "", err
		}
		to, err := excelize.CoordinatesToCellName(idx+1, len(t.Rows)+1, true)
		if err != nil {
			return "", err
		}
		return quoteSheet(sheet) + "!" + from + ":" + to, nil
	}
	cats, err := colRange(ch.Category)
	if err != nil {
		return err
	}
	vals, err := colRange(ch.Value)
	if err != nil {
		return err
	}
	nameCell, err := excelize.CoordinatesToCellName(ch.Value+1, 1, true)
	if err != nil {
		return err
	}
	anchor, err := excelize.CoordinatesToCellName(len(t.Columns)+2, 2)
	if err != nil {
		return err
	}
	title := ch.Title
	if title == "" {
		title = t.Name
	}
	vary := false
	axisFont := excelize.Font{Color: "404040", Size: 9}
	// Slanted labels stay readable when there are many bars, such as a month of days.
	xAxis := excelize.ChartAxis{Font: axisFont, Alignment: excelize.Alignment{TextRotation: -45}}
	if t.Columns[ch.Category].Type == Time {
		// Charts show the bare serial number unless the axis has its own date format.
		xAxis.NumFmt.CustomNumFmt = "yyyy-mm-dd hh:mm"
		if dateOnly[ch.Category] {
			xAxis.NumFmt.CustomNumFmt = "yyyy-mm-dd"
		}
	}
	return f.AddChart(sheet, anchor, &excelize.Chart{
		Type:       excelize.Col,
		VaryColors: &vary,
		Series:     []excelize.ChartSeries{{Name: quoteSheet(sheet) + "!" + nameCell, Categories: cats, Values: vals}},
		Title:      excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: title, Font: &excelize.Font{Bold: true}}}},
		Legend:     excelize.ChartLegend{Position: "none"},
		Dimension:  excelize.ChartDimension{Width: 720, Height: 360},
		XAxis:      xAxis,
		YAxis:      excelize.ChartAxis{MajorGridLines: true, Font: axisFont},
	})
}

// writeDetails streams the detail rows onto "Details", "Details 2", ... and returns the
// row count and the sheet names used.
func writeDetails(ctx context.Context, f *excelize.File, st styles, doc Document, perSheet int) (int64, []string, error) {
	loc := doc.zone()
	cols := doc.Columns
	enc := rowEncoder{cols: cols, loc: loc, vals: make([]any, len(cols)), wrap: st.wrap}
	var (
		sheets  []string
		sw      *excelize.StreamWriter
		onSheet int // data rows on the current sheet
		n       int64
		widths  []float64
		sample  []Row // the first rows, held back to size the columns
		cell    = make([]byte, 0, 16)
	)
	prog := newThrottle(doc.Progress)
	open := func() error {
		name := detailName(len(sheets) + 1)
		if _, err := f.NewSheet(name); err != nil {
			return err
		}
		// Page setup and print titles live in the worksheet the stream writer starts from.
		if err := printSetup(f, name); err != nil {
			return err
		}
		if err := f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: quoteSheet(name) + "!$1:$1", Scope: name}); err != nil {
			return err
		}
		s, err := f.NewStreamWriter(name)
		if err != nil {
			return err
		}
		if widths == nil {
			widths = columnWidths(cols, loc, sample)
		}
		if err := sheetLayout(s, st, cols, loc, widths, columnStyles(st, cols, true, nil)); err != nil {
			return fmt.Errorf("sheet %s: %w", name, err)
		}
		sheets, sw, onSheet = append(sheets, name), s, 0
		return nil
	}
	put := func(r Row) error {
		if sw == nil || onSheet == perSheet {
			if sw != nil {
				if err := finishTable(sw, len(cols), onSheet); err != nil {
					return fmt.Errorf("sheet %s: %w", sheets[len(sheets)-1], err)
				}
			}
			if err := open(); err != nil {
				return err
			}
		}
		vals, err := enc.encode(r, n+1)
		if err != nil {
			return err
		}
		onSheet++
		cell = strconv.AppendInt(append(cell[:0], 'A'), int64(onSheet+1), 10)
		if err := sw.SetRow(string(cell), vals); err != nil {
			return fmt.Errorf("row %d: %w", n+1, err)
		}
		n++
		prog.tick(n)
		return nil
	}
	sampling := true
	drain := func() error {
		sampling = false
		for _, s := range sample {
			if err := put(s); err != nil {
				return err
			}
		}
		sample = nil
		return nil
	}
	var seen int64
	err := doc.Rows(ctx, func(r Row) error {
		seen++
		if err := checkCtx(ctx, seen); err != nil {
			return err
		}
		if sampling {
			// The source may reuse its row slice: keep a copy.
			sample = append(sample, append(Row(nil), r...))
			if len(sample) < widthSample {
				return nil
			}
			return drain()
		}
		return put(r)
	})
	if err == nil {
		err = ctx.Err()
	}
	if err == nil && sampling {
		err = drain() // fewer rows than the sample size
	}
	if err == nil && sw == nil {
		err = open() // no rows: the sheet still shows the header
	}
	if err != nil {
		return n, sheets, err
	}
	if err := finishTable(sw, len(cols), onSheet); err != nil {
		return n, sheets, fmt.Errorf("sheet %s: %w", sheets[len(sheets)-1], err)
	}
	prog.done(n)
	return n, sheets, nil
}

func formatCount(n int64) string {
	s := strconv.FormatInt(n, 10)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}
