// @vitest-environment jsdom
/**
 * lib/dom in Node: text-quote anchoring (prefix/suffix choose between repeats, re-anchoring after a re-render), the
 * generator form of the text map, the element fallback's wrap/unwrap (jsdom), stale cleanup, the slicer's accounting
 * and the rescan scheduler's batching and back-off (fake clock). The same code runs in Chromium in the e2e tests.
 */
import { describe, expect, it } from 'vitest';
import { anchorQuote, buildTextMap, quoteAt, rangeStillHolds, textMapSteps } from '../../lib/page/anchor';
import { clearStale, ElementHighlighter, highlightCss, markCss, MARK_TAG } from '../../lib/page/highlighter';
import { Slicer } from '../../lib/page/slices';
import { RescanScheduler, textMutation } from '../../lib/page/watch';

function page(html: string): Document {
  return new DOMParser().parseFromString(`<!doctype html><html><body>${html}</body></html>`, 'text/html');
}

describe('text-quote anchoring', () => {
  const html = `<p>Officials said the bridge was closed. Traffic moved north.</p>
    <p>Later, officials said the bridge was closed. Nobody was hurt.</p>`;

  it('picks the repeat whose surroundings match the prefix and suffix', () => {
    const d = page(html);
    const map = buildTextMap(d.body);
    const exact = 'said the bridge was closed.';
    const second = map.text.lastIndexOf(exact);
    const sel = quoteAt(map, second, second + exact.length);
    expect(sel.prefix.endsWith('Later, officials ')).toBe(true);
    const found = anchorQuote(map, sel)!;
    expect(found.start).toBe(second);
    expect(found.range.startContainer.parentElement).toBe(d.querySelectorAll('p')[1]);
    // Without context the first occurrence at or after `from` wins.
    expect(anchorQuote(map, { exact, prefix: '', suffix: '' })!.start).toBe(map.text.indexOf(exact));
  });

  it('finds a claim again after the page re-rendered it (new nodes, same text), and reports text that is gone', () => {
    const d = page(html);
    let map = buildTextMap(d.body);
    const exact = 'Nobody was hurt.';
    const at = map.text.indexOf(exact);
    const sel = quoteAt(map, at, at + exact.length);
    const old = anchorQuote(map, sel)!.range;
    const p = d.querySelectorAll('p')[1]!;
    p.replaceWith(p.cloneNode(true));
    expect(rangeStillHolds(old, exact)).toBe(false);
    map = buildTextMap(d.body);
    const again = anchorQuote(map, sel)!;
    expect(rangeStillHolds(again.range, exact)).toBe(true);
    d.querySelectorAll('p')[1]!.remove();
    expect(anchorQuote(buildTextMap(d.body), sel)).toBeNull();
  });

  it('the generator form pauses between nodes and builds the same map', () => {
    const d = page(Array.from({ length: 50 }, (_, i) => `<p>Paragraph ${i} has some text.</p>`).join(''));
    const steps = textMapSteps(d.body, 2_000_000, 10);
    let pauses = 0;
    let r = steps.next();
    while (!r.done) {
      pauses++;
      r = steps.next();
    }
    expect(pauses).toBe(5);
    expect(r.value.text).toBe(buildTextMap(d.body).text);
  });
});

describe('the element fallback renderer (jsdom)', () => {
  it('wraps each run of a marked sentence and restores the exact DOM on clear()', () => {
    const d = page('<p id="x">Before. The <em>General Staff</em> said troops <a href="#">withdrew</a> today. After.</p>');
    const before = d.body.innerHTML;
    const map = buildTextMap(d.body);
    const exact = 'The General Staff said troops withdrew today.';
    const at = map.text.indexOf(exact);
    const { range } = anchorQuote(map, quoteAt(map, at, at + exact.length))!;
    const h = new ElementHighlighter(d);
    h.set([{ index: 7, status: 'disputed', range }]);
    const els = d.querySelectorAll(MARK_TAG);
    expect(els.length).toBe(5);
    expect([...els].map((e) => e.textContent).join('')).toBe(exact);
    expect(d.body.textContent).toBe(page(before).body.textContent);
    expect(h.indices).toEqual([7]);
    expect(h.range(7)!.toString()).toBe(exact);
    h.activate(7);
    expect(d.querySelectorAll(`${MARK_TAG}[data-active]`).length).toBe(5);
    h.clear();
    expect(d.body.innerHTML).toBe(before);
    expect(d.getElementById('x')!.childNodes.length).toBe(page(before).getElementById('x')!.childNodes.length);
  });

  it('never wraps inside form fields or editable regions', () => {
    const d = page('<div contenteditable="true">Troops withdrew today.</div>');
    const r = d.createRange();
    r.selectNodeContents(d.querySelector('div')!);
    const h = new ElementHighlighter(d);
    h.set([{ index: 0, status: 'corroborated', range: r }]);
    expect(d.querySelectorAll(MARK_TAG).length).toBe(0);
  });
});

