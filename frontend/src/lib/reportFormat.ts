// How report values read on screen: column titles, cell text per column, exact amounts,
// periods in words. Pure functions with an explicit zone and locale, so tests are exact.
import type { Column, EventRow } from '../api/report';

export const COLUMN_TITLES: Record<Column, string> = {
  time: 'Time',
  user: 'User',
  email: 'Email',
  ip: 'IP',
  system: 'System',
  module: 'Module',
  action: 'Action',
  kind: 'Kind',
  meaning: 'Meaning',
  target_type: 'Record type',
  target_ref: 'Record',
  target_name: 'Record name',
  related_ref: 'Related record',
  amount: 'Amount',
  currency: 'Currency',
  description: 'Description',
  changes: 'Changes',
  source: 'Source',
  id: 'ID',
};

/** Column widths in px; the description takes what is left. */
export const COLUMN_WIDTHS: Record<Column, number> = {
  time: 172,
  user: 160,
  email: 200,
  ip: 120,
  system: 110,
  module: 110,
  action: 150,
  kind: 140,
  meaning: 240,
  target_type: 110,
  target_ref: 130,
  target_name: 170,
  related_ref: 130,
  amount: 104,
  currency: 76,
  description: 280,
  changes: 240,
  source: 170,
  id: 80,
};

export const NUMERIC_COLUMNS: ReadonlySet<Column> = new Set<Column>(['amount', 'id']);

export const PRESET_LABELS: Record<string, string> = {
  '': 'All time',
  today: 'Today',
  yesterday: 'Yesterday',
  last_7_days: 'Last 7 days',
  last_30_days: 'Last 30 days',
  this_month: 'This month',
  last_month: 'Last month',
  this_quarter: 'This quarter',
  custom: 'Custom range',
};

export function kindLabel(kind: string): string {
  if (!kind) return '';
  const s = kind.replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

const dtfCache = new Map<string, Intl.DateTimeFormat>();
function dtf(zone: string, locale: string | undefined, seconds: boolean): Intl.DateTimeFormat {
  const key = `${zone}|${locale ?? ''}|${seconds}`;
  let f = dtfCache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale ?? 'en-CA', {
      timeZone: zone || 'UTC',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: seconds ? '2-digit' : undefined,
      hourCycle: 'h23',
    });
    dtfCache.set(key, f);
  }
  return f;
}

/**
 * An instant as "2024-03-05 14:07:09" in the display zone. Sortable and unambiguous, which
 * matters more in an audit table than a locale's long form.
 */
export function formatEventTime(iso: string, zone: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const parts: Record<string, string> = {};
  for (const p of dtf(zone, 'en-CA', true).formatToParts(d)) parts[p.type] = p.value;
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

/**
 * An exact decimal with thousands separators and at least two decimals ("1234.5" ->
 * "1,234.50"). Works on the digits, never through a float.
 */
export function formatAmount(v: number | string | null | undefined): string {
  if (v === null || v === undefined || v === '') return '';
  let s = typeof v === 'number' ? numberText(v) : v.trim();
  if (!/^-?\d+(\.\d+)?$/.test(s)) return s;
  const neg = s.startsWith('-');
  if (neg) s = s.slice(1);
  const [int = '0', frac = ''] = s.split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const f = frac.length >= 2 ? frac.replace(/0+$/, '').padEnd(2, '0') : frac.padEnd(2, '0');
  return `${neg ? '-' : ''}${grouped}.${f}`;
}

function numberText(n: number): string {
  if (!Number.isFinite(n)) return '';
  // Avoid exponent form for the magnitudes money has.
  return Math.abs(n) < 1e21 ? n.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 6 }) : String(n);
}

/** The user as a person reads it: name with email, or whatever the vendor gave. */
export function userLabel(e: EventRow): string {
  if (e.actor_name && e.actor_email && e.actor_name !== e.actor_email) return `${e.actor_name} <${e.actor_email}>`;
  return e.actor_name || e.actor_email || e.actor_id || '';
}

export function sourceLabel(e: Pick<EventRow, 'file' | 'line' | 'batch_id'>): string {
  const file = e.file || (e.batch_id ? `batch ${e.batch_id}` : '');
  if (!file) return '';
  return e.line ? `${file}:${e.line}` : file;
}

export function changesLabel(e: EventRow): string {
  return (e.changes ?? []).map((c) => `${c.field}: ${c.old || '∅'} → ${c.new || '∅'}`).join('; ');
}

/** The text of one cell. */
export function cellText(e: EventRow, col: Column, zone: string): string {
  switch (col) {
    case 'time':
      return formatEventTime(e.occurred_at, zone);
    case 'user':
      return e.actor_name || e.actor_email || e.actor_id || '';
    case 'email':
      return e.actor_email ?? '';
    case 'ip':
      return e.ip ?? '';
    case 'system':
      return e.system;
    case 'module':
      return e.module ?? '';
    case 'action':
      return e.action;
    case 'kind':
      return kindLabel(e.kind);
    case 'meaning':
      return e.meaning ?? '';
    case 'target_type':
      return e.target_type ?? '';
    case 'target_ref':
      return e.target_ref ?? '';
    case 'target_name':
      return e.target_name ?? '';
    case 'related_ref':
      return e.related_ref ?? '';
    case 'amount':
      return formatAmount(e.amount);
    case 'currency':
      return e.currency ?? '';
    case 'description':
      return e.description ?? '';
    case 'changes':
      return changesLabel(e);
    case 'source':
      return sourceLabel(e);
    case 'id':
      return String(e.id);
  }
}

/** The period of a spec in words, for headers and export titles. */
export function periodLabel(spec: { preset?: string; from?: string; to?: string }): string {
  const preset = spec.preset ?? '';
  if (preset && preset !== 'custom') return PRESET_LABELS[preset] ?? preset;
  const from = spec.from ?? '';
  const to = spec.to ?? '';
  if (!from && !to) return 'All time';
  const short = (s: string) => s.replace('T', ' ').replace(/Z$/, ' UTC');
  if (from && to) return from === to ? short(from) : `${short(from)} – ${short(to)}`;
  return from ? `from ${short(from)}` : `until ${short(to)}`;
}

/** A line diff for the drill-down: what changed, and whether the value was masked. */
export interface DiffLine {
  field: string;
  old: string;
  new: string;
  added: boolean;
  removed: boolean;
  masked: boolean;
}

export function diffLines(e: EventRow): DiffLine[] {
  return (e.changes ?? []).map((c) => ({
    field: c.field,
    old: c.old,
    new: c.new,
    added: !c.old && Boolean(c.new),
    removed: Boolean(c.old) && !c.new,
    masked: /^\*+$|^\[?masked\]?$|^\(?hidden\)?$/i.test(c.new) || /^\*+$/.test(c.old),
  }));
}

/** Weekday names, Monday first, as the heatmap rows. */
export const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
