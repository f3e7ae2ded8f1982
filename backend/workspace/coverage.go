package workspace

import (
	"context"
	"fmt"
	"sort"
	"time"

	"trailbook/backend/store"
)

// SystemCoverage is the period a system's imported files cover, and the gaps in it.
// Its JSON form is the contract of `trailbook coverage --json`.
type SystemCoverage struct {
	System  string `json:"system"`
	FromUTC string `json:"from_utc"` // first event of the earliest file
	ToUTC   string `json:"to_utc"`   // last event of the latest file
	Batches int    `json:"batches"`  // imported files with events
	Gaps    []Gap  `json:"gaps"`
}

// Gap is a stretch of whole UTC days that no imported file of the system covers. A file
// covers every day from the day of its first event to the day of its last, so a gap is
// at least one full day without any file; FromUTC and ToUTC are the last event before
// the gap and the first after it.
type Gap struct {
	FromDay string `json:"from_day"` // first day without data, YYYY-MM-DD
	ToDay   string `json:"to_day"`   // last day without data
	Days    int    `json:"days"`
	FromUTC string `json:"from_utc"`
	ToUTC   string `json:"to_utc"`
	Message string `json:"message"` // "no data from 2024-02-14 to 2024-02-20 for 2checkout"
}

// Coverage lists, per system, the period its imported files cover and the gaps between
// them, systems sorted by name. Only complete imports that read events count.
func (w *Workspace) Coverage(ctx context.Context) ([]SystemCoverage, error) {
	bs, err := w.store.Batches(ctx)
	if err != nil {
		return nil, fmt.Errorf("coverage: %w", err)
	}
	return coverage(bs), nil
}

type span struct{ from, to time.Time }

func coverage(bs []store.Batch) []SystemCoverage {
	bySystem := map[string][]span{}
	for _, b := range bs {
		if b.Status != "complete" || b.First == nil || b.Last == nil {
			continue
		}
		bySystem[b.System] = append(bySystem[b.System], span{b.First.UTC(), b.Last.UTC()})
	}
	out := make([]SystemCoverage, 0, len(bySystem))
	for sys, spans := range bySystem {
		sort.Slice(spans, func(i, j int) bool { return spans[i].from.Before(spans[j].from) })
		c := SystemCoverage{System: sys, Batches: len(spans), Gaps: []Gap{}, FromUTC: utc(spans[0].from)}
		end := spans[0].to
		for _, s := range spans[1:] {
			// Days strictly between the day the covered period ends and the day s starts.
			gapFrom := day(end).AddDate(0, 0, 1)
			gapTo := day(s.from).AddDate(0, 0, -1)
			if !gapTo.Before(gapFrom) {
				g := Gap{
					FromDay: gapFrom.Format(time.DateOnly), ToDay: gapTo.Format(time.DateOnly),
					Days:    int(gapTo.Sub(gapFrom).Hours()/24) + 1,
					FromUTC: utc(end), ToUTC: utc(s.from),
				}
				g.Message = fmt.Sprintf("no data from %s to %s for %s", g.FromDay, g.ToDay, sys)
				if g.Days == 1 {
					g.Message = fmt.Sprintf("no data on %s for %s", g.FromDay, sys)
				}
				c.Gaps = append(c.Gaps, g)
			}
			if s.to.After(end) {
				end = s.to
			}
		}
		c.ToUTC = utc(end)
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].System < out[j].System })
	return out
}

// day is the UTC midnight starting t's day.
func day(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
