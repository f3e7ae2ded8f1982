package report

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"trailbook/backend/activity"
	"trailbook/backend/store"
)

// Engine runs report specs over one workspace store.
type Engine struct {
	st  *store.Store
	now func() time.Time
}

// New returns an engine over st; now is the clock for presets (nil: time.Now).
func New(st *store.Store, now func() time.Time) *Engine {
	if now == nil {
		now = time.Now
	}
	return &Engine{st: st, now: now}
}

// prepare refreshes the rollups and compiles spec.
func (e *Engine) prepare(ctx context.Context, spec Spec) (*compiled, error) {
	if err := e.st.RefreshRollups(ctx); err != nil {
		return nil, err
	}
	return compile(ctx, e.st.DB(), spec, e.now())
}

// prepareRows compiles spec for reading events, refreshing the rollups only when
// the spec needs them (users and addresses are resolved through them): listing
// events right after a big import does not wait for the rollups.
func (e *Engine) prepareRows(ctx context.Context, spec Spec) (*compiled, error) {
	if len(clean(spec.Users)) > 0 || len(clean(spec.IPs)) > 0 {
		return e.prepare(ctx, spec)
	}
	return compile(ctx, e.st.DB(), spec, e.now())
}

// AllColumns lists every detail column.
var AllColumns = []string{
	ColumnTime, ColumnUser, ColumnEmail, ColumnIP, ColumnSystem, ColumnModule, ColumnAction, ColumnKind,
	ColumnMeaning, ColumnTargetType, ColumnTargetRef, ColumnTargetName, ColumnRelatedRef, ColumnAmount,
	ColumnCurrency, ColumnDescription, ColumnChanges, ColumnSource, ColumnID,
}

func knownColumn(c string) bool { return slices.Contains(AllColumns, c) }

// sortExprs are the sortable columns and their SQL; amounts sort with empty ones lowest.
var sortExprs = map[string]string{
	ColumnTime: "e.occurred_at", ColumnUser: "e.actor_key", ColumnEmail: "e.actor_email", ColumnIP: "e.ip",
	ColumnSystem: "e.system", ColumnModule: "e.module", ColumnAction: "e.action", ColumnKind: "e.kind",
	ColumnTargetType: "e.target_type", ColumnTargetRef: "e.target_ref", ColumnTargetName: "e.target_name",
	ColumnRelatedRef: "e.related_ref", ColumnAmount: "coalesce(e.amount_micros, -9223372036854775808)",
	ColumnCurrency: "e.currency", ColumnDescription: "e.description", ColumnID: "e.id",
}

func sortColumn(name string) (string, error) {
	if name == "" {
		name = ColumnTime
	}
	expr, ok := sortExprs[name]
	if !ok {
		var names []string
		for k := range sortExprs {
			names = append(names, k)
		}
		slices.Sort(names)
		return "", specErr("sort %q is not a sortable column (use one of %s)", name, strings.Join(names, ", "))
	}
	return expr, nil
}

// numericSort tells which sort columns hold integers.
func numericSort(name string) bool {
	return name == "" || name == ColumnTime || name == ColumnAmount || name == ColumnID
}

// sortValue is the value of the sort column for e, as the cursor keeps it.
func sortValue(name string, ev *activity.Event) cursorKey {
	switch name {
	case "", ColumnTime:
		return cursorKey{N: ev.OccurredAt.UnixMilli(), ID: ev.ID}
	case ColumnAmount:
		if ev.Amount == nil {
			return cursorKey{N: -9223372036854775808, ID: ev.ID}
		}
		return cursorKey{N: ev.Amount.Micros, ID: ev.ID}
	case ColumnID:
		return cursorKey{N: ev.ID, ID: ev.ID}
	}
	m := map[string]string{
		ColumnUser: actorKey(ev), ColumnEmail: ev.ActorEmail, ColumnIP: ev.IP, ColumnSystem: ev.System,
		ColumnModule: ev.Module, ColumnAction: ev.Action, ColumnKind: string(ev.Kind), ColumnTargetType: ev.TargetType,
		ColumnTargetRef: ev.TargetRef, ColumnTargetName: ev.TargetName, ColumnRelatedRef: ev.RelatedRef,
		ColumnCurrency: ev.Currency, ColumnDescription: ev.Description,
	}
	return cursorKey{S: m[name], ID: ev.ID}
}

