package ingest_test

import (
	"reflect"
	"strings"
	"testing"

	"trailbook/backend/ingest"
)

// minimal is a valid events profile the error cases below break one key at a time.
const minimal = `
id: acme
name: Acme audit log
kind: events
match:
  required: [When, Who, What]
  optional: [Note]
read:
  zone: ask
  layouts: ["2006-01-02 15:04:05"]
fields:
  time: When
  actor_name: Who
  action: What
  description: Note
kinds:
  rules:
    - {action: Sign in, kind: login}
`

func TestParseProfileMinimal(t *testing.T) {
	p, err := ingest.ParseProfile([]byte(minimal))
	if err != nil {
		t.Fatal(err)
	}
	if p.System != "acme" {
		t.Errorf("System = %q, want the id", p.System)
	}
	req, opt := p.Headers()
	if !reflect.DeepEqual(req, []string{"When", "Who", "What"}) || !reflect.DeepEqual(opt, []string{"Note"}) {
		t.Errorf("Headers = %q, %q", req, opt)
	}
	if !p.NeedsZone() || p.DefaultZone() != "" {
		t.Errorf("NeedsZone = %v, DefaultZone = %q", p.NeedsZone(), p.DefaultZone())
	}
}

func TestParseProfileErrors(t *testing.T) {
	tests := []struct {
		name, from, to string // replace from with to in minimal
		want           string // the error names this
	}{
		{"unknown top-level key", "kind: events", "kind: events\ncolour: blue", "colour"},
		{"unknown kind", "kind: events", "kind: logs", `kind: "logs" is not events or people`},
		{"bad id", "id: acme", "id: Acme Corp", "id:"},
		{"no name", "name: Acme audit log", "name: ''", "name: missing"},
		{"bad layout", `layouts: ["2006-01-02 15:04:05"]`, `layouts: ["2006-01-02 15:04:05", "YYYY-MM-DD"]`, `read.layouts[1]: "YYYY-MM-DD" is not a Go time layout`},
		{"12-hour layout without PM", `layouts: ["2006-01-02 15:04:05"]`, `layouts: ["02/01/2006 03:04"]`, "read.layouts[0]"},
		{"zone abbreviation", `layouts: ["2006-01-02 15:04:05"]`, `layouts: ["2006-01-02 15:04:05 MST"]`, "read.layouts[0]"},
		{"ambiguous layout with ymd", `layouts: ["2006-01-02 15:04:05"]`, `layouts: ["02/01/2006"]` + "\n  date_order: ymd", `read.layouts[0]: "02/01/2006" puts day and month first`},
		{"unknown zone", "zone: ask", "zone: Europe/Bucharestt", "read.zone"},
		{"bad date order", "zone: ask", "zone: ask\n  date_order: dym", "read.date_order"},
		{"bad decimal", "zone: ask", "zone: ask\n  decimal: point", "read.decimal"},
		{"unknown field", "description: Note", "descr: Note", "fields.descr: unknown field"},
		{"column not in match", "description: Note", "description: Notes", `fields.description: column "Notes" is not in match`},
		{"template column not in match", "description: Note", `description: {template: "{Who} {Nope}"}`, `fields.description: column "Nope"`},
		{"unknown transform", "description: Note", "description: {column: Note, transform: shout}", `unknown transform "shout"`},
		{"unknown key in a field", "description: Note", "description: {column: Note, transfrom: lower}", `unknown key "transfrom"`},
		{"two sources for a field", "description: Note", "description: {column: Note, value: x}", "exactly one"},
		{"missing time", "  time: When\n", "", "fields.time: missing"},
		{"unknown kind in a rule", "kind: login}", "kind: signin}", "kinds.rules[0].kind"},
		{"bad pattern", "{action: Sign in, kind: login}", "{pattern: '(', kind: login}", "kinds.rules[0].pattern"},
		{"empty rule", "{action: Sign in, kind: login}", "{kind: login}", "kinds.rules[0]: give action, pattern, module or when"},
		{"bad fallback", "kinds:\n", "kinds:\n  fallback: misc\n", "kinds.fallback"},
		{"bad changes format", "kinds:\n", "changes: {format: xml, old: Note, new: Note}\nkinds:\n", "changes.format"},
		{"changes column not in match", "kinds:\n", "changes: {format: kv, old: Before, new: Note}\nkinds:\n", `changes: column "Before"`},
		{"duplicate header", "optional: [Note]", "optional: [Note, who]", `match.optional[1]: "who" is listed twice`},
		{"excluded and required", "optional: [Note]", "optional: [Note]\n  excluded: [What]", "match.excluded[0]"},
		{"no required headers", "required: [When, Who, What]", "required: []", "match.required"},
		{"targets and target_ref", "description: Note", "description: Note\n  target_ref: Note\ntargets: [{column: Who, type: user}]", "fields.target_ref: set by targets"},
		{"meaning without text", "kinds:\n", "meanings: [{action: Sign in}]\nkinds:\n", "meanings[0].meaning"},
		{"json without column", "description: Note", "description: {json: a.b}", "json names members of a column"},
		{"json with template", "description: Note", `description: {template: "{Note}", json: a}`, "json names members of a column"},
		{"bad json path", "description: Note", "description: {column: Note, json: 'a[x]'}", "neither an index nor key=value"},
		{"when with two tests", "{action: Sign in, kind: login}", "{when: {column: Note, in: [a], empty: true}, kind: login}", "kinds.rules[0].when: give exactly one of in, not_in or empty"},
		{"when column not in match", "{action: Sign in, kind: login}", "{when: {column: Status, in: [a]}, kind: login}", `kinds.rules[0].when: column "Status"`},
		{"unknown key in when", "{action: Sign in, kind: login}", "{when: {column: Note, equals: a}, kind: login}", "equals"},
		{"extra column not in match", "kinds:\n", "extra: {result: Status}\nkinds:\n", `extra.result: column "Status"`},
		{"json_list without path", "kinds:\n", "changes: {format: json_list, column: Note, new: Value}\nkinds:\n", "give the member path of the list as json"},
		{"json_list without values", "kinds:\n", "changes: {format: json_list, column: Note, json: Parameters}\nkinds:\n", "give the member names of the values"},
		{"json_list keys on kv", "kinds:\n", "changes: {format: kv, old: Note, new: Note, column: Note}\nkinds:\n", "column, json and name are for format json_list"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			y := strings.Replace(minimal, tt.from, tt.to, 1)
			if y == minimal {
				t.Fatalf("test case does not change the profile: %q not found", tt.from)
			}
			_, err := ingest.ParseProfile([]byte(y))
			if err == nil {
				t.Fatalf("ParseProfile accepted:\n%s", y)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not name %q", err, tt.want)
			}
		})
	}
}

