/**
 * The Firefox build (MV2) in real Firefox ESR, driven by puppeteer-core over WebDriver BiDi: the content script marks
 * the example article, the hover card shows sources, and the popup page lists the claims by status.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PageState } from '../../lib/ext/protocol';
import { ALLOWED_MISSES, checkYardstick, EXAMPLE_EXPECTATIONS, SEED_EXPECTATIONS } from '../expectations';
import { hasSeed, ROOT, servePages, type PageServer } from './pages';

const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
const EXTENSION_DIR = join(ROOT, '.output', 'firefox-mv2');
const GECKO_ID = 'crosscheck@crosscheck-extension.org';
/** Pinned so the popup has a known moz-extension:// address. */
const UUID = '6f1c7a52-4c8e-4d53-9d1e-3c1f0b6f5e21';
const SHOTS = join(ROOT, 'docs', 'screenshots');

/** `browser` inside extension pages, used in `page.evaluate` callbacks. */
declare const browser: {
  tabs: { query(q: object): Promise<{ id?: number }[]>; sendMessage(id: number, m: unknown): Promise<unknown> };
};

/**
 * Polls `fn` in the page until it returns true. Unlike waitForFunction it survives Firefox's remote agent failing an
 * evaluation while the page's realm is being set up ("right-hand side of 'in' should be an object, got null", seen
 * once in four runs right after goto): that attempt counts as false.
 */
