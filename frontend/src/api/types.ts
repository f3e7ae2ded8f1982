import type { EventRow, ExportProgress, ReportMethods } from './report';

// The contract with the Go side (app.go). Field names are the JSON tags, mirrored exactly.
// Instants are RFC 3339 strings in UTC; a `null` instant means "none" (empty file, never verified...).

export interface LastVerify {
  at: string;
  ok: boolean;
  events: number;
  problem: string;
}

export interface WorkspaceInfo {
  path: string;
  /** Imported activity; excludes Trailbook's own events. */
  events: number;
  /** Trailbook's own actions (imports, exports, verifications ...), system "trailbook". */
  own_events: number;
  batches: number;
  people: number;
  users: number;
  first_utc: string | null;
  last_utc: string | null;
  /** Events per system, including "trailbook". */
  by_system: Record<string, number>;
  last_verify: LastVerify | null;
}

export interface Batch {
  id: number;
  file_name: string;
  size: number;
  sha256: string;
  profile: string;
  system: string;
  source_zone: string;
  first_utc: string | null;
  last_utc: string | null;
  rows: number;
  inserted: number;
  duplicates: number;
  rejected: number;
  skipped: number;
  imported_at: string;
  imported_by: string;
  status: string;
}

export type ProfileKind = 'events' | 'people';

export interface ProfileInfo {
  id: string;
  name: string;
  system: string;
  kind: ProfileKind;
  description: string;
  required: string[];
  optional: string[];
  needs_zone: boolean;
  default_zone: string;
  builtin: boolean;
}

export interface FilePlan {
  path: string;
  file: string;
  size: number;
  encoding: string;
  delimiter: string;
  header: string[];
  /** Ids of the profiles whose header rules match this file. */
  candidates: string[];
  /** The detected profile id: "" unless exactly one profile matches. */
  profile: string;
  needs_zone: boolean;
  default_zone: string;
  /** Non-empty when the file could not be read at all. */
  error: string;
}

export interface InspectParams {
  paths: string[];
}

export interface ImportFile {
  path: string;
  profile: string;
  /** IANA zone the file's zone-less times are read in; "" when the profile needs none. */
  tz: string;
  /** Field -> column: reads the file through this mapping instead of a profile. */
  map?: Record<string, string>;
  /** Time format of the mapped time column: a Go layout or a pattern like "DD/MM/YYYY HH:mm"; "" reads ISO and common forms. */
  date_layout?: string;
  /** "dmy" or "mdy" for ambiguous numeric dates; "" decides from the data. */
  date_order?: string;
  /** Saves the mapping under this name as a workspace profile after the import. */
  save_profile?: string;
}

export interface ImportParams {
  job_id: string;
  files: ImportFile[];
}

export interface Reject {
  line: number;
  column: string;
  reason: string;
  /** A line read as "not an activity" (a title or total line) rather than an error. */
  skipped?: boolean;
}

export interface ImportResult {
  file: string;
  path: string;
  /** The batch this file became; absent when the file failed. */
  batch_id?: number;
  size: number;
  sha256: string;
  profile: string;
  source_zone: string;
  rows: number;
  inserted: number;
  duplicates: number;
  rejected: number;
  skipped: number;
  rejects: Reject[];
  first_utc: string | null;
  last_utc: string | null;
  warnings: string[];
  /** Non-empty: this file failed and left the workspace unchanged. */
  error: string;
  duration_ms: number;
}

export interface VerifyResult {
  ok: boolean;
  events: number;
  id?: number;
  file?: string;
  line?: number;
  problem?: string;
}

export interface PathParams {
  path: string;
}

export interface BatchParams {
  batch_id: number;
}

export interface JobParams {
  job_id: string;
}

/** A workspace file opened lately (newest first). */
export interface Recent {
  path: string;
  name: string;
  opened_at: string;
  /** false when the file was moved or deleted since. */
  exists: boolean;
}

export interface Retention {
  /** Days imported events are kept; 0 keeps them forever. */
  days: number;
  set_at?: string;
  set_by?: string;
  /** now - days; null when days is 0. */
  cutoff_utc: string | null;
  /** Imported events older than the cutoff. */
  due: number;
}

export interface RetentionParams {
  days: number;
}

export interface PurgeParams {
  before_utc: string;
  confirm?: boolean;
}

export interface PurgePlan {
  before_utc: string;
  events: number;
}

export interface PurgeResult {
  /** null for a full clear */
  before_utc: string | null;
  deleted: number;
}

/** Answer of POST /api/upload in serve mode: `path` is the reference Inspect and Import take. */
export interface Upload {
  path: string;
  name: string;
  size: number;
}

/** Payload of the Wails event `import:progress` (emitted at most every 100 ms). */
export interface ImportProgress {
  job_id: string;
  file: string;
  file_index: number;
  files: number;
  bytes: number;
  total_bytes: number;
  rows: number;
  /** "reading", then "indexing" (search index and commit, after the last row), then "done". */
  stage?: 'reading' | 'indexing' | 'done';
}

