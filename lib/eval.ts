/**
 * Evaluation of the engine on labelled text: our own development set, and real text nobody on the project wrote
 * (RUWA headlines and ledes, whole news articles). Pure and deterministic (no timing, no file system), so a test can
 * gate on it and `npm run eval` can print it.
 *
 * A case is an article (a RUWA row is a one- or two-block article: its headline, then its lede) with its date, and
 * labelled targets in it: a block (our sentences, RUWA fields) or a sentence located by its first words (articles).
 * Each label gives the expected claim (or none), the acceptable statuses, the figure check and the page's stance.
 * Where every check-worthy sentence of a case is labelled (articles), a mark on an unlabelled sentence is a false mark.
 */
import { z } from 'zod';
import { detectInArticle, judge, type ClaimResult, type PageStatus } from './engine';
import { rankClaims } from './engine/11-match';
import type { PackIndex } from './pack/index-api';

/** An item of our own development set (test/eval/devset.yaml, test/eval/devset/*.yaml). */
export const EvalItem = z.strictObject({
  id: z.string(),
  text: z.string().min(1),
  /** The reference claim the sentence states; null for a look-alike that must stay unmatched. */
  claim: z.string().nullable(),
  /** Other claims the sentence also states (a match to one of them is not an error). */
  also: z.array(z.string()).optional(),
  status: z.enum(['corroborated', 'disputed', 'single-sourced', 'unmatched']),
  style: z.string(),
  /** The origin the sentence names as its speaker, when it names one. */
  by: z.string().optional(),
  /** The page's stance toward the claim, when it is not "asserts". */
  stance: z.enum(['asserts', 'denies', 'reports-denial']).optional(),
  note: z.string().optional(),
});
export type EvalItem = z.infer<typeof EvalItem>;

export type Stance = 'asserts' | 'denies' | 'reports-denial';
export type FigureLabel = 'matches' | 'differs' | 'other';
export type Source = 'own' | 'ruwa' | 'articles';
export type Split = 'dev' | 'test';

export interface Expect {
  claim: string | null;
  also?: string[];
  statuses: PageStatus[];
  figure?: FigureLabel;
  stance?: Stance;
  /** The origin the sentence names as its speaker. */
  by?: string;
  /** Our own items' style (wire, tabloid, lookalike-place…). */
  style?: string;
}

export interface Target {
  id: string;
  /** The block whose sentences form the item (our sentences, RUWA fields)… */
  block?: number;
  /** …or the sentence starting with these words (articles). */
  starts?: string;
  expect: Expect;
}

export interface EvalCase {
  source: Source;
  split: Split;
  id: string;
  /** The article: headline first, then paragraphs. */
  blocks: string[];
  published?: string;
  targets: Target[];
  /** Every check-worthy sentence is labelled: a mark on an unlabelled one is a false mark. */
  exhaustive: boolean;
}

export type ErrorKind = 'not-detected' | 'missed' | 'wrong-claim' | 'false-match' | 'false-mark' | 'wrong-status' | 'wrong-figure' | 'wrong-stance' | 'wrong-attribution';

export interface EvalError {
  id: string;
  kind: ErrorKind;
  text: string;
  expected: string;
  got: string;
  reason: string;
}

const STATUSES: PageStatus[] = ['corroborated', 'disputed', 'single-sourced', 'unmatched'];

export interface Report {
  targets: number;
  positives: number;
  negatives: number;
  tp: number;
  fp: number;
  fn: number;
  /** Marks on sentences no label names (exhaustively labelled cases only); counted in fp. */
  falseMarks: number;
  /** Negatives (claim null) that got a match; counted in fp. */
  falseMatchesOnNegatives: number;
  precision: number;
  recall: number;
  statusRight: number;
  statusAccuracy: number;
  figures: { labelled: number; right: number };
  stance: { labelled: number; right: number };
  attribution: { labelled: number; right: number };
  map1: number;
  map5: number;
  /** expected status → predicted status → count */
  confusion: Record<PageStatus, Record<PageStatus, number>>;
  byStyle: Record<string, { n: number; right: number }>;
  /** The top candidate's probability and whether it was right, for every labelled sentence. */
  calibration: { p: number; right: boolean }[];
  errors: EvalError[];
}

