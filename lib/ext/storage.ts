/**
 * Storage items (WXT storage, `browser.storage.local`), versioned so a later format can migrate old data.
 * Browser-only: imported by entrypoints and components, never by the Node engine.
 */
import { storage } from 'wxt/utils/storage';
import { DEFAULT_SETTINGS, normalizeSettings, type FalseMatch, type Settings } from '../settings';

/** v1 is the first stored format; `migrations` gets a key for each later version. */
export const settingsItem = storage.defineItem<Settings>('local:settings', {
  fallback: DEFAULT_SETTINGS,
  version: 1,
});

/** Reads the settings, repairing anything invalid field by field. */
export async function loadSettings(): Promise<Settings> {
  return normalizeSettings(await settingsItem.getValue());
}

/** Applies a change to the stored settings and returns the new settings. */
export async function updateSettings(change: (s: Settings) => Settings | void): Promise<Settings> {
  const current = await loadSettings();
  const next = change(structuredClone(current)) ?? current;
  await settingsItem.setValue(normalizeSettings(next));
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
