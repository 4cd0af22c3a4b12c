// Experiments: a small sweep (network axis, local/cloud/optimal, 1 seed) runs in the worker and
// fills the chart and its table point by point (seed 0 at every point first over several
// seeds); its CSV/JSON exports carry tmo sweep's
// provenance and rows; Stop stops a longer one; the settings round-trip through the URL; a
// preset fills the settings; a bad value is named; the budget grid draws its heat maps; a
// problem-shape sweep generates its datasets (10 views are tested natively: the optimum over
// 1 025 actions is too slow for this suite);
// screenshots at 1280×800 and 390 px wide.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { serve, launch, openPage, screenshot, appReady, assertNoSideScroll, reportTime } from './harness.mjs';

let server;
let browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const SMALL = '?view=experiments&seeds=1&xp=local,cloud,optimal&xn=1';

async function openExperiments(context, query = '?view=experiments&seeds=1') {
  const opened = await openPage(context, server.url + query);
  await appReady(opened.page);
  await opened.page.waitForSelector('section.experiments');
  return opened;
}

/** Rows of the chart's numbers table (header row excluded). */
async function chartRows(page, chart) {
  return page.$$eval(`figure[data-chart="${chart}"] table.data tbody tr`, (rows) =>
    rows.map((tr) => [...tr.children].map((c) => c.textContent.trim())));
}

test('a small network sweep fills the chart and table, and exports with provenance', async () => {
  const { page, problems } = await openExperiments(browser.context, SMALL);
  assert.equal(await page.inputValue('#sweep-axis'), 'network');
  assert.equal(await page.inputValue('#sweep-seeds'), '1');
  assert.ok(await page.isChecked('#sweep-policy-optimal'));
  assert.ok(!(await page.isChecked('#sweep-policy-random')));
  await page.click('#sweep-run');
  await page.waitForSelector('.eval-status[data-state="running"]', { timeout: 30_000 }).catch(() => {});
  // The first point arrives while the rest is computed.
  await page.waitForSelector('.sweep-results .timing[data-first-ms]', { timeout: 120_000 });
  reportTime('Network sweep, first point in the page', Number(await page.locator('.timing').getAttribute('data-first-ms')), 5000);
  await page.waitForSelector('[data-state="done"]', { timeout: 300_000 });
  reportTime('Network sweep (4 points × 3 policies × 1 seed), whole in the worker', Number(await page.locator('.timing').getAttribute('data-total-ms')), 15000);
  const rows = await chartRows(page, 'sweep-reward');
  assert.deepEqual(rows.map((r) => r[0]), ['Wired', 'WiFi', '5G', '4G']);
  for (const r of rows) {
    assert.equal(r.length, 4, 'the point and three policies');
    for (const cell of r.slice(1)) assert.match(cell, /^-?\d+\.\d{3} ± \d+\.\d{3}$/);
  }
  // The metric switch redraws against % of the optimum: the optimum is 100 everywhere.
  await page.click('label[data-metric="pct-of-optimum"]');
  const pct = await chartRows(page, 'sweep-pct-of-optimum');
  for (const r of pct) assert.equal(r[3], '100.000 ± 0.000');
  // Exports: tmo sweep's format with provenance.
  const save = async (id) => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click(id)]);
    return { name: download.suggestedFilename(), body: await readFile(await download.path(), 'utf8') };
  };
  const json = await save('#sweep-json');
  assert.equal(json.name, 'tmo-sweep-network.json');
  const parsed = JSON.parse(json.body);
  assert.equal(parsed.provenance.axis, 'network');
  assert.equal(parsed.provenance.seeds, 1);
  assert.deepEqual(parsed.provenance.policies, ['local', 'cloud', 'optimal']);
  assert.ok(parsed.provenance.scenario && parsed.provenance.dataset.fnv1a_64);
  assert.equal(parsed.rows.length, 12);
  assert.equal(parsed.rows[0].network, 'Wired');
  assert.equal(parsed.rows[2].policy, 'optimal');
  assert.equal(parsed.rows[2].pct_of_optimum_mean, 100);
  const csv = await save('#sweep-csv');
  const lines = csv.body.trim().split('\n');
  assert.match(lines[0], /^# provenance: \{/);
  assert.match(lines[1], /^network,policy,response_score_mean/);
  assert.equal(lines.length, 2 + 12);
  // A PNG of the chart.
  const [png] = await Promise.all([page.waitForEvent('download'), page.click('figure[data-chart="sweep-pct-of-optimum"] button:has-text("PNG")')]);
  assert.equal(png.suggestedFilename(), 'sweep-pct-of-optimum.png');
  await assertNoSideScroll(page);
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, 'experiments-1280');
  assert.deepEqual(problems(), []);
});

