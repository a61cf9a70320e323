// Browser steps for the story editor's promises, the mock's clock and the phone-sized layout:
//  * text the server refuses (an empty title) stays visibly unsaved, is kept in this browser, is
//    offered back after a reload, and leaving with it asks first;
//  * "New story" stores nothing until something is written, then exactly one story;
//  * when an interview's time is up the page says so, sends the answer being typed and the next
//    interview starts;
//  * at 390 px no page is wider than the screen, the navigation is two compact rows at most (every
//    link in view: drafts-phone.mjs), tables are cards (whatever a cell holds beside its label) and
//    the critique is one tap away from the text it critiques; at 1280 px the critique panel fades
//    along its bottom edge while more of it is below.
// run.mjs calls `editorAndMobile(page, base)`.

import { WAIT_MS, dialogs, fail, screenshot, sleep, step } from './lib.mjs';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

/** The stories the API lists (live ones). */
async function storyCount(page, base) {
  const r = await page.request.get(`${base}/api/v1/stories`);
  if (r.status() !== 200) fail(`GET /api/v1/stories answered ${r.status()}`);
  return (await r.json()).length;
}

/** Waits until #save-status reads `re`; returns its text. */
async function statusSays(page, re, what) {
  await page
    .waitForFunction(
      (src) => new RegExp(src).test(document.querySelector('#save-status')?.textContent || ''),
      re.source,
      { timeout: WAIT_MS },
    )
    .catch(async () => fail(`${what}: #save-status says ${JSON.stringify(await page.textContent('#save-status'))}, expected ${re}`));
  return (await page.textContent('#save-status')).trim();
}

/** The browser's kept copies of unsaved text: { key: text of the copy }. */
const keptCopies = (page) =>
  page.evaluate(() => {
    const out = {};
    for (let i = 0; i < localStorage.length; i++) {
      const k = localStorage.key(i);
      if (k.startsWith('tpmprep:draft:')) out[k] = JSON.parse(localStorage.getItem(k)).v;
    }
    return out;
  });

/** Types into `selector` with real key presses (a user gesture, as beforeunload requires). */
async function typeInto(page, selector, text) {
  await page.click(selector);
  await page.keyboard.press('End');
  await page.keyboard.type(text);
}

async function unsavedText(page, base, newStory, noProblems) {
  const SENTENCE = ' I had to move 40 services off the old billing system before the licence ran out.';
  let id = 0;
  let rev = 0;

  await step('editor: text the server refuses (no title) stays "Not saved", kept in this browser', async () => {
    id = await newStory(page, base, 'Billing migration under a licence deadline');
    rev = Number((await statusSays(page, /Saved · revision \d+/, 'after the title')).match(/\d+/)[0]);
    await page.fill('#f-title', '');
    await typeInto(page, '#f-task', SENTENCE);
    const status = await statusSays(page, /^Not saved: a story needs a title/, 'after clearing the title');
    if (!(await page.getAttribute('#save-status', 'class')).includes('unsaved')) {
      fail(`#save-status is not marked unsaved: ${status}`);
    }
    // It stays so: a later critique refresh does not turn it back into "Saved".
    await sleep(1800);
    const later = (await page.textContent('#save-status')).trim();
    if (!later.startsWith('Not saved')) fail(`#save-status went back to ${JSON.stringify(later)}`);
    const copies = await keptCopies(page);
    const key = `tpmprep:draft:story:${id}@${rev}`;
    if (!new URLSearchParams(copies[key] || '').get('task')?.includes(SENTENCE.trim())) {
      fail(`no copy of the refused text under ${key}: ${JSON.stringify(copies)}`);
    }
    const stored = await (await page.request.get(`${base}/api/v1/stories/${id}`)).json();
    if (stored.content.task.includes('licence')) fail('the server stored text it answered "Not saved" to');
    await screenshot(page, 'editor-not-saved-no-title');
    noProblems();
  });

  await step('editor: leaving with refused text asks first; the reload offers it back; restore works', async () => {
    dialogs.seen = [];
    dialogs.beforeunload = 1;
    await page.reload();
    await page.waitForSelector('form#story-form');
    dialogs.beforeunload = 0;
    if (dialogs.seen.length !== 1) fail('leaving the page with refused text gave no beforeunload warning');
    const offer = page.locator('#draft-offer');
    await offer.waitFor({ timeout: WAIT_MS }).catch(() => fail('the reloaded editor offers no kept text (#draft-offer)'));
    const said = (await offer.textContent()).trim();
    if (!/You have unsaved text from .*\(Title, Task\)/.test(said)) fail(`#draft-offer says ${JSON.stringify(said)}`);
    if ((await page.inputValue('#f-task')).includes('licence')) fail('the page shows the refused text as if saved');
    if ((await page.inputValue('#f-title')) === '') fail('the reloaded title is empty: the server saved the refused form');
    await screenshot(page, 'editor-offers-kept-text');
    await page.click('#draft-restore');
    if (!(await page.inputValue('#f-task')).includes(SENTENCE.trim())) fail('restore did not bring the text back into Task');
    if ((await page.inputValue('#f-title')) !== '') fail('restore did not bring back the empty title');
    await statusSays(page, /^Not saved: a story needs a title/, 'after restoring');
    // Fixing the title saves everything.
    await typeInto(page, '#f-title', 'Billing migration, restored');
    const saved = await statusSays(page, /^Saved · revision \d+$/, 'after fixing the title');
    if (Number(saved.match(/\d+/)[0]) <= rev) fail(`${saved}: no new revision after revision ${rev}`);
    await page.reload();
    await page.waitForSelector('form#story-form');
    if (!(await page.inputValue('#f-task')).includes(SENTENCE.trim())) fail('after saving and a reload, Task lost the sentence');
    if (await page.locator('#draft-offer').count()) fail('a saved text is still offered back');
    const left = Object.keys(await keptCopies(page)).filter((k) => k.includes(`story:${id}@`));
    if (left.length) fail(`copies kept after the save: ${left.join(', ')}`);
    noProblems();
  });
}