func TestParseProfilePeople(t *testing.T) {
	const people = `
id: roster
name: Staff roster
kind: people
match: {required: [Mail, Full name], optional: [Left on]}
read: {layouts: ["02.01.2006"], date_order: dmy, list_sep: ","}
fields:
  email: {column: Mail, transform: lower}
  name: Full name
  end_date: Left on
`
	p, err := ingest.ParseProfile([]byte(people))
	if err != nil {
		t.Fatal(err)
	}
	if p.NeedsZone() || p.DefaultZone() != "UTC" {
		t.Errorf("people profile NeedsZone = %v, DefaultZone = %q", p.NeedsZone(), p.DefaultZone())
	}
	for _, bad := range []string{"targets: [{column: Mail, type: user}]", "kinds: {fallback: other}", "changes: {format: kv, old: Mail, new: Mail}"} {
		if _, err := ingest.ParseProfile([]byte(people + bad + "\n")); err == nil || !strings.Contains(err.Error(), "only events profiles") {
			t.Errorf("people profile with %q: %v", bad, err)
		}
	}
	res := readSource(t, sniffText(t, "Mail;Full name;Left on\nANA@X.EXAMPLE;Ana Pop;31.01.2024\nben@x.example;Ben;soon\n"), p, ingest.Options{})
	if len(res.records) != 2 {
		t.Fatalf("records %+v", res.records)
	}
	if got := res.records[0].Person; got.Email != "ana@x.example" || got.EndDate != "2024-01-31" {
		t.Errorf("person %+v", got)
	}
	if got := res.records[1].Person; got.EndDate != "" || got.Extra["end_date"] != "soon" {
		t.Errorf("person with an unreadable end date %+v", got)
	}
}

