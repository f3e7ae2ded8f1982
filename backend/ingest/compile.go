package ingest

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"

	"trailbook/backend/activity"
)

// compiled is a validated profile in the form the reader uses. Columns are referred to
// by slot; binding a file's header turns slots into column indexes.
type compiled struct {
	p        *Profile
	people   bool
	slots    []string       // column names as the profile writes them
	slotOf   map[string]int // normalized name -> slot
	fields   []*valueSource // by field number; nil when unmapped
	targets  []target
	rules    []kindRule
	fallback activity.Kind
	meanings []meaningRule
	changes  *changesPlan
	extras   []namedValue // profile extra: named values added to Event.Extra, by name
	conds    []*condition // the kind rules' conditions; a row's outcomes key the classifier cache
	stored   map[int]bool // slots whose cells a field stores as they are (not kept again in extra)
	secrets  []string
	zone     *time.Location // nil: ask
	listSep  string
}

// valueSource produces one field's value from a row.
type valueSource struct {
	cols       []int      // slots, first non-empty wins
	json       []jsonPath // with cols: member paths into the JSON cell, first present wins
	tmpl       *template
	value      string
	transforms []transformFunc
}

type target struct {
	col      int       // slot
	typ      string    // literal type
	typeTmpl *template // or a template
}

type kindRule struct {
	actions map[string]bool // lower-cased
	pattern *regexp.Regexp
	modules []string // lower-cased globs
	when    int      // index into compiled.conds; -1 for none
	kind    activity.Kind
}

type meaningRule struct {
	actions map[string]bool
	modules []string
	meaning string
}

type changesPlan struct {
	json         bool
	list         *jsonListPlan // format json_list
	old, new     int           // slots
	pairSep, kvs string
}