async function newStoryOnlyOnContent(page, base, noProblems) {
  await step('"New story" stores nothing until something is written, then exactly one story', async () => {
    const before = await storyCount(page, base);
    await page.goto(`${base}/stories`);
    await page.click('#new-story');
    await page.waitForURL(/\/stories\/new$/);
    await page.waitForSelector('form#story-form');
    await screenshot(page, 'editor-new-story');
    await page.goto(`${base}/stories`);
    if ((await storyCount(page, base)) !== before) fail('opening "New story" and leaving stored a story');
    // Text first, title second: refused, nothing stored; then the title creates one story.
    await page.goto(`${base}/stories/new`);
    await typeInto(page, '#f-action', 'I split the rollout into three waves with a rollback switch.');
    await statusSays(page, /^Not saved: a story needs a title/, 'a new story with text but no title');
    if ((await storyCount(page, base)) !== before) fail('a new story without a title was stored');
    await typeInto(page, '#f-title', 'Three-wave rollout');
    await page.waitForURL(/\/stories\/\d+$/, { timeout: WAIT_MS }).catch(() =>
      fail(`the first save did not make the page the story's own; at ${page.url()}`),
    );
    const id = Number(new URL(page.url()).pathname.split('/').pop());
    await statusSays(page, /^Saved · revision 1$/, 'the first save');
    if ((await page.textContent('#story-head h1')).trim() !== `Story #${id}`) fail('the page head does not name the new story');
    // More typing saves revisions of the same story.
    await typeInto(page, '#f-result', ' Errors fell from 2.1% to 0.4%.');
    await statusSays(page, /^Saved · revision 2$/, 'the second save');
    if ((await storyCount(page, base)) !== before + 1) fail(`expected ${before + 1} stories, the API lists ${await storyCount(page, base)}`);
    const s = await (await page.request.get(`${base}/api/v1/stories/${id}`)).json();
    if (!s.content.action.includes('three waves') || !s.content.result.includes('0.4%')) fail(`story ${id} lacks the typed text: ${JSON.stringify(s.content)}`);
    noProblems();
  });
}

