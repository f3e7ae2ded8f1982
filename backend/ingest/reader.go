package ingest

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"trailbook/backend/activity"
)

// Options tune one import.
type Options struct {
	// Zone is the source zone zone-less times are read in; nil means the profile's zone.
	// When the profile has none (NeedsZone), Open fails with ErrZoneRequired.
	Zone *time.Location
	// DateOrder forces DayFirst or MonthFirst for ambiguous numeric dates instead of
	// deciding from the data; "" decides.
	DateOrder string
	// Decimal forces DecimalDot or DecimalComma; "" uses the profile's setting.
	Decimal string
}

// Record is one row of the file, in exactly one of four shapes.
type Record struct {
	Line   int64            `json:"line"`             // physical line where the record starts (1-based)
	Event  *activity.Event  `json:"event,omitempty"`  // events profiles; ID and BatchID are left zero
	Person *activity.Person `json:"person,omitempty"` // people profiles
	Reject *Reject          `json:"reject,omitempty"` // a row that could not be read
	Skip   string           `json:"skip,omitempty"`   // a non-data line (a total below the data): why
}

// decisionRows is how many data rows the reader samples to decide a file's date order
// and decimal separator before returning the first record.
const decisionRows = 10_000

// Reader streams the records of one file. It is not safe for concurrent use.
type Reader struct {
	file    string // for FileError
	c       *compiled
	closer  io.Closer
	count   *countingReader
	guard   *quoteGuard
	csv     *csv.Reader
	lineOff int64 // physical lines above the text csv sees (title lines)

	hdr        headerIndex
	bind       []int // slot -> column index, -1 when the file lacks the column
	extraCols  []int // columns no field uses: kept in Extra
	extraMask  []bool
	timeColumn string
	amountCol  string
	cyclesCol  string

	cls     *classifier
	jsc     *jsonCache // per-row parsed JSON cells; nil when the profile reads no JSON
	times   *TimeParser
	other   *TimeParser // the opposite date order, to explain rows that contradict it
	dmy     *TimeParser // both orders, when the layouts have ambiguous numeric dates
	mdy     *TimeParser
	dateWhy string
	order   string
	// needOrder: the date order is still to be decided from the data
	needOrder bool
	comma     bool
	fixUTF8   bool // the file is UTF-8: a stray invalid cell is read as Windows-1252

	queue   []rawRow // rows read ahead while sampling, returned first
	queued  int
	prevEnd int64 // last line of the previous record, to count blank lines between

	warnings []string
	blank    int64
	bad8     int
	bad8Line int64
	fatal    error
	finished bool
}

// rawRow is one csv record with its position.
type rawRow struct {
	fields    []string
	line, end int64
	perr      *csv.ParseError // a row csv could not parse (fields are the ones before the problem)
	err       error           // io.EOF or a *FileError
}

// Open opens src.Path and prepares to read it with p.
func Open(src *Source, p *Profile, opt Options) (*Reader, error) {
	f, err := os.Open(src.Path)
	if err != nil {
		return nil, fmt.Errorf("open import file: %w", err)
	}
	r, err := OpenReader(f, src, p, opt)
	if err != nil {
		f.Close()
		return nil, err
	}
	r.closer = f
	return r, nil
}

