package export

import (
	"context"
	"fmt"
	"strconv"
	"time"
)

// check refuses a document with nothing to write; format names the writer in the error.
func (d Document) check(format string) error {
	if len(d.Columns) == 0 {
		return fmt.Errorf("%s: no columns", format)
	}
	if d.Rows == nil {
		return fmt.Errorf("%s: no row source", format)
	}
	return nil
}

// zone returns the display zone of a document; nil means UTC.
func (d Document) zone() *time.Location {
	if d.Zone == nil {
		return time.UTC
	}
	return d.Zone
}

// zoneName names a display zone for headers and the cover sheet.
func zoneName(loc *time.Location) string {
	if loc == nil || loc == time.UTC {
		return "UTC"
	}
	return loc.String()
}

// columnHeader is the header text of a column; time columns name the display zone so a
// reader of a bare CSV or sheet knows what the wall-clock times mean.
func columnHeader(c Column, loc *time.Location) string {
	if c.Type == Time {
		return c.Title + " (" + zoneName(loc) + ")"
	}
	return c.Title
}

// appendMicros appends an exact decimal: 1500000 -> "1.5", -2500 -> "-0.0025", 0 -> "0".
func appendMicros(b []byte, m Micros) []byte {
	v := int64(m)
	neg := v < 0
	var u uint64
	if neg {
		u = uint64(-v) // correct for MinInt64 too: two's complement wraps to 1<<63
		b = append(b, '-')
	} else {
		u = uint64(v)
	}
	b = strconv.AppendUint(b, u/1_000_000, 10)
	frac := u % 1_000_000
	if frac == 0 {
		return b
	}
	var digits [6]byte
	for i := 5; i >= 0; i-- {
		digits[i] = byte('0' + frac%10)
		frac /= 10
	}
	n := 6
	for digits[n-1] == '0' {
		n--
	}
	b = append(b, '.')
	return append(b, digits[:n]...)
}

// excelSerial converts an instant to an Excel 1900-system serial date of its wall time in
// loc: days since 1899-12-30 with the time of day as the fraction. Spreadsheets have no
// zones, so the cell holds the wall-clock time the header names.
func excelSerial(t time.Time, loc *time.Location) float64 {
	_, offset := t.In(loc).Zone()
	sec := t.Unix() + int64(offset)
	const epoch = -2209161600 // 1899-12-30T00:00:00Z in Unix seconds
	return float64(sec-epoch)/86400 + float64(t.Nanosecond())/86400e9
}

// valueError says which row and column held a value of the wrong type.
func valueError(row int64, c Column, v any) error {
	want := map[ColumnType]string{Text: "string", Time: "time.Time", Integer: "int64", Amount: "Micros"}[c.Type]
	return fmt.Errorf("row %d, column %q: want %s, got %T", row, c.Key, want, v)
}

// throttle calls a progress callback at most once per interval, and once at the end.
type throttle struct {
	fn    func(int64)
	every time.Duration
	last  time.Time
}

func newThrottle(fn func(int64)) *throttle {
	return &throttle{fn: fn, every: 100 * time.Millisecond, last: time.Now()}
}

// tick reports n rows when the interval has passed; it is cheap to call for every row
// because it only looks at the clock every 256 rows.
func (p *throttle) tick(n int64) {
	if p.fn == nil || n&255 != 0 {
		return
	}
	if now := time.Now(); now.Sub(p.last) >= p.every {
		p.last = now
		p.fn(n)
	}
}

func (p *throttle) done(n int64) {
	if p.fn != nil {
		p.fn(n)
	}
}

// checkCtx is polled every 1024 rows so a cancel stops a long export quickly.
func checkCtx(ctx context.Context, n int64) error {
	if n&1023 != 0 {
		return nil
	}
	return ctx.Err()
}
