/**
 * Stage 07, figures: numbers in a sentence ("about 35,970 Russian soldiers", "at least four people", "182 square
 * kilometers", "$750 billion", "three-quarters of a trillion dollars"), each bound to what it counts — the noun after
 * it ("15 fires"), or the noun it is the value of ("a death toll of 21", "death toll up to 21,000"), or the verb that
 * says what happened to the people counted ("five were killed") — so a figure is only ever compared with the same
 * quantity. Dates, years, ordinals, model names (Tu-143, E40) and daily deltas "(+4)" are not figures.
 */
import type { Qualifier, Quantity } from '../pack/schema';
import { dict } from '../dict';

export interface PageFigure {
  /** The figure as it reads, qualifier included ("at least four"). */
  text: string;
  value: number;
  qualifier: Qualifier;
  /** Offsets in the sentence. */
  start: number;
  end: number;
  /** Up to five words after the number ("Russian tanks", "square kilometers"), lower-case. */
  noun: string;
  /** Keys of `Quantity.what` this figure can be about, from the noun and verbs around it. */
  what: string[];
  /**
   * The counted noun's lemma when it is none of the pack's quantities ("fires", "sorties"): the figure counts
   * something else and is never compared.
   */
  counts?: string;
}

const SMALL = dict<number>({
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
  thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19, twenty: 20,
  thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90, hundred: 100, dozen: 12,
});
const SCALE = dict<number>({ thousand: 1e3, million: 1e6, billion: 1e9, trillion: 1e12, bn: 1e9, m: 1e6, k: 1e3 });

const MONTHS = 'january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec';

const QUALIFIERS: [RegExp, Qualifier][] = [
  [/\b(?:at least|no fewer than|no less than|more than|over|upwards of|in excess of|exceed(?:s|ed|ing)?|surpass(?:es|ed|ing)?|passe[sd]|top(?:s|ped)|beyond|some \d)\s*$/i, 'at-least'],
  [/\b(?:at most|up to|fewer than|less than|no more than|nearly|almost|under)\s*$/i, 'at-most'],
  [/\b(?:about|around|approximately|roughly|some|an estimated|estimated|nearly|almost|close to|more or less|~)\s*$/i, 'about'],
];

/** What a counted noun is about. Keys follow the data files' `what` conventions. */
const NOUN_KEYS: [RegExp, string[]][] = [
  [/^(?:square )?(?:kilometers?|kilometres?|km²|km2|sq km)\b.*(?:square|area)?/, ['area-km2']],
  [/^square (?:miles?)/, ['area-sq-miles']],
  [/^(?:miles?)\b/, ['distance-miles']],
  [/^(?:km|kilometers?|kilometres?)\b/, ['distance-km']],
  // before "personnel": "armoured personnel carriers" are vehicles
  [/\b(?:armou?red (?:personnel )?(?:carriers?|vehicles?)|personnel carriers?|apcs?|afvs?|ifvs?|infantry fighting vehicles?)\b/, ['armoured-vehicles']],
  [/\b(?:soldiers?|troops?|servicem[ae]n|servicepeople|service members?|personnel|invaders|occupiers|military personnel|fighters|militants|mercenaries|rashists|forces|men)\b/, ['personnel', 'russian-military-deaths', 'deaths']],
  [/\b(?:people|civilians?|residents?|persons?|children|kids|adults|women|men|dead|deaths?|killed|lives|victims?|bodies|corpses)\b/, ['deaths', 'injured']],
  [/\b(?:wounded|injured|injuries)\b/, ['injured']],
  [/\b(?:buildings?|houses?|homes?|apartment|residential)\b/, ['buildings-damaged', 'buildings-destroyed']],
  // before "tanks": "vehicles and fuel tanks", "tanker trucks" are the General Staff's vehicle category
  [/\b(?:vehicles? and (?:fuel )?tank(?:er)?s?|fuel tanks?|tanker trucks?)\b/, ['vehicles-fuel-tanks']],
  [/\btanks?\b(?! trucks)/, ['tanks']],
  [/\b(?:armou?red (?:fighting |combat )?vehicles?|apcs?|afvs?)\b/, ['armoured-vehicles']],
  [/\bartillery\b/, ['artillery']],
  [/\b(?:multiple (?:launch )?rocket|mlrs|rocket launchers?)\b/, ['mlrs']],
  [/\b(?:air defen[cs]e|anti-aircraft)\b/, ['air-defence']],
  [/\b(?:warplanes?|aircraft|planes?|jets?)\b/, ['aircraft']],
  [/\bhelicopters?\b/, ['helicopters']],
  [/\b(?:uavs?|drones?)\b/, ['uavs']],
  [/\bcruise missiles?\b/, ['cruise-missiles']],
  [/\b(?:warships?|ships?|boats?)\b/, ['ships']],
  [/\b(?:vehicles?|tanker trucks?|fuel tanks?|trucks?)\b/, ['vehicles-fuel-tanks']],
  [/\bspecial equipment\b/, ['special-equipment']],
  [/\b(?:dollars?|usd|\$)\b/, ['usd']],
  [/\b(?:euros?|eur|€)\b/, ['eur']],
  [/\b(?:swiss )?(?:francs?|chf)\b/, ['chf']],
  [/\b(?:pounds? sterling|pounds?|gbp|£)\b/, ['gbp']],
  [/\btonnes?|tons?\b/, ['tonnes']],
];

