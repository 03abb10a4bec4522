/**
 * Article extraction with Mozilla's Readability (the engine of Firefox Reader View), on any DOM `Document`: the live
 * page in the content script (on a clone), jsdom in the CLI. Output is the article as text blocks — headline first,
 * then paragraphs, list items and quotes — which the engine splits into sentences.
 */
import { isProbablyReaderable, Readability } from '@mozilla/readability';
import { MAX_ARTICLE_CHARS, MAX_DEPTH, MAX_ELEMENTS, REASONS } from '../limits';

export interface Article {
  title: string;
  blocks: string[];
  /** Characters of text in the blocks. */
  length: number;
  /** The page's publication date (YYYY-MM-DD) from its metadata, when it gives one (see `publishedDate`). */
  published?: string;
}

export type Extraction = { ok: true; article: Article } | { ok: false; reason: string };

const BLOCK_SELECTOR = 'p, h1, h2, h3, h4, h5, h6, li, blockquote, figcaption, dd, dt, pre, td';
export { MAX_ARTICLE_CHARS, MAX_DEPTH, MAX_ELEMENTS } from '../limits';

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

/** The calendar date of an ISO-8601 date or date-time as the page wrote it ("2022-07-03T14:05:00+03:00" → 2022-07-03). */
export function isoDay(value: string | null | undefined): string | undefined {
  const m = /^\s*(\d{4})-(\d{2})-(\d{2})(?![\d])/.exec(value ?? '');
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1990 || y > 2100 || mo < 1 || mo > 12 || d < 1 || d > 31) return undefined;
  return `${m[1]}-${m[2]}-${m[3]}`;
}

const META_DATES = [
  'meta[property="article:published_time"]',
  'meta[name="article:published_time"]',
  'meta[property="og:published_time"]',
  'meta[itemprop="datePublished"]',
  'meta[name="pubdate"]',
  'meta[name="publish-date"]',
  'meta[name="date"]',
  'meta[name="dc.date"]',
  'meta[name="DC.date.issued"]',
  'meta[name="parsely-pub-date"]',
];

/** `datePublished` of the first JSON-LD object that has one (objects, arrays and `@graph` lists are searched). */
function jsonLdDate(doc: Document): string | undefined {
  for (const script of doc.querySelectorAll('script[type="application/ld+json"]')) {
    let data: unknown;
    try {
      data = JSON.parse(script.textContent ?? '');
    } catch {
      continue;
    }
    const queue: unknown[] = [data];
    for (let n = 0; queue.length && n < 200; n++) {
      const x = queue.shift();
      if (Array.isArray(x)) queue.push(...x);
      else if (x && typeof x === 'object') {
        const o = x as Record<string, unknown>;
        const day = typeof o.datePublished === 'string' ? isoDay(o.datePublished) : undefined;
        if (day) return day;
        if (o['@graph']) queue.push(o['@graph']);
      }
    }
  }
  return undefined;
}

/**
 * The page's publication date from its metadata: `article:published_time` (and the other usual meta tags), JSON-LD
 * `datePublished`, else the first `<time datetime>` in the article or the page. Undefined when none gives a date.
 * Dates in the page's text are left to the engine (a dateline is not metadata).
 */
export function publishedDate(doc: Document): string | undefined {
  for (const sel of META_DATES) {
    const day = isoDay(doc.querySelector(sel)?.getAttribute('content'));
    if (day) return day;
  }
  const ld = jsonLdDate(doc);
  if (ld) return ld;
  const time = doc.querySelector('article time[datetime]') ?? doc.querySelector('time[datetime]');
  return isoDay(time?.getAttribute('datetime'));
}

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
 * Decides whether the document is an article and extracts it. Never modifies `doc` (Readability runs on a clone)
 * unless `clone` is false: then the caller hands over a document of its own (a parsed copy of a page), which
 * Readability changes as it reads it.
 * @param force extract even when Readability's quick test says the page is not an article.
 * @param timed called with Readability's own time (its parse() call, in ms) when it ran.
 */
export function extractArticle(
  doc: Document,
  {
    force = false,
    maxElements = MAX_ELEMENTS,
    maxDepth = MAX_DEPTH,
    clone = true,
    timed,
  }: { force?: boolean; maxElements?: number; maxDepth?: number; clone?: boolean; timed?: (readabilityMs: number) => void } = {},
): Extraction {
  if (!doc.body) return { ok: false, reason: REASONS.noBody };
  const elements = doc.getElementsByTagName('*').length;
  if (elements > maxElements) return { ok: false, reason: REASONS.tooLarge(elements) };
  if (domDepth(doc.body, maxDepth) > maxDepth) return { ok: false, reason: REASONS.tooDeep(maxDepth) };
  if (!force && !isProbablyReaderable(doc)) return { ok: false, reason: REASONS.notArticle };
  // Read before Readability runs: on the caller's own document it removes scripts (JSON-LD) and moves the content.
  const published = publishedDate(doc);
  const headings = [...doc.body.querySelectorAll('h1, h2')].map((h) => normalise(h.textContent ?? ''));
  const work = clone ? (doc.cloneNode(true) as Document) : doc;
  let parsed: ReturnType<Readability<Element>['parse']>;
  const t0 = performance.now();
  try {
    parsed = new Readability<Element>(work, { serializer: (el) => el as Element, charThreshold: 300 }).parse();
  } catch (e) {
    return { ok: false, reason: REASONS.unreadable(e instanceof Error ? e.message : String(e)) };
  } finally {
    timed?.(performance.now() - t0);
  }
  if (!parsed?.content) return { ok: false, reason: REASONS.noText };
  const title = normalise(parsed.title ?? '');
  let blocks = blocksOf(parsed.content);
  // Readability drops the headline from the content when it is the title; it is often a claim, so keep it when the
  // page shows it (not only in <title>).
  if (title && blocks[0] !== title && headings.includes(title)) blocks = [title, ...blocks];
  let length = 0;
  const kept: string[] = [];
  for (const b of blocks) {
    if (length + b.length > MAX_ARTICLE_CHARS) break;
    kept.push(b);
    length += b.length;
  }
  if (!kept.length) return { ok: false, reason: REASONS.noText };
  return { ok: true, article: { title, blocks: kept, length, ...(published ? { published } : {}) } };
}

/** Plain text input (CLI `.txt`): first line is the title; paragraphs are separated by line breaks. */
export function articleFromText(text: string): Article {
  const blocks = text
    .split(/\r?\n/)
    .map(normalise)
    .filter(Boolean);
  return { title: blocks[0] ?? '', blocks, length: blocks.reduce((n, b) => n + b.length, 0) };
}
