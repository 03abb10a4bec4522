import { describe, expect, it } from 'vitest';
import type { Claim, Outlet } from '../../lib/pack/schema';
import { directory, outletLabel, verdict } from '../../lib/engine/13-verdict';

describe('outlet labels', () => {
  it.each<[Outlet, string]>([
    [{ name: 'TASS', affiliation: 'russian-state', country: 'Russia' }, 'Russian state media'],
    [{ name: 'Ukrinform', affiliation: 'ukrainian-state', country: 'Ukraine' }, 'Ukrainian state media'],
    [{ name: 'Meduza', affiliation: 'russian-media', country: 'Latvia' }, 'Russian media'],
    [{ name: 'Babel', affiliation: 'ukrainian-media', country: 'Ukraine' }, 'Ukrainian media'],
    [{ name: 'Mehr News', affiliation: 'international', country: 'Iran', state: true }, 'Iran, state media'],
    [{ name: 'bdnews24', affiliation: 'international', country: 'Bangladesh' }, 'Bangladesh'],
    [{ name: 'Some aggregator', affiliation: 'international', country: 'unknown' }, ''],
  ])('%o → "%s"', (outlet, label) => expect(outletLabel(outlet)).toBe(label));

  it('travel with each source of a verdict, and are absent for unlabelled outlets', () => {
    // Test fixture; URLs deliberately not real.
    const dir = directory(
      [{ id: 'mod', name: 'A ministry', group: 'a', kind: 'military' }],
      [{ id: 'a', name: 'State A', party: true, why: 'a party to the test conflict' }],
      [{ name: 'State Wire', affiliation: 'russian-state', country: 'Russia' }],
    );
    const claim: Claim = {
      id: 'c',
      text: 'A test claim about a town.',
      entities: ['town'],
      when: { from: '2022-07-03' },
      statements: [
        {
          origin: 'mod',
          stance: 'asserts',
          date: '2022-07-03',
          summary: 'The ministry said so.',
          reports: [
            { outlet: 'State Wire', url: 'https://wire.example.test/1', date: '2022-07-03' },
            { outlet: 'Unlabelled Daily', url: 'https://daily.example.test/1', date: '2022-07-03' },
          ],
        },
      ],
    };
    const [a, b] = verdict(claim, dir).sources;
    expect(a?.outletLabel).toBe('Russian state media');
    expect(b).not.toHaveProperty('outletLabel');
  });
});
