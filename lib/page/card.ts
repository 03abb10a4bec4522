/**
 * The hover card's controller: which claim's card is open, pinned or hovered, and the pointer and keyboard handling
 * (hover to peek, click to pin, Esc to close and return focus, ←/→ to step, Enter to reopen). Framework-free: it hands
 * `CardViewProps` to `paint`, which the content entrypoint renders with Preact (components/CardLayer.tsx).
 */
import type { Highlighter } from './highlighter';
import { quietly, type PageContext } from './context';
import type { Slicer } from './slices';
import { t } from '../i18n';
import type { PageClaim } from '../ext/protocol';

/** What the card layer draws. */
export interface CardViewProps {
  claim?: PageClaim;
  /** Viewport rectangle of the highlighted line the card belongs to. */
  anchor?: { top: number; bottom: number; left: number };
  pinned: boolean;
  position?: string;
  onClose: () => void;
  onStep: (delta: 1 | -1) => void;
  onPointerInside: (inside: boolean) => void;
  /** "This match looks wrong" (passed to the card; shown only when given). */
  onReportWrong?: () => void;
  reported?: boolean;
}

export interface CardHooks {
  report: (c: PageClaim) => Promise<boolean>;
  /** Whether an element is our own UI (focus never returns to it). */
  isOurs: (el: Element) => boolean;
}

/** The hover card and its keyboard and pointer handling. */
export class CardController {
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
  /** Paints the card (the entrypoint renders Preact into our shadow root); unset until mounted. */
  paint: ((props: CardViewProps | undefined) => void) | undefined;
  private returnFocus: Element | null = null;
  private reported = new Set<string>();

  constructor(
    private readonly ctx: PageContext,
    private readonly highlighter: () => Highlighter,
    private readonly slicer: () => Slicer,
    private readonly hooks: CardHooks,
  ) {}

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
    this.paint = undefined;
  }

  /** Pointer, click, keyboard, scroll and resize handling; every listener dies with the context. */
  listen() {
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
      this.returnFocus = active && !this.hooks.isOurs(active) ? active : null;
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

  /** Paints the card for the open claim (or nothing), measured as one slice. */
  draw() {
    if (!this.paint) return;
    const h = this.highlighter();
    const claim = this.open === undefined ? undefined : this.claims.find((c) => c.index === this.open);
    const rect = this.open === undefined ? undefined : h.rect(this.open, this.anchorY);
    const order = h.indices.sort((a, b) => a - b);
    const key = claim ? `${claim.match?.id}\u0000${claim.text}` : '';
    const slicer = this.slicer();
    slicer.step = 'card';
    const props: CardViewProps = {
      claim,
      anchor: rect ? { top: rect.top, bottom: rect.bottom, left: rect.left } : undefined,
      pinned: this.pinned,
      position: claim ? t('pagePosition', order.indexOf(claim.index) + 1, order.length) : undefined,
      onClose: () => this.close(true),
      onStep: (d) => this.step(d),
      onPointerInside: (inside) => {
        this.pointerInCard = inside;
        if (inside) window.clearTimeout(this.hideTimer);
        else if (!this.pinned) {
          this.hovered = undefined;
          this.scheduleHide();
        }
      },
      onReportWrong: claim?.match
        ? () => {
            this.hooks
              .report(claim)
              .then((ok) => {
                if (ok) this.reported.add(key);
                this.draw();
              })
              .catch(quietly);
          }
        : undefined,
      reported: this.reported.has(key),
    };
    const paint = this.paint;
    slicer.measure(() => paint(props));
  }
}
