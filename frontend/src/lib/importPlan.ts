// The import review step as data: for each inspected file, which profile reads it, whether the
// user still has to choose one, and whether its zone-less times need a source time zone.
import type { FilePlan, ImportFile, ImportParams, ImportProgress, ProfileInfo } from '../api';
import { baseName } from './format';
import { mappedFile, mappingProblems, type MappingDraft } from './mapping';

/** How sure detection is about a file's format. */
export type Detection = 'detected' | 'ambiguous' | 'unknown' | 'unreadable';

export interface PlanRow {
  plan: FilePlan;
  /** Whether the user wants this file imported (unreadable files never are). */
  include: boolean;
  /** Chosen profile id; "" while undecided. */
  profile: string;
  /** Chosen source zone; only sent when the profile needs one. */
  tz: string;
  /** The user picked the zone themselves: a profile change must not overwrite it. */
  tzTouched: boolean;
  /** A column mapping the user made for a file no profile reads; it replaces the profile. */
  mapping?: MappingDraft;
}

export function detection(plan: FilePlan): Detection {
  if (plan.error) return 'unreadable';
  if (plan.profile) return 'detected';
  return plan.candidates.length > 1 ? 'ambiguous' : 'unknown';
}

export function findProfile(profiles: ProfileInfo[], id: string): ProfileInfo | undefined {
  return profiles.find((p) => p.id === id);
}

/** A candidate id Profiles() did not list still has to be choosable; show it by id. */
function stub(id: string): ProfileInfo {
  return {
    id,
    name: id,
    system: '',
    kind: 'events',
    description: '',
    required: [],
    optional: [],
    needs_zone: false,
    default_zone: '',
    builtin: false,
  };
}

/**
 * The profiles offered for a file: its candidates when several match, every profile when none
 * does (the user knows which system the file came from better than a header rule).
 */
export function profileOptions(plan: FilePlan, profiles: ProfileInfo[]): ProfileInfo[] {
  switch (detection(plan)) {
    case 'detected':
      return [findProfile(profiles, plan.profile) ?? stub(plan.profile)];
    case 'ambiguous':
      return plan.candidates.map((id) => findProfile(profiles, id) ?? stub(id));
    case 'unknown':
      return [...profiles].sort((a, b) => a.name.localeCompare(b.name));
    case 'unreadable':
      return [];
  }
}

