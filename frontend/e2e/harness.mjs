// What every e2e spec needs: the real `trailbook serve` on a temp workspace, its URL and
// token, an API caller, headless Chromium, pages that record their errors, screenshots,
// and a clean stop on every exit path.
import { execFile, spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';

export const HERE = dirname(fileURLToPath(import.meta.url));
export const REPO = resolve(HERE, '../..');
export const BIN = resolve(process.env.TRAILBOOK_BIN ?? join(REPO, 'build/bin/trailbook-e2e'));
export const SHOTS = resolve(process.env.TB_SHOTS ?? join(HERE, 'shots'));
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** Runs a command to its end: { stdout, stderr }, or a rejection that carries them. */
export const run = promisify(execFile);

/** A number as the UI shows it ("1,234") back to a number. */
export const num = (s) => Number(String(s).replace(/[^\d-]/g, ''));

/**
 * Starts `trailbook --db DB serve` with HOME (and its config) under home, and waits for the
 * URL with its token on the output. Returns the process, the URL, the token and api(), which
 * calls the API as the page does, for independent checks.
 */
export async function startServer(db, home, { urlTimeout = 10_000 } = {}) {
  const proc = spawn(BIN, ['--db', db, 'serve', '--addr', '127.0.0.1:0'], {
    env: { ...process.env, XDG_CONFIG_HOME: join(home, 'config'), HOME: home },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const url = await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`no URL printed within ${urlTimeout / 1000} s:\n${out}`)), urlTimeout);
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
  }).catch(async (err) => {
    await stopServer(proc);
    throw err;
  });
  const token = new URL(url).searchParams.get('token');
  const api = async (method, ...args) => {
    const res = await fetch(new URL(`/api/${method}`, url), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Trailbook-Token': token },
      body: JSON.stringify(args),
    });
    const body = await res.json();
    if (!res.ok) throw new Error(`${method}: ${body.error}`);
    return body;
  };
  return { proc, url, token, api };
}

/** Stops a server with SIGINT, as Ctrl+C would; SIGKILL if it has not gone within 5 s. */
export async function stopServer(proc) {
  if (!proc || proc.exitCode !== null) return;
  const exited = new Promise((ok) => proc.once('exit', ok));
  proc.kill('SIGINT');
  await Promise.race([exited, new Promise((ok) => setTimeout(ok, 5000))]);
  if (proc.exitCode === null) proc.kill('SIGKILL');
}

/** Headless Chromium from the system (no browser is downloaded). */
export function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/**
 * A page at 1280x800, Europe/Berlin, en-GB, whose script errors and console errors land in
 * errors; with failedResponses, also every HTTP answer of 400 or more, with its request.
 */
export async function newPage(browser, { scheme = 'light', failedResponses = false } = {}) {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    colorScheme: scheme,
    timezoneId: 'Europe/Berlin',
    locale: 'en-GB',
    acceptDownloads: true,
  });
  context.setDefaultTimeout(20_000); // generous: CI machines are often shared
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  if (failedResponses) {
    page.on('response', async (r) => {
      if (r.status() >= 400) errors.push(`${r.status()} ${r.url().replace(/\?.*/, '')} ${r.request().postData() ?? ''} -> ${await r.text().catch(() => '')}`);
    });
  }
  return { page, errors };
}

/** A screenshot to SHOTS/name.png, after settleMs for transitions to end. */
export async function screenshot(page, name, settleMs = 250) {
  await page.waitForTimeout(settleMs);
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

/**
 * Opens the file chooser with trigger() and gives it files. A key press can be lost while a
 * busy machine is still settling the page, so the chooser is awaited a few seconds at a
 * time and the trigger repeated, up to three times, before the test fails.
 */
export async function chooseFiles(page, trigger, files) {
  for (let attempt = 1; ; attempt++) {
    const chooser = page.waitForEvent('filechooser', { timeout: 6_000 });
    await trigger();
    try {
      await (await chooser).setFiles(files);
      return;
    } catch (err) {
      if (attempt === 3) throw err;
    }
  }
}
