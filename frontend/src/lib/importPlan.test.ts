import { describe, expect, it } from 'vitest';
import type { FilePlan, ImportProgress, ProfileInfo } from '../api';
import {
  applyProgress,
  buildImportParams,
  chooseProfile,
  chooseZone,
  defaultZone,
  detection,
  detectionReason,
  initialProgress,
  initialRows,
  profileOptions,
  rowProblems,
  setIncluded,
  summarize,
  zoneRequired,
} from './importPlan';

const profile = (id: string, over: Partial<ProfileInfo> = {}): ProfileInfo => ({
  id,
  name: id,
  system: id,
  kind: 'events',
  description: '',
  required: [],
  optional: [],
  needs_zone: false,
  default_zone: '',
  builtin: true,
  ...over,
});

const profiles: ProfileInfo[] = [
  profile('2checkout', { name: '2Checkout users activity', needs_zone: true }),
  profile('octopuspro', { name: 'OctopusPro user activity log', needs_zone: true, default_zone: 'Australia/Sydney' }),
  profile('event-exporter', { name: 'Event platform activity' }),
  profile('backup-panel', { name: 'Backup panel users activity', needs_zone: true, default_zone: 'UTC' }),
];

const plan = (file: string, over: Partial<FilePlan> = {}): FilePlan => ({
  path: `/data/${file}`,
  file,
  size: 1000,
  encoding: 'utf-8',
  delimiter: ',',
  header: ['Date', 'User', 'Action'],
  candidates: [],
  profile: '',
  needs_zone: false,
  default_zone: '',
  error: '',
  ...over,
});

const USER_TZ = 'Europe/Berlin';

describe('detection', () => {
  it('classifies files', () => {
    expect(detection(plan('a.csv', { profile: '2checkout', candidates: ['2checkout'] }))).toBe('detected');
    expect(detection(plan('b.csv', { candidates: ['2checkout', 'octopuspro'] }))).toBe('ambiguous');
    expect(detection(plan('c.csv'))).toBe('unknown');
    expect(detection(plan('d.csv', { error: 'not a CSV: binary content' }))).toBe('unreadable');
  });

  it('offers the candidates when several match and every profile when none does', () => {
    const amb = plan('b.csv', { candidates: ['octopuspro', 'backup-panel'] });
    expect(profileOptions(amb, profiles).map((p) => p.id)).toEqual(['octopuspro', 'backup-panel']);
    expect(profileOptions(plan('c.csv'), profiles)).toHaveLength(profiles.length);
    const unlisted = plan('e.csv', { candidates: ['custom-1', '2checkout'] });
    expect(profileOptions(unlisted, profiles).map((p) => p.name)).toEqual(['custom-1', '2Checkout users activity']);
  });

  it('explains itself in a sentence', () => {
    expect(detectionReason(plan('b.csv', { candidates: ['2checkout', 'octopuspro'] }), profiles)).toBe(
      'Its header fits 2 profiles (2Checkout users activity, OctopusPro user activity log). Choose the system this export came from.',
    );
    expect(detectionReason(plan('c.csv'), profiles)).toContain('No profile recognises these columns: “Date”, “User”, “Action”');
    expect(detectionReason(plan('d.csv', { error: 'cannot open file' }), profiles)).toBe('cannot open file');
  });
});

describe('zones', () => {
  it('needs a zone when the plan or the chosen profile says so', () => {
    const p = plan('a.csv', { profile: 'event-exporter', needs_zone: true });
    expect(zoneRequired({ plan: p, profile: 'event-exporter' }, profiles)).toBe(true);
    expect(zoneRequired({ plan: plan('x.csv'), profile: 'event-exporter' }, profiles)).toBe(false);
    expect(zoneRequired({ plan: plan('x.csv'), profile: '2checkout' }, profiles)).toBe(true);
    expect(zoneRequired({ plan: plan('x.csv'), profile: '' }, profiles)).toBe(false);
  });

  it('defaults to the file plan, then the profile, then the user zone', () => {
    const p = plan('a.csv', { profile: 'octopuspro', needs_zone: true, default_zone: 'Australia/Perth' });
    expect(defaultZone(p, 'octopuspro', profiles, USER_TZ)).toBe('Australia/Perth');
    expect(defaultZone(plan('x.csv'), 'octopuspro', profiles, USER_TZ)).toBe('Australia/Sydney');
    expect(defaultZone(plan('x.csv'), '2checkout', profiles, USER_TZ)).toBe(USER_TZ);
  });
});

