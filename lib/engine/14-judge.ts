/**
 * Stage 14, judge: one detected sentence in, its result out — the best match above the threshold, the claim's verdict,
 * each figure checked against its source, related claims the sentence also states.
 */
import type { Candidate, Reason } from './04-detect';
import { figuresAgree, type PageFigure } from './07-figures';
import { SpeakerIndex, type OriginRef } from './05-attribute';
import { confidence, MIN_SCORE, ofKind, rankClaims, type MatchContext, type MatchResult } from './11-match';
import { pageStance, type PageStance } from './12-stance';
import type { PackIndex } from '../pack/index-api';
import type { Quantity } from '../pack/schema';
import { shift } from './08-dates';
import { claimVerdict, fmtValue, type SourceRef, type Status } from './13-verdict';

export type PageStatus = Status | 'unmatched';

export interface FigureCheck {
  text: string;
  value: number;
  check: 'matches' | 'differs' | 'unknown';
  /** Why it differs, e.g. "the source says 4 as of 2022-07-04 (Belgorod governor)". */
  note?: string;
  /** The reference claim the figure was checked against, when it is not the sentence's main match. */
  against?: { id: string; text: string };
  /** For a matching figure: who gave it and as of when (the origin's name, an ISO date). */
  source?: { origin: string; date: string };
}

/** Another reference claim the same sentence also states ("captured Lysychansk and the villages around it"). */
export interface RelatedClaim {
  id: string;
  text: string;
  status: Status;
  why: string;
}

export interface ClaimResult {
  text: string;
  start: number;
  end: number;
  block: number;
  reasons: Reason[];
  status: PageStatus;
  attributedTo: string | null;
  /** The pack's origin for the speaker the page names, when it is one of them. */
  attributedOrigin?: OriginRef | null;
  /** The matched claim; `score` is the match confidence (the acceptor's probability that this is the claim stated). */
  match: { id: string; text: string; score: number } | null;
  /** What the page does with the matched claim (stage 12): states it, contradicts it, or reports a denial of it. */
  stance?: PageStance;
  also: RelatedClaim[];
  figures: FigureCheck[];
  why: string;
  sources: SourceRef[];
}

interface RefFigure extends Quantity {
  origin: string;
  date: string;
  latest: boolean;
}

function refFigures(ref: PackIndex, ci: number): RefFigure[] {
  const claim = ref.claim(ci);
  const out: RefFigure[] = [];
  for (const s of claim.statements) {
    if (s.stance === 'context') continue;
    for (const f of s.figures ?? []) out.push({ ...f, origin: s.origin, date: f.asOf ?? s.date, latest: false });
  }
  // The latest figure of each origin for each quantity.
  const latest = new Map<string, RefFigure>();
  for (const f of out) {
    const k = `${f.origin}\u0000${f.what}`;
    const prev = latest.get(k);
    if (!prev || f.date >= prev.date) latest.set(k, f);
  }
  for (const f of latest.values()) f.latest = true;
  return out;
}

/** A related claim is listed when it is almost as close as the main match (by the ranker) and names its entities… */
const RELATED = 0.8;
/** …and may check a figure the main match does not give when it is at least this close. */
const FIGURE_RELATED = 0.1;

/** Counts that only grow as they are updated: a toll, the missing, the General Staff's cumulative losses. */
const RISING = /^(?:(?:[a-z]+-)*(?:deaths|killed|injured|wounded|missing|bodies)|personnel)$/;

/**
 * A page figure against the claim's figures of the same quantity, as the origins had given them by the page's date
 * (when it is known):
 * - it agrees with an origin's latest figure → matches, naming who gave it and when;
 * - it agrees only with an earlier figure → differs, naming the later one ("3 was an earlier figure");
 * - on a dated page, a rising count (a toll) that is no higher than the latest count → unknown: an intermediate count
 *   the pack does not hold is not a contradiction;
 * - otherwise → differs, naming the figures it was compared with.
 * A figure that counts something the claim does not (`counts`) is never compared.
 */
function checkFigure(f: PageFigure, refs: RefFigure[], ref: PackIndex, against?: FigureCheck['against'], pageDate?: string, series = false): FigureCheck {
  const base = { text: f.text, value: f.value, ...(against ? { against } : {}) };
  const originName = (id: string) => ref.dir.origin(id).name;
  if (f.counts) return { ...base, check: 'unknown' };
  const all = refs.filter((r) => ofKind(f, r.what));
  const source = (r: RefFigure) => ({ origin: originName(r.origin), date: r.asOf ?? r.date });
  if (!all.length) {
    const same = f.what.length ? undefined : refs.find((r) => r.value === f.value);
    return same ? { ...base, check: 'matches', source: source(same) } : { ...base, check: 'unknown' };
  }
  // With the page's date, its figure is checked against what each origin had said by then (a day's grace for time
  // zones); figures given only later are not what the page could have known.
  const known = pageDate ? all.filter((r) => r.date <= shift(pageDate, 1)) : all;
  if (!known.length) return { ...base, check: 'unknown', note: `${f.text}: the source's first count came after this page was published` };
  const relevant = known;
  const latestOf = new Map<string, RefFigure>();
  for (const r of relevant) {
    const k = `${r.origin}\u0000${r.what}`;
    const prev = latestOf.get(k);
    if (!prev || r.date >= prev.date) latestOf.set(k, r);
  }
  const latest = [...latestOf.values()];
  const agrees = latest.find((r) => figuresAgree(f, r));
  if (agrees) return { ...base, check: 'matches', source: source(agrees) };
  const fmt = (r: RefFigure) => `${fmtValue(r)} as of ${r.date} (${originName(r.origin)})`;
  const now = latest.map(fmt).join('; ');
  const earlier = relevant.find((r) => !latest.includes(r) && figuresAgree(f, r));
  if (earlier) return { ...base, check: 'differs', note: `${f.text} was an earlier figure (${fmt(earlier)}); the latest: ${now}` };
  const rising = relevant.filter((r) => RISING.test(r.what));
  // (Not for a daily report: it is one day's count, and the day is the page's.)
  if (pageDate && !series && rising.length && rising.length === relevant.length) {
    const top = Math.max(...rising.map((r) => (r.qualifier === 'at-most' ? Infinity : r.value)));
    const above = f.qualifier !== 'at-most' && f.value > top && !rising.some((r) => figuresAgree(f, r));
    if (!above) {
      const lo = rising.reduce((a, b) => (a.date <= b.date ? a : b));
      return { ...base, check: 'unknown', note: `${f.text} is not a count the pack holds; the source's counts run from ${fmt(lo)} to ${now}` };
    }
  }
  return { ...base, check: 'differs', note: `figure differs from source: ${now}` };
}

