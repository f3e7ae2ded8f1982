package ingest

import (
	"math"
	"time"
)

// fastLayout reads fixed-width numeric layouts such as "2006-01-02 15:04:05" without
// time.Parse, which dominates the per-row cost of large imports. Anything it does not
// accept exactly falls back to time.Parse, so both read the same texts.
type fastLayout struct {
	parts []fastPart
	width int
}

type fastPart struct {
	lit  byte
	kind chunkKind // chLiteral for lit
	n    int       // digits
}

// newFastLayout returns nil when the layout has elements the fast path does not read.
func newFastLayout(layout string) *fastLayout {
	f := &fastLayout{}
	for _, c := range tokenizeLayout(layout) {
		switch {
		case c.kind == chLiteral:
			for i := 0; i < len(c.text); i++ {
				if c.text[i] >= '0' && c.text[i] <= '9' || c.text[i] >= 0x80 {
					return nil
				}
				f.parts = append(f.parts, fastPart{lit: c.text[i]})
			}
		case c.kind == chYear && c.text == "2006":
			f.parts = append(f.parts, fastPart{kind: chYear, n: 4})
		case c.text == "01" && c.kind == chMonthNum, c.text == "02" && c.kind == chDay,
			c.text == "15", c.text == "04", c.text == "05":
			f.parts = append(f.parts, fastPart{kind: c.kind, n: 2})
		default:
			return nil
		}
	}
	for _, p := range f.parts {
		if p.kind == chLiteral {
			f.width++
		} else {
			f.width += p.n
		}
	}
	return f
}

// parse returns the wall clock fields, or ok=false.
func (f *fastLayout) parse(s string) (y, mo, d, h, mi, sec int, ok bool) {
	if len(s) != f.width {
		return 0, 0, 0, 0, 0, 0, false
	}
	mo, d = 1, 1
	i := 0
	for _, p := range f.parts {
		if p.kind == chLiteral {
			if s[i] != p.lit {
				return 0, 0, 0, 0, 0, 0, false
			}
			i++
			continue
		}
		v := 0
		for k := 0; k < p.n; k++ {
			c := s[i+k]
			if c < '0' || c > '9' {
				return 0, 0, 0, 0, 0, 0, false
			}
			v = v*10 + int(c-'0')
		}
		i += p.n
		switch p.kind {
		case chYear:
			y = v
		case chMonthNum:
			mo = v
		case chDay:
			d = v
		case chHour:
			h = v
		case chMinute:
			mi = v
		case chSecond:
			sec = v
		}
	}
	if mo < 1 || mo > 12 || d < 1 || d > daysIn(time.Month(mo), y) || h > 23 || mi > 59 || sec > 59 {
		return 0, 0, 0, 0, 0, 0, false
	}
	return y, mo, d, h, mi, sec, true
}

func daysIn(m time.Month, year int) int {
	return time.Date(year, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// zoneCache remembers the zone period (between two transitions) the last time fell in,
// so most rows skip the transition logic: a wall time whose instant lies more than two days
// inside the period has exactly one reading.
type zoneCache struct {
	start, end int64 // unix seconds; the period's bounds
	off        int64
	valid      bool
}

// resolve is ResolveLocal with the cache.
func (p *TimeParser) resolve(wall time.Time) (time.Time, string) {
	w := wall.Unix() // wall is in UTC: its Unix() is the wall clock counted as UTC
	zc := &p.zc
	if zc.valid {
		if u := w - zc.off; u-2*86400 >= zc.start && u+2*86400 < zc.end {
			return time.Unix(u, int64(wall.Nanosecond())).UTC(), ""
		}
	}
	t, warn := ResolveLocal(wall, p.loc)
	start, end := t.In(p.loc).ZoneBounds()
	_, off := t.In(p.loc).Zone()
	zc.start, zc.end, zc.off, zc.valid = math.MinInt64/2, math.MaxInt64/2, int64(off), true
	if !start.IsZero() {
		zc.start = start.Unix()
	}
	if !end.IsZero() {
		zc.end = end.Unix()
	}
	return t, warn
}