describe('style rules', () => {
  it('one underline style per status, on light and dark pages', () => {
    for (const css of [highlightCss('light'), highlightCss('dark'), markCss('light'), markCss('dark')]) {
      expect(css).toMatch(/corroborated[^}]*underline solid/);
      expect(css).toMatch(/disputed[^}]*underline wavy/);
      expect(css).toMatch(/single-sourced[^}]*underline dashed/);
    }
    expect(highlightCss('dark')).not.toBe(highlightCss('light'));
  });
});

describe('clearStale', () => {
  it('removes an old instance’s marks (text kept, nodes merged), style element and card host', () => {
    const d = page('<p id="p">Left <crosscheck-mark data-status="disputed">behind</crosscheck-mark> here.</p><crosscheck-ui></crosscheck-ui><style data-crosscheck>x{}</style>');
    expect(clearStale(d)).toBe(3);
    expect(d.body.innerHTML).toBe('<p id="p">Left behind here.</p>');
    expect(d.getElementById('p')!.childNodes.length).toBe(1);
  });
});

describe('Slicer', () => {
  it('adds up slices, keeps the longest, and yields when the budget is used', async () => {
    let now = 0;
    let yields = 0;
    const s = new Slicer(10, async () => void yields++, () => now);
    await s.each([4, 4, 4, 30, 1], (ms) => void (now += ms));
    // slices: 4+4+4 = 12 (yield), 30 (yield), 1
    expect(yields).toBe(2);
    expect(s.mainThreadMs).toBe(43);
    expect(s.longestTaskMs).toBe(30);
    expect(s.slices).toBe(3);
    // Waiting for something else is not our main-thread time.
    s.begin();
    now += 2;
    await s.wait(new Promise<void>((r) => setTimeout(r, 1)).then(() => void (now += 100)));
    now += 3;
    s.end();
    expect(s.mainThreadMs).toBe(48);
  });

  it('charges each part of a slice to the step set while it ran', () => {
    let now = 0;
    const s = new Slicer(10, async () => undefined, () => now);
    s.step = 'a';
    s.begin();
    now += 2;
    s.step = 'b';
    now += 5;
    s.step = 'a';
    now += 1;
    s.end();
    now += 50; // outside any slice: nobody's
    s.step = 'c';
    s.begin();
    now += 4;
    s.end();
    expect(s.byStep).toEqual({ a: 3, b: 5, c: 4 });
    expect(s.mainThreadMs).toBe(12);
    expect([s.longestTaskMs, s.longestStep]).toEqual([8, 'a']);
  });
});

