/**
 * RFC 9162 Merkle tree over a store of full subtrees.
 *
 * The store keeps the hash of every full (perfect, aligned) subtree: the node at `level` k and
 * `index` i covers leaves [i * 2^k, (i + 1) * 2^k). Level 0 holds the leaf hashes. Appending n
 * leaves writes ~2n nodes, computed from the O(log n) "frontier" nodes of the old tree. Any
 * subtree hash the RFC algorithms ask for, MTH(D[a:b]), is a right fold over at most log2(n)
 * stored nodes (its greedy decomposition into full subtrees), so root, inclusion proof and
 * consistency proof for any tree size read O(log n) nodes, in one `getNodes` call.
 */
import { EMPTY_ROOT, nodeHash, type Hash } from './hash';

export interface NodeKey {
  level: number;
  index: number;
}
export interface TreeNode extends NodeKey {
  hash: Hash;
}

/** What roots and proofs read of a store. */
export interface NodeReader {
  /** The hashes of the given nodes, in the same order; rejects when one is missing. */
  getNodes(keys: readonly NodeKey[]): Promise<Hash[]>;
}

/** Where full-subtree hashes live: in memory (tests, benchmarks) or in Postgres. */
export interface TreeStore extends NodeReader {
  /** Stores nodes (never overwrites a different hash: full subtrees are immutable). */
  putNodes(nodes: readonly TreeNode[]): Promise<void>;
}

const MAX_SIZE = Number.MAX_SAFE_INTEGER;

function assertSize(n: number, what: string): void {
  if (!Number.isSafeInteger(n) || n < 0 || n > MAX_SIZE) throw new RangeError(`bad ${what}: ${n}`);
}

/** Largest power of two strictly smaller than n (n >= 2): the RFC 9162 split point. */
export function splitPoint(n: number): number {
  if (n < 2) throw new RangeError('split of a tree with fewer than 2 leaves');
  if (n <= 2 ** 31) return 2 ** (31 - Math.clz32(n - 1));
  let k = 2 ** 31;
  while (k * 2 < n) k *= 2;
  return k;
}

/** Full-subtree keys covering [a, b), left to right, sizes strictly decreasing. */
export function decompose(a: number, b: number): NodeKey[] {
  const keys: NodeKey[] = [];
  let pos = a;
  let lastSize = Infinity;
  while (pos < b) {
    let size = 1;
    let level = 0;
    // largest power of two dividing pos (any for pos 0) that still fits in [pos, b)
    while ((pos % (size * 2) === 0 || pos === 0) && pos + size * 2 <= b) {
      size *= 2;
      level++;
    }
    if (size >= lastSize) throw new RangeError(`range [${a}, ${b}) is not an RFC 9162 subtree`);
    keys.push({ level, index: pos / size });
    lastSize = size;
    pos += size;
  }
  return keys;
}

type Range = readonly [number, number];

/** RFC 9162 2.1.3.1 PATH(m, D[0:n]): the subtree ranges of the inclusion proof, leaf first. */
export function inclusionRanges(index: number, size: number): Range[] {
  assertSize(size, 'tree size');
  if (!Number.isSafeInteger(index) || index < 0 || index >= size) {
    throw new RangeError(`leaf index ${index} outside tree of size ${size}`);
  }
  const topDown: Range[] = [];
  let lo = 0;
  let hi = size;
  while (hi - lo > 1) {
    const k = splitPoint(hi - lo);
    if (index - lo < k) {
      topDown.push([lo + k, hi]);
      hi = lo + k;
    } else {
      topDown.push([lo, lo + k]);
      lo += k;
    }
  }
  return topDown.reverse();
}

/** RFC 9162 2.1.4.1 PROOF(m, D[0:n]): the subtree ranges of the consistency proof. */
export function consistencyRanges(from: number, to: number): Range[] {
  assertSize(from, 'old size');
  assertSize(to, 'new size');
  if (from > to) throw new RangeError(`old size ${from} > new size ${to}`);
  if (from === 0 || from === to) return [];
  const topDown: Range[] = [];
  let lo = 0;
  let hi = to;
  let m = from;
  let complete = true; // the RFC's `b`: is the current subtree a subtree of the old tree's root path
  for (;;) {
    const n = hi - lo;
    if (m === n) {
      if (!complete) topDown.push([lo, hi]);
      break;
    }
    const k = splitPoint(n);
    if (m <= k) {
      topDown.push([lo + k, hi]);
      hi = lo + k;
    } else {
      topDown.push([lo, lo + k]);
      lo += k;
      m -= k;
      complete = false;
    }
  }
  return topDown.reverse();
}

/**
 * Hashes of the given ranges, reading every needed full subtree in one store call; a range that
 * appears several times (proofs of a batch share their right-hand subtrees) is computed once.
 */
export async function rangeHashes(store: NodeReader, ranges: readonly Range[]): Promise<Hash[]> {
  const distinct = new Map<string, number>();
  const order: Range[] = [];
  const slot = ranges.map(([a, b]) => {
    const key = `${a}-${b}`;
    let i = distinct.get(key);
    if (i === undefined) {
      i = order.length;
      distinct.set(key, i);
      order.push([a, b]);
    }
    return i;
  });
  const hashes = await distinctRangeHashes(store, order);
  return slot.map((i) => hashes[i]);
}

