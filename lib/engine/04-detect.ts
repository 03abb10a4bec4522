/**
 * Check-worthiness: which sentences state something a reader could check against sources — figures, statements
 * attributed to someone, reported events. Cheap regular expressions; no model.
 */
import { extractFigures, VAGUE_AMOUNT, type PageFigure } from './07-figures';
import { splitSentences } from './02-segment';
import { eventTypes } from './09-events';

export type Reason = 'figure' | 'attribution' | 'event';

export interface Candidate {
  text: string;
  /** Offsets in the article text (blocks joined by a blank line). */
  start: number;
  end: number;
  /** Index of the block (paragraph) the sentence is in. */
  block: number;
  reasons: Reason[];
  attributedTo: string | null;
  figures: PageFigure[];
}

const ATTRIBUTION_VERBS =
  'said|says|say|told|tells|stated|states|claimed|claims|claim|reported|reports|announced|announces|confirmed|confirms|' +
  'denied|denies|deny|added|noted|wrote|warned|warns|believe|believes|believed|assessed|assesses|estimated|estimates|' +
  'worry|worries|worried|fear|fears|accused|accuses|insisted|insists|alleged|alleges|commented|acknowledged|admitted|informed|' +
  'described|describes|called|calls|urged|urges|vowed|vows|blamed|blames|dismissed|dismisses|rejected|rejects|condemned|condemns|declared|declares';
const ATTRIBUTION = new RegExp(
  String.raw`\b(?:${ATTRIBUTION_VERBS})\b|\baccording to\b|\b(?:in a|the) (?:statement|report|briefing|post|telegram)\b`,
  'i',
);
const EVENT = new RegExp(
  String.raw`\b(?:kill(?:ed|ing|s)?|captur(?:ed|e|es|ing)|seiz(?:ed|e|es|ing)|destroy(?:ed|s|ing)?|damag(?:ed|ing)|` +
    String.raw`struck|strik(?:e|es|ing)|shell(?:ed|ing)|attack(?:ed|s|ing)?|launch(?:ed|es|ing)|` +
    String.raw`bomb(?:ed|ing)|explo(?:ded|sions?)|blasts?|withdr(?:ew|awn|awal|aw)|retreat(?:ed)?|surround(?:ed|ing)|encircle(?:d|ment)|` +
    String.raw`liberat(?:ed|ion)|occup(?:ied|y)|took control|control(?:s|led|ling)?|annex(?:ation|ed)?|fell|fall of|shot down|intercept(?:ed)?|` +
    String.raw`died|wounded|injur(?:ed|ing)|dead|evacuat(?:ed|ion)|sanction(?:s|ed)|pledg(?:ed|es)|signed|` +
    String.raw`invasion|invaded|offensive|counter-?attacks?|assaults?|advance[ds]?|unveil(?:ed)?|` +
    String.raw`hits?|slamm(?:ed|ing)|quit|abandon(?:ed|s|ing)?|invit(?:ed|es)|summon(?:ed|s)|detain(?:ed|s)?|seiz(?:ure)|propos(?:ed|es)|` +
    String.raw`held|holds?|hosts?|threat(?:en|ens|ened)?|objective|likely|probably|reportedly|allegedly|emptied|shelter(?:ing|ed)|` +
    String.raw`fired|fir(?:e|ing) on|rais(?:ed|es) (?:its|their|the) flag|ban(?:ned|s)?|froze|frozen|blockade|deliver(?:ed|ies|y))\b`,
  'i',
);