var profileIDRe = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]*$`)

// compileProfile validates p and prepares it for reading. Errors name the key.
func compileProfile(p *Profile) (*compiled, error) {
	c := &compiled{p: p, slotOf: map[string]int{}, stored: map[int]bool{}}
	fail := func(key, format string, args ...any) error {
		return fmt.Errorf("profile %q: %s: %s", p.ID, key, fmt.Sprintf(format, args...))
	}
	if !profileIDRe.MatchString(p.ID) {
		return nil, fail("id", "%q must be lower-case letters, digits, '.', '_' or '-'", p.ID)
	}
	if strings.TrimSpace(p.Name) == "" {
		return nil, fail("name", "missing")
	}
	switch p.Kind {
	case KindEvents:
	case KindPeople:
		c.people = true
	default:
		return nil, fail("kind", "%q is not events or people", p.Kind)
	}

	// Headers: the match lists are also the set of columns the mapping may name.
	if len(p.Match.Required) == 0 {
		return nil, fail("match.required", "list at least one header")
	}
	inMatch := map[string]string{}
	for _, list := range []struct {
		key   string
		names []string
	}{{"match.required", p.Match.Required}, {"match.optional", p.Match.Optional}} {
		for i, h := range list.names {
			n := normHeader(h)
			if n == "" {
				return nil, fail(fmt.Sprintf("%s[%d]", list.key, i), "empty header name")
			}
			if prev, dup := inMatch[n]; dup {
				return nil, fail(fmt.Sprintf("%s[%d]", list.key, i), "%q is listed twice (as %q)", h, prev)
			}
			inMatch[n] = h
		}
	}
	for i, h := range p.Match.Excluded {
		if _, dup := inMatch[normHeader(h)]; dup {
			return nil, fail(fmt.Sprintf("match.excluded[%d]", i), "%q is also required or optional", h)
		}
	}
	var unknownCol []string
	readSlot := func(name string) int {
		n := normHeader(name)
		if _, ok := inMatch[n]; !ok {
			unknownCol = append(unknownCol, name)
		}
		if s, ok := c.slotOf[n]; ok {
			return s
		}
		c.slots = append(c.slots, name)
		c.slotOf[n] = len(c.slots) - 1
		return len(c.slots) - 1
	}
	// slot registers a column whose cells a field stores as they are.
	slot := func(name string) int {
		s := readSlot(name)
		c.stored[s] = true
		return s
	}
	checkCols := func(key string) error {
		if len(unknownCol) > 0 {
			err := fail(key, "column %q is not in match.required or match.optional", unknownCol[0])
			unknownCol = nil
			return err
		}
		return nil
	}

	if err := c.compileRead(fail); err != nil {
		return nil, err
	}

	// Fields.
	names := eventFieldNames()
	need := []string{"time", "action"}
	if c.people {
		names, need = personFieldNames(), []string{"email"}
	}
	c.fields = make([]*valueSource, len(names))
	keys := make([]string, 0, len(p.Fields))
	for k := range p.Fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		key := "fields." + k
		fi := fieldIndex(names, k)
		if fi < 0 {
			return nil, fail(key, "unknown field (known for %s: %s)", p.Kind, strings.Join(names, ", "))
		}
		vs, err := compileValue(p.Fields[k], slot, readSlot)
		if err != nil {
			return nil, fail(key, "%v", err)
		}
		if err := checkCols(key); err != nil {
			return nil, err
		}
		c.fields[fi] = vs
	}
	for _, n := range need {
		if c.fields[fieldIndex(names, n)] == nil {
			return nil, fail("fields."+n, "missing; a %s profile must map it", p.Kind)
		}
	}

	if c.people {
		switch {
		case len(p.Targets) > 0:
			return nil, fail("targets", "only events profiles have targets")
		case len(p.Kinds.Rules) > 0 || p.Kinds.Fallback != "":
			return nil, fail("kinds", "only events profiles have kinds")
		case len(p.Meanings) > 0:
			return nil, fail("meanings", "only events profiles have meanings")
		case p.Changes != nil:
			return nil, fail("changes", "only events profiles have changes")
		}
	}

	// Targets.
	if len(p.Targets) > 0 {
		for _, f := range []int{efTargetRef, efTargetType, efRelatedRef} {
			if c.fields[f] != nil {
				return nil, fail("fields."+eventFieldNames()[f], "set by targets; map it in one place only")
			}
		}
	}
	for i, t := range p.Targets {
		key := fmt.Sprintf("targets[%d]", i)
		if strings.TrimSpace(t.Column) == "" {
			return nil, fail(key+".column", "missing")
		}
		tg := target{col: slot(t.Column), typ: t.Type}
		if strings.Contains(t.Type, "{") {
			tmpl, _, err := parseTemplate(t.Type, slot)
			if err != nil {
				return nil, fail(key+".type", "%v", err)
			}
			tg.typeTmpl, tg.typ = tmpl, ""
		}
		if err := checkCols(key); err != nil {
			return nil, err
		}
		c.targets = append(c.targets, tg)
	}

	// Kinds.
	for i, r := range p.Kinds.Rules {
		key := fmt.Sprintf("kinds.rules[%d]", i)
		k, err := activity.ParseKind(r.Kind)
		if err != nil {
			return nil, fail(key+".kind", "%v", err)
		}
		kr := kindRule{kind: k, actions: lowerSet(r.Action), modules: lowerList(r.Module), when: -1}
		if r.When != nil {
			cond, err := compileCondition(r.When, readSlot)
			if err != nil {
				return nil, fail(key+".when", "%v", err)
			}
			if err := checkCols(key + ".when"); err != nil {
				return nil, err
			}
			if len(c.conds) == maxConditions {
				return nil, fail(key+".when", "more than %d conditional rules", maxConditions)
			}
			kr.when = len(c.conds)
			c.conds = append(c.conds, cond)
		}
		if r.Pattern != "" {
			if len(r.Action) > 0 {
				return nil, fail(key, "give action or pattern, not both")
			}
			re, err := regexp.Compile("(?i)" + r.Pattern)
			if err != nil {
				return nil, fail(key+".pattern", "%v", err)
			}
			kr.pattern = re
		}
		if len(r.Action) == 0 && r.Pattern == "" && len(r.Module) == 0 && r.When == nil {
			return nil, fail(key, "give action, pattern, module or when")
		}
		c.rules = append(c.rules, kr)
	}
	c.fallback = activity.KindOther
	if p.Kinds.Fallback != "" {
		k, err := activity.ParseKind(p.Kinds.Fallback)
		if err != nil {
			return nil, fail("kinds.fallback", "%v", err)
		}
		c.fallback = k
	}

	// Meanings.
	for i, m := range p.Meanings {
		key := fmt.Sprintf("meanings[%d]", i)
		if strings.TrimSpace(m.Meaning) == "" {
			return nil, fail(key+".meaning", "missing")
		}
		if len(m.Action) == 0 {
			return nil, fail(key+".action", "missing")
		}
		c.meanings = append(c.meanings, meaningRule{actions: lowerSet(m.Action), modules: lowerList(m.Module), meaning: strings.TrimSpace(m.Meaning)})
	}

	// Changes.
	if ch := p.Changes; ch != nil {
		plan := &changesPlan{pairSep: ch.PairSep, kvs: ch.KVSep}
		switch ch.Format {
		case "kv":
			if plan.pairSep == "" {
				plan.pairSep = ";"
			}
			if plan.kvs == "" {
				plan.kvs = ":"
			}
			if plan.pairSep == plan.kvs {
				return nil, fail("changes.kv_sep", "must differ from pair_sep")
			}
		case "json":
			plan.json = true
			if ch.PairSep != "" || ch.KVSep != "" {
				return nil, fail("changes", "pair_sep and kv_sep are for format kv")
			}
		case "json_list":
			lp, err := compileJSONList(ch, readSlot)
			if err != nil {
				return nil, fail("changes", "%v", err)
			}
			if err := checkCols("changes.column"); err != nil {
				return nil, err
			}
			plan.list = lp
			c.changes = plan
		default:
			return nil, fail("changes.format", "%q is not kv, json or json_list", ch.Format)
		}
		if plan.list == nil {
			if ch.Column != "" || len(ch.JSON) > 0 || ch.Name != "" {
				return nil, fail("changes", "column, json and name are for format json_list")
			}
			if ch.Old == "" || ch.New == "" {
				return nil, fail("changes", "give both old and new columns")
			}
			plan.old, plan.new = slot(ch.Old), slot(ch.New)
			if err := checkCols("changes"); err != nil {
				return nil, err
			}
			c.changes = plan
		}
	}

	if err := c.compileExtras(slot, readSlot, checkCols, fail); err != nil {
		return nil, err
	}
	c.secrets = defaultSecretKeys()
	for i, s := range p.Secrets {
		if strings.TrimSpace(s) == "" {
			return nil, fail(fmt.Sprintf("secrets[%d]", i), "empty")
		}
		c.secrets = append(c.secrets, secretKeyForm(s))
	}
	return c, nil
}

func (c *compiled) compileRead(fail func(key, format string, args ...any) error) error {
	r := c.p.Read
	switch r.Zone {
	case "", "ask":
	default:
		loc, err := time.LoadLocation(r.Zone)
		if err != nil {
			return fail("read.zone", "unknown time zone %q; use an IANA name such as Europe/Bucharest, UTC, or ask", r.Zone)
		}
		c.zone = loc
	}
	switch r.DateOrder {
	case "", DayFirst, MonthFirst, YearFirst:
	default:
		return fail("read.date_order", "%q is not dmy, mdy or ymd", r.DateOrder)
	}
	for i, l := range r.Layouts {
		info, err := analyzeLayout(l)
		if err != nil {
			return fail(fmt.Sprintf("read.layouts[%d]", i), "%v", err)
		}
		if info.ambiguous && r.DateOrder == YearFirst {
			return fail(fmt.Sprintf("read.layouts[%d]", i), "%q puts day and month first, but read.date_order is ymd; say dmy or mdy", l)
		}
	}
	switch r.Decimal {
	case "", DecimalAuto, DecimalDot, DecimalComma:
	default:
		return fail("read.decimal", "%q is not auto, dot or comma", r.Decimal)
	}
	c.listSep = r.ListSep
	if c.listSep == "" {
		c.listSep = ";"
	}
	return nil
}

func compileValue(f FieldSpec, slot, readSlot func(string) int) (*valueSource, error) {
	vs := &valueSource{}
	n := 0
	if len(f.JSON) > 0 {
		if len(f.Columns) == 0 {
			return nil, fmt.Errorf("json names members of a column: give column too")
		}
		// A column read through member paths is kept whole in extra: the paths lift parts.
		slot = readSlot
		for _, s := range f.JSON {
			jp, err := parseJSONPath(s)
			if err != nil {
				return nil, err
			}
			vs.json = append(vs.json, jp)
		}
	}
	if len(f.Columns) > 0 {
		n++
		for _, col := range f.Columns {
			if strings.TrimSpace(col) == "" {
				return nil, fmt.Errorf("empty column name")
			}
			vs.cols = append(vs.cols, slot(col))
		}
	}
	if f.Template != "" {
		n++
		t, _, err := parseTemplate(f.Template, slot)
		if err != nil {
			return nil, err
		}
		vs.tmpl = t
	}
	if f.Value != "" {
		n++
		vs.value = f.Value
	}
	if n != 1 {
		return nil, fmt.Errorf("give exactly one of column(s), template or value")
	}
	for _, name := range f.Transform {
		t, ok := transformByName(name)
		if !ok {
			return nil, fmt.Errorf("unknown transform %q (known: %s)", name, transformNames)
		}
		vs.transforms = append(vs.transforms, t)
	}
	return vs, nil
}
