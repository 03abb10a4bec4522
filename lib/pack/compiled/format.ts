/**
 * The compiled pack's container: a small JSON header and typed-array sections, each 8-byte aligned so it is read in
 * place (a view over the file's bytes, no copy, no parse).
 *
 *   0   "CCPK"                  magic
 *   4   u32  FORMAT_VERSION     layout of the sections (this file and compile.ts)
 *   8   u32  header length H
 *   12  u32  FNV-1a of the header bytes
 *   16  header JSON (UTF-8), padded to 8
 *   …   hot sections (what matching reads), then cold sections (claim bodies, BM25 term sequences): a loader may keep
 *       the cold part on disk and read from it on demand (lib/pack/compiled/node.ts).
 *
 * A file that is not one, of another format or derivation version, cut short or altered is refused with a
 * `CompiledPackError` that says which; the pack's source is never touched, so it can be compiled again.
 */
import type { Event, Group, Origin, Outlet } from '../schema';
import type { PackCounts } from '../index-api';

export const MAGIC = 0x4b504343; // "CCPK" little-endian
/** Raise when the layout of the sections changes. */
export const FORMAT_VERSION = 1;
/**
 * Raise when what the compiler derives from a claim changes (lib/engine/11-match.ts `claimWording`, the tokens of
 * stage 06, BM25's index): a compiled file of another derivation is compiled again from its source.
 */
export const DERIVED_VERSION = 1;

export class CompiledPackError extends Error {
  constructor(message: string) {
    super(`compiled pack: ${message}`);
    this.name = 'CompiledPackError';
  }
}

export type SectionKind = 'u8' | 'u16' | 'i32' | 'f32' | 'f64';
export type TypedArray = Uint8Array | Uint16Array | Int32Array | Float32Array | Float64Array;
const CTOR = { u8: Uint8Array, u16: Uint16Array, i32: Int32Array, f32: Float32Array, f64: Float64Array } as const;
const kindOf = (a: TypedArray): SectionKind =>
  a instanceof Uint8Array ? 'u8' : a instanceof Uint16Array ? 'u16' : a instanceof Int32Array ? 'i32' : a instanceof Float32Array ? 'f32' : 'f64';

export interface Header {
  format: number;
  derived: number;
  meta: { id: string; version: string; title: string; licences: string[]; groups: Group[]; origins: Origin[]; outlets: Outlet[]; events: Event[] };
  counts: PackCounts;
  claimCount: number;
  /** name → [offset, byte length, kind, cold]. */
  sections: Record<string, [number, number, SectionKind, 0 | 1]>;
  /** Where the cold sections start (the hot part is bytes 0 … coldStart). */
  coldStart: number;
  totalBytes: number;
  /** FNV-1a over the hot sections' bytes and over the cold ones (checked with `verify`). */
  checksum: [number, number];
  /** Everything else compile.ts records (numbers, the wording's shape…). */
  data: Record<string, unknown>;
}

