/**
 * The options page in real Chromium (the built extension, loaded unpacked): import a pack file through the file input
 * and see its claim used on a page served from 127.0.0.1 (and counted in the pack info and the badge); import bad
 * files and see the exact error with the stored state unchanged; fill chrome.storage.local's real quota (about 10 MB
 * without `unlimitedStorage`) and see the clear message; no serious or critical axe-core violations, light and dark.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PageState } from '../../lib/ext/protocol';
import { launchWithExtension, type Launched } from './chromium';
import { ROOT } from './pages';
import { tabIdOf as tabIdOfWorker } from './watch';

declare const chrome: {
  tabs: { query(q: object): Promise<{ id?: number }[]>; sendMessage(id: number, m: unknown): Promise<unknown> };
  action: { getBadgeText(d: { tabId: number }): Promise<string>; getTitle(d: { tabId: number }): Promise<string> };
  storage: { local: { get(k: null | string): Promise<Record<string, unknown>>; getBytesInUse(k: null): Promise<number> } };
};
declare const axe: { run(ctx?: unknown, opts?: unknown): Promise<{ passes: unknown[]; violations: { id: string; impact: string | null; help: string; nodes: { target: unknown }[] }[] }> };

const require = createRequire(import.meta.url);
const FIXTURE = join(ROOT, 'test', 'fixtures', 'packs', 'belgorod-extra.json');
const IMPORTED_ID = 'test-belgorod-extra:belgorod-festival-called-off';

// Our own words: a short report about the Belgorod night of 3 July 2022. The last paragraph's sentence is what the
// imported pack's claim is about (the festival events called off, reported by The Insider); the bundled pack has no
// claim for it.
const FESTIVAL = 'Organisers in Belgorod called off the festivities planned for Sunday, 3 July, a local media editor told The Insider.';
const ARTICLE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A night of blasts in Belgorod</title></head>
<body><header><a href="/">Test news</a></header><article><h1>A night of blasts in Belgorod</h1>
<p>Residents of the Russian border city of Belgorod woke to a series of loud blasts in the early hours of Sunday, 3 July 2022. Several houses were damaged and windows were shattered across a residential district, according to local accounts gathered during the day.</p>
<p>Regional officials gave changing accounts through the morning, and the causes of the explosions were still being discussed in the evening. Neighbours helped one another board up windows and clear glass from the streets.</p>
<p>${FESTIVAL} Locals described it as the most frightening night they had known in the city for months.</p>
<p>By the afternoon traffic had returned to most streets, and repair crews were at work in the worst-hit courtyards while people queued to register damage to their homes.</p>
</article></body></html>`;

let b: Launched;
let server: Server;
let base = '';
const requests: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    if ((req.url ?? '/').split('?')[0] === '/belgorod.html') res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(ARTICLE);
    else res.writeHead(404).end('not found');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  b = await launchWithExtension();
  b.context.on('request', (r) => requests.push(r.url()));
});

afterAll(async () => {
  await b?.context.close();
  await new Promise((r) => server?.close(r));
});

const tabIdOf = (url: string): Promise<number> => tabIdOfWorker(b.worker, url);

async function analysed(): Promise<{ page: Page; tabId: number; state: Extract<PageState, { kind: 'done' }> }> {
  const page = await b.context.newPage();
  const url = `${base}/belgorod.html?${Date.now()}`;
  await page.goto(url);
  const tabId = await tabIdOf(url);
  for (let i = 0; i < 100; i++) {
    const s = (await b.worker.evaluate((id) => chrome.tabs.sendMessage(id, { crosscheck: 1, type: 'getState' }), tabId).catch(() => null)) as PageState | null;
    if (s && s.kind === 'done') return { page, tabId, state: s };
    if (s && s.kind !== 'working') throw new Error(`expected an analysed article, got ${JSON.stringify(s)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the content script did not finish');
}

/**
 * What the extension stores, without WXT's version records (`<key>$`): WXT writes those on its own schedule (a
 * settings item records its version when first read), so they are not the user's data a failed import could touch.
 */
const stored = async () =>
  Object.fromEntries(Object.entries(await b.worker.evaluate(() => chrome.storage.local.get(null))).filter(([k]) => !k.endsWith('$')));

async function openOptions(): Promise<Page> {
  const page = await b.context.newPage();
  await page.goto(`chrome-extension://${b.extensionId}/options.html`);
  await page.getByRole('heading', { level: 1, name: 'Crosscheck settings' }).waitFor();
  return page;
}

