// Browser steps for story import (issue 12, items 5 and 6): plain STAR text pasted with a title from
// the form, and the bank's own export imported again — recognised and skipped, never doubled — at
// 1280 px and at 390 px (a phone), where the page must not scroll sideways.
//
// run.mjs calls importSteps({...}) among its steps.

const PLAIN = `Situation: The payments vendor slipped its API by six weeks, three weeks before launch.
Task: Keep the launch date without cutting the fraud checks.
A:
- Re-planned the critical path with the vendor's engineering manager.
- Escalated with data, not blame, and agreed a weekly risk review.
**Result:** Launched on the planned day; no fraud incident in the first quarter.`;

async function submitImport(page, waitMs, fail) {
  const [r] = await Promise.all([
    page.waitForResponse(
      (r) => r.url().endsWith('/stories/import') && r.request().method() === 'POST',
      { timeout: waitMs },
    ),
    page.click('#import-form button[type=submit]'),
  ]);
  await page.waitForSelector('#import-result p', { timeout: waitMs });
  const said = (await page.textContent('#import-result')).replace(/\s+/g, ' ').trim();
  if (r.status() !== 200) fail(`the import answered ${r.status()}: ${said}`);
  return said;
}

async function noSideScroll(page, fail) {
  const [scroll, inner] = await page.evaluate(() => [
    document.documentElement.scrollWidth,
    window.innerWidth,
  ]);
  if (scroll > inner) fail(`the import page is ${scroll} px wide in a ${inner} px window`);
}

export async function importSteps({ page, base, step, fail, screenshot, noProblems, waitMs }) {
  await step('paste plain STAR text with a title on /stories/import', async () => {
    await page.goto(`${base}/stories/import`);
    await page.click('#plain-template summary');
    const template = await page.textContent('#plain-template pre');
    if (!/^Situation: /m.test(template) || !/^Result: /m.test(template)) {
      fail(`the plain-text template is not shown: ${template.slice(0, 200)}`);
    }
    await page.fill('#i-title', 'Vendor slip, pasted as plain text');
    await page.fill('#i-text', PLAIN);
    const said = await submitImport(page, waitMs, fail);
    const m = said.match(/Imported 1 new story \(id (\d+)\)\./);
    if (!m) fail(`the page said: ${said}`);
    await screenshot(page, 'import-plain-text');
    const story = await (await page.request.get(`${base}/api/v1/stories/${m[1]}`)).json();
    if (story.content.title !== 'Vendor slip, pasted as plain text') {
      fail(`the title is ${JSON.stringify(story.content.title)}`);
    }
    if (!story.content.action.startsWith('- Re-planned the critical path')) {
      fail(`the action is ${JSON.stringify(story.content.action)}`);
    }
    noProblems();
  });

  await step('import the bank\'s own export again at 390 px: skipped, not doubled', async () => {
    const before = (await (await page.request.get(`${base}/api/v1/stories`)).json()).length;
    const exported = await (await page.request.get(`${base}/api/v1/stories/export`)).text();
    const viewport = page.viewportSize();
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await page.goto(`${base}/stories/import`);
      await noSideScroll(page, fail);
      await page.selectOption('#i-format', 'json');
      await page.fill('#i-text', exported);
      const said = await submitImport(page, waitMs, fail);
      const want = `skipped ${before} already in the bank`;
      if (!said.includes('Nothing new') || !said.includes(want)) {
        fail(`expected "Nothing new: ${want} …", the page said: ${said}`);
      }
      await noSideScroll(page, fail);
      await screenshot(page, 'import-again-390');
      const after = (await (await page.request.get(`${base}/api/v1/stories`)).json()).length;
      if (after !== before) fail(`${before} stories before the import, ${after} after`);
    } finally {
      await page.setViewportSize(viewport);
    }
    noProblems();
  });
}
