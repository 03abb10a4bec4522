/** Sentence splitting with the platform's `Intl.Segmenter` (same in Node and browsers). */

export interface Span {
  text: string;
  /** Offset of the first character in the input. */
  start: number;
  /** Offset just past the last character. */
  end: number;
}

const segmenters = new Map<string, Intl.Segmenter>();

function segmenter(locale: string): Intl.Segmenter {
  let s = segmenters.get(locale);
  if (!s) {
    s = new Intl.Segmenter(locale, { granularity: 'sentence' });
    segmenters.set(locale, s);
  }
  return s;
}

// Abbreviations after which Intl.Segmenter wrongly ends a sentence ("Gen. Shoigu", "U.S. officials").
const ABBREVIATION = /(?:\b(?:Gen|Lt|Col|Maj|Capt|Sgt|Mr|Mrs|Ms|Dr|Prof|St|Sen|Rep|Gov|Pres|No|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|approx|vs|etc)|\b[A-Z](?:\.[A-Z])*)\.\s*$/;

/**
 * Splits text into sentences with offsets into the input. Leading and trailing white space is left out of each span;
 * empty segments are dropped.
 */
export function splitSentences(text: string, locale = 'en'): Span[] {
  const out: Span[] = [];
  let pendingStart = -1;
  for (const seg of segmenter(locale).segment(text)) {
    const raw = seg.segment;
    const lead = raw.length - raw.trimStart().length;
    const body = raw.trim();
    if (!body) continue;
    const start = pendingStart >= 0 ? pendingStart : seg.index + lead;
    const end = seg.index + lead + body.length;
    if (ABBREVIATION.test(body) && end < text.trimEnd().length) {
      pendingStart = start;
      continue;
    }
    pendingStart = -1;
    out.push({ text: text.slice(start, end), start, end });
  }
  if (pendingStart >= 0) {
    const end = text.trimEnd().length;
    out.push({ text: text.slice(pendingStart, end), start: pendingStart, end });
  }
  return out;
}
