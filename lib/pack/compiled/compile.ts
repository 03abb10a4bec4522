/**
 * Compiles a validated pack into the compiled format (lib/pack/compiled/format.ts). Everything the matcher reads is
 * derived here by the JSON-backed ReferenceIndex itself — the same code, so the two agree by construction — and
 * stored as string tables and typed arrays:
 *
 * - claim heads (id, text, entities, dates, series, event) and, as cold data, the bodies (aliases and statements as
 *   JSON); General Staff reports as one table (report × category) made into claims again by `gsDayClaim` on demand;
 * - the matcher's per-claim data: phrase tokens, the wording (`claimWording`: summaries' tokens, time span, event
 *   types, own words), figure values and the value index, entity tokens, IDF document frequencies;
 * - the name search's entities, exact-name hash and letter-triple index; BM25's postings (stage 10).
 *
 * Each encoded record is decoded again and compared with what it encodes before the file is written, so a compiled
 * file never differs from its source; a wording of a shape the encoder does not know stops the compile.
 */
import { IntList } from '../../engine/10-retrieve';
import type { Wording } from '../../engine/11-match';
import { ReferenceIndex, trigrams } from '../reference';
import type { Claim, Pack } from '../schema';
import { GS_WHATS, gsDayClaim, gsDayOf, ORYX_WHATS, type GsDay } from '../series';
import { StringTableBuilder, writeContainer, type TypedArray } from './format';

/** How a wording field is stored: a list of token sets, a token set, or a record of strings. */
export type FieldKind = 'sets' | 'set' | 'rec';
export interface WordingShape {
  fields: { name: string; kind: FieldKind; keys?: string[] }[];
}

/** Body kinds (claim flags bits 1–2). */
export const BODY_JSON = 0; // [aliases | null, statements] JSON, head fields in schema order
export const BODY_GS = 1; // a row of the General Staff table
export const BODY_WHOLE = 2; // the whole claim as JSON (a claim whose keys are not in schema order)
export const FLAG_ALIASES = 1;

/** The claim's keys in the order the schema gives them (zod's output order). */
export const CLAIM_KEYS = ['id', 'text', 'aliases', 'entities', 'when', 'series', 'event', 'statements'] as const;

class Floats {
  a: Float64Array;
  n = 0;
  constructor(cap = 256) {
    this.a = new Float64Array(cap);
  }
  push(v: number): void {
    if (this.n === this.a.length) {
      const b = new Float64Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.n++] = v;
  }
  done(): Float64Array {
    return this.a.slice(0, this.n);
  }
}

/** Int records in one pool, identical records stored once; a record is addressed by its offset. */
class RecordPool {
  readonly pool = new IntList(1 << 12);
  private readonly seen = new Map<string, number>();
  add(rec: readonly number[]): number {
    const key = rec.join(',');
    let at = this.seen.get(key);
    if (at === undefined) {
      at = this.pool.n;
      for (const v of rec) this.pool.push(v);
      this.seen.set(key, at);
    }
    return at;
  }
}

const sameOrder = <T>(a: Iterable<T>, b: Iterable<T>) => {
  const x = [...a];
  const y = [...b];
  return x.length === y.length && x.every((v, i) => v === y[i]);
};

function shapeOf(w: Wording): WordingShape {
  return {
    fields: Object.entries(w).map(([name, v]) => {
      if (v instanceof Set) return { name, kind: 'set' as const };
      if (Array.isArray(v) && v.every((x) => x instanceof Set)) return { name, kind: 'sets' as const };
      if (v && typeof v === 'object' && Object.values(v).every((x) => typeof x === 'string')) return { name, kind: 'rec' as const, keys: Object.keys(v) };
      throw new Error(`compile: the wording's field "${name}" is of a shape the compiled format does not store (sets of strings, lists of them, records of strings); extend lib/pack/compiled`);
    }),
  };
}

