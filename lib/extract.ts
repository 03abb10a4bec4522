/**
 * Article extraction with Mozilla's Readability (the engine of Firefox Reader View), on any DOM `Document`: the live
 * page in the content script (on a clone), jsdom in the CLI. Output is the article as text blocks — headline first,
 * then paragraphs, list items and quotes — which the engine splits into sentences.
 */
import { isProbablyReaderable, Readability } from '@mozilla/readability';

export interface Article {
  title: string;
  blocks: string[];
  /** Characters of text in the blocks. */
  length: number;
}

export type Extraction = { ok: true; article: Article } | { ok: false; reason: string };

const BLOCK_SELECTOR = 'p, h1, h2, h3, h4, h5, h6, li, blockquote, figcaption, dd, dt, pre, td';
/** Upper bound of text we read from one page; a gigantic page is cut, not rejected. */
export const MAX_ARTICLE_CHARS = 200_000;
/** Pages with more elements than this are not cloned and parsed at all: the work would stall the tab. */
export const MAX_ELEMENTS = 60_000;
/**
 * Pages nested deeper than this are not parsed either. The HTML parser itself never nests deeper than 512 elements, so
 * only a script builds such a page; Readability's cost grows with the square of the depth there (measured in Chromium:
 * 1,000 levels 0.27 s, 2,500 levels 1.8 s, 5,000 levels 8.7 s of blocked tab).
 */
export const MAX_DEPTH = 512;

/**
 * Depth of the deepest element below `root` (its children are at depth 1), walked without recursion so a hostile page
 * cannot overflow the stack; stops as soon as the depth exceeds `limit`.
 */
export function domDepth(root: Element, limit = Infinity): number {
  let node: Element = root;
  let depth = 0;
  let max = 0;
  for (;;) {
    const child = node.firstElementChild;
    if (child) {
      node = child;
      depth++;
      if (depth > max) {
        max = depth;
        if (max > limit) return max;
      }
      continue;
    }
    for (;;) {
      if (node === root) return max;
      const next = node.nextElementSibling;
      if (next) {
        node = next;
        break;
      }
      node = node.parentElement!;
      depth--;
    }
  }
}

const normalise = (s: string) => s.replace(/\s+/g, ' ').trim();

/** Text blocks of an element: innermost block elements, or the element's own text when it has none. */
export function blocksOf(root: Element): string[] {
  const out: string[] = [];
  const blocks = root.querySelectorAll(BLOCK_SELECTOR);
  if (!blocks.length) {
    const t = normalise(root.textContent ?? '');
    return t ? [t] : [];
  }
  for (const el of blocks) {
    // Skip a block that contains other blocks; its children are read on their own.
    if (el.querySelector(BLOCK_SELECTOR)) continue;
    const t = normalise(el.textContent ?? '');
    if (t) out.push(t);
  }
  return out;
}

/**
 * Decides whether the document is an article and extracts it. Never modifies `doc` (Readability runs on a clone).
 * @param force extract even when Readability's quick test says the page is not an article.
 */
export function extractArticle(doc: Document, { force = false, maxElements = MAX_ELEMENTS, maxDepth = MAX_DEPTH } = {}): Extraction {
  if (!doc.body) return { ok: false, reason: 'The page has no body.' };
  const elements = doc.getElementsByTagName('*').length;
  if (elements > maxElements)
    return { ok: false, reason: `This page is too large to read safely (${elements.toLocaleString('en-US')} elements).` };
  if (domDepth(doc.body, maxDepth) > maxDepth)
    return { ok: false, reason: `This page is nested too deeply to read safely (more than ${maxDepth.toLocaleString('en-US')} levels).` };
  if (!force && !isProbablyReaderable(doc)) return { ok: false, reason: "This page doesn't look like an article." };
  const clone = doc.cloneNode(true) as Document;
  let parsed: ReturnType<Readability<Element>['parse']>;
  try {
    parsed = new Readability<Element>(clone, { serializer: (el) => el as Element, charThreshold: 300 }).parse();
  } catch (e) {
    return { ok: false, reason: `The article could not be read: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (!parsed?.content) return { ok: false, reason: "No article text was found on this page." };
  const title = normalise(parsed.title ?? '');
  let blocks = blocksOf(parsed.content);
  // Readability drops the headline from the content when it is the title; it is often a claim, so keep it when the
  // page shows it (not only in <title>).
  if (title && blocks[0] !== title) {
    const headings = [...doc.body.querySelectorAll('h1, h2')].map((h) => normalise(h.textContent ?? ''));
    if (headings.includes(title)) blocks = [title, ...blocks];
  }
  let length = 0;
  const kept: string[] = [];
  for (const b of blocks) {
    if (length + b.length > MAX_ARTICLE_CHARS) break;
    kept.push(b);
    length += b.length;
  }
  if (!kept.length) return { ok: false, reason: 'No article text was found on this page.' };
  return { ok: true, article: { title, blocks: kept, length } };
}

/** Plain text input (CLI `.txt`): first line is the title; paragraphs are separated by line breaks. */
export function articleFromText(text: string): Article {
  const blocks = text
    .split(/\r?\n/)
    .map(normalise)
    .filter(Boolean);
  return { title: blocks[0] ?? '', blocks, length: blocks.reduce((n, b) => n + b.length, 0) };
}
