import { describe, expect, it } from 'vitest';
import { Claim } from '../../lib/pack/schema';
import { generateGsSeries, oryxAsOf, type GsEquipmentRow, type GsPersonnelRow, type OryxRow } from '../../lib/pack/series';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATA, readOryxRows } from '../../scripts/data-lib';

const ORYX_ALL_TYPES: [string, number][] = [
  ['Tanks', 100],
  ['Armoured Fighting Vehicles', 10],
  ['Infantry Fighting Vehicles', 20],
  ['Armoured Personnel Carriers', 30],
  ['Mine-Resistant Ambush Protected', 1],
  ['Infantry Mobility Vehicles', 2],
  ['Self-Propelled Artillery', 5],
  ['Towed Artillery', 6],
  ['Heavy Mortars', 7],
  ['Multiple Rocket Launchers', 8],
  ['Surface-To-Air Missile Systems', 9],
  ['Aircraft', 11],
  ['Helicopters', 12],
  ['Unmanned Aerial Vehicles', 13],
  ['Naval Ships', 3],
  ['Trucks, Vehicles and Jeeps', 40],
];
const oryxRows = (date: string, add = 0, country = 'Russia'): OryxRow[] =>
  ORYX_ALL_TYPES.map(([equipment_type, n]) => ({ country, equipment_type, type_total: n + add, date_recorded: date }));

describe('oryxAsOf', () => {
  it.each<[string, string, Record<string, number>]>([
    ['before any row', '2022-06-30', {}],
    ['on the first day', '2022-07-01', { tanks: 100, 'armoured-vehicles': 63, artillery: 18, 'vehicles-fuel-tanks': 40 }],
    ['between updates keeps the earlier total', '2022-07-02', { tanks: 100, 'armoured-vehicles': 63 }],
    ['after the update', '2022-07-03', { tanks: 105, 'armoured-vehicles': 88, artillery: 33, mlrs: 13 }],
  ])('%s (%s)', (_name, date, expected) => {
    const rows = [...oryxRows('2022-07-01'), ...oryxRows('2022-07-03', 5), ...oryxRows('2022-07-03', 1000, 'Ukraine')];
    const got = oryxAsOf(rows, date);
    if (!Object.keys(expected).length) expect(got.size).toBe(0);
    for (const [what, value] of Object.entries(expected)) expect(got.get(what)?.value, what).toBe(value);
  });

  it('sums categories and records the latest date of the rows it used', () => {
    const rows = [
      ...oryxRows('2022-07-01'),
      // Only the tanks total changes on 07-05.
      { country: 'Russia', equipment_type: 'Tanks', type_total: 130, date_recorded: '2022-07-05' },
    ];
    const got = oryxAsOf(rows, '2022-07-10');
    expect(got.get('tanks')).toEqual({ value: 130, recorded: '2022-07-05' });
    expect(got.get('helicopters')).toEqual({ value: 12, recorded: '2022-07-01' });
    expect(got.size).toBe(10);
  });

  it('leaves out a category when one of its parts has no row yet', () => {
    const rows = oryxRows('2022-07-01').filter((r) => r.equipment_type !== 'Heavy Mortars');
    const got = oryxAsOf(rows, '2022-07-01');
    expect(got.has('artillery')).toBe(false);
    expect(got.has('tanks')).toBe(true);
  });

  it('ignores rows of other countries', () => {
    expect(oryxAsOf(oryxRows('2022-07-01', 0, 'Ukraine'), '2022-07-02').size).toBe(0);
  });

  it("follows Oryx's renamed, split and dropped categories from the day the series records the change", () => {
    const row = (equipment_type: string, type_total: number, date_recorded: string): OryxRow => ({ country: 'Russia', equipment_type, type_total, date_recorded });
    const rows = [
      ...oryxRows('2022-07-01'),
      row('Reconnaissance Unmanned Aerial Vehicles', 145, '2022-11-16'),
      row('Unmanned Combat Aerial Vehicles', 4, '2022-11-16'),
      row('Towed Artillery', 60, '2022-12-20'),
      row('Trucks, Vehicles, and Jeeps', 2564, '2023-06-09'),
      row('Naval Ships and Submarines', 16, '2023-09-13'),
    ];
    const before = oryxAsOf(rows, '2022-11-15');
    expect([before.get('uavs')?.value, before.get('artillery')?.value, before.get('vehicles-fuel-tanks')?.value, before.get('ships')?.value]).toEqual([13, 18, 40, 3]);
    const after = oryxAsOf(rows, '2023-09-13');
    expect(after.get('uavs')).toEqual({ value: 149, recorded: '2022-11-16' });
    // No "Heavy Mortars" on Oryx's list from 2022-12-11: its last count (7) is no longer added.
    expect(after.get('artillery')).toEqual({ value: 65, recorded: '2022-12-20' });
    expect(after.get('vehicles-fuel-tanks')).toEqual({ value: 2564, recorded: '2023-06-09' });
    expect(after.get('ships')).toEqual({ value: 16, recorded: '2023-09-13' });
  });
});

