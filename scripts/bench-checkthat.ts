/**
 * `npm run bench:checkthat`: verified-claim retrieval on CLEF CheckThat! 2020 Task 2 (English tweets → Snopes claims),
 * our ranking (lib/engine/10-retrieve.ts) side by side with plain BM25 (MiniSearch, default options) and fuse.js
 * (default options). Prints MAP@1, MAP@5 and MRR on dev and test, median ms per tweet, index build time and heap.
 *
 * - The 10k verified claims are imported as a pack through the options page's path (`parseImport`), from a document
 *   built in memory; what that path refuses or drops is reported.
 * - Tuning uses train (and dev to check); test is reported as it comes. `--tune` reprints the BM25 grid on train/dev,
 *   `--fit` refits the re-ranker on train and writes lib/engine/10-retrieve.rerank.json, `--check-fit` refits and
 *   fails if the file differs.
 * - Systems: `ours` = ClaimRetriever with BM25_DEFAULTS (no re-ranker: on dev it tied BM25, 0.838 vs 0.838 MAP@5);
 *   `ours+rerank` = the same with RERANK_MODEL, for reference; `ours-claimreview` = ours over the ClaimReview import
 *   (which keeps no title); `bm25` = MiniSearch over vclaim + title with the raw tweet; `fuse` = fuse.js, every 10th
 *   tweet only (a tweet takes it seconds; `--fuse-all` for all), in two child processes.
 * - `--json` prints one JSON object and nothing else; `--dev-only` leaves test out; `--no-fuse` leaves fuse.js out.
 * - The data (../shared/benchmarks/checkthat2020-task2, evaluation only) is read at run time; without it the script
 *   says so and exits 0. None of its text is copied into the repository.
 */
import { existsSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parse } from 'csv-parse/sync';
import Fuse from 'fuse.js';
import MiniSearch from 'minisearch';
import { BM25_DEFAULTS, ClaimRetriever, fitLogistic, queryTokens, RERANK_FEATURES, RERANK_MODEL, type Bm25Options, type RerankModel } from '../lib/engine/10-retrieve';
import type { Pack } from '../lib/pack/schema';

const ROOT = join(import.meta.dirname, '..');
const DATA = join(ROOT, '..', 'shared', 'benchmarks', 'checkthat2020-task2');
const args = process.argv.slice(2);
const JSON_OUT = args.includes('--json');
const log = (...xs: unknown[]) => {
  if (!JSON_OUT) console.log(...xs);
};

