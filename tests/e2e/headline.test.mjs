// The headline above every view: on first load it states, from live numbers, what TMO earns as a
// share of the clairvoyant optimum and whether it stays within budget, beside answering locally
// and calling the cloud; its numbers are Compare's; it links to the paper and the views; it
// reads on the first screen at 1366×768 and 390 px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, openPage, screenshot, appReady, assertNoSideScroll, reportTime } from './harness.mjs';

let server;
let browser;
before(async () => { server = await serve(); browser = await launch({ viewport: { width: 1366, height: 768 } }); });
after(async () => { await browser?.close(); await server?.close(); });

test('the headline states TMO against Local, Cloud and the optimum, with Compare\'s numbers', async () => {
  const { page, problems } = await openPage(browser.context, server.url);
  const started = Date.now();
  await appReady(page);
  await page.waitForSelector('.headline-claim[data-state="measured"] [data-policy="tmo"]', { timeout: 120_000 });
  reportTime('Headline, page load to TMO\'s numbers on screen', Date.now() - started, 6000);
  const claim = await page.locator('.headline-claim').innerText();
  assert.match(claim, /TMO \(RC-PPO\) earns \d\.\d\d per turn \(\d+ % of the optimum\)/);
  assert.match(claim, /Answering every turn locally earns \d\.\d\d per turn \(\d+ % of the optimum\)/);
  assert.match(claim, /Calling the cloud every time earns \d\.\d\d per turn/);
  const box = await page.locator('.headline-claim').boundingBox();
  assert.ok(box.y + box.height <= 768, `the claim ends at ${box.y + box.height} px, below the first screen`);
  await screenshot(page, 'headline-1366');
  // The same number as Compare's row for TMO.
  const pct = Number(await page.locator('.headline [data-policy="tmo"]').getAttribute('data-pct'));
  await page.locator('.headline-links button', { hasText: 'The full table' }).click();
  const cell = page.locator('tr[data-policy="TMO (RC-PPO)"] td[data-metric="pct_of_optimum"]');
  await cell.waitFor();
  assert.ok(Math.abs(Number(await cell.getAttribute('data-mean')) - pct) < 0.05, 'the headline shows Compare\'s % of optimum');
  assert.equal(await page.locator('.headline a[href="https://arxiv.org/abs/2502.11007"]').count(), 1);
  assert.deepEqual(problems(), []);
});

test('the headline at 390 px', async () => {
  const phone = await launch({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
  try {
    const { page, problems } = await openPage(phone.context, server.url);
    await appReady(page);
    await page.waitForSelector('.headline-claim[data-state="measured"] [data-policy="tmo"]', { timeout: 120_000 });
    await assertNoSideScroll(page);
    await page.screenshot({ path: (await screenshot(page, 'headline-390-full')).replace('-full', ''), fullPage: false });
    assert.deepEqual(problems(), []);
  } finally {
    await phone.close();
  }
});

test('under another scenario the headline says the shipped policy was trained for the default one, and shows TMO retrained for this one', async () => {
  const { page, problems } = await openPage(browser.context, `${server.url}?view=replay&bl=12&bu=0.02&seeds=1`);
  await appReady(page);
  const warning = page.locator('.headline-warning');
  await warning.waitFor();
  assert.match(await warning.innerText(), /learned under the paper's default scenario/);
  assert.match(await warning.innerText(), /retrained/);
  // TMO's numbers come from it retrained here, seed 0 first.
  await page.waitForSelector('.headline-claim[data-state="measured"] [data-policy="tmo"]', { timeout: 180_000 });
  assert.ok(Number(await page.locator('.headline [data-seeds]').getAttribute('data-seeds')) >= 1);
  await warning.getByRole('button', { name: 'Train a policy for this scenario' }).click();
  await page.waitForSelector('#train-start');
  assert.deepEqual(problems(), []);
  const fresh = await openPage(browser.context, server.url);
  await appReady(fresh.page);
  await fresh.page.waitForSelector('.headline-claim');
  assert.equal(await fresh.page.locator('.headline-warning').count(), 0, 'no warning under the default scenario');
});
