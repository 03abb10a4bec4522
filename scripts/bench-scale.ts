/**
 * `npm run bench:scale` (also the second half of `npm run bench`, after scripts/bench.ts): the compiled pack
 * (lib/pack/compiled) at scale, the JSON path it replaced, and two peers; markdown tables on stdout, nothing asserted.
 * `--json`: one JSON object on stdout (`{ sizes: [...], peer: {...} }`), progress on stderr.
 *
 * - Sizes: the real pack plus the deterministic synthetic filler of scripts/bench-synth.ts up to 1k, 10k, 100k and
 *   1,000,000 statements (1k is below the real pack's own size: that row is the real pack alone). Each pack is
 *   generated and compiled once per run in a child process (compile time reported apart, never as load); the 1M pack
 *   takes minutes and ~8 GB to compile, so its files are kept in a cache under the OS temp directory, keyed by a hash
 *   of everything they derive from, and its compile time is the one measured when the cache was made (printed so).
 * - Every measurement is a fresh process (`--expose-gc`), repeated; medians are reported. In each: the file's bytes
 *   (or the JSON texts) are read first, untimed; load = `CompiledIndex.fromBytes` over those bytes (JSON path:
 *   JSON.parse of the pack and its name index + `new ReferenceIndex`); heap = `heapUsed` after a forced GC, minus the
 *   same before loading (the bytes or texts are held in both, so they are not in the figure; the compiled file's size
 *   is shown apart: it sits in an ArrayBuffer outside the JS heap). Cold = the 2,000-word article as the first thing
 *   matched after load, in that process: it pays for every lazy structure the match needs (string tables, BM25 core,
 *   name search) and for the matcher's JIT compilation; "cold, engine warm" is the same on a second index loaded in
 *   the same process (code compiled, module-level caches filled). Warm = median of further passes. At 1M a pass takes
 *   seconds: the article is matched in one run there, and the JSON path is loaded only.
 * - Agreement: on every labelled item (our dev set, test/eval/devset*.yaml; the real-text labels of test/eval/real/
 *   when ../shared/benchmarks is present), the compiled and the JSON path must give the same match id and status for
 *   every detected sentence, on the real pack (every item) and at 100k (a sample).
 * - Peers, on the same pack and articles: MiniSearch 7 (BM25 over fields text, aliases, summaries; English stop words,
 *   as its docs suggest — without them every OR query walks the postings of "the", "of", "in" over all claims; top hit
 *   per detected sentence; the score threshold chosen on dev items only, for best F1) and plain fuse.js
 *   (scripts/bench-eval.ts `baselineFuse`). fuse.js takes about a second per sentence on the real pack, so it is run
 *   on our example article and a small sample of labelled items only, and not matched at 100k.
 *
 * Options: `--json`; `--sizes=1000,10000` (default all four; env BENCH_SCALE_SIZES); `--fresh` (recompile the cached
 * 1M pack); `--runs=N` (compiled-path runs per size, default 3); env BENCH_FUSE_ITEMS (labelled items fuse.js is
 * scored on, default 12), BENCH_SAMPLE_EVERY (MiniSearch and the agreement at 100k: every k-th item, default 8).
 * Third-party texts (../shared) are read at run time and skipped with a message when absent.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, freemem, tmpdir, totalmem } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { runInNewContext } from 'node:vm';
import MiniSearch, { type Options as MiniSearchOptions } from 'minisearch';
import { detectInArticle, judge } from '../lib/engine';
import type { Candidate } from '../lib/engine/04-detect';
import type { MatchContext } from '../lib/engine/11-match';
import { buildIndex } from '../lib/pack/compile';
import { compilePackBinary } from '../lib/pack/compiled/compile';
import { CompiledIndex } from '../lib/pack/compiled/index';
import type { PackIndex } from '../lib/pack/index-api';
import { ReferenceIndex, type FuseIndexJson } from '../lib/pack/reference';
import type { Pack } from '../lib/pack/schema';
import { baselineFuse, type Score } from './bench-eval';
import { packStyleSentences, prng, scaledPack } from './bench-synth';
import { BUILD, ROOT } from './data-lib';

const SELF = import.meta.filename;
export const SCALE_SIZES = [1_000, 10_000, 100_000, 1_000_000];
const PEER_SIZE = 100_000;
const BIG = 1_000_000;
const MiB = 1048576;

// ---------------------------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------------------------
const median = (xs: number[]) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2) : NaN;
};
const fmt = (x: number | null | undefined) => (x == null || Number.isNaN(x) ? '–' : x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const fmtMB = (x: number | null | undefined) => (x == null || Number.isNaN(x) ? '–' : `${x.toFixed(1)} MB`);
const pct = (x: number) => (Number.isNaN(x) ? '–' : `${(100 * x).toFixed(1)} %`);
const n0 = (x: number) => x.toLocaleString('en-US');
const round = (x: number, d = 2) => (Number.isFinite(x) ? Math.round(x * 10 ** d) / 10 ** d : null);
function table(head: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.map(String).join(' | ')} |`;
  const right = head.map((_, i) => i > 0 && rows.every((r) => /^[\d.,–×%\s<>≤~a-zA-Z()/]*\d|^–$/.test(String(r[i] ?? ''))));
  return [line(head), `|${head.map((_, i) => (right[i] ? '---:' : '---')).join('|')}|`, ...rows.map(line)].join('\n');
}
function time<T>(f: () => T): [T, number] {
  const a = performance.now();
  const r = f();
  return [r, performance.now() - a];
}
const gcFn = () => ((globalThis as { gc?: () => void }).gc ?? (runInNewContext('gc') as () => void));
function heapUsed(): number {
  const gc = gcFn();
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

// ---------------------------------------------------------------------------------------------------------------
// Articles (made in the parent, matched in the children)
// ---------------------------------------------------------------------------------------------------------------
export interface ArticleSpec {
  name: string;
  blocks: string[];
  published?: string;
}
export const LONG = 'long';

/** A 2,000-word article: the seed's paragraphs (or our example's) and sentences in the pack's own style, interleaved. */
export function longArticle(realPack: Pack, sourceBlocks: readonly string[]): string[] {
  const rnd = prng(7);
  const style = packStyleSentences(realPack);
  const paras = [...sourceBlocks];
  const blocks: string[] = [];
  let words = 0;
  const count = (s: string) => s.split(/\s+/).filter(Boolean).length;
  while (words < 2000) {
    const block = blocks.length % 2 && paras.length ? paras.shift()! : Array.from({ length: 4 }, () => style[Math.floor(rnd() * style.length)]!).join(' ');
    blocks.push(block);
    words += count(block);
  }
  return blocks;
}

async function makeArticles(realPack: Pack, notes: string[]): Promise<ArticleSpec[]> {
  const { JSDOM, VirtualConsole } = await import('jsdom');
  const { extractArticle } = await import('../lib/engine/01-extract');
  const { seedPage, SEED_FILE } = await import('../test/e2e/pages');
  const blocksOf = (html: string) => {
    const ex = extractArticle(new JSDOM(html, { virtualConsole: new VirtualConsole() }).window.document);
    if (!ex.ok) throw new Error(`article extraction failed: ${ex.reason}`);
    return ex.article.blocks;
  };
  const out: ArticleSpec[] = [{ name: 'example', blocks: blocksOf(readFileSync(join(ROOT, 'examples', 'article-2022-07-04.html'), 'utf8')), published: '2022-07-04' }];
  if (existsSync(SEED_FILE)) out.push({ name: 'seed', blocks: blocksOf(seedPage()) });
  else notes.push(`../shared/seed is absent (${SEED_FILE}): the seed article is skipped; the 2,000-word article uses our example's paragraphs.`);
  const src = out.find((a) => a.name === 'seed') ?? out[0]!;
  // The long article first: it is what is matched first after a load (the cold figure).
  return [{ name: LONG, blocks: longArticle(realPack, src.blocks) }, ...out];
}
const wordsOf = (a: ArticleSpec) => a.blocks.join(' ').split(/\s+/).filter(Boolean).length;

