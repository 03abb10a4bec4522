/**
 * The built extension over the saved real pages of ../shared/corpus (98 pages from Mozilla Readability's test suite),
 * in real Chromium, offline: every request that is not to 127.0.0.1 is blocked, and the pages' own scripts are removed
 * so their text cannot change by itself.
 *
 * Asserted for every page: no error from the extension (content script, service worker, the offscreen document where
 * the article is extracted, logged errors, or an analysis that ended in an error state), the page's visible text
 * (`document.body.innerText`) and its body markup are the same before and after the scan, and the extension made no
 * network request (the worker's and the offscreen document's requests, and page requests whose initiator stack runs
 * through chrome-extension:// code).
 * Reported, not asserted: claims found, the content script's main-thread time and longest task per page, Readability's
 * own time on the page (measured where it ran, in the offscreen document), with the median, p95 and max (targets:
 * longest task ≤ 50 ms on every page, main-thread time ≤ 1.3 × Readability's time on the same page).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchWithExtension, type Launched } from './chromium';
import { corpusPage, corpusPages, hasCorpus, servePages, type PageServer } from './pages';
import { recordPageAtLoad, sweepReport, sweepRow, type SweepRow } from './sweep-report';
import { offlineOnly, PageWatch, settledState, tabIdOf, WorkerWatch } from './watch';

const pages = corpusPages();
if (!hasCorpus()) {
  console.warn('skipping the real-page sweep: ../shared/corpus/pages is not present (see ../shared/corpus/SOURCE.md)');
  // Counted as skipped in the summary line, with the reason in its name.
  it.skip('real-page sweep: skipped, ../shared/corpus/pages is not present', () => undefined);
}

describe.skipIf(!hasCorpus())('real-page sweep (../shared/corpus) in Chromium', () => {
  let server: PageServer;
  let b: Launched;
  let worker: WorkerWatch;
  let offline: { blocked: string[] };
  const rows: SweepRow[] = [];
  const started = Date.now();

  beforeAll(async () => {
    server = await servePages({}, { '/corpus/': (rest) => (pages.includes(rest.replace(/\/$/, '')) ? corpusPage(rest.replace(/\/$/, '')) : undefined) });
    b = await launchWithExtension();
    offline = await offlineOnly(b.context);
    worker = await WorkerWatch.attach(b.context, b.extensionId);
  });

  afterAll(async () => {
    const report = sweepReport('Chromium', 'offscreen document', rows, Date.now() - started, [`${offline?.blocked.length ?? 0} off-host requests of the pages blocked`]);
    if (report) console.log(report);
    await worker?.detach();
    await b?.context.close();
    await server?.close();
  });

  it.each(pages)('%s: no extension error, text unchanged, no extension request', async (name) => {
    const t0 = Date.now();
    const url = server.url(`/corpus/${name}/`);
    const mark = worker.mark();
    const page: Page = await b.context.newPage();
    try {
      const watch = await PageWatch.attach(page, b.extensionId);
      // The page's text as the browser rendered it at `load`, before the content script has changed anything (it
      // waits for idle time, then extracts, then asks the background, and only then highlights).
      await page.addInitScript(recordPageAtLoad);
      await page.goto(url, { waitUntil: 'load', timeout: 30_000 });
      const tabId = await tabIdOf(b.worker, url);
      const state = await settledState(b.worker, tabId);
      const text = await page.evaluate(() => {
        const before = (window as unknown as { __before?: string }).__before;
        const after = document.body?.innerText ?? '';
        let at = 0;
        if (before !== undefined) while (at < before.length && before[at] === after[at]) at++;
        const h0 = (window as unknown as { __beforeHtml?: string }).__beforeHtml ?? '';
        const h1 = document.body?.innerHTML ?? '';
        let hat = 0;
        while (hat < h0.length && h0[hat] === h1[hat]) hat++;
        const html = h0 === h1 ? '' : JSON.stringify([hat, h0.slice(Math.max(0, hat - 100), hat + 150), h1.slice(Math.max(0, hat - 100), hat + 150)]);
        return { captured: before !== undefined, same: before === after, html, length: after.length, at, around: [before?.slice(at, at + 60), after.slice(at, at + 60)] };
      });
      const marked = await page.evaluate(() =>
        ['corroborated', 'disputed', 'single-sourced'].reduce((n, s) => n + (CSS.highlights.get(`crosscheck-${s}`)?.size ?? 0), 0),
      );
      rows.push(sweepRow(name, state, marked, Date.now() - t0));

      const fromWorker = worker.since(mark);
      const problems = [watch.report(), ...fromWorker.errors.map((e) => `${e.where}: ${e.text}`), ...fromWorker.requests.map((u) => `worker request: ${u}`)]
        .filter(Boolean)
        .join('\n');
      expect(problems, 'extension errors or requests').toBe('');
      expect(state?.kind, 'the content script finished (not still working, not silent)').toBeDefined();
      expect(state!.kind, `analysis state: ${JSON.stringify(state).slice(0, 300)}`).not.toMatch(/^(working|error)$/);
      if (state!.kind === 'done') {
        // Extracted in the offscreen document, which the watcher is attached to (its errors and requests count above).
        expect(state!.timings.extractedIn, 'where the article was extracted').toBe('offscreen');
        expect(worker.offscreenDocuments, 'offscreen documents watched').toBeGreaterThan(0);
      }
      expect(text.captured, 'page text captured at load').toBe(true);
      expect(text.same, `visible text changed at ${text.at}: ${JSON.stringify(text.around)}`).toBe(true);
      // Stronger: the body's markup is untouched too (highlights are not DOM; our <style> and card host sit outside it).
      expect(text.html, 'document.body.innerHTML unchanged (else: [offset, before, after])').toBe('');
    } finally {
      await page.close();
    }
  });
});
