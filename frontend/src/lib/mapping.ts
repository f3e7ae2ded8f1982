// The column-mapping editor as data: which column fills which event field, how the time column
// is read, and whether the mapping is complete enough to preview, save and import.
import type { ImportFile, PreviewEvent, ProfileInfo, SuggestResult } from '../api';

export type DateOrder = '' | 'dmy' | 'mdy';

/** A field the editor offers, in the order it shows them. */
export interface Target {
  field: string;
  label: string;
  hint: string;
  /** time is always needed; action or description, one of the two. */
  required?: 'always' | 'action-or-description';
}

export const TARGETS: readonly Target[] = [
  { field: 'time', label: 'Time', hint: 'when it happened', required: 'always' },
  { field: 'action', label: 'Action', hint: 'what was done, as the system wrote it', required: 'action-or-description' },
  { field: 'description', label: 'Description', hint: 'details, a comment or label', required: 'action-or-description' },
  { field: 'actor_name', label: 'Actor', hint: 'who did it (user name)' },
  { field: 'actor_email', label: 'Actor email', hint: '' },
  { field: 'actor_id', label: 'Actor id', hint: 'account or user id' },
  { field: 'actor_company', label: 'Company', hint: '' },
  { field: 'ip', label: 'IP address', hint: 'a port after it is dropped' },
  { field: 'module', label: 'Module', hint: 'area or category' },
  { field: 'target_ref', label: 'Record reference', hint: 'order, ticket, invoice number …' },
  { field: 'target_type', label: 'Record type', hint: '' },
  { field: 'target_name', label: 'Record name', hint: '' },
  { field: 'amount', label: 'Amount', hint: 'exact decimal' },
  { field: 'currency', label: 'Currency', hint: 'ISO code, upper-cased' },
];

/** Short names a mapping may use, as the Go side knows them (ingest fieldAliases). */
const ALIASES: Record<string, string> = {
  actor: 'actor_name',
  user: 'actor_name',
  email: 'actor_email',
  target: 'target_ref',
  ref: 'target_ref',
  reference: 'target_ref',
  category: 'module',
  details: 'description',
  company: 'actor_company',
  when: 'time',
  date: 'time',
};

export function canonicalField(name: string): string {
  const f = name.trim().toLowerCase();
  return ALIASES[f] ?? f;
}

export interface MappingDraft {
  /** field -> column; a field left out is absent. */
  fields: Record<string, string>;
  dateLayout: string;
  dateOrder: DateOrder;
  /** Source zone of zone-less times; "" when the times carry offsets. */
  tz: string;
  /** The time column carries its own offsets (from the suggestion). */
  zoned: boolean;
  /** Profile name to save the mapping under. */
  name: string;
}

