/**
 * Content script: wiring only. Extract the article (Readability, on a clone), send its text blocks to the background
 * engine, anchor each result in the live page, highlight by status, show hover cards, answer the popup.
 * Everything is tied to `ctx`, so an extension update or reload leaves nothing behind.
 */
import '../../components/card.css';
import { render } from 'preact';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { createShadowRootUi } from 'wxt/utils/content-script-ui/shadow-root';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { CardLayer } from '../../components/CardLayer';
import { buildTextMap, findQuote } from '../../lib/dom/anchor';
import { Highlighter, type Mark } from '../../lib/dom/highlighter';
import { detectClaims } from '../../lib/detect';
import { extractArticle } from '../../lib/extract';
import { onMessages, sendToBackground } from '../../lib/ext/messaging';
import type { PageClaim, PageState } from '../../lib/ext/protocol';

export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  runAt: 'document_idle',
  cssInjectionMode: 'ui',
  async main(ctx) {
    const url = location.href;
    let state: PageState = { url, kind: 'working', step: 'Reading the article…' };
    let page: PageView | undefined;
    onMessages({
      getState: () => state,
      reveal: ({ index }) => page?.reveal(index) ?? false,
    });
    try {
      state = { url, ...(await analyzePage(ctx, (v) => (page = v))) };
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e);
      state = { url, kind: 'error', reason: `Crosscheck could not analyse this page: ${reason}` };
    }
    if (state.kind !== 'done') void sendToBackground('pageStatus', { kind: state.kind === 'working' ? 'error' : state.kind }).catch(() => undefined);
  },
});

const idle = (ctx: ContentScriptContext) =>
  new Promise<void>((resolve) => {
    if ('requestIdleCallback' in window) ctx.requestIdleCallback(() => resolve(), { timeout: 500 });
    else ctx.setTimeout(resolve, 0);
  });

type Analysis = PageState extends infer S ? (S extends PageState ? Omit<S, 'url'> : never) : never;

async function analyzePage(ctx: ContentScriptContext, setView: (v: PageView) => void): Promise<Analysis> {
  if (!/html/i.test(document.contentType || 'text/html')) return { kind: 'not-article', reason: 'This is not a web page with an article (no HTML).' };
  await idle(ctx);
  const t0 = performance.now();
  const extraction = extractArticle(document);
  const t1 = performance.now();
  if (!extraction.ok) return { kind: 'not-article', reason: extraction.reason };
  if (ctx.isInvalid) return { kind: 'error', reason: 'The extension was reloaded.' };

  // Sentences (Intl.Segmenter) and check-worthiness here; matching against the pack in the background.
  const candidates = detectClaims(extraction.article.blocks, document.documentElement.lang || 'en');
  const t1b = performance.now();
  const { results, pack, ms: matchMs } = await sendToBackground('analyze', { candidates });
  const t2 = performance.now();
  if (ctx.isInvalid) return { kind: 'error', reason: 'The extension was reloaded.' };

  // Anchor in document order; a sentence that the page changed since extraction stays listed but unmarked.
  const map = buildTextMap(document.body);
  let from = 0;
  const claims: PageClaim[] = results.map((r, index) => {
    const found = findQuote(map, r.text, from);
    if (found) from = found.end;
    return { ...r, index, anchored: !!found, range: found?.range } as PageClaim & { range?: Range };
  });
  const marks: Mark[] = [];
  for (const c of claims as (PageClaim & { range?: Range })[]) {
    if (c.range && c.status !== 'unmatched') marks.push({ index: c.index, status: c.status, range: c.range });
    delete c.range;
  }
  const view = await PageView.mount(ctx, claims, marks);
  setView(view);
  const t3 = performance.now();
  const timings = { extractMs: t1 - t0, detectMs: t1b - t1, analyzeMs: t2 - t1b, matchMs, anchorMs: t3 - t2, totalMs: t3 - t0 };
  void sendToBackground('pageStatus', {
    kind: 'done',
    count: claims.length,
    disputed: claims.filter((c) => c.status === 'disputed').length,
  }).catch(() => undefined);
  return { kind: 'done', title: extraction.article.title, claims, pack, timings };
}

