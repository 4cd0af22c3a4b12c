// Train: the default run in the worker (RC-A2C) gives the weights the native `tmo train` gives
// (same seed, same defaults), and its policy then appears in Compare; each learner shows its own
// settings; the page answers
// clicks while a long run trains (reported against a 200 ms target) and Stop stops it; policy
// files download and upload (a file for another scenario is refused with the agent's message).
// Prints the in-browser time of the default 30 000-step run and the slowest click.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { serve, launch, openPage, screenshot, appReady, assertNoSideScroll, reportTime, repoRoot, tmoBinary } from './harness.mjs';

let server;
let browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

/** The policy file `tmo train --algo ALGO --seed SEED` writes for the bundled dataset. */
async function nativePolicy(algo, seed) {
  const dir = await mkdtemp(join(tmpdir(), 'tmo-native-'));
  try {
    const out = join(dir, 'p.json');
    execFileSync(tmoBinary(), ['train', '--dataset', join(repoRoot, 'dataset', 'kitchen.json'),
      '--algo', algo, '--seed', String(seed), '--quiet', '--out', out]);
    return await readFile(out, 'utf8');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function openTrain(context = browser.context) {
  const opened = await openPage(context, `${server.url}?view=train&seeds=1`);
  await appReady(opened.page);
  await opened.page.waitForSelector('#train-start');
  return opened;
}

const status = (page) => page.locator('.train-status').getAttribute('data-status');

test('the default 30 000-step run gives the native weights, then shows in Compare', async () => {
  const { page, problems } = await openTrain();
  assert.equal(await page.inputValue('#train-timesteps'), '30000');
  await page.click('#train-start');
  await page.waitForSelector('.train-status[data-status="done"]', { timeout: 300_000 });
  assert.match(await page.locator('.train-numbers').innerText(), /30000 \/ 30000 steps \(100 %\) · \d+ steps\/s/);
  const ms = Number(await page.locator('.train-numbers').getAttribute('data-elapsed-ms'));
  console.log(`# in-browser training, 30 000 timesteps, RC-A2C defaults: ${(ms / 1000).toFixed(2)} s (worker-measured)`);
  assert.ok(await page.locator('figure[data-chart="train-losses"] table.data tbody tr').count() > 1);
  // The same run natively: `tmo train … --algo rc-a2c --seed 0`.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('.policy-list li[data-policy="RC-A2C seed 0 (trained here)"]').getByRole('button', { name: 'Download' }).click(),
  ]);
  const trained = JSON.parse(await readFile(await download.path(), 'utf8'));
  const native = JSON.parse(await nativePolicy('rc-a2c', 0));
  assert.deepEqual(trained.config, native.config, 'the page trained with the command line\'s defaults');
  assert.deepEqual(trained.fingerprint, native.fingerprint);
  assert.deepEqual(trained.trained_on, native.trained_on);
  assert.deepEqual(trained.policy, native.policy, 'the same weights in the browser as natively, bit for bit');
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, 'train-1280');
  await page.getByRole('button', { name: 'Compare', exact: true }).click();
  await page.waitForSelector('table.metrics tr[data-policy="RC-A2C seed 0 (trained here)"]', { timeout: 60_000 });
  assert.deepEqual(problems(), []);
});

test('the page answers clicks while a long run trains (target: 200 ms), and Stop ends it', async () => {
  const { page, problems } = await openTrain();
  // A run far longer than the clicks take, so the test never races the end of training.
  await page.fill('#train-timesteps', '1000000');
  await page.click('#train-start');
  await page.waitForSelector('.train-status[data-status="running"]');
  await page.waitForSelector('.train-numbers');
  // The browser's own Event Timing: from the click's input to the next paint after handling it.
  await page.evaluate(() => {
    window.__clicks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (e.name === 'click') window.__clicks.push(Math.round(e.duration));
    }).observe({ type: 'event', durationThreshold: 16, buffered: true });
  });
  const toggle = page.locator('figure[data-chart="train-reward"] button', { hasText: 'Numbers' });
  const CLICKS = 6;
  for (let i = 0; i < CLICKS; i += 1) {
    const was = await toggle.getAttribute('aria-expanded');
    await toggle.click();
    await page.waitForFunction((w) => document.querySelector('figure[data-chart="train-reward"] button[aria-expanded]')
      .getAttribute('aria-expanded') !== w, was);
    await page.waitForTimeout(50);
  }
  assert.equal(await status(page), 'running', 'the clicks all landed while training');
  // Only clicks slower than 16 ms are reported.
  const delays = await page.evaluate(() => window.__clicks);
  reportTime(`Train, slowest of ${CLICKS} clicks answered while training`, Math.max(16, ...delays), 200);
  await page.click('#train-stop');
  await page.waitForSelector('.train-status[data-status="stopped"]', { timeout: 60_000 });
  assert.equal(await page.isDisabled('#train-start'), false);
  assert.deepEqual(problems(), []);
});

