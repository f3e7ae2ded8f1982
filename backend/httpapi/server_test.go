package httpapi_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"trailbook/backend/httpapi"
)

const profiles = "../ingest/testdata/profiles/"

type fixture struct {
	srv  *httpapi.Server
	base string // http://127.0.0.1:PORT
	port string
}

func start(t *testing.T) *fixture {
	t.Helper()
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	srv, err := httpapi.Start(ctx, httpapi.Config{
		Addr:      "127.0.0.1:0",
		Workspace: filepath.Join(dir, "w.trailbook"),
		ConfigDir: filepath.Join(dir, "config"),
		UI:        fstest.MapFS{"index.html": {Data: []byte("<!doctype html><title>Trailbook</title>")}, "assets/app.js": {Data: []byte("1")}},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cancel()
		if err := srv.Wait(); err != nil {
			t.Errorf("server stop: %v", err)
		}
	})
	_, port, _ := net.SplitHostPort(srv.Addr().String())
	return &fixture{srv: srv, base: "http://127.0.0.1:" + port, port: port}
}

// call POSTs a method with the token; host overrides the Host header when not "".
func (f *fixture) call(t *testing.T, method string, token, host string, args ...any) (int, []byte, http.Header) {
	t.Helper()
	if args == nil {
		args = []any{}
	}
	body, _ := json.Marshal(args)
	req, _ := http.NewRequest(http.MethodPost, f.base+"/api/"+method, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set(httpapi.TokenHeader, token)
	}
	if host != "" {
		req.Host = host
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, b, res.Header
}

func (f *fixture) ok(t *testing.T, method string, out any, args ...any) {
	t.Helper()
	code, b, _ := f.call(t, method, f.srv.Token(), "", args...)
	if code != http.StatusOK {
		t.Fatalf("%s: HTTP %d %s", method, code, b)
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			t.Fatalf("%s: %v in %s", method, err, b)
		}
	}
}

func TestToken(t *testing.T) {
	f := start(t)
	for _, tc := range []struct {
		name, token string
		want        int
	}{
		{"none", "", http.StatusUnauthorized},
		{"wrong", "not-the-token", http.StatusUnauthorized},
		{"prefix", f.srv.Token()[:10], http.StatusUnauthorized},
		{"right", f.srv.Token(), http.StatusOK},
	} {
		code, body, _ := f.call(t, "Workspace", tc.token, "")
		if code != tc.want {
			t.Errorf("%s token: HTTP %d %s, want %d", tc.name, code, body, tc.want)
		}
	}
	if !strings.Contains(f.srv.URL(), "?token="+f.srv.Token()) || !strings.HasPrefix(f.srv.URL(), f.base+"/") {
		t.Errorf("URL %s does not carry the token", f.srv.URL())
	}
	// Two servers never share a token.
	if g := start(t); g.srv.Token() == f.srv.Token() || len(f.srv.Token()) < 32 {
		t.Errorf("tokens %q and %q", f.srv.Token(), g.srv.Token())
	}
	// Uploads, downloads and events need the token too.
	for _, u := range []string{"/api/upload?name=a.csv", "/api/download/rejects?batch_id=1", "/api/events"} {
		method := http.MethodGet
		if strings.Contains(u, "upload") {
			method = http.MethodPost
		}
		req, _ := http.NewRequest(method, f.base+u, strings.NewReader("x"))
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusUnauthorized {
			t.Errorf("%s %s without token: HTTP %d", method, u, res.StatusCode)
		}
	}
}

func TestHostHeader(t *testing.T) {
	f := start(t)
	for host, want := range map[string]int{
		"127.0.0.1:" + f.port:        http.StatusOK,
		"localhost:" + f.port:        http.StatusOK,
		"LOCALHOST:" + f.port:        http.StatusOK,
		"[::1]:" + f.port:            http.StatusOK,
		"attacker.example:" + f.port: http.StatusForbidden,
		"attacker.example":           http.StatusForbidden,
		"127.0.0.1":                  http.StatusForbidden,
		"127.0.0.1:1":                http.StatusForbidden,
		"localhost.attacker.example": http.StatusForbidden,
	} {
		code, body, _ := f.call(t, "Workspace", f.srv.Token(), host)
		if code != want {
			t.Errorf("Host %q: HTTP %d %s, want %d", host, code, body, want)
		}
	}
	// The page itself is refused on a foreign name too.
	req, _ := http.NewRequest(http.MethodGet, f.base+"/", nil)
	req.Host = "rebound.example:" + f.port
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("page on a foreign Host: HTTP %d", res.StatusCode)
	}
}

func TestLoopbackOnly(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:0", ":0", "[::]:0", "192.0.2.10:0", "example.com:0"} {
		if ln, err := httpapi.Listen(addr, false); err == nil {
			ln.Close()
			t.Errorf("listening on %s was allowed", addr)
		} else if !strings.Contains(err.Error(), "--allow-remote") {
			t.Errorf("%s: error %q does not say how to override", addr, err)
		}
	}
	for _, addr := range []string{"127.0.0.1:0", "localhost:0"} {
		ln, err := httpapi.Listen(addr, false)
		if err != nil {
			t.Errorf("%s: %v", addr, err)
			continue
		}
		ln.Close()
	}
	ln, err := httpapi.Listen("0.0.0.0:0", true)
	if err != nil {
		t.Fatalf("--allow-remote: %v", err)
	}
	ln.Close()
}

