package ingest

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Date orders for numeric dates such as 03/04/2024.
const (
	DayFirst   = "dmy"
	MonthFirst = "mdy"
	YearFirst  = "ymd"
)

// defaultLayouts are used when a profile lists none: ISO 8601 in its common shapes and
// numeric dates with the usual separators, written day-first (the date order decides).
func defaultLayouts() []string {
	return []string{
		"2006-01-02T15:04:05.999999999Z07:00",
		"2006-01-02T15:04:05.999999999",
		"2006-01-02 15:04:05.999999999Z07:00",
		"2006-01-02 15:04:05.999999999",
		"2006-01-02 15:04",
		"2006-01-02",
		"2/1/2006 15:04:05", "2/1/2006 15:04", "2/1/2006 3:04:05 PM", "2/1/2006 3:04 PM", "2/1/2006",
		"2.1.2006 15:04:05", "2.1.2006 15:04", "2.1.2006",
		"2-1-2006 15:04:05", "2-1-2006 15:04", "2-1-2006",
	}
}

// ParsedTime is one time cell read.
type ParsedTime struct {
	UTC     time.Time // the instant
	Zone    string    // the zone it was read in: the source zone, or the text's own (UTC, +02:00)
	Warning string    // set when the wall time fell into a DST gap or overlap
}

// TimeParser reads time cells with a list of Go layouts. Zone-less times are read in a
// source zone with ResolveLocal; times with Z or an offset keep their own. A TimeParser
// remembers the last layout and zone period it used, so it is not safe for concurrent use.
type TimeParser struct {
	layouts []layoutInfo
	loc     *time.Location
	zone    string
	last    int // the layout that matched last: files are consistent, so it is tried first
	zc      zoneCache
}

// NewTimeParser prepares layouts for reading. Ambiguous numeric layouts (day and month
// both numbers) are turned to read order (DayFirst or MonthFirst) whichever way they are
// written; YearFirst or "" keeps them as written.
func NewTimeParser(layouts []string, order string, loc *time.Location) (*TimeParser, error) {
	if loc == nil {
		loc = time.UTC
	}
	if len(layouts) == 0 {
		layouts = defaultLayouts()
	}
	p := &TimeParser{loc: loc, zone: loc.String()}
	seen := map[string]bool{}
	for _, l := range layouts {
		info, err := analyzeLayout(l)
		if err != nil {
			return nil, err
		}
		if info.ambiguous && ((order == DayFirst && !info.dayFirst) || (order == MonthFirst && info.dayFirst)) {
			info.layout, info.dayFirst = swapDayMonth(info.layout), !info.dayFirst
		}
		if !seen[info.layout] {
			seen[info.layout] = true
			if !info.zoned {
				info.fast = newFastLayout(info.layout)
			}
			p.layouts = append(p.layouts, info)
		}
	}
	return p, nil
}

// Ambiguous reports whether some layout reads numeric dates whose order the data must decide.
func (p *TimeParser) Ambiguous() bool {
	for _, l := range p.layouts {
		if l.ambiguous {
			return true
		}
	}
	return false
}

var errNoLayout = errors.New("no layout matches")

// Parse reads one cell.
func (p *TimeParser) Parse(s string) (ParsedTime, error) {
	t, _, err := p.parse(s)
	return t, err
}

// parse reads one cell and says which layout read it.
func (p *TimeParser) parse(s string) (ParsedTime, *layoutInfo, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return ParsedTime{}, nil, errors.New("empty")
	}
	n := len(p.layouts)
	for k := 0; k < n; k++ {
		i := (p.last + k) % n
		l := &p.layouts[i]
		if l.fast != nil {
			if y, mo, d, h, mi, sec, ok := l.fast.parse(s); ok {
				p.last = i
				u, warn := p.resolve(time.Date(y, time.Month(mo), d, h, mi, sec, 0, time.UTC))
				return ParsedTime{UTC: u, Zone: p.zone, Warning: warn}, l, nil
			}
		}
		t, err := time.Parse(l.layout, s)
		if err != nil {
			continue
		}
		p.last = i
		if l.zoned {
			_, off := t.Zone()
			zone := "UTC"
			if off != 0 {
				zone = offText(int64(off))
			}
			return ParsedTime{UTC: t.UTC(), Zone: zone}, l, nil
		}
		u, warn := p.resolve(t)
		return ParsedTime{UTC: u, Zone: p.zone, Warning: warn}, l, nil
	}
	return ParsedTime{}, nil, errNoLayout
}