setFlagsFromString('--expose-gc');
const gc = ((globalThis as { gc?: () => void }).gc ?? runInNewContext('gc')) as () => void;
/** Heap in use plus typed-array memory (postings live in ArrayBuffers, outside the JS heap). */
const memory = () => {
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2) : NaN;
};
const mb = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`;
const f3 = (x: number) => x.toFixed(3);

// ---------------------------------------------------------------------------------------------------------------------
// Data

export interface VClaim {
  id: string;
  vclaim: string;
  title: string;
}
export interface Query {
  id: string;
  text: string;
  relevant: Set<string>;
}
export type Split = 'train' | 'dev' | 'test';

const readTsv = (file: string): string[][] =>
  parse(readFileSync(join(DATA, file), 'utf8'), { delimiter: '\t', relax_quotes: true, from_line: 2 }) as string[][];

export function loadClaims(): VClaim[] {
  return readTsv('verified_claims.docs.tsv').map(([id, vclaim, title]) => ({ id: id!, vclaim: vclaim!.trim(), title: title!.trim() }));
}

export function loadSplit(split: Split): Query[] {
  const rel = new Map<string, Set<string>>();
  for (const line of readFileSync(join(DATA, split, 'tweet-vclaim-pairs.qrels'), 'utf8').split('\n')) {
    const [q, , d, r] = line.trim().split(/\s+/);
    if (!q || !d || r === '0') continue;
    if (!rel.has(q)) rel.set(q, new Set());
    rel.get(q)!.add(d);
  }
  return readTsv(join(split, 'tweets.queries.tsv'))
    .map(([id, text]) => ({ id: id!, text: text!, relevant: rel.get(id!) ?? new Set<string>() }))
    .filter((q) => q.relevant.size > 0);
}

// ---------------------------------------------------------------------------------------------------------------------
// Metrics (trec_eval's AP with a cut-off: precision at each relevant hit in the top k, over all relevant claims)

export interface Metrics {
  map1: number;
  map5: number;
  mrr: number;
  queries: number;
}

export function averagePrecision(ranked: readonly string[], relevant: ReadonlySet<string>, k: number): number {
  let hits = 0;
  let sum = 0;
  for (let i = 0; i < Math.min(k, ranked.length); i++) {
    if (relevant.has(ranked[i]!)) sum += ++hits / (i + 1);
  }
  return relevant.size ? sum / relevant.size : 0;
}

export function reciprocalRank(ranked: readonly string[], relevant: ReadonlySet<string>): number {
  const i = ranked.findIndex((d) => relevant.has(d));
  return i < 0 ? 0 : 1 / (i + 1);
}

export function metrics(rankings: readonly (readonly string[])[], queries: readonly Query[]): Metrics {
  const n = queries.length;
  const mean = (f: (r: readonly string[], q: Query) => number) => queries.reduce((s, q, i) => s + f(rankings[i]!, q), 0) / n;
  return {
    map1: mean((r, q) => averagePrecision(r, q.relevant, 1)),
    map5: mean((r, q) => averagePrecision(r, q.relevant, 5)),
    mrr: mean((r, q) => reciprocalRank(r, q.relevant)),
    queries: n,
  };
}

// ---------------------------------------------------------------------------------------------------------------------
// The pack, through the options page's import path

/** No date is given in the data: every review and statement carries this placeholder. */
const PLACEHOLDER_DATE = '2020-01-01';
/**
 * A clearly synthetic address per verified claim: the data gives no review URL, and a made-up snopes.com address
 * would look like a real report. `.invalid` is reserved (RFC 2606) and never resolves.
 */
const syntheticUrl = (id: string) => `https://checkthat.invalid/vclaim/${id}`;

/**
 * The claim's text as imported: the vclaim itself, or — for the few shorter than the schema's 10 characters (virus
 * names such as "Netsky.") — the vclaim followed by its title, so the file passes the schema (`adjust`).
 */
const claimText = (c: VClaim, adjust: boolean) => (!adjust || c.vclaim.length >= 10 ? c.vclaim : `${c.vclaim} (${c.title})`);

/** schema.org ClaimReview JSON-LD: claimReviewed = vclaim, the Snopes title as headline and name, author Snopes. */
export function claimReviewDocument(claims: readonly VClaim[], adjust: boolean): string {
  return JSON.stringify({
    '@context': 'https://schema.org',
    '@graph': claims.map((c) => ({
      '@type': 'ClaimReview',
      url: syntheticUrl(c.id),
      claimReviewed: claimText(c, adjust),
      headline: c.title,
      name: c.title,
      datePublished: PLACEHOLDER_DATE,
      author: { '@type': 'Organization', name: 'Snopes' },
      itemReviewed: { '@type': 'Claim', author: { '@type': 'Organization', name: 'Unknown claimant' } },
      reviewRating: { '@type': 'Rating', alternateName: 'Unrated' },
    })),
  });
}

