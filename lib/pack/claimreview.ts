/**
 * schema.org ClaimReview JSON-LD (what fact-checkers publish) → a Crosscheck pack.
 *
 * - Accepted shapes: one ClaimReview object, an array of them, or an object with `@graph` (other node types in an
 *   array or graph are skipped).
 * - `claimReviewed` is the claim's text; reviews of the same text become one claim.
 * - `itemReviewed.author` is the claimant: an origin that *asserts* the claim, on `itemReviewed.datePublished` (else
 *   the review's date); its report is the claim's first appearance when given, else the review.
 * - The review's `author` is the reviewer: an origin whose stance follows `reviewRating` — false / misleading ratings
 *   dispute, true ratings assert, mixed or unrated ones are context. Its report is the review (`url`, `datePublished`).
 * - Each distinct organisation or person is its own origin in an independence group of its own (`cr-<name>`), not a
 *   party to the conflict: ClaimReview says nothing about who is independent of whom.
 * - Entities (what a sentence must name to match) are the claim's capitalised names; the claimant's name if none.
 */
import { z } from 'zod';
import { ImportError, issuesToError, MAX_PROBLEMS } from './errors';
import type { Claim, Group, Origin, Pack, Statement } from './schema';

const typeOf = (x: unknown): string[] => {
  const t = (x as { '@type'?: unknown })?.['@type'];
  return (Array.isArray(t) ? t : [t]).filter((v): v is string => typeof v === 'string').map((v) => v.replace(/^.*[/#:]/, ''));
};
const isClaimReview = (x: unknown) => typeof x === 'object' && x !== null && typeOf(x).includes('ClaimReview');

/** Whether parsed JSON is ClaimReview JSON-LD rather than our pack format. */
export function looksLikeClaimReview(raw: unknown): boolean {
  if (Array.isArray(raw)) return raw.some(isClaimReview) || raw.length === 0 || raw.every((x) => typeof x === 'object' && x && '@type' in x);
  if (typeof raw !== 'object' || raw === null) return false;
  return isClaimReview(raw) || '@graph' in raw || '@context' in raw || '@type' in raw;
}

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}/, 'expected an ISO date (YYYY-MM-DD…)');
const httpUrl = z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' });

const Party = z.union([
  z.string().trim().min(2, 'expected a name'),
  z.looseObject({ '@type': z.union([z.string(), z.array(z.string())]).optional(), name: z.string().trim().min(2, 'expected a name') }),
]);
type Party = z.infer<typeof Party>;
const Parties = z.union([Party, z.array(Party).min(1, 'expected at least one author')]);

const Appearance = z.looseObject({ url: httpUrl, publisher: Party.optional(), datePublished: isoDay.optional() });

export const ClaimReviewLd = z.looseObject({
  claimReviewed: z.string().trim().min(10, 'expected the reviewed claim (10 characters or more)'),
  url: httpUrl,
  datePublished: isoDay,
  author: Parties,
  itemReviewed: z.looseObject({
    author: Parties,
    datePublished: isoDay.optional(),
    firstAppearance: z.union([Appearance, z.array(Appearance)]).optional(),
    appearance: z.union([Appearance, z.array(Appearance)]).optional(),
  }),
  reviewRating: z.looseObject({
    alternateName: z.string().optional(),
    name: z.string().optional(),
    ratingValue: z.union([z.number(), z.string()]).optional(),
    bestRating: z.union([z.number(), z.string()]).optional(),
    worstRating: z.union([z.number(), z.string()]).optional(),
  }),
});
export type ClaimReviewLd = z.infer<typeof ClaimReviewLd>;

const DISPUTES =
  /\b(false|fake|misleading|incorrect|inaccurate|wrong|pants on fire|fabricated|distorted|baseless|unsupported|hoax|not true|untrue|no evidence|manipulated|exaggerated|misattributed|out of context|satire)\b/;
const MIXED = /\b(half|partly|partially|mixed|mixture|unproven|unverified|unsubstantiated|missing context|needs context|disputed)\b/;
const SUPPORTS = /\b(true|correct|accurate|confirmed|right)\b/;

/** The reviewer's stance from the rating: words first ("Mostly false"), else the value on its scale. */
export function ratingStance(r: ClaimReviewLd['reviewRating']): Statement['stance'] {
  const words = `${r.alternateName ?? ''} ${r.name ?? ''}`.toLowerCase();
  if (DISPUTES.test(words)) return 'disputes';
  if (MIXED.test(words)) return 'context';
  if (SUPPORTS.test(words)) return 'asserts';
  const v = Number(r.ratingValue);
  const best = Number(r.bestRating ?? 5);
  const worst = Number(r.worstRating ?? 1);
  if (r.ratingValue !== undefined && Number.isFinite(v) && Number.isFinite(best) && Number.isFinite(worst) && best !== worst) {
    const share = (v - worst) / (best - worst);
    if (share <= 1 / 3) return 'disputes';
    if (share >= 3 / 4) return 'asserts';
  }
  return 'context';
}

export function slugify(s: string, max = 40): string {
  const slug = s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, max)
    .replace(/-+$/, '');
  return slug || 'x';
}

