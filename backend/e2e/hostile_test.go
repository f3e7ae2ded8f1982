//go:build unix

package e2e_test

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

const header = "Date,IP Addr,Username,Action,Page,ID,Old values,New values\n"

// runMeasured is run that also returns the peak RSS in MiB.
func runMeasured(t *testing.T, db string, args ...string) (string, string, int, int64) {
	t.Helper()
	out, stderr, code, state := runProcess(t, db, args...)
	var rss int64
	if ru, ok := state.SysUsage().(*syscall.Rusage); ok {
		rss = ru.Maxrss / 1024 // KiB on Linux
	}
	return out, stderr, code, rss
}

func writeFile(t *testing.T, path string, fill func(w *bufio.Writer)) string {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	fill(w)
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestHostileInput imports files built to hurt: each gives a clear error that names the
// problem (and the line, where there is one) or a correct import, with bounded memory,
// and a failed file leaves no imported event behind.
func TestHostileInput(t *testing.T) {
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(1, 2))
	const tenMB = 10 << 20
	const memLimitMiB = 400

	cases := []struct {
		name string
		file string
		// want: words the error must hold; empty: the import must succeed with rows events
		want []string
		rows int64
	}{
		{"10 MB quoted field", writeFile(t, filepath.Join(dir, "field.csv"), func(w *bufio.Writer) {
			w.WriteString(header)
			w.WriteString("2024-02-10 03:38:00,192.0.2.44,admin,UPDATE,servers,1,name: a,\"name: ")
			w.WriteString(strings.Repeat("x", tenMB))
			w.WriteString("\"\n2024-02-10 03:39:00,192.0.2.44,admin,DELETE,servers,2,name: b,\n")
		}), []string{"field.csv:2:", "4 mib"}, 0},
		{"10 MB line", writeFile(t, filepath.Join(dir, "line.csv"), func(w *bufio.Writer) {
			w.WriteString(header)
			w.WriteString("2024-02-10 03:38:00,192.0.2.44,admin,UPDATE,servers,1,name: a,name: ")
			w.WriteString(strings.Repeat("y", tenMB))
			w.WriteString("\n")
		}), []string{"line.csv:2:", "4 mib"}, 0},
		{"10,000 columns", writeFile(t, filepath.Join(dir, "wide.csv"), func(w *bufio.Writer) {
			w.WriteString(strings.TrimSuffix(header, "\n"))
			for i := 0; i < 10_000-8; i++ {
				fmt.Fprintf(w, ",Extra %d", i)
			}
			w.WriteString("\n")
			for r := 0; r < 20; r++ {
				fmt.Fprintf(w, "2024-02-10 03:%02d:00,192.0.2.44,admin,UPDATE,servers,%d,name: a,name: b", r, r)
				for i := 0; i < 10_000-8; i++ {
					fmt.Fprintf(w, ",v%d", i)
				}
				w.WriteString("\n")
			}
		}), nil, 20},
		{"binary garbage", writeFile(t, filepath.Join(dir, "garbage.csv"), func(w *bufio.Writer) {
			for i := 0; i < 1<<20; i++ {
				w.WriteByte(byte(rng.UintN(256)))
			}
		}), []string{"garbage.csv"}, 0},
		{"gzip bomb renamed .csv", writeFile(t, filepath.Join(dir, "bomb-gz.csv"), func(w *bufio.Writer) {
			gz, _ := gzip.NewWriterLevel(w, gzip.BestCompression)
			zeros := make([]byte, 1<<20)
			for i := 0; i < 200; i++ { // 200 MB of zeros in about 200 KB
				gz.Write(zeros)
			}
			gz.Close()
		}), []string{"archive", "extract it first"}, 0},
		{"zip renamed .csv", writeFile(t, filepath.Join(dir, "bomb-zip.csv"), func(w *bufio.Writer) {
			z := zip.NewWriter(w)
			f, _ := z.Create("activity.csv")
			f.Write([]byte(header))
			zeros := bytes.Repeat([]byte("0"), 1<<20)
			for i := 0; i < 100; i++ {
				f.Write(zeros)
			}
			z.Close()
		}), []string{"archive", "extract it first"}, 0},
		{"xz renamed .csv", writeFile(t, filepath.Join(dir, "x-xz.csv"), func(w *bufio.Writer) {
			w.Write([]byte{0xFD, '7', 'z', 'X', 'Z', 0x00})
			w.WriteString(strings.Repeat("\x00\x04\xe6\xd6\xb4\x46", 1000))
		}), []string{"archive", "extract it first"}, 0},
		{"7z renamed .csv", writeFile(t, filepath.Join(dir, "x-7z.csv"), func(w *bufio.Writer) {
			w.Write([]byte{'7', 'z', 0xBC, 0xAF, 0x27, 0x1C})
			w.WriteString(strings.Repeat("\x00\x04\x8d\x9b\xd5\x0f", 1000))
		}), []string{"archive", "extract it first"}, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "w.trailbook")
			out, stderr, code, rss := runMeasured(t, db, "import", tc.file)
			msg := strings.ToLower(stderr)
			if tc.want == nil {
				if code != 0 {
					t.Fatalf("import failed: %s", stderr)
				}
				if st := mustStats(t, db); st.BySystem["backup-panel"] != tc.rows {
					t.Errorf("imported %d events, want %d", st.BySystem["backup-panel"], tc.rows)
				}
			} else {
				if code == 0 {
					t.Fatalf("import succeeded, want an error holding %q:\n%s", tc.want, out)
				}
				for _, w := range tc.want {
					if !strings.Contains(msg, strings.ToLower(w)) {
						t.Errorf("error lacks %q:\n%s", w, stderr)
					}
				}
				if strings.Contains(msg, "panic") {
					t.Errorf("panic:\n%s", stderr)
				}
				if st := mustStats(t, db); st.BySystem["backup-panel"] != 0 || st.Batches != 0 {
					t.Errorf("a failed import left %d events in %d batches", st.BySystem["backup-panel"], st.Batches)
				}
			}
			if rss > memLimitMiB {
				t.Errorf("peak memory %d MiB, want at most %d", rss, memLimitMiB)
			}
			mustVerify(t, db)
			first, _, _ := strings.Cut(strings.TrimSpace(stderr+out), "\n")
			t.Logf("peak RSS %d MiB, exit %d: %.200s", rss, code, strings.TrimSpace(strings.ReplaceAll(stderr, "\n", " ")+" "+first))
		})
	}
}

