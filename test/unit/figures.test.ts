import { describe, expect, it } from 'vitest';
import { extractFigures, figuresAgree, VAGUE_AMOUNT } from '../../lib/engine/07-figures';
import type { Qualifier } from '../../lib/pack/schema';

const brief = (s: string) => extractFigures(s).map((f) => ({ text: f.text, value: f.value, qualifier: f.qualifier }));

describe('extractFigures', () => {
  it.each<[string, { text: string; value: number; qualifier: Qualifier }[]]>([
    ['Ukrainian forces killed 35,970 Russian soldiers.', [{ text: '35,970', value: 35970, qualifier: 'exact' }]],
    ['Ukrainian forces killed about 35,970 Russian soldiers.', [{ text: 'about 35,970', value: 35970, qualifier: 'about' }]],
    ['Three civilians died in the shelling.', [{ text: 'Three', value: 3, qualifier: 'exact' }]],
    ['Twenty-five people were injured.', [{ text: 'Twenty-five', value: 25, qualifier: 'exact' }]],
    [
      'At least four people were killed and up to 12 injured.',
      [
        { text: 'At least four', value: 4, qualifier: 'at-least' },
        { text: 'up to 12', value: 12, qualifier: 'at-most' },
      ],
    ],
    ['More than 300 tanks were lost.', [{ text: 'More than 300', value: 300, qualifier: 'at-least' }]],
    ['Approximately 40 buildings were damaged.', [{ text: 'Approximately 40', value: 40, qualifier: 'about' }]],
    ['Some 1,200 residents were evacuated.', [{ text: 'Some 1,200', value: 1200, qualifier: 'about' }]],
    ['Over 3 million people fled.', [{ text: 'Over 3 million', value: 3_000_000, qualifier: 'at-least' }]],
    ['The war cost $750 billion.', [{ text: '$750 billion', value: 750e9, qualifier: 'exact' }]],
    ['A loss of 1.5 million tonnes of grain.', [{ text: '1.5 million', value: 1.5e6, qualifier: 'exact' }]],
    ['Russia captured 182 square kilometers of territory.', [{ text: '182', value: 182, qualifier: 'exact' }]],
    // not figures
    ['On July 3 the city fell.', []],
    ['The war began on February 24 with strikes.', []],
    ['The war began on 24 February with strikes.', []],
    ['It happened in 2022 near the border.', []],
    ['A Tu-143 drone crashed near the base.', []],
    ['It was the 14th strike near the base.', []],
    ['Traffic on the E40 highway stopped.', []],
    ['The fighting lasted 3 days near the line.', []],
    ['One of the soldiers was wounded.', []],
    ['The weather was sunny and warm.', []],
  ])('%j', (sentence, expected) => {
    expect(brief(sentence)).toEqual(expected);
  });

  it('a daily delta "(+4)" is not a figure, and is left out of the noun', () => {
    const figs = extractFigures('Russia lost 2,618 (+4) vehicles and fuel tanks.');
    expect(figs.map((f) => f.value)).toEqual([2618]);
    expect(figs[0]!.noun.trim()).toBe('vehicles and fuel tanks');
  });

  it('offsets point at the figure with its qualifier', () => {
    const s = 'Officials said at least 18 people died.';
    const [f] = extractFigures(s);
    expect(f).toBeDefined();
    expect(s.slice(f!.start, f!.end)).toBe('at least 18');
    expect(f!.text).toBe('at least 18');
  });

  it.each<[string, string]>([
    ['Russia captured 182 square kilometers of territory.', 'area-km2'],
    ['Russia captured 182 square kilometres of territory.', 'area-km2'],
    ['Troops were 5 km away from the city.', 'distance-km'],
    ['Ukraine said 1,584 tanks had been destroyed.', 'tanks'],
    ['It shot down 217 warplanes so far.', 'aircraft'],
    ['It downed 187 helicopters so far.', 'helicopters'],
    ['It shot down 654 drones so far.', 'uavs'],
    ['The strike killed 18 people in the mall.', 'deaths'],
    ['The strike injured 59 people in the mall.', 'injured'],
    ['About 40 buildings were damaged.', 'buildings-damaged'],
    ['The war cost $750 billion.', 'usd'],
    ['Ukraine killed about 35,970 Russian soldiers.', 'personnel'],
  ])('%j counts %s', (sentence, what) => {
    const [f] = extractFigures(sentence);
    expect(f?.what).toContain(what);
  });

  it('"killed" before the figure makes people deaths, not injuries', () => {
    const [f] = extractFigures('The strike killed 18 people.');
    expect(f?.what).toContain('deaths');
    expect(f?.what).not.toContain('injured');
  });
});

describe('VAGUE_AMOUNT', () => {
  it.each([
    ['Dozens of buildings were hit.', true],
    ['Tens of thousands of people fled.', true],
    ['Hundreds of billions of dollars.', true],
    ['Many buildings were hit.', false],
  ])('%j → %s', (s, expected) => {
    expect(VAGUE_AMOUNT.test(s)).toBe(expected);
  });
});

describe('figuresAgree', () => {
  const q = (value: number, qualifier: Qualifier) => ({ value, qualifier });
  it.each<[string, ReturnType<typeof q>, ReturnType<typeof q>, boolean]>([
    ['exact = exact', q(5, 'exact'), q(5, 'exact'), true],
    ['exact ≠ exact', q(3, 'exact'), q(4, 'exact'), false],
    ['about within 10 %', q(35970, 'about'), q(35970, 'exact'), true],
    ['about, 9 % off', q(100, 'about'), q(109, 'exact'), true],
    ['about, 20 % off', q(100, 'about'), q(120, 'exact'), false],
    ['exact vs ref about, within tolerance', q(104, 'exact'), q(100, 'about'), true],
    ['exact vs ref about, outside tolerance', q(115, 'exact'), q(100, 'about'), false],
    ['at least 4 vs 5', q(4, 'at-least'), q(5, 'exact'), true],
    ['at least 6 vs 5', q(6, 'at-least'), q(5, 'exact'), false],
    ['at least vs at least (always overlap)', q(1000, 'at-least'), q(5, 'at-least'), true],
    ['up to 12 vs 10', q(12, 'at-most'), q(10, 'exact'), true],
    ['up to 12 vs 13', q(12, 'at-most'), q(13, 'exact'), false],
    ['at most 10 vs at least 12', q(10, 'at-most'), q(12, 'at-least'), false],
    ['at most 12 vs at least 10', q(12, 'at-most'), q(10, 'at-least'), true],
    ['exact vs ref at least', q(20, 'exact'), q(18, 'at-least'), true],
    ['exact below ref at least', q(16, 'exact'), q(18, 'at-least'), false],
    ['about vs about, ranges overlap', q(100, 'about'), q(108, 'about'), true],
    ['about vs about, far apart', q(100, 'about'), q(150, 'about'), false],
    // A daily count: "about 36,000" is the 35,970 of that day rounded; "about 36,500" is another day's figure.
    ['about a rounded count', q(36000, 'about'), q(35970, 'exact'), true],
    ['about a count rounded to hundreds, 530 off', q(36500, 'about'), q(35970, 'exact'), false],
    ['about rounded to thousands, but 10 % caps it', q(40000, 'about'), q(35970, 'exact'), false],
  ])('%s', (_name, page, ref, expected) => {
    expect(figuresAgree(page, ref)).toBe(expected);
    // Agreement is symmetric: swapping page and reference gives the same answer.
    expect(figuresAgree(ref, page)).toBe(expected);
  });
});
