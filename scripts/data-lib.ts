/** File-system side of the data pipeline: reads data/, returns the merged sources and the generated series. */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { z } from 'zod';
import { generateGsSeries, type GsEquipmentRow, type GsPersonnelRow, type OryxRow } from '../lib/pack/series';
import { mergeSources, parseClaimsFile, parseOriginsFile, parseWith, DataError, type SourceSet } from '../lib/pack/sources';
import { OutletsFile, Report, type Claim, type Group, type Origin, type Outlet } from '../lib/pack/schema';

export const ROOT = join(import.meta.dirname, '..');
export const DATA = join(ROOT, 'data');
export const BUILD = join(DATA, 'build');
export const SERIES_FROM = '2022-02-25';
export const SERIES_TO = '2022-08-31';

function yamlFiles(dir: string): string[] {
  return readdirSync(join(DATA, dir))
    .filter((f) => f.endsWith('.yaml'))
    .sort();
}

const ExtraReports = z.strictObject({
  reports: z.array(z.strictObject({ gsReport: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), report: Report })),
});

export interface Sources {
  groups: Group[];
  origins: Origin[];
  outlets: Outlet[];
  handClaims: Claim[];
  seriesClaims: Claim[];
  files: string[];
}

/** Reads and validates everything; throws DataError naming the file and path of the first problem. */
export function readSources(): Sources {
  const set: SourceSet = { origins: [], claims: [] };
  const files: string[] = [];
  for (const name of yamlFiles('origins')) {
    const file = `data/origins/${name}`;
    files.push(file);
    set.origins.push({ file, data: parseOriginsFile(readFileSync(join(DATA, 'origins', name), 'utf8'), file) });
  }
  for (const name of yamlFiles('claims')) {
    const file = `data/claims/${name}`;
    files.push(file);
    set.claims.push({ file, data: parseClaimsFile(readFileSync(join(DATA, 'claims', name), 'utf8'), file) });
  }
  const merged = mergeSources(set);

  const personnel = JSON.parse(readFileSync(join(DATA, 'series', 'russia_losses_personnel.json'), 'utf8')) as GsPersonnelRow[];
  const equipment = JSON.parse(readFileSync(join(DATA, 'series', 'russia_losses_equipment.json'), 'utf8')) as GsEquipmentRow[];
  const oryxCsv = readFileSync(join(DATA, 'series', 'oryx_daily_counts.csv'), 'utf8');
  const rows = parseCsv(oryxCsv, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  const oryx: OryxRow[] = rows.map((r) => ({
    country: r.country!,
    equipment_type: r.equipment_type!.trim(),
    type_total: Number(r.type_total),
    date_recorded: r.date_recorded!,
  }));
  const extra = new Map<string, z.infer<typeof Report>[]>();
  const extraFile = join(DATA, 'series', 'ua-gs-reports.yaml');
  if (existsSync(extraFile)) {
    const file = 'data/series/ua-gs-reports.yaml';
    files.push(file);
    const parsed = parseWith(ExtraReports, readFileSync(extraFile, 'utf8'), file);
    for (const r of parsed.reports) extra.set(r.gsReport, [...(extra.get(r.gsReport) ?? []), r.report]);
  }
  const outlets: Outlet[] = [];
  const outletsFile = join(DATA, 'outlets.yaml');
  if (existsSync(outletsFile)) {
    const file = 'data/outlets.yaml';
    files.push(file);
    const parsed = parseWith(OutletsFile, readFileSync(outletsFile, 'utf8'), file);
    const seen = new Set<string>();
    parsed.outlets.forEach((o, i) => {
      if (seen.has(o.name)) throw new DataError(file, `outlets[${i}].name`, `duplicate outlet "${o.name}"`);
      seen.add(o.name);
    });
    outlets.push(...parsed.outlets);
  }
  const seriesClaims = generateGsSeries({ personnel, equipment, oryx, from: SERIES_FROM, to: SERIES_TO, extraReports: extra });
  const ids = new Set(merged.claims.map((c) => c.id));
  for (const c of seriesClaims) if (ids.has(c.id)) throw new DataError('data/series', c.id, `generated claim id "${c.id}" clashes with a hand-written one`);
  return { groups: merged.groups, origins: merged.origins, outlets, handClaims: merged.claims, seriesClaims, files };
}

export const LICENCES = [
  'Claim texts and statement summaries: written by the Crosscheck authors; each statement links the published reports it rests on.',
  'General Staff daily loss figures: 2022-Ukraine-Russia-War-Dataset, MIT License, Copyright (c) 2022 Petro Ivaniuk (see data/series/LICENSES.md).',
  'Visually confirmed equipment losses: Oryx (oryxspioenkop.com), daily counts compiled by scrape_oryx, MIT License, Copyright (c) 2022 D. Scarnecchia authors (see data/series/LICENSES.md).',
];
