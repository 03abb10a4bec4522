/** Dates a sentence names, and the mapping of a page's speaker to the pack's origins (our own sentences). */
import { describe, expect, it } from 'vitest';
import { SpeakerIndex } from '../../lib/engine/05-attribute';
import { datesConflict, sentenceDates } from '../../lib/engine/08-dates';
import { bundledReference } from '../../lib/pack/bundled';

describe('sentenceDates', () => {
  it.each([
    ['Blasts were heard on 3 July.', '2022-07-03', '2022-07-03'],
    ['On July 27, 2022 the figure passed 40,000.', '2022-07-27', '2022-07-27'],
    ['The strike came in August.', '2022-08-01', '2022-08-31'],
    ['Exports were worth more last year.', '2021-01-01', '2021-12-31'],
    ['Losses since the invasion began on 24 February.', '2022-02-24', '9999-12-31'],
  ])('%s', (s, from, to) => {
    expect(sentenceDates(s)[0]).toMatchObject({ from, to });
  });

  it('reads "may" as a month only when it is one', () => {
    expect(sentenceDates('Officials may visit the site.')).toEqual([]);
    expect(sentenceDates('The town fell in May.')[0]?.from).toBe('2022-05-01');
  });

  it('rules a claim out only when every date named is outside its time', () => {
    const when = { from: '2022-07-03', to: '2022-07-03' };
    expect(datesConflict(sentenceDates('Explosions on 22 July.'), when)).toBe(true);
    expect(datesConflict(sentenceDates('The toll rose on 5 July.'), when)).toBe(false);
    expect(datesConflict(sentenceDates('On 22 July officials recalled the blasts of 3 July.'), when)).toBe(false);
    expect(datesConflict([], when)).toBe(false);
  });
});

describe('SpeakerIndex (the pack origins)', () => {
  const speakers = new SpeakerIndex(bundledReference().pack.origins);

  it.each([
    ['a statement from the Russian Defense Ministry', 'ru-mod'],
    ["Russia's defence ministry", 'ru-mod'],
    ['Governor Vyacheslav Gladkov', 'belgorod-governor'],
    ['Luhansk governor Serhiy Gaidai', 'luhansk-governor'],
    ['President Volodymyr Zelenskyy', 'ua-president'],
    ['the Institute for the Study of War', 'isw'],
  ])('%s → %s', (who, id) => {
    expect(speakers.originOf(who)?.id).toBe(id);
  });

  it('resolves a generic speaker among the matched claim’s origins, and only there', () => {
    expect(speakers.originOf('the regional governor')).toBeNull();
    expect(speakers.originOf('the regional governor', undefined, ['belgorod-governor', 'ru-state-media'])?.id).toBe('belgorod-governor');
    expect(speakers.originOf('Moscow', undefined, ['ua-general-staff', 'ru-mod'])?.id).toBe('ru-mod');
  });

  it('does not take an inflection for a transliteration ("Russia" is not "Russian …")', () => {
    expect(speakers.originOf('Russia')).toBeNull();
  });

  it('falls back to the origin the sentence names when the page gives no speaker', () => {
    expect(speakers.originOf(null, "Russia's Investigative Committee opened a murder case.")?.id).toBe('ru-investigative-committee');
  });
});
