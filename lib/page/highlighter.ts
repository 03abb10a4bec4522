/**
 * Marks claims in the page. One interface, two renderers:
 *
 * - `CustomHighlighter`: the CSS Custom Highlight API, one `Highlight` per status. The page's DOM is not changed at
 *   all: the `::highlight()` rules go in a constructable style sheet adopted by the document
 *   (`document.adoptedStyleSheets`), so no element is added and a strict page CSP (`style-src`) cannot block them.
 *   Highlights get no events, so hovering is hit-tested here.
 * - `ElementHighlighter`, the fallback where `CSS.highlights` is missing: wraps each marked run of text in a
 *   `<crosscheck-mark data-status=…>` element styled so it changes no text, and unwraps them on `clear()`, merging the
 *   text nodes it split, so the page's text nodes are as they were.
 *
 * Statuses are never told apart by colour alone: solid / wavy / dashed underlines. Colours are chosen for the page's
 * own background (light or dark), not the browser's colour scheme.
 */
import type { PageStatus } from '../engine';

export type MarkStatus = Exclude<PageStatus, 'unmatched'>;
export const MARK_STATUSES: MarkStatus[] = ['corroborated', 'disputed', 'single-sourced'];
export const highlightName = (s: MarkStatus | 'active') => `crosscheck-${s}`;
export const MARK_TAG = 'crosscheck-mark';
/** Every sheet we adopt starts with this comment-free marker rule, so a later instance can find stale ones. */
const SHEET_MARKER = '@layer crosscheck-marks;';

export interface Mark {
  index: number;
  status: MarkStatus;
  range: Range;
}

export type Theme = 'light' | 'dark';

interface Palette {
  corroborated: [tint: string, line: string];
  disputed: [string, string];
  'single-sourced': [string, string];
  active: string;
}
const PALETTES: Record<Theme, Palette> = {
  light: {
    corroborated: ['rgba(22,163,74,.16)', 'rgba(21,128,61,.95)'],
    disputed: ['rgba(220,38,38,.15)', 'rgba(185,28,28,.95)'],
    'single-sourced': ['rgba(217,119,6,.16)', 'rgba(180,83,9,.95)'],
    active: 'rgba(37,99,235,.28)',
  },
  dark: {
    corroborated: ['rgba(74,222,128,.20)', 'rgba(134,239,172,.95)'],
    disputed: ['rgba(248,113,113,.22)', 'rgba(252,165,165,.95)'],
    'single-sourced': ['rgba(251,191,36,.20)', 'rgba(253,224,71,.95)'],
    active: 'rgba(96,165,250,.40)',
  },
};
/** Underline style per status: the signal that does not depend on colour. */
export const UNDERLINE: Record<MarkStatus, string> = {
  corroborated: 'solid',
  disputed: 'wavy',
  'single-sourced': 'dashed',
};
const THICKNESS: Record<MarkStatus, string> = { corroborated: '2px', disputed: '1.5px', 'single-sourced': '2px' };

const decoration = (s: MarkStatus, p: Palette) =>
  `background-color:${p[s][0]};text-decoration:underline ${UNDERLINE[s]} ${p[s][1]} ${THICKNESS[s]};text-underline-offset:2px`;

/** The `::highlight()` rules for the Custom Highlight renderer. */
export function highlightCss(theme: Theme = 'light'): string {
  const p = PALETTES[theme];
  return (
    SHEET_MARKER +
    MARK_STATUSES.map((s) => `::highlight(${highlightName(s)}){${decoration(s, p)}}`).join('') +
    `::highlight(${highlightName('active')}){background-color:${p.active}}`
  );
}

/** The rules for the fallback renderer's elements: inline, inheriting everything, only a tint and an underline. */
export function markCss(theme: Theme = 'light'): string {
  const p = PALETTES[theme];
  return (
    SHEET_MARKER +
    `${MARK_TAG}{all:unset;display:inline}` +
    MARK_STATUSES.map((s) => `${MARK_TAG}[data-status="${s}"]{${decoration(s, p)}}`).join('') +
    `${MARK_TAG}[data-active]{background-color:${p.active}}` +
    `@media (forced-colors:active){${MARK_TAG}{text-decoration-color:Highlight}}`
  );
}

/** Kept for callers of the old module: the light rules. */
export const HIGHLIGHT_CSS = highlightCss('light');

export function highlightsSupported(): boolean {
  try {
    return typeof CSS !== 'undefined' && !!(CSS as { highlights?: unknown }).highlights && typeof Highlight === 'function';
  } catch {
    return false;
  }
}

