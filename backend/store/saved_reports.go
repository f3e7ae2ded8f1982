package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"trailbook/backend/activity"
)

// SavedReport is a named report spec (JSON) kept in the workspace.
type SavedReport struct {
	Name      string
	Spec      []byte
	CreatedAt time.Time
	UpdatedAt time.Time
}

// SaveReport creates or replaces the saved report name; recorded as an own event.
func (s *Store) SaveReport(ctx context.Context, name string, spec []byte) error {
	name = strings.TrimSpace(name)
	if name == "" {
		return fmt.Errorf("save report: empty name: %w", ErrInvalid)
	}
	err := s.writeTx(ctx, func(ctx context.Context, tx bun.IDB) error {
		now := s.nowMS()
		if _, err := tx.ExecContext(ctx, `INSERT INTO saved_reports (name, spec, created_at, updated_at) VALUES (?, ?, ?, ?)
ON CONFLICT (name) DO UPDATE SET spec = excluded.spec, updated_at = excluded.updated_at`, name, string(spec), now, now); err != nil {
			return fmt.Errorf("upsert: %w", err)
		}
		return s.appendOwnTx(ctx, tx, ownEvent{
			action: "report_save", kind: activity.KindUpdate,
			description: fmt.Sprintf("Saved report %q", name),
			extra:       map[string]string{"name": name, "spec": string(spec)},
			targetType:  "report", targetRef: name, targetName: name,
		})
	})
	if err != nil {
		return fmt.Errorf("save report %q: %w", name, err)
	}
	return nil
}

// SavedReports lists the saved reports by name.
func (s *Store) SavedReports(ctx context.Context) ([]SavedReport, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT name, spec, created_at, updated_at FROM saved_reports ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("list saved reports: %w", err)
	}
	defer rows.Close()
	var out []SavedReport
	for rows.Next() {
		var r SavedReport
		var spec string
		var c, u int64
		if err := rows.Scan(&r.Name, &spec, &c, &u); err != nil {
			return nil, fmt.Errorf("list saved reports: %w", err)
		}
		r.Spec, r.CreatedAt, r.UpdatedAt = []byte(spec), time.UnixMilli(c).UTC(), time.UnixMilli(u).UTC()
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list saved reports: %w", err)
	}
	return out, nil
}

// SavedReport loads one saved report (ErrNotFound if there is none).
func (s *Store) SavedReport(ctx context.Context, name string) (SavedReport, error) {
	var r SavedReport
	var spec string
	var c, u int64
	err := s.db.QueryRowContext(ctx, `SELECT name, spec, created_at, updated_at FROM saved_reports WHERE name = ?`, name).Scan(&r.Name, &spec, &c, &u)
	if errors.Is(err, sql.ErrNoRows) {
		return r, fmt.Errorf("saved report %q: %w", name, ErrNotFound)
	}
	if err != nil {
		return r, fmt.Errorf("saved report %q: %w", name, err)
	}
	r.Spec, r.CreatedAt, r.UpdatedAt = []byte(spec), time.UnixMilli(c).UTC(), time.UnixMilli(u).UTC()
	return r, nil
}

// DeleteReport removes a saved report (ErrNotFound if there is none); recorded as an own event.
func (s *Store) DeleteReport(ctx context.Context, name string) error {
	err := s.writeTx(ctx, func(ctx context.Context, tx bun.IDB) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM saved_reports WHERE name = ?`, name)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		return s.appendOwnTx(ctx, tx, ownEvent{
			action: "report_delete", kind: activity.KindDelete,
			description: fmt.Sprintf("Deleted saved report %q", name),
			extra:       map[string]string{"name": name},
			targetType:  "report", targetRef: name, targetName: name,
		})
	})
	if err != nil {
		return fmt.Errorf("delete report %q: %w", name, err)
	}
	return nil
}
