// @vitest-environment happy-dom
import { render, screen, within } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { ClaimCard } from '../../components/ClaimCard';
import type { ClaimResult } from '../../lib/engine';
import type { Claim } from '../../lib/pack/schema';
import { directory, verdict } from '../../lib/engine/13-verdict';

// Test fixture: one side first denies, then confirms; the other side asserts. URLs are deliberately not real.
const dir = directory(
  [
    { id: 'a-mod', name: 'A ministry', group: 'a', kind: 'military' },
    { id: 'a-staff', name: 'A general staff', group: 'a', kind: 'military' },
    { id: 'b-mod', name: 'B ministry', group: 'b', kind: 'military' },
  ],
  [
    { id: 'a', name: 'State A', party: true, why: 'a party to the test conflict' },
    { id: 'b', name: 'State B', party: true, why: 'the other party to the test conflict' },
  ],
);
const report = (n: number) => [{ outlet: `Outlet ${n}`, url: `https://news.example.test/${n}`, date: '2022-07-03' }];
const claim: Claim = {
  id: 'town-taken',
  text: 'Force B took the town.',
  entities: ['town'],
  when: { from: '2022-07-03' },
  statements: [
    { origin: 'b-mod', stance: 'asserts', date: '2022-07-03', summary: 'B said it took the town.', reports: report(1) },
    { origin: 'a-mod', stance: 'disputes', date: '2022-07-03', summary: 'A first denied losing the town.', reports: report(2) },
    { origin: 'a-staff', stance: 'asserts', date: '2022-07-03', summary: 'A later confirmed its withdrawal.', reports: report(3) },
  ],
};

describe('a statement superseded by its own side', () => {
  const v = verdict(claim, dir);

  it('does not dispute the claim and is flagged as superseded', () => {
    expect(v.status).toBe('corroborated');
    expect(v.sources.find((s) => s.originId === 'a-mod')?.superseded).toBe(true);
    expect(v.sources.filter((s) => s.superseded)).toHaveLength(1);
    expect(v.why).toMatch(/changed its position/);
  });

  it('is shown in the card under earlier statements, not under "Disputed by"', () => {
    const result: ClaimResult = {
      text: 'B took the town.', start: 0, end: 16, block: 0, reasons: ['event'], status: v.status, attributedTo: null,
      match: { id: claim.id, text: claim.text, score: 0.9 }, also: [], figures: [], why: v.why, sources: v.sources,
    };
    render(<ClaimCard claim={result} />);
    expect(screen.queryByRole('region', { name: /^Disputed by/ })).toBeNull();
    const earlier = screen.getByRole('region', { name: /^Earlier statements/ });
    expect(within(earlier).getByText('A ministry')).toBeTruthy();
    expect(within(screen.getByRole('region', { name: /^Asserted by/ })).getByText('A general staff')).toBeTruthy();
  });
});