// ---------------------------------------------------------------------------------------------------------------
// The engines, as the children load and run them
// ---------------------------------------------------------------------------------------------------------------
type EngineName = 'compiled' | 'json' | 'minisearch' | 'fuse';
type Sentence = { candidate: Candidate; ctx: MatchContext };
/** One sentence's answer: [claim id | null, status (ours) or score (MiniSearch top hit) or null]. */
type Answer = [string | null, string | number | null];

const STOP_WORDS = new Set(
  ('a an and are as at be been being but by can could did do does for from had has have he her hers him his i if in into is it its ' +
    'me my no nor not of on or our ours she so some such than that the their theirs them then there these they this those to too ' +
    'up us was we were what when where which while who whom why will with would you your').split(' '),
);
/** What a developer would pick: the claim's text, aliases and statement summaries as fields; stop words dropped. */
export const MINISEARCH_OPTIONS: MiniSearchOptions = {
  fields: ['text', 'aliases', 'summaries'],
  processTerm: (term) => {
    const t = term.toLowerCase();
    return STOP_WORDS.has(t) ? null : t;
  },
};
export function miniSearchDocs(pack: Pack) {
  return pack.claims.map((c) => ({ id: c.id, text: c.text, aliases: (c.aliases ?? []).join(' '), summaries: c.statements.map((s) => s.summary).join(' ') }));
}

interface Loaded {
  answer(s: Sentence): Answer;
}
interface EngineImpl {
  /** Untimed: the bytes or texts the load starts from. */
  read(dir: string): unknown;
  load(input: unknown): Loaded;
}
const oursOver = (ref: PackIndex): Loaded => ({
  answer: (s) => {
    const r = judge(s.candidate, ref, {}, s.ctx);
    return [r.match?.id ?? null, r.status];
  },
});
const ENGINES: Record<EngineName, EngineImpl> = {
  compiled: {
    read: (dir) => {
      const b = readFileSync(join(dir, 'pack.ccpk'));
      return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
    },
    load: (bytes) => oursOver(CompiledIndex.fromBytes(bytes as Uint8Array)),
  },
  json: {
    read: (dir) => [readFileSync(join(dir, 'pack.json'), 'utf8'), readFileSync(join(dir, 'fuse-index.json'), 'utf8')],
    load: (texts) => {
      const [p, i] = texts as [string, string];
      return oursOver(new ReferenceIndex(JSON.parse(p) as Pack, JSON.parse(i) as FuseIndexJson));
    },
  },
  minisearch: {
    read: (dir) => readFileSync(join(dir, 'minisearch.json'), 'utf8'),
    load: (text) => {
      const ms = MiniSearch.loadJSON(text as string, MINISEARCH_OPTIONS);
      return {
        answer: (s) => {
          const top = ms.search(s.candidate.text)[0];
          return top ? [String(top.id), top.score] : [null, null];
        },
      };
    },
  },
  fuse: {
    read: (dir) => readFileSync(join(dir, 'pack.json'), 'utf8'),
    load: (text) => {
      const fuse = baselineFuse(JSON.parse(text as string) as Pack);
      return { answer: (s) => [fuse.search(s.candidate.text, { limit: 1 })[0]?.item.id ?? null, null] };
    },
  },
};

// ---------------------------------------------------------------------------------------------------------------
// Children: build one size; measure one engine on one size
// ---------------------------------------------------------------------------------------------------------------
interface BuildSpec {
  kind: 'build';
  statements: number;
  dir: string;
  minisearch: boolean;
}
interface BuildOut {
  targetStatements: number;
  statements: number;
  claims: number;
  genMs: number;
  compileMs: number;
  fileBytes: number;
  hotBytes: number;
  packJsonBytes: number | null;
  jsonError?: string;
  miniSearchBuildMs?: number;
  miniSearchBytes?: number;
  madeAt: string;
}
function childBuild(spec: BuildSpec): BuildOut {
  const real = JSON.parse(readFileSync(join(BUILD, 'pack.json'), 'utf8')) as Pack;
  const [pack, genMs] = time(() => scaledPack(real, spec.statements));
  let hotBytes = 0;
  const [bytes, compileMs] = time(() => compilePackBinary(pack, { source: pack.version, stats: (s) => (hotBytes = s.hotBytes) }));
  mkdirSync(spec.dir, { recursive: true });
  writeFileSync(join(spec.dir, 'pack.ccpk'), bytes);
  const out: BuildOut = {
    targetStatements: spec.statements,
    statements: pack.claims.reduce((n, c) => n + c.statements.length, 0),
    claims: pack.claims.length,
    genMs,
    compileMs,
    fileBytes: bytes.length,
    hotBytes,
    packJsonBytes: null,
    madeAt: new Date().toISOString(),
  };
  try {
    const text = JSON.stringify(pack);
    writeFileSync(join(spec.dir, 'pack.json'), text);
    out.packJsonBytes = Buffer.byteLength(text);
    writeFileSync(join(spec.dir, 'fuse-index.json'), JSON.stringify(buildIndex(pack)));
  } catch (e) {
    out.jsonError = (e as Error).message;
  }
  if (spec.minisearch) {
    const [ms, buildMs] = time(() => {
      const m = new MiniSearch(MINISEARCH_OPTIONS);
      m.addAll(miniSearchDocs(pack));
      return m;
    });
    const text = JSON.stringify(ms);
    writeFileSync(join(spec.dir, 'minisearch.json'), text);
    out.miniSearchBuildMs = buildMs;
    out.miniSearchBytes = Buffer.byteLength(text);
  }
  return out;
}

interface MeasureSpec {
  kind: 'measure';
  engine: EngineName;
  dir: string;
  articles: string;
  /** Articles to match (by name; the long one, when listed, first). */
  match: string[];
  warm: number;
  /** Load a second index in the same process and match the long article on it (engine code warm). */
  second: boolean;
  /** Answer the labelled items: every k-th target (1: all, and every sentence of every case). */
  labelled?: { every: number; max?: number };
}
interface ArticleTiming {
  name: string;
  sentences: number;
  coldMs: number;
  warmMs: number | null;
}
interface LabelledCase {
  source: string;
  split: string;
  /** Answers per detected sentence (null: not evaluated). */
  s: (Answer | null)[];
  t: { id: string; gold: string | null; also?: string[]; idx: number[]; picked: boolean }[];
}
interface MeasureOut {
  loadMs: number;
  heapAfterLoad: number;
  heapAfterMatch: number;
  inputBytes: number;
  articles: ArticleTiming[];
  second?: { loadMs: number; coldMs: number };
  labelled?: { cases: LabelledCase[]; ms: number; sentences: number; notes: string[] };
}

