/**
 * The real-text evaluation sets (issue 11): labels we wrote for text nobody on this project wrote. The text itself is
 * read from ../shared/benchmarks at run time and never copied here (RUWA is CC BY-NC-SA, evaluation only; the articles
 * stay their publishers').
 *
 * - `test/eval/real/ruwa/*.yaml`: RUWA rows, each named by its URL and field (title or desc).
 * - `test/eval/real/articles/*.yaml`: one file per article of ../shared/benchmarks/articles, every check-worthy
 *   sentence located by (at most) its first 8 words.
 *
 * Each label gives the expected claim (or none), the acceptable statuses, the figure check and the page's stance.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { parse } from 'yaml';
import { z } from 'zod';
import type { EvalCase, Expect } from '../../lib/eval';
import { articleSplits, ruwaSplit, type ArticleMeta, type Split } from './split';

export const SHARED = join(import.meta.dirname, '..', '..', '..', 'shared');
export const BENCH = join(SHARED, 'benchmarks');
export const RUWA_CSV = join(BENCH, 'ruwa', 'ruwa-2022-02-24_2022-08-31.csv');
export const ARTICLES = join(BENCH, 'articles');
export const LABELS = join(import.meta.dirname, 'real');

const PageStatus = z.enum(['corroborated', 'disputed', 'single-sourced', 'unmatched']);

/**
 * What the page does with the claim: states it (in its own voice or reporting someone who asserts it), denies it in
 * its own voice, or reports someone's denial or dispute of it.
 */
export const PageStance = z.enum(['asserts', 'denies', 'reports-denial']);
export type PageStance = z.infer<typeof PageStance>;

/**
 * The figure check a careful reader expects: `matches` (a figure of the claim's quantity that agrees with its source),
 * `differs` (one that disagrees), `other` (figures only of quantities the claim does not give: never compared).
 * Absent when the sentence gives no figure.
 */
export const FigureLabel = z.enum(['matches', 'differs', 'other']);
export type FigureLabel = z.infer<typeof FigureLabel>;

const LabelFields = {
  claim: z.string().nullable(),
  also: z.array(z.string()).optional(),
  status: z.array(PageStatus).min(1),
  figure: FigureLabel.optional(),
  stance: PageStance.optional(),
  note: z.string().optional(),
};

/** RUWA's URLs as stored (TASS rows lack the scheme, so no URL check beyond that). */
export const RuwaLabel = z.strictObject({ url: z.string().min(5), field: z.enum(['title', 'desc']), ...LabelFields });
export type RuwaLabel = z.infer<typeof RuwaLabel>;

export const SentenceLabel = z.strictObject({ starts: z.string().min(3), ...LabelFields });
export type SentenceLabel = z.infer<typeof SentenceLabel>;

export const ArticleLabels = z.strictObject({
  file: z.string(),
  /** Who labelled it and how (free text). */
  note: z.string().optional(),
  sentences: z.array(SentenceLabel),
});
export type ArticleLabels = z.infer<typeof ArticleLabels>;

export interface RuwaRow {
  date: string;
  site: string;
  event: string;
  title: string;
  desc: string;
  url: string;
}

export interface ArticleIndexEntry extends ArticleMeta {
  url: string;
  outlet: string;
  published: string | null;
  side: string;
  headline: string;
}

export const sharedPresent = (): boolean => existsSync(RUWA_CSV) && existsSync(join(ARTICLES, 'index.json'));

let ruwaCache: RuwaRow[] | undefined;
export function ruwaRows(): RuwaRow[] {
  ruwaCache ??= parseCsv(readFileSync(RUWA_CSV, 'utf8'), { columns: true, skip_empty_lines: true }) as RuwaRow[];
  return ruwaCache;
}

export function articleIndex(): ArticleIndexEntry[] {
  return JSON.parse(readFileSync(join(ARTICLES, 'index.json'), 'utf8')) as ArticleIndexEntry[];
}

