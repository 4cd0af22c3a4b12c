// Compare: the table's numbers (the optimum's row and every % of optimum included) equal
// `tmo table --format json`'s for the same scenario and seeds (the native binary, run from
// here), for the default scenario and one set by the URL; the table is computed in the
// background worker while the old one stays; the shield toggle adds shielded rows that never go
// over budget and lives in the link; exports and charts work; screenshots at both sizes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { serve, launch, openPage, screenshot, appReady, assertNoSideScroll, reportTime, repoRoot, tmoBinary } from './harness.mjs';

const BASELINES = ['local', 'cloud', 'random', 'all-views', 'text-only', 'greedy', 'optimal'];
const METRICS = ['response_score', 'association_score', 'latency', 'usage', 'reward',
  'latency_violation', 'usage_violation', 'violation_rate'];

/** `tmo table` as JSON, from the release binary the native tests built. */
function tmoTable(args, policies = BASELINES) {
  const out = execFileSync(tmoBinary(), ['table',
    '--dataset', join(repoRoot, 'dataset', 'kitchen.json'), '--policies', policies.join(','),
    '--format', 'json', ...args], { cwd: repoRoot, encoding: 'utf8', maxBuffer: 1 << 26, timeout: 600_000 });
  return JSON.parse(out);
}

/** The Compare table as the page shows it: raw means, sds and action counts per policy. */
async function pageTable(page) {
  return page.$$eval('table.metrics tbody tr', (rows) => rows.map((tr) => ({
    policy: tr.dataset.policy,
    counts: JSON.parse(tr.dataset.counts),
    metrics: Object.fromEntries([...tr.querySelectorAll('td[data-metric]')].map((td) =>
      [td.dataset.metric, { mean: Number(td.dataset.mean), sd: Number(td.dataset.sd) }])),
  })));
}

function assertSameNumbers(shown, expected) {
  for (const want of expected) {
    const row = shown.find((r) => r.policy === want.policy);
    assert.ok(row, `the page shows ${want.policy}`);
    for (const m of METRICS) {
      assert.equal(row.metrics[m].mean, want[`${m}_mean`], `${want.policy} ${m} mean`);
      assert.equal(row.metrics[m].sd, want[`${m}_sd`], `${want.policy} ${m} sd`);
    }
    assert.equal(row.metrics.pct_of_optimum.mean, want.pct_of_optimum_mean, `${want.policy} % of optimum`);
    assert.equal(row.metrics.pct_of_optimum.sd, want.pct_of_optimum_sd, `${want.policy} % of optimum sd`);
    assert.deepEqual(row.counts, want.action_counts, `${want.policy} action counts`);
  }
}

/** Compare, by default over one seed (the shipped policy's: no background training needed). */
async function openCompare(context, query = '?view=compare&seeds=1') {
  const opened = await openPage(context, server.url + query);
  await appReady(opened.page);
  await opened.page.waitForSelector('table.metrics[data-complete="true"] tbody tr[data-policy="greedy"]', { timeout: 60_000 });
  return opened;
}

let server;
let browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

