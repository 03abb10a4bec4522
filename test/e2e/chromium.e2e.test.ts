/**
 * The extension end to end in real Chromium: build output loaded unpacked, pages served from 127.0.0.1.
 * Checks highlights by status, the hover card with sources, the popup's counts and list, the badge, the empty state,
 * that form fields and editable regions are never touched, that the page's own DOM is unchanged, and that the
 * extension makes no network requests. Saves screenshots under docs/screenshots/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PageState } from '../../lib/ext/protocol';
import { launchWithExtension, type Launched } from './chromium';
import { hasSeed, ROOT, servePages, type PageServer } from './pages';
import { ALLOWED_MISSES, checkYardstick, EXAMPLE_EXPECTATIONS, OLENIVKA_EXPECTATIONS, SEED_EXPECTATIONS, type Expectation } from '../expectations';
import { tabIdOf as tabIdOfWorker } from './watch';

/** The service worker's `chrome` global, used inside `worker.evaluate` callbacks (they run in the extension). */
declare const chrome: {
  tabs: { query(q: object): Promise<{ id?: number }[]>; sendMessage(id: number, m: unknown): Promise<unknown> };
  action: { getBadgeText(d: { tabId: number }): Promise<string> };
};

const SHOTS = join(ROOT, 'docs', 'screenshots');
let server: PageServer;
let b: Launched;
const requests: string[] = [];

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  server = await servePages();
  b = await launchWithExtension();
  b.context.on('request', (r) => requests.push(r.url()));
});

afterAll(async () => {
  await b?.context.close();
  await server?.close();
});

/** The tab showing `url`: asks each tab's content script for its page address (no "tabs" permission needed). */
const tabIdOf = (url: string): Promise<number> => tabIdOfWorker(b.worker, url);

