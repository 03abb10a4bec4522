/**
 * Pages for the browser tests, served from 127.0.0.1: our own example article, a page that is not an article, and
 * (when ../shared is present) the seed article wrapped as the seed README says.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');
export const SEED_FILE = join(ROOT, '..', 'shared', 'seed', 'war-report-2022-07.txt');
export const hasSeed = () => existsSync(SEED_FILE);
/** Saved real web pages (Mozilla Readability's test pages; see ../shared/corpus/SOURCE.md). Read at test time only. */
export const CORPUS_DIR = join(ROOT, '..', 'shared', 'corpus', 'pages');
export const hasCorpus = () => existsSync(CORPUS_DIR);
export const corpusPages = (): string[] =>
  hasCorpus()
    ? readdirSync(CORPUS_DIR, { withFileTypes: true })
        .filter((d) => d.isDirectory() && existsSync(join(CORPUS_DIR, d.name, 'source.html')))
        .map((d) => d.name)
        .sort()
    : [];

/**
 * A saved page with its scripts neutralised (every <script> element removed, `srcdoc` and inline `on…` handler
 * attributes renamed to data-neutralised-…; bytes otherwise untouched), so it cannot change on its own while we compare
 * it before and after the scan. Served in its declared charset.
 */
export function corpusPage(name: string): { body: Buffer; headers: Record<string, string> } {
  const raw = readFileSync(join(CORPUS_DIR, name, 'source.html'));
  const text = raw
    .toString('latin1')
    .replace(/<script\b[\s\S]*?<\/script\s*>/gi, '')
    // Scripts hide in iframe srcdoc documents (aktualne's adds a teaser to the parent page) and in inline handlers.
    .replace(/<[a-z][^>]*>/gi, (tag) => tag.replace(/(\s)(srcdoc|on[a-z]+)(\s*=)/gi, '$1data-neutralised-$2$3'));
  const declared = /<meta[^>]+charset=/i.test(text.slice(0, 5000));
  return { body: Buffer.from(text, 'latin1'), headers: { 'content-type': declared ? 'text/html' : 'text/html; charset=utf-8' } };
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The seed as a page: headline in <h1>, paragraphs in <p>, inside an <article>. */
export function seedPage(): string {
  const lines = readFileSync(SEED_FILE, 'utf8')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  const [title, ...paras] = lines;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title!)}</title>
<style>body{font:18px/1.6 Georgia,serif;max-width:760px;margin:2rem auto;padding:0 1rem;color:#222;background:#fff}</style></head>
<body><header><a href="/">News</a></header><article><h1>${esc(title!)}</h1>
${paras.map((p) => `<p>${esc(p)}</p>`).join('\n')}
</article></body></html>`;
}

export const NOT_ARTICLE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign in</title></head>
<body><nav><a href="/a">Home</a> <a href="/b">Prices</a></nav>
<form><label>Email <input type="email" value="Russia said it captured Lysychansk"></label><button>Sign in</button></form></body></html>`;

export interface PageServer {
  url(path: string): string;
  close(): Promise<void>;
}

/** What a route serves: a page (HTML), or a body with its own headers (for example a Content-Security-Policy). */
export type Served = string | { body: string | Buffer; headers?: Record<string, string>; status?: number };
export type Routes = Record<string, () => Served>;

/**
 * Serves our pages on 127.0.0.1 (random port). `extra` adds exact paths; `extraPrefix` maps a path prefix to a function
 * of the rest of the path (undefined = 404).
 */
export async function servePages(
  extra: Routes = {},
  extraPrefix: Record<string, (rest: string) => Served | undefined> = {},
  /** Every request's path, in order (for tests that account for who asked for what). */
  log?: string[],
): Promise<PageServer> {
  const routes: Routes = {
    ...extra,
    '/example.html': () => readFileSync(join(ROOT, 'examples', 'article-2022-07-04.html'), 'utf8'),
    '/olenivka.html': () => readFileSync(join(ROOT, 'examples', 'article-olenivka-2022-07-30.html'), 'utf8'),
    '/not-article.html': () => NOT_ARTICLE,
  };
  if (hasSeed()) routes['/seed.html'] = seedPage;
  const server: Server = createServer((req, res) => {
    log?.push(req.url ?? '/');
    const path = (req.url ?? '/').split('?')[0]!;
    let served: Served | undefined = routes[path]?.();
    if (served === undefined)
      for (const [prefix, fn] of Object.entries(extraPrefix))
        if (path.startsWith(prefix)) served = fn(decodeURIComponent(path.slice(prefix.length)));
    if (served === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    if (typeof served === 'string') served = { body: served };
    res.writeHead(served.status ?? 200, { 'content-type': 'text/html; charset=utf-8', ...served.headers }).end(served.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
