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

/** A keyset position: the sort value and id of the last row of a page. */
export type Cursor = string;

/** Query: one page of rows. Either `after` (keyset, from the previous page) or `offset` (a jump). */
export interface QueryParams {
  spec: ReportSpec;
  after?: Cursor;
  offset?: number;
  limit: number;
}

export interface QueryPage {
  rows: EventRow[];
  /** Cursor of the last row; "" when this is the last page. */
  next: Cursor;
}

export interface CountResult {
  total: number;
}

/** The drill-down of one event: the event, its source file and the raw source row. */
export interface EventDetail {
  event: EventRow;
  file: string;
  sha256?: string;
  profile?: string;
  /** The source row as the file had it: header name -> value, in header order. */
  raw: RawField[];
}

export interface RawField {
  name: string;
  value: string;
}

export type FacetField = 'users' | 'systems' | 'modules' | 'actions' | 'kinds' | 'currencies';

export interface FacetParams {
  spec: ReportSpec;
  field: FacetField;
  search: string;
  limit: number;
}

export interface FacetValue {
  value: string;
  /** A friendlier label (a user's name with their email as value). */
  label?: string;
  count: number;
}

export interface DayCount {
  day: string; // YYYY-MM-DD in the spec's zone
  count: number;
}

export interface HourCell {
  weekday: number; // 0 = Monday .. 6 = Sunday
  hour: number; // 0..23 in the spec's zone
  count: number;
}

export interface NamedCount {
  name: string;
  count: number;
}

export interface MoneyRow {
  currency: string;
  kind: string;
  count: number;
  /** Exact decimal as text. */
  total: string;
}

export interface Summary {
  total: number;
  users: number;
  first_utc: string | null;
  last_utc: string | null;
  by_day: DayCount[];
  by_hour: HourCell[];
  top_users: NamedCount[];
  by_kind: NamedCount[];
  by_system: NamedCount[];
  money: MoneyRow[];
}

export interface Flag {
  id: string;
  rule: string;
  title: string;
  severity: 'high' | 'medium' | 'low' | string;
  detail: string;
  user?: string;
  /** Filters that show the events behind the flag. */
  spec: ReportSpec;
  count: number;
}

export interface PersonActivity {
  user: string;
  name?: string;
  email?: string;
  last_utc: string | null;
  events: number;
  end_date?: string;
}

export interface PeopleReport {
  dormant: PersonActivity[];
  unknown: PersonActivity[];
  leavers: PersonActivity[];
}

export interface SavedReport {
  id: number;
  name: string;
  spec: ReportSpec;
  created_at: string;
}

export type ExportFormat = 'csv' | 'xlsx';

export interface ExportParams {
  job_id: string;
  spec: ReportSpec;
  format: ExportFormat;
  title: string;
  /** Destination file in the desktop app; "" in a browser (the file comes back as a download). */
  path: string;
}

export interface ExportResult {
  path: string;
  rows: number;
  bytes: number;
  /** In a browser: the URL that downloads the finished file. */
  download_url?: string;
}

/** Payload of the `export:progress` event. */
export interface ExportProgress {
  job_id: string;
  rows: number;
  total: number;
}

/** The report methods of the session, as the frontend sees them. */
export interface ReportMethods {
  Query(p: QueryParams): Promise<QueryPage>;
  Count(p: { spec: ReportSpec }): Promise<CountResult>;
  Event(p: { id: number }): Promise<EventDetail>;
  Facets(p: FacetParams): Promise<FacetValue[]>;
  Summary(p: { spec: ReportSpec }): Promise<Summary>;
  Flags(p: { spec: ReportSpec }): Promise<Flag[]>;
  People(p: { spec: ReportSpec }): Promise<PeopleReport>;
  SavedReports(): Promise<SavedReport[]>;
  SaveReport(p: { name: string; spec: ReportSpec }): Promise<SavedReport>;
  DeleteReport(p: { id: number }): Promise<void>;
  Export(p: ExportParams): Promise<ExportResult>;
  CancelJob(p: { job_id: string }): Promise<void>;
}

export type ReportMethodName = keyof ReportMethods;

/** How a report call reaches Go: the method name and its one params argument (or none). */
export type RawCall = (method: ReportMethodName, args: unknown[]) => Promise<unknown>;

const arr = <T>(v: T[] | null | undefined): T[] => (Array.isArray(v) ? v : []);
const num = (v: number | null | undefined): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

export function normalizeEvent(e: EventRow): EventRow {
  return { ...e, changes: arr(e.changes), extra: e.extra ?? {}, warnings: arr(e.warnings) };
}

export function normalizeSummary(s: Summary): Summary {
  return {
    ...s,
    total: num(s.total),
    users: num(s.users),
    first_utc: s.first_utc || null,
    last_utc: s.last_utc || null,
    by_day: arr(s.by_day),
    by_hour: arr(s.by_hour),
    top_users: arr(s.top_users),
    by_kind: arr(s.by_kind),
    by_system: arr(s.by_system),
    money: arr(s.money),
  };
}

export function createReportApi(call: RawCall) {
  const c = <T>(m: ReportMethodName, ...args: unknown[]) => call(m, args) as Promise<T>;
  return {
    async query(p: QueryParams): Promise<QueryPage> {
      const page = await c<QueryPage>('Query', p);
      return { rows: arr(page.rows).map(normalizeEvent), next: page.next ?? '' };
    },
    async count(spec: ReportSpec): Promise<number> {
      return num((await c<CountResult>('Count', { spec })).total);
    },
    async event(id: number): Promise<EventDetail> {
      const d = await c<EventDetail>('Event', { id });
      return { ...d, event: normalizeEvent(d.event), raw: arr(d.raw), file: d.file ?? '' };
    },
    async facets(p: FacetParams): Promise<FacetValue[]> {
      return arr(await c<FacetValue[] | null>('Facets', p));
    },
    async summary(spec: ReportSpec): Promise<Summary> {
      return normalizeSummary(await c<Summary>('Summary', { spec }));
    },
    async flags(spec: ReportSpec): Promise<Flag[]> {
      return arr(await c<Flag[] | null>('Flags', { spec })).map((f) => ({ ...f, spec: f.spec ?? {} }));
    },
    async people(spec: ReportSpec): Promise<PeopleReport> {
      const p = await c<PeopleReport>('People', { spec });
      return { dormant: arr(p.dormant), unknown: arr(p.unknown), leavers: arr(p.leavers) };
    },
    async savedReports(): Promise<SavedReport[]> {
      return arr(await c<SavedReport[] | null>('SavedReports')).map((r) => ({ ...r, spec: r.spec ?? {} }));
    },
    saveReport: (name: string, spec: ReportSpec) => c<SavedReport>('SaveReport', { name, spec }),
    deleteReport: (id: number) => c<void>('DeleteReport', { id }),
    exportReport: (p: ExportParams) => c<ExportResult>('Export', p),
    cancelJob: (jobId: string) => c<void>('CancelJob', { job_id: jobId }),
  };
}

export type ReportApi = ReturnType<typeof createReportApi>;