/** "acme-users_activity 2024-03.csv" -> "Acme users activity". */
export function nameFromFile(file: string): string {
  const base = file.replace(/\.[^.]+$/, '').replace(/[\d]{4}[-_.]?[\d]{2}([-_.]?[\d]{2})?/g, ' ');
  const words = base.split(/[^A-Za-z0-9]+/).filter((w) => w && !/^\d+$/.test(w));
  if (!words.length) return 'Custom export';
  const s = words.join(' ').toLowerCase();
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The suggestion as a draft the user edits: fields under their canonical names. */
export function draftFromSuggestion(s: SuggestResult, userTz: string): MappingDraft {
  const fields: Record<string, string> = {};
  const known = new Set(TARGETS.map((t) => t.field));
  for (const [k, col] of Object.entries(s.map)) {
    const f = canonicalField(k);
    if (known.has(f) && col && s.header.includes(col)) fields[f] = col;
  }
  const order: DateOrder = s.date_order === 'dmy' || s.date_order === 'mdy' ? s.date_order : '';
  return { fields, dateLayout: '', dateOrder: order, tz: s.zoned ? '' : userTz, zoned: s.zoned, name: nameFromFile(s.file) };
}

/** Sets (or, with "", clears) the column of one field. */
export function setField(d: MappingDraft, field: string, column: string): MappingDraft {
  const fields = { ...d.fields };
  if (column) fields[field] = column;
  else delete fields[field];
  return { ...d, fields };
}

/** What still stops a preview or an import; [] when the mapping is complete. */
export function mappingProblems(d: MappingDraft): string[] {
  const out: string[] = [];
  if (!d.fields.time) out.push('map the time column');
  if (!d.fields.action && !d.fields.description) out.push('map an action or a description column');
  if (!d.zoned && !d.tz) out.push('choose the time zone its times are in');
  return out;
}

/** Fields sharing one column: allowed, but usually a slip worth pointing out. */
export function sharedColumns(d: MappingDraft): string[] {
  const by = new Map<string, string[]>();
  for (const [f, c] of Object.entries(d.fields)) by.set(c, [...(by.get(c) ?? []), f]);
  return [...by.entries()].filter(([, fs]) => fs.length > 1).map(([c]) => c);
}

/** The id the Go side derives from a profile name (ingest.Slug). */
export function slug(name: string): string {
  let s = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (!s) s = 'custom';
  if (s.length > 60) s = s.slice(0, 60).replace(/-+$/, '');
  return s;
}

/** Why a profile name cannot be used (""), or a note that it replaces a saved one. */
export function nameCheck(name: string, profiles: ProfileInfo[]): { error: string; note: string } {
  if (!name.trim()) return { error: 'name the profile', note: '' };
  const id = slug(name);
  const same = profiles.find((p) => p.id === id);
  if (same?.builtin) return { error: `“${same.name}” is a built-in profile: choose another name`, note: '' };
  if (same) return { error: '', note: `replaces the saved profile “${same.name}”` };
  return { error: '', note: '' };
}

/** The file as Preview, SaveMappedProfile and Import take it. */
export function mappedFile(path: string, d: MappingDraft, saveAs = ''): ImportFile {
  const map: Record<string, string> = {};
  for (const t of TARGETS) if (d.fields[t.field]) map[t.field] = d.fields[t.field] as string;
  const f: ImportFile = { path, profile: '', tz: d.zoned ? '' : d.tz, map };
  if (d.dateLayout.trim()) f.date_layout = d.dateLayout.trim();
  if (d.dateOrder) f.date_order = d.dateOrder;
  if (saveAs.trim()) f.save_profile = saveAs.trim();
  return f;
}

/** A stable key of what a preview depends on, to refetch only when it changes. */
export function previewKey(f: ImportFile): string {
  const map = f.map ? Object.entries(f.map).sort(([a], [b]) => a.localeCompare(b)) : [];
  return JSON.stringify([f.path, f.profile, f.tz, map, f.date_layout ?? '', f.date_order ?? '']);
}

// ---- preview table --------------------------------------------------------------------------

/** A stored-event column of the preview table. */
export interface PreviewColumn {
  key: keyof PreviewEvent | 'amount_currency';
  label: string;
}

const PREVIEW_COLUMNS: readonly PreviewColumn[] = [
  { key: 'source_time', label: 'Source time' },
  { key: 'actor_name', label: 'Actor' },
  { key: 'actor_email', label: 'Email' },
  { key: 'actor_id', label: 'Actor id' },
  { key: 'ip', label: 'IP' },
  { key: 'module', label: 'Module' },
  { key: 'action', label: 'Action' },
  { key: 'kind', label: 'Kind' },
  { key: 'target_ref', label: 'Record' },
  { key: 'target_type', label: 'Record type' },
  { key: 'target_name', label: 'Record name' },
  { key: 'amount_currency', label: 'Amount' },
  { key: 'description', label: 'Description' },
];

/** The stored value shown in one preview cell ("" when empty). */
export function cellText(ev: PreviewEvent, key: PreviewColumn['key']): string {
  if (key === 'amount_currency') {
    if (ev.amount === undefined || ev.amount === null || ev.amount === '') return '';
    return [String(ev.amount), ev.currency ?? ''].filter(Boolean).join(' ');
  }
  const v = ev[key];
  if (v === undefined || v === null) return '';
  return typeof v === 'string' || typeof v === 'number' ? String(v) : '';
}

/** The columns with a value in at least one previewed event: empty ones only take room. */
export function previewColumns(events: PreviewEvent[]): PreviewColumn[] {
  return PREVIEW_COLUMNS.filter((c) => events.some((e) => cellText(e, c.key) !== ''));
}
