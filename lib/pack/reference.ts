/**
 * A loaded reference pack: the claims, the prebuilt Fuse index over entity names, token statistics for rescoring,
 * an index of figure values. Built once per process (background or the CLI). It knows nothing of verdicts.
 */
import Fuse, { type FuseIndex } from 'fuse.js';
import { tokens } from '../engine/06-normalise';
import { ClaimRetriever } from '../engine/10-retrieve';
import { claimWording, neighbourKey, type Wording } from '../engine/11-match';
import { directory, type Directory } from './directory';
import { entityDocs, FUSE_KEYS, type EntityDoc } from './entities';
import type { PackCounts, PackIndex } from './index-api';
import type { Claim, Pack } from './schema';

export type FuseIndexJson = ReturnType<FuseIndex<EntityDoc>['toJSON']>;

/** Share of a name's letter triples an entity must have for the name to be worth a fuzzy search. */
export const TRIGRAM_SHARE = 0.3;

export function trigrams(s: string): Set<string> {
  const w = ` ${s.toLowerCase()} `;
  const out = new Set<string>();
  for (let i = 0; i + 3 <= w.length; i++) out.add(w.slice(i, i + 3));
  return out;
}

/** A token's IDF weight over `docs` documents when `n` of them have it (n = 0: a token no claim has). */
export const idfOf = (docs: number, n: number): number => (n ? Math.log(1 + docs / n) : Math.log(1 + docs));

/** Fuse options shared by the index build and the search (bitap over short names). */
export const FUSE_OPTIONS = { keys: FUSE_KEYS, includeScore: true, ignoreLocation: true, threshold: 0.3, minMatchCharLength: 3 };

/** Fuse's pattern limit: longer patterns are searched in chunks, which the letter filter below does not model. */
export const FUSE_MAX_BITS = 32;
/** Letters are counted in this many buckets (char code modulo); a shared bucket over-counts, which keeps the filter safe. */
export const BUCKETS = 64;
/** Below this many names the fuzzy search runs over the whole index (no letter prefilter). */
export const PREFILTER_MIN_NAMES = 2_000;

/**
 * The names (by index) whose letters allow them within Fuse's threshold of `term` (a name needs at least the
 * pattern's length less the allowed errors of its letters, counted in BUCKETS); null: search every name (few names,
 * a pattern Fuse searches in chunks, or a filter that keeps nearly all). The same for both index paths.
 */
export function namesWithLetters(term: string, n: number, lettersOf: () => Uint8Array): number[] | null {
  const pattern = term.toLowerCase();
  const m = pattern.length;
  if (!m || m > FUSE_MAX_BITS || n < PREFILTER_MIN_NAMES) return null;
  let maxErrors = 0;
  while (maxErrors + 1 < m && (maxErrors + 1) / m <= FUSE_OPTIONS.threshold) maxErrors++;
  const need = m - maxErrors;
  const counts = new Map<number, number>();
  for (let k = 0; k < m; k++) {
    const b = pattern.charCodeAt(k) % BUCKETS;
    counts.set(b, (counts.get(b) ?? 0) + 1);
  }
  const nb = counts.size;
  const bs = Int32Array.from(counts.keys());
  const cs = Int32Array.from(counts.values());
  const letters = lettersOf();
  const keep: number[] = [];
  for (let i = 0; i < n; i++) {
    let shared = 0;
    const base = i * BUCKETS;
    for (let j = 0; j < nb; j++) {
      const have = letters[base + bs[j]!]!;
      shared += have < cs[j]! ? have : cs[j]!;
    }
    if (shared >= need) keep.push(i);
  }
  return keep.length > n * 0.9 ? null : keep;
}


/**
 * tokens() of a text, memoised per whitespace-separated chunk: no token spans whitespace, so the tokens of a text are
 * the tokens of its chunks in order, and a pack repeats most of its words.
 */
function chunkTokenizer(): (text: string) => string[] {
  const memo = new Map<string, string[]>();
  return (text) => {
    const out: string[] = [];
    for (const chunk of text.split(/\s+/)) {
      if (!chunk) continue;
      let t = memo.get(chunk);
      if (!t) memo.set(chunk, (t = tokens(chunk)));
      for (const x of t) out.push(x);
    }
    return out;
  };
}