test('the default table equals tmo table over 3 seeds, with the optimum, and the shipped policy is in it', async () => {
  const expected = tmoTable(['--seeds', '3']);
  const { page, problems } = await openCompare(browser.context, '?view=compare');
  assert.equal(await page.inputValue('#compare-seeds'), '3');
  assertSameNumbers(await pageTable(page), expected);
  assert.equal(await page.locator('table.metrics tr[data-policy="TMO (RC-PPO)"]').count(), 1);
  // The % of optimum column and the optimum's row, named in plain words.
  assert.equal(await page.locator('table.metrics thead th[data-col="pct_of_optimum"]').count(), 1);
  const optimal = page.locator('table.metrics tr[data-policy="optimal"] th');
  assert.match(await optimal.innerText(), /clairvoyant/);
  assert.match(await optimal.innerText(), /future turns/);
  assert.equal(await page.locator('tr[data-policy="optimal"] td[data-metric="pct_of_optimum"]').getAttribute('data-mean'), '100');
  assert.ok(Number(await page.locator('tr[data-policy="TMO (RC-PPO)"] td[data-metric="pct_of_optimum"]').getAttribute('data-mean')) > 0);
  reportTime('Compare over 3 seeds with the optimum, in the worker', Number(await page.locator('.timing').getAttribute('data-total-ms')), 4000);
  reportTime('Compare over 3 seeds, request to table on screen', Number(await page.locator('.timing').getAttribute('data-wall-ms')), 5000);
  // The main thread stays free while the worker computes: the longest task after the app
  // mounted (a reload, observed from the start).
  await page.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push([e.startTime, e.duration]); })
      .observe({ type: 'longtask', buffered: true });
  });
  await page.reload();
  await appReady(page);
  const mounted = await page.evaluate(() => performance.now());
  // The table fills in seed by seed: seed 0's rows come first.
  await page.waitForSelector('table.metrics[data-complete="false"][data-seeds="1"] tbody tr[data-policy="optimal"]', { timeout: 60_000 });
  reportTime('Compare, seed 0 on screen (request to partial table)', Number(await page.locator('.timing').getAttribute('data-partial-ms')), 2000);
  await page.waitForSelector('table.metrics[data-complete="true"] tbody tr[data-policy="greedy"]', { timeout: 60_000 });
  const longest = await page.evaluate((after) => Math.max(0, ...window.__longTasks.filter(([t]) => t >= after).map(([, d]) => d)), mounted);
  reportTime('Compare over 3 seeds: longest main-thread task while the worker evaluates', longest, 200);
  // The table fits 1280 px without scrolling sideways inside its panel.
  const overflow = await page.$eval('.table-scroll', (el) => el.scrollWidth - el.clientWidth);
  assert.ok(overflow <= 0, `the Compare table is ${overflow} px too wide for 1280 px`);
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, 'compare-1280');
  assert.deepEqual(problems(), []);
});

test('TMO is trained per seed in the background: its row gains seeds and ends equal to tmo table\'s rc-ppo', async () => {
  const TMO = 'TMO (RC-PPO)';
  const expected = tmoTable(['--seeds', '2'], ['rc-ppo']).map((r) => ({ ...r, policy: TMO }));
  const { page, problems } = await openCompare(browser.context, '?view=compare&seeds=2');
  // The shipped file fills seed 0 at once; seeds 1 and 2 train in another worker instance.
  const seedsIn = () => page.locator(`table.metrics tr[data-policy="${TMO}"] th small[data-seeds]`).getAttribute('data-seeds');
  assert.ok(['1', '2'].includes(await seedsIn()), 'the row says how many seeds are in');
  await page.waitForSelector('[data-state="tmo-training"]', { timeout: 60_000 }).catch(() => {});
  const started = Date.now();
  await page.waitForSelector(`table.metrics[data-complete="true"] tr[data-policy="${TMO}"] th small[data-seeds="2"]`, { timeout: 300_000 });
  reportTime('TMO trained on seed 1 in the background and re-evaluated', Date.now() - started, 20_000);
  assertSameNumbers(await pageTable(page), expected);
  assert.equal(await page.locator('[data-state="tmo-training"]').count(), 0, 'nothing left to train');
  // The headline says it too.
  assert.equal(await page.locator('.headline [data-seeds]').getAttribute('data-seeds'), '2');
  // Fewer seeds need no training: the kept files serve them.
  await page.fill('#compare-seeds', '1');
  await page.waitForSelector(`table.metrics[data-seeds="1"][data-complete="true"] tr[data-policy="${TMO}"] th small[data-seeds="1"]`, { timeout: 60_000 });
  assert.equal(await page.locator('[data-state="tmo-training"]').count(), 0);
  assert.deepEqual(problems(), []);
});

