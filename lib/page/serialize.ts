/**
 * Serialises the live page to HTML in short steps, so the article can be extracted away from the page's main thread
 * (Readability runs in the extension's offscreen document or background page, on the parsed copy).
 *
 * The walk goes down the page's elements in document order and yields between units of work (see Slicer.run): an
 * element with few elements below it (`wholeMax`: a paragraph with its links, a list, a small box) is written with one
 * native `outerHTML` read; a bigger one gets its start tag written here, then its children, then its end tag. So no
 * step is long, however big the page, and most of the writing is the browser's own serialiser.
 *
 * Left out, because extraction never reads them: scripts (except JSON-LD metadata), styles, `noscript`, `template`,
 * comments and our own UI host; our fallback marks are unwrapped (their text kept). Inline event handler attributes
 * (`onclick`…) are left out of the start tags written here, and taken out of the rest by `withoutHandlers` where the
 * copy is parsed (the extension's own CSP would log every one the parser meets as a blocked handler: nothing runs in a
 * parsed document, but the noise would be ours).
 *
 * Reading only: the page is never changed. The result parses (DOMParser, `text/html`) to the same tree for everything
 * extraction looks at, in the same quirks mode.
 */

const HTML_NS = 'http://www.w3.org/1999/xhtml';
const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';
const XLINK_NS = 'http://www.w3.org/1999/xlink';

/** Elements whose content is not markup (raw text) or must never be split: always written whole. */
const WHOLE = new Set(['xmp', 'iframe', 'noembed', 'noframes', 'plaintext', 'textarea', 'title', 'select', 'svg', 'math']);
/** Elements extraction never reads: left out with their content. */
const DROP = new Set(['style', 'noscript', 'template']);
const VOID = new Set(['area', 'base', 'basefont', 'bgsound', 'br', 'col', 'embed', 'frame', 'hr', 'img', 'input', 'keygen', 'link', 'meta', 'param', 'source', 'track', 'wbr']);

export interface SerializeOptions {
  /** Stop (with `tooDeep`) once an element is nested deeper than this below `<html>`. */
  maxDepth?: number;
  /** Stop (with `tooLarge`) once the HTML written reaches this many characters. */
  maxChars?: number;
  /** Elements left out with their content (our UI host). */
  skipTags?: readonly string[];
  /** Elements written as their content only (our fallback marks). */
  unwrapTags?: readonly string[];
  /** An element with at most this many elements below it is written with one native read. */
  wholeMax?: number;
  /** Units of work (elements or text nodes) between two pauses. */
  unitsPerStep?: number;
}

export interface Serialized {
  html: string;
  /** Elements visited (written or left out). */
  elements: number;
  /** The deepest nesting seen (only up to `maxDepth` + 1 when it stopped early). */
  depth: number;
  tooDeep: boolean;
  tooLarge: boolean;
}

