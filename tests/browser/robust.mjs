// Browser steps for the web app's robustness (issue 12, items 1, 9 and 18): a past interview date on
// the dashboard, a paste over the request limit, a page on another loopback port trying to frame a
// story, and no Content-Security-Policy violation anywhere in the run.
//
// run.mjs calls watchCsp(page, problems) once the page exists, and robustSteps({...}) among its steps.

import { createServer } from 'node:http';

/** Every CSP violation Chromium reports on `page` (in its console) becomes a problem of the run. */
export function watchCsp(page, problems) {
  page.on('console', (m) => {
    const text = m.text();
    if (/Content[- ]Security[- ]Policy/i.test(text)) {
      problems.push(`CSP violation on ${page.url()}: ${text.slice(0, 300)}`);
    }
  });
}

/** A day as YYYY-MM-DD, `offset` days from today (UTC, as the server counts). */
function day(offset) {
  return new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
}

/** Serves one page on another loopback port; resolves with { url, close }. */
function foreignPage(html) {
  return new Promise((resolve) => {
    const server = createServer((_, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(html);
    });
    server.listen(0, '127.0.0.1', () => {
      resolve({
        url: `http://127.0.0.1:${server.address().port}/`,
        close: () => new Promise((r) => server.close(r)),
      });
    });
  });
}

