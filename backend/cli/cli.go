// Package cli is the command-line face of Trailbook: it parses arguments, calls the
// workspace, and prints text or JSON. It holds no logic of its own.
package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"sort"
	"strings"

	"trailbook/backend/report"
	"trailbook/backend/store"
	"trailbook/backend/workspace"
)

// Exit codes.
const (
	ExitOK    = 0
	ExitFail  = 1 // the command ran and found a problem (a failed file, a broken chain)
	ExitUsage = 2
)

// Version is stamped at build time.
type Version struct{ Version, Commit, Date string }

// App runs one command line.
type App struct {
	Stdout, Stderr io.Writer
	Version        Version
	// UI is the built frontend that `serve` hands to the browser.
	UI fs.FS
}

type command struct {
	name, args, help string
	run              func(ctx context.Context, a *App, env *env) error
}

// env is what every command gets: its parsed flags and the workspace opener.
type env struct {
	fs   *flag.FlagSet
	db   *string
	json *bool
	raw  []string // the command's arguments, before parsing
	args []string // positional arguments, after parsing
}

// path is the workspace file: --db, else $TRAILBOOK_DB or the desktop default.
func (e *env) path() (string, error) {
	if *e.db != "" {
		return *e.db, nil
	}
	return workspace.DefaultPath()
}

// withWorkspace opens the workspace, runs fn on it and closes it again.
func (e *env) withWorkspace(ctx context.Context, fn func(ws *workspace.Workspace) error, opts ...store.Option) error {
	path, err := e.path()
	if err != nil {
		return err
	}
	ws, err := workspace.Open(ctx, path, opts...)
	if err != nil {
		return err
	}
	defer ws.Close()
	return fn(ws)
}

// withSpec is withWorkspace for the report commands: fn also gets the filters
// given on the command line, laid over the saved report when --saved names one.
func (e *env) withSpec(ctx context.Context, sf *specFlags, fn func(ws *workspace.Workspace, spec report.Spec) error) error {
	return e.withWorkspace(ctx, func(ws *workspace.Workspace) error {
		spec, err := sf.resolve(ctx, ws, e.fs)
		if err != nil {
			return err
		}
		return fn(ws, spec)
	})
}

var errFail = errors.New("failed")

// usageError marks errors in the command line itself.
type usageError struct{ msg string }

func (u usageError) Error() string { return u.msg }

func commands() []command {
	return []command{
		{"import", "[--profile ID | --map FIELD=COLUMN... [--date-layout L] [--date-order dmy|mdy] [--save-profile NAME]] [--tz ZONE] [--json] FILE...", "import activity exports into the workspace", runImport},
		{"profiles", "[--json] | export ID [--out FILE] | import FILE | delete ID", "list, share and remove import profiles", runProfiles},
		{"suggest", "[--json] FILE", "propose a column mapping for a file no profile reads", runSuggest},
		{"preview", "[--profile ID | --map FIELD=COLUMN...] [--tz ZONE] [--rows N] [--json] FILE", "show the first rows of a file as they would be stored", runPreview},
		{"serve", "[--addr 127.0.0.1:PORT] [--open] [--allow-remote]", "serve the UI to a browser on this machine", runServe},
		{"stats", "[--json]", "show what the workspace holds", runStats},
		{"verify", "[--json]", "re-compute the hash chain and report the first bad row", runVerify},
		{"batches", "[--json]", "list the import batches", runBatches},
		{"report", "[filters] --format csv|xlsx|json --out FILE|-", "export the filtered events", runReport},
		{"summary", "[filters] --by user|kind|action|system|module|day|hour|weekday|currency [--json]", "count the filtered events", runSummary},
		{"flags", "[filters] [rule flags] [--json]", "security review: off-hours, delete bursts, failed logins, new IPs, unusual volume", runFlags},
		{"people", "[filters] [--json]", "dormant people, unknown accounts and leavers still active", runPeople},
		{"history", "REF [--tz ZONE] [--json]", "every event on one record reference, oldest first", runHistory},
		{"saved", "[list | save NAME [filters] | delete NAME] [--json]", "saved reports (run one with --saved NAME)", runSaved},
		{"coverage", "[--json]", "per system, the period the imported files cover and the days no file covers", runCoverage},
		{"purge", "(--before DATE | --all) [--json]", "delete old imported events (retention); the purge is recorded", runPurge},
	}
}

