// Real-browser test of system-design practice, as a candidate would use it: starts `tpmprep serve`
// on a fresh data dir and drives Debian's Chromium through a short timed session — start on a pack
// prompt, type in two phases (each saved as typed), take a hint, draw two boxes and an arrow with
// the keyboard, reload (everything is still there, the clock did not go back), see a phase's time up
// announced, lose the server to kill -9 in the middle of typing (the words typed come back after a
// restart), finish with a self-rating and read the report (six objectives beside the self-rating,
// the hint used, the prompt's reference points, findings). Screenshots at 1280 and 390 px, where
// nothing may scroll sideways; every page gets the suite's label and contrast checks (lib.mjs).
//
// Usage:  TPMPREP_BIN=target/debug/tpmprep node tests/browser/design.mjs
// Env:    TPMPREP_BIN          the tpmprep binary (required)
//         TPMPREP_BROWSER_OUT  screenshot folder (default: <repo>/target/browser-screens); this
//                              test's are named design-NN-*.png
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
  sleep,
  startServer,
  step,
  waitHealthy,
} from './lib.mjs';

const BIN = process.env.TPMPREP_BIN;
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };
const PROMPT = 'recommendation-feed';
const CLARIFY =
  'Assume 100M daily users with 3 feed loads each: 300M requests a day, about 3.5k QPS on average and 10k at peak. ' +
  'A new click must show in the feed within a minute; p99 under 150 ms.';
const HIGH_LEVEL =
  'Events go to a stream partitioned by user; a daily job builds 500 candidates per user into a key-value store; ' +
  'a ranking service re-ranks them per request with fresh features.';
const KILLED = 'Written just before the server died: precompute offline, re-rank online.';

/** Waits until a phase's status line says Saved after its notes were typed. */
async function typeAndSaved(page, key, text) {
  const saved = page.waitForResponse(
    (r) => r.url().endsWith(`/notes/${key}`) && r.request().method() === 'POST' && new URLSearchParams(r.request().postData() || '').get('text') === text,
    { timeout: WAIT_MS },
  );
  saved.catch(() => {});
  await page.fill(`#notes-${key}`, text);
  const r = await saved.catch(() => fail(`no save of the ${key} notes within ${WAIT_MS / 1000} s`));
  if (r.status() !== 200) fail(`saving the ${key} notes answered ${r.status()}: ${await r.text()}`);
  await page.waitForFunction((k) => /^Saved/.test(document.getElementById(`note-status-${k}`).textContent.trim()), key, { timeout: WAIT_MS });
}

async function noSidewaysScroll(page, what) {
  const wide = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  if (wide > 1) fail(`${what} scrolls sideways by ${wide} px at ${page.viewportSize().width} px`);
}