async function mockTimeUp(page, base, noProblems) {
  await step('mock: when the time is up the page says so, sends the typed answer, the next interview starts', async () => {
    const r = await page.request.post(`${base}/api/v1/mocks`, {
      data: { kind: 'loop', seed: 11, minutes_scale: 0.05 },
    });
    if (r.status() !== 201) fail(`POST /api/v1/mocks answered ${r.status()}: ${await r.text()}`);
    const { id } = await r.json();
    // No jump of the page's clock anywhere in this step: a jump can reach the next interview's
    // page too (the fake clock is carried over to the page the time-up answer leads to), and run
    // that interview out as well. Instead the server is told most of interview 1's time is spent
    // (the page's own clock message: `elapsed` for the prompt drawn at `at` = 0), so only a few
    // seconds are left, and the clock then moves in small steps.
    await page.clock.install();
    await page.goto(`${base}/mock/${id}`);
    const heading = (await page.textContent('#interview-heading')).trim();
    if (!/^Interview 1 of [2-9]/.test(heading)) fail(`the loop starts with ${JSON.stringify(heading)}`);
    const full = Number(await page.getAttribute('#interview-timer', 'data-countdown'));
    if (!(full > 10)) fail(`interview 1 has ${full} s`);
    const kept = await page.evaluate(async ({ id, elapsed }) => {
      const r = await fetch(`/mock/${id}/draft`, {
        method: 'POST',
        headers: {
          'x-csrf-token': document.body.dataset.csrf,
          'content-type': 'application/x-www-form-urlencoded',
          'hx-request': 'true',
        },
        body: new URLSearchParams({ elapsed: String(elapsed), at: '0' }).toString(),
      });
      return `${r.status} ${await r.text()}`;
    }, { id, elapsed: full - 3 });
    if (!/^200 .*Time kept/.test(kept)) fail(`the clock message was answered ${kept}`);
    await page.goto(`${base}/mock/${id}`);
    const left = Number(await page.getAttribute('#interview-timer', 'data-countdown'));
    if (!(left > 0 && left <= 3)) fail(`after the clock message interview 1 has ${left} s left`);
    const ANSWER = 'I owned the cut-over plan and we were half way through the second wave when';
    // The page's clock stands still while the answer is typed, so a slow machine cannot run the
    // interview's time out half-way through the typing.
    await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 10);
    await typeInto(page, '#answer', ANSWER);
    // What the page shows, and sends, at the moment the answer goes out.
    let seen = null;
    // The first answer sent is interview 1's; a later one must not overwrite it.
    await page.route(`**/mock/${id}/answer`, async (route) => {
      if (!seen) {
        seen = {
          note: await page.textContent('#time-up').catch(() => ''),
          body: new URLSearchParams(route.request().postData() || ''),
        };
      }
      await route.continue();
    });
    // The clock moves in small steps, and never more than 30 s in all: far from the next
    // interview's own limit, however slow the machine. (The page navigates meanwhile: a look
    // during the navigation finds nothing yet.)
    const notice = () => page.$('#time-up-done').catch(() => null);
    const until = Date.now() + 2 * WAIT_MS;
    let advanced = 0;
    while (!(await notice()) && Date.now() < until) {
      if (advanced < 30_000) {
        await page.clock.runFor(200).catch(() => {});
        advanced += 200;
      }
      await page.waitForTimeout(50);
    }
    if (!(await notice())) {
      fail(`no "time was up" notice after the clock ran out; the page says: ${(await page.textContent('main')).slice(0, 300)}`);
    }
    await page.unroute(`**/mock/${id}/answer`);
    if (!seen) fail('the answer was never sent when the time ran out');
    if (!/Time is up for this interview/.test(seen.note)) fail(`the page said ${JSON.stringify(seen.note)} when the time ran out`);
    if (seen.body.get('text') !== ANSWER || seen.body.get('time_up') !== '1') fail(`the page sent ${seen.body}`);
    const done = (await page.textContent('#time-up-done')).trim();
    if (!/Time was up for interview 1/.test(done)) fail(`the next page says ${JSON.stringify(done)}`);
    const next = (await page.textContent('#interview-heading')).trim();
    // The page's clock runs on its own again for the steps after this one (autosave timers).
    await page.clock.resume();
    if (!/^Interview 2 of/.test(next)) fail(`after the time ran out the page shows ${JSON.stringify(next)}`);
    await screenshot(page, 'mock-time-up-next-interview');
    const fin = await page.request.post(`${base}/api/v1/mocks/${id}/finish`, { data: {} });
    const report = await fin.json();
    const first = report.interviews?.[0]?.questions?.[0];
    if (first?.answer !== ANSWER) fail(`interview 1 saved ${JSON.stringify(first?.answer)}; finish answered ${fin.status()}: ${JSON.stringify(report).slice(0, 400)}`);
    noProblems();
  });
}

