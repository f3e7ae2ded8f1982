package store

import (
	"context"
	"database/sql/driver"
	"fmt"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"trailbook/backend/activity"
)

// ftsColumns are the events columns indexed for keyword and ID search.
const ftsColumns = "description, action, module, target_ref, related_ref, target_name, actor_name, actor_email"

// ownEvent is one of Trailbook's own actions, before it becomes an event.
type ownEvent struct {
	action      string
	kind        activity.Kind
	description string
	extra       map[string]string
	targetType  string
	targetID    string
	targetRef   string
	targetName  string
}

// AppendOwn records one of Trailbook's own actions (verify, export, import_failed
// ...) as an event of system "trailbook", attributed to the OS user and chained
// like every other event.
func (s *Store) AppendOwn(ctx context.Context, action string, kind activity.Kind, description string, extra map[string]string) (*activity.Event, error) {
	if strings.TrimSpace(action) == "" {
		return nil, fmt.Errorf("append own event: empty action: %w", ErrInvalid)
	}
	if _, err := activity.ParseKind(string(kind)); err != nil {
		return nil, fmt.Errorf("append own event %s: %w: %w", action, ErrInvalid, err)
	}
	var out *activity.Event
	err := s.writeTx(ctx, func(ctx context.Context, tx bun.IDB) error {
		led, err := readLedger(ctx, tx)
		if err != nil {
			return err
		}
		out, err = s.appendOwn(ctx, tx, &led, ownEvent{action: action, kind: kind, description: description, extra: extra})
		if err != nil {
			return err
		}
		return writeLedger(ctx, tx, led)
	})
	if err != nil {
		return nil, fmt.Errorf("append own event %s: %w", action, err)
	}
	return out, nil
}

// appendOwn inserts an own event at the head of led (which it advances) inside
// the caller's transaction, and indexes it for search. The caller writes led.
func (s *Store) appendOwn(ctx context.Context, tx bun.IDB, led *ledgerState, oe ownEvent) (*activity.Event, error) {
	now := s.now()
	zone, _ := now.Zone()
	e := &activity.Event{
		OccurredAt:  time.UnixMilli(now.UnixMilli()).UTC(),
		SourceTime:  now.Format(time.RFC3339Nano),
		SourceZone:  zone,
		ActorID:     s.actor.id,
		ActorName:   s.actor.name,
		System:      activity.OwnSystem,
		Action:      oe.action,
		Kind:        oe.kind,
		TargetType:  oe.targetType,
		TargetID:    oe.targetID,
		TargetRef:   oe.targetRef,
		TargetName:  oe.targetName,
		Description: oe.description,
		Extra:       oe.extra,
	}
	r := rowFromEvent(e, 0)
	r.id = led.HeadID + 1
	// Own events are never deduplicated: the id as occurrence makes each unique.
	r.hash = e.ContentHash(int(r.id))
	var c chainer
	r.computeChain(&c, led.HeadChain)
	nv := make([]driver.NamedValue, paramsPerRow)
	r.putArgs(nv)
	args := make([]any, len(nv))
	for i := range nv {
		args[i] = nv[i].Value
	}
	q := "INSERT INTO events (" + strings.Join(insertColumns(), ", ") + ") VALUES " + rowPlaceholders()
	if _, err := tx.NewRaw(q, args...).Exec(ctx); err != nil {
		return nil, fmt.Errorf("insert own event: %w", err)
	}
	if _, err := tx.NewRaw(`INSERT INTO events_fts (rowid, `+ftsColumns+`) SELECT id, `+ftsColumns+` FROM events WHERE id = ?`, r.id).Exec(ctx); err != nil {
		return nil, fmt.Errorf("index own event: %w", err)
	}
	led.HeadID, led.HeadChain = r.id, r.chain[:]
	led.Count++
	e.ID = r.id
	return e, nil
}
