// Browser steps for the questions list and the mock debrief (issue 12 items 14 and 15):
//  * the questions list pages through every match, its page links keeping the filters, and its
//    search meets inflections ("rollbacks" finds the rollback questions);
//  * a phone screen's debrief says "Advance to the loop" / "Not this time", folds each answer to its
//    first sentence (a click unfolds it), names three changes or says why fewer, and shows the seed
//    only in a "repeat this mock" link that fills the start form.
// run.mjs calls `questionsAndDebrief(page, base, { noProblems })`.

import { fail, screenshot, step } from './lib.mjs';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };
const ANSWER =
  'I was responsible for the rollout. We moved forty services in three waves and kept a rollback ready for each.';

async function questionPages(page, base, noProblems) {
  await step('questions: the list pages through every match and the links keep the filters', async () => {
    await page.setViewportSize(DESKTOP);
    const total = (await (await page.request.get(`${base}/api/v1/questions`)).json()).length;
    const pages = Math.ceil(total / 100);
    await page.goto(`${base}/questions`);
    const count = (await page.textContent('#count')).trim();
    if (!count.includes(`page 1 of ${pages}`)) fail(`the count says ${JSON.stringify(count)}; ${total} questions`);
    const seen = new Set();
    for (let n = 1; n <= pages; n++) {
      for (const id of await page.$$eval('tr[data-id]', (rows) => rows.map((r) => r.dataset.id))) seen.add(id);
      if (n < pages) {
        await Promise.all([page.waitForURL(`**/questions?page=${n + 1}`), page.click('nav.pager a[rel=next]')]);
      }
    }
    if (seen.size !== total) fail(`paging showed ${seen.size} of ${total} questions`);
    await screenshot(page, 'questions-last-page');
    // A filter survives the page links.
    await page.goto(`${base}/questions`);
    await page.selectOption('#f-kind', 'behavioural');
    await Promise.all([page.waitForURL('**/questions?**kind=behavioural**'), page.click('form[role=search] button[type=submit]')]);
    await Promise.all([page.waitForURL('**/questions?kind=behavioural&page=2'), page.click('nav.pager a[rel=next]')]);
    const kinds = await page.$$eval('tr[data-id] td:nth-child(3)', (tds) => [...new Set(tds.map((t) => t.textContent.trim()))]);
    if (kinds.length !== 1 || kinds[0] !== 'Behavioural') fail(`page 2 of behavioural questions lists kinds ${kinds}`);
    if ((await page.inputValue('#f-kind')) !== 'behavioural') fail('page 2 lost the kind in its form');
    noProblems();
  });
  await step('questions: search meets inflections ("rollbacks" finds what "rollback" finds)', async () => {
    const ids = async (q) => {
      await page.goto(`${base}/questions?q=${encodeURIComponent(q)}`);
      return page.$$eval('tr[data-id]', (rows) => rows.map((r) => r.dataset.id).join(' '));
    };
    const one = await ids('rollback');
    const many = await ids('rollbacks');
    if (!one || one !== many) fail(`"rollback" found [${one}], "rollbacks" found [${many}]`);
    await page.setViewportSize(PHONE);
    await screenshot(page, 'questions-search-rollbacks-390');
    await page.setViewportSize(DESKTOP);
    noProblems();
  });
}

async function debrief(page, base, noProblems) {
  await step('debrief: a phone screen goes on or not, answers fold, three changes or why not, a repeat link', async () => {
    await page.setViewportSize(DESKTOP);
    const r = await page.request.post(`${base}/api/v1/mocks`, {
      data: { kind: 'phone-screen', seed: 5, minutes_scale: 0.1 },
    });
    if (r.status() !== 201) fail(`POST /api/v1/mocks answered ${r.status()}: ${await r.text()}`);
    const { id } = await r.json();
    for (let n = 0; n < 40; n++) {
      const a = await page.request.post(`${base}/api/v1/mocks/${id}/answers`, { data: { text: ANSWER, seconds: 30 } });
      if (a.status() !== 200) fail(`answer ${n} answered ${a.status()}: ${await a.text()}`);
      if ((await a.json()).finished) break;
    }
    await page.goto(`${base}/mock/${id}`);
    const decision = (await page.textContent('#decision')).trim();
    if (!['Advance to the loop', 'Not this time'].includes(decision)) fail(`a phone screen's decision reads ${JSON.stringify(decision)}`);
    const summary = (await page.textContent('details.answer summary')).trim();
    if (summary !== 'I was responsible for the rollout. …') fail(`the folded answer reads ${JSON.stringify(summary)}`);
    const full = page.locator('details.answer .preview').first();
    if (await full.isVisible()) fail('the whole answer shows before it is unfolded');
    await page.click('details.answer summary');
    if (!(await full.isVisible()) || !(await full.textContent()).includes('kept a rollback ready')) fail('a click does not unfold the whole answer');
    const changes = await page.$$eval('#changes li', (li) => li.length);
    const note = await page.$('#changes-note');
    if (changes !== 3 && !(changes < 3 && note)) fail(`${changes} changes and no note saying why`);
    const meta = await page.textContent('h1 + p');
    if (/seed/.test(meta)) fail(`the header line still shows the seed: ${meta}`);
    await screenshot(page, 'debrief-phone-screen-1280');
    await page.setViewportSize(PHONE);
    await screenshot(page, 'debrief-phone-screen-390');
    await page.setViewportSize(DESKTOP);
    await Promise.all([page.waitForURL('**/mock?**seed=5**'), page.click('#repeat a')]);
    if ((await page.inputValue('#seed')) !== '5') fail('the repeat link does not fill the seed');
    if ((await page.inputValue('#kind')) !== 'phone-screen') fail('the repeat link does not fill the kind');
    noProblems();
  });
}

/** The questions list and the debrief, as a person uses them. */
export async function questionsAndDebrief(page, base, { noProblems }) {
  await questionPages(page, base, noProblems);
  await debrief(page, base, noProblems);
}
