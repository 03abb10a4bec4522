/**
 * Content script: wiring only. Extract the article (Readability, on a clone), send its check-worthy sentences to the
 * background engine, anchor each result in the live page, highlight by status, show hover cards, answer the popup.
 *
 * - Settings apply live (`settingsItem.watch`): whether to scan at all, highlights on/off, which statuses are marked.
 * - Dynamic pages: one batched MutationObserver and WXT's `wxt:locationchange`; re-extracts, re-analyses when the
 *   article's sentences changed, re-anchors the claims (text quotes) when only the DOM around them changed, with
 *   back-off for pages that never stop changing (lib/dom/watch.ts).
 * - Work is split into short slices that yield to the page (lib/dom/slices.ts), and measured.
 * - Everything is tied to `ctx`: an extension reload or update removes our marks and card; a new instance first
 *   removes whatever an old one left. Nothing is ever thrown into the page.
 */
import '../../components/card.css';
import { render } from 'preact';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { createShadowRootUi, type ShadowRootContentScriptUi } from 'wxt/utils/content-script-ui/shadow-root';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { CardLayer } from '../../components/CardLayer';
import { anchorQuote, quoteAt, rangeStillHolds, textMapSteps, type QuoteSelector } from '../../lib/dom/anchor';
import { clearStale, createHighlighter, MARK_TAG, pageLooksDark, type Highlighter, type Mark } from '../../lib/dom/highlighter';
import { Slicer } from '../../lib/dom/slices';
import { RescanScheduler, textMutation } from '../../lib/dom/watch';
import { extractArticle } from '../../lib/extract';
import { t } from '../../lib/i18n';
import { onMessages, sendToBackground } from '../../lib/ext/messaging';
import type { PackInfo, PageClaim, PageState, Timings } from '../../lib/ext/protocol';
import { loadSettings, recordFalseMatch, settingsItem } from '../../lib/ext/storage';
import { DEFAULT_SETTINGS, normalizeSettings, shouldHighlight, shouldScan, type Settings } from '../../lib/settings';

const UI_TAG = 'crosscheck-ui';

export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  runAt: 'document_idle',
  cssInjectionMode: 'ui',
  main(ctx) {
    try {
      void new Session(ctx).start().catch((e) => quietly(e));
    } catch (e) {
      quietly(e);
    }
  },
});

/** The extension was reloaded or updated under us: every browser.* call now fails with this. */
const isContextGone = (e: unknown) => /context invalidated|Extension context|Receiving end does not exist/i.test(String((e as Error)?.message ?? e));

/** Our errors never reach the page; the unexpected ones are logged for developers. */
function quietly(e: unknown) {
  if (!isContextGone(e)) console.debug('[crosscheck]', e);
}

type Analysis = PageState extends infer S ? (S extends PageState ? Omit<S, 'url'> : never) : never;

interface Anchor {
  selector: QuoteSelector;
  range?: Range;
}

class Session {
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
  private view: PageView | undefined;
  private highlighter: Highlighter;
  private observer: MutationObserver | undefined;
  private readonly scheduler: RescanScheduler;
  private dead = false;

