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
}

export interface ImportParams {
  job_id: string;
  files: ImportFile[];
}

export interface Reject {
  line: number;
  column: string;
  reason: string;
}

export interface ImportResult {
  file: string;
  path: string;
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

/** Payload of the Wails event `import:progress` (emitted at most every 100 ms). */
export interface ImportProgress {
  job_id: string;
  file: string;
  file_index: number;
  files: number;
  bytes: number;
  total_bytes: number;
  rows: number;
}

/** Every bound Go method, as the frontend sees it. */
export interface AppMethods {
  Workspace(): Promise<WorkspaceInfo>;
  Batches(): Promise<Batch[]>;
  Profiles(): Promise<ProfileInfo[]>;
  ChooseFiles(): Promise<string[]>;
  Inspect(p: InspectParams): Promise<FilePlan[]>;
  Import(p: ImportParams): Promise<ImportResult[]>;
  CancelImport(jobId: string): Promise<void>;
  Verify(): Promise<VerifyResult>;
  Rejects(batchId: number): Promise<Reject[]>;
}

export type MethodName = keyof AppMethods;

/** Events Go emits, by name. */
export interface EventMap {
  'import:progress': ImportProgress;
}