/** An article's lines: the headline, then one paragraph per line (the standfirst, where there is one, is line 2). */
export function articleLines(file: string): string[] {
  return readFileSync(join(ARTICLES, file), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

function yamlIn(dir: string): { file: string; data: unknown }[] {
  const d = join(LABELS, dir);
  if (!existsSync(d)) return [];
  return readdirSync(d)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => ({ file: `test/eval/real/${dir}/${f}`, data: parse(readFileSync(join(d, f), 'utf8')) }));
}

export interface LoadedRuwa extends RuwaLabel {
  text: string;
  row: RuwaRow;
  split: Split;
  source: string;
}

export interface LoadedArticle extends ArticleLabels {
  meta: ArticleIndexEntry;
  lines: string[];
  split: Split;
  source: string;
}

export const norm = (s: string): string => s.replace(/[\s\u00a0]+/g, ' ').replace(/[‘’]/g, "'").replace(/[“”]/g, '"').trim();

/** Problems a label can have, independent of any engine output. */
function checkLabel(where: string, l: z.infer<z.ZodObject<typeof LabelFields>>, claimIds: ReadonlySet<string> | undefined, problems: string[]) {
  if (l.claim === null) {
    if (l.status.some((s) => s !== 'unmatched')) problems.push(`${where}: no claim, so the only status is unmatched`);
    if (l.stance) problems.push(`${where}: a stance needs a claim`);
  } else {
    if (l.status.includes('unmatched')) problems.push(`${where}: a claim is expected, so "unmatched" is not an acceptable status`);
    if (!l.stance) problems.push(`${where}: give the page's stance toward ${l.claim}`);
    if (claimIds && !claimIds.has(l.claim)) problems.push(`${where}: unknown claim id ${l.claim}`);
  }
  for (const a of l.also ?? []) if (claimIds && !claimIds.has(a)) problems.push(`${where}: unknown claim id ${a} in also`);
}

/**
 * Reads every label file, resolves each label to its text in ../shared, and checks the labels (unknown claims, rows
 * or sentences that cannot be found, duplicates). Problems are returned, not thrown, so one bad label names itself.
 */
export function loadReal(claimIds?: ReadonlySet<string>): { ruwa: LoadedRuwa[]; articles: LoadedArticle[]; problems: string[] } {
  const problems: string[] = [];
  const rows = new Map(ruwaRows().map((r) => [r.url, r]));
  const ruwa: LoadedRuwa[] = [];
  const seen = new Set<string>();
  for (const { file, data } of yamlIn('ruwa')) {
    const parsed = z.array(RuwaLabel).safeParse(data);
    if (!parsed.success) {
      const i = parsed.error.issues[0]!;
      problems.push(`${file} at ${i.path.join('.')}: ${i.message}`);
      continue;
    }
    parsed.data.forEach((l, i) => {
      const where = `${file}[${i}] ${l.url} ${l.field}`;
      const row = rows.get(l.url);
      if (!row) return problems.push(`${where}: no RUWA row has this URL`);
      const text = norm(row[l.field] ?? '');
      if (!text) return problems.push(`${where}: the row's ${l.field} is empty`);
      const shown = ruwaText(row.site, l.field, text);
      if (shown.split(/\s+/).length < 3 && l.claim !== null) return problems.push(`${where}: the ${l.field} says nothing but "${shown}" once the site's chrome is off; it cannot state ${l.claim}`);
      const key = `${l.url}|${l.field}`;
      if (seen.has(key)) return problems.push(`${where}: labelled twice`);
      seen.add(key);
      checkLabel(where, l, claimIds, problems);
      ruwa.push({ ...l, text, row, split: ruwaSplit(row.site, row.date), source: file });
    });
  }

  const index = articleIndex();
  const splits = articleSplits(index);
  const articles: LoadedArticle[] = [];
  for (const { file, data } of yamlIn('articles')) {
    const parsed = ArticleLabels.safeParse(data);
    if (!parsed.success) {
      const i = parsed.error.issues[0]!;
      problems.push(`${file} at ${i.path.join('.')}: ${i.message}`);
      continue;
    }
    const meta = index.find((a) => a.file === parsed.data.file);
    if (!meta) {
      problems.push(`${file}: ${parsed.data.file} is not in ../shared/benchmarks/articles/index.json`);
      continue;
    }
    const lines = articleLines(meta.file);
    const whole = norm(lines.join('\n'));
    const starts = new Set<string>();
    parsed.data.sentences.forEach((s, i) => {
      const where = `${file} sentences[${i}] "${s.starts}"`;
      if (s.starts.trim().split(/\s+/).length > 8) problems.push(`${where}: locate a sentence by at most its first 8 words`);
      const at = whole.indexOf(norm(s.starts));
      if (at < 0) problems.push(`${where}: not found in ${meta.file}`);
      else if (whole.indexOf(norm(s.starts), at + 1) >= 0) problems.push(`${where}: found more than once in ${meta.file}; give more words`);
      if (starts.has(norm(s.starts))) problems.push(`${where}: labelled twice`);
      starts.add(norm(s.starts));
      checkLabel(where, s, claimIds, problems);
    });
    articles.push({ ...parsed.data, meta, lines, split: splits.get(meta.file)!, source: file });
  }
  return { ruwa, articles, problems };
}

// ---- cases for lib/eval.ts ------------------------------------------------------------------------------------------


/**
 * A RUWA field as the page shows it, without the site's chrome: Censor.net titles end with the post's time and
 * section ("… (03.07.22 14:05) « War in Ukraine | Censor.NET") and start with a rubric ("Shelling of Kramatorsk: …"),
 * its ledes start with the time ("03.07.22 14:05 - ") and the same rubric and are cut mid-word (the cut fragment is
 * dropped); Ukrinform ledes end with " - Ukrinform".
 */
export function ruwaText(site: string, field: 'title' | 'desc', text: string): string {
  let t = norm(text);
  if (site === 'censor.net') {
    t = t.replace(/\s*\(\d{2}\.\d{2}\.\d{2} \d{2}:\d{2}\)\s*«.*$/, '').replace(/^\d{2}\.\d{2}\.\d{2} \d{2}:\d{2} - /, '');
    // The rubric: a short topic label before the first colon.
    t = t.replace(/^[^:]{3,80}?:\s+(?=\S)/, '').replace(/\.\s+(?:PHOTOS?|VIDEO|INFOGRAPHICS?|DOCUMENT|AUDIO)(?:,\s*(?:PHOTOS?|VIDEO))*\.?$/, '.');
    if (field === 'desc' && !/[.!?"»)]$/.test(t)) {
      const end = Math.max(t.lastIndexOf('. '), t.lastIndexOf('! '), t.lastIndexOf('? '));
      t = end > 0 ? t.slice(0, end + 1) : t;
    }
  }
  if (field === 'desc') t = t.replace(/\s+[-—–]\s+Ukrinform\.?$/, '');
  return t.trim();
}

const expectOf = (l: { claim: string | null; also?: string[]; status: string[]; figure?: FigureLabel; stance?: PageStance }): Expect => ({
  claim: l.claim,
  ...(l.also ? { also: l.also } : {}),
  statuses: l.status as Expect['statuses'],
  ...(l.figure ? { figure: l.figure } : {}),
  ...(l.stance ? { stance: l.stance } : {}),
});

/**
 * The labelled real text as evaluation cases: a RUWA row is a small article dated by the row (its headline alone,
 * or the headline followed by the lede, which is the labelled block), an article is its lines dated by index.json.
 */
export function realCases(claimIds?: ReadonlySet<string>): { cases: EvalCase[]; problems: string[] } {
  const { ruwa, articles, problems } = loadReal(claimIds);
  const cases: EvalCase[] = [];
  for (const l of ruwa) {
    const title = ruwaText(l.row.site, 'title', l.row.title ?? '');
    const blocks = l.field === 'title' ? [title] : [title, ruwaText(l.row.site, 'desc', l.text)].filter((b, i) => i === 1 || b);
    cases.push({
      source: 'ruwa',
      split: l.split,
      id: `${l.source.replace(/^.*\//, '')} ${l.url} ${l.field}`,
      blocks,
      published: l.row.date,
      targets: [{ id: `${l.url} ${l.field}`, block: blocks.length - 1, expect: expectOf(l) }],
      exhaustive: false,
    });
  }
  for (const a of articles) {
    cases.push({
      source: 'articles',
      split: a.split,
      id: a.meta.file,
      blocks: a.lines,
      ...(a.meta.published ? { published: a.meta.published } : {}),
      targets: a.sentences.map((s, i) => ({ id: `${a.meta.file}#${i + 1}`, starts: s.starts, expect: expectOf(s) })),
      exhaustive: true,
    });
  }
  return { cases, problems };
}

/**
 * In-domain negatives: RUWA rows about the war that are about nothing the pack holds, found by topic and date, never
 * by label. Kept: RUWA's generic topic ("beginning") outside the weeks the hand-curated 2022 claims cover (15 June –
 * 20 July 2022), whose text names none of the pack's subjects (the contested events, the daily loss reports, the
 * June–July topics). Any match among them is very likely a false one.
 */
export const IN_DOMAIN_FILTERS = {
  event: 'beginning',
  outside: { from: '2022-06-10', to: '2022-07-25' },
  /** Subjects of the pack: a row naming one is left out. */
  packSubjects:
    /\b(?:loss(?:es)?|killed|liquidated|General Staff|Bucha|Irpin|Kramatorsk|Mariupol|theat(?:re|er)|maternity|Moskva|cruiser|Olenivka|Olenovka|Yelenovka|Azovstal|Azov|Zaporizh|Zaporozh|Enerhodar|Energodar|nuclear|power plant|Kakhovka|Kerch|Crimean bridge|Nord Stream|Snake Island|Zmiinyi|Kremenchu[kg]|Vinnyts|Odesa|Odessa|Serhiivka|grain|Lysychansk|Lisichansk|Sievierodonetsk|Severodonetsk|Luhansk|Lugansk|Belgorod|Kursk|Bryansk|HIMARS|NATO|candida(?:te|cy)|Lugano|Kaliningrad|sanction|Bakhmut|Avdiivka|Pokrovsk|Kharkiv|Izium|Balakliia|Kupiansk|Dnipro|Przew|Kostiantynivka|Sumy|Okhmatdyt|Makiivka|Il-76|Chernihiv)\b/i,
};

export function inDomainNegatives(labelledUrls: ReadonlySet<string>): EvalCase[] {
  const f = IN_DOMAIN_FILTERS;
  const out: EvalCase[] = [];
  for (const r of ruwaRows()) {
    if (r.event !== f.event || (r.date >= f.outside.from && r.date <= f.outside.to) || labelledUrls.has(r.url)) continue;
    const title = ruwaText(r.site, 'title', r.title ?? '');
    const desc = ruwaText(r.site, 'desc', r.desc ?? '');
    if (f.packSubjects.test(`${title} ${desc}`)) continue;
    const blocks = [title, desc].filter(Boolean);
    if (!blocks.length) continue;
    out.push({
      source: 'ruwa',
      split: ruwaSplit(r.site, r.date),
      id: r.url,
      blocks,
      published: r.date,
      targets: blocks.map((_, i) => ({ id: `${r.url} ${i ? 'desc' : 'title'}`, block: i, expect: { claim: null, statuses: ['unmatched'] } })),
      exhaustive: true,
    });
  }
  return out;
}