func TestNoCORSAndCSP(t *testing.T) {
	f := start(t)
	for _, method := range []string{http.MethodOptions, http.MethodPost} {
		req, _ := http.NewRequest(method, f.base+"/api/Workspace", strings.NewReader("[]"))
		req.Header.Set("Origin", "http://attacker.example")
		req.Header.Set("Access-Control-Request-Method", "POST")
		req.Header.Set("Access-Control-Request-Headers", httpapi.TokenHeader)
		req.Header.Set(httpapi.TokenHeader, f.srv.Token())
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		for k := range res.Header {
			if strings.HasPrefix(strings.ToLower(k), "access-control-") {
				t.Errorf("%s: CORS header %s: %s", method, k, res.Header.Get(k))
			}
		}
		if method == http.MethodOptions && res.StatusCode < 400 {
			t.Errorf("preflight answered %d", res.StatusCode)
		}
	}
	res, err := http.Get(f.base + "/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	csp := res.Header.Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'none'", "script-src 'self'", "frame-ancestors 'none'", "connect-src 'self'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP %q lacks %q", csp, want)
		}
	}
	if strings.Contains(csp, "unsafe-eval") || strings.Contains(strings.SplitN(csp, "style-src", 2)[0], "unsafe-inline") {
		t.Errorf("CSP allows inline or eval scripts: %q", csp)
	}
	if !strings.Contains(string(body), "<title>Trailbook</title>") || res.Header.Get("Referrer-Policy") != "no-referrer" {
		t.Errorf("page: %s, headers %v", body, res.Header)
	}
	if res, _ := http.Get(f.base + "/assets/missing.js"); res.StatusCode != http.StatusNotFound {
		t.Errorf("missing asset: HTTP %d", res.StatusCode)
	}
}

// sse reads server-sent events into a channel of "name data" strings.
func sse(t *testing.T, f *fixture) <-chan string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, f.base+"/api/events?token="+f.srv.Token(), nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "text/event-stream" {
		t.Fatalf("events: HTTP %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	out := make(chan string, 256)
	ready := make(chan struct{})
	go func() {
		defer res.Body.Close()
		defer close(out)
		sc := bufio.NewScanner(res.Body)
		name := ""
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == ": ready":
				close(ready)
			case strings.HasPrefix(line, "event: "):
				name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				out <- name + " " + strings.TrimPrefix(line, "data: ")
			}
		}
	}()
	select {
	case <-ready:
	case <-time.After(5 * time.Second):
		t.Fatal("the event stream did not start")
	}
	return out
}

func upload(t *testing.T, f *fixture, path, name string) map[string]any {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodPost, f.base+"/api/upload?name="+name, bytes.NewReader(b))
	req.Header.Set(httpapi.TokenHeader, f.srv.Token())
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var up map[string]any
	json.NewDecoder(res.Body).Decode(&up)
	if res.StatusCode != http.StatusOK || up["size"] != float64(len(b)) {
		t.Fatalf("upload %s: HTTP %d %v", name, res.StatusCode, up)
	}
	return up
}

