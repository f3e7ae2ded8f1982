package report

import (
	"context"
	"fmt"
	"strings"
	"time"

	"trailbook/backend/activity"
	"trailbook/backend/export"
	"trailbook/backend/store"
)

// columnDefs are the detail columns as the export writers see them.
var columnDefs = map[string]export.Column{
	ColumnTime:        {Key: ColumnTime, Title: "Time", Type: export.Time, Width: 20},
	ColumnUser:        {Key: ColumnUser, Title: "User", Width: 24},
	ColumnEmail:       {Key: ColumnEmail, Title: "Email", Width: 28},
	ColumnIP:          {Key: ColumnIP, Title: "IP", Width: 16},
	ColumnSystem:      {Key: ColumnSystem, Title: "System", Width: 14},
	ColumnModule:      {Key: ColumnModule, Title: "Module", Width: 18},
	ColumnAction:      {Key: ColumnAction, Title: "Action", Width: 24},
	ColumnKind:        {Key: ColumnKind, Title: "Kind", Width: 14},
	ColumnMeaning:     {Key: ColumnMeaning, Title: "Meaning", Width: 40},
	ColumnTargetType:  {Key: ColumnTargetType, Title: "Record type", Width: 14},
	ColumnTargetRef:   {Key: ColumnTargetRef, Title: "Record", Width: 16},
	ColumnTargetName:  {Key: ColumnTargetName, Title: "Record name", Width: 24},
	ColumnRelatedRef:  {Key: ColumnRelatedRef, Title: "Related record", Width: 16},
	ColumnAmount:      {Key: ColumnAmount, Title: "Amount", Type: export.Amount, Width: 14},
	ColumnCurrency:    {Key: ColumnCurrency, Title: "Currency", Width: 9},
	ColumnDescription: {Key: ColumnDescription, Title: "Description", Width: 50},
	ColumnChanges:     {Key: ColumnChanges, Title: "Changes", Width: 40},
	ColumnSource:      {Key: ColumnSource, Title: "Source (file:line)", Width: 30},
	ColumnID:          {Key: ColumnID, Title: "Event id", Type: export.Integer, Width: 10},
}

// Columns are the export columns of spec, in order.
func Columns(spec Spec) []export.Column {
	names := spec.Columns
	if len(names) == 0 {
		names = DefaultColumns
	}
	out := make([]export.Column, 0, len(names))
	for _, n := range names {
		if c, ok := columnDefs[n]; ok {
			out = append(out, c)
		}
	}
	return out
}

// UserName is how a user is shown: the name, else the email, else the id.
func UserName(ev *activity.Event) string {
	switch {
	case ev.ActorName != "":
		return ev.ActorName
	case ev.ActorEmail != "":
		return ev.ActorEmail
	}
	return ev.ActorID
}

// RowOf gives the values of ev for the columns; files maps batch ids to file names.
func RowOf(ev *activity.Event, cols []export.Column, files map[int64]string) export.Row {
	row := make(export.Row, len(cols))
	for i, c := range cols {
		switch c.Key {
		case ColumnTime:
			row[i] = ev.OccurredAt
		case ColumnUser:
			row[i] = UserName(ev)
		case ColumnEmail:
			row[i] = ev.ActorEmail
		case ColumnIP:
			row[i] = ev.IP
		case ColumnSystem:
			row[i] = ev.System
		case ColumnModule:
			row[i] = ev.Module
		case ColumnAction:
			row[i] = ev.Action
		case ColumnKind:
			row[i] = string(ev.Kind)
		case ColumnMeaning:
			row[i] = ev.Meaning
		case ColumnTargetType:
			row[i] = ev.TargetType
		case ColumnTargetRef:
			row[i] = ev.TargetRef
		case ColumnTargetName:
			row[i] = ev.TargetName
		case ColumnRelatedRef:
			row[i] = ev.RelatedRef
		case ColumnAmount:
			if ev.Amount != nil {
				row[i] = export.Micros(ev.Amount.Micros)
			}
		case ColumnCurrency:
			row[i] = ev.Currency
		case ColumnDescription:
			row[i] = ev.Description
		case ColumnChanges:
			var parts []string
			for _, ch := range ev.Changes {
				parts = append(parts, fmt.Sprintf("%s: %s -> %s", ch.Field, ch.Old, ch.New))
			}
			row[i] = strings.Join(parts, "; ")
		case ColumnSource:
			if f := files[ev.BatchID]; f != "" {
				row[i] = fmt.Sprintf("%s:%d", f, ev.Line)
			} else {
				row[i] = ""
			}
		case ColumnID:
			row[i] = ev.ID
		}
	}
	return row
}

