/**
 * The extension is reloaded (as on an update, or a developer's reload) while an article is open: the old content
 * script must take its marks, style sheet and card away, and throw nothing into the page. Real Chromium; the reload is
 * `chrome.runtime.reload()` from the service worker.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchWithExtension, type Launched } from './chromium';
import { highlightCounts, isDone, sendToTab, serveContentPages, tabIdOf, waitForState, type ContentServer } from './content-helpers';

declare const chrome: { runtime: { reload(): void } };

let server: ContentServer;
let b: Launched;

beforeAll(async () => {
  server = await serveContentPages();
  b = await launchWithExtension();
});

afterAll(async () => {
  await b?.context.close();
  await server?.close();
});

describe('extension reloaded with a page open', () => {
  it('the old instance removes its highlights, sheet and card, with no errors in the page', async () => {
    const page = await b.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(`${e.message} ${e.stack}`));
    page.on('console', (m) => {
      if (/favicon/.test(m.location().url)) return; // the test server has none
      if (m.type() === 'error' || /context invalidated/i.test(m.text())) errors.push(`${m.text()} at ${JSON.stringify(m.location())}`);
    });
    await page.goto(server.url('/static.html'));
    const tabId = await tabIdOf(b, server.url('/static.html'));
    await waitForState(b, tabId, isDone, 'analysed');
    expect(await sendToTab(b, tabId, 'reveal', { index: -1 })).toBe(true);
    await page.locator('crosscheck-ui .cc-card').waitFor({ state: 'visible', timeout: 5_000 });
    const before = await highlightCounts(page);
    expect(before.corroborated + before.disputed + before['single-sourced']).toBeGreaterThan(0);
    const leftovers = () =>
      page.evaluate(() => ({
        highlights: [...CSS.highlights.keys()].filter((k) => k.startsWith('crosscheck-')).length,
        sheets: document.adoptedStyleSheets.filter((s) => [...s.cssRules].some((r) => r.cssText.includes('crosscheck'))).length,
        ui: document.querySelectorAll('crosscheck-ui, crosscheck-mark, style[data-crosscheck]').length,
      }));
    expect((await leftovers()).ui).toBe(1);

    await b.worker.evaluate(() => chrome.runtime.reload()).catch(() => undefined); // the worker goes away
    const t0 = Date.now();
    await expect.poll(leftovers, { timeout: 10_000, interval: 100 }).toEqual({ highlights: 0, sheets: 0, ui: 0 });
    console.log(`reload: the old content script cleaned up within ${Date.now() - t0} ms (it checks every 1 s)`);

    // The page still works, and its keys and clicks reach nothing of ours.
    await page.mouse.click(300, 300);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Enter');
    await page.evaluate(() => new Promise((r) => setTimeout(r, 1_500)));
    expect(await page.evaluate(() => document.querySelector('article h1')!.textContent)).toContain('Luhansk');
    expect(errors).toEqual([]);
  });
});