/** What a column looks like, from a sample of the file's rows (percentages 0..100). */
export interface ColumnGuess {
  name: string;
  /** The field it is suggested for, if any. */
  field?: string;
  filled_pct: number;
  dates_pct: number;
  ips_pct: number;
  emails_pct: number;
  amounts_pct: number;
  samples: string[];
}

/** A proposed column mapping for a file (SuggestMapping). */
export interface SuggestResult {
  file: string;
  encoding: string;
  delimiter: string;
  header_line: number;
  /** Profiles that already read this header. */
  candidates: string[];
  header: string[];
  /** Field -> column. */
  map: Record<string, string>;
  date_order: string;
  /** The time column carries offsets: no source zone is needed. */
  zoned: boolean;
  rows_sampled: number;
  columns: ColumnGuess[];
  /** Required fields the suggestion could not fill. */
  missing: string[];
  /** The `trailbook import` flags that apply the suggestion. */
  args: string[];
}

/** An event as it will be stored: the same activity.Event as a stored row, before it has
 * a row id, a batch or a file. */
export type PreviewEvent = Omit<EventRow, 'id' | 'batch_id' | 'file'>;

export interface PreviewRecord {
  line: number;
  event?: PreviewEvent;
  person?: Record<string, unknown>;
  reject?: Reject;
  skip?: string;
}

export interface PreviewParams {
  file: ImportFile;
  /** How many rows; 0 means 10. */
  rows: number;
}

/** The first rows of a file exactly as an import would store them. */
export interface PreviewResult {
  file: string;
  profile: string;
  system: string;
  source_zone: string;
  header: string[];
  records: PreviewRecord[];
  warnings: string[];
  /** The profile the rows were read with (for a mapping: the one that would be saved). */
  profile_yaml: string;
}

export interface SaveProfileParams {
  /** A file with the header, and the mapping. */
  file: ImportFile;
  name: string;
}

export interface FileParams {
  path: string;
}

export interface ProfileParams {
  id: string;
}

export interface ProfileYAMLParams {
  yaml: string;
}

/** A stretch of whole UTC days no imported file of a system covers. */
export interface Gap {
  from_day: string;
  to_day: string;
  days: number;
  /** Last event before the gap and first after it. */
  from_utc: string;
  to_utc: string;
  /** "no data from 2024-02-14 to 2024-02-20 for 2checkout" */
  message: string;
}

/** The period a system's imported files cover, and the gaps in it. */
export interface SystemCoverage {
  system: string;
  from_utc: string;
  to_utc: string;
  batches: number;
  gaps: Gap[];
}

/** Every session method (desktop binding and `POST /api/<Method>` alike), as the frontend sees it. */
export interface SessionMethods {
  Workspace(): Promise<WorkspaceInfo>;
  OpenWorkspace(p: PathParams): Promise<WorkspaceInfo>;
  CreateWorkspace(p: PathParams): Promise<WorkspaceInfo>;
  RecentWorkspaces(): Promise<Recent[]>;
  Batches(): Promise<Batch[]>;
  Profiles(): Promise<ProfileInfo[]>;
  Inspect(p: InspectParams): Promise<FilePlan[]>;
  Import(p: ImportParams): Promise<ImportResult[]>;
  CancelJob(p: JobParams): Promise<void>;
  Verify(): Promise<VerifyResult>;
  Rejects(p: BatchParams): Promise<Reject[]>;
  Retention(): Promise<Retention>;
  SetRetention(p: RetentionParams): Promise<Retention>;
  PlanPurge(p: PurgeParams): Promise<PurgePlan>;
  Purge(p: PurgeParams): Promise<PurgeResult>;
  SuggestMapping(p: FileParams): Promise<SuggestResult>;
  PreviewImport(p: PreviewParams): Promise<PreviewResult>;
  SaveMappedProfile(p: SaveProfileParams): Promise<ProfileInfo>;
  ExportProfile(p: ProfileParams): Promise<string>;
  ImportProfile(p: ProfileYAMLParams): Promise<ProfileInfo>;
  DeleteProfile(p: ProfileParams): Promise<void>;
  Coverage(): Promise<SystemCoverage[]>;
}

/** Methods only the desktop app has: native dialogs. Each returns "" / [] when the user cancels. */
export interface DesktopMethods {
  ChooseFiles(): Promise<string[]>;
  ChooseWorkspace(): Promise<string>;
  ChooseNewWorkspace(): Promise<string>;
  SaveRejectsCSV(p: BatchParams): Promise<string>;
  /** Asks where to save a profile's YAML and writes it; the path, "" when cancelled. */
  SaveProfileYAML(p: ProfileParams): Promise<string>;
}

export type AppMethods = SessionMethods & DesktopMethods & ReportMethods;

export type MethodName = keyof AppMethods;

/** Events Go emits, by name. */
export interface EventMap {
  'import:progress': ImportProgress;
  'export:progress': ExportProgress;
}