// Describe is the cover's account of a spec: the period and each filter in words.
func Describe(spec Spec, now time.Time) (period string, filters []string, err error) {
	loc, err := LoadZone(spec.Zone)
	if err != nil {
		return "", nil, err
	}
	from, to, ok, err := spec.Period(now)
	if err != nil {
		return "", nil, err
	}
	if ok {
		last := to.Add(-time.Millisecond).In(loc)
		f, l := from.In(loc), last
		if f.Equal(midnight(f)) && to.In(loc).Equal(midnight(to.In(loc))) {
			period = fmt.Sprintf("%s to %s", f.Format(time.DateOnly), l.Format(time.DateOnly))
		} else {
			period = fmt.Sprintf("%s to %s", f.Format("2006-01-02 15:04:05"), l.Format("2006-01-02 15:04:05"))
		}
		if from.Year() < 1900 {
			period = "up to " + l.Format("2006-01-02 15:04:05")
		} else if to.Year() > 2900 {
			period = "from " + f.Format("2006-01-02 15:04:05")
		}
		if spec.Preset != "" && spec.Preset != PresetCustom {
			period = strings.ReplaceAll(spec.Preset, "_", " ") + ": " + period
		}
	} else {
		period = "all time"
	}
	period += " (" + loc.String() + ")"
	list := func(name string, vs []string) {
		if vs = clean(vs); len(vs) > 0 {
			filters = append(filters, name+": "+strings.Join(vs, ", "))
		}
	}
	list("users", spec.Users)
	list("systems", spec.Systems)
	list("modules", spec.Modules)
	list("actions", spec.Actions)
	list("kinds", spec.Kinds)
	list("records", spec.Refs)
	list("IP addresses", spec.IPs)
	if s := strings.TrimSpace(spec.Search); s != "" {
		filters = append(filters, "search: "+s)
	}
	switch {
	case spec.MinAmount != "" && spec.MaxAmount != "":
		filters = append(filters, fmt.Sprintf("amount: %s to %s", spec.MinAmount, spec.MaxAmount))
	case spec.MinAmount != "":
		filters = append(filters, "amount: at least "+spec.MinAmount)
	case spec.MaxAmount != "":
		filters = append(filters, "amount: at most "+spec.MaxAmount)
	}
	list("currencies", spec.Currencies)
	if spec.IncludeOwn {
		filters = append(filters, "includes Trailbook's own events")
	}
	return period, filters, nil
}

// Document builds the export of spec: cover facts, summaries (by user, kind,
// day, money, flags) and the detail rows, streamed when written.
func (e *Engine) Document(ctx context.Context, spec Spec, title string) (export.Document, error) {
	c, err := e.prepare(ctx, spec)
	if err != nil {
		return export.Document{}, err
	}
	now := e.now()
	doc := export.Document{Title: title, Generated: now, Zone: c.loc, Columns: Columns(spec), Total: -1}
	if doc.Title == "" {
		doc.Title = "Activity report"
	}
	if doc.Period, doc.Filters, err = Describe(spec, now); err != nil {
		return doc, err
	}
	if doc.Total, err = e.count(ctx, c); err != nil {
		return doc, err
	}
	batches, err := e.st.Batches(ctx)
	if err != nil {
		return doc, err
	}
	files := map[int64]string{}
	for _, b := range batches {
		files[b.ID] = b.FileName
	}
	if doc.Sources, err = e.sources(ctx, c, batches); err != nil {
		return doc, err
	}
	st, err := e.st.Stats(ctx)
	if err != nil {
		return doc, err
	}
	doc.Integrity = integrity(st.LastVerify, c.loc)
	if doc.Summaries, err = e.summaryTables(ctx, spec); err != nil {
		return doc, err
	}
	cols := doc.Columns
	doc.Rows = func(ctx context.Context, yield func(export.Row) error) error {
		return e.each(ctx, c, func(ev activity.Event) error {
			return yield(RowOf(&ev, cols, files))
		})
	}
	return doc, nil
}

func integrity(v *store.VerifyRecord, loc *time.Location) string {
	if v == nil {
		return "not verified yet (run verify before handing out the report)"
	}
	at := v.At.In(loc).Format("2006-01-02 15:04")
	if v.OK {
		return fmt.Sprintf("chain intact, %d events verified on %s", v.Events, at)
	}
	return fmt.Sprintf("CHAIN BROKEN at the verification on %s: %s", at, v.Problem)
}

