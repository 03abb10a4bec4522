/**
 * `npm run bench:extract`: the ways of getting the article out of a page, measured on the 98 saved real pages of
 * ../shared/corpus in Debian's Chromium (no extension; each way injected into a fresh load of the page, scripts of the
 * page neutralised, every off-host request blocked). Prints numbers; asserts nothing.
 *
 *   A  in page, today's way: Readability on a clone of the whole page, one task
 *   B  in page, trimmed clone: only the article-ish subtree (and the head's metadata) cloned and parsed
 *   C  page serialises its HTML in ≤ 10 ms slices (after the cheap readerable gate) and posts it; Readability runs on
 *      the parsed copy in another process (here: a second tab, as the offscreen document / Firefox's background page)
 *   C1 the same HTML in one native outerHTML call (is slicing needed?)
 *   D  the readerable gate alone
 *
 * Per page: Readability's own time (its parse() call in A), each way's main-thread time and longest task on the page,
 * whether its article is the same as A's. Summary per way: median / p95 / max, pages over 50 ms, ratio to Readability.
 * BENCH_PAGES=a,b,c limits the pages; BENCH_JSON=file writes the rows.
 */
import { writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { CHROMIUM } from '../test/e2e/chromium';
import { corpusPage, corpusPages, hasCorpus, ROOT, servePages } from '../test/e2e/pages';
import { offlineOnly } from '../test/e2e/watch';

interface Way {
  mainMs: number;
  longestMs: number;
  readabilityMs?: number;
  ok: boolean;
  digest?: string;
}

async function bundle(): Promise<string> {
  const out = await build({
    configFile: false,
    logLevel: 'warn',
    root: ROOT,
    build: {
      write: false,
      minify: true,
      lib: { entry: join(ROOT, 'scripts', 'bench-extract', 'page.ts'), formats: ['iife'], name: 'crosscheckBench', fileName: () => 'bench.js' },
    },
  });
  const o = (Array.isArray(out) ? out[0] : out) as { output: { code?: string }[] };
  return o.output[0]!.code!;
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]! : NaN;
};
const f1 = (n: number | undefined) => (n === undefined || Number.isNaN(n) ? '–' : n.toFixed(1));

