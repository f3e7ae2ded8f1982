package session

import (
	"trailbook/backend/workspace"
)

// The import wizard for files no profile reads, profile sharing and coverage. Importing
// through a mapping goes through Import: its files carry map, date_layout, date_order
// and save_profile. File references are resolved like Import's, so serve-mode uploads work.

// FileParams names one file (a path, or an upload reference in serve mode).
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
func (s *Session) SuggestMapping(p FileParams) (workspace.SuggestResult, error) {
	ws, err := s.workspace()
	if err != nil {
		return workspace.SuggestResult{}, err
	}
	path, err := s.resolve(p.Path)
	if err != nil {
		return workspace.SuggestResult{}, err
	}
	return ws.Suggest(path)
}

// PreviewImport reads the first rows of a file as an import would store them.
func (s *Session) PreviewImport(p workspace.PreviewParams) (workspace.PreviewResult, error) {
	ws, err := s.workspace()
	if err != nil {
		return workspace.PreviewResult{}, err
	}
	if p.File.Path, err = s.resolve(p.File.Path); err != nil {
		return workspace.PreviewResult{}, err
	}
	return ws.Preview(s.base, p)
}

// SaveMappedProfile saves a mapping over a file's header as a named profile; files with
// that header are read with it from then on.
func (s *Session) SaveMappedProfile(p workspace.SaveProfileParams) (workspace.ProfileInfo, error) {
	ws, err := s.workspace()
	if err != nil {
		return workspace.ProfileInfo{}, err
	}
	if p.File.Path, err = s.resolve(p.File.Path); err != nil {
		return workspace.ProfileInfo{}, err
	}
	return ws.SaveProfile(s.base, p)
}

// ExportProfile returns a profile's YAML, to share it.
func (s *Session) ExportProfile(p ProfileParams) (string, error) {
	ws, err := s.workspace()
	if err != nil {
		return "", err
	}
	y, err := ws.ExportProfile(p.ID)
	if err != nil {
		return "", err
	}
	return string(y), nil
}

// ImportProfile saves a shared profile YAML in the workspace.
func (s *Session) ImportProfile(p ProfileYAMLParams) (workspace.ProfileInfo, error) {
	ws, err := s.workspace()
	if err != nil {
		return workspace.ProfileInfo{}, err
	}
	return ws.ImportProfile(s.base, []byte(p.YAML))
}

// DeleteProfile removes a saved profile; built-in ones stay.
func (s *Session) DeleteProfile(p ProfileParams) error {
	ws, err := s.workspace()
	if err != nil {
		return err
	}
	return ws.DeleteProfile(s.base, p.ID)
}

// Coverage lists, per system, the period the imported files cover and the gaps.
func (s *Session) Coverage() ([]workspace.SystemCoverage, error) {
	ws, err := s.workspace()
	if err != nil {
		return nil, err
	}
	return ws.Coverage(s.base)
}

// SaveFileAtomic writes b to path through a temp file and a rename, so a cancelled or
// failed save leaves no half-written file. A package function: the desktop face calls it
// after its save dialog.
func SaveFileAtomic(path string, b []byte) error {
	return writeAtomic(path, b)
}
