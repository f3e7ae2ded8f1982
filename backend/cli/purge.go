package cli

import (
	"context"
	"fmt"
	"time"

	"trailbook/backend/workspace"
)

func runPurge(ctx context.Context, a *App, e *env) error {
	before := e.fs.String("before", "", "delete imported events that occurred before this date (UTC) or RFC 3339 instant")
	all := e.fs.Bool("all", false, "delete every imported event (Trailbook's own events and the import history stay)")
	if err := e.parse(); err != nil {
		return err
	}
	if len(e.args) > 0 {
		return usageError{fmt.Sprintf("unexpected argument %q", e.args[0])}
	}
	if (*before == "") == !*all {
		return usageError{"give exactly one of --before DATE or --all"}
	}
	var cut time.Time
	if *before != "" {
		var err error
		if cut, err = workspace.ParseBefore(*before); err != nil {
			return usageError{err.Error()}
		}
	}
	return e.withWorkspace(ctx, func(ws *workspace.Workspace) error {
		var res workspace.PurgeResult
		var err error
		if *all {
			res, err = ws.Clear(ctx)
		} else {
			res, err = ws.Purge(ctx, cut)
		}
		if err != nil {
			return err
		}
		if *e.json {
			return printJSON(a.Stdout, res)
		}
		if res.BeforeUTC != nil {
			fmt.Fprintf(a.Stdout, "purged %s that occurred before %s (UTC); the purge is recorded in the workspace\n", plural(res.Deleted, "imported event"), *res.BeforeUTC)
		} else {
			fmt.Fprintf(a.Stdout, "cleared %s; the clear is recorded in the workspace\n", plural(res.Deleted, "imported event"))
		}
		return nil
	})
}
