/**
 * Stage 08, dates: the dates a sentence names ("on 3 July", "July 27", "8 April 2022", "in August", "as of 1 June",
 * "on Sunday", "yesterday"), as day ranges. Matching uses them to reject a claim about other days ("explosions in
 * Belgorod on 22 July" is not the 3 July blasts) and to pick the daily report a figure is checked against.
 *
 * A date without a year takes it from the article's date (the year that puts it at most a week after the article,
 * since reports follow events); with no article date it stays `yearless` and is compared with a claim in the claim's
 * own year. Weekdays and "yesterday"/"today" need the article's date and are ignored without one.
 */

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const MON = String.raw`(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?`;
const DAY = String.raw`(\d{1,2})(?:st|nd|rd|th)?`;
const YEAR = String.raw`(?:,?\s+(\d{4}))?`;

const DAY_MONTH = new RegExp(String.raw`\b${DAY}\s+(?:of\s+)?${MON}${YEAR}\b`, 'gi');
const MONTH_DAY = new RegExp(String.raw`\b${MON}\s+${DAY}\b${YEAR}`, 'gi');
// A month on its own, after "in", "since", "by", "during", "early/late/mid": the whole month.
const MONTH_ONLY = new RegExp(String.raw`\b(?:in|during|since|by|until|early|late|mid-?|end of|start of|beginning of)\s+${MON}(?:\s+(\d{4}))?\b(?!\s*\d)`, 'gi');

const SINCE = /\b(?:since|began|begun|started|starting|from)\b[^.;:]{0,60}?$/i;
const RELATIVE_YEAR = /\b(last|next|this) year\b/gi;
const YEAR_ONLY = /\b(?:in|since|during|of|by|until)\s+((?:19|20)\d\d)\b(?!\s*[-–]\d)/gi;

export interface DayRange {
  /** ISO dates, inclusive. */
  from: string;
  to: string;
  text: string;
  /** The sentence gave no year and no article date supplied one (`from`/`to` carry `defaultYear`). */
  yearless?: boolean;
  /** "as of 1 June", "on Sunday": the one day a figure refers to. */
  day?: boolean;
}

