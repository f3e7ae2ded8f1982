package workspace

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"trailbook/backend/activity"
	"trailbook/backend/ingest"
	"trailbook/backend/store"
)

const (
	activityKindVerify = activity.KindExecute
	progressEvery      = 100 * time.Millisecond
	chunkSize          = 512
	// maxListedRejects bounds the rejects carried in a result (all of them are stored in the
	// workspace), so a file of bad rows cannot grow memory.
	maxListedRejects = 1000
)

// FilePlan is what Trailbook learned about a file before importing it.
type FilePlan struct {
	Path        string   `json:"path"`
	File        string   `json:"file"`
	Size        int64    `json:"size"`
	Encoding    string   `json:"encoding"`
	Delimiter   string   `json:"delimiter"`
	Header      []string `json:"header"`
	Candidates  []string `json:"candidates"`
	Profile     string   `json:"profile"`
	NeedsZone   bool     `json:"needs_zone"`
	DefaultZone string   `json:"default_zone"`
	Error       string   `json:"error"`
}

// Inspect sniffs each file and finds the profiles that fit it.
func (w *Workspace) Inspect(paths []string) []FilePlan {
	out := make([]FilePlan, 0, len(paths))
	for _, p := range paths {
		plan := FilePlan{Path: p, File: filepath.Base(p), Header: []string{}, Candidates: []string{}}
		src, err := w.profiles.Sniff(p)
		if err != nil {
			plan.Error = err.Error()
			out = append(out, plan)
			continue
		}
		plan.Size, plan.Encoding, plan.Delimiter, plan.Header = src.Size, src.Encoding, delimName(src.Delimiter), src.Header
		for _, c := range w.profiles.Detect(src) {
			plan.Candidates = append(plan.Candidates, c.ID)
		}
		if len(plan.Candidates) == 1 {
			plan.Profile = plan.Candidates[0]
			p, _ := w.profiles.Get(plan.Profile)
			plan.NeedsZone, plan.DefaultZone = p.NeedsZone(), p.DefaultZone()
		}
		out = append(out, plan)
	}
	return out
}

func delimName(r rune) string {
	switch r {
	case '\t':
		return "tab"
	case 0:
		return ""
	}
	return string(r)
}

// ImportFile names one file to import; Profile and Zone may be empty (detect, profile default).
type ImportFile struct {
	Path    string `json:"path"`
	Profile string `json:"profile"`
	Zone    string `json:"tz"`
	// Map, when set, reads the file through these field -> column choices instead of a
	// profile (see ingest.Mapping); DateLayout and DateOrder go with it.
	Map        map[string]string `json:"map,omitempty"`
	DateLayout string            `json:"date_layout,omitempty"`
	DateOrder  string            `json:"date_order,omitempty"`
	// SaveProfile names the mapping and saves it as a workspace profile after the import.
	SaveProfile string `json:"save_profile,omitempty"`
}

// ImportResult is the outcome of importing one file. Its JSON form is the contract of
// `trailbook import --json`.
type ImportResult struct {
	File       string   `json:"file"`
	Path       string   `json:"path"`
	BatchID    int64    `json:"batch_id,omitempty"`
	Size       int64    `json:"size"`
	SHA256     string   `json:"sha256"`
	Profile    string   `json:"profile"`
	SourceZone string   `json:"source_zone"`
	Rows       int64    `json:"rows"`
	Inserted   int64    `json:"inserted"`
	Duplicates int64    `json:"duplicates"`
	Rejected   int64    `json:"rejected"`
	Skipped    int64    `json:"skipped"`
	People     int64    `json:"people"`
	Rejects    []Reject `json:"rejects"`
	FirstUTC   *string  `json:"first_utc"`
	LastUTC    *string  `json:"last_utc"`
	Warnings   []string `json:"warnings"`
	Error      string   `json:"error,omitempty"`
	DurationMS int64    `json:"duration_ms"`
	// SavedProfile is the id the mapping was saved under (--save-profile), if it was.
	SavedProfile string `json:"saved_profile,omitempty"`
}

// Progress reports a running import.
type Progress struct {
	File       string `json:"file"`
	FileIndex  int    `json:"file_index"`
	Files      int    `json:"files"`
	Bytes      int64  `json:"bytes"`
	TotalBytes int64  `json:"total_bytes"`
	Rows       int64  `json:"rows"`
	// Stage is "reading" while rows are read and written, then "indexing" while
	// the file's events are indexed for search and committed, then "done".
	Stage string `json:"stage"`
}

