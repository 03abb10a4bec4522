/**
 * The compiled reference in IndexedDB (lib/ext/compiled-store.ts) in both real browsers: an import compiles the merged
 * reference and stores it; a new background — Chrome's MV3 service worker stopped and started again over the DevTools
 * protocol, Firefox's MV2 background page after an extension reload — reads it back instead of compiling, and the
 * imported claim is matched. Prints the first reply's time after the restart; asserts no timing
 * (scripts/worker-start.ts measures). Firefox is skipped visibly without Firefox ESR or a Firefox build.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page as PwPage } from 'playwright-core';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalyzeResponse, PackInfo } from '../../lib/ext/protocol';
import { launchWithExtension, type Launched } from './chromium';
import { ROOT } from './pages';

const FIXTURE = readFileSync(join(ROOT, 'test', 'fixtures', 'packs', 'belgorod-extra.json'), 'utf8');
const FESTIVAL = 'Organisers in Belgorod called off the festivities planned for Sunday, 3 July, a local media editor told The Insider.';
const IMPORTED_ID = 'test-belgorod-extra:belgorod-festival-called-off';

type Timed<T> = { ms: number; reply: T };
/** Sends a message to the background from an extension page, timed in the page. */
const sendIn = async <T>(page: PwPage | Page, type: string, data?: unknown): Promise<Timed<T>> =>
  (await (page as PwPage).evaluate(
    async ([type, data]) => {
      const rt = (globalThis as unknown as { chrome?: { runtime: unknown }; browser?: { runtime: unknown } }).browser ?? (globalThis as unknown as { chrome: { runtime: unknown } }).chrome;
      const t0 = performance.now();
      const reply = await (rt.runtime as { sendMessage(m: unknown): Promise<unknown> }).sendMessage({ crosscheck: 1, type, data });
      return { ms: performance.now() - t0, reply };
    },
    [type, data] as const,
  )) as Timed<T>;

describe('compiled reference: Chromium (MV3 service worker)', () => {
  let b: Launched;
  let page: PwPage;
  beforeAll(async () => {
    b = await launchWithExtension();
    page = await b.context.newPage();
    await page.goto(`chrome-extension://${b.extensionId}/options.html`);
  });
  afterAll(async () => {
    await b?.context.close();
  });

  it('an import compiles and stores the reference; the restarted worker reads it back', async () => {
    const imported = await sendIn<{ ok: boolean }>(page, 'importPack', { text: FIXTURE, fileName: 'belgorod-extra.json' });
    expect(imported.reply.ok).toBe(true);
    expect((await sendIn<PackInfo>(page, 'packInfo')).reply.reference?.from).toBe('compiled');

    const cdp = await b.context.newCDPSession(page);
    let status = '';
    cdp.on('ServiceWorker.workerVersionUpdated', (e: { versions: { runningStatus: string }[] }) => {
      for (const v of e.versions) status = v.runningStatus;
    });
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    for (let i = 0; i < 200 && status !== 'stopped'; i++) await new Promise((r) => setTimeout(r, 50));
    expect(status).toBe('stopped');

    const info = await sendIn<PackInfo>(page, 'packInfo');
    expect(info.reply.reference?.from).toBe('stored');
    expect(info.reply.imported).toEqual([expect.objectContaining({ id: 'test-belgorod-extra', enabled: true })]);
    const analysed = await sendIn<AnalyzeResponse>(page, 'analyze', { blocks: [FESTIVAL], lang: 'en' });
    expect(analysed.reply.results.map((r) => r.match?.id)).toContain(IMPORTED_ID);
    console.log(
      `Chromium, worker stopped and started: first packInfo ${info.ms.toFixed(0)} ms (reference read and opened in ${info.reply.reference!.ms} ms in the worker), first analyze ${analysed.ms.toFixed(0)} ms; the import took ${imported.ms.toFixed(0)} ms with the compile`,
    );
    await cdp.detach();
  });
});

const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
const FIREFOX_BUILD = join(ROOT, '.output', 'firefox-mv2');
const GECKO_ID = 'crosscheck@crosscheck-extension.org';
const UUID = '6f1c7a52-4c8e-4d53-9d1e-3c1f0b6f5e21';
const firefox = existsSync(FIREFOX) && existsSync(join(FIREFOX_BUILD, 'manifest.json'));
if (!firefox) console.warn(`skipping the Firefox part: need ${FIREFOX} and a Firefox build in ${FIREFOX_BUILD}`);

describe.skipIf(!firefox)('compiled reference: Firefox (MV2 background page)', () => {
  let ff: Browser;
  beforeAll(async () => {
    ff = await puppeteer.launch({
      browser: 'firefox',
      executablePath: FIREFOX,
      headless: true,
      args: ['--remote-allow-system-access'],
      extraPrefsFirefox: { 'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: UUID }) },
    });
    await ff.installExtension(FIREFOX_BUILD);
  });
  afterAll(async () => {
    await ff?.close();
  });

  /** An extension page, ready (navigation to moz-extension:// never resolves, so it is polled). */
  async function extensionPage(): Promise<Page> {
    const p = await ff.newPage();
    void p.goto(`moz-extension://${UUID}/options.html`).catch(() => undefined);
    for (let i = 0; i < 150; i++) {
      const ready = await p.evaluate(() => document.readyState === 'complete' && typeof (globalThis as { browser?: unknown }).browser !== 'undefined').catch(() => false);
      if (ready) return p;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the extension page did not load');
  }

  it('an import compiles and stores the reference; the reloaded background page reads it back', async () => {
    let page = await extensionPage();
    expect((await sendIn<{ ok: boolean }>(page, 'importPack', { text: FIXTURE, fileName: 'belgorod-extra.json' })).reply.ok).toBe(true);
    expect((await sendIn<PackInfo>(page, 'packInfo')).reply.reference?.from).toBe('compiled');
    // A new background page: the extension reloaded (its pages close with it).
    await page.evaluate(() => (globalThis as unknown as { browser: { runtime: { reload(): void } } }).browser.runtime.reload()).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 1000));
    let info: Timed<PackInfo> | undefined;
    for (let i = 0; i < 20 && !info; i++) {
      try {
        page = await extensionPage();
        info = await sendIn<PackInfo>(page, 'packInfo');
      } catch {
        await new Promise((r) => setTimeout(r, 500));
      }
    }
    expect(info?.reply.reference?.from).toBe('stored');
    const analysed = await sendIn<AnalyzeResponse>(page, 'analyze', { blocks: [FESTIVAL], lang: 'en' });
    expect(analysed.reply.results.map((r) => r.match?.id)).toContain(IMPORTED_ID);
    console.log(`Firefox, background page reloaded: reference read and opened in ${info!.reply.reference!.ms} ms`);
  }, 90_000);
});
