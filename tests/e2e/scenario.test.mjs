// Scenario: every field validated by tmo-core next to it, presets, paper defaults, and the
// baselines re-evaluated quickly on every change.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, openPage, appReady, screenshotsAt, reportTime } from './harness.mjs';

let server;
let browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const CURRENT = '[data-testid="glance-time"][data-current="true"][data-complete="true"]';
const evalMillis = async (page) => Number(await page.locator(CURRENT).getAttribute('data-ms'));

test('the scenario view shows the paper defaults and the baselines, evaluated in the background worker', async () => {
  const { page, problems } = await openPage(browser.context, `${server.url}?view=scenario&seeds=1`);
  await appReady(page);
  await page.waitForSelector(`main[data-view="scenario"] ${CURRENT}`, { timeout: 60_000 });
  assert.equal(await page.locator('#field-bl').inputValue(), '30');
  assert.equal(await page.locator('#field-n').inputValue(), '3.8');
  assert.equal(await page.locator('#device-preset').inputValue(), 'Jetson TX2');
  assert.equal(await page.locator('#network-preset').inputValue(), 'Wired');
  assert.equal(await page.locator('.glance tbody tr').count(), 6);
  reportTime('Scenario, baselines (Compare\'s table, 1 seed with the optimum) evaluated in the worker', await evalMillis(page), 4000);
  // A change re-evaluates: the latency column of `local` follows the device.
  const localLatency = () => page.locator('.glance tbody tr').first().locator('td').nth(1).innerText();
  const slow = await localLatency();
  await page.selectOption('#device-preset', 'Jetson AGX Orin');
  assert.equal(await page.locator('#field-gf').inputValue(), '275000');
  // The previous numbers stay, dimmed, until the worker has the new ones.
  await page.waitForFunction((old) => document.querySelector('[data-testid="glance-time"][data-current="true"]')
    && document.querySelector('.glance tbody tr td:nth-child(3)').innerText !== old, slow, { timeout: 60_000 });
  await page.waitForSelector(CURRENT, { timeout: 60_000 });
  reportTime('Scenario, baselines re-evaluated in the worker after a device change', await evalMillis(page), 4000);
  assert.deepEqual(problems(), []);
});

test('bad values get messages next to their field and paper defaults restores', async () => {
  const { page, problems } = await openPage(browser.context, `${server.url}?view=scenario&seeds=1`);
  await appReady(page);
  await page.waitForSelector('#field-bl');
  await page.fill('#field-bl', '-5');
  const blError = page.locator('#field-bl-error');
  assert.match(await blError.innerText(), /-5 is invalid: must be a finite number ≥ 0/);
  assert.equal(await page.locator('#field-bl').getAttribute('aria-invalid'), 'true');
  assert.match(await page.locator('[data-testid="scenario-status"]').innerText(), /Latency budget: -5 s per dialogue is invalid/);
  await page.fill('#field-k', '2.5');
  assert.match(await page.locator('#field-k-error').innerText(), /not a whole number/);
  await page.fill('#field-net-latency_s-1', 'fast');
  assert.match(await page.locator('#field-net-latency_s-1-error').innerText(), /not a number/);
  await page.fill('#field-net-latency_s-1', '3');
  assert.equal(await page.locator('#network-preset').inputValue(), 'Custom');
  await page.getByRole('button', { name: 'Paper defaults' }).click();
  assert.equal(await page.locator('#field-bl').inputValue(), '30');
  assert.equal(await page.locator('#field-k').inputValue(), '5');
  assert.equal(await page.locator('#network-preset').inputValue(), 'Wired');
  assert.equal(await blError.innerText(), '');
  assert.match(await page.locator('[data-testid="scenario-status"]').innerText(), /^Valid scenario/);
  assert.deepEqual(problems(), []);
});

test('the theme toggle switches and persists across a reload', async () => {
  const { page, problems } = await openPage(browser.context, `${server.url}?view=scenario&seeds=1`);
  await appReady(page);
  const theme = () => page.evaluate(() => document.documentElement.dataset.theme ?? 'system');
  assert.equal(await theme(), 'system');
  await page.locator('.theme-toggle').click();
  assert.equal(await theme(), 'dark');
  await page.reload();
  await appReady(page);
  assert.equal(await theme(), 'dark');
  await page.locator('.theme-toggle').click();
  assert.equal(await theme(), 'light');
  assert.deepEqual(problems(), []);
});

test('scenario screenshots at 1280x800 and 390 px wide, light and dark', async () => {
  const shots = [
    ['scenario-1280', { width: 1280, height: 800 }, 'light'],
    ['scenario-390', { width: 390, height: 844 }, 'light'],
    ['scenario-1280-dark', { width: 1280, height: 800 }, 'dark'],
  ];
  await screenshotsAt(`${server.url}?view=scenario&seeds=1`, '[data-testid="glance-time"]', shots);
});
