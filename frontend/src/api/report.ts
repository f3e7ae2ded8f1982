// The report contract with Go: the filter Spec (backend/report/spec.go), the event rows
// (backend/activity/activity.go) and the report methods of the session. Field names are the
// JSON tags, mirrored exactly. Go encodes nil slices and maps as `null`; normalize* below turn
// them into empty values so screens can rely on arrays being arrays.

/** Period presets, evaluated in the spec's zone when the report runs. */
export const PRESETS = [
  'today',
  'yesterday',
  'last_7_days',
  'last_30_days',
  'this_month',
  'last_month',
  'this_quarter',
  'custom',
] as const;
export type Preset = (typeof PRESETS)[number];

/** Detail columns, by their JSON names (report.Column*). */
export const COLUMNS = [
  'time',
  'user',
  'email',
  'ip',
  'system',
  'module',
  'action',
  'kind',
  'meaning',
  'target_type',
  'target_ref',
  'target_name',
  'related_ref',
  'amount',
  'currency',
  'description',
  'changes',
  'source',
  'id',
] as const;
export type Column = (typeof COLUMNS)[number];

/** report.DefaultColumns: the detail columns of a spec that names none. */
export const DEFAULT_COLUMNS: Column[] = [
  'time',
  'user',
  'ip',
  'system',
  'module',
  'action',
  'kind',
  'target_ref',
  'amount',
  'currency',
  'description',
];

/** The fixed kind vocabulary (activity.Kinds). */
export const KINDS = [
  'login',
  'logout',
  'login_failed',
  'view',
  'create',
  'update',
  'delete',
  'restore',
  'execute',
  'export',
  'download',
  'send',
  'payment',
  'refund',
  'subscription_change',
  'permission_change',
  'message',
  'other',
] as const;
export type Kind = (typeof KINDS)[number];

/** report.Spec. Every field is optional, as Go omits empty ones. */
export interface ReportSpec {
  preset?: string;
  from?: string;
  to?: string;
  zone?: string;
  users?: string[];
  systems?: string[];
  modules?: string[];
  actions?: string[];
  kinds?: string[];
  refs?: string[];
  ips?: string[];
  search?: string;
  min_amount?: string;
  max_amount?: string;
  currencies?: string[];
  include_own?: boolean;
  sort?: string;
  asc?: boolean;
  columns?: string[];
}

export interface Change {
  field: string;
  old: string;
  new: string;
}

/** activity.Event. Amount is an exact decimal; Go writes it as a JSON number. */
export interface EventRow {
  id: number;
  occurred_at: string;
  source_time?: string;
  source_zone?: string;
  actor_id?: string;
  actor_name?: string;
  actor_email?: string;
  actor_company?: string;
  ip?: string;
  system: string;
  module?: string;
  action: string;
  kind: string;
  meaning?: string;
  target_type?: string;
  target_id?: string;
  target_ref?: string;
  target_name?: string;
  related_ref?: string;
  amount?: number | string | null;
  currency?: string;
  billing_cycles?: number | null;
  description?: string;
  changes?: Change[] | null;
  extra?: Record<string, string> | null;
  warnings?: string[] | null;
  batch_id?: number;
  line?: number;
  /** Set by the session on list pages and drill-down: the imported file's name. */
  file?: string;
}

/** Query: one page of rows, after `cursor` (from the previous page) or from row `offset` (a jump). */
export interface QueryParams {
  spec: ReportSpec;
  cursor?: string;
  offset?: number;
  limit: number;
}

/** session.EventPage. */
export interface QueryPage {
  events: EventRow[] | null;
  /** Cursor of the following page; absent on the last page. */
  next?: string;
}

/** session.CountResult. */
export interface CountResult {
  total: number;
}

/** session.EventDetail: one event and the import it came from. */
export interface EventDetail {
  event: EventRow;
  file: string;
  sha256?: string;
  profile?: string;
  imported_at?: string;
}

/** report.By*: the dimensions Summary counts by. */
export type SummaryBy = 'user' | 'kind' | 'action' | 'system' | 'module' | 'day' | 'hour' | 'weekday' | 'currency';

/** report.Count: one row of a summary. */
export interface CountRow {
  key: string;
  /** A user's name when the key is an email or id. */
  label?: string;
  count: number;
  amount?: number | string | null;
}

/** report.Matrix: events by weekday (Mon first) and hour in the display zone. */
export interface Matrix {
  zone: string;
  weekdays: string[] | null;
  counts: number[][] | null;
}

/** report.MoneyRow: payments and refunds of one currency (and user), exact. */
export interface MoneyRow {
  currency: string;
  user: string;
  payments: number;
  paid: number | string;
  refunds: number;
  refunded: number | string;
  net: number | string;
}

