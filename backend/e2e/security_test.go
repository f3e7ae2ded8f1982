//go:build unix

package e2e_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// Secrets a backup panel wrote in clear text into its diff columns.
var secrets = []string{"Hunter2-S3cret!", "AKIA9SECRETKEY77", "tok_live_51Hx"}

func secretFile(t *testing.T, dir string) string {
	t.Helper()
	body := header +
		"2024-02-10 10:00:00,192.0.2.1,admin,UPDATE,users,3,password: Hunter2-S3cret!; role: viewer,password: Hunter2-S3cret!; role: admin\n" +
		"2024-02-10 10:01:00,192.0.2.1,admin,UPDATE,storages,4,api_key: AKIA9SECRETKEY77,api_key: ******\n" +
		"2024-02-10 10:02:00,192.0.2.1,admin,INSERT,servers,5,,token: tok_live_51Hx; name: nas-1\n" +
		// An unreadable date: the row is rejected; its reason must not echo the secret either.
		"not a date,192.0.2.1,admin,UPDATE,users,6,password: Hunter2-S3cret!,password: Hunter2-S3cret!\n"
	p := filepath.Join(dir, "secrets.csv")
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestSecretsStayMasked: passwords, keys and tokens in a backup panel's diff columns
// never appear in any output (import --json, stats, batches, verify) nor anywhere in the
// workspace's bytes, while the change itself is recorded.
func TestSecretsStayMasked(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "w.trailbook")
	file := secretFile(t, dir)
	var outputs []string
	for _, args := range [][]string{{"import", file}, {"import", "--json", file}, {"stats", "--json"}, {"batches", "--json"}, {"verify", "--json"}, {"stats"}, {"batches"}} {
		out, stderr, _ := run(t, db, args...)
		outputs = append(outputs, strings.Join(args, " ")+"\n"+out+stderr)
	}
	raw := readWorkspaceBytes(t, db)
	for _, s := range secrets {
		for _, o := range outputs {
			if strings.Contains(o, s) {
				t.Errorf("secret %q printed by `trailbook %s`", s, strings.SplitN(o, "\n", 2)[0])
			}
		}
		if bytes.Contains(raw, []byte(s)) {
			t.Errorf("secret %q stored in the workspace file", s)
		}
	}
	// The changes are still there, masked.
	changes := sqliteOut(t, db, "SELECT group_concat(changes, ' ') FROM events WHERE system = 'backup-panel'")
	for _, field := range []string{`"password"`, `"api_key"`, `"token"`, `"role"`} {
		if !strings.Contains(changes, field) {
			t.Errorf("the change of %s is not recorded: %s", field, changes)
		}
	}
	if !strings.Contains(changes, "********") {
		t.Errorf("no masked value in the stored changes: %s", changes)
	}
	var res []importResult
	runJSON(t, db, &res, 0, "import", file)
	if res[0].Rejected != 1 {
		t.Errorf("the row with an unreadable date was not rejected: %+v", res[0])
	}
	t.Logf("secrets: %d secrets x %d outputs and %d workspace bytes checked; none found; changes recorded masked", len(secrets), len(outputs), len(raw))
}

// readWorkspaceBytes is every byte of the workspace and any journal beside it.
func readWorkspaceBytes(t *testing.T, db string) []byte {
	t.Helper()
	var all []byte
	for _, p := range []string{db, db + "-wal", db + "-shm"} {
		if b, err := os.ReadFile(p); err == nil {
			all = append(all, b...)
		}
	}
	return all
}

func sqliteOut(t *testing.T, db, q string) string {
	t.Helper()
	out, err := exec.Command("sqlite3", db, q).CombinedOutput()
	if err != nil {
		t.Fatalf("sqlite3: %v\n%s", err, out)
	}
	return string(out)
}

