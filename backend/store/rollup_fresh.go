package store

import (
	"context"
	"fmt"
)

// RollupsFresh tells whether the rollups count every event in the workspace, so
// that the next summary or count will not have to bring them up to date first.
func (s *Store) RollupsFresh(ctx context.Context) (bool, error) {
	fresh, err := rollupsFresh(ctx, s.db)
	if err != nil {
		return false, fmt.Errorf("check rollups: %w", err)
	}
	return fresh, nil
}
