/**
 * `npm run eval:labels`: checks the labels of the evaluation sets without running the engine — every claim id exists
 * in the built pack, every RUWA row and article sentence is found in ../shared/benchmarks, no item is labelled twice —
 * and prints how many items each source and split holds. Exit 1 on any problem.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { parse } from 'yaml';
import { DEVSET_DIR, loadDevset } from '../test/eval/load';
import { loadReal, sharedPresent } from '../test/eval/real';

const pack = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'data', 'build', 'pack.json'), 'utf8')) as { claims: { id: string; event?: string }[]; events?: { id: string }[] };
const ids = new Set(pack.claims.map((c) => c.id));
let problems: string[] = [];
const dev = loadDevset();
for (const i of dev) {
  if (i.claim && !ids.has(i.claim)) problems.push(`devset ${i.id}: unknown claim id ${i.claim}`);
  for (const a of i.also ?? []) if (!ids.has(a)) problems.push(`devset ${i.id}: unknown claim id ${a} in also`);
}
console.log(`own dev set: ${dev.length} items (${dev.filter((i) => i.claim).length} positives, ${dev.filter((i) => !i.claim).length} look-alikes)`);
if (!sharedPresent()) console.log('real text: skipped (../shared/benchmarks is absent)');
else {
  const real = loadReal(ids);
  problems = problems.concat(real.problems);
  const count = (xs: { split: string; claim: string | null }[], split: string) => {
    const s = xs.filter((x) => x.split === split);
    return `${s.length} (${s.filter((x) => x.claim).length} with a claim)`;
  };
  const sentences = real.articles.flatMap((a) => a.sentences.map((s) => ({ ...s, split: a.split })));
  console.log(`RUWA rows:          dev ${count(real.ruwa, 'dev')}, test ${count(real.ruwa, 'test')}`);
  console.log(`article sentences:  dev ${count(sentences, 'dev')}, test ${count(sentences, 'test')} in ${real.articles.length} articles`);
  const all = [...real.ruwa, ...sentences];
  console.log(`test share of real items: ${((all.filter((x) => x.split === 'test').length / Math.max(1, all.length)) * 100).toFixed(1)} %`);
}
// Issue 10: every claim of a contested event has at least three labelled items (ours or real), every event a look-alike.
{
  const items = new Map<string, number>();
  const add = (id: string | null | undefined) => id && items.set(id, (items.get(id) ?? 0) + 1);
  for (const i of dev) add(i.claim);
  if (sharedPresent()) {
    const real = loadReal(ids);
    for (const l of real.ruwa) add(l.claim);
    for (const a of real.articles) for (const s of a.sentences) add(s.claim);
  }
  const eventClaims = pack.claims.filter((c) => c.event);
  for (const c of eventClaims) if ((items.get(c.id) ?? 0) < 3) problems.push(`${c.id} (event ${c.event}): ${items.get(c.id) ?? 0} labelled items, at least 3 wanted`);
  for (const e of pack.events ?? []) {
    const file = join(DEVSET_DIR, `${e.id}.yaml`);
    const own = existsSync(file) ? (parse(readFileSync(file, 'utf8')) as { claim: string | null }[]) : [];
    if (!own.some((i) => i.claim === null)) problems.push(`event ${e.id}: no look-alike in test/eval/devset/${e.id}.yaml`);
  }
  console.log(`contested events: ${(pack.events ?? []).length} events, ${eventClaims.length} claims, each with ≥ 3 labelled items and a look-alike unless listed below`);
}
for (const p of problems) console.log(`  ✖ ${p}`);
console.log(problems.length ? `${problems.length} problems` : 'labels: no problems');
process.exit(problems.length ? 1 : 0);
