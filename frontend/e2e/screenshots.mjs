#!/usr/bin/env node
// Clicks through the UI against the mock API in headless Chromium and saves screenshots.
// Each step also checks what a person would check, so a broken flow fails this script.
//
//   npm run build && node e2e/screenshots.mjs [--out /tmp/tb-shots] [--scheme light|dark|both]
//
// Needs Debian's chromium (apt-get install -y chromium); CHROMIUM=/path overrides.
import { readFile, mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startMockServer } from './mock-server.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : def;
};
const OUT = resolve(arg('out', process.env.TB_SHOTS ?? '/tmp/tb-shots'));
const SCHEMES = arg('scheme', 'both') === 'both' ? ['light', 'dark'] : [arg('scheme')];
const EXECUTABLE = process.env.CHROMIUM ?? '/usr/bin/chromium';

// wails-shim.js holds one function expression (no trailing semicolon)
const shim = (await readFile(join(HERE, 'wails-shim.js'), 'utf8')).trim().replace(/;$/, '');

await mkdir(OUT, { recursive: true });
const server = await startMockServer();
let browser;
const saved = [];
let failed = false;

async function page(scheme, { token, desktop = false } = {}) {
  await fetch(`${server.url}/__mock/reset`, { method: 'POST' }); // every step starts from the fixture
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    deviceScaleFactor: 1,
    colorScheme: scheme,
    timezoneId: 'Europe/Berlin',
    locale: 'en-GB',
  });
  context.setDefaultTimeout(8000);
  const p = await context.newPage();
  const errors = [];
  p.on('pageerror', (e) => errors.push(e.message));
  p.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  if (desktop) await p.addInitScript(`(${shim})(${JSON.stringify(token)})`);
  await p.goto(desktop ? `${server.url}/` : `${server.url}/?token=${token}`);
  return { p, context, errors };
}

async function shot(p, name) {
  await p.waitForTimeout(250); // let transitions settle
  const file = join(OUT, `${name}.png`);
  await p.screenshot({ path: file });
  saved.push(file);
}

async function step(name, fn) {
  const t = Date.now();
  try {
    await fn();
    console.log(`ok   ${name} (${Date.now() - t} ms)`);
  } catch (e) {
    failed = true;
    console.log(`FAIL ${name}: ${e.message.split('\n')[0]}`);
  }
}

