package ingest

import (
	"bytes"
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"
)

// Profile kinds.
const (
	KindEvents = "events" // rows are activity events
	KindPeople = "people" // rows are people (a user list that enriches the actors)
)

// Profile describes one vendor export format: how to recognise it, how to read it and how
// its columns map onto activity.Event (or activity.Person). Profiles are data: the
// built-in ones are YAML files embedded in the binary, and users can save their own.
type Profile struct {
	ID          string `yaml:"id"`
	Name        string `yaml:"name"`
	System      string `yaml:"system,omitempty"` // the events' system; defaults to ID
	Description string `yaml:"description,omitempty"`
	Kind        string `yaml:"kind"` // KindEvents or KindPeople

	Match Match    `yaml:"match"`
	Read  ReadSpec `yaml:"read,omitempty"`

	// Fields maps normalized fields (time, actor_name, action, amount ...; for people
	// email, name, tags ...) to where their values come from.
	Fields   map[string]FieldSpec `yaml:"fields"`
	Targets  []TargetSpec         `yaml:"targets,omitempty"`
	Kinds    KindsSpec            `yaml:"kinds,omitempty"`
	Meanings []MeaningSpec        `yaml:"meanings,omitempty"`
	Changes  *ChangesSpec         `yaml:"changes,omitempty"`
	// Extra adds named values to the event's extra, e.g. a member of a JSON column
	// (`user_agent: {column: AuditData, json: UserAgent}`).
	Extra map[string]FieldSpec `yaml:"extra,omitempty"`
	// Secrets adds key names (matched as substrings, case-insensitively) whose values are
	// masked, to the built-in password, token, secret, api_key, license_key ...
	Secrets []string `yaml:"secrets,omitempty"`
}

// Match is how a file is recognised: all required headers present, none of the excluded.
// Optional headers are mapped when present.
type Match struct {
	Required []string `yaml:"required"`
	Optional []string `yaml:"optional,omitempty"`
	Excluded []string `yaml:"excluded,omitempty"`
}

// ReadSpec says how to read values.
type ReadSpec struct {
	// Zone is the IANA zone zone-less times are in, or "ask" when it depends on the
	// account (the user gives it at import). Empty means "ask" unless every layout
	// carries its own offset.
	Zone string `yaml:"zone,omitempty"`
	// Layouts are Go time layouts tried in order; empty means common ISO and numeric forms.
	Layouts []string `yaml:"layouts,omitempty"`
	// DateOrder is the default for numeric dates the file itself leaves ambiguous
	// (dmy or mdy), or ymd when dates are year-first only.
	DateOrder string `yaml:"date_order,omitempty"`
	// Decimal is auto (decided per file), dot or comma.
	Decimal string `yaml:"decimal,omitempty"`
	// ListSep splits list values such as tags; default ";".
	ListSep string `yaml:"list_sep,omitempty"`
}

// TargetSpec is one candidate record reference: the first non-empty candidate is the
// event's target (TargetRef, TargetType) and the next non-empty one its RelatedRef.
// Type is literal text or a template such as "{Module|singular|lower}".
type TargetSpec struct {
	Column string `yaml:"column"`
	Type   string `yaml:"type,omitempty"`
}

// KindsSpec maps raw actions onto the kind vocabulary: the first matching rule wins,
// Fallback (default "other") covers the rest.
type KindsSpec struct {
	Rules    []KindRule `yaml:"rules,omitempty"`
	Fallback string     `yaml:"fallback,omitempty"`
}

// KindRule matches the raw action case-insensitively: exactly one of Action, or the
// regular expression Pattern (case-insensitive); Module (exact or with * wildcards)
// narrows it to some modules or categories.
type KindRule struct {
	Action  StringList `yaml:"action,omitempty"`
	Pattern string     `yaml:"pattern,omitempty"`
	Module  StringList `yaml:"module,omitempty"`
	// When narrows the rule to rows whose value (a column, or a member of a JSON
	// column) meets a condition, e.g. a Status of Failure.
	When *Condition `yaml:"when,omitempty"`
	Kind string     `yaml:"kind"`
}

