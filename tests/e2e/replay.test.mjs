// Replay: the default test episode renders with its views and policies, the optimum's decision
// among them; ← and → step the turns; the search narrows the episode picker; the shield toggle
// shields every card.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, openPage, appReady, screenshotsAt, reportTime } from './harness.mjs';

let server;
let browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const indicator = (page) => page.locator('[data-testid="turn-indicator"]').innerText();

test('replay opens on a test episode with views, policies and answers', async () => {
  const { page, problems } = await openPage(browser.context, server.url);
  await appReady(page);
  // Every card played (the baselines play in the worker).
  await page.waitForSelector('main[data-view="replay"] .policy-grid:not(:has(.planning)) .policy-card');
  const firstTestOption = await page.locator('#episode-picker optgroup[label="Test split"] option').first().getAttribute('value');
  assert.equal(await page.locator('#episode-picker').inputValue(), firstTestOption);
  assert.match(await indicator(page), /^Turn 1 of \d+$/);
  assert.equal(await page.locator('.view-card').count(), 3);
  // Four baselines (the optimum among them) start selected, plus every trained policy (the
  // shipped TMO), shown first.
  const cards = page.locator('.policy-card');
  const trained = await page.locator('.policy-picker input:checked').count() - 4;
  assert.ok(trained >= 0);
  assert.equal(await cards.count(), 4 + trained);
  assert.equal(await page.locator('.policy-card .chip.learned').count(), trained);
  if (trained > 0) assert.equal(await cards.first().locator('.chip.learned').count(), 1);
  for (const text of await page.locator('[data-testid="decision"]').allInnerTexts()) {
    assert.match(text, /^(Local|Cloud, text only|Cloud \+ views? [\d, ]+)$/);
  }
  // Every card splits its reward into four terms whose sum is the reward shown.
  const rows = await cards.first().locator('table.terms td').allInnerTexts();
  assert.equal(rows.length, 5);
  const sum = rows.slice(0, 4).reduce((s, v) => s + Number(v), 0);
  assert.ok(Math.abs(sum - Number(rows[4])) < 0.0021, `${rows}`);
  assert.ok((await page.locator('.answer-text').count()) >= 1);
  assert.deepEqual(problems(), []);
});

test('the arrow keys and buttons step through the turns', async () => {
  const { page, problems } = await openPage(browser.context, server.url);
  await appReady(page);
  await page.waitForSelector('.policy-card');
  const total = Number((await indicator(page)).match(/of (\d+)/)[1]);
  assert.ok(total >= 2, 'the first test episode has at least two turns');
  const before = await page.locator('.question').innerText();
  await page.keyboard.press('ArrowRight');
  assert.equal(await indicator(page), `Turn 2 of ${total}`);
  await page.keyboard.press('ArrowLeft');
  assert.equal(await indicator(page), `Turn 1 of ${total}`);
  assert.equal(await page.locator('.question').innerText(), before);
  await page.keyboard.press('ArrowLeft');
  assert.equal(await indicator(page), `Turn 1 of ${total}`, 'stays on the first turn');
  for (let i = 0; i < total + 2; i += 1) await page.keyboard.press('ArrowRight');
  assert.equal(await indicator(page), `Turn ${total} of ${total}`, 'stops on the last turn');
  // Budgets drain: the latency left on the last turn is not above the first turn's.
  const latencyLeft = async () => Number((await page.locator('.policy-card[data-policy="All views"] .budget .num').first().innerText()).match(/-?[\d.]+/)[0]);
  const last = await latencyLeft();
  await page.getByRole('button', { name: 'Previous turn' }).click();
  assert.equal(await indicator(page), `Turn ${total - 1} of ${total}`);
  assert.ok((await latencyLeft()) >= last);
  await page.getByRole('button', { name: 'Next turn' }).click();
  assert.equal(await indicator(page), `Turn ${total} of ${total}`);
  assert.deepEqual(problems(), []);
});

test('choosing an episode and policies updates the view', async () => {
  const { page, problems } = await openPage(browser.context, server.url);
  await appReady(page);
  await page.waitForSelector('.policy-card');
  const second = await page.locator('#episode-picker optgroup[label="Test split"] option').nth(1).getAttribute('value');
  await page.selectOption('#episode-picker', second);
  await page.waitForFunction((id) => new URL(location.href).searchParams.get('ep') === id, second);
  const shown = await page.locator('.policy-card').count();
  await page.getByLabel('Text only').check();
  assert.equal(await page.locator('.policy-card').count(), shown + 1);
  assert.equal(await page.locator('.policy-card[data-policy="Text only"] [data-testid="decision"]').innerText(), 'Cloud, text only');
  // A training episode can be replayed too, and says so.
  const train = await page.locator('#episode-picker optgroup[label="Training split"] option').first().getAttribute('value');
  await page.selectOption('#episode-picker', train);
  await page.waitForSelector('text=A training episode');
  assert.equal(await page.locator('.policy-card').count(), shown + 1);
  assert.deepEqual(problems(), []);
});