async function run(scheme) {
  await step(`${scheme}: empty workspace`, async () => {
    const { p, context, errors } = await page(scheme, { token: 'empty' });
    await p.getByText('No activity yet').waitFor();
    await p.getByText('Formats Trailbook recognises').waitFor();
    if (new URL(p.url()).searchParams.has('token')) throw new Error('token left in the address bar');
    await shot(p, `01-empty-${scheme}`);
    // import from the empty state, then the numbers must appear
    await p.getByRole('button', { name: /Import files/ }).first().click();
    await p.getByText('Review 5 files').waitFor();
    await p.getByRole('textbox', { name: 'Profile for activity-log.csv' }).click();
    await p.getByRole('option', { name: 'OctopusPro user activity log' }).click();
    await p.getByRole('checkbox', { name: 'Import export (3).csv' }).uncheck();
    await p.getByRole('button', { name: 'Import 3 files' }).click();
    await p.getByText('Import results').waitFor();
    await p.getByRole('button', { name: 'Done' }).click();
    await p.getByText('Events by system').waitFor();
    await p.getByText('117', { exact: true }).first().waitFor();
    if (errors.length) throw new Error(`page errors: ${errors.join(' | ')}`);
    await context.close();
  });

  await step(`${scheme}: populated workspace`, async () => {
    const { p, context, errors } = await page(scheme, { token: 'populated' });
    await p.getByText('Events by system').waitFor();
    await p.getByText('1,842').first().waitFor();
    await p.getByText('user-activity-log-2024-06.csv').waitFor();
    await shot(p, `02-workspace-${scheme}`);
    // rejected rows of an earlier batch
    await p.getByRole('button', { name: /Show 3 rejected rows of users-activity.csv/ }).click();
    await p.getByText('row has 6 fields, the header has 8').waitFor();
    await shot(p, `03-batch-rejects-${scheme}`);
    await p.keyboard.press('Escape');
    if (errors.length) throw new Error(`page errors: ${errors.join(' | ')}`);
    await context.close();
  });

  await step(`${scheme}: import review and results`, async () => {
    const { p, context, errors } = await page(scheme, { token: 'populated' });
    await p.getByText('Events by system').waitFor();
    await p.keyboard.press('Control+O');
    await p.getByText('Review 5 files').waitFor();
    await p.getByText(/Its header fits 2 profiles/).waitFor();
    await p.getByText(/No profile recognises these columns/).waitFor();
    const importBtn = p.getByRole('button', { name: /^Import \d+ files?$/ });
    if (await importBtn.isEnabled()) throw new Error('Import enabled while a file still needs a profile');
    await shot(p, `04-import-review-${scheme}`);
    await p.getByRole('textbox', { name: 'Profile for activity-log.csv' }).click();
    await p.getByRole('option', { name: 'OctopusPro user activity log' }).click();
    await p.getByRole('checkbox', { name: 'Import export (3).csv' }).uncheck();
    await shot(p, `05-import-review-ready-${scheme}`);
    await p.getByRole('button', { name: 'Import 3 files' }).click();
    await p.getByText('Import results').waitFor();
    await p.getByText('not a number: "12,5O"').waitFor();
    await p.getByText(/required column "Event On" is missing/).waitFor();
    await shot(p, `06-import-results-${scheme}`);
    await p.getByRole('button', { name: 'Done' }).click();
    await p.getByText('user-activity-2024-03.csv').first().waitFor();
    if (errors.length) throw new Error(`page errors: ${errors.join(' | ')}`);
    await context.close();
  });

  await step(`${scheme}: verify failure`, async () => {
    const { p, context, errors } = await page(scheme, { token: 'tampered' });
    await p.getByRole('button', { name: 'Verify now' }).click();
    await p.getByRole('alert', { name: 'Chain broken at row #1205 · user-activity-log-2024-06.csv:57 · stored row does not match its hash (actor changed)' }).waitFor();
    await p.getByText('Chain broken at row #1205').waitFor();
    await shot(p, `07-verify-failed-${scheme}`);
    if (errors.length) throw new Error(`page errors: ${errors.join(' | ')}`);
    await context.close();
  });

  await step(`${scheme}: verify ok`, async () => {
    const { p, context } = await page(scheme, { token: 'populated' });
    await p.getByRole('button', { name: 'Verify now' }).click();
    await p.getByText(/Chain intact · [\d,]+ events verified/).waitFor();
    await context.close();
  });

  await step(`${scheme}: desktop progress and cancel`, async () => {
    const { p, context, errors } = await page(scheme, { token: 'slow', desktop: true });
    await p.getByText('Desktop', { exact: true }).waitFor();
    await p.keyboard.press('Control+O');
    await p.getByText('Review 5 files').waitFor();
    await p.getByRole('checkbox', { name: 'Import activity-log.csv' }).uncheck();
    await p.getByRole('checkbox', { name: 'Import export (3).csv' }).uncheck();
    await p.getByRole('button', { name: 'Import 2 files' }).click();
    await p.getByText('Importing 2 files').first().waitFor();
    await p.waitForTimeout(1600);
    await shot(p, `08-import-progress-${scheme}`);
    await p.getByRole('button', { name: 'Cancel import' }).click();
    await p.getByText('Import cancelled.', { exact: false }).waitFor({ timeout: 5000 });
    await shot(p, `09-import-cancelled-${scheme}`);
    if (errors.length) throw new Error(`page errors: ${errors.join(' | ')}`);
    await context.close();
  });

  await step(`${scheme}: browser without a file dialog`, async () => {
    const { p, context } = await page(scheme, { token: 'nodialog' });
    await p.getByRole('button', { name: /Import files/ }).click();
    await p.getByRole('textbox', { name: 'File paths, one per line' }).fill('/home/marta/Downloads/user-activity-2024-03.csv');
    await shot(p, `10-paste-paths-${scheme}`);
    await p.getByRole('button', { name: 'Inspect 1 file' }).click();
    await p.getByText('Review 1 file').waitFor();
    await context.close();
  });

  await step(`${scheme}: wrong token`, async () => {
    const { p, context } = await page(scheme, { token: 'nope' });
    await p.getByText('The workspace could not be opened').waitFor();
    await p.getByText(/missing or wrong token/).waitFor();
    await shot(p, `11-wrong-token-${scheme}`);
    await context.close();
  });
}

try {
  browser = await chromium.launch({
    executablePath: EXECUTABLE,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  for (const s of SCHEMES) await run(s);
} catch (e) {
  failed = true;
  console.error(e);
} finally {
  await browser?.close().catch(() => {});
  await server.close();
}
console.log(`${saved.length} screenshots in ${OUT}`);
process.exit(failed ? 1 : 0);
