// Command bench measures Trailbook's import against a reference measured in the same run:
// the sqlite3 CLI's `.import` of the same CSV into a plain table. It generates a
// deterministic activity export, builds the real trailbook binary (once per SQLite driver
// asked for), and prints rows/s, the ratio to the reference, and the peak memory of each run.
package main

import (
	"bufio"
	"cmp"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

func main() {
	rows := flag.Int("rows", 1_000_000, "rows in the generated export")
	dir := flag.String("dir", "", "work folder (default: a temp folder, removed afterwards)")
	drivers := flag.String("drivers", "cgo", "SQLite drivers to measure, comma-separated: cgo (mattn/go-sqlite3, the Linux build), purego (modernc.org/sqlite, the Windows build)")
	importOnly := flag.Bool("import-only", false, "measure the imports only (no queries, no exports)")
	runs := flag.Int("runs", 3, "times the reference and each first import run, alternately; the median counts")
	flag.Parse()
	if *runs < 1 {
		fmt.Fprintln(os.Stderr, "bench: -runs must be at least 1")
		os.Exit(2)
	}
	if err := run(context.Background(), *rows, *dir, strings.Split(*drivers, ","), *importOnly, *runs); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
	if !*importOnly {
		exportBench(*rows)
	}
}

// driverTags are the build tags that select each SQLite driver (see backend/store/driver_*.go).
var driverTags = map[string]string{
	"cgo":    "sqlite_fts5",
	"purego": "",
}

// driverNames are the drivers as the table names them.
var driverNames = map[string]string{
	"cgo":    "mattn/go-sqlite3, cgo",
	"purego": "modernc.org/sqlite, pure Go",
}

func run(ctx context.Context, rows int, dir string, drivers []string, importOnly bool, runs int) error {
	for _, d := range drivers {
		if _, ok := driverTags[d]; !ok {
			return fmt.Errorf("unknown driver %q: use cgo, purego or both as cgo,purego", d)
		}
	}
	if dir == "" {
		d, err := os.MkdirTemp("", "trailbook-bench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(d)
		dir = d
	}
	csvPath := filepath.Join(dir, "user-activity-export.csv")
	t0 := time.Now()
	size, err := generate(csvPath, rows)
	if err != nil {
		return fmt.Errorf("generate: %w", err)
	}
	fmt.Printf("generated %d rows, %.1f MB in %.1f s\n", rows, float64(size)/1e6, time.Since(t0).Seconds())

	bins := map[string]string{}
	for _, d := range drivers {
		if bins[d], err = buildTrailbook(ctx, dir, d); err != nil {
			return err
		}
	}
	// The reference and the first imports run alternately, so that a busy spell of
	// the machine slows them alike; each starts from an empty file.
	var refs []result
	firsts := map[string][]result{}
	refDB := filepath.Join(dir, "ref.db")
	for i := 0; i < runs; i++ {
		ref, err := timedFresh(ctx, refDB, "sqlite3", refDB, "-cmd", ".mode csv", ".import "+csvPath+" activity")
		if err != nil {
			return fmt.Errorf("sqlite3 reference (is the sqlite3 CLI installed?): %w", err)
		}
		refs = append(refs, ref)
		for _, d := range drivers {
			first, err := firstImport(ctx, bins[d], workspaceFile(dir, d), csvPath, rows)
			if err != nil {
				return fmt.Errorf("%s: %w", d, err)
			}
			firsts[d] = append(firsts[d], first)
		}
	}
	ref := median(refs)
	rate := func(d time.Duration) float64 { return float64(rows) / d.Seconds() }
	type line struct {
		name string
		r    result
	}
	lines := []line{{"sqlite3 CLI .import, plain table (reference)", ref}}
	var verifies []line
	for _, d := range drivers {
		again, verify, err := reimportAndVerify(ctx, bins[d], workspaceFile(dir, d), csvPath, rows)
		if err != nil {
			return fmt.Errorf("%s: %w", d, err)
		}
		lines = append(lines,
			line{"trailbook import (normalize, dedup, FTS, chain)", median(firsts[d])},
			line{"trailbook re-import of the same file (0 new)", again})
		verifies = append(verifies, line{"trailbook verify (whole chain)", verify})
		if len(drivers) > 1 {
			n := len(lines)
			lines[n-2].name += " [" + d + "]"
			lines[n-1].name += " [" + d + "]"
			verifies[len(verifies)-1].name += " [" + d + "]"
		}
	}

	// CPU seconds (user + system, every thread) show the work done whatever else
	// runs on the machine; wall seconds and the ratio are what a user waits.
	fmt.Printf("\n%-54s %10s %12s %8s %10s %8s\n", "import of "+fmt.Sprint(rows)+" rows", "seconds", "rows/s", "ratio", "peak RSS", "CPU s")
	for _, l := range lines {
		fmt.Printf("%-54s %10.2f %12.0f %8.2f %7d MB %8.2f\n", l.name, l.r.wall.Seconds(), rate(l.r.wall), rate(l.r.wall)/rate(ref.wall), l.r.maxRSSKB/1024, l.r.cpu.Seconds())
	}
	for _, l := range verifies {
		fmt.Printf("%-54s %10.2f %12.0f %8s %10s %8.2f\n", l.name, l.r.wall.Seconds(), rate(l.r.wall), "", "", l.r.cpu.Seconds())
	}
	if runs > 1 {
		fmt.Printf("median of %d runs each; seconds of every run: reference %s", runs, walls(refs))
		for _, d := range drivers {
			fmt.Printf("; import [%s] %s", d, walls(firsts[d]))
		}
		fmt.Println()
	}
	for _, d := range drivers {
		fmt.Printf("driver %s: %s\n", d, driverNames[d])
	}
	if load, err := os.ReadFile("/proc/loadavg"); err == nil {
		fmt.Printf("load average: %s", load)
	}
	if importOnly {
		return nil
	}
	// Queries run on the workspace the first driver built.
	return queryBench(ctx, workspaceFile(dir, drivers[0]))
}

// buildTrailbook builds the trailbook binary with one SQLite driver.
func buildTrailbook(ctx context.Context, dir, drv string) (string, error) {
	bin := filepath.Join(dir, "trailbook-"+drv)
	build := exec.CommandContext(ctx, "go", "build", "-tags", driverTags[drv], "-o", bin, ".")
	build.Stdout, build.Stderr = os.Stdout, os.Stderr
	if err := build.Run(); err != nil {
		return "", fmt.Errorf("build trailbook (%s): %w", drv, err)
	}
	return bin, nil
}

func workspaceFile(dir, drv string) string { return filepath.Join(dir, "bench-"+drv+".trailbook") }

type importJSON []struct {
	Rows, Inserted, Duplicates int64
	Error                      string
}

// firstImport times an import of the file into a new workspace.
func firstImport(ctx context.Context, bin, db, csvPath string, rows int) (result, error) {
	r, err := timedFresh(ctx, db, bin, "--db", db, "import", "--json", csvPath)
	if err != nil {
		return r, fmt.Errorf("trailbook import: %w", err)
	}
	var res importJSON
	if err := json.Unmarshal(r.out, &res); err != nil || len(res) != 1 || res[0].Error != "" || res[0].Inserted != int64(rows) {
		return r, fmt.Errorf("unexpected import result: %s %v", r.out, err)
	}
	return r, nil
}

// reimportAndVerify times a re-import of the file into the workspace that holds
// it, and a verify of the whole chain.
func reimportAndVerify(ctx context.Context, bin, db, csvPath string, rows int) (again, verify result, err error) {
	if again, err = timed(ctx, bin, "--db", db, "import", "--json", csvPath); err != nil {
		return again, verify, fmt.Errorf("trailbook re-import: %w", err)
	}
	var res importJSON
	if err := json.Unmarshal(again.out, &res); err != nil || len(res) != 1 || res[0].Error != "" || res[0].Duplicates != int64(rows) {
		return again, verify, fmt.Errorf("unexpected re-import result: %s %v", again.out, err)
	}
	if verify, err = timed(ctx, bin, "--db", db, "verify"); err != nil {
		return again, verify, fmt.Errorf("trailbook verify: %w", err)
	}
	return again, verify, nil
}

// timedFresh is timed, after removing db and its journals.
func timedFresh(ctx context.Context, db, name string, args ...string) (result, error) {
	for _, f := range []string{db, db + "-wal", db + "-shm", db + "-journal"} {
		if err := os.Remove(f); err != nil && !os.IsNotExist(err) {
			return result{}, err
		}
	}
	return timed(ctx, name, args...)
}

// median is the run with the median wall time (the lower middle one of an even count).
func median(rs []result) result {
	s := slices.Clone(rs)
	slices.SortFunc(s, func(a, b result) int { return cmp.Compare(a.wall, b.wall) })
	return s[(len(s)-1)/2]
}

func walls(rs []result) string {
	parts := make([]string, len(rs))
	for i, r := range rs {
		parts[i] = fmt.Sprintf("%.2f", r.wall.Seconds())
	}
	return strings.Join(parts, " ")
}

type result struct {
	wall     time.Duration
	cpu      time.Duration // user + system
	maxRSSKB int64
	out      []byte
}

func timed(ctx context.Context, name string, args ...string) (result, error) {
	cmd := exec.CommandContext(ctx, name, args...)
	var out strings.Builder
	cmd.Stdout = &out
	cmd.Stderr = os.Stderr
	start := time.Now()
	err := cmd.Run()
	r := result{wall: time.Since(start), out: []byte(out.String())}
	if ps := cmd.ProcessState; ps != nil {
		r.maxRSSKB = childPeakRSSKB(ps)
		r.cpu = ps.UserTime() + ps.SystemTime()
	}
	return r, err
}

// generate writes a deterministic export in the event platform's User Activity Exporter layout.
func generate(path string, rows int) (int64, error) {
	f, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	w := bufio.NewWriterSize(f, 1<<20)
	rng := rand.New(rand.NewPCG(2024, 5))
	type act struct{ cat, action, label string }
	acts := []act{
		{"Content - OTSession", "View", "N/A"}, {"Content - OTSession", "Watch", "N/A"},
		{"Content - BreakoutOTSession", "Join", "N/A"}, {"Content - IRLSession", "Play", "N/A"},
		{"Download", "Download", "slides-%d.pdf"}, {"User", "Log In", "N/A"}, {"User", "Log Out", "N/A"},
		{"Message", "Send Invite", "N/A"}, {"Message", "Message", "Hello %d, see you at the booth"},
		{"Feed", "Post", "Post %d about data pipelines"}, {"Page", "View", "N/A"},
		{"Admin", "Save", "N/A"}, {"Question - Multiple Choice", "Answer", "Option %d"},
		{"Content - Partner", "Review", "Rating: 4 / Very useful %d"}, {"Continuing Education", "Earn", "course-%d"},
	}
	firsts := []string{"Ana", "Ben", "Chloé", "Dmitri", "Emma", "Farah", "Goran", "Hana", "Ivo", "Jun"}
	lasts := []string{"Silva", "Okafor", "Durand", "Ivanov", "Nguyen", "Haddad", "Petrov", "Sato", "Kovač", "Li"}
	companies := []string{"Acme Corp", "Globex", "Initech", "Umbrella", ""}
	fmt.Fprintln(w, "User ID,First,Last,Company,Email,Category,Action,Label,Date/Time,Content ID,Content Name,Content Slug")
	t := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < rows; i++ {
		t = t.Add(time.Duration(rng.IntN(60)) * time.Second)
		u := rng.IntN(2000)
		first, last := firsts[u%len(firsts)], lasts[(u/len(firsts))%len(lasts)]
		a := acts[rng.IntN(len(acts))]
		label := a.label
		if strings.Contains(label, "%d") {
			label = fmt.Sprintf(label, rng.IntN(10000))
		}
		content := ""
		if strings.HasPrefix(a.cat, "Content") || a.cat == "Download" {
			c := rng.IntN(300)
			content = fmt.Sprintf("c_%d,Session %d,session-%d", c, c, c)
		} else {
			content = ",,"
		}
		fmt.Fprintf(w, "u_%d,%s,%s,%s,%s.%s%d@example.com,%s,%s,%q,%s,%s\n",
			1000+u, first, last, companies[u%len(companies)], strings.ToLower(first), strings.ToLower(last), u,
			a.cat, a.action, label, t.Format("2006-01-02T15:04:05.000Z"), content)
	}
	if err := w.Flush(); err != nil {
		return 0, err
	}
	st, err := f.Stat()
	if err != nil {
		return 0, err
	}
	return st.Size(), f.Close()
}
