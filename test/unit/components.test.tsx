// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ClaimCard, confidenceLevel, figureText } from '../../components/ClaimCard';
import { ClaimList } from '../../components/ClaimList';
import { hostOf, Popup, toView, type PageClient, type SettingsClient } from '../../components/Popup';
import { StatusBadge } from '../../components/StatusBadge';
import type { ClaimResult } from '../../lib/engine';
import { onMessages, sendToBackground } from '../../lib/ext/messaging';
import type { AnalyzeRequest, PageClaim, PageState } from '../../lib/ext/protocol';
import { detectClaims } from '../../lib/engine/04-detect';
import { formatDate, plural, t, tParts } from '../../lib/i18n';
import { DEFAULT_SETTINGS, isFalseMatch, normalizeSettings, shouldHighlight, shouldScan, type FalseMatch, type Settings } from '../../lib/settings';
import type { SourceRef } from '../../lib/engine/13-verdict';
import en from '../../public/_locales/en/messages.json';

afterEach(() => cleanup());

const PAGE = 'https://example.test/article';

// Test fixtures only: invented outlets and example.test URLs.
const source = (over: Partial<SourceRef>): SourceRef => ({
  origin: 'Russian MoD',
  originId: 'ru-mod',
  group: 'Russian state',
  groupId: 'ru-state',
  party: true,
  stance: 'asserts',
  said: '2022-07-03',
  summary: 'Test summary: the ministry said it took the town.',
  outlet: 'Test Wire',
  url: 'https://example.test/ru-mod-1',
  date: '2022-07-03',
  ...over,
});

const result = (over: Partial<ClaimResult> = {}): ClaimResult => ({
  text: 'Russian forces captured Zavodsk, the defence ministry said.',
  start: 0,
  end: 58,
  block: 0,
  reasons: ['attribution', 'event'],
  status: 'corroborated',
  attributedTo: 'the defence ministry',
  match: { id: 'zavodsk-captured', text: 'Russian forces captured the town of Zavodsk in early July 2022.', score: 0.8 },
  also: [],
  figures: [],
  why: 'Asserted by 2 independent groups: Russian state (Russian MoD) and ISW (Institute for the Study of War).',
  sources: [
    source({}),
    source({ outlet: 'Second Wire', url: 'https://example.test/ru-mod-2', date: '2022-07-04' }),
    source({
      origin: 'Institute for the Study of War',
      originId: 'isw',
      group: 'ISW',
      groupId: 'isw',
      party: false,
      said: '2022-07-04',
      summary: 'Test summary: ISW assessed that the town had fallen.',
      outlet: 'ISW site',
      url: 'https://example.test/isw',
      date: '2022-07-05',
    }),
  ],
  ...over,
});

describe('i18n', () => {
  it('every message has a description, and every $n substitution is numbered from 1', () => {
    for (const [key, m] of Object.entries(en as Record<string, { message: string; description?: string }>)) {
      expect(m.description, key).toBeTruthy();
      const ns = [...m.message.matchAll(/\$(\d)/g)].map((x) => Number(x[1]));
      for (const n of ns) expect(n, `${key}: $${n}`).toBeLessThanOrEqual(Math.max(...ns));
      expect(new Set(ns).size, key).toBe(ns.length ? Math.max(...ns) : 0);
    }
  });

  it('substitutes, pluralises in English and formats dates in plain words', () => {
    expect(t('claimConfidence', 'high', '98')).toBe('Match confidence: high (98%)');
    expect(plural(1, 'popupClaimsOne', 'popupClaimsMany')).toBe('1 claim');
    expect(plural(0, 'popupClaimsOne', 'popupClaimsMany')).toBe('0 claims');
    expect(plural(2, 'popupClaimsOne', 'popupClaimsMany')).toBe('2 claims');
    expect(formatDate('2022-07-03', 'en-GB')).toBe('3 July 2022');
    expect(formatDate('2022-07-03', 'en-US')).toBe('July 3, 2022');
    expect(formatDate('July 2022')).toBe('July 2022');
    expect(tParts('claimSaid', 42)).toEqual(['said ', 42]);
  });

  it('a page text with $1 in it is not treated as a placeholder', () => {
    expect(t('claimAttributed', 'a $1 person')).toBe('The page attributes this to a $1 person.');
  });
});

describe('StatusBadge', () => {
  it.each([
    ['corroborated', '✓', 'Corroborated'],
    ['disputed', '!', 'Disputed'],
    ['single-sourced', '1', 'Single-sourced'],
    ['unmatched', '?', 'No reference found'],
  ] as const)('%s: symbol %j (hidden from screen readers), word %j, explanation as tooltip', (status, symbol, label) => {
    const { container } = render(<StatusBadge status={status} count={3} />);
    const badge = container.querySelector('.cc-badge')!;
    expect(badge.classList.contains(`cc-${status}`)).toBe(true);
    expect(badge.querySelector('.cc-symbol')!.textContent).toBe(symbol);
    expect(badge.querySelector('.cc-symbol')!.getAttribute('aria-hidden')).toBe('true');
    expect(badge.textContent).toBe(`${symbol}${label} (3)`);
    expect(badge.getAttribute('title')!.length).toBeGreaterThan(20);
  });

  it('no count when none is given', () => {
    const { container } = render(<StatusBadge status="disputed" />);
    expect(container.textContent).toBe('!Disputed');
  });
});

