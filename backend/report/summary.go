package report

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"trailbook/backend/activity"
)

// Summary dimensions.
const (
	ByUser     = "user"
	ByKind     = "kind"
	ByAction   = "action"
	BySystem   = "system"
	ByModule   = "module"
	ByDay      = "day"  // YYYY-MM-DD in the display zone
	ByHour     = "hour" // 00..23 in the display zone
	ByWeekday  = "weekday"
	ByCurrency = "currency"
)

// SummaryDimensions lists what Summary can count by.
var SummaryDimensions = []string{ByUser, ByKind, ByAction, BySystem, ByModule, ByDay, ByHour, ByWeekday, ByCurrency}

// Count is one row of a summary. Amount is set for the currency summary: the
// exact sum of the amounts of the counted events.
type Count struct {
	Key    string           `json:"key"`
	Label  string           `json:"label,omitempty"` // a user's name when the key is an email or id
	Count  int64            `json:"count"`
	Amount *activity.Amount `json:"amount,omitempty"`
}

// Summary counts the events the spec selects by one dimension. Day and hour
// rows come in time order, the others by count (largest first) then key.
func (e *Engine) Summary(ctx context.Context, spec Spec, by string) ([]Count, error) {
	c, err := e.prepare(ctx, spec)
	if err != nil {
		return nil, err
	}
	var out []Count
	switch by {
	case ByUser:
		out, err = e.byUser(ctx, c)
	case ByKind, BySystem:
		out, err = e.byColumn(ctx, c, by)
	case ByAction, ByModule:
		out, err = e.byColumn(ctx, c, by)
	case ByDay, ByHour, ByWeekday:
		out, err = e.byTime(ctx, c, by)
	case ByCurrency:
		out, err = e.byCurrency(ctx, c)
	default:
		return nil, specErr("summary by %q is not known (use %s)", by, strings.Join(SummaryDimensions, ", "))
	}
	if err != nil {
		return nil, fmt.Errorf("summary by %s: %w", by, err)
	}
	if out == nil {
		out = []Count{}
	}
	return out, nil
}

func sortByCount(out []Count) {
	slices.SortFunc(out, func(a, b Count) int {
		if a.Count != b.Count {
			if a.Count > b.Count {
				return -1
			}
			return 1
		}
		return strings.Compare(a.Key, b.Key)
	})
}

// scanCounts reads (key, n) rows, adding into m.
func (e *Engine) scanCounts(ctx context.Context, m map[string]int64, q string, args ...any) error {
	rows, err := e.st.DB().QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		var n int64
		if err := rows.Scan(&k, &n); err != nil {
			return err
		}
		m[k] += n
	}
	return rows.Err()
}

func toCounts(m map[string]int64) []Count {
	out := make([]Count, 0, len(m))
	for k, n := range m {
		out = append(out, Count{Key: k, Count: n})
	}
	sortByCount(out)
	return out
}

// byColumn counts by kind, system, action or module.
func (e *Engine) byColumn(ctx context.Context, c *compiled, by string) ([]Count, error) {
	m := map[string]int64{}
	if c.rollup && (by == ByKind || by == BySystem) {
		w, args := c.sysSQL(), c.sysArgs
		if c.hasPeriod {
			// Whole UTC hours from the rollup, the ragged edges from the events.
			lo, hi := ceilDiv(c.from, hourMS), floorDiv(c.to, hourMS)
			if lo < hi {
				if err := e.scanCounts(ctx, m, `SELECT `+by+`, sum(n) FROM rollup_hours WHERE hour >= ? AND hour < ? AND `+w+` GROUP BY 1`,
					append([]any{lo, hi}, args...)...); err != nil {
					return nil, err
				}
				for _, edge := range [][2]int64{{c.from, lo * hourMS}, {hi * hourMS, c.to}} {
					if edge[0] < edge[1] {
						if err := e.scanCounts(ctx, m, `SELECT e.`+by+`, count(*) FROM events e WHERE e.occurred_at >= ? AND e.occurred_at < ? AND `+c.sysSQLOn("e")+` GROUP BY 1`,
							append([]any{edge[0], edge[1]}, args...)...); err != nil {
							return nil, err
						}
					}
				}
				return toCounts(m), nil
			}
		} else {
			if err := e.scanCounts(ctx, m, `SELECT `+by+`, sum(n) FROM rollup_hours WHERE `+w+` GROUP BY 1`, args...); err != nil {
				return nil, err
			}
			return toCounts(m), nil
		}
	}
	if err := e.scanCounts(ctx, m, `SELECT e.`+by+`, count(*) FROM events e WHERE `+c.whereSQL()+` GROUP BY 1`, c.args...); err != nil {
		return nil, err
	}
	return toCounts(m), nil
}

