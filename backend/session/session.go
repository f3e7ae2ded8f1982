// Package session is the one object both interactive faces call: the desktop window
// (Wails binds its exported methods) and `trailbook serve` (each exported method is
// POST /api/<Method>). It holds the open workspace, switches between workspace files,
// remembers recent ones, and runs long jobs with progress and cancel.
//
// Every exported method of Session is part of the UI contract: it takes at most one
// params struct with json tags and returns (T, error) or error. Helpers that are not
// for the UI are package functions, so that the bindings never expose them.
package session

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"trailbook/backend/workspace"
)

// EventImportProgress is the name of the import progress event.
const EventImportProgress = "import:progress"

// Options configure a session.
type Options struct {
	// Path is the workspace opened on first use.
	Path string
	// ConfigDir holds recent.json; "" means <user config dir>/Trailbook.
	ConfigDir string
	// Emit delivers progress events to the UI (Wails events or server-sent events).
	Emit func(name string, payload any)
	// Resolve turns a file reference from the UI into a local path (serve mode maps
	// upload ids to the files the server keeps). nil: references are paths.
	Resolve func(ref string) (string, error)
}

// Session is the state behind one UI: the open workspace and the running jobs.
type Session struct {
	base context.Context
	opts Options

	mu   sync.Mutex
	path string
	ws   *workspace.Workspace
	jobs map[string]context.CancelFunc
}

// New makes a session; ctx bounds every call and job it runs.
func New(ctx context.Context, o Options) *Session {
	if o.Emit == nil {
		o.Emit = func(string, any) {}
	}
	return &Session{base: ctx, opts: o, path: o.Path, jobs: map[string]context.CancelFunc{}}
}

// Close cancels running jobs and closes the workspace. A package function so that the
// UI bindings cannot call it.
func Close(s *Session) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, cancel := range s.jobs {
		cancel()
	}
	if s.ws == nil {
		return nil
	}
	err := s.ws.Close()
	s.ws = nil
	return err
}

// workspace opens the workspace on first use, so an error reaches the UI as a message.
func (s *Session) workspace() (*workspace.Workspace, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ws != nil {
		return s.ws, nil
	}
	if s.path == "" {
		return nil, errors.New("no workspace is open: open or create one")
	}
	ws, err := workspace.Open(s.base, s.path)
	if err != nil {
		return nil, fmt.Errorf("open workspace %s: %w", s.path, err)
	}
	s.ws = ws
	s.remember(ws.Path())
	return ws, nil
}

// remember adds path to the recent list; a failure there must not fail the open.
func (s *Session) remember(path string) {
	dir, err := s.configDir()
	if err != nil {
		return
	}
	_ = addRecent(dir, path, time.Now())
}

func (s *Session) configDir() (string, error) {
	if s.opts.ConfigDir != "" {
		return s.opts.ConfigDir, nil
	}
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("find the user config directory: %w", err)
	}
	return filepath.Join(dir, "Trailbook"), nil
}

// Workspace summarises the open workspace.
func (s *Session) Workspace() (workspace.Info, error) {
	ws, err := s.workspace()
	if err != nil {
		return workspace.Info{}, err
	}
	return ws.Info(s.base)
}

// PathParams names a workspace file.
type PathParams struct {
	Path string `json:"path"`
}

// OpenWorkspace switches to an existing workspace file.
func (s *Session) OpenWorkspace(p PathParams) (workspace.Info, error) {
	path, err := cleanPath(p.Path)
	if err != nil {
		return workspace.Info{}, err
	}
	st, err := os.Stat(path)
	if err != nil {
		return workspace.Info{}, fmt.Errorf("open workspace %s: %w (create it instead, or pick another file)", path, err)
	}
	if st.IsDir() {
		return workspace.Info{}, fmt.Errorf("open workspace %s: it is a folder, not a .trailbook file", path)
	}
	return s.switchTo(path)
}

// CreateWorkspace creates a new, empty workspace file and switches to it.
func (s *Session) CreateWorkspace(p PathParams) (workspace.Info, error) {
	path, err := cleanPath(p.Path)
	if err != nil {
		return workspace.Info{}, err
	}
	if !strings.EqualFold(filepath.Ext(path), ".trailbook") {
		path += ".trailbook"
	}
	if _, err := os.Stat(path); err == nil {
		return workspace.Info{}, fmt.Errorf("create workspace %s: the file exists already; open it instead", path)
	}
	return s.switchTo(path)
}

func cleanPath(p string) (string, error) {
	p = strings.TrimSpace(p)
	if p == "" {
		return "", errors.New("name a workspace file")
	}
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", fmt.Errorf("workspace path %s: %w", p, err)
	}
	return abs, nil
}

// sameFile tells whether a and b name the same file.
func sameFile(a, b string) bool {
	if a == b {
		return true
	}
	sa, err := os.Stat(a)
	if err != nil {
		return false
	}
	sb, err := os.Stat(b)
	return err == nil && os.SameFile(sa, sb)
}

