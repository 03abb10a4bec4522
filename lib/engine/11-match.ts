/**
 * Stage 11, match: which reference claim a check-worthy sentence states, with a calibrated probability.
 *
 * 1. Candidates: the sentence's names (runs of capitalised words), fuzzy-searched with fuse.js in the prebuilt index
 *    of entity names (transliterations, typos); the names a "the city" sentence carries from the sentence before
 *    (stage 03); entities named word for word; the claims that give one of its figures; the daily report of the day
 *    a loss figure refers to (stage 08).
 * 2. Rules a careful reader applies, each with its test: the sentence names no other days than the claim's; the
 *    article was not published before the claim's events; an ordinal ("the sixth package") agrees; a court case, an
 *    accident or a protest is never a war event; the sentence names the claim's subject or gives one of its
 *    distinctive figures; a daily report is found by its figures or its day.
 * 3. Features of each remaining candidate (word overlap with the claim's wordings weighted by IDF, names, figures of
 *    the same quantity, event types of stage 09, dates, the article's age relative to the claim), combined by a
 *    logistic regression fitted on the dev split (`scripts/fit-scorer.ts` → `11-match.model.json`). Its output is the
 *    probability that the candidate is the claim the sentence states; below the model's threshold a sentence is
 *    unmatched.
 */
import { figuresAgree, type PageFigure } from './07-figures';
import type { PackIndex, Wording } from '../pack/index-api';
import type { Claim } from '../pack/schema';
import { datesConflict, figureDay, sentenceDates, shift, type DayRange } from './08-dates';
import { normaliseWord, tokens } from './06-normalise';
import { eventAgreement, eventTypes, type EventType } from './09-events';
import { queryTokens, type ClaimRetriever } from './10-retrieve';
import modelJson from './11-match.model.json';
import { dict } from '../dict';

/** The features of one (sentence, claim) pair, as the model reads them (all in 0..1). */
export interface Features {
  /** Share of the claim's best wording (IDF-weighted) that the sentence says. */
  phrase: number;
  /** Share of the sentence (or of its best clause) that the claim's wordings cover. */
  cover: number;
  /** The sentence names one of the claim's entities that is more than a side of the war ("Belgorod", not "Russia"). */
  entity: number;
  /** It names the claim only by a side of the war ("Kyiv", "Russia"). */
  sideOnly: number;
  /** The claim's entity comes only from the sentence before ("the city"). */
  carried: number;
  /** The claim's entity is the first the sentence names among the candidates'. */
  subject: number;
  /** Figures the claim gives with the same value and quantity (0, ½ for one, 1 for two or more). */
  figures: number;
  /** A figure of a quantity the claim gives, with another value. */
  figureKind: number;
  /** The claim's text gives a figure and the sentence none. */
  figureless: number;
  /** The sentence's event type is the claim's. */
  eventAgree: number;
  /** Both have event types, and none in common. */
  eventConflict: number;
  /** The sentence names a day inside the claim's time. */
  dateAgree: number;
  /** How long after the claim's events the article was published (0 within a week; 1 at a year or more). */
  stale: number;
  /** The claim is a daily report of a series, found by its figures or its day. */
  series: number;
  /** Of the sentence's figures that a daily report could give, the share the report gives. */
  seriesFigures: number;
  /** The claim is the daily report of the day the sentence's loss figures refer to (its own date or the article's). */
  seriesDay: number;
  /**
   * Share (IDF-weighted) of the claim's own words — those no other claim about the same names uses — that the
   * sentence says: what tells a claim from its neighbours ("the toll", "a Neptune missile", "a storm").
   */
  own: number;
  /** How far this candidate's words lead the best other candidate's (phrase and cover, −1..1, halved into 0..1). */
  lead: number;
  /** The article is dated within three days of the claim's events. */
  recent: number;
  /** BM25 over the claim's wordings (stage 10), squashed to 0..1 (score / (score + 10)). */
  bm25: number;
  /** The claim is BM25's best hit for the sentence. */
  bm25Top: number;
  /** Share of the event types of the claim's own text that the sentence also signals (1 when the text has none). */
  typeCover: number;
  /**
   * The sides of the war the claim's text names (Russia, Ukraine, by any of their names) that the sentence names too:
   * 1 all, 0 none; ½ when the claim's text names no side. Who did it is half of what a claim says.
   */
  sides: number;
  /** The sentence names the day of the claim's events. */
  dateExact: number;
  /** Interactions the linear model cannot form itself: the claim's subject named and its words said; a figure of
   * the claim's quantity in a sentence naming its subject. */
  entityWords: number;
  entityFigure: number;
}

