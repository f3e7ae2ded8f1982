package ingest_test

import (
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"trailbook/backend/ingest"
)

// builtin returns the embedded profiles, failing the test if they do not load.
func builtin(t testing.TB) *ingest.Registry {
	t.Helper()
	reg, err := ingest.Builtin()
	if err != nil {
		t.Fatalf("Builtin: %v", err)
	}
	return reg
}

func profile(t testing.TB, id string) *ingest.Profile {
	t.Helper()
	p, ok := builtin(t).Get(id)
	if !ok {
		t.Fatalf("no built-in profile %q", id)
	}
	return p
}

func zone(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("load zone %s: %v", name, err)
	}
	return loc
}

// writeFile writes data to a fresh file and returns its path.
func writeFile(t testing.TB, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// readResult is everything a file gives.
type readResult struct {
	src      *ingest.Source
	records  []*ingest.Record
	warnings []string
	blank    int64
	err      error // the error that ended reading, nil at io.EOF
}

func (r readResult) events() []*ingest.Record {
	var out []*ingest.Record
	for _, rec := range r.records {
		if rec.Event != nil {
			out = append(out, rec)
		}
	}
	return out
}

func (r readResult) rejects() []*ingest.Reject {
	var out []*ingest.Reject
	for _, rec := range r.records {
		if rec.Reject != nil {
			out = append(out, rec.Reject)
		}
	}
	return out
}

func (r readResult) skips() []*ingest.Record {
	var out []*ingest.Record
	for _, rec := range r.records {
		if rec.Skip != "" {
			out = append(out, rec)
		}
	}
	return out
}

// readAll sniffs data and reads it through profile id.
func readAll(t testing.TB, data []byte, id string, opt ingest.Options) readResult {
	t.Helper()
	path := writeFile(t, "input.csv", data)
	src, err := ingest.Sniff(path)
	if err != nil {
		t.Fatalf("Sniff: %v", err)
	}
	return readSource(t, src, profile(t, id), opt)
}

func readSource(t testing.TB, src *ingest.Source, p *ingest.Profile, opt ingest.Options) readResult {
	t.Helper()
	r, err := ingest.Open(src, p, opt)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer r.Close()
	res := readResult{src: src}
	for {
		rec, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			res.err = err
			break
		}
		res.records = append(res.records, rec)
	}
	res.warnings, res.blank = r.Warnings(), r.BlankLines()
	return res
}

// crlf turns LF into CRLF.
func crlf(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") }

func jsonString(v any) (string, error) {
	b, err := json.Marshal(v)
	return string(b), err
}
