package session

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"trailbook/backend/activity"
	"trailbook/backend/report"
	"trailbook/backend/workspace"
)

// EventExportProgress is the name of the export progress event.
const EventExportProgress = "export:progress"

// SpecParams carries one report spec.
type SpecParams struct {
	Spec report.Spec `json:"spec"`
}

// QueryParams asks for one page of a report: after Cursor (from the previous page), or
// starting at row Offset when the UI jumps (a dragged scrollbar) and has no cursor there.
type QueryParams struct {
	Spec   report.Spec `json:"spec"`
	Cursor string      `json:"cursor,omitempty"`
	Offset int64       `json:"offset,omitempty"`
	Limit  int         `json:"limit,omitempty"`
}

// EventRow is an event with the name of the file it was imported from.
type EventRow struct {
	activity.Event
	File string `json:"file,omitempty"`
}

// EventPage is one page of a report's rows.
type EventPage struct {
	Events []EventRow `json:"events"`
	Next   string     `json:"next,omitempty"`
}

// Query returns one page of the events a spec selects.
func (s *Session) Query(p QueryParams) (EventPage, error) {
	ws, err := s.workspace()
	if err != nil {
		return EventPage{}, err
	}
	cursor := p.Cursor
	if cursor == "" && p.Offset > 0 {
		if cursor, err = ws.Seek(s.base, p.Spec, p.Offset); err != nil {
			return EventPage{}, err
		}
	}
	page, err := ws.Query(s.base, p.Spec, report.PageRequest{Cursor: cursor, Limit: p.Limit})
	if err != nil {
		return EventPage{}, err
	}
	files, err := batchFiles(s.base, ws)
	if err != nil {
		return EventPage{}, err
	}
	out := EventPage{Events: make([]EventRow, len(page.Events)), Next: page.Next}
	for i, e := range page.Events {
		out.Events[i] = EventRow{Event: e, File: files[e.BatchID].FileName}
	}
	return out, nil
}

// batchFiles maps batch ids to their batches (a handful of rows per workspace).
func batchFiles(ctx context.Context, ws *workspace.Workspace) (map[int64]workspace.Batch, error) {
	bs, err := ws.Batches(ctx)
	if err != nil {
		return nil, err
	}
	m := make(map[int64]workspace.Batch, len(bs))
	for _, b := range bs {
		m[b.ID] = b
	}
	return m, nil
}

// CountResult is how many events a spec selects.
type CountResult struct {
	Total int64 `json:"total"`
}

// Count counts the events a spec selects.
func (s *Session) Count(p SpecParams) (CountResult, error) {
	ws, err := s.workspace()
	if err != nil {
		return CountResult{}, err
	}
	n, err := ws.Count(s.base, p.Spec)
	return CountResult{Total: n}, err
}

// EventParams names one event.
type EventParams struct {
	ID int64 `json:"id"`
}

// EventDetail is one event for the drill-down, with the import it came from.
type EventDetail struct {
	Event      EventRow `json:"event"`
	File       string   `json:"file"`
	SHA256     string   `json:"sha256,omitempty"`
	Profile    string   `json:"profile,omitempty"`
	ImportedAt string   `json:"imported_at,omitempty"`
}

// Event loads one event and names its source file.
func (s *Session) Event(p EventParams) (EventDetail, error) {
	ws, err := s.workspace()
	if err != nil {
		return EventDetail{}, err
	}
	e, err := ws.Event(s.base, p.ID)
	if err != nil {
		return EventDetail{}, err
	}
	files, err := batchFiles(s.base, ws)
	if err != nil {
		return EventDetail{}, err
	}
	b := files[e.BatchID]
	return EventDetail{
		Event: EventRow{Event: *e, File: b.FileName}, File: b.FileName, SHA256: b.SHA256,
		Profile: b.Profile, ImportedAt: b.ImportedAt,
	}, nil
}

// SummaryParams counts a spec's events by one dimension (user, kind, action, system,
// module, day, hour, weekday, currency).
type SummaryParams struct {
	Spec report.Spec `json:"spec"`
	By   string      `json:"by"`
}

// Summary counts the events a spec selects by one dimension.
func (s *Session) Summary(p SummaryParams) ([]report.Count, error) {
	ws, err := s.workspace()
	if err != nil {
		return nil, err
	}
	out, err := ws.Summary(s.base, p.Spec, p.By)
	if out == nil && err == nil {
		out = []report.Count{}
	}
	return out, err
}

