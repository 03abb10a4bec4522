import { describe, expect, it } from 'vitest';
import { Claim } from '../../lib/pack/schema';
import { generateGsSeries, oryxAsOf, type GsEquipmentRow, type GsPersonnelRow, type OryxRow } from '../../lib/pack/series';

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

  it('states the figures of the report, with the personnel qualifier', () => {
    const c = byId('ua-gs-losses-2022-07-03');
    expect(c.series).toBe('ua-gs-losses');
    expect(c.when).toEqual({ from: '2022-07-03' });
    const gs = c.statements[0]!;
    expect(gs).toMatchObject({ origin: 'ua-general-staff', stance: 'asserts', date: '2022-07-03' });
    expect(gs.figures).toEqual([
      { what: 'personnel', value: 35970, qualifier: 'about', asOf: '2022-07-03' },
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
    expect(c.statements[0]!.summary).toContain('(day 130 of the invasion)');
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
