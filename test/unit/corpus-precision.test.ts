/**
 * Precision on unrelated real pages: the 98 saved pages of ../shared/corpus (Readability's test pages: tech blogs,
 * news from other years and countries, Wikipedia) are not about the summer 2022 war, so their check-worthy sentences
 * should almost never match a reference claim. Third-party pages: read from ../shared at test time, never copied.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { JSDOM, VirtualConsole } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { analyzeBlocks } from '../../lib/engine';
import { extractArticle } from '../../lib/engine/01-extract';
import { bundledReference } from '../../lib/pack/bundled';

const CORPUS = join(import.meta.dirname, '..', '..', '..', 'shared', 'corpus', 'pages');
if (!existsSync(CORPUS)) console.warn(`skipping the corpus precision test: ${CORPUS} is not present`);

describe.skipIf(!existsSync(CORPUS))('unrelated real pages (../shared/corpus)', () => {
  it('almost never match a reference claim', { timeout: 300_000 }, () => {
    let sentences = 0;
    const matches: string[] = [];
    for (const d of readdirSync(CORPUS).sort()) {
      const f = join(CORPUS, d, 'source.html');
      if (!existsSync(f)) continue;
      const doc = new JSDOM(readFileSync(f, 'utf8'), { virtualConsole: new VirtualConsole() }).window.document;
      const ex = extractArticle(doc);
      if (!ex.ok) continue;
      for (const r of analyzeBlocks(ex.article.blocks, bundledReference())) {
        sentences++;
        if (r.match) matches.push(`${d}: ${r.match.id} (${r.match.score}) ← ${r.text.slice(0, 80)}`);
      }
    }
    console.log(`corpus precision: ${matches.length} of ${sentences} check-worthy sentences matched a reference claim`);
    expect(sentences).toBeGreaterThan(1000);
    // At most one in 500: a handful of pages could legitimately mention the places and bodies of the pack.
    expect(matches.length, matches.join('\n')).toBeLessThanOrEqual(Math.floor(sentences / 500));
  });
});
