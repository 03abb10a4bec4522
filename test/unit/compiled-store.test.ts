/**
 * The compiled references' store (lib/ext/compiled-store.ts) on fake-indexeddb: a miss compiles from the source and
 * stores, a hit opens the stored file without touching the source; a record of another format or derivation, a
 * damaged one, or one under the wrong key is discarded and compiled again; at most KEEP records stay; without
 * IndexedDB, or when it cannot be written, the reference still works. The sources are never changed or lost.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { analyzeBlocks } from '../../lib/engine';
import { CompiledStore, KEEP, MergedReferences, openMerged, referenceKey, type MergedSource } from '../../lib/ext/compiled-store';
import { DERIVED_VERSION, fnv1aBytes, FORMAT_VERSION, readHeader } from '../../lib/pack/compiled/format';
import { bundledCompiled } from '../../lib/pack/compiled/node';
import { mergePacks, parseImport, type ImportedPackMeta, type StoredPack } from '../../lib/pack/import';
import { ReferenceIndex } from '../../lib/pack/reference';
import type { Pack } from '../../lib/pack/schema';

// The compiler, made to refuse a pack on demand (as it does a wording of a shape it cannot store).
const compiler = vi.hoisted(() => ({ refuse: false }));
vi.mock('../../lib/pack/compiled/compile', async (original) => {
  const m = await original<typeof import('../../lib/pack/compiled/compile')>();
  return {
    ...m,
    compilePackBinary: (...args: Parameters<typeof m.compilePackBinary>) => {
      if (compiler.refuse) throw new Error('compile: the wording is of a shape the compiled format does not store (test)');
      return m.compilePackBinary(...args);
    },
  };
});

const ROOT = join(import.meta.dirname, '..', '..');
const FIXTURE = readFileSync(join(ROOT, 'test', 'fixtures', 'packs', 'belgorod-extra.json'), 'utf8');
const FESTIVAL = 'Organisers in Belgorod called off the festivities planned for Sunday, 3 July, a local media editor told The Insider.';
const IMPORTED_ID = 'test-belgorod-extra:belgorod-festival-called-off';

// A small "bundled" pack (the bundled pack's groups, origins and outlets, a few of its claims) keeps compiles quick;
// the background's test (settings-background.test.ts) runs the whole bundled pack through the same code.
const full = JSON.parse(readFileSync(join(ROOT, 'data', 'build', 'pack.json'), 'utf8')) as Pack;
const small: Pack = { ...full, claims: full.claims.filter((c) => !c.series).slice(0, 40) };
const imported: StoredPack = parseImport(FIXTURE, 'belgorod-extra.json', { bundled: small, imported: [], now: new Date('2026-01-02T03:04:05Z') });
const sourceCopy = JSON.stringify(imported);

const KEY = 'test key 1';
const log = () => ({ error: vi.fn(), warn: vi.fn() });
let factory: IDBFactory;
let sourceCalls = 0;
const source: MergedSource = async () => (sourceCalls++, { pack: mergePacks(structuredClone(small), [imported]), dropped: [] });
const matchOf = (index: Parameters<typeof analyzeBlocks>[1]) => analyzeBlocks([FESTIVAL], index)[0]?.match?.id;

beforeEach(() => {
  factory = new IDBFactory();
  sourceCalls = 0;
});

/** The stored record of `key`, edited (bytes) and put back. */
async function editRecord(store: CompiledStore, key: string, edit: (b: Uint8Array) => Uint8Array) {
  const rec = (await store.get(key))!;
  const bytes = edit(new Uint8Array(rec.bytes).slice());
  await store.put({ ...rec, bytes: bytes.buffer as ArrayBuffer });
}

