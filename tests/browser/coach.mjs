// Real-browser test of coaching on one PostgreSQL database served by two app processes, as behind a
// load balancer: candidates ana and bo and coach cora (three browser contexts, three people) are
// invited with `tpmprep admin invite`, set their passwords in the browser, and move between the two
// processes page by page (the session cookie is per host, not per port, so a sign-in on one process
// carries to the other). Ana writes a story and shares with cora; bo writes one and shares with no
// one; cora sees only ana, comments on ana's story, and ana reads the comment in her editor; cora
// finds bo's story, bo, and ana's story under her own /stories as "not found" (404). Ana stops
// sharing (the confirm dialog accepted) and cora loses her. Signing out ends the session on both
// processes; signing in again on /login works. Every page visited is screenshotted at 1280 px, and
// /sharing, /coach and the coach's story page at 390 px too (nothing may scroll sideways there),
// each with the suite's label and contrast checks (lib.mjs).
//
// Usage:  scripts/with-postgres bash -c 'TPMPREP_BIN=target/debug/tpmprep node tests/browser/coach.mjs'
// Env:    TPMPREP_BIN                the tpmprep binary (required)
//         TPMPREP_TEST_DATABASE_URL  a database URL on a PostgreSQL server whose role may create
//                                    roles and databases (scripts/test and scripts/with-postgres set
//                                    it); unset, the test is skipped — a failure under CI
//         TPMPREP_BROWSER_OUT        screenshot folder (default: <repo>/target/browser-screens);
//                                    this test's are named coach-NN-*.png
//         CHROMIUM                   browser binary (default: /usr/bin/chromium)
// A database of its own is created on that server (owned by an ordinary role, so row-level security
// binds as on a well-configured server) and dropped at the end; both servers and the browser are
// stopped however the test ends. Exits 0 when every step passed (or it was skipped), 1 otherwise.

import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, mkdir, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
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

const run = promisify(execFile);
const BIN = process.env.TPMPREP_BIN;
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const PG_VAR = 'TPMPREP_TEST_DATABASE_URL';
/** The ordinary role the servers connect as (no superuser, no BYPASSRLS), as the store's tests do. */
const APP_ROLE = 'tpmprep_app';
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

const PEOPLE = {
  ana: { email: 'ana@example.com', role: 'candidate', password: 'ana walks the long river path' },
  bo: { email: 'bo@example.com', role: 'candidate', password: 'bo keeps seven blue lanterns' },
  cora: { email: 'cora@example.com', role: 'coach', password: 'cora reads every draft twice' },
};
const ANA_STORY = {
  title: 'Moving forty services off the old queue',
  situation: 'Our message queue was end-of-life and forty services in five teams still used it.',
  action: 'I planned the move in three waves with each team, kept a rollback ready for each wave, and ran a weekly review.',
  result: 'All forty services moved in eleven weeks with no customer-facing incident, and queue costs fell by 30%.',
};
const BO_STORY = {
  title: 'Bo: the warehouse scanner rollout',
  situation: 'Scanners in twelve warehouses ran three different firmware versions.',
  action: 'I agreed one version with the site leads and staged the rollout site by site.',
  result: 'Scan errors dropped from 4% to 1% across the twelve sites.',
};
const COMMENT = 'Strong result. Say what you traded off when you picked three waves over one.';

// ---- PostgreSQL ----

/** psql: on PATH, else the highest /usr/lib/postgresql/N/bin/psql (where scripts/lib/postgres.sh
 *  finds the server's tools). */
function findPsql() {
  for (const dir of (process.env.PATH || '').split(':')) {
    if (dir && existsSync(join(dir, 'psql'))) return join(dir, 'psql');
  }
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'psql')))
    : [];
  versions.sort((a, b) => Number(b) - Number(a));
  if (versions.length) return join(root, versions[0], 'bin', 'psql');
  fail('psql is neither on PATH nor under /usr/lib/postgresql/*/bin (apt-get install postgresql-client)');
}

