/**
 * What a background start costs with imported packs switched on: before (the JSON path: validate the stored packs,
 * the bundled pack as JSON, merge, ReferenceIndex, first analysis) and after (the merged reference compiled once and
 * read from IndexedDB: lib/ext/compiled-store.ts). Prints numbers; asserts nothing.
 *
 *   npx tsx scripts/worker-start.ts node [--runs 5]
 *     The library parts in Node, each start in a fresh process (a cold JavaScript engine, as a worker start is). The
 *     IndexedDB is fake-indexeddb (in memory), so its read is only indicative; storage.local's read is modelled by a
 *     JSON.parse of what a start reads (before: the packs with their sources; after: the list of descriptions).
 *
 *   npx tsx scripts/worker-start.ts chromium [--ext after=.output/chrome-mv3] [--ext before=DIR] [--runs 5]
 *     Real Chromium (Debian's, headless, a new profile per extension and pack size): import the pack through the
 *     background (as the options page does), then stop the service worker (DevTools protocol
 *     ServiceWorker.stopAllWorkers), wait until it has stopped, and time from an extension page the first `packInfo`
 *     reply (the worker starts, loads the reference) and the first `analyze` of an article after it. Build the
 *     extension first (`npx wxt build`); for `before`, a build whose background has no compiled store
 *     (lib/ext/compiled-store.ts) but the same bundled pack. The figures in the README's "before" column were measured
 *     on such a build (the compiled bundled pack, imported packs on the JSON path); it was never a commit of its own
 *     on main. Commit 9be04e8 predates both (its bundled pack is JSON as well, so its "before" pays for that too):
 *       git archive 9be04e8 | tar -x -C /tmp/cc-before && ln -s "$PWD/node_modules" /tmp/cc-before/ &&
 *       (cd /tmp/cc-before && npx wxt build)
 *     and pass --ext before=/tmp/cc-before/.output/chrome-mv3.
 *
 * The imported packs: the test fixture (1 claim), and the bundled pack's own 296 hand-written claims under another
 * pack id once and ten times over (2,960 claims, 7.3 MB: near the 8 MB import limit).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1]! : dflt;
};
const RUNS = Number(opt('runs', '5'));
const SENTENCE = 'Officials said 3 people were killed in Lysychansk on 3 July.';
const FESTIVAL = 'Organisers in Belgorod called off the festivities planned for Sunday, 3 July, a local media editor told The Insider.';
const ARTICLE = [
  'Residents of the Russian border city of Belgorod woke to a series of loud blasts in the early hours of Sunday, 3 July 2022.',
  'Regional officials gave changing accounts through the morning, and the causes of the explosions were still being discussed in the evening.',
  `${FESTIVAL} Locals described it as the most frightening night they had known in the city for months.`,
];

interface Sized {
  name: string;
  claims: number;
  text: string;
}

/** The imported packs measured (as files a reader would import). */
function packs(): Sized[] {
  const fixture = readFileSync(join(ROOT, 'test', 'fixtures', 'packs', 'belgorod-extra.json'), 'utf8');
  const bundled = JSON.parse(readFileSync(join(ROOT, 'data', 'build', 'pack.json'), 'utf8')) as { claims: { id: string; series?: string }[] };
  const own = bundled.claims.filter((c) => !c.series);
  const copies = (k: number) => {
    const claims = Array.from({ length: k }, (_, j) => own.map((c) => ({ ...c, id: `${c.id}-copy${j}` }))).flat();
    return JSON.stringify({ id: `measure-copies-${k}`, version: '1', title: `Measure: ${claims.length} claims`, licences: [], groups: [], origins: [], outlets: [], events: [], claims });
  };
  return [
    { name: 'fixture', claims: 1, text: fixture },
    { name: `${own.length} claims`, claims: own.length, text: copies(1) },
    { name: `${own.length * 10} claims`, claims: own.length * 10, text: copies(10) },
  ];
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[s.length >> 1]! : NaN;
};
const fmt = (x: number) => (Number.isFinite(x) ? x.toFixed(x < 10 ? 1 : 0) : '—');

// ---- Node

