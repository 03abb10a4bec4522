/**
 * Node: a compiled pack from a file, its hot part read into memory and its claim bodies read from the file when a
 * claim's body is first touched (positional reads). The CLI-free counterpart of the extension's fetch / IndexedDB.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CompiledIndex } from './index';
import { CompiledPackError } from './format';

function readAt(fd: number, offset: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let done = 0;
  while (done < length) {
    const n = readSync(fd, out, done, length - done, offset + done);
    if (n <= 0) break;
    done += n;
  }
  return done === length ? out : out.subarray(0, done);
}

export interface OpenedPack {
  index: CompiledIndex;
  /** Bytes read at open (the hot part). */
  hotBytes: number;
  fileBytes: number;
  close(): void;
}

/** Opens a compiled pack file; `lazyBodies: false` reads the whole file (as the extension holds it). */
export function openCompiled(path: string, opts: { lazyBodies?: boolean; verify?: boolean } = {}): OpenedPack {
  const fd = openSync(path, 'r');
  try {
    const size = statSync(path).size;
    const lead = readAt(fd, 0, Math.min(size, 16));
    if (lead.length < 16) throw new CompiledPackError(`not a compiled pack: ${size} bytes`);
    const headerLen = new DataView(lead.buffer).getUint32(8, true);
    if (opts.lazyBodies === false) {
      const all = readAt(fd, 0, size);
      closeSync(fd);
      return { index: CompiledIndex.fromBytes(all, { verify: opts.verify }), hotBytes: size, fileBytes: size, close() {} };
    }
    const head = readAt(fd, 0, Math.min(size, 16 + headerLen));
    const coldStart = (JSON.parse(new TextDecoder().decode(head.subarray(16))) as { coldStart?: number }).coldStart;
    if (typeof coldStart !== 'number' || coldStart > size) throw new CompiledPackError(`cut short: ${size} bytes`);
    const hot = readAt(fd, 0, coldStart);
    let open = true;
    const index = CompiledIndex.fromParts(
      hot,
      {
        read: (offset, length) => {
          if (!open) throw new Error('compiled pack: the file was closed');
          return readAt(fd, offset, length);
        },
      },
      { verify: opts.verify },
    );
    return {
      index,
      hotBytes: coldStart,
      fileBytes: size,
      close() {
        if (open) closeSync(fd), (open = false);
      },
    };
  } catch (e) {
    try {
      closeSync(fd);
    } catch {
      // already closed
    }
    if (e instanceof SyntaxError) throw new CompiledPackError(`corrupt header: ${e.message}`);
    throw e;
  }
}

export const BUNDLED_COMPILED = join(import.meta.dirname, '..', '..', '..', 'data', 'build', 'pack.ccpk');

let bundled: CompiledIndex | undefined;
/** The bundled pack's compiled file (data/build/pack.ccpk, written by `npm run data:build`), loaded once. */
export function bundledCompiled(): CompiledIndex {
  bundled ??= openCompiled(BUNDLED_COMPILED, { lazyBodies: false }).index;
  return bundled;
}