// TestFileChangingWhileRead: a file that grows while it is imported must not land with a
// SHA-256 and size that describe other bytes than the events stored. Either the import
// fails saying the file changed, or what it stored matches what it reports.
func TestFileChangingWhileRead(t *testing.T) {
	rows := envInt(t, "TRAILBOOK_CHANGING_ROWS", 40_000)
	dir := t.TempDir()
	path := writeBackupPanel(t, dir, "growing.csv", rows, 1)
	db := filepath.Join(dir, "w.trailbook")

	cmd := exec.Command(bin, "--db", db, "import", "--json", path)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Append more rows while it reads (an export still being downloaded); the import of
	// this many rows runs for seconds, its hashing for milliseconds after the start.
	time.Sleep(800 * time.Millisecond)
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	const late = 2000
	for i := 0; i < late; i++ {
		fmt.Fprintf(f, "2025-06-01 00:%02d:%02d,192.0.2.9,late,UPDATE,servers,%d,,\n", i/60%60, i%60, 900000+i)
	}
	f.Close()
	err = cmd.Wait()
	if err == nil {
		// Success is only right when what it stored is what its size and SHA-256 describe.
		var res []struct {
			importResult
			Size int64 `json:"size"`
		}
		if jerr := jsonUnmarshal(out.Bytes(), &res); jerr != nil {
			t.Fatal(jerr)
		}
		r := res[0]
		b, _ := os.ReadFile(path)
		if r.Size > int64(len(b)) {
			t.Fatalf("reported size %d, file has %d bytes", r.Size, len(b))
		}
		sum := sha256.Sum256(b[:r.Size])
		dataRows := int64(bytes.Count(b[:r.Size], []byte("\n")) - 1)
		if hex.EncodeToString(sum[:]) != r.SHA256 || r.Inserted != dataRows {
			t.Errorf("import stored %d rows but its size %d and SHA-256 describe a file of %d rows: the file changed while it was read",
				r.Inserted, r.Size, dataRows)
		}
		if st := mustStats(t, db); st.BySystem["backup-panel"] != r.Inserted {
			t.Errorf("stored %d events, reported %d inserted", st.BySystem["backup-panel"], r.Inserted)
		}
		t.Logf("the append landed before hashing: %d rows imported, consistent with size and SHA-256", r.Inserted)
	} else {
		msg := strings.ToLower(out.String() + errb.String())
		if !strings.Contains(msg, "changed while being read") {
			t.Errorf("the import failed without saying the file changed while being read:\n%s%s", out.String(), errb.String())
		}
		if st := mustStats(t, db); st.BySystem["backup-panel"] != 0 {
			t.Errorf("the failed import left %d events", st.BySystem["backup-panel"])
		}
		var res []importResult
		if jerr := jsonUnmarshal(out.Bytes(), &res); jerr == nil && len(res) == 1 {
			t.Logf("file changed while read: %s", res[0].Error)
		}
		// Once the file is complete, importing it again takes every row.
		var again []importResult
		runJSON(t, db, &again, 0, "import", path)
		if again[0].Inserted != int64(rows+late) {
			t.Errorf("import of the completed file inserted %d, want %d", again[0].Inserted, rows+late)
		}
	}
	mustVerify(t, db)
}

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }
