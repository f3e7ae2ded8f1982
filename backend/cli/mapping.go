package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"trailbook/backend/ingest"
	"trailbook/backend/workspace"
)

// mapFlags are the flags that read a file through a column mapping.
type mapFlags struct {
	fields      multiFlag
	dateLayout  *string
	dateOrder   *string
	saveProfile *string
}

type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ", ") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

func addMapFlags(e *env, save bool) *mapFlags {
	m := &mapFlags{}
	e.fs.Var(&m.fields, "map", "FIELD=COLUMN: read FIELD from the column (repeat; fields: "+strings.Join(ingest.MappingFields(), ", ")+")")
	m.dateLayout = e.fs.String("date-layout", "", "time format with --map, e.g. DD/MM/YYYY HH:mm or a Go layout")
	m.dateOrder = e.fs.String("date-order", "", "dmy or mdy: how to read ambiguous dates such as 03/04/2024")
	if save {
		m.saveProfile = e.fs.String("save-profile", "", "with --map: save the mapping as a profile named NAME, used for this header from then on")
	} else {
		m.saveProfile = new(string)
	}
	return m
}

// apply puts the parsed flags on an import file.
func (m *mapFlags) apply(f *workspace.ImportFile) error {
	if len(m.fields) > 0 {
		f.Map = map[string]string{}
		for _, kv := range m.fields {
			k, v, ok := strings.Cut(kv, "=")
			if !ok || strings.TrimSpace(k) == "" || strings.TrimSpace(v) == "" {
				return usageError{fmt.Sprintf("--map %q: write FIELD=COLUMN, e.g. --map time=Date", kv)}
			}
			f.Map[strings.TrimSpace(k)] = strings.TrimSpace(v)
		}
	}
	if (*m.dateLayout != "" || *m.saveProfile != "") && len(f.Map) == 0 {
		return usageError{"--date-layout and --save-profile go with --map FIELD=COLUMN"}
	}
	f.DateLayout, f.DateOrder, f.SaveProfile = *m.dateLayout, *m.dateOrder, *m.saveProfile
	return nil
}

func runSuggest(ctx context.Context, a *App, e *env) error {
	if err := e.parse(); err != nil {
		return err
	}
	if len(e.args) != 1 {
		return usageError{"name one FILE"}
	}
	return e.withWorkspace(ctx, func(ws *workspace.Workspace) error {
		res, err := ws.Suggest(e.args[0])
		if err != nil {
			return err
		}
		if *e.json {
			return printJSON(a.Stdout, res)
		}
		w := a.Stdout
		fmt.Fprintf(w, "%s  [%s, delimiter %s, header on line %d]\n", res.File, res.Encoding, res.Delimiter, res.HeaderLine)
		if len(res.Candidates) > 0 {
			fmt.Fprintf(w, "already read by profile %s: import it without --map\n", strings.Join(res.Candidates, ", "))
		}
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "COLUMN\tSUGGESTED\tFILLED\tDATES\tIPS\tEMAILS\tSAMPLE")
		for _, c := range res.Columns {
			sample := ""
			if len(c.Samples) > 0 {
				sample = c.Samples[0]
			}
			fmt.Fprintf(tw, "%s\t%s\t%d%%\t%d%%\t%d%%\t%d%%\t%s\n", c.Name, orEmpty(c.Field, "-"), c.Filled, c.Dates, c.IPs, c.Emails, sample)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		if res.DateOrder != "" {
			fmt.Fprintf(w, "dates read %s (the data says so)\n", res.DateOrder)
		}
		if len(res.Missing) > 0 {
			fmt.Fprintf(w, "still to map: %s\n", strings.Join(res.Missing, ", "))
		}
		zone := ""
		if !res.Zoned {
			zone = " --tz ZONE"
		}
		fmt.Fprintf(w, "import with:\n  trailbook import %s%s %s\n", quoteArgs(res.Args), zone, quoteArg(e.args[0]))
		return nil
	})
}

func quoteArgs(args []string) string {
	out := make([]string, len(args))
	for i, s := range args {
		out[i] = quoteArg(s)
	}
	return strings.Join(out, " ")
}

