package ingest_test

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"trailbook/backend/ingest"
)

// fuzzSeeds are the testdata exports plus a few nasty inputs; they run in plain go test.
func fuzzSeeds(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "profiles", "*", "*.csv"))
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, s := range []string{
		"", "\n", "\"", "\"\"\"", ",,,\n,,,", "a\x00b", "\xff\xfe", "\xfe\xff\x00", "\xef\xbb\xbf",
		"Date,User name,Activity\n\"2024-01-01 00:00:00,a,b\n",
		"Date,User name,Activity\n2024-01-01 00:00:00,\"a\"\"b\"x,c\n",
		"Date;User name;Activity;Price/Amount\n2024-01-01 00:00:00;a;b;1.2.3,4\r",
		"\r\r\r", "a|b\tc;d,e\n1|2\t3;4,5\n",
	} {
		f.Add([]byte(s))
	}
}

func FuzzSniff(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		src, err := ingest.SniffReader(bytes.NewReader(data))
		if err != nil {
			return
		}
		switch src.Delimiter {
		case ',', ';', '\t', '|':
		default:
			t.Fatalf("delimiter %q", src.Delimiter)
		}
		if src.HeaderLine < 1 {
			t.Fatalf("header line %d", src.HeaderLine)
		}
	})
}

// FuzzReader feeds any bytes through every built-in profile: each row must come back as
// a record or the read must end with io.EOF or a *FileError; nothing may panic.
func FuzzReader(f *testing.F) {
	fuzzSeeds(f)
	reg, err := ingest.Builtin()
	if err != nil {
		f.Fatal(err)
	}
	profiles := reg.List()
	f.Fuzz(func(t *testing.T, data []byte) {
		src, err := ingest.SniffReader(bytes.NewReader(data))
		if err != nil {
			return
		}
		for _, p := range profiles {
			r, err := ingest.OpenReader(bytes.NewReader(data), src, p, ingest.Options{Zone: time.UTC})
			if err != nil {
				continue // a file without the profile's headers
			}
			prev := int64(0)
			for n := 0; ; n++ {
				rec, err := r.Next()
				if errors.Is(err, io.EOF) {
					break
				}
				var fe *ingest.FileError
				if errors.As(err, &fe) {
					break
				}
				if err != nil {
					t.Fatalf("%s: Next returned %T %v", p.ID, err, err)
				}
				if rec.Line <= prev {
					t.Fatalf("%s: record lines go from %d to %d", p.ID, prev, rec.Line)
				}
				prev = rec.Line
				if n > len(data)+1 {
					t.Fatalf("%s: more records than bytes", p.ID)
				}
				if e := rec.Event; e != nil && e.OccurredAt.Location() != time.UTC {
					t.Fatalf("%s: time not in UTC", p.ID)
				}
			}
			if r.BytesRead() > int64(len(data)) {
				t.Fatalf("%s: BytesRead %d > %d", p.ID, r.BytesRead(), len(data))
			}
		}
	})
}

func FuzzParseTime(f *testing.F) {
	for _, s := range []string{
		"2024-03-31 03:30:00", "2024-10-27 03:30:00", "12/06/2024 12:12 PM", "2024-05-14T08:31:06.000Z",
		"2024-05-14T08:31:06+14:00", "31.12.1969 23:59", "0000-01-01", "9999-12-31T23:59:59.999999999Z", "13/13/2024",
		"", "  ", "2024-02-29", "2023-02-29", "1,234.56", "(49.50)", "1.234,5", "€ 12", "--1",
	} {
		f.Add(s)
	}
	zones := []string{"Europe/Bucharest", "Australia/Sydney", "America/New_York", "Australia/Lord_Howe", "Pacific/Apia"}
	f.Fuzz(func(t *testing.T, s string) {
		for _, name := range zones {
			loc, err := time.LoadLocation(name)
			if err != nil {
				t.Fatal(err)
			}
			for _, order := range []string{ingest.DayFirst, ingest.MonthFirst} {
				p, err := ingest.NewTimeParser(nil, order, loc)
				if err != nil {
					t.Fatal(err)
				}
				got, err := p.Parse(s)
				if err == nil && got.UTC.Location() != time.UTC {
					t.Fatalf("Parse(%q) not in UTC", s)
				}
				if err == nil && got.Warning == "" && !strings.HasPrefix(got.Zone, "+") && !strings.HasPrefix(got.Zone, "-") && got.Zone != "UTC" {
					// An ordinary local time reads back to the same wall clock.
					w := got.UTC.In(loc)
					again, warn := ingest.ResolveLocal(w, loc)
					if !again.Equal(got.UTC) || warn != "" {
						t.Fatalf("Parse(%q) in %s = %v, but its wall clock %v resolves to %v %q", s, name, got.UTC, w, again, warn)
					}
				}
			}
		}
		for _, comma := range []bool{false, true} {
			ingest.ParseAmount(s, comma)
		}
	})
}

// FuzzSuggestAndMap: any file gets a suggestion; a mapping built from it either is
// refused with ErrBadMapping or reads the file to the end without a panic.
func FuzzSuggestAndMap(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		src, err := ingest.SniffReader(bytes.NewReader(data))
		if err != nil {
			return
		}
		path := filepath.Join(t.TempDir(), "in.csv")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		src.Path = path
		header, rows, err := ingest.SampleRows(src, 50)
		if err != nil {
			return
		}
		s := ingest.Suggest(header, rows)
		if s.Map == nil || len(s.Columns) != len(header) {
			t.Fatalf("suggestion for %d columns has %d", len(header), len(s.Columns))
		}
		if s.Map["time"] == "" {
			s.Map["time"] = firstName(header)
		}
		if s.Map["action"] == "" && s.Map["description"] == "" {
			s.Map["action"] = firstName(header)
		}
		p, err := ingest.ProfileFromMapping(header, ingest.Mapping{Fields: s.Map, DateOrder: s.DateOrder, Zone: "UTC", Name: string(data[:min(len(data), 20)])}, nil)
		if err != nil {
			if !errors.Is(err, ingest.ErrBadMapping) {
				t.Fatalf("ProfileFromMapping: %v", err)
			}
			return
		}
		if _, err := ingest.ParseProfile(mustYAML(t, p)); err != nil {
			t.Fatalf("the mapped profile does not read back: %v", err)
		}
		r, err := ingest.OpenReader(bytes.NewReader(data), src, p, ingest.Options{})
		if err != nil {
			return
		}
		for n := 0; ; n++ {
			if _, err := r.Next(); err != nil {
				break
			}
			if n > len(data)+1 {
				t.Fatal("more records than bytes")
			}
		}
	})
}

func firstName(header []string) string {
	for _, h := range header {
		if strings.TrimSpace(h) != "" {
			return h
		}
	}
	return "x"
}

func mustYAML(t *testing.T, p *ingest.Profile) []byte {
	y, err := p.YAML()
	if err != nil {
		t.Fatal(err)
	}
	return y
}

// FuzzLayoutPattern: any date pattern becomes a checked layout or an error.
func FuzzLayoutPattern(f *testing.F) {
	for _, s := range []string{"DD/MM/YYYY HH:mm", "M/D/YYYY h:mm:ss tt", "2006-01-02", "yyyy", "Z", "MMMM D, YYYY", "15:04"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		l, err := ingest.LayoutFromPattern(s)
		if err != nil || l == "" {
			return
		}
		if _, err := ingest.NewTimeParser([]string{l}, ingest.DayFirst, time.UTC); err != nil {
			t.Fatalf("LayoutFromPattern(%q) = %q, which the time parser refuses: %v", s, l, err)
		}
	})
}