/** report.Money. */
export interface Money {
  by_currency: MoneyRow[] | null;
  by_user: MoneyRow[] | null;
}

/** report.PersonActivity. */
export interface PersonActivity {
  email: string;
  name?: string;
  user_id?: string;
  end_date?: string;
  events: number;
  after_end?: number;
  first_after?: string | null;
  last_after?: string | null;
  event_ids?: number[] | null;
}

/** report.People. */
export interface People {
  roster: number;
  dormant: PersonActivity[] | null;
  unknown: CountRow[] | null;
  leavers: PersonActivity[] | null;
}

/** report.Flag: one finding of the security review and the events behind it. */
export interface Flag {
  rule: string;
  rule_text: string;
  user: string;
  detail: string;
  first: string;
  last: string;
  count: number;
  event_ids: number[] | null;
}

/** workspace.SavedReport. */
export interface SavedReport {
  name: string;
  spec: ReportSpec;
  created_at: string;
  updated_at: string;
}

export type ExportFormat = 'csv' | 'xlsx';

/** session.ExportParams. */
export interface ExportParams {
  job_id: string;
  spec: ReportSpec;
  format: ExportFormat;
  title?: string;
  path: string;
}

/** workspace.ExportResult. */
export interface ExportResult {
  path: string;
  format: string;
  rows: number;
  size: number;
  sha256: string;
}

/** Payload of the `export:progress` event. */
export interface ExportProgress {
  job_id: string;
  rows: number;
  total: number;
}

/** The report methods of the session (and the desktop's save dialog), as the frontend sees them. */
export interface ReportMethods {
  Query(p: QueryParams): Promise<QueryPage>;
  Count(p: { spec: ReportSpec }): Promise<CountResult>;
  Event(p: { id: number }): Promise<EventDetail>;
  Summary(p: { spec: ReportSpec; by: SummaryBy }): Promise<CountRow[] | null>;
  Matrix(p: { spec: ReportSpec }): Promise<Matrix>;
  Money(p: { spec: ReportSpec }): Promise<Money>;
  People(p: { spec: ReportSpec }): Promise<People>;
  Flags(p: { spec: ReportSpec }): Promise<Flag[] | null>;
  SavedReports(): Promise<SavedReport[] | null>;
  SaveReport(p: { name: string; spec: ReportSpec }): Promise<void>;
  DeleteReport(p: { name: string }): Promise<void>;
  Export(p: ExportParams): Promise<ExportResult>;
  /** Desktop only: the native save dialog; "" when cancelled. */
  ChooseExportFile(p: { format: ExportFormat; title: string }): Promise<string>;
  CancelJob(p: { job_id: string }): Promise<void>;
}

export type ReportMethodName = keyof ReportMethods;

/** What the report API needs from the transport. */
export interface ReportTransport {
  kind(): 'wails' | 'http';
  call<M extends ReportMethodName>(method: M, ...args: Parameters<ReportMethods[M]>): Promise<unknown>;
  /** Browser: fetches GET /api/download/<what> with the token. */
  download(what: string): Promise<Blob>;
}

const arr = <T>(v: T[] | null | undefined): T[] => (Array.isArray(v) ? v : []);
const num = (v: number | null | undefined): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

export function normalizeEvent(e: EventRow): EventRow {
  return { ...e, changes: arr(e.changes), extra: e.extra ?? {}, warnings: arr(e.warnings) };
}

/** A facet choice: a value of one field with its count. */
export interface FacetValue {
  value: string;
  label?: string;
  count: number;
}

const FACET_BY: Record<FacetField, SummaryBy> = {
  users: 'user',
  systems: 'system',
  modules: 'module',
  actions: 'action',
  kinds: 'kind',
  currencies: 'currency',
};

export type FacetField = 'users' | 'systems' | 'modules' | 'actions' | 'kinds' | 'currencies';

/** Facet choices from summary rows: matching the search in value or label, most frequent first. */
export function facetValues(rows: CountRow[], search: string, limit: number): FacetValue[] {
  const q = search.trim().toLowerCase();
  const out: FacetValue[] = [];
  for (const r of rows) {
    if (!r.key) continue;
    if (q && !r.key.toLowerCase().includes(q) && !(r.label ?? '').toLowerCase().includes(q)) continue;
    out.push({ value: r.key, ...(r.label ? { label: r.label } : {}), count: num(r.count) });
    if (out.length >= limit) break;
  }
  return out;
}

