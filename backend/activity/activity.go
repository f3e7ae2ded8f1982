// Package activity is Trailbook's domain: one normalized user-activity event,
// the fixed vocabulary of kinds, and exact money amounts. It does no I/O.
package activity

import (
	"crypto/sha256"
	"encoding/binary"
	"sort"
	"time"
)

// OwnSystem is the system name of Trailbook's own actions (imports, verifications, purges ...).
const OwnSystem = "trailbook"

// Event is one activity: who did what, when, from where, to which record.
type Event struct {
	ID int64 `json:"id"`

	// When. OccurredAt is a UTC instant; SourceTime is the text as the vendor wrote it and
	// SourceZone the zone it was read in.
	OccurredAt time.Time `json:"occurred_at"`
	SourceTime string    `json:"source_time,omitempty"`
	SourceZone string    `json:"source_zone,omitempty"`

	// Who.
	ActorID      string `json:"actor_id,omitempty"`
	ActorName    string `json:"actor_name,omitempty"`
	ActorEmail   string `json:"actor_email,omitempty"`
	ActorCompany string `json:"actor_company,omitempty"`
	IP           string `json:"ip,omitempty"`

	// What. System is the vendor system (a profile's system), Module its module or category,
	// Action the raw action as the vendor wrote it, Kind the normalized kind, Meaning the
	// vendor's own definition of the activity where the profile has one.
	System  string `json:"system"`
	Module  string `json:"module,omitempty"`
	Action  string `json:"action"`
	Kind    Kind   `json:"kind"`
	Meaning string `json:"meaning,omitempty"`

	// On what. TargetRef is the record reference people search for (an order number, BOK-10234);
	// RelatedRef a second reference the row carries (the subscription of an order).
	TargetType string `json:"target_type,omitempty"`
	TargetID   string `json:"target_id,omitempty"`
	TargetRef  string `json:"target_ref,omitempty"`
	TargetName string `json:"target_name,omitempty"`
	RelatedRef string `json:"related_ref,omitempty"`

	// Money.
	Amount        *Amount `json:"amount,omitempty"`
	Currency      string  `json:"currency,omitempty"`
	BillingCycles *int64  `json:"billing_cycles,omitempty"`

	// Detail.
	Description string            `json:"description,omitempty"`
	Changes     []Change          `json:"changes,omitempty"`
	Extra       map[string]string `json:"extra,omitempty"`
	Warnings    []string          `json:"warnings,omitempty"`

	// Provenance: the import batch and the source line (1-based, the line the record starts on).
	BatchID int64 `json:"batch_id,omitempty"`
	Line    int64 `json:"line,omitempty"`
}

// Change is one changed field of a record. Secret values are stored masked.
type Change struct {
	Field string `json:"field"`
	Old   string `json:"old"`
	New   string `json:"new"`
}

// Person is an entry of the people directory, built from user lists (rosters).
type Person struct {
	Email    string            `json:"email"`
	UserID   string            `json:"user_id,omitempty"`
	Name     string            `json:"name,omitempty"`
	Company  string            `json:"company,omitempty"`
	Title    string            `json:"title,omitempty"`
	Location string            `json:"location,omitempty"`
	Tags     []string          `json:"tags,omitempty"`
	EndDate  string            `json:"end_date,omitempty"` // YYYY-MM-DD when the roster has one
	Extra    map[string]string `json:"extra,omitempty"`
}

// ContentHash identifies an event by what it says, not where it was read from: the same
// activity exported twice (a re-import, overlapping exports) has the same hash. Occurrence
// tells apart identical events within one file: the n-th identical line gets n.
// Provenance (batch, line, id) and warnings are deliberately left out.
func (e *Event) ContentHash(occurrence int) [32]byte {
	h := sha256.New()
	var buf [8]byte
	binary.BigEndian.PutUint64(buf[:], uint64(e.OccurredAt.UnixMilli()))
	h.Write(buf[:])
	binary.BigEndian.PutUint64(buf[:], uint64(occurrence))
	h.Write(buf[:])
	field := func(s string) {
		binary.BigEndian.PutUint64(buf[:], uint64(len(s)))
		h.Write(buf[:])
		h.Write([]byte(s))
	}
	for _, s := range []string{
		e.SourceTime, e.ActorID, e.ActorName, e.ActorEmail, e.ActorCompany, e.IP,
		e.System, e.Module, e.Action, string(e.Kind),
		e.TargetType, e.TargetID, e.TargetRef, e.TargetName, e.RelatedRef,
		e.Amount.String(), e.Currency, e.Description,
	} {
		field(s)
	}
	if e.BillingCycles != nil {
		binary.BigEndian.PutUint64(buf[:], uint64(*e.BillingCycles))
		h.Write(buf[:])
	} else {
		field("")
	}
	for _, c := range e.Changes {
		field(c.Field)
		field(c.Old)
		field(c.New)
	}
	field("|")
	keys := make([]string, 0, len(e.Extra))
	for k := range e.Extra {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		field(k)
		field(e.Extra[k])
	}
	var out [32]byte
	h.Sum(out[:0])
	return out
}
