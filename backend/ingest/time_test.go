package ingest_test

import (
	"strings"
	"testing"
	"time"

	"trailbook/backend/ingest"
)

func TestResolveLocal(t *testing.T) {
	wall := func(s string) time.Time {
		w, err := time.Parse("2006-01-02 15:04:05", s)
		if err != nil {
			t.Fatal(err)
		}
		return w
	}
	tests := []struct {
		zone, wall string
		want       string // UTC
		warn       string // a substring of the warning; "" for none
	}{
		// Europe/Bucharest: 31 March 2024 03:00 EET -> 04:00 EEST; 27 October 04:00 EEST -> 03:00 EET.
		{"Europe/Bucharest", "2024-03-31 02:59:59", "2024-03-31T00:59:59Z", ""},
		{"Europe/Bucharest", "2024-03-31 03:00:00", "2024-03-31T01:00:00Z", "does not exist"},
		{"Europe/Bucharest", "2024-03-31 03:30:00", "2024-03-31T01:30:00Z", "read as 2024-03-31 04:30:00 +03:00"},
		{"Europe/Bucharest", "2024-03-31 04:00:00", "2024-03-31T01:00:00Z", ""},
		{"Europe/Bucharest", "2024-10-27 02:59:59", "2024-10-26T23:59:59Z", ""},
		{"Europe/Bucharest", "2024-10-27 03:00:00", "2024-10-27T00:00:00Z", "occurs twice"},
		{"Europe/Bucharest", "2024-10-27 03:30:00", "2024-10-27T00:30:00Z", "first occurrence, UTC+03:00"},
		{"Europe/Bucharest", "2024-10-27 04:00:00", "2024-10-27T02:00:00Z", ""},
		{"Europe/Bucharest", "2024-07-01 12:00:00", "2024-07-01T09:00:00Z", ""},
		// Australia/Sydney: 7 April 2024 03:00 AEDT -> 02:00 AEST; 6 October 02:00 AEST -> 03:00 AEDT.
		{"Australia/Sydney", "2024-04-07 01:59:00", "2024-04-06T14:59:00Z", ""},
		{"Australia/Sydney", "2024-04-07 02:30:00", "2024-04-06T15:30:00Z", "first occurrence, UTC+11:00"},
		{"Australia/Sydney", "2024-04-07 03:00:00", "2024-04-06T17:00:00Z", ""},
		{"Australia/Sydney", "2024-10-06 02:30:00", "2024-10-05T16:30:00Z", "read as 2024-10-06 03:30:00 +11:00"},
		{"Australia/Sydney", "2024-10-06 03:00:00", "2024-10-05T16:00:00Z", ""},
		// America/New_York: 10 March 2024 02:00 EST -> 03:00 EDT; 3 November 02:00 EDT -> 01:00 EST.
		{"America/New_York", "2024-03-10 02:30:00", "2024-03-10T07:30:00Z", "clocks went forward 1h"},
		{"America/New_York", "2024-03-10 03:30:00", "2024-03-10T07:30:00Z", ""},
		{"America/New_York", "2024-11-03 01:30:00", "2024-11-03T05:30:00Z", "clocks went back 1h"},
		{"America/New_York", "2024-11-03 02:30:00", "2024-11-03T07:30:00Z", ""},
		// Half-hour DST: Lord Howe moves 30 minutes.
		{"Australia/Lord_Howe", "2024-10-06 02:15:00", "2024-10-05T15:45:00Z", "forward 30m); read as 2024-10-06 02:45:00"},
		{"UTC", "2024-03-31 03:30:00", "2024-03-31T03:30:00Z", ""},
	}
	for _, tt := range tests {
		t.Run(tt.zone+" "+tt.wall, func(t *testing.T) {
			got, warn := ingest.ResolveLocal(wall(tt.wall), zone(t, tt.zone))
			if got.Location() != time.UTC {
				t.Errorf("result is in %v, want UTC", got.Location())
			}
			if s := got.Format(time.RFC3339); s != tt.want {
				t.Errorf("ResolveLocal = %s, want %s", s, tt.want)
			}
			if (tt.warn == "") != (warn == "") || !strings.Contains(warn, tt.warn) {
				t.Errorf("warning = %q, want one containing %q", warn, tt.warn)
			}
		})
	}
}

// ResolveLocal must not depend on the wall time's own location or the machine's zone.
func TestResolveLocalIgnoresWallLocation(t *testing.T) {
	loc := zone(t, "Europe/Bucharest")
	a, _ := ingest.ResolveLocal(time.Date(2024, 10, 27, 3, 30, 0, 0, time.UTC), loc)
	b, _ := ingest.ResolveLocal(time.Date(2024, 10, 27, 3, 30, 0, 0, time.Local), loc)
	c, _ := ingest.ResolveLocal(time.Date(2024, 10, 27, 3, 30, 0, 0, zone(t, "Asia/Tokyo")), loc)
	if !a.Equal(b) || !a.Equal(c) {
		t.Errorf("results differ: %v %v %v", a, b, c)
	}
}

