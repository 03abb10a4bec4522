/**
 * Dynamic pages: decides when the content script looks at the page again. Framework-free (timers and clock are
 * injectable) so the rules are unit-tested.
 *
 * - Requests are batched: the first request arms one timer; more requests while it is armed add nothing.
 * - A run starts `debounceMs` after the request that armed the timer, and never sooner than `gapMs` after the previous
 *   run ended. `gapMs` starts at `minGapMs` and doubles (up to `maxGapMs`) every time a run is asked for again while
 *   the page is still busy, so a page that changes all the time costs a handful of runs a minute, not one per change.
 *   After `quietMs` without a request (counted from the last request or the last run's start, whichever is later:
 *   the content script stops listening between a change and the run it asked for) the gap is back to `minGapMs`.
 * - Runs never overlap: a request during a run is served after it.
 * - `urgent` (single-page navigation, a settings change) uses a short delay and resets the back-off.
 */

export interface SchedulerOptions {
  debounceMs?: number;
  minGapMs?: number;
  maxGapMs?: number;
  quietMs?: number;
  urgentMs?: number;
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (id: unknown) => void;
}

export class RescanScheduler {
  runs = 0;
  gapMs: number;
  private timer: unknown;
  private running = false;
  private queued = false;
  private lastEnd = -Infinity;
  private lastStart = -Infinity;
  private lastRequest = -Infinity;
  private disposed = false;
  private readonly o: Required<SchedulerOptions>;

  constructor(
    private readonly task: () => Promise<void>,
    opts: SchedulerOptions = {},
  ) {
    this.o = {
      debounceMs: 500,
      minGapMs: 2_000,
      maxGapMs: 30_000,
      quietMs: 10_000,
      urgentMs: 150,
      now: () => performance.now(),
      setTimer: (fn, ms) => setTimeout(fn, ms),
      clearTimer: (id) => clearTimeout(id as ReturnType<typeof setTimeout>),
      ...opts,
    };
    this.gapMs = this.o.minGapMs;
  }

  /** Asks for a run. */
  request(urgent = false): void {
    if (this.disposed) return;
    const now = this.o.now();
    if (urgent) {
      this.gapMs = this.o.minGapMs;
      this.lastEnd = -Infinity;
      if (this.timer !== undefined) this.o.clearTimer(this.timer);
      this.timer = undefined;
    } else if (now - Math.max(this.lastRequest, this.lastStart) > this.o.quietMs) {
      this.gapMs = this.o.minGapMs;
    }
    this.lastRequest = now;
    if (this.running) {
      this.queued = true;
      return;
    }
    if (this.timer !== undefined) return;
    const at = Math.max(now + (urgent ? this.o.urgentMs : this.o.debounceMs), this.lastEnd + this.gapMs);
    this.timer = this.o.setTimer(() => void this.fire(), at - now);
  }

  private async fire(): Promise<void> {
    this.timer = undefined;
    if (this.disposed) return;
    this.running = true;
    this.lastStart = this.o.now();
    this.runs++;
    try {
      await this.task();
    } catch {
      // The task reports its own errors; the scheduler keeps going.
    } finally {
      this.running = false;
      const end = this.o.now();
      // Asked again during the run or within the gap after the previous one: the page is busy, back off.
      const busy = this.queued || end - this.lastEnd < this.gapMs * 2;
      this.lastEnd = end;
      if (busy && this.runs > 1) this.gapMs = Math.min(this.gapMs * 2, this.o.maxGapMs);
      if (this.queued) {
        this.queued = false;
        this.request();
      }
    }
  }

  /** Whether a run is armed or in progress. */
  get pending(): boolean {
    return this.timer !== undefined || this.running;
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer !== undefined) this.o.clearTimer(this.timer);
    this.timer = undefined;
  }
}

/**
 * Whether a mutation can change the article's text: nodes with text added or removed, or text changed. Mutations
 * inside `isOurs` nodes (our card, our marks) never count.
 */
export function textMutation(r: MutationRecord, isOurs: (n: Node) => boolean): boolean {
  if (isOurs(r.target)) return false;
  if (r.type === 'characterData') return (r.target.nodeValue ?? '') !== (r.oldValue ?? '');
  if (r.type !== 'childList') return false;
  const carriesText = (n: Node) => !isOurs(n) && (n.nodeType === 3 || n.nodeType === 1) && /\S/.test(n.textContent ?? '');
  for (const n of r.addedNodes) if (carriesText(n)) return true;
  for (const n of r.removedNodes) if (carriesText(n)) return true;
  return false;
}
