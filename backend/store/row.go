package store

import (
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/uptrace/bun"

	"trailbook/backend/activity"
)

// evRow is one event as stored: the exact column values, so the bound
// arguments and the chained digest are computed from the same thing.
type evRow struct {
	id          int64
	at          int64
	sourceTime  string
	sourceZone  string
	actorID     string
	actorName   string
	actorEmail  string
	actorComp   string
	ip          string
	actorKey    string
	system      string
	module      string
	action      string
	kind        string
	meaning     string
	meaningID   int64 // its id in the meanings table; 0 for none
	targetType  string
	targetID    string
	targetRef   string
	targetName  string
	relatedRef  string
	amount      int64
	hasAmount   bool
	currency    string
	cycles      int64
	hasCycles   bool
	description string
	changes     string // JSON; "" stores NULL
	extra       string // JSON; "" stores NULL
	warnings    string // JSON; "" stores NULL
	batchID     int64  // 0 stores NULL
	line        int64
	hash        [32]byte
	chain       [32]byte

	// import bookkeeping
	key      uint64 // content key for counting identical events
	occ      int    // occurrence number the hash was computed with
	recheck  bool   // may repeat an event read before the file's order broke
	rehashed bool   // hash changed after its arguments were written
	orig     *activity.Event
}

// insertColumns is the events column list of the insert statement: the meaning
// is written as its id (see 0004_meanings.sql).
func insertColumns() []string {
	cols := append([]string{"id"}, chainedColumns...)
	cols[1+indexOf(chainedColumns, "meaning")] = "meaning_id"
	return append(cols, "chain")
}

// paramsPerRow is how many placeholders one inserted row takes.
var paramsPerRow = len(chainedColumns) + 2

// rowPlaceholders is one row of the insert's VALUES list. NOT NULL text columns
// take ifnull(?, ”): an empty string is bound as NULL, which the driver binds
// without copying anything.
func rowPlaceholders() string {
	ph := make([]string, 0, paramsPerRow)
	for _, c := range insertColumns() {
		if notNullText[c] {
			ph = append(ph, "ifnull(?, '')")
		} else {
			ph = append(ph, "?")
		}
	}
	return "(" + strings.Join(ph, ", ") + ")"
}

// notNullText are the NOT NULL DEFAULT ” text columns of events.
var notNullText = map[string]bool{
	"source_time": true, "source_zone": true, "actor_id": true, "actor_name": true, "actor_email": true,
	"actor_company": true, "ip": true, "actor_key": true, "system": true, "module": true, "action": true,
	"kind": true, "target_type": true, "target_id": true, "target_ref": true,
	"target_name": true, "related_ref": true, "currency": true, "description": true,
}

func rowFromEvent(e *activity.Event, batchID int64) evRow {
	r := evRow{
		at:          e.OccurredAt.UnixMilli(),
		sourceTime:  e.SourceTime,
		sourceZone:  e.SourceZone,
		actorID:     e.ActorID,
		actorName:   e.ActorName,
		actorEmail:  e.ActorEmail,
		actorComp:   e.ActorCompany,
		ip:          e.IP,
		actorKey:    actorKey(e.ActorEmail, e.ActorID, e.ActorName),
		system:      e.System,
		module:      e.Module,
		action:      e.Action,
		kind:        string(e.Kind),
		meaning:     e.Meaning,
		targetType:  e.TargetType,
		targetID:    e.TargetID,
		targetRef:   e.TargetRef,
		targetName:  e.TargetName,
		relatedRef:  e.RelatedRef,
		currency:    e.Currency,
		description: e.Description,
		batchID:     batchID,
		line:        e.Line,
	}
	if e.Amount != nil {
		r.amount, r.hasAmount = e.Amount.Micros, true
	}
	if e.BillingCycles != nil {
		r.cycles, r.hasCycles = *e.BillingCycles, true
	}
	var buf []byte
	if len(e.Changes) > 0 {
		buf = appendChangesJSON(buf[:0], e.Changes)
		r.changes = string(buf)
	}
	if len(e.Extra) > 0 {
		buf = appendMapJSON(buf[:0], e.Extra)
		r.extra = string(buf)
	}
	if len(e.Warnings) > 0 {
		buf = appendStringsJSON(buf[:0], e.Warnings)
		r.warnings = string(buf)
	}
	return r
}

