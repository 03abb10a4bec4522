/** Reads the labelled development set (test/eval/devset.yaml, written by us) and the seed check used by the eval. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { JSDOM } from 'jsdom';
import { parse } from 'yaml';
import { z } from 'zod';
import { analyzeBlocks } from '../../lib/engine';
import { EvalItem } from '../../lib/eval';
import { extractArticle } from '../../lib/extract';
import type { ReferenceIndex } from '../../lib/pack/reference';
import { seedPage, SEED_FILE } from '../e2e/pages';
import { SEED_EXPECTATIONS } from '../expectations';

export const DEVSET = join(import.meta.dirname, 'devset.yaml');

/** Targets of the dev set (issue 4). */
export const TARGETS = { precision: 0.97, recall: 0.9, falseMatchesOnLookalikes: 0, minPositives: 150, minLookalikes: 80 };

export function loadDevset(): EvalItem[] {
  const items = z.array(EvalItem).parse(parse(readFileSync(DEVSET, 'utf8')));
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
  wrong: string[];
}

/** Every check-worthy claim of the seed article with its expected status and match (../shared; skipped when absent). */
export function checkSeed(ref: ReferenceIndex, minScore?: number): SeedCheck {
  if (!existsSync(SEED_FILE)) return { present: false, right: 0, total: 0, wrong: [] };
  const ex = extractArticle(new JSDOM(seedPage()).window.document);
  if (!ex.ok) throw new Error(ex.reason);
  const results = analyzeBlocks(ex.article.blocks, ref, { minScore });
  const wrong: string[] = [];
  for (const e of SEED_EXPECTATIONS) {
    const r = results.find((x) => x.text.startsWith(e.startsWith));
    if (!r) wrong.push(`"${e.startsWith}…": not detected`);
    else if (r.status !== e.status || (e.matchId && r.match?.id !== e.matchId))
      wrong.push(`"${e.startsWith}…": expected ${e.status}${e.matchId ? ` (${e.matchId})` : ''}, got ${r.status} (${r.match?.id ?? 'no match'})`);
  }
  return { present: true, right: SEED_EXPECTATIONS.length - wrong.length, total: SEED_EXPECTATIONS.length, wrong };
}
