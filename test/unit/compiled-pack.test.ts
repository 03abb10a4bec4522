/**
 * The compiled pack format (lib/pack/compiled): a round trip of the bundled pack (every claim, every piece of matching
 * data, the engine's results on our dev set), lazy bodies (loading reads none; matching reads only the bodies of the
 * claims it reports), the versions (another format or derivation is refused with a message saying to compile again),
 * and damaged files (a clear error, never a wrong answer). The other claim encodings (a series claim that is not the
 * generator's, keys out of schema order) on a small pack of our own.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeBlocks } from '../../lib/engine';
import { queryTokens } from '../../lib/engine/10-retrieve';
import { nameTerms } from '../../lib/engine/11-match';
import { compilePackBinary } from '../../lib/pack/compiled/compile';
import { CompiledPackError, DERIVED_VERSION, fnv1aBytes, FORMAT_VERSION, readHeader } from '../../lib/pack/compiled/format';
import { CompiledIndex } from '../../lib/pack/compiled/index';
import { BUNDLED_COMPILED, openCompiled } from '../../lib/pack/compiled/node';
import { ReferenceIndex } from '../../lib/pack/reference';
import { Pack } from '../../lib/pack/schema';
import { loadDevset } from '../eval/load';

const BUILD = join(import.meta.dirname, '..', '..', 'data', 'build');
const packJson = (): Pack => JSON.parse(readFileSync(join(BUILD, 'pack.json'), 'utf8')) as Pack;
const tmp = mkdtempSync(join(tmpdir(), 'crosscheck-ccpk-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const sorted = (x: Iterable<string>) => [...x];
const setsJson = (w: object) => JSON.stringify(w, (_, v) => (v instanceof Set ? [...v] : v instanceof Map ? [...v] : v));

describe('compiled pack: the bundled pack', () => {
  const pack = packJson();
  const ref = new ReferenceIndex(pack);
  const bytes = compilePackBinary(pack);
  const ci = CompiledIndex.fromBytes(bytes, { verify: true });

  it('data:build wrote the same file', () => {
    // The same pack compiled again gives the same bytes (deterministic), and data/build/pack.ccpk is it.
    expect(Buffer.compare(Buffer.from(readFileSync(BUNDLED_COMPILED)), Buffer.from(compilePackBinary(pack, { source: pack.version })))).toBe(0);
  });

  it('every claim comes back as it went in; the pack facts too', () => {
    expect(ci.counts).toEqual(ref.counts);
    expect(ci.pack.claims.length).toBe(pack.claims.length);
    for (let i = 0; i < pack.claims.length; i++) expect(JSON.stringify(ci.claim(i)), pack.claims[i]!.id).toBe(JSON.stringify(pack.claims[i]));
    const { claims, ...meta } = pack;
    const { claims: _c, ...cmeta } = ci.pack;
    expect(cmeta).toEqual(meta);
    expect(JSON.stringify(ci.toPack())).toBe(JSON.stringify(pack));
    expect(claims.length).toBeGreaterThan(1000);
  });

  it('every piece of matching data equals the JSON-backed index', () => {
    for (let i = 0; i < pack.claims.length; i++) {
      const id = pack.claims[i]!.id;
      expect(setsJson(ci.phraseTokens[i]!), id).toBe(setsJson(ref.phraseTokens[i]!));
      expect(setsJson(ci.claimValues[i]!), id).toBe(setsJson(ref.claimValues[i]!));
      expect(ci.claimWhats[i], id).toEqual(ref.claimWhats[i]);
      expect(setsJson(ci.wording(i)), id).toBe(setsJson(ref.wording(i)));
      expect(ci.entityTokensPresent(i, new Set(['general', 'staff'])), id).toBe(ref.entityTokensPresent(i, new Set(['general', 'staff'])));
    }
    for (const [v, cs] of ref.valuesIndex) expect([...ci.valuesIndex.get(v)!]).toEqual(cs);
    expect(ci.valuesIndex.get(0.123456)).toBeUndefined();
    for (const [t, list] of ref.entityWordIndex) {
      expect(ci.entityWordIndex.get(t)).toEqual(list);
      expect(ci.weight(t)).toBe(ref.weight(t));
    }
    expect(ci.entityWordIndex.get('zzz-not-a-token')).toBeUndefined();
    expect(ci.weight('zzz-not-a-token')).toBe(ref.weight('zzz-not-a-token'));
    expect(ci.seriesOn('2022-07-03')).toBe(ref.seriesOn('2022-07-03'));
    expect(ci.seriesOn('1999-01-01')).toBeUndefined();
  });

  it('name search and BM25 give the same hits', () => {
    const text = loadDevset().slice(0, 150).map((d) => d.text).join(' ');
    const names = new Set([...nameTerms(text), 'Lisichansk', 'Severodonetsk', 'Zaporozhye', 'Kharkov', 'Belgorodd']);
    for (const t of names) expect(JSON.stringify(ci.searchName(t)), t).toBe(JSON.stringify(ref.searchName(t)));
    for (const d of loadDevset().slice(0, 100)) {
      const q = queryTokens(d.text);
      expect(ci.retriever().search(q, 8), d.id).toEqual(ref.retriever().search(q, 8));
    }
  });

  it('the engine gives the same results on every item of our dev set', () => {
    const items = loadDevset();
    for (const it of items) expect(JSON.stringify(analyzeBlocks([it.text], ci)), it.id).toBe(JSON.stringify(analyzeBlocks([it.text], ref)));
  }, 60_000);
});

describe('compiled pack: bodies on demand', () => {
  const pack = packJson();
  const file = join(tmp, 'bundled.ccpk');
  writeFileSync(file, compilePackBinary(pack));

  it('loading reads no body; a matched claim reads its own and nothing else', () => {
    const reads: [number, number][] = [];
    const bytes = new Uint8Array(readFileSync(file));
    const h = readHeader(bytes);
    const index = CompiledIndex.fromParts(bytes.slice(0, h.coldStart), { read: (o, n) => (reads.push([o, n]), bytes.slice(o, o + n)) });
    expect(reads).toEqual([]);
    // A dev-set sentence the engine matches (on the JSON path), and its claim.
    const ref = new ReferenceIndex(pack);
    const item = loadDevset().find((d) => d.claim && analyzeBlocks([d.text], ref)[0]?.match?.id === d.claim)!;
    const target = pack.claims.findIndex((c) => c.id === item.claim);
    // A head is read from the tables: no body.
    expect(index.claim(target).text).toBe(pack.claims[target]!.text);
    expect(index.claim(target).entities).toEqual(pack.claims[target]!.entities);
    expect(reads).toEqual([]);
    const results = analyzeBlocks([item.text], index);
    const matched = new Set(results.flatMap((r) => [r.match?.id, ...r.also.map((a) => a.id)]).filter(Boolean));
    expect(matched.has(item.claim!)).toBe(true);
    // The body offsets once, then one read per claim whose statements were needed (the match and related claims).
    const bodyReads = reads.length - 1;
    expect(bodyReads).toBeGreaterThan(0);
    expect(bodyReads).toBeLessThanOrEqual(matched.size + 2);
    expect(JSON.stringify(index.claim(target))).toBe(JSON.stringify(pack.claims[target]));
  });

  it('openCompiled keeps the bodies on disk until needed', () => {
    const opened = openCompiled(file);
    expect(opened.hotBytes).toBeLessThan(opened.fileBytes);
    const i = pack.claims.length - 1;
    expect(JSON.stringify(opened.index.claim(i))).toBe(JSON.stringify(pack.claims[i]));
    opened.close();
  });
});

describe('compiled pack: versions and damage', () => {
  const pack = packJson();
  const bytes = compilePackBinary(pack);
  const problem = (b: Uint8Array, verify = true) => {
    try {
      CompiledIndex.fromBytes(b, { verify });
      return 'loaded';
    } catch (e) {
      expect(e).toBeInstanceOf(CompiledPackError);
      return (e as Error).message;
    }
  };
  const withHeader = (edit: (h: Record<string, unknown>) => void) => {
    const len = new DataView(bytes.buffer).getUint32(8, true);
    const h = JSON.parse(new TextDecoder().decode(bytes.subarray(16, 16 + len))) as Record<string, unknown>;
    edit(h);
    const hb = new TextEncoder().encode(JSON.stringify(h));
    expect(hb.length).toBeLessThanOrEqual(len + 8);
    const out = bytes.slice();
    out.fill(0x20, 16, 16 + len);
    out.set(hb, 16);
    new DataView(out.buffer).setUint32(8, hb.length, true);
    // A correct header checksum, so that what is refused is the version, not damage.
    new DataView(out.buffer).setUint32(12, fnv1aBytes(hb), true);
    return out;
  };

  it('another format or derivation version is refused with what to do', () => {
    const other = bytes.slice();
    new DataView(other.buffer).setUint32(4, FORMAT_VERSION + 1, true);
    expect(problem(other)).toMatch(new RegExp(`format ${FORMAT_VERSION + 1}; this version of Crosscheck reads format ${FORMAT_VERSION}: compile it again from its source`));
    expect(problem(withHeader((h) => (h.derived = DERIVED_VERSION + 1)))).toMatch(/derived data of version \d+; .*compile it again from its source/);
    expect(problem(withHeader(() => undefined))).toBe('loaded');
  });

  it('damage is found: signature, header, sizes, a flipped byte', () => {
    expect(problem(new TextEncoder().encode('{"id": "a json pack"}'))).toMatch(/not a compiled pack/);
    expect(problem(new Uint8Array(8))).toMatch(/not a compiled pack/);
    expect(problem(bytes.slice(0, 200))).toMatch(/cut short/);
    expect(problem(bytes.slice(0, bytes.length - 100))).toMatch(/cut short/);
    const h = readHeader(bytes);
    const flipHot = bytes.slice();
    flipHot[h.coldStart - 100]! ^= 0xff;
    expect(problem(flipHot)).toMatch(/corrupt: the matching data/);
    const flipCold = bytes.slice();
    flipCold[bytes.length - 5000]! ^= 0xff;
    expect(problem(flipCold)).toMatch(/corrupt: the claim bodies/);
    const flipHeader = bytes.slice();
    flipHeader[40]! ^= 0x01;
    expect(problem(flipHeader, false)).toMatch(/corrupt header/);
    // Damage is only refused: the source is never touched, so the pack can be compiled again.
    expect(problem(bytes)).toBe('loaded');
  });
});

describe('compiled pack: the other claim encodings', () => {
  const report = (date: string) => [{ outlet: 'Test Wire', url: `https://example.org/${date}`, date }];
  const pack = Pack.parse({
    id: 'test-encodings',
    version: '1',
    title: 'Test',
    licences: [],
    groups: [{ id: 'ua-state', name: 'Ukrainian state', party: true, why: 'Test group: one belligerent state.' }],
    origins: [{ id: 'ua-general-staff', name: 'General Staff', group: 'ua-state', kind: 'military' }],
    events: [{ id: 'zavodsk', name: 'Zavodsk', when: { from: '2022-07-01' } }],
    claims: [
      {
        id: 'ua-gs-losses-2022-07-03',
        text: 'A series claim of our own wording, not the generator’s: 35,970 soldiers.',
        entities: ['General Staff'],
        when: { from: '2022-07-03' },
        series: 'ua-gs-losses',
        statements: [{ origin: 'ua-general-staff', stance: 'asserts', date: '2022-07-03', summary: 'Test: 35,970 personnel.', figures: [{ what: 'personnel', value: 35970 }], reports: report('2022-07-03') }],
      },
      {
        id: 'zavodsk-span',
        text: 'Fighting went on around Zavodsk from 1 to 9 July 2022.',
        entities: ['Zavodsk', 'Ukraine'],
        when: { from: '2022-07-01', to: '2022-07-09' },
        event: 'zavodsk',
        statements: [{ origin: 'ua-general-staff', stance: 'disputes', date: '2022-07-05', summary: 'Test: the staff denied any fighting there.', reports: report('2022-07-05') }],
      },
    ],
  });

  it('round trip of each', () => {
    const reordered = { ...pack, claims: [...pack.claims, { statements: pack.claims[1]!.statements, id: 'keys-out-of-order', text: pack.claims[1]!.text, entities: ['Zavodsk'], when: { from: '2022-07-02' } }] } as Pack;
    const ci = CompiledIndex.fromBytes(compilePackBinary(reordered), { verify: true });
    const ref = new ReferenceIndex(reordered);
    reordered.claims.forEach((c, i) => {
      expect(JSON.stringify(ci.claim(i))).toBe(JSON.stringify(c));
      expect(setsJson(ci.wording(i))).toBe(setsJson(ref.wording(i)));
    });
    expect(sorted(Object.keys(ci.claim(2)))).toEqual(['statements', 'id', 'text', 'entities', 'when']);
    const s = 'The General Staff said 35,970 Russian soldiers had been killed as of 3 July.';
    expect(JSON.stringify(analyzeBlocks([s], ci))).toBe(JSON.stringify(analyzeBlocks([s], ref)));
  });
});