// Matrix counts a spec's events by weekday and hour in its zone.
func (s *Session) Matrix(p SpecParams) (report.Matrix, error) {
	ws, err := s.workspace()
	if err != nil {
		return report.Matrix{}, err
	}
	return ws.Matrix(s.base, p.Spec)
}

// Money totals a spec's payments and refunds per currency and user.
func (s *Session) Money(p SpecParams) (report.Money, error) {
	ws, err := s.workspace()
	if err != nil {
		return report.Money{}, err
	}
	return ws.Money(s.base, p.Spec)
}

// People reviews a spec's activity against the people directory.
func (s *Session) People(p SpecParams) (report.People, error) {
	ws, err := s.workspace()
	if err != nil {
		return report.People{}, err
	}
	return ws.People(s.base, p.Spec)
}

// Flags runs the security review with its default rules over a spec's events.
func (s *Session) Flags(p SpecParams) ([]report.Flag, error) {
	ws, err := s.workspace()
	if err != nil {
		return nil, err
	}
	out, err := ws.Flags(s.base, p.Spec, report.FlagRules{})
	if out == nil && err == nil {
		out = []report.Flag{}
	}
	return out, err
}

// SavedReports lists the reports saved in the workspace.
func (s *Session) SavedReports() ([]workspace.SavedReport, error) {
	ws, err := s.workspace()
	if err != nil {
		return nil, err
	}
	out, err := ws.SavedReports(s.base)
	if out == nil && err == nil {
		out = []workspace.SavedReport{}
	}
	return out, err
}

// SaveReportParams names a spec to keep.
type SaveReportParams struct {
	Name string      `json:"name"`
	Spec report.Spec `json:"spec"`
}

// SaveReport keeps spec under a name, replacing a report of the same name.
func (s *Session) SaveReport(p SaveReportParams) error {
	name := strings.TrimSpace(p.Name)
	if name == "" {
		return errors.New("save report: give it a name")
	}
	ws, err := s.workspace()
	if err != nil {
		return err
	}
	return ws.SaveReport(s.base, name, p.Spec)
}

// NameParams names a saved report.
type NameParams struct {
	Name string `json:"name"`
}

// DeleteReport removes a saved report.
func (s *Session) DeleteReport(p NameParams) error {
	ws, err := s.workspace()
	if err != nil {
		return err
	}
	return ws.DeleteReport(s.base, p.Name)
}

// ExportParams is one export job: an id chosen by the UI (progress and cancel), the
// spec, csv or xlsx, a title for the cover, and the file to write.
type ExportParams struct {
	JobID  string      `json:"job_id"`
	Spec   report.Spec `json:"spec"`
	Format string      `json:"format"`
	Title  string      `json:"title,omitempty"`
	Path   string      `json:"path"`
}

// ExportProgress is the payload of the "export:progress" event.
type ExportProgress struct {
	JobID string `json:"job_id"`
	Rows  int64  `json:"rows"`
	Total int64  `json:"total"`
}

// Export writes the events a spec selects to p.Path (through a temp file renamed into
// place), emitting "export:progress" at most every 100 ms; CancelJob stops it and leaves
// no file behind.
func (s *Session) Export(p ExportParams) (workspace.ExportResult, error) {
	if strings.TrimSpace(p.Path) == "" {
		return workspace.ExportResult{}, errors.New("export: choose where to save the file")
	}
	if p.Format != workspace.FormatCSV && p.Format != workspace.FormatXLSX {
		return workspace.ExportResult{}, fmt.Errorf("export: format %q is not csv or xlsx", p.Format)
	}
	ws, err := s.workspace()
	if err != nil {
		return workspace.ExportResult{}, err
	}
	ctx, done, err := s.startJob(p.JobID)
	if err != nil {
		return workspace.ExportResult{}, err
	}
	defer done()
	total, err := ws.Count(ctx, p.Spec)
	if err != nil {
		return workspace.ExportResult{}, err
	}
	var mu sync.Mutex
	var last time.Time
	progress := func(rows int64) {
		mu.Lock()
		defer mu.Unlock()
		if now := time.Now(); rows == total || now.Sub(last) >= 100*time.Millisecond {
			last = now
			s.opts.Emit(EventExportProgress, ExportProgress{JobID: p.JobID, Rows: rows, Total: total})
		}
	}
	s.opts.Emit(EventExportProgress, ExportProgress{JobID: p.JobID, Total: total})
	res, err := ws.Export(ctx, p.Spec, p.Format, p.Path, workspace.ExportOptions{Title: p.Title}, progress)
	if err != nil && ctx.Err() != nil {
		return workspace.ExportResult{}, errors.New("export cancelled; no file was written")
	}
	return res, err
}
