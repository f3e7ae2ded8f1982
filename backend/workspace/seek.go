package workspace

import (
	"context"

	"trailbook/backend/report"
)

// Seek returns the page cursor at which Query starts at row offset of the spec's order
// (a table jumping to row 500,000).
func (w *Workspace) Seek(ctx context.Context, spec report.Spec, offset int64) (string, error) {
	return w.reports().Seek(ctx, spec, offset)
}
