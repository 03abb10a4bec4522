/**
 * The verdict rules, one pure function: from a reference claim's statements to corroborated / disputed /
 * single-sourced, with the reason and the list of sources. Rules (see the data-model guide):
 *
 * 1. Within one independence group the latest statement (asserts or disputes) is the group's stance; `context`
 *    statements never count. On the same date, the statement listed later wins.
 * 2. Any group whose stance is `disputes`, or figures for the same quantity and date from different groups that do
 *    not agree within their qualifiers → disputed.
 * 3. Otherwise two or more asserting groups → corroborated; else single-sourced.
 */
import { figuresAgree } from './07-figures';
import { outletLabel, type Directory } from '../pack/directory';
import type { Claim, Qualifier, Stance } from '../pack/schema';
import type { PackIndex } from '../pack/index-api';

export { directory, outletLabel, type Directory } from '../pack/directory';

export type Status = 'corroborated' | 'disputed' | 'single-sourced';

export interface SourceRef {
  origin: string;
  originId: string;
  group: string;
  groupId: string;
  party: boolean;
  stance: Stance;
  /** When the origin said it. */
  said: string;
  summary: string;
  outlet: string;
  /** Who the outlet is, e.g. "Russian state media", "Ukrainian media", "Bangladesh" (from data/outlets.yaml). */
  outletLabel?: string;
  url: string;
  /** Publication date of the report. */
  date: string;
  /** A later statement of the same group takes the other stance (e.g. a denial later withdrawn). */
  superseded?: boolean;
}

export interface FigureConflict {
  what: string;
  asOf: string;
  a: { value: number; qualifier: Qualifier; origin: string };
  b: { value: number; qualifier: Qualifier; origin: string };
}

export interface Verdict {
  status: Status;
  why: string;
  asserting: string[];
  disputing: string[];
  conflicts: FigureConflict[];
  sources: SourceRef[];
}

function listNames(items: Iterable<string>): string {
  const a = [...items];
  return a.length <= 2 ? a.join(' and ') : `${a.slice(0, -1).join(', ')} and ${a.at(-1)}`;
}

const NUMBER = new Intl.NumberFormat('en-US');
const QUALIFIER_WORDS: Record<Qualifier, string> = { exact: '', about: 'about ', 'at-least': 'at least ', 'at-most': 'at most ' };

/** "about 35,970", "at least 4": a figure with its qualifier, as the cards and reasons show it. */
export function fmtValue(v: { value: number; qualifier: Qualifier }): string {
  return QUALIFIER_WORDS[v.qualifier] + NUMBER.format(v.value);
}