// sources lists the imported files behind the selected events, with their row counts.
func (e *Engine) sources(ctx context.Context, c *compiled, batches []store.Batch) ([]export.Source, error) {
	rows, err := e.st.DB().QueryContext(ctx, `SELECT coalesce(e.batch_id, 0), count(*) FROM events e WHERE `+c.whereSQL()+` GROUP BY 1`, c.args...)
	if err != nil {
		return nil, fmt.Errorf("sources: %w", err)
	}
	defer rows.Close()
	n := map[int64]int64{}
	for rows.Next() {
		var id, k int64
		if err := rows.Scan(&id, &k); err != nil {
			return nil, err
		}
		n[id] = k
	}
	var out []export.Source
	for i := len(batches) - 1; i >= 0; i-- {
		b := batches[i]
		if n[b.ID] > 0 {
			out = append(out, export.Source{File: b.FileName, SHA256: b.SHA256, Profile: b.Profile, Rows: n[b.ID], ImportedAt: b.ImportedAt})
		}
	}
	return out, rows.Err()
}

// summaryTables are the summary sheets of an export.
func (e *Engine) summaryTables(ctx context.Context, spec Spec) ([]export.Table, error) {
	countCols := func(title string) []export.Column {
		return []export.Column{{Key: "key", Title: title, Width: 30}, {Key: "count", Title: "Events", Type: export.Integer, Width: 12}}
	}
	var out []export.Table
	for _, s := range []struct{ name, by, title string }{
		{"By user", ByUser, "User"}, {"By kind", ByKind, "Kind"}, {"By day", ByDay, "Day"},
	} {
		counts, err := e.Summary(ctx, spec, s.by)
		if err != nil {
			return nil, err
		}
		t := export.Table{Name: s.name, Columns: countCols(s.title)}
		if s.by == ByUser {
			t.Columns = append(t.Columns[:1], export.Column{Key: "name", Title: "Name", Width: 24}, t.Columns[1])
		}
		for _, c := range counts {
			if s.by == ByUser {
				t.Rows = append(t.Rows, export.Row{c.Key, c.Label, c.Count})
			} else {
				t.Rows = append(t.Rows, export.Row{c.Key, c.Count})
			}
		}
		if s.by == ByDay {
			t.Chart = &export.Chart{Title: "Events per day", Category: 0, Value: 1}
		}
		out = append(out, t)
	}
	money, err := e.Money(ctx, spec)
	if err != nil {
		return nil, err
	}
	mt := export.Table{Name: "Money", Columns: []export.Column{
		{Key: "currency", Title: "Currency", Width: 9}, {Key: "user", Title: "User (blank: all)", Width: 28},
		{Key: "payments", Title: "Payments", Type: export.Integer}, {Key: "paid", Title: "Paid", Type: export.Amount, Width: 14},
		{Key: "refunds", Title: "Refunds", Type: export.Integer}, {Key: "refunded", Title: "Refunded", Type: export.Amount, Width: 14},
		{Key: "net", Title: "Net", Type: export.Amount, Width: 14},
	}}
	for _, r := range append(money.ByCurrency, money.ByUser...) {
		mt.Rows = append(mt.Rows, export.Row{r.Currency, r.User, r.Payments, export.Micros(r.Paid.Micros), r.Refunds, export.Micros(r.Refunded.Micros), export.Micros(r.Net.Micros)})
	}
	out = append(out, mt)
	flags, err := e.Flags(ctx, spec, FlagRules{})
	if err != nil {
		return nil, err
	}
	ft := export.Table{Name: "Flags", Columns: []export.Column{
		{Key: "rule", Title: "Rule", Width: 24}, {Key: "user", Title: "User", Width: 28}, {Key: "detail", Title: "Finding", Width: 40},
		{Key: "first", Title: "First", Type: export.Time, Width: 20}, {Key: "last", Title: "Last", Type: export.Time, Width: 20},
		{Key: "count", Title: "Events", Type: export.Integer}, {Key: "event_ids", Title: "Event ids", Width: 30},
		{Key: "rule_text", Title: "Rule in words", Width: 50},
	}}
	for _, f := range flags {
		ids := make([]string, 0, len(f.EventIDs))
		for i, id := range f.EventIDs {
			if i == 50 {
				ids = append(ids, "...")
				break
			}
			ids = append(ids, fmt.Sprint(id))
		}
		ft.Rows = append(ft.Rows, export.Row{f.Rule, f.User, f.Detail, f.First, f.Last, f.Count, strings.Join(ids, " "), f.RuleText})
	}
	out = append(out, ft)
	return out, nil
}
