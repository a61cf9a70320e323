// Real-browser test of the estimator page (/estimate): starts `tpmprep serve --port 0` on a fresh data
// directory and drives Debian's headless Chromium through it:
//  * at 1280 px: the issue's inputs typed into the form, Estimate pressed, and the figures and their
//    arithmetic read back (11.6k/s average, 34.7k/s peak, 2.5 TB a day, 2.74 PB kept, 1,369 nodes);
//  * a bad token ("10M usres") shows its error beside the field, naming the token and the word meant,
//    with what was typed kept; put right, the error goes and the figures come back;
//  * --binary's checkbox prints TiB;
//  * at 390 px: nothing wider than the screen, the figures and their arithmetic in view;
//  * with JavaScript off: the form still works as a plain form post (the whole page comes back).
// Every page is screenshotted (estimate-NN-*.png) with the suite's label and contrast checks (lib.mjs),
// and no Content-Security-Policy violation, script error or 5xx may occur.
//
// Usage:  TPMPREP_BIN=target/debug/tpmprep node tests/browser/estimate.mjs
// Env:    TPMPREP_BIN          the tpmprep binary (required)
//         TPMPREP_BROWSER_OUT  screenshot folder (default: <repo>/target/browser-screens)
//         CHROMIUM             browser binary (default: /usr/bin/chromium)
// Exits 0 when every step passed, 1 with a message naming the failed step otherwise; the server and
// the browser are stopped either way.

import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { watchCsp } from './robust.mjs';
import {
  Failure,
  OUT,
  WAIT_MS,
  fail,
  progress,
  screenshot,
  screenshotPrefix,
  startServer,
  step,
  waitHealthy,
} from './lib.mjs';

const BIN = process.env.TPMPREP_BIN;
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

const ISSUE = {
  dau: '50M',
  per_user: '20/day',
  peak_factor: '3',
  object: '2.5KB',
  retention: '365d',
  replication: '3',
};

/** Whether the page is wider than the window (a sideways scroll), and by what. */
const overflow = (page) =>
  page.evaluate(() => {
    const w = window.innerWidth;
    const sw = Math.max(document.documentElement.scrollWidth, document.body.scrollWidth);
    if (sw <= w) return null;
    const wide = [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > w + 1 && getComputedStyle(e).position !== 'fixed')
      .slice(0, 5)
      .map((e) => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}`);
    return `scrollWidth ${sw} > ${w}: ${wide.join(', ')}`;
  });

/** A figure's shown text and arithmetic. */
const figure = async (page, id) => ({
  text: ((await page.textContent(`#figure-${id} .value`)) || '').trim(),
  arith: ((await page.textContent(`#figure-${id} .arith`)) || '').trim(),
});

async function fill(page, fields) {
  for (const [key, value] of Object.entries(fields)) await page.fill(`#estimate-${key}`, value);
}

/** Presses Estimate and waits for htmx's answer to be drawn. */
async function submit(page) {
  const answered = page.waitForResponse(
    (r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/estimate',
    { timeout: WAIT_MS },
  );
  await page.click('#estimate-go');
  const r = await answered.catch(() => fail(`no POST /estimate answered within ${WAIT_MS / 1000} s`));
  await page.waitForLoadState('load');
  // htmx swaps after the response; wait for the new result to be in.
  await page.waitForFunction(() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling'), null, {
    timeout: WAIT_MS,
  });
  return r;
}

async function expectIssueFigures(page) {
  const want = {
    average_qps: ['≈ 11.6k/s', '50M users × 20/day = 1B/day ÷ 86,400 s = 11,574/s'],
    peak_qps: ['≈ 34.7k/s', '11,574/s × 3 (peak factor) = 34,722/s'],
    storage_per_day: ['2.5 TB/day', '1B writes/day × 2.5 KB = 2.5 TB/day'],
    storage_total: ['≈ 2.74 PB', '2.5 TB/day × 365 days retention × 3 copies = 2.7375 PB'],
    nodes: ['1,369 nodes', 'the larger of 35 for QPS and 1,369 for storage = 1,369'],
  };
  for (const [id, [text, arith]] of Object.entries(want)) {
    const f = await figure(page, id);
    if (f.text !== text) fail(`${id} shows ${JSON.stringify(f.text)}, expected ${JSON.stringify(text)}`);
    if (f.arith !== arith) fail(`${id}'s arithmetic reads ${JSON.stringify(f.arith)}, expected ${JSON.stringify(arith)}`);
  }
}

