/**
 * Full audit over C2SP tlog-tiles (own code, no writer import): fetch every entry bundle and every
 * tile a checkpoint needs, recompute every leaf hash from its entry, compare it with the level-0
 * tile, recompute every higher tile hash and the root, and re-check every per-ballot chain. An
 * entry edited in storage (its leaf no longer matches the tree), a tree edited with it (the root no
 * longer matches the signed checkpoint), tiles that disagree with each other: each is a problem.
 */
import { equalBytes, hashLeaf, toHex } from './crypto';
import { verifyCheckpoint, type VerifierKey } from './note';
import { computeRoot, reverifyLog, type StoredEntry } from './reverify';

export type BytesFetch = (
  url: string,
) => Promise<{ ok: boolean; status: number; arrayBuffer(): Promise<ArrayBuffer> }>;

export interface AuditReport {
  ok: boolean;
  treeSize: number;
  /** tiles and bundles fetched */
  fetched: number;
  problems: string[];
}

const W = 256;

function indexPath(n: number): string {
  const parts: string[] = [];
  let x = n;
  do {
    parts.unshift(String(x % 1000).padStart(3, '0'));
    x = Math.floor(x / 1000);
  } while (x > 0);
  return parts.map((p, i) => (i < parts.length - 1 ? `x${p}` : p)).join('/');
}

function path(level: number | 'entries', n: number, width: number): string {
  return `tile/${level}/${indexPath(n)}${width === W ? '' : `.p/${width}`}`;
}

/** Splits an entry bundle (big-endian uint16 length-prefixed entries); null when malformed. */
export function splitBundle(bytes: Uint8Array): Uint8Array[] | null {
  const out: Uint8Array[] = [];
  let at = 0;
  while (at < bytes.length) {
    if (at + 2 > bytes.length) return null;
    const len = (bytes[at] << 8) | bytes[at + 1];
    if (at + 2 + len > bytes.length) return null;
    out.push(bytes.slice(at + 2, at + 2 + len));
    at += 2 + len;
  }
  return out;
}

export async function fullAudit(
  logUrl: string,
  checkpoint: string,
  keys: readonly VerifierKey[],
  fetchImpl: BytesFetch = fetch,
): Promise<AuditReport> {
  const problems: string[] = [];
  let fetched = 0;
  const cp = verifyCheckpoint(checkpoint, keys);
  if (!cp.ok) return { ok: false, treeSize: 0, fetched, problems: [`checkpoint: ${cp.reason}`] };
  const { treeSize, rootHash } = cp.value;
  const base = logUrl.replace(/\/+$/, '');
  const get = async (p: string): Promise<Uint8Array | null> => {
    fetched++;
    const res = await fetchImpl(`${base}/${p}`);
    if (!res.ok) {
      problems.push(`${p}: HTTP ${res.status}`);
      return null;
    }
    return new Uint8Array(await res.arrayBuffer());
  };

  // level 0: entries and leaf hashes
  const entries: StoredEntry[] = [];
  const fromEntries: Uint8Array[] = [];
  for (let n = 0; n * W < treeSize; n++) {
    const width = Math.min(W, treeSize - n * W);
    const [tile, bundle] = await Promise.all([get(path(0, n, width)), get(path('entries', n, width))]);
    if (tile === null || bundle === null) continue;
    if (tile.length !== width * 32) {
      problems.push(`${path(0, n, width)}: ${tile.length} bytes, expected ${width * 32}`);
      continue;
    }
    const items = splitBundle(bundle);
    if (items === null || items.length !== width) {
      problems.push(`${path('entries', n, width)}: malformed bundle or wrong entry count`);
      continue;
    }
    items.forEach((bytes, i) => {
      const leafIndex = n * W + i;
      const fromTile = tile.slice(i * 32, (i + 1) * 32);
      const lh = hashLeaf(bytes);
      fromEntries[leafIndex] = lh;
      if (!equalBytes(lh, fromTile))
        problems.push(`leaf ${leafIndex}: the entry does not hash to the tree's leaf (entry edited?)`);
      entries.push({ leafIndex, entry: new TextDecoder().decode(bytes), leafHash: toHex(fromTile) });
    });
  }
  if (problems.length > 0) return { ok: false, treeSize, fetched, problems };

  // every higher level: each tile hash is the root of its 256^L leaves
  for (let level = 1; W ** level <= treeSize; level++) {
    const span = W ** level;
    const hashes = Math.floor(treeSize / span);
    for (let n = 0; n * W < hashes; n++) {
      const width = Math.min(W, hashes - n * W);
      const tile = await get(path(level, n, width));
      if (tile === null) continue;
      if (tile.length !== width * 32) {
        problems.push(`${path(level, n, width)}: wrong length`);
        continue;
      }
      for (let i = 0; i < width; i++) {
        const start = (n * W + i) * span;
        const expected = computeRoot(fromEntries.slice(start, start + span));
        if (!equalBytes(expected, tile.slice(i * 32, (i + 1) * 32)))
          problems.push(
            `${path(level, n, width)}: hash ${i} is not the root of leaves [${start}, ${start + span})`,
          );
      }
    }
  }
  // the root and every chain, over the entries as served
  if (!equalBytes(computeRoot(fromEntries), rootHash))
    problems.push(`the root of the ${treeSize} entries differs from the signed checkpoint`);
  const chains = reverifyLog(entries, checkpoint, keys);
  for (const p of chains.problems)
    if (!problems.includes(p) && !/root of the first/.test(p)) problems.push(p);
  return { ok: problems.length === 0, treeSize, fetched, problems };
}
