// Browser steps for stale saves in the story editor (issue 12, item 4): two pages open on one story.
// One adds a tag, the other (still on the older revision) types into Action: after saving, both
// changes are there, and the second page's form shows the tag. Then both change Action: the page
// that saves second shows both texts, and "Keep mine" saves its text without losing the tag.
//
// run.mjs calls mergeSteps({...}) among its steps.

/** Creates a story through the JSON API from `page` (which carries the CSRF token); returns its id. */
async function createStory(page, base, content) {
  const r = await page.evaluate(
    async ([url, body]) => {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': document.body.dataset.csrf },
        body: JSON.stringify(body),
      });
      return { status: res.status, json: await res.json() };
    },
    [`${base}/api/v1/stories`, content],
  );
  if (r.status !== 201) throw new Error(`POST /api/v1/stories answered ${r.status}: ${JSON.stringify(r.json)}`);
  return r.json.meta.id;
}

/** The story as the API holds it now. */
async function storyNow(page, base, id) {
  return page.evaluate(async (url) => (await fetch(url)).json(), `${base}/api/v1/stories/${id}`);
}

/** Types `text` into `selector` on `page` and returns the answer to the autosave that carries it. */
async function typeAndSave(page, id, selector, text, waitMs) {
  const name = await page.getAttribute(selector, 'name');
  const answer = page.waitForResponse(
    (r) =>
      r.request().method() === 'PUT' &&
      new URL(r.url()).pathname === `/stories/${id}` &&
      new URLSearchParams(r.request().postData() || '').get(name) === text,
    { timeout: waitMs },
  );
  answer.catch(() => {});
  await page.fill(selector, text);
  return answer;
}

