// Offline and sub-path: a page opened once reloads with the network cut (its service worker
// keeps the bundle), and the same bundle works served under a sub-path, every request staying
// under it (trunk's public_url is "./": every asset and fetch is relative to the page).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, openPage, appReady, screenshot } from './harness.mjs';

const PREFIX = '/demos/tmo-lab/';

let server;
before(async () => { server = await serve(undefined, { prefix: PREFIX }); });
after(async () => { await server?.close(); });

/** Waits until a service worker controls `page` (it has cached the whole bundle by then). */
async function controlled(page) {
  await page.waitForFunction(() => navigator.serviceWorker?.controller?.state === 'activated', null, { timeout: 120_000 });
  return page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
}

test('the bundle works under a sub-path, every request under it', async () => {
  const browser = await launch();
  try {
    const { page, problems } = await openPage(browser.context, `${server.url}?view=compare&seeds=1`);
    const outside = [];
    page.on('request', (r) => { if (!new URL(r.url()).pathname.startsWith(PREFIX)) outside.push(r.url()); });
    await appReady(page);
    // Compare runs in the worker, so its script and wasm were found under the prefix too.
    await page.waitForSelector('table.metrics tbody tr[data-policy="cloud"]', { timeout: 60_000 });
    await page.getByRole('button', { name: 'Replay', exact: true }).click();
    await page.waitForSelector('main[data-view="replay"] .policy-card');
    assert.deepEqual(outside, []);
    assert.deepEqual(problems(), []);
  } finally {
    await browser.close();
  }
});

test('a page opened once reloads and computes with the network cut', async () => {
  const browser = await launch({ serviceWorkers: 'allow' });
  try {
    const { page, problems } = await openPage(browser.context, `${server.url}?view=compare&seeds=1`);
    await appReady(page);
    assert.equal(await controlled(page), server.url, 'the worker covers the sub-path only');
    await browser.context.setOffline(true);
    await page.reload();
    await appReady(page);
    assert.equal(await page.locator('main').getAttribute('data-view'), 'compare', 'the link survived');
    // The evaluation worker's files came from the cache too.
    await page.waitForSelector('table.metrics[data-complete="true"] tbody tr[data-policy="greedy"]', { timeout: 60_000 });
    await page.getByRole('button', { name: 'Replay', exact: true }).click();
    // Replay's baselines play in the worker, offline too.
    await page.waitForSelector('main[data-view="replay"] .policy-grid:not(:has(.planning)) .policy-card');
    await screenshot(page, 'offline-replay-1280');
    assert.deepEqual(problems(), []);
  } finally {
    await browser.close();
  }
});