/** `url` naming database `name` and signing in as `role` (the test server trusts local connections). */
function databaseUrl(url, name, role) {
  const u = new URL(url);
  u.username = role;
  u.password = '';
  u.pathname = `/${name}`;
  return u.toString();
}

/** Runs each SQL statement on its own (CREATE DATABASE refuses a transaction block). */
async function sql(psql, url, ...statements) {
  const args = ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url];
  for (const s of statements) args.push('-c', s);
  try {
    await run(psql, args, { timeout: WAIT_MS });
  } catch (e) {
    fail(`psql on ${url} failed: ${(e.stderr || e.message).trim()}`);
  }
}

// ---- the app ----

/** `tpmprep admin invite EMAIL --role ROLE --json`: the one-time link. */
async function invite(env, dbUrl, base, who) {
  const { stdout } = await run(
    BIN,
    ['admin', 'invite', who.email, '--role', who.role, '--url', base, '--json', '--database-url', dbUrl],
    { env, timeout: WAIT_MS },
  ).catch((e) => fail(`admin invite ${who.email} failed: ${(e.stderr || e.message).trim()}`));
  const link = JSON.parse(stdout).link;
  if (!link?.startsWith(`${base}/invite/`)) fail(`admin invite printed no link on ${base}: ${stdout}`);
  return link;
}

/** The accounts by address, from `tpmprep admin users --json`. */
async function accountIds(env, dbUrl) {
  const { stdout } = await run(BIN, ['admin', 'users', '--json', '--database-url', dbUrl], { env, timeout: WAIT_MS });
  const list = JSON.parse(stdout);
  const rows = Array.isArray(list) ? list : list.accounts || list.users || [];
  return Object.fromEntries(rows.map((a) => [a.email, a.id]));
}

/** Opens `path` on `base`; fails unless it answers `want`. */
async function open(page, base, path, want = 200) {
  const r = await page.goto(`${base}${path}`);
  if (r.status() !== want) fail(`GET ${base}${path} answered ${r.status()}, expected ${want}`);
  return r;
}

/** The not-found page: a 404 with the error page's message, and nothing of `secret` on it. */
async function notFound(page, base, path, secret) {
  await open(page, base, path, 404);
  const h1 = ((await page.textContent('h1')) || '').trim();
  if (!/not found/i.test(h1)) fail(`GET ${path} is a 404 whose h1 says ${JSON.stringify(h1)}`);
  if (!(await page.locator('#error-message').count())) fail(`GET ${path}: the 404 has no #error-message`);
  const text = await page.textContent('main');
  for (const s of secret) if (text.includes(s)) fail(`the 404 for ${path} shows ${JSON.stringify(s)}`);
}

