/**
 * The real-page sweeps' table (Chromium: sweep.e2e.test.ts, Firefox: sweep-firefox.e2e.test.ts): per page the content
 * script's state and its own measured timings, then the median / p95 / max summary. Printed, never asserted: speed is
 * measured, the targets (longest task ≤ 50 ms on every page, main-thread time ≤ 1.3 × Readability's own time on the
 * same page) are reported against what was measured.
 */
import type { PageState } from '../../lib/ext/protocol';

export interface SweepRow {
  page: string;
  kind: string;
  claims: number | undefined;
  marked: number;
  /** The content script's main-thread time and longest task (timings.mainThreadMs / longestTaskMs). */
  mainMs: number | undefined;
  longestMs: number | undefined;
  /** Readability's own time, where it ran (offscreen document / background page). */
  readabilityMs: number | undefined;
  /** The page side of extraction (readerable gate, HTML, sending it). */
  serializeMs: number | undefined;
  steps: Record<string, number> | undefined;
  wallMs: number;
}


/**
 * Run in the page before its scripts (addInitScript / evaluateOnNewDocument): records the body's text and markup as
 * the browser rendered them at `load`, before the content script has changed anything (it waits for idle time, then
 * extracts, then asks the background, and only then highlights). Self-contained: it is serialised into the page.
 */
export function recordPageAtLoad(): void {
  addEventListener(
    'load',
    () => {
      const w = window as unknown as { __before: string; __beforeHtml: string };
      w.__before = document.body?.innerText ?? '';
      w.__beforeHtml = document.body?.innerHTML ?? '';
    },
    { once: true },
  );
}
export function sweepRow(page: string, state: PageState | null, marked: number, wallMs: number): SweepRow {
  const done = state?.kind === 'done' ? state : undefined;
  return {
    page,
    kind: state?.kind ?? 'no answer',
    claims: done?.claims.length,
    marked,
    mainMs: done?.timings.mainThreadMs,
    longestMs: done?.timings.longestTaskMs,
    readabilityMs: done?.timings.readabilityMs,
    serializeMs: done?.timings.serializeMs,
    steps: done?.timings.stepsMs,
    wallMs,
  };
}

export const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]! : NaN;
};
const f1 = (n: number | undefined) => (n === undefined || Number.isNaN(n) ? '–' : n.toFixed(1));

/** The table and its summary, as lines. `where`: where Readability ran in this browser. */
export function sweepReport(browser: string, where: string, rows: SweepRow[], totalMs: number, notes: string[] = []): string {
  if (!rows.length) return '';
  const lines = [
    '',
    `Real-page sweep in ${browser}: ${rows.length} pages in ${(totalMs / 1000).toFixed(1)} s wall time`,
    ...notes,
    'time = content script main-thread time, longest = its longest task (timings.mainThreadMs / longestTaskMs); ' +
      `html = of which the page side of extraction (readerable gate, HTML, sending it); readab. = Readability's own time (${where}); ratio = time / readab.`,
    `${'page'.padEnd(36)} ${'state'.padEnd(12)} ${'claims'.padStart(6)} ${'marked'.padStart(6)} ${'time ms'.padStart(8)} ${'longest'.padStart(8)} ${'html'.padStart(6)} ${'readab.'.padStart(8)} ${'ratio'.padStart(6)}  by step`,
    ...rows.map(
      (r) =>
        `${r.page.padEnd(36)} ${r.kind.padEnd(12)} ${String(r.claims ?? '–').padStart(6)} ${String(r.marked).padStart(6)} ${f1(r.mainMs).padStart(8)} ${f1(r.longestMs).padStart(8)} ${f1(r.serializeMs).padStart(6)} ${f1(r.readabilityMs).padStart(8)} ${(r.mainMs !== undefined && r.readabilityMs ? (r.mainMs / r.readabilityMs).toFixed(2) : '–').padStart(6)}  ${Object.entries(r.steps ?? {})
          .map(([k, v]) => `${k} ${v.toFixed(1)}`)
          .join(', ')}`,
    ),
  ];
  const timed = rows.filter((r) => r.mainMs !== undefined && r.longestMs !== undefined);
  const main = timed.map((r) => r.mainMs!);
  const longest = timed.map((r) => r.longestMs!);
  const wall = rows.map((r) => r.wallMs);
  const over50 = timed.filter((r) => r.longestMs! > 50);
  const withReadability = timed.filter((r) => r.readabilityMs);
  const readability = withReadability.map((r) => r.readabilityMs!);
  const ratios = withReadability.map((r) => r.mainMs! / r.readabilityMs!);
  const over13 = withReadability.filter((r) => r.mainMs! > 1.3 * r.readabilityMs!);
  const kinds = Object.entries(rows.reduce<Record<string, number>>((m, r) => ((m[r.kind] = (m[r.kind] ?? 0) + 1), m), {}))
    .map(([k, n]) => `${n} ${k}`)
    .join(', ');
  const steps: Record<string, number[]> = {};
  for (const r of timed) for (const [k, v] of Object.entries(r.steps ?? {})) (steps[k] ??= []).push(v);
  lines.push(
    '',
    `states: ${kinds}; claims found: ${rows.reduce((n, r) => n + (r.claims ?? 0), 0)}, marked: ${rows.reduce((n, r) => n + r.marked, 0)}`,
    `main-thread time over ${timed.length} analysed pages: median ${f1(pct(main, 50))} ms, p95 ${f1(pct(main, 95))} ms, max ${f1(Math.max(...main))} ms`,
    `  by step (median ms): ${Object.entries(steps)
      .map(([k, v]) => `${k} ${f1(pct(v, 50))}`)
      .join(', ')}`,
    `longest task: median ${f1(pct(longest, 50))} ms, p95 ${f1(pct(longest, 95))} ms, max ${f1(Math.max(...longest))} ms (target: ≤ 50 ms on every page; ${over50.length} over${over50.length ? `: ${over50.map((r) => r.page).join(', ')}` : ''})`,
    withReadability.length
      ? `Readability's own time (${where}): median ${f1(pct(readability, 50))} ms, p95 ${f1(pct(readability, 95))} ms, max ${f1(Math.max(...readability))} ms; ` +
          `main-thread time / Readability's: median ${pct(ratios, 50).toFixed(2)}, p95 ${pct(ratios, 95).toFixed(2)}, max ${Math.max(...ratios).toFixed(2)} ` +
          `(target ≤ 1.3 on every page; ${over13.length} of ${withReadability.length} over; of those, median main-thread time ${f1(pct(over13.map((r) => r.mainMs!), 50))} ms ` +
          `against Readability's ${f1(pct(over13.map((r) => r.readabilityMs!), 50))} ms)`
      : "Readability's own time: not reported by the content script",
    `wall time per page (open, scan, checks): median ${pct(wall, 50)} ms, p95 ${pct(wall, 95)} ms, max ${Math.max(...wall)} ms`,
  );
  return lines.join('\n');
}
