package main

import (
	"trailbook/backend/workspace"
)

// The import wizard for files no profile reads, profile sharing and coverage. Importing
// through a mapping goes through Import: its files carry map, date_layout, date_order
// and save_profile.

// FileParams names one file.
type FileParams struct {
	Path string `json:"path"`
}

// ProfileParams names one profile.
type ProfileParams struct {
	ID string `json:"id"`
}

// ProfileYAMLParams carries a profile as YAML text.
type ProfileYAMLParams struct {
	YAML string `json:"yaml"`
}

// SuggestMapping proposes which column of a file is which field.
func (a *App) SuggestMapping(p FileParams) (workspace.SuggestResult, error) {
	ws, err := a.workspace()
	if err != nil {
		return workspace.SuggestResult{}, err
	}
	return ws.Suggest(p.Path)
}

// PreviewImport reads the first rows of a file as an import would store them.
func (a *App) PreviewImport(p workspace.PreviewParams) (workspace.PreviewResult, error) {
	ws, err := a.workspace()
	if err != nil {
		return workspace.PreviewResult{}, err
	}
	return ws.Preview(a.ctx, p)
}

// SaveMappedProfile saves a mapping over a file's header as a named profile.
func (a *App) SaveMappedProfile(p workspace.SaveProfileParams) (workspace.ProfileInfo, error) {
	ws, err := a.workspace()
	if err != nil {
		return workspace.ProfileInfo{}, err
	}
	return ws.SaveProfile(a.ctx, p)
}

// ExportProfile returns a profile's YAML, to share it.
func (a *App) ExportProfile(p ProfileParams) (string, error) {
	ws, err := a.workspace()
	if err != nil {
		return "", err
	}
	y, err := ws.ExportProfile(p.ID)
	return string(y), err
}

// ImportProfile saves a shared profile in the workspace.
func (a *App) ImportProfile(p ProfileYAMLParams) (workspace.ProfileInfo, error) {
	ws, err := a.workspace()
	if err != nil {
		return workspace.ProfileInfo{}, err
	}
	return ws.ImportProfile(a.ctx, []byte(p.YAML))
}

// DeleteProfile removes a saved profile.
func (a *App) DeleteProfile(p ProfileParams) error {
	ws, err := a.workspace()
	if err != nil {
		return err
	}
	return ws.DeleteProfile(a.ctx, p.ID)
}

// Coverage lists, per system, the period the imported files cover and the gaps.
func (a *App) Coverage() ([]workspace.SystemCoverage, error) {
	ws, err := a.workspace()
	if err != nil {
		return nil, err
	}
	return ws.Coverage(a.ctx)
}
