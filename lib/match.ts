/**
 * Matching a check-worthy sentence to a reference claim.
 *
 * 1. Candidates: the sentence's names (runs of capitalised words) are fuzzy-searched with fuse.js in the prebuilt
 *    index of entity names, which tolerates transliterations and typos; figures are looked up by value.
 * 2. Each candidate claim is scored on the whole sentence: IDF-weighted word overlap with its text and aliases, whether
 *    it names one of the claim's entities, and how many of the sentence's figures it gives for the same quantity.
 */
import type { PageFigure } from './figures';
import type { ReferenceIndex } from './pack/reference';
import { tokens } from './text/tokens';

export interface MatchResult {
  claim: number;
  /** 0..1, higher is closer. */
  score: number;
  text: number;
  figures: number;
  entity: boolean;
  /** Where in the sentence the claim's entity is first named (Infinity when it is not). */
  entityAt: number;
}

/** Candidates this close to the best are ranked by which is named first: a sentence's subject comes before its details. */
export const SUBJECT_MARGIN = 0.85;

/** Below this score a sentence is reported as unmatched. */
export const MIN_SCORE = 0.42;
/** Figures this large, of the same kind and value, identify a claim without its names (35,970 soldiers, 182 km²). */
const DISTINCTIVE_VALUE = 100;
/** Credit for a figure of the right kind but another value, relative to an equal figure… */
const KIND_CREDIT = 0.75;
/** …given only when the words already match this well. */
const KIND_MIN_TEXT = 0.3;
/** Shorter names must be exact: fuzzy matching short words finds false friends ("Casts" ~ "Cassis"). */
const MIN_FUZZY_LENGTH = 7;
/** Fuse score (0 = exact) under which a name in the sentence counts as naming an entity. */
const ENTITY_SCORE = 0.3;

/**
 * Which reference quantities (`what` keys in the data) a page figure's kind can be compared with: the same key, or a
 * narrower key of the same kind ("deaths" ~ "russian-military-deaths"). Explicit, so "tanks" never meets
 * "vehicles-fuel-tanks".
 */
const WHAT_FAMILIES: Record<string, RegExp> = {
  deaths: /^(?:[a-z]+-)*(?:deaths|killed)$/,
  personnel: /^(?:russian-military-deaths|russian-troops-killed)$/,
  injured: /^(?:[a-z]+-)*(?:injured|wounded)$/,
  tanks: /^russian-tanks-destroyed$/,
  'armoured-vehicles': /^russian-armoured-vehicles-destroyed$/,
  'buildings-damaged': /^(?:apartment-buildings|houses)-damaged$/,
  'buildings-destroyed': /^houses-destroyed$/,
  usd: /-usd$/,
  eur: /-eur$/,
  tonnes: /-tonnes$/,
};

export const whatCompatible = (page: string, ref: string): boolean => ref === page || !!WHAT_FAMILIES[page]?.test(ref);

/** Whether a page figure can be about the reference quantity `what`. */
export const ofKind = (f: Pick<PageFigure, 'what'>, what: string): boolean => f.what.some((w) => whatCompatible(w, what));

/** Names in a sentence: single capitalised words and runs of two or three ("General Staff", "Belaya Gora"). */
export function nameTerms(sentence: string): string[] {
  const words = [...sentence.matchAll(/[\p{Lu}][\p{L}\p{M}'’-]+/gu)].map((m) => ({ w: m[0].replace(/['’]s$/, ''), i: m.index! }));
  const out = new Set<string>();
  words.forEach((x, k) => {
    if (x.w.length >= 3) out.add(x.w);
    const next = words[k + 1];
    if (next && /^\s+$/.test(sentence.slice(x.i + x.w.length, next.i))) out.add(`${x.w} ${next.w}`);
  });
  return [...out];
}

/** The best match, or null; see `rankClaims` for all candidates. */
export function matchSentence(sentence: string, figures: readonly PageFigure[], ref: ReferenceIndex): MatchResult | null {
  const best = rankClaims(sentence, figures, ref)[0];
  return best && best.score >= MIN_SCORE ? best : null;
}

