/**
 * The in-page reading experience in real Chromium (the built extension, pages from 127.0.0.1): highlights and their
 * style sheet, dark pages, strict CSP, a late article, single-page navigation, a page that never stops changing,
 * re-anchoring after a re-render, the hover card from the keyboard, settings applied live, and stale marks of an old
 * instance. Timings are printed, never asserted.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchWithExtension, type Launched } from './chromium';
import {
  DEFAULTS,
  expectedCounts,
  getState,
  highlightCounts,
  isDone,
  PARAS,
  printTimings,
  sendToTab,
  serveContentPages,
  sleep,
  SPA_B,
  tabIdOf,
  waitForState,
  writeSettings,
  type ContentServer,
  type Done,
} from './content-helpers';

const MARKED = ['corroborated', 'disputed', 'single-sourced'];
let server: ContentServer;
let b: Launched;
const pageErrors: string[] = [];

beforeAll(async () => {
  server = await serveContentPages();
  b = await launchWithExtension();
  b.context.on('page', (p) => {
    p.on('pageerror', (e) => pageErrors.push(`${p.url()}: ${e.message}`));
    p.on('console', (m) => {
      if (m.type() === 'error') pageErrors.push(`${p.url()}: console: ${m.text()}`);
    });
  });
});

afterAll(async () => {
  await b?.context.close();
  await server?.close();
});

async function open(path: string): Promise<{ page: Page; tabId: number; state: Done }> {
  const page = await b.context.newPage();
  await page.goto(server.url(path));
  const tabId = await tabIdOf(b, server.url(path));
  const state = (await waitForState(b, tabId, isDone, `${path} analysed`)) as Done;
  return { page, tabId, state };
}

/** Our adopted sheets, seen from the page's own world. */
const ourSheets = (page: Page) =>
  page.evaluate(() =>
    document.adoptedStyleSheets.map((s) => [...s.cssRules].map((r) => r.cssText).join('\n')).filter((t) => t.includes('crosscheck-marks')),
  );

