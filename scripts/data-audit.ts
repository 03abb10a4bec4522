/** `npm run data:audit`: counts, provenance problems and coverage targets of the built pack. Exit 1 on any problem. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { audit } from '../lib/pack/audit';
import { Pack } from '../lib/pack/schema';
import { BUILD } from './data-lib';

const file = join(BUILD, 'pack.json');
if (!existsSync(file)) {
  console.error('data:audit: data/build/pack.json is missing: run npm run data:build first');
  process.exit(2);
}
const parsed = Pack.safeParse(JSON.parse(readFileSync(file, 'utf8')));
if (!parsed.success) {
  const i = parsed.error.issues[0]!;
  console.error(`data:audit: data/build/pack.json at ${i.path.join('.')}: ${i.message}`);
  process.exit(1);
}
const pack = parsed.data;
const r = audit(pack);
const line = (label: string, c: typeof r.hand) =>
  `${label.padEnd(14)} ${String(c.claims).padStart(5)} claims ${String(c.statements).padStart(5)} statements ` +
  `${String(c.reports).padStart(5)} reports (${c.urls} URLs) ${String(c.outlets).padStart(4)} outlets ` +
  `${String(c.origins).padStart(3)} origins ${String(c.groups).padStart(3)} groups · ` +
  `${c.byStatus.corroborated} corroborated, ${c.byStatus.disputed} disputed, ${c.byStatus['single-sourced']} single-sourced`;

console.log(`Reference pack ${pack.id} ${pack.version}`);
console.log(line('hand-curated', r.hand));
console.log(line('with series', r.all));
console.log(`party groups: ${r.sides.party.join(', ')}`);
console.log(`independent groups: ${r.sides.independent.join(', ')}`);
console.log(
  `outlets by side: ${Object.entries(r.outletsBySide)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${v} ${k}`)
    .join(', ')}`,
);
console.log('\nTargets');
for (const t of r.targets) console.log(`  ${t.ok ? 'ok  ' : 'FAIL'} ${t.name}: ${t.got} (want ≥ ${t.want})`);
let bad = r.targets.some((t) => !t.ok);
console.log('\nProvenance');
for (const p of r.problems) {
  console.log(`  ${p.items.length ? 'FAIL' : 'ok  '} ${p.kind}: ${p.items.length}`);
  for (const item of p.items) console.log(`       - ${item}`);
  if (p.items.length) bad = true;
}
process.exit(bad ? 1 : 0);
