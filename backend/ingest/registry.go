package ingest

import (
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"sync"
)

//go:embed profiles/*.yaml
var builtinFS embed.FS

// Registry holds the profiles an import can use: the built-in ones and the user's saved
// ones. It is safe for concurrent use.
type Registry struct {
	mu       sync.RWMutex
	profiles map[string]*Profile
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry {
	return &Registry{profiles: map[string]*Profile{}}
}

// Builtin returns a new registry holding the profiles embedded in the binary. Each call
// parses them afresh, so callers may change their copies freely.
func Builtin() (*Registry, error) {
	ps, err := parseBuiltin()
	if err != nil {
		return nil, err
	}
	r := NewRegistry()
	for _, p := range ps {
		r.profiles[p.ID] = p
	}
	return r, nil
}

func parseBuiltin() ([]*Profile, error) {
	files, err := fs.Glob(builtinFS, "profiles/*.yaml")
	if err != nil {
		return nil, fmt.Errorf("list built-in profiles: %w", err)
	}
	var out []*Profile
	seen := map[string]string{}
	for _, name := range files {
		b, err := builtinFS.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("read built-in profile %s: %w", name, err)
		}
		p, err := ParseProfile(b)
		if err != nil {
			return nil, fmt.Errorf("built-in profile %s: %w", name, err)
		}
		if prev, dup := seen[p.ID]; dup {
			return nil, fmt.Errorf("built-in profiles %s and %s share id %q", prev, name, p.ID)
		}
		seen[p.ID] = name
		out = append(out, p)
	}
	return out, nil
}

// builtinHeaderSets are the normalized required headers of the built-in profiles, which
// Sniff uses to recognise header rows. Parsed once; the result is never modified.
var builtinHeaderSets = sync.OnceValue(func() [][]string {
	ps, err := parseBuiltin()
	if err != nil {
		return nil // a broken built-in profile fails Builtin() and the tests loudly
	}
	return headerSets(ps)
})

func headerSets(ps []*Profile) [][]string {
	out := make([][]string, 0, len(ps))
	for _, p := range ps {
		set := make([]string, 0, len(p.Match.Required))
		for _, h := range p.Match.Required {
			set = append(set, normHeader(h))
		}
		out = append(out, set)
	}
	return out
}

func (r *Registry) headerSets() [][]string {
	return headerSets(r.List())
}

// Add validates p and adds it; a profile with the same id is replaced, so a saved
// profile can override a built-in one.
func (r *Registry) Add(p *Profile) error {
	if p.System == "" {
		p.System = p.ID
	}
	if _, err := compileProfile(p); err != nil {
		return err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.profiles[p.ID] = p
	return nil
}

// List returns the profiles sorted by id.
func (r *Registry) List() []*Profile {
	r.mu.RLock()
	defer r.mu.RUnlock()
	out := make([]*Profile, 0, len(r.profiles))
	for _, p := range r.profiles {
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// Get returns the profile with the given id.
func (r *Registry) Get(id string) (*Profile, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	p, ok := r.profiles[id]
	return p, ok
}

// Detect returns every profile whose required headers are all in the file's header and
// whose excluded headers are not. Exactly one is a match to use without asking; none or
// several mean the user chooses. Candidates come best first: the most of the profile's
// optional headers present, then by id.
func (r *Registry) Detect(src *Source) []*Profile {
	h := newHeaderIndex(src.Header)
	type cand struct {
		p     *Profile
		extra int
	}
	var cands []cand
	for _, p := range r.List() {
		if len(h.missing(p.Match.Required)) > 0 {
			continue
		}
		excluded := false
		for _, x := range p.Match.Excluded {
			excluded = excluded || h.lookup(x) >= 0
		}
		if excluded {
			continue
		}
		n := len(p.Match.Optional) - len(h.missing(p.Match.Optional))
		cands = append(cands, cand{p, n})
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].extra > cands[j].extra })
	out := make([]*Profile, len(cands))
	for i, c := range cands {
		out[i] = c.p
	}
	return out
}
