package workspace

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"trailbook/backend/activity"
	"trailbook/backend/export"
	"trailbook/backend/report"
	"trailbook/backend/store"
)

// reports is the report engine over this workspace (it holds no state of its own).
func (w *Workspace) reports() *report.Engine { return report.New(w.store, nil) }

// Query returns one page of the events the spec selects (keyset paging).
func (w *Workspace) Query(ctx context.Context, spec report.Spec, page report.PageRequest) (report.Page, error) {
	return w.reports().Query(ctx, spec, page)
}

// Count is how many events the spec selects.
func (w *Workspace) Count(ctx context.Context, spec report.Spec) (int64, error) {
	return w.reports().Count(ctx, spec)
}

// Each streams every event the spec selects, in its order.
func (w *Workspace) Each(ctx context.Context, spec report.Spec, fn func(activity.Event) error) error {
	return w.reports().Each(ctx, spec, fn)
}

// Event loads one event by id, for record drill-down.
func (w *Workspace) Event(ctx context.Context, id int64) (*activity.Event, error) {
	return w.reports().Event(ctx, id)
}

// Summary counts the selected events by one dimension (report.By*).
func (w *Workspace) Summary(ctx context.Context, spec report.Spec, by string) ([]report.Count, error) {
	return w.reports().Summary(ctx, spec, by)
}

// Matrix counts the selected events by weekday and hour in the display zone.
func (w *Workspace) Matrix(ctx context.Context, spec report.Spec) (report.Matrix, error) {
	return w.reports().Matrix(ctx, spec)
}

// Money totals payments and refunds per currency and user.
func (w *Workspace) Money(ctx context.Context, spec report.Spec) (report.Money, error) {
	return w.reports().Money(ctx, spec)
}

// History lists every event on one record reference, oldest first.
func (w *Workspace) History(ctx context.Context, ref, zone string) ([]activity.Event, error) {
	return w.reports().History(ctx, ref, zone)
}

// People reviews the selected activity against the people directory.
func (w *Workspace) People(ctx context.Context, spec report.Spec) (report.People, error) {
	return w.reports().People(ctx, spec)
}

// Flags runs the security review rules over the selected events.
func (w *Workspace) Flags(ctx context.Context, spec report.Spec, rules report.FlagRules) ([]report.Flag, error) {
	return w.reports().Flags(ctx, spec, rules)
}

// SavedReport is a named spec kept in the workspace.
type SavedReport struct {
	Name      string      `json:"name"`
	Spec      report.Spec `json:"spec"`
	CreatedAt string      `json:"created_at"`
	UpdatedAt string      `json:"updated_at"`
}

// ErrNoSavedReport: no saved report has that name.
var ErrNoSavedReport = errors.New("no saved report of that name")

// SavedReports lists the saved reports by name.
func (w *Workspace) SavedReports(ctx context.Context) ([]SavedReport, error) {
	rs, err := w.store.SavedReports(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]SavedReport, 0, len(rs))
	for _, r := range rs {
		var spec report.Spec
		if err := json.Unmarshal(r.Spec, &spec); err != nil {
			return nil, fmt.Errorf("saved report %q: %w", r.Name, err)
		}
		out = append(out, SavedReport{Name: r.Name, Spec: spec, CreatedAt: utc(r.CreatedAt), UpdatedAt: utc(r.UpdatedAt)})
	}
	return out, nil
}

// SavedReport loads one saved report's spec.
func (w *Workspace) SavedReport(ctx context.Context, name string) (report.Spec, error) {
	r, err := w.store.SavedReport(ctx, name)
	if errors.Is(err, store.ErrNotFound) {
		return report.Spec{}, fmt.Errorf("saved report %q: %w (see `trailbook saved list`)", name, ErrNoSavedReport)
	}
	if err != nil {
		return report.Spec{}, err
	}
	var spec report.Spec
	if err := json.Unmarshal(r.Spec, &spec); err != nil {
		return spec, fmt.Errorf("saved report %q: %w", name, err)
	}
	return spec, nil
}

// SaveReport stores spec under name (replacing one of the same name) after checking it runs.
func (w *Workspace) SaveReport(ctx context.Context, name string, spec report.Spec) error {
	if _, err := w.reports().Count(ctx, spec); err != nil {
		return fmt.Errorf("save report %q: %w", name, err)
	}
	b, err := json.Marshal(spec)
	if err != nil {
		return err
	}
	return w.store.SaveReport(ctx, name, b)
}

// DeleteReport removes a saved report.
func (w *Workspace) DeleteReport(ctx context.Context, name string) error {
	err := w.store.DeleteReport(ctx, name)
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("delete report %q: %w", name, ErrNoSavedReport)
	}
	return err
}

// Export formats.
const (
	FormatCSV  = "csv"
	FormatXLSX = "xlsx"
	FormatJSON = "json"
)

// ExportOptions tunes an export.
type ExportOptions struct {
	Title string `json:"title,omitempty"`
	BOM   bool   `json:"bom,omitempty"` // CSV: a UTF-8 byte order mark for Excel
}