export async function mergeSteps({ page, base, step, fail, screenshot, noProblems, waitMs }) {
  const ACTION_0 = 'I planned the cut-over.';
  const ACTION_A = 'I planned the cut-over and wrote the rollback plan.';
  const ACTION_B = 'I planned the cut-over with finance and ran two rehearsals.';
  let id = 0;
  let other = null;
  const otherErrors = [];
  const both = async (fn) => {
    await fn(page);
    await fn(other);
  };

  await step('two pages on one story: a tag added in one, Action typed in the other → both kept', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${base}/stories`);
    id = await createStory(page, base, {
      title: 'Payments cut-over',
      tags: ['payments'],
      principles: ['ownership'],
      action: ACTION_0,
    });
    other = await page.context().newPage();
    other.on('pageerror', (e) => otherErrors.push(`uncaught script error on the second page: ${e.message}`));
    other.on('dialog', (d) => otherErrors.push(`a ${d.type()} dialog on the second page: ${d.message()}`));
    await both((p) => p.goto(`${base}/stories/${id}`));
    // The second page adds a tag and saves revision 2.
    const tagged = await typeAndSave(other, id, '#f-tags', 'payments, migration', waitMs);
    if (tagged.status() !== 200) fail(`the tag's autosave answered ${tagged.status()}: ${await tagged.text()}`);
    // The first page, still on revision 1, types into Action.
    const r = await typeAndSave(page, id, '#f-action', ACTION_A, waitMs);
    const answer = await r.text();
    if (r.status() !== 200) fail(`the stale save answered ${r.status()}: ${answer}`);
    if (!answer.includes('kept the tag `migration` added in revision 2')) fail(`the stale save did not say what it kept: ${answer}`);
    await page
      .waitForFunction(() => document.querySelector('#f-tags')?.value === 'payments, migration', null, { timeout: waitMs })
      .catch(async () => fail(`the first page's tags field still says ${JSON.stringify(await page.inputValue('#f-tags'))}`));
    const status = (await page.textContent('#save-status')).trim();
    if (!/Saved · revision 3 · merged with revision 2/.test(status)) fail(`#save-status says ${JSON.stringify(status)}`);
    const s = await storyNow(page, base, id);
    if (JSON.stringify(s.content.tags) !== '["payments","migration"]') fail(`tags are ${JSON.stringify(s.content.tags)}`);
    if (s.content.action !== ACTION_A) fail(`action is ${JSON.stringify(s.content.action)}`);
    console.log(`    ${status}`);
    await screenshot(page, 'story-editor-merged');
    noProblems();
    if (otherErrors.length) fail(otherErrors.join('\n'));
  });

  await step('both pages change Action: the second sees both texts, "Keep mine" keeps its text and the tag', async () => {
    // The second page is still on revision 2; the story is at 3 with the first page's Action.
    const r = await typeAndSave(other, id, '#f-action', ACTION_B, waitMs);
    if (r.status() !== 409) fail(`a conflicting save answered ${r.status()}: ${await r.text()}`);
    const box = other.locator('#merge-panel .merge-conflict[data-field="action"]');
    await box.waitFor({ timeout: waitMs }).catch(() => fail('no conflict panel for Action on the second page'));
    const mine = (await box.locator('pre.merge-mine').textContent()).trim();
    const theirs = (await box.locator('pre.merge-theirs').textContent()).trim();
    if (mine !== ACTION_B) fail(`the panel shows "yours" as ${JSON.stringify(mine)}`);
    if (theirs !== ACTION_A) fail(`the panel shows the other window's text as ${JSON.stringify(theirs)}`);
    if ((await other.inputValue('#f-action')) !== ACTION_B) fail('the typed Action left the box');
    const status = (await other.textContent('#save-status')).trim();
    if (!/^Not saved: another window saved revision 3 with a different action/.test(status)) fail(`#save-status says ${JSON.stringify(status)}`);
    await screenshot(other, 'story-editor-conflict');
    await other.setViewportSize({ width: 390, height: 844 });
    await box.scrollIntoViewIfNeeded();
    const wide = await other.evaluate(() => document.documentElement.scrollWidth);
    if (wide > 390) fail(`with the conflict panel the page is ${wide} px wide at 390 px`);
    await screenshot(other, 'story-editor-conflict-390');
    // Nothing was saved meanwhile: the story still holds the first page's text.
    if ((await storyNow(other, base, id)).content.action !== ACTION_A) fail('a conflicting save wrote something');
    const saved = other.waitForResponse(
      (x) => x.request().method() === 'PUT' && new URL(x.url()).pathname === `/stories/${id}`,
      { timeout: waitMs },
    );
    await box.locator('button[data-take="mine"]').click();
    const answer = await saved;
    if (answer.status() !== 200) fail(`"Keep mine" saved with ${answer.status()}: ${await answer.text()}`);
    if (await other.locator('#merge-panel').count()) fail('the conflict panel is still there once settled');
    const s = await storyNow(other, base, id);
    if (s.content.action !== ACTION_B) fail(`action is ${JSON.stringify(s.content.action)} after "Keep mine"`);
    if (JSON.stringify(s.content.tags) !== '["payments","migration"]') fail(`tags are ${JSON.stringify(s.content.tags)}`);
    console.log(`    revision ${s.meta.rev}: the second page's Action, both tags`);
    await other.close();
    noProblems();
    if (otherErrors.length) fail(otherErrors.join('\n'));
  });

  await step('the history shows the change field by field', async () => {
    await page.goto(`${base}/stories/${id}/history?from=2&to=3`);
    const text = (await page.textContent('#diff')).replace(/\s+/g, ' ');
    if (!text.includes('Action')) fail(`#diff does not name Action: ${text}`);
    const added = await page.locator('#diff ins').allTextContents();
    if (!added.some((t) => t.includes('rollback plan'))) fail(`#diff marks no added words "rollback plan": ${added.join(' | ')}`);
    if (/action = |^\+\+\+/m.test(text)) fail(`#diff still shows TOML: ${text}`);
    await screenshot(page, 'story-history-fields');
    noProblems();
  });
}
