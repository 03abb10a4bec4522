import { describe, expect, it } from 'vitest';
import type { Claim, Group, Origin, Quantity, Stance, Statement } from '../../lib/pack/schema';
import { directory, verdict, type Status } from '../../lib/engine/13-verdict';

// Test fixtures: invented groups, origins and example.test URLs (not reference data).
const groups: Group[] = [
  { id: 'ru-state', name: 'Russian state', party: true, why: 'Test group: one belligerent state.' },
  { id: 'ua-state', name: 'Ukrainian state', party: true, why: 'Test group: the other belligerent state.' },
  { id: 'isw', name: 'ISW', party: false, why: 'Test group: an independent analyst.' },
  { id: 'ap', name: 'AP', party: false, why: 'Test group: a news agency’s own reporters.' },
  { id: 'oryx', name: 'Oryx', party: false, why: 'Test group: open-source loss counts.' },
];
const origins: Origin[] = [
  { id: 'ru-mod', name: 'Russian MoD', group: 'ru-state', kind: 'military' },
  { id: 'ru-state-media', name: 'TASS', group: 'ru-state', kind: 'state-media' },
  { id: 'ua-mod', name: 'Ukrainian MoD', group: 'ua-state', kind: 'government' },
  { id: 'ua-general-staff', name: 'General Staff', group: 'ua-state', kind: 'military' },
  { id: 'ua-emergency', name: 'State Emergency Service', group: 'ua-state', kind: 'government' },
  { id: 'isw', name: 'Institute for the Study of War', group: 'isw', kind: 'analyst' },
  { id: 'ap-reporters', name: 'AP reporters', group: 'ap', kind: 'media' },
  { id: 'oryx', name: 'Oryx', group: 'oryx', kind: 'analyst' },
];
const dir = directory(origins, groups);

let n = 0;
function st(origin: string, stance: Stance, date: string, opts: { outlets?: string[]; figures?: Quantity[] } = {}): Statement {
  const outlets = opts.outlets ?? [`Outlet ${++n}`];
  return {
    origin,
    stance,
    date,
    summary: `Test statement by ${origin} (${stance}) on ${date}.`,
    ...(opts.figures ? { figures: opts.figures } : {}),
    reports: outlets.map((outlet, i) => ({ outlet, url: `https://example.test/${origin}/${date}/${i}`, date })),
  };
}
const fig = (what: string, value: number, asOf: string, qualifier: Quantity['qualifier'] = 'exact'): Quantity => ({ what, value, qualifier, asOf });
function claim(statements: Statement[]): Claim {
  return { id: 'test-claim', text: 'A test claim about a test event.', entities: ['Testville'], when: { from: '2022-07-01' }, statements };
}

const tenOutlets = Array.from({ length: 10 }, (_, i) => `Relay outlet ${i + 1}`);

interface Case {
  name: string;
  statements: Statement[];
  status: Status;
  asserting: string[];
  disputing: string[];
  conflicts: number;
  why: (string | RegExp)[];
  notWhy?: (string | RegExp)[];
}

