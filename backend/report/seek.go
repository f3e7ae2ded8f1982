package report

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
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
	if c.rollup && (spec.Sort == "" || spec.Sort == ColumnTime) {
		cur, ok, err := e.seekByHours(ctx, c, offset-1)
		if err != nil || ok {
			return cur, err
		}
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

// seekByHours finds the row at index idx of a time-ordered report from the hourly rollup:
// it walks the hour counts (a year is 8,760 of them) to the hour that holds the row, then
// reads only inside that hour. ok is false when idx is past the end.
func (e *Engine) seekByHours(ctx context.Context, c *compiled, idx int64) (string, bool, error) {
	type segment struct{ from, to, n int64 }
	var segs []segment
	q := `SELECT hour, sum(n) FROM rollup_hours WHERE ` + c.sysSQL()
	args := append([]any(nil), c.sysArgs...)
	if c.hasPeriod {
		// Hours wholly inside the period come from the rollup; the partial hours at its
		// edges are counted exactly.
		lo, hi := ceilDiv(c.from, hourMS), floorDiv(c.to, hourMS)
		if lo >= hi {
			return "", false, nil
		}
		q += ` AND hour >= ? AND hour < ?`
		args = append(args, lo, hi)
		for _, edge := range [][2]int64{{c.from, lo * hourMS}, {hi * hourMS, c.to}} {
			if edge[0] >= edge[1] {
				continue
			}
			var n int64
			err := e.st.DB().QueryRowContext(ctx, `SELECT count(*) FROM events e WHERE `+c.whereSQL()+
				` AND e.occurred_at >= ? AND e.occurred_at < ?`, append(append([]any(nil), c.args...), edge[0], edge[1])...).Scan(&n)
			if err != nil {
				return "", false, fmt.Errorf("seek: count the period's edge: %w", err)
			}
			segs = append(segs, segment{edge[0], edge[1], n})
		}
	}
	rows, err := e.st.DB().QueryContext(ctx, q+` GROUP BY hour`, args...)
	if err != nil {
		return "", false, fmt.Errorf("seek: hours: %w", err)
	}
	for rows.Next() {
		var h, n int64
		if err := rows.Scan(&h, &n); err != nil {
			rows.Close()
			return "", false, err
		}
		segs = append(segs, segment{h * hourMS, (h + 1) * hourMS, n})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return "", false, err
	}
	desc := !c.spec.Asc
	slices.SortFunc(segs, func(a, b segment) int {
		if desc {
			return cmp.Compare(b.from, a.from)
		}
		return cmp.Compare(a.from, b.from)
	})
	var before int64
	for _, sg := range segs {
		if before+sg.n <= idx {
			before += sg.n
			continue
		}
		dir := "DESC"
		if !desc {
			dir = ""
		}
		var k cursorKey
		err := e.st.DB().QueryRowContext(ctx, `SELECT e.occurred_at, e.id FROM events e WHERE `+c.whereSQL()+
			` AND e.occurred_at >= ? AND e.occurred_at < ? ORDER BY e.occurred_at `+dir+`, e.id `+dir+` LIMIT 1 OFFSET ?`,
			append(append([]any(nil), c.args...), sg.from, sg.to, idx-before)...).Scan(&k.N, &k.ID)
		if err != nil {
			return "", false, fmt.Errorf("seek row %d: %w", idx+1, err)
		}
		return k.encode("a"), true, nil
	}
	return "", false, nil
}
