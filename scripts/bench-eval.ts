/**
 * Ground truth and the baseline for `npm run bench`: the labelled dev set (test/eval/devset.yaml, when present), the
 * seed article's expectations (test/expectations.ts, when ../shared/seed is present), our example's expectations,
 * and plain fuse.js with default options as the baseline a developer would pick.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Fuse from 'fuse.js';
import { parse as parseYaml } from 'yaml';
import { detectClaims, type Candidate } from '../lib/engine/04-detect';
import { judge } from '../lib/engine';
import type { PackIndex } from '../lib/pack/index-api';
import type { Pack } from '../lib/pack/schema';
import type { Expectation } from '../test/expectations';

/** One labelled unit: the sentences detection gives for it, and the claim it should match (null: none). */
export interface Labelled {
  set: string;
  id: string;
  gold: string | null;
  candidates: Candidate[];
}

export const DEVSET = join(import.meta.dirname, '..', 'test', 'eval', 'devset.yaml');

interface DevItem {
  id: string;
  text: string;
  claim: string | null;
  status?: string;
  style?: string;
}

/** The dev set's items; throws with the file and item on a malformed entry. */
export function loadDevset(file = DEVSET): Labelled[] {
  const raw = parseYaml(readFileSync(file, 'utf8')) as unknown;
  const list = Array.isArray(raw) ? raw : (raw as { items?: unknown })?.items;
  if (!Array.isArray(list)) throw new Error(`${file}: expected a YAML list of items`);
  return list.map((x: DevItem, i) => {
    if (!x || typeof x.text !== 'string' || !('claim' in x)) throw new Error(`${file}: item ${i} needs text and claim`);
    return { set: 'devset', id: String(x.id ?? i), gold: x.claim ?? null, candidates: detectClaims([x.text]) };
  });
}

/** Expectations over an article's detected sentences; those without a claim id cannot be scored and are left out. */
export function fromExpectations(set: string, candidates: Candidate[], exps: Expectation[]): { items: Labelled[]; unscored: number; missing: string[] } {
  const items: Labelled[] = [];
  const missing: string[] = [];
  let unscored = 0;
  for (const e of exps) {
    const c = candidates.find((x) => x.text.startsWith(e.startsWith));
    if (!c) missing.push(e.startsWith);
    else if (e.status !== 'unmatched' && !e.matchId) unscored++;
    else items.push({ set, id: e.startsWith, gold: e.status === 'unmatched' ? null : e.matchId!, candidates: [c] });
  }
  return { items, unscored, missing };
}

export type Predictor = (c: Candidate) => string | null;

export const oursPredictor =
  (ref: PackIndex): Predictor =>
  (c) =>
    judge(c, ref).match?.id ?? null;

/** One document per claim: its text, aliases and statement summaries — what a developer would index. */
export interface BaselineDoc {
  id: string;
  text: string;
  aliases: string[];
  statements: string[];
}

export function baselineDocs(pack: Pack): BaselineDoc[] {
  return pack.claims.map((c) => ({ id: c.id, text: c.text, aliases: c.aliases ?? [], statements: c.statements.map((s) => s.summary) }));
}

/** Plain fuse.js, default options (threshold 0.6, location 0, distance 100), keys only. */
export function baselineFuse(pack: Pack): Fuse<BaselineDoc> {
  return new Fuse(baselineDocs(pack), { keys: ['text', 'aliases', 'statements'] });
}

export const baselinePredictor =
  (fuse: Fuse<BaselineDoc>): Predictor =>
  (c) =>
    fuse.search(c.text, { limit: 1 })[0]?.item.id ?? null;

/** A unit's prediction: that of its first detected sentence with a hit (null when detection found none). */
export function predict(item: Labelled, p: Predictor): string | null {
  for (const c of item.candidates) {
    const id = p(c);
    if (id) return id;
  }
  return null;
}

export interface Score {
  n: number;
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
}

/** Entity-linking precision and recall: a prediction is right only when it is the gold claim. */
export function score(items: Labelled[], preds: (string | null)[]): Score {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  items.forEach((it, i) => {
    const p = preds[i];
    if (p && p === it.gold) tp++;
    else {
      if (p) fp++;
      if (it.gold) fn++;
    }
  });
  return { n: items.length, tp, fp, fn, precision: tp + fp ? tp / (tp + fp) : NaN, recall: tp + fn ? tp / (tp + fn) : NaN };
}

export const hasDevset = () => existsSync(DEVSET);
