package ingest_test

import (
	"bytes"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
	"time"

	"trailbook/backend/activity"
	"trailbook/backend/ingest"
)

// eventSummary is the part of an event most reader tests compare.
type eventSummary struct {
	Line   int64
	At     string
	Actor  string
	Action string
	Kind   activity.Kind
	Amount string
	Desc   string
}

func summarize(recs []*ingest.Record) []eventSummary {
	var out []eventSummary
	for _, r := range recs {
		if e := r.Event; e != nil {
			out = append(out, eventSummary{r.Line, e.OccurredAt.Format(time.RFC3339), e.ActorName, e.Action, e.Kind, e.Amount.String(), e.Description})
		}
	}
	return out
}

// The same export in every encoding reads to the same events.
func TestReaderEncodings(t *testing.T) {
	text := strings.ReplaceAll(twoCoText, "Ștefan Măgureanu", "Stefan Magureanu")
	want := []eventSummary{
		{2, "2024-05-02T05:15:00Z", "Ana Pop", "Login", activity.KindLogin, "", ""},
		{3, "2024-05-02T05:20:41Z", "Stefan Magureanu", "Request order refund", activity.KindRefund, "39.99", "Customer request, refunded"},
		{4, "2024-05-02T05:21:05Z", "José Müller", "Accessed page", activity.KindView, "", "/cpanel/café.php"},
	}
	inputs := map[string][]byte{
		"utf-8":           []byte(text),
		"utf-8 BOM CRLF":  append([]byte{0xEF, 0xBB, 0xBF}, crlf(text)...),
		"utf-16le BOM":    utf16Bytes(crlf(text), false, true),
		"utf-16be BOM":    utf16Bytes(text, true, true),
		"utf-16le no BOM": utf16Bytes(text, false, false),
		"utf-16be no BOM": utf16Bytes(crlf(text), true, false),
		"windows-1252":    cp1252(t, crlf(text)),
	}
	buc := zone(t, "Europe/Bucharest")
	for name, data := range inputs {
		t.Run(name, func(t *testing.T) {
			res := readAll(t, data, "2checkout", ingest.Options{Zone: buc})
			if res.err != nil {
				t.Fatal(res.err)
			}
			if got := summarize(res.records); !reflect.DeepEqual(got, want) {
				t.Errorf("events\n got %+v\nwant %+v", got, want)
			}
		})
	}
}

// Excel "Unicode Text": UTF-16LE, tab-separated, through to the events.
func TestReaderExcelUnicodeText(t *testing.T) {
	text := "User ID\tFirst\tLast\tCompany\tEmail\tCategory\tAction\tLabel\tDate/Time\tContent ID\tContent Name\tContent Slug\r\n" +
		"u_1\tZoë\tÅström\t\tzoe@x.example\tPage\tView\tN/A\t2024-06-04T10:00:00.000Z\t\t\t\r\n"
	res := readAll(t, utf16Bytes(text, false, true), "event-activity-exporter", ingest.Options{})
	if res.src.Delimiter != '\t' || res.src.Encoding != ingest.UTF16LE {
		t.Fatalf("sniffed %q %q", res.src.Encoding, res.src.Delimiter)
	}
	ev := res.events()
	if len(ev) != 1 || ev[0].Event.ActorName != "Zoë Åström" || ev[0].Event.Description != "" {
		t.Fatalf("events %+v", summarize(res.records))
	}
}

func TestReaderDelimiters(t *testing.T) {
	for _, d := range []string{",", ";", "\t", "|"} {
		t.Run(d, func(t *testing.T) {
			text := strings.Join([]string{"Date", "IP Addr", "Username", "Action", "Page", "ID", "Old values", "New values"}, d) + "\n" +
				strings.Join([]string{"2024-02-10 10:05:00", "192.0.2.1", "admin", "UPDATE", "schedules", "31", "retention: 30", "retention: 60"}, d) + "\n" +
				strings.Join([]string{"2024-02-10 10:06:00", "192.0.2.1", "admin", "DELETE", "servers", "7", `"name: a, b; c | d"`, ""}, d) + "\n"
			res := readAll(t, []byte(text), "backup-panel", ingest.Options{})
			ev := res.events()
			if len(ev) != 2 {
				t.Fatalf("%d events, want 2; records %+v", len(ev), res.records)
			}
			if got := ev[1].Event.Changes; len(got) != 1 || got[0].Old != "a, b" {
				// "; c | d" is cut by the kv pair separator: the value is split as kv text, not csv.
				t.Errorf("changes %+v", got)
			}
			if ev[0].Event.TargetRef != "schedules #31" {
				t.Errorf("target_ref %q", ev[0].Event.TargetRef)
			}
		})
	}
}