func sniffText(t *testing.T, text string) *ingest.Source {
	t.Helper()
	src, err := ingest.Sniff(writeFile(t, "in.csv", []byte(text)))
	if err != nil {
		t.Fatal(err)
	}
	return src
}

// Every built-in profile survives a YAML round trip unchanged.
func TestProfileYAMLRoundTrip(t *testing.T) {
	for _, p := range builtin(t).List() {
		y, err := p.YAML()
		if err != nil {
			t.Fatalf("%s: %v", p.ID, err)
		}
		back, err := ingest.ParseProfile(y)
		if err != nil {
			t.Fatalf("%s: reading its own YAML: %v\n%s", p.ID, err, y)
		}
		if !reflect.DeepEqual(back, p) {
			t.Errorf("%s: round trip changed the profile:\n%s", p.ID, y)
		}
	}
}

func TestBuiltinProfiles(t *testing.T) {
	tests := []struct {
		id, name, kind string
		required       []string
		needsZone      bool
		defaultZone    string
	}{
		{"2checkout", "", "events", []string{"Date", "User name", "Activity"}, true, ""},
		{"aws-cloudtrail", "", "events", []string{"Event time", "User name", "Event name", "AWS access key", "AWS region", "Error code", "Source IP address"}, false, "UTC"},
		{"backup-panel", "", "events", []string{"Date", "Username", "Action", "Page"}, false, "UTC"},
		{"entra-signins", "", "events", []string{"Date (UTC)", "Request ID", "Username", "IP address", "Status", "Sign-in error code"}, false, "UTC"},
		{"event-activity-exporter", "", "events", []string{"User ID", "Email", "Category", "Action", "Date/Time"}, false, "UTC"},
		{"event-unique-users", "", "people", []string{"User ID", "Email"}, false, "UTC"},
		{"microsoft365-audit", "", "events", []string{"CreationDate", "RecordType", "AuditData"}, false, "UTC"},
		{"octopuspro", "", "events", []string{"Date", "User", "Module", "Action"}, true, ""},
	}
	list := builtin(t).List()
	if len(list) != len(tests) {
		t.Errorf("%d built-in profiles, want %d", len(list), len(tests))
	}
	for i, tt := range tests {
		if i >= len(list) {
			break
		}
		p := list[i]
		req, _ := p.Headers()
		if p.ID != tt.id || p.Kind != tt.kind || !reflect.DeepEqual(req, tt.required) || p.NeedsZone() != tt.needsZone || p.DefaultZone() != tt.defaultZone {
			t.Errorf("profile %d: %s %s %q needsZone=%v zone=%q; want %s %s %q %v %q",
				i, p.ID, p.Kind, req, p.NeedsZone(), p.DefaultZone(), tt.id, tt.kind, tt.required, tt.needsZone, tt.defaultZone)
		}
		if p.Name == "" || p.Description == "" || p.System == "" {
			t.Errorf("%s: name, description and system must be set", p.ID)
		}
	}
}

