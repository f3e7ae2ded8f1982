// Package workspace is the one service every face (desktop, CLI, HTTP) calls: it opens a
// workspace file and offers each user operation on it, composing ingest and store.
package workspace

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/user"
	"path/filepath"
	"sort"
	"time"

	"trailbook/backend/ingest"
	"trailbook/backend/store"
)

// EnvDB names the environment variable that overrides the default workspace path.
const EnvDB = "TRAILBOOK_DB"

// DefaultPath is the workspace used when none is named: $TRAILBOOK_DB, else
// <user config dir>/Trailbook/workspace.trailbook.
func DefaultPath() (string, error) {
	if p := os.Getenv(EnvDB); p != "" {
		return p, nil
	}
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("find the user config directory: %w (name a workspace with --db FILE or %s)", err, EnvDB)
	}
	return filepath.Join(dir, "Trailbook", "workspace.trailbook"), nil
}

// Workspace is one open workspace file.
type Workspace struct {
	store    *store.Store
	profiles *ingest.Registry
	user     string
}

// Open opens (creating when missing) the workspace at path.
func Open(ctx context.Context, path string, opts ...store.Option) (*Workspace, error) {
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("create workspace folder: %w", err)
		}
	}
	st, err := store.Open(ctx, path, opts...)
	if err != nil {
		return nil, err
	}
	w := &Workspace{store: st, user: currentUser()}
	if err := w.loadProfiles(ctx); err != nil {
		st.Close()
		return nil, err
	}
	return w, nil
}

// Close closes the workspace file.
func (w *Workspace) Close() error { return w.store.Close() }

// Path is the workspace file.
func (w *Workspace) Path() string { return w.store.Path() }

func (w *Workspace) loadProfiles(ctx context.Context) error {
	reg, err := ingest.Builtin()
	if err != nil {
		return fmt.Errorf("load built-in profiles: %w", err)
	}
	saved, err := w.store.SavedProfiles(ctx)
	if err != nil {
		return fmt.Errorf("load saved profiles: %w", err)
	}
	for _, sp := range saved {
		p, err := ingest.ParseProfile(sp.YAML)
		if err != nil {
			return fmt.Errorf("saved profile %q: %w", sp.ID, err)
		}
		if err := reg.Add(p); err != nil {
			return fmt.Errorf("saved profile %q: %w", sp.ID, err)
		}
	}
	w.profiles = reg
	return nil
}

func currentUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	for _, k := range []string{"USER", "USERNAME"} {
		if v := os.Getenv(k); v != "" {
			return v
		}
	}
	return "unknown"
}

// Info summarises the open workspace.
type Info struct {
	Path       string           `json:"path"`
	Events     int64            `json:"events"`
	OwnEvents  int64            `json:"own_events"`
	Batches    int64            `json:"batches"`
	People     int64            `json:"people"`
	Users      int64            `json:"users"`
	FirstUTC   *string          `json:"first_utc"`
	LastUTC    *string          `json:"last_utc"`
	BySystem   map[string]int64 `json:"by_system"`
	LastVerify *LastVerify      `json:"last_verify"`
}

// LastVerify is the outcome of the latest verification.
type LastVerify struct {
	At      string `json:"at"`
	OK      bool   `json:"ok"`
	Events  int64  `json:"events"`
	Problem string `json:"problem"`
}

// Info reads the workspace summary.
func (w *Workspace) Info(ctx context.Context) (Info, error) {
	st, err := w.store.Stats(ctx)
	if err != nil {
		return Info{}, fmt.Errorf("read workspace stats: %w", err)
	}
	info := Info{
		Path: w.Path(), Events: st.Events, OwnEvents: st.OwnEvents, Batches: st.Batches,
		People: st.People, Users: st.Users, FirstUTC: utcPtr(st.First), LastUTC: utcPtr(st.Last),
		BySystem: st.BySystem,
	}
	if info.BySystem == nil {
		info.BySystem = map[string]int64{}
	}
	if v := st.LastVerify; v != nil {
		info.LastVerify = &LastVerify{At: utc(v.At), OK: v.OK, Events: v.Events, Problem: v.Problem}
	}
	return info, nil
}

// Batch is one import batch as shown to users.
type Batch struct {
	ID         int64   `json:"id"`
	FileName   string  `json:"file_name"`
	Size       int64   `json:"size"`
	SHA256     string  `json:"sha256"`
	Profile    string  `json:"profile"`
	System     string  `json:"system"`
	SourceZone string  `json:"source_zone"`
	FirstUTC   *string `json:"first_utc"`
	LastUTC    *string `json:"last_utc"`
	Rows       int64   `json:"rows"`
	Inserted   int64   `json:"inserted"`
	Duplicates int64   `json:"duplicates"`
	Rejected   int64   `json:"rejected"`
	Skipped    int64   `json:"skipped"`
	ImportedAt string  `json:"imported_at"`
	ImportedBy string  `json:"imported_by"`
	Status     string  `json:"status"`
}