/**
 * Load time matters (the background parses the pack when it wakes, and packs grow): the constructor builds only the
 * name search; the token statistics, figure indexes and letter-triple index are built on first use.
 */
export class ReferenceIndex implements PackIndex {
  readonly dir: Directory;
  readonly fuse: Fuse<EntityDoc>;
  readonly entities: EntityDoc[];
  private _phraseTokens?: Set<string>[][];
  private _claimValues?: Map<number, Set<string>>[];
  private _claimWhats?: string[][];
  private _entityWordIndex?: Map<string, { claim: number; tokens: string[] }[]>;
  private _valuesIndex?: Map<number, number[]>;
  private _idf?: Map<string, number>;
  private _idfDefault = 0;
  private _trigramIndex?: Map<string, number[]>;
  private _letters?: Uint8Array;
  private _indexJson?: FuseIndexJson;
  private readonly entityTokens = new Map<number, string[][]>();
  private readonly nameHits = new Map<string, { item: EntityDoc; score?: number }[]>();
  private readonly exactNames = new Map<string, EntityDoc>();

  /** Content-word tokens of each claim's phrases (text and aliases; numbers left out). */
  get phraseTokens(): Set<string>[][] {
    if (!this._phraseTokens) {
      // Per whitespace chunk, its word tokens (numbers left out), memoised: the same tokens in the same order as
      // tokens() of the whole phrase, filtered.
      const memo = new Map<string, string[]>();
      const words = (chunk: string) => {
        let t = memo.get(chunk);
        if (!t) memo.set(chunk, (t = tokens(chunk).filter((x) => !/^\d/.test(x))));
        return t;
      };
      this._phraseTokens = this.pack.claims.map((c) =>
        [c.text, ...(c.aliases ?? [])].map((p) => {
          const set = new Set<string>();
          for (const chunk of p.split(/\s+/)) if (chunk) for (const t of words(chunk)) set.add(t);
          return set;
        }),
      );
    }
    return this._phraseTokens;
  }

  /** Figure values given by each claim's non-context statements, with the quantities they count. */
  get claimValues(): Map<number, Set<string>>[] {
    this._claimValues ??= this.pack.claims.map((c) => {
      const vals = new Map<number, Set<string>>();
      for (const s of c.statements)
        if (s.stance !== 'context')
          for (const f of s.figures ?? []) vals.set(f.value, (vals.get(f.value) ?? new Set()).add(f.what));
      return vals;
    });
    return this._claimValues;
  }

  /** The quantities (`what` keys) each claim's non-context statements give. */
  get claimWhats(): string[][] {
    this._claimWhats ??= this.claimValues.map((vals) => [...new Set([...vals.values()].flatMap((w) => [...w]))]);
    return this._claimWhats;
  }

  /** First token of each entity → the claims naming it and the entity's tokens (all must be in a sentence). */
  get entityWordIndex(): Map<string, { claim: number; tokens: string[] }[]> {
    if (!this._entityWordIndex) {
      const index = new Map<string, { claim: number; tokens: string[] }[]>();
      const tok = chunkTokenizer();
      this.pack.claims.forEach((c, ci) => {
        if (c.series) return;
        for (const e of c.entities) {
          const t = tok(e);
          if (!t.length) continue;
          const list = index.get(t[0]!) ?? [];
          list.push({ claim: ci, tokens: t });
          index.set(t[0]!, list);
        }
      });
      this._entityWordIndex = index;
    }
    return this._entityWordIndex;
  }

  /** Figure value → claims that give it. */
  get valuesIndex(): Map<number, number[]> {
    if (!this._valuesIndex) {
      const index = new Map<number, number[]>();
      this.claimValues.forEach((vals, ci) => {
        for (const v of vals.keys()) {
          const list = index.get(v) ?? [];
          list.push(ci);
          index.set(v, list);
        }
      });
      this._valuesIndex = index;
    }
    return this._valuesIndex;
  }

