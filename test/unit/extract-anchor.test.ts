// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { buildTextMap, locate, findQuote, isOffLimits } from '../../lib/page/anchor';
import { articleFromText, blocksOf, extractArticle, MAX_ARTICLE_CHARS } from '../../lib/engine/01-extract';

const PARAS = [
  'Russian forces captured the town of Zavodsk on Sunday after weeks of heavy fighting, the defence ministry in Moscow said in a statement that was repeated by state media throughout the day.',
  'Ukrainian officials said their troops had withdrawn to prepared positions west of the town to save lives, and that the defence of the wider region would continue from there for as long as needed.',
  'Independent analysts said the fall of Zavodsk gave Russian forces control of the last major road in the area, though they cautioned that the advance had come at a very heavy cost in men and equipment.',
  'A missile strike on the central market of Mirnopol killed five people on Monday, according to the regional emergency service, which said rescuers were still searching the rubble for survivors late at night.',
  'Residents described hearing two loud explosions shortly before noon, when the market is usually at its busiest, and said that several stalls and a nearby apartment building had caught fire soon afterwards.',
];

function doc(html: string): Document {
  return new DOMParser().parseFromString(`<!doctype html><html><head><title>${html.includes('<h1>') ? 'Russian forces capture Zavodsk' : 'Test'}</title></head><body>${html}</body></html>`, 'text/html');
}

const articleHtml = `
  <header><nav><a href="/">Home</a> <a href="/world">World</a></nav></header>
  <article>
    <h1>Russian forces capture Zavodsk</h1>
    ${PARAS.map((p) => `<p>${p}</p>`).join('\n')}
    <ul><li>Five people were killed in Mirnopol, officials said on Monday.</li></ul>
  </article>
  <footer><p>© Test News</p></footer>`;

describe('extractArticle', () => {
  it('extracts a long article: headline first, then its paragraphs', () => {
    const d = doc(articleHtml);
    const before = d.documentElement.outerHTML;
    const r = extractArticle(d);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.article.title).toBe('Russian forces capture Zavodsk');
    expect(r.article.blocks[0]).toBe('Russian forces capture Zavodsk');
    for (const p of PARAS) expect(r.article.blocks).toContain(p);
    expect(r.article.blocks).toContain('Five people were killed in Mirnopol, officials said on Monday.');
    expect(r.article.blocks.some((b) => b.includes('Home'))).toBe(false);
    expect(r.article.length).toBe(r.article.blocks.reduce((n, b) => n + b.length, 0));
    // The page itself is never modified.
    expect(d.documentElement.outerHTML).toBe(before);
  });

  it.each([
    ['a nav-only page', '<nav><ul><li><a href="/a">Politics</a></li><li><a href="/b">Sport</a></li><li><a href="/c">Weather</a></li></ul></nav>'],
    ['a short page', '<main><p>Short notice: the site is down for maintenance.</p></main>'],
  ])('%s is not an article, with a reason', (_name, html) => {
    const r = extractArticle(doc(html));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/doesn't look like an article/);
  });

  it('an empty page forced through still fails with a reason', () => {
    const r = extractArticle(doc(''), { force: true });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/No article text was found/);
  });

  it('force skips the quick article test', () => {
    const html = '<main><p>Short notice: Russian forces captured Zavodsk, officials said.</p></main>';
    expect(extractArticle(doc(html)).ok).toBe(false);
    const r = extractArticle(doc(html), { force: true });
    expect(r.ok && r.article.blocks).toEqual(['Short notice: Russian forces captured Zavodsk, officials said.']);
  });

  it('cuts a gigantic article instead of rejecting it', () => {
    const big = Array.from({ length: 1300 }, (_, i) => `<p>${i} ${PARAS[i % PARAS.length]}</p>`).join('');
    const r = extractArticle(doc(`<article>${big}</article>`));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.article.length).toBeLessThanOrEqual(MAX_ARTICLE_CHARS);
    expect(r.article.length).toBeGreaterThan(MAX_ARTICLE_CHARS - 300);
  });
});

describe('blocksOf', () => {
  it('reads innermost blocks, with white space collapsed', () => {
    const d = doc('<div id="r"><blockquote><p>Quoted   words\n here.</p></blockquote><p>Second <b>bold</b> block.</p><p>   </p></div>');
    expect(blocksOf(d.getElementById('r')!)).toEqual(['Quoted words here.', 'Second bold block.']);
  });
  it('falls back to the element’s own text', () => {
    const d = doc('<div id="r"><span>Just  a span</span></div>');
    expect(blocksOf(d.getElementById('r')!)).toEqual(['Just a span']);
  });
});

describe('articleFromText', () => {
  it('first line is the title, blank lines dropped', () => {
    expect(articleFromText('Title line\r\n\r\nFirst  para.\nSecond para.\n')).toEqual({
      title: 'Title line',
      blocks: ['Title line', 'First para.', 'Second para.'],
      length: 10 + 11 + 12,
    });
  });
});