// Stages of a file's import, as Progress reports them.
const (
	StageReading  = "reading"
	StageIndexing = "indexing"
	StageDone     = "done"
)

// Import imports each file in its own transaction: a file either lands whole or not at
// all. A failed file does not stop the others; its result carries the error.
// progress, when not nil, is called at most every 100 ms.
func (w *Workspace) Import(ctx context.Context, files []ImportFile, progress func(Progress)) []ImportResult {
	results := make([]ImportResult, 0, len(files))
	for i, f := range files {
		start := time.Now()
		res := ImportResult{File: filepath.Base(f.Path), Path: f.Path, Rejects: []Reject{}, Warnings: []string{}}
		if err := w.importFile(ctx, f, &res, func(bytes, total, rows int64, stage string) {
			if progress != nil {
				progress(Progress{File: res.File, FileIndex: i, Files: len(files), Bytes: bytes, TotalBytes: total, Rows: rows, Stage: stage})
			}
		}); err != nil {
			err = store.Explain(err)
			res.Error = err.Error()
			// A busy, damaged, read-only or full workspace cannot take the record either.
			if !errors.Is(err, store.ErrBusy) && !errors.Is(err, store.ErrDamaged) &&
				!errors.Is(err, store.ErrReadOnly) && !errors.Is(err, store.ErrDiskFull) {
				w.recordFailure(res)
			}
		}
		res.DurationMS = time.Since(start).Milliseconds()
		results = append(results, res)
	}
	w.refreshRollups(ctx, results)
	return results
}

func (w *Workspace) recordFailure(res ImportResult) {
	// The failed attempt is auditable too. Use a fresh context: the import's may be cancelled.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, _ = w.store.AppendOwn(ctx, "import_failed", activity.KindOther,
		fmt.Sprintf("import of %s failed: %s", res.File, res.Error),
		map[string]string{"file": res.File, "sha256": res.SHA256, "profile": res.Profile, "error": res.Error})
}

func (w *Workspace) importFile(ctx context.Context, f ImportFile, res *ImportResult, progress func(bytes, total, rows int64, stage string)) error {
	before, err := os.Stat(f.Path)
	if err != nil {
		return fmt.Errorf("open %s: %w", f.Path, err)
	}
	size, sum, err := fileDigest(f.Path)
	if err != nil {
		return err
	}
	res.Size, res.SHA256 = size, sum
	if size == 0 {
		return fmt.Errorf("%s is empty: export the activity again and check the file was fully downloaded", res.File)
	}
	src, err := w.profiles.Sniff(f.Path)
	if err != nil {
		return err
	}
	prof, err := w.profileFor(src, f)
	if err != nil {
		return err
	}
	res.Profile = prof.ID
	var loc *time.Location
	if f.Zone != "" {
		if loc, err = time.LoadLocation(f.Zone); err != nil {
			return fmt.Errorf("unknown time zone %q: use an IANA name such as Europe/Bucharest or UTC", f.Zone)
		}
	}
	rd, err := ingest.Open(src, prof, ingest.Options{Zone: loc, DateOrder: f.DateOrder})
	if err != nil {
		return err
	}
	defer rd.Close()
	res.SourceZone = prof.DefaultZone()
	if loc != nil {
		res.SourceZone = loc.String()
	}
	im, err := w.store.BeginImport(ctx, store.BatchInfo{
		FileName: res.File, Size: size, SHA256: sum, Profile: prof.ID, System: prof.System,
		SourceZone: res.SourceZone, ImportedBy: w.user, Header: src.Header,
	})
	if err != nil {
		return fmt.Errorf("start import: %w", err)
	}
	defer im.Rollback()

	rctx, stopReading := context.WithCancel(ctx)
	chunks, readErr := readChunks(rctx, rd)
	defer func() {
		// Stop the reader and wait for it before the deferred Close of the file.
		stopReading()
		for range chunks {
		}
	}()
	var rows int64
	last := time.Now()
	for chunk := range chunks {
		for _, rec := range chunk {
			switch {
			case rec.Reject != nil:
				rows++
				im.Reject(rec.Reject.Line, rec.Reject.Column, rec.Reject.Reason)
				if len(res.Rejects) < maxListedRejects {
					res.Rejects = append(res.Rejects, Reject{Line: rec.Reject.Line, Column: rec.Reject.Column, Reason: rec.Reject.Reason})
				}
			case rec.Skip != "":
				im.Skip(rec.Line, rec.Skip)
			case rec.Event != nil:
				rows++
				if err := im.Add(ctx, rec.Event); err != nil {
					return fmt.Errorf("%s:%d: %w", res.File, rec.Line, err)
				}
			case rec.Person != nil:
				rows++
				if err := im.AddPerson(ctx, rec.Person); err != nil {
					return fmt.Errorf("%s:%d: %w", res.File, rec.Line, err)
				}
			}
		}
		if now := time.Now(); now.Sub(last) >= progressEvery {
			last = now
			progress(rd.BytesRead(), size, rows, StageReading)
		}
	}
	if err := <-readErr; err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("import cancelled; the workspace is unchanged: %w", err)
	}
	// The batch records the file's size and SHA-256: they must describe the bytes read.
	if err := unchanged(f.Path, before, size); err != nil {
		return err
	}
	warnings := rd.Warnings()
	progress(size, size, rows, StageIndexing)
	br, err := im.Commit(ctx, warnings)
	if err != nil {
		return fmt.Errorf("finish import: %w", err)
	}
	progress(size, size, rows, StageDone)
	res.BatchID = br.BatchID
	res.Rows, res.Inserted, res.Duplicates, res.Rejected, res.Skipped, res.People =
		br.Rows, br.Inserted, br.Duplicates, br.Rejected, br.Skipped, br.People
	res.FirstUTC, res.LastUTC = utcPtr(br.First), utcPtr(br.Last)
	if warnings != nil {
		res.Warnings = warnings
	}
	if f.SaveProfile != "" {
		// The data is in; a profile that cannot be saved is worth a warning, not a rollback.
		if err := w.saveProfile(ctx, prof); err != nil {
			res.Warnings = append(res.Warnings, "the mapping was not saved as a profile: "+err.Error())
		} else {
			res.SavedProfile = prof.ID
		}
	}
	return nil
}