export function fnv1aBytes(b: Uint8Array, h = 0x811c9dc5): number {
  // Four bytes at a time where aligned (a 32-bit word mixed per step), the tail byte by byte.
  const n4 = b.byteOffset % 4 === 0 ? b.length >> 2 : 0;
  if (n4) {
    const w = new Int32Array(b.buffer as ArrayBuffer, b.byteOffset, n4);
    for (let i = 0; i < n4; i++) h = Math.imul(h ^ w[i]!, 0x01000193);
  }
  for (let i = n4 << 2; i < b.length; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
  return h >>> 0;
}

/** FNV-1a over a string's UTF-16 code units (the string tables' hash). */
export function fnv1aString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

const align8 = (n: number) => (n + 7) & ~7;

/** Writes a file from its sections (hot first, then cold) and header data. */
export function writeContainer(
  base: Omit<Header, 'format' | 'derived' | 'sections' | 'coldStart' | 'totalBytes' | 'checksum'>,
  hot: Record<string, TypedArray>,
  cold: Record<string, TypedArray>,
): Uint8Array {
  const enc = new TextEncoder();
  // The header's size depends on the offsets it lists: lay out with a generous bound, then fix.
  const layout = (headerBytes: number) => {
    let at = align8(16 + headerBytes);
    const sections: Header['sections'] = {};
    for (const [name, a] of Object.entries(hot)) {
      sections[name] = [at, a.byteLength, kindOf(a), 0];
      at = align8(at + a.byteLength);
    }
    const coldStart = at;
    for (const [name, a] of Object.entries(cold)) {
      sections[name] = [at, a.byteLength, kindOf(a), 1];
      at = align8(at + a.byteLength);
    }
    return { sections, coldStart, totalBytes: at };
  };
  let guess = 4096;
  let json = '';
  for (;;) {
    const l = layout(guess);
    const header: Header = { format: FORMAT_VERSION, derived: DERIVED_VERSION, ...base, ...l, checksum: [0, 0] };
    json = JSON.stringify(header);
    const need = enc.encode(json).length + 64; // room for the checksums
    if (need <= guess) break;
    guess = align8(need * 2);
  }
  const l = layout(guess);
  const out = new Uint8Array(l.totalBytes);
  for (const [name, a] of [...Object.entries(hot), ...Object.entries(cold)]) out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), l.sections[name]![0]);
  const first = Object.values(l.sections).reduce((m, s) => Math.min(m, s[0]), l.coldStart);
  const checksum: [number, number] = [fnv1aBytes(out.subarray(first, l.coldStart)), fnv1aBytes(out.subarray(l.coldStart))];
  const header: Header = { format: FORMAT_VERSION, derived: DERIVED_VERSION, ...base, ...l, checksum };
  const hb = enc.encode(JSON.stringify(header));
  if (16 + hb.length > first) throw new Error('compiled pack: header does not fit (internal error)');
  const dv = new DataView(out.buffer as ArrayBuffer);
  dv.setUint32(0, MAGIC, true);
  dv.setUint32(4, FORMAT_VERSION, true);
  dv.setUint32(8, hb.length, true);
  dv.setUint32(12, fnv1aBytes(hb), true);
  out.set(hb, 16);
  return out;
}