/**
 * Matches one detected sentence and gives its verdict. Each figure is checked against the main match or, when that
 * claim gives no figure of its kind, against the closest related claim that does ("three people killed" in a sentence
 * about the Belgorod blasts is checked against the death-toll claim).
 */
const speakerIndexes = new WeakMap<PackIndex, SpeakerIndex>();
function speakersOf(ref: PackIndex): SpeakerIndex {
  let s = speakerIndexes.get(ref);
  if (!s) speakerIndexes.set(ref, (s = new SpeakerIndex(ref.pack.origins)));
  return s;
}

export interface JudgeOptions {
  /** Match threshold (the options page's "sensitivity"); defaults to MIN_SCORE. */
  minScore?: number;
}

export function judge(c: Candidate, ref: PackIndex, opts: JudgeOptions = {}, ctx: MatchContext = {}): ClaimResult {
  const minScore = opts.minScore ?? MIN_SCORE;
  const base = {
    text: c.text,
    start: c.start,
    end: c.end,
    block: c.block,
    reasons: c.reasons,
    attributedTo: c.attributedTo,
  };
  const ranked = rankClaims(c.text, c.figures, ref, ctx);
  // The best candidate, if the acceptor is confident enough that it is the claim the sentence states.
  // (Computed on the ranker's order: a subject named first may lead with a slightly lower score.)
  const conf = confidence([...ranked].sort((a, b) => b.score - a.score));
  const m = ranked[0] && conf >= minScore ? { ...ranked[0], score: conf } : undefined;
  if (!m) {
    return {
      ...base,
      attributedOrigin: speakersOf(ref).originOf(c.attributedTo, c.text),
      status: 'unmatched',
      match: null,
      also: [],
      figures: c.figures.map((f) => ({ text: f.text, value: f.value, check: 'unknown' })),
      why: 'No claim in the reference pack matches this sentence closely enough.',
      sources: [],
    };
  }
  const claim = ref.claim(m.claim);
  const v = claimVerdict(ref, m.claim);
  // Other claims the sentence also states; figures may be checked against any of them.
  // Other claims about the same subject that the sentence may also state: a figure the main claim does not give is
  // checked against the closest of them that gives its quantity ("three killed" in a sentence matched to the Belgorod
  // blasts is checked against the death-toll claim).
  const related = ranked.slice(1).filter((r: MatchResult) => r.entity && r.score >= ranked[0]!.score * FIGURE_RELATED);
  const figuresOf = new Map<number, RefFigure[]>();
  const figuresFor = (ci: number) => figuresOf.get(ci) ?? figuresOf.set(ci, refFigures(ref, ci)).get(ci)!;
  const refs = figuresFor(m.claim);
  const pageDate = ctx.articleDate;
  const figures = c.figures.map((f) => {
    if (!f.what.length || refs.some((r) => ofKind(f, r.what))) return checkFigure(f, refs, ref, undefined, pageDate, !!claim.series);
    for (const r of related) {
      const other = figuresFor(r.claim);
      if (other.some((o) => ofKind(f, o.what))) {
        const rc = ref.claim(r.claim);
        return checkFigure(f, other, ref, { id: rc.id, text: rc.text }, pageDate, !!rc.series);
      }
    }
    return checkFigure(f, refs, ref, undefined, pageDate, !!claim.series);
  });
  const differs = figures.filter((f) => f.check === 'differs');
  const status: PageStatus = differs.length ? 'disputed' : v.status;
  const why = differs.length
    ? `The page's figure does not match the source: ${differs.map((f) => f.note).join('; ')}. ${v.why}`
    : v.why;
  const also: RelatedClaim[] = related
    .filter((r) => r.score >= ranked[0]!.score * RELATED)
    .slice(0, 2)
    .map((r) => {
      const rc = ref.claim(r.claim);
      const rv = claimVerdict(ref, r.claim);
      return { id: rc.id, text: rc.text, status: rv.status, why: rv.why };
    });
  return {
    ...base,
    attributedOrigin: speakersOf(ref).originOf(c.attributedTo, c.text, claim.statements.map((st) => st.origin)),
    status,
    match: { id: claim.id, text: claim.text, score: Math.round(m.score * 1000) / 1000 },
    stance: pageStance(c.text, claim, c.attributedTo),
    also,
    figures,
    why,
    sources: v.sources,
  };
}