/**
 * A wording as ints. sets: [k, m, (n, ids…)×(k − m)], the first m sets being the claim's phrase tokens; set: [0, n,
 * ids…], or [1, j] for the union (in order) of the sets field j, or [2, j, c, ids…] for set field j less c tokens
 * (order kept); rec: one id per key.
 */
export function encodeWording(w: Wording, shape: WordingShape, phrases: readonly Set<string>[], id: (s: string) => number): number[] {
  const out: number[] = [];
  const values = w as unknown as Record<string, unknown>;
  shape.fields.forEach((f, fi) => {
    const v = values[f.name];
    if (f.kind === 'rec') {
      const r = v as Record<string, string>;
      if (!sameOrder(Object.keys(r), f.keys!)) throw new Error(`compile: the wording's field "${f.name}" has other keys from claim to claim`);
      for (const k of f.keys!) out.push(id(r[k]!));
    } else if (f.kind === 'sets') {
      const sets = v as Set<string>[];
      let m = 0;
      while (m < sets.length && m < phrases.length && sameOrder(sets[m]!, phrases[m]!)) m++;
      out.push(sets.length, m);
      for (const s of sets.slice(m)) out.push(s.size, ...[...s].map(id));
    } else {
      const set = v as Set<string>;
      // The union of an earlier sets field, or an earlier set less a few tokens.
      const earlier = shape.fields.slice(0, fi);
      const unionOf = earlier.findIndex((e) => e.kind === 'sets' && sameOrder(set, new Set((values[e.name] as Set<string>[]).flatMap((s) => [...s]))));
      if (unionOf >= 0) return void out.push(1, unionOf);
      for (let j = 0; j < fi; j++) {
        if (earlier[j]!.kind !== 'set') continue;
        const base = values[earlier[j]!.name] as Set<string>;
        const kept = [...base].filter((t) => set.has(t));
        if (kept.length === set.size && sameOrder(kept, set) && base.size - set.size < set.size) {
          const less = [...base].filter((t) => !set.has(t));
          return void out.push(2, j, less.length, ...less.map(id));
        }
      }
      out.push(0, set.size, ...[...set].map(id));
    }
  });
  return out;
}

/** The inverse of encodeWording (`str` reads an id). */
export function decodeWording(pool: Int32Array, at: number, shape: WordingShape, phrases: () => Set<string>[], str: (id: number) => string): Wording {
  const out: Record<string, unknown> = {};
  let p = at;
  shape.fields.forEach((f) => {
    if (f.kind === 'rec') {
      const r: Record<string, string> = {};
      for (const k of f.keys!) r[k] = str(pool[p++]!);
      out[f.name] = r;
    } else if (f.kind === 'sets') {
      const k = pool[p++]!;
      const m = pool[p++]!;
      const sets: Set<string>[] = phrases().slice(0, m);
      for (let i = m; i < k; i++) {
        const n = pool[p++]!;
        const s = new Set<string>();
        for (let j = 0; j < n; j++) s.add(str(pool[p++]!));
        sets.push(s);
      }
      out[f.name] = sets;
    } else {
      const tag = pool[p++]!;
      if (tag === 1) {
        const j = pool[p++]!;
        const s = new Set<string>();
        for (const x of out[shape.fields[j]!.name] as Set<string>[]) for (const t of x) s.add(t);
        out[f.name] = s;
      } else if (tag === 2) {
        const j = pool[p++]!;
        const c = pool[p++]!;
        const less = new Set<string>();
        for (let i = 0; i < c; i++) less.add(str(pool[p++]!));
        const s = new Set<string>();
        for (const t of out[shape.fields[j]!.name] as Set<string>) if (!less.has(t)) s.add(t);
        out[f.name] = s;
      } else {
        const n = pool[p++]!;
        const s = new Set<string>();
        for (let j = 0; j < n; j++) s.add(str(pool[p++]!));
        out[f.name] = s;
      }
    }
  });
  return out as unknown as Wording;
}

