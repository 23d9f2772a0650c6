/**
 * Writer side of C2SP tlog-tiles (https://c2sp.org/tlog-tiles): the log as static, immutable
 * resources under the log prefix (`…/jurisdictions/<id>/log`):
 *
 *   <prefix>/checkpoint                       the signed note (mutable: short cache)
 *   <prefix>/tile/<L>/<N>[.p/<W>]             Merkle tree tile: W (256 when full) hashes
 *   <prefix>/tile/entries/<N>[.p/<W>]         entry bundle: W entries, each a big-endian uint16 length + bytes
 *
 * Hash i of tile (L, N) is MTH(D[(N·256 + i)·256^L : (N·256 + i + 1)·256^L]): a full subtree of
 * 2^(8L) leaves, i.e. the node at level 8L, index N·256 + i of the tree store (every full subtree
 * is stored), so a tile is one `getNodes` read. Once it exists a tile (full or partial) never
 * changes, so every tile and bundle is served with a long, immutable cache lifetime.
 */
import type { StoredLogEntry } from './log';
import type { TreeStore } from './tree';

export const TILE_WIDTH = 256;

export interface TileRef {
  /** 'entries' for an entry bundle, else the tile level (0..63) */
  level: number | 'entries';
  index: number;
  /** 1..256 (256: a full tile) */
  width: number;
}

/** `<N>` as zero-padded 3-digit path elements, all but the last prefixed with `x` (1234067 → x001/x234/067). */
export function tileIndexPath(index: number): string {
  if (!Number.isSafeInteger(index) || index < 0) throw new RangeError('bad tile index');
  const parts: string[] = [];
  let n = index;
  do {
    parts.unshift(String(n % 1000).padStart(3, '0'));
    n = Math.floor(n / 1000);
  } while (n > 0);
  return parts.map((p, i) => (i < parts.length - 1 ? `x${p}` : p)).join('/');
}

export function tilePath(ref: TileRef): string {
  const base = `tile/${ref.level === 'entries' ? 'entries' : ref.level}/${tileIndexPath(ref.index)}`;
  return ref.width === TILE_WIDTH ? base : `${base}.p/${ref.width}`;
}

/** Parses the path segments after `tile/`; null when they are not a tile path of the spec. */
export function parseTilePath(segments: readonly string[]): TileRef | null {
  if (segments.length < 2) return null;
  const [levelText, ...rest] = segments;
  let level: number | 'entries';
  if (levelText === 'entries') level = 'entries';
  else if (/^(0|[1-9][0-9]?)$/.test(levelText) && Number(levelText) <= 63) level = Number(levelText);
  else return null;
  let width = TILE_WIDTH;
  if (
    rest.length >= 2 &&
    /^[1-9][0-9]{0,2}$/.test(rest[rest.length - 1]) &&
    rest[rest.length - 2].endsWith('.p')
  ) {
    width = Number(rest.pop());
    if (width >= TILE_WIDTH) return null;
    rest[rest.length - 1] = rest[rest.length - 1].slice(0, -2);
  }
  let index = 0;
  for (const [i, part] of rest.entries()) {
    const last = i === rest.length - 1;
    const m = (last ? /^([0-9]{3})$/ : /^x([0-9]{3})$/).exec(part);
    if (m === null) return null;
    index = index * 1000 + Number(m[1]);
  }
  if (!Number.isSafeInteger(index)) return null;
  // the shortest encoding only: no leading x000 element
  if (rest.length > 1 && rest[0] === 'x000') return null;
  return { level, index, width };
}

/** Leaves a tile (or bundle) covers up to its last hash: it can be served once the log is this big. */
export function tileEnd(ref: TileRef): number {
  const per = ref.level === 'entries' ? 1 : TILE_WIDTH ** ref.level;
  return (ref.index * TILE_WIDTH + ref.width) * per;
}

/** The tile's bytes: `width` 32-byte hashes of full subtrees at tree level 8·L. */
export async function readTile(
  store: TreeStore,
  level: number,
  index: number,
  width: number,
): Promise<Buffer> {
  const keys = Array.from({ length: width }, (_, i) => ({ level: 8 * level, index: index * TILE_WIDTH + i }));
  return Buffer.concat(await store.getNodes(keys));
}

/** An entry bundle: each entry as a big-endian uint16 length and its bytes (the canonical JSON). */
export function entryBundle(entries: readonly StoredLogEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    const bytes = Buffer.from(e.entry, 'utf8');
    if (bytes.length > 0xffff) throw new RangeError('entry too long for a bundle');
    const len = Buffer.alloc(2);
    len.writeUInt16BE(bytes.length);
    parts.push(len, bytes);
  }
  return Buffer.concat(parts);
}

/**
 * The bytes of a tile or bundle of a log of `size` leaves, or null when it does not exist (yet).
 * A full tile exists once the log holds all its leaves; a partial one once the log holds its width.
 */
export async function tileBytes(
  log:
    | { storage: TreeStore; entries(start: number, end: number): Promise<StoredLogEntry[]> }
    | { tree: TreeStore; entries(start: number, end: number): Promise<StoredLogEntry[]> },
  size: number,
  ref: TileRef,
): Promise<Buffer | null> {
  if (tileEnd(ref) > size) return null;
  if (ref.level === 'entries') {
    const start = ref.index * TILE_WIDTH;
    return entryBundle(await log.entries(start, start + ref.width));
  }
  const store = 'storage' in log ? log.storage : log.tree;
  return readTile(store, ref.level, ref.index, ref.width);
}