describe('ClaimCard', () => {
  it.each([
    ['corroborated', 'Corroborated'],
    ['disputed', 'Disputed'],
    ['single-sourced', 'Single-sourced'],
    ['unmatched', 'No reference found'],
  ] as const)('%s shows the label %j', (status, label) => {
    render(<ClaimCard claim={result({ status })} />);
    const dialog = screen.getByRole('dialog');
    expect(dialog.getAttribute('aria-label')).toBe(`Crosscheck: ${label}`);
    expect(dialog.getAttribute('data-status')).toBe(status);
    expect(within(dialog).getByText(label)).toBeTruthy();
  });

  it('embedded in the popup it is a region, not a dialog', () => {
    render(<ClaimCard claim={result()} embedded />);
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.getByRole('region', { name: 'Crosscheck: Corroborated' })).toBeTruthy();
  });

  it('shows why, attribution and the matched reference claim with its match confidence', () => {
    render(<ClaimCard claim={result()} />);
    expect(screen.getByText(result().why)).toBeTruthy();
    const who = screen.getByText('the defence ministry');
    // Page text, isolated in <bdi> inside the emphasis.
    expect(who.tagName).toBe('BDI');
    expect(who.parentElement!.tagName).toBe('STRONG');
    expect(who.parentElement!.parentElement!.textContent).toBe('The page attributes this to the defence ministry.');
    expect(screen.getByText('Russian forces captured the town of Zavodsk in early July 2022.')).toBeTruthy();
    expect(screen.getByText('Match confidence: low (80%)')).toBeTruthy();
    expect(screen.getByText('This page states this claim.')).toBeTruthy();
  });

  it.each([
    [0.5, 'low'],
    [0.899, 'low'],
    [0.9, 'medium'],
    [0.969, 'medium'],
    [0.97, 'high'],
    [1, 'high'],
  ])('confidence %d is a %s-confidence match', (score, level) => {
    expect(t(confidenceLevel(score))).toBe(level);
    cleanup();
    render(<ClaimCard claim={result({ match: { id: 'x', text: 'Test claim.', score } })} />);
    expect(screen.getByText(`Match confidence: ${level} (${Math.round(score * 100)}%)`)).toBeTruthy();
  });

  it.each([
    [{ stance: 'asserts' as const }, 'This page states this claim.'],
    [{ stance: 'denies' as const }, 'This page contradicts this claim.'],
    [{ stance: 'reports-denial' as const, attributedTo: 'Kyiv' }, 'This page reports a denial or dispute of this claim by Kyiv.'],
    [{ stance: 'reports-denial' as const, attributedTo: 'Kyiv', attributedOrigin: { id: 'ua-mod', name: 'Ukrainian Ministry of Defence', group: 'Ukrainian state', party: true } }, 'This page reports a denial or dispute of this claim by Ukrainian Ministry of Defence.'],
    [{ stance: 'reports-denial' as const, attributedTo: null }, 'This page reports a denial or dispute of this claim.'],
  ])('says what the page does with the claim: %j', (extra, text) => {
    cleanup();
    render(<ClaimCard claim={result({ match: { id: 'x', text: 'Test claim.', score: 0.98 }, ...extra })} />);
    expect(screen.getByText(text)).toBeTruthy();
  });

  it('groups the sources by statement: origin, side, stance, date, and each report linked with outlet and date', () => {
    render(<ClaimCard claim={result()} />);
    const statements = [...screen.getByRole('dialog').querySelectorAll<HTMLElement>('.cc-source')];
    expect(statements).toHaveLength(2);

    const [ru, isw] = statements as [HTMLElement, HTMLElement];
    expect(ru.textContent).toContain('Russian MoD');
    expect(ru.querySelector('.cc-stance')!.textContent).toBe('asserts');
    expect(ru.textContent).toContain('Russian state · party to the conflict · said ');
    expect(ru.querySelector('.cc-origin time')?.getAttribute('datetime')).toBe('2022-07-03');
    expect(ru.querySelector('.cc-origin time')?.textContent).toBe(formatDate('2022-07-03'));
    expect(isw.textContent).toContain('ISW · independent');
    expect(isw.textContent).toContain('Test summary: ISW assessed that the town had fallen.');

    const links = within(ru).getAllByRole('link');
    expect(links.map((a) => [a.textContent, a.getAttribute('href')])).toEqual([
      ['Test Wire (opens in a new tab)', 'https://example.test/ru-mod-1'],
      ['Second Wire (opens in a new tab)', 'https://example.test/ru-mod-2'],
    ]);
    for (const a of links) {
      expect(a.getAttribute('rel')).toBe('noopener noreferrer');
      expect(a.getAttribute('target')).toBe('_blank');
    }
    expect([...ru.querySelectorAll('.cc-reports time')].map((t) => t.getAttribute('datetime'))).toEqual(['2022-07-03', '2022-07-04']);
    expect(within(isw).getByRole('link').getAttribute('href')).toBe('https://example.test/isw');
    expect(screen.getByRole('region', { name: 'Asserted by (2)' })).toBeTruthy();
  });

  it('a disputed claim lists the disputing statements first', () => {
    const { container } = render(
      <ClaimCard claim={result({ status: 'disputed', sources: [source({}), source({ originId: 'ua', origin: 'Ukrainian MoD', stance: 'disputes' })] })} />,
    );
    expect([...container.querySelectorAll('section')].map((s) => s.getAttribute('aria-label'))).toEqual(['Disputed by (1)', 'Asserted by (1)']);
  });

  it('figure check in plain words: who gave a matching figure and when; what the source says when it differs', () => {
    const gs = source({ origin: 'Test General Staff', originId: 'gs', said: '2022-07-03', stance: 'asserts' });
    const ctx = source({ origin: 'Test counters', originId: 'ctx', said: '2022-07-03', stance: 'context' });
    render(
      <ClaimCard
        claim={result({
          status: 'disputed',
          sources: [gs, ctx],
          figures: [
            { text: 'nine', value: 9, check: 'differs', note: 'figure differs from source: 5 as of 2022-07-04 (Test service)' },
            { text: '35,970', value: 35970, check: 'matches' },
            { text: 'three', value: 3, check: 'unknown' },
            { text: '12', value: 12, check: 'differs', note: '12 was an earlier figure (12 as of 2022-07-01 (Test service)); the latest: 14 as of 2022-07-03 (Test service)' },
          ],
        })}
      />,
    );
    const figs = screen.getByRole('list', { name: 'Figure check' });
    const items = within(figs).getAllByRole('listitem').map((li) => li.textContent);
    expect(items).toEqual([
      '≠ nine on the page, but the source says 5 as of 2022-07-04 (Test service)',
      `✓ 35,970 = Test General Staff, ${formatDate('2022-07-03')}`,
      '≠ 12: 12 was an earlier figure (12 as of 2022-07-01 (Test service)); the latest: 14 as of 2022-07-03 (Test service)',
    ]);
  });

  it('a matching figure with several possible sources does not name one; a figure checked against another claim says so', () => {
    const two = [source({}), source({ originId: 'isw', origin: 'ISW', said: '2022-07-04' })];
    expect(figureText({ text: '40', value: 40, check: 'matches' }, two)).toBe('40 matches the figure in the sources below');
    render(
      <ClaimCard
        claim={result({ figures: [{ text: 'three', value: 3, check: 'matches', against: { id: 'toll', text: 'Three people died in the test blast.' } }] })}
      />,
    );
    const li = within(screen.getByRole('list', { name: 'Figure check' })).getByRole('listitem');
    expect(li.textContent).toBe('✓ three matches the figure in the sources belowChecked against: Three people died in the test blast.');
  });

  it('renders page and reference text as text, never as markup', () => {
    const { container } = render(
      <ClaimCard claim={result({ why: '<img src=x onerror=alert(1)>', attributedTo: '<b>x</b>', match: { id: 'x', text: '<script>bad()</script>', score: 0.6 } })} />,
    );
    expect(container.querySelector('img, script, b')).toBeNull();
    expect(container.textContent).toContain('<img src=x onerror=alert(1)>');
    expect(container.textContent).toContain('<script>bad()</script>');
  });

  it('an unmatched claim has no sources, figures, reference claim or report button', () => {
    const { container } = render(
      <ClaimCard claim={result({ status: 'unmatched', match: null, sources: [], attributedTo: null })} onReportWrong={() => {}} />,
    );
    expect(container.querySelector('.cc-source')).toBeNull();
    expect(screen.queryByRole('link')).toBeNull();
    expect(screen.queryByRole('list', { name: 'Figure check' })).toBeNull();
    expect(container.querySelector('.cc-match')).toBeNull();
    expect(container.querySelector('.cc-attr')).toBeNull();
    expect(screen.queryByRole('button', { name: 'This match looks wrong' })).toBeNull();
  });

  it('close and step buttons call back', () => {
    const onClose = vi.fn();
    const onStep = vi.fn();
    render(<ClaimCard claim={result()} onClose={onClose} onStep={onStep} position="2 of 5" />);
    fireEvent.click(screen.getByRole('button', { name: 'Next claim' }));
    fireEvent.click(screen.getByRole('button', { name: 'Previous claim' }));
    fireEvent.click(screen.getByRole('button', { name: 'Close' }));
    expect(onStep.mock.calls).toEqual([[1], [-1]]);
    expect(onClose).toHaveBeenCalledOnce();
    expect(screen.getByText('2 of 5')).toBeTruthy();
  });

  it('"this match looks wrong": only with onReportWrong; after reporting a confirmation takes the focus', async () => {
    const { rerender } = render(<ClaimCard claim={result()} />);
    expect(screen.queryByRole('button', { name: 'This match looks wrong' })).toBeNull();
    const onReportWrong = vi.fn();
    rerender(<ClaimCard claim={result()} onReportWrong={onReportWrong} />);
    const button = screen.getByRole('button', { name: 'This match looks wrong' });
    button.focus();
    fireEvent.click(button);
    expect(onReportWrong).toHaveBeenCalledOnce();
    rerender(<ClaimCard claim={result()} onReportWrong={onReportWrong} reported />);
    expect(screen.queryByRole('button', { name: 'This match looks wrong' })).toBeNull();
    const done = screen.getByRole('status');
    expect(done.textContent).toBe('Recorded — thank you. It stays on this device.');
    await waitFor(() => expect(document.activeElement).toBe(done));
  });

  it('a card opened already reported shows the confirmation without taking the focus', () => {
    render(<ClaimCard claim={result()} onReportWrong={() => {}} reported />);
    expect(screen.getByRole('status').textContent).toContain('Recorded');
    expect(document.activeElement).toBe(document.body);
  });
});

