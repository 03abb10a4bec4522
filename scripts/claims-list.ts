/**
 * `npx tsx scripts/claims-list.ts [filter]`: the hand-curated claims of the built pack with their verdict status,
 * text, entities and figures, for labelling evaluation items by reading the claims (never by running the matcher).
 * The filter keeps claims whose id, event or file-level topic contains it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { directory, verdict } from '../lib/engine/13-verdict';
import type { Pack } from '../lib/pack/schema';

const pack = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'data', 'build', 'pack.json'), 'utf8')) as Pack;
const dir = directory(pack.origins, pack.groups, pack.outlets);
const filter = process.argv[2] ?? '';
for (const c of pack.claims) {
  if (c.series) continue;
  if (filter && !c.id.includes(filter) && !(c.event ?? '').includes(filter)) continue;
  const v = verdict(c, dir);
  const figs = c.statements.flatMap((s) => (s.figures ?? []).map((f) => `${f.what}=${f.value}${f.qualifier !== 'exact' ? ` (${f.qualifier})` : ''} [${s.origin}, ${f.asOf ?? s.date}]`));
  console.log(`${c.id}  [${v.status}]${c.event ? `  event=${c.event}` : ''}  ${c.when.from}${c.when.to ? `..${c.when.to}` : ''}`);
  console.log(`  ${c.text}`);
  console.log(`  entities: ${c.entities.join(', ')}`);
  for (const s of c.statements) console.log(`  - ${s.stance} ${s.origin} ${s.date}: ${s.summary.replace(/\s+/g, ' ').slice(0, 160)}`);
  if (figs.length) console.log(`  figures: ${figs.join('; ')}`);
}
