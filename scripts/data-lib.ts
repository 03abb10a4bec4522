/** File-system side of the data pipeline: reads data/, returns the merged sources and the generated series. */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { z } from 'zod';
import { generateGsSeries, type GsEquipmentRow, type GsPersonnelRow, type OryxRow } from '../lib/pack/series';
import { mergeSources, parseClaimsFile, parseOriginsFile, parseWith, DataError, type SourceSet } from '../lib/pack/sources';
import { OutletsFile, Report, type Claim, type Event, type Group, type Origin, type Outlet } from '../lib/pack/schema';

export const ROOT = join(import.meta.dirname, '..');
export const DATA = join(ROOT, 'data');
export const BUILD = join(DATA, 'build');
export const SERIES_FROM = '2022-02-25';
/** The last General Staff report of the data set (its snapshot of 2026-08-08). */
export const SERIES_TO = '2026-08-08';

function yamlFiles(dir: string): string[] {
  if (!existsSync(join(DATA, dir))) return [];
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
  events: Event[];
  handClaims: Claim[];
  seriesClaims: Claim[];
  files: string[];
}

/** Oryx's daily counts as bundled (data/series/oryx_daily_counts.csv; see data/series/LICENSES.md). */
export function readOryxRows(): OryxRow[] {
  const oryxCsv = readFileSync(join(DATA, 'series', 'oryx_daily_counts.csv'), 'utf8');
  const rows = parseCsv(oryxCsv, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  return rows.map((r) => ({
    country: r.country!,
    equipment_type: r.equipment_type!.trim(),
    type_total: Number(r.type_total),
    date_recorded: r.date_recorded!,
  }));
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
  for (const dir of ['claims', 'claims/events']) {
    for (const name of yamlFiles(dir)) {
      const file = `data/${dir}/${name}`;
      files.push(file);
      const data = parseClaimsFile(readFileSync(join(DATA, dir, name), 'utf8'), file);
      if ((dir === 'claims/events') !== !!data.event)
        throw new DataError(file, 'event', dir === 'claims/events' ? 'a file under data/claims/events/ needs an "event" header' : 'only files under data/claims/events/ describe an event');
      set.claims.push({ file, data });
    }
  }
  const merged = mergeSources(set);

  const personnel = JSON.parse(readFileSync(join(DATA, 'series', 'russia_losses_personnel.json'), 'utf8')) as GsPersonnelRow[];
  const equipment = JSON.parse(readFileSync(join(DATA, 'series', 'russia_losses_equipment.json'), 'utf8')) as GsEquipmentRow[];
  const oryx = readOryxRows();
  const extra = new Map<string, z.infer<typeof Report>[]>();
  const extraFile = join(DATA, 'series', 'ua-gs-reports.yaml');
  if (existsSync(extraFile)) {
    const file = 'data/series/ua-gs-reports.yaml';
    files.push(file);
    const parsed = parseWith(ExtraReports, readFileSync(extraFile, 'utf8'), file);
    for (const r of parsed.reports) extra.set(r.gsReport, [...(extra.get(r.gsReport) ?? []), r.report]);
  }
  // Outlet labels: data/outlets.yaml and one file per topic under data/outlets/ (curators of different events work
  // in different files). A name may be labelled twice only with the same label.
  const outlets: Outlet[] = [];
  const seen = new Map<string, Outlet>();
  const outletFiles = [
    ...(existsSync(join(DATA, 'outlets.yaml')) ? ['outlets.yaml'] : []),
    ...yamlFiles('outlets').map((n) => `outlets/${n}`),
  ];
  for (const name of outletFiles) {
    const file = `data/${name}`;
    files.push(file);
    const parsed = parseWith(OutletsFile, readFileSync(join(DATA, name), 'utf8'), file);
    parsed.outlets.forEach((o, i) => {
      const prev = seen.get(o.name);
      if (prev && JSON.stringify(prev) === JSON.stringify(o)) return;
      if (prev) throw new DataError(file, `outlets[${i}].name`, `outlet "${o.name}" is labelled differently elsewhere`);
      seen.set(o.name, o);
      outlets.push(o);
    });
  }
  const seriesClaims = generateGsSeries({ personnel, equipment, oryx, from: SERIES_FROM, to: SERIES_TO, extraReports: extra });
  const ids = new Set(merged.claims.map((c) => c.id));
  for (const c of seriesClaims) if (ids.has(c.id)) throw new DataError('data/series', c.id, `generated claim id "${c.id}" clashes with a hand-written one`);
  return { groups: merged.groups, origins: merged.origins, outlets, events: merged.events, handClaims: merged.claims, seriesClaims, files };
}

export const LICENCES = [
  'Claim texts and statement summaries: written by the Crosscheck authors; each statement links the published reports it rests on.',
  'General Staff daily loss figures: 2022-Ukraine-Russia-War-Dataset, MIT License, Copyright (c) 2022 Petro Ivaniuk (see data/series/LICENSES.md).',
  'Visually confirmed equipment losses: Oryx (oryxspioenkop.com), daily counts from oryx_data by D. Scarnecchia (https://github.com/scarnecchia/oryx_data), CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/), Russia rows only (see data/series/LICENSES.md).',
];