function emptyReport(): Report {
  return {
    targets: 0,
    positives: 0,
    negatives: 0,
    tp: 0,
    fp: 0,
    fn: 0,
    falseMarks: 0,
    falseMatchesOnNegatives: 0,
    precision: 1,
    recall: 1,
    statusRight: 0,
    statusAccuracy: 1,
    figures: { labelled: 0, right: 0 },
    stance: { labelled: 0, right: 0 },
    attribution: { labelled: 0, right: 0 },
    map1: 0,
    map5: 0,
    confusion: Object.fromEntries(STATUSES.map((s) => [s, Object.fromEntries(STATUSES.map((p) => [p, 0]))])) as Report['confusion'],
    byStyle: {},
    calibration: [],
    errors: [],
  };
}

export const norm = (s: string): string =>
  s
    .replace(/[\s\u00a0]+/g, ' ')
    .replace(/[‘’]/g, "'")
    .replace(/[“”]/g, '"')
    .trim();

/** The stance the page takes toward the matched claim, as the result reports it (stage 12; "asserts" before it). */
const stanceOf = (r: ClaimResult): Stance => (r as ClaimResult & { stance?: Stance }).stance ?? 'asserts';

interface Judged {
  result: ClaimResult;
  ranked: { id: string; score: number }[];
}

/** The figure check a label expects, against what the engine reported. */
function figureRight(label: FigureLabel, r: ClaimResult): boolean {
  const checks = r.figures.map((f) => f.check);
  if (label === 'matches') return checks.includes('matches') && !checks.includes('differs');
  if (label === 'differs') return checks.includes('differs');
  return !checks.includes('differs') && !checks.includes('matches');
}

/**
 * Evaluates cases and adds each target's outcome to the report of its source and split. `details`: keep errors (the
 * test split's errors are not kept, so nothing is ever tuned on them).
 */
