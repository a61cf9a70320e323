// Real-browser test of spoken answers, as a candidate would bring one: starts `tpmprep serve` on a
// fresh data dir and drives Debian's Chromium — choose the WebVTT fixture in the Speak page's file
// input (read into the textarea in the browser, nothing uploaded), pick a pack question, submit,
// and read the report: the figures, the timeline chart with its pause and filler marks, the
// critique; a malformed file is shown with its line and the text kept; a phone-screen mock is
// answered by loading the SRT fixture and the next page shows the spoken line with its report.
// Then the pages at 390 px may not scroll sideways and the header stays ≤ 90 px; screenshots at
// 1280 and 390 px.
//
// Usage:  TPMPREP_BIN=target/debug/tpmprep node tests/browser/speak.mjs
// Env:    TPMPREP_BIN          the tpmprep binary (required)
//         TPMPREP_BROWSER_OUT  screenshot folder (default: <repo>/target/browser-screens); this
//                              test's are named speak-NN-*.png
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
  REPO,
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
const FIXTURES = join(REPO, 'crates', 'speech', 'tests', 'fixtures');

async function noSidewaysScroll(page, what) {
  const wide = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  if (wide > 1) fail(`${what} scrolls sideways by ${wide} px at ${page.viewportSize().width} px`);
}

async function headerFits(page, what) {
  const h = await page.$eval('header.top', (el) => el.getBoundingClientRect().height);
  if (h > 90) fail(`${what}: the header is ${Math.round(h)} px high at ${page.viewportSize().width} px (at most 90)`);
}

/** Chooses `file` in the file input `sel` and waits until app.js has read it into `into`. */
async function load(page, sel, file, into) {
  await page.setInputFiles(sel, join(FIXTURES, file));
  await page.waitForFunction(
    ([area, name]) => (document.getElementById(area)?.value || '').length > 50 && document.querySelector(`input[type=hidden][value="${name}"]`),
    [into, file],
  );
}

