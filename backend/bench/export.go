package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"

	"trailbook/backend/export"
)

// exportBench writes rows detail rows of 12 columns through export.WriteXLSX and
// export.WriteCSV and, in the same run, the same values through a bare excelize
// StreamWriter and a bare encoding/csv writer, and prints seconds, the ratio to the bare
// writer and the peak RSS of each. It exits on error, like the import bench.
func exportBench(rows int) {
	if err := runExportBench(context.Background(), rows); err != nil {
		fmt.Fprintln(os.Stderr, "bench: export:", err)
		os.Exit(1)
	}
}

func runExportBench(ctx context.Context, rows int) error {
	dir, err := os.MkdirTemp("", "trailbook-export-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	loc, err := time.LoadLocation("Europe/Bucharest")
	if err != nil {
		return err
	}
	g := newExportGen(loc)
	doc := export.Document{
		Title: "Bench", Generated: time.Now(), Zone: loc, Columns: g.columns(), Total: int64(rows),
		Rows: func(ctx context.Context, yield func(export.Row) error) error {
			r := make(export.Row, len(g.cols))
			for i := range rows {
				g.fill(i, r)
				if err := yield(r); err != nil {
					return err
				}
			}
			return nil
		},
	}
	type phase struct {
		name string
		run  func(path string) error
	}
	phases := []phase{
		{"excelize StreamWriter, bare (reference)", func(p string) error { return bareXLSX(p, g, rows) }},
		{"export.WriteXLSX (cover, styles, split)", func(p string) error {
			return toFile(p, func(f *os.File) error { _, err := export.WriteXLSX(ctx, f, doc); return err })
		}},
		{"encoding/csv, bare (reference)", func(p string) error { return bareCSV(p, g, rows) }},
		{"export.WriteCSV (zone, safe text, BOM)", func(p string) error {
			return toFile(p, func(f *os.File) error {
				_, err := export.WriteCSV(ctx, f, doc, export.CSVOptions{BOM: true})
				return err
			})
		}},
	}
	fmt.Printf("\n%-44s %10s %8s %10s %8s %10s %10s\n", fmt.Sprintf("export of %d rows x %d columns", rows, len(g.cols)),
		"seconds", "ratio", "CPU s", "ratio", "peak RSS", "file")
	var ref, refCPU time.Duration
	for i, ph := range phases {
		path := filepath.Join(dir, fmt.Sprintf("out-%d", i))
		runtime.GC()
		debug.FreeOSMemory()
		resetPeakRSS()
		start, cpu0 := time.Now(), cpuTime()
		if err := ph.run(path); err != nil {
			return fmt.Errorf("%s: %w", ph.name, err)
		}
		d, cpu := time.Since(start), cpuTime()-cpu0
		if i%2 == 0 { // every writer follows its bare reference
			ref, refCPU = d, cpu
		}
		st, err := os.Stat(path)
		if err != nil {
			return err
		}
		fmt.Printf("%-44s %10.2f %8.2f %10.2f %8.2f %7d MB %7.0f MB\n", ph.name, d.Seconds(), d.Seconds()/ref.Seconds(),
			cpu.Seconds(), cpu.Seconds()/refCPU.Seconds(), peakRSSKB()/1024, float64(st.Size())/1e6)
		if err := os.Remove(path); err != nil {
			return err
		}
	}
	return nil
}

func toFile(path string, write func(*os.File) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// bareXLSX is the reference: a StreamWriter fed the same values with nothing around it
// beyond the one column style a date cell needs (without it excelize looks up a style for
// every time cell).
func bareXLSX(path string, g *exportGen, rows int) error {
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		return err
	}
	dateFmt := "yyyy-mm-dd hh:mm:ss"
	ds, err := f.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt})
	if err != nil {
		return err
	}
	if err := sw.SetColStyle(1, 1, ds); err != nil {
		return err
	}
	header := make([]any, len(g.cols))
	for i, c := range g.cols {
		header[i] = c.Title
	}
	if err := sw.SetRow("A1", header); err != nil {
		return err
	}
	r := make(export.Row, len(g.cols))
	vals := make([]any, len(g.cols))
	for i := range rows {
		g.fill(i, r)
		for j, v := range r {
			switch x := v.(type) {
			case time.Time:
				vals[j] = x.In(g.loc)
			case export.Micros:
				vals[j] = float64(x) / 1e6
			default:
				vals[j] = v
			}
		}
		if err := sw.SetRow("A"+strconv.Itoa(i+2), vals); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return toFile(path, func(out *os.File) error { return f.Write(out) })
}

