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
import { datesConflict, sentenceDates } from './dates';
import { normaliseWord, tokens } from './text/tokens';

export interface MatchResult {
  claim: number;
  /** 0..1, higher is closer. */
  score: number;
  text: number;
  /** Parts of `text`: the best phrase's share said by the sentence, and the sentence's share covered by the claim. */
  phrase: number;
  cover: number;
  figures: number;
  entity: boolean;
  /** Where in the sentence the claim's entity is first named (Infinity when it is not). */
  entityAt: number;
}

/** Candidates this close to the best are ranked by which is named first: a sentence's subject comes before its details. */
export const SUBJECT_MARGIN = 0.85;

/** Below this score a sentence is reported as unmatched. */
export const MIN_SCORE = 0.45;
/** Figures this large, of the same kind and value, identify a claim without its names (35,970 soldiers, 182 km²). */
const DISTINCTIVE_VALUE = 100;
/** Credit for a figure of the right kind but another value, relative to an equal figure… */
const KIND_CREDIT = 0.75;
/** …given only when the words already match this well. */
const KIND_MIN_TEXT = 0.3;
/** Shorter names must be exact: fuzzy matching short words finds false friends ("Casts" ~ "Cassis"). */
const MIN_FUZZY_LENGTH = 7;
/** Added to a sentence's text score when it gives one of the claim's figures (less for a figure of the kind only). */
const FIGURE_BONUS = 0.12;
/** Claims whose text gives a figure… */
const FIGURE_TEXT = /\d{2,}/;
/** …are worth this much less to a sentence that gives no figure. */
const FIGURELESS = 0.8;
/** Least share of the sentence the claim's wording must cover, and of the claim's best phrase the sentence must say. */
const MIN_COVER = 0.3;
const MIN_PHRASE = 0.25;
/** Factor for a candidate that fails those. */
const OFF_TOPIC = 0.6;
/** Names that only say which side, or which commodity: they locate nothing on their own. */
const SIDES = new Set(['ukraine', 'russia', 'kyiv', 'moscow', 'kremlin', 'eu', 'european union', 'west', 'donbas', 'grain', 'gold', 'oil', 'gas', 'wheat']);
const CLAUSE_BREAK = /\s*(?:;|:|\s[—–]\s|\bas\b|\bwhile\b|\bwhereas\b|,\s*and\b|,\s*but\b)\s*/i;
const ORDINALS = new Set(['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth', '1st', '2nd', '3rd', '4th', '5th', '6th', '7th', '8th', '9th', '10th']);

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
  chf: /-chf$/,
  'people-present': /^(?:[a-z]+-)*(?:sheltering|remaining)$/,
  gbp: /-gbp$/,
  tonnes: /-tonnes$/,
};

export const whatCompatible = (page: string, ref: string): boolean => ref === page || !!WHAT_FAMILIES[page]?.test(ref);

/** Whether a page figure can be about the reference quantity `what`. */
export const ofKind = (f: Pick<PageFigure, 'what'>, what: string): boolean => f.what.some((w) => whatCompatible(w, what));

/** Text weights, tunable together (see `npm run eval`). */
export const WEIGHTS = { phrase: 0.6, sentence: 0.4 };

/**
 * Each claim's wording beyond its text and aliases: the statements' summaries (our words, one per origin), which
 * phrase the same claim the way different sides report it. Built lazily per claim, so a big pack loads fast.
 */
