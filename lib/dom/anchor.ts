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