const cases: Case[] = [
  {
    name: 'ten outlets quoting one ministry are single-sourced',
    statements: [st('ru-mod', 'asserts', '2022-07-03', { outlets: tenOutlets })],
    status: 'single-sourced',
    asserting: ['ru-state'],
    disputing: [],
    conflicts: 0,
    why: ['Only Russian state (Russian MoD) asserts this', '10 outlets carry it, but they all relay one origin', 'It is a party to the conflict.'],
  },
  {
    name: 'a ministry and its state media are still one group',
    statements: [st('ru-mod', 'asserts', '2022-07-03'), st('ru-state-media', 'asserts', '2022-07-03'), st('ru-state-media', 'asserts', '2022-07-04')],
    status: 'single-sourced',
    asserting: ['ru-state'],
    disputing: [],
    conflicts: 0,
    why: ['Only Russian state (Russian MoD and TASS) asserts this', '3 outlets carry it'],
  },
  {
    name: 'an independent single source is not called a party',
    statements: [st('isw', 'asserts', '2022-07-03')],
    status: 'single-sourced',
    asserting: ['isw'],
    disputing: [],
    conflicts: 0,
    why: ['Only ISW (Institute for the Study of War) asserts this.'],
    notWhy: ['party to the conflict', 'outlets carry it'],
  },
  {
    name: 'a dispute from the other side makes it disputed, by a party',
    statements: [st('ru-mod', 'asserts', '2022-07-03'), st('ua-mod', 'disputes', '2022-07-03')],
    status: 'disputed',
    asserting: ['ru-state'],
    disputing: ['ua-state'],
    conflicts: 0,
    why: ['Asserted by Russian state (Russian MoD).', 'Disputed by Ukrainian state (Ukrainian MoD) — disputed only by a party to the conflict.'],
  },
  {
    name: 'a dispute from an independent group is not "only by a party"',
    statements: [st('ru-mod', 'asserts', '2022-07-03'), st('isw', 'disputes', '2022-07-04')],
    status: 'disputed',
    asserting: ['ru-state'],
    disputing: ['isw'],
    conflicts: 0,
    why: ['Disputed by ISW (Institute for the Study of War).'],
    notWhy: ['disputed only by'],
  },
  {
    name: 'disputes by two parties say "parties"',
    statements: [st('isw', 'asserts', '2022-07-03'), st('ua-mod', 'disputes', '2022-07-03'), st('ru-mod', 'disputes', '2022-07-03')],
    status: 'disputed',
    asserting: ['isw'],
    disputing: ['ua-state', 'ru-state'],
    conflicts: 0,
    why: ['disputed only by parties to the conflict.'],
  },
  {
    name: 'the same group denying then confirming: the later statement wins',
    statements: [
      st('ru-mod', 'asserts', '2022-07-03'),
      st('ua-mod', 'disputes', '2022-07-03'),
      st('ua-general-staff', 'asserts', '2022-07-03'),
    ],
    status: 'corroborated',
    asserting: ['ru-state', 'ua-state'],
    disputing: [],
    conflicts: 0,
    why: [
      'Asserted by 2 independent groups: Russian state (Russian MoD) and Ukrainian state (General Staff).',
      'All of them are parties to the conflict, on opposing sides.',
      'Ukrainian state changed its position: disputes on 2022-07-03 (Ukrainian MoD), then asserts on 2022-07-03 (General Staff); the latest counts.',
    ],
  },
  {
    name: 'dates order statements, not their place in the file',
    statements: [
      st('ua-general-staff', 'asserts', '2022-07-04'),
      st('ru-mod', 'asserts', '2022-07-03'),
      st('ua-mod', 'disputes', '2022-07-03'),
    ],
    status: 'corroborated',
    asserting: ['ru-state', 'ua-state'],
    disputing: [],
    conflicts: 0,
    why: ['disputes on 2022-07-03 (Ukrainian MoD), then asserts on 2022-07-04 (General Staff)'],
  },
  {
    name: 'confirming then denying: the later denial wins',
    statements: [st('isw', 'asserts', '2022-07-02'), st('ua-general-staff', 'asserts', '2022-07-03'), st('ua-mod', 'disputes', '2022-07-05')],
    status: 'disputed',
    asserting: ['isw'],
    disputing: ['ua-state'],
    conflicts: 0,
    why: ['Disputed by Ukrainian state (Ukrainian MoD)', 'asserts on 2022-07-03 (General Staff), then disputes on 2022-07-05 (Ukrainian MoD)'],
  },
  {
    name: 'two asserting groups corroborate, naming the independent one',
    statements: [st('ru-mod', 'asserts', '2022-07-03'), st('isw', 'asserts', '2022-07-04')],
    status: 'corroborated',
    asserting: ['ru-state', 'isw'],
    disputing: [],
    conflicts: 0,
    why: [
      'Asserted by 2 independent groups: Russian state (Russian MoD) and ISW (Institute for the Study of War).',
      'Includes sources that are not parties to the conflict (ISW).',
    ],
  },
  {
    name: 'three independent groups',
    statements: [st('isw', 'asserts', '2022-07-03'), st('ap-reporters', 'asserts', '2022-07-03'), st('oryx', 'asserts', '2022-07-03')],
    status: 'corroborated',
    asserting: ['isw', 'ap', 'oryx'],
    disputing: [],
    conflicts: 0,
    why: ['Asserted by 3 independent groups: ISW (Institute for the Study of War), AP (AP reporters) and Oryx.' /* an origin named like its group is not repeated */],
    notWhy: ['party', 'parties'],
  },
  {
    name: 'conflicting figures from different groups for the same date are disputed',
    statements: [
      st('ua-emergency', 'asserts', '2022-06-28', { figures: [fig('deaths', 18, '2022-06-28')] }),
      st('ap-reporters', 'asserts', '2022-06-28', { figures: [fig('deaths', 25, '2022-06-28')] }),
    ],
    status: 'disputed',
    asserting: ['ua-state', 'ap'],
    disputing: [],
    conflicts: 1,
    why: ['Figures conflict for deaths as of 2022-06-28: 18 (State Emergency Service) vs 25 (AP reporters).'],
  },
  {
    name: 'figures within their qualifiers agree',
    statements: [
      st('ua-emergency', 'asserts', '2022-06-28', { figures: [fig('deaths', 18, '2022-06-28', 'at-least')] }),
      st('ap-reporters', 'asserts', '2022-06-28', { figures: [fig('deaths', 20, '2022-06-28')] }),
    ],
    status: 'corroborated',
    asserting: ['ua-state', 'ap'],
    disputing: [],
    conflicts: 0,
    why: ['Asserted by 2 independent groups'],
    notWhy: ['Figures conflict'],
  },
  {
    name: 'different figures for different dates do not conflict',
    statements: [
      st('ua-emergency', 'asserts', '2022-06-27', { figures: [fig('deaths', 11, '2022-06-27')] }),
      st('ap-reporters', 'asserts', '2022-06-29', { figures: [fig('deaths', 18, '2022-06-29')] }),
    ],
    status: 'corroborated',
    asserting: ['ua-state', 'ap'],
    disputing: [],
    conflicts: 0,
    why: ['Asserted by 2 independent groups'],
  },
  {
    name: 'a rising toll from one origin over dates is no conflict',
    statements: [2, 11, 13, 16, 18].map((v, i) =>
      st('ua-emergency', 'asserts', `2022-06-2${7 + Math.floor(i / 2)}`, { figures: [fig('deaths', v, `2022-06-2${7 + Math.floor(i / 2)}`)] }),
    ),
    status: 'single-sourced',
    asserting: ['ua-state'],
    disputing: [],
    conflicts: 0,
    why: ['Only Ukrainian state (State Emergency Service) asserts this'],
    notWhy: ['conflict for', 'changed its position'],
  },
  {
    name: 'a group’s later figure for the same date replaces its earlier one',
    statements: [
      st('ua-emergency', 'asserts', '2022-06-28', { figures: [fig('deaths', 16, '2022-06-28')] }),
      st('ua-general-staff', 'asserts', '2022-06-28', { figures: [fig('deaths', 18, '2022-06-28')] }),
      st('ap-reporters', 'asserts', '2022-06-28', { figures: [fig('deaths', 18, '2022-06-28')] }),
    ],
    status: 'corroborated',
    asserting: ['ua-state', 'ap'],
    disputing: [],
    conflicts: 0,
    why: ['Asserted by 2 independent groups'],
  },
  {
    name: 'figures without asOf use the statement date',
    statements: [
      st('ua-emergency', 'asserts', '2022-06-28', { figures: [{ what: 'deaths', value: 18, qualifier: 'exact' }] }),
      st('ru-mod', 'asserts', '2022-06-28', { figures: [{ what: 'deaths', value: 2, qualifier: 'exact' }] }),
    ],
    status: 'disputed',
    asserting: ['ua-state', 'ru-state'],
    disputing: [],
    conflicts: 1,
    why: ['Figures conflict for deaths as of 2022-06-28: 18 (State Emergency Service) vs 2 (Russian MoD).'],
  },
  {
    name: 'only context: nobody asserts it',
    statements: [st('oryx', 'context', '2022-07-03')],
    status: 'single-sourced',
    asserting: [],
    disputing: [],
    conflicts: 0,
    why: ['No origin asserts this; the sources only give context.'],
  },
];

