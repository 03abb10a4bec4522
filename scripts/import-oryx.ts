/**
 * One-off import of Oryx's daily counts into data/series/oryx_daily_counts.csv, from `daily_count.csv` of
 * https://github.com/scarnecchia/oryx_data (CC BY 4.0) at the snapshot named in data/series/LICENSES.md:
 *
 *   git --git-dir=<oryx_data>/.git show fcc49e5ecb1a7e16ff58903c55653938f84843c2:daily_count.csv > /tmp/daily_count.csv
 *   npx tsx scripts/import-oryx.ts /tmp/daily_count.csv
 *
 * Keeps the header and the Russia rows recorded from 2022-02-24 on, each copied field for field (values unchanged,
 * whitespace of `equipment_type` trimmed). Left out: Ukraine's rows and the scraper's all-zero starting rows of
 * 2022-02-23 (the day before the invasion: not a count Oryx published). Kept as they are, though no category of ours
 * reads them: the two lines of Oryx's page heading that the scraper records as rows from 2024-08-31 on ("Losses
 * excluding Recon Drones and Trucks - …", "Losses of Armoured Combat Vehicles […] - …").
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';

const FROM = '2022-02-24';
const src = process.argv[2];
if (!src) {
  console.error('usage: tsx scripts/import-oryx.ts <daily_count.csv>');
  process.exit(2);
}
const rows = parseCsv(readFileSync(src, 'utf8'), { skip_empty_lines: true }) as string[][];
const header = rows[0]!;
const col = (name: string) => {
  const i = header.indexOf(name);
  if (i < 0) throw new Error(`${src}: no column "${name}"`);
  return i;
};
const [country, type, date] = [col('country'), col('equipment_type'), col('date_recorded')];
const field = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const kept = rows
  .slice(1)
  .filter((r) => r[country] === 'Russia' && r[date]! >= FROM)
  .map((r) => r.map((v, i) => (i === type ? v.trim() : v)));
const out = join(import.meta.dirname, '..', 'data', 'series', 'oryx_daily_counts.csv');
writeFileSync(out, [header, ...kept].map((r) => r.map(field).join(',')).join('\n') + '\n');
const dates = kept.map((r) => r[date]!).sort();
console.log(`import-oryx: ${kept.length} Russia rows, ${new Set(dates).size} dates, ${dates[0]} … ${dates.at(-1)} → ${out}`);