  /** Document frequency over claims; a series counts once, so its repeated wording does not drown the rest. */
  /** Document frequency of each phrase token over the claims (a series counts once), and the number of documents. */
  documentFrequencies(): { df: Map<string, number>; docs: number } {
    const df = new Map<string, number>();
    const seenSeries = new Set<string>();
    let docs = 0;
    const phraseTokens = this.phraseTokens;
    this.pack.claims.forEach((c, ci) => {
      if (c.series) {
        if (seenSeries.has(c.series)) return;
        seenSeries.add(c.series);
      }
      docs++;
      const seen = new Set<string>();
      for (const set of phraseTokens[ci]!) for (const t of set) seen.add(t);
      for (const t of seen) df.set(t, (df.get(t) ?? 0) + 1);
    });
    return { df, docs };
  }

  private get idf(): Map<string, number> {
    if (!this._idf) {
      const { df, docs } = this.documentFrequencies();
      const idf = new Map<string, number>();
      for (const [t, n] of df) idf.set(t, idfOf(docs, n));
      this._idfDefault = idfOf(docs, 0);
      this._idf = idf;
    }
    return this._idf;
  }

  /** The letter-triple index (triple → entities), for the compiler. */
  trigramEntities(): ReadonlyMap<string, number[]> {
    return this.trigramIndex;
  }

  /** Each entity's tokens, as `entityTokensPresent` reads them. */
  entityTokenLists(ci: number): string[][] {
    let ets = this.entityTokens.get(ci);
    if (!ets) {
      ets = this.claim(ci).entities.map((e) => tokens(e)).filter((t) => t.length);
      this.entityTokens.set(ci, ets);
    }
    return ets;
  }

  private get trigramIndex(): Map<string, number[]> {
    if (!this._trigramIndex) {
      const index = new Map<string, number[]>();
      this.entities.forEach((e, i) => {
        for (const t of trigrams(e.n)) {
          const list = index.get(t) ?? [];
          list.push(i);
          index.set(t, list);
        }
      });
      this._trigramIndex = index;
    }
    return this._trigramIndex;
  }

  /** Per entity, how often each letter bucket occurs in its lower-cased name (capped at 255). */
  private get letters(): Uint8Array {
    if (!this._letters) {
      const out = new Uint8Array(this.entities.length * BUCKETS);
      this.entities.forEach((e, i) => {
        const n = e.n.toLowerCase();
        for (let k = 0; k < n.length; k++) {
          const at = i * BUCKETS + (n.charCodeAt(k) % BUCKETS);
          if (out[at]! < 255) out[at]!++;
        }
      });
      this._letters = out;
    }
    return this._letters;
  }

  /**
   * Search of one name in the entity index, memoised (pages repeat their names). An exact name needs no fuzzy search;
   * a name that shares too few letter triples with every entity cannot be a variant of one, so the fuzzy search over
   * the prebuilt index runs only for the few names that might be.
   */
  searchName(term: string): { item: EntityDoc; score?: number }[] {
    let hits = this.nameHits.get(term);
    if (!hits) {
      const exact = this.exactNames.get(term.toLowerCase());
      hits = exact ? [{ item: exact, score: 0 }] : this.mightBeVariant(term) ? this.fuzzy(term) : [];
      if (this.nameHits.size > 20_000) this.nameHits.clear();
      this.nameHits.set(term, hits);
    }
    return hits;
  }

  /**
   * The same hits as `this.fuse.search(term, { limit: 4 })`, faster on big packs. Fuse's bitap accepts a name when
   * some part of it is within e edits of the term with e / term length ≤ the threshold; then at least (length − e) of
   * the term's letters occur in the name. Names with fewer shared letters cannot be hits, so only the others are
   * searched; Fuse's scores depend on the term and the name alone, and ties keep the index order.
   */
  private fuzzy(term: string): { item: EntityDoc; score?: number; refIndex: number }[] {
    const limit = 4;
    const keep = namesWithLetters(term, this.entities.length, () => this.letters);
    if (!keep) return this.fuse.search(term, { limit });
    if (!keep.length) return [];
    // The kept names' records of the loaded index (no re-tokenising), in index order.
    this._indexJson ??= this.fuse.getIndex().toJSON();
    const { keys, records } = this._indexJson;
    const sub = new Fuse(
      keep.map((i) => this.entities[i]!),
      FUSE_OPTIONS,
      Fuse.parseIndex<EntityDoc>({ keys, records: keep.map((i, j) => ({ ...records[i]!, i: j })) }),
    );
    return sub.search(term, { limit }).map((r) => ({ ...r, refIndex: keep[r.refIndex]! }));
  }

