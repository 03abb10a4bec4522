/**
 * Text-quote anchoring: finds a sentence (as extracted, white space collapsed) in the live page and returns a DOM
 * Range over it, without changing the page. Form fields, editable regions, scripts and our own UI are never read.
 */

const SKIP_TAGS = new Set(['script', 'style', 'noscript', 'template', 'textarea', 'input', 'select', 'option', 'button', 'svg', 'math', 'iframe', 'object', 'canvas']);

/**
 * Whether an element's text must never be read or marked (form fields, contenteditable, our UI). Attributes only, no
 * computed style: `isContentEditable` would bring the page's style up to date on every element we pass. (The element
 * holding `contenteditable` is rejected with its subtree, so what it makes editable is never reached.)
 */
export function isOffLimits(el: Element, uiTag = 'crosscheck-ui'): boolean {
  const name = el.localName;
  if (SKIP_TAGS.has(name) || name === uiTag) return true;
  const ce = el.getAttribute('contenteditable');
  return ce !== null && ce.toLowerCase() !== 'false';
}

export interface TextMap {
  /** The page's text with every run of white space collapsed to one space. */
  text: string;
  nodes: Text[];
  /** For each node: where its text starts in `text` (a node whose text collapsed away starts where the next one does). */
  starts: Int32Array;
  /** For each node: whether the text before it ended in a space (its leading white space is then dropped). */
  afterSpace: Uint8Array;
}

/** Reads the text under `root` (usually `document.body`) into a TextMap. */
export function buildTextMap(root: Node, maxChars = 2_000_000): TextMap {
  const steps = textMapSteps(root, maxChars);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

const SPACES = /[ \n\t\r\f\u00a0]+/g;
const isSpace = (c: number) => c === 32 || c === 10 || c === 9 || c === 13 || c === 12 || c === 0xa0;

/** Elements whose text is never read (with their subtrees), as one selector; plus our UI's tag. */
const OFF_LIMITS = [...SKIP_TAGS, '[contenteditable]:not([contenteditable="false" i])'].join(', ');

/**
 * The same as `buildTextMap`, as a generator that pauses every `nodesPerStep` text nodes, so a caller can spread the
 * work of a big page over several short tasks (see Slicer.run). The page must not change between steps.
 *
 * Built for speed on big pages: the text nodes come from a native walk with no filter callback; the subtrees that are
 * never read (isOffLimits) are found by one selector query up front, and the walk jumps over each when it reaches its
 * first text node. Per text node one native white-space collapse; positions inside a node are worked out only where a
 * claim starts and ends (`locate`).
 */
export function* textMapSteps(root: Node, maxChars = 2_000_000, nodesPerStep = 200, uiTag = 'crosscheck-ui'): Generator<void, TextMap, void> {
  const doc = root.ownerDocument ?? (root as Document);
  const nodes: Text[] = [];
  // A document in design mode is editable everywhere: nothing in it is read.
  if ((doc as Document).designMode === 'on') return { text: '', nodes, starts: new Int32Array(0), afterSpace: new Uint8Array(0) };
  // The outermost off-limits subtrees in document order, each with the first text node in it (where the walk jumps).
  const stops: { first: Text; last: Node }[] = [];
  if ('querySelectorAll' in root) {
    let outer: Element | undefined;
    for (const el of (root as ParentNode).querySelectorAll(`${OFF_LIMITS}, ${uiTag}`)) {
      if (outer?.contains(el)) continue;
      outer = el;
      const first = doc.createTreeWalker(el, 0x4 /* SHOW_TEXT */).nextNode() as Text | null;
      if (!first) continue;
      let last: Node = el;
      while (last.lastChild) last = last.lastChild;
      stops.push({ first, last });
    }
  }
  const walker = doc.createTreeWalker(root, 0x4 /* SHOW_TEXT */);
  const parts: string[] = [];
  const starts: number[] = [];
  const afterSpace: number[] = [];
  let lastSpace = true;
  let total = 0;
  let stop = 0;
  let seen = 0;
  for (let n = walker.nextNode(); n && total < maxChars; n = walker.nextNode()) {
    if (stop < stops.length && n === stops[stop]!.first) {
      // Jump past the off-limits subtree: the walk goes on after its last node.
      walker.currentNode = stops[stop++]!.last;
      continue;
    }
    const t = n as Text;
    nodes.push(t);
    starts.push(total);
    afterSpace.push(lastSpace ? 1 : 0);
    let c = t.data.replace(SPACES, ' ');
    if (lastSpace && c.charCodeAt(0) === 32) c = c.slice(1);
    if (c) {
      parts.push(c);
      total += c.length;
      lastSpace = c.charCodeAt(c.length - 1) === 32;
    }
    if (++seen % nodesPerStep === 0) yield;
  }
  return { text: parts.join(''), nodes, starts: Int32Array.from(starts), afterSpace: Uint8Array.from(afterSpace) };
}

/** The text node and the offset in it of `map.text[pos]` (pos must be inside the text). */
export function locate(map: TextMap, pos: number): { node: Text; offset: number } | null {
  if (pos < 0 || pos >= map.text.length) return null;
  // The last node starting at or before pos: the one whose text holds it (empty ones share the next one's start).
  let lo = 0;
  let hi = map.starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (map.starts[mid]! <= pos) lo = mid;
    else hi = mid - 1;
  }
  const node = map.nodes[lo]!;
  const data = node.data;
  let want = pos - map.starts[lo]!;
  let space = map.afterSpace[lo] === 1;
  for (let i = 0; i < data.length; i++) {
    if (isSpace(data.charCodeAt(i))) {
      if (space) continue;
      space = true;
    } else space = false;
    if (want-- === 0) return { node, offset: i };
  }
  return null;
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
  const range = rangeOf(map, at, at + q.length);
  return range ? { range, end: at + q.length } : null;
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
  const a = locate(map, start);
  const b = locate(map, end - 1);
  if (!a || !b) return null;
  const range = a.node.ownerDocument!.createRange();
  range.setStart(a.node, a.offset);
  range.setEnd(b.node, b.offset + 1);
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
