/**
 * The engine: article blocks in, one result per check-worthy sentence out (status, reason, matched claim, figure
 * checks, sources). Framework-free; the extension's background and the CLI both call it.
 */
import { detectClaims, type Candidate, type Reason } from './detect';
import { figuresAgree, type PageFigure } from './figures';
import { SpeakerIndex, type OriginRef } from './attribute';
import { MIN_SCORE, ofKind, rankClaims, type MatchResult } from './match';
import type { ReferenceIndex } from './pack/reference';
import type { Quantity } from './pack/schema';
import { fmtValue, type SourceRef, type Status } from './verdict';

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
  match: { id: string; text: string; score: number } | null;
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

function refFigures(ref: ReferenceIndex, ci: number): RefFigure[] {
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

/** A related claim counts when it is almost as close as the main match and names its entities. */
const RELATED = 0.8;

function checkFigure(f: PageFigure, refs: RefFigure[], ref: ReferenceIndex, against?: FigureCheck['against']): FigureCheck {
  const base = { text: f.text, value: f.value, ...(against ? { against } : {}) };
  const originName = (id: string) => ref.dir.origin(id).name;
  const relevant = refs.filter((r) => ofKind(f, r.what));
  const source = (r: RefFigure) => ({ origin: originName(r.origin), date: r.asOf ?? r.date });
  if (!relevant.length) {
    const same = refs.find((r) => r.value === f.value);
    return same ? { ...base, check: 'matches', source: source(same) } : { ...base, check: 'unknown' };
  }
  const latest = relevant.filter((r) => r.latest);
  const agrees = latest.find((r) => figuresAgree(f, r));
  if (agrees) return { ...base, check: 'matches', source: source(agrees) };
  const fmt = (r: RefFigure) => `${fmtValue(r)} as of ${r.date} (${originName(r.origin)})`;
  const earlier = relevant.find((r) => !r.latest && figuresAgree(f, r));
  const now = latest.map(fmt).join('; ');
  return {
    ...base,
    check: 'differs',
    note: earlier
      ? `${f.text} was an earlier figure (${fmt(earlier)}); the latest: ${now}`
      : `figure differs from source: ${now}`,
  };
}

/**
 * Matches one detected sentence and gives its verdict. Each figure is checked against the main match or, when that
 * claim gives no figure of its kind, against the closest related claim that does ("three people killed" in a sentence
 * about the Belgorod blasts is checked against the death-toll claim).
 */
const speakerIndexes = new WeakMap<ReferenceIndex, SpeakerIndex>();
function speakersOf(ref: ReferenceIndex): SpeakerIndex {
  let s = speakerIndexes.get(ref);
  if (!s) speakerIndexes.set(ref, (s = new SpeakerIndex(ref.pack.origins)));
  return s;
}

export interface JudgeOptions {
  /** Match threshold (the options page's "sensitivity"); defaults to MIN_SCORE. */
  minScore?: number;
}

export function judge(c: Candidate, ref: ReferenceIndex, opts: JudgeOptions = {}): ClaimResult {
  const minScore = opts.minScore ?? MIN_SCORE;
  const base = {
    text: c.text,
    start: c.start,
    end: c.end,
    block: c.block,
    reasons: c.reasons,
    attributedTo: c.attributedTo,
  };
  const ranked = rankClaims(c.text, c.figures, ref);
  const m = ranked[0] && ranked[0].score >= minScore ? ranked[0] : undefined;
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
  const v = ref.verdict(m.claim);
  // Other claims the sentence also states; figures may be checked against any of them.
  const related = ranked.slice(1).filter((r: MatchResult) => r.entity && r.score >= minScore);
  const figuresOf = new Map<number, RefFigure[]>();
  const figuresFor = (ci: number) => figuresOf.get(ci) ?? figuresOf.set(ci, refFigures(ref, ci)).get(ci)!;
  const refs = figuresFor(m.claim);
  const figures = c.figures.map((f) => {
    if (!f.what.length || refs.some((r) => ofKind(f, r.what))) return checkFigure(f, refs, ref);
    for (const r of related) {
      const other = figuresFor(r.claim);
      if (other.some((o) => ofKind(f, o.what))) {
        const rc = ref.claim(r.claim);
        return checkFigure(f, other, ref, { id: rc.id, text: rc.text });
      }
    }
    return checkFigure(f, refs, ref);
  });
  const differs = figures.filter((f) => f.check === 'differs');
  const status: PageStatus = differs.length ? 'disputed' : v.status;
  const why = differs.length
    ? `The page's figure does not match the source: ${differs.map((f) => f.note).join('; ')}. ${v.why}`
    : v.why;
  const also: RelatedClaim[] = related
    .filter((r) => r.score >= m.score * RELATED)
    .slice(0, 2)
    .map((r) => {
      const rc = ref.claim(r.claim);
      const rv = ref.verdict(r.claim);
      return { id: rc.id, text: rc.text, status: rv.status, why: rv.why };
    });
  return {
    ...base,
    attributedOrigin: speakersOf(ref).originOf(c.attributedTo, c.text, claim.statements.map((st) => st.origin)),
    status,
    match: { id: claim.id, text: claim.text, score: Math.round(m.score * 1000) / 1000 },
    also,
    figures,
    why,
    sources: v.sources,
  };
}

/** Detects and judges every check-worthy sentence of an article given as blocks (paragraphs, headline first). */
export function analyzeBlocks(blocks: readonly string[], ref: ReferenceIndex, opts: JudgeOptions = {}): ClaimResult[] {
  return detectClaims(blocks).map((c) => judge(c, ref, opts));
}
