package report

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/netip"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"trailbook/backend/activity"
	"trailbook/backend/store"
)

// ErrSpec marks a spec the report cannot run (a bad zone, date, CIDR, amount ...);
// the message says which field and what is accepted.
var ErrSpec = errors.New("invalid report")

func specErr(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrSpec, fmt.Sprintf(format, args...))
}

// compiled is a spec turned into SQL over the events table (alias e).
type compiled struct {
	spec Spec
	loc  *time.Location
	// from/to bound occurred_at as [from, to) in unix ms; math.MinInt64/MaxInt64 when open.
	from, to  int64
	hasPeriod bool
	where     []string
	args      []any
	// sysWhere/sysArgs are the system/kind conditions alone, valid on the rollup
	// tables too (columns system and kind).
	sysWhere []string
	sysArgs  []any
	// rollup: nothing but period, systems, kinds and own events is filtered;
	// kinds says a kind filter is among them (the user rollup has no kinds).
	rollup bool
	kinds  bool
	// search is the FTS5 query of spec.Search ("" for none), searchAt its index in where.
	search   string
	searchAt int

	// sysAt are the indexes in where of the sysWhere conditions.
	sysAt []int
	users bool // a user filter is set
}

func (c *compiled) whereSQL() string {
	if len(c.where) == 0 {
		return "1 = 1"
	}
	return strings.Join(c.where, " AND ")
}

func (c *compiled) sysSQL() string {
	if len(c.sysWhere) == 0 {
		return "1 = 1"
	}
	return strings.Join(c.sysWhere, " AND ")
}

func (c *compiled) add(cond string, args ...any) {
	c.where = append(c.where, cond)
	c.args = append(c.args, args...)
}

func placeholders(n int) string {
	if n == 0 {
		return "NULL"
	}
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

func anys[T any](vs []T) []any {
	out := make([]any, len(vs))
	for i, v := range vs {
		out[i] = v
	}
	return out
}

// clean trims the values and drops empty ones.
func clean(vs []string) []string {
	var out []string
	for _, v := range vs {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// LoadZone reads a display zone; "" is UTC.
func LoadZone(name string) (*time.Location, error) {
	if name == "" || strings.EqualFold(name, "UTC") {
		return time.UTC, nil
	}
	if name == "Local" {
		return nil, specErr("zone %q: name an IANA zone such as Europe/Bucharest", name)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, specErr("zone %q is not a known time zone: use an IANA name such as Europe/Bucharest or America/New_York", name)
	}
	return loc, nil
}

// Period resolves the spec's period in its zone at now: [from, to), ok=false when open.
func (s Spec) Period(now time.Time) (from, to time.Time, ok bool, err error) {
	loc, err := LoadZone(s.Zone)
	if err != nil {
		return from, to, false, err
	}
	today := midnight(now.In(loc))
	switch s.Preset {
	case "", PresetCustom:
	case PresetToday:
		return today, today.AddDate(0, 0, 1), true, nil
	case PresetYesterday:
		return today.AddDate(0, 0, -1), today, true, nil
	case PresetLast7Days:
		return today.AddDate(0, 0, -6), today.AddDate(0, 0, 1), true, nil
	case PresetLast30Days:
		return today.AddDate(0, 0, -29), today.AddDate(0, 0, 1), true, nil
	case PresetThisMonth:
		m := time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, loc)
		return m, m.AddDate(0, 1, 0), true, nil
	case PresetLastMonth:
		m := time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, loc)
		return m.AddDate(0, -1, 0), m, true, nil
	case PresetThisQuarter:
		q := time.Date(today.Year(), (today.Month()-1)/3*3+1, 1, 0, 0, 0, 0, loc)
		return q, q.AddDate(0, 3, 0), true, nil
	default:
		return from, to, false, specErr("preset %q is not known (use today, yesterday, last_7_days, last_30_days, this_month, last_month, this_quarter or custom)", s.Preset)
	}
	if s.From == "" && s.To == "" {
		return from, to, false, nil
	}
	from, to = time.Unix(0, 0).UTC().AddDate(-100, 0, 0), time.Unix(0, 0).UTC().AddDate(1000, 0, 0)
	if s.From != "" {
		if from, _, err = parseBound(s.From, loc); err != nil {
			return from, to, false, specErr("from %q: %v", s.From, err)
		}
	}
	if s.To != "" {
		var step time.Duration
		var t time.Time
		if t, step, err = parseBound(s.To, loc); err != nil {
			return from, to, false, specErr("to %q: %v", s.To, err)
		}
		if step == 24*time.Hour {
			to = t.AddDate(0, 0, 1) // the whole day, across DST changes too
		} else {
			to = t.Add(step)
		}
	}
	if !from.Before(to) {
		return from, to, false, specErr("from %s is after to %s", s.From, s.To)
	}
	return from, to, true, nil
}

func midnight(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, t.Location())
}

