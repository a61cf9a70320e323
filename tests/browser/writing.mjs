// Real-browser test of writing-assessment practice, as a candidate would use it: starts `tpmprep
// serve` on a fresh data dir and drives Debian's Chromium through a timed attempt — start on a pack
// prompt from the Writing page, type a paragraph key by key with a misspelling in it, see the
// spelling finding appear in the live critique with its sentence marked, fix the word and see the
// finding go, reload (the text is still there, the timer still running), finish, read the report and
// see the attempt in the history with its score. The same pages at 390 px may not scroll sideways;
// screenshots at 1280 and 390 px.
//
// Usage:  TPMPREP_BIN=target/debug/tpmprep node tests/browser/writing.mjs
// Env:    TPMPREP_BIN          the tpmprep binary (required)
//         TPMPREP_BROWSER_OUT  screenshot folder (default: <repo>/target/browser-screens); this
//                              test's are named writing-NN-*.png
//         CHROMIUM             browser binary (default: /usr/bin/chromium)
// Exits 0 when every step passed, 1 naming the failed step otherwise; the server and the browser
// are stopped either way.

import { existsSync } from 'node:fs';
import { mkdtemp, mkdir, readdir, rm } from 'node:fs/promises';
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
const PARAGRAPH =
  'In March our largest customer threatened to leave after three failed releases. ' +
  'I recieved the escalation on a Friday and decided to pause new features for two sprints. ' +
  'We cut open defects from 140 to 12 and the customer renewed for 3 years.';

async function noSidewaysScroll(page, what) {
  const wide = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  if (wide > 1) fail(`${what} scrolls sideways by ${wide} px at ${page.viewportSize().width} px`);
}

/** Waits for a save of exactly what the editor holds, then for the critique drawn after it. */
async function savedAndCritiqued(page, id) {
  const text = await page.inputValue('#body');
  const saved = page.waitForResponse(
    (r) => r.url().endsWith(`/writing/${id}/save`) && new URLSearchParams(r.request().postData() || '').get('body') === text,
    { timeout: WAIT_MS },
  );
  saved.catch(() => {});
  const critiqued = page.waitForResponse((r) => r.url().endsWith(`/writing/${id}/critique`), { timeout: WAIT_MS });
  critiqued.catch(() => {});
  const r = await saved.catch(() => fail(`no save of the text typed within ${WAIT_MS / 1000} s`));
  if (r.status() !== 200) fail(`the save answered ${r.status()}: ${await r.text()}`);
  await critiqued.catch(() => fail('the critique was not drawn again after the save'));
  await page.waitForFunction(() => /^Saved/.test(document.getElementById('save-status').textContent.trim()), null, { timeout: WAIT_MS });
  await page.waitForTimeout(200);
}