// Kind rules: exact actions case-insensitively, patterns, module constraints, fallback.
func TestKindRules(t *testing.T) {
	const y = `
id: k
name: kinds
kind: events
match: {required: [When, Mod, Act]}
read: {zone: UTC, layouts: ["2006-01-02"]}
fields: {time: When, module: Mod, action: Act}
kinds:
  fallback: other
  rules:
    - {module: roles, action: [update, delete], kind: permission_change}
    - {module: "content - *", action: view, kind: view}
    - {action: [Update], kind: update}
    - {pattern: '^email .* sent$', kind: send}
    - {module: Admin, kind: execute}
meanings:
  - {module: "Content - Course", action: View, meaning: a course}
  - {module: "Content - *", action: View, meaning: some content}
`
	p, err := ingest.ParseProfile([]byte(y))
	if err != nil {
		t.Fatal(err)
	}
	rows := [][3]string{
		{"roles", "UPDATE", "permission_change"},
		{"users", "update", "update"},
		{"Content - Course", "View", "view|a course"},
		{"Content - OTSession", "VIEW", "view|some content"},
		{"Page", "View", "other"},
		{"Mail", "Email reminder sent", "send"},
		{"Mail", "Email reminder queued", "other"},
		{"admin", "Anything", "execute"},
	}
	var text strings.Builder
	text.WriteString("When,Mod,Act\n")
	for _, r := range rows {
		text.WriteString("2024-01-01," + r[0] + "," + r[1] + "\n")
	}
	res := readSource(t, sniffText(t, text.String()), p, ingest.Options{})
	for i, rec := range res.records {
		got := string(rec.Event.Kind)
		if rec.Event.Meaning != "" {
			got += "|" + rec.Event.Meaning
		}
		if got != rows[i][2] {
			t.Errorf("%s / %s: %q, want %q", rows[i][0], rows[i][1], got, rows[i][2])
		}
	}
}

// Templates, lists of columns, constants and transforms.
func TestFieldSources(t *testing.T) {
	const y = `
id: f
name: fields
kind: events
match: {required: [When, Act], optional: [First, Last, Nick, City, Country, Kind, Ref]}
read: {zone: UTC, layouts: ["2006-01-02"]}
fields:
  time: When
  action: {column: Act, transform: [trim, upper]}
  actor_name: {template: "{First?} {Last?}"}
  actor_id: [Nick, First]
  description: {template: "{City?}, {Country?}"}
  module: {value: Billing}
  target_type: {template: "{Kind|singular|lower}"}
  target_ref: {template: "{Kind} #{Ref}"}
`
	p, err := ingest.ParseProfile([]byte(y))
	if err != nil {
		t.Fatal(err)
	}
	text := "When,Act,First,Last,Nick,City,Country,Kind,Ref\n" +
		"2024-01-01,view,Ana,Pop,ap,Cluj,RO,Inquiries,7\n" +
		"2024-01-02,view,Ben,,,,UK,Addresses,\n" +
		"2024-01-03,view,,,,,,,\n"
	res := readSource(t, sniffText(t, text), p, ingest.Options{})
	type row struct{ Action, Name, ID, Desc, Module, Type, Ref string }
	var got []row
	for _, r := range res.records {
		e := r.Event
		got = append(got, row{e.Action, e.ActorName, e.ActorID, e.Description, e.Module, e.TargetType, e.TargetRef})
	}
	want := []row{
		{"VIEW", "Ana Pop", "ap", "Cluj, RO", "Billing", "inquiry", "Inquiries #7"},
		{"VIEW", "Ben", "Ben", "UK", "Billing", "address", ""},
		{"VIEW", "", "", "", "Billing", "", ""},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("fields\n got %+v\nwant %+v", got, want)
	}
}

func TestFieldSpecYAMLForms(t *testing.T) {
	p, err := ingest.ParseProfile([]byte(minimal))
	if err != nil {
		t.Fatal(err)
	}
	p.Fields["actor_id"] = ingest.FieldSpec{Columns: []string{"Who", "Note"}}
	p.Fields["actor_company"] = ingest.FieldSpec{Template: "{Who?}", Transform: []string{"lower"}}
	y, err := p.YAML()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"action: What", "actor_id:\n    - Who\n    - Note", "template: '{Who?}'", "transform: lower"} {
		if !strings.Contains(string(y), want) {
			t.Errorf("YAML lacks %q:\n%s", want, y)
		}
	}
	back, err := ingest.ParseProfile(y)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back.Fields, p.Fields) {
		t.Errorf("fields changed in the round trip: %+v", back.Fields)
	}
}
