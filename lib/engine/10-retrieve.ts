/**
 * Candidate retrieval: which claims of a pack a sentence (or a tweet) is most likely about, by Okapi BM25 over every
 * wording of a claim — its `text`, its `aliases` and its statements' `summary`.
 *
 * - Each wording is a document of its field (one per alias, one per statement); a field has its own document
 *   frequencies and average length. A claim's score in a field is its best wording's; its score is the best field's
 *   weighted score plus `tie` times the other fields' (0: best field only, 1: their sum).
 * - Series claims (`claim.series`) are left out: they differ only by date and figures, and are found by figures.
 * - Postings are typed arrays (CSR: one run of document ids and term counts per term); the words of each wording are
 *   kept as term ids too, for the re-ranking features below.
 * - Own implementation rather than a library: MiniSearch (the obvious in-browser pick) keeps its postings in Maps of
 *   objects (24 MB for the 10k CheckThat! claims against 3.8 MB here) and knows neither per-field best wordings nor
 *   our tokens(); the whole of BM25 is a hundred lines.
 * - Optional re-ranking (off by default) of the top candidates by a logistic model over lexical features (bigrams,
 *   how much of the claim the query covers…): on CheckThat! dev it tied plain BM25, so it is kept as an option only.
 *   Its coefficients are data (`10-retrieve.rerank.json`), fitted by
 *   `scripts/bench-checkthat.ts --fit` on the TRAIN split of CLEF CheckThat! 2020 Task 2 only.
 *
 * Not reentrant across awaits (search reuses its score buffers), which the background's single thread never needs.
 */
import { tokens } from './06-normalise';
import type { Pack } from '../pack/schema';
import rerankJson from './10-retrieve.rerank.json';

export type RetrievalField = 'text' | 'alias' | 'summary';
const FIELDS: readonly RetrievalField[] = ['text', 'alias', 'summary'];
const NF = FIELDS.length;

export interface RetrievalHit {
  claim: number;
  score: number;
  /** best field */
  field: RetrievalField;
  /** BM25's score (equal to `score` without a re-ranker). */
  bm25?: number;
}

/** A fitted logistic re-ranker: score = bias + Σ weight·(feature − mean)/scale over the top `depth` BM25 candidates. */
export interface RerankModel {
  features: readonly string[];
  mean: readonly number[];
  scale: readonly number[];
  weights: readonly number[];
  bias: number;
  depth: number;
}

export interface Bm25Options {
  k1: number;
  b: number;
  /** Weight of a word the query repeats: (k3 + 1)·qtf / (k3 + qtf); 0 counts it once. */
  k3: number;
  /** Multiplier of each field's BM25 score. */
  weights: Record<RetrievalField, number>;
  /** Share of the other fields' weighted scores added to the best field's (0: best field only, 1: their sum). */
  tie: number;
  /** Re-rank the top candidates with this model (null: BM25 order). */
  rerank: RerankModel | null;
}

/** The re-ranker fitted on CheckThat! 2020 train (see the file's `fit` block for how). */
export const RERANK_MODEL: RerankModel = rerankJson as RerankModel;

/**
 * Tuned defaults. k1, b, the alias weight and `tie` were chosen by a grid search (5 k1 × 4 b × 4 alias weights × 4 tie
 * = 320 cells, `npm run bench:checkthat -- --tune`) on CLEF CheckThat! 2020 Task 2, claim = `text` and Snopes title =
 * alias, maximising MAP@5 over the train and dev tweets together (997); the test split was not used. The surface is
 * flat (best cell 0.863, the old 1.2 / 0.75 / 1 / 0.3 0.860, worst 0.809): this cell ties the best to three decimals and
 * keeps Okapi's usual k1. A low b (0.3) suits short wordings whose length says little. k3 (query term repetition)
 * only lost (dev MAP@5 0.836 → 0.832 at k3 0.5, 0.817 at 8), so a word counts once. The summary weight is not learnt
 * there (the benchmark's summaries carry no words of the claim): our own packs' summaries restate the claim in other
 * words, so they count for somewhat less than its wording.
 */