describe('verdict', () => {
  it.each(cases)('$name', (c) => {
    const v = verdict(claim(c.statements), dir);
    expect(v.status).toBe(c.status);
    expect(v.asserting).toEqual(c.asserting);
    expect(v.disputing).toEqual(c.disputing);
    expect(v.conflicts).toHaveLength(c.conflicts);
    for (const w of c.why) typeof w === 'string' ? expect(v.why).toContain(w) : expect(v.why).toMatch(w);
    for (const w of c.notWhy ?? []) typeof w === 'string' ? expect(v.why).not.toContain(w) : expect(v.why).not.toMatch(w);
  });

  describe('context statements change nothing', () => {
    const withContext = (base: Statement[]) => [
      ...base,
      // A context statement with a figure that would conflict, and a later date than anything else.
      st('oryx', 'context', '2022-07-10', { figures: [fig('deaths', 999, '2022-06-28', 'at-least')] }),
      st('ru-mod', 'context', '2022-07-10'),
    ];
    it.each(cases.filter((c) => c.statements.every((s) => s.stance !== 'context')))('$name', (c) => {
      const plain = verdict(claim(c.statements), dir);
      const ctx = verdict(claim(withContext(c.statements)), dir);
      expect(ctx.status).toBe(plain.status);
      expect(ctx.asserting).toEqual(plain.asserting);
      expect(ctx.disputing).toEqual(plain.disputing);
      expect(ctx.conflicts).toEqual(plain.conflicts);
      // …but they are listed as sources.
      expect(ctx.sources.filter((s) => s.stance === 'context').map((s) => s.originId)).toEqual(['oryx', 'ru-mod']);
    });
  });

  it('lists every report as a source, by date, with group and party', () => {
    const v = verdict(
      claim([st('isw', 'asserts', '2022-07-04', { outlets: ['ISW site'] }), st('ru-mod', 'asserts', '2022-07-03', { outlets: ['TASS', 'RIA'] })]),
      dir,
    );
    expect(v.sources.map((s) => [s.originId, s.outlet, s.said, s.party, s.group])).toEqual([
      ['ru-mod', 'TASS', '2022-07-03', true, 'Russian state'],
      ['ru-mod', 'RIA', '2022-07-03', true, 'Russian state'],
      ['isw', 'ISW site', '2022-07-04', false, 'ISW'],
    ]);
    expect(v.sources[0]).toMatchObject({
      origin: 'Russian MoD',
      groupId: 'ru-state',
      stance: 'asserts',
      url: 'https://example.test/ru-mod/2022-07-03/0',
      date: '2022-07-03',
      summary: 'Test statement by ru-mod (asserts) on 2022-07-03.',
    });
  });

  it('formats qualified conflicting figures', () => {
    const v = verdict(
      claim([
        st('ua-emergency', 'asserts', '2022-06-28', { figures: [fig('deaths', 1200, '2022-06-28', 'about')] }),
        st('ru-mod', 'asserts', '2022-06-28', { figures: [fig('deaths', 30, '2022-06-28', 'at-most')] }),
      ]),
      dir,
    );
    expect(v.why).toContain('about 1,200 (State Emergency Service) vs at most 30 (Russian MoD)');
    expect(v.conflicts[0]).toMatchObject({ what: 'deaths', asOf: '2022-06-28' });
  });
});

describe('directory', () => {
  it.each([
    ['origin', () => dir.origin('nobody'), 'unknown origin "nobody"'],
    ['group', () => dir.group('nowhere'), 'unknown group "nowhere"'],
  ])('throws on an unknown %s', (_k, f, msg) => {
    expect(f).toThrow(msg);
  });
  it('finds known ids', () => {
    expect(dir.origin('isw').group).toBe('isw');
    expect(dir.group('ua-state').party).toBe(true);
  });
});