// parseBound reads a date, a local date-time or an RFC 3339 instant, and says how
// long the written value lasts (an inclusive end covers all of it).
func parseBound(s string, loc *time.Location) (time.Time, time.Duration, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, time.Millisecond, nil
	}
	for _, l := range []struct {
		layout string
		step   time.Duration
	}{
		{"2006-01-02", 24 * time.Hour},
		{"2006-01-02T15:04", time.Minute}, {"2006-01-02 15:04", time.Minute},
		{"2006-01-02T15:04:05", time.Second}, {"2006-01-02 15:04:05", time.Second},
	} {
		if t, err := time.ParseInLocation(l.layout, s, loc); err == nil {
			return t, l.step, nil
		}
	}
	return time.Time{}, 0, errors.New("not a date: write 2024-03-01, 2024-03-01T08:00 or an RFC 3339 instant such as 2024-03-01T08:00:00Z")
}

// compile validates spec and builds its SQL. Users and IPs are resolved through
// the rollups, so the caller refreshes them first.
func compile(ctx context.Context, db bun.IDB, spec Spec, now time.Time) (*compiled, error) {
	c := &compiled{spec: spec, from: math.MinInt64, to: math.MaxInt64, rollup: true}
	loc, err := LoadZone(spec.Zone)
	if err != nil {
		return nil, err
	}
	c.loc = loc
	from, to, ok, err := spec.Period(now)
	if err != nil {
		return nil, err
	}
	if ok {
		c.from, c.to, c.hasPeriod = from.UnixMilli(), to.UnixMilli(), true
		c.add("e.occurred_at >= ? AND e.occurred_at < ?", c.from, c.to)
	}
	systems := clean(spec.Systems)
	sysCond := func(cond string, args ...any) {
		c.sysAt = append(c.sysAt, len(c.where))
		c.add("e."+cond, args...)
		c.sysWhere = append(c.sysWhere, cond)
		c.sysArgs = append(c.sysArgs, args...)
	}
	switch {
	case len(systems) > 0:
		sysCond("system IN ("+placeholders(len(systems))+")", anys(systems)...)
	case !spec.IncludeOwn:
		sysCond("system <> ?", activity.OwnSystem)
	}
	if kinds := clean(spec.Kinds); len(kinds) > 0 {
		for _, k := range kinds {
			if _, err := activity.ParseKind(k); err != nil {
				return nil, specErr("kind: %v", err)
			}
		}
		sysCond("kind IN ("+placeholders(len(kinds))+")", anys(kinds)...)
		c.kinds = true
	}
	if users := clean(spec.Users); len(users) > 0 {
		keys, err := resolveUsers(ctx, db, users)
		if err != nil {
			return nil, err
		}
		c.add("e.actor_key IN ("+placeholders(len(keys))+")", anys(keys)...)
		c.rollup = false
		c.users = true
		if len(keys) > 0 {
			sys, err := userSystems(ctx, db, keys)
			if err != nil {
				return nil, err
			}
			if len(sys) > 0 {
				c.add("e.system IN ("+placeholders(len(sys))+")", anys(sys)...)
			}
		}
	}
	if mods := clean(spec.Modules); len(mods) > 0 {
		c.add("lower(e.module) IN ("+strings.TrimSuffix(strings.Repeat("lower(?), ", len(mods)), ", ")+")", anys(mods)...)
		c.rollup = false
	}
	if acts := clean(spec.Actions); len(acts) > 0 {
		c.add("lower(e.action) IN ("+strings.TrimSuffix(strings.Repeat("lower(?), ", len(acts)), ", ")+")", anys(acts)...)
		c.rollup = false
	}
	if refs := clean(spec.Refs); len(refs) > 0 {
		c.addRefs(refs)
		c.rollup = false
	}
	if ips := clean(spec.IPs); len(ips) > 0 {
		matched, err := resolveIPs(ctx, db, ips)
		if err != nil {
			return nil, err
		}
		c.add("e.ip IN ("+placeholders(len(matched))+")", anys(matched)...)
		c.rollup = false
	}
	if strings.TrimSpace(spec.Search) != "" {
		c.search = store.FTSQuery(spec.Search)
		if c.search == "" {
			return nil, specErr("search %q has no word to look for", spec.Search)
		}
		if err := store.CheckSearch(ctx, db, c.search); err != nil {
			return nil, specErr("%v", err)
		}
		c.searchAt = len(c.where)
		c.add("e.id IN ("+store.SearchIDs+")", c.search)
		c.rollup = false
	}
	for _, a := range []struct {
		name, v, op string
	}{{"min amount", spec.MinAmount, ">="}, {"max amount", spec.MaxAmount, "<="}} {
		if strings.TrimSpace(a.v) == "" {
			continue
		}
		amt, err := activity.ParseAmount(a.v)
		if err != nil {
			return nil, specErr("%s: %v (write a plain decimal such as 10 or 99.95)", a.name, err)
		}
		c.add("e.amount_micros "+a.op+" ?", amt.Micros)
		c.rollup = false
	}
	if cur := clean(spec.Currencies); len(cur) > 0 {
		c.add("upper(e.currency) IN ("+strings.TrimSuffix(strings.Repeat("upper(?), ", len(cur)), ", ")+")", anys(cur)...)
		c.rollup = false
	}
	if _, err := sortColumn(spec.Sort); err != nil {
		return nil, err
	}
	for _, col := range spec.Columns {
		if !knownColumn(col) {
			return nil, specErr("column %q is not known (known: %s)", col, strings.Join(AllColumns, ", "))
		}
	}
	return c, nil
}

