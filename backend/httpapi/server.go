// Package httpapi is the browser face of Trailbook (`trailbook serve`): it serves the
// embedded UI and each session method as POST /api/<Method> with a JSON array of
// arguments. It is built for one person on one machine: loopback only unless told
// otherwise, a per-run secret token on every API request, a Host check against DNS
// rebinding, no CORS, and a strict Content-Security-Policy on the page.
package httpapi

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"trailbook/backend/session"
)

// TokenHeader carries the per-run token on API requests.
const TokenHeader = "X-Trailbook-Token"

// Config describes one server.
type Config struct {
	// Addr is host:port to listen on; port 0 picks a free one.
	Addr string
	// AllowRemote permits a non-loopback address. The token is then the only guard.
	AllowRemote bool
	// Workspace is the workspace file opened on first use.
	Workspace string
	// ConfigDir holds the recent-workspaces list ("" is the user's config dir).
	ConfigDir string
	// UI is the built frontend (index.html at its root).
	UI fs.FS
	// Token is the API secret; "" makes a random one.
	Token string
}

// Server is a running `trailbook serve`.
type Server struct {
	token   string
	port    int
	hosts   map[string]bool
	anyHost bool
	ui      fs.FS

	sess    *session.Session
	events  *hub
	uploads *uploads
	http    *http.Server
	ln      net.Listener
	done    chan error

	stopOnce sync.Once
	stopped  chan struct{}
	stopErr  error
}

// Start listens on cfg.Addr and serves until ctx ends or Shutdown is called.
func Start(ctx context.Context, cfg Config) (*Server, error) {
	ln, err := Listen(cfg.Addr, cfg.AllowRemote)
	if err != nil {
		return nil, err
	}
	token := cfg.Token
	if token == "" {
		if token, err = randomToken(); err != nil {
			ln.Close()
			return nil, err
		}
	}
	up, err := newUploads()
	if err != nil {
		ln.Close()
		return nil, err
	}
	s := &Server{token: token, ui: cfg.UI, events: newHub(), uploads: up, ln: ln, done: make(chan error, 1), stopped: make(chan struct{})}
	s.port = ln.Addr().(*net.TCPAddr).Port
	s.hosts = allowedHosts(cfg.Addr, s.port, cfg.AllowRemote)
	s.anyHost = cfg.AllowRemote && unspecifiedHost(cfg.Addr)
	s.sess = session.New(ctx, session.Options{
		Path: cfg.Workspace, ConfigDir: cfg.ConfigDir, Emit: s.events.publish, Resolve: up.resolve,
	})
	s.http = &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go func() { s.done <- s.http.Serve(ln) }()
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		s.Shutdown(sctx)
	}()
	return s, nil
}

// Listen opens the listening socket, refusing a non-loopback address unless allowRemote.
func Listen(addr string, allowRemote bool) (net.Listener, error) {
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("address %q: %w (write it as 127.0.0.1:PORT)", addr, err)
	}
	if !allowRemote && !isLoopback(host) {
		return nil, fmt.Errorf("address %q is reachable from other machines: serve binds to 127.0.0.1, localhost or [::1] only; pass --allow-remote to override", addr)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", addr, err)
	}
	return ln, nil
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func unspecifiedHost(addr string) bool {
	host, _, _ := net.SplitHostPort(addr)
	ip := net.ParseIP(host)
	return host == "" || (ip != nil && ip.IsUnspecified())
}

// allowedHosts are the Host headers a request may carry: the loopback names with the
// bound port; with allowRemote also the configured host.
func allowedHosts(addr string, port int, allowRemote bool) map[string]bool {
	p := strconv.Itoa(port)
	hosts := map[string]bool{"127.0.0.1:" + p: true, "localhost:" + p: true, "[::1]:" + p: true}
	if allowRemote {
		if host, _, err := net.SplitHostPort(addr); err == nil && host != "" {
			hosts[strings.ToLower(net.JoinHostPort(host, p))] = true
		}
	}
	return hosts
}

func randomToken() (string, error) {
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("make a token: %w", err)
	}
	return hex.EncodeToString(b), nil
}

// URL is the address to open in a browser, token included.
func (s *Server) URL() string {
	return fmt.Sprintf("http://127.0.0.1:%d/?token=%s", s.port, s.token)
}

// Addr is the bound address.
func (s *Server) Addr() net.Addr { return s.ln.Addr() }

// Token is the per-run API secret.
func (s *Server) Token() string { return s.token }

// Wait blocks until the server has stopped and closed the workspace.
func (s *Server) Wait() error {
	err := <-s.done
	s.done <- err
	if errors.Is(err, http.ErrServerClosed) {
		<-s.stopped
		return s.stopErr
	}
	return err
}

// Shutdown stops the server: event streams end, running jobs are cancelled, the
// workspace is closed and the uploaded files are removed.
func (s *Server) Shutdown(ctx context.Context) error {
	s.stopOnce.Do(func() {
		s.events.close()
		err := s.http.Shutdown(ctx)
		if cerr := session.Close(s.sess); err == nil {
			err = cerr
		}
		s.uploads.removeAll()
		s.stopErr = err
		close(s.stopped)
	})
	<-s.stopped
	return s.stopErr
}

// Session is the session behind the API (tests drive it directly).
func (s *Server) Session() *session.Session { return s.sess }

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status, b = http.StatusInternalServerError, []byte(`{"error":"encode the answer"}`)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	w.Write(append(b, '\n'))
}

func writeJSONError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}
