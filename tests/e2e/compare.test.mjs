// Compare: the table's numbers equal `tmo table --format json`'s for the same scenario and
// seeds (the native binary, run from here), for the default scenario and one set by the URL;
// the baselines re-evaluate fast; exports and charts work; screenshots at both sizes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { serve, launch, openPage, screenshot, appReady, assertNoSideScroll, reportTime, repoRoot, tmoBinary } from './harness.mjs';

const BASELINES = ['local', 'cloud', 'random', 'all-views', 'text-only', 'greedy'];
const METRICS = ['response_score', 'association_score', 'latency', 'usage', 'reward',
  'latency_violation', 'usage_violation', 'violation_rate'];

/** `tmo table` as JSON, from the release binary the native tests built. */
function tmoTable(args) {
  const out = execFileSync(tmoBinary(), ['table',
    '--dataset', join(repoRoot, 'dataset', 'kitchen.json'), '--policies', BASELINES.join(','),
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
    assert.deepEqual(row.counts, want.action_counts, `${want.policy} action counts`);
  }
}

async function openCompare(context, query = '?view=compare') {
  const opened = await openPage(context, server.url + query);
  await appReady(opened.page);
  await opened.page.waitForSelector('table.metrics tbody tr[data-policy="greedy"]', { timeout: 60_000 });
  return opened;
}

let server;
let browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

test('the default table equals tmo table over 3 seeds, and the shipped policy is in it', async () => {
  const expected = tmoTable(['--seeds', '3']);
  const { page, problems } = await openCompare(browser.context);
  assert.equal(await page.inputValue('#compare-seeds'), '3');
  assertSameNumbers(await pageTable(page), expected);
  assert.equal(await page.locator('table.metrics tr[data-policy="TMO (RC-PPO)"]').count(), 1);
  reportTime('Compare, baselines over 3 seeds', Number(await page.locator('.timing').getAttribute('data-baseline-ms')), 100);
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, 'compare-1280');
  assert.deepEqual(problems(), []);
});

test('a scenario from the URL and another seed count match tmo table too', async () => {
  const expected = tmoTable(['--seeds', '2', '--network', '4G', '--latency-budget', '20', '--k', '3']);
  const { page, problems } = await openCompare(browser.context, '?view=compare&net=4G&bl=20&k=3');
  await page.fill('#compare-seeds', '2');
  await page.waitForSelector('table.metrics[data-seeds="2"]');
  assertSameNumbers(await pageTable(page), expected);
  // The seed count is in the link and survives leaving the view.
  assert.equal(new URL(page.url()).searchParams.get('seeds'), '2');
  await page.getByRole('button', { name: 'Scenario', exact: true }).click();
  await page.getByRole('button', { name: 'Compare', exact: true }).click();
  await page.waitForSelector('table.metrics[data-seeds="2"]');
  assert.equal(await page.inputValue('#compare-seeds'), '2');
  assert.deepEqual(problems(), []);
});

test('changing the scenario re-evaluates the baselines (target: under 100 ms)', async () => {
  const { page, problems } = await openCompare(browser.context);
  const before = await page.locator('tr[data-policy="cloud"] td[data-metric="latency"]').getAttribute('data-mean');
  await page.getByRole('button', { name: 'Scenario', exact: true }).click();
  await page.selectOption('#network-preset', '4G');
  await page.getByRole('button', { name: 'Compare', exact: true }).click();
  await page.waitForSelector('table.metrics tbody tr[data-policy="cloud"]');
  const after = await page.locator('tr[data-policy="cloud"] td[data-metric="latency"]').getAttribute('data-mean');
  assert.notEqual(after, before, 'the cloud latency follows the network');
  reportTime('Compare, baselines re-evaluated after a scenario change', Number(await page.locator('.timing').getAttribute('data-baseline-ms')), 100);
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
  assert.equal(json.seeds, 3);
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
