import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyModel, BM25_DEFAULTS, ClaimRetriever, fitLogistic, queryTokens, RERANK_FEATURES, RERANK_MODEL, splitHashtag } from '../../lib/engine/10-retrieve';
import { tokens } from '../../lib/engine/06-normalise';
import type { Claim, Pack } from '../../lib/pack/schema';

// Tiny packs of our own invention: made-up places and events, nothing from a real pack or data set.
const report = [{ outlet: 'Example Wire', url: 'https://example.org/report', date: '2023-05-01' }];
function claim(id: string, text: string, extra: Partial<Claim> = {}): Claim {
  return {
    id,
    text,
    entities: ['Example'],
    when: { from: '2023-05-01' },
    statements: [{ origin: 'wire', stance: 'asserts', date: '2023-05-01', summary: 'The wire reported the event as stated.', reports: report }],
    ...extra,
  };
}
function pack(claims: Claim[]): Pack {
  return {
    id: 'fixture',
    version: '1',
    title: 'Fixture',
    licences: [],
    groups: [{ id: 'wire', name: 'Wire', party: false, why: 'A made-up agency for the tests.' }],
    origins: [{ id: 'wire', name: 'Wire', group: 'wire', kind: 'media' }],
    outlets: [],
    events: [],
    claims,
  };
}
const summary = (text: string) => [{ origin: 'wire', stance: 'asserts' as const, date: '2023-05-01', summary: text, reports: report }];

const FIXTURE = pack([
  claim('ferry', 'A ferry capsized near Porthwen harbour with forty passengers aboard'),
  claim('bridge', 'The Caldmoor bridge was closed after engineers found cracks in its pillars', {
    aliases: ['Cracked pillars shut the crossing over the Caldmoor estuary'],
  }),
  claim('series-day', 'The ministry reported 12 drones downed over Velmar', { series: 'velmar-daily' }),
  claim('orchard', 'Frost destroyed most of the apple harvest in the Tamsby valley', {
    statements: summary('Growers in Tamsby said late frost ruined nearly all blossom on their trees.'),
  }),
  claim('mayor', 'The mayor of Porthwen resigned over a contract scandal'),
]);

describe('ClaimRetriever', () => {
  const r = ClaimRetriever.build(FIXTURE, { rerank: null });

  it('finds a claim by its text, best first, with claim = position in pack.claims', () => {
    const hits = r.search(queryTokens('Ferry with forty passengers capsizes off Porthwen'), 3);
    expect(hits[0]).toMatchObject({ claim: 0, field: 'text' });
    expect(hits.map((h) => h.claim)).toContain(4); // shares "Porthwen" only
    expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score);
    for (let i = 1; i < hits.length; i++) expect(hits[i - 1]!.score).toBeGreaterThanOrEqual(hits[i]!.score);
  });

  it('finds a claim by an alias or a statement summary, and names that field', () => {
    expect(r.search(queryTokens('the estuary crossing was shut'), 1)[0]).toMatchObject({ claim: 1, field: 'alias' });
    expect(r.search(queryTokens('late frost ruined the blossom'), 1)[0]).toMatchObject({ claim: 3, field: 'summary' });
  });

  it('leaves series claims out', () => {
    const hits = r.search(queryTokens('12 drones downed over Velmar, the ministry reported'), 10);
    expect(hits.map((h) => h.claim)).not.toContain(2);
  });

  it('returns at most k hits, none for a query with no indexed word', () => {
    expect(r.search(queryTokens('Porthwen'), 1)).toHaveLength(1);
    expect(r.search(queryTokens('zebra quantum'), 5)).toEqual([]);
    expect(r.search([], 5)).toEqual([]);
  });

  it('scores Okapi BM25 (Lucene idf) on a one-field pack', () => {
    const texts = ['Storm floods the Ardel valley road', 'Ardel council buys a new bus', 'Storm damage closes three schools today'];
    const p = pack(texts.map((t, i) => claim(`c${i}`, t, { statements: summary('Reported by the made-up wire service.') })));
    const k1 = 1.2;
    const b = 0.75;
    const one = ClaimRetriever.build(p, { k1, b, rerank: null, weights: { text: 1, alias: 1, summary: 0 }, tie: 0 });
    const docs = texts.map((t) => tokens(t));
    const avg = docs.reduce((n, d) => n + d.length, 0) / docs.length;
    const q = ['storm', 'ardel'];
    const expected = docs.map((d) =>
      q.reduce((s, t) => {
        const df = docs.filter((x) => x.includes(t)).length;
        const tf = d.filter((x) => x === t).length;
        const idf = Math.log(1 + (docs.length - df + 0.5) / (df + 0.5));
        return s + (tf ? (idf * tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * d.length) / avg)) : 0);
      }, 0),
    );
    const hits = one.search(q, 3);
    expect(hits[0]!.claim).toBe(0); // both words
    expect(hits.map((h) => h.claim)).toEqual([0, 1, 2].sort((x, y) => expected[y]! - expected[x]!));
    for (const h of hits) expect(h.score).toBeCloseTo(expected[h.claim]!, 4);
  });

  it('weights fields: a zero weight hides what only that field matches; tie adds the other fields', () => {
    const noAlias = r.withOptions({ weights: { ...BM25_DEFAULTS.weights, alias: 0 } });
    expect(noAlias.search(queryTokens('estuary crossing'), 5)).toEqual([]);
    const best = r.withOptions({ tie: 0 }).search(queryTokens('Caldmoor pillars cracked'), 1)[0]!;
    const sum = r.withOptions({ tie: 1 }).search(queryTokens('Caldmoor pillars cracked'), 1)[0]!;
    expect(best.claim).toBe(1);
    expect(sum.score).toBeGreaterThan(best.score);
  });

  it('keeps its postings in typed arrays', () => {
    expect(r.typedArrayBytes).toBeGreaterThan(0);
    expect(r.wordingCount).toBe(4 + 1 + 4); // four texts, one alias, four summaries (the series claim left out)
  });
});

