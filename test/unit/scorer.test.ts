/**
 * The matcher's fitted model (lib/engine/11-match.model.json) is what scripts/fit-scorer.ts gives from the dev split:
 * refitting here must reproduce the shipped coefficients and threshold exactly (the fit is deterministic). A change of
 * features, data or labels without `npm run fit` fails here. Needs the real-text labels' text (../shared/benchmarks);
 * skipped with a message when it is absent, since the fit reads it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { confidence, logistic, MODEL, rankClaims } from '../../lib/engine/11-match';
import { bundledReference } from '../../lib/pack/bundled';
import { fitLogistic, fitModel, MODEL_FILE } from '../../scripts/fit-scorer';
import { sharedPresent } from '../eval/real';

describe('the fitted matcher', () => {
  it.skipIf(!sharedPresent())('ships the coefficients the fit script gives (skipped when ../shared/benchmarks is absent)', () => {
    const shipped = JSON.parse(readFileSync(MODEL_FILE, 'utf8'));
    expect(fitModel(bundledReference())).toEqual(shipped);
  }, 120_000);

  it('fits a logistic regression that separates a separable toy set, deterministically', () => {
    const rows = Array.from({ length: 40 }, (_, i) => ({ x: [i / 40, (i % 3) / 3], y: (i >= 20 ? 1 : 0) as 0 | 1 }));
    const a = fitLogistic(rows);
    expect(fitLogistic(rows)).toEqual(a);
    const p = (x: number[]) => logistic({ features: ['a', 'b'], ...a }, { a: x[0]!, b: x[1]! });
    expect(p([0.95, 0])).toBeGreaterThan(0.9);
    expect(p([0.05, 0])).toBeLessThan(0.1);
  });

  it('gives a calibrated-looking confidence in 0..1, and none without candidates', () => {
    const ref = bundledReference();
    const ranked = rankClaims('Russian troops took full control of Lysychansk, the Russian defence ministry said.', [], ref, { articleDate: '2022-07-03' });
    const c = confidence([...ranked].sort((a, b) => b.score - a.score));
    expect(c).toBeGreaterThan(0);
    expect(c).toBeLessThanOrEqual(1);
    expect(confidence([])).toBe(0);
    expect(MODEL.threshold).toBeGreaterThan(0.5);
  });
});