describe('compiled references in IndexedDB', () => {
  it('a miss compiles from the source and stores; a hit (a new worker) opens the file and never reads the source', async () => {
    const store = new CompiledStore(factory);
    const l = log();
    const first = await openMerged(store, KEY, source, l);
    expect(first.from).toBe('compiled');
    expect(sourceCalls).toBe(1);
    expect(await store.keys()).toEqual([KEY]);
    expect(matchOf(first.index)).toBe(IMPORTED_ID);

    // A worker start: a new connection to the same database.
    const again = await openMerged(new CompiledStore(factory), KEY, source, l);
    expect(again.from).toBe('stored');
    expect(sourceCalls).toBe(1);
    expect(again.ms.read).toBeGreaterThanOrEqual(0);
    expect(again.ms.open).toBeGreaterThanOrEqual(0);
    // The same answers as the JSON path over the same merged pack.
    const json = new ReferenceIndex(mergePacks(structuredClone(small), [imported]));
    for (const s of [FESTIVAL, 'Officials said 3 people were killed in Lysychansk on 3 July.'])
      expect(JSON.stringify(analyzeBlocks([s], again.index))).toBe(JSON.stringify(analyzeBlocks([s], json)));
    expect(again.index.counts).toEqual(json.counts);
    expect(l.error).not.toHaveBeenCalled();
    expect(l.warn).not.toHaveBeenCalled();
  });

  it('another key (another set of packs) is a miss', async () => {
    const store = new CompiledStore(factory);
    await openMerged(store, KEY, source, log());
    expect((await openMerged(store, 'test key 2', source, log())).from).toBe('compiled');
    expect(sourceCalls).toBe(2);
    expect((await store.keys()).sort()).toEqual([KEY, 'test key 2']);
  });

  it('a record of another format or derivation version is discarded and compiled again from the source', async () => {
    const store = new CompiledStore(factory);
    await openMerged(store, KEY, source, log());
    // An older format: the container's version field.
    await editRecord(store, KEY, (b) => (new DataView(b.buffer).setUint32(4, FORMAT_VERSION + 1, true), b));
    let l = log();
    let r = await openMerged(new CompiledStore(factory), KEY, source, l);
    expect(r.from).toBe('compiled');
    expect(l.warn).toHaveBeenCalledWith(expect.stringMatching(/cannot be used; compiling it again/), expect.stringMatching(/format \d+; this version of Crosscheck reads format/));
    expect(matchOf(r.index)).toBe(IMPORTED_ID);
    // The record was replaced by a good one.
    expect((await openMerged(new CompiledStore(factory), KEY, source, log())).from).toBe('stored');

    // Another derivation: the header's `derived` (with a correct header checksum: refused for its version, not damage).
    await editRecord(store, KEY, (b) => {
      const len = new DataView(b.buffer).getUint32(8, true);
      const h = JSON.parse(new TextDecoder().decode(b.subarray(16, 16 + len))) as { derived: number };
      h.derived = DERIVED_VERSION + 1;
      const hb = new TextEncoder().encode(JSON.stringify(h));
      b.fill(0x20, 16, 16 + len);
      b.set(hb, 16);
      new DataView(b.buffer).setUint32(8, hb.length, true);
      new DataView(b.buffer).setUint32(12, fnv1aBytes(hb), true);
      return b;
    });
    l = log();
    r = await openMerged(new CompiledStore(factory), KEY, source, l);
    expect(r.from).toBe('compiled');
    expect(l.warn).toHaveBeenCalledWith(expect.any(String), expect.stringMatching(/derived data of version \d+/));
    expect(sourceCalls).toBe(3);
    expect(JSON.stringify(imported)).toBe(sourceCopy);
  });

  it('damaged bytes (a flipped byte, a cut file, not a file) are found and compiled again; never a wrong answer', async () => {
    const store = new CompiledStore(factory);
    await openMerged(store, KEY, source, log());
    const damage: [string, (b: Uint8Array) => Uint8Array, RegExp][] = [
      ['a byte of the matching data', (b) => ((b[readHeader(b).coldStart - 64]! ^= 0xff), b), /corrupt: the matching data/],
      ['a byte of the claim bodies', (b) => ((b[b.length - 64]! ^= 0xff), b), /corrupt: the claim bodies/],
      ['cut short', (b) => b.slice(0, b.length >> 1), /cut short/],
      ['not a compiled file', () => new TextEncoder().encode('{"not": "a pack"}'), /not a compiled pack/],
    ];
    for (const [what, edit, message] of damage) {
      await editRecord(store, KEY, edit);
      const l = log();
      const r = await openMerged(new CompiledStore(factory), KEY, source, l);
      expect(r.from, what).toBe('compiled');
      expect(l.warn, what).toHaveBeenCalledWith(expect.any(String), expect.stringMatching(message));
      expect(matchOf(r.index), what).toBe(IMPORTED_ID);
      expect((await openMerged(new CompiledStore(factory), KEY, source, log())).from, what).toBe('stored');
    }
    expect(JSON.stringify(imported)).toBe(sourceCopy);
  });

  it('a file stored under another key (its header names its source) is not used', async () => {
    const store = new CompiledStore(factory);
    await openMerged(store, KEY, source, log());
    const rec = (await store.get(KEY))!;
    await store.put({ ...rec, key: 'test key 2' });
    const l = log();
    expect((await openMerged(store, 'test key 2', source, l)).from).toBe('compiled');
    expect(l.warn).toHaveBeenCalledWith(expect.any(String), expect.stringMatching(/compiled from other packs/));
  });

  it(`keeps the ${KEEP} newest records`, async () => {
    const store = new CompiledStore(factory);
    const keys = ['test key a', 'test key b', 'test key c'];
    for (const k of keys) {
      await openMerged(store, k, source, log());
      await new Promise((r) => setTimeout(r, 5));
    }
    expect((await store.keys()).sort()).toEqual(keys.slice(-KEEP));
  });

  it('without IndexedDB: the JSON-backed index, with an error logged', async () => {
    const l = log();
    const r = await openMerged(new CompiledStore(undefined), KEY, source, l);
    expect(r.from).toBe('json');
    expect(r.index).toBeInstanceOf(ReferenceIndex);
    expect(matchOf(r.index)).toBe(IMPORTED_ID);
    expect(l.error).toHaveBeenCalledWith(expect.stringMatching(/cannot be read; loading the packs from their source/), expect.any(Error));
  });

  it('a store that cannot be written: the compiled index all the same, compiled again next time', async () => {
    const store = new CompiledStore(factory);
    vi.spyOn(store, 'put').mockRejectedValue(new DOMException('quota', 'QuotaExceededError'));
    const l = log();
    const r = await openMerged(store, KEY, source, l);
    expect(r.from).toBe('compiled');
    expect(matchOf(r.index)).toBe(IMPORTED_ID);
    expect(l.error).toHaveBeenCalledWith(expect.stringMatching(/could not be stored/), expect.any(DOMException));
    expect(await store.keys()).toEqual([]);
  });

  it('a pack the compiler refuses: the JSON-backed index', async () => {
    const l = log();
    compiler.refuse = true;
    const r = await openMerged(new CompiledStore(factory), KEY, source, l).finally(() => (compiler.refuse = false));
    expect(r.from).toBe('json');
    expect(matchOf(r.index)).toBe(IMPORTED_ID);
    expect(l.error).toHaveBeenCalledWith(expect.stringMatching(/could not be compiled; using them uncompiled/), expect.any(Error));
  });

  it('MergedReferences opens once per key (settings changes open nothing; concurrent requests share one open)', async () => {
    const refs = new MergedReferences(new CompiledStore(factory), log());
    const [a, b] = await Promise.all([refs.open(KEY, source), refs.open(KEY, source)]);
    expect(a).toBe(b);
    expect(await refs.open(KEY, source)).toBe(a);
    expect(sourceCalls).toBe(1);
    expect((await refs.open('test key 2', source)).from).toBe('compiled');
    // Back to the first set: stored, not compiled.
    expect((await refs.open(KEY, source)).from).toBe('stored');
    expect(sourceCalls).toBe(2);
  });
});