// event rebuilds the domain event (used to recompute a content hash).
func (r *evRow) event() (activity.Event, error) {
	e := activity.Event{
		ID:           r.id,
		OccurredAt:   time.UnixMilli(r.at).UTC(),
		SourceTime:   r.sourceTime,
		SourceZone:   r.sourceZone,
		ActorID:      r.actorID,
		ActorName:    r.actorName,
		ActorEmail:   r.actorEmail,
		ActorCompany: r.actorComp,
		IP:           r.ip,
		System:       r.system,
		Module:       r.module,
		Action:       r.action,
		Kind:         activity.Kind(r.kind),
		Meaning:      r.meaning,
		TargetType:   r.targetType,
		TargetID:     r.targetID,
		TargetRef:    r.targetRef,
		TargetName:   r.targetName,
		RelatedRef:   r.relatedRef,
		Currency:     r.currency,
		Description:  r.description,
		BatchID:      r.batchID,
		Line:         r.line,
	}
	if r.hasAmount {
		e.Amount = &activity.Amount{Micros: r.amount}
	}
	if r.hasCycles {
		c := r.cycles
		e.BillingCycles = &c
	}
	if err := unmarshalJSON(r.changes, &e.Changes); err != nil {
		return e, fmt.Errorf("changes: %w", err)
	}
	if err := unmarshalJSON(r.extra, &e.Extra); err != nil {
		return e, fmt.Errorf("extra: %w", err)
	}
	if err := unmarshalJSON(r.warnings, &e.Warnings); err != nil {
		return e, fmt.Errorf("warnings: %w", err)
	}
	return e, nil
}

func unmarshalJSON(s string, v any) error {
	if s == "" {
		return nil
	}
	return json.Unmarshal([]byte(s), v)
}

// computeChain sets r.chain from prev and the row's values (r.id must be set).
func (r *evRow) computeChain(c *chainer, prev []byte) {
	c.start(prev, r.id)
	c.int(r.at)
	c.text(r.sourceTime)
	c.text(r.sourceZone)
	c.text(r.actorID)
	c.text(r.actorName)
	c.text(r.actorEmail)
	c.text(r.actorComp)
	c.text(r.ip)
	c.text(r.actorKey)
	c.text(r.system)
	c.text(r.module)
	c.text(r.action)
	c.text(r.kind)
	c.text(r.meaning)
	c.text(r.targetType)
	c.text(r.targetID)
	c.text(r.targetRef)
	c.text(r.targetName)
	c.text(r.relatedRef)
	if r.hasAmount {
		c.int(r.amount)
	} else {
		c.null()
	}
	c.text(r.currency)
	if r.hasCycles {
		c.int(r.cycles)
	} else {
		c.null()
	}
	c.text(r.description)
	nullText(c, r.changes)
	nullText(c, r.extra)
	nullText(c, r.warnings)
	if r.batchID != 0 {
		c.int(r.batchID)
	} else {
		c.null()
	}
	c.int(r.line)
	c.blob(r.hash[:])
	r.chain = c.sum()
}

func nullText(c *chainer, s string) {
	if s == "" {
		c.null()
	} else {
		c.text(s)
	}
}

// putArgs writes the row's insert arguments (insertColumns order) into a,
// which must have paramsPerRow elements.
func (r *evRow) putArgs(a []driver.NamedValue) {
	a[0].Value = r.id
	r.putValues(a)
	a[30].Value = r.chain[:]
}

// putValues writes every argument but the id and the chain value, which are
// only known once the row is to be written.
func (r *evRow) putValues(a []driver.NamedValue) {
	a[1].Value = r.at
	a[2].Value = nullString(r.sourceTime)
	a[3].Value = nullString(r.sourceZone)
	a[4].Value = nullString(r.actorID)
	a[5].Value = nullString(r.actorName)
	a[6].Value = nullString(r.actorEmail)
	a[7].Value = nullString(r.actorComp)
	a[8].Value = nullString(r.ip)
	a[9].Value = nullString(r.actorKey)
	a[10].Value = nullString(r.system)
	a[11].Value = nullString(r.module)
	a[12].Value = nullString(r.action)
	a[13].Value = nullString(r.kind)
	a[14].Value = nullInt(r.meaningID, r.meaningID != 0)
	a[15].Value = nullString(r.targetType)
	a[16].Value = nullString(r.targetID)
	a[17].Value = nullString(r.targetRef)
	a[18].Value = nullString(r.targetName)
	a[19].Value = nullString(r.relatedRef)
	a[20].Value = nullInt(r.amount, r.hasAmount)
	a[21].Value = nullString(r.currency)
	a[22].Value = nullInt(r.cycles, r.hasCycles)
	a[23].Value = nullString(r.description)
	a[24].Value = nullString(r.changes)
	a[25].Value = nullString(r.extra)
	a[26].Value = nullString(r.warnings)
	a[27].Value = nullInt(r.batchID, r.batchID != 0)
	a[28].Value = r.line
	a[29].Value = r.hash[:]
}

// A row as trailbook_rows reads it: the id, the chained values (the meaning as
// text, which the insert leaves out), the meaning id, the chain value.
var (
	bulkMeaningID = 1 + len(chainedColumns)
	bulkChain     = bulkMeaningID + 1
	bulkCols      = byte(bulkChain + 1)
)

// appendBulkRow appends r for trailbook_rows; digest is its chained values as
// computeChain encoded them.
func appendBulkRow(b []byte, r *evRow, digest []byte) []byte {
	c := chainer{buf: b}
	c.int(r.id)
	c.buf = append(c.buf, digest...)
	if r.meaningID != 0 {
		c.int(r.meaningID)
	} else {
		c.null()
	}
	c.blob(r.chain[:])
	return c.buf
}

