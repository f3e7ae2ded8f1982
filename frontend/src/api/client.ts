// The typed API: one function per session method. Go encodes nil slices and maps as `null`,
// so every answer is normalized here and the UI can rely on arrays being arrays.
import type {
  Batch,
  EventMap,
  FilePlan,
  ImportParams,
  ImportResult,
  ProfileInfo,
  PurgePlan,
  PreviewParams,
  PreviewResult,
  PurgeResult,
  Recent,
  SaveProfileParams,
  SuggestResult,
  SystemCoverage,
  Reject,
  Retention,
  Upload,
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

export function normalizeSuggest(s: SuggestResult): SuggestResult {
  return {
    ...s,
    candidates: arr(s.candidates),
    header: arr(s.header),
    map: s.map ?? {},
    date_order: str(s.date_order),
    columns: arr(s.columns).map((c) => ({ ...c, samples: arr(c.samples) })),
    missing: arr(s.missing),
    args: arr(s.args),
  };
}

export function normalizePreview(p: PreviewResult): PreviewResult {
  return {
    ...p,
    header: arr(p.header),
    records: arr(p.records),
    warnings: arr(p.warnings),
    source_zone: str(p.source_zone),
    profile_yaml: str(p.profile_yaml),
  };
}

export function normalizeCoverage(c: SystemCoverage): SystemCoverage {
  return { ...c, gaps: arr(c.gaps) };
}

export function normalizeRetention(r: Retention): Retention {
  return { ...r, days: num(r.days), due: num(r.due), cutoff_utc: instant(r.cutoff_utc) };
}

/** Where a download goes in a browser: the page hands it to the user as a file. */
export type SaveBlob = (blob: Blob, fileName: string) => void;

export interface Api {
  /** "wails" in the desktop app, "http" in a browser. */
  mode(): 'wails' | 'http';
  /** Whether import progress events arrive. */
  hasProgress(): boolean;
  workspace(): Promise<WorkspaceInfo>;
  openWorkspace(path: string): Promise<WorkspaceInfo>;
  createWorkspace(path: string): Promise<WorkspaceInfo>;
  recentWorkspaces(): Promise<Recent[]>;
  /** Desktop: the native open dialog; "" when cancelled. */
  chooseWorkspace(): Promise<string>;
  /** Desktop: the native save dialog for a new workspace; "" when cancelled. */
  chooseNewWorkspace(): Promise<string>;
  batches(): Promise<Batch[]>;
  profiles(): Promise<ProfileInfo[]>;
  /** Desktop: the native file dialog. */
  chooseFiles(): Promise<string[]>;
  /** Browser: uploads files; the answers' paths go to inspect and importFiles. */
  upload(files: readonly File[]): Promise<Upload[]>;
  inspect(paths: string[]): Promise<FilePlan[]>;
  importFiles(p: ImportParams): Promise<ImportResult[]>;
  cancelJob(jobId: string): Promise<void>;
  verify(): Promise<VerifyResult>;
  rejects(batchId: number): Promise<Reject[]>;
  /** Saves a batch's rejected rows as CSV: a save dialog on the desktop, a download in a browser.
   * Resolves to where it went ("" when the user cancelled the dialog). */
  saveRejects(batchId: number): Promise<string>;
  retention(): Promise<Retention>;
  setRetention(days: number): Promise<Retention>;
  planPurge(beforeUtc: string): Promise<PurgePlan>;
  purge(beforeUtc: string): Promise<PurgeResult>;
  suggestMapping(path: string): Promise<SuggestResult>;
  previewImport(p: PreviewParams): Promise<PreviewResult>;
  saveMappedProfile(p: SaveProfileParams): Promise<ProfileInfo>;
  exportProfile(id: string): Promise<string>;
  /** Saves a profile's YAML: a save dialog on the desktop, a download in a browser.
   * Resolves to where it went ("" when the user cancelled the dialog). */
  saveProfileYAML(id: string): Promise<string>;
  importProfile(yaml: string): Promise<ProfileInfo>;
  deleteProfile(id: string): Promise<void>;
  coverage(): Promise<SystemCoverage[]>;
  on<E extends keyof EventMap>(name: E, cb: (payload: EventMap[E]) => void): () => void;
  /** Desktop: files dropped on the window, as paths. A no-op in a browser. */
  onFileDrop(cb: (paths: string[]) => void): () => void;
}

export function createApi(t: Transport, saveBlob?: SaveBlob): Api {
  return {
    mode: () => t.kind(),
    hasProgress: () => t.hasEvents(),
    workspace: async () => normalizeWorkspace((await t.call('Workspace')) as WorkspaceInfo),
    openWorkspace: async (path) => normalizeWorkspace((await t.call('OpenWorkspace', { path })) as WorkspaceInfo),
    createWorkspace: async (path) => normalizeWorkspace((await t.call('CreateWorkspace', { path })) as WorkspaceInfo),
    recentWorkspaces: async () => arr((await t.call('RecentWorkspaces')) as Recent[] | null),
    chooseWorkspace: async () => str((await t.call('ChooseWorkspace')) as string | null),
    chooseNewWorkspace: async () => str((await t.call('ChooseNewWorkspace')) as string | null),
    batches: async () => arr((await t.call('Batches')) as Batch[] | null).map(normalizeBatch),
    profiles: async () => arr((await t.call('Profiles')) as ProfileInfo[] | null).map(normalizeProfile),
    chooseFiles: async () => arr((await t.call('ChooseFiles')) as string[] | null),
    upload: async (files) => {
      const out: Upload[] = [];
      // One at a time: the server writes each to disk as it arrives.
      for (const f of files) out.push(await t.upload(f, f.name));
      return out;
    },
    inspect: async (paths) => arr((await t.call('Inspect', { paths })) as FilePlan[] | null).map(normalizePlan),
    importFiles: async (p) => arr((await t.call('Import', p)) as ImportResult[] | null).map(normalizeResult),
    cancelJob: async (jobId) => {
      await t.call('CancelJob', { job_id: jobId });
    },
    verify: async () => (await t.call('Verify')) as VerifyResult,
    rejects: async (batchId) => arr((await t.call('Rejects', { batch_id: batchId })) as Reject[] | null),
    saveRejects: async (batchId) => {
      if (t.kind() === 'wails') return str((await t.call('SaveRejectsCSV', { batch_id: batchId })) as string | null);
      const name = `batch-${batchId}-rejects.csv`;
      const blob = await t.download(`rejects?batch_id=${batchId}`);
      if (!saveBlob) throw new Error('downloads are not available here');
      saveBlob(blob, name);
      return name;
    },
    retention: async () => normalizeRetention((await t.call('Retention')) as Retention),
    setRetention: async (days) => normalizeRetention((await t.call('SetRetention', { days })) as Retention),
    planPurge: async (beforeUtc) => (await t.call('PlanPurge', { before_utc: beforeUtc })) as PurgePlan,
    purge: async (beforeUtc) => (await t.call('Purge', { before_utc: beforeUtc, confirm: true })) as PurgeResult,
    suggestMapping: async (path) => normalizeSuggest((await t.call('SuggestMapping', { path })) as SuggestResult),
    previewImport: async (p) => normalizePreview((await t.call('PreviewImport', p)) as PreviewResult),
    saveMappedProfile: async (p) => normalizeProfile((await t.call('SaveMappedProfile', p)) as ProfileInfo),
    exportProfile: async (id) => str((await t.call('ExportProfile', { id })) as string | null),
    saveProfileYAML: async (id) => {
      if (t.kind() === 'wails') return str((await t.call('SaveProfileYAML', { id })) as string | null);
      const yaml = str((await t.call('ExportProfile', { id })) as string | null);
      if (!saveBlob) throw new Error('downloads are not available here');
      const name = `${id}.yaml`;
      saveBlob(new Blob([yaml], { type: 'application/yaml' }), name);
      return name;
    },
    importProfile: async (yaml) => normalizeProfile((await t.call('ImportProfile', { yaml })) as ProfileInfo),
    deleteProfile: async (id) => {
      await t.call('DeleteProfile', { id });
    },
    coverage: async () => arr((await t.call('Coverage')) as SystemCoverage[] | null).map(normalizeCoverage),
    on: (name, cb) => t.on(name, cb),
    onFileDrop: (cb) => t.onFileDrop(cb),
  };
}

/** Hands a blob to the user as a downloaded file. */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