// Title lines above the header are skipped; total lines below are reported as skips;
// blank lines are counted; record lines stay physical.
func TestReaderTitleAndTotalLines(t *testing.T) {
	text := "Users activity report\r\nPeriod: March 2024,,,,,,,,\r\n\r\n" +
		"Date,User name,Activity,Subscription reference,Order reference,Price/Amount,Currency,Billing cycles,Comment\r\n" +
		"2024-03-02 11:37:46,Maria,Request order refund,FGHA470,7506159,120.00,USD,1,\r\n" +
		"\r\n" +
		",,,,,,,,\r\n" +
		"2024-03-02 12:00:00,Maria,Logout,,,,,,\r\n" +
		"Total,,,,,120.00,USD,,\r\n" +
		",,,,,120.00,USD,,\r\n" +
		"Grand total: 1 refund\r\n" +
		",,,,,,,,Amounts are in the order currency\r\n" +
		"Confidential\r\n" +
		",Maria,Logout,,,,,,\r\n"
	res := readAll(t, []byte(text), "2checkout", ingest.Options{Zone: time.UTC})
	if res.src.HeaderLine != 4 {
		t.Errorf("HeaderLine = %d, want 4", res.src.HeaderLine)
	}
	var lines []int64
	for _, r := range res.events() {
		lines = append(lines, r.Line)
	}
	if want := []int64{5, 8}; !reflect.DeepEqual(lines, want) {
		t.Errorf("event lines %v, want %v", lines, want)
	}
	var skips []int64
	for _, r := range res.skips() {
		skips = append(skips, r.Line)
	}
	if want := []int64{9, 10, 11, 12, 13}; !reflect.DeepEqual(skips, want) {
		t.Errorf("skipped lines %v, want %v", skips, want)
	}
	// A row with an actor and an action but no time is data that cannot be read.
	if rej := res.rejects(); len(rej) != 1 || rej[0].Line != 14 || rej[0].Column != "Date" {
		t.Errorf("rejects %+v, want line 14 on Date", rej)
	}
	if res.blank != 2 {
		t.Errorf("BlankLines = %d, want 2", res.blank)
	}
	if !containsString(res.warnings, "2 blank lines skipped") {
		t.Errorf("warnings %q", res.warnings)
	}
}

func TestReaderQuotedNewlinesKeepStartLine(t *testing.T) {
	text := "User ID,First,Last,Company,Email,Category,Action,Label,Date/Time,Content ID,Content Name,Content Slug\n" +
		"u_1,Ana,Silva,,a@x.example,Message,Message,\"line one\nline two\nline three\",2024-05-18T01:23:07.000Z,,,\n" +
		"u_1,Ana,Silva,,a@x.example,Message,Message,\"say \"\"hi\"\"\",2024-05-18T01:24:07.000Z,,,\n" +
		"u_1,Ana,Silva,,a@x.example,Message,Message,\"crlf\r\ninside\",2024-05-18T01:25:07.000Z,,,\n" +
		"u_1,Ana,Silva,,a@x.example,User,Log Out,N/A,2024-05-18T01:26:07.000Z,,,\n"
	res := readAll(t, []byte(text), "event-activity-exporter", ingest.Options{})
	got := summarize(res.records)
	want := []eventSummary{
		{2, "2024-05-18T01:23:07Z", "Ana Silva", "Message", activity.KindMessage, "", "line one\nline two\nline three"},
		{5, "2024-05-18T01:24:07Z", "Ana Silva", "Message", activity.KindMessage, "", `say "hi"`},
		{6, "2024-05-18T01:25:07Z", "Ana Silva", "Message", activity.KindMessage, "", "crlf\ninside"},
		{8, "2024-05-18T01:26:07Z", "Ana Silva", "Log Out", activity.KindLogout, "", ""},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("events\n got %+v\nwant %+v", got, want)
	}
	if res.blank != 0 {
		t.Errorf("BlankLines = %d, want 0 (lines inside quotes are not blank lines)", res.blank)
	}
}

