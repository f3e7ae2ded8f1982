package ingest

import (
	"bytes"
	"fmt"
	"io"
	"unicode/utf8"
)

// Limits that keep memory flat on broken files. encoding/csv gathers a whole record
// before returning it, so one unterminated quote would otherwise pull the rest of a
// multi-gigabyte file into memory before reporting anything.
const (
	maxQuotedBytes = 4 << 20 // one quoted value
	maxLineBytes   = 4 << 20 // one physical line
)

// quoteGuard sits between the decoded text and encoding/csv and follows the quoting the
// way csv does (a quote opens a quoted value only at the start of a field; a stray one
// makes csv reject the row and resume at the next line). It stops the stream when a
// quoted value or a line grows past the limits, and remembers where the last quoted
// value opened, so an unterminated quote is reported where it starts.
type quoteGuard struct {
	r     io.Reader
	delim byte
	state int
	prev  byte  // last byte before the current position
	line  int64 // 1-based line of the current position
	col   int64 // runes on the current line before the current position
	lineN int64 // bytes on the current line

	qLine, qCol int64 // where the open (or last) quoted value started
	qBytes      int64
	openAtEOF   bool // the input ended inside a quoted value

	maxQuoted, maxLine int64
	err                error

	// checkUTF8 asks the guard to watch for bytes that are not UTF-8, so the reader only
	// inspects cells one by one once such bytes have been seen.
	checkUTF8, sawBadUTF8 bool
}

const (
	gOutside   = iota // between quoted values
	gQuoted           // inside a quoted value
	gQuoteSeen        // just after a quote inside a quoted value: closing or escaping
	gQuoteCR          // a closing quote and a CR: only a LF may follow
	gSkipLine         // csv has rejected this line; it resumes on the next
)

func newQuoteGuard(r io.Reader, delim rune) *quoteGuard {
	return &quoteGuard{r: r, delim: byte(delim), prev: '\n', line: 1, maxQuoted: maxQuotedBytes, maxLine: maxLineBytes}
}

// guardError is a stream-stopping problem found by the guard.
type guardError struct {
	line, col int64
	msg, hint string
}

func (e *guardError) Error() string { return fmt.Sprintf("line %d: %s", e.line, e.msg) }

func (g *quoteGuard) Read(p []byte) (int, error) {
	if g.err != nil {
		return 0, g.err
	}
	n, err := g.r.Read(p)
	if n > 0 {
		if g.checkUTF8 && !g.sawBadUTF8 && !validUTF8Chunk(p[:n]) {
			g.sawBadUTF8 = true
		}
		if e := g.scan(p[:n]); e != nil {
			// Hand over what came before the problem; the error follows on the next call.
			g.err = e
			return n, nil
		}
	}
	if err == io.EOF {
		g.openAtEOF = g.state == gQuoted
	}
	return n, err
}

// advance moves the position over seg, which lies on the current state's side.
func (g *quoteGuard) advance(seg []byte) error {
	if len(seg) == 0 {
		return nil
	}
	if nl := bytes.Count(seg, []byte{'\n'}); nl > 0 {
		last := bytes.LastIndexByte(seg, '\n')
		g.line += int64(nl)
		g.col = int64(utf8.RuneCount(seg[last+1:]))
		g.lineN = int64(len(seg) - last - 1)
	} else {
		g.col += int64(utf8.RuneCount(seg))
		g.lineN += int64(len(seg))
	}
	g.prev = seg[len(seg)-1]
	if g.lineN > g.maxLine && g.state != gQuoted {
		return &guardError{line: g.line, col: 1,
			msg:  fmt.Sprintf("line is longer than %d MiB", g.maxLine>>20),
			hint: "this does not look like a CSV export; check the file, its encoding and its delimiter"}
	}
	return nil
}

func (g *quoteGuard) scan(p []byte) error {
	for i := 0; i < len(p); {
		switch g.state {
		case gOutside:
			j := bytes.IndexByte(p[i:], '"')
			if j < 0 {
				return g.advance(p[i:])
			}
			if err := g.advance(p[i : i+j]); err != nil {
				return err
			}
			if g.prev == g.delim || g.prev == '\n' {
				g.state = gQuoted
				g.qLine, g.qCol, g.qBytes = g.line, g.col+1, 0
			} else {
				g.state = gSkipLine // a bare quote: csv rejects the row
			}
			g.col++
			g.lineN++
			g.prev = '"'
			i += j + 1
		case gQuoted:
			j := bytes.IndexByte(p[i:], '"')
			seg := p[i:]
			if j >= 0 {
				seg = p[i : i+j]
			}
			g.qBytes += int64(len(seg))
			if g.qBytes > g.maxQuoted {
				return &guardError{line: g.qLine, col: g.qCol,
					msg:  fmt.Sprintf("quoted field starting here runs on for more than %d MiB", g.maxQuoted>>20),
					hint: "a quote is probably not closed; close it, or double a quote that belongs to the value (\"\")"}
			}
			if err := g.advance(seg); err != nil {
				return err
			}
			if j < 0 {
				return nil
			}
			g.state = gQuoteSeen
			g.col++
			g.lineN++
			g.prev = '"'
			i += j + 1
		case gQuoteSeen:
			switch c := p[i]; c {
			case '"': // an escaped quote ("")
				g.state = gQuoted
				g.col++
				g.lineN++
				i++
			case g.delim:
				g.state = gOutside
				g.col++
				g.lineN++
				g.prev = c
				i++
			case '\r':
				g.state = gQuoteCR
				g.col++
				g.lineN++
				i++
			case '\n':
				g.state = gOutside // the newline is counted there
			default:
				g.state = gSkipLine // text after a closing quote: csv rejects the row
			}
		case gQuoteCR:
			if p[i] == '\n' {
				g.state = gOutside
			} else {
				g.state = gSkipLine
			}
		case gSkipLine:
			j := bytes.IndexByte(p[i:], '\n')
			if j < 0 {
				return g.advance(p[i:])
			}
			if err := g.advance(p[i : i+j]); err != nil {
				return err
			}
			g.state = gOutside
			i += j
		}
	}
	return nil
}

// validUTF8Chunk checks a chunk of a UTF-8 stream, forgiving a character split across
// chunk boundaries (a false alarm would only turn on the slower per-cell check).
func validUTF8Chunk(b []byte) bool {
	for i := 0; i < utf8.UTFMax-1 && len(b) > 0 && !utf8.RuneStart(b[0]); i++ {
		b = b[1:]
	}
	return utf8.Valid(trimPartialRune(b))
}
