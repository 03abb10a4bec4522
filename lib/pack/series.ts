/**
 * Generated series: one dated claim per Ukrainian General Staff loss report (from the ua-gs-losses data set, MIT,
 * Copyright (c) 2022 Petro Ivaniuk), with Oryx's visually confirmed counts for the same day attached as independent
 * context (credit: Oryx, oryxspioenkop.com; daily counts compiled by D. Scarnecchia's oryx_data, CC BY 4.0).
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
  // Counted from 2023.
  { fields: ['submarines'], what: 'submarines', label: 'submarines' },
  { fields: ['ground robotic systems'], what: 'ground-robots', label: 'ground robotic systems' },
];

/**
 * Oryx categories summed to compare with each General Staff category (Oryx splits and names them differently). Oryx
 * changed its list over time, so a category gives each way it was divided, oldest first: `from` is the first day the
 * bundled series records the new division (data/series/oryx_daily_counts.csv; Oryx carried the counts over under the
 * new names), and a report uses the newest division in force whose parts all have a row by its date.
 */
const ORYX_CATEGORIES: Record<string, { from?: string; types: string[] }[]> = {
  tanks: [{ types: ['Tanks'] }],
  'armoured-vehicles': [
    {
      types: [
        'Armoured Fighting Vehicles',
        'Infantry Fighting Vehicles',
        'Armoured Personnel Carriers',
        'Mine-Resistant Ambush Protected',
        'Infantry Mobility Vehicles',
      ],
    },
  ],
  artillery: [
    { types: ['Self-Propelled Artillery', 'Towed Artillery', 'Heavy Mortars'] },
    // Oryx's list has no "Heavy Mortars" from 11 December 2022 (last listed on 9 December, 25; oryx_data
    // totals_by_type.csv): its last row must not be summed on for ever.
    { from: '2022-12-11', types: ['Self-Propelled Artillery', 'Towed Artillery'] },
  ],
  mlrs: [{ types: ['Multiple Rocket Launchers'] }],
  'air-defence': [{ types: ['Surface-To-Air Missile Systems'] }],
  aircraft: [{ types: ['Aircraft'] }],
  helicopters: [{ types: ['Helicopters'] }],
  uavs: [
    { types: ['Unmanned Aerial Vehicles'] },
    // Split in two (148 on 10 November 2022; 145 + 4 on 16 November).
    { from: '2022-11-16', types: ['Reconnaissance Unmanned Aerial Vehicles', 'Unmanned Combat Aerial Vehicles'] },
  ],
  ships: [{ types: ['Naval Ships'] }, { from: '2023-09-13', types: ['Naval Ships and Submarines'] }],
  'vehicles-fuel-tanks': [{ types: ['Trucks, Vehicles and Jeeps'] }, { from: '2023-06-09', types: ['Trucks, Vehicles, and Jeeps'] }],
};

const DATASET_URL = 'https://github.com/PetroIvaniuk/2022-Ukraine-Russia-War-Dataset';
const ORYX_URL = 'https://github.com/scarnecchia/oryx_data';

