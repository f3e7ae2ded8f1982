// End-to-end: the real `trailbook serve` binary on a temp workspace, driven in headless
// Chromium the way a person uses it. Numbers shown in the UI are checked against counts
// taken here, independently, from the test files.
//
//   make e2e        (builds the binary and the UI, then runs this)
//   TRAILBOOK_BIN=../build/bin/trailbook-e2e node --test e2e/app.e2e.mjs
//
// Screenshots of each screen go to e2e/shots/ (git-ignored).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(HERE, '../..');
const BIN = resolve(process.env.TRAILBOOK_BIN ?? join(REPO, 'build/bin/trailbook-e2e'));
const SHOTS = resolve(process.env.TB_SHOTS ?? join(HERE, 'shots'));
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const TESTDATA = join(REPO, 'backend/ingest/testdata/profiles');
const PANEL = join(TESTDATA, 'backup-panel/basic.csv');
const ODD = join(TESTDATA, '2checkout/odd-rows.csv');
const ODD_GOLDEN = join(TESTDATA, '2checkout/odd-rows.golden.json');
const BIG_ROWS = 150_000;

let tmp, server, url, token, browser, context, page;
const pageErrors = [];

/** Non-empty lines after the header: rows of a file without quoted newlines. */
async function dataLines(path) {
  const text = await readFile(path, 'utf8');
  return text.split(/\r?\n/).filter((l) => l.trim() !== '').length - 1;
}

/** Rejected lines of a file as the ingest golden file records them. */
async function goldenRejects(path) {
  const g = JSON.parse(await readFile(path, 'utf8'));
  return g.records.filter((r) => r.reject).map((r) => r.line);
}

/** A number as the UI shows it ("1,234") back to a number. */
const num = (s) => Number(String(s).replace(/[^\d-]/g, ''));

async function shot(name) {
  await page.waitForTimeout(200); // let transitions settle
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

/** Calls the API as the page does, from the test: for independent checks. */
async function apiCall(method, ...args) {
  const res = await fetch(new URL(`/api/${method}`, url), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Trailbook-Token': token },
    body: JSON.stringify(args),
  });
  const body = await res.json();
  if (!res.ok) throw new Error(`${method}: ${body.error}`);
  return body;
}

async function startServer(db) {
  const proc = spawn(BIN, ['--db', db, 'serve', '--addr', '127.0.0.1:0'], {
    env: { ...process.env, XDG_CONFIG_HOME: join(tmp, 'config'), HOME: tmp },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const found = await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`no URL printed within 10 s:\n${out}`)), 10_000);
    const onData = (b) => {
      out += b;
      const m = out.match(/http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+/);
      if (m) {
        clearTimeout(timer);
        ok(m[0]);
      }
    };
    proc.stdout.on('data', onData);
    proc.stderr.on('data', onData);
    proc.on('exit', (code) => fail(new Error(`trailbook serve exited with ${code}:\n${out}`)));
  });
  return { proc, url: found };
}

before(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'trailbook-e2e-'));
  await mkdir(SHOTS, { recursive: true });
  const started = await startServer(join(tmp, 'audit.trailbook'));
  server = started.proc;
  url = started.url;
  token = new URL(url).searchParams.get('token');
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    colorScheme: 'light',
    timezoneId: 'Europe/Berlin',
    locale: 'en-GB',
    acceptDownloads: true,
  });
  context.setDefaultTimeout(20_000); // generous: CI machines are often shared
  page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && pageErrors.push(m.text()));
});

