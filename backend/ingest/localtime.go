package ingest

import (
	"fmt"
	"time"
)

// ResolveLocal reads the wall clock of wall (its date and clock fields; its location is
// ignored) as a local time in loc and returns the UTC instant, deterministic across DST:
//
//   - a wall time in the repeated hour when clocks go back is its FIRST occurrence;
//   - a wall time in the hour skipped when clocks go forward does not exist; it is moved
//     forward by the length of the gap (02:30 on a 02:00 -> 03:00 day becomes 03:30).
//
// Both cases return a warning for the event; ordinary times return "". time.Date leaves
// these cases unspecified, so they are worked out here from the zone's offsets.
func ResolveLocal(wall time.Time, loc *time.Location) (time.Time, string) {
	y, mo, d := wall.Date()
	h, mi, s := wall.Clock()
	ns := wall.Nanosecond()
	// w is the wall clock counted as if it were UTC; an instant u shows wall time w in
	// loc exactly when u + offset(u) == w.
	w := time.Date(y, mo, d, h, mi, s, 0, time.UTC).Unix()
	offsetAt := func(u int64) int64 {
		_, off := time.Unix(u, 0).In(loc).Zone()
		return int64(off)
	}
	// Offsets in force a day either side of the wall time: a transition near w, if any,
	// lies between them (zones never change offset twice within two days).
	before, after := offsetAt(w-86400), offsetAt(w+86400)
	at := func(off int64) time.Time { return time.Unix(w-off, int64(ns)).UTC() }
	if before == after {
		return at(before), ""
	}
	okBefore := offsetAt(w-before) == before
	okAfter := offsetAt(w-after) == after
	switch {
	case okBefore && okAfter:
		// Clocks went back: the wall time happened twice. The first occurrence is the one
		// still on the larger (pre-transition) offset, i.e. the earlier instant.
		first := before
		if after > before {
			first = after
		}
		return at(first), fmt.Sprintf("local time %s occurs twice in %s (clocks went back %s); read as the first occurrence, UTC%s",
			wallText(wall), loc, durText(abs(before-after)), offText(first))
	case okBefore:
		return at(before), ""
	case okAfter:
		return at(after), ""
	default:
		// Clocks went forward: the wall time never happened. Reading it on the offset in
		// force before the jump moves it forward by exactly the gap.
		gap := after - before
		t := at(before)
		return t, fmt.Sprintf("local time %s does not exist in %s (clocks went forward %s); read as %s",
			wallText(wall), loc, durText(abs(gap)), t.In(loc).Format("2006-01-02 15:04:05 -07:00"))
	}
}

func abs(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

func wallText(t time.Time) string { return t.Format("2006-01-02 15:04:05") }

func durText(sec int64) string {
	d := time.Duration(sec) * time.Second
	if d%time.Hour == 0 {
		return fmt.Sprintf("%dh", d/time.Hour)
	}
	return fmt.Sprintf("%dm", d/time.Minute)
}

// offText formats an offset in seconds as +03:00.
func offText(off int64) string {
	sign := '+'
	if off < 0 {
		sign, off = '-', -off
	}
	return fmt.Sprintf("%c%02d:%02d", sign, off/3600, off/60%60)
}
