package ingest

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"sort"
	"strings"
	"time"
)

// Mapping is a user's answer to "which column is which" for a file no profile knows.
// It becomes an ordinary profile (ProfileFromMapping), which can be saved and shared.
type Mapping struct {
	// Fields maps event field names (time, actor, actor_name, action, description, ip,
	// target_ref, module, amount, currency ...; see MappingFields) to header names.
	Fields map[string]string `json:"fields"`
	// DateLayout is the time format: a Go layout ("02/01/2006 15:04") or a pattern
	// ("DD/MM/YYYY HH:mm"). Empty reads ISO 8601 and the common numeric forms.
	DateLayout string `json:"date_layout,omitempty"`
	// DateOrder (dmy or mdy) reads ambiguous numeric dates; empty decides from the data.
	DateOrder string `json:"date_order,omitempty"`
	// Zone is the IANA zone of zone-less times; empty asks unless the times carry offsets.
	Zone string `json:"tz,omitempty"`
	// Name names the profile; its id and system are derived from it.
	Name string `json:"name,omitempty"`
}

// fieldAliases are the short names a mapping may use for event fields.
var fieldAliases = map[string]string{
	"actor": "actor_name", "user": "actor_name", "email": "actor_email", "target": "target_ref",
	"ref": "target_ref", "reference": "target_ref", "category": "module", "details": "description",
	"company": "actor_company", "when": "time", "date": "time",
}

// MappingFields lists the field names a mapping accepts, aliases after the event fields.
func MappingFields() []string {
	out := eventFieldNames()
	aliases := make([]string, 0, len(fieldAliases))
	for a := range fieldAliases {
		aliases = append(aliases, a)
	}
	sort.Strings(aliases)
	return append(out, aliases...)
}

// ErrBadMapping marks a mapping that cannot make a profile.
var ErrBadMapping = errors.New("bad column mapping")

// ProfileFromMapping builds an events profile from a mapping over a file's header. The
// profile requires the whole header (so the next file with the same header is
// recognised), stores the mapped columns in their fields, keeps the others in extra, and
// classifies actions with generic English rules (login, delete, export ...).
func ProfileFromMapping(header []string, m Mapping, samples []string) (*Profile, error) {
	h := newHeaderIndex(header)
	fields := map[string]FieldSpec{}
	var used []string
	for k, col := range m.Fields {
		field := strings.ToLower(strings.TrimSpace(k))
		if a, ok := fieldAliases[field]; ok {
			field = a
		}
		if fieldIndex(eventFieldNames(), field) < 0 {
			return nil, fmt.Errorf("%w: unknown field %q (known: %s)", ErrBadMapping, k, strings.Join(MappingFields(), ", "))
		}
		i := h.lookup(col)
		if i < 0 {
			return nil, fmt.Errorf("%w: %s=%s: the header has no column %q (it has: %s)", ErrBadMapping, k, col, col, strings.Join(nonEmptyNames(h), ", "))
		}
		if _, dup := fields[field]; dup {
			return nil, fmt.Errorf("%w: field %s is mapped twice", ErrBadMapping, field)
		}
		fields[field] = FieldSpec{Columns: []string{h.names[i]}}
		used = append(used, h.names[i])
	}
	if _, ok := fields["time"]; !ok {
		return nil, fmt.Errorf("%w: map the time column, e.g. --map time=Date", ErrBadMapping)
	}
	_, hasAction := fields["action"]
	desc, hasDesc := fields["description"]
	switch {
	case !hasAction && !hasDesc:
		return nil, fmt.Errorf("%w: map an action or a description column, e.g. --map action=Event", ErrBadMapping)
	case !hasAction:
		// The description is what happened: it is the action too, so kinds can read it.
		fields["action"] = desc
		delete(fields, "description")
	}
	for _, f := range []string{"currency"} {
		if fs, ok := fields[f]; ok {
			fs.Transform = []string{"upper"}
			fields[f] = fs
		}
	}
	if fs, ok := fields["ip"]; ok {
		fs.Transform = []string{"strip_port"}
		fields["ip"] = fs
	}

	p := &Profile{
		Name:        strings.TrimSpace(m.Name),
		Kind:        KindEvents,
		Description: "Saved column mapping for files with this header.",
		Fields:      fields,
		Kinds:       genericKinds(),
	}
	if p.Name == "" {
		p.Name = "Mapped columns"
	}
	p.ID = Slug(p.Name)
	p.System = p.ID
	for _, name := range h.names {
		if normHeader(name) != "" && !strings.HasPrefix(name, "column ") {
			p.Match.Required = append(p.Match.Required, name)
		}
	}
	layout, err := LayoutFromPattern(m.DateLayout)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadMapping, err)
	}
	if layout != "" {
		p.Read.Layouts = []string{layout}
		if info, _ := analyzeLayout(layout); info.ambiguous && m.DateOrder == "" {
			// The user wrote the day and month in an order: that is the order.
			m.DateOrder = MonthFirst
			if info.dayFirst {
				m.DateOrder = DayFirst
			}
		}
	}
	switch m.DateOrder {
	case "", DayFirst, MonthFirst:
		p.Read.DateOrder = m.DateOrder
	default:
		return nil, fmt.Errorf("%w: date order %q is not dmy or mdy", ErrBadMapping, m.DateOrder)
	}
	switch {
	case m.Zone != "":
		if _, err := time.LoadLocation(m.Zone); err != nil {
			return nil, fmt.Errorf("%w: unknown time zone %q: use an IANA name such as Europe/Bucharest or UTC", ErrBadMapping, m.Zone)
		}
		p.Read.Zone = m.Zone
	case allZoned(samples):
		p.Read.Zone = "UTC" // the times carry their own offsets
	default:
		p.Read.Zone = "ask"
	}
	if _, err := compileProfile(p); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadMapping, err)
	}
	return p, nil
}

