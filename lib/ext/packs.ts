/**
 * Imported reference packs in storage (apart from lib/ext/storage.ts so the content script, which only needs the
 * settings, does not carry the pack validation code). Browser-only.
 */
import { storage } from 'wxt/utils/storage';
import { formatBytes, ImportError, packSha256, parseImport, readStoredMetas, readStoredPacks, withPack, type ImportedPackMeta, type StoredPack } from '../pack/import';
import type { Pack } from '../pack/schema';
import type { Settings } from '../settings';
import { updateSettings } from './storage';

/**
 * Imported reference packs, all in one storage key, so that adding or removing one is a single write: it either
 * happens whole or not at all (storage full, browser closed half-way), and the previous list stays.
 *
 * Not a WXT `defineItem`: a defined item reads its value as soon as it is defined (WXT initialises every item when
 * the script loads), and this one holds the packs' sources — in Chromium, a 7.5 MB pack made every service-worker
 * start wait 330 ms for that read, and the storage reads queued behind it. Here the value is read only when asked
 * (the background's start reads `packListItem` instead). The stored format is version 1 (no migration yet).
 */
export const packsItem = {
  key: 'local:packs' as const,
  getValue: async (): Promise<StoredPack[]> => (await storage.getItem<StoredPack[]>('local:packs')) ?? [],
  setValue: (value: StoredPack[]): Promise<void> => storage.setItem('local:packs', value),
  watch: (cb: (value: StoredPack[]) => void): (() => void) => storage.watch<StoredPack[]>('local:packs', (value) => cb(value ?? [])),
};

/** The imported packs that still validate (anything else in storage is ignored, never thrown). */
export async function loadImportedPacks(): Promise<StoredPack[]> {
  return readStoredPacks(await packsItem.getValue()).packs;
}

/**
 * The imported packs' descriptions alone, in the order of `local:packs`: what a background start reads (with the
 * compiled reference stored, lib/ext/compiled-store.ts, it needs no pack's source; reading `local:packs` itself took
 * 300 ms in Chromium with a 7.5 MB pack). Derived data, written with `local:packs` in one
 * `storage.local.set` (`writePacks`): the two change together or not at all (one LevelDB batch in Chrome, one
 * IndexedDB transaction in Firefox). Not versioned: when it is missing or not a list, the descriptions are read from
 * `local:packs`.
 */
export const packListItem = storage.defineItem<ImportedPackMeta[]>('local:packList');

/** Stores the packs and their descriptions in one write. */
async function writePacks(next: readonly StoredPack[]): Promise<void> {
  await storage.setItems([
    { key: packsItem.key, value: next },
    { item: packListItem, value: next.map((p) => p.meta) },
  ]);
}

/** The stored packs' descriptions (checked), from the list of descriptions when there is one. */
export async function readPackList(): Promise<{ meta: ImportedPackMeta }[]> {
  const list = await packListItem.getValue();
  return readStoredMetas(Array.isArray(list) ? list : await packsItem.getValue()).map((meta) => ({ meta }));
}

/**
 * The sources of the packs `ids` (validated), in that order, and the ids that have none that validates (left out:
 * their source stays in storage as it is). Read only when the merged reference is compiled.
 */
export async function readPackSources(ids: readonly string[]): Promise<{ packs: StoredPack[]; dropped: string[] }> {
  const byId = new Map(readStoredPacks(await packsItem.getValue()).packs.map((p) => [p.meta.id, p]));
  return { packs: ids.flatMap((id) => byId.get(id) ?? []), dropped: ids.filter((id) => !byId.has(id)) };
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
  const parsed = parseImport(text, fileName, { bundled, imported });
  const added: StoredPack = { ...parsed, meta: { ...parsed.meta, sha256: await packSha256(parsed.pack) } };
  const next = withPack(imported, added);
  try {
    await writePacks(next);
  } catch (e) {
    throw storageProblem(e, new TextEncoder().encode(JSON.stringify(next)).length);
  }
  return added;
}

/** Removes an imported pack (one write) and its switch in the settings. */
export async function removeImportedPack(id: string): Promise<void> {
  const imported = await loadImportedPacks();
  await writePacks(imported.filter((p) => p.meta.id !== id));
  await updateSettings((s) => {
    s.disabledPacks = (s.disabledPacks ?? []).filter((x) => x !== id);
  });
}

/** The imported packs in use: stored and not switched off in the settings. */
export function enabledPacks<T extends { meta: { id: string } }>(packs: readonly T[], settings: Settings): T[] {
  const off = new Set(settings.disabledPacks ?? []);
  return packs.filter((p) => !off.has(p.meta.id));
}