interface Wording {
  phrases: Set<string>[];
  union: Set<string>;
  /** The claim's time: its `when`, the days its statements were made and the dates its figures are as of. */
  time: { from: string; to: string };
}
const extraWords = new WeakMap<ReferenceIndex, Map<number, Wording>>();
function wordingOf(ref: ReferenceIndex, ci: number): Wording {
  let cache = extraWords.get(ref);
  if (!cache) extraWords.set(ref, (cache = new Map()));
  let w = cache.get(ci);
  if (!w) {
    const claim = ref.claim(ci);
    const summaries = claim.series
      ? []
      : claim.statements.filter((st) => st.stance === 'asserts').map((st) => new Set(tokens(st.summary).filter((t) => !/^\d/.test(t))));
    const phrases = [...ref.phraseTokens[ci]!, ...summaries];
    const union = new Set<string>();
    for (const p of phrases) for (const t of p) union.add(t);
    let from = claim.when.from;
    let to = claim.when.to ?? claim.when.from;
    for (const st of claim.series ? [] : claim.statements) {
      for (const d of [st.date, ...(st.figures ?? []).map((f) => f.asOf).filter((x): x is string => !!x)]) {
        if (d < from) from = d;
        if (d > to) to = d;
      }
    }
    // Dates the claim's own wording names ("next year's conference", "by the end of 2023") belong to it too.
    const year = Number(claim.when.from.slice(0, 4));
    for (const text of claim.series ? [] : [claim.text, ...(claim.aliases ?? []), ...claim.statements.map((st) => st.summary)]) {
      for (const d of sentenceDates(text, year)) {
        if (d.from < from) from = d.from;
        if (d.to > to && d.to < '9999') to = d.to;
      }
    }
    w = { phrases, union, time: { from, to } };
    if (cache.size > 50_000) cache.clear();
    cache.set(ci, w);
  }
  return w;
}

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
  // Claims for which the sentence names an entity that is more than a side of the war ("Belgorod", not "Russia").
  const specific = new Set<number>();
  const note = (c: number, at: number, name?: string) => {
    candidates.set(c, Math.min(candidates.get(c) ?? Infinity, at));
    if (at < Infinity && name && !SIDES.has(normaliseWord(name.toLowerCase()))) specific.add(c);
  };
  for (const term of nameTerms(sentence)) {
    for (const r of ref.searchName(term)) {
      if ((r.score ?? 1) > ENTITY_SCORE) continue;
      if (r.score && term.length < MIN_FUZZY_LENGTH && term.toLowerCase() !== r.item.n.toLowerCase()) continue;
      // A short name inside a long one ("General" in "General Staff") is a candidate, not an entity match.
      const at = term.length >= r.item.n.length * 0.75 ? sentence.indexOf(term) : Infinity;
      for (const c of r.item.c) note(c, at, r.item.n);
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
      note(e.claim, at < 0 ? lower.length : at, e.tokens.join(' '));
    }
  }
  const checkable = figures.filter((f) => f.value >= 10 || f.what.length);
  for (const f of checkable) for (const c of ref.valuesIndex.get(f.value) ?? []) if (!candidates.has(c)) candidates.set(c, Infinity);

  const dates = sentenceDates(sentence);
  // A sentence may join two claims ("Russia claims all of Luhansk as blasts hit Belgorod"): coverage is also measured
  // on each clause of at least three words, so the second claim does not dilute the first.
  const clauses = sentence
    .split(CLAUSE_BREAK)
    .map((c) => new Set(tokens(c).filter((t) => !/^\d/.test(t))))
    .filter((c) => c.size >= 3 && c.size < sTokens.size);
  const ordinals = [...sTokens].filter((t) => ORDINALS.has(t));

  const ranked: MatchResult[] = [];
  for (const [ci, entityAt] of candidates) {
    const claim = ref.claim(ci);
    // The sentence is about other days ("explosions on 22 July" is not the 3 July blasts).
    if (dates.length && datesConflict(dates, wordingOf(ref, ci).time)) continue;
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
    const entity = entityAt < Infinity || ref.entityTokensPresent(ci, sTokens);
    // Never a match on common words or small numbers alone: the sentence must name the claim's subject, or give one
    // of its figures.
    if (!entity && distinctive === 0) continue;
    // How much of the claim's wording the sentence says (best phrase), and how much of the sentence the claim's
    // wording covers (all its phrases together).
    const wording = wordingOf(ref, ci);
    // "the sixth sanctions package" is not the seventh.
    if (ordinals.length && !ordinals.some((o) => wording.union.has(o)) && [...wording.union].some((t) => ORDINALS.has(t))) continue;
    let phrase = 0;
    for (const pt of wording.phrases) {
      let inter = 0;
      let total = 0;
      for (const t of pt) {
        const w = ref.weight(t);
        total += w;
        if (sTokens.has(t)) inter += w;
      }
      if (total) phrase = Math.max(phrase, inter / total);
    }
    const coverOf = (set: ReadonlySet<string>) => {
      let covered = 0;
      let total = 0;
      for (const t of set) {
        const w = ref.weight(t);
        total += w;
        if (wording.union.has(t)) covered += w;
      }
      return total ? covered / total : 0;
    };
    let cover = coverOf(sTokens);
    for (const c of clauses) cover = Math.max(cover, coverOf(c));
    const text = WEIGHTS.phrase * phrase + WEIGHTS.sentence * cover;
    // One big figure is not a daily report ("a fleet of 217 aircraft"): it needs a second figure of the report.
    if (claim.series && figMatched < 2 && !(distinctive && cover >= 0.25)) continue;
    // A figure without a name must come with the claim's words ("20 million tonnes" of Turkey's harvest is not the
    // grain stuck in Ukraine).
    if (!entity && !claim.series && (phrase < 0.4 || cover < 0.45)) continue;
    // A figure of the right kind but another value only helps a sentence that already reads like the claim.
    const kindCredit = text >= KIND_MIN_TEXT ? KIND_CREDIT * figKind : 0;
    let score: number;
    if (claim.series) {
      // A daily report is identified by its figures; the words only say it is that kind of report.
      const relevant = checkable.filter((f) => f.what.length || f.value >= DISTINCTIVE_VALUE).length || 1;
      score = 0.35 * text + 0.65 * Math.min(1, (figMatched + kindCredit) / relevant);
    } else {
      // Figures confirm a sentence that reads like the claim; they never carry one that does not.
      const support = Math.min(1, text / 0.45);
      score = text + (figMatched ? FIGURE_BONUS : kindCredit ? FIGURE_BONUS / 2 : 0) * support;
      // A claim about a figure, met by a sentence that gives none, is probably another statement by the same people.
      if (FIGURE_TEXT.test(claim.text) && !checkable.length) score *= FIGURELESS;
      // Too little of the sentence is about this claim, or too little of the claim is in the sentence.
      if (cover < MIN_COVER || phrase < MIN_PHRASE) score *= OFF_TOPIC;
      // Named only by a side of the war ("Kyiv", "Russia"): the words must say the rest.
      if (entity && !specific.has(ci) && (phrase < 0.55 || cover < 0.5)) score *= OFF_TOPIC;
    }
    ranked.push({ claim: ci, score, text, phrase, cover, figures: figMatched, entity, entityAt });
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
