import { describe, expect, it } from 'vitest';
import { createReportApi, facetValues, type ReportTransport } from './report';

type Call = { method: string; args: unknown[] };

function fakeTransport(kind: 'wails' | 'http', answers: Record<string, unknown>) {
  const calls: Call[] = [];
  const downloads: string[] = [];
  const t: ReportTransport = {
    kind: () => kind,
    call: async (method, ...args) => {
      calls.push({ method, args });
      const a = answers[method];
      return typeof a === 'function' ? (a as (...x: unknown[]) => unknown)(...args) : a;
    },
    download: async (what) => {
      downloads.push(what);
      return new Blob(['x,y\n']);
    },
  };
  return { t, calls, downloads };
}

describe('report api', () => {
  it('pages by cursor or offset and normalizes Go nulls', async () => {
    const { t, calls } = fakeTransport('http', {
      Query: { events: [{ id: 1, occurred_at: '2024-01-01T00:00:00Z', system: 's', action: 'a', kind: 'view', changes: null, extra: null }], next: 'c2' },
      Count: { total: 42 },
    });
    const api = createReportApi(t);
    const p = await api.query({ spec: { users: ['ana'] }, cursor: 'c1', limit: 200 });
    expect(p.next).toBe('c2');
    expect(p.rows[0]?.changes).toEqual([]);
    expect(p.rows[0]?.extra).toEqual({});
    expect(calls[0]).toEqual({ method: 'Query', args: [{ spec: { users: ['ana'] }, cursor: 'c1', limit: 200 }] });
    expect(await api.count({})).toBe(42);
    const empty = createReportApi(fakeTransport('http', { Query: { events: null } }).t);
    expect(await empty.query({ spec: {}, offset: 500_000, limit: 10 })).toEqual({ rows: [], next: '' });
  });

  it('builds facets from one summary per field and filter set, searching values and names', async () => {
    const { t, calls } = fakeTransport('http', {
      Summary: [
        { key: 'ana@example.com', label: 'Ana Pop', count: 9 },
        { key: 'bob@example.com', count: 4 },
        { key: '', count: 1 },
      ],
    });
    const api = createReportApi(t);
    expect((await api.facets({ spec: {}, field: 'users', search: 'pop', limit: 10 })).map((f) => f.value)).toEqual(['ana@example.com']);
    expect((await api.facets({ spec: {}, field: 'users', search: '', limit: 10 })).length).toBe(2);
    expect(calls.filter((c) => c.method === 'Summary')).toEqual([{ method: 'Summary', args: [{ spec: {}, by: 'user' }] }]);
    await api.facets({ spec: { kinds: ['delete'] }, field: 'users', search: '', limit: 10 });
    expect(calls.filter((c) => c.method === 'Summary')).toHaveLength(2);
    expect(facetValues([{ key: 'a', count: 1 }, { key: 'b', count: 1 }], '', 1)).toHaveLength(1);
  });

  it('exports through the save dialog on the desktop, and nothing when it is cancelled', async () => {
    let chosen = '/home/ana/report.xlsx';
    const { t, calls } = fakeTransport('wails', {
      ChooseExportFile: () => chosen,
      Export: { path: '/home/ana/report.xlsx', format: 'xlsx', rows: 12, size: 3456, sha256: 'ab' },
    });
    const api = createReportApi(t);
    const r = await api.exportReport({ job_id: 'j1', spec: { users: ['ana'] }, format: 'xlsx', title: 'Ana' });
    expect(r).toEqual({ rows: 12, size: 3456, where: '/home/ana/report.xlsx' });
    expect(calls.map((c) => c.method)).toEqual(['ChooseExportFile', 'Export']);
    expect(calls[1]?.args[0]).toEqual({ job_id: 'j1', spec: { users: ['ana'] }, format: 'xlsx', title: 'Ana', path: '/home/ana/report.xlsx' });
    chosen = '';
    expect(await api.exportReport({ job_id: 'j2', spec: {}, format: 'csv', title: 'x' })).toBeNull();
    expect(calls.filter((c) => c.method === 'Export')).toHaveLength(1);
  });

  it('exports as a download in a browser, with the spec in the request', async () => {
    const { t, downloads } = fakeTransport('http', {});
    const saved: string[] = [];
    const api = createReportApi(t, (_b, name) => saved.push(name));
    const r = await api.exportReport({ job_id: 'j3', spec: { kinds: ['delete'] }, format: 'csv', title: 'Deletes · March' });
    const q = new URLSearchParams(downloads[0]?.split('?')[1]);
    expect(downloads[0]?.startsWith('export?')).toBe(true);
    expect([q.get('job_id'), q.get('format'), JSON.parse(q.get('spec') ?? '{}')]).toEqual(['j3', 'csv', { kinds: ['delete'] }]);
    expect(saved).toEqual(['Deletes-March.csv']);
    expect(r?.size).toBe(4);
  });
});
