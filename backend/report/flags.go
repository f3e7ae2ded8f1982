package report

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
)

// FlagRules tunes the security review. Zero fields take the defaults.
type FlagRules struct {
	WorkStart    int            `json:"work_start,omitempty"` // first working hour (default 8)
	WorkEnd      int            `json:"work_end,omitempty"`   // hour work ends (default 18)
	WorkDays     []time.Weekday `json:"work_days,omitempty"`  // default Monday to Friday
	DeleteBurst  int            `json:"delete_burst,omitempty"`
	DeleteWindow time.Duration  `json:"delete_window,omitempty"`
	FailedLogins int            `json:"failed_logins,omitempty"`
	FailedWindow time.Duration  `json:"failed_window,omitempty"`
	VolumeFactor float64        `json:"volume_factor,omitempty"`
	VolumeMin    int64          `json:"volume_min,omitempty"`
}

// DefaultFlagRules are the rules a review uses when not told otherwise.
func DefaultFlagRules() FlagRules {
	return FlagRules{
		WorkStart: 8, WorkEnd: 18,
		WorkDays:    []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday},
		DeleteBurst: 5, DeleteWindow: 10 * time.Minute,
		FailedLogins: 3, FailedWindow: 30 * time.Minute,
		VolumeFactor: 3, VolumeMin: 20,
	}
}

func (r FlagRules) withDefaults() FlagRules {
	d := DefaultFlagRules()
	if r.WorkStart == 0 && r.WorkEnd == 0 {
		r.WorkStart, r.WorkEnd = d.WorkStart, d.WorkEnd
	}
	if r.WorkDays == nil {
		r.WorkDays = d.WorkDays
	}
	if r.DeleteBurst <= 0 {
		r.DeleteBurst = d.DeleteBurst
	}
	if r.DeleteWindow <= 0 {
		r.DeleteWindow = d.DeleteWindow
	}
	if r.FailedLogins <= 0 {
		r.FailedLogins = d.FailedLogins
	}
	if r.FailedWindow <= 0 {
		r.FailedWindow = d.FailedWindow
	}
	if r.VolumeFactor <= 0 {
		r.VolumeFactor = d.VolumeFactor
	}
	if r.VolumeMin <= 0 {
		r.VolumeMin = d.VolumeMin
	}
	return r
}

// Flag rules.
const (
	RuleOffHours     = "off_hours"
	RuleDeleteBurst  = "delete_burst"
	RuleFailedThenOK = "failed_logins_then_success"
	RuleNewIP        = "new_ip"
	RuleHighVolume   = "high_volume"
	maxFlagEventIDs  = 1000
)

// Flag is one finding of the security review: which rule, in words, whose
// activity, when, and the events behind it.
type Flag struct {
	Rule     string    `json:"rule"`
	RuleText string    `json:"rule_text"`
	User     string    `json:"user"`
	Detail   string    `json:"detail"`
	First    time.Time `json:"first"`
	Last     time.Time `json:"last"`
	Count    int64     `json:"count"`     // events behind the flag
	EventIDs []int64   `json:"event_ids"` // the first 1,000 of them
}

type flagEvent struct {
	id, at int64
	kind   string
}

