/**
 * Pages and helpers for the content script's browser tests (test/e2e/content-*.e2e.test.ts). Every page is built from
 * our own example article (examples/article-2022-07-04.html) and served from 127.0.0.1.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { PageState } from '../../lib/ext/protocol';
import type { Launched } from './chromium';
import { ROOT } from './pages';
import { DEFAULT_SETTINGS } from '../../lib/settings';
import { tabIdOf as tabIdOfWorker } from './watch';

/** The service worker's `chrome` global, used inside `worker.evaluate` callbacks (they run in the extension). */
declare const chrome: {
  tabs: { query(q: object): Promise<{ id?: number }[]>; sendMessage(id: number, m: unknown): Promise<unknown> };
  storage: { local: { set(v: object): Promise<void>; get(k: string): Promise<Record<string, unknown>>; remove(k: string): Promise<void> } };
};

const EXAMPLE = readFileSync(join(ROOT, 'examples', 'article-2022-07-04.html'), 'utf8');
/** The example's paragraphs (inner HTML), in order: [0] byline, [1..] the article's paragraphs. */
export const PARAS = [...EXAMPLE.matchAll(/<p(?: class="byline")?>([\s\S]*?)<\/p>/g)].map((m) => m[1]!).filter((p) => p !== 'Comments');
export const HEADLINE = /<h1>([\s\S]*?)<\/h1>/.exec(EXAMPLE)![1]!;

