/**
 * Full re-verification of a jurisdiction's log: given every entry (e.g. read straight from the
 * database) and a signed checkpoint, recompute the Merkle root and every per-ballot hash chain.
 * An entry edited, deleted, inserted or reordered in the database changes the root (and usually
 * breaks a chain), so it is reported.
 */
import { equalBytes, hashChildren, hashLeaf, toHex, utf8 } from './crypto';
import { verifyCheckpoint, type VerifierKey } from './note';
import { originJurisdiction } from './receipt';

export interface StoredEntry {
  leafIndex: number;
  /** canonical JSON text as stored */
  entry: string;
  /** hex leaf hash as stored next to the entry, if the store keeps one */
  leafHash?: string;
}

export interface ReverifyReport {
  ok: boolean;
  /** tree size of the checkpoint the entries were checked against */
  checkedSize: number;
  /** entries present beyond the checkpoint (checked for chains only) */
  extraEntries: number;
  problems: string[];
}

/** Root of a whole list of leaf hashes (RFC 9162 MTH), with a stack of full subtrees. */
export function computeRoot(leafHashes: readonly Uint8Array[]): Uint8Array {
  if (leafHashes.length === 0) {
    return Uint8Array.from(
      Buffer.from('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', 'hex'),
    );
  }
  const stack: Array<{ size: number; hash: Uint8Array }> = [];
  for (const h of leafHashes) {
    let node = { size: 1, hash: h };
    while (stack.length > 0 && stack[stack.length - 1].size === node.size) {
      const left = stack.pop() as { size: number; hash: Uint8Array };
      node = { size: left.size * 2, hash: hashChildren(left.hash, node.hash) };
    }
    stack.push(node);
  }
  let acc = stack[stack.length - 1].hash;
  for (let i = stack.length - 2; i >= 0; i--) acc = hashChildren(stack[i].hash, acc);
  return acc;
}

export function reverifyLog(
  entries: readonly StoredEntry[],
  checkpoint: string,
  keys: readonly VerifierKey[],
): ReverifyReport {
  const problems: string[] = [];
  const cp = verifyCheckpoint(checkpoint, keys);
  if (!cp.ok) return { ok: false, checkedSize: 0, extraEntries: 0, problems: [`checkpoint: ${cp.reason}`] };
  const { treeSize, rootHash, origin } = cp.value;
  const jurisdiction = originJurisdiction(origin);
  const sorted = [...entries].sort((a, b) => a.leafIndex - b.leafIndex);
  const leafHashes: Uint8Array[] = [];
  const chainHeads = new Map<string, string>();
  sorted.forEach((row, position) => {
    if (row.leafIndex !== position) {
      problems.push(`leaf ${position}: missing (next stored index is ${row.leafIndex})`);
    }
    const lh = hashLeaf(utf8(row.entry));
    leafHashes.push(lh);
    const lhHex = toHex(lh);
    if (row.leafHash !== undefined && row.leafHash !== lhHex) {
      problems.push(`leaf ${row.leafIndex}: stored leaf hash does not match the entry`);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(row.entry);
    } catch {
      problems.push(`leaf ${row.leafIndex}: entry is not JSON`);
      return;
    }
    if (typeof parsed !== 'object' || parsed === null) {
      problems.push(`leaf ${row.leafIndex}: entry is not an object`);
      return;
    }
    const e = parsed as Record<string, unknown>;
    if (jurisdiction !== null && e.jurisdiction !== jurisdiction) {
      problems.push(`leaf ${row.leafIndex}: entry belongs to another jurisdiction`);
    }
    const subject = e.subject as Record<string, unknown> | null | undefined;
    const key =
      typeof subject === 'object' && subject !== null ? `${String(subject.kind)}:${String(subject.id)}` : '?';
    const expectedPrev = chainHeads.get(key) ?? null;
    if (e.prev !== expectedPrev) {
      problems.push(`leaf ${row.leafIndex}: chain of ${key} broken (prev does not match the previous entry)`);
    }
    chainHeads.set(key, lhHex);
  });
  if (sorted.length < treeSize) {
    problems.push(`log holds ${sorted.length} entries, the checkpoint commits to ${treeSize}`);
  } else {
    const root = computeRoot(leafHashes.slice(0, treeSize));
    if (!equalBytes(root, rootHash))
      problems.push(`root of the first ${treeSize} entries differs from the checkpoint`);
  }
  return {
    ok: problems.length === 0,
    checkedSize: treeSize,
    extraEntries: Math.max(0, sorted.length - treeSize),
    problems,
  };
}
