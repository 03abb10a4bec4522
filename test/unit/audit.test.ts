import { describe, expect, it } from 'vitest';
import { audit } from '../../lib/audit';
import type { Pack } from '../../lib/pack/schema';

/** A tiny pack (test fixture; the URLs are deliberately not real). */
function pack(): Pack {
  return {
    id: 'test-pack',
    version: '1',
    title: 'test',
    licences: [],
    events: [],
    outlets: [{ name: 'Wire', affiliation: 'international', country: 'unknown' }],
    groups: [
      { id: 'state-a', name: 'State A', party: true, why: 'a party to the test conflict' },
      { id: 'analyst', name: 'Analyst', party: false, why: 'an independent analyst for the test' },
    ],
    origins: [
      { id: 'a-mod', name: 'A ministry', group: 'state-a', kind: 'military' },
      { id: 'an', name: 'Analyst', group: 'analyst', kind: 'analyst' },
    ],
    claims: [
      {
        id: 'c1',
        text: 'Town X was taken by force A.',
        entities: ['Town X'],
        when: { from: '2022-07-03' },
        statements: [
          {
            origin: 'a-mod',
            stance: 'asserts',
            date: '2022-07-03',
            summary: 'The ministry said it took the town.',
            reports: [{ outlet: 'Wire', url: 'https://wire.example.test/a', date: '2022-07-03' }],
          },
        ],
      },
    ],
  };
}

const problem = (r: ReturnType<typeof audit>, kind: string) => r.problems.find((p) => p.kind.startsWith(kind))!.items;

describe('data audit', () => {
  it('counts claims, statements, reports, outlets, origins, groups and statuses', () => {
    const r = audit(pack());
    expect(r.hand).toMatchObject({ claims: 1, statements: 1, reports: 1, outlets: 1, origins: 1, groups: 1 });
    expect(r.hand.byStatus['single-sourced']).toBe(1);
    expect(r.problems.every((p) => p.items.length === 0)).toBe(true);
  });

  it.each([
    ['statements lacking', (p: Pack): void => void (p.claims[0]!.statements[0]!.reports[0]!.url = 'not a url'), /no URL/],
    ['statements lacking', (p: Pack): void => void (p.claims[0]!.statements[0]!.reports[0]!.outlet = ' '), /no outlet/],
    ['statements lacking', (p: Pack): void => void (p.claims[0]!.statements[0]!.reports[0]!.date = ''), /no date/],
    ['reports dated before', (p: Pack): void => void (p.claims[0]!.statements[0]!.reports[0]!.date = '2022-07-01'), /before the statement/],
    ['duplicate claim ids', (p: Pack): void => void p.claims.push({ ...p.claims[0]! }), /c1/],
    ['duplicate origin ids', (p: Pack): void => void p.origins.push({ ...p.origins[0]! }), /a-mod/],
    ['origins without a group', (p: Pack): void => void p.origins.push({ id: 'x', name: 'X', group: 'nowhere', kind: 'media' }), /nowhere/],
    ['outlets without a label', (p: Pack): void => void (p.claims[0]!.statements[0]!.reports[0]!.outlet = 'Unknown Daily'), /Unknown Daily/],
  ] as const)('lists %s', (kind, mutate, item) => {
    const p = pack();
    mutate(p);
    const items = problem(audit(p), kind);
    expect(items.length).toBeGreaterThan(0);
    expect(items.join('\n')).toMatch(item);
  });

  it('reports the coverage targets as unmet for a tiny pack', () => {
    const r = audit(pack());
    expect(r.targets.find((t) => t.name === 'hand-curated claims')).toMatchObject({ got: 1, ok: false });
    expect(r.sides.party).toEqual(['state-a']);
    expect(r.outletsBySide).toEqual({ international: 1 });
    expect(r.targets.find((t) => t.name === 'outlets of the Russian side')).toMatchObject({ got: 0, ok: false });
  });
});