func TestUploadImportProgressRejects(t *testing.T) {
	f := start(t)
	events := sse(t, f)
	up := upload(t, f, profiles+"2checkout/odd-rows.csv", "June%20refunds.csv")
	ref := up["path"].(string)
	if up["name"] != "June refunds.csv" || !strings.HasPrefix(ref, "upload:") {
		t.Fatalf("upload answer %v", up)
	}
	var plans []map[string]any
	f.ok(t, "Inspect", &plans, map[string]any{"paths": []string{ref}})
	if plans[0]["profile"] != "2checkout" || plans[0]["path"] != ref || plans[0]["needs_zone"] != true {
		t.Fatalf("plan %v", plans[0])
	}
	var results []map[string]any
	f.ok(t, "Import", &results, map[string]any{"job_id": "web-1", "files": []map[string]string{{"path": ref, "tz": "Europe/Bucharest"}}})
	r := results[0]
	if r["error"] != nil && r["error"] != "" {
		t.Fatalf("import: %v", r["error"])
	}
	if r["file"] != "June refunds.csv" || r["rejected"] != float64(6) || r["path"] != ref {
		t.Fatalf("result %v", r)
	}
	// Progress arrived over SSE, for this job.
	select {
	case ev := <-events:
		if !strings.HasPrefix(ev, "import:progress {") || !strings.Contains(ev, `"job_id":"web-1"`) {
			t.Fatalf("event %q", ev)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no progress event")
	}
	var batches []map[string]any
	f.ok(t, "Batches", &batches)
	if len(batches) != 1 || batches[0]["file_name"] != "June refunds.csv" || len(batches[0]["sha256"].(string)) != 64 {
		t.Fatalf("batches %v", batches)
	}
	id := batches[0]["id"].(float64)
	req, _ := http.NewRequest(http.MethodGet, fmt.Sprintf("%s/api/download/rejects?batch_id=%d", f.base, int(id)), nil)
	req.Header.Set(httpapi.TokenHeader, f.srv.Token())
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(res.Body).ReadAll()
	res.Body.Close()
	if err != nil || res.StatusCode != http.StatusOK || !strings.Contains(res.Header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("rejects download: HTTP %d %v", res.StatusCode, err)
	}
	rejected := 0
	for _, row := range rows[1:] {
		if row[2] == "rejected" {
			rejected++
		}
	}
	if rejected != 6 || rows[1][0] != "June refunds.csv" {
		t.Fatalf("rejects CSV: %v", rows)
	}
}

func TestServerPathsAreRefused(t *testing.T) {
	f := start(t)
	code, body, _ := f.call(t, "Inspect", f.srv.Token(), "", map[string]any{"paths": []string{"/etc/passwd"}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(string(body), "not an uploaded file") {
		t.Fatalf("Inspect of a server path: HTTP %d %s", code, body)
	}
	code, body, _ = f.call(t, "Import", f.srv.Token(), "", map[string]any{"job_id": "x", "files": []map[string]string{{"path": "upload:feedbeef"}}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(string(body), "unknown") {
		t.Fatalf("Import of an unknown upload: HTTP %d %s", code, body)
	}
	for _, name := range []string{"", "..", "/"} {
		req, _ := http.NewRequest(http.MethodPost, f.base+"/api/upload?name="+name, strings.NewReader("x"))
		req.Header.Set(httpapi.TokenHeader, f.srv.Token())
		res, _ := http.DefaultClient.Do(req)
		res.Body.Close()
		if res.StatusCode != http.StatusBadRequest {
			t.Errorf("upload named %q: HTTP %d", name, res.StatusCode)
		}
	}
}

func TestEverySessionMethodIsReachable(t *testing.T) {
	f := start(t)
	methods := httpapi.SessionMethods()
	for _, want := range []string{"Workspace", "OpenWorkspace", "CreateWorkspace", "RecentWorkspaces", "Batches", "Rejects",
		"Profiles", "Inspect", "Import", "CancelJob", "Verify", "Retention", "SetRetention", "PlanPurge", "Purge",
		"SuggestMapping", "PreviewImport", "SaveMappedProfile", "ExportProfile", "ImportProfile", "DeleteProfile", "Coverage"} {
		if !slices.Contains(methods, want) {
			t.Errorf("%s is not reachable over HTTP (have %v)", want, methods)
		}
	}
	for _, m := range methods {
		code, body, _ := f.call(t, m, f.srv.Token(), "")
		// With no arguments a method either answers or explains what it needs; never 404 or 400.
		if code != http.StatusOK && code != http.StatusUnprocessableEntity {
			t.Errorf("%s: HTTP %d %s", m, code, body)
		}
		var v any
		if err := json.Unmarshal(body, &v); err != nil {
			t.Errorf("%s: the answer is not JSON: %s", m, body)
		}
	}
	if code, _, _ := f.call(t, "NoSuchMethod", f.srv.Token(), ""); code != http.StatusNotFound {
		t.Errorf("unknown method: HTTP %d", code)
	}
	if code, body, _ := f.call(t, "Rejects", f.srv.Token(), "", map[string]any{"batch": 1}); code != http.StatusBadRequest {
		t.Errorf("unknown field: HTTP %d %s", code, body)
	}
	if code, _, _ := f.call(t, "Verify", f.srv.Token(), "", 1, 2); code != http.StatusBadRequest {
		t.Errorf("too many arguments: HTTP %d", code)
	}
	var verify map[string]any
	f.ok(t, "Verify", &verify)
	if verify["ok"] != true {
		t.Errorf("verify of a new workspace: %v", verify)
	}
}

func TestPurgeOverHTTPNeedsConfirmation(t *testing.T) {
	f := start(t)
	up := upload(t, f, profiles+"backup-panel/basic.csv", "panel.csv")
	var results []map[string]any
	f.ok(t, "Import", &results, map[string]any{"job_id": "p", "files": []map[string]string{{"path": up["path"].(string)}}})
	inserted := results[0]["inserted"].(float64)
	if inserted == 0 {
		t.Fatalf("nothing imported: %v", results[0])
	}
	before := map[string]any{"before_utc": "2100-01-01T00:00:00Z"}
	var plan map[string]any
	f.ok(t, "PlanPurge", &plan, before)
	if plan["events"] != inserted {
		t.Fatalf("plan %v, want %v events", plan, inserted)
	}
	if code, body, _ := f.call(t, "Purge", f.srv.Token(), "", before); code != http.StatusUnprocessableEntity {
		t.Fatalf("unconfirmed purge: HTTP %d %s", code, body)
	}
	var done map[string]any
	f.ok(t, "Purge", &done, map[string]any{"before_utc": "2100-01-01T00:00:00Z", "confirm": true})
	if done["deleted"] != inserted {
		t.Fatalf("purge %v", done)
	}
}
