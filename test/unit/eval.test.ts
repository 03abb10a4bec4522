/**
 * The accuracy gate, on the dev split only (test/eval/split.ts): our own development set and the real text's dev
 * items (RUWA rows, whole articles; skipped with a message when ../shared/benchmarks is absent) must reach the targets,
 * the in-domain false-match rate must stay under its bound, and a deliberately broken engine must fail. The test split
 * is never gated on here: its numbers are reported by `npm run eval`, never tuned on.
 */
import { describe, expect, it } from 'vitest';
import { combine, evaluateCases, formatDetail, ownCases, type Report } from '../../lib/eval';
import { bundledReference } from '../../lib/pack/bundled';
import { checkSeed, GATE, loadDevset, TARGETS } from '../eval/load';
import { inDomainNegatives, realCases, sharedPresent } from '../eval/real';
import { ALLOWED_MISSES } from '../expectations';

const ref = bundledReference();
const own = evaluateCases(ownCases(loadDevset()), ref).get('own/dev')!;

describe('evaluation on our own development set (test/eval/devset.yaml, devset/)', () => {
  it('has enough labelled items', () => {
    expect(own.positives).toBeGreaterThanOrEqual(TARGETS.minPositives);
    expect(own.negatives).toBeGreaterThanOrEqual(TARGETS.minLookalikes);
  });

  it('meets the precision target, and holds the recall and look-alike floors (test/eval/load.ts, GATE)', () => {
    const detail = formatDetail(own);
    expect(own.precision, detail).toBeGreaterThanOrEqual(GATE.own.precision);
    expect(own.falseMatchesOnNegatives, detail).toBeLessThanOrEqual(GATE.own.falseMatchesOnLookalikes);
    expect(own.recall, detail).toBeGreaterThanOrEqual(GATE.own.recall);
  });

  it('scores a deliberately broken engine below the targets (the gate can fail)', () => {
    // With an impossible threshold nothing matches: recall must collapse, so the gate above is not vacuous.
    const broken = evaluateCases(ownCases(loadDevset().slice(0, 60)), ref, { minScore: 1.01 }).get('own/dev')!;
    expect(broken.recall).toBeLessThan(TARGETS.recall);
  });
});

describe.skipIf(!sharedPresent())('evaluation on real text, dev split (../shared/benchmarks; skipped when absent)', () => {
  const real = sharedPresent() ? realCases(new Set(ref.pack.claims.map((c) => c.id))) : { cases: [], problems: [] };
  const reports = evaluateCases(real.cases.filter((c) => c.split === 'dev'), ref);
  const dev: Report = combine([...reports.values()]);

  it('has valid labels, and enough of them', () => {
    expect(real.problems).toEqual([]);
    expect(dev.positives).toBeGreaterThanOrEqual(300);
  });

  it('meets the precision and stance targets on the dev split, and holds the recall-side floors', () => {
    const detail = formatDetail(dev);
    expect(dev.precision, detail).toBeGreaterThanOrEqual(GATE.real.precision);
    expect(dev.stance.right / Math.max(1, dev.stance.labelled), detail).toBeGreaterThanOrEqual(GATE.real.stance);
    expect(dev.recall, detail).toBeGreaterThanOrEqual(GATE.real.recall);
    expect(dev.statusAccuracy, detail).toBeGreaterThanOrEqual(GATE.real.status);
    expect(dev.figures.right / Math.max(1, dev.figures.labelled), detail).toBeGreaterThanOrEqual(GATE.real.figures);
  });

  it('keeps the in-domain false-match rate under its bound', () => {
    const labelled = new Set(real.cases.filter((c) => c.source === 'ruwa').map((c) => c.id.split(' ')[1]!));
    const neg = inDomainNegatives(labelled);
    const all = combine([...evaluateCases(neg, ref, { details: () => true }).values()]);
    const marked = all.errors.filter((e) => e.kind === 'false-match' || e.kind === 'false-mark');
    expect(marked.length / neg.length, marked.map((e) => `${e.got}: ${e.text}`).join('\n')).toBeLessThanOrEqual(GATE.real.inDomain);
  }, 60_000);
});

describe('the seed article', () => {
  const seed = checkSeed(ref);
  it.skipIf(!seed.present)('marks no check-worthy claim wrong, and leaves at most six unmatched (skipped when ../shared/seed is absent)', () => {
    expect(seed.wrong, seed.wrong.join('\n')).toEqual([]);
    expect(seed.missed.length, seed.missed.join('\n')).toBeLessThanOrEqual(ALLOWED_MISSES.seed);
  });
});