async function main() {
  if (!BIN) fail('TPMPREP_BIN is not set: point it at the tpmprep binary (e.g. target/debug/tpmprep)');
  if (!existsSync(BIN)) fail(`TPMPREP_BIN=${BIN} does not exist; build it with cargo build -p tpmprep`);
  if (!existsSync(CHROMIUM)) fail(`${CHROMIUM} is missing: apt-get install chromium`);
  screenshotPrefix('writing-');
  await mkdir(OUT, { recursive: true });
  for (const f of await readdir(OUT)) {
    if (/^writing-(\d\d-.*|last-page)\.png$/.test(f)) await rm(join(OUT, f));
  }
  console.log(`tpmprep: ${BIN}\nscreenshots: ${OUT} (writing-*.png)`);
  const home = await mkdtemp(join(tmpdir(), 'tpmprep-writing-'));
  let server = null;
  let browser = null;
  let page = null;
  const problems = [];
  let confirms = 0;
  let ok = false;
  const noProblems = () => {
    if (problems.length) fail(problems.join('\n'));
  };
  try {
    server = await startServer(BIN, home);
    await waitHealthy(server.url);
    const base = server.url;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    const context = await browser.newContext({ viewport: DESKTOP });
    page = await context.newPage();
    page.setDefaultTimeout(WAIT_MS);
    page.on('dialog', async (d) => {
      if (d.type() === 'confirm' && confirms > 0) {
        confirms -= 1;
        await d.accept().catch(() => {});
        return;
      }
      problems.push(`a ${d.type()} dialog fired on ${page.url()}: ${JSON.stringify(d.message())}`);
      await d.dismiss().catch(() => {});
    });
    page.on('pageerror', (e) => problems.push(`uncaught script error on ${page.url()}: ${e.message}`));
    watchCsp(page, problems);
    page.on('response', (r) => {
      if (r.status() >= 500) problems.push(`${r.request().method()} ${r.url()} answered ${r.status()}`);
    });

    let id;
    await step('start a pack prompt from the Writing page', async () => {
      await page.goto(`${base}/`);
      await Promise.all([page.waitForURL(/\/writing$/), page.click('header nav a[href="/writing"]')]);
      if (!(await page.locator('#no-history').count())) fail('a fresh data dir shows attempts');
      const prompts = await page.locator('#prompts > li').count();
      if (prompts < 12) fail(`the Writing page lists ${prompts} prompts`);
      await screenshot(page, 'index');
      await Promise.all([page.waitForURL(/\/writing\/\d+$/), page.click('#prompts > li:first-child button')]);
      id = Number(new URL(page.url()).pathname.split('/').pop());
      const left = await page.$eval('#writing-timer', (el) => Number(el.dataset.countdown));
      if (!(left > 0)) fail(`the countdown starts at ${left} s`);
      const count = (await page.textContent('#word-count')).trim();
      if (count !== '0 words · 0.0 pages of about 2') fail(`the word count reads ${JSON.stringify(count)}`);
      noProblems();
    });

    await step('type a paragraph with a misspelling: the spelling finding appears, its sentence marked', async () => {
      await page.click('#body');
      await page.keyboard.type(PARAGRAPH, { delay: 8 });
      await savedAndCritiqued(page, id);
      const count = (await page.textContent('#word-count')).trim();
      if (!/^43 words · 0\.1 pages of about 2$/.test(count)) fail(`the word count reads ${JSON.stringify(count)}`);
      const spelling = page.locator('#critique .finding[data-category="spelling"]');
      if (!(await spelling.count())) fail(`no spelling finding in the live critique: ${(await page.textContent('#critique')).slice(0, 600)}`);
      const quote = await spelling.first().locator('blockquote').textContent();
      if (!quote.includes('recieved')) fail(`the spelling finding quotes ${JSON.stringify(quote)}`);
      const marked = await page.$$eval('#critique .preview mark', (ms) => ms.map((m) => m.textContent));
      if (!marked.some((m) => m.includes('recieved'))) fail(`the misspelt words are not marked: ${JSON.stringify(marked)}`);
      await screenshot(page, 'finding');
      noProblems();
    });

    await step('fix the word: the finding goes', async () => {
      const text = await page.inputValue('#body');
      const at = text.indexOf('recieved');
      await page.$eval('#body', (el, at) => { el.focus(); el.setSelectionRange(at, at + 'recieved'.length); }, at);
      await page.keyboard.type('received', { delay: 20 });
      await savedAndCritiqued(page, id);
      if ((await page.inputValue('#body')).includes('recieved')) fail('the word was not replaced');
      const left = await page.locator('#critique .finding[data-category="spelling"]').count();
      if (left) fail(`${left} spelling finding(s) left after the fix: ${await page.textContent('#findings-spelling')}`);
      noProblems();
    });

    await step('reload: the text is still there and the timer still running', async () => {
      const before = await page.inputValue('#body');
      await page.waitForTimeout(1500);
      await page.reload();
      if ((await page.inputValue('#body')) !== before) fail('the text changed after a reload');
      const t1 = (await page.textContent('#writing-timer')).trim();
      await page.waitForTimeout(1600);
      const t2 = (await page.textContent('#writing-timer')).trim();
      if (t1 === t2 || !/left$/.test(t2)) fail(`the timer is not running after a reload: ${t1} then ${t2}`);
      noProblems();
    });

    await step('the editor at 390 px: nothing scrolls sideways, the header stays short', async () => {
      await page.setViewportSize(PHONE);
      await page.reload();
      await noSidewaysScroll(page, 'the editor');
      const h = await page.$eval('header', (el) => el.getBoundingClientRect().height);
      if (h > 90) fail(`the header is ${h} px high at 390 px`);
      await screenshot(page, 'editor-phone');
      await page.setViewportSize(DESKTOP);
      await page.reload();
      await screenshot(page, 'editor');
      noProblems();
    });

    await step('finish: the report', async () => {
      confirms += 1;
      await Promise.all([page.waitForSelector('#report-heading'), page.click('#finish')]);
      const overall = (await page.textContent('#overall')).trim();
      if (!/^\d+\/100$/.test(overall)) fail(`the overall score reads ${overall}`);
      const parts = await page.locator('#parts tbody tr').count();
      if (parts !== 6) fail(`the report has ${parts} part scores`);
      const substance = await page.locator('#substance li').count();
      if (!substance) fail('the report shows no substance parts');
      if (!(await page.locator('#keep-editing').count()) || !(await page.locator('#write-again').count())) fail('no "Keep editing" / "Write again"');
      await screenshot(page, 'report');
      await page.setViewportSize(PHONE);
      await noSidewaysScroll(page, 'the report');
      await screenshot(page, 'report-phone');
      await page.setViewportSize(DESKTOP);
      noProblems();
    });

    await step('the Writing page lists the attempt with its score, and its scores over time', async () => {
      await page.goto(`${base}/writing`);
      const row = (await page.textContent('#history tbody tr')).replace(/\s+/g, ' ');
      if (!/\d+\/100/.test(row)) fail(`the attempt's row reads ${row}`);
      if (!(await page.locator('#trends svg polyline').count())) fail('no scores-over-time drawing');
      await screenshot(page, 'history');
      await page.setViewportSize(PHONE);
      await noSidewaysScroll(page, 'the Writing page');
      await screenshot(page, 'history-phone');
      noProblems();
    });
    ok = true;
  } finally {
    if (!ok && page && !page.isClosed()) {
      await page.screenshot({ path: join(OUT, 'writing-last-page.png'), fullPage: true }).catch(() => {});
      const tail = server?.stderr().trim();
      if (tail) console.error(`--- server stderr (tail) ---\n${tail}`);
    }
    await browser?.close().catch(() => {});
    await server?.stop().catch(() => {});
    await rm(home, { recursive: true, force: true }).catch(() => {});
  }
}

main().then(
  () => {
    console.log(`\nwriting browser test: ${progress.passed} passed, 0 failed`);
    console.log(`screenshots in ${OUT} (writing-*.png)`);
  },
  (e) => {
    process.exitCode = 1;
    const where = e.step ? `${e.step}: ` : '';
    const msg = e instanceof Failure ? e.message : e.stack || String(e);
    console.error(`\nFAILED ${where}${msg}`);
    console.log(`\nwriting browser test: ${progress.passed} passed, 1 failed`);
  },
);
