package ingest

import "testing"

func TestJSONPath(t *testing.T) {
	doc := `{"ClientIP":"1.2.3.4:50","n":3,"ok":true,"nil":null,
		"Actor":[{"ID":"a","Type":1},{"ID":"b","Type":2}],
		"ExtendedProperties":[{"Name":"additionalDetails","Value":"{\"AppId\":\"x-1\"}"},{"Name":"UserAgent","Value":"UA/1"}],
		"Item":{"Subject":"Hi","Parent":{"Id":"p"}},"arr":[1,[2,3]]}`
	v, ok := parseJSONCell(doc)
	if !ok {
		t.Fatal("not parsed")
	}
	tests := []struct {
		path, want string
		found      bool
	}{
		{"ClientIP", "1.2.3.4:50", true},
		{"clientip", "1.2.3.4:50", true},
		{"n", "3", true},
		{"ok", "true", true},
		{"nil", "", true},
		{"Actor[1].ID", "b", true},
		{"Actor[2].ID", "", false},
		{"Actor[Type=2].ID", "b", true},
		{"ExtendedProperties[Name=UserAgent].Value", "UA/1", true},
		{"ExtendedProperties[name=additionaldetails].Value.AppId", "x-1", true},
		{"Item.Parent.Id", "p", true},
		{"Item", `{"Parent":{"Id":"p"},"Subject":"Hi"}`, true},
		{"arr[1].[1]", "3", true},
		{"arr[1]", "[2,3]", true},
		{"Missing.Deeper", "", false},
		{"ClientIP.x", "", false},
	}
	for _, tt := range tests {
		p, err := parseJSONPath(tt.path)
		if err != nil {
			t.Errorf("%s: %v", tt.path, err)
			continue
		}
		got, found := p.lookup(v)
		if found != tt.found || jsonText(got) != tt.want {
			t.Errorf("%s = %q %v, want %q %v", tt.path, jsonText(got), found, tt.want, tt.found)
		}
	}
	for _, bad := range []string{"", "a[", "a[x]", "a[-1]", "a..b", "a[=1]", "a[1][1]"} {
		if _, err := parseJSONPath(bad); err == nil {
			t.Errorf("parseJSONPath(%q) accepted", bad)
		}
	}
	top, _ := parseJSONCell(`[{"resourceName":"r1"}]`)
	p, _ := parseJSONPath("[0].resourceName")
	if got, ok := p.lookup(top); !ok || got != "r1" {
		t.Errorf("[0].resourceName = %v %v", got, ok)
	}
}

func TestMaskJSON(t *testing.T) {
	v, _ := parseJSONCell(`{"User":"a","Password":"p1","ModifiedProperties":[{"Name":"PasswordProfile","NewValue":"x","OldValue":""},{"Name":"DisplayName","NewValue":"Ann"}]}`)
	if !maskJSON(v, defaultSecretKeys()) {
		t.Fatal("nothing masked")
	}
	want := `{"ModifiedProperties":[{"Name":"PasswordProfile","NewValue":"********","OldValue":""},{"Name":"DisplayName","NewValue":"Ann"}],"Password":"********","User":"a"}`
	if got := jsonText(v); got != want {
		t.Errorf("masked\n got %s\nwant %s", got, want)
	}
}

func TestHeaderDuplicatesAndMarks(t *testing.T) {
	h := newHeaderIndex([]string{"\uFEFFDate", "Type", "Type ", "\u200EUser\u200F", "Autonomous system  number", "", "Type"})
	for name, col := range map[string]int{"Date": 0, "Type": 1, "Type (2)": 2, "type (3)": 6, "User": 3, "Autonomous system number": 4} {
		if got := h.lookup(name); got != col {
			t.Errorf("lookup(%q) = %d, want %d", name, got, col)
		}
	}
	if h.name(5) != "column 6" || h.name(3) != "User" || h.name(2) != "Type (2)" {
		t.Errorf("names %q", h.names)
	}
}

// FuzzJSONPath: any path over any cell gives a value or nothing, never a panic.
func FuzzJSONPath(f *testing.F) {
	for _, s := range [][2]string{
		{"Parameters[Name=Identity].Value", `{"Parameters":[{"Name":"Identity","Value":"x"}]}`},
		{"[0].resourceName", `[{"resourceName":"r"}]`},
		{"ExtendedProperties[Name=a].Value.AppId", `{"ExtendedProperties":[{"Name":"a","Value":"{\"AppId\":1}"}]}`},
		{"a.b.c", `{"a":"{\"b\":\"{\\\"c\\\":2}\"}"}`},
		{"x[99999999999999999999]", `{"x":[]}`},
		{"[=]", `[]`}, {"..", `{}`}, {"a[", `{"a":1}`},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, path, cell string) {
		p, err := parseJSONPath(path)
		if err != nil {
			return
		}
		if len(p) == 0 || len(p) > maxJSONPathSteps {
			t.Fatalf("path %q parsed to %d steps", path, len(p))
		}
		doc, ok := parseJSONCell(cell)
		if !ok {
			return
		}
		if v, found := p.lookup(doc); found {
			_ = jsonText(v)
		}
		maskJSON(doc, defaultSecretKeys())
		_ = compactJSONText(cell)
	})
}
