// How calls reach Go. In the desktop app Wails injects `window.go.main.App` (each bound method
// returns a Promise that rejects with the Go error string) and `window.runtime` (events).
// In a browser, `trailbook serve` exposes each bound method as `POST /api/<Method>` with the
// arguments as a JSON array, guarded by a per-run token that arrives in the page URL (?token=).
// There, progress arrives as server-sent events (GET /api/events), files are uploaded
// (POST /api/upload) and downloads are fetched with the token (GET /api/download/...).
import type { AppMethods, EventMap, MethodName, Upload } from './types';

export type Args<M extends MethodName> = Parameters<AppMethods[M]>;
export type Result<M extends MethodName> = Awaited<ReturnType<AppMethods[M]>>;

export interface Transport {
  /** "wails" inside the desktop app, "http" in a browser. */
  readonly kind: () => 'wails' | 'http';
  /** Whether Go can push progress events (Wails events, or server-sent events in a browser). */
  readonly hasEvents: () => boolean;
  call<M extends MethodName>(method: M, ...args: Args<M>): Promise<unknown>;
  on<E extends keyof EventMap>(name: E, cb: (payload: EventMap[E]) => void): () => void;
  /** Browser only: sends a file to the server, which keeps it for Inspect and Import. */
  upload(file: Blob, name: string): Promise<Upload>;
  /** Browser only: fetches a download (e.g. "rejects?batch_id=3") with the token. */
  download(what: string): Promise<Blob>;
  /** Desktop only: paths of files dropped on the window. In a browser drops are File objects. */
  onFileDrop(cb: (paths: string[]) => void): () => void;
}

/** The part of EventSource the transport uses. */
export interface EventSourceLike {
  addEventListener(type: string, listener: (ev: MessageEvent<string>) => void): void;
  removeEventListener(type: string, listener: (ev: MessageEvent<string>) => void): void;
  close(): void;
}

/** What the transport needs from its surroundings; the real ones in a page, stubs in tests. */
export interface TransportEnv {
  window: Pick<Window, 'go' | 'runtime'> & {
    location: { search: string; pathname: string; hash: string };
    history?: { replaceState(data: unknown, unused: string, url?: string): void };
  };
  fetch: (input: string, init: RequestInit) => Promise<Response>;
  storage: Pick<Storage, 'getItem' | 'setItem'> | null;
  /** Opens a server-sent event stream; absent where EventSource is not available. */
  eventSource?: (url: string) => EventSourceLike;
}

export const TOKEN_HEADER = 'X-Trailbook-Token';
export const TOKEN_STORAGE_KEY = 'trailbook.token';

/** Turns whatever a rejected call produced into an Error whose message is the Go error text. */
export function toError(reason: unknown): Error {
  if (reason instanceof Error) return reason;
  if (typeof reason === 'string') return new Error(reason || 'unknown error');
  if (reason && typeof reason === 'object') {
    const r = reason as Record<string, unknown>;
    if (typeof r.error === 'string' && r.error) return new Error(r.error);
    if (typeof r.message === 'string' && r.message) return new Error(r.message);
  }
  return new Error(String(reason));
}

/**
 * Reads the serve token: from the page URL when present (then remembered for this tab and
 * removed from the address bar so it does not end up in screenshots or copied links),
 * otherwise from sessionStorage.
 */
export function captureToken(env: TransportEnv): string {
  const { location, history } = env.window;
  const params = new URLSearchParams(location.search);
  const fromUrl = params.get('token');
  if (fromUrl) {
    try {
      env.storage?.setItem(TOKEN_STORAGE_KEY, fromUrl);
    } catch {
      // storage may be disabled; the token still works for this page load
    }
    params.delete('token');
    const rest = params.toString();
    history?.replaceState(null, '', location.pathname + (rest ? `?${rest}` : '') + location.hash);
    return fromUrl;
  }
  try {
    return env.storage?.getItem(TOKEN_STORAGE_KEY) ?? '';
  } catch {
    return '';
  }
}

type BoundFn = (...args: unknown[]) => Promise<unknown>;

