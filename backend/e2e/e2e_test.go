// Package e2e runs the real trailbook binary (CLI face) against real files and a real
// workspace, the way scripts and CI use it.
package e2e_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

var bin string

func TestMain(m *testing.M) {
	// Importers must not depend on the machine's zone: run everything far from UTC.
	os.Setenv("TZ", "Pacific/Auckland")
	dir, err := os.MkdirTemp("", "trailbook-e2e-")
	if err != nil {
		panic(err)
	}
	bin = filepath.Join(dir, "trailbook")
	build := exec.Command("go", "build", "-tags", sqliteTags, "-o", bin, "../..")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "build trailbook:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// run runs the binary on workspace db and returns stdout, stderr and the exit code.
func run(t *testing.T, db string, args ...string) (string, string, int) {
	t.Helper()
	out, stderr, code, _ := runProcess(t, db, args...)
	return out, stderr, code
}

// runProcess is run that also gives the finished process, for its resource usage.
func runProcess(t *testing.T, db string, args ...string) (string, string, int, *os.ProcessState) {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"--db", db}, args...)...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("run %v: %v", args, err)
	}
	return out.String(), errb.String(), code, cmd.ProcessState
}

func runJSON(t *testing.T, db string, v any, wantCode int, args ...string) {
	t.Helper()
	out, stderr, code := run(t, db, append(args, "--json")...)
	if code != wantCode {
		t.Fatalf("trailbook %v: exit %d, want %d\nstdout: %s\nstderr: %s", args, code, wantCode, out, stderr)
	}
	if err := json.Unmarshal([]byte(out), v); err != nil {
		t.Fatalf("trailbook %v: bad JSON %v:\n%s", args, err, out)
	}
}

type importResult struct {
	File       string   `json:"file"`
	SHA256     string   `json:"sha256"`
	Profile    string   `json:"profile"`
	Rows       int64    `json:"rows"`
	Inserted   int64    `json:"inserted"`
	Duplicates int64    `json:"duplicates"`
	Rejected   int64    `json:"rejected"`
	Rejects    []reject `json:"rejects"`
	FirstUTC   *string  `json:"first_utc"`
	LastUTC    *string  `json:"last_utc"`
	Error      string   `json:"error"`
}

type reject struct {
	Line   int64  `json:"line"`
	Reason string `json:"reason"`
}

type stats struct {
	Events   int64            `json:"events"`
	Batches  int64            `json:"batches"`
	People   int64            `json:"people"`
	Users    int64            `json:"users"`
	FirstUTC *string          `json:"first_utc"`
	LastUTC  *string          `json:"last_utc"`
	BySystem map[string]int64 `json:"by_system"`
}

type verifyResult struct {
	OK      bool   `json:"ok"`
	Events  int64  `json:"events"`
	ID      int64  `json:"id"`
	File    string `json:"file"`
	Line    int64  `json:"line"`
	Problem string `json:"problem"`
}

func deref(s *string) string {
	if s == nil {
		return "<nil>"
	}
	return *s
}

// The 2Checkout file has times in the account's zone across both 2024 DST changes of
// Europe/Bucharest, two identical lines (two real events), and one unreadable date.
func TestImportZoneDedupRejectVerify(t *testing.T) {
	db := filepath.Join(t.TempDir(), "w.trailbook")
	file := "testdata/2checkout-dst.csv"

	var res []importResult
	runJSON(t, db, &res, 0, "import", "--tz", "Europe/Bucharest", file)
	if len(res) != 1 {
		t.Fatalf("got %d results, want 1", len(res))
	}
	r := res[0]
	if r.Profile != "2checkout" || r.Rows != 6 || r.Inserted != 5 || r.Duplicates != 0 || r.Rejected != 1 {
		t.Errorf("first import: profile %s rows %d inserted %d duplicates %d rejected %d; want 2checkout 6 5 0 1",
			r.Profile, r.Rows, r.Inserted, r.Duplicates, r.Rejected)
	}
	if len(r.Rejects) != 1 || r.Rejects[0].Line != 6 || r.Rejects[0].Reason == "" {
		t.Errorf("rejects = %+v, want one at line 6 with a reason", r.Rejects)
	}
	// 23:59:59 EET = 21:59:59Z; 2024-11-01 12:00 EET = 10:00Z.
	if got, want := deref(r.FirstUTC), "2024-03-30T21:59:59Z"; got != want {
		t.Errorf("first_utc = %s, want %s", got, want)
	}
	if got, want := deref(r.LastUTC), "2024-11-01T10:00:00Z"; got != want {
		t.Errorf("last_utc = %s, want %s", got, want)
	}
	if len(r.SHA256) != 64 {
		t.Errorf("sha256 = %q", r.SHA256)
	}

	// Re-importing the same file adds nothing.
	runJSON(t, db, &res, 0, "import", "--tz", "Europe/Bucharest", file)
	if r := res[0]; r.Inserted != 0 || r.Duplicates != 5 || r.Rejected != 1 {
		t.Errorf("re-import: inserted %d duplicates %d rejected %d; want 0 5 1", r.Inserted, r.Duplicates, r.Rejected)
	}

	var st stats
	runJSON(t, db, &st, 0, "stats")
	if st.Events != 5 || st.Batches != 2 || st.Users != 2 || st.BySystem["2checkout"] != 5 || st.BySystem["trailbook"] < 2 {
		t.Errorf("stats = %+v; want 5 events, 2 batches, 2 users, 2checkout 5, trailbook >= 2", st)
	}

	var v verifyResult
	runJSON(t, db, &v, 0, "verify")
	if !v.OK || v.Events < 7 {
		t.Errorf("verify = %+v, want ok over at least 7 events", v)
	}
}

