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
}

/** Below this score a sentence is reported as unmatched. */
export const MIN_SCORE = 0.42;
/** Fuse score (0 = exact) under which a name in the sentence counts as naming an entity. */
const ENTITY_SCORE = 0.3;

const whatCompatible = (page: string, ref: string) => ref === page || ref.endsWith(`-${page}`) || ref.startsWith(`${page}-`);

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

export function matchSentence(sentence: string, figures: readonly PageFigure[], ref: ReferenceIndex): MatchResult | null {
  const sTokens = new Set(tokens(sentence).filter((t) => !/^\d/.test(t)));
  if (!sTokens.size) return null;

  const candidates = new Map<number, boolean>(); // claim → names one of its entities
  for (const term of nameTerms(sentence)) {
    for (const r of ref.fuse.search(term, { limit: 4 })) {
      if ((r.score ?? 1) > ENTITY_SCORE) continue;
      // A short name inside a long one ("General" in "General Staff") is a candidate, not an entity match.
      const close = term.length >= r.item.n.length * 0.75;
      for (const c of r.item.c) candidates.set(c, (candidates.get(c) ?? false) || close);
    }
  }
  const checkable = figures.filter((f) => f.value >= 10 || f.what.length);
  for (const f of checkable) for (const c of ref.valuesIndex.get(f.value) ?? []) if (!candidates.has(c)) candidates.set(c, false);

  let sTotal = 0;
  for (const t of sTokens) sTotal += ref.weight(t);

  let best: MatchResult | null = null;
  for (const [ci, named] of candidates) {
    const claim = ref.claim(ci);
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
    const values = ref.claimValues[ci]!;
    // A figure counts when the claim gives the same value for a quantity the sentence's figure can be about.
    const figMatched = checkable.filter((f) => {
      const whats = values.get(f.value);
      if (!whats) return false;
      if (!f.what.length) return !claim.series;
      return f.what.some((w) => [...whats].some((rw) => whatCompatible(w, rw)));
    }).length;
    if (claim.series && figMatched === 0) continue;
    const entity = named || ref.entityTokensPresent(ci, sTokens);
    let score = checkable.length && values.size ? 0.55 * text + 0.45 * (figMatched / checkable.length) : text;
    if (!entity && figMatched < 2) score *= 0.5;
    const cand: MatchResult = { claim: ci, score, text, figures: figMatched, entity };
    if (!best || cand.score > best.score + 1e-9 || (Math.abs(cand.score - best.score) <= 1e-9 && cand.figures > best.figures)) best = cand;
  }
  return best && best.score >= MIN_SCORE ? best : null;
}
