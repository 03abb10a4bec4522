/**
 * `npm run bench`: measures the claim engine in Node and prints markdown tables; nothing is asserted.
 *
 * 1. Side by side with the baseline a developer would pick — plain fuse.js, default options, over the same pack's claim
 *    texts, aliases and statement summaries, top hit per sentence — on the same sentences (`detectClaims` for both):
 *    matching time per article (our example, the seed, the saved pages of ../shared/corpus) and precision/recall of
 *    the match against the labelled dev set (test/eval/devset.yaml), the seed's and our example's expectations, plus
 *    false matches on the corpus pages, which are not about the war.
 * 2. Scale: the real pack plus deterministic synthetic filler (scripts/bench-synth.ts) up to 1k, 10k and 100k
 *    statements: load time (JSON parse + ReferenceIndex), heap, matching time per article (incl. a 2,000-word one).
 *
 * Third-party texts (../shared) are read at run time and skipped with a message when absent.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { JSDOM, VirtualConsole } from 'jsdom';
import { detectClaims, type Candidate } from '../lib/engine/04-detect';
import { judge } from '../lib/engine';
import { nameTerms } from '../lib/engine/11-match';
import { extractArticle } from '../lib/engine/01-extract';
import { buildIndex } from '../lib/pack/compile';
import { ReferenceIndex, type FuseIndexJson } from '../lib/pack/reference';
import type { Pack } from '../lib/pack/schema';
import { seedPage, SEED_FILE } from '../test/e2e/pages';
import { EXAMPLE_EXPECTATIONS, SEED_EXPECTATIONS } from '../test/expectations';
import {
  baselineFuse,
  baselinePredictor,
  DEVSET,
  fromExpectations,
  hasDevset,
  loadDevset,
  oursPredictor,
  predict,
  score,
  type Labelled,
  type Predictor,
  type Score,
} from './bench-eval';
import { packStyleSentences, prng, scaledPack } from './bench-synth';
import { BUILD, ROOT } from './data-lib';

setFlagsFromString('--expose-gc');
const gc = ((globalThis as { gc?: () => void }).gc ?? runInNewContext('gc')) as () => void;
const heap = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

const tStart = performance.now();
const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const pct = (x: number) => (Number.isNaN(x) ? '–' : `${(100 * x).toFixed(1)} %`);
const mb = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2) : NaN;
};
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
};
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
function table(head: string[], rows: (string | number)[][]): string {
  const right = head.map((_, i) => rows.every((r) => /^[\d.,–×%\s<>≤a-zA-Z]*\d/.test(String(r[i] ?? '')) && i > 0));
  const line = (cells: (string | number)[]) => `| ${cells.map(String).join(' | ')} |`;
  return [line(head), `|${head.map((_, i) => (right[i] ? '---:' : '---')).join('|')}|`, ...rows.map(line)].join('\n');
}
function time<T>(f: () => T): [T, number] {
  const a = performance.now();
  const r = f();
  return [r, performance.now() - a];
}
/** "met" or "missed by X". */
const verdict = (ok: boolean, miss: string) => (ok ? 'met' : `missed by ${miss}`);

console.log(`# Crosscheck engine benchmark\n`);
console.log(`Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}; times in ms (wall clock, performance.now()).\n`);

// ---------------------------------------------------------------------------------------------------------------
// Articles and the real pack
// ---------------------------------------------------------------------------------------------------------------
const packText = readFileSync(join(BUILD, 'pack.json'), 'utf8');
const indexText = readFileSync(join(BUILD, 'fuse-index.json'), 'utf8');
const realPack = JSON.parse(packText) as Pack;
const realIndex = JSON.parse(indexText) as FuseIndexJson;