// Flags reviews the events the spec selects against the rules.
func (e *Engine) Flags(ctx context.Context, spec Spec, rules FlagRules) ([]Flag, error) {
	c, err := e.prepare(ctx, spec)
	if err != nil {
		return nil, err
	}
	r := rules.withDefaults()
	if r.WorkStart < 0 || r.WorkEnd > 24 || r.WorkStart >= r.WorkEnd {
		return nil, specErr("working hours %d-%d: the start must be before the end, within 0-24", r.WorkStart, r.WorkEnd)
	}
	rows, err := e.st.DB().QueryContext(ctx, `SELECT e.id, e.occurred_at, e.actor_key, e.kind FROM events e WHERE `+c.whereSQL()+` ORDER BY e.occurred_at, e.id`, c.args...)
	if err != nil {
		return nil, fmt.Errorf("flags: %w", err)
	}
	users := map[string][]flagEvent{}
	for rows.Next() {
		var fe flagEvent
		var user string
		if err := rows.Scan(&fe.id, &fe.at, &user, &fe.kind); err != nil {
			rows.Close()
			return nil, fmt.Errorf("flags: %w", err)
		}
		users[user] = append(users[user], fe)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("flags: %w", err)
	}
	var out []Flag
	names := make([]string, 0, len(users))
	for u := range users {
		names = append(names, u)
	}
	slices.Sort(names)
	for _, u := range names {
		evs := users[u]
		out = append(out, offHours(u, evs, r, c.loc)...)
		out = append(out, deleteBursts(u, evs, r)...)
		out = append(out, failedThenOK(u, evs, r)...)
		out = append(out, highVolume(u, evs, r, c.loc)...)
	}
	nip, err := e.newIPs(ctx, c)
	if err != nil {
		return nil, err
	}
	out = append(out, nip...)
	slices.SortStableFunc(out, func(a, b Flag) int { return a.First.Compare(b.First) })
	if out == nil {
		out = []Flag{}
	}
	return out, nil
}

func newFlag(rule, text, user, detail string, evs []flagEvent) Flag {
	f := Flag{Rule: rule, RuleText: text, User: user, Detail: detail, Count: int64(len(evs)),
		First: time.UnixMilli(evs[0].at).UTC(), Last: time.UnixMilli(evs[len(evs)-1].at).UTC()}
	for i, ev := range evs {
		if i == maxFlagEventIDs {
			break
		}
		f.EventIDs = append(f.EventIDs, ev.id)
	}
	return f
}

// offHours flags, per user and local day, the events outside working hours.
func offHours(user string, evs []flagEvent, r FlagRules, loc *time.Location) []Flag {
	text := fmt.Sprintf("activity outside working hours %02d:00-%02d:00 on %s (%s)", r.WorkStart, r.WorkEnd, dayNames(r.WorkDays), loc)
	var out []Flag
	var day string
	var cur []flagEvent
	flush := func() {
		if len(cur) > 0 {
			out = append(out, newFlag(RuleOffHours, text, user, fmt.Sprintf("%s outside working hours on %s", events(len(cur)), day), cur))
		}
		cur = nil
	}
	for _, ev := range evs {
		t := time.UnixMilli(ev.at).In(loc)
		working := slices.Contains(r.WorkDays, t.Weekday()) && t.Hour() >= r.WorkStart && t.Hour() < r.WorkEnd
		if working {
			continue
		}
		if d := t.Format("2006-01-02 Mon"); d != day {
			flush()
			day = d
		}
		cur = append(cur, ev)
	}
	flush()
	return out
}

func dayNames(ds []time.Weekday) string {
	var s []string
	for _, d := range ds {
		s = append(s, d.String()[:3])
	}
	return strings.Join(s, " ")
}

// deleteBursts flags runs of at least N deletions by one user, each within M of the Nth before it.
func deleteBursts(user string, evs []flagEvent, r FlagRules) []Flag {
	text := fmt.Sprintf("%d or more deletions by one user within %s", r.DeleteBurst, r.DeleteWindow)
	var dels []flagEvent
	for _, ev := range evs {
		if ev.kind == "delete" {
			dels = append(dels, ev)
		}
	}
	win := r.DeleteWindow.Milliseconds()
	var out []Flag
	in := make([]bool, len(dels))
	for i := r.DeleteBurst - 1; i < len(dels); i++ {
		if dels[i].at-dels[i-r.DeleteBurst+1].at <= win {
			for j := i - r.DeleteBurst + 1; j <= i; j++ {
				in[j] = true
			}
		}
	}
	for i := 0; i < len(dels); {
		if !in[i] {
			i++
			continue
		}
		j := i
		for j < len(dels) && in[j] && (j == i || dels[j].at-dels[j-1].at <= win) {
			j++
		}
		b := dels[i:j]
		out = append(out, newFlag(RuleDeleteBurst, text, user, fmt.Sprintf("%d deletions within %s", len(b), time.Duration(b[len(b)-1].at-b[0].at)*time.Millisecond), b))
		i = j
	}
	return out
}