func TestTimeParser(t *testing.T) {
	buc := zone(t, "Europe/Bucharest")
	tests := []struct {
		layouts []string
		order   string
		in      string
		want    string // RFC3339 UTC, or "error"
		zone    string
	}{
		{[]string{"2006-01-02 15:04:05"}, "", "2024-03-01 08:00:01", "2024-03-01T06:00:01Z", "Europe/Bucharest"},
		{[]string{"2006-01-02 15:04:05"}, "", " 2024-03-01 08:00:01 ", "2024-03-01T06:00:01Z", "Europe/Bucharest"},
		{[]string{"2006-01-02 15:04:05"}, "", "2024-02-30 08:00:01", "error", ""},
		{[]string{"2006-01-02 15:04:05"}, "", "2024-03-01 24:00:00", "error", ""},
		{[]string{"2006-01-02 15:04:05"}, "", "2024-03-01 08:00:01.250", "2024-03-01T06:00:01.25Z", "Europe/Bucharest"},
		{[]string{"2006-01-02 15:04:05"}, "", "", "error", ""},
		{[]string{"2006-01-02T15:04:05.999999999Z07:00"}, "", "2024-05-14T08:31:06.000Z", "2024-05-14T08:31:06Z", "UTC"},
		{[]string{"2006-01-02T15:04:05.999999999Z07:00"}, "", "2024-05-14T10:31:06+02:00", "2024-05-14T08:31:06Z", "+02:00"},
		{[]string{"02/01/2006 03:04 PM"}, ingest.DayFirst, "12/06/2024 12:12 PM", "2024-06-12T09:12:00Z", "Europe/Bucharest"},
		{[]string{"02/01/2006 03:04 PM"}, ingest.MonthFirst, "12/06/2024 12:12 PM", "2024-12-06T10:12:00Z", "Europe/Bucharest"},
		{[]string{"01/02/2006 03:04 PM"}, ingest.DayFirst, "12/06/2024 12:12 AM", "2024-06-11T21:12:00Z", "Europe/Bucharest"},
		{[]string{"02/01/2006 03:04 PM"}, ingest.DayFirst, "13/06/2024 01:00 PM", "2024-06-13T10:00:00Z", "Europe/Bucharest"},
		{[]string{"02/01/2006 03:04 PM"}, ingest.MonthFirst, "13/06/2024 01:00 PM", "error", ""},
		{nil, ingest.MonthFirst, "3/7/2024 9:05:03 AM", "2024-03-07T07:05:03Z", "Europe/Bucharest"},
		{nil, ingest.DayFirst, "3/7/2024 9:05:03 AM", "2024-07-03T06:05:03Z", "Europe/Bucharest"},
		{nil, ingest.DayFirst, "2024-07-03", "2024-07-02T21:00:00Z", "Europe/Bucharest"},
		{nil, ingest.DayFirst, "31.12.2024 23:59", "2024-12-31T21:59:00Z", "Europe/Bucharest"},
		{nil, ingest.DayFirst, "next tuesday", "error", ""},
	}
	for _, tt := range tests {
		p, err := ingest.NewTimeParser(tt.layouts, tt.order, buc)
		if err != nil {
			t.Fatalf("NewTimeParser(%q): %v", tt.layouts, err)
		}
		got, err := p.Parse(tt.in)
		if tt.want == "error" {
			if err == nil {
				t.Errorf("Parse(%q) with %q %s = %v, want an error", tt.in, tt.layouts, tt.order, got.UTC)
			}
			continue
		}
		if err != nil {
			t.Errorf("Parse(%q) with %q %s: %v", tt.in, tt.layouts, tt.order, err)
			continue
		}
		if s := got.UTC.Format(time.RFC3339Nano); s != tt.want || got.Zone != tt.zone {
			t.Errorf("Parse(%q) with %q %s = %s in %q, want %s in %q", tt.in, tt.layouts, tt.order, s, got.Zone, tt.want, tt.zone)
		}
	}
}

