/**
 * Watches what the extension does in real Chromium, over the DevTools protocol (no mocks):
 * - the service worker (attached from a browser-level CDP session): uncaught exceptions, console errors, and every
 *   network request it starts;
 * - each page: exceptions and console errors from the content script's isolated world (or any script served from
 *   chrome-extension://), requests whose initiator stack runs through chrome-extension:// code, CSP violations
 *   reported by the browser, and exceptions that reach the page's own world.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type CDPSession, type Page, type Worker } from 'playwright-core';
import { CHROMIUM, EXTENSION_DIR, type Launched } from './chromium';
import type { PageState, Timings } from '../../lib/ext/protocol';

export interface Problem {
  where: string;
  text: string;
}

interface ExceptionDetails {
  text?: string;
  url?: string;
  executionContextId?: number;
  exception?: { description?: string; value?: unknown };
  stackTrace?: { callFrames: { url: string }[] };
}

interface Initiator {
  type: string;
  url?: string;
  stack?: { callFrames: { url: string }[]; parent?: Initiator['stack'] };
}

const describe = (d: ExceptionDetails) => `${d.text ?? ''} ${d.exception?.description ?? String(d.exception?.value ?? '')}`.trim();

function stackUrls(stack: Initiator['stack']): string[] {
  const out: string[] = [];
  for (let s = stack; s; s = s.parent) out.push(...s.callFrames.map((f) => f.url));
  return out;
}

/**
 * The extension's service worker and its offscreen document (where Chrome's extraction runs), seen through a
 * browser-level CDP session (it survives worker restarts).
 */
export class WorkerWatch {
  readonly errors: Problem[] = [];
  readonly requests: string[] = [];
  private attached = new Set<string>();
  private nextId = 1000;

  private constructor(
    private readonly session: CDPSession,
    private readonly extensionId: string,
  ) {}

  static async attach(context: BrowserContext, extensionId: string): Promise<WorkerWatch> {
    const browser = context.browser();
    if (!browser) throw new Error('no browser-level CDP session for this context');
    const session = await browser.newBrowserCDPSession();
    const w = new WorkerWatch(session, extensionId);
    session.on('Target.receivedMessageFromTarget', (e: { sessionId: string; message: string }) => w.onMessage(e.sessionId, e.message));
    session.on('Target.targetCreated', (e: { targetInfo: { targetId: string; type: string; url: string } }) => void w.maybeAttach(e.targetInfo));
    // The offscreen document is announced before it has its address (type 'other', no URL), then changes.
    session.on('Target.targetInfoChanged', (e: { targetInfo: { targetId: string; type: string; url: string } }) => void w.maybeAttach(e.targetInfo));
    await session.send('Target.setDiscoverTargets', { discover: true });
    const { targetInfos } = (await session.send('Target.getTargets')) as { targetInfos: { targetId: string; type: string; url: string }[] };
    for (const t of targetInfos) await w.maybeAttach(t);
    return w;
  }

  /** Names of the watched targets by CDP session id: the service worker, or the offscreen document. */
  private names = new Map<string, string>();
  /** Offscreen documents seen (Chrome's extraction runs in one). */
  offscreenDocuments = 0;

  private async maybeAttach(t: { targetId: string; type: string; url: string }) {
    const ours = t.url.startsWith(`chrome-extension://${this.extensionId}/`);
    const worker = t.type === 'service_worker';
    const offscreen = !worker && t.url === `chrome-extension://${this.extensionId}/offscreen.html`;
    if (!ours || !(worker || offscreen) || this.attached.has(t.targetId)) return;
    this.attached.add(t.targetId);
    const name = worker ? 'service worker' : 'offscreen document';
    if (offscreen) this.offscreenDocuments++;
    try {
      // Not flattened: messages go through Target.sendMessageToTarget, which a Playwright CDPSession can send.
      const { sessionId } = (await this.session.send('Target.attachToTarget', { targetId: t.targetId, flatten: false })) as { sessionId: string };
      this.names.set(sessionId, name);
      for (const method of ['Runtime.enable', 'Network.enable', 'Log.enable'])
        await this.session.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: this.nextId++, method }) });
    } catch (e) {
      this.errors.push({ where: 'watch', text: `could not attach to the ${name}: ${String(e)}` });
    }
  }

  private onMessage(sessionId: string, raw: string) {
    const m = JSON.parse(raw) as { method?: string; params?: Record<string, unknown> };
    const p = m.params ?? {};
    const name = this.names.get(sessionId) ?? 'service worker';
    if (m.method === 'Runtime.exceptionThrown') {
      this.errors.push({ where: name, text: describe(p.exceptionDetails as ExceptionDetails) });
    } else if (m.method === 'Runtime.consoleAPICalled' && (p.type === 'error' || p.type === 'assert')) {
      const args = (p.args as { value?: unknown; description?: string }[]).map((a) => a.description ?? String(a.value));
      this.errors.push({ where: `${name} console`, text: args.join(' ') });
    } else if (m.method === 'Log.entryAdded') {
      const entry = p.entry as { level: string; text: string; url?: string };
      if (entry.level === 'error') this.errors.push({ where: `${name} log`, text: `${entry.text} ${entry.url ?? ''}` });
    } else if (m.method === 'Network.requestWillBeSent') {
      const url = (p.request as { url: string }).url;
      // The worker (or the offscreen document) reading its own packaged files is not a network request.
      if (!/^(chrome-extension|data|blob):/.test(url)) this.requests.push(url);
    }
  }

  /** Errors and requests since the given marks (lengths taken before a page was opened). */
  since(mark: { errors: number; requests: number }) {
    return { errors: this.errors.slice(mark.errors), requests: this.requests.slice(mark.requests) };
  }
  mark() {
    return { errors: this.errors.length, requests: this.requests.length };
  }
  async detach() {
    await this.session.detach().catch(() => undefined);
  }
}

