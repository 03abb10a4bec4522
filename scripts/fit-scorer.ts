/**
 * `npm run fit`: fits the matcher's logistic regression (lib/engine/11-match.ts) on the dev split and writes
 * lib/engine/11-match.model.json — the standardised features' means and scales, the weights, the bias, and the
 * threshold. Deterministic (Newton's method from zeros, fixed L2 penalty, no sampling), so a test can check that the
 * shipped coefficients are what this script gives.
 *
 * Training pairs: every candidate claim of every labelled sentence of the dev split — our own items, the dev rows of
 * RUWA and the dev articles (test/eval/split.ts), plus the dev half of the in-domain negatives (RUWA rows about nothing
 * the pack holds) and the unlabelled sentences of the exhaustively labelled articles — labelled 1 when it is the
 * sentence's claim (or one it also states), else 0. The test split is never read.
 *
 * The threshold: the lowest probability at which the top candidate of the dev items is right at least `PRECISION` of
 * the time when marked, over the real-text dev items (RUWA + articles).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { detectInArticle } from '../lib/engine';
import { ACCEPTOR_FEATURES, acceptorInput, candidates, FEATURE_NAMES, logistic, type Features, type Logistic, type ScorerModel } from '../lib/engine/11-match';
import { norm, ownCases, type EvalCase } from '../lib/eval';
import type { ReferenceIndex } from '../lib/pack/reference';
import { loadDevset } from '../test/eval/load';
import { inDomainNegatives, realCases, sharedPresent } from '../test/eval/real';
import { JSDOM } from 'jsdom';
import { extractArticle } from '../lib/engine/01-extract';
import { hasSeed, seedPage } from '../test/e2e/pages';
import { EXAMPLE_EXPECTATIONS, SEED_EXPECTATIONS, type Expectation } from '../test/expectations';

/** The L2 penalty on the standardised weights (a weak prior towards 0: 1 pseudo-observation's worth). */
export const L2 = 1;
/** The precision the threshold must reach on the real-text dev items. */
export const PRECISION = 0.97;

export interface Pair {
  x: number[];
  y: 0 | 1;
  /** Which labelled sentence the pair is of, and its source. */
  item: string;
  source: EvalCase['source'];
}