  private mightBeVariant(term: string): boolean {
    const tris = trigrams(term);
    if (!tris.size) return false;
    const shared = new Map<number, number>();
    const index = this.trigramIndex;
    for (const t of tris) for (const e of index.get(t) ?? []) shared.set(e, (shared.get(e) ?? 0) + 1);
    const need = Math.max(2, Math.ceil(tris.size * TRIGRAM_SHARE));
    for (const n of shared.values()) if (n >= need) return true;
    return false;
  }

  constructor(
    readonly pack: Pack,
    index?: FuseIndexJson,
  ) {
    this.dir = directory(pack.origins, pack.groups, pack.outlets);
    this.entities = entityDocs(pack);
    this.fuse = new Fuse(this.entities, FUSE_OPTIONS, index ? Fuse.parseIndex<EntityDoc>(index) : undefined);
    for (const e of this.entities) this.exactNames.set(e.n.toLowerCase(), e);
  }

  weight(token: string): number {
    return this.idf.get(token) ?? this._idfDefault;
  }

  /** Whether the sentence's tokens contain every token of one of the claim's entities. */
  entityTokensPresent(ci: number, sTokens: ReadonlySet<string>): boolean {
    return this.entityTokenLists(ci).some((et) => et.every((t) => sTokens.has(t)));
  }

  private _seriesDays?: Map<string, number>;

  /** The claim of a series' report of one day (`when.from`), e.g. the General Staff's report of 2022-07-03. */
  seriesOn(date: string): number | undefined {
    if (!this._seriesDays) {
      this._seriesDays = new Map();
      this.pack.claims.forEach((c, ci) => {
        if (c.series && !this._seriesDays!.has(c.when.from)) this._seriesDays!.set(c.when.from, ci);
      });
    }
    return this._seriesDays.get(date);
  }

  claim(ci: number): Claim {
    return this.pack.claims[ci]!;
  }

  private _counts?: PackCounts;
  get counts(): PackCounts {
    this._counts ??= {
      claims: this.pack.claims.length,
      statements: this.pack.claims.reduce((n, c) => n + c.statements.length, 0),
      origins: this.pack.origins.length,
      outlets: this.pack.outlets.length,
    };
    return this._counts;
  }

  private _neighbours?: Map<string, number[]>;
  /** The other claims outside a series that share one of the claim's entities (`neighbourKey`). */
  neighbours(ci: number): number[] {
    if (!this._neighbours) {
      const byKey = new Map<string, number[]>();
      this.pack.claims.forEach((c, i) => {
        if (c.series) return;
        for (const e of c.entities) {
          const k = neighbourKey(e);
          if (!k) continue;
          const list = byKey.get(k);
          if (list) list.push(i);
          else byKey.set(k, [i]);
        }
      });
      this._neighbours = byKey;
    }
    const out = new Set<number>();
    for (const e of this.claim(ci).entities) {
      const k = neighbourKey(e);
      for (const n of (k && this._neighbours.get(k)) || []) if (n !== ci) out.add(n);
    }
    return [...out];
  }

  private readonly wordings = new Map<number, Wording>();
  wording(ci: number): Wording {
    let w = this.wordings.get(ci);
    if (!w) {
      const phrases = this.phraseTokens;
      w = claimWording(this.claim(ci), phrases[ci]!, () => this.neighbours(ci).map((n) => phrases[n]!));
      this.wordings.set(ci, w);
    }
    return w;
  }

  private _retriever?: ClaimRetriever;
  retriever(): ClaimRetriever {
    this._retriever ??= ClaimRetriever.build(this.pack);
    return this._retriever;
  }
}
