package cli

import (
	"context"
	"fmt"

	"trailbook/backend/workspace"
)

func runCoverage(ctx context.Context, a *App, e *env) error {
	if err := e.parse(); err != nil {
		return err
	}
	return e.withWorkspace(ctx, func(ws *workspace.Workspace) error {
		cov, err := ws.Coverage(ctx)
		if err != nil {
			return err
		}
		if *e.json {
			return printJSON(a.Stdout, cov)
		}
		if len(cov) == 0 {
			fmt.Fprintln(a.Stdout, "no imported activity yet")
			return nil
		}
		for _, c := range cov {
			fmt.Fprintf(a.Stdout, "%s: %s .. %s (UTC), %s\n", c.System, c.FromUTC, c.ToUTC, plural(int64(c.Batches), "file"))
			for _, g := range c.Gaps {
				fmt.Fprintf(a.Stdout, "  %s\n", g.Message)
			}
		}
		return nil
	})
}
