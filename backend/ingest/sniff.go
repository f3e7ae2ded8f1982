package ingest

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Source is what sniffing learned about a file.
type Source struct {
	Path       string
	Size       int64
	Encoding   string   // UTF8, UTF8BOM, UTF16LE, UTF16BE or Windows1252
	Delimiter  rune     // ',', ';', '\t' or '|'
	HeaderLine int      // 1-based physical line of the header row; title lines above it are skipped
	Header     []string // header names as in the file, trimmed
	// LineEnding is "lf", "crlf" or "cr" (old Mac files; the reader turns CR into LF).
	LineEnding string
	// Sample holds the first data rows below the header, for previews in the import wizard.
	Sample [][]string
}

// Sniffing limits: the sample is the start of the file; formats are decided there.
const (
	sniffBytes   = 64 << 10
	sniffRecords = 200
	sampleRows   = 20
)

// Sniff learns a file's encoding, delimiter and header row, recognising header rows by
// the built-in profiles' required headers. Registry.Sniff also knows saved profiles.
func Sniff(path string) (*Source, error) {
	return sniffPath(path, builtinHeaderSets())
}

// Sniff is the package Sniff that also recognises the header rows of r's profiles.
func (r *Registry) Sniff(path string) (*Source, error) {
	return sniffPath(path, r.headerSets())
}

func sniffPath(path string, known [][]string) (*Source, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("sniff: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("sniff: %w", err)
	}
	src, err := sniffReader(f, known)
	if err != nil {
		var fe *FileError
		if errors.As(err, &fe) {
			fe.File = filepath.Base(path)
		}
		return nil, err
	}
	src.Path, src.Size = path, st.Size()
	return src, nil
}

// SniffReader is Sniff for data that is not in a file; Path and Size stay empty.
func SniffReader(r io.Reader) (*Source, error) {
	return sniffReader(r, builtinHeaderSets())
}

func sniffReader(r io.Reader, known [][]string) (*Source, error) {
	raw := make([]byte, sniffBytes)
	n, err := io.ReadFull(r, raw)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return nil, fmt.Errorf("sniff: %w", err)
	}
	raw = raw[:n]
	truncated := n == sniffBytes
	enc, err := detectEncoding(raw, truncated)
	if err != nil {
		return nil, &FileError{Line: 1, Msg: err.Error()}
	}
	dec, err := decodeReader(enc, bytes.NewReader(raw))
	if err != nil {
		return nil, err
	}
	textBytes, err := io.ReadAll(dec)
	if err != nil {
		return nil, &FileError{Line: 1, Msg: "cannot decode the file as " + enc + ": " + err.Error()}
	}
	text := string(textBytes)
	if truncated {
		// The sample ends mid-file: drop the partial last line.
		if i := strings.LastIndexByte(text, '\n'); i > 0 {
			text = text[:i+1]
		}
	}
	src := &Source{Encoding: enc, LineEnding: lineEnding(text)}
	if src.LineEnding == "cr" {
		text = strings.ReplaceAll(text, "\r", "\n")
	}
	if strings.TrimSpace(text) == "" {
		return nil, &FileError{Line: 1, Msg: "the file has no text"}
	}

	best := sniffCandidate{score: -1, known: -1}
	for _, d := range []rune{',', ';', '\t', '|'} {
		c := readCandidate(text, d, known)
		if c.better(best) {
			best = c
		}
	}
	src.Delimiter = best.delim
	h := best.headerRow()
	src.HeaderLine = best.lines[h]
	src.Header = make([]string, len(best.records[h]))
	for i, name := range best.records[h] {
		src.Header[i] = strings.TrimSpace(strings.TrimPrefix(name, "\uFEFF"))
	}
	for _, rec := range best.records[h+1:] {
		if len(src.Sample) == sampleRows {
			break
		}
		src.Sample = append(src.Sample, rec)
	}
	return src, nil
}

func lineEnding(text string) string {
	switch {
	case strings.Contains(text, "\r\n"):
		return "crlf"
	case !strings.Contains(text, "\n") && strings.Contains(text, "\r"):
		return "cr"
	}
	return "lf"
}

// sniffCandidate is the sample read with one delimiter.
type sniffCandidate struct {
	delim   rune
	records [][]string
	lines   []int // start line of each record
	width   int   // the dominant field count
	score   int   // records with the dominant width
	known   int   // index of the first record that is a known profile's header, or -1
}

func readCandidate(text string, delim rune, known [][]string) sniffCandidate {
	c := sniffCandidate{delim: delim, known: -1}
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = delim
	r.FieldsPerRecord = -1
	r.LazyQuotes = true // a sample cut inside a quoted field must not stop the count
	for len(c.records) < sniffRecords {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			continue
		}
		line, _ := r.FieldPos(0)
		c.records = append(c.records, rec)
		c.lines = append(c.lines, line)
	}
	counts := map[int]int{}
	for _, rec := range c.records {
		if len(rec) > 1 {
			counts[len(rec)]++
		}
	}
	for w, n := range counts {
		if n > c.score || (n == c.score && w > c.width) {
			c.width, c.score = w, n
		}
	}
	if c.score == 0 {
		c.width = 1 // no row splits: a one-column file
	}
	for i, rec := range c.records {
		if i > 50 {
			break
		}
		if matchesKnown(rec, known) {
			c.known = i
			break
		}
	}
	return c
}

// better ranks candidates: one that finds a known header row first, then the one whose
// rows most often share a field count (a ';' file with decimal commas has a steady count
// only for ';'), then the wider one; ties keep the earlier delimiter (, ; tab |).
func (c sniffCandidate) better(than sniffCandidate) bool {
	switch {
	case than.score < 0:
		return true
	case len(c.records) == 0:
		return false
	case (c.known >= 0) != (than.known >= 0):
		return c.known >= 0
	case c.score != than.score:
		return c.score > than.score
	}
	return c.width > than.width
}

// headerRow picks the header: the first row that is a known profile's header; failing
// that, the first row as wide as the data below it with at least half its cells filled
// (title lines are narrower, or padded with empty cells by spreadsheet exports).
func (c sniffCandidate) headerRow() int {
	if c.known >= 0 {
		return c.known
	}
	for i, rec := range c.records {
		if len(rec) != c.width {
			continue
		}
		filled := 0
		for _, v := range rec {
			if strings.TrimSpace(v) != "" {
				filled++
			}
		}
		if filled*2 >= len(rec) {
			return i
		}
	}
	return 0
}

func matchesKnown(rec []string, known [][]string) bool {
	if len(known) == 0 || len(rec) < 2 {
		return false
	}
	have := make(map[string]bool, len(rec))
	for _, v := range rec {
		have[normHeader(v)] = true
	}
	for _, req := range known {
		ok := len(req) > 0
		for _, n := range req {
			if !have[n] {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}
