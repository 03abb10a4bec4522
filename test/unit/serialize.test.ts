// @vitest-environment jsdom
/**
 * The page's HTML written in steps for extraction away from the page (lib/page/serialize.ts), and the extraction from
 * that HTML (lib/ext/extract-host.ts): what the parsed copy holds is the page minus what extraction never reads, the
 * steps give the same HTML as one go, the limits stop the walk, and the article is the one read from the page itself.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractArticle } from '../../lib/engine/01-extract';
import { extractFromHtml } from '../../lib/ext/extract-host';
import { serializeDocument, serializeSteps, withoutHandlers } from '../../lib/page/serialize';

const parse = (html: string) => new DOMParser().parseFromString(html, 'text/html');

const PAGE = `<!doctype html><html lang="en" dir="ltr"><head><meta charset="utf-8"><title>A &amp; B</title>
<script type="application/ld+json">{"datePublished":"2022-07-03T10:00:00Z"}</script>
<script>var x = "</p>";</script><style>p{color:red}</style><link rel="stylesheet" href="/s.css"></head>
<body class="page" data-x='say "hi" &amp; <go>'><!-- a comment -->
<header onclick="track()"><a href="/" onmouseover="return overlib('>x', STICKY)" onmouseout="nd();">Home</a></header>
<article><h1>Title &lt;here&gt;</h1><p>One&nbsp;two &amp; <b>three</b> <a href="/x?a=1&amp;b=2">link</a>.</p>
<pre>
indented
  text</pre>
<table><tbody><tr><td>cell</td></tr></tbody></table>
<svg viewBox="0 0 10 10"><path d="M0 0L10 10"/><foreignObject><p>in svg</p></foreignObject></svg>
<svg onload="x()"><text>handler in svg</text></svg><svg><style>.a{}</style><text>styled svg</text></svg>
<p title="click on this" onclick="go()">Set onclick="x" in <code>&lt;b onclick="y"&gt;</code> to run on load.</p>
<noscript><img src="/lazy.jpg"></noscript><template><p>template</p></template>
<img src="/a.jpg" onerror="alert(1)" alt="pic"><textarea onfocus="f()">typed</textarea>
<div id="box">${Array.from({ length: 30 }, (_, i) => `<section><p>Paragraph ${i} with <em>emphasis</em> and <a href="#${i}">a link</a>.</p></section>`).join('')}</div>
</article><crosscheck-ui></crosscheck-ui></body></html>`;

/** The page as extraction should see it: what the serialiser leaves out removed, in a fresh parse. */
function expected(html: string): string {
  const d = parse(html);
  // An SVG holding a style is left out whole (its styles would otherwise be walked into).
  for (const el of [...d.querySelectorAll('svg')]) if (el.querySelector('style')) el.remove();
  for (const el of [...d.querySelectorAll('script:not([type="application/ld+json"]), style, noscript, template, crosscheck-ui')]) el.remove();
  for (const el of d.querySelectorAll('*')) for (const a of [...el.attributes]) if (/^on/i.test(a.name)) el.removeAttribute(a.name);
  const walker = d.createTreeWalker(d, 0x80 /* SHOW_COMMENT */);
  const comments: Node[] = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) comments.push(n);
  for (const c of comments) c.parentNode!.removeChild(c);
  return d.documentElement.outerHTML;
}

