/**
 * Parsing and cross-checking of the human-edited data files. Pure functions over already-read text, so they run in
 * Node (data build, audit, tests) without touching the file system themselves.
 */
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { z } from 'zod';
import { ClaimsFile, OriginsFile, type Claim, type Event, type Group, type Origin } from './schema';

/** A data error that names the file and the path inside it. */
export class DataError extends Error {
  constructor(
    readonly file: string,
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${file}${path ? ` at ${path}` : ''}: ${problem}`);
    this.name = 'DataError';
  }
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
}

/** Parses YAML text with a schema; problems become a DataError naming the file and the path inside it. */
export function parseWith<T extends z.ZodType>(schema: T, text: string, file: string): z.infer<T> {
  let raw: unknown;
  try {
    raw = parseYaml(text, { prettyErrors: true });
  } catch (e) {
    const msg = e instanceof YAMLParseError ? e.message.split('\n')[0]! : String(e);
    throw new DataError(file, '', `not valid YAML: ${msg}`);
  }
  const result = schema.safeParse(raw);
  if (!result.success) {
    const first = result.error.issues[0]!;
    const more = result.error.issues.length > 1 ? ` (and ${result.error.issues.length - 1} more problems)` : '';
    throw new DataError(file, formatPath(first.path), first.message + more);
  }
  return result.data;
}

export function parseClaimsFile(text: string, file: string) {
  return parseWith(ClaimsFile, text, file);
}

export function parseOriginsFile(text: string, file: string) {
  return parseWith(OriginsFile, text, file);
}

export interface SourceSet {
  origins: { file: string; data: z.infer<typeof OriginsFile> }[];
  claims: { file: string; data: z.infer<typeof ClaimsFile> }[];
}

/**
 * Merges all source files and checks what a schema cannot: unique ids, origins that exist, groups that exist.
 * Throws the first DataError found.
 */
export function mergeSources(set: SourceSet): { groups: Group[]; origins: Origin[]; claims: Claim[]; events: Event[] } {
  const groups = new Map<string, Group>();
  const origins = new Map<string, Origin>();
  const claims = new Map<string, Claim>();
  const events = new Map<string, Event>();
  for (const { file, data } of set.origins) {
    data.groups.forEach((g, i) => {
      if (groups.has(g.id)) throw new DataError(file, `groups[${i}].id`, `duplicate group id "${g.id}"`);
      groups.set(g.id, g);
    });
  }
  for (const { file, data } of set.origins) {
    data.origins.forEach((o, i) => {
      if (origins.has(o.id)) throw new DataError(file, `origins[${i}].id`, `duplicate origin id "${o.id}"`);
      if (!groups.has(o.group)) throw new DataError(file, `origins[${i}].group`, `unknown group "${o.group}"`);
      origins.set(o.id, o);
    });
  }
  for (const { file, data } of set.claims) {
    const ev = data.event;
    if (ev) {
      if (events.has(ev.id)) throw new DataError(file, 'event.id', `duplicate event id "${ev.id}"`);
      ev.silent?.forEach((x, i) => {
        if (!groups.has(x.group)) throw new DataError(file, `event.silent[${i}].group`, `unknown group "${x.group}"`);
      });
      events.set(ev.id, ev);
    }
    data.claims.forEach((c, i) => {
      if (claims.has(c.id)) throw new DataError(file, `claims[${i}].id`, `duplicate claim id "${c.id}"`);
      if (ev && c.event && c.event !== ev.id)
        throw new DataError(file, `claims[${i}].event`, `a claim's event comes from its file's "event" header (got "${c.event}", the file's is "${ev.id}")`);
      if (ev) c = { ...c, event: ev.id };
      c.statements.forEach((s, j) => {
        if (!origins.has(s.origin))
          throw new DataError(file, `claims[${i}].statements[${j}].origin`, `unknown origin "${s.origin}"`);
      });
      claims.set(c.id, c);
    });
  }
  return { groups: [...groups.values()], origins: [...origins.values()], claims: [...claims.values()], events: [...events.values()] };
}
