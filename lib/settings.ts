/**
 * The user's settings: one versioned object, read leniently field by field. Framework-free (the storage items that
 * hold it are in lib/ext/storage.ts), so the defaults and the per-site rules are tested in Node. Validated by hand
 * rather than with zod because the content script, which runs on every page, reads them: it stays small.
 */
// The fitted model's threshold, read from its JSON alone: the content script reads the settings and must not carry
// the matcher.
import model from './engine/11-match.model.json';

const MIN_SCORE = model.threshold;

export const MARKABLE = ['corroborated', 'disputed', 'single-sourced'] as const;
export type Markable = (typeof MARKABLE)[number];

export interface SiteRule {
  /** 'deny': never scan this site; 'allow': scan it even when auto-scan is off. Absent: follow `autoScan`. */
  scan?: 'allow' | 'deny';
  /** false: scan, but draw no highlights on this site (the popup still lists the claims). */
  highlights?: boolean;
}

export interface Settings {
  /** Scan every page on load; when off, only sites with `scan: 'allow'` (or a click in the popup) are scanned. */
  autoScan: boolean;
  /** Global highlight switch (keyboard shortcut and popup). */
  highlights: boolean;
  /** Which statuses get highlights. */
  statuses: Record<Markable, boolean>;
  /**
   * The match confidence (0.5–0.99) below which a sentence stays unmatched: the probability, from the fitted model,
   * that the best candidate is the claim the sentence states. From settings v3 (v2 held a score of another scale).
   */
  minScore: number;
  /** Per hostname (`location.hostname`, lower case). */
  sites: Record<string, SiteRule>;
  /** Ids of imported packs switched off (kept, but not used for matching). Added in settings v2. */
  disabledPacks?: string[];
}

const isBool = (x: unknown): x is boolean => typeof x === 'boolean';
const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** A site rule, or null when it is not one. */
export function parseSiteRule(x: unknown): SiteRule | null {
  if (!isRecord(x)) return null;
  if (x.scan !== undefined && x.scan !== 'allow' && x.scan !== 'deny') return null;
  if (x.highlights !== undefined && !isBool(x.highlights)) return null;
  const out: SiteRule = {};
  if (x.scan !== undefined) out.scan = x.scan;
  if (x.highlights !== undefined) out.highlights = x.highlights;
  return out;
}

/** Validators of each field: the value when valid, undefined when not. */
const FIELDS: { [K in keyof Settings]-?: (x: unknown) => Settings[K] | undefined } = {
  autoScan: (x) => (isBool(x) ? x : undefined),
  highlights: (x) => (isBool(x) ? x : undefined),
  statuses: (x) => (isRecord(x) && MARKABLE.every((k) => isBool(x[k])) ? { corroborated: !!x.corroborated, disputed: !!x.disputed, 'single-sourced': !!x['single-sourced'] } : undefined),
  minScore: (x) => (typeof x === 'number' && Number.isFinite(x) && x >= MIN_SCORE_RANGE.min && x <= MIN_SCORE_RANGE.max ? x : undefined),
  sites: (x) => {
    if (!isRecord(x)) return undefined;
    const out: Record<string, SiteRule> = {};
    for (const [host, rule] of Object.entries(x)) {
      const r = parseSiteRule(rule);
      if (!r) return undefined;
      out[host] = r;
    }
    return out;
  },
  disabledPacks: (x) => (Array.isArray(x) && x.every((v) => typeof v === 'string') ? [...x] : undefined),
};

/** The range the options page's sensitivity slider offers (and the schema accepts). */
export const MIN_SCORE_RANGE = { min: 0.5, max: 0.99, step: 0.01 } as const;

export const DEFAULT_SETTINGS: Settings = {
  autoScan: true,
  highlights: true,
  statuses: { corroborated: true, disputed: true, 'single-sourced': true },
  minScore: MIN_SCORE,
  sites: {},
  disabledPacks: [],
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
    const value = FIELDS[key](r[key]);
    if (value !== undefined) (out as unknown as Record<string, unknown>)[key] = value;
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
    const parsed = parseSiteRule(rule);
    if (key && parsed) sites[key] = { ...sites[key], ...parsed };
  }
  return normalizeSettings({ ...r, sites, disabledPacks: Array.isArray(r.disabledPacks) ? r.disabledPacks : [] });
}

/**
 * v2 → v3: the sensitivity became a match confidence (a probability from the fitted model) instead of a score of its
 * own scale, so a stored v2 value means nothing now: it is dropped, and the default applies. Nothing else changes.
 */
export function migrateSettingsV2toV3(raw: unknown): Settings {
  const r = (typeof raw === 'object' && raw !== null ? { ...(raw as Record<string, unknown>) } : {}) as Record<string, unknown>;
  delete r.minScore;
  return normalizeSettings(r);
}

/** A false match the reader reported ("this match looks wrong"); kept locally, exportable from the options page. */
export interface FalseMatch {
  /** The page's address without query or fragment. */
  url: string;
  sentence: string;
  claimId: string;
  score: number;
  status: string;
  /** ISO time of the report. */
  at: string;
  packVersion?: string;
}

/** Whether a stored value is a false-match record. */
export function isFalseMatch(x: unknown): x is FalseMatch {
  if (!isRecord(x)) return false;
  const str = (k: string) => typeof x[k] === 'string';
  return str('url') && str('sentence') && str('claimId') && typeof x.score === 'number' && str('status') && str('at') && (x.packVersion === undefined || str('packVersion'));
}