const equalWording = (a: Wording, b: Wording): boolean => {
  const x = a as unknown as Record<string, unknown>;
  const y = b as unknown as Record<string, unknown>;
  const keys = Object.keys(x);
  if (!sameOrder(keys, Object.keys(y))) return false;
  return keys.every((k) => {
    const u = x[k];
    const v = y[k];
    if (u instanceof Set) return v instanceof Set && sameOrder(u, v);
    if (Array.isArray(u)) return Array.isArray(v) && u.length === v.length && u.every((s: Set<string>, i) => sameOrder(s, v[i] as Set<string>));
    return JSON.stringify(u) === JSON.stringify(v);
  });
};

/** The claim made again from its head and body, as CompiledIndex does (to check the body's encoding). */
export function claimFromParts(head: Pick<Claim, 'id' | 'text' | 'entities' | 'when' | 'series' | 'event'>, aliases: string[] | undefined, statements: Claim['statements']): Claim {
  const c: Record<string, unknown> = { id: head.id, text: head.text };
  if (aliases) c.aliases = aliases;
  c.entities = head.entities;
  c.when = head.when;
  if (head.series !== undefined) c.series = head.series;
  if (head.event !== undefined) c.event = head.event;
  c.statements = statements;
  return c as unknown as Claim;
}

function whenOf(c: Claim): Claim['when'] {
  return c.when.to === undefined ? { from: c.when.from } : { from: c.when.from, to: c.when.to };
}

export interface CompileStats {
  ms: number;
  bytes: number;
  hotBytes: number;
  gsRows: number;
  jsonBodies: number;
}

/**
 * The compiled file of a (validated) pack. `source` names the source it was compiled from (e.g. a hash), kept in the
 * header so a store can tell a stale file. Throws if the pack cannot be encoded exactly.
 */
