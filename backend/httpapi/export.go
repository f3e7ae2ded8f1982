package httpapi

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"trailbook/backend/report"
	"trailbook/backend/session"
)

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// serveExport runs an export job (progress over the event stream, CancelJob stops it) into
// a temp file and sends that file as a download: the browser's stand-in for the desktop's
// save dialog. Query: job_id, format (csv|xlsx), title, spec (the report spec as JSON).
func (s *Server) serveExport(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	var spec report.Spec
	if raw := q.Get("spec"); raw != "" {
		if err := json.Unmarshal([]byte(raw), &spec); err != nil {
			writeJSONError(w, http.StatusBadRequest, "export: the spec is not valid JSON: "+err.Error())
			return
		}
	}
	format := q.Get("format")
	dir, err := os.MkdirTemp("", "trailbook-export-")
	if err != nil {
		writeJSONError(w, http.StatusInternalServerError, "export: "+err.Error())
		return
	}
	defer os.RemoveAll(dir)
	title := strings.TrimSpace(q.Get("title"))
	name := unsafeName.ReplaceAllString(title, "-")
	name = strings.Trim(name, "-.")
	if name == "" {
		name = "trailbook-report"
	}
	name = fmt.Sprintf("%s-%s.%s", name, time.Now().Format("20060102-150405"), format)
	path := filepath.Join(dir, name)
	res, err := s.sess.Export(session.ExportParams{JobID: q.Get("job_id"), Spec: spec, Format: format, Title: title, Path: path})
	if err != nil {
		writeJSONError(w, http.StatusUnprocessableEntity, err.Error())
		return
	}
	f, err := os.Open(res.Path)
	if err != nil {
		writeJSONError(w, http.StatusInternalServerError, "export: "+err.Error())
		return
	}
	defer f.Close()
	ctype := "text/csv; charset=utf-8"
	if format == "xlsx" {
		ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s"`, name))
	w.Header().Set("X-Trailbook-Rows", fmt.Sprint(res.Rows))
	w.Header().Set("X-Trailbook-Sha256", res.SHA256)
	http.ServeContent(w, r, name, time.Now(), f)
}