const escapeText = (s: string) => (/[&<>\u00a0]/.test(s) ? s.replace(/&/g, '&amp;').replace(/\u00a0/g, '&nbsp;').replace(/</g, '&lt;').replace(/>/g, '&gt;') : s);
const escapeAttr = (s: string) =>
  /[&"<>\u00a0]/.test(s) ? s.replace(/&/g, '&amp;').replace(/\u00a0/g, '&nbsp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;') : s;

function attrName(a: Attr): string {
  switch (a.namespaceURI) {
    case null:
      return a.localName;
    case XML_NS:
      return `xml:${a.localName}`;
    case XMLNS_NS:
      return a.localName === 'xmlns' ? 'xmlns' : `xmlns:${a.localName}`;
    case XLINK_NS:
      return `xlink:${a.localName}`;
    default:
      return a.name;
  }
}

/** Inline event handler attributes (onclick, onerror…): never copied. */
const isHandler = (name: string) => name.length > 2 && (name.charCodeAt(0) | 32) === 111 /* o */ && (name.charCodeAt(1) | 32) === 110; /* n */

function startTag(el: Element): string {
  let s = `<${el.localName}`;
  const attrs = el.attributes;
  for (let i = 0; i < attrs.length; i++) {
    const a = attrs[i]!;
    if (isHandler(a.localName)) continue;
    s += ` ${attrName(a)}="${escapeAttr(a.value)}"`;
  }
  return `${s}>`;
}

/**
 * Elements that cannot be read whole: every ancestor of an element that is left out (a script, a style…). They are
 * walked instead. One native query over the page; then each element is one set lookup.
 */
function walkedElements(doc: Document, leftOut: string): Set<Element> {
  const paths = new Set<Element>();
  for (const el of doc.querySelectorAll(leftOut)) for (let e = el.parentElement; e && !paths.has(e); e = e.parentElement) paths.add(e);
  return paths;
}

/** drop: left out; whole: one outerHTML read; open: start tag, children, end tag; unwrap: children only; bare: the start and end tags alone (a raw-text element holding something left out: its content is not needed). */
type Kind = 'drop' | 'whole' | 'open' | 'unwrap' | 'bare';

/**
 * The page's HTML, written in steps (a generator: drive it with Slicer.run, or to the end in one go). The page must not
 * change between steps — the content script's steps run back to back between yields, and a page change during the
 * walk at worst gives a copy that mixes before and after, which the next look at the page corrects.
 */
export function* serializeSteps(doc: Document, o: SerializeOptions = {}): Generator<void, Serialized, void> {
  const maxDepth = o.maxDepth ?? Infinity;
  const maxChars = o.maxChars ?? Infinity;
  const skip = new Set((o.skipTags ?? []).map((t) => t.toLowerCase()));
  const unwrap = new Set((o.unwrapTags ?? []).map((t) => t.toLowerCase()));
  const per = o.unitsPerStep ?? 16;
  const wholeMax = o.wholeMax ?? 400;
  const out: string[] = [];
  let chars = 0;
  let elements = 0;
  let depth = 0;
  let deepest = 0;
  let units = 0;
  const result = (tooDeep = false, tooLarge = false): Serialized => ({ html: tooDeep || tooLarge ? '' : out.join(''), elements, depth: deepest, tooDeep, tooLarge });
  const write = (s: string) => {
    out.push(s);
    chars += s.length;
  };

  const root = doc.documentElement;
  if (!root) return result();
  // The parse must land in the same mode: quirks mode changes how some markup nests (a <table> inside a <p>).
  if (doc.compatMode !== 'BackCompat') write('<!DOCTYPE html>');

  const paths = walkedElements(doc, ['script:not([type="application/ld+json" i])', ...DROP, ...skip, ...unwrap].join(', '));
  const kindOf = (el: Element): Kind => {
    const name = el.localName;
    // SVG and MathML are written whole, or left out when a style or a script sits in them.
    if (el.namespaceURI !== HTML_NS) return paths.has(el) ? 'drop' : 'whole';
    if (skip.has(name) || DROP.has(name)) return 'drop';
    if (name === 'script') return /^\s*application\/ld\+json\s*$/i.test(el.getAttribute('type') ?? '') ? 'whole' : 'drop';
    if (unwrap.has(name)) return 'unwrap';
    // A raw-text element on a walked path keeps its start tag only (its content is never read).
    if (WHOLE.has(name) || VOID.has(name)) return paths.has(el) ? 'bare' : 'whole';
    if (paths.has(el)) return 'open';
    if (!el.firstElementChild) return 'whole';
    // Counting walks the subtree natively; the elements it is called on are the few big ones on the way down. A
    // subtree of n elements is at most n deep: read whole only when that cannot pass the depth limit unseen.
    const n = el.getElementsByTagName('*').length;
    return n <= wholeMax && depth + n < maxDepth ? 'whole' : 'open';
  };

  /** Open elements (written start tag, or unwrapped), innermost last. */
  const open: { el: Element; unwrapped: boolean }[] = [];
  let node: Node | null = root;
  while (node) {
    let into: Node | null = null;
    if (node.nodeType === 1) {
      const el = node as Element;
      elements++;
      const kind = kindOf(el);
      if (kind === 'whole') {
        write(el.outerHTML);
        // Its children sit one level below it, their children (when they have any) two.
        const d = depth + (el.firstElementChild ? 2 : 1);
        if (d > deepest) deepest = d;
      } else if (kind === 'bare') {
        write(startTag(el));
        if (!VOID.has(el.localName)) write(`</${el.localName}>`);
      } else if (kind === 'open' || kind === 'unwrap') {
        if (kind === 'open') {
          write(startTag(el));
          const first = el.firstChild;
          // The parser drops one newline right after these start tags.
          if ((el.localName === 'pre' || el.localName === 'listing') && first?.nodeType === 3 && (first as Text).data.startsWith('\n')) write('\n');
        }
        if (el.firstChild) {
          open.push({ el, unwrapped: kind === 'unwrap' });
          depth++;
          if (depth > deepest) deepest = depth;
          if (depth > maxDepth) return result(true);
          into = el.firstChild;
        } else if (kind === 'open' && !VOID.has(el.localName)) write(`</${el.localName}>`);
      }
    } else if (node.nodeType === 3) {
      write(escapeText((node as Text).data));
    }
    if (chars >= maxChars) return result(false, true);
    if (++units % per === 0) yield;
    if (into) {
      node = into;
      continue;
    }
    // Next in document order: the next sibling, else close open elements until one has a next sibling.
    while (node && !node.nextSibling) {
      const top = open.pop();
      if (!top) {
        node = null;
        break;
      }
      if (!top.unwrapped) write(`</${top.el.localName}>`);
      depth--;
      node = top.el;
      if (node === root) {
        node = null;
        break;
      }
    }
    if (node === root) break;
    node = node ? node.nextSibling : null;
  }
  return result();
}

/**
 * Serialised HTML (ours: attribute values in double quotes, never containing one; `<` in text escaped) without inline
 * event handler attributes. Runs where the copy is parsed, off the page's main thread. Start tags are matched whole and
 * their attributes consumed one by one, so text that merely looks like an attribute is never touched.
 */
export function withoutHandlers(html: string): string {
  if (!/\son/i.test(html)) return html;
  return html.replace(START_TAG, (tag) => (/\son/i.test(tag) ? tag.replace(ATTRIBUTE, (a, name: string) => (isHandler(name) ? '' : a)) : tag));
}
const START_TAG = /<[a-zA-Z][^\s/>]*(?:\s+[^\s/>"'=]+(?:="[^"]*")?)*\s*\/?>/g;
const ATTRIBUTE = /\s+([^\s/>"'=]+)(?:="[^"]*")?/g;

/** The whole page's HTML in one go (tests, tools). */
export function serializeDocument(doc: Document, o: SerializeOptions = {}): Serialized {
  const steps = serializeSteps(doc, o);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}