export function compilePackBinary(pack: Pack, opts: { source?: string; stats?: (s: CompileStats) => void } = {}): Uint8Array {
  const t0 = performance.now();
  const ref = new ReferenceIndex(pack);
  const n = pack.claims.length;
  const str = new StringTableBuilder();
  const tok = new StringTableBuilder();
  // BM25's terms first, in BM25's term order: a term's id is its token id.
  const core = ref.retriever().retrievalCore;
  for (let t = 0; t < core.terms.length; t++) tok.id(core.terms[t]!);
  const nTerms = core.terms.length;

  // ---- heads and bodies
  const cId = new Int32Array(n);
  const cText = new Int32Array(n);
  const cFrom = new Int32Array(n);
  const cTo = new Int32Array(n);
  const cSeries = new Int32Array(n);
  const cEvent = new Int32Array(n);
  const cFlags = new Uint8Array(n);
  const cBody = new Int32Array(n);
  const cEnt = new Int32Array(n);
  const entPool = new RecordPool();
  const enc = new TextEncoder();
  const bodyChunks: Uint8Array[] = [];
  const bodyStart = new IntList(1024);
  let bodyBytes = 0;
  const gsRows: GsDay[] = [];
  const addBody = (json: string) => {
    const b = enc.encode(json);
    bodyStart.push(bodyBytes);
    bodyChunks.push(b);
    bodyBytes += b.length;
    return bodyStart.n - 1;
  };
  pack.claims.forEach((c, ci) => {
    cId[ci] = str.id(c.id);
    cText[ci] = str.id(c.text);
    cFrom[ci] = str.id(c.when.from);
    cTo[ci] = c.when.to === undefined ? -1 : str.id(c.when.to);
    cSeries[ci] = c.series === undefined ? -1 : str.id(c.series);
    cEvent[ci] = c.event === undefined ? -1 : str.id(c.event);
    cEnt[ci] = entPool.add([c.entities.length, ...c.entities.map((e) => str.id(e))]);
    const head = { id: c.id, text: c.text, entities: c.entities, when: whenOf(c), series: c.series, event: c.event };
    const gs = gsDayOf(c);
    const whole = JSON.stringify(c);
    if (gs && JSON.stringify(gsDayClaim(gsRowBack(gsRowOf(gs), gs.date, gs.extraReports))) === whole) {
      cFlags[ci] = (BODY_GS << 1) | FLAG_ALIASES;
      cBody[ci] = gsRows.length;
      gsRows.push(gs);
    } else if (JSON.stringify(claimFromParts(head, c.aliases, c.statements)) === whole) {
      cFlags[ci] = (BODY_JSON << 1) | (c.aliases ? FLAG_ALIASES : 0);
      cBody[ci] = addBody(JSON.stringify([c.aliases ?? null, c.statements]));
    } else {
      cFlags[ci] = BODY_WHOLE << 1;
      cBody[ci] = addBody(whole);
    }
  });
  bodyStart.push(bodyBytes);
  const bodies = new Uint8Array(bodyBytes);
  {
    let at = 0;
    for (const b of bodyChunks) bodies.set(b, at), (at += b.length);
  }

  // ---- the General Staff table: per row day, personnel, each category (NaN: not given), Oryx's counts and dates
  const G = GS_WHATS.length;
  const O = ORYX_WHATS.length;
  const gsNum = new Float64Array(gsRows.length * (2 + G + O));
  const gsRec = new Int32Array(gsRows.length * (O + 1));
  const gsExtra = new Int32Array(gsRows.length);
  gsRows.forEach((d, r) => {
    const row = gsRowOf(d);
    gsNum.set(row.num, r * (2 + G + O));
    gsRec.set(
      row.rec.map((x) => (x === null ? -1 : str.id(x))),
      r * (O + 1),
    );
    gsExtra[r] = d.extraReports.length ? str.id(JSON.stringify(d.extraReports)) : -1;
  });

  // ---- matching data
  const phrPool = new RecordPool();
  const phrAt = new Int32Array(n);
  const wdPool = new RecordPool();
  const wdAt = new Int32Array(n);
  const etPool = new RecordPool();
  const etAt = new Int32Array(n);
  const valAt = new Int32Array(n + 1);
  const valV = new Floats(1024);
  const valW = new IntList(1024);
  let shape: WordingShape | undefined;
  const tid = (s: string) => tok.id(s);
  const phraseTokens = ref.phraseTokens;
  for (let ci = 0; ci < n; ci++) {
    const phrases = phraseTokens[ci]!;
    phrAt[ci] = phrPool.add([phrases.length, ...phrases.flatMap((s) => [s.size, ...[...s].map(tid)])]);
    const w = ref.wording(ci);
    shape ??= shapeOf(w);
    const rec = encodeWording(w, shape, phrases, tid);
    const back = decodeWording(Int32Array.from(rec), 0, shape, () => phrases, (i) => tok.list[i]!);
    if (!equalWording(back, w)) throw new Error(`compile: the wording of claim ${pack.claims[ci]!.id} does not survive encoding (internal error)`);
    wdAt[ci] = wdPool.add(rec);
    const ets = ref.entityTokenLists(ci);
    etAt[ci] = etPool.add([ets.length, ...ets.flatMap((t) => [t.length, ...t.map(tid)])]);
    valAt[ci] = valV.n;
    for (const [v, whats] of ref.claimValues[ci]!) for (const what of whats) valV.push(v), valW.push(str.id(what));
  }
  valAt[n] = valV.n;

  // Value index: distinct values sorted, each with its claims ascending (the order ReferenceIndex lists them in).
  const vIndex = [...ref.valuesIndex].sort((a, b) => a[0] - b[0]);
  const vixV = Float64Array.from(vIndex.map(([v]) => v));
  const vixAt = new Int32Array(vIndex.length + 1);
  const vixC = new IntList(1024);
  vIndex.forEach(([, cs], i) => {
    vixAt[i] = vixC.n;
    for (const c of cs) vixC.push(c);
  });
  vixAt[vIndex.length] = vixC.n;

  // Entity word index: first token → (claim, the entity's tokens), in ReferenceIndex's order.
  const ewEntries: [number, number, string[]][] = [];
  for (const [first, list] of ref.entityWordIndex) for (const e of list) ewEntries.push([tid(first), e.claim, e.tokens]);
  const { df, docs } = ref.documentFrequencies();
  for (const t of df.keys()) tid(t);

  // Entities of the name search, their lower-case names (hash) and letter triples.
  const entities = ref.entities;
  const lname = new StringTableBuilder();
  const enName = new Int32Array(entities.length);
  const enAt = new Int32Array(entities.length + 1);
  const enC = new IntList(1024);
  entities.forEach((e, i) => {
    enName[i] = str.id(e.n);
    if (lname.id(e.n.toLowerCase()) !== i) throw new Error(`compile: two entities share the lower-case name "${e.n}" (internal error)`);
    enAt[i] = enC.n;
    for (const c of e.c) enC.push(c);
  });
  enAt[entities.length] = enC.n;
  const tri = new StringTableBuilder();
  const triIndex = ref.trigramEntities();
  const triAt = new Int32Array(triIndex.size + 1);
  const triE = new IntList(1024);
  for (const [t, es] of triIndex) {
    const i = tri.id(t);
    triAt[i] = triE.n;
    for (const e of es) triE.push(e);
  }
  triAt[triIndex.size] = triE.n;
  if (entities.some((e) => [...trigrams(e.n)].some((t) => tri.ids.get(t) === undefined))) throw new Error('compile: letter-triple index incomplete (internal error)');

  // Now every token has its id: the tables that are indexed by token.
  const nTok = tok.list.length;
  const tokDf = new Int32Array(nTok);
  for (const [t, k] of df) tokDf[tok.ids.get(t)!] = k;
  ewEntries.sort((a, b) => a[0] - b[0]); // stable: keeps the order within a first token
  const ewAt = new Int32Array(nTok + 1);
  const ewClaim = new Int32Array(ewEntries.length);
  const ewTok = new Int32Array(ewEntries.length);
  const ewPool = new RecordPool();
  {
    let k = 0;
    for (let t = 0; t < nTok; t++) {
      ewAt[t] = k;
      while (k < ewEntries.length && ewEntries[k]![0] === t) {
        const [, claim, toks] = ewEntries[k]!;
        ewClaim[k] = claim;
        ewTok[k] = ewPool.add([toks.length, ...toks.map((x) => tok.ids.get(x)!)]);
        k++;
      }
    }
    ewAt[nTok] = k;
  }

  const checkText = (b: StringTableBuilder, name: string) => {
    const joined = b.list.join('');
    if (new TextDecoder().decode(enc.encode(joined)) !== joined) throw new Error(`compile: the ${name} strings are not valid Unicode (a lone surrogate)`);
  };
  checkText(str, 'pack');
  checkText(tok, 'token');

  const postTf = core.postTf;
  let maxTf = 0;
  for (let i = 0; i < postTf.length; i++) if (postTf[i]! > maxTf) maxTf = postTf[i]!;

  const hot: Record<string, TypedArray> = {
    ...str.sections('str', false),
    ...tok.sections('tok', true),
    ...lname.sections('lname', true),
    ...tri.sections('tri', true),
    'c.id': cId,
    'c.text': cText,
    'c.from': cFrom,
    'c.to': cTo,
    'c.series': cSeries,
    'c.event': cEvent,
    'c.flags': cFlags,
    'c.body': cBody,
    'c.ent': cEnt,
    'ent.pool': entPool.pool.done(),
    'gs.num': gsNum,
    'gs.rec': gsRec,
    'gs.extra': gsExtra,
    'phr.at': phrAt,
    'phr.pool': phrPool.pool.done(),
    'wd.at': wdAt,
    'wd.pool': wdPool.pool.done(),
    'et.at': etAt,
    'et.pool': etPool.pool.done(),
    'val.at': valAt,
    'val.v': valV.done(),
    'val.w': valW.done(),
    'vix.v': vixV,
    'vix.at': vixAt,
    'vix.c': vixC.done(),
    'tok.df': tokDf,
    'ew.at': ewAt,
    'ew.claim': ewClaim,
    'ew.tok': ewTok,
    'ew.pool': ewPool.pool.done(),
    'en.name': enName,
    'en.at': enAt,
    'en.c': enC.done(),
    'tri.at': triAt,
    'tri.e': triE.done(),
    'bm.docClaim': core.docClaim,
    'bm.docField': core.docField,
    'bm.docStart': core.docStart,
    'bm.termStart': core.termStart,
    'bm.postDoc': core.postDoc,
    'bm.postTf': maxTf <= 255 ? Uint8Array.from(postTf) : postTf,
    'bm.idf': core.idf,
  };
  const cold: Record<string, TypedArray> = {
    'body.start': bodyStart.done(),
    'body.blob': bodies,
    'bm.docTerms': core.docTerms,
  };
  const { id, version, title, licences, groups, origins, outlets, events } = pack;
  const out = writeContainer(
    {
      meta: { id, version, title, licences, groups, origins, outlets, events },
      counts: ref.counts,
      claimCount: n,
      data: {
        source: opts.source ?? null,
        wording: shape ?? { fields: [] },
        idfDocs: docs,
        bm25: { nTerms, avgLen: [...core.avgLen], nDocs: core.docClaim.length },
        gs: { whats: GS_WHATS, oryx: ORYX_WHATS },
      },
    },
    hot,
    cold,
  );
  opts.stats?.({ ms: performance.now() - t0, bytes: out.length, hotBytes: Object.values(hot).reduce((s, a) => s + a.byteLength, 0), gsRows: gsRows.length, jsonBodies: bodyStart.n - 1 });
  return out;
}