// Positions of the values the writer sets in a row's arguments.
const (
	argID    = 0
	argHash  = 29
	argChain = 30
)

func nullInt(v int64, ok bool) driver.Value {
	if !ok {
		return nil
	}
	return v
}

func nullString(s string) driver.Value {
	if s == "" {
		return nil
	}
	return s
}

// eventRecord is an events row as ScanEvents reads it.
type eventRecord struct {
	bun.BaseModel `bun:"table:events"`

	ID            int64          `bun:"id,pk"`
	OccurredAt    int64          `bun:"occurred_at"`
	SourceTime    string         `bun:"source_time"`
	SourceZone    string         `bun:"source_zone"`
	ActorID       string         `bun:"actor_id"`
	ActorName     string         `bun:"actor_name"`
	ActorEmail    string         `bun:"actor_email"`
	ActorCompany  string         `bun:"actor_company"`
	IP            string         `bun:"ip"`
	ActorKey      string         `bun:"actor_key"`
	System        string         `bun:"system"`
	Module        string         `bun:"module"`
	Action        string         `bun:"action"`
	Kind          string         `bun:"kind"`
	Meaning       string         `bun:"meaning"`
	TargetType    string         `bun:"target_type"`
	TargetID      string         `bun:"target_id"`
	TargetRef     string         `bun:"target_ref"`
	TargetName    string         `bun:"target_name"`
	RelatedRef    string         `bun:"related_ref"`
	AmountMicros  sql.NullInt64  `bun:"amount_micros"`
	Currency      string         `bun:"currency"`
	BillingCycles sql.NullInt64  `bun:"billing_cycles"`
	Description   string         `bun:"description"`
	Changes       sql.NullString `bun:"changes"`
	Extra         sql.NullString `bun:"extra"`
	Warnings      sql.NullString `bun:"warnings"`
	BatchID       sql.NullInt64  `bun:"batch_id"`
	Line          int64          `bun:"line"`
	RowHash       []byte         `bun:"row_hash"`
	Chain         []byte         `bun:"chain"`
}

func (rec *eventRecord) event() (activity.Event, error) {
	r := evRow{
		id: rec.ID, at: rec.OccurredAt,
		sourceTime: rec.SourceTime, sourceZone: rec.SourceZone,
		actorID: rec.ActorID, actorName: rec.ActorName, actorEmail: rec.ActorEmail, actorComp: rec.ActorCompany, ip: rec.IP, actorKey: rec.ActorKey,
		system: rec.System, module: rec.Module, action: rec.Action, kind: rec.Kind, meaning: rec.Meaning,
		targetType: rec.TargetType, targetID: rec.TargetID, targetRef: rec.TargetRef, targetName: rec.TargetName, relatedRef: rec.RelatedRef,
		amount: rec.AmountMicros.Int64, hasAmount: rec.AmountMicros.Valid,
		currency: rec.Currency,
		cycles:   rec.BillingCycles.Int64, hasCycles: rec.BillingCycles.Valid,
		description: rec.Description,
		changes:     rec.Changes.String, extra: rec.Extra.String, warnings: rec.Warnings.String,
		batchID: rec.BatchID.Int64, line: rec.Line,
	}
	e, err := r.event()
	if err != nil {
		return e, fmt.Errorf("event %d: %w", rec.ID, err)
	}
	return e, nil
}

// JSON encoders for the three JSON columns. They write what encoding/json
// writes (without HTML escaping), with sorted map keys, a good deal faster.

func appendChangesJSON(b []byte, cs []activity.Change) []byte {
	b = append(b, '[')
	for i, c := range cs {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"field":`...)
		b = appendJSONString(b, c.Field)
		b = append(b, `,"old":`...)
		b = appendJSONString(b, c.Old)
		b = append(b, `,"new":`...)
		b = appendJSONString(b, c.New)
		b = append(b, '}')
	}
	return append(b, ']')
}

func appendMapJSON(b []byte, m map[string]string) []byte {
	var small [16]string
	keys := small[:0]
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	b = append(b, '{')
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, k)
		b = append(b, ':')
		b = appendJSONString(b, m[k])
	}
	return append(b, '}')
}

func appendStringsJSON(b []byte, ss []string) []byte {
	b = append(b, '[')
	for i, s := range ss {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, s)
	}
	return append(b, ']')
}

const hexDigits = "0123456789abcdef"

// appendJSONString quotes s like encoding/json with HTML escaping off: invalid
// UTF-8 becomes U+FFFD, U+2028/U+2029 are escaped.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// actorKey identifies a user within a system: the email, else the actor id, else
// the name, lower-cased the way SQLite's lower() does it (ASCII only), so it
// equals lower(coalesce(nullif(actor_email,”), nullif(actor_id,”), actor_name)).
func actorKey(email, id, name string) string {
	k := name
	switch {
	case email != "":
		k = email
	case id != "":
		k = id
	}
	for i := 0; i < len(k); i++ {
		if c := k[i]; 'A' <= c && c <= 'Z' {
			b := []byte(k)
			for j := i; j < len(b); j++ {
				if 'A' <= b[j] && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return k
}
