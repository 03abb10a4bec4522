/**
 * Generated series: one dated claim per Ukrainian General Staff loss report (from the ua-gs-losses data set, MIT,
 * Copyright (c) 2022 Petro Ivaniuk), with Oryx's visually confirmed counts for the same day attached as independent
 * context (credit: Oryx, oryxspioenkop.com; compiled by the scrape_oryx project, MIT).
 */
import type { Claim, Quantity, Report, Statement } from './schema';

export interface GsPersonnelRow {
  date: string;
  day: number;
  personnel: number;
  'personnel*'?: string;
}
export type GsEquipmentRow = { date: string; day: number } & Record<string, number | string | undefined>;
export interface OryxRow {
  country: string;
  equipment_type: string;
  type_total: number;
  date_recorded: string;
}

/** General Staff categories: data-set field(s), our `what` key, and the wording news reports use. */
const GS_CATEGORIES: { fields: string[]; what: string; label: string }[] = [
  { fields: ['tank'], what: 'tanks', label: 'tanks' },
  { fields: ['APC'], what: 'armoured-vehicles', label: 'armoured fighting vehicles' },
  { fields: ['field artillery'], what: 'artillery', label: 'artillery systems' },
  { fields: ['MRL'], what: 'mlrs', label: 'multiple launch rocket systems' },
  { fields: ['anti-aircraft warfare'], what: 'air-defence', label: 'air defence systems' },
  { fields: ['aircraft'], what: 'aircraft', label: 'warplanes' },
  { fields: ['helicopter'], what: 'helicopters', label: 'helicopters' },
  { fields: ['drone'], what: 'uavs', label: 'UAVs' },
  { fields: ['cruise missiles'], what: 'cruise-missiles', label: 'cruise missiles' },
  { fields: ['naval ship'], what: 'ships', label: 'warships and boats' },
  // Before 2022-05-01 the reports counted vehicles and fuel tanks separately.
  { fields: ['vehicles and fuel tanks', 'military auto', 'fuel tank'], what: 'vehicles-fuel-tanks', label: 'vehicles and fuel tanks' },
  { fields: ['special equipment'], what: 'special-equipment', label: 'pieces of special equipment' },
];

/** Oryx categories summed to compare with each General Staff category (Oryx splits and names them differently). */
const ORYX_CATEGORIES: Record<string, string[]> = {
  tanks: ['Tanks'],
  'armoured-vehicles': [
    'Armoured Fighting Vehicles',
    'Infantry Fighting Vehicles',
    'Armoured Personnel Carriers',
    'Mine-Resistant Ambush Protected',
    'Infantry Mobility Vehicles',
  ],
  artillery: ['Self-Propelled Artillery', 'Towed Artillery', 'Heavy Mortars'],
  mlrs: ['Multiple Rocket Launchers'],
  'air-defence': ['Surface-To-Air Missile Systems'],
  aircraft: ['Aircraft'],
  helicopters: ['Helicopters'],
  uavs: ['Unmanned Aerial Vehicles'],
  ships: ['Naval Ships'],
  'vehicles-fuel-tanks': ['Trucks, Vehicles and Jeeps'],
};

const DATASET_URL = 'https://github.com/PetroIvaniuk/2022-Ukraine-Russia-War-Dataset';
const ORYX_URL = 'https://github.com/scarnecchia/scrape_oryx';

