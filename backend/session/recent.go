package session

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

const (
	recentFile = "recent.json"
	maxRecent  = 12
)

// Recent is a workspace file opened lately.
type Recent struct {
	Path     string `json:"path"`
	Name     string `json:"name"`
	OpenedAt string `json:"opened_at"`
	// Exists is false when the file was moved or deleted since.
	Exists bool `json:"exists"`
}

type recentDoc struct {
	Workspaces []recentEntry `json:"workspaces"`
}

type recentEntry struct {
	Path     string `json:"path"`
	OpenedAt string `json:"opened_at"`
}

func loadRecent(dir string) (recentDoc, error) {
	var doc recentDoc
	b, err := os.ReadFile(filepath.Join(dir, recentFile))
	if errors.Is(err, fs.ErrNotExist) {
		return doc, nil
	}
	if err != nil {
		return doc, fmt.Errorf("read recent workspaces: %w", err)
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		// A damaged list is not worth an error dialog: start a new one.
		return recentDoc{}, nil
	}
	return doc, nil
}

func readRecent(dir string) ([]Recent, error) {
	doc, err := loadRecent(dir)
	if err != nil {
		return nil, err
	}
	out := make([]Recent, 0, len(doc.Workspaces))
	for _, e := range doc.Workspaces {
		_, statErr := os.Stat(e.Path)
		out = append(out, Recent{Path: e.Path, Name: filepath.Base(e.Path), OpenedAt: e.OpenedAt, Exists: statErr == nil})
	}
	return out, nil
}

// addRecent moves path to the top of the list and writes it atomically.
func addRecent(dir, path string, now time.Time) error {
	doc, err := loadRecent(dir)
	if err != nil {
		return err
	}
	list := []recentEntry{{Path: path, OpenedAt: now.UTC().Format(time.RFC3339)}}
	for _, e := range doc.Workspaces {
		if e.Path != path && len(list) < maxRecent {
			list = append(list, e)
		}
	}
	b, err := json.MarshalIndent(recentDoc{Workspaces: list}, "", "  ")
	if err != nil {
		return err
	}
	return writeAtomic(filepath.Join(dir, recentFile), b)
}

// writeAtomic writes to a temp file in the same folder and renames it over name, so a
// crash leaves either the old or the new file, never half of one.
func writeAtomic(name string, b []byte) error {
	dir := filepath.Dir(name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("create %s: %w", dir, err)
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(name)+"-*.tmp")
	if err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	tmp := f.Name()
	defer os.Remove(tmp)
	if _, err := f.Write(b); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", name, err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", name, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	if err := os.Rename(tmp, name); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	return nil
}
