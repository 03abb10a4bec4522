/**
 * Hostile and odd pages (our own fixtures, test/fixtures/hostile/) in real Chromium with the built extension: huge
 * text, 20,000 paragraphs, 5,000 levels of nesting, iframes and shadow roots, form fields and editable regions, a
 * strict Content-Security-Policy, markup and bidi controls inside claim text, a page that replaces its article, and the
 * extension reloaded under an open page. For every page: no error from the extension, no exception reaching the page,
 * the page's own scripts keep working (a timer and a click handler), and no request from the extension.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PageState } from '../../lib/ext/protocol';
import * as H from '../fixtures/hostile/pages';
import { launchWithExtension, type Launched } from './chromium';
import { servePages, type PageServer } from './pages';
import { contentTimings, launchWithDeveloperMode, offlineOnly, PageWatch, reloadExtension, settledState, tabIdOf, WorkerWatch } from './watch';


let server: PageServer;
let b: Launched;
let worker: WorkerWatch;
const timings: string[] = [];
const t0 = Date.now();

beforeAll(async () => {
  server = await servePages({
    '/big-text.html': () => H.bigText(),
    '/many-paragraphs.html': () => H.manyParagraphs(),
    '/deep.html': () => H.deepNesting(5_000, { layoutFlat: true }),
    '/deep-boxes.html': () => H.deepNesting(2_000, { layoutFlat: false }),
    '/frames.html': () => H.framesAndShadow('/frame-content.html'),
    '/frame-content.html': () => H.frameContent(),
    '/forms.html': () => H.formsAndEditable(),
    '/csp.html': () => H.strictCsp(),
    '/markup.html': () => H.markupInText(),
    '/replaces.html': () => H.replacesArticle(),
    '/plain.html': () => H.plainArticle(),
  });
  b = await launchWithExtension();
  await offlineOnly(b.context);
  worker = await WorkerWatch.attach(b.context, b.extensionId);
});

afterAll(async () => {
  console.log(`\nHostile pages in Chromium (${((Date.now() - t0) / 1000).toFixed(1)} s wall time):\n${timings.join('\n')}`);
  await worker?.detach();
  await b?.context.close();
  await server?.close();
});

interface Opened {
  page: Page;
  watch: PageWatch;
  tabId: number;
  state: PageState;
  mark: ReturnType<WorkerWatch['mark']>;
  ms: number;
}

async function open(path: string, { timeoutMs = 30_000 } = {}): Promise<Opened> {
  const started = Date.now();
  const mark = worker.mark();
  const page = await b.context.newPage();
  const watch = await PageWatch.attach(page, b.extensionId);
  await page.goto(server.url(path), { waitUntil: 'load', timeout: 60_000 });
  const tabId = await tabIdOf(b.worker, server.url(path), timeoutMs);
  const state = await settledState(b.worker, tabId, timeoutMs);
  if (!state) throw new Error(`no state from the content script on ${path}`);
  const ms = Date.now() - started;
  const t = contentTimings(state);
  timings.push(
    `  ${path.padEnd(22)} ${state.kind.padEnd(12)} claims ${String(state.kind === 'done' ? state.claims.length : '–').padStart(3)}  ` +
      (t && state.kind === 'done'
        ? `main-thread ${t.mainMs.toFixed(1)} ms, longest task ${t.longestMs.toFixed(1)} ms${t.measured ? '' : ' (fallback from stage timings)'}` +
          ` [extract ${state.timings.extractMs.toFixed(0)}, detect ${state.timings.detectMs.toFixed(0)}, anchor+highlight ${state.timings.anchorMs.toFixed(0)} ms]`
        : `(${'reason' in state ? state.reason : ''})`) +
      `  wall ${ms} ms`,
  );
  return { page, watch, tabId, state, mark, ms };
}

/** Highlight ranges by status, with where each one sits (read in the page's world: the registry is the document's). */
const highlights = (page: Page) =>
  page.evaluate(() =>
    ['corroborated', 'disputed', 'single-sourced'].flatMap((s) =>
      [...(CSS.highlights.get(`crosscheck-${s}`) ?? [])].map((r) => {
        const range = r as Range;
        const el = range.startContainer.parentElement;
        return {
          status: s,
          text: range.toString().slice(0, 80),
          connected: range.startContainer.isConnected && range.endContainer.isConnected,
          // A range whose text was removed collapses where it stood: still registered, but marks nothing.
          empty: range.collapsed || range.toString().trim() === '',
          offLimits: !!el?.closest('textarea, input, select, option, [contenteditable]') || !!el?.isContentEditable,
        };
      }),
    ),
  );

