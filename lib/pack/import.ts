/**
 * Extra reference packs imported by the reader (options page): parsing, validation and merging with the bundled pack.
 * Framework-free: the options page, the background and the Node tests use the same functions. Storage lives in
 * lib/ext/storage.ts.
 *
 * Two formats are accepted: our own pack JSON (the `Pack` schema, same as data/build/pack.json and the CLI's `--pack`)
 * and schema.org ClaimReview JSON-LD (lib/pack/claimreview.ts converts it to a pack). Either way the result passes the
 * same checks the data build applies (unique ids, every origin's group and every statement's origin known), and a bad
 * file is refused as a whole with the first few problems, each naming where it is.
 */
import { z } from 'zod';
import { claimReviewToPack, looksLikeClaimReview } from './claimreview';
import { ImportError, issuesToError, MAX_PROBLEMS } from './errors';

export { ImportError, formatPath, issuesToError, MAX_PROBLEMS } from './errors';
import { Claim, Group, Origin, Outlet, Pack } from './schema';

/**
 * Largest file accepted, checked before the file is read: chrome.storage.local holds about 10 MB in all (the extension
 * does not ask for `unlimitedStorage`), and a pack takes about its file size there.
 */
export const MAX_IMPORT_BYTES = 8 * 1024 * 1024;

export const PackCounts = z.object({
  claims: z.number().int(),
  statements: z.number().int(),
  origins: z.number().int(),
  outlets: z.number().int(),
});
export type PackCounts = z.infer<typeof PackCounts>;

export const ImportedPackMeta = z.object({
  id: z.string(),
  title: z.string(),
  version: z.string(),
  format: z.enum(['pack', 'claimreview']),
  fileName: z.string(),
  /** ISO time of the import. */
  importedAt: z.string(),
  counts: PackCounts,
  /**
   * SHA-256 (hex) of the stored pack's JSON, recorded at import (lib/ext/packs.ts): it names the source a compiled
   * reference was made from (lib/ext/compiled-store.ts). Packs imported before it was recorded have none.
   */
  sha256: z.string().optional(),
});
export type ImportedPackMeta = z.infer<typeof ImportedPackMeta>;

