/**
 * The day a General Staff figure is checked against (issue 10): a day the sentence names, else the article's date
 * (page metadata, or the CLI's --date), else the report whose figures the sentence gives exactly; and the figure check
 * at both ends of the series (the first report, 2022-02-25, and the last, 2026-08-08). Sentences are our own.
 */
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { analyzeBlocks } from '../../lib/engine';
import { publishedDate } from '../../lib/engine/01-extract';
import { sentenceDates } from '../../lib/engine/08-dates';
import { extractFigures } from '../../lib/engine/07-figures';
import { reportDay } from '../../lib/engine/11-match';
import { bundledReference } from '../../lib/pack/bundled';

const ref = bundledReference();
const doc = (head: string, body = '<p>x</p>') => new JSDOM(`<!doctype html><html><head>${head}</head><body>${body}</body></html>`).window.document;

describe('the page date from its metadata', () => {
  it.each([
    ['<meta property="article:published_time" content="2023-06-07T09:15:00+03:00">', '', '2023-06-07'],
    ['<meta name="date" content="2024-01-24">', '', '2024-01-24'],
    ['<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"NewsArticle","datePublished":"2022-07-29T22:10:00Z"}]}</script>', '', '2022-07-29'],
    ['', '<article><time datetime="2025-04-13">13 April</time><p>x</p></article>', '2025-04-13'],
    ['<meta property="article:published_time" content="not a date">', '', undefined],
    ['', '', undefined],
  ])('%s %s → %s', (head, body, day) => {
    expect(publishedDate(doc(head, body || undefined))).toBe(day);
  });

  it('prefers the article:published_time meta tag to a later <time>', () => {
    expect(publishedDate(doc('<meta property="article:published_time" content="2022-04-08T10:00:00Z">', '<time datetime="2022-04-09">x</time>'))).toBe('2022-04-08');
  });
});

describe('dates resolved against the article date', () => {
  it('reads "on Sunday" as the last Sunday on or before the article date', () => {
    // 2022-07-05 is a Tuesday; the Sunday before is 3 July.
    expect(sentenceDates('Blasts were heard on Sunday.', { articleDate: '2022-07-05' })[0]).toMatchObject({ from: '2022-07-03', day: true });
  });

  it('gives a yearless date the year that puts it at most a week after the article', () => {
    expect(sentenceDates('The strike came on 30 December.', { articleDate: '2023-01-02' })[0]!.from).toBe('2022-12-30');
    expect(sentenceDates('The strike came on 30 December.', {})[0]).toMatchObject({ yearless: true });
  });

  it('reads yesterday and today', () => {
    expect(sentenceDates('Officials said yesterday that…', { articleDate: '2024-07-09' })[0]!.from).toBe('2024-07-08');
  });
});

describe('the day a daily loss figure refers to', () => {
  const day = (s: string, articleDate?: string) => reportDay(s, extractFigures(s), { dates: sentenceDates(s, { articleDate }), articleDate });

  it('is the day the sentence names', () => {
    expect(day('As of 1 June 2023, the General Staff put Russian losses at 208,370 personnel.', '2023-06-05')).toBe('2023-06-01');
  });

  it('is the end of a "from … to …" span, not the day of the increase', () => {
    expect(day('From February 24 to July 18, Ukraine eliminated about 38,450 Russian troops, including 150 on July 17.', '2022-07-18')).toBe('2022-07-18');
  });

  it('is the article date when the sentence names none, and undefined without one', () => {
    expect(day('Russian losses have reached 35,970 soldiers, the General Staff said.', '2022-07-03')).toBe('2022-07-03');
    expect(day('Russian losses have reached 35,970 soldiers, the General Staff said.')).toBeUndefined();
  });

  it('is never read into Ukraine’s own losses or another count', () => {
    expect(day('Russian air defence shot down 172 Ukrainian drones over the past day.', '2025-08-24')).toBeUndefined();
    expect(day('The shelling caused 15 fires in the city, the mayor said.', '2022-07-03')).toBeUndefined();
  });
});

describe('figure checks against the report of the page’s day, at both ends of the series', () => {
  const one = (text: string, published?: string) => analyzeBlocks([text], ref, { article: published ? { published } : {} }).find((r) => r.figures.length)!;

  it.each([
    // The first report (day 2) and the last (day 1627 of the data set).
    ['Ukraine says about 2,800 Russian soldiers were killed and 80 tanks destroyed in the first days of the invasion.', '2022-02-25', 'ua-gs-losses-2022-02-25'],
    ['Ukraine’s General Staff says Russia has lost 1,456,610 soldiers and 12,251 tanks since the full-scale invasion began.', '2026-08-08', 'ua-gs-losses-2026-08-08'],
  ])('a right figure matches and names the report: %s', (text, published, id) => {
    const r = one(text, published);
    expect(r.match?.id).toBe(id);
    expect(r.figures.every((f) => f.check === 'matches')).toBe(true);
    expect(r.figures[0]!.source).toMatchObject({ date: published });
    expect(r.status).toBe('single-sourced');
  });

  it('a wrong figure for a known day differs and names the report it was compared with', () => {
    const r = one('Ukraine’s General Staff says Russia has lost 1,460,000 soldiers since the full-scale invasion began.', '2026-08-08');
    expect(r.match?.id).toBe('ua-gs-losses-2026-08-08');
    expect(r.figures[0]!.check).toBe('differs');
    expect(r.figures[0]!.note).toMatch(/1,456,610 as of 2026-08-08/);
    expect(r.status).toBe('disputed');
  });

  it('reads a day’s or a region’s count as no daily total (TOTAL_SPAN: the figure must be of the total’s size)', () => {
    const r = analyzeBlocks(['Ukrainian defenders destroyed 76 Russian invaders and two tanks in the south over the past day.'], ref, { article: { published: '2022-07-10' } })[0]!;
    expect(r.match?.id ?? '').not.toMatch(/^ua-gs-losses/);
    expect(r.figures.every((f) => f.check !== 'differs')).toBe(true);
    // A total a few hundred off is still read as the day's total, and differs.
    const total = one('Russian losses have reached 37,000 soldiers, the General Staff said.', '2022-07-10');
    expect(total.match?.id).toBe('ua-gs-losses-2022-07-10');
    expect(total.figures[0]!.check).toBe('differs');
  });

  it('without a date, the report whose figures the sentence gives exactly', () => {
    const r = one('Ukraine’s General Staff says Russia has lost 1,455,420 soldiers and 12,247 tanks since the full-scale invasion began.');
    expect(r.match?.id).toBe('ua-gs-losses-2026-08-07');
    expect(r.figures.map((f) => f.check)).toEqual(['matches', 'matches']);
  });
});
