/** Reads the labelled development set (test/eval/devset.yaml, written by us) and the seed check used by the eval. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { JSDOM } from 'jsdom';
import { parse } from 'yaml';
import { z } from 'zod';
import { analyzeBlocks } from '../../lib/engine';
import { EvalItem } from '../../lib/eval';
import { extractArticle } from '../../lib/engine/01-extract';
import type { PackIndex } from '../../lib/pack/index-api';
import { seedPage, SEED_FILE } from '../e2e/pages';
import { SEED_EXPECTATIONS } from '../expectations';

export const DEVSET = join(import.meta.dirname, 'devset.yaml');

/**
 * Targets. Our own dev set (issue 4); the real text's dev split (issue 11's targets for the test split, gated on dev:
 * the test split is reported, never gated or tuned on).
 */
export const TARGETS = {
  precision: 0.97,
  recall: 0.9,
  falseMatchesOnLookalikes: 0,
  minPositives: 150,
  minLookalikes: 80,
  real: { precision: 0.97, recall: 0.85, status: 0.9, figures: 0.95, stance: 0.9, inDomain: 0.002 },
};

/**
 * What the accuracy gate (test/unit/eval.test.ts) enforces on dev. The harm side — precision, the in-domain
 * false-match rate, stance — at the targets; the recall-side targets are missed by today's engine (`npm run eval`
 * prints them as MISSED), so the gate holds the line measured when the fitted matcher landed (2026-12-01, dev) as a
 * regression floor, a little under it so a refit's noise does not trip it. Raise these as the engine improves; never
 * lower them to let a change through.
 */
export const GATE = {
  own: { precision: TARGETS.precision, recall: 0.45, falseMatchesOnLookalikes: 2 },
  real: { precision: TARGETS.real.precision, recall: 0.22, status: 0.72, figures: 0.88, stance: TARGETS.real.stance, inDomain: TARGETS.real.inDomain },
};

/** Our own items for the contested events, one file per event (written by us, like devset.yaml). */
export const DEVSET_DIR = join(import.meta.dirname, 'devset');

export function loadDevset(): EvalItem[] {
  const files = [DEVSET, ...(existsSync(DEVSET_DIR) ? readdirSync(DEVSET_DIR).filter((f) => f.endsWith('.yaml')).sort().map((f) => join(DEVSET_DIR, f)) : [])];
  const items = files.flatMap((f) => {
    const r = z.array(EvalItem).safeParse(parse(readFileSync(f, 'utf8')) ?? []);
    if (!r.success) throw new Error(`${f} at ${r.error.issues[0]!.path.join('.')}: ${r.error.issues[0]!.message}`);
    return r.data;
  });
  const ids = new Set<string>();
  for (const i of items) {
    if (ids.has(i.id)) throw new Error(`devset: duplicate id ${i.id}`);
    ids.add(i.id);
    if ((i.claim === null) !== (i.status === 'unmatched')) throw new Error(`devset ${i.id}: a look-alike (claim null) must expect "unmatched", and only it`);
  }
  return items;
}

export interface SeedCheck {
  present: boolean;
  right: number;
  total: number;
  /** Marked with another claim or status than expected. */
  wrong: string[];
  /** Left unmatched although a claim was expected (the engine marks nothing when unsure). */
  missed: string[];
}

/** Every check-worthy claim of the seed article with its expected status and match (../shared; skipped when absent). */
export function checkSeed(ref: PackIndex, minScore?: number): SeedCheck {
  if (!existsSync(SEED_FILE)) return { present: false, right: 0, total: 0, wrong: [], missed: [] };
  const ex = extractArticle(new JSDOM(seedPage()).window.document);
  if (!ex.ok) throw new Error(ex.reason);
  const results = analyzeBlocks(ex.article.blocks, ref, { minScore });
  const wrong: string[] = [];
  const missed: string[] = [];
  for (const e of SEED_EXPECTATIONS) {
    const r = results.find((x) => x.text.startsWith(e.startsWith));
    const want = e.or && r?.match?.id === e.or.matchId ? e.or : e;
    if (!r) wrong.push(`"${e.startsWith}…": not detected`);
    else if (r.status === 'unmatched' && e.status !== 'unmatched') missed.push(`"${e.startsWith}…": expected ${e.status}${e.matchId ? ` (${e.matchId})` : ''}, left unmatched`);
    else if (r.status !== want.status || (want.matchId && r.match?.id !== want.matchId))
      wrong.push(`"${e.startsWith}…": expected ${want.status}${want.matchId ? ` (${want.matchId})` : ''}, got ${r.status} (${r.match?.id ?? 'no match'})`);
  }
  return { present: true, right: SEED_EXPECTATIONS.length - wrong.length - missed.length, total: SEED_EXPECTATIONS.length, wrong, missed };
}
