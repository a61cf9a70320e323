// Real-browser test of the tpmprep web app: starts `tpmprep serve --port 0` on a fresh data
// directory, drives Debian's headless Chromium through the dashboard, keyboard-only navigation, the
// story editor (live critique, autosave, history), an HTML-injection check and a short mock to its
// debrief, and saves a full-page screenshot of every page it visits. On every page it visits, every
// form field must have a label and all visible text must meet WCAG AA contrast.
//
// Usage:  TPMPREP_BIN=target/debug/tpmprep node tests/browser/run.mjs
// Env:    TPMPREP_BIN                 the tpmprep binary (required)
//         TPMPREP_BROWSER_OUT         screenshot folder (default: <repo>/target/browser-screens)
//         TPMPREP_BROWSER_SKIP_MOCK=1 skip the mock step (local use only; scripts/test never sets it)
//         CHROMIUM                    browser binary (default: /usr/bin/chromium)
// Exits 0 when every step passed, 1 with a message naming the failed step otherwise; the server
// and the browser are stopped either way.

import { mkdtemp, mkdir, readdir, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { robustSteps, watchCsp } from './robust.mjs';
import { editorAndMobile } from './editor-mobile.mjs';
import { questionsAndDebrief } from './cli-pages.mjs';
import { critiqueFit } from './critique-fit.mjs';
import { Failure, OUT, WAIT_MS, dialogs, fail, progress, screenshot, sleep, startServer, step, waitHealthy } from './lib.mjs';
import { mergeSteps } from './merge.mjs';
import { importSteps } from './import.mjs';
import { draftsAndPhone } from './drafts-phone.mjs';
import { mockClockSteps } from './mock-clock.mjs';

const BIN = process.env.TPMPREP_BIN;
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const SKIP_MOCK = process.env.TPMPREP_BROWSER_SKIP_MOCK === '1';
const MAX_MOCK_PROMPTS = 40;

// What the test types. The critic flags a result without a number with this signal, and drops it
// once the result has one (checked by hand in the editor: the other signals that come and go with
// these two texts are result, trade-off, incidental-number and vague).
const SIGNAL = 'outcome-number';
const STORY = {
  title: 'Cutting checkout latency before the holiday peak',
  situation:
    'Before the holiday peak our checkout service was missing its latency goal, and three teams ' +
    'owned different parts of the request path.',
  action:
    'I mapped the request path with the three teams, set up a weekly latency review, and negotiated ' +
    'with the payments team to move the fraud check off the critical path.',
  vagueResult: 'The launch went well and everyone was happy.',
  numericResult:
    'As a result, p99 latency fell from 820 ms to 490 ms and checkout errors dropped from 2.1% to 0.4%.',
};
const EVIL_TITLE = '<script>alert(1)</script>';

// ---- page helpers ----

/** The data-signal of every finding in the critique panel. */
const signals = (page) =>
  page.$$eval('#critique .finding', (els) => els.map((e) => e.dataset.signal));

/** Fills each [selector, text] of `fills`, then waits until the autosave (PUT /stories/{id})
 *  carrying all of them has answered and #save-status says "Saved · revision N"; returns N. */
async function fillAndWaitSaved(page, storyId, fills) {
  const want = [];
  for (const [selector, text] of fills) want.push([await page.getAttribute(selector, 'name'), text]);
  const carriesAll = (body) => {
    const form = new URLSearchParams(body || '');
    return want.every(([name, text]) => form.get(name) === text);
  };
  const saved = page.waitForResponse(
    (r) =>
      r.request().method() === 'PUT' &&
      new URL(r.url()).pathname === `/stories/${storyId}` &&
      carriesAll(r.request().postData()),
    { timeout: WAIT_MS },
  );
  saved.catch(() => {}); // awaited below; this keeps an early failure from leaving it unhandled
  for (const [selector, text] of fills) await page.fill(selector, text);
  const r = await saved.catch(() =>
    fail(`no autosave (PUT /stories/${storyId}) carrying the typed text within ${WAIT_MS / 1000} s`),
  );
  const answer = await r.text();
  if (r.status() !== 200) fail(`the autosave answered ${r.status()}: ${answer}`);
  const rev = answer.match(/Saved · revision (\d+)/)?.[1];
  if (!rev) fail(`the autosave answered 200 without "Saved · revision N": ${answer}`);
  await page
    .waitForFunction(
      (want) => document.querySelector('#save-status')?.textContent.trim() === want,
      `Saved · revision ${rev}`,
      { timeout: WAIT_MS },
    )
    .catch(async () =>
      fail(`#save-status never said "Saved · revision ${rev}"; it says: ${await page.textContent('#save-status')}`),
    );
  return Number(rev);
}

/** Clicks #new-story on /stories, types `title` into the new story's editor (the first words create
 *  the story) and waits until the editor is the story's own (/stories/{id}); returns its id. */
async function newStory(page, base, title = 'A story begun in the browser test') {
  await page.goto(`${base}/stories`);
  await page.click('#new-story');
  await page.waitForURL(/\/stories\/new$/, { timeout: WAIT_MS }).catch(() =>
    fail(`clicking #new-story did not open the new-story editor (/stories/new); at ${page.url()}`),
  );
  await page.waitForSelector('form#story-form');
  await page.fill('#f-title', title);
  await page.waitForURL(/\/stories\/\d+$/, { timeout: WAIT_MS }).catch(async () =>
    fail(
      `typing a title did not create the story (the URL stays ${page.url()}); ` +
        `#save-status says: ${await page.textContent('#save-status')}`,
    ),
  );
  return Number(new URL(page.url()).pathname.split('/').pop());
}

// ---- the test ----

async function main() {
  if (!BIN) fail('TPMPREP_BIN is not set: point it at the tpmprep binary (e.g. target/debug/tpmprep)');
  if (!existsSync(BIN)) fail(`TPMPREP_BIN=${BIN} does not exist; build it with cargo build -p tpmprep`);
  if (!existsSync(CHROMIUM)) fail(`${CHROMIUM} is missing: apt-get install chromium`);
  await mkdir(OUT, { recursive: true });
  for (const f of await readdir(OUT)) {
    // screenshots of an earlier run, so the folder shows this run only
    if (/^(\d\d-.*|zz-last-page)\.png$/.test(f)) await rm(join(OUT, f));
  }
  console.log(`tpmprep: ${BIN}\nscreenshots: ${OUT}`);

  const home = await mkdtemp(join(tmpdir(), 'tpmprep-browser-'));
  let server = null;
  let browser = null;
  let page = null;
  const problems = []; // dialogs, uncaught page errors, server errors: each fails the run
  let stopping = false;
  let ok = false;
  const onSignal = async (sig) => {
    if (stopping) return;
    stopping = true;
    console.error(`\n${sig}: stopping`);
    await browser?.close().catch(() => {});
    await server?.stop().catch(() => {});
    await rm(home, { recursive: true, force: true }).catch(() => {});
    process.exit(130);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

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
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      });
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      page = await context.newPage();
      page.setDefaultTimeout(WAIT_MS);
      page.setDefaultNavigationTimeout(WAIT_MS);
      page.on('dialog', async (d) => {
        if (d.type() === 'beforeunload' && dialogs.beforeunload > 0) {
          dialogs.beforeunload -= 1;
          dialogs.seen.push(d.message() || 'beforeunload');
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
    });

    const noProblems = () => {
      if (problems.length) fail(problems.join('\n'));
    };

    await step('dashboard loads with a 16-cell heat-map', async () => {
      const r = await page.goto(`${base}/`);
      if (r.status() !== 200) fail(`GET / answered ${r.status()}`);
      await page.waitForSelector('#heat');
      const cells = await page.locator('#heat > *').count();
      if (cells !== 16) fail(`#heat has ${cells} cells, expected 16 (one per leadership principle)`);
      await screenshot(page, 'dashboard');
      noProblems();
    });

    await step('keyboard only: Tab reaches the navigation and the date form, each with a visible focus ring', async () => {
      await page.goto(`${base}/`);
      const seen = [];
      for (let i = 0; i < 80; i++) {
        await page.keyboard.press('Tab');
        const f = await page.evaluate(() => {
          const e = document.activeElement;
          if (!e || e === document.body) return null;
          // Focus inside a browser widget's own parts (the date input's picker button) is the
          // browser's to draw.
          if (!e.matches(':focus')) return null;
          const st = getComputedStyle(e);
          const ring = (st.outlineStyle !== 'none' && parseFloat(st.outlineWidth) > 0) || st.boxShadow !== 'none';
          return { what: e.getAttribute('href') || e.id || e.name || e.tagName.toLowerCase(), ring };
        });
        if (!f) continue;
        if (!f.ring) fail(`${f.what} takes the focus with no visible focus indicator`);
        seen.push(f.what);
      }
      for (const want of ['/stories', '/questions', '/mock', 'f-date']) {
        if (!seen.includes(want)) fail(`Tab never reached ${want}; it reached: ${[...new Set(seen)].join(', ')}`);
      }
      // Enter on a focused link follows it, as a mouse click would.
      await page.goto(`${base}/`);
      for (let i = 0; i < 80; i++) {
        await page.keyboard.press('Tab');
        if ((await page.evaluate(() => document.activeElement?.getAttribute('href'))) === '/questions') break;
      }
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/questions$/, { timeout: WAIT_MS }).catch(() =>
        fail(`Enter on the focused /questions link did not open it; at ${page.url()}`),
      );
      noProblems();
    });

    await step('every page in the navigation renders, with labelled fields and readable contrast', async () => {
      const links = await page.$$eval('header nav a', (as) => as.map((a) => a.getAttribute('href')));
      for (const extra of ['/stories/import', '/principles/dive-deep', '/questions?principle=ownership']) links.push(extra);
      if (links.length < 10) fail(`the navigation has only ${links.length} links: ${links.join(', ')}`);
      for (const href of links) {
        const r = await page.goto(`${base}${href}`);
        if (r.status() !== 200) fail(`GET ${href} answered ${r.status()}`);
        await screenshot(page, `page${href.replace(/[^a-z0-9]+/gi, '-')}`);
      }
      noProblems();
    });

    await robustSteps({ page, base, step, fail, screenshot, noProblems, waitMs: WAIT_MS });
    await mergeSteps({ page, base, step, fail, screenshot, noProblems, waitMs: WAIT_MS });
    await importSteps({ page, base, step, fail, screenshot, noProblems, waitMs: WAIT_MS });

    let id = 0;
    await step('create a story with #new-story', async () => {
      id = await newStory(page, base);
      await screenshot(page, 'story-editor-new');
      noProblems();
    });

    await step(`a result without a number gets a "${SIGNAL}" finding`, async () => {
      await page.fill('#f-title', STORY.title);
      await page.fill('#f-situation', STORY.situation);
      await page.fill('#f-action', STORY.action);
      await page.fill('#f-result', STORY.vagueResult);
      await page
        .waitForSelector(`#critique .finding[data-signal="${SIGNAL}"]`, { timeout: WAIT_MS })
        .catch(async () =>
          fail(`no .finding[data-signal="${SIGNAL}"] in #critique; findings: ${(await signals(page)).join(', ')}`),
        );
      const score = await page.textContent('#critique-score');
      if (!/^\d+$/.test((score || '').trim())) fail(`#critique-score is ${JSON.stringify(score)}`);
      console.log(`    score ${score.trim()}; findings: ${(await signals(page)).join(', ')}`);
      await screenshot(page, 'story-editor-vague-result');
      noProblems();
    });

    await step(`a result with numbers clears "${SIGNAL}" and autosaves`, async () => {
      await fillAndWaitSaved(page, id, [['#f-result', STORY.numericResult]]);
      await page
        .waitForSelector(`#critique .finding[data-signal="${SIGNAL}"]`, { state: 'detached', timeout: WAIT_MS })
        .catch(async () =>
          fail(`.finding[data-signal="${SIGNAL}"] is still there; findings: ${(await signals(page)).join(', ')}`),
        );
      const status = (await page.textContent('#save-status')).trim();
      console.log(`    ${status}; score ${(await page.textContent('#critique-score')).trim()}; findings: ${(await signals(page)).join(', ')}`);
      await screenshot(page, 'story-editor-numeric-result');
      noProblems();
    });

    await step('reload: the typed text was saved', async () => {
      await page.reload();
      await page.waitForSelector('form#story-form');
      const want = {
        '#f-title': STORY.title,
        '#f-situation': STORY.situation,
        '#f-action': STORY.action,
        '#f-result': STORY.numericResult,
      };
      for (const [sel, text] of Object.entries(want)) {
        const got = await page.inputValue(sel);
        if (got !== text) fail(`after reload ${sel} is ${JSON.stringify(got)}, expected ${JSON.stringify(text)}`);
      }
      await screenshot(page, 'story-editor-reloaded');
      noProblems();
    });

    await step('history lists more than one revision', async () => {
      const r = await page.goto(`${base}/stories/${id}/history`);
      if (r.status() !== 200) fail(`GET /stories/${id}/history answered ${r.status()}`);
      const rows = await page.locator('table tbody tr').count();
      if (rows < 2) fail(`the history shows ${rows} revision(s), expected more than one`);
      console.log(`    ${rows} revisions`);
      await screenshot(page, 'story-history');
      noProblems();
    });

    await step(`a story titled ${EVIL_TITLE} shows as text on /stories`, async () => {
      const evilId = await newStory(page, base);
      await fillAndWaitSaved(page, evilId, [['#f-title', EVIL_TITLE]]);
      await screenshot(page, 'story-editor-script-title');
      await page.goto(`${base}/stories`);
      const link = page.locator(`a[href="/stories/${evilId}"]`);
      await link.waitFor();
      const text = await link.textContent();
      if (text !== EVIL_TITLE) fail(`the list shows the title as ${JSON.stringify(text)}, expected the literal text`);
      const scripts = await page.locator('main script').count();
      if (scripts) fail(`/stories has ${scripts} <script> element(s) inside <main>`);
      await sleep(300); // give an injected script its chance to run
      await screenshot(page, 'stories-list');
      noProblems();
    });

    await step('the dashboard now draws the story scores over time', async () => {
      await page.goto(`${base}/`);
      await page.waitForSelector('#story-trend circle');
      const points = (await page.getAttribute('#story-trend polyline', 'points')) || '';
      if (!/^\d+,\d+/.test(points)) fail(`#story-trend has no points: ${JSON.stringify(points)}`);
      const listed = await page.textContent('#story-trend + p');
      if (!/\d{4}-\d{2}-\d{2}: \d+/.test(listed || '')) fail(`the trend's text lists no "date: score": ${listed}`);
      await screenshot(page, 'dashboard-with-stories');
      noProblems();
    });

    if (SKIP_MOCK) {
      console.log(`[${++progress.stepNo}] short phone-screen mock to its debrief\n    SKIPPED (TPMPREP_BROWSER_SKIP_MOCK=1)`);
    } else {
      await step('short phone-screen mock (minutes_scale 0.1) to its debrief', async () => {
        await runMock(page, base);
        noProblems();
      });
    }
    await editorAndMobile(page, base, { newStory, noProblems, skipMock: SKIP_MOCK });
    await draftsAndPhone(page, base, { noProblems });
    await questionsAndDebrief(page, base, { noProblems });
    await critiqueFit(page, base, { noProblems });
    if (!SKIP_MOCK) await mockClockSteps(page, base, { noProblems });
    noProblems();
    ok = true;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (!ok && page && !page.isClosed()) {
      // best effort, for whoever reads the failure
      await page.screenshot({ path: join(OUT, 'zz-last-page.png'), fullPage: true }).catch(() => {});
    }
    await browser?.close().catch(() => {});
    await server?.stop().catch(() => {});
    if (!ok) {
      const tail = server?.stderr().trim();
      if (tail) console.error(`--- server stderr (tail) ---\n${tail}`);
    }
    await rm(home, { recursive: true, force: true }).catch(() => {});
  }
}

