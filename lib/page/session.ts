/**
 * The page session: one per page a content script runs in. Extracts the article (Readability, on a clone), sends its
 * blocks to the background engine, anchors each result in the live page, highlights by status, keeps the card and
 * answers the popup.
 *
 * - Settings apply live: whether to scan at all, highlights on/off, which statuses are marked.
 * - Dynamic pages: one batched MutationObserver and single-page navigation; re-extracts, re-analyses when the
 *   article's sentences changed, re-anchors the claims (text quotes) when only the DOM around them changed, with
 *   back-off for pages that never stop changing (watch.ts).
 * - Work is split into short slices that yield to the page (slices.ts), and measured.
 * - Everything is tied to the context: an extension reload or update removes our marks and card; a new instance
 *   first removes whatever an old one left. Nothing is ever thrown into the page.
 *
 * Browser glue (messaging, storage, the shadow-root UI) comes in as `SessionDeps` from the content entrypoint, so
 * this file is framework-free and runs under happy-dom in the unit tests.
 */
import { anchorQuote, quoteAt, rangeStillHolds, textMapSteps, type QuoteSelector } from './anchor';
import { CardController } from './card';
import { isContextGone, quietly, type PageContext } from './context';

export { isContextGone, quietly, type PageContext } from './context';
import { clearStale, createHighlighter, MARK_TAG, pageLooksDark, type Highlighter, type Mark } from './highlighter';
import { Slicer } from './slices';
import { RescanScheduler, textMutation } from './watch';
import { pageHtml } from './extract';
import { t } from '../i18n';
import type { PackInfo, PageClaim, PageState, Protocol, Timings } from '../ext/protocol';
import { DEFAULT_SETTINGS, normalizeSettings, shouldHighlight, shouldScan, type FalseMatch, type Settings } from '../settings';

type Send = <K extends keyof Protocol>(type: K, data: Protocol[K][0]) => Promise<Protocol[K][1]>;
type PageHandlers = {
  getState: () => PageState;
  reveal: (d: { index: number }) => boolean;
  scan: () => Promise<PageState>;
};

export interface SessionDeps {
  ctx: PageContext;
  send: Send;
  onMessages: (handlers: PageHandlers) => () => void;
  loadSettings: () => Promise<Settings>;
  watchSettings: (cb: (v: unknown) => void) => () => void;
  recordFalseMatch: (f: FalseMatch) => Promise<void>;
  /** Mounts the card's UI (a shadow root) and paints the controller's props into it. */
  mountView: (view: CardController) => Promise<void>;
  unmountView?: () => void;
  /** The tag of our UI's host element. */
  uiTag: string;
}

type Analysis = PageState extends infer S ? (S extends PageState ? Omit<S, 'url'> : never) : never;

interface Anchor {
  selector: QuoteSelector;
  range?: Range;
}

export class PageSession {
  private settings: Settings = DEFAULT_SETTINGS;
  private url = location.href;
  private state: PageState = { url: this.url, kind: 'working', step: t('pageWorking') };
  private slicer = new Slicer();
  private claims: PageClaim[] = [];
  private anchors = new Map<number, Anchor>();
  private key: string | undefined;
  private pack: PackInfo | undefined;
  private timings: Timings | undefined;
  private title = '';
  private scans = 0;
  private looksAtNav = 0;
  /** The popup asked to scan this page although the settings would not. */
  private manual = false;
  private view: CardController | undefined;
  private highlighter: Highlighter;
  private observer: MutationObserver | undefined;
  /** Whether the observer is listening (it pauses between a change and the look it asked for). */
  private observing = false;
  private readonly scheduler: RescanScheduler;
  private dead = false;

  private readonly ctx: PageContext;