export const FEATURE_NAMES = ['phrase', 'cover', 'entity', 'sideOnly', 'carried', 'subject', 'figures', 'figureKind', 'figureless', 'eventAgree', 'eventConflict', 'dateAgree', 'stale', 'series', 'seriesFigures', 'seriesDay', 'own', 'lead', 'recent', 'bm25', 'bm25Top', 'typeCover', 'sides', 'dateExact', 'entityWords', 'entityFigure'] as const satisfies readonly (keyof Features)[];

export interface MatchResult {
  claim: number;
  /** The probability that the sentence states this claim (the model's output). */
  score: number;
  features: Features;
  /** Figures the claim gives with the same value and quantity. */
  figures: number;
  entity: boolean;
  /** Where in the sentence the claim's entity is first named (Infinity when it is not). */
  entityAt: number;
}

/** A logistic regression over standardised features: p = σ(bias + Σ weight·(x − mean)/scale). */
export interface Logistic {
  features: readonly string[];
  mean: readonly number[];
  scale: readonly number[];
  weights: readonly number[];
  bias: number;
}

/**
 * The fitted model (scripts/fit-scorer.ts), two stages: the ranker scores every (sentence, claim) pair; the acceptor
 * reads the best pair (its score, its margin over the second, what it rests on) and gives the probability that it is
 * the claim the sentence states — the card's match confidence. Below the threshold a sentence is unmatched.
 */
export interface ScorerModel {
  ranker: Logistic;
  acceptor: Logistic;
  /** The confidence below which a sentence is unmatched (chosen on the dev split by the fit). */
  threshold: number;
  /**
   * A daily report identified by its day (the sentence reads as a loss report, the day is the sentence's or the
   * article's): how often that identification was right on the dev split. The identification is a rule, not the
   * acceptor's, so a wrong figure for a known day is still checked against that day's report.
   */
  seriesDayConfidence: number;
}
export const MODEL: ScorerModel = modelJson as unknown as ScorerModel;

export function logistic(m: Logistic, x: Readonly<Record<string, number>>): number {
  let z = m.bias;
  m.features.forEach((name, i) => {
    z += m.weights[i]! * (((x[name] ?? 0) - m.mean[i]!) / (m.scale[i]! || 1));
  });
  return 1 / (1 + Math.exp(-z));
}

/** The ranker's probability for a pair. */
export function probability(f: Features, model: ScorerModel = MODEL): number {
  return logistic(model.ranker, f as unknown as Record<string, number>);
}

export const ACCEPTOR_FEATURES = ['score', 'margin', 'candidates', 'entity', 'recent', 'figures', 'series', 'own', 'typeCover'] as const;
const logit = (p: number) => Math.log(Math.max(1e-6, p) / Math.max(1e-6, 1 - p));

/** What the acceptor reads of a ranked list: the best pair's score (as a logit), its margin over the second, and its features. */
export function acceptorInput(ranked: readonly Pick<MatchResult, 'score' | 'features'>[]): Record<(typeof ACCEPTOR_FEATURES)[number], number> {
  const top = ranked[0]!;
  const z1 = logit(top.score);
  const z2 = ranked[1] ? logit(ranked[1].score) : logit(0);
  return {
    score: z1 / 10,
    margin: Math.min(2, (z1 - z2) / 10),
    candidates: Math.log1p(ranked.length) / Math.log(50),
    entity: top.features.entity,
    recent: top.features.recent,
    figures: top.features.figures,
    series: top.features.series,
    own: top.features.own,
    typeCover: top.features.typeCover,
  };
}