describe('rows', () => {
  const plans = [
    plan('detected-zone.csv', { profile: '2checkout', candidates: ['2checkout'], needs_zone: true }),
    plan('detected-iso.csv', { profile: 'event-exporter', candidates: ['event-exporter'] }),
    plan('ambiguous.csv', { candidates: ['octopuspro', 'backup-panel'] }),
    plan('unknown.csv'),
    plan('broken.csv', { error: 'empty file' }),
  ];

  it('preselects detected profiles and their zones', () => {
    const rows = initialRows(plans, profiles, USER_TZ);
    expect(rows.map((r) => [r.profile, r.tz, r.include])).toEqual([
      ['2checkout', USER_TZ, true],
      ['event-exporter', '', true],
      ['', '', true],
      ['', '', true],
      ['', '', false],
    ]);
  });

  it('blocks the import until every included file has a profile', () => {
    let rows = initialRows(plans, profiles, USER_TZ);
    let s = summarize(rows, profiles);
    expect(s).toMatchObject({ ready: 2, skipped: 1, blocked: 2, canImport: false });
    expect(s.problems).toEqual(['ambiguous.csv: choose a profile', 'unknown.csv: choose a profile']);

    rows = rows.map((r) => (r.plan.file === 'ambiguous.csv' ? chooseProfile(r, 'octopuspro', profiles, USER_TZ) : r));
    rows = rows.map((r) => (r.plan.file === 'unknown.csv' ? setIncluded(r, false) : r));
    s = summarize(rows, profiles);
    expect(s).toMatchObject({ ready: 3, skipped: 2, blocked: 0, canImport: true });
    expect(rows[2]?.tz).toBe('Australia/Sydney');
  });

  it('never includes an unreadable file', () => {
    const [row] = initialRows([plan('broken.csv', { error: 'x' })], profiles, USER_TZ);
    expect(row && setIncluded(row, true).include).toBe(false);
  });

  it('keeps a zone the user picked when the profile changes', () => {
    const [row] = initialRows([plan('ambiguous.csv', { candidates: ['octopuspro', 'backup-panel'] })], profiles, USER_TZ);
    if (!row) throw new Error('no row');
    let r = chooseProfile(row, 'octopuspro', profiles, USER_TZ);
    expect(r.tz).toBe('Australia/Sydney');
    r = chooseProfile(r, 'backup-panel', profiles, USER_TZ);
    expect(r.tz).toBe('UTC');
    r = chooseProfile(chooseZone(r, 'Asia/Tokyo'), 'octopuspro', profiles, USER_TZ);
    expect(r.tz).toBe('Asia/Tokyo');
  });

  it('asks for a zone when it was cleared', () => {
    const [row] = initialRows([plans[0] as FilePlan], profiles, USER_TZ);
    if (!row) throw new Error('no row');
    expect(rowProblems(chooseZone(row, ''), profiles)).toEqual(['choose the time zone its times are in']);
  });

  it('builds the Import call: included files only, tz only where needed', () => {
    let rows = initialRows(plans, profiles, USER_TZ);
    rows = rows.map((r) => (r.plan.file === 'ambiguous.csv' ? chooseProfile(r, 'backup-panel', profiles, USER_TZ) : r));
    rows = rows.map((r) => (r.plan.file === 'unknown.csv' ? chooseProfile(r, 'event-exporter', profiles, USER_TZ) : r));
    // a zone picked while the profile needed one is not sent once the profile does not
    rows = rows.map((r) => (r.plan.file === 'unknown.csv' ? { ...r, tz: 'Asia/Tokyo' } : r));
    expect(buildImportParams('job-1', rows, profiles)).toEqual({
      job_id: 'job-1',
      files: [
        { path: '/data/detected-zone.csv', profile: '2checkout', tz: USER_TZ },
        { path: '/data/detected-iso.csv', profile: 'event-exporter', tz: '' },
        { path: '/data/ambiguous.csv', profile: 'backup-panel', tz: 'UTC' },
        { path: '/data/unknown.csv', profile: 'event-exporter', tz: '' },
      ],
    });
  });

  it('refuses to build an Import call with undecided files', () => {
    const rows = initialRows(plans, profiles, USER_TZ);
    expect(() => buildImportParams('job-1', rows, profiles)).toThrow('ambiguous.csv: choose a profile');
    expect(() => buildImportParams('job-1', [], profiles)).toThrow('no file to import');
  });
});

