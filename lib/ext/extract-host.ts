/**
 * The article extraction, away from the page: the content script sends the page's HTML (lib/page/serialize.ts), and
 * this parses it into a document of our own and runs Readability on it (lib/engine/01-extract.ts). Runs in a document
 * with a DOM: Chrome's offscreen document (entrypoints/offscreen/) or Firefox's background page.
 *
 * The parsed document is inert: DOMParser documents have no browsing context, so nothing in them runs or loads (no
 * scripts, images, styles or frames), and it is never attached to ours. It is dropped after each extraction.
 */
import { extractArticle } from '../engine/01-extract';
import { withoutHandlers } from '../page/serialize';
import type { ExtractReply, ExtractRequest } from './protocol';

export function extractFromHtml({ html }: ExtractRequest, where: ExtractReply['where']): ExtractReply {
  const t0 = performance.now();
  // Inline event handler attributes out first: parsing them in an extension page logs a CSP violation for each.
  const doc = new DOMParser().parseFromString(withoutHandlers(typeof html === 'string' ? html : ''), 'text/html');
  const t1 = performance.now();
  let readabilityMs = 0;
  // The content script already applied the readerable gate, the element count and the depth limit on the live page
  // (the parser caps nesting at 512 anyway). The parsed copy is ours, so Readability may change it: no clone.
  const e = extractArticle(doc, { force: true, clone: false, timed: (ms) => (readabilityMs = ms) });
  return { ...e, where, parseMs: t1 - t0, readabilityMs, ms: performance.now() - t0 };
}