async function axeViolations(page: Page) {
  // Extension pages forbid inline scripts (CSP `script-src 'self'`), so addScriptTag is refused; evaluating the
  // source over the DevTools protocol is not subject to the page's CSP.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
  const { violations, passes } = await page.evaluate(() => axe.run(document, { resultTypes: ['violations'] }));
  console.log(`axe-core: ${passes.length} rules passed, ${violations.length} with violations (${violations.map((v) => `${v.id}: ${v.impact}`).join(', ') || 'none'})`);
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.help} at ${JSON.stringify(v.nodes.map((n) => n.target))}`);
}

describe('options page: importing reference packs', () => {
  let options: Page;

  it('the bundled pack alone does not match the sentence', async () => {
    const { page, state } = await analysed();
    const claim = state.claims.find((c) => c.text === FESTIVAL);
    expect(claim?.status ?? 'not check-worthy').toBe('unmatched');
    expect(state.pack.imported ?? []).toEqual([]);
    await page.close();
  });

  it('has no serious or critical accessibility violations, in light and dark mode', async () => {
    options = await openOptions();
    expect(await axeViolations(options)).toEqual([]);
    await options.emulateMedia({ colorScheme: 'dark' });
    expect(await options.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(29, 35, 44)');
    expect(await axeViolations(options)).toEqual([]);
    await options.emulateMedia({ colorScheme: 'light' });
    await options.screenshot({ path: join(ROOT, 'docs', 'screenshots', 'options.png'), fullPage: true });
  });

  it('imports a pack file chosen in the file input and lists it', async () => {
    await options.getByLabel(/^Import a pack file/).setInputFiles(FIXTURE);
    await options.getByRole('status').filter({ hasText: 'Imported “Test pack: Belgorod, 3 July 2022” (claims: 1 · statements: 1 · origins: 0).' }).waitFor();
    const item = options.locator('li.cc-pack[data-pack-id="test-belgorod-extra"]');
    expect(await item.locator('.cc-pack-counts').innerText()).toBe('claims: 1 · statements: 1 · origins: 0 · outlets: 0');
    expect(await options.getByText('No packs imported yet.').count()).toBe(0);
  });

  it('the imported claim is used on a page, counted in the pack info and the badge', async () => {
    const { page, tabId, state } = await analysed();
    const claim = state.claims.find((c) => c.text === FESTIVAL);
    expect(claim?.match?.id).toBe(IMPORTED_ID);
    expect(claim?.status).toBe('single-sourced');
    expect(claim?.anchored).toBe(true);
    expect(state.pack.imported).toEqual([
      { id: 'test-belgorod-extra', title: 'Test pack: Belgorod, 3 July 2022', version: '2026.1', claims: 1, statements: 1, origins: 0, outlets: 0, enabled: true },
    ]);
    const flagged = state.claims.filter((c) => c.status === 'disputed' || c.status === 'single-sourced').length;
    expect(flagged).toBeGreaterThan(0);
    const badge = await b.worker.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId);
    expect(badge).toBe(String(flagged));
    expect(await b.worker.evaluate((id) => chrome.action.getTitle({ tabId: id }), tabId)).toMatch(/^Crosscheck: \d+ disputed, \d+ single-sourced, \d+ corroborated, \d+ not in the reference set$/);
    await page.close();
  });

  it('imports schema.org ClaimReview JSON-LD (@graph) and lists it as such', async () => {
    // Built from a real claim of our data: the Kremlin's statement (claimant) and EU officials' rejection of it
    // (the review), with the outlet, date and URL of that rejection's report; "False" encodes its stance.
    const pack = JSON.parse(readFileSync(join(ROOT, 'data', 'build', 'pack.json'), 'utf8'));
    const claim = pack.claims.find((c: { id: string }) => c.id === 'food-sanctions-blamed-for-crisis');
    const said = claim.statements.find((x: { origin: string }) => x.origin === 'kremlin');
    const eu = claim.statements.find((x: { origin: string; stance: string }) => x.origin === 'eu-officials' && x.stance === 'disputes');
    const name = (id: string) => pack.origins.find((o: { id: string }) => o.id === id).name;
    const doc = {
      '@context': 'https://schema.org',
      '@graph': [
        {
          '@type': 'ClaimReview',
          claimReviewed: claim.text,
          url: eu.reports[0].url,
          datePublished: eu.reports[0].date,
          author: { '@type': 'Organization', name: name('eu-officials') },
          itemReviewed: { '@type': 'Claim', author: { '@type': 'Organization', name: name('kremlin') }, datePublished: said.date },
          reviewRating: { '@type': 'Rating', alternateName: 'False' },
        },
      ],
    };
    await options.getByLabel(/^Import a pack file/).setInputFiles({ name: 'food-review.jsonld', mimeType: 'application/ld+json', buffer: Buffer.from(JSON.stringify(doc)) });
    await options.getByRole('status').filter({ hasText: 'Imported “ClaimReview: food-review” (claims: 1 · statements: 2 · origins: 2).' }).waitFor();
    const item = options.locator('li.cc-pack[data-pack-id="claimreview-food-review"]');
    expect(await item.innerText()).toContain('ClaimReview');
    await options.getByRole('button', { name: 'Remove the pack “ClaimReview: food-review”' }).click();
    await item.waitFor({ state: 'detached' });
  });

  it('a bad file shows exactly what is wrong and changes nothing', async () => {
    const before = await stored();
    const bad = JSON.parse(readFileSync(FIXTURE, 'utf8'));
    bad.id = 'test-bad';
    bad.claims[0].statements[0].origin = 'nobody';
    await options.getByLabel(/^Import a pack file/).setInputFiles({ name: 'bad-pack.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bad)) });
    const alert = options.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toBe(
      '“bad-pack.json” was not imported:\n\nat claims[0].statements[0].origin: unknown origin "nobody"\n\nNothing was changed: your imported packs and settings are as they were.',
    );
    await options.getByLabel(/^Import a pack file/).setInputFiles({ name: 'cut.json', mimeType: 'application/json', buffer: Buffer.from('{"id": "test-cut", "claims": [') });
    await options.getByRole('alert').filter({ hasText: '“cut.json” was not imported:' }).waitFor();
    expect(await options.getByRole('alert').locator('li').innerText()).toMatch(/^not valid JSON: /);
    expect(await stored()).toEqual(before);
    expect(await options.locator('li.cc-pack').count()).toBe(1);
  });

  it('a 50 MB file is refused by size with the limit', async () => {
    const before = await stored();
    // Generated here (never committed) and written to a temporary file: Playwright passes large files by path.
    const dir = mkdtempSync(join(tmpdir(), 'crosscheck-huge-'));
    const huge = join(dir, 'huge.json');
    writeFileSync(huge, Buffer.alloc(50 * 1024 * 1024, 0x20));
    try {
      await options.getByLabel(/^Import a pack file/).setInputFiles(huge);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    await options.getByRole('alert').filter({ hasText: '“huge.json” was not imported:' }).waitFor();
    expect(await options.getByRole('alert').locator('li').innerText()).toBe('the file is 50 MB; the limit is 8 MB (browser storage for extensions holds about 10 MB)');
    expect(await stored()).toEqual(before);
  });

  it('storage full (the real chrome.storage.local quota): a clear message, the previous packs stay', async () => {
    // Two packs under the 8 MB file limit that do not fit in storage together. The bulk is padding in the licence
    // field; the claim is the fixture's.
    const big = (id: string, mb: number) => {
      const p = JSON.parse(readFileSync(FIXTURE, 'utf8'));
      p.id = id;
      p.title = `Test pack ${id}`;
      p.licences = [`Test padding: ${'x'.repeat(mb * 1024 * 1024)}`];
      return { name: `${id}.json`, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(p)) };
    };
    const input = options.getByLabel(/^Import a pack file/);
    await input.setInputFiles(big('test-big-a', 4.5));
    await options.getByRole('status').filter({ hasText: 'Imported “Test pack test-big-a”' }).waitFor();
    const before = await stored();
    const used = await b.worker.evaluate(() => chrome.storage.local.getBytesInUse(null));
    console.log(`storage in use before the second big pack: ${(used / 1024 / 1024).toFixed(2)} MB`);

    await input.setInputFiles(big('test-big-b', 6));
    const alert = options.getByRole('alert').filter({ hasText: '“test-big-b.json” was not imported:' });
    await alert.waitFor({ timeout: 30_000 });
    expect(await alert.locator('li').innerText()).toMatch(
      /^not enough browser storage for this pack \(about 10\.\d MB with the packs already imported; extensions get about 10 MB\)\. Remove an imported pack and try again\. Nothing was changed$/,
    );
    expect(await stored()).toEqual(before);
    expect(await options.locator('li.cc-pack').evaluateAll((els) => els.map((e) => e.getAttribute('data-pack-id')))).toEqual(['test-belgorod-extra', 'test-big-a']);

    // Removing it frees the space again.
    await options.getByRole('button', { name: 'Remove the pack “Test pack test-big-a”' }).click();
    await options.getByRole('status').filter({ hasText: 'Removed “Test pack test-big-a”.' }).waitFor();
    expect(((await stored()).packs as unknown[]).length).toBe(1);
  });

  it('keyboard: every control is reached with Tab and has a visible focus ring', async () => {
    await options.reload();
    await options.getByRole('heading', { level: 1 }).waitFor();
    const reached = new Set<string>();
    for (let i = 0; i < 40; i++) {
      await options.keyboard.press('Tab');
      const info = await options.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el || el === document.body) return null;
        const style = getComputedStyle(el);
        return { key: el.id || el.getAttribute('aria-label') || el.textContent || el.tagName, outline: style.outlineStyle !== 'none' && style.outlineWidth !== '0px' };
      });
      if (!info) continue;
      expect(info.outline, info.key).toBe(true);
      reached.add(info.key);
    }
    for (const id of ['cc-autoscan', 'cc-highlights', 'cc-minscore', 'cc-site-host', 'cc-site-rule', 'cc-import-file']) expect([...reached]).toContain(id);
  });

  it('made no network requests besides the test page', () => {
    const foreign = requests.filter((u) => !u.startsWith(base) && !u.startsWith('chrome-extension://'));
    expect(foreign).toEqual([]);
  });
});
