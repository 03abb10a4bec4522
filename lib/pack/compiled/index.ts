/**
 * A loaded compiled pack (lib/pack/compiled/format.ts, written by compile.ts): the PackIndex the engine reads, over
 * views of the file's bytes. Loading checks the header and the section bounds and makes views; nothing is parsed or
 * built until the matcher asks for it, and then only for what it asks (a string table is decoded on its first use, a
 * claim's wording, values and tokens when the claim is a candidate). A claim's head (id, text, entities, dates) is
 * read from the tables; its aliases and statements — the body — are read from the cold part of the file when first
 * touched, which for most candidates is never: the matcher reads bodies of the claims it ends up matching.
 */
import Fuse from 'fuse.js';
import { ClaimRetriever, type RetrievalCore } from '../../engine/10-retrieve';
import type { Wording } from '../../engine/11-match';
import { directory, type Directory } from '../directory';
import type { EntityDoc } from '../entities';
import { lazyList, type Lookup, type PackCounts, type PackIndex, type PackView } from '../index-api';
import { BUCKETS, FUSE_OPTIONS, idfOf, namesWithLetters, TRIGRAM_SHARE, trigrams } from '../reference';
import type { Claim, Pack, Report } from '../schema';
import { GS_WHATS, gsDayClaim, ORYX_WHATS } from '../series';
import { BODY_GS, BODY_WHOLE, claimFromParts, decodeWording, FLAG_ALIASES, gsRowBack, type WordingShape } from './compile';
import { checkBody, CompiledPackError, readHeader, sectionView, StringTable, type Header, type TypedArray } from './format';

type FuseIndexOf = ReturnType<typeof Fuse.createIndex<EntityDoc>>;
type FuseRecord = FuseIndexOf['records'][number];

/** Reads bytes of the file's cold part (claim bodies) on demand; offsets are the file's. */
export interface ColdSource {
  read(offset: number, length: number): Uint8Array;
}

type Hit = { item: EntityDoc; score?: number; refIndex?: number };

export class CompiledIndex implements PackIndex {
  readonly header: Header;
  readonly pack: PackView;
  readonly dir: Directory;
  readonly counts: PackCounts;
  readonly phraseTokens: readonly Set<string>[][];
  readonly claimValues: readonly Map<number, Set<string>>[];
  readonly claimWhats: readonly string[][];
  readonly entityWordIndex: Lookup<string, readonly { claim: number; tokens: string[] }[]>;
  readonly valuesIndex: Lookup<number, Iterable<number>>;
  private readonly n: number;
  private readonly hotBytes: Uint8Array;
  private readonly v: (name: string) => TypedArray;
  private readonly s: (name: string) => Int32Array;
  private readonly str: StringTable;
  private readonly tok: StringTable;
  private readonly lname: StringTable;
  private readonly tri: StringTable;
  private readonly shape: WordingShape;
  private readonly idfDocs: number;

