/**
 * The yardstick articles through the Node engine, with the same extraction as the extension (Readability over a DOM,
 * jsdom here). The seed is third-party text: read from ../shared at test time; skipped with a message when absent.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { analyzeBlocks } from '../../lib/engine';
import { extractArticle } from '../../lib/extract';
import { bundledReference } from '../../lib/pack/bundled';
import { EXAMPLE_EXPECTATIONS, EXAMPLE_NOT_CLAIMS, SEED_EXPECTATIONS, type Expectation } from '../expectations';
import { seedPage, SEED_FILE } from '../e2e/pages';

const root = join(import.meta.dirname, '..', '..');

function analyse(html: string) {
  const extraction = extractArticle(new JSDOM(html).window.document);
  if (!extraction.ok) throw new Error(extraction.reason);
  return analyzeBlocks(extraction.article.blocks, bundledReference());
}

function expectStatuses(results: ReturnType<typeof analyse>, expectations: Expectation[]) {
  for (const e of expectations) {
    const r = results.find((x) => x.text.startsWith(e.startsWith));
    expect(r, `a claim starting "${e.startsWith}"`).toBeDefined();
    expect(r!.status, `"${e.startsWith}": ${r!.why}`).toBe(e.status);
    if (e.matchId) expect(r!.match?.id, e.startsWith).toBe(e.matchId);
    if (e.status !== 'unmatched') expect(r!.sources.length, `sources of "${e.startsWith}"`).toBeGreaterThan(0);
  }
}

describe('our example article', () => {
  const results = analyse(readFileSync(join(root, 'examples', 'article-2022-07-04.html'), 'utf8'));

  it('gives each claim the status a careful reader would', () => expectStatuses(results, EXAMPLE_EXPECTATIONS));

  it('leaves description, bylines and the comment form alone', () => {
    for (const start of EXAMPLE_NOT_CLAIMS) expect(results.find((r) => r.text.startsWith(start))).toBeUndefined();
    expect(results.some((r) => r.text.includes('Editable note'))).toBe(false);
  });

  it('flags a page figure that differs from its source', () => {
    const belgorod = results.find((r) => r.text.startsWith('Across the border'))!;
    expect(belgorod.figures.map((f) => f.value)).toContain(5);
  });
});

describe.skipIf(!existsSync(SEED_FILE))('the seed article (../shared/seed)', () => {
  const results = existsSync(SEED_FILE) ? analyse(seedPage()) : [];

  it('gives every check-worthy claim its status and sources', () => expectStatuses(results, SEED_EXPECTATIONS));

  it('recognises 35,970 as the General Staff report of 2022-07-03 (day 130)', () => {
    const r = results.find((x) => x.text.startsWith('The General Staff of the Ukrainian Armed Forces said'))!;
    expect(r.figures).toEqual([expect.objectContaining({ value: 35970, check: 'matches' })]);
    expect(r.sources.some((s) => s.origin.includes('General Staff') && s.said === '2022-07-03')).toBe(true);
    expect(r.sources.some((s) => s.stance === 'context' && s.origin.startsWith('Oryx'))).toBe(true);
  });

  it('shows the article’s "three" dead in Belgorod as differing from the later counts', () => {
    const r = results.find((x) => x.text.startsWith('Explosions in the Russian city of Belgorod'))!;
    const three = r.figures.find((f) => f.value === 3)!;
    expect(three.check).toBe('differs');
    expect(three.note).toMatch(/earlier figure/);
  });
});

if (!existsSync(SEED_FILE)) console.warn(`skipping the seed article tests: ${SEED_FILE} is not present`);
