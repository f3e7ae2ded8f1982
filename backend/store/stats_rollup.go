package store

import (
	"context"

	"github.com/uptrace/bun"
)

// The counts of the workspace screen read the rollups when they are up to date:
// a few thousand rows instead of two passes over every event (an import brings
// them up to date, so this is the usual case). Otherwise they count the events.

// countSQL is the events per system and the number of (system, user) pairs.
type countSQL struct{ bySystem, users string }

var (
	countFromEvents = countSQL{
		bySystem: `SELECT system, count(*) AS n FROM events GROUP BY system`,
		users:    `SELECT count(*) FROM (SELECT DISTINCT system, actor_key FROM events WHERE system <> ?)`,
	}
	countFromRollups = countSQL{
		bySystem: `SELECT system, sum(n) AS n FROM rollup_hours GROUP BY system`,
		users:    `SELECT count(*) FROM (SELECT DISTINCT system, actor_key FROM rollup_users WHERE system <> ?)`,
	}
)

// statsCounts picks where stats counts from, inside the caller's read snapshot.
func statsCounts(ctx context.Context, db bun.IDB) countSQL {
	if fresh, err := rollupsFresh(ctx, db); err == nil && fresh {
		return countFromRollups
	}
	return countFromEvents
}