describe('referenceKey', () => {
  const bundled = bundledCompiled();
  const meta = (over: Partial<ImportedPackMeta> = {}): ImportedPackMeta => ({ ...imported.meta, sha256: 'ab'.repeat(32), ...over });

  it('names the versions, the bundled pack and each switched-on pack, in order', () => {
    const key = referenceKey(bundled, [meta(), meta({ id: 'other', sha256: undefined })], '1.2.3');
    const b = bundled.header;
    expect(key.split('\n')).toEqual([
      `ccpk f${FORMAT_VERSION} d${DERIVED_VERSION}`,
      'app 1.2.3',
      expect.stringMatching(new RegExp(`^bundled ${b.meta.id}@${b.meta.version.replace(/[+.]/g, '\\$&')}#[0-9a-f]{16}$`)),
      `pack test-belgorod-extra@2026.1#${'ab'.repeat(32)}`,
      'pack other@2026.1#imported 2026-01-02T03:04:05.000Z',
    ]);
  });

  it('changes with anything a compiled file is made of', () => {
    const key = referenceKey(bundled, [meta()], '1');
    const others = [
      referenceKey(bundled, [meta({ version: '2' })], '1'),
      referenceKey(bundled, [meta({ sha256: 'cd'.repeat(32) })], '1'),
      referenceKey(bundled, [meta(), meta({ id: 'x' })], '1'),
      referenceKey(bundled, [], '1'),
      referenceKey(bundled, [meta()], '2'),
      referenceKey({ header: { ...bundled.header, checksum: [1, 2] } } as typeof bundled, [meta()], '1'),
    ];
    for (const o of others) expect(o).not.toBe(key);
    expect(referenceKey(bundled, [meta()], '1')).toBe(key);
  });
});
