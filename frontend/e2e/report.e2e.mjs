// End-to-end: the report builder (Events) and Summary of the real `trailbook serve`, driven in
// headless Chromium. Every number the UI shows is checked against a count taken here from the
// source CSV files themselves.
//
//   make e2e    (or: TRAILBOOK_BIN=../build/bin/trailbook-e2e node --test e2e/report.e2e.mjs)
//
// TB_PERF_ROWS sets the size of the generated workspace of the performance case (default
// 100,000; the figures in the README are from 1,000,000). Screenshots go to e2e/shots/.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import * as harness from './harness.mjs';
import { BIN, REPO, SHOTS, launchBrowser, num, run, screenshot, stopServer } from './harness.mjs';

const PANEL = join(REPO, 'backend/ingest/testdata/profiles/backup-panel/basic.csv');
const OCTO = join(REPO, 'backend/ingest/testdata/profiles/octopuspro/monthfirst-new-york.csv');
const PERF_ROWS = Number(process.env.TB_PERF_ROWS ?? 100_000);

let tmp, browser;
const servers = [];

/** A CSV without quoted newlines as records (header first); handles quoted commas. */
async function readCSV(path) {
  const text = await readFile(path, 'utf8');
  return text
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '')
    .map((line) => {
      const out = [];
      let cur = '';
      let q = false;
      for (const ch of line) {
        if (ch === '"') q = !q;
        else if (ch === ',' && !q) {
          out.push(cur);
          cur = '';
        } else cur += ch;
      }
      out.push(cur);
      return out;
    });
}

/** "retention: 30; transfer_mode: full" -> { retention: "30", transfer_mode: "full" } */
function keyValues(s) {
  const m = {};
  for (const part of s.split(';')) {
    const i = part.indexOf(':');
    if (i > 0) m[part.slice(0, i).trim()] = part.slice(i + 1).trim();
  }
  return m;
}

/** A server over db, stopped in after(). */
async function startServer(db) {
  const server = await harness.startServer(db, tmp, { urlTimeout: 15_000 });
  servers.push(server.proc);
  return server;
}

/** A page that also records every failed HTTP answer. */
const newPage = (scheme = 'light') => harness.newPage(browser, { scheme, failedResponses: true });

/** Waits until the table has counted `want` rows and shows its first rows. */
async function expectTotal(page, want, what, timeout = 20_000) {
  try {
    await page.waitForFunction(
      (n) => {
        const el = document.querySelector('.tb-results-scroll');
        return el && el.dataset.total === String(n) && (n === 0 || el.dataset.firstLoaded === 'yes');
      },
      want,
      { timeout },
    );
  } catch {
    const got = await page.locator('.tb-results-scroll').getAttribute('data-total');
    assert.fail(`${what}: the table counts ${got} rows, the source files say ${want}`);
  }
}

let app; // the server over the fixture workspace

before(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'trailbook-report-e2e-'));
  await mkdir(SHOTS, { recursive: true });
  const db = join(tmp, 'audit.trailbook');
  await run(BIN, ['--db', db, 'import', PANEL]);
  await run(BIN, ['--db', db, 'import', '--tz', 'America/New_York', OCTO]).catch((e) => {
    // One row of this file is rejected on purpose (a day-first date); the import still lands.
    if (!/rejected/.test(String(e.stdout) + String(e.stderr))) throw e;
  });
  app = await startServer(db);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close().catch(() => {});
  for (const p of servers) await stopServer(p);
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

