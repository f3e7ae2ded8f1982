package workspace

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// WriteRejectsCSV writes the rejected and skipped rows of one batch as CSV (file, line,
// outcome, column, reason), so they can be fixed in the source and imported again.
func (w *Workspace) WriteRejectsCSV(ctx context.Context, batchID int64, out io.Writer) error {
	bs, err := w.Batches(ctx)
	if err != nil {
		return err
	}
	file := ""
	for _, b := range bs {
		if b.ID == batchID {
			file = b.FileName
		}
	}
	if file == "" {
		return fmt.Errorf("batch %d: no such import batch", batchID)
	}
	rs, err := w.Rejects(ctx, batchID)
	if err != nil {
		return err
	}
	cw := csv.NewWriter(out)
	_ = cw.Write([]string{"file", "line", "outcome", "column", "reason"})
	for _, r := range rs {
		outcome := "rejected"
		if r.Skipped {
			outcome = "skipped"
		}
		_ = cw.Write([]string{safeCell(file), strconv.FormatInt(r.Line, 10), outcome, safeCell(r.Column), safeCell(r.Reason)})
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write rejects of batch %d: %w", batchID, err)
	}
	return nil
}

// safeCell keeps a spreadsheet from reading text that came from a vendor file as a
// formula: a leading =, +, -, @, tab or CR gets a quote in front.
func safeCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
