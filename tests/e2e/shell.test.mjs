// The page loads, shows the app shell and moves between its four views without errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, openPage, screenshot, appReady } from './harness.mjs';

let server;
let browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

test('the shell renders with its title and navigation', async () => {
  const { page, problems } = await openPage(browser.context, server.url);
  await appReady(page);
  // Time to first render: from navigation start to the mounted app with its first view filled.
  await page.waitForSelector('main[data-view] .panel');
  const firstRender = await page.evaluate(() => performance.now());
  console.log(`# time to first render: ${firstRender.toFixed(0)} ms`);
  assert.equal(await page.title(), 'TMO Lab');
  assert.match(await page.locator('h1').innerText(), /TMO Lab/);
  const tabs = await page.locator('nav.tabs button').allInnerTexts();
  assert.deepEqual(tabs, ['Replay', 'Compare', 'Train', 'Scenario']);
  await screenshot(page, 'shell-1280');
  assert.deepEqual(problems(), []);
});

test('each tab shows its view', async () => {
  const { page, problems } = await openPage(browser.context, server.url);
  await appReady(page);
  for (const name of ['Compare', 'Train', 'Scenario', 'Replay']) {
    await page.getByRole('button', { name, exact: true }).click();
    await page.waitForSelector(`main[data-view="${name.toLowerCase()}"]`);
    assert.equal(await page.locator('nav.tabs [aria-current="page"]').innerText(), name);
  }
  assert.deepEqual(problems(), []);
});