/** One start in this (fresh) process; prints its steps as JSON. */
async function child(mode: 'before' | 'after', dir: string): Promise<void> {
  const steps: Record<string, number> = {};
  let t = performance.now();
  const lap = (k: string) => {
    const now = performance.now();
    steps[k] = now - t;
    t = now;
  };
  const { analyzeBlocks } = await import('../lib/engine');
  const { CompiledIndex } = await import('../lib/pack/compiled/index');
  const imp = await import('../lib/pack/import');
  // What storage.local gives a start: before, the packs with their sources; after, the list of descriptions.
  const storedText = readFileSync(join(dir, mode === 'before' ? 'stored.json' : 'list.json'), 'utf8');
  const bundledBytes = new Uint8Array(readFileSync(join(ROOT, 'data', 'build', 'pack.ccpk')));
  let recordBytes: ArrayBuffer | undefined;
  let store: import('../lib/ext/compiled-store').CompiledStore | undefined;
  let cs: typeof import('../lib/ext/compiled-store') | undefined;
  if (mode === 'after') {
    // The record as a previous start stored it (not timed).
    const { IDBFactory } = await import('fake-indexeddb');
    cs = await import('../lib/ext/compiled-store');
    const factory = new IDBFactory();
    const b = new Uint8Array(readFileSync(join(dir, 'merged.ccpk')));
    recordBytes = b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
    await new cs.CompiledStore(factory).put({ key: readFileSync(join(dir, 'key.txt'), 'utf8'), bytes: recordBytes, dropped: [], savedAt: Date.now() });
    store = new cs.CompiledStore(factory);
  }
  t = performance.now();
  const raw = JSON.parse(storedText) as unknown;
  lap('storage read (JSON.parse)');
  const bundled = CompiledIndex.fromBytes(bundledBytes);
  lap('bundled fromBytes');
  let ref: import('../lib/pack/index-api').PackIndex;
  if (mode === 'before') {
    const { packs } = imp.readStoredPacks(raw);
    lap('validate packs (zod)');
    const json = JSON.parse(JSON.stringify(bundled.pack));
    lap('bundled as JSON');
    const merged = imp.mergePacks(json, packs);
    lap('merge');
    const { ReferenceIndex } = await import('../lib/pack/reference');
    t = performance.now();
    ref = new ReferenceIndex(merged);
    lap('ReferenceIndex');
  } else {
    const metas = imp.readStoredMetas(raw);
    const key = cs!.referenceKey(bundled, metas, 'measure');
    lap('descriptions + key');
    const opened = await cs!.openMerged(store, key, async () => {
      throw new Error('the stored record was not used');
    });
    if (opened.from !== 'stored') throw new Error(`expected the stored record, got ${opened.from}`);
    steps['IndexedDB read (fake-indexeddb)'] = opened.ms.read!;
    steps['fromBytes (verified)'] = opened.ms.open!;
    t = performance.now();
    ref = opened.index;
  }
  analyzeBlocks([SENTENCE], ref);
  lap('first analysis (warm-up sentence)');
  steps.total = Object.values(steps).reduce((a, b) => a + b, 0);
  console.log(JSON.stringify(steps));
}

