package ingest

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"trailbook/backend/activity"
)

// rowView reads a row through a column binding.
type rowView struct {
	fields []string
	bind   []int
	js     *jsonCache // parsed JSON cells of this row; nil parses afresh
}

// cell is the trimmed value of a slot; "" when the file lacks the column or the row is short.
func (v rowView) cell(slot int) string {
	i := v.bind[slot]
	if i < 0 || i >= len(v.fields) {
		return ""
	}
	return trimCell(v.fields[i])
}

// value produces a field's value.
func (v rowView) value(s *valueSource) string {
	if s == nil {
		return ""
	}
	var out string
	switch {
	case s.tmpl != nil:
		out = s.tmpl.execute(v)
	case s.value != "":
		out = s.value
	case s.json != nil:
		out = v.member(s)
	default:
		for _, c := range s.cols {
			if out = v.cell(c); out != "" {
				break
			}
		}
	}
	for _, t := range s.transforms {
		out = t(out)
	}
	return out
}

// mapRow turns a data row into a record; nil for a blank row.
func (r *Reader) mapRow(raw rawRow) *Record {
	blank := true
	for _, f := range raw.fields {
		if strings.TrimSpace(f) != "" {
			blank = false
			break
		}
	}
	if blank {
		r.blank += raw.end - raw.line + 1
		return nil
	}
	if r.fixUTF8 && r.guard.sawBadUTF8 {
		r.fixEncoding(raw.fields, raw.line)
	}
	v := rowView{fields: raw.fields, bind: r.bind}
	if r.jsc != nil {
		r.jsc.reset()
		v.js = r.jsc
	}
	if r.c.people {
		return r.mapPerson(raw, v)
	}
	return r.mapEvent(raw, v)
}

func (r *Reader) mapEvent(raw rawRow, v rowView) *Record {
	f := r.c.fields
	timeText := v.value(f[efTime])
	pt, err := r.times.Parse(timeText)
	if err != nil {
		return r.noKey(raw, "time", timeText, r.timeReason(timeText))
	}
	// One allocation for the record, its event and its numbers: allocation and GC are
	// a large share of the per-row cost on million-row files.
	blk := new(eventBlock)
	blk.rec = Record{Line: raw.line, Event: &blk.ev}
	e := &blk.ev
	// Fields are set one by one on the block: a composite literal would be built in a
	// temporary and copied, which costs measurably at a million rows.
	e.OccurredAt, e.SourceTime, e.SourceZone = pt.UTC, timeText, pt.Zone
	e.ActorID = v.value(f[efActorID])
	e.ActorName = v.value(f[efActorName])
	e.ActorEmail = v.value(f[efActorEmail])
	e.ActorCompany = v.value(f[efActorCompany])
	e.IP = v.value(f[efIP])
	e.System = r.c.p.System
	e.Module = v.value(f[efModule])
	e.Action = v.value(f[efAction])
	e.TargetType = v.value(f[efTargetType])
	e.TargetID = v.value(f[efTargetID])
	e.TargetRef = v.value(f[efTargetRef])
	e.TargetName = v.value(f[efTargetName])
	e.RelatedRef = v.value(f[efRelatedRef])
	e.Currency = v.value(f[efCurrency])
	e.Description = v.value(f[efDescription])
	e.Line = raw.line
	if pt.Warning != "" {
		e.Warnings = append(e.Warnings, pt.Warning)
	}
	var mask uint64
	if len(r.c.conds) > 0 {
		mask = r.c.condMask(v)
	}
	cl := r.cls.classify(e.Module, e.Action, mask)
	e.Kind, e.Meaning = cl.kind, cl.meaning

	if s := v.value(f[efAmount]); s != "" {
		a, err := ParseAmount(s, r.comma)
		if err != nil {
			return r.reject(raw, r.amountCol, fmt.Sprintf("%v; write it like 1234.56 or 1.234,56", err))
		}
		blk.amount = a
		e.Amount = &blk.amount
	}
	if s := v.value(f[efBillingCycles]); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < 0 {
			return r.reject(raw, r.cyclesCol, fmt.Sprintf("%q is not a whole number of billing cycles", s))
		}
		blk.cycles = n
		e.BillingCycles = &blk.cycles
	}
	r.mapTargets(e, v)
	r.mapChanges(e, v)
	e.Extra = r.extra(raw.fields, e.Extra)
	for _, nv := range r.c.extras {
		val := v.value(nv.src)
		if val != "" && isSecretKey(r.c.secrets, nv.name) {
			val = maskSecret(val)
		}
		e.Extra = setExtra(e.Extra, nv.name, val)
	}
	r.maskJSONColumns(e.Extra, v)
	return &blk.rec
}

