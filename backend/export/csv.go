package export

import (
	"bufio"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"time"
	"unicode/utf8"
)

// CSVOptions tunes the CSV writer.
type CSVOptions struct {
	// BOM starts the file with a UTF-8 byte order mark, so Excel reads it as UTF-8
	// rather than the system code page.
	BOM bool
}

// csvTimeLayout is a wall-clock layout every spreadsheet parses as a date-time. It has no
// offset (spreadsheets would read the cell as text), so the two instants of the hour that
// repeats when clocks go back show the same text; the row order still tells them apart.
const csvTimeLayout = "2006-01-02 15:04:05"

// WriteCSV writes the detail rows of doc: one header row, then one row per event. Times are
// wall-clock times in doc.Zone (named in the header), amounts exact decimals, and text that
// a spreadsheet would run as a formula is neutralised (see SafeText). It returns the number
// of data rows written.
func WriteCSV(ctx context.Context, w io.Writer, doc Document, opt CSVOptions) (int64, error) {
	if err := doc.check("csv"); err != nil {
		return 0, err
	}
	loc := doc.zone()
	bw := bufio.NewWriterSize(w, 64<<10)
	if opt.BOM {
		if _, err := bw.WriteString("\uFEFF"); err != nil {
			return 0, fmt.Errorf("csv: write bom: %w", err)
		}
	}
	cw := csv.NewWriter(bw)
	rec := make([]string, len(doc.Columns))
	for i, c := range doc.Columns {
		rec[i] = SafeText(columnHeader(c, loc))
	}
	if err := cw.Write(rec); err != nil {
		return 0, fmt.Errorf("csv: write header: %w", err)
	}

	// One scratch buffer holds every number and time of a row, so a row costs no
	// allocations beyond what encoding/csv does.
	var scratch []byte
	var n int64
	prog := newThrottle(doc.Progress)
	err := doc.Rows(ctx, func(r Row) error {
		if err := checkCtx(ctx, n); err != nil {
			return err
		}
		if len(r) != len(doc.Columns) {
			return fmt.Errorf("row %d: %d values for %d columns", n+1, len(r), len(doc.Columns))
		}
		scratch = scratch[:0]
		for i, c := range doc.Columns {
			v := r[i]
			if v == nil {
				rec[i] = ""
				continue
			}
			start := len(scratch)
			switch c.Type {
			case Text:
				s, ok := v.(string)
				if !ok {
					return valueError(n+1, c, v)
				}
				rec[i] = SafeText(s)
				continue
			case Time:
				t, ok := v.(time.Time)
				if !ok {
					return valueError(n+1, c, v)
				}
				scratch = t.In(loc).AppendFormat(scratch, csvTimeLayout)
			case Integer:
				switch x := v.(type) {
				case int64:
					scratch = strconv.AppendInt(scratch, x, 10)
				case int:
					scratch = strconv.AppendInt(scratch, int64(x), 10)
				default:
					return valueError(n+1, c, v)
				}
			case Amount:
				m, ok := v.(Micros)
				if !ok {
					return valueError(n+1, c, v)
				}
				scratch = appendMicros(scratch, m)
			default:
				return fmt.Errorf("column %q: unknown type %d", c.Key, c.Type)
			}
			// The string shares nothing with scratch once built; a string(bytes) copy
			// is the price of encoding/csv taking []string.
			rec[i] = string(scratch[start:])
		}
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("write row %d: %w", n+1, err)
		}
		n++
		prog.tick(n)
		return nil
	})
	if err == nil {
		err = ctx.Err()
	}
	if err != nil {
		return n, fmt.Errorf("csv: %w", err)
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return n, fmt.Errorf("csv: flush: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return n, fmt.Errorf("csv: flush: %w", err)
	}
	prog.done(n)
	return n, nil
}

// SafeText returns s so that no spreadsheet runs it as a formula. A text starting with
// = + - @, a tab, a carriage return or a line feed (or the full-width = + - @ that some
// Excel locales also accept) gets a leading apostrophe, the marker spreadsheets use for
// "this is text". A plain number such as "-5" or "+3.25" is left as it is: it cannot run
// anything, and an apostrophe would change the value for every program that reads the CSV.
func SafeText(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '@', '\t', '\r', '\n':
		return "'" + s
	case '+', '-':
		if isPlainNumber(s) {
			return s
		}
		return "'" + s
	}
	if s[0] >= utf8.RuneSelf {
		switch r, _ := utf8.DecodeRuneInString(s); r {
		case '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20':
			return "'" + s
		}
	}
	return s
}

// isPlainNumber reports whether s is a sign, digits and at most one decimal point with
// digits after it, and nothing else.
func isPlainNumber(s string) bool {
	i := 1 // s[0] is the sign
	digits, dot := 0, false
	for ; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == '.' && !dot && digits > 0:
			dot = true
			digits = 0
		default:
			return false
		}
	}
	return digits > 0
}
