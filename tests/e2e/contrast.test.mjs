// Text contrast: in the light and the dark theme, every visible piece of text on the boot
// screen and in each view is at least 4.5:1 against what is behind it (WCAG AA for body text).
// The page computes it: each text's colour (with its opacity) over the backgrounds it sits on,
// composed up the tree; disabled controls are exempt, as WCAG allows.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, openPage, appReady, holdAppWasm } from './harness.mjs';

const MINIMUM = 4.5;

let server;
before(async () => { server = await serve(); });
after(async () => { await server?.close(); });

/**
 * In the page: `{ checked, low }`, the number of visible texts judged and those below `minimum`,
 * each as `{ text, where, color, background, ratio }`.
 */
function lowContrastTexts(minimum) {
  const ctx = document.createElement('canvas').getContext('2d', { willReadFrequently: true });
  const seen = new Map();
  /** Any CSS colour as [r, g, b, a] (0–255, alpha 0–1), drawn and read back. */
  const rgba = (css) => {
    if (!seen.has(css)) {
      ctx.clearRect(0, 0, 1, 1);
      ctx.fillStyle = '#000';
      ctx.fillStyle = css;
      ctx.fillRect(0, 0, 1, 1);
      const [r, g, b, a] = ctx.getImageData(0, 0, 1, 1).data;
      seen.set(css, [r, g, b, a / 255]);
    }
    return seen.get(css);
  };
  const over = ([r, g, b, a], [R, G, B]) => [r * a + R * (1 - a), g * a + G * (1 - a), b * a + B * (1 - a), 1];
  const luminance = ([r, g, b]) => {
    const lin = (c) => { const s = c / 255; return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  };
  /** The opaque colour behind `el`: its and its ancestors' backgrounds, composed. */
  const background = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const style = getComputedStyle(e);
      if (style.backgroundImage !== 'none') return null; // a gradient or image: not judged here
      const c = rgba(style.backgroundColor);
      if (c[3] > 0) layers.push(c);
      if (c[3] >= 1) break;
    }
    return layers.reverse().reduce((below, layer) => over(layer, below), [255, 255, 255, 1]);
  };
  const opacity = (el) => { let o = 1; for (let e = el; e; e = e.parentElement) o *= Number(getComputedStyle(e).opacity); return o; };
  const where = (el) => {
    const parts = [];
    for (let e = el; e && parts.length < 3; e = e.parentElement) {
      parts.unshift(e.tagName.toLowerCase() + (e.classList.length ? `.${[...e.classList].join('.')}` : ''));
    }
    return parts.join(' > ');
  };
  const controls = 'input:not([type=checkbox]):not([type=radio]):not([type=range]):not([type=file]):not([type=color]), select, textarea';
  const out = [];
  let checked = 0;
  for (const el of document.querySelectorAll('body *')) {
    const ownText = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
    if (!ownText && !el.matches(controls)) continue;
    if (el.closest(':disabled, [aria-disabled="true"], svg, canvas, option, optgroup')) continue;
    if (!el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue;
    const box = el.getBoundingClientRect();
    if (box.width <= 1 || box.height <= 1 || box.right <= 0 || box.bottom <= 0) continue;
    const style = getComputedStyle(el);
    const behind = background(el);
    if (!behind) continue;
    const [r, g, b, a] = rgba(style.color);
    const ink = over([r, g, b, a * opacity(el)], behind);
    const [hi, lo] = [luminance(ink), luminance(behind)].sort((x, y) => y - x);
    const ratio = (hi + 0.05) / (lo + 0.05);
    checked += 1;
    if (ratio < minimum) {
      out.push({
        text: (el.value || el.textContent).trim().slice(0, 40),
        where: where(el),
        color: style.color,
        background: `rgb(${behind.slice(0, 3).map(Math.round).join(' ')})`,
        ratio: Math.round(ratio * 100) / 100,
      });
    }
  }
  return { checked, low: out };
}

/** Judges the texts on `page`, adds those below the minimum to `failures`; returns how many. */
async function judge(page, view, failures) {
  const { checked, low } = await page.evaluate(lowContrastTexts, MINIMUM);
  failures.push(...low.map((f) => ({ view, ...f })));
  return checked;
}

const VIEWS = [
  ['replay', '.policy-card'],
  ['compare', 'table.metrics[data-complete="true"] tbody tr[data-policy="greedy"]'],
  ['train', 'form, .train-form, .panel'],
  ['scenario', '.panel'],
];

for (const colorScheme of ['light', 'dark']) {
  test(`every text is at least ${MINIMUM}:1 in the ${colorScheme} theme`, async () => {
    const browser = await launch({ colorScheme });
    try {
      const failures = [];
      // The boot screen, with the app's wasm held back.
      const boot = await browser.context.newPage();
      const release = await holdAppWasm(boot);
      await boot.goto(server.url);
      await boot.waitForSelector('#boot .boot-claim');
      assert.ok(await judge(boot, 'boot', failures) >= 4, 'the boot screen has text');
      // The check itself: a grey probe on white (2.3:1) is caught.
      await boot.evaluate(() => document.body.insertAdjacentHTML('beforeend', '<p id="probe" style="color:#aaa;background:#fff">probe</p>'));
      const probe = [];
      await judge(boot, 'probe', probe);
      assert.deepEqual(probe.map((f) => [f.text, f.ratio]), [['probe', 2.32]]);
      release();
      await boot.close();
      for (const [view, ready] of VIEWS) {
        const { page, problems } = await openPage(browser.context, `${server.url}?view=${view}&seeds=1`);
        await appReady(page);
        await page.waitForSelector(`main[data-view="${view}"] :is(${ready})`, { timeout: 60_000 });
        const checked = await judge(page, view, failures);
        console.log(`# ${colorScheme} ${view}: ${checked} texts judged`);
        assert.ok(checked >= 20, `${view} has text to judge`);
        assert.deepEqual(problems(), []);
        await page.close();
      }
      for (const f of failures) console.log(`# ${colorScheme} ${f.view}: ${f.ratio}:1 ${f.color} on ${f.background} at ${f.where} “${f.text}”`);
      assert.deepEqual(failures, [], `${failures.length} texts below ${MINIMUM}:1 in the ${colorScheme} theme`);
    } finally {
      await browser.close();
    }
  });
}
