// Real-browser test of the Offers page, as a candidate would use it: starts `tpmprep serve` on a
// fresh data dir and drives Debian's Chromium — add two offers through the form (an Amazon-style
// one: base 150000, sign-on 30000,20000, 100 shares at 200, Amazon vesting; and another: base
// 175000, even-cliff, equity value 40000), open the comparison, read the break-even line and check
// it against the cumulative numbers the page shows, switch the share price to 20% a year and see
// the table change, open the negotiation brief, edit it, save it to the offer's notes, reload and
// see the edit kept. The pages at 390 px may not scroll sideways and the header stays ≤ 90 px;
// screenshots at 1280 and 390 px.
//
// Usage:  TPMPREP_BIN=target/debug/tpmprep node tests/browser/offers.mjs
// Env:    TPMPREP_BIN          the tpmprep binary (required)
//         TPMPREP_BROWSER_OUT  screenshot folder (default: <repo>/target/browser-screens); this
//                              test's are named offers-NN-*.png
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

async function noSidewaysScroll(page, what) {
  const wide = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  if (wide > 1) fail(`${what} scrolls sideways by ${wide} px at ${page.viewportSize().width} px`);
}

async function headerFits(page, what) {
  const h = await page.$eval('header.top', (el) => el.getBoundingClientRect().height);
  if (h > 90) fail(`${what}: the header is ${Math.round(h)} px high at ${page.viewportSize().width} px (at most 90)`);
}

/** "$1,234,567" → 1234567. */
const dollars = (text) => Number(String(text).replace(/[^0-9.-]/g, ''));

/** The cumulative column of each offer's table, by offer name: { name: [year1, year2, …] }. */
async function cumulative(page) {
  return page.$$eval('table.years', (tables) =>
    Object.fromEntries(
      tables.map((t) => [t.dataset.offer, [...t.querySelectorAll('td.cumulative')].map((td) => td.textContent.trim())]),
    ),
  );
}

async function addOffer(page, fields) {
  for (const [name, value] of Object.entries(fields)) {
    if (name === 'vesting') await page.selectOption('#offer-vesting', value);
    else await page.fill(`#offer-${name}`, value);
  }
  await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/offers/new') && r.request().method() === 'POST'),
    page.click('#offer-save'),
  ]);
  await page.waitForURL(/\/offers$/);
  await page.waitForSelector(`#offers .offer-name:text-is("${fields.name}")`);
}

