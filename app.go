package main

import (
	"context"
	"fmt"

	"github.com/wailsapp/wails/v2/pkg/runtime"

	"trailbook/backend/session"
)

// App is the desktop face. Every UI operation is a method of the embedded session
// (shared with `trailbook serve`); App adds only what needs the window: native file
// dialogs and Wails events.
type App struct {
	*session.Session
	ctx  context.Context
	path string
}

// NewApp makes the desktop face for the workspace at path.
func NewApp(path string) *App {
	return &App{path: path}
}

func (a *App) startup(ctx context.Context) {
	a.ctx = ctx
	a.Session = session.New(ctx, session.Options{
		Path: a.path,
		Emit: func(name string, payload any) { runtime.EventsEmit(ctx, name, payload) },
	})
}

func (a *App) shutdown(context.Context) {
	if a.Session != nil {
		session.Close(a.Session)
	}
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

var workspaceFilter = []runtime.FileFilter{{DisplayName: "Trailbook workspaces (*.trailbook)", Pattern: "*.trailbook"}}

// ChooseWorkspace asks for an existing workspace file; "" when the user cancelled.
func (a *App) ChooseWorkspace() (string, error) {
	p, err := runtime.OpenFileDialog(a.ctx, runtime.OpenDialogOptions{Title: "Open workspace", Filters: workspaceFilter})
	if err != nil {
		return "", fmt.Errorf("open file dialog: %w", err)
	}
	return p, nil
}

// ChooseNewWorkspace asks where to create a workspace; "" when the user cancelled.
func (a *App) ChooseNewWorkspace() (string, error) {
	p, err := runtime.SaveFileDialog(a.ctx, runtime.SaveDialogOptions{
		Title: "New workspace", DefaultFilename: "audit.trailbook", Filters: workspaceFilter,
	})
	if err != nil {
		return "", fmt.Errorf("save file dialog: %w", err)
	}
	return p, nil
}

// SaveRejectsCSV asks where to save the rejected rows of a batch and writes them there;
// it returns the path written, "" when the user cancelled.
func (a *App) SaveRejectsCSV(p session.BatchParams) (string, error) {
	path, err := runtime.SaveFileDialog(a.ctx, runtime.SaveDialogOptions{
		Title:           "Save rejected rows",
		DefaultFilename: fmt.Sprintf("batch-%d-rejects.csv", p.BatchID),
		Filters:         []runtime.FileFilter{{DisplayName: "CSV (*.csv)", Pattern: "*.csv"}},
	})
	if err != nil || path == "" {
		return "", err
	}
	if err := session.SaveRejectsCSV(a.Session, p.BatchID, path); err != nil {
		return "", err
	}
	return path, nil
}

// SaveProfileYAML asks where to save a profile's YAML (to share it) and writes it there;
// it returns the path written, "" when the user cancelled.
func (a *App) SaveProfileYAML(p session.ProfileParams) (string, error) {
	yaml, err := a.ExportProfile(p)
	if err != nil {
		return "", err
	}
	path, err := runtime.SaveFileDialog(a.ctx, runtime.SaveDialogOptions{
		Title:           "Save profile",
		DefaultFilename: p.ID + ".yaml",
		Filters:         []runtime.FileFilter{{DisplayName: "Profile (*.yaml)", Pattern: "*.yaml;*.yml"}},
	})
	if err != nil || path == "" {
		return "", err
	}
	if err := session.SaveFileAtomic(path, []byte(yaml)); err != nil {
		return "", err
	}
	return path, nil
}
