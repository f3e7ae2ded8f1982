package export

import (
	"context"
	"errors"
	"io"
)

// Placeholders for the CSV/XLSX writers built on another branch; removed at merge.

// CSVOptions tunes the CSV writer.
type CSVOptions struct{ BOM bool }

// WriteCSV writes doc's detail rows as CSV.
func WriteCSV(ctx context.Context, w io.Writer, doc Document, opt CSVOptions) (int64, error) {
	return 0, errors.New("not built")
}

// WriteXLSX writes doc as an XLSX workbook.
func WriteXLSX(ctx context.Context, w io.Writer, doc Document) (int64, error) {
	return 0, errors.New("not built")
}

// WriteFile writes path through a temp file renamed into place.
func WriteFile(ctx context.Context, path string, write func(io.Writer) error) (string, int64, error) {
	return "", 0, errors.New("not built")
}