function listNames(names: string[], max = 3): string {
  if (names.length <= max) return names.join(', ');
  return `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}

/** One clear sentence on why the user is (or is not) asked to choose. */
export function detectionReason(plan: FilePlan, profiles: ProfileInfo[]): string {
  switch (detection(plan)) {
    case 'detected': {
      const p = findProfile(profiles, plan.profile);
      return `Recognised from its header as ${p?.name ?? plan.profile}.`;
    }
    case 'ambiguous': {
      const names = plan.candidates.map((id) => findProfile(profiles, id)?.name ?? id);
      return `Its header fits ${names.length} profiles (${listNames(names)}). Choose the system this export came from.`;
    }
    case 'unknown': {
      const cols = plan.header.filter((h) => h.trim() !== '');
      const shown = cols.length ? `: ${listNames(cols.map((c) => `“${c}”`), 4)}` : '';
      return `No profile recognises these columns${shown}. Choose the profile of the system this export came from, or leave the file out.`;
    }
    case 'unreadable':
      return plan.error;
  }
}

/** Whether this file, read with the chosen profile, has zone-less times that need a source zone. */
export function zoneRequired(row: Pick<PlanRow, 'plan' | 'profile'>, profiles: ProfileInfo[]): boolean {
  if (!row.profile) return false;
  if (row.profile === row.plan.profile && row.plan.needs_zone) return true;
  return findProfile(profiles, row.profile)?.needs_zone ?? false;
}

/**
 * The zone to preselect: what Inspect proposed for this file (when the profile is the detected
 * one), else the profile's default, else the user's own zone.
 */
export function defaultZone(plan: FilePlan, profileId: string, profiles: ProfileInfo[], userTz: string): string {
  if (profileId && profileId === plan.profile && plan.default_zone) return plan.default_zone;
  return findProfile(profiles, profileId)?.default_zone || userTz;
}

function withProfile(row: PlanRow, profileId: string, profiles: ProfileInfo[], userTz: string): PlanRow {
  const next = { ...row, profile: profileId };
  if (!next.tzTouched) next.tz = zoneRequired(next, profiles) ? defaultZone(row.plan, profileId, profiles, userTz) : '';
  return next;
}

export function initialRows(plans: FilePlan[], profiles: ProfileInfo[], userTz: string): PlanRow[] {
  return plans.map((plan) => {
    const state = detection(plan);
    const row: PlanRow = { plan, include: state !== 'unreadable', profile: '', tz: '', tzTouched: false };
    return state === 'detected' ? withProfile(row, plan.profile, profiles, userTz) : row;
  });
}

export function chooseProfile(row: PlanRow, profileId: string, profiles: ProfileInfo[], userTz: string): PlanRow {
  const { mapping: _dropped, ...rest } = row;
  return withProfile(rest, profileId, profiles, userTz);
}

/** Reads the file through the user's column mapping instead of a profile. */
export function withMapping(row: PlanRow, mapping: MappingDraft): PlanRow {
  return { ...row, profile: '', tz: '', tzTouched: false, mapping, include: true };
}

/** The preview/import file for a ready row: its profile and zone, or its mapping. */
export function rowFile(row: PlanRow, profiles: ProfileInfo[]): ImportFile {
  if (row.mapping) return mappedFile(row.plan.path, row.mapping);
  return { path: row.plan.path, profile: row.profile, tz: zoneRequired(row, profiles) ? row.tz : '' };
}

export function chooseZone(row: PlanRow, tz: string): PlanRow {
  return { ...row, tz, tzTouched: true };
}

export function setIncluded(row: PlanRow, include: boolean): PlanRow {
  return { ...row, include: include && detection(row.plan) !== 'unreadable' };
}

/** What still stops this file from being imported; [] when it is ready or left out. */
export function rowProblems(row: PlanRow, profiles: ProfileInfo[]): string[] {
  if (!row.include) return [];
  if (row.mapping) return mappingProblems(row.mapping);
  const problems: string[] = [];
  if (!row.profile) problems.push('choose a profile');
  else if (zoneRequired(row, profiles) && !row.tz) problems.push('choose the time zone its times are in');
  return problems;
}

export interface PlanSummary {
  /** Files that will be imported. */
  ready: number;
  /** Files the user left out, or that could not be read. */
  skipped: number;
  /** Included files that still need a choice. */
  blocked: number;
  /** "report.csv: choose a profile" lines, for the footer. */
  problems: string[];
  canImport: boolean;
}

export function summarize(rows: PlanRow[], profiles: ProfileInfo[]): PlanSummary {
  let ready = 0;
  let skipped = 0;
  let blocked = 0;
  const problems: string[] = [];
  for (const row of rows) {
    if (!row.include) {
      skipped++;
      continue;
    }
    const p = rowProblems(row, profiles);
    if (p.length) {
      blocked++;
      problems.push(`${row.plan.file || baseName(row.plan.path)}: ${p.join(', ')}`);
    } else ready++;
  }
  return { ready, skipped, blocked, problems, canImport: ready > 0 && blocked === 0 };
}

/** The Import call for the ready files. Throws when a file still needs a choice. */
export function buildImportParams(jobId: string, rows: PlanRow[], profiles: ProfileInfo[]): ImportParams {
  const files: ImportFile[] = [];
  for (const row of rows) {
    if (!row.include) continue;
    const problems = rowProblems(row, profiles);
    if (problems.length) throw new Error(`${row.plan.file || baseName(row.plan.path)}: ${problems.join(', ')}`);
    if (row.mapping) files.push(mappedFile(row.plan.path, row.mapping));
    else files.push({ path: row.plan.path, profile: row.profile, tz: zoneRequired(row, profiles) ? row.tz : '' });
  }
  if (!files.length) throw new Error('no file to import');
  return { job_id: jobId, files };
}

export function newJobId(): string {
  const c = globalThis.crypto;
  if (c && typeof c.randomUUID === 'function') return c.randomUUID();
  return `job-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

// ---- progress -------------------------------------------------------------------------------

export interface FileProgress {
  /** indexing: every row is read; the file is being indexed for search and committed. */
  state: 'waiting' | 'running' | 'indexing' | 'done';
  /** 0..1, or null while unknown. */
  fraction: number | null;
  rows: number;
}

export interface ProgressFile {
  path: string;
  size: number;
  /** The file's own name (an uploaded file's path is a server reference). */
  name?: string;
}

/** The name to show for a file in progress. */
export const progressName = (f: ProgressFile): string => f.name || baseName(f.path);

export function initialProgress(files: ProgressFile[]): FileProgress[] {
  return files.map(() => ({ state: 'waiting', fraction: null, rows: 0 }));
}

function indexOfEventFile(files: ProgressFile[], ev: ImportProgress): number {
  if (ev.file) {
    let i = files.findIndex((f) => f.path === ev.file);
    if (i < 0) i = files.findIndex((f) => progressName(f) === baseName(ev.file));
    if (i >= 0) return i;
  }
  return ev.file_index >= 0 && ev.file_index < files.length ? ev.file_index : -1;
}

/**
 * Folds one `import:progress` event into the per-file bars. Files before the current one are
 * done. `bytes`/`total_bytes` may count the current file or the whole job; which one is told
 * apart by comparing `total_bytes` with the file sizes Inspect reported.
 */
export function applyProgress(
  prev: FileProgress[],
  files: ProgressFile[],
  ev: ImportProgress,
  jobId: string,
): FileProgress[] {
  if (ev.job_id !== jobId) return prev;
  const i = indexOfEventFile(files, ev);
  if (i < 0) return prev;
  const current = files[i];
  if (!current) return prev;
  const before = files.slice(0, i).reduce((s, f) => s + f.size, 0);
  const all = files.reduce((s, f) => s + f.size, 0);
  const cumulative = files.length > 1 && ev.total_bytes > 0 && ev.total_bytes === all && ev.total_bytes !== current.size;
  const done = cumulative ? ev.bytes - before : ev.bytes;
  const size = cumulative ? current.size : ev.total_bytes || current.size;
  const fraction = size > 0 ? Math.min(1, Math.max(0, done / size)) : null;
  return prev.map((p, j) => {
    if (j < i) return p.state === 'done' ? p : { ...p, state: 'done', fraction: 1 };
    if (j > i) return p;
    const rows = Math.max(p.rows, ev.rows);
    if (ev.stage === 'done') return { state: 'done', fraction: 1, rows };
    if (ev.stage === 'indexing') return { state: 'indexing', fraction: 1, rows };
    return { state: 'running', fraction, rows };
  });
}
