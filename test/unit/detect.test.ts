import { describe, expect, it } from 'vitest';
import { attribution, BLOCK_SEPARATOR, checkWorthiness, detectClaims, type Reason } from '../../lib/engine/04-detect';

describe('checkWorthiness', () => {
  it.each<[string, Reason[]]>([
    ['Russia lost 40 tanks, officials said.', ['figure', 'attribution']],
    ['Ukrainian officials said the city was shelled overnight.', ['attribution', 'event']],
    ['Russian troops captured the city of Lysychansk on Sunday.', ['event']],
    ['Dozens of buildings were hit in the city overnight.', ['figure', 'event']],
    ['At least 18 people died in the strike on the mall.', ['figure', 'event']],
    ['According to the governor, the bridge was closed to traffic.', ['attribution']],
    ['The weather was sunny and warm in Kyiv today, a lovely day.', []],
    // too short, or a question
    ['Four tanks.', []],
    ['Russia captured it.', []],
    ['Is it true that 300 tanks were destroyed last week?', []],
  ])('%j → %j', (sentence, reasons) => {
    expect(checkWorthiness(sentence)).toEqual(reasons);
  });

  it('a sentence of more than 120 words is not a claim', () => {
    const long = `Russia lost 40 tanks ${'and more words '.repeat(60)}officials said.`;
    expect(checkWorthiness(long)).toEqual([]);
  });
});

describe('attribution', () => {
  it.each<[string, string | null]>([
    ['According to the Ukrainian General Staff, Russia has lost 35,970 soldiers.', 'the Ukrainian General Staff'],
    ['Russia has lost 35,970 soldiers, according to Ukraine’s military.', 'Ukraine’s military'],
    ['The General Staff of the Ukrainian Armed Forces said Russia lost 40 tanks.', 'The General Staff of the Ukrainian Armed Forces'],
    ['Ukrainian officials said the city was shelled overnight.', 'Ukrainian officials'],
    ['Russian troops captured the city, Governor Serhiy Haidai said.', 'Governor Serhiy Haidai'],
    ['“We have taken full control of Lysychansk,” said a statement from the Russian Defense Ministry.', 'the Russian Defense Ministry'],
    ['"We will win," said Zelensky.', 'Zelensky'],
    ['"The bridge is down," the governor said on Telegram.', 'the governor'],
    ['The Kremlin has denied targeting civilians in the strike.', 'The Kremlin'],
    // no speaker
    ['The weather was sunny and warm in Kyiv today.', null],
    ['it was said that the thing happened yesterday afternoon in town', null],
    ['Russian troops captured the city on Sunday.', null],
  ])('%j → %j', (sentence, who) => {
    expect(attribution(sentence)).toBe(who);
  });
});

describe('detectClaims', () => {
  const blocks = [
    'Russia lost 40 tanks, officials said.',
    'The weather was nice today in the town. Kyiv said 12 drones were shot down overnight.',
    'A short one.',
    'Gen. Shoigu said his troops had captured Lysychansk. Ukraine denied it on Sunday evening.',
  ];
  const joined = blocks.join(BLOCK_SEPARATOR);
  const found = detectClaims(blocks);

  it('keeps only the check-worthy sentences, in order', () => {
    expect(found.map((c) => c.text)).toEqual([
      'Russia lost 40 tanks, officials said.',
      'Kyiv said 12 drones were shot down overnight.',
      'Gen. Shoigu said his troops had captured Lysychansk.',
      'Ukraine denied it on Sunday evening.',
    ]);
  });

  it('offsets index the blocks joined by a blank line', () => {
    expect(BLOCK_SEPARATOR).toBe('\n\n');
    for (const c of found) expect(joined.slice(c.start, c.end)).toBe(c.text);
  });

  it.each([
    [0, 0, 'officials'],
    [1, 1, 'Kyiv'],
    [2, 3, 'Gen. Shoigu'],
    [3, 3, 'Ukraine'],
  ])('claim %i is in block %i, attributed to %j', (i, block, who) => {
    expect(found[i]!.block).toBe(block);
    expect(found[i]!.attributedTo).toBe(who);
  });

  it('carries the extracted figures', () => {
    expect(found[0]!.figures.map((f) => f.value)).toEqual([40]);
    expect(found[1]!.figures.map((f) => f.value)).toEqual([12]);
    expect(found[2]!.figures).toEqual([]);
  });

  it('offsets stay right when a block has leading white space', () => {
    const b = ['Title words here.', '   Russia captured Lysychansk, the ministry said.'];
    const [c] = detectClaims(b);
    expect(c).toBeDefined();
    expect(b.join('\n\n').slice(c!.start, c!.end)).toBe('Russia captured Lysychansk, the ministry said.');
    expect(c!.start).toBe(b[0]!.length + 2 + 3);
  });

  it('an empty article has no claims', () => {
    expect(detectClaims([])).toEqual([]);
  });
});
