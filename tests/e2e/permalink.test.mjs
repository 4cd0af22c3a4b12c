// Permalinks: the scenario, the view and Replay's episode and turn survive a reload and a
// fresh browser opening the same link; Back and Forward move between views.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, openPage, appReady } from './harness.mjs';

let server;
let browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

async function state(page) {
  await page.waitForSelector('.policy-card');
  // The optimum is planned in the worker: wait until its card shows the plan.
  await page.waitForSelector('.policy-card.planning', { state: 'detached' });
  return {
    view: await page.locator('main').getAttribute('data-view'),
    episode: await page.locator('#episode-picker').inputValue(),
    turn: await page.locator('[data-testid="turn-indicator"]').innerText(),
    decisions: await page.locator('[data-testid="decision"]').allInnerTexts(),
    rewards: await page.locator('.policy-card .terms tr.total td').allInnerTexts(),
  };
}

test('a link reproduces the scenario, the view, the episode and the turn', async () => {
  const { page, problems } = await openPage(browser.context, `${server.url}?view=scenario`);
  await appReady(page);
  await page.waitForSelector('#field-bl');
  await page.fill('#field-bl', '12.5');
  await page.selectOption('#network-preset', '4G');
  await page.fill('#field-wu', '0.9');
  await page.getByRole('button', { name: 'Replay', exact: true }).click();
  await page.waitForSelector('.policy-card');
  const third = await page.locator('#episode-picker optgroup[label="Test split"] option').nth(2).getAttribute('value');
  await page.selectOption('#episode-picker', third);
  await page.keyboard.press('ArrowRight');
  const seen = await state(page);
  assert.equal(seen.turn.startsWith('Turn 2 of'), true);
  const link = page.url();
  const query = new URL(link).searchParams;
  assert.equal(query.get('view'), 'replay');
  assert.equal(query.get('bl'), '12.5');
  assert.equal(query.get('net'), '4G');
  assert.equal(query.get('ep'), third);

  await page.reload();
  await appReady(page);
  assert.deepEqual(await state(page), seen);
  assert.equal(page.url(), link);

  const other = await launch();
  try {
    const fresh = await openPage(other.context, link);
    await appReady(fresh.page);
    assert.deepEqual(await state(fresh.page), seen);
    await fresh.page.getByRole('button', { name: 'Scenario', exact: true }).click();
    assert.equal(await fresh.page.locator('#field-bl').inputValue(), '12.5');
    assert.equal(await fresh.page.locator('#field-wu').inputValue(), '0.9');
    assert.equal(await fresh.page.locator('#network-preset').inputValue(), '4G');
    assert.deepEqual(fresh.problems(), []);
  } finally {
    await other.close();
  }
  assert.deepEqual(problems(), []);
});

test('a link with a bad parameter says so and keeps the rest', async () => {
  const { page, problems } = await openPage(browser.context, `${server.url}?view=scenario&k=lots&bl=20`);
  await appReady(page);
  await page.waitForSelector('#field-bl');
  assert.match(await page.locator('.app-error').innerText(), /k=lots/);
  assert.equal(await page.locator('#field-bl').inputValue(), '20');
  assert.equal(await page.locator('#field-k').inputValue(), '5');
  await page.getByRole('button', { name: 'Dismiss' }).click();
  assert.equal(await page.locator('.app-error').count(), 0);
  assert.deepEqual(problems(), []);
});

test('Back and Forward move between the views visited, inside the app', async () => {
  const { page, problems } = await openPage(browser.context, server.url);
  await appReady(page);
  const shown = () => page.locator('main').getAttribute('data-view');
  for (const name of ['Compare', 'Train']) {
    await page.getByRole('button', { name, exact: true }).click();
    await page.waitForSelector(`main[data-view="${name.toLowerCase()}"]`);
  }
  await page.goBack();
  await page.waitForSelector('main[data-view="compare"]');
  await page.goBack();
  await page.waitForSelector('main[data-view="replay"]');
  assert.ok(page.url().startsWith(server.url), `still in the app: ${page.url()}`);
  await page.goForward();
  await page.waitForSelector('main[data-view="compare"]');
  assert.equal(await shown(), 'compare');
  assert.equal(new URL(page.url()).searchParams.get('view'), 'compare');
  assert.deepEqual(problems(), []);
});
