/**
 * Injected into each saved page by scripts/bench-extract.ts (bundled as one IIFE): the ways of extracting the article
 * that the benchmark compares, each timed on the page's own main thread. `window.__bench`.
 */
import { Readability } from '@mozilla/readability';
import isProbablyReaderable from '@mozilla/readability/Readability-readerable.js';
import { extractArticle, MAX_DEPTH, MAX_ELEMENTS, type Extraction } from '../../lib/engine/01-extract';
import { extractFromHtml } from '../../lib/ext/extract-host';
import { serializeSteps } from '../../lib/page/serialize';
import { Slicer } from '../../lib/page/slices';

const now = () => performance.now();

// Readability's own time: the `parse()` call, wherever extractArticle makes it.
let parseMs = 0;
const parse = Readability.prototype.parse;
Readability.prototype.parse = function (this: Readability) {
  const t = now();
  try {
    return parse.call(this);
  } finally {
    parseMs += now() - t;
  }
};

const digest = (e: Extraction) => (e.ok ? [e.article.title, ...e.article.blocks].join('\n') : `not: ${e.reason}`);

/** The element that holds the most paragraph text (its parent and grandparent get part of each paragraph's credit). */
function articleRoot(doc: Document): Element {
  const marked = doc.querySelectorAll('article, [itemprop~="articleBody"], main, [role="main"]');
  if (marked.length === 1) return marked[0]!;
  const score = new Map<Element, number>();
  for (const p of doc.body.querySelectorAll('p, pre, td, blockquote')) {
    const n = (p.textContent ?? '').length;
    if (n < 25) continue;
    let e = p.parentElement;
    for (let level = 1; e && level <= 3; level++, e = e.parentElement) score.set(e, (score.get(e) ?? 0) + n / level);
  }
  let best: Element = doc.body;
  let top = 0;
  for (const [e, s] of score) if (s > top) [best, top] = [e, s];
  // Widen to an enclosing article/main where there is one (the headline often sits outside the paragraphs' parent).
  return best.closest('article, main, [role="main"]') ?? best;
}

declare global {
  interface Window {
    __bench: typeof bench;
  }
}

const bench = {
  /** A. Today: the whole page cloned and parsed by Readability on the page's thread, one task. */
  inPage() {
    parseMs = 0;
    const t0 = now();
    const e = extractArticle(document);
    const ms = now() - t0;
    return { mainMs: ms, longestMs: ms, readabilityMs: parseMs, ok: e.ok, digest: digest(e) };
  },
  /** B. A trimmed clone: only the article-ish subtree (plus title and metadata) is cloned and parsed. */
  trimmed() {
    parseMs = 0;
    const t0 = now();
    if (document.getElementsByTagName('*').length > MAX_ELEMENTS || !isProbablyReaderable(document)) return { mainMs: now() - t0, longestMs: now() - t0, readabilityMs: 0, ok: false, digest: 'gated' };
    const root = articleRoot(document);
    const d = document.implementation.createHTMLDocument('');
    for (const el of document.head.querySelectorAll('title, meta, script[type="application/ld+json"]')) d.head.append(d.importNode(el, true));
    // Keep the page's h1 when it sits outside the subtree (extractArticle keeps a headline the page shows).
    const h1 = document.body.querySelector('h1');
    if (h1 && !root.contains(h1)) d.body.append(d.importNode(h1, true));
    d.body.append(d.importNode(root, true));
    const e = extractArticle(d, { force: true });
    const ms = now() - t0;
    return { mainMs: ms, longestMs: ms, readabilityMs: parseMs, ok: e.ok, digest: digest(e), rootTag: root.localName };
  },
  /** C (page side). Elements counted, the readerable gate, then the HTML written in ≤ 10 ms slices; and the message. */
  async serialized() {
    const s = new Slicer(10);
    s.begin();
    const gateT = now();
    const elements = document.getElementsByTagName('*').length;
    const readerable = elements <= MAX_ELEMENTS && isProbablyReaderable(document);
    const gateMs = now() - gateT;
    if (!readerable) {
      s.end();
      return { mainMs: s.mainThreadMs, longestMs: s.longestTaskMs, gateMs, html: '', ok: false, slices: s.slices };
    }
    const out = await s.run(serializeSteps(document, { maxDepth: MAX_DEPTH + 1, skipTags: ['crosscheck-ui'], unwrapTags: ['crosscheck-mark'] }));
    const serializeLongest = s.longestTaskMs;
    await s.yield();
    // What runtime messaging does with it in the page's renderer (Chromium serialises messages as JSON).
    const jt = now();
    const message = JSON.stringify({ crosscheck: 1, type: 'extract', data: { html: out.html } });
    const jsonMs = now() - jt;
    s.end();
    return { mainMs: s.mainThreadMs, longestMs: s.longestTaskMs, gateMs, html: out.html, ok: true, slices: s.slices, bytes: message.length, jsonMs, serializeLongest };
  },
  /** C (far side, another process: the offscreen document's work). */
  far(html: string) {
    parseMs = 0;
    // What the offscreen document / Firefox's background page does with it (lib/ext/extract-host.ts).
    const e = extractFromHtml({ html }, 'offscreen');
    return { parseHtmlMs: e.parseMs, extractMs: e.ms - e.parseMs, readabilityMs: e.readabilityMs, ok: e.ok, digest: digest(e) };
  },
  /** C1. The page's HTML in one native call instead of slices (is slicing needed at all?). */
  outerHtml() {
    const t0 = now();
    const n = document.documentElement.outerHTML.length;
    return { ms: now() - t0, chars: n };
  },
  /** D. The readerable gate alone. */
  gate() {
    const t0 = now();
    const ok = isProbablyReaderable(document);
    return { ms: now() - t0, ok };
  },
};
window.__bench = bench;
