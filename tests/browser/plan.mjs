// Real-browser test of the study plan (/plan) and the drill (/drill): starts `tpmprep serve --port 0`
// on a fresh data directory and drives Debian's headless Chromium through it:
//  * /plan at 1280 px: the interview date and hours set through the form, the plan drawn week by week;
//    a task skipped (htmx swaps the plan; the task is among the skipped); the .ics downloaded and read
//    (one VEVENT per planned task);
//  * /drill: 5 cards of the weakest principles added, an answer typed (kept over a reload), Check gives
//    a suggested grade, Good grades the card and the next one is shown with the forecast chart;
//  * the header at 390 and 1280 px: two navigation rows at most (≤ 90 px high at 390 px), nothing
//    wider than the screen on /plan and /drill at 390 px.
// Every page is screenshotted (plan-NN-*.png) with the suite's label and contrast checks (lib.mjs);
// no Content-Security-Policy violation, script error, dialog or 5xx may occur.
//
// Usage:  TPMPREP_BIN=target/debug/tpmprep node tests/browser/plan.mjs
// Env:    TPMPREP_BIN          the tpmprep binary (required)
//         TPMPREP_BROWSER_OUT  screenshot folder (default: <repo>/target/browser-screens)
//         CHROMIUM             browser binary (default: /usr/bin/chromium)

import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { watchCsp } from './robust.mjs';
import { Failure, OUT, WAIT_MS, fail, progress, screenshot, screenshotPrefix, startServer, step, waitHealthy } from './lib.mjs';

const BIN = process.env.TPMPREP_BIN;
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };
const ANSWER =
  'Situation: our payments migration slipped two weeks. Task: I owned the cut-over. Action: I split ' +
  'the work into three releases and ran daily risk reviews with the partner team. Result: we shipped ' +
  'on the new date with zero incidents and cut costs by 18%.';

const day = (offset) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

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

/** Waits for htmx to finish swapping. */
const settled = (page) =>
  page.waitForFunction(() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling'), null, {
    timeout: WAIT_MS,
  });