/** Asks the page's content script for its state, as the popup does, until it has finished. */
async function stateOf(tabId: number): Promise<PageState> {
  for (let i = 0; i < 100; i++) {
    const s = await b.worker
      .evaluate(async (id) => chrome.tabs.sendMessage(id, { crosscheck: 1, type: 'getState' }), tabId)
      .catch(() => null);
    if (s && (s as PageState).kind !== 'working') return s as PageState;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the content script did not finish');
}

async function openArticle(path: string): Promise<{ page: Page; tabId: number; state: Extract<PageState, { kind: 'done' }> }> {
  const page = await b.context.newPage();
  await page.goto(server.url(path));
  const tabId = await tabIdOf(server.url(path));
  const state = await stateOf(tabId);
  if (state.kind !== 'done') throw new Error(`expected an analysed article, got ${JSON.stringify(state)}`);
  return { page, tabId, state };
}

/** Highlight counts by name, read from the page's own world (the registry belongs to the document). */
const highlightCounts = (page: Page) =>
  page.evaluate(() =>
    Object.fromEntries(['corroborated', 'disputed', 'single-sourced'].map((s) => [s, CSS.highlights.get(`crosscheck-${s}`)?.size ?? 0])),
  );

/** The page's claims against the yardstick (test/expectations.ts): none wrong, at most `allowMissed` left unmatched, every match marked. */
function checkExpectations(state: Extract<PageState, { kind: 'done' }>, expectations: Expectation[], allowMissed: number) {
  const { wrong, missed } = checkYardstick(state.claims, expectations);
  expect(wrong).toEqual([]);
  expect(missed.length, `left unmatched: ${missed.join(' | ')}`).toBeLessThanOrEqual(allowMissed);
  for (const c of state.claims) if (c.status !== 'unmatched') expect(c.anchored, `"${c.text.slice(0, 40)}" is marked on the page`).toBe(true);
}

describe('our example article', () => {
  let page: Page;
  let tabId: number;
  let state: Extract<PageState, { kind: 'done' }>;

  beforeAll(async () => {
    ({ page, tabId, state } = await openArticle('/example.html'));
  });

  it('finds the check-worthy claims with the expected statuses', () => {
    checkExpectations(state, EXAMPLE_EXPECTATIONS, ALLOWED_MISSES.example);
  });

  it('marks each status with its own highlight, never in form fields or editable regions', async () => {
    const counts = await highlightCounts(page);
    for (const s of ['corroborated', 'disputed', 'single-sourced'] as const)
      expect(counts[s], s).toBe(state.claims.filter((c) => c.status === s && c.anchored).length);
    expect(counts.corroborated! + counts.disputed! + counts['single-sourced']!).toBeGreaterThan(3);
    const offLimits = await page.evaluate(() =>
      [...CSS.highlights.values()].flatMap((h) =>
        [...h].filter((r) => (r as Range).startContainer.parentElement?.closest('textarea, input, [contenteditable], aside')),
      ).length,
    );
    expect(offLimits).toBe(0);
    await page.screenshot({ path: join(SHOTS, 'page-highlights.png') });
  });

  it('leaves the page’s own DOM as it was', async () => {
    const same = await page.evaluate(async () => {
      const html = await (await fetch(location.href)).text();
      const fresh = new DOMParser().parseFromString(html, 'text/html');
      return fresh.querySelector('article')!.innerHTML === document.querySelector('article')!.innerHTML;
    });
    expect(same).toBe(true);
  });

  it('shows a hover card with the status, the reason and linked sources', async () => {
    const target = state.claims.find((c) => c.status === 'corroborated' && c.anchored)!;
    expect(target).toBeDefined();
    const point = await page.evaluate((name) => {
      const r = [...CSS.highlights.get(name)!][0] as Range;
      r.startContainer.parentElement!.scrollIntoView({ block: 'center' });
      const rect = r.getClientRects()[0]!;
      return { x: rect.left + Math.min(30, rect.width / 2), y: (rect.top + rect.bottom) / 2 };
    }, 'crosscheck-corroborated');
    await page.mouse.move(point.x, point.y);
    const card = page.locator('crosscheck-ui .cc-card');
    await card.waitFor({ state: 'visible', timeout: 5_000 });
    const text = await card.innerText();
    expect(text).toContain('Corroborated');
    const hrefs = await card.locator('.cc-reports a').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
    expect(hrefs.length).toBeGreaterThan(1);
    for (const h of hrefs) expect(h).toMatch(/^https?:\/\//);
    expect(await card.locator('.cc-origin strong').count()).toBeGreaterThan(1);
    await page.screenshot({ path: join(SHOTS, 'hover-card.png') });
    // Leaving the claim and the card closes it.
    await page.mouse.move(5, 5);
    await card.waitFor({ state: 'detached', timeout: 5_000 });
  });

  it('sets the toolbar badge to the number of disputed and single-sourced claims', async () => {
    const text = await b.worker.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId);
    const n = state.claims.filter((c) => c.status === 'disputed' || c.status === 'single-sourced').length;
    expect(n).toBeGreaterThan(0);
    expect(text).toBe(String(n));
  });

  it('lists the claims in the popup by status with counts, and a click scrolls to the claim', async () => {
    const popup = await b.context.newPage();
    await popup.setViewportSize({ width: 400, height: 600 });
    await popup.goto(`chrome-extension://${b.extensionId}/popup.html?tab=${tabId}`);
    await popup.locator('.cc-list').waitFor();
    for (const s of ['corroborated', 'disputed', 'single-sourced', 'unmatched'] as const) {
      const n = state.claims.filter((c) => c.status === s).length;
      expect(await popup.locator(`.cc-summary li[data-status="${s}"] .cc-n`).innerText(), s).toBe(String(n));
      expect(await popup.locator(`.cc-group-section[data-status="${s}"] .cc-item`).count(), s).toBe(n);
    }
    await popup.screenshot({ path: join(SHOTS, 'popup.png') });
    const disputed = state.claims.find((c) => c.status === 'disputed' && c.anchored)!;
    await popup.locator(`.cc-item[data-index="${disputed.index}"]`).click();
    const card = page.locator('crosscheck-ui .cc-card');
    await card.waitFor({ state: 'visible', timeout: 5_000 });
    expect(await card.getAttribute('data-status')).toBe('disputed');
    await popup.close();
  });

  it('is usable from the keyboard: the next-claim command opens a card with focus, → steps, Esc closes', async () => {
    await page.bringToFront();
    // What the Alt+Shift+K command sends from the background.
    const ok = await b.worker.evaluate((id) => chrome.tabs.sendMessage(id, { crosscheck: 1, type: 'reveal', data: { index: -1 } }), tabId);
    expect(ok).toBe(true);
    const card = page.locator('crosscheck-ui .cc-card');
    await card.waitFor({ state: 'visible', timeout: 5_000 });
    const first = await card.locator('.cc-pos').innerText();
    expect(first).toMatch(/^\d+ of \d+$/);
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => card.locator('.cc-pos').innerText()).not.toBe(first);
    await page.keyboard.press('Escape');
    await card.waitFor({ state: 'detached', timeout: 5_000 });
  });
});

