package workspace

import "context"

// refreshRollups brings the hourly rollups up to date once the files of an import
// are in, so that the first count or summary after an import does not pay for it.
// It runs after the commits: a rollup step that fails or is cancelled leaves the
// imported events in place, and the rollups are then rebuilt lazily by the first
// query that needs them. The failure is reported as a warning on the last file
// that went in.
func (w *Workspace) refreshRollups(ctx context.Context, results []ImportResult) {
	last := -1
	for i, r := range results {
		if r.Error == "" {
			last = i
		}
	}
	if last < 0 || ctx.Err() != nil {
		return
	}
	if err := w.store.RefreshRollups(ctx); err != nil {
		results[last].Warnings = append(results[last].Warnings,
			"the summary counts were not brought up to date ("+err.Error()+"); the first report will do it")
	}
}
