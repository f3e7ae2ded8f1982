package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/uptrace/bun"

	"trailbook/backend/activity"
)

// Purge deletes the imported events that occurred before `before` (retention).
// Trailbook's own events stay. The purge is recorded as an own event in the same
// transaction, and the ledger keeps verifying: each removed id range is recorded
// with the chain value it ended on.
func (s *Store) Purge(ctx context.Context, before time.Time) (int64, error) {
	ms := before.UnixMilli()
	n, err := s.remove(ctx, "system <> 'trailbook' AND occurred_at < ?", []any{ms}, func(n int64) ownEvent {
		return ownEvent{
			action: "purge", kind: activity.KindDelete,
			description: fmt.Sprintf("Purged %d imported events that occurred before %s", n, before.UTC().Format(time.RFC3339)),
			extra:       map[string]string{"before": before.UTC().Format(time.RFC3339Nano), "deleted": strconv.FormatInt(n, 10)},
		}
	})
	if err != nil {
		return 0, fmt.Errorf("purge before %s: %w", before.UTC().Format(time.RFC3339), err)
	}
	return n, nil
}

// Clear deletes every imported event; Trailbook's own events, the batch history
// and the people directory stay. Recorded as an own event.
func (s *Store) Clear(ctx context.Context) (int64, error) {
	n, err := s.remove(ctx, "system <> 'trailbook'", nil, func(n int64) ownEvent {
		return ownEvent{
			action: "clear", kind: activity.KindDelete,
			description: fmt.Sprintf("Cleared the workspace: deleted %d imported events", n),
			extra:       map[string]string{"deleted": strconv.FormatInt(n, 10)},
		}
	})
	if err != nil {
		return 0, fmt.Errorf("clear: %w", err)
	}
	return n, nil
}

// remove deletes the events matching where, under the guard, in one transaction
// that also records the holes in the ledger and the own event describing it.
func (s *Store) remove(ctx context.Context, where string, args []any, describe func(n int64) ownEvent) (int64, error) {
	var removed int64
	err := s.writeTx(ctx, func(ctx context.Context, tx bun.IDB) error {
		led, err := readLedger(ctx, tx)
		if err != nil {
			return err
		}
		ownID := led.HeadID + 1
		gaps, n, err := collectGaps(ctx, tx, where, args, ownID)
		if err != nil {
			return err
		}
		removed = n
		if n > 0 {
			if _, err := tx.NewRaw(`INSERT INTO ledger_guard (id) VALUES (1)`).Exec(ctx); err != nil {
				return fmt.Errorf("take guard: %w", err)
			}
			// External-content FTS forgets a row only when told its old values;
			// when most rows go, indexing what stays again is cheaper.
			rebuild := n > led.Count-n
			if !rebuild {
				if _, err := tx.NewRaw(`INSERT INTO events_fts (events_fts, rowid, `+ftsColumns+`) SELECT 'delete', id, `+ftsColumns+` FROM events WHERE `+where, args...).Exec(ctx); err != nil {
					return fmt.Errorf("unindex: %w", err)
				}
			}
			res, err := tx.NewRaw(`DELETE FROM events WHERE `+where, args...).Exec(ctx)
			if err != nil {
				return fmt.Errorf("delete: %w", err)
			}
			if got, _ := res.RowsAffected(); got != n {
				return fmt.Errorf("delete: removed %d events, expected %d", got, n)
			}
			if rebuild {
				if _, err := tx.NewRaw(`INSERT INTO events_fts (events_fts) VALUES ('delete-all')`).Exec(ctx); err != nil {
					return fmt.Errorf("unindex: %w", err)
				}
				if _, err := tx.NewRaw(`INSERT INTO events_fts (rowid, ` + ftsColumns + `) SELECT id, ` + ftsColumns + ` FROM events`).Exec(ctx); err != nil {
					return fmt.Errorf("index what stays: %w", err)
				}
			}
			for len(gaps) > 0 {
				part := gaps[:min(len(gaps), chunkSize)]
				if _, err := tx.NewInsert().Model(&part).Exec(ctx); err != nil {
					return fmt.Errorf("record removed ranges: %w", err)
				}
				gaps = gaps[len(part):]
			}
			if err := foldBase(ctx, tx, &led); err != nil {
				return err
			}
			if _, err := tx.NewRaw(`DELETE FROM ledger_guard`).Exec(ctx); err != nil {
				return fmt.Errorf("drop guard: %w", err)
			}
			// The rollups still count the removed events: the next refresh rebuilds
			// them. (A removal at the start of the ledger leaves no gap record
			// behind, so the gap count alone does not tell.)
			if _, err := tx.NewRaw(`DELETE FROM rollup_state`).Exec(ctx); err != nil {
				return fmt.Errorf("invalidate rollups: %w", err)
			}
			led.Count -= n
		}
		if _, err := s.appendOwn(ctx, tx, &led, describe(n)); err != nil {
			return err
		}
		return writeLedger(ctx, tx, led)
	})
	return removed, err
}

// gapRecord is a removed id range and the chain value of its last row.
type gapRecord struct {
	bun.BaseModel `bun:"table:ledger_gaps"`

	FirstID   int64  `bun:"first_id,pk"`
	LastID    int64  `bun:"last_id"`
	Chain     []byte `bun:"chain"`
	RemovedBy int64  `bun:"removed_by"`
}

// collectGaps lists the contiguous id ranges of the rows matching where, each
// with the chain value of its last row.
func collectGaps(ctx context.Context, tx bun.IDB, where string, args []any, ownID int64) ([]gapRecord, int64, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, chain FROM events WHERE `+where+` ORDER BY id`, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("find events to remove: %w", err)
	}
	defer rows.Close()
	var gaps []gapRecord
	var n int64
	for rows.Next() {
		var id int64
		var chain []byte
		if err := rows.Scan(&id, &chain); err != nil {
			return nil, 0, fmt.Errorf("find events to remove: %w", err)
		}
		n++
		if k := len(gaps); k > 0 && gaps[k-1].LastID == id-1 {
			gaps[k-1].LastID, gaps[k-1].Chain = id, chain
			continue
		}
		gaps = append(gaps, gapRecord{FirstID: id, LastID: id, Chain: chain, RemovedBy: ownID})
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("find events to remove: %w", err)
	}
	return gaps, n, nil
}

// foldBase moves the ledger base over removed ranges that start right after it,
// so a workspace whose oldest events were purged starts cleanly at the rest.
func foldBase(ctx context.Context, tx bun.IDB, led *ledgerState) error {
	for {
		var g gapRecord
		err := tx.NewSelect().Model(&g).Where("first_id = ?", led.BaseID+1).Scan(ctx)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("move ledger base: %w", err)
		}
		if _, err := tx.NewDelete().Model(&g).WherePK().Exec(ctx); err != nil {
			return fmt.Errorf("move ledger base: %w", err)
		}
		led.BaseID, led.BaseChain = g.LastID, g.Chain
	}
}
