/**
 * Stage 06, normalise: words to matching tokens — lower-case, no stop words, each word to its lemma (wink-lemmatizer:
 * WordNet's exception lists and rules, so "withdrawing", "withdrew" and "withdrawn" all become "withdraw", "took" and
 * "taken" become "take"), then transliterations and synonyms to one key ("Lisichansk" → lysychansk, "blasts" and
 * "explosions" → blast). Numbers keep their digits only ("35,970" → "35970").
 */
import lemmatize from 'wink-lemmatizer';
import { dict } from '../dict';

const STOP = new Set(
  `a an the and or but of in on at to for from by with as is are was were be been being has have had do does did
  it its this that these those there their they them he she his her we our you your i me my not no nor so than then
  into over under about after before since during while also which who whom whose what when where why how all any
  some such only own same other more most very can could would should will may might must just said says say
  told according per up out off again further once here both each few many much s t`
    .split(/\s+/)
    .filter(Boolean),
);

/** Spelling variants that news reports use for the same places and bodies (transliterations, UK/US spelling). */
const VARIANTS = dict<string>({
  lisichansk: 'lysychansk',
  lysichansk: 'lysychansk',
  severodonetsk: 'sievierodonetsk',
  sievierodonetsk: 'sievierodonetsk',
  severodonetzk: 'sievierodonetsk',
  slavyansk: 'slovyansk',
  sloviansk: 'slovyansk',
  lugansk: 'luhansk',
  kharkov: 'kharkiv',
  kiev: 'kyiv',
  odessa: 'odesa',
  nikolaev: 'mykolaiv',
  donetsk: 'donetsk',
  donbass: 'donbas',
  seversk: 'siversk',
  defense: 'defence',
  armored: 'armoured',
  kilometers: 'kilometre',
  kilometres: 'kilometre',
  kilometer: 'kilometre',
  belogorovka: 'bilohorivka',
});

/**
 * Words that news copy uses interchangeably for the same thing, after stemming: one key each, so a paraphrase
 * ("blasts rocked", "lost their lives", "pulled out") meets the claim's wording ("explosions", "killed", "withdrew").
 */
const CONCEPTS = dict<string>({
  // Lemmas (and a few surface forms) with one meaning here: one key each.
  dead: 'kill', death: 'kill', die: 'kill', fatality: 'kill', killing: 'kill', lives: 'kill', toll: 'kill', perish: 'kill',
  wound: 'injure', wounded: 'injure', injury: 'injure', hurt: 'injure', injured: 'injure',
  explosion: 'blast', explode: 'blast', bang: 'blast', detonation: 'blast', detonate: 'blast',
  seize: 'capture', liberate: 'capture', liberation: 'capture', capture: 'capture', occupy: 'capture', overrun: 'capture',
  withdrawal: 'withdraw', retreat: 'withdraw', pullout: 'withdraw',
  home: 'house',
  rocket: 'missile',
  uav: 'drone', uavs: 'drone', unmanned: 'drone',
  mall: 'shopping',
  soldier: 'troop', servicemen: 'troop', personnel: 'troop', serviceman: 'troop', serviceperson: 'troop', servicepeople: 'troop',
  town: 'city',
  resident: 'civilian', inhabitant: 'civilian',
  struck: 'strike', attack: 'strike', hit: 'strike',
  center: 'centre',
  russian: 'russia', russians: 'russia',
  ukrainian: 'ukraine', ukrainians: 'ukraine',
  encircle: 'surround', encirclement: 'surround', encircled: 'surround', trap: 'surround', cauldron: 'surround',
  nato: 'nato',
  eliminate: 'kill', liquidate: 'kill', neutralize: 'kill', neutralise: 'kill',
  theater: 'theatre',
  prisoner: 'pow', pows: 'pow', pow: 'pow',
  evacuee: 'evacuate', evacuation: 'evacuate',
  surrender: 'surrender', capitulate: 'surrender', capitulation: 'surrender',
  shelling: 'shell', bombard: 'shell', bombardment: 'shell',
});

/** Words the lemmatizer would turn into another word's lemma ("news" → new, "troops" stays a noun). */
const KEEP = new Set(['news', 'means', 'arms', 'remains', 'lives', 'goods', 'talks', 'media', 'data', 'series', 'species', 'kyiv', 'us', 'un', 'eu', 'isw', 'nato', 'himars', 'gps', 'ss']);

const lemmaCache = new Map<string, string>();

/**
 * The lemma of a lower-case word whose part of speech is unknown: its verb lemma when it is an inflected verb
 * ("seizes", "withdrawing", "fell"), else its noun lemma ("troops", "children"), else its adjective lemma.
 */
export function lemma(w: string): string {
  let l = lemmaCache.get(w);
  if (l === undefined) {
    if (w.length < 3 || KEEP.has(w) || /\d/.test(w)) l = w;
    else {
      const v = lemmatize.verb(w);
      l = v !== w ? v : lemmatize.noun(w);
      if (l === w) l = lemmatize.adjective(w);
    }
    if (lemmaCache.size > 200_000) lemmaCache.clear();
    lemmaCache.set(w, l);
  }
  return l;
}

/** Normalises one word (already lower-case) to its matching key. */
export function normaliseWord(word: string): string {
  const w = word.normalize('NFKD').replace(/\p{M}/gu, '');
  const v = VARIANTS[w] ?? w;
  const l = lemma(v);
  return CONCEPTS[w] ?? CONCEPTS[l] ?? VARIANTS[l] ?? l;
}

/** Tokens of a text for matching; numbers keep their digits only ("35,970" → "35970"). */
export function tokens(text: string): string[] {
  const out: string[] = [];
  for (const m of text.toLowerCase().matchAll(/\d[\d,.]*\d|\d|[\p{L}\p{M}][\p{L}\p{M}'’-]*/gu)) {
    let w = m[0];
    if (/^\d/.test(w)) {
      out.push(w.replace(/,/g, ''));
      continue;
    }
    w = w.replace(/['’](s)?$/, '');
    for (const part of w.split('-')) {
      if (part.length < 2 || STOP.has(part)) continue;
      out.push(normaliseWord(part));
    }
  }
  return out;
}