/** Our pack JSON: the Snopes title is the claim's one alias; one Snopes statement of context per claim. */
export function packDocument(claims: readonly VClaim[], adjust: boolean): string {
  const pack = {
    id: 'checkthat2020-task2',
    version: '3.0',
    title: 'CLEF CheckThat! 2020 Task 2 verified claims (Snopes), for evaluation only',
    licences: ['CLEF CheckThat! 2020 Task 2 data: free for general research use'],
    groups: [{ id: 'checkthat-snopes', name: 'Snopes', party: false, why: 'The fact-checker whose claims the CheckThat! data collects.' }],
    origins: [{ id: 'checkthat-snopes', name: 'Snopes', group: 'checkthat-snopes', kind: 'media' }],
    claims: claims.map((c) => ({
      id: `vclaim-${c.id}`,
      text: claimText(c, adjust),
      aliases: c.title.length >= 5 ? [c.title] : undefined,
      entities: [c.title.length >= 2 ? c.title : 'Snopes'],
      when: { from: PLACEHOLDER_DATE },
      statements: [
        {
          origin: 'checkthat-snopes',
          stance: 'context',
          date: PLACEHOLDER_DATE,
          summary: 'Snopes fact-checked this claim; the rating is not part of the data.',
          reports: [{ outlet: 'Snopes', url: syntheticUrl(c.id), date: PLACEHOLDER_DATE }],
        },
      ],
    })),
  };
  return JSON.stringify(pack);
}

interface ImportReport {
  format: 'claimreview' | 'pack';
  adjusted: boolean;
  bytes: number;
  accepted: boolean;
  problems?: string[];
  claims?: number;
  /** Claims that kept the Snopes title (as an alias). */
  withTitle?: number;
  /** Size of what the options page would store (`local:packs`), as JSON. */
  storedBytes?: number;
  ms: number;
}

async function tryImport(
  format: 'claimreview' | 'pack',
  claims: readonly VClaim[],
  adjust: boolean,
  bundled: Pack,
): Promise<{ report: ImportReport; pack?: Pack }> {
  const { parseImport, ImportError } = await import('../lib/pack/import');
  const text = format === 'claimreview' ? claimReviewDocument(claims, adjust) : packDocument(claims, adjust);
  const bytes = Buffer.byteLength(text);
  const t0 = performance.now();
  try {
    const stored = parseImport(text, `checkthat2020-task2.${format === 'claimreview' ? 'jsonld' : 'json'}`, { bundled, imported: [] });
    const ms = performance.now() - t0;
    const p = stored.pack;
    return {
      report: { format, adjusted: adjust, bytes, accepted: true, claims: p.claims.length, withTitle: p.claims.filter((c) => c.aliases?.length).length, storedBytes: Buffer.byteLength(JSON.stringify(stored)), ms },
      pack: p,
    };
  } catch (e) {
    const problems = e instanceof ImportError ? [...e.problems, ...(e.total > e.problems.length ? [`… ${e.total} problems in all`] : [])] : [String(e)];
    return { report: { format, adjusted: adjust, bytes, accepted: false, problems, ms: performance.now() - t0 } };
  }
}

/** The benchmark's fallback when the import path refuses the file: the converter and the schema, called directly. */
async function directPack(format: 'claimreview' | 'pack', claims: readonly VClaim[]): Promise<Pack> {
  const { claimReviewToPack } = await import('../lib/pack/claimreview');
  const { Pack: PackSchema } = await import('../lib/pack/schema');
  const raw = JSON.parse(format === 'claimreview' ? claimReviewDocument(claims, true) : packDocument(claims, true));
  return PackSchema.parse(format === 'claimreview' ? claimReviewToPack(raw, 'checkthat2020-task2.jsonld') : raw);
}

/** Verified-claim ids of each pack claim: `vclaim-<id>` for our format; by text for ClaimReview (it merges equal texts). */
function claimIds(pack: Pack, claims: readonly VClaim[]): string[][] {
  const byText = new Map<string, string[]>();
  for (const c of claims) {
    const key = claimText(c, true).replace(/\s+/g, ' ').toLowerCase();
    byText.set(key, [...(byText.get(key) ?? []), c.id]);
  }
  return pack.claims.map((c) => {
    const m = /^vclaim-(\d+)$/.exec(c.id);
    return m ? [m[1]!] : (byText.get(c.text.toLowerCase()) ?? []);
  });
}

// ---------------------------------------------------------------------------------------------------------------------
// Systems