export async function robustSteps({ page, base, step, fail, screenshot, noProblems, waitMs }) {
  await step('a past interview date: the dashboard says "days ago" and offers the next date', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${base}/`);
    await page.fill('#f-date', '2020-01-15');
    await Promise.all([
      page.waitForURL(`${base}/`, { timeout: waitMs }),
      page.waitForResponse((r) => new URL(r.url()).pathname === '/settings/interview-date'),
      page.click('#interview-date button[type=submit]'),
    ]);
    await page
      .waitForFunction(() => /days ago/.test(document.querySelector('#days-left')?.textContent || ''), null, {
        timeout: waitMs,
      })
      .catch(async () => fail(`#days-left says ${JSON.stringify(await page.textContent('#days-left').catch(() => null))}`));
    const said = (await page.textContent('#days-left')).trim();
    if (!/^The interview was [\d,]+ days ago$/.test(said)) fail(`#days-left says ${JSON.stringify(said)}`);
    const label = (await page.textContent('label[for=f-date]')).trim();
    if (label !== 'Next interview date') fail(`the date field is labelled ${JSON.stringify(label)}`);
    console.log(`    ${said}`);
    await screenshot(page, 'dashboard-past-date');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'dashboard-past-date-390');
    await page.setViewportSize({ width: 1280, height: 900 });
    // The form on that page works: the next interview, 30 days out.
    await page.fill('#f-date', day(30));
    await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === '/settings/interview-date'),
      page.click('#interview-date button[type=submit]'),
    ]);
    await page
      .waitForFunction(() => document.querySelector('#days-left')?.textContent.trim() === '30 days to go', null, {
        timeout: waitMs,
      })
      .catch(async () => fail(`after setting ${day(30)}, #days-left says ${JSON.stringify(await page.textContent('#days-left'))}`));
    noProblems();
  });

  await step('a 300 KB paste is answered with the limit in words', async () => {
    await page.goto(`${base}/critique`);
    const answered = page.waitForResponse(
      (r) => new URL(r.url()).pathname === '/critique' && r.request().method() === 'POST',
    );
    await page.fill('#c-text', 'word '.repeat(60 * 1024));
    const r = await answered;
    if (r.status() !== 413) fail(`POST /critique with 300 KB answered ${r.status()}`);
    await page
      .waitForFunction(() => /256 KB/.test(document.querySelector('#critique')?.textContent || ''), null, {
        timeout: waitMs,
      })
      .catch(async () => fail(`#critique says ${JSON.stringify(await page.textContent('#critique'))}`));
    const text = (await page.textContent('#critique')).trim();
    if (/Failed to buffer|length limit/.test(text)) fail(`#critique shows axum's words: ${text}`);
    // Nothing is saved here: the answer says what was not done, with this page's limits only.
    if (!text.startsWith('Not critiqued:') || /Not saved|story field/.test(text)) fail(`#critique says ${text}`);
    console.log(`    ${text.slice(0, 110)}…`);
    await page.fill('#c-text', '');
    noProblems();
  });

  await step('an error htmx cannot swap in shows in #flash; the mock answer form and its text stay', async () => {
    // A story deleted in another window, then "Move to trash" here: a 404 htmx does not swap.
    const created = await page.request.post(`${base}/api/v1/stories`, {
      data: { title: 'Deleted elsewhere', action: 'I decided to split the rollout.' },
    });
    const sid = (await created.json()).meta.id;
    await page.goto(`${base}/stories/${sid}`);
    for (const r of [
      await page.request.post(`${base}/api/v1/stories/${sid}/trash`, { data: {} }),
      await page.request.delete(`${base}/api/v1/stories/${sid}`, { headers: { 'content-type': 'application/json' } }),
    ]) {
      if (r.status() !== 204) fail(`${r.url()} answered ${r.status()}: ${await r.text()}`);
    }
    await page.click('button[hx-post$="/trash"]');
    await page
      .waitForSelector('#flash:not([hidden])', { timeout: waitMs })
      .catch(() => fail('a 404 behind "Move to trash" showed nothing'));
    const said = (await page.textContent('#flash')).trim();
    if (!said.includes(`story ${sid}`)) fail(`#flash says ${JSON.stringify(said)}`);
    console.log(`    trash after a delete elsewhere: ${said}`);
    // 300 KB sent as a mock answer: the form (hx-select="#answer-form") would have been swapped for
    // an answer without it, taking the typed text along.
    const started = await page.request.post(`${base}/api/v1/mocks`, {
      data: { kind: 'phone-screen', seed: 3, minutes_scale: 0.1 },
    });
    if (started.status() !== 201) fail(`POST /api/v1/mocks answered ${started.status()}`);
    const mid = (await started.json()).id;
    try {
      await page.goto(`${base}/mock/${mid}`);
      const big = 'word '.repeat(60 * 1024);
      await page.fill('textarea#answer', big);
      const answered = page.waitForResponse((r) => new URL(r.url()).pathname === `/mock/${mid}/answer`);
      await page.click('button#send');
      const r = await answered;
      if (r.status() !== 413) fail(`a 300 KB answer got ${r.status()}`);
      await page
        .waitForFunction(() => /256 KB/.test(document.querySelector('#flash')?.textContent || ''), null, {
          timeout: waitMs,
        })
        .catch(async () => fail(`#flash says ${JSON.stringify(await page.textContent('#flash'))}`));
      const kept = await page.inputValue('textarea#answer').catch(() => null);
      if (kept !== big) fail(`the answer box lost the typed text (now ${kept === null ? 'gone' : kept.length + ' chars'})`);
      await screenshot(page, 'mock-answer-too-long');
      // Ctrl+Enter in the answer box sends it (app.js; no htmx trigger filter under the CSP).
      await page.click('#flash');
      await page.fill('textarea#answer', 'I split the rollout in two and cut p99 latency by 40%.');
      const sent = page.waitForResponse((r) => new URL(r.url()).pathname === `/mock/${mid}/answer`);
      await page.focus('textarea#answer');
      await page.keyboard.press('Control+Enter');
      const s = await sent.catch(() => fail('Ctrl+Enter in the answer box sent nothing'));
      if (s.status() >= 400) fail(`the answer sent by Ctrl+Enter got ${s.status()}`);
    } finally {
      await page.request.post(`${base}/api/v1/mocks/${mid}/finish`, { data: {} });
    }
    noProblems();
  });

  await step('a page on another loopback port cannot frame a story (frame-ancestors, X-Frame-Options)', async () => {
    const created = await page.request.post(`${base}/api/v1/stories`, {
      data: { title: 'Framed?', action: 'I decided to split the rollout.' },
    });
    if (created.status() !== 201) fail(`POST /api/v1/stories answered ${created.status()}`);
    const id = (await created.json()).meta.id;
    const victim = `${base}/stories/${id}`;
    const evil = await foreignPage(
      `<!doctype html><title>evil</title><p>Win a prize!</p><iframe id="victim" src="${victim}" width="900" height="600"></iframe>`,
    );
    // A page of its own: the refusal Chromium logs there is the expected outcome, not a problem.
    const other = await page.context().newPage();
    const refusals = [];
    other.on('console', (m) => refusals.push(m.text()));
    try {
      const victimAnswer = other.waitForResponse((r) => r.url() === victim, { timeout: waitMs });
      await other.goto(evil.url);
      const r = await victimAnswer.catch(() => fail(`the framing page never requested ${victim}`));
      const csp = r.headers()['content-security-policy'] || '';
      if (!csp.includes("frame-ancestors 'none'")) fail(`${victim} answered without frame-ancestors: ${csp}`);
      await other.waitForTimeout(500);
      const frame = other.frames().find((f) => f.parentFrame());
      if (!frame) fail('the framing page has no frame at all');
      let rendered = false;
      try {
        rendered = (await frame.$('#story-form')) !== null;
      } catch {
        rendered = false; // Chromium's error page for a blocked frame cannot be searched
      }
      if (rendered) fail(`${victim} rendered inside a page from ${evil.url}`);
      const said = refusals.find((t) => /frame-ancestors|X-Frame-Options/i.test(t));
      console.log(`    frame at ${frame.url() || '(empty)'}; Chromium: ${said ? said.slice(0, 120) : '(no console message)'}`);
      await screenshot(other, 'clickjack-blocked');
    } finally {
      await other.close();
      await evil.close();
    }
    noProblems();
  });
}