// TestWritesOnlyTheWorkspace runs every command with HOME, TMPDIR and the XDG folders
// pointing at empty folders and the working directory in another: afterwards they are
// still empty, and the workspace folder holds the workspace file alone.
func TestWritesOnlyTheWorkspace(t *testing.T) {
	root := t.TempDir()
	mk := func(name string) string {
		p := filepath.Join(root, name)
		if err := os.Mkdir(p, 0o755); err != nil {
			t.Fatal(err)
		}
		return p
	}
	home, tmp, config, cache, data, state, cwd, wsDir, in := mk("home"), mk("tmp"), mk("config"), mk("cache"), mk("data"), mk("state"), mk("cwd"), mk("ws"), mk("in")
	file := writeBackupPanel(t, in, "a.csv", 3000, 1)
	secretFile(t, in)
	db := filepath.Join(wsDir, "w.trailbook")
	env := []string{"HOME=" + home, "TMPDIR=" + tmp, "XDG_CONFIG_HOME=" + config, "XDG_CACHE_HOME=" + cache,
		"XDG_DATA_HOME=" + data, "XDG_STATE_HOME=" + state, "PATH=" + os.Getenv("PATH"), "TZ=Pacific/Auckland"}
	before := stateOf(t, file)
	commands := [][]string{
		{"import", file}, {"import", "--json", file, filepath.Join(in, "secrets.csv")}, {"stats"}, {"verify"}, {"batches"},
		{"profiles"}, {"purge", "--before", "2024-01-02"}, {"purge", "--all"}, {"import", filepath.Join(in, "missing.csv")},
	}
	for _, args := range commands {
		cmd := exec.Command(bin, append([]string{"--db", db}, args...)...)
		cmd.Env, cmd.Dir = env, cwd
		out, _ := cmd.CombinedOutput()
		_ = out
	}
	for _, d := range []string{home, tmp, config, cache, data, state, cwd} {
		if entries, _ := os.ReadDir(d); len(entries) > 0 {
			var names []string
			for _, e := range entries {
				names = append(names, e.Name())
			}
			t.Errorf("trailbook wrote into %s: %v", filepath.Base(d), names)
		}
	}
	entries, _ := os.ReadDir(wsDir)
	if len(entries) != 1 || entries[0].Name() != "w.trailbook" {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("the workspace folder holds %v, want only w.trailbook", names)
	}
	if stateOf(t, file) != before {
		t.Error("an imported file was modified")
	}
	if ins, _ := os.ReadDir(in); len(ins) != 2 {
		t.Errorf("the input folder now holds %d entries, want 2", len(ins))
	}
	t.Logf("no writes outside the workspace: %d commands, 7 folders checked empty", len(commands))
}

// TestNoNetwork traces every command for socket calls: Trailbook is offline and sends
// no telemetry. Without strace it runs them in a network namespace of their own
// (unshare -n), where any connection attempt would fail the command.
func TestNoNetwork(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "w.trailbook")
	file := writeBackupPanel(t, dir, "a.csv", 500, 1)
	commands := [][]string{{"import", file}, {"stats"}, {"verify"}, {"batches"}, {"profiles"}, {"purge", "--all"}}
	strace, err := exec.LookPath("strace")
	if err != nil {
		unshare, err := exec.LookPath("unshare")
		if err != nil {
			t.Fatal("neither strace nor unshare is installed: cannot check for network use")
		}
		for _, args := range commands {
			cmd := exec.Command(unshare, append([]string{"-n", bin, "--db", db}, args...)...)
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Errorf("trailbook %v without a network: %v\n%s", args, err, out)
			}
		}
		t.Logf("no network: %d commands ran in an empty network namespace (strace not installed)", len(commands))
		return
	}
	inet := regexp.MustCompile(`socket\((AF_INET|AF_INET6|AF_NETLINK|AF_PACKET)`)
	var calls int
	for i, args := range commands {
		trace := filepath.Join(dir, "trace-"+args[0]+string(rune('a'+i)))
		cmd := exec.Command(strace, append([]string{"-f", "-qq", "-e", "trace=socket,connect,sendto,sendmsg", "-o", trace, bin, "--db", db}, args...)...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("strace trailbook %v: %v\n%s", args, err, out)
		}
		b, err := os.ReadFile(trace)
		if err != nil {
			t.Fatal(err)
		}
		calls += bytes.Count(b, []byte("socket("))
		if m := inet.Find(b); m != nil {
			t.Errorf("trailbook %v opened a network socket: %s\n%s", args, m, b)
		}
	}
	// The sockets seen are AF_UNIX, the C library asking nscd for the user name.
	t.Logf("no network: %d commands traced with strace, %d socket() calls, none of a network family", len(commands), calls)
}
