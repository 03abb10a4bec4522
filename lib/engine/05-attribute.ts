/**
 * Maps the speaker a page names ("a statement from the Russian Defense Ministry", "Governor Vyacheslav Gladkov",
 * "Lisichansk's Gaidai") to one of the pack's origins, through each origin's name and the `speakers` phrases of the
 * data. Spelling variants (defense/defence, Gaidai/Haidai, Zelenskyy/Zelensky) are found by fuse.js.
 */
import Fuse from 'fuse.js';
import type { Origin } from '../pack/schema';
import { dict } from '../dict';

export interface OriginRef {
  id: string;
  name: string;
}

/** Lower case, British spelling, no possessives, articles or punctuation. */
export function normalizeSpeaker(s: string): string {
  return s
    .toLowerCase()
    .replace(/[’']s\b/g, '')
    .replace(/\bdefense\b/g, 'defence')
    .replace(/\bu\.s\.|\bu\.s\b/g, 'us')
    .replace(/\bu\.k\.|\bu\.k\b/g, 'uk')
    .replace(/[^\p{L}\p{N}\s-]+/gu, ' ')
    .replace(/\b(?:the|a|an|of|in|its|their|his|her|from|by|for|and)\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

interface Phrase {
  origin: number;
  words: string[];
  text: string;
}

/** Speakers that name only a side ("Russia said", "Kyiv denied"): resolved to that side's origin among the claim's. */
const SIDES = dict<string>({ russia: 'ru-state', moscow: 'ru-state', russian: 'ru-state', ukraine: 'ua-state', kyiv: 'ua-state', kiev: 'ua-state', ukrainian: 'ua-state' });

const GENERIC = new Set(['officials', 'official', 'ministry', 'government', 'governor', 'minister', 'military', 'forces', 'staff', 'spokesman', 'spokeswoman', 'media', 'authorities', 'reporters', 'journalists', 'regional', 'state', 'services', 'service', 'emergency', 'rescuers', 'police', 'spokesperson', 'separatist', 'separatists', 'commanders', 'army', 'intelligence', 'defence', 'foreign', 'president', 'prime', 'office', 'council', 'national', 'air', 'force']);

export class SpeakerIndex {
  private readonly phrases: Phrase[] = [];
  private readonly fuse: Fuse<{ word: string; origin: number }>;
  private readonly cache = new Map<string, OriginRef | null>();

  constructor(private readonly origins: readonly Origin[]) {
    const names: { word: string; origin: number }[] = [];
    origins.forEach((o, i) => {
      for (const p of [o.name.replace(/\(.*?\)/g, ' '), ...(o.speakers ?? [])]) {
        const words = normalizeSpeaker(p).split(' ').filter(Boolean);
        if (!words.length) continue;
        this.phrases.push({ origin: i, words, text: p });
        // Distinctive single words (surnames, acronyms) are also searched fuzzily for transliterations.
        for (const w of words) if (w.length >= 5 && !GENERIC.has(w)) names.push({ word: w, origin: i });
      }
    });
    this.fuse = new Fuse(names, { keys: ['word'], includeScore: true, threshold: 0.25, ignoreLocation: true, minMatchCharLength: 4 });
  }

  /**
   * The origin of the speaker the page names. `speaker` is the attribution found in the sentence ("the regional
   * governor"); a generic speaker is resolved among `context`, the origins of the matched claim's statements. With no
   * attribution, the first origin the sentence names outright is taken ("Russia's Investigative Committee has opened
   * a case"). Null when nothing fits.
   */
  originOf(speaker: string | null | undefined, sentence?: string, context?: readonly string[]): OriginRef | null {
    const named = speaker ? this.lookup(speaker, context) : null;
    if (named) return named;
    if (speaker && context?.length) {
      const words = new Set(normalizeSpeaker(speaker).split(' '));
      const inContext = context.map((id) => this.origins.find((o) => o.id === id)).filter((o): o is Origin => !!o);
      const side = [...words].map((w) => SIDES[w]).find(Boolean);
      const onSide = side && [...words].every((w) => SIDES[w] || GENERIC.has(w)) ? inContext.find((o) => o.group === side) : undefined;
      if (onSide) return { id: onSide.id, name: onSide.name };
      // A generic speaker ("the regional governor", "the Defence Ministry") picks among the claim's own origins: the
      // one whose names share the most of its words, when exactly one does.
      const generic = [...words].filter((w) => GENERIC.has(w));
      if (generic.length) {
        const stemOf = (w: string) => w.replace(/s$/, '');
        const overlap = (o: Origin) =>
          Math.max(0, ...this.phrases.filter((p) => this.origins[p.origin] === o).map((p) => generic.filter((g) => p.words.some((w) => stemOf(w) === stemOf(g))).length));
        const unique = [...new Set(inContext)];
        const scores = unique.map(overlap);
        const top = Math.max(0, ...scores);
        const fits = top > 0 ? unique.filter((_, i) => scores[i] === top) : [];
        if (fits.length === 1) return { id: fits[0]!.id, name: fits[0]!.name };
      }
    }
    // No attribution, or one made only of pronouns ("his spokesman said"): the origin the sentence itself names.
    if (sentence && (!speaker || /^(?:his|her|their|its)\b/i.test(speaker))) return this.firstNamed(sentence);
    return null;
  }

  /** The first origin named outright in a sentence (by a distinctive phrase, not a generic word). */
  private firstNamed(sentence: string): OriginRef | null {
    const text = ` ${normalizeSpeaker(sentence)} `;
    let best: { origin: number; at: number; n: number } | undefined;
    for (const p of this.phrases) {
      if (p.words.every((w) => GENERIC.has(w))) continue;
      const at = text.indexOf(` ${p.words.join(' ')} `);
      if (at < 0) continue;
      if (!best || at < best.at || (at === best.at && p.words.length > best.n)) best = { origin: p.origin, at, n: p.words.length };
    }
    const o = best ? this.origins[best.origin]! : undefined;
    return o ? { id: o.id, name: o.name } : null;
  }

  /** The origin whose name or speaker phrase the speaker contains most completely. */
  private lookup(speaker: string, context?: readonly string[]): OriginRef | null {
    const key = normalizeSpeaker(speaker) + (context ? `|${context.join(',')}` : '');
    if (this.cache.has(key)) return this.cache.get(key)!;
    const words = new Set(normalizeSpeaker(speaker).split(' ').filter(Boolean));
    let best: { origin: number; n: number } | undefined;
    for (const p of this.phrases) {
      if (!p.words.every((w) => words.has(w))) continue;
      // More words matched wins ("Belgorod governor" over "governor"); a phrase made only of generic words never
      // decides on its own. Between equals, an origin of the matched claim wins ("Russian-installed officials").
      if (p.words.every((w) => GENERIC.has(w))) continue;
      const inContext = !!context?.includes(this.origins[p.origin]!.id);
      if (!best || p.words.length > best.n || (p.words.length === best.n && inContext && !context?.includes(this.origins[best.origin]!.id)))
        best = { origin: p.origin, n: p.words.length };
    }
    if (!best) {
      // A transliterated surname or name: every distinctive word of the speaker is looked up fuzzily.
      for (const w of words) {
        if (w.length < 5 || GENERIC.has(w)) continue;
        const hit = this.fuse.search(w, { limit: 1 })[0];
        // Inflections are not transliterations: "Russia" is not "Russian".
        const inflected = hit && (hit.item.word.startsWith(w) || w.startsWith(hit.item.word));
        if (hit && !inflected && (hit.score ?? 1) <= 0.25) {
          best = { origin: hit.item.origin, n: 1 };
          break;
        }
      }
    }
    const o = best ? this.origins[best.origin]! : undefined;
    const out = o ? { id: o.id, name: o.name } : null;
    if (this.cache.size > 5000) this.cache.clear();
    this.cache.set(key, out);
    return out;
  }
}
