/**
 * What the engine reads of a loaded reference pack. Two implementations: `ReferenceIndex` (lib/pack/reference.ts, over
 * the pack's JSON; everything derived on first use) and `CompiledIndex` (lib/pack/compiled/, over the compiled file:
 * string tables and typed arrays, claim bodies materialised on demand). Both give the same answers for the same pack;
 * the format's unit tests and `npm run bench` check that they do.
 */
import type { ClaimRetriever } from '../engine/10-retrieve';
import type { EventType } from '../engine/09-events';
import type { Directory } from './directory';
import type { EntityDoc } from './entities';
import type { Claim, Pack } from './schema';

/** A read-only lookup: a Map, or a compiled table that answers `get` by binary search or hashing. */
export interface Lookup<K, V> {
  get(key: K): V | undefined;
}

/** A pack's counts, as the options page and the CLI report them. */
export interface PackCounts {
  claims: number;
  statements: number;
  origins: number;
  outlets: number;
}

/**
 * Each claim's wording beyond its text and aliases: the statements' summaries (our words, one per origin), which
 * phrase the same claim the way different sides report it. Built lazily per claim, so a big pack loads fast
 * (by `claimWording` in lib/engine/11-match.ts; declared here, with the index that holds it).
 */
export interface Wording {
  phrases: Set<string>[];
  union: Set<string>;
  /** The claim's time: its `when`, the days its statements were made and the dates its figures are as of. */
  time: { from: string; to: string };
  /** The event types of the claim's text and aliases. */
  events: Set<EventType>;
  /** The claim's own words: in its wordings, and in no other claim's that shares one of its names. */
  own: Set<string>;
  /** The event types of the claim's text alone. */
  core: Set<EventType>;
  /** The sides of the war the claim's text names. */
  sides: Set<'ru' | 'ua'>;
}

/**
 * The pack itself. `claims` is an array for the JSON-backed index; a compiled index gives a lazy list (each element
 * materialised when read): iterating it reads every claim, which the engine never does on its hot path.
 */
export type PackView = Omit<Pack, 'claims'> & { readonly claims: readonly Claim[] };

export interface PackIndex {
  readonly pack: PackView;
  readonly dir: Directory;
  readonly counts: PackCounts;
  /** The claim at `ci` (position in `pack.claims`). */
  claim(ci: number): Claim;
  /** Content-word tokens of each claim's phrases (text and aliases; numbers left out). */
  readonly phraseTokens: ArrayLike<Set<string>[]>;
  /** Figure values given by each claim's non-context statements, with the quantities they count. */
  readonly claimValues: ArrayLike<Map<number, Set<string>>>;
  /** The quantities (`what` keys) each claim's non-context statements give. */
  readonly claimWhats: ArrayLike<string[]>;
  /** First token of each entity → the claims naming it and the entity's tokens (series claims left out). */
  readonly entityWordIndex: Lookup<string, readonly { claim: number; tokens: string[] }[]>;
  /** Figure value → claims that give it (ascending). */
  readonly valuesIndex: Lookup<number, Iterable<number>>;
  /** Fuzzy search of one name among the entities (the same hits as fuse.js with the pack's options, limit 4). */
  searchName(term: string): { item: EntityDoc; score?: number }[];
  /** Whether the sentence's tokens contain every token of one of the claim's entities. */
  entityTokensPresent(ci: number, sTokens: ReadonlySet<string>): boolean;
  /** IDF weight of a token over the claims (a series counts once). */
  weight(token: string): number;
  /** The claim of a series' report of one day. */
  seriesOn(date: string): number | undefined;
  /** The claim's wording for the matcher (lib/engine/11-match.ts `claimWording`), computed once per claim. */
  wording(ci: number): Wording;
  /** The BM25 retrieval index over the claims' wordings (stage 10), built or loaded once. */
  retriever(): ClaimRetriever;
}

/**
 * A read-only array of `n` elements, each made by `at(i)` when first read and kept. Indexing, `length`, iteration
 * and the array methods all work (a Proxy over a sparse array).
 */
export function lazyList<T>(n: number, at: (i: number) => T): readonly T[] {
  const cache: T[] = new Array<T>(n);
  const has = new Uint8Array(n);
  const get = (i: number): T => {
    if (!has[i]) {
      cache[i] = at(i);
      has[i] = 1;
    }
    return cache[i]!;
  };
  return new Proxy(cache, {
    get(target, key, receiver) {
      if (typeof key === 'string') {
        const c = key.charCodeAt(0);
        if (c >= 48 && c <= 57) {
          const i = Number(key);
          if (Number.isInteger(i) && i >= 0 && i < n) return get(i);
        }
      }
      return Reflect.get(target, key, receiver);
    },
    has(target, key) {
      if (typeof key === 'string' && /^\d+$/.test(key)) return Number(key) < n;
      return Reflect.has(target, key);
    },
    set() {
      return false;
    },
    deleteProperty() {
      return false;
    },
  });
}
