// Formatting for people: counts, sizes, instants with their zone, periods, hashes.
// Every function takes an optional locale / zone so tests are deterministic; the UI passes
// nothing and gets the user's own locale and zone.

export interface FormatOptions {
  locale?: string | undefined;
  /** IANA zone; defaults to the user's zone. */
  zone?: string | undefined;
}

const nfCache = new Map<string, Intl.NumberFormat>();
function nf(locale: string | undefined, opts: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  const key = `${locale ?? ''}|${JSON.stringify(opts)}`;
  let f = nfCache.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, opts);
    nfCache.set(key, f);
  }
  return f;
}

/** The user's IANA time zone ("UTC" if the runtime cannot tell). */
export function userZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

export function formatCount(n: number, locale?: string): string {
  return nf(locale, { maximumFractionDigits: 0 }).format(n);
}

/** 1234567 -> "1.2M" (for tight places such as bar labels). */
export function formatCompact(n: number, locale?: string): string {
  if (Math.abs(n) < 10_000) return formatCount(n, locale);
  return nf(locale, { notation: 'compact', maximumFractionDigits: 1 }).format(n);
}

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'] as const;

/** Decimal units, as file managers show them: 1 KB = 1000 B. */
export function formatBytes(bytes: number, locale?: string): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  let v = bytes;
  let u = 0;
  while (v >= 1000 && u < UNITS.length - 1) {
    v /= 1000;
    u++;
  }
  const digits = u === 0 ? 0 : v < 10 ? 1 : 0;
  return `${nf(locale, { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(v)} ${UNITS[u]}`;
}