// Run executes args (without the program name) and returns the exit code.
func (a *App) Run(ctx context.Context, args []string) int {
	global := flag.NewFlagSet("trailbook", flag.ContinueOnError)
	global.SetOutput(io.Discard)
	db := global.String("db", "", "workspace file")
	showVersion := global.Bool("version", false, "print the version")
	if err := global.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			a.usage(a.Stdout)
			return ExitOK
		}
		fmt.Fprintf(a.Stderr, "trailbook: %v\n", err)
		a.usage(a.Stderr)
		return ExitUsage
	}
	if *showVersion {
		fmt.Fprintf(a.Stdout, "trailbook %s (commit %s, built %s)\n", a.Version.Version, a.Version.Commit, a.Version.Date)
		return ExitOK
	}
	rest := global.Args()
	if len(rest) == 0 {
		a.usage(a.Stderr)
		return ExitUsage
	}
	name := rest[0]
	if name == "help" {
		a.usage(a.Stdout)
		return ExitOK
	}
	if name == "version" {
		fmt.Fprintf(a.Stdout, "trailbook %s (commit %s, built %s)\n", a.Version.Version, a.Version.Commit, a.Version.Date)
		return ExitOK
	}
	var cmd *command
	for _, c := range commands() {
		if c.name == name {
			c := c
			cmd = &c
		}
	}
	if cmd == nil {
		fmt.Fprintf(a.Stderr, "trailbook: unknown command %q\n", name)
		a.usage(a.Stderr)
		return ExitUsage
	}
	fs := flag.NewFlagSet("trailbook "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	e := &env{fs: fs, db: fs.String("db", *db, "workspace file (default: $TRAILBOOK_DB or the desktop workspace)"), json: fs.Bool("json", false, "print JSON"), raw: rest[1:]}
	err := cmd.run(ctx, a, e)
	var ue usageError
	switch {
	case err == nil:
		return ExitOK
	case errors.Is(err, flag.ErrHelp):
		fmt.Fprintf(a.Stdout, "usage: trailbook %s %s\n\n%s\n\nflags:\n", cmd.name, cmd.args, cmd.help)
		fs.SetOutput(a.Stdout)
		fs.PrintDefaults()
		return ExitOK
	case errors.As(err, &ue):
		fmt.Fprintf(a.Stderr, "trailbook %s: %s\nusage: trailbook %s %s\n", cmd.name, ue.msg, cmd.name, cmd.args)
		return ExitUsage
	case errors.Is(err, errFail):
		return ExitFail
	default:
		fmt.Fprintf(a.Stderr, "trailbook %s: %v\n", cmd.name, workspace.Explain(err))
		return ExitFail
	}
}

// parse parses flags anywhere among the arguments: `import a.csv --json` works too.
func (e *env) parse() error {
	args := e.raw
	var pos []string
	for {
		if err := e.fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return err
			}
			return usageError{err.Error()}
		}
		if e.fs.NArg() == 0 {
			break
		}
		pos = append(pos, e.fs.Arg(0))
		args = e.fs.Args()[1:]
	}
	e.args = pos
	return nil
}

func (a *App) usage(w io.Writer) {
	fmt.Fprintln(w, "usage: trailbook [--db FILE] COMMAND [flags]")
	fmt.Fprintln(w, "       trailbook            (no command) opens the desktop window")
	fmt.Fprintln(w, "\ncommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-9s %s\n            %s\n", c.name, c.args, c.help)
	}
	fmt.Fprintf(w, "\nThe workspace is --db FILE, else $%s, else the desktop app's default workspace.\n", workspace.EnvDB)
}

func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

func sortedKeys(m map[string]int64) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func orDash(s *string) string {
	if s == nil {
		return "-"
	}
	return *s
}

func plural(n int64, word string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, word)
	}
	if strings.HasSuffix(word, "y") {
		return fmt.Sprintf("%d %sies", n, strings.TrimSuffix(word, "y"))
	}
	return fmt.Sprintf("%d %ss", n, word)
}