/** Whether the page paints a dark background behind its text (its own colours, not the browser's preference). */
export function pageLooksDark(doc: Document): boolean {
  const view = doc.defaultView;
  if (!view) return false;
  const luminance = (css: string): number | undefined => {
    const m = /rgba?\(([\d.]+)[ ,]+([\d.]+)[ ,]+([\d.]+)(?:[ ,/]+([\d.]+%?))?\)/.exec(css);
    if (!m) return undefined;
    const alpha = m[4] === undefined ? 1 : m[4].endsWith('%') ? parseFloat(m[4]) / 100 : parseFloat(m[4]);
    if (alpha < 0.5) return undefined;
    const [r, g, b] = [m[1], m[2], m[3]].map((x) => {
      const c = parseFloat(x!) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  };
  for (const el of [doc.querySelector('article'), doc.body, doc.documentElement]) {
    if (!el) continue;
    const l = luminance(view.getComputedStyle(el).backgroundColor);
    if (l !== undefined) return l < 0.2;
  }
  // Nothing painted: the canvas follows the page's `color-scheme`.
  return view.getComputedStyle(doc.documentElement).colorScheme.includes('dark') && view.matchMedia('(prefers-color-scheme: dark)').matches;
}

/** What both renderers offer the content script. */
export interface Highlighter {
  readonly kind: 'highlight-api' | 'elements';
  /** Replaces every mark. */
  set(marks: Mark[]): void;
  /** Adds marks (for work split over several tasks). */
  add(marks: Mark[]): void;
  /** Emphasises one claim (the one whose card is open), or none. */
  activate(index: number | undefined): void;
  /** The claim under a viewport point, if any. */
  hit(x: number, y: number): number | undefined;
  /** The line box of a claim nearest to a point (or its first line). */
  rect(index: number, y?: number): DOMRect | undefined;
  range(index: number): Range | undefined;
  readonly indices: number[];
  /** Light or dark colours; applies to the marks already drawn. */
  setTheme(theme: Theme): void;
  /** Removes every mark and our style sheet; the page is as it was. */
  clear(): void;
}

/** Picks the Custom Highlight renderer where the browser has it, else the element fallback. */
export function createHighlighter(doc: Document, opts: { fallback?: boolean; theme?: Theme } = {}): Highlighter {
  const h = !opts.fallback && highlightsSupported() ? new CustomHighlighter(doc) : new ElementHighlighter(doc);
  if (opts.theme) h.setTheme(opts.theme);
  return h;
}

/**
 * Adds our rules to the document without adding an element; a <style> element only where that is impossible. The
 * rules follow a theme (light or dark page) and are added on first use.
 */
class AdoptedSheet {
  private sheet: CSSStyleSheet | null = null;
  private style: HTMLStyleElement | null = null;
  private theme: Theme = 'light';
  private applied = false;

  constructor(
    private readonly doc: Document,
    private readonly css: (theme: Theme) => string,
  ) {}

  /** The page's theme; the rules follow it once added. */
  setTheme(theme: Theme): void {
    this.theme = theme;
    if (this.applied) this.apply(this.css(theme));
  }

  /** Adds the rules for the current theme, once. */
  ensure(): void {
    if (this.applied) return;
    this.apply(this.css(this.theme));
    this.applied = true;
  }

  apply(css: string): void {
    if (this.sheet) {
      this.sheet.replaceSync(css);
      return;
    }
    if (this.style) {
      this.style.textContent = css;
      return;
    }
    try {
      const View = this.doc.defaultView as (Window & { CSSStyleSheet: typeof CSSStyleSheet }) | null;
      const sheet = new (View?.CSSStyleSheet ?? CSSStyleSheet)();
      sheet.replaceSync(css);
      this.doc.adoptedStyleSheets = [...this.doc.adoptedStyleSheets, sheet];
      this.sheet = sheet;
    } catch {
      // No constructable style sheets (old browsers): one <style> element, marked as ours.
      this.style = this.doc.createElement('style');
      this.style.dataset.crosscheck = '';
      this.style.textContent = css;
      (this.doc.head ?? this.doc.documentElement).append(this.style);
    }
  }

  remove(): void {
    if (this.sheet) {
      const sheet = this.sheet;
      try {
        this.doc.adoptedStyleSheets = this.doc.adoptedStyleSheets.filter((s) => s !== sheet);
      } catch {
        // the document is gone
      }
    }
    this.style?.remove();
    this.sheet = null;
    this.style = null;
    this.applied = false;
  }
}

/** What both renderers share: their style sheet (themed, added on first use) and `set` as clear-then-add. */
abstract class SheetRenderer {
  protected readonly sheet: AdoptedSheet;

  constructor(
    protected readonly doc: Document,
    css: (theme: Theme) => string,
  ) {
    this.sheet = new AdoptedSheet(doc, css);
  }

  setTheme(theme: Theme): void {
    this.sheet.setTheme(theme);
  }

  set(marks: Mark[]): void {
    this.clear();
    this.add(marks);
  }

  abstract add(marks: Mark[]): void;
  abstract clear(): void;
}

function nearestRect(rects: DOMRect[], y: number | undefined): DOMRect | undefined {
  const visible = rects.filter((r) => r.width > 0 && r.height > 0);
  if (!visible.length) return undefined;
  if (y === undefined) return visible[0];
  return visible.reduce((a, b) => (Math.abs((a.top + a.bottom) / 2 - y) <= Math.abs((b.top + b.bottom) / 2 - y) ? a : b));
}

type HighlightsFromPoint = (x: number, y: number) => { highlight: Highlight; ranges: AbstractRange[] }[];

export class CustomHighlighter extends SheetRenderer implements Highlighter {
  readonly kind = 'highlight-api' as const;
  private marks: Mark[] = [];
  private byRange = new WeakMap<AbstractRange, number>();

  constructor(doc: Document) {
    super(doc, highlightCss);
  }

  add(marks: Mark[]): void {
    if (!marks.length) return;
    this.sheet.ensure();
    for (const m of marks) {
      this.marks.push(m);
      this.byRange.set(m.range, m.index);
      const name = highlightName(m.status);
      const h = CSS.highlights.get(name);
      if (h) h.add(m.range);
      else CSS.highlights.set(name, new Highlight(m.range));
    }
  }

  activate(index: number | undefined): void {
    const m = index === undefined ? undefined : this.marks.find((x) => x.index === index);
    if (m) CSS.highlights.set(highlightName('active'), new Highlight(m.range));
    else CSS.highlights.delete(highlightName('active'));
  }

  hit(x: number, y: number): number | undefined {
    const fromPoint = (CSS.highlights as unknown as { highlightsFromPoint?: HighlightsFromPoint }).highlightsFromPoint;
    if (fromPoint) {
      try {
        for (const h of fromPoint.call(CSS.highlights, x, y))
          for (const r of h.ranges) {
            const i = this.byRange.get(r);
            if (i !== undefined) return i;
          }
        return undefined;
      } catch {
        // fall through to the geometric test
      }
    }
    for (const m of this.marks) {
      for (const rect of m.range.getClientRects())
        if (x >= rect.left && x <= rect.right && y >= rect.top && y <= rect.bottom) return m.index;
    }
    return undefined;
  }

  rect(index: number, y?: number): DOMRect | undefined {
    const m = this.marks.find((x) => x.index === index);
    if (!m) return undefined;
    return nearestRect([...m.range.getClientRects()], y) ?? m.range.getBoundingClientRect();
  }

  range(index: number): Range | undefined {
    return this.marks.find((x) => x.index === index)?.range;
  }

  get indices(): number[] {
    return this.marks.map((m) => m.index);
  }

  clear(): void {
    try {
      for (const s of [...MARK_STATUSES, 'active' as const]) CSS.highlights.delete(highlightName(s));
    } catch {
      // no registry
    }
    this.sheet.remove();
    this.marks = [];
  }
}

interface Wrapped {
  index: number;
  status: MarkStatus;
  els: HTMLElement[];
}

export class ElementHighlighter extends SheetRenderer implements Highlighter {
  readonly kind = 'elements' as const;
  private marks: Wrapped[] = [];
  private byEl = new WeakMap<Element, number>();
  /** Text nodes we created by splitting the page's: merged back into their previous sibling on clear(). */
  private splits: Text[] = [];
  private active: number | undefined;

  constructor(doc: Document) {
    super(doc, markCss);
  }

  add(marks: Mark[]): void {
    if (!marks.length) return;
    this.sheet.ensure();
    for (const m of marks) {
      const els = this.wrap(m);
      if (!els.length) continue;
      for (const el of els) this.byEl.set(el, m.index);
      this.marks.push({ index: m.index, status: m.status, els });
    }
  }

  private wrap(m: Mark): HTMLElement[] {
    const r = m.range;
    if (r.collapsed) return [];
    const root = r.commonAncestorContainer;
    const texts: Text[] = [];
    if (root.nodeType === 3) texts.push(root as Text);
    else {
      const walker = this.doc.createTreeWalker(root, 0x4 /* SHOW_TEXT */);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) if (r.intersectsNode(n)) texts.push(n as Text);
    }
    // Boundaries first: later splits must not move them.
    const pieces = texts.map((t) => ({
      t,
      start: t === r.startContainer ? r.startOffset : 0,
      end: t === r.endContainer ? r.endOffset : t.length,
    }));
    const els: HTMLElement[] = [];
    for (const { t: node, start, end } of pieces) {
      if (start >= end || !node.parentNode) continue;
      if (!/\S/.test(node.data.slice(start, end))) continue; // white space between blocks: nothing to mark
      const parent = node.parentElement;
      if (parent && (parent.closest('textarea, input, select, option, script, style, [contenteditable]') || parent.tagName.toLowerCase() === MARK_TAG && parent.dataset.index === String(m.index))) continue;
      let t = node;
      if (end < t.length) this.splits.push(t.splitText(end));
      if (start > 0) {
        t = t.splitText(start);
        this.splits.push(t);
      }
      const el = this.doc.createElement(MARK_TAG);
      el.dataset.status = m.status;
      el.dataset.index = String(m.index);
      t.parentNode!.insertBefore(el, t);
      el.appendChild(t);
      els.push(el);
    }
    return els;
  }

  activate(index: number | undefined): void {
    if (this.active !== undefined) for (const el of this.find(this.active)?.els ?? []) el.removeAttribute('data-active');
    this.active = index;
    if (index !== undefined) for (const el of this.find(index)?.els ?? []) el.setAttribute('data-active', '');
  }

  private find(index: number) {
    return this.marks.find((m) => m.index === index);
  }

  hit(x: number, y: number): number | undefined {
    const el = this.doc.elementFromPoint(x, y)?.closest(MARK_TAG);
    if (el) {
      const i = this.byEl.get(el);
      if (i !== undefined) return i;
    }
    return undefined;
  }

  rect(index: number, y?: number): DOMRect | undefined {
    const m = this.find(index);
    if (!m) return undefined;
    return nearestRect(m.els.flatMap((el) => [...el.getClientRects()]), y) ?? m.els[0]?.getBoundingClientRect();
  }

  range(index: number): Range | undefined {
    const m = this.find(index);
    const first = m?.els.find((e) => e.isConnected);
    const last = m?.els.findLast((e) => e.isConnected);
    if (!first || !last) return undefined;
    const r = this.doc.createRange();
    r.setStartBefore(first);
    r.setEndAfter(last);
    return r;
  }

  get indices(): number[] {
    return this.marks.map((m) => m.index);
  }

  clear(): void {
    for (const m of this.marks)
      for (const el of m.els) {
        const parent = el.parentNode;
        if (!parent) continue;
        while (el.firstChild) parent.insertBefore(el.firstChild, el);
        parent.removeChild(el);
      }
    // Merge what we split back into one text node, as the page had it.
    for (const t of this.splits) {
      const prev = t.previousSibling;
      if (t.parentNode && prev && prev.nodeType === 3) {
        (prev as Text).appendData(t.data);
        t.remove();
      }
    }
    this.splits = [];
    this.marks = [];
    this.active = undefined;
    this.sheet.remove();
  }
}

/**
 * Removes what an earlier instance of the content script left behind (the extension was reloaded or updated while
 * the page stayed open, and that instance could not clean up): our highlights, adopted sheets, `<style>` element,
 * fallback marks and card host. The page's own content is untouched.
 */
export function clearStale(doc: Document, uiTag = 'crosscheck-ui'): number {
  let removed = 0;
  try {
    if (highlightsSupported())
      for (const s of [...MARK_STATUSES, 'active' as const])
        if (CSS.highlights.delete(highlightName(s))) removed++;
  } catch {
    // no registry
  }
  try {
    const sheets = doc.adoptedStyleSheets;
    const keep = sheets.filter((s) => {
      try {
        return !(s.cssRules[0]?.cssText ?? '').includes('crosscheck-marks');
      } catch {
        return true;
      }
    });
    if (keep.length !== sheets.length) {
      removed += sheets.length - keep.length;
      doc.adoptedStyleSheets = keep;
    }
  } catch {
    // no adopted sheets
  }
  for (const el of doc.querySelectorAll(`style[data-crosscheck], ${uiTag}`)) {
    el.remove();
    removed++;
  }
  const parents = new Set<Node>();
  for (const el of doc.querySelectorAll(MARK_TAG)) {
    const parent = el.parentNode;
    if (!parent) continue;
    while (el.firstChild) parent.insertBefore(el.firstChild, el);
    parent.removeChild(el);
    parents.add(parent);
    removed++;
  }
  // The old instance's record of which text nodes it split is gone: normalise just the parents it marked in.
  for (const p of parents) p.normalize();
  return removed;
}