async function main() {
  if (!BIN) fail('TPMPREP_BIN is not set: point it at the tpmprep binary (e.g. target/debug/tpmprep)');
  if (!existsSync(BIN)) fail(`TPMPREP_BIN=${BIN} does not exist; build it with cargo build -p tpmprep`);
  if (!existsSync(CHROMIUM)) fail(`${CHROMIUM} is missing: apt-get install chromium`);
  screenshotPrefix('offers-');
  await mkdir(OUT, { recursive: true });
  for (const f of await readdir(OUT)) {
    if (/^offers-(\d\d-.*|last-page)\.png$/.test(f)) await rm(join(OUT, f));
  }
  console.log(`tpmprep: ${BIN}\nscreenshots: ${OUT} (offers-*.png)`);
  const home = await mkdtemp(join(tmpdir(), 'tpmprep-offers-'));
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

    await step('the Offers page, empty, says what to enter', async () => {
      await page.goto(`${base}/`);
      await Promise.all([page.waitForURL(/\/offers$/), page.click('header nav a[href="/offers"]')]);
      const empty = (await page.textContent('#no-offers')).replace(/\s+/g, ' ');
      if (!/189k/.test(empty)) fail(`the empty state gives no median hint: ${empty}`);
      await screenshot(page, 'empty');
      noProblems();
    });

    await step('a bad amount is shown beside its field, what was typed kept', async () => {
      await page.fill('#offer-name', 'Typo');
      await page.fill('#offer-base', 'abc');
      await page.click('#offer-save');
      await page.waitForFunction(() => /is not an amount/.test(document.getElementById('offer-base-error')?.textContent || ''));
      const error = (await page.textContent('#offer-base-error')).trim();
      if (!error.startsWith('base:')) fail(`the base field's error reads ${JSON.stringify(error)}`);
      if ((await page.inputValue('#offer-name')) !== 'Typo') fail('the name typed was not kept');
      await page.goto(`${base}/offers`);
    });

    await step('add two offers through the form', async () => {
      await addOffer(page, {
        name: 'Amazon L6',
        company: 'Amazon',
        level: 'L6',
        base: '150000',
        sign_on: '30000,20000',
        shares: '100',
        price: '200',
        vesting: 'amazon',
      });
      await addOffer(page, {
        name: 'Other',
        company: 'Other Co',
        base: '175000',
        equity_value: '40000',
        vesting: 'even-cliff',
      });
      const rows = await page.locator('#offers tbody tr').count();
      if (rows !== 2) fail(`the list shows ${rows} offers`);
      const amazon = (await page.textContent('#offers tbody tr:first-child')).replace(/\s+/g, ' ');
      for (const want of ['$150,000', '$30,000 + $20,000', '100 shares at $200', 'Amazon 5/15/40/40']) {
        if (!amazon.includes(want)) fail(`the Amazon row lacks ${want}: ${amazon}`);
      }
      noProblems();
    });

    let flat;
    await step('the comparison: the break-even line agrees with the numbers shown', async () => {
      await page.locator('#compare').scrollIntoViewIfNeeded();
      if (!(await page.locator('#offer-chart polyline').count())) fail('no chart');
      const legend = (await page.textContent('#chart-legend')).replace(/\s+/g, ' ');
      if (!legend.includes('Amazon L6') || !legend.includes('Other')) fail(`the legend reads ${legend}`);
      flat = await cumulative(page);
      const a = flat['Amazon L6'].map(dollars);
      const o = flat['Other'].map(dollars);
      if (a.length !== 4 || o.length !== 4) fail(`the tables have ${a.length} and ${o.length} years`);
      const headline = (await page.textContent('#break-even .headline')).trim();
      const m = /^(.*) catches up in year (\d+)$/.exec(headline);
      if (m) {
        const [behind, ahead] = m[1] === 'Other' ? [o, a] : [a, o];
        const y = Number(m[2]);
        if (!(behind[y - 1] >= ahead[y - 1])) fail(`${headline}, but the cumulative pay in year ${y} is ${behind[y - 1]} against ${ahead[y - 1]}`);
        if (y > 1 && !(behind[y - 2] < ahead[y - 2])) fail(`${headline}, but it was level already in year ${y - 1}`);
      } else {
        const s = /^(.*) stays ahead for all (\d+) years$/.exec(headline);
        if (!s) fail(`the break-even line reads ${JSON.stringify(headline)}`);
        const [lead, other] = s[1] === 'Other' ? [o, a] : [a, o];
        for (let i = 0; i < 4; i += 1) {
          if (!(lead[i] > other[i])) fail(`${headline}, but in year ${i + 1} it has ${lead[i]} against ${other[i]}`);
        }
      }
      const summary = (await page.textContent('#break-even .summary')).trim();
      if (!/after year 1/.test(summary)) fail(`the summary reads ${summary}`);
      await screenshot(page, 'compare');
      noProblems();
    });

    await step('a share price growing 20% a year changes the table', async () => {
      await page.selectOption('#compare-scenario', 'growth');
      await page.fill('#compare-growth', '20%');
      await Promise.all([
        page.waitForResponse((r) => r.url().includes('/offers?') && r.url().includes('growth=20')),
        page.click('#compare-go'),
      ]);
      await page.waitForFunction(() => /20% a year/.test(document.getElementById('compare-what')?.textContent || ''));
      const grown = await cumulative(page);
      if (dollars(grown['Amazon L6'][3]) <= dollars(flat['Amazon L6'][3])) {
        fail(`Amazon's 4-year total did not grow with the price: ${grown['Amazon L6'][3]} against ${flat['Amazon L6'][3]}`);
      }
      if (!/scenario=growth/.test(page.url())) fail(`the address does not keep the scenario: ${page.url()}`);
      noProblems();
    });

    const EDIT = '\n\nMy own line: I will ask for $12,000 more sign-on.';
    await step('the brief: edit it, save it to the notes, reload and see the edit kept', async () => {
      await Promise.all([page.waitForURL(/\/offers\/brief/), page.click('#brief-link')]);
      const text = await page.inputValue('#brief-text');
      if (!text.startsWith('# Negotiation brief')) fail(`the brief starts ${JSON.stringify(text.slice(0, 60))}`);
      await page.focus('#brief-text');
      await page.keyboard.press('Control+End');
      await page.keyboard.type(EDIT);
      await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/offers/brief/save')),
        page.click('#brief-save'),
      ]);
      await page.waitForSelector('#brief-saved');
      await page.reload();
      const kept = await page.inputValue('#brief-text');
      if (!kept.includes(EDIT.trim())) fail('the edit was not kept after a reload');
      if (!(await page.locator('#brief-from-notes').count())) fail('the page does not say the brief is the saved one');
      const href = await page.getAttribute('#brief-download', 'href');
      const md = await page.evaluate(async (h) => (await fetch(h)).text(), href);
      if (!md.includes(EDIT.trim())) fail('the download is not the saved brief');
      await screenshot(page, 'brief');
      noProblems();
    });

    await step('the pages at 390 px: no sideways scroll, the header ≤ 90 px', async () => {
      await page.setViewportSize(PHONE);
      for (const path of ['/offers', '/offers?years=6&scenario=growth&growth=20', '/offers/brief']) {
        await page.goto(`${base}${path}`);
        await noSidewaysScroll(page, path);
        await headerFits(page, path);
      }
      await page.goto(`${base}/offers`);
      await screenshot(page, 'phone');
      await page.locator('#compare').scrollIntoViewIfNeeded();
      await screenshot(page, 'phone-compare');
      await page.setViewportSize(DESKTOP);
      await headerFits(page, '/offers');
      noProblems();
    });
    ok = true;
  } finally {
    if (!ok && page && !page.isClosed()) {
      await page.screenshot({ path: join(OUT, 'offers-last-page.png'), fullPage: true }).catch(() => {});
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
    console.log(`\noffers browser test: ${progress.passed} passed, 0 failed`);
    console.log(`screenshots in ${OUT} (offers-*.png)`);
  },
  (e) => {
    process.exitCode = 1;
    const where = e.step ? `${e.step}: ` : '';
    const msg = e instanceof Failure ? e.message : e.stack || String(e);
    console.error(`\nFAILED ${where}${msg}`);
    console.log(`\noffers browser test: ${progress.passed} passed, 1 failed`);
  },
);
