/**
 * The reference the background matches against when imported packs are on — the bundled pack merged with them — compiled
 * once (lib/pack/compiled, the same format as the bundled pack.ccpk) and kept in IndexedDB, so that a worker start
 * reads it and opens it instead of merging the JSON and deriving a ReferenceIndex again.
 *
 * Why the merged reference and not each imported pack: the engine takes one PackIndex, and what it derives is over all
 * the claims at once (IDF weights, BM25's statistics), so per-pack files would still need a merge and a derivation.
 * The merged file is compiled again when the set changes (an import, a removal, a pack switched on or off, another
 * bundled pack or extension version, another format or derivation version); the last KEEP sets are kept, so switching
 * a pack off and on again costs no compile.
 *
 * Why IndexedDB and not storage.local: the file is binary (IndexedDB stores an ArrayBuffer as it is; storage.local
 * keeps JSON, so base64, a third larger, decoded at every start), several MB (3 MB for the bundled pack alone, 13 MB
 * with an 8 MB import) against storage.local's 10 MB quota without `unlimitedStorage`, which the packs' sources need;
 * and IndexedDB is there in Chrome's MV3 service worker and Firefox's background page alike (and, in Node tests, as
 * fake-indexeddb). What is stored is only derived data: a lost or damaged record is compiled again.
 *
 * The sources stay the truth: the imported packs' JSON in storage.local (lib/ext/packs.ts) is never changed here. The
 * key names everything the file is made of (`referenceKey`), the file's header carries it too (`source`), and a
 * record that does not open — another format or derivation, damage found by the checksums, another key — is
 * discarded and compiled again from the sources. If IndexedDB cannot be used at all, the reference is the JSON-backed
 * ReferenceIndex, as before (cheaper than compiling a file that cannot be kept).
 *
 * Framework-free apart from IndexedDB (no extension API): the background wires it (entrypoints/background.ts).
 */
import { compilePackBinary } from '../pack/compiled/compile';
import { CompiledPackError, DERIVED_VERSION, FORMAT_VERSION } from '../pack/compiled/format';
import { CompiledIndex } from '../pack/compiled/index';
import type { ImportedPackMeta } from '../pack/import';
import type { PackIndex } from '../pack/index-api';
import { ReferenceIndex } from '../pack/reference';
import type { Pack } from '../pack/schema';

export const DB_NAME = 'crosscheck-compiled';
/** Raise when the object store's layout changes: the upgrade drops the old records (they are derived data). */
export const DB_VERSION = 1;
export const STORE = 'references';
/** How many compiled references are kept (the newest by the time they were stored). */
export const KEEP = 2;
/** A database that does not open in this time is taken as unavailable (the start goes on without it). */
export const OPEN_TIMEOUT_MS = 5000;

export interface CompiledRecord {
  key: string;
  bytes: ArrayBuffer;
  /** Ids of switched-on packs whose stored source did not validate, left out of the file. */
  dropped: string[];
  /** Date.now() when stored. */
  savedAt: number;
}

const hex = (n: number) => (n >>> 0).toString(16).padStart(8, '0');

/**
 * The key of a merged reference: the format and derivation versions, the extension's version (a new release may
 * change what a source validates to), the bundled pack (id, version, its file's checksums) and each switched-on
 * imported pack in storage order (id, version, and the SHA-256 of its source recorded at import, or the time of the
 * import for a pack stored before it was recorded). Made from the descriptions alone, so a start that finds the
 * record never reads the packs' sources.
 */
export function referenceKey(bundled: CompiledIndex, imported: readonly ImportedPackMeta[], appVersion = ''): string {
  const b = bundled.header;
  const parts = [
    `ccpk f${FORMAT_VERSION} d${DERIVED_VERSION}`,
    `app ${appVersion}`,
    `bundled ${b.meta.id}@${b.meta.version}#${hex(b.checksum[0])}${hex(b.checksum[1])}`,
    ...imported.map((m) => `pack ${m.id}@${m.version}#${m.sha256 ?? `imported ${m.importedAt}`}`),
  ];
  return parts.join('\n');
}

