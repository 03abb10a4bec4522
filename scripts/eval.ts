/**
 * `npm run eval`: the engine on the labelled development set (test/eval/devset.yaml) and on the seed article. Prints
 * precision and recall of matching, status accuracy, MAP@1/MAP@5, the status confusion table and every error with
 * its reason; exits non-zero when a target is missed. Deterministic: no timings.
 */
import { evaluate, formatReport } from '../lib/eval';
import { bundledReference } from '../lib/pack/bundled';
import { checkSeed, loadDevset, TARGETS } from '../test/eval/load';

const ref = bundledReference();
const items = loadDevset();
const report = evaluate(items, ref);
console.log(formatReport(report));

const seed = checkSeed(ref);
console.log('');
if (!seed.present) console.log('seed article: skipped (../shared/seed is absent)');
else {
  console.log(`seed article: ${seed.right} of ${seed.total} check-worthy claims right`);
  for (const w of seed.wrong) console.log(`  - ${w}`);
}

const checks: [string, boolean, string][] = [
  ['match precision ≥ 0.97', report.precision >= TARGETS.precision, report.precision.toFixed(3)],
  ['match recall ≥ 0.90', report.recall >= TARGETS.recall, report.recall.toFixed(3)],
  ['zero false matches on look-alikes', report.falseMatchesOnLookalikes === 0, String(report.falseMatchesOnLookalikes)],
  [`≥ ${TARGETS.minPositives} paraphrases, ≥ ${TARGETS.minLookalikes} look-alikes`, report.positives >= TARGETS.minPositives && report.lookalikes >= TARGETS.minLookalikes, `${report.positives} / ${report.lookalikes}`],
  ['seed: every check-worthy claim right', !seed.present || seed.wrong.length === 0, seed.present ? `${seed.right}/${seed.total}` : 'skipped'],
];
console.log('');
console.log('| target | result | |', '\n|---|---|---|');
for (const [name, ok, value] of checks) console.log(`| ${name} | ${value} | ${ok ? 'met' : 'MISSED'} |`);
process.exitCode = checks.every((c) => c[1]) ? 0 : 1;