/** A General Staff report as table cells: [day, personnel, each category, each Oryx count] and Oryx's dates (+ whether Oryx is attached). */
export function gsRowOf(d: GsDay): { num: number[]; rec: (string | null)[] } {
  const G = GS_WHATS.length;
  const num = new Array<number>(2 + G + ORYX_WHATS.length).fill(NaN);
  num[0] = d.day;
  num[1] = d.personnel;
  for (const v of d.values) num[2 + GS_WHATS.indexOf(v.what)] = v.value;
  const rec: (string | null)[] = new Array<string | null>(ORYX_WHATS.length + 1).fill(null);
  rec[0] = d.oryx ? 'oryx' : null;
  for (const v of d.oryx ?? []) {
    const k = ORYX_WHATS.indexOf(v.what);
    num[2 + G + k] = v.value;
    rec[1 + k] = v.recorded;
  }
  return { num, rec };
}

/** The inverse of gsRowOf (with the report's date and extra reports set apart). */
export function gsRowBack(row: { num: ArrayLike<number>; rec: ArrayLike<string | null> }, date = '', extraReports: GsDay['extraReports'] = []): GsDay {
  const G = GS_WHATS.length;
  const values: GsDay['values'] = [];
  GS_WHATS.forEach((what, k) => {
    const v = row.num[2 + k]!;
    if (!Number.isNaN(v)) values.push({ what, value: v });
  });
  const oryx: NonNullable<GsDay['oryx']> = [];
  ORYX_WHATS.forEach((what, k) => {
    const v = row.num[2 + G + k]!;
    if (!Number.isNaN(v)) oryx.push({ what, value: v, recorded: row.rec[1 + k] ?? '' });
  });
  return { date, day: row.num[0]!, personnel: row.num[1]!, values, ...(row.rec[0] ? { oryx } : {}), extraReports };
}