/** Every candidate claim for a sentence, best first (scores may be below MIN_SCORE). */
export function rankClaims(sentence: string, figures: readonly PageFigure[], ref: ReferenceIndex): MatchResult[] {
  const sTokens = new Set(tokens(sentence).filter((t) => !/^\d/.test(t)));
  if (!sTokens.size) return [];

  // claim → position of the first name in the sentence that is one of its entities (Infinity: a weaker candidate)
  const candidates = new Map<number, number>();
  const note = (c: number, at: number) => candidates.set(c, Math.min(candidates.get(c) ?? Infinity, at));
  for (const term of nameTerms(sentence)) {
    for (const r of ref.searchName(term)) {
      if ((r.score ?? 1) > ENTITY_SCORE) continue;
      if (r.score && term.length < MIN_FUZZY_LENGTH && term.toLowerCase() !== r.item.n.toLowerCase()) continue;
      // A short name inside a long one ("General" in "General Staff") is a candidate, not an entity match.
      const at = term.length >= r.item.n.length * 0.75 ? sentence.indexOf(term) : Infinity;
      for (const c of r.item.c) note(c, at);
    }
  }
  // Entities named word for word, capitalised or not ("annexation", "Ukraine's government").
  const lower = sentence.toLowerCase();
  for (const t of sTokens) {
    const list = ref.entityWordIndex.get(t);
    if (!list) continue;
    let at: number | undefined;
    for (const e of list) {
      if (!e.tokens.every((x) => sTokens.has(x))) continue;
      at ??= lower.search(new RegExp(`\\b${t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
      note(e.claim, at < 0 ? lower.length : at);
    }
  }
  const checkable = figures.filter((f) => f.value >= 10 || f.what.length);
  for (const f of checkable) for (const c of ref.valuesIndex.get(f.value) ?? []) if (!candidates.has(c)) candidates.set(c, Infinity);

  let sTotal = 0;
  for (const t of sTokens) sTotal += ref.weight(t);

  const ranked: MatchResult[] = [];
  for (const [ci, entityAt] of candidates) {
    const claim = ref.claim(ci);
    const values = ref.claimValues[ci]!;
    // A figure counts fully when the claim gives the same value for a quantity the sentence's figure can be about,
    // and partly when the claim gives that quantity with another value (the page may be out of date, or wrong).
    let figMatched = 0;
    let figKind = 0;
    // An equal value of the same kind and of some size (not "10 sublists") can identify a claim on its own.
    let distinctive = 0;
    for (const f of checkable) {
      const whats = values.get(f.value);
      const sameKind = !!whats && [...whats].some((rw) => ofKind(f, rw));
      if (whats && (f.what.length ? sameKind : !claim.series)) figMatched++;
      else if (ref.claimWhats[ci]!.some((rw) => ofKind(f, rw))) figKind++;
      if (sameKind && f.value >= DISTINCTIVE_VALUE) distinctive++;
    }
    if (claim.series && distinctive === 0 && figMatched < 3) continue;
    let text = 0;
    for (const pt of ref.phraseTokens[ci]!) {
      let inter = 0;
      let total = 0;
      for (const t of pt) {
        const w = ref.weight(t);
        total += w;
        if (sTokens.has(t)) inter += w;
      }
      if (total) text = Math.max(text, 0.7 * (inter / total) + 0.3 * (inter / sTotal));
    }
    const entity = entityAt < Infinity || ref.entityTokensPresent(ci, sTokens);
    // Never a match on common words or small numbers alone: the sentence must name the claim's subject, or give one
    // of its figures.
    if (!entity && distinctive === 0) continue;
    // A figure of the right kind but another value only helps a sentence that already reads like the claim.
    const kindCredit = text >= KIND_MIN_TEXT ? KIND_CREDIT * figKind : 0;
    const score = checkable.length && values.size ? 0.55 * text + 0.45 * ((figMatched + kindCredit) / checkable.length) : text;
    ranked.push({ claim: ci, score, text, figures: figMatched, entity, entityAt });
  }
  ranked.sort((a, b) => b.score - a.score || b.figures - a.figures || a.claim - b.claim);
  // Among near-equal candidates, the one whose entity is named first is the sentence's main claim.
  const top = ranked[0];
  if (top) {
    const near = ranked.filter((r) => r.entity && r.score >= top.score * SUBJECT_MARGIN);
    const subject = near.reduce((a, b) => (b.entityAt < a.entityAt ? b : a), near[0] ?? top);
    if (subject !== top) ranked.splice(ranked.indexOf(subject), 1), ranked.unshift(subject);
  }
  return ranked;
}