async function labelledCases(): Promise<{ cases: import('../lib/eval').EvalCase[]; notes: string[] }> {
  const { loadDevset } = await import('../test/eval/load');
  const { ownCases } = await import('../lib/eval');
  const real = await import('../test/eval/real');
  const cases = ownCases(loadDevset());
  const notes: string[] = [];
  if (real.sharedPresent()) {
    const r = real.realCases();
    if (r.problems.length) notes.push(`${r.problems.length} real-text label problems (npm run eval:labels); those labels are left out.`);
    cases.push(...r.cases);
  } else notes.push(`../shared/benchmarks is absent (${real.BENCH}): the real-text labels (RUWA, articles) are skipped; our own dev set only.`);
  return { cases, notes };
}

async function childMeasure(spec: MeasureSpec): Promise<MeasureOut> {
  const impl = ENGINES[spec.engine];
  const specs = JSON.parse(readFileSync(spec.articles, 'utf8')) as ArticleSpec[];
  const arts = spec.match.map((name) => {
    const a = specs.find((x) => x.name === name)!;
    return { name, sentences: detectInArticle(a.blocks, { article: a.published ? { published: a.published } : {} }) as Sentence[] };
  });
  const input = impl.read(spec.dir);
  const inputBytes = input instanceof Uint8Array ? input.byteLength : Array.isArray(input) ? input.reduce((n, s: string) => n + s.length, 0) : (input as string).length;
  let h0 = heapUsed();
  let [idx, loadMs] = time(() => impl.load(input));
  const heapAfterLoad = heapUsed() - h0;
  const pass = (sents: Sentence[]) => time(() => sents.map((s) => idx.answer(s)))[1];
  const articles: ArticleTiming[] = arts.map((a) => {
    const coldMs = pass(a.sentences);
    const warm: number[] = [];
    for (let r = 0; r < spec.warm; r++) warm.push(pass(a.sentences));
    return { name: a.name, sentences: a.sentences.length, coldMs, warmMs: spec.warm ? median(warm) : null };
  });
  const heapAfterMatch = heapUsed() - h0;
  const out: MeasureOut = { loadMs, heapAfterLoad, heapAfterMatch, inputBytes, articles };
  if (spec.second) {
    idx = undefined as unknown as Loaded;
    h0 = heapUsed();
    const [idx2, load2] = time(() => impl.load(input));
    idx = idx2;
    out.second = { loadMs: load2, coldMs: pass(arts[0]!.sentences) };
  }
  if (spec.labelled) {
    const t0 = performance.now();
    const { norm } = await import('../lib/eval');
    const { cases, notes } = await labelledCases();
    const every = spec.labelled.every;
    let k = 0;
    let sentences = 0;
    const outCases: LabelledCase[] = cases.map((c) => {
      const det = detectInArticle(c.blocks, { article: c.published ? { published: c.published } : {} }) as Sentence[];
      const t = c.targets.map((tg) => {
        let idxs: number[];
        // The sentences of a target, as lib/eval.ts finds them: its block's, or the one starting with its words.
        if (tg.block !== undefined) idxs = det.map((d, i) => (d.candidate.block === tg.block ? i : -1)).filter((i) => i >= 0);
        else {
          const want = norm(tg.starts!).toLowerCase().replace(/^["'(\[]+/, '');
          idxs = det.map((d, i) => (norm(d.candidate.text).toLowerCase().replace(/^["'(\[]+/, '').startsWith(want) ? i : -1)).filter((i) => i >= 0);
          if (!idxs.length) idxs = det.map((d, i) => (norm(d.candidate.text).toLowerCase().includes(want) ? i : -1)).filter((i) => i >= 0);
          idxs = idxs.slice(0, 1);
        }
        const picked = k++ % every === 0 && (spec.labelled!.max === undefined || Math.floor((k - 1) / every) < spec.labelled!.max);
        return { id: tg.id, gold: tg.expect.claim, ...(tg.expect.also ? { also: tg.expect.also } : {}), idx: idxs, picked };
      });
      const want = new Set(every === 1 ? det.map((_, i) => i) : t.filter((x) => x.picked).flatMap((x) => x.idx));
      const s = det.map((d, i) => (want.has(i) ? (sentences++, idx.answer(d)) : null));
      return { source: c.source, split: c.split, s, t };
    });
    out.labelled = { cases: outCases, ms: performance.now() - t0, sentences, notes };
  }
  return out;
}

async function childMain(specFile: string): Promise<void> {
  const spec = JSON.parse(readFileSync(specFile, 'utf8')) as BuildSpec | MeasureSpec;
  const out = spec.kind === 'build' ? childBuild(spec) : await childMeasure(spec);
  writeFileSync(`${specFile}.out.json`, JSON.stringify(out));
}

// ---------------------------------------------------------------------------------------------------------------
// The parent: spawn, collect, print
// ---------------------------------------------------------------------------------------------------------------
let specCounter = 0;
async function runChild<T>(work: string, spec: BuildSpec | MeasureSpec, heapMB: number): Promise<T> {
  const file = join(work, `spec-${++specCounter}.json`);
  writeFileSync(file, JSON.stringify(spec));
  const args = [...process.execArgv, '--expose-gc', `--max-old-space-size=${heapMB}`, SELF, '--child', file];
  const stderr: string[] = [];
  const code = await new Promise<number | null>((res) => {
    const p = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    p.stderr.on('data', (d: Buffer) => stderr.push(d.toString()));
    p.on('close', (c, sig) => res(c ?? (sig ? -1 : null)));
  });
  if (code !== 0 || !existsSync(`${file}.out.json`)) {
    const tail = stderr.join('').trim().split('\n').slice(-3).join(' / ');
    throw new Error(`child exited with ${code}${tail ? `: ${tail.slice(0, 400)}` : ''}`);
  }
  const out = JSON.parse(readFileSync(`${file}.out.json`, 'utf8')) as T;
  rmSync(`${file}.out.json`);
  rmSync(file);
  return out;
}

/**
 * A hash of everything a generated and compiled pack derives from: the real pack, the generator, the pack and engine
 * code, the locked dependencies. (Not this file: `childBuild` here only writes what those make; `--fresh` after
 * changing it.)
 */
function cacheKey(): string {
  const h = createHash('sha256');
  const files: string[] = [join(BUILD, 'pack.json'), join(ROOT, 'scripts', 'bench-synth.ts'), join(ROOT, 'package-lock.json')];
  const walk = (d: string) => {
    for (const f of readdirSync(d).sort()) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (f.endsWith('.ts')) files.push(p);
    }
  };
  walk(join(ROOT, 'lib', 'pack'));
  walk(join(ROOT, 'lib', 'engine'));
  for (const f of files) if (existsSync(f)) h.update(relative(ROOT, f)).update('\0').update(readFileSync(f)).update('\0');
  return h.digest('hex').slice(0, 16);
}

export interface EngineFigures {
  loadMs: number | null;
  heapAfterLoadMB: number | null;
  heapAfterMatchMB: number | null;
  articleWarmMs: number | null;
  articleColdMs: number | null;
  /** The 2,000-word article as the first match on a second index loaded in the same process. */
  articleColdEngineWarmMs?: number | null;
  /** The second load in that process. */
  loadEngineWarmMs?: number | null;
  /** Median time per article by name (cold pass, warm median). */
  perArticle?: Record<string, { sentences: number; coldMs: number | null; warmMs: number | null }>;
  runs: number;
  /** Runs that matched the articles, when fewer than `runs` (1M). */
  matchRuns?: number;
  error?: string;
}
export interface SizeResult extends EngineFigures {
  statements: number;
  targetStatements: number;
  claims: number | null;
  compileMs: number | null;
  compileMeasuredAt?: string;
  cached?: boolean;
  fileMB: number | null;
  hotMB: number | null;
  generateMs: number | null;
  json: EngineFigures & { packJsonMB: number | null };
}
export interface PeerRow {
  engine: string;
  statements: number;
  figures: EngineFigures;
  dev?: Score;
  test?: Score;
  threshold?: number;
  sample?: string;
  note?: string;
}
export interface ScaleResult {
  machine: string;
  notes: string[];
  articles: { name: string; words: number; sentences: number; detectMs: number }[];
  sizes: SizeResult[];
  agreement: { pack: string; sample: string; items: number; sentences: number; itemDisagreements: number; sentenceDisagreements: number; examples: string[] }[];
  peers: PeerRow[];
  peerSample: { items: number; rows: { engine: string; statements: number; dev?: Score; test?: Score }[] } | null;
  runtimeS: number;
}

function figures(outs: MeasureOut[], runs: number): EngineFigures {
  const long = (o: MeasureOut) => o.articles.find((a) => a.name === LONG);
  const names = outs[0]?.articles.map((a) => a.name) ?? [];
  const perArticle = Object.fromEntries(
    names.map((name) => {
      const xs = outs.map((o) => o.articles.find((a) => a.name === name)!);
      return [name, { sentences: xs[0]!.sentences, coldMs: round(median(xs.map((x) => x.coldMs))), warmMs: xs[0]!.warmMs === null ? null : round(median(xs.map((x) => x.warmMs ?? NaN))) }];
    }),
  );
  const sec = outs.filter((o) => o.second);
  return {
    loadMs: round(median(outs.map((o) => o.loadMs))),
    heapAfterLoadMB: round(median(outs.map((o) => o.heapAfterLoad / MiB))),
    heapAfterMatchMB: round(median(outs.map((o) => o.heapAfterMatch / MiB))),
    articleWarmMs: round(median(outs.map((o) => long(o)?.warmMs ?? NaN))),
    articleColdMs: round(median(outs.map((o) => long(o)?.coldMs ?? NaN))),
    ...(sec.length ? { articleColdEngineWarmMs: round(median(sec.map((o) => o.second!.coldMs))), loadEngineWarmMs: round(median(sec.map((o) => o.second!.loadMs))) } : {}),
    perArticle,
    runs,
  };
}
const emptyFigures = (error: string): EngineFigures => ({ loadMs: null, heapAfterLoadMB: null, heapAfterMatchMB: null, articleWarmMs: null, articleColdMs: null, runs: 0, error });

// ---- scoring the labelled answers
type Pred = (answers: (Answer | null)[], idx: number[]) => string | null;
const firstHit: Pred = (s, idx) => {
  for (const i of idx) if (s[i]?.[0]) return s[i]![0];
  return null;
};
const aboveThreshold =
  (th: number): Pred =>
  (s, idx) => {
    for (const i of idx) {
      const a = s[i];
      if (a?.[0] && typeof a[1] === 'number' && a[1] >= th) return a[0];
    }
    return null;
  };
const isDev = (c: LabelledCase) => c.split === 'dev';
function scoreCases(cases: LabelledCase[], pred: Pred, which: (c: LabelledCase) => boolean, onlyPicked = true): Score {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let n = 0;
  for (const c of cases) {
    if (!which(c)) continue;
    for (const t of c.t) {
      if (onlyPicked && !t.picked) continue;
      n++;
      const p = pred(c.s, t.idx);
      const right = p !== null && (p === t.gold || !!t.also?.includes(p));
      if (right) tp++;
      else {
        if (p) fp++;
        if (t.gold) fn++;
      }
    }
  }
  return { n, tp, fp, fn, precision: tp + fp ? tp / (tp + fp) : NaN, recall: tp + fn ? tp / (tp + fn) : NaN };
}
/** The score threshold with the best F1 on the dev items (ties: the higher precision). */
function chooseThreshold(cases: LabelledCase[]): number {
  const scores = new Set<number>();
  for (const c of cases) if (isDev(c)) for (const t of c.t) if (t.picked) for (const i of t.idx) if (typeof c.s[i]?.[1] === 'number') scores.add(c.s[i]![1] as number);
  let best = { th: Infinity, f1: -1, p: 0 };
  for (const th of [...scores].sort((a, b) => a - b)) {
    const s = scoreCases(cases, aboveThreshold(th), isDev);
    const p = Number.isNaN(s.precision) ? 0 : s.precision;
    const f1 = p + s.recall ? (2 * p * s.recall) / (p + s.recall) : 0;
    if (f1 > best.f1 + 1e-12 || (Math.abs(f1 - best.f1) <= 1e-12 && p > best.p)) best = { th, f1, p };
  }
  return best.th;
}
/** Restricts answers to another run's picked targets (so two engines are scored on the same items). */
const withPicked = (cases: LabelledCase[], like: LabelledCase[]): LabelledCase[] => cases.map((c, i) => ({ ...c, t: c.t.map((t, j) => ({ ...t, picked: like[i]!.t[j]!.picked })) }));

function agreement(pack: string, sample: string, a: LabelledCase[], b: LabelledCase[]): ScaleResult['agreement'][number] {
  let items = 0;
  let sentences = 0;
  let itemD = 0;
  let sentD = 0;
  const examples: string[] = [];
  // Where one side answered only a sample of the items, the comparison is over that sample.
  a.forEach((ca, i) => {
    const cb = b[i]!;
    const both = ca.s.map((x, j) => x !== null && cb.s[j] !== null);
    const differs = ca.s.map((x, j) => both[j]! && JSON.stringify(x) !== JSON.stringify(cb.s[j]));
    sentences += both.filter(Boolean).length;
    sentD += differs.filter(Boolean).length;
    for (const [k, t] of ca.t.entries()) {
      if (!t.picked || !cb.t[k]!.picked) continue;
      items++;
      if (t.idx.some((j) => differs[j])) {
        itemD++;
        if (examples.length < 5) examples.push(`${t.id}: compiled ${JSON.stringify(t.idx.map((j) => ca.s[j]))}, JSON ${JSON.stringify(t.idx.map((j) => cb.s[j]))}`);
      }
    }
  });
  return { pack, sample, items, sentences, itemDisagreements: itemD, sentenceDisagreements: sentD, examples };
}

export interface ScaleOptions {
  sizes?: number[];
  runs?: number;
  fresh?: boolean;
  progress?: (line: string) => void;
}

export async function runScaleBench(opts: ScaleOptions = {}): Promise<ScaleResult> {
  const t0 = performance.now();
  const say = opts.progress ?? ((l: string) => console.error(l));
  const log = (l: string) => say(`${l} [${((performance.now() - t0) / 1000).toFixed(0)} s]`);
  const envSizes = process.env.BENCH_SCALE_SIZES?.split(',').map((x) => Number(x.replace(/_/g, '')));
  const sizes = opts.sizes ?? envSizes ?? SCALE_SIZES;
  const runs = opts.runs ?? 3;
  const notes: string[] = [];
  const realPack = JSON.parse(readFileSync(join(BUILD, 'pack.json'), 'utf8')) as Pack;
  const realStatements = realPack.claims.reduce((n, c) => n + c.statements.length, 0);
  const work = mkdtempSync(join(tmpdir(), 'crosscheck-bench-scale-'));
  try {
    const arts = await makeArticles(realPack, notes);
    const articlesFile = join(work, 'articles.json');
    writeFileSync(articlesFile, JSON.stringify(arts));
    const articles = arts.map((a) => {
      const [sents, detectMs] = time(() => detectInArticle(a.blocks, { article: a.published ? { published: a.published } : {} }));
      return { name: a.name, words: wordsOf(a), sentences: sents.length, detectMs };
    });
    const allNames = arts.map((a) => a.name);

    // ---- build every size (a child each; the 1M pack from the cache when there)
    const built = new Map<number, { dir: string; meta: BuildOut; cached: boolean } | { error: string }>();
    /** The size that is the real pack alone (the labels are about its claims), if one was asked for. */
    const realSize = sizes.find((x) => x <= realStatements);
    const peerSizes = new Set([...(realSize !== undefined ? [realSize] : []), ...(sizes.includes(PEER_SIZE) ? [PEER_SIZE] : [])]);
    for (const size of sizes) {
      const big = size >= BIG;
      let dir = join(work, `size-${size}`);
      if (big) {
        const needMB = 12_000;
        if (totalmem() / MiB < needMB + 2_000) {
          built.set(size, { error: `not generated: compiling the ${n0(size)}-statement pack needs ~8 GB of heap; this machine has ${n0(Math.round(totalmem() / MiB))} MB` });
          continue;
        }
        dir = join(tmpdir(), 'crosscheck-bench-scale-cache', `${size}-${cacheKey()}`);
        const metaFile = join(dir, 'meta.json');
        if (!opts.fresh && existsSync(metaFile) && existsSync(join(dir, 'pack.ccpk'))) {
          built.set(size, { dir, meta: JSON.parse(readFileSync(metaFile, 'utf8')) as BuildOut, cached: true });
          log(`  ${n0(size)}: compiled pack from the cache ${dir}`);
          continue;
        }
        // Older caches (other keys) are stale: removed.
        const root = join(tmpdir(), 'crosscheck-bench-scale-cache');
        if (existsSync(root)) for (const d of readdirSync(root)) if (d.startsWith(`${size}-`)) rmSync(join(root, d), { recursive: true, force: true });
        log(`  ${n0(size)}: generating and compiling (takes minutes; cached afterwards in ${dir}; free memory ${n0(Math.round(freemem() / MiB))} MB)…`);
      } else log(`  ${n0(size)}: generating and compiling…`);
      try {
        const meta = await runChild<BuildOut>(work, { kind: 'build', statements: size, dir, minisearch: peerSizes.has(size) }, big ? 16_000 : 4_000);
        if (big) writeFileSync(join(dir, 'meta.json'), JSON.stringify(meta));
        built.set(size, { dir, meta, cached: false });
        log(`    ${n0(meta.statements)} statements, ${n0(meta.claims)} claims; compiled in ${fmt(meta.compileMs)} ms`);
      } catch (e) {
        built.set(size, { error: `not generated: ${(e as Error).message}` });
        log(`    failed: ${(e as Error).message}`);
      }
    }

    /** fuse.js is scored on this many labelled items; MiniSearch at 100k (and the JSON path's agreement there) on every k-th. */
    const FUSE_ITEMS = Number(process.env.BENCH_FUSE_ITEMS ?? 12);
    const MS_EVERY = Number(process.env.BENCH_SAMPLE_EVERY ?? 8);

    // ---- measure: compiled path and JSON path, a fresh process per run
    const sizeResults: SizeResult[] = [];
    const labelledBy = new Map<string, LabelledCase[]>();
    const labelNotes = new Set<string>();
    const measure = async (engine: EngineName, size: number, dir: string, n: number, o: Partial<MeasureSpec> & { heapMB?: number; labelledRun?: MeasureSpec['labelled'] }) => {
      const outs: MeasureOut[] = [];
      for (let r = 0; r < n; r++) {
        const spec: MeasureSpec = {
          kind: 'measure',
          engine,
          dir,
          articles: articlesFile,
          match: o.match ?? allNames,
          warm: o.warm ?? 3,
          second: o.second ?? false,
          ...(r === 0 && o.labelledRun ? { labelled: o.labelledRun } : {}),
        };
        const out = await runChild<MeasureOut>(work, spec, o.heapMB ?? 4_000);
        if (out.labelled) {
          labelledBy.set(`${engine}@${size}`, out.labelled.cases);
          out.labelled.notes.forEach((x) => labelNotes.add(x));
          log(`    ${engine} @ ${n0(size)}: ${n0(out.labelled.sentences)} labelled-item sentences answered in ${fmt(out.labelled.ms / 1000)} s`);
        }
        outs.push(out);
      }
      return outs;
    };
    for (const size of sizes) {
      const b = built.get(size)!;
      const statements = 'meta' in b ? b.meta.statements : size;
      const base: Omit<SizeResult, keyof EngineFigures | 'json'> = {
        statements,
        targetStatements: size,
        claims: 'meta' in b ? b.meta.claims : null,
        compileMs: 'meta' in b ? round(b.meta.compileMs, 0) : null,
        ...('meta' in b && b.cached ? { cached: true, compileMeasuredAt: b.meta.madeAt } : {}),
        fileMB: 'meta' in b ? round(b.meta.fileBytes / MiB) : null,
        hotMB: 'meta' in b ? round(b.meta.hotBytes / MiB) : null,
        generateMs: 'meta' in b ? round(b.meta.genMs, 0) : null,
      };
      if (!('meta' in b)) {
        sizeResults.push({ ...base, ...emptyFigures(b.error), json: { ...emptyFigures(b.error), packJsonMB: null } });
        continue;
      }
      const big = size >= BIG;
      const labelHere = peerSizes.has(size);
      let ours: EngineFigures;
      try {
        if (big) {
          // At 1M one pass over the 2,000-word article takes seconds: load and heap from 2 load-only runs and the
          // matching run; the article matched in one run only (cold, then one warm pass), no second index.
          log(`  ${n0(statements)}: compiled path, 2 load-only runs + 1 matching run…`);
          const loads = await measure('compiled', size, b.dir, 2, { match: [], warm: 0, heapMB: 8_000 });
          const matched = await measure('compiled', size, b.dir, 1, { match: [LONG], warm: 1, heapMB: 8_000 });
          const all = [...loads, ...matched];
          ours = {
            ...figures(matched, 1),
            loadMs: round(median(all.map((o) => o.loadMs))),
            heapAfterLoadMB: round(median(all.map((o) => o.heapAfterLoad / MiB))),
            runs: all.length,
            matchRuns: 1,
          };
        } else {
          log(`  ${n0(statements)}: compiled path, ${runs} run(s)…`);
          ours = figures(await measure('compiled', size, b.dir, runs, { second: true, heapMB: 4_000, ...(labelHere ? { labelledRun: { every: size === realSize ? 1 : MS_EVERY } } : {}) }), runs);
        }
      } catch (e) {
        ours = emptyFigures(`failed: ${(e as Error).message}`);
      }
      let json: SizeResult['json'];
      const packJsonMB = b.meta.packJsonBytes === null ? null : round(b.meta.packJsonBytes / MiB);
      if (b.meta.jsonError) json = { ...emptyFigures(`no JSON text: ${b.meta.jsonError}`), packJsonMB };
      else {
        const jRuns = big ? 1 : 3;
        log(`  ${n0(statements)}: JSON path, ${jRuns} run(s)${big ? ', load only' : ''}…`);
        try {
          const lab = labelHere ? { labelledRun: { every: size === realSize ? 1 : MS_EVERY } } : {};
          // At 1M: load and heap only (matching on the JSON path there takes minutes).
          // Below it, the 2,000-word article only (cold, two warm passes): the other articles are timed on the compiled path.
          const o = big ? { match: [], warm: 0 } : { match: [LONG], warm: 2 };
          json = { ...figures(await measure('json', size, b.dir, jRuns, { second: false, heapMB: big ? 20_000 : 6_000, ...lab, ...o }), jRuns), packJsonMB, ...(big ? { matchRuns: 0 } : {}) };
        } catch (e) {
          json = { ...emptyFigures(`failed: ${(e as Error).message}`), packJsonMB };
        }
      }
      sizeResults.push({ ...base, ...ours, json });
    }
    notes.push(...labelNotes);

    // ---- agreement
    const agree: ScaleResult['agreement'] = [];
    for (const size of peerSizes) {
      const a = labelledBy.get(`compiled@${size}`);
      const b = labelledBy.get(`json@${size}`);
      if (a && b) agree.push(agreement(`${n0(sizeResults.find((r) => r.targetStatements === size)!.statements)} statements`, size === realSize ? 'every item' : `every ${MS_EVERY}th item`, a, b));
    }

    // ---- peers: the real pack and 100k
    const peers: PeerRow[] = [];
    let peerSample: ScaleResult['peerSample'] = null;
    for (const size of [...peerSizes]) {
      const b = built.get(size);
      const row = sizeResults.find((r) => r.targetStatements === size);
      if (!b || !('meta' in b) || !row) continue;
      const statements = b.meta.statements;
      const oursCases = labelledBy.get(`compiled@${size}`);
      const small = size === realSize;
      const every = small ? 1 : MS_EVERY;
      // MiniSearch
      // At 100k a pass over the 2,000-word article takes MiniSearch seconds, and it has no lazy state: 2 runs there.
      const msRuns = small ? 3 : 2;
      log(`  peers @ ${n0(statements)}: MiniSearch, ${msRuns} run(s)…`);
      let msRow: PeerRow;
      try {
        // At 100k a pass over the 2,000-word article takes seconds: that article and our example, one warm pass each.
        const outs = await measure('minisearch', size, b.dir, msRuns, { ...(small ? { warm: 3 } : { match: [LONG, 'example'], warm: 1 }), heapMB: 6_000, labelledRun: { every } });
        const cases = labelledBy.get(`minisearch@${size}`)!;
        const th = chooseThreshold(cases);
        const f = figures(outs, msRuns);
        msRow = {
          engine: 'MiniSearch',
          statements,
          figures: { ...f, ...(b.meta.miniSearchBuildMs ? {} : {}) },
          dev: scoreCases(cases, aboveThreshold(th), isDev),
          test: scoreCases(cases, aboveThreshold(th), (c) => !isDev(c)),
          threshold: th,
          sample: every === 1 ? 'all items' : `every ${every}th item`,
          note: `load = MiniSearch.loadJSON of the index serialised at build time (${fmtMB((b.meta.miniSearchBytes ?? 0) / MiB)}; building it from the pack: ${fmt(b.meta.miniSearchBuildMs ?? NaN)} ms); the pack's claims themselves are not loaded`,
        };
      } catch (e) {
        msRow = { engine: 'MiniSearch', statements, figures: emptyFigures(`failed: ${(e as Error).message}`) };
      }
      const oursRow: PeerRow = {
        engine: 'ours (compiled)',
        statements,
        figures: row,
        ...(oursCases ? { dev: scoreCases(oursCases, firstHit, isDev), test: scoreCases(oursCases, firstHit, (c) => !isDev(c)), sample: every === 1 ? 'all items' : `every ${every}th item` } : {}),
      };
      // fuse.js: at the real pack on our example article and a few labelled items; at 100k load only.
      let fuseRow: PeerRow;
      log(`  peers @ ${n0(statements)}: fuse.js…`);
      try {
        if (small) {
          const total = oursCases ? oursCases.reduce((n, c) => n + c.t.length, 0) : 0;
          const fe = Math.max(1, Math.floor(total / FUSE_ITEMS));
          const outs = await measure('fuse', size, b.dir, 1, { match: ['example'], warm: 0, heapMB: 4_000, labelledRun: { every: fe, max: FUSE_ITEMS } });
          const cases = labelledBy.get(`fuse@${size}`)!;
          const nItems = cases.reduce((n, c) => n + c.t.filter((t) => t.picked).length, 0);
          fuseRow = {
            engine: 'fuse.js',
            statements,
            figures: figures(outs, 1),
            dev: scoreCases(cases, firstHit, isDev),
            test: scoreCases(cases, firstHit, (c) => !isDev(c)),
            sample: `${nItems} items (every ${fe}th)`,
            note: 'about a second per sentence: matched on our example article (one pass) and a sample of labelled items only',
          };
          if (oursCases) {
            const same = withPicked(oursCases, cases);
            const msCases = labelledBy.get(`minisearch@${size}`);
            peerSample = peerSample ?? { items: nItems, rows: [] };
            peerSample.items = nItems;
            peerSample.rows.unshift(
              { engine: `ours, fuse.js's ${nItems} items`, statements, dev: scoreCases(same, firstHit, isDev), test: scoreCases(same, firstHit, (c) => !isDev(c)) },
              ...(msCases && msRow.threshold !== undefined
                ? [{ engine: `MiniSearch, fuse.js's ${nItems} items`, statements, dev: scoreCases(withPicked(msCases, cases), aboveThreshold(msRow.threshold), isDev), test: scoreCases(withPicked(msCases, cases), aboveThreshold(msRow.threshold), (c) => !isDev(c)) }]
                : []),
              { engine: `fuse.js, its ${nItems} items`, statements, dev: fuseRow.dev, test: fuseRow.test },
            );
          }
        } else {
          const outs = await measure('fuse', size, b.dir, 1, { match: [], warm: 0, heapMB: 6_000 });
          fuseRow = { engine: 'fuse.js', statements, figures: figures(outs, 1), note: 'loaded only: not matched at this size (it reads every text per sentence; already ~1 s per sentence on the real pack)' };
        }
      } catch (e) {
        fuseRow = { engine: 'fuse.js', statements, figures: emptyFigures(`failed: ${(e as Error).message}`) };
      }
      peers.push(oursRow, msRow, fuseRow);
    }
    if (!sizes.includes(PEER_SIZE)) notes.push(`${n0(PEER_SIZE)} is not among the sizes run: no peer figures at ${n0(PEER_SIZE)}.`);
    if (realSize !== undefined) notes.push(`The smallest size (${n0(realSize)}) is below the real pack's own ${n0(realStatements)} statements: that row is the real pack alone, no filler.`);
    const cpu = cpus();
    return {
      machine: `Node ${process.version}, ${cpu.length} × ${cpu[0]?.model ?? 'cpu'}, ${n0(Math.round(totalmem() / MiB))} MB RAM`,
      notes,
      articles,
      sizes: sizeResults,
      agreement: agree,
      peers,
      peerSample,
      runtimeS: (performance.now() - t0) / 1000,
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------------------------------
const verdict = (value: number | null | undefined, limit: number, unit: string) =>
  value == null || Number.isNaN(value) ? 'not measured' : value <= limit ? 'met' : `**missed** by ${fmt(value - limit)} ${unit}`;

/** The JSON object `--json` prints. */
export function scaleJson(r: ScaleResult): object {
  const pick = (f: EngineFigures) => ({
    loadMs: f.loadMs,
    heapAfterLoadMB: f.heapAfterLoadMB,
    heapAfterMatchMB: f.heapAfterMatchMB,
    articleWarmMs: f.articleWarmMs,
    articleColdMs: f.articleColdMs,
  });
  const ms = r.peers.find((p) => p.engine === 'MiniSearch' && p.statements === r.sizes.find((s) => s.targetStatements === PEER_SIZE)?.statements);
  return {
    sizes: r.sizes.map((s) => ({
      statements: s.statements,
      ...pick(s),
      targetStatements: s.targetStatements,
      claims: s.claims,
      articleColdEngineWarmMs: s.articleColdEngineWarmMs ?? null,
      compileMs: s.compileMs,
      ...(s.cached ? { compileMeasuredAt: s.compileMeasuredAt } : {}),
      fileMB: s.fileMB,
      runs: s.runs,
      ...(s.matchRuns !== undefined ? { matchRuns: s.matchRuns } : {}),
      ...(s.error ? { error: s.error } : {}),
      jsonPath: { ...pick(s.json), packJsonMB: s.json.packJsonMB, runs: s.json.runs, ...(s.json.matchRuns !== undefined ? { matchRuns: s.json.matchRuns } : {}), ...(s.json.error ? { error: s.json.error } : {}) },
    })),
    peer: ms
      ? {
          name: 'minisearch',
          statements: ms.statements,
          ...pick(ms.figures),
          runs: ms.figures.runs,
          threshold: ms.threshold ?? null,
          devPrecision: ms.dev ? round(ms.dev.precision, 4) : null,
          devRecall: ms.dev ? round(ms.dev.recall, 4) : null,
          ...(ms.figures.error ? { error: ms.figures.error } : {}),
        }
      : { name: 'minisearch', statements: PEER_SIZE, loadMs: null, heapAfterLoadMB: null, heapAfterMatchMB: null, articleWarmMs: null, articleColdMs: null, error: 'not measured' },
    agreement: r.agreement.map(({ examples: _e, ...a }) => a),
  };
}

export function formatScale(r: ScaleResult): string {
  const out: string[] = [];
  const p = (s = '') => out.push(s);
  p(`${r.machine}; times in ms (wall clock, performance.now()); MB = 2^20 bytes.`);
  p();
  for (const n of r.notes) p(`> ${n}`);
  if (r.notes.length) p();
  const long = r.articles.find((a) => a.name === LONG)!;
  p(
    `Articles: ${r.articles.map((a) => `${a.name === LONG ? `the ${n0(a.words)}-word article` : a.name} (${a.words} words, ${a.sentences} check-worthy sentences, detection ${fmt(a.detectMs)} ms)`).join('; ')}. ` +
      `Detection runs in the content script and does not depend on the pack; it is not in the times below.`,
  );
  p();
  p(`### Scale: the compiled pack (what the extension loads)`);
  p();
  p(
    `Each figure is the median of fresh processes (runs column). Load = \`CompiledIndex.fromBytes\` over the file's bytes already in memory; heap = \`heapUsed\` after a forced GC, less the same just before loading (the file's bytes are an ArrayBuffer outside the JS heap: "file" column). ` +
      `Cold = the ${n0(long.words)}-word article as the first match after load (all lazy work: string tables, BM25 core, name search; and the matcher's JIT compilation in that fresh process); "cold, engine warm" = the same on a second index loaded in that process (the matcher's code compiled and module-level caches filled, the index's own lazy work done again); warm = median of 3 further passes.`,
  );
  p();
  p(
    table(
      ['statements', 'claims', 'compile ms (once)', 'file (hot part)', 'runs', '**load ms**', 'heap after load', 'heap after matching', `${n0(long.words)}-word cold ms`, 'cold, engine warm ms', `${n0(long.words)}-word warm ms`, 'example warm ms', 'second load ms'],
      r.sizes.map((s) =>
        s.error
          ? [n0(s.targetStatements), '–', '–', '–', 0, s.error, '', '', '', '', '', '', '']
          : [
              n0(s.statements),
              n0(s.claims ?? 0),
              `${fmt(s.compileMs)}${s.cached ? ` (cached; measured ${s.compileMeasuredAt?.slice(0, 16).replace('T', ' ')} UTC)` : ''}`,
              `${fmtMB(s.fileMB)} (${fmtMB(s.hotMB)})`,
              s.matchRuns !== undefined ? `${s.runs} (matching: ${s.matchRuns})` : s.runs,
              `**${fmt(s.loadMs)}**`,
              fmtMB(s.heapAfterLoadMB),
              fmtMB(s.heapAfterMatchMB),
              fmt(s.articleColdMs),
              fmt(s.articleColdEngineWarmMs),
              fmt(s.articleWarmMs),
              fmt(s.perArticle?.example?.warmMs),
              fmt(s.loadEngineWarmMs),
            ],
      ),
    ),
  );
  const fewer = r.sizes.filter((s) => s.matchRuns !== undefined);
  for (const s of fewer)
    p(`\n${n0(s.statements)}: one pass over the ${n0(long.words)}-word article takes seconds there, so load and heap are medians of ${s.runs} runs (${s.runs - s.matchRuns!} of them load only) and the article is matched in ${s.matchRuns} run (cold, then one warm pass; no second index, no other article).`);
  p();
  p(`### Scale: the JSON path it replaced (JSON.parse of pack + name index, \`new ReferenceIndex\`), for comparison`);
  p();
  p(`Measured as above; the ${n0(long.words)}-word article only (cold, then the median of 2 warm passes).`);
  p();
  p(
    table(
      ['statements', 'pack JSON', 'runs', '**load ms**', 'heap after load', 'heap after matching', `${n0(long.words)}-word cold ms`, `${n0(long.words)}-word warm ms`, 'load: compiled / JSON'],
      r.sizes.map((s) =>
        s.json.error
          ? [n0(s.statements), fmtMB(s.json.packJsonMB), 0, s.json.error, '', '', '', '', '']
          : [
              n0(s.statements),
              fmtMB(s.json.packJsonMB),
              s.json.matchRuns === 0 ? `${s.json.runs} (load only)` : s.json.runs,
              `**${fmt(s.json.loadMs)}**`,
              fmtMB(s.json.heapAfterLoadMB),
              fmtMB(s.json.heapAfterMatchMB),
              fmt(s.json.articleColdMs),
              fmt(s.json.articleWarmMs),
              s.loadMs && s.json.loadMs ? `1 : ${(s.json.loadMs / s.loadMs).toFixed(0)}` : '–',
            ],
      ),
    ),
  );
  for (const s of r.sizes.filter((x) => x.json.matchRuns === 0)) p(`\n${n0(s.statements)}: the JSON path is loaded once, not matched (a pass there takes tens of seconds).`);
  p();
  p(`### Agreement: compiled path vs JSON path on the labelled items`);
  p();
  if (!r.agreement.length) p('Not measured (no size with both paths labelled).');
  else
    p(
      table(
        ['pack', 'compared on', 'labelled items', 'sentences judged by both', 'items that disagree', 'sentences that disagree (match id or status)'],
        r.agreement.map((a) => [a.pack, a.sample, n0(a.items), n0(a.sentences), a.itemDisagreements, a.sentenceDisagreements]),
      ),
    );
  for (const a of r.agreement) for (const e of a.examples) p(`- ${a.pack}: ${e}`);
  p();
  p(`### Peers: ours (compiled) vs MiniSearch vs fuse.js, same pack, same articles`);
  p();
  p(
    `MiniSearch 7.2: fields text, aliases, summaries (one document per claim), English stop words dropped, default BM25 and search options (OR, no prefix, no fuzzy); top hit per detected sentence, accepted when its score reaches a threshold chosen on the dev items for best F1. ` +
      `fuse.js 7: plain defaults over the same fields (scripts/bench-eval.ts). Precision/recall per labelled item: right only when the predicted claim is the labelled one (or one of its "also"); the first detected sentence of the item with a hit is the prediction (the eval's false marks on unlabelled article sentences are not counted here: \`npm run eval\`). ` +
      `Dev = our own set + the dev split of the real text; test = the real text's test split (reported, nothing tuned on it). Load and memory as above (MiniSearch: its index only; fuse.js: parse the pack + new Fuse).`,
  );
  p();
  const peerRows = r.peers.map((x) => {
    const f = x.figures;
    const lw = f.perArticle?.[LONG];
    const ex = f.perArticle?.example;
    return [
      x.engine,
      n0(x.statements),
      f.error ?? fmt(f.loadMs),
      fmtMB(f.heapAfterLoadMB),
      fmtMB(f.heapAfterMatchMB),
      fmt(ex?.warmMs ?? ex?.coldMs),
      fmt(lw?.coldMs),
      fmt(lw?.warmMs),
      lw?.warmMs && lw.sentences ? fmt(lw.warmMs / lw.sentences) : ex?.coldMs && ex.sentences ? fmt(ex.coldMs / ex.sentences) : '–',
      x.dev ? `${pct(x.dev.precision)} / ${pct(x.dev.recall)}` : '–',
      x.test?.n ? `${pct(x.test.precision)} / ${pct(x.test.recall)}` : '–',
      x.sample ?? '–',
      x.threshold !== undefined ? x.threshold.toFixed(2) : '–',
    ];
  });
  p(
    table(
      ['engine', 'statements', 'load ms', 'heap after load', 'heap after matching', 'example article ms', `${n0(long.words)}-word cold ms`, `${n0(long.words)}-word warm ms`, 'ms per sentence', 'dev P / R', 'test P / R', 'items scored', 'threshold'],
      peerRows,
    ),
  );
  p();
  for (const x of r.peers) if (x.note) p(`- ${x.engine} @ ${n0(x.statements)}: ${x.note}.`);
  const statementsSet = [...new Set(r.peers.map((x) => x.statements))];
  for (const st of statementsSet) {
    const o = r.peers.find((x) => x.statements === st && x.engine.startsWith('ours'))?.figures.perArticle;
    const m = r.peers.find((x) => x.statements === st && x.engine === 'MiniSearch')?.figures.perArticle;
    if (!o || !m) continue;
    const parts = Object.keys(o)
      .filter((k) => m[k])
      .map((k) => {
        const ow = o[k]!.warmMs ?? o[k]!.coldMs;
        const mw = m[k]!.warmMs ?? m[k]!.coldMs;
        return `${k === LONG ? `${n0(long.words)}-word` : k} ${ow && mw ? (ow / mw).toFixed(3) : '–'} (${fmt(ow)} / ${fmt(mw)} ms)`;
      });
    p(`- **Time per article, ours / MiniSearch (warm) @ ${n0(st)} statements:** ${parts.join('; ')}.`);
  }
  if (r.peerSample?.rows.length) {
    p();
    p(`The engines on the same items (fuse.js's sample):`);
    p();
    p(
      table(
        ['engine, items', 'statements', 'dev P / R (TP/FP/FN)', 'test P / R (TP/FP/FN)'],
        r.peerSample.rows.map((x) => [
          x.engine,
          n0(x.statements),
          x.dev ? `${pct(x.dev.precision)} / ${pct(x.dev.recall)} (${x.dev.tp}/${x.dev.fp}/${x.dev.fn} of ${x.dev.n})` : '–',
          x.test?.n ? `${pct(x.test.precision)} / ${pct(x.test.recall)} (${x.test.tp}/${x.test.fp}/${x.test.fn} of ${x.test.n})` : '–',
        ]),
      ),
    );
  }
  p();
  p(`### Targets (printed, not asserted)`);
  p();
  const s100 = r.sizes.find((s) => s.targetStatements === PEER_SIZE);
  const s1m = r.sizes.find((s) => s.targetStatements === BIG);
  const withFile = s100 && s100.heapAfterLoadMB != null && s100.fileMB != null ? s100.heapAfterLoadMB + s100.fileMB : null;
  const withFileM = s100 && s100.heapAfterMatchMB != null && s100.fileMB != null ? s100.heapAfterMatchMB + s100.fileMB : null;
  const rows: [string, number | null | undefined, number, string][] = [
    ['100k: load ≤ 150 ms', s100?.loadMs, 150, 'ms'],
    ['100k: heap ≤ 60 MB after load (JS heap)', s100?.heapAfterLoadMB, 60, 'MB'],
    ['100k: heap + the file’s bytes ≤ 60 MB after load', withFile, 60, 'MB'],
    ['100k: heap ≤ 100 MB after matching (JS heap)', s100?.heapAfterMatchMB, 100, 'MB'],
    ['100k: heap + the file’s bytes ≤ 100 MB after matching', withFileM, 100, 'MB'],
    [`100k: ${n0(long.words)}-word article ≤ 20 ms warm`, s100?.articleWarmMs, 20, 'ms'],
    [`100k: ${n0(long.words)}-word article ≤ 100 ms cold (fresh process)`, s100?.articleColdMs, 100, 'ms'],
    [`100k: ${n0(long.words)}-word article ≤ 100 ms cold (engine code warm)`, s100?.articleColdEngineWarmMs, 100, 'ms'],
    ['1M: load ≤ 1.5 s', s1m?.loadMs, 1500, 'ms'],
  ];
  p(table(['target', 'measured', 'verdict'], rows.map(([name, v, lim, unit]) => [name, v == null ? (name.startsWith('1M') && s1m?.error ? s1m.error : '–') : `${fmt(v)} ${unit}`, verdict(v, lim, unit)])));
  p();
  p(`_bench-scale run: ${r.runtimeS.toFixed(1)} s._`);
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------------------------
// Entry
// ---------------------------------------------------------------------------------------------------------------
const isMain = !!process.argv[1] && resolve(process.argv[1]) === SELF;
if (isMain) {
  const argv = process.argv.slice(2);
  const ci = argv.indexOf('--child');
  if (ci >= 0) await childMain(argv[ci + 1]!);
  else {
    const arg = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
    const sizesArg = arg('sizes');
    const opts: ScaleOptions = {
      sizes: sizesArg ? sizesArg.split(',').map((s) => Number(s.replace(/_/g, ''))) : undefined,
      runs: arg('runs') ? Number(arg('runs')) : undefined,
      fresh: argv.includes('--fresh'),
    };
    const json = argv.includes('--json');
    if (!json) console.log(`# Crosscheck: the compiled pack at scale, and peers\n`);
    const r = await runScaleBench(opts);
    if (json) console.log(JSON.stringify(scaleJson(r)));
    else {
      console.log(formatScale(r));
      console.log(`\nThe same as one JSON object (\`npm run --silent bench:scale -- --json\` prints only this):\n`);
      console.log('```json');
      console.log(JSON.stringify(scaleJson(r)));
      console.log('```');
    }
  }
}
