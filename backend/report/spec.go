// Package report turns a report spec (filters, sort, columns) into events,
// summaries and security flags over one workspace store.
package report

// Spec is one report: the filters every face (desktop, CLI, HTTP) builds, the
// sort and the detail columns. The zero Spec selects every imported event,
// newest first. JSON names are the contract with the UI and saved reports.
type Spec struct {
	// Period. Preset is one of the Preset* names, or "" / "custom" for From/To.
	// From and To are a date (2024-03-01) or a local date-time (2024-03-01T08:00)
	// read in Zone, or an RFC 3339 instant; To is inclusive (a date means the
	// whole day).
	Preset string `json:"preset,omitempty"`
	From   string `json:"from,omitempty"`
	To     string `json:"to,omitempty"`
	// Zone is the display zone (IANA name) for the period, presets, day/hour
	// summaries, working hours and exported times. "" means UTC.
	Zone string `json:"zone,omitempty"`

	// Each list matches any of its values; lists combine with AND.
	// Users match actor id, name or email (case-insensitive, exact).
	Users   []string `json:"users,omitempty"`
	Systems []string `json:"systems,omitempty"`
	Modules []string `json:"modules,omitempty"`
	Actions []string `json:"actions,omitempty"`
	Kinds   []string `json:"kinds,omitempty"`
	// Refs match the target or related record reference, case-insensitively.
	Refs []string `json:"refs,omitempty"`
	// IPs are addresses or CIDR ranges (IPv4 and IPv6).
	IPs []string `json:"ips,omitempty"`
	// Search is a keyword search over descriptions, labels, comments and
	// references; a word ending in * is a prefix.
	Search string `json:"search,omitempty"`
	// MinAmount and MaxAmount are exact decimals ("10", "99.95"), inclusive.
	MinAmount  string   `json:"min_amount,omitempty"`
	MaxAmount  string   `json:"max_amount,omitempty"`
	Currencies []string `json:"currencies,omitempty"`
	// IncludeOwn adds Trailbook's own events (system "trailbook"); a Systems
	// filter naming "trailbook" does too.
	IncludeOwn bool `json:"include_own,omitempty"`

	// Sort is a column name (Column*); "" is time. Asc reverses the default
	// newest-first order.
	Sort string `json:"sort,omitempty"`
	Asc  bool   `json:"asc,omitempty"`
	// Columns chosen for the detail table and exports; empty means DefaultColumns.
	Columns []string `json:"columns,omitempty"`
}

// Period presets, evaluated in the spec's Zone at the time the report runs.
const (
	PresetToday       = "today"
	PresetYesterday   = "yesterday"
	PresetLast7Days   = "last_7_days"  // today and the six days before
	PresetLast30Days  = "last_30_days" // today and the 29 days before
	PresetThisMonth   = "this_month"
	PresetLastMonth   = "last_month"
	PresetThisQuarter = "this_quarter"
	PresetCustom      = "custom"
)

// Detail columns, by their JSON names in an exported or listed event.
const (
	ColumnTime        = "time"
	ColumnUser        = "user"
	ColumnEmail       = "email"
	ColumnIP          = "ip"
	ColumnSystem      = "system"
	ColumnModule      = "module"
	ColumnAction      = "action"
	ColumnKind        = "kind"
	ColumnMeaning     = "meaning"
	ColumnTargetType  = "target_type"
	ColumnTargetRef   = "target_ref"
	ColumnTargetName  = "target_name"
	ColumnRelatedRef  = "related_ref"
	ColumnAmount      = "amount"
	ColumnCurrency    = "currency"
	ColumnDescription = "description"
	ColumnChanges     = "changes"
	ColumnSource      = "source" // file:line
	ColumnID          = "id"
)

// DefaultColumns are the detail columns of a spec that names none.
var DefaultColumns = []string{
	ColumnTime, ColumnUser, ColumnIP, ColumnSystem, ColumnModule, ColumnAction,
	ColumnKind, ColumnTargetRef, ColumnAmount, ColumnCurrency, ColumnDescription,
}
