/**
 * A loaded reference pack: the claims, the prebuilt Fuse index over entity names, token statistics for rescoring,
 * an index of figure values, and a cache of verdicts. Built once per process (background or the CLI).
 */
import Fuse, { type FuseIndex } from 'fuse.js';
import { tokens } from '../text/tokens';
import { directory, verdict, type Directory, type Verdict } from '../verdict';
import { entityDocs, FUSE_KEYS, type EntityDoc } from './entities';
import type { Claim, Pack } from './schema';

export type FuseIndexJson = ReturnType<FuseIndex<EntityDoc>['toJSON']>;

/** Share of a name's letter triples an entity must have for the name to be worth a fuzzy search. */
const TRIGRAM_SHARE = 0.3;

function trigrams(s: string): Set<string> {
  const w = ` ${s.toLowerCase()} `;
  const out = new Set<string>();
  for (let i = 0; i + 3 <= w.length; i++) out.add(w.slice(i, i + 3));
  return out;
}

/** Fuse options shared by the index build and the search (bitap over short names). */
export const FUSE_OPTIONS = { keys: FUSE_KEYS, includeScore: true, ignoreLocation: true, threshold: 0.3, minMatchCharLength: 3 };

export class ReferenceIndex {
  readonly dir: Directory;
  readonly fuse: Fuse<EntityDoc>;
  readonly entities: EntityDoc[];
  /** Content-word tokens of each claim's phrases (text and aliases; numbers left out). */
  readonly phraseTokens: Set<string>[][];
  /** Figure values given by each claim's non-context statements, with the quantities they count. */
  readonly claimValues: Map<number, Set<string>>[];
  /** The quantities (`what` keys) each claim's non-context statements give. */
  readonly claimWhats: string[][];
  /** First token of each entity → the claims naming it and the entity's tokens (all must be in a sentence). */
  readonly entityWordIndex = new Map<string, { claim: number; tokens: string[] }[]>();
  /** Figure value → claims that give it. */
  readonly valuesIndex = new Map<number, number[]>();
  private readonly idf = new Map<string, number>();
  private readonly idfDefault: number;
  private readonly verdicts = new Map<number, Verdict>();
  private readonly entityTokens = new Map<number, string[][]>();
  private readonly nameHits = new Map<string, { item: EntityDoc; score?: number }[]>();
  private readonly exactNames = new Map<string, EntityDoc>();
  private readonly trigramIndex = new Map<string, number[]>();

  /**
   * Search of one name in the entity index, memoised (pages repeat their names). An exact name needs no fuzzy search;
   * a name that shares too few letter triples with every entity cannot be a variant of one, so the fuzzy search over
   * the prebuilt index runs only for the few names that might be.
   */
  searchName(term: string): { item: EntityDoc; score?: number }[] {
    let hits = this.nameHits.get(term);
    if (!hits) {
      const exact = this.exactNames.get(term.toLowerCase());
      hits = exact ? [{ item: exact, score: 0 }] : this.mightBeVariant(term) ? this.fuse.search(term, { limit: 4 }) : [];
      if (this.nameHits.size > 20_000) this.nameHits.clear();
      this.nameHits.set(term, hits);
    }
    return hits;
  }

  private mightBeVariant(term: string): boolean {
    const tris = trigrams(term);
    if (!tris.size) return false;
    const shared = new Map<number, number>();
    for (const t of tris) for (const e of this.trigramIndex.get(t) ?? []) shared.set(e, (shared.get(e) ?? 0) + 1);
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
    this.entities.forEach((e, i) => {
      this.exactNames.set(e.n.toLowerCase(), e);
      for (const t of trigrams(e.n)) {
        const list = this.trigramIndex.get(t) ?? [];
        list.push(i);
        this.trigramIndex.set(t, list);
      }
    });
    this.phraseTokens = pack.claims.map((c) =>
      [c.text, ...(c.aliases ?? [])].map((p) => new Set(tokens(p).filter((t) => !/^\d/.test(t)))),
    );

    // Document frequency over claims; a series counts once, so its repeated wording does not drown the rest.
    const df = new Map<string, number>();
    const seenSeries = new Set<string>();
    let docs = 0;
    pack.claims.forEach((c, ci) => {
      if (c.series) {
        if (seenSeries.has(c.series)) return;
        seenSeries.add(c.series);
      }
      docs++;
      const seen = new Set<string>();
      for (const set of this.phraseTokens[ci]!) for (const t of set) seen.add(t);
      for (const t of seen) df.set(t, (df.get(t) ?? 0) + 1);
    });
    for (const [t, n] of df) this.idf.set(t, Math.log(1 + docs / n));
    this.idfDefault = Math.log(1 + docs);

    this.claimValues = pack.claims.map((c) => {
      const vals = new Map<number, Set<string>>();
      for (const s of c.statements)
        if (s.stance !== 'context')
          for (const f of s.figures ?? []) vals.set(f.value, (vals.get(f.value) ?? new Set()).add(f.what));
      return vals;
    });
    pack.claims.forEach((c, ci) => {
      if (c.series) return;
      for (const e of c.entities) {
        const t = tokens(e);
        if (!t.length) continue;
        const list = this.entityWordIndex.get(t[0]!) ?? [];
        list.push({ claim: ci, tokens: t });
        this.entityWordIndex.set(t[0]!, list);
      }
    });
    this.claimWhats = this.claimValues.map((vals) => [...new Set([...vals.values()].flatMap((w) => [...w]))]);
    this.claimValues.forEach((vals, ci) => {
      for (const v of vals.keys()) {
        const list = this.valuesIndex.get(v) ?? [];
        list.push(ci);
        this.valuesIndex.set(v, list);
      }
    });
  }

  weight(token: string): number {
    return this.idf.get(token) ?? this.idfDefault;
  }

  /** Whether the sentence's tokens contain every token of one of the claim's entities. */
  entityTokensPresent(ci: number, sTokens: ReadonlySet<string>): boolean {
    let ets = this.entityTokens.get(ci);
    if (!ets) {
      ets = this.claim(ci).entities.map((e) => tokens(e)).filter((t) => t.length);
      this.entityTokens.set(ci, ets);
    }
    return ets.some((et) => et.every((t) => sTokens.has(t)));
  }

  claim(ci: number): Claim {
    return this.pack.claims[ci]!;
  }

  verdict(ci: number): Verdict {
    let v = this.verdicts.get(ci);
    if (!v) {
      v = verdict(this.claim(ci), this.dir);
      this.verdicts.set(ci, v);
    }
    return v;
  }
}
