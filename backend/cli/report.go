package cli

import (
	"context"
	"flag"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"trailbook/backend/report"
	"trailbook/backend/workspace"
)

// listFlag is a repeatable flag; split also splits each value on commas.
type listFlag struct {
	vals  *[]string
	split bool
}

func (l listFlag) String() string {
	if l.vals == nil {
		return ""
	}
	return strings.Join(*l.vals, ",")
}

func (l listFlag) Set(s string) error {
	if l.split {
		for _, p := range strings.Split(s, ",") {
			if p = strings.TrimSpace(p); p != "" {
				*l.vals = append(*l.vals, p)
			}
		}
		return nil
	}
	*l.vals = append(*l.vals, s)
	return nil
}

// specFlags are the report filters every report command takes.
type specFlags struct {
	spec    report.Spec
	saved   string
	columns string
}

func addSpecFlags(fs *flag.FlagSet) *specFlags {
	f := &specFlags{}
	s := &f.spec
	fs.StringVar(&s.Preset, "period", "", "period preset: today, yesterday, last_7_days, last_30_days, this_month, last_month, this_quarter")
	fs.StringVar(&s.From, "from", "", "start: a date (2024-03-01), a local time (2024-03-01T08:00) or an RFC 3339 instant")
	fs.StringVar(&s.To, "to", "", "end, inclusive (a date means the whole day)")
	fs.StringVar(&s.Zone, "tz", "", "display zone for the period, days, hours and exported times (IANA name; default UTC)")
	fs.Var(listFlag{vals: &s.Users}, "user", "user id, name or email (repeatable)")
	fs.Var(listFlag{vals: &s.Systems, split: true}, "system", "system, e.g. 2checkout (repeatable; trailbook shows Trailbook's own events)")
	fs.Var(listFlag{vals: &s.Modules}, "module", "module or category (repeatable)")
	fs.Var(listFlag{vals: &s.Actions}, "action", "raw action as the vendor wrote it (repeatable)")
	fs.Var(listFlag{vals: &s.Kinds, split: true}, "kind", "normalized kind: login, delete, payment ... (repeatable)")
	fs.Var(listFlag{vals: &s.Refs}, "ref", "record reference, e.g. BOK-10234 or an order number (repeatable)")
	fs.Var(listFlag{vals: &s.IPs, split: true}, "ip", "IP address or CIDR range (repeatable)")
	fs.StringVar(&s.Search, "search", "", "keywords in descriptions, labels, comments and references; word* is a prefix")
	fs.StringVar(&s.MinAmount, "min-amount", "", "smallest amount, exact decimal")
	fs.StringVar(&s.MaxAmount, "max-amount", "", "largest amount, exact decimal")
	fs.Var(listFlag{vals: &s.Currencies, split: true}, "currency", "currency code (repeatable)")
	fs.BoolVar(&s.IncludeOwn, "include-own", false, "include Trailbook's own events (imports, exports, verifications)")
	fs.StringVar(&s.Sort, "sort", "", "sort column (default time)")
	fs.BoolVar(&s.Asc, "asc", false, "oldest / smallest first")
	fs.StringVar(&f.columns, "columns", "", "detail columns, comma-separated (default: "+strings.Join(report.DefaultColumns, ",")+")")
	fs.StringVar(&f.saved, "saved", "", "run the saved report NAME (other filters given override its own)")
	return f
}

// resolve gives the spec to run: the flags, over the saved report when one is named.
func (f *specFlags) resolve(ctx context.Context, ws *workspace.Workspace, fs *flag.FlagSet) (report.Spec, error) {
	if f.columns != "" {
		f.spec.Columns = strings.Split(f.columns, ",")
	}
	if f.saved == "" {
		return f.spec, nil
	}
	base, err := ws.SavedReport(ctx, f.saved)
	if err != nil {
		return base, err
	}
	given := f.spec
	fs.Visit(func(fl *flag.Flag) {
		switch fl.Name {
		case "period":
			base.Preset = given.Preset
		case "from":
			base.From = given.From
		case "to":
			base.To = given.To
		case "tz":
			base.Zone = given.Zone
		case "user":
			base.Users = given.Users
		case "system":
			base.Systems = given.Systems
		case "module":
			base.Modules = given.Modules
		case "action":
			base.Actions = given.Actions
		case "kind":
			base.Kinds = given.Kinds
		case "ref":
			base.Refs = given.Refs
		case "ip":
			base.IPs = given.IPs
		case "search":
			base.Search = given.Search
		case "min-amount":
			base.MinAmount = given.MinAmount
		case "max-amount":
			base.MaxAmount = given.MaxAmount
		case "currency":
			base.Currencies = given.Currencies
		case "include-own":
			base.IncludeOwn = given.IncludeOwn
		case "sort":
			base.Sort = given.Sort
		case "asc":
			base.Asc = given.Asc
		case "columns":
			base.Columns = given.Columns
		}
	})
	return base, nil
}