function wordNumber(w: string): number | undefined {
  return SMALL[w.toLowerCase()];
}

// Thousands separated by commas, or by a (thin, no-break) space as in "35 970".
const NUM = String.raw`(?:(?<!\d[ \u00a0\u202f])\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d,.])|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)`;
const WORDNUM = String.raw`(?:${Object.keys(SMALL).join('|')})(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?`;
/** "three-quarters of a", "half a", "a quarter of a": a fraction of the scale word that follows. */
const FRACTION = String.raw`(?:(?:one|two|three)[- ]quarters?|a quarter|one[- ]third|two[- ]thirds|a third|half|one[- ]half)(?:[- ]of)?[- ]an?`;
const FRACTIONS = dict<number>({ quarter: 0.25, 'one quarter': 0.25, 'a quarter': 0.25, 'two quarters': 0.5, 'three quarters': 0.75, 'three quarter': 0.75, half: 0.5, 'one half': 0.5, 'one third': 1 / 3, 'a third': 1 / 3, 'two thirds': 2 / 3 });
const FIGURE_RE = new RegExp(
  String.raw`(?<cur>[$€£])?(?:(?<frac>\b${FRACTION})[- ](?=thousand|million|billion|trillion)|(?<num>${NUM}|\b${WORDNUM}\b))(?:[\s-]*(?<scale>thousand|million|billion|trillion|bn\b|m\b|k\b))?`,
  'gi',
);

