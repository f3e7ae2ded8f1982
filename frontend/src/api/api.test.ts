import { describe, expect, it, vi } from 'vitest';
import { createApi } from './client';
import {
  TOKEN_HEADER,
  TOKEN_STORAGE_KEY,
  createTransport,
  toError,
  type EventSourceLike,
  type TransportEnv,
} from './transport';
import type { AppMethods, ImportProgress } from './types';

function memoryStorage(init: Record<string, string> = {}) {
  const m = new Map(Object.entries(init));
  return {
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => void m.set(k, v),
    dump: () => Object.fromEntries(m),
  };
}

function jsonResponse(status: number, body: unknown): Response {
  return new Response(body === undefined ? '' : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
}

function browserEnv(fetchImpl: TransportEnv['fetch'], search = '?token=s3cret', storage = memoryStorage()) {
  const replaceState = vi.fn();
  const env: TransportEnv = {
    window: { location: { search, pathname: '/', hash: '' }, history: { replaceState } },
    fetch: fetchImpl,
    storage,
  };
  return { env, replaceState, storage };
}

describe('in the desktop app (Wails)', () => {
  it('calls window.go.main.App and never fetch', async () => {
    const fetch = vi.fn<TransportEnv['fetch']>();
    const Inspect = vi.fn<AppMethods['Inspect']>().mockResolvedValue([]);
    const env: TransportEnv = {
      window: { go: { main: { App: { Inspect } } }, location: { search: '', pathname: '/', hash: '' } },
      fetch,
      storage: null,
    };
    const api = createApi(createTransport(env));
    expect(api.mode()).toBe('wails');
    await api.inspect(['/a.csv', '/b.csv']);
    expect(Inspect).toHaveBeenCalledWith({ paths: ['/a.csv', '/b.csv'] });
    expect(fetch).not.toHaveBeenCalled();
  });

  it('turns a rejected string into an Error with the Go message', async () => {
    const env: TransportEnv = {
      window: {
        go: { main: { App: { Verify: () => Promise.reject('open workspace: database is locked') } } },
        location: { search: '', pathname: '/', hash: '' },
      },
      fetch: vi.fn(),
      storage: null,
    };
    const api = createApi(createTransport(env));
    await expect(api.verify()).rejects.toThrowError(new Error('open workspace: database is locked'));
  });

  it('says when a method is missing from the binding', async () => {
    const env: TransportEnv = {
      window: { go: { main: { App: {} } }, location: { search: '', pathname: '/', hash: '' } },
      fetch: vi.fn(),
      storage: null,
    };
    await expect(createApi(createTransport(env)).batches()).rejects.toThrow('Batches is not available');
  });

  it('subscribes to progress events and unsubscribes', () => {
    const off = vi.fn();
    let handler: ((...data: unknown[]) => void) | undefined;
    const env: TransportEnv = {
      window: {
        go: { main: { App: {} } },
        runtime: {
          EventsOn: (_name, cb) => {
            handler = cb;
            return off;
          },
        },
        location: { search: '', pathname: '/', hash: '' },
      },
      fetch: vi.fn(),
      storage: null,
    };
    const api = createApi(createTransport(env));
    const seen: ImportProgress[] = [];
    const unsubscribe = api.on('import:progress', (p) => seen.push(p));
    const ev: ImportProgress = { job_id: 'j', file: 'a.csv', file_index: 0, files: 1, bytes: 5, total_bytes: 10, rows: 2 };
    handler?.(ev);
    expect(seen).toEqual([ev]);
    expect(api.hasProgress()).toBe(true);
    unsubscribe();
    expect(off).toHaveBeenCalledOnce();
  });
});

describe('in a browser (trailbook serve)', () => {
  it('POSTs the arguments as a JSON array with the token from the URL', async () => {
    const fetch = vi.fn<TransportEnv['fetch']>().mockResolvedValue(jsonResponse(200, []));
    const { env, replaceState, storage } = browserEnv(fetch, '?token=s3cret&x=1');
    const api = createApi(createTransport(env));
    expect(api.mode()).toBe('http');
    expect(api.hasProgress()).toBe(false);
    await api.rejects(42);
    expect(fetch).toHaveBeenCalledOnce();
    const [url, init] = fetch.mock.calls[0] ?? [];
    expect(url).toBe('/api/Rejects');
    expect(init?.method).toBe('POST');
    expect(init?.body).toBe('[{"batch_id":42}]');
    expect(init?.headers).toEqual({ 'Content-Type': 'application/json', [TOKEN_HEADER]: 's3cret' });
    // remembered for reloads, and removed from the address bar
    expect(storage.dump()).toEqual({ [TOKEN_STORAGE_KEY]: 's3cret' });
    expect(replaceState).toHaveBeenCalledWith(null, '', '/?x=1');
  });

  it('reuses the token kept in sessionStorage after a reload', async () => {
    const fetch = vi.fn<TransportEnv['fetch']>().mockResolvedValue(jsonResponse(200, { ok: true, events: 3 }));
    const { env } = browserEnv(fetch, '', memoryStorage({ [TOKEN_STORAGE_KEY]: 'kept' }));
    await createApi(createTransport(env)).verify();
    const headers = fetch.mock.calls[0]?.[1]?.headers as Record<string, string>;
    expect(headers[TOKEN_HEADER]).toBe('kept');
  });

  it('sends methods without arguments as []', async () => {
    const fetch = vi.fn<TransportEnv['fetch']>().mockResolvedValue(jsonResponse(200, null));
    const { env } = browserEnv(fetch);
    expect(await createApi(createTransport(env)).batches()).toEqual([]);
    expect(fetch.mock.calls[0]?.[1]?.body).toBe('[]');
  });

  it('throws the error message of a non-2xx answer', async () => {
    const fetch = vi.fn<TransportEnv['fetch']>().mockResolvedValue(jsonResponse(400, { error: 'inspect: no such file' }));
    const { env } = browserEnv(fetch);
    await expect(createApi(createTransport(env)).inspect(['/nope.csv'])).rejects.toThrowError(
      new Error('inspect: no such file'),
    );
  });

  it('names the status when the error answer is not JSON', async () => {
    const fetch = vi.fn<TransportEnv['fetch']>().mockResolvedValue(new Response('forbidden\n', { status: 403 }));
    const { env } = browserEnv(fetch);
    await expect(createApi(createTransport(env)).workspace()).rejects.toThrow('Workspace failed: HTTP 403 forbidden');
  });

  it('explains a server that is gone', async () => {
    const fetch = vi.fn<TransportEnv['fetch']>().mockRejectedValue(new TypeError('Failed to fetch'));
    const { env } = browserEnv(fetch);
    await expect(createApi(createTransport(env)).workspace()).rejects.toThrow(/Cannot reach Trailbook \(Failed to fetch\)/);
  });

  it('accepts an empty body for void methods', async () => {
    const fetch = vi.fn<TransportEnv['fetch']>().mockResolvedValue(new Response('', { status: 200 }));
    const { env } = browserEnv(fetch);
    await expect(createApi(createTransport(env)).cancelJob('job-1')).resolves.toBeUndefined();
    expect(fetch.mock.calls[0]?.[1]?.body).toBe('[{"job_id":"job-1"}]');
  });

  it('without EventSource there are no events: subscribing is a no-op', () => {
    const { env } = browserEnv(vi.fn());
    const off = createApi(createTransport(env)).on('import:progress', () => {
      throw new Error('never called');
    });
    expect(typeof off).toBe('function');
    off();
  });
});

class FakeEventSource implements EventSourceLike {
  listeners = new Map<string, Set<(ev: MessageEvent<string>) => void>>();
  closed = false;
  constructor(readonly url: string) {}
  addEventListener(type: string, l: (ev: MessageEvent<string>) => void) {
    if (!this.listeners.has(type)) this.listeners.set(type, new Set());
    this.listeners.get(type)?.add(l);
  }
  removeEventListener(type: string, l: (ev: MessageEvent<string>) => void) {
    this.listeners.get(type)?.delete(l);
  }
  close() {
    this.closed = true;
  }
  emit(type: string, data: string) {
    for (const l of this.listeners.get(type) ?? []) l(new MessageEvent(type, { data }));
  }
}

describe('serve mode extras', () => {
  it('receives progress as server-sent events on one stream, token in the query', () => {
    const sources: FakeEventSource[] = [];
    const { env } = browserEnv(vi.fn(), '?token=t%2Bk');
    env.eventSource = (url) => {
      const es = new FakeEventSource(url);
      sources.push(es);
      return es;
    };
    const api = createApi(createTransport(env));
    expect(api.hasProgress()).toBe(true);
    const a: ImportProgress[] = [];
    const b: ImportProgress[] = [];
    const offA = api.on('import:progress', (p) => a.push(p));
    api.on('import:progress', (p) => b.push(p));
    expect(sources).toHaveLength(1);
    expect(sources[0]?.url).toBe('/api/events?token=t%2Bk');
    const ev: ImportProgress = { job_id: 'j', file: 'a.csv', file_index: 0, files: 1, bytes: 1, total_bytes: 2, rows: 1 };
    sources[0]?.emit('import:progress', JSON.stringify(ev));
    offA();
    sources[0]?.emit('import:progress', '{not json');
    sources[0]?.emit('import:progress', JSON.stringify({ ...ev, bytes: 2 }));
    expect(a).toEqual([ev]);
    expect(b.map((p) => p.bytes)).toEqual([1, 2]);
  });

  it('uploads each file with its name and the token, one after the other', async () => {
    const fetch = vi
      .fn<TransportEnv['fetch']>()
      .mockResolvedValueOnce(jsonResponse(200, { path: 'upload:1', name: 'a b.csv', size: 3 }))
      .mockResolvedValueOnce(jsonResponse(200, { path: 'upload:2', name: 'c.csv', size: 1 }));
    const { env } = browserEnv(fetch);
    const files = [new File(['x,y'], 'a b.csv'), new File(['z'], 'c.csv')];
    const ups = await createApi(createTransport(env)).upload(files);
    expect(ups.map((u) => u.path)).toEqual(['upload:1', 'upload:2']);
    expect(fetch.mock.calls[0]?.[0]).toBe('/api/upload?name=a%20b.csv');
    expect(fetch.mock.calls[0]?.[1]?.body).toBe(files[0]);
    expect((fetch.mock.calls[1]?.[1]?.headers as Record<string, string>)[TOKEN_HEADER]).toBe('s3cret');
  });

  it('reports a refused upload with the server message', async () => {
    const fetch = vi.fn<TransportEnv['fetch']>().mockResolvedValue(jsonResponse(400, { error: 'upload: give the file name' }));
    const { env } = browserEnv(fetch);
    await expect(createApi(createTransport(env)).upload([new File(['x'], 'a.csv')])).rejects.toThrow(
      'upload: give the file name',
    );
  });

  it('downloads rejects as a file in a browser', async () => {
    const fetch = vi.fn<TransportEnv['fetch']>().mockResolvedValue(new Response('file,line\n', { status: 200 }));
    const { env } = browserEnv(fetch);
    const saved: [string, string][] = [];
    const api = createApi(createTransport(env), (blob, name) => void blob.text().then((t) => saved.push([name, t])));
    await expect(api.saveRejects(7)).resolves.toBe('batch-7-rejects.csv');
    expect(fetch.mock.calls[0]?.[0]).toBe('/api/download/rejects?batch_id=7');
    expect(fetch.mock.calls[0]?.[1]?.method).toBe('GET');
    await vi.waitFor(() => expect(saved).toEqual([['batch-7-rejects.csv', 'file,line\n']]));
  });

  it('saves rejects through the native dialog on the desktop', async () => {
    const SaveRejectsCSV = vi.fn<AppMethods['SaveRejectsCSV']>().mockResolvedValue('/home/me/r.csv');
    const env: TransportEnv = {
      window: { go: { main: { App: { SaveRejectsCSV } } }, location: { search: '', pathname: '/', hash: '' } },
      fetch: vi.fn(),
      storage: null,
    };
    await expect(createApi(createTransport(env)).saveRejects(3)).resolves.toBe('/home/me/r.csv');
    expect(SaveRejectsCSV).toHaveBeenCalledWith({ batch_id: 3 });
  });

  it('asks for purge confirmation explicitly and names the instant', async () => {
    const fetch = vi.fn<TransportEnv['fetch']>().mockResolvedValue(jsonResponse(200, { before_utc: 'x', deleted: 2 }));
    const { env } = browserEnv(fetch);
    await createApi(createTransport(env)).purge('2024-01-01T00:00:00Z');
    expect(fetch.mock.calls[0]?.[1]?.body).toBe('[{"before_utc":"2024-01-01T00:00:00Z","confirm":true}]');
  });
});

describe('normalizing Go answers', () => {
  it('turns null slices and maps into empty ones', async () => {
    const fetch = vi.fn<TransportEnv['fetch']>();
    fetch.mockResolvedValueOnce(
      jsonResponse(200, [
        {
          file: 'a.csv', path: '/a.csv', size: 1, sha256: 'ab', profile: 'p', source_zone: '', rows: 0, inserted: 0,
          duplicates: 0, rejected: 0, skipped: 0, rejects: null, first_utc: '', last_utc: null, warnings: null,
          error: 'boom', duration_ms: 3,
        },
      ]),
    );
    fetch.mockResolvedValueOnce(
      jsonResponse(200, {
        path: '/w.trailbook', events: 0, own_events: 1, batches: 0, people: 0, users: 0, first_utc: null,
        last_utc: null, by_system: null, last_verify: null,
      }),
    );
    const { env } = browserEnv(fetch);
    const api = createApi(createTransport(env));
    const [r] = await api.importFiles({ job_id: 'j', files: [{ path: '/a.csv', profile: 'p', tz: '' }] });
    expect(r).toMatchObject({ rejects: [], warnings: [], first_utc: null, error: 'boom' });
    expect((await api.workspace()).by_system).toEqual({});
  });
});

describe('toError', () => {
  it.each([
    ['plain', 'plain'],
    [{ error: 'from object' }, 'from object'],
    [{ message: 'from message' }, 'from message'],
    [new Error('kept'), 'kept'],
    [42, '42'],
  ])('%j -> %s', (input, want) => {
    expect(toError(input).message).toBe(want);
  });
});

describe('mapping, profiles and coverage', () => {
  it('normalizes null arrays in suggestions, previews and coverage', async () => {
    const answers: Record<string, unknown> = {
      SuggestMapping: { file: 'a.csv', header: null, map: null, candidates: null, columns: [{ name: 'x', samples: null }], missing: null, args: null, date_order: null },
      PreviewImport: { file: 'a.csv', records: null, warnings: null, header: null, source_zone: null, profile_yaml: null },
      Coverage: [{ system: 's', gaps: null }],
    };
    const calls: { method: string; body: unknown }[] = [];
    const fetch = vi.fn<TransportEnv['fetch']>(async (input, init) => {
      const method = String(input).split('/api/')[1] ?? '';
      calls.push({ method, body: JSON.parse(String(init.body)) });
      return jsonResponse(200, answers[method] ?? null);
    });
    const api = createApi(createTransport(browserEnv(fetch).env));
    const s = await api.suggestMapping('upload:1');
    expect(s.header).toEqual([]);
    expect(s.map).toEqual({});
    expect(s.columns[0]?.samples).toEqual([]);
    const p = await api.previewImport({ file: { path: 'upload:1', profile: '', tz: 'UTC', map: { time: 'T' } }, rows: 3 });
    expect(p.records).toEqual([]);
    expect(p.source_zone).toBe('');
    expect((await api.coverage())[0]?.gaps).toEqual([]);
    expect(calls.map((c) => c.method)).toEqual(['SuggestMapping', 'PreviewImport', 'Coverage']);
    expect(calls[0]?.body).toEqual([{ path: 'upload:1' }]);
    expect(calls[1]?.body).toEqual([{ file: { path: 'upload:1', profile: '', tz: 'UTC', map: { time: 'T' } }, rows: 3 }]);
  });

  it('saves a profile as a download in a browser, through the save dialog on the desktop', async () => {
    const fetch = vi.fn<TransportEnv['fetch']>(async () => jsonResponse(200, 'id: tickets\n'));
    const saved: { name: string; text: string }[] = [];
    const api = createApi(createTransport(browserEnv(fetch).env), (blob, name) => {
      void blob.text().then((text) => saved.push({ name, text }));
    });
    expect(await api.saveProfileYAML('tickets')).toBe('tickets.yaml');
    await new Promise((r) => setTimeout(r, 0));
    expect(saved).toEqual([{ name: 'tickets.yaml', text: 'id: tickets\n' }]);

    const SaveProfileYAML = vi.fn<AppMethods['SaveProfileYAML']>().mockResolvedValue('/home/me/tickets.yaml');
    const env: TransportEnv = {
      window: { go: { main: { App: { SaveProfileYAML } } }, location: { search: '', pathname: '/', hash: '' } },
      fetch: vi.fn<TransportEnv['fetch']>(),
      storage: null,
    };
    expect(await createApi(createTransport(env)).saveProfileYAML('tickets')).toBe('/home/me/tickets.yaml');
    expect(SaveProfileYAML).toHaveBeenCalledWith({ id: 'tickets' });
  });
});