test('the search narrows the picker to episodes whose questions or tasks hold every word', async () => {
  const { page, problems } = await openPage(browser.context, server.url);
  await appReady(page);
  await page.waitForSelector('.policy-card');
  const all = await page.locator('#episode-picker option').count();
  await page.fill('#episode-search', 'LIGHTS');
  const note = page.locator('#episode-search-note');
  assert.match(await note.innerText(), /^Matching “LIGHTS”: \d+ in the /);
  const found = Number(await note.getAttribute('data-found'));
  assert.ok(found > 0 && found < all, `${found} of ${all}`);
  // The shown episode stays listed; every other listed one holds the word.
  const shown = await page.locator('#episode-picker').inputValue();
  const listed = await page.locator('#episode-picker option').count();
  assert.ok(listed === found || listed === found + 1, `${listed} listed, ${found} found`);
  const other = await page.$$eval('#episode-picker option', (os, cur) => os.map((o) => o.value).find((v) => v !== cur), shown);
  await page.selectOption('#episode-picker', other);
  await page.waitForFunction((id) => new URL(location.href).searchParams.get('ep') === id, other);
  const words = (await page.locator('#prompt-title').innerText()) + ' ' + (await page.locator('.chip.task').innerText());
  const turns = Number((await indicator(page)).match(/of (\d+)/)[1]);
  let seen = words;
  for (let t = 1; t < turns; t++) {
    await page.click('button[aria-label="Next turn"]');
    await page.waitForFunction((n) => document.querySelector('[data-testid="turn-indicator"]').innerText.startsWith(`Turn ${n} `), t + 1);
    seen += ' ' + (await page.locator('#prompt-title').innerText()) + ' ' + (await page.locator('.chip.task').innerText());
  }
  assert.match(seen.toLowerCase(), /lights/);
  // No match says so; clearing lists every episode again.
  await page.fill('#episode-search', 'lights zzyzx');
  assert.match(await note.innerText(), /^No episode's questions or tasks contain every word of “lights zzyzx”\.$/);
  await page.fill('#episode-search', '');
  assert.equal(await page.locator('#episode-search-note').count(), 0);
  assert.equal(await page.locator('#episode-picker option').count(), all);
  assert.deepEqual(problems(), []);
});

test('the optimum\'s decision is shown at every turn, said to be clairvoyant', async () => {
  const { page, problems } = await openPage(browser.context, server.url);
  await appReady(page);
  const card = page.locator('.policy-card[data-policy="Optimal (clairvoyant)"]');
  await card.waitFor();
  assert.match(await card.locator('.clairvoyant-note').innerText(), /future turns/);
  const total = Number((await indicator(page)).match(/of (\d+)/)[1]);
  let spent = 0;
  for (let t = 0; t < total; t += 1) {
    assert.match(await card.locator('[data-testid="decision"]').innerText(), /^(Local|Cloud, text only|Cloud \+ views? [\d, ]+)$/);
    await page.keyboard.press('ArrowRight');
  }
  // Within the budgets at the last turn: nothing says "over".
  assert.equal(await card.locator('.budget.over').count(), spent);
  // Time a change of episode to the optimum's card (its plan comes from the worker).
  const second = await page.locator('#episode-picker optgroup[label="Test split"] option').nth(1).getAttribute('value');
  const started = await page.evaluate(() => performance.now());
  await page.selectOption('#episode-picker', second);
  await page.waitForFunction(() => document.querySelector('[data-testid="turn-indicator"]')?.innerText.startsWith('Turn 1 of'));
  await card.waitFor();
  reportTime('Replay, another episode with the optimum planned', await page.evaluate((t) => performance.now() - t, started), 200);
  // The shield: every card is shielded and says so.
  await page.check('#replay-shield-toggle');
  await page.waitForSelector('.policy-card[data-shielded="true"]');
  assert.equal(await page.locator('.policy-card[data-shielded="false"]').count(), 0);
  assert.ok(await page.locator('.policy-card .chip.shield').count() >= 4);
  assert.equal(new URL(page.url()).searchParams.get('shield'), '1');
  assert.deepEqual(problems(), []);
});

test('replay screenshots at 1280x800 and 390 px wide', async () => {
  // Once every baseline has played in the worker.
  await screenshotsAt(server.url, '.policy-grid:not(:has(.planning)) .policy-card', [
    ['replay-1280', { width: 1280, height: 800 }],
    ['replay-390', { width: 390, height: 844 }],
  ]);
  await screenshotsAt(`${server.url}?shield=1`, '.policy-grid:not(:has(.planning)) .policy-card[data-shielded="true"]', [
    ['replay-shield-1280', { width: 1280, height: 800 }],
  ]);
});