/** Words after a number that are not what it counts: prepositions, verbs, adverbs ("rose to 21 on Sunday"). */
const NOT_A_NOUN = /^(?:on|in|at|of|to|for|from|by|with|since|as|and|or|but|the|a|an|this|that|who|which|were|was|are|is|have|has|had|more|over|after|before|people's)$/;

/** The counted noun when the number counts something none of the pack's quantities is ("15 fires" → fire). */
function countedNoun(noun: string): string | undefined {
  const w = noun.split(' ').find((x) => x.length > 2 && !NOT_A_NOUN.test(x) && !/^(?:russian|ukrainian|new|other|more|local|enemy|separate|different|major|large|small|civilian)$/.test(x));
  if (!w || NOT_A_NOUN.test(noun.split(' ')[0] ?? '')) return undefined;
  return w.replace(/(?:ies)$/, 'y').replace(/(?<!s)s$/, '');
}

/** The noun a number is the value of, written before it: "a death toll of 21", "death toll up to 21,000". */
const VALUE_OF: [RegExp, string[]][] = [
  [/\b(?:death toll|toll|number of (?:the )?(?:dead|deaths|people killed|victims)|fatalities|dead)\s+(?:has\s+|had\s+)?(?:rose|rises|risen|rising|climbed|climbs|climbing|reached|reaches|increased|increases|grew|stands?|stood|now|is|was|at|of|to|up to|hit|hits|surpassed|passed|exceeded|tops|topped|\s)*$/i, ['deaths']],
  [/\b(?:number of (?:the )?(?:injured|wounded)|injured|wounded)\s+(?:rose|risen|climbed|reached|increased|stands?|at|of|to|up to|\s)*$/i, ['injured']],
  [/\b(?:combat )?loss(?:es)?\s+(?:of [\w\s]{0,30})?(?:in Ukraine\s+)?(?:rose|risen|climbed|reached|increased|stand|stands|stood|total|totals|totalled|totaled|are|were|amount(?:ed)? to|at|of|to|up to|exceed(?:ed)?|\s)*$/i, ['personnel']],
];

function inferWhat(noun: string, before: string, after = ''): string[] {
  const keys = new Set<string>();
  const hit = NOUN_KEYS.find(([re]) => re.test(noun));
  hit?.[1].forEach((k) => keys.add(k));
  // The number counts something else ("15 fires", "120 sorties"): it is about none of the pack's quantities.
  if (!hit && countedNoun(noun)) return [];
  // No counted noun after the number: what it is the value of comes before it.
  if (!hit && (!noun || NOT_A_NOUN.test(noun.split(' ')[0]!))) for (const [re, ks] of VALUE_OF) if (re.test(before)) ks.forEach((k) => keys.add(k));
  // "Five people, including a boy, were killed": the verb after the count says what it counts.
  const verb = /^[^.;]*?\b(?:were|was|have been|had been|are|got)\s+(?:\w+\s+)?(killed|dead|died|wounded|injured|hurt)\b/i.exec(after)?.[1];
  if (verb && (keys.has('deaths') || keys.has('injured') || keys.size === 0)) {
    keys.delete('deaths');
    keys.delete('injured');
    keys.add(/killed|dead|died/i.test(verb) ? 'deaths' : 'injured');
  }
  // People counted as present, sheltering or remaining: a head count, not a toll.
  if (keys.has('deaths') && !verb && /\b(?:shelter\w*|hid(?:e|ing)|trapped|remain\w*|still (?:in|living)|living|stay\w*|evacuat\w*)\b/i.test(after)) {
    keys.delete('deaths');
    keys.delete('injured');
    keys.add('people-present');
  }
  if (/\b(?:killed|kills|dead|died|deaths?|death toll)\b/i.test(before) || /^(?:dead|killed)\b/.test(noun)) {
    if (keys.has('personnel') || keys.size === 0 || keys.has('deaths')) {
      keys.delete('injured');
      keys.add('deaths');
    }
  }
  if (/\b(?:wounded|injured|injuring)\b/i.test(before + ' ' + noun.split(' ')[0])) {
    if (!/killed|dead/.test(noun)) keys.add('injured');
  }
  return [...keys];
}

/** Extracts the figures of a sentence. */
export function extractFigures(sentence: string): PageFigure[] {
  const out: PageFigure[] = [];
  for (const m of sentence.matchAll(FIGURE_RE)) {
    const g = m.groups!;
    const start = m.index!;
    const end = start + m[0].length;
    if (g.frac) {
      if (!g.scale) continue;
      const key = g.frac.toLowerCase().replace(/[- ]of\b.*$|[- ]an?$/, '').replace(/-/g, ' ').replace(/s$/, (x) => (/quarters$/.test(g.frac!.toLowerCase().split(/[- ]of/)[0]!) ? x : ''));
      const frac = FRACTIONS[key] ?? FRACTIONS[key.replace(/s$/, '')];
      if (frac === undefined) continue;
      const value = frac * SCALE[g.scale.toLowerCase()]!;
      const rest = sentence.slice(end, end + 40);
      const noun = rest.replace(/^[\s-]+/, '').toLowerCase().split(/[\s,;.:]+/).slice(0, 4).join(' ');
      const cur = g.cur === '$' ? 'usd' : g.cur === '€' ? 'eur' : g.cur === '£' ? 'gbp' : undefined;
      const what = inferWhat(cur ?? noun, sentence.slice(Math.max(0, start - 40), start), sentence.slice(end, end + 80));
      out.push({ text: sentence.slice(start, end), value, qualifier: 'about', start, end, noun, what });
      continue;
    }
    const numText = g.num!;
    const before = sentence.slice(Math.max(0, start - 40), start);
    const after = sentence.slice(end, end + 40);
    const prevChar = sentence[start - 1] ?? ' ';
    const nextChar = sentence[end] ?? ' ';
    const isDigits = /^\d/.test(numText);
    // Part of a name or code: Tu-143, Tochka-U, E40, 14th, 2,618 (+4) deltas, 3.5x.
    if (isDigits && (/[\p{L}\-+/]/u.test(prevChar) || /^(?:st|nd|rd|th)\b/i.test(after) || /^[\p{L}]/u.test(nextChar) && !g.scale)) continue;
    if (isDigits && /\(\s*[+-]\s*$/.test(before)) continue;
    // Ages and sizes written as one word: "a 13-year-old boy", "a 40-tonne truck".
    if (/^-(?:years?|months?|day|week|storey|story|floor|tonne|ton|metre|meter|km|mile|point|page|hour|minute)\b/i.test(after)) continue;
    // Dates: "July 3", "3 July", "February 24", years.
    if (isDigits && new RegExp(String.raw`\b(?:${MONTHS})\.?\s*$`, 'i').test(before)) continue;
    if (isDigits && new RegExp(String.raw`^\s*(?:${MONTHS})\b`, 'i').test(after)) continue;
    if (isDigits && /^(?:19|20)\d\d$/.test(numText) && !g.cur) continue;
    if (isDigits && /^\s*(?:a\.m\.|p\.m\.|am\b|pm\b|o'clock|hours?\b|days?\b|weeks?\b|months?\b|years?\b|percent|%)/i.test(after)) {
      // durations and times are not counts we can check
      if (!/^\s*(?:percent|%)/i.test(after)) continue;
    }
    let value = isDigits ? Number(numText.replace(/[, \u00a0\u202f]/g, '')) : wordNumber(numText.split(/[- ]/)[0]!)!;
    if (!isDigits) {
      const parts = numText.toLowerCase().split(/[- ]/);
      if (parts.length === 2) value = (SMALL[parts[0]!] ?? 0) + (SMALL[parts[1]!] ?? 0);
      // "one of", "one major goal": words used as determiners, not counts.
      if (value === 1 && !/^\s*(?:person|people|civilian|soldier|child)\b/i.test(after)) continue;
      if (/^\s*of\b/i.test(after) && value < 10) continue;
    }
    if (g.scale) value *= SCALE[g.scale.toLowerCase()]!;
    if (!Number.isFinite(value)) continue;
    let qualifier: Qualifier = 'exact';
    let qualStart = start;
    for (const [re, q] of QUALIFIERS) {
      const qm = re.exec(before);
      if (qm) {
        qualifier = q;
        qualStart = start - (before.length - qm.index) + (qm[0].length - qm[0].trimStart().length);
        break;
      }
    }
    const nounWords = after
      .split(/\s[-—–]\s|[—–]/)[0]!
      .replace(/^\s*\(\s*[+-]?\s*\d+\s*\)/, '')
      .replace(/^[\s)]+/, '')
      .toLowerCase()
      .split(/[\s,;.:]+/)
      .slice(0, 5);
    const digitAt = nounWords.findIndex((w) => /\d/.test(w));
    const noun = (digitAt >= 0 ? nounWords.slice(0, digitAt) : nounWords).join(' ');
    const cur = g.cur === '$' ? 'usd' : g.cur === '€' ? 'eur' : g.cur === '£' ? 'gbp' : undefined;
    const what = inferWhat(cur ? cur : noun, before, sentence.slice(end, end + 80));
    const counts = what.length ? undefined : countedNoun(noun);
    out.push({ text: sentence.slice(qualStart, end), value, qualifier, start: qualStart, end, noun, what, ...(counts ? { counts } : {}) });
  }
  return out;
}

/** Vague amounts ("hundreds of billions", "dozens of buildings") make a sentence check-worthy but carry no value. */
export const VAGUE_AMOUNT = /\b(?:dozens|scores|hundreds|thousands|millions|billions|tens of thousands)\s+of\b/i;

/** The widest tolerance of "about": a figure within 10 % is the same figure… */
const ABOUT = 0.1;

/**
 * …but never wider than the rounding the figure shows: "about 36,000" is 35,500–36,500, "about 36,500" is
 * 36,450–36,550. A daily count moves by a few hundred a day, so "about 36,500" on the day of 35,970 is another day's
 * figure, while "about 36,000" is that day's rounded.
 */
export function aboutTolerance(v: number): number {
  const abs = Math.abs(v);
  let unit = 1;
  if (Number.isInteger(abs) && abs > 0) while (abs % (unit * 10) === 0) unit *= 10;
  return Math.min(unit / 2, abs * ABOUT);
}

/**
 * Whether a page figure agrees with a reference figure, considering both qualifiers: "at least four" agrees with 5;
 * "about 35,970" agrees with 35,970; "three" does not agree with 4.
 */
export function figuresAgree(page: { value: number; qualifier: Qualifier }, ref: Pick<Quantity, 'value' | 'qualifier'>): boolean {
  const lo = (v: number, q: Qualifier) => (q === 'about' ? v - aboutTolerance(v) : q === 'at-most' ? -Infinity : v);
  const hi = (v: number, q: Qualifier) => (q === 'about' ? v + aboutTolerance(v) : q === 'at-least' ? Infinity : v);
  // Two ranges agree when they overlap.
  return lo(page.value, page.qualifier) <= hi(ref.value, ref.qualifier) && lo(ref.value, ref.qualifier) <= hi(page.value, page.qualifier);
}