after(async () => {
  // Stop everything on every exit path, so nothing outlives the test.
  await browser?.close().catch(() => {});
  if (server && server.exitCode === null) {
    const exited = new Promise((ok) => server.once('exit', ok));
    server.kill('SIGINT');
    await Promise.race([exited, new Promise((ok) => setTimeout(ok, 5000))]);
    if (server.exitCode === null) server.kill('SIGKILL');
  }
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

test('the page refuses to work without the token, and keeps it out of the address bar', async () => {
  const res = await fetch(new URL('/api/Workspace', url), { method: 'POST', body: '[]' });
  assert.equal(res.status, 401);
  await page.goto(url);
  await page.getByText('No activity yet').waitFor();
  assert.equal(new URL(page.url()).searchParams.has('token'), false, 'token left in the address bar');
  await shot('01-workspace-empty');
});

test('import two files through the upload: numbers match independent counts', async () => {
  const panelRows = await dataLines(PANEL);
  const oddRejects = await goldenRejects(ODD_GOLDEN);

  await page.keyboard.press('Control+2');
  await page.getByRole('heading', { name: 'Import' }).waitFor();
  const chooser = page.waitForEvent('filechooser');
  await page.keyboard.press('Control+o');
  await (await chooser).setFiles([PANEL, ODD]);
  await page.getByText('Review 2 files').waitFor();
  // The 2checkout export has zone-less times: the zone select is offered, preset to the profile's.
  const zone = page.getByRole('textbox', { name: 'Time zone of odd-rows.csv' });
  await zone.waitFor();
  assert.notEqual(await zone.inputValue(), '', 'no time zone preselected');
  await shot('02-import-review');

  await page.getByRole('button', { name: /^Import 2 files/ }).click();
  await page.getByText('Import results').waitFor();
  const card = (file) => page.locator(`[data-file="${file}"]`);
  const count = async (file, label) => num(await card(file).locator(`[data-count="${label}"]`).innerText());

  assert.equal(await count('basic.csv', 'Inserted'), panelRows, 'inserted rows of basic.csv');
  assert.equal(await count('basic.csv', 'Rejected'), 0);
  assert.equal(await count('odd-rows.csv', 'Rejected'), oddRejects.length, 'rejected rows of odd-rows.csv');
  // Each rejected line is listed with its reason.
  const lines = await card('odd-rows.csv').locator('tbody tr td:first-child').allInnerTexts();
  assert.deepEqual(lines.map(num).filter((l) => oddRejects.includes(l)), oddRejects);
  await shot('03-import-results');

  // The rejects are exportable: the CSV downloaded has one row per rejected line.
  const download = page.waitForEvent('download');
  await card('odd-rows.csv').getByRole('button', { name: 'Export CSV' }).click();
  const file = await (await download).path();
  const csv = (await readFile(file, 'utf8')).trim().split('\n');
  assert.equal(csv[0], 'file,line,outcome,column,reason');
  const rejectedLines = csv.slice(1).filter((l) => l.split(',')[2] === 'rejected').map((l) => Number(l.split(',')[1]));
  assert.deepEqual(rejectedLines, oddRejects);
  assert.match(csv[1], /^odd-rows\.csv,/, 'the original file name is kept');

  await page.getByRole('button', { name: 'Done' }).click();
  await page.keyboard.press('Control+1');
  const oddInserted = (await apiCall('Batches')).find((b) => b.file_name === 'odd-rows.csv').inserted;
  await page.locator('[data-stat="Events"]').filter({ hasText: String(panelRows + oddInserted) }).waitFor();
  assert.equal(num(await page.locator('[data-stat="Import batches"]').innerText()), 2);
  // Batches show the SHA-256 of the file bytes, computed here independently.
  const { createHash } = await import('node:crypto');
  const sha = createHash('sha256').update(await readFile(PANEL)).digest('hex');
  const batch = (await apiCall('Batches')).find((b) => b.file_name === 'basic.csv');
  assert.equal(batch.sha256, sha);
  await shot('04-workspace');
});

test('verify shows the chain intact', async () => {
  await page.getByRole('button', { name: 'Verify now' }).click();
  const ok = page.getByText(/Chain intact · [\d,]+ events verified/);
  await ok.waitFor();
  const info = await apiCall('Workspace');
  assert.equal(num(await ok.innerText()), info.events + info.own_events - 1, 'verified count');
  await shot('05-verified');
});

test('cancelling an import leaves the workspace as it was', async () => {
  const before = await apiCall('Workspace');
  const big = join(tmp, 'big-activity.csv');
  const start = Date.UTC(2024, 0, 1);
  const rows = ['Date,IP Addr,Username,Action,Page,ID,Old values,New values'];
  for (let i = 0; i < BIG_ROWS; i++) {
    const t = new Date(start + i * 1000).toISOString().slice(0, 19).replace('T', ' ');
    rows.push(`${t},192.0.2.${i % 250},user${i % 97},UPDATE,schedules,${i},a: 1,a: 2`);
  }
  await writeFile(big, rows.join('\n') + '\n');

  const chooser = page.waitForEvent('filechooser');
  await page.keyboard.press('Control+o');
  await (await chooser).setFiles([big]);
  await page.getByText('Review 1 file').waitFor();
  await page.getByRole('button', { name: /^Import 1 file/ }).click();
  const cancel = page.getByRole('button', { name: 'Cancel import' });
  await cancel.waitFor();
  // Cancel at once: on a fast machine the import would finish within a second or two.
  await cancel.click({ timeout: 30_000 });
  await shot('06-import-cancelling');
  await page.getByText('Import results').waitFor({ timeout: 30_000 });
  await page.getByText(/Import cancelled/).first().waitFor();
  assert.equal(await page.locator('[data-file="big-activity.csv"]').getAttribute('data-outcome'), 'cancelled');
  await shot('07-import-cancelled');
  await page.getByRole('button', { name: 'Done' }).click();

  const after = await apiCall('Workspace');
  assert.equal(after.events, before.events, 'a cancelled import added events');
  assert.equal(after.batches, before.batches, 'a cancelled import left a batch');
});

test('retention and a confirmed purge', async () => {
  const before = await apiCall('Workspace');
  await page.locator('label', { hasText: /^90 days$/ }).click();
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByTestId('retention-headline').filter({ hasText: 'kept for 90 days' }).waitFor();
  // Every test event is from 2024, long before the cutoff: all of them are due.
  const detail = await page.getByTestId('retention-detail').innerText();
  assert.equal(num(detail.split(' occurred')[0]), before.events, `due count in "${detail}"`);

  await page.getByRole('button', { name: 'Purge…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Purge imported events' });
  await dialog.waitFor();
  assert.match(await dialog.innerText(), new RegExp(`Delete ${before.events.toLocaleString('en-US')} imported events`));
  const confirm = dialog.getByRole('button', { name: /^Purge [\d,]+ events/ });
  assert.equal(await confirm.isDisabled(), true, 'purge possible without ticking the box');
  await shot('08-purge-confirm');
  // Backing out deletes nothing.
  await dialog.getByRole('button', { name: 'Keep them' }).click();
  assert.equal((await apiCall('Workspace')).events, before.events);

  await page.getByRole('button', { name: 'Purge…' }).click();
  await dialog.getByRole('checkbox').check();
  await dialog.getByRole('button', { name: /^Purge [\d,]+ events/ }).click();
  await page.getByText(`Purged ${before.events.toLocaleString('en-US')} events`).waitFor();
  const after = await apiCall('Workspace');
  assert.equal(after.events, 0);
  assert.ok(after.own_events > before.own_events, 'the purge was not recorded');
  assert.equal((await apiCall('Verify')).ok, true, 'the chain breaks after a purge');
  await shot('09-purged');
});

test('create a second workspace, then go back to the first from the recent list', async () => {
  const second = join(tmp, 'second.trailbook');
  await page.getByRole('button', { name: 'Workspaces' }).click();
  await page.getByRole('menuitem', { name: 'New workspace…' }).click();
  const input = page.getByRole('textbox', { name: 'Workspace file' });
  await input.fill(second);
  await page.getByRole('button', { name: 'Create', exact: true }).click();
  await page.getByTestId('nav-workspace').filter({ hasText: 'second.trailbook' }).waitFor();
  await page.getByText('No activity yet').waitFor();
  assert.equal((await apiCall('Workspace')).path, second);

  await page.getByRole('button', { name: 'Workspaces' }).click();
  await shot('12-workspaces-menu');
  await page.getByRole('menuitem', { name: /audit\.trailbook/ }).click();
  await page.getByTestId('nav-workspace').filter({ hasText: 'audit.trailbook' }).waitFor();
  const info = await apiCall('Workspace');
  assert.equal(info.path, join(tmp, 'audit.trailbook'));
  assert.equal(info.batches, 2, 'the first workspace kept its history');
  // Creating over an existing file is refused with a message that says what to do.
  await page.getByRole('button', { name: 'Workspaces' }).click();
  await page.getByRole('menuitem', { name: 'New workspace…' }).click();
  await input.fill(second);
  await page.getByRole('button', { name: 'Create', exact: true }).click();
  await page.getByText(/exists already; open it instead/).waitFor();
  await page.keyboard.press('Escape');
});

test('events and summary of the purged workspace; dark mode follows the OS', async () => {
  await page.keyboard.press('Control+2');
  await page.getByText('Import history').waitFor();
  await shot('13-import-page');
  await page.keyboard.press('Control+3');
  await page.getByRole('heading', { name: 'Events' }).waitFor();
  await page.getByText('No events match these filters').waitFor();
  await shot('10-events-empty');
  await page.keyboard.press('Control+4');
  await page.getByRole('heading', { name: 'Summary' }).waitFor();
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.keyboard.press('Control+1');
  await page.getByRole('heading', { name: 'Workspace' }).waitFor();
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const [r, g, b] = bg.match(/\d+/g).map(Number);
  assert.ok(r + g + b < 200, `body is not dark: ${bg}`);
  await shot('11-workspace-dark');
  // The one refused call the test provoked (creating over an existing file) is expected.
  const unexpected = pageErrors.filter((e) => !/status of 422/.test(e));
  assert.deepEqual(unexpected, [], 'errors in the page');
  assert.equal(pageErrors.length - unexpected.length, 1, 'refused calls');
});
