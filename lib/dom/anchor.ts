/**
 * Text-quote anchoring: finds a sentence (as extracted, white space collapsed) in the live page and returns a DOM
 * Range over it, without changing the page. Form fields, editable regions, scripts and our own UI are never read.
 */

const SKIP_TAGS = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'TEXTAREA', 'INPUT', 'SELECT', 'OPTION', 'BUTTON', 'SVG', 'MATH', 'IFRAME', 'OBJECT', 'CANVAS']);

/** Whether an element's text must never be read or marked (form fields, contenteditable, our UI). */
export function isOffLimits(el: Element, uiTag = 'crosscheck-ui'): boolean {
  if (SKIP_TAGS.has(el.tagName.toUpperCase()) || el.tagName.toLowerCase() === uiTag) return true;
  if ((el as HTMLElement).isContentEditable) return true;
  const ce = el.getAttribute('contenteditable');
  return ce !== null && ce !== 'false';
}

export interface TextMap {
  /** The page's text with every run of white space collapsed to one space. */
  text: string;
  nodes: Text[];
  /** For each character of `text`: index into `nodes`, and offset in that node. */
  node: Int32Array;
  offset: Int32Array;
}

/** Reads the text under `root` (usually `document.body`) into a TextMap. */
export function buildTextMap(root: Node, maxChars = 2_000_000): TextMap {
  const steps = textMapSteps(root, maxChars);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * The same as `buildTextMap`, as a generator that pauses every `nodesPerStep` text nodes, so a caller can spread the
 * work of a big page over several short tasks (see Slicer.run). The page must not change between steps.
 */
export function* textMapSteps(root: Node, maxChars = 2_000_000, nodesPerStep = 200): Generator<void, TextMap, void> {
  const doc = root.ownerDocument ?? (root as Document);
  const walker = doc.createTreeWalker(root, 0x4 | 0x1 /* SHOW_TEXT | SHOW_ELEMENT */, {
    acceptNode(n) {
      if (n.nodeType === 1) return isOffLimits(n as Element) ? 2 /* REJECT: skip subtree */ : 3 /* SKIP */;
      return 1; /* ACCEPT */
    },
  });
  const nodes: Text[] = [];
  const chars: string[] = [];
  const nodeIdx: number[] = [];
  const offs: number[] = [];
  let lastSpace = true;
  let total = 0;
  for (let n = walker.nextNode(); n && total < maxChars; n = walker.nextNode()) {
    const t = n as Text;
    const data = t.data;
    const ni = nodes.push(t) - 1;
    for (let i = 0; i < data.length; i++) {
      const ch = data[i]!;
      const space = ch === ' ' || ch === '\n' || ch === '\t' || ch === '\r' || ch === '\f' || ch === '\u00a0';
      if (space) {
        if (lastSpace) continue;
        lastSpace = true;
        chars.push(' ');
      } else {
        lastSpace = false;
        chars.push(ch);
      }
      nodeIdx.push(ni);
      offs.push(i);
      total++;
    }
    if (ni % nodesPerStep === nodesPerStep - 1) yield;
  }
  return { text: chars.join(''), nodes, node: Int32Array.from(nodeIdx), offset: Int32Array.from(offs) };
}

/**
 * Finds `quote` in the map, preferring the first occurrence at or after `from`, and returns a Range over it with the
 * index just past it (for the next search), or null when the page no longer has that text.
 */
export function findQuote(map: TextMap, quote: string, from = 0): { range: Range; end: number } | null {
  const q = quote.replace(/\s+/g, ' ').trim();
  if (!q) return null;
  let at = map.text.indexOf(q, from);
  if (at < 0) at = map.text.indexOf(q);
  if (at < 0) return null;
  const last = at + q.length - 1;
  const startNode = map.nodes[map.node[at]!]!;
  const endNode = map.nodes[map.node[last]!]!;
  const range = startNode.ownerDocument!.createRange();
  range.setStart(startNode, map.offset[at]!);
  range.setEnd(endNode, map.offset[last]! + 1);
  return { range, end: last + 1 };
}

/**
 * A text-quote selector (as in the W3C Web Annotation model): the exact text and a little of the text before and
 * after it, so a claim can be found again after the page changed, and the right one of two identical sentences chosen.
 */
export interface QuoteSelector {
  exact: string;
  prefix: string;
  suffix: string;
}

const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();

/** The selector of `map.text[start, end)`, with up to `context` characters on each side. */
export function quoteAt(map: TextMap, start: number, end: number, context = 32): QuoteSelector {
  return {
    exact: map.text.slice(start, end),
    prefix: map.text.slice(Math.max(0, start - context), start),
    suffix: map.text.slice(end, end + context),
  };
}

function commonSuffix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return n;
}
function commonPrefix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

export interface Anchored {
  range: Range;
  start: number;
  end: number;
}

/** A Range over map.text[start, end). */
export function rangeOf(map: TextMap, start: number, end: number): Range | null {
  if (end <= start || end > map.text.length) return null;
  const last = end - 1;
  const startNode = map.nodes[map.node[start]!];
  const endNode = map.nodes[map.node[last]!];
  if (!startNode || !endNode) return null;
  const range = startNode.ownerDocument!.createRange();
  range.setStart(startNode, map.offset[start]!);
  range.setEnd(endNode, map.offset[last]! + 1);
  return range;
}

/**
 * Finds a quote in the map. Of several occurrences of the exact text, the one whose surroundings best match the
 * selector's prefix and suffix wins; on a tie, the first at or after `from`. Null when the text is gone.
 */
export function anchorQuote(map: TextMap, sel: QuoteSelector, from = 0, maxCandidates = 64): Anchored | null {
  const exact = collapse(sel.exact);
  if (!exact) return null;
  let best = -1;
  let bestScore = -1;
  let seen = 0;
  for (let at = map.text.indexOf(exact); at >= 0 && seen < maxCandidates; at = map.text.indexOf(exact, at + 1), seen++) {
    const before = map.text.slice(Math.max(0, at - sel.prefix.length), at);
    const after = map.text.slice(at + exact.length, at + exact.length + sel.suffix.length);
    const score = commonSuffix(before, sel.prefix) + commonPrefix(after, sel.suffix) + (at >= from ? 0.5 : 0);
    if (score > bestScore) {
      bestScore = score;
      best = at;
    }
  }
  if (best < 0) return null;
  const range = rangeOf(map, best, best + exact.length);
  return range ? { range, start: best, end: best + exact.length } : null;
}

/** Whether a Range still covers exactly `text` (white space collapsed) in the live page. */
export function rangeStillHolds(range: Range, text: string): boolean {
  if (range.collapsed || !range.startContainer.isConnected || !range.endContainer.isConnected) return false;
  return collapse(range.toString()) === collapse(text);
}
