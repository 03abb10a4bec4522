/**
 * Synthetic filler for the scale benchmark (`npm run bench`): well-formed claims (they pass the Pack schema) in the
 * style of the hand-curated ones, generated deterministically from a seeded PRNG. Their place and person names are
 * made up from syllables and checked against every entity name and word of the real pack, so a filler claim can
 * never be the right answer for a real sentence: any match to one is a false match.
 */
import type { Claim, Pack, Statement } from '../lib/pack/schema';
import { tokens } from '../lib/engine/06-normalise';

/** mulberry32: a small, fast, seeded PRNG (deterministic across runs and machines). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ONSETS = ['v', 'z', 'k', 'dr', 'br', 'kr', 'str', 'zv', 'gl', 'pr', 'tv', 'sk', 'zh', 'kh', 'ml', 'yv'];
const VOWELS = ['a', 'o', 'e', 'i', 'u', 'y', 'ya', 'io'];
const CODAS = ['', 'n', 'r', 'l', 'v', 'sk', 'rn', 'lt', 'zd'];
const PLACE_ENDS = ['ovka', 'ivka', 'opil', 'ansk', 'ino', 'ets', 'ograd', 'iv', 'enko', 'avets'];
const PERSON_ENDS = ['enko', 'ov', 'uk', 'ich', 'ski', 'yan'];

const PLACE_KINDS = ['city', 'town', 'village', 'district', 'port', 'region'];
const EVENTS: { text: (p: string, n: string, q: string) => string; what: string }[] = [
  { text: (p, n, q) => `${q} ${n} people were killed when shells hit the centre of ${p}`, what: 'deaths' },
  { text: (p, n, q) => `${q} ${n} people were injured in a strike on a market in ${p}`, what: 'injured' },
  { text: (p, n, q) => `${q} ${n} houses were damaged by shelling in ${p}`, what: 'houses-damaged' },
  { text: (p, n, q) => `${q} ${n} civilians were evacuated from ${p} before the bridge was destroyed`, what: 'civilians-evacuated' },
  { text: (p, n, q) => `${q} ${n} residents were still sheltering in the basements of ${p}`, what: 'civilians-sheltering' },
  { text: (p, n, q) => `a convoy of ${n} lorries with grain left the port of ${p}`, what: 'grain-lorries' },
];
const SPEAKERS = ['the regional governor', 'the local military administration', 'the mayor', 'the emergency service', 'officials'];
const QUALIFIERS = [
  { word: 'At least', q: 'at-least' },
  { word: 'About', q: 'about' },
  { word: 'Exactly', q: 'exact' },
] as const;

/** Made-up names that are neither an entity nor a word of the real pack. */
function nameMaker(real: Pack, rnd: () => number) {
  const taken = new Set<string>();
  for (const c of real.claims) {
    for (const e of c.entities) taken.add(e.toLowerCase());
    for (const p of [c.text, ...(c.aliases ?? [])]) for (const w of p.toLowerCase().split(/[^\p{L}]+/u)) taken.add(w);
  }
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const make = (ends: string[]) => {
    for (;;) {
      const syll = () => pick(ONSETS) + pick(VOWELS) + pick(CODAS);
      const raw = syll() + (rnd() < 0.5 ? syll() : '') + pick(ends);
      const name = raw[0]!.toUpperCase() + raw.slice(1);
      const key = name.toLowerCase();
      if (taken.has(key) || tokens(name).some((t) => taken.has(t))) continue;
      taken.add(key);
      return name;
    }
  };
  return { place: () => make(PLACE_ENDS), person: () => make(PERSON_ENDS), pick };
}

const iso = (d: Date) => d.toISOString().slice(0, 10);
const NUM = new Intl.NumberFormat('en-US');

/**
 * The real pack plus filler claims until it has at least `statements` statements in all. Figure values are 11..99
 * (never "distinctive" on their own) or fractional, so a filler claim can only be reached through its made-up names.
 */
export function scaledPack(real: Pack, statements: number, seed = 20220704): Pack {
  const rnd = prng(seed);
  const names = nameMaker(real, rnd);
  const { pick } = names;
  const origins = real.origins.map((o) => o.id);
  const outlets = real.outlets.length ? real.outlets.map((o) => o.name) : ['Example Wire'];
  let have = real.claims.reduce((n, c) => n + c.statements.length, 0);
  const claims: Claim[] = [...real.claims];
  const base = Date.UTC(2023, 0, 1);
  for (let i = 0; have < statements; i++) {
    const place = names.place();
    const person = names.person();
    const kind = pick(PLACE_KINDS);
    const ev = pick(EVENTS);
    const q = pick(QUALIFIERS);
    const value = rnd() < 0.85 ? 11 + Math.floor(rnd() * 89) : Math.floor(rnd() * 90_000) + 100.5;
    const when = new Date(base + Math.floor(rnd() * 700) * 86_400_000);
    const date = iso(when);
    const speaker = pick(SPEAKERS);
    const n = NUM.format(value);
    const text = `${ev.text(place, n, q.word)}, ${speaker} of the ${kind} said on ${date}.`;
    const sentence = text[0]!.toUpperCase() + text.slice(1);
    const count = Math.min(statements - have, 1 + Math.floor(rnd() * 4));
    const stmts: Statement[] = [];
    for (let s = 0; s < count; s++) {
      const sdate = iso(new Date(when.getTime() + s * 86_400_000));
      const reports = Array.from({ length: 1 + Math.floor(rnd() * 2) }, (_, r) => ({
        outlet: pick(outlets),
        url: `https://example.org/filler/${i}/${s}/${r}`,
        date: sdate,
      }));
      const disputes = s > 0 && rnd() < 0.15;
      stmts.push({
        origin: pick(origins),
        stance: disputes ? 'disputes' : rnd() < 0.1 ? 'context' : 'asserts',
        date: sdate,
        summary: disputes
          ? `Denied that anyone was hurt in ${place} and called the report of ${person} staged.`
          : `${person} said ${n} in ${place} (${ev.what.replace(/-/g, ' ')}).`,
        figures: disputes ? undefined : [{ what: ev.what, value, qualifier: q.q, asOf: sdate }],
        reports,
      });
    }
    have += stmts.length;
    claims.push({
      id: `filler-${i}`,
      text: sentence,
      aliases: [`${person} reported ${n} ${ev.what.replace(/-/g, ' ')} in ${place}`],
      entities: [place, person],
      when: { from: date },
      statements: stmts,
    });
  }
  return { ...real, id: 'bench-scaled', version: `${real.version}+filler${statements}`, claims };
}

/** Sentences in the style of the pack's own claim texts (its authors' words), for assembling long articles. */
export function packStyleSentences(real: Pack): string[] {
  const out: string[] = [];
  for (const c of real.claims) {
    if (c.series) continue;
    out.push(c.text, ...(c.aliases ?? []).map((a) => (/[.!]$/.test(a) ? a : `${a}.`)));
    for (const s of c.statements) out.push(s.summary);
  }
  return out;
}
