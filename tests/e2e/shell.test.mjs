// The page shows its boot screen before any wasm arrives, loads, shows the app shell and moves
// between its four views without errors; the bundle carries gzip and brotli copies.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join, extname } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { serve, launch, openPage, screenshot, appReady, distDir, holdAppWasm, reportTime } from './harness.mjs';

let server;
let browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

test('the shell renders with its title and navigation', async () => {
  // Time to first render: from navigation start to the mounted app with its first view filled,
  // stamped in the page when it appears (not when the test's polling next sees it). The first
  // page of a fresh browser: nothing compiled or cached yet.
  const { page, problems } = await openPage(browser.context, server.url, {
    prepare: (p) => p.addInitScript(() => {
      new MutationObserver((_, observer) => {
        if (document.querySelector('main[data-view] .panel')) {
          window.__firstRender = performance.now();
          observer.disconnect();
        }
      }).observe(document, { childList: true, subtree: true });
    }),
  });
  await appReady(page);
  await page.waitForSelector('main[data-view] .panel');
  reportTime('first render (127.0.0.1, fresh browser)', await page.evaluate(() => window.__firstRender), 400);
  assert.equal(await page.title(), 'TMO Lab');
  assert.match(await page.locator('h1').innerText(), /TMO Lab/);
  const tabs = await page.locator('nav.tabs button').allInnerTexts();
  assert.deepEqual(tabs, ['Replay', 'Compare', 'Train', 'Scenario', 'Experiments']);
  await screenshot(page, 'shell-1280');
  assert.deepEqual(problems(), []);
});

test('each tab shows its view', async () => {
  const { page, problems } = await openPage(browser.context, server.url);
  await appReady(page);
  for (const name of ['Compare', 'Train', 'Scenario', 'Experiments', 'Replay']) {
    await page.getByRole('button', { name, exact: true }).click();
    await page.waitForSelector(`main[data-view="${name.toLowerCase()}"]`);
    assert.equal(await page.locator('nav.tabs [aria-current="page"]').innerText(), name);
  }
  assert.deepEqual(problems(), []);
});

test('the boot screen states the point before the wasm arrives, then gives way to the app', async () => {
  const page = await browser.context.newPage();
  const release = await holdAppWasm(page);
  await page.goto(server.url);
  await page.waitForSelector('#boot .boot-claim');
  assert.match(await page.locator('#boot .boot-claim').innerText(), /local LLM or a\s+cloud LLM/);
  assert.match(await page.locator('#boot-note').innerText(), /Loading the simulator/);
  await screenshot(page, 'boot-1280');
  release();
  await appReady(page);
  assert.equal(await page.locator('#boot').count(), 0, 'the app removed the boot screen');
  await page.close();
});

test('the bundle carries gzip and brotli copies that unpack to the originals', async () => {
  const names = await readdir(distDir);
  const wasm = names.filter((n) => extname(n) === '.wasm');
  assert.ok(wasm.length >= 2, `the app and the worker wasm are in ${distDir}`);
  for (const name of [...wasm, ...names.filter((n) => extname(n) === '.js')]) {
    const body = await readFile(join(distDir, name));
    if (body.length < 1024) continue;
    const gz = await readFile(join(distDir, `${name}.gz`));
    const br = await readFile(join(distDir, `${name}.br`));
    assert.ok(gunzipSync(gz).equals(body), `${name}.gz unpacks to ${name}`);
    assert.ok(brotliDecompressSync(br).equals(body), `${name}.br unpacks to ${name}`);
    if (extname(name) === '.wasm') {
      console.log(`# ${name}: ${(body.length / 1e3).toFixed(0)} KB, gzip ${(gz.length / 1e3).toFixed(0)} KB, brotli ${(br.length / 1e3).toFixed(0)} KB`);
    }
  }
});