/** One page, watched from its own CDP session (which sees every world in the page, the content script's included). */
export class PageWatch {
  /** Exceptions and console errors from the extension's code in this page. */
  readonly extensionErrors: Problem[] = [];
  /** Uncaught exceptions in the page's own world (the page's scripts, or anything of ours that reached it). */
  readonly pageErrors: Problem[] = [];
  /** Requests started by extension code (initiator stack through chrome-extension://). */
  readonly extensionRequests: string[] = [];
  /** Every request the page made (for the record). */
  readonly requests: string[] = [];
  /** Content-Security-Policy violations the browser logged, with the script that caused them where known. */
  readonly cspViolations: { text: string; url?: string; fromExtension: boolean }[] = [];
  private extensionContexts = new Set<number>();
  private mainContexts = new Set<number>();

  private constructor(
    readonly session: CDPSession,
    private readonly extensionId: string,
  ) {}

  static async attach(page: Page, extensionId: string): Promise<PageWatch> {
    const session = await page.context().newCDPSession(page);
    const w = new PageWatch(session, extensionId);
    const ours = (u: string | undefined) => !!u && u.startsWith(`chrome-extension://${extensionId}/`);
    session.on('Runtime.executionContextCreated', (e: { context: { id: number; origin: string; name: string; auxData?: { type?: string; isDefault?: boolean } } }) => {
      const c = e.context;
      if (c.auxData?.type === 'isolated' && (ours(c.origin) || ours(`${c.origin}/`) || c.origin.includes(extensionId))) w.extensionContexts.add(c.id);
      else if (c.auxData?.isDefault) w.mainContexts.add(c.id);
    });
    session.on('Runtime.exceptionThrown', (e: { exceptionDetails: ExceptionDetails }) => {
      const d = e.exceptionDetails;
      const urls = [d.url, ...(d.stackTrace?.callFrames.map((f) => f.url) ?? [])];
      const fromUs = (d.executionContextId !== undefined && w.extensionContexts.has(d.executionContextId)) || urls.some(ours);
      if (fromUs) w.extensionErrors.push({ where: 'content script', text: describe(d) });
      else w.pageErrors.push({ where: 'page', text: describe(d) });
    });
    session.on('Runtime.consoleAPICalled', (e: { type: string; executionContextId: number; args: { value?: unknown; description?: string }[]; stackTrace?: { callFrames: { url: string }[] } }) => {
      if (e.type !== 'error' && e.type !== 'assert') return;
      const fromUs = w.extensionContexts.has(e.executionContextId) || (e.stackTrace?.callFrames ?? []).some((f) => ours(f.url));
      if (fromUs) w.extensionErrors.push({ where: 'content script console', text: e.args.map((a) => a.description ?? String(a.value)).join(' ') });
    });
    session.on('Log.entryAdded', (e: { entry: { source: string; level: string; text: string; url?: string; stackTrace?: { callFrames: { url: string }[] } } }) => {
      const en = e.entry;
      const frames = en.stackTrace?.callFrames.map((f) => f.url) ?? [];
      const fromUs = ours(en.url) || frames.some(ours);
      if (/Content.Security.Policy/i.test(en.text)) w.cspViolations.push({ text: en.text, url: en.url, fromExtension: fromUs });
      else if (en.level === 'error' && fromUs) w.extensionErrors.push({ where: `log (${en.source})`, text: en.text });
    });
    session.on('Network.requestWillBeSent', (e: { request: { url: string }; initiator: Initiator }) => {
      const url = e.request.url;
      w.requests.push(url);
      // Its own packaged files (the card's stylesheet, loaded through a dynamic chrome-extension://<uuid>/ address) and
      // data:/blob: URLs never reach the network.
      if (/^(chrome-extension|data|blob):/.test(url)) return;
      if (ours(e.initiator.url) || stackUrls(e.initiator.stack).some(ours)) w.extensionRequests.push(url);
    });
    await session.send('Runtime.enable');
    await session.send('Network.enable');
    await session.send('Log.enable');
    return w;
  }

