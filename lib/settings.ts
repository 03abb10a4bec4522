/**
 * The user's settings: one versioned object, validated with zod. Framework-free (the storage items that hold it are
 * in lib/ext/storage.ts), so the defaults and the per-site rules are tested in Node.
 */
import { z } from 'zod';
import { MIN_SCORE } from './match';

// No code generation: zod's JIT probe (`new Function`) would trip extension pages' CSP and page CSPs.
z.config({ jitless: true });

export const MARKABLE = ['corroborated', 'disputed', 'single-sourced'] as const;
export type Markable = (typeof MARKABLE)[number];

export const SiteRule = z.object({
  /** 'deny': never scan this site; 'allow': scan it even when auto-scan is off. Absent: follow `autoScan`. */
  scan: z.enum(['allow', 'deny']).optional(),
  /** false: scan, but draw no highlights on this site (the popup still lists the claims). */
  highlights: z.boolean().optional(),
});
export type SiteRule = z.infer<typeof SiteRule>;

export const Settings = z.object({
  /** Scan every page on load; when off, only sites with `scan: 'allow'` (or a click in the popup) are scanned. */
  autoScan: z.boolean(),
  /** Global highlight switch (keyboard shortcut and popup). */
  highlights: z.boolean(),
  /** Which statuses get highlights. */
  statuses: z.object({ corroborated: z.boolean(), disputed: z.boolean(), 'single-sourced': z.boolean() }),
  /** Match threshold: a sentence whose best candidate scores below this stays unmatched. */
  minScore: z.number().min(0.2).max(0.9),
  /** Per hostname (`location.hostname`, lower case). */
  sites: z.record(z.string(), SiteRule),
});
export type Settings = z.infer<typeof Settings>;

export const DEFAULT_SETTINGS: Settings = {
  autoScan: true,
  highlights: true,
  statuses: { corroborated: true, disputed: true, 'single-sourced': true },
  minScore: MIN_SCORE,
  sites: {},
};

/** Whether a page on `host` is scanned without being asked. */
export function shouldScan(s: Settings, host: string): boolean {
  const rule = s.sites[host.toLowerCase()]?.scan;
  if (rule === 'deny') return false;
  if (rule === 'allow') return true;
  return s.autoScan;
}

/** Whether highlights are drawn on `host` (claims are still listed in the popup when not). */
export function shouldHighlight(s: Settings, host: string): boolean {
  return s.highlights && s.sites[host.toLowerCase()]?.highlights !== false;
}

/** Reads a stored value leniently: anything missing or invalid falls back to the default, field by field. */
export function normalizeSettings(raw: unknown): Settings {
  const r = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const out: Settings = structuredClone(DEFAULT_SETTINGS);
  for (const key of Object.keys(DEFAULT_SETTINGS) as (keyof Settings)[]) {
    const field = Settings.shape[key].safeParse(r[key]);
    if (field.success) (out as Record<string, unknown>)[key] = field.data;
  }
  return out;
}

/** A false match the reader reported ("this match looks wrong"); kept locally, exportable from the options page. */
export const FalseMatch = z.object({
  /** The page's address without query or fragment. */
  url: z.string(),
  sentence: z.string(),
  claimId: z.string(),
  score: z.number(),
  status: z.string(),
  /** ISO time of the report. */
  at: z.string(),
  packVersion: z.string().optional(),
});
export type FalseMatch = z.infer<typeof FalseMatch>;
