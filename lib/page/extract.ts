/**
 * The page side of extraction, in the content script: the cheap checks on the live page (element count, Readability's
 * quick "is it an article?" test, nesting depth), then the page's HTML written in short slices (serialize.ts). The
 * HTML goes to the background, which extracts the article away from the page's main thread (lib/ext/extract-host.ts),
 * so Readability's one long call never blocks the page. Only the readerable test is loaded here, not Readability.
 */
import isProbablyReaderable from '@mozilla/readability/Readability-readerable.js';
import { MAX_DEPTH, MAX_ELEMENTS, MAX_HTML_CHARS, REASONS } from '../limits';
import { serializeSteps } from './serialize';
import type { Slicer } from './slices';

export type PageHtml = { ok: true; html: string; elements: number } | { ok: false; reason: string };

/** The page's HTML for extraction, or why the page is not read. Runs in the slicer's slices (it yields between them). */
export async function pageHtml(doc: Document, s: Slicer, o: { skipTags?: string[]; unwrapTags?: string[] } = {}): Promise<PageHtml> {
  if (!doc.body) return { ok: false, reason: REASONS.noBody };
  s.step = 'gate';
  const elements = doc.getElementsByTagName('*').length;
  if (elements > MAX_ELEMENTS) return { ok: false, reason: REASONS.tooLarge(elements) };
  if (!isProbablyReaderable(doc)) return { ok: false, reason: REASONS.notArticle };
  await s.maybeYield();
  s.step = 'serialize';
  // Depth is counted from <html> here, from <body> in extractArticle: one more level for the same limit.
  const out = await s.run(serializeSteps(doc, { maxDepth: MAX_DEPTH + 1, maxChars: MAX_HTML_CHARS, ...o }));
  if (out.tooDeep) return { ok: false, reason: REASONS.tooDeep(MAX_DEPTH) };
  if (out.tooLarge) return { ok: false, reason: REASONS.tooBig(MAX_HTML_CHARS) };
  return { ok: true, html: out.html, elements };
}
