package report

import (
	"context"
	"fmt"
	"strings"
	"time"

	"trailbook/backend/activity"
)

// PersonActivity is one person of the directory and what they did in the period.
type PersonActivity struct {
	Email   string `json:"email"`
	Name    string `json:"name,omitempty"`
	UserID  string `json:"user_id,omitempty"`
	EndDate string `json:"end_date,omitempty"`
	Events  int64  `json:"events"`
	// For leavers: events after the end date, the first and last of them, and their ids (at most 100).
	After    int64      `json:"after_end,omitempty"`
	First    *time.Time `json:"first_after,omitempty"`
	Last     *time.Time `json:"last_after,omitempty"`
	EventIDs []int64    `json:"event_ids,omitempty"`
}

// People is the review of activity against the people directory.
type People struct {
	Roster int64 `json:"roster"` // people in the directory
	// Dormant: in the directory, no activity the spec selects.
	Dormant []PersonActivity `json:"dormant"`
	// Unknown: accounts with activity that match nobody in the directory (by email or user id).
	Unknown []Count `json:"unknown"`
	// Leavers: activity after the person's end date (end of that day in the display zone).
	Leavers []PersonActivity `json:"leavers"`
}

// People matches the activity the spec selects to the people directory.
func (e *Engine) People(ctx context.Context, spec Spec) (People, error) {
	c, err := e.prepare(ctx, spec)
	if err != nil {
		return People{}, err
	}
	out := People{Dormant: []PersonActivity{}, Unknown: []Count{}, Leavers: []PersonActivity{}}
	roster, err := e.st.People(ctx)
	if err != nil {
		return out, err
	}
	out.Roster = int64(len(roster))
	if len(roster) == 0 {
		return out, nil
	}
	active, err := e.byUser(ctx, c)
	if err != nil {
		return out, fmt.Errorf("people: %w", err)
	}
	// Actor keys are the email when there is one, else the id: map ids to keys too.
	ids := map[string]string{} // lower actor id -> actor key
	rows, err := e.st.DB().QueryContext(ctx, `SELECT DISTINCT actor_key, lower(actor_id) FROM rollup_actors WHERE actor_id <> ''`)
	if err != nil {
		return out, fmt.Errorf("people: %w", err)
	}
	for rows.Next() {
		var k, id string
		if err := rows.Scan(&k, &id); err != nil {
			rows.Close()
			return out, err
		}
		ids[id] = k
	}
	rows.Close()
	counts := map[string]int64{}
	for _, a := range active {
		counts[a.Key] = a.Count
	}
	known := map[string]bool{}
	for _, p := range roster {
		keys := personKeys(p, ids)
		var n int64
		for _, k := range keys {
			n += counts[k]
			known[k] = true
		}
		pa := PersonActivity{Email: p.Email, Name: p.Name, UserID: p.UserID, EndDate: p.EndDate, Events: n}
		if n == 0 {
			out.Dormant = append(out.Dormant, pa)
		}
		if p.EndDate != "" && n > 0 {
			left, err := time.ParseInLocation(time.DateOnly, p.EndDate, c.loc)
			if err != nil {
				continue
			}
			if err := e.afterEnd(ctx, c, keys, left.AddDate(0, 0, 1).UnixMilli(), &pa); err != nil {
				return out, err
			}
			if pa.After > 0 {
				out.Leavers = append(out.Leavers, pa)
			}
		}
	}
	for _, a := range active {
		if !known[a.Key] {
			out.Unknown = append(out.Unknown, a)
		}
	}
	return out, nil
}

func personKeys(p activity.Person, ids map[string]string) []string {
	var keys []string
	if p.Email != "" {
		keys = append(keys, strings.ToLower(p.Email))
	}
	if k, ok := ids[strings.ToLower(p.UserID)]; ok && p.UserID != "" && k != strings.ToLower(p.Email) {
		keys = append(keys, k)
	}
	return keys
}

// afterEnd fills the leaver facts: the person's events selected by the spec at or after since.
func (e *Engine) afterEnd(ctx context.Context, c *compiled, keys []string, since int64, pa *PersonActivity) error {
	q := `SELECT e.id, e.occurred_at FROM events e WHERE e.actor_key IN (` + placeholders(len(keys)) + `) AND e.occurred_at >= ? AND ` +
		c.whereSQL() + ` ORDER BY e.occurred_at, e.id`
	args := append(append(anys(keys), since), c.args...)
	rows, err := e.st.DB().QueryContext(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("leaver %s: %w", pa.Email, err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, at int64
		if err := rows.Scan(&id, &at); err != nil {
			return err
		}
		t := time.UnixMilli(at).UTC()
		if pa.After == 0 {
			pa.First = &t
		}
		pa.Last = &t
		pa.After++
		if len(pa.EventIDs) < 100 {
			pa.EventIDs = append(pa.EventIDs, id)
		}
	}
	return rows.Err()
}
