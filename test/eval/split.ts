/**
 * The dev/test split of the real-text evaluation, fixed before any tuning (issue 11). Pure functions of a RUWA row's
 * site and date and of an article's file and topics, so adding labels never moves an item from one side to the other.
 *
 * - RUWA rows: whole (site, publication date) groups go to test when their hash falls under 35 %: the same site's
 *   stories of one day (often one story told twice, as title and lede) never straddle the split.
 * - Articles: whole articles; the articles about one event (first topic in index.json) stay together (round-ups and
 *   non-war pieces are each their own group). Within each set
 *   of index.json (pack sources, contested events, round-ups, non-war) the event groups are ordered by hash and taken
 *   into test until at least 40 % of that set's articles are there.
 *
 * Tune only on dev. Test figures are reported, never acted on.
 */

export type Split = 'dev' | 'test';

const SALT = 'crosscheck-split-v1';
const RUWA_TEST_SHARE = 35;
const ARTICLE_TEST_SHARE = 0.4;

/** 32-bit FNV-1a of the UTF-8 bytes. */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (const b of new TextEncoder().encode(s)) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export function ruwaSplit(site: string, date: string): Split {
  return fnv1a(`${SALT}|${site}|${date}`) % 100 < RUWA_TEST_SHARE ? 'test' : 'dev';
}

export interface ArticleMeta {
  file: string;
  set: string;
  topics: string[];
}

/** The split of every article of index.json, by file name. */
export function articleSplits(index: readonly ArticleMeta[]): Map<string, Split> {
  const out = new Map<string, Split>();
  const sets = new Map<string, ArticleMeta[]>();
  for (const a of index) sets.set(a.set, [...(sets.get(a.set) ?? []), a]);
  for (const articles of sets.values()) {
    const groups = new Map<string, ArticleMeta[]>();
    for (const a of articles) {
      // Round-ups and non-war pieces mix many items: each is its own group.
      const key = /^(?:round-up|non-war)$/.test(a.set) ? a.file : (a.topics[0] ?? a.file);
      groups.set(key, [...(groups.get(key) ?? []), a]);
    }
    const ordered = [...groups.entries()].sort((x, y) => fnv1a(`${SALT}|${x[0]}`) - fnv1a(`${SALT}|${y[0]}`) || x[0].localeCompare(y[0]));
    const want = Math.ceil(articles.length * ARTICLE_TEST_SHARE);
    let inTest = 0;
    for (const [, members] of ordered) {
      const split: Split = inTest < want ? 'test' : 'dev';
      if (split === 'test') inTest += members.length;
      for (const m of members) out.set(m.file, split);
    }
  }
  return out;
}