// ExportResult describes a written export.
type ExportResult struct {
	Path   string `json:"path"`
	Format string `json:"format"`
	Rows   int64  `json:"rows"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// Document builds the export document of spec (cover, summaries, detail rows).
func (w *Workspace) Document(ctx context.Context, spec report.Spec, title string) (export.Document, error) {
	return w.reports().Document(ctx, spec, title)
}

// Export writes the events the spec selects to path (csv, xlsx or json) through a
// temp file renamed into place, and records the export as Trailbook's own event.
// progress, when set, gets the rows written so far.
func (w *Workspace) Export(ctx context.Context, spec report.Spec, format, path string, opt ExportOptions, progress func(rows int64)) (ExportResult, error) {
	if strings.TrimSpace(path) == "" {
		return ExportResult{}, errors.New("export: name the output file")
	}
	var rows int64
	write, err := w.exporter(ctx, spec, format, opt, progress, &rows)
	if err != nil {
		return ExportResult{}, err
	}
	sum, size, err := export.WriteFile(ctx, path, write)
	if err != nil {
		return ExportResult{}, fmt.Errorf("export %s: %w", path, err)
	}
	res := ExportResult{Path: path, Format: format, Rows: rows, Size: size, SHA256: sum}
	return res, w.recordExport(ctx, spec, res)
}

// ExportTo writes the export to out (a terminal or pipe) and records it.
func (w *Workspace) ExportTo(ctx context.Context, spec report.Spec, format string, out io.Writer, opt ExportOptions) (ExportResult, error) {
	var rows int64
	write, err := w.exporter(ctx, spec, format, opt, nil, &rows)
	if err != nil {
		return ExportResult{}, err
	}
	h := sha256.New()
	cw := &countWriter{w: io.MultiWriter(out, h)}
	if err := write(cw); err != nil {
		return ExportResult{}, fmt.Errorf("export: %w", err)
	}
	res := ExportResult{Path: "-", Format: format, Rows: rows, Size: cw.n, SHA256: hex.EncodeToString(h.Sum(nil))}
	return res, w.recordExport(ctx, spec, res)
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// exporter prepares the writer function of one format; it counts rows into rows.
func (w *Workspace) exporter(ctx context.Context, spec report.Spec, format string, opt ExportOptions, progress func(int64), rows *int64) (func(io.Writer) error, error) {
	switch format {
	case FormatJSON:
		if _, err := w.reports().Count(ctx, spec); err != nil { // validates before any byte is written
			return nil, err
		}
		return func(out io.Writer) error {
			n, err := writeJSON(ctx, w.reports(), spec, out, progress)
			*rows = n
			return err
		}, nil
	case FormatCSV, FormatXLSX:
		doc, err := w.reports().Document(ctx, spec, opt.Title)
		if err != nil {
			return nil, err
		}
		doc.Progress = progress
		return func(out io.Writer) error {
			var n int64
			var err error
			if format == FormatCSV {
				n, err = export.WriteCSV(ctx, out, doc, export.CSVOptions{BOM: opt.BOM})
			} else {
				n, err = export.WriteXLSX(ctx, out, doc)
			}
			*rows = n
			return err
		}, nil
	}
	return nil, fmt.Errorf("export format %q is not known (use csv, xlsx or json)", format)
}

// writeJSON streams the events as one JSON array, an event per line.
func writeJSON(ctx context.Context, eng *report.Engine, spec report.Spec, out io.Writer, progress func(int64)) (int64, error) {
	bw := bufio.NewWriterSize(out, 1<<16)
	var n int64
	last := time.Now()
	if _, err := bw.WriteString("["); err != nil {
		return 0, err
	}
	err := eng.Each(ctx, spec, func(ev activity.Event) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		b, err := json.Marshal(ev)
		if err != nil {
			return err
		}
		sep := ",\n"
		if n == 0 {
			sep = "\n"
		}
		bw.WriteString(sep)
		if _, err := bw.Write(b); err != nil {
			return err
		}
		n++
		if progress != nil && time.Since(last) > progressEvery {
			progress(n)
			last = time.Now()
		}
		return nil
	})
	if err != nil {
		return n, err
	}
	if _, err := bw.WriteString("\n]\n"); err != nil {
		return n, err
	}
	if progress != nil {
		progress(n)
	}
	return n, bw.Flush()
}

func (w *Workspace) recordExport(ctx context.Context, spec report.Spec, res ExportResult) error {
	specJSON, _ := json.Marshal(spec)
	_, err := w.store.AppendOwn(ctx, "export", activity.KindExport,
		fmt.Sprintf("Exported %d events as %s to %s (sha256 %s)", res.Rows, res.Format, res.Path, res.SHA256),
		map[string]string{
			"format": res.Format, "path": res.Path, "rows": strconv.FormatInt(res.Rows, 10),
			"size": strconv.FormatInt(res.Size, 10), "sha256": res.SHA256, "spec": string(specJSON),
		})
	if err != nil {
		return fmt.Errorf("record export: %w", err)
	}
	return nil
}