interface Article {
  name: string;
  blocks: string[];
  candidates: Candidate[];
  detectMs: number;
}
const articles: Article[] = [];
const notes: string[] = [];
function addArticle(name: string, html: string): void {
  const ex = extractArticle(new JSDOM(html, { virtualConsole: new VirtualConsole() }).window.document);
  if (!ex.ok) return;
  const [candidates, detectMs] = time(() => detectClaims(ex.article.blocks));
  articles.push({ name, blocks: ex.article.blocks, candidates, detectMs });
}
addArticle('example', readFileSync(join(ROOT, 'examples', 'article-2022-07-04.html'), 'utf8'));
const hasSeed = existsSync(SEED_FILE);
if (hasSeed) addArticle('seed', seedPage());
else notes.push(`../shared/seed is absent (${SEED_FILE}): the seed article is skipped.`);
const corpusDir = join(ROOT, '..', 'shared', 'corpus', 'pages');
let corpusPages = 0;
if (existsSync(corpusDir)) {
  for (const d of readdirSync(corpusDir).sort()) {
    const f = join(corpusDir, d, 'source.html');
    if (!existsSync(f)) continue;
    corpusPages++;
    addArticle(`corpus/${d}`, readFileSync(f, 'utf8'));
  }
} else notes.push(`../shared/corpus is absent (${corpusDir}): the corpus pages are skipped.`);
const corpus = articles.filter((a) => a.name.startsWith('corpus/'));
for (const n of notes) console.log(`> ${n}`);

// ---------------------------------------------------------------------------------------------------------------
// 1. Side by side: ours vs plain fuse.js
// ---------------------------------------------------------------------------------------------------------------
console.log(`\n## 1. Our engine vs plain fuse.js (default options), same pack, same sentences\n`);
const [ref, oursLoad] = time(() => new ReferenceIndex(JSON.parse(packText) as Pack, JSON.parse(indexText) as FuseIndexJson));
const [fuse, fuseLoad] = time(() => baselineFuse(JSON.parse(packText) as Pack));
const ours = oursPredictor(ref);
const base = baselinePredictor(fuse);
// JIT warm-up on throwaway instances, so neither side pays for compilation in the timed pass.
{
  const wr = oursPredictor(new ReferenceIndex(realPack, realIndex));
  const wb = baselinePredictor(baselineFuse(realPack));
  for (const c of articles[0]!.candidates) wr(c), wb(c);
}