export interface DateOptions {
  /** The article's date (YYYY-MM-DD): years for dates without one, and the days "on Sunday" and "yesterday" mean. */
  articleDate?: string;
  /** The year of a date without one when there is no article date. */
  defaultYear?: number;
}

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const WEEKDAY = /\b(?:on|since|early|late|by|from|until|last|this)?\s*(Sunday|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday)(?:['’]s)?\b/g;
const RELATIVE_DAY = /\b(yesterday|today|tonight|this morning|this afternoon|this evening|overnight|last night)\b/gi;

export const shift = (isoDate: string, days: number) => new Date(Date.parse(isoDate) + days * 86_400_000).toISOString().slice(0, 10);
const month = (m: string) => MONTHS.findIndex((x) => x.startsWith(m.toLowerCase().replace(/\.$/, '').slice(0, 3)));
const iso = (y: number, m: number, d: number) => `${y}-${String(m + 1).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m + 1, 0)).getUTCDate();

/** The year for a month and day given without one: the latest that is at most a week after the article's date. */
function yearFor(mo: number, d: number, articleDate: string): number {
  const y = Number(articleDate.slice(0, 4));
  return iso(y, mo, d) <= shift(articleDate, 7) ? y : y - 1;
}

export function sentenceDates(sentence: string, opts: DateOptions | number = {}): DayRange[] {
  const { articleDate, defaultYear = articleDate ? Number(articleDate.slice(0, 4)) : 2022 } = typeof opts === 'number' ? { defaultYear: opts } : opts;
  const out: DayRange[] = [];
  const taken: [number, number][] = [];
  const add = (at: number, len: number, r: Omit<DayRange, 'text'>) => {
    if (taken.some(([a, b]) => at < b && at + len > a)) return;
    // The start of a period ("since the invasion began on 24 February") reaches to the present.
    if (SINCE.test(sentence.slice(Math.max(0, at - 30), at))) r = { from: r.from, to: '9999-12-31', ...(r.yearless ? { yearless: true } : {}) };
    else if (r.from === r.to) r = { ...r, day: true };
    taken.push([at, at + len]);
    out.push({ ...r, text: sentence.slice(at, at + len) });
  };
  const dayOf = (mo: number, d: number, year: string | undefined) => {
    if (year) return { y: Number(year), yearless: false };
    if (articleDate) return { y: yearFor(mo, d, articleDate), yearless: false };
    return { y: defaultYear, yearless: true };
  };
  for (const m of sentence.matchAll(DAY_MONTH)) {
    const d = Number(m[1]), mo = month(m[2]!);
    const { y, yearless } = dayOf(mo, d, m[3]);
    if (mo >= 0 && d >= 1 && d <= lastDay(y, mo)) add(m.index!, m[0].length, { from: iso(y, mo, d), to: iso(y, mo, d), ...(yearless ? { yearless } : {}) });
  }
  for (const m of sentence.matchAll(MONTH_DAY)) {
    const mo = month(m[1]!), d = Number(m[2]);
    const { y, yearless } = dayOf(mo, d, m[3]);
    if (mo >= 0 && d >= 1 && d <= lastDay(y, mo)) add(m.index!, m[0].length, { from: iso(y, mo, d), to: iso(y, mo, d), ...(yearless ? { yearless } : {}) });
  }
  if (articleDate) {
    // "on Sunday": the latest such day on or before the article's date.
    for (const m of sentence.matchAll(WEEKDAY)) {
      const want = WEEKDAYS.indexOf(m[1]!.toLowerCase());
      const have = new Date(`${articleDate}T00:00:00Z`).getUTCDay();
      const day = shift(articleDate, -((have - want + 7) % 7));
      add(m.index! + m[0].indexOf(m[1]!), m[1]!.length, { from: day, to: day });
    }
    for (const m of sentence.matchAll(RELATIVE_DAY)) {
      const w = m[1]!.toLowerCase();
      const day = w === 'yesterday' || w === 'last night' || w === 'overnight' ? shift(articleDate, -1) : articleDate;
      add(m.index!, m[0].length, w === 'overnight' ? { from: shift(articleDate, -1), to: articleDate } : { from: day, to: day });
    }
  }
  for (const m of sentence.matchAll(RELATIVE_YEAR)) {
    const y = defaultYear + (m[1]!.toLowerCase() === 'last' ? -1 : m[1]!.toLowerCase() === 'next' ? 1 : 0);
    add(m.index!, m[0].length, { from: `${y}-01-01`, to: `${y}-12-31`, ...(articleDate ? {} : { yearless: true }) });
  }
  for (const m of sentence.matchAll(YEAR_ONLY)) {
    const y = Number(m[1]);
    add(m.index!, m[0].length, { from: `${y}-01-01`, to: `${y}-12-31` });
  }
  for (const m of sentence.matchAll(MONTH_ONLY)) {
    const mo = month(m[1]!);
    // "may" is also a verb: only a capitalised May counts.
    if (mo === 4 && !/May/.test(m[0])) continue;
    if (mo < 0) continue;
    const { y, yearless } = dayOf(mo, 1, m[2]);
    add(m.index!, m[0].length, { from: iso(y, mo, 1), to: iso(y, mo, lastDay(y, mo)), ...(yearless ? { yearless } : {}) });
  }
  return out;
}

/**
 * Whether a sentence's dates rule a claim out: every date it names falls outside the claim's time (from a couple of
 * days before to a week after, since reports follow events). A sentence that names no date rules nothing out.
 */
export function datesConflict(dates: readonly DayRange[], when: { from: string; to?: string }, before = 2, after = 7): boolean {
  if (!dates.length) return false;
  const lo = shift(when.from, -before);
  const hi = shift(when.to ?? when.from, after);
  return dates.every((d) => {
    if (!d.yearless) return d.to < lo || d.from > hi;
    // No year: it may be any year of the claim's time.
    const years = new Set([Number(lo.slice(0, 4)), Number(hi.slice(0, 4))]);
    return [...years].every((y) => {
      const r = { from: `${y}${d.from.slice(4)}`, to: d.to.startsWith('9999') ? d.to : `${y}${d.to.slice(4)}` };
      return r.to < lo || r.from > hi;
    });
  });
}

/** The one day a sentence's figures refer to: a single day it names ("as of 1 June", "on Sunday"), if exactly one. */
export function figureDay(dates: readonly DayRange[]): string | undefined {
  const days = [...new Set(dates.filter((d) => d.day && !d.yearless).map((d) => d.from))];
  return days.length === 1 ? days[0] : undefined;
}