/** Who the sentence says made the claim: "according to X", "X said", "…," said X". */
export function attribution(sentence: string): string | null {
  const s = sentence.replace(/[“”]/g, '"');
  const clean = (x: string) =>
    x
      .replace(/^(?:and|but|while|as|that|which|also|the\s+)+\s*/i, (m) => (/^the\s+$/i.test(m) ? m : ''))
      .replace(/[\s,.;:"]+$/, '')
      .trim();
  let m = /\baccording to ((?:the |a )?[^,.;"]{3,80})/i.exec(s);
  if (m) return clean(m[1]!);
  // Quote first, then the speaker: ‘…," said a statement from the Russian Defense Ministry.’
  m = new RegExp(String.raw`"\s*,?\s*(?:${ATTRIBUTION_VERBS})\s+(?:a (?:statement|report) (?:from|by) |an? )?([^,.;"]{3,90})`, 'i').exec(s);
  if (m) return clean(m[1]!.replace(/^(?:the )?(?:statement|report) (?:from|by) /i, ''));
  // Speaker first: "The General Staff of the Ukrainian Armed Forces said …"
  m = new RegExp(String.raw`(?:^|[,;:"]\s*|\bbut\s+|\band\s+)([^,;:"]{3,90}?)\s+(?:has |have |had |hasn['’]t |haven['’]t |has not |have not |did not |didn['’]t )?(?:${ATTRIBUTION_VERBS})\b`, 'i').exec(s);
  if (m) {
    const who = clean(m[1]!);
    const words = who.split(/\s+/);
    // A speaker is a short noun phrase naming someone: a capitalised name or a word for officials.
    const named = /\b[A-Z]/.test(who.replace(/^(?:The|A|An|This|That|It|He|She|They|We|I)\b/, ''));
    if (words.length <= 10 && (named || /\b(?:officials?|analysts?|experts?|ministry|minister|governor|spokes(?:man|woman|person)|military|army|government|authorities|separatists|staff|command|services?|rescuers|journalists|reporters|outlets|media|police|commanders|sources|witnesses|residents|prosecutors|investigators|intelligence)\b/i.test(who))) {
      return who.replace(/\s+(?:also|previously|later|earlier|now|of)$/i, '');
    }
  }
  return null;
}

/** Why a sentence is check-worthy (empty when it is not). */
/** A name: a capitalised word that does not merely start the sentence. */
const NAMED = /(?:^|\s)(?!^)[\p{Lu}][\p{L}\p{M}'’-]{2,}|^[\p{Lu}][\p{L}\p{M}'’-]{2,}\s+[\p{Lu}]/u;

export function checkWorthiness(sentence: string, figures = extractFigures(sentence)): Reason[] {
  const words = sentence.trim().split(/\s+/).length;
  if (words < 3 || words > 120) return [];
  if (/\?\s*$/.test(sentence)) return [];
  const reasons: Reason[] = [];
  if (figures.length || VAGUE_AMOUNT.test(sentence)) reasons.push('figure');
  if (ATTRIBUTION.test(sentence)) reasons.push('attribution');
  // Reported events, by the lexicon of stage 09 over lemmas: headline forms ("Moscow seizes Lysychansk", "the fall
  // of", "pulls out of") as well as the past tense.
  if (EVENT.test(sentence) || eventTypes(sentence).size) reasons.push('event');
  // A short line (a headline) must name someone or somewhere to say anything checkable.
  if (words < 5 && !(reasons.length && NAMED.test(sentence.trim().slice(sentence.trim().indexOf(' ')) ))) return [];
  return reasons;
}

export const BLOCK_SEPARATOR = '\n\n';

export interface Sentence {
  text: string;
  start: number;
  end: number;
  block: number;
}

/** Every sentence of the article's blocks, with offsets into the joined text. */
export function sentencesOf(blocks: readonly string[], locale = 'en'): Sentence[] {
  const out: Sentence[] = [];
  let offset = 0;
  blocks.forEach((block, b) => {
    for (const span of splitSentences(block, locale)) out.push({ text: span.text, start: offset + span.start, end: offset + span.end, block: b });
    offset += block.length + BLOCK_SEPARATOR.length;
  });
  return out;
}

/** The sentence as a candidate when it is check-worthy, else undefined. */
export function detect(s: Sentence): Candidate | undefined {
  const figures = extractFigures(s.text);
  const reasons = checkWorthiness(s.text, figures);
  return reasons.length ? { ...s, reasons, attributedTo: attribution(s.text), figures } : undefined;
}

/** Splits article blocks into sentences and keeps the check-worthy ones, with offsets into the joined text. */
export function detectClaims(blocks: readonly string[], locale = 'en'): Candidate[] {
  return sentencesOf(blocks, locale)
    .map(detect)
    .filter((c): c is Candidate => !!c);
}
