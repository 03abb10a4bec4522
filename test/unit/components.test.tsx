// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ClaimCard } from '../../components/ClaimCard';
import { Popup, type PageClient } from '../../components/Popup';
import type { ClaimResult } from '../../lib/engine';
import { onMessages, sendToBackground } from '../../lib/ext/messaging';
import type { AnalyzeRequest, PageClaim, PageState } from '../../lib/ext/protocol';
import { detectClaims } from '../../lib/detect';
import type { SourceRef } from '../../lib/verdict';

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

describe('ClaimCard', () => {
  it.each([
    ['corroborated', 'Corroborated'],
    ['disputed', 'Disputed'],
    ['single-sourced', 'Single-sourced'],
    ['unmatched', 'No reference found'],
  ] as const)('%s shows the label %j', (status, label) => {
    render(<ClaimCard claim={result({ status })} />);
    const dialog = screen.getByRole('dialog');
    expect(dialog.getAttribute('aria-label')).toBe(`Crosscheck: ${status}`);
    expect(dialog.getAttribute('data-status')).toBe(status);
    expect(within(dialog).getByText(label)).toBeTruthy();
  });

  it('shows why, attribution and the matched reference claim', () => {
    render(<ClaimCard claim={result()} />);
    expect(screen.getByText(result().why)).toBeTruthy();
    expect(screen.getByText('the defence ministry').tagName).toBe('STRONG');
    expect(screen.getByText('Russian forces captured the town of Zavodsk in early July 2022.', { exact: false })).toBeTruthy();
  });

  it('lists each statement with origin, group, date and linked reports', () => {
    render(<ClaimCard claim={result()} />);
    const statements = [...screen.getByRole('dialog').querySelectorAll<HTMLElement>('.cc-source')];
    expect(statements).toHaveLength(2);

    const [ru, isw] = statements as [HTMLElement, HTMLElement];
    expect(ru.textContent).toContain('Russian MoD');
    expect(ru.textContent).toContain('Russian state · party to the conflict');
    expect(ru.querySelector('.cc-origin time')?.getAttribute('datetime')).toBe('2022-07-03');
    expect(isw.textContent).toContain('ISW · independent');
    expect(isw.textContent).toContain('Test summary: ISW assessed that the town had fallen.');

    const links = within(ru).getAllByRole('link');
    expect(links.map((a) => [a.textContent, a.getAttribute('href')])).toEqual([
      ['Test Wire', 'https://example.test/ru-mod-1'],
      ['Second Wire', 'https://example.test/ru-mod-2'],
    ]);
    expect(links[0]!.getAttribute('rel')).toContain('noopener');
    expect([...ru.querySelectorAll('.cc-reports time')].map((t) => t.getAttribute('datetime'))).toEqual(['2022-07-03', '2022-07-04']);
    expect(within(isw).getByRole('link').getAttribute('href')).toBe('https://example.test/isw');
  });

  it('shows figure checks, but not unknown ones', () => {
    render(
      <ClaimCard
        claim={result({
          status: 'disputed',
          figures: [
            { text: 'nine', value: 9, check: 'differs', note: 'figure differs from source: 5 as of 2022-07-04 (Test service)' },
            { text: '40', value: 40, check: 'matches' },
            { text: 'three', value: 3, check: 'unknown' },
          ],
        })}
      />,
    );
    const figs = screen.getByRole('list', { name: 'Figures' });
    const items = within(figs).getAllByRole('listitem').map((li) => li.textContent);
    expect(items).toHaveLength(2);
    expect(items[0]).toContain('nine: figure differs from source: 5 as of 2022-07-04 (Test service)');
    expect(items[1]).toContain('40: matches the source');
  });

  it('an unmatched claim has no sources, figures or reference claim', () => {
    const { container } = render(<ClaimCard claim={result({ status: 'unmatched', match: null, sources: [], attributedTo: null })} />);
    expect(container.querySelector('.cc-source')).toBeNull();
    expect(screen.queryByRole('link')).toBeNull();
    expect(screen.queryByRole('list', { name: 'Figures' })).toBeNull();
    expect(container.querySelector('.cc-match')).toBeNull();
    expect(container.querySelector('.cc-attr')).toBeNull();
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
});

describe('Popup', () => {
  const pageClaim = (index: number, over: Partial<PageClaim>): PageClaim => ({ ...result(), index, anchored: true, ...over });
  const done = (claims: PageClaim[]): PageState => ({
    kind: 'done',
    url: PAGE,
    title: 'Test article',
    claims,
    pack: { id: 'test-pack', version: '9.9.9-test', claims: 3, statements: 7 },
    timings: { extractMs: 1, detectMs: 1, analyzeMs: 2, matchMs: 1, anchorMs: 3, totalMs: 12.4 },
  });
  const client = (...states: (PageState | null | Error)[]): PageClient & { reveal: ReturnType<typeof vi.fn> } => {
    let i = 0;
    return {
      getState: vi.fn(async () => {
        const s = states[Math.min(i++, states.length - 1)]!;
        if (s instanceof Error) throw s;
        return s;
      }),
      reveal: vi.fn(async () => true),
    };
  };

  it.each([
    ['no content script answers', null],
    ['the request fails', new Error('Could not establish connection')],
  ])('unreachable when %s', async (_name, state) => {
    render(<Popup client={client(state)} />);
    expect(await screen.findByText('Crosscheck can’t read this page.')).toBeTruthy();
  });

  it('shows "looking" before the first answer', () => {
    render(<Popup client={{ getState: () => new Promise(() => {}), reveal: async () => true }} />);
    expect(screen.getByText('Looking at this page…')).toBeTruthy();
  });

  it('shows the not-article reason', async () => {
    render(<Popup client={client({ kind: 'not-article', url: PAGE, reason: "This page doesn't look like an article." })} />);
    expect(await screen.findByText('No article here.')).toBeTruthy();
    expect(screen.getByText("This page doesn't look like an article.", { exact: false })).toBeTruthy();
  });

  it('shows an error', async () => {
    render(<Popup client={client({ kind: 'error', url: PAGE, reason: 'Test failure reason.' })} />);
    expect((await screen.findByRole('alert')).textContent).toContain('Test failure reason.');
  });

  it('shows progress while working, then the result', async () => {
    const c = client({ kind: 'working', url: PAGE, step: 'Reading the article…' }, { kind: 'working', url: PAGE, step: 'Checking claims…' }, done([]));
    render(<Popup client={c} pollMs={5} />);
    expect((await screen.findByRole('status')).textContent).toContain('Reading the article…');
    expect(await screen.findByText('No check-worthy claims found.')).toBeTruthy();
    expect(c.getState).toHaveBeenCalledTimes(3);
  });

  it('done: counts per status, grouped list, pack version', async () => {
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
    expect(screen.getByText('4 claims')).toBeTruthy();

    const disputed = screen.getByRole('region', { name: 'Disputed: 2' });
    expect(within(disputed).getAllByRole('button').map((b) => b.textContent)).toEqual([
      expect.stringContaining('Disputed sentence one.'),
      expect.stringContaining('Disputed sentence two.'),
    ]);
    expect(within(disputed).getAllByRole('button')[0]!.textContent).toContain('2 origins · 3 outlets');
    expect(screen.queryByRole('region', { name: /^Corroborated/ })).toBeNull();
    expect(within(screen.getByRole('region', { name: 'No reference found: 1' })).getByRole('button').textContent).toContain('Unmatched sentence.');
    expect(screen.getByText(/Reference pack 9\.9\.9-test · analysed in 12 ms/)).toBeTruthy();
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
      pack: { id: 'test-pack', version: '1', claims: candidates.length, statements: 0 },
      ms: 1,
    }));
    const getState = vi.fn((): PageState => ({ kind: 'working', url: PAGE, step: 'x' }));
    onMessages({ analyze, getState });
    await sendToBackground('analyze', { candidates: detectClaims(['Officials said 5 people died.', 'Two.']) });
    expect(analyze).toHaveBeenCalledOnce();
    expect(analyze.mock.calls[0]![0].candidates.map((c) => c.text)).toEqual(['Officials said 5 people died.']);
    expect(getState).not.toHaveBeenCalled();
  });

  it('round trip: the handler’s answer comes back to the sender', async () => {
    promiseListeners();
    const stop = onMessages({
      analyze: async ({ candidates }) => ({ results: [], pack: { id: 'test-pack', version: '1', claims: candidates.length, statements: 0 }, ms: 1 }),
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
