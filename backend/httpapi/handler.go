package httpapi

import (
	"bytes"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"path"
	"reflect"
	"strconv"
	"strings"

	"trailbook/backend/session"
)

// csp allows only the page's own scripts; Mantine sets inline styles, so styles may be inline.
const csp = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
	"font-src 'self' data:; connect-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

const maxCallBody = 1 << 20

// Handler routes every request through the Host check, then to the API or the UI.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/events", s.serveEvents)
	mux.HandleFunc("POST /api/upload", s.requireToken(s.serveUpload))
	mux.HandleFunc("GET /api/download/rejects", s.requireToken(s.serveRejectsCSV))
	mux.HandleFunc("GET /api/download/export", s.requireToken(s.serveExport))
	mux.HandleFunc("POST /api/{method}", s.requireToken(s.serveCall))
	mux.HandleFunc("/", s.serveUI)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Cross-Origin-Resource-Policy", "same-origin")
		if !s.hostAllowed(r.Host) {
			// A page on another name that resolves here (DNS rebinding) is refused outright.
			http.Error(w, "forbidden host "+strconv.Quote(r.Host), http.StatusForbidden)
			return
		}
		if strings.HasPrefix(r.URL.Path, "/api/") {
			h.Set("Cache-Control", "no-store")
		}
		mux.ServeHTTP(w, r)
	})
}

func (s *Server) hostAllowed(host string) bool {
	if s.anyHost {
		return true
	}
	return s.hosts[strings.ToLower(host)]
}

func (s *Server) tokenOK(got string) bool {
	return got != "" && subtle.ConstantTimeCompare([]byte(got), []byte(s.token)) == 1
}

func (s *Server) requireToken(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !s.tokenOK(r.Header.Get(TokenHeader)) {
			writeJSONError(w, http.StatusUnauthorized, "missing or wrong token: open the URL `trailbook serve` printed")
			return
		}
		next(w, r)
	}
}

// serveUI serves the built frontend; every page gets the strict CSP.
func (s *Server) serveUI(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/api/") {
		writeJSONError(w, http.StatusNotFound, "no such API endpoint: "+r.Method+" "+r.URL.Path)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	name := strings.TrimPrefix(path.Clean(r.URL.Path), "/")
	if name == "" {
		name = "index.html"
	}
	b, err := fs.ReadFile(s.ui, name)
	if err != nil {
		if name == "index.html" {
			http.Error(w, "the UI is not built into this binary: run `make build`", http.StatusServiceUnavailable)
			return
		}
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Security-Policy", csp)
	if name == "index.html" {
		w.Header().Set("Cache-Control", "no-store")
	}
	http.ServeContent(w, r, name, serveTime, bytes.NewReader(b))
}

// serveCall runs one session method: the body is the JSON array of its arguments.
func (s *Server) serveCall(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("method")
	m, ok := sessionMethod(s.sess, name)
	if !ok {
		writeJSONError(w, http.StatusNotFound, fmt.Sprintf("no method %q", name))
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxCallBody+1))
	if err != nil || len(body) > maxCallBody {
		writeJSONError(w, http.StatusBadRequest, name+": the request body is too large or unreadable")
		return
	}
	args, err := decodeArgs(m.Type(), body)
	if err != nil {
		writeJSONError(w, http.StatusBadRequest, name+": "+err.Error())
		return
	}
	out := m.Call(args)
	if errV := out[len(out)-1]; !errV.IsNil() {
		writeJSONError(w, http.StatusUnprocessableEntity, errV.Interface().(error).Error())
		return
	}
	if len(out) == 1 {
		writeJSON(w, http.StatusOK, nil)
		return
	}
	writeJSON(w, http.StatusOK, out[0].Interface())
}

var errorType = reflect.TypeFor[error]()

// sessionMethod finds an exported session method with the UI shape: at most one
// argument, results (T, error) or error.
func sessionMethod(sess *session.Session, name string) (reflect.Value, bool) {
	if name == "" || strings.ToUpper(name[:1]) != name[:1] {
		return reflect.Value{}, false
	}
	m := reflect.ValueOf(sess).MethodByName(name)
	if !m.IsValid() {
		return reflect.Value{}, false
	}
	t := m.Type()
	if t.NumIn() > 1 || t.NumOut() < 1 || t.NumOut() > 2 || t.Out(t.NumOut()-1) != errorType {
		return reflect.Value{}, false
	}
	return m, true
}

// SessionMethods lists the methods reachable over the API.
func SessionMethods() []string {
	t := reflect.TypeFor[*session.Session]()
	var out []string
	for i := range t.NumMethod() {
		if _, ok := sessionMethod(&session.Session{}, t.Method(i).Name); ok {
			out = append(out, t.Method(i).Name)
		}
	}
	return out
}

func decodeArgs(t reflect.Type, body []byte) ([]reflect.Value, error) {
	var raw []json.RawMessage
	if len(bytes.TrimSpace(body)) > 0 {
		if err := json.Unmarshal(body, &raw); err != nil {
			return nil, errors.New("the body must be a JSON array of arguments")
		}
	}
	if len(raw) > t.NumIn() {
		return nil, fmt.Errorf("takes %d argument(s), got %d", t.NumIn(), len(raw))
	}
	args := make([]reflect.Value, t.NumIn())
	for i := range args {
		v := reflect.New(t.In(i))
		if i < len(raw) {
			dec := json.NewDecoder(bytes.NewReader(raw[i]))
			dec.DisallowUnknownFields()
			if err := dec.Decode(v.Interface()); err != nil {
				return nil, fmt.Errorf("argument %d: %w", i+1, err)
			}
		}
		args[i] = v.Elem()
	}
	return args, nil
}

// serveRejectsCSV downloads the rejected rows of a batch.
func (s *Server) serveRejectsCSV(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.URL.Query().Get("batch_id"), 10, 64)
	if err != nil {
		writeJSONError(w, http.StatusBadRequest, "rejects: batch_id must be a number")
		return
	}
	var buf bytes.Buffer
	if err := session.WriteRejectsCSV(s.sess, id, &buf); err != nil {
		writeJSONError(w, http.StatusUnprocessableEntity, err.Error())
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="batch-%d-rejects.csv"`, id))
	w.Write(buf.Bytes())
}
