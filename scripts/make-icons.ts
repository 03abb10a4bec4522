/**
 * Draws the toolbar icon (a rounded square with two overlapping check marks: "checked against more than one
 * source") as PNGs at 16, 32, 48 and 128 px, with no image library: pixels → zlib → PNG chunks.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
function png(size: number, pixel: (x: number, y: number) => [number, number, number, number]): Buffer {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const [r, g, b, a] = pixel(x, y);
      raw.set([r, g, b, a], y * (size * 4 + 1) + 1 + x * 4);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

function distToSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

function icon(size: number): Buffer {
  const S = 4; // supersampling per axis
  return png(size, (x, y) => {
    let bg = 0;
    let mark1 = 0;
    let mark2 = 0;
    for (let sy = 0; sy < S; sy++)
      for (let sx = 0; sx < S; sx++) {
        const u = (x + (sx + 0.5) / S) / size;
        const v = (y + (sy + 0.5) / S) / size;
        // rounded square
        const r = 0.22;
        const qx = Math.max(Math.abs(u - 0.5) - (0.5 - r), 0);
        const qy = Math.max(Math.abs(v - 0.5) - (0.5 - r), 0);
        if (Math.hypot(qx, qy) <= r) bg++;
        const w = size <= 16 ? 0.085 : 0.07;
        const check = (ox: number, oy: number) =>
          Math.min(distToSegment(u, v, 0.2 + ox, 0.52 + oy, 0.38 + ox, 0.7 + oy), distToSegment(u, v, 0.38 + ox, 0.7 + oy, 0.74 + ox, 0.3 + oy)) <= w;
        if (check(0.06, -0.04)) mark1++;
        else if (check(-0.04, 0.04)) mark2++;
      }
    const n = S * S;
    const a = bg / n;
    if (!a) return [0, 0, 0, 0];
    const m1 = mark1 / n;
    const m2 = mark2 / n;
    const base: [number, number, number] = [31, 58, 96];
    const c1: [number, number, number] = [255, 255, 255];
    const c2: [number, number, number] = [125, 211, 160];
    const mix = (i: 0 | 1 | 2) => Math.round(base[i] * (1 - m1 - m2) + c1[i] * m1 + c2[i] * m2);
    return [mix(0), mix(1), mix(2), Math.round(a * 255)];
  });
}

const out = join(import.meta.dirname, '..', 'public', 'icon');
for (const size of [16, 32, 48, 128]) writeFileSync(join(out, `${size}.png`), icon(size));
console.log('icons written to public/icon/');
