package workspace

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"trailbook/backend/ingest"
	"trailbook/backend/store"
)

// previewRows is how many rows a preview shows unless asked otherwise.
const previewRows = 10

// profileFor is the profile a file is read with: one built from its mapping, the named
// one, or the one that recognises its header.
func (w *Workspace) profileFor(src *ingest.Source, f ImportFile) (*ingest.Profile, error) {
	if len(f.Map) == 0 {
		if f.SaveProfile != "" {
			return nil, errors.New("--save-profile saves a mapping: give the columns with --map FIELD=COLUMN")
		}
		return w.chooseProfile(src, f.Profile)
	}
	if f.Profile != "" {
		return nil, errors.New("give either a profile or a column mapping, not both")
	}
	name := f.SaveProfile
	if name == "" {
		// An unsaved mapping still needs a system name: the file's, without extension.
		name = strings.TrimSuffix(filepath.Base(src.Path), filepath.Ext(src.Path))
	}
	header, rows, err := ingest.SampleRows(src, 200)
	if err != nil {
		return nil, err
	}
	if f.DateOrder == "" && f.DateLayout == "" {
		// Save the order the data proves, so a later file of ambiguous dates reads the same.
		if s := ingest.Suggest(header, rows); s.Map["time"] != "" && strings.EqualFold(s.Map["time"], f.Map["time"]) {
			f.DateOrder = s.DateOrder
		}
	}
	var times []string
	h := src.Header
	if col, ok := f.Map["time"]; ok {
		for i, name := range h {
			if strings.EqualFold(strings.TrimSpace(name), strings.TrimSpace(col)) {
				for _, r := range rows {
					if i < len(r) {
						times = append(times, r[i])
					}
				}
			}
		}
	}
	p, err := ingest.ProfileFromMapping(src.Header, ingest.Mapping{
		Fields: f.Map, DateLayout: f.DateLayout, DateOrder: f.DateOrder, Zone: f.Zone, Name: name,
	}, times)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Base(src.Path), err)
	}
	if f.SaveProfile != "" {
		if err := checkSavable(p.ID); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// checkSavable refuses ids of built-in profiles: a saved profile must not shadow one.
func checkSavable(id string) error {
	builtin, err := ingest.Builtin()
	if err != nil {
		return err
	}
	if _, ok := builtin.Get(id); ok {
		return fmt.Errorf("profile id %q is a built-in profile; choose another name", id)
	}
	return nil
}

// saveProfile stores p in the workspace (an own event records it) and makes it known.
func (w *Workspace) saveProfile(ctx context.Context, p *ingest.Profile) error {
	if err := checkSavable(p.ID); err != nil {
		return err
	}
	y, err := p.YAML()
	if err != nil {
		return err
	}
	if err := w.store.SaveProfile(ctx, p.ID, p.Name, y); err != nil {
		return err
	}
	return w.loadProfiles(ctx)
}

// SuggestResult is a proposed column mapping for a file.
type SuggestResult struct {
	File       string   `json:"file"`
	Encoding   string   `json:"encoding"`
	Delimiter  string   `json:"delimiter"`
	HeaderLine int      `json:"header_line"`
	Candidates []string `json:"candidates"` // profiles that already read this header
	// The proposal: see ingest.Suggestion.
	Header      []string             `json:"header"`
	Map         map[string]string    `json:"map"`
	DateOrder   string               `json:"date_order"`
	Zoned       bool                 `json:"zoned"`
	RowsSampled int                  `json:"rows_sampled"`
	Columns     []ingest.ColumnGuess `json:"columns"`
	Missing     []string             `json:"missing"`
	// Args are the import flags that apply the suggestion.
	Args []string `json:"args"`
}

// Suggest sniffs a file and proposes which column is which.
func (w *Workspace) Suggest(path string) (SuggestResult, error) {
	src, err := w.sniff(path)
	if err != nil {
		return SuggestResult{}, err
	}
	header, rows, err := ingest.SampleRows(src, 200)
	if err != nil {
		return SuggestResult{}, err
	}
	s := ingest.Suggest(header, rows)
	res := SuggestResult{File: filepath.Base(path), Encoding: src.Encoding, Delimiter: delimName(src.Delimiter),
		HeaderLine: src.HeaderLine, Candidates: []string{}, Args: s.Args(),
		Header: s.Header, Map: s.Map, DateOrder: s.DateOrder, Zoned: s.Zoned, RowsSampled: s.Rows, Columns: s.Columns, Missing: s.Missing}
	for _, c := range w.profiles.Detect(src) {
		res.Candidates = append(res.Candidates, c.ID)
	}
	if res.Args == nil {
		res.Args = []string{}
	}
	return res, nil
}

// sniff reads a file's layout, with a clear message for an empty one.
func (w *Workspace) sniff(path string) (*ingest.Source, error) {
	size, _, err := fileDigest(path)
	if err != nil {
		return nil, err
	}
	if size == 0 {
		return nil, fmt.Errorf("%s is empty: export the activity again and check the file was fully downloaded", filepath.Base(path))
	}
	return w.profiles.Sniff(path)
}

// PreviewParams names a file and how to read it: a profile, a mapping, or neither (the
// profile that recognises the header).
type PreviewParams struct {
	File ImportFile `json:"file"`
	Rows int        `json:"rows"` // default 10
}

// PreviewResult is the first rows of a file exactly as an import would store them.
type PreviewResult struct {
	File       string           `json:"file"`
	Profile    string           `json:"profile"`
	System     string           `json:"system"`
	SourceZone string           `json:"source_zone"`
	Header     []string         `json:"header"`
	Records    []*ingest.Record `json:"records"`
	Warnings   []string         `json:"warnings"`
	// ProfileYAML is the profile the rows were read with (for a mapping: the one
	// --save-profile would save).
	ProfileYAML string `json:"profile_yaml"`
}

// Preview reads the first rows of a file without importing anything.
func (w *Workspace) Preview(ctx context.Context, p PreviewParams) (PreviewResult, error) {
	src, err := w.sniff(p.File.Path)
	if err != nil {
		return PreviewResult{}, err
	}
	prof, err := w.profileFor(src, p.File)
	if err != nil {
		return PreviewResult{}, err
	}
	var loc *time.Location
	if p.File.Zone != "" {
		if loc, err = time.LoadLocation(p.File.Zone); err != nil {
			return PreviewResult{}, fmt.Errorf("unknown time zone %q: use an IANA name such as Europe/Bucharest or UTC", p.File.Zone)
		}
	}
	rd, err := ingest.Open(src, prof, ingest.Options{Zone: loc, DateOrder: p.File.DateOrder})
	if err != nil {
		return PreviewResult{}, err
	}
	defer rd.Close()
	n := p.Rows
	if n <= 0 {
		n = previewRows
	}
	y, err := prof.YAML()
	if err != nil {
		return PreviewResult{}, err
	}
	res := PreviewResult{File: filepath.Base(p.File.Path), Profile: prof.ID, System: prof.System, SourceZone: prof.DefaultZone(),
		Header: src.Header, Records: []*ingest.Record{}, ProfileYAML: string(y)}
	if loc != nil {
		res.SourceZone = loc.String()
	}
	for len(res.Records) < n {
		if err := ctx.Err(); err != nil {
			return PreviewResult{}, err
		}
		rec, err := rd.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return PreviewResult{}, err
		}
		res.Records = append(res.Records, rec)
	}
	res.Warnings = rd.Warnings()
	if res.Warnings == nil {
		res.Warnings = []string{}
	}
	return res, nil
}

