/**
 * One-off import of the third-party series we bundle, from ../shared/data, cut to the pack's period
 * (2022-02-25 … 2022-08-31). Keeps the licence notices beside the data. Re-run only to refresh the copy.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const FROM = '2022-02-24';
const TO = '2022-08-31';
const shared = join(import.meta.dirname, '..', '..', 'shared', 'data');
const out = join(import.meta.dirname, '..', 'data', 'series');

const inRange = (d: string) => d >= FROM && d <= TO;
for (const f of ['russia_losses_personnel.json', 'russia_losses_equipment.json']) {
  const rows = JSON.parse(readFileSync(join(shared, 'ua-gs-losses', f), 'utf8')) as { date: string }[];
  writeFileSync(join(out, f), JSON.stringify(rows.filter((r) => inRange(r.date)), null, 1) + '\n');
}
// Oryx's daily counts are no longer taken from ../shared/data/oryx-losses (scrape_oryx, to 2022-08-31): see
// scripts/import-oryx.ts (oryx_data, to 2024-10-06).
console.log('imported series into data/series/');
