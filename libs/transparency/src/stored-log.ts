/**
 * A durable log over a storage driver (tessera style): this library owns the algorithm (chain
 * links, leaf encoding, the Merkle tree, proofs) and knows no database; a driver implements
 * `LogStorage` for one jurisdiction on one transaction. The Postgres driver is `pgLogStorage` of
 * libs/database (tables `transparency_*`); the apps put the two together.
 */
import { chainKey, type LogEntryInput } from './entry';
import type { Hash } from './hash';
import {
  assertInputJurisdiction,
  linkEntries,
  type AppendedEntry,
  type LogBackend,
  type StoredCheckpoint,
  type StoredLogEntry,
} from './log';
import {
  appendLeaves,
  consistencyProof,
  inclusionProof,
  inclusionProofs,
  rootHash,
  type TreeStore,
} from './tree';

/** An entry as a driver stores it. */
export interface LogEntryRecord {
  leafIndex: number;
  /** canonical JSON text */
  text: string;
  leafHash: Hash;
  /** `chainKey(subject)`: the entry's chain */
  chainKey: string;
}

/**
 * What a log needs of its storage, for one jurisdiction. `lockHead` must serialize appends of the
 * jurisdiction until the caller's transaction ends (e.g. a row lock), so an append runs inside a
 * transaction.
 */
export interface LogStorage extends TreeStore {
  /** Creates the log head if missing, locks it, and returns the tree size. */
  lockHead(): Promise<number>;
  /** The tree size (0 for a log never appended to). */
  size(): Promise<number>;
  setSize(size: number): Promise<void>;
  /** Hex leaf hash of the latest entry of each of these chains that has one. */
  chainHeads(chainKeys: readonly string[]): Promise<Map<string, string>>;
  insertEntries(entries: readonly LogEntryRecord[]): Promise<void>;
  /** entries [start, end) in index order */
  entries(start: number, end: number): Promise<StoredLogEntry[]>;
  /** lowest index of the entry with this leaf hash, or null */
  findLeaf(leafHash: Hash): Promise<number | null>;
  /** stores a checkpoint (a second one of the same origin and size is ignored) */
  saveCheckpoint(checkpoint: StoredCheckpoint): Promise<void>;
  /** the checkpoint of the largest tree size (the newest among equals), or null */
  latestCheckpoint(): Promise<StoredCheckpoint | null>;
}

/** One jurisdiction's log on a storage driver. */
export class StoredLog implements LogBackend {
  constructor(
    readonly storage: LogStorage,
    readonly jurisdiction: string,
  ) {}

  async append(inputs: readonly LogEntryInput[]): Promise<AppendedEntry[]> {
    assertInputJurisdiction(this.jurisdiction, inputs);
    const start = await this.storage.lockHead();
    if (inputs.length === 0) return [];
    const prev = await this.storage.chainHeads([...new Set(inputs.map((i) => chainKey(i.subject)))]);
    const appended = linkEntries(inputs, start, (k) => prev.get(k) ?? null);
    await this.storage.insertEntries(
      appended.map((a) => ({
        leafIndex: a.leafIndex,
        text: a.text,
        leafHash: a.leafHash,
        chainKey: chainKey(a.entry.subject),
      })),
    );
    const { size } = await appendLeaves(
      this.storage,
      start,
      appended.map((a) => a.leafHash),
    );
    await this.storage.setSize(size);
    return appended;
  }

  size(): Promise<number> {
    return this.storage.size();
  }

  private async checkSize(size: number): Promise<void> {
    const current = await this.size();
    if (size > current) throw new RangeError(`tree size ${size} beyond the log (${current})`);
  }

  async rootHash(size: number): Promise<Hash> {
    await this.checkSize(size);
    return rootHash(this.storage, size);
  }

  async inclusionProof(leafIndex: number, size: number): Promise<Hash[]> {
    await this.checkSize(size);
    return inclusionProof(this.storage, leafIndex, size);
  }

  async inclusionProofs(leafIndices: readonly number[], size: number): Promise<Hash[][]> {
    await this.checkSize(size);
    return inclusionProofs(this.storage, leafIndices, size);
  }

  async consistencyProof(from: number, to: number): Promise<Hash[]> {
    await this.checkSize(to);
    return consistencyProof(this.storage, from, to);
  }

  entries(start: number, end: number): Promise<StoredLogEntry[]> {
    return this.storage.entries(start, end);
  }

  findLeaf(leafHash: Hash): Promise<number | null> {
    return this.storage.findLeaf(leafHash);
  }

  saveCheckpoint(checkpoint: StoredCheckpoint): Promise<void> {
    return this.storage.saveCheckpoint(checkpoint);
  }

  latestCheckpoint(): Promise<StoredCheckpoint | null> {
    return this.storage.latestCheckpoint();
  }
}