export const BM25_DEFAULTS: Bm25Options = {
  k1: 1.2,
  b: 0.3,
  k3: 0,
  weights: { text: 1, alias: 0.8, summary: 0.6 },
  tie: 0.6,
  rerank: null,
};

/** Words that carry no topic in a tweet or a sentence, beyond tokens()'s stop words. */
const QUERY_STOP = new Set(['rt', 'via', 'amp', 'pic', 'http', 'https', 'www', 'com']);
/** Links, also when glued to the word before ("#Minecrafthttps://t.co/…", "#Hanukkahpic.twitter.com/…"). */
const URL_RE = /(?:https?:\/\/|www\.|pic\.twitter\.com\/)\S*/gi;
const MONTH = '(?:January|February|March|April|May|June|July|August|September|October|November|December)';
/** The close of an embedded tweet: "— Name (@handle) January 14, 2020". */
const BYLINE_RE = new RegExp(`[—–-]\\s*([^—–\\n]{1,80}?)\\s*\\(@\\w+\\)\\s*(${MONTH})\\s+\\d{1,2},\\s+(\\d{4})\\s*$`);

/**
 * How queryTokens() treats a tweet's handles and byline. The defaults were measured on CheckThat! 2020 train/dev
 * (BM25 MAP@5; see scripts/bench-checkthat.ts): splitting @mentions into words rather than dropping them +2.2 / +1.7
 * points (a mention is often the claim's subject: "@SpeakerPelosi", "@BetoORourke"); keeping the byline's name
 * +2.7 / +3.3 over dropping it; its month and year +0.9 / +1.1 over the name alone (claims name when things happened).
 */
export interface QueryOptions {
  /** @mentions in the text: dropped, or split into words like hashtags ("@SpeakerPelosi" → speaker pelosi). */
  mentions: 'drop' | 'split';
  /** An embedded tweet's byline ("— Name (@handle) January 14, 2020"): dropped, the name kept, or the name with the month and year. */
  byline: 'drop' | 'name' | 'month';
}
export const QUERY_DEFAULTS: QueryOptions = { mentions: 'split', byline: 'month' };

/** A hashtag's words: "#ImpeachTrump" → "Impeach Trump", "#DefundTheCBC" → "Defund The CBC", "#covid19" → "covid 19". */
export function splitHashtag(tag: string): string {
  return tag
    .replace(/_/g, ' ')
    .replace(/(\p{Ll})(\p{Lu})/gu, '$1 $2')
    .replace(/(\p{Lu})(\p{Lu}\p{Ll})/gu, '$1 $2')
    .replace(/(\p{L})(\d)/gu, '$1 $2')
    .replace(/(\d)(\p{L})/gu, '$1 $2');
}

/**
 * tokens() of a sentence or tweet for retrieval: URLs removed, #HashTags and @handles split into words (or handles
 * dropped: `mentions: 'drop'`), an embedded tweet's byline reduced to its author and month, a few more stop words.
 */