// A stray quote rejects its row with line and column; the rows after it are read.
func TestReaderBareQuoteRejectsRowAndContinues(t *testing.T) {
	text := "Date,User name,Activity,Subscription reference,Order reference,Price/Amount,Currency,Billing cycles,Comment\n" +
		"2024-05-03 09:00:00,Ana,Login,,,,,,\n" +
		"2024-05-03 09:01:00,Ana \"the boss\" Pop,Login,,,,,,\n" +
		"2024-05-03 09:02:00,Ana,Accessed page,,,,,,\"/a\"b.php\n" +
		"2024-05-03 09:03:00,Ana,Logout,,,,,,\n"
	res := readAll(t, []byte(text), "2checkout", ingest.Options{Zone: time.UTC})
	if res.err != nil {
		t.Fatal(res.err)
	}
	rej := res.rejects()
	if len(rej) != 2 {
		t.Fatalf("rejects %+v, want 2", rej)
	}
	if rej[0].Line != 3 || rej[0].Column != "User name" || !strings.Contains(rej[0].Reason, "line 3, column 25") {
		t.Errorf("first reject %+v", rej[0])
	}
	if rej[1].Line != 4 || rej[1].Column != "Comment" || !strings.Contains(rej[1].Reason, "closing quote") {
		t.Errorf("second reject %+v", rej[1])
	}
	if n := len(res.events()); n != 2 {
		t.Errorf("%d events, want 2", n)
	}
}

func TestReaderUnterminatedQuoteIsFileError(t *testing.T) {
	text := "Date,User name,Activity,Subscription reference,Order reference,Price/Amount,Currency,Billing cycles,Comment\n" +
		"2024-05-03 09:00:00,Ana,Login,,,,,,\n" +
		"2024-05-03 09:01:00,Ana,Accessed page,,,,,,\"/cpanel/a.php\n" +
		"2024-05-03 09:02:00,Ana,Logout,,,,,,\n" +
		"2024-05-03 09:03:00,Ana,Login,,,,,,\n"
	res := readAll(t, []byte(text), "2checkout", ingest.Options{Zone: time.UTC})
	var fe *ingest.FileError
	if !errors.As(res.err, &fe) {
		t.Fatalf("error %v, want a *FileError", res.err)
	}
	if fe.File != "input.csv" || fe.Line != 3 || fe.Column != 44 {
		t.Errorf("FileError at %s:%d:%d, want input.csv:3:44", fe.File, fe.Line, fe.Column)
	}
	if want := "input.csv:3:44: unterminated quoted field starting here swallows the rest of the file; close the quote"; !strings.HasPrefix(fe.Error(), want) {
		t.Errorf("Error() = %q, want it to start %q", fe.Error(), want)
	}
	if n := len(res.events()); n != 1 {
		t.Errorf("%d events before the error, want 1", n)
	}
}

// An unterminated quote early in a big file stops the read at a bounded size instead of
// gathering the rest of the file into memory.
func TestReaderRunawayQuoteStopsEarly(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("Date,User name,Activity,Subscription reference,Order reference,Price/Amount,Currency,Billing cycles,Comment\n")
	b.WriteString("2024-05-03 09:00:00,Ana,Login,,,,,,\"oops\n")
	for b.Len() < 6<<20 {
		b.WriteString("2024-05-03 09:02:00,Ana,Logout,,,,,,\n")
	}
	res := readAll(t, b.Bytes(), "2checkout", ingest.Options{Zone: time.UTC})
	var fe *ingest.FileError
	if !errors.As(res.err, &fe) || fe.Line != 2 || fe.Column != 36 || !strings.Contains(fe.Msg, "quoted field starting here") {
		t.Fatalf("error %v, want a *FileError at 2:36 about the quoted field", res.err)
	}
}