/** The highlights and the hover card of one analysed page. */
class PageView {
  private hovered: number | undefined;
  private open: number | undefined;
  private pinned = false;
  private pointerInCard = false;
  private hideTimer: number | undefined;
  private showTimer: number | undefined;
  private anchorY: number | undefined;
  private rendered: HTMLElement | undefined;

  private constructor(
    private readonly ctx: ContentScriptContext,
    private readonly claims: PageClaim[],
    private readonly highlighter: Highlighter,
  ) {}

  static async mount(ctx: ContentScriptContext, claims: PageClaim[], marks: Mark[]): Promise<PageView> {
    const highlighter = new Highlighter(document);
    highlighter.set(marks);
    const view = new PageView(ctx, claims, highlighter);
    const ui = await createShadowRootUi(ctx, {
      name: 'crosscheck-ui',
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
    ui.mount();
    ctx.onInvalidated(() => highlighter.clear());
    view.listen();
    return view;
  }

  private listen() {
    let frame = 0;
    let last: MouseEvent | undefined;
    this.ctx.addEventListener(
      document,
      'mousemove',
      (e) => {
        last = e;
        if (frame) return;
        frame = this.ctx.requestAnimationFrame(() => {
          frame = 0;
          if (last) this.onPointer(last);
        });
      },
      { passive: true },
    );
    this.ctx.addEventListener(document, 'click', (e) => {
      const i = this.highlighter.hit(e.clientX, e.clientY);
      if (i !== undefined) {
        this.show(i, e.clientY, true);
      } else if (this.pinned && !this.pointerInCard) this.close();
    });
    this.ctx.addEventListener(window, 'scroll', () => this.reposition(), { passive: true, capture: true });
    this.ctx.addEventListener(window, 'resize', () => this.reposition(), { passive: true });
  }

  private onPointer(e: MouseEvent) {
    if (this.pointerInCard) return;
    const i = this.highlighter.hit(e.clientX, e.clientY);
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
    this.highlighter.activate(index);
    this.draw();
  }

  close() {
    this.open = undefined;
    this.pinned = false;
    this.pointerInCard = false;
    this.highlighter.activate(undefined);
    this.draw();
  }

  private reposition() {
    if (this.open === undefined) return;
    if (!this.pinned) return this.close();
    this.anchorY = undefined;
    this.draw();
  }

  /** Scrolls to a claim and opens its card with focus (popup list, keyboard shortcut). `-1` = the next one. */
  reveal(index: number): boolean {
    const order = this.highlighter.indices.sort((a, b) => a - b);
    if (!order.length) return false;
    if (index < 0) index = order.find((i) => i > (this.open ?? -1)) ?? order[0]!;
    const range = this.highlighter.range(index);
    if (!range) return false;
    const el = range.startContainer.parentElement;
    el?.scrollIntoView({ block: 'center', behavior: 'instant' as ScrollBehavior });
    this.show(index, undefined, true);
    return true;
  }

  private step(delta: 1 | -1) {
    const order = this.highlighter.indices.sort((a, b) => a - b);
    const at = order.indexOf(this.open ?? -1);
    const next = order[(at + delta + order.length) % order.length];
    if (next !== undefined) this.reveal(next);
  }

  private draw() {
    if (!this.rendered) return;
    const claim = this.open === undefined ? undefined : this.claims[this.open];
    const rect = this.open === undefined ? undefined : this.highlighter.rect(this.open, this.anchorY);
    const order = this.highlighter.indices.sort((a, b) => a - b);
    render(
      <CardLayer
        claim={claim}
        anchor={rect ? { top: rect.top, bottom: rect.bottom, left: rect.left } : undefined}
        pinned={this.pinned}
        position={claim ? `${order.indexOf(claim.index) + 1} of ${order.length}` : undefined}
        onClose={() => this.close()}
        onStep={(d) => this.step(d)}
        onPointerInside={(inside) => {
          this.pointerInCard = inside;
          if (inside) window.clearTimeout(this.hideTimer);
          else if (!this.pinned) {
            this.hovered = undefined;
            this.scheduleHide();
          }
        }}
      />,
      this.rendered,
    );
  }
}
