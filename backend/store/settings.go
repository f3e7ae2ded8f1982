package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"trailbook/backend/activity"
)

// LatestOwn loads the newest of Trailbook's own events with the given action, or
// ErrNotFound. Settings such as retention are recorded as own events, so the workspace
// keeps its settings and their history inside the hash chain.
func (s *Store) LatestOwn(ctx context.Context, action string) (*activity.Event, error) {
	var id int64
	err := s.db.NewRaw(`SELECT id FROM events WHERE system = ? AND action = ? ORDER BY id DESC LIMIT 1`,
		activity.OwnSystem, action).Scan(ctx, &id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("latest %s event: %w", action, err)
	}
	return s.Event(ctx, id)
}

// CountImportedBefore counts the imported events (not Trailbook's own) that occurred
// before t: what a purge at t would delete.
func (s *Store) CountImportedBefore(ctx context.Context, t time.Time) (int64, error) {
	var n int64
	err := s.db.NewRaw(`SELECT count(*) FROM events WHERE system <> ? AND occurred_at < ?`,
		activity.OwnSystem, t.UnixMilli()).Scan(ctx, &n)
	if err != nil {
		return 0, fmt.Errorf("count events before %s: %w", t.UTC().Format(time.RFC3339), err)
	}
	return n, nil
}