async function main() {
  if (!BIN) {
    console.error('TPMPREP_BIN must name the tpmprep binary (e.g. target/debug/tpmprep)');
    process.exit(2);
  }
  if (!existsSync(CHROMIUM)) {
    console.error(`no browser at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM)`);
    process.exit(2);
  }
  await mkdir(OUT, { recursive: true });
  screenshotPrefix('estimate-');
  console.log(`tpmprep: ${BIN}\nscreenshots: ${OUT} (estimate-*.png)`);

  const home = await mkdtemp(join(tmpdir(), 'tpmprep-estimate-'));
  let server = null;
  let browser = null;
  let page = null;
  const problems = [];
  let ok = false;
  const cleanUp = async () => {
    await browser?.close().catch(() => {});
    await server?.stop().catch(() => {});
    await rm(home, { recursive: true, force: true }).catch(() => {});
  };
  const onSignal = async (sig) => {
    console.error(`\n${sig}: stopping`);
    await cleanUp();
    process.exit(130);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const noProblems = () => {
    if (problems.length) fail(problems.join('\n'));
  };
  const watch = (p) => {
    p.setDefaultTimeout(WAIT_MS);
    p.setDefaultNavigationTimeout(WAIT_MS);
    p.on('dialog', async (d) => {
      problems.push(`a ${d.type()} dialog fired on ${p.url()}: ${JSON.stringify(d.message())}`);
      await d.dismiss().catch(() => {});
    });
    p.on('pageerror', (e) => problems.push(`uncaught script error on ${p.url()}: ${e.message}`));
    watchCsp(p, problems);
    p.on('response', (r) => {
      if (r.status() >= 500) problems.push(`${r.request().method()} ${r.url()} answered ${r.status()}`);
    });
  };

  try {
    await step('start tpmprep serve --port 0 and wait for /healthz', async () => {
      server = await startServer(BIN, home);
      await waitHealthy(server.url);
      console.log(`    server at ${server.url}`);
    });
    const base = server.url;

    await step(`launch ${CHROMIUM} (headless)`, async () => {
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      });
      const context = await browser.newContext({ viewport: DESKTOP });
      page = await context.newPage();
      watch(page);
    });

    await step('/estimate at 1280 px: every field labelled, defaults as placeholders, no result yet', async () => {
      const r = await page.goto(`${base}/estimate`);
      if (r.status() !== 200) fail(`GET /estimate answered ${r.status()}`);
      const placeholder = await page.getAttribute('#estimate-peak_factor', 'placeholder');
      if (placeholder !== '2 (default)') fail(`the peak factor's placeholder is ${JSON.stringify(placeholder)}`);
      if (await page.$('#figure-average_qps')) fail('figures before anything was asked');
      await screenshot(page, 'empty-1280');
      noProblems();
    });

    await step("the issue's inputs give its figures, each with its arithmetic", async () => {
      await fill(page, ISSUE);
      const r = await submit(page);
      if (r.status() !== 200) fail(`POST /estimate answered ${r.status()}: ${(await r.text()).slice(0, 300)}`);
      await page.waitForSelector('#figure-average_qps');
      await expectIssueFigures(page);
      const assumed = await page.$$eval('#estimate-assumed li', (li) => li.map((l) => l.textContent.trim()));
      if (!assumed.some((a) => a.startsWith('Per-node capacity (QPS)'))) fail(`assumed: ${JSON.stringify(assumed)}`);
      const units = (await page.textContent('#estimate-units')).trim();
      if (!units.startsWith('Sizes in SI units')) fail(`the units note reads ${JSON.stringify(units)}`);
      // The form keeps what was typed (htmx swapped only the result).
      if ((await page.inputValue('#estimate-object')) !== '2.5KB') fail('the object size typed was lost');
      console.log(`    ${(await figure(page, 'average_qps')).text} average, ${(await figure(page, 'storage_total')).text} kept`);
      await screenshot(page, 'issue-1280');
      noProblems();
    });

    await step('a bad token shows its error beside the field, naming it; put right, it goes', async () => {
      await page.fill('#estimate-dau', '10M usres');
      const r = await submit(page);
      if (r.status() !== 422) fail(`a bad token answered ${r.status()}`);
      const err = page.locator('#estimate-dau-error');
      await err.waitFor({ state: 'visible' });
      const said = (await err.textContent()).trim();
      if (said !== '"10M usres": unknown unit "usres" (did you mean users?)') fail(`the error reads ${JSON.stringify(said)}`);
      if ((await page.inputValue('#estimate-dau')) !== '10M usres') fail('what was typed was not kept');
      // Beside the field: inside its box, right under its input.
      const [input, box] = await Promise.all([page.locator('#estimate-dau').boundingBox(), err.boundingBox()]);
      if (!input || !box || box.y < input.y + input.height - 1 || box.y > input.y + input.height + 40 || Math.abs(box.x - input.x) > 4) {
        fail(`the error is not beside its field: input ${JSON.stringify(input)}, error ${JSON.stringify(box)}`);
      }
      const inside = await page.$eval('#estimate-dau-error', (e) => e.closest('.estimate-field')?.dataset.field);
      if (inside !== 'dau') fail(`the error sits in the field ${inside}`);
      const others = await page.$$eval('.estimate-field .field-error', (els) => els.filter((e) => e.textContent.trim()).map((e) => e.id));
      if (others.length !== 1) fail(`errors shown: ${others.join(', ')}`);
      if (await page.$('#figure-average_qps')) fail('old figures are still shown beside an error');
      if (!(await page.$('#estimate-invalid'))) fail('the result does not say why there is none');
      await screenshot(page, 'bad-token-1280');
      await page.fill('#estimate-dau', '50M users');
      await submit(page);
      await page.waitForSelector('#figure-average_qps');
      if ((await err.textContent()).trim()) fail('the error stays after the field was put right');
      await expectIssueFigures(page);
      noProblems();
    });

    await step('binary units print TiB and say so', async () => {
      await page.check('#estimate-binary');
      await submit(page);
      await page.waitForFunction(() => (document.querySelector('#figure-storage_per_day .value')?.textContent || '').includes('TiB'));
      const f = await figure(page, 'storage_per_day');
      if (f.text !== '≈ 2.27 TiB/day') fail(`binary storage a day reads ${JSON.stringify(f.text)}`);
      const units = (await page.textContent('#estimate-units')).trim();
      if (!units.startsWith('Sizes in binary units')) fail(`the units note reads ${JSON.stringify(units)}`);
      await screenshot(page, 'binary-1280');
      await page.uncheck('#estimate-binary');
      await submit(page);
      noProblems();
    });

    await step('at 390 px: nothing wider than the screen, figures and arithmetic in view', async () => {
      await page.setViewportSize(PHONE);
      await page.goto(`${base}/estimate`);
      await fill(page, ISSUE);
      await page.fill('#estimate-read_write', '10:1');
      await page.fill('#estimate-cache_hit', '90%');
      await submit(page);
      await page.waitForSelector('#figure-average_read_qps');
      const wide = await overflow(page);
      if (wide) fail(`/estimate at 390 px: ${wide}`);
      const cut = await page.$$eval('.figure', (els) =>
        els
          .flatMap((f) => [...f.querySelectorAll('dt, .value, .arith')])
          .filter((e) => {
            const r = e.getBoundingClientRect();
            return r.width === 0 || r.right > window.innerWidth + 1 || r.left < 0;
          })
          .map((e) => e.closest('.figure').id),
      );
      if (cut.length) fail(`figures not wholly in view: ${cut.slice(0, 5).join(', ')}`);
      const read = await figure(page, 'average_read_qps');
      if (read.arith !== '11,574/s × 10/(10 + 1) (read:write 10:1) = 10,522/s') fail(`reads/s: ${JSON.stringify(read.arith)}`);
      await screenshot(page, 'issue-390');
      await page.fill('#estimate-skew', '80/30');
      await submit(page);
      const said = (await page.textContent('#estimate-skew-error')).trim();
      if (!said.includes('add up to 100')) fail(`the skew's error reads ${JSON.stringify(said)}`);
      if (await overflow(page)) fail(`/estimate with an error at 390 px: ${await overflow(page)}`);
      await page.locator('#estimate-skew').scrollIntoViewIfNeeded();
      await screenshot(page, 'bad-skew-390');
      await page.setViewportSize(DESKTOP);
      noProblems();
    });

    await step('with JavaScript off the form works as a plain form post', async () => {
      const context = await browser.newContext({ viewport: DESKTOP, javaScriptEnabled: false });
      const plain = await context.newPage();
      watch(plain);
      await plain.goto(`${base}/estimate`);
      await fill(plain, ISSUE);
      await Promise.all([plain.waitForURL(`${base}/estimate`), plain.click('#estimate-go')]);
      await plain.waitForSelector('#figure-average_qps');
      await expectIssueFigures(plain);
      if ((await plain.inputValue('#estimate-dau')) !== '50M') fail('the plain post lost what was typed');
      await plain.fill('#estimate-retention', '5 yeers');
      await Promise.all([plain.waitForLoadState('load'), plain.click('#estimate-go')]);
      await plain.waitForSelector('#estimate-retention-error:not(:empty)');
      const said = (await plain.textContent('#estimate-retention-error')).trim();
      if (!said.includes('"yeers"') || !said.includes('did you mean')) fail(`the plain post's error reads ${JSON.stringify(said)}`);
      await screenshot(plain, 'no-js-error-1280');
      await context.close();
      noProblems();
    });
    ok = true;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (!ok && page && !page.isClosed()) {
      await page.screenshot({ path: join(OUT, 'estimate-last-page.png'), fullPage: true }).catch(() => {});
      const tail = server?.stderr().trim();
      if (tail) console.error(`--- server stderr (tail) ---\n${tail}`);
    }
    await cleanUp();
  }
}

main().then(
  () => {
    console.log(`\nestimate browser test: ${progress.passed} passed, 0 failed`);
    console.log(`screenshots in ${OUT} (estimate-*.png)`);
  },
  (e) => {
    process.exitCode = 1;
    const where = e.step ? `${e.step}: ` : '';
    const msg = e instanceof Failure ? e.message : e.stack || String(e);
    console.error(`\nFAILED ${where}${msg}`);
    console.log(`\nestimate browser test: ${progress.passed} passed, 1 failed`);
  },
);
