package ingest

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"trailbook/backend/activity"
)

// Decimal separator settings of a profile (read.decimal).
const (
	DecimalAuto  = "auto"
	DecimalDot   = "dot"
	DecimalComma = "comma"
)

// ParseAmount reads a money amount as people write it: "1,234.56", "1.234,56", "49,50",
// "1 234,56", "-12", "(49.50)", "$ 12.00". A value whose separators speak for themselves is
// read that way; commaDecimal settles the ambiguous ones ("1,234" and "1.234": a thousand
// when the other separator is the decimal one).
func ParseAmount(s string, commaDecimal bool) (activity.Amount, error) {
	s = strings.TrimSpace(s)
	if plainDecimal(s) {
		// The common case ("49.50", "1499", "-3.5") needs no rewriting and no allocation.
		return activity.ParseAmount(s)
	}
	orig := s
	neg := false
	if strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") {
		neg, s = true, s[1:len(s)-1] // accounting negative: (49.50)
	}
	s = trimCurrency(s)
	switch {
	case strings.HasPrefix(s, "-"):
		neg, s = !neg, strings.TrimSpace(s[1:])
	case strings.HasSuffix(s, "-"):
		neg, s = !neg, strings.TrimSpace(s[:len(s)-1])
	case strings.HasPrefix(s, "+"):
		s = strings.TrimSpace(s[1:])
	}
	var digits strings.Builder
	digits.Grow(len(s) + 1)
	if neg {
		digits.WriteByte('-')
	}
	dec := decimalSeparator(s, commaDecimal)
	seenDec := false
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits.WriteRune(r)
		case r == dec && !seenDec:
			digits.WriteByte('.')
			seenDec = true
		case r == ',' || r == '.' || isGroupSpace(r):
			// grouping
		default:
			return activity.Amount{}, fmt.Errorf("%q is not an amount", orig)
		}
	}
	if !groupingOK(s, dec) {
		return activity.Amount{}, fmt.Errorf("%q is not an amount: digit groups are not in threes", orig)
	}
	a, err := activity.ParseAmount(digits.String())
	if err != nil {
		return activity.Amount{}, fmt.Errorf("%q is not an amount", orig)
	}
	return a, nil
}

// plainDecimal reports digits with at most one '.' (not followed by exactly three
// digits, which could be a thousands group) and an optional leading '-'.
func plainDecimal(s string) bool {
	if strings.HasPrefix(s, "-") {
		s = s[1:]
	}
	if s == "" {
		return false
	}
	dot := -1
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
		case c == '.' && dot < 0:
			dot = i
		default:
			return false
		}
	}
	return dot < 0 || len(s)-dot-1 != 3
}

// trimCurrency drops a currency symbol or code stuck to either end: "$12", "12 €", "EUR 12".
func trimCurrency(s string) string {
	for _, sym := range []string{"$", "€", "£", "¥", "₹", "₽", "₺", "₩", "₴", "₪", "₫", "₱", "lei", "RON", "USD", "EUR", "GBP"} {
		if strings.HasPrefix(s, sym) {
			s = strings.TrimSpace(s[len(sym):])
		} else if strings.HasSuffix(s, sym) {
			s = strings.TrimSpace(s[:len(s)-len(sym)])
		}
	}
	return s
}

// isGroupSpace reports the digit-group separators that are never decimal separators:
// spaces (also no-break and narrow no-break) and the Swiss apostrophe.
func isGroupSpace(r rune) bool {
	return r == ' ' || r == '\u00A0' || r == '\u202F' || r == '\'' || r == '’'
}

// decimalSeparator picks the decimal separator of one value, or 0 when it has none.
func decimalSeparator(s string, commaDecimal bool) rune {
	lastDot, lastComma := strings.LastIndexByte(s, '.'), strings.LastIndexByte(s, ',')
	nDot, nComma := strings.Count(s, "."), strings.Count(s, ",")
	switch {
	case lastDot >= 0 && lastComma >= 0:
		// Both present: the later one is the decimal separator (1,234.56 / 1.234,56).
		if lastDot > lastComma {
			return '.'
		}
		return ','
	case nComma > 1 || nDot > 1:
		return 0 // 1,234,567 or 1.234.567: grouping only
	case nComma == 1:
		if digitsAfter(s, lastComma) == 3 && !commaDecimal {
			return 0 // 1,234 in a dot-decimal file
		}
		return ','
	case nDot == 1:
		if digitsAfter(s, lastDot) == 3 && commaDecimal {
			return 0 // 1.234 in a comma-decimal file
		}
		return '.'
	}
	return 0
}

func digitsAfter(s string, i int) int {
	n := 0
	for _, r := range s[i+1:] {
		if r < '0' || r > '9' {
			break
		}
		n++
	}
	return n
}

// groupingOK checks that grouped digits before the decimal separator come in threes
// ("1,234,567", "12 345"), so "12,34,5" is refused rather than read as 12345.
func groupingOK(s string, dec rune) bool {
	if i := strings.LastIndexFunc(s, func(r rune) bool { return r == dec }); dec != 0 && i >= 0 {
		s = s[:i]
	}
	groups := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '.' || isGroupSpace(r) })
	for i, g := range groups {
		if i > 0 && utf8.RuneCountInString(g) != 3 {
			return false
		}
		if i == 0 && len(groups) > 1 && (len(g) == 0 || len(g) > 3) {
			return false
		}
	}
	return true
}

// decimalEvidence says which decimal separator one value proves: DecimalComma for "49,50"
// or "1.234,56", DecimalDot for "49.50" or "1,234.56", "" when it proves nothing ("1,234",
// "50"); ambiguous is set for the values the file's decision matters for.
func decimalEvidence(s string) (kind string, ambiguous bool) {
	s = strings.TrimSpace(s)
	if plainDecimal(s) {
		if strings.Contains(s, ".") {
			return DecimalDot, false
		}
		return "", false
	}
	dD, dC := decimalSeparator(s, false), decimalSeparator(s, true)
	switch {
	case dD == dC && dD == ',':
		return DecimalComma, false
	case dD == dC && dD == '.':
		return DecimalDot, false
	case dD != dC:
		return "", true
	}
	return "", false
}

// decideDecimal settles the ambiguous amounts of a file from sample cells; delim breaks a
// tie, since ';'-separated files come from locales that write decimal commas.
func decideDecimal(cells []sampleCell, delim rune) (comma bool, note string) {
	var nDot, nComma, nAmb int
	var amb sampleCell
	for _, c := range cells {
		switch kind, a := decimalEvidence(c.text); {
		case kind == DecimalDot:
			nDot++
		case kind == DecimalComma:
			nComma++
		case a:
			if nAmb == 0 {
				amb = c
			}
			nAmb++
		}
	}
	switch {
	case nComma > nDot:
		return true, ""
	case nDot > nComma:
		return false, ""
	}
	comma = delim == ';'
	if nAmb > 0 {
		how := "decimal point"
		if comma {
			how = "decimal comma (the file is ;-separated)"
		}
		note = fmt.Sprintf("amounts like %s (line %d) could be read either way; read with a %s", amb.text, amb.line, how)
	}
	return comma, note
}
