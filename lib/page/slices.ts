/**
 * Splits the content script's work into short main-thread slices and measures them. Work runs in a slice until it
 * has used `budgetMs`, then yields to the page (`scheduler.yield()` where the browser has it, else a MessageChannel
 * message: both run before timers and let input and rendering through), so no task of ours is long (> 50 ms) unless one
 * indivisible step is. Every slice's duration is added up (`mainThreadMs`) and the longest is kept (`longestTaskMs`).
 * Framework-free: the clock and the yield are injectable for tests.
 */

export type Yielder = () => Promise<void>;

interface SchedulerWithYield {
  yield?: () => Promise<void>;
}

/** Gives the main thread back to the browser for a moment. */
export const yieldToMain: Yielder = () => {
  const sched = (globalThis as { scheduler?: SchedulerWithYield }).scheduler;
  if (typeof sched?.yield === 'function') {
    try {
      return sched.yield.call(sched);
    } catch {
      // fall through
    }
  }
  if (typeof MessageChannel === 'function') {
    return new Promise<void>((resolve) => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => {
        ch.port1.close();
        resolve();
      };
      ch.port2.postMessage(null);
    });
  }
  return new Promise<void>((resolve) => setTimeout(resolve, 0));
};

export class Slicer {
  /** Sum of the measured slices, in ms. */
  mainThreadMs = 0;
  /** The longest measured slice, in ms. */
  longestTaskMs = 0;
  slices = 0;
  /** What the longest slice was doing (the step it ended in). */
  longestStep = '';
  /** Main-thread time by step: each part of a slice counts for the step that was set while it ran. */
  readonly byStep: Record<string, number> = {};
  private started: number | undefined;
  private currentStep = '';
  /** When the current step's part of the running slice began. */
  private stepSince = 0;

  /** What the running slice is doing (set by the caller; the time so far goes to the previous step). */
  get step(): string {
    return this.currentStep;
  }
  set step(name: string) {
    if (name === this.currentStep) return;
    if (this.started !== undefined) {
      const t = this.now();
      this.charge(t - this.stepSince);
      this.stepSince = t;
    }
    this.currentStep = name;
  }

  private charge(ms: number) {
    this.byStep[this.currentStep] = (this.byStep[this.currentStep] ?? 0) + ms;
  }

  constructor(
    private readonly budgetMs = 10,
    private readonly yielder: Yielder = yieldToMain,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Starts a slice (no-op when one is running). */
  begin(): void {
    if (this.started === undefined) this.started = this.stepSince = this.now();
  }

  /** Ends the running slice and records it. */
  end(): void {
    if (this.started === undefined) return;
    const t = this.now();
    const d = t - this.started;
    this.started = undefined;
    this.mainThreadMs += d;
    this.charge(t - this.stepSince);
    this.slices++;
    if (d > this.longestTaskMs) {
      this.longestTaskMs = d;
      this.longestStep = this.step;
    }
  }

  get running(): boolean {
    return this.started !== undefined;
  }

  /** Whether the running slice has used its budget. */
  get due(): boolean {
    return this.started !== undefined && this.now() - this.started >= this.budgetMs;
  }

  /** Ends the slice, yields, starts the next one. */
  async yield(): Promise<void> {
    this.end();
    await this.yielder();
    this.begin();
  }

  /** Yields only when the running slice has used its budget. */
  async maybeYield(): Promise<void> {
    if (this.due) await this.yield();
  }

  /** Waits for something that is not our main-thread work (a message round trip, storage) outside any slice. */
  async wait<T>(p: Promise<T>): Promise<T> {
    const was = this.running;
    this.end();
    try {
      return await p;
    } finally {
      if (was) this.begin();
    }
  }

  /** Runs one synchronous step as (part of) a slice and records it when no slice was running. */
  measure<T>(fn: () => T): T {
    const was = this.running;
    this.begin();
    try {
      return fn();
    } finally {
      if (!was) this.end();
    }
  }

  /** Drives a generator that yields between units of work, giving the thread back whenever the budget is used. */
  async run<T>(steps: Generator<unknown, T, void>): Promise<T> {
    const was = this.running;
    this.begin();
    try {
      for (;;) {
        const r = steps.next();
        if (r.done) return r.value;
        await this.maybeYield();
      }
    } finally {
      if (!was) this.end();
    }
  }

  /** Processes items in order, yielding between them whenever the budget is used. */
  async each<I>(items: readonly I[], fn: (item: I, i: number) => void): Promise<void> {
    const was = this.running;
    this.begin();
    try {
      for (let i = 0; i < items.length; i++) {
        fn(items[i]!, i);
        await this.maybeYield();
      }
    } finally {
      if (!was) this.end();
    }
  }
}