export function formatDuration(ms: number, locale?: string): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${formatCount(Math.round(ms), locale)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${nf(locale, { maximumFractionDigits: 1, minimumFractionDigits: 1 }).format(s)} s`;
  const m = Math.floor(s / 60);
  const rest = Math.round(s - m * 60);
  return `${m} min ${rest} s`;
}

export function formatPercent(part: number, whole: number, locale?: string): string {
  if (whole <= 0) return '—';
  return nf(locale, { style: 'percent', maximumFractionDigits: part / whole < 0.01 && part > 0 ? 1 : 0 }).format(
    part / whole,
  );
}

function parseInstant(iso: string | null | undefined): Date | null {
  if (!iso) return null;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** The zone's short name at an instant: "CET", "GMT+2", "UTC". */
export function zoneAbbreviation(zone: string, at: Date = new Date(), locale?: string): string {
  try {
    const parts = new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'short' }).formatToParts(
      at,
    );
    return parts.find((p) => p.type === 'timeZoneName')?.value ?? zone;
  } catch {
    return zone;
  }
}

/** The zone's UTC offset at an instant, as "UTC+02:00" / "UTC−03:30" / "UTC". */
export function zoneOffset(zone: string, at: Date = new Date()): string {
  let name: string | undefined;
  try {
    name = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' })
      .formatToParts(at)
      .find((p) => p.type === 'timeZoneName')?.value;
  } catch {
    return '';
  }
  if (!name || name === 'GMT') return 'UTC';
  const m = /^GMT([+-−])(\d{1,2})(?::?(\d{2}))?$/.exec(name);
  if (!m) return name.replace('GMT', 'UTC');
  if (Number(m[2]) === 0 && Number(m[3] ?? 0) === 0) return 'UTC';
  const sign = m[1] === '+' ? '+' : '−';
  return `UTC${sign}${(m[2] ?? '0').padStart(2, '0')}:${m[3] ?? '00'}`;
}

/** "Europe/Bucharest (EET)"; a zone named only by its offset is not repeated: "UTC". */
export function zoneLabel(zone: string, at: Date = new Date(), locale?: string): string {
  const abbr = zoneAbbreviation(zone, at, locale);
  if (abbr === zone || zone === 'UTC' || zone === 'Etc/UTC') return zone === 'Etc/UTC' ? 'UTC' : zone;
  return `${zone} (${abbr})`;
}

/** An instant in the given zone with the zone's short name: "12 Mar 2024, 14:03:05 EET". */
export function formatInstant(
  iso: string | null | undefined,
  { locale, zone, seconds = true }: FormatOptions & { seconds?: boolean } = {},
): string {
  const d = parseInstant(iso);
  if (!d) return '—';
  return new Intl.DateTimeFormat(locale, {
    timeZone: zone ?? userZone(),
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    ...(seconds ? { second: '2-digit' } : {}),
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).format(d);
}

/** Date only, in the zone: "12 Mar 2024". */
export function formatDay(iso: string | null | undefined, { locale, zone }: FormatOptions = {}): string {
  const d = parseInstant(iso);
  if (!d) return '—';
  return new Intl.DateTimeFormat(locale, {
    timeZone: zone ?? userZone(),
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  }).format(d);
}

/**
 * A day range, compact where the parts agree: "10 Feb – 1 Mar 2024", "18 Aug 2024",
 * "28 Dec 2023 – 3 Jan 2024". One missing end shows the other alone.
 */
export function formatDayRange(
  first: string | null | undefined,
  last: string | null | undefined,
  { locale, zone }: FormatOptions = {},
): string {
  const a = parseInstant(first);
  const b = parseInstant(last);
  if (!a && !b) return '—';
  const f = new Intl.DateTimeFormat(locale, { timeZone: zone ?? userZone(), day: 'numeric', month: 'short', year: 'numeric' });
  if (!a || !b) return f.format((a ?? b) as Date);
  return a.getTime() <= b.getTime() ? f.formatRange(a, b) : f.formatRange(b, a);
}

/** Date and minute without the zone, for places that name the zone once: "12 Mar 2024, 14:03". */
export function formatDateTime(iso: string | null | undefined, { locale, zone }: FormatOptions = {}): string {
  const d = parseInstant(iso);
  if (!d) return '—';
  return new Intl.DateTimeFormat(locale, {
    timeZone: zone ?? userZone(),
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(d);
}

/**
 * A covered period: "1 Mar 2024, 08:00 → 17 Mar 2024, 05:28". A missing end shows as "—";
 * both missing gives "No events".
 */
export function formatPeriod(
  first: string | null | undefined,
  last: string | null | undefined,
  opts: FormatOptions = {},
): string {
  if (!parseInstant(first) && !parseInstant(last)) return 'No events';
  return `${formatDateTime(first, opts)} → ${formatDateTime(last, opts)}`;
}

/** Whole days a period spans, counting partial days: 1 Mar 08:00 → 1 Mar 09:00 is 1 day. */
export function periodDays(first: string | null | undefined, last: string | null | undefined): number {
  const a = parseInstant(first);
  const b = parseInstant(last);
  if (!a || !b) return 0;
  return Math.max(1, Math.ceil((b.getTime() - a.getTime()) / 86_400_000));
}

const RELATIVE_STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86_400_000],
  ['month', 30 * 86_400_000],
  ['week', 7 * 86_400_000],
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/** "3 days ago", "just now". */
export function formatRelative(iso: string | null | undefined, now: Date = new Date(), locale?: string): string {
  const d = parseInstant(iso);
  if (!d) return '—';
  const diff = d.getTime() - now.getTime();
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  for (const [unit, ms] of RELATIVE_STEPS) {
    if (Math.abs(diff) >= ms) return rtf.format(Math.round(diff / ms), unit);
  }
  return 'just now';
}

/** First 12 hex digits of a SHA-256, enough to tell files apart at a glance. */
export function shortHash(hash: string, length = 12): string {
  if (!hash) return '—';
  return hash.length > length ? `${hash.slice(0, length)}…` : hash;
}

/** "1 file", "3 files"; `plural` defaults to `${singular}s`. */
export function plural(n: number, singular: string, pluralForm = `${singular}s`, locale?: string): string {
  return `${formatCount(n, locale)} ${n === 1 ? singular : pluralForm}`;
}

/** "," -> "comma", "\t" -> "tab"; unknown ones are quoted. */
export function describeDelimiter(d: string): string {
  switch (d) {
    case ',':
      return 'comma';
    case ';':
      return 'semicolon';
    case '\t':
    case '\\t':
    case 'tab':
      return 'tab';
    case '|':
      return 'pipe';
    case '':
      return 'unknown delimiter';
    default:
      return `"${d}"`;
  }
}

/** Last path element, for both / and \ separators. */
export function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] || path;
}
