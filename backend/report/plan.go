package report

import (
	"context"
	"fmt"
	"slices"

	"github.com/uptrace/bun"
)

// Hints that let SQLite read the first page of a filtered, time-ordered view
// through an index in display order instead of sorting every matching row.

// userSystems lists the systems the given actor keys have events in, from the
// rollups (brought up to date before any user filter is compiled). Adding them
// as "system IN (...)" lets the first page of one user in one system walk
// events_actor (actor_key, system, occurred_at) backwards and stop after a page.
func userSystems(ctx context.Context, db bun.IDB, keys []string) ([]string, error) {
	rows, err := db.QueryContext(ctx, `SELECT DISTINCT system FROM rollup_users WHERE actor_key IN (`+placeholders(len(keys))+`)`, anys(keys)...)
	if err != nil {
		return nil, fmt.Errorf("find the users' systems: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, fmt.Errorf("find the users' systems: %w", err)
		}
		out = append(out, s)
	}
	slices.Sort(out)
	return out, rows.Err()
}

// walkTime tells whether the system and kind filters (with no user filter) select
// so many events that walking the time index and skipping the other rows reaches
// a page sooner than SQLite's own plan, which finds every matching row through
// events_system_kind and sorts them all: with n of total events matching, a page
// costs about 100*total/n rows walked against n rows sorted. The counts come
// from the rollups; stale ones only make the guess rougher.
func walkTime(ctx context.Context, db bun.IDB, c *compiled) bool {
	if len(c.sysAt) == 0 {
		return false
	}
	var total, n int64
	q := `SELECT coalesce(sum(n), 0), coalesce(sum(CASE WHEN ` + c.sysSQL() + ` THEN n END), 0) FROM rollup_hours`
	if err := db.QueryRowContext(ctx, q, c.sysArgs...).Scan(&total, &n); err != nil {
		return false
	}
	return n > 0 && n*n > 100*total
}