test('filter by user and date: the total is the rows of the source file', async () => {
  const rows = (await readCSV(PANEL)).slice(1);
  const want = rows.filter((r) => r[2] === 'admin' && r[0].slice(0, 10) >= '2024-02-12' && r[0].slice(0, 10) <= '2024-02-15').length;
  const all = rows.length + (await readCSV(OCTO)).length - 1 - 1; // one octopus row is rejected
  const { page, errors } = await newPage();
  await page.goto(`${app.url}#/events`);
  await expectTotal(page, all, 'all events');
  await screenshot(page, '20-events');

  // Users: type to search the facet, pick the user.
  const users = page.getByRole('textbox', { name: 'Users' });
  await users.click();
  await users.fill('adm');
  await page.getByRole('option', { name: /^admin/ }).click();
  await page.keyboard.press('Escape');
  // Period: a custom range of whole days.
  await page.getByRole('textbox', { name: 'Period' }).click();
  await page.getByRole('option', { name: 'Custom range' }).click();
  await page.getByRole('textbox', { name: 'From' }).fill('2024-02-12');
  await page.getByRole('textbox', { name: 'To', exact: true }).fill('2024-02-15');
  await expectTotal(page, want, 'admin, 12-15 February');
  assert.match(decodeURIComponent(new URL(page.url()).hash), /users=admin.*from=2024-02-12|from=2024-02-12.*users=admin/, 'filters are not in the URL');
  // Every row shown is admin's.
  const shown = await page.locator('.tb-results-row [role="gridcell"]:nth-child(2)').allInnerTexts();
  assert.ok(shown.length === want && shown.every((u) => u === 'admin'), `rows ${shown}`);
  await screenshot(page, '21-events-filtered');

  // The URL alone reproduces the view.
  await page.reload();
  await expectTotal(page, want, 'after reload');
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('search an ID', async () => {
  const rejects = new Set((await app.api('Batches')).flatMap((b) => (b.file_name.startsWith('monthfirst') ? [b.id] : [])));
  const [batch] = [...rejects];
  const rejectedLines = new Set((await app.api('Rejects', { batch_id: batch })).map((r) => r.line));
  const lines = (await readFile(OCTO, 'utf8')).split(/\r?\n/);
  const want = lines.filter((l, i) => l.includes('INV-7001') && !rejectedLines.has(i + 1)).length;
  assert.ok(want > 0);
  const { page, errors } = await newPage();
  await page.goto(`${app.url}#/events`);
  // The shortcut works once the screen is up; a keypress before that would be lost.
  await page.locator('.tb-results-row').first().waitFor();
  await page.keyboard.press('/');
  const search = page.getByPlaceholder(/Search words/);
  await search.waitFor();
  assert.ok(await search.evaluate((el) => el === document.activeElement), '/ focuses the search box');
  await page.keyboard.type('INV-7001');
  await expectTotal(page, want, 'search INV-7001');
  const refs = await page.locator('.tb-results-row').allInnerTexts();
  assert.ok(refs.every((t) => t.includes('INV-7001')), 'a row without the ID');
  await screenshot(page, '22-events-search');
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('drill-down: the diff is the source line, and the jumps set the filters', async () => {
  const src = await readCSV(PANEL);
  const header = src[0];
  const LINE = 4; // 2024-02-10 10:05 admin UPDATE: retention 30 -> 60
  const rec = src[LINE - 1];
  const oldV = keyValues(rec[header.indexOf('Old values')]);
  const newV = keyValues(rec[header.indexOf('New values')]);
  const page1 = await app.api('Query', { spec: { users: ['admin'] }, limit: 100 });
  const ev = page1.events.find((e) => e.file === 'basic.csv' && e.line === LINE);
  assert.ok(ev, 'the event of line 4 is not listed');

  const { page, errors } = await newPage();
  await page.goto(`${app.url}#/events?users=admin`);
  await page.locator(`.tb-results-row[data-id="${ev.id}"]`).click();
  const panel = page.locator('.tb-drilldown');
  await panel.getByText(`basic.csv:${LINE}`).waitFor();
  const diff = panel.getByTestId('diff');
  let changed = 0;
  for (const field of Object.keys(newV)) {
    if (oldV[field] === newV[field]) continue;
    changed++;
    const row = diff.locator(`tr[data-field="${field}"]`);
    assert.equal(await row.locator('.tb-diff-old').innerText(), oldV[field], `old ${field}`);
    assert.equal(await row.locator('.tb-diff-new').innerText(), newV[field], `new ${field}`);
  }
  assert.ok(changed > 0, 'the source line changes nothing');
  assert.equal(await panel.getByText(rec[1], { exact: true }).count(), 1, 'IP of the source line');
  await screenshot(page, '23-drilldown');

  // This user's activity within an hour either side, counted from the file.
  const at = Date.parse(`${rec[0].replace(' ', 'T')}Z`);
  const near = src.slice(1).filter((r) => r[2] === rec[2] && Math.abs(Date.parse(`${r[0].replace(' ', 'T')}Z`) - at) <= 3_600_000).length;
  await panel.getByRole('button', { name: 'This user ±1 h' }).click();
  await expectTotal(page, near, 'the user ±1 h');
  // Back returns to the previous filters.
  await page.goBack();
  await expectTotal(page, src.slice(1).filter((r) => r[2] === 'admin').length, 'back to admin');
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('a flag lists the events behind it', async () => {
  const rows = (await readCSV(PANEL)).slice(1);
  // Off hours by the default rules: before 08:00 or from 18:00, or on a weekend (UTC).
  const off = (r) => {
    const d = new Date(`${r[0].replace(' ', 'T')}Z`);
    const h = d.getUTCHours();
    return h < 8 || h >= 18 || d.getUTCDay() === 0 || d.getUTCDay() === 6;
  };
  const bot = rows.filter((r) => r[2] === 'backup-bot' && off(r) && r[0].startsWith('2024-02-10'));
  assert.equal(bot.length, 1);
  const { page, errors } = await newPage();
  await page.goto(`${app.url}#/summary`);
  const flag = page.locator('[data-flag="off_hours"]', { hasText: 'backup-bot' }).filter({ hasText: '2024-02-10' });
  await flag.waitFor();
  await screenshot(page, '24-summary');
  const button = flag.getByRole('button');
  assert.equal(num(await button.innerText()), bot.length, 'events behind the flag');
  await button.click();
  await expectTotal(page, bot.length, 'the flagged events');
  const line = rows.indexOf(bot[0]) + 2;
  const first = await app.api('Query', { spec: { users: ['backup-bot'], preset: 'custom', from: '2024-02-10', to: '2024-02-10' }, limit: 10 });
  assert.equal(first.events[0].line, line);
  assert.equal(await page.locator(`.tb-results-row[data-id="${first.events[0].id}"]`).count(), 1);
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('summary and events in dark mode', async () => {
  const { page, errors } = await newPage('dark');
  await page.goto(`${app.url}#/summary`);
  await page.getByRole('img', { name: 'Events by kind' }).waitFor();
  await page.waitForTimeout(600);
  await screenshot(page, '25-summary-dark');
  await page.goto(`${app.url}#/events`);
  await page.locator('.tb-results-row').first().waitFor();
  await screenshot(page, '26-events-dark');
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('export XLSX as a browser download and read it back', async () => {
  const rows = (await readCSV(PANEL)).slice(1);
  const want = rows.filter((r) => r[2] === 'admin');
  const { page, errors } = await newPage();
  await page.goto(`${app.url}#/events?users=admin`);
  await expectTotal(page, want.length, 'admin');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export' }).click();
  await page.getByRole('menuitem', { name: /Excel workbook/ }).click();
  const file = await (await download).path();
  await page.getByTestId('export-done').waitFor();
  // An XLSX is a zip of XML: list its sheets and count the rows of the details sheet.
  const { stdout: list } = await run('unzip', ['-Z1', file]);
  const sheets = list.split('\n').filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n));
  let found = false;
  for (const s of sheets) {
    const { stdout: xml } = await run('unzip', ['-p', file, s], { maxBuffer: 64 << 20 });
    const n = (xml.match(/<row[ >]/g) ?? []).length;
    if (n === want.length + 1 && xml.includes('admin')) found = true;
  }
  assert.ok(found, `no sheet with a header and ${want.length} rows in ${sheets}`);
  assert.deepEqual(errors, []);
  await page.context().close();
});

test(`performance on a generated ${PERF_ROWS.toLocaleString('en-US')}-event workspace`, { timeout: 15 * 60_000 }, async () => {
  const csv = join(tmp, 'big.csv');
  const start = Date.UTC(2024, 0, 1);
  const lines = ['Date,IP Addr,Username,Action,Page,ID,Old values,New values'];
  for (let i = 0; i < PERF_ROWS; i++) {
    const ts = new Date(start + i * 30_000).toISOString().slice(0, 19).replace('T', ' ');
    lines.push(`${ts},192.0.2.${i % 250},user${i % 97},${i % 5 ? 'UPDATE' : 'DELETE'},schedules,${i},a: ${i},a: ${i + 1}`);
  }
  await writeFile(csv, lines.join('\n') + '\n');
  const db = join(tmp, 'big.trailbook');
  const t0 = Date.now();
  await run(BIN, ['--db', db, 'import', csv], { maxBuffer: 16 << 20 });
  const importS = (Date.now() - t0) / 1000;
  const big = await startServer(db);
  const user7 = lines.slice(1).filter((l) => l.split(',')[2] === 'user7').length;

  const { page, errors } = await newPage();
  // First screen right after the import: the first rows, then the total (the first count
  // after an import also brings the workspace's hourly rollups up to date).
  let t = Date.now();
  await page.goto(`${big.url}#/events`);
  await page.waitForSelector('.tb-results-row[data-id]', { timeout: 120_000 });
  const coldRows = Date.now() - t;
  await expectTotal(page, PERF_ROWS, 'all generated rows', 120_000);
  const coldTotal = Date.now() - t;
  // And as it is every other time: a fresh page load of the same workspace.
  t = Date.now();
  await page.reload();
  await expectTotal(page, PERF_ROWS, 'all generated rows');
  const first = Date.now() - t;

  // A filter change: the hash changes as a Back/Forward or a link would, the table redraws.
  const filterMs = await page.evaluate(async () => {
    const t1 = performance.now();
    window.history.pushState(null, '', '#/events?users=user7');
    window.dispatchEvent(new PopStateEvent('popstate'));
    await new Promise((ok) => {
      const check = () => {
        const el = document.querySelector('.tb-results-scroll');
        const row = document.querySelector('.tb-results-row [role="gridcell"]:nth-child(2)');
        if (el?.dataset.firstLoaded === 'yes' && row?.textContent === 'user7') ok();
        else requestAnimationFrame(check);
      };
      check();
    });
    return performance.now() - t1;
  });
  await expectTotal(page, user7, 'user7');

  // Back to all rows, then jump to row 500,000 (or the middle) through "Go to row".
  await page.goBack();
  await expectTotal(page, PERF_ROWS, 'all rows again');
  const target = Math.min(500_000, Math.floor(PERF_ROWS / 2));
  await page.getByRole('textbox', { name: 'Go to row' }).fill(String(target));
  const jumpMs = await page.evaluate(async (row) => {
    const t1 = performance.now();
    document.querySelector('[aria-label="Go to that row"]').click();
    await new Promise((ok) => {
      const check = () => {
        const el = document.querySelector('.tb-results-scroll');
        const first = Number(el?.dataset.firstRow);
        const drawn = document.querySelector(`.tb-results-row[data-row="${row - 1}"][data-id]`);
        if (first === row - 1 && el?.dataset.firstLoaded === 'yes' && drawn) ok();
        else requestAnimationFrame(check);
      };
      check();
    });
    return performance.now() - t1;
  }, target);
  // The row shown there is the one the store has at that offset (newest first: the id counts down).
  const atRow = await page.locator(`.tb-results-row[data-row="${target - 1}"]`).getAttribute('data-id');
  const byApi = await big.api('Query', { spec: {}, offset: target - 1, limit: 1 });
  assert.equal(Number(atRow), byApi.events[0].id, 'the row drawn is not the one at that offset');
  await screenshot(page, '27-events-big-jump');

  console.log(
    `perf (${PERF_ROWS.toLocaleString('en-US')} events, import ${importS.toFixed(1)} s): right after the import first rows ${coldRows} ms, ` +
      `total ${coldTotal} ms; first screen (page load to rows and total) ${first} ms, ` +
      `filter change ${filterMs.toFixed(0)} ms, jump to row ${target.toLocaleString('en-US')} ${jumpMs.toFixed(0)} ms`,
  );
  assert.deepEqual(errors, []);
  await page.context().close();
});