// OpenReader is Open for data that is not in a file: in holds the raw bytes src
// describes (encoding, delimiter, header line).
func OpenReader(in io.Reader, src *Source, p *Profile, opt Options) (*Reader, error) {
	c, err := compileProfile(p)
	if err != nil {
		return nil, err
	}
	// A hand-made Source may leave the defaults out: UTF-8, commas, header on line 1.
	s := *src
	if s.Encoding == "" {
		s.Encoding = UTF8
	}
	if s.Delimiter == 0 {
		s.Delimiter = ','
	}
	if s.HeaderLine < 1 {
		s.HeaderLine = 1
	}
	src = &s
	switch src.Delimiter {
	case ',', ';', '\t', '|':
	default:
		return nil, fmt.Errorf("open %s: delimiter %q is not one of , ; tab |", src.Path, src.Delimiter)
	}
	loc := opt.Zone
	if loc == nil {
		loc = c.zone
	}
	if loc == nil {
		if p.NeedsZone() {
			return nil, fmt.Errorf("%w: %s exports write times without a zone, in the account's zone; give that zone, e.g. --tz Europe/Bucharest", ErrZoneRequired, p.Name)
		}
		loc = time.UTC
	}

	r := &Reader{file: filepath.Base(src.Path), c: c, cls: newClassifier(c)}
	if c.usesJSON() {
		r.jsc = &jsonCache{}
	}
	if src.Path == "" {
		r.file = "input"
	}
	r.fixUTF8 = src.Encoding == UTF8 || src.Encoding == UTF8BOM
	r.count = &countingReader{r: in}
	dec, err := decodeReader(src.Encoding, r.count)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", r.file, err)
	}
	if src.LineEnding == "cr" {
		dec = crToLF{dec}
	}
	br := bufio.NewReaderSize(dec, 64<<10)
	if err := r.skipLines(br, src.HeaderLine-1); err != nil {
		return nil, err
	}
	r.guard = newQuoteGuard(br, src.Delimiter)
	r.guard.checkUTF8 = r.fixUTF8
	r.csv = csv.NewReader(r.guard)
	r.csv.Comma = src.Delimiter
	r.csv.FieldsPerRecord = -1
	r.csv.ReuseRecord = true

	if err := r.readHeader(); err != nil {
		return nil, err
	}
	if err := r.setupTimes(p, opt, loc); err != nil {
		return nil, err
	}
	decideDecimal, err := r.setupDecimal(p, opt, src.Delimiter)
	if err != nil {
		return nil, err
	}
	if r.needOrder || decideDecimal {
		r.decide(p, decideDecimal, src.Delimiter)
	}
	return r, nil
}

// skipLines drops the title lines above the header.
func (r *Reader) skipLines(br *bufio.Reader, n int) error {
	for i := 0; i < n; i++ {
		for {
			_, err := br.ReadSlice('\n')
			if err == bufio.ErrBufferFull {
				continue
			}
			if err != nil {
				return &FileError{File: r.file, Line: i + 1, Msg: fmt.Sprintf("the file ends before its header line %d", n+1), Hint: "sniff the file again"}
			}
			break
		}
	}
	r.lineOff = int64(n)
	return nil
}

// readRaw reads the next csv record and converts csv's errors.
func (r *Reader) readRaw() rawRow {
	rec, err := r.csv.Read()
	if err == nil {
		line, _ := r.csv.FieldPos(0)
		lastLine, _ := r.csv.FieldPos(len(rec) - 1)
		end := int64(lastLine) + int64(strings.Count(rec[len(rec)-1], "\n"))
		return rawRow{fields: rec, line: r.lineOff + int64(line), end: r.lineOff + end}
	}
	if err == io.EOF {
		return rawRow{err: io.EOF}
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) && (pe.Err == csv.ErrBareQuote || pe.Err == csv.ErrQuote) {
		if pe.Err == csv.ErrQuote && r.guard.openAtEOF && int64(pe.Line) >= r.guard.qLine {
			return rawRow{err: &FileError{File: r.file, Line: int(r.lineOff + r.guard.qLine), Column: int(r.guard.qCol),
				Msg:  "unterminated quoted field starting here swallows the rest of the file",
				Hint: "close the quote, or double a quote that belongs to the value (\"\")"}}
		}
		return rawRow{fields: rec, line: r.lineOff + int64(pe.StartLine), end: r.lineOff + int64(pe.Line), perr: pe}
	}
	var ge *guardError
	if errors.As(err, &ge) {
		return rawRow{err: &FileError{File: r.file, Line: int(r.lineOff + ge.line), Column: int(ge.col), Msg: ge.msg, Hint: ge.hint}}
	}
	return rawRow{err: &FileError{File: r.file, Msg: "cannot read the file: " + err.Error()}}
}