// MeaningSpec is the vendor's own definition of an activity, keyed by module (category)
// and action; * in a module matches any text ("Content - *"). First match wins.
type MeaningSpec struct {
	Module  StringList `yaml:"module,omitempty"`
	Action  StringList `yaml:"action"`
	Meaning string     `yaml:"meaning"`
}

// ChangesSpec reads before/after columns into Event.Changes, one Change per changed field.
//
// Format json_list reads one JSON column instead: JSON names member paths to arrays of
// objects (the first present wins), each object one change with its field name in
// member Name, its values in members Old and New (either may be absent).
type ChangesSpec struct {
	Format  string `yaml:"format"` // kv ("key: value; key: value"), json (an object) or json_list
	Old     string `yaml:"old,omitempty"`
	New     string `yaml:"new,omitempty"`
	PairSep string `yaml:"pair_sep,omitempty"` // kv only; default ";"
	KVSep   string `yaml:"kv_sep,omitempty"`   // kv only; default ":"

	Column string     `yaml:"column,omitempty"` // json_list only
	JSON   StringList `yaml:"json,omitempty"`   // json_list only
	Name   string     `yaml:"name,omitempty"`   // json_list only; default Name
}

// StringList is one string or a list of strings in YAML.
type StringList []string

// UnmarshalYAML accepts a scalar or a sequence.
func (l *StringList) UnmarshalYAML(n *yaml.Node) error {
	switch n.Kind {
	case yaml.ScalarNode:
		*l = StringList{n.Value}
		return nil
	case yaml.SequenceNode:
		var s []string
		if err := n.Decode(&s); err != nil {
			return err
		}
		*l = s
		return nil
	}
	return fmt.Errorf("line %d: want a string or a list of strings", n.Line)
}

// MarshalYAML writes a single value as a scalar.
func (l StringList) MarshalYAML() (any, error) {
	if len(l) == 1 {
		return l[0], nil
	}
	return []string(l), nil
}

// FieldSpec says where a normalized field's value comes from: one column, the first
// non-empty of several columns, a template over columns, or a constant. Transforms
// (lower, upper, trim, singular, na_empty, ...) apply in order.
//
// In YAML: `actor_name: User name`, `target_ref: [Order reference, Subscription reference]`,
// `actor_name: {template: "{First?} {Last?}"}`, `description: {column: Label, transform: na_empty}`.
//
// JSON reads the column as JSON and takes the first present of these member paths
// (`ip: {column: AuditData, json: [ClientIP, ActorIpAddress]}`); see jsonpath.go.
type FieldSpec struct {
	Columns   []string
	JSON      []string
	Template  string
	Value     string
	Transform []string
}

type fieldSpecYAML struct {
	Column    string     `yaml:"column,omitempty"`
	Columns   []string   `yaml:"columns,omitempty"`
	JSON      StringList `yaml:"json,omitempty"`
	Template  string     `yaml:"template,omitempty"`
	Value     string     `yaml:"value,omitempty"`
	Transform StringList `yaml:"transform,omitempty"`
}

// UnmarshalYAML accepts the scalar, list and mapping forms.
func (f *FieldSpec) UnmarshalYAML(n *yaml.Node) error {
	switch n.Kind {
	case yaml.ScalarNode:
		*f = FieldSpec{Columns: []string{n.Value}}
		return nil
	case yaml.SequenceNode:
		var cols []string
		if err := n.Decode(&cols); err != nil {
			return err
		}
		*f = FieldSpec{Columns: cols}
		return nil
	case yaml.MappingNode:
		if err := checkKeys(n, "column", "columns", "json", "template", "value", "transform"); err != nil {
			return err
		}
		var y fieldSpecYAML
		if err := n.Decode(&y); err != nil {
			return err
		}
		*f = FieldSpec{Columns: y.Columns, JSON: y.JSON, Template: y.Template, Value: y.Value, Transform: y.Transform}
		if y.Column != "" {
			f.Columns = append([]string{y.Column}, f.Columns...)
		}
		return nil
	}
	return fmt.Errorf("line %d: want a column name, a list of columns or a mapping", n.Line)
}

