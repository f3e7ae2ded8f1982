package ingest_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"trailbook/backend/activity"
	"trailbook/backend/ingest"
)

// A vendor export no profile knows: day-first dates (13/03 proves it), an IP column with
// ports, emails, a nameless last column from a trailing comma, a direction mark.
const helpdeskCSV = "When,Agent,Agent e-mail,What happened,Ticket,From IP,\n" +
	"13/03/2024 09:15,Ana Pop,ana@example.com,Logged in,,203.0.113.5:5050,\n" +
	"13/03/2024 09:17,Ana Pop,ana@example.com,Deleted ticket,T-100,203.0.113.5,\n" +
	"\u200e14/03/2024 10:00,Bo Chen,bo@example.com,Exported tickets,,198.51.100.9,x\n"

func TestSuggestAndMapping(t *testing.T) {
	path := writeFile(t, "helpdesk.csv", []byte(helpdeskCSV))
	src, err := ingest.Sniff(path)
	if err != nil {
		t.Fatal(err)
	}
	header, rows, err := ingest.SampleRows(src, 100)
	if err != nil {
		t.Fatal(err)
	}
	s := ingest.Suggest(header, rows)
	want := map[string]string{"time": "When", "actor_name": "Agent", "actor_email": "Agent e-mail", "action": "What happened", "ip": "From IP", "target_ref": "Ticket"}
	for f, col := range want {
		if s.Map[f] != col {
			t.Errorf("suggested %s = %q, want %q (all: %v)", f, s.Map[f], col, s.Map)
		}
	}
	if s.DateOrder != ingest.DayFirst || s.Zoned || len(s.Missing) != 0 {
		t.Errorf("date order %q zoned %v missing %v", s.DateOrder, s.Zoned, s.Missing)
	}

	m := ingest.Mapping{Fields: s.Map, DateOrder: s.DateOrder, Zone: "Europe/Bucharest", Name: "Helpdesk Pro"}
	p, err := ingest.ProfileFromMapping(header, m, nil)
	if err != nil {
		t.Fatal(err)
	}
	if p.ID != "helpdesk-pro" || p.System != "helpdesk-pro" {
		t.Errorf("id %q system %q", p.ID, p.System)
	}
	// The saved YAML reads back to a profile that recognises the same header.
	y, err := p.YAML()
	if err != nil {
		t.Fatal(err)
	}
	back, err := ingest.ParseProfile(y)
	if err != nil {
		t.Fatalf("%v\n%s", err, y)
	}
	reg := ingest.NewRegistry()
	if err := reg.Add(back); err != nil {
		t.Fatal(err)
	}
	if got := ids(reg.Detect(src)); len(got) != 1 || got[0] != "helpdesk-pro" {
		t.Errorf("Detect = %v", got)
	}
	res := readSource(t, src, back, ingest.Options{})
	evs := res.events()
	if len(evs) != 3 || len(res.rejects()) != 0 {
		t.Fatalf("%d events, rejects %v", len(evs), res.rejects())
	}
	e := evs[0].Event
	// 09:15 in Bucharest (UTC+2 in March) is 07:15 UTC.
	if !e.OccurredAt.Equal(time.Date(2024, 3, 13, 7, 15, 0, 0, time.UTC)) || e.IP != "203.0.113.5" || e.Kind != activity.KindLogin {
		t.Errorf("event 1: %v %q %s", e.OccurredAt, e.IP, e.Kind)
	}
	if k := evs[1].Event.Kind; k != activity.KindDelete {
		t.Errorf("Deleted ticket is %s", k)
	}
	e3 := evs[2].Event
	if k := e3.Kind; k != activity.KindExport || e3.Extra["column 7"] != "x" || !e3.OccurredAt.Equal(time.Date(2024, 3, 14, 8, 0, 0, 0, time.UTC)) {
		t.Errorf("event 3: %s %v %v", k, e3.Extra, e3.OccurredAt)
	}
}

func TestProfileFromMappingErrors(t *testing.T) {
	header := []string{"Date", "User", "Event"}
	tests := []struct {
		m    map[string]string
		want string
	}{
		{map[string]string{"actor": "User", "action": "Event"}, "map the time column"},
		{map[string]string{"time": "Date", "actor": "User"}, "map an action or a description"},
		{map[string]string{"time": "Date", "action": "Nope"}, `the header has no column "Nope"`},
		{map[string]string{"time": "Date", "colour": "User", "action": "Event"}, `unknown field "colour"`},
	}
	for _, tt := range tests {
		_, err := ingest.ProfileFromMapping(header, ingest.Mapping{Fields: tt.m}, nil)
		if err == nil || !errors.Is(err, ingest.ErrBadMapping) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%v: error %v, want %q", tt.m, err, tt.want)
		}
	}
	// Description alone is the action too; ISO times with Z need no zone.
	p, err := ingest.ProfileFromMapping(header, ingest.Mapping{Fields: map[string]string{"time": "Date", "description": "Event"}}, []string{"2024-01-02T03:04:05Z"})
	if err != nil || p.NeedsZone() {
		t.Fatalf("%v needs zone %v", err, p != nil && p.NeedsZone())
	}
}

func TestLayoutFromPattern(t *testing.T) {
	for in, want := range map[string]string{
		"DD/MM/YYYY HH:mm":     "02/01/2006 15:04",
		"M/D/YYYY h:mm:ss tt":  "1/2/2006 3:04:05 PM",
		"YYYY-MM-DDTHH:mm:ssZ": "",
		"02.01.2006 15:04":     "02.01.2006 15:04",
		"yyyy-MM-dd HH:mm:ss":  "2006-01-02 15:04:05",
		"":                     "",
	} {
		got, err := ingest.LayoutFromPattern(in)
		if want == "" && in != "" {
			continue // only checks that it does not panic
		}
		if err != nil || got != want {
			t.Errorf("LayoutFromPattern(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := ingest.LayoutFromPattern("HH:mm"); err == nil {
		t.Error("a layout without a date was accepted")
	}
}

func ids(ps []*ingest.Profile) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.ID)
	}
	return out
}
