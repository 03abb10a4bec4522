/**
 * The built Firefox extension (MV2) over the saved real pages of ../shared/corpus, in real Firefox ESR driven by
 * puppeteer-core over WebDriver BiDi: one browser, the pages one after another, the pages' own scripts removed (as in
 * the Chromium sweep) and every off-host request sent to a local proxy that refuses it, so the run is offline.
 *
 * Asserted for every page: no error from the extension, the page's visible text and body markup the same before and
 * after the scan, the analysis finished (not working, not an error; articles extracted in the background page), and
 * no request by the extension. How each is seen:
 * - errors: Firefox prints every script error and console.error of its content and extension processes (the pages,
 *   our content script, our background page) on its own output once `browser.dom.window.dump.enabled` and
 *   `devtools.console.stdout.content` are on; a script error naming a moz-extension:// script of ours counts, and so
 *   does a console.error written by web or extension code (the pages run no script of their own); the background
 *   page's error events and console.error are also hooked from an extension page kept open for the run; and BiDi's
 *   page errors and console errors of the tab count when a script of ours threw or logged them (BiDi reports the
 *   browser's own messages about a page's resources — blocked fonts, the page's CSP — as page errors too);
 * - requests: every request Firefox makes off 127.0.0.1 reaches the proxy, every request to 127.0.0.1 reaches our page
 *   server; BiDi reports each request a page makes (network.beforeRequestSent, with its initiator type). A request
 *   that reached the proxy or the server and that no page made was made outside the pages — by the background page
 *   (Firefox's own services, by host, are not ours). A request a page made by script (fetch, XMLHttpRequest, beacon)
 *   can only be the content script's: the pages have no script left.
 * A self-check first proves the watchers see an error from a page, a console error and a request from our background
 * page. (The content script's own world cannot be probed from outside: MV2 Firefox runs tabs.executeScript only with
 * host permissions, which the extension does not ask for; its errors reach the same output as the page's.)
 *
 * Timings (the content script's own, in Firefox; performance.now() is coarsened to 1 ms there) are printed, not
 * asserted, in the same table as the Chromium sweep.
 */
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PageState } from '../../lib/ext/protocol';
import { corpusPage, corpusPages, hasCorpus, ROOT, servePages, type PageServer } from './pages';
import { recordPageAtLoad, sweepReport, sweepRow, type SweepRow } from './sweep-report';

const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
const EXTENSION_DIR = join(ROOT, '.output', 'firefox-mv2');
const GECKO_ID = 'crosscheck@crosscheck-extension.org';
const UUID = '0b7d3c9e-2f4a-4c61-8e5d-7a9b1c3d5e7f';
const OURS = `moz-extension://${UUID}/`;
/** Hosts of Firefox's own background services (remote settings and the like): not requests of the extension. */
const FIREFOX_SERVICES = /(^|\.)(mozilla\.(com|net|org)|firefox\.com|mozaws\.net|mozgcp\.net)$/;
/** Initiator types of requests made by script; the saved pages have none left. */
const BY_SCRIPT = new Set(['fetch', 'xmlhttprequest', 'beacon']);

const pages = corpusPages();
const haveFirefox = existsSync(FIREFOX) && existsSync(join(EXTENSION_DIR, 'manifest.json'));
if (!hasCorpus()) {
  console.warn('skipping the Firefox real-page sweep: ../shared/corpus/pages is not present (see ../shared/corpus/SOURCE.md)');
  it.skip('Firefox real-page sweep: skipped, ../shared/corpus/pages is not present', () => undefined);
} else if (!haveFirefox) {
  console.warn(`skipping the Firefox real-page sweep: need ${FIREFOX} and a Firefox build in ${EXTENSION_DIR} (npx wxt build -b firefox)`);
  it.skip(`Firefox real-page sweep: skipped, no ${FIREFOX} or no Firefox build`, () => undefined);
}

/** `browser` inside the extension page, used in `evaluate` callbacks. */
declare const browser: {
  tabs: { query(q: object): Promise<{ id?: number; url?: string }[]>; sendMessage(id: number, m: unknown): Promise<unknown> };
  extension: { getBackgroundPage(): Window & typeof globalThis };
};

/** A proxy that refuses everything and writes down what was asked for: `CONNECT host:port` or `GET http://…`. */
async function refusingProxy(): Promise<{ port: number; log: string[]; close(): Promise<void> }> {
  const log: string[] = [];
  const server: Server = createServer((req, res) => {
    log.push(`${req.method} ${req.url}`);
    res.writeHead(403).end();
  });
  server.on('connect', (req, socket) => {
    log.push(`CONNECT ${req.url}`);
    socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as { port: number }).port, log, close: () => new Promise<void>((r) => server.close(() => r())) };
}

