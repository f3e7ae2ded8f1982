package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/uptrace/bun"
)

// Rollups are counts kept beside the events so that summaries over a year read
// thousands of rows instead of a million (tables in 0002_saved_reports.sql).
// They cover the events up to rollup_state.last_id; RefreshRollups adds the
// newer ids, and rebuilds everything when events were removed since.

// RollupState is how far the rollups reach.
type RollupState struct {
	LastID int64 // rollups count every event with id <= LastID
	Gaps   int64 // ledger gaps when they were last built
}

// RefreshRollups brings the rollups up to date with the events. It is cheap when
// nothing changed (two reads) and safe to call before every summary.
func (s *Store) RefreshRollups(ctx context.Context) error {
	fresh, err := rollupsFresh(ctx, s.db)
	if err != nil {
		return fmt.Errorf("check rollups: %w", err)
	}
	if fresh {
		return nil
	}
	err = s.writeTx(ctx, func(ctx context.Context, tx bun.IDB) error {
		led, err := readLedger(ctx, tx)
		if err != nil {
			return err
		}
		var gaps int64
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM ledger_gaps`).Scan(&gaps); err != nil {
			return err
		}
		st, ok, err := readRollupState(ctx, tx)
		if err != nil {
			return err
		}
		if !ok || st.Gaps != gaps || st.LastID > led.HeadID {
			for _, t := range []string{"rollup_hours", "rollup_users", "rollup_actors", "rollup_ips"} {
				if _, err := tx.ExecContext(ctx, "DELETE FROM "+t); err != nil {
					return fmt.Errorf("reset %s: %w", t, err)
				}
			}
			st = RollupState{LastID: 0, Gaps: gaps}
		}
		if st.LastID < led.HeadID {
			if err := addRollups(ctx, tx, st.LastID, led.HeadID); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO rollup_state (id, last_id, gaps) VALUES (1, ?, ?)
ON CONFLICT (id) DO UPDATE SET last_id = excluded.last_id, gaps = excluded.gaps`, led.HeadID, gaps)
		return err
	})
	if err != nil {
		return fmt.Errorf("refresh rollups: %w", err)
	}
	return nil
}

func rollupsFresh(ctx context.Context, db bun.IDB) (bool, error) {
	var head, gaps int64
	if err := db.QueryRowContext(ctx, `SELECT head_id, (SELECT count(*) FROM ledger_gaps) FROM meta WHERE id = 1`).Scan(&head, &gaps); err != nil {
		return false, err
	}
	st, ok, err := readRollupState(ctx, db)
	if err != nil || !ok {
		return false, err
	}
	return st.LastID == head && st.Gaps == gaps, nil
}

func readRollupState(ctx context.Context, db bun.IDB) (RollupState, bool, error) {
	var st RollupState
	err := db.QueryRowContext(ctx, `SELECT last_id, gaps FROM rollup_state WHERE id = 1`).Scan(&st.LastID, &st.Gaps)
	if errors.Is(err, sql.ErrNoRows) {
		return st, false, nil
	}
	if err != nil {
		return st, false, fmt.Errorf("read rollup state: %w", err)
	}
	return st, true, nil
}

// addRollups counts the events with after < id <= upto into the rollups.
func addRollups(ctx context.Context, tx bun.IDB, after, upto int64) error {
	// "WHERE true" keeps SQLite from reading ON CONFLICT as a join constraint.
	stmts := []struct{ name, sql string }{
		{"hours", `INSERT INTO rollup_hours (hour, system, kind, n)
SELECT occurred_at / 3600000, system, kind, count(*) FROM events WHERE id > ? AND id <= ? GROUP BY 1, 2, 3
ON CONFLICT (hour, system, kind) DO UPDATE SET n = n + excluded.n`},
		{"users", `INSERT INTO rollup_users (month, system, kind, actor_key, n)
SELECT m, system, kind, actor_key, count(*) FROM (
    SELECT CAST(strftime('%s', occurred_at / 1000, 'unixepoch', 'start of month') AS INTEGER) * 1000 AS m,
           system, kind, actor_key FROM events WHERE id > ? AND id <= ?)
WHERE true GROUP BY 1, 2, 3, 4
ON CONFLICT (month, system, kind, actor_key) DO UPDATE SET n = n + excluded.n`},
		{"actors", `INSERT INTO rollup_actors (actor_key, actor_id, actor_name, actor_email)
SELECT DISTINCT actor_key, actor_id, actor_name, actor_email FROM events WHERE id > ? AND id <= ?
ON CONFLICT DO NOTHING`},
		{"ips", `INSERT INTO rollup_ips (actor_key, ip, first_at, first_id, n)
SELECT actor_key, ip, min(occurred_at), id, count(*) FROM events WHERE id > ? AND id <= ? AND ip <> '' GROUP BY 1, 2
ON CONFLICT (actor_key, ip) DO UPDATE SET
    first_id = CASE WHEN excluded.first_at < first_at THEN excluded.first_id ELSE first_id END,
    first_at = min(first_at, excluded.first_at),
    n = n + excluded.n`},
	}
	for _, st := range stmts {
		if _, err := tx.ExecContext(ctx, st.sql, after, upto); err != nil {
			return fmt.Errorf("roll up %s: %w", st.name, err)
		}
	}
	return nil
}
