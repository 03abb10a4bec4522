/**
 * Pages for the browser tests, served from 127.0.0.1: our own example article, a page that is not an article, and
 * (when ../shared is present) the seed article wrapped as the seed README says.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');
export const SEED_FILE = join(ROOT, '..', 'shared', 'seed', 'war-report-2022-07.txt');
export const hasSeed = () => existsSync(SEED_FILE);

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

export async function servePages(): Promise<PageServer> {
  const routes: Record<string, () => string> = {
    '/example.html': () => readFileSync(join(ROOT, 'examples', 'article-2022-07-04.html'), 'utf8'),
    '/not-article.html': () => NOT_ARTICLE,
  };
  if (hasSeed()) routes['/seed.html'] = seedPage;
  const server: Server = createServer((req, res) => {
    const route = routes[(req.url ?? '/').split('?')[0]!];
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(route());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
