/**
 * Accessibility and looks of the popup and the hover card in real Chromium with the built extension: axe-core runs in
 * the popup page (with claims, and in its empty states) and over the hover card in its shadow root, in light and dark
 * colour schemes. Fails on any serious or critical violation; prints the rest. Saves light and dark screenshots under
 * docs/screenshots/.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PageState } from '../../lib/ext/protocol';
import { launchWithExtension, type Launched } from './chromium';
import { ROOT, servePages, type PageServer } from './pages';
import { tabIdOf as tabIdOfWorker } from './watch';

declare const chrome: {
  tabs: { query(q: object): Promise<{ id?: number; url?: string }[]>; sendMessage(id: number, m: unknown): Promise<unknown> };
  storage: { local: { get(key: string): Promise<Record<string, unknown>> } };
};
interface AxeResult {
  id: string;
  impact: 'minor' | 'moderate' | 'serious' | 'critical' | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}
declare const axe: { run(context: unknown, options: object): Promise<{ violations: AxeResult[]; passes: unknown[] }> };

const SHOTS = join(ROOT, 'docs', 'screenshots');
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const SCHEMES = ['light', 'dark'] as const;

let server: PageServer;
let b: Launched;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  server = await servePages();
  b = await launchWithExtension();
});

afterAll(async () => {
  await b?.context.close();
  await server?.close();
});

/**
 * Runs axe-core in the page. The extension's CSP forbids inline scripts, so `addScriptTag` cannot inject it into the
 * popup; evaluating the source over the DevTools protocol is not subject to the page's CSP and works in both.
 */
async function runAxe(page: Page, label: string, context: unknown = null) {
  const loaded = await page.evaluate(() => typeof (globalThis as { axe?: unknown }).axe !== 'undefined');
  if (!loaded) await page.evaluate(AXE_SOURCE);
  const { violations, passes } = await page.evaluate(
    async (ctx) => {
      const r = await axe.run(ctx ?? document, { resultTypes: ['violations'] });
      return { violations: r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) })), passes: r.passes.length };
    },
    context,
  );
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const minor = violations.filter((v) => !serious.includes(v));
  console.log(
    `axe ${label}: ${passes} rules passed, ${violations.length} violations` +
      (minor.length ? ` (minor/moderate: ${minor.map((v) => `${v.id} [${v.impact}] ×${v.nodes.length}: ${v.help}`).join('; ')})` : ''),
  );
  const describe = (v: AxeResult) =>
    `${v.id} [${v.impact}] ${v.help}\n${v.nodes.map((n) => `  ${JSON.stringify(n.target)}: ${n.failureSummary ?? ''}`).join('\n')}`;
  expect(serious.map(describe), `serious or critical axe violations in ${label}`).toEqual([]);
}

/** The tab whose content script reports `url` (no "tabs" permission needed: each content script knows its page). */
const tabIdOf = (url: string): Promise<number> => tabIdOfWorker(b.worker, url);

async function openPopup(tabId: number, scheme: 'light' | 'dark'): Promise<Page> {
  const popup = await b.context.newPage();
  await popup.emulateMedia({ colorScheme: scheme });
  await popup.setViewportSize({ width: 400, height: 600 });
  await popup.goto(`chrome-extension://${b.extensionId}/popup.html?tab=${tabId}`);
  return popup;
}

/** Screenshot of the popup as the browser would size it: the body's own height. */
async function shootPopup(popup: Page, name: string) {
  const height = await popup.evaluate(() => Math.ceil(document.body.getBoundingClientRect().height));
  await popup.screenshot({ path: join(SHOTS, name), clip: { x: 0, y: 0, width: 400, height: Math.min(600, Math.max(120, height)) } });
}

