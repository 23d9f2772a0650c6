/**
 * A small sRGB ICC profile (ICC.1:2001-04, version 2.1, display class), generated here from the
 * published sRGB parameters (IEC 61966-2-1: the primaries adapted to D50 as in the ICC's own sRGB
 * profiles, the piecewise tone curve sampled at 1024 points), so that no third-party profile file
 * and no licence beyond the project's own is involved. It is the destination profile of the PDF/A
 * output intent: it says that DeviceRGB and DeviceGray in the documents mean sRGB.
 */

/** Tone curve of sRGB: encoded value in [0, 1] to linear light. */
const srgbToLinear = (v: number): number => (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);

const s15f16 = (v: number): number => Math.round(v * 65536) >>> 0;

let cached: Uint8Array | undefined;

/** The profile's bytes (computed once, always the same). */
export function srgbIccProfile(): Uint8Array {
  if (cached) return cached;
  const description = 'sRGB IEC61966-2.1 (uocava ballot-pdf)';
  const copyright = 'No copyright, use freely';
  // tag data, each padded to 4 bytes
  const desc = (() => {
    const b = Buffer.alloc(4 + 4 + 4 + description.length + 1 + 4 + 4 + 2 + 1 + 67);
    b.write('desc', 0, 'latin1');
    b.writeUInt32BE(description.length + 1, 8);
    b.write(description, 12, 'latin1');
    return b;
  })();
  const cprt = (() => {
    const b = Buffer.alloc(8 + copyright.length + 1);
    b.write('text', 0, 'latin1');
    b.write(copyright, 8, 'latin1');
    return b;
  })();
  const xyz = (x: number, y: number, z: number): Buffer => {
    const b = Buffer.alloc(20);
    b.write('XYZ ', 0, 'latin1');
    b.writeUInt32BE(s15f16(x), 8);
    b.writeUInt32BE(s15f16(y), 12);
    b.writeUInt32BE(s15f16(z), 16);
    return b;
  };
  const points = 1024;
  const curv = Buffer.alloc(12 + 2 * points);
  curv.write('curv', 0, 'latin1');
  curv.writeUInt32BE(points, 8);
  for (let i = 0; i < points; i++)
    curv.writeUInt16BE(Math.round(srgbToLinear(i / (points - 1)) * 65535), 12 + 2 * i);
  const blocks: Array<[string, Buffer]> = [
    ['desc', desc],
    ['cprt', cprt],
    ['wtpt', xyz(0.9642, 1.0, 0.8249)],
    ['rXYZ', xyz(0.4360747, 0.2225045, 0.0139322)],
    ['gXYZ', xyz(0.3850649, 0.7168786, 0.0971045)],
    ['bXYZ', xyz(0.1430804, 0.0606169, 0.7141733)],
    ['rTRC', curv],
  ];
  const pad = (n: number): number => (n + 3) & ~3;
  // rTRC, gTRC and bTRC share one curve
  const tagCount = blocks.length + 2;
  let offset = 128 + 4 + 12 * tagCount;
  const table: Array<[string, number, number]> = [];
  const data: Buffer[] = [];
  for (const [sig, b] of blocks) {
    table.push([sig, offset, b.length]);
    const padded = Buffer.alloc(pad(b.length));
    b.copy(padded);
    data.push(padded);
    offset += padded.length;
  }
  const trc = table[table.length - 1];
  table.push(['gTRC', trc[1], trc[2]], ['bTRC', trc[1], trc[2]]);
  const size = offset;
  const head = Buffer.alloc(128 + 4 + 12 * tagCount);
  head.writeUInt32BE(size, 0);
  head.writeUInt32BE(0x02100000, 8); // version 2.1
  head.write('mntr', 12, 'latin1');
  head.write('RGB ', 16, 'latin1');
  head.write('XYZ ', 20, 'latin1');
  // creation date: fixed (2026-01-01 00:00:00)
  [2026, 1, 1, 0, 0, 0].forEach((v, i) => head.writeUInt16BE(v, 24 + 2 * i));
  head.write('acsp', 36, 'latin1');
  head.writeUInt32BE(0, 64); // rendering intent: perceptual
  head.writeUInt32BE(s15f16(0.9642), 68);
  head.writeUInt32BE(s15f16(1.0), 72);
  head.writeUInt32BE(s15f16(0.8249), 76);
  head.writeUInt32BE(tagCount, 128);
  table.forEach(([sig, off, len], i) => {
    head.write(sig, 132 + 12 * i, 'latin1');
    head.writeUInt32BE(off, 136 + 12 * i);
    head.writeUInt32BE(len, 140 + 12 * i);
  });
  cached = new Uint8Array(Buffer.concat([head, ...data]));
  return cached;
}