// SaveProfileParams saves a mapping over a file's header as a named profile.
type SaveProfileParams struct {
	File ImportFile `json:"file"` // a file with the header, and the mapping
	Name string     `json:"name"`
}

// SaveProfile builds a profile from a mapping and a sample file and saves it in the
// workspace, where it recognises files with the same header from then on.
func (w *Workspace) SaveProfile(ctx context.Context, p SaveProfileParams) (ProfileInfo, error) {
	if strings.TrimSpace(p.Name) == "" {
		return ProfileInfo{}, errors.New("name the profile")
	}
	p.File.SaveProfile = p.Name
	src, err := w.sniff(p.File.Path)
	if err != nil {
		return ProfileInfo{}, err
	}
	prof, err := w.profileFor(src, p.File)
	if err != nil {
		return ProfileInfo{}, err
	}
	if err := w.saveProfile(ctx, prof); err != nil {
		return ProfileInfo{}, err
	}
	return w.profileInfo(prof.ID)
}

// ExportProfile returns a profile's YAML, to share it.
func (w *Workspace) ExportProfile(id string) ([]byte, error) {
	p, ok := w.profiles.Get(id)
	if !ok {
		return nil, fmt.Errorf("unknown profile %q: run `trailbook profiles` to list them", id)
	}
	return p.YAML()
}

// ImportProfile reads a profile YAML (one a colleague exported) and saves it in the
// workspace; a profile with the same id is replaced, a built-in one never.
func (w *Workspace) ImportProfile(ctx context.Context, yamlBytes []byte) (ProfileInfo, error) {
	p, err := ingest.ParseProfile(yamlBytes)
	if err != nil {
		return ProfileInfo{}, err
	}
	if err := w.saveProfile(ctx, p); err != nil {
		return ProfileInfo{}, fmt.Errorf("import profile %s: %w", p.ID, err)
	}
	return w.profileInfo(p.ID)
}

// DeleteProfile removes a saved profile; built-in profiles cannot be deleted.
func (w *Workspace) DeleteProfile(ctx context.Context, id string) error {
	if err := checkSavable(id); err != nil {
		return fmt.Errorf("%s is built in and cannot be deleted", id)
	}
	if err := w.store.DeleteProfile(ctx, id); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("no saved profile %q: run `trailbook profiles` to list them", id)
		}
		return err
	}
	return w.loadProfiles(ctx)
}

func (w *Workspace) profileInfo(id string) (ProfileInfo, error) {
	for _, pi := range w.Profiles() {
		if pi.ID == id {
			return pi, nil
		}
	}
	return ProfileInfo{}, fmt.Errorf("profile %q not found", id)
}