// sysSQLOn is sysSQL with columns qualified by alias.
func (c *compiled) sysSQLOn(alias string) string {
	if len(c.sysWhere) == 0 {
		return "1 = 1"
	}
	parts := make([]string, len(c.sysWhere))
	for i, w := range c.sysWhere {
		parts[i] = alias + "." + w
	}
	return strings.Join(parts, " AND ")
}

const hourMS = int64(time.Hour / time.Millisecond)

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && a < 0 {
		q--
	}
	return q
}

func ceilDiv(a, b int64) int64 { return -floorDiv(-a, b) }

// byUser counts by actor key: whole UTC months from the rollup when the spec
// allows it, the rest of the period from the events.
func (e *Engine) byUser(ctx context.Context, c *compiled) ([]Count, error) {
	m := map[string]int64{}
	raw := func(from, to int64) error {
		return e.scanCounts(ctx, m, `SELECT e.actor_key, count(*) FROM events e WHERE e.occurred_at >= ? AND e.occurred_at < ? AND `+c.sysSQLOn("e")+` GROUP BY 1`,
			append([]any{from, to}, c.sysArgs...)...)
	}
	switch {
	case !c.rollup || c.kinds:
		if err := e.scanCounts(ctx, m, `SELECT e.actor_key, count(*) FROM events e WHERE `+c.whereSQL()+` GROUP BY 1`, c.args...); err != nil {
			return nil, err
		}
	case !c.hasPeriod:
		if err := e.scanCounts(ctx, m, `SELECT actor_key, sum(n) FROM rollup_users WHERE `+c.sysSQL()+` GROUP BY 1`, c.sysArgs...); err != nil {
			return nil, err
		}
	default:
		lo, hi := monthCeil(c.from), monthFloor(c.to)
		if lo >= hi {
			if err := raw(c.from, c.to); err != nil {
				return nil, err
			}
			break
		}
		if err := e.scanCounts(ctx, m, `SELECT actor_key, sum(n) FROM rollup_users WHERE month >= ? AND month < ? AND `+c.sysSQL()+` GROUP BY 1`,
			append([]any{lo, hi}, c.sysArgs...)...); err != nil {
			return nil, err
		}
		for _, edge := range [][2]int64{{c.from, lo}, {hi, c.to}} {
			if edge[0] < edge[1] {
				if err := raw(edge[0], edge[1]); err != nil {
					return nil, err
				}
			}
		}
	}
	out := toCounts(m)
	if err := e.labelUsers(ctx, out); err != nil {
		return nil, err
	}
	return out, nil
}

// labelUsers names the users whose key is not their name.
func (e *Engine) labelUsers(ctx context.Context, out []Count) error {
	if len(out) == 0 || len(out) > 5000 {
		return nil
	}
	names := map[string]string{}
	rows, err := e.st.DB().QueryContext(ctx, `SELECT actor_key, max(actor_name) FROM rollup_actors WHERE actor_name <> '' GROUP BY 1`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var k, n string
		if err := rows.Scan(&k, &n); err != nil {
			return err
		}
		names[k] = n
	}
	for i := range out {
		if n := names[out[i].Key]; n != "" && !strings.EqualFold(n, out[i].Key) {
			out[i].Label = n
		}
	}
	return rows.Err()
}

// monthCeil is the first UTC month start at or after ms; monthFloor the last at or before.
func monthCeil(ms int64) int64 {
	if ms == math.MinInt64 {
		return ms
	}
	f := monthFloor(ms)
	if f == ms {
		return f
	}
	t := time.UnixMilli(f).UTC()
	return t.AddDate(0, 1, 0).UnixMilli()
}

func monthFloor(ms int64) int64 {
	if ms == math.MaxInt64 {
		return ms
	}
	t := time.UnixMilli(ms).UTC()
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC).UnixMilli()
}