/**
 * The probability that the best candidate is the claim the sentence states (0 when there is none); for a daily report
 * identified by its day, the dev split's rate of right identifications when that is higher.
 */
export function confidence(ranked: readonly Pick<MatchResult, 'score' | 'features'>[], model: ScorerModel = MODEL): number {
  if (!ranked.length) return 0;
  const p = logistic(model.acceptor, acceptorInput(ranked));
  return ranked[0]!.features.seriesDay ? Math.max(p, model.seriesDayConfidence) : p;
}

/** Candidates this close to the best (by the ranker) are ordered by which subject the sentence names first. */
export const SUBJECT_MARGIN = 0.4;

/** Below this probability a sentence is reported as unmatched (the fitted model's threshold). */
export const MIN_SCORE = MODEL.threshold;
/** Figures this large, of the same kind and value, identify a claim without its names (35,970 soldiers, 182 km²). */
const DISTINCTIVE_VALUE = 100;
/** Shorter names must be exact: fuzzy matching short words finds false friends ("Casts" ~ "Cassis"). */
const MIN_FUZZY_LENGTH = 7;
/** Claims whose text gives a figure. */
const FIGURE_TEXT = /\d{2,}/;
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
const WHAT_FAMILIES = dict<RegExp>({
  // A death toll of the Russian military is the General Staff's personnel figure ("Russian military death toll up to
  // 21,000"); other claims give no personnel figure, so the family costs them nothing.
  deaths: /^(?:(?:[a-z]+-)*(?:deaths|killed)|personnel)$/,
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
});

export const whatCompatible = (page: string, ref: string): boolean => ref === page || !!WHAT_FAMILIES[page]?.test(ref);

/** Whether a page figure can be about the reference quantity `what`. */
export const ofKind = (f: Pick<PageFigure, 'what'>, what: string): boolean => f.what.some((w) => whatCompatible(w, what));

export type { Wording };

/**
 * The key under which a claim's entity makes other claims its neighbours (the claims that share one of its entities,
 * exact after normalising); none for a side of the war. The loaded pack (lib/pack) finds the neighbours with it.
 */
export function neighbourKey(entity: string): string | undefined {
  const k = tokens(entity).join(' ');
  return !k || SIDES.has(k) ? undefined : k;
}

/**
 * A claim's wording (pure: the claim, the tokens of its text and aliases, and those of its neighbours, read only for
 * a claim outside a series). The loaded pack computes it once per claim and keeps it (`PackIndex.wording`): the
 * JSON-backed index on first use, a compiled pack when it is compiled (lib/pack/compiled), so a change here needs
 * `DERIVED_VERSION` in lib/pack/compiled/format.ts raised.
 */
export function claimWording(claim: Claim, phraseTokens: readonly Set<string>[], neighbourPhrases: () => Iterable<readonly Set<string>[]>): Wording {
  const summaries = claim.series
    ? []
    : claim.statements.filter((st) => st.stance === 'asserts').map((st) => new Set(tokens(st.summary).filter((t) => !/^\d/.test(t))));
  const phrases = [...phraseTokens, ...summaries];
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
  const events = claim.series ? new Set<EventType>(['casualties']) : eventTypes([claim.text, ...(claim.aliases ?? [])].join('. '));
  const others = new Set<string>();
  if (!claim.series) for (const n of neighbourPhrases()) for (const p of [...n]) for (const t of p) others.add(t);
  const own = new Set([...union].filter((t) => !others.has(t)));
  const core = claim.series ? new Set<EventType>() : eventTypes(claim.text);
  const sides = claim.series ? new Set<'ru' | 'ua'>() : sidesOf(tokens(claim.text));
  return { phrases, union, time: { from, to }, events, own, core, sides };
}
const wordingOf = (ref: PackIndex, ci: number): Wording => ref.wording(ci);

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