export function evaluateCases(cases: readonly EvalCase[], ref: PackIndex, opts: { minScore?: number; details?: (c: EvalCase) => boolean } = {}): Map<string, Report> {
  const reports = new Map<string, Report>();
  const reportOf = (c: EvalCase) => {
    const key = `${c.source}/${c.split}`;
    let r = reports.get(key);
    if (!r) reports.set(key, (r = emptyReport()));
    return r;
  };
  const claimIds = new Set(ref.pack.claims.map((c) => c.id));
  for (const c of cases) {
    const rep = reportOf(c);
    const keep = opts.details ? opts.details(c) : c.split === 'dev';
    const judged: Judged[] = detectInArticle(c.blocks, { article: c.published ? { published: c.published } : {} }).map(({ candidate, ctx }) => ({
      result: judge(candidate, ref, { minScore: opts.minScore }, ctx),
      ranked: rankClaims(candidate.text, candidate.figures, ref, ctx).map((m) => ({ id: ref.claim(m.claim).id, score: m.score })),
    }));
    const used = new Set<Judged>();
    for (const t of c.targets) {
      const e = t.expect;
      if (e.claim && !claimIds.has(e.claim)) throw new Error(`${t.id}: unknown claim id ${e.claim}`);
      rep.targets++;
      const style = e.style ? (rep.byStyle[e.style] ??= { n: 0, right: 0 }) : undefined;
      if (style) style.n++;
      let mine: Judged[];
      if (t.block !== undefined) mine = judged.filter((j) => j.result.block === t.block);
      else {
        const want = norm(t.starts!).toLowerCase();
        mine = judged.filter((j) => norm(j.result.text).toLowerCase().replace(/^["'(\[]+/, '').startsWith(want.replace(/^["'(\[]+/, '')));
        if (!mine.length) mine = judged.filter((j) => norm(j.result.text).toLowerCase().includes(want));
        mine = mine.slice(0, 1);
      }
      for (const j of mine) used.add(j);
      const matched = mine.filter((j) => j.result.match).sort((a, b) => b.result.match!.score - a.result.match!.score);
      const shown = matched[0] ?? mine[0];
      const text = shown?.result.text ?? t.starts ?? '';
      const got = shown?.result.match?.id ?? null;
      const gotStatus: PageStatus = shown?.result.status ?? 'unmatched';
      const ok = (id: string | null) => id !== null && (id === e.claim || !!e.also?.includes(id));
      const err = (kind: ErrorKind, expected: string, g: string, reason: string) => {
        if (keep) rep.errors.push({ id: t.id, kind, text, expected, got: g, reason });
      };
      // The best candidate of the item's sentences, threshold aside: its probability and whether it is right.
      const top = mine.flatMap((j) => j.ranked.slice(0, 1)).sort((a, b) => b.score - a.score)[0];
      if (top) rep.calibration.push({ p: Math.max(0, Math.min(1, top.score)), right: e.claim !== null && ok(top.id) });

      if (e.claim !== null) {
        rep.positives++;
        const ranked = mine.flatMap((j) => j.ranked).sort((a, b) => b.score - a.score);
        const ids = [...new Set(ranked.map((r) => r.id))];
        const rank = ids.findIndex((id) => ok(id));
        if (rank === 0) rep.map1++;
        if (rank >= 0 && rank < 5) rep.map5 += 1 / (rank + 1);
        if (ok(got)) rep.tp++;
        else if (got) {
          rep.fp++;
          rep.fn++;
          err('wrong-claim', e.claim, got, `matched ${got} (${shown!.result.match!.score}); the expected claim ${rank >= 0 ? `ranks ${rank + 1}` : 'is not among the candidates'}`);
        } else {
          rep.fn++;
          if (!mine.length) err('not-detected', e.claim, '—', 'the sentence was not detected as check-worthy');
          else
            err('missed', e.claim, 'unmatched', rank < 0 ? `the expected claim is not among the candidates${ranked[0] ? ` (best: ${ranked[0].id} ${ranked[0].score.toFixed(3)})` : ''}` : `the expected claim ranks ${rank + 1} with ${ranked.find((r) => ok(r.id))!.score.toFixed(3)}, below the threshold`);
        }
      } else {
        rep.negatives++;
        if (got) {
          rep.fp++;
          rep.falseMatchesOnNegatives++;
          err('false-match', 'none', got, `matched ${got} with ${shown!.result.match!.score}`);
        }
      }

      rep.confusion[e.statuses[0]!][gotStatus]++;
      const statusOk = e.statuses.includes(gotStatus) && (e.claim === null ? !got : ok(got));
      if (statusOk) {
        rep.statusRight++;
        if (style) style.right++;
      } else if (e.claim !== null && ok(got)) err('wrong-status', e.statuses.join('|'), gotStatus, shown!.result.why);

      if (e.claim !== null && ok(got) && shown) {
        if (e.figure) {
          rep.figures.labelled++;
          if (figureRight(e.figure, shown.result)) rep.figures.right++;
          else err('wrong-figure', e.figure, shown.result.figures.map((f) => `${f.text}:${f.check}`).join(', ') || 'no figure', shown.result.figures.map((f) => f.note).filter(Boolean).join('; '));
        }
        const want = e.stance ?? 'asserts';
        rep.stance.labelled++;
        if (stanceOf(shown.result) === want) rep.stance.right++;
        else err('wrong-stance', want, stanceOf(shown.result), 'the page stance toward the claim');
        if (e.by) {
          rep.attribution.labelled++;
          if (shown.result.attributedOrigin?.id === e.by) rep.attribution.right++;
          else err('wrong-attribution', e.by, shown.result.attributedOrigin?.id ?? `none ("${shown.result.attributedTo ?? ''}")`, 'the speaker named on the page was not mapped to the expected origin');
        }
      }
    }
    if (c.exhaustive) {
      for (const j of judged) {
        if (used.has(j) || !j.result.match) continue;
        rep.fp++;
        rep.falseMarks++;
        if (keep) rep.errors.push({ id: c.id, kind: 'false-mark', text: j.result.text, expected: 'no mark (not a labelled check-worthy sentence)', got: j.result.match.id, reason: `matched with ${j.result.match.score}` });
      }
    }
  }
  for (const r of reports.values()) finishRates(r);
  return reports;
}

/** Turns a report's counts into its rates (map1/map5 hold sums over positives until then). */
function finishRates(r: Report): void {
  const div = (a: number, b: number) => (b ? a / b : 1);
  r.precision = div(r.tp, r.tp + r.fp);
  r.recall = div(r.tp, r.tp + r.fn);
  r.statusAccuracy = div(r.statusRight, r.targets);
  r.map1 = div(r.map1, r.positives);
  r.map5 = div(r.map5, r.positives);
}

/** Our own items as cases: each a one-sentence article with no date. */
export function ownCases(items: readonly EvalItem[]): EvalCase[] {
  return items.map((i) => ({
    source: 'own' as const,
    split: 'dev' as const,
    id: i.id,
    blocks: [i.text],
    targets: [
      {
        id: i.id,
        block: 0,
        expect: { claim: i.claim, ...(i.also ? { also: i.also } : {}), statuses: [i.status], ...(i.by ? { by: i.by } : {}), ...(i.stance ? { stance: i.stance } : {}), style: i.style },
      },
    ],
    exhaustive: false,
  }));
}

/** Reports added together (e.g. RUWA and articles of one split). */
export function combine(reports: readonly Report[]): Report {
  const out = emptyReport();
  for (const r of reports) {
    for (const k of ['targets', 'positives', 'negatives', 'tp', 'fp', 'fn', 'falseMarks', 'falseMatchesOnNegatives', 'statusRight'] as const) out[k] += r[k];
    for (const k of ['figures', 'stance', 'attribution'] as const) {
      out[k].labelled += r[k].labelled;
      out[k].right += r[k].right;
    }
    out.map1 += r.map1 * r.positives;
    out.map5 += r.map5 * r.positives;
    for (const e of STATUSES) for (const p of STATUSES) out.confusion[e][p] += r.confusion[e][p];
    out.calibration.push(...r.calibration);
    out.errors.push(...r.errors);
  }
  finishRates(out);
  return out;
}

/** Predicted probability against observed accuracy, by decile of the probability. */
export function reliability(points: readonly { p: number; right: boolean }[]): { from: number; to: number; n: number; predicted: number; observed: number }[] {
  const bins = Array.from({ length: 10 }, (_, i) => ({ from: i / 10, to: (i + 1) / 10, n: 0, predicted: 0, observed: 0 }));
  for (const { p, right } of points) {
    const b = bins[Math.min(9, Math.floor(p * 10))]!;
    b.n++;
    b.predicted += p;
    b.observed += right ? 1 : 0;
  }
  return bins.map((b) => ({ ...b, predicted: b.n ? b.predicted / b.n : 0, observed: b.n ? b.observed / b.n : 0 }));
}

const pct = (x: number) => x.toFixed(3);
const frac = (o: { labelled: number; right: number }) => (o.labelled ? `${pct(o.right / o.labelled)} (${o.right}/${o.labelled})` : '—');

/** One row of the summary table. */
export function summaryRow(name: string, r: Report): string {
  return `| ${name} | ${r.targets} (${r.positives}+/${r.negatives}−) | ${pct(r.precision)} (${r.tp}/${r.tp + r.fp}) | ${pct(r.recall)} (${r.tp}/${r.positives}) | ${pct(r.statusAccuracy)} | ${frac(r.figures)} | ${frac(r.stance)} | ${r.falseMatchesOnNegatives} | ${r.falseMarks} | ${pct(r.map1)} / ${pct(r.map5)} |`;
}
export const SUMMARY_HEADER = '| set | items (+/−) | precision | recall | status accuracy | figure checks right | stance right | false matches on negatives | false marks | MAP@1 / MAP@5 |\n|---|---|---|---|---|---|---|---|---|---|';

/** The report's detail as text: confusion table, styles, errors. */
export function formatDetail(r: Report): string {
  const out: string[] = [];
  out.push('status confusion (rows: expected, columns: predicted)');
  out.push(`| | ${STATUSES.join(' | ')} |`, `|---|${STATUSES.map(() => '---').join('|')}|`);
  for (const e of STATUSES) out.push(`| ${e} | ${STATUSES.map((p) => r.confusion[e][p]).join(' | ')} |`);
  if (Object.keys(r.byStyle).length) {
    out.push('', '| style | items | right |', '|---|---|---|');
    for (const [s, v] of Object.entries(r.byStyle).sort()) out.push(`| ${s} | ${v.n} | ${v.right} |`);
  }
  if (r.attribution.labelled) out.push('', `speaker mapped to the right origin: ${r.attribution.right} of ${r.attribution.labelled}`);
  out.push('', r.errors.length ? `errors (${r.errors.length}):` : 'errors: none');
  for (const e of r.errors) out.push(`- [${e.kind}] ${e.id}: expected ${e.expected}, got ${e.got} — ${e.reason}\n    "${e.text}"`);
  return out.join('\n');
}

/** The reliability table as text. */
export function formatReliability(points: readonly { p: number; right: boolean }[]): string {
  const out = ['| probability | items | mean predicted | observed right |', '|---|---|---|---|'];
  for (const b of reliability(points)) if (b.n) out.push(`| ${b.from.toFixed(1)}–${b.to.toFixed(1)} | ${b.n} | ${pct(b.predicted)} | ${pct(b.observed)} |`);
  return out.join('\n');
}
