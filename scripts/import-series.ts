/**
 * One-off import of the General Staff series we bundle, from ../shared/data/ua-gs-losses: every report
 * (2022-02-25 … 2026-08-08 in the snapshot there), copied unchanged. Keeps the licence notices beside the data
 * (data/series/LICENSES.md). Re-run only to refresh the copy; `npm run data:build` reads data/series/.
 */
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';

const shared = join(import.meta.dirname, '..', '..', 'shared', 'data');
const out = join(import.meta.dirname, '..', 'data', 'series');

for (const f of ['russia_losses_personnel.json', 'russia_losses_equipment.json']) copyFileSync(join(shared, 'ua-gs-losses', f), join(out, f));
// Oryx's daily counts are not taken from ../shared/data/oryx-losses (scrape_oryx, to 2022-08-31): see
// scripts/import-oryx.ts (oryx_data, to 2024-10-06).
console.log('imported series into data/series/');