/** One imported pack as stored (`local:packs`): its description and the validated pack. */
export const StoredPack = z.object({ meta: ImportedPackMeta, pack: Pack });
export type StoredPack = z.infer<typeof StoredPack>;

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} kB`;
  return `${n} bytes`;
}

/** Refuses a file by its size alone, before anything reads it. */
export function checkSize(bytes: number): void {
  if (bytes > MAX_IMPORT_BYTES)
    throw new ImportError([`the file is ${formatBytes(bytes)}; the limit is ${formatBytes(MAX_IMPORT_BYTES)} (browser storage for extensions holds about 10 MB)`]);
  if (bytes === 0) throw new ImportError(['the file is empty']);
}

export function packCounts(pack: Pack): PackCounts {
  return {
    claims: pack.claims.length,
    statements: pack.claims.reduce((n, c) => n + c.statements.length, 0),
    origins: pack.origins.length,
    outlets: pack.outlets.length,
  };
}

/** An imported claim's id in the merged reference: the pack id and a colon (never in a slug) keep it apart. */
export function namespacedClaimId(packId: string, claimId: string): string {
  return `${packId}:${claimId}`;
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

interface Known<T> {
  value: T;
  from: string;
}

/**
 * The checks the data build applies (lib/pack/sources.ts), for one pack against what is installed: unique ids inside
 * the pack; groups and origins that another installed pack also defines must be the same; every origin's group and
 * every statement's origin must exist (in this pack or the bundled one, `installed[0]`). Returns the problems found.
 */
export function crossCheck(pack: Pack, installed: { pack: Pack; name: string }[]): string[] {
  const problems: string[] = [];
  const groups = new Map<string, Known<Group>>();
  const origins = new Map<string, Known<Origin>>();
  for (const { pack: p, name } of installed) {
    for (const g of p.groups) if (!groups.has(g.id)) groups.set(g.id, { value: g, from: name });
    for (const o of p.origins) if (!origins.has(o.id)) origins.set(o.id, { value: o, from: name });
  }
  // References may point into this pack or the bundled one (installed[0]), not into another imported pack: removing
  // that pack would leave this one with unknown origins.
  const bundledGroups = new Set(installed[0]?.pack.groups.map((g) => g.id));
  const bundledOrigins = new Set(installed[0]?.pack.origins.map((o) => o.id));
  const own = { groups: new Set<string>(), origins: new Set<string>(), claims: new Set<string>() };
  pack.groups.forEach((g, i) => {
    if (own.groups.has(g.id)) problems.push(`at groups[${i}].id: duplicate group id "${g.id}"`);
    else {
      const prev = groups.get(g.id);
      if (prev && !sameJson(prev.value, g)) problems.push(`at groups[${i}].id: group "${g.id}" is already defined differently by ${prev.from}`);
    }
    own.groups.add(g.id);
  });
  pack.origins.forEach((o, i) => {
    if (own.origins.has(o.id)) problems.push(`at origins[${i}].id: duplicate origin id "${o.id}"`);
    else {
      const prev = origins.get(o.id);
      if (prev && !sameJson(prev.value, o)) problems.push(`at origins[${i}].id: origin "${o.id}" is already defined differently by ${prev.from}`);
    }
    own.origins.add(o.id);
    if (!own.groups.has(o.group) && !bundledGroups.has(o.group)) problems.push(`at origins[${i}].group: unknown group "${o.group}"`);
  });
  pack.claims.forEach((c, i) => {
    if (own.claims.has(c.id)) problems.push(`at claims[${i}].id: duplicate claim id "${c.id}"`);
    own.claims.add(c.id);
    c.statements.forEach((s, j) => {
      if (!own.origins.has(s.origin) && !bundledOrigins.has(s.origin))
        problems.push(`at claims[${i}].statements[${j}].origin: unknown origin "${s.origin}"`);
    });
  });
  return problems;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new ImportError([`not valid JSON: ${e instanceof Error ? e.message : String(e)}`]);
  }
}

export interface ImportContext {
  bundled: Pack;
  imported: readonly StoredPack[];
  /** The time of the import (tests pass a fixed one). */
  now?: Date;
}

/**
 * Parses and validates an imported file's text. Returns the pack to store, or throws an ImportError. A pack whose id
 * is already imported replaces it (its old version is left out of the checks).
 */
export function parseImport(text: string, fileName: string, ctx: ImportContext): StoredPack {
  checkSize(new TextEncoder().encode(text).length);
  const raw = parseJson(text);
  let pack: Pack;
  let format: ImportedPackMeta['format'];
  if (looksLikeClaimReview(raw)) {
    // The converted pack passes the same schema as our own format (ids, dates, URLs, lengths).
    const r = Pack.safeParse(claimReviewToPack(raw, fileName));
    if (!r.success) throw issuesToError(r.error.issues, ['(converted pack)']);
    pack = r.data;
    format = 'claimreview';
  } else {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
      throw new ImportError(['expected a Crosscheck pack (an object with id, version, groups, origins and claims) or schema.org ClaimReview JSON-LD']);
    const r = Pack.safeParse(raw);
    if (!r.success) throw issuesToError(r.error.issues);
    pack = r.data;
    format = 'pack';
  }
  if (pack.id === ctx.bundled.id) throw new ImportError([`at id: "${pack.id}" is the id of the bundled pack; give the imported pack an id of its own`]);
  if (!pack.claims.length) throw new ImportError(['at claims: the pack has no claims']);
  const others = ctx.imported.filter((p) => p.meta.id !== pack.id);
  const problems = crossCheck(pack, [
    { pack: ctx.bundled, name: 'the bundled pack' },
    ...others.map((p) => ({ pack: p.pack, name: `the imported pack "${p.meta.title}"` })),
  ]);
  if (problems.length) throw new ImportError(problems.slice(0, MAX_PROBLEMS), problems.length);
  return {
    meta: {
      id: pack.id,
      title: pack.title,
      version: pack.version,
      format,
      fileName,
      importedAt: (ctx.now ?? new Date()).toISOString(),
      counts: packCounts(pack),
    },
    pack,
  };
}

/** The list of imported packs after adding (or replacing, by id) one. */
export function withPack(imported: readonly StoredPack[], added: StoredPack): StoredPack[] {
  const i = imported.findIndex((p) => p.meta.id === added.meta.id);
  if (i < 0) return [...imported, added];
  const out = [...imported];
  out[i] = added;
  return out;
}

/** Reads the stored list leniently: entries that no longer validate are left out (and reported). */
export function readStoredPacks(raw: unknown): { packs: StoredPack[]; dropped: number } {
  if (!Array.isArray(raw)) return { packs: [], dropped: 0 };
  const packs: StoredPack[] = [];
  let dropped = 0;
  for (const x of raw) {
    const r = StoredPack.safeParse(x);
    if (r.success) packs.push(r.data);
    else dropped++;
  }
  return { packs, dropped };
}

/** SHA-256 (hex) of a pack's JSON: the name of the source a compiled reference is made from (Web Crypto: browsers, Node). */
export async function packSha256(pack: Pack): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(JSON.stringify(pack)));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The descriptions in a stored list (`local:packs`, or the list of descriptions `local:packList`), checked; the packs
 * themselves are not (that is the cost a start avoids when the compiled reference is stored). Entries without a
 * valid description are left out, as by `readStoredPacks`. Accepts entries `{ meta, pack }` and bare descriptions.
 */
export function readStoredMetas(raw: unknown): ImportedPackMeta[] {
  if (!Array.isArray(raw)) return [];
  const out: ImportedPackMeta[] = [];
  for (const x of raw) {
    const m = ImportedPackMeta.safeParse(x && typeof x === 'object' && 'meta' in x ? x.meta : x);
    if (m.success) out.push(m.data);
  }
  return out;
}

/**
 * The bundled pack with the imported ones merged in: imported claim ids namespaced by pack id, groups and origins
 * added once by id (an imported pack may reuse the bundled ones), outlets once by name.
 */
export function mergePacks(bundled: Pack, imported: readonly StoredPack[]): Pack {
  if (!imported.length) return bundled;
  const groups = new Map<string, Group>(bundled.groups.map((g) => [g.id, g]));
  const origins = new Map<string, Origin>(bundled.origins.map((o) => [o.id, o]));
  const outlets = new Map<string, Outlet>(bundled.outlets.map((o) => [o.name, o]));
  const claims: Claim[] = [...bundled.claims];
  const licences = [...bundled.licences];
  for (const { pack } of imported) {
    for (const g of pack.groups) if (!groups.has(g.id)) groups.set(g.id, g);
    for (const o of pack.origins) if (!origins.has(o.id)) origins.set(o.id, o);
    for (const o of pack.outlets) if (!outlets.has(o.name)) outlets.set(o.name, o);
    for (const c of pack.claims) {
      // Checked at import; a later bundled pack could have dropped an origin, and an unknown one would break verdicts.
      if (c.statements.every((s) => origins.has(s.origin) && groups.has(origins.get(s.origin)!.group)))
        claims.push({ ...c, id: namespacedClaimId(pack.id, c.id) });
    }
    for (const l of pack.licences) if (!licences.includes(l)) licences.push(l);
  }
  return {
    ...bundled,
    version: [bundled.version, ...imported.map((p) => `${p.meta.id}@${p.meta.version}`)].join('+'),
    licences,
    groups: [...groups.values()],
    origins: [...origins.values()],
    outlets: [...outlets.values()],
    claims,
  };
}