func TestReaderShortAndLongRows(t *testing.T) {
	text := "Date,User name,Activity,Subscription reference,Order reference,Price/Amount,Currency,Billing cycles,Comment\n" +
		"2024-05-03 09:00:00,Ana,Logout\n" +
		"2024-05-03 09:01:00,Ana,Request order refund,S1,O1,5.00,USD,1,note,surplus,,more\n" +
		"2024-05-03 09:02:00\n"
	res := readAll(t, []byte(text), "2checkout", ingest.Options{Zone: time.UTC})
	ev := res.events()
	if len(ev) != 3 {
		t.Fatalf("%d events, want 3 (rows are read as far as they go)", len(ev))
	}
	if e := ev[0].Event; e.Action != "Logout" || e.Description != "" || e.Amount != nil {
		t.Errorf("short row %+v", e)
	}
	if got, want := ev[1].Event.Extra, map[string]string{"column 10": "surplus", "column 12": "more"}; !reflect.DeepEqual(got, want) {
		t.Errorf("long row extra %v, want %v", got, want)
	}
	if e := ev[2].Event; e.Action != "" || e.Kind != activity.KindOther {
		t.Errorf("time-only row %+v", e)
	}
}

// Header names match whatever their case and spacing, in any order; optional columns
// may be missing; duplicates keep the first for mapping and the rest in extra.
func TestReaderHeaderMatching(t *testing.T) {
	text := "  CATEGORY , action,date/time,email,User   ID,label,First,First,Secret Token\n" +
		"Page,View,2024-05-20T10:00:00Z,A@X.example,u_1,N/A,Ana,Anna,abc123\n"
	res := readAll(t, []byte(text), "event-activity-exporter", ingest.Options{})
	ev := res.events()
	if len(ev) != 1 {
		t.Fatalf("records %+v", res.records)
	}
	e := ev[0].Event
	if e.Module != "Page" || e.Action != "View" || e.ActorEmail != "a@x.example" || e.ActorID != "u_1" || e.ActorName != "Ana" {
		t.Errorf("event %+v", e)
	}
	if want := map[string]string{"First (2)": "Anna", "Secret Token": ingest.Mask}; !reflect.DeepEqual(e.Extra, want) {
		t.Errorf("extra %v, want %v", e.Extra, want)
	}
	if !containsPrefix(res.warnings, "optional columns not in the file (their fields stay empty): Last, Company, Content ID") {
		t.Errorf("warnings %q", res.warnings)
	}
}

func TestReaderMissingRequiredColumn(t *testing.T) {
	path := writeFile(t, "x.csv", []byte("Date,User name,Comment\n2024-01-01 00:00:00,Ana,hi\n"))
	src, err := ingest.Sniff(path)
	if err != nil {
		t.Fatal(err)
	}
	_, err = ingest.Open(src, profile(t, "2checkout"), ingest.Options{Zone: time.UTC})
	var fe *ingest.FileError
	if !errors.As(err, &fe) || fe.Line != 1 || !strings.Contains(fe.Msg, `"Activity"`) {
		t.Errorf("Open error %v, want a *FileError naming Activity", err)
	}
}

func TestReaderSecrets(t *testing.T) {
	text := "Date,IP Addr,Username,Action,Page,ID,Old values,New values,API Key\n" +
		"2024-02-10 10:00:00,192.0.2.1,admin,UPDATE,users,3,password: hunter2; role: viewer,password: s3cret!; role: admin,sk_live_abc\n" +
		"2024-02-10 10:01:00,192.0.2.1,admin,UPDATE,users,3,password: ******,password: ******,****\n" +
		"2024-02-10 10:02:00,192.0.2.1,admin,UPDATE,license,,license_key: ****-****-1A2B,license_key: ABCD-EFGH-9F3C,\n" +
		"2024-02-10 10:03:00,192.0.2.1,admin,INSERT,users,4,,Private Key: -----BEGIN KEY-----; name: bob,\n"
	res := readAll(t, []byte(text), "backup-panel", ingest.Options{})
	ev := res.events()
	if len(ev) != 4 {
		t.Fatalf("records %+v", res.records)
	}
	want := [][]activity.Change{
		{{Field: "password", Old: ingest.Mask, New: ingest.Mask}, {Field: "role", Old: "viewer", New: "admin"}},
		{{Field: "password", Old: "******", New: "******"}},
		{{Field: "license_key", Old: "****-****-1A2B", New: ingest.Mask}},
		{{Field: "Private Key", Old: "", New: ingest.Mask}, {Field: "name", Old: "", New: "bob"}},
	}
	for i, w := range want {
		if got := ev[i].Event.Changes; !reflect.DeepEqual(got, w) {
			t.Errorf("line %d changes %+v, want %+v", ev[i].Line, got, w)
		}
	}
	if got := ev[0].Event.Extra["API Key"]; got != ingest.Mask {
		t.Errorf("API Key extra = %q, want it masked", got)
	}
	if got := ev[1].Event.Extra["API Key"]; got != "****" {
		t.Errorf("already-masked API Key extra = %q, want it as written", got)
	}
	for _, r := range res.records {
		b, _ := jsonString(r)
		for _, secret := range []string{"hunter2", "s3cret", "sk_live", "BEGIN KEY", "EFGH"} {
			if strings.Contains(b, secret) {
				t.Errorf("line %d leaks %q: %s", r.Line, secret, b)
			}
		}
	}
}