/** Flags and people keyed by the user; what Summary needs in one value. */
export interface SummaryData {
  total: number;
  byDay: CountRow[];
  byUser: CountRow[];
  byKind: CountRow[];
  bySystem: CountRow[];
  matrix: number[][];
  money: MoneyRow[];
}

export function createReportApi(t: ReportTransport, saveBlob?: (blob: Blob, name: string) => void) {
  const summary = async (spec: ReportSpec, by: SummaryBy) =>
    arr((await t.call('Summary', { spec, by })) as CountRow[] | null).map((r) => ({ ...r, count: num(r.count) }));
  // Facet lists change only with the other filters: keep the last few per spec and field.
  const facetCache = new Map<string, Promise<CountRow[]>>();
  return {
    mode: () => t.kind(),
    async query(p: QueryParams): Promise<{ rows: EventRow[]; next: string }> {
      const page = (await t.call('Query', p)) as QueryPage;
      return { rows: arr(page.events).map(normalizeEvent), next: page.next ?? '' };
    },
    async count(spec: ReportSpec): Promise<number> {
      return num(((await t.call('Count', { spec })) as CountResult).total);
    },
    async event(id: number): Promise<EventDetail> {
      const d = (await t.call('Event', { id })) as EventDetail;
      return { ...d, event: normalizeEvent(d.event), file: d.file ?? '' };
    },
    summary,
    async facets(p: { spec: ReportSpec; field: FacetField; search: string; limit: number }): Promise<FacetValue[]> {
      const key = `${p.field}|${JSON.stringify(p.spec)}`;
      let rows = facetCache.get(key);
      if (!rows) {
        rows = summary(p.spec, FACET_BY[p.field]);
        facetCache.set(key, rows);
        if (facetCache.size > 24) facetCache.delete(facetCache.keys().next().value ?? '');
        rows.catch(() => facetCache.delete(key));
      }
      return facetValues(await rows, p.search, p.limit);
    },
    async summaryData(spec: ReportSpec): Promise<SummaryData> {
      const [byDay, byUser, byKind, bySystem, matrix, money] = await Promise.all([
        summary(spec, 'day'),
        summary(spec, 'user'),
        summary(spec, 'kind'),
        summary(spec, 'system'),
        t.call('Matrix', { spec }) as Promise<Matrix>,
        t.call('Money', { spec }) as Promise<Money>,
      ]);
      return {
        total: byKind.reduce((n, r) => n + r.count, 0),
        byDay,
        byUser,
        byKind,
        bySystem,
        matrix: arr(matrix.counts),
        money: arr(money.by_currency),
      };
    },
    async flags(spec: ReportSpec): Promise<Flag[]> {
      return arr((await t.call('Flags', { spec })) as Flag[] | null).map((f) => ({ ...f, event_ids: arr(f.event_ids) }));
    },
    async people(spec: ReportSpec): Promise<People> {
      const p = (await t.call('People', { spec })) as People;
      return { roster: num(p.roster), dormant: arr(p.dormant), unknown: arr(p.unknown), leavers: arr(p.leavers) };
    },
    async savedReports(): Promise<SavedReport[]> {
      return arr((await t.call('SavedReports')) as SavedReport[] | null).map((r) => ({ ...r, spec: r.spec ?? {} }));
    },
    async saveReport(name: string, spec: ReportSpec): Promise<void> {
      await t.call('SaveReport', { name, spec });
    },
    async cancelJob(jobId: string): Promise<void> {
      await t.call('CancelJob', { job_id: jobId });
    },
    async deleteReport(name: string): Promise<void> {
      await t.call('DeleteReport', { name });
    },
    /**
     * Exports the view: on the desktop through the save dialog (null when cancelled), in a
     * browser as a download that the server builds while progress events arrive.
     */
    async exportReport(p: Omit<ExportParams, 'path'> & { title: string }): Promise<{ rows: number; size: number; where: string } | null> {
      if (t.kind() === 'wails') {
        const path = (await t.call('ChooseExportFile', { format: p.format, title: p.title })) as string;
        if (!path) return null;
        const r = (await t.call('Export', { ...p, path })) as ExportResult;
        return { rows: num(r.rows), size: num(r.size), where: r.path };
      }
      const q = new URLSearchParams({ job_id: p.job_id, format: p.format, title: p.title, spec: JSON.stringify(p.spec) });
      const blob = await t.download(`export?${q.toString()}`);
      const name = `${p.title.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'trailbook-report'}.${p.format}`;
      if (!saveBlob) throw new Error('downloads are not available here');
      saveBlob(blob, name);
      return { rows: -1, size: blob.size, where: name };
    },
  };
}

export type ReportApi = ReturnType<typeof createReportApi>;
