package export

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// WriteFile writes an export to path atomically and returns the SHA-256 and size of the
// bytes written. The bytes go to a temp file in the target's folder, which is synced and
// then renamed over path, so a reader never sees half a report; on an error or a cancel the
// temp file is removed and path is left as it was. When path already exists and is not a
// regular file (a device such as /dev/null, a named pipe) it is written in place, since
// replacing it would destroy the device or pipe.
func WriteFile(ctx context.Context, path string, write func(io.Writer) error) (string, int64, error) {
	if err := ctx.Err(); err != nil {
		return "", 0, err
	}
	target := path
	if fi, err := os.Lstat(path); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		// Replace the file a link points to, not the link itself.
		if target, err = filepath.EvalSymlinks(path); err != nil {
			return "", 0, fmt.Errorf("resolve %s: %w", path, err)
		}
	}
	mode := fs.FileMode(0o644)
	if fi, err := os.Stat(target); err == nil {
		if !fi.Mode().IsRegular() {
			if fi.IsDir() {
				return "", 0, fmt.Errorf("write %s: is a folder; choose a file name", path)
			}
			return writeInPlace(ctx, target, write)
		}
		mode = fi.Mode().Perm()
	} else if !errors.Is(err, fs.ErrNotExist) {
		return "", 0, fmt.Errorf("write %s: %w", path, err)
	}

	dir, base := filepath.Split(target)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".*.tmp")
	if err != nil {
		return "", 0, fmt.Errorf("write %s: %w", path, err)
	}
	ok := false
	defer func() {
		if !ok {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
		}
	}()
	sum, size, err := hashedWrite(ctx, tmp, write)
	if err != nil {
		return "", 0, fmt.Errorf("write %s: %w", path, explainWrite(err))
	}
	if err := tmp.Chmod(mode); err != nil {
		return "", 0, fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		return "", 0, fmt.Errorf("sync %s: %w", path, explainWrite(err))
	}
	if err := tmp.Close(); err != nil {
		return "", 0, fmt.Errorf("write %s: %w", path, explainWrite(err))
	}
	// A cancel that came while syncing still wins: nothing is renamed into place.
	if err := ctx.Err(); err != nil {
		return "", 0, err
	}
	if err := os.Rename(tmp.Name(), target); err != nil {
		return "", 0, fmt.Errorf("rename to %s: %w", path, err)
	}
	ok = true
	syncDir(dir)
	return sum, size, nil
}

// writeInPlace writes to an existing device or pipe; there is nothing to clean up on error.
func writeInPlace(ctx context.Context, path string, write func(io.Writer) error) (string, int64, error) {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return "", 0, fmt.Errorf("open %s: %w", path, err)
	}
	sum, size, err := hashedWrite(ctx, f, write)
	if cerr := f.Close(); err == nil && cerr != nil {
		err = cerr
	}
	if err != nil {
		return "", 0, fmt.Errorf("write %s: %w", path, err)
	}
	return sum, size, nil
}

// hashedWrite runs write into f through a buffer, hashing and counting the bytes, and
// fails the next write once ctx is cancelled so a stuck writer stops.
func hashedWrite(ctx context.Context, f *os.File, write func(io.Writer) error) (string, int64, error) {
	hw := &hashWriter{ctx: ctx, w: f, h: sha256.New()}
	bw := bufio.NewWriterSize(hw, 256<<10)
	if err := write(bw); err != nil {
		return "", 0, err
	}
	if err := bw.Flush(); err != nil {
		return "", 0, err
	}
	if err := ctx.Err(); err != nil {
		return "", 0, err
	}
	return hex.EncodeToString(hw.h.Sum(nil)), hw.n, nil
}

type hashWriter struct {
	ctx context.Context
	w   io.Writer
	h   hash.Hash
	n   int64
}

func (hw *hashWriter) Write(p []byte) (int, error) {
	if err := hw.ctx.Err(); err != nil {
		return 0, err
	}
	n, err := hw.w.Write(p)
	hw.h.Write(p[:n])
	hw.n += int64(n)
	return n, err
}

// syncDir makes the rename durable where the platform allows syncing a folder; it is best
// effort because the file itself is already synced.
func syncDir(dir string) {
	d, err := os.Open(dir)
	if err != nil {
		return
	}
	_ = d.Sync()
	_ = d.Close()
}