describe('the bundled Oryx series (data/series/oryx_daily_counts.csv, oryx_data to 2024-10-06)', () => {
  const json = <T>(f: string) => JSON.parse(readFileSync(join(DATA, 'series', f), 'utf8')) as T;
  const oryx = readOryxRows();
  const claims = generateGsSeries({
    personnel: json<GsPersonnelRow[]>('russia_losses_personnel.json'),
    equipment: json<GsEquipmentRow[]>('russia_losses_equipment.json'),
    oryx,
    from: '2024-03-20',
    to: '2024-10-14',
  });
  const context = (date: string) => claims.find((c) => c.id === `ua-gs-losses-${date}`)!.statements.find((s) => s.origin === 'oryx');

  it('holds Russia rows only, from 2022-03-19 to 2024-10-06', () => {
    const dates = oryx.map((r) => r.date_recorded).sort();
    expect([dates[0], dates.at(-1)]).toEqual(['2022-03-19', '2024-10-06']);
    expect(oryx.every((r) => r.country === 'Russia' && r.equipment_type === r.equipment_type.trim())).toBe(true);
  });

  it("attaches Oryx's counts of the day to a General Staff report of 2024, exactly as in the CSV", () => {
    const ctx = context('2024-06-15')!;
    expect(ctx).toMatchObject({ origin: 'oryx', stance: 'context', date: '2024-06-15' });
    expect(ctx.reports).toEqual([{ outlet: 'Oryx (oryxspioenkop.com), via the oryx_data daily counts', url: 'https://github.com/scarnecchia/oryx_data', date: '2024-06-15' }]);
    // Each value: the category's latest row on or before 2024-06-15 (e.g. "Russia,Tanks,2115,346,516,157,3134,2024-06-15,…";
    // armoured vehicles: AFV + IFV + APC + MRAP + IMV; UAVs: reconnaissance + combat; artillery: self-propelled + towed).
    expect(ctx.figures!.map((f) => [f.what, f.value, f.asOf])).toEqual([
      ['oryx-tanks', 3134, '2024-06-15'],
      ['oryx-armoured-vehicles', 6322, '2024-06-15'],
      ['oryx-artillery', 1139, '2024-06-15'],
      ['oryx-mlrs', 382, '2024-06-15'],
      ['oryx-air-defence', 251, '2024-06-15'],
      ['oryx-aircraft', 118, '2024-06-15'],
      ['oryx-helicopters', 137, '2024-05-02'],
      ['oryx-uavs', 393, '2024-06-15'],
      ['oryx-ships', 26, '2024-06-02'],
      ['oryx-vehicles-fuel-tanks', 3337, '2024-06-15'],
    ]);
    expect(ctx.summary).toContain('as of 15 June 2024: 3,134 tanks, 6,322 armoured fighting vehicles');
  });

  it("stops attaching Oryx's counts a week after the series' last date, and inside its gaps of more than a week", () => {
    expect(context('2024-10-13')?.date).toBe('2024-10-06');
    expect(context('2024-10-13')?.figures?.find((f) => f.what === 'oryx-tanks')?.value).toBe(3440);
    expect(context('2024-10-14')).toBeUndefined();
    // No row between 2024-03-03 and 2024-04-08.
    expect(context('2024-03-20')).toBeUndefined();
    expect(context('2024-04-08')?.date).toBe('2024-04-08');
  });
});