// The baseline takes a fraction of a second per sentence (fuse.js runs bitap over every text with the whole sentence
// as the pattern), so it is timed on our example, the seed, the labelled items and an even sample of the corpus
// sentences, each sentence once; ours is timed on the same sentences and, apart, on every corpus page.
const FULL = !!process.env.BENCH_FULL;
const CORPUS_SAMPLE = Number(process.env.BENCH_CORPUS_SAMPLE ?? (FULL ? 60 : 12));
/** The baseline sees every DEV_EVERY-th dev-set item (all with BENCH_FULL=1); ours sees all of them too. */
const DEV_EVERY = FULL ? 1 : 4;
const baseSeen = new Map<Candidate, { id: string | null; ms: number }>();
const baseTimed: Predictor = (c) => {
  let r = baseSeen.get(c);
  if (!r) {
    const [id, t] = time(() => base(c));
    baseSeen.set(c, (r = { id, ms: t }));
  }
  return r.id;
};
interface Timed {
  name: string;
  sentences: number;
  detect: number;
  ours: number;
  base: number;
}
function sideBySide(name: string, cands: Candidate[], detect: number): Timed {
  const [, oursMs] = time(() => cands.map(ours));
  const [, baseMs] = time(() => cands.map(baseTimed));
  return { name, sentences: cands.length, detect, ours: oursMs, base: baseMs };
}
const timed: Timed[] = articles.filter((a) => !a.name.startsWith('corpus/')).map((a) => sideBySide(a.name, a.candidates, a.detectMs));
const allCorpus = corpus.flatMap((a) => a.candidates);
const step = Math.max(1, Math.ceil(allCorpus.length / CORPUS_SAMPLE));
const sample = allCorpus.filter((_, i) => i % step === 0);
if (sample.length) {
  const pagesIn = new Set(corpus.filter((a) => a.candidates.some((c) => sample.includes(c))).map((a) => a.name)).size;
  timed.push(sideBySide(`corpus sample: every ${step}th sentence (${pagesIn} pages)`, sample, NaN));
}
// Ours alone over every corpus page (false matches: the pages are not about the war).
const corpusRuns = corpus.map((a) => time(() => a.candidates.map(ours)));
const row = (t: Timed) => [t.name, t.sentences, Number.isNaN(t.detect) ? '–' : ms(t.detect), ms(t.ours), ms(t.base), `${(t.base / t.ours).toFixed(0)}×`];
console.log(`Load: ours ${ms(oursLoad)} ms (parse pack + prebuilt name index + ReferenceIndex); fuse.js ${ms(fuseLoad)} ms (parse pack + new Fuse).\n`);
// Precision / recall
const labelled: Labelled[] = [];
let devAll: Labelled[] = [];
const evalNotes: string[] = [];
if (hasDevset()) {
  try {
    devAll = loadDevset();
    const dev = devAll.filter((_, i) => i % DEV_EVERY === 0);
    labelled.push(...dev);
    const none = dev.filter((d) => !d.candidates.length).length;
    if (none) evalNotes.push(`${none} of ${dev.length} dev-set items have no check-worthy sentence for detectClaims: both engines predict "no match" for them.`);
  } catch (e) {
    evalNotes.push(`dev set unreadable: ${(e as Error).message}`);
  }
} else evalNotes.push(`no dev set at ${DEVSET}: dev-set rows skipped.`);
for (const [name, exps] of [
  ['seed', SEED_EXPECTATIONS],
  ['example', EXAMPLE_EXPECTATIONS],
] as const) {
  const a = articles.find((x) => x.name === name);
  if (!a) continue;
  const { items, unscored, missing } = fromExpectations(name, a.candidates, exps);
  labelled.push(...items);
  if (unscored) evalNotes.push(`${name}: ${unscored} expectation(s) give a status but no claim id and are not scored.`);
  if (missing.length) evalNotes.push(`${name}: ${missing.length} expected sentence(s) not detected, not scored: ${missing.join('; ')}`);
}
const evalSets = [...new Set(labelled.map((l) => l.set))];
function evaluate(p: Predictor, items = labelled): Map<string, Score> {
  const preds = items.map((it) => predict(it, p));
  const out = new Map<string, Score>();
  for (const s of evalSets) {
    const idx = items.map((it, i) => (it.set === s ? i : -1)).filter((i) => i >= 0);
    out.set(s, score(idx.map((i) => items[i]!), idx.map((i) => preds[i]!)));
  }
  const scored = items.map((it, i) => (it.set === 'example' ? -1 : i)).filter((i) => i >= 0);
  out.set('headline', score(scored.map((i) => items[i]!), scored.map((i) => preds[i]!)));
  return out;
}
const dev = labelled.filter((l) => l.set === 'devset');
const devCands = dev.flatMap((d) => d.candidates);
const devOursMs = time(() => devCands.map(ours))[1];
const oursEval = evaluate(ours);
const baseEval = evaluate(baseTimed);
if (dev.length) {
  const cands = devCands;
  const oursMs = devOursMs;
  timed.push({ name: 'dev-set items', sentences: cands.length, detect: NaN, ours: oursMs, base: sum(cands.map((c) => baseSeen.get(c)?.ms ?? 0)) });
}
const total: Timed = { name: '**all of the above**', sentences: sum(timed.map((t) => t.sentences)), detect: NaN, ours: sum(timed.map((t) => t.ours)), base: sum(timed.map((t) => t.base)) };
console.log(`Time to match the check-worthy sentences (detection is shared and shown apart); ratio = fuse.js time / ours.\n`);
console.log(table(['article', 'sentences', 'detect ms', 'ours ms', 'fuse.js ms', 'ratio'], [...timed, total].map(row)));
const speedup = total.base / total.ours;
if (corpusRuns.length) {
  const t = corpusRuns.map((r) => r[1]);
  console.log(
    `\nOurs alone over all ${corpus.length} corpus pages (${allCorpus.length} sentences): median page ${ms(median(t))} ms, p95 ${ms(quantile(t, 0.95))} ms, max ${ms(Math.max(...t))} ms, total ${ms(sum(t))} ms.`,
  );
}
console.log(`\nMatching quality: a prediction is right only when it is the labelled claim (TP); a wrong claim is a FP (and a FN when a claim was expected).\n`);
const prow = (label: string, k: string) => {
  const o = oursEval.get(k)!;
  const b = baseEval.get(k)!;
  return [label, o.n, pct(o.precision), pct(o.recall), `${o.tp}/${o.fp}/${o.fn}`, pct(b.precision), pct(b.recall), `${b.tp}/${b.fp}/${b.fn}`];
};
const prows = evalSets.map((s) =>
  prow(s === 'example' ? 'example (ours; tuned on it)' : s === 'devset' && DEV_EVERY > 1 ? `dev set, every ${DEV_EVERY}th item` : s, s),
);
if (devAll.length && DEV_EVERY > 1) {
  const o = score(devAll, devAll.map((it) => predict(it, ours)));
  prows.push([`dev set, all items (ours only; BENCH_FULL=1 runs fuse.js on all)`, o.n, pct(o.precision), pct(o.recall), `${o.tp}/${o.fp}/${o.fn}`, '–', '–', '–']);
}
prows.push(prow('**dev set + seed**', 'headline'));
console.log(table(['labelled set', 'items', 'ours P', 'ours R', 'ours TP/FP/FN', 'fuse.js P', 'fuse.js R', 'fuse.js TP/FP/FN'], prows));
if (corpusRuns.length) {
  const oFp = sum(corpusRuns.map((r) => r[0].filter(Boolean).length));
  const bFp = sample.filter((c) => baseSeen.get(c)?.id).length;
  const oFpSample = sample.filter((c) => ours(c)).length;
  console.log(
    `\nFalse matches on the corpus pages (not about the war; every match is wrong): ours ${oFp} of all ${allCorpus.length} sentences; on the ${sample.length}-sentence sample ours ${oFpSample}, fuse.js ${bFp}.`,
  );
}
for (const n of evalNotes) console.log(`> ${n}`);

