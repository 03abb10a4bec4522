/**
 * `npm run bench`: times the engine in Node (no browser) and prints the numbers: pack load, then per page extraction
 * (Readability over jsdom) and analysis (detect + match + verdict), over our example, the seed and the saved real
 * pages of ../shared/corpus when present. Browser timings of the content script come from the browser tests, which
 * print them for the seed article.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { JSDOM, VirtualConsole } from 'jsdom';
import { analyzeBlocks } from '../lib/engine';
import { extractArticle } from '../lib/extract';
import { ReferenceIndex, type FuseIndexJson } from '../lib/pack/reference';
import type { Pack } from '../lib/pack/schema';
import { seedPage, SEED_FILE } from '../test/e2e/pages';
import { BUILD, ROOT } from './data-lib';

const t0 = performance.now();
const pack = JSON.parse(readFileSync(join(BUILD, 'pack.json'), 'utf8')) as Pack;
const index = JSON.parse(readFileSync(join(BUILD, 'fuse-index.json'), 'utf8')) as FuseIndexJson;
const ref = new ReferenceIndex(pack, index);
console.log(`pack load (parse JSON + index): ${(performance.now() - t0).toFixed(1)} ms, ${pack.claims.length} claims`);

const pages: { name: string; html: string }[] = [{ name: 'example', html: readFileSync(join(ROOT, 'examples', 'article-2022-07-04.html'), 'utf8') }];
if (existsSync(SEED_FILE)) pages.push({ name: 'seed', html: seedPage() });
const corpus = join(ROOT, '..', 'shared', 'corpus', 'pages');
if (existsSync(corpus))
  for (const d of readdirSync(corpus).sort()) {
    const f = join(corpus, d, 'source.html');
    if (existsSync(f)) pages.push({ name: `corpus/${d}`, html: readFileSync(f, 'utf8') });
  }
else console.log('(../shared/corpus not present: timing only our example and the seed)');

const rows: { name: string; extract: number; analyze: number; claims: number; article: boolean }[] = [];
for (const p of pages) {
  const doc = new JSDOM(p.html, { virtualConsole: new VirtualConsole() }).window.document;
  const a = performance.now();
  const ex = extractArticle(doc);
  const b = performance.now();
  const results = ex.ok ? analyzeBlocks(ex.article.blocks, ref) : [];
  const c = performance.now();
  rows.push({ name: p.name, extract: b - a, analyze: c - b, claims: results.length, article: ex.ok });
}
const q = (xs: number[], p: number) => {
  const s = [...xs].sort((x, y) => x - y);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? 0;
};
for (const r of rows.slice(0, 2))
  console.log(`${r.name.padEnd(8)} extract ${r.extract.toFixed(1)} ms, analyse ${r.analyze.toFixed(1)} ms, ${r.claims} claims`);
const cs = rows.filter((r) => r.name.startsWith('corpus/'));
if (cs.length) {
  const an = cs.map((r) => r.analyze);
  const ex = cs.map((r) => r.extract);
  console.log(
    `corpus: ${cs.length} pages, ${cs.filter((r) => r.article).length} articles, ${cs.reduce((n, r) => n + r.claims, 0)} check-worthy sentences\n` +
      `  extract  median ${q(ex, 0.5).toFixed(1)} ms, p95 ${q(ex, 0.95).toFixed(1)} ms, max ${Math.max(...ex).toFixed(1)} ms\n` +
      `  analyse  median ${q(an, 0.5).toFixed(1)} ms, p95 ${q(an, 0.95).toFixed(1)} ms, max ${Math.max(...an).toFixed(1)} ms`,
  );
  const slow = [...cs].sort((a, b) => b.analyze + b.extract - a.analyze - a.extract)[0]!;
  console.log(`  slowest: ${slow.name} (extract ${slow.extract.toFixed(1)} ms, analyse ${slow.analyze.toFixed(1)} ms, ${slow.claims} claims)`);
}
