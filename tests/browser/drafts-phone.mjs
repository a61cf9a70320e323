// Browser steps for a repeat trial's findings on the story pages (issue 12, second trial):
//  * a new story begun and left unsaved (one box ticked, no title) is offered on the next "New
//    story" as that story; writing a new story without answering the offer never carries it onto
//    the story created (it stays kept for the next New story), and restoring it there makes it a
//    story of its own; a change that is not text is called "unsaved changes";
//  * the editor's critique panel answers a 300 KB paste with "Not critiqued" (only the save is
//    "Not saved");
//  * at 390 px the navigation is at most two rows with every link in view and nothing to scroll
//    sideways, and the story cards give tags a labelled row.
// run.mjs calls draftsAndPhone(page, base, { noProblems }).

import { WAIT_MS, dialogs, fail, screenshot, step } from './lib.mjs';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };
const BOX = 'input[name=principles][value=frugality]';

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

/** The browser's kept copies of unsaved changes: { key: the copy's fields }. */
const keptCopies = (page) =>
  page.evaluate(() => {
    const out = {};
    for (let i = 0; i < localStorage.length; i++) {
      const k = localStorage.key(i);
      if (k.startsWith('tpmprep:draft:')) out[k] = JSON.parse(localStorage.getItem(k)).v;
    }
    return out;
  });

/** The kept copies of new stories (begun, never created). */
async function newStoryCopies(page) {
  const all = await keptCopies(page);
  return Object.entries(all).filter(([k]) => k.startsWith('tpmprep:draft:story:new@'));
}

async function typeInto(page, selector, text) {
  await page.click(selector);
  await page.keyboard.press('End');
  await page.keyboard.type(text);
}

async function storyNow(page, base, id) {
  const r = await page.request.get(`${base}/api/v1/stories/${id}`);
  if (r.status() !== 200) fail(`GET /api/v1/stories/${id} answered ${r.status()}`);
  return r.json();
}

/** Waits until story `id` as stored satisfies `ok(content)`. */
async function storedSoon(page, base, id, ok, what) {
  const deadline = Date.now() + WAIT_MS;
  let s = null;
  while (Date.now() < deadline) {
    s = await storyNow(page, base, id);
    if (ok(s.content)) return s;
    await page.waitForTimeout(200);
  }
  fail(`${what}: story ${id} holds ${JSON.stringify(s?.content)}`);
}

