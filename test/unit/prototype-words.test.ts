/**
 * Words that are names of Object.prototype's members ("constructor", "toString", "__proto__") are ordinary words on a
 * real page: two saved pages of ../shared/corpus ("a two argument constructor") once crashed the engine, because its
 * word tables were plain objects and `table["constructor"]` is Object's own function. Every stage must treat them as
 * the words they are, on both index paths.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dict } from '../../lib/dict';
import { analyzeBlocks } from '../../lib/engine';
import { extractFigures } from '../../lib/engine/07-figures';
import { tokens } from '../../lib/engine/06-normalise';
import { CompiledIndex } from '../../lib/pack/compiled/index';
import { ReferenceIndex } from '../../lib/pack/reference';
import type { Pack } from '../../lib/pack/schema';

const WORDS = Object.getOwnPropertyNames(Object.prototype);
const BUILD = join(import.meta.dirname, '..', '..', 'data', 'build');

describe('Object.prototype names as page words', () => {
  it('the list covers the words that crashed (a guard on the test itself)', () => {
    expect(WORDS).toEqual(expect.arrayContaining(['constructor', 'toString', 'valueOf', 'hasOwnProperty', '__proto__']));
  });

  it('dict() answers only what was put in', () => {
    const d = dict({ kyiv: 'ua' });
    expect(d.kyiv).toBe('ua');
    for (const w of WORDS) expect(d[w], w).toBeUndefined();
  });

  it('tokens are strings, each word its own lower-case self', () => {
    for (const w of WORDS) {
      const t = tokens(`Russian forces and the ${w} of Kyiv`);
      for (const x of t) expect(typeof x, `${w} → ${String(x)}`).toBe('string');
    }
    expect(tokens('a two argument constructor')).toContain('constructor');
  });

  it('figures next to such words are read as numbers or not at all', () => {
    for (const w of WORDS) for (const f of extractFigures(`${w} 3 ${w} killed, ${w} thousand`)) expect(Number.isFinite(f.value), w).toBe(true);
  });

  it('whole sentences go through detection and matching on both index paths', () => {
    const pack = JSON.parse(readFileSync(join(BUILD, 'pack.json'), 'utf8')) as Pack;
    const b = readFileSync(join(BUILD, 'pack.ccpk'));
    const paths = [new ReferenceIndex(pack), CompiledIndex.fromBytes(new Uint8Array(b.buffer, b.byteOffset, b.byteLength))];
    const blocks = [
      'As you can see, Response has a two argument constructor, where both arguments are optional.',
      ...WORDS.map((w) => `Russia said on Monday that its troops had killed 300 soldiers near ${w} in Kharkiv region, the governor said.`),
    ];
    for (const ref of paths) {
      const results = analyzeBlocks(blocks, ref);
      expect(results.length).toBeGreaterThan(0);
      for (const r of results) expect(['corroborated', 'disputed', 'single-sourced', 'unmatched']).toContain(r.status);
    }
  });
});