/** The best match with its confidence as `score`, or null when the acceptor is not confident; see `rankClaims`. */
export function matchSentence(sentence: string, figures: readonly PageFigure[], ref: PackIndex, ctx: MatchContext = {}): MatchResult | null {
  const ranked = rankClaims(sentence, figures, ref, ctx);
  const conf = confidence([...ranked].sort((a, b) => b.score - a.score));
  return ranked[0] && conf >= MIN_SCORE ? { ...ranked[0], score: conf } : null;
}

/** What the article tells about a sentence beyond its words (lib/engine/03-context.ts). */
export interface MatchContext {
  /** The dates the sentence names, resolved against the article's date. */
  dates?: readonly DayRange[];
  /** The article's date. */
  articleDate?: string;
  /** Names a sentence that refers to "the city" carries from the sentence before (stage 03). */
  carriedNames?: readonly string[];
}

/** The General Staff's categories: a sentence counting these is read as a daily loss report. */
const SERIES_KINDS = new Set(['personnel', 'tanks', 'armoured-vehicles', 'artillery', 'mlrs', 'air-defence', 'aircraft', 'helicopters', 'uavs', 'cruise-missiles', 'ships', 'vehicles-fuel-tanks', 'special-equipment', 'submarines', 'ground-robots']);
/** Words of the Russian side's losses, as the daily reports and the articles that relay them put it. */
const RUSSIAN_LOSS = /\b(?:russia|russian|russians|invaders?|occupiers?|enemy|enemy's|rashists?|orcs?|moscow's)\b/i;
const LOSS_WORDS = /\b(?:loss(?:es)?|lost|los(?:e|ing)|kill(?:ed|s|ing)?|liquidat\w*|eliminat\w*|destroy\w*|neutrali[sz]\w*|dead|death toll|casualt(?:y|ies)|put out of action)\b/i;
/** "Ukrainian troops lost…", "Kyiv's losses": the losses are Ukraine's, not the General Staff's count of Russia's. */
const UKRAINIAN_LOSS = /\bUkrain\w*\s+(?:troops?|forces?|army|soldiers?|servicem[ae]n|military|side|units?)?\s*(?:lost|loses|losses)\b|\bUkraine(?:'s)? lost\b/i;

/**
 * The day a sentence's figures refer to, when it reads like a daily loss report: a day the sentence names ("as of
 * 1 June", "on Sunday"), else the article's date. Undefined when neither is known (then the report whose figures the
 * sentence gives exactly is taken).
 */
export function reportDay(sentence: string, figures: readonly PageFigure[], ctx: MatchContext): string | undefined {
  // A death toll counts too: "Russian army death toll: 33,800"; Ukraine's own losses do not ("172 Ukrainian drones").
  if (!figures.some((f) => !/^ukrainian\b/.test(f.noun) && f.what.some((w) => SERIES_KINDS.has(w) || w === 'deaths'))) return undefined;
  if (!RUSSIAN_LOSS.test(sentence) || !LOSS_WORDS.test(sentence) || UKRAINIAN_LOSS.test(sentence)) return undefined;
  const dates = (ctx.dates ?? []).filter((d) => {
    // "including 150 on July 17": the day of the daily increase, not of the cumulative total.
    const at = sentence.indexOf(d.text);
    return !(at > 0 && /\bincluding\s+[\d,.\s]+\s+(?:\w+\s+){0,3}(?:on|over|in|during)\s+$/i.test(sentence.slice(Math.max(0, at - 60), at)));
  });
  // "From February 24 to July 18", "as of July 18": the day the total is of.
  const end = dates.find((d) => {
    const at = sentence.indexOf(d.text);
    return at > 0 && /\b(?:to|until|through|as of|as at)\s+(?:the morning of\s+)?$/i.test(sentence.slice(Math.max(0, at - 25), at)) && !d.yearless;
  });
  return end?.from ?? figureDay(dates) ?? ctx.articleDate;
}

/** A candidate claim with its features, before the model scores it (also what the fit reads). */
export interface Candidate {
  claim: number;
  features: Features;
  figures: number;
  entity: boolean;
  entityAt: number;
}

/** The side of the war a token names (after stage 06). */
const SIDE_OF = dict<'ru' | 'ua'>({ russia: 'ru', moscow: 'ru', kremlin: 'ru', putin: 'ru', rashist: 'ru', occupier: 'ru', invader: 'ru', ukraine: 'ua', kyiv: 'ua', zelensky: 'ua', zelenskyy: 'ua', zelenskiy: 'ua' });
const sidesOf = (toks: Iterable<string>) => new Set([...toks].map((t) => SIDE_OF[t]).filter((x): x is 'ru' | 'ua' => !!x));

/** The retrieval index of a loaded pack, built on first use. */
export function retrieverOf(ref: PackIndex): ClaimRetriever {
  return ref.retriever();
}
/**
 * What a sentence may name instead of a claim's entity, in an article of the claim's own days: the kind of place the
 * claim is about, when the claim's text names the same kind ("a missile hit a shopping mall" on 27 June 2022).
 */
const FACILITY = /\b(?:(?:railway |train )?station|mall|shopping (?:centre|center)|theat(?:re|er)|(?:nuclear |power |steel )?plant|steelworks|steel mill|prison|penal colony|detention (?:centre|center|facility)|dam|bridge|hospital|maternity|cruiser|flagship|warship|reservoir|market|apartment (?:block|building)|barracks|pipelines?|refinery|port|airport|airfield)\b/gi;
const facilities = (text: string) => new Set([...text.matchAll(FACILITY)].map((m) => m[0].toLowerCase().split(' ').at(-1)!.replace(/s$/, '').replace(/^theater$/, 'theatre')));

/** How many of BM25's best hits join the candidates. */
const BM25_DEPTH = 8;

/** How many days an article may precede a claim's events (a time zone, a late-evening report of the next day). */
const EARLY_DAYS = 2;

/** Every candidate claim for a sentence with its features; the careful reader's rules are applied here. */
export function candidates(sentence: string, figures: readonly PageFigure[], ref: PackIndex, ctx: MatchContext = {}): Candidate[] {
  const sTokens = new Set(tokens(sentence).filter((t) => !/^\d/.test(t)));
  if (!sTokens.size) return [];

  // claim → position of the first name in the sentence that is one of its entities (Infinity: a weaker candidate)
  const found = new Map<number, number>();
  // Claims for which the sentence names an entity that is more than a side of the war ("Belgorod", not "Russia").
  const specific = new Set<number>();
  // Claims whose entity only the sentence before names ("the city" after "Lysychansk").
  const carried = new Set<number>();
  const note = (c: number, at: number, name?: string) => {
    found.set(c, Math.min(found.get(c) ?? Infinity, at));
    if (at < Infinity && name && !SIDES.has(normaliseWord(name.toLowerCase()))) specific.add(c);
  };
  const searchNames = (terms: Iterable<string>, onHit: (c: number, at: number, name: string) => void) => {
    for (const term of terms) {
      for (const r of ref.searchName(term)) {
        if ((r.score ?? 1) > ENTITY_SCORE) continue;
        if (r.score && term.length < MIN_FUZZY_LENGTH && term.toLowerCase() !== r.item.n.toLowerCase()) continue;
        // A short name inside a long one ("General" in "General Staff") is a candidate, not an entity match.
        const at = term.length >= r.item.n.length * 0.75 ? Math.max(0, sentence.indexOf(term)) : Infinity;
        for (const c of r.item.c) onHit(c, at, r.item.n);
      }
    }
  };
  searchNames(nameTerms(sentence), note);
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
  // A sentence that names none of the pack's subjects ("the city", "three people were killed"): the names of the
  // sentence before and of the headline, as a reader would read them into it.
  if (ctx.carriedNames?.length && !specific.size)
    searchNames(ctx.carriedNames, (c, at, name) => {
      if (at === Infinity || SIDES.has(normaliseWord(name.toLowerCase())) || specific.has(c)) return;
      if (!found.has(c)) found.set(c, Infinity);
      carried.add(c);
    });
  const checkable = figures.filter((f) => f.value >= 10 || f.what.length);
  for (const f of checkable) for (const c of ref.valuesIndex.get(f.value) ?? []) if (!found.has(c)) found.set(c, Infinity);
  // The claims whose wordings BM25 finds closest, named or not: "a missile hit a shopping mall" on 27 June 2022 is
  // the Kremenchuk strike to a reader who knows the day.
  const hits = retrieverOf(ref).search(queryTokens(sentence), BM25_DEPTH);
  const bm25 = new Map(hits.map((h) => [h.claim, h.score]));
  const bm25Top = hits[0]?.claim;
  for (const h of hits) if (!found.has(h.claim)) found.set(h.claim, Infinity);
  // A daily loss report of a known day is checked against that day's report (or the day before's, which a page of
  // that day may still carry), whatever its figures.
  const day = reportDay(sentence, figures, ctx);
  const dayReports = new Set<number>();
  if (day)
    for (const d of [day, shift(day, -1)]) {
      const ci = ref.seriesOn(d);
      if (ci === undefined) continue;
      dayReports.add(ci);
      if (!found.has(ci)) found.set(ci, Infinity);
    }

  const dates = ctx.dates ?? sentenceDates(sentence, { articleDate: ctx.articleDate });
  // A sentence may join two claims ("Russia claims all of Luhansk as blasts hit Belgorod"): coverage is also measured
  // on each clause of at least three words, so the second claim does not dilute the first.
  const clauses = sentence
    .split(CLAUSE_BREAK)
    .map((c) => new Set(tokens(c).filter((t) => !/^\d/.test(t))))
    .filter((c) => c.size >= 3 && c.size < sTokens.size);
  const ordinals = [...sTokens].filter((t) => ORDINALS.has(t));
  const sEvents = eventTypes(sentence);
  const sSides = sidesOf(sTokens);
  const sFacilities = facilities(sentence);
  const firstAt = Math.min(...[...found.values()]);

  const out: Candidate[] = [];
  for (const [ci, entityAt] of found) {
    const claim = ref.claim(ci);
    const wording = wordingOf(ref, ci);
    // The sentence is about other days ("explosions on 22 July" is not the 3 July blasts).
    if (dates.length && datesConflict(dates, wording.time)) continue;
    // An article cannot report events that had not happened when it was published.
    if (ctx.articleDate && !claim.series && ctx.articleDate < shift(claim.when.from, -EARLY_DAYS)) continue;
    // "the sixth sanctions package" is not the seventh.
    if (ordinals.length && !ordinals.some((o) => wording.union.has(o)) && [...wording.union].some((t) => ORDINALS.has(t))) continue;
    const events = eventAgreement(sEvents, wording.events);
    // A court case, an accident, a protest: never the claim's war event.
    if (events.foreign) continue;
    const values = ref.claimValues[ci]!;
    // A figure counts fully when the claim gives the same value for a quantity the sentence's figure can be about,
    // and partly when the claim gives that quantity with another value (the page may be out of date, or wrong).
    let figMatched = 0;
    let figKind = 0;
    // An equal value of the same kind and of some size (not "10 sublists") can identify a claim on its own.
    let distinctive = 0;
    for (const f of checkable) {
      if (f.counts) continue;
      const whats = values.get(f.value);
      const sameKind = !!whats && [...whats].some((rw) => ofKind(f, rw));
      if (whats && (f.what.length ? sameKind : !claim.series)) figMatched++;
      else if (ref.claimWhats[ci]!.some((rw) => ofKind(f, rw))) figKind++;
      if (sameKind && f.value >= DISTINCTIVE_VALUE) distinctive++;
    }
    if (claim.series && day) {
      // The page's date rules: no other day's report, and the day's report only for a sentence giving its figures —
      // as totals: "76 invaders destroyed in the south over the past day" is a day's or a region's count, not the
      // General Staff's total of 40,000.
      if (!dayReports.has(ci) || figMatched + figKind === 0 || !figures.some((f) => nearTotal(ref, ci, f))) continue;
    } else if (claim.series && distinctive === 0 && figMatched < 3) continue;
    const isCarried = carried.has(ci) && !specific.has(ci);
    const entity = entityAt < Infinity || ref.entityTokensPresent(ci, sTokens) || isCarried;
    const end = claim.when.to ?? claim.when.from;
    const gap = ctx.articleDate && !claim.series ? (Date.parse(ctx.articleDate) - Date.parse(end)) / 86_400_000 : 0;
    // The article is of the claim's own days: from just before its events to three days after their end.
    const recent = !!ctx.articleDate && !claim.series && ctx.articleDate >= shift(claim.when.from, -EARLY_DAYS) && gap <= 3;
    // Never a match on common words or small numbers alone: the sentence must name the claim's subject (or refer to
    // it as "the city" after naming it), or give one of its figures — or, in an article of the claim's own days, say
    // what BM25 finds closest to the claim's wordings.
    if (!entity && distinctive === 0 && !(recent && bm25.has(ci) && [...facilities(claim.text)].some((f) => sFacilities.has(f)))) continue;
    // A daily report of another time than the article's, unless the sentence names the report's day.
    if (claim.series && ctx.articleDate && !dayReports.has(ci)) {
      const lag = (Date.parse(ctx.articleDate) - Date.parse(claim.when.from)) / 86_400_000;
      if ((lag < -1 || lag > 3) && !dates.some((d) => d.day && d.from === claim.when.from)) continue;
    }
    // How much of the claim's wording the sentence says (best phrase), and how much of the sentence the claim's
    // wording covers (all its phrases together).
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
    // One big figure is not a daily report ("a fleet of 217 aircraft"): it needs a second figure of the report.
    if (claim.series && !day && figMatched < 2 && !(distinctive && cover >= 0.25)) continue;
    const relevant = checkable.filter((f) => !f.counts && (f.what.length || f.value >= DISTINCTIVE_VALUE)).length || 1;
    let ownSaid = 0;
    let ownAll = 0;
    for (const t of wording.own) {
      const w = ref.weight(t);
      ownAll += w;
      if (sTokens.has(t)) ownSaid += w;
    }
    const dayDates = dates.filter((d) => d.day && !d.yearless);
    out.push({
      claim: ci,
      figures: figMatched,
      entity,
      entityAt,
      features: {
        phrase,
        cover,
        entity: specific.has(ci) ? 1 : 0,
        sideOnly: entity && !specific.has(ci) && !isCarried ? 1 : 0,
        carried: isCarried ? 1 : 0,
        subject: entityAt < Infinity && entityAt === firstAt ? 1 : 0,
        figures: Math.min(2, figMatched) / 2,
        figureKind: figKind > 0 ? 1 : 0,
        figureless: FIGURE_TEXT.test(claim.text) && !checkable.length ? 1 : 0,
        eventAgree: events.agree ? 1 : 0,
        eventConflict: events.conflict ? 1 : 0,
        dateAgree: dayDates.some((d) => !datesConflict([d], wording.time, 1, 3)) ? 1 : 0,
        // Days after the claim's events, on a log scale: a year or more is 1.
        stale: gap > 1 ? Math.min(1, Math.log1p(gap - 1) / Math.log(366)) : 0,
        series: claim.series ? 1 : 0,
        seriesFigures: claim.series ? Math.min(1, (figMatched + 0.5 * figKind) / relevant) : 0,
        seriesDay: dayReports.has(ci) ? 1 : 0,
        own: ownAll ? ownSaid / ownAll : 0,
        lead: 0,
        recent: recent ? 1 : 0,
        bm25: bm25.has(ci) ? bm25.get(ci)! / (bm25.get(ci)! + 10) : 0,
        bm25Top: ci === bm25Top ? 1 : 0,
        typeCover: wording.core.size ? [...wording.core].filter((t) => sEvents.has(t)).length / wording.core.size : 1,
        sides: wording.sides.size ? [...wording.sides].filter((x) => sSides.has(x)).length / wording.sides.size : 0.5,
        dateExact: dayDates.some((d) => d.from === claim.when.from) ? 1 : 0,
        entityWords: (specific.has(ci) ? 1 : isCarried ? 0.5 : 0) * phrase,
        entityFigure: (specific.has(ci) || isCarried) && (figMatched || figKind) ? 1 : 0,
      },
    });
  }
  // How far each candidate's words lead the best other one's.
  for (const c of out) {
    let other = 0;
    for (const o of out) if (o !== c && !ref.claim(o.claim).series) other = Math.max(other, o.features.phrase + o.features.cover);
    c.features.lead = Math.max(0, Math.min(1, (c.features.phrase + c.features.cover - other + 2) / 4));
  }
  return out;
}

/** How far a page figure may be from a daily report's total of its quantity and still be read as that total. */
export const TOTAL_SPAN = 0.25;

/** Whether a page figure is of the size of a daily report's total of its quantity (within TOTAL_SPAN). */
function nearTotal(ref: PackIndex, ci: number, f: PageFigure): boolean {
  if (!f.what.length || /^ukrainian\b/.test(f.noun)) return false;
  for (const st of ref.claim(ci).statements) {
    if (st.stance === 'context') continue;
    for (const q of st.figures ?? []) if (ofKind(f, q.what) && Math.abs(f.value - q.value) <= q.value * TOTAL_SPAN) return true;
  }
  return false;
}

/** Whether a daily report gives the page figure's quantity with a value the figure does not agree with. */
function seriesFigureDiffers(ref: PackIndex, ci: number, f: PageFigure): boolean {
  for (const st of ref.claim(ci).statements) {
    if (st.stance === 'context') continue;
    for (const q of st.figures ?? []) if (ofKind(f, q.what) && !figuresAgree(f, q)) return true;
  }
  return false;
}

/** Every candidate claim for a sentence, best first by the model's probability (scores may be below MIN_SCORE). */
export function rankClaims(sentence: string, figures: readonly PageFigure[], ref: PackIndex, ctx: MatchContext = {}): MatchResult[] {
  const ranked: MatchResult[] = candidates(sentence, figures, ref, ctx).map((c) => ({ ...c, score: probability(c.features) }));
  ranked.sort((a, b) => b.score - a.score || b.figures - a.figures || a.claim - b.claim);
  const day = reportDay(sentence, figures, ctx);
  if (day) {
    // The day's report or the day before's: the one whose figures the sentence gives, else the day's own.
    const both = ranked.filter((r) => ref.claim(r.claim).series);
    if (both.length > 1) {
      const own = both.find((r) => r.claim === ref.seriesOn(day));
      const agrees = (r: MatchResult) => figures.every((f) => !f.what.length || !seriesFigureDiffers(ref, r.claim, f));
      const keep = own && agrees(own) ? own : (both.find(agrees) ?? own ?? both[0]!);
      for (const r of both) if (r !== keep) ranked.splice(ranked.indexOf(r), 1);
    }
  }
  // Among near-equal candidates naming their subject, the sentence's main claim is the one whose subject it names
  // first: "captured Lysychansk and the villages around it" states the capture, then the villages.
  const top = ranked[0];
  if (top) {
    const near = ranked.filter((r) => r.entityAt < Infinity && r.score >= top.score * SUBJECT_MARGIN);
    const subject = near.reduce<MatchResult | undefined>((a, b) => (!a || b.entityAt < a.entityAt ? b : a), undefined);
    if (subject && subject !== top && subject.entityAt < top.entityAt) ranked.splice(ranked.indexOf(subject), 1), ranked.unshift(subject);
  }
  return ranked;
}
