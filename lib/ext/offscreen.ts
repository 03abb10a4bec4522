/**
 * Chrome's side of the extraction away from the page: the MV3 service worker has no DOM, so it keeps one offscreen
 * document (`offscreen.html`, reason DOM_PARSER; needs the `offscreen` permission) and hands it the page's HTML. The
 * document is created on the first page and stays (a DOM_PARSER document is not closed by the browser); after a
 * service-worker restart it is found again rather than created twice. Browser-only.
 */
import { browser } from 'wxt/browser';
import type { ExtractReply, ExtractRequest, Message } from './protocol';

interface OffscreenApi {
  createDocument(p: { url: string; reasons: string[]; justification: string }): Promise<void>;
}
interface ChromeLike {
  offscreen?: OffscreenApi;
  runtime: { getURL(path: string): string; getContexts?(f: { contextTypes: string[]; documentUrls?: string[] }): Promise<unknown[]> };
}

const PATH = 'offscreen.html';
let creating: Promise<void> | undefined;

async function ensureDocument(chrome: ChromeLike): Promise<void> {
  const url = chrome.runtime.getURL(PATH);
  const open = await chrome.runtime.getContexts?.({ contextTypes: ['OFFSCREEN_DOCUMENT'], documentUrls: [url] }).catch(() => undefined);
  if (open?.length) return;
  creating ??= chrome
    .offscreen!.createDocument({ url: PATH, reasons: ['DOM_PARSER'], justification: 'Reads the article of the page the reader is on (Mozilla Readability needs a DOM).' })
    .catch((e: unknown) => {
      // Another caller (or a previous service-worker life) created it meanwhile.
      if (!/single offscreen|already/i.test(String((e as Error)?.message ?? e))) throw e;
    })
    .finally(() => (creating = undefined));
  await creating;
}

/** Whether this browser offers offscreen documents (Chrome 109+). */
export const hasOffscreen = () => !!(globalThis as { chrome?: ChromeLike }).chrome?.offscreen;

/** Extracts the article in the offscreen document; retries once when the document was not listening yet. */
export async function extractInOffscreen(req: ExtractRequest): Promise<ExtractReply> {
  const chrome = (globalThis as unknown as { chrome: ChromeLike }).chrome;
  const message: Message<'extractOffscreen'> = { crosscheck: 1, type: 'extractOffscreen', data: req };
  for (let attempt = 0; ; attempt++) {
    await ensureDocument(chrome);
    try {
      const reply = (await browser.runtime.sendMessage(message)) as ExtractReply | undefined;
      if (reply) return reply;
      throw new Error('the offscreen document did not answer');
    } catch (e) {
      if (attempt >= 1 || !/Receiving end does not exist|did not answer/i.test(String((e as Error)?.message ?? e))) throw e;
    }
  }
}
