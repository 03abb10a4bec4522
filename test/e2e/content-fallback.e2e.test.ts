/**
 * Both renderers of lib/dom/highlighter.ts in real Chromium, on a page of ours: the module (with lib/dom/anchor.ts) is
 * bundled with esbuild and loaded by the page itself, so the element fallback can be chosen the way it is in a
 * browser without the Custom Highlight API — by hiding `CSS.highlights` — and checked: the page's text is unchanged,
 * each status has its own underline, hit-testing works, and clear() leaves the page's DOM exactly as it was.
 */
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM } from './chromium';
import { serveContentPages, type ContentServer } from './content-helpers';
import { ROOT } from './pages';

let server: ContentServer;
let browser: Browser;

/** The window global the bundle defines. */
type CC = typeof import('../../lib/page/highlighter') & typeof import('../../lib/page/anchor');
declare const CC: CC;

beforeAll(async () => {
  const bundle = await build({
    stdin: { contents: "export * from './lib/page/highlighter'; export * from './lib/page/anchor';", resolveDir: ROOT, loader: 'ts' },
    bundle: true,
    format: 'iife',
    globalName: 'CC',
    write: false,
    target: 'es2022',
  });
  server = await serveContentPages({ '/cc.js': { body: bundle.outputFiles[0]!.text, type: 'text/javascript' } });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless=new', '--no-sandbox', '--disable-gpu'] });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** The sentences we mark, with the status each gets. */
const SENTENCES: [string, 'corroborated' | 'disputed' | 'single-sourced'][] = [
  ["Russia's defence ministry said on Sunday that its troops", 'corroborated'],
  ['Separatist commanders had earlier claimed', 'disputed'],
  ['Defence Minister Sergei Shoigu told President Vladimir Putin', 'single-sourced'],
  ['The General Staff said its troops had withdrawn from the city.', 'disputed'], // spans <em> and <a>
];

async function openPage(hideHighlights: boolean): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
  if (hideHighlights) await page.addInitScript(() => Object.defineProperty(CSS, 'highlights', { value: undefined, configurable: true }));
  await page.goto(server.url('/highlighter.html'));
  await page.waitForFunction(() => typeof (window as { CC?: unknown }).CC === 'object');
  return page;
}

/** Marks the sentences (anchored with the module's own text-quote anchoring) and returns what the page looks like. */
const markAll = (page: Page) =>
  page.evaluate((sentences) => {
    const w = window as unknown as { h: ReturnType<typeof CC.createHighlighter> };
    const map = CC.buildTextMap(document.body);
    const marks = sentences.map(([start, status], index) => {
      const at = map.text.indexOf(start);
      const end = map.text.indexOf('.', at + start.length - 1) + 1;
      const found = CC.anchorQuote(map, { exact: map.text.slice(at, end), prefix: '', suffix: '' })!;
      return { index, status, range: found.range };
    });
    w.h = CC.createHighlighter(document);
    w.h.set(marks);
    return w.h.kind;
  }, SENTENCES);

const snapshot = (page: Page) =>
  page.evaluate(() => ({
    html: document.body.innerHTML,
    text: document.body.textContent,
    styles: document.querySelectorAll('style').length,
    textNodes: (() => {
      const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      let n = 0;
      while (w.nextNode()) n++;
      return n;
    })(),
  }));

describe('the element fallback (no CSS.highlights)', () => {
  let page: Page;
  let before: Awaited<ReturnType<typeof snapshot>>;

  beforeAll(async () => {
    page = await openPage(true);
    before = await snapshot(page);
  });

  it('is chosen automatically and wraps each marked run in a crosscheck-mark', async () => {
    expect(await page.evaluate(() => CC.highlightsSupported())).toBe(false);
    expect(await markAll(page)).toBe('elements');
    const byStatus = await page.evaluate(() =>
      Object.fromEntries(['corroborated', 'disputed', 'single-sourced'].map((s) => [s, document.querySelectorAll(`crosscheck-mark[data-status="${s}"]`).length])),
    );
    // The last sentence crosses <em> and <a>: one element per text run, 5 runs ("The ", "General Staff", " said its troops had ", "withdrawn", " from the city.").
    expect(byStatus).toEqual({ corroborated: 1, disputed: 1 + 5, 'single-sourced': 1 });
  });

  it('changes no text, adds no <style> element, and underlines each status its own way', async () => {
    const now = await snapshot(page);
    expect(now.text).toBe(before.text);
    expect(now.styles).toBe(before.styles);
    const looks = await page.evaluate(() =>
      Object.fromEntries(
        ['corroborated', 'disputed', 'single-sourced'].map((s) => {
          const el = document.querySelector(`crosscheck-mark[data-status="${s}"]`)!;
          const cs = getComputedStyle(el);
          const parent = getComputedStyle(el.parentElement!);
          return [s, { line: cs.textDecorationLine, style: cs.textDecorationStyle, sameFont: cs.font === parent.font, display: cs.display }];
        }),
      ),
    );
    expect(looks).toEqual({
      corroborated: { line: 'underline', style: 'solid', sameFont: true, display: 'inline' },
      disputed: { line: 'underline', style: 'wavy', sameFont: true, display: 'inline' },
      'single-sourced': { line: 'underline', style: 'dashed', sameFont: true, display: 'inline' },
    });
  });

  it('hit-tests, measures and activates a mark', async () => {
    const r = await page.evaluate(() => {
      const w = window as unknown as { h: ReturnType<typeof CC.createHighlighter> };
      const rect = w.h.rect(1)!;
      const hit = w.h.hit(rect.left + 5, (rect.top + rect.bottom) / 2);
      const miss = w.h.hit(2, 2);
      w.h.activate(1);
      const active = document.querySelectorAll('crosscheck-mark[data-active]').length;
      const range = w.h.range(3)!.toString();
      return { hit, miss, active, range, indices: w.h.indices };
    });
    expect(r).toEqual({ hit: 1, miss: undefined, active: 1, range: 'The General Staff said its troops had withdrawn from the city.', indices: [0, 1, 2, 3] });
  });

  it('clear() unwraps and merges the split text nodes: the page is exactly as it was', async () => {
    await page.evaluate(() => (window as unknown as { h: { clear(): void } }).h.clear());
    expect(await snapshot(page)).toEqual(before);
    expect(await page.evaluate(() => document.adoptedStyleSheets.length)).toBe(0);
  });
});

describe('the Custom Highlight renderer', () => {
  it('is chosen where CSS.highlights exists, changes no DOM, and clear() removes its highlights and sheet', async () => {
    const page = await openPage(false);
    const before = await snapshot(page);
    expect(await markAll(page)).toBe('highlight-api');
    expect(await snapshot(page)).toEqual(before);
    const r = await page.evaluate(() => ({
      sizes: ['corroborated', 'disputed', 'single-sourced'].map((s) => CSS.highlights.get(`crosscheck-${s}`)?.size ?? 0),
      sheets: document.adoptedStyleSheets.length,
    }));
    expect(r).toEqual({ sizes: [1, 2, 1], sheets: 1 });
    const hit = await page.evaluate(() => {
      const w = window as unknown as { h: ReturnType<typeof CC.createHighlighter> };
      const rect = w.h.rect(0)!;
      return w.h.hit(rect.left + 5, (rect.top + rect.bottom) / 2);
    });
    expect(hit).toBe(0);
    await page.evaluate(() => (window as unknown as { h: { clear(): void } }).h.clear());
    expect(await page.evaluate(() => ({ n: CSS.highlights.size, sheets: document.adoptedStyleSheets.length }))).toEqual({ n: 0, sheets: 0 });
    await page.close();
  });
});
