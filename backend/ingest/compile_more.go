package ingest

import (
	"fmt"
	"sort"
	"strings"

	"trailbook/backend/activity"
)

// maxConditions bounds the conditional kind rules of a profile: their outcomes on a row
// form one bit mask.
const maxConditions = 64

// condition is a compiled Condition.
type condition struct {
	src   *valueSource
	in    map[string]bool // lower-cased
	notIn map[string]bool
	empty *bool
}

func compileCondition(w *Condition, readSlot func(string) int) (*condition, error) {
	if strings.TrimSpace(w.Column) == "" {
		return nil, fmt.Errorf("column: missing")
	}
	src, err := compileValue(FieldSpec{Columns: []string{w.Column}, JSON: w.JSON}, readSlot, readSlot)
	if err != nil {
		return nil, err
	}
	c := &condition{src: src, in: lowerSet(w.In), notIn: lowerSet(w.NotIn), empty: w.Empty}
	n := 0
	for _, set := range []bool{len(w.In) > 0, len(w.NotIn) > 0, w.Empty != nil} {
		if set {
			n++
		}
	}
	if n != 1 {
		return nil, fmt.Errorf("give exactly one of in, not_in or empty")
	}
	return c, nil
}

func (c *condition) holds(v rowView) bool {
	val := strings.ToLower(v.value(c.src))
	switch {
	case c.in != nil:
		return c.in[val]
	case c.notIn != nil:
		return !c.notIn[val]
	default:
		return (val == "") == *c.empty
	}
}

// condMask is the outcome of every condition on one row.
func (c *compiled) condMask(v rowView) uint64 {
	var m uint64
	for i, cond := range c.conds {
		if cond.holds(v) {
			m |= 1 << uint(i)
		}
	}
	return m
}

// namedValue is one entry of the profile's extra.
type namedValue struct {
	name string
	src  *valueSource
}

func (c *compiled) compileExtras(slot, readSlot func(string) int, checkCols func(string) error, fail func(key, format string, args ...any) error) error {
	if len(c.p.Extra) > 0 && c.people {
		return fail("extra", "only events profiles have extra")
	}
	names := make([]string, 0, len(c.p.Extra))
	for k := range c.p.Extra {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		key := "extra." + k
		if strings.TrimSpace(k) == "" {
			return fail("extra", "empty name")
		}
		vs, err := compileValue(c.p.Extra[k], slot, readSlot)
		if err != nil {
			return fail(key, "%v", err)
		}
		if err := checkCols(key); err != nil {
			return err
		}
		c.extras = append(c.extras, namedValue{name: k, src: vs})
	}
	return nil
}

// jsonListPlan reads changes from an array of {name, old, new} objects in a JSON column.
type jsonListPlan struct {
	col              int // slot
	paths            []jsonPath
	nameKey          string
	oldKeys, newKeys []string // alternatives, first present wins
}

func compileJSONList(ch *ChangesSpec, readSlot func(string) int) (*jsonListPlan, error) {
	if strings.TrimSpace(ch.Column) == "" {
		return nil, fmt.Errorf("format json_list: give the JSON column as column")
	}
	if len(ch.JSON) == 0 {
		return nil, fmt.Errorf("format json_list: give the member path of the list as json")
	}
	if ch.PairSep != "" || ch.KVSep != "" {
		return nil, fmt.Errorf("pair_sep and kv_sep are for format kv")
	}
	if ch.Old == "" && ch.New == "" {
		return nil, fmt.Errorf("format json_list: give the member names of the values as old and/or new")
	}
	lp := &jsonListPlan{col: readSlot(ch.Column), nameKey: ch.Name, oldKeys: altNames(ch.Old), newKeys: altNames(ch.New)}
	if lp.nameKey == "" {
		lp.nameKey = "Name"
	}
	for _, s := range ch.JSON {
		jp, err := parseJSONPath(s)
		if err != nil {
			return nil, err
		}
		lp.paths = append(lp.paths, jp)
	}
	return lp, nil
}

// changes reads the list; secret-named fields are masked.
func (lp *jsonListPlan) changes(v rowView, secrets []string) []activity.Change {
	doc, ok := v.json(lp.col)
	if !ok {
		return nil
	}
	var list []any
	for _, p := range lp.paths {
		if got, ok := p.lookup(doc); ok {
			if arr, ok := got.([]any); ok && len(arr) > 0 {
				list = arr
				break
			}
		}
	}
	var out []activity.Change
	for _, el := range list {
		obj, ok := el.(map[string]any)
		if !ok {
			continue
		}
		name, _ := memberFold(obj, lp.nameKey)
		ch := activity.Change{Field: strings.TrimSpace(jsonText(name))}
		if ch.Field == "" {
			continue
		}
		ch.Old, ch.New = firstMember(obj, lp.oldKeys), firstMember(obj, lp.newKeys)
		if isSecretKey(secrets, ch.Field) {
			ch.Old, ch.New = maskSecret(ch.Old), maskSecret(ch.New)
		}
		out = append(out, ch)
	}
	return out
}

// altNames splits "NewValue|Value" into its alternatives.
func altNames(s string) []string {
	var out []string
	for _, n := range strings.Split(s, "|") {
		if n = strings.TrimSpace(n); n != "" {
			out = append(out, n)
		}
	}
	return out
}

// firstMember is the text of the first of names present in obj, JSON text written compactly.
func firstMember(obj map[string]any, names []string) string {
	for _, n := range names {
		if v, ok := memberFold(obj, n); ok {
			return compactJSONText(jsonText(v))
		}
	}
	return ""
}
