import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../lib/engine/02-segment';

describe('splitSentences', () => {
  it.each<[string, string, string[]]>([
    ['two plain sentences', 'Kyiv was shelled overnight. Two people died.', ['Kyiv was shelled overnight.', 'Two people died.']],
    ['military title', 'Gen. Shoigu visited the front. He left on Monday.', ['Gen. Shoigu visited the front.', 'He left on Monday.']],
    ['initialism', 'U.S. officials said so. Then they left.', ['U.S. officials said so.', 'Then they left.']],
    [
      'several abbreviations in one sentence',
      'Mr. Smith met Dr. Jones at St. Mary hospital. It rained.',
      ['Mr. Smith met Dr. Jones at St. Mary hospital.', 'It rained.'],
    ],
    ['month abbreviation', 'The report of Jul. 3 was revised. It said more.', ['The report of Jul. 3 was revised.', 'It said more.']],
    ['figures with separators', 'The ministry said 35,970 soldiers died. Kyiv denied it.', ['The ministry said 35,970 soldiers died.', 'Kyiv denied it.']],
    ['question and exclamation', 'Is it true? Yes! It is.', ['Is it true?', 'Yes!', 'It is.']],
    ['text ending in an abbreviation', 'The order came from Gen.', ['The order came from Gen.']],
    ['abbreviation before trailing white space', 'Orders came from Lt. Col. Ivanov.  ', ['Orders came from Lt. Col. Ivanov.']],
    ['white space only', '   \n  ', []],
    ['empty', '', []],
  ])('%s', (_name, text, expected) => {
    expect(splitSentences(text).map((s) => s.text)).toEqual(expected);
  });

  it.each([
    'Gen. Shoigu visited the front. He left on Monday.',
    '  Leading space here.   And a second one!\n\nThird?  ',
    'U.S. and U.K. officials met in Kyiv. “We will win,” he said.\tDone.',
    'First line.\nSecond line without a stop\nThird line.',
  ])('offsets slice back to the span text: %j', (text) => {
    const spans = splitSentences(text);
    expect(spans.length).toBeGreaterThan(0);
    let prevEnd = 0;
    for (const s of spans) {
      expect(text.slice(s.start, s.end)).toBe(s.text);
      expect(s.text).toBe(s.text.trim());
      expect(s.text.length).toBeGreaterThan(0);
      expect(s.start).toBeGreaterThanOrEqual(prevEnd);
      prevEnd = s.end;
    }
  });

  it('leaves white space out of the spans', () => {
    expect(splitSentences('  Leading space here.   And a second one!  ')).toEqual([
      { text: 'Leading space here.', start: 2, end: 21 },
      { text: 'And a second one!', start: 24, end: 41 },
    ]);
  });

  it('a merged abbreviation span starts at the first part', () => {
    const text = 'Intro. Gen. Shoigu spoke.';
    expect(splitSentences(text)).toEqual([
      { text: 'Intro.', start: 0, end: 6 },
      { text: 'Gen. Shoigu spoke.', start: 7, end: 25 },
    ]);
  });
});
