package export

import (
	"context"
	"errors"
	"testing"
	"time"
)

const hostile = `=HYPERLINK("http://x","click")`

func bucharest(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Bucharest")
	if err != nil {
		t.Fatalf("load zone: %v", err)
	}
	return loc
}

func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

var detailColumns = []Column{
	{Key: "time", Title: "Time", Type: Time},
	{Key: "user", Title: "User", Type: Text},
	{Key: "label", Title: "Label", Type: Text},
	{Key: "line", Title: "Line", Type: Integer},
	{Key: "amount", Title: "Amount", Type: Amount},
}

// detailRow is one test event with the values a reader should see, worked out by hand.
type detailRow struct {
	at       time.Time
	wall     string // at in Europe/Bucharest
	user     string
	label    string
	line     int64
	amount   any // Micros or nil
	csvLabel string
	csvAmt   string
}

// sampleRows covers both DST changes in Bucharest (UTC+2 in winter, UTC+3 in summer:
// clocks went forward at 01:00 UTC on 2024-03-31 and back at 01:00 UTC on 2024-10-27),
// formula-looking labels and amounts.
func sampleRows() []detailRow {
	return []detailRow{
		{utc("2024-03-31T00:30:00Z"), "2024-03-31 02:30:00", "ana@example.com", hostile, 2, Micros(12_500_000), "'" + hostile, "12.5"},
		{utc("2024-03-31T01:30:00Z"), "2024-03-31 04:30:00", "bob", "@SUM(A1:A9)", 3, Micros(-2_500), "'@SUM(A1:A9)", "-0.0025"},
		{utc("2024-10-27T00:30:00Z"), "2024-10-27 03:30:00", "chloé", "+cmd|' /C calc'!A0", 4, nil, "'+cmd|' /C calc'!A0", ""},
		{utc("2024-10-27T01:30:00Z"), "2024-10-27 03:30:00", "dmitri", "-5", 5, Micros(0), "-5", "0"},
		{utc("2024-12-31T22:15:09Z"), "2025-01-01 00:15:09", "emma", "-2+3", 6, Micros(1_000_000_000), "'-2+3", "1000"},
		{utc("2024-06-01T09:00:00Z"), "2024-06-01 12:00:00", "farah", "\tindented", 7, Micros(1), "'\tindented", "0.000001"},
		{utc("2024-06-01T10:00:00Z"), "2024-06-01 13:00:00", "goran", "plain, with \"quotes\"\nand a newline", 8, Micros(99_990_000), "plain, with \"quotes\"\nand a newline", "99.99"},
	}
}

func (d detailRow) row() Row {
	return Row{d.at, d.user, d.label, d.line, d.amount}
}

func rowsOf(rows []Row) RowSource {
	return func(ctx context.Context, yield func(Row) error) error {
		for _, r := range rows {
			if err := yield(r); err != nil {
				return err
			}
		}
		return nil
	}
}

func sampleDoc(t *testing.T) Document {
	var rows []Row
	for _, d := range sampleRows() {
		rows = append(rows, d.row())
	}
	return Document{
		Title:     "Activity, March to December 2024",
		Generated: utc("2024-12-31T23:00:00Z"),
		Zone:      bucharest(t),
		Period:    "2024-03-01 to 2024-12-31 (Europe/Bucharest)",
		Filters:   []string{"users: ana@example.com, bob", "search: " + hostile},
		Sources: []Source{{
			File: "user-activity-export.csv", SHA256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
			Profile: "event-platform", Rows: 7, ImportedAt: utc("2024-12-30T08:00:00Z"),
		}},
		Integrity: "chain intact, 7 events verified",
		Columns:   detailColumns,
		Rows:      rowsOf(rows),
		Total:     int64(len(rows)),
	}
}

// endless yields numbered rows until the context is cancelled or yield fails.
func endless(cancelAfter int64, cancel context.CancelFunc) RowSource {
	return func(ctx context.Context, yield func(Row) error) error {
		at := utc("2024-01-01T00:00:00Z")
		for i := int64(1); ; i++ {
			if i == cancelAfter {
				cancel()
			}
			if i > cancelAfter+100_000 {
				return errors.New("the writer kept asking for rows after the cancel")
			}
			if err := yield(Row{at.Add(time.Duration(i) * time.Second), "user", "label", i, Micros(i)}); err != nil {
				return err
			}
		}
	}
}