describe('RescanScheduler', () => {
  function harness() {
    let now = 0;
    const timers: { at: number; fn: () => void; id: number }[] = [];
    let nextId = 1;
    const runs: number[] = [];
    const s = new RescanScheduler(
      async () => {
        runs.push(now);
        now += 20; // the run takes 20 ms
      },
      {
        now: () => now,
        setTimer: (fn, ms) => {
          const id = nextId++;
          timers.push({ at: now + ms, fn, id });
          return id;
        },
        clearTimer: (id) => {
          const i = timers.findIndex((t) => t.id === id);
          if (i >= 0) timers.splice(i, 1);
        },
      },
    );
    /** Advances the clock to `t`, firing due timers in order. */
    const advance = async (t: number) => {
      for (;;) {
        timers.sort((a, b) => a.at - b.at);
        const next = timers[0];
        if (!next || next.at > t) break;
        timers.shift();
        now = next.at;
        next.fn();
        await new Promise((r) => setTimeout(r, 0));
      }
      now = Math.max(now, t);
    };
    return { s, runs, advance, get now() {
      return now;
    } };
  }

  it('batches a burst of requests into one run after the debounce', async () => {
    const h = harness();
    for (let t = 0; t < 300; t += 10) {
      await h.advance(t);
      h.s.request();
    }
    await h.advance(5_000);
    expect(h.runs).toEqual([500]);
  });

  it('backs off just as much when the watcher only listens from one run to the next change (paused observer)', async () => {
    const h = harness();
    // The content script's observer: listening again when a run starts, silent from its request until the next run.
    let listening = true;
    let runsSeen = 0;
    for (let t = 0; t < 60_000; t += 10) {
      await h.advance(t);
      if (h.runs.length > runsSeen) {
        runsSeen = h.runs.length;
        listening = true;
      }
      if (listening) {
        h.s.request();
        listening = false;
      }
    }
    await h.advance(60_000);
    console.log(`scheduler with a paused observer, page changing every 10 ms for 60 s: runs at ${h.runs.join(', ')} ms`);
    const gaps = h.runs.slice(1).map((t, i) => t - h.runs[i]!);
    expect(h.runs.length).toBeLessThanOrEqual(8);
    // A gap longer than the quiet time (10 s) does not reset the back-off: the page changed again as soon as each run
    // began listening.
    for (let i = 1; i < gaps.length; i++) expect(gaps[i]!).toBeGreaterThanOrEqual(Math.min(gaps[i - 1]!, 30_000));
  });

  it('backs off on a page that changes every 10 ms for a minute: a handful of runs, gaps growing', async () => {
    const h = harness();
    for (let t = 0; t < 60_000; t += 10) {
      await h.advance(t);
      h.s.request();
    }
    await h.advance(60_000);
    console.log(`scheduler on a page changing every 10 ms for 60 s: runs at ${h.runs.join(", ")} ms`);
    expect(h.runs.length).toBeLessThanOrEqual(8);
    const gaps = h.runs.slice(1).map((t, i) => t - h.runs[i]!);
    for (let i = 1; i < gaps.length; i++) expect(gaps[i]!).toBeGreaterThanOrEqual(gaps[i - 1]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(2_000);
  });

  it('an urgent request (navigation) resets the back-off and runs soon', async () => {
    const h = harness();
    for (let t = 0; t < 20_000; t += 10) {
      await h.advance(t);
      h.s.request();
    }
    const before = h.runs.length;
    await h.advance(20_001);
    h.s.request(true);
    await h.advance(20_400);
    expect(h.runs.length).toBe(before + 1);
    expect(h.runs.at(-1)! - 20_001).toBeLessThanOrEqual(200);
  });
});

describe('textMutation', () => {
  it('counts text changes of the page, not of our own nodes', () => {
    const d = page('<p>Hello</p><crosscheck-ui></crosscheck-ui>');
    const ours = (n: Node) => !!(n.nodeType === 1 ? (n as Element) : n.parentElement)?.closest('crosscheck-ui, crosscheck-mark');
    const rec = (r: Partial<MutationRecord>) => ({ addedNodes: [], removedNodes: [], oldValue: null, ...r }) as unknown as MutationRecord;
    const p = d.querySelector('p')!;
    const added = d.createElement('div');
    added.textContent = 'New paragraph';
    expect(textMutation(rec({ type: 'childList', target: d.body, addedNodes: [added] as unknown as NodeList }), ours)).toBe(true);
    expect(textMutation(rec({ type: 'childList', target: d.body, addedNodes: [d.createElement('img')] as unknown as NodeList }), ours)).toBe(false);
    expect(textMutation(rec({ type: 'characterData', target: p.firstChild!, oldValue: 'Hi' }), ours)).toBe(true);
    const ui = d.querySelector('crosscheck-ui')!;
    ui.textContent = 'card';
    expect(textMutation(rec({ type: 'childList', target: ui, addedNodes: [ui.firstChild!] as unknown as NodeList }), ours)).toBe(false);
  });
});