/** No extension error or request, nothing thrown into the page, the page's timer and click handler still work. */
async function expectHealthy(o: Opened, { probe = true } = {}) {
  const fromWorker = worker.since(o.mark);
  expect(o.watch.extensionErrors, 'errors from the content script').toEqual([]);
  expect(o.watch.pageErrors, 'exceptions in the page').toEqual([]);
  expect(o.watch.extensionRequests, 'requests by the extension from the page').toEqual([]);
  expect(fromWorker.errors, 'service worker errors').toEqual([]);
  expect(fromWorker.requests, 'service worker requests').toEqual([]);
  if (!probe) return;
  const before = await o.page.evaluate(() => (window as unknown as { __alive: number }).__alive);
  await o.page.waitForTimeout(300);
  expect(await o.page.evaluate(() => (window as unknown as { __alive: number }).__alive), 'the page’s own timer still runs').toBeGreaterThan(before);
  await o.page.evaluate(() => (document.getElementById('probe-btn') as HTMLButtonElement).click());
  await o.page.locator('#probe-btn').click();
  expect(await o.page.evaluate(() => (window as unknown as { __clicked: number }).__clicked), 'the page’s own click handler still works').toBe(2);
}

describe('the watcher itself', () => {
  it('does see an exception thrown in the content script’s world and one in the service worker', async () => {
    const o = await open('/plain.html');
    // Throw from a timer inside the content script's isolated world (found by its execution context).
    const ctx = await new Promise<number>((resolve, reject) => {
      const seen: number[] = [];
      o.watch.session.on('Runtime.executionContextCreated', (e: { context: { id: number; origin: string; auxData?: { type?: string } } }) => {
        if (e.context.auxData?.type === 'isolated' && e.context.origin.includes(b.extensionId)) seen.push(e.context.id);
      });
      // Re-enabling the runtime replays the existing contexts.
      void o.watch.session
        .send('Runtime.disable')
        .then(() => o.watch.session.send('Runtime.enable'))
        .then(() => (seen.length ? resolve(seen[0]!) : reject(new Error('no isolated world of the extension in the page'))), reject);
    });
    await o.watch.session.send('Runtime.evaluate', { contextId: ctx, expression: 'setTimeout(() => { throw new Error("probe from the isolated world") }, 0)' });
    await expect.poll(() => o.watch.extensionErrors.map((e) => e.text).join()).toContain('probe from the isolated world');
    expect(o.watch.pageErrors).toEqual([]);
    const mark = worker.mark();
    await b.worker.evaluate(() => {
      setTimeout(() => {
        throw new Error('probe from the service worker');
      }, 0);
    });
    await expect.poll(() => worker.since(mark).errors.map((e) => e.text).join()).toContain('probe from the service worker');
    await o.page.close();
  });
});