async function abandonedNewStory(page, base, noProblems) {
  let first = 0;

  await step('a new story left with only a box ticked is offered on the next New story as that story', async () => {
    await page.setViewportSize(DESKTOP);
    await page.goto(`${base}/stories/new`);
    await page.waitForSelector('form#story-form');
    if ((await newStoryCopies(page)).length) fail(`copies kept before the test began: ${JSON.stringify(await newStoryCopies(page))}`);
    await page.check(BOX);
    await statusSays(page, /^Not saved: a story needs a title/, 'a new story with a box ticked and no title');
    const kept = await newStoryCopies(page);
    if (kept.length !== 1 || !new URLSearchParams(kept[0][1]).getAll('principles').includes('frugality')) {
      fail(`the ticked box is not kept in this browser: ${JSON.stringify(kept)}`);
    }
    dialogs.seen = [];
    dialogs.beforeunload = 1;
    await page.goto(`${base}/stories`);
    dialogs.beforeunload = 0;
    if (dialogs.seen.length !== 1) fail('leaving the new story with its box ticked gave no warning');
    await page.goto(`${base}/stories/new`);
    const offer = page.locator('#draft-offer');
    await offer.waitFor({ timeout: WAIT_MS }).catch(() => fail('the next New story does not offer the story begun before'));
    const said = (await offer.textContent()).replace(/\s+/g, ' ').trim();
    if (!/^You began a new story .*\(Principles this story shows\) that was never saved/.test(said)) {
      fail(`#draft-offer says ${JSON.stringify(said)}`);
    }
    if (/unsaved text/.test(said)) fail(`a ticked box is called text: ${said}`);
    if (await page.isChecked(BOX)) fail('the page ticked the box before being asked to');
    await screenshot(page, 'new-story-offers-the-one-begun-before');
    noProblems();
  });

  await step('writing a new story without answering: the offer does not follow onto the story created', async () => {
    await typeInto(page, '#f-title', 'Swapping a vendor mid-contract');
    await typeInto(page, '#f-situation', 'Our vendor raised prices by 40% half way through the contract.');
    await page.waitForURL(/\/stories\/\d+$/, { timeout: WAIT_MS }).catch(() =>
      fail(`the title did not create the story; at ${page.url()}`),
    );
    first = Number(new URL(page.url()).pathname.split('/').pop());
    await storedSoon(page, base, first, (c) => c.situation.includes('40%'), 'the situation typed');
    await statusSays(page, /^Saved · revision \d+$/, 'the new story saved');
    if (await page.locator('#draft-offer').count()) fail(`story #${first} still offers the story begun before`);
    const later = ((await page.textContent('#draft-later').catch(() => '')) || '').trim();
    if (!/never saved is still kept in this browser: New story offers it again/.test(later)) {
      fail(`story #${first} does not say where the story begun before went: ${JSON.stringify(later)}`);
    }
    if (await page.isChecked(BOX)) fail(`story #${first} took the box ticked on another page`);
    const s = await storyNow(page, base, first);
    if (s.content.principles.includes('frugality')) fail(`story #${first} was stored with the other page's principle`);
    await screenshot(page, 'new-story-created-without-the-old-offer');
    // After a reload: no offer on the story; the begun story is still kept, once, as it was.
    await page.reload();
    await page.waitForSelector('form#story-form');
    if (await page.locator('#draft-offer').count()) fail(`after a reload story #${first} offers kept changes`);
    const kept = await newStoryCopies(page);
    if (kept.length !== 1) fail(`new-story copies after creating story #${first}: ${JSON.stringify(kept)}`);
    const fields = new URLSearchParams(kept[0][1]);
    if (!fields.getAll('principles').includes('frugality') || fields.get('title')) {
      fail(`the kept copy is not the story begun before: ${kept[0][1]}`);
    }
    noProblems();
  });

  // Issue 13 trial: after tpmprep was killed and started again, every autosave was refused for the
  // old page's CSRF token while the status line said tpmprep did not answer.
  await step('a save refused for a stale token (tpmprep restarted) fetches the new token and saves', async () => {
    await page.goto(`${base}/stories/${first}`);
    await page.waitForSelector('form#story-form');
    // As after a restart: the page holds a token the server no longer accepts.
    await page.evaluate(() => {
      document.body.dataset.csrf = 'stale';
      document.body.setAttribute('hx-headers', JSON.stringify({ 'x-csrf-token': 'stale' }));
    });
    await typeInto(page, '#f-situation', ' The renewal was due in March.');
    await storedSoon(page, base, first, (c) => c.situation.includes('due in March'), 'the text typed with a stale token');
    await statusSays(page, /^Saved · revision \d+$/, 'the save once the token was renewed');
    const token = await page.evaluate(() => document.body.dataset.csrf);
    if (token === 'stale') fail('the page still holds the stale token');
    noProblems();
  });

  await step('restoring it on the next New story makes it a story of its own; nothing stays kept', async () => {
    await page.goto(`${base}/stories/new`);
    await page.locator('#draft-offer').waitFor({ timeout: WAIT_MS }).catch(() => fail('the begun story is offered no more'));
    await page.click('#draft-restore');
    if (!(await page.isChecked(BOX))) fail('restore did not tick the box again');
    await statusSays(page, /^Not saved: a story needs a title/, 'the restored story, still without a title');
    await typeInto(page, '#f-title', 'Frugality, restored');
    await page.waitForURL(/\/stories\/\d+$/, { timeout: WAIT_MS }).catch(() => fail(`no story created; at ${page.url()}`));
    const id = Number(new URL(page.url()).pathname.split('/').pop());
    if (id === first) fail('the restored story was saved over the other one');
    await storedSoon(page, base, id, (c) => c.principles.includes('frugality'), 'the restored principle');
    await statusSays(page, /^Saved · revision \d+$/, 'the restored story saved');
    const left = await newStoryCopies(page);
    if (left.length) fail(`new-story copies left once it was saved: ${JSON.stringify(left)}`);
    noProblems();

    // On a stored story, a refused change that is not only text is "unsaved changes".
    await page.fill('#f-title', '');
    await page.check('input[name=principles][value=ownership]');
    await statusSays(page, /^Not saved: a story needs a title/, 'a cleared title');
    dialogs.seen = [];
    dialogs.beforeunload = 1;
    await page.reload();
    dialogs.beforeunload = 0;
    const offer = page.locator('#draft-offer');
    await offer.waitFor({ timeout: WAIT_MS }).catch(() => fail('the refused change is not offered back'));
    const said = (await offer.textContent()).replace(/\s+/g, ' ').trim();
    if (!/^You have unsaved changes from .*\(Title, Principles this story shows\)/.test(said)) {
      fail(`#draft-offer says ${JSON.stringify(said)}`);
    }
    await page.click('#draft-discard');
    noProblems();
  });
}