// switchTo opens path and, once that worked, closes the previous workspace.
func (s *Session) switchTo(path string) (workspace.Info, error) {
	s.mu.Lock()
	cur := s.ws
	if cur != nil && sameFile(cur.Path(), path) {
		// Already open. Opening it a second time would also close a probe of the
		// file afterwards, and closing any descriptor of a file drops every POSIX
		// lock this process holds on it: SQLite's included.
		s.mu.Unlock()
		s.remember(cur.Path())
		return cur.Info(s.base)
	}
	if n := len(s.jobs); n > 0 {
		s.mu.Unlock()
		return workspace.Info{}, errors.New("an import is running: wait for it or cancel it before switching workspaces")
	}
	s.mu.Unlock()
	ws, err := workspace.Open(s.base, path)
	if err != nil {
		return workspace.Info{}, fmt.Errorf("open workspace %s: %w", path, err)
	}
	s.mu.Lock()
	old := s.ws
	s.ws, s.path = ws, path
	s.mu.Unlock()
	if old != nil {
		old.Close()
	}
	s.remember(ws.Path())
	return ws.Info(s.base)
}

// RecentWorkspaces lists the workspace files opened lately, newest first.
func (s *Session) RecentWorkspaces() ([]Recent, error) {
	dir, err := s.configDir()
	if err != nil {
		return nil, err
	}
	return readRecent(dir)
}

// Batches lists the import batches, newest first.
func (s *Session) Batches() ([]workspace.Batch, error) {
	ws, err := s.workspace()
	if err != nil {
		return nil, err
	}
	return ws.Batches(s.base)
}

// BatchParams names an import batch.
type BatchParams struct {
	BatchID int64 `json:"batch_id"`
}

// Rejects lists the rejected rows of one import batch.
func (s *Session) Rejects(p BatchParams) ([]workspace.Reject, error) {
	ws, err := s.workspace()
	if err != nil {
		return nil, err
	}
	return ws.Rejects(s.base, p.BatchID)
}

// Profiles lists the import profiles.
func (s *Session) Profiles() ([]workspace.ProfileInfo, error) {
	ws, err := s.workspace()
	if err != nil {
		return nil, err
	}
	return ws.Profiles(), nil
}

// Verify re-computes the hash chain and records the check.
func (s *Session) Verify() (workspace.VerifyResult, error) {
	ws, err := s.workspace()
	if err != nil {
		return workspace.VerifyResult{}, err
	}
	return ws.Verify(s.base)
}

// Retention reads the retention setting and what it would purge now.
func (s *Session) Retention() (workspace.Retention, error) {
	ws, err := s.workspace()
	if err != nil {
		return workspace.Retention{}, err
	}
	return ws.Retention(s.base)
}

// RetentionParams is a retention setting: days to keep imported events, 0 forever.
type RetentionParams struct {
	Days int `json:"days"`
}

// SetRetention records a new retention setting; it deletes nothing.
func (s *Session) SetRetention(p RetentionParams) (workspace.Retention, error) {
	ws, err := s.workspace()
	if err != nil {
		return workspace.Retention{}, err
	}
	return ws.SetRetention(s.base, p.Days)
}

// PurgeParams names the instant before which imported events are deleted; Confirm
// must be true for Purge, after the user saw PlanPurge's count.
type PurgeParams struct {
	BeforeUTC string `json:"before_utc"`
	Confirm   bool   `json:"confirm"`
}

func (p PurgeParams) before() (time.Time, error) {
	t, err := time.Parse(time.RFC3339, strings.TrimSpace(p.BeforeUTC))
	if err != nil {
		return time.Time{}, fmt.Errorf("purge: before_utc %q is not an RFC 3339 instant such as 2024-01-01T00:00:00Z", p.BeforeUTC)
	}
	return t, nil
}

// PlanPurge counts what a purge would delete, without deleting anything.
func (s *Session) PlanPurge(p PurgeParams) (workspace.PurgePlan, error) {
	t, err := p.before()
	if err != nil {
		return workspace.PurgePlan{}, err
	}
	ws, err := s.workspace()
	if err != nil {
		return workspace.PurgePlan{}, err
	}
	return ws.PlanPurge(s.base, t)
}

// Purge deletes the imported events before the instant, once confirmed. It is recorded
// as Trailbook's own event and the hash chain keeps verifying.
func (s *Session) Purge(p PurgeParams) (workspace.PurgeResult, error) {
	if !p.Confirm {
		return workspace.PurgeResult{}, errors.New("purge deletes events for good: confirm it first")
	}
	t, err := p.before()
	if err != nil {
		return workspace.PurgeResult{}, err
	}
	ws, err := s.workspace()
	if err != nil {
		return workspace.PurgeResult{}, err
	}
	return ws.Purge(s.base, t)
}
