package export

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"strconv"
	"strings"
	"testing"
)

func TestWriteCSVReadBack(t *testing.T) {
	for _, bom := range []bool{true, false} {
		doc := sampleDoc(t)
		var calls []int64
		doc.Progress = func(n int64) { calls = append(calls, n) }
		var buf bytes.Buffer
		n, err := WriteCSV(context.Background(), &buf, doc, CSVOptions{BOM: bom})
		if err != nil {
			t.Fatalf("bom=%v: %v", bom, err)
		}
		want := sampleRows()
		if n != int64(len(want)) {
			t.Fatalf("bom=%v: wrote %d rows, want %d", bom, n, len(want))
		}
		data := buf.Bytes()
		if got := bytes.HasPrefix(data, []byte("\xEF\xBB\xBF")); got != bom {
			t.Fatalf("bom=%v: file starts with BOM = %v", bom, got)
		}
		recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF")))).ReadAll()
		if err != nil {
			t.Fatalf("bom=%v: read back: %v", bom, err)
		}
		header := []string{"Time (Europe/Bucharest)", "User", "Label", "Line", "Amount"}
		if strings.Join(recs[0], "|") != strings.Join(header, "|") {
			t.Fatalf("header = %q, want %q", recs[0], header)
		}
		if len(recs)-1 != len(want) {
			t.Fatalf("%d data rows read back, want %d", len(recs)-1, len(want))
		}
		for i, d := range want {
			got := recs[i+1]
			exp := []string{d.wall, d.user, d.csvLabel, strconv.FormatInt(d.line, 10), d.csvAmt}
			for j := range exp {
				if got[j] != exp[j] {
					t.Errorf("row %d column %s = %q, want %q", i+1, header[j], got[j], exp[j])
				}
			}
		}
		if len(calls) == 0 || calls[len(calls)-1] != n {
			t.Errorf("progress calls %v, want a last call with %d", calls, n)
		}
	}
}

func TestWriteCSVUTCHeaderWithoutZone(t *testing.T) {
	doc := sampleDoc(t)
	doc.Zone = nil
	var buf bytes.Buffer
	if _, err := WriteCSV(context.Background(), &buf, doc, CSVOptions{}); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if recs[0][0] != "Time (UTC)" || recs[1][0] != "2024-03-31 00:30:00" {
		t.Fatalf("header %q first time %q, want UTC", recs[0][0], recs[1][0])
	}
}

func TestWriteCSVCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	doc := sampleDoc(t)
	doc.Rows = endless(5000, cancel)
	n, err := WriteCSV(ctx, &bytes.Buffer{}, doc, CSVOptions{})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if n < 4999 || n > 5000+1024 {
		t.Fatalf("wrote %d rows after a cancel at row 5000", n)
	}
}

func TestWriteCSVWrongValue(t *testing.T) {
	doc := sampleDoc(t)
	doc.Rows = rowsOf([]Row{sampleRows()[0].row(), {utc("2024-01-01T00:00:00Z"), "u", "l", "not a number", nil}})
	_, err := WriteCSV(context.Background(), &bytes.Buffer{}, doc, CSVOptions{})
	if err == nil || !strings.Contains(err.Error(), `row 2, column "line"`) {
		t.Fatalf("err = %v, want one naming row 2 and column line", err)
	}
	doc.Rows = rowsOf([]Row{{utc("2024-01-01T00:00:00Z"), "u"}})
	if _, err := WriteCSV(context.Background(), &bytes.Buffer{}, doc, CSVOptions{}); err == nil || !strings.Contains(err.Error(), "row 1: 2 values for 5 columns") {
		t.Fatalf("err = %v, want a short-row error", err)
	}
}

func TestSafeText(t *testing.T) {
	cases := map[string]string{
		"":                  "",
		"plain":             "plain",
		"=1+1":              "'=1+1",
		"+1":                "+1",
		"+1 555 0100":       "'+1 555 0100",
		"-5":                "-5",
		"-5.25":             "-5.25",
		"-5.":               "'-5.",
		"-":                 "'-",
		"--5":               "'--5",
		"-1+2":              "'-1+2",
		"@SUM(A1)":          "'@SUM(A1)",
		"\t=1":              "'\t=1",
		"\r=1":              "'\r=1",
		"＝1+1":              "'＝1+1",
		"a=1":               "a=1",
		"'already":          "'already",
		"Ünïcode = fine":    "Ünïcode = fine",
		`=HYPERLINK("x")`:   `'=HYPERLINK("x")`,
		"-2147483648":       "-2147483648",
		"+0.5":              "+0.5",
		"-cmd|' /C calc'!A": "'-cmd|' /C calc'!A",
	}
	for in, want := range cases {
		if got := SafeText(in); got != want {
			t.Errorf("SafeText(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestAppendMicros(t *testing.T) {
	cases := map[Micros]string{
		0: "0", 1: "0.000001", -1: "-0.000001", 1_500_000: "1.5", -2_500: "-0.0025",
		123_456_789: "123.456789", 1_000_000: "1", -9_223_372_036_854_775_808: "-9223372036854.775808",
	}
	for in, want := range cases {
		if got := string(appendMicros(nil, in)); got != want {
			t.Errorf("appendMicros(%d) = %q, want %q", in, got, want)
		}
	}
}
