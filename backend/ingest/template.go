package ingest

import (
	"fmt"
	"strings"
)

// A template builds a value from several columns: "{Page} #{ID}" or "{First?} {Last?}".
// {Column} is required: the template gives "" when it is empty. {Column?} may be empty.
// {Column|singular|lower} applies transforms to the column's value. {{ and }} are braces.
type template struct {
	parts []tmplPart
}

type tmplPart struct {
	lit        string
	col        int // slot; -1 for a literal
	optional   bool
	transforms []transformFunc
}

// parseTemplate splits a template; slot registers a column name and returns its slot.
func parseTemplate(s string, slot func(string) int) (*template, []string, error) {
	t := &template{}
	var cols []string
	var lit strings.Builder
	flush := func() {
		if lit.Len() > 0 {
			t.parts = append(t.parts, tmplPart{lit: lit.String(), col: -1})
			lit.Reset()
		}
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '{' && i+1 < len(s) && s[i+1] == '{':
			lit.WriteByte('{')
			i++
		case c == '}' && i+1 < len(s) && s[i+1] == '}':
			lit.WriteByte('}')
			i++
		case c == '{':
			end := strings.IndexByte(s[i:], '}')
			if end < 0 {
				return nil, nil, fmt.Errorf("template %q: unclosed {", s)
			}
			flush()
			inner := s[i+1 : i+end]
			i += end
			names := strings.Split(inner, "|")
			col := strings.TrimSpace(names[0])
			p := tmplPart{}
			if strings.HasSuffix(col, "?") {
				p.optional, col = true, strings.TrimSpace(strings.TrimSuffix(col, "?"))
			}
			if col == "" {
				return nil, nil, fmt.Errorf("template %q: empty column name in {}", s)
			}
			for _, n := range names[1:] {
				f, ok := transformByName(strings.TrimSpace(n))
				if !ok {
					return nil, nil, fmt.Errorf("template %q: unknown transform %q (known: %s)", s, strings.TrimSpace(n), transformNames)
				}
				p.transforms = append(p.transforms, f)
			}
			p.col = slot(col)
			cols = append(cols, col)
			t.parts = append(t.parts, p)
		case c == '}':
			return nil, nil, fmt.Errorf("template %q: } without {", s)
		default:
			lit.WriteByte(c)
		}
	}
	flush()
	if len(cols) == 0 {
		return nil, nil, fmt.Errorf("template %q names no column; write {Column}", s)
	}
	return t, cols, nil
}

// execute fills the template from a row.
func (t *template) execute(v rowView) string {
	var b strings.Builder
	any, dropped := false, false
	for _, p := range t.parts {
		if p.col < 0 {
			b.WriteString(p.lit)
			continue
		}
		val := v.cell(p.col)
		for _, f := range p.transforms {
			val = f(val)
		}
		if val == "" && !p.optional {
			return ""
		}
		any = any || val != ""
		dropped = dropped || val == ""
		b.WriteString(val)
	}
	if !any {
		return ""
	}
	if dropped {
		// Separators next to an empty optional part would dangle: "Lisbon, " -> "Lisbon".
		return collapseSpaces(strings.Trim(b.String(), " ,;|/-:#"))
	}
	return b.String()
}
