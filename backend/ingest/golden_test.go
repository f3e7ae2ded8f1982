package ingest_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"trailbook/backend/ingest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// caseOptions is testdata/profiles/<id>/<case>.opts.json: how the case is imported.
type caseOptions struct {
	Zone      string `json:"zone,omitempty"`
	DateOrder string `json:"date_order,omitempty"`
	Decimal   string `json:"decimal,omitempty"`
}

// goldenFile is what a case produces; it is compared with <case>.golden.json.
type goldenFile struct {
	Source struct {
		Encoding   string   `json:"encoding"`
		Delimiter  string   `json:"delimiter"`
		LineEnding string   `json:"line_ending"`
		HeaderLine int      `json:"header_line"`
		Header     []string `json:"header"`
	} `json:"source"`
	Detected     []string         `json:"detected"`
	Options      caseOptions      `json:"options"`
	DateOrder    string           `json:"date_order"`
	DecimalComma bool             `json:"decimal_comma"`
	Records      []*ingest.Record `json:"records"`
	Warnings     []string         `json:"warnings"`
	BlankLines   int64            `json:"blank_lines"`
	Error        string           `json:"error,omitempty"`
}

// TestProfilesGolden reads every testdata case of every embedded profile and compares
// the records with the golden files. A profile without testdata fails the test.
func TestProfilesGolden(t *testing.T) {
	reg := builtin(t)
	ids := map[string]bool{}
	for _, p := range reg.List() {
		ids[p.ID] = true
		dir := filepath.Join("testdata", "profiles", p.ID)
		cases, _ := filepath.Glob(filepath.Join(dir, "*.csv"))
		if len(cases) == 0 {
			t.Errorf("profile %s has no testdata: add sample exports as %s/*.csv and run go test -update", p.ID, dir)
			continue
		}
		for _, path := range cases {
			name := strings.TrimSuffix(filepath.Base(path), ".csv")
			t.Run(p.ID+"/"+name, func(t *testing.T) { runGolden(t, reg, p, path) })
		}
	}
	dirs, _ := filepath.Glob(filepath.Join("testdata", "profiles", "*"))
	for _, d := range dirs {
		if !ids[filepath.Base(d)] {
			t.Errorf("%s belongs to no profile", d)
		}
	}
}

func runGolden(t *testing.T, reg *ingest.Registry, p *ingest.Profile, path string) {
	base := strings.TrimSuffix(path, ".csv")
	var opts caseOptions
	if b, err := os.ReadFile(base + ".opts.json"); err == nil {
		if err := json.Unmarshal(b, &opts); err != nil {
			t.Fatalf("%s.opts.json: %v", base, err)
		}
	}
	src, err := ingest.Sniff(path)
	if err != nil {
		t.Fatalf("Sniff: %v", err)
	}
	var g goldenFile
	g.Source.Encoding, g.Source.Delimiter, g.Source.LineEnding = src.Encoding, string(src.Delimiter), src.LineEnding
	g.Source.HeaderLine, g.Source.Header = src.HeaderLine, src.Header
	g.Options = opts
	for _, c := range reg.Detect(src) {
		g.Detected = append(g.Detected, c.ID)
	}
	if len(g.Detected) != 1 || g.Detected[0] != p.ID {
		t.Errorf("Detect = %v, want exactly [%s]", g.Detected, p.ID)
	}
	opt := ingest.Options{DateOrder: opts.DateOrder, Decimal: opts.Decimal}
	if opts.Zone != "" {
		opt.Zone = zone(t, opts.Zone)
	}
	r, err := ingest.Open(src, p, opt)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer r.Close()
	g.DateOrder, g.DecimalComma = r.DateOrder(), r.DecimalComma()
	for {
		rec, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var fe *ingest.FileError
			if !errors.As(err, &fe) {
				t.Fatalf("Next returned %T %v, want *FileError or io.EOF", err, err)
			}
			g.Error = err.Error()
			break
		}
		g.Records = append(g.Records, rec)
	}
	g.Warnings, g.BlankLines = r.Warnings(), r.BlankLines()
	if r.BytesRead() != src.Size && g.Error == "" {
		t.Errorf("BytesRead = %d after the whole file, want the size %d", r.BytesRead(), src.Size)
	}

	got, err := json.MarshalIndent(g, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	golden := base + ".golden.json"
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./backend/ingest -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("records differ from %s (run with -update and review the diff):\n%s", golden, lineDiff(string(want), string(got)))
	}
}

// lineDiff shows the first lines where want and got part.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	shown := 0
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			b.WriteString("line " + strconv.Itoa(i+1) + ":\n  want: " + wl + "\n  got:  " + gl + "\n")
			if shown++; shown == 10 {
				break
			}
		}
	}
	return b.String()
}
