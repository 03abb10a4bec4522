/**
 * Evaluation of the engine on a labelled set of sentences: matching precision and recall, status accuracy, MAP@1 and
 * MAP@5 of the ranking, a status confusion table, attribution accuracy and every error with its reason. Pure and
 * deterministic (no timing), so a test can gate on it and `npm run eval` can print it.
 */
import { z } from 'zod';
import { detectClaims } from './detect';
import { judge, type ClaimResult, type PageStatus } from './engine';
import type { PageFigure } from './figures';
import { MIN_SCORE, rankClaims } from './match';
import type { ReferenceIndex } from './pack/reference';

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
  note: z.string().optional(),
});
export type EvalItem = z.infer<typeof EvalItem>;

export type ErrorKind = 'not-detected' | 'missed' | 'wrong-claim' | 'false-match' | 'wrong-status' | 'wrong-attribution';

export interface EvalError {
  id: string;
  kind: ErrorKind;
  text: string;
  expected: string;
  got: string;
  reason: string;
}

export interface EvalReport {
  items: number;
  positives: number;
  lookalikes: number;
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  falseMatchesOnLookalikes: number;
  statusAccuracy: number;
  map1: number;
  map5: number;
  attribution: { labelled: number; right: number };
  /** expected status → predicted status → count */
  confusion: Record<PageStatus, Record<PageStatus, number>>;
  byStyle: Record<string, { n: number; right: number }>;
  errors: EvalError[];
}

const STATUSES: PageStatus[] = ['corroborated', 'disputed', 'single-sourced', 'unmatched'];

/** The result the page would show for the item: the best-scoring matched sentence of it. */
function predict(item: EvalItem, ref: ReferenceIndex, minScore: number): { result: ClaimResult | undefined; detected: boolean; figures: PageFigure[] } {
  const candidates = detectClaims([item.text]);
  const figures = candidates.flatMap((c) => c.figures);
  if (!candidates.length) return { result: undefined, detected: false, figures };
  const results = candidates.map((c) => judge(c, ref, { minScore }));
  const matched = results.filter((r) => r.match).sort((a, b) => b.match!.score - a.match!.score);
  return { result: matched[0] ?? results[0], detected: true, figures };
}