test('Stop stops a sweep and keeps its points so far', async () => {
  const { page, problems } = await openExperiments(browser.context, '?view=experiments&seeds=1&ax=device&xp=local,cloud,random,optimal&xn=3');
  await page.click('#sweep-run');
  await page.waitForSelector('#sweep-stop', { timeout: 30_000 });
  await page.click('#sweep-stop');
  await page.waitForSelector('.eval-status[data-state="stopped"]');
  assert.equal(await page.locator('#sweep-stop').count(), 0);
  // Nothing more arrives after a stop.
  const before = await page.locator('.timing').getAttribute('data-points');
  await page.waitForTimeout(1500);
  assert.equal(await page.locator('.timing').getAttribute('data-points'), before);
  assert.deepEqual(problems(), []);
});

test('a sweep over seeds shows every point before it completes any', async () => {
  const { page, problems } = await openExperiments(browser.context, '?view=experiments&seeds=1&ax=network&xv=Wired,4G&xp=local,optimal&xn=2');
  await page.click('#sweep-run');
  // Seed 0 runs at every point first; the first rows come before the optimum's.
  await page.waitForSelector('.timing[data-points="2"]', { timeout: 120_000 });
  const complete = Number(await page.locator('.timing').getAttribute('data-complete'));
  assert.ok(complete < 2, `${complete} of 2 points complete when the last one appeared`);
  assert.match(await page.locator('.timing').textContent(), /2 points of network over seeds 0–1/);
  assert.deepEqual((await chartRows(page, 'sweep-reward')).map((r) => r[0]), ['Wired', '4G']);
  await page.waitForSelector('.timing[data-complete="2"]', { timeout: 300_000 });
  assert.match(await page.locator('.timing').textContent(), /all complete/);
  assert.deepEqual(problems(), []);
});

test('the settings round-trip through the URL, presets fill them, bad values are named', async () => {
  const { page, problems } = await openExperiments(browser.context, '?view=experiments&seeds=1');
  await page.selectOption('#sweep-axis', 'model-size');
  await page.fill('#sweep-values', '1e9, 7e9');
  await page.fill('#sweep-seeds', '2');
  await page.click('#sweep-policy-random');
  const url = page.url();
  assert.match(url, /ax=model-size/);
  assert.match(url, /xn=2/);
  const again = await openExperiments(browser.context, new URL(url).search);
  assert.equal(await again.page.inputValue('#sweep-axis'), 'model-size');
  assert.equal(await again.page.inputValue('#sweep-values'), '1e9, 7e9');
  assert.equal(await again.page.inputValue('#sweep-seeds'), '2');
  assert.equal(await again.page.isChecked('#sweep-policy-random'), false);
  // The note that model size changes the cost side only.
  assert.match(await again.page.locator('.sweep-form').innerText(), /cost side only/);
  await again.page.close();
  // Bad values: a message naming the field, Run disabled, no panic.
  await page.fill('#sweep-values', '1e9, lots');
  const error = page.locator('#sweep-error');
  assert.match(await error.innerText(), /Values: .*`lots` is not a number/);
  assert.equal(await error.getAttribute('data-field'), 'sweep-values');
  assert.equal(await page.getAttribute('#sweep-values', 'aria-invalid'), 'true');
  assert.ok(await page.isDisabled('#sweep-run'));
  await page.fill('#sweep-seeds', '0');
  await page.fill('#sweep-values', '1e9');
  assert.match(await error.innerText(), /^Seeds: /);
  await page.fill('#sweep-seeds', '1');
  assert.equal(await error.innerText(), '');
  // A preset fills the settings (and starts the figure; stopped here).
  await page.click('button[data-preset="Different local devices"]');
  assert.equal(await page.inputValue('#sweep-axis'), 'device');
  assert.match(await page.inputValue('#sweep-values'), /Jetson Nano.*iPhone 15 \(A16\)/);
  assert.ok(await page.isChecked('#sweep-policy-rc-a2c'));
  assert.equal(await page.inputValue('#sweep-seeds'), '3');
  await page.waitForSelector('#sweep-stop', { timeout: 30_000 });
  await page.click('#sweep-stop');
  await page.click('button[data-preset="Resource-aware generalisation"]');
  assert.equal(await page.inputValue('#sweep-axis'), 'budgets');
  assert.equal(await page.inputValue('#sweep-distribution'), 'extreme_aware');
  assert.ok(await page.isVisible('#sweep-usage'));
  await page.waitForSelector('#sweep-stop', { timeout: 30_000 });
  await page.click('#sweep-stop');
  assert.deepEqual(problems(), []);
});

