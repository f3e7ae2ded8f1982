package workspace

import (
	"context"
	"fmt"
	"time"
)

// PurgeResult is the outcome of a retention purge or a full clear. Its JSON form is the
// contract of `trailbook purge --json`.
type PurgeResult struct {
	Deleted   int64   `json:"deleted"`
	BeforeUTC *string `json:"before_utc"` // nil for a full clear
}

// Purge deletes the imported events that occurred before `before`, in one transaction
// that also records the purge as Trailbook's own event; the chain keeps verifying.
func (w *Workspace) Purge(ctx context.Context, before time.Time) (PurgeResult, error) {
	n, err := w.store.Purge(ctx, before)
	if err != nil {
		return PurgeResult{}, err
	}
	return PurgeResult{Deleted: n, BeforeUTC: utcPtr(&before)}, nil
}

// Clear deletes every imported event (Trailbook's own events and the batch history
// stay), recorded as Trailbook's own event.
func (w *Workspace) Clear(ctx context.Context) (PurgeResult, error) {
	n, err := w.store.Clear(ctx)
	if err != nil {
		return PurgeResult{}, err
	}
	return PurgeResult{Deleted: n}, nil
}

// ParseBefore reads a purge cut-off: a date (midnight UTC) or an RFC 3339 instant.
func ParseBefore(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("cut-off %q: give a date like 2024-01-31 (UTC) or an instant like 2024-01-31T12:00:00Z", s)
}
