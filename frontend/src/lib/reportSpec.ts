// Filter state of the report builder <-> report Spec (the Go contract) <-> URL hash.
// The state is the Spec with every field present, so forms never juggle undefined; the Spec
// sent to Go and written to the URL carries only what is set, which keeps links short and
// saved reports readable.
import { COLUMNS, DEFAULT_COLUMNS, type Column, type EventRow, type ReportSpec } from '../api/report';

export interface FilterState {
  preset: string;
  from: string;
  to: string;
  zone: string;
  users: string[];
  systems: string[];
  modules: string[];
  actions: string[];
  kinds: string[];
  refs: string[];
  ips: string[];
  search: string;
  min_amount: string;
  max_amount: string;
  currencies: string[];
  include_own: boolean;
  sort: string;
  asc: boolean;
  columns: string[];
}

export const LIST_KEYS = [
  'users',
  'systems',
  'modules',
  'actions',
  'kinds',
  'refs',
  'ips',
  'currencies',
  'columns',
] as const satisfies readonly (keyof FilterState)[];
type ListKey = (typeof LIST_KEYS)[number];

export const TEXT_KEYS = ['preset', 'from', 'to', 'zone', 'search', 'min_amount', 'max_amount', 'sort'] as const satisfies readonly (keyof FilterState)[];
type TextKey = (typeof TEXT_KEYS)[number];

const BOOL_KEYS = ['include_own', 'asc'] as const satisfies readonly (keyof FilterState)[];

export function emptyFilters(): FilterState {
  return {
    preset: '',
    from: '',
    to: '',
    zone: '',
    users: [],
    systems: [],
    modules: [],
    actions: [],
    kinds: [],
    refs: [],
    ips: [],
    search: '',
    min_amount: '',
    max_amount: '',
    currencies: [],
    include_own: false,
    sort: '',
    asc: false,
    columns: [],
  };
}

/** Trims, drops empties and duplicates, keeps the order people chose. */
function cleanList(v: readonly string[] | undefined): string[] {
  const out: string[] = [];
  for (const s of v ?? []) {
    const t = s.trim();
    if (t && !out.includes(t)) out.push(t);
  }
  return out;
}

/** The Spec Go receives: only the fields that filter, sort or choose columns. */
export function toSpec(f: FilterState): ReportSpec {
  const spec: ReportSpec = {};
  for (const k of TEXT_KEYS) {
    const v = f[k].trim();
    if (v) spec[k] = v;
  }
  // A range only means something with the custom preset (or none); a named preset wins.
  if (spec.preset && spec.preset !== 'custom') {
    delete spec.from;
    delete spec.to;
  }
  if (spec.preset === 'custom' && !spec.from && !spec.to) delete spec.preset;
  for (const k of LIST_KEYS) {
    const v = cleanList(f[k]);
    if (v.length) spec[k] = v;
  }
  if (spec.columns && sameList(spec.columns, DEFAULT_COLUMNS)) delete spec.columns;
  for (const k of BOOL_KEYS) if (f[k]) spec[k] = true;
  return spec;
}

