package export

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

func TestWriteFileReplacesAtomically(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "report.csv")
	if err := os.WriteFile(path, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	body := bytes.Repeat([]byte("a,b,c\n"), 100_000)
	sum, size, err := WriteFile(context.Background(), path, func(w io.Writer) error {
		_, err := w.Write(body)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want := sha256.Sum256(body)
	if !bytes.Equal(got, body) || size != int64(len(body)) || sum != hex.EncodeToString(want[:]) {
		t.Fatalf("file %d bytes, size %d, sum %s; want %d bytes and %x", len(got), size, sum, len(body), want)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want the replaced file's 0600 kept", fi.Mode().Perm())
	}
	assertOnly(t, dir, "report.csv")
}

func TestWriteFileErrorLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "report.xlsx")
	boom := errors.New("boom")
	_, _, err := WriteFile(context.Background(), path, func(w io.Writer) error {
		if _, err := w.Write(bytes.Repeat([]byte("x"), 1<<20)); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want boom", err)
	}
	assertOnly(t, dir)

	// An existing report survives a failed rewrite unchanged.
	if err := os.WriteFile(path, []byte("previous"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := WriteFile(context.Background(), path, func(io.Writer) error { return boom }); !errors.Is(err, boom) {
		t.Fatalf("err = %v", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "previous" {
		t.Fatalf("previous report became %q", b)
	}
	assertOnly(t, dir, "report.xlsx")
}

// TestWriteFileCancelMidway cancels a real XLSX export while its rows stream.
func TestWriteFileCancelMidway(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "report.xlsx")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	doc := sampleDoc(t)
	doc.Rows = endless(20_000, cancel)
	_, _, err := WriteFile(ctx, path, func(w io.Writer) error {
		_, err := WriteXLSX(ctx, w, doc)
		return err
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	assertOnly(t, dir)

	// A cancel after the writer finished but before the rename also leaves nothing.
	ctx2, cancel2 := context.WithCancel(context.Background())
	_, _, err = WriteFile(ctx2, path, func(w io.Writer) error {
		_, err := w.Write([]byte("complete"))
		cancel2()
		return err
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("late cancel: err = %v", err)
	}
	assertOnly(t, dir)
}

func TestWriteFileRefusesFolder(t *testing.T) {
	dir := t.TempDir()
	if _, _, err := WriteFile(context.Background(), dir, func(io.Writer) error { return nil }); err == nil {
		t.Fatal("writing over a folder succeeded")
	}
}

func TestWriteFileThroughSymlink(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "real.csv")
	link := filepath.Join(dir, "link.csv")
	if err := os.WriteFile(real, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(real, link); err != nil {
		t.Skipf("no symlinks here: %v", err)
	}
	if _, _, err := WriteFile(context.Background(), link, func(w io.Writer) error {
		_, err := io.WriteString(w, "new")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the link was replaced: %v %v", fi, err)
	}
	if b, _ := os.ReadFile(real); string(b) != "new" {
		t.Fatalf("target holds %q", b)
	}
}

// assertOnly fails unless dir holds exactly the named entries (no temp files left).
func assertOnly(t *testing.T, dir string, names ...string) {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range ents {
		got = append(got, e.Name())
	}
	if len(got) != len(names) {
		t.Fatalf("folder holds %q, want %q", got, names)
	}
	for i := range names {
		if got[i] != names[i] {
			t.Fatalf("folder holds %q, want %q", got, names)
		}
	}
}