interface System {
  name: string;
  /** Index build: wall time and memory held by the index. */
  buildMs: number;
  heap: number;
  /** Ranked verified-claim ids for a tweet. */
  rank(text: string): string[];
}

const DEPTH = 100;

/**
 * An index build's wall time, and the memory it holds: measured on a second build, as the heap (plus typed-array
 * memory) with that index alive minus the same once it is dropped, so caches filled on the way are not counted.
 */
function timedBuild<T>(make: () => T, measureHeap = true): { value: T; ms: number; heap: number } {
  memory(); // start from a collected heap
  const t0 = performance.now();
  const value = make();
  const ms = performance.now() - t0;
  let heap = NaN;
  if (measureHeap) {
    const holder: (T | undefined)[] = [make()];
    const alive = memory();
    holder[0] = undefined;
    heap = alive - memory();
  }
  return { value, ms, heap };
}

function ours(pack: Pack, ids: string[][], name = 'ours', opts?: Partial<Bm25Options>): System & { retriever: ClaimRetriever } {
  const b = timedBuild(() => ClaimRetriever.build(pack, opts));
  return {
    name,
    buildMs: b.ms,
    heap: b.heap,
    retriever: b.value,
    rank: (text) => b.value.search(queryTokens(text), DEPTH).flatMap((h) => ids[h.claim]!),
  };
}

function minisearch(claims: readonly VClaim[]): System {
  const b = timedBuild(() => {
    const ms = new MiniSearch<VClaim>({ fields: ['vclaim', 'title'], idField: 'id' });
    ms.addAll(claims as VClaim[]);
    return ms;
  });
  return { name: 'bm25', buildMs: b.ms, heap: b.heap, rank: (text) => b.value.search(text).slice(0, DEPTH).map((r) => String(r.id)) };
}

/** fuse.js, default options over vclaim + title, top 5 (a pattern longer than 32 letters is searched in pieces: slow). */
const FUSE_OPTIONS = { keys: ['vclaim', 'title'] };
function fuse(claims: readonly VClaim[]): System {
  const b = timedBuild(() => new Fuse(claims as VClaim[], FUSE_OPTIONS));
  return { name: 'fuse', buildMs: b.ms, heap: b.heap, rank: (text) => b.value.search(text, { limit: 5 }).map((r) => r.item.id) };
}

/**
 * fuse.js ranks a tweet in seconds: its tweets are shared between two child processes (one per core), each this
 * script with `--fuse-worker`, reading tweets from stdin and writing rankings to stdout as JSON.
 */
async function fuseRankings(texts: string[]): Promise<{ ranked: string[][]; ms: number[] }> {
  const shards = [0, 1].map((w) => texts.map((t, i) => ({ t, i })).filter((x) => x.i % 2 === w));
  const out = { ranked: new Array<string[]>(texts.length), ms: new Array<number>(texts.length) };
  await Promise.all(
    shards.map(
      (shard) =>
        new Promise<void>((resolve, reject) => {
          const child = spawn(process.execPath, [...process.execArgv, import.meta.filename, '--fuse-worker'], { stdio: ['pipe', 'pipe', 'inherit'] });
          let buf = '';
          child.stdout.on('data', (d: Buffer) => (buf += d.toString()));
          child.on('error', reject);
          child.on('close', (code) => {
            if (code !== 0) return reject(new Error(`fuse worker exited with ${code}`));
            const res = JSON.parse(buf) as { ranked: string[][]; ms: number[] };
            shard.forEach((x, j) => {
              out.ranked[x.i] = res.ranked[j]!;
              out.ms[x.i] = res.ms[j]!;
            });
            resolve();
          });
          child.stdin.end(JSON.stringify(shard.map((x) => x.t)));
        }),
    ),
  );
  return out;
}