// examples lists the layouts as text for messages.
func (p *TimeParser) examples() string {
	var names []string
	for i, l := range p.layouts {
		if i == 3 {
			names = append(names, "...")
			break
		}
		names = append(names, l.layout)
	}
	return strings.Join(names, ", ")
}

// dateEvidence says which order a cell proves: DayFirst when only the day-first reading
// works (15/06/2024), MonthFirst when only the month-first one does, "" otherwise.
// ambiguous is set when both readings work through an ambiguous layout (03/04/2024).
func dateEvidence(dmy, mdy *TimeParser, s string) (order string, ambiguous bool) {
	_, lD, errD := dmy.parse(s)
	_, lM, errM := mdy.parse(s)
	switch {
	case errD == nil && errM != nil:
		return DayFirst, false
	case errM == nil && errD != nil:
		return MonthFirst, false
	case errD == nil:
		return "", lD.ambiguous || lM.ambiguous
	}
	return "", false
}

func orderName(order string) string {
	switch order {
	case DayFirst:
		return "day-first"
	case MonthFirst:
		return "month-first"
	}
	return "year-first"
}

// dateDecision is how a file's ambiguous dates are read and why.
type dateDecision struct {
	order string // DayFirst or MonthFirst
	why   string // for reject reasons: "decided from line 14: 15/06/2024"
	note  string // a file warning, "" when the data was clear
}

// decideDateOrder picks the order from sample cells; def is the profile's default.
func decideDateOrder(cells []sampleCell, dmy, mdy *TimeParser, def string) dateDecision {
	var nD, nM, nAmb int
	var firstD, firstM sampleCell
	for _, c := range cells {
		order, amb := dateEvidence(dmy, mdy, c.text)
		switch order {
		case DayFirst:
			if nD == 0 {
				firstD = c
			}
			nD++
		case MonthFirst:
			if nM == 0 {
				firstM = c
			}
			nM++
		default:
			if amb {
				nAmb++
			}
		}
	}
	if def != MonthFirst {
		def = DayFirst
	}
	d := dateDecision{order: def}
	switch {
	case nD > 0 && nM > 0:
		d.why = "the profile default: as many rows are day-first as month-first"
		if nD > nM {
			d.order, d.why = DayFirst, "most rows are day-first"
		} else if nM > nD {
			d.order, d.why = MonthFirst, "most rows are month-first"
		}
		d.note = fmt.Sprintf("dates disagree: %s day-first (first on line %d: %s), %s month-first (first on line %d: %s); read as %s (%s), rows that do not fit are rejected",
			plural(nD, "row is", "rows are"), firstD.line, firstD.text, plural(nM, "row is", "rows are"), firstM.line, firstM.text, orderName(d.order), d.why)
	case nD > 0:
		d.order = DayFirst
		d.why = fmt.Sprintf("decided from line %d: %s", firstD.line, firstD.text)
	case nM > 0:
		d.order = MonthFirst
		d.why = fmt.Sprintf("decided from line %d: %s", firstM.line, firstM.text)
	default:
		d.why = "the profile default; the file's dates were ambiguous"
		if nAmb > 0 {
			d.note = fmt.Sprintf("dates are ambiguous between day-first and month-first; read as %s (profile default)", orderName(def))
		}
	}
	return d
}

// sampleCell is a cell seen while sampling the first rows.
type sampleCell struct {
	line int64
	text string
}

// plural writes "1 row is" or "3 rows are".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