async function main() {
  if (!BIN) fail('TPMPREP_BIN is not set: point it at the tpmprep binary (e.g. target/debug/tpmprep)');
  if (!existsSync(BIN)) fail(`TPMPREP_BIN=${BIN} does not exist; build it with cargo build -p tpmprep`);
  if (!existsSync(CHROMIUM)) fail(`${CHROMIUM} is missing: apt-get install chromium`);
  screenshotPrefix('design-');
  await mkdir(OUT, { recursive: true });
  for (const f of await readdir(OUT)) {
    if (/^design-(\d\d-.*|last-page)\.png$/.test(f)) await rm(join(OUT, f));
  }
  console.log(`tpmprep: ${BIN}\nscreenshots: ${OUT} (design-*.png)`);
  const home = await mkdtemp(join(tmpdir(), 'tpmprep-design-'));
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
    const port = Number(new URL(base).port);
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
      // The server killed on purpose answers nothing; anything it does answer must not be a 5xx.
      if (r.status() >= 500) problems.push(`${r.request().method()} ${r.url()} answered ${r.status()}`);
    });

    let id;
    await step('start a session on a pack prompt from the Design page (a short time scale)', async () => {
      await page.goto(`${base}/`);
      await Promise.all([page.waitForURL(/\/design$/), page.click('header nav a[href="/design"]')]);
      if (!(await page.locator('#no-past').count())) fail('a fresh data dir shows past sessions');
      await screenshot(page, 'start');
      await page.selectOption('#prompt', PROMPT);
      await page.fill('#minutes_scale', '0.05');
      await Promise.all([page.waitForURL(/\/design\/\d+$/), page.click('button#start')]);
      id = Number(new URL(page.url()).pathname.split('/').pop());
      const heading = (await page.textContent('#design-heading')).trim();
      if (heading !== 'Personalised recommendation feed') fail(`the session's heading is ${JSON.stringify(heading)}`);
      const phases = await page.$$eval('#phase-nav li', (lis) => lis.map((l) => l.textContent.replace(/\s+/g, ' ').trim()));
      if (phases.length !== 5) fail(`the phase list has ${phases.length} phases: ${phases.join(' | ')}`);
      const timer = await page.$eval('#phase-timer', (el) => Number(el.dataset.countdown));
      if (!(timer > 0 && timer <= 15)) fail(`the clarify phase's countdown starts at ${timer} s; 5 min × 0.05 = 15 s`);
      noProblems();
    });

    await step('type in the clarify phase (saved as typed) and take a hint', async () => {
      await typeAndSaved(page, 'clarify', CLARIFY);
      await page.click('#hint-clarify');
      await page.waitForFunction(() => document.querySelectorAll('#hints-clarify li').length === 1, null, { timeout: WAIT_MS });
      const hint = (await page.textContent('#hints-clarify li')).trim();
      if (!/clarifying/.test(hint)) fail(`the first clarify hint is not one of the prompt's clarifying questions: ${hint}`);
      noProblems();
    });

    await step("a phase's time up is announced, and the candidate may carry on in it", async () => {
      await page.locator('#phase-time-up').waitFor({ state: 'visible', timeout: 25_000 }).catch(() => fail('no time-up notice after the phase ran out'));
      const said = (await page.textContent('#phase-time-up')).trim();
      if (said !== 'Time is up for Clarify: move on to High-level design when you are ready.') fail(`the notice says ${JSON.stringify(said)}`);
      if (await page.isDisabled('#notes-clarify')) fail('the notes were locked when the time ran out');
      await screenshot(page, 'clarify-time-up');
      noProblems();
    });

    await step('move to the high-level phase and type there', async () => {
      await Promise.all([page.waitForURL(new RegExp(`/design/${id}$`)), page.click('#next-phase')]);
      await page.waitForSelector('#phase-high-level.current');
      await typeAndSaved(page, 'high-level', HIGH_LEVEL);
      noProblems();
    });

    await step('draw two boxes and an arrow with the keyboard alone', async () => {
      for (const name of ['Ranking service', 'Feature store']) {
        await page.fill('#box-name', name);
        const done = page.waitForResponse((r) => r.url().endsWith(`/design/${id}/diagram`), { timeout: WAIT_MS });
        done.catch(() => {});
        // Enter in the field adds the box, as a person at the keyboard would.
        await page.press('#box-name', 'Enter');
        await done.catch(async () => fail(`Enter in the new-component field sent nothing (the field holds ${JSON.stringify(await page.inputValue('#box-name'))}, focus on ${await page.evaluate(() => document.activeElement && document.activeElement.id)})`));
        await page.waitForFunction((n) => [...document.querySelectorAll('#diagram-boxes li')].some((li) => li.textContent.includes(n)), name);
      }
      await page.selectOption('#flow-from', { label: 'Ranking service' });
      await page.selectOption('#flow-to', { label: 'Feature store' });
      await page.fill('#flow-label', 'fresh features');
      const done = page.waitForResponse((r) => r.url().endsWith(`/design/${id}/diagram`), { timeout: WAIT_MS });
      done.catch(() => {});
      await page.press('#flow-label', 'Enter');
      await done.catch(() => fail('Enter in the flow label sent nothing'));
      await page.waitForSelector('#diagram-flows li');
      const flow = (await page.textContent('#diagram-flows li')).replace(/\s+/g, ' ').trim();
      if (!flow.startsWith('Ranking service → Feature store: fresh features')) fail(`the flow reads ${JSON.stringify(flow)}`);
      const drawn = await page.$eval('#diagram-svg', (svg) => ({ rects: svg.querySelectorAll('rect').length, lines: svg.querySelectorAll('line').length }));
      if (drawn.rects !== 2 || drawn.lines !== 1) fail(`the SVG draws ${drawn.rects} boxes and ${drawn.lines} arrows`);
      await screenshot(page, 'diagram');
      noProblems();
    });

    await step('the estimator on the session page works the numbers out, arithmetic included', async () => {
      await page.click('#estimator summary');
      await page.fill('#estimate-dau', '100M');
      await page.fill('#estimate-per_user', '3/day');
      const done = page.waitForResponse((r) => r.url().endsWith('/estimate') && r.request().method() === 'POST', { timeout: WAIT_MS });
      done.catch(() => {});
      await page.click('#estimate-go');
      await done.catch(() => fail('the estimator sent nothing'));
      await page.waitForSelector('#estimate-result .estimate-headline');
      const shown = (await page.textContent('#estimate-result')).replace(/\s+/g, ' ');
      if (!/3,472|3\.47k/.test(shown)) fail(`100M users × 3/day should be ≈ 3.47k/s on average; the estimator shows: ${shown.slice(0, 300)}`);
      if (!/86,400/.test(shown)) fail('the estimator shows no arithmetic');
      await screenshot(page, 'estimator');
      noProblems();
    });

    await step('reload: notes, hint, diagram and phase are all still there, and the clock did not go back', async () => {
      const spent = Number(await page.inputValue('#elapsed'));
      await page.reload();
      if ((await page.inputValue('#notes-clarify')) !== CLARIFY) fail('the clarify notes changed after a reload');
      if ((await page.inputValue('#notes-high-level')) !== HIGH_LEVEL) fail('the high-level notes changed after a reload');
      if ((await page.locator('#hints-clarify li').count()) !== 1) fail('the hint used is not shown after a reload');
      if ((await page.locator('#diagram-svg rect').count()) !== 2) fail('the diagram is not kept');
      if (!(await page.locator('#phase-high-level.current').count())) fail('the session is not in the high-level phase after a reload');
      const now = await page.$eval('#phase-spent', (el) => Number(el.dataset.countup));
      if (now + 10 < spent) fail(`the phase's time went back from ${spent} s to ${now} s`);
      noProblems();
    });

    await step('kill -9 while typing: after a restart the words typed are offered back', async () => {
      await page.fill('#notes-trade-offs', KILLED);
      // The server dies before (or while) the save lands; the browser kept a copy at once.
      await server.kill9();
      await sleep(1500);
      server = await startServer(BIN, home, [], port);
      await waitHealthy(server.url);
      await page.reload();
      const kept = await page.inputValue('#notes-trade-offs');
      if (kept !== KILLED) {
        // Not saved before the kill: the copy kept in the browser is offered.
        const offer = page.locator('#draft-offer');
        await offer.waitFor({ timeout: WAIT_MS }).catch(() => fail(`after kill -9 the trade-offs notes are ${JSON.stringify(kept)} and nothing is offered back`));
        await page.click('#draft-restore');
        if ((await page.inputValue('#notes-trade-offs')) !== KILLED) fail('restoring did not bring back the words typed');
        await page.waitForFunction(() => /^Saved/.test(document.getElementById('note-status-trade-offs').textContent.trim()), null, { timeout: WAIT_MS });
      }
      await page.reload();
      if ((await page.inputValue('#notes-trade-offs')) !== KILLED) fail('the words typed before the kill are not saved');
      noProblems();
    });

    await step('the session at 390 px: nothing scrolls sideways', async () => {
      await page.setViewportSize(PHONE);
      await page.reload();
      await noSidewaysScroll(page, 'the session page');
      await screenshot(page, 'session-phone');
      await page.setViewportSize(DESKTOP);
      noProblems();
    });

    await step('finish with a self-rating and read the report', async () => {
      await page.reload();
      const mine = { practicality: 7, accuracy: 6, efficiency: 5, reliability: 6, optimization: 4, scalability: 7 };
      for (const [k, v] of Object.entries(mine)) await page.fill(`#rate-${k}`, String(v));
      confirms += 1;
      await Promise.all([page.waitForSelector('#report-heading'), page.click('#finish')]);
      const rows = await page.$$eval('#objectives tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent.trim())));
      if (rows.length !== 6) fail(`the report has ${rows.length} objective rows`);
      for (const [name, critic, own] of rows) {
        if (!/^\d+\/10$/.test(critic)) fail(`${name}: the critic's score reads ${critic}`);
        if (own !== `${mine[name.toLowerCase()]}/10`) fail(`${name}: your score reads ${own}`);
      }
      const overall = (await page.textContent('#overall')).trim();
      if (!/^\d+\/100$/.test(overall)) fail(`the overall score reads ${overall}`);
      if ((await page.locator('#hints-used li').count()) !== 1) fail('the report does not show the one hint used');
      const side = await page.textContent('#side-by-side');
      if (!side.includes('Feature store') && !side.includes('fresh features')) fail('the report does not show the diagram beside the reference');
      if (!/Ranking service: scores the candidates/.test(side)) fail("the report does not show the prompt's reference components");
      if (!(await page.locator('#findings li').count())) fail('the report has no findings');
      await screenshot(page, 'report');
      await page.setViewportSize(PHONE);
      await noSidewaysScroll(page, 'the report');
      await screenshot(page, 'report-phone');
      await page.setViewportSize(DESKTOP);
      noProblems();
    });

    await step('the Design page lists the finished session with its score', async () => {
      await page.goto(`${base}/design`);
      const row = (await page.textContent('#past tbody tr')).replace(/\s+/g, ' ');
      if (!/\d+\/100/.test(row)) fail(`the past session's row reads ${row}`);
      const md = await page.evaluate(async (u) => (await fetch(u)).text(), `${base}/design/${id}/export.md`);
      if (!md.includes(CLARIFY) || !md.includes('Ranking service → Feature store: fresh features')) fail('the Markdown export lacks the notes or the diagram');
      noProblems();
    });
    ok = true;
  } finally {
    if (!ok && page && !page.isClosed()) {
      await page.screenshot({ path: join(OUT, 'design-last-page.png'), fullPage: true }).catch(() => {});
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
    console.log(`\ndesign browser test: ${progress.passed} passed, 0 failed`);
    console.log(`screenshots in ${OUT} (design-*.png)`);
  },
  (e) => {
    process.exitCode = 1;
    const where = e.step ? `${e.step}: ` : '';
    const msg = e instanceof Failure ? e.message : e.stack || String(e);
    console.error(`\nFAILED ${where}${msg}`);
    console.log(`\ndesign browser test: ${progress.passed} passed, 1 failed`);
  },
);