async function fuseWorker() {
  let input = '';
  for await (const chunk of process.stdin) input += chunk;
  const texts = JSON.parse(input) as string[];
  const f = new Fuse(loadClaims(), FUSE_OPTIONS);
  const ranked: string[][] = [];
  const ms: number[] = [];
  for (const t of texts) {
    const t0 = performance.now();
    ranked.push(f.search(t, { limit: 5 }).map((r) => r.item.id));
    ms.push(performance.now() - t0);
  }
  process.stdout.write(JSON.stringify({ ranked, ms }));
}

interface Run {
  metrics: Metrics;
  ms: number[];
}

function run(sys: System, queries: readonly Query[]): Run {
  const ms: number[] = [];
  const rankings = queries.map((q) => {
    const t0 = performance.now();
    const r = sys.rank(q.text);
    ms.push(performance.now() - t0);
    return r;
  });
  return { metrics: metrics(rankings, queries), ms };
}

// ---------------------------------------------------------------------------------------------------------------------

async function main() {
  if (!existsSync(join(DATA, 'verified_claims.docs.tsv'))) {
    const msg = `bench:checkthat skipped: ${DATA} is absent (the CheckThat! 2020 Task 2 data is read at run time, never bundled).`;
    console.log(JSON_OUT ? JSON.stringify({ skipped: msg }) : msg);
    return;
  }
  if (!existsSync(join(ROOT, 'data', 'build', 'pack.json'))) {
    console.error('bench:checkthat: data/build/pack.json is missing; run `npm run data:build` first.');
    process.exit(1);
  }
  const { bundledReference } = await import('../lib/pack/bundled');
  const bundled = bundledReference().pack;
  const claims = loadClaims();
  const splits = { train: loadSplit('train'), dev: loadSplit('dev'), test: loadSplit('test') };
  log(`CheckThat! 2020 Task 2: ${claims.length} verified claims; tweets with a relevant claim: train ${splits.train.length}, dev ${splits.dev.length}, test ${splits.test.length}.\n`);

  // 1. Import.
  const imports: ImportReport[] = [];
  let pack: Pack | undefined;
  let crPack: Pack | undefined;
  for (const format of ['claimreview', 'pack'] as const) {
    const strict = await tryImport(format, claims, false, bundled);
    imports.push(strict.report);
    const got = strict.pack ? strict : await tryImport(format, claims, true, bundled);
    if (got !== strict) imports.push(got.report);
    if (format === 'pack') pack = got.pack;
    else crPack = got.pack;
  }
  let fallback: string | undefined;
  if (!pack) {
    fallback = 'the pack JSON was refused by parseImport: for the benchmark only, it was validated with the Pack schema directly';
    pack = await directPack('pack', claims);
  }
  log('Import through parseImport (the options page path):');
  for (const r of imports) {
    log(
      `  ${r.format.padEnd(11)} ${r.adjusted ? 'short texts padded' : 'as given          '} ${mb(r.bytes).padStart(7)}  ${r.ms.toFixed(0).padStart(5)} ms  ` +
        (r.accepted ? `accepted: ${r.claims} claims, ${r.withTitle} keep the title; stored ${mb(r.storedBytes!)}` : `refused: ${r.problems!.join(' | ')}`),
    );
  }
  if (fallback) log(`  FALLBACK: ${fallback}`);
  log('');

  const ids = claimIds(pack, claims);
  if (args.includes('--tune')) return tune(pack, ids, splits);

  // 2. Rank.
  if (args.includes('--fit') || args.includes('--check-fit')) {
    const fitted = fitRerank(pack, ids, splits.train);
    const file = join(ROOT, 'lib', 'engine', '10-retrieve.rerank.json');
    if (args.includes('--fit')) {
      writeFileSync(file, JSON.stringify(fitted, null, 2) + '\n');
      log(`wrote ${file}`);
    } else {
      const diff = compareModels(fitted, JSON.parse(readFileSync(file, 'utf8')) as RerankModel);
      console.log(diff ? `10-retrieve.rerank.json differs from a refit: ${diff}` : '10-retrieve.rerank.json matches a refit on train');
      if (diff) process.exitCode = 1;
    }
    return;
  }
  // tokens() of every wording, memoised per lower-cased chunk as the build does, before anything else tokenises.
  const { tokens } = await import('../lib/engine/06-normalise');
  const tok0 = performance.now();
  const memo = new Map<string, string[]>();
  for (const c of pack.claims)
    for (const w of [c.text, ...(c.aliases ?? []), ...c.statements.map((x) => x.summary)])
      for (const chunk of w.toLowerCase().split(/\s+/)) if (chunk && !memo.has(chunk)) memo.set(chunk, tokens(chunk));
  const tokenizeMs = performance.now() - tok0;
  const evalSplits = args.includes('--dev-only') ? (['dev'] as const) : (['dev', 'test'] as const);
  const systems: System[] = [ours(pack, ids), minisearch(claims)];
  if (RERANK_MODEL.depth > 0) systems.push(ours(pack, ids, 'ours+rerank', { rerank: RERANK_MODEL }));
  if (crPack) systems.push(ours(crPack, claimIds(crPack, claims), 'ours-claimreview'));
  type Row = { dev: Metrics; test?: Metrics; msPerQuery: number; buildMs: number; heapBytes: number; note?: string };
  const results: Record<string, Row> = {};
  const runs: Record<string, Record<string, Run>> = {};
  for (const sys of systems) {
    runs[sys.name] = {};
    for (const sp of evalSplits) runs[sys.name]![sp] = run(sys, splits[sp]);
    const r = runs[sys.name]!;
    results[sys.name] = { dev: r.dev!.metrics, test: r.test?.metrics, msPerQuery: median(Object.values(r).flatMap((x) => x.ms)), buildMs: sys.buildMs, heapBytes: sys.heap };
  }
  // Cold and warm build of ours, and at scale (the real pack plus synthetic filler, scripts/bench-synth.ts).
  const oursSys = systems[0] as ReturnType<typeof ours>;
  const warm = median([0, 1, 2].map(() => timedBuild(() => ClaimRetriever.build(pack!), false).ms));
  const { scaledPack } = await import('./bench-synth');
  const scale = [10_000, 100_000].map((statements) => {
    const p = scaledPack(bundled, statements);
    const b = timedBuild(() => ClaimRetriever.build(p));
    return { statements, claims: p.claims.length, buildMs: b.ms, heapBytes: b.heap, typedBytes: b.value.typedArrayBytes };
  });

  // fuse.js: every FUSE_EVERY-th tweet of each split (all with --fuse-all), in two child processes.
  let fuseNote: string | undefined;
  if (!args.includes('--no-fuse')) {
    const every = args.includes('--fuse-all') ? 1 : FUSE_EVERY;
    const sys = fuse(claims);
    const row: Partial<Row> = { buildMs: sys.buildMs, heapBytes: sys.heap };
    const ms: number[] = [];
    const same: Record<string, Record<string, Metrics>> = { ours: {}, bm25: {} };
    for (const sp of evalSplits) {
      const idx = splits[sp].map((_, i) => i).filter((i) => i % every === 0);
      const qs = idx.map((i) => splits[sp][i]!);
      const got = await fuseRankings(qs.map((q) => q.text));
      ms.push(...got.ms);
      row[sp] = metrics(got.ranked, qs);
      for (const name of ['ours', 'bm25']) {
        const all = systems.find((x) => x.name === name)!;
        same[name]![sp] = metrics(qs.map((q) => all.rank(q.text)), qs);
      }
    }
    row.msPerQuery = median(ms);
    fuseNote = every > 1 ? `fuse.js ranked every ${every}th tweet only (${ms.length} tweets; ~${(median(ms) / 1000).toFixed(0)} s each); --fuse-all ranks them all` : undefined;
    row.note = fuseNote;
    results.fuse = row as Row;
    (results.fuse as Row & { sameSample: unknown }).sameSample = same;
  }

  if (JSON_OUT) {
    console.log(
      JSON.stringify({
        ...results,
        claims: claims.length,
        imports,
        fallback: fallback ?? null,
        build: { coldMs: oursSys.buildMs, warmMs: warm, tokenizeColdMs: tokenizeMs, scale },
        options: { ...BM25_DEFAULTS, rerank: BM25_DEFAULTS.rerank ? 'RERANK_MODEL' : null },
      }),
    );
    return;
  }
  const cell = (m: Metrics | undefined, k: keyof Metrics) => (m ? f3(m[k]) : '–');
  log('| system | dev MAP@1 | dev MAP@5 | dev MRR | test MAP@1 | test MAP@5 | test MRR | ms/tweet (median) | build | heap |');
  log('|---|---|---|---|---|---|---|---|---|---|');
  for (const [name, r] of Object.entries(results))
    log(
      `| ${name}${r.note ? ' *' : ''} | ${cell(r.dev, 'map1')} | ${cell(r.dev, 'map5')} | ${cell(r.dev, 'mrr')} | ${cell(r.test, 'map1')} | ${cell(r.test, 'map5')} | ${cell(r.test, 'mrr')} | ${r.msPerQuery.toFixed(2)} | ${r.buildMs.toFixed(0)} ms | ${mb(r.heapBytes)} |`,
    );
  log(`\nQueries: dev ${results.ours!.dev.queries}, test ${results.ours!.test?.queries ?? '–'} (tweets with a relevant claim). MRR over each ranking (top ${DEPTH}; fuse.js's top 5).`);
  if (fuseNote) {
    const same = (results.fuse as Row & { sameSample: Record<string, Record<string, Metrics>> }).sameSample;
    log(`* ${fuseNote}. On the same tweets: ` + Object.entries(same).map(([n, m]) => `${n} MAP@5 ${Object.entries(m).map(([sp, x]) => `${sp} ${f3(x.map5)} (${x.queries})`).join(', ')}`).join('; ') + '.');
  }
  log(`\nours: ${describe(BM25_DEFAULTS)}; query tokens by queryTokens().`);
  log(`Build of ours on this pack (${pack.claims.length} claims, ${oursSys.retriever.wordingCount} wordings): ${oursSys.buildMs.toFixed(0)} ms first, ${warm.toFixed(0)} ms again (median of 3); tokens() alone of its ${memo.size} distinct chunks, first in the process: ${tokenizeMs.toFixed(0)} ms; typed arrays ${mb(oursSys.retriever.typedArrayBytes)}.`);
  for (const x of scale)
    log(`  bundled pack + synthetic filler, ${x.statements} statements (${x.claims} claims): build ${x.buildMs.toFixed(0)} ms, heap ${mb(x.heapBytes)}, typed arrays ${mb(x.typedBytes)}`);
}