const head = (title: string, extra = '') => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<style>body{font:18px/1.6 Georgia,serif;max-width:760px;margin:2rem auto;padding:0 1rem;color:#222;background:#fff}${extra}</style></head>`;

export const article = (title: string, paras: string[]) => `<article><h1>${title}</h1>\n${paras.map((p) => `<p>${p}</p>`).join('\n')}\n</article>`;

/** Article A of the single-page app: Lysychansk. Article B: Belgorod and the rest. */
export const SPA_A = { title: HEADLINE, paras: PARAS.slice(0, 6) };
export const SPA_B = { title: 'Blasts in Belgorod, losses and a recovery plan', paras: [PARAS[0]!, ...PARAS.slice(6)] };

const ROUTES: Record<string, () => { body: string; headers?: Record<string, string> }> = {
  '/static.html': () => ({ body: EXAMPLE }),
  // A strict page CSP: no inline or external style at all. Our rules must still apply (adopted sheet, no element).
  '/csp.html': () => ({ body: EXAMPLE, headers: { 'content-security-policy': "default-src 'none'; style-src 'none'; script-src 'none'" } }),
  '/dark.html': () => ({ body: EXAMPLE.replace('color: #222; background: #fff;', 'color: #e8e8e8; background: #121417;') }),
  // The article arrives 1.5 s after the page (a client-rendered site).
  '/late.html': () => ({
    body: `${head('Loading…')}<body><header><a href="/">Example News</a></header><main id="app"><p>Loading…</p></main>
<script>setTimeout(() => { document.getElementById('app').innerHTML = ${JSON.stringify(article(HEADLINE, PARAS))}; document.title = ${JSON.stringify(HEADLINE)}; }, 1500);</script></body></html>`,
  }),
  // A single-page app: article A; the test navigates with history.pushState and swaps in article B.
  '/spa/a': () => ({
    body: `${head(SPA_A.title)}<body><header><a href="/">Example News</a></header><main id="app">${article(SPA_A.title, SPA_A.paras)}</main>
<script>window.goToB = () => { history.pushState({}, '', '/spa/b'); document.title = ${JSON.stringify(SPA_B.title)};
  document.getElementById('app').innerHTML = ${JSON.stringify(article(SPA_B.title, SPA_B.paras))}; };</script></body></html>`,
  }),
  // A page that never stops changing: a ticker rewrites a counter every 10 ms.
  '/ticker.html': () => ({
    body: EXAMPLE.replace('<body>', '<body><div id="ticker">0</div>').replace(
      '</body>',
      `<script>let n = 0; setInterval(() => { document.getElementById('ticker').textContent = 'Updated ' + (++n) + ' times'; }, 10);</script></body>`,
    ),
  }),
  // An old instance of the content script left its marks, highlight, sheet and card host behind.
  '/stale.html': () => ({
    body: EXAMPLE.replace(
      '</body>',
      `<p id="stale">Left <crosscheck-mark data-status="disputed" data-index="0">behind by</crosscheck-mark> an old instance.</p>
<crosscheck-ui></crosscheck-ui>
<script>
  const r = document.createRange(); r.selectNodeContents(document.querySelector('header'));
  CSS.highlights.set('crosscheck-disputed', new Highlight(r));
  const sheet = new CSSStyleSheet(); sheet.replaceSync('@layer crosscheck-marks; ::highlight(crosscheck-disputed){color:red}');
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
</script></body>`,
    ),
  }),
  // The highlighter module bundled for the page itself (content-fallback test).
  '/highlighter.html': () => ({
    body: `${head('Highlighter')}<body>${article(HEADLINE, PARAS.slice(0, 6))}
<p id="mixed">The <em>General Staff</em> said its troops had <a href="#x">withdrawn</a> from the city.</p>
<script src="/cc.js"></script></body></html>`,
  }),
};

export interface ContentServer {
  url(path: string): string;
  close(): Promise<void>;
}

export async function serveContentPages(extra: Record<string, { body: string; type: string }> = {}): Promise<ContentServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (extra[path]) {
      res.writeHead(200, { 'content-type': extra[path].type }).end(extra[path].body);
      return;
    }
    const route = ROUTES[path];
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const { body, headers } = route();
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...headers }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The tab showing `url` (asks each tab's content script for its page address). */
export const tabIdOf = (b: Launched, url: string): Promise<number> => tabIdOfWorker(b.worker, url, 20_000);

export async function getState(b: Launched, tabId: number): Promise<PageState | null> {
  return (await b.worker
    .evaluate(async (id) => chrome.tabs.sendMessage(id, { crosscheck: 1, type: 'getState' }), tabId)
    .catch(() => null)) as PageState | null;
}

/** Polls the page's state until `ok` holds. */
export async function waitForState(b: Launched, tabId: number, ok: (s: PageState) => boolean, what: string, timeoutMs = 15_000): Promise<PageState> {
  const until = Date.now() + timeoutMs;
  let last: PageState | null = null;
  while (Date.now() < until) {
    last = await getState(b, tabId);
    if (last && ok(last)) return last;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}; last state: ${JSON.stringify(last)?.slice(0, 400)}`);
}

export type Done = Extract<PageState, { kind: 'done' }>;
export const isDone = (s: PageState): s is Done => s.kind === 'done';

export async function sendToTab(b: Launched, tabId: number, type: string, data?: unknown): Promise<unknown> {
  return b.worker.evaluate(async ([id, m]) => chrome.tabs.sendMessage(id as number, m), [tabId, { crosscheck: 1, type, data }] as const);
}

/** Writes the settings as the options page and the keyboard command do (chrome.storage.local, key "settings"). */
export async function writeSettings(b: Launched, settings: object | null): Promise<void> {
  await b.worker.evaluate(async (s) => {
    if (s === null) await chrome.storage.local.remove('settings');
    else await chrome.storage.local.set({ settings: s });
  }, settings);
}

/** The defaults, as a plain object to vary per test. */
export const DEFAULTS = structuredClone(DEFAULT_SETTINGS);

/** Highlight counts by status, read from the page's own world (the registry belongs to the document). */
export const highlightCounts = (page: Page) =>
  page.evaluate(() =>
    Object.fromEntries(['corroborated', 'disputed', 'single-sourced'].map((s) => [s, CSS.highlights.get(`crosscheck-${s}`)?.size ?? 0])),
  ) as Promise<Record<'corroborated' | 'disputed' | 'single-sourced', number>>;

/** The marked claims we expect from the state (anchored, not unmatched), by status. */
export function expectedCounts(s: Done, statuses: Record<string, boolean> = DEFAULTS.statuses) {
  const out = { corroborated: 0, disputed: 0, 'single-sourced': 0 };
  for (const c of s.claims) if (c.anchored && c.status !== 'unmatched' && statuses[c.status]) out[c.status]++;
  return out;
}

export function printTimings(label: string, s: Done) {
  const t = s.timings;
  console.log(
    `${label}: ${s.claims.length} claims, scans ${s.scans ?? '?'}; extract ${t.extractMs.toFixed(1)} ms, detect ${t.detectMs.toFixed(1)} ms, ` +
      `background round trip ${t.analyzeMs.toFixed(1)} ms (engine ${t.matchMs.toFixed(1)} ms), anchor+highlight ${t.anchorMs.toFixed(1)} ms, ` +
      `total ${t.totalMs.toFixed(1)} ms; content-script main thread ${t.mainThreadMs?.toFixed(1)} ms, longest task ${t.longestTaskMs?.toFixed(1)} ms (${t.longestTaskStep})`,
  );
}