func nonEmptyNames(h headerIndex) []string {
	var out []string
	for _, n := range h.names {
		if !strings.HasPrefix(n, "column ") {
			out = append(out, n)
		}
	}
	return out
}

var zonedRe = regexp.MustCompile(`(?i)(z|utc|gmt|[+-]\d\d:?\d\d)$`)

// allZoned reports whether every sample time names its zone or offset.
func allZoned(samples []string) bool {
	n := 0
	for _, s := range samples {
		if s = strings.TrimSpace(s); s == "" {
			continue
		}
		if !zonedRe.MatchString(s) {
			return false
		}
		n++
	}
	return n > 0
}

var slugRe = regexp.MustCompile(`[^a-z0-9]+`)

// Slug turns a name into a profile id: "ACME CRM (EU)" -> "acme-crm-eu".
func Slug(name string) string {
	s := strings.Trim(slugRe.ReplaceAllString(strings.ToLower(name), "-"), "-")
	if s == "" {
		s = "custom"
	}
	if len(s) > 60 {
		s = strings.TrimRight(s[:60], "-")
	}
	return s
}

// LayoutFromPattern turns a date pattern such as "DD/MM/YYYY HH:mm:ss" into a Go layout;
// a Go layout ("02/01/2006 15:04") is returned as it is.
func LayoutFromPattern(p string) (string, error) {
	p = strings.TrimSpace(p)
	if p == "" {
		return "", nil
	}
	isPattern := strings.ContainsAny(p, "YDH")
	for _, tok := range []string{"yy", "dd", "mm", "ss", "hh"} {
		isPattern = isPattern || strings.Contains(p, tok)
	}
	layout := p
	if isPattern {
		layout = strings.NewReplacer(
			"YYYY", "2006", "yyyy", "2006", "YY", "06", "yy", "06",
			"MMMM", "January", "MMM", "Jan", "MM", "01",
			"DD", "02", "dd", "02",
			"HH", "15", "hh", "03", "mm", "04", "ss", "05",
			"AM/PM", "PM", "tt", "PM", "TT", "PM",
		).Replace(p)
		// Single letters: M/D/YYYY h:mm.
		layout = patM.ReplaceAllString(layout, "1")
		layout = patD.ReplaceAllString(layout, "2")
		layout = patH.ReplaceAllString(layout, "15")
		layout = patLowH.ReplaceAllString(layout, "3")
	}
	if _, err := analyzeLayout(layout); err != nil {
		return "", fmt.Errorf("date layout %q: %v; write it like DD/MM/YYYY HH:mm or as a Go layout such as 02/01/2006 15:04", p, err)
	}
	return layout, nil
}