async function main() {
  if (!hasCorpus()) {
    console.log('bench:extract: ../shared/corpus/pages is not present; nothing to measure');
    return;
  }
  const only = process.env.BENCH_PAGES?.split(',').filter(Boolean);
  const pages = corpusPages().filter((p) => !only || only.includes(p));
  const code = await bundle();
  const server = await servePages({}, { '/corpus/': (rest) => (pages.includes(rest.replace(/\/$/, '')) ? corpusPage(rest.replace(/\/$/, '')) : undefined) });
  const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'crosscheck-bench-')), {
    executablePath: CHROMIUM,
    headless: false,
    viewport: { width: 1200, height: 900 },
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  await offlineOnly(context);
  const far = await context.newPage();
  await far.goto('about:blank');
  await far.addScriptTag({ content: code });
  const page = await context.newPage();

  const fresh = async (p: Page, url: string) => {
    await p.goto(url, { waitUntil: 'load', timeout: 30_000 });
    await p.addScriptTag({ content: code });
  };

  const rows: { page: string; A: Way; B: Way & { rootTag?: string }; C: Way & { farMs?: number; parseHtmlMs?: number; bytes?: number; gateMs: number }; C1: { ms: number; chars: number }; D: { ms: number; ok: boolean } }[] = [];
  const t0 = Date.now();
  for (const name of pages) {
    const url = server.url(`/corpus/${name}/`);
    await fresh(page, url);
    const A = await page.evaluate(() => window.__bench.inPage());
    await fresh(page, url);
    const B = await page.evaluate(() => window.__bench.trimmed());
    await fresh(page, url);
    const Cp = await page.evaluate(() => window.__bench.serialized());
    let C: (typeof rows)[number]['C'] = { mainMs: Cp.mainMs, longestMs: Cp.longestMs, ok: false, digest: 'gated', gateMs: Cp.gateMs };
    if (Cp.ok) {
      if (process.env.BENCH_FAR_FRONT) await far.bringToFront();
      const F = await far.evaluate((html) => window.__bench.far(html), Cp.html);
      if (process.env.BENCH_FAR_FRONT) await page.bringToFront();
      C = { ...C, ok: F.ok, digest: F.digest, readabilityMs: F.readabilityMs, farMs: F.parseHtmlMs + F.extractMs, parseHtmlMs: F.parseHtmlMs, bytes: Cp.bytes };
    }
    const C1 = await page.evaluate(() => window.__bench.outerHtml());
    const D = await page.evaluate(() => window.__bench.gate());
    rows.push({ page: name, A, B, C, C1, D });
    if (process.env.BENCH_DEBUG) console.log(name, JSON.stringify({ A: { ...A, digest: undefined }, B: { ...B, digest: undefined }, C: { ...C, digest: undefined }, Cp: { ...Cp, html: Cp.html.length } }));
    else process.stdout.write('.');
  }
  const wall = (Date.now() - t0) / 1000;
  await context.close();
  await server.close();
  if (process.env.BENCH_JSON) writeFileSync(process.env.BENCH_JSON, JSON.stringify(rows, null, 1));

  const lines = [
    '',
    `Extraction alternatives on ${rows.length} saved pages in Chromium (${wall.toFixed(0)} s); ms on the page's main thread`,
    `${'page'.padEnd(36)} ${'Readab.'.padStart(7)} ${'A main'.padStart(7)} ${'B main'.padStart(7)} ${'C main'.padStart(7)} ${'C long'.padStart(7)} ${'C far'.padStart(7)} ${'C1 HTML'.padStart(7)} ${'D gate'.padStart(7)} ${'kB sent'.padStart(7)}  same as A`,
    ...rows.map(
      (r) =>
        `${r.page.padEnd(36)} ${f1(r.A.readabilityMs).padStart(7)} ${f1(r.A.mainMs).padStart(7)} ${f1(r.B.mainMs).padStart(7)} ${f1(r.C.mainMs).padStart(7)} ${f1(r.C.longestMs).padStart(7)} ${f1(r.C.farMs).padStart(7)} ${f1(r.C1.ms).padStart(7)} ${f1(r.D.ms).padStart(7)} ${(r.C.bytes ? (r.C.bytes / 1024).toFixed(0) : '–').padStart(7)}  B ${r.B.digest === r.A.digest ? 'yes' : 'NO '} C ${r.C.digest === r.A.digest ? 'yes' : 'NO '}`,
    ),
    '',
  ];
  // Pages Readability reads (A found an article): the ratio is per page, way's main-thread time / Readability's time.
  const read = rows.filter((r) => r.A.ok);
  const summary = (label: string, main: number[], longest: number[], ratio: number[], same: string) =>
    `${label.padEnd(44)} ${f1(pct(main, 50)).padStart(6)} ${f1(pct(main, 95)).padStart(6)} ${f1(Math.max(...main)).padStart(7)} ${f1(pct(longest, 50)).padStart(6)} ${f1(pct(longest, 95)).padStart(6)} ${f1(Math.max(...longest)).padStart(7)} ${String(longest.filter((x) => x > 50).length).padStart(5)} ${pct(ratio, 50).toFixed(2).padStart(6)} ${pct(ratio, 95).toFixed(2).padStart(6)}  ${same}`;
  const ratio = (f: (r: (typeof rows)[number]) => number) => read.map((r) => f(r) / Math.max(r.A.readabilityMs ?? 0, 0.1));
  lines.push(
    `over the ${read.length} pages with an article (${rows.length - read.length} not readerable):`,
    `${'way'.padEnd(44)} ${'main ms: median'.padStart(6)} p95    max   | longest: median p95 max | >50 | ratio to Readability: median p95 | article`,
    summary('Readability parse() alone (the floor)', read.map((r) => r.A.readabilityMs!), read.map((r) => r.A.readabilityMs!), ratio((r) => r.A.readabilityMs!), ''),
    summary('A in page, whole clone (today)', read.map((r) => r.A.mainMs), read.map((r) => r.A.longestMs), ratio((r) => r.A.mainMs), 'the reference'),
    summary('B in page, trimmed clone', read.map((r) => r.B.mainMs), read.map((r) => r.B.longestMs), ratio((r) => r.B.mainMs), `same article on ${read.filter((r) => r.B.digest === r.A.digest).length}/${read.length}`),
    summary('C serialised in slices, Readability elsewhere', read.map((r) => r.C.mainMs), read.map((r) => r.C.longestMs), ratio((r) => r.C.mainMs), `same article on ${read.filter((r) => r.C.digest === r.A.digest).length}/${read.length}`),
    summary('C1 one outerHTML call (unsliced)', read.map((r) => r.C1.ms), read.map((r) => r.C1.ms), ratio((r) => r.C1.ms), ''),
    summary('D readerable gate alone', read.map((r) => r.D.ms), read.map((r) => r.D.ms), ratio((r) => r.D.ms), ''),
    `C far side (parse the HTML + extract, off the page): median ${f1(pct(read.map((r) => r.C.farMs ?? 0), 50))} ms, p95 ${f1(pct(read.map((r) => r.C.farMs ?? 0), 95))} ms, max ${f1(Math.max(...read.map((r) => r.C.farMs ?? 0)))} ms; ` +
      `message size median ${(pct(read.map((r) => r.C.bytes ?? 0), 50) / 1024).toFixed(0)} kB, max ${(Math.max(...read.map((r) => r.C.bytes ?? 0)) / 1024).toFixed(0)} kB`,
    `not readerable (gate says no): ${rows.filter((r) => !r.D.ok).map((r) => r.page).join(', ') || 'none'}; gate cost there: max ${f1(Math.max(0, ...rows.filter((r) => !r.A.ok).map((r) => r.A.mainMs)))} ms`,
  );
  const differ = read.filter((r) => r.C.digest !== r.A.digest);
  for (const r of differ.slice(0, 8)) {
    const a = r.A.digest ?? '';
    const c = r.C.digest ?? '';
    let i = 0;
    while (i < a.length && a[i] === c[i]) i++;
    lines.push(`  C differs on ${r.page} at ${i}: A ${JSON.stringify(a.slice(i, i + 80))} / C ${JSON.stringify(c.slice(i, i + 80))}`);
  }
  console.log(lines.join('\n'));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
