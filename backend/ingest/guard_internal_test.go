package ingest

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"testing"
	"testing/iotest"
)

// FuzzQuoteGuard checks the guard against encoding/csv itself: it must pass the bytes
// through unchanged, and it may only claim that the input ended inside a quoted value
// when csv's last complaint is indeed a quote error on or after the line it names.
func FuzzQuoteGuard(f *testing.F) {
	for _, s := range []string{
		"a,b\n\"c\nd\",e\n", "a,\"b\n", "a,b\"c\n\"d\n", "\"a\"\"b\",c\n", "\"a\"x,\"b\n",
		"\"a\"\r\n\"b\"\r,\"c\n", "x\n\n\"\n", "\"\"", "a;\"b;c\n", "\"é\nü\",\"",
	} {
		f.Add([]byte(s), byte(','))
	}
	f.Fuzz(func(t *testing.T, data []byte, d byte) {
		delim := rune(",;\t|"[int(d)%4])
		var passed bytes.Buffer
		g := newQuoteGuard(iotest.OneByteReader(bytes.NewReader(data)), delim)
		r := csv.NewReader(io.TeeReader(g, &passed))
		r.Comma, r.FieldsPerRecord = delim, -1
		var last *csv.ParseError
		for {
			_, err := r.Read()
			if err == io.EOF {
				break
			}
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				last = pe
			} else if err != nil {
				t.Fatalf("read: %v", err)
			}
		}
		if !bytes.Equal(passed.Bytes(), data) {
			t.Fatalf("guard changed the bytes")
		}
		if g.openAtEOF {
			if last == nil || last.Err != csv.ErrQuote || int64(last.Line) < g.qLine || int64(last.StartLine) > g.qLine {
				t.Fatalf("guard says a quote opened on line %d is open at EOF; csv's last error: %v", g.qLine, last)
			}
		}
	})
}

// TestQuoteGuardLimits checks the limits with small values.
func TestQuoteGuardLimits(t *testing.T) {
	for _, tt := range []struct {
		name, text string
		wantLine   int64
		wantCol    int64
	}{
		{"runaway quoted value", "a,b\nc,\"ddddddddddddddddddddddddddddd\n", 2, 3},
		{"overlong line", "a,b\n" + string(bytes.Repeat([]byte("x"), 100)) + "\n", 2, 1},
	} {
		// One byte at a time: the limits are about lines and values that grow across reads.
		g := newQuoteGuard(iotest.OneByteReader(bytes.NewReader([]byte(tt.text))), ',')
		g.maxQuoted, g.maxLine = 16, 64
		_, err := io.ReadAll(g)
		var ge *guardError
		if !errors.As(err, &ge) || ge.line != tt.wantLine || ge.col != tt.wantCol {
			t.Errorf("%s: %v, want a guard error at %d:%d", tt.name, err, tt.wantLine, tt.wantCol)
		}
	}
}