const oh = oursEval.get('headline')!;
const bh = baseEval.get('headline')!;
console.log(`\n**Target ≥ 10× faster than the baseline:** ${verdict(speedup >= 10, `${(10 - speedup).toFixed(1)}× (measured ${speedup.toFixed(1)}×)`)} — ${speedup.toFixed(1)}× over the ${total.sentences} sentences timed for both.`);
console.log(
  `**Target better precision than the baseline:** ${
    oh.n === 0 ? 'not measured (no labelled items)' : verdict(oh.precision > bh.precision, `${(100 * (bh.precision - oh.precision)).toFixed(1)} points`)
  } — ours ${pct(oh.precision)} vs fuse.js ${pct(bh.precision)} over the same ${oh.n} labelled items (dev set${DEV_EVERY > 1 ? ` sample` : ''} + seed).`,
);

// ---------------------------------------------------------------------------------------------------------------
// 2. Scale
// ---------------------------------------------------------------------------------------------------------------
console.log(`\n## 2. Scale: the real pack plus synthetic filler claims\n`);
const SIZES = [1_000, 10_000, 100_000];
const REPS = 3;

// A 2,000-word article: the seed's paragraphs (or our example's) and sentences in the pack's own style, interleaved.
function longArticle(): string[] {
  const rnd = prng(7);
  const style = packStyleSentences(realPack);
  const src = articles.find((a) => a.name === 'seed') ?? articles[0]!;
  const paras = [...src.blocks];
  const blocks: string[] = [];
  let words = 0;
  const count = (s: string) => s.split(/\s+/).filter(Boolean).length;
  while (words < 2000) {
    const block =
      blocks.length % 2 && paras.length
        ? paras.shift()!
        : Array.from({ length: 4 }, () => style[Math.floor(rnd() * style.length)]!).join(' ');
    blocks.push(block);
    words += count(block);
  }
  return blocks;
}
const long = longArticle();
const [longCands, longDetect] = time(() => detectClaims(long));
const longWords = long.join(' ').split(/\s+/).length;
const scaleArticles = [
  ...articles.filter((a) => a.name === 'example' || a.name === 'seed').map((a) => ({ name: a.name, candidates: a.candidates, detect: a.detectMs })),
  { name: `${longWords}-word article`, candidates: longCands, detect: longDetect },
];

interface ScaleRow {
  statements: number;
  claims: number;
  packBytes: number;
  indexBytes: number;
  parse: number;
  build: number;
  buildNoIndex: number;
  heapPack: number;
  match: { name: string; cold: number; warm: number; sentences: number }[];
  eval: Score;
  changed: number;
  corpusFp: number;
  corpusMs: number;
  longChanged: number;
  lazyParse: number;
  heapUsed: number;
}
function loadOnce(pText: string, iText: string, holder: { ri?: ReferenceIndex }) {
  holder.ri = undefined;
  const h0 = heap();
  const [parsed, parseMs] = time(() => [JSON.parse(pText) as Pack, JSON.parse(iText) as FuseIndexJson] as const);
  const [ri, buildMs] = time(() => new ReferenceIndex(parsed[0], parsed[1]));
  holder.ri = ri;
  return { parseMs, buildMs, h0, heapDelta: heap() - h0 };
}

/**
 * The letter-count prefilter in ReferenceIndex (used on packs of 2,000+ names) must give exactly Fuse's own hits: both
 * are run on the names of our articles and on misspelt filler names, and every difference is counted.
 */