describe('generateGsSeries', () => {
  const personnel: GsPersonnelRow[] = [
    { date: '2022-04-30', day: 66, personnel: 23000, 'personnel*': 'about' },
    { date: '2022-07-03', day: 130, personnel: 35970, 'personnel*': 'about' },
    { date: '2022-07-04', day: 131, personnel: 36200 },
    { date: '2022-07-05', day: 132, personnel: 36350, 'personnel*': 'about' }, // no equipment row
    { date: '2022-09-01', day: 190, personnel: 50000, 'personnel*': 'about' }, // out of range
  ];
  const equipment: GsEquipmentRow[] = [
    { date: '2022-04-30', day: 66, tank: 1000, APC: 2500, 'military auto': 1500, 'fuel tank': 76, aircraft: 190 },
    { date: '2022-07-03', day: 130, tank: 1584, APC: 3744, 'field artillery': 801, 'vehicles and fuel tanks': 2618, aircraft: 217 },
    { date: '2022-07-04', day: 131, tank: 1587, APC: 3752, 'field artillery': 803, 'vehicles and fuel tanks': 2624, aircraft: 217 },
    { date: '2022-09-01', day: 190, tank: 2000 },
  ];
  const oryx = oryxRows('2022-07-02');
  const claims = generateGsSeries({
    personnel,
    equipment,
    oryx,
    from: '2022-02-25',
    to: '2022-08-31',
    extraReports: new Map([['2022-07-03', [{ outlet: 'Test Wire', url: 'https://example.test/gs-2022-07-03', date: '2022-07-03' }]]]),
  });
  const byId = (id: string) => claims.find((c) => c.id === id)!;

  it('makes one claim per day that has both rows, within the range', () => {
    expect(claims.map((c) => c.id)).toEqual(['ua-gs-losses-2022-04-30', 'ua-gs-losses-2022-07-03', 'ua-gs-losses-2022-07-04']);
  });

  it('produces claims that satisfy the schema', () => {
    for (const c of claims) expect(() => Claim.parse(c)).not.toThrow();
  });

  it('states the figures of the report (personnel checked as stated: the habitual "about" of the General Staff is no rounding)', () => {
    const c = byId('ua-gs-losses-2022-07-03');
    expect(c.series).toBe('ua-gs-losses');
    expect(c.when).toEqual({ from: '2022-07-03' });
    const gs = c.statements[0]!;
    expect(gs).toMatchObject({ origin: 'ua-general-staff', stance: 'asserts', date: '2022-07-03' });
    expect(gs.figures).toEqual([
      { what: 'personnel', value: 35970, qualifier: 'exact', asOf: '2022-07-03' },
      { what: 'tanks', value: 1584, qualifier: 'exact', asOf: '2022-07-03' },
      { what: 'armoured-vehicles', value: 3744, qualifier: 'exact', asOf: '2022-07-03' },
      { what: 'artillery', value: 801, qualifier: 'exact', asOf: '2022-07-03' },
      { what: 'aircraft', value: 217, qualifier: 'exact', asOf: '2022-07-03' },
      { what: 'vehicles-fuel-tanks', value: 2618, qualifier: 'exact', asOf: '2022-07-03' },
    ]);
    expect(byId('ua-gs-losses-2022-07-04').statements[0]!.figures![0]!.qualifier).toBe('exact');
  });

  it('adds vehicles and fuel tanks that were reported separately before May', () => {
    const f = byId('ua-gs-losses-2022-04-30').statements[0]!.figures!.find((x) => x.what === 'vehicles-fuel-tanks');
    expect(f?.value).toBe(1576);
  });

  it('words the claim with the date and figures', () => {
    const c = byId('ua-gs-losses-2022-07-03');
    expect(c.text).toBe("Ukraine's General Staff said on 3 July 2022 that Russia had lost about 35,970 soldiers and 1,584 tanks since the invasion began.");
    expect(c.aliases?.[0]).toContain('about 35,970 Russian soldiers');
    expect(c.aliases?.[1]).toContain('1,584 tanks, 3,744 armoured fighting vehicles, 801 artillery systems');
    expect(c.statements[0]!.summary).toContain('(day 130 of the full-scale invasion)');
  });

  it('cites the data set, then any real news reports of that day', () => {
    expect(byId('ua-gs-losses-2022-07-03').statements[0]!.reports.map((r) => r.url)).toEqual([
      'https://github.com/PetroIvaniuk/2022-Ukraine-Russia-War-Dataset',
      'https://example.test/gs-2022-07-03',
    ]);
    expect(byId('ua-gs-losses-2022-07-04').statements[0]!.reports).toHaveLength(1);
  });

  it('attaches Oryx counts as context with at-least figures, only once Oryx has data', () => {
    expect(byId('ua-gs-losses-2022-04-30').statements).toHaveLength(1);
    const ctx = byId('ua-gs-losses-2022-07-03').statements[1]!;
    expect(ctx).toMatchObject({ origin: 'oryx', stance: 'context', date: '2022-07-02' });
    expect(ctx.figures).toContainEqual({ what: 'oryx-tanks', value: 100, qualifier: 'at-least', asOf: '2022-07-02' });
    expect(ctx.figures?.every((f) => f.what.startsWith('oryx-') && f.qualifier === 'at-least')).toBe(true);
    expect(ctx.summary).toContain('100 tanks');
  });
});