/** Clicks `selector` and waits for its POST to `path` (a RegExp) to be answered and swapped. */
async function post(page, selector, path) {
  const answered = page.waitForResponse((r) => r.request().method() === 'POST' && path.test(new URL(r.url()).pathname), {
    timeout: WAIT_MS,
  });
  await page.click(selector);
  const r = await answered.catch(() => fail(`no POST ${path} answered after clicking ${selector}`));
  await settled(page);
  return r;
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
  screenshotPrefix('plan-');
  console.log(`tpmprep: ${BIN}\nscreenshots: ${OUT} (plan-*.png)`);
  const home = await mkdtemp(join(tmpdir(), 'tpmprep-plan-'));
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
      const context = await browser.newContext({ viewport: DESKTOP, acceptDownloads: true });
      page = await context.newPage();
      watch(page);
    });

    await step('/plan without a date: the form and one line asking for it', async () => {
      const r = await page.goto(`${base}/plan`);
      if (r.status() !== 200) fail(`GET /plan answered ${r.status()}`);
      await page.waitForSelector('#no-plan');
      if ((await page.$$('input[name=days_off]')).length !== 7) fail('seven day-off checkboxes expected');
      await screenshot(page, 'empty-1280');
      noProblems();
    });

    await step('set the interview date and hours: the plan is drawn week by week', async () => {
      await page.fill('#interview_date', day(35));
      await page.fill('#hours_per_week', '14');
      await page.check('input[name=days_off][value=sun]');
      await Promise.all([page.waitForURL(`${base}/plan`), page.click('#save-settings')]);
      await page.waitForSelector('#week-1');
      const hours = (await page.textContent('#plan-hours')).trim();
      if (!/planned of/.test(hours)) fail(`the hours read ${JSON.stringify(hours)}`);
      if ((await page.inputValue('#hours_per_week')) !== '14') fail('the hours typed were not kept');
      if (!(await page.isChecked('input[name=days_off][value=sun]'))) fail('Sunday off was not kept');
      console.log(`    ${hours}; ${(await page.$$('#plan .week .task')).length} tasks`);
      await screenshot(page, 'plan-1280');
      noProblems();
    });

    await step('skip a task: htmx swaps the plan and the task is among the skipped', async () => {
      const key = await page.getAttribute('#plan .week .task', 'data-key');
      const r = await post(page, `#plan .week .task[data-key="${key}"] button[value=skip]`, /^\/plan\/tasks\//);
      if (r.status() !== 200) fail(`skip answered ${r.status()}`);
      await page.waitForSelector(`#plan-skipped .task[data-key="${key}"]`);
      if (await page.$(`#plan .week .task[data-key="${key}"]`)) fail(`${key} is still planned`);
      await screenshot(page, 'skipped-1280');
      noProblems();
    });

    await step('download the .ics: one event per planned task', async () => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#plan-ics')]);
      if (download.suggestedFilename() !== 'tpmprep-plan.ics') fail(`the file is named ${download.suggestedFilename()}`);
      const text = await readFile(await download.path(), 'utf8');
      const events = (text.match(/^BEGIN:VEVENT\r$/gm) || []).length;
      const tasks = (await page.$$('#plan .week .task')).length;
      if (!text.startsWith('BEGIN:VCALENDAR\r\n')) fail('not an iCalendar file');
      if (events !== tasks) fail(`${events} events for ${tasks} planned tasks`);
      console.log(`    ${events} events`);
      noProblems();
    });

    await step('/drill: add 5 cards of the weakest principles', async () => {
      await page.goto(`${base}/drill`);
      await page.waitForSelector('#nothing-due');
      await page.fill('#count', '5');
      await post(page, '#add-weakest', /^\/drill\/add$/);
      await page.waitForSelector('#drill-card');
      const said = (await page.textContent('#drill-notice')).trim();
      if (said !== 'Added 5 cards from the weakest principles.') fail(`the notice reads ${JSON.stringify(said)}`);
      noProblems();
    });

    let first = '';
    await step('type an answer: it is kept over a reload; Check suggests a grade', async () => {
      first = await page.getAttribute('#drill-card', 'data-card');
      await page.fill('#answer', ANSWER);
      await page.waitForTimeout(300);
      await page.reload();
      await page.waitForSelector('#drill-card');
      if ((await page.inputValue('#answer')) !== ANSWER) fail('the typed answer was lost on reload');
      await post(page, '#check', /^\/drill\/\d+\/check$/);
      await page.waitForSelector('#suggestion');
      if (!(await page.$('#grades button.suggested'))) fail('no grade is marked as suggested');
      if ((await page.inputValue('#answer')) !== ANSWER) fail('Check lost the answer');
      const good = (await page.textContent('#grade-good')).trim();
      if (!/^Good · /.test(good)) fail(`the Good button reads ${JSON.stringify(good)}`);
      await page.click('#reveal summary');
      await page.waitForSelector('#card-back', { state: 'visible' });
      console.log(`    ${(await page.textContent('#suggestion p')).trim()} · ${good}`);
      await screenshot(page, 'drill-checked-1280');
      noProblems();
    });

    await step('grade Good: the next card and the forecast chart', async () => {
      await post(page, '#grade-good', /^\/drill\/\d+\/grade$/);
      const said = (await page.textContent('#drill-notice')).trim();
      if (!said.startsWith('Graded Good')) fail(`the notice reads ${JSON.stringify(said)}`);
      const next = await page.getAttribute('#drill-card', 'data-card');
      if (next === first) fail('the same card is shown again');
      if ((await page.inputValue('#answer')) !== '') fail('the next card starts with the last answer');
      if ((await page.$$('#forecast rect')).length < 10) fail('the forecast chart has too few bars');
      const stats = (await page.textContent('#drill-stats')).trim();
      if (!/ 1 review · /.test(stats)) fail(`the stats read ${JSON.stringify(stats)}`);
      await screenshot(page, 'drill-next-1280');
      noProblems();
    });

    await step('the header: two navigation rows at most, 390 and 1280 px; nothing wider than a phone', async () => {
      const header = () => page.evaluate(() => document.querySelector('header.top').getBoundingClientRect().height);
      const h1280 = await header();
      await page.setViewportSize(PHONE);
      for (const href of ['/plan', '/drill', '/drill/cards', '/reference', '/']) {
        await page.goto(`${base}${href}`);
        const h = await header();
        if (h > 90) fail(`${href} at 390 px: the header is ${h} px high`);
        const wide = await overflow(page);
        if (wide) fail(`${href} at 390 px: ${wide}`);
        await screenshot(page, `${href.replace(/[^a-z0-9]+/gi, '-')}-390`);
      }
      console.log(`    header ${h1280} px at 1280, ≤ 90 px at 390`);
      noProblems();
    });
    ok = true;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (!ok && page && !page.isClosed()) {
      await page.screenshot({ path: join(OUT, 'plan-last-page.png'), fullPage: true }).catch(() => {});
      const tail = server?.stderr().trim();
      if (tail) console.error(`--- server stderr (tail) ---\n${tail}`);
    }
    await cleanUp();
  }
}

main().then(
  () => {
    console.log(`\nplan browser test: ${progress.passed} passed, 0 failed`);
    console.log(`screenshots in ${OUT} (plan-*.png)`);
  },
  (e) => {
    process.exitCode = 1;
    const where = e.step ? `${e.step}: ` : '';
    const msg = e instanceof Failure ? e.message : e.stack || String(e);
    console.error(`\nFAILED ${where}${msg}`);
    console.log(`\nplan browser test: ${progress.passed} passed, 1 failed`);
  },
);
