// End-to-end: the real `trailbook serve` binary on a temp workspace, driven in headless
// Chromium the way a person uses it. Numbers shown in the UI are checked against counts
// taken here, independently, from the test files.
//
//   make e2e        (builds the binary and the UI, then runs this)
//   TRAILBOOK_BIN=../build/bin/trailbook-e2e node --test e2e/app.e2e.mjs
//
// Screenshots of each screen go to e2e/shots/ (git-ignored).
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { REPO, SHOTS, chooseFiles, launchBrowser, newPage, num, screenshot, startServer, stopServer } from './harness.mjs';

const TESTDATA = join(REPO, 'backend/ingest/testdata/profiles');
const PANEL = join(TESTDATA, 'backup-panel/basic.csv');
const ODD = join(TESTDATA, '2checkout/odd-rows.csv');
const ODD_GOLDEN = join(TESTDATA, '2checkout/odd-rows.golden.json');
const BIG_ROWS = 150_000;

let tmp, server, url, browser, page, pageErrors;

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

const shot = (name) => screenshot(page, name, 200);

/** Calls the API as the page does, from the test: for independent checks. */
const apiCall = (method, ...args) => server.api(method, ...args);

before(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'trailbook-e2e-'));
  await mkdir(SHOTS, { recursive: true });
  server = await startServer(join(tmp, 'audit.trailbook'), tmp);
  url = server.url;
  browser = await launchBrowser();
  ({ page, errors: pageErrors } = await newPage(browser));
});

after(async () => {
  // Stop everything on every exit path, so nothing outlives the test.
  await browser?.close().catch(() => {});
  await stopServer(server?.proc);
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
  await chooseFiles(page, () => page.keyboard.press('Control+o'), [PANEL, ODD]);
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

  await chooseFiles(page, () => page.keyboard.press('Control+o'), [big]);
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
