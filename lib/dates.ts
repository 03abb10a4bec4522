/**
 * Dates a sentence names ("on 3 July", "July 27", "8 April 2022", "in August"), as day ranges. Used by matching to
 * reject a claim about other days: "explosions in Belgorod on 22 July" is not the 3 July blasts. Without a year,
 * `defaultYear` is assumed (the reference pack's events are in one year).
 */

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const MON = String.raw`(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?`;
const DAY = String.raw`(\d{1,2})(?:st|nd|rd|th)?`;
const YEAR = String.raw`(?:,?\s+(\d{4}))?`;

const DAY_MONTH = new RegExp(String.raw`\b${DAY}\s+(?:of\s+)?${MON}${YEAR}\b`, 'gi');
const MONTH_DAY = new RegExp(String.raw`\b${MON}\s+${DAY}\b${YEAR}`, 'gi');
// A month on its own, after "in", "since", "by", "during", "early/late/mid": the whole month.
const MONTH_ONLY = new RegExp(String.raw`\b(?:in|during|since|by|until|early|late|mid-?|end of|start of|beginning of)\s+${MON}(?:\s+(\d{4}))?\b(?!\s*\d)`, 'gi');

const SINCE = /\b(?:since|began(?: on)?|begun(?: on)?|started(?: on)?|starting(?: on)?|from)\s+(?:on\s+)?$/i;
const RELATIVE_YEAR = /\b(last|next|this) year\b/gi;
const YEAR_ONLY = /\b(?:in|since|during|of|by|until)\s+((?:19|20)\d\d)\b(?!\s*[-–]\d)/gi;

export interface DayRange {
  /** ISO dates, inclusive. */
  from: string;
  to: string;
  text: string;
}

const month = (m: string) => MONTHS.findIndex((x) => x.startsWith(m.toLowerCase().replace(/\.$/, '').slice(0, 3)));
const iso = (y: number, m: number, d: number) => `${y}-${String(m + 1).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m + 1, 0)).getUTCDate();

export function sentenceDates(sentence: string, defaultYear = 2022): DayRange[] {
  const out: DayRange[] = [];
  const taken: [number, number][] = [];
  const add = (at: number, len: number, r: Omit<DayRange, 'text'>) => {
    if (taken.some(([a, b]) => at < b && at + len > a)) return;
    // The start of a period ("since the invasion began on 24 February") reaches to the present.
    if (SINCE.test(sentence.slice(Math.max(0, at - 30), at))) r = { from: r.from, to: '9999-12-31' };
    taken.push([at, at + len]);
    out.push({ ...r, text: sentence.slice(at, at + len) });
  };
  for (const m of sentence.matchAll(DAY_MONTH)) {
    const d = Number(m[1]), mo = month(m[2]!), y = m[3] ? Number(m[3]) : defaultYear;
    if (mo >= 0 && d >= 1 && d <= lastDay(y, mo)) add(m.index!, m[0].length, { from: iso(y, mo, d), to: iso(y, mo, d) });
  }
  for (const m of sentence.matchAll(MONTH_DAY)) {
    const mo = month(m[1]!), d = Number(m[2]), y = m[3] ? Number(m[3]) : defaultYear;
    if (mo >= 0 && d >= 1 && d <= lastDay(y, mo)) add(m.index!, m[0].length, { from: iso(y, mo, d), to: iso(y, mo, d) });
  }
  for (const m of sentence.matchAll(RELATIVE_YEAR)) {
    const y = defaultYear + (m[1]!.toLowerCase() === 'last' ? -1 : m[1]!.toLowerCase() === 'next' ? 1 : 0);
    add(m.index!, m[0].length, { from: `${y}-01-01`, to: `${y}-12-31` });
  }
  for (const m of sentence.matchAll(YEAR_ONLY)) {
    const y = Number(m[1]);
    add(m.index!, m[0].length, { from: `${y}-01-01`, to: `${y}-12-31` });
  }
  for (const m of sentence.matchAll(MONTH_ONLY)) {
    const mo = month(m[1]!), y = m[2] ? Number(m[2]) : defaultYear;
    // "may" is also a verb: only a capitalised May counts.
    if (mo === 4 && !/May/.test(m[0])) continue;
    if (mo >= 0) add(m.index!, m[0].length, { from: iso(y, mo, 1), to: iso(y, mo, lastDay(y, mo)) });
  }
  return out;
}

const shift = (isoDate: string, days: number) => new Date(Date.parse(isoDate) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * Whether a sentence's dates rule a claim out: every date it names falls outside the claim's time (from a couple of
 * days before to a week after, since reports follow events). A sentence that names no date rules nothing out.
 */
export function datesConflict(dates: readonly DayRange[], when: { from: string; to?: string }, before = 2, after = 7): boolean {
  if (!dates.length) return false;
  const lo = shift(when.from, -before);
  const hi = shift(when.to ?? when.from, after);
  return dates.every((d) => d.to < lo || d.from > hi);
}