// actorKey mirrors the stored actor_key: the email, else the id, else the name, ASCII lower-cased.
func actorKey(ev *activity.Event) string {
	k := ev.ActorName
	switch {
	case ev.ActorEmail != "":
		k = ev.ActorEmail
	case ev.ActorID != "":
		k = ev.ActorID
	}
	b := []byte(k)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// cursorKey is where a page ended: the sort value and the id.
type cursorKey struct {
	S   string `json:"s,omitempty"`
	N   int64  `json:"n,omitempty"`
	ID  int64  `json:"id"`
	Dir string `json:"d"` // "a": rows after it, "b": rows before it (in display order)
}

func (k cursorKey) encode(dir string) string {
	k.Dir = dir
	b, _ := json.Marshal(k)
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeCursor(s string) (cursorKey, error) {
	var k cursorKey
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err == nil {
		err = json.Unmarshal(b, &k)
	}
	if err != nil || (k.Dir != "a" && k.Dir != "b") {
		return k, specErr("page cursor %q is not one this report gave out", s)
	}
	return k, nil
}

// PageRequest asks for one page: the first (Cursor ""), or the page after or
// before a cursor a previous Page gave out.
type PageRequest struct {
	Cursor string `json:"cursor,omitempty"`
	Limit  int    `json:"limit,omitempty"` // default 100, at most 10,000
}

// Page is one page of events in the spec's order.
type Page struct {
	Events []activity.Event `json:"events"`
	Next   string           `json:"next,omitempty"` // cursor of the following page; "" at the end
	Prev   string           `json:"prev,omitempty"` // cursor of the page before; "" at the start
}

// searchHeavy is how many search hits make walking the time index (and testing
// each row against the hits) faster than sorting all the hits.
const searchHeavy = 2000

// Query returns one page of the events the spec selects, by keyset: any page
// costs about what the first does.
func (e *Engine) Query(ctx context.Context, spec Spec, req PageRequest) (Page, error) {
	c, err := e.prepareRows(ctx, spec)
	if err != nil {
		return Page{}, err
	}
	limit := req.Limit
	if limit <= 0 {
		limit = 100
	}
	if limit > 10_000 {
		limit = 10_000
	}
	var cur *cursorKey
	if req.Cursor != "" {
		k, err := decodeCursor(req.Cursor)
		if err != nil {
			return Page{}, err
		}
		cur = &k
	}
	backward := cur != nil && cur.Dir == "b"
	desc := !spec.Asc
	if backward {
		desc = !desc // fetch towards the start, then flip
	}
	expr, _ := sortColumn(spec.Sort)
	where, args := c.where, c.args
	if cur != nil {
		op := "<"
		if !desc {
			op = ">"
		}
		var v any = cur.N
		if !numericSort(spec.Sort) {
			v = cur.S
		}
		// Written as two comparisons (not a row value) so SQLite seeks the index.
		where = append(slices.Clip(where), fmt.Sprintf("%s %s= ? AND (%s %s ? OR e.id %s ?)", expr, op, expr, op, op))
		args = append(slices.Clip(args), v, v, cur.ID)
	}
	q := e.selectSQL(ctx, c, where, expr, desc) + fmt.Sprintf(" LIMIT %d", limit+1)
	var evs []activity.Event
	err = store.ScanEvents(ctx, e.st.DB(), q, args, func(ev activity.Event) error {
		evs = append(evs, ev)
		return nil
	})
	if err != nil {
		return Page{}, fmt.Errorf("query events: %w", err)
	}
	more := len(evs) > limit
	if more {
		evs = evs[:limit]
	}
	if backward {
		slices.Reverse(evs)
	}
	p := Page{Events: evs}
	if p.Events == nil {
		p.Events = []activity.Event{}
	}
	if len(evs) > 0 {
		first, last := sortValue(spec.Sort, &evs[0]), sortValue(spec.Sort, &evs[len(evs)-1])
		if (!backward && more) || backward {
			p.Next = last.encode("a")
		}
		if (backward && more) || (!backward && cur != nil) {
			p.Prev = first.encode("b")
		}
	}
	return p, nil
}

// selectSQL builds the select of full events in the given order.
func (e *Engine) selectSQL(ctx context.Context, c *compiled, where []string, expr string, desc bool) string {
	dir := "DESC"
	if !desc {
		dir = ""
	}
	if c.search != "" && expr == "e.occurred_at" && e.searchHits(ctx, c.search) > searchHeavy {
		// A common word: walk the time index and test each row against the hits,
		// stopping after a page, instead of sorting tens of thousands of hits.
		where = slices.Clone(where)
		where[c.searchAt] = "+" + where[c.searchAt]
	}
	if expr == "e.occurred_at" && !c.users && c.search == "" && (c.kinds || len(c.spec.Systems) > 0) && walkTime(ctx, e.st.DB(), c) {
		// Common systems or kinds: keep SQLite off events_system_kind, whose rows it would sort.
		where = slices.Clone(where)
		for _, i := range c.sysAt {
			where[i] = "+" + where[i]
		}
	}
	w := strings.Join(where, " AND ")
	if w == "" {
		w = "1 = 1"
	}
	return "SELECT " + store.EventColumns + " FROM events e WHERE " + w + " ORDER BY " + expr + " " + dir + ", e.id " + dir
}

func (e *Engine) searchHits(ctx context.Context, q string) int64 {
	var n int64
	if err := e.st.DB().QueryRowContext(ctx, `SELECT count(*) FROM (`+store.SearchIDs+` LIMIT ?)`, q, searchHeavy+1).Scan(&n); err != nil {
		return 0
	}
	return n
}

// Count is how many events the spec selects.
func (e *Engine) Count(ctx context.Context, spec Spec) (int64, error) {
	c, err := e.prepare(ctx, spec)
	if err != nil {
		return 0, err
	}
	return e.count(ctx, c)
}

func (e *Engine) count(ctx context.Context, c *compiled) (int64, error) {
	var n int64
	if c.rollup && !c.hasPeriod {
		err := e.st.DB().QueryRowContext(ctx, `SELECT coalesce(sum(n), 0) FROM rollup_hours WHERE `+c.sysSQL(), c.sysArgs...).Scan(&n)
		if err != nil {
			return 0, fmt.Errorf("count events: %w", err)
		}
		return n, nil
	}
	if err := e.st.DB().QueryRowContext(ctx, `SELECT count(*) FROM events e WHERE `+c.whereSQL(), c.args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("count events: %w", err)
	}
	return n, nil
}

// Each streams every event the spec selects, in its order, to fn.
func (e *Engine) Each(ctx context.Context, spec Spec, fn func(activity.Event) error) error {
	c, err := e.prepareRows(ctx, spec)
	if err != nil {
		return err
	}
	return e.each(ctx, c, fn)
}

func (e *Engine) each(ctx context.Context, c *compiled, fn func(activity.Event) error) error {
	expr, _ := sortColumn(c.spec.Sort)
	q := e.selectSQL(ctx, c, c.where, expr, !c.spec.Asc)
	if err := store.ScanEvents(ctx, e.st.DB(), q, c.args, fn); err != nil {
		return fmt.Errorf("read events: %w", err)
	}
	return nil
}

// Event loads one event by id.
func (e *Engine) Event(ctx context.Context, id int64) (*activity.Event, error) {
	ev, err := e.st.Event(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, fmt.Errorf("event %d: %w", id, store.ErrNotFound)
	}
	return ev, err
}