// buckets are counts per time slot (start in unix ms): whole UTC hours from the
// rollup when the spec and zone allow it, else quarter hours from the events (a
// quarter hour never straddles a local hour in any zone).
func (e *Engine) buckets(ctx context.Context, c *compiled) (map[int64]int64, error) {
	out := map[int64]int64{}
	scan := func(width int64, q string, args ...any) error {
		rows, err := e.st.DB().QueryContext(ctx, q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var b, n int64
			if err := rows.Scan(&b, &n); err != nil {
				return err
			}
			out[b*width] += n
		}
		return rows.Err()
	}
	const quarter = 15 * 60 * 1000
	rawQ := `SELECT e.occurred_at / 900000, count(*) FROM events e WHERE %s GROUP BY 1`
	if !c.rollup || !wholeHourZone(c.loc, c.from, c.to) {
		return out, scan(quarter, fmt.Sprintf(rawQ, c.whereSQL()), c.args...)
	}
	if !c.hasPeriod {
		return out, scan(hourMS, `SELECT hour, sum(n) FROM rollup_hours WHERE `+c.sysSQL()+` GROUP BY 1`, c.sysArgs...)
	}
	lo, hi := ceilDiv(c.from, hourMS), floorDiv(c.to, hourMS)
	if lo >= hi {
		return out, scan(quarter, fmt.Sprintf(rawQ, c.whereSQL()), c.args...)
	}
	if err := scan(hourMS, `SELECT hour, sum(n) FROM rollup_hours WHERE hour >= ? AND hour < ? AND `+c.sysSQL()+` GROUP BY 1`,
		append([]any{lo, hi}, c.sysArgs...)...); err != nil {
		return nil, err
	}
	for _, edge := range [][2]int64{{c.from, lo * hourMS}, {hi * hourMS, c.to}} {
		if edge[0] < edge[1] {
			if err := scan(quarter, fmt.Sprintf(rawQ, "e.occurred_at >= ? AND e.occurred_at < ? AND "+c.sysSQLOn("e")),
				append([]any{edge[0], edge[1]}, c.sysArgs...)...); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// wholeHourZone tells whether loc is a whole number of hours from UTC throughout
// [from, to) (checked daily; open ends look a year around now).
func wholeHourZone(loc *time.Location, from, to int64) bool {
	if loc == time.UTC {
		return true
	}
	lo, hi := time.UnixMilli(from), time.UnixMilli(to)
	if from == math.MinInt64 || to == math.MaxInt64 {
		lo, hi = time.Now().AddDate(-30, 0, 0), time.Now().AddDate(1, 0, 0)
	}
	for t := lo; t.Before(hi); t = t.Add(24 * time.Hour) {
		if _, off := t.In(loc).Zone(); off%3600 != 0 {
			return false
		}
	}
	_, off := hi.In(loc).Zone()
	return off%3600 == 0
}

var weekdays = []string{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}

func weekdayIndex(t time.Time) int { return (int(t.Weekday()) + 6) % 7 }

// byTime counts by local day, hour of day or weekday.
func (e *Engine) byTime(ctx context.Context, c *compiled, by string) ([]Count, error) {
	bs, err := e.buckets(ctx, c)
	if err != nil {
		return nil, err
	}
	m := map[string]int64{}
	for b, n := range bs {
		t := time.UnixMilli(b).In(c.loc)
		switch by {
		case ByDay:
			m[t.Format(time.DateOnly)] += n
		case ByHour:
			m[fmt.Sprintf("%02d", t.Hour())] += n
		case ByWeekday:
			m[fmt.Sprintf("%d-%s", weekdayIndex(t)+1, weekdays[weekdayIndex(t)])] += n
		}
	}
	out := make([]Count, 0, len(m))
	for k, n := range m {
		out = append(out, Count{Key: k, Count: n})
	}
	slices.SortFunc(out, func(a, b Count) int { return strings.Compare(a.Key, b.Key) })
	return out, nil
}

// Matrix counts events by weekday (Mon first) and hour of day in the display zone.
type Matrix struct {
	Zone     string       `json:"zone"`
	Weekdays []string     `json:"weekdays"`
	Counts   [7][24]int64 `json:"counts"`
}

// Matrix counts the events the spec selects by weekday and hour in its zone.
func (e *Engine) Matrix(ctx context.Context, spec Spec) (Matrix, error) {
	c, err := e.prepare(ctx, spec)
	if err != nil {
		return Matrix{}, err
	}
	bs, err := e.buckets(ctx, c)
	if err != nil {
		return Matrix{}, fmt.Errorf("weekday by hour: %w", err)
	}
	mx := Matrix{Zone: c.loc.String(), Weekdays: weekdays}
	for b, n := range bs {
		t := time.UnixMilli(b).In(c.loc)
		mx.Counts[weekdayIndex(t)][t.Hour()] += n
	}
	return mx, nil
}

// byCurrency counts events with an amount by currency, with their exact sum.
func (e *Engine) byCurrency(ctx context.Context, c *compiled) ([]Count, error) {
	rows, err := e.st.DB().QueryContext(ctx, `SELECT upper(e.currency), count(*), sum(e.amount_micros) FROM events e
WHERE e.amount_micros IS NOT NULL AND `+c.whereSQL()+` GROUP BY 1`, c.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Count
	for rows.Next() {
		var k string
		var n, sum int64
		if err := rows.Scan(&k, &n, &sum); err != nil {
			return nil, err
		}
		out = append(out, Count{Key: k, Count: n, Amount: &activity.Amount{Micros: sum}})
	}
	sortByCount(out)
	return out, rows.Err()
}

// MoneyRow is what one user moved in one currency: payments and refunds, exact.
type MoneyRow struct {
	Currency string          `json:"currency"`
	User     string          `json:"user"` // actor key; "" in a per-currency total
	Payments int64           `json:"payments"`
	Paid     activity.Amount `json:"paid"`
	Refunds  int64           `json:"refunds"`
	Refunded activity.Amount `json:"refunded"`
	Net      activity.Amount `json:"net"` // paid - refunded
}

// Money is the payment and refund totals per currency and per user and currency.
type Money struct {
	ByCurrency []MoneyRow `json:"by_currency"`
	ByUser     []MoneyRow `json:"by_user"`
}

// Money totals the payment and refund events the spec selects.
func (e *Engine) Money(ctx context.Context, spec Spec) (Money, error) {
	c, err := e.prepare(ctx, spec)
	if err != nil {
		return Money{}, err
	}
	rows, err := e.st.DB().QueryContext(ctx, `SELECT upper(e.currency), e.actor_key, e.kind, count(*), sum(e.amount_micros) FROM events e
WHERE e.kind IN ('payment', 'refund') AND e.amount_micros IS NOT NULL AND `+c.whereSQL()+` GROUP BY 1, 2, 3`, c.args...)
	if err != nil {
		return Money{}, fmt.Errorf("money: %w", err)
	}
	defer rows.Close()
	type key struct{ cur, user string }
	users := map[key]*MoneyRow{}
	for rows.Next() {
		var cur, user, kind string
		var n, sum int64
		if err := rows.Scan(&cur, &user, &kind, &n, &sum); err != nil {
			return Money{}, fmt.Errorf("money: %w", err)
		}
		for _, k := range []key{{cur, user}, {cur, "\x00"}} {
			r := users[k]
			if r == nil {
				r = &MoneyRow{Currency: cur, User: strings.TrimPrefix(k.user, "\x00")}
				users[k] = r
			}
			if kind == string(activity.KindPayment) {
				r.Payments += n
				r.Paid.Micros += sum
			} else {
				r.Refunds += n
				r.Refunded.Micros += sum
			}
			r.Net.Micros = r.Paid.Micros - r.Refunded.Micros
		}
	}
	if err := rows.Err(); err != nil {
		return Money{}, fmt.Errorf("money: %w", err)
	}
	m := Money{ByCurrency: []MoneyRow{}, ByUser: []MoneyRow{}}
	for k, r := range users {
		if k.user == "\x00" {
			m.ByCurrency = append(m.ByCurrency, *r)
		} else {
			m.ByUser = append(m.ByUser, *r)
		}
	}
	cmp := func(a, b MoneyRow) int {
		if a.Currency != b.Currency {
			return strings.Compare(a.Currency, b.Currency)
		}
		return strings.Compare(a.User, b.User)
	}
	slices.SortFunc(m.ByCurrency, cmp)
	slices.SortFunc(m.ByUser, cmp)
	return m, nil
}

// History lists every event on one record reference (target or related), across
// systems, oldest first.
func (e *Engine) History(ctx context.Context, ref string, zone string) ([]activity.Event, error) {
	if strings.TrimSpace(ref) == "" {
		return nil, specErr("history: name a record reference such as BOK-10234 or an order number")
	}
	out := []activity.Event{}
	err := e.Each(ctx, Spec{Refs: []string{ref}, IncludeOwn: true, Asc: true, Zone: zone}, func(ev activity.Event) error {
		out = append(out, ev)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("history of %s: %w", ref, err)
	}
	return out, nil
}