func TestReaderZone(t *testing.T) {
	text := "Date,User name,Activity\n2024-07-01 12:00:00,Ana,Login\n"
	path := writeFile(t, "z.csv", []byte(text))
	src, err := ingest.Sniff(path)
	if err != nil {
		t.Fatal(err)
	}
	_, err = ingest.Open(src, profile(t, "2checkout"), ingest.Options{})
	if !errors.Is(err, ingest.ErrZoneRequired) || !strings.Contains(err.Error(), "--tz Europe/Bucharest") {
		t.Errorf("Open without a zone: %v, want ErrZoneRequired with a hint", err)
	}
	for _, tt := range []struct {
		id, zone, want string
	}{
		{"2checkout", "Europe/Bucharest", "2024-07-01T09:00:00Z"},
		{"2checkout", "America/New_York", "2024-07-01T16:00:00Z"},
	} {
		res := readSource(t, src, profile(t, tt.id), ingest.Options{Zone: zone(t, tt.zone)})
		e := res.events()[0].Event
		if got := e.OccurredAt.Format(time.RFC3339); got != tt.want || e.SourceZone != tt.zone || e.OccurredAt.Location() != time.UTC {
			t.Errorf("%s in %s: %s (%s, %v), want %s", tt.id, tt.zone, got, e.SourceZone, e.OccurredAt.Location(), tt.want)
		}
	}
	// backup-panel reads panel server time as UTC unless told otherwise.
	bp := "Date,IP Addr,Username,Action,Page,ID,Old values,New values\n2024-07-01 12:00:00,1.2.3.4,a,EXECUTE,schedules,1,,run: now\n"
	res := readAll(t, []byte(bp), "backup-panel", ingest.Options{})
	if e := res.events()[0].Event; e.OccurredAt.Format(time.RFC3339) != "2024-07-01T12:00:00Z" || e.SourceZone != "UTC" {
		t.Errorf("backup-panel default zone: %v %s", e.OccurredAt, e.SourceZone)
	}
	res = readAll(t, []byte(bp), "backup-panel", ingest.Options{Zone: zone(t, "Europe/Bucharest")})
	if e := res.events()[0].Event; e.OccurredAt.Format(time.RFC3339) != "2024-07-01T09:00:00Z" || e.SourceZone != "Europe/Bucharest" {
		t.Errorf("backup-panel with a zone: %v %s", e.OccurredAt, e.SourceZone)
	}
}

// A file that is UTF-8 except for a row pasted from an old system reads that row's
// cells as Windows-1252 and says so.
func TestReaderStrayWindows1252Cell(t *testing.T) {
	data := []byte("Date,User name,Activity\n2024-07-01 12:00:00,Zoë,Login\n")
	data = append(data, "2024-07-01 12:01:00,Jos"...)
	data = append(data, 0xE9) // é in Windows-1252
	data = append(data, ",Logout\n"...)
	res := readAll(t, data, "2checkout", ingest.Options{Zone: time.UTC})
	ev := res.events()
	if len(ev) != 2 || ev[0].Event.ActorName != "Zoë" || ev[1].Event.ActorName != "José" {
		t.Fatalf("events %+v", summarize(res.records))
	}
	if !containsPrefix(res.warnings, "1 cell was not valid UTF-8 (first on line 3)") {
		t.Errorf("warnings %q", res.warnings)
	}
}

