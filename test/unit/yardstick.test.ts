/**
 * The yardstick articles through the Node engine, with the same extraction as the extension (Readability over a DOM,
 * jsdom here). The seed is third-party text: read from ../shared at test time; skipped with a message when absent.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { analyzeBlocks } from '../../lib/engine';
import { extractArticle } from '../../lib/engine/01-extract';
import { bundledReference } from '../../lib/pack/bundled';
import { ALLOWED_MISSES, EXAMPLE_EXPECTATIONS, EXAMPLE_NOT_CLAIMS, OLENIVKA_EXPECTATIONS, SEED_EXPECTATIONS, type Expectation } from '../expectations';
import { seedPage, SEED_FILE } from '../e2e/pages';

const root = join(import.meta.dirname, '..', '..');

function analyse(html: string) {
  const extraction = extractArticle(new JSDOM(html).window.document);
  if (!extraction.ok) throw new Error(extraction.reason);
  return analyzeBlocks(extraction.article.blocks, bundledReference());
}

/**
 * Every yardstick sentence is detected, and every one the engine marks has the right claim, status and sources. A
 * sentence the engine leaves unmatched (it marks nothing when unsure) is a miss, not a wrong card: misses are counted
 * and printed, and `allowMissed` says how many the test accepts (the seed's two misses are in the README).
 */
function expectStatuses(results: ReturnType<typeof analyse>, expectations: Expectation[], allowMissed = 0) {
  const missed: string[] = [];
  for (const e of expectations) {
    const r = results.find((x) => x.text.startsWith(e.startsWith));
    expect(r, `a claim starting "${e.startsWith}"`).toBeDefined();
    if (r!.status === 'unmatched' && e.status !== 'unmatched') {
      missed.push(e.startsWith);
      continue;
    }
    const want = e.or && r!.match?.id === e.or.matchId ? e.or : e;
    expect(r!.status, `"${e.startsWith}": ${r!.why}`).toBe(want.status);
    if (want.matchId) expect(r!.match?.id, e.startsWith).toBe(want.matchId);
    if (e.status !== 'unmatched') expect(r!.sources.length, `sources of "${e.startsWith}"`).toBeGreaterThan(0);
  }
  if (missed.length) console.log(`yardstick: ${expectations.length - missed.length} of ${expectations.length} right, left unmatched: ${missed.map((m) => `"${m}…"`).join(', ')}`);
  expect(missed.length, `left unmatched: ${missed.join(' | ')}`).toBeLessThanOrEqual(allowMissed);
}

describe('our example article', () => {
  const results = analyse(readFileSync(join(root, 'examples', 'article-2022-07-04.html'), 'utf8'));

  // Six of its twelve claims fall under the matcher's confidence threshold (chosen for 97 % precision on real text):
  // they are left unmatched, not marked wrong. See the README's accuracy section.
  it('gives each claim it marks the status a careful reader would', () => expectStatuses(results, EXAMPLE_EXPECTATIONS, ALLOWED_MISSES.example));

  it('leaves description, bylines and the comment form alone', () => {
    for (const start of EXAMPLE_NOT_CLAIMS) expect(results.find((r) => r.text.startsWith(start))).toBeUndefined();
    expect(results.some((r) => r.text.includes('Editable note'))).toBe(false);
  });

  it('flags a page figure that differs from its source', () => {
    const belgorod = results.find((r) => r.text.startsWith('Across the border'))!;
    expect(belgorod.figures.map((f) => f.value)).toContain(5);
  });
});

describe('our example article about a contested event (Olenivka)', () => {
  const html = readFileSync(join(root, 'examples', 'article-olenivka-2022-07-30.html'), 'utf8');
  const extraction = extractArticle(new JSDOM(html).window.document);
  const results = extraction.ok ? analyzeBlocks(extraction.article.blocks, bundledReference(), { article: { published: extraction.article.published } }) : [];

  it('reads the article date from its metadata', () => {
    expect(extraction.ok && extraction.article.published).toBe('2022-07-30');
  });

  it('gives each claim it marks the status a careful reader would', () => expectStatuses(results, OLENIVKA_EXPECTATIONS, ALLOWED_MISSES.olenivka));

  it('checks the day’s General Staff total against the report of the article’s date', () => {
    const r = results.find((x) => x.text.startsWith('In its morning update'))!;
    expect(r.match?.id).toBe('ua-gs-losses-2022-07-30');
    expect(r.figures.map((f) => f.check)).toEqual(['matches', 'matches']);
  });

  it('says the page reports Ukraine’s account of the barracks, not a denial of it', () => {
    const r = results.find((x) => x.text.startsWith("Ukraine's General Staff denied firing"))!;
    expect(['olenivka-russia-blew-up-barracks', 'olenivka-himars-strike-claim']).toContain(r.match?.id);
    if (r.match?.id === 'olenivka-russia-blew-up-barracks') expect(r.stance).toBe('asserts');
    if (r.match?.id === 'olenivka-himars-strike-claim') expect(r.stance).toBe('reports-denial');
  });
});

describe.skipIf(!existsSync(SEED_FILE))('the seed article (../shared/seed)', () => {
  const results = existsSync(SEED_FILE) ? analyse(seedPage()) : [];

  // Up to six of its 21 claims are left unmatched by the fitted matcher (confidence under the threshold): see the README.
  it('gives every check-worthy claim it marks the right status and sources', () => expectStatuses(results, SEED_EXPECTATIONS, ALLOWED_MISSES.seed));

  it('recognises 35,970 as the General Staff report of 2022-07-03 (day 130)', () => {
    const r = results.find((x) => x.text.startsWith('The General Staff of the Ukrainian Armed Forces said'))!;
    expect(r.figures).toEqual([expect.objectContaining({ value: 35970, check: 'matches' })]);
    expect(r.sources.some((s) => s.origin.includes('General Staff') && s.said === '2022-07-03')).toBe(true);
    expect(r.sources.some((s) => s.stance === 'context' && s.origin.startsWith('Oryx'))).toBe(true);
  });

  it('shows the article’s "three" dead in Belgorod as differing from the later counts (at the lowest sensitivity, so the sentence is matched)', () => {
    const extraction = extractArticle(new JSDOM(seedPage()).window.document);
    if (!extraction.ok) throw new Error(extraction.reason);
    const lenient = analyzeBlocks(extraction.article.blocks, bundledReference(), { minScore: 0.5 });
    const r = lenient.find((x) => x.text.startsWith('Explosions in the Russian city of Belgorod'))!;
    expect(r.match?.id).toMatch(/^belgorod-july3-/);
    const three = r.figures.find((f) => f.value === 3)!;
    expect(three.check).toBe('differs');
    expect(three.note).toMatch(/earlier figure/);
  });
});

if (!existsSync(SEED_FILE)) console.warn(`skipping the seed article tests: ${SEED_FILE} is not present`);
