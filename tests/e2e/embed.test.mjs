// ?embed=1: one view, the one in the link, without the app's chrome (no skip link, title bar,
// navigation or headline), for slides and the paper's own page; the link keeps embed=1.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, openPage, screenshot, assertNoSideScroll } from './harness.mjs';

let server;
before(async () => { server = await serve(); });
after(async () => { await server?.close(); });

for (const [view, selector, viewport] of [
  ['compare', 'table.metrics[data-complete="true"] tbody tr[data-policy="greedy"]', { width: 1280, height: 800 }],
  ['replay', '.policy-grid:not(:has(.planning)) .policy-card', { width: 390, height: 844 }],
]) {
  test(`?embed=1&view=${view} shows ${view} alone at ${viewport.width} px`, async () => {
    const browser = await launch({ viewport });
    try {
      const { page, problems } = await openPage(browser.context, `${server.url}?embed=1&view=${view}&seeds=1`);
      await page.waitForSelector(`main[data-view="${view}"] ${selector}`, { timeout: 60_000 });
      for (const chrome of ['header.topbar', 'nav.tabs', '.skip-link', '.headline', 'body > footer']) {
        assert.equal(await page.locator(chrome).count(), 0, `no ${chrome} when embedded`);
      }
      assert.equal(await page.locator('html').getAttribute('data-embed'), 'true');
      assert.match(new URL(page.url()).search, /(^\?|&)embed=1(&|$)/, 'the link stays embedded');
      await assertNoSideScroll(page);
      await screenshot(page, `embed-${view}-${viewport.width}`);
      assert.deepEqual(problems(), []);
    } finally {
      await browser.close();
    }
  });
}
