// Browser steps for the mock's clock and the mock pages' layout (a user trial of mock interviews):
//  * the time spent on a prompt is kept by the server with nothing typed: the page sends the question
//    timer when it is hidden (and every 10 s), so a reload does not give the interview its time back;
//    an emptied answer box is kept as empty;
//  * "End the mock now" gives a debrief that says the candidate ended it, with the principles never
//    asked "Not assessed";
//  * at 1280 px the start form shows the whole format name and the ratings' header words stay whole;
//    at 390 px a past mock's "resume" link stays on its card row.
// run.mjs calls `mockClockSteps(page, base, { noProblems })`.

import { fail, screenshot, step, WAIT_MS } from './lib.mjs';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

async function startMock(page, base, format, scale) {
  await page.goto(`${base}/mock`);
  await page.selectOption('#kind', 'phone-screen');
  await page.selectOption('#format', format);
  await page.fill('#minutes_scale', scale);
  await Promise.all([page.waitForURL(/\/mock\/\d+$/, { timeout: WAIT_MS }), page.click('button#start')]);
  return Number(new URL(page.url()).pathname.split('/').pop());
}

const countup = (page) => page.$eval('#question-timer', (el) => Number(el.dataset.countup));

export async function mockClockSteps(page, base, { noProblems }) {
  let id;
  await step('mock clock: a reload keeps the time spent with nothing typed', async () => {
    await page.setViewportSize(DESKTOP);
    id = await startMock(page, base, 'amazon-jobs', '1');
    const before = await page.$eval('#interview-timer', (el) => Number(el.dataset.countdown));
    // Let the question timer pass a few seconds, typing nothing.
    await page.waitForFunction(() => Number(document.getElementById('elapsed').value) >= 4, null, { timeout: WAIT_MS });
    const spent = Number(await page.inputValue('#elapsed'));
    // The page is hidden (another tab, or on its way to a reload): it sends the clock alone.
    const sent = page.waitForResponse((r) => r.url().endsWith(`/mock/${id}/draft`), { timeout: WAIT_MS });
    await page.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    const r = await sent.catch(() => fail('hiding the page sent no clock to /draft'));
    const body = r.request().postData() || '';
    if (/(^|&)text=/.test(body)) fail(`the clock sent the text as well: ${body}`);
    if (!(await r.text()).includes('Time kept')) fail(`the clock was not kept: ${await r.text()}`);
    await page.reload();
    const now = await countup(page);
    if (now < spent) fail(`after a reload the question timer restarts at ${now} s; ${spent} s had been spent`);
    const left = await page.$eval('#interview-timer', (el) => Number(el.dataset.countdown));
    if (left > before - spent) fail(`after a reload the interview has ${left} s left; it had ${before} s and ${spent} s were spent`);
    console.log(`    ${spent} s spent; after the reload the question timer starts at ${now} s, ${left} s left`);
    // While the page is shown the clock goes every 10 s on its own.
    await page
      .waitForRequest((q) => q.url().endsWith(`/mock/${id}/draft`) && !/(^|&)text=/.test(q.postData() || ''), { timeout: 20_000 })
      .catch(() => fail('no clock was sent within 20 s of a shown page'));
    noProblems();
  });

  await step('mock clock: an emptied answer box is kept as empty', async () => {
    await page.fill('textarea#answer', 'A first thought');
    await page.waitForFunction(() => /Draft kept/.test(document.getElementById('draft-status').textContent), null, { timeout: WAIT_MS });
    await page.$eval('#draft-status', (el) => { el.textContent = ''; });
    await page.fill('textarea#answer', '');
    await page
      .waitForFunction(() => /Draft kept/.test(document.getElementById('draft-status').textContent), null, { timeout: WAIT_MS })
      .catch(async () => fail(`emptying the box: ${await page.textContent('#draft-status')}`));
    await page.reload();
    if ((await page.inputValue('textarea#answer')) !== '') fail('the emptied answer came back after a reload');
    noProblems();
  });

  await step('mock: ended early, the debrief says so and leaves what it never asked not assessed', async () => {
    // The button asks first (hx-confirm); the run's dialog watcher refuses dialogs, so the question
    // is taken as answered yes.
    await page.$eval('#end', (el) => el.removeAttribute('hx-confirm'));
    await Promise.all([page.waitForSelector('#decision', { timeout: WAIT_MS }), page.click('button#end')]);
    const ended = (await page.textContent('#ended-early').catch(() => '')).trim();
    if (!ended.startsWith('You ended the mock during interview 1 of 1')) fail(`#ended-early says ${JSON.stringify(ended)}`);
    const ratings = await page.$$eval('table.ratings tbody tr', (rows) => rows.map((r) => [r.dataset.rating, r.querySelector('td').textContent.trim()]));
    if (!ratings.length || ratings.some(([id, label]) => id !== 'not-assessed' || label !== 'Not assessed')) {
      fail(`the ratings of a mock ended at its first question: ${JSON.stringify(ratings)}`);
    }
    const header = (await page.textContent('#debrief-header')).trim();
    if (/amazon-jobs|phone-screen of/.test(header)) fail(`the debrief header shows ids: ${header}`);
    // Header words stay whole at 1280 px.
    const broken = await page.$$eval('table.ratings thead th', (ths) =>
      ths.filter((th) => th.getBoundingClientRect().height > 1.8 * parseFloat(getComputedStyle(th).lineHeight || '20')).map((th) => th.textContent));
    if (broken.length) fail(`ratings headers on two lines at 1280 px: ${broken.join(', ')}`);
    await screenshot(page, 'mock-ended-early-debrief');
    noProblems();
  });

  await step('mock start form (1280 px) shows the whole format name; past mocks (390 px) keep "resume" on its row', async () => {
    // A mock left unfinished, for the "resume" link.
    await startMock(page, base, 'three-part-phone-screen', '0.5');
    await page.goto(`${base}/mock`);
    await page.selectOption('#format', 'three-part-phone-screen');
    const cut = await page.$eval('#format', (sel) => {
      const st = getComputedStyle(sel);
      const ctx = document.createElement('canvas').getContext('2d');
      ctx.font = `${st.fontWeight} ${st.fontSize} ${st.fontFamily}`;
      const text = sel.options[sel.selectedIndex].text;
      const room = sel.clientWidth - parseFloat(st.paddingLeft) - parseFloat(st.paddingRight) - 20;
      return ctx.measureText(text).width > room ? `${text} (${Math.round(ctx.measureText(text).width)} px in ${Math.round(room)} px)` : '';
    });
    if (cut) fail(`the format's name is cut off at 1280 px: ${cut}`);
    await screenshot(page, 'mock-start-format');
    await page.setViewportSize(PHONE);
    await page.goto(`${base}/mock`);
    const off = await page.$$eval('#past-mocks tbody td:last-child', (tds) =>
      tds
        .filter((td) => td.querySelector('a'))
        .map((td) => {
          const a = td.querySelector('a').getBoundingClientRect();
          const line = parseFloat(getComputedStyle(td).lineHeight) || 24;
          return a.top - td.getBoundingClientRect().top > line * 0.8 ? td.textContent.trim() : '';
        })
        .filter(Boolean));
    if (off.length) fail(`at 390 px a past mock's link drops below its row: ${off.join('; ')}`);
    await screenshot(page, 'mock-past-phone');
    await page.setViewportSize(DESKTOP);
    noProblems();
  });
}