const pageClaim = (index: number, over: Partial<PageClaim>): PageClaim => ({ ...result(), index, anchored: true, ...over });

describe('ClaimList', () => {
  const claims = [
    pageClaim(0, { status: 'corroborated', text: 'First corroborated.' }),
    pageClaim(1, { status: 'disputed', text: 'A disputed one.', sources: [source({})] }),
    pageClaim(2, { status: 'corroborated', text: 'Second corroborated.', anchored: false }),
    pageClaim(3, { status: 'corroborated', text: 'Third corroborated.' }),
  ];

  it('groups by status, disputed first, with counts and sourcing in plain words', () => {
    render(<ClaimList claims={claims} onSelect={() => {}} />);
    const regions = screen.getAllByRole('region');
    expect(regions.map((r) => r.getAttribute('aria-label'))).toEqual(['Disputed: 1', 'Corroborated: 3']);
    expect(within(regions[0]!).getByRole('heading').textContent).toBe('!Disputed (1)');
    expect(within(regions[0]!).getByText('1 origin · 1 outlet')).toBeTruthy();
    expect(within(regions[1]!).getAllByText('2 origins · 3 outlets')).toHaveLength(3);
  });

  it('a claim is a button that reveals it; one no longer on the page is disabled but keeps its details', () => {
    const onSelect = vi.fn();
    render(<ClaimList claims={claims} onSelect={onSelect} />);
    fireEvent.click(screen.getByText('A disputed one.').closest('button')!);
    expect(onSelect).toHaveBeenCalledWith(1);
    const gone = screen.getByText('Second corroborated.').closest('button')!;
    expect(gone.disabled).toBe(true);
    expect(gone.title).toBe('This sentence is no longer on the page');
    const details = gone.parentElement!.querySelector<HTMLButtonElement>('.cc-more')!;
    expect(details.disabled).toBe(false);
  });

  it('"Details" opens the claim card in place (aria-expanded, aria-controls) and closes it again', () => {
    render(<ClaimList claims={claims} onSelect={() => {}} />);
    const row = screen.getByText('A disputed one.').closest('li')!;
    const toggle = within(row).getByRole('button', { name: 'Details' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(toggle.getAttribute('aria-describedby')).toBe('cc-text-1');
    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    const card = document.getElementById(toggle.getAttribute('aria-controls')!)!;
    expect(within(card).getByRole('region', { name: 'Crosscheck: Disputed' })).toBeTruthy();
    expect(within(card).getByRole('link').getAttribute('href')).toBe('https://example.test/ru-mod-1');
    expect(toggle.textContent).toBe('Hide details');
    fireEvent.click(toggle);
    expect(document.getElementById('cc-details-1')).toBeNull();
  });

  it('↓/↑/Home/End move the focus between the claims, skipping disabled ones', () => {
    render(<ClaimList claims={claims} onSelect={() => {}} />);
    const item = (text: string) => screen.getByText(text).closest('button')!;
    item('A disputed one.').focus();
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(item('First corroborated.'));
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(item('Third corroborated.'));
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(item('Third corroborated.'));
    fireEvent.keyDown(document.activeElement!, { key: 'Home' });
    expect(document.activeElement).toBe(item('A disputed one.'));
    fireEvent.keyDown(document.activeElement!, { key: 'End' });
    expect(document.activeElement).toBe(item('Third corroborated.'));
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowUp' });
    expect(document.activeElement).toBe(item('First corroborated.'));
  });
});

describe('Popup', () => {
  const done = (claims: PageClaim[]): PageState => ({
    kind: 'done',
    url: PAGE,
    title: 'Test article',
    claims,
    pack: { id: 'test-pack', version: '9.9.9-test', claims: 3, statements: 7 },
    timings: { extractMs: 1, detectMs: 1, analyzeMs: 2, matchMs: 1, anchorMs: 3, totalMs: 12.4 },
  });
  const client = (...states: (PageState | null | Error | object)[]): PageClient & { reveal: ReturnType<typeof vi.fn>; getState: ReturnType<typeof vi.fn> } => {
    let i = 0;
    return {
      getState: vi.fn(async () => {
        const s = states[Math.min(i++, states.length - 1)]!;
        if (s instanceof Error) throw s;
        return s as PageState;
      }),
      reveal: vi.fn(async () => true),
    };
  };
  /** Settings kept in memory, changed through the same `update(change)` contract as lib/ext/storage.ts. */
  const memorySettings = (initial: Partial<Settings> = {}) => {
    let current: Settings = { ...structuredClone(DEFAULT_SETTINGS), ...initial };
    const watchers = new Set<(s: Settings) => void>();
    const s = {
      get current() {
        return current;
      },
      load: vi.fn(async () => structuredClone(current)),
      update: vi.fn(async (change: (s: Settings) => Settings | void) => {
        const copy = structuredClone(current);
        current = normalizeSettings(change(copy) ?? copy);
        return structuredClone(current);
      }),
      watch: vi.fn((cb: (s: Settings) => void) => {
        watchers.add(cb);
        return () => watchers.delete(cb);
      }),
      openOptions: vi.fn(async () => {}),
      emit(next: Settings) {
        current = next;
        for (const w of watchers) w(structuredClone(next));
      },
    };
    return s satisfies SettingsClient;
  };
  const main = () => screen.getByRole('main');

  it.each([
    ['no content script answers', null],
    ['the request fails', new Error('Could not establish connection')],
  ])('a browser page where nothing can run (%s): "can’t read this page", no site switches', async (_name, state) => {
    render(<Popup client={client(state)} settings={memorySettings()} />);
    expect(await within(main()).findByText('Crosscheck can’t read this page.')).toBeTruthy();
    expect(within(main()).getByText(/Browser pages, extension stores and files such as PDFs/)).toBeTruthy();
    expect(screen.queryByRole('checkbox')).toBeNull();
  });

  it('shows "looking" before the first answer', () => {
    render(<Popup client={{ getState: () => new Promise(() => {}), reveal: async () => true }} />);
    expect(within(main()).getByText('Looking at this page…')).toBeTruthy();
    expect(main().getAttribute('aria-busy')).toBe('true');
  });

  it('shows the not-article reason', async () => {
    render(<Popup client={client({ kind: 'not-article', url: PAGE, reason: "This page doesn't look like an article." })} />);
    expect(await within(main()).findByText('No article here.')).toBeTruthy();
    expect(within(main()).getByText("This page doesn't look like an article. Crosscheck marks claims in news articles.")).toBeTruthy();
    expect(screen.getByRole('status').textContent).toBe('No article here.');
  });

  it('shows an error with its reason and a hint', async () => {
    render(<Popup client={client({ kind: 'error', url: PAGE, reason: 'Test failure reason.' })} />);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Something went wrong.');
    expect(alert.textContent).toContain('Test failure reason.');
    expect(alert.textContent).toContain('Reloading the page usually helps.');
  });

  it('shows progress while working, then the result', async () => {
    const c = client({ kind: 'working', url: PAGE, step: 'Reading the article…' }, { kind: 'working', url: PAGE, step: 'Checking claims…' }, done([]));
    render(<Popup client={c} pollMs={5} />);
    expect((await screen.findByRole('status')).textContent).toContain('Reading the article…');
    expect(await within(main()).findByText('No check-worthy claims found.')).toBeTruthy();
    expect(c.getState).toHaveBeenCalledTimes(3);
    expect(screen.getByRole('status').textContent).toBe('No check-worthy claims found.');
  });

  it('scanning off for this site: says so, and unticking "Never scan this site" asks the page again', async () => {
    const s = memorySettings({ sites: { 'example.test': { scan: 'deny' } } });
    const c = client({ kind: 'off', url: PAGE }, { kind: 'working', url: PAGE, step: 'Reading the article…' }, done([]));
    render(<Popup client={c} settings={s} pollMs={5} />);
    expect(await within(main()).findByText('Scanning is off for this site.')).toBeTruthy();
    expect(within(main()).getByText(/Crosscheck does not read pages on example\.test\./)).toBeTruthy();
    const never = await screen.findByRole('checkbox', { name: 'Never scan this site' });
    expect((never as HTMLInputElement).checked).toBe(true);
    expect((screen.getByRole('checkbox', { name: 'Highlight claims on this site' }) as HTMLInputElement).disabled).toBe(true);
    fireEvent.click(never);
    await waitFor(() => expect(s.current.sites).toEqual({}));
    expect(await within(main()).findByText('No check-worthy claims found.')).toBeTruthy();
  });

  it('automatic scanning off: the switch is "Scan this site", writing scan: allow', async () => {
    const s = memorySettings({ autoScan: false });
    render(<Popup client={client({ kind: 'off', url: PAGE })} settings={s} />);
    expect(await within(main()).findByText(/Automatic scanning is off/)).toBeTruthy();
    const scan = await screen.findByRole('checkbox', { name: 'Scan this site' });
    expect(screen.queryByRole('checkbox', { name: 'Never scan this site' })).toBeNull();
    fireEvent.click(scan);
    await waitFor(() => expect(s.current.sites['example.test']).toEqual({ scan: 'allow' }));
    expect(shouldScan(s.current, 'example.test')).toBe(true);
  });

  it('an unknown state is shown as such, not as a crash', async () => {
    render(<Popup client={client({ kind: 'from-the-future', url: PAGE })} />);
    expect(await within(main()).findByText('Crosscheck has no result for this page yet.')).toBeTruthy();
    expect(toView({ kind: 'done', url: PAGE })).toEqual({ kind: 'unknown', url: PAGE });
    expect(toView('nonsense')).toEqual({ kind: 'unreachable' });
    expect(hostOf('https://News.Example.test/a?b')).toBe('news.example.test');
    expect(hostOf('chrome://extensions')).toBeNull();
    expect(hostOf('not a url')).toBeNull();
  });

  it('done: counts per status, grouped list, total in words, pack version', async () => {
    const claims = [
      pageClaim(0, { status: 'disputed', text: 'Disputed sentence one.' }),
      pageClaim(1, { status: 'single-sourced', text: 'Single sentence.' }),
      pageClaim(2, { status: 'disputed', text: 'Disputed sentence two.' }),
      pageClaim(3, { status: 'unmatched', text: 'Unmatched sentence.', match: null, sources: [] }),
    ];
    render(<Popup client={client(done(claims))} />);
    const counts = await screen.findByRole('list', { name: 'Counts by status' });
    const byStatus = Object.fromEntries(
      [...counts.querySelectorAll('li')].map((li) => [li.getAttribute('data-status'), li.querySelector('.cc-n')?.textContent]),
    );
    expect(byStatus).toEqual({ disputed: '2', 'single-sourced': '1', corroborated: '0', unmatched: '1' });
    expect(screen.getByRole('banner').textContent).toBe('Crosscheck4 claims');

    const disputed = screen.getByRole('region', { name: 'Disputed: 2' });
    expect(within(disputed).getAllByRole('button', { name: /sentence/ }).map((b) => b.textContent)).toEqual([
      expect.stringContaining('Disputed sentence one.'),
      expect.stringContaining('Disputed sentence two.'),
    ]);
    expect(within(disputed).getAllByRole('button')[0]!.textContent).toContain('2 origins · 3 outlets');
    expect(screen.queryByRole('region', { name: /^Corroborated/ })).toBeNull();
    expect(within(screen.getByRole('region', { name: 'No reference found: 1' })).getAllByRole('button')[0]!.textContent).toContain(
      'Unmatched sentence.',
    );
    expect(screen.getByText(/Reference pack 9\.9\.9-test · analysed in 12 ms/)).toBeTruthy();
  });

  it('one claim is "1 claim"', async () => {
    render(<Popup client={client(done([pageClaim(0, {})]))} />);
    await screen.findByRole('list', { name: 'Counts by status' });
    expect(within(screen.getByRole('banner')).getByText('1 claim')).toBeTruthy();
    expect(screen.getByRole('status').textContent).toBe('1 claim');
  });

  it('clicking an item reveals it on the page; a claim no longer on the page is disabled', async () => {
    const c = client(
      done([
        pageClaim(7, { status: 'corroborated', text: 'Anchored sentence.' }),
        pageClaim(8, { status: 'corroborated', text: 'Gone sentence.', anchored: false }),
      ]),
    );
    render(<Popup client={c} />);
    const item = (await screen.findByText('Anchored sentence.')).closest('button')!;
    fireEvent.click(item);
    expect(c.reveal).toHaveBeenCalledWith(7);
    const gone = screen.getByText('Gone sentence.').closest('button')!;
    expect(gone.disabled).toBe(true);
    fireEvent.click(gone);
    expect(c.reveal).toHaveBeenCalledTimes(1);
  });

  it('a claim the page can no longer show gets a clear message instead of nothing', async () => {
    const c = client(done([pageClaim(4, { text: 'Moved sentence.' })]));
    c.reveal.mockResolvedValueOnce(false);
    render(<Popup client={c} />);
    fireEvent.click((await screen.findByText('Moved sentence.')).closest('button')!);
    expect((await screen.findByRole('alert')).textContent).toBe(
      'That sentence could not be shown: the page may have changed. Reload it to analyse it again.',
    );
    fireEvent.click(screen.getByText('Moved sentence.').closest('button')!);
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
  });

  it('site switches: highlights off on this site writes sites[host].highlights = false, and back on removes it', async () => {
    const s = memorySettings();
    render(<Popup client={client(done([pageClaim(0, {})]))} settings={s} />);
    const site = await screen.findByRole('region', { name: 'On example.test' });
    const box = within(site).getByRole('checkbox', { name: 'Highlight claims on this site' }) as HTMLInputElement;
    expect(box.checked).toBe(true);
    fireEvent.click(box);
    await waitFor(() => expect(s.current.sites['example.test']).toEqual({ highlights: false }));
    expect(shouldHighlight(s.current, 'example.test')).toBe(false);
    await waitFor(() => expect(box.checked).toBe(false));
    fireEvent.click(box);
    await waitFor(() => expect(s.current.sites).toEqual({}));
    const never = within(site).getByRole('checkbox', { name: 'Never scan this site' });
    fireEvent.click(never);
    await waitFor(() => expect(s.current.sites['example.test']).toEqual({ scan: 'deny' }));
    expect(s.update).toHaveBeenCalledTimes(3);
  });

  it('follows settings changed elsewhere (keyboard shortcut): global highlights off shows a note', async () => {
    const s = memorySettings();
    render(<Popup client={client(done([pageClaim(0, {})]))} settings={s} />);
    await screen.findByRole('region', { name: 'On example.test' });
    expect(screen.queryByText(/Highlights are off everywhere/)).toBeNull();
    s.emit({ ...s.current, highlights: false });
    expect(await screen.findByText('Highlights are off everywhere (Alt+Shift+H or the options page).')).toBeTruthy();
  });

  it('a failed save is reported and loses nothing', async () => {
    const s = memorySettings();
    s.update.mockRejectedValueOnce(new Error('Test storage full'));
    render(<Popup client={client(done([pageClaim(0, {})]))} settings={s} />);
    const box = await screen.findByRole('checkbox', { name: 'Highlight claims on this site' });
    fireEvent.click(box);
    expect((await screen.findByRole('alert')).textContent).toBe('Could not save the setting: Test storage full');
    expect(s.current).toEqual(DEFAULT_SETTINGS);
    expect((box as HTMLInputElement).checked).toBe(true);
    expect(screen.getByText(result().text)).toBeTruthy();
  });

  it('"this match looks wrong" from a claim’s details records a false match and confirms; already-reported ones show it', async () => {
    const recorded: FalseMatch[] = [];
    const fm = {
      list: vi.fn(async () => [
        { url: 'https://example.test/article', sentence: 'Reported before.', claimId: 'zavodsk-captured', score: 0.8, status: 'corroborated', at: 'x' },
      ]),
      record: vi.fn(async (f: FalseMatch) => void recorded.push(f)),
    };
    const state = { ...done([pageClaim(0, { text: 'Fresh sentence.' }), pageClaim(1, { text: 'Reported before.' })]), url: `${PAGE}?utm=x#top` } as PageState;
    render(<Popup client={client(state)} falseMatches={fm} />);
    const row = (await screen.findByText('Fresh sentence.')).closest('li')!;
    fireEvent.click(within(row).getByRole('button', { name: 'Details' }));
    fireEvent.click(within(row).getByRole('button', { name: 'This match looks wrong' }));
    expect((await within(row).findByRole('status')).textContent).toContain('Recorded');
    expect(recorded).toEqual([
      {
        url: PAGE,
        sentence: 'Fresh sentence.',
        claimId: 'zavodsk-captured',
        score: 0.8,
        status: 'corroborated',
        at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        packVersion: '9.9.9-test',
      },
    ]);
    expect(isFalseMatch(recorded[0])).toBe(true);
    const before = screen.getByText('Reported before.').closest('li')!;
    fireEvent.click(within(before).getByRole('button', { name: 'Details' }));
    expect(within(before).queryByRole('button', { name: 'This match looks wrong' })).toBeNull();
    expect(within(before).getByRole('status').textContent).toContain('Recorded');
  });

  it('a report that cannot be saved says so and keeps the button', async () => {
    const fm = { list: vi.fn(async () => []), record: vi.fn(async () => Promise.reject(new Error('Test quota'))) };
    render(<Popup client={client(done([pageClaim(0, { text: 'Fresh sentence.' })]))} falseMatches={fm} />);
    const row = (await screen.findByText('Fresh sentence.')).closest('li')!;
    fireEvent.click(within(row).getByRole('button', { name: 'Details' }));
    fireEvent.click(within(row).getByRole('button', { name: 'This match looks wrong' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Could not record the report: Test quota');
    expect(within(row).getByRole('button', { name: 'This match looks wrong' })).toBeTruthy();
  });

  it('without a false-match store there is no report button', async () => {
    render(<Popup client={client(done([pageClaim(0, { text: 'Fresh sentence.' })]))} />);
    fireEvent.click(within((await screen.findByText('Fresh sentence.')).closest('li')!).getByRole('button', { name: 'Details' }));
    expect(screen.queryByRole('button', { name: 'This match looks wrong' })).toBeNull();
  });

  it('the options button opens the options page; a failure is shown', async () => {
    const s = memorySettings();
    render(<Popup client={client(done([]))} settings={s} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Options' }));
    await waitFor(() => expect(s.openOptions).toHaveBeenCalledOnce());
    s.openOptions.mockRejectedValueOnce(new Error('no options page'));
    fireEvent.click(screen.getByRole('button', { name: 'Options' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Could not open the options: no options page');
  });
});

describe('messaging over fakeBrowser', () => {
  beforeEach(() => {
    fakeBrowser.reset();
  });

  type Listener = (msg: unknown, sender: object, sendResponse: (r: unknown) => void) => unknown;
  /**
   * fakeBrowser implements Chrome's callback protocol only (a listener returns `true` and calls sendResponse); in the
   * extension, webextension-polyfill lets listeners return a promise. This shim does what the polyfill does.
   */
  function promiseListeners() {
    const ev = fakeBrowser.runtime.onMessage as unknown as { addListener(l: Listener): void; removeListener(l: Listener): void };
    const add = ev.addListener.bind(ev);
    const remove = ev.removeListener.bind(ev);
    const wrapped = new Map<Listener, Listener>();
    vi.spyOn(ev, 'addListener').mockImplementation((l: Listener) => {
      const w: Listener = (msg, sender, sendResponse) => {
        const r = l(msg, sender, sendResponse);
        if (r instanceof Promise) {
          void r.then(sendResponse);
          return true;
        }
        return r;
      };
      wrapped.set(l, w);
      add(w);
    });
    vi.spyOn(ev, 'removeListener').mockImplementation((l: Listener) => remove(wrapped.get(l) ?? l));
  }

  it('sendToBackground triggers the onMessages handler in the same context', async () => {
    const analyze = vi.fn(({ candidates }: AnalyzeRequest) => ({
      results: [],
      pack: { id: 'test-pack', version: '1', claims: candidates!.length, statements: 0 },
      ms: 1,
    }));
    const getState = vi.fn((): PageState => ({ kind: 'working', url: PAGE, step: 'x' }));
    onMessages({ analyze, getState });
    await sendToBackground('analyze', { candidates: detectClaims(['Officials said 5 people died.', 'Two.']) });
    expect(analyze).toHaveBeenCalledOnce();
    expect(analyze.mock.calls[0]![0].candidates!.map((c) => c.text)).toEqual(['Officials said 5 people died.']);
    expect(getState).not.toHaveBeenCalled();
  });

  it('round trip: the handler’s answer comes back to the sender', async () => {
    promiseListeners();
    const stop = onMessages({
      analyze: async ({ candidates }) => ({ results: [], pack: { id: 'test-pack', version: '1', claims: candidates!.length, statements: 0 }, ms: 1 }),
      reveal: ({ index }) => index === 3,
    });
    const res = await sendToBackground('analyze', { candidates: detectClaims(['Officials said 5 people died.', 'They said 9 were hurt.']) });
    expect(res.pack.claims).toBe(2);
    expect(await sendToBackground('reveal', { index: 3 })).toBe(true);
    expect(await sendToBackground('reveal', { index: 4 })).toBe(false);
    stop();
    expect(fakeBrowser.runtime.onMessage.hasListeners()).toBe(false);
    await expect(sendToBackground('reveal', { index: 3 })).rejects.toThrow('No listeners available');
  });

  it('leaves messages that are not ours, or have no handler, to other listeners', async () => {
    promiseListeners();
    const reveal = vi.fn(() => true);
    onMessages({ reveal });
    const seen: unknown[] = [];
    fakeBrowser.runtime.onMessage.addListener((msg: unknown) => {
      seen.push(msg);
      return Promise.resolve('other listener');
    });
    expect(await fakeBrowser.runtime.sendMessage({ hello: 'not ours' })).toBe('other listener');
    expect(await sendToBackground('getState', undefined)).toBe('other listener');
    expect(reveal).not.toHaveBeenCalled();
    expect(seen).toEqual([{ hello: 'not ours' }, { crosscheck: 1, type: 'getState', data: undefined }]);
  });
});

describe('Popup: scanning switched off', () => {
  it('offers "Scan this page" when automatic scanning is off, and shows the result', async () => {
    let scanned = false;
    const client = {
      getState: async () =>
        (scanned
          ? { url: 'https://news.example/a', kind: 'not-article', reason: 'No article here.' }
          : { url: 'https://news.example/a', kind: 'off', cause: 'autoScan', reason: 'Automatic scanning is off.' }) as never,
      reveal: async () => false,
      scan: async () => {
        scanned = true;
        return null;
      },
    };
    render(<Popup client={client} pollMs={10} />);
    const button = await screen.findByRole('button', { name: 'Scan this page' });
    fireEvent.click(button);
    expect((await screen.findAllByText(/No article here\./)).length).toBeGreaterThan(0);
    expect(scanned).toBe(true);
  });
});

describe('ClaimCard: the speaker', () => {
  it('names the reference origin the page’s speaker was mapped to', () => {
    render(<ClaimCard claim={result({ attributedTo: 'the defence ministry', attributedOrigin: { id: 'ru-mod', name: 'Russian Ministry of Defence' } })} />);
    expect(screen.getByText(/In the reference set: Russian Ministry of Defence\./)).toBeTruthy();
    cleanup();
    render(<ClaimCard claim={result({ attributedTo: 'a blogger', attributedOrigin: null })} />);
    expect(screen.queryByText(/In the reference set/)).toBeNull();
  });
});