func TestReaderProgressAndClose(t *testing.T) {
	data := genFile(3000)
	path := writeFile(t, "big.csv", data)
	src, err := ingest.Sniff(path)
	if err != nil {
		t.Fatal(err)
	}
	r, err := ingest.Open(src, profile(t, "2checkout"), ingest.Options{Zone: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	var last int64
	for {
		_, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if n := r.BytesRead(); n < last || n > src.Size {
			t.Fatalf("BytesRead went from %d to %d (size %d)", last, n, src.Size)
		}
		last = r.BytesRead()
	}
	if last != src.Size {
		t.Errorf("BytesRead at the end = %d, want %d", last, src.Size)
	}
	if _, err := r.Next(); err != io.EOF {
		t.Errorf("Next after the end = %v, want io.EOF again", err)
	}
	if err := r.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	if err := r.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

// Every row comes back as exactly one record kind; none is dropped.
func TestReaderNeverDropsRows(t *testing.T) {
	res := readAll(t, genFile(25_000), "2checkout", ingest.Options{Zone: zone(t, "Europe/Bucharest")})
	if len(res.records) != 25_000 {
		t.Fatalf("%d records from 25000 rows", len(res.records))
	}
	for i, r := range res.records {
		n := 0
		for _, set := range []bool{r.Event != nil, r.Person != nil, r.Reject != nil, r.Skip != ""} {
			if set {
				n++
			}
		}
		if n != 1 || r.Line != int64(i+2) {
			t.Fatalf("record %d: %+v", i, r)
		}
	}
}

func containsString(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func containsPrefix(list []string, prefix string) bool {
	for _, v := range list {
		if strings.HasPrefix(v, prefix) {
			return true
		}
	}
	return false
}

func TestReaderJSONChanges(t *testing.T) {
	const y = `
id: json-audit
name: JSON audit
kind: events
match: {required: [At, Who, Op], optional: [Before, After]}
read: {zone: UTC, layouts: ["2006-01-02T15:04:05Z07:00"]}
fields: {time: At, actor_name: Who, action: Op}
changes: {format: json, old: Before, new: After}
`
	p, err := ingest.ParseProfile([]byte(y))
	if err != nil {
		t.Fatal(err)
	}
	text := "At,Who,Op,Before,After\n" +
		`2024-01-01T00:00:00Z,ana,update,"{""plan"":""basic"",""seats"":5,""tags"":[""a""],""password"":""x""}","{""plan"":""pro"",""seats"":5,""tags"":[""a"",""b""],""password"":""y"",""note"":null}"` + "\n" +
		`2024-01-01T00:01:00Z,ana,update,{not json},"{""plan"":""pro""}"` + "\n"
	res := readSource(t, sniffText(t, text), p, ingest.Options{})
	ev := res.events()
	if len(ev) != 2 {
		t.Fatalf("records %+v", res.records)
	}
	want := []activity.Change{
		{Field: "password", Old: ingest.Mask, New: ingest.Mask},
		{Field: "plan", Old: "basic", New: "pro"},
		{Field: "tags", Old: `["a"]`, New: `["a","b"]`},
	}
	if got := ev[0].Event.Changes; !reflect.DeepEqual(got, want) {
		t.Errorf("changes %+v, want %+v", got, want)
	}
	if got := ev[0].Event.Extra["unchanged"]; got != "seats: 5" {
		t.Errorf("unchanged = %q", got)
	}
	e := ev[1].Event
	if e.Changes != nil || e.Extra["Before"] != "{not json}" || len(e.Warnings) != 1 || !strings.Contains(e.Warnings[0], "changes not read: old values") {
		t.Errorf("bad JSON kept as %+v / %v / %q", e.Changes, e.Extra, e.Warnings)
	}
}

// A Source built by hand (no Sniff) may leave encoding, delimiter and header line out.
func TestOpenReaderDefaults(t *testing.T) {
	data := "Date,User name,Activity\n2024-07-01 12:00:00,Ana,Login\n"
	r, err := ingest.OpenReader(strings.NewReader(data), &ingest.Source{}, profile(t, "2checkout"), ingest.Options{Zone: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	rec, err := r.Next()
	if err != nil || rec.Line != 2 || rec.Event.Action != "Login" {
		t.Fatalf("Next = %+v, %v", rec, err)
	}
	if _, err := r.Next(); err != io.EOF {
		t.Errorf("Next at the end = %v", err)
	}
}
