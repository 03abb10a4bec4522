/** What a page session runs in: the content script's context, and how our errors stay out of the page. */

/** The parts of WXT's ContentScriptContext the session uses (timers and listeners that die with the context). */
export interface PageContext {
  readonly isInvalid: boolean;
  onInvalidated(cb: () => void): void;
  setTimeout(fn: () => void, ms?: number): number;
  setInterval(fn: () => void, ms?: number): number;
  requestAnimationFrame(fn: FrameRequestCallback): number;
  requestIdleCallback(fn: IdleRequestCallback, options?: IdleRequestOptions): number;
  addEventListener(target: EventTarget, type: string, listener: (e: never) => void, options?: AddEventListenerOptions | boolean): void;
}

/** The extension was reloaded or updated under us: every browser.* call now fails with this. */
export const isContextGone = (e: unknown) => /context invalidated|Extension context|Receiving end does not exist/i.test(String((e as Error)?.message ?? e));

/** Our errors never reach the page; the unexpected ones are logged for developers. */
export function quietly(e: unknown) {
  if (!isContextGone(e)) console.debug('[crosscheck]', e);
}