describe('hostile and odd pages', () => {
  it('1 MB of article text: analysed (cut at the reading limit), page unharmed', async () => {
    const o = await open('/big-text.html');
    expect(o.state.kind, JSON.stringify(o.state).slice(0, 200)).toBe('done');
    expect((await highlights(o.page)).length).toBeGreaterThan(3);
    await expectHealthy(o);
    await o.page.close();
  });

  it('20,000 paragraphs: analysed, page unharmed', async () => {
    const o = await open('/many-paragraphs.html');
    expect(o.state.kind, JSON.stringify(o.state).slice(0, 200)).toBe('done');
    expect((await highlights(o.page)).length).toBeGreaterThan(3);
    await expectHealthy(o);
    await o.page.close();
  });

  // Chromium itself crashes on ~3,000 nested block boxes (without the extension), so: 5,000 DOM levels with a flat
  // layout (display: contents), and 2,000 levels of real nested boxes. Both are deeper than the HTML parser ever nests
  // (512), and reading them cost seconds of blocked tab (8.7 s at 5,000), so they are declined quickly with a reason.
  it.each([
    ['/deep.html', 5000],
    ['/deep-boxes.html', 2000],
  ])('%s (%i levels of nesting): declined quickly with a clear reason, page unharmed', async (path, depth) => {
    const started = Date.now();
    const o = await open(path);
    expect(await o.page.evaluate(() => (window as unknown as { __depth: number }).__depth)).toBe(depth);
    expect(o.state).toMatchObject({ kind: 'not-article', reason: expect.stringMatching(/nested too deeply/) });
    console.log(`${path}: declined in ${Date.now() - started} ms wall time (open to answer): ${'reason' in o.state ? o.state.reason : ''}`);
    expect((await highlights(o.page)).length).toBe(0);
    await expectHealthy(o);
    await o.page.close();
  });

  it('iframes and open shadow roots: the article is marked, their content is left as it was', async () => {
    const o = await open('/frames.html');
    expect(o.state.kind).toBe('done');
    const marks = await highlights(o.page);
    expect(marks.length).toBeGreaterThan(3);
    expect(marks.every((m) => m.connected)).toBe(true);
    const shadow = await o.page.evaluate(() => document.getElementById('shadow-host')!.shadowRoot!.innerHTML);
    expect(shadow).toBe(`<p id="shadow-claim">${H.FIRST_CLAIM.replace(/&/g, '&amp;')}</p>`);
    const frame = o.page.frame({ url: /frame-content/ })!;
    expect(await frame.evaluate(() => document.querySelectorAll('[data-crosscheck], crosscheck-ui').length)).toBe(0);
    await expectHealthy(o);
    await o.page.close();
  });

  it('form fields and editable regions are never marked, in or outside the article', async () => {
    const o = await open('/forms.html');
    expect(o.state.kind).toBe('done');
    const marks = await highlights(o.page);
    expect(marks.length).toBeGreaterThan(3);
    expect(marks.filter((m) => m.offLimits)).toEqual([]);
    // The fields keep their values and stay editable.
    expect(await o.page.inputValue('#in-in')).toBe(H.FIRST_CLAIM);
    await o.page.fill('#ta-in', 'typed by the reader');
    expect(await o.page.inputValue('#ta-in')).toBe('typed by the reader');
    await expectHealthy(o);
    await o.page.close();
  });

  it('a strict Content-Security-Policy: still marks and shows the card, and causes no CSP violation', async () => {
    const o = await open('/csp.html');
    expect(o.state.kind).toBe('done');
    expect((await highlights(o.page)).length).toBeGreaterThan(3);
    // The ::highlight() rules live in a constructable sheet adopted by the document (no <style> element).
    const styled = await o.page.evaluate(() => {
      const rules = [...document.adoptedStyleSheets].flatMap((sh) => [...sh.cssRules].map((r) => r.cssText)).filter((t) => t.includes('::highlight('));
      return { present: rules.length > 0, rules: rules.length };
    });
    // Open a card from the keyboard command's message and check it is laid out (its styles applied).
    await b.worker.evaluate((id) => (globalThis as unknown as { chrome: { tabs: { sendMessage(i: number, m: unknown): Promise<unknown> } } }).chrome.tabs.sendMessage(id, { crosscheck: 1, type: 'reveal', data: { index: -1 } }), o.tabId);
    const card = o.page.locator('crosscheck-ui .cc-card');
    await card.waitFor({ state: 'visible', timeout: 5_000 });
    const border = await card.evaluate((el) => getComputedStyle(el).borderTopWidth);
    console.log(`strict CSP: adopted highlight sheet present ${styled.present}, rules applied ${styled.rules}; card border-top ${border}; CSP reports: ${JSON.stringify(o.watch.cspViolations)}`);
    expect(o.watch.cspViolations.filter((v) => v.fromExtension)).toEqual([]);
    expect(o.watch.cspViolations, 'no CSP violation at all on a page without scripts or styles of its own').toEqual([]);
    expect(styled.rules, 'the ::highlight() rules apply under the page’s style-src').toBeGreaterThan(0);
    expect(border, 'the card’s own styles apply (its 4px status border)').toBe('4px');
    await expectHealthy(o, { probe: false });
    await o.page.close();
  });

  it('markup and bidi controls in claim text are shown as text in the card and the popup, never run', async () => {
    const o = await open('/markup.html');
    expect(o.state.kind).toBe('done');
    if (o.state.kind !== 'done') return;
    const hostile = o.state.claims.filter((c) => c.text.includes('<script>') || c.text.includes('onerror'));
    expect(hostile.length, 'the claims carrying markup-like text were found').toBeGreaterThanOrEqual(2);
    const target = hostile.find((c) => c.anchored && c.status !== 'unmatched');
    expect(target, 'one of them is marked').toBeDefined();
    await b.worker.evaluate(
      ([id, index]) => (globalThis as unknown as { chrome: { tabs: { sendMessage(i: number, m: unknown): Promise<unknown> } } }).chrome.tabs.sendMessage(id!, { crosscheck: 1, type: 'reveal', data: { index } }),
      [o.tabId, target!.index],
    );
    const card = o.page.locator('crosscheck-ui .cc-card');
    await card.waitFor({ state: 'visible', timeout: 5_000 });
    // The card shows the reference claim and its sources (not the page's sentence): nothing in it may come from the
    // page's markup-like text as elements.
    const inCard = await card.evaluate((el) => el.querySelectorAll('script, img, iframe, object, embed').length);
    expect(inCard, 'no element made from the text in the card').toBe(0);
    // The popup lists them as text too.
    const popup = await b.context.newPage();
    const popupWatch = await PageWatch.attach(popup, b.extensionId);
    await popup.goto(`chrome-extension://${b.extensionId}/popup.html?tab=${o.tabId}`);
    await popup.locator('.cc-list').waitFor();
    const inPopup = await popup.evaluate(() => ({
      text: document.body.innerText,
      elements: document.querySelectorAll('.cc-list script, .cc-list img, .cc-list iframe').length,
      pwned: (window as unknown as { __pwned?: string }).__pwned,
    }));
    expect(inPopup.elements).toBe(0);
    expect(inPopup.text).toContain('<script>window.__pwned');
    expect(inPopup.text).toContain('<img src=x onerror=');
    expect(inPopup.text).toContain('\u202E');
    expect(inPopup.pwned).toBeUndefined();
    // Give any injected handler time to run, then check nothing ran in the page either.
    await o.page.waitForTimeout(300);
    expect(await o.page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
    // Bidi controls must not reorder the popup's own words: report how the claim text is isolated.
    const bidi = await popup.evaluate(() => {
      const q = [...document.querySelectorAll('.cc-list *')].find((n) => n.childElementCount === 0 && (n.textContent ?? '').includes('\u202E')) as HTMLElement | undefined;
      return q ? { tag: q.tagName.toLowerCase(), unicodeBidi: getComputedStyle(q).unicodeBidi, dir: q.getAttribute('dir') } : null;
    });
    console.log(`bidi: the claim text with U+202E in the popup is in ${JSON.stringify(bidi)}`);
    expect(popupWatch.extensionErrors).toEqual([]);
    await popup.close();
    await expectHealthy(o);
    await o.page.close();
  });

  it('a page that replaces its article after load: the new article is marked, no stale marks', async () => {
    const o = await open('/replaces.html');
    await o.page.waitForFunction(() => (window as unknown as { __replaced?: boolean }).__replaced === true, null, { timeout: 10_000 });
    await expect
      .poll(async () => {
        const m = await highlights(o.page);
        return m.length > 0 && m.every((x) => x.connected && !x.empty) && m.some((x) => x.text.startsWith('In its morning update'));
      }, { timeout: 15_000 })
      .toBe(true);
    await expectHealthy(o);
    await o.page.close();
  });

  it('a page that replaces its article after load: nothing breaks', async () => {
    const o = await open('/replaces.html');
    await o.page.waitForFunction(() => (window as unknown as { __replaced?: boolean }).__replaced === true, null, { timeout: 10_000 });
    await o.page.waitForTimeout(500);
    const marks = await highlights(o.page);
    console.log(
      `replaced article: ${marks.length} highlight ranges after the swap, ${marks.filter((m) => !m.connected).length} on removed nodes, ` +
        `${marks.filter((m) => m.empty).length} collapsed (their text was removed); new article marked: ` +
        `${marks.some((m) => m.connected && !m.empty && m.text.startsWith('In its morning update'))}`,
    );
    await expectHealthy(o);
    await o.page.close();
  });
});

describe('the extension reloaded while a page is open', () => {
  // Its own browser, with developer mode on (see launchWithDeveloperMode), so the reload really reloads.
  let rb: Launched;
  let rworker: WorkerWatch;
  beforeAll(async () => {
    rb = await launchWithDeveloperMode();
    await offlineOnly(rb.context);
    rworker = await WorkerWatch.attach(rb.context, rb.extensionId);
  });
  afterAll(async () => {
    await rworker?.detach();
    await rb?.context.close();
  });

  async function openHere(path: string) {
    const page = await rb.context.newPage();
    const watch = await PageWatch.attach(page, rb.extensionId);
    await page.goto(server.url(path), { waitUntil: 'load' });
    const tabId = await tabIdOf(rb.worker, server.url(path));
    const state = await settledState(rb.worker, tabId);
    expect(state?.kind).toBe('done');
    expect((await highlights(page)).length).toBeGreaterThan(3);
    return { page, watch };
  }

  it('leaves no uncaught "Extension context invalidated" and the page working', async () => {
    const { page, watch } = await openHere('/plain.html');
    const mark = rworker.mark();
    await reloadExtension(rb);
    // Use the page as a reader would: hover the marked text, click, scroll, press the card's keys.
    const point = await page.evaluate(() => {
      const r = [...CSS.highlights.get('crosscheck-corroborated')!][0] as Range;
      const rect = r.getClientRects()[0]!;
      return { x: rect.left + 10, y: (rect.top + rect.bottom) / 2 };
    }).catch(() => ({ x: 200, y: 300 }));
    await page.mouse.move(point.x, point.y);
    await page.mouse.click(point.x, point.y);
    await page.keyboard.press('ArrowRight');
    await page.mouse.wheel(0, 400);
    await page.waitForTimeout(1_000);
    const all = [...watch.extensionErrors, ...watch.pageErrors, ...rworker.since(mark).errors];
    expect(all.filter((e) => /context invalidated/i.test(e.text))).toEqual([]);
    expect(watch.extensionErrors).toEqual([]);
    expect(watch.pageErrors).toEqual([]);
    const left = await highlights(page);
    const ui = await page.evaluate(() => document.querySelectorAll('crosscheck-ui, style[data-crosscheck]').length);
    console.log(`after reload: ${left.length} old highlights left, ${ui} card hosts / highlight styles left`);
    // The page's own scripts still work.
    const before = await page.evaluate(() => (window as unknown as { __alive: number }).__alive);
    await page.waitForTimeout(200);
    expect(await page.evaluate(() => (window as unknown as { __alive: number }).__alive)).toBeGreaterThan(before);
    // And the reloaded extension works on a new page.
    const fresh = await openHere('/plain.html?after-reload');
    await fresh.page.close();
    await page.close();
  });

  // Measured: the old content script clears its highlights only at the first page event after the reload (WXT's
  // context notices the invalidation then); a reader who does not move the mouse keeps seeing stale marks.
  it('removes the old highlights and card without waiting for a page event', async () => {
    const { page } = await openHere('/plain.html?second');
    await reloadExtension(rb);
    await expect.poll(async () => (await highlights(page)).length, { timeout: 10_000 }).toBe(0);
    expect(await page.evaluate(() => document.querySelectorAll('crosscheck-ui, style[data-crosscheck]').length)).toBe(0);
    await page.close();
  });
});