// eventBlock holds a record and everything its event points to.
type eventBlock struct {
	rec    Record
	ev     activity.Event
	amount activity.Amount
	cycles int64
}

// mapTargets fills the target from the first non-empty candidate and the related
// reference from the next.
func (r *Reader) mapTargets(e *activity.Event, v rowView) {
	n := 0
	for _, t := range r.c.targets {
		ref := v.cell(t.col)
		if ref == "" {
			continue
		}
		if n == 0 {
			e.TargetRef, e.TargetType = ref, t.typ
			if t.typeTmpl != nil {
				e.TargetType = t.typeTmpl.execute(v)
			}
		} else {
			e.RelatedRef = ref
			return
		}
		n++
	}
}

func (r *Reader) mapChanges(e *activity.Event, v rowView) {
	ch := r.c.changes
	if ch == nil {
		return
	}
	if ch.list != nil {
		e.Changes = ch.list.changes(v, r.c.secrets)
		return
	}
	oldText, newText := v.cell(ch.old), v.cell(ch.new)
	changes, same, err := r.c.diff(oldText, newText)
	if err != nil {
		// Keep the text rather than lose the row: the change is still on record.
		e.Warnings = append(e.Warnings, "changes not read: "+err.Error())
		e.Extra = setExtra(e.Extra, r.c.slots[ch.old], oldText)
		e.Extra = setExtra(e.Extra, r.c.slots[ch.new], newText)
		return
	}
	e.Changes = changes
	if same != "" {
		e.Extra = setExtra(e.Extra, "unchanged", same)
	}
}

func setExtra(m map[string]string, k, v string) map[string]string {
	if v == "" {
		return m
	}
	if m == nil {
		m = map[string]string{}
	}
	m[k] = v
	return m
}

// extra keeps the non-empty values of the columns no field uses, and of cells beyond
// the header, so nothing the row had is lost. Secret-named columns are masked.
func (r *Reader) extra(fields []string, m map[string]string) map[string]string {
	for k, i := range r.extraCols {
		if i >= len(fields) {
			break
		}
		val := trimCell(fields[i])
		if val == "" {
			continue
		}
		if r.extraMask[k] {
			val = maskSecret(val)
		}
		m = setExtra(m, r.hdr.name(i), val)
	}
	for i := len(r.hdr.names); i < len(fields); i++ {
		m = setExtra(m, r.hdr.name(i), strings.TrimSpace(fields[i]))
	}
	return m
}

func (r *Reader) mapPerson(raw rawRow, v rowView) *Record {
	f := r.c.fields
	email := v.value(f[pfEmail])
	if email == "" {
		return r.noKey(raw, "email", email, "the email is empty; people are matched to activity on their email, so add it or remove the row")
	}
	p := &activity.Person{
		Email:    email,
		UserID:   v.value(f[pfUserID]),
		Name:     v.value(f[pfName]),
		Company:  v.value(f[pfCompany]),
		Title:    v.value(f[pfTitle]),
		Location: v.value(f[pfLocation]),
	}
	if tags := v.value(f[pfTags]); tags != "" {
		for _, t := range strings.Split(tags, r.c.listSep) {
			if t = strings.TrimSpace(t); t != "" {
				p.Tags = append(p.Tags, t)
			}
		}
	}
	p.Extra = r.extra(raw.fields, nil)
	if end := v.value(f[pfEndDate]); end != "" {
		if pt, err := r.times.Parse(end); err == nil {
			p.EndDate = pt.UTC.In(r.times.loc).Format(time.DateOnly)
		} else {
			p.Extra = setExtra(p.Extra, "end_date", end) // unreadable: kept as written
		}
	}
	return &Record{Line: raw.line, Person: p}
}