test('a scenario from the URL and another seed count match tmo table too', async () => {
  const expected = tmoTable(['--seeds', '2', '--network', '4G', '--latency-budget', '20', '--k', '3']);
  const { page, problems } = await openCompare(browser.context, '?view=compare&net=4G&bl=20&k=3');
  await page.fill('#compare-seeds', '2');
  await page.waitForSelector('table.metrics[data-seeds="2"][data-complete="true"]', { timeout: 60_000 });
  assertSameNumbers(await pageTable(page), expected);
  // The seed count is in the link and survives leaving the view.
  assert.equal(new URL(page.url()).searchParams.get('seeds'), '2');
  await page.getByRole('button', { name: 'Scenario', exact: true }).click();
  await page.getByRole('button', { name: 'Compare', exact: true }).click();
  await page.waitForSelector('table.metrics[data-seeds="2"][data-complete="true"]');
  assert.equal(await page.inputValue('#compare-seeds'), '2');
  assert.deepEqual(problems(), []);
});

test('changing the scenario re-evaluates in the background, the old table shown meanwhile', async () => {
  const { page, problems } = await openCompare(browser.context);
  const cloudLatency = () => page.locator('tr[data-policy="cloud"] td[data-metric="latency"]').getAttribute('data-mean');
  const before = await cloudLatency();
  await page.getByRole('button', { name: 'Scenario', exact: true }).click();
  await page.selectOption('#network-preset', '4G');
  await page.getByRole('button', { name: 'Compare', exact: true }).click();
  // The previous table stays on screen while the new one is computed, with progress.
  await page.waitForSelector('table.metrics tbody tr[data-policy="cloud"]');
  await page.waitForFunction((old) => {
    const cell = document.querySelector('table.metrics[data-complete="true"] tr[data-policy="cloud"] td[data-metric="latency"]');
    return cell !== null && cell.dataset.mean !== old;
  }, before, { timeout: 60_000 });
  assert.notEqual(await cloudLatency(), before, 'the cloud latency follows the network');
  reportTime('Compare re-evaluated after a scenario change (worker)', Number(await page.locator('.timing').getAttribute('data-total-ms')), 4000);
  assert.deepEqual(problems(), []);
});

test('the shield toggle adds shielded rows that stay within the budgets, and lives in the link', async () => {
  const { page, problems } = await openCompare(browser.context);
  assert.equal(await page.locator('table.metrics tr.shielded').count(), 0);
  await page.check('#shield-toggle');
  await page.waitForSelector('table.metrics[data-complete="true"] tr[data-policy="cloud+shield"]', { timeout: 60_000 });
  const shielded = await page.$$eval('table.metrics tr.shielded', (rows) => rows.map((tr) => [tr.dataset.policy,
    Number(tr.querySelector('td[data-metric="violation_rate"]').dataset.mean)]));
  assert.ok(shielded.some(([p]) => p === 'TMO (RC-PPO)+shield'), `the trained policy is shielded too: ${shielded}`);
  assert.equal(shielded.length, 7, `${shielded}`);
  for (const [policy, rate] of shielded) assert.equal(rate, 0, `${policy} never goes over budget`);
  assert.ok(Number(await page.locator('tr[data-policy="cloud"] td[data-metric="violation_rate"]').getAttribute('data-mean')) > 0,
    'unshielded cloud does go over budget');
  assert.equal(new URL(page.url()).searchParams.get('shield'), '1');
  // It is the same switch in Replay, and survives leaving the view, Back and a reload.
  await page.getByRole('button', { name: 'Replay', exact: true }).click();
  await page.waitForSelector('.policy-card[data-shielded="true"]');
  assert.equal(await page.isChecked('#replay-shield-toggle'), true);
  await page.goBack();
  await page.waitForSelector('table.metrics[data-complete="true"] tr[data-policy="cloud+shield"]');
  assert.equal(await page.isChecked('#shield-toggle'), true);
  await page.reload();
  await appReady(page);
  await page.waitForSelector('table.metrics[data-complete="true"] tr[data-policy="cloud+shield"]', { timeout: 60_000 });
  assert.equal(await page.isChecked('#shield-toggle'), true);
  await page.uncheck('#shield-toggle');
  await page.waitForFunction(() => !document.querySelector('table.metrics tr.shielded') && document.querySelector('table.metrics[data-complete="true"]'), null, { timeout: 60_000 });
  assert.equal(new URL(page.url()).searchParams.get('shield'), null);
  assert.deepEqual(problems(), []);
});

