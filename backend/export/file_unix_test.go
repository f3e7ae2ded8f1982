//go:build unix

package export

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestWriteFileFIFOInPlace writes a real export into a named pipe: the pipe must stay a
// pipe (not be replaced by a regular file) and the reader gets the whole report.
func TestWriteFileFIFOInPlace(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "pipe")
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Fatalf("mkfifo: %v", err)
	}
	got := make(chan []byte, 1)
	go func() {
		f, err := os.Open(path) // blocks until the writer opens the pipe
		if err != nil {
			got <- nil
			return
		}
		defer f.Close()
		b, _ := io.ReadAll(f)
		got <- b
	}()
	var want bytes.Buffer
	sum, size, err := WriteFile(context.Background(), path, func(w io.Writer) error {
		_, err := WriteCSV(context.Background(), io.MultiWriter(w, &want), sampleDoc(t), CSVOptions{BOM: true})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	read := <-got
	h := sha256.Sum256(read)
	if !bytes.Equal(read, want.Bytes()) || size != int64(len(read)) || sum != hex.EncodeToString(h[:]) {
		t.Fatalf("pipe reader got %d bytes (size %d, sum %s), want %d", len(read), size, sum, want.Len())
	}
	fi, err := os.Lstat(path)
	if err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
		t.Fatalf("the pipe was replaced: %v %v", fi, err)
	}
	assertOnly(t, dir, "pipe")
}

func TestWriteFileDevNull(t *testing.T) {
	sum, size, err := WriteFile(context.Background(), os.DevNull, func(w io.Writer) error {
		_, err := io.WriteString(w, "abc")
		return err
	})
	if err != nil || size != 3 || sum != "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" {
		t.Fatalf("sum %s size %d err %v", sum, size, err)
	}
	if fi, err := os.Stat(os.DevNull); err != nil || fi.Mode()&os.ModeDevice == 0 {
		t.Fatalf("%s is no longer a device: %v %v", os.DevNull, fi, err)
	}
}
