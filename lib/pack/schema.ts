/**
 * Schemas of the reference data: the human-edited source files under `data/` and the compiled pack that the
 * extension and the CLI load. Types are inferred from the schemas so the two can never drift apart.
 *
 * Ideas kept from the data-model guide: statements come from *origins* (who says it), published in *reports*
 * (where); origins belong to *independence groups*; each statement asserts, disputes or gives context; figures are data.
 */
import { z } from 'zod';

// No code generation: zod's JIT probe (`new Function`) would trip extension pages' CSP and page CSPs.
z.config({ jitless: true });

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');
const slug = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a lower-case id (letters, digits, dashes)');

export const Qualifier = z.enum(['exact', 'about', 'at-least', 'at-most']);
export type Qualifier = z.infer<typeof Qualifier>;

/** A figure stated by one origin: what is counted, its value and how precise the origin says it is. */
export const Quantity = z.strictObject({
  /** What is counted, as a short key shared by all statements of a claim, e.g. `deaths`, `area-km2`, `tanks`. */
  what: slug,
  value: z.number().finite(),
  unit: z.string().min(1).optional(),
  qualifier: Qualifier.default('exact'),
  /** The date the figure refers to (defaults to the statement's date). */
  asOf: isoDate.optional(),
});
export type Quantity = z.infer<typeof Quantity>;

/** One publication of a statement. The URL must be a real published report that we found. */
export const Report = z.strictObject({
  outlet: z.string().min(2),
  url: z.url({ protocol: /^https?$/ }),
  date: isoDate,
});
export type Report = z.infer<typeof Report>;

export const Stance = z.enum(['asserts', 'disputes', 'context']);
export type Stance = z.infer<typeof Stance>;

export const Statement = z.strictObject({
  origin: slug,
  stance: Stance,
  /** When the origin made the statement. */
  date: isoDate,
  /** Our own words. */
  summary: z.string().min(10),
  figures: z.array(Quantity).optional(),
  reports: z.array(Report).min(1, 'a statement needs at least one report'),
});
export type Statement = z.infer<typeof Statement>;

export const Claim = z.strictObject({
  id: slug,
  /** The claim in our own words, as a reader would meet it in an article. */
  text: z.string().min(10),
  /** Other ways articles phrase it (our words too); they help the fuzzy matcher. */
  aliases: z.array(z.string().min(5)).optional(),
  /** Places, people and bodies the claim is about; they must appear in a sentence for a confident match. */
  entities: z.array(z.string().min(2)).min(1),
  when: z.strictObject({ from: isoDate, to: isoDate.optional() }),
  /**
   * Claims of one series (e.g. the General Staff's daily reports) differ only by date and figures: a sentence must
   * share a figure with one of them to match it.
   */
  series: slug.optional(),
  /** The contested event the claim belongs to (set by the data build from its file's `event`). */
  event: slug.optional(),
  statements: z.array(Statement).min(1),
});
export type Claim = z.infer<typeof Claim>;

/**
 * A contested event (Bucha, Olenivka…): a file of `data/claims/events/` models each competing account of it as its
 * own claim. `silent` names a belligerent group that made no statement on it, with the reason, so the audit does not
 * ask for one.
 */
export const Event = z.strictObject({
  id: slug,
  name: z.string().min(3),
  when: z.strictObject({ from: isoDate, to: isoDate.optional() }),
  silent: z.array(z.strictObject({ group: slug, why: z.string().min(10) })).optional(),
});
export type Event = z.infer<typeof Event>;

/** A topic file under `data/claims/`. */
export const ClaimsFile = z.strictObject({
  topic: z.string().min(3),
  notes: z.string().optional(),
  /** Files under data/claims/events/ describe one contested event; its id is stamped on each claim. */
  event: Event.optional(),
  claims: z.array(Claim),
});
export type ClaimsFile = z.infer<typeof ClaimsFile>;

export const OriginKind = z.enum([
  'government',
  'military',
  'armed-group',
  'state-media',
  'analyst',
  'media',
  'ngo',
  'intl-org',
  'person',
]);

export const Group = z.strictObject({
  id: slug,
  name: z.string().min(2),
  /** True for a belligerent's government, military, proxies and state media. */
  party: z.boolean(),
  /** Why these origins are one group. */
  why: z.string().min(10),
});
export type Group = z.infer<typeof Group>;

export const Origin = z.strictObject({
  id: slug,
  name: z.string().min(2),
  group: slug,
  kind: OriginKind,
  /** How articles name this speaker ("Russia's defence ministry", "Shoigu", "Haidai"): maps a page's attribution to the origin. */
  speakers: z.array(z.string().min(2)).optional(),
});
export type Origin = z.infer<typeof Origin>;

/** A file under `data/origins/`: origins and independence groups (ids unique across all files). */
export const OriginsFile = z.strictObject({
  groups: z.array(Group).default([]),
  origins: z.array(Origin).default([]),
});
export type OriginsFile = z.infer<typeof OriginsFile>;

export const Affiliation = z.enum(['russian-state', 'ukrainian-state', 'russian-media', 'ukrainian-media', 'international']);
export type Affiliation = z.infer<typeof Affiliation>;

/** A publisher of reports, labelled by side (`data/outlets.yaml`). */
export const Outlet = z.strictObject({
  /** Exactly as written in reports. */
  name: z.string().min(2),
  affiliation: Affiliation,
  country: z.string().min(2),
  /** State-owned or state-controlled (for third countries; Russian and Ukrainian state media have their own affiliation). */
  state: z.boolean().optional(),
});
export type Outlet = z.infer<typeof Outlet>;

export const OutletsFile = z.strictObject({ outlets: z.array(Outlet) });

/** The compiled pack: what the extension bundles and the CLI loads (also the format of `--pack` extras). */
export const Pack = z.strictObject({
  id: slug,
  version: z.string().min(1),
  title: z.string().min(1),
  licences: z.array(z.string()),
  groups: z.array(Group),
  origins: z.array(Origin),
  /** Labels of the outlets; optional in extra packs. */
  outlets: z.array(Outlet).default([]),
  /** The contested events the claims belong to (`Claim.event`). */
  events: z.array(Event).default([]),
  claims: z.array(Claim),
});
export type Pack = z.infer<typeof Pack>;