// readChunks reads records on a goroutine of its own so that parsing and writing use both
// cores. The error channel yields the read error (nil at a clean end) once chunks is closed.
func readChunks(ctx context.Context, rd *ingest.Reader) (<-chan []*ingest.Record, <-chan error) {
	chunks := make(chan []*ingest.Record, 4)
	errc := make(chan error, 1)
	go func() {
		defer close(errc)
		defer close(chunks)
		chunk := make([]*ingest.Record, 0, chunkSize)
		for {
			rec, err := rd.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				errc <- err
				return
			}
			chunk = append(chunk, rec)
			if len(chunk) == chunkSize {
				select {
				case chunks <- chunk:
				case <-ctx.Done():
					errc <- fmt.Errorf("import cancelled; the workspace is unchanged: %w", ctx.Err())
					return
				}
				chunk = make([]*ingest.Record, 0, chunkSize)
			}
		}
		if len(chunk) > 0 {
			select {
			case chunks <- chunk:
			case <-ctx.Done():
				errc <- fmt.Errorf("import cancelled; the workspace is unchanged: %w", ctx.Err())
				return
			}
		}
		errc <- nil
	}()
	return chunks, errc
}

func (w *Workspace) chooseProfile(src *ingest.Source, id string) (*ingest.Profile, error) {
	if id != "" {
		p, ok := w.profiles.Get(id)
		if !ok {
			return nil, fmt.Errorf("unknown profile %q: run `trailbook profiles` to list them", id)
		}
		return p, nil
	}
	cands := w.profiles.Detect(src)
	switch len(cands) {
	case 1:
		return cands[0], nil
	case 0:
		return nil, fmt.Errorf("%s: no profile recognises the header [%s]; pick one with --profile ID (see `trailbook profiles`)",
			filepath.Base(src.Path), strings.Join(src.Header, ", "))
	default:
		ids := make([]string, len(cands))
		for i, c := range cands {
			ids[i] = c.ID
		}
		return nil, fmt.Errorf("%s: several profiles fit this header (%s); pick one with --profile ID",
			filepath.Base(src.Path), strings.Join(ids, ", "))
	}
}

func fileDigest(path string) (int64, string, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, "", fmt.Errorf("open %s: %w", path, err)
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return 0, "", fmt.Errorf("read %s: %w", path, err)
	}
	return n, hex.EncodeToString(h.Sum(nil)), nil
}

// unchanged fails when the file at path is no longer the one that was hashed: an export
// still being written or downloaded.
func unchanged(path string, before os.FileInfo, hashed int64) error {
	now, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf("%s: %w", filepath.Base(path), err)
	}
	if now.Size() != hashed || before.Size() != hashed || !now.ModTime().Equal(before.ModTime()) {
		return fmt.Errorf("%s changed while being read (%d bytes when hashed, %d now): wait until it is completely written or downloaded, then import it again",
			filepath.Base(path), hashed, now.Size())
	}
	return nil
}
