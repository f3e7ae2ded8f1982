package session

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"

	"trailbook/backend/workspace"
)

// startJob registers a cancellable job under the id the UI chose.
func (s *Session) startJob(id string) (context.Context, func(), error) {
	if id == "" {
		return nil, nil, errors.New("a job needs an id")
	}
	ctx, cancel := context.WithCancel(s.base)
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, dup := s.jobs[id]; dup {
		cancel()
		return nil, nil, fmt.Errorf("job %q is already running", id)
	}
	s.jobs[id] = cancel
	return ctx, func() {
		s.mu.Lock()
		delete(s.jobs, id)
		s.mu.Unlock()
		cancel()
	}, nil
}

// JobParams names a running job.
type JobParams struct {
	JobID string `json:"job_id"`
}

// CancelJob cancels a running job (an import leaves the workspace as it was). Cancelling
// a job that already ended is not an error: the two can cross.
func (s *Session) CancelJob(p JobParams) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if cancel, ok := s.jobs[p.JobID]; ok {
		cancel()
	}
	return nil
}

func (s *Session) resolve(ref string) (string, error) {
	if s.opts.Resolve == nil {
		return ref, nil
	}
	return s.opts.Resolve(ref)
}

// InspectParams names the files to look at before importing.
type InspectParams struct {
	Paths []string `json:"paths"`
}

// Inspect sniffs files and finds the profiles that fit them. Each plan's path is the
// reference the UI gave, to be passed back to Import.
func (s *Session) Inspect(p InspectParams) ([]workspace.FilePlan, error) {
	ws, err := s.workspace()
	if err != nil {
		return nil, err
	}
	paths := make([]string, len(p.Paths))
	for i, ref := range p.Paths {
		if paths[i], err = s.resolve(ref); err != nil {
			return nil, err
		}
	}
	plans := ws.Inspect(paths)
	for i := range plans {
		plans[i].Path = p.Paths[i]
	}
	return plans, nil
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

// Import imports the files, emitting "import:progress" at most every 100 ms, and returns
// one result per file. Each file lands whole or not at all.
func (s *Session) Import(p ImportParams) ([]workspace.ImportResult, error) {
	if len(p.Files) == 0 {
		return nil, workspace.ErrNoFiles
	}
	ws, err := s.workspace()
	if err != nil {
		return nil, err
	}
	files := make([]workspace.ImportFile, len(p.Files))
	for i, f := range p.Files {
		if f.Path, err = s.resolve(f.Path); err != nil {
			return nil, err
		}
		files[i] = f
	}
	ctx, done, err := s.startJob(p.JobID)
	if err != nil {
		return nil, err
	}
	defer done()
	results := ws.Import(ctx, files, func(pr workspace.Progress) {
		s.opts.Emit(EventImportProgress, ImportProgress{JobID: p.JobID, Progress: pr})
	})
	for i := range results {
		results[i].Path = p.Files[i].Path
		if results[i].Error != "" && ctx.Err() != nil {
			// Say it in the user's terms, not the database's.
			results[i].Error = "import cancelled; this file left the workspace unchanged"
		}
	}
	return results, nil
}

// WriteRejectsCSV writes the rejected rows of a batch as CSV. A package function: the
// faces call it to fill a download or a file the user chose.
func WriteRejectsCSV(s *Session, batchID int64, w io.Writer) error {
	ws, err := s.workspace()
	if err != nil {
		return err
	}
	return ws.WriteRejectsCSV(s.base, batchID, w)
}

// SaveRejectsCSV writes the rejected rows of a batch to path, atomically.
func SaveRejectsCSV(s *Session, batchID int64, path string) error {
	var buf bytes.Buffer
	if err := WriteRejectsCSV(s, batchID, &buf); err != nil {
		return err
	}
	return writeAtomic(path, buf.Bytes())
}