export function verdict(claim: Claim, dir: Directory): Verdict {
  // Statement order: by date, then by position in the file.
  const ordered = claim.statements.map((s, i) => ({ s, i })).sort((x, y) => x.s.date.localeCompare(y.s.date) || x.i - y.i);

  const latest = new Map<string, { stance: Stance; origins: Set<string>; date: string }>();
  const history = new Map<string, { stance: Stance; origin: string; date: string }[]>();
  for (const { s } of ordered) {
    if (s.stance === 'context') continue;
    const groupId = dir.origin(s.origin).group;
    const prev = latest.get(groupId);
    if (prev && prev.stance === s.stance) prev.origins.add(s.origin);
    else latest.set(groupId, { stance: s.stance, origins: new Set([s.origin]), date: s.date });
    const h = history.get(groupId) ?? [];
    if (h.at(-1)?.stance !== s.stance) h.push({ stance: s.stance, origin: s.origin, date: s.date });
    history.set(groupId, h);
  }

  // Figures: the latest figure of each group for each quantity and date.
  const figs = new Map<string, Map<string, { value: number; qualifier: Qualifier; origin: string }>>();
  for (const { s } of ordered) {
    if (s.stance === 'context') continue;
    const groupId = dir.origin(s.origin).group;
    for (const f of s.figures ?? []) {
      const key = `${f.what}\u0000${f.asOf ?? s.date}`;
      const byGroup = figs.get(key) ?? new Map();
      byGroup.set(groupId, { value: f.value, qualifier: f.qualifier, origin: s.origin });
      figs.set(key, byGroup);
    }
  }
  const conflicts: FigureConflict[] = [];
  for (const [key, byGroup] of figs) {
    const [what, asOf] = key.split('\u0000') as [string, string];
    const entries = [...byGroup.values()];
    for (let i = 0; i < entries.length; i++)
      for (let j = i + 1; j < entries.length; j++)
        if (!figuresAgree(entries[i]!, entries[j]!)) conflicts.push({ what, asOf, a: entries[i]!, b: entries[j]! });
  }

  const asserting = [...latest].filter(([, v]) => v.stance === 'asserts').map(([g]) => g);
  const disputing = [...latest].filter(([, v]) => v.stance === 'disputes').map(([g]) => g);
  const who = (g: string) => {
    const names = [...latest.get(g)!.origins].map((o) => dir.origin(o).name).filter((n) => n !== dir.group(g).name);
    return names.length ? `${dir.group(g).name} (${listNames(names)})` : dir.group(g).name;
  };
  const parties = (gs: string[]) => gs.filter((g) => dir.group(g).party);

  let status: Status;
  const parts: string[] = [];
  if (disputing.length || conflicts.length) {
    status = 'disputed';
    if (asserting.length) parts.push(`Asserted by ${listNames(asserting.map(who))}.`);
    if (disputing.length) {
      const onlyParties = parties(disputing).length === disputing.length;
      parts.push(
        `Disputed by ${listNames(disputing.map(who))}` +
          (onlyParties ? ` — disputed only by ${disputing.length > 1 ? 'parties' : 'a party'} to the conflict.` : '.'),
      );
    }
    for (const c of conflicts)
      parts.push(
        `Figures conflict for ${c.what} as of ${c.asOf}: ${fmtValue(c.a)} (${dir.origin(c.a.origin).name}) vs ${fmtValue(c.b)} (${dir.origin(c.b.origin).name}).`,
      );
  } else if (asserting.length >= 2) {
    status = 'corroborated';
    const independent = asserting.filter((g) => !dir.group(g).party);
    parts.push(`Asserted by ${asserting.length} independent groups: ${listNames(asserting.map(who))}.`);
    if (independent.length && independent.length < asserting.length)
      parts.push(`Includes sources that are not parties to the conflict (${listNames(independent.map((g) => dir.group(g).name))}).`);
    else if (!independent.length) parts.push('All of them are parties to the conflict, on opposing sides.');
  } else if (asserting.length === 1) {
    status = 'single-sourced';
    const g = asserting[0]!;
    const outlets = new Set(claim.statements.filter((s) => dir.origin(s.origin).group === g).flatMap((s) => s.reports.map((r) => r.outlet)));
    parts.push(
      `Only ${who(g)} asserts this` +
        (outlets.size > 1 ? `; ${outlets.size} outlets carry it, but they all relay one origin.` : '.') +
        (dir.group(g).party ? ' It is a party to the conflict.' : ''),
    );
  } else {
    status = 'single-sourced';
    parts.push('No origin asserts this; the sources only give context.');
  }
  for (const [g, h] of history) {
    if (h.length > 1)
      parts.push(
        `${dir.group(g).name} changed its position: ` +
          h.map((e) => `${e.stance} on ${e.date} (${dir.origin(e.origin).name})`).join(', then ') +
          '; the latest counts.',
      );
  }

  const sources: SourceRef[] = ordered.flatMap(({ s }) => {
    const o = dir.origin(s.origin);
    const g = dir.group(o.group);
    const superseded = s.stance !== 'context' && latest.get(g.id)?.stance !== s.stance;
    return s.reports.map((r): SourceRef => {
      const outlet = dir.outlet?.(r.outlet);
      const label = outlet ? outletLabel(outlet) : '';
      return {
        ...(superseded ? { superseded: true } : {}),
        ...(label ? { outletLabel: label } : {}),
        origin: o.name,
        originId: o.id,
        group: g.name,
        groupId: g.id,
        party: g.party,
        stance: s.stance,
        said: s.date,
        summary: s.summary,
        outlet: r.outlet,
        url: r.url,
        date: r.date,
      };
    });
  });
  return { status, why: parts.join(' '), asserting, disputing, conflicts, sources };
}

const verdicts = new WeakMap<PackIndex, Map<number, Verdict>>();

/** The verdict of a loaded pack's claim, memoised per loaded pack (a page asks for the same claims again and again). */
export function claimVerdict(ref: PackIndex, ci: number): Verdict {
  let cache = verdicts.get(ref);
  if (!cache) verdicts.set(ref, (cache = new Map()));
  let v = cache.get(ci);
  if (!v) cache.set(ci, (v = verdict(ref.claim(ci), ref.dir)));
  return v;
}