// Batches lists the import batches, newest first.
func (w *Workspace) Batches(ctx context.Context) ([]Batch, error) {
	bs, err := w.store.Batches(ctx)
	if err != nil {
		return nil, fmt.Errorf("list import batches: %w", err)
	}
	out := make([]Batch, 0, len(bs))
	for _, b := range bs {
		out = append(out, Batch{
			ID: b.ID, FileName: b.FileName, Size: b.Size, SHA256: b.SHA256, Profile: b.Profile,
			System: b.System, SourceZone: b.SourceZone, FirstUTC: utcPtr(b.First), LastUTC: utcPtr(b.Last),
			Rows: b.Rows, Inserted: b.Inserted, Duplicates: b.Duplicates, Rejected: b.Rejected,
			Skipped: b.Skipped, ImportedAt: utc(b.ImportedAt), ImportedBy: b.ImportedBy, Status: b.Status,
		})
	}
	return out, nil
}

// Reject is a row that could not be imported.
type Reject struct {
	Line   int64  `json:"line"`
	Column string `json:"column"`
	Reason string `json:"reason"`
	// Skipped marks a line read as not an activity (a title or total line), not an error.
	Skipped bool `json:"skipped,omitempty"`
}

// Rejects lists the rejected rows of one batch.
func (w *Workspace) Rejects(ctx context.Context, batchID int64) ([]Reject, error) {
	rs, err := w.store.Rejects(ctx, batchID)
	if err != nil {
		return nil, fmt.Errorf("list rejects of batch %d: %w", batchID, err)
	}
	out := make([]Reject, 0, len(rs))
	for _, r := range rs {
		out = append(out, Reject{Line: r.Line, Column: r.Column, Reason: r.Reason, Skipped: r.Skipped})
	}
	return out, nil
}

// ProfileInfo describes one import profile.
type ProfileInfo struct {
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	System      string   `json:"system"`
	Kind        string   `json:"kind"`
	Description string   `json:"description"`
	Required    []string `json:"required"`
	Optional    []string `json:"optional"`
	NeedsZone   bool     `json:"needs_zone"`
	DefaultZone string   `json:"default_zone"`
	Builtin     bool     `json:"builtin"`
}

// Profiles lists the built-in and saved profiles, sorted by id.
func (w *Workspace) Profiles() []ProfileInfo {
	builtin, _ := ingest.Builtin()
	var out []ProfileInfo
	for _, p := range w.profiles.List() {
		req, opt := p.Headers()
		_, isBuiltin := builtin.Get(p.ID)
		out = append(out, ProfileInfo{
			ID: p.ID, Name: p.Name, System: p.System, Kind: p.Kind, Description: p.Description,
			Required: nonNil(req), Optional: nonNil(opt), NeedsZone: p.NeedsZone(), DefaultZone: p.DefaultZone(),
			Builtin: isBuiltin,
		})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// VerifyResult is the outcome of re-computing the hash chain.
type VerifyResult struct {
	OK      bool   `json:"ok"`
	Events  int64  `json:"events"`
	ID      int64  `json:"id,omitempty"`
	File    string `json:"file,omitempty"`
	Line    int64  `json:"line,omitempty"`
	Problem string `json:"problem,omitempty"`
}

// Verify re-computes the hash chain over every stored event and records the check as
// Trailbook's own event.
func (w *Workspace) Verify(ctx context.Context) (VerifyResult, error) {
	r, err := w.store.Verify(ctx)
	if err != nil {
		return VerifyResult{}, fmt.Errorf("verify: %w", err)
	}
	res := VerifyResult{OK: r.OK, Events: r.Events}
	if b := r.Bad; b != nil {
		res.ID, res.File, res.Line, res.Problem = b.ID, b.File, b.Line, b.Problem
	} else if len(r.Notes) > 0 {
		res.Problem = r.Notes[0]
	}
	if _, err := w.store.RecordVerify(ctx, r); err != nil && r.OK {
		// A tampered store may refuse writes; a failed verification still stands.
		return res, fmt.Errorf("record verification: %w", err)
	}
	return res, nil
}

func utc(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func utcPtr(t *time.Time) *string {
	if t == nil || t.IsZero() {
		return nil
	}
	s := utc(*t)
	return &s
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// ErrNoFiles is returned when an import names no file.
var ErrNoFiles = errors.New("no files to import")