  /**
   * `hot`: the file's first `header.coldStart` bytes (or all of it); `cold`: where the rest is read from when `hot`
   * does not hold it. `verify`: check the checksums too (the sizes and bounds are always checked).
   */
  private constructor(
    hot: Uint8Array,
    private readonly cold: ColdSource | undefined,
    verify: boolean,
  ) {
    const h = readHeader(hot);
    const coldPresent = !cold;
    checkBody(h, hot, { coldPresent, verify });
    this.header = h;
    this.n = h.claimCount;
    this.hotBytes = hot;
    const views = new Map<string, TypedArray>();
    this.v = (name) => {
      let v = views.get(name);
      if (!v) views.set(name, (v = sectionView(h, hot, name)));
      return v;
    };
    this.s = (name) => this.v(name) as Int32Array;
    const f64 = (name: string) => this.v(name) as Float64Array;
    const u8 = (name: string) => this.v(name) as Uint8Array;
    const table = (name: string, hashed: boolean) => new StringTable(u8(`${name}.blob`), this.s(`${name}.chars`), hashed ? this.s(`${name}.hash`) : undefined);
    this.str = table('str', false);
    this.tok = table('tok', true);
    this.lname = table('lname', true);
    this.tri = table('tri', true);
    this.shape = h.data.wording as WordingShape;
    this.idfDocs = h.data.idfDocs as number;
    if (this.s('c.id').length !== this.n) throw new CompiledPackError('corrupt: the claim table does not match the claim count');
    this.coldBytes = coldPresent ? hot : undefined;
    this.flags = u8('c.flags');

    const m = h.meta;
    this.dir = directory(m.origins, m.groups, m.outlets);
    this.counts = h.counts;
    this.pack = { ...m, claims: lazyList(this.n, (ci) => this.claim(ci)) };

    const phrAt = this.s('phr.at');
    const phrPool = this.s('phr.pool');
    const tokAt = (i: number) => this.tokStr(i);
    this.phraseTokens = lazyList(this.n, (ci) => {
      let p = phrAt[ci]!;
      const k = phrPool[p++]!;
      const out: Set<string>[] = [];
      for (let i = 0; i < k; i++) {
        const len = phrPool[p++]!;
        const set = new Set<string>();
        for (let j = 0; j < len; j++) set.add(tokAt(phrPool[p++]!));
        out.push(set);
      }
      return out;
    });
    const valAt = this.s('val.at');
    const valV = f64('val.v');
    const valW = this.s('val.w');
    this.claimValues = lazyList(this.n, (ci) => {
      const out = new Map<number, Set<string>>();
      for (let i = valAt[ci]!; i < valAt[ci + 1]!; i++) {
        const v = valV[i]!;
        let set = out.get(v);
        if (!set) out.set(v, (set = new Set()));
        set.add(this.str.get(valW[i]!));
      }
      return out;
    });
    this.claimWhats = lazyList(this.n, (ci) => [...new Set([...this.claimValues[ci]!.values()].flatMap((w) => [...w]))]);

    const vixV = f64('vix.v');
    const vixAt = this.s('vix.at');
    const vixC = this.s('vix.c');
    this.valuesIndex = {
      get(v: number) {
        let lo = 0;
        let hi = vixV.length - 1;
        while (lo <= hi) {
          const mid = (lo + hi) >> 1;
          const x = vixV[mid]!;
          if (x < v) lo = mid + 1;
          else if (x > v) hi = mid - 1;
          else return vixC.subarray(vixAt[mid]!, vixAt[mid + 1]!);
        }
        return undefined;
      },
    };

    const ewAt = this.s('ew.at');
    const ewClaim = this.s('ew.claim');
    const ewTok = this.s('ew.tok');
    const ewPool = this.s('ew.pool');
    const ewCache = new Map<number, { claim: number; tokens: string[] }[]>();
    this.entityWordIndex = {
      get: (t: string) => {
        const id = this.tok.find(t);
        if (id < 0 || ewAt[id] === ewAt[id + 1]) return undefined;
        let list = ewCache.get(id);
        if (!list) {
          list = [];
          for (let k = ewAt[id]!; k < ewAt[id + 1]!; k++) {
            let p = ewTok[k]!;
            const len = ewPool[p++]!;
            const tokens: string[] = [];
            for (let j = 0; j < len; j++) tokens.push(tokAt(ewPool[p++]!));
            list.push({ claim: ewClaim[k]!, tokens });
          }
          ewCache.set(id, list);
        }
        return list;
      },
    };
  }