describe('a static article', () => {
  let page: Page;
  let tabId: number;
  let state: Done;

  beforeAll(async () => {
    ({ page, tabId, state } = await open('/static.html'));
    printTimings('static example in Chromium', state);
  });

  it('marks every anchored claim by status, with its rules in one adopted sheet and no element added', async () => {
    const counts = await highlightCounts(page);
    expect(counts).toEqual(expectedCounts(state));
    expect(counts.corroborated + counts.disputed + counts['single-sourced']).toBeGreaterThan(5);
    const sheets = await ourSheets(page);
    expect(sheets).toHaveLength(1);
    // Not colour alone: one underline style per status.
    const rule = (s: string) => new RegExp(`::highlight\\(crosscheck-${s}\\)\\s*\\{([^}]*)\\}`).exec(sheets[0]!)?.[1] ?? '';
    const style = (decl: string) => (/\b(wavy|dashed|dotted|double)\b/.exec(decl)?.[1] ?? (/underline/.test(decl) ? 'solid' : 'none'));
    expect(MARKED.map((s) => style(rule(s)))).toEqual(['solid', 'wavy', 'dashed']);
    expect(await page.locator('style[data-crosscheck], crosscheck-mark').count()).toBe(0);
  });

  it('reports its main-thread time and longest task', () => {
    expect(state.timings.mainThreadMs).toBeGreaterThan(0);
    expect(state.timings.longestTaskMs).toBeGreaterThan(0);
    expect(state.timings.longestTaskMs!).toBeLessThanOrEqual(state.timings.mainThreadMs!);
  });

  it('re-anchors its marks when the page re-renders the same article (new nodes, same text)', async () => {
    const before = await highlightCounts(page);
    await page.evaluate(() => {
      const a = document.querySelector('article')!;
      a.replaceWith(a.cloneNode(true)); // every text node is new; the text is the same
    });
    await expect
      .poll(
        () =>
          page.evaluate(() =>
            [...CSS.highlights.values()].flatMap((h) => [...h]).every((r) => (r as Range).startContainer.isConnected),
          ),
        { timeout: 10_000 },
      )
      .toBe(true);
    expect(await highlightCounts(page)).toEqual(before);
    const s = (await getState(b, tabId)) as Done;
    expect(s.claims.length).toBe(state.claims.length);
  });

  it('drops the mark of a claim whose text is gone, and keeps the others', async () => {
    const target = state.claims.find((c) => c.status === 'single-sourced' && c.text.startsWith('In Switzerland'))!;
    expect(target).toBeDefined();
    const before = await highlightCounts(page);
    await page.evaluate(() => {
      const p = [...document.querySelectorAll('article p')].find((x) => x.textContent!.startsWith('In Switzerland'))!;
      p.remove();
    });
    await expect.poll(async () => (await highlightCounts(page))['single-sourced'], { timeout: 10_000 }).toBe(before['single-sourced'] - 1);
    const after = await highlightCounts(page);
    expect(after.corroborated).toBe(before.corroborated);
    expect(after.disputed).toBe(before.disputed);
  });

  it('opens the card from the keyboard; Tab reaches its controls; Esc closes it and returns focus; Enter reopens it', async () => {
    await page.bringToFront();
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    // What the Alt+Shift+K command sends from the background.
    expect(await sendToTab(b, tabId, 'reveal', { index: -1 })).toBe(true);
    const card = page.locator('crosscheck-ui .cc-card');
    await card.waitFor({ state: 'visible', timeout: 5_000 });
    const status = await card.getAttribute('data-status');
    const focusIn = () =>
      page.evaluate(() => {
        const host = document.querySelector('crosscheck-ui');
        const inner = host?.shadowRoot?.activeElement as HTMLElement | null;
        return { host: document.activeElement === host, tag: inner?.tagName ?? null, cls: inner?.className ?? null };
      });
    expect((await focusIn()).host).toBe(true);
    await page.keyboard.press('Tab');
    const tabbed = await focusIn();
    expect(tabbed.host).toBe(true);
    expect(['BUTTON', 'A']).toContain(tabbed.tag);
    await page.keyboard.press('Escape');
    await card.waitFor({ state: 'detached', timeout: 5_000 });
    expect(await page.evaluate(() => document.activeElement === document.body)).toBe(true);
    await page.keyboard.press('Enter');
    await card.waitFor({ state: 'visible', timeout: 5_000 });
    expect(await card.getAttribute('data-status')).toBe(status);
    await page.keyboard.press('Escape');
    await card.waitFor({ state: 'detached', timeout: 5_000 });
  });

  it('returns focus to the page element that had it', async () => {
    await page.evaluate(() => (document.querySelector('header a') as HTMLElement).focus());
    expect(await sendToTab(b, tabId, 'reveal', { index: -1 })).toBe(true);
    const card = page.locator('crosscheck-ui .cc-card');
    await card.waitFor({ state: 'visible', timeout: 5_000 });
    await page.keyboard.press('Escape');
    await card.waitFor({ state: 'detached', timeout: 5_000 });
    expect(await page.evaluate(() => document.activeElement?.matches('header a') ?? false)).toBe(true);
  });

  describe('settings, applied live', () => {
    afterAll(async () => {
      await writeSettings(b, null);
    });

    it('a status switched off loses its marks; the others stay', async () => {
      const all = await highlightCounts(page);
      await writeSettings(b, { ...DEFAULTS, statuses: { ...DEFAULTS.statuses, disputed: false } });
      await expect.poll(async () => (await highlightCounts(page)).disputed, { timeout: 5_000 }).toBe(0);
      const now = await highlightCounts(page);
      expect(now.corroborated).toBe(all.corroborated);
      expect(now['single-sourced']).toBe(all['single-sourced']);
      await writeSettings(b, DEFAULTS);
      await expect.poll(() => highlightCounts(page), { timeout: 5_000 }).toEqual(all);
    });

    it('the global highlight switch (what Alt+Shift+H flips) removes and restores every mark; claims stay listed', async () => {
      const all = await highlightCounts(page);
      await writeSettings(b, { ...DEFAULTS, highlights: false });
      await expect.poll(() => highlightCounts(page), { timeout: 5_000 }).toEqual({ corroborated: 0, disputed: 0, 'single-sourced': 0 });
      const s = (await getState(b, tabId)) as Done;
      expect(s.kind).toBe('done');
      expect(s.claims.length).toBeGreaterThan(0);
      await writeSettings(b, DEFAULTS);
      await expect.poll(() => highlightCounts(page), { timeout: 5_000 }).toEqual(all);
    });

    it('a per-site highlight switch applies to this site only', async () => {
      await writeSettings(b, { ...DEFAULTS, sites: { '127.0.0.1': { highlights: false } } });
      await expect.poll(() => highlightCounts(page), { timeout: 5_000 }).toEqual({ corroborated: 0, disputed: 0, 'single-sourced': 0 });
      await writeSettings(b, { ...DEFAULTS, sites: { 'example.org': { highlights: false } } });
      await expect.poll(async () => Object.values(await highlightCounts(page)).reduce((a, n) => a + n, 0), { timeout: 5_000 }).toBeGreaterThan(0);
    });

    it('a site turned off is not scanned: no marks, and the state says why; turned on again, it is scanned', async () => {
      await writeSettings(b, { ...DEFAULTS, sites: { '127.0.0.1': { scan: 'deny' } } });
      const off = await waitForState(b, tabId, (s) => s.kind === 'off', 'off');
      expect(off).toMatchObject({ kind: 'off', cause: 'site' });
      expect((off as { reason: string }).reason).toContain('127.0.0.1');
      expect(await highlightCounts(page)).toEqual({ corroborated: 0, disputed: 0, 'single-sourced': 0 });
      await writeSettings(b, DEFAULTS);
      const done = (await waitForState(b, tabId, isDone, 'scanned again')) as Done;
      await expect.poll(() => highlightCounts(page), { timeout: 5_000 }).toEqual(expectedCounts(done));
    });

    it('with automatic scanning off a new page is not scanned until the popup asks', async () => {
      await writeSettings(b, { ...DEFAULTS, autoScan: false });
      const p2 = await b.context.newPage();
      await p2.goto(server.url('/static.html?second'));
      const id2 = await tabIdOf(b, server.url('/static.html?second'));
      const off = await waitForState(b, id2, (s) => s.kind !== 'working', 'settled');
      expect(off).toMatchObject({ kind: 'off', cause: 'autoScan' });
      await sleep(500);
      expect(await highlightCounts(p2)).toEqual({ corroborated: 0, disputed: 0, 'single-sourced': 0 });
      const scanned = (await sendToTab(b, id2, 'scan')) as Done;
      expect(scanned.kind).toBe('done');
      expect(await highlightCounts(p2)).toEqual(expectedCounts(scanned));
      await p2.close();
      await writeSettings(b, DEFAULTS);
    });
  });
});

