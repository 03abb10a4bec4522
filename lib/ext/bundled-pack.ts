/**
 * The bundled reference pack in the extension: the compiled file `pack.ccpk` (written by `npm run data:build`,
 * copied into the build by wxt.config.ts), read from the extension's own package with `fetch` (no network: a
 * chrome-extension:// or moz-extension:// URL) and opened as a CompiledIndex. The file is not bundled into the
 * background script: with pack.json inside it, background.js was 7.01 MB, which addons-linter refuses (FILE_TOO_LARGE),
 * and every MV3 service-worker start parsed it; opening the compiled file took 1.2 ms in Node against 77 ms for
 * JSON.parse + schema + ReferenceIndex (.scratch measurement, 2026-12-02; `npm run bench` measures it at scale).
 * Browser-only.
 */
import { browser } from 'wxt/browser';
import { CompiledIndex } from '../pack/compiled/index';

/** Where the build puts the compiled pack (relative to the extension's root). */
export const BUNDLED_PACK_FILE = 'pack.ccpk' as const;

export async function loadBundledPack(): Promise<CompiledIndex> {
  const url = browser.runtime.getURL(`/${BUNDLED_PACK_FILE}`);
  const res = await fetch(url);
  if (!res.ok) throw new Error(`the bundled reference pack could not be read (${res.status} ${url})`);
  return CompiledIndex.fromBytes(new Uint8Array(await res.arrayBuffer()));
}