let fuzzyCheck = '';
function checkFuzzy(ri: ReferenceIndex): string {
  const terms = new Set<string>();
  for (const a of articles.filter((x) => !x.name.startsWith('corpus/'))) for (const t of nameTerms(a.blocks.join(' '))) terms.add(t);
  for (const e of ri.entities.slice(-60)) [e.n.slice(0, -1), e.n.replace(/[aeiou]/, 'y'), `${e.n}a`].forEach((t) => terms.add(t));
  const fuzzy = (ri as unknown as { fuzzy(t: string): { item: { n: string }; score?: number; refIndex: number }[] }).fuzzy.bind(ri);
  const key = (rs: { item: { n: string }; score?: number; refIndex: number }[]) => JSON.stringify(rs.map((r) => [r.item.n, r.score, r.refIndex]));
  let differ = 0;
  let hits = 0;
  let tFuse = 0;
  let tOurs = 0;
  for (const t of terms) {
    const [a, ta] = time(() => ri.fuse.search(t, { limit: 4 }));
    const [b, tb] = time(() => fuzzy(t));
    tFuse += ta;
    tOurs += tb;
    if (a.length) hits++;
    if (key(a) !== key(b)) differ++;
  }
  return `Fuzzy name search with the letter prefilter vs fuse.js alone (10k pack, ${ri.entities.length} names): ${terms.size} terms, ${hits} with hits, ${differ} differ; ${ms(tOurs)} ms vs ${ms(tFuse)} ms.`;
}
const realPreds = labelled.map((it) => predict(it, ours));
const longRes = longCands.map((c) => judge(c, ref).match?.id ?? null);
const scaleRows: ScaleRow[] = [];
for (const size of SIZES) {
  const [pack, genMs] = time(() => scaledPack(realPack, size));
  const pText = JSON.stringify(pack);
  const iText = JSON.stringify(buildIndex(pack));
  const statements = pack.claims.reduce((n, c) => n + c.statements.length, 0);
  const parses: number[] = [];
  const builds: number[] = [];
  const noIdx: number[] = [];
  let heapPack = 0;
  let heapBase = 0;
  // Each load runs in its own call, so no stale local of an earlier repetition keeps its objects alive while the
  // heap is measured; the loaded index is held in `holder` until the next repetition.
  const holder: { ri?: ReferenceIndex } = {};
  for (let r = 0; r < REPS; r++) {
    const m = loadOnce(pText, iText, holder);
    parses.push(m.parseMs);
    builds.push(m.buildMs);
    heapPack = m.heapDelta;
    heapBase = m.h0;
  }
  // An alternative file layout, measured only: each claim's statements kept as one JSON string, parsed on first use.
  const lazyParse = (() => {
    const lazyText = JSON.stringify({ ...pack, claims: pack.claims.map((c) => ({ ...c, statements: JSON.stringify(c.statements) })) });
    return median([0, 1, 2].map(() => time(() => JSON.parse(lazyText))[1]));
  })();
  for (let r = 0; r < REPS; r++) {
    const p = JSON.parse(pText) as Pack;
    noIdx.push(time(() => new ReferenceIndex(p))[1]);
  }
  const ri = holder.ri!;
  const match = scaleArticles.map((a) => {
    const cold = time(() => a.candidates.map((c) => judge(c, ri)))[1];
    const warm = median([0, 1, 2].map(() => time(() => a.candidates.map((c) => judge(c, ri)))[1]));
    return { name: a.name, cold, warm, sentences: a.candidates.length };
  });
  const heapUsed = heap() - heapBase;
  if (size === 10_000) fuzzyCheck = checkFuzzy(ri);
  // Quality at this size: the same labelled items, and the corpus pages (a fresh index so no cache carries over).
  const rp = oursPredictor(ri);
  const preds = labelled.map((it) => predict(it, rp));
  const changed = preds.filter((p, i) => p !== realPreds[i]).length;
  const longChanged = longCands.filter((c, i) => (judge(c, ri).match?.id ?? null) !== longRes[i]).length;
  const scored = labelled.map((it, i) => (it.set === 'example' ? -1 : i)).filter((i) => i >= 0);
  const ev = score(scored.map((i) => labelled[i]!), scored.map((i) => preds[i]!));
  const [corpusFp, corpusMs] = FULL ? time(() => sum(corpus.map((a) => a.candidates.filter((c) => rp(c)).length))) : [NaN, NaN];
  scaleRows.push({
    statements,
    claims: pack.claims.length,
    packBytes: Buffer.byteLength(pText),
    indexBytes: Buffer.byteLength(iText),
    parse: median(parses),
    build: median(builds),
    buildNoIndex: median(noIdx),
    heapPack,
    match,
    eval: ev,
    changed,
    corpusFp,
    corpusMs,
    longChanged,
    lazyParse,
    heapUsed,
  });
  console.error(`  (generated ${size} statements in ${ms(genMs)} ms; measured)`);
}
console.log(`Filler: made-up place and person names (none is a name or word of the real pack), figures 11–99 or fractional, 1–4 statements each; seeded PRNG, identical on every run. Load times are medians of ${REPS}; heap is \`heapUsed\` after a forced GC.\n`);
console.log(
  table(
    ['statements', 'claims', 'pack JSON', 'name index JSON', 'JSON.parse ms', 'ReferenceIndex ms', '**load ms**', 'ReferenceIndex, no prebuilt index ms', 'heap after load (pack + ReferenceIndex)', 'heap after matching (+ lazy indexes, caches)', 'JSON.parse if statements were strings (layout not adopted)'],
    scaleRows.map((r) => [
      r.statements.toLocaleString('en-US'),
      r.claims.toLocaleString('en-US'),
      mb(r.packBytes),
      mb(r.indexBytes),
      ms(r.parse),
      ms(r.build),
      `**${ms(r.parse + r.build)}**`,
      ms(r.buildNoIndex),
      mb(r.heapPack),
      mb(r.heapUsed),
      ms(r.lazyParse),
    ]),
  ),
);
console.log(`\nMatching time per article (judge over the detected sentences; detection itself is shown apart and does not depend on the pack). Cold = first pass over that article on a freshly loaded index (its names not yet cached; the first article, our example, also pays for building the lazy indexes); warm = median of 3 further passes.\n`);
console.log(
  table(
    ['article', 'sentences', 'detect ms', ...scaleRows.flatMap((r) => [`${r.statements.toLocaleString('en-US')} cold`, `${r.statements.toLocaleString('en-US')} warm`])],
    scaleArticles.map((a, i) => [
      a.name,
      a.candidates.length,
      ms(a.detect),
      ...scaleRows.flatMap((r) => [ms(r.match[i]!.cold), ms(r.match[i]!.warm)]),
    ]),
  ),
);
console.log(`\nQuality at scale (labelled dev set + seed; corpus: matches on unrelated pages, all false):\n`);
console.log(
  table(
    ['statements', 'precision', 'recall', 'labelled predictions changed vs real pack', 'long-article matches changed', 'corpus false matches', 'corpus match ms (all pages)'],
    scaleRows.map((r) => [r.statements.toLocaleString('en-US'), pct(r.eval.precision), pct(r.eval.recall), `${r.changed} of ${labelled.length}`, `${r.longChanged} of ${longCands.length}`, corpus.length && FULL ? `${r.corpusFp} of ${allCorpus.length}` : '(BENCH_FULL=1)', corpus.length && FULL ? ms(r.corpusMs) : '–']),
  ),
);
if (fuzzyCheck) console.log(`\n${fuzzyCheck}`);
const big = scaleRows.at(-1)!;
const bigLoad = big.parse + big.build;
const bigLong = big.match.at(-1)!;
console.log(`\n**Target 100k-statement pack loads in ≤ 150 ms:** ${verdict(bigLoad <= 150, `${ms(bigLoad - 150)} ms (measured ${ms(bigLoad)} ms: JSON.parse ${ms(big.parse)} + ReferenceIndex ${ms(big.build)})`)}${bigLoad <= 150 ? ` — ${ms(bigLoad)} ms` : ''}.`);
console.log(
  `**Target 100k-statement pack matches a 2,000-word article in ≤ 50 ms:** warm (index in use): ${verdict(bigLong.warm <= 50, `${ms(bigLong.warm - 50)} ms`)} — ${ms(bigLong.warm)} ms; ` +
    `cold (its names not yet cached; the lazy indexes were built by the example before it): ${verdict(bigLong.cold <= 50, `${ms(bigLong.cold - 50)} ms`)} — ${ms(bigLong.cold)} ms. Detection adds ${ms(longDetect)} ms (content script).`,
);
console.log(`\n_Whole run: ${((performance.now() - tStart) / 1000).toFixed(1)} s._`);
