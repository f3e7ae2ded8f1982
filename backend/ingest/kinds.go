package ingest

import (
	"strings"

	"trailbook/backend/activity"
)

// classified is what a profile says about one (module, action) pair.
type classified struct {
	kind    activity.Kind
	meaning string
}

// classifier looks up kinds and meanings, remembering each distinct (module, action)
// pair: exports repeat a few dozen pairs millions of times, so the rules (and any
// regular expressions) run once per pair rather than once per row.
type classifier struct {
	c     *compiled
	cache map[uint64]map[string]map[string]classified // conditions -> module -> action -> result; no key concatenation per row
	size  int
}

// maxClassCache bounds the cache for files whose "actions" are really free text.
const maxClassCache = 1 << 14

func newClassifier(c *compiled) *classifier {
	return &classifier{c: c, cache: map[uint64]map[string]map[string]classified{}}
}

// mask holds the row's outcome of each conditional rule (bit i: conds[i] holds).
func (k *classifier) classify(module, action string, mask uint64) classified {
	byModule := k.cache[mask]
	byAction := byModule[module]
	if r, ok := byAction[action]; ok {
		return r
	}
	r := k.c.classify(module, action, mask)
	if k.size < maxClassCache {
		if byModule == nil {
			byModule = map[string]map[string]classified{}
			k.cache[mask] = byModule
		}
		if byAction == nil {
			byAction = map[string]classified{}
			byModule[strings.Clone(module)] = byAction
		}
		// Clone: the row's strings share one allocation with the whole record.
		byAction[strings.Clone(action)] = r
		k.size++
	}
	return r
}

// classify runs the rules: the first kind rule and the first meaning that match.
func (c *compiled) classify(module, action string, mask uint64) classified {
	r := classified{kind: c.fallback}
	la := strings.ToLower(strings.TrimSpace(action))
	for _, rule := range c.rules {
		if rule.when >= 0 && mask&(1<<uint(rule.when)) == 0 {
			continue
		}
		if !anyGlob(rule.modules, module) {
			continue
		}
		if rule.actions != nil && !rule.actions[la] {
			continue
		}
		if rule.pattern != nil && !rule.pattern.MatchString(action) {
			continue
		}
		r.kind = rule.kind
		break
	}
	for _, m := range c.meanings {
		if m.actions[la] && anyGlob(m.modules, module) {
			r.meaning = m.meaning
			break
		}
	}
	return r
}

func lowerSet(l []string) map[string]bool {
	if len(l) == 0 {
		return nil
	}
	m := make(map[string]bool, len(l))
	for _, s := range l {
		m[strings.ToLower(strings.TrimSpace(s))] = true
	}
	return m
}

func lowerList(l []string) []string {
	out := make([]string, 0, len(l))
	for _, s := range l {
		out = append(out, strings.ToLower(strings.TrimSpace(s)))
	}
	return out
}

// globMatch matches s against a lower-cased pattern where * is any text.
func globMatch(pattern, s string) bool {
	s = strings.ToLower(s)
	parts := strings.Split(pattern, "*")
	if len(parts) == 1 {
		return s == pattern
	}
	if !strings.HasPrefix(s, parts[0]) {
		return false
	}
	s = s[len(parts[0]):]
	for _, mid := range parts[1 : len(parts)-1] {
		i := strings.Index(s, mid)
		if i < 0 {
			return false
		}
		s = s[i+len(mid):]
	}
	return strings.HasSuffix(s, parts[len(parts)-1])
}

func anyGlob(patterns []string, s string) bool {
	if len(patterns) == 0 {
		return true
	}
	for _, p := range patterns {
		if globMatch(p, s) {
			return true
		}
	}
	return false
}