async function node(): Promise<void> {
  const { compilePackBinary } = await import('../lib/pack/compiled/compile');
  const { CompiledIndex } = await import('../lib/pack/compiled/index');
  const cs = await import('../lib/ext/compiled-store');
  const imp = await import('../lib/pack/import');
  const bundled = CompiledIndex.fromBytes(new Uint8Array(readFileSync(join(ROOT, 'data', 'build', 'pack.ccpk'))));
  const bundledJson = bundled.toPack();
  console.log(`Node ${process.version}; each start in a fresh process; median of ${RUNS} (ms)\n`);
  for (const p of packs()) {
    const dir = mkdtempSync(join(tmpdir(), 'crosscheck-worker-start-'));
    try {
      let t = performance.now();
      const added = imp.parseImport(p.text, `${p.name}.json`, { bundled: bundledJson, imported: [] });
      const sha = await imp.packSha256(added.pack);
      const stored = [{ ...added, meta: { ...added.meta, sha256: sha } }];
      const importMs = performance.now() - t;
      writeFileSync(join(dir, 'stored.json'), JSON.stringify(stored));
      writeFileSync(join(dir, 'list.json'), JSON.stringify(stored.map((x) => x.meta)));
      const key = cs.referenceKey(bundled, [stored[0]!.meta], 'measure');
      t = performance.now();
      const bytes = compilePackBinary(imp.mergePacks(bundledJson, stored), { source: key });
      const compileMs = performance.now() - t;
      writeFileSync(join(dir, 'merged.ccpk'), bytes);
      writeFileSync(join(dir, 'key.txt'), key);
      console.log(`${p.name} (${p.claims} claims, ${(p.text.length / 1e6).toFixed(2)} MB source): import ${fmt(importMs)}, compile once ${fmt(compileMs)} → ${(bytes.length / 1e6).toFixed(2)} MB`);
      for (const mode of ['before', 'after'] as const) {
        const runs: Record<string, number>[] = [];
        for (let i = 0; i < RUNS; i++) {
          const r = spawnSync(process.execPath, ['--import', 'tsx', import.meta.filename, '--child', mode, dir], { cwd: ROOT, encoding: 'utf8' });
          if (r.status !== 0) throw new Error(`child failed: ${r.stderr}`);
          runs.push(JSON.parse(r.stdout.trim().split('\n').pop()!) as Record<string, number>);
        }
        const keys = Object.keys(runs[0]!);
        console.log(`  ${mode.padEnd(6)} ${keys.map((k) => `${k} ${fmt(median(runs.map((r) => r[k]!)))}`).join(' · ')}`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

// ---- Chromium

async function chromiumRun(): Promise<void> {
  const { chromium } = await import('playwright-core');
  const exts = args.flatMap((a, i) => (args[i - 1] === '--ext' ? [a] : [])).map((s) => {
    const [label, dir] = s.includes('=') ? s.split('=') : ['after', s];
    return { label: label!, dir: resolve(ROOT, dir!) };
  });
  if (!exts.length) exts.push({ label: 'after', dir: join(ROOT, '.output', 'chrome-mv3') });
  const browserPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  const sizes = [{ name: 'none', claims: 0, text: '' } as Sized, ...packs()];
  console.log(`Chromium ${browserPath}; headless; median of ${RUNS} worker starts (ms)\n`);
  for (const ext of exts) {
    for (const p of sizes) {
      const profile = mkdtempSync(join(tmpdir(), 'crosscheck-worker-start-chromium-'));
      const context = await chromium.launchPersistentContext(profile, {
        executablePath: browserPath,
        headless: false,
        args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', `--disable-extensions-except=${ext.dir}`, `--load-extension=${ext.dir}`],
      });
      try {
        const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 20_000 }));
        const id = new URL(worker.url()).host;
        const page = await context.newPage();
        await page.goto(`chrome-extension://${id}/options.html`);
        const send = (type: string, data?: unknown) =>
          page.evaluate(
            async ([type, data]) => {
              const t0 = performance.now();
              const reply = await (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).chrome.runtime.sendMessage({ crosscheck: 1, type, data });
              return { ms: performance.now() - t0, reply: reply as Record<string, unknown> };
            },
            [type, data] as const,
          );
        let importMs = NaN;
        if (p.text) {
          const r = await send('importPack', { text: p.text, fileName: `${p.name}.json` });
          if (!(r.reply as { ok?: boolean }).ok) throw new Error(`import failed: ${JSON.stringify(r.reply).slice(0, 300)}`);
          importMs = r.ms;
        }
        await send('analyze', { blocks: ARTICLE, lang: 'en' });
        const cdp = await context.newCDPSession(page);
        let status = '';
        cdp.on('ServiceWorker.workerVersionUpdated', (e: { versions: { runningStatus: string }[] }) => {
          for (const v of e.versions) status = v.runningStatus;
        });
        await cdp.send('ServiceWorker.enable');
        const rows: { info: number; analyze: number; from: string; worker: number }[] = [];
        for (let i = 0; i < RUNS; i++) {
          await new Promise((r) => setTimeout(r, 300));
          await cdp.send('ServiceWorker.stopAllWorkers');
          for (let k = 0; k < 100 && status !== 'stopped'; k++) await new Promise((r) => setTimeout(r, 50));
          if (status !== 'stopped') throw new Error(`the service worker did not stop (${status})`);
          const info = await send('packInfo');
          const an = await send('analyze', { blocks: ARTICLE, lang: 'en' });
          const ref = (info.reply as { reference?: { from: string; ms: number } }).reference;
          const results = (an.reply as { results: { match?: { id: string } | null }[] }).results;
          if (p.name === 'fixture' && !results.some((r) => r.match?.id === 'test-belgorod-extra:belgorod-festival-called-off')) throw new Error('the imported claim was not matched');
          rows.push({ info: info.ms, analyze: an.ms, from: ref?.from ?? (p.text ? 'json (before)' : 'bundled'), worker: ref?.ms ?? NaN });
        }
        const froms = [...new Set(rows.map((r) => r.from))].join('/');
        console.log(
          `${ext.label.padEnd(6)} ${(p.text ? `${p.name} (${p.claims} claims)` : 'no imported pack').padEnd(24)} first packInfo ${fmt(median(rows.map((r) => r.info)))} · then first analyze ${fmt(median(rows.map((r) => r.analyze)))} · reference ${froms}${rows.some((r) => Number.isFinite(r.worker)) ? ` (${fmt(median(rows.map((r) => r.worker)))} in the worker)` : ''}${p.text ? ` · import ${fmt(importMs)}` : ''}`,
        );
        await cdp.detach();
      } finally {
        await context.close();
        rmSync(profile, { recursive: true, force: true });
      }
    }
  }
}

if (args[0] === '--child') await child(args[1] as 'before' | 'after', args[2]!);
else if (args[0] === 'node') await node();
else if (args[0] === 'chromium') await chromiumRun();
else {
  console.error('usage: npx tsx scripts/worker-start.ts node|chromium [--runs N] [--ext label=dir …]');
  process.exit(2);
}
