package ingest

import (
	"net"
	"regexp"
	"sort"
	"strings"
	"time"
)

// Suggestion is a proposed mapping for a file no profile knows, worked out from its
// header names and its first rows.
type Suggestion struct {
	Header    []string          `json:"header"`
	Map       map[string]string `json:"map"`        // field -> column
	DateOrder string            `json:"date_order"` // dmy, mdy, or "" when the dates do not say
	Zoned     bool              `json:"zoned"`      // the times carry their own zone or offset
	Rows      int               `json:"rows_sampled"`
	Columns   []ColumnGuess     `json:"columns"`
	Missing   []string          `json:"missing"` // what must still be mapped before importing
}

// ColumnGuess is what the sample says about one column; shares are percentages of its
// non-empty cells.
type ColumnGuess struct {
	Name    string   `json:"name"`
	Field   string   `json:"field,omitempty"` // the field it is suggested for
	Filled  int      `json:"filled_pct"`
	Dates   int      `json:"dates_pct"`
	IPs     int      `json:"ips_pct"`
	Emails  int      `json:"emails_pct"`
	Amounts int      `json:"amounts_pct"`
	Samples []string `json:"samples"`
}

// suggestRows is how many rows Suggest reads.
const suggestRows = 200

// maxSampleText bounds the sample values shown per column.
const maxSampleText = 60

var emailRe = regexp.MustCompile(`^[^@\s,;<>"]+@[^@\s,;<>"]+\.[^@\s,;<>"]+$`)

// nameHints rank header names for each field; the first pattern that matches wins.
var nameHints = []struct {
	field string
	re    *regexp.Regexp
}{
	{"time", regexp.MustCompile(`(?i)^(date|time|timestamp|datetime|date ?/ ?time|when|occurred|created( ?at| ?on)?|event ?time|log ?time|date \(utc\)|time \(utc\))$|date|time`)},
	{"actor_email", regexp.MustCompile(`(?i)e-?mail`)},
	{"ip", regexp.MustCompile(`(?i)(^|[^a-z])ip([^a-z]|$)|ip ?address|client ?address|remote ?addr|source ?address`)},
	{"action", regexp.MustCompile(`(?i)^(action|activity|event|event ?name|operation|op|verb|event ?type|activity ?type|action ?type)$|action|activity|operation|what|happened|event`)},
	{"actor_name", regexp.MustCompile(`(?i)^(user|user ?name|username|login|actor|performed ?by|changed ?by|by|who|account|operator|admin|agent|staff|employee)$|user|actor|performed|login`)},
	{"description", regexp.MustCompile(`(?i)desc|detail|message|comment|note|summary|label|info|history`)},
	{"module", regexp.MustCompile(`(?i)^(module|category|page|section|area|service|component|feature|object ?type|resource ?type|app|application|source)$`)},
	{"target_ref", regexp.MustCompile(`(?i)ref|record|object|target|resource|document|order|invoice|ticket|item|entity`)},
	{"amount", regexp.MustCompile(`(?i)amount|price|total|sum|value|cost`)},
	{"currency", regexp.MustCompile(`(?i)^(currency|cur|ccy|curr)$`)},
	{"actor_id", regexp.MustCompile(`(?i)^(user ?id|actor ?id|account ?id|uid)$`)},
}

var currencyRe = regexp.MustCompile(`^[A-Z]{3}$`)