export function createTransport(env: TransportEnv): Transport {
  let token: string | null = null;
  const getToken = () => (token ??= captureToken(env));
  // Checked per call: Wails sets window.go up before the page scripts run, but a lazy check
  // costs nothing and also lets tests switch modes.
  const bound = () => env.window.go?.main?.App;

  async function send(url: string, init: RequestInit): Promise<Response> {
    try {
      return await env.fetch(url, init);
    } catch (e) {
      throw new Error(`Cannot reach Trailbook (${toError(e).message}). Is \`trailbook serve\` still running?`);
    }
  }

  async function failure(what: string, res: Response): Promise<Error> {
    return new Error(errorText(what, res.status, await res.text()));
  }

  let source: EventSourceLike | null = null;
  const openSource = (): EventSourceLike | null => {
    if (!env.eventSource) return null;
    source ??= env.eventSource(`/api/events?token=${encodeURIComponent(getToken())}`);
    return source;
  };

  async function viaHttp(method: MethodName, args: unknown[]): Promise<unknown> {
    const res = await send(`/api/${method}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', [TOKEN_HEADER]: getToken() },
      body: JSON.stringify(args),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(errorText(method, res.status, text));
    if (text.trim() === '') return undefined;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new Error(`${method}: the answer was not JSON`);
    }
  }

  return {
    kind: () => (bound() ? 'wails' : 'http'),
    hasEvents: () => (bound() ? Boolean(env.window.runtime) : Boolean(env.eventSource)),
    async call(method, ...args) {
      const app = bound();
      if (app) {
        const fn = app[method] as BoundFn | undefined;
        if (typeof fn !== 'function') throw new Error(`${method} is not available in this version of Trailbook`);
        try {
          return await fn(...args);
        } catch (e) {
          throw toError(e);
        }
      }
      return viaHttp(method, args);
    },
    on(name, cb) {
      if (!bound()) {
        const es = openSource();
        if (!es) return () => {};
        const listener = (ev: MessageEvent<string>) => {
          try {
            cb(JSON.parse(ev.data) as EventMap[typeof name]);
          } catch {
            // a malformed event is dropped; progress is advisory
          }
        };
        es.addEventListener(name, listener);
        return () => es.removeEventListener(name, listener);
      }
      const rt = env.window.runtime;
      if (!rt) return () => {};
      const off = rt.EventsOn(name, (...data: unknown[]) => cb(data[0] as EventMap[typeof name]));
      return typeof off === 'function' ? off : () => {};
    },
    onFileDrop(cb) {
      const rt = env.window.runtime;
      if (!bound() || !rt?.OnFileDrop) return () => {};
      rt.OnFileDrop((_x, _y, paths) => cb(Array.isArray(paths) ? paths : []), false);
      return () => rt.OnFileDropOff?.();
    },
    async upload(file, name) {
      if (bound()) throw new Error('uploads are for the browser; the desktop app reads files directly');
      const res = await send(`/api/upload?name=${encodeURIComponent(name)}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/octet-stream', [TOKEN_HEADER]: getToken() },
        body: file,
      });
      if (!res.ok) throw await failure(`Upload of ${name}`, res);
      return (await res.json()) as Upload;
    },
    async download(what) {
      if (bound()) throw new Error('downloads are for the browser; the desktop app saves through a dialog');
      const res = await send(`/api/download/${what}`, {
        method: 'GET',
        headers: { [TOKEN_HEADER]: getToken() },
      });
      if (!res.ok) throw await failure('Download', res);
      return res.blob();
    },
  };
}

/** The message of a failed answer: the server's {"error"} when there is one, else the status. */
export function errorText(what: string, status: number, text: string): string {
  try {
    const body: unknown = JSON.parse(text);
    if (body && typeof body === 'object' && typeof (body as { error?: unknown }).error === 'string') {
      return (body as { error: string }).error;
    }
  } catch {
    // not JSON: fall through to the status line
  }
  return `${what} failed: HTTP ${status}${text ? ` ${text.trim().slice(0, 200)}` : ''}`;
}

/** The transport of this page. */
export function browserTransport(): Transport {
  let storage: TransportEnv['storage'] = null;
  try {
    storage = window.sessionStorage;
  } catch {
    storage = null;
  }
  return createTransport({
    window,
    fetch: (input, init) => window.fetch(input, init),
    storage,
    eventSource: typeof EventSource === 'function' ? (url) => new EventSource(url) : undefined,
  });
}