func (r *Reader) next() rawRow {
	if r.queued < len(r.queue) {
		raw := r.queue[r.queued]
		r.queue[r.queued] = rawRow{}
		r.queued++
		if r.queued == len(r.queue) {
			r.queue, r.queued = nil, 0
		}
		return raw
	}
	return r.readRaw()
}

// Next returns the next record: io.EOF at the end, a *FileError when the rest of the
// file cannot be read.
func (r *Reader) Next() (*Record, error) {
	if r.fatal != nil {
		return nil, r.fatal
	}
	for {
		raw := r.next()
		if raw.err != nil {
			if raw.err == io.EOF {
				r.finish()
			}
			r.fatal = raw.err
			return nil, raw.err
		}
		if raw.line > r.prevEnd+1 {
			r.blank += raw.line - r.prevEnd - 1 // empty lines csv stepped over
		}
		if raw.end > r.prevEnd {
			r.prevEnd = raw.end
		}
		if raw.perr != nil {
			return r.quoteReject(raw), nil
		}
		if rec := r.mapRow(raw); rec != nil {
			return rec, nil
		}
	}
}

// BytesRead is the number of raw file bytes consumed so far, for progress.
func (r *Reader) BytesRead() int64 { return r.count.n.Load() }

// BlankLines is the number of blank lines skipped so far (also reported in Warnings at
// the end of the file).
func (r *Reader) BlankLines() int64 { return r.blank }

// Warnings are file-level notes: how ambiguous dates or amounts were read, columns that
// were missing or unknown, blank lines skipped.
func (r *Reader) Warnings() []string { return append([]string(nil), r.warnings...) }

// DateOrder is how this file's numeric dates are read: DayFirst, MonthFirst or YearFirst.
func (r *Reader) DateOrder() string { return r.order }

// DecimalComma reports whether ambiguous amounts are read with a decimal comma.
func (r *Reader) DecimalComma() bool { return r.comma }

// Close releases the file.
func (r *Reader) Close() error {
	if r.closer == nil {
		return nil
	}
	err := r.closer.Close()
	r.closer = nil
	return err
}

func (r *Reader) note(format string, args ...any) {
	r.warnings = append(r.warnings, fmt.Sprintf(format, args...))
}

func (r *Reader) finish() {
	if r.finished {
		return
	}
	r.finished = true
	if r.blank > 0 {
		r.note("%s skipped", plural(int(r.blank), "blank line", "blank lines"))
	}
	if r.bad8 > 0 {
		r.note("%s not valid UTF-8 (first on line %d) and read as Windows-1252; check those rows", plural(r.bad8, "cell was", "cells were"), r.bad8Line)
	}
}

func (r *Reader) quoteReject(raw rawRow) *Record {
	pe := raw.perr
	line := r.lineOff + int64(pe.Line)
	reason := fmt.Sprintf(`a " inside a value that is not quoted (line %d, column %d); put the whole value in double quotes and double the quote inside it ("")`, line, pe.Column)
	if pe.Err == csv.ErrQuote {
		reason = fmt.Sprintf(`text after the closing quote of a quoted value (line %d, column %d); double a quote that belongs to the value ("")`, line, pe.Column)
	}
	return &Record{Line: raw.line, Reject: &Reject{Line: raw.line, Column: r.hdr.name(len(raw.fields)), Reason: reason}}
}

// fixEncoding reads cells that are not valid UTF-8 as Windows-1252.
func (r *Reader) fixEncoding(fields []string, line int64) {
	for i, f := range fields {
		if !utf8.ValidString(f) {
			fields[i] = win1252(f)
			if r.bad8 == 0 {
				r.bad8Line = line
			}
			r.bad8++
		}
	}
}
