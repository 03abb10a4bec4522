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
  /** Ids of imported packs switched off (kept, but not used for matching). Added in settings v2. */
  disabledPacks: z.array(z.string()).optional(),
});
export type Settings = z.infer<typeof Settings>;

export const DEFAULT_SETTINGS: Settings = {
  autoScan: true,
  highlights: true,
  statuses: { corroborated: true, disputed: true, 'single-sourced': true },
  minScore: MIN_SCORE,
  sites: {},
  disabledPacks: [],
};

/** The range the options page's sensitivity slider offers (the schema allows 0.2–0.9). */
export const MIN_SCORE_RANGE = { min: 0.3, max: 0.8, step: 0.01 } as const;

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
    if (field.success && field.data !== undefined) (out as Record<string, unknown>)[key] = field.data;
  }
  return out;
}

/**
 * A hostname as typed by a person ("https://www.Example.com/news/", "Example.COM.") → `www.example.com`, or null
 * when it is not a hostname.
 */
export function normalizeHost(input: string): string | null {
  const text = input.trim();
  if (!text || /\s/.test(text)) return null;
  let s: string;
  try {
    // The URL parser lower-cases, drops the port and path, and turns an international name into its xn-- form
    // (what `location.hostname` gives).
    s = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`).hostname;
  } catch {
    return null;
  }
  s = s.replace(/\.+$/, '');
  if (!s || s.length > 253 || s.startsWith('[')) return null;
  if (!s.split('.').every((l) => /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(l))) return null;
  return s;
}

/**
 * Settings v1 → v2: site rules are keyed by lower-case hostnames without a trailing dot (v1 stored what was given,
 * and `shouldScan` looks hosts up in lower case, so such rules never applied; two spellings of one host are merged,
 * the later one winning), and `disabledPacks` is added.
 */
export function migrateSettingsV1toV2(raw: unknown): Settings {
  const r = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const sites: Record<string, SiteRule> = {};
  const oldSites = typeof r.sites === 'object' && r.sites !== null ? (r.sites as Record<string, unknown>) : {};
  for (const [host, rule] of Object.entries(oldSites)) {
    const key = normalizeHost(host);
    const parsed = SiteRule.safeParse(rule);
    if (key && parsed.success) sites[key] = { ...sites[key], ...parsed.data };
  }
  return normalizeSettings({ ...r, sites, disabledPacks: Array.isArray(r.disabledPacks) ? r.disabledPacks : [] });
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