describe('a page that is not an article', () => {
  it('gets a clear empty state in the popup and no highlights', async () => {
    const page = await b.context.newPage();
    await page.goto(server.url('/not-article.html'));
    const tabId = await tabIdOf(server.url('/not-article.html'));
    const state = await stateOf(tabId);
    expect(state.kind).toBe('not-article');
    expect(await highlightCounts(page)).toEqual({ corroborated: 0, disputed: 0, 'single-sourced': 0 });
    const popup = await b.context.newPage();
    await popup.goto(`chrome-extension://${b.extensionId}/popup.html?tab=${tabId}`);
    await expect.poll(() => popup.locator('.cc-empty').innerText()).toContain('No article here');
    await popup.close();
    await page.close();
  });
});

describe('our example article about a contested event (Olenivka, dated by its metadata)', () => {
  it('marks its claims with the right statuses, and the card says what the page does and checks the day’s total', async () => {
    const { page, tabId, state } = await openArticle('/olenivka.html');
    checkExpectations(state, OLENIVKA_EXPECTATIONS, ALLOWED_MISSES.olenivka);
    const gs = state.claims.find((c) => c.text.startsWith('In its morning update'))!;
    expect(gs.match?.id).toBe('ua-gs-losses-2022-07-30');
    expect(gs.figures.map((f) => f.check)).toEqual(['matches', 'matches']);
    const marked = state.claims.filter((c) => c.status !== 'unmatched');
    expect(marked.length).toBeGreaterThan(0);
    // The card of the first marked claim: status, the page's stance and the confidence.
    await page.bringToFront();
    const ok = await b.worker.evaluate(([id, index]) => chrome.tabs.sendMessage(id, { crosscheck: 1, type: 'reveal', data: { index } }), [tabId, marked[0]!.index] as const);
    expect(ok).toBe(true);
    const cardEl = page.locator('crosscheck-ui .cc-card');
    await cardEl.waitFor({ state: 'visible', timeout: 5_000 });
    const card = await cardEl.innerText();
    expect(card).toMatch(/This page (states|contradicts|reports)/);
    expect(card).toMatch(/Match confidence: \w+ \(\d+%\)/);
    await page.close();
  });
});

describe.skipIf(!hasSeed())('the seed article (../shared/seed)', () => {
  it('marks every check-worthy claim with the right status', async () => {
    const { page, state } = await openArticle('/seed.html');
    checkExpectations(state, SEED_EXPECTATIONS, ALLOWED_MISSES.seed);
    const unmatched = state.claims.filter((c) => c.status === 'unmatched').map((c) => c.text.slice(0, 60));
    console.log(
      `seed in Chromium: ${state.claims.length} claims, unmatched: ${unmatched.length}; content script ` +
        `extract ${state.timings.extractMs.toFixed(1)} ms, detect ${state.timings.detectMs.toFixed(1)} ms, ` +
        `match+verdict (background round trip) ${state.timings.analyzeMs.toFixed(1)} ms ` +
        `(engine ${state.timings.matchMs.toFixed(1)} ms), ` +
        `anchor+highlight ${state.timings.anchorMs.toFixed(1)} ms, total ${state.timings.totalMs.toFixed(1)} ms`,
    );
    await page.screenshot({ path: join(SHOTS, 'seed-highlights.png'), fullPage: true });
    await page.close();
  });
});

if (!hasSeed()) console.warn('skipping the seed article test: ../shared/seed is not present');

describe('privacy', () => {
  it('the extension made no network requests (only the test pages were fetched)', () => {
    const foreign = requests.filter((u) => !u.startsWith('http://127.0.0.1:') && !u.startsWith('chrome-extension://'));
    expect(foreign).toEqual([]);
  });
});
