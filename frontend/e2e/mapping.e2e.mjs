// End-to-end: a CSV of a shape no built-in profile knows, mapped column by column in the
// import wizard of the real `trailbook serve`, previewed, saved as a profile and imported;
// then a second file with the same header is recognised by that profile and imported with
// no questions, and the workspace shows the gap between the two files.
//
//   make e2e        (builds the binary and the UI, then runs every e2e spec)
//   TRAILBOOK_BIN=../build/bin/trailbook-e2e node --test e2e/mapping.e2e.mjs
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { HERE, SHOTS, chooseFiles, launchBrowser, newPage, num, screenshot, startServer, stopServer } from './harness.mjs';

const EARLY = join(HERE, 'data/roster-log-early-feb.csv');
const LATE = join(HERE, 'data/roster-log-late-feb.csv');
const ZONE = 'Europe/Bucharest'; // the roster system writes local times; UTC+2 in February

let tmp, server, browser, page, pageErrors;

/** Data rows of a CSV without quoted newlines, and its first data row split on commas. */
async function csvFacts(path) {
  const lines = (await readFile(path, 'utf8')).split(/\r?\n/).filter((l) => l.trim() !== '');
  return { rows: lines.length - 1, first: lines[1].split(',') };
}

/** "13/02/2024 12:40" read in UTC+2 (no DST in February) -> "2024-02-13 10:40:00", computed here. */
function utcOfBucharestWinter(text) {
  const [d, m, y, hh, mm] = text.match(/\d+/g).map(Number);
  const t = new Date(Date.UTC(y, m - 1, d, hh - 2, mm));
  return t.toISOString().replace('T', ' ').replace(/\.\d+Z$/, '');
}

const shot = (name) => screenshot(page, name);

const apiCall = (method, ...args) => server.api(method, ...args);

/** Picks an option of a Mantine Select by its accessible name. */
async function pick(label, option, name = { name: option, exact: true }) {
  const input = page.getByRole('textbox', { name: label, exact: true });
  await input.click();
  await input.fill(option);
  await page.getByRole('option', name).first().click();
}

before(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'trailbook-e2e-map-'));
  await mkdir(SHOTS, { recursive: true });
  server = await startServer(join(tmp, 'map.trailbook'), tmp);
  browser = await launchBrowser();
  ({ page, errors: pageErrors } = await newPage(browser));
  await page.goto(server.url);
  await page.getByText('No activity yet').waitFor();
});

