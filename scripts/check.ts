/**
 * `npm run --silent check -- <article.html | article.txt | -> [--json] [--pack extra-pack.json]`
 *
 * Runs the extension's engine on one article from the command line (contract: docs cli-contract.md). HTML goes
 * through the same Readability extraction as the extension (on jsdom); `.txt` is plain text, first line = title;
 * `-` reads standard input (HTML when it starts with `<`). Output: a readable table, or with `--json` exactly one
 * JSON object described by `CheckReport` (lib/report.ts).
 *
 * Exit codes: 0 success; 2 bad input (one line on stderr, never a stack trace); 1 internal error.
 */
import { existsSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { analyzeBlocks, type ClaimResult } from '../lib/engine';
import { articleFromText, extractArticle, isoDay, type Article } from '../lib/engine/01-extract';
import { ReferenceIndex, type FuseIndexJson } from '../lib/pack/reference';
import { Pack } from '../lib/pack/schema';
import { DataError, mergeSources } from '../lib/pack/sources';
import { CheckReport, toReport, type ReportStatus } from '../lib/report';

/** data/build, where `npm run data:build` writes the pack (same as BUILD in scripts/data-lib.ts, which is not imported
 * here because it loads the whole data pipeline). */
const BUILD = join(import.meta.dirname, '..', 'data', 'build');

const USAGE = 'usage: npm run --silent check -- <article.html | article.txt | -> [--json] [--pack extra-pack.json] [--date YYYY-MM-DD]';
const HELP = `${USAGE}

Checks the claims of one article against the reference pack, with the extension's engine.

  <file>            an article: .html/.htm (extracted like the extension does) or .txt (first line = title)
  -                 read the article from standard input (HTML if it starts with "<", else plain text)
  --json            print one JSON object (the CheckReport schema in lib/report.ts) instead of a table
  --pack <file>     add the origins, groups and claims of an extra pack (same format as data/build/pack.json)
  --date <day>      the article's date (YYYY-MM-DD), for "on Sunday" and the daily reports its figures are checked
                    against; without it, the page's metadata (article:published_time, JSON-LD datePublished, <time>)
  -h, --help        show this help

Exit status: 0 on success, 2 on bad input (one line on stderr).`;

/** Bad input: reported as one line on stderr, exit 2. */
class InputError extends Error {}

interface Options {
  input: string;
  json: boolean;
  pack: string | null;
  date: string | null;
}

function parseArgs(argv: readonly string[]): Options | 'help' {
  let input: string | null = null;
  let json = false;
  let pack: string | null = null;
  let date: string | null = null;
  let endOfOptions = false;
  const positional = (a: string) => {
    if (input !== null) throw new InputError(`only one input is allowed (got "${input}" and "${a}")`);
    input = a;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (endOfOptions || a === '-' || !a.startsWith('-')) positional(a);
    else if (a === '--') endOfOptions = true;
    else if (a === '-h' || a === '--help') return 'help';
    else if (a === '--json') json = true;
    else if (a === '--pack' || a.startsWith('--pack=')) {
      const value = a === '--pack' ? argv[++i] : a.slice('--pack='.length);
      if (!value) throw new InputError('--pack needs a file name');
      if (pack !== null) throw new InputError('--pack can be given only once');
      pack = value;
    } else if (a === '--date' || a.startsWith('--date=')) {
      const value = a === '--date' ? argv[++i] : a.slice('--date='.length);
      if (!value) throw new InputError('--date needs a day as YYYY-MM-DD');
      if (!isoDay(value) || isoDay(value) !== value || Number.isNaN(Date.parse(`${value}T00:00:00Z`)) || new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value)
        throw new InputError(`--date "${value}": expected a day as YYYY-MM-DD`);
      if (date !== null) throw new InputError('--date can be given only once');
      date = value;
    } else throw new InputError(`unknown option "${a}" (try --help)`);
  }
  if (input === null) throw new InputError(`no input given; ${USAGE}`);
  return { input, json, pack, date };
}

/** Reads a file (or stdin for "-") as UTF-8, turning file-system errors into one-line reasons. */
function readInput(path: string, what: string): string {
  try {
    return readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'is a directory'
          : code === 'EACCES'
            ? 'permission denied'
            : `cannot be read (${code ?? (e instanceof Error ? e.message : String(e))})`;
    throw new InputError(`${what} ${path === '-' ? 'standard input' : `"${path}"`}: ${reason}`);
  }
}

const HTML_EXT = new Set(['.html', '.htm', '.xhtml']);
const TEXT_EXT = new Set(['.txt', '.text']);

async function loadArticle(input: string): Promise<Article> {
  const text = readInput(input, 'input').replace(/^\uFEFF/, '');
  const ext = input === '-' ? '' : extname(input).toLowerCase();
  if (ext && !HTML_EXT.has(ext) && !TEXT_EXT.has(ext))
    throw new InputError(`input "${input}": unsupported file type "${ext}" (expected .html, .htm or .txt, or - for standard input)`);
  // Without an extension (standard input), the content decides.
  const isHtml = HTML_EXT.has(ext) || (!ext && /^\s*</.test(text));
  if (!isHtml) return articleFromText(text);
  // jsdom is loaded only for HTML (it is most of the start-up time). A silent virtual console: page scripts are not
  // run, and CSS or markup warnings are not our output.
  const { JSDOM, VirtualConsole } = await import('jsdom');
  const dom = new JSDOM(text, { virtualConsole: new VirtualConsole() });
  try {
    const extraction = extractArticle(dom.window.document, { force: true });
    if (!extraction.ok) throw new InputError(`${input === '-' ? 'standard input' : `"${input}"`}: ${extraction.reason}`);
    return extraction.article;
  } finally {
    dom.window.close();
  }
}

function parseJsonFile(path: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new InputError(`"${path}": not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
}

function parsePack(path: string, raw: unknown): Pack {
  const result = Pack.safeParse(raw);
  if (result.success) return result.data;
  const first = result.error.issues[0]!;
  const more = result.error.issues.length > 1 ? ` (and ${result.error.issues.length - 1} more problems)` : '';
  const at = formatPath(first.path);
  throw new InputError(`"${path}"${at ? ` at ${at}` : ''}: ${first.message}${more}`);
}

/** The bundled pack and its prebuilt index from data/build, merged with an extra pack when given. */
function loadReference(extraPath: string | null): ReferenceIndex {
  const packFile = join(BUILD, 'pack.json');
  const indexFile = join(BUILD, 'fuse-index.json');
  if (!existsSync(packFile) || !existsSync(indexFile)) throw new InputError('reference pack not built: run npm run data:build');
  const bundledResult = Pack.safeParse(parseJsonFile('data/build/pack.json', readInput(packFile, 'reference pack')));
  if (!bundledResult.success) throw new InputError('reference pack data/build/pack.json is invalid: run npm run data:build');
  const bundled = bundledResult.data;

  if (extraPath === null) {
    const index = parseJsonFile('data/build/fuse-index.json', readInput(indexFile, 'reference index')) as FuseIndexJson;
    return new ReferenceIndex(bundled, index);
  }

  const extra = parsePack(extraPath, parseJsonFile(extraPath, readInput(extraPath, 'pack')));
  let merged: ReturnType<typeof mergeSources>;
  try {
    // Unique ids across both packs, and every origin's group and statement's origin known.
    merged = mergeSources({
      origins: [
        { file: 'data/build/pack.json', data: { groups: bundled.groups, origins: bundled.origins } },
        { file: `"${extraPath}"`, data: { groups: extra.groups, origins: extra.origins } },
      ],
      claims: [
        { file: 'data/build/pack.json', data: { topic: bundled.title, claims: bundled.claims } },
        { file: `"${extraPath}"`, data: { topic: extra.title, claims: extra.claims } },
      ],
    });
  } catch (e) {
    if (e instanceof DataError) throw new InputError(e.message);
    throw e;
  }
  const pack: Pack = {
    ...bundled,
    version: `${bundled.version}+${extra.id}@${extra.version}`,
    licences: [...bundled.licences, ...extra.licences.filter((l) => !bundled.licences.includes(l))],
    outlets: [...bundled.outlets, ...extra.outlets.filter((o) => !bundled.outlets.some((b) => b.name === o.name))],
    ...merged,
  };
  return new ReferenceIndex(pack);
}

// ---- table output ----------------------------------------------------------------------------------------------

/** Word-wraps `text` to `width` columns, at most `maxLines` lines; an overflow ends with "…". */
function wrap(text: string, width: number, maxLines = Infinity): string[] {
  const lines: string[] = [];
  let line = '';
  const words = text.replace(/\s+/g, ' ').trim().split(' ').filter(Boolean);
  for (let word of words) {
    // Break words longer than a line (ids, URLs) at a dash when possible, else hard.
    while (word.length > width) {
      const dash = word.lastIndexOf('-', width - 1);
      const cut = dash > 0 ? dash + 1 : width;
      if (line) lines.push(line), (line = '');
      lines.push(word.slice(0, cut));
      word = word.slice(cut);
    }
    if (!line) line = word;
    else if (line.length + 1 + word.length <= width) line += ` ${word}`;
    else lines.push(line), (line = word);
  }
  if (line) lines.push(line);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  let last = kept[maxLines - 1]!;
  if (last.length + 1 > width) last = last.slice(0, width - 1).replace(/\s+\S*$/, '') || last.slice(0, width - 1);
  kept[maxLines - 1] = `${last.replace(/[\s,.;:]+$/, '')}…`;
  return kept;
}

/** Cuts `s` to `width` columns with "…". */
function clip(s: string, width: number): string {
  return s.length <= width ? s : `${s.slice(0, width - 1)}…`;
}

const STATUSES: ReportStatus[] = ['corroborated', 'disputed', 'single-sourced', 'unmatched'];

function renderTable(source: string, article: Article, ref: ReferenceIndex, results: readonly ClaimResult[]): string {
  const total = Math.min(120, Math.max(100, process.stdout.isTTY ? process.stdout.columns || 110 : 110));
  const gap = '  ';
  const wStatus = 14;
  const rest = total - wStatus - gap.length * 3;
  const wSentence = Math.round(rest * 0.35);
  const wMatch = Math.round(rest * 0.3);
  const wWhy = rest - wSentence - wMatch;
  const widths = [wStatus, wSentence, wMatch, wWhy];
  const row = (cells: string[][]) => {
    const height = Math.max(...cells.map((c) => c.length));
    const out: string[] = [];
    for (let i = 0; i < height; i++)
      out.push(cells.map((c, j) => (c[i] ?? '').padEnd(widths[j]!)).join(gap).trimEnd());
    return out.join('\n');
  };

  const out: string[] = [];
  const title = article.title ? ` — ${article.title}` : '';
  out.push(...wrap(`${source}${title}`, total, 2), '');
  if (!results.length) out.push('No check-worthy sentences found.');
  else {
    out.push(row([['STATUS'], ['SENTENCE'], ['MATCHED REFERENCE CLAIM'], ['WHY']]));
    out.push(widths.map((w) => '─'.repeat(w)).join(gap));
    const rows = results.map((r) => {
      const match = r.match
        ? [
            ...wrap(r.match.text, wMatch, 3),
            ...wrap(r.match.id, wMatch, 2),
            `score ${r.match.score.toFixed(2)}`,
            // Other reference claims the sentence also states (not part of the JSON contract).
            ...r.also.slice(0, 2).map((a) => clip(`+ ${a.id}`, wMatch)),
            ...(r.also.length > 2 ? [`+ ${r.also.length - 2} more`] : []),
          ]
        : ['—'];
      const figs = r.figures.filter((f) => f.check !== 'unknown').map((f) => `${f.text}: ${f.check}`);
      const why = wrap(r.why, wWhy, 6);
      if (figs.length) why.push(...wrap(`Figures: ${figs.join(', ')}.`, wWhy, 1));
      return row([[r.status], wrap(r.text, wSentence, 5), match, why]);
    });
    out.push(rows.join('\n\n'));
  }
  const counts = STATUSES.map((s) => `${results.filter((r) => r.status === s).length} ${s}`).join(', ');
  const { pack } = ref;
  out.push(
    '',
    `${results.length} check-worthy claim${results.length === 1 ? '' : 's'}: ${counts}.`,
    `Reference pack ${pack.id} ${pack.version} (${pack.claims.length} claims).`,
  );
  return out.join('\n');
}

// ---- main --------------------------------------------------------------------------------------------------------

async function main(argv: readonly string[]): Promise<number> {
  const opts = parseArgs(argv);
  if (opts === 'help') {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const article = await loadArticle(opts.input);
  const ref = loadReference(opts.pack);
  const published = opts.date ?? article.published;
  const results = analyzeBlocks(article.blocks, ref, { article: { ...(published ? { published } : {}) } });
  if (opts.json) {
    const report = CheckReport.parse(toReport(opts.input, ref, results));
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    process.stdout.write(`${renderTable(opts.input, article, ref, results)}\n`);
  }
  return 0;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (e) {
  if (e instanceof InputError) {
    process.stderr.write(`check: ${e.message.replace(/\s*\n\s*/g, ' ')}\n`);
    process.exitCode = 2;
  } else {
    process.stderr.write(`check: internal error: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}\n`);
    process.exitCode = 1;
  }
}
