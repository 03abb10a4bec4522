/**
 * The JSON report of the `check` command (see the CLI contract): a zod schema, so the output format is data that the
 * CLI validates before printing and the tests check, and a pure function from engine results to a report.
 * Framework-free and without file-system access.
 *
 * Offsets: `start`/`end` of each claim are offsets (UTF-16 code units, `end` exclusive) into the extracted article
 * text, i.e. the article's blocks joined by `BLOCK_SEPARATOR` ("\n\n", lib/detect.ts) — headline first for HTML,
 * every non-empty line for `.txt` input. `text === articleText.slice(start, end)`.
 */
import { z } from 'zod';
import type { ClaimResult } from './engine';
import type { PackIndex } from './pack/index-api';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');

export const ReportStatus = z.enum(['corroborated', 'disputed', 'single-sourced', 'unmatched']);
export type ReportStatus = z.infer<typeof ReportStatus>;

export const ReportFigure = z.strictObject({
  /** The figure as it reads on the page, e.g. "35,970". */
  text: z.string(),
  value: z.number().finite(),
  check: z.enum(['matches', 'differs', 'unknown']),
});

export const ReportSource = z.strictObject({
  /** Name of the origin (who made the statement). */
  origin: z.string(),
  /** Name of the origin's independence group. */
  group: z.string(),
  stance: z.enum(['asserts', 'disputes', 'context']),
  /** Where the statement was published. */
  outlet: z.string(),
  url: z.string(),
  /** Publication date of the report. */
  date: isoDate,
});

export const ReportMatch = z.strictObject({
  id: z.string().min(1),
  text: z.string(),
  /** The match confidence: the fitted model's probability that the sentence states this claim (0..1). */
  score: z.number().finite(),
  /** What the page does with the claim: states it, contradicts it, or reports a denial or dispute of it. */
  stance: z.enum(['asserts', 'denies', 'reports-denial']).optional(),
});

export const ReportClaim = z
  .strictObject({
    text: z.string().min(1),
    start: z.int().nonnegative(),
    end: z.int().nonnegative(),
    status: ReportStatus,
    attributedTo: z.string().nullable(),
    match: ReportMatch.nullable(),
    figures: z.array(ReportFigure),
    why: z.string().min(1),
    sources: z.array(ReportSource),
  })
  .superRefine((c, ctx) => {
    if (c.end < c.start) ctx.addIssue({ code: 'custom', path: ['end'], message: 'end is before start' });
    if ((c.status === 'unmatched') !== (c.match === null))
      ctx.addIssue({ code: 'custom', path: ['match'], message: 'match must be null exactly when status is "unmatched"' });
  });
export type ReportClaim = z.infer<typeof ReportClaim>;

export const CheckReport = z.strictObject({
  /** The input as given on the command line (a path, or "-" for standard input). */
  source: z.string().min(1),
  pack: z.strictObject({
    id: z.string().min(1),
    version: z.string().min(1),
    /** Number of reference claims in the pack (bundled plus any `--pack` extra). */
    claims: z.int().nonnegative(),
    /** Number of statements over all those claims. */
    statements: z.int().nonnegative(),
  }),
  /** One entry per check-worthy sentence, in page order, matched or not. */
  claims: z.array(ReportClaim),
});
export type CheckReport = z.infer<typeof CheckReport>;

/** Builds the report from the engine's results (keeps only the contract's fields: drops block, reasons, also, figure notes and origin/group ids). */
export function toReport(source: string, ref: PackIndex, results: readonly ClaimResult[]): CheckReport {
  const { pack } = ref;
  return {
    source,
    pack: {
      id: pack.id,
      version: pack.version,
      claims: ref.counts.claims,
      statements: ref.counts.statements,
    },
    claims: results.map((r) => ({
      text: r.text,
      start: r.start,
      end: r.end,
      status: r.status,
      attributedTo: r.attributedTo,
      match: r.match && r.status !== 'unmatched' ? { id: r.match.id, text: r.match.text, score: r.match.score, ...(r.stance ? { stance: r.stance } : {}) } : null,
      figures: r.figures.map((f) => ({ text: f.text, value: f.value, check: f.check })),
      why: r.why,
      sources: r.sources.map((s) => ({
        origin: s.origin,
        group: s.group,
        stance: s.stance,
        outlet: s.outlet,
        url: s.url,
        date: s.date,
      })),
    })),
  };
}