// noKey handles a row whose key value (the time; for people the email) is unreadable:
// a summary line below the data is skipped with its reason, anything else is rejected.
func (r *Reader) noKey(raw rawRow, key, keyText, reason string) *Record {
	if skip := summaryReason(raw.fields, key, keyText == ""); skip != "" {
		return &Record{Line: raw.line, Skip: skip}
	}
	return r.reject(raw, r.timeColumn, reason)
}

func (r *Reader) reject(raw rawRow, column, reason string) *Record {
	return &Record{Line: raw.line, Reject: &Reject{Line: raw.line, Column: column, Reason: reason}}
}

// timeReason explains why a time cell could not be read.
func (r *Reader) timeReason(text string) string {
	if text == "" {
		return "the time is empty; every event needs one: fill it in or remove the row"
	}
	if r.other != nil {
		if _, err := r.other.Parse(text); err == nil {
			return fmt.Sprintf("%q can only be read %s, but this file's dates are read %s (%s); correct the row, or import again choosing %s dates",
				text, orderName(opposite(r.order)), orderName(r.order), r.dateWhy, orderName(opposite(r.order)))
		}
	}
	return fmt.Sprintf("%q is not a time this profile reads (it reads e.g. %s); correct the cell, or add its layout to the profile", text, r.times.examples())
}

func opposite(order string) string {
	if order == DayFirst {
		return MonthFirst
	}
	return DayFirst
}

// summaryReason recognises lines below the data that are not activities: one that
// starts with "Total" (or "Grand total", "Generated ...", ...), one with no key value
// whose filled cells are all totals (numbers, currency codes), or a lone note in a single
// cell. "" means the row is data: a data row with a broken time is rejected, not skipped.
func summaryReason(fields []string, key string, keyEmpty bool) string {
	first, filled, totals := "", 0, 0
	for _, f := range fields {
		if f = strings.TrimSpace(f); f != "" {
			if first == "" {
				first = f
			}
			filled++
			if summaryValue(f) {
				totals++
			}
		}
	}
	low := strings.ToLower(first)
	for _, w := range []string{"total", "grand total", "subtotal", "sum", "count", "end of report", "generated", "exported", "printed", "report"} {
		if strings.HasPrefix(low, w) {
			return fmt.Sprintf("summary line %q below the data, not an activity", clip(first, 40))
		}
	}
	if keyEmpty && filled > 0 && totals == filled {
		return fmt.Sprintf("no %s and only totals (%s): a summary line, not an activity", key, clip(strings.Join(nonEmpty(fields), ", "), 40))
	}
	if filled == 1 {
		return fmt.Sprintf("a single value (%q) and no readable %s: a note, not an activity", clip(first, 40), key)
	}
	return ""
}

// summaryValue is a cell a totals line holds: a number or amount, or a currency code.
func summaryValue(s string) bool {
	if len(s) == 3 && strings.ToUpper(s) == s && strings.IndexFunc(s, func(r rune) bool { return r < 'A' || r > 'Z' }) < 0 {
		return true
	}
	s = strings.TrimSuffix(s, "%")
	_, err1 := ParseAmount(s, false)
	_, err2 := ParseAmount(s, true)
	return err1 == nil || err2 == nil
}

func nonEmpty(fields []string) []string {
	var out []string
	for _, f := range fields {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

func clip(s string, n int) string {
	if len([]rune(s)) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "..."
}
