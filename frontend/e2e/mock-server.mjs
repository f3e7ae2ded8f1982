#!/usr/bin/env node
// A stand-in for `trailbook serve`: serves frontend/dist and answers POST /api/<Method> with
// fixture data, so the UI can be looked at and clicked through without the Go backend.
//
//   npm run build && node e2e/mock-server.mjs [--port 4173]
//   then open http://127.0.0.1:4173/?token=populated
//
// The token picks a scenario (each keeps its own state until POST /__mock/reset):
//   empty      brand-new workspace; an import fills it
//   populated  a workspace with seven imports
//   tampered   populated, and Verify finds a row altered outside Trailbook
//   nodialog   ChooseFiles fails (as in a browser): the UI asks for paths
//   slow       imports take up to 30 s unless cancelled (to see progress and Cancel)
// Any other token is refused with 403, like the real server.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  BATCH_REJECTS,
  CHOSEN_FILES,
  PLANS,
  PROFILES,
  TAMPERED,
  emptyWorkspace,
  importResult,
  populatedBatches,
  populatedWorkspace,
  sha,
} from './mock-data.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const SCENARIOS = new Set(['empty', 'populated', 'tampered', 'nodialog', 'slow']);
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.png': 'image/png',
  '.json': 'application/json',
};

class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function newState(name) {
  const empty = name === 'empty';
  return {
    name,
    workspace: empty ? emptyWorkspace() : populatedWorkspace(),
    batches: empty ? [] : populatedBatches(),
    rejects: empty ? {} : { ...BATCH_REJECTS },
    cancelled: new Set(),
    calls: [],
  };
}

function applyImport(state, results) {
  const w = state.workspace;
  w.by_system ??= {};
  let nextId = Math.max(0, ...state.batches.map((b) => b.id)) + 1;
  for (const r of results) {
    w.own_events += 1;
    w.by_system.trailbook = (w.by_system.trailbook ?? 0) + 1;
    if (r.error) continue;
    const p = PROFILES.find((x) => x.id === r.profile);
    const id = nextId++;
    state.batches.unshift({
      id, file_name: r.file, size: r.size, sha256: r.sha256, profile: r.profile, system: p?.system ?? r.profile,
      source_zone: r.source_zone, first_utc: r.first_utc, last_utc: r.last_utc, rows: r.rows, inserted: r.inserted,
      duplicates: r.duplicates, rejected: r.rejected, skipped: r.skipped,
      imported_at: new Date().toISOString().replace(/\.\d+Z$/, 'Z'), imported_by: 'marta', status: 'ok',
    });
    state.rejects[id] = r.rejects;
    w.batches += 1;
    w.events += r.inserted;
    if (p?.system && r.inserted) w.by_system[p.system] = (w.by_system[p.system] ?? 0) + r.inserted;
    if (r.inserted) {
      w.users = Math.max(w.users, 5);
      if (r.first_utc && (!w.first_utc || r.first_utc < w.first_utc)) w.first_utc = r.first_utc;
      if (r.last_utc && (!w.last_utc || r.last_utc > w.last_utc)) w.last_utc = r.last_utc;
    }
  }
}

const methods = {
  Workspace: (s) => s.workspace,
  Batches: (s) => s.batches,
  Profiles: () => PROFILES,
  ChooseFiles: (s) => {
    if (s.name === 'nodialog') throw new ApiError(400, 'choose files: the file dialog is only available in the desktop app');
    return CHOSEN_FILES;
  },
  Inspect: (_s, [p]) => {
    if (!p || !Array.isArray(p.paths)) throw new ApiError(400, 'inspect: want {"paths": [...]}');
    return p.paths.map((path) => {
      const f = PLANS[path.split('/').pop()];
      return f
        ? f(path)
        : { path, file: path.split('/').pop(), size: 0, encoding: '', delimiter: '', header: null, candidates: null,
            profile: '', needs_zone: false, default_zone: '', error: `open ${path}: no such file or directory` };
    });
  },
  Import: async (s, [p]) => {
    if (!p || !p.job_id || !Array.isArray(p.files)) throw new ApiError(400, 'import: want {"job_id", "files"}');
    const until = Date.now() + (s.name === 'slow' ? 30_000 : 700);
    while (Date.now() < until && !s.cancelled.has(p.job_id)) await sleep(50);
    const cancelled = s.cancelled.has(p.job_id);
    const results = p.files.map((f, i) =>
      cancelled && i > 0
        ? { ...importResult(f), inserted: 0, rows: 0, rejected: 0, duplicates: 0, rejects: [], warnings: [],
            first_utc: null, last_utc: null, error: 'import cancelled' }
        : importResult(f),
    );
    applyImport(s, results);
    return results;
  },
  CancelImport: (s, [jobId]) => {
    s.cancelled.add(jobId);
    return null;
  },
  Verify: (s) => {
    s.workspace.own_events += 1;
    const result = s.name === 'tampered' ? TAMPERED : { ok: true, events: s.workspace.events + s.workspace.own_events };
    s.workspace.last_verify = {
      at: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      ok: result.ok,
      events: result.events,
      problem: result.problem ?? '',
    };
    return result;
  },
  Rejects: (s, [id]) => s.rejects[id] ?? [],
};