const LEADING_STOPWORDS = new Set(['the', 'a', 'an', 'in', 'on', 'at', 'this', 'that', 'these', 'those', 'it', 'its', 'he', 'she', 'they', 'we', 'i', 'there', 'and', 'but', 'if', 'when', 'after', 'before', 'since', 'during', 'over', 'more', 'most', 'some', 'all', 'no', 'not', 'video', 'photo', 'image', 'says', 'claim']);

/** Capitalised names in a claim ("Ukrainian forces shelled Donetsk" → Ukrainian, Donetsk). */
export function namesIn(text: string): string[] {
  const out = new Map<string, string>();
  for (const m of text.matchAll(/\p{Lu}[\p{L}\p{M}’'.-]*(?:\s+(?:of\s+|the\s+)?\p{Lu}[\p{L}\p{M}’'.-]*)*/gu)) {
    const words = m[0]
      .split(/\s+/)
      .map((w) => w.replace(/['’]s$/, '').replace(/[’'.-]+$/, ''));
    while (words.length && LEADING_STOPWORDS.has(words[0]!.toLowerCase())) words.shift();
    const name = words.join(' ');
    if (name.length >= 3 && !out.has(name.toLowerCase())) out.set(name.toLowerCase(), name);
  }
  return [...out.values()].slice(0, 8);
}

const partyName = (p: Party) => (typeof p === 'string' ? p : p.name).trim();
const partyKind = (p: Party): Origin['kind'] => {
  const t = typeof p === 'string' ? [] : typeOf(p);
  if (t.includes('Person')) return 'person';
  if (t.some((x) => /Government/.test(x))) return 'government';
  if (t.some((x) => /Military/.test(x))) return 'military';
  if (t.some((x) => /NGO/.test(x))) return 'ngo';
  return 'media';
};
const list = <T>(x: T | T[] | undefined): T[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);
const host = (url: string) => new URL(url).hostname.replace(/^www\./, '');