test('the shielded table equals tmo table with +shield names', async () => {
  const policies = ['local', 'cloud', 'greedy'];
  const expected = tmoTable(['--seeds', '1', '--latency-budget', '12', '--usage-budget', '0.02'],
    policies.flatMap((p) => [p, `${p}+shield`]));
  const { page, problems } = await openCompare(browser.context, '?view=compare&bl=12&bu=0.02&seeds=1&shield=1');
  await page.waitForSelector('table.metrics[data-seeds="1"][data-complete="true"] tr[data-policy="greedy+shield"]', { timeout: 60_000 });
  assertSameNumbers(await pageTable(page), expected);
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, 'compare-shield-1280');
  assert.deepEqual(problems(), []);
});

test('exports: CSV and JSON of the table, a PNG per chart, and the charts\' numbers as tables', async () => {
  const { page, problems } = await openCompare(browser.context);
  const save = async (click) => {
    const [download] = await Promise.all([page.waitForEvent('download'), click()]);
    return { name: download.suggestedFilename(), body: await readFile(await download.path()) };
  };
  const csv = await save(() => page.getByRole('button', { name: 'Export CSV' }).click());
  assert.equal(csv.name, 'tmo-compare.csv');
  const lines = csv.body.toString().trim().split('\r\n');
  assert.match(lines[0], /^policy,response_score_mean,response_score_sd,/);
  assert.ok(lines.some((l) => l.startsWith('greedy,')));
  const json = JSON.parse((await save(() => page.getByRole('button', { name: 'Export JSON' }).click())).body);
  assert.equal(json.seeds, 1);
  assert.ok(json.policies.some((p) => p.policy === 'TMO (RC-PPO)' && p.learned));
  for (const chart of ['reward-by-policy', 'action-distribution', 'latency-vs-quality']) {
    const fig = page.locator(`figure[data-chart="${chart}"]`);
    const png = await save(() => fig.getByRole('button', { name: 'PNG' }).click());
    assert.equal(png.name, `${chart}.png`);
    assert.deepEqual([...png.body.subarray(1, 4)].map((c) => String.fromCharCode(c)).join(''), 'PNG');
    assert.ok(png.body.length > 5_000, `${chart}.png has a picture`);
    assert.ok(await fig.locator('table.data tbody tr').count() >= BASELINES.length);
  }
  // HiDPI: the backing store is the CSS size times devicePixelRatio.
  const ratio = await page.$eval('figure[data-chart="reward-by-policy"] canvas',
    (c) => c.width / c.getBoundingClientRect().width);
  assert.ok(Math.abs(ratio - 1) < 0.02, `backing store ratio ${ratio} at DPR 1`);
  assert.deepEqual(problems(), []);
});

test('charts are sharp at DPR 2 and the view fits a 390 px screen', async () => {
  const phone = await launch({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
  try {
    const { page, problems } = await openCompare(phone.context);
    const ratio = await page.$eval('figure[data-chart="reward-by-policy"] canvas',
      (c) => c.width / c.getBoundingClientRect().width);
    assert.ok(Math.abs(ratio - 2) < 0.02, `backing store ratio ${ratio} at DPR 2`);
    await assertNoSideScroll(page);
    await page.getByRole('button', { name: 'Numbers' }).first().click();
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'compare-390');
    assert.deepEqual(problems(), []);
  } finally {
    await phone.close();
  }
});
