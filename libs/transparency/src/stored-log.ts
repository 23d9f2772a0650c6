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
  type NodeKey,
  type NodeReader,
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
  /** optional (`ProofStorage`): nodes and size check in one read; without it, `size` then `getNodes` */
  getNodesWithin?(size: number, keys: readonly NodeKey[]): Promise<Hash[]>;
}

/**
 * What proofs need of a storage: tree nodes read together with the check that the log has at least
 * `size` leaves, so that a driver can answer a proof in one round trip (the Postgres driver's
 * `pgLogProofs` does, outside any transaction). Throws RangeError when the log is smaller.
 */
export interface ProofStorage {
  getNodesWithin(size: number, keys: readonly NodeKey[]): Promise<Hash[]>;
}

/** The message of the RangeError of a proof asked of a tree size the log does not have. */
export function beyondLogMessage(size: number, logSize: number): string {
  return `tree size ${size} beyond the log (${logSize})`;
}

/**
 * Proofs and roots of one log from a `ProofStorage`: one `getNodesWithin` call each, the size
 * check included (a proof that needs no node still asks, with no keys).
 */
export class LogProofs {
  constructor(private readonly storage: ProofStorage) {}

  private tree(size: number): NodeReader & { asked: boolean } {
    const storage = this.storage;
    return {
      asked: false,
      getNodes(keys) {
        this.asked = true;
        return storage.getNodesWithin(size, keys);
      },
    };
  }

  private async read<T>(size: number, fn: (tree: NodeReader) => Promise<T>): Promise<T> {
    const tree = this.tree(size);
    const result = await fn(tree);
    if (!tree.asked) await this.storage.getNodesWithin(size, []);
    return result;
  }

  rootHash(size: number): Promise<Hash> {
    return this.read(size, (tree) => rootHash(tree, size));
  }

  inclusionProof(leafIndex: number, size: number): Promise<Hash[]> {
    return this.read(size, (tree) => inclusionProof(tree, leafIndex, size));
  }

  inclusionProofs(leafIndices: readonly number[], size: number): Promise<Hash[][]> {
    return this.read(size, (tree) => inclusionProofs(tree, leafIndices, size));
  }

  consistencyProof(from: number, to: number): Promise<Hash[]> {
    return this.read(to, (tree) => consistencyProof(tree, from, to));
  }
}

/** One jurisdiction's log on a storage driver. */
export class StoredLog implements LogBackend {
  private readonly proofs: LogProofs;

  constructor(
    readonly storage: LogStorage,
    readonly jurisdiction: string,
  ) {
    const within = storage.getNodesWithin?.bind(storage);
    this.proofs = new LogProofs(
      within !== undefined
        ? { getNodesWithin: within }
        : {
            getNodesWithin: async (size, keys) => {
              await this.checkSize(size);
              return keys.length > 0 ? storage.getNodes(keys) : [];
            },
          },
    );
  }

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
    if (size > current) throw new RangeError(beyondLogMessage(size, current));
  }

  rootHash(size: number): Promise<Hash> {
    return this.proofs.rootHash(size);
  }

  inclusionProof(leafIndex: number, size: number): Promise<Hash[]> {
    return this.proofs.inclusionProof(leafIndex, size);
  }

  inclusionProofs(leafIndices: readonly number[], size: number): Promise<Hash[][]> {
    return this.proofs.inclusionProofs(leafIndices, size);
  }

  consistencyProof(from: number, to: number): Promise<Hash[]> {
    return this.proofs.consistencyProof(from, to);
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