const done = <T>(req: IDBRequest<T>): Promise<T> =>
  new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
const committed = (tx: IDBTransaction): Promise<void> =>
  new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });

/** The compiled references in IndexedDB (one database of the extension's origin, one object store). */
export class CompiledStore {
  private db: Promise<IDBDatabase> | undefined;

  /** `factory`: the IndexedDB to use (tests pass a fresh fake-indexeddb one); none: the store is unavailable. */
  constructor(private readonly factory: IDBFactory | undefined = globalThis.indexedDB) {}

  private open(): Promise<IDBDatabase> {
    this.db ??= new Promise<IDBDatabase>((resolve, reject) => {
      if (!this.factory) throw new Error('IndexedDB is not available in this context');
      const req = this.factory.open(DB_NAME, DB_VERSION);
      // Blocked by a connection of an older version that does not close (it is asked to: onversionchange): the start
      // must not wait for it; the open goes on, and is closed when it is late.
      let late = false;
      const timer = setTimeout(() => {
        late = true;
        reject(new Error(`IndexedDB: the database did not open in ${OPEN_TIMEOUT_MS} ms`));
      }, OPEN_TIMEOUT_MS);
      req.onupgradeneeded = () => {
        const db = req.result;
        for (const name of [...db.objectStoreNames]) db.deleteObjectStore(name);
        db.createObjectStore(STORE, { keyPath: 'key' }).createIndex('savedAt', 'savedAt');
      };
      req.onsuccess = () => {
        clearTimeout(timer);
        const db = req.result;
        if (late) return db.close();
        // A newer version of the extension upgrading the database (an update while this one runs): let it.
        db.onversionchange = () => {
          db.close();
          this.db = undefined;
        };
        db.onclose = () => (this.db = undefined);
        resolve(db);
      };
      req.onerror = () => {
        clearTimeout(timer);
        reject(req.error);
      };
    }).catch((e: unknown) => {
      this.db = undefined;
      throw e;
    });
    return this.db;
  }

  async get(key: string): Promise<CompiledRecord | undefined> {
    const db = await this.open();
    return (await done(db.transaction(STORE, 'readonly').objectStore(STORE).get(key))) as CompiledRecord | undefined;
  }

  /** Stores a record and drops all but the KEEP newest, in one transaction (it happens whole or not at all). */
  async put(record: CompiledRecord): Promise<void> {
    const db = await this.open();
    const tx = db.transaction(STORE, 'readwrite');
    const store = tx.objectStore(STORE);
    store.put(record);
    // Newest first by the savedAt index; keys only (the files are not read).
    const cursor = store.index('savedAt').openKeyCursor(null, 'prev');
    let seen = 0;
    cursor.onsuccess = () => {
      const c = cursor.result;
      if (!c) return;
      if (++seen > KEEP) store.delete(c.primaryKey);
      c.continue();
    };
    await committed(tx);
  }

  async delete(key: string): Promise<void> {
    const db = await this.open();
    const tx = db.transaction(STORE, 'readwrite');
    tx.objectStore(STORE).delete(key);
    await committed(tx);
  }

  /** The stored keys (tests, diagnostics). */
  async keys(): Promise<string[]> {
    const db = await this.open();
    return (await done(db.transaction(STORE, 'readonly').objectStore(STORE).getAllKeys())) as string[];
  }

  close(): void {
    void this.db?.then((db) => db.close()).catch(() => undefined);
    this.db = undefined;
  }
}

/** The merged pack to compile, made from the sources only when the store has no usable record. */
export type MergedSource = () => Promise<{ pack: Pack; dropped: string[] }>;