const FUSE_EVERY = 10;

const describe = (o: Bm25Options) =>
  `k1 ${o.k1}, b ${o.b}, k3 ${o.k3}, field weights text ${o.weights.text} / alias ${o.weights.alias} / summary ${o.weights.summary}, tie ${o.tie}, re-ranker ${o.rerank ? 'on' : 'off'}`;

/** Re-ranker fit (`--fit`): pointwise logistic regression over the top RERANK_DEPTH BM25 candidates of each TRAIN tweet. */
export const RERANK_DEPTH = 30;
export const RERANK_L2 = 10;
export function fitRerank(pack: Pack, ids: string[][], train: readonly Query[]): RerankModel & { fit: unknown } {
  const r = ClaimRetriever.build(pack, { rerank: null });
  const x: number[][] = [];
  const y: number[] = [];
  for (const q of train) {
    const qt = queryTokens(q.text);
    const cands = r.bm25(qt, RERANK_DEPTH);
    const f = r.features(qt, cands);
    cands.forEach((c, i) => {
      x.push(f[i]!);
      y.push(ids[c.claim]!.some((id) => q.relevant.has(id)) ? 1 : 0);
    });
  }
  const m = fitLogistic(x, y, { l2: RERANK_L2, depth: RERANK_DEPTH, features: RERANK_FEATURES });
  const round = (v: number) => Number(v.toPrecision(10));
  return {
    ...m,
    mean: m.mean.map(round),
    scale: m.scale.map(round),
    weights: m.weights.map(round),
    bias: round(m.bias),
    fit: {
      data: 'CLEF CheckThat! 2020 Task 2, train split only',
      by: 'npm run bench:checkthat -- --fit',
      tweets: train.length,
      rows: x.length,
      positives: y.filter(Boolean).length,
      l2: RERANK_L2,
      bm25: describe({ ...BM25_DEFAULTS, rerank: null }),
    },
  };
}