// bareCSV is the reference: encoding/csv with the plainest formatting of the same values.
func bareCSV(path string, g *exportGen, rows int) error {
	return toFile(path, func(out *os.File) error {
		bw := bufio.NewWriterSize(out, 64<<10)
		w := csv.NewWriter(bw)
		rec := make([]string, len(g.cols))
		for i, c := range g.cols {
			rec[i] = c.Title
		}
		if err := w.Write(rec); err != nil {
			return err
		}
		r := make(export.Row, len(g.cols))
		for i := range rows {
			g.fill(i, r)
			for j, v := range r {
				switch x := v.(type) {
				case string:
					rec[j] = x
				case time.Time:
					rec[j] = x.In(g.loc).Format("2006-01-02 15:04:05")
				case int64:
					rec[j] = strconv.FormatInt(x, 10)
				case export.Micros:
					rec[j] = strconv.FormatFloat(float64(x)/1e6, 'f', -1, 64)
				}
			}
			if err := w.Write(rec); err != nil {
				return err
			}
		}
		w.Flush()
		if err := w.Error(); err != nil {
			return err
		}
		return bw.Flush()
	})
}

// exportGen makes deterministic activity rows from small pools, so generating a row
// costs little next to writing it and both writers get identical values.
type exportGen struct {
	loc                          *time.Location
	cols                         []export.Column
	users, names, emails, labels []string
	systems, modules, actions    []string
	kinds, refs                  []string
	start                        time.Time
}

func newExportGen(loc *time.Location) *exportGen {
	g := &exportGen{
		loc: loc,
		cols: []export.Column{
			{Key: "time", Title: "Time", Type: export.Time}, {Key: "user_id", Title: "User ID", Type: export.Text},
			{Key: "name", Title: "Name", Type: export.Text}, {Key: "email", Title: "Email", Type: export.Text},
			{Key: "system", Title: "System", Type: export.Text}, {Key: "module", Title: "Module", Type: export.Text},
			{Key: "action", Title: "Action", Type: export.Text}, {Key: "kind", Title: "Kind", Type: export.Text},
			{Key: "ref", Title: "Record", Type: export.Text}, {Key: "label", Title: "Label", Type: export.Text},
			{Key: "line", Title: "Line", Type: export.Integer}, {Key: "amount", Title: "Amount", Type: export.Amount},
		},
		systems: []string{"events", "billing", "crm"},
		modules: []string{"Content - OTSession", "Download", "User", "Message", "Feed", "Admin", "Payments"},
		actions: []string{"View", "Watch", "Download", "Log In", "Log Out", "Send Invite", "Post", "Save", "Refund"},
		kinds:   []string{"view", "download", "login", "logout", "message", "create", "update", "payment", "refund"},
		start:   time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC),
	}
	firsts := []string{"Ana", "Ben", "Chloé", "Dmitri", "Emma", "Farah", "Goran", "Hana", "Ivo", "Jun"}
	lasts := []string{"Silva", "Okafor", "Durand", "Ivanov", "Nguyen", "Haddad", "Petrov", "Sato", "Kovač", "Li"}
	for u := range 2000 {
		first, last := firsts[u%10], lasts[(u/10)%10]
		g.users = append(g.users, "u_"+strconv.Itoa(1000+u))
		g.names = append(g.names, first+" "+last)
		g.emails = append(g.emails, fmt.Sprintf("%s.%s%d@example.com", first, last, u))
	}
	for i := range 10_000 {
		g.labels = append(g.labels, fmt.Sprintf("Post %d about data pipelines", i))
		g.refs = append(g.refs, fmt.Sprintf("BOK-%05d", i))
	}
	g.labels[7] = `=HYPERLINK("http://x","click")` // one hostile label among the ordinary ones
	return g
}

func (g *exportGen) columns() []export.Column { return g.cols }

// fill sets row i into r; the mixing constant spreads users and labels without a RNG.
func (g *exportGen) fill(i int, r export.Row) {
	h := uint64(i) * 0x9E3779B97F4A7C15
	u := int(h>>40) % len(g.users)
	m := int(h>>20) % len(g.modules)
	r[0] = g.start.Add(time.Duration(i) * 30 * time.Second)
	r[1], r[2], r[3] = g.users[u], g.names[u], g.emails[u]
	r[4], r[5] = g.systems[m%len(g.systems)], g.modules[m]
	r[6], r[7] = g.actions[int(h>>8)%len(g.actions)], g.kinds[int(h>>12)%len(g.kinds)]
	r[8], r[9] = g.refs[int(h>>24)%len(g.refs)], g.labels[int(h>>32)%len(g.labels)]
	r[10] = int64(i + 2)
	if m == len(g.modules)-1 {
		r[11] = export.Micros(int64(h>>44) % 100_000_000)
	} else {
		r[11] = nil
	}
}