describe('pages that change', () => {
  it('an article that loads 1.5 s after the page is found and marked', async () => {
    const page = await b.context.newPage();
    await page.goto(server.url('/late.html'));
    const tabId = await tabIdOf(b, server.url('/late.html'));
    const first = await waitForState(b, tabId, (s) => s.kind !== 'working', 'first look');
    expect(first.kind).toBe('not-article'); // only "Loading…" so far
    const done = (await waitForState(b, tabId, isDone, 'the late article analysed')) as Done;
    printTimings('late article in Chromium', done);
    expect(done.claims.length).toBeGreaterThan(8);
    await expect.poll(() => highlightCounts(page), { timeout: 5_000 }).toEqual(expectedCounts(done));
    await page.close();
  });

  it('a single-page navigation (history.pushState, new article) is analysed as a new page', async () => {
    const { page, tabId, state: a } = await open('/spa/a');
    expect(a.claims.some((c) => c.text.includes('Lysychansk'))).toBe(true);
    await page.evaluate(() => (window as unknown as { goToB(): void }).goToB());
    const bState = (await waitForState(
      b,
      tabId,
      (s) => isDone(s) && s.url === server.url('/spa/b') && s.claims.some((c) => c.text.includes('Belgorod')),
      'article B analysed',
    )) as Done;
    printTimings('single-page navigation in Chromium', bState);
    expect(bState.title).toBe(SPA_B.title);
    expect(bState.claims.some((c) => c.text.startsWith('Hours later the General Staff'))).toBe(false);
    await expect.poll(() => highlightCounts(page), { timeout: 5_000 }).toEqual(expectedCounts(bState));
    // Every mark is on article B's text.
    const onB = await page.evaluate(() =>
      [...CSS.highlights.values()].flatMap((h) => [...h]).every((r) => document.querySelector('article')!.contains((r as Range).startContainer)),
    );
    expect(onB).toBe(true);
    await page.close();
  });

  it('more of the article arriving (infinite scroll) is analysed and marked; earlier marks stay', async () => {
    const { page, tabId, state: a } = await open('/spa/a');
    await page.evaluate((html) => {
      const p = document.createElement('p');
      p.innerHTML = html;
      document.querySelector('article')!.append(p);
    }, PARAS[7]!);
    const more = (await waitForState(b, tabId, (s) => isDone(s) && s.claims.some((c) => c.text.includes('Tochka-U')), 'the new paragraph analysed')) as Done;
    expect(more.scans).toBe(2);
    expect(more.claims.length).toBe(a.claims.length + 1);
    await expect.poll(() => highlightCounts(page), { timeout: 5_000 }).toEqual(expectedCounts(more));
    expect(more.claims.find((c) => c.text.includes('Tochka-U'))).toMatchObject({ status: 'disputed', anchored: true });
    await page.close();
  });

  it('a page that changes every 10 ms is not rescanned continuously', async () => {
    const { page, tabId, state } = await open('/ticker.html');
    const marks = await highlightCounts(page);
    const t0 = Date.now();
    await sleep(12_000);
    const s = (await getState(b, tabId)) as Done;
    const elapsed = (Date.now() - t0) / 1000;
    const ticks = await page.evaluate(() => document.getElementById('ticker')!.textContent);
    console.log(
      `ticker page: ${ticks} in ${elapsed.toFixed(1)} s; looked again ${s.looks} times, analyses ${s.scans}; content-script main thread ` +
        `${s.timings.mainThreadMs?.toFixed(1)} ms in all, longest task ${s.timings.longestTaskMs?.toFixed(1)} ms`,
    );
    expect(s.kind).toBe('done');
    // The article never changed: one analysis, and the marks are the same.
    expect(s.scans).toBe(1);
    // Batched and backed off: at 2 s, then 4 s, 8 s… apart — a handful of looks, not one per change (~1,200).
    expect(s.looks).toBeGreaterThan(0);
    expect(s.looks).toBeLessThanOrEqual(6);
    expect(await highlightCounts(page)).toEqual(marks);
    expect(s.claims.length).toBe(state.claims.length);
    await page.close();
  });
});