export function evaluate(items: readonly EvalItem[], ref: ReferenceIndex, minScore = MIN_SCORE): EvalReport {
  const idOf = new Map(ref.pack.claims.map((c, i) => [c.id, i]));
  const originName = new Map(ref.pack.origins.map((o) => [o.id, o.name]));
  const confusion = Object.fromEntries(STATUSES.map((s) => [s, Object.fromEntries(STATUSES.map((p) => [p, 0]))])) as EvalReport['confusion'];
  const byStyle: EvalReport['byStyle'] = {};
  const errors: EvalError[] = [];
  let tp = 0, fp = 0, fn = 0, falseLook = 0, statusRight = 0, ap1 = 0, ap5 = 0, positives = 0, attrN = 0, attrRight = 0;

  for (const item of items) {
    const { result, detected, figures } = predict(item, ref, minScore);
    const got = result?.match?.id ?? null;
    const gotStatus: PageStatus = result?.status ?? 'unmatched';
    const ok = (id: string | null) => id !== null && (id === item.claim || !!item.also?.includes(id));
    const style = (byStyle[item.style] ??= { n: 0, right: 0 });
    style.n++;
    const err = (kind: ErrorKind, expected: string, gotS: string, reason: string) =>
      errors.push({ id: item.id, kind, text: item.text, expected, got: gotS, reason });

    if (item.claim !== null) {
      positives++;
      if (!idOf.has(item.claim)) throw new Error(`${item.id}: unknown claim id ${item.claim}`);
      // Ranking quality, threshold aside: where the expected claim sits among all candidates of the sentence.
      const ranked = rankClaims(item.text, figures, ref);
      const rank = ranked.findIndex((r) => ok(ref.claim(r.claim).id));
      if (rank === 0) ap1++;
      if (rank >= 0 && rank < 5) ap5 += 1 / (rank + 1);
      if (ok(got)) {
        tp++;
      } else if (got) {
        fp++;
        fn++;
        const want = ranked.find((r) => ref.claim(r.claim).id === item.claim);
        err('wrong-claim', item.claim, got, `matched ${got} (${result!.match!.score}); the expected claim ${want ? `ranks ${rank + 1} with ${want.score.toFixed(3)}` : 'is not among the candidates'}`);
      } else {
        fn++;
        const best = ranked[0];
        if (!detected) err('not-detected', item.claim, '—', 'the sentence was not detected as check-worthy');
        else
          err('missed', item.claim, 'unmatched', rank < 0 ? `the expected claim is not among the candidates${best ? ` (best: ${ref.claim(best.claim).id} ${best.score.toFixed(3)})` : ''}` : `the expected claim ranks ${rank + 1} with ${ranked[rank]!.score.toFixed(3)}, below the threshold ${minScore}`);
      }
    } else if (got) {
      fp++;
      falseLook++;
      err('false-match', 'none', got, `look-alike (${item.style}) matched ${got} with ${result!.match!.score}`);
    }

    confusion[item.status][gotStatus]++;
    if (gotStatus === item.status) {
      statusRight++;
      if (item.claim === null || ok(got)) style.right++;
    } else if (item.claim !== null && ok(got)) {
      err('wrong-status', item.status, gotStatus, result!.why);
    }

    if (item.by && item.claim !== null) {
      attrN++;
      const who = result?.attributedOrigin?.id ?? null;
      if (who === item.by) attrRight++;
      else err('wrong-attribution', `${item.by} (${originName.get(item.by) ?? '?'})`, who ?? `none ("${result?.attributedTo ?? ''}")`, 'the speaker named on the page was not mapped to the expected origin');
    }
  }

  const div = (a: number, b: number) => (b ? a / b : 1);
  return {
    items: items.length,
    positives,
    lookalikes: items.length - positives,
    tp,
    fp,
    fn,
    precision: div(tp, tp + fp),
    recall: div(tp, tp + fn),
    falseMatchesOnLookalikes: falseLook,
    statusAccuracy: div(statusRight, items.length),
    map1: div(ap1, positives),
    map5: div(ap5, positives),
    attribution: { labelled: attrN, right: attrRight },
    confusion,
    byStyle,
    errors,
  };
}

/** The report as text: summary, confusion table, styles, errors. */
export function formatReport(r: EvalReport): string {
  const pct = (x: number) => x.toFixed(3);
  const out: string[] = [];
  out.push(`items ${r.items}: ${r.positives} paraphrases of reference claims, ${r.lookalikes} look-alikes`);
  out.push('');
  out.push('| metric | value |', '|---|---|');
  out.push(`| match precision | ${pct(r.precision)} (${r.tp} right of ${r.tp + r.fp} matched) |`);
  out.push(`| match recall | ${pct(r.recall)} (${r.tp} of ${r.positives}) |`);
  out.push(`| false matches on look-alikes | ${r.falseMatchesOnLookalikes} of ${r.lookalikes} |`);
  out.push(`| status accuracy | ${pct(r.statusAccuracy)} |`);
  out.push(`| MAP@1 | ${pct(r.map1)} |`);
  out.push(`| MAP@5 | ${pct(r.map5)} |`);
  out.push(`| attribution mapped to origin | ${r.attribution.right} of ${r.attribution.labelled} |`);
  out.push('');
  out.push('status confusion (rows: expected, columns: predicted)');
  out.push(`| | ${STATUSES.join(' | ')} |`, `|---|${STATUSES.map(() => '---').join('|')}|`);
  for (const e of STATUSES) out.push(`| ${e} | ${STATUSES.map((p) => r.confusion[e][p]).join(' | ')} |`);
  out.push('');
  out.push('| style | items | right |', '|---|---|---|');
  for (const [s, v] of Object.entries(r.byStyle).sort()) out.push(`| ${s} | ${v.n} | ${v.right} |`);
  out.push('');
  out.push(r.errors.length ? `errors (${r.errors.length}):` : 'errors: none');
  for (const e of r.errors) out.push(`- [${e.kind}] ${e.id}: expected ${e.expected}, got ${e.got} — ${e.reason}\n    "${e.text}"`);
  return out.join('\n');
}