async function readBody(req) {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  return Buffer.concat(chunks).toString('utf8');
}

function send(res, status, body, type = 'application/json') {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
  res.end(body);
}

export async function startMockServer({ port = 0, dist = resolve(HERE, '../dist'), log = false } = {}) {
  const states = new Map();
  const stateFor = (token) => {
    if (!states.has(token)) states.set(token, newState(token));
    return states.get(token);
  };
  try {
    await stat(join(dist, 'index.html'));
  } catch {
    throw new Error(`no build in ${dist}: run \`npm run build\` first`);
  }

  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (req.method === 'POST' && url.pathname === '/__mock/reset') {
        states.clear();
        return send(res, 200, 'null');
      }
      if (url.pathname.startsWith('/api/')) {
        if (req.method !== 'POST') return send(res, 405, JSON.stringify({ error: 'POST only' }));
        const token = req.headers['x-trailbook-token'];
        if (typeof token !== 'string' || !SCENARIOS.has(token)) {
          return send(res, 403, JSON.stringify({ error: 'missing or wrong token: open the link printed by `trailbook serve`' }));
        }
        const name = url.pathname.slice('/api/'.length);
        const fn = methods[name];
        if (!fn) return send(res, 404, JSON.stringify({ error: `no method ${name}` }));
        let args;
        try {
          args = JSON.parse((await readBody(req)) || '[]');
        } catch {
          return send(res, 400, JSON.stringify({ error: 'body is not JSON' }));
        }
        if (!Array.isArray(args)) return send(res, 400, JSON.stringify({ error: 'body must be a JSON array of arguments' }));
        const state = stateFor(token);
        state.calls.push({ name, args });
        if (log) console.log(`[mock] ${token} ${name} ${JSON.stringify(args).slice(0, 120)}`);
        try {
          const out = await fn(state, args);
          return send(res, 200, out === undefined ? '' : JSON.stringify(out));
        } catch (e) {
          return send(res, e.status ?? 500, JSON.stringify({ error: e.message }));
        }
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed', 'text/plain');
      const rel = normalize(decodeURIComponent(url.pathname)).replace(/^(\.\.[/\\])+/, '');
      let file = join(dist, rel === '/' ? 'index.html' : rel);
      if (!file.startsWith(dist)) return send(res, 403, 'forbidden', 'text/plain');
      try {
        if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      } catch {
        file = join(dist, 'index.html');
      }
      const body = await readFile(file);
      res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch (e) {
      send(res, 500, JSON.stringify({ error: String(e?.message ?? e) }));
    }
  });

  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', ok);
  });
  const addr = server.address();
  const url = `http://127.0.0.1:${addr.port}`;
  return {
    url,
    states,
    close: () =>
      new Promise((ok) => {
        server.closeAllConnections?.();
        server.close(() => ok());
      }),
  };
}

// Run directly: serve until Ctrl+C.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--port');
  const port = i > 0 ? Number(process.argv[i + 1]) : 4173;
  const srv = await startMockServer({ port, log: true });
  console.log(`mock Trailbook at ${srv.url}/?token=populated  (tokens: ${[...SCENARIOS].join(', ')})`);
  const stop = async () => {
    await srv.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

export { sha };