async function main() {
  if (!BIN) fail('TPMPREP_BIN is not set: point it at the tpmprep binary (e.g. target/debug/tpmprep)');
  if (!existsSync(BIN)) fail(`TPMPREP_BIN=${BIN} does not exist; build it with cargo build -p tpmprep`);
  if (!existsSync(CHROMIUM)) fail(`${CHROMIUM} is missing: apt-get install chromium`);
  screenshotPrefix('speak-');
  await mkdir(OUT, { recursive: true });
  for (const f of await readdir(OUT)) {
    if (/^speak-(\d\d-.*|last-page)\.png$/.test(f)) await rm(join(OUT, f));
  }
  console.log(`tpmprep: ${BIN}\nscreenshots: ${OUT} (speak-*.png)`);
  const home = await mkdtemp(join(tmpdir(), 'tpmprep-speak-'));
  let server = null;
  let browser = null;
  let page = null;
  const problems = [];
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
      problems.push(`a ${d.type()} dialog fired on ${page.url()}: ${JSON.stringify(d.message())}`);
      await d.dismiss().catch(() => {});
    });
    page.on('pageerror', (e) => problems.push(`uncaught script error on ${page.url()}: ${e.message}`));
    watchCsp(page, problems);
    page.on('response', (r) => {
      if (r.status() >= 500) problems.push(`${r.request().method()} ${r.url()} answered ${r.status()}`);
    });

    await step('Speak is reached from the Reference page and says how to get a transcript', async () => {
      await page.goto(`${base}/reference`);
      await Promise.all([page.waitForURL(/\/speak$/), page.click('#speak-link')]);
      const empty = (await page.textContent('#no-transcripts')).replace(/\s+/g, ' ');
      if (!/--word_timestamps True/.test(empty)) fail(`the empty state has no Whisper line: ${empty}`);
      if (!/\.vtt/.test(empty)) fail(`the empty state names no captions file: ${empty}`);
      await page.waitForSelector('#no-recording');
      await screenshot(page, 'empty');
      noProblems();
    });

    await step('a malformed file is shown with its line, the text kept, nothing kept', async () => {
      await load(page, '#transcript-file', 'bad-timing.srt', 'transcript');
      await Promise.all([page.waitForLoadState('load'), page.click('#analyse')]);
      await page.waitForSelector('#speak-error');
      const error = (await page.textContent('#speak-error')).trim();
      if (!/bad-timing\.srt: line 6/.test(error)) fail(`the error reads ${JSON.stringify(error)}`);
      const kept = await page.inputValue('#transcript');
      if (!kept.includes('Second cue.')) fail('the file text was not kept in the box');
      if (await page.$('#past')) fail('a malformed file was kept');
      await screenshot(page, 'malformed');
      noProblems();
    });

    let reportUrl = '';
    await step('the WebVTT fixture with a pack question: the report', async () => {
      await page.goto(`${base}/speak`);
      await load(page, '#transcript-file', 'answer.vtt', 'transcript');
      const status = await page.textContent('#file-status');
      if (!/Loaded answer\.vtt/.test(status)) fail(`the file status reads ${JSON.stringify(status)}`);
      const q = await page.$eval('#question_id optgroup option', (o) => o.value);
      await page.selectOption('#question_id', q);
      await Promise.all([page.waitForURL(/\/speak\/\d+\?kept=1$/), page.click('#analyse')]);
      reportUrl = page.url().replace(/\?kept=1$/, '');
      const words = (await page.textContent('#fig-words')).trim();
      if (words !== '205') fail(`the report counts ${words} words, not 205`);
      const wpm = await page.textContent('#fig-wpm');
      if (!/^\s*1[0-9]{2} wpm/.test(wpm)) fail(`the pace reads ${JSON.stringify(wpm)}`);
      if (!/comfortable/.test(wpm)) fail(`the pace band is missing: ${wpm}`);
      if (!/1:31/.test(await page.textContent('#fig-length'))) fail('the length is not 1:31');
      const bars = await page.$$eval('#timeline rect.bar', (r) => r.length);
      if (bars < 3) fail(`the timeline has ${bars} pace bars`);
      const pauses = await page.$$eval('#timeline rect.pause', (r) => r.map((x) => x.querySelector('title').textContent));
      if (pauses.length !== 2) fail(`the timeline shows ${pauses.length} pauses, not 2`);
      if (!pauses.every((t) => /^Pause of \d+\.\d s at \d:\d\d/.test(t))) fail(`pause titles: ${pauses}`);
      const fillers = await page.$$eval('#timeline line.mark.filler title', (t) => t.map((x) => x.textContent));
      if (fillers.length < 3 || !fillers.some((t) => /“um” at 0:0/.test(t))) fail(`filler ticks: ${fillers}`);
      const marks = await page.$$eval('#transcript-text mark.filler', (m) => m.map((x) => x.textContent.toLowerCase()));
      if (!marks.includes('um')) fail(`the transcript marks ${marks}`);
      await page.waitForSelector('#speak-question');
      await page.waitForSelector('#speak-critique .score, #speak-critique [id$="score"], #speak-critique section, #speak-critique div');
      const critique = (await page.textContent('#speak-critique')).replace(/\s+/g, ' ');
      if (critique.length < 200) fail(`the critique is nearly empty: ${critique}`);
      if (!/floor/.test(await page.textContent('#speak-notes'))) fail('no note on the um/uh floor');
      await page.waitForSelector('#star-bar rect');
      await screenshot(page, 'report');
      await page.locator('#timeline').scrollIntoViewIfNeeded();
      await screenshot(page, 'report-chart');
      noProblems();
    });

    await step('a pasted transcript survives a reload and is dropped once kept', async () => {
      await page.goto(`${base}/speak`);
      const said = 'I led the move of the payments service to the new queue and I chose to stage it in three waves. '.repeat(4).trim();
      await page.fill('#transcript', said);
      await page.reload();
      const back = await page.inputValue('#transcript');
      if (back !== said) fail(`after a reload the box holds ${JSON.stringify(back.slice(0, 60))}`);
      await page.selectOption('#format', 'text');
      await page.fill('#duration', '0:40');
      await Promise.all([page.waitForURL(/\/speak\/\d+\?kept=1$/), page.click('#analyse')]);
      await page.goto(`${base}/speak`);
      const after = await page.inputValue('#transcript');
      if (after !== '') fail(`the kept transcript is offered again: ${JSON.stringify(after.slice(0, 60))}`);
      noProblems();
    });

    let mockUrl = '';
    await step('a phone-screen mock answered by loading the SRT fixture shows the spoken line', async () => {
      await page.goto(`${base}/mock`);
      await page.selectOption('#kind', 'phone-screen');
      await page.fill('#minutes_scale', '0.5');
      await Promise.all([page.waitForURL(/\/mock\/\d+$/), page.click('#start')]);
      mockUrl = page.url();
      await load(page, '#answer-file', 'answer.srt', 'answer');
      await Promise.all([
        page.waitForResponse((r) => /\/answer$/.test(r.url()) && r.request().method() === 'POST'),
        page.click('#send'),
      ]);
      await page.waitForSelector('#spoken-answers .spoken-line');
      const line = (await page.textContent('#spoken-answers .spoken-line')).replace(/\s+/g, ' ');
      if (!/Spoken answer: 1:31, 1\d\d wpm, \d+ fillers — report/.test(line)) fail(`the spoken line reads ${line}`);
      await screenshot(page, 'mock-spoken');
      const href = await page.getAttribute('#spoken-answers a', 'href');
      await Promise.all([page.waitForURL(/\/speak\/\d+$/), page.click('#spoken-answers a')]);
      if (!page.url().endsWith(href)) fail(`the report link went to ${page.url()}`);
      if (!/given in/.test(await page.textContent('#report-meta'))) fail('the report does not say it was given in the mock');
      noProblems();
    });

    await step('the pages at 390 px: no sideways scroll, the header ≤ 90 px', async () => {
      await page.setViewportSize(PHONE);
      for (const path of ['/speak', new URL(reportUrl).pathname, new URL(mockUrl).pathname]) {
        await page.goto(`${base}${path}`);
        await noSidewaysScroll(page, path);
        await headerFits(page, path);
      }
      await page.goto(reportUrl);
      await screenshot(page, 'phone-report');
      await page.locator('#timeline').scrollIntoViewIfNeeded();
      await screenshot(page, 'phone-chart');
      await page.goto(`${base}/speak`);
      await screenshot(page, 'phone-speak');
      await page.setViewportSize(DESKTOP);
      await page.goto(`${base}/speak`);
      await headerFits(page, '/speak');
      await screenshot(page, 'list');
      noProblems();
    });
    ok = true;
  } finally {
    if (!ok && page && !page.isClosed()) {
      await page.screenshot({ path: join(OUT, 'speak-last-page.png'), fullPage: true }).catch(() => {});
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
    console.log(`\nspeak browser test: ${progress.passed} passed, 0 failed`);
    console.log(`screenshots in ${OUT} (speak-*.png)`);
  },
  (e) => {
    process.exitCode = 1;
    const where = e.step ? `${e.step}: ` : '';
    const msg = e instanceof Failure ? e.message : e.stack || String(e);
    console.error(`\nFAILED ${where}${msg}`);
    console.log(`\nspeak browser test: ${progress.passed} passed, 1 failed`);
  },
);