  constructor(private readonly deps: SessionDeps) {
    const ctx = deps.ctx;
    this.ctx = ctx;
    // The element fallback is chosen by itself where CSS.highlights is missing; `?crosscheck-renderer=elements` on a
    // page's address picks it anyway, so the browser tests can run it inside the extension in Chromium too.
    this.highlighter = createHighlighter(document, { fallback: /[?&]crosscheck-renderer=elements\b/.test(location.search) });
    this.scheduler = new RescanScheduler(() => this.refresh(false), {
      setTimer: (fn, ms) => ctx.setTimeout(fn, ms),
      clearTimer: (id) => clearTimeout(id as number),
    });
  }

  async start(): Promise<void> {
    const { ctx } = this;
    this.onGone(() => this.teardown());
    // A page that stayed open across an extension reload may still carry an old instance's marks and card.
    this.slicer.step = 'cleanup';
    this.slicer.measure(() => clearStale(document, this.deps.uiTag));
    const off = this.deps.onMessages({
      getState: () => this.snapshot(),
      reveal: ({ index }) => this.view?.reveal(index) ?? false,
      scan: () => this.scanNow(),
    });
    this.onGone(off);
    // Notice a reload even when nothing else happens: ctx checks `browser.runtime.id` on each tick.
    ctx.setInterval(() => undefined, 1_000);
    this.settings = await this.deps.loadSettings().catch(() => DEFAULT_SETTINGS);
    if (ctx.isInvalid) return;
    const unwatch = this.deps.watchSettings((v) => {
      try {
        this.onSettings(normalizeSettings(v));
      } catch (e) {
        quietly(e);
      }
    });
    this.onGone(unwatch);
    ctx.addEventListener(window, 'wxt:locationchange', (e) => this.onNavigate(String((e as Event & { newUrl?: URL }).newUrl ?? location.href)));
    await this.refresh(true);
  }

  /** Cleanup on invalidation: after a reload every browser.* call throws, and nothing may escape into the page. */
  private onGone(fn: () => void) {
    this.ctx.onInvalidated(() => {
      try {
        fn();
      } catch (e) {
        quietly(e);
      }
    });
  }

  private get host() {
    return location.hostname;
  }

  private snapshot(): PageState {
    const s = this.state;
    if (s.kind !== 'done') return s;
    return {
      ...s,
      claims: this.claims,
      scans: this.scans,
      looks: this.scheduler.runs - this.looksAtNav,
      timings: {
        ...s.timings,
        mainThreadMs: this.slicer.mainThreadMs,
        longestTaskMs: this.slicer.longestTaskMs,
        longestTaskStep: this.slicer.longestStep,
        stepsMs: { ...this.slicer.byStep },
      },
    };
  }

  private wantsScan() {
    return this.manual || shouldScan(this.settings, this.host);
  }

  private offState(): PageState {
    const denied = this.settings.sites[this.host.toLowerCase()]?.scan === 'deny';
    return denied
      ? { url: this.url, kind: 'off', cause: 'site', reason: t('pageOffSite', this.host) }
      : { url: this.url, kind: 'off', cause: 'autoScan', reason: t('pageOffAutoScan') };
  }

  private onSettings(next: Settings) {
    if (this.dead) return;
    const before = this.settings;
    this.settings = next;
    const scanned = this.manual || shouldScan(before, this.host);
    if (scanned !== this.wantsScan() || before.minScore !== next.minScore) {
      this.key = undefined; // analyse again
      this.scheduler.request(true);
      return;
    }
    if (this.state.kind === 'done') void this.applyMarks().catch(quietly);
  }

