package cli

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"

	"trailbook/backend/store"
	"trailbook/backend/workspace"
)

func runImport(ctx context.Context, a *App, e *env) error {
	profile := e.fs.String("profile", "", "profile id (default: detect from the header)")
	tz := e.fs.String("tz", "", "time zone of zone-less times in the files, e.g. Europe/Bucharest (default: the profile's)")
	mapping := addMapFlags(e, true)
	if err := e.parse(); err != nil {
		return err
	}
	if len(e.args) == 0 {
		return usageError{"name at least one FILE to import"}
	}
	return e.withWorkspace(ctx, func(ws *workspace.Workspace) error {
		files := make([]workspace.ImportFile, len(e.args))
		for i, p := range e.args {
			files[i] = workspace.ImportFile{Path: p, Profile: *profile, Zone: *tz}
			if err := mapping.apply(&files[i]); err != nil {
				return err
			}
		}
		results := ws.Import(ctx, files, nil)
		failed := false
		for _, r := range results {
			failed = failed || r.Error != ""
		}
		if *e.json {
			if err := printJSON(a.Stdout, results); err != nil {
				return err
			}
		} else {
			for _, r := range results {
				printImportResult(a, r)
			}
		}
		if failed {
			return errFail
		}
		return nil
	}, store.DirectImports()) // the command does nothing else meanwhile
}

func printImportResult(a *App, r workspace.ImportResult) {
	if r.Error != "" {
		fmt.Fprintf(a.Stderr, "%s: FAILED, workspace unchanged\n  %s\n", r.File, r.Error)
		return
	}
	w := a.Stdout
	fmt.Fprintf(w, "%s  [%s, %s]\n", r.File, r.Profile, orEmpty(r.SourceZone, "zone from file"))
	if r.People > 0 {
		fmt.Fprintf(w, "  %s read: %s in the people directory\n", plural(r.Rows, "row"), plural(r.People, "person"))
	} else {
		fmt.Fprintf(w, "  %s read: %d inserted, %s, %d rejected", plural(r.Rows, "row"), r.Inserted, plural(r.Duplicates, "duplicate"), r.Rejected)
		if r.Skipped > 0 {
			fmt.Fprintf(w, ", %d skipped", r.Skipped)
		}
		fmt.Fprintln(w)
		fmt.Fprintf(w, "  period %s .. %s (UTC)\n", orDash(r.FirstUTC), orDash(r.LastUTC))
	}
	fmt.Fprintf(w, "  sha256 %s\n", r.SHA256)
	if r.SavedProfile != "" {
		fmt.Fprintf(w, "  saved the mapping as profile %s: files with this header import without --map from now on\n", r.SavedProfile)
	}
	for _, warn := range r.Warnings {
		fmt.Fprintf(w, "  warning: %s\n", warn)
	}
	for _, rj := range r.Rejects {
		col := ""
		if rj.Column != "" {
			col = " column " + rj.Column
		}
		fmt.Fprintf(w, "  rejected line %d%s: %s\n", rj.Line, col, rj.Reason)
	}
}

func orEmpty(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}

func runProfiles(ctx context.Context, a *App, e *env) error {
	if ok, err := profileSubcommand(ctx, a, e); ok {
		return err
	}
	if err := e.parse(); err != nil {
		return err
	}
	return e.withWorkspace(ctx, func(ws *workspace.Workspace) error {
		ps := ws.Profiles()
		if *e.json {
			return printJSON(a.Stdout, ps)
		}
		for _, p := range ps {
			zone := p.DefaultZone
			if p.NeedsZone {
				zone = "asks for --tz"
			}
			fmt.Fprintf(a.Stdout, "%s  %s (%s, times: %s)\n", p.ID, p.Name, p.Kind, zone)
			fmt.Fprintf(a.Stdout, "  required: %s\n", strings.Join(p.Required, ", "))
			if len(p.Optional) > 0 {
				fmt.Fprintf(a.Stdout, "  optional: %s\n", strings.Join(p.Optional, ", "))
			}
		}
		return nil
	})
}

func runStats(ctx context.Context, a *App, e *env) error {
	if err := e.parse(); err != nil {
		return err
	}
	return e.withWorkspace(ctx, func(ws *workspace.Workspace) error {
		info, err := ws.Info(ctx)
		if err != nil {
			return err
		}
		if *e.json {
			return printJSON(a.Stdout, info)
		}
		w := tabwriter.NewWriter(a.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintf(w, "workspace\t%s\n", info.Path)
		fmt.Fprintf(w, "events\t%d (plus %d of Trailbook's own)\n", info.Events, info.OwnEvents)
		fmt.Fprintf(w, "import batches\t%d\n", info.Batches)
		fmt.Fprintf(w, "people\t%d\n", info.People)
		fmt.Fprintf(w, "users\t%d\n", info.Users)
		fmt.Fprintf(w, "period (UTC)\t%s .. %s\n", orDash(info.FirstUTC), orDash(info.LastUTC))
		for _, k := range sortedKeys(info.BySystem) {
			fmt.Fprintf(w, "  %s\t%d\n", k, info.BySystem[k])
		}
		if v := info.LastVerify; v != nil {
			state := "intact"
			if !v.OK {
				state = "BROKEN: " + v.Problem
			}
			fmt.Fprintf(w, "last verify\t%s, %s (%d events)\n", v.At, state, v.Events)
		} else {
			fmt.Fprintf(w, "last verify\tnever\n")
		}
		return w.Flush()
	})
}

func runVerify(ctx context.Context, a *App, e *env) error {
	if err := e.parse(); err != nil {
		return err
	}
	return e.withWorkspace(ctx, func(ws *workspace.Workspace) error {
		res, err := ws.Verify(ctx)
		if err != nil {
			return err
		}
		if *e.json {
			if err := printJSON(a.Stdout, res); err != nil {
				return err
			}
		} else if res.OK {
			fmt.Fprintf(a.Stdout, "ok: chain intact, %s verified\n", plural(res.Events, "event"))
		} else {
			fmt.Fprintf(a.Stdout, "NOT OK: event %d (%s:%d): %s\n", res.ID, orEmpty(res.File, "no source file"), res.Line, res.Problem)
		}
		if !res.OK {
			return errFail
		}
		return nil
	})
}

func runBatches(ctx context.Context, a *App, e *env) error {
	if err := e.parse(); err != nil {
		return err
	}
	return e.withWorkspace(ctx, func(ws *workspace.Workspace) error {
		bs, err := ws.Batches(ctx)
		if err != nil {
			return err
		}
		if *e.json {
			return printJSON(a.Stdout, bs)
		}
		w := tabwriter.NewWriter(a.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(w, "ID\tFILE\tPROFILE\tROWS\tINSERTED\tDUPLICATES\tREJECTED\tIMPORTED (UTC)\tSHA-256")
		for _, b := range bs {
			fmt.Fprintf(w, "%d\t%s\t%s\t%d\t%d\t%d\t%d\t%s\t%.12s\n", b.ID, b.FileName, b.Profile, b.Rows, b.Inserted, b.Duplicates, b.Rejected, b.ImportedAt, b.SHA256)
		}
		return w.Flush()
	})
}
