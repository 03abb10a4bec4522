/**
 * Stage 03, article context: what a careful reader carries from the headline and earlier sentences into the next
 * one. The article's date (page metadata, or the CLI's `--date`) dates "on Sunday" and yearless dates; a sentence that
 * names no place of its own but refers to "the city", "the plant" or "the prison" is about the place named last before
 * it (in the sentence before, or the headline); a sentence that names no date of its own is about the days the
 * article last named, for the figures it gives ("as of 1 June … The General Staff said 35,970 …").
 *
 * Pure: sentences in reading order in, one context per sentence out.
 */
import { sentenceDates, type DayRange } from './08-dates';

export interface ArticleMeta {
  /** The headline, when it is not already the first block. */
  title?: string;
  /** The page's publication date (YYYY-MM-DD). */
  published?: string;
}

export interface SentenceContext {
  /** The article's date, when known. */
  articleDate?: string;
  /** The dates the sentence itself names, resolved against the article's date. */
  dates: DayRange[];
  /** The dates of the nearest earlier sentence (in the same block, or the headline's) that named any. */
  carriedDates: DayRange[];
  /**
   * Names from the sentence before and from the headline: what a sentence that names no place of its own ("the city",
   * "the strike", "three people were killed") is about, as a reader would read it. The matcher uses them only for a
   * sentence that names none of the pack's subjects itself.
   */
  carriedNames: string[];
  /** The sentence refers to a place or thing only by a definite noun phrase. */
  anaphoric: boolean;
}

/** "the city", "the plant": a definite reference to a place or facility the article named before. */
const DEFINITE_PLACE =
  /\b(?:the|this|that)\s+(?:(?:besieged|occupied|embattled|frontline|eastern|southern|northern|western|key|strategic|industrial|port|border|regional|nuclear|power|hydroelectric|steel|same)\s+)*(?:city|town|village|settlement|region|oblast|plant|station|facility|site|prison|colony|camp|jail|complex|mall|centre|center|theatre|theater|hospital|building|dam|bridge|reservoir|ship|cruiser|vessel|works|steelworks|port|island|area|district)\b/i;

/** Names in a text: capitalised words (and runs of them), as candidates for carrying. */
function namesIn(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(/\b[\p{Lu}][\p{L}\p{M}'’-]{2,}(?:\s+[\p{Lu}][\p{L}\p{M}'’-]{2,})*/gu)) {
    const n = m[0].replace(/['’]s$/, '');
    // The first word of a sentence is capitalised for grammar's sake alone.
    if (m.index === 0 && /^(?:The|A|An|In|On|At|As|But|And|After|Before|While|When|Since|This|That|These|Those|It|He|She|They|We|There|Here)$/.test(n)) continue;
    out.add(n);
  }
  return [...out];
}

export interface ContextInput {
  text: string;
  /** Index of the block (paragraph) the sentence is in; block 0 is the headline. */
  block: number;
}

/** One context per sentence, in order. */
export function articleContexts(sentences: readonly ContextInput[], meta: ArticleMeta = {}): SentenceContext[] {
  const articleDate = meta.published;
  const out: SentenceContext[] = [];
  const titleNames = meta.title ? namesIn(meta.title) : [];
  const titleDates = meta.title ? sentenceDates(meta.title, { articleDate }) : [];
  let lastNames: string[] = titleNames;
  let lastDates: DayRange[] = titleDates;
  let headline: { names: string[]; dates: DayRange[] } | undefined = meta.title ? { names: titleNames, dates: titleDates } : undefined;
  for (const s of sentences) {
    const dates = sentenceDates(s.text, { articleDate });
    const names = namesIn(s.text);
    const anaphoric = DEFINITE_PLACE.test(s.text);
    const carriedNames = [...new Set([...lastNames, ...(headline?.names ?? [])])];
    out.push({ ...(articleDate ? { articleDate } : {}), dates, carriedDates: dates.length ? [] : lastDates, carriedNames, anaphoric });
    if (s.block === 0 && !headline) headline = { names, dates };
    if (names.length) lastNames = names;
    if (dates.length) lastDates = dates;
  }
  return out;
}
