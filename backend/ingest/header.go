package ingest

import (
	"strconv"
	"strings"
	"unicode"
)

// normHeader is the form header names are compared in: case-insensitive and blind to
// whitespace, so "User name", " user  name " and "Username" are one column, and so are
// "Price/Amount" and "Price/ Amount" (the vendor's own docs spell it both ways).
func normHeader(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if invisible(r) {
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// headerIndex maps normalized header names to the first column carrying them.
type headerIndex struct {
	names []string       // display names, unique: duplicates get a " (2)" suffix
	first map[string]int // normalized name -> first column index
}

func newHeaderIndex(header []string) headerIndex {
	h := headerIndex{names: make([]string, len(header)), first: make(map[string]int, len(header))}
	seen := make(map[string]int, len(header))
	for i, name := range header {
		name = collapseSpaces(strings.Map(dropMarks, name))
		n := normHeader(name)
		if n == "" {
			// A nameless column (often the last, after a trailing delimiter) is not mapped.
			h.names[i] = "column " + strconv.Itoa(i+1)
			continue
		}
		seen[n]++
		if seen[n] > 1 {
			// The first column wins for the plain name; a later namesake is "Name (2)",
			// which a profile can map and which keeps it readable in extra.
			name += " (" + strconv.Itoa(seen[n]) + ")"
			if _, taken := h.first[normHeader(name)]; !taken {
				h.first[normHeader(name)] = i
			}
		} else {
			h.first[n] = i
		}
		h.names[i] = name
	}
	return h
}

// dropMarks removes format marks and controls from a header name, keeping spaces.
func dropMarks(r rune) rune {
	if r != ' ' && invisible(r) && !unicode.IsSpace(r) {
		return -1
	}
	return r
}

// lookup returns the column of a header name, or -1.
func (h headerIndex) lookup(name string) int {
	if i, ok := h.first[normHeader(name)]; ok {
		return i
	}
	return -1
}

// missing lists the names the header lacks.
func (h headerIndex) missing(names []string) []string {
	var out []string
	for _, n := range names {
		if h.lookup(n) < 0 {
			out = append(out, n)
		}
	}
	return out
}

// name is the display name of column i, also for cells beyond the header.
func (h headerIndex) name(i int) string {
	if i < len(h.names) {
		return h.names[i]
	}
	return "column " + strconv.Itoa(i+1)
}
