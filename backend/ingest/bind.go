package ingest

import (
	"fmt"
	"io"
	"strings"
)

// readHeader reads the header row and binds the profile's columns to it.
func (r *Reader) readHeader() error {
	raw := r.readRaw()
	if raw.err != nil {
		if raw.err == io.EOF {
			return &FileError{File: r.file, Line: int(r.lineOff) + 1, Msg: "the file has no header row"}
		}
		return raw.err
	}
	if raw.perr != nil {
		return &FileError{File: r.file, Line: int(raw.line), Msg: "the header row has a stray quote", Hint: "fix the header row"}
	}
	r.hdr = newHeaderIndex(raw.fields)
	r.prevEnd = raw.end
	p := r.c.p
	if miss := r.hdr.missing(p.Match.Required); len(miss) > 0 {
		return &FileError{File: r.file, Line: int(raw.line),
			Msg:  fmt.Sprintf("the header has no %s column, which the %s profile requires", quoteList(miss), p.ID),
			Hint: "pick the profile that fits this file, or check that the header row was found"}
	}
	if miss := r.hdr.missing(p.Match.Optional); len(miss) > 0 {
		r.note("optional columns not in the file (their fields stay empty): %s", strings.Join(miss, ", "))
	}
	r.bind = make([]int, len(r.c.slots))
	used := make([]bool, len(raw.fields))
	for s, name := range r.c.slots {
		r.bind[s] = r.hdr.lookup(name)
		if r.bind[s] >= 0 && r.c.stored[s] {
			used[r.bind[s]] = true
		}
	}
	known := map[string]bool{}
	for _, h := range append(append([]string(nil), p.Match.Required...), p.Match.Optional...) {
		known[normHeader(h)] = true
	}
	var unknown []string
	for i := range raw.fields {
		if used[i] {
			continue
		}
		name := r.hdr.name(i)
		r.extraCols = append(r.extraCols, i)
		r.extraMask = append(r.extraMask, isSecretKey(r.c.secrets, name))
		if !known[normHeader(raw.fields[i])] {
			unknown = append(unknown, name)
		}
	}
	if len(unknown) > 0 {
		r.note("columns the profile does not know, kept as extra: %s", listSome(unknown, 50))
	}
	r.timeColumn = r.columnOf(r.fieldSpec(efTime, pfEmail))
	if !r.c.people {
		r.amountCol = r.columnOf(r.c.fields[efAmount])
		r.cyclesCol = r.columnOf(r.c.fields[efBillingCycles])
	}
	return nil
}

func (r *Reader) fieldSpec(event, person int) *valueSource {
	if r.c.people {
		return r.c.fields[person]
	}
	return r.c.fields[event]
}

// columnOf names the file column a field is read from, for messages; "" when the field is
// unmapped or its column is missing from the file.
func (r *Reader) columnOf(vs *valueSource) string {
	if vs == nil {
		return ""
	}
	slots := vs.cols
	if vs.tmpl != nil {
		for _, p := range vs.tmpl.parts {
			if p.col >= 0 {
				slots = append(slots, p.col)
			}
		}
	}
	for _, s := range slots {
		if i := r.bind[s]; i >= 0 {
			return r.hdr.name(i)
		}
	}
	return ""
}

func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(q, ", ")
}

// listSome joins the first n names and counts the rest, so a file with thousands of
// columns gives a readable warning.
func listSome(names []string, n int) string {
	if len(names) <= n {
		return strings.Join(names, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(names[:n], ", "), len(names)-n)
}