describe('the popup on an article with claims', () => {
  let article: Page;
  let tabId: number;

  beforeAll(async () => {
    article = await b.context.newPage();
    await article.goto(server.url('/example.html'));
    tabId = await tabIdOf(server.url('/example.html'));
  });

  for (const scheme of SCHEMES) {
    it(`has no serious accessibility violations (${scheme}), with a claim's details open too`, async () => {
      const popup = await openPopup(tabId, scheme);
      await popup.locator('.cc-list').waitFor();
      const bg = await popup.evaluate(() => getComputedStyle(document.body).backgroundColor);
      expect(bg, 'dark mode follows prefers-color-scheme').toBe(scheme === 'dark' ? 'rgb(29, 35, 44)' : 'rgb(255, 255, 255)');
      await runAxe(popup, `popup with claims (${scheme})`);
      await shootPopup(popup, `popup-claims-${scheme}.png`);
      // The first disputed claim's card, opened in place.
      await popup.locator('.cc-group-section[data-status="disputed"] .cc-more').first().click();
      await popup.locator('.cc-details .cc-card').waitFor();
      expect(await popup.locator('.cc-details .cc-reports a').count()).toBeGreaterThan(0);
      await runAxe(popup, `popup with a claim's details (${scheme})`);
      // The claim with its card at the top of the list (below the sticky status heading).
      await popup.locator('.cc-details').evaluate((el) => {
        const list = el.closest('.cc-list')!;
        const row = el.closest('li')!;
        list.scrollTop += row.getBoundingClientRect().top - list.getBoundingClientRect().top - 34;
      });
      await popup.screenshot({ path: join(SHOTS, `popup-details-${scheme}.png`) });
      await popup.close();
    });
  }

  it('"this match looks wrong" in the popup records the report in the extension’s local storage', async () => {
    const popup = await openPopup(tabId, 'light');
    const row = popup.locator('.cc-group-section[data-status="single-sourced"] .cc-row').first();
    await row.locator('.cc-more').click();
    const sentence = await row.locator('.cc-item-text').innerText();
    await row.getByRole('button', { name: 'This match looks wrong' }).click();
    await expect.poll(() => row.getByRole('status').innerText()).toContain('Recorded');
    const stored = (await b.worker.evaluate(async () => (await chrome.storage.local.get('falseMatches')).falseMatches)) as { url: string; sentence: string }[];
    expect(stored.map((f) => [f.url, f.sentence])).toEqual([[server.url('/example.html'), sentence]]);
    // Opened again, the popup knows it was reported.
    await popup.reload();
    await popup.locator('.cc-group-section[data-status="single-sourced"] .cc-row').first().locator('.cc-more').click();
    await expect.poll(() => popup.locator('.cc-details .cc-reported').count()).toBe(1);
    await popup.close();
  });

  it('is usable from the keyboard alone: Tab reaches the claims, ↓ moves, Enter reveals the claim on the page', async () => {
    const popup = await openPopup(tabId, 'light');
    await popup.locator('.cc-list').waitFor();
    let focused = '';
    for (let i = 0; i < 6 && !focused.includes('cc-item'); i++) {
      await popup.keyboard.press('Tab');
      focused = await popup.evaluate(() => document.activeElement?.className ?? '');
    }
    expect(focused).toContain('cc-item');
    const first = await popup.evaluate(() => (document.activeElement as HTMLElement).dataset.index);
    // The focus ring is visible.
    const outline = await popup.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    expect(outline).toBe('solid');
    await popup.keyboard.press('ArrowDown');
    const second = await popup.evaluate(() => (document.activeElement as HTMLElement).dataset.index);
    expect(second).not.toBe(first);
    await popup.keyboard.press('Enter');
    const card = article.locator('crosscheck-ui .cc-card');
    await card.waitFor({ state: 'visible', timeout: 5_000 });
    await popup.close();
    // The revealed card is pinned: its close button closes it.
    await article.bringToFront();
    await card.locator('.cc-close').click();
    await card.waitFor({ state: 'detached', timeout: 5_000 });
  });

  for (const scheme of SCHEMES) {
    it(`the hover card has no serious accessibility violations (${scheme})`, async () => {
      await article.bringToFront();
      await article.emulateMedia({ colorScheme: scheme });
      await article.mouse.move(5, 5);
      await article.locator('crosscheck-ui .cc-card').waitFor({ state: 'detached', timeout: 5_000 });
      const point = await article.evaluate(() => {
        // The General Staff figure: its card shows the figure check; any disputed claim otherwise.
        const all = [...CSS.highlights.values()].flatMap((h) => [...h] as Range[]);
        const r = all.find((x) => x.toString().includes('35,970')) ?? ([...CSS.highlights.get('crosscheck-disputed')!][0] as Range);
        r.startContainer.parentElement!.scrollIntoView({ block: 'start' });
        window.scrollBy(0, -120);
        const rect = r.getClientRects()[0]!;
        return { x: rect.left + Math.min(30, rect.width / 2), y: (rect.top + rect.bottom) / 2 };
      });
      await article.mouse.move(point.x, point.y);
      const card = article.locator('crosscheck-ui .cc-card');
      await card.waitFor({ state: 'visible', timeout: 5_000 });
      const bg = await card.evaluate((el) => getComputedStyle(el).backgroundColor);
      expect(bg).toBe(scheme === 'dark' ? 'rgb(29, 35, 44)' : 'rgb(255, 255, 255)');
      // Our example's General Staff figure, checked in plain words against the dated report it comes from.
      expect(await card.locator('.cc-figures').innerText()).toMatch(/35,970 = General Staff of the Armed Forces of Ukraine, July 3, 2022/);
      await runAxe(article, `hover card (${scheme})`, { include: [['crosscheck-ui']] });
      await article.screenshot({ path: join(SHOTS, `hover-card-${scheme}.png`) });
    });
  }
});

describe('the popup in its empty states', () => {
  it('not an article: the reason, in light and dark, without serious violations', async () => {
    const page = await b.context.newPage();
    await page.goto(server.url('/not-article.html'));
    const tabId = await tabIdOf(server.url('/not-article.html'));
    for (const scheme of SCHEMES) {
      const popup = await openPopup(tabId, scheme);
      await expect.poll(() => popup.locator('main').innerText()).toContain('No article here.');
      // The per-site switches are there for a web page.
      expect(await popup.getByRole('checkbox', { name: 'Never scan this site' }).count()).toBe(1);
      await runAxe(popup, `popup, not an article (${scheme})`);
      await shootPopup(popup, `popup-empty-${scheme}.png`);
      await popup.close();
    }
    await page.close();
  });

  it('a browser page where no content script runs: "can’t read this page", without serious violations', async () => {
    const page = await b.context.newPage();
    await page.goto('chrome://version/');
    // Without the "tabs" permission the worker cannot read tab addresses: the newest tab where no content script
    // answers is the one just opened.
    const tabId = await b.worker.evaluate(async () => {
      const silent: number[] = [];
      for (const t of await chrome.tabs.query({}))
        if ((await chrome.tabs.sendMessage(t.id!, { crosscheck: 1, type: 'getState' }).catch(() => null)) === null) silent.push(t.id!);
      return silent.length ? Math.max(...silent) : null;
    });
    expect(tabId, 'the chrome://version tab').not.toBeNull();
    const popup = await openPopup(tabId!, 'light');
    await expect.poll(() => popup.locator('main').innerText()).toContain('Crosscheck can’t read this page.');
    expect(await popup.getByRole('checkbox').count()).toBe(0);
    await runAxe(popup, 'popup, browser page');
    await shootPopup(popup, 'popup-unreachable-light.png');
    await popup.close();
    await page.close();
  });
});