func quoteArg(s string) string {
	if strings.ContainsAny(s, " '\"$`\\()&;|<>*?") {
		return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
	}
	return s
}

func runPreview(ctx context.Context, a *App, e *env) error {
	profile := e.fs.String("profile", "", "profile id (default: detect from the header)")
	tz := e.fs.String("tz", "", "time zone of zone-less times, e.g. Europe/Bucharest")
	rows := e.fs.Int("rows", 10, "how many rows to show")
	m := addMapFlags(e, false)
	if err := e.parse(); err != nil {
		return err
	}
	if len(e.args) != 1 {
		return usageError{"name one FILE"}
	}
	f := workspace.ImportFile{Path: e.args[0], Profile: *profile, Zone: *tz}
	if err := m.apply(&f); err != nil {
		return err
	}
	return e.withWorkspace(ctx, func(ws *workspace.Workspace) error {
		res, err := ws.Preview(ctx, workspace.PreviewParams{File: f, Rows: *rows})
		if err != nil {
			return err
		}
		if *e.json {
			return printJSON(a.Stdout, res)
		}
		fmt.Fprintf(a.Stdout, "%s  [profile %s, system %s, %s]\n", res.File, res.Profile, res.System, orEmpty(res.SourceZone, "zone from file"))
		tw := tabwriter.NewWriter(a.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "LINE\tTIME (UTC)\tACTOR\tIP\tACTION\tKIND\tTARGET\tDESCRIPTION")
		for _, r := range res.Records {
			switch {
			case r.Event != nil:
				ev := r.Event
				actor := ev.ActorName
				if actor == "" {
					actor = ev.ActorEmail
				}
				fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.Line, ev.OccurredAt.Format("2006-01-02 15:04:05"), actor, ev.IP,
					clipText(ev.Action, 40), ev.Kind, clipText(ev.TargetRef, 30), clipText(ev.Description, 50))
			case r.Reject != nil:
				fmt.Fprintf(tw, "%d\tREJECTED\t%s\n", r.Line, r.Reject.Reason)
			case r.Skip != "":
				fmt.Fprintf(tw, "%d\tskipped\t%s\n", r.Line, r.Skip)
			}
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		for _, w := range res.Warnings {
			fmt.Fprintf(a.Stdout, "warning: %s\n", w)
		}
		return nil
	})
}

func clipText(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// profileSubcommand runs `profiles export|import|delete`; ok is false for a plain listing.
func profileSubcommand(ctx context.Context, a *App, e *env) (ok bool, err error) {
	if len(e.raw) == 0 {
		return false, nil
	}
	sub := e.raw[0]
	switch sub {
	case "export", "import", "delete":
	default:
		return false, nil
	}
	e.raw = e.raw[1:]
	out := e.fs.String("out", "", "export: write the YAML to FILE instead of the standard output")
	if err := e.parse(); err != nil {
		return true, err
	}
	if len(e.args) != 1 {
		return true, usageError{fmt.Sprintf("profiles %s takes one argument", sub)}
	}
	return true, e.withWorkspace(ctx, func(ws *workspace.Workspace) error {
		switch sub {
		case "export":
			y, err := ws.ExportProfile(e.args[0])
			if err != nil {
				return err
			}
			if *out == "" {
				_, err = a.Stdout.Write(y)
				return err
			}
			return writeFileAtomic(*out, y)
		case "import":
			y, err := os.ReadFile(e.args[0])
			if err != nil {
				return fmt.Errorf("read profile: %w", err)
			}
			pi, err := ws.ImportProfile(ctx, y)
			if err != nil {
				return fmt.Errorf("%s: %w", filepath.Base(e.args[0]), err)
			}
			if *e.json {
				return printJSON(a.Stdout, pi)
			}
			fmt.Fprintf(a.Stdout, "imported profile %s (%s)\n", pi.ID, pi.Name)
			return nil
		default:
			if err := ws.DeleteProfile(ctx, e.args[0]); err != nil {
				return err
			}
			fmt.Fprintf(a.Stdout, "deleted profile %s\n", e.args[0])
			return nil
		}
	})
}

// writeFileAtomic writes through a temporary file in the same folder, then renames it,
// so a failed write leaves no half file.
func writeFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
