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
		if unicode.IsSpace(r) || r == '\uFEFF' || r == '\u200B' {
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
		name = strings.TrimSpace(strings.TrimPrefix(name, "\uFEFF"))
		n := normHeader(name)
		seen[n]++
		if seen[n] > 1 {
			// The first column wins for mapping; later namesakes stay readable in extra.
			name += " (" + strconv.Itoa(seen[n]) + ")"
		} else {
			h.first[n] = i
		}
		if name == "" {
			name = "column " + strconv.Itoa(i+1)
		}
		h.names[i] = name
	}
	return h
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
