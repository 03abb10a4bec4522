/** Word tokens for matching: lower-case, no stop words, a light suffix stemmer, numbers without separators. */

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
const VARIANTS: Record<string, string> = {
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
};

/**
 * Words that news copy uses interchangeably for the same thing, after stemming: one key each, so a paraphrase
 * ("blasts rocked", "lost their lives", "pulled out") meets the claim's wording ("explosions", "killed", "withdrew").
 */
const CONCEPTS: Record<string, string> = {
  dead: 'kill', death: 'kill', die: 'kill', died: 'kill', fatalitie: 'kill', fatality: 'kill', killing: 'kill', lives: 'kill',
  wound: 'injur', injury: 'injur', uavs: 'drone', hurt: 'injur', injuri: 'injur',
  explosion: 'blast', explod: 'blast', bang: 'blast', detonation: 'blast',
  seiz: 'captur', seize: 'captur', liberat: 'captur', liberation: 'captur', took: 'captur', taken: 'captur', capture: 'captur',
  withdrew: 'withdraw', withdrawn: 'withdraw', withdrawal: 'withdraw', retreat: 'withdraw', pull: 'withdraw', pulled: 'withdraw',
  home: 'house', hous: 'house',
  rocket: 'missile',
  uav: 'drone', unmann: 'drone',
  mall: 'shopping',
  soldier: 'troop', servicemen: 'troop', personnel: 'troop', serviceman: 'troop',
  town: 'city',
  resident: 'civilian', inhabitant: 'civilian',
  struck: 'strike', attack: 'strike',
  center: 'centre',
  russian: 'russia',
  ukrainian: 'ukraine',
  encircl: 'surround', encirclement: 'surround', cut: 'surround', trapp: 'surround',
  nato: 'nato',
};

function stem(w: string): string {
  if (w.length <= 4) return w;
  if (w.endsWith('ies') && w.length > 5) return w.slice(0, -3) + 'y';
  if (w.endsWith('ing') && w.length > 6) return w.slice(0, -3);
  if (w.endsWith('ed') && w.length > 5) return w.slice(0, -2);
  if (w.endsWith('es') && w.length > 5 && /(?:ss|sh|ch|x|z)es$/.test(w)) return w.slice(0, -2);
  if (w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us')) return w.slice(0, -1);
  return w;
}

/** Normalises one word (already lower-case) to its matching key. */
export function normaliseWord(word: string): string {
  const w = word.normalize('NFKD').replace(/\p{M}/gu, '');
  const st = stem(VARIANTS[w] ?? w);
  return CONCEPTS[st] ?? CONCEPTS[w] ?? st;
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