async function critiqueOfAHugePaste(page, base, noProblems) {
  await step("the editor's critique answers a 300 KB paste with \"Not critiqued\"; only the save is \"Not saved\"", async () => {
    await page.setViewportSize(DESKTOP);
    const r = await page.request.post(`${base}/api/v1/stories`, { data: { title: 'A long paste', action: 'I decided.' } });
    const id = (await r.json()).meta.id;
    await page.goto(`${base}/stories/${id}`);
    await page.fill('#f-action', 'word '.repeat(60 * 1024));
    await page
      .waitForFunction(() => /256 KB/.test(document.querySelector('#critique')?.textContent || ''), null, { timeout: WAIT_MS })
      .catch(async () => fail(`#critique says ${JSON.stringify(await page.textContent('#critique'))}`));
    const panel = (await page.textContent('#critique')).trim();
    if (!panel.startsWith('Not critiqued:') || /Not saved/.test(panel)) fail(`the critique panel says ${JSON.stringify(panel)}`);
    await statusSays(page, /^Not saved: the text is too long to send/, 'the 300 KB save');
    await screenshot(page, 'editor-huge-paste');
    // Back to a short text: saved, and nothing left to warn about.
    await page.fill('#f-action', 'I decided to split the rollout.');
    await statusSays(page, /^Saved · revision \d+$/, 'the short text again');
    noProblems();
  });
}

async function phoneNavigation(page, base, noProblems) {
  await step('390 px: the navigation is two rows at most, every link in view, nothing scrolls sideways', async () => {
    await page.setViewportSize(PHONE);
    await page.goto(`${base}/`);
    const links = await page.$$eval('header nav a', (as) => as.map((a) => a.getAttribute('href')));
    const ids = await (await page.request.get(`${base}/api/v1/stories`)).json();
    const pages = [...links, '/stories/new', '/stories/import'];
    if (ids.length) pages.push(`/stories/${ids[0].id}`, `/stories/${ids[0].id}/history`);
    for (const href of pages) {
      const r = await page.goto(`${base}${href}`);
      if (r.status() !== 200) fail(`GET ${href} answered ${r.status()}`);
      const nav = await page.evaluate(() => {
        const n = document.querySelector('header.top nav');
        const w = window.innerWidth;
        const rows = new Set();
        const out = [];
        for (const a of n.querySelectorAll('a')) {
          const b = a.getBoundingClientRect();
          rows.add(Math.round(b.top));
          if (b.left < 0 || b.right > w + 0.5 || b.width === 0) out.push(`${a.textContent} at ${Math.round(b.left)}–${Math.round(b.right)}`);
        }
        return { rows: rows.size, out, scrolls: n.scrollWidth > n.clientWidth + 1, header: document.querySelector('header.top').getBoundingClientRect().height };
      });
      if (nav.out.length) fail(`${href} at 390 px: links out of view: ${nav.out.join(', ')}`);
      if (nav.scrolls) fail(`${href} at 390 px: the navigation scrolls sideways`);
      if (nav.rows > 2 || nav.header > 90) fail(`${href} at 390 px: the navigation takes ${nav.rows} rows (${nav.header} px)`);
    }
    await page.goto(`${base}/mock`);
    await screenshot(page, 'phone-navigation-two-rows');
    noProblems();
  });

  await step('390 px: on the story cards the tags have a labelled row of their own', async () => {
    const r = await page.request.post(`${base}/api/v1/stories`, {
      data: { title: 'Vendor slip on payments', tags: ['payments', 'vendor'] },
    });
    const id = (await r.json()).meta.id;
    await page.goto(`${base}/stories`);
    const card = await page.evaluate((id) => {
      const link = document.querySelector(`main a[href="/stories/${id}"]`);
      const row = link.closest('tr');
      const cell = (label) => row.querySelector(`td[data-label="${label}"]`);
      const tags = cell('Tags');
      return {
        title: cell('Title')?.textContent.trim(),
        tags: tags?.textContent.trim(),
        shown: !!tags && tags.getClientRects().length > 0,
        label: tags ? getComputedStyle(tags, '::before').content : null,
      };
    }, id);
    if (card.title !== 'Vendor slip on payments') fail(`the Title row holds ${JSON.stringify(card.title)}`);
    if (card.tags !== 'payments, vendor' || !card.shown || card.label !== '"Tags"') {
      fail(`the tags are not a labelled row of the card: ${JSON.stringify(card)}`);
    }
    await screenshot(page, 'phone-stories-cards-with-tags');
    await page.setViewportSize(DESKTOP);
    noProblems();
  });
}

/** Every step of this module, in order. */
export async function draftsAndPhone(page, base, { noProblems }) {
  await abandonedNewStory(page, base, noProblems);
  await critiqueOfAHugePaste(page, base, noProblems);
  await phoneNavigation(page, base, noProblems);
}