/** '' when two models agree to 1e-6 (relative), else what differs. */
export function compareModels(a: RerankModel, b: RerankModel): string {
  if (a.depth !== b.depth || a.features.join() !== b.features.join()) return 'features or depth';
  const close = (u: number, v: number) => Math.abs(u - v) <= 1e-6 * Math.max(1, Math.abs(u), Math.abs(v));
  for (const k of ['mean', 'scale', 'weights'] as const)
    for (let i = 0; i < a[k].length; i++) if (!close(a[k][i]!, b[k][i]!)) return `${k}[${i}] (${a.features[i]}): ${a[k][i]} vs ${b[k][i]}`;
  return close(a.bias, b.bias) ? '' : `bias: ${a.bias} vs ${b.bias}`;
}

/**
 * `--tune`: the BM25 grid (k1, b, alias weight, tie) over train and dev, without re-ranking. The surface is flat (most
 * cells within a few tweets of each other), so the defaults are the cell with the best MAP@5 over train and dev
 * together (997 tweets), not the best on either alone; test is not looked at.
 */
function tune(pack: Pack, ids: string[][], splits: Record<Split, Query[]>) {
  const base = ClaimRetriever.build(pack, { rerank: null });
  const evalOn = (r: ClaimRetriever, qs: Query[]) =>
    metrics(
      qs.map((q) => r.search(queryTokens(q.text), 5).flatMap((h) => ids[h.claim]!)),
      qs,
    );
  const nt = splits.train.length;
  const nd = splits.dev.length;
  const rows: { k1: number; b: number; alias: number; tie: number; train: Metrics; dev: Metrics; both: number }[] = [];
  for (const k1 of [0.6, 0.9, 1.2, 1.5, 2.0])
    for (const b of [0.3, 0.5, 0.75, 0.9])
      for (const alias of [0.6, 0.8, 1, 1.25])
        for (const tie of [0, 0.3, 0.6, 1]) {
          const r = base.withOptions({ k1, b, tie, weights: { ...BM25_DEFAULTS.weights, alias } });
          const train = evalOn(r, splits.train);
          const dev = evalOn(r, splits.dev);
          rows.push({ k1, b, alias, tie, train, dev, both: (train.map5 * nt + dev.map5 * nd) / (nt + nd) });
        }
  rows.sort((x, y) => y.both - x.both);
  const d = BM25_DEFAULTS;
  const mark = (r: (typeof rows)[number]) => (r.k1 === d.k1 && r.b === d.b && r.alias === d.weights.alias && r.tie === d.tie ? '  ← defaults' : '');
  log(`BM25 grid, ${rows.length} cells, by MAP@5 over train + dev (${nt + nd} tweets); the best 15 and the defaults:`);
  rows.forEach((r, i) => {
    if (i < 15 || mark(r))
      log(`  ${String(i + 1).padStart(3)}. k1 ${r.k1} b ${r.b} alias ${r.alias} tie ${r.tie}: train+dev ${f3(r.both)}  train ${f3(r.train.map5)}  dev ${f3(r.dev.map5)} (dev MAP@1 ${f3(r.dev.map1)})${mark(r)}`);
  });
  const worst = rows.at(-1)!;
  log(`  worst cell: train+dev ${f3(worst.both)}`);
}

if (process.argv[1] && realpathSync(process.argv[1]) === import.meta.filename) await (args.includes('--fuse-worker') ? fuseWorker() : main());