/** The labelled sentences of a case: (sentence index → expected claim ids, or null for "states none"). */
function sentenceLabels(c: EvalCase, found: ReturnType<typeof detectInArticle>, ref: ReferenceIndex): Map<number, { ids: Set<string>; item: string } | null> {
  const out = new Map<number, { ids: Set<string>; item: string } | null>();
  for (const t of c.targets) {
    const ids = t.expect.claim ? new Set([t.expect.claim, ...(t.expect.also ?? [])]) : null;
    let at: number[];
    if (t.block !== undefined) at = found.map((f, i) => (f.candidate.block === t.block ? i : -1)).filter((i) => i >= 0);
    else {
      const want = norm(t.starts!).toLowerCase().replace(/^["'(\[]+/, '');
      const i = found.findIndex((f) => norm(f.candidate.text).toLowerCase().replace(/^["'(\[]+/, '').startsWith(want));
      at = i >= 0 ? [i] : [];
    }
    if (!at.length) continue;
    if (!ids) {
      for (const i of at) out.set(i, null);
      continue;
    }
    // A block of several sentences states the claim in one of them: the one whose candidates rank it best.
    let best = at[0]!;
    let bestPhrase = -1;
    for (const i of at) {
      const f = found[i]!;
      const cs = candidates(f.candidate.text, f.candidate.figures, ref, f.ctx);
      const hit = cs.filter((x) => ids.has(ref.claim(x.claim).id)).reduce((m, x) => Math.max(m, x.features.phrase + x.features.cover), -1);
      if (hit > bestPhrase) (bestPhrase = hit), (best = i);
    }
    out.set(best, { ids, item: t.id });
  }
  if (c.exhaustive) found.forEach((_, i) => (out.has(i) ? undefined : out.set(i, null)));
  return out;
}

/** An article of ours (or the seed) with its yardstick as a case: the sentences the yardstick names a claim for. */
function yardstickCase(id: string, html: string, expectations: readonly Expectation[]): EvalCase | undefined {
  const ex = extractArticle(new JSDOM(html).window.document);
  if (!ex.ok) return undefined;
  return {
    source: 'own',
    split: 'dev',
    id,
    blocks: ex.article.blocks,
    targets: expectations.map((e, i) => ({ id: `${id}#${i}`, starts: e.startsWith.slice(0, 60), expect: { claim: e.matchId ?? null, statuses: [e.status] } })).filter((t) => t.expect.claim),
    exhaustive: false,
  };
}

/** The training pairs of the dev split. */
export function trainingPairs(ref: ReferenceIndex): Pair[] {
  const cases: EvalCase[] = ownCases(loadDevset());
  // The yardsticks: our example article, and the seed article the product was made from (dev material both).
  const example = yardstickCase('example', readFileSync(join(import.meta.dirname, '..', 'examples', 'article-2022-07-04.html'), 'utf8'), EXAMPLE_EXPECTATIONS);
  if (example) cases.push(example);
  if (hasSeed()) {
    const seed = yardstickCase('seed', seedPage(), SEED_EXPECTATIONS);
    if (seed) cases.push(seed);
  }
  if (sharedPresent()) {
    const real = realCases(new Set(ref.pack.claims.map((c) => c.id)));
    cases.push(...real.cases.filter((c) => c.split === 'dev'));
    const labelled = new Set(real.cases.filter((c) => c.source === 'ruwa').map((c) => c.id.split(' ')[1]!));
    cases.push(...inDomainNegatives(labelled).filter((c) => c.split === 'dev'));
  }
  const pairs: Pair[] = [];
  for (const c of cases) {
    const found = detectInArticle(c.blocks, { article: c.published ? { published: c.published } : {} });
    const labels = sentenceLabels(c, found, ref);
    for (const [i, label] of labels) {
      const f = found[i]!;
      const item = label?.item ?? `${c.id}#${i}`;
      for (const cand of candidates(f.candidate.text, f.candidate.figures, ref, f.ctx))
        pairs.push({ x: FEATURE_NAMES.map((n) => cand.features[n]), y: label?.ids.has(ref.claim(cand.claim).id) ? 1 : 0, item, source: c.source });
    }
  }
  return pairs;
}

/** Solves A x = b for a small dense symmetric positive-definite A (Gaussian elimination with partial pivoting). */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[p]![c]!)) p = r;
    [m[c], m[p]] = [m[p]!, m[c]!];
    for (let r = c + 1; r < n; r++) {
      const k = m[r]![c]! / m[c]![c]!;
      for (let k2 = c; k2 <= n; k2++) m[r]![k2]! -= k * m[c]![k2]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = m[r]![n]!;
    for (let c = r + 1; c < n; c++) s -= m[r]![c]! * x[c]!;
    x[r] = s / m[r]![r]!;
  }
  return x;
}

/** L2-penalised logistic regression by Newton's method on standardised features (the bias is not penalised). */
export function fitLogistic(pairs: readonly { x: number[]; y: 0 | 1 }[], l2 = L2, iterations = 30): Omit<Logistic, 'features'> {
  const d = pairs[0]?.x.length ?? 0;
  const mean = new Array<number>(d).fill(0);
  const scale = new Array<number>(d).fill(0);
  for (const p of pairs) p.x.forEach((v, j) => (mean[j]! += v / pairs.length));
  for (const p of pairs) p.x.forEach((v, j) => (scale[j]! += (v - mean[j]!) ** 2 / pairs.length));
  for (let j = 0; j < d; j++) scale[j] = Math.sqrt(scale[j]!) || 1;
  const z = pairs.map((p) => [1, ...p.x.map((v, j) => (v - mean[j]!) / scale[j]!)]);
  let w = new Array<number>(d + 1).fill(0);
  for (let it = 0; it < iterations; it++) {
    const g = new Array<number>(d + 1).fill(0);
    const h = Array.from({ length: d + 1 }, () => new Array<number>(d + 1).fill(0));
    z.forEach((x, i) => {
      const p = 1 / (1 + Math.exp(-x.reduce((s, v, j) => s + v * w[j]!, 0)));
      const r = p - pairs[i]!.y;
      const q = p * (1 - p);
      for (let j = 0; j <= d; j++) {
        g[j]! += r * x[j]!;
        for (let k = 0; k <= d; k++) h[j]![k]! += q * x[j]! * x[k]!;
      }
    });
    for (let j = 1; j <= d; j++) {
      g[j]! += l2 * w[j]!;
      h[j]![j]! += l2;
    }
    const step = solve(h, g);
    w = w.map((v, j) => v - step[j]!);
    if (Math.max(...step.map(Math.abs)) < 1e-10) break;
  }
  const r6 = (x: number) => Math.round(x * 1e6) / 1e6;
  return { mean: mean.map(r6), scale: scale.map(r6), weights: w.slice(1).map(r6), bias: r6(w[0]!) };
}

/** Per labelled sentence: its pairs (the ranker's input) in order. */
function byItem(pairs: readonly Pair[]): Map<string, Pair[]> {
  const out = new Map<string, Pair[]>();
  for (const p of pairs) out.set(p.item, [...(out.get(p.item) ?? []), p]);
  return out;
}

/** The acceptor's training rows: per labelled sentence, its best pair by the ranker, right or not. */
export function acceptorRows(pairs: readonly Pair[], ranker: Logistic): { x: number[]; y: 0 | 1; source: string }[] {
  const rows: { x: number[]; y: 0 | 1; source: string }[] = [];
  for (const list of byItem(pairs).values()) {
    const ranked = list
      .map((p) => {
        const features = Object.fromEntries(FEATURE_NAMES.map((n, j) => [n, p.x[j]!])) as unknown as Features;
        return { features, score: logistic(ranker, features as unknown as Record<string, number>), y: p.y };
      })
      .sort((a, b) => b.score - a.score);
    const input = acceptorInput(ranked);
    rows.push({ x: ACCEPTOR_FEATURES.map((n) => input[n]), y: ranked[0]!.y, source: list[0]!.source });
  }
  return rows;
}

/** The threshold: the lowest confidence at which the marks on the real-text dev items are right ≥ PRECISION of the time. */
export function chooseThreshold(rows: readonly { x: number[]; y: 0 | 1; source: string }[], acceptor: Logistic): number {
  const real = rows
    .filter((r) => r.source !== 'own')
    .map((r) => ({ p: logistic(acceptor, Object.fromEntries(ACCEPTOR_FEATURES.map((n, j) => [n, r.x[j]!]))), right: r.y === 1 }))
    .sort((a, b) => b.p - a.p);
  let best = 0.5;
  let right = 0;
  real.forEach((t, i) => {
    if (t.right) right++;
    const next = real[i + 1];
    if (right / (i + 1) >= PRECISION && (!next || next.p < t.p)) best = t.p;
  });
  // On the options page's slider grid (steps of 0.01), rounded up so the precision is kept.
  return Math.ceil(best * 100 - 1e-9) / 100;
}

/**
 * How often a daily report identified by its day is the sentence's claim, over the dev sentences that have one: the
 * day's report (or the day before's, which the matcher picks between by the figures) is right when either is.
 */
export function seriesDayRate(pairs: readonly Pair[]): number {
  const j = FEATURE_NAMES.indexOf('seriesDay');
  let n = 0;
  let right = 0;
  for (const list of byItem(pairs).values()) {
    const day = list.filter((p) => p.x[j] === 1);
    if (!day.length) continue;
    n++;
    if (day.some((p) => p.y === 1)) right++;
  }
  return n ? Math.floor((right / n) * 1000) / 1000 : 0;
}

export function fitModel(ref: ReferenceIndex): ScorerModel {
  const pairs = trainingPairs(ref);
  const ranker: Logistic = { features: [...FEATURE_NAMES], ...fitLogistic(pairs) };
  const rows = acceptorRows(pairs, ranker);
  const acceptor: Logistic = { features: [...ACCEPTOR_FEATURES], ...fitLogistic(rows.map((r) => ({ ...r, item: '', source: r.source as Pair['source'] }))) };
  return { ranker, acceptor, threshold: chooseThreshold(rows, acceptor), seriesDayConfidence: seriesDayRate(pairs) };
}

export const MODEL_FILE = join(import.meta.dirname, '..', 'lib', 'engine', '11-match.model.json');

if (import.meta.url === `file://${process.argv[1]}`) {
  const { bundledReference } = await import('../lib/pack/bundled');
  const t0 = performance.now();
  const model = fitModel(bundledReference());
  writeFileSync(MODEL_FILE, `${JSON.stringify(model, null, 2)}\n`);
  console.log(`fit: ${Math.round(performance.now() - t0)} ms → lib/engine/11-match.model.json`);
  for (const [name, m] of [['ranker', model.ranker], ['acceptor', model.acceptor]] as const) {
    console.log(`\n${name}\n| feature | weight (standardised) |\n|---|---|`);
    m.features.forEach((n, j) => console.log(`| ${n} | ${m.weights[j]} |`));
    console.log(`| (bias) | ${m.bias} |`);
  }
  console.log(`threshold ${model.threshold}; a daily report identified by its day: right ${model.seriesDayConfidence} of the time on dev`);
}