/** The header of a compiled file (its first bytes: at least 16 + header length), checked. */
export function readHeader(bytes: Uint8Array): Header {
  if (bytes.length < 16) throw new CompiledPackError(`not a compiled pack: ${bytes.length} bytes`);
  const dv = new DataView(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength);
  if (dv.getUint32(0, true) !== MAGIC) throw new CompiledPackError('not a compiled pack (no CCPK signature)');
  const format = dv.getUint32(4, true);
  if (format !== FORMAT_VERSION) throw new CompiledPackError(`format ${format}; this version of Crosscheck reads format ${FORMAT_VERSION}: compile it again from its source`);
  const len = dv.getUint32(8, true);
  if (16 + len > bytes.length) throw new CompiledPackError(`cut short: the header needs ${16 + len} bytes, the file has ${bytes.length}`);
  const hb = bytes.subarray(16, 16 + len);
  if (fnv1aBytes(hb) !== dv.getUint32(12, true)) throw new CompiledPackError('corrupt header (checksum mismatch)');
  let h: Header;
  try {
    h = JSON.parse(new TextDecoder().decode(hb)) as Header;
  } catch (e) {
    throw new CompiledPackError(`corrupt header: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (h.derived !== DERIVED_VERSION) throw new CompiledPackError(`derived data of version ${h.derived}; this version of Crosscheck derives version ${DERIVED_VERSION}: compile it again from its source`);
  return h;
}

/** Checks the sizes (and with `verify`, the checksums) of a file's parts that are present. */
export function checkBody(h: Header, bytes: Uint8Array, opts: { coldPresent: boolean; verify: boolean }): void {
  const need = opts.coldPresent ? h.totalBytes : h.coldStart;
  if (bytes.length < need) throw new CompiledPackError(`cut short: ${bytes.length} of ${need} bytes`);
  if (opts.coldPresent && bytes.length !== h.totalBytes) throw new CompiledPackError(`${bytes.length} bytes where the header says ${h.totalBytes}`);
  for (const [name, [off, len, , cold]] of Object.entries(h.sections))
    if (off % 8 || off + len > h.totalBytes || (!cold && off + len > h.coldStart)) throw new CompiledPackError(`corrupt header (section ${name} out of bounds)`);
  if (opts.verify) {
    const first = Object.values(h.sections).reduce((m, s) => Math.min(m, s[0]), h.coldStart);
    if (fnv1aBytes(bytes.subarray(first, h.coldStart)) !== h.checksum[0]) throw new CompiledPackError('corrupt: the matching data does not match its checksum');
    if (opts.coldPresent && fnv1aBytes(bytes.subarray(h.coldStart, h.totalBytes)) !== h.checksum[1]) throw new CompiledPackError('corrupt: the claim bodies do not match their checksum');
  }
}

/** A view of one section over `bytes` (which start at file offset `base`). */
export function sectionView(h: Header, bytes: Uint8Array, name: string, base = 0): TypedArray {
  const s = h.sections[name];
  if (!s) throw new CompiledPackError(`corrupt header (no section ${name})`);
  const [off, len, kind] = s;
  const C = CTOR[kind];
  const at = bytes.byteOffset + off - base;
  // A buffer whose views would be misaligned (a Node Buffer from its pool): copy the section.
  if (at % C.BYTES_PER_ELEMENT) return new C(bytes.slice(off - base, off - base + len).buffer as ArrayBuffer);
  return new C(bytes.buffer as ArrayBuffer, at, len / C.BYTES_PER_ELEMENT);
}

/**
 * A table of strings: UTF-8 text and the UTF-16 offset of each string in it, with an optional open-addressing hash
 * (FNV-1a) to find a string's id. The text is decoded once, on first use; strings are slices of it.
 */
export class StringTable {
  private text?: string;
  private readonly mask: number;
  constructor(
    private readonly blob: Uint8Array,
    private readonly chars: Int32Array,
    private readonly hash?: Int32Array,
  ) {
    this.mask = hash ? hash.length - 1 : 0;
  }
  get size(): number {
    return this.chars.length - 1;
  }
  private all(): string {
    this.text ??= new TextDecoder().decode(this.blob);
    return this.text;
  }
  get(i: number): string {
    return this.all().slice(this.chars[i]!, this.chars[i + 1]!);
  }
  /** The id of `s`, or -1. */
  find(s: string): number {
    const hash = this.hash;
    if (!hash) throw new Error('compiled pack: this string table has no hash');
    const text = this.all();
    const chars = this.chars;
    for (let h = fnv1aString(s) & this.mask; ; h = (h + 1) & this.mask) {
      const slot = hash[h]!;
      if (!slot) return -1;
      const id = slot - 1;
      const a = chars[id]!;
      if (chars[id + 1]! - a === s.length && text.startsWith(s, a)) return id;
    }
  }
}

/** Builds a string table (interning strings in order of first use). */
export class StringTableBuilder {
  readonly ids = new Map<string, number>();
  readonly list: string[] = [];
  id(s: string): number {
    let i = this.ids.get(s);
    if (i === undefined) {
      this.ids.set(s, (i = this.list.length));
      this.list.push(s);
    }
    return i;
  }
  /** The table's sections: `<name>.blob`, `<name>.chars` and, with `hashed`, `<name>.hash`. */
  sections(name: string, hashed: boolean): Record<string, TypedArray> {
    const chars = new Int32Array(this.list.length + 1);
    let n = 0;
    this.list.forEach((s, i) => {
      chars[i] = n;
      n += s.length;
    });
    chars[this.list.length] = n;
    const out: Record<string, TypedArray> = { [`${name}.blob`]: new TextEncoder().encode(this.list.join('')), [`${name}.chars`]: chars };
    if (hashed) {
      let size = 8;
      while (size < this.list.length * 2) size *= 2;
      const hash = new Int32Array(size);
      this.list.forEach((s, i) => {
        let h = fnv1aString(s) & (size - 1);
        while (hash[h]) h = (h + 1) & (size - 1);
        hash[h] = i + 1;
      });
      out[`${name}.hash`] = hash;
    }
    return out;
  }
}
