package ingest

import (
	"strings"
	"unicode"
)

// transformFunc is one of the small fixed set of value transforms a profile can name.
// Profiles hold data only: there is no scripting, and adding a transform is a code change.
type transformFunc func(string) string

// transformByName returns the named transform.
func transformByName(name string) (transformFunc, bool) {
	switch name {
	case "lower":
		return strings.ToLower, true
	case "upper":
		return strings.ToUpper, true
	case "trim":
		return strings.TrimSpace, true
	case "collapse":
		return collapseSpaces, true
	case "singular":
		return singular, true
	case "na_empty":
		return naEmpty, true
	case "email":
		return emailOnly, true
	case "strip_port":
		return stripPort, true
	}
	return nil, false
}

const transformNames = "lower, upper, trim, collapse, singular, na_empty, email, strip_port"

// emailOnly keeps a value that looks like an email address and blanks anything else, for
// user columns that mix addresses with names such as "Certificate" or "NT AUTHORITY\SYSTEM".
func emailOnly(s string) string {
	s = strings.TrimSpace(s)
	at := strings.IndexByte(s, '@')
	if at <= 0 || at == len(s)-1 || strings.ContainsAny(s, " \t,;<>\"") || !strings.Contains(s[at:], ".") {
		return ""
	}
	return s
}

// stripPort drops the port from an address written as "1.2.3.4:5678" or "[2001:db8::1]:443";
// a bare IPv6 address (several colons, no brackets) stays as it is.
func stripPort(s string) string {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "[") {
		if end := strings.IndexByte(s, ']'); end > 0 {
			return s[1:end]
		}
		return s
	}
	if strings.Count(s, ":") == 1 {
		return s[:strings.IndexByte(s, ':')]
	}
	return s
}

// collapseSpaces turns runs of whitespace into one space.
func collapseSpaces(s string) string {
	if !strings.Contains(s, "  ") && strings.IndexFunc(s, func(r rune) bool { return r != ' ' && unicode.IsSpace(r) }) < 0 {
		return strings.TrimSpace(s)
	}
	return strings.Join(strings.Fields(s), " ")
}

// naEmpty blanks the placeholders exports write for "no value".
func naEmpty(s string) string {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "n/a", "na", "n.a.", "-", "--", "—", "none", "null", "(none)", "(blank)":
		return ""
	}
	return s
}

// singular makes a plural English noun singular, enough for module names used as target
// types: Bookings -> Booking, Inquiries -> Inquiry, Addresses -> Address, schedules -> schedule.
func singular(s string) string {
	l := strings.ToLower(s)
	switch {
	case len(s) < 3, strings.HasSuffix(l, "ss"), strings.HasSuffix(l, "us"), strings.HasSuffix(l, "is"):
		return s
	case strings.HasSuffix(l, "ies") && len(s) > 4:
		return s[:len(s)-3] + matchCase(s[len(s)-3:], "y")
	case strings.HasSuffix(l, "sses"), strings.HasSuffix(l, "ches"), strings.HasSuffix(l, "shes"), strings.HasSuffix(l, "xes"), strings.HasSuffix(l, "zzes"):
		return s[:len(s)-2]
	case strings.HasSuffix(l, "s"):
		return s[:len(s)-1]
	}
	return s
}

// matchCase writes repl in upper case when like is upper case (INQUIRIES -> INQUIRY).
func matchCase(like, repl string) string {
	if strings.ToUpper(like) == like {
		return strings.ToUpper(repl)
	}
	return repl
}