// failedThenOK flags N failed logins followed by a successful one within the window.
func failedThenOK(user string, evs []flagEvent, r FlagRules) []Flag {
	text := fmt.Sprintf("%d or more failed logins followed by a successful login within %s", r.FailedLogins, r.FailedWindow)
	win := r.FailedWindow.Milliseconds()
	var out []Flag
	var failed []flagEvent
	for _, ev := range evs {
		switch ev.kind {
		case "login_failed":
			failed = append(failed, ev)
		case "login":
			var recent []flagEvent
			for _, f := range failed {
				if ev.at-f.at <= win {
					recent = append(recent, f)
				}
			}
			if len(recent) >= r.FailedLogins {
				out = append(out, newFlag(RuleFailedThenOK, text, user,
					fmt.Sprintf("%d failed logins, then a successful one", len(recent)), append(recent, ev)))
			}
			failed = nil
		}
	}
	return out
}

// highVolume flags days on which a user did far more than on their median active day.
func highVolume(user string, evs []flagEvent, r FlagRules, loc *time.Location) []Flag {
	text := fmt.Sprintf("at least %d events in a day and more than %g times the user's median day", r.VolumeMin, r.VolumeFactor)
	var days []string
	byDay := map[string][]flagEvent{}
	for _, ev := range evs {
		d := time.UnixMilli(ev.at).In(loc).Format(time.DateOnly)
		if _, ok := byDay[d]; !ok {
			days = append(days, d)
		}
		byDay[d] = append(byDay[d], ev)
	}
	counts := make([]int, 0, len(days))
	for _, d := range days {
		counts = append(counts, len(byDay[d]))
	}
	slices.Sort(counts)
	if len(counts) == 0 {
		return nil
	}
	var median float64
	if n := len(counts); n%2 == 1 {
		median = float64(counts[n/2])
	} else {
		median = float64(counts[n/2-1]+counts[n/2]) / 2
	}
	var out []Flag
	for _, d := range days {
		n := len(byDay[d])
		if int64(n) >= r.VolumeMin && float64(n) > r.VolumeFactor*median {
			out = append(out, newFlag(RuleHighVolume, text, user, fmt.Sprintf("%d events on %s; median day %g", n, d, median), byDay[d]))
		}
	}
	return out
}

// newIPs flags the first event of a user from an address they had not used
// before (in all stored history), when they had used another one earlier.
func (e *Engine) newIPs(ctx context.Context, c *compiled) ([]Flag, error) {
	const text = "first use of a new IP address by a user who had used another before"
	rows, err := e.st.DB().QueryContext(ctx, `SELECT r.actor_key, r.ip, r.first_at, r.first_id FROM rollup_ips r
WHERE r.first_at >= ? AND r.first_at < ?
  AND EXISTS (SELECT 1 FROM rollup_ips o WHERE o.actor_key = r.actor_key AND o.first_at < r.first_at)
ORDER BY r.first_at`, c.from, c.to)
	if err != nil {
		return nil, fmt.Errorf("new addresses: %w", err)
	}
	type hit struct {
		user, ip string
		at, id   int64
	}
	var hits []hit
	for rows.Next() {
		var h hit
		if err := rows.Scan(&h.user, &h.ip, &h.at, &h.id); err != nil {
			rows.Close()
			return nil, err
		}
		hits = append(hits, h)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var out []Flag
	for _, h := range hits {
		// Only events the spec selects count.
		var n int
		if err := e.st.DB().QueryRowContext(ctx, `SELECT count(*) FROM events e WHERE e.id = ? AND `+c.whereSQL(),
			append([]any{h.id}, c.args...)...).Scan(&n); err != nil {
			return nil, fmt.Errorf("new addresses: %w", err)
		}
		if n == 0 {
			continue
		}
		out = append(out, newFlag(RuleNewIP, text, h.user, "first use of "+h.ip, []flagEvent{{id: h.id, at: h.at}}))
	}
	return out, nil
}

func events(n int) string {
	if n == 1 {
		return "1 event"
	}
	return fmt.Sprintf("%d events", n)
}