describe('queryTokens', () => {
  it('drops links, also glued to a hashtag, and splits hashtags', () => {
    expect(queryTokens('Harbour #FerryDisaster pic.twitter.com/AbC123 https://t.co/xyz')).toEqual(tokens('Harbour Ferry Disaster'));
    expect(queryTokens('#Porthwenhttps://t.co/q1w2')).toEqual(tokens('Porthwen'));
    expect(splitHashtag('DefundTheBBC')).toBe('Defund The BBC');
    expect(splitHashtag('storm2023')).toBe('storm 2023');
  });

  it('splits @mentions into words by default, drops them on request', () => {
    expect(queryTokens('Ask @MayorOfPorthwen why')).toEqual(tokens('Ask Mayor Of Porthwen why'));
    expect(queryTokens('Ask @MayorOfPorthwen why', { mentions: 'drop' })).toEqual(tokens('Ask why'));
    expect(queryTokens('mail me at desk@example.org', { mentions: 'drop' })).toContain('desk');
  });

  it("reduces an embedded tweet's byline to its author and month", () => {
    const tweet = 'The bridge is shut — Ada Quill (@adaq) March 3, 2021';
    expect(queryTokens(tweet)).toEqual(tokens('The bridge is shut Ada Quill March 2021'));
    expect(queryTokens(tweet, { byline: 'name' })).toEqual(tokens('The bridge is shut Ada Quill'));
    expect(queryTokens(tweet, { byline: 'drop' })).toEqual(tokens('The bridge is shut'));
  });
});

