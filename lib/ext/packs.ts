/**
 * Imported reference packs in storage (apart from lib/ext/storage.ts so the content script, which only needs the
 * settings, does not carry the pack validation code). Browser-only.
 */
import { storage } from 'wxt/utils/storage';
import { formatBytes, ImportError, parseImport, readStoredPacks, withPack, type StoredPack } from '../pack/import';
import type { Pack } from '../pack/schema';
import type { Settings } from '../settings';
import { updateSettings } from './storage';

/**
 * Imported reference packs, all in one storage key, so that adding or removing one is a single write: it either
 * happens whole or not at all (storage full, browser closed half-way), and the previous list stays.
 */
export const packsItem = storage.defineItem<StoredPack[]>('local:packs', {
  fallback: [],
  version: 1,
});

/** The imported packs that still validate (anything else in storage is ignored, never thrown). */
export async function loadImportedPacks(): Promise<StoredPack[]> {
  return readStoredPacks(await packsItem.getValue()).packs;
}

/** A failed storage write as a reader-facing reason; nothing was changed. */
function storageProblem(e: unknown, bytes: number): ImportError {
  const msg = e instanceof Error ? e.message : String(e);
  if (/quota|storage.*full|exceed/i.test(msg))
    return new ImportError([
      `not enough browser storage for this pack (about ${formatBytes(bytes)} with the packs already imported; extensions get about 10 MB). Remove an imported pack and try again. Nothing was changed`,
    ]);
  return new ImportError([`could not save the pack: ${msg}. Nothing was changed`]);
}

/**
 * Validates a file's text and stores it as an imported pack, replacing one with the same id. Throws an ImportError
 * (bad file, or storage full) and leaves the stored packs as they were.
 */
export async function importPackText(text: string, fileName: string, bundled: Pack): Promise<StoredPack> {
  const imported = await loadImportedPacks();
  const added = parseImport(text, fileName, { bundled, imported });
  const next = withPack(imported, added);
  try {
    await packsItem.setValue(next);
  } catch (e) {
    throw storageProblem(e, new TextEncoder().encode(JSON.stringify(next)).length);
  }
  return added;
}

/** Removes an imported pack (one write) and its switch in the settings. */
export async function removeImportedPack(id: string): Promise<void> {
  const imported = await loadImportedPacks();
  await packsItem.setValue(imported.filter((p) => p.meta.id !== id));
  await updateSettings((s) => {
    s.disabledPacks = (s.disabledPacks ?? []).filter((x) => x !== id);
  });
}

/** The imported packs in use: stored and not switched off in the settings. */
export function enabledPacks(packs: readonly StoredPack[], settings: Settings): StoredPack[] {
  const off = new Set(settings.disabledPacks ?? []);
  return packs.filter((p) => !off.has(p.meta.id));
}
