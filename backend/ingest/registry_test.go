package ingest_test

import (
	"reflect"
	"strings"
	"testing"

	"trailbook/backend/ingest"
)

func detectIDs(reg *ingest.Registry, header ...string) []string {
	var ids []string
	for _, p := range reg.Detect(&ingest.Source{Header: header}) {
		ids = append(ids, p.ID)
	}
	return ids
}

func TestDetect(t *testing.T) {
	reg := builtin(t)
	tests := []struct {
		name   string
		header []string
		want   []string
	}{
		{"2checkout", []string{"Date", "User name", "Activity", "Subscription reference", "Order reference", "Price/Amount", "Currency", "Billing cycles", "Comment"}, []string{"2checkout"}},
		{"2checkout, spelled loosely and reordered", []string{" ACTIVITY", "user  name", "date", "Price/ Amount"}, []string{"2checkout"}},
		{"backup panel", []string{"Date", "IP Addr", "Username", "Action", "Page", "ID", "Old values", "New values"}, []string{"backup-panel"}},
		{"octopuspro", []string{"Date", "User", "Module", "Action", "History", "Event On", "IP Address"}, []string{"octopuspro"}},
		{"activity exporter", []string{"User ID", "First", "Last", "Company", "Email", "Category", "Action", "Label", "Date/Time", "Content ID", "Content Name", "Content Slug"}, []string{"event-activity-exporter"}},
		{"unique users", []string{"User ID", "First", "Last", "Email", "Company", "Title", "Phone", "City", "Country", "Tags", "LinkedIn"}, []string{"event-unique-users"}},
		{"none", []string{"Timestamp", "Principal", "Operation"}, nil},
	}
	for _, tt := range tests {
		if got := detectIDs(reg, tt.header...); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: Detect = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// Several candidates come back best first, and the caller asks the user.
func TestDetectSeveral(t *testing.T) {
	reg := builtin(t)
	y := `
id: my-2co
name: 2Checkout with a note column
kind: events
match: {required: [Date, User name, Activity], optional: [Note, Comment]}
read: {zone: Europe/Bucharest, layouts: ["2006-01-02 15:04:05"]}
fields: {time: Date, actor_name: User name, action: Activity, description: [Note, Comment]}
`
	p, err := ingest.ParseProfile([]byte(y))
	if err != nil {
		t.Fatal(err)
	}
	if err := reg.Add(p); err != nil {
		t.Fatal(err)
	}
	got := detectIDs(reg, "Date", "User name", "Activity", "Note")
	if want := []string{"my-2co", "2checkout"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Detect = %v, want %v (the one with more optional headers present first)", got, want)
	}
}

func TestRegistryAddGetList(t *testing.T) {
	reg := builtin(t)
	before := len(reg.List())
	p, err := ingest.ParseProfile([]byte(minimal))
	if err != nil {
		t.Fatal(err)
	}
	if err := reg.Add(p); err != nil {
		t.Fatal(err)
	}
	if got, ok := reg.Get("acme"); !ok || got != p {
		t.Errorf("Get(acme) = %v, %v", got, ok)
	}
	// Same id replaces: a saved profile can override a built-in one.
	override, _ := ingest.ParseProfile([]byte(strings.Replace(minimal, "id: acme", "id: 2checkout", 1)))
	if err := reg.Add(override); err != nil {
		t.Fatal(err)
	}
	if got, _ := reg.Get("2checkout"); got != override {
		t.Error("Add did not replace the profile with the same id")
	}
	list := reg.List()
	if len(list) != before+1 {
		t.Errorf("%d profiles, want %d", len(list), before+1)
	}
	for i := 1; i < len(list); i++ {
		if list[i-1].ID >= list[i].ID {
			t.Errorf("List not sorted by id: %s before %s", list[i-1].ID, list[i].ID)
		}
	}
	bad := *p
	bad.Kind = "logs"
	if err := reg.Add(&bad); err == nil {
		t.Error("Add accepted an invalid profile")
	}
	// Builtin hands out fresh copies: changing one registry leaves the next alone.
	if got, _ := builtin(t).Get("2checkout"); got.Name == override.Name {
		t.Error("Builtin shares state between registries")
	}
}

// A registry's Sniff finds header rows of saved profiles below title lines.
func TestRegistrySniffKnowsSavedProfiles(t *testing.T) {
	reg := builtin(t)
	p, err := ingest.ParseProfile([]byte(minimal))
	if err != nil {
		t.Fatal(err)
	}
	if err := reg.Add(p); err != nil {
		t.Fatal(err)
	}
	// The title line is as wide as the data, so only knowing the header finds it.
	text := "Acme,audit,log\nWhen,Who,What\n2024-01-01 00:00:00,Ana,Sign in\n"
	path := writeFile(t, "acme.csv", []byte(text))
	src, err := reg.Sniff(path)
	if err != nil {
		t.Fatal(err)
	}
	if src.HeaderLine != 2 {
		t.Errorf("HeaderLine = %d, want 2", src.HeaderLine)
	}
	if got := reg.Detect(src); len(got) != 1 || got[0].ID != "acme" {
		t.Errorf("Detect = %v", got)
	}
}