// Suggest proposes a mapping for header and rows (as SampleRows reads them).
func Suggest(header []string, rows [][]string) *Suggestion {
	h := newHeaderIndex(header)
	s := &Suggestion{Header: h.names, Map: map[string]string{}, Rows: len(rows), Missing: []string{}}
	dmy, _ := NewTimeParser(nil, DayFirst, time.UTC)
	mdy, _ := NewTimeParser(nil, MonthFirst, time.UTC)
	cols := make([]ColumnGuess, len(header))
	var timeCells [][]sampleCell
	for i := range header {
		g := ColumnGuess{Name: h.names[i], Samples: []string{}}
		var filled, dates, ips, emails, amounts int
		var cells []sampleCell
		for r, row := range rows {
			if i >= len(row) {
				continue
			}
			v := trimCell(row[i])
			if v == "" {
				continue
			}
			filled++
			if len(g.Samples) < 3 {
				g.Samples = append(g.Samples, clip(v, maxSampleText))
			}
			if len(v) > 64 {
				continue // a long text is none of the short kinds below
			}
			if _, err := dmy.Parse(v); err == nil {
				dates++
				cells = append(cells, sampleCell{int64(r + 2), v})
			} else if _, err := mdy.Parse(v); err == nil {
				dates++
				cells = append(cells, sampleCell{int64(r + 2), v})
			}
			if net.ParseIP(stripPort(v)) != nil {
				ips++
			}
			if emailRe.MatchString(v) {
				emails++
			}
			if _, err := ParseAmount(v, false); err == nil && !currencyRe.MatchString(v) {
				amounts++
			}
		}
		if filled > 0 {
			g.Filled = 100 * filled / len(rows)
			g.Dates, g.IPs, g.Emails, g.Amounts = 100*dates/filled, 100*ips/filled, 100*emails/filled, 100*amounts/filled
		}
		cols[i] = g
		timeCells = append(timeCells, cells)
	}

	taken := map[int]bool{}
	for i, name := range header {
		if normHeader(name) == "" {
			taken[i] = true // a nameless column cannot be named in a mapping
		}
	}
	fieldCol := map[string]int{}
	assign := func(field string, i int) {
		fieldCol[field] = i
		s.Map[field] = cols[i].Name
		cols[i].Field = field
		taken[i] = true
	}
	hint := func(field string, ok func(ColumnGuess) bool) {
		if _, done := s.Map[field]; done {
			return
		}
		for _, nh := range nameHints {
			if nh.field != field {
				continue
			}
			// Whole-name matches first, then names containing the hint.
			best := -1
			for i, g := range cols {
				if taken[i] || !nh.re.MatchString(g.Name) || !ok(g) {
					continue
				}
				if best < 0 || len(g.Name) < len(cols[best].Name) {
					best = i
				}
			}
			if best >= 0 {
				assign(field, best)
			}
		}
	}
	byData := func(field string, share func(ColumnGuess) int) {
		if _, done := s.Map[field]; done {
			return
		}
		best := -1
		for i, g := range cols {
			if !taken[i] && share(g) >= 80 && (best < 0 || share(g) > share(cols[best])) {
				best = i
			}
		}
		if best >= 0 {
			assign(field, best)
		}
	}
	anyCol := func(ColumnGuess) bool { return true }
	mostlyDates := func(g ColumnGuess) bool { return g.Dates >= 80 }
	// The data decides the time, IP and email columns; names decide the rest.
	hint("time", mostlyDates)
	byData("time", func(g ColumnGuess) int { return g.Dates })
	hint("ip", func(g ColumnGuess) bool { return g.IPs >= 50 || g.Filled == 0 })
	byData("ip", func(g ColumnGuess) int { return g.IPs })
	hint("actor_email", func(g ColumnGuess) bool { return g.Emails >= 50 || g.Filled == 0 })
	byData("actor_email", func(g ColumnGuess) int { return g.Emails })
	notData := func(g ColumnGuess) bool { return g.Dates < 80 && g.IPs < 80 }
	hint("action", notData)
	hint("actor_id", notData)
	hint("actor_name", notData)
	hint("description", notData)
	hint("module", notData)
	hint("currency", anyCol)
	hint("amount", func(g ColumnGuess) bool { return g.Amounts >= 80 })
	hint("target_ref", notData)
	if _, a := s.Map["action"]; !a {
		if _, d := s.Map["description"]; !d {
			// No name says it: the first filled text column is most likely what happened.
			for i, g := range cols {
				if !taken[i] && g.Filled >= 50 && g.Amounts < 50 && notData(g) && g.Emails < 50 {
					assign("action", i)
					break
				}
			}
		}
	}
	s.Columns = cols

	if i, ok := fieldCol["time"]; ok {
		d := decideDateOrder(timeCells[i], dmy, mdy, "")
		if !strings.HasPrefix(d.why, "the profile default") {
			s.DateOrder = d.order
		}
		var texts []string
		for _, c := range timeCells[i] {
			texts = append(texts, c.text)
		}
		s.Zoned = allZoned(texts)
	} else {
		s.Missing = append(s.Missing, "time")
	}
	_, a := s.Map["action"]
	_, d := s.Map["description"]
	if !a && !d {
		s.Missing = append(s.Missing, "action or description")
	}
	return s
}

// Args writes the suggestion as --map flags, fields in a fixed order.
func (s *Suggestion) Args() []string {
	fields := make([]string, 0, len(s.Map))
	for f := range s.Map {
		fields = append(fields, f)
	}
	order := eventFieldNames()
	sort.Slice(fields, func(i, j int) bool { return fieldIndex(order, fields[i]) < fieldIndex(order, fields[j]) })
	var out []string
	for _, f := range fields {
		out = append(out, "--map", f+"="+s.Map[f])
	}
	if s.DateOrder != "" {
		out = append(out, "--date-order", s.DateOrder)
	}
	return out
}