  /** A compiled file held whole in memory (the extension: a fetched file, or one read from IndexedDB). */
  static fromBytes(bytes: Uint8Array | ArrayBuffer, opts: { verify?: boolean } = {}): CompiledIndex {
    return new CompiledIndex(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes), undefined, opts.verify ?? false);
  }

  /** The file's hot part in memory and its cold part (claim bodies) read on demand (Node: lib/pack/compiled/node.ts). */
  static fromParts(hot: Uint8Array, cold: ColdSource, opts: { verify?: boolean } = {}): CompiledIndex {
    return new CompiledIndex(hot, cold, opts.verify ?? false);
  }

  // ---- strings and the cold part

  private readonly tokStrs: (string | undefined)[] = [];
  private tokStr(i: number): string {
    return (this.tokStrs[i] ??= this.tok.get(i));
  }
  private readonly coldBytes: Uint8Array | undefined;
  private readonly flags: Uint8Array;
  private coldViews = new Map<string, Int32Array | Uint8Array>();
  /** A cold section: a view when the file is in memory, else read from the cold source (once). */
  private coldSection(name: string): Int32Array | Uint8Array {
    let v = this.coldViews.get(name);
    if (!v) {
      const h = this.header;
      if (this.coldBytes) v = sectionView(h, this.coldBytes, name) as Int32Array | Uint8Array;
      else {
        const [off, len] = h.sections[name]!;
        const bytes = this.cold!.read(off, len);
        if (bytes.length !== len) throw new CompiledPackError(`cut short: section ${name}`);
        v = sectionView(h, bytes, name, off) as Int32Array | Uint8Array;
      }
      this.coldViews.set(name, v);
    }
    return v;
  }
  private bodyText(b: number): string {
    const start = this.coldSection('body.start') as Int32Array;
    const a = start[b]!;
    const e = start[b + 1]!;
    const [off] = this.header.sections['body.blob']!;
    const bytes = this.coldBytes ? (this.coldSection('body.blob') as Uint8Array).subarray(a, e) : this.cold!.read(off + a, e - a);
    return new TextDecoder().decode(bytes);
  }

  // ---- claims

  private readonly claims = new Map<number, Claim>();
  claim(ci: number): Claim {
    let c = this.claims.get(ci);
    if (!c) {
      if (!(ci >= 0 && ci < this.n)) throw new RangeError(`no claim ${ci}`);
      c = this.makeClaim(ci);
      this.claims.set(ci, c);
    }
    return c;
  }

  /** The claim's id without materialising it. */
  claimId(ci: number): string {
    return this.str.get(this.s('c.id')[ci]!);
  }

  private makeClaim(ci: number): Claim {
    const s = this.s;
    const flags = this.flags[ci]!;
    const kind = flags >> 1;
    const body = s('c.body')[ci]!;
    if (kind === BODY_WHOLE) return JSON.parse(this.bodyText(body)) as Claim;
    const from = this.str.get(s('c.from')[ci]!);
    if (kind === BODY_GS) {
      const G = GS_WHATS.length;
      const O = ORYX_WHATS.length;
      const num = this.v('gs.num') as Float64Array;
      const width = 2 + G + O;
      const rec = s('gs.rec');
      const recs = Array.from(rec.subarray(body * (O + 1), (body + 1) * (O + 1)), (x) => (x < 0 ? null : this.str.get(x)));
      const extra = s('gs.extra')[body]!;
      return gsDayClaim(gsRowBack({ num: num.subarray(body * width, (body + 1) * width), rec: recs }, from, extra < 0 ? [] : (JSON.parse(this.str.get(extra)) as Report[])));
    }
    const to = s('c.to')[ci]!;
    const series = s('c.series')[ci]!;
    const event = s('c.event')[ci]!;
    const entPool = s('ent.pool');
    let p = s('c.ent')[ci]!;
    const k = entPool[p++]!;
    const entities: string[] = [];
    for (let i = 0; i < k; i++) entities.push(this.str.get(entPool[p++]!));
    const head = {
      id: this.str.get(s('c.id')[ci]!),
      text: this.str.get(s('c.text')[ci]!),
      entities,
      when: to < 0 ? { from } : { from, to: this.str.get(to) },
      ...(series >= 0 ? { series: this.str.get(series) } : {}),
      ...(event >= 0 ? { event: this.str.get(event) } : {}),
    };
    // Aliases and statements come from the body, read when first touched.
    const placeholder = flags & FLAG_ALIASES ? [] : undefined;
    const c = claimFromParts(head, placeholder, []) as unknown as Record<string, unknown>;
    let loaded: [string[] | null, Claim['statements']] | undefined;
    const load = () => (loaded ??= JSON.parse(this.bodyText(body)) as [string[] | null, Claim['statements']]);
    const lazy = (key: 'aliases' | 'statements', pick: (b: NonNullable<typeof loaded>) => unknown) =>
      Object.defineProperty(c, key, {
        enumerable: true,
        configurable: true,
        get: () => {
          const v = pick(load());
          Object.defineProperty(c, key, { value: v, enumerable: true, configurable: true, writable: true });
          return v;
        },
      });
    if (placeholder) lazy('aliases', (b) => b[0]);
    lazy('statements', (b) => b[1]);
    return c as unknown as Claim;
  }

  /** The whole pack as plain data (to merge with other packs and compile again). */
  toPack(): Pack {
    const claims: Claim[] = [];
    for (let ci = 0; ci < this.n; ci++) claims.push(JSON.parse(JSON.stringify(this.claim(ci))) as Claim);
    return { ...structuredClone(this.header.meta), claims };
  }

  // ---- what the matcher reads

  private readonly wordings = new Map<number, Wording>();
  wording(ci: number): Wording {
    let w = this.wordings.get(ci);
    if (!w) {
      w = decodeWording(this.s('wd.pool'), this.s('wd.at')[ci]!, this.shape, () => this.phraseTokens[ci]!, (i) => this.tokStr(i));
      if (this.wordings.size > 50_000) this.wordings.clear();
      this.wordings.set(ci, w);
    }
    return w;
  }

  private readonly weights = new Map<string, number>();
  weight(token: string): number {
    let w = this.weights.get(token);
    if (w === undefined) {
      const id = this.tok.find(token);
      w = idfOf(this.idfDocs, id < 0 ? 0 : this.s('tok.df')[id]!);
      if (this.weights.size > 100_000) this.weights.clear();
      this.weights.set(token, w);
    }
    return w;
  }

  private readonly entityTokens = new Map<number, string[][]>();
  entityTokensPresent(ci: number, sTokens: ReadonlySet<string>): boolean {
    let ets = this.entityTokens.get(ci);
    if (!ets) {
      const pool = this.s('et.pool');
      let p = this.s('et.at')[ci]!;
      const k = pool[p++]!;
      ets = [];
      for (let i = 0; i < k; i++) {
        const len = pool[p++]!;
        const t: string[] = [];
        for (let j = 0; j < len; j++) t.push(this.tokStr(pool[p++]!));
        ets.push(t);
      }
      this.entityTokens.set(ci, ets);
    }
    return ets.some((et) => et.every((t) => sTokens.has(t)));
  }

  private seriesDays?: Map<string, number>;
  seriesOn(date: string): number | undefined {
    if (!this.seriesDays) {
      this.seriesDays = new Map();
      const series = this.s('c.series');
      const from = this.s('c.from');
      for (let ci = 0; ci < this.n; ci++) {
        if (series[ci]! < 0) continue;
        const d = this.str.get(from[ci]!);
        if (!this.seriesDays.has(d)) this.seriesDays.set(d, ci);
      }
    }
    return this.seriesDays.get(date);
  }

  private _retriever?: ClaimRetriever;
  retriever(): ClaimRetriever {
    if (!this._retriever) {
      const s = this.s;
      const h = this.header;
      const bm = h.data.bm25 as { nTerms: number; avgLen: number[]; nDocs: number };
      const tok = this.tok;
      const self = this;
      let terms: string[] | undefined;
      let docTerms: Int32Array | undefined;
      const postTf = this.v('bm.postTf');
      const core: RetrievalCore = {
        claimCount: this.n,
        vocab: {
          get(w: string) {
            const id = tok.find(w);
            return id >= 0 && id < bm.nTerms ? id : undefined;
          },
        },
        get terms() {
          return (terms ??= Array.from({ length: bm.nTerms }, (_, i) => self.tokStr(i)));
        },
        docClaim: s('bm.docClaim'),
        docField: this.v('bm.docField') as Uint8Array,
        docStart: s('bm.docStart'),
        get docTerms() {
          return (docTerms ??= self.coldSection('bm.docTerms') as Int32Array);
        },
        termStart: s('bm.termStart'),
        postDoc: s('bm.postDoc'),
        postTf: postTf instanceof Uint16Array ? postTf : Uint16Array.from(postTf as Uint8Array),
        idf: this.v('bm.idf') as Float32Array,
        avgLen: Float64Array.from(bm.avgLen),
        acc: new Float32Array(bm.nDocs),
        best: new Float32Array(this.n * 3),
        bestDoc: new Int32Array(this.n * 3).fill(-1),
      };
      this._retriever = ClaimRetriever.fromCore(core);
    }
    return this._retriever;
  }

  // ---- the name search (the same algorithm and hits as ReferenceIndex.searchName)

  private entityDocs: (EntityDoc | undefined)[] = [];
  private entity(i: number): EntityDoc {
    let e = this.entityDocs[i];
    if (!e) {
      const at = this.s('en.at');
      e = { n: this.str.get(this.s('en.name')[i]!), c: Array.from(this.s('en.c').subarray(at[i]!, at[i + 1]!)) };
      this.entityDocs[i] = e;
    }
    return e;
  }
  private get entityCount(): number {
    return this.s('en.name').length;
  }
  private _fuse?: Fuse<EntityDoc>;
  private get fuse(): Fuse<EntityDoc> {
    this._fuse ??= new Fuse(
      Array.from({ length: this.entityCount }, (_, i) => this.entity(i)),
      FUSE_OPTIONS,
    );
    return this._fuse;
  }
  private _letters?: Uint8Array;
  private get letters(): Uint8Array {
    if (!this._letters) {
      const n = this.entityCount;
      const out = new Uint8Array(n * BUCKETS);
      for (let i = 0; i < n; i++) {
        const name = this.lname.get(i);
        for (let k = 0; k < name.length; k++) {
          const at = i * BUCKETS + (name.charCodeAt(k) % BUCKETS);
          if (out[at]! < 255) out[at]!++;
        }
      }
      this._letters = out;
    }
    return this._letters;
  }

  private readonly fuseRecords: FuseRecord[] = [];
  private fuseKeys?: FuseIndexOf['keys'];
  private readonly nameHits = new Map<string, Hit[]>();
  searchName(term: string): { item: EntityDoc; score?: number }[] {
    let hits = this.nameHits.get(term);
    if (!hits) {
      const exact = this.lname.find(term.toLowerCase());
      hits = exact >= 0 ? [{ item: this.entity(exact), score: 0 }] : this.mightBeVariant(term) ? this.fuzzy(term) : [];
      if (this.nameHits.size > 20_000) this.nameHits.clear();
      this.nameHits.set(term, hits);
    }
    return hits;
  }

  private mightBeVariant(term: string): boolean {
    const tris = trigrams(term);
    if (!tris.size) return false;
    const shared = new Map<number, number>();
    const at = this.s('tri.at');
    const es = this.s('tri.e');
    for (const t of tris) {
      const id = this.tri.find(t);
      if (id < 0) continue;
      for (let k = at[id]!; k < at[id + 1]!; k++) shared.set(es[k]!, (shared.get(es[k]!) ?? 0) + 1);
    }
    const need = Math.max(2, Math.ceil(tris.size * TRIGRAM_SHARE));
    for (const n of shared.values()) if (n >= need) return true;
    return false;
  }

  private fuzzy(term: string): Hit[] {
    const limit = 4;
    const keep = namesWithLetters(term, this.entityCount, () => this.letters);
    if (!keep) return this.fuse.search(term, { limit });
    if (!keep.length) return [];
    // Fuse's index record of a name is what it computes from the name alone: each is made once, the first time the
    // name is kept, and reused (renumbered) for every later term. Making them again per term was a tenth of matching
    // time at 100k statements.
    const missing = keep.filter((i) => !this.fuseRecords[i]);
    if (missing.length) {
      const made = Fuse.createIndex(FUSE_OPTIONS.keys, missing.map((i) => this.entity(i)));
      this.fuseKeys ??= made.keys;
      for (const r of made.records) this.fuseRecords[missing[r.i]!] = r;
    }
    const index = Fuse.parseIndex<EntityDoc>({ keys: this.fuseKeys!, records: keep.map((i, j) => ({ ...this.fuseRecords[i]!, i: j })) });
    const sub = new Fuse(
      keep.map((i) => this.entity(i)),
      FUSE_OPTIONS,
      index,
    );
    return sub.search(term, { limit }).map((r) => ({ ...r, refIndex: keep[r.refIndex]! }));
  }
}