const fmt = (n: number) => n.toLocaleString('en-US');
function longDate(iso: string): string {
  return new Date(`${iso}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

/** Latest Oryx total per our category as of a date (rows exist only on days a total changed). */
export function oryxAsOf(rows: readonly OryxRow[], date: string): Map<string, { value: number; recorded: string }> {
  const latest = new Map<string, OryxRow>();
  for (const r of rows) {
    if (r.country !== 'Russia' || r.date_recorded > date) continue;
    const prev = latest.get(r.equipment_type);
    if (!prev || r.date_recorded >= prev.date_recorded) latest.set(r.equipment_type, r);
  }
  const out = new Map<string, { value: number; recorded: string }>();
  for (const [what, types] of Object.entries(ORYX_CATEGORIES)) {
    const found = types.map((t) => latest.get(t)).filter((r): r is OryxRow => !!r);
    if (found.length !== types.length) continue;
    out.set(what, {
      value: found.reduce((n, r) => n + r.type_total, 0),
      recorded: found.map((r) => r.date_recorded).sort().at(-1)!,
    });
  }
  return out;
}

export interface SeriesInput {
  personnel: readonly GsPersonnelRow[];
  equipment: readonly GsEquipmentRow[];
  oryx: readonly OryxRow[];
  from: string;
  to: string;
  /** Real news reports of particular General Staff reports, by report date. */
  extraReports?: ReadonlyMap<string, Report[]>;
}

export function generateGsSeries(input: SeriesInput): Claim[] {
  const equipment = new Map(input.equipment.map((r) => [r.date, r]));
  const claims: Claim[] = [];
  for (const p of input.personnel) {
    if (p.date < input.from || p.date > input.to) continue;
    const e = equipment.get(p.date);
    if (!e) continue;
    const figures: Quantity[] = [{ what: 'personnel', value: p.personnel, qualifier: p['personnel*'] === 'about' ? 'about' : 'exact', asOf: p.date }];
    const listed: string[] = [];
    for (const c of GS_CATEGORIES) {
      const vals = c.fields.map((f) => e[f]).filter((v): v is number => typeof v === 'number');
      if (!vals.length) continue;
      const value = vals.reduce((a, b) => a + b, 0);
      figures.push({ what: c.what, value, qualifier: 'exact', asOf: p.date });
      listed.push(`${fmt(value)} ${c.label}`);
    }
    const when = longDate(p.date);
    const reports: Report[] = [
      { outlet: '2022-Ukraine-Russia-War-Dataset (daily General Staff figures, compiled by Petro Ivaniuk)', url: DATASET_URL, date: p.date },
      ...(input.extraReports?.get(p.date) ?? []),
    ];
    const statements: Statement[] = [
      {
        origin: 'ua-general-staff',
        stance: 'asserts',
        date: p.date,
        summary: `Morning report of ${when} (day ${p.day} of the invasion): about ${fmt(p.personnel)} Russian personnel killed since 24 February, and ${listed.join(', ')}.`,
        figures,
        reports,
      },
    ];
    const oryx = oryxAsOf(input.oryx, p.date);
    if (oryx.size) {
      const recorded = [...oryx.values()].map((v) => v.recorded).sort().at(-1)!;
      statements.push({
        origin: 'oryx',
        stance: 'context',
        date: recorded,
        summary:
          `Oryx's count of Russian equipment losses documented by photos or videos, as of ${longDate(recorded)}: ` +
          [...oryx].map(([what, v]) => `${fmt(v.value)} ${GS_CATEGORIES.find((c) => c.what === what)!.label}`).join(', ') +
          '. A lower bound by method, not a contradiction of the General Staff figures; the categories differ.',
        figures: [...oryx].map(([what, v]) => ({ what: `oryx-${what}`, value: v.value, qualifier: 'at-least' as const, asOf: v.recorded })),
        reports: [{ outlet: 'Oryx (oryxspioenkop.com), via the scrape_oryx daily counts', url: ORYX_URL, date: recorded }],
      });
    }
    const tanks = figures.find((f) => f.what === 'tanks');
    claims.push({
      id: `ua-gs-losses-${p.date}`,
      text: `Ukraine's General Staff said on ${when} that Russia had lost about ${fmt(p.personnel)} soldiers and ${fmt(tanks?.value ?? 0)} tanks since the invasion began.`,
      aliases: [
        `Ukrainian forces have killed about ${fmt(p.personnel)} Russian soldiers since the invasion began on February 24, the General Staff said`,
        `Ukrainian defenders destroyed ${listed.join(', ')}`,
      ],
      entities: ['General Staff', 'Russian', 'Russia', 'invaders', 'occupiers', 'Ukrainian'],
      when: { from: p.date },
      series: 'ua-gs-losses',
      statements,
    });
  }
  return claims;
}
