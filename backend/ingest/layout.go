package ingest

import (
	"fmt"
	"strings"
	"time"
)

// chunkKind classifies the pieces of a Go time layout. The tokenizer mirrors the rules of
// the time package (nextStdChunk) for the elements a profile may use.
type chunkKind int

const (
	chLiteral    chunkKind = iota
	chYear                 // 2006, 06
	chMonthNum             // 01, 1
	chMonthName            // Jan, January
	chDay                  // 02, 2, _2
	chYearDay              // 002, __2
	chWeekday              // Mon, Monday
	chHour                 // 15, 03, 3
	chMinute               // 04, 4
	chSecond               // 05, 5
	chAMPM                 // PM, pm
	chFrac                 // .000, .999, ,000
	chZoneOffset           // -0700, -07:00, Z07:00 ...
	chZoneName             // MST
)

type chunk struct {
	text string
	kind chunkKind
}

// tokenizeLayout splits a Go layout into literal text and elements.
func tokenizeLayout(layout string) []chunk {
	var out []chunk
	lit := 0
	emit := func(i, n int, k chunkKind) {
		if lit < i {
			out = append(out, chunk{layout[lit:i], chLiteral})
		}
		out = append(out, chunk{layout[i : i+n], k})
		lit = i + n
	}
	has := func(i int, s string) bool { return strings.HasPrefix(layout[i:], s) }
	for i := 0; i < len(layout); {
		n, k := 0, chLiteral
		switch c := layout[i]; c {
		case 'J':
			if has(i, "January") {
				n, k = 7, chMonthName
			} else if has(i, "Jan") {
				n, k = 3, chMonthName
			}
		case 'M':
			if has(i, "Monday") {
				n, k = 6, chWeekday
			} else if has(i, "Mon") {
				n, k = 3, chWeekday
			} else if has(i, "MST") {
				n, k = 3, chZoneName
			}
		case '0':
			if has(i, "002") {
				n, k = 3, chYearDay
			} else if i+1 < len(layout) && layout[i+1] >= '1' && layout[i+1] <= '6' {
				n = 2
				k = [...]chunkKind{chMonthNum, chDay, chHour, chMinute, chSecond, chYear}[layout[i+1]-'1']
			}
		case '1':
			if has(i, "15") {
				n, k = 2, chHour
			} else {
				n, k = 1, chMonthNum
			}
		case '2':
			if has(i, "2006") {
				n, k = 4, chYear
			} else {
				n, k = 1, chDay
			}
		case '_':
			if has(i, "_2006") {
				// "_2006" is a literal underscore followed by the year.
				n, k = 0, chLiteral
			} else if has(i, "__2") {
				n, k = 3, chYearDay
			} else if has(i, "_2") {
				n, k = 2, chDay
			}
		case '3':
			n, k = 1, chHour
		case '4':
			n, k = 1, chMinute
		case '5':
			n, k = 1, chSecond
		case 'P':
			if has(i, "PM") {
				n, k = 2, chAMPM
			}
		case 'p':
			if has(i, "pm") {
				n, k = 2, chAMPM
			}
		case '-', 'Z':
			for _, z := range []string{"070000", "07:00:00", "0700", "07:00", "07"} {
				if has(i+1, z) {
					n, k = 1+len(z), chZoneOffset
					break
				}
			}
		case '.', ',':
			// A fraction is a run of 0s or 9s after the separator, not followed by a digit.
			if i+1 < len(layout) && (layout[i+1] == '0' || layout[i+1] == '9') {
				j := i + 1
				for j < len(layout) && layout[j] == layout[i+1] {
					j++
				}
				if j == len(layout) || layout[j] < '0' || layout[j] > '9' {
					n, k = j-i, chFrac
				}
			}
		}
		if n == 0 {
			i++
			continue
		}
		emit(i, n, k)
		i += n
	}
	if lit < len(layout) {
		out = append(out, chunk{layout[lit:], chLiteral})
	}
	return out
}

// layoutInfo is what the reader needs to know about one layout.
type layoutInfo struct {
	layout    string
	zoned     bool // carries its own offset: the text wins over the source zone
	ambiguous bool // numeric day and month, not year-first: 03/04/2024
	dayFirst  bool // for ambiguous layouts: the day comes before the month
	fast      *fastLayout
}

// analyzeLayout checks that a layout can read a date and describes it.
func analyzeLayout(layout string) (layoutInfo, error) {
	info := layoutInfo{layout: layout}
	var year, month, day, monthNum, ampm, hour12 bool
	order := ""
	for _, c := range tokenizeLayout(layout) {
		switch c.kind {
		case chYear:
			year = true
			order += "y"
		case chMonthNum:
			month, monthNum = true, true
			order += "m"
		case chMonthName:
			month = true
			order += "m"
		case chDay:
			day = true
			order += "d"
		case chYearDay:
			month, day = true, true
		case chHour:
			hour12 = hour12 || c.text != "15"
		case chAMPM:
			ampm = true
		case chZoneOffset:
			info.zoned = true
		case chZoneName:
			return info, fmt.Errorf("%q uses a zone abbreviation (MST), which Go cannot read reliably; use -07:00 or Z07:00", layout)
		}
	}
	switch {
	case !year && !month && !day:
		return info, fmt.Errorf("%q is not a Go time layout; write the reference time Mon Jan 2 15:04:05 2006 in the file's format, e.g. 2006-01-02 15:04:05 or 02/01/2006 03:04 PM", layout)
	case !year || !month || !day:
		return info, fmt.Errorf("%q needs a year (2006), a month (01 or Jan) and a day (02)", layout)
	case hour12 && !ampm:
		return info, fmt.Errorf("%q has a 12-hour clock (03 or 3) without PM; use 15 for a 24-hour clock", layout)
	}
	if monthNum && day && !strings.HasPrefix(order, "y") {
		info.ambiguous = true
		info.dayFirst = strings.Index(order, "d") < strings.Index(order, "m")
	}
	// A layout that cannot read its own output is broken in some way the checks above
	// did not name; better to say so now than to reject every row later.
	ref := time.Date(2024, 11, 23, 19, 45, 31, 0, time.UTC)
	if _, err := time.Parse(layout, ref.Format(layout)); err != nil {
		return info, fmt.Errorf("%q cannot read its own output: %v", layout, err)
	}
	return info, nil
}

// swapDayMonth turns a day-first layout into the month-first one and back:
// 02/01/2006 <-> 01/02/2006, 2/1/2006 <-> 1/2/2006.
func swapDayMonth(layout string) string {
	var b strings.Builder
	for _, c := range tokenizeLayout(layout) {
		switch {
		case c.kind == chDay && c.text == "02":
			b.WriteString("01")
		case c.kind == chDay: // "2", "_2"
			b.WriteString("1")
		case c.kind == chMonthNum && c.text == "01":
			b.WriteString("02")
		case c.kind == chMonthNum:
			b.WriteString("2")
		default:
			b.WriteString(c.text)
		}
	}
	return b.String()
}
