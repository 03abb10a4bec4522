/**
 * Storage items (WXT storage, `browser.storage.local`), versioned so a later format can migrate old data.
 * Browser-only: imported by entrypoints and components, never by the Node engine.
 */
import { storage } from 'wxt/utils/storage';
import { DEFAULT_SETTINGS, migrateSettingsV1toV2, migrateSettingsV2toV3, normalizeSettings, type FalseMatch, type Settings } from '../settings';

/**
 * v1: the first format. v2: lower-case site keys, `disabledPacks` (see `migrateSettingsV1toV2`). v3: the sensitivity
 * is a match confidence (`migrateSettingsV2toV3`).
 */
export const SETTINGS_VERSION = 3;
export const settingsItem = storage.defineItem<Settings>('local:settings', {
  fallback: DEFAULT_SETTINGS,
  version: SETTINGS_VERSION,
  migrations: { 2: migrateSettingsV1toV2, 3: migrateSettingsV2toV3 },
});

/** Reads the settings, repairing anything invalid field by field. */
export async function loadSettings(): Promise<Settings> {
  return normalizeSettings(await settingsItem.getValue());
}

/** Applies a change to the stored settings and returns the new settings. */
export async function updateSettings(change: (s: Settings) => Settings | void): Promise<Settings> {
  const draft = structuredClone(await loadSettings());
  // The change may edit the draft in place (returning nothing) or return a new object.
  const next = normalizeSettings(change(draft) ?? draft);
  await settingsItem.setValue(next);
  return next;
}

export const falseMatchesItem = storage.defineItem<FalseMatch[]>('local:falseMatches', {
  fallback: [],
  version: 1,
});

export async function recordFalseMatch(f: FalseMatch): Promise<void> {
  const list = await falseMatchesItem.getValue();
  if (list.some((x) => x.url === f.url && x.sentence === f.sentence && x.claimId === f.claimId)) return;
  await falseMatchesItem.setValue([...list, f].slice(-1000));
}
