package main

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/wailsapp/wails/v2/pkg/runtime"

	"trailbook/backend/workspace"
)

// App is the desktop face: one short method per user action, each a call into the
// workspace. Bound methods return (T, error) so the UI's Promise rejects with the error.
type App struct {
	ctx  context.Context
	path string

	mu   sync.Mutex
	ws   *workspace.Workspace
	jobs map[string]context.CancelFunc
}

// NewApp makes the desktop face for the workspace at path.
func NewApp(path string) *App {
	return &App{path: path, jobs: map[string]context.CancelFunc{}}
}

func (a *App) startup(ctx context.Context) {
	a.ctx = ctx
}

func (a *App) shutdown(context.Context) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, cancel := range a.jobs {
		cancel()
	}
	if a.ws != nil {
		a.ws.Close()
	}
}

// workspace opens the workspace on first use, so that an error reaches the UI as a message.
func (a *App) workspace() (*workspace.Workspace, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.ws == nil {
		ws, err := workspace.Open(a.ctx, a.path)
		if err != nil {
			return nil, fmt.Errorf("open workspace %s: %w", a.path, err)
		}
		a.ws = ws
	}
	return a.ws, nil
}

// Workspace summarises the open workspace.
func (a *App) Workspace() (workspace.Info, error) {
	ws, err := a.workspace()
	if err != nil {
		return workspace.Info{}, err
	}
	return ws.Info(a.ctx)
}

// Batches lists the import batches, newest first.
func (a *App) Batches() ([]workspace.Batch, error) {
	ws, err := a.workspace()
	if err != nil {
		return nil, err
	}
	return ws.Batches(a.ctx)
}

// Rejects lists the rejected rows of one import batch.
func (a *App) Rejects(batchID int64) ([]workspace.Reject, error) {
	ws, err := a.workspace()
	if err != nil {
		return nil, err
	}
	return ws.Rejects(a.ctx, batchID)
}

// Profiles lists the import profiles.
func (a *App) Profiles() ([]workspace.ProfileInfo, error) {
	ws, err := a.workspace()
	if err != nil {
		return nil, err
	}
	return ws.Profiles(), nil
}

// ChooseFiles opens the native dialog for picking exports to import.
func (a *App) ChooseFiles() ([]string, error) {
	paths, err := runtime.OpenMultipleFilesDialog(a.ctx, runtime.OpenDialogOptions{
		Title: "Import activity exports",
		Filters: []runtime.FileFilter{
			{DisplayName: "Activity exports (*.csv, *.txt, *.tsv)", Pattern: "*.csv;*.CSV;*.txt;*.tsv"},
			{DisplayName: "All files", Pattern: "*"},
		},
	})
	if err != nil {
		return nil, fmt.Errorf("open file dialog: %w", err)
	}
	if paths == nil {
		paths = []string{}
	}
	return paths, nil
}

// InspectParams names the files to look at before importing.
type InspectParams struct {
	Paths []string `json:"paths"`
}

// Inspect sniffs files and finds the profiles that fit them.
func (a *App) Inspect(p InspectParams) ([]workspace.FilePlan, error) {
	ws, err := a.workspace()
	if err != nil {
		return nil, err
	}
	return ws.Inspect(p.Paths), nil
}

// ImportParams is one import job: an id chosen by the UI (for progress and cancel) and the files.
type ImportParams struct {
	JobID string                 `json:"job_id"`
	Files []workspace.ImportFile `json:"files"`
}

// ImportProgress is the payload of the "import:progress" event.
type ImportProgress struct {
	JobID string `json:"job_id"`
	workspace.Progress
}

// Import imports the files, emitting "import:progress" events, and returns one result per file.
func (a *App) Import(p ImportParams) ([]workspace.ImportResult, error) {
	ws, err := a.workspace()
	if err != nil {
		return nil, err
	}
	if len(p.Files) == 0 {
		return nil, workspace.ErrNoFiles
	}
	ctx, cancel := context.WithCancel(a.ctx)
	defer cancel()
	if err := a.addJob(p.JobID, cancel); err != nil {
		return nil, err
	}
	defer a.removeJob(p.JobID)
	return ws.Import(ctx, p.Files, func(pr workspace.Progress) {
		runtime.EventsEmit(a.ctx, "import:progress", ImportProgress{JobID: p.JobID, Progress: pr})
	}), nil
}

// CancelImport cancels a running import job; the file being imported leaves no trace.
func (a *App) CancelImport(jobID string) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if cancel, ok := a.jobs[jobID]; ok {
		cancel()
	}
	return nil
}

// Verify re-computes the hash chain.
func (a *App) Verify() (workspace.VerifyResult, error) {
	ws, err := a.workspace()
	if err != nil {
		return workspace.VerifyResult{}, err
	}
	return ws.Verify(a.ctx)
}

func (a *App) addJob(id string, cancel context.CancelFunc) error {
	if id == "" {
		return errors.New("import job needs an id")
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if _, dup := a.jobs[id]; dup {
		return fmt.Errorf("import job %q is already running", id)
	}
	a.jobs[id] = cancel
	return nil
}

func (a *App) removeJob(id string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	delete(a.jobs, id)
}
