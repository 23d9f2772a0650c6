/** The log backend interface, and the in-memory implementation (tests, benchmarks). */
import { canonicalEntry, chainKey, makeLogEntry, type LogEntryInput, type LogEntryV1 } from './entry';
import { leafHash, type Hash } from './hash';
import {
  appendLeaves,
  consistencyProof,
  inclusionProof,
  inclusionProofs,
  MemoryTreeStore,
  rootHash,
} from './tree';

export interface AppendedEntry {
  leafIndex: number;
  entry: LogEntryV1;
  /** canonical JSON text */
  text: string;
  leafHash: Hash;
}

export interface StoredLogEntry {
  leafIndex: number;
  /** canonical JSON text */
  entry: string;
  /** hex leaf hash as stored */
  leafHash: string;
}

export interface StoredCheckpoint {
  origin: string;
  treeSize: number;
  rootHash: Hash;
  /** the signed note */
  note: string;
}

/** One jurisdiction's append-only log. */
export interface LogBackend {
  readonly jurisdiction: string;
  /** Appends all inputs atomically, in order, filling in each entry's chain link. */
  append(inputs: readonly LogEntryInput[]): Promise<AppendedEntry[]>;
  size(): Promise<number>;
  rootHash(size: number): Promise<Hash>;
  inclusionProof(leafIndex: number, size: number): Promise<Hash[]>;
  /** inclusion proofs of several leaves in the same tree size (one store read) */
  inclusionProofs(leafIndices: readonly number[], size: number): Promise<Hash[][]>;
  consistencyProof(from: number, to: number): Promise<Hash[]>;
  /** entries [start, end) */
  entries(start: number, end: number): Promise<StoredLogEntry[]>;
  /** index of the entry with this leaf hash, or null */
  findLeaf(leafHash: Hash): Promise<number | null>;
  saveCheckpoint(checkpoint: StoredCheckpoint): Promise<void>;
  latestCheckpoint(): Promise<StoredCheckpoint | null>;
}

export function assertInputJurisdiction(jurisdiction: string, inputs: readonly LogEntryInput[]): void {
  for (const i of inputs) {
    if (i.jurisdiction !== jurisdiction) throw new TypeError('entry belongs to another jurisdiction');
  }
}

/** Links each input to the previous entry of its subject and encodes it. */
export function linkEntries(
  inputs: readonly LogEntryInput[],
  startIndex: number,
  previousOf: (key: string) => string | null,
): AppendedEntry[] {
  const heads = new Map<string, string | null>();
  return inputs.map((input, i) => {
    const key = chainKey(input.subject);
    const prev = heads.has(key) ? (heads.get(key) ?? null) : previousOf(key);
    const entry = makeLogEntry(input, prev);
    const text = canonicalEntry(entry);
    const lh = leafHash(Buffer.from(text, 'utf8'));
    heads.set(key, lh.toString('hex'));
    return { leafIndex: startIndex + i, entry, text, leafHash: lh };
  });
}

export class MemoryLog implements LogBackend {
  readonly tree = new MemoryTreeStore();
  readonly rows: StoredLogEntry[] = [];
  readonly checkpoints: StoredCheckpoint[] = [];
  private readonly chainHeads = new Map<string, string>();
  private readonly byLeafHash = new Map<string, number>();
  private tail: Promise<unknown> = Promise.resolve();

  constructor(readonly jurisdiction: string) {}

  append(inputs: readonly LogEntryInput[]): Promise<AppendedEntry[]> {
    const run = async (): Promise<AppendedEntry[]> => {
      assertInputJurisdiction(this.jurisdiction, inputs);
      const start = this.rows.length;
      const appended = linkEntries(inputs, start, (k) => this.chainHeads.get(k) ?? null);
      await appendLeaves(
        this.tree,
        start,
        appended.map((a) => a.leafHash),
      );
      for (const a of appended) {
        const hex = a.leafHash.toString('hex');
        this.rows.push({ leafIndex: a.leafIndex, entry: a.text, leafHash: hex });
        this.chainHeads.set(chainKey(a.entry.subject), hex);
        if (!this.byLeafHash.has(hex)) this.byLeafHash.set(hex, a.leafIndex);
      }
      return appended;
    };
    const result = this.tail.then(run, run);
    this.tail = result.catch(() => undefined);
    return result;
  }

  async size(): Promise<number> {
    return this.rows.length;
  }
  rootHash(size: number): Promise<Hash> {
    this.checkSize(size);
    return rootHash(this.tree, size);
  }
  inclusionProof(leafIndex: number, size: number): Promise<Hash[]> {
    this.checkSize(size);
    return inclusionProof(this.tree, leafIndex, size);
  }
  inclusionProofs(leafIndices: readonly number[], size: number): Promise<Hash[][]> {
    this.checkSize(size);
    return inclusionProofs(this.tree, leafIndices, size);
  }
  consistencyProof(from: number, to: number): Promise<Hash[]> {
    this.checkSize(to);
    return consistencyProof(this.tree, from, to);
  }
  async entries(start: number, end: number): Promise<StoredLogEntry[]> {
    return this.rows.slice(start, end).map((r) => ({ ...r }));
  }
  async findLeaf(hash: Hash): Promise<number | null> {
    return this.byLeafHash.get(hash.toString('hex')) ?? null;
  }
  async saveCheckpoint(checkpoint: StoredCheckpoint): Promise<void> {
    this.checkpoints.push(checkpoint);
  }
  async latestCheckpoint(): Promise<StoredCheckpoint | null> {
    return this.checkpoints.reduce<StoredCheckpoint | null>(
      (best, c) => (best === null || c.treeSize >= best.treeSize ? c : best),
      null,
    );
  }
  private checkSize(size: number): void {
    if (size > this.rows.length)
      throw new RangeError(`tree size ${size} beyond the log (${this.rows.length})`);
  }
}