interface BidiRequest {
  context: string;
  url: string;
  destination?: string;
  initiatorType?: string | null;
}

/** The host a proxy log line asked for. */
const proxyHost = (line: string) => {
  const target = line.replace(/^\S+\s+/, '');
  try {
    return line.startsWith('CONNECT ') ? target.replace(/:\d+$/, '') : new URL(target).hostname;
  } catch {
    return target;
  }
};

describe.skipIf(!hasCorpus() || !haveFirefox)('real-page sweep (../shared/corpus) in Firefox', () => {
  let server: PageServer;
  let proxy: Awaited<ReturnType<typeof refusingProxy>>;
  let ff: Browser;
  let probe: Page;
  const served: string[] = [];
  const output: string[] = [];
  const bidi: BidiRequest[] = [];
  const rows: SweepRow[] = [];
  const started = Date.now();

  let backgroundSeen = 0;
  const mark = () => ({ output: output.length, proxy: proxy.log.length, served: served.length, bidi: bidi.length, background: backgroundSeen });
  type Mark = ReturnType<typeof mark>;

  /**
   * Errors of the extension on Firefox's output since a mark: script errors in a moz-extension:// script of ours, and
   * console errors written by web or extension code (`console.error: "…"`; Firefox's own named loggers write
   * `console.error: Name: …` and are not ours — the saved pages run no script). Firefox's own privileged pages log
   * errors that name their chrome:// or resource:// module (about:neterror for a frame the sweep refuses:
   * `console.error: "Could not parse URL" (… "chrome://global/content/aboutNetErrorHelpers.mjs" …)`): not ours either.
   */
  const FIREFOX_OWN = /"(chrome|resource):\/\//;
  const outputErrors = (m: Mark) =>
    output
      .slice(m.output)
      .filter((l) => (/^JavaScript error: /.test(l) && l.includes(OURS)) || (/^console\.(error|assert): (?![A-Za-z][\w.-]*:)/.test(l) && (l.includes(OURS) || !FIREFOX_OWN.test(l))));

  /** Where the previous page's requests began: a late request of that page still counts as the page's. */
  let previous = 0;

  /** Requests made outside the pages, and by script in a page, since a mark. */
  function extensionRequests(m: Mark, probeContext: string): string[] {
    const made = bidi.slice(Math.min(previous, m.bidi));
    const byPages = bidi.slice(m.bidi).filter((r) => r.context !== probeContext);
    const hosts = new Set<string>();
    const paths = new Set<string>();
    for (const r of made) {
      try {
        const u = new URL(r.url);
        hosts.add(u.hostname);
        if (u.hostname === '127.0.0.1') paths.add(u.pathname + u.search);
      } catch {
        // not a URL we can place
      }
    }
    return [
      ...proxy.log
        .slice(m.proxy)
        .filter((l) => !hosts.has(proxyHost(l)) && !FIREFOX_SERVICES.test(proxyHost(l)))
        .map((l) => `outside the pages (proxy): ${l}`),
      ...served.slice(m.served).filter((p) => !paths.has(p)).map((p) => `outside the pages (page server): ${p}`),
      ...byPages.filter((r) => BY_SCRIPT.has(r.initiatorType ?? '')).map((r) => `by script in the page (${r.initiatorType}): ${r.url}`),
    ];
  }

  /** The content script's state of the tab showing `url`, asked from the extension page as the popup does. */
  async function stateOf(url: string, timeoutMs = 15_000): Promise<PageState | null> {
    const until = Date.now() + timeoutMs;
    let last: PageState | null = null;
    while (Date.now() < until) {
      // Tab addresses are not readable without the tabs permission: ask every tab's content script for its page's.
      last = (await probe
        .evaluate(async (u) => {
          for (const t of await browser.tabs.query({})) {
            const s = (await browser.tabs.sendMessage(t.id!, { crosscheck: 1, type: 'getState' }).catch(() => null)) as { url?: string } | null;
            if (s?.url === u) return s;
          }
          return null;
        }, url)
        .catch(() => null)) as PageState | null;
      if (last && last.kind !== 'working') return last;
      await new Promise((r) => setTimeout(r, 50));
    }
    return last;
  }

  /** Errors the background page reported since a mark (its error events and console.error, hooked from the probe). */
  const backgroundErrors = async (m: Mark) =>
    ((await probe.evaluate(() => (window as unknown as { __bgErrors?: string[] }).__bgErrors ?? []).catch((e) => [`could not read: ${String(e)}`])) as string[]).slice(m.background);

  const contextOf = (p: Page) => (p.mainFrame() as unknown as { _id: string })._id;

  beforeAll(async () => {
    server = await servePages(
      {
        // For the self-check: a page whose own script throws, logs an error and makes a request.
        '/probe.html': () =>
          '<!doctype html><html><body><p>probe</p><script>setTimeout(function () { throw new Error("crosscheck watcher probe: page") }, 0);</script></body></html>',
      },
      { '/corpus/': (rest) => (pages.includes(rest.replace(/\/$/, '')) ? corpusPage(rest.replace(/\/$/, '')) : undefined) },
      served,
    );
    proxy = await refusingProxy();
    ff = await puppeteer.launch({
      browser: 'firefox',
      executablePath: FIREFOX,
      headless: true,
      args: ['--remote-allow-system-access'],
      extraPrefsFirefox: {
        'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: UUID }),
        // Everything off 127.0.0.1 goes to the refusing proxy.
        'network.proxy.type': 1,
        'network.proxy.http': '127.0.0.1',
        'network.proxy.http_port': proxy.port,
        'network.proxy.ssl': '127.0.0.1',
        'network.proxy.ssl_port': proxy.port,
        'network.proxy.no_proxies_on': '',
        // No guessing ahead: only requests something actually made.
        'network.http.speculative-parallel-limit': 0,
        'network.dns.disablePrefetch': true,
        'network.prefetch-next': false,
        'network.predictor.enabled': false,
        'network.captive-portal-service.enabled': false,
        'network.connectivity-service.enabled': false,
        // Script errors and console output of content and extension processes on Firefox's own output.
        'browser.dom.window.dump.enabled': true,
        'devtools.console.stdout.content': true,
      },
    });
    const proc = ff.process();
    for (const stream of [proc?.stdout, proc?.stderr]) {
      let rest = '';
      stream?.on('data', (d: Buffer) => {
        const lines = (rest + d.toString('utf8')).split('\n');
        rest = lines.pop() ?? '';
        output.push(...lines.map((l) => l.trim()).filter(Boolean));
      });
    }
    (ff as unknown as { connection: { on(e: string, fn: (p: { context: string; request: { url: string; destination?: string; initiatorType?: string | null } }) => void): void } }).connection.on(
      'network.beforeRequestSent',
      (p) => bidi.push({ context: p.context, url: p.request.url, destination: p.request.destination, initiatorType: p.request.initiatorType }),
    );
    await ff.installExtension(EXTENSION_DIR);
    probe = await ff.newPage();
    // Never awaited: navigation to a moz-extension:// page does not resolve over BiDi.
    void probe.goto(`${OURS}popup.html`).catch(() => undefined);
    const until = Date.now() + 15_000;
    while (Date.now() < until && !(await probe.evaluate(() => document.readyState === 'complete' && typeof browser !== 'undefined').catch(() => false)))
      await new Promise((r) => setTimeout(r, 100));
    // The background page's errors, seen from the probe page (same extension process): its error and rejection events
    // and its console.error. The probe stays open for the whole run, so these listeners live as long as the sweep.
    await probe.evaluate(() => {
      const list: string[] = [];
      (window as unknown as { __bgErrors: string[] }).__bgErrors = list;
      const bg = browser.extension.getBackgroundPage();
      bg.addEventListener('error', (e: ErrorEvent) => list.push(`background error: ${e.message} ${e.filename}:${e.lineno}`));
      bg.addEventListener('unhandledrejection', (e: PromiseRejectionEvent) => list.push(`background unhandled rejection: ${String(e.reason)}`));
      const original = bg.console.error.bind(bg.console);
      bg.console.error = (...args: unknown[]) => {
        list.push(`background console.error: ${args.map(String).join(' ')}`);
        original(...args);
      };
    });
  }, 60_000);

  afterAll(async () => {
    const report = sweepReport('Firefox', 'background page', rows, Date.now() - started, [
      `${proxy?.log.filter((l) => !FIREFOX_SERVICES.test(proxyHost(l))).length ?? 0} off-host requests of the pages refused by the proxy`,
    ]);
    if (report) console.log(report);
    await ff?.close();
    await proxy?.close();
    await server?.close();
  });

  it('the watchers see an error in a page, and a console error and a request from the background page', async () => {
    const m = mark();
    const page = await ff.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    await page.goto(server.url('/probe.html'), { waitUntil: 'load', timeout: 15_000 });
    await probe.evaluate(() => {
      const bg = browser.extension.getBackgroundPage();
      bg.console.error('crosscheck watcher probe: background');
      // An uncaught error thrown in the background page's own realm (JSON.parse of bad JSON, run by its timer).
      bg.setTimeout(bg.JSON.parse, 0, '{');
      void bg.fetch('https://watcher-probe.invalid/').catch(() => undefined);
    });
    const until = Date.now() + 5_000;
    const seen = () => output.slice(m.output).join('\n');
    while (Date.now() < until && !(/watcher probe: page/.test(seen()) && /watcher probe: background/.test(seen()) && proxy.log.slice(m.proxy).some((l) => l.includes('watcher-probe.invalid'))))
      await new Promise((r) => setTimeout(r, 100));
    // A page's own script error reaches Firefox's output with the page's address (so one of ours would, with ours).
    expect(output.slice(m.output).some((l) => /^JavaScript error: http:\/\/127\.0\.0\.1:\d+\/probe\.html/.test(l) && l.includes('watcher probe: page'))).toBe(true);
    expect(pageErrors.join()).toContain('watcher probe: page');
    expect(outputErrors(m).join('\n')).toContain('crosscheck watcher probe: background');
    const bgErrors = (await backgroundErrors(m)).join('\n');
    expect(bgErrors).toContain('background console.error: crosscheck watcher probe: background');
    expect(bgErrors).toMatch(/background error: SyntaxError: JSON\.parse/);
    backgroundSeen += (await backgroundErrors(m)).length;
    expect(extensionRequests(m, contextOf(probe))).toContain('outside the pages (proxy): CONNECT watcher-probe.invalid:443');
    await page.close();
  });

  it.each(pages)('%s: no extension error, text unchanged, no extension request', async (name) => {
    const t0 = Date.now();
    const m = mark();
    const url = server.url(`/corpus/${name}/`);
    const page = await ff.newPage();
    const problems: string[] = [];
    // BiDi also reports the browser's own messages about the page's resources as page errors (blocked CORS fonts, the
    // page's CSP, a wrong charset): only those thrown or logged by a script of ours count.
    page.on('pageerror', (e) => {
      const text = `${String(e)} ${e instanceof Error ? (e.stack ?? '') : ''}`;
      if (text.includes(OURS)) problems.push(`page error: ${text}`);
    });
    page.on('console', (msg) => {
      if ((msg.type() === 'error' || msg.type() === 'assert') && msg.stackTrace().some((f) => f.url?.startsWith(OURS))) problems.push(`console ${msg.type()}: ${msg.text()}`);
    });
    try {
      // The page's text and markup as the browser rendered them at `load`, before the content script changed anything.
      await page.evaluateOnNewDocument(recordPageAtLoad);
      await page.goto(url, { waitUntil: 'load', timeout: 20_000 });
      const state = await stateOf(url);
      const check = await page.evaluate(() => {
        const w = window as unknown as { __before?: string; __beforeHtml?: string };
        const after = document.body?.innerText ?? '';
        const h1 = document.body?.innerHTML ?? '';
        let at = 0;
        const before = w.__before;
        if (before !== undefined) while (at < before.length && before[at] === after[at]) at++;
        const marked = ['corroborated', 'disputed', 'single-sourced'].reduce((n, s) => n + (CSS.highlights.get(`crosscheck-${s}`)?.size ?? 0), 0);
        return { captured: before !== undefined, same: before === after, sameHtml: w.__beforeHtml === h1, at, around: [before?.slice(at, at + 60), after.slice(at, at + 60)], marked };
      });
      rows.push(sweepRow(name, state, check.marked, Date.now() - t0));
      // Late events of this page's requests may still come in: give them a moment before counting.
      await new Promise((r) => setTimeout(r, 50));
      const fromBackground = await backgroundErrors(m);
      backgroundSeen += fromBackground.length;
      const found = [...outputErrors(m).map((l) => `Firefox output: ${l}`), ...fromBackground, ...problems, ...extensionRequests(m, contextOf(probe)).map((r) => `request ${r}`)];
      expect(found.join('\n'), 'extension errors or requests').toBe('');
      expect(state?.kind, 'the content script finished (not still working, not silent)').toBeDefined();
      expect(state!.kind, `analysis state: ${JSON.stringify(state).slice(0, 300)}`).not.toMatch(/^(working|error)$/);
      if (state!.kind === 'done') expect(state!.timings.extractedIn, 'where the article was extracted').toBe('background');
      expect(check.captured, 'page text captured at load').toBe(true);
      expect(check.same, `visible text changed at ${check.at}: ${JSON.stringify(check.around)}`).toBe(true);
      expect(check.sameHtml, 'document.body.innerHTML unchanged').toBe(true);
    } finally {
      previous = m.bidi;
      await page.close().catch(() => undefined);
    }
  });

  it('the extension made no request after the last page either', async () => {
    const m = mark();
    await new Promise((r) => setTimeout(r, 500));
    expect(extensionRequests(m, contextOf(probe))).toEqual([]);
    expect(outputErrors(m)).toEqual([]);
    expect(await backgroundErrors(m)).toEqual([]);
  });
});