/** Nothing on the page reaches past the viewport's width (no sideways scrolling on a phone). */
async function noSidewaysScroll(page, what) {
  const over = await page.evaluate(() => {
    const w = document.documentElement.clientWidth;
    const wide = [...document.querySelectorAll('main *, header *')]
      .filter((e) => e.getClientRects().length && e.getBoundingClientRect().right > w + 1)
      .map((e) => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}${e.className && typeof e.className === 'string' ? '.' + e.className.split(' ')[0] : ''}`);
    return { scroll: document.documentElement.scrollWidth, w, wide: [...new Set(wide)].slice(0, 6) };
  });
  if (over.scroll > over.w || over.wide.length) {
    fail(`${what} at ${over.w} px scrolls sideways (${over.scroll} px wide): ${over.wide.join(', ')}`);
  }
}

/** Screenshots the page at 1280 px, then at 390 px (checking nothing scrolls sideways). */
async function bothWidths(page, name) {
  await screenshot(page, name);
  await page.setViewportSize(PHONE);
  await noSidewaysScroll(page, name);
  await screenshot(page, `${name}-390`);
  await page.setViewportSize(DESKTOP);
}

/** Accepts an invitation: the person sets a password and lands signed in (a coach on /coach, a
 * candidate on the dashboard). */
async function acceptInvite(page, link, who, name) {
  const r = await page.goto(link);
  if (r.status() !== 200) fail(`the invitation ${link} answered ${r.status()}`);
  await page.fill('#password', who.password);
  await page.fill('#again', who.password);
  await screenshot(page, `${name}-invite`);
  await page.click('#invite button[type=submit]');
  const landing = who.role === 'coach' ? '/coach' : '/';
  await page.waitForURL((u) => u.pathname === landing, { timeout: WAIT_MS }).catch(async () =>
    fail(`setting ${name}'s password did not land on ${landing} (at ${page.url()}; #invite-status: ${await page.textContent('#invite-status')})`),
  );
  await signedInAs(page, who);
}

async function signedInAs(page, who) {
  const shown = ((await page.textContent('#signed-in-as').catch(() => '')) || '').trim();
  if (shown !== who.email) fail(`the header shows ${JSON.stringify(shown)} signed in, expected ${who.email}`);
}

/** Writes a new story in the editor and waits for the autosave that carries the result; its id. */
async function writeStory(page, base, story) {
  await open(page, base, '/stories');
  await page.click('#new-story');
  await page.waitForSelector('form#story-form');
  await page.fill('#f-title', story.title);
  await page.waitForURL(/\/stories\/\d+$/, { timeout: WAIT_MS }).catch(async () =>
    fail(`typing a title did not create the story (at ${page.url()}; #save-status: ${await page.textContent('#save-status')})`),
  );
  const id = Number(new URL(page.url()).pathname.split('/').pop());
  const saved = page.waitForResponse(
    (r) =>
      r.request().method() === 'PUT' &&
      new URL(r.url()).pathname === `/stories/${id}` &&
      new URLSearchParams(r.request().postData() || '').get('result') === story.result,
    { timeout: WAIT_MS },
  );
  saved.catch(() => {});
  await page.fill('#f-situation', story.situation);
  await page.fill('#f-action', story.action);
  await page.fill('#f-result', story.result);
  const r = await saved.catch(() => fail(`no autosave of story ${id} carrying the result within ${WAIT_MS / 1000} s`));
  if (r.status() !== 200) fail(`the autosave of story ${id} answered ${r.status()}`);
  await page
    .waitForFunction(() => /^Saved · revision \d+$/.test(document.querySelector('#save-status')?.textContent.trim()), null, {
      timeout: WAIT_MS,
    })
    .catch(async () => fail(`#save-status says ${JSON.stringify(await page.textContent('#save-status'))}`));
  return id;
}

// ---- the test ----

async function main() {
  const server = process.env[PG_VAR]?.trim();
  if (!server) {
    if (process.env.CI) {
      fail(`${PG_VAR} is not set, so coaching on PostgreSQL would go untested: under CI run this through scripts/test, which starts a throwaway PostgreSQL server and sets it`);
    }
    console.log(`note: ${PG_VAR} is not set: the coaching browser test was skipped (run it under scripts/with-postgres)`);
    return 'skipped';
  }
  if (!BIN) fail('TPMPREP_BIN is not set: point it at the tpmprep binary (e.g. target/debug/tpmprep)');
  if (!existsSync(BIN)) fail(`TPMPREP_BIN=${BIN} does not exist; build it with cargo build -p tpmprep`);
  if (!existsSync(CHROMIUM)) fail(`${CHROMIUM} is missing: apt-get install chromium`);
  const psql = findPsql();
  screenshotPrefix('coach-');
  await mkdir(OUT, { recursive: true });
  for (const f of await readdir(OUT)) {
    if (/^coach-(\d\d-.*|last-page-.*)\.png$/.test(f)) await rm(join(OUT, f)); // an earlier run's
  }
  console.log(`tpmprep: ${BIN}\nscreenshots: ${OUT} (coach-*.png)`);

  const home = await mkdtemp(join(tmpdir(), 'tpmprep-coach-'));
  const dbName = `tpmprep_browser_${randomBytes(6).toString('hex')}`;
  let dbCreated = false;
  const servers = {}; // a, b
  let browser = null;
  const pages = {}; // ana, bo, cora
  const problems = []; // uncaught page errors, unexpected dialogs, 5xx answers: each fails the run
  const expectConfirm = { n: 0, seen: [] };
  let stopping = false;
  let ok = false;

  const cleanUp = async () => {
    await browser?.close().catch(() => {});
    await Promise.all(Object.values(servers).map((s) => s.stop().catch(() => {})));
    if (dbCreated) {
      await sql(psql, server, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch((e) =>
        console.error(`could not drop the test database ${dbName}: ${e.message}`),
      );
    }
    await rm(home, { recursive: true, force: true }).catch(() => {});
  };
  const onSignal = async (sig) => {
    if (stopping) return;
    stopping = true;
    console.error(`\n${sig}: stopping`);
    await cleanUp();
    process.exit(130);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const noProblems = () => {
    if (problems.length) fail(problems.join('\n'));
  };

  try {
    let dbUrl = '';
    const cliEnv = { ...process.env, TPMPREP_DATA_DIR: join(home, 'cli', 'data'), TPMPREP_CONFIG_DIR: join(home, 'cli', 'config'), NO_COLOR: '1' };
    await step(`create a database of its own on ${PG_VAR}'s server, owned by the ordinary role ${APP_ROLE}`, async () => {
      await sql(
        psql,
        server,
        `DO $$ BEGIN CREATE ROLE ${APP_ROLE} LOGIN NOSUPERUSER NOBYPASSRLS; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$`,
      );
      await sql(psql, server, `CREATE DATABASE ${dbName} OWNER ${APP_ROLE}`);
      dbCreated = true;
      dbUrl = databaseUrl(server, dbName, APP_ROLE);
      console.log(`    ${dbUrl}`);
    });

    // One after the other: the first creates the schema.
    await step('start two app processes (A and B) with --accounts on that one database', async () => {
      for (const name of ['a', 'b']) {
        servers[name] = await startServer(BIN, join(home, name), ['--accounts', '--database-url', dbUrl]);
        await waitHealthy(servers[name].url);
      }
      const { a, b } = servers;
      if (a.url === b.url) fail(`both processes print ${a.url}`);
      console.log(`    A at ${a.url}, B at ${b.url}`);
      for (const s of [a, b]) {
        const warned = s.stderr().trim();
        if (warned) fail(`${s.url} warned at start:\n${warned}`);
      }
    });
    const A = servers.a.url;
    const B = servers.b.url;

    const links = {};
    await step('invite ana and bo (candidates) and cora (coach) with `tpmprep admin invite --json`', async () => {
      links.ana = await invite(cliEnv, dbUrl, A, PEOPLE.ana);
      links.bo = await invite(cliEnv, dbUrl, B, PEOPLE.bo);
      links.cora = await invite(cliEnv, dbUrl, A, PEOPLE.cora);
    });

    await step(`launch ${CHROMIUM} (headless) with three contexts: ana, bo and cora`, async () => {
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      });
      for (const who of Object.keys(PEOPLE)) {
        const context = await browser.newContext({ viewport: DESKTOP });
        const page = await context.newPage();
        page.setDefaultTimeout(WAIT_MS);
        page.setDefaultNavigationTimeout(WAIT_MS);
        page.on('dialog', async (d) => {
          if (d.type() === 'confirm' && expectConfirm.n > 0) {
            expectConfirm.n -= 1;
            expectConfirm.seen.push(d.message());
            await d.accept().catch(() => {});
            return;
          }
          problems.push(`${who}: a ${d.type()} dialog fired on ${page.url()}: ${JSON.stringify(d.message())}`);
          await d.dismiss().catch(() => {});
        });
        page.on('pageerror', (e) => problems.push(`${who}: uncaught script error on ${page.url()}: ${e.message}`));
        watchCsp(page, problems);
        page.on('response', (r) => {
          if (r.status() >= 500) problems.push(`${who}: ${r.request().method()} ${r.url()} answered ${r.status()}`);
        });
        pages[who] = page;
      }
    });
    const { ana, bo, cora } = pages;

    await step('each accepts the invitation (ana and cora on A, bo on B) and is signed in', async () => {
      await acceptInvite(ana, links.ana, PEOPLE.ana, 'ana');
      await screenshot(ana, 'ana-dashboard');
      await acceptInvite(bo, links.bo, PEOPLE.bo, 'bo');
      await acceptInvite(cora, links.cora, PEOPLE.cora, 'cora');
      if (!(await cora.locator('header nav a[href="/coach"]').count())) fail("the coach's navigation has no Candidates link");
      if (await ana.locator('header nav a[href="/coach"]').count()) fail("a candidate's navigation has a Candidates link");
      await screenshot(cora, 'cora-dashboard');
      noProblems();
    });

    await step('a used invitation sets no password and says why (bo, signed in, opens ana\'s link)', async () => {
      await bo.goto(links.ana);
      // The page says so before anyone types: no password form on a used link.
      if (await bo.locator('#password').count()) fail('a used invitation still shows the password form');
      const said = ((await bo.textContent('#invite-dead').catch(() => '')) || '').trim();
      if (!said.includes('was used already')) fail(`a used invitation said ${JSON.stringify(said)}`);
      await screenshot(bo, 'bo-used-invitation');
      // Nothing changed: bo is still bo, and ana's password still signs her in (checked at the end).
      await open(bo, B, '/');
      await signedInAs(bo, PEOPLE.bo);
      noProblems();
    });
    const ids = await accountIds(cliEnv, dbUrl);
    for (const who of Object.values(PEOPLE)) {
      if (!ids[who.email]) fail(`admin users --json does not list ${who.email}: ${JSON.stringify(ids)}`);
    }
    const anaId = ids[PEOPLE.ana.email];
    const boId = ids[PEOPLE.bo.email];

    let anaStory = 0;
    let boStory = 0;
    await step('ana (on A) writes a story; bo (on B) writes his own', async () => {
      anaStory = await writeStory(ana, A, ANA_STORY);
      await screenshot(ana, 'ana-story-editor');
      boStory = await writeStory(bo, B, BO_STORY);
      console.log(`    ana's story ${anaStory}, bo's story ${boStory}`);
      noProblems();
    });

    await step('ana (on A) shares with cora from /sharing; a candidate\'s address is refused with a reason', async () => {
      await open(ana, A, '/sharing');
      if (!/No one yet/.test(await ana.textContent('#coaches'))) fail(`#coaches before sharing: ${await ana.textContent('#coaches')}`);
      await bothWidths(ana, 'ana-sharing-empty');
      // bo is no coach: the form says so where it shows its status.
      await ana.fill('#coach-email', PEOPLE.bo.email);
      await ana.click('#share button[type=submit]');
      await ana.waitForFunction(() => document.querySelector('#share-status')?.textContent.trim(), null, { timeout: WAIT_MS });
      const said = (await ana.textContent('#share-status')).trim();
      if (!said.includes(`No coach signs in as ${PEOPLE.bo.email}`)) fail(`sharing with bo said ${JSON.stringify(said)}`);
      await screenshot(ana, 'ana-sharing-not-a-coach');
      await ana.fill('#coach-email', PEOPLE.cora.email);
      // The answer sends the page to /sharing again (HX-Redirect): a new page load.
      await Promise.all([ana.waitForNavigation({ url: `${A}/sharing?done=shared` }), ana.click('#share button[type=submit]')]);
      const confirmed = ((await ana.textContent('#share-status')) || '').trim();
      if (!confirmed.startsWith('Shared.')) fail(`sharing was not confirmed: #share-status says ${JSON.stringify(confirmed)}`);
      await ana.waitForFunction((email) => document.querySelector('ul#coaches')?.textContent.includes(email), PEOPLE.cora.email, {
        timeout: WAIT_MS,
      }).catch(async () => fail(`after sharing, #coaches says ${JSON.stringify(await ana.textContent('#coaches'))}`));
      if ((await ana.textContent('#coaches')).includes(PEOPLE.bo.email)) fail('#coaches lists bo, who is no coach');
      await bothWidths(ana, 'ana-sharing-with-cora');
      noProblems();
    });

    await step('cora (on B) sees only ana on /coach; ana\'s page (on A) lists her story', async () => {
      await open(cora, B, '/coach');
      const listed = await cora.$$eval('#candidates a', (as) => as.map((a) => [a.textContent.trim(), a.getAttribute('href')]));
      if (listed.length !== 1 || listed[0][0] !== PEOPLE.ana.email || listed[0][1] !== `/coach/${anaId}`) {
        fail(`#candidates lists ${JSON.stringify(listed)}, expected ana only`);
      }
      await bothWidths(cora, 'cora-candidates');
      await open(cora, A, `/coach/${anaId}`);
      const stories = await cora.$$eval('#stories a', (as) => as.map((a) => [a.textContent.trim(), a.getAttribute('href')]));
      if (stories.length !== 1 || stories[0][0] !== ANA_STORY.title || stories[0][1] !== `/coach/${anaId}/stories/${anaStory}`) {
        fail(`#stories lists ${JSON.stringify(stories)}, expected ana's one story`);
      }
      if ((await cora.textContent('main')).includes(BO_STORY.title)) fail("ana's page shows bo's story");
      await cora.waitForSelector('#mocks');
      await bothWidths(cora, 'cora-candidate-ana');
      noProblems();
    });

    await step("cora (on B) reads ana's story and adds a comment; it appears, and stays on A", async () => {
      await open(cora, B, `/coach/${anaId}/stories/${anaStory}`);
      const h1 = (await cora.textContent('h1')).trim();
      if (h1 !== ANA_STORY.title) fail(`the coach's story page h1 is ${JSON.stringify(h1)}`);
      const body = await cora.textContent('main');
      for (const part of [ANA_STORY.situation, ANA_STORY.action, ANA_STORY.result]) {
        if (!body.includes(part)) fail(`the coach's story page lacks ${JSON.stringify(part.slice(0, 40))}`);
      }
      if (await cora.locator('main input:not([type=hidden]), main [contenteditable]').count()) fail("the coach's story page has an editable field");
      await bothWidths(cora, 'cora-story');
      const box = cora.locator('#story-comments textarea');
      await box.fill(COMMENT);
      await cora.click('#story-comments button:text("Add comment")');
      await cora
        .waitForFunction((c) => [...document.querySelectorAll('#story-comments li.comment')].some((li) => li.textContent.includes(c)), COMMENT, {
          timeout: WAIT_MS,
        })
        .catch(async () => fail(`the comment did not appear; #story-comments says ${JSON.stringify(await cora.textContent('#story-comments'))}`));
      const who = (await cora.textContent('#story-comments li.comment .who')).trim();
      console.log(`    the comment's author reads ${JSON.stringify(who)}`);
      if (await cora.locator('#story-comments textarea').inputValue()) fail('the comment box still holds the comment after it was added');
      await bothWidths(cora, 'cora-story-commented');
      await open(cora, A, `/coach/${anaId}/stories/${anaStory}`);
      if (!(await cora.textContent('#story-comments')).includes(COMMENT)) fail('process A does not show the comment added through B');
      noProblems();
    });

    await step('ana (on B, signed in on A) reads the comment in her story editor', async () => {
      await open(ana, B, `/stories/${anaStory}`);
      await signedInAs(ana, PEOPLE.ana);
      const comments = await ana
        .waitForSelector('#coach-comments', { timeout: WAIT_MS })
        .catch(() => fail("ana's editor has no #coach-comments"));
      const text = await comments.textContent();
      if (!text.includes(COMMENT) || !text.includes(PEOPLE.cora.email)) fail(`#coach-comments says ${JSON.stringify(text)}`);
      // Where it sits: inside the critique panel, which scrolls on its own at this width.
      const below = await ana.$eval('#coach-comments', (el) => {
        const panel = el.closest('.critique-aside');
        const top = el.getBoundingClientRect().top;
        const bottom = Math.min(window.innerHeight, panel ? panel.getBoundingClientRect().bottom : window.innerHeight);
        return Math.round(top - bottom);
      });
      if (below > 0) console.log(`    note: the comments start ${below} px below the visible part of the critique panel`);
      await screenshot(ana, 'ana-story-with-comment');
      await comments.scrollIntoViewIfNeeded();
      await screenshot(ana, 'ana-story-comment-scrolled-to');
      noProblems();
    });

    await step("cora gets the not-found page for bo, bo's story and ana's story under her own /stories", async () => {
      const secret = [BO_STORY.title, BO_STORY.situation, ANA_STORY.title, PEOPLE.bo.email];
      await notFound(cora, A, `/coach/${boId}/stories/${boStory}`, secret);
      await screenshot(cora, 'cora-404-bo-story');
      await notFound(cora, B, `/coach/${boId}`, secret);
      await notFound(cora, A, `/stories/${anaStory}`, secret);
      await notFound(cora, B, `/stories/${boStory}`, secret);
      // bo, on his side, finds nothing of ana's either.
      await notFound(bo, A, `/stories/${anaStory}`, [ANA_STORY.title]);
      await notFound(bo, B, `/coach/${anaId}`, [ANA_STORY.title]);
      noProblems();
    });

    await step('ana (on B) stops sharing (accepting the confirm dialog); cora loses her on both processes', async () => {
      await open(ana, B, '/sharing');
      expectConfirm.n = 1;
      await Promise.all([ana.waitForNavigation({ url: `${B}/sharing?done=stopped` }), ana.click('#coaches button:text("Stop sharing")')]);
      const stopped = ((await ana.textContent('#share-status')) || '').trim();
      if (!stopped.startsWith('Stopped.')) fail(`stopping was not confirmed: #share-status says ${JSON.stringify(stopped)}`);
      if (expectConfirm.n !== 0) fail('"Stop sharing" asked for no confirmation');
      console.log(`    confirm: ${JSON.stringify(expectConfirm.seen.at(-1))}`);
      await ana
        .waitForFunction(() => /No one yet/.test(document.querySelector('#coaches')?.textContent || ''), null, { timeout: WAIT_MS })
        .catch(async () => fail(`after "Stop sharing" #coaches says ${JSON.stringify(await ana.textContent('#coaches'))}`));
      await screenshot(ana, 'ana-sharing-stopped');
      await open(cora, A, '/coach');
      if (await cora.locator('#candidates a').count()) fail(`/coach still lists ${await cora.textContent('#candidates')}`);
      await screenshot(cora, 'cora-candidates-none');
      const secret = [ANA_STORY.title, ANA_STORY.situation, COMMENT];
      await notFound(cora, B, `/coach/${anaId}/stories/${anaStory}`, secret);
      await notFound(cora, A, `/coach/${anaId}`, secret);
      // The comment stays with ana.
      await open(ana, A, `/stories/${anaStory}`);
      if (!(await ana.textContent('#coach-comments')).includes(COMMENT)) fail("the comment left ana's editor when she stopped sharing");
      noProblems();
    });

    await step('sign out (cora, on B) ends the session on both processes; /login signs in again (cora on A, ana on B)', async () => {
      await open(cora, B, '/coach');
      const [session] = (await cora.context().cookies(B)).filter((c) => c.name === 'tpmprep_session');
      if (!session) fail('cora has no tpmprep_session cookie');
      await cora.click('header form.account button:text("Sign out")');
      await cora.waitForURL((u) => u.pathname === '/login', { timeout: WAIT_MS }).catch(() => fail(`"Sign out" left cora at ${cora.url()}`));
      await screenshot(cora, 'cora-signed-out');
      await cora.reload();
      if (new URL(cora.url()).pathname !== '/login') fail(`reloading after signing out went to ${cora.url()}`);
      await open(cora, A, '/coach');
      if (new URL(cora.url()).pathname !== '/login') fail(`/coach on A after signing out went to ${cora.url()}`);
      // The server ended the session itself: the old cookie, put back, signs no one in anywhere.
      await cora.context().addCookies([session]);
      for (const base of [A, B]) {
        await open(cora, base, '/coach');
        if (new URL(cora.url()).pathname !== '/login') fail(`the signed-out session still opens ${base}/coach`);
      }
      await cora.fill('#email', PEOPLE.cora.email);
      await cora.fill('#password', PEOPLE.cora.password);
      await cora.setViewportSize(PHONE);
      await noSidewaysScroll(cora, 'login');
      await screenshot(cora, 'cora-login-390');
      await cora.setViewportSize(DESKTOP);
      await screenshot(cora, 'cora-login');
      await cora.click('#sign-in button[type=submit]');
      await cora.waitForURL((u) => u.pathname === '/coach', { timeout: WAIT_MS }).catch(async () =>
        fail(`signing in again left cora at ${cora.url()} (#sign-in-status: ${await cora.textContent('#sign-in-status').catch(() => '')})`),
      );
      await signedInAs(cora, PEOPLE.cora);
      // Ana's password, set through the invitation that bo tried again, still signs her in.
      await open(ana, A, '/');
      await ana.click('header form.account button:text("Sign out")');
      await ana.waitForURL((u) => u.pathname === '/login', { timeout: WAIT_MS });
      await open(ana, B, '/login');
      await ana.fill('#email', PEOPLE.ana.email);
      await ana.fill('#password', PEOPLE.ana.password);
      await ana.click('#sign-in button[type=submit]');
      await ana.waitForURL((u) => u.pathname === '/', { timeout: WAIT_MS }).catch(async () =>
        fail(`ana's sign-in on B left her at ${ana.url()} (#sign-in-status: ${await ana.textContent('#sign-in-status').catch(() => '')})`),
      );
      await signedInAs(ana, PEOPLE.ana);
      noProblems();
    });
    noProblems();
    ok = true;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (!ok) {
      for (const [who, page] of Object.entries(pages)) {
        if (!page.isClosed()) {
          await page.screenshot({ path: join(OUT, `coach-last-page-${who}.png`), fullPage: true }).catch(() => {});
        }
      }
      for (const [name, s] of Object.entries(servers)) {
        const tail = s.stderr().trim();
        if (tail) console.error(`--- server ${name.toUpperCase()} stderr (tail) ---\n${tail}`);
      }
    }
    await cleanUp();
  }
  return 'passed';
}

main().then(
  (how) => {
    if (how === 'skipped') return;
    console.log(`\ncoach browser test: ${progress.passed} passed, 0 failed`);
    console.log(`screenshots in ${OUT} (coach-*.png)`);
  },
  (e) => {
    process.exitCode = 1;
    const where = e.step ? `${e.step}: ` : '';
    const msg = e instanceof Failure ? e.message : e.stack || String(e);
    console.error(`\nFAILED ${where}${msg}`);
    console.log(`\ncoach browser test: ${progress.passed} passed, 1 failed`);
  },
);
