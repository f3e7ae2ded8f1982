package ingest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// A JSON member path picks one value out of a cell that holds JSON, such as the AuditData
// column of a Microsoft 365 audit export. Segments are separated by dots:
//
//	ClientIP                        a member of the top-level object
//	Actor[0].ID                     an element of an array, then a member
//	Parameters[Name=Identity].Value the first element whose member Name is Identity
//
// A string met with more of the path still to go is read as JSON itself, since exports
// nest JSON inside JSON strings.
type jsonPath []jsonStep

type jsonStep struct {
	member string // "" for a bare [..] step
	index  int    // -1: none
	key    string // [key=value] selector
	value  string
}

// maxJSONPathSteps bounds a path; real exports nest a handful of levels.
const maxJSONPathSteps = 32

// parseJSONPath reads a path such as "Parameters[Name=Identity].Value".
func parseJSONPath(s string) (jsonPath, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, fmt.Errorf("empty JSON member path")
	}
	var p jsonPath
	for _, seg := range splitPath(s) {
		if len(p) == maxJSONPathSteps {
			return nil, fmt.Errorf("JSON member path %q has more than %d steps", s, maxJSONPathSteps)
		}
		st := jsonStep{index: -1}
		name := seg
		if i := strings.IndexByte(seg, '['); i >= 0 {
			if !strings.HasSuffix(seg, "]") {
				return nil, fmt.Errorf("JSON member path %q: %q lacks its closing ]", s, seg)
			}
			name = seg[:i]
			sel := seg[i+1 : len(seg)-1]
			if k, v, ok := strings.Cut(sel, "="); ok {
				st.key, st.value = strings.TrimSpace(k), strings.TrimSpace(v)
				if st.key == "" {
					return nil, fmt.Errorf("JSON member path %q: empty key in [%s]", s, sel)
				}
			} else {
				n, err := strconv.Atoi(strings.TrimSpace(sel))
				if err != nil || n < 0 {
					return nil, fmt.Errorf("JSON member path %q: [%s] is neither an index nor key=value", s, sel)
				}
				st.index = n
			}
		}
		st.member = strings.TrimSpace(name)
		if st.member == "" && st.index < 0 && st.key == "" {
			return nil, fmt.Errorf("JSON member path %q has an empty step", s)
		}
		p = append(p, st)
	}
	return p, nil
}

// splitPath splits on dots outside brackets, so [Name=a.b] stays one step.
func splitPath(s string) []string {
	var out []string
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '[':
			depth++
		case ']':
			if depth > 0 {
				depth--
			}
		case '.':
			if depth == 0 {
				out = append(out, s[start:i])
				start = i + 1
			}
		}
	}
	return append(out, s[start:])
}

// parseJSONCell decodes a cell; ok is false when it is not JSON.
func parseJSONCell(s string) (any, bool) {
	s = strings.TrimSpace(s)
	if s == "" || (s[0] != '{' && s[0] != '[') {
		return nil, false
	}
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, false
	}
	return v, true
}

// lookup follows the path from v; ok is false when a step finds nothing.
func (p jsonPath) lookup(v any) (any, bool) {
	for i, st := range p {
		if s, isStr := v.(string); isStr {
			nested, ok := parseJSONCell(s)
			if !ok {
				return nil, false
			}
			v = nested
		}
		if st.member != "" {
			obj, ok := v.(map[string]any)
			if !ok {
				return nil, false
			}
			if v, ok = memberFold(obj, st.member); !ok {
				return nil, false
			}
		}
		if st.index < 0 && st.key == "" {
			continue
		}
		if s, isStr := v.(string); isStr && i < len(p) {
			nested, ok := parseJSONCell(s)
			if !ok {
				return nil, false
			}
			v = nested
		}
		arr, ok := v.([]any)
		if !ok {
			return nil, false
		}
		if st.index >= 0 {
			if st.index >= len(arr) {
				return nil, false
			}
			v = arr[st.index]
			continue
		}
		found := false
		for _, el := range arr {
			obj, ok := el.(map[string]any)
			if !ok {
				continue
			}
			if kv, ok := memberFold(obj, st.key); ok && strings.EqualFold(jsonText(kv), st.value) {
				v, found = el, true
				break
			}
		}
		if !found {
			return nil, false
		}
	}
	return v, true
}

// memberFold finds a member by exact name, else case-insensitively (exports are not
// consistent: ClientIP and ClientIp both occur).
func memberFold(obj map[string]any, name string) (any, bool) {
	if v, ok := obj[name]; ok {
		return v, true
	}
	for k, v := range obj {
		if strings.EqualFold(k, name) {
			return v, true
		}
	}
	return nil, false
}

// jsonText renders a JSON value as cell text: strings as they are, numbers and booleans
// as written, null as "", objects and arrays as compact JSON.
func jsonText(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case json.Number:
		return x.String()
	case bool:
		return strconv.FormatBool(x)
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return ""
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// compactJSONText writes a value that is itself JSON text compactly ("[\r\n  true\r\n]"
// becomes "[true]"); other text is returned as it is.
func compactJSONText(s string) string {
	t := strings.TrimSpace(s)
	if t == "" || (t[0] != '[' && t[0] != '{') {
		return s
	}
	var b bytes.Buffer
	if err := json.Compact(&b, []byte(t)); err != nil {
		return s
	}
	return b.String()
}
