package main

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Version is a release version as `git describe --tags --always --dirty` prints it.
type Version struct {
	Raw     string    // as given, e.g. v1.2.3-4-gabc1234-dirty
	Numbers [3]uint16 // major, minor, patch of the tag; zero without a tag
	Pre     string    // pre-release of the tag, e.g. rc.1
	Commits uint16    // commits since the tag
	Hash    string    // abbreviated commit when not exactly on a tag
	Dirty   bool
	Tagged  bool
}

var (
	describeRe = regexp.MustCompile(`^(.*)-(\d+)-g([0-9a-f]{4,40})$`)
	tagRe      = regexp.MustCompile(`^v?(\d+)\.(\d+)(?:\.(\d+))?(?:[-+~]([0-9A-Za-z.\-]+))?$`)
	hashRe     = regexp.MustCompile(`^[0-9a-f]{4,40}$`)
	debBadRe   = regexp.MustCompile(`[^0-9A-Za-z.+~]+`)
)

// ParseVersion reads a describe string: a tag (v1.2.3, 1.2, v1.2.3-rc.1), optionally
// followed by -N-gHASH, or a bare commit hash; either may end in -dirty. Anything else
// (e.g. "dev") is kept as a label with zero numbers.
func ParseVersion(s string) (Version, error) {
	v := Version{Raw: s}
	if s == "" {
		return v, fmt.Errorf("empty version")
	}
	rest := s
	if r, ok := strings.CutSuffix(rest, "-dirty"); ok {
		rest, v.Dirty = r, true
	}
	if m := describeRe.FindStringSubmatch(rest); m != nil {
		n, err := strconv.ParseUint(m[2], 10, 16)
		if err != nil {
			return v, fmt.Errorf("version %q: %s commits since the tag do not fit a Windows version field", s, m[2])
		}
		rest, v.Commits, v.Hash = m[1], uint16(n), m[3]
	}
	if m := tagRe.FindStringSubmatch(rest); m != nil {
		for i, p := range m[1:4] {
			if p == "" {
				continue
			}
			n, err := strconv.ParseUint(p, 10, 16)
			if err != nil {
				return v, fmt.Errorf("version %q: part %q is above 65535, which Windows cannot store", s, p)
			}
			v.Numbers[i] = uint16(n)
		}
		v.Pre, v.Tagged = m[4], true
		return v, nil
	}
	if v.Hash == "" && hashRe.MatchString(rest) {
		v.Hash = rest
		return v, nil
	}
	if v.Hash != "" || strings.ContainsAny(rest, " /\\") {
		return v, fmt.Errorf("version %q: expected a tag like v1.2.3, a commit hash or a plain label", s)
	}
	v.Pre = rest // a label such as "dev"
	return v, nil
}

// Windows is the four-number form for VERSIONINFO: major.minor.patch.commits.
func (v Version) Windows() string {
	return fmt.Sprintf("%d.%d.%d.%d", v.Numbers[0], v.Numbers[1], v.Numbers[2], v.Commits)
}

// Debian is a Debian upstream version that sorts as releases do: a pre-release sorts
// before its release (~), later commits after it (+).
func (v Version) Debian() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d.%d.%d", v.Numbers[0], v.Numbers[1], v.Numbers[2])
	if v.Pre != "" {
		b.WriteString("~" + debBadRe.ReplaceAllString(v.Pre, "."))
	}
	var extra []string
	if v.Commits > 0 || (!v.Tagged && v.Hash != "") {
		extra = append(extra, fmt.Sprintf("git%d", v.Commits))
	}
	if v.Hash != "" {
		extra = append(extra, "g"+v.Hash)
	}
	if v.Dirty {
		extra = append(extra, "dirty")
	}
	if len(extra) > 0 {
		b.WriteString("+" + strings.Join(extra, "."))
	}
	return b.String()
}