async function until(page: Page, fn: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < end) {
    try {
      if (await page.evaluate(fn)) return;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${fn.toString().slice(0, 120)}${last ? ` (last error: ${String(last)})` : ''}`);
}

const available = existsSync(FIREFOX) && existsSync(join(EXTENSION_DIR, 'manifest.json'));
if (!available) console.warn(`skipping the Firefox tests: need ${FIREFOX} and a Firefox build in ${EXTENSION_DIR}`);

describe.skipIf(!available)('Firefox', () => {
  let server: PageServer;
  let ff: Browser;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    server = await servePages();
    ff = await puppeteer.launch({
      browser: 'firefox',
      executablePath: FIREFOX,
      headless: true,
      args: ['--remote-allow-system-access'],
      extraPrefsFirefox: { 'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: UUID }) },
    });
    await ff.installExtension(EXTENSION_DIR);
  });

  afterAll(async () => {
    await ff?.close();
    await server?.close();
  });

  /**
   * 1200×900 for the screenshots. puppeteer-core 24's setViewport also sends emulation.setScreenOrientationOverride,
   * which older Firefox ESR builds (140, Debian's on some machines) do not know: the viewport itself is set by then, so
   * that one unknown command is let pass; any other error fails the test.
   */
  async function sizeViewport(page: Page): Promise<void> {
    try {
      await page.setViewport({ width: 1200, height: 900 });
    } catch (e) {
      if (!/unknown command emulation\.setScreenOrientationOverride/.test(String(e))) throw e;
    }
  }

  /** Opens an extension page without awaiting navigation (it never resolves for moz-extension:// pages). */
  async function extensionPage(path: string): Promise<Page> {
    const p = await ff.newPage();
    void p.goto(`moz-extension://${UUID}/${path}`).catch(() => undefined);
    await until(p, () => document.readyState === 'complete' && typeof browser !== 'undefined', 15_000);
    return p;
  }

  it('marks the example article and lists its claims in the popup', async () => {
    const page = await ff.newPage();
    await sizeViewport(page);
    const url = server.url('/example.html');
    await page.goto(url);
    await until(page, () => (CSS.highlights.get('crosscheck-corroborated')?.size ?? 0) > 0, 20_000);

    // Find the tab and its state from an extension page, as the popup does.
    const probe = await extensionPage('popup.html');
    const found = await probe.evaluate(async (u) => {
      for (const t of await browser.tabs.query({})) {
        const s = (await browser.tabs.sendMessage(t.id!, { crosscheck: 1, type: 'getState' }).catch(() => null)) as { url?: string } | null;
        if (s?.url === u) return { id: t.id!, state: s };
      }
      return null;
    }, url);
    expect(found).not.toBeNull();
    const state = found!.state as PageState;
    expect(state.kind).toBe('done');
    if (state.kind !== 'done') return;
    const example = checkYardstick(state.claims, EXAMPLE_EXPECTATIONS);
    expect(example.wrong).toEqual([]);
    expect(example.missed.length).toBeLessThanOrEqual(ALLOWED_MISSES.example);
    const counts = await page.evaluate(() =>
      ['corroborated', 'disputed', 'single-sourced'].map((s) => CSS.highlights.get(`crosscheck-${s}`)?.size ?? 0),
    );
    expect(counts).toEqual(
      (['corroborated', 'disputed', 'single-sourced'] as const).map((s) => state.claims.filter((c) => c.status === s && c.anchored).length),
    );

    // Hover card.
    const point = await page.evaluate(() => {
      const r = [...CSS.highlights.get('crosscheck-disputed')!][0] as Range;
      r.startContainer.parentElement!.scrollIntoView({ block: 'center' });
      const rect = r.getClientRects()[0]!;
      return { x: rect.left + Math.min(30, rect.width / 2), y: (rect.top + rect.bottom) / 2 };
    });
    await page.mouse.move(point.x, point.y);
    await until(page, () => !!document.querySelector('crosscheck-ui')?.shadowRoot?.querySelector('.cc-card'), 5_000);
    const cardText = await page.evaluate(() => (document.querySelector('crosscheck-ui')!.shadowRoot!.querySelector('.cc-card') as HTMLElement).innerText);
    expect(cardText).toContain('Disputed');
    await page.screenshot({ path: join(SHOTS, 'firefox-hover-card.png') });

    // The popup page for that tab.
    await probe.close();
    const popup = await extensionPage(`popup.html?tab=${found!.id}`);
    await popup.waitForSelector('.cc-list', { timeout: 10_000 });
    for (const s of ['corroborated', 'disputed', 'single-sourced', 'unmatched'] as const) {
      const n = await popup.$eval(`.cc-summary li[data-status="${s}"] .cc-n`, (el) => (el as HTMLElement).innerText);
      expect(n, s).toBe(String(state.claims.filter((c) => c.status === s).length));
    }
    await popup.close();
    await page.close();
  });

  /** Errors and requests seen from a page: uncaught exceptions, console errors, and every request it made. */
  function watchPage(page: Page) {
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('pageerror', (e) => problems.push(`pageerror: ${e instanceof Error ? e.message : String(e)}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
    });
    page.on('request', (r) => requests.push(r.url()));
    return { problems, requests };
  }

  /** The state of the tab showing `url`, asked from an extension page as the popup does, once it has finished. */
  async function stateOf(url: string): Promise<{ id: number; state: PageState }> {
    const probe = await extensionPage('popup.html');
    try {
      for (let i = 0; i < 100; i++) {
        const found = await probe.evaluate(async (u) => {
          for (const t of await browser.tabs.query({})) {
            const s = (await browser.tabs.sendMessage(t.id!, { crosscheck: 1, type: 'getState' }).catch(() => null)) as { url?: string; kind?: string } | null;
            if (s?.url === u) return { id: t.id!, state: s };
          }
          return null;
        }, url);
        if (found && found.state.kind !== 'working') return found as { id: number; state: PageState };
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`no finished content script for ${url}`);
    } finally {
      await probe.close();
    }
  }

  it.skipIf(!hasSeed())('marks the seed article with the expected statuses, opens a card with sources, no errors', async () => {
    const page = await ff.newPage();
    await sizeViewport(page);
    const seen = watchPage(page);
    const url = server.url('/seed.html');
    await page.goto(url);
    const { state } = await stateOf(url);
    expect(state.kind, JSON.stringify(state).slice(0, 200)).toBe('done');
    if (state.kind !== 'done') return;
    const seed = checkYardstick(state.claims, SEED_EXPECTATIONS);
    expect(seed.wrong).toEqual([]);
    expect(seed.missed.length).toBeLessThanOrEqual(ALLOWED_MISSES.seed);
    for (const c of state.claims) if (c.status !== 'unmatched') expect(c.anchored, `"${c.text.slice(0, 40)}" is marked`).toBe(true);
    const counts = await page.evaluate(() =>
      ['corroborated', 'disputed', 'single-sourced'].map((s) => CSS.highlights.get(`crosscheck-${s}`)?.size ?? 0),
    );
    expect(counts).toEqual(
      (['corroborated', 'disputed', 'single-sourced'] as const).map((s) => state.claims.filter((c) => c.status === s && c.anchored).length),
    );

    // Hover a corroborated claim: the card shows its status and linked sources.
    const point = await page.evaluate(() => {
      const r = [...CSS.highlights.get('crosscheck-corroborated')!][0] as Range;
      r.startContainer.parentElement!.scrollIntoView({ block: 'center' });
      const rect = r.getClientRects()[0]!;
      return { x: rect.left + Math.min(30, rect.width / 2), y: (rect.top + rect.bottom) / 2 };
    });
    await page.mouse.move(point.x, point.y);
    await until(page, () => !!document.querySelector('crosscheck-ui')?.shadowRoot?.querySelector('.cc-card'), 5_000);
    const card = await page.evaluate(() => {
      const el = document.querySelector('crosscheck-ui')!.shadowRoot!.querySelector('.cc-card') as HTMLElement;
      return { text: el.innerText, hrefs: [...el.querySelectorAll('.cc-reports a')].map((a) => (a as HTMLAnchorElement).href) };
    });
    expect(card.text).toContain('Corroborated');
    expect(card.hrefs.length).toBeGreaterThan(1);
    for (const h of card.hrefs) expect(h).toMatch(/^https?:\/\//);

    expect(seen.problems).toEqual([]);
    // Only the page itself was fetched: the extension made no request from the page.
    expect(seen.requests.filter((u) => !/^(http:\/\/127\.0\.0\.1:|data:|blob:|moz-extension:)/.test(u))).toEqual([]);
    await page.close();
  });

  it('reads the example article without errors in the page or the content script', async () => {
    const page = await ff.newPage();
    const seen = watchPage(page);
    const url = server.url('/example.html?errors');
    await page.goto(url);
    const { state } = await stateOf(url);
    expect(state.kind).toBe('done');
    expect(seen.problems).toEqual([]);
    expect(seen.requests.filter((u) => !/^(http:\/\/127\.0\.0\.1:|data:|blob:|moz-extension:)/.test(u))).toEqual([]);
    await page.close();
  });
});

if (!hasSeed()) console.warn('skipping the Firefox seed article test: ../shared/seed is not present');
