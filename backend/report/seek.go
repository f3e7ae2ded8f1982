package report

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// Seek returns the page cursor that makes Query start at row offset (0-based) of the
// spec's order, so a table can jump to any row (a dragged scrollbar) and page on by keyset
// from there. Offset 0 is the first page (cursor ""). An offset at or past the end gives
// the cursor of the last row, whose Query page is empty.
//
// It walks the order's index once, reading only the sort value and id of the row before
// offset, so a jump costs one index scan rather than reading the rows it skips.
func (e *Engine) Seek(ctx context.Context, spec Spec, offset int64) (string, error) {
	if offset <= 0 {
		return "", nil
	}
	c, err := e.prepare(ctx, spec)
	if err != nil {
		return "", err
	}
	expr, err := sortColumn(spec.Sort)
	if err != nil {
		return "", err
	}
	dir := "DESC"
	if spec.Asc {
		dir = ""
	}
	q := fmt.Sprintf("SELECT %s, e.id FROM events e WHERE %s ORDER BY %s %s, e.id %s LIMIT 1 OFFSET ?",
		expr, c.whereSQL(), expr, dir, dir)
	args := append(append([]any(nil), c.args...), offset-1)
	row := e.st.DB().QueryRowContext(ctx, q, args...)
	var k cursorKey
	if numericSort(spec.Sort) {
		var n sql.NullInt64
		err = row.Scan(&n, &k.ID)
		k.N = n.Int64
	} else {
		var s sql.NullString
		err = row.Scan(&s, &k.ID)
		k.S = s.String
	}
	if errors.Is(err, sql.ErrNoRows) {
		// Past the end: seek to the last row, so the page after it is empty.
		n, cerr := e.count(ctx, c)
		if cerr != nil {
			return "", cerr
		}
		if n == 0 || n >= offset {
			return "", nil
		}
		return e.Seek(ctx, spec, n)
	}
	if err != nil {
		return "", fmt.Errorf("seek row %d: %w", offset, err)
	}
	return k.encode("a"), nil
}
