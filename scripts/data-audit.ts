/** `npm run data:audit`: counts, provenance problems and coverage targets of the built pack. Exit 1 on any problem. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { audit, type AuditInputs } from '../lib/audit';
import { Pack } from '../lib/pack/schema';
import { articleSplits } from '../test/eval/split';
import { BUILD, DATA, ROOT } from './data-lib';

/** What the audit checks summaries and citations against: texts we hold, and the articles under test. */
function inputs(): AuditInputs & { skipped: string[] } {
  const skipped: string[] = [];
  const stored: { name: string; text: string }[] = [];
  const testUrls: { url: string; what: string }[] = [];
  const testHeadlines: { headline: string; what: string }[] = [];
  const shared = join(ROOT, '..', 'shared');
  const seed = join(shared, 'seed', 'war-report-2022-07.txt');
  if (existsSync(seed)) {
    const text = readFileSync(seed, 'utf8');
    stored.push({ name: 'the seed article', text });
    testHeadlines.push({ headline: text.split('\n')[0]!, what: 'the seed article' });
  } else skipped.push('../shared/seed');
  for (const f of readdirSync(join(ROOT, 'examples')).filter((f) => f.endsWith('.html')))
    stored.push({ name: `examples/${f}`, text: readFileSync(join(ROOT, 'examples', f), 'utf8').replace(/<[^>]+>/g, ' ') });
  const articles = join(shared, 'benchmarks', 'articles');
  if (existsSync(join(articles, 'index.json'))) {
    const index = JSON.parse(readFileSync(join(articles, 'index.json'), 'utf8')) as { file: string; url: string; set: string; topics: string[] }[];
    const splits = articleSplits(index);
    for (const a of index) {
      stored.push({ name: `benchmark article ${a.file}`, text: readFileSync(join(articles, a.file), 'utf8') });
      if (splits.get(a.file) === 'test') testUrls.push({ url: a.url, what: `benchmark article ${a.file} (test split)` });
    }
  } else skipped.push('../shared/benchmarks/articles');
  const ruwa = join(shared, 'benchmarks', 'ruwa', 'ruwa-2022-02-24_2022-08-31.csv');
  if (existsSync(ruwa)) stored.push({ name: 'a RUWA row', text: readFileSync(ruwa, 'utf8').replace(/,https?:\/\/\S+/g, '\n') });
  else skipped.push('../shared/benchmarks/ruwa');
  const personnel = JSON.parse(readFileSync(join(DATA, 'series', 'russia_losses_personnel.json'), 'utf8')) as { date: string; personnel: number }[];
  return { stored, testUrls, testHeadlines, gsPersonnel: new Map(personnel.map((r) => [r.date, r.personnel])), skipped };
}

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
const extra = inputs();
const r = audit(pack, extra);
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
console.log('\nContested events');
console.log('| event | claims | statements | Russian origins | Ukrainian origins | independent origins | dates |');
console.log('|---|---|---|---|---|---|---|');
for (const e of r.events)
  console.log(
    `| ${e.id} | ${e.claims} | ${e.statements} | ${e.russian.length} (${e.russian.join(', ')}) | ${e.ukrainian.length} (${e.ukrainian.join(', ')}) | ` +
      `${e.independent.length} (${e.independent.join(', ')}) | ${e.from} … ${e.to} |`,
  );
const tot = r.events.reduce((a, e) => ({ c: a.c + e.claims, s: a.s + e.statements }), { c: 0, s: 0 });
console.log(`| all ${r.events.length} events | ${tot.c} | ${tot.s} | | | | |`);
if (extra.skipped.length) console.log(`\n(copy and citation checks skipped for what is absent: ${extra.skipped.join(', ')})`);
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
