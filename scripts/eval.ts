/**
 * `npm run eval`: the engine on labelled text, per source and split.
 *
 * - own: our development set (test/eval/devset.yaml, test/eval/devset/*.yaml) — written by us, so it measures fit;
 * - ruwa: real headlines and ledes of both sides (RUWA, ../shared/benchmarks/ruwa), labelled in test/eval/real/ruwa/;
 * - articles: real news articles (../shared/benchmarks/articles), every check-worthy sentence labelled.
 *
 * Dev and test are fixed in test/eval/split.ts. Errors are printed for dev only: test figures are reported, never
 * tuned on. Then the in-domain false-match rate (RUWA rows about nothing the pack holds, by the filters in
 * test/eval/real.ts, every match listed), the reliability of the match probability, the seed article, and the targets.
 * Deterministic: no timings. `--errors` prints the dev errors of every source (default: a count per kind).
 */
import { combine, evaluateCases, formatDetail, formatReliability, ownCases, SUMMARY_HEADER, summaryRow, type EvalCase, type Report } from '../lib/eval';
import { bundledReference } from '../lib/pack/bundled';
import { checkSeed, loadDevset, TARGETS } from '../test/eval/load';
import { inDomainNegatives, IN_DOMAIN_FILTERS, realCases, sharedPresent } from '../test/eval/real';

const showErrors = process.argv.includes('--errors');
/** `--dev`: leave the test split out of the output (while working on the engine, to keep the test numbers unseen). */
const devOnly = process.argv.includes('--dev');
const ref = bundledReference();
const ids = new Set(ref.pack.claims.map((c) => c.id));
const cases: EvalCase[] = ownCases(loadDevset());
let labelledUrls = new Set<string>();
if (sharedPresent()) {
  const real = realCases(ids);
  if (real.problems.length) {
    console.error(`eval: ${real.problems.length} label problems (run npm run eval:labels):\n  ${real.problems.slice(0, 10).join('\n  ')}`);
    process.exit(2);
  }
  cases.push(...real.cases);
  labelledUrls = new Set(real.cases.filter((c) => c.source === 'ruwa').map((c) => c.id.split(' ')[1]!));
} else console.log('real text: skipped (../shared/benchmarks is absent)\n');

const reports = evaluateCases(cases, ref);
const get = (k: string) => reports.get(k);
const rows: [string, Report | undefined][] = [
  ['own (dev only)', get('own/dev')],
  ['RUWA dev', get('ruwa/dev')],
  ['RUWA test', get('ruwa/test')],
  ['articles dev', get('articles/dev')],
  ['articles test', get('articles/test')],
];
const realDev = combine([get('ruwa/dev'), get('articles/dev')].filter((r): r is Report => !!r));
const realTest = combine([get('ruwa/test'), get('articles/test')].filter((r): r is Report => !!r));

console.log(SUMMARY_HEADER);
for (const [name, r] of rows) if (r && !(devOnly && name.includes('test'))) console.log(summaryRow(name, r));
console.log(summaryRow('**real dev (RUWA + articles)**', realDev));
if (!devOnly) console.log(summaryRow('**real test (RUWA + articles)**', realTest));

// In-domain precision: rows about topics the pack does not hold.
let inDomain = { rows: 0, sentences: 0, matched: [] as string[] };
if (sharedPresent()) {
  const neg = inDomainNegatives(labelledUrls);
  const r = evaluateCases(neg, ref, { details: () => true });
  const all = combine([...r.values()]);
  inDomain = {
    rows: neg.length,
    sentences: all.targets,
    matched: all.errors.filter((e) => e.kind === 'false-match' || e.kind === 'false-mark').map((e) => `${e.got}: "${e.text}" (${e.id})`),
  };
  console.log(
    `\nin-domain false matches (RUWA topic "${IN_DOMAIN_FILTERS.event}" outside ${IN_DOMAIN_FILTERS.outside.from} … ${IN_DOMAIN_FILTERS.outside.to}, naming none of the pack's subjects): ` +
      `${inDomain.matched.length} of ${inDomain.rows} rows (${((inDomain.matched.length / Math.max(1, inDomain.rows)) * 100).toFixed(2)} %)`,
  );
  for (const m of inDomain.matched) console.log(`  - ${m}`);
}

console.log('\nreliability of the match probability (dev: own + real)');
console.log(formatReliability([...(get('own/dev')?.calibration ?? []), ...realDev.calibration]));
if (!devOnly) {
  console.log('\nreliability (test, real)');
  console.log(formatReliability(realTest.calibration));
}

for (const [name, r] of rows) {
  if (!r || name.includes('test')) continue;
  console.log(`\n## ${name}`);
  if (showErrors) console.log(formatDetail(r));
  else {
    const kinds = new Map<string, number>();
    for (const e of r.errors) kinds.set(e.kind, (kinds.get(e.kind) ?? 0) + 1);
    console.log(`errors: ${[...kinds].map(([k, n]) => `${n} ${k}`).join(', ') || 'none'} (npm run eval -- --errors lists them)`);
  }
}

const seed = checkSeed(ref);
console.log('');
if (!seed.present) console.log('seed article: skipped (../shared/seed is absent)');
else {
  console.log(`seed article: ${seed.right} of ${seed.total} check-worthy claims right, ${seed.missed.length} left unmatched, ${seed.wrong.length} wrong`);
  for (const w of [...seed.wrong, ...seed.missed]) console.log(`  - ${w}`);
}

const own = get('own/dev')!;
const ownLook = own.falseMatchesOnNegatives;
const checks: [string, boolean, string][] = [
  [`own: precision ≥ ${TARGETS.precision}`, own.precision >= TARGETS.precision, own.precision.toFixed(3)],
  [`own: recall ≥ ${TARGETS.recall}`, own.recall >= TARGETS.recall, own.recall.toFixed(3)],
  ['own: no false match on a look-alike', ownLook === 0, String(ownLook)],
  ['seed: every check-worthy claim right', !seed.present || (seed.wrong.length === 0 && seed.missed.length === 0), seed.present ? `${seed.right}/${seed.total} (${seed.missed.length} unmatched, ${seed.wrong.length} wrong)` : 'skipped'],
];
if (sharedPresent()) {
  const rate = inDomain.matched.length / Math.max(1, inDomain.rows);
  checks.push(
    [`real dev: precision ≥ ${TARGETS.real.precision}`, realDev.precision >= TARGETS.real.precision, realDev.precision.toFixed(3)],
    [`real dev: recall ≥ ${TARGETS.real.recall}`, realDev.recall >= TARGETS.real.recall, realDev.recall.toFixed(3)],
    [`real dev: status accuracy ≥ ${TARGETS.real.status}`, realDev.statusAccuracy >= TARGETS.real.status, realDev.statusAccuracy.toFixed(3)],
    [`in-domain false-match rate ≤ ${TARGETS.real.inDomain * 100} %`, rate <= TARGETS.real.inDomain, `${(rate * 100).toFixed(2)} %`],
  );
}
console.log('\n| target | result | |\n|---|---|---|');
for (const [name, ok, value] of checks) console.log(`| ${name} | ${value} | ${ok ? 'met' : 'MISSED'} |`);
process.exitCode = checks.every((c) => c[1]) ? 0 : 1;