// MarshalYAML writes the shortest form.
func (f FieldSpec) MarshalYAML() (any, error) {
	if f.Template == "" && f.Value == "" && len(f.Transform) == 0 && len(f.JSON) == 0 {
		if len(f.Columns) == 1 {
			return f.Columns[0], nil
		}
		return f.Columns, nil
	}
	y := fieldSpecYAML{JSON: f.JSON, Template: f.Template, Value: f.Value, Transform: f.Transform}
	if len(f.Columns) == 1 {
		y.Column = f.Columns[0]
	} else {
		y.Columns = f.Columns
	}
	return y, nil
}

// checkKeys rejects unknown keys in a mapping that is decoded by hand (yaml.v3 does not
// carry KnownFields into custom unmarshalers).
func checkKeys(n *yaml.Node, allowed ...string) error {
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i].Value
		ok := false
		for _, a := range allowed {
			ok = ok || k == a
		}
		if !ok {
			return fmt.Errorf("line %d: unknown key %q (known: %s)", n.Content[i].Line, k, strings.Join(allowed, ", "))
		}
	}
	return nil
}

// ParseProfile reads and validates a profile. Errors name the offending key, e.g.
// `profile "acme": read.layouts[1]: "YYYY-MM-DD" is not a Go time layout ...`.
func ParseProfile(yamlBytes []byte) (*Profile, error) {
	dec := yaml.NewDecoder(bytes.NewReader(yamlBytes))
	dec.KnownFields(true)
	var p Profile
	if err := dec.Decode(&p); err != nil {
		return nil, fmt.Errorf("profile: %s", strings.TrimPrefix(err.Error(), "yaml: "))
	}
	if p.System == "" {
		p.System = p.ID
	}
	if _, err := compileProfile(&p); err != nil {
		return nil, err
	}
	return &p, nil
}

// YAML writes the profile for saving or sharing; ParseProfile reads it back.
func (p *Profile) YAML() ([]byte, error) {
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(p); err != nil {
		return nil, fmt.Errorf("encode profile %q: %w", p.ID, err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("encode profile %q: %w", p.ID, err)
	}
	return b.Bytes(), nil
}

// Headers lists the header names the profile needs and the ones it maps when present.
func (p *Profile) Headers() (required, optional []string) {
	return append([]string(nil), p.Match.Required...), append([]string(nil), p.Match.Optional...)
}

// NeedsZone reports whether the user must give the source time zone: the profile reads
// events whose times are zone-less and names no fixed zone.
func (p *Profile) NeedsZone() bool {
	if p.Kind != KindEvents {
		return false
	}
	if p.Read.Zone != "" && p.Read.Zone != "ask" {
		return false
	}
	if p.Read.Zone == "" && len(p.Read.Layouts) > 0 {
		for _, l := range p.Read.Layouts {
			if info, err := analyzeLayout(l); err != nil || !info.zoned {
				return true
			}
		}
		return false // every layout carries its own offset
	}
	return true
}

// DefaultZone is the zone times are read in when the user gives none: the profile's
// fixed zone, "UTC" when the times carry their own offsets, "" when NeedsZone.
func (p *Profile) DefaultZone() string {
	if p.NeedsZone() {
		return ""
	}
	if p.Read.Zone != "" && p.Read.Zone != "ask" {
		return p.Read.Zone
	}
	return "UTC"
}

// Condition tests one value of a row: a column, or a member of a JSON column. Exactly
// one test: In (one of these, case-insensitively), NotIn, or Empty (true: the value is
// empty; false: it is not).
type Condition struct {
	Column string     `yaml:"column"`
	JSON   StringList `yaml:"json,omitempty"`
	In     StringList `yaml:"in,omitempty"`
	NotIn  StringList `yaml:"not_in,omitempty"`
	Empty  *bool      `yaml:"empty,omitempty"`
}