describe('anchor: buildTextMap / findQuote', () => {
  const quoteIn = (html: string, quote: string) => {
    const d = doc(html);
    const map = buildTextMap(d.body);
    const hit = findQuote(map, quote);
    return { d, map, hit, text: hit?.range.toString() ?? null };
  };

  it.each<[string, string, string]>([
    ['plain paragraph', '<p>Russian forces captured Zavodsk on Sunday.</p>', 'Russian forces captured Zavodsk on Sunday.'],
    ['split across <b> and <i>', '<p>Russian forces <b>captured</b> <i>Zav</i>odsk on Sunday.</p>', 'Russian forces captured Zavodsk on Sunday.'],
    ['nested inline elements', '<p><a href="#">Russian <em>forces <b>captured</b></em></a> Zavodsk on Sunday.</p>', 'Russian forces captured Zavodsk on Sunday.'],
    ['line breaks and runs of spaces in the page', '<p>Russian   forces\n   captured\tZavodsk&nbsp;on Sunday.</p>', 'Russian forces captured Zavodsk on Sunday.'],
    ['white space in the quote', '<p>Russian forces captured Zavodsk on Sunday.</p>', '  Russian forces\ncaptured  Zavodsk on Sunday. '],
  ])('%s', (_name, html, quote) => {
    const { text } = quoteIn(html, quote);
    expect(text?.replace(/\s+/g, ' ')).toBe('Russian forces captured Zavodsk on Sunday.');
  });

  it('the range starts and ends in the right text nodes', () => {
    const { hit } = quoteIn('<p>Before. <b>Five people</b> were killed, <i>officials said</i>. After.</p>', 'Five people were killed, officials said.');
    expect(hit).not.toBeNull();
    expect(hit!.range.startContainer.textContent).toBe('Five people');
    expect(hit!.range.startOffset).toBe(0);
    expect(hit!.range.endContainer.textContent).toBe('. After.');
    expect(hit!.range.endOffset).toBe(1);
  });

  it('collapses white space in the map', () => {
    const map = buildTextMap(doc('<p>  a \n\n b  </p><p>c</p>').body);
    expect(map.text).toBe('a b c');
    // Every character of the map comes from a place in a text node: the same character, or white space for a space.
    const from = [...map.text].map((ch, i) => {
      const at = locate(map, i)!;
      const raw = at.node.data[at.offset]!;
      return ch === ' ' ? /\s/.test(raw) : raw === ch;
    });
    expect(from).toEqual([true, true, true, true, true]);
    expect([locate(map, 0)!.offset, locate(map, 2)!.offset, locate(map, 4)!.node.data]).toEqual([2, 7, 'c']);
    expect(locate(map, 5)).toBeNull();
  });

  it.each([
    ['textarea', '<textarea>Russian forces captured Zavodsk on Sunday.</textarea>'],
    ['input', '<input value="Russian forces captured Zavodsk on Sunday."><p>unrelated</p>'],
    ['contenteditable', '<div contenteditable="true"><p>Russian forces captured Zavodsk on Sunday.</p></div>'],
    ['contenteditable (empty value)', '<div contenteditable><p>Russian forces captured Zavodsk on Sunday.</p></div>'],
    ['script', '<script>var s = "Russian forces captured Zavodsk on Sunday.";</script>'],
    ['style', '<style>/* Russian forces captured Zavodsk on Sunday. */</style>'],
    ['our own UI', '<crosscheck-ui><p>Russian forces captured Zavodsk on Sunday.</p></crosscheck-ui>'],
  ])('text inside %s is never matched', (_name, html) => {
    const { map, hit } = quoteIn(`<p>Intro text.</p>${html}`, 'Russian forces captured Zavodsk on Sunday.');
    expect(hit).toBeNull();
    expect(map.text).not.toContain('Zavodsk');
  });

  it('contenteditable="false" is read', () => {
    expect(quoteIn('<div contenteditable="false"><p>Russian forces captured Zavodsk on Sunday.</p></div>', 'Russian forces captured Zavodsk on Sunday.').hit).not.toBeNull();
  });

  it('finds the page copy, not the one in a form field, when both exist', () => {
    const { hit } = quoteIn('<textarea>Zavodsk fell.</textarea><p>Report: <b>Zavodsk</b> fell.</p>', 'Zavodsk fell.');
    expect(hit?.range.startContainer.parentElement?.tagName).toBe('B');
  });

  it('prefers the occurrence at or after `from`, and wraps around', () => {
    const d = doc('<p>Zavodsk fell.</p><p>Zavodsk fell.</p>');
    const map = buildTextMap(d.body);
    const first = findQuote(map, 'Zavodsk fell.')!;
    const second = findQuote(map, 'Zavodsk fell.', first.end)!;
    expect(second.range.startContainer).not.toBe(first.range.startContainer);
    expect(second.range.startContainer).toBe(d.querySelectorAll('p')[1]!.firstChild);
    const wrapped = findQuote(map, 'Zavodsk fell.', second.end)!;
    expect(wrapped.range.startContainer).toBe(first.range.startContainer);
  });

  it.each([['missing text', 'Kyiv fell.'], ['empty quote', '   ']])('returns null for %s', (_name, q) => {
    expect(quoteIn('<p>Zavodsk fell.</p>', q).hit).toBeNull();
  });

  it('isOffLimits', () => {
    const d = doc('<p id="p">x</p><textarea id="t"></textarea><div id="c" contenteditable="true"></div><my-ui id="u"></my-ui>');
    const el = (id: string) => d.getElementById(id)!;
    expect(isOffLimits(el('p'))).toBe(false);
    expect(isOffLimits(el('t'))).toBe(true);
    expect(isOffLimits(el('c'))).toBe(true);
    expect(isOffLimits(el('u'), 'my-ui')).toBe(true);
  });
});

describe('a gigantic page', () => {
  it('is declined with a clear reason instead of being cloned and parsed', async () => {
    const { JSDOM } = await import('jsdom');
    const { extractArticle } = await import('../../lib/engine/01-extract');
    const paras = Array.from({ length: 400 }, (_, i) => `<p>Paragraph ${i} says that officials reported something about the war, in enough words to count.</p>`).join('');
    const doc = new JSDOM(`<!doctype html><html><body><article>${paras}</article></body></html>`).window.document;
    expect(extractArticle(doc, { maxElements: 100 })).toEqual({ ok: false, reason: expect.stringMatching(/too large.*\d+ elements/) });
    expect(extractArticle(doc).ok).toBe(true);
  });
});