/** Whether the page is wider than the window (a sideways scroll), and by what. */
const overflow = (page) =>
  page.evaluate(() => {
    const w = window.innerWidth;
    const sw = Math.max(document.documentElement.scrollWidth, document.body.scrollWidth);
    if (sw <= w) return null;
    const wide = [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > w + 1 && getComputedStyle(e).position !== 'fixed')
      .slice(0, 5)
      .map((e) => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}${e.className && typeof e.className === 'string' ? '.' + e.className.split(' ')[0] : ''}`);
    return `scrollWidth ${sw} > ${w}: ${wide.join(', ')}`;
  });

async function phoneLayout(page, base, noProblems) {
  await step('390 px: every page fits the screen, a two-row navigation at most, tables as cards', async () => {
    await page.setViewportSize(PHONE);
    await page.goto(`${base}/`);
    const links = await page.$$eval('header nav a', (as) => as.map((a) => a.getAttribute('href')));
    const ids = await (await page.request.get(`${base}/api/v1/stories`)).json();
    // A mock under way, besides the finished ones.
    const started = await page.request.post(`${base}/api/v1/mocks`, {
      data: { kind: 'phone-screen', seed: 4, minutes_scale: 0.5 },
    });
    if (started.status() !== 201) fail(`POST /api/v1/mocks answered ${started.status()}`);
    const mocks = await (await page.request.get(`${base}/api/v1/mocks`)).json();
    const pages = [...links, '/stories/new', '/stories/import', '/questions?principle=ownership'];
    if (ids.length) pages.push(`/stories/${ids[0].id}`, `/stories/${ids[0].id}/history`);
    for (const m of mocks) pages.push(`/mock/${m.id}`);
    for (const href of pages) {
      const r = await page.goto(`${base}${href}`);
      if (r.status() !== 200) fail(`GET ${href} answered ${r.status()}`);
      const wide = await overflow(page);
      if (wide) fail(`${href} at 390 px is wider than the screen: ${wide}`);
      const nav = await page.$eval('header.top', (h) => h.getBoundingClientRect().height);
      if (nav > 90) fail(`${href}: the header is ${nav} px tall at 390 px (more than two rows)`);
      await screenshot(page, `phone${href.replace(/[^a-z0-9]+/gi, '-')}`);
    }
    // Tables are cards: each row one block as wide as the screen, each cell labelled.
    for (const href of ['/stories', '/questions', '/mock']) {
      await page.goto(`${base}${href}`);
      const t = await page.evaluate(() => {
        const row = document.querySelector('main table tbody tr');
        const cell = row && row.querySelector('td[data-label]');
        return row && { display: getComputedStyle(row).display, label: cell?.dataset.label || null };
      });
      if (!t) continue; // no rows on this page
      if (t.display !== 'block' || !t.label) fail(`${href} at 390 px: table rows are ${JSON.stringify(t)}, expected labelled cards`);
    }
    // Everything a labelled cell holds (a title, a line of kinds, a list of long principle names)
    // is one column beside the label, none of it squeezed under the label.
    for (const href of ['/process', '/questions', '/stories', '/mock']) {
      await page.goto(`${base}${href}`);
      const under = await page.evaluate(() => {
        const out = [];
        for (const td of document.querySelectorAll('main table td[data-label]')) {
          if (!td.getClientRects().length) continue;
          const edge = td.getBoundingClientRect().left + parseFloat(getComputedStyle(td, '::before').width) - 1;
          for (const part of td.querySelectorAll('*')) {
            if (part.getClientRects().length && part.getBoundingClientRect().left < edge) {
              out.push(`${td.dataset.label}: ${part.textContent.trim().slice(0, 40)}`);
            }
          }
        }
        return out.slice(0, 3);
      });
      if (under.length) fail(`${href} at 390 px: parts of a card's cell sit in its label column: ${under.join(' | ')}`);
    }
    // Keyboard: the last navigation link is reachable and scrolled into view.
    await page.goto(`${base}/`);
    for (let i = 0; i < 40; i += 1) {
      await page.keyboard.press('Tab');
      if ((await page.evaluate(() => document.activeElement?.getAttribute('href'))) === '/reference') break;
    }
    const ask = await page.evaluate(() => {
      const a = document.activeElement;
      const r = a.getBoundingClientRect();
      return a.getAttribute('href') === '/reference' && r.left >= 0 && r.right <= window.innerWidth + 1;
    });
    if (!ask) fail('at 390 px Tab does not bring the last navigation link (/reference) into view');
    noProblems();
  });

  await step('390 px: the critique bar under the Action box shows score and findings and opens the panel', async () => {
    const ids = await (await page.request.get(`${base}/api/v1/stories`)).json();
    if (!ids.length) fail('no story to open');
    await page.goto(`${base}/stories/${ids[0].id}`);
    await page.focus('#f-action');
    await page.$eval('#f-action', (e) => e.scrollIntoView({ block: 'center' }));
    const bar = await page.evaluate(() => {
      const b = document.getElementById('critique-bar').getBoundingClientRect();
      const a = document.getElementById('f-action').getBoundingClientRect();
      return { top: b.top, bottom: b.bottom, h: window.innerHeight, actionBottom: a.bottom,
        text: document.getElementById('critique-bar').textContent.replace(/\s+/g, ' ').trim() };
    });
    if (bar.top < 0 || bar.bottom > bar.h + 1) fail(`the critique bar is off screen next to Action: ${JSON.stringify(bar)}`);
    if (!/\d+\/100 · \d+ findings?/.test(bar.text)) fail(`the critique bar says ${JSON.stringify(bar.text)}`);
    await screenshot(page, 'phone-editor-critique-bar');
    await page.click('#critique-bar');
    const open = await page.evaluate(() => {
      const p = document.getElementById('critique-panel').getBoundingClientRect();
      return { top: p.top, bottom: p.bottom, h: window.innerHeight,
        expanded: document.getElementById('critique-bar').getAttribute('aria-expanded') };
    });
    // It opens over the lower part of the screen, under the text it critiques.
    if (open.expanded !== 'true' || open.top < open.h * 0.3 || open.top > open.h - 100 || open.bottom > open.h + 1) {
      fail(`the critique panel did not open over the lower part of the screen: ${JSON.stringify(open)}`);
    }
    const action = await page.$eval('#f-action', (e) => e.getBoundingClientRect().top);
    // (A scroll lands on whole pixels: the box may start a fraction of a pixel above the top.)
    if (action < -1 || action > open.top) fail(`with the panel open the Action box is hidden (top ${action}, panel from ${open.top})`);
    await page.screenshot({ path: (await screenshot(page, 'phone-editor-critique-open')).replace(/\.png$/, '-viewport.png') });
    await page.keyboard.press('Escape');
    const closed = await page.getAttribute('#critique-bar', 'aria-expanded');
    if (closed !== 'false') fail('Escape did not close the critique panel');
    noProblems();
  });

  await step('1280 px: the editor keeps the critique beside the form', async () => {
    await page.setViewportSize(DESKTOP);
    const ids = await (await page.request.get(`${base}/api/v1/stories`)).json();
    await page.goto(`${base}/stories/${ids[0].id}`);
    if (await page.isVisible('#critique-bar')) fail('the critique bar shows at 1280 px, where the panel is beside the form');
    await page.$eval('#f-result', (e) => e.scrollIntoView({ block: 'center' }));
    const beside = await page.evaluate(() => {
      const p = document.getElementById('critique-panel').getBoundingClientRect();
      return p.top < window.innerHeight && p.bottom > 0;
    });
    if (!beside) fail('at 1280 px the critique panel scrolled out of view beside Result');
    // More critique below the panel's edge shows as a fade along that edge; scrolled to its end,
    // the fade covers nothing of the last part.
    const cue = await page.evaluate(() => {
      const p = document.getElementById('critique-panel');
      const fade = getComputedStyle(p, '::after');
      p.scrollTo(0, p.scrollHeight);
      const last = document.getElementById('critique').lastElementChild || document.getElementById('critique');
      return { position: fade.position, image: fade.backgroundImage, height: parseFloat(fade.height),
        lastBottom: last.getBoundingClientRect().bottom,
        panelBottom: Math.min(p.getBoundingClientRect().bottom, window.innerHeight) };
    });
    if (cue.position !== 'sticky' || !/gradient/.test(cue.image) || !(cue.height >= 24)) {
      fail(`at 1280 px the critique panel has no fade along its bottom edge: ${JSON.stringify(cue)}`);
    }
    if (cue.lastBottom > cue.panelBottom - cue.height + 1) {
      fail(`at the end of the critique panel the fade covers its last part: ${JSON.stringify(cue)}`);
    }
    await page.$eval('#critique-panel', (p) => p.scrollTo(0, 0));
    await screenshot(page, 'desktop-editor');
    const wide = await overflow(page);
    if (wide) fail(`the editor at 1280 px: ${wide}`);
    noProblems();
  });
}

/** Every step of this module, in order. `newStory(page, base, title)` is run.mjs's helper. */
export async function editorAndMobile(page, base, { newStory, noProblems, skipMock = false }) {
  await unsavedText(page, base, newStory, noProblems);
  await newStoryOnlyOnContent(page, base, noProblems);
  if (!skipMock) await mockTimeUp(page, base, noProblems);
  await phoneLayout(page, base, noProblems);
}