test('the budget grid draws heat maps of the share of the optimum and of violations', async () => {
  const { page, problems } = await openExperiments(browser.context,
    '?view=experiments&seeds=1&ax=budgets&xv=5,30&xu=0.005,0.05&xp=local,cloud,optimal&xn=1&xd=uniform');
  await page.click('#sweep-run');
  await page.waitForSelector('[data-state="done"]', { timeout: 300_000 });
  reportTime('Budget grid 2 × 2 (local, cloud, optimal, 1 seed) in the worker', Number(await page.locator('.timing').getAttribute('data-total-ms')), 15000);
  assert.equal(await page.inputValue('#sweep-heatmap-policy'), 'local');
  await page.selectOption('#sweep-heatmap-policy', 'cloud');
  const share = await chartRows(page, 'sweep-grid-pct-of-optimum');
  assert.deepEqual(share.map((r) => r[0]), ['5 s', '30 s']);
  for (const r of share) for (const cell of r.slice(1)) assert.match(cell, /^\d+(\.\d+)? %$/);
  const violations = await chartRows(page, 'sweep-grid-violations');
  assert.equal(violations.length, 2);
  await assertNoSideScroll(page);
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, 'experiments-budget-grid');
  assert.deepEqual(problems(), []);
});

test('a problem-shape sweep generates each shape and draws it', async () => {
  const { page, problems } = await openExperiments(browser.context,
    '?view=experiments&seeds=1&ax=shape&xv=small,more-tasks&xp=local,cloud,optimal&xn=1');
  assert.equal(await page.inputValue('#sweep-axis'), 'shape');
  await page.click('#sweep-run');
  await page.waitForSelector('[data-state="done"]', { timeout: 300_000 });
  reportTime('Shape sweep (small, more-tasks; local, cloud, optimal, 1 seed) in the worker', Number(await page.locator('.timing').getAttribute('data-total-ms')), 5000);
  const rows = await chartRows(page, 'sweep-reward');
  assert.deepEqual(rows.map((r) => r[0]), ['small', 'more-tasks']);
  for (const r of rows) {
    for (const cell of r.slice(1)) assert.match(cell, /^-?\d+\.\d{3} ± \d+\.\d{3}$/);
    // The optimum (last column) is at least every rule's reward at its point.
    const [local, cloud, optimal] = r.slice(1).map((c) => Number(c.split(' ')[0]));
    assert.ok(optimal >= local && optimal >= cloud, `optimum ${optimal} below a rule at ${r[0]}`);
  }
  assert.match(await page.locator('.sweep-form').innerText(), /generated as `?tmo gen-dataset`?/);
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, 'experiments-shape');
  assert.deepEqual(problems(), []);
});

test('the view fits a 390 px wide screen', async () => {
  const b = await launch({ viewport: { width: 390, height: 844 } });
  try {
    const { page, problems } = await openExperiments(b.context, SMALL);
    await page.click('#sweep-run');
    await page.waitForSelector('[data-state="done"]', { timeout: 300_000 });
    await assertNoSideScroll(page);
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'experiments-390');
    assert.deepEqual(problems(), []);
  } finally {
    await b.close();
  }
});
