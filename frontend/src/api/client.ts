// The typed API: one function per bound Go method. Go encodes nil slices and maps as `null`,
// so every answer is normalized here and the UI can rely on arrays being arrays.
import type {
  Batch,
  EventMap,
  FilePlan,
  ImportParams,
  ImportResult,
  ProfileInfo,
  Reject,
  VerifyResult,
  WorkspaceInfo,
} from './types';
import type { Transport } from './transport';

const arr = <T>(v: T[] | null | undefined): T[] => (Array.isArray(v) ? v : []);
const str = (v: string | null | undefined): string => (typeof v === 'string' ? v : '');
const num = (v: number | null | undefined): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const instant = (v: string | null | undefined): string | null => (typeof v === 'string' && v !== '' ? v : null);

export function normalizeWorkspace(w: WorkspaceInfo): WorkspaceInfo {
  return {
    ...w,
    path: str(w.path),
    events: num(w.events),
    own_events: num(w.own_events),
    batches: num(w.batches),
    people: num(w.people),
    users: num(w.users),
    first_utc: instant(w.first_utc),
    last_utc: instant(w.last_utc),
    by_system: w.by_system ?? {},
    last_verify: w.last_verify ?? null,
  };
}

export function normalizeBatch(b: Batch): Batch {
  return { ...b, first_utc: instant(b.first_utc), last_utc: instant(b.last_utc) };
}

export function normalizeProfile(p: ProfileInfo): ProfileInfo {
  return { ...p, required: arr(p.required), optional: arr(p.optional), default_zone: str(p.default_zone) };
}

export function normalizePlan(p: FilePlan): FilePlan {
  return {
    ...p,
    header: arr(p.header),
    candidates: arr(p.candidates),
    profile: str(p.profile),
    default_zone: str(p.default_zone),
    error: str(p.error),
  };
}

export function normalizeResult(r: ImportResult): ImportResult {
  return {
    ...r,
    rejects: arr(r.rejects),
    warnings: arr(r.warnings),
    error: str(r.error),
    first_utc: instant(r.first_utc),
    last_utc: instant(r.last_utc),
  };
}

export interface Api {
  /** "wails" in the desktop app, "http" in a browser. */
  mode(): 'wails' | 'http';
  /** Whether import progress events arrive (desktop only for now). */
  hasProgress(): boolean;
  workspace(): Promise<WorkspaceInfo>;
  batches(): Promise<Batch[]>;
  profiles(): Promise<ProfileInfo[]>;
  chooseFiles(): Promise<string[]>;
  inspect(paths: string[]): Promise<FilePlan[]>;
  importFiles(p: ImportParams): Promise<ImportResult[]>;
  cancelImport(jobId: string): Promise<void>;
  verify(): Promise<VerifyResult>;
  rejects(batchId: number): Promise<Reject[]>;
  on<E extends keyof EventMap>(name: E, cb: (payload: EventMap[E]) => void): () => void;
}

export function createApi(t: Transport): Api {
  return {
    mode: () => t.kind(),
    hasProgress: () => t.hasEvents(),
    workspace: async () => normalizeWorkspace((await t.call('Workspace')) as WorkspaceInfo),
    batches: async () => arr((await t.call('Batches')) as Batch[] | null).map(normalizeBatch),
    profiles: async () => arr((await t.call('Profiles')) as ProfileInfo[] | null).map(normalizeProfile),
    chooseFiles: async () => arr((await t.call('ChooseFiles')) as string[] | null),
    inspect: async (paths) => arr((await t.call('Inspect', { paths })) as FilePlan[] | null).map(normalizePlan),
    importFiles: async (p) => arr((await t.call('Import', p)) as ImportResult[] | null).map(normalizeResult),
    cancelImport: async (jobId) => {
      await t.call('CancelImport', jobId);
    },
    verify: async () => (await t.call('Verify')) as VerifyResult,
    rejects: async (batchId) => arr((await t.call('Rejects', batchId)) as Reject[] | null),
    on: (name, cb) => t.on(name, cb),
  };
}