  /** Problems, one per line, for assertion messages. */
  report(): string {
    return [...this.extensionErrors.map((p) => `${p.where}: ${p.text}`), ...this.extensionRequests.map((u) => `request: ${u}`)].join('\n');
  }
}

/** Blocks every request that is not to 127.0.0.1 (or the extension's own files), so runs are offline and repeatable. */
export async function offlineOnly(context: BrowserContext): Promise<{ blocked: string[] }> {
  const blocked: string[] = [];
  await context.route(
    (url) => (url.protocol === 'http:' || url.protocol === 'https:' || url.protocol === 'ws:' || url.protocol === 'wss:') && url.hostname !== '127.0.0.1',
    (route) => {
      blocked.push(route.request().url());
      return route.abort('blockedbyclient');
    },
  );
  return { blocked };
}

/** The service worker's `chrome` global, used inside `worker.evaluate` callbacks (they run in the extension). */
declare const chrome: {
  tabs: { query(q: object): Promise<{ id?: number }[]>; sendMessage(id: number, m: unknown): Promise<unknown> };
  runtime: { reload(): void };
};

/** The tab showing `url`, found by asking each tab's content script for its page address. */
export async function tabIdOf(worker: Worker, url: string, timeoutMs = 15_000): Promise<number> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const id = await worker
      .evaluate(async (u) => {
        for (const t of await chrome.tabs.query({})) {
          const s = await chrome.tabs.sendMessage(t.id!, { crosscheck: 1, type: 'getState' }).catch(() => null);
          if (s && (s as { url: string }).url === u) return t.id!;
        }
        return null;
      }, url)
      .catch(() => null);
    if (id !== null) return id;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no content script answered for ${url} within ${timeoutMs} ms`);
}

/** The content script's state once it is no longer working (or the last answer at the timeout). */
export async function settledState(worker: Worker, tabId: number, timeoutMs = 20_000): Promise<PageState | null> {
  const until = Date.now() + timeoutMs;
  let last: PageState | null = null;
  while (Date.now() < until) {
    last = (await worker.evaluate(async (id) => chrome.tabs.sendMessage(id, { crosscheck: 1, type: 'getState' }), tabId).catch(() => null)) as PageState | null;
    if (last && last.kind !== 'working') return last;
    await new Promise((r) => setTimeout(r, 50));
  }
  return last;
}

/** The content script's own timing figures: main-thread time and longest task when it reports them, else estimates. */
export function contentTimings(state: PageState): { mainMs: number; longestMs: number; measured: boolean } | null {
  if (state.kind !== 'done') return null;
  const t = state.timings as Timings & { mainThreadMs?: number; longestTaskMs?: number };
  if (typeof t.mainThreadMs === 'number' && typeof t.longestTaskMs === 'number') return { mainMs: t.mainThreadMs, longestMs: t.longestTaskMs, measured: true };
  // Fallback from the stage timings: extraction + detection run in one task, anchoring + highlighting in another;
  // the background round trip (analyzeMs) is not main-thread time of the page.
  return { mainMs: t.extractMs + t.detectMs + t.anchorMs, longestMs: Math.max(t.extractMs + t.detectMs, t.anchorMs), measured: false };
}

/**
 * Chromium with the extension and developer mode switched on in the profile. Needed to reload the extension from a
 * test: since Chrome 137, `chrome.runtime.reload()` of an unpacked extension with developer mode off disables it
 * (DISABLE_UNSUPPORTED_DEVELOPER_EXTENSION) instead of reloading it.
 */
export async function launchWithDeveloperMode(): Promise<Launched> {
  const dir = mkdtempSync(join(tmpdir(), 'crosscheck-chromium-dev-'));
  mkdirSync(join(dir, 'Default'));
  writeFileSync(join(dir, 'Default', 'Preferences'), JSON.stringify({ extensions: { ui: { developer_mode: true } } }));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    headless: false,
    viewport: { width: 1200, height: 900 },
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', `--disable-extensions-except=${EXTENSION_DIR}`, `--load-extension=${EXTENSION_DIR}`],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 20_000 }));
  return { context, worker, extensionId: new URL(worker.url()).host };
}

/** Reloads the extension from its service worker and returns the new worker. */
export async function reloadExtension(b: Launched, timeoutMs = 15_000): Promise<Worker> {
  const old = b.worker;
  await old.evaluate(() => chrome.runtime.reload()).catch(() => undefined);
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    await new Promise((r) => setTimeout(r, 200));
    for (const w of b.context.serviceWorkers()) {
      if (w === old) continue;
      if ((await w.evaluate(() => 1).catch(() => 0)) === 1) return (b.worker = w);
    }
  }
  throw new Error('the extension did not come back after chrome.runtime.reload()');
}