// The fast path for fixed-width layouts and time.Parse must agree on every text.
func TestTimeParserFastPathAgrees(t *testing.T) {
	loc := zone(t, "America/New_York")
	p, err := ingest.NewTimeParser([]string{"2006-01-02 15:04:05"}, "", loc)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{
		"2024-02-29 00:00:00", "2023-02-29 00:00:00", "2024-04-31 10:00:00", "2024-00-10 10:00:00",
		"2024-13-10 10:00:00", "2024-12-10 23:59:59", "2024-12-10 23:60:00", "2024-12-10 23:59:60",
		"2024-12-10T23:59:59", "2024-12-10 3:59:59", "0000-01-01 00:00:00", "9999-12-31 23:59:59",
		"2024-11-03 01:30:00", "2024-03-10 02:30:00",
	} {
		got, err := p.Parse(s)
		w, errStd := time.Parse("2006-01-02 15:04:05", s)
		if (err != nil) != (errStd != nil) {
			t.Errorf("%q: fast path error %v, time.Parse error %v", s, err, errStd)
			continue
		}
		if err == nil {
			want, _ := ingest.ResolveLocal(w, loc)
			if !got.UTC.Equal(want) {
				t.Errorf("%q: %v, want %v", s, got.UTC, want)
			}
		}
	}
}

func TestNewTimeParserRejectsBadLayouts(t *testing.T) {
	for _, l := range []string{"YYYY-MM-DD HH:mm", "15:04:05", "2006-01 15:04", "02/01/2006 03:04", "2006-01-02 15:04 MST"} {
		if _, err := ingest.NewTimeParser([]string{l}, "", time.UTC); err == nil {
			t.Errorf("NewTimeParser accepted layout %q", l)
		}
	}
}

// Day-first or month-first is decided per file from the data.
func TestDateOrderDecision(t *testing.T) {
	head := "Date,User,Module,Action,History,Event On,IP Address\n"
	row := func(date string) string { return date + " 09:00 AM,Ann,Quotes,Create,created,EST-1,192.0.2.1\n" }
	tests := []struct {
		name      string
		dates     []string
		opt       string
		wantOrder string
		wantWarn  string // substring of a file warning; "" for none about dates
		rejected  []int  // lines rejected
	}{
		{"a day above 12 decides day-first", []string{"01/02/2024", "13/02/2024", "02/03/2024"}, "", ingest.DayFirst, "", nil},
		{"a second part above 12 decides month-first", []string{"01/02/2024", "02/13/2024", "02/03/2024"}, "", ingest.MonthFirst, "", nil},
		{"all ambiguous: profile default with a warning", []string{"01/02/2024", "02/03/2024"}, "", ingest.DayFirst,
			"dates are ambiguous between day-first and month-first; read as day-first (profile default)", nil},
		{"contradicting row is rejected", []string{"13/02/2024", "14/02/2024", "02/15/2024"}, "", ingest.DayFirst, "dates disagree", []int{4}},
		{"a tie falls back to the profile default", []string{"13/02/2024", "02/15/2024"}, "", ingest.DayFirst, "as many rows are day-first as month-first", []int{3}},
		{"the import can force the order", []string{"01/02/2024", "13/02/2024"}, ingest.MonthFirst, ingest.MonthFirst, "", []int{3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := head
			for _, d := range tt.dates {
				text += row(d)
			}
			res := readAll(t, []byte(text), "octopuspro", ingest.Options{Zone: time.UTC, DateOrder: tt.opt})
			var rejected []int
			for _, r := range res.rejects() {
				rejected = append(rejected, int(r.Line))
				if r.Column != "Date" || !strings.Contains(r.Reason, "can only be read") {
					t.Errorf("reject %+v, want one on Date explaining the order", r)
				}
			}
			if !equalInts(rejected, tt.rejected) {
				t.Errorf("rejected lines %v, want %v", rejected, tt.rejected)
			}
			warned := false
			for _, w := range res.warnings {
				warned = warned || strings.Contains(w, "date")
				if tt.wantWarn != "" && strings.Contains(w, tt.wantWarn) {
					tt.wantWarn = ""
				}
			}
			if tt.wantWarn != "" {
				t.Errorf("warnings %q lack %q", res.warnings, tt.wantWarn)
			}
			if strings.HasPrefix(tt.name, "a day") || strings.HasPrefix(tt.name, "a second") {
				if warned {
					t.Errorf("unexpected date warning: %q", res.warnings)
				}
			}
			first := res.events()[0].Event.OccurredAt
			want := time.Date(2024, 2, 1, 9, 0, 0, 0, time.UTC) // 01/02/2024 day-first
			if tt.wantOrder == ingest.MonthFirst {
				want = time.Date(2024, 1, 2, 9, 0, 0, 0, time.UTC)
			}
			if tt.dates[0] == "01/02/2024" && !first.Equal(want) {
				t.Errorf("01/02/2024 read as %v, want %v (%s)", first, want, tt.wantOrder)
			}
		})
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