  /** Single-page navigation (the Navigation API reports it before `location` changes, hence the URL argument). */
  private onNavigate(to: string) {
    const page = (u: string) => u.replace(/#.*$/, '');
    if (this.dead || page(to) === page(this.url)) return; // same page, another section
    this.url = to;
    this.manual = false;
    this.key = undefined;
    this.claims = [];
    this.anchors.clear();
    this.slicer = new Slicer();
    this.scans = 0;
    this.looksAtNav = this.scheduler.runs;
    this.view?.close();
    this.withoutObserving(() => this.highlighter.clear());
    this.view?.setClaims([]);
    this.state = { url: this.url, kind: 'working', step: t('pageWorking') };
    this.scheduler.request(true);
  }

  private async scanNow(): Promise<PageState> {
    this.manual = true;
    this.key = undefined;
    await this.refresh(true);
    return this.snapshot();
  }

  // ── the dynamic page ────────────────────────────────────────────────────────────────────────────────────────────

  private isOurs = (n: Node): boolean => {
    const el = n.nodeType === 1 ? (n as Element) : n.parentElement;
    return !!el?.closest(`${this.deps.uiTag}, ${MARK_TAG}`) || (n.nodeType === 1 && (n as Element).localName === MARK_TAG);
  };

  /**
   * Watches the page for text changes. A change asks for one look; until that look starts (refreshOnce calls this
   * again), more changes add nothing, so the observer stops listening meanwhile: a page that changes every 10 ms would
   * otherwise call into the content script 100 times a second for nothing.
   */
  private observe() {
    if (this.observing || this.dead || !document.body) return;
    this.observer ??= new MutationObserver((records) => {
      try {
        if (records.some((r) => textMutation(r, this.isOurs))) {
          this.scheduler.request();
          this.observer?.disconnect();
          this.observing = false;
        }
      } catch (e) {
        quietly(e);
      }
    });
    this.observer.observe(document.body, { childList: true, subtree: true, characterData: true, characterDataOldValue: true });
    this.observing = true;
  }

  /** Our own DOM writes (fallback marks) are not page changes: deliver the page's records first, drop ours. */
  private withoutObserving<T>(fn: () => T): T {
    const o = this.observer;
    if (o) {
      const pending = o.takeRecords();
      if (pending.some((r) => textMutation(r, this.isOurs))) this.scheduler.request();
    }
    try {
      return fn();
    } finally {
      o?.takeRecords();
    }
  }

  // ── analysis ────────────────────────────────────────────────────────────────────────────────────────────────────

  private running: Promise<void> | undefined;

  /** Looks at the page again: a full analysis when `full` or the article's sentences changed, else a re-anchor. */
  private async refresh(full: boolean): Promise<void> {
    while (this.running) await this.running.catch(() => undefined);
    const run = this.refreshOnce(full);
    this.running = run;
    try {
      await run;
    } finally {
      if (this.running === run) this.running = undefined;
    }
  }

  private async refreshOnce(full: boolean): Promise<void> {
    if (this.dead || this.ctx.isInvalid) return;
    if (!this.wantsScan()) {
      // Not scanning: not watching either (a settings change or the popup's `scan` starts both again).
      this.observer?.disconnect();
      this.observer = undefined;
      this.observing = false;
      this.claims = [];
      this.anchors.clear();
      this.key = undefined;
      this.view?.close();
      this.withoutObserving(() => this.highlighter.clear());
      this.view?.setClaims([]);
      this.state = this.offState();
      void this.deps.send('pageStatus', { kind: 'off' }).catch(quietly);
      return;
    }
    this.observe();
    try {
      const result = await this.analyze(full);
      if (result) this.state = { url: this.url, ...result };
    } catch (e) {
      if (isContextGone(e) || this.ctx.isInvalid) return this.teardown();
      const reason = e instanceof Error ? e.message : String(e);
      this.state = { url: this.url, kind: 'error', reason: t('pageError', reason) };
    } finally {
      this.slicer.end();
    }
    if (this.state.kind === 'not-article' || this.state.kind === 'error')
      void this.deps.send('pageStatus', { kind: this.state.kind }).catch(quietly);
  }

  /** The new state, or undefined when nothing changed. */
  private async analyze(full: boolean): Promise<Analysis | undefined> {
    const s = this.slicer;
    if (!/html/i.test(document.contentType || 'text/html')) return { kind: 'not-article', reason: t('pageNotHtml') };
    await s.wait(idle(this.ctx));
    if (this.ctx.isInvalid) return undefined;
    const url = this.url;
    const lang = document.documentElement.lang || 'en';
    s.begin();
    s.step = 'extract';
    const t0 = performance.now();
    const m0 = s.mainThreadMs;
    // The page side: cheap checks and the page's HTML, in slices. Readability runs away from the page (Chrome's
    // offscreen document, Firefox's background page) on the parsed copy, so its one long call never blocks the tab.
    const page = await pageHtml(document, s, { skipTags: [this.deps.uiTag], unwrapTags: [MARK_TAG] });
    s.step = 'send';
    const extraction = page.ok ? await s.wait(this.deps.send('extract', { html: page.html })) : page;
    s.step = 'extract';
    await s.yield();
    const serializeMs = s.mainThreadMs - m0;
    const t1 = performance.now();
    if (this.ctx.isInvalid || url !== this.url) return undefined;
    if (!extraction.ok) {
      if (this.claims.length) this.dropAll();
      this.key = '';
      return { kind: 'not-article', reason: extraction.reason };
    }

    // Sentences (Intl.Segmenter), check-worthiness, matching and verdicts run in the background: the page's main
    // thread only extracts, anchors and marks. The text goes by runtime messaging and never leaves the browser.
    const blocks = extraction.article.blocks;
    const key = blocks.join('\n');
    const t1b = performance.now();
    if (!full && key === this.key && this.state.kind === 'done') {
      // Same article text: only the DOM around it may have changed.
      await this.reanchor(false);
      return undefined;
    }

    const { results, pack, ms: matchMs, detectMs } = await s.wait(this.deps.send('analyze', { blocks, lang, ...(extraction.article.published ? { published: extraction.article.published } : {}) }));
    if (this.ctx.isInvalid || url !== this.url) return undefined;
    s.step = 'results';
    const t2 = performance.now();
    this.key = key;
    this.pack = pack;
    this.title = extraction.article.title;
    this.claims = results.map((r, index) => ({ ...r, index, anchored: false }));
    this.anchors = new Map(this.claims.map((c) => [c.index, { selector: { exact: c.text, prefix: '', suffix: '' } }]));
    await this.reanchor(true);
    const t3 = performance.now();
    this.scans++;
    this.timings = {
      extractMs: t1 - t0,
      detectMs: detectMs ?? t1b - t1,
      analyzeMs: t2 - t1b,
      matchMs,
      anchorMs: t3 - t2,
      totalMs: t3 - t0,
      serializeMs,
      ...('readabilityMs' in extraction ? { readabilityMs: extraction.readabilityMs, extractedIn: extraction.where } : {}),
      mainThreadMs: s.mainThreadMs,
      longestTaskMs: s.longestTaskMs,
      longestTaskStep: s.longestStep,
    };
    const count = (st: string) => this.claims.filter((c) => c.status === st).length;
    void this.deps.send('pageStatus', {
      kind: 'done',
      count: this.claims.length,
      disputed: count('disputed'),
      singleSourced: count('single-sourced'),
      counts: {
        corroborated: count('corroborated'),
        disputed: count('disputed'),
        'single-sourced': count('single-sourced'),
        unmatched: count('unmatched'),
      },
    }).catch(quietly);
    this.view?.setClaims(this.claims);
    return { kind: 'done', title: this.title, claims: this.claims, pack, timings: this.timings, scans: this.scans };
  }

  private dropAll() {
    this.claims = [];
    this.anchors.clear();
    this.view?.close();
    this.withoutObserving(() => this.highlighter.clear());
    this.view?.setClaims([]);
  }

  /**
   * Finds each claim in the live page again (text quote: exact text, prefix and suffix), in document order; a claim
   * whose text is gone stays listed but loses its mark. `force`: even when every mark still holds.
   */
  private async reanchor(force: boolean): Promise<void> {
    const s = this.slicer;
    s.begin();
    s.step = 'anchor';
    if (!force) {
      const holds = this.claims.every((c) => {
        const a = this.anchors.get(c.index);
        return !c.anchored || (a?.range ? rangeStillHolds(a.range, c.text) : false);
      });
      if (holds) return;
    }
    // The fallback renderer's elements split the page's text nodes: take them out before reading the page.
    if (this.highlighter.kind === 'elements') this.withoutObserving(() => this.highlighter.clear());
    if (!document.body) return;
    s.step = 'textmap';
    const map = await s.run(textMapSteps(document.body));
    s.step = 'anchor';
    let from = 0;
    await s.each(this.claims, (c) => {
      const a = this.anchors.get(c.index)!;
      const found = anchorQuote(map, a.selector, from);
      if (found) {
        from = found.end;
        a.selector = quoteAt(map, found.start, found.end);
        a.range = found.range;
      } else a.range = undefined;
      c.anchored = !!found;
    });
    await this.applyMarks();
    if (this.view && this.view.openIndex !== undefined && !this.anchors.get(this.view.openIndex)?.range) this.view.close();
    this.view?.setClaims(this.claims);
  }

  /** Draws the marks the settings ask for, in chunks. */
  private async applyMarks(): Promise<void> {
    const s = this.slicer;
    const was = s.running;
    s.begin();
    s.step = 'mark';
    try {
      const wanted = shouldHighlight(this.settings, this.host)
        ? this.claims.filter((c) => c.status !== 'unmatched' && this.settings.statuses[c.status] && this.anchors.get(c.index)?.range)
        : [];
      const marks: Mark[] = wanted.map((c) => ({
        index: c.index,
        status: c.status as Mark['status'],
        range: this.anchors.get(c.index)!.range!,
      }));
      this.withoutObserving(() => this.highlighter.clear());
      if (this.view?.openIndex !== undefined && !marks.some((m) => m.index === this.view!.openIndex)) this.view.close();
      if (marks.length) {
        // Reads the page's computed colours: only when there is something to draw.
        s.step = 'theme';
        this.highlighter.setTheme(pageLooksDark(document) ? 'dark' : 'light');
        s.step = 'mark';
      }
      for (let i = 0; i < marks.length; i += 20) {
        const chunk = marks.slice(i, i + 20);
        this.withoutObserving(() => this.highlighter.add(chunk));
        await s.maybeYield();
      }
      // The fallback's elements replaced the text nodes the ranges started in: keep the anchors current.
      if (this.highlighter.kind === 'elements')
        for (const m of marks) {
          const r = this.highlighter.range(m.index);
          if (r) this.anchors.get(m.index)!.range = r;
        }
      this.view?.redraw();
      // The card (a shadow-root UI with its own style sheet) only once there is a mark to open it from: a page where
      // nothing is marked never pays for it.
      if (marks.length && !this.view) (await this.ensureView())?.setClaims(this.claims);
    } finally {
      if (!was) s.end();
    }
  }

  private async ensureView(): Promise<CardController | undefined> {
    if (this.view || this.dead) return this.view;
    const s = this.slicer;
    const view = new CardController(this.ctx, () => this.highlighter, () => this.slicer, {
      report: (c) => this.report(c),
      isOurs: (el) => el.localName === this.deps.uiTag,
    });
    this.view = view;
    s.step = 'card';
    await s.wait(this.deps.mountView(view));
    view.listen();
    return view;
  }

  private async report(c: PageClaim): Promise<boolean> {
    if (!c.match) return false;
    await this.deps.recordFalseMatch({
      url: location.origin + location.pathname,
      sentence: c.text,
      claimId: c.match.id,
      score: c.match.score,
      status: c.status,
      at: new Date().toISOString(),
      packVersion: this.pack?.version,
    });
    return true;
  }

  private teardown() {
    if (this.dead) return;
    this.dead = true;
    try {
      this.scheduler.dispose();
      this.observer?.disconnect();
      this.observer = undefined;
      this.observing = false;
      this.view?.remove();
      this.deps.unmountView?.();
      this.highlighter.clear();
    } catch (e) {
      quietly(e);
    }
  }
}

const idle = (ctx: PageContext) =>
  new Promise<void>((resolve) => {
    if ('requestIdleCallback' in window) ctx.requestIdleCallback(() => resolve(), { timeout: 500 });
    else ctx.setTimeout(resolve, 0);
  });

