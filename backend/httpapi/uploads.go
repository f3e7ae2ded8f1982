package httpapi

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// uploadPrefix marks a file reference that names an upload, e.g. "upload:3f2a...".
const uploadPrefix = "upload:"

// maxUpload bounds one uploaded file (a year of activity is far below it).
const maxUpload = 4 << 30

// serveTime is the modification time given to embedded UI files.
var serveTime = time.Unix(0, 0)

// uploads keeps browser uploads in a temp folder the server owns: one folder per
// upload holding the file under its original name, so that the batch records it.
type uploads struct {
	dir   string
	mu    sync.Mutex
	files map[string]string // id -> path
}

func newUploads() (*uploads, error) {
	dir, err := os.MkdirTemp("", "trailbook-uploads-")
	if err != nil {
		return nil, fmt.Errorf("make the upload folder: %w", err)
	}
	return &uploads{dir: dir, files: map[string]string{}}, nil
}

func (u *uploads) removeAll() { os.RemoveAll(u.dir) }

// resolve maps an upload reference to its file. Serve mode imports only uploads:
// a browser page never names files on the server's disk.
func (u *uploads) resolve(ref string) (string, error) {
	id, ok := strings.CutPrefix(ref, uploadPrefix)
	if !ok {
		return "", fmt.Errorf("%q is not an uploaded file: in the browser, add files by uploading them", ref)
	}
	u.mu.Lock()
	defer u.mu.Unlock()
	p, ok := u.files[id]
	if !ok {
		return "", fmt.Errorf("upload %q is unknown (the server may have restarted): upload the file again", id)
	}
	return p, nil
}

// Upload is the answer to POST /api/upload.
type Upload struct {
	Path string `json:"path"` // the reference to pass to Inspect and Import
	Name string `json:"name"`
	Size int64  `json:"size"`
}

func cleanName(name string) (string, error) {
	name = strings.TrimSpace(filepath.Base(strings.ReplaceAll(name, "\\", "/")))
	if name == "" || name == "." || name == "/" || name == ".." || strings.ContainsRune(name, 0) {
		return "", errors.New("upload: give the file name in ?name=")
	}
	return name, nil
}

// serveUpload stores the request body as a file; ?name= is the original file name.
func (s *Server) serveUpload(w http.ResponseWriter, r *http.Request) {
	name, err := cleanName(r.URL.Query().Get("name"))
	if err != nil {
		writeJSONError(w, http.StatusBadRequest, err.Error())
		return
	}
	id, err := randomToken()
	if err != nil {
		writeJSONError(w, http.StatusInternalServerError, err.Error())
		return
	}
	id = id[:16]
	dir := filepath.Join(s.uploads.dir, id)
	if err := os.Mkdir(dir, 0o700); err != nil {
		writeJSONError(w, http.StatusInternalServerError, "upload: "+err.Error())
		return
	}
	p := filepath.Join(dir, name)
	n, err := saveFile(p, http.MaxBytesReader(w, r.Body, maxUpload))
	if err != nil {
		os.RemoveAll(dir)
		writeJSONError(w, http.StatusBadRequest, fmt.Sprintf("upload %s: %v", name, err))
		return
	}
	s.uploads.mu.Lock()
	s.uploads.files[id] = p
	s.uploads.mu.Unlock()
	writeJSON(w, http.StatusOK, Upload{Path: uploadPrefix + id, Name: name, Size: n})
}

func saveFile(p string, r io.Reader) (int64, error) {
	f, err := os.OpenFile(p, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return 0, err
	}
	n, err := io.Copy(f, r)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return n, err
}
