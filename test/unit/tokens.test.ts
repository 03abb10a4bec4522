import { describe, expect, it } from 'vitest';
import { normaliseWord, tokens } from '../../lib/engine/06-normalise';

describe('normaliseWord', () => {
  it.each([
    ['tanks', 'tank'],
    ['soldiers', 'troop'],
    ['explosions', 'blast'],
    ['homes', 'house'],
    ['cities', 'city'],
    ['destroyed', 'destroy'],
    ['shelling', 'shell'],
    ['boxes', 'box'],
    // Lemmas, not suffix stripping: every form of a verb meets its base form.
    ['withdrawing', 'withdraw'],
    ['withdrew', 'withdraw'],
    ['withdrawn', 'withdraw'],
    ['seizes', 'capture'],
    ['took', 'take'],
    ['children', 'child'],
    ['news', 'news'],
    ['losses', 'loss'],
    ['glass', 'glass'],
    ['bus', 'bus'],
    ['virus', 'virus'],
    ['gas', 'gas'],
    ['café', 'cafe'],
    ['kiev', 'kyiv'],
    ['lisichansk', 'lysychansk'],
    ['lysichansk', 'lysychansk'],
    ['severodonetsk', 'sievierodonetsk'],
    ['kharkov', 'kharkiv'],
    ['odessa', 'odesa'],
    ['defense', 'defence'],
    ['armored', 'armour'],
    ['kilometers', 'kilometre'],
    ['kilometres', 'kilometre'],
  ])('%s → %s', (word, key) => {
    expect(normaliseWord(word)).toBe(key);
  });

  it('spelling variants meet on one key', () => {
    expect(normaliseWord('severodonetsk')).toBe(normaliseWord('sievierodonetsk'));
    expect(normaliseWord('defense')).toBe(normaliseWord('defence'));
  });
});

describe('tokens', () => {
  it.each<[string, string[]]>([
    ['The Defense Ministry said', ['defence', 'ministry']],
    ['Killed 35,970 soldiers', ['kill', '35970', 'troop']],
    ['a 3.5 km front', ['3.5', 'km', 'front']],
    ['Russia-backed separatists', ['russia', 'back', 'separatist']],
    ["Kharkov's armored vehicles", ['kharkiv', 'armour', 'vehicle']],
    ['Ukraine’s troops', ['ukraine', 'troop']],
    ['Lisichansk and Severodonetsk', ['lysychansk', 'sievierodonetsk']],
    ['It is what it is, according to them', []],
    ['X marks 7 spots', ['mark', '7', 'spot']],
    ['', []],
  ])('%j', (text, expected) => {
    expect(tokens(text)).toEqual(expected);
  });

  it('is case-insensitive', () => {
    expect(tokens('GENERAL STAFF')).toEqual(tokens('general staff'));
  });
});
