// Package export writes a report as CSV or XLSX. It knows nothing of the workspace: the
// report package fills a Document (cover facts, summary tables, a stream of detail rows)
// and a writer here turns it into bytes.
package export

import (
	"context"
	"time"
)

// Document is one report to write.
type Document struct {
	Title     string
	Generated time.Time      // when the report was made (shown in Zone)
	Zone      *time.Location // display zone for every time cell; nil means UTC
	Period    string         // the period in words, e.g. "2024-03-01 to 2024-03-31 (Europe/Bucharest)"
	Filters   []string       // each active filter in words, e.g. "users: ana@example.com, bob"
	Sources   []Source       // the imported files the rows come from
	Integrity string         // the verify outcome in words, e.g. "chain intact, 12,345 events verified"
	Columns   []Column       // detail columns, in order
	Summaries []Table        // summary sheets (By user, By kind, By day, Money, Flags), in order
	Rows      RowSource      // the detail rows, streamed in order
	Total     int64          // detail rows expected, or -1 when unknown (for progress)
	Progress  func(rows int64)
}

// Source is one imported file behind the report.
type Source struct {
	File       string
	SHA256     string
	Profile    string
	Rows       int64 // events of this file in the report
	ImportedAt time.Time
}

// ColumnType says how a value is written: XLSX cell type and number format, CSV text form.
type ColumnType int

const (
	Text    ColumnType = iota // string; never written as a formula
	Time                      // time.Time (an instant); shown in Document.Zone
	Integer                   // int64
	Amount                    // Micros (exact decimal, 6 places)
)

// Column is one detail or summary column.
type Column struct {
	Key   string // stable name, e.g. "time", "user", "amount"
	Title string // header text
	Type  ColumnType
	Width float64 // XLSX column width in characters; 0 picks a default by type
}

// Micros is an exact decimal amount in millionths (1.5 is 1500000).
type Micros int64

// Row holds one value per column: string, time.Time, int64, Micros, or nil for empty.
type Row []any

// RowSource streams rows to yield, stopping at the first error yield returns.
type RowSource func(ctx context.Context, yield func(Row) error) error

// Table is one summary sheet.
type Table struct {
	Name    string // sheet name, e.g. "By user"
	Columns []Column
	Rows    []Row
	Chart   *Chart // optional chart of one value column over the category column
}

// Chart draws Table.Rows[..][Value] against Table.Rows[..][Category].
type Chart struct {
	Title    string
	Category int // column index of the labels (e.g. the day)
	Value    int // column index of the values (e.g. the count)
}