  constructor(private readonly ctx: ContentScriptContext) {
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
    this.slicer.measure(() => clearStale(document, UI_TAG));
    const off = onMessages({
      getState: () => this.snapshot(),
      reveal: ({ index }) => this.view?.reveal(index) ?? false,
      scan: () => this.scanNow(),
    });
    this.onGone(off);
    // Notice a reload even when nothing else happens: ctx checks `browser.runtime.id` on each tick.
    ctx.setInterval(() => undefined, 1_000);
    this.settings = await loadSettings().catch(() => DEFAULT_SETTINGS);
    if (ctx.isInvalid) return;
    const unwatch = settingsItem.watch((v) => {
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
    return !!el?.closest(`${UI_TAG}, ${MARK_TAG}`) || (n.nodeType === 1 && (n as Element).localName === MARK_TAG);
  };

  private observe() {
    if (this.observer || this.dead || !document.body) return;
    this.observer = new MutationObserver((records) => {
      try {
        if (records.some((r) => textMutation(r, this.isOurs))) this.scheduler.request();
      } catch (e) {
        quietly(e);
      }
    });
    this.observer.observe(document.body, { childList: true, subtree: true, characterData: true, characterDataOldValue: true });
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
      this.claims = [];
      this.anchors.clear();
      this.key = undefined;
      this.view?.close();
      this.withoutObserving(() => this.highlighter.clear());
      this.view?.setClaims([]);
      this.state = this.offState();
      void sendToBackground('pageStatus', { kind: 'off' }).catch(quietly);
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
      void sendToBackground('pageStatus', { kind: this.state.kind }).catch(quietly);
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
    const extraction = extractArticle(document);
    const t1 = performance.now();
    await s.yield();
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

    const { results, pack, ms: matchMs, detectMs } = await s.wait(sendToBackground('analyze', { blocks, lang }));
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
      mainThreadMs: s.mainThreadMs,
      longestTaskMs: s.longestTaskMs,
      longestTaskStep: s.longestStep,
    };
    const count = (st: string) => this.claims.filter((c) => c.status === st).length;
    void sendToBackground('pageStatus', {
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
    await this.ensureView();
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
    const map = await s.run(textMapSteps(document.body));
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
      this.highlighter.setTheme(pageLooksDark(document) ? 'dark' : 'light');
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
    } finally {
      if (!was) s.end();
    }
  }

  private async ensureView(): Promise<void> {
    if (this.view || this.dead) return;
    const s = this.slicer;
    this.view = await s.wait(
      PageView.mount(this.ctx, () => this.highlighter, () => this.slicer, {
        report: (c) => this.report(c),
      }),
    );
  }

  private async report(c: PageClaim): Promise<boolean> {
    if (!c.match) return false;
    await recordFalseMatch({
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
      this.view?.remove();
      this.highlighter.clear();
    } catch (e) {
      quietly(e);
    }
  }
}

const idle = (ctx: ContentScriptContext) =>
  new Promise<void>((resolve) => {
    if ('requestIdleCallback' in window) ctx.requestIdleCallback(() => resolve(), { timeout: 500 });
    else ctx.setTimeout(resolve, 0);
  });

interface ViewHooks {
  report: (c: PageClaim) => Promise<boolean>;
}

/** The hover card and its keyboard and pointer handling. */
class PageView {
  private claims: PageClaim[] = [];
  private hovered: number | undefined;
  private open: number | undefined;
  /** The claim last opened from the keyboard: Enter opens it again after Esc. */
  private current: number | undefined;
  private pinned = false;
  private pointerInCard = false;
  private hideTimer: number | undefined;
  private showTimer: number | undefined;
  private anchorY: number | undefined;
  private rendered: HTMLElement | undefined;
  private ui: ShadowRootContentScriptUi<HTMLElement> | undefined;
  private returnFocus: Element | null = null;
  private reported = new Set<string>();

  private constructor(
    private readonly ctx: ContentScriptContext,
    private readonly highlighter: () => Highlighter,
    private readonly slicer: () => Slicer,
    private readonly hooks: ViewHooks,
  ) {}

  static async mount(ctx: ContentScriptContext, highlighter: () => Highlighter, slicer: () => Slicer, hooks: ViewHooks): Promise<PageView> {
    const view = new PageView(ctx, highlighter, slicer, hooks);
    view.ui = await createShadowRootUi(ctx, {
      name: UI_TAG,
      position: 'inline',
      anchor: 'html',
      append: 'last',
      isolateEvents: true,
      onMount: (container) => {
        view.rendered = container;
        view.draw();
        return container;
      },
      onRemove: (container) => {
        if (container) render(null, container);
      },
    });
    view.ui.mount();
    view.listen();
    return view;
  }

  get openIndex() {
    return this.open;
  }

  setClaims(claims: PageClaim[]) {
    this.claims = claims;
    if (this.current !== undefined && !this.highlighter().indices.includes(this.current)) this.current = undefined;
    this.draw();
  }

  redraw() {
    if (this.current !== undefined && !this.highlighter().indices.includes(this.current)) this.current = undefined;
    // The marks were redrawn: emphasise the open (or keyboard-current) claim again.
    const emphasised = this.open ?? this.current;
    if (emphasised !== undefined) this.highlighter().activate(emphasised);
    this.draw();
  }

  remove() {
    try {
      this.ui?.remove();
    } catch (e) {
      quietly(e);
    }
    this.rendered = undefined;
  }

  private listen() {
    let frame = 0;
    let last: MouseEvent | undefined;
    const guard =
      <E,>(fn: (e: E) => void) =>
      (e: E) => {
        try {
          fn(e);
        } catch (err) {
          quietly(err);
        }
      };
    this.ctx.addEventListener(
      document,
      'mousemove',
      guard((e: MouseEvent) => {
        last = e;
        if (frame) return;
        frame = this.ctx.requestAnimationFrame(() => {
          frame = 0;
          if (last) this.onPointer(last);
        });
      }),
      { passive: true },
    );
    this.ctx.addEventListener(
      document,
      'click',
      guard((e: MouseEvent) => {
        const i = this.highlighter().hit(e.clientX, e.clientY);
        if (i !== undefined) this.show(i, e.clientY, true);
        else if (this.pinned && !this.pointerInCard) this.close();
        if (i === undefined && !this.pointerInCard && this.current !== undefined) {
          // A click elsewhere ends keyboard navigation: no claim stays emphasised.
          this.current = undefined;
          if (this.open === undefined) this.highlighter().activate(undefined);
        }
      }),
    );
    this.ctx.addEventListener(
      document,
      'keydown',
      guard((e: KeyboardEvent) => {
        if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
        if (e.key === 'Escape' && this.open !== undefined) {
          this.close(true);
          return;
        }
        // Enter on the page (nothing focused that has its own use for Enter) opens the claim the keyboard was on.
        if (e.key === 'Enter' && this.open === undefined && this.current !== undefined) {
          const a = document.activeElement;
          if (a && a !== document.body && a !== document.documentElement) return;
          e.preventDefault();
          this.reveal(this.current);
        }
      }),
    );
    this.ctx.addEventListener(window, 'scroll', guard(() => this.reposition()), { passive: true, capture: true });
    this.ctx.addEventListener(window, 'resize', guard(() => this.reposition()), { passive: true });
  }

  private onPointer(e: MouseEvent) {
    if (this.pointerInCard) return;
    const i = this.highlighter().hit(e.clientX, e.clientY);
    if (i === this.hovered) return;
    this.hovered = i;
    window.clearTimeout(this.showTimer);
    if (i !== undefined) {
      this.showTimer = this.ctx.setTimeout(() => this.show(i, e.clientY, false), this.open === undefined ? 120 : 60);
    } else if (!this.pinned) {
      this.scheduleHide();
    }
  }

  private scheduleHide() {
    window.clearTimeout(this.hideTimer);
    this.hideTimer = this.ctx.setTimeout(() => {
      if (!this.pointerInCard && !this.pinned && this.hovered === undefined) this.close();
    }, 300);
  }

  private show(index: number, y: number | undefined, pin: boolean) {
    window.clearTimeout(this.hideTimer);
    this.open = index;
    this.anchorY = y;
    this.pinned = pin || (this.pinned && this.open === index);
    this.highlighter().activate(index);
    this.draw();
  }

  /** Closes the card; from the keyboard, focus goes back where it was and the claim stays the current one. */
  close(fromKeyboard = false) {
    if (this.open === undefined) return;
    const wasPinned = this.pinned;
    this.open = undefined;
    this.pinned = false;
    this.pointerInCard = false;
    if (!fromKeyboard || this.current === undefined) this.highlighter().activate(undefined);
    this.draw();
    if (wasPinned) {
      const back = this.returnFocus as HTMLElement | null;
      this.returnFocus = null;
      try {
        if (back && back.isConnected && typeof back.focus === 'function' && back !== document.body) back.focus();
        else (document.activeElement as HTMLElement | null)?.blur?.();
      } catch (e) {
        quietly(e);
      }
    }
  }

  private reposition() {
    if (this.open === undefined) return;
    if (!this.pinned) return this.close();
    this.anchorY = undefined;
    this.draw();
  }

  /** Scrolls to a claim and opens its card with focus (popup list, keyboard shortcut). `-1` = the next one. */
  reveal(index: number): boolean {
    const order = this.highlighter().indices.sort((a, b) => a - b);
    if (!order.length) return false;
    if (index < 0) index = order.find((i) => i > (this.open ?? this.current ?? -1)) ?? order[0]!;
    const range = this.highlighter().range(index);
    if (!range) return false;
    if (this.open === undefined) {
      const active = document.activeElement;
      this.returnFocus = active && active.localName !== UI_TAG ? active : null;
    }
    const el = range.startContainer.nodeType === 1 ? (range.startContainer as Element) : range.startContainer.parentElement;
    el?.scrollIntoView({ block: 'center', behavior: 'instant' as ScrollBehavior });
    this.current = index;
    this.show(index, undefined, true);
    return true;
  }

  private step(delta: 1 | -1) {
    const order = this.highlighter().indices.sort((a, b) => a - b);
    const at = order.indexOf(this.open ?? -1);
    const next = order[(at + delta + order.length) % order.length];
    if (next !== undefined) this.reveal(next);
  }

  private draw() {
    if (!this.rendered) return;
    const h = this.highlighter();
    const claim = this.open === undefined ? undefined : this.claims.find((c) => c.index === this.open);
    const rect = this.open === undefined ? undefined : h.rect(this.open, this.anchorY);
    const order = h.indices.sort((a, b) => a - b);
    const key = claim ? `${claim.match?.id}\u0000${claim.text}` : '';
    const slicer = this.slicer();
    slicer.step = 'card';
    slicer.measure(() =>
      render(
        <CardLayer
          claim={claim}
          anchor={rect ? { top: rect.top, bottom: rect.bottom, left: rect.left } : undefined}
          pinned={this.pinned}
          position={claim ? t('pagePosition', order.indexOf(claim.index) + 1, order.length) : undefined}
          onClose={() => this.close(true)}
          onStep={(d) => this.step(d)}
          onPointerInside={(inside) => {
            this.pointerInCard = inside;
            if (inside) window.clearTimeout(this.hideTimer);
            else if (!this.pinned) {
              this.hovered = undefined;
              this.scheduleHide();
            }
          }}
          onReportWrong={
            claim?.match
              ? () => {
                  this.hooks
                    .report(claim)
                    .then((ok) => {
                      if (ok) this.reported.add(key);
                      this.draw();
                    })
                    .catch(quietly);
                }
              : undefined
          }
          reported={this.reported.has(key)}
        />,
        this.rendered!,
      ),
    );
  }
}