describe('the element fallback inside the extension (?crosscheck-renderer=elements)', () => {
  const path = '/static.html?crosscheck-renderer=elements';
  let page: Page;
  let tabId: number;
  let state: Done;
  const markCounts = () =>
    page.evaluate(() => {
      const out: Record<string, number> = { corroborated: 0, disputed: 0, 'single-sourced': 0 };
      const seen = new Set<string>();
      for (const el of document.querySelectorAll('crosscheck-mark')) {
        const key = (el as HTMLElement).dataset.index!;
        if (seen.has(key)) continue;
        seen.add(key);
        out[(el as HTMLElement).dataset.status!]!++;
      }
      return out;
    });
  const sameAsServed = () =>
    page.evaluate(async () => {
      const fresh = new DOMParser().parseFromString(await (await fetch(location.href)).text(), 'text/html');
      const a = document.querySelector('article')!;
      const f = fresh.querySelector('article')!;
      return { text: a.textContent === f.textContent, html: a.innerHTML === f.innerHTML };
    });

  beforeAll(async () => {
    ({ page, tabId, state } = await open(path));
  });
  afterAll(async () => {
    await writeSettings(b, null);
    await page.close();
  });

  it('wraps each marked claim, changes no text, and its own wrapping does not count as a page change', async () => {
    expect(await highlightCounts(page)).toEqual({ corroborated: 0, disputed: 0, 'single-sourced': 0 });
    expect(await markCounts()).toEqual(expectedCounts(state));
    expect(await sameAsServed()).toEqual({ text: true, html: false });
    await sleep(3_000);
    const s = (await getState(b, tabId)) as Done;
    expect(s.looks).toBe(0);
    expect(s.scans).toBe(1);
  });

  it('opens the hover card on a wrapped mark', async () => {
    const point = await page.evaluate(() => {
      const el = document.querySelector('crosscheck-mark[data-status="disputed"]')!;
      el.scrollIntoView({ block: 'center' });
      const r = el.getClientRects()[0]!;
      return { x: r.left + Math.min(20, r.width / 2), y: (r.top + r.bottom) / 2 };
    });
    await page.mouse.move(point.x, point.y);
    const card = page.locator('crosscheck-ui .cc-card');
    await card.waitFor({ state: 'visible', timeout: 5_000 });
    expect(await card.getAttribute('data-status')).toBe('disputed');
    await page.mouse.move(2, 2);
    await card.waitFor({ state: 'detached', timeout: 5_000 });
  });

  it('highlights switched off unwrap everything: the article is exactly as served; on again, marked again', async () => {
    await writeSettings(b, { ...DEFAULTS, highlights: false });
    await expect.poll(() => page.locator('crosscheck-mark').count(), { timeout: 5_000 }).toBe(0);
    expect(await sameAsServed()).toEqual({ text: true, html: true });
    await writeSettings(b, DEFAULTS);
    await expect.poll(markCounts, { timeout: 5_000 }).toEqual(expectedCounts(state));
  });

  it('re-anchors after the page re-renders the article', async () => {
    await page.evaluate(() => {
      const a = document.querySelector('article')!;
      const clean = a.cloneNode(true) as Element;
      for (const m of clean.querySelectorAll('crosscheck-mark')) m.replaceWith(...m.childNodes);
      clean.normalize();
      a.replaceWith(clean);
    });
    await expect.poll(markCounts, { timeout: 10_000 }).toEqual(expectedCounts(state));
    const s = (await getState(b, tabId)) as Done;
    expect(s.scans).toBe(1);
    expect(s.looks).toBeGreaterThan(0);
  });
});

