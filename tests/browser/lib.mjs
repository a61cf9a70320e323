// Helpers shared by the browser test's modules (run.mjs and tests/browser/<area>.mjs): steps,
// failures, screenshots with the label and contrast checks, and the time limits.

import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const WAIT_MS = 15_000; // every wait for the page
export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const OUT = resolve(process.env.TPMPREP_BROWSER_OUT || join(REPO, 'target', 'browser-screens'));

export class Failure extends Error {}

export function fail(message) {
  throw new Failure(message);
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Dialogs a step expects: `beforeunload` counts the "leave this page?" prompts to accept (each
 *  one's message is pushed to `seen`); any other dialog fails the run. */
export const dialogs = { beforeunload: 0, seen: [] };

/** Steps run and passed so far. */
export const progress = { stepNo: 0, passed: 0 };

export async function step(name, fn) {
  progress.stepNo += 1;
  const stepNo = progress.stepNo;
  const started = Date.now();
  console.log(`[${stepNo}] ${name}`);
  try {
    await fn();
  } catch (e) {
    console.log('    FAILED');
    e.step = `[${stepNo}] ${name}`;
    throw e;
  }
  progress.passed += 1;
  console.log(`    ok (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

let shotNo = 0;
export async function screenshot(page, name) {
  // Every visible form field on every page visited has a label (keyboard and screen-reader users).
  const unlabelled = await page.$$eval(
    'input:not([type=hidden]), textarea, select',
    (els) => els
      .filter((e) => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby'))
      .map((e) => e.name || e.id || e.outerHTML.slice(0, 60)),
  );
  if (unlabelled.length) {
    fail(`${name}: form fields without a label: ${unlabelled.join(', ')}`);
  }
  // Readable contrast: every visible piece of text meets WCAG AA against the background it sits on
  // (4.5:1, or 3:1 for large text).
  const low = await page.$$eval('body *', (els) => {
    const rgba = (c) => {
      const m = c.match(/rgba?\(([^)]+)\)/);
      if (!m) return null;
      const [r, g, b, a = 1] = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
      return { r, g, b, a };
    };
    const lum = ({ r, g, b }) => {
      const f = (v) => {
        v /= 255;
        return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const background = (el) => {
      for (let e = el; e; e = e.parentElement) {
        const c = rgba(getComputedStyle(e).backgroundColor);
        if (c && c.a > 0.5) return c;
      }
      return { r: 255, g: 255, b: 255, a: 1 };
    };
    const out = [];
    for (const el of els) {
      const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
      if (!own || !el.getClientRects().length) continue;
      const st = getComputedStyle(el);
      if (st.visibility === 'hidden' || Number(st.opacity) === 0) continue;
      const fg = rgba(st.color);
      if (!fg) continue;
      const [l1, l2] = [lum(fg), lum(background(el))].sort((a, b) => b - a);
      const ratio = (l1 + 0.05) / (l2 + 0.05);
      const px = parseFloat(st.fontSize);
      const large = px >= 24 || (px >= 18.66 && Number(st.fontWeight) >= 700);
      if (ratio < (large ? 3 : 4.5)) {
        out.push(`"${el.textContent.trim().slice(0, 40)}" (${el.tagName.toLowerCase()}, ${ratio.toFixed(2)}:1)`);
      }
    }
    return out;
  });
  if (low.length) {
    fail(`${name}: text below WCAG AA contrast: ${low.slice(0, 8).join('; ')}`);
  }
  shotNo += 1;
  const file = join(OUT, `${String(shotNo).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

