/**
 * The bundled reference pack and its prebuilt Fuse index, compiled by `npm run data:build` into data/build/.
 * Loaded lazily, once per process.
 */
import indexJson from '../../data/build/fuse-index.json';
import packJson from '../../data/build/pack.json';
import { ReferenceIndex, type FuseIndexJson } from './reference';
import type { Pack } from './schema';

let loaded: ReferenceIndex | undefined;

export function bundledReference(): ReferenceIndex {
  loaded ??= new ReferenceIndex(packJson as Pack, indexJson as unknown as FuseIndexJson);
  return loaded;
}