after(async () => {
  await browser?.close().catch(() => {});
  await stopServer(server?.proc);
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

test('an unknown CSV: map its columns, preview, save as a profile, import', async () => {
  const early = await csvFacts(EARLY);
  // The button a user sees on the empty workspace; the shortcut is covered in app.e2e.
  const importButton0 = page.getByRole('button', { name: /^Import files/ }).first();
  await chooseFiles(page, () => importButton0.click(), [EARLY]);
  await page.getByText('Review 1 file').waitFor();
  await page.getByText(/No profile recognises these columns/).waitFor();
  const importButton = page.getByRole('dialog').getByRole('button', { name: /^Import/ });
  assert.equal(await importButton.isDisabled(), true, 'an unmapped file is importable');

  await page.getByRole('button', { name: 'Map the columns of roster-log-early-feb.csv' }).click();
  const editor = page.getByTestId('mapping-editor');
  await editor.waitFor();
  // The suggestion is prefilled from the header and the data.
  assert.equal(await page.getByRole('textbox', { name: 'Column for Time' }).inputValue(), 'Logged');
  assert.equal(await page.getByRole('textbox', { name: 'Column for IP address' }).inputValue(), 'Workstation');
  await shot('09-mapping-suggested');
  // The user completes it: the action, who, the record, and the zone the roster writes in.
  await pick('Column for Action', 'What happened');
  await pick('Column for Actor', 'Operator');
  await pick('Column for Record reference', 'Shift');
  await pick('Column for Description', 'Note');
  // Zone options carry their offset: "Europe/Bucharest  ·  +02:00".
  await pick('Time zone of roster-log-early-feb.csv', ZONE, { name: new RegExp(`^${ZONE}\\b`) });

  // The preview shows the first row exactly as stored: the UTC instant computed here.
  const preview = page.getByRole('region', { name: 'Preview of roster-log-early-feb.csv' });
  const want = utcOfBucharestWinter(early.first[1]);
  await preview.getByRole('cell', { name: want, exact: true }).waitFor();
  const firstRow = preview.locator('tbody tr').first();
  const cells = await firstRow.locator('td').allInnerTexts();
  assert.equal(num(cells[0]), 2, 'the first data row is line 2');
  for (const v of [early.first[0], early.first[2], early.first[3], early.first[4], 'delete']) {
    assert.ok(cells.includes(v), `preview row lacks ${v}: ${cells.join(' | ')}`);
  }
  await preview.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await shot('10-mapping-editor');

  await page.getByRole('textbox', { name: 'Profile name' }).fill('Roster log');
  await page.getByRole('button', { name: 'Save as profile' }).click();
  // Back in the review, the file is read with the saved profile and can be imported.
  await page.getByText('Review 1 file').waitFor();
  assert.equal(await page.getByRole('textbox', { name: 'Profile for roster-log-early-feb.csv' }).inputValue(), 'Roster log');
  await page.getByRole('button', { name: 'Preview rows of roster-log-early-feb.csv' }).click();
  await page.getByRole('region', { name: 'Preview of roster-log-early-feb.csv' }).getByRole('cell', { name: want, exact: true }).waitFor();
  await shot('11-review-saved-profile');
  await page.getByRole('button', { name: /^Import 1 file/ }).click();
  await page.getByText('Import results').waitFor();
  const card = page.locator('[data-file="roster-log-early-feb.csv"]');
  assert.equal(num(await card.locator('[data-count="Inserted"]').innerText()), early.rows);
  assert.equal(num(await card.locator('[data-count="Rejected"]').innerText()), 0);
  await page.getByRole('button', { name: 'Done' }).click();

  const profiles = await apiCall('Profiles');
  const saved = profiles.find((p) => p.id === 'roster-log');
  assert.ok(saved && !saved.builtin, 'the profile is saved in the workspace');
  assert.equal(saved.default_zone, ZONE);
});

test('the next file of that header is recognised and imported with no questions', async () => {
  const late = await csvFacts(LATE);
  // The button rather than Ctrl+O: the shortcut needs the page focused, which a busy
  // machine may not have settled yet after the wizard closed.
  const importButton = page.getByRole('button', { name: /^Import files/ }).first();
  await importButton.waitFor();
  await chooseFiles(page, () => importButton.click(), [LATE]);
  await page.getByText('Review 1 file').waitFor();
  await page.getByText('Recognised from its header as Roster log.').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Map the columns of roster-log-late-feb.csv' }).count(), 0);
  await shot('12-review-recognised');
  // No choice to make: Import straight away.
  await page.getByRole('button', { name: /^Import 1 file/ }).click();
  await page.getByText('Import results').waitFor();
  const card = page.locator('[data-file="roster-log-late-feb.csv"]');
  assert.equal(num(await card.locator('[data-count="Inserted"]').innerText()), late.rows);
  await page.getByRole('button', { name: 'Done' }).click();
  const batch = (await apiCall('Batches')).find((b) => b.file_name === 'roster-log-late-feb.csv');
  assert.equal(batch.profile, 'roster-log');
  assert.equal(batch.source_zone, ZONE);
  assert.equal(batch.first_utc, `${utcOfBucharestWinter(late.first[1]).replace(' ', 'T')}Z`);
});

test('the workspace shows the gap between the two files, and the saved profile can be shared', async () => {
  await page.locator('nav').getByText('Workspace', { exact: true }).click();
  const gap = page.getByText('no data from 2024-02-14 to 2024-02-20 for roster-log');
  await gap.waitFor();
  await page.getByTestId('profile-roster-log').scrollIntoViewIfNeeded();
  await shot('13-workspace-coverage-profiles');

  // Export downloads the YAML the API gives, which names the header's columns.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export Roster log' }).click();
  const d = await download;
  assert.equal(d.suggestedFilename(), 'roster-log.yaml');
  const yaml = await readFile(await d.path(), 'utf8');
  assert.equal(yaml, await apiCall('ExportProfile', { id: 'roster-log' }));
  assert.match(yaml, /What happened/);

  // Delete (confirmed), then import the shared YAML back: the profile returns.
  await page.getByRole('button', { name: 'Delete Roster log' }).click();
  await page.getByRole('button', { name: 'Delete profile' }).click();
  await page.getByText('Deleted “Roster log”').waitFor();
  assert.equal((await apiCall('Profiles')).some((p) => p.id === 'roster-log'), false);
  await page.getByTestId('profile-yaml-input').setInputFiles({ name: 'roster-log.yaml', mimeType: 'application/yaml', buffer: Buffer.from(yaml) });
  await page.getByText('Imported “Roster log”').waitFor();
  await page.getByTestId('profile-roster-log').waitFor();
  assert.deepEqual(pageErrors, [], 'errors in the page');
});