async function distinctRangeHashes(store: NodeReader, ranges: readonly Range[]): Promise<Hash[]> {
  const decompositions = ranges.map(([a, b]) => decompose(a, b));
  const unique = new Map<string, NodeKey>();
  for (const keys of decompositions) for (const k of keys) unique.set(`${k.level}/${k.index}`, k);
  const keyList = [...unique.values()];
  const hashes = keyList.length > 0 ? await store.getNodes(keyList) : [];
  const byKey = new Map<string, Hash>();
  keyList.forEach((k, i) => byKey.set(`${k.level}/${k.index}`, hashes[i]));
  return decompositions.map((keys) => {
    const parts = keys.map((k) => byKey.get(`${k.level}/${k.index}`) as Hash);
    let acc = parts[parts.length - 1];
    for (let i = parts.length - 2; i >= 0; i--) acc = nodeHash(parts[i], acc);
    return acc;
  });
}

export async function rootHash(store: NodeReader, size: number): Promise<Hash> {
  assertSize(size, 'tree size');
  if (size === 0) return Buffer.from(EMPTY_ROOT);
  const [root] = await rangeHashes(store, [[0, size]]);
  return root;
}

export async function inclusionProof(store: NodeReader, index: number, size: number): Promise<Hash[]> {
  return rangeHashes(store, inclusionRanges(index, size));
}

/** Inclusion proofs of many leaves in one tree size, with one store read. */
export async function inclusionProofs(
  store: NodeReader,
  indices: readonly number[],
  size: number,
): Promise<Hash[][]> {
  const plans = indices.map((i) => inclusionRanges(i, size));
  const flat = await rangeHashes(store, plans.flat());
  let pos = 0;
  return plans.map((plan) => {
    const proof = flat.slice(pos, pos + plan.length);
    pos += plan.length;
    return proof;
  });
}

export async function consistencyProof(store: NodeReader, from: number, to: number): Promise<Hash[]> {
  return rangeHashes(store, consistencyRanges(from, to));
}

/**
 * Appends leaf hashes to a tree of `oldSize` leaves: reads the old frontier (O(log n) nodes),
 * computes every new full subtree and writes them. Returns the new nodes and the new root.
 */
export async function appendLeaves(
  store: TreeStore,
  oldSize: number,
  leafHashes: readonly Hash[],
): Promise<{ nodes: TreeNode[]; root: Hash; size: number }> {
  assertSize(oldSize, 'tree size');
  const frontierKeys = oldSize > 0 ? decompose(0, oldSize) : [];
  const frontierHashes = frontierKeys.length > 0 ? await store.getNodes(frontierKeys) : [];
  const stack: TreeNode[] = frontierKeys.map((k, i) => ({ ...k, hash: frontierHashes[i] }));
  const nodes: TreeNode[] = [];
  let index = oldSize;
  for (const h of leafHashes) {
    let node: TreeNode = { level: 0, index, hash: h };
    nodes.push(node);
    index++;
    while (stack.length > 0 && stack[stack.length - 1].level === node.level) {
      const left = stack.pop() as TreeNode;
      node = { level: node.level + 1, index: left.index / 2, hash: nodeHash(left.hash, node.hash) };
      nodes.push(node);
    }
    stack.push(node);
  }
  if (nodes.length > 0) await store.putNodes(nodes);
  let root: Hash = Buffer.from(EMPTY_ROOT);
  if (stack.length > 0) {
    root = stack[stack.length - 1].hash;
    for (let i = stack.length - 2; i >= 0; i--) root = nodeHash(stack[i].hash, root);
  }
  return { nodes, root, size: index };
}

/** Full subtrees in arrays, one per level. */
export class MemoryTreeStore implements TreeStore {
  readonly levels: Hash[][] = [];
  /** Counts nodes read, so tests can pin the O(log n) cost. */
  reads = 0;

  async getNodes(keys: readonly NodeKey[]): Promise<Hash[]> {
    this.reads += keys.length;
    return keys.map((k) => {
      const h = this.levels[k.level]?.[k.index];
      if (h === undefined) throw new RangeError(`tree node ${k.level}/${k.index} missing`);
      return h;
    });
  }

  async putNodes(nodes: readonly TreeNode[]): Promise<void> {
    for (const n of nodes) {
      const level = this.levels[n.level] ?? (this.levels[n.level] = []);
      const old = level[n.index];
      if (old !== undefined && !old.equals(n.hash)) {
        throw new Error(`tree node ${n.level}/${n.index} would change`);
      }
      level[n.index] = n.hash;
    }
  }

  /** Builds every full subtree of a tree with these leaves at once (benchmarks). */
  static fromLeafHashes(leafHashes: readonly Hash[]): MemoryTreeStore {
    const store = new MemoryTreeStore();
    let level: Hash[] = [...leafHashes];
    while (level.length > 0) {
      store.levels.push(level);
      const next: Hash[] = [];
      for (let i = 0; i + 1 < level.length; i += 2) next.push(nodeHash(level[i], level[i + 1]));
      level = next;
    }
    return store;
  }
}