export function fromSpec(spec: ReportSpec | null | undefined): FilterState {
  const f = emptyFilters();
  if (!spec) return f;
  for (const k of TEXT_KEYS) {
    const v = spec[k];
    if (typeof v === 'string') f[k] = v;
  }
  for (const k of LIST_KEYS) {
    const v = spec[k];
    if (Array.isArray(v)) f[k] = cleanList(v.filter((s): s is string => typeof s === 'string'));
  }
  for (const k of BOOL_KEYS) f[k] = spec[k] === true;
  return f;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** A stable key of the filtering part of a spec: equal keys give equal rows (columns aside). */
export function specKey(spec: ReportSpec): string {
  const { columns: _columns, ...rest } = spec;
  void _columns;
  const ordered: Record<string, unknown> = {};
  for (const k of Object.keys(rest).sort()) ordered[k] = rest[k as keyof typeof rest];
  return JSON.stringify(ordered);
}

/**
 * URL query text of a spec: one parameter per field, repeated for lists (a user name may hold
 * a comma), booleans as 1. Unknown parameters are ignored on the way back.
 */
export function specToQuery(spec: ReportSpec): string {
  const p = new URLSearchParams();
  for (const k of TEXT_KEYS) {
    const v = spec[k];
    if (v) p.set(k, v);
  }
  for (const k of LIST_KEYS) for (const v of spec[k] ?? []) p.append(k, v);
  for (const k of BOOL_KEYS) if (spec[k]) p.set(k, '1');
  return p.toString();
}

export function specFromQuery(query: string): ReportSpec {
  const p = new URLSearchParams(query.startsWith('?') ? query.slice(1) : query);
  const f = emptyFilters();
  for (const k of TEXT_KEYS) f[k as TextKey] = p.get(k) ?? '';
  for (const k of LIST_KEYS) f[k as ListKey] = p.getAll(k);
  for (const k of BOOL_KEYS) f[k] = p.get(k) === '1' || p.get(k) === 'true';
  return toSpec(f);
}

/** The view part of a location hash: "#/events?users=ana" -> { view: "events", query: "users=ana" }. */
export function parseHash(hash: string): { view: string; spec: ReportSpec } {
  const h = hash.replace(/^#\/?/, '');
  const q = h.indexOf('?');
  const view = (q < 0 ? h : h.slice(0, q)).replace(/\/+$/, '');
  return { view, spec: q < 0 ? {} : specFromQuery(h.slice(q + 1)) };
}

export function buildHash(view: string, spec: ReportSpec): string {
  const q = specToQuery(spec);
  return `#/${view}${q ? `?${q}` : ''}`;
}

/** The columns a spec shows, in order, with unknown names dropped. */
export function specColumns(spec: ReportSpec): Column[] {
  const known = new Set<string>(COLUMNS);
  const cols = (spec.columns ?? []).filter((c): c is Column => known.has(c));
  return cols.length ? cols : [...DEFAULT_COLUMNS];
}

/** Clicking a sortable header: a new column sorts its natural way, the same column flips. */
export function toggleSort(f: FilterState, column: string): FilterState {
  const current = f.sort || 'time';
  if (current === column) return { ...f, asc: !f.asc };
  // Time starts newest first; text columns read best A..Z.
  return { ...f, sort: column === 'time' ? '' : column, asc: column !== 'time' };
}

/** How many filters narrow the rows (for the "clear filters" badge). */
export function activeFilterCount(f: FilterState): number {
  const spec = toSpec(f);
  let n = 0;
  if (spec.preset || spec.from || spec.to) n++;
  for (const k of ['users', 'systems', 'modules', 'actions', 'kinds', 'refs', 'ips', 'currencies'] as const) {
    if (spec[k]) n++;
  }
  if (spec.search) n++;
  if (spec.min_amount || spec.max_amount) n++;
  return n;
}

/** Keeps the view settings (zone, columns, own events) and drops every filter. */
export function clearFilters(f: FilterState): FilterState {
  return { ...emptyFilters(), zone: f.zone, columns: f.columns, include_own: f.include_own };
}

/** The user an event is filed under: email when the vendor gave one, then id, then name. */
export function eventUser(e: Pick<EventRow, 'actor_email' | 'actor_id' | 'actor_name'>): string {
  return e.actor_email || e.actor_id || e.actor_name || '';
}

/** "History of this record": every event on the same reference, all time. */
export function historyOfRecord(f: FilterState, e: EventRow): FilterState | null {
  const ref = e.target_ref || e.related_ref || e.target_id;
  if (!ref) return null;
  return { ...clearFilters(f), refs: [ref], include_own: f.include_own };
}

/** "This user's activity around this time": the same user, one hour either side. */
export function userAroundTime(f: FilterState, e: EventRow, windowMs = 3_600_000): FilterState | null {
  const user = eventUser(e);
  const at = Date.parse(e.occurred_at);
  if (!user || Number.isNaN(at)) return null;
  const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
  return {
    ...clearFilters(f),
    users: [user],
    preset: 'custom',
    from: iso(at - windowMs),
    to: iso(at + windowMs),
    sort: '',
    asc: true,
  };
}

/** Adds one value to a list filter (a click on a chart bar), replacing the period when given. */
export function withValue(f: FilterState, key: Exclude<ListKey, 'columns'>, value: string): FilterState {
  return { ...f, [key]: f[key].includes(value) ? f[key] : [...f[key], value] };
}

/** Narrows the period to one local day (YYYY-MM-DD), as a click on the timeline does. */
export function withDay(f: FilterState, day: string): FilterState {
  return { ...f, preset: 'custom', from: day, to: day };
}

/** Kinds behind a flag rule, where the rule is about one kind of activity. */
const FLAG_KINDS: Record<string, string[]> = {
  delete_burst: ['delete'],
  failed_logins_then_success: ['login_failed', 'login'],
};

/**
 * The events behind a security flag as filters: that user, from the flag's first to its last
 * event, and the rule's kinds. For time-of-day rules the window can also hold the user's
 * ordinary events in between; the table shows them all, the flag counts the flagged ones.
 */
export function flagFilters(
  f: FilterState,
  flag: { rule: string; user: string; first: string; last: string },
): FilterState {
  const iso = (s: string) => {
    const t = Date.parse(s);
    return Number.isNaN(t) ? '' : new Date(t).toISOString().replace('.000Z', 'Z');
  };
  return {
    ...clearFilters(f),
    users: flag.user ? [flag.user] : [],
    kinds: FLAG_KINDS[flag.rule] ?? [],
    preset: 'custom',
    from: iso(flag.first),
    to: iso(flag.last),
    asc: true,
  };
}
