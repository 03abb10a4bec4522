// @vitest-environment jsdom
/** lib/extract.ts on hostile documents: nesting depth measured without recursion, and deep pages declined clearly. */
import { describe, expect, it } from 'vitest';
import { domDepth, extractArticle, MAX_DEPTH } from '../../lib/engine/01-extract';

const PARA =
  'Officials in the regional administration said on Monday that the repairs to the northern bridge would take several more weeks, and that traffic would be diverted through the old town until then.';

/** An article wrapped in `depth` nested divs, built with DOM calls (the HTML parser would cap the nesting). */
function nested(depth: number): Document {
  const doc = new DOMParser().parseFromString('<!doctype html><html><head><title>Bridge repairs</title></head><body></body></html>', 'text/html');
  let at: Element = doc.body;
  for (let i = 0; i < depth; i++) at = at.appendChild(doc.createElement('div'));
  const article = at.appendChild(doc.createElement('article'));
  for (let i = 0; i < 6; i++) article.appendChild(doc.createElement('p')).textContent = PARA;
  return doc;
}

describe('domDepth', () => {
  it('counts the deepest element below the root', () => {
    const doc = new DOMParser().parseFromString('<body><div><p><b>x</b></p></div><section><p>y</p></section><i></i></body>', 'text/html');
    expect(domDepth(doc.body)).toBe(3);
    expect(domDepth(doc.querySelector('section')!)).toBe(1);
    expect(domDepth(doc.querySelector('b')!)).toBe(0);
  });

  // (jsdom itself is slow on deep trees; the browser test runs 5,000 levels in Chromium.)
  it('walks deep trees iteratively, and stops early past a limit', () => {
    const doc = nested(3_000);
    expect(domDepth(doc.body)).toBe(3_000 + 2); // the divs, the article, its paragraphs
    expect(domDepth(doc.body, 10)).toBe(11);
  });
});

describe('extractArticle on deep pages', () => {
  it('reads an article in a nested page', () => {
    expect(extractArticle(nested(60)).ok).toBe(true);
  });

  it('declines a page nested deeper than that, with a clear reason', () => {
    expect(extractArticle(nested(1_000))).toEqual({ ok: false, reason: `This page is nested too deeply to read safely (more than ${MAX_DEPTH} levels).` });
    expect(extractArticle(nested(20), { maxDepth: 10 }).ok).toBe(false);
  });
});