describe('serializeSteps: the page’s HTML for extraction', () => {
  const doc = parse(PAGE);
  const opts = { skipTags: ['crosscheck-ui'], unwrapTags: ['crosscheck-mark'], wholeMax: 8 };

  it('parses back to the page minus scripts, styles, noscript, templates, comments, handlers and our UI', () => {
    const out = serializeDocument(doc, opts);
    expect(out.tooDeep || out.tooLarge).toBe(false);
    expect(out.html.startsWith('<!DOCTYPE html>')).toBe(true);
    const html = withoutHandlers(out.html);
    const got = parse(html).documentElement.outerHTML;
    const want = expected(PAGE);
    expect(got).toBe(want);
    expect(html).toContain('application/ld+json');
    expect(html).not.toContain('var x');
    // Written again from its own parse, it is the same string: nothing is lost or added on the way.
    expect(withoutHandlers(serializeDocument(parse(html), opts).html)).toBe(html);
  });

  it('the same HTML whether read whole or walked element by element, in one go or in many steps', () => {
    // (Start tags written here never carry handlers; those read whole lose them in withoutHandlers.)
    const whole = withoutHandlers(serializeDocument(doc, { ...opts, wholeMax: 10_000 }).html);
    const walked = serializeDocument(doc, { ...opts, wholeMax: 0 });
    expect(withoutHandlers(walked.html)).toBe(whole);
    const steps = serializeSteps(doc, { ...opts, wholeMax: 0, unitsPerStep: 4 });
    let pauses = 0;
    let r = steps.next();
    for (; !r.done; r = steps.next()) pauses++;
    expect(pauses).toBeGreaterThan(20);
    expect(withoutHandlers(r.value.html)).toBe(whole);
  });

  it('handler attributes come out of every start tag; text and other attributes that look alike stay', () => {
    const html = withoutHandlers(serializeDocument(doc, { ...opts, wholeMax: 10_000 }).html);
    const d = parse(html);
    expect([...d.querySelectorAll('*')].flatMap((el) => [...el.attributes].map((a) => a.name)).filter((n) => /^on/i.test(n))).toEqual([]);
    const p = [...d.querySelectorAll('p')].find((x) => x.title)!;
    expect(p.title).toBe('click on this');
    expect(p.textContent).toBe('Set onclick="x" in <b onclick="y"> to run on load.');
    expect(d.querySelector('img')!.getAttribute('alt')).toBe('pic');
  });

  it('keeps quirks mode: no doctype when the page has none', () => {
    const quirks = parse('<html><body><p>a<table><tr><td>b</td></tr></table></p></body></html>');
    expect(quirks.compatMode).toBe('BackCompat');
    const out = serializeDocument(quirks).html;
    expect(out.startsWith('<!DOCTYPE')).toBe(false);
    const again = parse(out);
    expect(again.compatMode).toBe('BackCompat');
    expect(again.body.innerHTML).toBe(quirks.body.innerHTML);
  });

  it('unwraps our fallback marks (their text stays) and leaves our UI out', () => {
    const d = parse('<!doctype html><body><p>Officials <crosscheck-mark data-status="disputed">said 3</crosscheck-mark> died.</p><crosscheck-ui><p>card</p></crosscheck-ui></body>');
    const html = serializeDocument(d, opts).html;
    expect(html).not.toContain('crosscheck');
    expect(parse(html).body.textContent).toBe('Officials said 3 died.');
  });

  it('stops past the depth limit (a script-built page) and past the size limit', () => {
    const d = parse('<!doctype html><body></body>');
    let at: Element = d.body;
    for (let i = 0; i < 700; i++) at = at.appendChild(d.createElement('div'));
    at.textContent = 'deep';
    const deep = serializeDocument(d, { maxDepth: 513 });
    expect(deep).toMatchObject({ tooDeep: true, html: '' });
    expect(serializeDocument(d, { maxDepth: 1000 }).tooDeep).toBe(false);
    expect(serializeDocument(doc, { maxChars: 500 })).toMatchObject({ tooLarge: true, html: '' });
  });

  it('never changes the page', () => {
    const before = doc.documentElement.outerHTML;
    serializeDocument(doc, opts);
    serializeDocument(doc, { ...opts, wholeMax: 0 });
    expect(doc.documentElement.outerHTML).toBe(before);
  });
});

describe('extractFromHtml: the article from the page’s HTML', () => {
  it('is the article extractArticle reads from the page itself, with the page’s date', () => {
    const page = parse(readFileSync(join(import.meta.dirname, '..', '..', 'examples', 'article-2022-07-04.html'), 'utf8'));
    const direct = extractArticle(page);
    const reply = extractFromHtml({ html: serializeDocument(page, { wholeMax: 16 }).html }, 'background');
    expect(direct.ok).toBe(true);
    expect(reply.ok).toBe(true);
    if (!direct.ok || !reply.ok) return;
    expect(reply.article).toEqual(direct.article);
    expect(reply.where).toBe('background');
    expect(reply.readabilityMs).toBeGreaterThan(0);
    expect(reply.ms).toBeGreaterThanOrEqual(reply.readabilityMs + reply.parseMs - 0.01);
  });

  it('reads JSON-LD dates before Readability drops the scripts (the parsed copy is not cloned)', () => {
    const reply = extractFromHtml({ html: serializeDocument(parse(PAGE)).html }, 'offscreen');
    expect(reply.ok && reply.article.published).toBe('2022-07-03');
  });
});
