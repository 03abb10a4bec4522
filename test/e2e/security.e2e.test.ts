/**
 * Security and permissions, read from what we ship (.output/chrome-mv3 and .output/firefox-mv2, after `wxt build`) and
 * from our own source:
 * - our source (lib/, components/, entrypoints/) never evaluates strings as code and never writes HTML from strings;
 *   the two places that handle page HTML as a string are listed with why each is safe (reading the page's markup to
 *   send it for extraction; parsing that copy into an inert document where Readability reads it);
 * - the bundles contain no eval / new Function / string timers / remote scripts; the HTML-writing calls that library
 *   code brings in (Preact, Readability) are listed below with why each is safe, and a new one fails the test;
 * - the manifests ask for exactly the justified permissions, no host permissions, no loosened CSP, no remote hosts.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './pages';

const BUILDS = { chrome: join(ROOT, '.output', 'chrome-mv3'), firefox: join(ROOT, '.output', 'firefox-mv2') } as const;

function files(dir: string, ext: RegExp): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p, ext) : ext.test(n) ? [p] : [];
  });
}

/** Code that turns strings into code, or writes HTML from strings. */
const CODE_FROM_STRINGS: [string, RegExp][] = [
  ['eval(', /(?<![\w$.])eval\s*\(/g],
  ['new Function(', /new\s+Function\s*\(/g],
  ['string timer', /set(?:Timeout|Interval)\s*\(\s*["'`]/g],
  ['importScripts', /importScripts\s*\(/g],
  ['remote import()', /import\s*\(\s*["'`]https?:/g],
];
const HTML_FROM_STRINGS: [string, RegExp][] = [
  ['innerHTML', /\.innerHTML\b/g],
  ['outerHTML', /\.outerHTML\b/g],
  ['parseFromString', /\bparseFromString\b/g],
  ['insertAdjacentHTML', /insertAdjacentHTML/g],
  ['document.write', /document\.write(?:ln)?\s*\(/g],
  ['createContextualFragment', /createContextualFragment/g],
  ['srcdoc', /\bsrcdoc\b/g],
  ['dangerouslySetInnerHTML', /dangerouslySetInnerHTML/g],
];

describe('our source (lib/, components/, entrypoints/)', () => {
  const sources = ['lib', 'components', 'entrypoints'].flatMap((d) => files(join(ROOT, d), /\.(ts|tsx|js|jsx|html)$/));

  it('is there to check', () => expect(sources.length).toBeGreaterThan(10));

  it('never evaluates strings as code nor writes HTML from strings (page HTML handled only where listed)', () => {
    const found: string[] = [];
    for (const f of sources) {
      // Comments may name the things we do not do.
      const code = readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
      for (const [name, re] of [...CODE_FROM_STRINGS, ...HTML_FROM_STRINGS]) {
        const n = code.match(re)?.length ?? 0;
        if (n) found.push(`${relative(ROOT, f)}: ${name} ×${n}`);
      }
    }
    expect(found.sort(), JSON.stringify(OUR_PAGE_HTML)).toEqual(OUR_PAGE_HTML.map(([f, name, n]) => `${f}: ${name} ×${n}`).sort());
  });

  it('reads outerHTML only, never assigns it', () => {
    const code = readFileSync(join(ROOT, 'lib', 'page', 'serialize.ts'), 'utf8');
    expect(code).toMatch(/\.outerHTML\b/);
    expect(code).not.toMatch(/\.(?:outer|inner)HTML\s*(?:\+?=(?!=))/);
  });
});

/**
 * Our own code that handles page HTML as a string: [file, pattern, count, why it is safe]. Exact, like the list below.
 */
const OUR_PAGE_HTML: [string, string, number, string][] = [
  [
    'lib/page/serialize.ts',
    'outerHTML',
    1,
    'reads (never assigns) the markup of the page’s small subtrees, to send the page’s HTML for extraction away from ' +
      'the page’s main thread; the page is not changed',
  ],
  [
    'lib/ext/extract-host.ts',
    'parseFromString',
    1,
    'parses that copy (offscreen document / Firefox background page) into a DOMParser document: no browsing context, ' +
      'so nothing in it runs or loads; Readability reads it there and it is never attached to any page',
  ],
];

/**
 * Library code in the bundles that writes HTML, by bundle: [pattern, count, why it is safe]. The counts are exact, so
 * a new occurrence (a new library, or our own code) fails until it is looked at and listed here.
 */
const PREACT: [string, number, string][] = [
  ['innerHTML', 2, 'Preact, dangerouslySetInnerHTML only (never used by our source)'],
  ['dangerouslySetInnerHTML', 2, 'Preact: its diff recognising the prop name (our source never passes it)'],
];
const READABILITY: [string, number, string][] = [
  [
    'innerHTML',
    11,
    'Mozilla Readability: reads innerHTML for its debug log and moves markup between elements of the parsed copy of ' +
      'the page it reads (a DOMParser document: no browsing context, so nothing in it runs or loads)',
  ],
  ['parseFromString', 1, 'ours (lib/ext/extract-host.ts, listed above): the page’s HTML parsed into that inert document'],
];
type Kind = 'content' | 'popup' | 'background' | 'offscreen';
const LIBRARY_HTML: Record<keyof typeof BUILDS, Record<Kind, [string, number, string][]>> = {
  chrome: {
    content: [...PREACT, ['outerHTML', 1, 'ours (lib/page/serialize.ts, listed above): reading the page’s markup']],
    // The popup and options pages share one Preact chunk (chunks/jsxRuntime-*.js).
    popup: PREACT,
    // The service worker has no DOM: extraction is in the offscreen document.
    background: [],
    offscreen: READABILITY,
  },
  firefox: {
    content: [...PREACT, ['outerHTML', 1, 'ours (lib/page/serialize.ts, listed above): reading the page’s markup']],
    popup: PREACT,
    // Firefox's background page extracts the article itself (it has a DOM).
    background: READABILITY,
    offscreen: [],
  },
};

const bundleKind = (rel: string): Kind | undefined =>
  rel.startsWith('content-scripts/')
    ? 'content'
    : /^chunks\/(?:popup|options|jsxRuntime)/.test(rel) || rel === 'popup.html' || rel === 'options.html'
      ? 'popup'
      : rel === 'background.js'
        ? 'background'
        : /^chunks\/offscreen-/.test(rel) || rel === 'offscreen.html'
          ? 'offscreen'
          : undefined;

for (const [browser, dir] of Object.entries(BUILDS)) {
  const built = existsSync(join(dir, 'manifest.json'));
  if (!built) console.warn(`skipping the ${browser} bundle checks: no build in ${dir} (run npx wxt build${browser === 'firefox' ? ' -b firefox' : ''})`);

  describe.skipIf(!built)(`the ${browser} build`, () => {
    const scripts = files(dir, /\.(js|html)$/);
    const manifest = () => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Record<string, unknown>;

    it('has no eval, new Function, string timers, importScripts or remote imports', () => {
      const found: string[] = [];
      for (const f of scripts) {
        const code = readFileSync(f, 'utf8');
        for (const [name, re] of CODE_FROM_STRINGS) {
          const n = code.match(re)?.length ?? 0;
          if (n) found.push(`${relative(dir, f)}: ${name} ×${n}`);
        }
      }
      expect(found).toEqual([]);
    });

    it('loads no remote script or style (HTML pages, and URL-valued src/href in scripts)', () => {
      const found: string[] = [];
      for (const f of scripts) {
        const code = readFileSync(f, 'utf8');
        for (const m of code.matchAll(/<(?:script|link|iframe)\b[^>]*\b(?:src|href)\s*=\s*["']?(?:https?:)?\/\/[^"'\s>]+/gi)) found.push(`${relative(dir, f)}: ${m[0]}`);
        for (const m of code.matchAll(/\.(?:src|href)\s*=\s*["'`]https?:\/\/[^"'`]+/g)) found.push(`${relative(dir, f)}: ${m[0]}`);
        for (const m of code.matchAll(/\bfetch\s*\(\s*["'`]https?:/g)) found.push(`${relative(dir, f)}: ${m[0]}`);
      }
      expect(found).toEqual([]);
    });

    it('writes HTML from strings only where the listed library code does', () => {
      const seen: Record<string, Record<string, number>> = { content: {}, popup: {}, background: {}, offscreen: {} };
      const allowed = LIBRARY_HTML[browser as keyof typeof BUILDS];
      const unknown: string[] = [];
      for (const f of scripts) {
        const rel = relative(dir, f);
        const kind = bundleKind(rel);
        const code = readFileSync(f, 'utf8');
        for (const [name, re] of HTML_FROM_STRINGS) {
          const n = code.match(re)?.length ?? 0;
          if (!n) continue;
          if (!kind) unknown.push(`${rel}: ${name} ×${n}`);
          else seen[kind]![name] = (seen[kind]![name] ?? 0) + n;
        }
      }
      expect(unknown, 'HTML writes in a bundle the allowlist does not know').toEqual([]);
      for (const kind of Object.keys(allowed) as Kind[]) {
        const expected = Object.fromEntries(allowed[kind].map(([name, n]) => [name, n]));
        expect(seen[kind], `${kind}: ${JSON.stringify(allowed[kind].map(([n, c, why]) => `${n} ×${c}: ${why}`))}`).toEqual(expected);
      }
    });

    it('asks for exactly the justified permissions and no host or network access', () => {
      const m = manifest();
      // storage: settings, imported packs and recorded false matches, all in local extension storage. offscreen
      // (Chrome only): the one offscreen document where Readability reads the page's HTML, off the page's main thread;
      // Firefox's background page has a DOM of its own.
      expect([...((m.permissions as string[]) ?? [])].sort()).toEqual(browser === 'chrome' ? ['offscreen', 'storage'] : ['storage']);
      expect(m.optional_permissions ?? []).toEqual([]);
      expect(m.host_permissions ?? []).toEqual([]);
      expect(m.optional_host_permissions ?? []).toEqual([]);
      // The content script reads web pages (http/https) only; no file://, no <all_urls>.
      for (const cs of m.content_scripts as { matches: string[] }[]) expect(cs.matches.sort()).toEqual(['http://*/*', 'https://*/*']);
      expect(m.externally_connectable).toBeUndefined();
      expect(m.update_url).toBeUndefined();
      expect(JSON.stringify(m)).not.toMatch(/<all_urls>|\*:\/\/\*\/\*|file:\/\//);
    });

    it('keeps the default Content-Security-Policy (no loosening, no remote sources)', () => {
      const csp = manifest().content_security_policy;
      const text = typeof csp === 'string' ? csp : csp ? Object.values(csp as Record<string, string>).join('; ') : '';
      expect(text).not.toMatch(/unsafe-eval|unsafe-inline|wasm-unsafe-eval|https?:|\bdata:|\*/);
    });

    it('exposes only the card stylesheet to web pages', () => {
      const war = manifest().web_accessible_resources as (string | { resources: string[] })[] | undefined;
      const resources = (war ?? []).flatMap((r) => (typeof r === 'string' ? [r] : r.resources));
      expect(resources).toEqual(['content-scripts/content.css']);
    });
  });
}
