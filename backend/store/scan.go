package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/uptrace/bun"

	"trailbook/backend/activity"
)

// EventColumns is the select list ScanEvents expects, qualified by table alias e.
var EventColumns = "e." + strings.Join([]string{
	"id", "occurred_at", "source_time", "source_zone", "actor_id", "actor_name", "actor_email",
	"actor_company", "ip", "actor_key", "system", "module", "action", "kind",
}, ", e.") + ", " + meaningOf("e") + ", e." + strings.Join([]string{
	"target_type", "target_id", "target_ref", "target_name", "related_ref", "amount_micros",
	"currency", "billing_cycles", "description", "changes", "extra", "warnings", "batch_id", "line",
}, ", e.")

// meaningOf is the SQL of the meaning of the events row named table: the text
// its meaning_id refers to, or the text stored in the row before 0004.
func meaningOf(table string) string {
	return "coalesce((SELECT m.text FROM meanings m WHERE m.id = " + table + ".meaning_id), " + table + ".meaning)"
}

// ScanEvents runs query (which selects EventColumns) and hands each event to fn,
// one row at a time, stopping at the first error fn returns.
func ScanEvents(ctx context.Context, db bun.IDB, query string, args []any, fn func(activity.Event) error) error {
	rows, err := db.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	var r eventRecord
	for rows.Next() {
		if err := rows.Scan(&r.ID, &r.OccurredAt, &r.SourceTime, &r.SourceZone, &r.ActorID, &r.ActorName, &r.ActorEmail,
			&r.ActorCompany, &r.IP, &r.ActorKey, &r.System, &r.Module, &r.Action, &r.Kind, &r.Meaning,
			&r.TargetType, &r.TargetID, &r.TargetRef, &r.TargetName, &r.RelatedRef, &r.AmountMicros,
			&r.Currency, &r.BillingCycles, &r.Description, &r.Changes, &r.Extra, &r.Warnings, &r.BatchID, &r.Line); err != nil {
			return err
		}
		e, err := r.event()
		if err != nil {
			return err
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	return rows.Err()
}

// FTSQuery turns words typed by a person into an FTS5 query: every word must
// occur; a word ending in * matches as a prefix; everything else is literal
// (quoted), so no input is an FTS5 syntax error. "" when there is no word.
func FTSQuery(search string) string {
	var parts []string
	for _, w := range strings.Fields(search) {
		prefix := strings.HasSuffix(w, "*")
		w = strings.TrimRight(w, "*")
		if strings.Trim(w, "\"'()-+:^.,;!?") == "" {
			continue
		}
		q := `"` + strings.ReplaceAll(w, `"`, `""`) + `"`
		if prefix {
			q += "*"
		}
		parts = append(parts, q)
	}
	return strings.Join(parts, " AND ")
}

// FTSPhrase quotes s as one FTS5 phrase (its words in order).
func FTSPhrase(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// SearchIDs is a subquery giving the ids of the events matching an FTS5 query (one argument).
const SearchIDs = `SELECT rowid FROM events_fts WHERE events_fts MATCH ?`

// CheckSearch runs an FTS5 query once, so a bad query is an error before a report uses it.
func CheckSearch(ctx context.Context, db bun.IDB, q string) error {
	var n int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT rowid FROM events_fts WHERE events_fts MATCH ? LIMIT 1)`, q).Scan(&n); err != nil {
		return fmt.Errorf("search %q: %w", q, err)
	}
	return nil
}