/** Converts ClaimReview JSON-LD to a pack; throws an ImportError naming each invalid review's path. */
export function claimReviewToPack(raw: unknown, fileName: string): Pack {
  let nodes: { node: unknown; path: PropertyKey[] }[];
  if (Array.isArray(raw)) nodes = raw.map((node, i) => ({ node, path: [i] }));
  else if (raw && typeof raw === 'object' && Array.isArray((raw as { '@graph'?: unknown })['@graph']))
    nodes = ((raw as { '@graph': unknown[] })['@graph']).map((node, i) => ({ node, path: ['@graph', i] }));
  else nodes = [{ node: raw, path: [] }];
  const reviews = nodes.filter((n) => isClaimReview(n.node));
  if (!reviews.length) throw new ImportError(['no ClaimReview found: expected objects with "@type": "ClaimReview" (alone, in an array or in "@graph")']);

  const problems: string[] = [];
  let total = 0;
  const parsed: ClaimReviewLd[] = [];
  for (const { node, path } of reviews) {
    const r = ClaimReviewLd.safeParse(node);
    if (r.success) parsed.push(r.data);
    else {
      total += r.error.issues.length;
      problems.push(...issuesToError(r.error.issues, path).problems);
    }
  }
  if (problems.length) throw new ImportError(problems.slice(0, MAX_PROBLEMS), total);

  const groups = new Map<string, Group>();
  const origins = new Map<string, Origin>();
  const originOf = (p: Party): string => {
    const name = partyName(p);
    const id = `cr-${slugify(name)}`;
    if (!origins.has(id)) {
      origins.set(id, { id, name, group: id, kind: partyKind(p) });
      groups.set(id, { id, name, party: false, why: 'Imported from ClaimReview data: each organisation or person is counted as an independent origin of its own.' });
    }
    return id;
  };

  const claims = new Map<string, Claim>();
  for (const cr of parsed) {
    const text = cr.claimReviewed.replace(/\s+/g, ' ');
    const key = text.toLowerCase();
    const reviewDate = cr.datePublished.slice(0, 10);
    const claimDate = cr.itemReviewed.datePublished?.slice(0, 10) ?? reviewDate;
    const claimants = list(cr.itemReviewed.author);
    const reviewers = list(cr.author);
    const appearance = [...list(cr.itemReviewed.firstAppearance), ...list(cr.itemReviewed.appearance)][0];
    let claim = claims.get(key);
    if (!claim) {
      const names = namesIn(text);
      claim = {
        id: `${claims.size + 1}-${slugify(text, 48)}`,
        text,
        entities: names.length ? names : claimants.map(partyName),
        when: { from: claimDate },
        statements: [],
      };
      claims.set(key, claim);
    }
    if (claimDate < claim.when.from) claim.when.from = claimDate;
    const reviewerNames = reviewers.map(partyName).join(', ');
    for (const c of claimants) {
      const origin = originOf(c);
      if (claim.statements.some((s) => s.origin === origin && s.stance === 'asserts' && s.date === claimDate)) continue;
      claim.statements.push({
        origin,
        stance: 'asserts',
        date: claimDate,
        summary: `${partyName(c)} made this claim (as reviewed by ${reviewerNames}).`,
        reports: appearance
          ? [{ outlet: appearance.publisher ? partyName(appearance.publisher) : host(appearance.url), url: appearance.url, date: appearance.datePublished?.slice(0, 10) ?? claimDate }]
          : [{ outlet: reviewerNames, url: cr.url, date: reviewDate }],
      });
    }
    const rating = cr.reviewRating.alternateName ?? cr.reviewRating.name ?? (cr.reviewRating.ratingValue !== undefined ? `${cr.reviewRating.ratingValue}` : 'unrated');
    for (const r of reviewers) {
      claim.statements.push({
        origin: originOf(r),
        stance: ratingStance(cr.reviewRating),
        date: reviewDate,
        summary: `${partyName(r)} rated the claim: ${rating}.`,
        reports: [{ outlet: partyName(r), url: cr.url, date: reviewDate }],
      });
    }
  }
  const dates = parsed.map((p) => p.datePublished.slice(0, 10)).sort();
  const base = fileName.replace(/\.[^.]*$/, '');
  return {
    id: `claimreview-${slugify(base, 40)}`,
    version: dates.at(-1)!,
    title: `ClaimReview: ${base}`,
    licences: [],
    events: [],
    groups: [...groups.values()],
    origins: [...origins.values()],
    outlets: [],
    claims: [...claims.values()],
  };
}