describe('progress', () => {
  const files = [
    { path: '/data/a.csv', size: 1000 },
    { path: '/data/b.csv', size: 3000 },
    { path: '/data/c.csv', size: 500 },
  ];
  const ev = (over: Partial<ImportProgress>): ImportProgress => ({
    job_id: 'j',
    file: '',
    file_index: 0,
    files: 3,
    bytes: 0,
    total_bytes: 0,
    rows: 0,
    ...over,
  });

  it('reads per-file byte counts', () => {
    let p = initialProgress(files);
    p = applyProgress(p, files, ev({ file: '/data/a.csv', bytes: 500, total_bytes: 1000, rows: 40 }), 'j');
    expect(p[0]).toEqual({ state: 'running', fraction: 0.5, rows: 40 });
    p = applyProgress(p, files, ev({ file: 'b.csv', file_index: 1, bytes: 750, total_bytes: 3000, rows: 10 }), 'j');
    expect(p.map((x) => [x.state, x.fraction])).toEqual([
      ['done', 1],
      ['running', 0.25],
      ['waiting', null],
    ]);
    expect(p[0]?.rows).toBe(40);
  });

  it('shows a fully read file as indexing until it is committed', () => {
    let p = initialProgress(files);
    p = applyProgress(p, files, ev({ file: '/data/a.csv', bytes: 1000, total_bytes: 1000, rows: 90, stage: 'indexing' }), 'j');
    expect(p[0]).toEqual({ state: 'indexing', fraction: 1, rows: 90 });
    p = applyProgress(p, files, ev({ file: '/data/a.csv', bytes: 1000, total_bytes: 1000, rows: 90, stage: 'done' }), 'j');
    expect(p[0]).toEqual({ state: 'done', fraction: 1, rows: 90 });
    expect(p[1]?.state).toBe('waiting');
  });

  it('reads job-wide byte counts', () => {
    const p = applyProgress(initialProgress(files), files, ev({ file_index: 1, bytes: 2500, total_bytes: 4500 }), 'j');
    expect(p[1]?.fraction).toBe(0.5);
  });

  it('ignores other jobs and unknown files', () => {
    const p0 = initialProgress(files);
    expect(applyProgress(p0, files, ev({ job_id: 'other', bytes: 10, total_bytes: 1000 }), 'j')).toBe(p0);
    expect(applyProgress(p0, files, ev({ file: '/elsewhere/z.csv', file_index: 7 }), 'j')).toBe(p0);
  });
});

describe('progress of uploaded files', () => {
  it('names a file by its own name, not its server reference, and matches events by it', async () => {
    const { applyProgress, initialProgress, progressName } = await import('./importPlan');
    const files = [
      { path: 'upload:aa11', size: 100, name: 'march.csv' },
      { path: 'upload:bb22', size: 200, name: 'april.csv' },
    ];
    expect(files.map(progressName)).toEqual(['march.csv', 'april.csv']);
    expect(progressName({ path: '/home/me/x.csv', size: 1 })).toBe('x.csv');
    const next = applyProgress(initialProgress(files), files, {
      job_id: 'j', file: 'april.csv', file_index: 7, files: 2, bytes: 100, total_bytes: 200, rows: 5,
    }, 'j');
    expect(next[0]?.state).toBe('done');
    expect(next[1]?.state).toBe('running');
    expect(next[1]?.rows).toBe(5);
  });
});