test('the form checks each field as typed', async () => {
  const { page, problems } = await openTrain();
  await page.fill('#train-gamma', '1.5');
  assert.match(await page.locator('#train-gamma-error').innerText(), /\[0, 1\]/);
  assert.equal(await page.getAttribute('#train-gamma', 'aria-invalid'), 'true');
  await page.fill('#train-n_envs', 'many');
  assert.match(await page.locator('#train-n_envs-error').innerText(), /whole number/);
  assert.equal(await page.isDisabled('#train-start'), true);
  await page.fill('#train-gamma', '0.9');
  await page.fill('#train-n_envs', '8');
  assert.equal(await page.isDisabled('#train-start'), false);
  assert.deepEqual(problems(), []);
});

test('each learner shows its own settings, and a short DQN run joins Compare', async () => {
  const { page, problems } = await openTrain();
  const visible = (key) => page.locator(`.field[data-field="${key}"]`).isVisible();
  assert.equal(await visible('lambda'), true, 'RC-A2C has the penalty');
  assert.equal(await visible('clip_range'), false);
  await page.selectOption('#train-algorithm', 'ppo');
  assert.equal(await visible('clip_range'), true);
  assert.equal(await visible('lambda'), false, 'plain PPO has no penalty');
  assert.equal(await page.inputValue('#train-learning_rate'), '0.0006', 'PPO starts from its own preset (ours: lr 6e-4)');
  await page.selectOption('#train-algorithm', 'rc-a2c/no-llm-selection');
  assert.match(await page.locator('.train-form .hint').first().innerText(), /fair coin/);
  await page.selectOption('#train-algorithm', 'dqn');
  assert.equal(await visible('exploration_final_eps'), true);
  await page.fill('#train-timesteps', '3000');
  await page.click('#train-start');
  await page.waitForSelector('.train-status[data-status="done"]', { timeout: 120_000 });
  const lines = await page.locator('figure[data-chart="train-losses"]').innerText();
  assert.match(lines, /epsilon|td loss/i, 'DQN charts its own numbers');
  await page.getByRole('button', { name: 'Compare', exact: true }).click();
  await page.waitForSelector('table.metrics tr[data-policy="DQN seed 0 (trained here)"]', { timeout: 60_000 });
  assert.deepEqual(problems(), []);
});

test('policy files download and upload; a file for another scenario is refused', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tmo-policy-'));
  try {
    const { page, problems } = await openTrain();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('.policy-list li', { hasText: 'shipped' }).getByRole('button', { name: 'Download' }).click(),
    ]);
    const text = await readFile(await download.path(), 'utf8');
    const file = JSON.parse(text);
    assert.equal(file.format, 'tmo-lab-policy');
    const good = join(dir, 'mine.policy.json');
    await writeFile(good, text);
    await page.setInputFiles('#policy-upload', good);
    await page.waitForSelector('.policy-files .banner.ok');
    assert.equal(await page.locator('.policy-list li[data-policy="mine.policy (uploaded)"]').count(), 1);
    file.fingerprint.time_span += 1;
    const bad = join(dir, 'other.json');
    await writeFile(bad, JSON.stringify(file));
    await page.setInputFiles('#policy-upload', bad);
    await page.waitForSelector('.upload-error');
    assert.match(await page.locator('.upload-error').innerText(), /does not fit this scenario: time_span/);
    await writeFile(bad, '{"format": "something else"}');
    await page.setInputFiles('#policy-upload', bad);
    await page.waitForFunction(() => /not a policy file/.test(document.querySelector('.upload-error')?.textContent ?? ''));
    assert.deepEqual(problems(), []);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('the Train view at 390 px', async () => {
  const phone = await launch({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
  try {
    const { page, problems } = await openTrain(phone.context);
    await page.fill('#train-timesteps', '800');
    await page.click('#train-start');
    await page.waitForSelector('.train-status[data-status="done"]', { timeout: 120_000 });
    await assertNoSideScroll(page);
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'train-390');
    assert.deepEqual(problems(), []);
  } finally {
    await phone.close();
  }
});

test('trained policies stay in the browser across a reload until removed', async () => {
  const own = await launch();
  try {
    const { page, problems } = await openTrain(own.context);
    await page.fill('#train-timesteps', '800');
    await page.fill('#train-seed', '2');
    await page.click('#train-start');
    await page.waitForSelector('.train-status[data-status="done"]', { timeout: 120_000 });
    const item = '.policy-list li[data-policy="RC-A2C seed 2 (trained here)"]';
    await page.reload();
    await appReady(page);
    await page.waitForSelector(item);
    assert.match(await page.locator('.policy-files').innerText(), /stay in this browser/);
    await page.locator(item).getByRole('button', { name: 'Remove' }).click();
    assert.equal(await page.locator(item).count(), 0);
    await page.reload();
    await appReady(page);
    await page.waitForSelector('#train-start');
    assert.equal(await page.locator(item).count(), 0, 'a removed policy stays removed');
    assert.deepEqual(problems(), []);
  } finally {
    await own.close();
  }
});
