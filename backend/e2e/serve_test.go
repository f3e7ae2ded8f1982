package e2e_test

import (
	"bufio"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestServeRefusesRemoteAddress(t *testing.T) {
	db := filepath.Join(t.TempDir(), "w.trailbook")
	_, stderr, code := run(t, db, "serve", "--addr", "0.0.0.0:0")
	if code != 1 || !strings.Contains(stderr, "--allow-remote") {
		t.Fatalf("serve on 0.0.0.0: exit %d, stderr %q", code, stderr)
	}
}

func TestServeAnswersWithTokenAndStopsCleanly(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "w.trailbook")
	cmd := exec.Command(bin, "--db", db, "serve", "--addr", "127.0.0.1:0")
	cmd.Env = append(os.Environ(), "XDG_CONFIG_HOME="+filepath.Join(dir, "config"))
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	defer func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
		}
	}()
	urlRe := regexp.MustCompile(`http://127\.0\.0\.1:\d+/\?token=([0-9a-f]+)`)
	found := make(chan []string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if m := urlRe.FindStringSubmatch(sc.Text()); m != nil {
				found <- m
			}
		}
	}()
	var m []string
	select {
	case m = <-found:
	case <-time.After(15 * time.Second):
		t.Fatal("serve printed no URL")
	}
	base := strings.Split(m[0], "/?")[0]
	req, _ := http.NewRequest(http.MethodPost, base+"/api/Workspace", strings.NewReader("[]"))
	req.Header.Set("X-Trailbook-Token", m[1])
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var info struct {
		Path string `json:"path"`
	}
	json.NewDecoder(res.Body).Decode(&info)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || info.Path != db {
		t.Fatalf("Workspace: HTTP %d, path %q, want %q", res.StatusCode, info.Path, db)
	}
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-exited:
		if err != nil {
			t.Fatalf("serve after Ctrl+C: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop within 10 s of Ctrl+C")
	}
	if _, err := os.Stat(db); err != nil {
		t.Fatalf("workspace: %v", err)
	}
}