const fmt = (n: number) => n.toLocaleString('en-US');
/** Oryx totals older than this (days before a report) are not attached to it. */
export const ORYX_STALE_DAYS = 7;
const daysBetween = (a: string, b: string) => Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000);
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
  for (const [what, divisions] of Object.entries(ORYX_CATEGORIES)) {
    for (const { from, types } of [...divisions].reverse()) {
      if (from && from > date) continue;
      const found = types.map((t) => latest.get(t)).filter((r): r is OryxRow => !!r);
      if (found.length !== types.length) continue;
      out.set(what, {
        value: found.reduce((n, r) => n + r.type_total, 0),
        recorded: found.map((r) => r.date_recorded).sort().at(-1)!,
      });
      break;
    }
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

/**
 * One General Staff report as data: what a generated claim is made of. A compiled pack stores the series as a table
 * of these (lib/pack/compiled) and makes each claim again with `gsDayClaim` when it is read.
 */
export interface GsDay {
  date: string;
  /** Day of the full-scale invasion, as the report numbers it. */
  day: number;
  personnel: number;
  /** The categories the report gives, in GS_CATEGORIES order. */
  values: { what: string; value: number }[];
  /** Oryx's counts attached as context (recorded no more than ORYX_STALE_DAYS before the report), in ORYX_CATEGORIES order. */
  oryx?: { what: string; value: number; recorded: string }[];
  /** Real news reports of this report, after the data set's own. */
  extraReports: Report[];
}

export const GS_SERIES = 'ua-gs-losses';
/** The `what` keys of the General Staff's categories and of Oryx's, in the order a generated claim gives them. */
export const GS_WHATS = GS_CATEGORIES.map((c) => c.what);
export const ORYX_WHATS = Object.keys(ORYX_CATEGORIES);

/** The claim of one General Staff report. */
export function gsDayClaim(d: GsDay): Claim {
  const label = (what: string) => GS_CATEGORIES.find((c) => c.what === what)!.label;
  const figures: Quantity[] = [{ what: 'personnel', value: d.personnel, qualifier: 'exact', asOf: d.date }];
  const listed: string[] = [];
  for (const v of d.values) {
    figures.push({ what: v.what, value: v.value, qualifier: 'exact', asOf: d.date });
    listed.push(`${fmt(v.value)} ${label(v.what)}`);
  }
  const when = longDate(d.date);
  const reports: Report[] = [
    { outlet: '2022-Ukraine-Russia-War-Dataset (daily General Staff figures, compiled by Petro Ivaniuk)', url: DATASET_URL, date: d.date },
    ...d.extraReports,
  ];
  const statements: Statement[] = [
    {
      origin: 'ua-general-staff',
      stance: 'asserts',
      date: d.date,
      summary: `Morning report of ${when} (day ${d.day} of the full-scale invasion): about ${fmt(d.personnel)} Russian personnel put out of action ("liquidated", in the General Staff's word) since 24 February 2022, and ${listed.join(', ')}.`,
      figures,
      reports,
    },
  ];
  if (d.oryx) {
    const recorded = d.oryx.map((v) => v.recorded).sort().at(-1)!;
    statements.push({
      origin: 'oryx',
      stance: 'context',
      date: recorded,
      summary:
        `Oryx's count of Russian equipment losses documented by photos or videos, as of ${longDate(recorded)}: ` +
        d.oryx.map((v) => `${fmt(v.value)} ${label(v.what)}`).join(', ') +
        '. A lower bound by method, not a contradiction of the General Staff figures; the categories differ.',
      figures: d.oryx.map((v) => ({ what: `oryx-${v.what}`, value: v.value, qualifier: 'at-least' as const, asOf: v.recorded })),
      reports: [{ outlet: 'Oryx (oryxspioenkop.com), via the oryx_data daily counts', url: ORYX_URL, date: recorded }],
    });
  }
  const tanks = figures.find((f) => f.what === 'tanks');
  return {
    id: `${GS_SERIES}-${d.date}`,
    text: `Ukraine's General Staff said on ${when} that Russia had lost about ${fmt(d.personnel)} soldiers and ${fmt(tanks?.value ?? 0)} tanks since the invasion began.`,
    aliases: [
      `Ukrainian forces have killed about ${fmt(d.personnel)} Russian soldiers since the invasion began on February 24, the General Staff said`,
      `Ukrainian defenders destroyed ${listed.join(', ')}`,
    ],
    entities: ['General Staff', 'Russian', 'Russia', 'invaders', 'occupiers', 'Ukrainian'],
    when: { from: d.date },
    series: GS_SERIES,
    statements,
  };
}

/**
 * The report a claim was generated from, when `gsDayClaim` of it gives the very same claim (same JSON); undefined for
 * any other claim (hand-written, imported, or generated by another version of this code), which is stored as it is.
 */
export function gsDayOf(c: Claim): GsDay | undefined {
  if (c.series !== GS_SERIES || c.statements.length < 1 || c.statements.length > 2) return undefined;
  const [gs, oryx] = c.statements;
  const figs = gs!.figures ?? [];
  if (figs[0]?.what !== 'personnel') return undefined;
  const m = /\(day (\d+) of the full-scale invasion\)/.exec(gs!.summary);
  if (!m) return undefined;
  const d: GsDay = {
    date: c.when.from,
    day: Number(m[1]),
    personnel: figs[0].value,
    values: figs.slice(1).map((f) => ({ what: f.what, value: f.value })),
    ...(oryx ? { oryx: (oryx.figures ?? []).map((f) => ({ what: f.what.replace(/^oryx-/, ''), value: f.value, recorded: f.asOf ?? '' })) } : {}),
    extraReports: gs!.reports.slice(1),
  };
  try {
    return JSON.stringify(gsDayClaim(d)) === JSON.stringify(c) ? d : undefined;
  } catch {
    return undefined;
  }
}

export function generateGsSeries(input: SeriesInput): Claim[] {
  const equipment = new Map(input.equipment.map((r) => [r.date, r]));
  const claims: Claim[] = [];
  for (const p of input.personnel) {
    if (p.date < input.from || p.date > input.to) continue;
    const e = equipment.get(p.date);
    if (!e) continue;
    // The General Staff writes "about" before every personnel figure, but the figure is given to the ten and moves by
    // a few hundred a day: it is checked as stated (a page's own "about 36,000" still agrees with 35,970).
    const values: GsDay['values'] = [];
    for (const c of GS_CATEGORIES) {
      const vals = c.fields.map((f) => e[f]).filter((v): v is number => typeof v === 'number');
      if (!vals.length) continue;
      values.push({ what: c.what, value: vals.reduce((a, b) => a + b, 0) });
    }
    const oryx = oryxAsOf(input.oryx, p.date);
    const recorded = [...oryx.values()].map((v) => v.recorded).sort().at(-1);
    // Oryx's counts are context for the days they cover: a count last recorded weeks earlier (the series we bundle
    // ends on 2024-10-06, and has a few gaps of more than a week) says nothing about a later report.
    const fresh = !!recorded && daysBetween(recorded, p.date) <= ORYX_STALE_DAYS;
    claims.push(
      gsDayClaim({
        date: p.date,
        day: p.day,
        personnel: p.personnel,
        values,
        ...(fresh ? { oryx: [...oryx].map(([what, v]) => ({ what, value: v.value, recorded: v.recorded })) } : {}),
        extraReports: [...(input.extraReports?.get(p.date) ?? [])],
      }),
    );
  }
  return claims;
}