export interface OpenedReference {
  index: PackIndex;
  /** stored: read from IndexedDB; compiled: compiled from the sources now, and stored; json: the JSON-backed index. */
  from: 'stored' | 'compiled' | 'json';
  /** Ids of switched-on packs left out because their stored source did not validate. */
  dropped: string[];
  /** Milliseconds by step: read (IndexedDB), open (fromBytes), source (validate + merge), compile, write, index (JSON). */
  ms: Partial<Record<'read' | 'open' | 'source' | 'compile' | 'write' | 'index', number>>;
}

type Log = Pick<Console, 'error' | 'warn'>;

/**
 * The merged reference for `key`: the stored file if there is one that opens (checksums verified: a damaged record
 * must not give wrong answers), otherwise compiled from `source()` and stored. Never throws for the store's sake:
 * a store that cannot be read gives the JSON-backed index, one that cannot be written a compiled index that is
 * compiled again at the next start; a pack the compiler refuses gives the JSON-backed index (each with a console
 * error). Errors of `source()` itself are the caller's.
 */
export async function openMerged(store: CompiledStore | undefined, key: string, source: MergedSource, log: Log = console): Promise<OpenedReference> {
  const ms: OpenedReference['ms'] = {};
  let t = performance.now();
  const lap = (k: keyof OpenedReference['ms']) => {
    const now = performance.now();
    ms[k] = now - t;
    t = now;
  };
  let usable = !!store;
  if (store) {
    try {
      const rec = await store.get(key);
      lap('read');
      if (rec) {
        try {
          const index = CompiledIndex.fromBytes(new Uint8Array(rec.bytes), { verify: true });
          if (index.header.data.source !== key) throw new CompiledPackError('the stored file was compiled from other packs');
          lap('open');
          return { index, from: 'stored', dropped: rec.dropped ?? [], ms };
        } catch (e) {
          // Another format or derivation version (an old record under a key that should not match), damage: the
          // record goes, the sources are compiled again.
          log.warn('Crosscheck: the stored compiled reference cannot be used; compiling it again from the packs.', e instanceof Error ? e.message : e);
          await store.delete(key).catch(() => undefined);
          t = performance.now();
        }
      }
    } catch (e) {
      log.error('Crosscheck: the compiled reference store (IndexedDB) cannot be read; loading the packs from their source.', e);
      usable = false;
    }
  }
  const { pack, dropped } = await source();
  lap('source');
  if (usable) {
    let bytes: Uint8Array | undefined;
    try {
      bytes = compilePackBinary(pack, { source: key });
    } catch (e) {
      log.error('Crosscheck: the imported packs could not be compiled; using them uncompiled.', e);
    }
    if (bytes) {
      lap('compile');
      const index = CompiledIndex.fromBytes(bytes);
      lap('open');
      try {
        const buffer = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? (bytes.buffer as ArrayBuffer) : (bytes.slice().buffer as ArrayBuffer);
        await store!.put({ key, bytes: buffer, dropped, savedAt: Date.now() });
      } catch (e) {
        log.error('Crosscheck: the compiled reference could not be stored; it will be compiled again at the next start.', e);
      }
      lap('write');
      return { index, from: 'compiled', dropped, ms };
    }
  }
  const index = new ReferenceIndex(pack);
  lap('index');
  return { index, from: 'json', dropped, ms };
}

/**
 * The merged reference of the background, opened once per key and kept while the key stays (a change of the
 * sensitivity or any other setting opens nothing again; concurrent requests share one open).
 */
export class MergedReferences {
  private last: { key: string; opened: Promise<OpenedReference> } | undefined;
  constructor(
    private readonly store: CompiledStore | undefined,
    private readonly log: Log = console,
  ) {}

  open(key: string, source: MergedSource): Promise<OpenedReference> {
    if (this.last?.key === key) return this.last.opened;
    const opened = openMerged(this.store, key, source, this.log);
    const entry = { key, opened };
    this.last = entry;
    opened.catch(() => {
      if (this.last === entry) this.last = undefined;
    });
    return opened;
  }
}
