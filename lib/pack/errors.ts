/** Errors of an import: short lines, each naming where in the file (or what) is wrong. Shared by both import formats. */
import type { z } from 'zod';

/** How many problems an error lists (the count of the rest is given). */
export const MAX_PROBLEMS = 5;

/** An import refused: `problems` are short lines, each naming where in the file (or what) is wrong. */
export class ImportError extends Error {
  constructor(
    readonly problems: string[],
    readonly total = problems.length,
  ) {
    const more = total > problems.length ? ` (and ${total - problems.length} more)` : '';
    super(problems.join('; ') + more);
    this.name = 'ImportError';
  }
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
}

/** zod issues as "at claims[0].id: expected …" lines, the first few only. */
export function issuesToError(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[] = []): ImportError {
  const lines = issues.slice(0, MAX_PROBLEMS).map((i) => {
    const at = formatPath([...prefix, ...i.path]);
    return at ? `at ${at}: ${i.message}` : i.message;
  });
  return new ImportError(lines, issues.length);
}