export function queryTokens(text: string, options?: Partial<QueryOptions>): string[] {
  const o = { ...QUERY_DEFAULTS, ...options };
  const t = text
    .replace(URL_RE, ' ')
    .replace(/&(?:amp|lt|gt|quot|#39|nbsp);/g, ' ')
    .replace(BYLINE_RE, (_, name: string, month: string, year: string) => (o.byline === 'name' ? ` ${name} ` : o.byline === 'month' ? ` ${name} ${month} ${year} ` : ' '))
    .replace(/(^|[^\p{L}\p{N}_])@(\w+)/gu, (_, pre: string, h: string) => (o.mentions === 'split' ? `${pre} ${splitHashtag(h)} ` : `${pre} `))
    .replace(/#([\p{L}\p{N}_]+)/gu, (_, tag: string) => ` ${splitHashtag(tag)} `);
  return tokens(t).filter((w) => !QUERY_STOP.has(w));
}

/**
 * tokens(), memoised per lower-cased whitespace-separated chunk (no token spans whitespace, tokens() lower-cases
 * first, and a pack repeats most words), and per whole text (packs repeat summaries).
 */
function chunkTokenizer(): (text: string) => string[] {
  const memo = new Map<string, string[]>();
  const whole = new Map<string, string[]>();
  return (text) => {
    let out = whole.get(text);
    if (out) return out;
    out = [];
    for (const chunk of text.toLowerCase().split(/\s+/)) {
      if (!chunk) continue;
      let t = memo.get(chunk);
      if (!t) memo.set(chunk, (t = tokens(chunk)));
      for (const x of t) out.push(x);
    }
    whole.set(text, out);
    return out;
  };
}

/** Growable Int32Array (also the compiled pack's). */
export class IntList {
  a: Int32Array;
  n = 0;
  constructor(cap = 1024) {
    this.a = new Int32Array(cap);
  }
  push(v: number): void {
    if (this.n === this.a.length) {
      const b = new Int32Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.n++] = v;
  }
  done(): Int32Array {
    return this.a.slice(0, this.n);
  }
}

function mergeOptions(opts?: Partial<Bm25Options>): Bm25Options {
  return { ...BM25_DEFAULTS, ...opts, weights: { ...BM25_DEFAULTS.weights, ...opts?.weights } };
}

/**
 * The index proper, shared by retrievers that differ only in options (ClaimRetriever.withOptions). A compiled pack
 * (lib/pack/compiled) stores it and gives it back with `ClaimRetriever.fromCore`.
 */
export interface RetrievalCore {
  claimCount: number;
  /** term → id, and id → term. */
  vocab: { get(term: string): number | undefined };
  terms: string[];
  /** Per wording (document): its claim and field. */
  docClaim: Int32Array;
  docField: Uint8Array;
  /** Words of each wording as term ids, in order: docStart[d]..docStart[d+1] in docTerms. */
  docStart: Int32Array;
  docTerms: Int32Array;
  /** Postings: termStart[t]..termStart[t+1] in postDoc / postTf. */
  termStart: Int32Array;
  postDoc: Int32Array;
  postTf: Uint16Array;
  /** idf[f·terms + t], per field. */
  idf: Float32Array;
  /** Average wording length per field. */
  avgLen: Float64Array;
  /** Search buffers, reused. */
  acc: Float32Array;
  best: Float32Array;
  bestDoc: Int32Array;
}

function buildCore(pack: Pack): RetrievalCore {
  const tok = chunkTokenizer();
  const vocab = new Map<string, number>();
  const terms: string[] = [];
  const claimL = new IntList();
  const fieldL = new IntList();
  const startL = new IntList();
  const termsL = new IntList(1 << 14);
  const add = (claim: number, field: number, text: string) => {
    claimL.push(claim);
    fieldL.push(field);
    startL.push(termsL.n);
    for (const w of tok(text)) {
      let id = vocab.get(w);
      if (id === undefined) {
        vocab.set(w, (id = terms.length));
        terms.push(w);
      }
      termsL.push(id);
    }
  };
  pack.claims.forEach((c, i) => {
    if (c.series) return;
    add(i, 0, c.text);
    for (const a of c.aliases ?? []) add(i, 1, a);
    for (const s of c.statements) add(i, 2, s.summary);
  });
  startL.push(termsL.n);
  const docClaim = claimL.done();
  const docField = Uint8Array.from(fieldL.done());
  const docStart = startL.done();
  const docTerms = termsL.done();
  const nDocs = docClaim.length;
  const nTerms = terms.length;

  const fieldDocs = new Float64Array(NF);
  const avgLen = new Float64Array(NF);
  for (let d = 0; d < nDocs; d++) {
    fieldDocs[docField[d]!]! += 1;
    avgLen[docField[d]!]! += docStart[d + 1]! - docStart[d]!;
  }
  for (let f = 0; f < NF; f++) avgLen[f] = avgLen[f]! / Math.max(1, fieldDocs[f]!) || 1;

  // Postings in two passes: count each (term, wording) once, then fill.
  const seen = new Int32Array(nTerms).fill(-1);
  const termStart = new Int32Array(nTerms + 1);
  for (let d = 0; d < nDocs; d++) {
    for (let p = docStart[d]!; p < docStart[d + 1]!; p++) {
      const t = docTerms[p]!;
      if (seen[t] !== d) {
        seen[t] = d;
        termStart[t + 1]!++;
      }
    }
  }
  for (let t = 0; t < nTerms; t++) termStart[t + 1]! += termStart[t]!;
  const nPost = termStart[nTerms]!;
  const postDoc = new Int32Array(nPost);
  const postTf = new Uint16Array(nPost);
  const fill = termStart.slice(0, nTerms);
  const slot = new Int32Array(nTerms);
  const df = new Int32Array(NF * nTerms);
  seen.fill(-1);
  for (let d = 0; d < nDocs; d++) {
    const f = docField[d]!;
    for (let p = docStart[d]!; p < docStart[d + 1]!; p++) {
      const t = docTerms[p]!;
      if (seen[t] !== d) {
        seen[t] = d;
        slot[t] = fill[t]!++;
        postDoc[slot[t]!] = d;
        df[f * nTerms + t]!++;
      }
      if (postTf[slot[t]!]! < 0xffff) postTf[slot[t]!]!++;
    }
  }
  const idf = new Float32Array(NF * nTerms);
  for (let f = 0; f < NF; f++) {
    const n = fieldDocs[f]!;
    for (let t = 0; t < nTerms; t++) {
      const x = df[f * nTerms + t]!;
      idf[f * nTerms + t] = Math.log(1 + (n - x + 0.5) / (x + 0.5));
    }
  }
  const claimCount = pack.claims.length;
  return {
    claimCount,
    vocab,
    terms,
    docClaim,
    docField,
    docStart,
    docTerms,
    termStart,
    postDoc,
    postTf,
    idf,
    avgLen,
    acc: new Float32Array(nDocs),
    best: new Float32Array(claimCount * NF),
    bestDoc: new Int32Array(claimCount * NF).fill(-1),
  };
}

export class ClaimRetriever {
  readonly opts: Bm25Options;
  private readonly core: RetrievalCore;
  /** Per wording: BM25's length norm k1·(1 − b + b·len/avgLen). */
  private readonly docNorm: Float32Array;

  private constructor(core: RetrievalCore, opts: Bm25Options) {
    this.core = core;
    this.opts = opts;
    const { docField, docStart, avgLen } = core;
    this.docNorm = new Float32Array(docField.length);
    for (let d = 0; d < docField.length; d++)
      this.docNorm[d] = opts.k1 * (1 - opts.b + (opts.b * (docStart[d + 1]! - docStart[d]!)) / avgLen[docField[d]!]!);
  }

  /** The same index searched with other options (shares the postings; for tuning). */
  withOptions(opts: Partial<Bm25Options>): ClaimRetriever {
    return new ClaimRetriever(this.core, mergeOptions({ ...this.opts, ...opts, weights: { ...this.opts.weights, ...opts.weights } }));
  }

  get claimCount(): number {
    return this.core.claimCount;
  }

  /** Distinct terms indexed. */
  get termCount(): number {
    return this.core.terms.length;
  }

  /** Wordings (documents) indexed. */
  get wordingCount(): number {
    return this.core.docClaim.length;
  }

  /** Bytes held in typed arrays (postings, wordings, statistics, buffers); the vocabulary Map comes on top. */
  get typedArrayBytes(): number {
    const c = this.core;
    return [c.docClaim, c.docField, c.docStart, c.docTerms, c.termStart, c.postDoc, c.postTf, c.idf, c.avgLen, c.acc, c.best, c.bestDoc, this.docNorm].reduce((n, a) => n + a.byteLength, 0);
  }

  /** A stored index (`retrievalCore` of a retriever built earlier, e.g. by a compiled pack). */
  static fromCore(core: RetrievalCore, opts?: Partial<Bm25Options>): ClaimRetriever {
    return new ClaimRetriever(core, mergeOptions(opts));
  }

  /** The index proper (what a compiled pack stores). */
  get retrievalCore(): RetrievalCore {
    return this.core;
  }

  /** Indexes a pack's claims; hit.claim is the claim's position in pack.claims. */
  static build(pack: Pack, opts?: Partial<Bm25Options>): ClaimRetriever {
    return new ClaimRetriever(buildCore(pack), mergeOptions(opts));
  }

  /** BM25 candidates, best first, with each field's score and best wording (for re-ranking and tests). */
  bm25(queryTokens: readonly string[], k: number): Bm25Candidate[] {
    const { acc, best, bestDoc, docClaim, docField, postDoc, postTf, termStart, idf, vocab } = this.core;
    const docNorm = this.docNorm;
    const nTerms = this.core.terms.length;
    const k1p = this.opts.k1 + 1;
    const w = FIELDS.map((f) => this.opts.weights[f]);
    // A word the query repeats weighs more, with diminishing returns (Okapi's k3 = `k3`).
    const qt = new Map<number, number>();
    for (const x of queryTokens) {
      const id = vocab.get(x);
      if (id !== undefined) qt.set(id, (qt.get(id) ?? 0) + 1);
    }
    const k3 = this.opts.k3;
    const touched: number[] = [];
    for (const [t, qtf] of qt) {
      const qw = k3 > 0 ? ((k3 + 1) * qtf) / (k3 + qtf) : 1;
      for (let p = termStart[t]!; p < termStart[t + 1]!; p++) {
        const d = postDoc[p]!;
        const tf = postTf[p]!;
        if (acc[d] === 0) touched.push(d);
        acc[d]! += (qw * idf[docField[d]! * nTerms + t]! * tf * k1p) / (tf + docNorm[d]!);
      }
    }
    const claims: number[] = [];
    for (const d of touched) {
      const c = docClaim[d]!;
      const f = docField[d]!;
      const i = c * NF + f;
      if (bestDoc[c * NF]! === -1 && bestDoc[c * NF + 1]! === -1 && bestDoc[c * NF + 2]! === -1) claims.push(c);
      if (bestDoc[i] === -1 || acc[d]! > best[i]!) {
        best[i] = acc[d]!;
        bestDoc[i] = d;
      }
      acc[d] = 0;
    }
    // Scores first, into a typed array; objects only for the claims that can be among the best k (all those scoring
    // at least the k-th best score, ties included), so the result is exactly that of sorting every claim. At 100k
    // statements a common word touches tens of thousands of claims: building and sorting an object for each was
    // most of the time and garbage of a query.
    const tie = this.opts.tie;
    const nc = claims.length;
    const scores = new Float64Array(nc);
    const tops = new Uint8Array(nc);
    for (let j = 0; j < nc; j++) {
      const c = claims[j]!;
      let top = 0;
      let sum = 0;
      let field = 0;
      for (let f = 0; f < NF; f++) {
        const i = c * NF + f;
        if (bestDoc[i] === -1) continue;
        const v = best[i]! * w[f]!;
        sum += v;
        if (v > top) {
          top = v;
          field = f;
        }
      }
      // A claim matched only in a field weighted 0 is not a hit.
      scores[j] = sum > 0 ? top + tie * (sum - top) : -1;
      tops[j] = field;
    }
    let floor = 0;
    if (nc > k && k > 0) {
      const sorted = scores.slice().sort();
      floor = Math.max(0, sorted[nc - k]!);
    }
    const out: Bm25Candidate[] = [];
    for (let j = 0; j < nc; j++) {
      const c = claims[j]!;
      const keep = scores[j]! > 0 && scores[j]! >= floor;
      const fields = keep ? [0, 0, 0] : null;
      const docs = keep ? [-1, -1, -1] : null;
      for (let f = 0; f < NF; f++) {
        const i = c * NF + f;
        if (bestDoc[i] === -1) continue;
        if (fields) {
          fields[f] = best[i]!;
          docs![f] = bestDoc[i]!;
        }
        best[i] = 0;
        bestDoc[i] = -1;
      }
      if (keep) out.push({ claim: c, score: scores[j]!, field: FIELDS[tops[j]!]!, fields: fields!, docs: docs! });
    }
    out.sort((a, b) => b.score - a.score || a.claim - b.claim);
    if (out.length > k) out.length = k;
    return out;
  }

  /**
   * The best `k` claims for a query's tokens (queryTokens() of a sentence), best first. `score` is BM25's (≥ 0), or
   * with a re-ranker the model's probability for the re-ranked head (0..1) and 0 below it; `bm25` is BM25's score.
   */
  search(queryTokens: readonly string[], k: number): RetrievalHit[] {
    const model = this.opts.rerank;
    if (!model || model.depth <= 0) return this.bm25(queryTokens, k).map(({ claim, score, field }) => ({ claim, score, field, bm25: score }));
    const cands = this.bm25(queryTokens, Math.max(k, model.depth));
    const head = cands.slice(0, model.depth);
    const feats = this.features(queryTokens, head);
    const scored = head.map((c, i) => ({ claim: c.claim, field: c.field, bm25: c.score, score: 1 / (1 + Math.exp(-applyModel(model, feats[i]!))) }));
    scored.sort((a, b) => b.score - a.score || b.bm25 - a.bm25 || a.claim - b.claim);
    const tail = cands.slice(model.depth).map((c) => ({ claim: c.claim, field: c.field, bm25: c.score, score: 0 }));
    return [...scored, ...tail].slice(0, k);
  }

  /** Re-ranking features (RERANK_FEATURES, in that order) of BM25 candidates of one query, `cands` best first. */
  features(queryTokens: readonly string[], cands: readonly Bm25Candidate[]): number[][] {
    const { vocab, idf, terms, docStart, docTerms } = this.core;
    const nTerms = terms.length;
    const ids = queryTokens.map((w) => vocab.get(w) ?? -1);
    const qset = new Set(ids.filter((t) => t >= 0));
    let qmax = 0;
    for (const t of qset) qmax += idf[t]!;
    qmax ||= 1;
    // Adjacent and one-apart pairs of the query's words.
    const pairs = new Set<number>();
    for (let i = 0; i + 1 < ids.length; i++) {
      if (ids[i]! >= 0 && ids[i + 1]! >= 0) pairs.add(ids[i]! * nTerms + ids[i + 1]!);
      if (i + 2 < ids.length && ids[i]! >= 0 && ids[i + 2]! >= 0) pairs.add(ids[i]! * nTerms + ids[i + 2]!);
    }
    const qNumbers = new Set(queryTokens.filter((w) => /^\d/.test(w)));
    const qYears = [...qNumbers].filter(isYear).map(Number);
    const qLong = [...new Set(queryTokens)].filter((w) => w.length >= 5 && !/^\d/.test(w));
    const top = cands[0]?.score || 1;

    const len = (d: number) => (d < 0 ? 0 : docStart[d + 1]! - docStart[d]!);
    const wording = (d: number, f: number) => {
      if (d < 0) return { cover: 0, bigram: 0, run: 0 };
      const a = docStart[d]!;
      const n = docStart[d + 1]! - a;
      let mass = 0;
      let hit = 0;
      const seen = new Set<number>();
      for (let p = a; p < a + n; p++) {
        const t = docTerms[p]!;
        if (seen.has(t)) continue;
        seen.add(t);
        const w = idf[f * nTerms + t]!;
        mass += w;
        if (qset.has(t)) hit += w;
      }
      let bi = 0;
      for (let p = a; p + 1 < a + n; p++) if (pairs.has(docTerms[p]! * nTerms + docTerms[p + 1]!)) bi++;
      // Longest run of the wording's words found in the same order, one after another, in the query.
      let run = 0;
      const prev = new Int32Array(ids.length + 1);
      const cur = new Int32Array(ids.length + 1);
      for (let p = a; p < a + n; p++) {
        for (let j = 1; j <= ids.length; j++) {
          cur[j] = ids[j - 1] === docTerms[p] ? prev[j - 1]! + 1 : 0;
          if (cur[j]! > run) run = cur[j]!;
        }
        prev.set(cur);
      }
      return { cover: mass ? hit / mass : 0, bigram: n > 1 ? bi / (n - 1) : 0, run: n ? run / n : 0 };
    };

    return cands.map((c, rank) => {
      const text = wording(c.docs[0]!, 0);
      const alias = wording(c.docs[1]!, 1);
      // Words of the matched text and alias: the query's share they cover; numbers shared and missing; near misses.
      const words = new Set<number>();
      for (const d of [c.docs[0]!, c.docs[1]!]) if (d >= 0) for (let p = docStart[d]!; p < docStart[d + 1]!; p++) words.add(docTerms[p]!);
      let qhit = 0;
      for (const t of qset) if (words.has(t)) qhit += idf[t]!;
      let shared = 0;
      let missing = 0;
      let yearAgree = 0;
      let yearConflict = 0;
      let fuzzy = 0;
      let mass = 0;
      for (const t of words) {
        const w = terms[t]!;
        mass += idf[t]!;
        if (/^\d/.test(w)) {
          if (qNumbers.has(w)) shared++;
          else missing++;
          if (isYear(w) && qYears.length) {
            if (qYears.includes(Number(w))) yearAgree = 1;
            else if (qYears.every((y) => Math.abs(y - Number(w)) > 1)) yearConflict = 1;
          }
        } else if (!qset.has(t) && w.length >= 5 && qLong.some((q) => q !== w && q.slice(0, 5) === w.slice(0, 5))) fuzzy += idf[t]!;
      }
      return [
        c.score / qmax,
        c.score / top,
        Math.log1p(rank),
        c.fields[0]! / qmax,
        c.fields[1]! / qmax,
        c.fields[2]! / qmax,
        text.cover,
        alias.cover,
        qhit / qmax,
        text.bigram,
        alias.bigram,
        text.run,
        alias.run,
        shared,
        missing,
        mass ? fuzzy / mass : 0,
        yearAgree,
        yearConflict,
        Math.log1p(len(c.docs[0]!)),
        Math.log1p(len(c.docs[1]!)),
      ];
    });
  }
}

/** Names of the re-ranking features, in the order of ClaimRetriever.features(). */
export const RERANK_FEATURES = [
  'bm25', // the claim's BM25 score over the query's idf mass
  'bm25Rel', // over the best candidate's
  'logRank', // log(1 + BM25 rank)
  'text', // the text's BM25 score over the query's idf mass
  'alias', // the best alias's
  'summary', // the best statement summary's
  'textCover', // share of the text's idf mass the query has
  'aliasCover', // the best alias's
  'queryCover', // share of the query's idf mass in the text and best alias
  'textBigram', // share of the text's word pairs found in the query (adjacent or one word apart)
  'aliasBigram',
  'textRun', // longest run of the text's words in the query, over the text's length
  'aliasRun',
  'numShared', // numbers of the text and alias the query has
  'numMissing', // and does not have
  'nearMiss', // share of the text and alias's idf mass in words only near-matched (same first five letters)
  'yearAgree', // the text or alias names a year the query names
  'yearConflict', // names a year more than one from every year the query names
  'textLen', // log(1 + words of the text)
  'aliasLen', // of the best alias
] as const;

const isYear = (w: string) => /^(?:19|20)\d\d$/.test(w);

export interface Bm25Candidate extends RetrievalHit {
  /** Unweighted BM25 score of the best wording per field (text, alias, summary), 0 if none matched. */
  fields: number[];
  /** That wording's document index, -1 if none. */
  docs: number[];
}

export function applyModel(m: RerankModel, x: readonly number[]): number {
  let s = m.bias;
  for (let i = 0; i < m.weights.length; i++) s += (m.weights[i]! * ((x[i] ?? 0) - m.mean[i]!)) / m.scale[i]!;
  return s;
}

/**
 * L2-regularised logistic regression by Newton's method (deterministic): features are standardised (mean, standard
 * deviation of `x`), the bias is not penalised. Returns the model over the raw features.
 */
export function fitLogistic(x: readonly (readonly number[])[], y: readonly number[], opts: { l2: number; depth: number; features: readonly string[]; iterations?: number }): RerankModel {
  const n = x.length;
  const m = opts.features.length;
  const mean = new Array<number>(m).fill(0);
  const scale = new Array<number>(m).fill(0);
  for (const r of x) for (let j = 0; j < m; j++) mean[j]! += r[j]! / n;
  for (const r of x) for (let j = 0; j < m; j++) scale[j]! += (r[j]! - mean[j]!) ** 2 / n;
  for (let j = 0; j < m; j++) scale[j] = Math.sqrt(scale[j]!) || 1;
  const z = x.map((r) => [1, ...r.map((v, j) => (v - mean[j]!) / scale[j]!)]);
  const w = new Array<number>(m + 1).fill(0);
  for (let it = 0; it < (opts.iterations ?? 25); it++) {
    const g = new Array<number>(m + 1).fill(0);
    const h = Array.from({ length: m + 1 }, () => new Array<number>(m + 1).fill(0));
    for (let i = 0; i < n; i++) {
      const zi = z[i]!;
      let s = 0;
      for (let j = 0; j <= m; j++) s += w[j]! * zi[j]!;
      const p = 1 / (1 + Math.exp(-s));
      const q = p * (1 - p);
      for (let j = 0; j <= m; j++) {
        g[j]! += (p - y[i]!) * zi[j]!;
        const hj = h[j]!;
        for (let k = j; k <= m; k++) hj[k]! += q * zi[j]! * zi[k]!;
      }
    }
    for (let j = 0; j <= m; j++) {
      if (j > 0) {
        g[j]! += opts.l2 * w[j]!;
        h[j]![j]! += opts.l2;
      }
      for (let k = 0; k < j; k++) h[j]![k] = h[k]![j]!;
    }
    const step = solve(h, g);
    let size = 0;
    for (let j = 0; j <= m; j++) {
      w[j]! -= step[j]!;
      size = Math.max(size, Math.abs(step[j]!));
    }
    if (size < 1e-10) break;
  }
  return { features: [...opts.features], mean, scale, weights: w.slice(1), bias: w[0]!, depth: opts.depth };
}

/** Solves a·x = b (a symmetric positive definite, small) by Gaussian elimination with partial pivoting. */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((r, i) => [...r, b[i]!]);
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[piv]![c]!)) piv = r;
    [m[c], m[piv]] = [m[piv]!, m[c]!];
    const d = m[c]![c]! || 1e-12;
    for (let r = c + 1; r < n; r++) {
      const f = m[r]![c]! / d;
      if (f) for (let k = c; k <= n; k++) m[r]![k]! -= f * m[c]![k]!;
    }
  }
  const out = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = m[r]![n]!;
    for (let k = r + 1; k < n; k++) s -= m[r]![k]! * out[k]!;
    out[r] = s / (m[r]![r]! || 1e-12);
  }
  return out;
}
