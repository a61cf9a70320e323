// Helpers shared by the browser test's modules (run.mjs and tests/browser/<area>.mjs): steps,
// failures, screenshots with the label and contrast checks, the time limits, and starting a server.

import { spawn } from 'node:child_process';
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
let shotPrefix = '';
/** Names this run's screenshots `${prefix}NN-name.png` (a second script sharing the folder). */
export function screenshotPrefix(prefix) {
  shotPrefix = prefix;
}

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
  const file = join(OUT, `${shotPrefix}${String(shotNo).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

// ---- the server ----

/** Starts `tpmprep serve --port PORT ...args` (0: a free one) on the data dir under `home`;
 *  resolves with { url, stop, kill9, stderr } (`kill9` ends it as a crash would). */
export async function startServer(bin, home, args = [], port = 0) {
  const child = spawn(bin, ['serve', '--port', String(port), ...args], {
    env: {
      ...process.env,
      TPMPREP_DATA_DIR: join(home, 'data'),
      TPMPREP_CONFIG_DIR: join(home, 'config'),
      NO_COLOR: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let exited = null;
  child.stderr.setEncoding('utf8').on('data', (d) => {
    stderr = (stderr + d).slice(-4000);
  });
  const exit = new Promise((r) =>
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      r(exited);
    }),
  );
  const stop = async () => {
    if (exited) return;
    child.kill('SIGTERM');
    const done = await Promise.race([exit, sleep(5000).then(() => null)]);
    if (!done) {
      child.kill('SIGKILL');
      await exit;
    }
  };
  const url = await new Promise((resolveUrl, reject) => {
    const timer = setTimeout(
      () => reject(new Failure(`the server printed no URL within ${WAIT_MS / 1000} s; stdout: ${stdout}`)),
      WAIT_MS,
    );
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new Failure(`cannot start ${bin}: ${e.message}`));
    });
    child.stdout.setEncoding('utf8').on('data', (d) => {
      stdout += d;
      const m = stdout.match(/tpmprep is running at (http:\/\/\S+?)\/?\s/);
      if (m) {
        clearTimeout(timer);
        resolveUrl(m[1]);
      }
    });
    exit.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Failure(`the server exited (code ${code}, signal ${signal}) before printing its URL:\n${stderr}`));
    });
  }).catch(async (e) => {
    await stop();
    throw e;
  });
  child.stdout.resume(); // keep draining stdout
  const kill9 = async () => {
    if (exited) return;
    child.kill('SIGKILL');
    await exit;
  };
  return { url, stop, kill9, stderr: () => stderr };
}

export async function waitHealthy(url) {
  const deadline = Date.now() + WAIT_MS;
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      const r = await fetch(`${url}/healthz`);
      if (r.status === 200) return;
      last = `status ${r.status}`;
    } catch (e) {
      last = e.cause?.code || e.message;
    }
    await sleep(100);
  }
  fail(`GET /healthz did not answer 200 within ${WAIT_MS / 1000} s (last: ${last})`);
}
