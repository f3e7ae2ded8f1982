package workspace

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"trailbook/backend/activity"
	"trailbook/backend/store"
)

// actionRetention is the own event that records a retention setting.
const actionRetention = "retention_set"

// maxRetentionDays bounds the setting to something a person means (100 years).
const maxRetentionDays = 36500

// Retention is the workspace's retention setting and what it would purge now.
type Retention struct {
	// Days imported events are kept; 0 keeps them forever.
	Days  int    `json:"days"`
	SetAt string `json:"set_at,omitempty"`
	SetBy string `json:"set_by,omitempty"`
	// CutoffUTC is now minus Days (nil when Days is 0): events before it are due for purge.
	CutoffUTC *string `json:"cutoff_utc"`
	// Due counts the imported events older than the cutoff.
	Due int64 `json:"due"`
}

// Retention reads the retention setting (the latest recorded one) and counts what it
// would purge now.
func (w *Workspace) Retention(ctx context.Context) (Retention, error) {
	var r Retention
	e, err := w.store.LatestOwn(ctx, actionRetention)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return r, nil
	case err != nil:
		return r, fmt.Errorf("read retention: %w", err)
	}
	r.Days, _ = strconv.Atoi(e.Extra["days"])
	r.SetAt, r.SetBy = utc(e.OccurredAt), e.ActorName
	if r.Days > 0 {
		cut := time.Now().UTC().AddDate(0, 0, -r.Days).Truncate(time.Second)
		r.CutoffUTC = utcPtr(&cut)
		if r.Due, err = w.store.CountImportedBefore(ctx, cut); err != nil {
			return r, err
		}
	}
	return r, nil
}

// SetRetention records a new retention setting as Trailbook's own event. It deletes
// nothing: purging is a separate, confirmed step.
func (w *Workspace) SetRetention(ctx context.Context, days int) (Retention, error) {
	if days < 0 || days > maxRetentionDays {
		return Retention{}, fmt.Errorf("retention of %d days: give 0 (keep forever) to %d days", days, maxRetentionDays)
	}
	desc := fmt.Sprintf("Set retention to %d days", days)
	if days == 0 {
		desc = "Set retention to keep events forever"
	}
	if _, err := w.store.AppendOwn(ctx, actionRetention, activity.KindUpdate, desc,
		map[string]string{"days": strconv.Itoa(days)}); err != nil {
		return Retention{}, fmt.Errorf("record retention: %w", err)
	}
	return w.Retention(ctx)
}

// PurgePlan is what a purge before an instant would delete.
type PurgePlan struct {
	BeforeUTC string `json:"before_utc"`
	Events    int64  `json:"events"`
}

// PlanPurge counts the imported events that occurred before `before`.
func (w *Workspace) PlanPurge(ctx context.Context, before time.Time) (PurgePlan, error) {
	n, err := w.store.CountImportedBefore(ctx, before)
	if err != nil {
		return PurgePlan{}, err
	}
	return PurgePlan{BeforeUTC: utc(before), Events: n}, nil
}

// PurgeResult is the outcome of a purge.
type PurgeResult struct {
	BeforeUTC string `json:"before_utc"`
	Deleted   int64  `json:"deleted"`
}

// Purge deletes the imported events that occurred before `before`; Trailbook's own
// events and the batch history stay, and the purge is recorded as an own event.
func (w *Workspace) Purge(ctx context.Context, before time.Time) (PurgeResult, error) {
	n, err := w.store.Purge(ctx, before)
	if err != nil {
		return PurgeResult{}, err
	}
	return PurgeResult{BeforeUTC: utc(before), Deleted: n}, nil
}
