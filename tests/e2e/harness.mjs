// Shared end-to-end harness: serves the built bundle on 127.0.0.1 and drives headless Chromium.
// Every page opened through `openPage` fails its test on a console error, an uncaught exception,
// a failed request or any request that leaves the page's origin.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { existsSync } from 'node:fs';
import { readFile, mkdtemp, mkdir, rm } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join, extname, normalize, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = join(here, '..', '..');
export const distDir = process.env.TMO_DIST ?? join(repoRoot, 'dist');
export const screenshotDir = join(repoRoot, 'tests', 'screenshots');

/**
 * The `tmo` release binary that the native test suite built (`scripts/test.sh` builds it before
 * this suite runs): `$TMO_BIN`, else `$CARGO_TARGET_DIR/release/tmo`. Never built here, so the
 * suite compiles nothing of its own.
 */
export function tmoBinary() {
  const target = process.env.CARGO_TARGET_DIR ?? join(homedir(), '.cache', 'tmo-lab', 'target');
  const bin = process.env.TMO_BIN ?? join(target, 'release', 'tmo');
  assert.ok(existsSync(bin), `${bin} is missing: build it first (cargo build --release -p tmo-cli)`);
  return bin;
}

const MIME = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.wasm': 'application/wasm', '.css': 'text/css', '.svg': 'image/svg+xml', '.json': 'application/json',
  '.png': 'image/png', '.ico': 'image/x-icon', '.txt': 'text/plain; charset=utf-8',
};

/**
 * Serves `dir` on 127.0.0.1 on a free port, under the sub-path `prefix` (the default `/` is the
 * root; anything outside the prefix is a 404), with the precompressed copy the request accepts;
 * resolves to { url, close }, `url` ending in the prefix.
 */
export async function serve(dir = distDir, { prefix = '/' } = {}) {
  const server = createServer(async (req, res) => {
    const requested = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname));
    if (!requested.startsWith(prefix)) { res.writeHead(404).end('not found'); return; }
    const path = `/${requested.slice(prefix.length)}`;
    const file = join(dir, path.endsWith('/') ? join(path, 'index.html') : path);
    if (!file.startsWith(dir)) { res.writeHead(403).end(); return; }
    try {
      const type = MIME[extname(file)] ?? 'application/octet-stream';
      // Like a host that serves the bundle's precompressed copies (scripts/precompress.mjs).
      const accepted = req.headers['accept-encoding'] ?? '';
      for (const [encoding, ext] of [['br', '.br'], ['gzip', '.gz']]) {
        if (!accepted.includes(encoding)) continue;
        const packed = await readFile(file + ext).catch(() => null);
        if (packed) {
          res.writeHead(200, { 'content-type': type, 'content-encoding': encoding, vary: 'accept-encoding' });
          res.end(packed);
          return;
        }
      }
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': type });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}${prefix}`, close: () => new Promise((ok) => server.close(ok)) };
}

/** Chromium flags this machine needs (see DEVELOPERS.md). */
const FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/**
 * Launches Debian's Chromium with a fresh profile; resolves to { context, close }. The page's
 * service worker is not registered (so every request reaches the network and `page.route`)
 * unless `serviceWorkers` is 'allow'.
 */
export async function launch({ viewport = { width: 1280, height: 800 }, deviceScaleFactor = 1, colorScheme = 'light', serviceWorkers = 'block' } = {}) {
  const profile = await mkdtemp(join(tmpdir(), 'tmo-lab-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: FLAGS,
    viewport,
    deviceScaleFactor,
    colorScheme,
    serviceWorkers,
    acceptDownloads: true,
  });
  return {
    context,
    close: async () => { await context.close(); await rm(profile, { recursive: true, force: true }); },
  };
}

/**
 * Opens `url` in a new page and records every problem: console errors, uncaught exceptions,
 * failed requests, HTTP errors and requests to another origin. `problems()` lists them.
 * `prepare(page)`, if given, runs before the page navigates (e.g. to throttle its network).
 */
export async function openPage(context, url, { prepare } = {}) {
  const page = await context.newPage();
  const origin = new URL(url).origin;
  const found = [];
  page.on('console', (m) => { if (m.type() === 'error') found.push(`console error: ${m.text()}`); });
  page.on('pageerror', (e) => found.push(`uncaught exception: ${e.message}`));
  page.on('requestfailed', (r) => {
    // Navigations the test itself aborts (downloads) report as failed; everything else is a defect.
    if (r.failure()?.errorText !== 'net::ERR_ABORTED' || !r.isNavigationRequest()) {
      found.push(`request failed: ${r.url()} (${r.failure()?.errorText})`);
    }
  });
  page.on('response', (r) => { if (r.status() >= 400) found.push(`HTTP ${r.status()}: ${r.url()}`); });
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:')) found.push(`request left the origin: ${u}`);
  });
  page.on('worker', (w) => w.on('console', (m) => { if (m.type() === 'error') found.push(`worker console error: ${m.text()}`); }));
  await prepare?.(page);
  await page.goto(url);
  return { page, problems: () => [...found] };
}

/**
 * Holds back the app's wasm on `page`, as a slow network would, so the boot screen stays;
 * returns the function that lets it through.
 */
export async function holdAppWasm(page) {
  let release;
  const held = new Promise((ok) => { release = ok; });
  await page.route(/tmo-web[^/]*_bg\.wasm$/, async (route) => { await held; await route.continue(); });
  return release;
}

/** Saves a full-page screenshot as tests/screenshots/<name>.png. */
export async function screenshot(page, name) {
  await mkdir(screenshotDir, { recursive: true });
  const path = join(screenshotDir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Fails when the page is wider than its window (it would scroll sideways). */
export async function assertNoSideScroll(page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow} px`);
}

/**
 * For each `[name, viewport, colorScheme]`: opens `url` in a fresh browser, waits for the app and
 * `selector`, checks it does not scroll sideways and had no problem, and saves a screenshot.
 */
export async function screenshotsAt(url, selector, shots) {
  for (const [name, viewport, colorScheme = 'light'] of shots) {
    const b = await launch({ viewport, colorScheme });
    try {
      const { page, problems } = await openPage(b.context, url);
      await appReady(page);
      await page.waitForSelector(selector);
      await assertNoSideScroll(page);
      await screenshot(page, name);
      assert.deepEqual(problems(), []);
    } finally {
      await b.close();
    }
  }
}

/**
 * How far over its target a measured time may go before a test fails. Times are reported, not
 * asserted: a busy machine (a build beside the tests, a loaded CI runner) must not fail a test,
 * so only a gross failure — a view blocked for seconds — does.
 */
export const GROSS_FACTOR = 5;

/** Prints `what` took `ms` next to its target, and fails only past `GROSS_FACTOR` × the target. */
export function reportTime(what, ms, targetMs) {
  assert.ok(Number.isFinite(ms), `${what}: no time was measured (${ms})`);
  console.log(`# ${what}: ${Math.round(ms)} ms (target ${targetMs} ms)`);
  assert.ok(ms < GROSS_FACTOR * targetMs, `${what} took ${ms} ms, over ${GROSS_FACTOR}× its ${targetMs} ms target`);
}

/** Waits until the app has mounted (the navigation is present). */
export async function appReady(page) {
  await page.waitForSelector('nav.tabs button', { timeout: 60_000 });
}
