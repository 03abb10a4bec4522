/**
 * Marks claims with the CSS Custom Highlight API: one `Highlight` per status, no change to the page's DOM besides
 * one <style> element for the `::highlight()` rules (they must be in the page's cascade). Highlights get no events,
 * so hovering is hit-tested here.
 */
import type { PageStatus } from '../engine';

export type MarkStatus = Exclude<PageStatus, 'unmatched'>;
export const MARK_STATUSES: MarkStatus[] = ['corroborated', 'disputed', 'single-sourced'];
export const highlightName = (s: MarkStatus | 'active') => `crosscheck-${s}`;

/** Not colour alone: each status has its own underline style (solid / wavy / dashed) as well as a tint. */
export const HIGHLIGHT_CSS = `
::highlight(crosscheck-corroborated){background-color:rgba(22,163,74,.16);text-decoration:underline solid rgba(21,128,61,.95) 2px}
::highlight(crosscheck-disputed){background-color:rgba(220,38,38,.15);text-decoration:underline wavy rgba(185,28,28,.95) 1.5px}
::highlight(crosscheck-single-sourced){background-color:rgba(217,119,6,.16);text-decoration:underline dashed rgba(180,83,9,.95) 2px}
::highlight(crosscheck-active){background-color:rgba(37,99,235,.28)}
`;

export interface Mark {
  index: number;
  status: MarkStatus;
  range: Range;
}

export function highlightsSupported(): boolean {
  return typeof CSS !== 'undefined' && 'highlights' in CSS && typeof Highlight === 'function';
}

type HighlightsFromPoint = (x: number, y: number) => { highlight: Highlight; ranges: AbstractRange[] }[];

export class Highlighter {
  private marks: Mark[] = [];
  private byRange = new WeakMap<AbstractRange, number>();
  private style: HTMLStyleElement | null = null;

  constructor(private readonly doc: Document) {}

  set(marks: Mark[]): void {
    this.clear();
    this.marks = marks;
    for (const m of marks) this.byRange.set(m.range, m.index);
    if (!highlightsSupported()) return;
    this.style = this.doc.createElement('style');
    this.style.dataset.crosscheck = '';
    this.style.textContent = HIGHLIGHT_CSS;
    (this.doc.head ?? this.doc.documentElement).append(this.style);
    for (const s of MARK_STATUSES) {
      const ranges = marks.filter((m) => m.status === s).map((m) => m.range);
      if (ranges.length) CSS.highlights.set(highlightName(s), new Highlight(...ranges));
    }
  }

  /** Emphasises one claim (the one whose card is open). */
  activate(index: number | undefined): void {
    if (!highlightsSupported()) return;
    const m = index === undefined ? undefined : this.marks.find((x) => x.index === index);
    if (m) CSS.highlights.set(highlightName('active'), new Highlight(m.range));
    else CSS.highlights.delete(highlightName('active'));
  }

  /** The claim under a viewport point, if any. */
  hit(x: number, y: number): number | undefined {
    const fromPoint = (CSS.highlights as unknown as { highlightsFromPoint?: HighlightsFromPoint }).highlightsFromPoint;
    if (fromPoint) {
      try {
        for (const h of fromPoint.call(CSS.highlights, x, y))
          for (const r of h.ranges) {
            const i = this.byRange.get(r);
            if (i !== undefined) return i;
          }
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

  /** The line box of a claim nearest to a point (or its first line). */
  rect(index: number, y?: number): DOMRect | undefined {
    const m = this.marks.find((x) => x.index === index);
    if (!m) return undefined;
    const rects = [...m.range.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
    if (!rects.length) return m.range.getBoundingClientRect();
    if (y === undefined) return rects[0];
    return rects.reduce((a, b) => (Math.abs((a.top + a.bottom) / 2 - y) <= Math.abs((b.top + b.bottom) / 2 - y) ? a : b));
  }

  range(index: number): Range | undefined {
    return this.marks.find((x) => x.index === index)?.range;
  }

  get indices(): number[] {
    return this.marks.map((m) => m.index);
  }

  clear(): void {
    if (highlightsSupported()) for (const s of [...MARK_STATUSES, 'active' as const]) CSS.highlights.delete(highlightName(s));
    this.style?.remove();
    this.style = null;
    this.marks = [];
  }
}