/** Starts a phone-screen mock at a tenth of real time and answers every prompt until the debrief. */
async function runMock(page, base) {
  await page.goto(`${base}/mock`);
  await page.waitForSelector('form#mock-start').catch(() => fail('/mock has no form#mock-start'));
  await screenshot(page, 'mock-start');
  await page.selectOption('form#mock-start select[name=kind]', 'phone-screen');
  await page.fill('form#mock-start input[name=minutes_scale]', '0.1');
  if (await page.locator('form#mock-start input[name=seed]').count()) {
    await page.fill('form#mock-start input[name=seed]', '7');
  }
  await page.locator('form#mock-start button:not([type=button]), form#mock-start input[type=submit]').first().click();
  await page.waitForURL(/\/mock\/\d+$/, { timeout: WAIT_MS }).catch(() =>
    fail(`starting the mock did not open /mock/{id}; still at ${page.url()}`),
  );
  console.log(`    mock at ${new URL(page.url()).pathname}`);

  const seeDebrief = 'button:text-matches("see the debrief", "i")';
  for (let n = 1; ; n += 1) {
    const state = await page
      .waitForSelector(`#decision, #prompt-text, ${seeDebrief}`, { timeout: WAIT_MS })
      .catch(() => fail(`/mock page shows neither #prompt-text nor #decision (prompt ${n})`));
    const id = await state.getAttribute('id');
    if (id === 'decision') break;
    if (id !== 'prompt-text') {
      // Every prompt answered but the mock not finished yet: the page offers the debrief.
      console.log('    every prompt answered; clicking "See the debrief"');
      await screenshot(page, 'mock-all-answered');
      await state.click();
      await page.waitForSelector('#decision').catch(() => fail('"See the debrief" did not show #decision'));
      break;
    }
    if (n > MAX_MOCK_PROMPTS) fail(`no debrief after ${MAX_MOCK_PROMPTS} prompts`);

    const prompt = (await page.textContent('#prompt-text')).trim();
    if (!prompt) fail(`prompt ${n}: #prompt-text is empty`);
    if (n === 1) {
      await page.waitForSelector('#question-timer');
      const timer = (await page.textContent('#interview-timer')).trim();
      if (!/^(\d+:)?\d\d:\d\d left$|time is up/.test(timer)) fail(`#interview-timer says ${JSON.stringify(timer)}`);
      console.log(`    interview timer: ${timer}`);
      await screenshot(page, 'mock-first-prompt');
    }
    console.log(`    prompt ${n}: ${prompt.length > 90 ? prompt.slice(0, 87) + '...' : prompt}`);
    await page.fill('textarea#answer', `Answer ${n}: I aligned three teams on one launch date and cut p99 latency by 40%.`);
    // Mark the prompt element so the wait below can tell a new page (or swap) from the old one.
    await page.$eval('#prompt-text', (el) => {
      el.dataset.answered = '1';
    });
    await page.click('button#send');
    await page
      .waitForFunction(
        (old) => {
          if (document.querySelector('#decision')) return true;
          const p = document.querySelector('#prompt-text');
          return p && (!p.dataset.answered || p.textContent.trim() !== old);
        },
        prompt,
        { timeout: WAIT_MS },
      )
      .catch(() => fail(`prompt ${n}: sending the answer brought neither the next prompt nor the debrief`));
    await page.waitForLoadState('load');
  }

  const h1 = (await page.textContent('h1')) || '';
  if (!h1.includes('Debrief')) fail(`the finished mock's h1 is ${JSON.stringify(h1)}, expected "Debrief"`);
  const decision = (await page.textContent('#decision')).trim();
  if (!decision) fail('#decision is empty');
  await page.waitForSelector('#changes', { state: 'attached' }).catch(() => fail('the debrief has no #changes'));
  console.log(`    decision: ${decision}`);
  await screenshot(page, 'mock-debrief');
}

main().then(
  () => {
    console.log(`\nbrowser: ${progress.passed} passed, 0 failed${SKIP_MOCK ? ', 1 skipped' : ''}`);
    console.log(`screenshots in ${OUT}`);
  },
  (e) => {
    process.exitCode = 1;
    const where = e.step ? `${e.step}: ` : '';
    const msg = e instanceof Failure ? e.message : e.stack || String(e);
    console.error(`\nFAILED ${where}${msg}`);
    console.log(`\nbrowser: ${progress.passed} passed, 1 failed`);
  },
);