var (
	patM    = regexp.MustCompile(`\bM\b`)
	patD    = regexp.MustCompile(`\b[Dd]\b`)
	patH    = regexp.MustCompile(`\bH\b`)
	patLowH = regexp.MustCompile(`\bh\b`)
)

// genericKinds classify actions written in plain English; a saved profile carries them
// and the user can edit them.
func genericKinds() KindsSpec {
	return KindsSpec{Fallback: "other", Rules: []KindRule{
		{Pattern: `(fail|invalid|denied|locked).*(log(ged)? ?in|sign(ed)? ?in|auth)|(log ?in|sign ?in|auth).*(fail|invalid|denied)`, Kind: "login_failed"},
		{Pattern: `log(ged)? ?out|sign(ed)? ?(out|off)`, Kind: "logout"},
		{Pattern: `log(ged)? ?in|sign(ed)? ?in|logon`, Kind: "login"},
		{Pattern: `permission|role|privilege|grant|revoke|access right`, Kind: "permission_change"},
		{Pattern: `refund`, Kind: "refund"},
		{Pattern: `subscription|renew`, Kind: "subscription_change"},
		{Pattern: `payment|paid|charge`, Kind: "payment"},
		{Pattern: `restor|undelet|recover`, Kind: "restore"},
		{Pattern: `delet|remov|purg|destroy`, Kind: "delete"},
		{Pattern: `export`, Kind: "export"},
		{Pattern: `download`, Kind: "download"},
		{Pattern: `send|sent|e-?mail|notif`, Kind: "send"},
		{Pattern: `creat|add|new|insert|upload|register`, Kind: "create"},
		{Pattern: `updat|edit|chang|modif|renam|set|assign|move`, Kind: "update"},
		{Pattern: `view|open|read|access|search|list|display`, Kind: "view"},
		{Pattern: `run|execut|start|stop|launch`, Kind: "execute"},
		{Pattern: `message|chat|comment`, Kind: "message"},
	}}
}

// SampleRows reads the header and up to n data rows of a sniffed file, raw, with a
// lenient reader (bare quotes kept); for suggesting a mapping, not for importing.
func SampleRows(src *Source, n int) (header []string, rows [][]string, err error) {
	f, err := os.Open(src.Path)
	if err != nil {
		return nil, nil, fmt.Errorf("open %s: %w", src.Path, err)
	}
	defer f.Close()
	dec, err := decodeReader(src.Encoding, f)
	if err != nil {
		return nil, nil, err
	}
	if src.LineEnding == "cr" {
		dec = crToLF{dec}
	}
	br := bufio.NewReaderSize(dec, 64<<10)
	for i := 1; i < src.HeaderLine; i++ {
		if _, err := br.ReadString('\n'); err != nil {
			return nil, nil, &FileError{File: src.Path, Line: i, Msg: "the file ends before its header"}
		}
	}
	cr := csv.NewReader(br)
	cr.Comma, cr.FieldsPerRecord, cr.LazyQuotes = src.Delimiter, -1, true
	if cr.Comma == 0 {
		cr.Comma = ','
	}
	header, err = cr.Read()
	if err != nil {
		if err == io.EOF {
			return nil, nil, &FileError{File: src.Path, Line: src.HeaderLine, Msg: "the file has no header row"}
		}
		return nil, nil, fmt.Errorf("read header of %s: %w", src.Path, err)
	}
	for len(rows) < n {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			continue // a broken row says nothing about the columns
		}
		rows = append(rows, rec)
	}
	return header, rows, nil
}