// addRefs matches the target or related reference exactly (case-insensitive),
// finding candidates through the search index.
func (c *compiled) addRefs(refs []string) {
	var fts []string
	ok := true
	for _, r := range refs {
		if store.FTSQuery(r) == "" {
			ok = false // only punctuation: nothing the index can find
			break
		}
		fts = append(fts, "{target_ref related_ref} : "+store.FTSPhrase(r))
	}
	ph := strings.TrimSuffix(strings.Repeat("lower(?), ", len(refs)), ", ")
	cond := "(lower(e.target_ref) IN (" + ph + ") OR lower(e.related_ref) IN (" + ph + "))"
	args := append(anys(refs), anys(refs)...)
	if ok {
		cond = "e.id IN (" + store.SearchIDs + ") AND " + cond
		args = append([]any{strings.Join(fts, " OR ")}, args...)
	}
	c.add(cond, args...)
}

// resolveUsers finds the actor keys of users named by id, name or email, matched
// without regard to case (Unicode folding, which SQLite's lower() lacks).
func resolveUsers(ctx context.Context, db bun.IDB, users []string) ([]string, error) {
	rows, err := db.QueryContext(ctx, `SELECT actor_key, actor_id, actor_name, actor_email FROM rollup_actors`)
	if err != nil {
		return nil, fmt.Errorf("find users: %w", err)
	}
	defer rows.Close()
	var keys []string
	seen := map[string]bool{}
	for rows.Next() {
		var k, id, name, email string
		if err := rows.Scan(&k, &id, &name, &email); err != nil {
			return nil, fmt.Errorf("find users: %w", err)
		}
		if seen[k] {
			continue
		}
		for _, u := range users {
			if strings.EqualFold(u, k) || strings.EqualFold(u, id) || strings.EqualFold(u, name) || strings.EqualFold(u, email) {
				seen[k] = true
				keys = append(keys, k)
				break
			}
		}
	}
	return keys, rows.Err()
}

// resolveIPs lists the stored addresses inside any of the given addresses or ranges.
func resolveIPs(ctx context.Context, db bun.IDB, ips []string) ([]string, error) {
	var prefixes []netip.Prefix
	for _, s := range ips {
		if p, err := netip.ParsePrefix(s); err == nil {
			prefixes = append(prefixes, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(s)
		if err != nil {
			return nil, specErr("ip %q is not an address or a CIDR range (write 203.0.113.7, 203.0.113.0/24 or 2001:db8::/32)", s)
		}
		prefixes = append(prefixes, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
	}
	rows, err := db.QueryContext(ctx, `SELECT DISTINCT ip FROM rollup_ips`)
	if err != nil {
		return nil, fmt.Errorf("list addresses: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var ip string
		if err := rows.Scan(&ip); err != nil {
			return nil, err
		}
		a, err := netip.ParseAddr(strings.TrimSpace(ip))
		if err != nil {
			continue
		}
		a = a.Unmap()
		for _, p := range prefixes {
			if p.Contains(a) {
				out = append(out, ip)
				break
			}
		}
	}
	return out, rows.Err()
}