func runReport(ctx context.Context, a *App, e *env) error {
	sf := addSpecFlags(e.fs)
	format := e.fs.String("format", "", "csv, xlsx or json (default: from the --out extension)")
	out := e.fs.String("out", "", "output file; - writes to stdout")
	title := e.fs.String("title", "", "report title (cover sheet)")
	bom := e.fs.Bool("bom", false, "CSV: start with a UTF-8 byte order mark (for Excel)")
	if err := e.parse(); err != nil {
		return err
	}
	if *out == "" {
		return usageError{"name the output with --out FILE (or --out - for stdout)"}
	}
	f := strings.ToLower(*format)
	if f == "" {
		f = strings.TrimPrefix(strings.ToLower(filepath.Ext(*out)), ".")
		if *out == "-" {
			f = workspace.FormatJSON
		}
	}
	if f != workspace.FormatCSV && f != workspace.FormatXLSX && f != workspace.FormatJSON {
		return usageError{fmt.Sprintf("--format %q: use csv, xlsx or json", f)}
	}
	return e.withSpec(ctx, sf, func(ws *workspace.Workspace, spec report.Spec) error {
		opt := workspace.ExportOptions{Title: *title, BOM: *bom}
		var res workspace.ExportResult
		var err error
		if *out == "-" {
			res, err = ws.ExportTo(ctx, spec, f, a.Stdout, opt)
		} else {
			res, err = ws.Export(ctx, spec, f, *out, opt, nil)
		}
		if err != nil {
			return err
		}
		if *out != "-" {
			if *e.json {
				return printJSON(a.Stdout, res)
			}
			fmt.Fprintf(a.Stdout, "wrote %s: %s, %s, sha256 %s\n", res.Path, plural(res.Rows, "event"), res.Format, res.SHA256)
		}
		return nil
	})
}

