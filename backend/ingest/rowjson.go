package ingest

import (
	"strings"
	"unicode"
)

// jsonCache holds the JSON cells of one row already parsed, so several fields reading
// members of one column parse it once.
type jsonCache struct {
	slots []int
	vals  []any
	oks   []bool
}

func (j *jsonCache) reset() {
	j.slots, j.vals, j.oks = j.slots[:0], j.vals[:0], j.oks[:0]
}

// json is the parsed cell of a slot; ok is false when it is empty or not JSON.
func (v rowView) json(slot int) (any, bool) {
	if v.js != nil {
		for i, s := range v.js.slots {
			if s == slot {
				return v.js.vals[i], v.js.oks[i]
			}
		}
	}
	doc, ok := parseJSONCell(v.cell(slot))
	if v.js != nil {
		v.js.slots, v.js.vals, v.js.oks = append(v.js.slots, slot), append(v.js.vals, doc), append(v.js.oks, ok)
	}
	return doc, ok
}

// member is the first non-empty member a value source's paths find in its columns.
func (v rowView) member(s *valueSource) string {
	for _, c := range s.cols {
		doc, ok := v.json(c)
		if !ok {
			continue
		}
		for _, p := range s.json {
			if got, ok := p.lookup(doc); ok {
				if t := strings.TrimSpace(jsonText(got)); t != "" {
					return t
				}
			}
		}
	}
	return ""
}

// usesJSON reports whether any value of the profile reads JSON members.
func (c *compiled) usesJSON() bool {
	if c.changes != nil && c.changes.list != nil {
		return true
	}
	for _, f := range c.fields {
		if f != nil && f.json != nil {
			return true
		}
	}
	for _, nv := range c.extras {
		if nv.src.json != nil {
			return true
		}
	}
	for _, cond := range c.conds {
		if cond.src.json != nil {
			return true
		}
	}
	return false
}

// trimCell trims white space and, around it, invisible marks exports leave behind:
// byte order marks, direction marks (U+200E, U+202A...), zero-width spaces, control
// characters. Plain ASCII cells take the fast path.
func trimCell(s string) string {
	t := strings.TrimSpace(s)
	if t == "" {
		return t
	}
	if a, z := t[0], t[len(t)-1]; a >= 0x20 && a < 0x80 && z >= 0x20 && z < 0x80 {
		return t
	}
	return strings.TrimFunc(t, invisible)
}

// invisible is a rune that shows nothing: white space, a format mark or a control.
func invisible(r rune) bool {
	return unicode.IsSpace(r) || unicode.Is(unicode.Cf, r) || unicode.IsControl(r)
}

// maskJSON masks, in place, the secret values inside a parsed JSON cell: members whose
// name is secret-like ("Password": "..."), and the values of name/value entries whose
// name is (`{"Name": "PasswordProfile", "NewValue": "..."}`). It reports whether it
// changed anything.
func maskJSON(v any, secrets []string) bool {
	changed := false
	switch x := v.(type) {
	case map[string]any:
		named := false
		for _, k := range []string{"Name", "name", "Key", "key"} {
			if n, ok := x[k].(string); ok && isSecretKey(secrets, n) {
				named = true
			}
		}
		for k, val := range x {
			if s, ok := val.(string); ok {
				secret := isSecretKey(secrets, k) || (named && k != "Name" && k != "name" && k != "Key" && k != "key")
				if secret && s != "" && s != "[]" && !isMasked(s) {
					x[k] = Mask
					changed = true
				}
				continue
			}
			if isSecretKey(secrets, k) && val != nil {
				x[k] = Mask
				changed = true
				continue
			}
			changed = maskJSON(val, secrets) || changed
		}
	case []any:
		for _, el := range x {
			changed = maskJSON(el, secrets) || changed
		}
	}
	return changed
}

// maskJSONColumns rewrites, in the event's extra, the JSON columns the profile reads
// whose text carries secrets.
func (r *Reader) maskJSONColumns(extra map[string]string, v rowView) {
	if v.js == nil || extra == nil {
		return
	}
	for i, slot := range v.js.slots {
		if !v.js.oks[i] || r.c.stored[slot] || r.bind[slot] < 0 {
			continue
		}
		name := r.hdr.name(r.bind[slot])
		if _, kept := extra[name]; !kept {
			continue
		}
		if maskJSON(v.js.vals[i], r.c.secrets) {
			extra[name] = jsonText(v.js.vals[i])
		}
	}
}