describe('page colours and policies', () => {
  it('a dark page gets the light-on-dark palette', async () => {
    const { page } = await open('/dark.html');
    const [sheet] = await ourSheets(page);
    expect(sheet).toContain('134, 239, 172'); // the dark palette's green underline
    await page.close();
  });

  it('a strict CSP (style-src none) does not stop the marks', async () => {
    const { page, state } = await open('/csp.html');
    expect(await highlightCounts(page)).toEqual(expectedCounts(state));
    expect(await ourSheets(page)).toHaveLength(1);
    await page.close();
  });

  it('a page with an old instance’s leftovers is cleaned before marking', async () => {
    const { page, state } = await open('/stale.html');
    const r = await page.evaluate(() => ({
      marks: document.querySelectorAll('crosscheck-mark').length,
      uis: document.querySelectorAll('crosscheck-ui').length,
      staleText: document.getElementById('stale')!.textContent,
      staleNodes: document.getElementById('stale')!.childNodes.length,
      headerMarked: [...CSS.highlights.values()].flatMap((h) => [...h]).some((x) => document.querySelector('header')!.contains((x as Range).startContainer)),
    }));
    expect(r).toEqual({ marks: 0, uis: 1, staleText: 'Left behind by an old instance.', staleNodes: 1, headerMarked: false });
    expect(await ourSheets(page)).toHaveLength(1);
    expect(await highlightCounts(page)).toEqual(expectedCounts(state));
    await page.close();
  });
});

describe('the host page', () => {
  it('saw no errors from us', () => {
    expect(pageErrors.filter((e) => /crosscheck|context invalidated/i.test(e))).toEqual([]);
  });
});