describe('re-ranking', () => {
  it('fitLogistic separates a synthetic set by the feature that decides it', () => {
    // y = 1 exactly when the first feature is above 0.5; the second is noise from a fixed sequence.
    const x: number[][] = [];
    const y: number[] = [];
    for (let i = 0; i < 200; i++) {
      const a = (i * 37) % 100 / 100;
      const noise = (i * 61) % 17 / 17;
      x.push([a, noise]);
      y.push(a > 0.5 ? 1 : 0);
    }
    const m = fitLogistic(x, y, { l2: 1, depth: 10, features: ['a', 'noise'] });
    expect(m.weights[0]!).toBeGreaterThan(5 * Math.abs(m.weights[1]!));
    expect(applyModel(m, [0.9, 0.5])).toBeGreaterThan(0);
    expect(applyModel(m, [0.1, 0.5])).toBeLessThan(0);
  });

  it('search re-orders the head by the model and scores it as probabilities', () => {
    const r = ClaimRetriever.build(FIXTURE, { rerank: null });
    const q = queryTokens('Porthwen ferry');
    const plain = r.search(q, 5).map((h) => h.claim);
    expect(plain.slice(0, 2)).toEqual([0, 4]);
    // A model that prefers a worse BM25 rank puts the order upside down.
    const m = { features: RERANK_FEATURES, mean: RERANK_FEATURES.map(() => 0), scale: RERANK_FEATURES.map(() => 1), weights: RERANK_FEATURES.map((f) => (f === 'logRank' ? 5 : 0)), bias: 0, depth: 5 };
    const hits = r.withOptions({ rerank: m }).search(q, 5);
    expect(hits.map((h) => h.claim)).toEqual([...plain].reverse());
    for (const h of hits) expect(h.score).toBeGreaterThan(0), expect(h.score).toBeLessThan(1), expect(h.bm25).toBeGreaterThan(0);
  });

  it('has one feature value per named feature', () => {
    const r = ClaimRetriever.build(FIXTURE, { rerank: null });
    const q = queryTokens('Porthwen ferry forty passengers');
    for (const f of r.features(q, r.bm25(q, 3))) expect(f).toHaveLength(RERANK_FEATURES.length);
  });

  const DATA = join(import.meta.dirname, '..', '..', '..', 'shared', 'benchmarks', 'checkthat2020-task2');
  it.skipIf(!existsSync(DATA) || RERANK_MODEL.depth === 0)(
    '10-retrieve.rerank.json is what `bench:checkthat --fit` fits on CheckThat! train',
    async () => {
      const b = await import('../../scripts/bench-checkthat');
      const { Pack: PackSchema } = await import('../../lib/pack/schema');
      const claims = b.loadClaims();
      const p = PackSchema.parse(JSON.parse(b.packDocument(claims, true)));
      const ids = p.claims.map((c) => [c.id.replace(/^vclaim-/, '')]);
      expect(b.compareModels(b.fitRerank(p, ids, b.loadSplit('train')), RERANK_MODEL)).toBe('');
    },
    120_000,
  );
});

describe('bench metrics', async () => {
  const { averagePrecision, compareModels, reciprocalRank } = await import('../../scripts/bench-checkthat');
  it('compareModels tells a changed coefficient from a refit', () => {
    const m = { features: ['a', 'b'], mean: [0, 1], scale: [1, 2], weights: [0.5, -1], bias: 0.1, depth: 10 };
    expect(compareModels(m, { ...m })).toBe('');
    expect(compareModels(m, { ...m, weights: [0.5, -1.01] })).toMatch(/weights\[1\]/);
    expect(compareModels(m, { ...m, bias: 0.2 })).toMatch(/bias/);
    expect(compareModels(m, { ...m, depth: 5 })).not.toBe('');
  });
  it('AP@k and RR as trec_eval counts them', () => {
    expect(averagePrecision(['a', 'b', 'c'], new Set(['b']), 5)).toBeCloseTo(0.5);
    expect(averagePrecision(['a', 'b', 'c'], new Set(['b']), 1)).toBe(0);
    expect(averagePrecision(['b', 'x', 'c'], new Set(['b', 'c']), 5)).toBeCloseTo((1 + 2 / 3) / 2);
    expect(reciprocalRank(['a', 'b', 'c'], new Set(['c']))).toBeCloseTo(1 / 3);
    expect(reciprocalRank(['a'], new Set(['z']))).toBe(0);
  });
});

describe('BM25 top k on the bundled pack', () => {
  // bm25() builds result objects only for claims that can be among the best k (#12's speed work); what it returns
  // must be exactly the head of the full ranking, ties and their order included.
  const file = join(import.meta.dirname, '..', '..', 'data', 'build', 'pack.json');
  it.skipIf(!existsSync(file))('equals the first k of the full ranking, for every k, on our dev sentences', async () => {
    const { readFileSync } = await import('node:fs');
    const { loadDevset } = await import('../eval/load');
    const r = ClaimRetriever.build(JSON.parse(readFileSync(file, 'utf8')) as Pack, { rerank: null });
    const items = loadDevset().filter((_, i) => i % 5 === 0);
    let compared = 0;
    for (const it of items) {
      const q = queryTokens(it.text);
      const all = r.bm25(q, Infinity);
      for (const k of [1, 2, 5, 20]) {
        expect(r.bm25(q, k), `${it.id} k=${k}`).toEqual(all.slice(0, k));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(100);
  });
});