func TestImportNeedsZone(t *testing.T) {
	db := filepath.Join(t.TempDir(), "w.trailbook")
	out, stderr, code := run(t, db, "import", "testdata/2checkout-dst.csv")
	if code == 0 {
		t.Fatalf("import without --tz of an export in the account's zone succeeded:\n%s", out)
	}
	if !strings.Contains(stderr, "--tz") {
		t.Errorf("error does not tell the user to pass --tz:\n%s", stderr)
	}
	var st stats
	runJSON(t, db, &st, 0, "stats")
	if st.Events != 0 || st.Batches != 0 {
		t.Errorf("a failed import left data behind: %+v", st)
	}
}

func TestUnknownCommandAndHelp(t *testing.T) {
	db := filepath.Join(t.TempDir(), "w.trailbook")
	if _, _, code := run(t, db, "frobnicate"); code != 2 {
		t.Errorf("unknown command exit %d, want 2", code)
	}
	out, _, code := run(t, db, "import", "--help")
	if code != 0 || !strings.Contains(out, "--tz") {
		t.Errorf("import --help: exit %d\n%s", code, out)
	}
}

// Tampering with the sqlite3 CLI: the append-only triggers refuse it; with them dropped,
// verify names the first altered or missing row and its file:line.
func TestVerifyCatchesSQLiteEdits(t *testing.T) {
	sqlite, err := exec.LookPath("sqlite3")
	if err != nil {
		t.Fatal("the sqlite3 CLI is needed for this test (apt-get install sqlite3)")
	}
	sql := func(db, q string) (string, error) {
		out, err := exec.Command(sqlite, db, q).CombinedOutput()
		return strings.TrimSpace(string(out)), err
	}
	for _, tc := range []struct{ name, tamper string }{
		{"update", "UPDATE events SET actor_name = 'Mallory' WHERE id = %d"},
		{"delete", "DELETE FROM events WHERE id = %d"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "w.trailbook")
			var res []importResult
			runJSON(t, db, &res, 0, "import", "--tz", "Europe/Bucharest", "testdata/2checkout-dst.csv")
			idText, err := sql(db, "SELECT id FROM events WHERE system = '2checkout' ORDER BY id LIMIT 1 OFFSET 2")
			if err != nil {
				t.Fatal(idText, err)
			}
			var id int64
			fmt.Sscan(idText, &id)
			lineText, _ := sql(db, fmt.Sprintf("SELECT line FROM events WHERE id = %d", id))

			if out, err := sql(db, fmt.Sprintf(tc.tamper, id)); err == nil {
				t.Fatalf("sqlite3 %s was not refused by the append-only guard: %s", tc.name, out)
			}
			triggers, err := sql(db, "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'events'")
			if err != nil || triggers == "" {
				t.Fatalf("no triggers on events: %q %v", triggers, err)
			}
			q := ""
			for _, tr := range strings.Fields(triggers) {
				q += "DROP TRIGGER " + tr + "; "
			}
			if out, err := sql(db, q+fmt.Sprintf(tc.tamper, id)); err != nil {
				t.Fatalf("tamper: %s %v", out, err)
			}
			var v verifyResult
			runJSON(t, db, &v, 1, "verify")
			if v.OK {
				t.Fatalf("verify passed after a sqlite3 %s of event %d", tc.name, id)
			}
			if v.ID != id || v.File != "2checkout-dst.csv" || fmt.Sprint(v.Line) != lineText || v.Problem == "" {
				t.Errorf("verify = %+v; want id %d, file 2checkout-dst.csv, line %s, a problem", v, id, lineText)
			}
		})
	}
}