func runSummary(ctx context.Context, a *App, e *env) error {
	sf := addSpecFlags(e.fs)
	by := e.fs.String("by", report.ByUser, "user, kind, action, system, module, day, hour, weekday or currency")
	if err := e.parse(); err != nil {
		return err
	}
	return e.withSpec(ctx, sf, func(ws *workspace.Workspace, spec report.Spec) error {
		counts, err := ws.Summary(ctx, spec, *by)
		if err != nil {
			return err
		}
		if *e.json {
			return printJSON(a.Stdout, counts)
		}
		w := tabwriter.NewWriter(a.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintf(w, "%s\tEVENTS", strings.ToUpper(*by))
		if *by == report.ByCurrency {
			fmt.Fprint(w, "\tAMOUNT")
		}
		fmt.Fprintln(w)
		for _, c := range counts {
			key := c.Key
			if c.Label != "" {
				key += " (" + c.Label + ")"
			}
			fmt.Fprintf(w, "%s\t%d", key, c.Count)
			if c.Amount != nil {
				fmt.Fprintf(w, "\t%s", c.Amount.String())
			}
			fmt.Fprintln(w)
		}
		return w.Flush()
	})
}

func runFlags(ctx context.Context, a *App, e *env) error {
	sf := addSpecFlags(e.fs)
	d := report.DefaultFlagRules()
	hours := e.fs.String("work-hours", fmt.Sprintf("%d-%d", d.WorkStart, d.WorkEnd), "working hours in the display zone, START-END")
	burst := e.fs.Int("delete-burst", d.DeleteBurst, "deletions by one user that make a burst")
	burstWin := e.fs.Duration("delete-window", d.DeleteWindow, "time those deletions fall within")
	failed := e.fs.Int("failed-logins", d.FailedLogins, "failed logins before a success that raise a flag")
	failedWin := e.fs.Duration("failed-window", d.FailedWindow, "time those failed logins fall within")
	factor := e.fs.Float64("volume-factor", d.VolumeFactor, "a day this many times the user's median day is unusual")
	volMin := e.fs.Int64("volume-min", d.VolumeMin, "fewest events in a day to call it unusual")
	if err := e.parse(); err != nil {
		return err
	}
	start, end, ok := strings.Cut(*hours, "-")
	s, err1 := strconv.Atoi(strings.TrimSpace(start))
	en, err2 := strconv.Atoi(strings.TrimSpace(end))
	if !ok || err1 != nil || err2 != nil {
		return usageError{fmt.Sprintf("--work-hours %q: write START-END in whole hours, e.g. 8-18", *hours)}
	}
	rules := report.FlagRules{WorkStart: s, WorkEnd: en, WorkDays: d.WorkDays, DeleteBurst: *burst, DeleteWindow: *burstWin,
		FailedLogins: *failed, FailedWindow: *failedWin, VolumeFactor: *factor, VolumeMin: *volMin}
	return e.withSpec(ctx, sf, func(ws *workspace.Workspace, spec report.Spec) error {
		flags, err := ws.Flags(ctx, spec, rules)
		if err != nil {
			return err
		}
		if *e.json {
			return printJSON(a.Stdout, flags)
		}
		loc, _ := report.LoadZone(spec.Zone)
		if len(flags) == 0 {
			fmt.Fprintln(a.Stdout, "no flags")
		}
		for _, f := range flags {
			fmt.Fprintf(a.Stdout, "%s  %s  %s: %s (%s)\n", f.First.In(loc).Format("2006-01-02 15:04"), f.Rule, f.User, f.Detail, plural(f.Count, "event"))
		}
		return nil
	})
}

func runPeople(ctx context.Context, a *App, e *env) error {
	sf := addSpecFlags(e.fs)
	if err := e.parse(); err != nil {
		return err
	}
	return e.withSpec(ctx, sf, func(ws *workspace.Workspace, spec report.Spec) error {
		p, err := ws.People(ctx, spec)
		if err != nil {
			return err
		}
		if *e.json {
			return printJSON(a.Stdout, p)
		}
		if p.Roster == 0 {
			fmt.Fprintln(a.Stdout, "the people directory is empty: import a user list (roster) first")
			return nil
		}
		fmt.Fprintf(a.Stdout, "%s in the directory\n\ndormant (no activity): %d\n", plural(p.Roster, "person"), len(p.Dormant))
		for _, d := range p.Dormant {
			fmt.Fprintf(a.Stdout, "  %s  %s\n", d.Email, d.Name)
		}
		fmt.Fprintf(a.Stdout, "\nunknown accounts (not in the directory): %d\n", len(p.Unknown))
		for _, u := range p.Unknown {
			fmt.Fprintf(a.Stdout, "  %s  %s\n", u.Key, plural(u.Count, "event"))
		}
		fmt.Fprintf(a.Stdout, "\nactive after their end date: %d\n", len(p.Leavers))
		for _, l := range p.Leavers {
			fmt.Fprintf(a.Stdout, "  %s  left %s, %s after, last %s\n", l.Email, l.EndDate, plural(l.After, "event"), l.Last.Format(time.RFC3339))
		}
		return nil
	})
}

func runHistory(ctx context.Context, a *App, e *env) error {
	tz := e.fs.String("tz", "", "display zone (IANA name; default UTC)")
	if err := e.parse(); err != nil {
		return err
	}
	if len(e.args) != 1 {
		return usageError{"name one record reference, e.g. BOK-10234"}
	}
	loc, err := report.LoadZone(*tz)
	if err != nil {
		return err
	}
	return e.withWorkspace(ctx, func(ws *workspace.Workspace) error {
		evs, err := ws.History(ctx, e.args[0], *tz)
		if err != nil {
			return err
		}
		if *e.json {
			return printJSON(a.Stdout, evs)
		}
		if len(evs) == 0 {
			fmt.Fprintf(a.Stdout, "no events on %s\n", e.args[0])
			return nil
		}
		w := tabwriter.NewWriter(a.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintf(w, "TIME (%s)\tSYSTEM\tUSER\tACTION\tKIND\tDESCRIPTION\n", loc)
		for _, ev := range evs {
			fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\n", ev.OccurredAt.In(loc).Format("2006-01-02 15:04:05"), ev.System, report.UserName(&ev), ev.Action, ev.Kind, oneLine(ev.Description))
		}
		return w.Flush()
	})
}

func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 80 {
		s = s[:77] + "..."
	}
	return s
}

func runSaved(ctx context.Context, a *App, e *env) error {
	sf := addSpecFlags(e.fs)
	if err := e.parse(); err != nil {
		return err
	}
	verb := "list"
	if len(e.args) > 0 {
		verb = e.args[0]
	}
	return e.withWorkspace(ctx, func(ws *workspace.Workspace) error {
		switch {
		case verb == "list" && len(e.args) <= 1:
			rs, err := ws.SavedReports(ctx)
			if err != nil {
				return err
			}
			if *e.json {
				return printJSON(a.Stdout, rs)
			}
			if len(rs) == 0 {
				fmt.Fprintln(a.Stdout, "no saved reports")
			}
			for _, r := range rs {
				period, filters, _ := report.Describe(r.Spec, time.Now())
				fmt.Fprintf(a.Stdout, "%s  %s", r.Name, period)
				if len(filters) > 0 {
					fmt.Fprintf(a.Stdout, "; %s", strings.Join(filters, "; "))
				}
				fmt.Fprintln(a.Stdout)
			}
			return nil
		case verb == "save" && len(e.args) == 2:
			spec, err := sf.resolve(ctx, ws, e.fs)
			if err != nil {
				return err
			}
			if err := ws.SaveReport(ctx, e.args[1], spec); err != nil {
				return err
			}
			fmt.Fprintf(a.Stdout, "saved report %q\n", e.args[1])
			return nil
		case verb == "delete" && len(e.args) == 2:
			if err := ws.DeleteReport(ctx, e.args[1]); err != nil {
				return err
			}
			fmt.Fprintf(a.Stdout, "deleted report %q\n", e.args[1])
			return nil
		}
		return usageError{"use: saved list | saved save NAME [filters] | saved delete NAME"}
	})
}
