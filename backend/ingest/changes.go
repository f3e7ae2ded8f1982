package ingest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"trailbook/backend/activity"
)

// Mask replaces a secret value that the export wrote in clear text.
const Mask = "********"

// defaultSecretKeys are substrings of key names whose values are secrets.
func defaultSecretKeys() []string {
	return []string{
		"password", "passwd", "passphrase", "secret", "token", "api_key", "apikey",
		"private_key", "privatekey", "license_key", "licensekey", "access_key", "accesskey",
		"credential", "ssh_key", "session_key", "pin_code",
	}
}

// secretKeyForm is how key names are compared: "API Key", "api-key" and "api_key" agree.
func secretKeyForm(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '-', '.':
			return '_'
		}
		return r
	}, strings.ToLower(strings.TrimSpace(s)))
}

func isSecretKey(secrets []string, key string) bool {
	k := secretKeyForm(key)
	for _, s := range secrets {
		if strings.Contains(k, s) {
			return true
		}
	}
	return false
}

// isMasked reports a value the vendor already masked (******, ****-****-1A2B, •••,
// XXXX-1234, [redacted]); such values stay as written, since their visible part is
// often what tells two keys apart.
func isMasked(v string) bool {
	switch strings.ToLower(strings.Trim(v, "[]<>() ")) {
	case "redacted", "hidden", "masked", "removed":
		return true
	}
	run, prev := 0, rune(0)
	for _, r := range v {
		if r == prev {
			run++
		} else {
			run, prev = 1, r
		}
		switch {
		case (r == '*' || r == '•' || r == '●' || r == '·' || r == '#') && run >= 3:
			return true
		case (r == 'x' || r == 'X') && run >= 4:
			return true
		}
	}
	return false
}

// maskSecret returns v masked unless it is empty or masked already.
func maskSecret(v string) string {
	if v == "" || isMasked(v) {
		return v
	}
	return Mask
}

// diff turns before/after cells into one Change per changed field, in the order the
// fields first appear. Secret fields are always listed (a masked value cannot show
// whether it changed, and the fact of the change is what an audit needs) and never show
// a clear value. Fields present with equal values come back in unchanged as "k: v; ...".
func (c *compiled) diff(oldText, newText string) (changes []activity.Change, unchanged string, err error) {
	p := c.changes
	var oldKV, newKV []kv
	if p.json {
		if oldKV, err = jsonPairs(oldText); err != nil {
			return nil, "", fmt.Errorf("old values: %w", err)
		}
		if newKV, err = jsonPairs(newText); err != nil {
			return nil, "", fmt.Errorf("new values: %w", err)
		}
	} else {
		oldKV, newKV = kvPairs(oldText, p.pairSep, p.kvs), kvPairs(newText, p.pairSep, p.kvs)
	}
	type side struct{ old, new string }
	var order []string
	vals := make(map[string]*side, len(oldKV)+len(newKV))
	add := func(pairs []kv, isNew bool) {
		for _, e := range pairs {
			s := vals[e.k]
			if s == nil {
				s = &side{}
				vals[e.k] = s
				order = append(order, e.k)
			}
			if isNew {
				s.new = e.v
			} else {
				s.old = e.v
			}
		}
	}
	add(oldKV, false)
	add(newKV, true)
	var same []string
	for _, k := range order {
		s := vals[k]
		if isSecretKey(c.secrets, k) {
			changes = append(changes, activity.Change{Field: k, Old: maskSecret(s.old), New: maskSecret(s.new)})
			continue
		}
		if s.old == s.new {
			if s.old != "" {
				same = append(same, k+p.kvsOut()+s.old)
			}
			continue
		}
		changes = append(changes, activity.Change{Field: k, Old: s.old, New: s.new})
	}
	return changes, strings.Join(same, p.pairSepOut()), nil
}

func (p *changesPlan) kvsOut() string {
	if p.json {
		return ": "
	}
	return p.kvs + " "
}

func (p *changesPlan) pairSepOut() string {
	if p.json {
		return "; "
	}
	return p.pairSep + " "
}

type kv struct{ k, v string }

// kvPairs splits "key: value; key: value". The value is everything after the first
// kv separator, so "snapshot: 2024-02-11 03:00" keeps its time.
func kvPairs(s, pairSep, kvSep string) []kv {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	var out []kv
	for _, part := range strings.Split(s, pairSep) {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		k, v, _ := strings.Cut(part, kvSep)
		out = append(out, kv{strings.TrimSpace(k), strings.TrimSpace(v)})
	}
	return out
}

// jsonPairs reads a JSON object; nested values are kept as compact JSON text.
func jsonPairs(s string) ([]kv, error) {
	s = strings.TrimSpace(s)
	if s == "" || s == "null" || s == "{}" {
		return nil, nil
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		return nil, fmt.Errorf("not a JSON object: %v", err)
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys) // JSON objects have no order; sorted keys keep output stable
	out := make([]kv, 0, len(keys))
	for _, k := range keys {
		raw := m[k]
		var str string
		if err := json.Unmarshal(raw, &str); err == nil {
			out = append(out, kv{k, str})
			continue
		}
		if string(raw) == "null" {
			out = append(out, kv{k, ""})
			continue
		}
		var b bytes.Buffer
		if err := json.Compact(&b, raw); err != nil || !utf8.Valid(b.Bytes()) {
			out = append(out, kv{k, string(raw)})
			continue
		}
		out = append(out, kv{k, b.String()})
	}
	return out, nil
}
